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
void notify_case_section(struct req *r, struct tv *ctx, int64_t case_id);
/* notify_unread is the user's unread count, 0 on error. */
size_t notify_unread(struct req *r);

void page_inbox(struct req *r);
void page_inbox_read(struct req *r);

/* notify_start starts the outbox worker on database db: SMTP to smtp_url
 * (NULL: none, messages wait) from address from. notify_stop sends what is
 * due once more (best effort) and joins it. */
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
