/* store_ind_value.c: indicator values per unit and period, the series read
 * over a unit subtree (from the rollup of migration 008 when it can) and
 * national averages. Part of the indicator store (see store_indicator.c).
 *
 * Values and national averages are not audited per row; an import writes
 * one entry per file.
 *
 * store_value_upsert and store_national_upsert set *changed to 0 when the
 * stored row was equal already, 1 when a row was created and 2 when one was
 * updated (so an import can count created / updated / unchanged).
 *
 * store_value_upsert refuses (E_INVAL) a numerator without a denominator
 * or the reverse, so sums of the two always pair up.
 *
 * store_series aggregates per period over every unit whose path starts
 * with scope_path (all units when scope_path is NULL):
 *   numerator   = the sum of the units' numerators (NULL when none);
 *   denominator = the sum of their denominators;
 *   value       = numerator / denominator x the indicator's multiply when
 *                 any unit has a denominator (NULL when the sum is 0);
 *                 otherwise the mean of the units' values.
 * A unit's stored value is kept as given: for a ratio indicator it is
 * usually NULL and derived as above.
 *
 * The rollup (migration 008, indicator_rollup) holds those sums per unit
 * subtree, indicator and period, so when scope_path is a unit's path
 * store_series is one range read by key (and store_series_unit reads every
 * indicator's series of a unit in one statement, for the dashboard); for
 * NULL or another prefix it aggregates the values as before (the covering
 * index indicator_value_series of migration 003). store_value_upsert keeps
 * the rollup up to date row by row (rollup_add below); store_value_load
 * leaves that to a bulk refresh (store_ind_rollup.c). */
#include <math.h>
#include <stdio.h>

#include "datetime.h"
#include "sqlite_int.h"

/* ROLLUP_COLS: period, numerator, denominator and value of a rollup row r
 * as STMT_SERIES computes them; m is the indicator's multiply */
#define ROLLUP_COLS(m)                                                         \
    "r.period, CASE WHEN r.numerator_n > 0 THEN r.numerator END, CASE WHEN "   \
    "r.denominator_n > 0 THEN r.denominator END, CASE WHEN r.denominator_n > " \
    "0 THEN CASE WHEN r.numerator_n > 0 THEN r.numerator END / "               \
    "nullif(r.denominator, 0) * " m " ELSE r.value_sum / nullif(r.value_n, "   \
    "0) END"

enum stmt {
    STMT_VALUE_GET,
    STMT_VALUE_INSERT,
    STMT_VALUE_UPDATE,
    STMT_VALUE_INSERT_NEW,
    STMT_SERIES,
    STMT_UNIT_BY_PATH,
    STMT_ROLLUP_ADD,
    STMT_ROLLUP_SERIES,
    STMT_ROLLUP_UNIT,
    STMT_NAT_GET,
    STMT_NAT_INSERT,
    STMT_NAT_UPDATE,
    STMT_NAT_SERIES,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_VALUE_GET] = "SELECT numerator, denominator, value FROM "
                       "indicator_value WHERE indicator_id = ?1 AND "
                       "unit_id = ?2 AND period = ?3",
    [STMT_VALUE_INSERT] =
        "INSERT INTO indicator_value (indicator_id, unit_id, period, "
        "numerator, denominator, value, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7)",
    /* a bulk load's common case, a row not there yet: one statement */
    [STMT_VALUE_INSERT_NEW] =
        "INSERT INTO indicator_value (indicator_id, unit_id, period, "
        "numerator, denominator, value, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7) ON CONFLICT DO NOTHING",
    [STMT_VALUE_UPDATE] =
        "UPDATE indicator_value SET numerator = ?4, denominator = ?5, value "
        "= ?6, updated_at = ?7 WHERE indicator_id = ?1 AND unit_id = ?2 AND "
        "period = ?3",
    [STMT_SERIES] =
        "SELECT v.period, sum(v.numerator), sum(v.denominator), CASE WHEN "
        "count(v.denominator) > 0 THEN sum(v.numerator) / "
        "nullif(sum(v.denominator), 0) * (SELECT multiply FROM indicator "
        "WHERE id = ?1) ELSE avg(v.value) END FROM indicator_value v WHERE "
        "v.indicator_id = ?1 AND (?2 IS NULL OR v.unit_id IN (SELECT id FROM "
        "org_unit WHERE substr(path, 1, length(?2)) = ?2)) GROUP BY v.period "
        "ORDER BY v.period",
    [STMT_UNIT_BY_PATH] = "SELECT id FROM org_unit WHERE path = ?1",
    /* adds one value row's difference (counts ?4..?7 and sums ?8..?10) to
     * the unit ?2 and each of its ancestors */
    [STMT_ROLLUP_ADD] =
        "WITH RECURSIVE anc(id, parent_id) AS (SELECT id, parent_id FROM "
        "org_unit WHERE id = ?2 UNION ALL SELECT o.id, o.parent_id FROM "
        "org_unit o JOIN anc ON o.id = anc.parent_id) INSERT INTO "
        "indicator_rollup (unit_id, indicator_id, period, n, numerator_n, "
        "numerator, denominator_n, denominator, value_n, value_sum) SELECT "
        "id, ?1, ?3, ?4, ?5, ?8, ?6, ?9, ?7, ?10 FROM anc WHERE true ON "
        "CONFLICT (unit_id, indicator_id, period) DO UPDATE SET n = n + "
        "excluded.n, numerator_n = numerator_n + excluded.numerator_n, "
        "numerator = numerator + excluded.numerator, denominator_n = "
        "denominator_n + excluded.denominator_n, denominator = denominator "
        "+ excluded.denominator, value_n = value_n + excluded.value_n, "
        "value_sum = value_sum + excluded.value_sum",
    [STMT_ROLLUP_SERIES] = "SELECT " ROLLUP_COLS(
        "i.multiply") " FROM indicator_rollup r JOIN "
                      "indicator i ON i.id = r.indicator_id WHERE r.unit_id = "
                      "?2 AND "
                      "r.indicator_id = ?1 ORDER BY r.period",
    [STMT_ROLLUP_UNIT] = "SELECT " ROLLUP_COLS(
        "i.multiply") ", r.indicator_id FROM "
                      "indicator_rollup r JOIN indicator i ON i.id = "
                      "r.indicator_id WHERE "
                      "r.unit_id = ?1 ORDER BY r.indicator_id, r.period",
    [STMT_NAT_GET] = "SELECT value FROM indicator_national WHERE "
                     "indicator_id = ?1 AND period = ?2",
    [STMT_NAT_INSERT] = "INSERT INTO indicator_national (indicator_id, "
                        "period, value) VALUES (?1, ?2, ?3)",
    [STMT_NAT_UPDATE] = "UPDATE indicator_national SET value = ?3 WHERE "
                        "indicator_id = ?1 AND period = ?2",
    [STMT_NAT_SERIES] = "SELECT period, value FROM indicator_national WHERE "
                        "indicator_id = ?1 ORDER BY period",
};

const struct sq_table sq_tab_ind_value = {SQ_IND_VALUE, stmts, STMT__MAX};

/* ---- values ---- */

/* same: equal doubles, NaN equal to NaN */
static int same(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

/* nn: 1 when x is given; nz: x, or 0 when missing */
static int64_t nn(double x)
{
    return !isnan(x);
}

static double nz(double x)
{
    return isnan(x) ? 0 : x;
}

/* rollup_add adds the change of one value row (old[] = numerator,
 * denominator, value before, all NaN for a new row) to the rollup rows of
 * its unit and every ancestor, in the caller's transaction. The sums
 * change by new - old, so they equal the direct sums exactly while these
 * are integers (counts: the usual case) and otherwise up to rounding;
 * store_indicator_rollup_rebuild recomputes them from the values. */
static enum err rollup_add(struct store *st, int64_t indicator_id,
                           int64_t unit_id, const char *period, int created,
                           const double old[3], double numerator,
                           double denominator, double value)
{
    return sq_done(
        st, sq_start(st, &sq_tab_ind_value, STMT_ROLLUP_ADD, "iitiiiiddd",
                     indicator_id, unit_id, period, (int64_t)(created != 0),
                     nn(numerator) - nn(old[0]), nn(denominator) - nn(old[1]),
                     nn(value) - nn(old[2]), nz(numerator) - nz(old[0]),
                     nz(denominator) - nz(old[1]), nz(value) - nz(old[2])));
}

static enum err value_upsert(struct store *st, int64_t indicator_id,
                             int64_t unit_id, const char *period,
                             double numerator, double denominator, double value,
                             int rollup, int *changed)
{
    double old[3] = {NAN, NAN, NAN};
    sqlite3_stmt *s;
    enum err e;
    int k;

    *changed = 0;
    if (isnan(numerator) != isnan(denominator)) {
        snprintf(st->errmsg, sizeof(st->errmsg),
                 "a numerator needs a denominator and the reverse");
        return E_INVAL;
    }
    s = sq_start(st, &sq_tab_ind_value, STMT_VALUE_GET, "iit", indicator_id,
                 unit_id, period);
    e = sq_row(st, s);
    if (e == E_OK) {
        int eq;

        old[0] = sq_dbl(s, 0);
        old[1] = sq_dbl(s, 1);
        old[2] = sq_dbl(s, 2);
        eq = same(old[0], numerator) && same(old[1], denominator) &&
             same(old[2], value);
        sqlite3_reset(s);
        if (eq)
            return E_OK;
        k = STMT_VALUE_UPDATE;
    } else if (e == E_NOTFOUND) {
        k = STMT_VALUE_INSERT;
    } else {
        return e;
    }
    e = sq_done(st, sq_start(st, &sq_tab_ind_value, k, "iitDDDi", indicator_id,
                             unit_id, period, numerator, denominator, value,
                             datetime_now()));
    if (!e && rollup)
        e = rollup_add(st, indicator_id, unit_id, period,
                       k == STMT_VALUE_INSERT, old, numerator, denominator,
                       value);
    if (!e)
        *changed = k == STMT_VALUE_INSERT ? 1 : 2;
    return e;
}

enum err store_value_upsert(struct store *st, int64_t indicator_id,
                            int64_t unit_id, const char *period,
                            double numerator, double denominator, double value,
                            int *changed)
{
    return value_upsert(st, indicator_id, unit_id, period, numerator,
                        denominator, value, 1, changed);
}

enum err store_value_load_begin(struct store *st)
{
    int rc =
        sqlite3_exec(st->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);

    return rc == SQLITE_OK ? E_OK : sq_fail(st, rc);
}

enum err store_value_load(struct store *st, int64_t indicator_id,
                          int64_t unit_id, const char *period, double numerator,
                          double denominator, double value, int *changed)
{
    enum err e;

    /* try the insert first: a new row costs one statement instead of a
     * look-up and an insert; an existing one goes the usual way */
    if (isnan(numerator) == isnan(denominator)) {
        e = sq_done(st,
                    sq_start(st, &sq_tab_ind_value, STMT_VALUE_INSERT_NEW,
                             "iitDDDi", indicator_id, unit_id, period,
                             numerator, denominator, value, datetime_now()));
        if (e)
            return e;
        if (sqlite3_changes(st->db) == 1) {
            *changed = 1;
            return E_OK;
        }
    }
    return value_upsert(st, indicator_id, unit_id, period, numerator,
                        denominator, value, 0, changed);
}

/* ---- series ---- */

static enum err read_series(struct store *st, struct arena *a, sqlite3_stmt *s,
                            int ncols, struct ind_value **out, size_t *n)
{
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        struct ind_value *v;

        if (!(*out = sq_grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v = &(*out)[(*n)++];
        v->period = sq_str(a, s, 0);
        if (ncols == 4) {
            v->numerator = sq_dbl(s, 1);
            v->denominator = sq_dbl(s, 2);
            v->value = sq_dbl(s, 3);
        } else {
            v->numerator = v->denominator = NAN;
            v->value = sq_dbl(s, 1);
        }
    }
    return e == E_NOTFOUND ? E_OK : e;
}

/* scope_unit finds the unit whose path is scope_path: E_NOTFOUND for all
 * units (NULL) or a path that is no unit's. */
static enum err scope_unit(struct store *st, const char *scope_path,
                           int64_t *id)
{
    sqlite3_stmt *s;
    enum err e;

    if (!sq_empty_null(scope_path))
        return E_NOTFOUND;
    s = sq_start(st, &sq_tab_ind_value, STMT_UNIT_BY_PATH, "t", scope_path);
    if ((e = sq_row(st, s)) == E_OK) {
        *id = sq_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_series(struct store *st, struct arena *a, int64_t indicator_id,
                      const char *scope_path, struct ind_value **out, size_t *n)
{
    int64_t unit_id;
    enum err e = scope_unit(st, scope_path, &unit_id);

    if (e == E_OK) /* a unit's subtree: its rollup rows, by key */
        return read_series(st, a,
                           sq_start(st, &sq_tab_ind_value, STMT_ROLLUP_SERIES,
                                    "ii", indicator_id, unit_id),
                           4, out, n);
    if (e != E_NOTFOUND)
        return e;
    return read_series(st, a,
                       sq_start(st, &sq_tab_ind_value, STMT_SERIES, "it",
                                indicator_id, sq_empty_null(scope_path)),
                       4, out, n);
}

enum err store_series_unit(struct store *st, struct arena *a,
                           const char *scope_path, struct ind_series **out,
                           size_t *n)
{
    struct ind_series *cur = NULL;
    size_t cap = 0, vcap = 0;
    int64_t unit_id;
    sqlite3_stmt *s;
    enum err e;

    *out = NULL;
    *n = 0;
    if ((e = scope_unit(st, scope_path, &unit_id)))
        return e;
    s = sq_start(st, &sq_tab_ind_value, STMT_ROLLUP_UNIT, "i", unit_id);
    while ((e = sq_row(st, s)) == E_OK) {
        int64_t id = sq_int(s, 4);
        struct ind_value *v;

        if (!cur || cur->indicator_id != id) {
            if (!(*out = sq_grow(a, *out, &cap, *n, sizeof(**out)))) {
                sqlite3_reset(s);
                return E_NOMEM;
            }
            cur = &(*out)[(*n)++];
            cur->indicator_id = id;
            cur->v = NULL;
            cur->n = 0;
            vcap = 0;
        }
        if (!(cur->v = sq_grow(a, cur->v, &vcap, cur->n, sizeof(*cur->v)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v = &cur->v[cur->n++];
        v->period = sq_str(a, s, 0);
        v->numerator = sq_dbl(s, 1);
        v->denominator = sq_dbl(s, 2);
        v->value = sq_dbl(s, 3);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

/* ---- national averages ---- */

enum err store_national_upsert(struct store *st, int64_t indicator_id,
                               const char *period, double value, int *changed)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_ind_value, STMT_NAT_GET, "it",
                               indicator_id, period);
    enum err e = sq_row(st, s);
    int k;

    *changed = 0;
    if (!isfinite(value))
        return E_INVAL;
    if (e == E_OK) {
        int eq = same(sq_dbl(s, 0), value);

        sqlite3_reset(s);
        if (eq)
            return E_OK;
        k = STMT_NAT_UPDATE;
    } else if (e == E_NOTFOUND) {
        k = STMT_NAT_INSERT;
    } else {
        return e;
    }
    e = sq_done(st, sq_start(st, &sq_tab_ind_value, k, "itd", indicator_id,
                             period, value));
    if (!e)
        *changed = k == STMT_NAT_INSERT ? 1 : 2;
    return e;
}

enum err store_national_series(struct store *st, struct arena *a,
                               int64_t indicator_id, struct ind_value **out,
                               size_t *n)
{
    return read_series(
        st, a,
        sq_start(st, &sq_tab_ind_value, STMT_NAT_SERIES, "i", indicator_id), 2,
        out, n);
}
