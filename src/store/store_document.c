/* store_document.c: controlled documents: documents and versions, the
 * workflow's transitions, the denormalised state / current version /
 * review date of `document` and the FTS index (both recomputed from the
 * versions by one statement each after every change), search, process
 * links, read acknowledgements and the review reminders. */
#include "store_document.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
/* the document table outermost, so that ORDER BY walks its index */
#define DOC_SCAN "FROM document d CROSS JOIN org_unit u ON u.id = d.unit_id "
/* ?13 the sort, for the few matches of a driven statement */
#define DOC_SORT_SMALL                                                         \
    "ORDER BY CASE ?13 WHEN 1 THEN -d.updated_at ELSE 0 END, CASE ?13 WHEN 2 " \
    "THEN coalesce(d.review_due, '9999-12-31') ELSE '' END, d.title, d.id "
#define DOC_BY_PROC                                                            \
    "FROM document_process p CROSS JOIN document d ON d.id = p.document_id "   \
    "CROSS JOIN org_unit u ON u.id = d.unit_id "

/* ?1 scope, ?2 type, ?3 state, ?4 process, ?5 overdue (today), ?6 due by,
 * ?7 all, ?8 user, ?9 read paths, ?10 draft paths (JSON arrays). */
#define DOC_FILTER                                                             \
    "(?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1) "                      \
    "AND (?2 IS NULL OR d.doc_type = ?2) AND (?3 IS NULL OR d.state = ?3) "    \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM document_process p WHERE "       \
    "p.document_id = d.id AND p.process_id = ?4)) "                            \
    "AND (?5 IS NULL OR (d.state = 'approved' AND d.review_due < ?5)) "        \
    "AND (?6 IS NULL OR (d.state = 'approved' AND d.review_due <= ?6)) "       \
    "AND (?7 IS NOT NULL OR d.owner_id = ?8 OR d.deputy_id = ?8 OR "           \
    "d.approver_id = ?8 OR EXISTS (SELECT 1 FROM json_each(?10) g WHERE "      \
    "substr(u.path, 1, length(g.value)) = g.value) OR (d.state <> 'draft' "    \
    "AND EXISTS (SELECT 1 FROM json_each(?9) g WHERE "                         \
    "substr(u.path, 1, length(g.value)) = g.value OR "                         \
    "substr(g.value, 1, length(u.path)) = u.path))) "

#define VER_COLS(BODY)                                                         \
    "v.id, v.document_id, v.version_no, v.state, " BODY ", v.change_note, "    \
    "coalesce(v.author_id, 0), coalesce(v.submitted_at, 0), "                  \
    "coalesce(v.approved_by, 0), v.approved_on, v.valid_until, "               \
    "v.review_date, coalesce(v.archived_at, 0), v.created_at, v.updated_at, "  \
    "v.return_note, coalesce(v.returned_by, 0), coalesce(v.returned_at, 0), "  \
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
    STMT_COUNT,
    STMT_IDS_TITLE,
    STMT_IDS_UPDATED,
    STMT_IDS_REVIEW,
    STMT_IDS_PROC,
    STMT_IDS_SCOPE,
    STMT_IDS_STATE,
    STMT_IDS_TYPE,
    STMT_IDS_TYPE_TITLE,
    STMT_COUNT_PROC,
    STMT_COUNT_SCOPE,
    STMT_COUNT_STATE,
    STMT_FTS_IDS,
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
    STMT_PROC_LINKED,
    STMT_PROC_CHOICES,
    STMT_PROC_TOP,
    STMT_PROC_OF_PROVIDER,
    STMT_LINK,
    STMT_UNLINK,
    STMT_ACK,
    STMT_ACKED,
    STMT_ACK_SHARE,
    STMT_DUE,
    STMT_USER_LANG,
    STMT_MARK_REMINDED,
    STMT_MARK_ESCALATED,
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
        "coalesce(v.body_md, '') FROM document d LEFT JOIN document_version "
        "v ON v.id = d.current_version_id WHERE d.id = ?1",
    [STMT_COUNT] = "SELECT count(*) FROM (SELECT 1 " DOC_FROM
                   "WHERE " DOC_FILTER "LIMIT ?11)",
    /* the page's ids, scanning document in the sort's index order and
     * stopping after offset + limit matches; the rows are read one by one
     * (store_document_get) */
    [STMT_IDS_TITLE] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                       "ORDER BY d.title, d.id LIMIT ?11 OFFSET ?12",
    [STMT_IDS_UPDATED] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                         "ORDER BY d.updated_at DESC, d.id DESC "
                         "LIMIT ?11 OFFSET ?12",
    [STMT_IDS_REVIEW] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                        "ORDER BY coalesce(d.review_due, '9999-12-31'), d.id "
                        "LIMIT ?11 OFFSET ?12",
    /* one process: driven by its links, the few matches sorted (?13 the
     * sort) */
    [STMT_IDS_PROC] = "SELECT d.id " DOC_BY_PROC
                      "WHERE p.process_id = ?4 AND " DOC_FILTER DOC_SORT_SMALL
                      "LIMIT ?11 OFFSET ?12",
    /* a unit subtree with at most the count's cap of matches: driven by
     * the units, the matches sorted */
    [STMT_IDS_SCOPE] = "SELECT d.id FROM org_unit u CROSS JOIN document d ON "
                       "d.unit_id = u.id WHERE " DOC_FILTER DOC_SORT_SMALL
                       "LIMIT ?11 OFFSET ?12",
    /* a state (or overdue: approved) with few matches: driven by
     * document_review (?14 the state) */
    [STMT_IDS_STATE] = "SELECT d.id " DOC_SCAN
                       "WHERE d.state = ?14 AND " DOC_FILTER DOC_SORT_SMALL
                       "LIMIT ?11 OFFSET ?12",
    /* a type: driven by document_type_title (015), sorted when few, in
     * the index's title order when many */
    [STMT_IDS_TYPE] = "SELECT d.id " DOC_SCAN
                      "WHERE d.doc_type = ?2 AND " DOC_FILTER DOC_SORT_SMALL
                      "LIMIT ?11 OFFSET ?12",
    [STMT_IDS_TYPE_TITLE] = "SELECT d.id " DOC_SCAN "WHERE d.doc_type = ?2 "
                            "AND " DOC_FILTER "ORDER BY d.title, d.id "
                            "LIMIT ?11 OFFSET ?12",
    [STMT_COUNT_PROC] = "SELECT count(*) FROM (SELECT 1 " DOC_BY_PROC
                        "WHERE p.process_id = ?4 AND " DOC_FILTER "LIMIT ?11)",
    /* a unit subtree: driven by the units (document_unit), so a small
     * subtree counts only its own documents */
    /* a state: driven by document_review */
    [STMT_COUNT_STATE] = "SELECT count(*) FROM (SELECT 1 " DOC_SCAN
                         "WHERE d.state = ?3 AND " DOC_FILTER "LIMIT ?11)",
    [STMT_COUNT_SCOPE] =
        "SELECT count(*) FROM (SELECT 1 FROM org_unit u CROSS JOIN document "
        "d ON d.unit_id = u.id WHERE " DOC_FILTER "LIMIT ?11)",
    /* a search driven by the match, newest first, up to the cap */
    [STMT_FTS_IDS] = "SELECT d.id FROM document_fts f CROSS JOIN document d "
                     "ON d.id = f.rowid JOIN org_unit u ON u.id = d.unit_id "
                     "WHERE f.document_fts MATCH ?12 AND " DOC_FILTER
                     "ORDER BY f.rowid DESC LIMIT ?11",
    [STMT_VER_INSERT] =
        "INSERT INTO document_version (document_id, version_no, body_md, "
        "change_note, author_id, created_at, updated_at) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?6)",
    [STMT_VER_LIST] = "SELECT " VER_COLS("NULL") "WHERE v.document_id = ?1 "
                                                 "ORDER BY v.version_no DESC",
    [STMT_VER_GET] = "SELECT " VER_COLS("v.body_md") "WHERE v.document_id = ?1 "
                                                     "AND v.version_no = ?2",
    [STMT_VER_OPEN] =
        "SELECT " VER_COLS("v.body_md") "WHERE v.document_id = ?1 "
                                        "AND v.state IN ('draft', 'review')",
    [STMT_VER_NEXT] = "SELECT coalesce(max(version_no), 0) + 1 FROM "
                      "document_version WHERE document_id = ?1",
    [STMT_VER_EDIT] = "UPDATE document_version SET body_md = ?3, change_note = "
                      "?4, author_id = ?5, updated_at = ?6 WHERE document_id = "
                      "?1 AND version_no = ?2 AND state = 'draft'",
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
    [STMT_PROC_LINKED] =
        "SELECT p.id, p.unit_id, p.code, p.name, p.kind FROM "
        "document_process l JOIN process p ON p.id = l.process_id WHERE "
        "l.document_id = ?1 ORDER BY p.path",
    [STMT_PROC_CHOICES] = "SELECT id, unit_id, code, name, kind FROM process "
                          "WHERE provider_id = ?1 AND active = 1 ORDER BY path",
    /* the filter's choices: processes and sub-processes, at most 200 */
    [STMT_PROC_TOP] =
        "SELECT id, unit_id, code, name, kind FROM process WHERE provider_id "
        "= ?1 AND active = 1 AND length(path) - length(replace(path, '/', "
        "'')) <= 3 ORDER BY path LIMIT 200",
    [STMT_PROC_OF_PROVIDER] = "SELECT 1 FROM process p JOIN document d ON "
                              "d.provider_id = p.provider_id WHERE d.id = ?1 "
                              "AND p.id = ?2",
    [STMT_LINK] = "INSERT OR IGNORE INTO document_process (document_id, "
                  "process_id) VALUES (?1, ?2)",
    [STMT_UNLINK] = "DELETE FROM document_process WHERE document_id = ?1 AND "
                    "process_id = ?2",
    [STMT_ACK] = "INSERT OR IGNORE INTO document_ack (version_id, user_id, "
                 "document_id, acked_at) SELECT ?2, ?3, ?1, ?4 WHERE EXISTS "
                 "(SELECT 1 FROM document_version WHERE id = ?2 AND "
                 "document_id = ?1 AND state = 'approved')",
    [STMT_ACKED] = "SELECT count(*) FROM document_ack WHERE version_id = ?1 "
                   "AND user_id = ?2",
    /* ?1 target unit path, ?2 role or NULL, ?3 version */
    [STMT_ACK_SHARE] =
        "SELECT count(*), count(k.user_id) FROM (SELECT DISTINCT r.user_id "
        "AS uid FROM role_assignment r JOIN org_unit u ON u.id = r.unit_id "
        "JOIN app_user au ON au.id = r.user_id WHERE au.active = 1 AND "
        "substr(u.path, 1, length(?1)) = ?1 AND (?2 IS NULL OR r.role = ?2)) "
        "t LEFT JOIN document_ack k ON k.version_id = ?3 AND k.user_id = "
        "t.uid",
    /* approved documents with a review date up to ?1 not yet escalated */
    [STMT_DUE] =
        "SELECT d.id, d.code, d.title, d.owner_id, coalesce(d.deputy_id, 0), "
        "d.review_due, d.reminded_for, d.escalated_for, u.path FROM document "
        "d JOIN org_unit u ON u.id = d.unit_id WHERE d.state = 'approved' "
        "AND d.review_due <= ?1 AND (d.escalated_for IS NULL OR "
        "d.escalated_for <> d.review_due) ORDER BY d.review_due, d.id",
    [STMT_USER_LANG] = "SELECT lang FROM app_user WHERE id = ?1",
    [STMT_MARK_REMINDED] =
        "UPDATE document SET reminded_for = ?2 WHERE id = ?1",
    [STMT_MARK_ESCALATED] = "UPDATE document SET reminded_for = "
                            "coalesce(reminded_for, ?2), escalated_for = ?2 "
                            "WHERE id = ?1",
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
    v->author_name = sq_str(a, s, i++);
    v->approver_name = sq_str(a, s, i++);
    v->returned_by_name = sq_str(a, s, i++);
}

static void read_proc(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct doc_process *p = elem;

    p->id = sq_int(s, 0);
    p->unit_id = sq_int(s, 1);
    p->code = sq_str(a, s, 2);
    p->name = sq_str(a, s, 3);
    p->kind = sq_str(a, s, 4);
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

/* ver_json is the audited view of a version (the body by its length). */
static char *ver_json(struct arena *a, const struct docv_rec *v)
{
    return sq_json(
        a, json_pack(
               "{sI sI si ss sI ss? sI ss? ss? ss? ss?}", "id",
               (json_int_t)v->id, "document_id", (json_int_t)v->document_id,
               "version_no", v->version_no, "state", v->state, "body_bytes",
               (json_int_t)(v->body_md ? strlen(v->body_md) : 0), "change_note",
               v->change_note, "approved_by", (json_int_t)v->approved_by,
               "approved_on", v->approved_on, "valid_until", v->valid_until,
               "review_date", v->review_date, "return_note", v->return_note));
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

static enum err int_of(struct store *st, sqlite3_stmt *s, int64_t *out)
{
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *out = sq_int(s, 0);
    sqlite3_reset(s);
    return E_OK;
}

static enum err provider_of(struct store *st, int64_t unit_id, int64_t *out)
{
    return int_of(st, sq_start(st, &sq_tab_document, STMT_UNIT, "i", unit_id),
                  out);
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

static enum err insert_version(struct store *st, const struct actor *who,
                               int64_t doc_id, int version_no,
                               const char *body_md, const char *change_note)
{
    return sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_INSERT, "iittIi",
                                doc_id, (int64_t)version_no, body_md,
                                sq_empty_null(change_note), who->user_id,
                                datetime_now()));
}

enum err store_document_create(struct store *st, const struct actor *who,
                               struct doc_rec *d, const char *body_md,
                               const char *change_note)
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
    if ((e = insert_version(st, who, d->id, 1, body_md, change_note)) ||
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
                              const char *change_note, int *version_no)
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
    if ((e = int_of(st,
                    sq_start(st, &sq_tab_document, STMT_VER_NEXT, "i", doc_id),
                    &next)) ||
        (e = insert_version(st, who, doc_id, (int)next, body_md,
                            change_note)) ||
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
                         const char *change_note)
{
    struct arena *a = arena_new();
    struct docv_rec before;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_docv_get(st, a, doc_id, version_no, &before)))
        goto out;
    e = changed(st, sq_done(st, sq_start(st, &sq_tab_document, STMT_VER_EDIT,
                                         "iittIi", doc_id, (int64_t)version_no,
                                         body_md, sq_empty_null(change_note),
                                         who->user_id, datetime_now())));
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

/* ---- search ---- */

/* fts_query turns typed words into an FTS5 query: each word quoted and
 * matched as a prefix, all words required; NULL without a word. */
static const char *fts_query(struct arena *a, const char *q)
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

int64_t doc_total_cap(const struct doc_filter *f)
{
    int64_t seen = (int64_t)f->offset + (f->limit > 0 ? f->limit : 25);

    return seen > DOC_TOTAL_CAP ? seen : DOC_TOTAL_CAP;
}

#define DOC_ARGS                                                               \
    sq_empty_null(f->scope_path), sq_empty_null(f->doc_type),                  \
        sq_empty_null(f->state), f->process_id,                                \
        sq_empty_null(f->overdue_today), sq_empty_null(f->due_by),             \
        (int64_t)(f->all ? 1 : 0), f->user_id,                                 \
        f->read_paths ? f->read_paths : "[]",                                  \
        f->draft_paths ? f->draft_paths : "[]"

/* search_fts: the matching ids up to the cap in one pass (the capped
 * total), then the page's documents one by one. */
static enum err search_fts(struct store *st, struct arena *a,
                           const struct doc_filter *f, const char *q,
                           struct doc_rec **out, size_t *n, int64_t *total)
{
    int64_t cap = doc_total_cap(f) + 1, *ids,
            lim = f->limit > 0 ? f->limit : 25;
    sqlite3_stmt *s = sq_start(st, &sq_tab_document, STMT_FTS_IDS,
                               "tttIttIittit", DOC_ARGS, cap, q);
    size_t m = 0, i;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!(ids = arena_alloc(a, (size_t)cap * sizeof(*ids))))
        return E_NOMEM;
    while ((e = sq_row(st, s)) == E_OK)
        if (m < (size_t)cap)
            ids[m++] = sq_int(s, 0);
    if (e != E_NOTFOUND)
        return e;
    *total = (int64_t)m;
    if ((int64_t)m <= f->offset)
        return E_OK;
    if ((int64_t)m - f->offset < lim)
        lim = (int64_t)m - f->offset;
    if (!(*out = arena_alloc(a, (size_t)lim * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < (size_t)lim; i++)
        if ((e = store_document_get(st, a, ids[f->offset + (int64_t)i],
                                    &(*out)[i])))
            return e;
    *n = (size_t)lim;
    return E_OK;
}

/* read_ids reads the page's documents by id, in the order given. */
static enum err read_ids(struct store *st, struct arena *a, sqlite3_stmt *s,
                         int limit, struct doc_rec **out, size_t *n)
{
    int64_t *ids;
    size_t m = 0, i;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!(ids = arena_alloc(a, (size_t)limit * sizeof(*ids))))
        return E_NOMEM;
    while ((e = sq_row(st, s)) == E_OK)
        if (m < (size_t)limit)
            ids[m++] = sq_int(s, 0);
    if (e != E_NOTFOUND)
        return e;
    if (!m)
        return E_OK;
    if (!(*out = arena_alloc(a, m * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < m; i++)
        if ((e = store_document_get(st, a, ids[i], &(*out)[i])))
            return e;
    *n = m;
    return E_OK;
}

enum err store_document_search(struct store *st, struct arena *a,
                               const struct doc_filter *f, struct doc_rec **out,
                               size_t *n, int64_t *total)
{
    static const int ids[DOC_SORT__MAX] = {
        [DOC_SORT_TITLE] = STMT_IDS_TITLE,
        [DOC_SORT_UPDATED] = STMT_IDS_UPDATED,
        [DOC_SORT_REVIEW] = STMT_IDS_REVIEW,
    };
    const char *q = fts_query(a, sq_empty_null(f->q));
    int sort = (unsigned)f->sort < DOC_SORT__MAX ? (int)f->sort : 0;
    int lim = f->limit > 0 ? f->limit : 25, few, k;
    const char *state;
    sqlite3_stmt *s;
    enum err e;

    if (q)
        return search_fts(st, a, f, q, out, n, total);
    s = sq_start(st, &sq_tab_document,
                 f->process_id                  ? STMT_COUNT_PROC
                 : sq_empty_null(f->scope_path) ? STMT_COUNT_SCOPE
                 : sq_empty_null(f->state)      ? STMT_COUNT_STATE
                                                : STMT_COUNT,
                 "tttIttIitti", DOC_ARGS, doc_total_cap(f) + 1);
    if ((e = int_of(st, s, total)))
        return e;
    /* few matches: driven by the process, the units, the state or the
     * type, then sorted; many: walking the sort's index finds a page soon
     * (by type when the titles' order follows the types) */
    few = *total <= doc_total_cap(f);
    state = sq_empty_null(f->state);
    if (!state && (f->overdue_today || f->due_by))
        state = "approved";
    k = f->process_id                         ? STMT_IDS_PROC
        : few && sq_empty_null(f->scope_path) ? STMT_IDS_SCOPE
        : few && state                        ? STMT_IDS_STATE
        : few && sq_empty_null(f->doc_type)   ? STMT_IDS_TYPE
        : sort == DOC_SORT_TITLE && sq_empty_null(f->doc_type)
            ? STMT_IDS_TYPE_TITLE
            : ids[sort];
    /* the index walks bind ?1..?12, the sorted ones ?13 too, the state's
     * ?14 */
    s = sq_start(st, &sq_tab_document, k,
                 k == STMT_IDS_STATE                          ? "tttIttIittiiit"
                 : k == STMT_IDS_TYPE_TITLE || k == ids[sort] ? "tttIttIittii"
                                                              : "tttIttIittiii",
                 DOC_ARGS, (int64_t)lim, (int64_t)f->offset, (int64_t)sort,
                 state);
    return read_ids(st, a, s, lim, out, n);
}
#undef DOC_ARGS

/* ---- process links ---- */

enum err store_document_processes(struct store *st, struct arena *a,
                                  int64_t doc_id, int64_t provider_id,
                                  struct doc_process **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        doc_id ? sq_start(st, &sq_tab_document, STMT_PROC_LINKED, "i", doc_id)
               : sq_start(st, &sq_tab_document, STMT_PROC_CHOICES, "i",
                          provider_id),
        sizeof(**out), read_proc, &p, n);

    *out = p;
    return e;
}

enum err store_document_process_filter(struct store *st, struct arena *a,
                                       int64_t provider_id,
                                       struct doc_process **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_document, STMT_PROC_TOP, "i", provider_id),
        sizeof(**out), read_proc, &p, n);

    *out = p;
    return e;
}

enum err store_document_link(struct store *st, const struct actor *who,
                             int64_t doc_id, int64_t process_id, int on)
{
    struct arena *a = arena_new();
    int64_t one;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = int_of(st,
                    sq_start(st, &sq_tab_document, STMT_PROC_OF_PROVIDER, "ii",
                             doc_id, process_id),
                    &one)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_document, on ? STMT_LINK : STMT_UNLINK,
                             "ii", doc_id, process_id));
    if (e || !sqlite3_changes(st->db))
        goto out;
    e = store_audit(
        st, who, on ? "link" : "unlink", "document", doc_id, NULL,
        sq_json(a, json_pack("{sI}", "process_id", (json_int_t)process_id)));
out:
    arena_free(a);
    return e;
}

/* ---- read acknowledgements ---- */

enum err store_document_ack(struct store *st, const struct actor *who,
                            int64_t doc_id, int64_t version_id, int64_t user_id)
{
    struct arena *a;
    enum err e;
    int acked;

    if ((e = store_document_acked(st, version_id, user_id, &acked)) || acked)
        return e;
    e = sq_done(st, sq_start(st, &sq_tab_document, STMT_ACK, "iiii", doc_id,
                             version_id, user_id, datetime_now()));
    if (e)
        return e;
    if (!sqlite3_changes(st->db))
        return E_CONFLICT; /* not the approved version (any more) */
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "ack", "document", doc_id, NULL,
        sq_json(a, json_pack("{sI sI}", "version_id", (json_int_t)version_id,
                             "user_id", (json_int_t)user_id)));
    arena_free(a);
    return e;
}

enum err store_document_acked(struct store *st, int64_t version_id,
                              int64_t user_id, int *acked)
{
    int64_t k = 0;
    enum err e = int_of(
        st,
        sq_start(st, &sq_tab_document, STMT_ACKED, "ii", version_id, user_id),
        &k);

    *acked = k > 0;
    return e;
}

enum err store_document_ack_share(struct store *st, const struct doc_rec *d,
                                  int64_t *read, int64_t *target)
{
    const char *path = d->ack_unit_path ? d->ack_unit_path : d->unit_path;
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_document, STMT_ACK_SHARE, "tti", path,
                 sq_empty_null(d->ack_role),
                 strcmp(d->state, "approved") == 0 ? d->current_version_id : 0);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *target = sq_int(s, 0);
    *read = sq_int(s, 1);
    sqlite3_reset(s);
    return E_OK;
}

/* ---- review reminders ---- */

struct due_row {
    int64_t id, owner_id, deputy_id;
    const char *code, *title, *review_due, *reminded_for, *escalated_for;
    const char *unit_path;
};

static void read_due(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct due_row *d = elem;

    d->id = sq_int(s, 0);
    d->code = sq_str(a, s, 1);
    d->title = sq_str(a, s, 2);
    d->owner_id = sq_int(s, 3);
    d->deputy_id = sq_int(s, 4);
    d->review_due = sq_str(a, s, 5);
    d->reminded_for = sq_str(a, s, 6);
    d->escalated_for = sq_str(a, s, 7);
    d->unit_path = sq_str(a, s, 8);
}

/* tell notifies user_id about d in the user's language: kind
 * "doc_review" (the owner and deputy, before the review date) or
 * "doc_overdue" (the unit's managers, after it). */
static enum err tell(struct store *st, struct arena *a, int64_t user_id,
                     const struct due_row *d, const char *kind, int64_t now)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_document, STMT_USER_LANG, "i", user_id);
    enum err e = sq_row(st, s);
    const char *lang, *subj, *body;
    int en, overdue = strcmp(kind, "doc_overdue") == 0;

    if (e)
        return e == E_NOTFOUND ? E_OK : e;
    lang = sq_str(a, s, 0);
    sqlite3_reset(s);
    en = lang && strcmp(lang, "en") == 0;
    if (overdue && en) {
        subj = arena_printf(a, "Review date passed: %s %s", d->code, d->title);
        body = arena_printf(a,
                            "The document %s \"%s\" was due for review by "
                            "%s and has not been reviewed. You receive this "
                            "message as the unit's manager.",
                            d->code, d->title, d->review_due);
    } else if (overdue) {
        subj = arena_printf(a, "Revisionsdatum passerat: %s %s", d->code,
                            d->title);
        body = arena_printf(a,
                            "Dokumentet %s \"%s\" skulle ha reviderats "
                            "senast %s och är inte reviderat. Du får det här "
                            "meddelandet som chef för enheten.",
                            d->code, d->title, d->review_due);
    } else if (en) {
        subj = arena_printf(a, "Time to review %s %s", d->code, d->title);
        body = arena_printf(a,
                            "The document %s \"%s\" is due for review by %s. "
                            "You receive this message as its owner or "
                            "deputy.",
                            d->code, d->title, d->review_due);
    } else {
        subj = arena_printf(a, "Dags att revidera %s %s", d->code, d->title);
        body = arena_printf(a,
                            "Dokumentet %s \"%s\" ska revideras senast %s. "
                            "Du får det här meddelandet som ägare eller "
                            "ersättare.",
                            d->code, d->title, d->review_due);
    }
    return store_notify(st, user_id, 0, kind, subj, body, now);
}

static enum err remind(struct store *st, struct arena *a,
                       const struct due_row *d, int64_t now)
{
    static const struct actor sys = {0, "system"};
    enum err e;

    if ((e = tell(st, a, d->owner_id, d, "doc_review", now)))
        return e;
    if (d->deputy_id && (e = tell(st, a, d->deputy_id, d, "doc_review", now)))
        return e;
    if ((e = sq_done(st, sq_start(st, &sq_tab_document, STMT_MARK_REMINDED,
                                  "it", d->id, d->review_due))))
        return e;
    return store_audit(
        st, &sys, "remind", "document", d->id, NULL,
        sq_json(a, json_pack("{ss}", "reminded_for", d->review_due)));
}

static enum err escalate(struct store *st, struct arena *a,
                         const struct due_row *d, int64_t now)
{
    static const struct actor sys = {0, "system"};
    int64_t *mgr;
    size_t n, i;
    enum err e;

    if ((e = store_unit_managers(st, a, d->unit_path, &mgr, &n)))
        return e;
    for (i = 0; i < n; i++)
        if ((e = tell(st, a, mgr[i], d, "doc_overdue", now)))
            return e;
    if ((e = sq_done(st, sq_start(st, &sq_tab_document, STMT_MARK_ESCALATED,
                                  "it", d->id, d->review_due))))
        return e;
    return store_audit(
        st, &sys, "escalate", "document", d->id, NULL,
        sq_json(a, json_pack("{ss sI}", "escalated_for", d->review_due,
                             "managers", (json_int_t)n)));
}

enum err store_document_reminders(struct store *st, int64_t now, int days,
                                  int *reminded, int *escalated)
{
    struct arena *a = arena_new();
    char today[11], horizon[11];
    struct due_row *rows;
    struct buf b;
    void *p = NULL;
    size_t n, i;
    enum err e;
    int nr = 0, ne = 0;

    if (!a)
        return E_NOMEM;
    if (days <= 0)
        days = DOC_REMIND_DAYS;
    buf_init(&b, 64);
    datetime_fmt_date_sv(&b, now);
    if (b.err || b.len != 10) {
        buf_release(&b);
        e = E_INVAL;
        goto out;
    }
    memcpy(today, b.p, sizeof(today));
    buf_release(&b);
    if (doc_add_days(today, days, horizon)) {
        e = E_INVAL;
        goto out;
    }
    e = sq_collect(st, a,
                   sq_start(st, &sq_tab_document, STMT_DUE, "t", horizon),
                   sizeof(*rows), read_due, &p, &n);
    rows = p;
    for (i = 0; !e && i < n; i++) {
        switch (doc_reminder_due(rows[i].review_due, rows[i].reminded_for,
                                 rows[i].escalated_for, today, days)) {
        case DR_REMIND:
            e = remind(st, a, &rows[i], now);
            nr++;
            break;
        case DR_ESCALATE:
            e = escalate(st, a, &rows[i], now);
            ne++;
            break;
        case DR_NONE:
            break;
        }
    }
out:
    if (reminded)
        *reminded = nr;
    if (escalated)
        *escalated = ne;
    arena_free(a);
    return e;
}
