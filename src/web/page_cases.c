/* page_cases.c: deviation management pages: the short report form (made
 * for phones), the lists (my reports, cases I handle, my units' cases) and
 * the case page with its handling steps. The rules of each step come from
 * core/case.c, so the page can say why a step is not possible yet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "actions.h"
#include "attachments.h"
#include "cases.h"
#include "core/case.h"
#include "csvfile.h"
#include "datetime.h"
#include "handlers.h"
#include "matrix.h"
#include "notify.h"
#include "page.h"
#include "process_web.h"

#define LIST_PAGE 50

static const char *t_key(struct req *r, const char *prefix, const char *v)
{
    return page_t(r, arena_printf(r->a, "%s.%s", prefix, v ? v : "none"));
}

/* local_input formats a UTC time for <input type="datetime-local">. */
static const char *local_input(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    if (!utc)
        return NULL;
    buf_init(&b, 64);
    datetime_fmt_sv(&b, utc);
    if (b.len > 10)
        b.p[10] = 'T';
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

/* date_str formats a UTC time as a Stockholm date "2026-11-23" (also the
 * value of <input type="date">); NULL for 0. */
static const char *date_str(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    if (!utc)
        return NULL;
    buf_init(&b, 32);
    datetime_fmt_date_sv(&b, utc);
    s = b.err ? NULL : arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

/* parse_time reads a datetime-local or date field; 0 when empty; -1 when
 * malformed. */
static int64_t parse_time(const char *s)
{
    int64_t t;

    if (!s || !*s)
        return 0;
    return datetime_parse_iso(s, &t) ? -1 : t;
}

/* reportable_units lists the active units of the care providers where the
 * user works: a deviation may have happened in another unit than one's
 * own. */
static void reportable_units(struct req *r, struct tv *ctx, int64_t selected)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!cases_reportable(r, &u[i]))
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2, "",
                            u[i].name));
        tv_bool(it, "selected", u[i].id == selected);
    }
}

static void type_options(struct req *r, struct tv *ctx, const char *cur,
                         int default_first)
{
    struct tv *list = tv_list(ctx, "types");
    int k;

    for (k = 0; k < CASE_TYPE__MAX; k++) {
        const char *name = case_type_str((enum case_type)k);
        struct tv *it = tv_push(list);

        tv_str(it, "value", name);
        tv_str(it, "label", t_key(r, "case.type", name));
        tv_str(it, "hint", t_key(r, "case.type_hint", name));
        tv_bool(it, "checked",
                cur ? strcmp(cur, name) == 0 : default_first && k == 0);
    }
}

/* unit_provider: the care provider of a unit (0 when unknown). */
static int64_t unit_provider(struct req *r, int64_t unit_id)
{
    struct unit u = {0};

    return unit_id && !store_unit_get(r->st, r->a, unit_id, &u) ? u.provider_id
                                                                : 0;
}

/* category_options lists a provider's categories as "catgroups", one per
 * main category (an <optgroup> holding the main category and its
 * subcategories). */
static void category_options(struct req *r, struct tv *ctx, int64_t provider_id,
                             int64_t selected)
{
    struct tv *groups = tv_list(ctx, "catgroups"), *opts = NULL;
    struct case_category *cs;
    int64_t main = -1;
    size_t i, n;

    if (!provider_id ||
        store_case_categories(r->st, r->a, provider_id, &cs, &n))
        return;
    tv_bool(ctx, "has_categories", n > 0);
    for (i = 0; i < n; i++) {
        struct tv *it;
        int64_t m = cs[i].parent_id ? cs[i].parent_id : cs[i].id;

        if (m != main || !opts) {
            struct tv *g = tv_push(groups);

            tv_str(g, "name",
                   cs[i].parent_id && cs[i].parent_name ? cs[i].parent_name
                                                        : cs[i].name);
            opts = tv_list(g, "options");
            main = m;
        }
        it = tv_push(opts);
        tv_int(it, "id", cs[i].id);
        tv_str(it, "name", cs[i].name);
        tv_bool(it, "selected", cs[i].id == selected);
    }
}

/* category_arg reads a category id from a form or query: 0 when empty,
 * -1 when malformed. */
static int64_t category_arg(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s)
        return 0;
    v = strtoll(s, &end, 10);
    return *end || v < 1 ? -1 : (int64_t)v;
}

/* category_ok: id is none (0) or an active category of the provider. */
static int category_ok(struct req *r, int64_t id, int64_t provider_id)
{
    int64_t p;

    if (id == 0)
        return 1;
    return id > 0 && !store_case_category_provider(r->st, id, &p) &&
           p == provider_id;
}

static void report_form(struct req *r, int status, const struct case_rec *c,
                        const char *pnr, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f");

    tv_str(f, "what", c->what);
    tv_str(f, "immediate_action", c->immediate_action);
    tv_str(f, "suggestion", c->suggestion);
    tv_str(f, "occurred_at", local_input(r, c->occurred_at));
    tv_str(f, "discovered_at", local_input(r, c->discovered_at));
    tv_str(f, "pnr", pnr);
    tv_bool(f, "patient_affected", c->patient_affected);
    tv_bool(f, "confidential", c->confidential);
    tv_str(ctx, "now", local_input(r, datetime_now()));
    tv_str(ctx, "att_accept", ATTACHMENTS_ACCEPT);
    type_options(r, ctx, c->type, 1);
    reportable_units(r, ctx, c->unit_id ? c->unit_id : r->user->home_unit_id);
    category_options(
        r, ctx,
        unit_provider(r, c->unit_id ? c->unit_id : r->user->home_unit_id),
        c->category_id);
    if (fe) {
        page_fielderrs(r, ctx, fe);
        /* optional fields with errors must be visible */
        tv_bool(ctx, "open_more",
                fielderr_get(fe, "pnr") || fielderr_get(fe, "suggestion") ||
                    fielderr_get(fe, "files") ||
                    fielderr_get(fe, "immediate_action") ||
                    fielderr_get(fe, "category"));
    }
    page_render(r, status, "report", ctx, "case.report_title");
}

void page_report_form(struct req *r)
{
    struct case_rec c = {0};

    report_form(r, 200, &c, NULL, NULL);
}

void page_report(struct req *r)
{
    struct case_rec c = {0};
    struct fielderrs fe = {0};
    const char *pnr = kv_get(&r->form, "pnr");
    int too_big = 0;
    enum err e;

    c.type = kv_get(&r->form, "type");
    c.what = kv_get(&r->form, "what");
    c.immediate_action = kv_get(&r->form, "immediate_action");
    c.suggestion = kv_get(&r->form, "suggestion");
    c.patient_affected = kv_get(&r->form, "patient_affected") != NULL;
    c.confidential = kv_get(&r->form, "confidential") != NULL;
    c.occurred_at = parse_time(kv_get(&r->form, "occurred_at"));
    c.discovered_at = parse_time(kv_get(&r->form, "discovered_at"));
    r->params[1] = kv_get(&r->form, "unit");
    c.unit_id = req_id(r, 1);
    /* optional; the handler sets it otherwise */
    c.category_id = category_arg(kv_get(&r->form, "category"));
    if (!category_ok(r, c.category_id, unit_provider(r, c.unit_id))) {
        fielderr_add(&fe, "category", "case.err.category");
        c.category_id = 0;
    }
    attachments_check(r, "files", 0, 0, &fe, &too_big);
    e = cases_file(r, &c, pnr, &fe);
    if (e == E_INVAL) {
        /* a browser cannot refill a file input: say so */
        if (req_file(r, "files", 0) && !fielderr_get(&fe, "files"))
            fielderr_add(&fe, "files", "attach.err.again");
        report_form(r, too_big ? 413 : 422, &c, pnr, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/cases/%lld?reported=1", (long long)c.id));
}

/* ---- lists ---- */

/* The time limits of the last care provider asked for: the rows of a list
 * mostly share one. */
struct limits_cache {
    int64_t provider_id; /* -1: none read yet */
    struct case_limits l;
};

static const struct case_limits *
limits_for(struct req *r, struct limits_cache *lc, int64_t provider_id)
{
    if (lc->provider_id != provider_id) {
        if (store_provider_limits(r->st, provider_id, &lc->l, NULL))
            case_limits_default(&lc->l);
        lc->provider_id = provider_id;
    }
    return &lc->l;
}

static void fill_row(struct req *r, struct tv *it, const struct case_rec *c,
                     struct limits_cache *lc)
{
    struct case_clock ck;

    tv_int(it, "id", c->id);
    tv_str(it, "number", c->number);
    tv_str(it, "type", t_key(r, "case.type", c->type));
    tv_str(it, "state", t_key(r, "case.state", c->state));
    tv_str(it, "state_code", c->state);
    tv_str(it, "unit", c->unit_name);
    tv_str(it, "reported", page_datetime(r, c->reported_at));
    tv_str(it, "category", c->category_name);
    case_clock_of(limits_for(r, lc, c->provider_id), c, datetime_now(), &ck);
    tv_bool(it, "overdue", ck.overdue);
    tv_bool(it, "lm_overdue", ck.lm_overdue);
    /* the score and band as recorded when the case was assessed */
    if (c->risk_score && c->risk_band) {
        tv_int(it, "score", c->risk_score);
        tv_str(it, "band", c->risk_band);
        tv_str(it, "band_label", t_key(r, "case.band", c->risk_band));
    }
    /* the list shows the start of the text only */
    tv_str(it, "summary",
           c->what && strlen(c->what) > 140
               ? arena_printf(r->a, "%.137s…", c->what)
               : c->what);
}

/* user_provider: the care provider of the user's home unit, else of the
 * first unit where they hold a role (0 when none). */
static int64_t user_provider(struct req *r)
{
    int64_t p = unit_provider(r, r->user->home_unit_id);

    if (!p && r->ngrants && r->grants[0].unit_path)
        p = strtoll(r->grants[0].unit_path + 1, NULL, 10);
    return p;
}

/* own_category: category id (active or not) belongs to the user's care
 * provider, the only categories the list filter offers. */
static int own_category(struct req *r, int64_t id)
{
    struct case_category c;

    return store_category_get(r->st, r->a, id, &c) == E_OK &&
           c.provider_id == user_provider(r);
}

/* list_filter reads the view and the filters of a list from the query
 * (the list and its exports share it); 0 when the view is not allowed. */
static int list_filter(struct req *r, struct case_filter *flt,
                       const char **view_out)
{
    const char *view = kv_get(&r->query, "view"), *p;

    if (!view || (strcmp(view, "handling") != 0 && strcmp(view, "units")))
        view = "mine";
    if (cases_view(r, view, flt))
        return 0;
    flt->type = kv_get(&r->query, "type");
    flt->state = kv_get(&r->query, "state");
    flt->q = kv_get(&r->query, "q");
    flt->sort = (p = kv_get(&r->query, "sort")) && strcmp(p, "risk") == 0
                    ? CASE_SORT_RISK
                    : CASE_SORT_NEWEST;
    flt->overdue_only = (p = kv_get(&r->query, "overdue")) && !strcmp(p, "1");
    if (case_type_from_str(flt->type) == CASE_TYPE__MAX)
        flt->type = NULL;
    if (case_state_from_str(flt->state) == CS__MAX)
        flt->state = NULL;
    flt->category_id = category_arg(kv_get(&r->query, "category"));
    if (flt->category_id < 0 ||
        (flt->category_id && !own_category(r, flt->category_id)))
        flt->category_id = 0;
    *view_out = view;
    return 1;
}

void page_cases(struct req *r)
{
    const char *view, *p;
    struct tv *ctx = page_ctx(r), *list, *f;
    struct case_filter flt = {0};
    struct limits_cache lim = {.provider_id = -1};
    struct case_rec *rows;
    long pg;
    size_t i, n;
    int64_t total;

    if (!list_filter(r, &flt, &view)) {
        page_error(r, 403);
        return;
    }
    p = kv_get(&r->query, "page");
    pg = p ? strtol(p, NULL, 10) : 1;
    if (pg < 1 || pg > 100000)
        pg = 1;
    flt.limit = LIST_PAGE;
    flt.offset = (int)((pg - 1) * LIST_PAGE);
    if (store_case_list(r->st, r->a, &flt, &rows, &n, &total)) {
        page_error(r, 500);
        return;
    }
    list = tv_list(ctx, "cases");
    for (i = 0; i < n; i++)
        fill_row(r, tv_push(list), &rows[i], &lim);
    f = tv_obj(ctx, "f");
    tv_str(f, "overdue", flt.overdue_only ? "1" : NULL);
    tv_bool(ctx, "overdue_only", flt.overdue_only);
    tv_str(f, "q", flt.q);
    tv_str(f, "type", flt.type);
    tv_str(f, "state", flt.state);
    tv_str(f, "sort", flt.sort == CASE_SORT_RISK ? "risk" : "newest");
    tv_str(ctx, "view", view);
    tv_bool(ctx, arena_printf(r->a, "view_%s", view), 1);
    tv_bool(ctx, "can_read", req_can(r, PERM_READ, NULL));
    tv_int(ctx, "total", total);
    tv_str(ctx, "total_text",
           !case_total_capped(&flt, total)
               ? arena_printf(r->a, "%lld", (long long)total)
           : case_total_cap(&flt) == CASE_TOTAL_CAP_SEARCH
               ? page_t(r, "case.count_more_search")
           : case_total_cap(&flt) == CASE_TOTAL_CAP
               ? page_t(r, "case.count_more")
               : arena_printf(r->a, "> %lld", (long long)case_total_cap(&flt)));
    if (flt.category_id)
        tv_int(f, "category", flt.category_id);
    category_options(r, ctx, user_provider(r), flt.category_id);
    tv_int(ctx, "page", pg);
    if (pg > 1)
        tv_str(ctx, "prev", arena_printf(r->a, "%ld", pg - 1));
    if (pg * LIST_PAGE < total)
        tv_str(ctx, "next", arena_printf(r->a, "%ld", pg + 1));
    {
        struct tv *states = tv_list(ctx, "states");
        int k;

        for (k = 0; k < CS__MAX; k++) {
            struct tv *it = tv_push(states);
            const char *s = case_state_str((enum case_state)k);

            tv_str(it, "value", s);
            tv_str(it, "label", t_key(r, "case.state", s));
            tv_bool(it, "selected", flt.state && strcmp(flt.state, s) == 0);
        }
    }
    type_options(r, ctx, flt.type, 0);
    tv_bool(ctx, "sort_risk", flt.sort == CASE_SORT_RISK);
    page_render(r, 200, "cases", ctx, "case.list_title");
}

/* ---- one case ---- */

/* load_case reads route capture 0 and checks the user may see it; 404
 * (not 403) for others, so case numbers do not leak. */
static int load_case(struct req *r, struct case_rec *c, struct cases_access *ac)
{
    if (store_case_get(r->st, r->a, req_id(r, 0), c) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    *ac = cases_access_of(r, c);
    if (!ac->reporter && !ac->read) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

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
        tv_str(it, "label",
               t_key(r, "case.event", case_event_str((enum case_event)ev)));
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
        tv_str(ctx, "band_now", t_key(r, "case.band", risk_band_str(now)));
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
    const char *today = date_str(r, datetime_now()), *rep;

    case_clock_of(l, c, datetime_now(), &ck);
    tv_str(k, "state_due", date_str(r, ck.state_due));
    tv_bool(k, "state_overdue", ck.state_overdue);
    if (c->serious) {
        struct tv *lm = tv_obj(ctx, "lm");
        struct case_lm d = {-1, NULL, NULL, 0, 0};
        const char *by = NULL;

        tv_str(lm, "due", date_str(r, ck.lm_due));
        tv_bool(lm, "overdue", ck.lm_overdue);
        tv_bool(lm, "can_decide", req_can(r, PERM_QUALITY, c->unit_path));
        if (store_case_lm_get(r->st, r->a, c->id, &d, &by) == E_OK) {
            tv_bool(lm, "decided", 1);
            tv_str(lm, "decision",
                   page_t(r, d.report ? "case.lm.report_yes"
                                      : "case.lm.report_no"));
            tv_str(lm, "reasoning", d.reasoning);
            tv_str(lm, "decided_by", by);
            tv_str(lm, "decided_at", date_str(r, d.decided_at));
            tv_str(lm, "sent_at", date_str(r, d.sent_at));
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
                       d.decided_at ? date_str(r, d.decided_at) : today));
        tv_str(lm, "in_sent_at", form_or(r, "sent_at", date_str(r, d.sent_at)));
        tv_str(lm, "in_ivo_ref", form_or(r, "ivo_ref", d.ivo_ref));
    }
    if (case_type_from_str(c->type) == CASE_COMPLAINT) {
        struct tv *cp = tv_obj(ctx, "cp");
        int64_t due = 0, answered = 0;
        int via = 0;

        store_case_complaint_get(r->st, c->id, &due, &answered, &via);
        tv_str(cp, "due", date_str(r, ck.answer_due));
        tv_bool(cp, "overdue", ck.answer_overdue);
        tv_str(cp, "answered", date_str(r, answered));
        tv_bool(cp, "via", via);
        tv_bool(cp, "can_edit", ac->handle);
        tv_str(cp, "in_answer_due",
               form_or(r, "answer_due", date_str(r, ck.answer_due)));
        tv_str(cp, "in_answered_at",
               form_or(r, "answered_at", date_str(r, answered)));
        tv_bool(cp, "in_via",
                kv_get(&r->form, "answered_at")
                    ? kv_get(&r->form, "via_patientnamnd") != NULL
                    : via);
    }
}

static void case_page(struct req *r, int status, struct case_rec *c,
                      const struct cases_access *ac, const struct fielderrs *fe,
                      const char *pnr, const struct case_blockers *blk)
{
    struct tv *ctx = page_ctx(r), *cv = tv_obj(ctx, "c"), *tl;
    struct case_event_row *ev;
    struct limits_cache lim = {.provider_id = -1};
    size_t i, n;

    fill_row(r, cv, c, &lim);
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
        add_clocks(r, ctx, c, ac, limits_for(r, &lim, c->provider_id));
        if (store_case_events(r->st, r->a, c->id, &ev, &n) == E_OK) {
            tv_bool(ctx, "has_timeline", n > 0);
            tl = tv_list(ctx, "timeline");
            for (i = 0; i < n; i++) {
                struct tv *it = tv_push(tl);

                tv_str(it, "when", page_datetime(r, ev[i].at));
                tv_str(it, "who", ev[i].user_name);
                tv_str(it, "what", t_key(r, "case.ev", ev[i].kind));
                tv_str(it, "text", ev[i].text);
                if (ev[i].to_state)
                    tv_str(it, "to", t_key(r, "case.state", ev[i].to_state));
            }
        }
        if (ac->handle) {
            add_steps(r, ctx, c);
            actions_case_section(r, ctx, c);
            reportable_units(r, ctx, 0);
        }
        if (c->serious) {
            const char *items[INV__MAX];
            struct tv *inv = tv_list(ctx, "investigation");
            int k;

            tv_bool(ctx, "has_investigation", 1);
            if (store_case_investigation(r->st, r->a, c->id, items) == E_OK)
                for (k = 0; k < INV__MAX; k++) {
                    struct tv *it = tv_push(inv);
                    const char *code = case_inv_item_str((enum inv_item)k);

                    tv_str(it, "item", code);
                    tv_str(it, "label", t_key(r, "case.inv", code));
                    tv_str(it, "text", items[k]);
                }
        }
    }
    attachments_case_section(r, ctx, c, ac);
    process_of_section(r, ctx, "case", c->id);
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
        category_options(r, ctx, c->provider_id, c->category_id);
    if (ac->handle)
        notify_case_section(r, ctx, c->id);
    page_render(r, status, "case", ctx, "case.title");
}

void cases_page(struct req *r, int status, struct case_rec *c,
                const struct fielderrs *fe)
{
    struct cases_access ac = cases_access_of(r, c);

    case_page(r, status, c, &ac, fe, NULL, NULL);
}

void page_case(struct req *r)
{
    struct case_rec c;
    struct cases_access ac;

    if (load_case(r, &c, &ac))
        case_page(r, 200, &c, &ac, NULL, NULL, NULL);
}

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

    if (!load_case(r, &c, &ac))
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
        int64_t id = category_arg(ci);

        if (category_ok(r, id, c.provider_id))
            c.category_id = id;
        else
            fielderr_add(&fe, "category", "case.err.category");
    }
    if (kv_get(&r->form, "take") && !c.handler_id)
        c.handler_id = r->user->id;
    if (fe.n) {
        case_page(r, 422, &c, &ac, &fe, NULL, NULL);
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

    if (!load_case(r, &c, &ac))
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
        case_page(r, 422, &c, &ac, &fe, NULL, &b);
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

    if (!load_case(r, &c, &ac))
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

void page_case_patient(struct req *r)
{
    struct actor who = req_actor(r);
    const char *pnr = NULL;
    struct case_rec c;
    struct cases_access ac;
    enum err e;

    if (!load_case(r, &c, &ac))
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
    case_page(r, 200, &c, &ac, NULL, pnr, NULL);
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

    if (!load_case(r, &c, &ac))
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
    lm.decided_at = parse_time(kv_get(&r->form, "decided_at"));
    lm.sent_at = parse_time(kv_get(&r->form, "sent_at"));
    case_validate_lm(&lm, datetime_now(), &fe);
    if (fe.n) {
        case_page(r, 422, &c, &ac, &fe, NULL, NULL);
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

    if (!load_case(r, &c, &ac))
        return;
    if (!ac.handle) {
        page_error(r, 403);
        return;
    }
    if (case_type_from_str(c.type) != CASE_COMPLAINT) {
        page_error(r, 409);
        return;
    }
    due = parse_time(kv_get(&r->form, "answer_due"));
    answered = parse_time(kv_get(&r->form, "answered_at"));
    case_validate_complaint(due, answered, c.reported_at, now, &fe);
    if (fe.n) {
        case_page(r, 422, &c, &ac, &fe, NULL, NULL);
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

/* ---- statistics ---- */

static const char *pct(struct req *r, int64_t part, int64_t whole)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_num_sv(&b, whole ? 100.0 * (double)part / (double)whole : 0,
                        1);
    buf_adds(&b, " %");
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static void stats_units(struct req *r, struct tv *ctx, const char *code)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!req_can(r, PERM_READ, u[i].path))
            continue;
        it = tv_push(list);
        tv_str(it, "code", u[i].code);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2, "",
                            u[i].name));
        tv_bool(it, "selected", code && strcmp(code, u[i].code) == 0);
    }
}

static void stats_fill(struct req *r, struct tv *ctx,
                       const struct case_stats *s)
{
    struct tv *list;
    int64_t cum = 0, max = 1;
    size_t i;
    int k;

    tv_int(ctx, "total", s->total);
    tv_bool(ctx, "has_cases", s->total > 0);
    for (i = 0; i < s->nmonths; i++)
        if (s->months[i].n > max)
            max = s->months[i].n;
    list = tv_list(ctx, "months");
    for (i = 0; i < s->nmonths; i++) {
        struct tv *it = tv_push(list);

        tv_str(it, "month", s->months[i].label);
        tv_int(it, "n", s->months[i].n);
        /* bar width in percent of the largest month, for the CSS chart */
        tv_str(it, "w",
               arena_printf(r->a, "%d", (int)(100 * s->months[i].n / max)));
    }
    list = tv_list(ctx, "categories");
    for (i = 0; i < s->ncategories; i++) {
        struct tv *it = tv_push(list);
        const char *name = s->categories[i].label;

        cum += s->categories[i].n;
        tv_str(it, "name",
               name && *name ? name : page_t(r, "case.stats.uncategorised"));
        tv_int(it, "n", s->categories[i].n);
        tv_str(it, "share", pct(r, s->categories[i].n, s->total));
        tv_str(it, "cum", pct(r, cum, s->total));
    }
    /* by the band recorded with each assessment */
    list = tv_list(ctx, "bands");
    for (k = BAND__MAX - 1; k >= 0; k--) {
        struct tv *it = tv_push(list);
        const char *b = risk_band_str((enum risk_band)k);

        tv_str(it, "band", b);
        tv_str(it, "label", t_key(r, "case.band", b));
        tv_int(it, "n", s->by_band[k]);
    }
    tv_int(ctx, "system_faults", s->system_faults);
    tv_int(ctx, "fault_known", s->fault_known);
    tv_str(ctx, "fault_share", pct(r, s->system_faults, s->fault_known));
    tv_int(ctx, "closed", (long long)s->ndurations);
    {
        int64_t med = case_median(s->durations, s->ndurations);
        struct buf b;

        buf_init(&b, 32);
        datetime_fmt_num_sv(&b, (double)med / CASE_DAY, 1);
        tv_str(ctx, "median_days", arena_strdup(r->a, b.p));
        buf_release(&b);
    }
    tv_int(ctx, "overdue", s->overdue_open);
}

/* GET /cases/stats?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD: statistics of
 * a unit subtree where the user may read (default: the widest such scope
 * and the last twelve months; to is inclusive). 403 without PERM_READ
 * there; 400 for a malformed date. */
void page_cases_stats(struct req *r)
{
    const char *code = kv_get(&r->query, "unit"), *scope = NULL;
    const char *from_s = kv_get(&r->query, "from");
    const char *to_s = kv_get(&r->query, "to");
    struct tv *ctx = page_ctx(r), *f;
    struct case_stats s;
    struct unit u;
    int64_t now = datetime_now(), from, to;

    if (code && *code) {
        if (store_unit_by_code(r->st, r->a, code, &u) ||
            !req_can(r, PERM_READ, u.path)) {
            page_error(r, 403);
            return;
        }
        scope = u.path;
    } else if (!(scope = req_widest_scope(r, PERM_READ))) {
        page_error(r, 403);
        return;
    }
    from = from_s && *from_s ? parse_time(from_s) : now - 365 * CASE_DAY;
    to = to_s && *to_s ? parse_time(to_s) : now;
    if (from < 0 || to < 0) {
        page_error(r, 400);
        return;
    }
    from_s = date_str(r, from);
    to_s = date_str(r, to);
    /* the whole last day: midnight after it */
    if (datetime_parse_iso(to_s, &to) == E_OK)
        to += CASE_DAY;
    if (store_case_stats(r->st, r->a, scope, from, to, now, &s)) {
        page_error(r, 500);
        return;
    }
    stats_units(r, ctx, code);
    f = tv_obj(ctx, "f");
    tv_str(f, "from", from_s);
    tv_str(f, "to", to_s);
    stats_fill(r, ctx, &s);
    page_render(r, 200, "case_stats", ctx, "case.stats.title");
}

/* ---- exports ---- */

/* The exported columns, with Swedish headings. No patient identity: no
 * role may export them yet (issue 3), so store_case_list never reads
 * case_patient; a confidential reporter's name is never exported either,
 * so the reporter column is left out. */
static const char *const export_heads[] = {
    "Ärendenummer", "Typ",         "Status",
    "Enhetskod",    "Enhet",       "Kategori",
    "Inträffade",   "Upptäckt",    "Rapporterad",
    "Konsekvens",   "Sannolikhet", "Riskvärde",
    "Systemfel",    "Allvarlig",   "Handläggare",
    "Avslutad",     "Försenad",    "Lex Maria beslutad",
    "Vad hände",
};
#define EXPORT_COLS (sizeof(export_heads) / sizeof(export_heads[0]))

static const char *iso_str(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    if (!utc)
        return "";
    buf_init(&b, 32);
    datetime_fmt_iso(&b, utc);
    s = b.err ? "" : arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static const char *num_str(struct req *r, long long v)
{
    return v ? arena_printf(r->a, "%lld", v) : "";
}

/* export_row fills v[EXPORT_COLS] with the cells of one case. */
static void export_row(struct req *r, const struct case_rec *c,
                       struct limits_cache *lc, const char **v)
{
    struct case_clock ck;
    size_t i = 0;

    case_clock_of(limits_for(r, lc, c->provider_id), c, datetime_now(), &ck);
    v[i++] = c->number;
    v[i++] = t_key(r, "case.type", c->type);
    v[i++] = t_key(r, "case.state", c->state);
    v[i++] = c->unit_code;
    v[i++] = c->unit_name;
    v[i++] = c->category_name ? c->category_name : "";
    v[i++] = iso_str(r, c->occurred_at);
    v[i++] = iso_str(r, c->discovered_at);
    v[i++] = iso_str(r, c->reported_at);
    v[i++] = num_str(r, c->consequence);
    v[i++] = num_str(r, c->probability);
    v[i++] = num_str(r, c->risk_score);
    v[i++] = c->system_fault < 0 ? "" : c->system_fault ? "ja" : "nej";
    v[i++] = c->serious ? "ja" : "nej";
    v[i++] = c->handler_name ? c->handler_name : "";
    v[i++] = iso_str(r, c->closed_at);
    v[i++] = ck.overdue ? "ja" : "nej";
    v[i++] = !c->serious ? "" : c->lm_decided_at ? "ja" : "nej";
    v[i++] = c->what ? c->what : "";
}

/* export_rows reads every case of the list's filters (not one page). */
static int export_rows(struct req *r, struct case_rec **rows, size_t *n,
                       struct limits_cache *l)
{
    struct case_filter flt = {0};
    const char *view;
    int64_t total;

    if (!list_filter(r, &flt, &view)) {
        page_error(r, 403);
        return 0;
    }
    flt.limit = 1000000;
    l->provider_id = -1;
    if (store_case_list(r->st, r->a, &flt, rows, n, &total)) {
        page_error(r, 500);
        return 0;
    }
    return 1;
}

/* GET /cases/export.csv: the list (same view and filters as /cases) as
 * CSV, every matching row. */
void page_cases_export_csv(struct req *r)
{
    const char *v[EXPORT_COLS];
    struct limits_cache lim;
    struct case_rec *rows;
    size_t i, j, n;

    if (!export_rows(r, &rows, &n, &lim))
        return;
    for (j = 0; j < EXPORT_COLS; j++)
        csvfile_field(&r->out, export_heads[j], j + 1 == EXPORT_COLS);
    for (i = 0; i < n; i++) {
        export_row(r, &rows[i], &lim, v);
        for (j = 0; j < EXPORT_COLS; j++)
            csvfile_field(&r->out, v[j], j + 1 == EXPORT_COLS);
    }
    r->status = 200;
    r->resp_ctype = "text/csv; charset=utf-8";
    req_header(r, "Content-Disposition",
               "attachment; filename=\"avvikelser.csv\"");
}

/* xlsx_write writes the workbook to path; 0 on success. */
static int xlsx_write(struct req *r, const char *path,
                      const struct case_rec *rows, size_t n,
                      struct limits_cache *l)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws;
    lxw_format *bold;
    const char *v[EXPORT_COLS];
    size_t i, j;

    if (!wb)
        return -1;
    ws = workbook_add_worksheet(wb, "Ärenden");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (j = 0; j < EXPORT_COLS; j++)
        worksheet_write_string(ws, 0, (lxw_col_t)j, export_heads[j], bold);
    for (i = 0; i < n && i < 1048575; i++) {
        export_row(r, &rows[i], l, v);
        for (j = 0; j < EXPORT_COLS; j++)
            if (*v[j])
                worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                                       v[j], NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* GET /cases/export.xlsx: the same as export.csv as an XLSX workbook
 * (libxlsxwriter writes a temporary file, read back into the body). */
void page_cases_export_xlsx(struct req *r)
{
    char path[] = "/tmp/ska-export-XXXXXX";
    struct limits_cache lim;
    struct case_rec *rows;
    char chunk[65536];
    size_t n, got;
    FILE *fp = NULL;
    int fd, ok;

    if (!export_rows(r, &rows, &n, &lim))
        return;
    if ((fd = mkstemp(path)) < 0) {
        page_error(r, 500);
        return;
    }
    close(fd);
    ok = xlsx_write(r, path, rows, n, &lim) == 0 && (fp = fopen(path, "rb"));
    while (ok && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&r->out, chunk, got);
    if (fp && ferror(fp))
        ok = 0;
    if (fp)
        fclose(fp);
    unlink(path);
    if (!ok || r->out.err) {
        buf_clear(&r->out);
        page_error(r, 500);
        return;
    }
    r->status = 200;
    r->resp_ctype =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    req_header(r, "Content-Disposition",
               "attachment; filename=\"avvikelser.xlsx\"");
}
