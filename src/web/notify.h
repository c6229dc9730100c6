/* notify.h: notifications: the hooks the case code calls inside its
 * transaction, the inbox pages, the case page's list, and the worker thread
 * that sends the e-mail outbox through SMTP (libcurl). */
#ifndef SKA_NOTIFY_H
#define SKA_NOTIFY_H

#include <stdint.h>

#include "buf.h"
#include "core/case.h"
#include "err.h"
#include "req.h"

struct tv;
struct arena;
struct store;

/* One message, written in each recipient's language: kind selects the
 * texts "notify.<kind>.subject" and "notify.<kind>.body"; the subject ends
 * with the case number (or "action N"), the body lists the fields set. */
struct note {
    int64_t case_id;   /* the case it is about (0 none) */
    int64_t action_id; /* for an action: named when there is no number */
    const char *kind, *number, *unit, *what, *link;
    const char *clock;    /* a reminder's clock ("state", "lex_maria",
                             "complaint", "action"), else NULL */
    const char *deadline; /* its date */
};

/* notify_send writes note n to each of users (once each, never to skip)
 * and a marked copy to every active deputy (store_deputies_on, the
 * Stockholm date of now) of each of them who is not an addressee already.
 * Inside the caller's transaction; strings in a. */
enum err notify_send(struct store *st, struct arena *a, const int64_t *users,
                     size_t nusers, int64_t skip, const struct note *n,
                     int64_t now);

/* notify_case_new tells the managers of case c's unit (and its ancestors)
 * about a new case; call after store_case_create, before the commit. */
enum err notify_case_new(struct req *r, const struct case_rec *c);
/* notify_case_update compares c, about to be stored, with the stored case:
 * a new handler (other than the user acting) is told of the assignment and
 * the reporter of new or changed feedback. Call before store_case_update,
 * inside the transaction. */
enum err notify_case_update(struct req *r, const struct case_rec *c);
/* notify_case_section adds the case's notifications ("notifications",
 * "has_notifications") to a case page context. */
enum err notify_case_section(struct req *r, struct tv *ctx, int64_t case_id);
/* notify_unread is the user's unread count, 0 on error. */
size_t notify_unread(struct req *r);

void page_inbox(struct req *r);
void page_inbox_read(struct req *r);

/* notify_start runs the reminder sweep (remind.h) once, then starts the
 * worker on database db: it sweeps every minute and sends the outbox by
 * SMTP to smtp_url (NULL: none, messages wait) from address from.
 * notify_stop sends what is due once more (best effort) and joins it. */
enum err notify_start(const char *db, const char *smtp_url, const char *from);
void notify_stop(void);

/* notify_subject_encode appends s as an RFC 2047 header value: as is when
 * it is printable ASCII, else as UTF-8 "B" encoded-words of at most 75
 * characters, folded. */
void notify_subject_encode(struct buf *b, const char *s);
/* notify_format builds the RFC 5322 message (CRLF line ends). */
void notify_format(struct buf *b, const char *from, const char *to,
                   const char *subject, const char *body, int64_t now,
                   int64_t id);

#endif
