/* page_import.c: CSV import of the org tree and of users. The whole file is
 * applied in one transaction; any error rolls everything back and the page
 * lists every error by line and column. "Preview" runs the same and always
 * rolls back. Rows upsert by unit code / user name, so importing the same
 * file twice changes nothing the second time. */
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"
#include "handlers.h"
#include "page.h"

#define IMPORT_MAX_ERRORS 200

struct import {
    struct req *r;
    struct csvfile f;
    struct tv *ctx, *errors;
    int nerr, created, updated, unchanged;
    long col[8];
};

static void add_error(struct import *im, size_t line, long col,
                      const char *msg_key)
{
    struct tv *it;

    if (im->nerr++ >= IMPORT_MAX_ERRORS)
        return;
    it = tv_push(im->errors);
    tv_int(it, "line", (long long)line);
    if (col >= 0)
        tv_int(it, "col", col + 1);
    tv_str(it, "message", page_t(im->r, msg_key));
}

static const char *field(const struct import *im, size_t row, int k)
{
    const struct csvfile_row *rw = &im->f.rows[row];
    long c = im->col[k];
    const char *s;

    if (c < 0 || (size_t)c >= rw->nfields)
        return NULL;
    s = rw->fields[c];
    return s && *s ? s : NULL;
}

/* header maps the wanted column names; required ones must exist. */
static int header(struct import *im, const char *const *names, int n, int nreq)
{
    int k, ok = 1;

    for (k = 0; k < n; k++) {
        im->col[k] = csvfile_col(&im->f, names[k]);
        if (im->col[k] < 0 && k < nreq) {
            add_error(
                im, 1, -1,
                arena_printf(im->r->a, "import.missing_column.%s", names[k]));
            ok = 0;
        }
    }
    return ok;
}

/* field errors of a row, reported at the column of each field */
static void row_errors(struct import *im, size_t row,
                       const struct fielderrs *fe, const char *const *names,
                       int n)
{
    size_t i;
    int k;

    for (i = 0; i < fe->n; i++) {
        long col = -1;

        for (k = 0; k < n; k++)
            if (strcmp(fe->v[i].field, names[k]) == 0 ||
                (strcmp(fe->v[i].field, "parent") == 0 &&
                 strcmp(names[k], "parent_code") == 0))
                col = im->col[k];
        add_error(im, im->f.rows[row].line, col, fe->v[i].msg);
    }
}

static int same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *const unit_cols[] = {
    "code", "name", "kind", "parent_code", "hsa_id", "org_nr", "active"};

static void import_unit_row(struct import *im, size_t row)
{
    struct req *r = im->r;
    struct actor who = req_actor(r);
    struct unit u = {0}, old, parent;
    struct fielderrs fe = {0};
    const char *act = field(im, row, 6), *pc = field(im, row, 3);
    int exists;
    enum err e;

    u.code = field(im, row, 0);
    u.name = field(im, row, 1);
    u.kind = field(im, row, 2);
    u.hsa_id = field(im, row, 4);
    u.org_nr = field(im, row, 5);
    u.active = !act || strcmp(act, "0") != 0;
    exists = u.code && store_unit_by_code(r->st, r->a, u.code, &old) == E_OK;
    if (exists) {
        if (!req_can(r, PERM_ADMIN, old.path)) {
            add_error(im, im->f.rows[row].line, im->col[0], "import.denied");
            return;
        }
        u.id = old.id;
        u.parent_id = old.parent_id;
    } else if (pc && store_unit_by_code(r->st, r->a, pc, &parent) == E_OK &&
               req_can(r, PERM_ADMIN, parent.path)) {
        u.parent_id = parent.id;
    }
    org_unit_validate(&u, &fe);
    if (!exists && !u.parent_id && !fielderr_get(&fe, "parent"))
        fielderr_add(&fe, "parent", "err.parent_required");
    if (fe.n) {
        row_errors(im, row, &fe, unit_cols, 7);
        return;
    }
    if (exists) {
        if (same(u.name, old.name) && same(u.kind, old.kind) &&
            same(u.hsa_id, old.hsa_id) && same(u.org_nr, old.org_nr) &&
            u.active == old.active) {
            im->unchanged++;
            return;
        }
        e = store_unit_update(r->st, &who, &u);
        im->updated += !e;
    } else {
        e = store_unit_create(r->st, &who, &u);
        im->created += !e;
    }
    if (e)
        add_error(im, im->f.rows[row].line, e == E_CONFLICT ? im->col[4] : -1,
                  e == E_CONFLICT ? "err.hsa_taken" : "import.db");
}

static const char *const user_cols[] = {
    "username", "name", "email", "home_unit", "lang", "active", "roles"};

/* add_roles grants "role@CODE role@CODE ..." that the user lacks. */
static void add_roles(struct import *im, size_t row, int64_t uid,
                      const char *spec)
{
    struct req *r = im->r;
    struct actor who = req_actor(r);
    char *s = arena_strdup(r->a, spec), *tok, *save = NULL;

    for (tok = s ? strtok_r(s, " ;", &save) : NULL; tok;
         tok = strtok_r(NULL, " ;", &save)) {
        char *at = strchr(tok, '@');
        struct unit unit;
        enum role role;
        int64_t id;
        enum err e;

        if (!at) {
            add_error(im, im->f.rows[row].line, im->col[6], "import.role");
            continue;
        }
        *at = '\0';
        role = role_from_str(tok);
        if (role == ROLE__MAX ||
            store_unit_by_code(r->st, r->a, at + 1, &unit) != E_OK ||
            !req_can(r, PERM_ADMIN, unit.path)) {
            add_error(im, im->f.rows[row].line, im->col[6], "import.role");
            continue;
        }
        e = store_role_add(r->st, &who, uid, role, unit.id, &id);
        if (e && e != E_CONFLICT)
            add_error(im, im->f.rows[row].line, im->col[6], "import.db");
        else if (!e)
            im->updated++;
    }
}

static void import_user_row(struct import *im, size_t row)
{
    struct req *r = im->r;
    struct actor who = req_actor(r);
    struct user u = {0}, old;
    struct unit home;
    struct fielderrs fe = {0};
    const char *act = field(im, row, 5), *hc = field(im, row, 3);
    int exists;
    enum err e = E_OK;

    u.username = field(im, row, 0);
    u.name = field(im, row, 1);
    u.email = field(im, row, 2);
    u.lang = field(im, row, 4) ? field(im, row, 4) : "sv";
    u.active = !act || strcmp(act, "0") != 0;
    if (!hc || store_unit_by_code(r->st, r->a, hc, &home) != E_OK ||
        !req_can(r, PERM_ADMIN, home.path))
        fielderr_add(&fe, "home_unit", "import.home_unit");
    else
        u.home_unit_id = home.id;
    org_user_validate(&u, &fe);
    if (fe.n) {
        row_errors(im, row, &fe, user_cols, 7);
        return;
    }
    exists = store_user_by_username(r->st, r->a, u.username, &old) == E_OK;
    if (exists) {
        u.id = old.id;
        if (same(u.name, old.name) && same(u.email, old.email) &&
            same(u.lang, old.lang) && u.home_unit_id == old.home_unit_id &&
            u.active == old.active)
            im->unchanged++;
        else if (!(e = store_user_update(r->st, &who, &u)))
            im->updated++;
    } else if (!(e = store_user_create(r->st, &who, &u))) {
        im->created++;
    }
    if (e) {
        add_error(im, im->f.rows[row].line, -1, "import.db");
        return;
    }
    if (field(im, row, 6))
        add_roles(im, row, u.id, field(im, row, 6));
}

static void show(struct req *r, int status, struct tv *ctx)
{
    page_render(r, status, "import", ctx, "import.title");
}

void page_import(struct req *r)
{
    show(r, 200, page_ctx(r));
}

static void run(struct req *r, int users)
{
    const char *csv = kv_get(&r->form, "csv");
    int preview = kv_get(&r->form, "preview") != NULL;
    struct import im = {0};
    struct buf msg;
    size_t row;

    im.r = r;
    im.ctx = page_ctx(r);
    im.errors = tv_list(im.ctx, "import_errors");
    tv_str(im.ctx, users ? "csv_users" : "csv_units", csv);
    buf_init(&msg, 1024);
    if (!csv || !*csv) {
        add_error(&im, 1, -1, "import.empty");
    } else if (csvfile_parse(r->a, csv, strlen(csv), &im.f, &msg)) {
        tv_str(im.ctx, "parse_error", arena_strdup(r->a, msg.p));
        im.nerr++;
    } else if (im.f.nrows < 2) {
        add_error(&im, 1, -1, "import.empty");
    } else if (header(&im, users ? user_cols : unit_cols, 7, users ? 4 : 3)) {
        if (store_begin(r->st)) {
            buf_release(&msg);
            page_error(r, 500);
            return;
        }
        for (row = 1; row < im.f.nrows; row++)
            (users ? import_user_row : import_unit_row)(&im, row);
        if (im.nerr || preview || store_commit(r->st))
            store_rollback(r->st);
    }
    buf_release(&msg);
    tv_bool(im.ctx, "has_import_errors", im.nerr > 0);
    tv_bool(im.ctx, "ok", im.nerr == 0);
    tv_bool(im.ctx, "preview", preview);
    tv_int(im.ctx, "created", im.created);
    tv_int(im.ctx, "updated", im.updated);
    tv_int(im.ctx, "unchanged", im.unchanged);
    tv_int(im.ctx, "nerr", im.nerr);
    tv_str(im.ctx, "kind_label",
           page_t(r, users ? "import.users" : "import.units"));
    show(r, im.nerr ? 422 : 200, im.ctx);
}

void page_import_units(struct req *r)
{
    run(r, 0);
}

void page_import_users(struct req *r)
{
    run(r, 1);
}
