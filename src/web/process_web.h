/* process_web.h: what the process map's pages and API share (page_process*.c,
 * api_process.c, process_svg.c): who may read and change a process, the
 * form/JSON reading and the saving with its rules, and the SVG map. */
#ifndef SKA_PROCESS_WEB_H
#define SKA_PROCESS_WEB_H

#include "html.h"
#include "req.h"
#include "store/store_process.h"
#include "tmpl.h"

/* process_may_read: the process's unit and one of the user's grants lie on
 * one branch (the unit in the grant's subtree, or above it: a region-wide
 * process applies to everyone in the region). */
int process_may_read(const struct req *r, const char *unit_path);
/* process_may_see: process_may_read of its unit, or the user holds one of
 * the process's roles (owner, lead or a deputy) wherever it lies. */
int process_may_see(const struct req *r, const struct process *p);
/* process_may_maintain: quality coordinators, administrators and managers
 * of the unit (in scope) maintain its processes and their links. */
int process_may_maintain(const struct req *r, const char *unit_path);
/* process_is_owner: the user owns the process or deputises as its owner
 * (may edit the description, requirements, targets and inventory mark). */
int process_is_owner(const struct req *r, const struct process *p);

/* process_provider_of finds the care provider the request is about: the
 * unit ?unit names (E_NOTFOUND when unknown, E_DENIED when the user has no
 * grant on its branch), else the provider of the user's first grant. */
enum err process_scope(struct req *r, const char *unit_code, struct unit *unit,
                       int64_t *provider_id);

/* The fields a form or a JSON body may set; NULL/unset = keep. */
struct process_input {
    const char *code, *name, *kind, *description, *quality_requirements,
        *target_levels, *inventory_note, *unit, *sort_order;
    const char *owner, *owner_deputy, *lead, *lead_deputy, *group;
    const char *described; /* "1"/"0", or NULL */
    int64_t parent_id;     /* create only */
};

/* process_save creates (p->id 0) or updates p from in, for the user:
 * checks the rights (a process owner may change only their own fields),
 * validates with core/process.c and the store (unit in the provider and
 * in the user's scope, people active in the provider, patient group of
 * the provider, code free) and writes in one transaction. E_INVAL with
 * fe filled, E_DENIED, E_NOTFOUND or a store error. On E_OK p->id is set. */
enum err process_save(struct req *r, struct process *p,
                      const struct process_input *in, struct fielderrs *fe);

/* process_unit_choices lists as ctx[key] the provider's active units the
 * user may read (maintain_only: maintain) processes of, {id, code, label,
 * selected}. */
void process_unit_choices(struct req *r, struct tv *ctx, const char *key,
                          int64_t provider_id, int64_t selected,
                          int maintain_only);

/* process_view renders the process page with status: 200, or 4xx after
 * a failed form on it with message key err marked at field (the typed
 * value kept). */
void process_view(struct req *r, const struct process *p, int status,
                  const char *field, const char *err);

/* The dashboard of one process (?process=ID): the ids of its indicators
 * (ascending), its unit and name. active 0: no process asked for. */
struct process_dash {
    int active;
    int64_t id, *ids;
    size_t n;
    const char *unit_code, *name;
};

/* process_dash_begin reads ?process=ID: 1 to go on (d->active when a
 * process was asked for), 0 after answering 404 (unknown or unreadable)
 * or 500 itself. */
int process_dash_begin(struct req *r, struct process_dash *d);
/* process_dash_filter keeps the indicators of v[0..n) that d lists (all
 * when d is not active) and returns how many remain. */
size_t process_dash_filter(const struct process_dash *d, struct indicator *v,
                           size_t n);

/* process_of_section lists as ctx "processes" ({id, code, name}) the
 * active processes linked to the indicator or case (what) id, and sets
 * "has_processes" when there are any; a store error is returned (the
 * caller answers 500 rather than show the page without them). */
enum err process_of_section(struct req *r, struct tv *ctx, const char *what,
                            int64_t id);

/* process_map_svg draws v[0..n) (tree-sorted) as the map: three lanes,
 * each top process with its sub-processes as links to /processes/ID.
 * title and desc label the figure. */
enum err process_map_svg(struct req *r, const struct process *v, size_t n,
                         const char *title, const char *desc,
                         struct html_safe *out);

#endif
