/* store_case.c: cases of deviation management, their timeline, protected
 * patient identities with the access log, categories and investigations. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/taxonomy.h"
#include "datetime.h"
#include "sqlite_int.h"

#define CASE_FIELDS                                                            \
    "c.id, c.provider_id, c.unit_id, coalesce(c.reporter_id, 0), "             \
    "coalesce(c.reporter_unit_id, 0), coalesce(c.handler_id, 0), "             \
    "coalesce(c.category_id, 0), c.number, c.type, c.state, c.what, "          \
    "c.immediate_action, c.suggestion, c.feedback, c.reason, c.care_injury, "  \
    "coalesce(c.occurred_at, 0), coalesce(c.discovered_at, 0), "               \
    "c.reported_at, coalesce(c.feedback_at, 0), c.state_since, "               \
    "coalesce(c.closed_at, 0), c.created_at, c.updated_at, c.confidential, "   \
    "c.patient_affected, coalesce(c.consequence, 0), "                         \
    "coalesce(c.probability, 0), coalesce(c.system_fault, -1), c.serious, "    \
    "EXISTS (SELECT 1 FROM case_patient p WHERE p.case_id = c.id), u.name, "   \
    "u.code, u.path, r.name, h.name, cat.name, coalesce(lm.decided_at, 0), "   \
    "coalesce(CASE WHEN lm.report = 0 THEN lm.decided_at ELSE lm.sent_at "     \
    "END, 0), coalesce(cc.answer_due, 0), coalesce(cc.answered_at, 0), "       \
    "coalesce(c.risk_score, 0), c.risk_band "
#define CASE_COLS                                                              \
    CASE_FIELDS "FROM cases c JOIN org_unit u ON u.id = c.unit_id " CASE_JOINS
#define CASE_JOINS                                                             \
    "LEFT JOIN case_lex_maria lm ON lm.case_id = c.id "                        \
    "LEFT JOIN case_complaint cc ON cc.case_id = c.id "                        \
    "LEFT JOIN app_user r ON r.id = c.reporter_id "                            \
    "LEFT JOIN app_user h ON h.id = c.handler_id "                             \
    "LEFT JOIN case_category cat ON cat.id = c.category_id "

/* The days of time limit KEY for case c: its care provider's own value
 * (provider_time_limit, migration 013) or the default (case_time_limit). */
#define LIMIT_DAYS(KEY)                                                        \
    "coalesce((SELECT days FROM provider_time_limit WHERE provider_id = "      \
    "c.provider_id AND key = " KEY "), (SELECT days FROM case_time_limit "     \
    "WHERE key = " KEY "))"

/* An open case past one of its time limits, the same rule as
 * case_clock_of (core/case.c); NOW is the parameter holding the time. */
#define CASE_OVERDUE(NOW)                                                      \
    "(c.state NOT IN ('closed', 'rejected') AND (c.state_since + 86400 "       \
    "* " LIMIT_DAYS(                                                           \
        "'state.' || c.state") " < " NOW " OR (c.serious = 1 AND NOT EXISTS "  \
                               "(SELECT 1 FROM case_lex_maria x "              \
                               "WHERE x.case_id = c.id AND (x.report = 0 OR "  \
                               "x.sent_at IS NOT NULL)) "                      \
                               "AND coalesce(c.discovered_at, c.reported_at) " \
                               "+ 86400 * " LIMIT_DAYS(                        \
                                   "'lex_maria'") " < " NOW ") "               \
                                                  "OR (c.type = 'complaint' "  \
                                                  "AND NOT EXISTS (SELECT 1 "  \
                                                  "FROM case_complaint x "     \
                                                  "WHERE x.case_id = c.id "    \
                                                  "AND x.answered_at IS NOT "  \
                                                  "NULL) AND coalesce("        \
                                                  "(SELECT x.answer_due FROM " \
                                                  "case_complaint x WHERE "    \
                                                  "x.case_id = c.id), "        \
                                                  "c.reported_at + 86400 "     \
                                                  "* " LIMIT_DAYS(             \
                                                      "'complaint'") ") "      \
                                                                     "< " NOW  \
                                                                     ")))"

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

/* The statistics: ?1 scope path, ?2 from, ?3 to (reported_at). */
#define STATS_FROM                                                             \
    "FROM cases c JOIN org_unit u ON u.id = c.unit_id "                        \
    "LEFT JOIN case_category cat ON cat.id = c.category_id "                   \
    "WHERE substr(u.path, 1, length(?1)) = ?1 AND c.reported_at >= ?2 "        \
    "AND c.reported_at < ?3 "

enum stmt {
    STMT_NEXT_NUMBER,
    STMT_INSERT,
    STMT_PATIENT_INSERT,
    STMT_GET,
    STMT_COUNT,
    STMT_COUNT_STATE,
    STMT_COUNT_FTS,
    STMT_LIST_FTS,
    STMT_FTS_IDS,
    STMT_LIST_NEWEST,
    STMT_LIST_RISK,
    STMT_UPDATE,
    STMT_TRANSITION,
    STMT_EVENT_INSERT,
    STMT_EVENTS,
    STMT_PATIENT_GET,
    STMT_ACCESS_LOG,
    STMT_CATEGORIES,
    STMT_CATEGORY_INSERT,
    STMT_INVESTIGATION,
    STMT_INVESTIGATION_SET,
    STMT_CATEGORY_COUNT,
    STMT_CATEGORY_PROVIDER,
    STMT_BACKDATE,
    STMT_BACKDATE_EVENTS,
    STMT_BACKDATE_INVESTIGATION,
    STMT_LIMITS,
    STMT_LM_GET,
    STMT_LM_SET,
    STMT_COMPLAINT_GET,
    STMT_COMPLAINT_SET,
    STMT_STATS_MONTH,
    STMT_STATS_CATEGORY,
    STMT_STATS_BAND,
    STMT_STATS_SUMMARY,
    STMT_STATS_DURATIONS,
    STMT_STATS_OVERDUE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* the highest number of a year ("2026-" <= n < "2026."): a search in
     * the UNIQUE index, not a count, and unique over all providers */
    [STMT_NEXT_NUMBER] = "SELECT max(number) FROM cases WHERE number >= ?1 "
                         "AND number < ?2",
    [STMT_INSERT] =
        "INSERT INTO cases (provider_id, number, type, unit_id, reporter_id, "
        "reporter_unit_id, confidential, category_id, what, "
        "immediate_action, suggestion, occurred_at, discovered_at, "
        "reported_at, patient_affected, state_since, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, ?14, ?15, ?14, ?14, ?14)",
    [STMT_PATIENT_INSERT] = "INSERT INTO case_patient (case_id, pnr, "
                            "coordination) VALUES (?1, ?2, ?3)",
    [STMT_GET] = "SELECT " CASE_COLS "WHERE c.id = ?1",
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
    /* a search newest first: the matching ids up to the cap in one pass
     * (a prefix match builds its whole list of rows on every statement) */
    [STMT_FTS_IDS] = "SELECT c.id " CASE_FTS_FROM CASE_FTS_WHERE
                     "ORDER BY f.rowid DESC LIMIT ?13",
    [STMT_LIST_FTS] =
        "SELECT " CASE_FIELDS CASE_FTS_FROM CASE_JOINS CASE_FTS_WHERE
        "ORDER BY f.rowid DESC "
        "LIMIT ?13 OFFSET ?14",
    [STMT_LIST_NEWEST] =
        "SELECT " CASE_COLS CASE_WHERE "ORDER BY c.reported_at DESC, c.id DESC "
        "LIMIT ?13 OFFSET ?14",
    [STMT_LIST_RISK] = "SELECT " CASE_COLS CASE_WHERE
                       "ORDER BY coalesce(c.consequence * c.probability, 0) "
                       "DESC, c.reported_at DESC, c.id DESC "
                       "LIMIT ?13 OFFSET ?14",
    [STMT_UPDATE] =
        "UPDATE cases SET category_id = ?2, consequence = ?3, probability = "
        "?4, system_fault = ?5, care_injury = ?6, serious = ?7, feedback = "
        "?8, feedback_at = CASE WHEN ?8 IS NULL THEN NULL WHEN feedback IS "
        "?8 THEN feedback_at ELSE ?10 END, handler_id = ?9, updated_at = ?10, "
        "risk_score = ?11, risk_band = ?12 WHERE id = ?1",
    [STMT_TRANSITION] =
        "UPDATE cases SET state = ?3, state_since = ?5, unit_id = "
        "coalesce(?4, unit_id), reason = coalesce(?6, reason), closed_at = "
        "CASE WHEN ?3 IN ('closed', 'rejected') THEN ?5 ELSE NULL END, "
        "handler_id = CASE WHEN ?4 IS NULL THEN handler_id ELSE NULL END, "
        "updated_at = ?5 WHERE id = ?1 AND state = ?2",
    [STMT_EVENT_INSERT] =
        "INSERT INTO case_event (case_id, at, user_id, kind, from_state, "
        "to_state, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STMT_EVENTS] = "SELECT e.id, e.at, coalesce(e.user_id, 0), e.kind, "
                    "e.from_state, e.to_state, e.text, u.name FROM "
                    "case_event e LEFT JOIN app_user u ON u.id = e.user_id "
                    "WHERE e.case_id = ?1 ORDER BY e.id",
    [STMT_PATIENT_GET] = "SELECT pnr FROM case_patient WHERE case_id = ?1",
    [STMT_ACCESS_LOG] = "INSERT INTO patient_access_log (at, user_id, "
                        "case_id, purpose) VALUES (?1, ?2, ?3, ?4)",
    [STMT_CATEGORIES] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.code, c.name, p.name FROM "
        "case_category c LEFT JOIN case_category p ON p.id = c.parent_id "
        "WHERE c.provider_id = ?1 AND c.active = 1 AND (p.id IS NULL OR "
        "p.active = 1) "
        "ORDER BY coalesce(p.name, c.name), c.parent_id IS NOT NULL, c.name",
    [STMT_CATEGORY_INSERT] = "INSERT INTO case_category (provider_id, "
                             "parent_id, code, name) VALUES (?1, ?2, ?3, ?4)",
    [STMT_INVESTIGATION] =
        "SELECT item, text FROM case_investigation WHERE case_id = ?1",
    [STMT_INVESTIGATION_SET] =
        "INSERT INTO case_investigation (case_id, item, text, updated_by, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (case_id, item) "
        "DO UPDATE SET text = excluded.text, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
    [STMT_CATEGORY_COUNT] =
        "SELECT count(*) FROM case_category WHERE provider_id = ?1",
    /* an active category under an active main category (or none) */
    [STMT_CATEGORY_PROVIDER] =
        "SELECT provider_id FROM case_category c WHERE id = ?1 AND active = 1 "
        "AND (parent_id IS NULL OR EXISTS (SELECT 1 FROM case_category p "
        "WHERE p.id = c.parent_id AND p.active = 1))",
    [STMT_BACKDATE] =
        "UPDATE cases SET occurred_at = ?2, discovered_at = ?3, reported_at "
        "= ?4, created_at = ?4, state_since = ?5, updated_at = ?5, closed_at "
        "= CASE WHEN state IN ('closed', 'rejected') THEN ?5 END, "
        "feedback_at = CASE WHEN feedback IS NULL THEN NULL ELSE ?5 END, "
        "number = coalesce(?6, number) WHERE id = ?1",
    /* the case's steps spread evenly, in order, from ?2 to ?3 */
    [STMT_BACKDATE_EVENTS] =
        "UPDATE case_event SET at = ?2 + (?3 - ?2) * (SELECT count(*) FROM "
        "case_event p WHERE p.case_id = ?1 AND p.id < case_event.id) / "
        "max(1, (SELECT count(*) - 1 FROM case_event q WHERE q.case_id = "
        "?1)) WHERE case_id = ?1",
    [STMT_BACKDATE_INVESTIGATION] =
        "UPDATE case_investigation SET updated_at = ?2 WHERE case_id = ?1",
    [STMT_LIMITS] = "SELECT key, days FROM case_time_limit",
    [STMT_LM_GET] =
        "SELECT l.report, l.reasoning, l.decided_at, coalesce(l.sent_at, 0), "
        "l.ivo_ref, u.name FROM case_lex_maria l LEFT JOIN app_user u ON "
        "u.id = l.decided_by WHERE l.case_id = ?1",
    [STMT_LM_SET] =
        "INSERT INTO case_lex_maria (case_id, report, reasoning, decided_by, "
        "decided_at, sent_at, ivo_ref, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8) ON CONFLICT (case_id) DO UPDATE SET report = "
        "excluded.report, reasoning = excluded.reasoning, decided_by = "
        "excluded.decided_by, decided_at = excluded.decided_at, sent_at = "
        "excluded.sent_at, ivo_ref = excluded.ivo_ref, updated_at = "
        "excluded.updated_at",
    [STMT_COMPLAINT_GET] = "SELECT coalesce(answer_due, 0), "
                           "coalesce(answered_at, 0), via_patientnamnd FROM "
                           "case_complaint WHERE case_id = ?1",
    [STMT_COMPLAINT_SET] =
        "INSERT INTO case_complaint (case_id, answer_due, answered_at, "
        "via_patientnamnd, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6) ON CONFLICT (case_id) DO UPDATE SET answer_due = "
        "excluded.answer_due, answered_at = excluded.answered_at, "
        "via_patientnamnd = excluded.via_patientnamnd, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
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

const struct sq_table sq_tab_case = {SQ_CASE, stmts, STMT__MAX};

static void read_case(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_rec *c = elem;
    int i = 0;

    c->id = sq_int(s, i++);
    c->provider_id = sq_int(s, i++);
    c->unit_id = sq_int(s, i++);
    c->reporter_id = sq_int(s, i++);
    c->reporter_unit_id = sq_int(s, i++);
    c->handler_id = sq_int(s, i++);
    c->category_id = sq_int(s, i++);
    c->number = sq_str(a, s, i++);
    c->type = sq_str(a, s, i++);
    c->state = sq_str(a, s, i++);
    c->what = sq_str(a, s, i++);
    c->immediate_action = sq_str(a, s, i++);
    c->suggestion = sq_str(a, s, i++);
    c->feedback = sq_str(a, s, i++);
    c->reason = sq_str(a, s, i++);
    c->care_injury = sq_str(a, s, i++);
    c->occurred_at = sq_int(s, i++);
    c->discovered_at = sq_int(s, i++);
    c->reported_at = sq_int(s, i++);
    c->feedback_at = sq_int(s, i++);
    c->state_since = sq_int(s, i++);
    c->closed_at = sq_int(s, i++);
    c->created_at = sq_int(s, i++);
    c->updated_at = sq_int(s, i++);
    c->confidential = (int)sq_int(s, i++);
    c->patient_affected = (int)sq_int(s, i++);
    c->consequence = (int)sq_int(s, i++);
    c->probability = (int)sq_int(s, i++);
    c->system_fault = (int)sq_int(s, i++);
    c->serious = (int)sq_int(s, i++);
    c->has_patient = (int)sq_int(s, i++);
    c->unit_name = sq_str(a, s, i++);
    c->unit_code = sq_str(a, s, i++);
    c->unit_path = sq_str(a, s, i++);
    c->reporter_name = sq_str(a, s, i++);
    c->handler_name = sq_str(a, s, i++);
    c->category_name = sq_str(a, s, i++);
    c->lm_decided_at = sq_int(s, i++);
    c->lm_done_at = sq_int(s, i++);
    c->answer_due = sq_int(s, i++);
    c->answered_at = sq_int(s, i++);
    c->risk_score = (int)sq_int(s, i++);
    c->risk_band = sq_str(a, s, i++);
}

/* case_json is the audited view of a case: no patient identity. */
static char *case_json(struct arena *a, const struct case_rec *c)
{
    return sq_json(
        a, json_pack("{sI ss ss ss sI sI si si si si ss? ss? sI si ss?}", "id",
                     (json_int_t)c->id, "number", c->number, "type", c->type,
                     "state", c->state, "unit_id", (json_int_t)c->unit_id,
                     "category_id", (json_int_t)c->category_id, "consequence",
                     c->consequence, "probability", c->probability,
                     "system_fault", c->system_fault, "serious", c->serious,
                     "care_injury", c->care_injury, "feedback", c->feedback,
                     "handler_id", (json_int_t)c->handler_id, "risk_score",
                     c->risk_score, "risk_band", c->risk_band));
}

static enum err add_event(struct store *st, int64_t case_id,
                          const struct actor *who, const char *kind,
                          const char *from, const char *to, const char *text)
{
    return sq_done(st, sq_start(st, &sq_tab_case, STMT_EVENT_INSERT, "iiItttt",
                                case_id, datetime_now(), who->user_id, kind,
                                from, to, text));
}

/* next_number writes the next case number of year ("2026-000124"):
 * numbers are unique over all care providers (the column is UNIQUE). */
static enum err next_number(struct store *st, int year, char *out, size_t n)
{
    char lo[16], hi[16];
    const char *max;
    long long seq = 1;
    sqlite3_stmt *s;
    enum err e;

    snprintf(lo, sizeof(lo), "%04d-", year);
    snprintf(hi, sizeof(hi), "%04d.", year);
    s = sq_start(st, &sq_tab_case, STMT_NEXT_NUMBER, "tt", lo, hi);
    if ((e = sq_row(st, s)))
        return e;
    max = (const char *)sqlite3_column_text(s, 0);
    if (max && strlen(max) > 5)
        seq = strtoll(max + 5, NULL, 10) + 1;
    sqlite3_reset(s);
    snprintf(out, n, "%04d-%06lld", year, seq);
    return E_OK;
}

enum err store_case_create(struct store *st, const struct actor *who,
                           struct case_rec *c, const char *pnr,
                           int coordination)
{
    struct arena *a = arena_new();
    struct case_rec saved;
    struct tm tm;
    char number[48];
    int64_t now = datetime_now();
    enum err e;

    if (!a)
        return E_NOMEM;
    datetime_stockholm(now, &tm);
    if ((e = next_number(st, tm.tm_year + 1900, number, sizeof(number))))
        goto out;
    e = sq_done(st,
                sq_start(st, &sq_tab_case, STMT_INSERT, "ittiIIiItttIIii",
                         c->provider_id, number, c->type, c->unit_id,
                         c->reporter_id, c->reporter_unit_id,
                         (int64_t)c->confidential, c->category_id, c->what,
                         sq_empty_null(c->immediate_action),
                         sq_empty_null(c->suggestion), c->occurred_at,
                         c->discovered_at, now, (int64_t)c->patient_affected));
    if (e)
        goto out;
    c->id = sqlite3_last_insert_rowid(st->db);
    if (pnr &&
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_PATIENT_INSERT, "iti",
                                  c->id, pnr, (int64_t)coordination))))
        goto out;
    if ((e = add_event(st, c->id, who, "reported", NULL, "new", NULL)) ||
        (e = store_case_get(st, a, c->id, &saved)))
        goto out;
    e = store_audit(st, who, "create", "case", c->id, NULL,
                    case_json(a, &saved));
    c->number = NULL; /* the caller's arena does not hold ours */
    c->state = "new";
out:
    arena_free(a);
    return e;
}

enum err store_case_get(struct store *st, struct arena *a, int64_t id,
                        struct case_rec *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_case, STMT_GET, "i", id),
                  read_case, out);
}

/* fts_query turns words typed by a user into an FTS5 query: each word
 * quoted (so operators and punctuation are plain text) and matched as a
 * prefix, all words required. NULL when there is no word. */
static const char *fts_query(struct arena *a, const char *q)
{
    struct buf b;
    const char *r = NULL, *p = q;

    if (!q)
        return NULL;
    buf_init(&b, 4096);
    while (*p) {
        const char *w;

        while (*p && (isspace((unsigned char)*p) || *p == '"'))
            p++;
        w = p;
        while (*p && !isspace((unsigned char)*p) && *p != '"')
            p++;
        if (p > w) {
            buf_adds(&b, b.len ? " \"" : "\"");
            buf_add(&b, w, (size_t)(p - w));
            buf_adds(&b, "\"*");
        }
    }
    if (!b.err && b.len)
        r = arena_strdup(a, b.p);
    buf_release(&b);
    return r;
}

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
    sqlite3_stmt *s = sq_start(st, &sq_tab_case, STMT_FTS_IDS, "tttIIIIIItIii",
                               CASE_ARGS, cap);
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
    const char *q = fts_query(a, sq_empty_null(f->q));
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
    s = sq_start(st, &sq_tab_case, kc, "tttIIIIIItIii", CASE_ARGS,
                 case_total_cap(f) + 1);
    if ((e = sq_row(st, s)))
        return e;
    *total = sq_int(s, 0);
    sqlite3_reset(s);
    s = sq_start(st, &sq_tab_case, k, "tttIIIIIItIiii", CASE_ARGS,
                 (int64_t)(f->limit > 0 ? f->limit : 50), (int64_t)f->offset);
#undef CASE_ARGS
    e = sq_collect(st, a, s, sizeof(**out), read_case, &p, n);
    *out = p;
    return e;
}

/* assessed sets the score and band to store for c: kept as recorded when
 * the consequence and probability did not change (and c keeps them), else
 * judged under the care provider's matrix of today. */
static enum err assessed(struct store *st, struct arena *a,
                         const struct case_rec *before,
                         const struct case_rec *c, int *score,
                         const char **band)
{
    struct risk_matrix m;
    enum err e;

    *score = 0;
    *band = NULL;
    if (c->consequence < 1 || c->probability < 1)
        return E_OK;
    if (c->consequence == before->consequence &&
        c->probability == before->probability && c->risk_score > 0 &&
        c->risk_band) {
        *score = c->risk_score;
        *band = c->risk_band;
        return E_OK;
    }
    if ((e = store_risk_matrix(st, a, before->provider_id, &m, NULL)))
        return e;
    *score = risk_score(&m, c->consequence, c->probability);
    if (*score)
        *band = risk_band_str(risk_band_of(&m, *score));
    return E_OK;
}

enum err store_case_update(struct store *st, const struct actor *who,
                           const struct case_rec *c)
{
    struct arena *a = arena_new();
    struct case_rec before, after;
    const char *band;
    int score;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, c->id, &before)) ||
        (e = assessed(st, a, &before, c, &score, &band)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_case, STMT_UPDATE, "iIIIntitIiIt",
                             c->id, c->category_id, (int64_t)c->consequence,
                             (int64_t)c->probability, (int64_t)c->system_fault,
                             sq_empty_null(c->care_injury), (int64_t)c->serious,
                             sq_empty_null(c->feedback), c->handler_id,
                             datetime_now(), (int64_t)score, band));
    if (e || (e = store_case_get(st, a, c->id, &after)))
        goto out;
    if ((e = add_event(st, c->id, who, "updated", NULL, NULL, NULL)))
        goto out;
    e = store_audit(st, who, "update", "case", c->id, case_json(a, &before),
                    case_json(a, &after));
out:
    arena_free(a);
    return e;
}

enum err store_case_transition(struct store *st, const struct actor *who,
                               int64_t id, const char *event,
                               const char *from_state, const char *to_state,
                               int64_t unit_id, const char *reason)
{
    struct arena *a = arena_new();
    struct case_rec before, after;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_case, STMT_TRANSITION, "ittIit", id,
                             from_state, to_state, unit_id, datetime_now(),
                             sq_empty_null(reason)));
    if (e)
        goto out;
    if (sqlite3_changes(st->db) == 0) {
        e = E_CONFLICT; /* someone else moved it meanwhile */
        goto out;
    }
    if ((e = add_event(st, id, who, event, from_state, to_state, reason)) ||
        (e = store_case_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, event, "case", id, case_json(a, &before),
                    case_json(a, &after));
out:
    arena_free(a);
    return e;
}

static void read_event(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_event_row *ev = elem;

    ev->id = sq_int(s, 0);
    ev->at = sq_int(s, 1);
    ev->user_id = sq_int(s, 2);
    ev->kind = sq_str(a, s, 3);
    ev->from_state = sq_str(a, s, 4);
    ev->to_state = sq_str(a, s, 5);
    ev->text = sq_str(a, s, 6);
    ev->user_name = sq_str(a, s, 7);
}

enum err store_case_events(struct store *st, struct arena *a, int64_t id,
                           struct case_event_row **out, size_t *n)
{
    void *p = NULL;
    enum err e =
        sq_collect(st, a, sq_start(st, &sq_tab_case, STMT_EVENTS, "i", id),
                   sizeof(**out), read_event, &p, n);

    *out = p;
    return e;
}

enum err store_case_patient(struct store *st, struct arena *a,
                            const struct actor *who, int64_t case_id,
                            const char *purpose, const char **pnr)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_PATIENT_GET, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *pnr = sq_str(a, s, 0);
    sqlite3_reset(s);
    if (!*pnr)
        return E_NOMEM;
    /* patientdatalagen: every view of a patient identity is logged */
    return sq_done(st,
                   sq_start(st, &sq_tab_case, STMT_ACCESS_LOG, "iiit",
                            datetime_now(), who->user_id, case_id, purpose));
}

static void read_category(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_category *c = elem;

    c->id = sq_int(s, 0);
    c->parent_id = sq_int(s, 1);
    c->code = sq_str(a, s, 2);
    c->name = sq_str(a, s, 3);
    c->parent_name = sq_str(a, s, 4);
}

enum err store_case_categories(struct store *st, struct arena *a,
                               int64_t provider_id, struct case_category **out,
                               size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_case, STMT_CATEGORIES, "i", provider_id),
        sizeof(**out), read_category, &p, n);

    *out = p;
    return e;
}

enum err store_case_category_provider(struct store *st, int64_t id,
                                      int64_t *provider_id)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_CATEGORY_PROVIDER, "i", id);
    enum err e = sq_row(st, s);

    *provider_id = e ? 0 : sq_int(s, 0);
    sqlite3_reset(s);
    return e;
}

enum err store_case_category_add(struct store *st, const struct actor *who,
                                 int64_t provider_id, struct case_category *c)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case, STMT_CATEGORY_INSERT, "iItt",
                             provider_id, c->parent_id, c->code, c->name));

    if (e)
        return e;
    c->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "create", "case_category", c->id, NULL,
        sq_json(a, json_pack("{ss ss sI}", "code", c->code, "name", c->name,
                             "parent_id", (json_int_t)c->parent_id)));
    arena_free(a);
    return e;
}

enum err store_case_investigation(struct store *st, struct arena *a,
                                  int64_t case_id, const char *items[INV__MAX])
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_INVESTIGATION, "i", case_id);
    enum err e;
    int i;

    for (i = 0; i < INV__MAX; i++)
        items[i] = NULL;
    while ((e = sq_row(st, s)) == E_OK) {
        const char *item = (const char *)sqlite3_column_text(s, 0);

        for (i = 0; i < INV__MAX; i++)
            if (item && strcmp(item, case_inv_item_str((enum inv_item)i)) == 0)
                items[i] = sq_str(a, s, 1);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_case_investigation_set(struct store *st, const struct actor *who,
                                      int64_t case_id, enum inv_item item,
                                      const char *text)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case, STMT_INVESTIGATION_SET, "ittIi",
                             case_id, case_inv_item_str(item), text ? text : "",
                             who->user_id, datetime_now()));

    if (e || !(a = arena_new()))
        return e ? e : E_NOMEM;
    e = store_audit(
        st, who, "investigation", "case", case_id, NULL,
        sq_json(a, json_pack("{ss ss}", "item", case_inv_item_str(item), "text",
                             text ? text : "")));
    arena_free(a);
    return e;
}

/* ---- clocks and statistics (migration 007) ---- */

enum err store_case_limits(struct store *st, struct case_limits *out)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_case, STMT_LIMITS, "");
    enum err e;

    case_limits_default(out);
    while ((e = sq_row(st, s)) == E_OK)
        case_limits_set(out, (const char *)sqlite3_column_text(s, 0),
                        (int)sq_int(s, 1));
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_case_lm_get(struct store *st, struct arena *a, int64_t case_id,
                           struct case_lm *out, const char **decided_by)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_case, STMT_LM_GET, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    out->report = (int)sq_int(s, 0);
    out->reasoning = sq_str(a, s, 1);
    out->decided_at = sq_int(s, 2);
    out->sent_at = sq_int(s, 3);
    out->ivo_ref = sq_str(a, s, 4);
    *decided_by = sq_str(a, s, 5);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_case_lm_set(struct store *st, const struct actor *who,
                           int64_t case_id, const struct case_lm *lm)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case, STMT_LM_SET, "iitiiIti", case_id,
                             (int64_t)lm->report, lm->reasoning, who->user_id,
                             lm->decided_at, lm->sent_at,
                             sq_empty_null(lm->ivo_ref), datetime_now()));

    if (e || (e = add_event(st, case_id, who, "lex_maria", NULL, NULL,
                            lm->reasoning)))
        return e;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "lex_maria", "case", case_id, NULL,
        sq_json(a, json_pack("{si ss sI sI ss?}", "report", lm->report,
                             "reasoning", lm->reasoning, "decided_at",
                             (json_int_t)lm->decided_at, "sent_at",
                             (json_int_t)lm->sent_at, "ivo_ref",
                             sq_empty_null(lm->ivo_ref))));
    arena_free(a);
    return e;
}

enum err store_case_complaint_get(struct store *st, int64_t case_id,
                                  int64_t *answer_due, int64_t *answered_at,
                                  int *via_patientnamnd)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_COMPLAINT_GET, "i", case_id);
    enum err e = sq_row(st, s);

    *answer_due = *answered_at = 0;
    *via_patientnamnd = 0;
    if (e)
        return e;
    *answer_due = sq_int(s, 0);
    *answered_at = sq_int(s, 1);
    *via_patientnamnd = (int)sq_int(s, 2);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_case_complaint_set(struct store *st, const struct actor *who,
                                  int64_t case_id, int64_t answer_due,
                                  int64_t answered_at, int via_patientnamnd)
{
    struct arena *a;
    enum err e = sq_done(st, sq_start(st, &sq_tab_case, STMT_COMPLAINT_SET,
                                      "iIIiIi", case_id, answer_due,
                                      answered_at, (int64_t)via_patientnamnd,
                                      who->user_id, datetime_now()));

    if (e || (e = add_event(st, case_id, who, "complaint", NULL, NULL, NULL)))
        return e;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "complaint", "case", case_id, NULL,
        sq_json(a, json_pack("{sI sI si}", "answer_due", (json_int_t)answer_due,
                             "answered_at", (json_int_t)answered_at,
                             "via_patientnamnd", via_patientnamnd)));
    arena_free(a);
    return e;
}

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
             st, a, sq_start(st, &sq_tab_case, STMT_STATS_MONTH, STATS_ARGS),
             sizeof(*out->months), read_stat, &p, &out->nmonths)))
        return e;
    out->months = p;
    p = NULL;
    if ((e = sq_collect(
             st, a, sq_start(st, &sq_tab_case, STMT_STATS_CATEGORY, STATS_ARGS),
             sizeof(*out->categories), read_stat, &p, &out->ncategories)))
        return e;
    out->categories = p;
    p = NULL;
    s = sq_start(st, &sq_tab_case, STMT_STATS_BAND, STATS_ARGS);
    while ((e = sq_row(st, s)) == E_OK)
        out->by_band[risk_band_from_str(
            (const char *)sqlite3_column_text(s, 0))] += sq_int(s, 1);
    if (e != E_NOTFOUND)
        return e;
    s = sq_start(st, &sq_tab_case, STMT_STATS_SUMMARY, STATS_ARGS);
    if ((e = sq_row(st, s)))
        return e;
    out->total = sq_int(s, 0);
    out->system_faults = sq_int(s, 1);
    out->fault_known = sq_int(s, 2);
    sqlite3_reset(s);
    if ((e = sq_collect(
             st, a,
             sq_start(st, &sq_tab_case, STMT_STATS_DURATIONS, STATS_ARGS),
             sizeof(int64_t), read_i64, &p, &out->ndurations)))
        return e;
    out->durations = p;
#undef STATS_ARGS
    s = sq_start(st, &sq_tab_case, STMT_STATS_OVERDUE, "ti", scope_path, now);
    if ((e = sq_row(st, s)))
        return e;
    out->overdue_open = sq_int(s, 0);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_case_categories_seed(struct store *st, const struct actor *who,
                                    int64_t provider_id)
{
    const struct taxonomy_entry *t;
    int64_t main_id = 0;
    sqlite3_stmt *s;
    size_t i, n;
    enum err e;

    s = sq_start(st, &sq_tab_case, STMT_CATEGORY_COUNT, "i", provider_id);
    if ((e = sq_row(st, s)))
        return e;
    n = (size_t)sq_int(s, 0);
    sqlite3_reset(s);
    if (n > 0)
        return E_OK; /* the provider has its own taxonomy already */
    t = taxonomy_default(&n);
    for (i = 0; i < n; i++) {
        struct case_category c = {0};

        c.code = t[i].code;
        c.name = t[i].name;
        c.parent_id = t[i].parent ? main_id : 0;
        if ((e = store_case_category_add(st, who, provider_id, &c)))
            return e;
        if (!t[i].parent)
            main_id = c.id;
    }
    return E_OK;
}

enum err store_case_backdate(struct store *st, const struct actor *who,
                             int64_t id, const struct case_times *t)
{
    struct arena *a = arena_new();
    struct case_rec c;
    struct tm now_tm, tm;
    char number[48];
    const char *renumber = NULL;
    int64_t last = t->last_step_at ? t->last_step_at : t->reported_at;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, id, &c)))
        goto out;
    datetime_stockholm(c.reported_at, &now_tm);
    datetime_stockholm(t->reported_at, &tm);
    if (tm.tm_year != now_tm.tm_year) {
        if ((e = next_number(st, tm.tm_year + 1900, number, sizeof(number))))
            goto out;
        renumber = number;
    }
    if ((e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE, "iIIiit", id,
                                  t->occurred_at, t->discovered_at,
                                  t->reported_at, last, renumber))) ||
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE_EVENTS, "iii",
                                  id, t->reported_at, last))) ||
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE_INVESTIGATION,
                                  "ii", id, last))))
        goto out;
    e = store_audit(
        st, who, "backdate", "case", id, NULL,
        sq_json(a, json_pack("{ss? sI sI}", "number", renumber, "reported_at",
                             (json_int_t)t->reported_at, "last_step_at",
                             (json_int_t)last)));
out:
    arena_free(a);
    return e;
}
