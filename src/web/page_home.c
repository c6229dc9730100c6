/* page_home.c: the start page and a record's history. */
#include <string.h>

#include "handlers.h"
#include "history.h"
#include "i18n.h"
#include "page.h"

void page_home(struct req *r)
{
    struct tv *ctx = page_ctx(r), *roles = tv_list(ctx, "roles");
    struct deputy_row *d;
    size_t i, n;

    for (i = 0; i < r->ngrants; i++) {
        struct tv *it = tv_push(roles);
        struct user from;

        tv_str(it, "role",
               page_t(r, arena_printf(r->a, "role.%s",
                                      role_str(r->grants[i].role))));
        tv_str(it, "unit", r->grants[i].unit_name);
        tv_str(it, "code", r->grants[i].unit_code);
        if (r->grants[i].deputy_for &&
            store_user_get(r->st, r->a, r->grants[i].deputy_for, &from) == E_OK)
            tv_str(it, "deputy_for", from.name);
    }
    tv_bool(ctx, "has_roles", r->ngrants > 0);
    if (store_deputy_list(r->st, r->a, r->user->id, &d, &n) == E_OK) {
        struct tv *deps = tv_list(ctx, "deputies");

        for (i = 0; i < n; i++) {
            struct tv *it = tv_push(deps);

            tv_str(it, "absent", d[i].absent_name);
            tv_str(it, "deputy", d[i].deputy_name);
            tv_str(it, "from", d[i].valid_from);
            tv_str(it, "to", d[i].valid_to);
        }
        tv_bool(ctx, "has_deputies", n > 0);
    }
    tv_bool(ctx, "is_org_admin",
            authz_can(r->grants, r->ngrants, PERM_ADMIN, NULL));
    /* the administration hub: administrators and quality coordinators */
    tv_bool(ctx, "is_admin",
            authz_can(r->grants, r->ngrants, PERM_ADMIN, NULL) ||
                authz_can(r->grants, r->ngrants, PERM_QUALITY, NULL));
    page_render(r, 200, "home", ctx, "home.title");
}

void page_history(struct req *r)
{
    const char *entity = r->params[0];
    int64_t id = req_id(r, 1);
    struct history_scope hs;
    struct audit_row *rows;
    struct tv *ctx, *list;
    size_t i, n, shown = 0;
    int status;

    /* a record one may read, by its administrators and auditors */
    if ((status = history_access(r, entity, id, &hs)) != 200) {
        page_error(r, status);
        return;
    }
    if (store_audit_list(r->st, r->a, entity, id, 0, 500, &rows, &n)) {
        page_error(r, 500);
        return;
    }
    ctx = page_ctx(r);
    list = tv_list(ctx, "entries");
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!history_entry_visible(r, &hs, &rows[i]))
            continue;
        it = tv_push(list);
        shown++;
        tv_str(it, "when", page_datetime(r, rows[i].at));
        tv_str(it, "who", rows[i].actor);
        tv_str(it, "action",
               page_t(r, arena_printf(r->a, "audit.%s", rows[i].action)));
        tv_str(it, "before", rows[i].before);
        tv_str(it, "after", rows[i].after);
        tv_int(it, "seq", rows[i].id);
    }
    tv_bool(ctx, "empty", shown == 0);
    tv_str(ctx, "entity", page_t(r, arena_printf(r->a, "entity.%s", entity)));
    tv_int(ctx, "id", id);
    page_render(r, 200, "history", ctx, "history.title");
}
