/* history.c: the read rights of a record's history page (history.h). */
#include "history.h"

#include <jansson.h>
#include <string.h>

#include "documents.h"
#include "process_web.h"
#include "requirements.h"
#include "store/store_requirement.h"

static int audit_right(const struct req *r, const char *path)
{
    return req_can(r, PERM_AUDIT_LOG, path) || req_can(r, PERM_ADMIN, path);
}

int history_may_read(const struct req *r, const char *path, int64_t provider_id)
{
    const char *prefix;
    size_t i;

    if (path)
        return audit_right(r, path);
    prefix = arena_printf(r->a, "/%lld/", (long long)provider_id);
    for (i = 0; prefix && i < r->ngrants; i++)
        if ((role_has(r->grants[i].role, PERM_AUDIT_LOG) ||
             role_has(r->grants[i].role, PERM_ADMIN)) &&
            (!provider_id || authz_in_scope(prefix, r->grants[i].unit_path)))
            return 1;
    return 0;
}

/* record_path finds the unit path of a record the user may read on its
 * page; NULL when it does not exist or the page would answer 404. */
static const char *record_path(struct req *r, const char *entity, int64_t id)
{
    struct unit u;
    struct user us;
    struct doc_rec d;
    struct process p;

    if (strcmp(entity, "org_unit") == 0 &&
        store_unit_get(r->st, r->a, id, &u) == E_OK)
        return u.path;
    if (strcmp(entity, "app_user") == 0 &&
        store_user_get(r->st, r->a, id, &us) == E_OK) {
        if (us.home_unit_id &&
            store_unit_get(r->st, r->a, us.home_unit_id, &u) == E_OK)
            return u.path;
        return "/"; /* no home unit: only whole-tree scopes see it */
    }
    /* as docs_visible: drafts only for those who read open versions */
    if (strcmp(entity, "document") == 0 &&
        store_document_get(r->st, r->a, id, &d) == E_OK &&
        docs_access_of(r, &d).read)
        return d.unit_path;
    if (strcmp(entity, "process") == 0 &&
        store_process_get(r->st, r->a, id, &p) == E_OK &&
        process_may_see(r, &p))
        return p.unit_path;
    return NULL;
}

int history_access(struct req *r, const char *entity, int64_t id,
                   struct history_scope *hs)
{
    struct requirement_rec q;

    memset(hs, 0, sizeof(*hs));
    if (id <= 0 || !entity)
        return 404;
    if (strcmp(entity, "requirement") == 0) {
        /* as the requirement's page: active and of a provider one
         * belongs to (or national) */
        if (store_requirement_get(r->st, r->a, id, &q) != E_OK || !q.active ||
            !mgmt_req_visible(r, &q))
            return 404;
        hs->per_entry = 1;
        hs->provider_id = q.provider_id;
        return history_may_read(r, NULL, q.provider_id) ? 200 : 403;
    }
    if (!(hs->path = record_path(r, entity, id)))
        return 404;
    return audit_right(r, hs->path) ? 200 : 403;
}

/* entry_path: the unit an entry of a requirement's history is about: the
 * assessed unit, or the linked process's or document's unit; NULL when
 * it names none (the provision itself, "create"). */
static const char *entry_path(struct req *r, const struct audit_row *row)
{
    json_t *j = row->after ? json_loads(row->after, 0, NULL) : NULL;
    const char *path = NULL;
    json_int_t uid = json_integer_value(json_object_get(j, "unit_id")),
               pid = json_integer_value(json_object_get(j, "process_id")),
               did = json_integer_value(json_object_get(j, "document_id"));
    struct unit u;
    struct process p;
    struct doc_rec d;

    json_decref(j);
    if (uid > 0)
        path = store_unit_get(r->st, r->a, uid, &u) == E_OK ? u.path : "";
    else if (pid > 0)
        path =
            store_process_get(r->st, r->a, pid, &p) == E_OK ? p.unit_path : "";
    else if (did > 0)
        path =
            store_document_get(r->st, r->a, did, &d) == E_OK ? d.unit_path : "";
    return path;
}

int history_entry_visible(struct req *r, const struct history_scope *hs,
                          const struct audit_row *row)
{
    const char *path;

    if (!hs->per_entry)
        return 1;
    path = entry_path(r, row);
    if (!path && !hs->provider_id)
        return 1; /* the national provision itself, read by everyone */
    if (!path)
        path = arena_printf(r->a, "/%lld/", (long long)hs->provider_id);
    /* "" (a unit that no longer resolves) matches no grant */
    return path && *path && audit_right(r, path);
}
