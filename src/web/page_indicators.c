/* page_indicators.c: the indicator catalogue (GET /indicators) and one
 * indicator for a unit subtree (GET /indicators/{code}: SPC chart as SVG,
 * the numbers as a table, verdicts, governed baselines and annotations
 * with their forms). Everyone with PERM_READ in scope may look; the forms
 * post to page_ind_forms.c, the data is also under /api/v1/indicators
 * (api_indicators.c). */
#include <math.h>
#include <string.h>

#include "datetime.h"
#include "handlers.h"
#include "ind_web.h"
#include "page.h"
#include "process_web.h"
#include "svg.h"

static const struct ind_value *value_at(const struct ind_view *w, const char *p)
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

/* ---- the catalogue ---- */

void page_indicators(struct req *r)
{
    struct tv *ctx = page_ctx(r), *list = tv_list(ctx, "indicators");
    const struct grant *g = ind_web_widest(r, 0);
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
    none = ind_web_filter(r, ctx, top.provider_id, &f);
    if (!none && store_indicator_list(r->st, r->a, &f, &ind, &n)) {
        page_error(r, 500);
        return;
    }
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_str(it, "code", ind[i].code);
        tv_str(it, "name", ind[i].name);
        tv_str(it, "dimension", ind_web_tr(r, "ind.dim.", ind[i].dimension));
        tv_str(it, "direction", ind_web_tr(r, "ind.dir.", ind[i].direction));
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

static void add_rows(struct req *r, struct tv *ctx, struct ind_view *w)
{
    struct tv *list = tv_list(ctx, "rows");
    size_t i;

    for (i = 0; w->ch.has_res && i < w->ch.res.npoints; i++) {
        const struct spc_point *p = &w->ch.res.points[i];
        const struct ind_value *v = value_at(w, p->x);
        struct tv *it = tv_push(list);

        tv_str(it, "period", p->x);
        tv_str(it, "value", num(r, p->y));
        tv_str(it, "numerator", v ? num(r, v->numerator) : NULL);
        tv_str(it, "denominator", v ? num(r, v->denominator) : NULL);
        tv_str(it, "cl", num(r, p->cl));
        tv_str(it, "lcl", num(r, p->lcl));
        tv_str(it, "ucl", num(r, p->ucl));
        tv_str(it, "national", num(r, ind_web_national(w, p->x)));
        tv_str(it, "signals", signals(r, p));
        tv_bool(it, "signal", p->sigma_signal || p->runs_signal);
    }
}

static const char *target_label(struct req *r, const struct ind_view *w,
                                const char *key, double v)
{
    const char *n = num(r, v);

    return arena_printf(r->a, "%s: %s %s", page_t(r, key), n ? n : "",
                        w->ind.unit ? w->ind.unit : "");
}

/* chart draws the SVG with the recorded phases and annotations. */
static void chart(struct req *r, struct tv *ctx, struct ind_view *w)
{
    struct svg_opts o = {0};
    struct svg_ref tg[2];
    struct svg_annot *an;
    struct html_safe h;
    double *nat;
    size_t i, k, np = w->ch.res.npoints;

    if (!w->ch.has_res || !np)
        return;
    nat = arena_alloc(r->a, np * sizeof(*nat));
    an = arena_alloc(r->a, (w->nan + 1) * sizeof(*an));
    if (!nat || !an)
        return;
    for (i = 0; i < np; i++)
        nat[i] = ind_web_national(w, w->ch.res.points[i].x);
    for (i = 0; i < w->nan; i++) {
        for (k = 0;
             k < np && strcmp(w->ch.res.points[k].x, w->an[i].period) < 0; k++)
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
        ind_web_tr(r, "ind.chart.", w->ind.chart),
        page_t(r, "ind.chart_periods"),
        w->ch.res.points[0].x ? w->ch.res.points[0].x : "",
        w->ch.res.points[np - 1].x ? w->ch.res.points[np - 1].x : "",
        page_t(r, "ind.variation"),
        ind_web_tr(r, "ind.var.", ind_variation_str(w->ch.var)),
        page_t(r, "ind.assurance"),
        ind_web_tr(r, "ind.assure.", ind_assurance_str(w->ch.as)));
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
    if (svg_spc_chart(r->a, &w->ch.res, &o, &h) == E_OK)
        tv_html(ctx, "chart", h);
}

static void add_history(struct req *r, struct tv *ctx, struct ind_view *w)
{
    struct tv *bl = tv_list(ctx, "baselines"), *al = tv_list(ctx, "annots");
    size_t i;

    for (i = 0; i < w->nph; i++) {
        struct tv *it = tv_push(bl);

        tv_int(it, "id", w->ph[i].id);
        tv_str(it, "kind", ind_web_tr(r, "ind.kind.", w->ph[i].kind));
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
        tv_str(it, "kind", ind_web_tr(r, "ind.ann.", w->an[i].kind));
        tv_str(it, "text", w->an[i].text);
        tv_str(it, "who", w->an[i].created_by_name);
        tv_str(it, "when", page_datetime(r, w->an[i].created_at));
    }
}

static void add_choices(struct req *r, struct tv *ctx, const char *bkind,
                        const char *akind)
{
    struct tv *bk = tv_list(ctx, "bkinds"), *ak = tv_list(ctx, "akinds");
    size_t i;

    for (i = 0; i < 2; i++) {
        struct tv *it = tv_push(bk);

        tv_str(it, "value", ind_web_base_kinds[i]);
        tv_str(it, "label", ind_web_tr(r, "ind.kind.", ind_web_base_kinds[i]));
        tv_bool(it, "selected",
                bkind && strcmp(bkind, ind_web_base_kinds[i]) == 0);
    }
    for (i = 0; i < 4; i++) {
        struct tv *it = tv_push(ak);

        tv_str(it, "value", ind_web_ann_kinds[i]);
        tv_str(it, "label", ind_web_tr(r, "ind.ann.", ind_web_ann_kinds[i]));
        tv_bool(it, "selected",
                akind && strcmp(akind, ind_web_ann_kinds[i]) == 0);
    }
}

static void add_units(struct req *r, struct tv *ctx, const struct ind_view *w)
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

static enum err add_indicator(struct req *r, struct tv *ctx, struct ind_view *w)
{
    struct tv *i = tv_obj(ctx, "ind");
    const struct indicator *d = &w->ind;

    tv_str(i, "code", d->code);
    tv_str(i, "name", d->name);
    tv_str(i, "description", d->description);
    tv_str(i, "numerator_def", d->numerator_def);
    tv_str(i, "denominator_def", d->denominator_def);
    tv_str(i, "unit", d->unit);
    tv_str(i, "direction", ind_web_tr(r, "ind.dir.", d->direction));
    tv_str(i, "dimension", ind_web_tr(r, "ind.dim.", d->dimension));
    tv_str(i, "source", d->source);
    tv_str(i, "periodicity", ind_web_tr(r, "ind.per.", d->periodicity));
    tv_str(i, "chart", ind_web_tr(r, "ind.chart.", d->chart));
    tv_str(i, "target_moderate", num(r, d->target_moderate));
    tv_str(i, "target_high", num(r, d->target_high));
    tv_str(i, "national", num(r, w->nnat ? w->nat[w->nnat - 1].value : NAN));
    tv_str(i, "national_period", w->nnat ? w->nat[w->nnat - 1].period : NULL);
    tv_str(ctx, "var", ind_variation_str(w->ch.var));
    tv_str(ctx, "var_text",
           ind_web_tr(r, "ind.var.", ind_variation_str(w->ch.var)));
    tv_str(ctx, "as", ind_assurance_str(w->ch.as));
    tv_str(ctx, "as_text",
           ind_web_tr(r, "ind.assure.", ind_assurance_str(w->ch.as)));
    return process_of_section(r, ctx, "indicator", d->id);
}

/* show renders the indicator page; fe marks a failed form (values kept). */
void page_indicator_show(struct req *r, struct ind_view *w, int status,
                         const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *bf = tv_obj(ctx, "bf"),
              *af = tv_obj(ctx, "af");

    tv_str(ctx, "unit_code", w->unit.code);
    tv_str(ctx, "unit_name", w->unit.name);
    if (add_indicator(r, ctx, w)) {
        page_error(r, 500);
        return;
    }
    add_units(r, ctx, w);
    chart(r, ctx, w);
    add_rows(r, ctx, w);
    add_history(r, ctx, w);
    tv_bool(ctx, "can_edit", ind_web_can_edit(r, &w->unit));
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
    struct ind_view w;
    int st = ind_web_load(r, &w);

    if (st)
        page_error(r, st);
    else
        page_indicator_show(r, &w, 200, NULL);
}
