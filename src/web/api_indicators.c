/* api_indicators.c: /api/v1/indicators: the catalogue with the page's
 * filters, one indicator with its processes, its series for a unit
 * subtree and its SPC chart with the verdicts. Same read scope as the
 * pages (ind_web.c). */
#include <math.h>

#include "handlers.h"
#include "ind_web.h"
#include "page.h"
#include "process_web.h"

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
    const struct grant *g = ind_web_widest(r, 0);
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
    if (!ind_web_filter(r, scratch, top.provider_id, &f) &&
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
        !ind_web_readable(r, d.provider_id)) {
        page_error(r, 404);
        return;
    }
    if (store_processes_of(r->st, r->a, "indicator", d.id, &p, &n)) {
        page_error(r, 500);
        return;
    }
    j = ind_json(&d);
    procs = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(procs,
                              json_pack("{sI ss ss}", "id", (json_int_t)p[i].id,
                                        "code", p[i].label, "name", p[i].text));
    json_object_set_new(j, "processes", procs);
    page_json(r, 200, j);
}

/* GET /api/v1/indicators/{code}/values?unit=CODE: 200 the series. */
void api_indicator_values(struct req *r)
{
    struct ind_view w;
    json_t *arr;
    size_t i;
    int st = ind_web_load(r, &w);

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
                      "national", jnum(ind_web_national(&w, w.v[i].period))));
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
    struct ind_view w;
    json_t *parts, *points;
    size_t i;
    int st = ind_web_load(r, &w);

    if (st) {
        page_error(r, st);
        return;
    }
    parts = json_array();
    points = json_array();
    for (i = 0; w.ch.has_res && i < w.ch.res.nparts; i++) {
        const struct spc_part *p = &w.ch.res.parts[i];

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
    for (i = 0; w.ch.has_res && i < w.ch.res.npoints; i++) {
        const struct spc_point *p = &w.ch.res.points[i];

        json_array_append_new(
            points,
            json_pack("{so so so so so sI sb sb sb}", "x", jstr(p->x), "y",
                      jnum(p->y), "cl", jnum(p->cl), "lcl", jnum(p->lcl), "ucl",
                      jnum(p->ucl), "part", (json_int_t)p->part, "sigma_signal",
                      p->sigma_signal, "runs_signal", p->runs_signal,
                      "excluded", p->excluded));
    }
    page_json(
        r, 200,
        json_pack("{ss ss ss so so ss ss}", "indicator", w.ind.code, "unit",
                  w.unit.code, "chart",
                  w.ch.has_res ? spc_chart_name(w.ch.res.chart) : w.ind.chart,
                  "parts", parts, "points", points, "variation",
                  ind_variation_str(w.ch.var), "assurance",
                  ind_assurance_str(w.ch.as)));
}
