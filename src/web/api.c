/* api.c: the JSON API under /api/v1/ and its OpenAPI 3 document. Same
 * authorisation as the pages; errors in page.c's one JSON shape. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "route.h"

void api_me(struct req *r)
{
    json_t *me = org_user_json(r->user), *roles = json_array();
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        json_array_append_new(
            roles,
            json_pack("{ss sI ss so}", "role", role_str(r->grants[i].role),
                      "unit_id", (json_int_t)r->grants[i].unit_id, "unit_code",
                      r->grants[i].unit_code, "deputy_for",
                      r->grants[i].deputy_for
                          ? json_integer(r->grants[i].deputy_for)
                          : json_null()));
    json_object_set_new(me, "roles", roles);
    json_object_set_new(me, "csrf_token",
                        r->csrf ? json_string(r->csrf) : json_null());
    page_json(r, 200, me);
}

/* visible: units a user may read are those in the scope of any grant. */
static int visible(struct req *r, const char *path)
{
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (authz_in_scope(r->grants[i].unit_path, path))
            return 1;
    return 0;
}

void api_units(struct req *r)
{
    json_t *arr = json_array();
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n)) {
        json_decref(arr);
        page_error(r, 500);
        return;
    }
    for (i = 0; i < n; i++)
        if (visible(r, u[i].path))
            json_array_append_new(arr, org_unit_json(&u[i]));
    page_json(r, 200, json_pack("{so}", "items", arr));
}

void api_unit_get(struct req *r)
{
    struct unit u;

    if (store_unit_get(r->st, r->a, req_id(r, 0), &u) != E_OK ||
        !visible(r, u.path)) {
        page_error(r, 404); /* no hint that it exists elsewhere */
        return;
    }
    page_json(r, 200, org_unit_json(&u));
}

static void unit_from_json(json_t *j, struct unit *u)
{
    if (json_object_get(j, "code"))
        u->code = page_jstr(j, "code");
    if (json_object_get(j, "name"))
        u->name = page_jstr(j, "name");
    if (json_object_get(j, "kind"))
        u->kind = page_jstr(j, "kind");
    if (json_object_get(j, "hsa_id"))
        u->hsa_id = page_jstr(j, "hsa_id");
    if (json_object_get(j, "org_nr"))
        u->org_nr = page_jstr(j, "org_nr");
    if (json_is_boolean(json_object_get(j, "active")))
        u->active = json_is_true(json_object_get(j, "active"));
}

static void save_unit(struct req *r, json_t *j, struct unit *u, int create)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct unit saved;
    enum err e;

    unit_from_json(j, u);
    org_unit_validate(u, &fe);
    if (create && u->kind && strcmp(u->kind, "provider") == 0)
        fielderr_add(&fe, "kind", "err.unit_kind");
    if (fe.n) {
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if ((e = store_begin(r->st)) ||
        (e = create ? store_unit_create(r->st, &who, u)
                    : store_unit_update(r->st, &who, u)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "err.code_taken" : NULL);
        goto out;
    }
    if (store_unit_get(r->st, r->a, u->id, &saved)) {
        page_error(r, 500);
        goto out;
    }
    page_json(r, create ? 201 : 200, org_unit_json(&saved));
out:
    json_decref(j);
}

void api_unit_create(struct req *r)
{
    json_t *j = page_body_json(r), *p;
    struct unit u = {0}, parent;

    if (!j)
        return;
    p = json_object_get(j, "parent_id");
    if (!json_is_integer(p) ||
        store_unit_get(r->st, r->a, json_integer_value(p), &parent) ||
        !authz_can(r->grants, r->ngrants, PERM_ADMIN, parent.path)) {
        struct fielderrs fe = {0};

        fielderr_add(&fe, "parent_id", "err.parent_required");
        page_api_fielderrs(r, &fe);
        json_decref(j);
        return;
    }
    u.parent_id = parent.id;
    u.active = 1;
    save_unit(r, j, &u, 1);
}

void api_unit_update(struct req *r)
{
    struct unit u;
    json_t *j;

    if (store_unit_get(r->st, r->a, req_id(r, 0), &u) != E_OK ||
        !visible(r, u.path)) {
        page_error(r, 404);
        return;
    }
    if (!authz_can(r->grants, r->ngrants, PERM_ADMIN, u.path)) {
        page_error(r, 403);
        return;
    }
    if ((j = page_body_json(r)))
        save_unit(r, j, &u, 0);
}

void api_users(struct req *r)
{
    const char *q = kv_get(&r->query, "q"), *o = kv_get(&r->query, "offset"),
               *l = kv_get(&r->query, "limit");
    long off = o ? strtol(o, NULL, 10) : 0, lim = l ? strtol(l, NULL, 10) : 100;
    json_t *arr;
    struct user *u;
    size_t i, n;
    int64_t total;

    if (off < 0 || lim < 1 || lim > 1000) {
        page_error_msg(r, 400, "err.paging");
        return;
    }
    if (store_user_list(r->st, r->a, req_widest_scope(r, PERM_ADMIN), q,
                        (int)off, (int)lim, &u, &n, &total)) {
        page_error(r, 500);
        return;
    }
    arr = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(arr, org_user_json(&u[i]));
    page_json(r, 200,
              json_pack("{so sI sI sI}", "items", arr, "total",
                        (json_int_t)total, "offset", (json_int_t)off, "limit",
                        (json_int_t)lim));
}

void api_user_get(struct req *r)
{
    struct user u;
    struct unit home;
    struct role_row *rr;
    json_t *j, *roles;
    size_t i, n;
    int ok = 0;

    if (store_user_get(r->st, r->a, req_id(r, 0), &u) != E_OK) {
        page_error(r, 404);
        return;
    }
    if (store_role_list(r->st, r->a, u.id, NULL, &rr, &n)) {
        page_error(r, 500);
        return;
    }
    if (u.home_unit_id &&
        store_unit_get(r->st, r->a, u.home_unit_id, &home) == E_OK)
        ok = authz_can(r->grants, r->ngrants, PERM_ADMIN, home.path);
    for (i = 0; i < n && !ok; i++)
        ok = authz_can(r->grants, r->ngrants, PERM_ADMIN, rr[i].unit_path);
    if (!ok) {
        page_error(r, 404);
        return;
    }
    j = org_user_json(&u);
    roles = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(roles, json_pack("{sI ss sI ss}", "id",
                                               (json_int_t)rr[i].id, "role",
                                               role_str(rr[i].role), "unit_id",
                                               (json_int_t)rr[i].unit_id,
                                               "unit_code", rr[i].unit_code));
    json_object_set_new(j, "roles", roles);
    page_json(r, 200, j);
}

void api_user_create(struct req *r)
{
    json_t *j = page_body_json(r), *h;
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct user u = {0};
    struct unit home;
    enum err e;

    if (!j)
        return;
    u.username = page_jstr(j, "username");
    u.name = page_jstr(j, "name");
    u.email = page_jstr(j, "email");
    u.lang = page_jstr(j, "lang") ? page_jstr(j, "lang") : "sv";
    u.active = 1;
    h = json_object_get(j, "home_unit_id");
    if (!json_is_integer(h) ||
        store_unit_get(r->st, r->a, json_integer_value(h), &home) ||
        !authz_can(r->grants, r->ngrants, PERM_ADMIN, home.path))
        fielderr_add(&fe, "home_unit_id", "err.required");
    else
        u.home_unit_id = home.id;
    org_user_validate(&u, &fe);
    if (fe.n) {
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if ((e = store_begin(r->st)) || (e = store_user_create(r->st, &who, &u)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "err.username_taken" : NULL);
        goto out;
    }
    page_json(r, 201, org_user_json(&u));
out:
    json_decref(j);
}

/* The OpenAPI document is generated from the route table, so every
 * endpoint is listed and none is listed that does not exist. */
void api_openapi(struct req *r)
{
    json_t *paths = json_object();
    const struct route *rt;

    for (rt = routes; rt->pattern; rt++) {
        json_t *item, *op, *params;
        char method[8];
        size_t i;
        const char *p;

        if (!(rt->flags & R_API))
            continue;
        params = json_array();
        item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        for (i = 0; rt->method[i] && i < sizeof(method) - 1; i++)
            method[i] = (char)(rt->method[i] | 0x20);
        method[i] = '\0';
        for (p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
            const char *end = strchr(p, '}');

            /* {id} is a number; other captures ({code}) are text */
            int is_id = end - p - 1 == 2 && strncmp(p + 1, "id", 2) == 0;

            json_array_append_new(params,
                                  json_pack("{ss% ss sb s{ss}}", "name", p + 1,
                                            (size_t)(end - p - 1), "in", "path",
                                            "required", 1, "schema", "type",
                                            is_id ? "integer" : "string"));
        }
        op = json_pack("{ss so s{s{ss} s{ss} s{ss} s{ss}}}", "summary",
                       rt->summary, "parameters", params, "responses", "200",
                       "description", "OK", "400", "description",
                       "Bad request (error shape: Error)", "401", "description",
                       "Not logged in", "403", "description",
                       "Not allowed in this part of the organisation");
        if (!(rt->flags & R_PUBLIC))
            json_object_set_new(op, "security",
                                json_pack("[{s[]} {s[]}]", "bearer", "cookie"));
        if ((rt->flags & R_UPLOAD) && strstr(rt->pattern, "/documents/"))
            /* a version's file in "file", besides the JSON fields */
            json_object_set_new(
                op, "requestBody",
                json_pack("{sb s{s{s{ss s{s{ss ss} s{ss} s{ss} s{ss}}}}}}",
                          "required", 1, "content", "multipart/form-data",
                          "schema", "type", "object", "properties", "file",
                          "type", "string", "format", "binary", "body_md",
                          "type", "string", "change_note", "type", "string",
                          "remove_file", "type", "string"));
        else if (rt->flags & R_UPLOAD) /* files in the field "files" */
            json_object_set_new(
                op, "requestBody",
                json_pack("{sb s{s{s{ss s{s{ss s{ss ss}}}}}}}", "required", 1,
                          "content", "multipart/form-data", "schema", "type",
                          "object", "properties", "files", "type", "array",
                          "items", "type", "string", "format", "binary"));
        json_object_set_new(item, method, op);
    }
    page_json(
        r, 200,
        json_pack("{ss s{ss ss ss} s[{ss}] so s{s{s{ss ss} s{ss ss ss}} "
                  "s{s{ss s{s{ss s{s{ss} s{ss} s{ss}}}}}}}}",
                  "openapi", "3.0.3", "info", "title", "ska API", "version",
                  "1", "description",
                  "Systematiskt kvalitetsarbete: organisation, users and "
                  "(later) cases, indicators and documents. Send a bearer "
                  "token (ska token create) or use the session cookie with "
                  "the X-CSRF-Token header on changes.",
                  "servers", "url", "/", "paths", paths, "components",
                  "securitySchemes", "bearer", "type", "http", "scheme",
                  "bearer", "cookie", "type", "apiKey", "in", "cookie", "name",
                  "ska_session", "schemas", "Error", "type", "object",
                  "properties", "error", "type", "object", "properties",
                  "status", "type", "integer", "code", "type", "string",
                  "message", "type", "string"));
}
