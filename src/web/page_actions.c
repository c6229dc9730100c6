/* page_actions.c: the action register's pages: "my actions" and the
 * unit's actions (GET /actions, overdue marked, an overdue-only filter,
 * ?unit=CODE for one unit subtree as the status page's figures count),
 * state changes and evaluation (POST /actions/{id}), and the section of
 * the case page where a handler adds actions to a case (POST
 * /cases/{id}/actions). The rules come from core/action.c. */
#include <string.h>

#include "actions.h"
#include "cases.h"
#include "handlers.h"
#include "page.h"

#define LIST_MAX 500

int actions_may_see(const struct req *r, const struct action_rec *x)
{
    return x->responsible_id == r->user->id ||
           (x->follow_up_id && x->follow_up_id == r->user->id) ||
           req_can(r, PERM_READ, x->unit_path);
}

int actions_may_change(const struct req *r, const struct action_rec *x)
{
    return x->responsible_id == r->user->id ||
           (x->follow_up_id && x->follow_up_id == r->user->id) ||
           req_can(r, PERM_HANDLE, x->unit_path);
}

/* user_of_provider: id is an active user whose home unit belongs to the
 * care provider. */
static int user_of_provider(struct req *r, int64_t id, int64_t provider_id)
{
    struct user u;
    struct unit home;

    return store_user_get(r->st, r->a, id, &u) == E_OK && u.active &&
           u.home_unit_id &&
           store_unit_get(r->st, r->a, u.home_unit_id, &home) == E_OK &&
           home.provider_id == provider_id;
}

enum err actions_add_to_case(struct req *r, const struct case_rec *c,
                             struct action_rec *x, struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    enum case_state cs = case_state_from_str(c->state);
    enum err e;

    if (!req_can(r, PERM_HANDLE, c->unit_path))
        return E_DENIED;
    if (cs == CS_CLOSED || cs == CS_REJECTED)
        return E_CONFLICT;
    x->source = action_source_str(ASRC_CASE);
    x->source_id = c->id;
    x->unit_id = c->unit_id;
    action_validate_new(x, req_today(r), fe);
    if (x->responsible_id > 0 &&
        !user_of_provider(r, x->responsible_id, c->provider_id))
        fielderr_add(fe, "responsible", "action.err.user");
    if (x->follow_up_id > 0 &&
        !user_of_provider(r, x->follow_up_id, c->provider_id))
        fielderr_add(fe, "follow_up", "action.err.user");
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)) || (e = store_action_create(r->st, &who, x)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

enum err actions_step(struct req *r, struct action_rec *x, enum action_event ev,
                      const char *text, struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    enum action_state s = action_state_from_str(x->state);
    enum err e;

    if (!actions_may_change(r, x))
        return E_DENIED;
    action_check(s, ev, text, fe);
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)) ||
        (e = store_action_set_state(
             r->st, &who, x->id, x->state, action_state_str(action_next(s, ev)),
             ev == AE_EVALUATE ? text : NULL, ev == AE_CANCEL ? text : NULL)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

/* ---- showing actions ---- */

static const char *t_key(struct req *r, const char *prefix, const char *v)
{
    return page_t(r, arena_printf(r->a, "%s.%s", prefix, v ? v : "none"));
}

static void fill_row(struct req *r, struct tv *it, const struct action_rec *x)
{
    enum action_state s = action_state_from_str(x->state);
    struct tv *evs;
    int ev;

    tv_int(it, "id", x->id);
    tv_str(it, "what", x->what);
    tv_str(it, "responsible", x->responsible_name);
    tv_str(it, "follow_up", x->follow_up_name);
    tv_str(it, "due_date", x->due_date);
    tv_str(it, "state", t_key(r, "action.state", x->state));
    tv_str(it, "state_code", x->state);
    tv_str(it, "unit", x->unit_name);
    tv_str(it, "evaluation", x->evaluation);
    tv_str(it, "reason", x->reason);
    tv_bool(it, "overdue", action_is_overdue(s, x->due_date, req_today(r)));
    if (x->source && strcmp(x->source, "case") == 0)
        tv_str(
            it, "source_href",
            arena_printf(r->a, "/cases/%lld#actions", (long long)x->source_id));
    tv_str(it, "source_label", t_key(r, "action.source", x->source));
    if (!actions_may_change(r, x) || !action_is_open(s))
        return;
    tv_bool(it, "can_change", 1);
    evs = tv_list(it, "events");
    for (ev = 0; ev < AE__MAX; ev++) {
        struct tv *e;

        if (action_next(s, (enum action_event)ev) == AS__MAX)
            continue;
        e = tv_push(evs);
        tv_str(e, "event", action_event_str((enum action_event)ev));
        tv_str(
            e, "label",
            t_key(r, "action.event", action_event_str((enum action_event)ev)));
    }
    tv_bool(it, "needs_text",
            action_next(s, AE_EVALUATE) != AS__MAX ||
                action_next(s, AE_CANCEL) != AS__MAX);
}

/* add_rows lists f's actions in ctx as object key: {rows, has_rows,
 * prefix (for element ids, unique per page)}. */
static enum err add_rows(struct req *r, struct tv *ctx, const char *key,
                         const struct action_filter *f, const char *prefix)
{
    struct tv *o = tv_obj(ctx, key), *list = tv_list(o, "rows");
    struct action_rec *x;
    size_t i, n;
    enum err e;

    if ((e = store_action_list(r->st, r->a, f, &x, &n)))
        return e;
    for (i = 0; i < n; i++)
        fill_row(r, tv_push(list), &x[i]);
    tv_bool(o, "has_rows", n > 0);
    tv_int(o, "count", (int64_t)n);
    tv_bool(o, "capped", n >= (size_t)f->limit);
    tv_str(o, "prefix", prefix);
    return E_OK;
}

static void user_options(struct req *r, struct tv *ctx, const char *key,
                         const struct case_rec *c, int64_t selected)
{
    struct tv *list = tv_list(ctx, key);
    struct user *u;
    size_t i, n;
    int64_t total;

    if (store_user_list(r->st, r->a, c->unit_path, NULL, 0, 1000, &u, &n,
                        &total))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!u[i].active)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label", u[i].name);
        tv_bool(it, "selected", u[i].id == selected);
    }
}

static void case_section(struct req *r, struct tv *ctx,
                         const struct case_rec *c, const struct action_rec *x)
{
    struct action_filter f = {0};
    struct tv *af = tv_obj(ctx, "act_f");

    f.source = action_source_str(ASRC_CASE);
    f.source_id = c->id;
    f.limit = LIST_MAX;
    add_rows(r, ctx, "case_actions", &f, "ca");
    tv_str(ctx, "act_back", "case");
    tv_int(ctx, "act_case", c->id);
    tv_str(ctx, "act_today", req_today(r));
    tv_bool(ctx, "act_can_add",
            case_state_from_str(c->state) != CS_CLOSED &&
                case_state_from_str(c->state) != CS_REJECTED);
    user_options(r, ctx, "act_responsible", c, x ? x->responsible_id : 0);
    user_options(r, ctx, "act_follow_up", c, x ? x->follow_up_id : 0);
    if (x) {
        tv_str(af, "what", x->what);
        tv_str(af, "due_date", x->due_date);
    }
}

void actions_case_section(struct req *r, struct tv *ctx,
                          const struct case_rec *c)
{
    case_section(r, ctx, c, NULL);
}

/* mark_errors puts fe into ctx: "act_errors" (a list of {field, label,
 * message}) and "act_err_FIELD", with the action.field.* labels. */
static void mark_errors(struct req *r, struct tv *ctx,
                        const struct fielderrs *fe)
{
    struct tv *list = tv_list(ctx, "act_errors");
    size_t i;

    for (i = 0; i < fe->n; i++) {
        struct tv *it = tv_push(list);
        const char *msg = page_t(r, fe->v[i].msg);

        tv_str(it, "field", fe->v[i].field);
        tv_str(it, "label", t_key(r, "action.field", fe->v[i].field));
        tv_str(it, "message", msg);
        tv_str(ctx, arena_printf(r->a, "act_err_%s", fe->v[i].field), msg);
    }
    tv_bool(ctx, "act_has_errors", fe->n > 0);
}

/* pick_unit reads ?unit=CODE (the form's "unit" on a post): *u filled
 * and 1 when given; 0 when absent; -1 after answering 404 (unknown) or
 * 403 (the user does not read there). */
static int pick_unit(struct req *r, struct unit *u)
{
    const char *code = req_param(r, "unit");

    if (!code || !*code)
        return 0;
    if (store_unit_by_code(r->st, r->a, code, u) != E_OK) {
        page_error(r, 404);
        return -1;
    }
    if (!req_can(r, PERM_READ, u->path)) {
        page_error(r, 403);
        return -1;
    }
    return 1;
}

/* actions_page: the user's own open actions and those of the widest scope
 * they read; with ?unit=CODE (the status page's figures) only the open
 * actions of that unit's subtree, counted as the status page counts them
 * (store_status.c), overdue only with ?overdue=1. */
static void actions_page(struct req *r, int status, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *uv;
    struct action_filter f = {0};
    int overdue = req_param(r, "overdue") != NULL;
    struct unit u;
    int has_unit = pick_unit(r, &u);

    if (has_unit < 0)
        return;
    f.user_id = r->user->id;
    f.open_only = 1;
    f.limit = LIST_MAX;
    f.overdue_today = overdue ? req_today(r) : NULL;
    if (!has_unit && add_rows(r, ctx, "mine", &f, "m")) {
        page_error(r, 500);
        return;
    }
    if (has_unit || req_can(r, PERM_READ, NULL)) {
        f.user_id = 0;
        f.scope_path = has_unit ? u.path : req_widest_scope(r, PERM_READ);
        if (add_rows(r, ctx, "units", &f, "u")) {
            page_error(r, 500);
            return;
        }
        tv_bool(ctx, "can_read", 1);
    }
    if (has_unit) {
        uv = tv_obj(ctx, "unit");
        tv_str(uv, "code", u.code);
        tv_str(uv, "name", u.name);
        tv_str(ctx, "act_unit", u.code);
    }
    tv_bool(ctx, "overdue_only", overdue);
    tv_str(ctx, "act_back", "list");
    if (fe)
        mark_errors(r, ctx, fe);
    page_render(r, status, "actions", ctx, "action.title");
}

void page_actions(struct req *r)
{
    actions_page(r, 200, NULL);
}

void page_action_step(struct req *r)
{
    enum action_event ev = action_event_from_str(kv_get(&r->form, "event"));
    const char *back = kv_get(&r->form, "back");
    struct fielderrs fe = {0};
    struct action_rec x;
    struct unit u;
    enum err e;

    if (store_action_get(r->st, r->a, req_id(r, 0), &x) != E_OK ||
        !actions_may_see(r, &x)) {
        page_error(r, 404);
        return;
    }
    e = actions_step(r, &x, ev, kv_get(&r->form, "text"), &fe);
    if (e == E_INVAL) {
        actions_page(r, 422, &fe);
        return;
    }
    if (e) {
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "action.err.changed" : NULL);
        return;
    }
    if (back && strcmp(back, "case") == 0 && strcmp(x.source, "case") == 0)
        req_redirect(r, arena_printf(r->a, "/cases/%lld#actions",
                                     (long long)x.source_id));
    else if (pick_unit(r, &u) > 0) /* back to the unit's list */
        req_redirect(r, arena_printf(r->a, "/actions?unit=%s", u.code));
    else
        req_redirect(r, "/actions");
}

void page_case_action_add(struct req *r)
{
    struct fielderrs fe = {0};
    struct action_rec x = {0};
    struct cases_access ac;
    struct case_rec c;
    enum err e;

    if (store_case_get(r->st, r->a, req_id(r, 0), &c) != E_OK ||
        (ac = cases_access_of(r, &c), !ac.read && !ac.reporter)) {
        page_error(r, 404);
        return;
    }
    x.what = kv_get(&r->form, "what");
    x.due_date = kv_get(&r->form, "due_date");
    r->params[1] = kv_get(&r->form, "responsible");
    r->params[2] = kv_get(&r->form, "follow_up");
    x.responsible_id = req_id(r, 1);
    x.follow_up_id =
        r->params[2] && *r->params[2] && !req_id(r, 2) ? -1 : req_id(r, 2);
    e = actions_add_to_case(r, &c, &x, &fe);
    if (e == E_INVAL) {
        struct tv *ctx = page_ctx(r), *cv = tv_obj(ctx, "c");

        tv_int(cv, "id", c.id);
        tv_str(cv, "number", c.number);
        case_section(r, ctx, &c, &x);
        mark_errors(r, ctx, &fe);
        page_render(r, 422, "action_new", ctx, "action.new_title");
        return;
    }
    if (e) {
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "action.err.case_closed" : NULL);
        return;
    }
    req_redirect(r, arena_printf(r->a, "/cases/%lld#actions", (long long)c.id));
}
