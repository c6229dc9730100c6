/* requirements.c: the helpers the management-system pages and API share
 * (requirements.h). */
#include "requirements.h"

#include <string.h>

#include "page.h"

int mgmt_can_read(const struct req *r, const char *unit_path)
{
    return req_can(r, PERM_READ, unit_path);
}

int mgmt_can_maintain(const struct req *r, const char *unit_path)
{
    return req_can(r, PERM_QUALITY, unit_path) ||
           req_can(r, PERM_ADMIN, unit_path) ||
           req_can(r, PERM_MANAGE, unit_path);
}

int mgmt_can_report(const struct req *r, const char *unit_path)
{
    return req_can(r, PERM_QUALITY, unit_path) ||
           req_can(r, PERM_ADMIN, unit_path);
}

int mgmt_pick_unit(struct req *r, struct unit *u, int *can_read,
                   int allow_staff)
{
    const char *code = kv_get(&r->query, "unit");
    size_t i, best = (size_t)-1;

    *can_read = 0;
    if (!code || !*code) {
        for (i = 0; i < r->ngrants; i++)
            if (role_has(r->grants[i].role, PERM_READ) &&
                (best == (size_t)-1 || strlen(r->grants[i].unit_path) <
                                           strlen(r->grants[best].unit_path)))
                best = i;
        if (best != (size_t)-1) {
            code = r->grants[best].unit_code;
        } else if (allow_staff && r->user->home_unit_id &&
                   store_unit_get(r->st, r->a, r->user->home_unit_id, u) ==
                       E_OK) {
            return 1;
        } else {
            page_error(r, 403);
            return 0;
        }
    }
    if (store_unit_by_code(r->st, r->a, code, u) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    if (!req_can(r, PERM_READ, u->path)) {
        page_error(r, 403);
        return 0;
    }
    *can_read = 1;
    return 1;
}

int mgmt_req_visible(struct req *r, const struct requirement_rec *q)
{
    struct unit home;
    const char *prefix;
    size_t i;

    if (!q->provider_id)
        return 1;
    prefix = arena_printf(r->a, "/%lld/", (long long)q->provider_id);
    if (!prefix)
        return 0;
    for (i = 0; i < r->ngrants; i++)
        if (authz_in_scope(prefix, r->grants[i].unit_path))
            return 1;
    return r->user->home_unit_id &&
           store_unit_get(r->st, r->a, r->user->home_unit_id, &home) == E_OK &&
           home.provider_id == q->provider_id;
}

void mgmt_unit_options(struct req *r, struct tv *ctx, const char *key,
                       int64_t provider_id, int64_t selected,
                       int (*ok)(const struct req *, const char *))
{
    struct tv *l = tv_list(ctx, key);
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n) != E_OK)
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!u[i].active || (provider_id && u[i].provider_id != provider_id) ||
            !ok(r, u[i].path))
            continue;
        it = tv_push(l);
        tv_int(it, "id", u[i].id);
        tv_str(it, "code", u[i].code);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2, "",
                            u[i].name));
        tv_bool(it, "selected", u[i].id == selected);
    }
}

enum err mgmt_assess(struct req *r, const struct requirement_rec *q,
                     struct req_assessment *x, struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    char next[16];
    struct unit u;
    enum err e;

    if (!mgmt_can_maintain(r, NULL))
        return E_DENIED; /* auditors, handlers */
    x->requirement_id = q->id;
    requirement_validate_assessment(x->status, x->evidence, x->assessed_on,
                                    req_today(r), fe);
    if (x->unit_id <= 0 ||
        store_unit_get(r->st, r->a, x->unit_id, &u) != E_OK || !u.active ||
        (q->provider_id && u.provider_id != q->provider_id))
        fielderr_add(fe, "unit", x->unit_id ? "req.err.unit" : "err.required");
    else if (!mgmt_can_maintain(r, u.path)) {
        if (req_can(r, PERM_READ, u.path))
            return E_DENIED;
        fielderr_add(fe, "unit", "req.err.unit");
    }
    if (fe->n)
        return E_INVAL;
    if (requirement_add_months(x->assessed_on, q->review_months, next))
        return E_INVAL;
    x->next_review = arena_strdup(r->a, next);
    if ((e = store_begin(r->st)) ||
        (e = store_requirement_assess(r->st, &who, x)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

const char *mgmt_status_label(struct req *r, const char *status)
{
    return page_t(r, arena_printf(r->a, "req.status.%s",
                                  status ? status : "not_assessed"));
}
