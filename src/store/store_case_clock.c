/* store_case_clock.c: a case's clocks and protected data: the time limits
 * (migration 007), the Lex Maria decision, a complaint's answer, and the
 * patient identity, kept apart from the case, whose every view is
 * logged. */
#include "datetime.h"
#include "store_case_int.h"

enum stmt {
    STMT_PATIENT_GET,
    STMT_ACCESS_LOG,
    STMT_LIMITS,
    STMT_LM_GET,
    STMT_LM_SET,
    STMT_COMPLAINT_GET,
    STMT_COMPLAINT_SET,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_PATIENT_GET] = "SELECT pnr FROM case_patient WHERE case_id = ?1",
    [STMT_ACCESS_LOG] = "INSERT INTO patient_access_log (at, user_id, "
                        "case_id, purpose) VALUES (?1, ?2, ?3, ?4)",
    [STMT_LIMITS] = "SELECT key, days FROM case_time_limit",
    [STMT_LM_GET] =
        "SELECT l.report, l.reasoning, l.decided_at, coalesce(l.sent_at, 0), "
        "l.ivo_ref, u.name FROM case_lex_maria l LEFT JOIN app_user u ON "
        "u.id = l.decided_by WHERE l.case_id = ?1",
    [STMT_LM_SET] =
        "INSERT INTO case_lex_maria (case_id, report, reasoning, decided_by, "
        "decided_at, sent_at, ivo_ref, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8) ON CONFLICT (case_id) DO UPDATE SET report = "
        "excluded.report, reasoning = excluded.reasoning, decided_by = "
        "excluded.decided_by, decided_at = excluded.decided_at, sent_at = "
        "excluded.sent_at, ivo_ref = excluded.ivo_ref, updated_at = "
        "excluded.updated_at",
    [STMT_COMPLAINT_GET] = "SELECT coalesce(answer_due, 0), "
                           "coalesce(answered_at, 0), via_patientnamnd FROM "
                           "case_complaint WHERE case_id = ?1",
    [STMT_COMPLAINT_SET] =
        "INSERT INTO case_complaint (case_id, answer_due, answered_at, "
        "via_patientnamnd, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6) ON CONFLICT (case_id) DO UPDATE SET answer_due = "
        "excluded.answer_due, answered_at = excluded.answered_at, "
        "via_patientnamnd = excluded.via_patientnamnd, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
};

const struct sq_table sq_tab_case_clock = {SQ_CASECLOCK, stmts, STMT__MAX};

enum err store_case_patient(struct store *st, struct arena *a,
                            const struct actor *who, int64_t case_id,
                            const char *purpose, const char **pnr)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case_clock, STMT_PATIENT_GET, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *pnr = sq_str(a, s, 0);
    sqlite3_reset(s);
    if (!*pnr)
        return E_NOMEM;
    /* patientdatalagen: every view of a patient identity is logged */
    return sq_done(st,
                   sq_start(st, &sq_tab_case_clock, STMT_ACCESS_LOG, "iiit",
                            datetime_now(), who->user_id, case_id, purpose));
}

enum err store_case_limits(struct store *st, struct case_limits *out)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_case_clock, STMT_LIMITS, "");
    enum err e;

    case_limits_default(out);
    while ((e = sq_row(st, s)) == E_OK)
        case_limits_set(out, (const char *)sqlite3_column_text(s, 0),
                        (int)sq_int(s, 1));
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_case_lm_get(struct store *st, struct arena *a, int64_t case_id,
                           struct case_lm *out, const char **decided_by)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case_clock, STMT_LM_GET, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    out->report = (int)sq_int(s, 0);
    out->reasoning = sq_str(a, s, 1);
    out->decided_at = sq_int(s, 2);
    out->sent_at = sq_int(s, 3);
    out->ivo_ref = sq_str(a, s, 4);
    *decided_by = sq_str(a, s, 5);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_case_lm_set(struct store *st, const struct actor *who,
                           int64_t case_id, const struct case_lm *lm)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case_clock, STMT_LM_SET, "iitiiIti",
                             case_id, (int64_t)lm->report, lm->reasoning,
                             who->user_id, lm->decided_at, lm->sent_at,
                             sq_empty_null(lm->ivo_ref), datetime_now()));

    if (e || (e = store_case_event_add(st, case_id, who, "lex_maria", NULL,
                                       NULL, lm->reasoning)))
        return e;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "lex_maria", "case", case_id, NULL,
        sq_json(a, json_pack("{si ss sI sI ss?}", "report", lm->report,
                             "reasoning", lm->reasoning, "decided_at",
                             (json_int_t)lm->decided_at, "sent_at",
                             (json_int_t)lm->sent_at, "ivo_ref",
                             sq_empty_null(lm->ivo_ref))));
    arena_free(a);
    return e;
}

enum err store_case_complaint_get(struct store *st, int64_t case_id,
                                  int64_t *answer_due, int64_t *answered_at,
                                  int *via_patientnamnd)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case_clock, STMT_COMPLAINT_GET, "i", case_id);
    enum err e = sq_row(st, s);

    *answer_due = *answered_at = 0;
    *via_patientnamnd = 0;
    if (e)
        return e;
    *answer_due = sq_int(s, 0);
    *answered_at = sq_int(s, 1);
    *via_patientnamnd = (int)sq_int(s, 2);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_case_complaint_set(struct store *st, const struct actor *who,
                                  int64_t case_id, int64_t answer_due,
                                  int64_t answered_at, int via_patientnamnd)
{
    struct arena *a;
    enum err e = sq_done(
        st, sq_start(st, &sq_tab_case_clock, STMT_COMPLAINT_SET, "iIIiIi",
                     case_id, answer_due, answered_at,
                     (int64_t)via_patientnamnd, who->user_id, datetime_now()));

    if (e || (e = store_case_event_add(st, case_id, who, "complaint", NULL,
                                       NULL, NULL)))
        return e;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "complaint", "case", case_id, NULL,
        sq_json(a, json_pack("{sI sI si}", "answer_due", (json_int_t)answer_due,
                             "answered_at", (json_int_t)answered_at,
                             "via_patientnamnd", via_patientnamnd)));
    arena_free(a);
    return e;
}
