/* store_document_ack.c: what hangs on a controlled document: its links to
 * processes (document_process), read acknowledgements (document_ack) with
 * the target group's share, and the review reminder sweep. */
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"
#include "store_document.h"

enum stmt {
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

const struct sq_table sq_tab_docack = {SQ_DOCACK, stmts, STMT__MAX};

static void read_proc(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct doc_process *p = elem;

    p->id = sq_int(s, 0);
    p->unit_id = sq_int(s, 1);
    p->code = sq_str(a, s, 2);
    p->name = sq_str(a, s, 3);
    p->kind = sq_str(a, s, 4);
}
/* ---- process links ---- */

enum err store_document_processes(struct store *st, struct arena *a,
                                  int64_t doc_id, int64_t provider_id,
                                  struct doc_process **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        doc_id
            ? sq_start(st, &sq_tab_docack, STMT_PROC_LINKED, "i", doc_id)
            : sq_start(st, &sq_tab_docack, STMT_PROC_CHOICES, "i", provider_id),
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
        st, a, sq_start(st, &sq_tab_docack, STMT_PROC_TOP, "i", provider_id),
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
    if ((e = sq_int_one(st,
                        sq_start(st, &sq_tab_docack, STMT_PROC_OF_PROVIDER,
                                 "ii", doc_id, process_id),
                        &one)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_docack, on ? STMT_LINK : STMT_UNLINK,
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
    e = sq_done(st, sq_start(st, &sq_tab_docack, STMT_ACK, "iiii", doc_id,
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
    enum err e = sq_int_one(
        st, sq_start(st, &sq_tab_docack, STMT_ACKED, "ii", version_id, user_id),
        &k);

    *acked = k > 0;
    return e;
}

enum err store_document_ack_share(struct store *st, const struct doc_rec *d,
                                  int64_t *read, int64_t *target)
{
    const char *path = d->ack_unit_path ? d->ack_unit_path : d->unit_path;
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_docack, STMT_ACK_SHARE, "tti", path,
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
        sq_start(st, &sq_tab_docack, STMT_USER_LANG, "i", user_id);
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
    if ((e = sq_done(st, sq_start(st, &sq_tab_docack, STMT_MARK_REMINDED, "it",
                                  d->id, d->review_due))))
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
    if ((e = sq_done(st, sq_start(st, &sq_tab_docack, STMT_MARK_ESCALATED, "it",
                                  d->id, d->review_due))))
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
    e = sq_collect(st, a, sq_start(st, &sq_tab_docack, STMT_DUE, "t", horizon),
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
