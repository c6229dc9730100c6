/* store_case_list.c: the case list: one page of cases in a unit subtree
 * under a filter, newest or by risk, with a capped count of the matches,
 * and the full-text search over case texts (case_fts). */
#include <string.h>

#include "datetime.h"
#include "store_case_int.h"

/* The list filter, shared by the counts and the sort orders. ?1 scope,
 * ?2 type, ?3 state, ?4 reporter, ?5 handler, ?6 category, ?7 from, ?8 to,
 * ?9 open only, ?10 FTS query, ?11 overdue only, ?12 now. CASE_FILTER is
 * the part after WHERE for a given state clause; the statements that seek
 * (on state, or driven by the FTS match) are separate statements chosen in
 * store_case_list, since "?N IS NULL OR col = ?N" cannot use an index. */
#define CASE_FILTER(STATE)                                                     \
    "(?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1) "                      \
    "AND (?2 IS NULL OR c.type = ?2) AND " STATE " "                           \
    "AND (?4 IS NULL OR c.reporter_id = ?4) "                                  \
    "AND (?5 IS NULL OR c.handler_id = ?5) "                                   \
    "AND (?6 IS NULL OR c.category_id = ?6) "                                  \
    "AND (?7 IS NULL OR c.reported_at >= ?7) "                                 \
    "AND (?8 IS NULL OR c.reported_at < ?8) "                                  \
    "AND (?9 IS NULL OR c.state NOT IN ('closed', 'rejected')) "               \
    "AND (?11 IS NULL OR " CASE_OVERDUE("?12") ") "
#define ANY_STATE "(?3 IS NULL OR c.state = ?3)"
#define CASE_WHERE                                                             \
    "WHERE " CASE_FILTER(                                                      \
        ANY_STATE) "AND (?10 IS NULL OR c.id IN (SELECT "                      \
                   "rowid FROM case_fts WHERE case_fts MATCH ?10)) "
/* a full-text search driven by the match: the matching rows only, newest
 * (highest id) first, instead of probing the match for every case */
#define CASE_FTS_FROM                                                          \
    "FROM case_fts f CROSS JOIN cases c ON c.id = f.rowid "                    \
    "JOIN org_unit u ON u.id = c.unit_id "
#define CASE_FTS_WHERE "WHERE f.case_fts MATCH ?10 AND " CASE_FILTER(ANY_STATE)

enum stmt {
    STMT_COUNT,
    STMT_COUNT_STATE,
    STMT_COUNT_FTS,
    STMT_LIST_FTS,
    STMT_FTS_IDS,
    STMT_LIST_NEWEST,
    STMT_LIST_RISK,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* the counts stop at ?13 rows (store_case_list: CASE_TOTAL_CAP) */
    [STMT_COUNT] =
        "SELECT count(*) FROM (SELECT 1 FROM cases c JOIN org_unit "
        "u ON u.id = c.unit_id WHERE " CASE_FILTER(ANY_STATE) "LIMIT ?13)",
    /* a state given: seeks in cases_state_filter (010) */
    [STMT_COUNT_STATE] = "SELECT count(*) FROM (SELECT 1 FROM cases c JOIN "
                         "org_unit u ON u.id = c.unit_id WHERE " CASE_FILTER(
                             "c.state = ?3") "LIMIT ?13)",
    [STMT_COUNT_FTS] =
        "SELECT count(*) FROM (SELECT 1 " CASE_FTS_FROM CASE_FTS_WHERE
        "LIMIT ?13)",
    [STMT_LIST_FTS] =
        "SELECT " CASE_FIELDS CASE_FTS_FROM CASE_JOINS CASE_FTS_WHERE
        "ORDER BY f.rowid DESC "
        "LIMIT ?13 OFFSET ?14",
    /* a search newest first: the matching ids up to the cap in one pass
     * (a prefix match builds its whole list of rows on every statement) */
    [STMT_FTS_IDS] = "SELECT c.id " CASE_FTS_FROM CASE_FTS_WHERE
                     "ORDER BY f.rowid DESC LIMIT ?13",
    [STMT_LIST_NEWEST] =
        "SELECT " CASE_COLS CASE_WHERE "ORDER BY c.reported_at DESC, c.id DESC "
        "LIMIT ?13 OFFSET ?14",
    [STMT_LIST_RISK] = "SELECT " CASE_COLS CASE_WHERE
                       "ORDER BY coalesce(c.consequence * c.probability, 0) "
                       "DESC, c.reported_at DESC, c.id DESC "
                       "LIMIT ?13 OFFSET ?14",
};

const struct sq_table sq_tab_case_list = {SQ_CASELIST, stmts, STMT__MAX};

#define CASE_ARGS                                                              \
    f->scope_path, sq_empty_null(f->type), sq_empty_null(f->state),            \
        f->reporter_id, f->handler_id, f->category_id, f->from, f->to,         \
        (int64_t)(f->open_only ? 1 : 0), q,                                    \
        (int64_t)(f->overdue_only ? 1 : 0), f->now ? f->now : datetime_now()

/* case_list_fts: a full-text search, newest filed first. One statement
 * reads the matching ids up to the count's cap (which is at least
 * offset + limit), giving both the capped total and the page. */
static enum err case_list_fts(struct store *st, struct arena *a,
                              const struct case_filter *f, const char *q,
                              struct case_rec **out, size_t *n, int64_t *total)
{
    int64_t cap = case_total_cap(f) + 1, *ids,
            lim = f->limit > 0 ? f->limit : 50;
    sqlite3_stmt *s = sq_start(st, &sq_tab_case_list, STMT_FTS_IDS,
                               "tttIIIIIItIii", CASE_ARGS, cap);
    size_t m = 0, i;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!(ids = arena_alloc(a, (size_t)cap * sizeof(*ids))))
        return E_NOMEM;
    while ((e = sq_row(st, s)) == E_OK)
        if (m < (size_t)cap)
            ids[m++] = sq_int(s, 0);
    if (e != E_NOTFOUND)
        return e;
    *total = (int64_t)m;
    if ((int64_t)m <= f->offset)
        return E_OK;
    if ((int64_t)m - f->offset < lim)
        lim = (int64_t)m - f->offset;
    if (!(*out = arena_alloc(a, (size_t)lim * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < (size_t)lim; i++)
        if ((e = store_case_get(st, a, ids[f->offset + (int64_t)i],
                                &(*out)[i])))
            return e;
    *n = (size_t)lim;
    return E_OK;
}
#undef CASE_ARGS

int64_t case_total_cap(const struct case_filter *f)
{
    int64_t seen = (int64_t)f->offset + (f->limit > 0 ? f->limit : 50);
    int64_t cap = f->q && strspn(f->q, " \t\r\n\"") < strlen(f->q)
                      ? CASE_TOTAL_CAP_SEARCH
                      : CASE_TOTAL_CAP;

    return seen > cap ? seen : cap;
}

enum err store_case_list(struct store *st, struct arena *a,
                         const struct case_filter *f, struct case_rec **out,
                         size_t *n, int64_t *total)
{
    const char *q = sq_fts_query(a, sq_empty_null(f->q));
    const char *state = sq_empty_null(f->state);
    int k = f->sort == CASE_SORT_RISK ? STMT_LIST_RISK
            : q                       ? STMT_LIST_FTS
                                      : STMT_LIST_NEWEST;
    int kc = q ? STMT_COUNT_FTS : state ? STMT_COUNT_STATE : STMT_COUNT;
    sqlite3_stmt *s;
    void *p = NULL;
    enum err e;

    if (k == STMT_LIST_FTS)
        return case_list_fts(st, a, f, q, out, n, total);
#define CASE_ARGS                                                              \
    f->scope_path, sq_empty_null(f->type), state, f->reporter_id,              \
        f->handler_id, f->category_id, f->from, f->to,                         \
        (int64_t)(f->open_only ? 1 : 0), q,                                    \
        (int64_t)(f->overdue_only ? 1 : 0), f->now ? f->now : datetime_now()
    s = sq_start(st, &sq_tab_case_list, kc, "tttIIIIIItIii", CASE_ARGS,
                 case_total_cap(f) + 1);
    if ((e = sq_row(st, s)))
        return e;
    *total = sq_int(s, 0);
    sqlite3_reset(s);
    s = sq_start(st, &sq_tab_case_list, k, "tttIIIIIItIiii", CASE_ARGS,
                 (int64_t)(f->limit > 0 ? f->limit : 50), (int64_t)f->offset);
#undef CASE_ARGS
    e = sq_collect(st, a, s, sizeof(**out), store_case_read, &p, n);
    *out = p;
    return e;
}
