/* page_case.c: the case page: the report, the assessment under the care
 * provider's risk matrix, the clocks, the timeline, the investigation and
 * the handling steps. The rules of each step come from core/case.c, so the
 * page can say why a step is not possible yet. The forms it shows post to
 * page_case_handle.c. */
#include <string.h>

#include "actions.h"
#include "attachments.h"
#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "matrix.h"
#include "notify.h"
#include "page.h"
#include "process_web.h"

static void add_steps(struct req *r, struct tv *ctx, const struct case_rec *c)
{
    struct tv *steps = tv_list(ctx, "steps");
    struct case_facts f;
    int ev;

    cases_facts(r, c, &f);
    for (ev = 0; ev < CE__MAX; ev++) {
        struct case_blockers b;
        struct tv *it, *why;
        size_t i;

        /* events that need more input have their own forms */
        if (ev == CE_TRANSFER || ev == CE_REJECT || ev == CE_REOPEN ||
            ev == CE_ACCEPT)
            continue;
        if (case_next(f.state, (enum case_event)ev) == CS__MAX)
            continue;
        case_check(&f, (enum case_event)ev, &b);
        it = tv_push(steps);
        tv_str(it, "event", case_event_str((enum case_event)ev));
        tv_str(
            it, "label",
            cases_t_key(r, "case.event", case_event_str((enum case_event)ev)));
        tv_bool(it, "allowed", b.n == 0);
        why = tv_list(it, "blockers");
        for (i = 0; i < b.n; i++)
            tv_str(tv_push(why), "text", page_t(r, b.v[i]));
    }
    tv_bool(ctx, "can_reject", case_next(f.state, CE_REJECT) != CS__MAX);
    tv_bool(ctx, "can_transfer", case_next(f.state, CE_TRANSFER) != CS__MAX);
    tv_bool(ctx, "can_accept", case_next(f.state, CE_ACCEPT) != CS__MAX);
    tv_bool(ctx, "can_reopen", case_next(f.state, CE_REOPEN) != CS__MAX);
    /* the closing rules, stated even before anyone tries to close */
    {
        struct case_facts all = f;
        struct case_blockers b;
        struct tv *rules = tv_list(ctx, "close_rules");
        size_t i;

        all.state = CS_ACTIONS;
        case_check(&all, CE_CLOSE, &b);
        for (i = 0; i < b.n; i++)
            tv_str(tv_push(rules), "text", page_t(r, b.v[i]));
        tv_bool(ctx, "close_ready", b.n == 0);
    }
}

/* add_matrix shows the assessment under the care provider's risk matrix:
 * the scales of the form, the grid with the case's cell, the suggestion of
 * an event analysis, and a note when today's matrix would give the
 * recorded assessment another band. */
static void add_matrix(struct req *r, struct tv *ctx, const struct case_rec *c)
{
    struct risk_matrix m;
    enum risk_band now;

    matrix_of(r, c->provider_id, &m);
    tv_bool(ctx, "suggest_analysis",
            risk_needs_analysis(&m, c->consequence, c->probability));
    matrix_scale(r, ctx, "consequences", &m, "consequence", c->consequence);
    matrix_scale(r, ctx, "probabilities", &m, "probability", c->probability);
    matrix_grid(r, ctx, &m, c->consequence, c->probability);
    now = risk_band_of(&m, risk_score(&m, c->consequence, c->probability));
    if (c->risk_band && now != BAND_NONE &&
        now != risk_band_from_str(c->risk_band))
        tv_str(ctx, "band_now",
               cases_t_key(r, "case.band", risk_band_str(now)));
}

/* form_or returns the submitted value of a field when the page shows a
 * failed submit of that form, else the stored value. */
static const char *form_or(struct req *r, const char *field, const char *v)
{
    const char *in = kv_get(&r->form, field);

    return in ? in : v;
}

/* add_clocks shows the time limits: the state's, and the Lex Maria and
 * complaint clocks with their forms. */
static void add_clocks(struct req *r, struct tv *ctx, const struct case_rec *c,
                       const struct cases_access *ac,
                       const struct case_limits *l)
{
    struct tv *k = tv_obj(ctx, "clock");
    struct case_clock ck;
    const char *today = cases_date_str(r, datetime_now()), *rep;

    case_clock_of(l, c, datetime_now(), &ck);
    tv_str(k, "state_due", cases_date_str(r, ck.state_due));
    tv_bool(k, "state_overdue", ck.state_overdue);
    if (c->serious) {
        struct tv *lm = tv_obj(ctx, "lm");
        struct case_lm d = {-1, NULL, NULL, 0, 0};
        const char *by = NULL;

        tv_str(lm, "due", cases_date_str(r, ck.lm_due));
        tv_bool(lm, "overdue", ck.lm_overdue);
        tv_bool(lm, "can_decide", req_can(r, PERM_QUALITY, c->unit_path));
        if (store_case_lm_get(r->st, r->a, c->id, &d, &by) == E_OK) {
            tv_bool(lm, "decided", 1);
            tv_str(lm, "decision",
                   page_t(r, d.report ? "case.lm.report_yes"
                                      : "case.lm.report_no"));
            tv_str(lm, "reasoning", d.reasoning);
            tv_str(lm, "decided_by", by);
            tv_str(lm, "decided_at", cases_date_str(r, d.decided_at));
            tv_str(lm, "sent_at", cases_date_str(r, d.sent_at));
            tv_str(lm, "ivo_ref", d.ivo_ref);
        }
        rep = form_or(r, "report",
                      d.report == 1   ? "1"
                      : d.report == 0 ? "0"
                                      : NULL);
        tv_bool(lm, "in_yes", rep && strcmp(rep, "1") == 0);
        tv_bool(lm, "in_no", rep && strcmp(rep, "0") == 0);
        tv_str(lm, "in_reasoning", form_or(r, "reasoning", d.reasoning));
        tv_str(lm, "in_decided_at",
               form_or(r, "decided_at",
                       d.decided_at ? cases_date_str(r, d.decided_at) : today));
        tv_str(lm, "in_sent_at",
               form_or(r, "sent_at", cases_date_str(r, d.sent_at)));
        tv_str(lm, "in_ivo_ref", form_or(r, "ivo_ref", d.ivo_ref));
    }
    if (case_type_from_str(c->type) == CASE_COMPLAINT) {
        struct tv *cp = tv_obj(ctx, "cp");
        int64_t due = 0, answered = 0;
        int via = 0;

        store_case_complaint_get(r->st, c->id, &due, &answered, &via);
        tv_str(cp, "due", cases_date_str(r, ck.answer_due));
        tv_bool(cp, "overdue", ck.answer_overdue);
        tv_str(cp, "answered", cases_date_str(r, answered));
        tv_bool(cp, "via", via);
        tv_bool(cp, "can_edit", ac->handle);
        tv_str(cp, "in_answer_due",
               form_or(r, "answer_due", cases_date_str(r, ck.answer_due)));
        tv_str(cp, "in_answered_at",
               form_or(r, "answered_at", cases_date_str(r, answered)));
        tv_bool(cp, "in_via",
                kv_get(&r->form, "answered_at")
                    ? kv_get(&r->form, "via_patientnamnd") != NULL
                    : via);
    }
}

void cases_show(struct req *r, int status, struct case_rec *c,
                const struct cases_access *ac, const struct fielderrs *fe,
                const char *pnr, const struct case_blockers *blk)
{
    struct tv *ctx = page_ctx(r), *cv = tv_obj(ctx, "c"), *tl;
    struct case_event_row *ev;
    struct cases_limits lim = {.provider_id = -1};
    enum err e = E_OK;
    size_t i, n;

    cases_fill_row(r, cv, c, &lim);
    tv_str(cv, "what", c->what);
    tv_str(cv, "immediate_action", c->immediate_action);
    tv_str(cv, "suggestion", c->suggestion);
    tv_str(cv, "feedback", c->feedback);
    tv_str(cv, "reason", c->reason);
    tv_str(cv, "handler", c->handler_name);
    if (c->occurred_at)
        tv_str(cv, "occurred", page_datetime(r, c->occurred_at));
    if (c->discovered_at)
        tv_str(cv, "discovered", page_datetime(r, c->discovered_at));
    if (c->feedback_at)
        tv_str(cv, "feedback_at", page_datetime(r, c->feedback_at));
    tv_bool(cv, "patient_affected", c->patient_affected);
    /* a confidential reporter is named only to the unit's managers */
    if (!c->confidential || ac->manage || ac->reporter)
        tv_str(cv, "reporter", c->reporter_name);
    else
        tv_str(cv, "reporter", page_t(r, "case.confidential_reporter"));
    tv_bool(ctx, "reported", kv_get(&r->query, "reported") != NULL);
    tv_bool(ctx, "is_reporter", ac->reporter);
    tv_bool(ctx, "can_read", ac->read);
    tv_bool(ctx, "can_handle", ac->handle);
    /* the identity is shown only on an explicit, logged request (POST
     * /cases/{id}/patient) to those who handle the case */
    if (ac->handle && c->has_patient) {
        if (pnr)
            tv_str(ctx, "pnr", arena_printf(r->a, "%.8s-%.4s", pnr, pnr + 8));
        else
            tv_bool(ctx, "pnr_hidden", 1);
    }
    if (ac->read) {
        add_matrix(r, ctx, c);
        tv_bool(ctx, "sf_unknown", c->system_fault < 0);
        tv_bool(ctx, "sf_single", c->system_fault == 0);
        tv_bool(ctx, "sf_system", c->system_fault == 1);
        tv_bool(ctx, "ci_none",
                c->care_injury && strcmp(c->care_injury, "none") == 0);
        tv_bool(ctx, "ci_could",
                c->care_injury && strcmp(c->care_injury, "could") == 0);
        tv_bool(ctx, "ci_caused",
                c->care_injury && strcmp(c->care_injury, "caused") == 0);
        tv_bool(ctx, "serious", c->serious);
        add_clocks(r, ctx, c, ac, cases_limits_for(r, &lim, c->provider_id));
        if (!(e = store_case_events(r->st, r->a, c->id, &ev, &n))) {
            tv_bool(ctx, "has_timeline", n > 0);
            tl = tv_list(ctx, "timeline");
            for (i = 0; i < n; i++) {
                struct tv *it = tv_push(tl);

                tv_str(it, "when", page_datetime(r, ev[i].at));
                tv_str(it, "who", ev[i].user_name);
                tv_str(it, "what", cases_t_key(r, "case.ev", ev[i].kind));
                tv_str(it, "text", ev[i].text);
                if (ev[i].to_state)
                    tv_str(it, "to",
                           cases_t_key(r, "case.state", ev[i].to_state));
            }
        }
        if (ac->handle) {
            add_steps(r, ctx, c);
            actions_case_section(r, ctx, c);
            cases_unit_options(r, ctx, 0);
        }
        if (c->serious) {
            const char *items[INV__MAX];
            struct tv *inv = tv_list(ctx, "investigation");
            int k;

            tv_bool(ctx, "has_investigation", 1);
            if (!e &&
                !(e = store_case_investigation(r->st, r->a, c->id, items)))
                for (k = 0; k < INV__MAX; k++) {
                    struct tv *it = tv_push(inv);
                    const char *code = case_inv_item_str((enum inv_item)k);

                    tv_str(it, "item", code);
                    tv_str(it, "label", cases_t_key(r, "case.inv", code));
                    tv_str(it, "text", items[k]);
                }
        }
    }
    if (!e)
        e = attachments_case_section(r, ctx, c, ac);
    if (!e)
        e = process_of_section(r, ctx, "case", c->id);
    if (fe)
        page_fielderrs(r, ctx, fe);
    if (blk && blk->n) {
        struct tv *why = tv_list(ctx, "step_errors");

        tv_bool(ctx, "has_step_errors", 1);
        tv_bool(ctx, "has_errors", 0); /* one summary, listing every rule */
        for (i = 0; i < blk->n; i++)
            tv_str(tv_push(why), "text", page_t(r, blk->v[i]));
    }
    if (ac->handle)
        cases_category_options(r, ctx, c->provider_id, c->category_id);
    if (!e && ac->handle)
        e = notify_case_section(r, ctx, c->id);
    if (e) { /* never a page with parts silently missing */
        page_error(r, 500);
        return;
    }
    page_render(r, status, "case", ctx, "case.title");
}

void cases_page(struct req *r, int status, struct case_rec *c,
                const struct fielderrs *fe)
{
    struct cases_access ac = cases_access_of(r, c);

    cases_show(r, status, c, &ac, fe, NULL, NULL);
}

void page_case(struct req *r)
{
    struct case_rec c;
    struct cases_access ac;

    if (cases_load(r, &c, &ac))
        cases_show(r, 200, &c, &ac, NULL, NULL, NULL);
}

void page_case_patient(struct req *r)
{
    struct actor who = req_actor(r);
    const char *pnr = NULL;
    struct case_rec c;
    struct cases_access ac;
    enum err e;

    if (!cases_load(r, &c, &ac))
        return;
    if (!ac.handle) {
        page_error(r, 403);
        return;
    }
    if (!c.has_patient) {
        page_error(r, 404);
        return;
    }
    /* patientdatalagen: the view and its log entry commit together */
    if ((e = store_begin(r->st)) ||
        (e = store_case_patient(r->st, r->a, &who, c.id, "case view", &pnr)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    cases_show(r, 200, &c, &ac, NULL, pnr, NULL);
}
