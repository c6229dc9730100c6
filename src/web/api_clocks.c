/* api_clocks.c: the clocks of a case in the API: the Lex Maria decision
 * (POST /api/v1/cases/{id}/lexmaria) and a complaint's answer clock (POST
 * /api/v1/cases/{id}/complaint), with the rules and permissions of the
 * case page's forms (page_case_handle.c). Times are ISO 8601: a date
 * "YYYY-MM-DD" (Stockholm midnight) or a full time. */
#include <string.h>

#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

/* load reads the case of route capture 0: 404 unless the user may read
 * it, like GET /api/v1/cases/{id}. */
static int load(struct req *r, struct case_rec *c)
{
    struct cases_access ac;

    if (store_case_get(r->st, r->a, req_id(r, 0), c) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    ac = cases_access_of(r, c);
    if (!ac.read) {
        page_error(r, ac.reporter ? 403 : 404);
        return 0;
    }
    return 1;
}

/* jtime reads an optional time: 0 when absent or null, -1 when bad. */
static int64_t jtime(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    int64_t t;

    if (!v || json_is_null(v))
        return 0;
    return json_is_string(v) &&
                   datetime_parse_iso(json_string_value(v), &t) == E_OK
               ? t
               : -1;
}

static json_t *lm_json(struct req *r, int64_t case_id)
{
    struct case_lm d = {-1, NULL, NULL, 0, 0};
    const char *by = NULL;

    if (store_case_lm_get(r->st, r->a, case_id, &d, &by) != E_OK)
        return json_pack("{sI sn}", "case_id", (json_int_t)case_id, "decision");
    return json_pack("{sI s{sb ss so so so so}}", "case_id",
                     (json_int_t)case_id, "decision", "report", d.report == 1,
                     "reasoning", d.reasoning, "decided_by", page_json_str(by),
                     "decided_at", page_json_time(d.decided_at), "sent_at",
                     page_json_time(d.sent_at), "ivo_ref",
                     page_json_str(d.ivo_ref));
}

/* POST /api/v1/cases/{id}/lexmaria {"report": bool, "reasoning": text,
 * "decided_at": time, "sent_at": time, "ivo_ref": text}: 200 with the
 * decision; 422 with the fields; 403 without the quality role at the
 * case's unit; 409 when the case is not serious. */
void api_case_lexmaria(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_rec c;
    struct case_lm lm;
    json_t *j, *rep;
    enum err e;

    if (!load(r, &c))
        return;
    if (!req_can(r, PERM_QUALITY, c.unit_path)) {
        page_error(r, 403);
        return;
    }
    if (!c.serious) {
        page_error(r, 409);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    rep = json_object_get(j, "report");
    lm.report = json_is_boolean(rep) ? json_is_true(rep) : -1;
    lm.reasoning = page_jstr(j, "reasoning");
    lm.ivo_ref = page_jstr(j, "ivo_ref");
    lm.decided_at = jtime(j, "decided_at");
    lm.sent_at = jtime(j, "sent_at");
    case_validate_lm(&lm, datetime_now(), &fe);
    if (fe.n) {
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_case_lm_set(r->st, &who, c.id, &lm)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        goto out;
    }
    page_json(r, 200, lm_json(r, c.id));
out:
    json_decref(j);
}

/* POST /api/v1/cases/{id}/complaint {"answer_due": time or null (the
 * default limit), "answered_at": time or null, "via_patientnamnd": bool}:
 * 200 with the clock; 422; 403 unless the user handles the case; 409 when
 * the case is no complaint. */
void api_case_complaint(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_limits l;
    struct case_clock ck;
    struct case_rec c;
    int64_t due, answered, now = datetime_now();
    int via;
    json_t *j;
    enum err e;

    if (!load(r, &c))
        return;
    if (!cases_access_of(r, &c).handle) {
        page_error(r, 403);
        return;
    }
    if (case_type_from_str(c.type) != CASE_COMPLAINT) {
        page_error(r, 409);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    due = jtime(j, "answer_due");
    answered = jtime(j, "answered_at");
    via = json_is_true(json_object_get(j, "via_patientnamnd"));
    case_validate_complaint(due, answered, c.reported_at, now, &fe);
    if (fe.n) {
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_case_complaint_set(r->st, &who, c.id, due, answered, via)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        goto out;
    }
    if (store_case_get(r->st, r->a, c.id, &c) ||
        store_provider_limits(r->st, c.provider_id, &l, NULL)) {
        page_error(r, 500);
        goto out;
    }
    case_clock_of(&l, &c, now, &ck);
    page_json(r, 200,
              json_pack("{sI so so sb sb}", "case_id", (json_int_t)c.id,
                        "answer_due", page_json_time(ck.answer_due),
                        "answered_at", page_json_time(c.answered_at),
                        "via_patientnamnd", via, "overdue", ck.answer_overdue));
out:
    json_decref(j);
}
