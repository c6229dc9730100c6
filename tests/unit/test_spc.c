/* test_spc.c: the SPC engine against the qicharts2 reference cases in
 * ../shared/spc-data/ (every case, every point, every part summary), plus
 * edge cases from spc-spec.md section 9. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "core/spc.h"
#include "csvfile.h"
#include "t.h"

#define DATA "../shared/spc-data/"

/* ---- helpers ---- */

/* load reads and parses a CSV file into the arena; NULL on failure. */
static const struct csvfile *load(struct arena *a, const char *path)
{
    struct csvfile *f = arena_alloc(a, sizeof(*f));
    struct buf data, err;
    FILE *fp = fopen(path, "rb");
    char chunk[8192];
    size_t n;
    int ok = 0;

    buf_init(&data, 0);
    buf_init(&err, 0);
    if (!fp || !f) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        goto out;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&data, chunk, n);
    if (data.err || csvfile_parse(a, data.p, data.len, f, &err)) {
        fprintf(stderr, "%s: %s\n", path, err.p);
        goto out;
    }
    ok = 1;
out:
    if (fp)
        fclose(fp);
    buf_release(&data);
    buf_release(&err);
    return ok ? f : NULL;
}

static const char *cell(const struct csvfile *f, size_t row, const char *col)
{
    long c = csvfile_col(f, col);

    if (c < 0 || row >= f->nrows || (size_t)c >= f->rows[row].nfields)
        return "";
    return f->rows[row].fields[c];
}

static double num(const char *s)
{
    return strcmp(s, "NA") == 0 || !*s ? NAN : strtod(s, NULL);
}

/* same_num: both missing, or equal within 1e-9 relative (1e-12 near 0). */
static int same_num(double got, const char *want)
{
    double w = num(want), d;

    if (!isfinite(got) || isnan(w))
        return !isfinite(got) && isnan(w);
    d = fabs(got - w);
    return d <= 1e-12 || d <= 1e-9 * fmax(fabs(got), fabs(w));
}

/* positions parses "3;14" into p (at most max); returns the count. */
static size_t positions(const char *s, size_t *p, size_t max)
{
    size_t n = 0;
    char *end;

    while (*s && n < max) {
        p[n++] = (size_t)strtoul(s, &end, 10);
        s = *end == ';' ? end + 1 : end;
        if (end == s && *s)
            break;
    }
    return n;
}

#define CHECK_NUM(got, want, what, c, i)                                       \
    do {                                                                       \
        if (!same_num((got), (want))) {                                        \
            fprintf(stderr, "%s point %zu: %s = %.17g, expected %s\n", (c),    \
                    (size_t)(i) + 1, (what), (got), (want));                   \
            t_failed_checks++;                                                 \
        }                                                                      \
    } while (0)

/* compute_case runs the engine on inputs/CASE.csv with the options of
 * cases.csv row r. */
static int compute_case(struct arena *a, const struct csvfile *cases, size_t r,
                        struct spc_result *res)
{
    static size_t part[16], excl[16];
    const char *id = cell(cases, r, "case");
    const struct csvfile *in;
    struct spc_input inp = {0};
    struct spc_opts o;
    struct buf err;
    const char **x;
    double *y, *n;
    char path[512];
    size_t i;
    int ok;

    snprintf(path, sizeof(path), DATA "inputs/%s.csv", id);
    in = load(a, path);
    if (!in)
        return 0;
    inp.nrows = in->nrows - 1;
    x = arena_alloc(a, in->nrows * sizeof(*x));
    y = arena_alloc(a, in->nrows * sizeof(*y));
    n = arena_alloc(a, in->nrows * sizeof(*n));
    for (i = 0; i < inp.nrows; i++) {
        x[i] = cell(in, i + 1, "x");
        y[i] = num(cell(in, i + 1, "y"));
        n[i] = num(cell(in, i + 1, "n"));
    }
    inp.x = x;
    inp.y = y;
    inp.n = *cell(cases, r, "n_col") ? n : NULL;
    spc_opts_init(&o);
    CHECK(spc_chart_parse(cell(cases, r, "chart"), &o.chart) == E_OK);
    CHECK(spc_agg_parse(cell(cases, r, "agg_fun"), &o.agg) == E_OK);
    o.multiply = num(cell(cases, r, "multiply"));
    o.freeze = (size_t)strtoul(cell(cases, r, "freeze"), NULL, 10);
    o.part = part;
    o.npart = positions(cell(cases, r, "part_points"), part, 16);
    o.exclude = excl;
    o.nexclude = positions(cell(cases, r, "exclude"), excl, 16);
    buf_init(&err, 0);
    ok = spc_compute(a, &inp, &o, res, &err) == E_OK;
    if (!ok)
        fprintf(stderr, "%s: %s\n", id, err.p);
    buf_release(&err);
    return ok;
}

/* check_points compares every point with expected/CASE.csv. */
static void check_points(struct arena *a, const char *id,
                         const struct spc_result *res)
{
    const struct csvfile *ex;
    char path[512];
    size_t i;

    snprintf(path, sizeof(path), DATA "expected/%s.csv", id);
    ex = load(a, path);
    CHECK(ex != NULL);
    if (!ex)
        return;
    CHECK_INT(res->npoints, ex->nrows - 1);
    for (i = 0; i < res->npoints && i + 1 < ex->nrows; i++) {
        const struct spc_point *p = &res->points[i];
        size_t r = i + 1;

        CHECK_INT(strtoul(cell(ex, r, "x_index"), NULL, 10), i + 1);
        CHECK_STR(p->x, cell(ex, r, "x"));
        CHECK_NUM(p->y, cell(ex, r, "y"), "y", id, i);
        CHECK_NUM(p->cl, cell(ex, r, "cl"), "cl", id, i);
        CHECK_NUM(p->lcl, cell(ex, r, "lcl"), "lcl", id, i);
        CHECK_NUM(p->ucl, cell(ex, r, "ucl"), "ucl", id, i);
        CHECK_NUM(p->n, cell(ex, r, "denominator"), "denominator", id, i);
        CHECK_INT(p->runs_signal, num(cell(ex, r, "runs_signal")));
        CHECK_INT(p->sigma_signal, num(cell(ex, r, "sigma_signal")));
        CHECK_INT(p->part, num(cell(ex, r, "part")));
        CHECK_INT(p->size, num(cell(ex, r, "subgroup_size")));
        CHECK_INT(p->baseline, num(cell(ex, r, "baseline")));
        CHECK_INT(!p->excluded, num(cell(ex, r, "include")));
    }
}

static long opt_long(const char *s)
{
    return strcmp(s, "NA") == 0 ? -1 : strtol(s, NULL, 10);
}

/* check_part compares one summary row of cases.csv. */
static void check_part(const struct csvfile *cases, size_t r,
                       const struct spc_result *res)
{
    size_t k = (size_t)strtoul(cell(cases, r, "part"), NULL, 10);
    const struct spc_part *p;

    CHECK(k >= 1 && k <= res->nparts);
    if (k < 1 || k > res->nparts)
        return;
    p = &res->parts[k - 1];
    CHECK_INT(res->npoints, opt_long(cell(cases, r, "n_subgroups")));
    CHECK_INT(p->n_obs, opt_long(cell(cases, r, "n_obs")));
    CHECK_INT(p->n_useful, opt_long(cell(cases, r, "n_useful")));
    CHECK_INT(p->longest_run, opt_long(cell(cases, r, "longest_run")));
    CHECK_INT(p->longest_run_max, opt_long(cell(cases, r, "longest_run_max")));
    CHECK_INT(p->n_crossings, opt_long(cell(cases, r, "n_crossings")));
    CHECK_INT(p->n_crossings_min, opt_long(cell(cases, r, "n_crossings_min")));
    CHECK_INT(p->runs_signal, opt_long(cell(cases, r, "runs_signal")));
    CHECK_INT(p->sigma_signals, opt_long(cell(cases, r, "sigma_signal_count")));
}

/* ---- reference cases ---- */

T(reference_cases)
{
    struct arena *a = arena_new();
    const struct csvfile *cases = load(a, DATA "cases.csv");
    struct spc_result res;
    const char *prev = "";
    size_t r, ncases = 0, nparts = 0;
    int before;

    CHECK(cases != NULL && cases->nrows > 1);
    for (r = 1; cases && r < cases->nrows; r++) {
        const char *id = cell(cases, r, "case");

        if (strcmp(id, prev) != 0) {
            before = t_failed_checks;
            if (!compute_case(a, cases, r, &res)) {
                CHECK(!"case computed");
                memset(&res, 0, sizeof(res));
            } else {
                check_points(a, id, &res);
            }
            ncases++;
            prev = id;
            if (t_failed_checks != before)
                fprintf(stderr, "case %s: mismatch\n", id);
        }
        check_part(cases, r, &res);
        nparts++;
    }
    CHECK(ncases >= 23);
    printf("reference: %zu cases, %zu part summaries checked\n", ncases,
           nparts);
    arena_free(a);
}

T(runs_thresholds)
{
    struct arena *a = arena_new();
    const struct csvfile *t = load(a, DATA "thresholds.csv");
    size_t r;
    long lr, nc;

    CHECK(t != NULL && t->nrows == 5001);
    for (r = 1; t && r < t->nrows; r++) {
        spc_runs_limits(strtoul(cell(t, r, "n_useful"), NULL, 10), &lr, &nc);
        CHECK_INT(lr, strtol(cell(t, r, "longest_run_max"), NULL, 10));
        CHECK_INT(nc, strtol(cell(t, r, "n_crossings_min"), NULL, 10));
    }
    spc_runs_limits(1, &lr, &nc);
    CHECK_INT(lr, 3);
    CHECK_INT(nc, 0);
    spc_runs_limits(6, &lr, &nc);
    CHECK_INT(nc, 1);
    arena_free(a);
}

/* ---- edge cases (spec section 9) ---- */

/* run computes chart c over y (and n unless NULL), without x keys. */
static enum err run(struct arena *a, enum spc_chart c, const double *y,
                    const double *n, size_t k, struct spc_result *res)
{
    struct spc_input in = {k, NULL, y, n};
    struct spc_opts o;
    struct buf err;
    enum err e;

    spc_opts_init(&o);
    o.chart = c;
    buf_init(&err, 0);
    e = spc_compute(a, &in, &o, res, &err);
    buf_release(&err);
    return e;
}

T(all_equal_i_chart_has_no_limits)
{
    struct arena *a = arena_new();
    double y[] = {5, 5, 5, 5, 5, 5};
    struct spc_result r;

    CHECK(run(a, SPC_I, y, NULL, 6, &r) == E_OK);
    CHECK(r.points[0].cl == 5);
    CHECK(isnan(r.points[0].lcl) && isnan(r.points[0].ucl));
    CHECK_INT(r.parts[0].n_useful, 0);
    CHECK_INT(r.parts[0].longest_run, -1);
    CHECK_INT(r.parts[0].n_crossings_min, -1);
    CHECK_INT(r.parts[0].runs_signal, 0);
    arena_free(a);
}

T(i_chart_all_equal_but_one_signals_everywhere)
{
    struct arena *a = arena_new();
    double y[] = {1, 1, 1, 1, 9, 1, 1, 1, 1, 1};
    struct spc_result r;
    size_t i;

    CHECK(run(a, SPC_I, y, NULL, 10, &r) == E_OK);
    CHECK(r.points[0].lcl == r.points[0].cl);
    CHECK(r.points[0].ucl == r.points[0].cl);
    for (i = 0; i < 10; i++)
        CHECK(r.points[i].sigma_signal);
    CHECK_INT(r.parts[0].sigma_signals, 10);
    arena_free(a);
}

T(zero_counts)
{
    struct arena *a = arena_new();
    double y[] = {0, 0, 0, 0}, n[] = {10, 10, 10, 10};
    struct spc_result r;

    CHECK(run(a, SPC_C, y, NULL, 4, &r) == E_OK);
    CHECK(r.points[0].cl == 0 && r.points[0].lcl == 0 && r.points[0].ucl == 0);
    CHECK_INT(r.parts[0].sigma_signals, 0);
    CHECK(run(a, SPC_P, y, n, 4, &r) == E_OK);
    CHECK(r.points[0].cl == 0 && r.points[0].lcl == 0 && r.points[0].ucl == 0);
    CHECK(run(a, SPC_PP, y, n, 4, &r) == E_OK);
    CHECK(r.points[0].cl == 0);
    CHECK(isnan(r.points[0].lcl) && isnan(r.points[0].ucl));
    arena_free(a);
}

T(zero_denominator)
{
    struct arena *a = arena_new();
    double y[] = {1, 0, 3, 2}, n[] = {10, 0, 0, 10};
    struct spc_result r;

    CHECK(run(a, SPC_U, y, n, 4, &r) == E_OK);
    CHECK(isnan(r.points[1].y)); /* 0/0 */
    CHECK(isinf(r.points[2].y)); /* 3/0 */
    CHECK(r.points[0].cl == 6.0 / 20);
    CHECK(isnan(r.points[1].lcl) && isnan(r.points[1].ucl));
    CHECK(isnan(r.points[2].lcl) && isnan(r.points[2].ucl));
    CHECK(!r.points[2].sigma_signal);
    CHECK(isfinite(r.points[0].ucl));
    arena_free(a);
}

T(t_chart)
{
    struct arena *a = arena_new();
    double y[] = {4, 4, 4, 4}, bad[] = {3, NAN, 0, 2};
    struct spc_result r;

    CHECK(run(a, SPC_T, y, NULL, 4, &r) == E_OK);
    CHECK(r.points[0].lcl == 0 && isnan(r.points[0].ucl));
    CHECK(fabs(r.points[0].cl - 4) < 1e-12);
    CHECK(run(a, SPC_T, bad, NULL, 4, &r) == E_INVAL);
    CHECK_INT(r.err_row, 2);
    arena_free(a);
}

T(short_series)
{
    struct arena *a = arena_new();
    double y[] = {7}, n[] = {20};
    struct spc_result r;

    CHECK(run(a, SPC_I, y, NULL, 1, &r) == E_OK);
    CHECK(r.points[0].cl == 7 && isnan(r.points[0].ucl));
    CHECK(run(a, SPC_MR, y, NULL, 1, &r) == E_OK);
    CHECK(isnan(r.points[0].y));
    CHECK(run(a, SPC_RUN, y, NULL, 1, &r) == E_OK);
    CHECK(r.points[0].cl == 7);
    CHECK_INT(r.parts[0].n_useful, 0);
    CHECK(run(a, SPC_C, y, NULL, 1, &r) == E_OK);
    CHECK(isfinite(r.points[0].ucl));
    CHECK(run(a, SPC_UP, y, n, 1, &r) == E_OK);
    CHECK(isnan(r.points[0].ucl));
    CHECK(run(a, SPC_I, y, NULL, 0, &r) == E_OK);
    CHECK_INT(r.npoints, 0);
    CHECK_INT(r.nparts, 0);
    arena_free(a);
}

T(subgroups_sorted_and_aggregated)
{
    struct arena *a = arena_new();
    const char *x[] = {"10", "9", "10", NULL, "9.0", "1e1"};
    double y[] = {1, 2, 3, 100, NAN, NAN};
    const char *d[] = {"2024-02-01", "2024-01-01", "2024-02-01"};
    struct spc_input in = {6, x, y, NULL};
    struct spc_opts o;
    struct spc_result r;
    struct buf err;

    buf_init(&err, 0);
    spc_opts_init(&o);
    o.chart = SPC_C;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK_INT(r.npoints, 2); /* numeric keys: 9 == 9.0, 10 == 1e1 */
    CHECK_STR(r.points[0].x, "9");
    CHECK(r.points[0].y == 2); /* sum of non-missing */
    CHECK(r.points[1].y == 4);
    CHECK_INT(r.points[1].size, 2);
    CHECK_INT(r.points[1].row, 0);
    in.nrows = 3;
    in.x = d;
    o.chart = SPC_I;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK_STR(r.points[0].x, "2024-01-01");
    CHECK(r.points[1].y == 2); /* mean of 1 and 3 */
    buf_release(&err);
    arena_free(a);
}

T(all_missing_multi_row_subgroup_counts_zero)
{
    struct arena *a = arena_new();
    const char *x[] = {"1", "2", "2", "3"};
    double y[] = {4, NAN, NAN, NAN};
    struct spc_input in = {4, x, y, NULL};
    struct spc_opts o;
    struct spc_result r;
    struct buf err;

    buf_init(&err, 0);
    spc_opts_init(&o);
    o.chart = SPC_C;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK(r.points[1].y == 0);   /* two rows, all missing: 0 */
    CHECK(isnan(r.points[2].y)); /* one row, missing: missing */
    CHECK(r.points[0].cl == 2);
    o.chart = SPC_I;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK(isnan(r.points[1].y));
    buf_release(&err);
    arena_free(a);
}

T(parts_freeze_exclude_multiply)
{
    struct arena *a = arena_new();
    double y[] = {1, 2, 3, 4, 10, 11, 12, 13};
    size_t part[] = {4, 0, 99, 4}, freeze[] = {2}, excl[] = {2, 50};
    struct spc_input in = {8, NULL, y, NULL};
    struct spc_opts o;
    struct spc_result r;
    struct buf err;

    buf_init(&err, 0);
    spc_opts_init(&o);
    o.chart = SPC_MR;
    o.part = part;
    o.npart = 4;
    o.freeze = 2; /* ignored: parts given */
    o.multiply = 10;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK_INT(r.nparts, 2);
    CHECK(isnan(r.points[0].y) && isnan(r.points[4].y));
    CHECK(r.points[1].y == 10 && r.points[1].cl == 10);
    CHECK(r.points[5].part == 2 && r.points[5].baseline);
    CHECK(r.points[1].ucl == 32.67);
    o.npart = 0;
    o.chart = SPC_RUN;
    o.freeze = freeze[0];
    o.multiply = 1;
    o.exclude = excl;
    o.nexclude = 2;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK(r.points[0].cl == 1); /* median of point 1 only (2 excluded) */
    CHECK(r.points[1].excluded && !r.points[2].baseline);
    CHECK_INT(r.parts[0].n_obs, 7);
    CHECK_INT(r.parts[0].n_useful, 6);
    CHECK_INT(r.parts[0].longest_run, 6);
    CHECK_INT(r.parts[0].longest_run_max, 6); /* not exceeded, but */
    CHECK_INT(r.parts[0].n_crossings, 0);     /* fewer than 1 crossing */
    CHECK_INT(r.parts[0].runs_signal, 1);
    buf_release(&err);
    arena_free(a);
}

T(bad_options)
{
    struct arena *a = arena_new();
    double y[] = {1, 2};
    struct spc_input in = {2, NULL, y, NULL};
    struct spc_opts o;
    struct spc_result r;
    struct buf err;

    buf_init(&err, 0);
    spc_opts_init(&o);
    o.chart = SPC_P;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_INVAL);
    CHECK(strstr(err.p, "denominator") != NULL);
    spc_opts_init(&o);
    o.multiply = 0;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_INVAL);
    spc_opts_init(&o);
    o.chart = SPC_XBAR;
    o.agg = SPC_AGG_SUM;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_INVAL);
    buf_release(&err);
    arena_free(a);
}

T(xbar_size_one_has_no_limits)
{
    struct arena *a = arena_new();
    const char *x[] = {"1", "1", "2", "3", "3", "3"};
    double y[] = {1, 3, 5, 2, 4, 6};
    struct spc_input in = {6, x, y, NULL};
    struct spc_opts o;
    struct spc_result r;
    struct buf err;

    buf_init(&err, 0);
    spc_opts_init(&o);
    o.chart = SPC_XBAR;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK(r.points[0].cl == 21.0 / 6);
    CHECK(isnan(r.points[1].lcl) && isnan(r.points[1].ucl));
    CHECK(isfinite(r.points[0].ucl) && isfinite(r.points[2].ucl));
    o.chart = SPC_S;
    CHECK(spc_compute(a, &in, &o, &r, &err) == E_OK);
    CHECK(isnan(r.points[1].y) && isnan(r.points[1].lcl));
    buf_release(&err);
    arena_free(a);
}

T_MAIN(T_CASE(reference_cases), T_CASE(runs_thresholds),
       T_CASE(all_equal_i_chart_has_no_limits),
       T_CASE(i_chart_all_equal_but_one_signals_everywhere),
       T_CASE(zero_counts), T_CASE(zero_denominator), T_CASE(t_chart),
       T_CASE(short_series), T_CASE(subgroups_sorted_and_aggregated),
       T_CASE(all_missing_multi_row_subgroup_counts_zero),
       T_CASE(parts_freeze_exclude_multiply), T_CASE(bad_options),
       T_CASE(xbar_size_one_has_no_limits))
