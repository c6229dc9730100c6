/* spc_bench.c: `make bench-indicators` part (a): spc_compute over 100,000
 * series of 60 monthly points for every chart type, on one core, with
 * a fresh arena per series, subgroups keyed by period ("YYYY-MM") as the
 * dashboard does, or by row order with the argument "nokeys". Usage:
 * spc_bench [NSERIES [nokeys]]. Prints seconds per chart type and in all. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/spc.h"

#define NPTS 60

static unsigned long long rs = 88172645463325252ULL;

static double unif(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return ((rs >> 11) + 0.5) / 9007199254740992.0;
}

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double y[NPTS], n[NPTS];
static char xs[NPTS][8];
static const char *x[NPTS];
static double sink;

/* one computes one random series of chart type c; 0 on success. */
static int one(enum spc_chart c, int keys, struct buf *err)
{
    struct spc_input in = {0};
    struct spc_opts o;
    struct arena *a = arena_new();
    struct spc_result r;
    int i;

    spc_opts_init(&o);
    o.chart = c;
    in.nrows = NPTS;
    in.x = keys ? x : NULL; /* keyed by period, as the dashboard */
    in.y = y;
    in.n =
        (c == SPC_U || c == SPC_UP || c == SPC_P || c == SPC_PP || c == SPC_IP)
            ? n
            : NULL;
    for (i = 0; i < NPTS; i++) {
        n[i] = 80 + (int)(40 * unif());
        y[i] = c == SPC_P || c == SPC_PP ? floor(n[i] * 0.3 * unif() * 2)
                                         : 1 + floor(20 * unif());
    }
    if (!a || spc_compute(a, &in, &o, &r, err) != E_OK) {
        fprintf(stderr, "spc_bench: %s failed: %s\n", spc_chart_name(c),
                err->p);
        arena_free(a);
        return -1;
    }
    sink += r.npoints ? r.points[r.npoints - 1].cl : 0;
    arena_free(a);
    return 0;
}

int main(int argc, char **argv)
{
    long nseries = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
    int keys = !(argc > 2 && strcmp(argv[2], "nokeys") == 0);
    double total = 0, t0, dt;
    struct buf err;
    long s;
    int c, i;

    buf_init(&err, 0);
    for (i = 0; i < NPTS; i++) {
        snprintf(xs[i], sizeof(xs[i]), "%04d-%02d", 2021 + i / 12, 1 + i % 12);
        x[i] = xs[i];
    }
    printf("%-6s %10s %12s\n", "chart", "seconds", "us/series");
    for (c = 0; c < SPC_CHART__MAX; c++) {
        t0 = now();
        for (s = 0; s < nseries; s++)
            if (one((enum spc_chart)c, keys, &err))
                return 1;
        dt = now() - t0;
        total += dt;
        printf("%-6s %10.3f %12.2f\n", spc_chart_name((enum spc_chart)c), dt,
               1e6 * dt / nseries);
    }
    printf("total  %10.3f s for %ld series x %d points x %d chart types "
           "(%.0f series/s)\n",
           total, nseries, NPTS, SPC_CHART__MAX,
           nseries * SPC_CHART__MAX / total);
    /* The figure: NSERIES series in all, the chart types taking
     * turns, as a dashboard of mixed indicators computes them. */
    t0 = now();
    for (s = 0; s < nseries; s++)
        if (one((enum spc_chart)(s % SPC_CHART__MAX), keys, &err))
            return 1;
    dt = now() - t0;
    printf("mixed  %10.3f s for %ld series x %d points, all %d chart types "
           "in turn%s\n",
           dt, nseries, NPTS, SPC_CHART__MAX, sink == 12345.678 ? "." : "");
    buf_release(&err);
    return 0;
}
