/* documents.h: what the controlled-document pages (page_documents.c,
 * page_document_forms.c) and the API (api_documents.c) share: who may
 * read and change a document, and the changes themselves, each validated
 * (core/document.c) and written in one transaction with its audit entry
 * (store_document.c). */
#ifndef SKA_DOCUMENTS_H
#define SKA_DOCUMENTS_H

#include <jansson.h>

#include "core/attach.h"
#include "req.h"
#include "store/store_document.h"
#include "tmpl.h"

/* What the user may do with one document. */
struct doc_access {
    int read;      /* the approved and archived versions */
    int read_open; /* drafts and versions under review */
    int maintain;  /* the descriptive fields and process links */
    unsigned rel;  /* DOC_R_* bits */
};

/* docs_access_of: approved and archived versions are read by everyone whose
 * grants touch the document's unit (at it, below it or above it); open
 * versions by the owner, deputy and approver and by quality coordinators,
 * administrators and auditors in scope; the descriptive fields and links
 * are kept by the owner, the deputy, the approver, and quality
 * coordinators and administrators in scope ("only owners and approvers
 * change documents"; the coordinators replace an owner who left). A document
 * never approved is not read at all without read_open. */
struct doc_access docs_access_of(const struct req *r, const struct doc_rec *d);
/* docs_visible loads document id when the user may read it; 0 after
 * answering 404 otherwise. */
int docs_visible(struct req *r, int64_t id, struct doc_rec *d,
                 struct doc_access *ac);
/* docs_may_create: the user may create documents at the unit with path. */
int docs_may_create(const struct req *r, const char *unit_path);
/* docs_filter_paths fills f's visibility (user, read and draft paths). */
void docs_filter_paths(struct req *r, struct doc_filter *f);

/* The file of a draft's save (document_files.c): op DF_SET with file when
 * the request carries one in field "file", DF_DROP when "remove_file" is
 * set, else DF_KEEP. bad when the file was refused (its field marked),
 * too_big when over ATTACH_FILE_MAX (answer 413). */
struct docs_upload {
    enum docv_file_op op;
    struct docv_file file;
    int bad, too_big;
    char name[ATTACH_NAME_MAX + 16], hex[ATTACH_SHA256_HEX];
};

/* docs_upload_read reads and checks the request's file (type by content,
 * size) into u, marking "file" in fe when it is refused. */
void docs_upload_read(struct req *r, struct docs_upload *u,
                      struct fielderrs *fe);
/* docs_upload_status: 413 for a file over the limit, else 422. */
int docs_upload_status(const struct docs_upload *u);
/* docs_upload_again marks "file" when a good file was sent with a form
 * refused for other reasons (it was not stored: choose it again). */
void docs_upload_again(struct req *r, const struct docs_upload *u,
                       struct fielderrs *fe);
/* docs_file_ctx puts version v's file, if any, into o as "file" (name,
 * url, size, kind, sha256) for the templates. */
void docs_file_ctx(struct req *r, struct tv *o, int64_t doc_id,
                   const struct docv_rec *v);
/* docs_file_json: v's file for the API (name, type, mime, size, sha256,
 * url), or JSON null; a new reference. */
json_t *docs_file_json(struct req *r, int64_t doc_id, const struct docv_rec *v);

/* The changes. Each returns E_INVAL with fe filled, E_DENIED, E_CONFLICT
 * (the version moved on), or a store error. u (may be NULL: keep) is the
 * draft's file, read by docs_upload_read; a refused file is E_INVAL. */
enum err docs_create(struct req *r, struct doc_rec *d, const char *body,
                     const char *note, const struct docs_upload *u,
                     struct fielderrs *fe);
enum err docs_update(struct req *r, const struct doc_rec *old,
                     struct doc_rec *d, struct fielderrs *fe);
/* docs_save_draft rewrites the open draft, or starts the next version
 * (which keeps the current version's file unless u replaces or drops
 * it). */
enum err docs_save_draft(struct req *r, const struct doc_rec *d,
                         const char *body, const char *note,
                         const struct docs_upload *u, struct fielderrs *fe,
                         int *version_no);
/* docs_step takes ev on version_no (0 = the open version for submit,
 * approve and return, the approved one for archive). */
enum err docs_step(struct req *r, const struct doc_rec *d, int version_no,
                   enum doc_event ev, const char *comment,
                   const char *valid_until, struct fielderrs *fe);
enum err docs_link(struct req *r, const struct doc_rec *d, int64_t process_id,
                   int on);
enum err docs_ack(struct req *r, const struct doc_rec *d);

/* docs_mark_errors puts fe into ctx for form_errors.html ("errors",
 * "has_errors") and as "err_FIELD", labelled with doc.field.*. */
void docs_mark_errors(struct req *r, struct tv *ctx,
                      const struct fielderrs *fe);
/* docs_show renders document d (page_documents.c) with status and, after
 * a failed form, its field errors. */
void docs_show(struct req *r, const struct doc_rec *d,
               const struct doc_access *ac, int status,
               const struct fielderrs *fe);
/* docs_page_no is the ?page= number (1 when absent or bad). */
long docs_page_no(struct req *r);
/* docs_status: the display status of d today. */
enum doc_status docs_status(struct req *r, const struct doc_rec *d);

#endif
