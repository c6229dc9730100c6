/* api_cases.c: /api/v1/cases - list (the page's views and filters),
 * report, read, update the assessment and take steps. Same rules and
 * authorisation as the pages (cases.c). The patient identity is never part
 * of the API. */
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "matrix.h"
#include "notify.h"
#include "page.h"

static json_t *case_json(const struct req *r, const struct case_rec *c)
{
    struct cases_access ac = cases_access_of(r, c);
    json_t *j;

    j = json_pack(
        "{sI ss ss ss s{sI ss ss} so so so ss so so sb sb sb}", "id",
        (json_int_t)c->id, "number", c->number, "type", c->type, "state",
        c->state, "unit", "id", (json_int_t)c->unit_id, "code", c->unit_code,
        "name", c->unit_name, "reported_at", page_json_time(c->reported_at),
        "occurred_at", page_json_time(c->occurred_at), "discovered_at",
        page_json_time(c->discovered_at), "what", c->what, "immediate_action",
        page_json_str(c->immediate_action), "suggestion",
        page_json_str(c->suggestion), "patient_affected", c->patient_affected,
        "has_patient_identity", c->has_patient, "confidential",
        c->confidential);
    if (!j)
        return NULL;
    /* a confidential reporter is named only to the unit's managers */
    json_object_set_new(j, "reporter",
                        !c->confidential || ac.manage || ac.reporter
                            ? page_json_str(c->reporter_name)
                            : json_null());
    json_object_set_new(j, "feedback", page_json_str(c->feedback));
    json_object_set_new(j, "feedback_at", page_json_time(c->feedback_at));
    if (ac.read) {
        json_object_set_new(j, "consequence",
                            c->consequence ? json_integer(c->consequence)
                                           : json_null());
        json_object_set_new(j, "probability",
                            c->probability ? json_integer(c->probability)
                                           : json_null());
        /* as recorded when the case was assessed */
        json_object_set_new(j, "risk_score",
                            c->risk_score ? json_integer(c->risk_score)
                                          : json_null());
        json_object_set_new(j, "risk_band", page_json_str(c->risk_band));
        json_object_set_new(
            j, "system_fault",
            c->system_fault < 0 ? json_null() : json_boolean(c->system_fault));
        json_object_set_new(j, "care_injury", page_json_str(c->care_injury));
        json_object_set_new(j, "serious", json_boolean(c->serious));
        json_object_set_new(j, "handler", page_json_str(c->handler_name));
        json_object_set_new(j, "reason", page_json_str(c->reason));
    }
    return j;
}

/* jtime reads an optional ISO 8601 time: 0 when absent, -1 when bad. */
static int64_t jtime(json_t *o, const char *key)
{
    const char *s = page_jstr(o, key);
    int64_t t;

    if (!json_object_get(o, key) || json_is_null(json_object_get(o, key)))
        return 0;
    return s && datetime_parse_iso(s, &t) == 0 ? t : -1;
}

void api_cases(struct req *r)
{
    const char *o = kv_get(&r->query, "offset"),
               *l = kv_get(&r->query, "limit");
    struct case_filter f = {0};
    struct case_rec *rows;
    json_t *items;
    size_t i, n;
    int64_t total;
    long off = o ? strtol(o, NULL, 10) : 0, lim = l ? strtol(l, NULL, 10) : 50;

    if (off < 0 || lim < 1 || lim > 500) {
        page_error_msg(r, 400, "err.paging");
        return;
    }
    if (cases_view(r, kv_get(&r->query, "view"), &f)) {
        page_error(r, 403);
        return;
    }
    f.type = kv_get(&r->query, "type");
    f.state = kv_get(&r->query, "state");
    f.q = kv_get(&r->query, "q");
    if (kv_get(&r->query, "category")) {
        char *end;

        f.category_id = strtoll(kv_get(&r->query, "category"), &end, 10);
        if (*end || f.category_id < 1) {
            page_error_msg(r, 400, "err.filter");
            return;
        }
    }
    f.sort = kv_get(&r->query, "sort") &&
                     strcmp(kv_get(&r->query, "sort"), "risk") == 0
                 ? CASE_SORT_RISK
                 : CASE_SORT_NEWEST;
    f.offset = (int)off;
    f.limit = (int)lim;
    if ((f.type && case_type_from_str(f.type) == CASE_TYPE__MAX) ||
        (f.state && case_state_from_str(f.state) == CS__MAX)) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (store_case_list(r->st, r->a, &f, &rows, &n, &total)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, case_json(r, &rows[i]));
    page_json(r, 200,
              json_pack("{so sI sb sI sI}", "items", items, "total",
                        (json_int_t)total, "total_capped",
                        case_total_capped(&f, total), "offset", (json_int_t)off,
                        "limit", (json_int_t)lim));
}

/* load: the case of route capture 0 if the user may see it, else 404. */
static int load(struct req *r, struct case_rec *c)
{
    struct cases_access ac;

    if (store_case_get(r->st, r->a, req_id(r, 0), c) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    ac = cases_access_of(r, c);
    if (!ac.reporter && !ac.read) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

void api_case_get(struct req *r)
{
    struct cases_access ac;
    struct case_rec c;
    json_t *j;

    if (!load(r, &c))
        return;
    ac = cases_access_of(r, &c);
    if ((j = case_json(r, &c)))
        json_object_set_new(j, "attachments", attachments_json(r, &c, &ac));
    page_json(r, 200, j);
}

void api_case_create(struct req *r)
{
    json_t *j = page_body_json(r), *u;
    struct fielderrs fe = {0};
    struct case_rec c = {0};
    enum err e;

    if (!j)
        return;
    c.type = page_jstr(j, "type") ? page_jstr(j, "type") : "deviation";
    c.what = page_jstr(j, "what");
    c.immediate_action = page_jstr(j, "immediate_action");
    c.suggestion = page_jstr(j, "suggestion");
    c.patient_affected = json_is_true(json_object_get(j, "patient_affected"));
    c.confidential = json_is_true(json_object_get(j, "confidential"));
    c.occurred_at = jtime(j, "occurred_at");
    c.discovered_at = jtime(j, "discovered_at");
    u = json_object_get(j, "unit_id");
    c.unit_id = json_is_integer(u) ? json_integer_value(u) : 0;
    e = cases_file(r, &c, page_jstr(j, "pnr"), &fe);
    if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error(r, page_status_for(e));
    else if (store_case_get(r->st, r->a, c.id, &c) == E_OK)
        page_json(r, 201, case_json(r, &c));
    else
        page_error(r, 500);
    json_decref(j);
}

/* jint reads an optional integer in lo..hi: dflt when absent or null,
 * -1 when out of range or not an integer. */
static int jint(json_t *o, const char *key, int lo, int hi, int dflt)
{
    json_t *v = json_object_get(o, key);

    if (!v)
        return dflt;
    if (json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi)
        return -1;
    return (int)json_integer_value(v);
}

void api_case_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_rec c;
    struct risk_matrix m;
    json_t *j, *v;
    enum err e;

    if (!load(r, &c))
        return;
    if (!req_can(r, PERM_HANDLE, c.unit_path)) {
        page_error(r, 403);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    matrix_of(r, c.provider_id, &m);
    c.consequence = jint(j, "consequence", 1, m.levels, c.consequence);
    c.probability = jint(j, "probability", 1, m.levels, c.probability);
    /* judged again under today's matrix (store_case_update) */
    if (json_is_true(json_object_get(j, "reassess"))) {
        c.risk_score = 0;
        c.risk_band = NULL;
    }
    if (c.consequence < 0)
        fielderr_add(&fe, "consequence", "err.required");
    if (c.probability < 0)
        fielderr_add(&fe, "probability", "err.required");
    if ((v = json_object_get(j, "system_fault")))
        c.system_fault = json_is_boolean(v) ? json_is_true(v) : -1;
    if (json_object_get(j, "care_injury")) {
        c.care_injury = page_jstr(j, "care_injury");
        if (c.care_injury && strcmp(c.care_injury, "none") != 0 &&
            strcmp(c.care_injury, "could") != 0 &&
            strcmp(c.care_injury, "caused") != 0)
            fielderr_add(&fe, "care_injury", "err.required");
    }
    if ((v = json_object_get(j, "serious")))
        c.serious = json_is_true(v);
    if (json_object_get(j, "feedback"))
        c.feedback = page_jstr(j, "feedback");
    if (json_is_true(json_object_get(j, "take")))
        c.handler_id = r->user->id;
    if (fe.n) {
        page_api_fielderrs(r, &fe);
        goto out;
    }
    if ((e = store_begin(r->st)) || (e = notify_case_update(r, &c)) ||
        (e = store_case_update(r->st, &who, &c)) || (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        goto out;
    }
    if (store_case_get(r->st, r->a, c.id, &c) == E_OK)
        page_json(r, 200, case_json(r, &c));
    else
        page_error(r, 500);
out:
    json_decref(j);
}

void api_case_step(struct req *r)
{
    struct case_blockers b;
    struct case_rec c;
    enum case_event ev;
    json_t *j, *u;
    enum err e;

    if (!load(r, &c) || !(j = page_body_json(r)))
        return;
    ev = case_event_from_str(page_jstr(j, "event"));
    u = json_object_get(j, "unit_id");
    if (ev == CE__MAX) {
        page_error_msg(r, 400, "err.event");
        goto out;
    }
    e = cases_step(r, &c, ev, page_jstr(j, "reason"),
                   json_is_integer(u) ? json_integer_value(u) : 0, &b);
    if (e == E_INVAL) {
        json_t *list = json_array();
        size_t i;

        for (i = 0; i < b.n; i++)
            json_array_append_new(list,
                                  json_pack("{ss ss}", "code", b.v[i],
                                            "message", page_t(r, b.v[i])));
        page_json(r, 422,
                  json_pack("{s{si ss ss so}}", "error", "status", 422, "code",
                            "rules", "message",
                            "The step is not possible yet; see blockers.",
                            "blockers", list));
    } else if (e) {
        page_error(r, page_status_for(e));
    } else if (store_case_get(r->st, r->a, c.id, &c) == E_OK) {
        page_json(r, 200, case_json(r, &c));
    } else {
        page_error(r, 500);
    }
out:
    json_decref(j);
}
