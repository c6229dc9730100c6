/* ind_web.c: what the indicator pages and the API share (ind_web.h): the
 * read scope, loading one indicator over a unit subtree with its values,
 * national averages, baselines and annotations, and computing its SPC
 * chart and verdicts; the catalogue's filters. */
#include "ind_web.h"

#include <math.h>
#include <string.h>

#include "handlers.h"
#include "page.h"

const char *const ind_web_base_kinds[2] = {"freeze", "phase"};
const char *const ind_web_ann_kinds[4] = {"intervention", "pdsa", "action",
                                          "note"};

int ind_web_readable(struct req *r, int64_t provider_id)
{
    const char *root = arena_printf(r->a, "/%lld/", (long long)provider_id);
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (role_has(r->grants[i].role, PERM_READ) &&
            strncmp(r->grants[i].unit_path, root, strlen(root)) == 0)
            return 1;
    return 0;
}

const struct grant *ind_web_widest(struct req *r, int64_t provider)
{
    const struct grant *best = NULL;
    const char *root = arena_printf(r->a, "/%lld/", (long long)provider);
    size_t i;

    for (i = 0; i < r->ngrants; i++) {
        const struct grant *g = &r->grants[i];

        if (!role_has(g->role, PERM_READ) ||
            (provider && strncmp(g->unit_path, root, strlen(root)) != 0))
            continue;
        if (!best || strlen(g->unit_path) < strlen(best->unit_path))
            best = g;
    }
    return best;
}

int ind_web_can_edit(struct req *r, const struct unit *u)
{
    return authz_can(r->grants, r->ngrants, PERM_QUALITY, u->path) ||
           authz_can(r->grants, r->ngrants, PERM_MANAGE, u->path);
}

static int is_ratio(enum spc_chart c)
{
    return c == SPC_P || c == SPC_PP || c == SPC_U || c == SPC_UP;
}

/* baselines turns the recorded baselines into spc options: freeze at the
 * position of its period, a new phase before its period. */
static void baselines(struct req *r, struct ind_view *w, struct spc_opts *o)
{
    size_t *part, i, k;

    if (!w->nph || !(part = arena_alloc(r->a, w->nph * sizeof(*part))))
        return;
    o->part = part;
    for (i = 0; i < w->nph; i++) {
        const struct ind_phase *p = &w->ph[i];

        if (p->withdrawn || !p->period)
            continue;
        for (k = 0; k < w->n && strcmp(w->v[k].period, p->period) < 0; k++)
            ;
        if (strcmp(p->kind, "freeze") == 0)
            o->freeze =
                k < w->n && strcmp(w->v[k].period, p->period) == 0 ? k + 1 : k;
        else if (k > 0 && k < w->n)
            part[o->npart++] = k;
    }
}

static void compute(struct req *r, struct ind_view *w)
{
    struct spc_input in = {0};
    struct spc_opts o;
    struct buf err;
    const char **x = arena_alloc(r->a, (w->n + 1) * sizeof(*x));
    double *y = arena_alloc(r->a, (w->n + 1) * sizeof(*y));
    double *nn = arena_alloc(r->a, (w->n + 1) * sizeof(*nn));
    size_t i;

    spc_opts_init(&o);
    if (spc_chart_parse(w->ind.chart, &o.chart))
        o.chart = SPC_RUN;
    if (isfinite(w->ind.multiply) && w->ind.multiply > 0)
        o.multiply = w->ind.multiply;
    if (!x || !y || !nn)
        return;
    for (i = 0; i < w->n; i++) {
        x[i] = w->v[i].period;
        y[i] = is_ratio(o.chart) ? w->v[i].numerator : w->v[i].value;
        nn[i] = w->v[i].denominator;
    }
    in.nrows = w->n;
    in.x = x;
    in.y = y;
    in.n = is_ratio(o.chart) ? nn : NULL;
    baselines(r, w, &o);
    buf_init(&err, 256);
    w->has_res = spc_compute(r->a, &in, &o, &w->res, &err) == E_OK;
    buf_release(&err);
    if (w->has_res) {
        w->var = ind_variation(&w->res, w->hib);
        w->as = ind_assurance(&w->res, w->target, w->hib);
    }
}

int ind_web_load(struct req *r, struct ind_view *w)
{
    const char *code = req_param(r, "unit");
    const struct grant *g;

    memset(w, 0, sizeof(*w));
    if (store_indicator_get(r->st, r->a, r->params[0], &w->ind) != E_OK ||
        !ind_web_readable(r, w->ind.provider_id))
        return 404;
    if (!code || !*code) {
        if (!(g = ind_web_widest(r, w->ind.provider_id)))
            return 404;
        code = g->unit_code;
    }
    if (store_unit_by_code(r->st, r->a, code, &w->unit) != E_OK ||
        w->unit.provider_id != w->ind.provider_id ||
        !authz_can(r->grants, r->ngrants, PERM_READ, w->unit.path))
        return 404;
    w->hib = !w->ind.direction || strcmp(w->ind.direction, "lower") != 0;
    w->target = isfinite(w->ind.target_moderate) ? w->ind.target_moderate
                                                 : w->ind.target_high;
    if (store_series(r->st, r->a, w->ind.id, w->unit.path, &w->v, &w->n) ||
        store_national_series(r->st, r->a, w->ind.id, &w->nat, &w->nnat) ||
        store_phase_list(r->st, r->a, w->ind.id, w->unit.id, &w->ph, &w->nph) ||
        store_annotation_list(r->st, r->a, w->ind.id, w->unit.id, &w->an,
                              &w->nan))
        return 500;
    compute(r, w);
    return 0;
}

double ind_web_national(const struct ind_view *w, const char *period)
{
    size_t i;

    for (i = 0; period && i < w->nnat; i++)
        if (strcmp(w->nat[i].period, period) == 0)
            return w->nat[i].value;
    return NAN;
}

const char *ind_web_tr(struct req *r, const char *prefix, const char *name)
{
    return page_t(r, arena_printf(r->a, "%s%s", prefix, name ? name : ""));
}

/* ---- the catalogue ---- */

static void add_tags(struct req *r, struct tv *ctx, const char *key,
                     const char *kind, int64_t provider, const char *cur,
                     int64_t *cur_id)
{
    struct tv *list = tv_list(ctx, key);
    struct ind_tag *t;
    size_t i, n;

    if (store_indicator_tags(r->st, r->a, kind, provider, 0, &t, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);
        int sel = cur && strcmp(cur, t[i].code) == 0;

        tv_str(it, "value", t[i].code);
        tv_str(it, "label", t[i].name);
        tv_bool(it, "selected", sel);
        if (sel)
            *cur_id = t[i].id;
    }
}

int ind_web_filter(struct req *r, struct tv *ctx, int64_t provider,
                   struct ind_filter *f)
{
    const char *fo = kv_get(&r->query, "focus"),
               *gr = kv_get(&r->query, "group");
    struct tv *dims = tv_list(ctx, "dims");
    int d;

    memset(f, 0, sizeof(*f));
    f->provider_id = provider;
    f->dimension = kv_get(&r->query, "dimension");
    f->q = kv_get(&r->query, "q");
    if (f->dimension && !*f->dimension)
        f->dimension = NULL;
    if (f->q && !*f->q)
        f->q = NULL;
    add_tags(r, ctx, "focus_areas", "focus", provider, fo, &f->focus_area_id);
    add_tags(r, ctx, "groups", "group", provider, gr, &f->patient_group_id);
    for (d = 0; d < DIM__MAX; d++) {
        struct tv *it = tv_push(dims);
        const char *s = ind_dimension_str((enum ind_dimension)d);

        tv_str(it, "value", s);
        tv_str(it, "label", ind_web_tr(r, "ind.dim.", s));
        tv_bool(it, "selected", f->dimension && strcmp(f->dimension, s) == 0);
    }
    tv_str(ctx, "q", f->q);
    return (fo && *fo && !f->focus_area_id) ||
           (gr && *gr && !f->patient_group_id);
}
