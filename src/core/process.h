/* process.h: the process map (processkarta) of a care provider: management,
 * core and support processes nested to PROCESS_DEPTH_MAX levels (process ->
 * sub-process -> activity), each with an owner and a lead (and their
 * deputies), quality requirements, target levels and an inventory mark.
 * Pure logic: kinds, levels, validation, the rules of a move, the gaps the
 * inventory counts and the depth-first order of a map. The store keeps
 * processes (store/store_process.h), the web layer draws them.
 *
 * Rules (SOSFS 2011:9 4 kap.; the audit's findings):
 *   - a sub-process has its parent's kind; only a top process picks one;
 *   - a process never moves below itself or its own descendants, and no
 *     branch grows deeper than PROCESS_DEPTH_MAX;
 *   - a process is never deleted (links point at it): it is deactivated,
 *     and only when it has no active sub-process. */
#ifndef SKA_PROCESS_H
#define SKA_PROCESS_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "core/fielderr.h"
#include "err.h"

enum process_kind { PK_MANAGEMENT, PK_CORE, PK_SUPPORT, PK__MAX };

/* The inventory's gaps of one process. */
enum process_gap {
    PG_NO_OWNER,       /* nobody owns it */
    PG_NO_LEAD,        /* nobody leads it */
    PG_OWNER_INACTIVE, /* the owner's account is inactive (has left) */
    PG_LEAD_INACTIVE,  /* the lead's account is inactive */
    PG_NOT_DESCRIBED,  /* the inventory mark is not set */
    PG_NO_DOCUMENTS,   /* no controlled document is linked */
    PG_NO_INDICATORS,  /* no indicator measures it */
    PG__MAX
};

#define PROCESS_DEPTH_MAX 6     /* process, sub-process, 4 activity levels */
#define PROCESS_NAME_MAX 200    /* bytes */
#define PROCESS_CODE_MAX 32     /* bytes of [A-Za-z0-9_.-] */
#define PROCESS_TEXT_MAX 8000   /* bytes of each free text */
#define PROCESS_SORT_MAX 100000 /* |sort_order| */

/* A process as stored and shown. Ids 0 = none; texts NULL when not set.
 * path is the materialised path "/12/40/" (ids from the top process).
 * The fields after updated_at are filled by the store for display. */
struct process {
    int64_t id, provider_id, unit_id, parent_id, patient_group_id;
    int64_t owner_id, owner_deputy_id, lead_id, lead_deputy_id;
    const char *path, *kind, *code, *name, *description;
    const char *quality_requirements, *target_levels, *inventory_note;
    int described, sort_order, active;
    int64_t created_at, updated_at;
    const char *unit_code, *unit_name, *unit_path, *group_name;
    const char *owner_name, *owner_deputy_name, *lead_name, *lead_deputy_name;
    int owner_active, owner_deputy_active, lead_active, lead_deputy_active;
    int ndocs, ninds; /* linked documents and indicators */
    int level;        /* depth within a listed set, by process_tree_sort */
};

const char *process_kind_str(enum process_kind k);      /* "core"; "unknown" */
enum process_kind process_kind_from_str(const char *s); /* PK__MAX */
const char *process_gap_str(enum process_gap g);        /* "no_owner" */

/* process_depth counts the ids in a path: "/12/40/" is 2, NULL or "" 0. */
int process_depth(const char *path);
/* process_level_str names a depth: 1 "process", 2 "subprocess", deeper
 * "activity" (for the catalogue keys process.level.*). */
const char *process_level_str(int depth);
/* process_code_valid: 1..PROCESS_CODE_MAX of [A-Za-z0-9_.-], starting
 * with a letter or digit. */
int process_code_valid(const char *s);

/* process_validate checks p's own fields before a create or an update:
 * code, name (required, bounded), kind (a known one; a sub-process must
 * have parent's kind), the free texts (valid UTF-8, bounded), the
 * inventory mark and sort order, and the depth below parent (NULL for a
 * top process). Every bad field is marked in fe. */
void process_validate(const struct process *p, const struct process *parent,
                      struct fielderrs *fe);
/* process_move_check gives the catalogue key of why the process with path
 * `path` whose deepest descendant lies `height` levels down (1: none)
 * cannot move below the process with path new_parent (NULL: to the top),
 * or NULL when it can. */
const char *process_move_check(const char *path, int height,
                               const char *new_parent);
/* process_gaps is the bitmask (1 << enum process_gap) of what the
 * inventory finds missing in p, from its own fields and its link counts. */
unsigned process_gaps(const struct process *p);

/* process_tree_sort orders v[0..n) depth first for a map or a nested
 * list: each process right after its parent (when the parent is in v),
 * siblings by sort_order, code and id, top processes by kind first
 * (management, core, support). Sets each level (1 = a top of the set).
 * E_NOMEM leaves v unchanged. */
enum err process_tree_sort(struct arena *a, struct process *v, size_t n);

#endif
