/* test_document.c: controlled documents: the version workflow and who may
 * take each step, the review-date arithmetic (month ends, leap years),
 * the derived display status, the reminder and escalation rule, and
 * validation. */
#include "t.h"

#include <string.h>

#include "core/document.h"

static int marked(const struct fielderrs *fe, const char *field,
                  const char *msg)
{
    const char *m = fielderr_get(fe, field);

    return m && strcmp(m, msg) == 0;
}

T(names_round_trip)
{
    int i;

    for (i = 0; i < DT__MAX; i++)
        CHECK_INT(doc_type_from_str(doc_type_str((enum doc_type)i)), i);
    for (i = 0; i < DV__MAX; i++)
        CHECK_INT(docv_state_from_str(docv_state_str((enum docv_state)i)), i);
    for (i = 0; i < DE__MAX; i++)
        CHECK_INT(doc_event_from_str(doc_event_str((enum doc_event)i)), i);
    for (i = 0; i < DS__MAX; i++)
        CHECK_INT(doc_status_from_str(doc_status_str((enum doc_status)i)), i);
    CHECK_INT(doc_type_from_str("memo"), DT__MAX);
    CHECK_INT(doc_type_from_str(NULL), DT__MAX);
    CHECK_STR(doc_type_str(DT_CARE_PROGRAMME), "care_programme");
    CHECK_STR(docv_state_str(DV__MAX), "unknown");
}

T(workflow)
{
    CHECK_INT(docv_next(DV_DRAFT, DE_SUBMIT), DV_REVIEW);
    CHECK_INT(docv_next(DV_REVIEW, DE_APPROVE), DV_APPROVED);
    CHECK_INT(docv_next(DV_REVIEW, DE_RETURN), DV_DRAFT);
    CHECK_INT(docv_next(DV_APPROVED, DE_ARCHIVE), DV_ARCHIVED);
    /* no skipping review, no approving a draft, nothing after archive */
    CHECK_INT(docv_next(DV_DRAFT, DE_APPROVE), DV__MAX);
    CHECK_INT(docv_next(DV_DRAFT, DE_ARCHIVE), DV__MAX);
    CHECK_INT(docv_next(DV_APPROVED, DE_SUBMIT), DV__MAX);
    CHECK_INT(docv_next(DV_APPROVED, DE_RETURN), DV__MAX);
    CHECK_INT(docv_next(DV_ARCHIVED, DE_ARCHIVE), DV__MAX);
    CHECK_INT(docv_next(DV_ARCHIVED, DE_SUBMIT), DV__MAX);
    CHECK_INT(docv_next(DV__MAX, DE_SUBMIT), DV__MAX);
    CHECK_INT(docv_next(DV_DRAFT, DE__MAX), DV__MAX);
}

T(who_may)
{
    CHECK(doc_may(DE_SUBMIT, DOC_R_OWNER));
    CHECK(doc_may(DE_SUBMIT, DOC_R_DEPUTY));
    CHECK(!doc_may(DE_SUBMIT, DOC_R_APPROVER));
    CHECK(!doc_may(DE_SUBMIT, DOC_R_QUALITY));
    CHECK(doc_may(DE_APPROVE, DOC_R_APPROVER));
    CHECK(!doc_may(DE_APPROVE, DOC_R_OWNER | DOC_R_DEPUTY | DOC_R_QUALITY));
    CHECK(doc_may(DE_RETURN, DOC_R_APPROVER));
    CHECK(!doc_may(DE_RETURN, DOC_R_OWNER));
    CHECK(doc_may(DE_ARCHIVE, DOC_R_OWNER));
    CHECK(doc_may(DE_ARCHIVE, DOC_R_APPROVER));
    CHECK(doc_may(DE_ARCHIVE, DOC_R_QUALITY));
    CHECK(!doc_may(DE_ARCHIVE, DOC_R_DEPUTY));
    CHECK(!doc_may(DE_ARCHIVE, 0));
    CHECK(!doc_may(DE__MAX, ~0u));
    CHECK(doc_may_edit(DOC_R_OWNER));
    CHECK(doc_may_edit(DOC_R_DEPUTY));
    CHECK(!doc_may_edit(DOC_R_APPROVER | DOC_R_QUALITY));
}

T(check_steps)
{
    struct fielderrs fe = {0};

    CHECK_INT(doc_check(DV_DRAFT, DE_SUBMIT, DOC_R_OWNER, NULL, &fe), 0);
    CHECK_INT(fe.n, 0);
    /* permission: reported apart, nothing marked */
    CHECK_INT(doc_check(DV_DRAFT, DE_SUBMIT, DOC_R_APPROVER, NULL, &fe), 1);
    CHECK_INT(fe.n, 0);
    CHECK_INT(doc_check(DV_REVIEW, DE_RETURN, DOC_R_APPROVER, "  ", &fe), 0);
    CHECK(marked(&fe, "comment", "doc.err.return_comment"));
    memset(&fe, 0, sizeof(fe));
    CHECK_INT(doc_check(DV_REVIEW, DE_RETURN, DOC_R_APPROVER,
                        "Lägg till ansvar", &fe),
              0);
    CHECK_INT(fe.n, 0);
    CHECK_INT(doc_check(DV_DRAFT, DE_APPROVE, DOC_R_APPROVER, NULL, &fe), 0);
    CHECK(marked(&fe, "event", "doc.err.step"));
    memset(&fe, 0, sizeof(fe));
    {
        static char big[DOC_NOTE_MAX + 2];

        memset(big, 'x', sizeof(big) - 1);
        doc_check(DV_REVIEW, DE_APPROVE, DOC_R_APPROVER, big, &fe);
        CHECK(marked(&fe, "comment", "doc.err.too_long"));
    }
}

T(add_months)
{
    char out[11];

    CHECK_INT(doc_add_months("2026-01-15", 1, out), 0);
    CHECK_STR(out, "2026-02-15");
    CHECK_INT(doc_add_months("2026-01-31", 1, out), 0);
    CHECK_STR(out, "2026-02-28");
    CHECK_INT(doc_add_months("2028-01-31", 1, out), 0); /* leap year */
    CHECK_STR(out, "2028-02-29");
    CHECK_INT(doc_add_months("2024-02-29", 12, out), 0);
    CHECK_STR(out, "2025-02-28");
    CHECK_INT(doc_add_months("2024-02-29", 48, out), 0);
    CHECK_STR(out, "2028-02-29");
    CHECK_INT(doc_add_months("2026-03-31", 1, out), 0);
    CHECK_STR(out, "2026-04-30");
    CHECK_INT(doc_add_months("2026-11-30", 3, out), 0); /* over the year */
    CHECK_STR(out, "2027-02-28");
    CHECK_INT(doc_add_months("2026-12-31", 24, out), 0);
    CHECK_STR(out, "2028-12-31");
    CHECK_INT(doc_add_months("2026-03-31", -1, out), 0);
    CHECK_STR(out, "2026-02-28");
    CHECK_INT(doc_add_months("2026-01-15", -13, out), 0);
    CHECK_STR(out, "2024-12-15");
    CHECK_INT(doc_add_months("2100-01-31", 1, out), 0); /* not a leap year */
    CHECK_STR(out, "2100-02-28");
    CHECK_INT(doc_add_months("2000-01-31", 1, out), 0); /* a leap year */
    CHECK_STR(out, "2000-02-29");
    CHECK_INT(doc_add_months("2026-02-30", 1, out), -1);
    CHECK_INT(doc_add_months("2026-1-01", 1, out), -1);
    CHECK_INT(doc_add_months(NULL, 1, out), -1);
    CHECK_INT(doc_add_months("9999-12-01", 1, out), -1);
}

T(add_days)
{
    char out[11];

    CHECK_INT(doc_add_days("2026-02-28", 1, out), 0);
    CHECK_STR(out, "2026-03-01");
    CHECK_INT(doc_add_days("2028-02-28", 1, out), 0);
    CHECK_STR(out, "2028-02-29");
    CHECK_INT(doc_add_days("2026-01-01", -1, out), 0);
    CHECK_STR(out, "2025-12-31");
    CHECK_INT(doc_add_days("2026-03-15", -30, out), 0);
    CHECK_STR(out, "2026-02-13");
    CHECK_INT(doc_add_days("2026-12-31", 365, out), 0);
    CHECK_STR(out, "2027-12-31");
    CHECK_INT(doc_add_days("2026-13-01", 1, out), -1);
    CHECK(doc_date_valid("2024-02-29"));
    CHECK(!doc_date_valid("2025-02-29"));
    CHECK(!doc_date_valid("2026-04-31"));
    CHECK(!doc_date_valid("2026-04-3x"));
    CHECK(!doc_date_valid(""));
}

T(review_date)
{
    char out[11];

    /* valid_until wins over the interval */
    CHECK_INT(doc_review_date("2026-01-31", "2026-06-30", 12, out), 0);
    CHECK_STR(out, "2026-06-30");
    CHECK_INT(doc_review_date("2026-01-31", NULL, 1, out), 0);
    CHECK_STR(out, "2026-02-28");
    CHECK_INT(doc_review_date("2026-01-31", "", 24, out), 0);
    CHECK_STR(out, "2028-01-31");
    CHECK_INT(doc_review_date("2026-01-31", NULL, 0, out), -1);
    CHECK_INT(doc_review_date("2026-01-31", "2026-02-30", 12, out), -1);
}

T(status)
{
    CHECK_INT(doc_status_of("draft", NULL, "2026-05-01", 30), DS_DRAFT);
    CHECK_INT(doc_status_of("archived", "2026-01-01", "2026-05-01", 30),
              DS_ARCHIVED);
    CHECK_INT(doc_status_of("approved", "2027-01-01", "2026-05-01", 30),
              DS_CURRENT);
    /* the window: 30 days before the review date, inclusive */
    CHECK_INT(doc_status_of("approved", "2026-05-31", "2026-05-01", 30),
              DS_DUE_SOON);
    CHECK_INT(doc_status_of("approved", "2026-06-01", "2026-05-01", 30),
              DS_CURRENT);
    /* on the review date it is still due, the day after it is overdue */
    CHECK_INT(doc_status_of("approved", "2026-05-01", "2026-05-01", 30),
              DS_DUE_SOON);
    CHECK_INT(doc_status_of("approved", "2026-04-30", "2026-05-01", 30),
              DS_OVERDUE);
    CHECK_INT(doc_status_of("approved", NULL, "2026-05-01", 30), DS_CURRENT);
    CHECK_INT(doc_status_of(NULL, NULL, "2026-05-01", 30), DS_DRAFT);
}

T(reminders)
{
    char out[11];

    CHECK_INT(doc_remind_on("2026-03-15", 30, out), 0);
    CHECK_STR(out, "2026-02-13");
    CHECK_INT(doc_escalate_on("2026-02-28", out), 0);
    CHECK_STR(out, "2026-03-01");
    /* before the window: nothing */
    CHECK_INT(doc_reminder_due("2026-03-15", NULL, NULL, "2026-02-12", 30),
              DR_NONE);
    /* in the window: remind once per review date */
    CHECK_INT(doc_reminder_due("2026-03-15", NULL, NULL, "2026-02-13", 30),
              DR_REMIND);
    CHECK_INT(
        doc_reminder_due("2026-03-15", "2026-03-15", NULL, "2026-02-20", 30),
        DR_NONE);
    /* a new review date (a new version) reminds again */
    CHECK_INT(
        doc_reminder_due("2027-03-15", "2026-03-15", NULL, "2027-03-01", 30),
        DR_REMIND);
    /* the review date itself is not yet overdue */
    CHECK_INT(
        doc_reminder_due("2026-03-15", "2026-03-15", NULL, "2026-03-15", 30),
        DR_NONE);
    /* the day after: escalate once, reminded or not */
    CHECK_INT(
        doc_reminder_due("2026-03-15", "2026-03-15", NULL, "2026-03-16", 30),
        DR_ESCALATE);
    CHECK_INT(doc_reminder_due("2026-03-15", NULL, NULL, "2026-09-01", 30),
              DR_ESCALATE);
    CHECK_INT(doc_reminder_due("2026-03-15", "2026-03-15", "2026-03-15",
                               "2026-09-01", 30),
              DR_NONE);
    CHECK_INT(doc_reminder_due(NULL, NULL, NULL, "2026-09-01", 30), DR_NONE);
}

T(validate)
{
    struct doc_rec d = {0};
    struct fielderrs fe = {0};

    doc_validate(&d, &fe);
    CHECK(marked(&fe, "code", "err.required"));
    CHECK(marked(&fe, "title", "err.required"));
    CHECK(marked(&fe, "doc_type", "doc.err.type"));
    CHECK(marked(&fe, "unit", "err.required"));
    CHECK(marked(&fe, "owner", "err.required"));
    CHECK(marked(&fe, "approver", "err.required"));
    memset(&fe, 0, sizeof(fe));
    d.code = "RUT-ECT-001";
    d.title = "Rutin för ECT-behandling";
    d.doc_type = "routine";
    d.unit_id = 5;
    d.owner_id = 3;
    d.approver_id = 4;
    d.review_months = 24;
    doc_validate(&d, &fe);
    CHECK_INT(fe.n, 0);
    d.code = "rut 1";
    d.deputy_id = 3;
    d.review_months = 121;
    d.ack_role = "chief";
    doc_validate(&d, &fe);
    CHECK(marked(&fe, "code", "doc.err.code"));
    CHECK(marked(&fe, "deputy", "doc.err.deputy"));
    CHECK(marked(&fe, "review_months", "doc.err.review_months"));
    CHECK(marked(&fe, "ack_role", "doc.err.ack_role"));
    memset(&fe, 0, sizeof(fe));
    docv_validate(" \n", NULL, 0, &fe);
    CHECK(marked(&fe, "body", "doc.err.body_or_file"));
    memset(&fe, 0, sizeof(fe));
    docv_validate(" \n", NULL, 1, &fe); /* an attached file suffices */
    CHECK_INT(fe.n, 0);
    docv_validate(NULL, "Bifogad PDF", 1, &fe);
    CHECK_INT(fe.n, 0);
    docv_validate("# Syfte", "Ny version", 0, &fe);
    CHECK_INT(fe.n, 0);
    doc_validate_approval(NULL, 0, "2026-05-01", &fe);
    CHECK(marked(&fe, "valid_until", "doc.err.no_review"));
    memset(&fe, 0, sizeof(fe));
    doc_validate_approval("2026-05-01", 0, "2026-05-01", &fe);
    CHECK(marked(&fe, "valid_until", "doc.err.valid_until_past"));
    memset(&fe, 0, sizeof(fe));
    doc_validate_approval("2026-02-30", 12, "2026-01-01", &fe);
    CHECK(marked(&fe, "valid_until", "doc.err.date"));
    memset(&fe, 0, sizeof(fe));
    doc_validate_approval(NULL, 12, "2026-05-01", &fe);
    doc_validate_approval("2026-12-31", 0, "2026-05-01", &fe);
    CHECK_INT(fe.n, 0);
}

T_MAIN(T_CASE(names_round_trip), T_CASE(workflow), T_CASE(who_may),
       T_CASE(check_steps), T_CASE(add_months), T_CASE(add_days),
       T_CASE(review_date), T_CASE(status), T_CASE(reminders), T_CASE(validate))
