/* ind_import.c: parsing and checking indicator import files (the formats
 * are described in ind_import.h). */
#include "ind_import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const value_cols[] = {
    "indicator", "unit", "period", "numerator", "denominator", "value",
};

static const char *const cat_cols[] = {
    "code",
    "name",
    "description",
    "numerator_def",
    "denominator_def",
    "unit",
    "direction",
    "dimension",
    "source",
    "periodicity",
    "target_moderate",
    "target_high",
    "chart",
    "multiply",
    "focus_areas",
    "patient_groups",
    "active",
};

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

size_t ind_import_col(const struct csvfile *f, const char *name)
{
    long c = csvfile_col(f, name);

    return c < 0 ? 0 : (size_t)c + 1;
}

enum ind_import_kind ind_import_kind_of(const struct csvfile *f)
{
    if (f->nrows == 0)
        return IMPORT_UNKNOWN;
    if (ind_import_col(f, "indicator") && ind_import_col(f, "period"))
        return IMPORT_VALUES;
    if (ind_import_col(f, "code") && ind_import_col(f, "name") &&
        ind_import_col(f, "direction"))
        return IMPORT_CATALOGUE;
    return IMPORT_UNKNOWN;
}

int ind_import_err_add(struct arena *a, struct ind_import_errs *es, size_t line,
                       size_t col, const char *msg, const char *value)
{
    if (es->n < IND_IMPORT_MAX_ERRS) {
        if (es->n == es->cap) {
            size_t cap = es->cap ? es->cap * 2 : 16;
            struct ind_import_err *v = arena_alloc(a, cap * sizeof(*v));

            if (!v)
                return -1;
            if (es->n)
                memcpy(v, es->v, es->n * sizeof(*v));
            es->v = v;
            es->cap = cap;
        }
        es->v[es->n].line = line;
        es->v[es->n].col = col;
        es->v[es->n].msg = msg;
        es->v[es->n].value = value;
    }
    es->n++;
    return 0;
}

int ind_import_num(const char *s, double *out)
{
    char tmp[64], *end;
    size_t n = 0;

    *out = NAN;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s || strcmp(s, "NA") == 0)
        return 0;
    for (; *s; s++) {
        if (n + 1 >= sizeof(tmp))
            return -1;
        if (*s == ',')
            tmp[n++] = '.';
        else if ((*s >= '0' && *s <= '9') || *s == '.' || *s == '-' ||
                 *s == '+' || *s == 'e' || *s == 'E')
            tmp[n++] = *s;
        else if (*s == ' ' || *s == '\t')
            break;
        else
            return -1;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s || n == 0)
        return -1;
    tmp[n] = '\0';
    *out = strtod(tmp, &end);
    if (*end || !isfinite(*out)) {
        *out = NAN;
        return -1;
    }
    return 0;
}

static const char *cell(const struct csvfile_row *r, size_t col)
{
    if (col == 0 || col > r->nfields)
        return "";
    return r->fields[col - 1];
}

/* trimmed copy-free view: returns s without leading spaces; trailing
 * spaces are rare in codes and reported as bad codes by the caller. */
static const char *ltrim(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static int period_any(const char *s)
{
    int p;

    for (p = 0; p < PER__MAX; p++)
        if (ind_period_valid((enum ind_periodicity)p, s))
            return 1;
    return 0;
}

/* check_header reports header cells that are not in known[]. */
static int check_header(struct arena *a, const struct csvfile *f,
                        const char *const *known, size_t nknown,
                        struct ind_import_errs *es)
{
    const struct csvfile_row *h = &f->rows[0];
    size_t i, k;

    for (i = 0; i < h->nfields; i++) {
        for (k = 0; k < nknown; k++)
            if (strcmp(ltrim(h->fields[i]), known[k]) == 0)
                break;
        if (k == nknown && ind_import_err_add(a, es, h->line, i + 1,
                                              "ind.err.column", h->fields[i]))
            return -1;
    }
    return 0;
}

static int empty_row(const struct csvfile_row *r)
{
    size_t i;

    for (i = 0; i < r->nfields; i++)
        if (*ltrim(r->fields[i]))
            return 0;
    return 1;
}

#define ERR(line, col, msg, val)                                               \
    do {                                                                       \
        if (ind_import_err_add(a, es, (line), (col), (msg), (val)))            \
            return E_NOMEM;                                                    \
    } while (0)

enum err ind_import_values(struct arena *a, const struct csvfile *f,
                           struct ind_value_rec **recs, size_t *n,
                           struct ind_import_errs *es)
{
    size_t ci, cu, cp, cn, cd, cv, r;
    struct ind_value_rec *v;

    *recs = NULL;
    *n = 0;
    if (f->nrows == 0) {
        ERR(1, 0, "ind.err.empty", NULL);
        return E_OK;
    }
    ci = ind_import_col(f, "indicator");
    cu = ind_import_col(f, "unit");
    cp = ind_import_col(f, "period");
    cn = ind_import_col(f, "numerator");
    cd = ind_import_col(f, "denominator");
    cv = ind_import_col(f, "value");
    if (check_header(a, f, value_cols, NELEM(value_cols), es))
        return E_NOMEM;
    if (!ci || !cu || !cp || (!cv && !(cn && cd))) {
        ERR(f->rows[0].line, 0, "ind.err.header", NULL);
        return E_OK;
    }
    if (!(v = arena_alloc(a, (f->nrows ? f->nrows : 1) * sizeof(*v))))
        return E_NOMEM;
    for (r = 1; r < f->nrows; r++) {
        const struct csvfile_row *row = &f->rows[r];
        struct ind_value_rec *x = &v[*n];
        int bad = 0;

        if (empty_row(row))
            continue;
        x->line = row->line;
        x->indicator = ltrim(cell(row, ci));
        x->unit = ltrim(cell(row, cu));
        x->period = ltrim(cell(row, cp));
        x->national = strcmp(x->unit, IND_NATIONAL_UNIT) == 0;
        if (!*x->indicator) {
            ERR(row->line, ci, "err.required", NULL);
            bad = 1;
        }
        if (!*x->unit) {
            ERR(row->line, cu, "err.required", NULL);
            bad = 1;
        }
        if (!*x->period) {
            ERR(row->line, cp, "err.required", NULL);
            bad = 1;
        } else if (!period_any(x->period)) {
            ERR(row->line, cp, "ind.err.period", x->period);
            bad = 1;
        }
        if (ind_import_num(cell(row, cn), &x->numerator)) {
            ERR(row->line, cn, "ind.err.number", cell(row, cn));
            bad = 1;
        }
        if (ind_import_num(cell(row, cd), &x->denominator)) {
            ERR(row->line, cd, "ind.err.number", cell(row, cd));
            bad = 1;
        }
        if (ind_import_num(cell(row, cv), &x->value)) {
            ERR(row->line, cv, "ind.err.number", cell(row, cv));
            bad = 1;
        }
        if (bad)
            continue;
        if (x->denominator < 0) {
            ERR(row->line, cd, "ind.err.negative", cell(row, cd));
            continue;
        }
        if (x->numerator < 0) {
            ERR(row->line, cn, "ind.err.negative", cell(row, cn));
            continue;
        }
        if (isnan(x->numerator) != isnan(x->denominator)) {
            ERR(row->line, isnan(x->numerator) ? cn : cd, "ind.err.ratio_pair",
                NULL);
            continue;
        }
        if (x->national && isnan(x->value)) {
            ERR(row->line, cv ? cv : 0, "ind.err.national_value", NULL);
            continue;
        }
        (*n)++;
    }
    *recs = v;
    return E_OK;
}

/* split_codes splits "a|b|c" into trimmed non-empty codes. */
static const char **split_codes(struct arena *a, const char *s, size_t *n)
{
    const char **v;
    size_t cap = 1, k = 0;
    const char *p;

    for (p = s; *p; p++)
        cap += *p == '|';
    if (!(v = arena_alloc(a, cap * sizeof(*v))))
        return NULL;
    while (*s) {
        const char *end = strchr(s, '|');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *b = s, *e = s + len;

        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > b && !(v[k++] = arena_strndup(a, b, (size_t)(e - b))))
            return NULL;
        s += len;
        if (*s == '|')
            s++;
    }
    *n = k;
    return v;
}

static const char *opt(const char *s)
{
    s = ltrim(s);
    return *s ? s : NULL;
}

enum err ind_import_catalogue(struct arena *a, const struct csvfile *f,
                              struct ind_cat_rec **recs, size_t *n,
                              struct ind_import_errs *es)
{
    size_t col[NELEM(cat_cols)], r, k;
    struct ind_cat_rec *v;

    *recs = NULL;
    *n = 0;
    if (f->nrows == 0) {
        ERR(1, 0, "ind.err.empty", NULL);
        return E_OK;
    }
    for (k = 0; k < NELEM(cat_cols); k++)
        col[k] = ind_import_col(f, cat_cols[k]);
    if (check_header(a, f, cat_cols, NELEM(cat_cols), es))
        return E_NOMEM;
    /* code name direction dimension are required columns */
    if (!col[0] || !col[1] || !col[6] || !col[7]) {
        ERR(f->rows[0].line, 0, "ind.err.header", NULL);
        return E_OK;
    }
    if (!(v = arena_alloc(a, f->nrows * sizeof(*v))))
        return E_NOMEM;
    for (r = 1; r < f->nrows; r++) {
        const struct csvfile_row *row = &f->rows[r];
        struct ind_cat_rec *x = &v[*n];
        struct indicator *i = &x->ind;
        struct fielderrs fe = {0};
        const char *act;
        size_t j;
        int bad = 0, numbad[3] = {0, 0, 0};

        if (empty_row(row))
            continue;
        memset(x, 0, sizeof(*x));
        x->line = row->line;
        i->code = ltrim(cell(row, col[0]));
        i->name = ltrim(cell(row, col[1]));
        i->description = opt(cell(row, col[2]));
        i->numerator_def = opt(cell(row, col[3]));
        i->denominator_def = opt(cell(row, col[4]));
        i->unit = ltrim(cell(row, col[5]));
        i->direction = ltrim(cell(row, col[6]));
        i->dimension = ltrim(cell(row, col[7]));
        i->source = opt(cell(row, col[8]));
        i->periodicity = opt(cell(row, col[9]));
        if (!i->periodicity)
            i->periodicity = "month";
        i->chart = opt(cell(row, col[12]));
        if (!i->chart)
            i->chart = "run";
        for (j = 0; j < 3; j++) {
            static const size_t numcol[] = {10, 11, 13};
            double *dst = j == 0   ? &i->target_moderate
                          : j == 1 ? &i->target_high
                                   : &i->multiply;
            const char *c = cell(row, col[numcol[j]]);

            if (ind_import_num(c, dst)) {
                ERR(row->line, col[numcol[j]], "ind.err.number", c);
                numbad[j] = bad = 1;
            }
        }
        if (isnan(i->multiply))
            i->multiply = 1;
        act = ltrim(cell(row, col[16]));
        if (!*act || strcmp(act, "1") == 0)
            i->active = 1;
        else if (strcmp(act, "0") == 0)
            i->active = 0;
        else {
            ERR(row->line, col[16], "ind.err.active", act);
            bad = 1;
        }
        if (!(x->focus = split_codes(a, cell(row, col[14]), &x->nfocus)) ||
            !(x->groups = split_codes(a, cell(row, col[15]), &x->ngroups)))
            return E_NOMEM;
        ind_validate(i, &fe);
        for (j = 0; j < fe.n; j++) {
            const char *field = fe.v[j].field;

            /* a cell that is not a number is reported already */
            if ((numbad[0] && strcmp(field, "target_moderate") == 0) ||
                (numbad[1] && strcmp(field, "target_high") == 0) ||
                (numbad[2] && strcmp(field, "multiply") == 0))
                continue;
            for (k = 0; k < NELEM(cat_cols); k++)
                if (strcmp(cat_cols[k], field) == 0)
                    break;
            ERR(row->line, k < NELEM(cat_cols) ? col[k] : 0, fe.v[j].msg,
                k < NELEM(cat_cols) ? cell(row, col[k]) : NULL);
            bad = 1;
        }
        for (k = 0; !bad && k < *n; k++)
            if (strcmp(v[k].ind.code, i->code) == 0) {
                ERR(row->line, col[0], "ind.err.duplicate", i->code);
                bad = 1;
            }
        if (!bad)
            (*n)++;
    }
    *recs = v;
    return E_OK;
}
