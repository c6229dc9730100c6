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

/* baselines turns the recorded baselines ph[0..nph) of the series
 * v[0..n) into spc options: freeze at the position of its period, a new
 * phase before its period. */
static void baselines(struct arena *a, const struct ind_value *v, size_t n,
                      const struct ind_phase *ph, size_t nph,
                      struct spc_opts *o)
{
    size_t *part, i, k;

    if (!nph || !(part = arena_alloc(a, nph * sizeof(*part))))
        return;
    o->part = part;
    for (i = 0; i < nph; i++) {
        const struct ind_phase *p = &ph[i];

        if (p->withdrawn || !p->period)
            continue;
        for (k = 0; k < n && strcmp(v[k].period, p->period) < 0; k++)
            ;
        if (strcmp(p->kind, "freeze") == 0)
            o->freeze =
                k < n && strcmp(v[k].period, p->period) == 0 ? k + 1 : k;
        else if (k > 0 && k < n)
            part[o->npart++] = k; /* split after position k (1-based) */
    }
}

void ind_web_chart(struct arena *a, const struct indicator *ind,
                   const struct ind_value *v, size_t n,
                   const struct ind_phase *ph, size_t nph, struct ind_chart *c)
{
    struct spc_input in = {0};
    struct spc_opts o;
    struct buf err;
    const char **x = arena_alloc(a, (n + 1) * sizeof(*x));
    double *y = arena_alloc(a, (n + 1) * sizeof(*y));
    double *nn = arena_alloc(a, (n + 1) * sizeof(*nn));
    size_t i;

    memset(c, 0, sizeof(*c));
    c->var = VAR_NONE;
    c->as = ASSURE_NONE;
    c->hib = !ind->direction || strcmp(ind->direction, "lower") != 0;
    c->target = isfinite(ind->target_moderate) ? ind->target_moderate
                                               : ind->target_high;
    spc_opts_init(&o);
    if (spc_chart_parse(ind->chart, &o.chart))
        o.chart = SPC_RUN;
    if (isfinite(ind->multiply) && ind->multiply > 0)
        o.multiply = ind->multiply;
    if (!x || !y || !nn)
        return;
    for (i = 0; i < n; i++) {
        x[i] = v[i].period;
        y[i] = is_ratio(o.chart) ? v[i].numerator : v[i].value;
        nn[i] = v[i].denominator;
    }
    in.nrows = n;
    in.x = x;
    in.y = y;
    in.n = is_ratio(o.chart) ? nn : NULL;
    baselines(a, v, n, ph, nph, &o);
    buf_init(&err, 256);
    c->has_res = spc_compute(a, &in, &o, &c->res, &err) == E_OK;
    buf_release(&err);
    if (c->has_res) {
        c->var = ind_variation(&c->res, c->hib);
        c->as = ind_assurance(&c->res, c->target, c->hib);
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
    if (store_series(r->st, r->a, w->ind.id, w->unit.path, &w->v, &w->n) ||
        store_national_series(r->st, r->a, w->ind.id, &w->nat, &w->nnat) ||
        store_phase_list(r->st, r->a, w->ind.id, w->unit.id, &w->ph, &w->nph) ||
        store_annotation_list(r->st, r->a, w->ind.id, w->unit.id, &w->an,
                              &w->nan))
        return 500;
    ind_web_chart(r->a, &w->ind, w->v, w->n, w->ph, w->nph, &w->ch);
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
