/* sqlite_int.h: what the SQLite backend's files share: the connection, the
 * statement tables and the helpers that bind, step and read. Included only
 * by src/store/store_*.c.
 *
 * Each file keeps its own statement table (an enum and an array of SQL
 * constants) registered under an enum sq_mod slot; a connection prepares a
 * statement (SQLITE_PREPARE_PERSISTENT) on its first use and keeps it. No SQL
 * text is ever built at run time. */
#ifndef SKA_SQLITE_INT_H
#define SKA_SQLITE_INT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "store.h"

/* One slot per store file with statements. */
enum sq_mod {
    SQ_CORE,      /* store_sqlite.c: transactions, audit log */
    SQ_ORG,       /* store_org.c: units, users, roles, deputies */
    SQ_SESSION,   /* store_session.c: sessions, tokens, log-in failures */
    SQ_INDICATOR, /* store_indicator.c: indicator catalogue, tags */
    SQ_IND_VALUE, /* store_ind_value.c: values, series, national */
    SQ_ROLLUP,    /* store_ind_rollup.c: recomputing the rollup */
    SQ_IND_PHASE, /* store_ind_phase.c: baselines, annotations */
    SQ_CASE,      /* store_case.c: cases, their steps, timeline */
    SQ_CASELIST,  /* store_case_list.c: case lists, search, counts */
    SQ_CASESTAT,  /* store_case_stats.c: case statistics */
    SQ_CASECLOCK, /* store_case_clock.c: limits, clocks, patient identity */
    SQ_CASECAT,   /* store_case_category.c: case categories, default seed */
    SQ_ACTION,    /* store_action.c: the action register */
    SQ_NOTIFY,    /* store_notify.c: inbox and e-mail outbox */
    SQ_ATTACH,    /* store_attach.c: case attachments */
    SQ_REMIND,    /* store_remind.c: reminders, provider time limits */
    SQ_RISK,      /* store_risk.c: a provider's risk matrix */
    SQ_TAXONOMY,  /* store_taxonomy.c: a provider's categories, kept */
    SQ_PROCESS,   /* store_process.c: the process map and its links */
    SQ_DOCUMENT,  /* store_document.c: controlled documents */
    SQ_DOCFIND,   /* store_document_search.c: document search */
    SQ_DOCACK,    /* store_document_ack.c: links, acks, reminders */
    /* store_requirement.c: the legal-requirements register */
    SQ_REQ,
    /* store_status.c: status figures, snapshots, responsibility */
    SQ_STATUS,
    SQ_RESP, /* store_resp.c: the responsibility page */
    SQ__MAX
};

struct sq_table {
    enum sq_mod mod;
    const char *const *sql;
    int n;
};

/* The tables, one per file; store_open prepares them all, so a broken
 * statement stops the server at start rather than at first use. */
extern const struct sq_table sq_tab_core, sq_tab_org, sq_tab_session,
    sq_tab_indicator, sq_tab_case, sq_tab_action, sq_tab_notify;
extern const struct sq_table sq_tab_attach;
extern const struct sq_table sq_tab_remind, sq_tab_taxonomy;
extern const struct sq_table sq_tab_risk;
extern const struct sq_table sq_tab_process;
extern const struct sq_table sq_tab_document, sq_tab_docfind, sq_tab_docack;
extern const struct sq_table sq_tab_req, sq_tab_status;
extern const struct sq_table sq_tab_resp;
extern const struct sq_table sq_tab_ind_value, sq_tab_ind_rollup,
    sq_tab_ind_phase;
extern const struct sq_table sq_tab_case_list, sq_tab_case_stats;
extern const struct sq_table sq_tab_case_clock, sq_tab_case_cat;

struct store {
    sqlite3 *db;
    sqlite3_stmt **stmt[SQ__MAX]; /* per table, prepared on first use */
    char errmsg[256];
};

/* sq_start resets statement k of table t (preparing it on first use),
 * binds the arguments by position and returns it; NULL with st->errmsg set
 * on failure. fmt letters: i int64; I int64, NULL when 0; t text or NULL;
 * h 32-byte hash blob or NULL; d double; D double, NULL when NaN; n int64,
 * NULL when negative. */
sqlite3_stmt *sq_start(struct store *st, const struct sq_table *t, int k,
                       const char *fmt, ...);
/* sq_done steps a statement that returns no rows. */
enum err sq_done(struct store *st, sqlite3_stmt *s);
/* sq_row steps once: E_OK with a row, E_NOTFOUND at the end (and reset). */
enum err sq_row(struct store *st, sqlite3_stmt *s);
/* sq_fail records the connection's error and maps rc to an enum err. */
enum err sq_fail(struct store *st, int rc);
/* sq_str copies column i's text into the arena (NULL for SQL NULL). */
const char *sq_str(struct arena *a, sqlite3_stmt *s, int i);
int64_t sq_int(sqlite3_stmt *s, int i);
/* sq_dbl returns column i as a double, NaN for SQL NULL. */
double sq_dbl(sqlite3_stmt *s, int i);
/* sq_grow makes room for element n of an arena array of element size sz,
 * doubling *cap; returns the (possibly moved) array or NULL. */
void *sq_grow(struct arena *a, void *old, size_t *cap, size_t n, size_t sz);
/* A row reader copies the current row of s into *elem (arena strings). */
typedef void (*sq_reader)(struct arena *a, sqlite3_stmt *s, void *elem);
/* sq_collect steps s to its end, reading every row with read into a new
 * arena array of elements of size sz: *out (NULL when empty), *n. */
enum err sq_collect(struct store *st, struct arena *a, sqlite3_stmt *s,
                    size_t sz, sq_reader read, void **out, size_t *n);
/* sq_one reads the single row of s into *out with read; E_NOTFOUND when
 * there is none. */
enum err sq_one(struct store *st, struct arena *a, sqlite3_stmt *s,
                sq_reader read, void *out);
/* sq_int_one reads the first column of the single row of s as an integer;
 * E_NOTFOUND when there is none. */
enum err sq_int_one(struct store *st, sqlite3_stmt *s, int64_t *out);
/* sq_fts_query turns words typed by a user into an FTS5 query: each word
 * quoted (so operators and punctuation are plain text) and matched as a
 * prefix, all words required. NULL when there is no word. */
const char *sq_fts_query(struct arena *a, const char *q);
/* sq_json serialises j (stolen) compactly with sorted keys into the arena,
 * for audit entries. */
char *sq_json(struct arena *a, json_t *j);
/* sq_empty_null maps "" to NULL, for optional text columns. */
const char *sq_empty_null(const char *s);

#endif
