/* store_org.c: units, users, role assignments and deputies. */
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

#define UNIT_COLS                                                              \
    "id, coalesce(parent_id, 0), provider_id, code, name, kind, hsa_id, "      \
    "org_nr, path, active, created_at, updated_at"
#define USER_COLS                                                              \
    "au.id, coalesce(au.home_unit_id, 0), au.username, au.name, au.email, "    \
    "au.lang, au.password_hash, au.active, au.created_at, au.updated_at"
#define ROLE_COLS                                                              \
    "r.id, r.user_id, r.unit_id, r.role, au.username, au.name, u.code, "       \
    "u.name, u.path FROM role_assignment r JOIN app_user au ON "               \
    "au.id = r.user_id JOIN org_unit u ON u.id = r.unit_id"
#define DEPUTY_COLS                                                            \
    "d.id, d.absent_user_id, d.deputy_user_id, a.name, b.name, "               \
    "d.valid_from, d.valid_to, d.note FROM deputy d JOIN app_user a ON "       \
    "a.id = d.absent_user_id JOIN app_user b ON b.id = d.deputy_user_id"

enum stmt {
    STMT_UNIT_GET,
    STMT_UNIT_BY_CODE,
    STMT_UNIT_LIST,
    STMT_UNIT_INSERT,
    STMT_UNIT_SET_PATH,
    STMT_UNIT_UPDATE,
    STMT_USER_GET,
    STMT_USER_BY_NAME,
    STMT_USER_LIST,
    STMT_USER_COUNT,
    STMT_USER_INSERT,
    STMT_USER_UPDATE,
    STMT_USER_SET_PW,
    STMT_SESSION_END_OTHERS,
    STMT_GRANTS,
    STMT_ROLE_LIST,
    STMT_ROLE_GET,
    STMT_ROLE_INSERT,
    STMT_ROLE_DELETE,
    STMT_DEPUTY_LIST,
    STMT_DEPUTY_GET,
    STMT_DEPUTY_INSERT,
    STMT_DEPUTY_DELETE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_UNIT_GET] = "SELECT " UNIT_COLS " FROM org_unit WHERE id = ?1",
    [STMT_UNIT_BY_CODE] = "SELECT " UNIT_COLS " FROM org_unit WHERE code = ?1",
    [STMT_UNIT_LIST] = "SELECT " UNIT_COLS " FROM org_unit ORDER BY path",
    [STMT_UNIT_INSERT] =
        "INSERT INTO org_unit (parent_id, provider_id, code, name, kind, "
        "hsa_id, org_nr, path, active, created_at, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    [STMT_UNIT_SET_PATH] = "UPDATE org_unit SET path = ?2, provider_id = "
                           "coalesce(provider_id, ?1) WHERE id = ?1",
    [STMT_UNIT_UPDATE] =
        "UPDATE org_unit SET code = ?2, name = ?3, kind = ?4, hsa_id = ?5, "
        "org_nr = ?6, active = ?7, updated_at = ?8 WHERE id = ?1",
    [STMT_USER_GET] = "SELECT " USER_COLS " FROM app_user au WHERE id = ?1",
    [STMT_USER_BY_NAME] =
        "SELECT " USER_COLS " FROM app_user au WHERE username = ?1",
    [STMT_USER_LIST] =
        "SELECT " USER_COLS " FROM app_user au LEFT JOIN org_unit u ON "
        "u.id = au.home_unit_id WHERE (?1 IS NULL OR substr(u.path, 1, "
        "length(?1)) = ?1 OR EXISTS (SELECT 1 FROM role_assignment r JOIN "
        "org_unit ru ON ru.id = r.unit_id WHERE r.user_id = au.id AND "
        "substr(ru.path, 1, length(?1)) = ?1)) AND (?2 IS NULL OR "
        "instr(lower(au.username), lower(?2)) > 0 OR instr(lower(au.name), "
        "lower(?2)) > 0) ORDER BY au.name, au.id LIMIT ?3 OFFSET ?4",
    [STMT_USER_COUNT] =
        "SELECT count(*) FROM app_user au LEFT JOIN org_unit u ON "
        "u.id = au.home_unit_id WHERE (?1 IS NULL OR substr(u.path, 1, "
        "length(?1)) = ?1 OR EXISTS (SELECT 1 FROM role_assignment r JOIN "
        "org_unit ru ON ru.id = r.unit_id WHERE r.user_id = au.id AND "
        "substr(ru.path, 1, length(?1)) = ?1)) AND (?2 IS NULL OR "
        "instr(lower(au.username), lower(?2)) > 0 OR instr(lower(au.name), "
        "lower(?2)) > 0)",
    [STMT_USER_INSERT] =
        "INSERT INTO app_user (username, name, email, home_unit_id, lang, "
        "password_hash, active, created_at, updated_at) VALUES "
        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    [STMT_USER_UPDATE] =
        "UPDATE app_user SET name = ?2, email = ?3, home_unit_id = ?4, "
        "lang = ?5, active = ?6, updated_at = ?7 WHERE id = ?1",
    [STMT_USER_SET_PW] = "UPDATE app_user SET password_hash = ?2, "
                         "updated_at = ?3 WHERE id = ?1",
    [STMT_SESSION_END_OTHERS] =
        "DELETE FROM session WHERE user_id = ?1 AND (?2 IS NULL OR "
        "token_hash <> ?2)",
    [STMT_GRANTS] =
        "SELECT r.role, r.unit_id, u.path, u.code, u.name, 0 FROM "
        "role_assignment r JOIN org_unit u ON u.id = r.unit_id WHERE "
        "r.user_id = ?1 AND u.active = 1 UNION ALL SELECT r.role, "
        "r.unit_id, u.path, u.code, u.name, d.absent_user_id FROM deputy d "
        "JOIN role_assignment r ON r.user_id = d.absent_user_id JOIN "
        "org_unit u ON u.id = r.unit_id WHERE d.deputy_user_id = ?1 AND "
        "?2 BETWEEN d.valid_from AND d.valid_to AND u.active = 1",
    [STMT_ROLE_LIST] =
        "SELECT " ROLE_COLS " WHERE (?1 IS NULL OR r.user_id = ?1) AND "
        "(?2 IS NULL OR substr(u.path, 1, length(?2)) = ?2) "
        "ORDER BY u.path, au.name, r.role",
    [STMT_ROLE_GET] = "SELECT " ROLE_COLS " WHERE r.id = ?1",
    [STMT_ROLE_INSERT] = "INSERT INTO role_assignment (user_id, role, "
                         "unit_id, created_at) VALUES (?1, ?2, ?3, ?4)",
    [STMT_ROLE_DELETE] = "DELETE FROM role_assignment WHERE id = ?1",
    [STMT_DEPUTY_LIST] =
        "SELECT " DEPUTY_COLS " WHERE (?1 IS NULL OR d.absent_user_id = ?1 "
        "OR d.deputy_user_id = ?1) ORDER BY d.valid_from DESC",
    [STMT_DEPUTY_GET] = "SELECT " DEPUTY_COLS " WHERE d.id = ?1",
    [STMT_DEPUTY_INSERT] =
        "INSERT INTO deputy (absent_user_id, deputy_user_id, valid_from, "
        "valid_to, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [STMT_DEPUTY_DELETE] = "DELETE FROM deputy WHERE id = ?1",
};

const struct sq_table sq_tab_org = {SQ_ORG, stmts, STMT__MAX};

/* ---- units ---- */

static void read_unit(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct unit *u = elem;

    u->id = sq_int(s, 0);
    u->parent_id = sq_int(s, 1);
    u->provider_id = sq_int(s, 2);
    u->code = sq_str(a, s, 3);
    u->name = sq_str(a, s, 4);
    u->kind = sq_str(a, s, 5);
    u->hsa_id = sq_str(a, s, 6);
    u->org_nr = sq_str(a, s, 7);
    u->path = sq_str(a, s, 8);
    u->active = (int)sq_int(s, 9);
    u->created_at = sq_int(s, 10);
    u->updated_at = sq_int(s, 11);
}

enum err store_unit_get(struct store *st, struct arena *a, int64_t id,
                        struct unit *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_org, STMT_UNIT_GET, "i", id),
                  read_unit, out);
}

enum err store_unit_by_code(struct store *st, struct arena *a, const char *code,
                            struct unit *out)
{
    return sq_one(st, a,
                  sq_start(st, &sq_tab_org, STMT_UNIT_BY_CODE, "t", code),
                  read_unit, out);
}

enum err store_unit_list(struct store *st, struct arena *a, struct unit **out,
                         size_t *n)
{
    void *p = NULL;
    enum err e =
        sq_collect(st, a, sq_start(st, &sq_tab_org, STMT_UNIT_LIST, ""),
                   sizeof(**out), read_unit, &p, n);

    *out = p;
    return e;
}

enum err store_unit_create(struct store *st, const struct actor *who,
                           struct unit *u)
{
    struct arena *a = arena_new();
    struct unit parent = {0};
    enum err e;
    char *path;

    if (!a)
        return E_NOMEM;
    if (u->parent_id) {
        if ((e = store_unit_get(st, a, u->parent_id, &parent)))
            goto out;
        u->provider_id = parent.provider_id;
    }
    u->created_at = u->updated_at = datetime_now();
    e = sq_done(st, sq_start(st, &sq_tab_org, STMT_UNIT_INSERT, "IIttttttii",
                             u->parent_id, u->provider_id, u->code, u->name,
                             u->kind, sq_empty_null(u->hsa_id),
                             sq_empty_null(u->org_nr),
                             /* temporary unique path until the id is known */
                             arena_printf(a, "tmp:%s", u->code),
                             (int64_t)u->active, u->created_at));
    if (e)
        goto out;
    u->id = sqlite3_last_insert_rowid(st->db);
    if (!u->parent_id)
        u->provider_id = u->id;
    path = arena_printf(a, "%s%lld/", u->parent_id ? parent.path : "/",
                        (long long)u->id);
    if ((e = sq_done(st, sq_start(st, &sq_tab_org, STMT_UNIT_SET_PATH, "it",
                                  u->id, path))))
        goto out;
    if (!(e = store_unit_get(st, a, u->id, &parent)))
        e = store_audit(st, who, "create", "org_unit", u->id, NULL,
                        sq_json(a, org_unit_json(&parent)));
out:
    arena_free(a);
    return e;
}

enum err store_unit_update(struct store *st, const struct actor *who,
                           const struct unit *u)
{
    struct arena *a = arena_new();
    struct unit before = {0}, after = {0};
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_unit_get(st, a, u->id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_org, STMT_UNIT_UPDATE, "itttttii",
                             u->id, u->code, u->name, u->kind,
                             sq_empty_null(u->hsa_id), sq_empty_null(u->org_nr),
                             (int64_t)u->active, datetime_now()));
    if (e || (e = store_unit_get(st, a, u->id, &after)))
        goto out;
    e = store_audit(st, who, "update", "org_unit", u->id,
                    sq_json(a, org_unit_json(&before)),
                    sq_json(a, org_unit_json(&after)));
out:
    arena_free(a);
    return e;
}

/* ---- users ---- */

static void read_user(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct user *u = elem;

    u->id = sq_int(s, 0);
    u->home_unit_id = sq_int(s, 1);
    u->username = sq_str(a, s, 2);
    u->name = sq_str(a, s, 3);
    u->email = sq_str(a, s, 4);
    u->lang = sq_str(a, s, 5);
    u->password_hash = sq_str(a, s, 6);
    u->active = (int)sq_int(s, 7);
    u->created_at = sq_int(s, 8);
    u->updated_at = sq_int(s, 9);
}

enum err store_user_get(struct store *st, struct arena *a, int64_t id,
                        struct user *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_org, STMT_USER_GET, "i", id),
                  read_user, out);
}

enum err store_user_by_username(struct store *st, struct arena *a,
                                const char *username, struct user *out)
{
    return sq_one(st, a,
                  sq_start(st, &sq_tab_org, STMT_USER_BY_NAME, "t", username),
                  read_user, out);
}

enum err store_user_list(struct store *st, struct arena *a,
                         const char *scope_path, const char *q, int offset,
                         int limit, struct user **out, size_t *n,
                         int64_t *total)
{
    sqlite3_stmt *s;
    void *p = NULL;
    enum err e;

    q = sq_empty_null(q);
    s = sq_start(st, &sq_tab_org, STMT_USER_COUNT, "tt", scope_path, q);
    if ((e = sq_row(st, s)))
        return e;
    *total = sq_int(s, 0);
    sqlite3_reset(s);
    s = sq_start(st, &sq_tab_org, STMT_USER_LIST, "ttii", scope_path, q,
                 (int64_t)limit, (int64_t)offset);
    e = sq_collect(st, a, s, sizeof(**out), read_user, &p, n);
    *out = p;
    return e;
}

enum err store_user_create(struct store *st, const struct actor *who,
                           struct user *u)
{
    struct arena *a;
    enum err e;

    u->created_at = u->updated_at = datetime_now();
    e = sq_done(st,
                sq_start(st, &sq_tab_org, STMT_USER_INSERT, "tttIttii",
                         u->username, u->name, sq_empty_null(u->email),
                         u->home_unit_id, u->lang ? u->lang : "sv",
                         u->password_hash, (int64_t)u->active, u->created_at));
    if (e)
        return e;
    u->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(st, who, "create", "app_user", u->id, NULL,
                    sq_json(a, org_user_json(u)));
    arena_free(a);
    return e;
}

enum err store_user_update(struct store *st, const struct actor *who,
                           const struct user *u)
{
    struct arena *a = arena_new();
    struct user before = {0}, after = {0};
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_user_get(st, a, u->id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_org, STMT_USER_UPDATE, "ittItii",
                             u->id, u->name, sq_empty_null(u->email),
                             u->home_unit_id, u->lang ? u->lang : "sv",
                             (int64_t)u->active, datetime_now()));
    if (e || (e = store_user_get(st, a, u->id, &after)))
        goto out;
    e = store_audit(st, who, "update", "app_user", u->id,
                    sq_json(a, org_user_json(&before)),
                    sq_json(a, org_user_json(&after)));
    /* a deactivated user's sessions end at once */
    if (!e && !after.active)
        e = sq_done(st, sq_start(st, &sq_tab_org, STMT_SESSION_END_OTHERS, "ih",
                                 u->id, (const unsigned char *)NULL));
out:
    arena_free(a);
    return e;
}

enum err store_user_set_password(struct store *st, const struct actor *who,
                                 int64_t user_id, const char *hash,
                                 const unsigned char *keep_session)
{
    enum err e = sq_done(st, sq_start(st, &sq_tab_org, STMT_USER_SET_PW, "iti",
                                      user_id, hash, datetime_now()));

    if (!e && sqlite3_changes(st->db) == 0)
        e = E_NOTFOUND;
    if (!e)
        e = sq_done(st, sq_start(st, &sq_tab_org, STMT_SESSION_END_OTHERS, "ih",
                                 user_id, keep_session));
    if (!e)
        e = store_audit(st, who, "set_password", "app_user", user_id, NULL,
                        NULL);
    return e;
}

/* ---- roles and deputies ---- */

static void read_grant(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct grant *g = elem;

    g->role = role_from_str((const char *)sqlite3_column_text(s, 0));
    g->unit_id = sq_int(s, 1);
    g->unit_path = sq_str(a, s, 2);
    g->unit_code = sq_str(a, s, 3);
    g->unit_name = sq_str(a, s, 4);
    g->deputy_for = sq_int(s, 5);
}

enum err store_grants(struct store *st, struct arena *a, int64_t user_id,
                      const char *date, struct grant **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_org, STMT_GRANTS, "it", user_id, date),
        sizeof(**out), read_grant, &p, n);

    *out = p;
    return e;
}

static void read_role(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct role_row *r = elem;

    r->id = sq_int(s, 0);
    r->user_id = sq_int(s, 1);
    r->unit_id = sq_int(s, 2);
    r->role = role_from_str((const char *)sqlite3_column_text(s, 3));
    r->username = sq_str(a, s, 4);
    r->user_name = sq_str(a, s, 5);
    r->unit_code = sq_str(a, s, 6);
    r->unit_name = sq_str(a, s, 7);
    r->unit_path = sq_str(a, s, 8);
}

enum err store_role_list(struct store *st, struct arena *a, int64_t user_id,
                         const char *scope_path, struct role_row **out,
                         size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        sq_start(st, &sq_tab_org, STMT_ROLE_LIST, "It", user_id, scope_path),
        sizeof(**out), read_role, &p, n);

    *out = p;
    return e;
}

enum err store_role_get(struct store *st, struct arena *a, int64_t id,
                        struct role_row *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_org, STMT_ROLE_GET, "i", id),
                  read_role, out);
}

static char *role_json(struct arena *a, const struct role_row *r)
{
    return sq_json(a, json_pack("{sI sI ss ss ss}", "user_id",
                                (json_int_t)r->user_id, "unit_id",
                                (json_int_t)r->unit_id, "role",
                                role_str(r->role), "username", r->username,
                                "unit_code", r->unit_code));
}

enum err store_role_add(struct store *st, const struct actor *who,
                        int64_t user_id, enum role role, int64_t unit_id,
                        int64_t *id)
{
    struct arena *a;
    struct role_row r;
    enum err e;

    e = sq_done(st, sq_start(st, &sq_tab_org, STMT_ROLE_INSERT, "itii", user_id,
                             role_str(role), unit_id, datetime_now()));
    if (e)
        return e;
    *id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    if (!(e = store_role_get(st, a, *id, &r)))
        e = store_audit(st, who, "create", "role_assignment", *id, NULL,
                        role_json(a, &r));
    arena_free(a);
    return e;
}

enum err store_role_remove(struct store *st, const struct actor *who,
                           int64_t id)
{
    struct arena *a = arena_new();
    struct role_row r;
    enum err e;

    if (!a)
        return E_NOMEM;
    if (!(e = store_role_get(st, a, id, &r)) &&
        !(e = sq_done(st,
                      sq_start(st, &sq_tab_org, STMT_ROLE_DELETE, "i", id))))
        e = store_audit(st, who, "delete", "role_assignment", id,
                        role_json(a, &r), NULL);
    arena_free(a);
    return e;
}

static void read_deputy(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct deputy_row *d = elem;

    d->id = sq_int(s, 0);
    d->absent_user_id = sq_int(s, 1);
    d->deputy_user_id = sq_int(s, 2);
    d->absent_name = sq_str(a, s, 3);
    d->deputy_name = sq_str(a, s, 4);
    d->valid_from = sq_str(a, s, 5);
    d->valid_to = sq_str(a, s, 6);
    d->note = sq_str(a, s, 7);
}

enum err store_deputy_list(struct store *st, struct arena *a, int64_t user_id,
                           struct deputy_row **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_org, STMT_DEPUTY_LIST, "I", user_id),
        sizeof(**out), read_deputy, &p, n);

    *out = p;
    return e;
}

enum err store_deputy_get(struct store *st, struct arena *a, int64_t id,
                          struct deputy_row *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_org, STMT_DEPUTY_GET, "i", id),
                  read_deputy, out);
}

static char *deputy_json(struct arena *a, const struct deputy_row *d)
{
    return sq_json(a, json_pack("{sI sI ss ss so}", "absent_user_id",
                                (json_int_t)d->absent_user_id, "deputy_user_id",
                                (json_int_t)d->deputy_user_id, "valid_from",
                                d->valid_from, "valid_to", d->valid_to, "note",
                                d->note ? json_string(d->note) : json_null()));
}

enum err store_deputy_add(struct store *st, const struct actor *who,
                          struct deputy_row *d)
{
    struct arena *a;
    enum err e;

    e = sq_done(st,
                sq_start(st, &sq_tab_org, STMT_DEPUTY_INSERT, "iitttI",
                         d->absent_user_id, d->deputy_user_id, d->valid_from,
                         d->valid_to, sq_empty_null(d->note), datetime_now()));
    if (e)
        return e;
    d->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(st, who, "create", "deputy", d->id, NULL,
                    deputy_json(a, d));
    arena_free(a);
    return e;
}

enum err store_deputy_remove(struct store *st, const struct actor *who,
                             int64_t id)
{
    struct arena *a = arena_new();
    struct deputy_row d;
    enum err e;

    if (!a)
        return E_NOMEM;
    if (!(e = store_deputy_get(st, a, id, &d)) &&
        !(e = sq_done(st,
                      sq_start(st, &sq_tab_org, STMT_DEPUTY_DELETE, "i", id))))
        e = store_audit(st, who, "delete", "deputy", id, deputy_json(a, &d),
                        NULL);
    arena_free(a);
    return e;
}
