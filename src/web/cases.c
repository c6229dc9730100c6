/* cases.c: case operations shared by the case pages and the API. */
#include "cases.h"

#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "core/pnr.h"
#include "datetime.h"
#include "notify.h"

struct cases_access cases_access_of(const struct req *r,
                                    const struct case_rec *c)
{
    struct cases_access ac;

    ac.reporter = c->reporter_id == r->user->id;
    ac.read = req_can(r, PERM_READ, c->unit_path);
    ac.handle = req_can(r, PERM_HANDLE, c->unit_path);
    ac.manage = req_can(r, PERM_MANAGE, c->unit_path);
    return ac;
}

int cases_reportable(const struct req *r, const struct unit *u)
{
    size_t j;

    /* a grant's path starts with its care provider's id: "/1/..." */
    for (j = 0; j < r->ngrants; j++)
        if (strtoll(r->grants[j].unit_path + 1, NULL, 10) == u->provider_id)
            return u->active;
    return 0;
}

void cases_facts(struct req *r, const struct case_rec *c, struct case_facts *f)
{
    const char *items[INV__MAX];
    int i;

    memset(f, 0, sizeof(*f));
    f->type = case_type_from_str(c->type);
    f->state = case_state_from_str(c->state);
    f->consequence = c->consequence;
    f->probability = c->probability;
    f->serious = c->serious;
    f->feedback_given = c->feedback && *c->feedback;
    f->lex_maria_decided = c->lm_decided_at != 0;
    f->complaint_answered = c->answered_at != 0;
    /* an action is open until evaluated or cancelled (core/action.h); if
     * the count cannot be read, closing stays blocked */
    if (store_action_open_count(r->st, "case", c->id, &f->actions_open))
        f->actions_open = 1;
    if (store_case_investigation(r->st, r->a, c->id, items) == E_OK)
        for (i = 0; i < INV__MAX; i++)
            f->investigation[i] = items[i];
}

enum err cases_file(struct req *r, struct case_rec *c, const char *pnr_in,
                    struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    struct unit unit = {0};
    char pnr[PNR_NORM];
    const char *bad;
    struct tm tm;
    int coord = 0, has_pnr = pnr_in && *pnr_in;
    enum err e;

    if (c->unit_id && (store_unit_get(r->st, r->a, c->unit_id, &unit) ||
                       !cases_reportable(r, &unit)))
        c->unit_id = 0;
    c->reporter_id = r->user->id;
    c->reporter_unit_id = r->user->home_unit_id;
    if (c->occurred_at < 0) {
        fielderr_add(fe, "occurred_at", "err.datetime");
        c->occurred_at = 0;
    }
    if (c->discovered_at < 0) {
        fielderr_add(fe, "discovered_at", "err.datetime");
        c->discovered_at = 0;
    }
    case_validate_report(c, datetime_now(), fe);
    datetime_stockholm(datetime_now(), &tm);
    if (has_pnr && (bad = pnr_parse(pnr_in, tm.tm_year + 1900, pnr, &coord)))
        fielderr_add(fe, "pnr", bad);
    if (fe->n)
        return E_INVAL;
    c->provider_id = unit.provider_id;
    if (has_pnr)
        c->patient_affected = 1;
    if ((e = store_begin(r->st)) ||
        (e = store_case_create(r->st, &who, c, has_pnr ? pnr : NULL, coord)) ||
        (e = attachments_store(r, c->id, "files")) ||
        (e = notify_case_new(r, c)) || (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

enum err cases_step(struct req *r, struct case_rec *c, enum case_event ev,
                    const char *reason, int64_t unit_id,
                    struct case_blockers *b)
{
    struct actor who = req_actor(r);
    struct case_facts f;
    struct unit target;
    enum err e;

    b->n = 0;
    if (!req_can(r, case_event_perm(ev), c->unit_path))
        return E_DENIED;
    cases_facts(r, c, &f);
    f.reason = reason;
    /* a transfer goes to another unit of the same care provider */
    if (ev == CE_TRANSFER && unit_id &&
        store_unit_get(r->st, r->a, unit_id, &target) == E_OK &&
        target.provider_id == c->provider_id && target.id != c->unit_id &&
        target.active)
        f.target_unit = target.id;
    case_check(&f, ev, b);
    if (b->n)
        return E_INVAL;
    if ((e = store_begin(r->st)) ||
        (e = store_case_transition(
             r->st, &who, c->id, case_event_str(ev), c->state,
             case_state_str(case_next(f.state, ev)), f.target_unit, reason)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

enum err cases_view(const struct req *r, const char *view,
                    struct case_filter *f)
{
    if (view && strcmp(view, "handling") == 0) {
        if (!req_can(r, PERM_READ, NULL))
            return E_DENIED;
        f->handler_id = r->user->id;
    } else if (view && strcmp(view, "units") == 0) {
        if (!req_can(r, PERM_READ, NULL))
            return E_DENIED;
        f->scope_path = req_widest_scope(r, PERM_READ);
    } else {
        f->reporter_id = r->user->id;
    }
    return E_OK;
}
