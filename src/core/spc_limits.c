/* spc_limits.c: centre line and 3-sigma limits of one part, per chart type
 * (spc-spec.md section 4). Values are before multiply. */
#include <math.h>

#include "spc_int.h"

#define MR_SCREEN 3.267  /* Nelson's screening factor, = D4 for n = 2 */
#define IP_SCREEN 3.2665 /* the I' chart's own constant */
#define D2 1.128         /* d2 for moving ranges of 2 */
#define T_POWER 3.6      /* Nelson's transformation of exponential times */
#define PI 3.14159265358979323846

/* Scratch arrays of k doubles, allocated once per part. */
struct scratch {
    double *v, *w;
};

enum field { F_Y, F_SUM, F_N, F_SD };

static double field(const struct spc_sg *g, enum field f)
{
    switch (f) {
    case F_Y:
        return g->y;
    case F_SUM:
        return g->sum;
    case F_N:
        return g->n;
    case F_SD:
        return g->sd;
    }
    return NAN;
}

/* base_values copies field f of the base subgroups, in order, into v. */
static size_t base_values(const struct spc_sg *g, size_t k, enum field f,
                          double *v)
{
    size_t i, nb = 0;

    for (i = 0; i < k; i++)
        if (g[i].base)
            v[nb++] = field(&g[i], f);
    return nb;
}

static void set_all(struct spc_sg *g, size_t k, double cl, double lcl,
                    double ucl)
{
    size_t i;

    for (i = 0; i < k; i++) {
        g[i].cl = cl;
        g[i].lcl = lcl;
        g[i].ucl = ucl;
    }
}

/* Clipping applies to finite values only: -inf stays and becomes missing. */
static double clip0(double v)
{
    return isfinite(v) && v < 0 ? 0 : v;
}

static double clip1(double v)
{
    return isfinite(v) && v > 1 ? 1 : v;
}

/* screened_mean is the mean of the values of r strictly below factor times
 * the mean of all of them (one pass of screening); NaN when none are. */
static double screened_mean(double *r, size_t n, double factor)
{
    double limit = factor * spc_stat_mean(r, n);
    size_t i;

    for (i = 0; i < n; i++)
        if (!(r[i] < limit))
            r[i] = NAN;
    return spc_stat_mean(r, n);
}

/* mr_sigma: sigma from the screened average moving range of v[0..n); a
 * range touching a missing value is missing. Uses mr as scratch. */
static double mr_sigma(const double *v, size_t n, double *mr)
{
    size_t i;

    if (n < 2)
        return NAN;
    for (i = 1; i < n; i++)
        mr[i - 1] = fabs(v[i] - v[i - 1]);
    return screened_mean(mr, n - 1, MR_SCREEN) / D2;
}

static void limits_run(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t nb = base_values(g, k, F_Y, s->v);

    set_all(g, k, spc_stat_median(s->v, nb), NAN, NAN);
}

static void limits_i(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t nb = base_values(g, k, F_Y, s->v);
    double cl = spc_stat_mean(s->v, nb);
    double sigma = mr_sigma(s->v, nb, s->w);

    set_all(g, k, cl, cl - 3 * sigma, cl + 3 * sigma);
}

/* back_t is pow(x, T_POWER), computed again only when x differs from the
 * last x (the limits are the same for every point of a part); equal x,
 * +0 and -0 included, give the same result. */
struct pow_memo {
    double x, r;
    int set;
};

static double back_t(struct pow_memo *m, double x)
{
    if (!m->set || !(x == m->x)) {
        m->x = x;
        m->r = pow(x, T_POWER);
        m->set = 1;
    }
    return m->r;
}

/* T chart: I chart on y^(1/3.6), transformed back. */
static void limits_t(struct spc_sg *g, size_t k, struct scratch *s)
{
    struct pow_memo c[3] = {{0}};
    size_t i;

    for (i = 0; i < k; i++)
        g[i].y = pow(g[i].y, 1 / T_POWER);
    limits_i(g, k, s);
    for (i = 0; i < k; i++) {
        g[i].y = pow(g[i].y, T_POWER);
        g[i].cl = back_t(&c[0], g[i].cl);
        g[i].ucl = back_t(&c[1], g[i].ucl);
        g[i].lcl = g[i].lcl >= 0 ? back_t(&c[2], g[i].lcl) : 0;
    }
}

/* MR chart: plots the moving ranges of all subgroups of the part. */
static void limits_mr(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t i, nb;
    double cl;

    for (i = k; i-- > 1;)
        g[i].y = fabs(g[i].y - g[i - 1].y);
    if (k > 0)
        g[0].y = NAN;
    nb = base_values(g, k, F_Y, s->v);
    cl = spc_stat_mean(s->v, nb);
    set_all(g, k, cl, 0, MR_SCREEN * cl);
}

/* xbar_sigma: the pooled SD if the subgroup sizes of the part vary, else
 * the mean SD; both over the base subgroups. */
static double xbar_sigma(const struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t i, nb = 0;
    long den = 0;
    int vary = 0;

    for (i = 1; i < k; i++)
        if (g[i].m != g[0].m)
            vary = 1;
    if (!vary) {
        nb = base_values(g, k, F_SD, s->v);
        return spc_stat_mean(s->v, nb);
    }
    for (i = 0; i < k; i++) {
        if (!g[i].base)
            continue;
        /* quirk: every base subgroup adds m - 1, even -1 for m = 0 */
        den += (long)g[i].m - 1;
        s->v[nb++] = ((double)g[i].m - 1) * g[i].sd * g[i].sd;
    }
    return sqrt(spc_stat_sum(s->v, nb) / (double)den);
}

static void limits_xbar(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t i, nb = 0, nm = 0;
    double cl, sigma, a3;

    for (i = 0; i < k; i++) {
        if (g[i].base) {
            s->v[nb++] = (double)g[i].m * g[i].mean;
            s->w[nm++] = (double)g[i].m;
        }
    }
    cl = spc_stat_sum(s->v, nb) / spc_stat_sum(s->w, nm);
    sigma = xbar_sigma(g, k, s);
    for (i = 0; i < k; i++) {
        a3 = 3 / (spc_stat_c4(g[i].m) * sqrt((double)g[i].m));
        g[i].cl = cl;
        g[i].lcl = cl - a3 * sigma;
        g[i].ucl = cl + a3 * sigma;
    }
}

static void limits_s(struct spc_sg *g, size_t k, struct scratch *s)
{
    double cl = xbar_sigma(g, k, s), c4, c5;
    size_t i;

    for (i = 0; i < k; i++) {
        c4 = spc_stat_c4(g[i].m);
        c5 = sqrt(1 - c4 * c4);
        g[i].cl = cl;
        g[i].lcl = fmax(0, 1 - 3 * c5 / c4) * cl;
        g[i].ucl = (1 + 3 * c5 / c4) * cl;
        if (isnan(c4))
            g[i].lcl = NAN; /* fmax would have made it 0 */
    }
}

static void limits_c(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t nb = base_values(g, k, F_SUM, s->v);
    double cl = spc_stat_mean(s->v, nb);
    double sigma = sqrt(cl);

    set_all(g, k, cl, clip0(cl - 3 * sigma), cl + 3 * sigma);
}

/* ratio_cl: sum of counts over sum of denominators, over the base. */
static double ratio_cl(const struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t nb = base_values(g, k, F_SUM, s->v);
    double num = spc_stat_sum(s->v, nb);

    nb = base_values(g, k, F_N, s->v);
    return num / spc_stat_sum(s->v, nb);
}

static double ratio_sigma(enum spc_chart chart, double cl, double n)
{
    if (chart == SPC_U || chart == SPC_UP)
        return sqrt(cl / n);
    return sqrt(cl * (1 - cl) / n);
}

/* U, U', P and P' charts; the Laney charts widen the limits by sigma_z,
 * the screened moving-range sigma of the standardised values. */
static void limits_ratio(enum spc_chart chart, struct spc_sg *g, size_t k,
                         struct scratch *s)
{
    double cl = ratio_cl(g, k, s), sigma_z = 1, sigma;
    int prime = chart == SPC_UP || chart == SPC_PP;
    size_t i, nb = 0;

    if (prime) {
        for (i = 0; i < k; i++)
            if (g[i].base)
                s->v[nb++] = (g[i].y - cl) / ratio_sigma(chart, cl, g[i].n);
        sigma_z = mr_sigma(s->v, nb, s->w);
    }
    for (i = 0; i < k; i++) {
        sigma = ratio_sigma(chart, cl, g[i].n) * sigma_z;
        g[i].cl = cl;
        g[i].lcl = clip0(cl - 3 * sigma);
        g[i].ucl = cl + 3 * sigma;
        if (chart == SPC_P || chart == SPC_PP)
            g[i].ucl = clip1(g[i].ucl);
    }
}

/* G chart: limits from the mean, reported centre line = median. */
static void limits_g(struct spc_sg *g, size_t k, struct scratch *s)
{
    size_t nb = base_values(g, k, F_Y, s->v);
    double mean = spc_stat_mean(s->v, nb);
    double sigma = sqrt(mean * (mean + 1));

    set_all(g, k, spc_stat_median(s->v, nb), clip0(mean - 3 * sigma),
            mean + 3 * sigma);
}

/* I' chart: weighted mean; moving ranges over all subgroups of the part,
 * scaled by their sizes. Without a denominator the size is m. */
static void limits_ip(struct spc_sg *g, size_t k, int has_n, struct scratch *s)
{
    size_t i, nb = 0;
    double cl, sbar, ni, nprev;

    for (i = 0; i < k; i++) {
        ni = has_n ? g[i].n : (double)g[i].m;
        if (g[i].base) {
            s->v[nb] = g[i].y * ni;
            s->w[nb++] = ni;
        }
    }
    cl = spc_stat_sum(s->v, nb) / spc_stat_sum(s->w, nb);
    for (i = 1; i < k; i++) {
        ni = has_n ? g[i].n : (double)g[i].m;
        nprev = has_n ? g[i - 1].n : (double)g[i - 1].m;
        s->v[i - 1] =
            sqrt(PI / 2) * fabs(g[i].y - g[i - 1].y) / sqrt(1 / nprev + 1 / ni);
    }
    sbar = k > 1 ? screened_mean(s->v, k - 1, IP_SCREEN) : NAN;
    for (i = 0; i < k; i++) {
        ni = has_n ? g[i].n : (double)g[i].m;
        g[i].cl = cl;
        g[i].lcl = cl - 3 * sbar * sqrt(1 / ni);
        g[i].ucl = cl + 3 * sbar * sqrt(1 / ni);
    }
}

enum err spc_limits_part(struct arena *a, enum spc_chart chart,
                         struct spc_sg *g, size_t k, int has_n)
{
    struct scratch s;
    size_t cells = k ? k : 1;

    if (cells > (size_t)-1 / sizeof(double))
        return E_NOMEM;
    s.v = arena_alloc(a, cells * sizeof(double));
    s.w = arena_alloc(a, cells * sizeof(double));
    if (!s.v || !s.w)
        return E_NOMEM;
    switch (chart) {
    case SPC_RUN:
        limits_run(g, k, &s);
        break;
    case SPC_I:
        limits_i(g, k, &s);
        break;
    case SPC_MR:
        limits_mr(g, k, &s);
        break;
    case SPC_XBAR:
        limits_xbar(g, k, &s);
        break;
    case SPC_S:
        limits_s(g, k, &s);
        break;
    case SPC_T:
        limits_t(g, k, &s);
        break;
    case SPC_C:
        limits_c(g, k, &s);
        break;
    case SPC_U:
    case SPC_UP:
    case SPC_P:
    case SPC_PP:
        limits_ratio(chart, g, k, &s);
        break;
    case SPC_G:
        limits_g(g, k, &s);
        break;
    case SPC_IP:
        limits_ip(g, k, has_n, &s);
        break;
    case SPC_CHART__MAX:
        return E_INVAL;
    }
    return E_OK;
}
