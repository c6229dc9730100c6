/* store_case_int.h: what the case store's files share: the columns of a
 * case row, the overdue rule in SQL, the row reader and the timeline.
 * store_case.c (cases and their steps), store_case_list.c (lists, search,
 * counts), store_case_stats.c (statistics), store_case_clock.c (time
 * limits, Lex Maria and complaint clocks, patient identity) and
 * store_case_category.c (categories). Not for use outside
 * src/store/store_case*.c. */
#ifndef SKA_STORE_CASE_INT_H
#define SKA_STORE_CASE_INT_H

#include "sqlite_int.h"

/* The columns store_case_read reads, with CASE_JOINS; CASE_COLS adds the
 * FROM clause for a case and its unit. */
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

/* store_case_read reads a row of CASE_FIELDS into the struct case_rec at
 * elem, strings in a (an sq_reader). */
void store_case_read(struct arena *a, sqlite3_stmt *s, void *elem);
/* store_case_event_add appends an event of kind (from, to and text may be
 * NULL) to case_id's timeline at the current time. */
enum err store_case_event_add(struct store *st, int64_t case_id,
                              const struct actor *who, const char *kind,
                              const char *from, const char *to,
                              const char *text);

#endif
