/* attachments.h: case attachments as the report form, the case page and
 * the API share them: who may add one, checking and storing the files of
 * an upload, the case page's section and the JSON list. The rules (types,
 * limits, names) are core/attach.h; the bytes live in the store. */
#ifndef SKA_ATTACHMENTS_H
#define SKA_ATTACHMENTS_H

#include <jansson.h>

#include "cases.h"
#include "core/fielderr.h"
#include "req.h"
#include "tmpl.h"

/* The file input's accept list: a hint for the phone's picker only; the
 * server decides by content. */
#define ATTACHMENTS_ACCEPT                                                     \
    ".pdf,.png,.jpg,.jpeg,.heic,.heif,.txt,.csv,.docx,.xlsx,application/pdf,"  \
    "image/png,image/jpeg,image/heic,image/heif,text/plain"

/* attachments_may_add: those who handle cases at the case's unit while it
 * is neither closed nor rejected, and the reporter while it is still new. */
int attachments_may_add(const struct req *r, const struct case_rec *c,
                        const struct cases_access *ac);
/* attachments_check checks the request's files of form field field (NULL:
 * every file) as new attachments of a case already holding files
 * attachments of bytes: E_OK, or E_INVAL with field "files" marked in fe
 * (the first problem; *too_big set when a file is over the size limit). */
enum err attachments_check(struct req *r, const char *field, int64_t files,
                           int64_t bytes, struct fielderrs *fe, int *too_big);
/* attachments_store adds those files (checked before) to case case_id,
 * each with its audit entry, inside the caller's transaction. */
enum err attachments_store(struct req *r, int64_t case_id, const char *field);
/* attachments_case_section fills ctx for case_attachments.html: the list
 * and, when attachments_may_add, the upload form. */
enum err attachments_case_section(struct req *r, struct tv *ctx,
                                  const struct case_rec *c,
                                  const struct cases_access *ac);
/* attachments_json lists a case's attachments for the API (new ref; NULL
 * when they cannot be read). A confidential reporter is not named as the
 * uploader to those who may not know them. */
json_t *attachments_json(struct req *r, const struct case_rec *c,
                         const struct cases_access *ac);
/* attachments_human_size: "850 byte", "12 kB", "3,4 MB" (Swedish decimal
 * comma), in the request's arena. */
const char *attachments_human_size(struct req *r, int64_t n);
/* attachments_disposition is an RFC 6266 Content-Disposition for a
 * download: an ASCII fallback and the exact UTF-8 name percent-encoded
 * (RFC 8187), in the request's arena. */
const char *attachments_disposition(struct req *r, const char *name);

#endif
