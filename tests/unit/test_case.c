/* test_case.c: the case state machine and its rules, the risk matrix, and
 * personnummer / samordningsnummer validation. */
#include <string.h>

#include "core/case.h"
#include "core/pnr.h"
#include "t.h"

static int blocked_by(const struct case_blockers *b, const char *key)
{
    size_t i;

    for (i = 0; i < b->n; i++)
        if (strcmp(b->v[i], key) == 0)
            return 1;
    return 0;
}

T(names_round_trip)
{
    int i;

    for (i = 0; i < CASE_TYPE__MAX; i++)
        CHECK_INT(case_type_from_str(case_type_str((enum case_type)i)), i);
    for (i = 0; i < CS__MAX; i++)
        CHECK_INT(case_state_from_str(case_state_str((enum case_state)i)), i);
    for (i = 0; i < CE__MAX; i++)
        CHECK_INT(case_event_from_str(case_event_str((enum case_event)i)), i);
    CHECK_INT(case_state_from_str("open"), CS__MAX);
    CHECK_INT(case_event_from_str(NULL), CE__MAX);
}

T(state_machine)
{
    CHECK_INT(case_next(CS_NEW, CE_ASSESS), CS_ASSESSED);
    CHECK_INT(case_next(CS_ASSESSED, CE_INVESTIGATE), CS_INVESTIGATING);
    CHECK_INT(case_next(CS_INVESTIGATING, CE_START_ACTIONS), CS_ACTIONS);
    CHECK_INT(case_next(CS_ACTIONS, CE_CLOSE), CS_CLOSED);
    CHECK_INT(case_next(CS_NEW, CE_TRANSFER), CS_TRANSFERRED);
    CHECK_INT(case_next(CS_TRANSFERRED, CE_ACCEPT), CS_NEW);
    CHECK_INT(case_next(CS_NEW, CE_REJECT), CS_REJECTED);
    CHECK_INT(case_next(CS_REJECTED, CE_REOPEN), CS_NEW);
    CHECK_INT(case_next(CS_CLOSED, CE_REOPEN), CS_NEW);
    /* steps that do not exist */
    CHECK_INT(case_next(CS_CLOSED, CE_ASSESS), CS__MAX);
    CHECK_INT(case_next(CS_NEW, CE_INVESTIGATE), CS__MAX);
    CHECK_INT(case_next(CS_ACTIONS, CE_TRANSFER), CS__MAX);
    CHECK_INT(case_next(CS_TRANSFERRED, CE_CLOSE), CS__MAX);
    CHECK_INT(case_next(CS__MAX, CE_ASSESS), CS__MAX);
    CHECK_INT(case_event_perm(CE_CLOSE), PERM_HANDLE);
    CHECK_INT(case_event_perm(CE_REOPEN), PERM_MANAGE);
}

T(closing_rules_are_all_listed)
{
    struct case_facts f = {0};
    struct case_blockers b;

    f.type = CASE_DEVIATION;
    f.state = CS_INVESTIGATING;
    f.serious = 1;
    f.actions_open = 2;
    f.investigation[INV_COURSE] = "Patienten föll vid förflyttning.";
    f.investigation[INV_CAUSES] = "   ";
    case_check(&f, CE_CLOSE, &b);
    CHECK(blocked_by(&b, "case.block.assessment"));
    CHECK(blocked_by(&b, "case.block.feedback"));
    CHECK(blocked_by(&b, "case.block.lex_maria"));
    CHECK(blocked_by(&b, "case.block.actions_open"));
    CHECK(blocked_by(&b, "case.block.inv.causes")); /* blank is missing */
    CHECK(blocked_by(&b, "case.block.inv.staff_informed"));
    CHECK(!blocked_by(&b, "case.block.inv.course"));
    CHECK_INT(b.n, 3 + 1 + 8); /* assessment, feedback, lex maria,
                                  actions, 8 investigation items */
}

T(closing_a_complete_case)
{
    struct case_facts f = {0};
    struct case_blockers b;
    int i;

    f.type = CASE_DEVIATION;
    f.state = CS_ACTIONS;
    f.consequence = 4;
    f.probability = 2;
    f.serious = 1;
    for (i = 0; i < INV__MAX; i++)
        f.investigation[i] = "ifyllt";
    f.lex_maria_decided = 1;
    f.feedback_given = 1;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 0);
    /* not serious: no investigation needed */
    memset(f.investigation, 0, sizeof(f.investigation));
    f.serious = 0;
    f.lex_maria_decided = 0;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 0);
    /* a complaint must be answered; improvement proposals need no
     * assessment */
    f.type = CASE_COMPLAINT;
    case_check(&f, CE_CLOSE, &b);
    CHECK(blocked_by(&b, "case.block.answer"));
    f.type = CASE_IMPROVEMENT;
    f.consequence = f.probability = 0;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 0);
    f.state = CS_CLOSED;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 1);
    CHECK(blocked_by(&b, "case.block.state"));
}

T(reasons_and_transfers)
{
    struct case_facts f = {0};
    struct case_blockers b;

    f.type = CASE_DEVIATION;
    f.state = CS_NEW;
    case_check(&f, CE_REJECT, &b);
    CHECK(blocked_by(&b, "case.block.reason"));
    case_check(&f, CE_TRANSFER, &b);
    CHECK(blocked_by(&b, "case.block.reason"));
    CHECK(blocked_by(&b, "case.block.unit"));
    f.reason = "Hände på annan enhet";
    f.target_unit = 7;
    case_check(&f, CE_TRANSFER, &b);
    CHECK_INT(b.n, 0);
    case_check(&f, CE_ASSESS, &b);
    CHECK(blocked_by(&b, "case.block.assessment"));
}

T(risk_matrix)
{
    struct risk_matrix m;

    risk_matrix_default(&m);
    CHECK_INT(risk_score(&m, 2, 3), 6);
    CHECK_INT(risk_score(&m, 0, 3), 0);
    CHECK_INT(risk_score(&m, 5, 1), 0);
    CHECK_INT(risk_band_of(&m, 0), BAND_NONE);
    CHECK_INT(risk_band_of(&m, 3), BAND_LOW);
    CHECK_INT(risk_band_of(&m, 4), BAND_MEDIUM);
    CHECK_INT(risk_band_of(&m, 6), BAND_MEDIUM);
    CHECK_INT(risk_band_of(&m, 8), BAND_HIGH);
    CHECK_STR(risk_band_str(BAND_HIGH), "high");
    CHECK(risk_needs_analysis(&m, 2, 4)); /* score 8 */
    CHECK(risk_needs_analysis(&m, 3, 1)); /* consequence 3 */
    CHECK(!risk_needs_analysis(&m, 2, 3));
    CHECK(!risk_needs_analysis(&m, 0, 4));
    CHECK_INT(risk_band_from_str("medium"), BAND_MEDIUM);
    CHECK_INT(risk_band_from_str("nope"), BAND_NONE);
    CHECK_INT(risk_band_from_str(NULL), BAND_NONE);
}

/* A provider's own matrix: other thresholds and another rule move the
 * bands and the suggestion. */
T(risk_matrix_custom)
{
    struct risk_matrix m;

    risk_matrix_default(&m);
    m.low_max = 2;
    m.medium_max = 8;
    m.analysis_score = 12;
    m.analysis_consequence = 4;
    CHECK_INT(risk_band_of(&m, risk_score(&m, 1, 2)), BAND_LOW);
    CHECK_INT(risk_band_of(&m, risk_score(&m, 1, 3)), BAND_MEDIUM);
    CHECK_INT(risk_band_of(&m, risk_score(&m, 2, 4)), BAND_MEDIUM);
    CHECK_INT(risk_band_of(&m, risk_score(&m, 3, 3)), BAND_HIGH);
    CHECK(!risk_needs_analysis(&m, 2, 4)); /* 8: not under this rule */
    CHECK(!risk_needs_analysis(&m, 3, 3)); /* 9, consequence 3 */
    CHECK(risk_needs_analysis(&m, 3, 4));  /* 12 */
    CHECK(risk_needs_analysis(&m, 4, 1));  /* consequence 4 */
}

static struct risk_matrix valid_matrix(void)
{
    static const char *const c[] = {NULL, "Försumbar", "Lindrig", "Betydande",
                                    "Katastrofal"};
    static const char *const p[] = {NULL, "Osannolik", "Möjlig", "Trolig",
                                    "Nästan säker"};
    struct risk_matrix m;
    int k;

    risk_matrix_default(&m);
    for (k = 1; k <= 4; k++) {
        m.consequence_label[k] = c[k];
        m.probability_label[k] = p[k];
    }
    return m;
}

/* fill writes n copies of the two-byte character ch into b. */
static void fill(char *b, const char *ch, int n)
{
    int i;

    for (i = 0; i < n; i++)
        memcpy(b + 2 * i, ch, 2);
    b[2 * n] = '\0';
}

T(risk_matrix_validation)
{
    struct risk_matrix m = valid_matrix();
    struct fielderrs fe = {0};
    char long_label[200], upper[200], lower[200];

    risk_matrix_validate(&m, &fe);
    CHECK_INT(fe.n, 0);
    /* thresholds must increase and leave every band a score */
    m.low_max = 6;
    m.medium_max = 6;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "medium_max"), "risk.err.medium_max");
    CHECK(fielderr_get(&fe, "low_max") == NULL);
    m.low_max = 0;
    m.medium_max = 16;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "low_max"), "risk.err.low_max");
    CHECK_STR(fielderr_get(&fe, "medium_max"), "risk.err.medium_max");
    m.low_max = 15; /* leaves no room for medium */
    m.medium_max = 15;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "low_max"), "risk.err.low_max");
    m.low_max = 1;
    m.medium_max = 15; /* high: 16 only */
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_INT(fe.n, 0);
    /* the rule within the matrix */
    m.analysis_score = 17;
    m.analysis_consequence = 5;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "analysis_score"), "risk.err.analysis_score");
    CHECK_STR(fielderr_get(&fe, "analysis_consequence"),
              "risk.err.analysis_consequence");
    m.analysis_score = 0;
    m.analysis_consequence = 0;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_INT(fe.n, 2);
    /* labels: given, not blank, not too long, unique ignoring case */
    m = valid_matrix();
    m.consequence_label[2] = "   ";
    m.consequence_label[3] = NULL;
    memset(long_label, 'x', 61);
    long_label[61] = '\0';
    m.probability_label[1] = long_label;
    m.probability_label[4] = " möjlig ";
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "consequence_2"), "err.required");
    CHECK_STR(fielderr_get(&fe, "consequence_3"), "err.required");
    CHECK_STR(fielderr_get(&fe, "probability_1"), "risk.err.label_long");
    CHECK_STR(fielderr_get(&fe, "probability_4"), "risk.err.label_same");
    CHECK_INT(fe.n, 4);
    /* 60 characters of å (two bytes each) are fine; Å equals å */
    m = valid_matrix();
    fill(upper, "Å", 60);
    fill(lower, "å", 59);
    m.consequence_label[1] = upper;
    m.consequence_label[2] = lower;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_INT(fe.n, 0);
    fill(lower, "å", 60);
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "consequence_2"), "risk.err.label_same");
    m.consequence_label[2] = "Lindrig\xff";
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "consequence_2"), "risk.err.label_long");
    /* only 4 levels */
    m = valid_matrix();
    m.levels = 5;
    fe.n = 0;
    risk_matrix_validate(&m, &fe);
    CHECK_STR(fielderr_get(&fe, "levels"), "risk.err.levels");
    CHECK_INT(fe.n, 1);
}

T(personnummer)
{
    char n[PNR_NORM], masked[14];
    int co;

    CHECK(pnr_parse("19121212-1212", 2026, n, &co) == NULL);
    CHECK_STR(n, "191212121212");
    CHECK_INT(co, 0);
    CHECK(pnr_parse("191212121212", 2026, n, &co) == NULL);
    CHECK(pnr_parse(" 121212-1212 ", 2026, n, &co) == NULL);
    CHECK_STR(n, "201212121212"); /* at most 99 years old */
    CHECK(pnr_parse("121212+1212", 2026, n, &co) == NULL);
    CHECK_STR(n, "191212121212"); /* '+': 100 or older */
    CHECK_STR(pnr_parse("19121212-1213", 2026, n, &co), "pnr.checksum");
    CHECK_STR(n, "");
    CHECK_STR(pnr_parse("19121312-1212", 2026, n, &co), "pnr.date");
    CHECK_STR(pnr_parse("20230229-0000", 2026, n, &co), "pnr.date");
    CHECK_STR(pnr_parse("21121212-1212", 2026, n, &co), "pnr.future");
    CHECK_STR(pnr_parse("1912121-21212", 2026, n, &co), "pnr.format");
    CHECK_STR(pnr_parse("19121212_1212", 2026, n, &co), "pnr.format");
    CHECK_STR(pnr_parse("abc", 2026, n, &co), "pnr.format");
    CHECK_STR(pnr_parse("", 2026, n, &co), "pnr.format");
    /* samordningsnummer: day + 60 (701063-2391 is Skatteverket's
     * example) */
    CHECK(pnr_parse("701063-2391", 2026, n, &co) == NULL);
    CHECK_INT(co, 1);
    CHECK_STR(n, "197010632391");
    CHECK_STR(pnr_parse("701093-2391", 2026, n, &co), "pnr.date");
    pnr_mask("191212121212", masked);
    CHECK_STR(masked, "19121212-****");
    pnr_mask("x", masked);
    CHECK_STR(masked, "****");
}

T(report_validation)
{
    struct case_rec c = {0};
    struct fielderrs fe = {0};
    int64_t now = 1800000000;

    c.type = "deviation";
    c.what = "Fallolycka";
    c.unit_id = 3;
    c.occurred_at = now - 3600;
    c.discovered_at = now - 60;
    case_validate_report(&c, now, &fe);
    CHECK_INT(fe.n, 0);
    c.type = "accident";
    c.what = "  ";
    c.unit_id = 0;
    c.occurred_at = now + 3600; /* in the future */
    c.discovered_at = now - 60;
    case_validate_report(&c, now, &fe);
    CHECK_STR(fielderr_get(&fe, "type"), "err.required");
    CHECK_STR(fielderr_get(&fe, "what"), "err.required");
    CHECK_STR(fielderr_get(&fe, "unit"), "err.required");
    CHECK_STR(fielderr_get(&fe, "occurred_at"), "case.err.future");
    memset(&fe, 0, sizeof(fe));
    c.type = "risk";
    c.what = "x";
    c.unit_id = 3;
    c.occurred_at = now - 60;
    c.discovered_at = now - 3600; /* before it happened */
    case_validate_report(&c, now, &fe);
    CHECK_STR(fielderr_get(&fe, "discovered_at"), "case.err.before_occurred");
    CHECK_INT(fe.n, 1);
    memset(&fe, 0, sizeof(fe));
    c.discovered_at = now + 60; /* within the clock slack */
    case_validate_report(&c, now, &fe);
    CHECK_INT(fe.n, 0);
}

T(limits_and_due_dates)
{
    struct case_limits l;

    case_limits_default(&l);
    CHECK_INT(l.state_days[CS_NEW], 7);
    CHECK_INT(l.state_days[CS_ASSESSED], 14);
    CHECK_INT(l.state_days[CS_INVESTIGATING], 60);
    CHECK_INT(l.state_days[CS_ACTIONS], 90);
    CHECK_INT(l.state_days[CS_CLOSED], 0);
    CHECK_INT(l.lex_maria_days, 60);
    CHECK_INT(l.complaint_days, 28);
    CHECK_INT(case_limits_set(&l, "state.new", 3), 0);
    CHECK_INT(l.state_days[CS_NEW], 3);
    CHECK_INT(case_limits_set(&l, "lex_maria", 30), 0);
    CHECK_INT(l.lex_maria_days, 30);
    CHECK_INT(case_limits_set(&l, "state.closed", 3), -1);
    CHECK_INT(case_limits_set(&l, "state.nope", 3), -1);
    CHECK_INT(case_limits_set(&l, "complaint", 0), -1);
    CHECK_INT(case_limits_set(&l, NULL, 5), -1);
    CHECK(case_due(1000, 2) == 1000 + 2 * CASE_DAY);
    CHECK(case_due(0, 2) == 0);
    CHECK(case_due(1000, 0) == 0);
}

T(state_clock)
{
    struct case_limits l;
    struct case_rec c = {0};
    struct case_clock k;
    int64_t t0 = 1767225600; /* 2026-01-01T00:00Z */

    case_limits_default(&l);
    c.type = "deviation";
    c.state = "new";
    c.reported_at = c.state_since = t0;
    case_clock_of(&l, &c, t0 + 7 * CASE_DAY, &k);
    CHECK(k.state_due == t0 + 7 * CASE_DAY);
    CHECK_INT(k.state_overdue, 0); /* due is not yet overdue */
    case_clock_of(&l, &c, t0 + 7 * CASE_DAY + 1, &k);
    CHECK_INT(k.state_overdue, 1);
    CHECK_INT(k.overdue, 1);
    CHECK(k.lm_due == 0 && k.answer_due == 0);
    c.state = "closed";
    case_clock_of(&l, &c, t0 + 400 * CASE_DAY, &k);
    CHECK_INT(k.overdue, 0); /* closed cases are never overdue */
    CHECK(k.state_due == 0);
}

T(lex_maria_clock)
{
    struct case_limits l;
    struct case_rec c = {0};
    struct case_clock k;
    int64_t t0 = 1767225600;

    case_limits_default(&l);
    c.type = "deviation";
    c.state = "investigating";
    c.serious = 1;
    c.reported_at = t0 + 10 * CASE_DAY;
    c.state_since = t0 + 61 * CASE_DAY;
    /* from the report when the discovery is unknown */
    case_clock_of(&l, &c, t0 + 65 * CASE_DAY, &k);
    CHECK(k.lm_due == t0 + 70 * CASE_DAY);
    CHECK_INT(k.lm_overdue, 0);
    /* from the discovery when known */
    c.discovered_at = t0;
    case_clock_of(&l, &c, t0 + 65 * CASE_DAY, &k);
    CHECK(k.lm_due == t0 + 60 * CASE_DAY);
    CHECK_INT(k.lm_overdue, 1);
    CHECK_INT(k.state_overdue, 0);
    CHECK_INT(k.overdue, 1);
    /* decided to report but not yet sent: still overdue; sent: done */
    c.lm_decided_at = t0 + 62 * CASE_DAY;
    case_clock_of(&l, &c, t0 + 65 * CASE_DAY, &k);
    CHECK_INT(k.lm_overdue, 1);
    c.lm_done_at = t0 + 63 * CASE_DAY;
    case_clock_of(&l, &c, t0 + 65 * CASE_DAY, &k);
    CHECK_INT(k.lm_overdue, 0);
    c.serious = 0;
    case_clock_of(&l, &c, t0 + 65 * CASE_DAY, &k);
    CHECK(k.lm_due == 0);
}

T(complaint_clock)
{
    struct case_limits l;
    struct case_rec c = {0};
    struct case_clock k;
    int64_t t0 = 1767225600;

    case_limits_default(&l);
    c.type = "complaint";
    c.state = "assessed";
    c.reported_at = c.state_since = t0;
    case_clock_of(&l, &c, t0 + 13 * CASE_DAY, &k);
    CHECK(k.answer_due == t0 + 28 * CASE_DAY); /* four weeks */
    CHECK_INT(k.answer_overdue, 0);
    case_clock_of(&l, &c, t0 + 29 * CASE_DAY, &k);
    CHECK_INT(k.answer_overdue, 1);
    c.answer_due = t0 + 35 * CASE_DAY; /* set by the handler */
    case_clock_of(&l, &c, t0 + 29 * CASE_DAY, &k);
    CHECK_INT(k.answer_overdue, 0);
    c.answer_due = 0;
    c.answered_at = t0 + 20 * CASE_DAY;
    case_clock_of(&l, &c, t0 + 29 * CASE_DAY, &k);
    CHECK_INT(k.answer_overdue, 0);
}

T(closing_needs_the_clocks)
{
    struct case_facts f = {0};
    struct case_blockers b;

    f.type = CASE_COMPLAINT;
    f.state = CS_ACTIONS;
    f.feedback_given = 1;
    case_check(&f, CE_CLOSE, &b);
    CHECK(blocked_by(&b, "case.block.answer"));
    f.complaint_answered = 1;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 0);
    f.type = CASE_IMPROVEMENT;
    f.serious = 1;
    for (b.n = 0; b.n < INV__MAX; b.n++)
        f.investigation[b.n] = "x";
    case_check(&f, CE_CLOSE, &b);
    CHECK(blocked_by(&b, "case.block.lex_maria"));
    CHECK_INT(b.n, 1);
    f.lex_maria_decided = 1;
    case_check(&f, CE_CLOSE, &b);
    CHECK_INT(b.n, 0);
}

T(lex_maria_validation)
{
    int64_t now = 1767225600 + 100 * CASE_DAY;
    struct case_lm lm = {-1, NULL, NULL, 0, 0};
    struct fielderrs fe = {0};

    case_validate_lm(&lm, now, &fe);
    CHECK_STR(fielderr_get(&fe, "report"), "err.required");
    CHECK_STR(fielderr_get(&fe, "reasoning"), "err.required");
    CHECK_STR(fielderr_get(&fe, "decided_at"), "err.required");
    memset(&fe, 0, sizeof(fe));
    lm.report = 0;
    lm.reasoning = "Ingen allvarlig vårdskada.";
    lm.decided_at = now - CASE_DAY;
    lm.ivo_ref = "IVO-1";
    lm.sent_at = now;
    case_validate_lm(&lm, now, &fe);
    CHECK_STR(fielderr_get(&fe, "sent_at"), "case.lm.err.not_reported");
    CHECK_STR(fielderr_get(&fe, "ivo_ref"), "case.lm.err.not_reported");
    memset(&fe, 0, sizeof(fe));
    lm.report = 1;
    lm.sent_at = now - 2 * CASE_DAY;
    case_validate_lm(&lm, now, &fe);
    CHECK_STR(fielderr_get(&fe, "sent_at"), "case.lm.err.sent_before");
    memset(&fe, 0, sizeof(fe));
    lm.sent_at = now;
    lm.decided_at = now + 3 * CASE_DAY;
    case_validate_lm(&lm, now, &fe);
    CHECK_STR(fielderr_get(&fe, "decided_at"), "case.err.future");
    memset(&fe, 0, sizeof(fe));
    lm.decided_at = now - CASE_DAY;
    case_validate_lm(&lm, now, &fe);
    CHECK_INT(fe.n, 0);
}

T(median)
{
    int64_t v[] = {9, 1, 5, 3};

    CHECK(case_median(v, 0) == 0);
    CHECK(case_median(v, 3) == 5); /* 1 5 9 */
    CHECK(case_median(v, 4) == 4); /* 1 3 5 9 */
}

T_MAIN(T_CASE(report_validation), T_CASE(names_round_trip),
       T_CASE(state_machine), T_CASE(closing_rules_are_all_listed),
       T_CASE(closing_a_complete_case), T_CASE(reasons_and_transfers),
       T_CASE(risk_matrix), T_CASE(risk_matrix_custom),
       T_CASE(risk_matrix_validation), T_CASE(personnummer),
       T_CASE(limits_and_due_dates), T_CASE(state_clock),
       T_CASE(lex_maria_clock), T_CASE(complaint_clock),
       T_CASE(closing_needs_the_clocks), T_CASE(lex_maria_validation),
       T_CASE(median))
