/* test_requirement.c: the legal-requirements register's rules (statuses,
 * the review cycle, validation) and the responsibility page's gap rules. */
#include "t.h"

#include <string.h>

#include "core/requirement.h"
#include "core/responsibility.h"

static int marked(const struct fielderrs *fe, const char *field,
                  const char *msg)
{
    const char *m = fielderr_get(fe, field);

    return m && strcmp(m, msg) == 0;
}

T(status_names)
{
    int i;

    for (i = 0; i < RQS__MAX; i++)
        CHECK_INT(requirement_status_from_str(
                      requirement_status_str((enum req_status)i)),
                  i);
    CHECK_STR(requirement_status_str(RQS_PARTLY_MET), "partly_met");
    CHECK_INT(requirement_status_from_str("partly"), RQS__MAX);
    CHECK_INT(requirement_status_from_str(NULL), RQS__MAX);
    CHECK_STR(requirement_status_str(RQS__MAX), "unknown");
}

T(next_review_adds_months)
{
    char out[16];

    CHECK_INT(requirement_add_months("2025-03-15", 12, out), 0);
    CHECK_STR(out, "2026-03-15");
    CHECK_INT(requirement_add_months("2025-11-30", 3, out), 0);
    CHECK_STR(out, "2026-02-28"); /* clamped to the month's end */
    CHECK_INT(requirement_add_months("2027-08-31", 6, out), 0);
    CHECK_STR(out, "2028-02-29"); /* leap year */
    CHECK_INT(requirement_add_months("2026-01-31", 1, out), 0);
    CHECK_STR(out, "2026-02-28");
    CHECK_INT(requirement_add_months("2026-12-01", 1, out), 0);
    CHECK_STR(out, "2027-01-01");
    CHECK_INT(requirement_add_months("2026-05-05", 0, out), 0);
    CHECK_STR(out, "2026-05-05");
    CHECK_INT(requirement_add_months("2026-02-30", 1, out), -1);
    CHECK_INT(requirement_add_months("2026-2-3", 1, out), -1);
    CHECK_INT(requirement_add_months(NULL, 1, out), -1);
    CHECK_INT(requirement_add_months("2026-01-01", -1, out), -1);
    CHECK_INT(requirement_add_months("9999-12-01", 1, out), -1);
}

T(overdue_when_review_date_passed)
{
    CHECK(requirement_review_overdue("2026-01-31", "2026-02-01"));
    CHECK(!requirement_review_overdue("2026-02-01", "2026-02-01"));
    CHECK(!requirement_review_overdue("2026-03-01", "2026-02-01"));
    CHECK(!requirement_review_overdue(NULL, "2026-02-01"));
    CHECK(!requirement_review_overdue("", "2026-02-01"));
}

T(assessment_validation)
{
    struct fielderrs fe = {0};

    requirement_validate_assessment("met", "Rutin RUT-1 och egenkontroll",
                                    "2026-02-01", "2026-02-01", &fe);
    CHECK_INT(fe.n, 0);
    memset(&fe, 0, sizeof(fe));
    requirement_validate_assessment("not_met", NULL, "2026-01-01", "2026-02-01",
                                    &fe);
    CHECK_INT(fe.n, 0); /* not met needs no evidence */
    memset(&fe, 0, sizeof(fe));
    requirement_validate_assessment("", "  ", "", "2026-02-01", &fe);
    CHECK(marked(&fe, "status", "err.required"));
    CHECK(marked(&fe, "assessed_on", "err.required"));
    CHECK(!fielderr_get(&fe, "evidence"));
    memset(&fe, 0, sizeof(fe));
    requirement_validate_assessment("ok", NULL, "2026-02-30", "2026-03-01",
                                    &fe);
    CHECK(marked(&fe, "status", "req.err.status"));
    CHECK(marked(&fe, "assessed_on", "req.err.date"));
    memset(&fe, 0, sizeof(fe));
    requirement_validate_assessment("partly_met", " \n", "2026-02-02",
                                    "2026-02-01", &fe);
    CHECK(marked(&fe, "evidence", "req.err.evidence"));
    CHECK(marked(&fe, "assessed_on", "req.err.future"));
    CHECK_INT(fe.n, 2);
}

T(evidence_length_limit)
{
    static char big[REQ_TEXT_MAX + 2];
    struct fielderrs fe = {0};

    memset(big, 'x', REQ_TEXT_MAX + 1);
    requirement_validate_assessment("met", big, "2026-01-01", "2026-01-01",
                                    &fe);
    CHECK(marked(&fe, "evidence", "req.err.too_long"));
    big[REQ_TEXT_MAX] = '\0';
    memset(&fe, 0, sizeof(fe));
    requirement_validate_assessment("met", big, "2026-01-01", "2026-01-01",
                                    &fe);
    CHECK_INT(fe.n, 0);
}

T(own_requirement_validation)
{
    struct requirement_rec q = {0};
    struct fielderrs fe = {0};

    q.code = "RE-LOK 1";
    q.statute = "Regionens riktlinje";
    q.statute_title = "Riktlinje för läkemedelshantering";
    q.summary = "Läkemedel förvaras låst.";
    q.review_months = 12;
    requirement_validate(&q, &fe);
    CHECK_INT(fe.n, 0);
    q.code = " ";
    q.summary = NULL;
    q.in_force = "2026-13-01";
    q.review_months = 0;
    requirement_validate(&q, &fe);
    CHECK(marked(&fe, "code", "err.required"));
    CHECK(marked(&fe, "summary", "err.required"));
    CHECK(marked(&fe, "in_force", "req.err.date"));
    CHECK(marked(&fe, "review_months", "req.err.review_months"));
    memset(&fe, 0, sizeof(fe));
    q.code = "x";
    q.summary = "y";
    q.in_force = "";
    q.review_months = 121;
    requirement_validate(&q, &fe);
    CHECK_INT(fe.n, 1);
    CHECK(marked(&fe, "review_months", "req.err.review_months"));
}

static struct resp_row row(enum resp_kind k, int64_t holder, int active,
                           int64_t deputy, int must)
{
    struct resp_row x = {0};

    x.kind = k;
    x.holder_id = holder;
    x.holder_active = active;
    x.deputy_id = deputy;
    x.deputy_active = deputy != 0;
    x.must_hold = must;
    x.holder_total = holder ? 1 : 0;
    return x;
}

T(responsibility_gaps)
{
    struct resp_row v[8];

    v[0] = row(RK_PROCESS_OWNER, 0, 0, 0, 1);  /* core process, no owner */
    v[1] = row(RK_PROCESS_OWNER, 0, 0, 0, 0);  /* support: not required */
    v[2] = row(RK_PROCESS_LEAD, 7, 0, 8, 1);   /* the lead has left */
    v[3] = row(RK_DOCUMENT_OWNER, 7, 1, 0, 1); /* no deputy */
    v[4] = row(RK_HANDLER, 9, 1, 0, 0);        /* handlers need none */
    v[5] = row(RK_MANAGER, 3, 1, 4, 1);
    v[5].deputy_active = 0; /* the deputy has left */
    v[6] = row(RK_MANAGER, 3, 1, 0, 1);
    v[6].inherited = 1; /* covered from above: its deputy is elsewhere */
    v[7] = row(RK_QUALITY, 5, 1, 0, 0);
    v[7].holder_total = RESP_MAX_PER_PERSON + 1;
    CHECK_INT(resp_flag(v, 8), 5);
    CHECK_INT(v[0].gaps, RG_NOBODY);
    CHECK_INT(v[1].gaps, 0);
    CHECK_INT(v[2].gaps, RG_INACTIVE);
    CHECK_INT(v[3].gaps, RG_NO_DEPUTY);
    CHECK_INT(v[4].gaps, 0);
    CHECK_INT(v[5].gaps, RG_DEPUTY_INACTIVE);
    CHECK_INT(v[6].gaps, 0);
    CHECK_INT(v[7].gaps, RG_TOO_MANY);
    v[7].holder_total = RESP_MAX_PER_PERSON;
    CHECK_INT(resp_gaps(&v[7]), 0);
    CHECK_STR(resp_kind_str(RK_DOCUMENT_OWNER), "document_owner");
    CHECK_INT(resp_kind_from_str("process_lead"), RK_PROCESS_LEAD);
    CHECK_INT(resp_kind_from_str("boss"), RK__MAX);
}

static struct resp_group grp(enum resp_kind k, int64_t holder, int active,
                             int64_t deputy, int deputy_active, int64_t n)
{
    struct resp_group g = {0};

    g.kind = k;
    g.holder_id = holder;
    g.holder_name = holder ? "x" : NULL;
    g.holder_active = active;
    g.deputy_id = deputy;
    g.deputy_active = deputy_active;
    g.must_hold = k != RK_QUALITY && k != RK_HANDLER;
    g.n = n;
    return g;
}

T(responsibility_tally)
{
    struct resp_group g[8];
    struct resp_person people[8];
    const struct resp_person *p;
    struct resp_tally t;

    /* person 7: manager of two units (one inherited), owner of 6
     * documents without a deputy and 1 with an inactive deputy: 8, not
     * too many */
    g[0] = grp(RK_MANAGER, 7, 1, 8, 1, 1);
    g[1] = grp(RK_MANAGER, 7, 1, 8, 1, 1);
    g[1].inherited = 1;
    g[2] = grp(RK_DOCUMENT_OWNER, 7, 1, 0, 0, 6);
    g[3] = grp(RK_DOCUMENT_OWNER, 7, 1, 9, 0, 1);
    /* person 3 has left: 9 documents with a deputy, too many */
    g[4] = grp(RK_DOCUMENT_OWNER, 3, 0, 8, 1, 9);
    /* a core process nobody owns, a support process nobody leads */
    g[5] = grp(RK_PROCESS_OWNER, 0, 0, 0, 0, 1);
    g[6] = grp(RK_PROCESS_LEAD, 0, 0, 0, 0, 1);
    g[6].must_hold = 0;
    /* a handler with no deputy: none needed */
    g[7] = grp(RK_HANDLER, 9, 1, 0, 0, 1);
    resp_tally(g, 8, people, &t);
    CHECK_INT(t.n_people, 3);
    CHECK_INT(t.rows, 21);
    CHECK_INT(t.by_kind[RK_DOCUMENT_OWNER], 16);
    CHECK_INT(t.by_kind[RK_MANAGER], 2);
    CHECK_INT(t.nobody, 1);
    CHECK_INT(t.no_deputy, 6);
    CHECK_INT(t.inactive, 1 + 9); /* the deputy of 1, the owner of 9 */
    CHECK_INT(t.gap_rows, 6 + 1 + 9 + 1);
    CHECK_INT(t.gaps_by_kind[RK_DOCUMENT_OWNER], 16);
    CHECK_INT(t.gaps_by_kind[RK_MANAGER], 0);
    CHECK_INT(t.too_many, 1);
    p = resp_person_of(&t, 7);
    CHECK(p && p->total == 8 && p->docs == 7 && p->docs_no_deputy == 6);
    CHECK(p && p->docs_deputy_inactive == 1 && p->active);
    CHECK(p && p->doc_gaps == (RG_NO_DEPUTY | RG_DEPUTY_INACTIVE));
    p = resp_person_of(&t, 3);
    CHECK(p && p->total == 9 && !p->active && p->docs_no_deputy == 0);
    CHECK(p && p->doc_gaps == (RG_INACTIVE | RG_TOO_MANY));
    CHECK(resp_person_of(&t, 0) == NULL);
    CHECK(resp_person_of(&t, 4) == NULL);
    CHECK_INT(resp_deputy_kinds(),
              (1u << RK_MANAGER) | (1u << RK_PROCESS_OWNER) |
                  (1u << RK_PROCESS_LEAD) | (1u << RK_DOCUMENT_OWNER));
    resp_tally(g, 0, people, &t);
    CHECK_INT(t.rows, 0);
    CHECK_INT(t.n_people, 0);
}

T_MAIN(T_CASE(status_names), T_CASE(next_review_adds_months),
       T_CASE(overdue_when_review_date_passed), T_CASE(assessment_validation),
       T_CASE(evidence_length_limit), T_CASE(own_requirement_validation),
       T_CASE(responsibility_gaps), T_CASE(responsibility_tally))
