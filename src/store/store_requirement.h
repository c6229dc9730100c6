/* store_requirement.h: the store's part for the legal-requirements
 * register, the responsibility page and the status of the management
 * system (issue 5, SOSFS 2011:9 3 kap.). Included by store.h; the same
 * rules hold: strings live in the caller's arena, every change appends its
 * audit entry inside the caller's transaction. */
#ifndef SKA_STORE_REQUIREMENT_H
#define SKA_STORE_REQUIREMENT_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "core/requirement.h"
#include "core/responsibility.h"
#include "err.h"

struct store;
struct actor;

/* --- the register (store_requirement.c) --- */

/* Filters of store_requirement_list. provider_id: national provisions plus
 * this provider's own. unit_id/scope_path: the unit whose current status
 * each row carries and whose subtree the counts cover (0/NULL: no
 * statuses). status: the unit's current status ("not_assessed" also
 * matches none); never_assessed: no assessment in the subtree; no_process:
 * no linked process of the provider; overdue: a current assessment in the
 * subtree whose next review lies before today. */
struct req_filter {
    int64_t provider_id, unit_id;
    const char *scope_path, *statute, *status, *today;
    int never_assessed, no_process, overdue;
};

/* A row of the register with the statuses of the filter's unit. */
struct req_row {
    struct requirement_rec q;
    const char *unit_status, *unit_next_review; /* NULL: never assessed */
    int64_t n_met, n_partly, n_not_met, n_not_assessed, n_overdue, n_units;
};

struct req_link {
    int64_t id, unit_id;
    const char *code, *name, *kind, *state, *review_due, *unit_name;
    const char *unit_path;
};

enum err store_requirement_list(struct store *st, struct arena *a,
                                const struct req_filter *f,
                                struct req_row **out, size_t *n);
/* store_requirement_statutes lists the distinct statutes visible to the
 * provider, in register order. */
enum err store_requirement_statutes(struct store *st, struct arena *a,
                                    int64_t provider_id, const char ***out,
                                    size_t *n);
enum err store_requirement_get(struct store *st, struct arena *a, int64_t id,
                               struct requirement_rec *out);
/* store_requirement_create inserts a provider's own requirement (q->
 * provider_id set; sort_key made from the code when empty) and fills q->id.
 * E_CONFLICT when the code is taken. Audited. */
enum err store_requirement_create(struct store *st, const struct actor *who,
                                  struct requirement_rec *q);
/* The processes (kind "process") or documents ("document") linked to a
 * requirement, those of provider_id only. */
enum err store_requirement_links(struct store *st, struct arena *a, int64_t id,
                                 const char *kind, int64_t provider_id,
                                 struct req_link **out, size_t *n);
/* The processes or documents of a provider that could be linked (active
 * processes; documents not archived), by code. */
enum err store_requirement_link_options(struct store *st, struct arena *a,
                                        const char *kind, int64_t provider_id,
                                        struct req_link **out, size_t *n);
/* store_requirement_link_get reads one process or document (by id) as a
 * link target; E_NOTFOUND when there is none. */
enum err store_requirement_link_get(struct store *st, struct arena *a,
                                    const char *kind, int64_t target_id,
                                    struct req_link *out);
/* store_requirement_link adds (on) or removes (!on) a link to a process or
 * document. E_CONFLICT when it already exists (adding), E_NOTFOUND when
 * there is none (removing). Audited. */
enum err store_requirement_link(struct store *st, const struct actor *who,
                                int64_t id, const char *kind, int64_t target_id,
                                int on);
/* store_requirement_assess records an assessment (x->next_review computed
 * by the caller) and fills x->id. Audited. */
enum err store_requirement_assess(struct store *st, const struct actor *who,
                                  struct req_assessment *x);
/* Assessments of a requirement for units in the subtree of scope_path,
 * newest first; the first of each unit is its current one. */
enum err store_requirement_history(struct store *st, struct arena *a,
                                   int64_t id, const char *scope_path,
                                   struct req_assessment **out, size_t *n);

/* --- the status of the management system (store_status.c) --- */

/* The figures of the status page for one unit subtree. Core processes are
 * the active processes of kind core whose unit lies in the subtree;
 * "current documents" are approved documents linked to the process whose
 * review date has not passed; indicator data means a value of a linked
 * indicator for the process's unit subtree in a period from since on.
 * Requirements are those visible to the provider; never assessed and
 * overdue refer to assessments of units in the subtree. */
struct status_figures {
    int64_t core_total, core_owner_lead, core_current_docs;
    int64_t core_quality_targets, core_indicator_data;
    int64_t docs_approved, docs_overdue;
    int64_t req_total, req_no_process, req_never_assessed, req_overdue;
    int64_t actions_open, actions_overdue;
};

/* store_status_figures computes every figure with one statement. today
 * "YYYY-MM-DD", since the first period that counts ("YYYY-MM"). */
enum err store_status_figures(struct store *st, const char *scope_path,
                              int64_t provider_id, const char *today,
                              const char *since, struct status_figures *out);

/* store_status_json gives the text a snapshot stores: {"version": 1,
 * "date", "unit", "unit_name", "figures": {name: number, ...}}, in a;
 * NULL when out of memory. */
const char *store_status_json(struct arena *a, const struct status_figures *f,
                              const char *date, const char *unit_code,
                              const char *unit_name);
/* store_status_parse reads the figures of a snapshot's text (missing ones
 * 0); -1 when it is not such a text. */
int store_status_parse(const char *text, struct status_figures *f);

/* A figure's records: processes or documents behind it. */
struct status_item {
    int64_t id;
    const char *code, *name, *unit_name, *detail;
};

/* store_status_items lists (at most 1000) the records behind figure
 * ("core_no_owner_lead", "core_no_current_docs", "core_no_quality_targets",
 * "core_no_indicator_data", "docs_overdue"); E_INVAL for another name. */
enum err store_status_items(struct store *st, struct arena *a,
                            const char *figure, const char *scope_path,
                            const char *today, const char *since,
                            struct status_item **out, size_t *n);

struct status_snapshot {
    int64_t id, unit_id, taken_by, taken_at;
    const char *label, *figures, *taken_by_name, *unit_code, *unit_name;
    const char *unit_path;
};

/* store_snapshot_add saves the figures (JSON text) with the actor as
 * taker; taken_at 0 = now (the demo back-dates). Fills s->id. Audited. */
enum err store_snapshot_add(struct store *st, const struct actor *who,
                            struct status_snapshot *s);
enum err store_snapshot_get(struct store *st, struct arena *a, int64_t id,
                            struct status_snapshot *out);
/* Snapshots of units in the subtree of scope_path, newest first. */
enum err store_snapshot_list(struct store *st, struct arena *a,
                             const char *scope_path,
                             struct status_snapshot **out, size_t *n);

/* --- responsibility (store_resp.c) --- */

/* store_resp_groups counts every responsibility of the subtree: managers
 * (for each active unit its own or else the nearest ancestor's, marked
 * inherited), quality coordinators and case handlers at units of the
 * subtree or above it (inherited), owners and leads of active processes
 * and owners of documents not archived, grouped by kind, holder, deputy,
 * must_hold and inherited (for resp_tally). Ordered by kind and holder
 * name; names in a. */
enum err store_resp_groups(struct store *st, struct arena *a,
                           const char *scope_path, const char *today,
                           struct resp_group **out, size_t *n);
/* store_resp_rows reads the first per_kind responsibilities of each kind
 * but document owners, ordered by kind, then unit or process path and
 * holder, each with its deputy; holder_total is 0 (resp_tally counts
 * it), gaps unset. */
enum err store_resp_rows(struct store *st, struct arena *a,
                         const char *scope_path, const char *today,
                         int per_kind, struct resp_row **out, size_t *n);
/* store_resp_gaps reads, in the same order, up to limit of those rows
 * that have a gap of resp_gaps other than RG_TOO_MANY (a person's gap,
 * which resp_tally counts). */
enum err store_resp_gaps(struct store *st, struct arena *a,
                         const char *scope_path, const char *today, int limit,
                         struct resp_row **out, size_t *n);

struct resp_deputy {
    int64_t id;
    const char *absent_name, *deputy_name, *valid_from, *valid_to, *note;
    int deputy_active;
};

/* Deputy appointments valid today or later of users who hold a role at a
 * unit of the subtree. */
enum err store_resp_deputies(struct store *st, struct arena *a,
                             const char *scope_path, const char *today,
                             struct resp_deputy **out, size_t *n);

#endif
