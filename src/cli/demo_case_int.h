/* demo_case_int.h: what ska demo's case files share (demo_case.c plans the
 * cases, demo_case_handle.c writes and handles them, demo_case_text.c
 * holds the phrase tables). Not for use outside src/cli/demo_case*.c. */
#ifndef SKA_DEMO_CASE_INT_H
#define SKA_DEMO_CASE_INT_H

#include "demo_int.h"

struct demo_cat_text {
    const char *code;
    const char *what[3], *action[2], *suggestion[2];
};

/* the phrase tables (demo_case_text.c), looked up by category code */
extern const struct demo_cat_text demo_cat_texts[];
extern const size_t demo_ncat_texts;
extern const char *const demo_risk_texts[6];
extern const char *const demo_improvement_texts[6];
extern const char *const demo_complaint_texts[6];
extern const char *const demo_contexts[8];
extern const char *const demo_feedbacks[4];
extern const char *const demo_inv_texts[INV__MAX];
extern const char *const demo_evaluations[4];

/* demo_cat_text gives the phrases of category `code`, or the first
 * table's when it has none. */
const struct demo_cat_text *demo_cat_text(const char *code);

/* Where cases happen: unit code, cases per year (relative), its handler,
 * and which categories it reports most (demo_case.c). */
#define DEMO_CASE_UNITS 10
struct demo_case_unit {
    const char *code, *handler, *extra; /* extra: space-separated codes */
    unsigned weight;
};
extern const struct demo_case_unit demo_case_units[];

/* one planned case; unit indexes demo_case_units */
struct demo_case {
    int64_t reported, occurred;
    unsigned unit, text;
    const char *cat, *type; /* category code, case type */
    int pattern;            /* 0 noise, 1 or 2: the systematic problems */
};

/* the people who report and handle the cases, by demo_case_units index,
 * and each care provider's categories (0 Region Exempel, 1 the
 * vårdcentral) */
struct demo_people {
    int64_t staff[DEMO_CASE_UNITS][4];
    unsigned nstaff[DEMO_CASE_UNITS];
    struct actor handler[DEMO_CASE_UNITS];
    struct actor quality; /* decides Lex Maria in Region Exempel */
    int64_t unit_id[DEMO_CASE_UNITS], provider[DEMO_CASE_UNITS];
    struct case_category *cats[2];
    size_t ncats[2];
};

/* demo_case_write writes one planned case and handles it as far as its age
 * allows (demo_case_handle.c). serious: a full investigation and a Lex
 * Maria decision. */
enum err demo_case_write(struct store *st, struct arena *a,
                         const struct demo_people *p, const struct demo_case *d,
                         int64_t now, int serious);

#endif
