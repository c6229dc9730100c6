/* store_document.c: controlled documents and their versions: create,
 * the descriptive fields, drafts and the workflow's transitions, with the
 * denormalised state / current version / review date of `document` and
 * its FTS row recomputed from the versions by one statement each after
 * every change. Search is in store_document_search.c; process links, read
 * acknowledgements and the review reminders in store_document_ack.c. */
#include "store_document.h"

#include <stdio.h>
#include <string.h>

#include "core/attach.h"
#include "datetime.h"
#include "sqlite_int.h"

#define DOC_COLS                                                               \
    "d.id, d.provider_id, d.unit_id, d.code, d.title, d.doc_type, "            \
    "d.owner_id, coalesce(d.deputy_id, 0), d.approver_id, "                    \
    "coalesce(d.review_months, 0), d.ack_required, "                           \
    "coalesce(d.ack_unit_id, 0), d.ack_role, d.state, "                        \
    "coalesce(d.current_version_id, 0), d.review_due, d.reminded_for, "        \
    "d.escalated_for, d.created_at, d.updated_at, u.name, u.path, o.name, "    \
    "dp.name, ap.name, au.name, au.path, coalesce(cv.version_no, 0), "         \
    "cv.state "
#define DOC_JOINS                                                              \
    "JOIN app_user o ON o.id = d.owner_id "                                    \
    "LEFT JOIN app_user dp ON dp.id = d.deputy_id "                            \
    "JOIN app_user ap ON ap.id = d.approver_id "                               \
    "LEFT JOIN org_unit au ON au.id = d.ack_unit_id "                          \
    "LEFT JOIN document_version cv ON cv.id = d.current_version_id "
#define DOC_FROM "FROM document d JOIN org_unit u ON u.id = d.unit_id "

#define VER_COLS(BODY)                                                         \
    "v.id, v.document_id, v.version_no, v.state, " BODY ", v.change_note, "    \
    "coalesce(v.author_id, 0), coalesce(v.submitted_at, 0), "                  \
    "coalesce(v.approved_by, 0), v.approved_on, v.valid_until, "               \
    "v.review_date, coalesce(v.archived_at, 0), v.created_at, v.updated_at, "  \
    "v.return_note, coalesce(v.returned_by, 0), coalesce(v.returned_at, 0), "  \
    "v.file_name, v.file_type, coalesce(v.file_size, 0), v.file_sha256, "      \
    "au.name, ap.name, rb.name FROM document_version v "                       \
    "LEFT JOIN app_user au ON au.id = v.author_id "                            \
    "LEFT JOIN app_user ap ON ap.id = v.approved_by "                          \
    "LEFT JOIN app_user rb ON rb.id = v.returned_by "
enum stmt {
    STMT_UNIT,
    STMT_INSERT,
    STMT_GET,
    STMT_UPDATE,
    STMT_REFRESH,
    STMT_FTS_DELETE,
    STMT_FTS_INSERT,
    STMT_VER_INSERT,
    STMT_VER_LIST,
    STMT_VER_GET,
    STMT_VER_OPEN,
    STMT_VER_NEXT,
    STMT_VER_EDIT,
    STMT_VER_SUBMIT,
    STMT_VER_RETURN,
    STMT_VER_ARCHIVE_PREV,
    STMT_VER_APPROVE,
    STMT_VER_ARCHIVE,
    STMT_VER_FILE,
    STMT_VER_FILES_ALL,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_UNIT] = "SELECT coalesce(provider_id, id) FROM org_unit WHERE id = "
                  "?1",
    [STMT_INSERT] =
        "INSERT INTO document (provider_id, unit_id, code, title, doc_type, "
        "owner_id, deputy_id, approver_id, review_months, ack_required, "
        "ack_unit_id, ack_role, created_at, updated_at) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    [STMT_GET] = "SELECT " DOC_COLS DOC_FROM DOC_JOINS "WHERE d.id = ?1",
    [STMT_UPDATE] =
        "UPDATE document SET provider_id = ?2, unit_id = ?3, code = ?4, "
        "title = ?5, doc_type = ?6, owner_id = ?7, deputy_id = ?8, "
        "approver_id = ?9, review_months = ?10, ack_required = ?11, "
        "ack_unit_id = ?12, ack_role = ?13, updated_at = ?14 WHERE id = ?1",
    /* the denormalised columns, from the versions (011's comment) */
    [STMT_REFRESH] =
        "UPDATE document SET state = CASE WHEN EXISTS (SELECT 1 FROM "
        "document_version WHERE document_id = ?1 AND state = 'approved') "
        "THEN 'approved' WHEN EXISTS (SELECT 1 FROM document_version WHERE "
        "document_id = ?1 AND state = 'archived') THEN 'archived' ELSE "
        "'draft' END, current_version_id = coalesce((SELECT id FROM "
        "document_version WHERE document_id = ?1 AND state = 'approved'), "
        "(SELECT id FROM document_version WHERE document_id = ?1 AND state = "
        "'archived' ORDER BY version_no DESC LIMIT 1), (SELECT id FROM "
        "document_version WHERE document_id = ?1 AND state IN ('draft', "
        "'review'))), review_due = (SELECT review_date FROM document_version "
        "WHERE document_id = ?1 AND state = 'approved'), updated_at = ?2 "
        "WHERE id = ?1",
    [STMT_FTS_DELETE] = "DELETE FROM document_fts WHERE rowid = ?1",
    [STMT_FTS_INSERT] =
        "INSERT INTO document_fts (rowid, title, body) SELECT d.id, d.title, "
        "coalesce(v.body_md, '') || ' ' || coalesce(v.file_name, '') FROM "
        "document d LEFT JOIN document_version v ON v.id = "
        "d.current_version_id WHERE d.id = ?1",
    /* ?7 = 0 keeps the file of the version shown until now (a new version
     * starts from it; the first has none), else ?8..?12 are the file */
    [STMT_VER_INSERT] =
        "INSERT INTO document_version (document_id, version_no, body_md, "
        "change_note, author_id, created_at, updated_at, file_name, "
        "file_type, file_size, file_sha256, file_data) SELECT ?1, ?2, ?3, "
        "?4, ?5, ?6, ?6, CASE WHEN ?7 THEN ?8 ELSE p.file_name END, CASE "
        "WHEN ?7 THEN ?9 ELSE p.file_type END, CASE WHEN ?7 THEN ?10 ELSE "
        "p.file_size END, CASE WHEN ?7 THEN ?11 ELSE p.file_sha256 END, CASE "
        "WHEN ?7 THEN ?12 ELSE p.file_data END FROM document d LEFT JOIN "
        "document_version p ON p.id = d.current_version_id WHERE d.id = ?1",
    [STMT_VER_LIST] = "SELECT " VER_COLS("NULL") "WHERE v.document_id = ?1 "
                                                 "ORDER BY v.version_no DESC",
    [STMT_VER_GET] = "SELECT " VER_COLS("v.body_md") "WHERE v.document_id = ?1 "
                                                     "AND v.version_no = ?2",
    [STMT_VER_OPEN] =
        "SELECT " VER_COLS("v.body_md") "WHERE v.document_id = ?1 "
                                        "AND v.state IN ('draft', 'review')",
    [STMT_VER_NEXT] = "SELECT coalesce(max(version_no), 0) + 1 FROM "
                      "document_version WHERE document_id = ?1",
    /* ?7 as for STMT_VER_INSERT: 0 keeps the draft's file */
    [STMT_VER_EDIT] =
        "UPDATE document_version SET body_md = ?3, change_note = ?4, "
        "author_id = ?5, updated_at = ?6, file_name = CASE WHEN ?7 THEN ?8 "
        "ELSE file_name END, file_type = CASE WHEN ?7 THEN ?9 ELSE file_type "
        "END, file_size = CASE WHEN ?7 THEN ?10 ELSE file_size END, "
        "file_sha256 = CASE WHEN ?7 THEN ?11 ELSE file_sha256 END, file_data "
        "= CASE WHEN ?7 THEN ?12 ELSE file_data END WHERE document_id = ?1 "
        "AND version_no = ?2 AND state = 'draft'",
    [STMT_VER_SUBMIT] = "UPDATE document_version SET state = 'review', "
                        "submitted_at = ?3, updated_at = ?3 WHERE document_id "
                        "= ?1 AND version_no = ?2 AND state = 'draft'",
    [STMT_VER_RETURN] =
        "UPDATE document_version SET state = 'draft', return_note = ?3, "
        "returned_by = ?4, returned_at = ?5, updated_at = ?5 WHERE "
        "document_id = ?1 AND version_no = ?2 AND state = 'review'",
    [STMT_VER_ARCHIVE_PREV] =
        "UPDATE document_version SET state = 'archived', archived_at = ?2, "
        "updated_at = ?2 WHERE document_id = ?1 AND state = 'approved'",
    [STMT_VER_APPROVE] =
        "UPDATE document_version SET state = 'approved', approved_by = ?3, "
        "approved_on = ?4, valid_until = ?5, review_date = ?6, updated_at = "
        "?7 WHERE document_id = ?1 AND version_no = ?2 AND state = 'review'",
    [STMT_VER_ARCHIVE] =
        "UPDATE document_version SET state = 'archived', archived_at = ?3, "
        "updated_at = ?3 WHERE document_id = ?1 AND version_no = ?2 AND "
        "state = 'approved'",
    [STMT_VER_FILE] = "SELECT file_data FROM document_version WHERE "
                      "document_id = ?1 AND version_no = ?2 AND file_data IS "
                      "NOT NULL",
    [STMT_VER_FILES_ALL] = "SELECT id, file_sha256, file_data FROM "
                           "document_version WHERE file_data IS NOT NULL "
                           "ORDER BY id",
};

const struct sq_table sq_tab_document = {SQ_DOCUMENT, stmts, STMT__MAX};

static void read_doc(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct doc_rec *d = elem;
    int i = 0;

    d->id = sq_int(s, i++);
    d->provider_id = sq_int(s, i++);
    d->unit_id = sq_int(s, i++);
    d->code = sq_str(a, s, i++);
    d->title = sq_str(a, s, i++);
    d->doc_type = sq_str(a, s, i++);
    d->owner_id = sq_int(s, i++);
    d->deputy_id = sq_int(s, i++);
    d->approver_id = sq_int(s, i++);
    d->review_months = (int)sq_int(s, i++);
    d->ack_required = (int)sq_int(s, i++);
    d->ack_unit_id = sq_int(s, i++);
    d->ack_role = sq_str(a, s, i++);
    d->state = sq_str(a, s, i++);
    d->current_version_id = sq_int(s, i++);
    d->review_due = sq_str(a, s, i++);
    d->reminded_for = sq_str(a, s, i++);
    d->escalated_for = sq_str(a, s, i++);
    d->created_at = sq_int(s, i++);
    d->updated_at = sq_int(s, i++);
    d->unit_name = sq_str(a, s, i++);
    d->unit_path = sq_str(a, s, i++);
    d->owner_name = sq_str(a, s, i++);
    d->deputy_name = sq_str(a, s, i++);
    d->approver_name = sq_str(a, s, i++);
    d->ack_unit_name = sq_str(a, s, i++);
    d->ack_unit_path = sq_str(a, s, i++);
    d->current_version_no = (int)sq_int(s, i++);
    d->current_vstate = sq_str(a, s, i++);
}

static void read_ver(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct docv_rec *v = elem;
    int i = 0;

    v->id = sq_int(s, i++);
    v->document_id = sq_int(s, i++);
    v->version_no = (int)sq_int(s, i++);
    v->state = sq_str(a, s, i++);
    v->body_md = sq_str(a, s, i++);
    v->change_note = sq_str(a, s, i++);
    v->author_id = sq_int(s, i++);
    v->submitted_at = sq_int(s, i++);
    v->approved_by = sq_int(s, i++);
    v->approved_on = sq_str(a, s, i++);
    v->valid_until = sq_str(a, s, i++);
    v->review_date = sq_str(a, s, i++);
    v->archived_at = sq_int(s, i++);
    v->created_at = sq_int(s, i++);
    v->updated_at = sq_int(s, i++);
    v->return_note = sq_str(a, s, i++);
    v->returned_by = sq_int(s, i++);
    v->returned_at = sq_int(s, i++);
    v->file_name = sq_str(a, s, i++);
    v->file_type = sq_str(a, s, i++);
    v->file_size = sq_int(s, i++);
    v->file_sha256 = sq_str(a, s, i++);
    v->author_name = sq_str(a, s, i++);
    v->approver_name = sq_str(a, s, i++);
    v->returned_by_name = sq_str(a, s, i++);
}

/* doc_json is the audited view of a document's descriptive fields and
 * derived state. */
static char *doc_json(struct arena *a, const struct doc_rec *d)
{
    return sq_json(
        a, json_pack(
               "{sI sI ss ss ss sI sI sI si si sI ss? ss ss? sI}", "id",
               (json_int_t)d->id, "unit_id", (json_int_t)d->unit_id, "code",
               d->code, "title", d->title, "doc_type", d->doc_type, "owner_id",
               (json_int_t)d->owner_id, "deputy_id", (json_int_t)d->deputy_id,
               "approver_id", (json_int_t)d->approver_id, "review_months",
               d->review_months, "ack_required", d->ack_required, "ack_unit_id",
               (json_int_t)d->ack_unit_id, "ack_role", d->ack_role, "state",
               d->state, "review_due", d->review_due, "current_version_id",
               (json_int_t)d->current_version_id));
}

/* ver_json is the audited view of a version (the body by its length,
 * the file by its name, type, size and checksum). */
static char *ver_json(struct arena *a, const struct docv_rec *v)
{
    json_t *file = NULL;

    if (v->file_name)
        file = json_pack("{ss ss? sI ss?}", "name", v->file_name, "type",
                         v->file_type, "size", (json_int_t)v->file_size,
                         "sha256", v->file_sha256);
    return sq_json(
        a,
        json_pack("{sI sI si ss sI ss? sI ss? ss? ss? ss? so?}", "id",
                  (json_int_t)v->id, "document_id", (json_int_t)v->document_id,
                  "version_no", v->version_no, "state", v->state, "body_bytes",
                  (json_int_t)(v->body_md ? strlen(v->body_md) : 0),
                  "change_note", v->change_note, "approved_by",
                  (json_int_t)v->approved_by, "approved_on", v->approved_on,
                  "valid_until", v->valid_until, "review_date", v->review_date,
                  "return_note", v->return_note, "file", file));
}

/* refresh recomputes the document's denormalised columns and its search
 * row from the versions. */
static enum err refresh(struct store *st, int64_t id)
{
    enum err e;

    if ((e = sq_done(st, sq_start(st, &sq_tab_document, STMT_REFRESH, "ii", id,
                                  datetime_now()))) ||
        (e = sq_done(st,
                     sq_start(st, &sq_tab_document, STMT_FTS_DELETE, "i", id))))
        return e;
    return sq_done(st,
                   sq_start(st, &sq_tab_document, STMT_FTS_INSERT, "i", id));
}

static enum err provider_of(struct store *st, int64_t unit_id, int64_t *out)
{
    return sq_int_one(
        st, sq_start(st, &sq_tab_document, STMT_UNIT, "i", unit_id), out);
}

enum err store_document_get(struct store *st, struct arena *a, int64_t id,
                            struct doc_rec *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_document, STMT_GET, "i", id),
                  read_doc, out);
}

enum err store_docv_get(struct store *st, struct arena *a, int64_t doc_id,
                        int version_no, struct docv_rec *out)
{
    return sq_one(st, a,
                  sq_start(st, &sq_tab_document, STMT_VER_GET, "ii", doc_id,
                           (int64_t)version_no),
                  read_ver, out);
}

enum err store_docv_open(struct store *st, struct arena *a, int64_t doc_id,
                         struct docv_rec *out)
{
    return sq_one(st, a,
                  sq_start(st, &sq_tab_document, STMT_VER_OPEN, "i", doc_id),
                  read_ver, out);
}

enum err store_docv_list(struct store *st, struct arena *a, int64_t doc_id,
                         struct docv_rec **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_document, STMT_VER_LIST, "i", doc_id),
        sizeof(**out), read_ver, &p, n);

    *out = p;
    return e;
}

/* audit_doc writes an audit entry for the document with before (may be
 * NULL) and its state now. */
static enum err audit_doc(struct store *st, struct arena *a,
                          const struct actor *who, const char *action,
                          int64_t id, const char *before)
{
    struct doc_rec now;
    enum err e;

    if ((e = store_document_get(st, a, id, &now)))
        return e;
    return store_audit(st, who, action, "document", id, before,
                       doc_json(a, &now));
}

static enum err audit_ver(struct store *st, struct arena *a,
                          const struct actor *who, const char *action,
                          int64_t doc_id, int version_no, const char *before)
{
    struct docv_rec v;
    enum err e;

    if ((e = store_docv_get(st, a, doc_id, version_no, &v)))
        return e;
    return store_audit(st, who, action, "document_version", v.id, before,
                       ver_json(a, &v));
}

/* bind_file binds what a draft's save does with its file: ?7 (0 keeps
 * it), ?8..?12 the new file (all NULL for DF_DROP). s may be NULL. */
static sqlite3_stmt *bind_file(struct store *st, sqlite3_stmt *s,
                               enum docv_file_op op, const struct docv_file *f)
{
    int rc;

    if (!s)
        return NULL;
    if (op == DF_SET && (!f || !f->data || f->size <= 0)) {
        snprintf(st->errmsg, sizeof(st->errmsg), "no file to store");
        return NULL; /* the caller checks the file first */
    }
    rc = sqlite3_bind_int(s, 7, op != DF_KEEP);
    if (op == DF_SET) {
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(s, 8, f->name, -1, SQLITE_STATIC);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(s, 9, f->type, -1, SQLITE_STATIC);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_int64(s, 10, f->size);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(s, 11, f->sha256, -1, SQLITE_STATIC);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_blob64(s, 12, f->data, (sqlite3_uint64)f->size,
                                     SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) {
        sq_fail(st, rc);
        return NULL;
    }
    return s;
}

static enum err insert_version(struct store *st, const struct actor *who,
                               int64_t doc_id, int version_no,
                               const char *body_md, const char *change_note,
                               enum docv_file_op op,
                               const struct docv_file *file)
{
    return sq_done(st, bind_file(st,
                                 sq_start(st, &sq_tab_document, STMT_VER_INSERT,
                                          "iittIi", doc_id, (int64_t)version_no,
                                          sq_empty_null(body_md),
                                          sq_empty_null(change_note),
                                          who->user_id, datetime_now()),
                                 op, file));
}

enum err store_document_create(struct store *st, const struct actor *who,
                               struct doc_rec *d, const char *body_md,
                               const char *change_note,
                               const struct docv_file *file)
{
    struct arena *a = arena_new();
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = provider_of(st, d->unit_id, &d->provider_id)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_document, STMT_INSERT, "iitttiIiIiIti",
                             d->provider_id, d->unit_id, d->code, d->title,
                             d->doc_type, d->owner_id, d->deputy_id,
                             d->approver_id, (int64_t)d->review_months,
                             (int64_t)(d->ack_required ? 1 : 0), d->ack_unit_id,
                             sq_empty_null(d->ack_role), datetime_now()));
    if (e)
        goto out;
    d->id = sqlite3_last_insert_rowid(st->db);
    if ((e = insert_version(st, who, d->id, 1, body_md, change_note,
                            file ? DF_SET : DF_KEEP, file)) ||
        (e = refresh(st, d->id)) ||
        (e = audit_doc(st, a, who, "create", d->id, NULL)))
        goto out;
    e = audit_ver(st, a, who, "create", d->id, 1, NULL);
out:
    arena_free(a);
    return e;
}

enum err store_document_update(struct store *st, const struct actor *who,
                               const struct doc_rec *d)
{
    struct arena *a = arena_new();
    struct doc_rec before;
    int64_t provider;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_document_get(st, a, d->id, &before)) ||
        (e = provider_of(st, d->unit_id, &provider)))
        goto out;
    if (provider != before.provider_id) {
        e = E_INVAL; /* a document never moves to another care provider */
        goto out;
    }
    e = sq_done(st,
                sq_start(st, &sq_tab_document, STMT_UPDATE, "iiitttiIiIiIti",
                         d->id, provider, d->unit_id, d->code, d->title,
                         d->doc_type, d->owner_id, d->deputy_id, d->approver_id,
                         (int64_t)d->review_months,
                         (int64_t)(d->ack_required ? 1 : 0), d->ack_unit_id,
                         sq_empty_null(d->ack_role), datetime_now()));
    if (e || (e = refresh(st, d->id)))
        goto out;
    e = audit_doc(st, a, who, "update", d->id, doc_json(a, &before));
out:
    arena_free(a);
    return e;
}

enum err store_docv_new_draft(struct store *st, const struct actor *who,
                              int64_t doc_id, const char *body_md,
                              const char *change_note, enum docv_file_op op,
                              const struct docv_file *file, int *version_no)
{
    struct arena *a = arena_new();
    struct docv_rec open;
    int64_t next;
    enum err e;

    if (!a)
        return E_NOMEM;
    e = store_docv_open(st, a, doc_id, &open);
    if (e != E_NOTFOUND) {
        e = e ? e : E_CONFLICT;
        goto out;
    }
    if ((e = sq_int_one(
             st, sq_start(st, &sq_tab_document, STMT_VER_NEXT, "i", doc_id),
             &next)) ||
        (e = insert_version(st, who, doc_id, (int)next, body_md, change_note,
                            op, file)) ||
        (e = refresh(st, doc_id)))
        goto out;
    *version_no = (int)next;
    e = audit_ver(st, a, who, "create", doc_id, (int)next, NULL);
out:
    arena_free(a);
    return e;
}

/* changed maps "no row changed" to E_CONFLICT: the version moved on. */
static enum err changed(struct store *st, enum err e)
{
    return e ? e : sqlite3_changes(st->db) ? E_OK : E_CONFLICT;
}

enum err store_docv_edit(struct store *st, const struct actor *who,
                         int64_t doc_id, int version_no, const char *body_md,
                         const char *change_note, enum docv_file_op op,
                         const struct docv_file *file)
{
    struct arena *a = arena_new();
    struct docv_rec before;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_docv_get(st, a, doc_id, version_no, &before)))
        goto out;
    e = changed(
        st,
        sq_done(st, bind_file(st,
                              sq_start(st, &sq_tab_document, STMT_VER_EDIT,
                                       "iittIi", doc_id, (int64_t)version_no,
                                       sq_empty_null(body_md),
                                       sq_empty_null(change_note), who->user_id,
                                       datetime_now()),
                              op, file)));
    if (e || (e = refresh(st, doc_id)))
        goto out;
    e = audit_ver(st, a, who, "edit", doc_id, version_no, ver_json(a, &before));
out:
    arena_free(a);
    return e;
}

static enum err approve(struct store *st, const struct actor *who,
                        const struct doc_rec *d, int version_no,
                        const char *valid_until, const char *today)
{
    char review[11];
    enum err e;
    int64_t now = datetime_now();

    if (doc_review_date(today, valid_until, d->review_months, review))
        return E_INVAL;
    if ((e = sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_ARCHIVE_PREV,
                                  "ii", d->id, now))))
        return e;
    return changed(
        st,
        sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_APPROVE, "iiIttti",
                             d->id, (int64_t)version_no, who->user_id, today,
                             sq_empty_null(valid_until), review, now)));
}

enum err store_docv_transition(struct store *st, const struct actor *who,
                               int64_t doc_id, int version_no,
                               enum doc_event ev, const char *from_state,
                               const char *comment, const char *valid_until,
                               const char *today)
{
    struct arena *a = arena_new();
    struct docv_rec before;
    struct doc_rec d;
    int64_t now = datetime_now();
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_document_get(st, a, doc_id, &d)) ||
        (e = store_docv_get(st, a, doc_id, version_no, &before)))
        goto out;
    if (!from_state || strcmp(before.state, from_state) != 0) {
        e = E_CONFLICT;
        goto out;
    }
    switch (ev) {
    case DE_SUBMIT:
        e = changed(
            st, sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_SUBMIT,
                                     "iii", doc_id, (int64_t)version_no, now)));
        break;
    case DE_RETURN:
        e = changed(st,
                    sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_RETURN,
                                         "iitIi", doc_id, (int64_t)version_no,
                                         comment, who->user_id, now)));
        break;
    case DE_APPROVE:
        e = approve(st, who, &d, version_no, valid_until, today);
        break;
    case DE_ARCHIVE:
        e = changed(
            st, sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_ARCHIVE,
                                     "iii", doc_id, (int64_t)version_no, now)));
        break;
    default:
        e = E_INVAL;
    }
    if (e || (e = refresh(st, doc_id)) ||
        (e = audit_ver(st, a, who, doc_event_str(ev), doc_id, version_no,
                       ver_json(a, &before))))
        goto out;
    e = audit_doc(st, a, who, doc_event_str(ev), doc_id, doc_json(a, &d));
out:
    arena_free(a);
    return e;
}

enum err store_docv_file(struct store *st, int64_t doc_id, int version_no,
                         struct buf *data)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_document, STMT_VER_FILE, "ii",
                               doc_id, (int64_t)version_no);
    enum err e;

    if ((e = sq_row(st, s)))
        return e;
    buf_add(data, sqlite3_column_blob(s, 0),
            (size_t)sqlite3_column_bytes(s, 0));
    sqlite3_reset(s);
    return data->err;
}

enum err store_docv_verify_files(struct store *st, int64_t *n, int64_t *bad_id)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_document, STMT_VER_FILES_ALL, "");
    unsigned char h[ATTACH_SHA256_BYTES];
    char hex[ATTACH_SHA256_HEX];
    enum err e;

    *n = 0;
    *bad_id = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        const char *want = (const char *)sqlite3_column_text(s, 1);

        attach_sha256(sqlite3_column_blob(s, 2),
                      (size_t)sqlite3_column_bytes(s, 2), h);
        attach_hex(h, hex);
        (*n)++;
        if (!*bad_id && (!want || strcmp(want, hex) != 0))
            *bad_id = sq_int(s, 0);
    }
    return e == E_NOTFOUND ? E_OK : e;
}
