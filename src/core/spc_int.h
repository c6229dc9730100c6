/* spc_int.h: internals shared by spc.c, spc_limits.c and spc_stat.c. Not
 * for use outside src/core/spc*.c. */
#ifndef SKA_SPC_INT_H
#define SKA_SPC_INT_H

#include <stddef.h>

#include "arena.h"
#include "spc.h"

/* One subgroup while computing, all values before multiply. */
struct spc_sg {
    const char *x;   /* key text (arena) or NULL */
    size_t row;      /* first input row */
    size_t rows;     /* raw rows, missing y included */
    size_t m;        /* non-missing y */
    double sum;      /* one row: its y; several: sum of non-missing y */
    double mean, sd; /* of the non-missing y; NaN if m < 1 / m < 2 */
    double n;        /* summed denominator, NaN without one */
    double y;        /* plotted value */
    double cl, lcl, ucl;
    int baseline, include, base; /* base = baseline && include */
};

/* spc_limits_part sets cl/lcl/ucl (and, for mr and t, the plotted y) of
 * the k subgroups g[0..k) of one part. has_n: the input has denominators.
 * Non-finite limits are left as they come; the caller turns them into
 * NaN. Returns E_OK or E_NOMEM (scratch space comes from a). */
enum err spc_limits_part(struct arena *a, enum spc_chart chart,
                         struct spc_sg *g, size_t k, int has_n);

/* Statistics computed as R computes them (long double accumulation, the
 * second pass of mean()). NaN elements are skipped, as na.rm = TRUE does.
 * A mean, median or SD over nothing is NaN; a sum over nothing is 0. */
double spc_stat_sum(const double *v, size_t n);
double spc_stat_mean(const double *v, size_t n);
/* spc_stat_median may reorder v. */
double spc_stat_median(double *v, size_t n);
double spc_stat_sd(const double *v, size_t n);
/* spc_stat_c4 is the bias constant of the SD for samples of m; NaN for
 * m <= 1. */
double spc_stat_c4(size_t m);

#endif
