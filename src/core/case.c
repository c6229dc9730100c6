/* case.c: the case state machine, its rules, validation and clocks. */
#include "case.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "utf8.h"

static const char *const type_names[CASE_TYPE__MAX] = {
    [CASE_DEVIATION] = "deviation",
    [CASE_RISK] = "risk",
    [CASE_IMPROVEMENT] = "improvement",
    [CASE_COMPLAINT] = "complaint",
};

static const char *const state_names[CS__MAX] = {
    [CS_NEW] = "new",
    [CS_ASSESSED] = "assessed",
    [CS_INVESTIGATING] = "investigating",
    [CS_ACTIONS] = "actions",
    [CS_CLOSED] = "closed",
    [CS_TRANSFERRED] = "transferred",
    [CS_REJECTED] = "rejected",
};

static const char *const event_names[CE__MAX] = {
    [CE_ASSESS] = "assess",
    [CE_INVESTIGATE] = "investigate",
    [CE_START_ACTIONS] = "start_actions",
    [CE_CLOSE] = "close",
    [CE_TRANSFER] = "transfer",
    [CE_ACCEPT] = "accept",
    [CE_REJECT] = "reject",
    [CE_REOPEN] = "reopen",
};

static const char *const inv_names[INV__MAX] = {
    [INV_COURSE] = "course",
    [INV_TIMES] = "times",
    [INV_CONSEQUENCES] = "consequences",
    [INV_CAUSES] = "causes",
    [INV_ACTIONS] = "actions",
    [INV_RESPONSIBLE] = "responsible",
    [INV_SCHEDULE] = "schedule",
    [INV_FOLLOWUP] = "followup",
    [INV_STAFF_INFORMED] = "staff_informed",
};

/* The state machine: next[state][event], CS__MAX where there is no step. */
#define NO CS__MAX
static const enum case_state next_state[CS__MAX][CE__MAX] = {
    /*                 assess       investigate       actions     close
                       transfer        accept  reject       reopen */
    [CS_NEW] = {CS_ASSESSED, NO, NO, CS_CLOSED, CS_TRANSFERRED, NO, CS_REJECTED,
                NO},
    [CS_ASSESSED] = {CS_ASSESSED, CS_INVESTIGATING, CS_ACTIONS, CS_CLOSED,
                     CS_TRANSFERRED, NO, CS_REJECTED, NO},
    [CS_INVESTIGATING] = {CS_INVESTIGATING, NO, CS_ACTIONS, CS_CLOSED,
                          CS_TRANSFERRED, NO, NO, NO},
    [CS_ACTIONS] = {CS_ACTIONS, NO, NO, CS_CLOSED, NO, NO, NO, NO},
    [CS_CLOSED] = {NO, NO, NO, NO, NO, NO, NO, CS_NEW},
    [CS_TRANSFERRED] = {NO, NO, NO, NO, NO, CS_NEW, NO, NO},
    [CS_REJECTED] = {NO, NO, NO, NO, NO, NO, NO, CS_NEW},
};
#undef NO

static const enum perm event_perm[CE__MAX] = {
    [CE_ASSESS] = PERM_HANDLE,        [CE_INVESTIGATE] = PERM_HANDLE,
    [CE_START_ACTIONS] = PERM_HANDLE, [CE_CLOSE] = PERM_HANDLE,
    [CE_TRANSFER] = PERM_HANDLE,      [CE_ACCEPT] = PERM_HANDLE,
    [CE_REJECT] = PERM_HANDLE,        [CE_REOPEN] = PERM_MANAGE,
};

const char *case_type_str(enum case_type t)
{
    return (unsigned)t < CASE_TYPE__MAX ? type_names[t] : "unknown";
}

enum case_type case_type_from_str(const char *s)
{
    return (enum case_type)names_index(type_names, CASE_TYPE__MAX, s);
}

const char *case_state_str(enum case_state s)
{
    return (unsigned)s < CS__MAX ? state_names[s] : "unknown";
}

enum case_state case_state_from_str(const char *s)
{
    return (enum case_state)names_index(state_names, CS__MAX, s);
}

const char *case_event_str(enum case_event e)
{
    return (unsigned)e < CE__MAX ? event_names[e] : "unknown";
}

enum case_event case_event_from_str(const char *s)
{
    return (enum case_event)names_index(event_names, CE__MAX, s);
}

const char *case_inv_item_str(enum inv_item i)
{
    return (unsigned)i < INV__MAX ? inv_names[i] : "unknown";
}

enum case_state case_next(enum case_state s, enum case_event ev)
{
    if ((unsigned)s >= CS__MAX || (unsigned)ev >= CE__MAX)
        return CS__MAX;
    return next_state[s][ev];
}

enum perm case_event_perm(enum case_event ev)
{
    return (unsigned)ev < CE__MAX ? event_perm[ev] : PERM_ADMIN;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static void block(struct case_blockers *b, const char *key)
{
    if (b->n < CASE_BLOCKERS_MAX)
        b->v[b->n++] = key;
}

/* inv_keys: message keys naming each missing investigation item */
static const char *const inv_keys[INV__MAX] = {
    [INV_COURSE] = "case.block.inv.course",
    [INV_TIMES] = "case.block.inv.times",
    [INV_CONSEQUENCES] = "case.block.inv.consequences",
    [INV_CAUSES] = "case.block.inv.causes",
    [INV_ACTIONS] = "case.block.inv.actions",
    [INV_RESPONSIBLE] = "case.block.inv.responsible",
    [INV_SCHEDULE] = "case.block.inv.schedule",
    [INV_FOLLOWUP] = "case.block.inv.followup",
    [INV_STAFF_INFORMED] = "case.block.inv.staff_informed",
};

/* close_rules: everything that must be true before a case closes. */
static void close_rules(const struct case_facts *f, struct case_blockers *b)
{
    int i;

    if (f->type == CASE_DEVIATION || f->type == CASE_RISK) {
        if (f->consequence < 1 || f->probability < 1)
            block(b, "case.block.assessment");
    }
    if (f->serious) {
        for (i = 0; i < INV__MAX; i++)
            if (blank(f->investigation[i]))
                block(b, inv_keys[i]);
        if (!f->lex_maria_decided)
            block(b, "case.block.lex_maria");
    }
    if (f->actions_open)
        block(b, "case.block.actions_open");
    if (f->type == CASE_COMPLAINT && !f->complaint_answered)
        block(b, "case.block.answer");
    if (!f->feedback_given)
        block(b, "case.block.feedback");
}

void case_check(const struct case_facts *f, enum case_event ev,
                struct case_blockers *b)
{
    b->n = 0;
    if (case_next(f->state, ev) == CS__MAX) {
        block(b, "case.block.state");
        return;
    }
    switch (ev) {
    case CE_ASSESS:
        if (f->consequence < 1 || f->probability < 1)
            block(b, "case.block.assessment");
        break;
    case CE_START_ACTIONS:
        if (f->serious && blank(f->investigation[INV_CAUSES]))
            block(b, "case.block.inv.causes");
        break;
    case CE_CLOSE:
        close_rules(f, b);
        break;
    case CE_TRANSFER:
        if (!f->target_unit)
            block(b, "case.block.unit");
        break;
    default:
        break;
    }
    /* transfers, rejections and reopenings always say why */
    if ((ev == CE_TRANSFER || ev == CE_REJECT || ev == CE_REOPEN) &&
        blank(f->reason))
        block(b, "case.block.reason");
}

static int text_too_long(const char *s)
{
    return s && (!utf8_valid(s, strlen(s)) || utf8_len(s) > CASE_TEXT_MAX);
}

void case_validate_report(const struct case_rec *c, int64_t now,
                          struct fielderrs *fe)
{
    /* a little slack for clocks that differ between phone and server */
    int64_t future = now + 5 * 60;

    if (case_type_from_str(c->type) == CASE_TYPE__MAX)
        fielderr_add(fe, "type", "err.required");
    if (blank(c->what))
        fielderr_add(fe, "what", "err.required");
    else if (text_too_long(c->what))
        fielderr_add(fe, "what", "case.err.too_long");
    if (text_too_long(c->immediate_action))
        fielderr_add(fe, "immediate_action", "case.err.too_long");
    if (text_too_long(c->suggestion))
        fielderr_add(fe, "suggestion", "case.err.too_long");
    if (!c->unit_id)
        fielderr_add(fe, "unit", "err.required");
    if (c->occurred_at > future)
        fielderr_add(fe, "occurred_at", "case.err.future");
    if (c->discovered_at > future)
        fielderr_add(fe, "discovered_at", "case.err.future");
    else if (c->occurred_at && c->discovered_at &&
             c->discovered_at < c->occurred_at)
        fielderr_add(fe, "discovered_at", "case.err.before_occurred");
}

/* ---- clocks ---- */

void case_limits_default(struct case_limits *l)
{
    memset(l, 0, sizeof(*l));
    l->state_days[CS_NEW] = 7;
    l->state_days[CS_ASSESSED] = 14;
    l->state_days[CS_INVESTIGATING] = 60;
    l->state_days[CS_ACTIONS] = 90;
    l->state_days[CS_TRANSFERRED] = 7;
    l->lex_maria_days = 60;
    l->complaint_days = 28;
}

int case_limits_set(struct case_limits *l, const char *key, int days)
{
    enum case_state s;

    if (!key || days < 1)
        return -1;
    if (strcmp(key, "lex_maria") == 0) {
        l->lex_maria_days = days;
        return 0;
    }
    if (strcmp(key, "complaint") == 0) {
        l->complaint_days = days;
        return 0;
    }
    if (strncmp(key, "state.", 6) != 0)
        return -1;
    s = case_state_from_str(key + 6);
    if (s == CS__MAX || !case_is_open(s))
        return -1;
    l->state_days[s] = days;
    return 0;
}

int64_t case_due(int64_t start, int days)
{
    return start && days > 0 ? start + (int64_t)days * CASE_DAY : 0;
}

int case_is_open(enum case_state s)
{
    return s != CS_CLOSED && s != CS_REJECTED && s != CS__MAX;
}

void case_clock_of(const struct case_limits *l, const struct case_rec *c,
                   int64_t now, struct case_clock *out)
{
    enum case_state s = case_state_from_str(c->state);
    int open = case_is_open(s);

    memset(out, 0, sizeof(*out));
    if (open)
        out->state_due = case_due(c->state_since, l->state_days[s]);
    if (c->serious)
        out->lm_due =
            case_due(c->discovered_at ? c->discovered_at : c->reported_at,
                     l->lex_maria_days);
    if (case_type_from_str(c->type) == CASE_COMPLAINT)
        out->answer_due = c->answer_due
                              ? c->answer_due
                              : case_due(c->reported_at, l->complaint_days);
    if (!open)
        return;
    out->state_overdue = out->state_due && now > out->state_due;
    out->lm_overdue = out->lm_due && !c->lm_done_at && now > out->lm_due;
    out->answer_overdue =
        out->answer_due && !c->answered_at && now > out->answer_due;
    out->overdue = out->state_overdue || out->lm_overdue || out->answer_overdue;
}

void case_validate_lm(const struct case_lm *lm, int64_t now,
                      struct fielderrs *fe)
{
    int64_t future = now + CASE_DAY; /* a date is the start of its day */

    if (lm->report != 0 && lm->report != 1)
        fielderr_add(fe, "report", "err.required");
    if (blank(lm->reasoning))
        fielderr_add(fe, "reasoning", "err.required");
    else if (text_too_long(lm->reasoning))
        fielderr_add(fe, "reasoning", "case.err.too_long");
    if (lm->decided_at < 0)
        fielderr_add(fe, "decided_at", "err.datetime");
    else if (!lm->decided_at)
        fielderr_add(fe, "decided_at", "err.required");
    else if (lm->decided_at > future)
        fielderr_add(fe, "decided_at", "case.err.future");
    if (lm->sent_at < 0)
        fielderr_add(fe, "sent_at", "err.datetime");
    else if (lm->sent_at && lm->report != 1)
        fielderr_add(fe, "sent_at", "case.lm.err.not_reported");
    else if (lm->sent_at > future)
        fielderr_add(fe, "sent_at", "case.err.future");
    else if (lm->sent_at && lm->decided_at > 0 && lm->sent_at < lm->decided_at)
        fielderr_add(fe, "sent_at", "case.lm.err.sent_before");
    if (!blank(lm->ivo_ref) && lm->report != 1)
        fielderr_add(fe, "ivo_ref", "case.lm.err.not_reported");
    else if (lm->ivo_ref && strlen(lm->ivo_ref) > 100)
        fielderr_add(fe, "ivo_ref", "case.err.too_long");
}

void case_validate_complaint(int64_t answer_due, int64_t answered_at,
                             int64_t reported_at, int64_t now,
                             struct fielderrs *fe)
{
    if (answer_due < 0)
        fielderr_add(fe, "answer_due", "err.datetime");
    if (answered_at < 0)
        fielderr_add(fe, "answered_at", "err.datetime");
    else if (answered_at > now + CASE_DAY)
        fielderr_add(fe, "answered_at", "case.err.future");
    else if (answered_at && answered_at + CASE_DAY < reported_at)
        fielderr_add(fe, "answered_at", "case.clock.err.before_report");
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return (x > y) - (x < y);
}

int64_t case_median(int64_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_i64);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
