/* requirement.h: the legal-requirements register (lagkravslista): the
 * compliance statuses of an assessment, the review cycle and validation.
 * Pure logic; the store keeps requirements, links and assessments.
 *
 * A requirement is assessed per unit; the newest assessment of a
 * (requirement, unit) is the current one. An assessment is due for review
 * review_months after it was made: next_review = assessed_on +
 * review_months (clamped to the month's last day, so 2026-01-31 + 1 month
 * is 2026-02-28). It is overdue when next_review lies before today. */
#ifndef SKA_REQUIREMENT_H
#define SKA_REQUIREMENT_H

#include <stddef.h>
#include <stdint.h>

#include "core/fielderr.h"

enum req_status {
    RQS_MET,
    RQS_PARTLY_MET,
    RQS_NOT_MET,
    RQS_NOT_ASSESSED,
    RQS__MAX
};

#define REQ_TEXT_MAX 4000 /* evidence and summary, bytes */
#define REQ_SHORT_MAX 200 /* code, statute, title, chapter, section */
#define REQ_REVIEW_DEFAULT 12

/* A requirement as stored and shown; provider_id 0 = a national
 * provision. The counts are filled by the store's list. */
struct requirement_rec {
    int64_t id, provider_id;
    const char *code, *statute, *statute_title, *chapter, *section, *summary;
    const char *in_force, *sort_key;
    int review_months, active;
    int64_t created_at, updated_at;
    int64_t n_processes, n_documents; /* links */
};

/* One assessment; assessor_name and unit_* filled by the store. */
struct req_assessment {
    int64_t id, requirement_id, unit_id, assessor_id, created_at;
    const char *status, *evidence, *assessed_on, *next_review;
    const char *assessor_name, *unit_code, *unit_name, *unit_path;
};

const char *requirement_status_str(enum req_status s);      /* "met" */
enum req_status requirement_status_from_str(const char *s); /* RQS__MAX */

/* requirement_date_valid: s is a real calendar date "YYYY-MM-DD". */
int requirement_date_valid(const char *s);
/* requirement_add_months writes date + months ("YYYY-MM-DD", the day
 * clamped to the target month's length) into out (at least 11 bytes).
 * Returns 0, or -1 when date is not valid or months is outside 0..1200. */
int requirement_add_months(const char *date, int months, char *out);
/* requirement_review_overdue: next_review lies before today (both
 * "YYYY-MM-DD"); 0 when either is missing. */
int requirement_review_overdue(const char *next_review, const char *today);
/* requirement_validate_assessment checks an assessment's status (one of
 * the four), evidence (required for met and partly met, at most
 * REQ_TEXT_MAX bytes) and date (a valid date, not after today): fields
 * "status", "evidence", "assessed_on". */
void requirement_validate_assessment(const char *status, const char *evidence,
                                     const char *assessed_on, const char *today,
                                     struct fielderrs *fe);
/* requirement_validate checks a provider's own requirement: code,
 * statute, statute_title and summary required and not too long;
 * review_months 1..120; in_force empty or a valid date. */
void requirement_validate(const struct requirement_rec *q,
                          struct fielderrs *fe);

#endif
