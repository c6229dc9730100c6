/* responsibility.h: who holds the roles of the quality work (SOSFS 2011:9
 * 3 kap. 3 §) and the gaps the responsibility page flags: a role nobody
 * holds, a holder who is inactive (has left), a role without a deputy, a
 * deputy who is inactive, and one person holding too many. Pure logic over
 * rows the store reads. */
#ifndef SKA_RESPONSIBILITY_H
#define SKA_RESPONSIBILITY_H

#include <stddef.h>
#include <stdint.h>

/* More responsibilities than this on one person is flagged: the audit
 * found the work hanging on single people. */
#define RESP_MAX_PER_PERSON 8

enum resp_kind {
    RK_MANAGER,        /* chef (role_assignment) */
    RK_QUALITY,        /* kvalitetssamordnare (role_assignment) */
    RK_HANDLER,        /* handläggare (role_assignment) */
    RK_PROCESS_OWNER,  /* processägare (process) */
    RK_PROCESS_LEAD,   /* processledare (process) */
    RK_DOCUMENT_OWNER, /* dokumentägare (document) */
    RK__MAX
};

enum resp_gap {
    RG_NOBODY = 1,    /* nobody holds the role */
    RG_INACTIVE = 2,  /* the holder is inactive */
    RG_NO_DEPUTY = 4, /* no deputy named */
    RG_DEPUTY_INACTIVE = 8,
    RG_TOO_MANY = 16 /* the holder holds more than RESP_MAX_PER_PERSON */
};

/* One responsibility: a role held (or not) for an object: a unit (the
 * role_assignment kinds), a process or a document. holder_id 0: nobody;
 * deputy_id 0: no deputy (for role assignments, a deputy appointment
 * valid today or later). must_hold: a gap when nobody holds it (core
 * processes, units of kind department or unit for managers). */
struct resp_row {
    enum resp_kind kind;
    int64_t object_id, holder_id, deputy_id;
    const char *object_code, *object_name, *unit_name, *detail;
    const char *holder_name, *deputy_name;
    int holder_active, deputy_active, must_hold, inherited;
    int64_t holder_total; /* responsibilities the holder holds in scope */
    unsigned gaps;        /* resp_gap flags, set by resp_flag */
};

const char *resp_kind_str(enum resp_kind k); /* "manager" */
enum resp_kind resp_kind_from_str(const char *s);
/* resp_needs_deputy: the kinds whose holder should have a deputy
 * (managers, process owners and leads, document owners). */
int resp_needs_deputy(enum resp_kind k);
/* resp_gaps gives the gap flags of one row (holder_total as the store
 * counted it). */
unsigned resp_gaps(const struct resp_row *x);
/* resp_flag sets the gaps of every row and returns the number of rows
 * with at least one gap. */
size_t resp_flag(struct resp_row *rows, size_t n);

#endif
