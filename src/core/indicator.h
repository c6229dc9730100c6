/* indicator.h: quality indicators (kvalitetsindikatorer): the catalogue
 * record, its validation, periods, and the two verdicts the dashboard
 * shows - variation (is something changing?) and assurance (will the target
 * be met?) - computed from an SPC result. Pure logic: no I/O, no SQL. */
#ifndef SKA_INDICATOR_H
#define SKA_INDICATOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/fielderr.h"
#include "core/spc.h"

/* God vård's six quality dimensions (current Swedish wording). */
enum ind_dimension {
    DIM_EVIDENCE_BASED, /* kunskapsbaserad */
    DIM_SAFE,           /* säker */
    DIM_PERSON_CENTRED, /* individanpassad */
    DIM_EQUITABLE,      /* jämlik */
    DIM_EFFICIENT,      /* effektiv */
    DIM_ACCESSIBLE,     /* tillgänglig */
    DIM__MAX
};

enum ind_periodicity { PER_WEEK, PER_MONTH, PER_QUARTER, PER_YEAR, PER__MAX };

struct indicator {
    int64_t id, provider_id;
    const char *code, *name, *description;
    const char *numerator_def, *denominator_def;
    const char *unit;                    /* display unit: "%", "dagar", ... */
    const char *direction;               /* "higher" or "lower" (is better) */
    const char *dimension;               /* enum ind_dimension's code name */
    const char *source;                  /* e.g. "RiksSvikt" */
    const char *periodicity;             /* "month", ... */
    const char *chart;                   /* spc chart name: "p", "run", ... */
    double target_moderate, target_high; /* NaN = none */
    double multiply;                     /* e.g. 100 for percent */
    int active;
    int64_t created_at, updated_at;
};

/* Variation verdict (NHS "Making Data Count"): from the latest point's
 * signals and the indicator's direction. */
enum ind_variation {
    VAR_NONE,       /* too little data to say */
    VAR_COMMON,     /* common cause: only random variation */
    VAR_IMPROVING,  /* special cause in the good direction */
    VAR_CONCERNING, /* special cause in the bad direction */
    VAR_NEUTRAL,    /* special cause, no direction (e.g. both sides) */
    VAR__MAX
};

/* Assurance verdict: where the process limits lie against the target. */
enum ind_assurance {
    ASSURE_NONE,     /* no target or no limits */
    ASSURE_MET,      /* reliably met: the whole limit band is on the good
                        side of the target */
    ASSURE_HIT_MISS, /* the target lies inside the limits */
    ASSURE_NOT_MET,  /* reliably not met: the band is on the bad side */
    ASSURE__MAX
};

const char *ind_dimension_str(enum ind_dimension d);
enum ind_dimension ind_dimension_from_str(const char *s); /* DIM__MAX */
const char *ind_periodicity_str(enum ind_periodicity p);
enum ind_periodicity ind_periodicity_from_str(const char *s); /* PER__MAX */
const char *ind_variation_str(enum ind_variation v); /* "common", ... */
const char *ind_assurance_str(enum ind_assurance a); /* "met", ... */

/* ind_validate checks the catalogue fields; every bad field is marked. */
void ind_validate(const struct indicator *ind, struct fielderrs *fe);
/* ind_period_valid reports whether s is a well-formed period of the given
 * periodicity ("2024-01", "2024-Q1", "2024", "2024-W05"). */
int ind_period_valid(enum ind_periodicity p, const char *s);

/* ind_variation judges the last non-missing point of r (its part's
 * signals): higher_is_better from the indicator's direction. */
enum ind_variation ind_variation(const struct spc_result *r,
                                 int higher_is_better);
/* ind_assurance compares the latest part's limits with target (NaN: no
 * target). */
enum ind_assurance ind_assurance(const struct spc_result *r, double target,
                                 int higher_is_better);

#endif
