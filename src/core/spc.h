/* spc.h: statistical process control: run charts and Shewhart charts with
 * the Anhøj runs rules, computed exactly as qicharts2 0.8.1 does (the
 * project's spc-spec.md restates every formula and quirk; the unit test
 * replays its reference cases). Pure computation: arrays in, a result
 * struct out; no I/O and no printing. Thread-safe: no global state.
 *
 * Missing values are NaN throughout, in the input and in the result. */
#ifndef SKA_SPC_H
#define SKA_SPC_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

enum spc_chart {
    SPC_RUN,  /* run chart: median, no limits */
    SPC_I,    /* individuals */
    SPC_MR,   /* moving ranges */
    SPC_XBAR, /* subgroup means */
    SPC_S,    /* subgroup standard deviations */
    SPC_T,    /* time between rare events */
    SPC_C,    /* counts */
    SPC_U,    /* rates (needs a denominator) */
    SPC_UP,   /* Laney U' (needs a denominator) */
    SPC_P,    /* proportions (needs a denominator) */
    SPC_PP,   /* Laney P' (needs a denominator) */
    SPC_G,    /* opportunities between events */
    SPC_IP,   /* I' for averages of unequal sample sizes */
    SPC_CHART__MAX
};

/* How several y rows of one subgroup are combined when there is no
 * denominator (ignored by c, xbar and s charts, which plot sum, mean and
 * SD). */
enum spc_agg {
    SPC_AGG_MEAN,
    SPC_AGG_MEDIAN,
    SPC_AGG_SUM,
    SPC_AGG_SD,
    SPC_AGG__MAX
};

/* spc_chart_name / spc_agg_name return the option spelling ("up", "sd"). */
const char *spc_chart_name(enum spc_chart c);
const char *spc_agg_name(enum spc_agg g);
/* spc_chart_parse / spc_agg_parse map a spelling back; E_INVAL if unknown. */
enum err spc_chart_parse(const char *s, enum spc_chart *out);
enum err spc_agg_parse(const char *s, enum spc_agg *out);

/* The raw rows of one series. All arrays have nrows elements and are only
 * read during spc_compute. */
struct spc_input {
    size_t nrows;
    /* Subgroup keys, or NULL: then every row is its own subgroup, in row
     * order. A NULL key means a missing x; the row is dropped. Rows with
     * equal keys form one subgroup. Subgroups are sorted ascending: by
     * numeric value when every key is a finite decimal number, else by
     * byte order (so ISO dates sort in time order). */
    const char *const *x;
    const double *y; /* NaN = missing */
    const double *n; /* denominators, NaN = missing; NULL = none */
};

/* Options. spc_opts_init gives the defaults: run chart, mean, multiply 1,
 * no freeze, no parts, no exclusions. Positions are 1-based subgroup
 * positions after sorting (x_index); the arrays are only read. */
struct spc_opts {
    enum spc_chart chart;
    enum spc_agg agg;
    double multiply;    /* factor for y, CL and limits; finite, > 0 */
    size_t freeze;      /* last baseline position; 0 = none; ignored
                           when parts are given */
    const size_t *part; /* split after these positions (0 and >= N
                           are ignored, duplicates allowed) */
    size_t npart;
    const size_t *exclude; /* left out of CL, limits and runs analysis */
    size_t nexclude;
};

void spc_opts_init(struct spc_opts *o);

/* One subgroup, in x order. Every value is after multiply. NaN = missing;
 * y is +infinity for a positive count over a zero denominator. */
struct spc_point {
    const char *x; /* key text of the subgroup's first row (arena), or
                      NULL when the input has no keys */
    size_t row;    /* 0-based input row of the subgroup's first row */
    size_t size;   /* number of non-missing y rows */
    double n;      /* summed denominator (0 if all missing); NaN when the
                      input has none */
    double y, cl, lcl, ucl;
    size_t part;      /* 1-based part number */
    int baseline;     /* inside the freeze period (1 without freeze) */
    int excluded;     /* listed in opts.exclude */
    int sigma_signal; /* y > ucl or y < lcl */
    int runs_signal;  /* the part's runs signal, copied to every point */
};

/* Runs analysis and counts for one part. The four run/crossing fields are
 * -1 (missing) when n_useful is 0. */
struct spc_part {
    size_t first, count; /* points[first .. first + count) */
    size_t n_obs;        /* non-excluded subgroups (missing y counted) */
    size_t n_useful;     /* of those, with y present and not on the CL */
    long longest_run, longest_run_max;
    long n_crossings, n_crossings_min;
    int runs_signal;      /* always 0 for the MR chart */
    size_t sigma_signals; /* points of the part with a sigma signal */
};

struct spc_result {
    enum spc_chart chart;
    size_t npoints, nparts;
    struct spc_point *points; /* arena */
    struct spc_part *parts;   /* arena */
    /* On E_INVAL caused by a value: its 0-based input row; else
     * (size_t)-1. */
    size_t err_row;
};

/* spc_compute forms the subgroups of in, computes the chart described by
 * opt and fills *out, allocating from a (everything in *out lives until
 * arena_free). An empty or short series is not an error: it gives fewer or
 * missing values as the spec describes.
 *
 * Errors: E_INVAL with one English sentence appended to errmsg when a
 * u/up/p/pp chart has no denominator, an xbar or s chart is asked for an
 * aggregate other than the mean, an option is out of range, or a T chart
 * has a value <= 0 (then out->err_row names the row); E_NOMEM. */
enum err spc_compute(struct arena *a, const struct spc_input *in,
                     const struct spc_opts *opt, struct spc_result *out,
                     struct buf *errmsg);

/* spc_runs_limits gives the Anhøj limits for n_useful >= 1 useful
 * observations: the longest run allowed, round(log2(n)) + 3, and the fewest
 * crossings allowed, the 5% quantile of Binomial(n - 1, 0.5). */
void spc_runs_limits(size_t n_useful, long *longest_run_max,
                     long *n_crossings_min);

#endif
