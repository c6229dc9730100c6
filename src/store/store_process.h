/* store_process.h: the process map in the store (store_process.c):
 * processes, their links to indicators and cases (written here) and to
 * documents and requirements (read here; written by their own modules).
 * Every change writes its audit entry (entity "process") itself; call the
 * writers between store_begin and store_commit. Validation is the caller's
 * (core/process.h). */
#ifndef SKA_STORE_PROCESS_H
#define SKA_STORE_PROCESS_H

#include "core/process.h"
#include "store/store.h"

/* What to list: a provider's processes, optionally only those of a unit
 * subtree (unit_path) and/or below one process (under_path, the process
 * itself included); inactive ones only with include_inactive. */
struct process_filter {
    int64_t provider_id;
    const char *unit_path, *under_path;
    int include_inactive;
};

/* A link as shown on a process page: label is the code (document,
 * indicator, requirement) or number (case), text the title or summary,
 * state the record's state (document, case) or NULL. */
struct process_link {
    int64_t id;
    const char *label, *text, *state, *extra;
};

struct process_links {
    struct process_link *docs, *inds, *cases, *reqs;
    size_t ndocs, ninds, ncases, nreqs;
};

/* store_process_create inserts p (its path from parent_id's) and fills
 * p->id and p->path; E_CONFLICT when the code is taken in the provider. */
enum err store_process_create(struct store *st, const struct actor *who,
                              struct process *p);
enum err store_process_get(struct store *st, struct arena *a, int64_t id,
                           struct process *out);
/* store_process_by_code: E_NOTFOUND when the provider has no such code. */
enum err store_process_by_code(struct store *st, struct arena *a,
                               int64_t provider_id, const char *code,
                               struct process *out);
/* store_process_list lists f's processes with link counts (ndocs, ninds),
 * in path order; process_tree_sort gives the map's order. */
enum err store_process_list(struct store *st, struct arena *a,
                            const struct process_filter *f,
                            struct process **out, size_t *n);
/* store_process_update writes p's own fields (not parent, path, provider);
 * a top process's kind is given to its whole subtree. E_CONFLICT: code
 * taken. */
enum err store_process_update(struct store *st, const struct actor *who,
                              const struct process *p);
/* store_process_height is how many levels the subtree of the process with
 * this path spans (1: no sub-processes). */
enum err store_process_height(struct store *st, const char *path, int *height);
/* store_process_move puts process id below new_parent_id (0: to the top),
 * rewriting the subtree's paths and giving it the new parent's kind. The
 * caller checks process_move_check first. */
enum err store_process_move(struct store *st, const struct actor *who,
                            int64_t id, int64_t new_parent_id);
/* store_process_set_active deactivates (E_CONFLICT while an active
 * sub-process remains) or reactivates a process. Nothing is deleted. */
enum err store_process_set_active(struct store *st, const struct actor *who,
                                  int64_t id, int active);
/* store_process_links reads every link of process id. */
enum err store_process_links(struct store *st, struct arena *a, int64_t id,
                             struct process_links *out);
/* store_processes_of lists the active processes linked to the indicator
 * (what "indicator") or case ("case") id, in map order: label the code,
 * text the name, state the kind. */
enum err store_processes_of(struct store *st, struct arena *a, const char *what,
                            int64_t id, struct process_link **out, size_t *n);
/* store_process_link_indicator / _case add (on = 1) or remove a link;
 * adding an existing link or removing a missing one is E_OK and writes no
 * audit entry. */
enum err store_process_link_indicator(struct store *st, const struct actor *who,
                                      int64_t id, int64_t indicator_id, int on);
enum err store_process_link_case(struct store *st, const struct actor *who,
                                 int64_t id, int64_t case_id, int on);
/* store_process_indicator_ids lists the ids of the indicators linked to
 * the process with this path or its sub-processes, or to the patient
 * group of one of them (the dashboard's ?process=). */
enum err store_process_indicator_ids(struct store *st, struct arena *a,
                                     const char *path, int64_t **out,
                                     size_t *n);
/* store_process_case_by_number finds the id of the case numbered number
 * ("2026-000123") in provider_id; E_NOTFOUND when there is none. */
enum err store_process_case_by_number(struct store *st, const char *number,
                                      int64_t provider_id, int64_t *case_id);
/* store_process_indicator_ok: E_OK when indicator id belongs to the
 * provider, else E_NOTFOUND. */
enum err store_process_indicator_ok(struct store *st, int64_t indicator_id,
                                    int64_t provider_id);

#endif
