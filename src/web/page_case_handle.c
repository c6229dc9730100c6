/* page_case_handle.c: the handling forms of the case page: the assessment
 * and feedback, the steps of the state machine, the investigation items,
 * the Lex Maria decision and a complaint's clock. Each checks the user's
 * rights at the case's unit, answers 303 back to the case, or the case page
 * again with 422 and the fields marked. */
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "matrix.h"
#include "notify.h"
#include "page.h"

static int int_in(const char *s, int lo, int hi, int dflt)
{
    char *end;
    long v;

    if (!s || !*s)
        return dflt;
    v = strtol(s, &end, 10);
    return *end || v < lo || v > hi ? -1 : (int)v;
}

void page_case_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_rec c;
    struct cases_access ac;
    struct risk_matrix m;
    const char *sf, *ci;
    enum err e;

    if (!cases_load(r, &c, &ac))
        return;
    if (!ac.handle) {
        page_error(r, 403);
        return;
    }
    matrix_of(r, c.provider_id, &m);
    c.consequence = int_in(kv_get(&r->form, "consequence"), 1, m.levels, 0);
    c.probability = int_in(kv_get(&r->form, "probability"), 1, m.levels, 0);
    /* judged again under today's matrix (store_case_update) */
    if (kv_get(&r->form, "reassess")) {
        c.risk_score = 0;
        c.risk_band = NULL;
    }
    if (c.consequence < 0)
        fielderr_add(&fe, "consequence", "err.required");
    if (c.probability < 0)
        fielderr_add(&fe, "probability", "err.required");
    sf = kv_get(&r->form, "system_fault");
    c.system_fault = sf && strcmp(sf, "1") == 0   ? 1
                     : sf && strcmp(sf, "0") == 0 ? 0
                                                  : -1;
    ci = kv_get(&r->form, "care_injury");
    c.care_injury =
        ci && (strcmp(ci, "none") == 0 || strcmp(ci, "could") == 0 ||
               strcmp(ci, "caused") == 0)
            ? ci
            : NULL;
    c.serious = kv_get(&r->form, "serious") != NULL;
    c.feedback = kv_get(&r->form, "feedback");
    if (c.feedback && strlen(c.feedback) > CASE_TEXT_MAX * 4)
        fielderr_add(&fe, "feedback", "case.err.too_long");
    if ((ci = kv_get(&r->form, "category"))) {
        int64_t id = cases_category_arg(ci);

        if (cases_category_ok(r, id, c.provider_id))
            c.category_id = id;
        else
            fielderr_add(&fe, "category", "case.err.category");
    }
    if (kv_get(&r->form, "take") && !c.handler_id)
        c.handler_id = r->user->id;
    if (fe.n) {
        cases_show(r, 422, &c, &ac, &fe, NULL, NULL);
        return;
    }
    if ((e = store_begin(r->st)) || (e = notify_case_update(r, &c)) ||
        (e = store_case_update(r->st, &who, &c)) || (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/cases/%lld", (long long)c.id));
}

void page_case_step(struct req *r)
{
    enum case_event ev = case_event_from_str(kv_get(&r->form, "event"));
    struct fielderrs fe = {0};
    struct case_blockers b;
    struct case_rec c;
    struct cases_access ac;
    size_t i;
    enum err e;

    if (!cases_load(r, &c, &ac))
        return;
    if (ev == CE__MAX) {
        page_error(r, 400);
        return;
    }
    r->params[1] = kv_get(&r->form, "unit");
    e = cases_step(r, &c, ev, kv_get(&r->form, "reason"), req_id(r, 1), &b);
    if (e == E_INVAL) {
        /* the reason and unit fields are marked; every rule is listed */
        for (i = 0; i < b.n; i++)
            if (strcmp(b.v[i], "case.block.reason") == 0)
                fielderr_add(&fe, "reason", b.v[i]);
            else if (strcmp(b.v[i], "case.block.unit") == 0)
                fielderr_add(&fe, "unit", b.v[i]);
        cases_show(r, 422, &c, &ac, &fe, NULL, &b);
        return;
    }
    if (e) {
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "case.err.changed" : NULL);
        return;
    }
    req_redirect(r, arena_printf(r->a, "/cases/%lld", (long long)c.id));
}

void page_case_investigation(struct req *r)
{
    struct actor who = req_actor(r);
    struct case_rec c;
    struct cases_access ac;
    enum err e = E_OK;
    int k;

    if (!cases_load(r, &c, &ac))
        return;
    if (!ac.handle) {
        page_error(r, 403);
        return;
    }
    if ((e = store_begin(r->st)))
        goto fail;
    for (k = 0; k < INV__MAX && !e; k++) {
        const char *v = kv_get(&r->form, case_inv_item_str((enum inv_item)k));

        if (v)
            e = store_case_investigation_set(r->st, &who, c.id,
                                             (enum inv_item)k, v);
    }
    if (e || (e = store_commit(r->st)))
        goto fail;
    req_redirect(
        r, arena_printf(r->a, "/cases/%lld#investigation", (long long)c.id));
    return;
fail:
    store_rollback(r->st);
    page_error(r, page_status_for(e));
}

/* ---- clocks: Lex Maria decision, complaint answer ---- */

/* POST /cases/{id}/lexmaria: the Lex Maria decision, by a user with the
 * quality role at the case's unit (chefläkare, patient-safety staff). 303
 * to the case; 422 with the fields marked; 403 without the role; 409 when
 * the case is not serious. */
void page_case_lexmaria(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct cases_access ac;
    struct case_rec c;
    struct case_lm lm;
    const char *rep;
    enum err e;

    if (!cases_load(r, &c, &ac))
        return;
    if (!req_can(r, PERM_QUALITY, c.unit_path)) {
        page_error(r, 403);
        return;
    }
    if (!c.serious) {
        page_error(r, 409);
        return;
    }
    rep = kv_get(&r->form, "report");
    lm.report = rep && strcmp(rep, "1") == 0   ? 1
                : rep && strcmp(rep, "0") == 0 ? 0
                                               : -1;
    lm.reasoning = kv_get(&r->form, "reasoning");
    lm.ivo_ref = kv_get(&r->form, "ivo_ref");
    lm.decided_at = cases_parse_time(kv_get(&r->form, "decided_at"));
    lm.sent_at = cases_parse_time(kv_get(&r->form, "sent_at"));
    case_validate_lm(&lm, datetime_now(), &fe);
    if (fe.n) {
        cases_show(r, 422, &c, &ac, &fe, NULL, NULL);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_case_lm_set(r->st, &who, c.id, &lm)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/cases/%lld#h-lm", (long long)c.id));
}

/* POST /cases/{id}/complaint: a complaint's clock (answer due, answered,
 * via patientnämnden) by its handlers. 303; 422; 403; 409 when the case is
 * no complaint. */
void page_case_complaint(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct cases_access ac;
    struct case_rec c;
    int64_t due, answered, now = datetime_now();
    enum err e;

    if (!cases_load(r, &c, &ac))
        return;
    if (!ac.handle) {
        page_error(r, 403);
        return;
    }
    if (case_type_from_str(c.type) != CASE_COMPLAINT) {
        page_error(r, 409);
        return;
    }
    due = cases_parse_time(kv_get(&r->form, "answer_due"));
    answered = cases_parse_time(kv_get(&r->form, "answered_at"));
    case_validate_complaint(due, answered, c.reported_at, now, &fe);
    if (fe.n) {
        cases_show(r, 422, &c, &ac, &fe, NULL, NULL);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_case_complaint_set(r->st, &who, c.id, due, answered,
                                      kv_get(&r->form, "via_patientnamnd") !=
                                          NULL)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/cases/%lld#h-cp", (long long)c.id));
}
