/* store_sqlite.c: the SQLite backend of store.h: connection setup,
 * migrations, transactions, the connection pool, the audit log, and the
 * statement helpers of sqlite_int.h. Records live in store_org.c and
 * store_session.c. */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "core/audit.h"
#include "datetime.h"
#include "sqlite_int.h"

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
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
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
};

const struct sq_table sq_tab_core = {SQ_CORE, stmts, STMT__MAX};

/* One module a line, so that branches adding modules merge. */
/* clang-format off */
static const struct sq_table *const all_tables[SQ__MAX] = {
    [SQ_CORE] = &sq_tab_core,
    [SQ_ORG] = &sq_tab_org,
    [SQ_SESSION] = &sq_tab_session,
    [SQ_INDICATOR] = &sq_tab_indicator,
    [SQ_IND_VALUE] = &sq_tab_ind_value,
    [SQ_ROLLUP] = &sq_tab_ind_rollup,
    [SQ_IND_PHASE] = &sq_tab_ind_phase,
    [SQ_CASE] = &sq_tab_case,
    [SQ_CASELIST] = &sq_tab_case_list,
    [SQ_CASESTAT] = &sq_tab_case_stats,
    [SQ_CASECLOCK] = &sq_tab_case_clock,
    [SQ_CASECAT] = &sq_tab_case_cat,
    [SQ_ACTION] = &sq_tab_action,
    [SQ_NOTIFY] = &sq_tab_notify,
    [SQ_ATTACH] = &sq_tab_attach,
    [SQ_REMIND] = &sq_tab_remind,
    [SQ_RISK] = &sq_tab_risk,
    [SQ_TAXONOMY] = &sq_tab_taxonomy,
    [SQ_PROCESS] = &sq_tab_process,
    [SQ_DOCUMENT] = &sq_tab_document,
    [SQ_DOCFIND] = &sq_tab_docfind,
    [SQ_DOCACK] = &sq_tab_docack,
    [SQ_REQ] = &sq_tab_req,
    [SQ_STATUS] = &sq_tab_status,
    [SQ_RESP] = &sq_tab_resp,
};
/* clang-format on */

/* ---- statement helpers (sqlite_int.h) ---- */

enum err sq_fail(struct store *st, int rc)
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
        case 'n': {
            int64_t v = va_arg(ap, int64_t);

            rc = v < 0 ? sqlite3_bind_null(s, i) : sqlite3_bind_int64(s, i, v);
            break;
        }
        case 'd':
            rc = sqlite3_bind_double(s, i, va_arg(ap, double));
            break;
        case 'D': {
            double v = va_arg(ap, double);

            rc = isnan(v) ? sqlite3_bind_null(s, i)
                          : sqlite3_bind_double(s, i, v);
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
            abort(); /* a programming error in a store file */
        }
    }
    return rc;
}

/* prepared returns statement k of t for this connection, preparing it on
 * first use. */
static sqlite3_stmt *prepared(struct store *st, const struct sq_table *t, int k)
{
    sqlite3_stmt **list = st->stmt[t->mod];
    int rc;

    if (!list) {
        list = calloc((size_t)t->n, sizeof(*list));
        if (!list) {
            snprintf(st->errmsg, sizeof(st->errmsg), "out of memory");
            return NULL;
        }
        st->stmt[t->mod] = list;
    }
    if (!list[k]) {
        rc = sqlite3_prepare_v3(st->db, t->sql[k], -1,
                                SQLITE_PREPARE_PERSISTENT, &list[k], NULL);
        if (rc != SQLITE_OK) {
            sq_fail(st, rc);
            return NULL;
        }
    }
    return list[k];
}

sqlite3_stmt *sq_start(struct store *st, const struct sq_table *t, int k,
                       const char *fmt, ...)
{
    sqlite3_stmt *s = prepared(st, t, k);
    va_list ap;
    int rc;

    if (!s)
        return NULL;
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    va_start(ap, fmt);
    rc = bindv(s, fmt, ap);
    va_end(ap);
    if (rc != SQLITE_OK) {
        sq_fail(st, rc);
        return NULL;
    }
    return s;
}

enum err sq_done(struct store *st, sqlite3_stmt *s)
{
    int rc;

    if (!s)
        return E_DB;
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? E_OK : sq_fail(st, rc);
}

enum err sq_row(struct store *st, sqlite3_stmt *s)
{
    int rc;

    if (!s)
        return E_DB;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return E_OK;
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? E_NOTFOUND : sq_fail(st, rc);
}

const char *sq_str(struct arena *a, sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);

    return t ? arena_strndup(a, (const char *)t,
                             (size_t)sqlite3_column_bytes(s, i))
             : NULL;
}

int64_t sq_int(sqlite3_stmt *s, int i)
{
    return sqlite3_column_int64(s, i);
}

double sq_dbl(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL
               ? NAN
               : sqlite3_column_double(s, i);
}

void *sq_grow(struct arena *a, void *old, size_t *cap, size_t n, size_t sz)
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

enum err sq_collect(struct store *st, struct arena *a, sqlite3_stmt *s,
                    size_t sz, sq_reader read, void **out, size_t *n)
{
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        if (!(*out = sq_grow(a, *out, &cap, *n, sz))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        read(a, s, (char *)*out + (*n)++ * sz);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err sq_one(struct store *st, struct arena *a, sqlite3_stmt *s,
                sq_reader read, void *out)
{
    enum err e = sq_row(st, s);

    if (!e) {
        read(a, s, out);
        sqlite3_reset(s);
    }
    return e;
}

enum err sq_int_one(struct store *st, sqlite3_stmt *s, int64_t *out)
{
    enum err e = sq_row(st, s);

    if (!e) {
        *out = sq_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

const char *sq_fts_query(struct arena *a, const char *q)
{
    struct buf b;
    const char *r = NULL, *p = q;

    if (!q)
        return NULL;
    buf_init(&b, 4096);
    while (*p) {
        const char *w;

        while (*p && (isspace((unsigned char)*p) || *p == '"'))
            p++;
        w = p;
        while (*p && !isspace((unsigned char)*p) && *p != '"')
            p++;
        if (p > w) {
            buf_adds(&b, b.len ? " \"" : "\"");
            buf_add(&b, w, (size_t)(p - w));
            buf_adds(&b, "\"*");
        }
    }
    if (!b.err && b.len)
        r = arena_strdup(a, b.p);
    buf_release(&b);
    return r;
}

char *sq_json(struct arena *a, json_t *j)
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

const char *sq_empty_null(const char *s)
{
    return s && *s ? s : NULL;
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
        return sq_fail(st, rc);
    rc = sqlite3_step(s);
    *v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    return *v < 0 ? sq_fail(st, rc) : E_OK;
}

/* is_applied reports (1/0) whether migration v is recorded, -1 on error;
 * s is "SELECT 1 FROM schema_version WHERE version = ?1". */
static int is_applied(sqlite3_stmt *s, int v)
{
    int rc;

    sqlite3_reset(s);
    sqlite3_bind_int(s, 1, v);
    rc = sqlite3_step(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* missing_versions counts the embedded migrations the database has not
 * recorded and gives the first of them. */
static enum err missing_versions(struct store *st, int *n, int *first)
{
    const struct asset *a;
    sqlite3_stmt *s;
    int rc;

    *n = *first = 0;
    rc = sqlite3_prepare_v2(st->db,
                            "SELECT 1 FROM schema_version WHERE version = ?1",
                            -1, &s, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(st, rc);
    for (a = assets; a->path; a++) {
        int v, k;

        if (strncmp(a->path, "schema/", 7) != 0)
            continue;
        v = migration_version(a->path);
        if ((k = is_applied(s, v)) < 0) {
            rc = sqlite3_errcode(st->db);
            sqlite3_finalize(s);
            return sq_fail(st, rc);
        }
        if (!k && (*n)++ == 0)
            *first = v;
    }
    sqlite3_finalize(s);
    return E_OK;
}

/* migrate applies, in one transaction, every embedded migration the
 * database has not recorded — in number order, and also one with a lower
 * number than the newest applied (branches merged in another order) —
 * recording each version. */
static enum err migrate(struct store *st)
{
    const struct asset *a;
    sqlite3_stmt *s = NULL, *q = NULL;
    enum err e;
    int have;

    if ((e = exec_sql(st, "BEGIN IMMEDIATE")))
        return e;
    if ((e = applied_version(st, &have)))
        goto out;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO schema_version VALUES (?1, ?2)",
                           -1, &s, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db,
                           "SELECT 1 FROM schema_version WHERE version = ?1",
                           -1, &q, NULL) != SQLITE_OK) {
        e = sq_fail(st, sqlite3_errcode(st->db));
        goto out;
    }
    /* assets[] is sorted by path, so migrations run in number order */
    for (a = assets; a->path; a++) {
        int v, k;

        if (strncmp(a->path, "schema/", 7) != 0)
            continue;
        v = migration_version(a->path);
        if ((k = is_applied(q, v)) != 0) {
            if (k < 0) {
                e = sq_fail(st, sqlite3_errcode(st->db));
                goto out;
            }
            continue;
        }
        if ((e = exec_sql(st, (const char *)a->data)))
            goto out;
        sqlite3_reset(s);
        sqlite3_bind_int(s, 1, v);
        sqlite3_bind_int64(s, 2, datetime_now());
        if (sqlite3_step(s) != SQLITE_DONE) {
            e = sq_fail(st, sqlite3_errcode(st->db));
            goto out;
        }
    }
    e = exec_sql(st, "COMMIT");
out:
    sqlite3_finalize(s);
    sqlite3_finalize(q);
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
    int rc, have, nmissing, first, m, k;

    *out = st;
    if (!st)
        return E_NOMEM;
    rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK) {
        e = rc == SQLITE_CANTOPEN ? E_NOTFOUND : sq_fail(st, rc);
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
    if ((e = applied_version(st, &have)) ||
        (e = missing_versions(st, &nmissing, &first)))
        return e;
    if (have > latest_version()) {
        snprintf(st->errmsg, sizeof(st->errmsg),
                 "the database schema is version %d, newer than this ska "
                 "(%d); use a newer ska",
                 have, latest_version());
        return E_CONFLICT;
    }
    if (nmissing) {
        snprintf(st->errmsg, sizeof(st->errmsg),
                 "the database lacks %d of this ska's schema migrations "
                 "(the first is %d; this ska needs %d); run 'ska init' to "
                 "migrate it",
                 nmissing, first, latest_version());
        return E_CONFLICT;
    }
    for (m = 0; m < SQ__MAX; m++)
        for (k = 0; k < all_tables[m]->n; k++)
            if (!prepared(st, all_tables[m], k)) {
                e = E_DB;
                snprintf(st->errmsg, sizeof(st->errmsg),
                         "statement %d of table %d does not prepare: %s", k, m,
                         sqlite3_errmsg(st->db));
                return e;
            }
    return E_OK;
}

void store_close(struct store *st)
{
    int m, k;

    if (!st)
        return;
    /* only our own statements: FTS5 keeps statements of its own on the
     * connection and finalizes them itself */
    for (m = 0; m < SQ__MAX; m++) {
        if (!st->stmt[m])
            continue;
        for (k = 0; k < all_tables[m]->n; k++)
            sqlite3_finalize(st->stmt[m][k]);
        free(st->stmt[m]);
    }
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
    return sq_done(st, sq_start(st, &sq_tab_core, STMT_BEGIN_WRITE, ""));
}

enum err store_commit(struct store *st)
{
    return sq_done(st, sq_start(st, &sq_tab_core, STMT_COMMIT, ""));
}

enum err store_read_begin(struct store *st)
{
    return sq_done(st, sq_start(st, &sq_tab_core, STMT_BEGIN_READ, ""));
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
        sq_done(st, sq_start(st, &sq_tab_core, STMT_ROLLBACK, ""));
}

static enum err check_pragma(struct store *st, const char *sql, struct buf *msg,
                             int ok_is_row_ok)
{
    sqlite3_stmt *s;
    int rc, bad = 0;

    rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return sq_fail(st, rc);
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
        return sq_fail(st, rc);
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
    sqlite3_stmt *s = sq_start(st, &sq_tab_core, STMT_IS_EMPTY, "");
    enum err e = sq_row(st, s);

    if (!e) {
        *empty = sq_int(s, 0) == 0;
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
    sqlite3_stmt *s = sq_start(st, &sq_tab_core, STMT_AUDIT_LAST, "");
    enum err e = sq_row(st, s);

    if (e == E_OK) {
        en.id = sq_int(s, 0) + 1;
        snprintf(prev, sizeof(prev), "%s",
                 (const char *)sqlite3_column_text(s, 1));
        sqlite3_reset(s);
    } else if (e == E_NOTFOUND) {
        en.id = 1;
    } else {
        return e;
    }
    en.at = datetime_now();
    en.actor_id = who->user_id;
    en.actor = who->name;
    en.action = action;
    en.entity = entity;
    en.entity_id = entity_id;
    en.before = before;
    en.after = after;
    en.prev_hash = prev;
    audit_hash(&en, hash);
    s = sq_start(st, &sq_tab_core, STMT_AUDIT_INSERT, "iiItttItttt", en.id,
                 en.at, en.actor_id, en.actor, action, entity, entity_id,
                 before, after, prev, hash);
    return sq_done(st, s);
}

static void read_audit(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct audit_row *r = elem;

    r->id = sq_int(s, 0);
    r->at = sq_int(s, 1);
    r->actor_id = sq_int(s, 2);
    r->actor = sq_str(a, s, 3);
    r->action = sq_str(a, s, 4);
    r->entity = sq_str(a, s, 5);
    r->entity_id = sq_int(s, 6);
    r->before = sq_str(a, s, 7);
    r->after = sq_str(a, s, 8);
    r->hash = sq_str(a, s, 10);
}

enum err store_audit_verify(struct store *st, int64_t *n, int64_t *bad_id)
{
    char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, h[AUDIT_HASH_HEX];
    sqlite3_stmt *s = sq_start(st, &sq_tab_core, STMT_AUDIT_ALL, "");
    int64_t expect_id = 1;
    enum err e;

    *n = 0;
    *bad_id = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        struct audit_entry en = {
            .id = sq_int(s, 0),
            .at = sq_int(s, 1),
            .actor_id = sq_int(s, 2),
            .actor = (const char *)sqlite3_column_text(s, 3),
            .action = (const char *)sqlite3_column_text(s, 4),
            .entity = (const char *)sqlite3_column_text(s, 5),
            .entity_id = sq_int(s, 6),
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
    void *p = NULL;
    enum err e =
        sq_collect(st, a,
                   sq_start(st, &sq_tab_core, STMT_AUDIT_LIST, "tIIi", entity,
                            entity_id, before_id, (int64_t)limit),
                   sizeof(**out), read_audit, &p, n);

    *out = p;
    return e;
}
