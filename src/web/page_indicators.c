/* page_indicators.c: the indicator catalogue and one indicator for a unit
 * subtree (SPC chart as SVG, the numbers as a table, verdicts, governed
 * baselines and annotations), and the same data under /api/v1/indicators.
 * Everyone with PERM_READ in scope may look; quality coordinators and
 * managers (PERM_QUALITY / PERM_MANAGE at the unit) record baselines and
 * annotations. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "handlers.h"
#include "page.h"
#include "process_web.h"
#include "svg.h"

/* One indicator over one unit subtree, with its chart computed. */
struct view {
    struct indicator ind;
    struct unit unit;
    struct ind_value *v, *nat;
    size_t n, nnat;
    struct ind_phase *ph;
    size_t nph;
    struct ind_annotation *an;
    size_t nan;
    struct spc_result res;
    int has_res, hib;
    enum ind_variation var;
    enum ind_assurance as;
    double target;
};

static const char *const ann_kinds[] = {"intervention", "pdsa", "action",
                                        "note"};

/* provider_readable: the user may read somewhere under provider id. */
static int provider_readable(struct req *r, int64_t provider_id)
{
    const char *root = arena_printf(r->a, "/%lld/", (long long)provider_id);
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (role_has(r->grants[i].role, PERM_READ) &&
            strncmp(r->grants[i].unit_path, root, strlen(root)) == 0)
            return 1;
    return 0;
}

/* widest returns the user's widest readable grant (in provider, or any
 * when provider is 0), or NULL. */
static const struct grant *widest(struct req *r, int64_t provider)
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

static int can_edit(struct req *r, const struct unit *u)
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
static void baselines(struct req *r, struct view *w, struct spc_opts *o)
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

static void compute(struct req *r, struct view *w)
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

/* load fills w for route capture 0 and the unit in query/form "unit"
 * (default: the widest readable unit). Returns 0, or the HTTP status to
 * answer: 404 unknown indicator or unit, or unit outside the scope. */
static int load(struct req *r, struct view *w)
{
    const char *code = req_param(r, "unit");
    const struct grant *g;

    memset(w, 0, sizeof(*w));
    if (store_indicator_get(r->st, r->a, r->params[0], &w->ind) != E_OK ||
        !provider_readable(r, w->ind.provider_id))
        return 404;
    if (!code || !*code) {
        if (!(g = widest(r, w->ind.provider_id)))
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

static double national(const struct view *w, const char *period)
{
    size_t i;

    for (i = 0; period && i < w->nnat; i++)
        if (strcmp(w->nat[i].period, period) == 0)
            return w->nat[i].value;
    return NAN;
}

static const struct ind_value *value_at(const struct view *w, const char *p)
{
    size_t i;

    for (i = 0; p && i < w->n; i++)
        if (strcmp(w->v[i].period, p) == 0)
            return &w->v[i];
    return NULL;
}

/* num formats v for display (Swedish decimal comma in sv), NULL if NaN. */
static const char *num(struct req *r, double v)
{
    struct buf b;
    const char *s;
    double m = fabs(v);
    int dec = m >= 100 ? 0 : m >= 10 ? 1 : m >= 1 ? 2 : 3;

    if (!isfinite(v))
        return NULL;
    buf_init(&b, 64);
    if (strcmp(r->lang, "sv") == 0)
        datetime_fmt_num_sv(&b, v, dec);
    else
        svg_num(&b, v, dec);
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static const char *tr(struct req *r, const char *prefix, const char *name)
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

/* filter reads the catalogue filters (query) into f; 1 when a focus or
 * group code is unknown (then nothing matches). */
static int filter(struct req *r, struct tv *ctx, int64_t provider,
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
        tv_str(it, "label", tr(r, "ind.dim.", s));
        tv_bool(it, "selected", f->dimension && strcmp(f->dimension, s) == 0);
    }
    tv_str(ctx, "q", f->q);
    return (fo && *fo && !f->focus_area_id) ||
           (gr && *gr && !f->patient_group_id);
}

/* GET /indicators: 200 the catalogue of the user's provider. */
void page_indicators(struct req *r)
{
    struct tv *ctx = page_ctx(r), *list = tv_list(ctx, "indicators");
    const struct grant *g = widest(r, 0);
    struct ind_filter f;
    struct indicator *ind = NULL;
    struct unit top;
    size_t i, n = 0;
    int none;

    if (!g || store_unit_get(r->st, r->a, g->unit_id, &top)) {
        page_error(r, 403);
        return;
    }
    /* the web import (page_ind_import.c) checks its scope itself */
    tv_bool(ctx, "can_import",
            req_can(r, PERM_QUALITY, NULL) || req_can(r, PERM_ADMIN, NULL));
    none = filter(r, ctx, top.provider_id, &f);
    if (!none && store_indicator_list(r->st, r->a, &f, &ind, &n)) {
        page_error(r, 500);
        return;
    }
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_str(it, "code", ind[i].code);
        tv_str(it, "name", ind[i].name);
        tv_str(it, "dimension", tr(r, "ind.dim.", ind[i].dimension));
        tv_str(it, "direction", tr(r, "ind.dir.", ind[i].direction));
        tv_str(it, "unit", ind[i].unit);
        tv_str(it, "source", ind[i].source);
    }
    tv_int(ctx, "count", (long long)n);
    page_render(r, 200, "indicators", ctx, "ind.list_title");
}

/* ---- one indicator ---- */

static const char *signals(struct req *r, const struct spc_point *p)
{
    if (p->sigma_signal && p->runs_signal)
        return arena_printf(r->a, "%s; %s", page_t(r, "ind.sig.sigma"),
                            page_t(r, "ind.sig.runs"));
    if (p->sigma_signal)
        return page_t(r, "ind.sig.sigma");
    if (p->runs_signal)
        return page_t(r, "ind.sig.runs");
    return NULL;
}

static void add_rows(struct req *r, struct tv *ctx, struct view *w)
{
    struct tv *list = tv_list(ctx, "rows");
    size_t i;

    for (i = 0; w->has_res && i < w->res.npoints; i++) {
        const struct spc_point *p = &w->res.points[i];
        const struct ind_value *v = value_at(w, p->x);
        struct tv *it = tv_push(list);

        tv_str(it, "period", p->x);
        tv_str(it, "value", num(r, p->y));
        tv_str(it, "numerator", v ? num(r, v->numerator) : NULL);
        tv_str(it, "denominator", v ? num(r, v->denominator) : NULL);
        tv_str(it, "cl", num(r, p->cl));
        tv_str(it, "lcl", num(r, p->lcl));
        tv_str(it, "ucl", num(r, p->ucl));
        tv_str(it, "national", num(r, national(w, p->x)));
        tv_str(it, "signals", signals(r, p));
        tv_bool(it, "signal", p->sigma_signal || p->runs_signal);
    }
}

static const char *target_label(struct req *r, const struct view *w,
                                const char *key, double v)
{
    const char *n = num(r, v);

    return arena_printf(r->a, "%s: %s %s", page_t(r, key), n ? n : "",
                        w->ind.unit ? w->ind.unit : "");
}

/* chart draws the SVG with the recorded phases and annotations. */
static void chart(struct req *r, struct tv *ctx, struct view *w)
{
    struct svg_opts o = {0};
    struct svg_ref tg[2];
    struct svg_annot *an;
    struct html_safe h;
    double *nat;
    size_t i, k, np = w->res.npoints;

    if (!w->has_res || !np)
        return;
    nat = arena_alloc(r->a, np * sizeof(*nat));
    an = arena_alloc(r->a, (w->nan + 1) * sizeof(*an));
    if (!nat || !an)
        return;
    for (i = 0; i < np; i++)
        nat[i] = national(w, w->res.points[i].x);
    for (i = 0; i < w->nan; i++) {
        for (k = 0; k < np && strcmp(w->res.points[k].x, w->an[i].period) < 0;
             k++)
            ;
        an[o.nannots].pos = k < np ? k : np - 1;
        an[o.nannots++].text = w->an[i].text;
    }
    tg[0].label =
        target_label(r, w, "ind.target_moderate", w->ind.target_moderate);
    tg[0].value = w->ind.target_moderate;
    tg[1].label = target_label(r, w, "ind.target_high", w->ind.target_high);
    tg[1].value = w->ind.target_high;
    o.id = "ind-chart";
    o.title = arena_printf(r->a, "%s, %s", w->ind.name, w->unit.name);
    o.desc = arena_printf(
        r->a, "%s, %s %s–%s. %s: %s. %s: %s.",
        tr(r, "ind.chart.", w->ind.chart), page_t(r, "ind.chart_periods"),
        w->res.points[0].x ? w->res.points[0].x : "",
        w->res.points[np - 1].x ? w->res.points[np - 1].x : "",
        page_t(r, "ind.variation"),
        tr(r, "ind.var.", ind_variation_str(w->var)),
        page_t(r, "ind.assurance"),
        tr(r, "ind.assure.", ind_assurance_str(w->as)));
    o.y_unit = w->ind.unit;
    o.national = nat;
    o.targets = tg;
    o.ntargets = 2;
    o.annots = an;
    o.words.value = page_t(r, "ind.legend.value");
    o.words.cl = page_t(r, "ind.legend.cl");
    o.words.limits = page_t(r, "ind.legend.limits");
    o.words.national = page_t(r, "ind.national");
    o.words.sigma = page_t(r, "ind.sig.sigma");
    o.words.runs = page_t(r, "ind.sig.runs");
    o.words.phase = page_t(r, "ind.legend.phase");
    o.words.freeze = page_t(r, "ind.legend.freeze");
    if (svg_spc_chart(r->a, &w->res, &o, &h) == E_OK)
        tv_html(ctx, "chart", h);
}

static void add_history(struct req *r, struct tv *ctx, struct view *w)
{
    struct tv *bl = tv_list(ctx, "baselines"), *al = tv_list(ctx, "annots");
    size_t i;

    for (i = 0; i < w->nph; i++) {
        struct tv *it = tv_push(bl);

        tv_int(it, "id", w->ph[i].id);
        tv_str(it, "kind", tr(r, "ind.kind.", w->ph[i].kind));
        tv_str(it, "period", w->ph[i].period);
        tv_str(it, "reason", w->ph[i].reason);
        tv_str(it, "justification", w->ph[i].justification);
        tv_str(it, "who", w->ph[i].created_by_name);
        tv_str(it, "when", page_datetime(r, w->ph[i].created_at));
        tv_bool(it, "withdrawn", w->ph[i].withdrawn);
    }
    tv_bool(ctx, "has_annots", w->nan > 0);
    for (i = 0; i < w->nan; i++) {
        struct tv *it = tv_push(al);

        tv_int(it, "n", (long long)(i + 1));
        tv_str(it, "period", w->an[i].period);
        tv_str(it, "kind", tr(r, "ind.ann.", w->an[i].kind));
        tv_str(it, "text", w->an[i].text);
        tv_str(it, "who", w->an[i].created_by_name);
        tv_str(it, "when", page_datetime(r, w->an[i].created_at));
    }
}

static void add_choices(struct req *r, struct tv *ctx, const char *bkind,
                        const char *akind)
{
    struct tv *bk = tv_list(ctx, "bkinds"), *ak = tv_list(ctx, "akinds");
    static const char *const bkinds[] = {"freeze", "phase"};
    size_t i;

    for (i = 0; i < 2; i++) {
        struct tv *it = tv_push(bk);

        tv_str(it, "value", bkinds[i]);
        tv_str(it, "label", tr(r, "ind.kind.", bkinds[i]));
        tv_bool(it, "selected", bkind && strcmp(bkind, bkinds[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        struct tv *it = tv_push(ak);

        tv_str(it, "value", ann_kinds[i]);
        tv_str(it, "label", tr(r, "ind.ann.", ann_kinds[i]));
        tv_bool(it, "selected", akind && strcmp(akind, ann_kinds[i]) == 0);
    }
}

static void add_units(struct req *r, struct tv *ctx, const struct view *w)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (u[i].provider_id != w->ind.provider_id ||
            !authz_can(r->grants, r->ngrants, PERM_READ, u[i].path))
            continue;
        it = tv_push(list);
        tv_str(it, "code", u[i].code);
        tv_str(it, "name", u[i].name);
        tv_bool(it, "selected", u[i].id == w->unit.id);
    }
}

static void add_indicator(struct req *r, struct tv *ctx, struct view *w)
{
    struct tv *i = tv_obj(ctx, "ind");
    const struct indicator *d = &w->ind;

    tv_str(i, "code", d->code);
    tv_str(i, "name", d->name);
    tv_str(i, "description", d->description);
    tv_str(i, "numerator_def", d->numerator_def);
    tv_str(i, "denominator_def", d->denominator_def);
    tv_str(i, "unit", d->unit);
    tv_str(i, "direction", tr(r, "ind.dir.", d->direction));
    tv_str(i, "dimension", tr(r, "ind.dim.", d->dimension));
    tv_str(i, "source", d->source);
    tv_str(i, "periodicity", tr(r, "ind.per.", d->periodicity));
    tv_str(i, "chart", tr(r, "ind.chart.", d->chart));
    tv_str(i, "target_moderate", num(r, d->target_moderate));
    tv_str(i, "target_high", num(r, d->target_high));
    tv_str(i, "national", num(r, w->nnat ? w->nat[w->nnat - 1].value : NAN));
    tv_str(i, "national_period", w->nnat ? w->nat[w->nnat - 1].period : NULL);
    process_of_section(r, ctx, "indicator", d->id);
    tv_str(ctx, "var", ind_variation_str(w->var));
    tv_str(ctx, "var_text", tr(r, "ind.var.", ind_variation_str(w->var)));
    tv_str(ctx, "as", ind_assurance_str(w->as));
    tv_str(ctx, "as_text", tr(r, "ind.assure.", ind_assurance_str(w->as)));
}

/* show renders the indicator page; fe marks a failed form (values kept). */
static void show(struct req *r, struct view *w, int status,
                 const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *bf = tv_obj(ctx, "bf"),
              *af = tv_obj(ctx, "af");

    tv_str(ctx, "unit_code", w->unit.code);
    tv_str(ctx, "unit_name", w->unit.name);
    add_indicator(r, ctx, w);
    add_units(r, ctx, w);
    chart(r, ctx, w);
    add_rows(r, ctx, w);
    add_history(r, ctx, w);
    tv_bool(ctx, "can_edit", can_edit(r, &w->unit));
    tv_str(bf, "period", kv_get(&r->form, "b_period"));
    tv_str(bf, "reason", kv_get(&r->form, "b_reason"));
    tv_str(bf, "justification", kv_get(&r->form, "b_justification"));
    tv_str(af, "period", kv_get(&r->form, "a_period"));
    tv_str(af, "text", kv_get(&r->form, "a_text"));
    add_choices(r, ctx, kv_get(&r->form, "b_kind"), kv_get(&r->form, "a_kind"));
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    if (fe)
        page_fielderrs(r, ctx, fe);
    page_render(r, status, "indicator", ctx, "ind.title");
}

/* GET /indicators/{code}?unit=CODE: 200; 404 unknown indicator or unit
 * outside the user's read scope. */
void page_indicator(struct req *r)
{
    struct view w;
    int st = load(r, &w);

    if (st)
        page_error(r, st);
    else
        show(r, &w, 200, NULL);
}

static void back(struct req *r, const struct view *w)
{
    struct buf b;

    buf_init(&b, 1024);
    buf_adds(&b, "/indicators/");
    html_url_part(&b, w->ind.code, strlen(w->ind.code));
    buf_adds(&b, "?unit=");
    html_url_part(&b, w->unit.code, strlen(w->unit.code));
    buf_adds(&b, "&ok=1");
    req_redirect(r, arena_strdup(r->a, b.p));
    buf_release(&b);
}

/* load_edit loads the view for a POST and checks the right to change it.
 * Answers the error itself and returns 0 then. */
static int load_edit(struct req *r, struct view *w)
{
    int st = load(r, w);

    if (!st && !can_edit(r, &w->unit))
        st = 403;
    if (st)
        page_error(r, st);
    return !st;
}

static int one_of(const char *s, const char *const *v, size_t n)
{
    size_t i;

    for (i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

static void save(struct req *r, struct view *w, enum err e)
{
    if (e) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    back(r, w);
}

/* POST /indicators/{code}/baselines: 303 recorded; 422 bad fields (kind,
 * period, reason required); 403 without PERM_QUALITY/PERM_MANAGE. */
void page_baseline_add(struct req *r)
{
    static const char *const kinds[] = {"freeze", "phase"};
    struct ind_phase p = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct view w;
    enum err e;

    if (!load_edit(r, &w))
        return;
    p.indicator_id = w.ind.id;
    p.unit_id = w.unit.id;
    p.kind = kv_get(&r->form, "b_kind");
    p.period = kv_get(&r->form, "b_period");
    p.reason = kv_get(&r->form, "b_reason");
    p.justification = kv_get(&r->form, "b_justification");
    if (p.justification && !*p.justification)
        p.justification = NULL;
    if (!one_of(p.kind, kinds, 2))
        fielderr_add(&fe, "b_kind", "err.required");
    if (!p.period || !ind_period_valid(
                         ind_periodicity_from_str(w.ind.periodicity), p.period))
        fielderr_add(&fe, "b_period", "ind.err.period");
    if (!p.reason || !*p.reason)
        fielderr_add(&fe, "b_reason", "ind.err.reason");
    if (fe.n) {
        show(r, &w, 422, &fe);
        return;
    }
    if (!(e = store_begin(r->st)) && !(e = store_phase_add(r->st, &who, &p)))
        e = store_commit(r->st);
    save(r, &w, e);
}

/* POST /indicators/{code}/baselines/{id}/withdraw: 303; 404 not a baseline
 * of this indicator and unit; 403 as above. */
void page_baseline_withdraw(struct req *r)
{
    struct actor who = req_actor(r);
    struct view w;
    int64_t id = req_id(r, 1);
    size_t i;
    enum err e;

    if (!load_edit(r, &w))
        return;
    for (i = 0; i < w.nph && (w.ph[i].id != id || w.ph[i].withdrawn); i++)
        ;
    if (i == w.nph) {
        page_error(r, 404);
        return;
    }
    if (!(e = store_begin(r->st)) &&
        !(e = store_phase_withdraw(r->st, &who, id)))
        e = store_commit(r->st);
    save(r, &w, e);
}

/* POST /indicators/{code}/annotations: 303; 422 bad fields; 403. */
void page_annotation_add(struct req *r)
{
    struct ind_annotation an = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct view w;
    enum err e;

    if (!load_edit(r, &w))
        return;
    an.indicator_id = w.ind.id;
    an.unit_id = w.unit.id;
    an.period = kv_get(&r->form, "a_period");
    an.kind = kv_get(&r->form, "a_kind");
    an.text = kv_get(&r->form, "a_text");
    if (!one_of(an.kind, ann_kinds, 4))
        fielderr_add(&fe, "a_kind", "err.required");
    if (!an.period ||
        !ind_period_valid(ind_periodicity_from_str(w.ind.periodicity),
                          an.period))
        fielderr_add(&fe, "a_period", "ind.err.period");
    if (!an.text || !*an.text)
        fielderr_add(&fe, "a_text", "ind.err.text");
    if (fe.n) {
        show(r, &w, 422, &fe);
        return;
    }
    if (!(e = store_begin(r->st)) &&
        !(e = store_annotation_add(r->st, &who, &an)))
        e = store_commit(r->st);
    save(r, &w, e);
}

/* ---- API ---- */

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *ind_json(const struct indicator *d)
{
    return json_pack(
        "{so so so so so so so so so so so so so so sb}", "code", jstr(d->code),
        "name", jstr(d->name), "description", jstr(d->description),
        "numerator_def", jstr(d->numerator_def), "denominator_def",
        jstr(d->denominator_def), "unit", jstr(d->unit), "direction",
        jstr(d->direction), "dimension", jstr(d->dimension), "source",
        jstr(d->source), "periodicity", jstr(d->periodicity), "chart",
        jstr(d->chart), "target_moderate", jnum(d->target_moderate),
        "target_high", jnum(d->target_high), "multiply", jnum(d->multiply),
        "active", d->active);
}

/* GET /api/v1/indicators?focus=&group=&dimension=&q=: 200 {"items":[..]} */
void api_indicators(struct req *r)
{
    const struct grant *g = widest(r, 0);
    struct tv *scratch = tv_new(r->a);
    struct ind_filter f;
    struct indicator *ind = NULL;
    struct unit top;
    json_t *arr;
    size_t i, n = 0;

    if (!g || store_unit_get(r->st, r->a, g->unit_id, &top)) {
        page_error(r, 403);
        return;
    }
    if (!filter(r, scratch, top.provider_id, &f) &&
        store_indicator_list(r->st, r->a, &f, &ind, &n)) {
        page_error(r, 500);
        return;
    }
    arr = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(arr, ind_json(&ind[i]));
    page_json(r, 200, json_pack("{so}", "items", arr));
}

/* GET /api/v1/indicators/{code}: 200; 404 unknown or out of scope. */
void api_indicator_get(struct req *r)
{
    struct indicator d;
    struct process_link *p;
    json_t *j, *procs;
    size_t i, n;

    if (store_indicator_get(r->st, r->a, r->params[0], &d) != E_OK ||
        !provider_readable(r, d.provider_id)) {
        page_error(r, 404);
        return;
    }
    j = ind_json(&d);
    procs = json_array();
    if (store_processes_of(r->st, r->a, "indicator", d.id, &p, &n) == E_OK)
        for (i = 0; i < n; i++)
            json_array_append_new(
                procs, json_pack("{sI ss ss}", "id", (json_int_t)p[i].id,
                                 "code", p[i].label, "name", p[i].text));
    json_object_set_new(j, "processes", procs);
    page_json(r, 200, j);
}

/* GET /api/v1/indicators/{code}/values?unit=CODE: 200 the series. */
void api_indicator_values(struct req *r)
{
    struct view w;
    json_t *arr;
    size_t i;
    int st = load(r, &w);

    if (st) {
        page_error(r, st);
        return;
    }
    arr = json_array();
    for (i = 0; i < w.n; i++)
        json_array_append_new(
            arr,
            json_pack("{ss so so so so}", "period", w.v[i].period, "numerator",
                      jnum(w.v[i].numerator), "denominator",
                      jnum(w.v[i].denominator), "value", jnum(w.v[i].value),
                      "national", jnum(national(&w, w.v[i].period))));
    page_json(r, 200,
              json_pack("{ss ss so}", "indicator", w.ind.code, "unit",
                        w.unit.code, "items", arr));
}

static json_t *jcount(long v)
{
    return v < 0 ? json_null() : json_integer(v);
}

/* GET /api/v1/indicators/{code}/spc?unit=CODE: 200 the chart as `ska spc`
 * prints it, plus the verdicts. */
void api_indicator_spc(struct req *r)
{
    struct view w;
    json_t *parts, *points;
    size_t i;
    int st = load(r, &w);

    if (st) {
        page_error(r, st);
        return;
    }
    parts = json_array();
    points = json_array();
    for (i = 0; w.has_res && i < w.res.nparts; i++) {
        const struct spc_part *p = &w.res.parts[i];

        json_array_append_new(
            parts,
            json_pack("{sI sI so so so so sb sb}", "part", (json_int_t)(i + 1),
                      "n_useful", (json_int_t)p->n_useful, "longest_run",
                      jcount(p->longest_run), "longest_run_max",
                      jcount(p->longest_run_max), "n_crossings",
                      jcount(p->n_crossings), "n_crossings_min",
                      jcount(p->n_crossings_min), "runs_signal", p->runs_signal,
                      "sigma_signal", p->sigma_signals > 0));
    }
    for (i = 0; w.has_res && i < w.res.npoints; i++) {
        const struct spc_point *p = &w.res.points[i];

        json_array_append_new(
            points,
            json_pack("{so so so so so sI sb sb sb}", "x", jstr(p->x), "y",
                      jnum(p->y), "cl", jnum(p->cl), "lcl", jnum(p->lcl), "ucl",
                      jnum(p->ucl), "part", (json_int_t)p->part, "sigma_signal",
                      p->sigma_signal, "runs_signal", p->runs_signal,
                      "excluded", p->excluded));
    }
    page_json(r, 200,
              json_pack("{ss ss ss so so ss ss}", "indicator", w.ind.code,
                        "unit", w.unit.code, "chart",
                        w.has_res ? spc_chart_name(w.res.chart) : w.ind.chart,
                        "parts", parts, "points", points, "variation",
                        ind_variation_str(w.var), "assurance",
                        ind_assurance_str(w.as)));
}
