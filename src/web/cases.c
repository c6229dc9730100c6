/* cases.c: case operations shared by the case pages and the API, and the
 * helpers the case pages (page_case*.c) share. */
#include "cases.h"

#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "core/pnr.h"
#include "datetime.h"
#include "notify.h"
#include "page.h"

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

/* ---- helpers of the case pages ---- */

const char *cases_t_key(struct req *r, const char *prefix, const char *v)
{
    return page_t(r, arena_printf(r->a, "%s.%s", prefix, v ? v : "none"));
}

/* cases_date_str formats a UTC time as a Stockholm date "2026-11-23" (also the
 * value of <input type="date">); NULL for 0. */
const char *cases_date_str(struct req *r, int64_t utc)
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

/* cases_parse_time reads a datetime-local or date field; 0 when empty; -1 when
 * malformed. */
int64_t cases_parse_time(const char *s)
{
    int64_t t;

    if (!s || !*s)
        return 0;
    return datetime_parse_iso(s, &t) ? -1 : t;
}

/* cases_unit_options lists the active units of the care providers where the
 * user works: a deviation may have happened in another unit than one's
 * own. */
void cases_unit_options(struct req *r, struct tv *ctx, int64_t selected)
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

void cases_type_options(struct req *r, struct tv *ctx, const char *cur,
                        int default_first)
{
    struct tv *list = tv_list(ctx, "types");
    int k;

    for (k = 0; k < CASE_TYPE__MAX; k++) {
        const char *name = case_type_str((enum case_type)k);
        struct tv *it = tv_push(list);

        tv_str(it, "value", name);
        tv_str(it, "label", cases_t_key(r, "case.type", name));
        tv_str(it, "hint", cases_t_key(r, "case.type_hint", name));
        tv_bool(it, "checked",
                cur ? strcmp(cur, name) == 0 : default_first && k == 0);
    }
}

/* cases_unit_provider: the care provider of a unit (0 when unknown). */
int64_t cases_unit_provider(struct req *r, int64_t unit_id)
{
    struct unit u = {0};

    return unit_id && !store_unit_get(r->st, r->a, unit_id, &u) ? u.provider_id
                                                                : 0;
}

/* cases_category_options lists a provider's categories as "catgroups", one per
 * main category (an <optgroup> holding the main category and its
 * subcategories). */
void cases_category_options(struct req *r, struct tv *ctx, int64_t provider_id,
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

/* cases_category_arg reads a category id from a form or query: 0 when empty,
 * -1 when malformed. */
int64_t cases_category_arg(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s)
        return 0;
    v = strtoll(s, &end, 10);
    return *end || v < 1 ? -1 : (int64_t)v;
}

/* cases_category_ok: id is none (0) or an active category of the provider. */
int cases_category_ok(struct req *r, int64_t id, int64_t provider_id)
{
    int64_t p;

    if (id == 0)
        return 1;
    return id > 0 && !store_case_category_provider(r->st, id, &p) &&
           p == provider_id;
}

const struct case_limits *
cases_limits_for(struct req *r, struct cases_limits *lc, int64_t provider_id)
{
    if (lc->provider_id != provider_id) {
        if (store_provider_limits(r->st, provider_id, &lc->l, NULL))
            case_limits_default(&lc->l);
        lc->provider_id = provider_id;
    }
    return &lc->l;
}

void cases_fill_row(struct req *r, struct tv *it, const struct case_rec *c,
                    struct cases_limits *lc)
{
    struct case_clock ck;

    tv_int(it, "id", c->id);
    tv_str(it, "number", c->number);
    tv_str(it, "type", cases_t_key(r, "case.type", c->type));
    tv_str(it, "state", cases_t_key(r, "case.state", c->state));
    tv_str(it, "state_code", c->state);
    tv_str(it, "unit", c->unit_name);
    tv_str(it, "reported", page_datetime(r, c->reported_at));
    tv_str(it, "category", c->category_name);
    case_clock_of(cases_limits_for(r, lc, c->provider_id), c, datetime_now(),
                  &ck);
    tv_bool(it, "overdue", ck.overdue);
    tv_bool(it, "lm_overdue", ck.lm_overdue);
    /* the score and band as recorded when the case was assessed */
    if (c->risk_score && c->risk_band) {
        tv_int(it, "score", c->risk_score);
        tv_str(it, "band", c->risk_band);
        tv_str(it, "band_label", cases_t_key(r, "case.band", c->risk_band));
    }
    /* the list shows the start of the text only */
    tv_str(it, "summary",
           c->what && strlen(c->what) > 140
               ? arena_printf(r->a, "%.137s…", c->what)
               : c->what);
}

/* cases_load reads route capture 0 and checks the user may see it; 404
 * (not 403) for others, so case numbers do not leak. */
int cases_load(struct req *r, struct case_rec *c, struct cases_access *ac)
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
