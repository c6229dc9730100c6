/* page_units.c: the organisation tree for administrators: list, create,
 * edit, CSV export. Care providers (roots) are created from the command
 * line; the web creates units below a unit in the admin's scope. */
#include <string.h>

#include "csvfile.h"
#include "handlers.h"
#include "page.h"

/* add_units puts the units the user administers into ctx as "units", each
 * with its depth below the top of the user's scope. */
static struct unit *add_units(struct req *r, struct tv *ctx, size_t *count,
                              int64_t selected)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n;

    *count = 0;
    if (store_unit_list(r->st, r->a, &u, &n))
        return NULL;
    for (i = 0; i < n; i++) {
        struct tv *it;
        int depth;

        if (!req_can(r, PERM_ADMIN, u[i].path))
            continue;
        depth = unit_depth(u[i].path);
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "code", u[i].code);
        tv_str(it, "name", u[i].name);
        tv_str(it, "kind", page_t(r, arena_printf(r->a, "kind.%s", u[i].kind)));
        tv_str(it, "hsa_id", u[i].hsa_id);
        tv_str(it, "depth", arena_printf(r->a, "%d", depth > 8 ? 8 : depth));
        tv_str(it, "indent", arena_printf(r->a, "%*s", (depth - 1) * 2, ""));
        tv_bool(it, "inactive", !u[i].active);
        tv_bool(it, "selected", u[i].id == selected);
        (*count)++;
    }
    return u;
}

void page_units(struct req *r)
{
    struct tv *ctx = page_ctx(r);
    size_t n;

    if (!add_units(r, ctx, &n, 0)) {
        page_error(r, 500);
        return;
    }
    tv_int(ctx, "count", (long long)n);
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, 200, "units", ctx, "units.title");
}

static void kinds(struct req *r, struct tv *ctx, const char *cur, int roots)
{
    struct tv *list = tv_list(ctx, "kinds");
    int k;

    for (k = roots ? KIND_PROVIDER : KIND_ADMINISTRATION; k < KIND__MAX; k++) {
        struct tv *it = tv_push(list);
        const char *name = unit_kind_str((enum unit_kind)k);

        tv_str(it, "value", name);
        tv_str(it, "label", page_t(r, arena_printf(r->a, "kind.%s", name)));
        tv_bool(it, "selected", cur && strcmp(cur, name) == 0);
    }
}

/* unit_form shows the new/edit form, keeping what the user typed. */
static void unit_form(struct req *r, int status, const struct unit *u,
                      const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f");
    size_t n;

    tv_bool(ctx, "is_new", u->id == 0);
    tv_int(ctx, "id", u->id);
    tv_str(f, "code", u->code);
    tv_str(f, "name", u->name);
    tv_str(f, "hsa_id", u->hsa_id);
    tv_str(f, "org_nr", u->org_nr);
    tv_bool(f, "active", u->active);
    tv_bool(ctx, "is_provider", u->id && u->parent_id == 0);
    kinds(r, ctx, u->kind, u->id && u->parent_id == 0);
    if (u->id == 0)
        add_units(r, ctx, &n, u->parent_id);
    if (fe)
        page_fielderrs(r, ctx, fe);
    page_render(r, status, "unit_form", ctx,
                u->id ? "unit.edit_title" : "unit.new_title");
}

void page_unit_new(struct req *r)
{
    struct unit u = {0};
    const char *p = kv_get(&r->query, "parent");

    u.kind = "unit";
    u.active = 1;
    if (p) {
        struct unit parent;

        r->params[0] = p;
        if (store_unit_get(r->st, r->a, req_id(r, 0), &parent) == E_OK &&
            req_can(r, PERM_ADMIN, parent.path))
            u.parent_id = parent.id;
    }
    unit_form(r, 200, &u, NULL);
}

static void read_form(struct req *r, struct unit *u)
{
    u->code = kv_get(&r->form, "code");
    u->name = kv_get(&r->form, "name");
    u->kind = kv_get(&r->form, "kind");
    u->hsa_id = kv_get(&r->form, "hsa_id");
    u->org_nr = kv_get(&r->form, "org_nr");
}

static void save_failed(struct req *r, struct unit *u, enum err e)
{
    struct fielderrs fe = {0};

    if (e == E_CONFLICT) {
        /* which unique key: look the code up */
        struct unit other;

        if (store_unit_by_code(r->st, r->a, u->code, &other) == E_OK &&
            other.id != u->id)
            fielderr_add(&fe, "code", "err.code_taken");
        else
            fielderr_add(&fe, "hsa_id", "err.hsa_taken");
        unit_form(r, 409, u, &fe);
        return;
    }
    page_error(r, page_status_for(e));
}

void page_unit_create(struct req *r)
{
    struct unit u = {0}, parent;
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    enum err e;

    read_form(r, &u);
    u.active = 1;
    r->params[0] = kv_get(&r->form, "parent");
    u.parent_id = req_id(r, 0);
    if (!u.parent_id ||
        store_unit_get(r->st, r->a, u.parent_id, &parent) != E_OK ||
        !req_can(r, PERM_ADMIN, parent.path)) {
        u.parent_id = 0;
        fielderr_add(&fe, "parent", "err.parent_required");
    }
    org_unit_validate(&u, &fe);
    if (u.kind && strcmp(u.kind, "provider") == 0)
        fielderr_add(&fe, "kind", "err.unit_kind");
    if (fe.n) {
        unit_form(r, 422, &u, &fe);
        return;
    }
    if ((e = store_begin(r->st)) || (e = store_unit_create(r->st, &who, &u)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        u.id = 0;
        save_failed(r, &u, e);
        return;
    }
    req_redirect(r, "/admin/units?ok=1");
}

/* load_unit fetches route capture 0 and checks the admin's scope. */
static int load_unit(struct req *r, struct unit *u)
{
    if (store_unit_get(r->st, r->a, req_id(r, 0), u) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    if (!req_can(r, PERM_ADMIN, u->path)) {
        page_error(r, 403);
        return 0;
    }
    return 1;
}

void page_unit_edit(struct req *r)
{
    struct unit u;

    if (load_unit(r, &u))
        unit_form(r, 200, &u, NULL);
}

void page_unit_update(struct req *r)
{
    struct unit u;
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    enum err e;

    if (!load_unit(r, &u))
        return;
    read_form(r, &u);
    u.active = kv_get(&r->form, "active") != NULL;
    org_unit_validate(&u, &fe);
    if (fe.n) {
        unit_form(r, 422, &u, &fe);
        return;
    }
    if ((e = store_begin(r->st)) || (e = store_unit_update(r->st, &who, &u)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        save_failed(r, &u, e);
        return;
    }
    req_redirect(r, "/admin/units?ok=1");
}

void page_units_export(struct req *r)
{
    struct unit *u;
    size_t i, j, n;

    if (store_unit_list(r->st, r->a, &u, &n)) {
        page_error(r, 500);
        return;
    }
    buf_adds(&r->out, "code,parent_code,kind,name,hsa_id,org_nr,active\r\n");
    for (i = 0; i < n; i++) {
        const char *parent = "";

        if (!req_can(r, PERM_ADMIN, u[i].path))
            continue;
        for (j = 0; j < n; j++)
            if (u[j].id == u[i].parent_id)
                parent = u[j].code;
        csvfile_field(&r->out, u[i].code, 0);
        csvfile_field(&r->out, parent, 0);
        csvfile_field(&r->out, u[i].kind, 0);
        csvfile_field(&r->out, u[i].name, 0);
        csvfile_field(&r->out, u[i].hsa_id, 0);
        csvfile_field(&r->out, u[i].org_nr, 0);
        csvfile_field(&r->out, u[i].active ? "1" : "0", 1);
    }
    r->status = 200;
    r->resp_ctype = "text/csv; charset=utf-8";
    req_header(r, "Content-Disposition",
               "attachment; filename=\"organisation.csv\"");
}
