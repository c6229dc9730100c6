/* store_ind_rollup.c: recomputing the indicator rollup (migration 008,
 * indicator_rollup: the sums of the values per unit subtree, indicator and
 * period, read by store_ind_value.c) from the values. Part of the indicator
 * store (see store_indicator.c).
 *
 * Keeping the rollup up to date:
 * - store_value_upsert adds the difference old -> new to the unit and each
 *   ancestor (one statement, ancestors by parent_id), in the caller's
 *   transaction (store_ind_value.c). Exact for integer sums (counts); for
 *   fractional data the sums can differ from a fresh aggregation by
 *   rounding (~1e-15 relative).
 * - store_value_load skips that; the caller (ska import) then calls
 *   store_indicator_rollup_refresh_pairs once with every indicator and
 *   period it changed, which recomputes those rows exactly from the values
 *   in one pass (store_indicator_rollup_refresh does one pair).
 * - store_indicator_rollup_rebuild recomputes the whole table (migration
 *   008 runs the same statement once), after writes around the store. */
#include <stdlib.h>
#include <string.h>

#include "sqlite_int.h"

enum stmt {
    STMT_ROLLUP_CLEAR,
    STMT_ROLLUP_BUILD,
    STMT_ROLLUP_PAIR_CLEAR,
    STMT_ROLLUP_PAIR_BUILD,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_ROLLUP_CLEAR] = "DELETE FROM indicator_rollup",
    /* the same statement as migration 008: each value row climbs from its
     * unit to the root by parent_id (primary-key look-ups) */
    [STMT_ROLLUP_BUILD] =
        "WITH RECURSIVE x(aid, ind, period, numerator, denominator, value) "
        "AS (SELECT unit_id, indicator_id, period, numerator, denominator, "
        "value FROM indicator_value UNION ALL SELECT o.parent_id, x.ind, "
        "x.period, x.numerator, x.denominator, x.value FROM x JOIN org_unit "
        "o ON o.id = x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO "
        "indicator_rollup SELECT aid, ind, period, count(*), "
        "count(numerator), coalesce(sum(numerator), 0), count(denominator), "
        "coalesce(sum(denominator), 0), count(value), coalesce(sum(value), 0) "
        "FROM x GROUP BY aid, ind, period",
    [STMT_ROLLUP_PAIR_CLEAR] =
        "DELETE FROM indicator_rollup WHERE unit_id IN (SELECT id FROM "
        "org_unit) AND indicator_id = ?1 AND period = ?2",
    /* STMT_ROLLUP_BUILD for one indicator and period */
    [STMT_ROLLUP_PAIR_BUILD] =
        "WITH RECURSIVE x(aid, numerator, denominator, value) AS (SELECT "
        "unit_id, numerator, denominator, value FROM indicator_value WHERE "
        "indicator_id = ?1 AND period = ?2 UNION ALL SELECT o.parent_id, "
        "x.numerator, x.denominator, x.value FROM x JOIN org_unit o ON o.id "
        "= x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO indicator_rollup "
        "SELECT aid, ?1, ?2, count(*), count(numerator), "
        "coalesce(sum(numerator), 0), count(denominator), "
        "coalesce(sum(denominator), 0), count(value), coalesce(sum(value), 0) "
        "FROM x GROUP BY aid",
};

const struct sq_table sq_tab_ind_rollup = {SQ_ROLLUP, stmts, STMT__MAX};

enum err store_indicator_rollup_rebuild(struct store *st)
{
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_ind_rollup, STMT_ROLLUP_CLEAR, ""));

    return e ? e
             : sq_done(st,
                       sq_start(st, &sq_tab_ind_rollup, STMT_ROLLUP_BUILD, ""));
}

enum err store_indicator_rollup_refresh(struct store *st, int64_t indicator_id,
                                        const char *period)
{
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_ind_rollup, STMT_ROLLUP_PAIR_CLEAR,
                             "it", indicator_id, period));

    return e ? e
             : sq_done(st,
                       sq_start(st, &sq_tab_ind_rollup, STMT_ROLLUP_PAIR_BUILD,
                                "it", indicator_id, period));
}

/* The bulk refresh (store_indicator_rollup_refresh_pairs) works on two
 * temporary tables, so its statements are prepared per call, not kept in
 * the table above (those are prepared against the main schema): the
 * pairs in temp.rollup_pair, and temp.rollup_anc, (unit, ancestor or
 * itself) for every unit, rebuilt each time (a few hundred rows; units may
 * have been added). */
static const char rollup_temp_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS rollup_pair (indicator_id INTEGER NOT "
    "NULL, period TEXT NOT NULL, PRIMARY KEY (indicator_id, period)) "
    "WITHOUT ROWID; CREATE TEMP TABLE IF NOT EXISTS rollup_anc (unit_id "
    "INTEGER NOT NULL, aid INTEGER NOT NULL, PRIMARY KEY (unit_id, aid)) "
    "WITHOUT ROWID; DELETE FROM temp.rollup_pair; DELETE FROM "
    "temp.rollup_anc; WITH RECURSIVE x(u, aid) AS (SELECT id, id FROM "
    "org_unit UNION ALL SELECT x.u, o.parent_id FROM x JOIN org_unit o ON "
    "o.id = x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO temp.rollup_anc "
    "SELECT u, aid FROM x";

static const char rollup_pair_add_sql[] =
    "INSERT OR IGNORE INTO temp.rollup_pair (indicator_id, period) VALUES "
    "(?1, ?2)";

/* the rollup rows of the pairs, by key (unit, then pair) */
static const char rollup_pairs_delete_sql[] =
    "DELETE FROM indicator_rollup WHERE unit_id IN (SELECT id FROM org_unit) "
    "AND (indicator_id, period) IN (SELECT indicator_id, period FROM "
    "temp.rollup_pair)";

static const char rollup_units_sql[] =
    "SELECT unit_id, aid FROM temp.rollup_anc ORDER BY unit_id, aid";

/* every value row of the pairs, pair by pair (covering index) */
static const char rollup_values_sql[] =
    "SELECT v.indicator_id, v.period, v.unit_id, v.numerator, "
    "v.denominator, v.value FROM temp.rollup_pair p CROSS JOIN "
    "indicator_value v ON v.indicator_id = p.indicator_id AND v.period = "
    "p.period";

static const char rollup_insert_sql[] =
    "INSERT INTO indicator_rollup (unit_id, indicator_id, period, n, "
    "numerator_n, numerator, denominator_n, denominator, value_n, "
    "value_sum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/* One rollup row being summed: counts, and sums in double in row order,
 * as SQLite's sum() adds REAL values (so, like STMT_ROLLUP_BUILD, exact
 * while the values are integers or short binary fractions). */
struct rollup_acc {
    int64_t n, cnt[3];
    double sum[3];
};

/* The units: ids ascending, and for unit i the indices of itself and its
 * ancestors, anc[first[i] .. first[i + 1]). */
struct rollup_units {
    int64_t *id;
    size_t n, *first, *anc;
};

static void units_free(struct rollup_units *u)
{
    free(u->id);
    free(u->first);
    free(u->anc);
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return (a > b) - (a < b);
}

static size_t unit_index(const struct rollup_units *u, int64_t id)
{
    const int64_t *p = bsearch(&id, u->id, u->n, sizeof(*u->id), cmp_i64);

    return p ? (size_t)(p - u->id) : (size_t)-1;
}

/* load_units reads temp.rollup_anc into u; an SQLite result code. */
static int load_units(sqlite3 *db, struct rollup_units *u)
{
    sqlite3_stmt *s;
    int64_t *pr = NULL; /* (unit id, ancestor id) pairs, by unit */
    size_t cap = 0, np = 0, i;
    int rc = sqlite3_prepare_v2(db, rollup_units_sql, -1, &s, NULL);

    memset(u, 0, sizeof(*u));
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (np == cap) {
            size_t nc = cap ? 2 * cap : 1024;
            int64_t *p = realloc(pr, nc * 2 * sizeof(*p));

            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            pr = p;
            cap = nc;
        }
        pr[2 * np] = sqlite3_column_int64(s, 0);
        pr[2 * np + 1] = sqlite3_column_int64(s, 1);
        np++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE) {
        u->id = malloc((np ? np : 1) * sizeof(*u->id));
        u->anc = malloc((np ? np : 1) * sizeof(*u->anc));
        u->first = malloc((np + 1) * sizeof(*u->first));
        rc = u->id && u->anc && u->first ? SQLITE_OK : SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK) {
        for (i = 0; i < np; i++) {
            if (!u->n || u->id[u->n - 1] != pr[2 * i])
                u->first[u->n++] = i; /* unit u->n starts at pair i */
            u->id[u->n - 1] = pr[2 * i];
        }
        u->first[u->n] = np;
        for (i = 0; i < np; i++) {
            u->anc[i] = unit_index(u, pr[2 * i + 1]);
            if (u->anc[i] == (size_t)-1)
                rc = SQLITE_CORRUPT;
        }
    }
    free(pr);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* flush_pair inserts the rollup rows summed for one pair and clears acc. */
static int flush_pair(sqlite3_stmt *ins, const struct rollup_units *u,
                      struct rollup_acc *acc, int64_t ind, const char *period)
{
    size_t i;
    int rc = SQLITE_OK, k;

    for (i = 0; i < u->n && rc == SQLITE_OK; i++) {
        if (!acc[i].n)
            continue;
        sqlite3_bind_int64(ins, 1, u->id[i]);
        sqlite3_bind_int64(ins, 2, ind);
        sqlite3_bind_text(ins, 3, period, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 4, acc[i].n);
        for (k = 0; k < 3; k++) {
            sqlite3_bind_int64(ins, 5 + 2 * k, acc[i].cnt[k]);
            sqlite3_bind_double(ins, 6 + 2 * k, acc[i].sum[k]);
        }
        rc = sqlite3_step(ins);
        rc = rc == SQLITE_DONE ? sqlite3_reset(ins) : rc;
        memset(&acc[i], 0, sizeof(acc[i]));
    }
    return rc;
}

/* rollup_sum recomputes the rollup rows of the pairs in temp.rollup_pair:
 * one pass over their value rows (ordered by pair), each added to its
 * unit and every ancestor in memory, then the rows of the pair inserted.
 * The same rows and sums as STMT_ROLLUP_PAIR_BUILD per pair, without its
 * GROUP BY sort (5 million rows for a million values five levels deep). */
static int rollup_sum(sqlite3 *db)
{
    struct rollup_units u;
    struct rollup_acc *acc = NULL;
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int64_t ind = 0;
    char period[256] = "";
    int rc = load_units(db, &u), have = 0;

    if (rc == SQLITE_OK && !(acc = calloc(u.n ? u.n : 1, sizeof(*acc))))
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, rollup_values_sql, -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, rollup_insert_sql, -1, &ins, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t vi = sqlite3_column_int64(sel, 0);
        const char *vp = (const char *)sqlite3_column_text(sel, 1);
        size_t ui = unit_index(&u, sqlite3_column_int64(sel, 2)), j;
        size_t len = vp ? strlen(vp) : 0;
        int k;

        /* periods are validated (YYYY, YYYY-MM, ...); the unit exists */
        if (!vp || len >= sizeof(period) || ui == (size_t)-1) {
            rc = vp && len >= sizeof(period) ? SQLITE_TOOBIG : SQLITE_CORRUPT;
            break;
        }
        if (!have || vi != ind || strcmp(vp, period) != 0) {
            if (have && (rc = flush_pair(ins, &u, acc, ind, period)))
                break;
            ind = vi;
            memcpy(period, vp, len + 1);
            have = 1;
        }
        for (j = u.first[ui]; j < u.first[ui + 1]; j++) {
            struct rollup_acc *r = &acc[u.anc[j]];

            r->n++;
            for (k = 0; k < 3; k++) {
                if (sqlite3_column_type(sel, 3 + k) == SQLITE_NULL)
                    continue;
                r->cnt[k]++;
                r->sum[k] += sqlite3_column_double(sel, 3 + k);
            }
        }
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = have ? flush_pair(ins, &u, acc, ind, period) : SQLITE_OK;
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    free(acc);
    units_free(&u);
    return rc;
}

enum err store_indicator_rollup_refresh_pairs(struct store *st, size_t n,
                                              const int64_t *indicator_ids,
                                              const char *const *periods)
{
    sqlite3_stmt *s = NULL;
    size_t i;
    int rc;

    if (n == 0)
        return E_OK;
    rc = sqlite3_exec(st->db, rollup_temp_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, rollup_pair_add_sql, -1, &s, NULL);
    for (i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_bind_int64(s, 1, indicator_ids[i]);
        sqlite3_bind_text(s, 2, periods[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        rc = rc == SQLITE_DONE ? sqlite3_reset(s) : rc;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, rollup_pairs_delete_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = rollup_sum(st->db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, "DELETE FROM temp.rollup_pair", NULL, NULL,
                          NULL);
    return rc == SQLITE_OK ? E_OK : sq_fail(st, rc);
}
