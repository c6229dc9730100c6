/* page_users.c: users, their role assignments and deputies, for
 * administrators; an admin sees and changes only users and roles in the
 * subtree they administer. */
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "csvfile.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

#define PAGE_SIZE 50

/* user_in_scope: the user's home unit, or any of their roles, lies in the
 * admin's scope. */
static int user_in_scope(struct req *r, const struct user *u)
{
    struct role_row *rr;
    struct unit home;
    size_t i, n;

    if (u->home_unit_id &&
        store_unit_get(r->st, r->a, u->home_unit_id, &home) == E_OK &&
        req_can(r, PERM_ADMIN, home.path))
        return 1;
    if (store_role_list(r->st, r->a, u->id, NULL, &rr, &n) == E_OK)
        for (i = 0; i < n; i++)
            if (req_can(r, PERM_ADMIN, rr[i].unit_path))
                return 1;
    return 0;
}

void page_users(struct req *r)
{
    const char *q = kv_get(&r->query, "q"), *p = kv_get(&r->query, "page");
    struct tv *ctx = page_ctx(r), *list;
    long pg = p ? strtol(p, NULL, 10) : 1;
    struct user *u;
    size_t i, n;
    int64_t total;

    if (pg < 1 || pg > 100000)
        pg = 1;
    if (store_user_list(r->st, r->a, req_widest_scope(r, PERM_ADMIN), q,
                        (int)((pg - 1) * PAGE_SIZE), PAGE_SIZE, &u, &n,
                        &total)) {
        page_error(r, 500);
        return;
    }
    list = tv_list(ctx, "users");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", u[i].id);
        tv_str(it, "username", u[i].username);
        tv_str(it, "name", u[i].name);
        tv_str(it, "email", u[i].email);
        tv_bool(it, "inactive", !u[i].active);
    }
    tv_str(ctx, "q", q);
    tv_int(ctx, "total", total);
    tv_int(ctx, "page", pg);
    if (pg > 1)
        tv_str(ctx, "prev", arena_printf(r->a, "%ld", pg - 1));
    if (pg * PAGE_SIZE < total)
        tv_str(ctx, "next", arena_printf(r->a, "%ld", pg + 1));
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, 200, "users", ctx, "users.title");
}

/* unit_options lists the units the admin may pick. */
static void unit_options(struct req *r, struct tv *ctx, const char *key,
                         int64_t selected)
{
    struct tv *list = tv_list(ctx, key);
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!req_can(r, PERM_ADMIN, u[i].path) || !u[i].active)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s (%s)", (unit_depth(u[i].path) - 1) * 2,
                            "", u[i].name, u[i].code));
        tv_bool(it, "selected", u[i].id == selected);
    }
}

static void role_options(struct req *r, struct tv *ctx)
{
    struct tv *list = tv_list(ctx, "role_options");
    int k;

    for (k = 0; k < ROLE__MAX; k++) {
        struct tv *it = tv_push(list);

        tv_str(it, "value", role_str((enum role)k));
        tv_str(
            it, "label",
            page_t(r, arena_printf(r->a, "role.%s", role_str((enum role)k))));
    }
}

static void user_form(struct req *r, int status, const struct user *u,
                      const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f");

    tv_bool(ctx, "is_new", u->id == 0);
    tv_int(ctx, "id", u->id);
    tv_str(f, "username", u->username);
    tv_str(f, "name", u->name);
    tv_str(f, "email", u->email);
    tv_bool(f, "active", u->active);
    tv_bool(f, "lang_en", u->lang && strcmp(u->lang, "en") == 0);
    unit_options(r, ctx, "units", u->home_unit_id);
    if (u->id) {
        struct role_row *rr;
        struct deputy_row *d;
        struct user *all;
        size_t i, n;
        int64_t total;
        struct tv *list = tv_list(ctx, "roles");

        if (store_role_list(r->st, r->a, u->id, NULL, &rr, &n) == E_OK)
            for (i = 0; i < n; i++) {
                struct tv *it = tv_push(list);

                tv_int(it, "id", rr[i].id);
                tv_str(it, "role",
                       page_t(r, arena_printf(r->a, "role.%s",
                                              role_str(rr[i].role))));
                tv_str(it, "unit", rr[i].unit_name);
                tv_str(it, "code", rr[i].unit_code);
                tv_bool(it, "can_remove",
                        req_can(r, PERM_ADMIN, rr[i].unit_path));
            }
        list = tv_list(ctx, "deputies");
        if (store_deputy_list(r->st, r->a, u->id, &d, &n) == E_OK)
            for (i = 0; i < n; i++) {
                struct tv *it = tv_push(list);

                tv_int(it, "id", d[i].id);
                tv_str(it, "absent", d[i].absent_name);
                tv_str(it, "deputy", d[i].deputy_name);
                tv_str(it, "from", d[i].valid_from);
                tv_str(it, "to", d[i].valid_to);
                tv_str(it, "note", d[i].note);
            }
        role_options(r, ctx);
        unit_options(r, ctx, "role_units", 0);
        list = tv_list(ctx, "candidates");
        if (store_user_list(r->st, r->a, req_widest_scope(r, PERM_ADMIN), NULL,
                            0, 1000, &all, &n, &total) == E_OK)
            for (i = 0; i < n; i++) {
                struct tv *it;

                if (all[i].id == u->id || !all[i].active)
                    continue;
                it = tv_push(list);
                tv_int(it, "id", all[i].id);
                tv_str(it, "label",
                       arena_printf(r->a, "%s (%s)", all[i].name,
                                    all[i].username));
            }
        tv_str(ctx, "today", req_today(r));
    }
    if (fe)
        page_fielderrs(r, ctx, fe);
    page_render(r, status, "user_form", ctx,
                u->id ? "user.edit_title" : "user.new_title");
}

void page_user_new(struct req *r)
{
    struct user u = {0};

    u.active = 1;
    u.lang = "sv";
    user_form(r, 200, &u, NULL);
}

/* read_form fills u from the form and checks the home unit's scope. */
static void read_form(struct req *r, struct user *u, struct fielderrs *fe)
{
    struct unit home;

    u->name = kv_get(&r->form, "name");
    u->email = kv_get(&r->form, "email");
    u->lang = kv_get(&r->form, "lang");
    if (!u->lang)
        u->lang = "sv";
    r->params[1] = kv_get(&r->form, "home_unit");
    u->home_unit_id = req_id(r, 1);
    if (!u->home_unit_id ||
        store_unit_get(r->st, r->a, u->home_unit_id, &home) != E_OK ||
        !req_can(r, PERM_ADMIN, home.path)) {
        u->home_unit_id = 0;
        fielderr_add(fe, "home_unit", "err.required");
    }
    org_user_validate(u, fe);
}

void page_user_create(struct req *r)
{
    struct user u = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    const char *pw = kv_get(&r->form, "password"), *bad;
    char hash[AUTH_PWHASH_MAX];
    enum err e;

    u.username = kv_get(&r->form, "username");
    u.active = 1;
    read_form(r, &u, &fe);
    if (pw && *pw && (bad = auth_password_check(pw, u.username)))
        fielderr_add(&fe, "password", bad);
    if (fe.n) {
        user_form(r, 422, &u, &fe);
        return;
    }
    if (pw && *pw) {
        if (auth_password_hash(pw, hash)) {
            page_error(r, 500);
            return;
        }
        u.password_hash = hash;
    }
    if ((e = store_begin(r->st)) || (e = store_user_create(r->st, &who, &u)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        u.id = 0;
        if (e == E_CONFLICT) {
            fielderr_add(&fe, "username", "err.username_taken");
            user_form(r, 409, &u, &fe);
        } else {
            page_error(r, page_status_for(e));
        }
        return;
    }
    req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)u.id));
}

static int load_user(struct req *r, struct user *u)
{
    if (store_user_get(r->st, r->a, req_id(r, 0), u) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    if (!user_in_scope(r, u)) {
        page_error(r, 403);
        return 0;
    }
    return 1;
}

void page_user_edit(struct req *r)
{
    struct user u;

    if (load_user(r, &u))
        user_form(r, 200, &u, NULL);
}

void page_user_update(struct req *r)
{
    struct user u;
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    const char *pw = kv_get(&r->form, "password"), *bad;
    char hash[AUTH_PWHASH_MAX];
    enum err e;

    if (!load_user(r, &u))
        return;
    read_form(r, &u, &fe);
    u.active = kv_get(&r->form, "active") != NULL;
    if (u.id == r->user->id && !u.active)
        fielderr_add(&fe, "active", "err.self_deactivate");
    if (pw && *pw && (bad = auth_password_check(pw, u.username)))
        fielderr_add(&fe, "password", bad);
    if (fe.n) {
        user_form(r, 422, &u, &fe);
        return;
    }
    if (pw && *pw && auth_password_hash(pw, hash)) {
        page_error(r, 500);
        return;
    }
    if ((e = store_begin(r->st)) || (e = store_user_update(r->st, &who, &u)) ||
        (pw && *pw &&
         (e = store_user_set_password(r->st, &who, u.id, hash, NULL))) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/admin/users/%lld?ok=1", (long long)u.id));
}

void page_role_add(struct req *r)
{
    struct user u;
    struct unit unit;
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    enum role role = role_from_str(kv_get(&r->form, "role"));
    int64_t id;
    enum err e;

    if (!load_user(r, &u))
        return;
    r->params[1] = kv_get(&r->form, "unit");
    if (role == ROLE__MAX)
        fielderr_add(&fe, "role", "err.required");
    if (store_unit_get(r->st, r->a, req_id(r, 1), &unit) != E_OK ||
        !req_can(r, PERM_ADMIN, unit.path))
        fielderr_add(&fe, "unit", "err.required");
    if (fe.n) {
        user_form(r, 422, &u, &fe);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_role_add(r->st, &who, u.id, role, unit.id, &id)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        if (e == E_CONFLICT) {
            fielderr_add(&fe, "role", "err.role_exists");
            user_form(r, 409, &u, &fe);
        } else {
            page_error(r, page_status_for(e));
        }
        return;
    }
    req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)u.id));
}

void page_role_delete(struct req *r)
{
    struct role_row rr;
    struct actor who = req_actor(r);
    enum err e;

    if (store_role_get(r->st, r->a, req_id(r, 0), &rr) != E_OK) {
        page_error(r, 404);
        return;
    }
    if (!req_can(r, PERM_ADMIN, rr.unit_path)) {
        page_error(r, 403);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_role_remove(r->st, &who, rr.id)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(
        r, arena_printf(r->a, "/admin/users/%lld", (long long)rr.user_id));
}

void page_deputy_add(struct req *r)
{
    struct user u, dep;
    struct deputy_row d = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    int64_t t1, t2;
    enum err e;

    if (!load_user(r, &u))
        return;
    d.absent_user_id = u.id;
    r->params[1] = kv_get(&r->form, "deputy");
    d.deputy_user_id = req_id(r, 1);
    d.valid_from = kv_get(&r->form, "valid_from");
    d.valid_to = kv_get(&r->form, "valid_to");
    d.note = kv_get(&r->form, "note");
    if (!d.deputy_user_id || d.deputy_user_id == u.id ||
        store_user_get(r->st, r->a, d.deputy_user_id, &dep) != E_OK ||
        !user_in_scope(r, &dep))
        fielderr_add(&fe, "deputy", "err.required");
    if (!d.valid_from || strlen(d.valid_from) != 10 ||
        datetime_parse_iso(d.valid_from, &t1))
        fielderr_add(&fe, "valid_from", "err.date");
    if (!d.valid_to || strlen(d.valid_to) != 10 ||
        datetime_parse_iso(d.valid_to, &t2))
        fielderr_add(&fe, "valid_to", "err.date");
    else if (!fe.n && strcmp(d.valid_from, d.valid_to) > 0)
        fielderr_add(&fe, "valid_to", "err.date_order");
    if (d.note && strlen(d.note) > 500)
        fielderr_add(&fe, "note", "err.text_500");
    if (fe.n) {
        user_form(r, 422, &u, &fe);
        return;
    }
    if ((e = store_begin(r->st)) || (e = store_deputy_add(r->st, &who, &d)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)u.id));
}

void page_deputy_delete(struct req *r)
{
    struct deputy_row d;
    struct user u;
    struct actor who = req_actor(r);
    enum err e;

    if (store_deputy_get(r->st, r->a, req_id(r, 0), &d) != E_OK ||
        store_user_get(r->st, r->a, d.absent_user_id, &u) != E_OK) {
        page_error(r, 404);
        return;
    }
    if (!user_in_scope(r, &u)) {
        page_error(r, 403);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_deputy_remove(r->st, &who, d.id)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/admin/users/%lld", (long long)u.id));
}

void page_users_export(struct req *r)
{
    struct user *u;
    struct unit *units;
    struct role_row *rr;
    size_t i, j, n, nunits, nroles;
    int64_t total;

    if (store_user_list(r->st, r->a, req_widest_scope(r, PERM_ADMIN), NULL, 0,
                        1000000, &u, &n, &total) ||
        store_unit_list(r->st, r->a, &units, &nunits) ||
        store_role_list(r->st, r->a, 0, req_widest_scope(r, PERM_ADMIN), &rr,
                        &nroles)) {
        page_error(r, 500);
        return;
    }
    /* columns match the import (page_import.c); roles as role@CODE */
    buf_adds(&r->out, "username,name,email,home_unit,lang,active,roles\r\n");
    for (i = 0; i < n; i++) {
        struct buf roles;
        const char *code = "";

        for (j = 0; j < nunits && u[i].home_unit_id; j++)
            if (units[j].id == u[i].home_unit_id)
                code = units[j].code;
        buf_init(&roles, 4096);
        /* role rows are few per user; both lists are small and in memory */
        for (j = 0; j < nroles; j++)
            if (rr[j].user_id == u[i].id)
                buf_addf(&roles, "%s%s@%s", roles.len ? " " : "",
                         role_str(rr[j].role), rr[j].unit_code);
        csvfile_field(&r->out, u[i].username, 0);
        csvfile_field(&r->out, u[i].name, 0);
        csvfile_field(&r->out, u[i].email, 0);
        csvfile_field(&r->out, code, 0);
        csvfile_field(&r->out, u[i].lang, 0);
        csvfile_field(&r->out, u[i].active ? "1" : "0", 0);
        csvfile_field(&r->out, roles.p, 1);
        buf_release(&roles);
    }
    r->status = 200;
    r->resp_ctype = "text/csv; charset=utf-8";
    req_header(r, "Content-Disposition", "attachment; filename=\"users.csv\"");
}
