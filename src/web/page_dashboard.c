/* page_dashboard.c: the indicator dashboard: for a unit subtree the user
 * may read, every indicator with its latest value, target, national
 * average and the two verdicts (variation, assurance), concerning and
 * not-met first; per focus area, the share better than the national
 * average (the board's ambition). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "handlers.h"
#include "ind_web.h"
#include "page.h"
#include "process_web.h"

struct dash_row {
    const struct indicator *ind;
    const char *period;      /* of the latest value, or NULL */
    double latest, national; /* NaN = none */
    enum ind_variation var;
    enum ind_assurance as;
    int better; /* than the national average: 1, 0, or -1 unknown */
    int rank;   /* sort key: lower first */
    struct ind_tag *focus;
    size_t nfocus;
};

/* rank puts special cause concerning and reliably not met first, then the
 * other signals, then the rest. */
static int rank(enum ind_variation v, enum ind_assurance a)
{
    if (v == VAR_CONCERNING)
        return a == ASSURE_NOT_MET ? 0 : 1;
    if (a == ASSURE_NOT_MET)
        return 2;
    if (v == VAR_NEUTRAL)
        return 3;
    if (a == ASSURE_HIT_MISS)
        return 4;
    if (v == VAR_IMPROVING)
        return 5;
    return v == VAR_NONE ? 7 : 6;
}

static int row_cmp(const void *pa, const void *pb)
{
    const struct dash_row *a = pa, *b = pb;

    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return strcmp(a->ind->code, b->ind->code);
}

static double national_at(struct req *r, int64_t ind_id, const char *period)
{
    struct ind_value *v;
    size_t i, n;

    if (!period || store_national_series(r->st, r->a, ind_id, &v, &n))
        return NAN;
    for (i = n; i-- > 0;)
        if (strcmp(v[i].period, period) == 0)
            return v[i].value;
    return NAN;
}

/* The series of every indicator over the subtree, read in one statement
 * (store_series_unit). */
struct dash_series {
    struct ind_series *ser;
    size_t n;
};

/* series_of finds the indicator's series in d (ids ascending, rows in
 * code order: a binary search per row); none: n = 0. */
static enum err series_of(const struct dash_series *d, int64_t id,
                          struct ind_value **v, size_t *n)
{
    size_t lo = 0, hi = d->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (d->ser[mid].indicator_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *v = NULL;
    *n = 0;
    if (lo < d->n && d->ser[lo].indicator_id == id) {
        *v = d->ser[lo].v;
        *n = d->ser[lo].n;
    }
    return E_OK;
}

/* compute fills one row from the indicator's series over the subtree,
 * charted and judged as on the indicator page (ind_web_chart). */
static void compute(struct req *r, const struct unit *u, struct dash_series *d,
                    struct dash_row *row)
{
    const struct indicator *ind = row->ind;
    struct ind_phase *ph = NULL;
    struct ind_chart ch;
    struct ind_value *v;
    size_t i, n, nph = 0;

    row->latest = row->national = NAN;
    row->better = -1;
    row->var = VAR_NONE;
    row->as = ASSURE_NONE;
    if (series_of(d, ind->id, &v, &n) || n == 0)
        goto out;
    /* the unit's governed baselines; none when they cannot be read */
    if (store_phase_list(r->st, r->a, ind->id, u->id, &ph, &nph))
        nph = 0;
    ind_web_chart(r->a, ind, v, n, ph, nph, &ch);
    if (ch.has_res) {
        for (i = ch.res.npoints; i-- > 0;)
            if (isfinite(ch.res.points[i].y)) {
                row->latest = ch.res.points[i].y;
                row->period = ch.res.points[i].x;
                break;
            }
        row->var = ch.var;
        row->as = ch.as;
    }
    row->national = national_at(r, ind->id, row->period);
    if (isfinite(row->latest) && isfinite(row->national))
        row->better =
            ch.hib ? row->latest > row->national : row->latest < row->national;
out:
    row->rank = rank(row->var, row->as);
    store_indicator_tags(r->st, r->a, "focus", 0, ind->id, &row->focus,
                         &row->nfocus);
}

static const char *num(struct req *r, double v)
{
    struct buf b;
    const char *s;
    int dec = fabs(v) >= 100 ? 0 : fabs(v) >= 10 ? 1 : 2;

    if (!isfinite(v))
        return NULL;
    if (strcmp(r->lang, "sv") != 0)
        return arena_printf(r->a, "%.*f", dec, v);
    buf_init(&b, 32);
    datetime_fmt_num_sv(&b, v, dec);
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

/* pick_unit finds the unit asked for, or the user's widest readable
 * scope. Answers 404/403 itself and returns 0 then. */
static int pick_unit(struct req *r, struct unit *u, const char *fallback)
{
    const char *code = kv_get(&r->query, "unit");

    if ((!code || !*code) && fallback)
        code = fallback;
    const struct grant *g;

    if (!code || !*code) {
        if (!(g = ind_web_widest(r, 0))) {
            page_error(r, 403);
            return 0;
        }
        code = g->unit_code;
    }
    if (store_unit_by_code(r->st, r->a, code, u) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    if (!authz_can(r->grants, r->ngrants, PERM_READ, u->path)) {
        page_error(r, 403);
        return 0;
    }
    return 1;
}

/* add_choices fills the filter form: readable units, focus areas,
 * patient groups and verdicts. */
static void add_choices(struct req *r, struct tv *ctx, const struct unit *cur,
                        int64_t focus, int64_t group, const char *verdict)
{
    static const char *const verdicts[] = {
        "concerning", "improving", "neutral", "common",
        "not_met",    "hit_miss",  "met"};
    struct tv *l = tv_list(ctx, "units");
    struct ind_tag *t;
    struct unit *u;
    size_t i, n;
    int k;

    if (store_unit_list(r->st, r->a, &u, &n) == E_OK)
        for (i = 0; i < n; i++) {
            struct tv *it;

            if (!authz_can(r->grants, r->ngrants, PERM_READ, u[i].path))
                continue;
            it = tv_push(l);
            tv_str(it, "code", u[i].code);
            tv_str(it, "label",
                   arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2,
                                "", u[i].name));
            tv_bool(it, "selected", u[i].id == cur->id);
        }
    for (k = 0; k < 2; k++) {
        const char *kind = k ? "group" : "focus";
        int64_t sel = k ? group : focus;

        l = tv_list(ctx, k ? "groups" : "focuses");
        if (store_indicator_tags(r->st, r->a, kind, cur->provider_id, 0, &t,
                                 &n))
            continue;
        for (i = 0; i < n; i++) {
            struct tv *it = tv_push(l);

            tv_int(it, "id", t[i].id);
            tv_str(it, "name", t[i].name);
            tv_bool(it, "selected", t[i].id == sel);
        }
    }
    l = tv_list(ctx, "verdicts");
    for (i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
        struct tv *it = tv_push(l);

        tv_str(it, "value", verdicts[i]);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "dash.v.%s", verdicts[i])));
        tv_bool(it, "selected", verdict && strcmp(verdict, verdicts[i]) == 0);
    }
}

/* add_focus_shares: per focus area, how many of the indicators with values
 * in the subtree (before the verdict filter) have a national average for
 * their latest period, and how many of those are better than it. */
static void add_focus_shares(struct req *r, struct tv *ctx,
                             const struct dash_row *rows, size_t n,
                             int64_t provider)
{
    struct tv *l = tv_list(ctx, "shares");
    struct ind_tag *t;
    size_t i, j, k, nt;

    if (store_indicator_tags(r->st, r->a, "focus", provider, 0, &t, &nt))
        return;
    for (i = 0; i < nt; i++) {
        long total = 0, better = 0, inds = 0;
        struct tv *it;

        for (j = 0; j < n; j++)
            for (k = 0; rows[j].period && k < rows[j].nfocus; k++)
                if (rows[j].focus[k].id == t[i].id) {
                    inds++;
                    total += rows[j].better >= 0;
                    better += rows[j].better == 1;
                }
        if (!inds)
            continue;
        it = tv_push(l);
        tv_str(it, "name", t[i].name);
        tv_int(it, "id", t[i].id);
        tv_int(it, "indicators", inds);
        tv_int(it, "compared", total);
        tv_int(it, "better", better);
        tv_str(it, "share",
               total ? arena_printf(r->a, "%ld %%",
                                    (100 * better + total / 2) / total)
                     : "–");
        tv_int(it, "pct", total ? (100 * better + total / 2) / total : 0);
    }
}

static void add_row(struct req *r, struct tv *list, const struct dash_row *d)
{
    struct tv *it = tv_push(list);
    const char *v = ind_variation_str(d->var), *a = ind_assurance_str(d->as);
    double t = isfinite(d->ind->target_moderate) ? d->ind->target_moderate
                                                 : d->ind->target_high;

    tv_str(it, "code", d->ind->code);
    tv_str(it, "name", d->ind->name);
    tv_str(it, "unit", d->ind->unit);
    tv_str(it, "period", d->period);
    tv_str(it, "latest", num(r, d->latest));
    tv_str(it, "target", num(r, t));
    tv_str(it, "national", num(r, d->national));
    tv_str(it, "direction",
           page_t(r, arena_printf(r->a, "dash.dir.%s", d->ind->direction)));
    tv_str(it, "var", v);
    tv_str(it, "var_text", page_t(r, arena_printf(r->a, "dash.v.%s", v)));
    tv_str(it, "as", a);
    tv_str(it, "as_text", page_t(r, arena_printf(r->a, "dash.v.%s", a)));
    tv_bool(it, "better", d->better == 1);
    tv_bool(it, "worse", d->better == 0);
}

static int64_t query_id(struct req *r, const char *name)
{
    const char *s = kv_get(&r->query, name);
    char *end;
    long long v;

    if (!s || !*s)
        return 0;
    v = strtoll(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}

/* GET /dashboard?unit=CODE&focus=ID&group=ID&verdict=NAME&process=ID
 * 200 the dashboard; 403 the unit is outside the user's read scope; 404
 * no such unit; 500 the store failed. */
void page_dashboard(struct req *r)
{
    const char *verdict = kv_get(&r->query, "verdict");
    int64_t focus = query_id(r, "focus"), group = query_id(r, "group");
    struct ind_filter f = {0};
    struct indicator *inds;
    struct dash_row *rows;
    struct tv *ctx, *list;
    size_t i, n, shown = 0;
    struct dash_series ser = {0};
    struct process_dash pd;
    struct unit u;

    if (!process_dash_begin(r, &pd) || !pick_unit(r, &u, pd.unit_code))
        return;
    if (focus < 0 || group < 0) {
        page_error(r, 404);
        return;
    }
    if (verdict && !*verdict)
        verdict = NULL;
    f.provider_id = u.provider_id;
    f.focus_area_id = focus;
    f.patient_group_id = group;
    if (store_indicator_list(r->st, r->a, &f, &inds, &n) ||
        !(rows = arena_alloc(r->a, (n ? n : 1) * sizeof(*rows)))) {
        page_error(r, 500);
        return;
    }
    n = process_dash_filter(&pd, inds, n);
    /* one statement for all series */
    if (store_series_unit(r->st, r->a, u.path, &ser.ser, &ser.n)) {
        page_error(r, 500);
        return;
    }
    for (i = 0; i < n; i++) {
        rows[i].ind = &inds[i];
        compute(r, &u, &ser, &rows[i]);
    }
    qsort(rows, n, sizeof(*rows), row_cmp);
    ctx = page_ctx(r);
    list = tv_list(ctx, "rows");
    for (i = 0; i < n; i++) {
        if (verdict && strcmp(verdict, ind_variation_str(rows[i].var)) != 0 &&
            strcmp(verdict, ind_assurance_str(rows[i].as)) != 0)
            continue;
        if (!rows[i].period)
            continue; /* no values in this subtree */
        add_row(r, list, &rows[i]);
        shown++;
    }
    add_focus_shares(r, ctx, rows, n, u.provider_id);
    add_choices(r, ctx, &u, focus, group, verdict);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    if (pd.active) {
        tv_int(ctx, "process_id", pd.id);
        tv_str(ctx, "process_name", pd.name);
    }
    tv_int(ctx, "shown", (long long)shown);
    tv_int(ctx, "total", (long long)n);
    tv_bool(ctx, "empty", shown == 0);
    page_render(r, 200, "dashboard", ctx, "dash.title");
}
