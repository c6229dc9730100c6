/* store.h: the persistence interface. Every SQL statement of ska lives
 * behind these functions (today in store_sqlite.c; a PostgreSQL backend will
 * implement the same functions). Records come back as the core structs with
 * their strings copied into the caller's arena.
 *
 * Threads: a struct store is one connection and must be used by one thread
 * at a time; the server takes one from a struct store_pool per request.
 * Writes: wrap every change in store_begin/store_commit together with its
 * store_audit entry, so the record and its audit line commit or fail
 * together. */
#ifndef SKA_STORE_H
#define SKA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "core/action.h"
#include "core/auth.h"
#include "core/authz.h"
#include "core/case.h"
#include "core/indicator.h"
#include "core/org.h"
#include "core/reminder.h"
#include "err.h"
#include "store_requirement.h"

struct store;
struct store_pool;

/* Who did it, for the audit log. user_id 0 = the command line/system. */
struct actor {
    int64_t user_id;
    const char *name; /* username, or "cli"/"system" */
};

/* --- connection, schema, transactions --- */

/* store_open opens (creating when create is set) the database at path in
 * WAL mode with foreign keys, synchronous=FULL and a busy timeout. With
 * migrate set, pending migrations are applied; otherwise a database whose
 * schema is behind the binary is refused with E_CONFLICT. */
enum err store_open(const char *path, int create, int migrate,
                    struct store **out);
void store_close(struct store *st);
/* store_errmsg returns the last error of the connection (English). */
const char *store_errmsg(const struct store *st);
/* store_schema_version gives the applied and the binary's latest version. */
enum err store_schema_version(struct store *st, int *applied, int *latest);
enum err store_begin(struct store *st); /* BEGIN IMMEDIATE */
enum err store_commit(struct store *st);
void store_rollback(struct store *st); /* no-op outside a transaction */
/* store_read_begin / store_read_end bracket a read-only request: one
 * snapshot and one lock for all its queries; a small housekeeping write
 * inside is allowed and committed by store_read_end. */
enum err store_read_begin(struct store *st);
void store_read_end(struct store *st);
/* store_integrity runs the database's integrity and foreign-key checks;
 * problems are appended to msg one per line. E_DB when any. */
enum err store_integrity(struct store *st, struct buf *msg);
/* store_backup copies the database consistently to path (online). */
enum err store_backup(struct store *st, const char *path);
/* store_is_empty reports whether no unit and no user exist. */
enum err store_is_empty(struct store *st, int *empty);

struct store_pool *store_pool_new(const char *path, int n);
struct store *store_pool_get(struct store_pool *p);
void store_pool_put(struct store_pool *p, struct store *st);
void store_pool_free(struct store_pool *p);

/* --- audit log --- */

struct audit_row {
    int64_t id, at, actor_id, entity_id;
    const char *actor, *action, *entity, *before, *after, *hash;
};

/* store_audit appends an entry, chained to the last one. Call inside the
 * transaction that makes the change. before/after are JSON or NULL. */
enum err store_audit(struct store *st, const struct actor *who,
                     const char *action, const char *entity, int64_t entity_id,
                     const char *before, const char *after);
/* store_audit_verify walks the chain; *bad_id is the first entry whose
 * hash does not match (0 when the chain is intact). */
enum err store_audit_verify(struct store *st, int64_t *n, int64_t *bad_id);
/* store_audit_list lists entries newest first; entity NULL = all, and
 * entity_id 0 = all of that entity. */
enum err store_audit_list(struct store *st, struct arena *a, const char *entity,
                          int64_t entity_id, int64_t before_id, int limit,
                          struct audit_row **out, size_t *n);

/* --- organisation --- */

enum err store_unit_get(struct store *st, struct arena *a, int64_t id,
                        struct unit *out);
enum err store_unit_by_code(struct store *st, struct arena *a, const char *code,
                            struct unit *out);
/* store_unit_list returns all units in tree order (by path). */
enum err store_unit_list(struct store *st, struct arena *a, struct unit **out,
                         size_t *n);
/* store_unit_create inserts u (parent_id 0 = a new provider), fills u->id,
 * u->path and u->provider_id. E_CONFLICT when code or HSA-id is taken,
 * E_NOTFOUND when the parent does not exist. Audited. */
enum err store_unit_create(struct store *st, const struct actor *who,
                           struct unit *u);
/* store_unit_update changes name, kind, codes and activity (not the
 * parent). Audited with before and after. */
enum err store_unit_update(struct store *st, const struct actor *who,
                           const struct unit *u);

/* --- users --- */

enum err store_user_get(struct store *st, struct arena *a, int64_t id,
                        struct user *out);
enum err store_user_by_username(struct store *st, struct arena *a,
                                const char *username, struct user *out);
/* store_user_list pages through users whose home unit lies in the subtree
 * of scope_path (NULL = all), optionally matching q in username or name. */
enum err store_user_list(struct store *st, struct arena *a,
                         const char *scope_path, const char *q, int offset,
                         int limit, struct user **out, size_t *n,
                         int64_t *total);
enum err store_user_create(struct store *st, const struct actor *who,
                           struct user *u);
enum err store_user_update(struct store *st, const struct actor *who,
                           const struct user *u);
/* store_user_set_password stores a new argon2id hash; audited without the
 * hash itself. Also ends the user's other sessions except keep_session. */
enum err store_user_set_password(struct store *st, const struct actor *who,
                                 int64_t user_id, const char *hash,
                                 const unsigned char *keep_session);

/* --- roles and deputies --- */

struct role_row {
    int64_t id, user_id, unit_id;
    enum role role;
    const char *username, *user_name, *unit_code, *unit_name, *unit_path;
};

struct deputy_row {
    int64_t id, absent_user_id, deputy_user_id;
    const char *absent_name, *deputy_name, *valid_from, *valid_to, *note;
};

/* store_grants loads what user_id may do on date ("YYYY-MM-DD"): their own
 * role assignments plus those of users they deputise for on that date. */
enum err store_grants(struct store *st, struct arena *a, int64_t user_id,
                      const char *date, struct grant **out, size_t *n);
enum err store_role_list(struct store *st, struct arena *a, int64_t user_id,
                         const char *scope_path, struct role_row **out,
                         size_t *n);
enum err store_role_add(struct store *st, const struct actor *who,
                        int64_t user_id, enum role role, int64_t unit_id,
                        int64_t *id);
enum err store_role_remove(struct store *st, const struct actor *who,
                           int64_t id);
enum err store_role_get(struct store *st, struct arena *a, int64_t id,
                        struct role_row *out);
enum err store_deputy_list(struct store *st, struct arena *a, int64_t user_id,
                           struct deputy_row **out, size_t *n);
enum err store_deputy_add(struct store *st, const struct actor *who,
                          struct deputy_row *d);
enum err store_deputy_remove(struct store *st, const struct actor *who,
                             int64_t id);
enum err store_deputy_get(struct store *st, struct arena *a, int64_t id,
                          struct deputy_row *out);

/* --- sessions, tokens, throttling --- */

struct session {
    int64_t user_id, created_at, last_seen;
    const char *csrf;
};

enum err store_session_create(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES],
                              int64_t user_id, const char *csrf, const char *ip,
                              int64_t now);
enum err store_session_get(struct store *st, struct arena *a,
                           const unsigned char hash[AUTH_HASH_BYTES],
                           struct session *out);
enum err store_session_touch(struct store *st,
                             const unsigned char hash[AUTH_HASH_BYTES],
                             int64_t now);
enum err store_session_delete(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES]);
/* store_session_expire removes sessions idle since idle_before or created
 * before created_before. */
enum err store_session_expire(struct store *st, int64_t idle_before,
                              int64_t created_before);
enum err store_token_create(struct store *st, const struct actor *who,
                            const unsigned char hash[AUTH_HASH_BYTES],
                            int64_t user_id, int64_t now);
/* store_token_user finds the active user of an unrevoked token. */
enum err store_token_user(struct store *st,
                          const unsigned char hash[AUTH_HASH_BYTES],
                          int64_t *user_id);
enum err store_login_failures(struct store *st, const char *username,
                              const char *ip, int64_t since, long *n_user,
                              long *n_ip);
enum err store_login_failure_add(struct store *st, const char *username,
                                 const char *ip, int64_t now);
enum err store_login_failure_clear(struct store *st, const char *username);

/* --- indicators (store_indicator.c, store_ind_*.c) --- */

struct ind_value {
    const char *period;
    double numerator, denominator, value; /* NaN = missing */
};

struct ind_phase {
    int64_t id, indicator_id, unit_id, created_by, created_at;
    const char *kind; /* "freeze" or "phase" */
    const char *period, *reason, *justification, *created_by_name;
    int withdrawn;
};

struct ind_annotation {
    int64_t id, indicator_id, unit_id, created_at;
    const char *period, *kind, *text, *created_by_name;
};

struct ind_tag {
    int64_t id, provider_id;
    const char *code, *name;
};

/* Filters for store_indicator_list; 0 / NULL = any. */
struct ind_filter {
    int64_t provider_id, focus_area_id, patient_group_id;
    const char *dimension, *q;
    int include_inactive;
};

enum err store_indicator_get(struct store *st, struct arena *a,
                             const char *code, struct indicator *out);
enum err store_indicator_list(struct store *st, struct arena *a,
                              const struct ind_filter *f,
                              struct indicator **out, size_t *n);
/* store_indicator_upsert creates or updates by code (audited with before
 * and after); *changed is 0 when the stored record was already equal. */
enum err store_indicator_upsert(struct store *st, const struct actor *who,
                                struct indicator *ind, int *changed);
/* store_indicator_tags lists the focus areas (kind "focus") or patient
 * groups (kind "group") of a provider, or those of one indicator when
 * indicator_id is set. */
enum err store_indicator_tags(struct store *st, struct arena *a,
                              const char *kind, int64_t provider_id,
                              int64_t indicator_id, struct ind_tag **out,
                              size_t *n);
enum err store_tag_upsert(struct store *st, const struct actor *who,
                          const char *kind, struct ind_tag *t);
enum err store_indicator_tag_set(struct store *st, const struct actor *who,
                                 int64_t indicator_id, const char *kind,
                                 const int64_t *tag_ids, size_t n);
/* store_value_upsert writes one value; *changed 0 when equal already.
 * Not audited per row: imports audit one entry per file. It also updates
 * the rollup rows (migration 008) of the unit and its ancestors. */
enum err store_value_upsert(struct store *st, int64_t indicator_id,
                            int64_t unit_id, const char *period,
                            double numerator, double denominator, double value,
                            int *changed);
/* store_series returns the indicator's values over the subtree of
 * scope_path, one per period in period order: numerators and denominators
 * are summed over the units; without denominators value is the mean of the
 * units' values. */
enum err store_series(struct store *st, struct arena *a, int64_t indicator_id,
                      const char *scope_path, struct ind_value **out,
                      size_t *n);
/* One indicator's series, as store_series_unit returns them. */
struct ind_series {
    int64_t indicator_id;
    struct ind_value *v;
    size_t n;
};
/* store_series_unit returns, in one statement, the series of every
 * indicator with values in the subtree of the unit whose path is
 * scope_path, in indicator id order, each as store_series gives it;
 * E_NOTFOUND when scope_path is no unit's path (store_series then). Both
 * read the rollup table (migration 008), store_series too whenever
 * scope_path is a unit's path. */
enum err store_series_unit(struct store *st, struct arena *a,
                           const char *scope_path, struct ind_series **out,
                           size_t *n);
/* store_value_load_begin prepares the connection for a bulk load of
 * values (store_value_load, then store_indicator_rollup_refresh_pairs): a
 * page cache of 128 MB for the rest of the connection's life (a CLI
 * command), so that the indexes of a large load stay in memory. */
enum err store_value_load_begin(struct store *st);
/* store_value_load is store_value_upsert without the rollup: a bulk load
 * (the importer) calls store_indicator_rollup_refresh_pairs with every
 * indicator and period it changed, in the same transaction, before
 * committing. */
enum err store_value_load(struct store *st, int64_t indicator_id,
                          int64_t unit_id, const char *period, double numerator,
                          double denominator, double value, int *changed);
/* store_indicator_rollup_refresh recomputes the rollup rows of one
 * indicator and period from the values, for every unit. */
enum err store_indicator_rollup_refresh(struct store *st, int64_t indicator_id,
                                        const char *period);
/* store_indicator_rollup_rebuild recomputes the rollup table from the
 * values (migration 008 does the same once), e.g. after values were
 * written around store_value_upsert; call it inside a transaction. */
enum err store_indicator_rollup_rebuild(struct store *st);
/* store_indicator_rollup_refresh_pairs is store_indicator_rollup_refresh
 * for n pairs (indicator_ids[i], periods[i]; repeats allowed) at once: the
 * pairs go into a temporary table, and their rollup rows are deleted and
 * recomputed from the values with one statement each (the importer). */
enum err store_indicator_rollup_refresh_pairs(struct store *st, size_t n,
                                              const int64_t *indicator_ids,
                                              const char *const *periods);
enum err store_national_upsert(struct store *st, int64_t indicator_id,
                               const char *period, double value, int *changed);
enum err store_national_series(struct store *st, struct arena *a,
                               int64_t indicator_id, struct ind_value **out,
                               size_t *n);
enum err store_phase_add(struct store *st, const struct actor *who,
                         struct ind_phase *p);
enum err store_phase_withdraw(struct store *st, const struct actor *who,
                              int64_t id);
enum err store_phase_list(struct store *st, struct arena *a,
                          int64_t indicator_id, int64_t unit_id,
                          struct ind_phase **out, size_t *n);
enum err store_annotation_add(struct store *st, const struct actor *who,
                              struct ind_annotation *an);
enum err store_annotation_list(struct store *st, struct arena *a,
                               int64_t indicator_id, int64_t unit_id,
                               struct ind_annotation **out, size_t *n);

/* --- cases (store_case.c; lists store_case_list.c, statistics
 * store_case_stats.c, clocks and patient identity store_case_clock.c,
 * categories store_case_category.c) --- */

struct case_category {
    int64_t id, parent_id;
    const char *code, *name, *parent_name;
    int active;                /* store_category_* only */
    int64_t provider_id, uses; /* store_category_* only: cases using it */
};

struct case_event_row {
    int64_t id, at, user_id;
    const char *kind, *from_state, *to_state, *text, *user_name;
};

enum case_sort { CASE_SORT_NEWEST, CASE_SORT_RISK, CASE_SORT__MAX };

/* Filters for store_case_list; 0 / NULL = any. scope_path limits to cases
 * of units in that subtree; q is full-text search (words, any order,
 * prefixes match). */
struct case_filter {
    const char *scope_path, *type, *state, *q;
    int64_t reporter_id, handler_id, category_id;
    int64_t from, to; /* reported_at range, UTC seconds */
    int open_only;
    int overdue_only; /* past a time limit (case_clock_of's rule) */
    int64_t now;      /* for overdue_only; 0 = the current time */
    enum case_sort sort;
    int offset, limit;
};

/* store_case_create inserts a reported case with its first timeline event
 * and an audit entry; fills c->id, c->number ("2026-000123", per care
 * provider and year) and c->state. pnr (normalised, may be NULL) is stored
 * apart from the case. */
enum err store_case_create(struct store *st, const struct actor *who,
                           struct case_rec *c, const char *pnr,
                           int coordination);
enum err store_case_get(struct store *st, struct arena *a, int64_t id,
                        struct case_rec *out);
/* store_case_list reads one page (f->offset, f->limit) and counts the
 * matches, but at most case_total_cap(f) + 1 of them: *total is exact up to
 * the cap, and cap + 1 means "more than the cap" (case_total_capped). The
 * list is newest first (reported_at); a full-text search newest filed
 * first (id). */
enum err store_case_list(struct store *st, struct arena *a,
                         const struct case_filter *f, struct case_rec **out,
                         size_t *n, int64_t *total);
#define CASE_TOTAL_CAP 10000
#define CASE_TOTAL_CAP_SEARCH 1000 /* each match costs a row look-up */
/* the count's cap: CASE_TOTAL_CAP (CASE_TOTAL_CAP_SEARCH when f->q is
 * set), or further when paging beyond it */
int64_t case_total_cap(const struct case_filter *f);
static inline int case_total_capped(const struct case_filter *f, int64_t total)
{
    return total > case_total_cap(f);
}
/* store_case_update writes the handler's fields (category, assessment,
 * harm, feedback, handler) with before/after in the audit log and a
 * timeline event of kind "updated". */
enum err store_case_update(struct store *st, const struct actor *who,
                           const struct case_rec *c);
/* store_case_transition moves the case from from_state to to_state (E_CONFLICT
 * when it is no longer in from_state), possibly to another unit
 * (unit_id 0 = same), recording reason in the timeline and the audit log. */
enum err store_case_transition(struct store *st, const struct actor *who,
                               int64_t id, const char *event,
                               const char *from_state, const char *to_state,
                               int64_t unit_id, const char *reason);
enum err store_case_events(struct store *st, struct arena *a, int64_t id,
                           struct case_event_row **out, size_t *n);
/* store_case_patient reads the protected patient identity and writes the
 * access to patient_access_log (purpose e.g. "case view"); E_NOTFOUND
 * when the case has none. */
enum err store_case_patient(struct store *st, struct arena *a,
                            const struct actor *who, int64_t case_id,
                            const char *purpose, const char **pnr);
enum err store_case_categories(struct store *st, struct arena *a,
                               int64_t provider_id, struct case_category **out,
                               size_t *n);
/* store_case_category_provider: the care provider of an active category;
 * E_NOTFOUND when there is none. */
enum err store_case_category_provider(struct store *st, int64_t id,
                                      int64_t *provider_id);
enum err store_case_category_add(struct store *st, const struct actor *who,
                                 int64_t provider_id, struct case_category *c);
enum err store_case_investigation(struct store *st, struct arena *a,
                                  int64_t case_id, const char *items[INV__MAX]);
enum err store_case_investigation_set(struct store *st, const struct actor *who,
                                      int64_t case_id, enum inv_item item,
                                      const char *text);
/* store_case_limits reads the time limits (case_time_limit, migration
 * 007) over case_limits_default. */
enum err store_case_limits(struct store *st, struct case_limits *out);
/* store_case_lm_get reads the Lex Maria decision (strings in a; decided_by
 * is the deciding user's name); E_NOTFOUND when none is recorded. */
enum err store_case_lm_get(struct store *st, struct arena *a, int64_t case_id,
                           struct case_lm *out, const char **decided_by);
/* store_case_lm_set records (or replaces) the decision with who as the
 * deciding user, a timeline event "lex_maria" and an audit entry. The
 * caller validates (case_validate_lm) and checks PERM_QUALITY. */
enum err store_case_lm_set(struct store *st, const struct actor *who,
                           int64_t case_id, const struct case_lm *lm);
/* store_case_complaint_get reads a complaint's clock; E_NOTFOUND (and
 * zeros) when nothing is recorded yet. */
enum err store_case_complaint_get(struct store *st, int64_t case_id,
                                  int64_t *answer_due, int64_t *answered_at,
                                  int *via_patientnamnd);
/* store_case_complaint_set records a complaint's clock (answer_due 0 = the
 * default limit, answered_at 0 = not answered), with a timeline event
 * "complaint" and an audit entry. */
enum err store_case_complaint_set(struct store *st, const struct actor *who,
                                  int64_t case_id, int64_t answer_due,
                                  int64_t answered_at, int via_patientnamnd);

struct case_stat_row {
    const char *label; /* "2026-03" (Stockholm month) or a category name
                          ("" none) */
    int64_t n;
};

/* Statistics of cases reported in [from, to) in a unit subtree. */
struct case_stats {
    struct case_stat_row *months, *categories; /* categories: most first */
    size_t nmonths, ncategories;
    int64_t by_band[BAND__MAX]; /* as recorded; BAND_NONE: not assessed */
    int64_t total, system_faults, fault_known;
    int64_t *durations; /* closed cases: closed_at - reported_at, seconds */
    size_t ndurations;
    int64_t overdue_open; /* open cases of the subtree overdue at now (any
                             period) */
};

/* store_case_stats fills out from GROUP BY queries; arrays in a. */
enum err store_case_stats(struct store *st, struct arena *a,
                          const char *scope_path, int64_t from, int64_t to,
                          int64_t now, struct case_stats *out);
/* store_case_categories_seed gives a provider that has no categories yet
 * the default taxonomy (core/taxonomy.h), each row audited; a provider
 * with categories is left alone, so calling it again changes nothing. */
enum err store_case_categories_seed(struct store *st, const struct actor *who,
                                    int64_t provider_id);

/* When a case happened and was handled; UTC seconds, 0 = not known. */
struct case_times {
    int64_t occurred_at, discovered_at, reported_at;
    int64_t last_step_at; /* the latest step (closing); 0 = reported_at */
};

/* store_case_backdate moves a just-written case into the past, for the demo
 * (and imports of history) only: reported_at and created_at become
 * t->reported_at; state_since, updated_at, and closed_at / feedback_at
 * where set, become t->last_step_at; the timeline's steps are spread evenly
 * between the two; the number moves to the year reported (the next free
 * one). The audit log keeps the real time of every write, plus a "backdate"
 * entry. */
enum err store_case_backdate(struct store *st, const struct actor *who,
                             int64_t id, const struct case_times *t);

/* --- actions (store_action.c) --- */

/* Filters for store_action_list; 0 / NULL = any. user_id: actions where
 * the user is responsible or follows up; scope_path: actions of units in
 * that subtree; overdue_today ("YYYY-MM-DD"): only actions planned or in
 * progress with a due date before it; open_only: not evaluated or
 * cancelled. Open actions come first, by due date; at most limit (500
 * when 0). */
struct action_filter {
    const char *source, *scope_path, *overdue_today;
    int64_t source_id, user_id;
    int open_only, limit;
};

/* store_action_create inserts x (state planned) with an audit entry and
 * fills x->id. The caller validates (core/action.h). */
enum err store_action_create(struct store *st, const struct actor *who,
                             struct action_rec *x);
enum err store_action_get(struct store *st, struct arena *a, int64_t id,
                          struct action_rec *out);
enum err store_action_list(struct store *st, struct arena *a,
                           const struct action_filter *f,
                           struct action_rec **out, size_t *n);
/* store_action_open_count counts the open actions of one source record. */
enum err store_action_open_count(struct store *st, const char *source,
                                 int64_t source_id, size_t *n);
/* store_action_set_state moves action id from from_state to to_state
 * (E_CONFLICT when it is no longer in from_state), keeping evaluation and
 * reason when given, with before/after in the audit log. */
enum err store_action_set_state(struct store *st, const struct actor *who,
                                int64_t id, const char *from_state,
                                const char *to_state, const char *evaluation,
                                const char *reason);

/* --- indicator import (store_import.c) --- */

struct csvfile;
struct ind_import_errs;

/* What an import did; failed_line is the file line a store error hit. */
struct ind_import_counts {
    size_t created, updated, unchanged, rows, failed_line;
};
/* Called after each value row written: done of total. */
typedef void (*ind_import_progress)(void *cls, size_t done, size_t total);

/* store_ind_import imports f, a catalogue or values file (core/ind_import.h),
 * inside the caller's transaction. Every problem of the file (parse errors,
 * unknown codes, duplicates) goes to es and then nothing is written (E_OK
 * with es->n > 0). New catalogue entries belong to care provider provider.
 * With scope (a unit path; NULL: no limit), units outside that subtree and
 * indicators of other providers count as unknown, and catalogue codes of
 * other providers cannot be imported. pg (may be NULL) reports progress.
 * E_DB (store_errmsg, c->failed_line) or E_NOMEM otherwise; the caller then
 * rolls back. */
enum err store_ind_import(struct store *st, struct arena *a,
                          const struct actor *who, const struct csvfile *f,
                          int64_t provider, const char *scope,
                          struct ind_import_errs *es,
                          struct ind_import_counts *c, ind_import_progress pg,
                          void *cls);

/* --- case attachments (store_attach.c) --- */

/* One attachment: sha256 is the raw SHA-256 of the bytes, type an
 * attach_type_str name (core/attach.h). data and size are the bytes for
 * store_attach_add; the readers leave data NULL. */
struct attach_rec {
    int64_t id, case_id, size, uploaded_by, uploaded_at;
    const char *name, *type, *uploader_name;
    unsigned char sha256[32];
    const unsigned char *data;
};

/* store_attach_add inserts x (the caller has checked and hashed it) with
 * an "attach" audit entry on the case, inside the caller's transaction;
 * fills x->id, uploaded_by and uploaded_at. data is lent for the call. */
enum err store_attach_add(struct store *st, const struct actor *who,
                          struct attach_rec *x);
/* store_attach_list gives a case's attachments without their bytes, oldest
 * first. */
enum err store_attach_list(struct store *st, struct arena *a, int64_t case_id,
                           struct attach_rec **out, size_t *n);
/* store_attach_usage counts a case's attachments and their bytes. */
enum err store_attach_usage(struct store *st, int64_t case_id, int64_t *files,
                            int64_t *bytes);
/* store_attach_get reads one attachment; with data non-NULL its bytes are
 * appended there (E_NOMEM when the buffer cannot hold them). */
enum err store_attach_get(struct store *st, struct arena *a, int64_t id,
                          struct attach_rec *out, struct buf *data);
/* store_attach_verify recomputes every attachment's SHA-256: *n checked,
 * *bad_id the first whose bytes no longer match (0 when all do). */
enum err store_attach_verify(struct store *st, int64_t *n, int64_t *bad_id);

/* ---- notifications (store_notify.c) ---- */

#define NOTIFY_MAX_ATTEMPTS 10        /* then the outbox row stays, unsent */
#define NOTIFY_BACKOFF_MAX (6 * 3600) /* the longest wait between tries */

/* A notification with, when it went by e-mail, its outbox state: to_addr ""
 * and attempts -1 when there is no outbox row; sent_at 0 until delivered. */
struct notification_rec {
    int64_t id, user_id, case_id, created_at, read_at, sent_at;
    const char *kind, *subject, *body, *user_name, *to_addr, *last_error;
    const char *deputy_for_name; /* a deputy's copy: for whom; else NULL */
    int attempts;
};

struct outbox_rec {
    int64_t id, notification_id, created_at;
    const char *to_addr, *subject, *body;
    int attempts;
};

/* store_notify inserts a notification for user_id (case_id 0 = none) and,
 * when the user is active with an e-mail address, its outbox row, due now.
 * Call it inside the caller's transaction. */
enum err store_notify(struct store *st, int64_t user_id, int64_t case_id,
                      const char *kind, const char *subject, const char *body,
                      int64_t now);
/* store_inbox_list gives a user's notifications, newest first (at most
 * limit, 200 when 0). */
enum err store_inbox_list(struct store *st, struct arena *a, int64_t user_id,
                          int limit, struct notification_rec **out, size_t *n);
enum err store_inbox_unread(struct store *st, int64_t user_id, size_t *n);
/* store_inbox_mark_read: E_NOTFOUND unless notification id is user_id's. */
enum err store_inbox_mark_read(struct store *st, int64_t user_id, int64_t id,
                               int64_t now);
/* store_case_notifications lists the notifications about a case, oldest
 * first, with their delivery state. */
enum err store_case_notifications(struct store *st, struct arena *a,
                                  int64_t case_id,
                                  struct notification_rec **out, size_t *n);
/* store_outbox_claim takes up to limit unsent messages due at now with
 * fewer than NOTIFY_MAX_ATTEMPTS tries, postponing them by lease seconds
 * so that nobody else takes them while they are being sent. */
enum err store_outbox_claim(struct store *st, struct arena *a, int64_t now,
                            int limit, int64_t lease, struct outbox_rec **out,
                            size_t *n);
enum err store_outbox_sent(struct store *st, int64_t id, int64_t now);
/* store_outbox_failed records a failed try (attempts is the count before
 * it) and schedules the next one store_outbox_backoff(attempts + 1, base)
 * seconds later. */
enum err store_outbox_failed(struct store *st, int64_t id, int attempts,
                             const char *error, int64_t now, int64_t base);
/* store_outbox_backoff is the wait after the n-th failure: base (60 when
 * 0), doubled each time, at most NOTIFY_BACKOFF_MAX. */
int64_t store_outbox_backoff(int attempts, int64_t base);
/* store_unit_managers lists the active users holding manager at the unit
 * with path unit_path or at one of its ancestors. */
enum err store_unit_managers(struct store *st, struct arena *a,
                             const char *unit_path, int64_t **out, size_t *n);
/* store_notify_copy is store_notify for a deputy's copy: deputy_for is the
 * absent user the notification was meant for. */
enum err store_notify_copy(struct store *st, int64_t user_id,
                           int64_t deputy_for, int64_t case_id,
                           const char *kind, const char *subject,
                           const char *body, int64_t now);

/* ---- a provider's category taxonomy (store_taxonomy.c) ---- */

/* store_category_all lists every category of the provider, inactive ones
 * too, main categories each followed by its subcategories. */
enum err store_category_all(struct store *st, struct arena *a,
                            int64_t provider_id, struct case_category **out,
                            size_t *n);
enum err store_category_get(struct store *st, struct arena *a, int64_t id,
                            struct case_category *out);
/* store_category_create adds c (name, parent_id 0 = a main category) with
 * a generated code ("egen-N"), audited; fills c->id and c->code. */
enum err store_category_create(struct store *st, struct arena *a,
                               const struct actor *who, int64_t provider_id,
                               struct case_category *c);
enum err store_category_rename(struct store *st, const struct actor *who,
                               const struct case_category *old,
                               const char *name);
/* store_category_set_active deactivates (0) or reactivates a category;
 * cases keep it, reporting no longer offers it. Audited. */
enum err store_category_set_active(struct store *st, const struct actor *who,
                                   const struct case_category *old, int active);

/* ---- reminders and provider settings (store_remind.c) ---- */

/* An action with its unit's care provider, for the reminder sweep. */
struct remind_action {
    struct action_rec rec;
    int64_t provider_id;
};

/* What a reminder is about: the clock (kind: "state.new", "lex_maria",
 * "complaint", "action"), the record and the deadline's Stockholm date. */
struct remind_key {
    const char *kind, *entity, *deadline;
    int64_t entity_id;
};

/* store_remind_cases pages through the open cases by id (after after_id,
 * at most limit) with what case_clock_of reads, the number, type, handler
 * and unit. */
enum err store_remind_cases(struct store *st, struct arena *a, int64_t after_id,
                            int limit, struct case_rec **out, size_t *n);
/* store_remind_actions pages through the actions planned or in progress. */
enum err store_remind_actions(struct store *st, struct arena *a,
                              int64_t after_id, int limit,
                              struct remind_action **out, size_t *n);
/* store_reminder_sent: the stages sent for k (bit 1 << enum remind_stage). */
enum err store_reminder_sent(struct store *st, const struct remind_key *k,
                             unsigned *mask);
/* store_reminder_mark records that stage of k is sent, with an audit entry
 * by "system" naming the recipients (detail); E_CONFLICT when it was
 * recorded already (nothing written). Inside the sending transaction. */
enum err store_reminder_mark(struct store *st, const struct remind_key *k,
                             enum remind_stage stage, int64_t now,
                             const char *detail);
/* store_unit_role_holders lists the active users holding role at the unit
 * with path unit_path or at one of its ancestors. */
enum err store_unit_role_holders(struct store *st, struct arena *a,
                                 const char *unit_path, enum role role,
                                 int64_t **out, size_t *n);
/* store_deputies_on lists the active deputies of user_id on date
 * ("YYYY-MM-DD"). */
enum err store_deputies_on(struct store *st, struct arena *a, int64_t user_id,
                           const char *date, int64_t **out, size_t *n);
/* store_provider_limits reads a care provider's time limits and reminder
 * days: the defaults (core, then case_time_limit) with the provider's own
 * values (provider_time_limit, migration 013) over them. l or rs may be
 * NULL. */
enum err store_provider_limits(struct store *st, int64_t provider_id,
                               struct case_limits *l,
                               struct remind_settings *rs);
/* store_provider_limit_set stores the provider's own value for key
 * (validated by the caller), audited with old_days before. */
enum err store_provider_limit_set(struct store *st, const struct actor *who,
                                  int64_t provider_id, const char *key,
                                  int days, int old_days);

/* ---- a care provider's risk matrix (store_risk.c, migration 017) ---- */

/* store_risk_matrix reads the provider's matrix: risk_matrix_default with
 * the provider's own thresholds, rule and labels over it (labels in a; NULL
 * = the default label). *custom (may be NULL) is 1 when the provider has
 * its own matrix. E_OK for a provider without one. */
enum err store_risk_matrix(struct store *st, struct arena *a,
                           int64_t provider_id, struct risk_matrix *m,
                           int *custom);
/* store_risk_matrix_set makes m (validated by the caller with
 * risk_matrix_validate; NULL labels = the defaults) the provider's matrix,
 * audited with the matrix before. Recorded assessments keep their score
 * and band. Inside a transaction. */
enum err store_risk_matrix_set(struct store *st, const struct actor *who,
                               int64_t provider_id,
                               const struct risk_matrix *m);
/* store_risk_matrix_reset returns the provider to the default matrix,
 * audited; E_OK when it had none. Inside a transaction. */
enum err store_risk_matrix_reset(struct store *st, const struct actor *who,
                                 int64_t provider_id);

#endif
