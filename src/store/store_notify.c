/* store_notify.c: notifications: the in-app inbox and the e-mail outbox a
 * worker drains. A notification is written in the caller's transaction,
 * together with its outbox row when the user has an e-mail address; the
 * sender marks rows sent or failed and never deletes them, so a failure
 * cannot lose a message. */
#include <string.h>

#include "sqlite_int.h"

#define NOTE_COLS                                                              \
    "n.id, n.user_id, coalesce(n.case_id, 0), n.kind, n.subject, n.body, "     \
    "n.created_at, coalesce(n.read_at, 0), au.name, "                          \
    "coalesce(o.to_addr, ''), coalesce(o.attempts, -1), "                      \
    "coalesce(o.sent_at, 0), o.last_error, df.name "                           \
    "FROM notification n JOIN app_user au ON au.id = n.user_id "               \
    "LEFT JOIN app_user df ON df.id = n.deputy_for "                           \
    "LEFT JOIN outbox o ON o.notification_id = n.id "

#define OUTBOX_COLS                                                            \
    "id, notification_id, to_addr, subject, body, created_at, attempts"

enum stmt {
    STMT_INSERT,
    STMT_OUTBOX_INSERT,
    STMT_INBOX,
    STMT_UNREAD,
    STMT_READ,
    STMT_CASE,
    STMT_CLAIM,
    STMT_SENT,
    STMT_FAILED,
    STMT_MANAGERS,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_INSERT] =
        "INSERT INTO notification (user_id, case_id, kind, "
        "subject, body, created_at, deputy_for) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7)",
    /* only for an active user with an address */
    [STMT_OUTBOX_INSERT] =
        "INSERT INTO outbox (notification_id, to_addr, subject, body, "
        "created_at, next_attempt_at) SELECT ?1, email, ?3, ?4, ?5, ?5 "
        "FROM app_user WHERE id = ?2 AND active = 1 AND email IS NOT NULL "
        "AND trim(email) <> ''",
    [STMT_INBOX] = "SELECT " NOTE_COLS "WHERE n.user_id = ?1 "
                   "ORDER BY n.id DESC LIMIT ?2",
    [STMT_UNREAD] = "SELECT count(*) FROM notification WHERE user_id = ?1 "
                    "AND read_at IS NULL",
    [STMT_READ] = "UPDATE notification SET read_at = coalesce(read_at, ?3) "
                  "WHERE id = ?1 AND user_id = ?2",
    [STMT_CASE] = "SELECT " NOTE_COLS "WHERE n.case_id = ?1 ORDER BY n.id",
    /* claiming moves next_attempt_at past a lease, so a message being sent
     * is not picked up again meanwhile; a crash only delays it */
    [STMT_CLAIM] =
        "UPDATE outbox SET next_attempt_at = ?1 + ?3 WHERE id IN "
        "(SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ?4 "
        "AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2) "
        "RETURNING " OUTBOX_COLS,
    [STMT_SENT] = "UPDATE outbox SET sent_at = ?2, attempts = attempts + 1, "
                  "last_error = NULL WHERE id = ?1",
    [STMT_FAILED] = "UPDATE outbox SET attempts = attempts + 1, "
                    "last_error = ?2, next_attempt_at = ?3 WHERE id = ?1",
    /* managers at the unit at path ?1 or at one of its ancestors */
    [STMT_MANAGERS] =
        "SELECT DISTINCT ra.user_id FROM role_assignment ra "
        "JOIN org_unit u ON u.id = ra.unit_id "
        "JOIN app_user au ON au.id = ra.user_id "
        "WHERE ra.role = 'manager' AND au.active = 1 "
        "AND substr(?1, 1, length(u.path)) = u.path ORDER BY ra.user_id",
};

const struct sq_table sq_tab_notify = {SQ_NOTIFY, stmts, STMT__MAX};

int64_t store_outbox_backoff(int attempts, int64_t base)
{
    int64_t d = base > 0 ? base : 60;
    int i;

    for (i = 1; i < attempts && d < NOTIFY_BACKOFF_MAX; i++)
        d *= 2;
    return d < NOTIFY_BACKOFF_MAX ? d : NOTIFY_BACKOFF_MAX;
}

enum err store_notify(struct store *st, int64_t user_id, int64_t case_id,
                      const char *kind, const char *subject, const char *body,
                      int64_t now)
{
    return store_notify_copy(st, user_id, 0, case_id, kind, subject, body, now);
}

enum err store_notify_copy(struct store *st, int64_t user_id,
                           int64_t deputy_for, int64_t case_id,
                           const char *kind, const char *subject,
                           const char *body, int64_t now)
{
    enum err e;
    int64_t id;

    e = sq_done(st,
                sq_start(st, &sq_tab_notify, STMT_INSERT, "iItttiI", user_id,
                         case_id, kind, subject, body, now, deputy_for));
    if (e)
        return e;
    id = sqlite3_last_insert_rowid(st->db);
    return sq_done(st, sq_start(st, &sq_tab_notify, STMT_OUTBOX_INSERT, "iitti",
                                id, user_id, subject, body, now));
}

static void read_note(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct notification_rec *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->user_id = sq_int(s, i++);
    x->case_id = sq_int(s, i++);
    x->kind = sq_str(a, s, i++);
    x->subject = sq_str(a, s, i++);
    x->body = sq_str(a, s, i++);
    x->created_at = sq_int(s, i++);
    x->read_at = sq_int(s, i++);
    x->user_name = sq_str(a, s, i++);
    x->to_addr = sq_str(a, s, i++);
    x->attempts = (int)sq_int(s, i++);
    x->sent_at = sq_int(s, i++);
    x->last_error = sq_str(a, s, i++);
    x->deputy_for_name = sq_str(a, s, i++);
}

enum err store_inbox_list(struct store *st, struct arena *a, int64_t user_id,
                          int limit, struct notification_rec **out, size_t *n)
{
    void *p = NULL;
    enum err e =
        sq_collect(st, a,
                   sq_start(st, &sq_tab_notify, STMT_INBOX, "ii", user_id,
                            (int64_t)(limit > 0 ? limit : 200)),
                   sizeof(**out), read_note, &p, n);

    *out = p;
    return e;
}

enum err store_inbox_unread(struct store *st, int64_t user_id, size_t *n)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_notify, STMT_UNREAD, "i", user_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *n = (size_t)sq_int(s, 0);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_inbox_mark_read(struct store *st, int64_t user_id, int64_t id,
                               int64_t now)
{
    enum err e = sq_done(
        st, sq_start(st, &sq_tab_notify, STMT_READ, "iii", id, user_id, now));

    if (e)
        return e;
    return sqlite3_changes(st->db) ? E_OK : E_NOTFOUND;
}

enum err store_case_notifications(struct store *st, struct arena *a,
                                  int64_t case_id,
                                  struct notification_rec **out, size_t *n)
{
    void *p = NULL;
    enum err e =
        sq_collect(st, a, sq_start(st, &sq_tab_notify, STMT_CASE, "i", case_id),
                   sizeof(**out), read_note, &p, n);

    *out = p;
    return e;
}

static void read_outbox(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct outbox_rec *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->notification_id = sq_int(s, i++);
    x->to_addr = sq_str(a, s, i++);
    x->subject = sq_str(a, s, i++);
    x->body = sq_str(a, s, i++);
    x->created_at = sq_int(s, i++);
    x->attempts = (int)sq_int(s, i++);
}

enum err store_outbox_claim(struct store *st, struct arena *a, int64_t now,
                            int limit, int64_t lease, struct outbox_rec **out,
                            size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_notify, STMT_CLAIM, "iiii",
                                     now, (int64_t)limit, lease,
                                     (int64_t)NOTIFY_MAX_ATTEMPTS),
                            sizeof(**out), read_outbox, &p, n);

    *out = p;
    return e;
}

enum err store_outbox_sent(struct store *st, int64_t id, int64_t now)
{
    return sq_done(st, sq_start(st, &sq_tab_notify, STMT_SENT, "ii", id, now));
}

enum err store_outbox_failed(struct store *st, int64_t id, int attempts,
                             const char *error, int64_t now, int64_t base)
{
    return sq_done(st,
                   sq_start(st, &sq_tab_notify, STMT_FAILED, "iti", id, error,
                            now + store_outbox_backoff(attempts + 1, base)));
}

enum err store_unit_managers(struct store *st, struct arena *a,
                             const char *unit_path, int64_t **out, size_t *n)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_notify, STMT_MANAGERS, "t", unit_path);
    size_t cap = 0;
    int64_t *v = NULL;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!s)
        return E_DB;
    while ((e = sq_row(st, s)) == E_OK) {
        if (!(v = sq_grow(a, v, &cap, *n, sizeof(*v)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v[(*n)++] = sq_int(s, 0);
    }
    *out = v;
    return e == E_NOTFOUND ? E_OK : e;
}
