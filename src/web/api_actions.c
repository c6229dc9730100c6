/* api_actions.c: /api/v1/actions - list (my actions, my units' actions or
 * one record's actions; overdue and open filters), add an action to a
 * case, read one, take a step (start, complete, evaluate, cancel). Same
 * rules and authorisation as the pages (page_actions.c). */
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

static json_t *action_json(struct req *r, const struct action_rec *x)
{
    enum action_state s = action_state_from_str(x->state);
    json_t *j = json_pack(
        "{sI ss sI s{sI ss} ss s{sI ss} ss ss sb sb}", "id", (json_int_t)x->id,
        "source", x->source, "source_id", (json_int_t)x->source_id, "unit",
        "id", (json_int_t)x->unit_id, "name", x->unit_name, "what", x->what,
        "responsible", "id", (json_int_t)x->responsible_id, "name",
        x->responsible_name, "due_date", x->due_date, "state", x->state, "open",
        action_is_open(s), "overdue",
        action_is_overdue(s, x->due_date, req_today(r)));

    if (!j)
        return NULL;
    json_object_set_new(j, "follow_up",
                        x->follow_up_id ? json_pack("{sI ss?}", "id",
                                                    (json_int_t)x->follow_up_id,
                                                    "name", x->follow_up_name)
                                        : json_null());
    json_object_set_new(j, "evaluation", page_json_str(x->evaluation));
    json_object_set_new(j, "reason", page_json_str(x->reason));
    json_object_set_new(j, "created_at", page_json_time(x->created_at));
    json_object_set_new(j, "updated_at", page_json_time(x->updated_at));
    json_object_set_new(j, "done_at", page_json_time(x->done_at));
    json_object_set_new(j, "evaluated_at", page_json_time(x->evaluated_at));
    return j;
}

/* jid reads an optional id: 0 when absent or null, -1 when not a positive
 * integer. */
static int64_t jid(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (!v || json_is_null(v))
        return 0;
    return json_is_integer(v) && json_integer_value(v) > 0
               ? (int64_t)json_integer_value(v)
               : -1;
}

/* visible_case loads case id if the user may read it (404 otherwise). */
static int visible_case(struct req *r, int64_t id, struct case_rec *c)
{
    struct cases_access ac;

    if (id <= 0 || store_case_get(r->st, r->a, id, c) != E_OK ||
        (ac = cases_access_of(r, c), !ac.read)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

void api_actions(struct req *r)
{
    const char *view = kv_get(&r->query, "view"),
               *sid = kv_get(&r->query, "source_id");
    struct action_filter f = {0};
    struct action_rec *x;
    struct case_rec c;
    json_t *items;
    size_t i, n;

    f.source = kv_get(&r->query, "source");
    f.open_only = kv_get(&r->query, "open") != NULL;
    f.overdue_today = kv_get(&r->query, "overdue") ? req_today(r) : NULL;
    if (f.source && action_source_from_str(f.source) == ASRC__MAX) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (sid) {
        /* one record's actions: whoever reads the record sees them */
        r->params[1] = sid;
        if (!f.source || strcmp(f.source, "case") != 0) {
            page_error_msg(r, 400, "err.filter");
            return;
        }
        if (!visible_case(r, req_id(r, 1), &c))
            return;
        f.source_id = c.id;
    } else if (view && strcmp(view, "units") == 0) {
        if (!req_can(r, PERM_READ, NULL)) {
            page_error(r, 403);
            return;
        }
        f.scope_path = req_widest_scope(r, PERM_READ);
    } else {
        f.user_id = r->user->id;
    }
    if (store_action_list(r->st, r->a, &f, &x, &n)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, action_json(r, &x[i]));
    page_json(r, 200, json_pack("{so}", "items", items));
}

void api_action_get(struct req *r)
{
    struct action_rec x;

    if (store_action_get(r->st, r->a, req_id(r, 0), &x) != E_OK ||
        !actions_may_see(r, &x)) {
        page_error(r, 404);
        return;
    }
    page_json(r, 200, action_json(r, &x));
}

void api_action_create(struct req *r)
{
    struct fielderrs fe = {0};
    struct action_rec x = {0};
    struct case_rec c;
    json_t *j = page_body_json(r);
    enum err e;

    if (!j)
        return;
    if (!page_jstr(j, "source") ||
        strcmp(page_jstr(j, "source"), "case") != 0) {
        fielderr_add(&fe, "source", "action.err.source");
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if (!visible_case(r, jid(j, "source_id"), &c))
        goto out;
    x.what = page_jstr(j, "what");
    x.due_date = page_jstr(j, "due_date");
    x.responsible_id = jid(j, "responsible_id");
    x.follow_up_id = jid(j, "follow_up_id");
    e = actions_add_to_case(r, &c, &x, &fe);
    if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "action.err.case_closed" : NULL);
    else if (store_action_get(r->st, r->a, x.id, &x) == E_OK)
        page_json(r, 201, action_json(r, &x));
    else
        page_error(r, 500);
out:
    json_decref(j);
}

void api_action_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct action_rec x;
    const char *text;
    json_t *j;
    enum err e;

    if (store_action_get(r->st, r->a, req_id(r, 0), &x) != E_OK ||
        !actions_may_see(r, &x)) {
        page_error(r, 404);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    text = page_jstr(j, "evaluation") ? page_jstr(j, "evaluation")
                                      : page_jstr(j, "reason");
    e = actions_step(r, &x, action_event_from_str(page_jstr(j, "event")), text,
                     &fe);
    if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "action.err.changed" : NULL);
    else if (store_action_get(r->st, r->a, x.id, &x) == E_OK)
        page_json(r, 200, action_json(r, &x));
    else
        page_error(r, 500);
    json_decref(j);
}
