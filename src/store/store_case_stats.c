/* store_case_stats.c: statistics of the cases reported in a period in a
 * unit subtree: by month, category and risk band, system faults, handling
 * times, and the open cases overdue now. */
#include <string.h>

#include "store_case_int.h"

/* The statistics: ?1 scope path, ?2 from, ?3 to (reported_at). */
#define STATS_FROM                                                             \
    "FROM cases c JOIN org_unit u ON u.id = c.unit_id "                        \
    "LEFT JOIN case_category cat ON cat.id = c.category_id "                   \
    "WHERE substr(u.path, 1, length(?1)) = ?1 AND c.reported_at >= ?2 "        \
    "AND c.reported_at < ?3 "

enum stmt {
    STMT_STATS_MONTH,
    STMT_STATS_CATEGORY,
    STMT_STATS_BAND,
    STMT_STATS_SUMMARY,
    STMT_STATS_DURATIONS,
    STMT_STATS_OVERDUE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* the Stockholm month: the first of a month, local midnight, falls in
     * summer time (UTC+2) from April to October and in standard time
     * (UTC+1) from November to March, whatever the year's switch dates,
     * so the offset near a month's start follows from the month itself */
    [STMT_STATS_MONTH] =
        "SELECT strftime('%Y-%m', c.reported_at + CASE WHEN CAST(strftime("
        "'%m', c.reported_at + 7200, 'unixepoch') AS INTEGER) BETWEEN 4 AND "
        "10 THEN 7200 ELSE 3600 END, 'unixepoch'), count(*) " STATS_FROM
        "GROUP BY 1 ORDER BY 1",
    [STMT_STATS_CATEGORY] =
        "SELECT coalesce(cat.name, ''), count(*) " STATS_FROM
        "GROUP BY c.category_id ORDER BY 2 DESC, 1",
    /* by the band recorded with each assessment (017) */
    [STMT_STATS_BAND] =
        "SELECT coalesce(c.risk_band, 'none'), count(*) " STATS_FROM
        "GROUP BY 1",
    [STMT_STATS_SUMMARY] = "SELECT count(*), coalesce(sum(c.system_fault = "
                           "1), 0), count(c.system_fault) " STATS_FROM,
    [STMT_STATS_DURATIONS] = "SELECT c.closed_at - c.reported_at " STATS_FROM
                             "AND c.state = 'closed' AND c.closed_at IS NOT "
                             "NULL",
    [STMT_STATS_OVERDUE] = "SELECT count(*) FROM cases c JOIN org_unit u ON "
                           "u.id = c.unit_id WHERE substr(u.path, 1, "
                           "length(?1)) = ?1 AND " CASE_OVERDUE("?2"),
};

const struct sq_table sq_tab_case_stats = {SQ_CASESTAT, stmts, STMT__MAX};

static void read_stat(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_stat_row *r = elem;

    r->label = sq_str(a, s, 0);
    r->n = sq_int(s, 1);
}

static void read_i64(struct arena *a, sqlite3_stmt *s, void *elem)
{
    (void)a;
    *(int64_t *)elem = sq_int(s, 0);
}

enum err store_case_stats(struct store *st, struct arena *a,
                          const char *scope_path, int64_t from, int64_t to,
                          int64_t now, struct case_stats *out)
{
    sqlite3_stmt *s;
    void *p = NULL;
    enum err e;

    memset(out, 0, sizeof(*out));
#define STATS_ARGS "tii", scope_path, from, to
    if ((e = sq_collect(
             st, a,
             sq_start(st, &sq_tab_case_stats, STMT_STATS_MONTH, STATS_ARGS),
             sizeof(*out->months), read_stat, &p, &out->nmonths)))
        return e;
    out->months = p;
    p = NULL;
    if ((e = sq_collect(
             st, a,
             sq_start(st, &sq_tab_case_stats, STMT_STATS_CATEGORY, STATS_ARGS),
             sizeof(*out->categories), read_stat, &p, &out->ncategories)))
        return e;
    out->categories = p;
    p = NULL;
    s = sq_start(st, &sq_tab_case_stats, STMT_STATS_BAND, STATS_ARGS);
    while ((e = sq_row(st, s)) == E_OK)
        out->by_band[risk_band_from_str(
            (const char *)sqlite3_column_text(s, 0))] += sq_int(s, 1);
    if (e != E_NOTFOUND)
        return e;
    s = sq_start(st, &sq_tab_case_stats, STMT_STATS_SUMMARY, STATS_ARGS);
    if ((e = sq_row(st, s)))
        return e;
    out->total = sq_int(s, 0);
    out->system_faults = sq_int(s, 1);
    out->fault_known = sq_int(s, 2);
    sqlite3_reset(s);
    if ((e = sq_collect(
             st, a,
             sq_start(st, &sq_tab_case_stats, STMT_STATS_DURATIONS, STATS_ARGS),
             sizeof(int64_t), read_i64, &p, &out->ndurations)))
        return e;
    out->durations = p;
#undef STATS_ARGS
    s = sq_start(st, &sq_tab_case_stats, STMT_STATS_OVERDUE, "ti", scope_path,
                 now);
    if ((e = sq_row(st, s)))
        return e;
    out->overdue_open = sq_int(s, 0);
    sqlite3_reset(s);
    return E_OK;
}
