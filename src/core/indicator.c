/* indicator.c: the indicator catalogue's validation, periods and the two
 * dashboard verdicts.
 *
 * Variation (NHS "Making Data Count"), judged on the latest point p, the
 * last point with a non-missing y, and its part:
 *   - VAR_NONE when there is no such point, when the part has fewer than
 *     IND_MIN_USEFUL (12) useful points (spc_part.n_useful), or when the
 *     chart has neither limits at p nor a runs analysis;
 *   - special cause when p has a sigma signal (y > UCL: high, y < LCL: low)
 *     or else when the part has a runs signal (its side: that of the
 *     part's longest run of useful points - y present, not excluded, not
 *     on the CL - the later one on a tie, so one point on the other side
 *     after a shift does not reverse the verdict; none: VAR_NEUTRAL);
 *   - high is VAR_IMPROVING when higher is better, else VAR_CONCERNING, and
 *     low the reverse;
 *   - VAR_COMMON otherwise.
 * Assurance, from p's LCL and UCL (the latest part's limits at the latest
 * point) and the target, in the chart's scale (after multiply): with higher
 * is better, LCL > target is ASSURE_MET, UCL < target ASSURE_NOT_MET; with
 * lower is better, UCL < target is met and LCL > target not met; a target
 * on or between the limits is ASSURE_HIT_MISS. ASSURE_NONE without a
 * target, without a point, or without finite limits (run charts). */
#include "indicator.h"

#include <math.h>
#include <string.h>

#include "names.h"

#define IND_MIN_USEFUL 12

static const char *const dim_names[DIM__MAX] = {
    [DIM_EVIDENCE_BASED] = "evidence_based", [DIM_SAFE] = "safe",
    [DIM_PERSON_CENTRED] = "person_centred", [DIM_EQUITABLE] = "equitable",
    [DIM_EFFICIENT] = "efficient",           [DIM_ACCESSIBLE] = "accessible",
};

static const char *const per_names[PER__MAX] = {
    [PER_WEEK] = "week",
    [PER_MONTH] = "month",
    [PER_QUARTER] = "quarter",
    [PER_YEAR] = "year",
};

static const char *const var_names[VAR__MAX] = {
    [VAR_NONE] = "none",           [VAR_COMMON] = "common",
    [VAR_IMPROVING] = "improving", [VAR_CONCERNING] = "concerning",
    [VAR_NEUTRAL] = "neutral",
};

static const char *const assure_names[ASSURE__MAX] = {
    [ASSURE_NONE] = "none",
    [ASSURE_MET] = "met",
    [ASSURE_HIT_MISS] = "hit_miss",
    [ASSURE_NOT_MET] = "not_met",
};

const char *ind_dimension_str(enum ind_dimension d)
{
    return d < DIM__MAX ? dim_names[d] : "";
}

enum ind_dimension ind_dimension_from_str(const char *s)
{
    return (enum ind_dimension)names_index(dim_names, DIM__MAX, s);
}

const char *ind_periodicity_str(enum ind_periodicity p)
{
    return p < PER__MAX ? per_names[p] : "";
}

enum ind_periodicity ind_periodicity_from_str(const char *s)
{
    return (enum ind_periodicity)names_index(per_names, PER__MAX, s);
}

const char *ind_variation_str(enum ind_variation v)
{
    return v < VAR__MAX ? var_names[v] : "";
}

const char *ind_assurance_str(enum ind_assurance a)
{
    return a < ASSURE__MAX ? assure_names[a] : "";
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* A code: 1 to 64 of A-Z a-z 0-9 . _ - */
static int code_ok(const char *s)
{
    size_t n = 0;

    for (; *s; s++, n++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            return 0;
    return n >= 1 && n <= 64;
}

void ind_validate(const struct indicator *ind, struct fielderrs *fe)
{
    enum spc_chart c;
    int higher;

    if (blank(ind->code))
        fielderr_add(fe, "code", "err.required");
    else if (!code_ok(ind->code))
        fielderr_add(fe, "code", "ind.err.code");
    if (blank(ind->name))
        fielderr_add(fe, "name", "err.required");
    else if (strlen(ind->name) > 200)
        fielderr_add(fe, "name", "ind.err.too_long");
    if (blank(ind->direction))
        fielderr_add(fe, "direction", "err.required");
    else if (strcmp(ind->direction, "higher") != 0 &&
             strcmp(ind->direction, "lower") != 0)
        fielderr_add(fe, "direction", "ind.err.direction");
    if (blank(ind->dimension))
        fielderr_add(fe, "dimension", "err.required");
    else if (ind_dimension_from_str(ind->dimension) == DIM__MAX)
        fielderr_add(fe, "dimension", "ind.err.dimension");
    if (ind->periodicity &&
        ind_periodicity_from_str(ind->periodicity) == PER__MAX)
        fielderr_add(fe, "periodicity", "ind.err.periodicity");
    if (ind->chart && spc_chart_parse(ind->chart, &c) != E_OK)
        fielderr_add(fe, "chart", "ind.err.chart");
    if (!isfinite(ind->multiply) || ind->multiply <= 0)
        fielderr_add(fe, "multiply", "ind.err.multiply");
    if (isinf(ind->target_moderate))
        fielderr_add(fe, "target_moderate", "ind.err.number");
    if (isinf(ind->target_high))
        fielderr_add(fe, "target_high", "ind.err.number");
    /* the high target must be at least as good as the moderate one */
    higher = ind->direction && strcmp(ind->direction, "higher") == 0;
    if (ind->direction && (higher || strcmp(ind->direction, "lower") == 0) &&
        isfinite(ind->target_moderate) && isfinite(ind->target_high) &&
        (higher ? ind->target_high < ind->target_moderate
                : ind->target_high > ind->target_moderate))
        fielderr_add(fe, "target_high", "ind.err.target_order");
}

static int digits(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    size_t i;

    for (i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* ISO weeks in year y: 53 when 1 January is a Thursday, or a Wednesday in
 * a leap year. */
static int iso_weeks(int y)
{
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int yy = y - 1;
    /* day of week of 1 January: 0 = Sunday (Gauss) */
    int dow = (1 + 5 * (yy % 4) + 4 * (yy % 100) + 6 * (yy % 400)) % 7;

    return dow == 4 || (leap && dow == 3) ? 53 : 52;
}

int ind_period_valid(enum ind_periodicity p, const char *s)
{
    size_t n;
    int y, v;

    if (!s)
        return 0;
    n = strlen(s);
    if (n < 4 || !digits(s, 4) || s[0] == '0')
        return 0;
    y = num(s, 4);
    switch (p) {
    case PER_YEAR:
        return n == 4;
    case PER_MONTH:
        if (n != 7 || s[4] != '-' || !digits(s + 5, 2))
            return 0;
        v = num(s + 5, 2);
        return v >= 1 && v <= 12;
    case PER_QUARTER:
        return n == 7 && s[4] == '-' && s[5] == 'Q' && s[6] >= '1' &&
               s[6] <= '4';
    case PER_WEEK:
        if (n != 8 || s[4] != '-' || s[5] != 'W' || !digits(s + 6, 2))
            return 0;
        v = num(s + 6, 2);
        return v >= 1 && v <= iso_weeks(y);
    default:
        return 0;
    }
}

/* latest returns the index of the last point with a y, or -1. */
static long latest(const struct spc_result *r)
{
    size_t i = r->npoints;

    while (i-- > 0)
        if (!isnan(r->points[i].y))
            return (long)i;
    return -1;
}

enum ind_variation ind_variation(const struct spc_result *r,
                                 int higher_is_better)
{
    const struct spc_point *p;
    const struct spc_part *part;
    long i = latest(r);
    int side = 0; /* 1 high, -1 low */
    size_t k;

    if (i < 0 || !r->parts)
        return VAR_NONE;
    p = &r->points[i];
    if (p->part < 1 || p->part > r->nparts)
        return VAR_NONE;
    part = &r->parts[p->part - 1];
    if (part->n_useful < IND_MIN_USEFUL)
        return VAR_NONE;
    if (isnan(p->lcl) && isnan(p->ucl) && part->longest_run < 0)
        return VAR_NONE;
    if (p->sigma_signal && !isnan(p->ucl) && p->y > p->ucl)
        side = 1;
    else if (p->sigma_signal && !isnan(p->lcl) && p->y < p->lcl)
        side = -1;
    else if (part->runs_signal) {
        /* the side of the part's longest run (the later one on a tie): a
         * single point on the other side after a long shift does not turn
         * the verdict around */
        long run = 0, best = 0;
        int cur = 0;

        for (k = part->first; k <= (size_t)i; k++) {
            const struct spc_point *q = &r->points[k];
            int s;

            if (q->excluded || isnan(q->y) || isnan(q->cl) || q->y == q->cl)
                continue;
            s = q->y > q->cl ? 1 : -1;
            run = s == cur ? run + 1 : 1;
            cur = s;
            if (run >= best) {
                best = run;
                side = s;
            }
        }
        if (!side)
            return VAR_NEUTRAL;
    } else
        return VAR_COMMON;
    return (side > 0) == (higher_is_better != 0) ? VAR_IMPROVING
                                                 : VAR_CONCERNING;
}

enum ind_assurance ind_assurance(const struct spc_result *r, double target,
                                 int higher_is_better)
{
    const struct spc_point *p;
    long i = latest(r);

    if (i < 0 || !isfinite(target))
        return ASSURE_NONE;
    p = &r->points[i];
    if (!isfinite(p->lcl) || !isfinite(p->ucl))
        return ASSURE_NONE;
    if (higher_is_better) {
        if (p->lcl > target)
            return ASSURE_MET;
        if (p->ucl < target)
            return ASSURE_NOT_MET;
    } else {
        if (p->ucl < target)
            return ASSURE_MET;
        if (p->lcl > target)
            return ASSURE_NOT_MET;
    }
    return ASSURE_HIT_MISS;
}
