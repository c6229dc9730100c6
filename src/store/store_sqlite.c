/* store_sqlite.c: the SQLite backend of store.h: connection setup,
 * migrations, the statement table, and the record functions. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "core/audit.h"
#include "datetime.h"
#include "store.h"

enum stmt {
    STMT_BEGIN_WRITE,
    STMT_BEGIN_READ,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_AUDIT_LAST,
    STMT_AUDIT_INSERT,
    STMT_AUDIT_ALL,
    STMT_AUDIT_LIST,
    STMT_IS_EMPTY,
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
    STMT_SESSION_INSERT,
    STMT_SESSION_GET,
    STMT_SESSION_TOUCH,
    STMT_SESSION_DELETE,
    STMT_SESSION_EXPIRE,
    STMT_TOKEN_INSERT,
    STMT_TOKEN_USER,
    STMT_FAIL_COUNT,
    STMT_FAIL_INSERT,
    STMT_FAIL_CLEAR,
    STMT__MAX
};

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

static const char *const sqlite_stmts[STMT__MAX] = {
    [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [STMT_BEGIN_READ] = "BEGIN",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_AUDIT_LAST] = "SELECT id, hash FROM audit_log ORDER BY id DESC "
                        "LIMIT 1",
    [STMT_AUDIT_INSERT] =
        "INSERT INTO audit_log (id, at, actor_id, actor, action, entity, "
        "entity_id, before, after, prev_hash, hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [STMT_AUDIT_ALL] =
        "SELECT id, at, coalesce(actor_id, 0), actor, action, entity, "
        "coalesce(entity_id, 0), before, after, prev_hash, hash "
        "FROM audit_log ORDER BY id",
    [STMT_AUDIT_LIST] =
        "SELECT id, at, coalesce(actor_id, 0), actor, action, entity, "
        "coalesce(entity_id, 0), before, after, prev_hash, hash "
        "FROM audit_log WHERE (?1 IS NULL OR entity = ?1) "
        "AND (?2 IS NULL OR entity_id = ?2) AND (?3 IS NULL OR id < ?3) "
        "ORDER BY id DESC LIMIT ?4",
    [STMT_IS_EMPTY] = "SELECT (SELECT count(*) FROM org_unit) + "
                      "(SELECT count(*) FROM app_user)",
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
    [STMT_SESSION_INSERT] =
        "INSERT INTO session (token_hash, user_id, csrf, created_at, "
        "last_seen, ip) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
    [STMT_SESSION_GET] = "SELECT s.user_id, s.created_at, s.last_seen, "
                         "s.csrf FROM session s JOIN app_user au ON "
                         "au.id = s.user_id WHERE s.token_hash = ?1 AND "
                         "au.active = 1",
    [STMT_SESSION_TOUCH] = "UPDATE session SET last_seen = ?2 WHERE "
                           "token_hash = ?1",
    [STMT_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [STMT_SESSION_EXPIRE] = "DELETE FROM session WHERE last_seen < ?1 OR "
                            "created_at < ?2",
    [STMT_TOKEN_INSERT] = "INSERT INTO api_token (token_hash, user_id, "
                          "created_at) VALUES (?1, ?2, ?3)",
    [STMT_TOKEN_USER] =
        "SELECT t.user_id FROM api_token t JOIN app_user au ON au.id = "
        "t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND "
        "au.active = 1",
    [STMT_FAIL_COUNT] =
        "SELECT (SELECT count(*) FROM login_failure WHERE username = ?1 AND "
        "at >= ?3), (SELECT count(*) FROM login_failure WHERE ip = ?2 AND "
        "at >= ?3)",
    [STMT_FAIL_INSERT] = "INSERT INTO login_failure (username, ip, at) "
                         "VALUES (?1, ?2, ?3)",
    [STMT_FAIL_CLEAR] = "DELETE FROM login_failure WHERE username = ?1",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *stmt[STMT__MAX];
    char errmsg[256];
};

/* ---- low-level helpers ---- */

static enum err fail(struct store *st, int rc)
{
    snprintf(st->errmsg, sizeof(st->errmsg), "%s",
             st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) {
        int ext = sqlite3_extended_errcode(st->db);

        if (ext == SQLITE_CONSTRAINT_UNIQUE ||
            ext == SQLITE_CONSTRAINT_PRIMARYKEY)
            return E_CONFLICT;
        if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
            return E_NOTFOUND;
        return E_INVAL;
    }
    if (rc == SQLITE_NOMEM)
        return E_NOMEM;
    return E_DB;
}

/* bind binds arguments by position. fmt letters: i = int64, I = int64 or
 * NULL when 0, t = text or NULL, h = 32-byte hash blob or NULL. */
static int bindv(sqlite3_stmt *s, const char *fmt, va_list ap)
{
    int i, rc = SQLITE_OK;

    for (i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
        switch (*fmt) {
        case 'i':
            rc = sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
            break;
        case 'I': {
            int64_t v = va_arg(ap, int64_t);

            rc = v ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
            break;
        }
        case 't': {
            const char *v = va_arg(ap, const char *);

            rc = v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC)
                   : sqlite3_bind_null(s, i);
            break;
        }
        case 'h': {
            const unsigned char *v = va_arg(ap, const unsigned char *);

            rc = v ? sqlite3_bind_blob(s, i, v, AUTH_HASH_BYTES, SQLITE_STATIC)
                   : sqlite3_bind_null(s, i);
            break;
        }
        default:
            abort(); /* a programming error in this file */
        }
    }
    return rc;
}

/* start resets statement k, binds the arguments and returns it, or NULL
 * with st->errmsg set. */
static sqlite3_stmt *start(struct store *st, enum stmt k, const char *fmt, ...)
{
    sqlite3_stmt *s = st->stmt[k];
    va_list ap;
    int rc;

    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    va_start(ap, fmt);
    rc = bindv(s, fmt, ap);
    va_end(ap);
    if (rc != SQLITE_OK) {
        fail(st, rc);
        return NULL;
    }
    return s;
}

/* done steps a statement that returns no rows. */
static enum err done(struct store *st, sqlite3_stmt *s)
{
    int rc;

    if (!s)
        return E_DB;
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? E_OK : fail(st, rc);
}

/* row steps once: E_OK with a row, E_NOTFOUND at the end. */
static enum err row(struct store *st, sqlite3_stmt *s)
{
    int rc;

    if (!s)
        return E_DB;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return E_OK;
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? E_NOTFOUND : fail(st, rc);
}

static const char *col_str(struct arena *a, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);

    return t ? arena_strndup(a, (const char *)t,
                             (size_t)sqlite3_column_bytes(s, i))
             : NULL;
}

static int64_t col_int(sqlite3_stmt *s, int i)
{
    return sqlite3_column_int64(s, i);
}

/* grow doubles *cap for an arena array of element size sz. */
static void *grow(struct arena *a, void *old, size_t *cap, size_t n, size_t sz)
{
    void *p;

    if (n < *cap)
        return old;
    *cap = *cap ? *cap * 2 : 16;
    p = arena_alloc(a, *cap * sz);
    if (p && n)
        memcpy(p, old, n * sz);
    return p;
}

static int64_t now(void)
{
    return datetime_now();
}

/* ---- connection, migrations, transactions ---- */

const char *store_errmsg(const struct store *st)
{
    return st->errmsg;
}

static int migration_version(const char *path)
{
    /* "schema/001_foundation.sql" -> 1 */
    const char *p = path + strlen("schema/");
    int v = 0;

    for (; *p >= '0' && *p <= '9'; p++)
        v = v * 10 + (*p - '0');
    return v;
}

static int latest_version(void)
{
    const struct asset *a;
    int v = 0;

    for (a = assets; a->path; a++)
        if (strncmp(a->path, "schema/", 7) == 0 &&
            migration_version(a->path) > v)
            v = migration_version(a->path);
    return v;
}

static enum err exec_sql(struct store *st, const char *sql)
{
    char *msg = NULL;

    /* Only migrations and fixed pragmas come here: constant SQL text. */
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(st->errmsg, sizeof(st->errmsg), "%s",
                 msg ? msg : "unknown error");
        sqlite3_free(msg);
        return E_DB;
    }
    return E_OK;
}

static enum err applied_version(struct store *st, int *v)
{
    sqlite3_stmt *s;
    int rc;

    if (exec_sql(st, "CREATE TABLE IF NOT EXISTS schema_version ("
                     "version INTEGER PRIMARY KEY, applied_at INTEGER "
                     "NOT NULL) STRICT"))
        return E_DB;
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT coalesce(max(version), 0) "
                            "FROM schema_version",
                            -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return *v < 0 ? fail(st, rc) : E_OK;
}

/* migrate applies every embedded migration newer than the database in one
 * transaction, recording each version. */
static enum err migrate(struct store *st)
{
    const struct asset *a;
    sqlite3_stmt *s = NULL;
    enum err e;
    int have;

    if ((e = exec_sql(st, "BEGIN IMMEDIATE")))
        return e;
    if ((e = applied_version(st, &have)))
        goto out;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO schema_version VALUES (?1, ?2)",
                           -1, &s, NULL) != SQLITE_OK) {
        e = fail(st, sqlite3_errcode(st->db));
        goto out;
    }
    /* assets[] is sorted by path, so migrations run in number order */
    for (a = assets; a->path; a++) {
        int v;

        if (strncmp(a->path, "schema/", 7) != 0)
            continue;
        v = migration_version(a->path);
        if (v <= have)
            continue;
        if ((e = exec_sql(st, (const char *)a->data)))
            goto out;
        sqlite3_reset(s);
        sqlite3_bind_int(s, 1, v);
        sqlite3_bind_int64(s, 2, now());
        if (sqlite3_step(s) != SQLITE_DONE) {
            e = fail(st, sqlite3_errcode(st->db));
            goto out;
        }
    }
    e = exec_sql(st, "COMMIT");
out:
    sqlite3_finalize(s);
    if (e)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return e;
}

enum err store_open(const char *path, int create, int do_migrate,
                    struct store **out)
{
    struct store *st = calloc(1, sizeof(*st));
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (create ? SQLITE_OPEN_CREATE : 0);
    enum err e;
    int rc, k, have;

    *out = st;
    if (!st)
        return E_NOMEM;
    rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK) {
        e = rc == SQLITE_CANTOPEN ? E_NOTFOUND : fail(st, rc);
        snprintf(st->errmsg, sizeof(st->errmsg), "cannot open %s: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
        return e;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    if ((e = exec_sql(st, "PRAGMA journal_mode = WAL; "
                          "PRAGMA synchronous = FULL; "
                          "PRAGMA foreign_keys = ON; "
                          "PRAGMA temp_store = MEMORY")))
        return e;
    if (do_migrate && (e = migrate(st)))
        return e;
    if ((e = applied_version(st, &have)))
        return e;
    if (have != latest_version()) {
        snprintf(st->errmsg, sizeof(st->errmsg),
                 have < latest_version()
                     ? "the database schema is version %d but this ska "
                       "needs %d; run 'ska init' to migrate it"
                     : "the database schema is version %d, newer than "
                       "this ska (%d); use a newer ska",
                 have, latest_version());
        return E_CONFLICT;
    }
    for (k = 0; k < STMT__MAX; k++) {
        rc = sqlite3_prepare_v3(st->db, sqlite_stmts[k], -1,
                                SQLITE_PREPARE_PERSISTENT, &st->stmt[k], NULL);
        if (rc != SQLITE_OK) {
            e = fail(st, rc);
            snprintf(st->errmsg, sizeof(st->errmsg),
                     "statement %d does not prepare: %s", k,
                     sqlite3_errmsg(st->db));
            return e;
        }
    }
    return E_OK;
}

void store_close(struct store *st)
{
    int k;

    if (!st)
        return;
    for (k = 0; k < STMT__MAX; k++)
        sqlite3_finalize(st->stmt[k]);
    sqlite3_close(st->db);
    free(st);
}

enum err store_schema_version(struct store *st, int *applied, int *latest)
{
    *latest = latest_version();
    return applied_version(st, applied);
}

enum err store_begin(struct store *st)
{
    return done(st, start(st, STMT_BEGIN_WRITE, ""));
}

enum err store_commit(struct store *st)
{
    return done(st, start(st, STMT_COMMIT, ""));
}

enum err store_read_begin(struct store *st)
{
    return done(st, start(st, STMT_BEGIN_READ, ""));
}

void store_read_end(struct store *st)
{
    /* commit keeps a housekeeping write such as removing an expired
     * session; a failed commit rolls back */
    if (store_commit(st))
        store_rollback(st);
}

void store_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        done(st, start(st, STMT_ROLLBACK, ""));
}

static enum err check_pragma(struct store *st, const char *sql, struct buf *msg,
                             int ok_is_row_ok)
{
    sqlite3_stmt *s;
    int rc, bad = 0;

    rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return fail(st, rc);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(s, 0);

        if (ok_is_row_ok && t && strcmp(t, "ok") == 0)
            continue;
        bad = 1;
        buf_addf(msg, "%s:", sql);
        for (int i = 0; i < sqlite3_column_count(s); i++) {
            t = (const char *)sqlite3_column_text(s, i);
            buf_addf(msg, " %s", t ? t : "NULL");
        }
        buf_addc(msg, '\n');
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return fail(st, rc);
    return bad ? E_DB : E_OK;
}

enum err store_integrity(struct store *st, struct buf *msg)
{
    enum err e1 = check_pragma(st, "PRAGMA integrity_check", msg, 1);
    enum err e2 = check_pragma(st, "PRAGMA foreign_key_check", msg, 0);

    return e1 ? e1 : e2;
}

enum err store_backup(struct store *st, const char *path)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *bk;
    enum err e = E_OK;
    int rc;

    rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                         NULL);
    if (rc != SQLITE_OK) {
        snprintf(st->errmsg, sizeof(st->errmsg), "cannot create %s: %s", path,
                 dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
        sqlite3_close(dst);
        return E_IO;
    }
    bk = sqlite3_backup_init(dst, "main", st->db, "main");
    if (!bk) {
        snprintf(st->errmsg, sizeof(st->errmsg), "backup failed: %s",
                 sqlite3_errmsg(dst));
        sqlite3_close(dst);
        return E_IO;
    }
    /* copy in steps so a running server's writers are not starved */
    do {
        rc = sqlite3_backup_step(bk, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(bk);
    if (rc != SQLITE_DONE) {
        snprintf(st->errmsg, sizeof(st->errmsg), "backup failed: %s",
                 sqlite3_errstr(rc));
        e = E_IO;
    } else if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
                            NULL) != SQLITE_OK) {
        e = E_IO;
    }
    if (sqlite3_close(dst) != SQLITE_OK && !e)
        e = E_IO;
    return e;
}

enum err store_is_empty(struct store *st, int *empty)
{
    sqlite3_stmt *s = start(st, STMT_IS_EMPTY, "");
    enum err e = row(st, s);

    if (!e) {
        *empty = col_int(s, 0) == 0;
        sqlite3_reset(s);
    }
    return e;
}

/* ---- pool ---- */

struct store_pool {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct store **free;
    int nfree, n;
};

struct store_pool *store_pool_new(const char *path, int n)
{
    struct store_pool *p = calloc(1, sizeof(*p));
    int i;

    if (!p || !(p->free = calloc((size_t)n, sizeof(*p->free)))) {
        free(p);
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    for (i = 0; i < n; i++) {
        struct store *st;

        if (store_open(path, 0, 0, &st)) {
            fprintf(stderr, "ska: %s\n", st ? st->errmsg : "out of memory");
            store_close(st);
            p->n = p->nfree;
            store_pool_free(p);
            return NULL;
        }
        p->free[p->nfree++] = st;
    }
    p->n = n;
    return p;
}

struct store *store_pool_get(struct store_pool *p)
{
    struct store *st;

    pthread_mutex_lock(&p->mu);
    while (p->nfree == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    st = p->free[--p->nfree];
    pthread_mutex_unlock(&p->mu);
    return st;
}

void store_pool_put(struct store_pool *p, struct store *st)
{
    store_rollback(st); /* never hand on an open transaction */
    pthread_mutex_lock(&p->mu);
    p->free[p->nfree++] = st;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

void store_pool_free(struct store_pool *p)
{
    int i;

    if (!p)
        return;
    for (i = 0; i < p->nfree; i++)
        store_close(p->free[i]);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->free);
    free(p);
}

/* ---- audit log ---- */

enum err store_audit(struct store *st, const struct actor *who,
                     const char *action, const char *entity, int64_t entity_id,
                     const char *before, const char *after)
{
    struct audit_entry en = {0};
    char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, hash[AUDIT_HASH_HEX];
    sqlite3_stmt *s = start(st, STMT_AUDIT_LAST, "");
    enum err e = row(st, s);

    if (e == E_OK) {
        en.id = col_int(s, 0) + 1;
        snprintf(prev, sizeof(prev), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        sqlite3_reset(s);
    } else if (e == E_NOTFOUND) {
        en.id = 1;
    } else {
        return e;
    }
    en.at = now();
    en.actor_id = who->user_id;
    en.actor = who->name;
    en.action = action;
    en.entity = entity;
    en.entity_id = entity_id;
    en.before = before;
    en.after = after;
    en.prev_hash = prev;
    audit_hash(&en, hash);
    s = start(st, STMT_AUDIT_INSERT, "iiItttItttt", en.id, en.at, en.actor_id,
              en.actor, action, entity, entity_id, before, after, prev, hash);
    return done(st, s);
}

static void read_audit(struct arena *a, sqlite3_stmt *s, struct audit_row *r)
{
    r->id = col_int(s, 0);
    r->at = col_int(s, 1);
    r->actor_id = col_int(s, 2);
    r->actor = col_str(a, s, 3);
    r->action = col_str(a, s, 4);
    r->entity = col_str(a, s, 5);
    r->entity_id = col_int(s, 6);
    r->before = col_str(a, s, 7);
    r->after = col_str(a, s, 8);
    r->hash = col_str(a, s, 10);
}

enum err store_audit_verify(struct store *st, int64_t *n, int64_t *bad_id)
{
    char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, h[AUDIT_HASH_HEX];
    sqlite3_stmt *s = start(st, STMT_AUDIT_ALL, "");
    int64_t expect_id = 1;
    enum err e;

    *n = 0;
    *bad_id = 0;
    while ((e = row(st, s)) == E_OK) {
        struct audit_entry en = {
            .id = col_int(s, 0),
            .at = col_int(s, 1),
            .actor_id = col_int(s, 2),
            .actor = (const char *)sqlite3_column_text(s, 3),
            .action = (const char *)sqlite3_column_text(s, 4),
            .entity = (const char *)sqlite3_column_text(s, 5),
            .entity_id = col_int(s, 6),
            .before = (const char *)sqlite3_column_text(s, 7),
            .after = (const char *)sqlite3_column_text(s, 8),
            .prev_hash = (const char *)sqlite3_column_text(s, 9),
        };
        const char *stored = (const char *)sqlite3_column_text(s, 10);

        audit_hash(&en, h);
        /* a gap in ids, a prev_hash not equal to the previous entry's hash
         * or a changed entry all break the chain */
        if (en.id != expect_id || !en.prev_hash ||
            strcmp(en.prev_hash, prev) != 0 || !stored ||
            strcmp(stored, h) != 0) {
            *bad_id = en.id;
            sqlite3_reset(s);
            return E_OK;
        }
        snprintf(prev, sizeof(prev), "%s", h);
        expect_id++;
        (*n)++;
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_audit_list(struct store *st, struct arena *a, const char *entity,
                          int64_t entity_id, int64_t before_id, int limit,
                          struct audit_row **out, size_t *n)
{
    sqlite3_stmt *s = start(st, STMT_AUDIT_LIST, "tIIi", entity, entity_id,
                            before_id, (int64_t)limit);
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read_audit(a, s, &(*out)[(*n)++]);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

/* audit_json serialises a JSON object for the log and frees it. */
static char *audit_json(struct arena *a, json_t *j)
{
    char *s, *r;

    if (!j)
        return NULL;
    s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    if (!s)
        return NULL;
    r = arena_strdup(a, s);
    free(s);
    return r;
}

/* ---- units ---- */

static void read_unit(struct arena *a, sqlite3_stmt *s, struct unit *u)
{
    u->id = col_int(s, 0);
    u->parent_id = col_int(s, 1);
    u->provider_id = col_int(s, 2);
    u->code = col_str(a, s, 3);
    u->name = col_str(a, s, 4);
    u->kind = col_str(a, s, 5);
    u->hsa_id = col_str(a, s, 6);
    u->org_nr = col_str(a, s, 7);
    u->path = col_str(a, s, 8);
    u->active = (int)col_int(s, 9);
    u->created_at = col_int(s, 10);
    u->updated_at = col_int(s, 11);
}

static enum err one_unit(struct store *st, struct arena *a, sqlite3_stmt *s,
                         struct unit *out)
{
    enum err e = row(st, s);

    if (!e) {
        read_unit(a, s, out);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_unit_get(struct store *st, struct arena *a, int64_t id,
                        struct unit *out)
{
    return one_unit(st, a, start(st, STMT_UNIT_GET, "i", id), out);
}

enum err store_unit_by_code(struct store *st, struct arena *a, const char *code,
                            struct unit *out)
{
    return one_unit(st, a, start(st, STMT_UNIT_BY_CODE, "t", code), out);
}

enum err store_unit_list(struct store *st, struct arena *a, struct unit **out,
                         size_t *n)
{
    sqlite3_stmt *s = start(st, STMT_UNIT_LIST, "");
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read_unit(a, s, &(*out)[(*n)++]);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

static const char *empty_null(const char *s)
{
    return s && *s ? s : NULL;
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
    u->created_at = u->updated_at = now();
    e = done(st, start(st, STMT_UNIT_INSERT, "IIttttttii", u->parent_id,
                       u->provider_id, u->code, u->name, u->kind,
                       empty_null(u->hsa_id), empty_null(u->org_nr),
                       /* temporary unique path until the id is known */
                       arena_printf(a, "tmp:%s", u->code), (int64_t)u->active,
                       u->created_at));
    if (e)
        goto out;
    u->id = sqlite3_last_insert_rowid(st->db);
    if (!u->parent_id)
        u->provider_id = u->id;
    path = arena_printf(a, "%s%lld/", u->parent_id ? parent.path : "/",
                        (long long)u->id);
    if ((e = done(st, start(st, STMT_UNIT_SET_PATH, "it", u->id, path))))
        goto out;
    if (!(e = store_unit_get(st, a, u->id, &parent)))
        e = store_audit(st, who, "create", "org_unit", u->id, NULL,
                        audit_json(a, org_unit_json(&parent)));
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
    e = done(st, start(st, STMT_UNIT_UPDATE, "itttttii", u->id, u->code,
                       u->name, u->kind, empty_null(u->hsa_id),
                       empty_null(u->org_nr), (int64_t)u->active, now()));
    if (e || (e = store_unit_get(st, a, u->id, &after)))
        goto out;
    e = store_audit(st, who, "update", "org_unit", u->id,
                    audit_json(a, org_unit_json(&before)),
                    audit_json(a, org_unit_json(&after)));
out:
    arena_free(a);
    return e;
}

/* ---- users ---- */

static void read_user(struct arena *a, sqlite3_stmt *s, struct user *u)
{
    u->id = col_int(s, 0);
    u->home_unit_id = col_int(s, 1);
    u->username = col_str(a, s, 2);
    u->name = col_str(a, s, 3);
    u->email = col_str(a, s, 4);
    u->lang = col_str(a, s, 5);
    u->password_hash = col_str(a, s, 6);
    u->active = (int)col_int(s, 7);
    u->created_at = col_int(s, 8);
    u->updated_at = col_int(s, 9);
}

static enum err one_user(struct store *st, struct arena *a, sqlite3_stmt *s,
                         struct user *out)
{
    enum err e = row(st, s);

    if (!e) {
        read_user(a, s, out);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_user_get(struct store *st, struct arena *a, int64_t id,
                        struct user *out)
{
    return one_user(st, a, start(st, STMT_USER_GET, "i", id), out);
}

enum err store_user_by_username(struct store *st, struct arena *a,
                                const char *username, struct user *out)
{
    return one_user(st, a, start(st, STMT_USER_BY_NAME, "t", username), out);
}

enum err store_user_list(struct store *st, struct arena *a,
                         const char *scope_path, const char *q, int offset,
                         int limit, struct user **out, size_t *n,
                         int64_t *total)
{
    sqlite3_stmt *s;
    size_t cap = 0;
    enum err e;

    q = empty_null(q);
    s = start(st, STMT_USER_COUNT, "tt", scope_path, q);
    if ((e = row(st, s)))
        return e;
    *total = col_int(s, 0);
    sqlite3_reset(s);
    s = start(st, STMT_USER_LIST, "ttii", scope_path, q, (int64_t)limit,
              (int64_t)offset);
    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read_user(a, s, &(*out)[(*n)++]);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_user_create(struct store *st, const struct actor *who,
                           struct user *u)
{
    struct arena *a;
    enum err e;

    u->created_at = u->updated_at = now();
    e = done(st, start(st, STMT_USER_INSERT, "tttIttii", u->username, u->name,
                       empty_null(u->email), u->home_unit_id,
                       u->lang ? u->lang : "sv", u->password_hash,
                       (int64_t)u->active, u->created_at));
    if (e)
        return e;
    u->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(st, who, "create", "app_user", u->id, NULL,
                    audit_json(a, org_user_json(u)));
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
    e = done(st, start(st, STMT_USER_UPDATE, "ittItii", u->id, u->name,
                       empty_null(u->email), u->home_unit_id,
                       u->lang ? u->lang : "sv", (int64_t)u->active, now()));
    if (e || (e = store_user_get(st, a, u->id, &after)))
        goto out;
    e = store_audit(st, who, "update", "app_user", u->id,
                    audit_json(a, org_user_json(&before)),
                    audit_json(a, org_user_json(&after)));
    /* a deactivated user's sessions end at once */
    if (!e && !after.active)
        e = done(st, start(st, STMT_SESSION_END_OTHERS, "ih", u->id,
                           (const unsigned char *)NULL));
out:
    arena_free(a);
    return e;
}

enum err store_user_set_password(struct store *st, const struct actor *who,
                                 int64_t user_id, const char *hash,
                                 const unsigned char *keep_session)
{
    enum err e =
        done(st, start(st, STMT_USER_SET_PW, "iti", user_id, hash, now()));

    if (!e && sqlite3_changes(st->db) == 0)
        e = E_NOTFOUND;
    if (!e)
        e = done(st, start(st, STMT_SESSION_END_OTHERS, "ih", user_id,
                           keep_session));
    if (!e)
        e = store_audit(st, who, "set_password", "app_user", user_id, NULL,
                        NULL);
    return e;
}

/* ---- roles and deputies ---- */

enum err store_grants(struct store *st, struct arena *a, int64_t user_id,
                      const char *date, struct grant **out, size_t *n)
{
    sqlite3_stmt *s = start(st, STMT_GRANTS, "it", user_id, date);
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        struct grant *g;

        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        g = &(*out)[(*n)++];
        g->role = role_from_str((const char *)sqlite3_column_text(s, 0));
        g->unit_id = col_int(s, 1);
        g->unit_path = col_str(a, s, 2);
        g->unit_code = col_str(a, s, 3);
        g->unit_name = col_str(a, s, 4);
        g->deputy_for = col_int(s, 5);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

static void read_role(struct arena *a, sqlite3_stmt *s, struct role_row *r)
{
    r->id = col_int(s, 0);
    r->user_id = col_int(s, 1);
    r->unit_id = col_int(s, 2);
    r->role = role_from_str((const char *)sqlite3_column_text(s, 3));
    r->username = col_str(a, s, 4);
    r->user_name = col_str(a, s, 5);
    r->unit_code = col_str(a, s, 6);
    r->unit_name = col_str(a, s, 7);
    r->unit_path = col_str(a, s, 8);
}

enum err store_role_list(struct store *st, struct arena *a, int64_t user_id,
                         const char *scope_path, struct role_row **out,
                         size_t *n)
{
    sqlite3_stmt *s = start(st, STMT_ROLE_LIST, "It", user_id, scope_path);
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read_role(a, s, &(*out)[(*n)++]);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_role_get(struct store *st, struct arena *a, int64_t id,
                        struct role_row *out)
{
    sqlite3_stmt *s = start(st, STMT_ROLE_GET, "i", id);
    enum err e = row(st, s);

    if (!e) {
        read_role(a, s, out);
        sqlite3_reset(s);
    }
    return e;
}

static char *role_json(struct arena *a, const struct role_row *r)
{
    return audit_json(a, json_pack("{sI sI ss ss ss}", "user_id",
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

    e = done(st, start(st, STMT_ROLE_INSERT, "itii", user_id, role_str(role),
                       unit_id, now()));
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
        !(e = done(st, start(st, STMT_ROLE_DELETE, "i", id))))
        e = store_audit(st, who, "delete", "role_assignment", id,
                        role_json(a, &r), NULL);
    arena_free(a);
    return e;
}

static void read_deputy(struct arena *a, sqlite3_stmt *s, struct deputy_row *d)
{
    d->id = col_int(s, 0);
    d->absent_user_id = col_int(s, 1);
    d->deputy_user_id = col_int(s, 2);
    d->absent_name = col_str(a, s, 3);
    d->deputy_name = col_str(a, s, 4);
    d->valid_from = col_str(a, s, 5);
    d->valid_to = col_str(a, s, 6);
    d->note = col_str(a, s, 7);
}

enum err store_deputy_list(struct store *st, struct arena *a, int64_t user_id,
                           struct deputy_row **out, size_t *n)
{
    sqlite3_stmt *s = start(st, STMT_DEPUTY_LIST, "I", user_id);
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = row(st, s)) == E_OK) {
        if (!(*out = grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read_deputy(a, s, &(*out)[(*n)++]);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_deputy_get(struct store *st, struct arena *a, int64_t id,
                          struct deputy_row *out)
{
    sqlite3_stmt *s = start(st, STMT_DEPUTY_GET, "i", id);
    enum err e = row(st, s);

    if (!e) {
        read_deputy(a, s, out);
        sqlite3_reset(s);
    }
    return e;
}

static char *deputy_json(struct arena *a, const struct deputy_row *d)
{
    return audit_json(a,
                      json_pack("{sI sI ss ss so}", "absent_user_id",
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

    e = done(st, start(st, STMT_DEPUTY_INSERT, "iitttI", d->absent_user_id,
                       d->deputy_user_id, d->valid_from, d->valid_to,
                       empty_null(d->note), now()));
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
        !(e = done(st, start(st, STMT_DEPUTY_DELETE, "i", id))))
        e = store_audit(st, who, "delete", "deputy", id, deputy_json(a, &d),
                        NULL);
    arena_free(a);
    return e;
}

/* ---- sessions, tokens, throttling ---- */

enum err store_session_create(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES],
                              int64_t user_id, const char *csrf, const char *ip,
                              int64_t t)
{
    return done(st, start(st, STMT_SESSION_INSERT, "hitit", hash, user_id, csrf,
                          t, ip));
}

enum err store_session_get(struct store *st, struct arena *a,
                           const unsigned char hash[AUTH_HASH_BYTES],
                           struct session *out)
{
    sqlite3_stmt *s = start(st, STMT_SESSION_GET, "h", hash);
    enum err e = row(st, s);

    if (!e) {
        out->user_id = col_int(s, 0);
        out->created_at = col_int(s, 1);
        out->last_seen = col_int(s, 2);
        out->csrf = col_str(a, s, 3);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_session_touch(struct store *st,
                             const unsigned char hash[AUTH_HASH_BYTES],
                             int64_t t)
{
    return done(st, start(st, STMT_SESSION_TOUCH, "hi", hash, t));
}

enum err store_session_delete(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES])
{
    return done(st, start(st, STMT_SESSION_DELETE, "h", hash));
}

enum err store_session_expire(struct store *st, int64_t idle_before,
                              int64_t created_before)
{
    return done(
        st, start(st, STMT_SESSION_EXPIRE, "ii", idle_before, created_before));
}

enum err store_token_create(struct store *st, const struct actor *who,
                            const unsigned char hash[AUTH_HASH_BYTES],
                            int64_t user_id, int64_t t)
{
    enum err e =
        done(st, start(st, STMT_TOKEN_INSERT, "hii", hash, user_id, t));

    if (!e)
        e = store_audit(st, who, "create", "api_token",
                        sqlite3_last_insert_rowid(st->db), NULL, NULL);
    return e;
}

enum err store_token_user(struct store *st,
                          const unsigned char hash[AUTH_HASH_BYTES],
                          int64_t *user_id)
{
    sqlite3_stmt *s = start(st, STMT_TOKEN_USER, "h", hash);
    enum err e = row(st, s);

    if (!e) {
        *user_id = col_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_login_failures(struct store *st, const char *username,
                              const char *ip, int64_t since, long *n_user,
                              long *n_ip)
{
    sqlite3_stmt *s = start(st, STMT_FAIL_COUNT, "tti", username, ip, since);
    enum err e = row(st, s);

    if (!e) {
        *n_user = (long)col_int(s, 0);
        *n_ip = (long)col_int(s, 1);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_login_failure_add(struct store *st, const char *username,
                                 const char *ip, int64_t t)
{
    return done(st, start(st, STMT_FAIL_INSERT, "tti", username, ip, t));
}

enum err store_login_failure_clear(struct store *st, const char *username)
{
    return done(st, start(st, STMT_FAIL_CLEAR, "t", username));
}
