/* store_import.c: writing an indicator import (catalogue or values, parsed
 * by core/ind_import.c) for `ska import indicators` and the web import:
 * codes are resolved against the database, and only a file without errors
 * is upserted, row by row, so the same file twice changes nothing. Built
 * on the other store functions; the caller holds the transaction. */
#include <stdlib.h>
#include <string.h>

#include "core/ind_import.h"
#include "sqlite_int.h"

/* ---- code look-ups: sorted arrays searched with bsearch ---- */

struct code_id {
    const char *code;
    int64_t id, provider; /* provider: indicators only */
    int periodicity;      /* indicators only */
    double multiply;
};

static int cmp_code(const void *x, const void *y)
{
    return strcmp(((const struct code_id *)x)->code,
                  ((const struct code_id *)y)->code);
}

static const struct code_id *find(const struct code_id *v, size_t n,
                                  const char *code)
{
    struct code_id key = {code, 0, 0, 0, 0};

    return n ? bsearch(&key, v, n, sizeof(*v), cmp_code) : NULL;
}

static void count(struct ind_import_counts *c, int changed)
{
    if (changed == 1)
        c->created++;
    else if (changed)
        c->updated++;
    else
        c->unchanged++;
}

/* ---- values ---- */

struct vkey {
    int64_t ind, unit;
    const char *period;
    size_t line;
};

static int cmp_vkey(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    if (a->ind != b->ind)
        return a->ind < b->ind ? -1 : 1;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return strcmp(a->period, b->period);
}

static int cmp_vkey_line(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    return a->line < b->line ? -1 : a->line > b->line;
}

/* load_units: every unit, or only those in the subtree with path scope
 * (NULL: all). */
static enum err load_units(struct store *st, struct arena *a, const char *scope,
                           struct code_id **out, size_t *n)
{
    struct unit *u;
    size_t i, all;
    enum err e = store_unit_list(st, a, &u, &all);

    if (e)
        return e;
    if (!(*out = arena_alloc(a, (all ? all : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0, *n = 0; i < all; i++) {
        if (scope && strncmp(u[i].path, scope, strlen(scope)) != 0)
            continue;
        (*out)[*n].code = u[i].code;
        (*out)[(*n)++].id = u[i].id;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

/* load_indicators: every indicator with its care provider in .provider. */
static enum err load_indicators(struct store *st, struct arena *a,
                                struct code_id **out, size_t *n)
{
    struct ind_filter f = {0};
    struct indicator *v;
    size_t i;
    enum err e;

    f.include_inactive = 1;
    if ((e = store_indicator_list(st, a, &f, &v, n)))
        return e;
    if (!(*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < *n; i++) {
        (*out)[i].code = v[i].code;
        (*out)[i].id = v[i].id;
        (*out)[i].provider = v[i].provider_id;
        (*out)[i].periodicity = (int)ind_periodicity_from_str(v[i].periodicity);
        (*out)[i].multiply = v[i].multiply;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

/* resolve_values checks codes, periods and duplicates; fills ids. */
static enum err resolve_values(struct store *st, struct arena *a, int64_t only,
                               const char *scope, const struct csvfile *f,
                               const struct ind_value_rec *v, size_t n,
                               int64_t *ind_ids, int64_t *unit_ids,
                               struct ind_import_errs *es)
{
    struct code_id *units, *inds;
    size_t nunits, ninds, i, k = 0;
    size_t ci = ind_import_col(f, "indicator"), cu = ind_import_col(f, "unit"),
           cp = ind_import_col(f, "period");
    struct vkey *keys;
    enum err e;

    if ((e = load_units(st, a, scope, &units, &nunits)) ||
        (e = load_indicators(st, a, &inds, &ninds)))
        return e;
    if (!(keys = arena_alloc(a, (n ? n : 1) * sizeof(*keys))))
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        const struct code_id *ind = find(inds, ninds, v[i].indicator);
        const struct code_id *u =
            v[i].national ? NULL : find(units, nunits, v[i].unit);
        int bad = 0;

        if (ind && only && ind->provider != only)
            ind = NULL; /* another care provider's: unknown here */
        if (!ind) {
            if (ind_import_err_add(a, es, v[i].line, ci,
                                   "ind.err.unknown_indicator", v[i].indicator))
                return E_NOMEM;
            bad = 1;
        } else if (!ind_period_valid((enum ind_periodicity)ind->periodicity,
                                     v[i].period)) {
            if (ind_import_err_add(a, es, v[i].line, cp, "ind.err.period_kind",
                                   v[i].period))
                return E_NOMEM;
            bad = 1;
        }
        if (!v[i].national && !u) {
            if (ind_import_err_add(a, es, v[i].line, cu, "ind.err.unknown_unit",
                                   v[i].unit))
                return E_NOMEM;
            bad = 1;
        }
        ind_ids[i] = ind ? ind->id : 0;
        unit_ids[i] = u ? u->id : 0;
        if (!bad) {
            keys[k].ind = ind_ids[i];
            keys[k].unit = unit_ids[i];
            keys[k].period = v[i].period;
            keys[k].line = v[i].line;
            k++;
        }
    }
    /* the same indicator, unit and period twice: the later lines are
     * errors (a re-import would not be idempotent) */
    qsort(keys, k, sizeof(*keys), cmp_vkey);
    for (i = 1; i < k; i++)
        if (cmp_vkey(&keys[i - 1], &keys[i]) == 0) {
            struct vkey later = cmp_vkey_line(&keys[i - 1], &keys[i]) < 0
                                    ? keys[i]
                                    : keys[i - 1];

            if (later.line < keys[i].line)
                keys[i].line = later.line; /* keep the smaller for chains */
            if (ind_import_err_add(a, es, later.line, 0, "ind.err.duplicate",
                                   NULL))
                return E_NOMEM;
        }
    return E_OK;
}

static int cmp_pair(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    if (a->ind != b->ind)
        return a->ind < b->ind ? -1 : 1;
    return strcmp(a->period, b->period);
}

/* refresh_rollup: the rows are written with store_value_load, so the
 * rollup (migration 008) is recomputed once at the end for the indicators
 * and periods that changed, exactly, from the values, with set-based
 * statements (store_indicator_rollup_refresh_pairs): cheaper than
 * maintaining it per row, or refreshing it per pair. */
static enum err refresh_rollup(struct store *st, struct arena *a,
                               struct vkey *pairs, size_t k)
{
    int64_t *ind = arena_alloc(a, (k ? k : 1) * sizeof(*ind));
    const char **per = arena_alloc(a, (k ? k : 1) * sizeof(*per));
    size_t i, m = 0;

    if (!ind || !per)
        return E_NOMEM;
    qsort(pairs, k, sizeof(*pairs), cmp_pair);
    for (i = 0; i < k; i++) {
        if (i && cmp_pair(&pairs[i - 1], &pairs[i]) == 0)
            continue;
        ind[m] = pairs[i].ind;
        per[m++] = pairs[i].period;
    }
    return store_indicator_rollup_refresh_pairs(st, m, ind, per);
}

static enum err import_values(struct store *st, struct arena *a, int64_t only,
                              const char *scope, const struct csvfile *f,
                              struct ind_import_errs *es,
                              struct ind_import_counts *c,
                              ind_import_progress pg, void *cls)
{
    struct ind_value_rec *v;
    int64_t *ind_ids, *unit_ids;
    struct vkey *pairs;
    size_t n, i, npairs = 0;
    enum err e;

    if ((e = ind_import_values(a, f, &v, &n, es)))
        return e;
    if (!(ind_ids = arena_alloc(a, (n ? n : 1) * sizeof(int64_t))) ||
        !(unit_ids = arena_alloc(a, (n ? n : 1) * sizeof(int64_t))) ||
        !(pairs = arena_alloc(a, (n ? n : 1) * sizeof(*pairs))))
        return E_NOMEM;
    /* v holds only the rows that parsed, so codes are checked too */
    if ((e = resolve_values(st, a, only, scope, f, v, n, ind_ids, unit_ids,
                            es)) ||
        es->n)
        return e;
    if ((e = store_value_load_begin(st)))
        return e;
    for (i = 0; i < n; i++) {
        int changed;

        if (v[i].national)
            e = store_national_upsert(st, ind_ids[i], v[i].period, v[i].value,
                                      &changed);
        else
            e = store_value_load(st, ind_ids[i], unit_ids[i], v[i].period,
                                 v[i].numerator, v[i].denominator, v[i].value,
                                 &changed);
        if (e) {
            c->failed_line = v[i].line;
            return e;
        }
        if (!v[i].national && changed) {
            pairs[npairs].ind = ind_ids[i];
            pairs[npairs++].period = v[i].period;
        }
        count(c, changed);
        if (pg)
            pg(cls, i + 1, n);
    }
    c->rows = n;
    return refresh_rollup(st, a, pairs, npairs);
}

/* ---- catalogue ---- */

static enum err load_tags(struct store *st, struct arena *a, const char *kind,
                          int64_t provider, struct code_id **out, size_t *n)
{
    struct ind_tag *t;
    size_t i;
    enum err e = store_indicator_tags(st, a, kind, provider, 0, &t, n);

    if (e)
        return e;
    if (!(*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < *n; i++) {
        (*out)[i].code = t[i].code;
        (*out)[i].id = t[i].id;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

/* tag_ids resolves codes to ids (sorted), adding errors for unknown ones. */
static int64_t *tag_ids(struct arena *a, const struct code_id *tags,
                        size_t ntags, const char **codes, size_t n, size_t line,
                        size_t col, const char *msg, struct ind_import_errs *es)
{
    int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof(*ids));
    size_t i;

    for (i = 0; ids && i < n; i++) {
        const struct code_id *t = find(tags, ntags, codes[i]);

        ids[i] = t ? t->id : 0;
        if (!t && ind_import_err_add(a, es, line, col, msg, codes[i]))
            return NULL;
    }
    return ids;
}

static int same_tags(const struct ind_tag *t, size_t nt, const int64_t *ids,
                     size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        for (k = 0; k < nt; k++)
            if (t[k].id == ids[i])
                break;
        if (k == nt)
            return 0;
    }
    /* every current tag must be listed too (ids may repeat) */
    for (k = 0; k < nt; k++) {
        for (i = 0; i < n; i++)
            if (t[k].id == ids[i])
                break;
        if (i == n)
            return 0;
    }
    return 1;
}

static enum err import_catalogue(struct store *st, struct arena *a,
                                 const struct actor *who, int64_t provider,
                                 int only, const struct csvfile *f,
                                 struct ind_import_errs *es,
                                 struct ind_import_counts *c)
{
    struct ind_cat_rec *v;
    struct code_id *focus, *groups, *inds;
    int64_t **fids, **gids;
    size_t n, nfocus, ngroups, ninds, i;
    size_t cf = ind_import_col(f, "focus_areas"),
           cg = ind_import_col(f, "patient_groups"),
           cc = ind_import_col(f, "code");
    enum err e;

    if ((e = ind_import_catalogue(a, f, &v, &n, es)) ||
        (e = load_tags(st, a, "focus", provider, &focus, &nfocus)) ||
        (e = load_tags(st, a, "group", provider, &groups, &ngroups)) ||
        (e = load_indicators(st, a, &inds, &ninds)))
        return e;
    if (!(fids = arena_alloc(a, (n ? n : 1) * sizeof(*fids))) ||
        !(gids = arena_alloc(a, (n ? n : 1) * sizeof(*gids))))
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        const struct code_id *old = find(inds, ninds, v[i].ind.code);

        fids[i] = tag_ids(a, focus, nfocus, v[i].focus, v[i].nfocus, v[i].line,
                          cf, "ind.err.unknown_focus_area", es);
        gids[i] = tag_ids(a, groups, ngroups, v[i].groups, v[i].ngroups,
                          v[i].line, cg, "ind.err.unknown_patient_group", es);
        if (!fids[i] || !gids[i])
            return E_NOMEM;
        if (only && old && old->provider != provider &&
            ind_import_err_add(a, es, v[i].line, cc, "ind.err.other_provider",
                               v[i].ind.code))
            return E_NOMEM;
    }
    if (es->n)
        return E_OK;
    for (i = 0; i < n; i++) {
        struct indicator *ind = &v[i].ind;
        int changed = 0, k;
        int existed = find(inds, ninds, ind->code) != NULL;

        if (!existed)
            ind->provider_id = provider;
        if ((e = store_indicator_upsert(st, who, ind, &changed))) {
            c->failed_line = v[i].line;
            return e;
        }
        for (k = 0; k < 2; k++) {
            const char *kind = k ? "group" : "focus";
            const int64_t *ids = k ? gids[i] : fids[i];
            size_t nids = k ? v[i].ngroups : v[i].nfocus, nt;
            struct ind_tag *t;

            if ((e = store_indicator_tags(st, a, kind, 0, ind->id, &t, &nt)))
                return e;
            if (same_tags(t, nt, ids, nids))
                continue;
            if ((e = store_indicator_tag_set(st, who, ind->id, kind, ids,
                                             nids)))
                return e;
            changed = 1;
        }
        count(c, changed ? (existed ? 2 : 1) : 0);
    }
    c->rows = n;
    return E_OK;
}

enum err store_ind_import(struct store *st, struct arena *a,
                          const struct actor *who, const struct csvfile *f,
                          int64_t provider, const char *scope,
                          struct ind_import_errs *es,
                          struct ind_import_counts *c, ind_import_progress pg,
                          void *cls)
{
    memset(c, 0, sizeof(*c));
    switch (ind_import_kind_of(f)) {
    case IMPORT_VALUES:
        return import_values(st, a, scope ? provider : 0, scope, f, es, c, pg,
                             cls);
    case IMPORT_CATALOGUE:
        return import_catalogue(st, a, who, provider, scope != NULL, f, es, c);
    default:
        return ind_import_err_add(a, es, 1, 1,
                                  f->nrows ? "ind.err.header" : "ind.err.empty",
                                  NULL)
                   ? E_NOMEM
                   : E_OK;
    }
}
