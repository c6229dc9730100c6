/* ind_import.h: parsing and checking an indicator import file (`ska import
 * indicators FILE`, the web import) already read into a struct csvfile
 * (CSV or XLSX). Pure logic: codes of units and indicators are checked
 * against the database by the caller.
 *
 * The kind of file is told by its header (column order is free, names are
 * exact and lower case, unknown columns are an error):
 *
 * Values file - has the columns "indicator" and "period":
 *     indicator,unit,period,numerator,denominator,value
 *   indicator  indicator code (required)
 *   unit       unit code (required); "RIKET" marks the national average
 *              for the period, which needs a value
 *   period     'YYYY-MM', 'YYYY-Qn', 'YYYY' or 'YYYY-Www' (required; the
 *              caller checks it against the indicator's periodicity)
 *   numerator, denominator, value: numbers; at least the value or both
 *              numerator and denominator; numerator column and
 *              denominator column are optional, as is value.
 *
 * Catalogue file - has the columns "code", "name" and "direction":
 *     code,name,description,numerator_def,denominator_def,unit,direction,
 *     dimension,source,periodicity,target_moderate,target_high,chart,
 *     multiply,focus_areas,patient_groups
 *   only code, name, direction and dimension are required columns;
 *   periodicity defaults to month, chart to run, multiply to 1;
 *   focus_areas and patient_groups list existing codes separated by '|';
 *   an optional column "active" takes 1/0 (default 1).
 *
 * Numbers accept a decimal comma ("12,5") or point, surrounding spaces and
 * no thousands separators; an empty cell or "NA" is missing. Every error
 * is reported as (line, column, message key) with 1-based line and column
 * (column 0: the row as a whole). */
#ifndef SKA_IND_IMPORT_H
#define SKA_IND_IMPORT_H

#include <stddef.h>

#include "arena.h"
#include "core/indicator.h"
#include "csvfile.h"

#define IND_NATIONAL_UNIT "RIKET"
#define IND_IMPORT_MAX_ERRS 1000

enum ind_import_kind { IMPORT_UNKNOWN, IMPORT_CATALOGUE, IMPORT_VALUES };

struct ind_import_err {
    size_t line, col;
    const char *msg;   /* catalogue key, e.g. "ind.err.number" */
    const char *value; /* the offending cell (arena), or NULL */
};

/* Errors beyond IND_IMPORT_MAX_ERRS are counted in n but not stored. */
struct ind_import_errs {
    struct ind_import_err *v;
    size_t n, cap;
};

struct ind_value_rec {
    size_t line;
    const char *indicator, *unit, *period;
    double numerator, denominator, value; /* NaN = missing */
    int national;                         /* unit is IND_NATIONAL_UNIT */
};

struct ind_cat_rec {
    size_t line;
    struct indicator ind;
    const char **focus, **groups; /* codes */
    size_t nfocus, ngroups;
};

/* ind_import_kind_of tells a file's kind from its header row. */
enum ind_import_kind ind_import_kind_of(const struct csvfile *f);

/* ind_import_num parses a number cell: 0 ok (NaN when empty or "NA"), -1
 * when it is not a finite number. */
int ind_import_num(const char *s, double *out);

/* ind_import_err_add records an error (arena a); -1 on no memory. */
int ind_import_err_add(struct arena *a, struct ind_import_errs *es, size_t line,
                       size_t col, const char *msg, const char *value);

/* ind_import_values parses a values file into recs[0..*n) (arena); every
 * bad cell is added to es. E_NOMEM or E_OK (look at es->n). */
enum err ind_import_values(struct arena *a, const struct csvfile *f,
                           struct ind_value_rec **recs, size_t *n,
                           struct ind_import_errs *es);
/* ind_import_catalogue parses a catalogue file (ind_validate per row; a
 * code twice is an error). */
enum err ind_import_catalogue(struct arena *a, const struct csvfile *f,
                              struct ind_cat_rec **recs, size_t *n,
                              struct ind_import_errs *es);
/* ind_import_col gives the 1-based column of name in f's header, or 0. */
size_t ind_import_col(const struct csvfile *f, const char *name);

#endif
