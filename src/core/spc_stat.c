/* spc_stat.c: sums, means, medians and SDs that round exactly like R. */
#include <math.h>
#include <stdlib.h>

#include "spc_int.h"

double spc_stat_sum(const double *v, size_t n)
{
    long double s = 0;
    size_t i;

    for (i = 0; i < n; i++)
        if (!isnan(v[i]))
            s += v[i];
    return (double)s;
}

/* R's real_mean(): sum in long double, divide, then add the mean of the
 * residuals as a correction. */
double spc_stat_mean(const double *v, size_t n)
{
    long double s = 0, t = 0;
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        if (!isnan(v[i])) {
            s += v[i];
            k++;
        }
    }
    if (k == 0)
        return NAN;
    if (isfinite((double)s)) {
        s /= k;
    } else {
        for (i = 0; i < n; i++)
            if (!isnan(v[i]))
                t += v[i] / (long double)k;
        s = t;
    }
    if (isfinite((double)s)) {
        t = 0;
        for (i = 0; i < n; i++)
            if (!isnan(v[i]))
                t += v[i] - s;
        s += t / k;
    }
    return (double)s;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;

    return (a > b) - (a < b);
}

double spc_stat_median(double *v, size_t n)
{
    size_t i, k = 0;
    double mid[2];

    for (i = 0; i < n; i++)
        if (!isnan(v[i]))
            v[k++] = v[i];
    if (k == 0)
        return NAN;
    qsort(v, k, sizeof(*v), cmp_double);
    if (k % 2)
        return v[k / 2];
    mid[0] = v[k / 2 - 1];
    mid[1] = v[k / 2];
    return spc_stat_mean(mid, 2);
}

/* R's var(): the mean as in cov.c (two passes in long double), then the
 * sum of squared deviations in long double over n - 1. */
double spc_stat_sd(const double *v, size_t n)
{
    long double s = 0, mean;
    double xm;
    size_t i, k = 0;

    for (i = 0; i < n; i++) {
        if (!isnan(v[i])) {
            s += v[i];
            k++;
        }
    }
    if (k < 2)
        return NAN;
    mean = s / k;
    if (isfinite((double)mean)) {
        s = 0;
        for (i = 0; i < n; i++)
            if (!isnan(v[i]))
                s += v[i] - mean;
        mean += s / k;
    }
    xm = (double)mean;
    s = 0;
    for (i = 0; i < n; i++)
        if (!isnan(v[i]))
            s += (v[i] - xm) * (v[i] - xm);
    return sqrt((double)(s / (k - 1)));
}

/* lgamma_r, unlike lgamma, does not write the global signgam, so the
 * engine stays safe to call from several threads. */
double spc_stat_c4(size_t m)
{
    double dm = (double)m;
    int sign;

    if (m <= 1)
        return NAN;
    return sqrt(2 / (dm - 1)) *
           exp(lgamma_r(dm / 2, &sign) - lgamma_r((dm - 1) / 2, &sign));
}
