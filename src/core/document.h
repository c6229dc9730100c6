/* document.h: controlled documents (styrande dokument). Pure logic: the
 * version workflow, who may take each step, the date rules (review date,
 * reminders, escalation) and validation. The store keeps documents and
 * versions, the web layer shows them.
 *
 *   draft -> review          submit   (owner or the owner's deputy)
 *   review -> approved       approve  (the approver; the previous approved
 *                                      version is archived at once)
 *   review -> draft          return   (the approver, with a comment)
 *   approved -> archived     archive  (owner, approver, quality coordinator)
 *
 * Dates are Stockholm dates "YYYY-MM-DD". A version's review date is its
 * valid_until when given, else the approval date plus the document's
 * review_months, clamped to the month's last day (2026-01-31 + 1 month =
 * 2026-02-28). */
#ifndef SKA_DOCUMENT_H
#define SKA_DOCUMENT_H

#include <stdint.h>

#include "core/fielderr.h"

enum doc_type {
    DT_POLICY,
    DT_GUIDELINE,
    DT_ROUTINE,
    DT_INSTRUCTION,
    DT_CHECKLIST,
    DT_CARE_PROGRAMME,
    DT_FORM,
    DT__MAX
};

/* A version's state. */
enum docv_state { DV_DRAFT, DV_REVIEW, DV_APPROVED, DV_ARCHIVED, DV__MAX };

enum doc_event { DE_SUBMIT, DE_APPROVE, DE_RETURN, DE_ARCHIVE, DE__MAX };

/* What a document shows, derived from its state and review date. */
enum doc_status {
    DS_DRAFT,    /* never approved */
    DS_CURRENT,  /* approved, review date not near */
    DS_DUE_SOON, /* approved, review date within the warning window */
    DS_OVERDUE,  /* approved, review date passed */
    DS_ARCHIVED, /* archived without a successor */
    DS__MAX
};

/* The caller's relations to a document, as bits. */
#define DOC_R_OWNER 1u
#define DOC_R_DEPUTY 2u
#define DOC_R_APPROVER 4u
#define DOC_R_QUALITY 8u /* quality coordinator or admin in scope */

#define DOC_CODE_MAX 32
#define DOC_TITLE_MAX 200
#define DOC_NOTE_MAX 2000
#define DOC_BODY_MAX (1024 * 1024)
#define DOC_REMIND_DAYS 30 /* default warning window before review */

/* A document: the identity links point to. Dates "YYYY-MM-DD" or NULL.
 * The *_name, unit_* and current_* fields are filled by the store. */
struct doc_rec {
    int64_t id, provider_id, unit_id, owner_id, deputy_id, approver_id;
    int64_t ack_unit_id, current_version_id, created_at, updated_at;
    int review_months, ack_required; /* review_months 0 = none */
    const char *code, *title, *doc_type, *ack_role, *state, *review_due;
    const char *reminded_for, *escalated_for;
    const char *unit_name, *unit_path, *owner_name, *deputy_name;
    const char *approver_name, *ack_unit_name, *ack_unit_path;
    int current_version_no;
    const char *current_vstate;
};

/* A version. Times UTC seconds, 0 = not set. The body is Markdown or an
 * attached file or both: file_name NULL when there is no file (its bytes
 * are read apart, store_docv_file); file_type is an attach_type_str,
 * file_sha256 64 hex digits. */
struct docv_rec {
    int64_t id, document_id, author_id, approved_by, submitted_at;
    int64_t archived_at, created_at, updated_at, returned_by, returned_at;
    int64_t file_size;
    int version_no;
    const char *state, *body_md, *change_note, *approved_on, *valid_until;
    const char *review_date, *return_note, *author_name, *approver_name;
    const char *returned_by_name, *file_name, *file_type, *file_sha256;
};

const char *doc_type_str(enum doc_type t);          /* "routine" */
enum doc_type doc_type_from_str(const char *s);     /* DT__MAX */
const char *docv_state_str(enum docv_state s);      /* "draft" */
enum docv_state docv_state_from_str(const char *s); /* DV__MAX */
const char *doc_event_str(enum doc_event e);        /* "submit" */
enum doc_event doc_event_from_str(const char *s);   /* DE__MAX */
const char *doc_status_str(enum doc_status s);      /* "overdue" */
enum doc_status doc_status_from_str(const char *s); /* DS__MAX */

/* docv_next is the version state after ev in s, or DV__MAX. */
enum docv_state docv_next(enum docv_state s, enum doc_event ev);
/* doc_may reports whether relations rel (DOC_R_* bits) allow ev. */
int doc_may(enum doc_event ev, unsigned rel);
/* doc_may_edit: the open draft may be edited and a new draft started by
 * the owner or the deputy. */
int doc_may_edit(unsigned rel);
/* doc_check marks in fe why ev cannot happen to a version in state s:
 * "event" (doc.err.step) when there is no such step, "comment" when a
 * return has no comment or a comment is too long. It returns 1, marking
 * nothing, when the step exists but rel does not allow it (the caller
 * answers 403), else 0. */
int doc_check(enum docv_state s, enum doc_event ev, unsigned rel,
              const char *comment, struct fielderrs *fe);

/* doc_date_valid: s is a real calendar date "YYYY-MM-DD". */
int doc_date_valid(const char *s);
/* doc_add_months writes date + months (may be negative) to out (11
 * bytes), the day clamped to the target month's length; 0, or -1 when
 * date is not valid or the result leaves years 1..9999. */
int doc_add_months(const char *date, int months, char out[11]);
/* doc_add_days writes date + days to out; 0 or -1 as doc_add_months. */
int doc_add_days(const char *date, int days, char out[11]);
/* doc_review_date: valid_until when given, else approved_on +
 * review_months; -1 when neither can be computed. */
int doc_review_date(const char *approved_on, const char *valid_until,
                    int review_months, char out[11]);
/* doc_status_of derives the display status of a document in state
 * ("draft", "approved", "archived") with review_due, on today, warning
 * within days before the review date. */
enum doc_status doc_status_of(const char *state, const char *review_due,
                              const char *today, int within_days);

/* What the reminder sweep should do for one approved document. */
enum doc_reminder { DR_NONE, DR_REMIND, DR_ESCALATE };
/* doc_remind_on: the day the owner is reminded (review_due - days). */
int doc_remind_on(const char *review_due, int days, char out[11]);
/* doc_escalate_on: the day the manager is told (the day after review). */
int doc_escalate_on(const char *review_due, char out[11]);
/* doc_reminder_due: escalate when today is past review_due and that date
 * was not escalated yet; remind when today is on or after the reminder
 * day and that review_due was neither reminded nor escalated. */
enum doc_reminder doc_reminder_due(const char *review_due,
                                   const char *reminded_for,
                                   const char *escalated_for, const char *today,
                                   int days);

/* doc_validate checks a document's fields (code, title, type, owner,
 * approver, review interval, target group); every bad field is marked. */
void doc_validate(const struct doc_rec *d, struct fielderrs *fe);
/* docv_validate checks a draft's body and change note: the body may be
 * blank only when the version has a file (has_file), else "body" is
 * marked doc.err.body_or_file. */
void docv_validate(const char *body_md, const char *change_note, int has_file,
                   struct fielderrs *fe);
/* doc_validate_approval checks what approving needs: a review date
 * (valid_until, or the document's review_months), valid_until a real date
 * after today. Field "valid_until". */
void doc_validate_approval(const char *valid_until, int review_months,
                           const char *today, struct fielderrs *fe);

#endif
