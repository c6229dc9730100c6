/* spc.c: SPC charts: subgroups, parts, runs analysis and finishing
 * (spc-spec.md sections 2, 3, 5 and 6); the limits are in spc_limits.c. */
#include "spc.h"

#include "spc_int.h"

#define LN2 0.693147180559945309417232121458

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const chart_names[SPC_CHART__MAX] = {
    [SPC_RUN] = "run", [SPC_I] = "i", [SPC_MR] = "mr", [SPC_XBAR] = "xbar",
    [SPC_S] = "s",     [SPC_T] = "t", [SPC_C] = "c",   [SPC_U] = "u",
    [SPC_UP] = "up",   [SPC_P] = "p", [SPC_PP] = "pp", [SPC_G] = "g",
    [SPC_IP] = "ip",
};

static const char *const agg_names[SPC_AGG__MAX] = {
    [SPC_AGG_MEAN] = "mean",
    [SPC_AGG_MEDIAN] = "median",
    [SPC_AGG_SUM] = "sum",
    [SPC_AGG_SD] = "sd",
};

const char *spc_chart_name(enum spc_chart c)
{
    return (unsigned)c < SPC_CHART__MAX ? chart_names[c] : "?";
}

const char *spc_agg_name(enum spc_agg g)
{
    return (unsigned)g < SPC_AGG__MAX ? agg_names[g] : "?";
}

enum err spc_chart_parse(const char *s, enum spc_chart *out)
{
    int i;

    for (i = 0; i < SPC_CHART__MAX; i++) {
        if (strcmp(s, chart_names[i]) == 0) {
            *out = (enum spc_chart)i;
            return E_OK;
        }
    }
    return E_INVAL;
}

enum err spc_agg_parse(const char *s, enum spc_agg *out)
{
    int i;

    for (i = 0; i < SPC_AGG__MAX; i++) {
        if (strcmp(s, agg_names[i]) == 0) {
            *out = (enum spc_agg)i;
            return E_OK;
        }
    }
    return E_INVAL;
}

void spc_opts_init(struct spc_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->chart = SPC_RUN;
    o->agg = SPC_AGG_MEAN;
    o->multiply = 1;
}

void spc_runs_limits(size_t n_useful, long *longest_run_max,
                     long *n_crossings_min)
{
    double m = n_useful > 0 ? (double)(n_useful - 1) : 0;
    double logp = -m * LN2, cdf = 0, j;

    *longest_run_max = lround(log2((double)(n_useful ? n_useful : 1))) + 3;
    /* Smallest k with P(X <= k) >= 0.05, X ~ Binomial(m, 1/2). The
     * probabilities are kept as logs, since 0.5^m underflows, and stepped
     * with C(m, j + 1) = C(m, j) (m - j) / (j + 1). */
    for (j = 0; j < m; j++) {
        cdf += exp(logp);
        if (cdf >= 0.05)
            break;
        logp += log((m - j) / (j + 1));
    }
    *n_crossings_min = (long)j;
}

/* ---- Forming subgroups (spec section 2) ---- */

struct key {
    double v; /* numeric value when every key is a number */
    const char *s;
    size_t row;
};

static int cmp_num(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;

    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->row > b->row) - (a->row < b->row);
}

static int cmp_text(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;
    int c = strcmp(a->s, b->s);

    if (c)
        return c;
    return (a->row > b->row) - (a->row < b->row);
}

/* as_number accepts a plain finite decimal number ("12", "-1.5e3"). */
static int as_number(const char *s, double *v)
{
    char *end;

    if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
        return 0;
    *v = strtod(s, &end);
    return *end == '\0' && isfinite(*v);
}

static int same_key(const struct key *a, const struct key *b, int numeric)
{
    return numeric ? a->v == b->v : strcmp(a->s, b->s) == 0;
}

static void *alloc_array(struct arena *a, size_t n, size_t size)
{
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX / size)
        return NULL;
    return arena_alloc(a, n * size);
}

/* sorted_keys lists the kept rows in subgroup order; *numeric tells how
 * keys compare and *strict that they are strictly increasing in that
 * comparison (every subgroup one row: no sorting or grouping needed). The
 * fast path: without keys the rows are already in order; with keys that
 * already increase (periods from the store) qsort is skipped, since with
 * the row as tie-break it would leave them as they are. Once one key is
 * not a number the comparison is textual, so the rest are not parsed. */
static enum err sorted_keys(struct arena *a, const struct spc_input *in,
                            struct key **out, size_t *nout, int *numeric,
                            int *strict)
{
    struct key *k = alloc_array(a, in->nrows, sizeof(*k));
    size_t r, nk = 0;

    if (!k)
        return E_NOMEM;
    *numeric = 1;
    *strict = 1;
    for (r = 0; r < in->nrows; r++) {
        if (in->x && !in->x[r])
            continue; /* missing x: the row is dropped */
        k[nk].s = in->x ? in->x[r] : NULL;
        k[nk].v = (double)r;
        if (in->x && *numeric && !as_number(in->x[r], &k[nk].v))
            *numeric = 0;
        k[nk++].row = r;
    }
    if (in->x) {
        for (r = 1; r < nk && *strict; r++)
            *strict =
                *numeric ? k[r - 1].v < k[r].v : strcmp(k[r - 1].s, k[r].s) < 0;
        if (!*strict)
            qsort(k, nk, sizeof(*k), *numeric ? cmp_num : cmp_text);
    }
    *out = k;
    *nout = nk;
    return E_OK;
}

/* row_y is a row's y, blanked when its denominator is missing. */
static double row_y(const struct spc_input *in, size_t r)
{
    if (in->n && isnan(in->n[r]))
        return NAN;
    return in->y[r];
}

/* plotted_y picks the value a subgroup is plotted at (before multiply);
 * v holds its nv row values, NaN for missing ones. */
static double plotted_y(const struct spc_opts *opt, const struct spc_sg *g,
                        double *v, size_t nv, int has_n)
{
    switch (opt->chart) {
    case SPC_C:
        return g->sum;
    case SPC_XBAR:
        return g->mean;
    case SPC_S:
        return g->sd;
    default:
        break;
    }
    if (has_n)
        return spc_stat_sum(v, nv) / g->n;
    switch (opt->agg) {
    case SPC_AGG_MEDIAN:
        return spc_stat_median(v, nv);
    case SPC_AGG_SUM:
        return spc_stat_sum(v, nv);
    case SPC_AGG_SD:
        return spc_stat_sd(v, nv);
    default:
        return g->mean;
    }
}

/* fill_subgroup computes the statistics of the rows k[0..nk) of one
 * subgroup; v and w are scratch of nk doubles. */
static void fill_subgroup(const struct spc_input *in,
                          const struct spc_opts *opt, const struct key *k,
                          size_t nk, struct spc_sg *g, double *v, double *w)
{
    size_t i;

    g->row = k[0].row;
    g->rows = nk;
    for (i = 0; i < nk; i++) {
        v[i] = row_y(in, k[i].row);
        /* with a denominator, a row missing y or n counts for neither */
        w[i] = isnan(v[i]) || !in->n ? NAN : in->n[k[i].row];
        g->m += !isnan(v[i]);
    }
    if (nk == 1) {
        /* what spc_stat_mean and spc_stat_sd give for one value: the
         * long double sum 0 + y (so -0 becomes +0), no SD */
        g->sum = v[0];
        g->mean = isnan(v[0]) ? NAN : (double)(0.0L + v[0]);
        g->sd = NAN;
    } else {
        g->sum = spc_stat_sum(v, nk);
        g->mean = spc_stat_mean(v, nk);
        g->sd = spc_stat_sd(v, nk);
    }
    g->n = in->n ? spc_stat_sum(w, nk) : NAN;
    g->y = plotted_y(opt, g, v, nk, in->n != NULL);
}

/* copy_keys points g[0..ng).x at copies of the keys in one arena block
 * (first[i]: the first row of subgroup i in k), not one allocation each. */
static enum err copy_keys(struct arena *a, const struct key *k,
                          const size_t *first, struct spc_sg *g, size_t ng)
{
    size_t i, len = 0;
    char *p;

    for (i = 0; i < ng; i++)
        len += strlen(k[first[i]].s) + 1;
    if (!(p = alloc_array(a, len, 1)))
        return E_NOMEM;
    for (i = 0; i < ng; i++) {
        size_t l = strlen(k[first[i]].s) + 1;

        memcpy(p, k[first[i]].s, l);
        g[i].x = p;
        p += l;
    }
    return E_OK;
}

static enum err build_subgroups(struct arena *a, const struct spc_input *in,
                                const struct spc_opts *opt, struct spc_sg **out,
                                size_t *nout)
{
    struct key *k;
    struct spc_sg *g;
    double *v, *w;
    size_t *first;
    size_t nk, i, j, ng = 0;
    int numeric, strict;
    enum err e;

    e = sorted_keys(a, in, &k, &nk, &numeric, &strict);
    if (e)
        return e;
    g = alloc_array(a, nk, sizeof(*g));
    v = alloc_array(a, nk, sizeof(*v));
    w = alloc_array(a, nk, sizeof(*w));
    first = alloc_array(a, nk, sizeof(*first));
    if (!g || !v || !w || !first)
        return E_NOMEM;
    for (i = 0; i < nk; i = j, ng++) {
        j = i + 1;
        if (in->x && !strict)
            while (j < nk && same_key(&k[i], &k[j], numeric))
                j++;
        first[ng] = i;
        fill_subgroup(in, opt, &k[i], j - i, &g[ng], v, w);
    }
    if (in->x && (e = copy_keys(a, k, first, g, ng)))
        return e;
    *out = g;
    *nout = ng;
    return E_OK;
}

/* ---- Parts, baseline, exclusions (spec section 3) ---- */

/* mark_positions sets flag[p - 1] for every listed position 1..ng. */
static void mark_positions(int *flag, size_t ng, const size_t *pos, size_t npos)
{
    size_t i;

    for (i = 0; i < npos; i++)
        if (pos[i] >= 1 && pos[i] <= ng)
            flag[pos[i] - 1] = 1;
}

/* split_parts fills split[i] = 1 when a new part starts after subgroup i
 * and returns the number of parts. */
static size_t split_parts(const struct spc_opts *opt, int *split, size_t ng)
{
    size_t i, nparts = ng ? 1 : 0;

    mark_positions(split, ng, opt->part, opt->npart);
    if (ng)
        split[ng - 1] = 0; /* a split after the last point is ignored */
    for (i = 0; i < ng; i++)
        nparts += (size_t)split[i];
    return nparts;
}

static void set_base(const struct spc_opts *opt, struct spc_sg *g, size_t ng,
                     int *excl)
{
    size_t i;

    mark_positions(excl, ng, opt->exclude, opt->nexclude);
    for (i = 0; i < ng; i++) {
        g[i].baseline = opt->npart || !opt->freeze || i < opt->freeze;
        g[i].include = !excl[i];
        g[i].base = g[i].baseline && g[i].include;
    }
}

/* ---- Runs analysis (spec section 6) ---- */

static void runs_analysis(enum spc_chart chart, const struct spc_sg *g,
                          size_t k, struct spc_part *p)
{
    size_t i, run = 0;
    int sign, last = 0;

    p->longest_run = p->longest_run_max = -1;
    p->n_crossings = p->n_crossings_min = -1;
    for (i = 0; i < k; i++) {
        double d = g[i].y - g[i].cl;

        if (!g[i].include)
            continue;
        p->n_obs++;
        if (isnan(d) || d == 0)
            continue; /* missing, or on the centre line: not useful */
        sign = d > 0 ? 1 : -1;
        p->n_useful++;
        if (sign == last) {
            run++;
        } else {
            run = 1;
            p->n_crossings++;
        }
        if ((long)run > p->longest_run)
            p->longest_run = (long)run;
        last = sign;
    }
    if (!p->n_useful)
        return;
    spc_runs_limits(p->n_useful, &p->longest_run_max, &p->n_crossings_min);
    p->runs_signal = chart != SPC_MR && (p->longest_run > p->longest_run_max ||
                                         p->n_crossings < p->n_crossings_min);
}

/* ---- Finishing (spec section 5) ---- */

static void finish_point(const struct spc_opts *opt, const struct spc_sg *g,
                         struct spc_point *pt)
{
    double m = opt->multiply;

    pt->x = g->x;
    pt->row = g->row;
    pt->size = g->m;
    pt->n = g->n;
    pt->y = g->y * m;
    pt->cl = g->cl * m;
    pt->lcl = isfinite(g->lcl * m) ? g->lcl * m : NAN;
    pt->ucl = isfinite(g->ucl * m) ? g->ucl * m : NAN;
    pt->baseline = g->baseline;
    pt->excluded = !g->include;
    pt->sigma_signal = pt->y > pt->ucl || pt->y < pt->lcl;
}

static enum err check_opts(const struct spc_input *in,
                           const struct spc_opts *opt, struct buf *errmsg)
{
    enum spc_chart c = opt->chart;

    if ((unsigned)c >= SPC_CHART__MAX || (unsigned)opt->agg >= SPC_AGG__MAX) {
        buf_adds(errmsg, "unknown chart or aggregate");
        return E_INVAL;
    }
    if (!isfinite(opt->multiply) || opt->multiply <= 0) {
        buf_adds(errmsg, "the multiplier must be a positive number");
        return E_INVAL;
    }
    if (!in->n && (c == SPC_U || c == SPC_UP || c == SPC_P || c == SPC_PP)) {
        buf_addf(errmsg, "the %s chart needs a denominator", spc_chart_name(c));
        return E_INVAL;
    }
    if ((c == SPC_XBAR || c == SPC_S) && opt->agg != SPC_AGG_MEAN) {
        buf_addf(errmsg, "the %s chart always aggregates with the mean",
                 spc_chart_name(c));
        return E_INVAL;
    }
    return E_OK;
}

/* check_t: times between events must be positive. */
static enum err check_t(const struct spc_sg *g, size_t ng,
                        struct spc_result *out, struct buf *errmsg)
{
    size_t i;

    for (i = 0; i < ng; i++) {
        if (g[i].y <= 0) {
            out->err_row = g[i].row;
            buf_adds(errmsg, "time between events must be greater than "
                             "zero");
            return E_INVAL;
        }
    }
    return E_OK;
}

/* compute_part runs limits and runs analysis on g[0..k) and finishes the
 * points of part p. */
static enum err compute_part(struct arena *a, const struct spc_opts *opt,
                             int has_n, struct spc_sg *g, size_t k,
                             struct spc_point *pts, struct spc_part *p,
                             size_t part_no)
{
    size_t i;
    enum err e;

    e = spc_limits_part(a, opt->chart, g, k, has_n);
    if (e)
        return e;
    runs_analysis(opt->chart, g, k, p);
    for (i = 0; i < k; i++) {
        finish_point(opt, &g[i], &pts[i]);
        pts[i].part = part_no;
        pts[i].runs_signal = p->runs_signal;
        p->sigma_signals += (size_t)pts[i].sigma_signal;
    }
    return E_OK;
}

enum err spc_compute(struct arena *a, const struct spc_input *in,
                     const struct spc_opts *opt, struct spc_result *out,
                     struct buf *errmsg)
{
    struct spc_sg *g = NULL;
    size_t ng = 0, i, first, np = 0;
    int *split = NULL, *excl = NULL;
    enum err e;

    memset(out, 0, sizeof(*out));
    out->chart = opt->chart;
    out->err_row = (size_t)-1;
    e = check_opts(in, opt, errmsg);
    if (e)
        goto out;
    e = build_subgroups(a, in, opt, &g, &ng);
    if (e)
        goto out;
    if (opt->chart == SPC_T) {
        e = check_t(g, ng, out, errmsg);
        if (e)
            goto out;
    }
    split = alloc_array(a, ng, sizeof(*split));
    excl = alloc_array(a, ng, sizeof(*excl));
    out->points = alloc_array(a, ng, sizeof(*out->points));
    if (!split || !excl || !out->points) {
        e = E_NOMEM;
        goto out;
    }
    out->nparts = split_parts(opt, split, ng);
    out->parts = alloc_array(a, out->nparts, sizeof(*out->parts));
    if (!out->parts) {
        e = E_NOMEM;
        goto out;
    }
    set_base(opt, g, ng, excl);
    for (first = 0, i = 0; i < ng; i++) {
        if (i + 1 < ng && !split[i])
            continue;
        out->parts[np].first = first;
        out->parts[np].count = i + 1 - first;
        e = compute_part(a, opt, in->n != NULL, &g[first], i + 1 - first,
                         &out->points[first], &out->parts[np], np + 1);
        if (e)
            goto out;
        np++;
        first = i + 1;
    }
    out->npoints = ng;
out:
    if (e == E_NOMEM)
        buf_adds(errmsg, "out of memory");
    return e;
}
