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
/* resp_deputy_kinds: the kinds of resp_needs_deputy as a bit mask (bit
 * k for kind k), for the store to select the rows without a deputy. */
unsigned resp_deputy_kinds(void);

/* A group of responsibilities alike in all the gap rules look at: kind,
 * holder, deputy, must_hold, inherited; n of them. The store counts them
 * so, and a region's 50,000 document owners come as a few hundred groups.
 * holder_id 0: nobody; deputy_id 0: no deputy. */
struct resp_group {
    enum resp_kind kind;
    int64_t holder_id, deputy_id, n;
    const char *holder_name;
    int holder_active, deputy_active, must_hold, inherited;
};

/* One holder of the subtree's responsibilities. */
struct resp_person {
    int64_t id;
    const char *name;
    int active;
    int64_t total;          /* held in scope, inherited ones not counted */
    int64_t docs;           /* documents owned */
    int64_t docs_no_deputy; /* ... of which without a deputy */
    int64_t docs_deputy_inactive; /* ... whose deputy is inactive */
    unsigned doc_gaps;            /* resp_gap flags over those documents */
};

/* The counts of the responsibility page. A row's gap here is any but
 * RG_TOO_MANY, which is a person's: too_many counts people. */
struct resp_tally {
    int64_t rows, by_kind[RK__MAX];
    int64_t gap_rows, gaps_by_kind[RK__MAX];
    int64_t nobody, inactive, no_deputy, too_many;
    struct resp_person *people; /* every holder, ordered by id */
    size_t n_people;
};

/* resp_tally counts the n groups g into *t. people must have room for n
 * (no more holders than groups); t->people points into it. Each group's
 * gaps are resp_gaps of a row like it with its holder's total. */
void resp_tally(const struct resp_group *g, size_t n,
                struct resp_person *people, struct resp_tally *t);
/* resp_person_of: the holder's entry in t, or NULL. */
const struct resp_person *resp_person_of(const struct resp_tally *t,
                                         int64_t holder_id);

#endif
