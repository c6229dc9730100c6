/* store_document.h: the controlled documents' part of the store interface
 * (store_document.c): documents and their versions, the workflow's
 * transitions with the denormalised columns of `document` and the
 * full-text index kept in the same transaction, search, links to
 * processes, read acknowledgements and the review reminders. Every change
 * writes its audit entry; call the changing functions between
 * store_begin and store_commit. Strings come back in the caller's arena. */
#ifndef SKA_STORE_DOCUMENT_H
#define SKA_STORE_DOCUMENT_H

#include "core/document.h"
#include "store/store.h"

enum doc_sort {
    DOC_SORT_TITLE,   /* title A-Ö */
    DOC_SORT_UPDATED, /* latest change first */
    DOC_SORT_REVIEW,  /* earliest review date first */
    DOC_SORT__MAX
};

/* Search filters; 0 / NULL = any. Visibility: with all unset, a document
 * is listed when the user (user_id) is its owner, deputy or approver, or
 * its unit lies in a subtree of draft_paths (a JSON array of unit paths:
 * the grants that read drafts), or, once approved or archived, when its
 * unit lies in a subtree of read_paths (JSON array) or above one of them.
 * q is full-text (title and current text; words, any order, prefixes
 * match); a search lists newest documents first. */
struct doc_filter {
    const char *scope_path, *doc_type, *state, *q;
    int64_t process_id;
    int64_t owner_id;          /* 0: any owner */
    const char *overdue_today; /* approved, review_due before this date */
    const char *due_by;        /* approved, review_due on or before it */
    int64_t user_id;
    const char *read_paths, *draft_paths;
    int all; /* no visibility rule (the command line, tests) */
    enum doc_sort sort;
    int offset, limit; /* limit 0 = 25 */
};

#define DOC_TOTAL_CAP 1000 /* counts stop here: "more than 1000" */

/* A process a document can be linked to. */
struct doc_process {
    int64_t id, unit_id;
    const char *code, *name, *kind;
};

/* A version's attached file as the web layer hands it over, checked
 * (core/attach.h): the cleaned name, the sniffed type (attach_type_str),
 * the SHA-256 as 64 hex digits and the bytes, all lent for the call. */
struct docv_file {
    const char *name, *type, *sha256;
    const unsigned char *data;
    int64_t size;
};

/* What saving a draft does with its file: keep the draft's (a new version
 * keeps the file of the version shown until then, so an attached routine
 * survives its revisions), replace it with file, or drop it. A version
 * needs a body or a file (011's CHECK: E_INVAL otherwise). */
enum docv_file_op { DF_KEEP, DF_SET, DF_DROP };

/* store_document_create inserts d (state draft) with version 1 (a draft
 * with body_md, change_note and file when not NULL; author who) and fills
 * d->id, d->provider_id. E_CONFLICT when the code is taken at the
 * provider, E_NOTFOUND when the unit does not exist. Audited. */
enum err store_document_create(struct store *st, const struct actor *who,
                               struct doc_rec *d, const char *body_md,
                               const char *change_note,
                               const struct docv_file *file);
enum err store_document_get(struct store *st, struct arena *a, int64_t id,
                            struct doc_rec *out);
/* store_document_update changes the descriptive fields (code, title, type,
 * unit, owner, deputy, approver, review interval, target group); before
 * and after in the audit log; the title in the search index. */
enum err store_document_update(struct store *st, const struct actor *who,
                               const struct doc_rec *d);
/* store_document_search reads one page and counts the matches up to
 * DOC_TOTAL_CAP (or offset + limit when further): *total is exact below
 * the cap, cap + 1 means more. */
enum err store_document_search(struct store *st, struct arena *a,
                               const struct doc_filter *f, struct doc_rec **out,
                               size_t *n, int64_t *total);
int64_t doc_total_cap(const struct doc_filter *f);

/* store_docv_list: a document's versions, newest first, without bodies. */
enum err store_docv_list(struct store *st, struct arena *a, int64_t doc_id,
                         struct docv_rec **out, size_t *n);
/* store_docv_get reads version version_no of doc_id with its body. */
enum err store_docv_get(struct store *st, struct arena *a, int64_t doc_id,
                        int version_no, struct docv_rec *out);
/* store_docv_open reads the open version (draft or review); E_NOTFOUND
 * when there is none. */
enum err store_docv_open(struct store *st, struct arena *a, int64_t doc_id,
                         struct docv_rec *out);
/* store_docv_new_draft starts the next version as a draft (op and file
 * as for docv_file_op: DF_KEEP copies the current version's file);
 * E_CONFLICT when a draft or review is open. Fills *version_no.
 * Audited. */
enum err store_docv_new_draft(struct store *st, const struct actor *who,
                              int64_t doc_id, const char *body_md,
                              const char *change_note, enum docv_file_op op,
                              const struct docv_file *file, int *version_no);
/* store_docv_edit rewrites the draft version_no, its file as op says
 * (E_CONFLICT unless it is still a draft). Audited; the search index
 * follows. */
enum err store_docv_edit(struct store *st, const struct actor *who,
                         int64_t doc_id, int version_no, const char *body_md,
                         const char *change_note, enum docv_file_op op,
                         const struct docv_file *file);
/* store_docv_file appends the bytes of version_no's file to data;
 * E_NOTFOUND when the version has none. The caller checks them against
 * the version's file_sha256. */
enum err store_docv_file(struct store *st, int64_t doc_id, int version_no,
                         struct buf *data);
/* store_docv_verify_files recomputes the SHA-256 of every version's file
 * (ska check): *n files read, *bad_id the first version whose bytes do
 * not match (0 when all do). */
enum err store_docv_verify_files(struct store *st, int64_t *n, int64_t *bad_id);
/* store_docv_transition takes step ev on version version_no, which must
 * still be in from_state (E_CONFLICT otherwise): submit, return (comment
 * kept as the return note), approve (approved by who on today; the review
 * date from valid_until or the document's interval; the previous approved
 * version archived), archive. The document's state, current version and
 * review date and the search index follow in the same transaction. The
 * caller checks the rules (core/document.h). Audited. */
enum err store_docv_transition(struct store *st, const struct actor *who,
                               int64_t doc_id, int version_no,
                               enum doc_event ev, const char *from_state,
                               const char *comment, const char *valid_until,
                               const char *today);

/* store_document_processes lists the processes linked to doc_id, or with
 * doc_id 0 the active processes of provider_id (the choices). */
enum err store_document_processes(struct store *st, struct arena *a,
                                  int64_t doc_id, int64_t provider_id,
                                  struct doc_process **out, size_t *n);
/* store_document_process_filter: the processes and sub-processes of
 * provider_id (two levels, at most 200) offered as a search filter. */
enum err store_document_process_filter(struct store *st, struct arena *a,
                                       int64_t provider_id,
                                       struct doc_process **out, size_t *n);
/* store_document_link links (on) or unlinks a process; E_NOTFOUND when the
 * process is not one of the document's provider. Audited; linking twice
 * or unlinking what is not linked changes nothing. */
enum err store_document_link(struct store *st, const struct actor *who,
                             int64_t doc_id, int64_t process_id, int on);

/* store_document_ack records that user_id has read version_id (the
 * document's approved version; E_CONFLICT otherwise). Once per version;
 * audited the first time. */
enum err store_document_ack(struct store *st, const struct actor *who,
                            int64_t doc_id, int64_t version_id,
                            int64_t user_id);
enum err store_document_acked(struct store *st, int64_t version_id,
                              int64_t user_id, int *acked);
/* store_document_ack_share: the target group of d (active users with a
 * role at a unit in the subtree of d->ack_unit_id, or of d->unit_id when
 * unset, holding d->ack_role when set) and how many of them have read
 * the current approved version. */
enum err store_document_ack_share(struct store *st, const struct doc_rec *d,
                                  int64_t *read, int64_t *target);

/* store_document_reminders: the review sweep at now (days: the warning
 * window, DOC_REMIND_DAYS when 0). For every approved document whose
 * review date falls within the window and was not yet reminded for, the
 * owner and the deputy get a notification (kind "doc_review"); for every
 * one past its review date and not yet escalated for it, the managers of
 * its unit (kind "doc_overdue"); reminded_for / escalated_for are set so
 * that each happens once per review date. Texts in the recipient's
 * language. Call it inside a transaction; *reminded and *escalated (may be
 * NULL) count the documents. Audited. */
enum err store_document_reminders(struct store *st, int64_t now, int days,
                                  int *reminded, int *escalated);

#endif
