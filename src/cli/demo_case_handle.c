/* demo_case_handle.c: how ska demo handles a planned case: the report,
 * then as far as its age allows the assessment, investigation (in full
 * for a serious event, with its Lex Maria decision), an action from the
 * category's suggestions, closing with feedback, and the times moved back
 * to when it all happened. */
#include <string.h>

#include "datetime.h"
#include "demo_case_int.h"
#include "util.h"

static int64_t category_id(const struct demo_people *p, int prov,
                           const char *code)
{
    size_t i;

    for (i = 0; i < p->ncats[prov]; i++)
        if (strcmp(p->cats[prov][i].code, code) == 0)
            return p->cats[prov][i].id;
    return 0;
}

static enum err step(struct store *st, const struct actor *h, int64_t id,
                     const char *ev, const char **state, const char *to,
                     const char *reason)
{
    enum err e = store_case_transition(st, h, id, ev, *state, to, 0, reason);

    *state = to;
    return e;
}

/* case_action puts one action from the category's suggestions on a case
 * that reached "actions", due 3-12 weeks after the report: for a case about
 * to close it was carried out and evaluated; an open case's action is
 * planned or under way, and overdue when its date has passed. */
static enum err case_action(struct store *st, struct arena *a,
                            const struct demo_people *p,
                            const struct demo_case *d, const struct case_rec *c,
                            const struct actor *h, int closing)
{
    const struct demo_cat_text *ct = demo_cat_text(d->cat);
    const char *const path[] = {"planned", "in_progress", "done", "evaluated"};
    struct action_rec x = {0};
    struct buf due;
    int prov = demo_case_units[d->unit].code[0] == 'V';
    int steps = closing ? 3 : (int)demo_rnd(2), k;
    enum err e;

    buf_init(&due, 0);
    datetime_fmt_date_sv(&due,
                         d->reported + (21 + (int64_t)demo_rnd(63)) * DAY);
    x.source = "case";
    x.source_id = c->id;
    x.unit_id = c->unit_id;
    x.what = ct->suggestion[(d->text / 2 + 1) % 2];
    x.responsible_id = h->user_id;
    x.follow_up_id = prov ? 0 : p->quality.user_id;
    x.due_date = arena_strdup(a, due.p);
    buf_release(&due);
    if ((e = store_action_create(st, h, &x)))
        return e;
    for (k = 0; k < steps; k++)
        if ((e = store_action_set_state(
                 st, h, x.id, path[k], path[k + 1],
                 k == 2 ? demo_evaluations[demo_rnd(4)] : NULL, NULL)))
            return e;
    return E_OK;
}

/* demo_case_write: see demo_case_int.h */
enum err demo_case_write(struct store *st, struct arena *a,
                         const struct demo_people *p, const struct demo_case *d,
                         int64_t now, int serious)
{
    const struct demo_case_unit *u = &demo_case_units[d->unit];
    const struct demo_cat_text *ct = demo_cat_text(d->cat);
    const struct actor *h = &p->handler[d->unit];
    int prov = u->code[0] == 'V' && u->code[1] == 'C';
    struct case_rec c = {0};
    struct case_times t = {0};
    struct actor rep;
    const char *state = "new", *what;
    int64_t age = now - d->reported, last;
    unsigned r = demo_rnd(100), i;
    int open;
    enum err e;

    if (!strcmp(d->type, "deviation"))
        what = arena_printf(a, "%s%s", ct->what[d->text % 3],
                            demo_contexts[(d->text / 3) % 8]);
    else if (!strcmp(d->type, "risk"))
        what = demo_risk_texts[d->text % 6];
    else if (!strcmp(d->type, "improvement"))
        what = demo_improvement_texts[d->text % 6];
    else
        what = demo_complaint_texts[d->text % 6];
    c.provider_id = p->provider[d->unit];
    c.unit_id = p->unit_id[d->unit];
    c.reporter_id = p->staff[d->unit][demo_rnd(p->nstaff[d->unit])];
    c.reporter_unit_id = c.unit_id;
    c.confidential = demo_rnd(100) < 3;
    c.type = d->type;
    c.what = what;
    c.immediate_action = ct->action[d->text % 2];
    c.suggestion = demo_rnd(3) ? ct->suggestion[(d->text / 2) % 2] : NULL;
    c.occurred_at = d->occurred;
    c.discovered_at = d->occurred + (int64_t)demo_rnd(2 * 3600);
    if (c.discovered_at > d->reported)
        c.discovered_at = d->reported;
    c.patient_affected =
        strcmp(d->type, "deviation") == 0 && demo_rnd(100) < 45;
    c.category_id = demo_rnd(10) < 8 ? category_id(p, prov, d->cat) : 0;
    rep.user_id = c.reporter_id;
    rep.name = "demo";
    if ((e = store_case_create(st, &rep, &c, NULL, 0)))
        return e;
    /* how far it got: old cases nearly all closed, recent ones open */
    if (serious)
        open = 0;
    else if (age > 120 * DAY)
        open = r < 3;
    else if (age > 30 * DAY)
        open = r < 35;
    else
        open = r < 80;
    if (open && r % 4 == 0 && age < 120 * DAY) {
        last = d->reported; /* still new */
    } else {
        c.category_id = category_id(p, prov, d->cat);
        c.handler_id = h->user_id;
        c.consequence = serious ? 4 : 1 + (int)demo_rnd(3);
        c.probability = serious ? 2 + (int)demo_rnd(2) : 1 + (int)demo_rnd(4);
        c.system_fault = serious ? 1 : (int)demo_rnd(2);
        c.care_injury = serious ? (demo_rnd(2) ? "caused" : "could")
                        : c.consequence >= 3 ? "could"
                                             : "none";
        c.serious = serious;
        c.feedback = open ? NULL : demo_feedbacks[demo_rnd(4)];
        if ((e = store_case_update(st, h, &c)) ||
            (e = step(st, h, c.id, "assess", &state, "assessed", NULL)))
            return e;
        if (serious || (open && r % 4 == 2) || (!open && r % 3 == 0))
            if ((e = step(st, h, c.id, "investigate", &state, "investigating",
                          NULL)))
                return e;
        if (serious) {
            /* Lex Maria: reported to IVO when harm was caused */
            struct case_lm lm = {0};
            struct tm ty;

            lm.report = strcmp(c.care_injury, "caused") == 0;
            lm.reasoning = lm.report
                               ? "Händelsen har medfört allvarlig vårdskada "
                                 "och anmäls till IVO enligt 3 kap. 5 § PSL."
                               : "Händelsen hade kunnat medföra allvarlig "
                                 "vårdskada men ledde inte till någon; "
                                 "utreds internt, ingen anmälan.";
            lm.decided_at = d->reported + 20 * DAY;
            lm.sent_at = lm.report ? lm.decided_at + 5 * DAY : 0;
            datetime_stockholm(lm.decided_at, &ty);
            lm.ivo_ref = lm.report ? arena_printf(a, "3.1.1-%05u/%d",
                                                  demo_rnd(90000) + 10000,
                                                  ty.tm_year + 1900)
                                   : NULL;
            if ((e = store_case_lm_set(st, prov ? h : &p->quality, c.id, &lm)))
                return e;
        }
        for (i = 0; serious && i < INV__MAX; i++)
            if ((e = store_case_investigation_set(st, h, c.id, (enum inv_item)i,
                                                  demo_inv_texts[i])))
                return e;
        if (serious || (open && r % 4 == 3) || (!open && r % 2 == 0))
            if ((e = step(st, h, c.id, "start_actions", &state, "actions",
                          NULL)) ||
                (e = case_action(st, a, p, d, &c, h, !open)))
                return e;
        if (!open && (e = step(st, h, c.id, "close", &state, "closed", NULL)))
            return e;
        /* handled within 1-8 weeks (serious: 2-4 months); open ones got
         * stuck early */
        last = d->reported + (serious ? 60 + (int64_t)demo_rnd(60)
                              : open  ? 1 + (int64_t)demo_rnd(14)
                                      : 7 + (int64_t)demo_rnd(50)) *
                                 DAY;
        if (last > now - 3600)
            last = now - 3600 > d->reported ? now - 3600 : d->reported;
    }
    t.occurred_at = c.occurred_at;
    t.discovered_at = c.discovered_at;
    t.reported_at = d->reported;
    t.last_step_at = last;
    return store_case_backdate(st, &cli_actor, c.id, &t);
}
