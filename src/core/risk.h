/* risk.h: the risk matrix of an assessment (riskmatris): konsekvens x
 * sannolikhet -> riskvärde and its band, and the rule that suggests an
 * event analysis (händelseanalys). A care provider may configure the labels
 * of the levels, the band thresholds and the rule (migration 017); the
 * defaults are those of domain.md §3. Pure logic: the store keeps a
 * provider's matrix, the web layer shows it. */
#ifndef SKA_RISK_H
#define SKA_RISK_H

#include "core/fielderr.h"

/* The levels per axis. Only 4 for now: cases.consequence and
 * cases.probability are CHECKed to 1..4 by migration 004 (a table with
 * full-text search, triggers and many references: widening the CHECK means
 * rebuilding it), and with fewer levels a recorded assessment at level 4
 * could no longer be shown on its own scale. */
#define RISK_LEVELS_MIN 4
#define RISK_LEVELS_MAX 4
#define RISK_LABEL_MAX 60 /* characters of a level's label */

/* The risk matrix: konsekvens x sannolikhet, each 1..levels. Scores up to
 * low_max are low, up to medium_max medium, above that high. An event
 * analysis (händelseanalys) is suggested when the score is at least
 * analysis_score or the consequence at least analysis_consequence. The
 * labels of levels 1..levels ([0] unused) are borrowed; NULL means the
 * default, the message catalogue's "case.consequence.N" and
 * "case.probability.N". */
struct risk_matrix {
    int levels, low_max, medium_max, analysis_score, analysis_consequence;
    const char *consequence_label[RISK_LEVELS_MAX + 1];
    const char *probability_label[RISK_LEVELS_MAX + 1];
};

enum risk_band { BAND_NONE, BAND_LOW, BAND_MEDIUM, BAND_HIGH, BAND__MAX };

/* risk_matrix_default: 4 levels, 1-3 low, 4-6 medium, 8-16 high, analysis
 * at score >= 8 or consequence >= 3, default labels (domain.md). */
void risk_matrix_default(struct risk_matrix *m);
/* risk_score is consequence x probability, 0 when either is outside
 * 1..levels. */
int risk_score(const struct risk_matrix *m, int consequence, int probability);
enum risk_band risk_band_of(const struct risk_matrix *m, int score);
const char *risk_band_str(enum risk_band b);      /* "low", ... */
enum risk_band risk_band_from_str(const char *s); /* BAND_NONE if unknown */
int risk_needs_analysis(const struct risk_matrix *m, int consequence,
                        int probability);

/* risk_matrix_validate checks a matrix as entered, marking every bad field
 * in fe: "levels" (RISK_LEVELS_MIN..MAX); "low_max" and "medium_max"
 * (1 <= low_max < medium_max < levels², so that every band holds a score);
 * "analysis_score" (1..levels²) and "analysis_consequence" (1..levels);
 * "consequence_N" and "probability_N" for N in 1..levels (each given,
 * not blank, valid UTF-8 of at most RISK_LABEL_MAX characters, and unique
 * on its axis, ignoring case and surrounding spaces). Messages are keys of
 * the message catalogue ("risk.err.*", "err.required"). */
void risk_matrix_validate(const struct risk_matrix *m, struct fielderrs *fe);

#endif
