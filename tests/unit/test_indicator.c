/* test_indicator.c: catalogue validation, periods, and the variation and
 * assurance verdicts on hand-built SPC results. */
#include <math.h>
#include <string.h>

#include "core/indicator.h"
#include "t.h"

static struct indicator good(void)
{
    struct indicator i;

    memset(&i, 0, sizeof(i));
    i.code = "HSV-RAAS";
    i.name = "Andel med RAAS";
    i.direction = "higher";
    i.dimension = "evidence_based";
    i.periodicity = "month";
    i.chart = "p";
    i.multiply = 100;
    i.target_moderate = 80;
    i.target_high = 90;
    return i;
}

T(validate_ok)
{
    struct indicator i = good();
    struct fielderrs fe = {0};

    ind_validate(&i, &fe);
    CHECK_INT(fe.n, 0);
}

T(validate_marks_every_field)
{
    struct indicator i = good();
    struct fielderrs fe = {0};

    i.code = "bad code!";
    i.name = " ";
    i.direction = "up";
    i.dimension = "fast";
    i.periodicity = "daily";
    i.chart = "zz";
    i.multiply = 0;
    i.target_high = 70; /* below moderate 80 with higher is better */
    ind_validate(&i, &fe);
    CHECK_STR(fielderr_get(&fe, "code"), "ind.err.code");
    CHECK_STR(fielderr_get(&fe, "name"), "err.required");
    CHECK_STR(fielderr_get(&fe, "direction"), "ind.err.direction");
    CHECK_STR(fielderr_get(&fe, "dimension"), "ind.err.dimension");
    CHECK_STR(fielderr_get(&fe, "periodicity"), "ind.err.periodicity");
    CHECK_STR(fielderr_get(&fe, "chart"), "ind.err.chart");
    CHECK_STR(fielderr_get(&fe, "multiply"), "ind.err.multiply");
    CHECK(fielderr_get(&fe, "target_high") == NULL); /* direction unknown */
    i = good();
    memset(&fe, 0, sizeof(fe));
    i.direction = "lower";
    ind_validate(&i, &fe);
    CHECK_STR(fielderr_get(&fe, "target_high"), "ind.err.target_order");
    i = good();
    memset(&fe, 0, sizeof(fe));
    i.code = NULL;
    i.dimension = NULL;
    ind_validate(&i, &fe);
    CHECK_STR(fielderr_get(&fe, "code"), "err.required");
    CHECK_STR(fielderr_get(&fe, "dimension"), "err.required");
}

T(names_round_trip)
{
    int k;

    for (k = 0; k < DIM__MAX; k++)
        CHECK_INT(ind_dimension_from_str(ind_dimension_str(k)), k);
    for (k = 0; k < PER__MAX; k++)
        CHECK_INT(ind_periodicity_from_str(ind_periodicity_str(k)), k);
    CHECK_INT(ind_dimension_from_str("x"), DIM__MAX);
    CHECK_INT(ind_periodicity_from_str(NULL), PER__MAX);
    CHECK_STR(ind_variation_str(VAR_IMPROVING), "improving");
    CHECK_STR(ind_assurance_str(ASSURE_HIT_MISS), "hit_miss");
}

T(periods)
{
    CHECK(ind_period_valid(PER_MONTH, "2024-01"));
    CHECK(ind_period_valid(PER_MONTH, "2024-12"));
    CHECK(!ind_period_valid(PER_MONTH, "2024-13"));
    CHECK(!ind_period_valid(PER_MONTH, "2024-00"));
    CHECK(!ind_period_valid(PER_MONTH, "2024-1"));
    CHECK(!ind_period_valid(PER_MONTH, "2024"));
    CHECK(ind_period_valid(PER_QUARTER, "2024-Q4"));
    CHECK(!ind_period_valid(PER_QUARTER, "2024-Q5"));
    CHECK(!ind_period_valid(PER_QUARTER, "2024-01"));
    CHECK(ind_period_valid(PER_YEAR, "2024"));
    CHECK(!ind_period_valid(PER_YEAR, "0999"));
    CHECK(!ind_period_valid(PER_YEAR, "24"));
    CHECK(ind_period_valid(PER_WEEK, "2024-W05"));
    CHECK(ind_period_valid(PER_WEEK, "2020-W53")); /* 2020 has 53 weeks */
    CHECK(ind_period_valid(PER_WEEK, "2026-W53")); /* Jan 1 2026: Thursday */
    CHECK(!ind_period_valid(PER_WEEK, "2024-W53"));
    CHECK(!ind_period_valid(PER_WEEK, "2024-W00"));
    CHECK(!ind_period_valid(PER_WEEK, "2024-05"));
    CHECK(!ind_period_valid(PER_MONTH, NULL));
    CHECK(!ind_period_valid(PER_MONTH, "abcd-01"));
}

#define NP 15
static struct spc_point pts[NP];
static struct spc_part part;
static struct spc_result res;

/* a stable series around 50 with limits 40..60 */
static void base(void)
{
    size_t i;

    memset(pts, 0, sizeof(pts));
    memset(&part, 0, sizeof(part));
    for (i = 0; i < NP; i++) {
        pts[i].y = i % 2 ? 52 : 48;
        pts[i].cl = 50;
        pts[i].lcl = 40;
        pts[i].ucl = 60;
        pts[i].part = 1;
    }
    part.first = 0;
    part.count = NP;
    part.n_obs = part.n_useful = NP;
    part.longest_run = 1;
    part.longest_run_max = 7;
    part.n_crossings = 14;
    part.n_crossings_min = 4;
    res.chart = SPC_I;
    res.npoints = NP;
    res.nparts = 1;
    res.points = pts;
    res.parts = &part;
}

T(variation_common_and_none)
{
    base();
    CHECK_INT(ind_variation(&res, 1), VAR_COMMON);
    part.n_useful = 11;
    CHECK_INT(ind_variation(&res, 1), VAR_NONE);
    base();
    res.npoints = 0;
    CHECK_INT(ind_variation(&res, 1), VAR_NONE);
    /* no limits and no runs analysis */
    base();
    pts[NP - 1].lcl = pts[NP - 1].ucl = NAN;
    part.longest_run = -1;
    CHECK_INT(ind_variation(&res, 1), VAR_NONE);
}

T(variation_sigma)
{
    base();
    pts[NP - 1].y = 65;
    pts[NP - 1].sigma_signal = 1;
    CHECK_INT(ind_variation(&res, 1), VAR_IMPROVING);
    CHECK_INT(ind_variation(&res, 0), VAR_CONCERNING);
    pts[NP - 1].y = 35;
    CHECK_INT(ind_variation(&res, 1), VAR_CONCERNING);
    CHECK_INT(ind_variation(&res, 0), VAR_IMPROVING);
    /* a missing latest value: the last non-missing point counts */
    base();
    pts[NP - 2].y = 65;
    pts[NP - 2].sigma_signal = 1;
    pts[NP - 1].y = NAN;
    CHECK_INT(ind_variation(&res, 1), VAR_IMPROVING);
    /* an old sigma signal does not count */
    base();
    pts[3].y = 65;
    pts[3].sigma_signal = 1;
    CHECK_INT(ind_variation(&res, 1), VAR_COMMON);
}

T(variation_runs)
{
    size_t i;

    base();
    for (i = 5; i < NP; i++)
        pts[i].y = 55;
    part.runs_signal = 1;
    for (i = 0; i < NP; i++)
        pts[i].runs_signal = 1;
    CHECK_INT(ind_variation(&res, 1), VAR_IMPROVING);
    CHECK_INT(ind_variation(&res, 0), VAR_CONCERNING);
    /* the last point on the centre line: the last useful one decides */
    pts[NP - 1].y = 50;
    for (i = 5; i < NP - 1; i++)
        pts[i].y = 45;
    CHECK_INT(ind_variation(&res, 1), VAR_CONCERNING);
    /* an upward shift, then one low point: still the shift's verdict */
    for (i = 5; i < NP - 1; i++)
        pts[i].y = 55;
    pts[NP - 1].y = 45;
    CHECK_INT(ind_variation(&res, 1), VAR_IMPROVING);
    /* every point on the CL: no side */
    for (i = 0; i < NP; i++)
        pts[i].y = 50;
    CHECK_INT(ind_variation(&res, 1), VAR_NEUTRAL);
    /* run chart: no limits, runs analysis present */
    base();
    for (i = 0; i < NP; i++)
        pts[i].lcl = pts[i].ucl = NAN;
    res.chart = SPC_RUN;
    CHECK_INT(ind_variation(&res, 1), VAR_COMMON);
    part.runs_signal = 1;
    CHECK_INT(ind_variation(&res, 1), VAR_CONCERNING); /* last y 48 < 50 */
}

T(assurance)
{
    base();
    CHECK_INT(ind_assurance(&res, NAN, 1), ASSURE_NONE);
    CHECK_INT(ind_assurance(&res, 35, 1), ASSURE_MET);
    CHECK_INT(ind_assurance(&res, 50, 1), ASSURE_HIT_MISS);
    CHECK_INT(ind_assurance(&res, 60, 1), ASSURE_HIT_MISS);
    CHECK_INT(ind_assurance(&res, 65, 1), ASSURE_NOT_MET);
    CHECK_INT(ind_assurance(&res, 65, 0), ASSURE_MET);
    CHECK_INT(ind_assurance(&res, 35, 0), ASSURE_NOT_MET);
    CHECK_INT(ind_assurance(&res, 45, 0), ASSURE_HIT_MISS);
    pts[NP - 1].lcl = pts[NP - 1].ucl = NAN;
    CHECK_INT(ind_assurance(&res, 45, 1), ASSURE_NONE);
    base();
    res.npoints = 0;
    CHECK_INT(ind_assurance(&res, 45, 1), ASSURE_NONE);
}

T_MAIN(T_CASE(validate_ok), T_CASE(validate_marks_every_field),
       T_CASE(names_round_trip), T_CASE(periods),
       T_CASE(variation_common_and_none), T_CASE(variation_sigma),
       T_CASE(variation_runs), T_CASE(assurance))
