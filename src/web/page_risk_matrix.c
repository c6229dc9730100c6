/* page_risk_matrix.c: a care provider's risk matrix, kept by its quality
 * coordinators and administrators (settings.h): the labels of the
 * consequence and probability levels, the band thresholds and the rule
 * that suggests a händelseanalys. Validated by core/risk.c; the store
 * audits every change. Recorded assessments keep the score and band they
 * were given (store_case_update), so a change here never moves them. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "matrix.h"
#include "page.h"
#include "settings.h"

/* The numbers of the form, in the order shown. */
static const char *const nums[] = {"low_max", "medium_max", "analysis_score",
                                   "analysis_consequence"};
#define NNUMS (sizeof(nums) / sizeof(nums[0]))

static const char *const axes[] = {"consequence", "probability"};

static int num_of(const struct risk_matrix *m, size_t i)
{
    const int v[NNUMS] = {m->low_max, m->medium_max, m->analysis_score,
                          m->analysis_consequence};

    return v[i];
}

static const char **labels_of(struct risk_matrix *m, size_t axis)
{
    return axis == 0 ? m->consequence_label : m->probability_label;
}

/* form_in is the submitted value of field when the page shows a failed
 * save, else NULL. */
static const char *form_in(struct req *r, const struct fielderrs *fe,
                           const char *field)
{
    return fe ? kv_get(&r->form, field) : NULL;
}

static void err_of(struct req *r, struct tv *it, const struct fielderrs *fe,
                   const char *field)
{
    const char *k = fe ? fielderr_get(fe, field) : NULL;

    tv_str(it, "error", k ? page_t(r, k) : NULL);
}

static void matrix_page(struct req *r, int status, int64_t provider,
                        const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *list;
    struct risk_matrix m;
    int custom = 0;
    size_t i;
    int k;

    if (store_risk_matrix(r->st, r->a, provider, &m, &custom)) {
        page_error(r, 500);
        return;
    }
    settings_providers(r, ctx, provider);
    tv_bool(ctx, "custom", custom);
    tv_int(ctx, "levels", m.levels);
    list = tv_list(ctx, "nums");
    for (i = 0; i < NNUMS; i++) {
        struct tv *it = tv_push(list);
        const char *in = form_in(r, fe, nums[i]);

        tv_str(it, "field", nums[i]);
        tv_str(it, "label", page_t(r, arena_printf(r->a, "field.%s", nums[i])));
        tv_str(it, "hint",
               page_t(r, arena_printf(r->a, "risk.hint.%s", nums[i])));
        tv_str(it, "value", in ? in : arena_printf(r->a, "%d", num_of(&m, i)));
        err_of(r, it, fe, nums[i]);
    }
    list = tv_list(ctx, "axes");
    for (i = 0; i < 2; i++) {
        struct tv *ax = tv_push(list), *lv;

        tv_str(ax, "legend",
               page_t(r, arena_printf(r->a, "risk.axis.%s", axes[i])));
        lv = tv_list(ax, "levels");
        for (k = 1; k <= m.levels; k++) {
            struct tv *it = tv_push(lv);
            const char *f = arena_printf(r->a, "%s_%d", axes[i], k);
            const char *in = form_in(r, fe, f);

            tv_str(it, "field", f);
            tv_int(it, "level", k);
            tv_str(it, "value", in ? in : matrix_label(r, &m, axes[i], k));
            err_of(r, it, fe, f);
        }
    }
    /* the matrix as saved, for a look before and after a change */
    matrix_grid(r, ctx, &m, 0, 0);
    if (fe)
        page_fielderrs(r, ctx, fe);
    if (kv_get(&r->query, "saved"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, status, "risk_matrix", ctx, "risk.title");
}

/* GET /admin/risk-matrix[?provider=ID]: 403 unless the user keeps a
 * provider's settings. */
void page_risk_matrix(struct req *r)
{
    int64_t p = settings_provider(r);

    if (!p) {
        page_error(r, 403);
        return;
    }
    matrix_page(r, 200, p, NULL);
}

/* parse_int: s as a whole number, else -1 (core marks it out of range). */
static int parse_int(const char *s)
{
    char *end;
    long v;

    if (!s || !*s)
        return -1;
    v = strtol(s, &end, 10);
    return *end || v < 0 || v > 1000 ? -1 : (int)v;
}

/* trim copies s without surrounding spaces into the arena; NULL stays. */
static const char *trim(struct req *r, const char *s)
{
    size_t n;

    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_printf(r->a, "%.*s", (int)n, s);
}

/* read_form fills m from the form; labels as entered (trimmed). */
static void read_form(struct req *r, struct risk_matrix *m)
{
    size_t i;
    int k;

    risk_matrix_default(m);
    m->low_max = parse_int(kv_get(&r->form, "low_max"));
    m->medium_max = parse_int(kv_get(&r->form, "medium_max"));
    m->analysis_score = parse_int(kv_get(&r->form, "analysis_score"));
    m->analysis_consequence =
        parse_int(kv_get(&r->form, "analysis_consequence"));
    for (i = 0; i < 2; i++)
        for (k = 1; k <= m->levels; k++)
            labels_of(m, i)[k] = trim(
                r, kv_get(&r->form, arena_printf(r->a, "%s_%d", axes[i], k)));
}

/* defaults_to_null stores a label equal to the default of the user's
 * language as the default (NULL), so it follows the reader's language. */
static void defaults_to_null(struct req *r, struct risk_matrix *m)
{
    size_t i;
    int k;

    for (i = 0; i < 2; i++)
        for (k = 1; k <= m->levels; k++) {
            const char **l = labels_of(m, i);
            const char *d =
                page_t(r, arena_printf(r->a, "case.%s.%d", axes[i], k));

            if (l[k] && strcmp(l[k], d) == 0)
                l[k] = NULL;
        }
}

/* POST /admin/risk-matrix (provider, the numbers and labels; or
 * op=reset): 303 back with a note; 422 with every bad field marked and the
 * input kept; 403. */
void page_risk_matrix_save(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct risk_matrix m;
    const char *op = kv_get(&r->form, "op");
    int64_t p = settings_provider(r);
    enum err e;

    if (!p) {
        page_error(r, 403);
        return;
    }
    if (op && strcmp(op, "reset") == 0) {
        if ((e = store_begin(r->st)) ||
            (e = store_risk_matrix_reset(r->st, &who, p)) ||
            (e = store_commit(r->st)))
            goto fail;
        goto done;
    }
    read_form(r, &m);
    risk_matrix_validate(&m, &fe);
    if (fe.n) {
        matrix_page(r, 422, p, &fe);
        return;
    }
    defaults_to_null(r, &m);
    if ((e = store_begin(r->st)) ||
        (e = store_risk_matrix_set(r->st, &who, p, &m)) ||
        (e = store_commit(r->st)))
        goto fail;
done:
    req_redirect(r, arena_printf(r->a,
                                 "/admin/risk-matrix?provider=%lld"
                                 "&saved=1",
                                 (long long)p));
    return;
fail:
    store_rollback(r->st);
    page_error(r, page_status_for(e));
}
