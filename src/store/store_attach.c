/* store_attach.c: case attachments: the bytes with their checksum, added
 * with an audit entry on the case, listed without their bytes, read back
 * whole, and verified all at once for `ska check`. */
#include <string.h>

#include "core/attach.h"
#include "datetime.h"
#include "sqlite_int.h"

#define ATTACH_COLS                                                            \
    "a.id, a.case_id, a.name, a.type, a.size, a.sha256, "                      \
    "coalesce(a.uploaded_by, 0), a.uploaded_at, u.name "                       \
    "FROM case_attachment a LEFT JOIN app_user u ON u.id = a.uploaded_by "

enum stmt {
    STMT_INSERT,
    STMT_LIST,
    STMT_GET,
    STMT_DATA,
    STMT_USAGE,
    STMT_ALL,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_INSERT] = "INSERT INTO case_attachment (case_id, name, type, size, "
                    "sha256, uploaded_by, uploaded_at, data) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [STMT_LIST] = "SELECT " ATTACH_COLS "WHERE a.case_id = ?1 ORDER BY a.id",
    [STMT_GET] = "SELECT " ATTACH_COLS "WHERE a.id = ?1",
    [STMT_DATA] = "SELECT data FROM case_attachment WHERE id = ?1",
    [STMT_USAGE] = "SELECT count(*), coalesce(sum(size), 0) "
                   "FROM case_attachment "
                   "WHERE case_id = ?1",
    [STMT_ALL] = "SELECT id, sha256, data FROM case_attachment ORDER BY id",
};

const struct sq_table sq_tab_attach = {SQ_ATTACH, stmts, STMT__MAX};

static void read_attach(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct attach_rec *x = elem;
    const void *h;
    int i = 0;

    x->id = sq_int(s, i++);
    x->case_id = sq_int(s, i++);
    x->name = sq_str(a, s, i++);
    x->type = sq_str(a, s, i++);
    x->size = sq_int(s, i++);
    h = sqlite3_column_blob(s, i);
    if (h && sqlite3_column_bytes(s, i) == ATTACH_SHA256_BYTES)
        memcpy(x->sha256, h, ATTACH_SHA256_BYTES);
    i++;
    x->uploaded_by = sq_int(s, i++);
    x->uploaded_at = sq_int(s, i++);
    x->uploader_name = sq_str(a, s, i++);
    x->data = NULL;
}

enum err store_attach_add(struct store *st, const struct actor *who,
                          struct attach_rec *x)
{
    struct arena *a = arena_new();
    char hex[ATTACH_SHA256_HEX];
    sqlite3_stmt *s;
    enum err e;

    if (!a)
        return E_NOMEM;
    x->uploaded_at = datetime_now();
    x->uploaded_by = who->user_id;
    s = sq_start(st, &sq_tab_attach, STMT_INSERT, "ittihIi", x->case_id,
                 x->name, x->type, x->size, x->sha256, x->uploaded_by,
                 x->uploaded_at);
    if (s && sqlite3_bind_blob64(s, 8, x->data, (sqlite3_uint64)x->size,
                                 SQLITE_STATIC) != SQLITE_OK) {
        e = sq_fail(st, sqlite3_errcode(st->db));
        goto out;
    }
    if ((e = sq_done(st, s)))
        goto out;
    x->id = sqlite3_last_insert_rowid(st->db);
    attach_hex(x->sha256, hex);
    /* on the case, so the case's history lists it */
    e = store_audit(st, who, "attach", "case", x->case_id, NULL,
                    sq_json(a, json_pack("{sI ss ss sI ss}", "attachment_id",
                                         (json_int_t)x->id, "name", x->name,
                                         "type", x->type, "size",
                                         (json_int_t)x->size, "sha256", hex)));
out:
    arena_free(a);
    return e;
}

enum err store_attach_list(struct store *st, struct arena *a, int64_t case_id,
                           struct attach_rec **out, size_t *n)
{
    return sq_collect(st, a,
                      sq_start(st, &sq_tab_attach, STMT_LIST, "i", case_id),
                      sizeof(**out), read_attach, (void **)out, n);
}

enum err store_attach_usage(struct store *st, int64_t case_id, int64_t *files,
                            int64_t *bytes)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_attach, STMT_USAGE, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e == E_NOTFOUND ? E_DB : e;
    *files = sq_int(s, 0);
    *bytes = sq_int(s, 1);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_attach_get(struct store *st, struct arena *a, int64_t id,
                          struct attach_rec *out, struct buf *data)
{
    sqlite3_stmt *s;
    enum err e;

    if ((e = sq_one(st, a, sq_start(st, &sq_tab_attach, STMT_GET, "i", id),
                    read_attach, out)) ||
        !data)
        return e;
    s = sq_start(st, &sq_tab_attach, STMT_DATA, "i", id);
    if ((e = sq_row(st, s)))
        return e;
    buf_add(data, sqlite3_column_blob(s, 0),
            (size_t)sqlite3_column_bytes(s, 0));
    sqlite3_reset(s);
    return data->err;
}

enum err store_attach_verify(struct store *st, int64_t *n, int64_t *bad_id)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_attach, STMT_ALL, "");
    unsigned char h[ATTACH_SHA256_BYTES];
    enum err e;

    *n = 0;
    *bad_id = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        const void *want = sqlite3_column_blob(s, 1);
        int wn = sqlite3_column_bytes(s, 1);
        const unsigned char *d = sqlite3_column_blob(s, 2);

        attach_sha256(d, (size_t)sqlite3_column_bytes(s, 2), h);
        (*n)++;
        if (!*bad_id &&
            (wn != ATTACH_SHA256_BYTES || memcmp(want, h, sizeof(h)) != 0))
            *bad_id = sq_int(s, 0);
    }
    return e == E_NOTFOUND ? E_OK : e;
}
