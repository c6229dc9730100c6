/* history.h: who may read a record's history (GET /history/{entity}/{id},
 * page_home.c) and which of its audit entries they see. The record must be
 * one the user may read on its own page (else 404, so the history tells no
 * more than the page), and the user must hold the audit log's or the
 * administrator's permission where the record, or for a requirement each
 * entry, belongs (else 403). */
#ifndef SKA_HISTORY_H
#define SKA_HISTORY_H

#include "req.h"

/* What history_access found. */
struct history_scope {
    const char *path; /* the unit path the rights are checked at */
    /* a requirement's entries are checked one by one: a national provision
     * is shared by every care provider, whose assessments and links are
     * their own */
    int per_entry;
    int64_t provider_id; /* a provider's own requirement; 0 national */
};

/* history_access checks the user's right to the history of entity id:
 * 200 with *hs filled, or the status to answer (404, 403). Entities:
 * org_unit, app_user, document, process, requirement. */
int history_access(struct req *r, const char *entity, int64_t id,
                   struct history_scope *hs);
/* history_entry_visible: whether the user may see entry row of the
 * record (always for records checked as a whole). */
int history_entry_visible(struct req *r, const struct history_scope *hs,
                          const struct audit_row *row);
/* history_may_read: the link to the record's history is offered (the
 * user holds the audit log's or the administrator's permission at path,
 * or for a requirement anywhere in provider_id, or in any provider for a
 * national one: pass path NULL). */
int history_may_read(const struct req *r, const char *path,
                     int64_t provider_id);

#endif
