/* api_requirements.c: /api/v1/requirements: the register with the page's
 * filters (unit, statute, status, never, no_process, overdue), one
 * requirement with its links and the assessments of the unit subtree, and
 * recording an assessment. Same rules and authorisation as the pages
 * (page_requirements.c, requirements.c). */
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "requirements.h"

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static int qflag(struct req *r, const char *name)
{
    const char *v = kv_get(&r->query, name);

    return v && *v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
}

static json_t *req_json(const struct requirement_rec *q)
{
    json_t *j = json_pack("{sI ss ss ss si sb}", "id", (json_int_t)q->id,
                          "code", q->code, "statute", q->statute,
                          "statute_title", q->statute_title, "review_months",
                          q->review_months, "own", q->provider_id != 0);

    if (!j)
        return NULL;
    json_object_set_new(j, "chapter", page_json_str(q->chapter));
    json_object_set_new(j, "section", page_json_str(q->section));
    json_object_set_new(j, "summary", page_json_str(q->summary));
    json_object_set_new(j, "in_force", page_json_str(q->in_force));
    return j;
}

static json_t *assessment_json(struct req *r, const struct req_assessment *x)
{
    json_t *j = json_pack(
        "{sI s{sI ss? ss?} ss ss ss sb s{sI ss?}}", "id", (json_int_t)x->id,
        "unit", "id", (json_int_t)x->unit_id, "code", x->unit_code, "name",
        x->unit_name, "status", x->status, "assessed_on", x->assessed_on,
        "next_review", x->next_review, "overdue",
        requirement_review_overdue(x->next_review, req_today(r)), "assessor",
        "id", (json_int_t)x->assessor_id, "name", x->assessor_name);

    if (j)
        json_object_set_new(j, "evidence", page_json_str(x->evidence));
    return j;
}

/* GET /api/v1/requirements?unit=CODE&statute=&status=&never=1&
 * no_process=1&overdue=1: 200 {"unit":..., "items":[...]}; 400 a bad
 * status; 403/404 the unit. Staff get the provisions without statuses. */
void api_requirements(struct req *r)
{
    struct req_filter f = {0};
    struct req_row *rows;
    json_t *items;
    int can_read;
    struct unit u;
    size_t i, n;

    if (!mgmt_pick_unit(r, &u, &can_read, 1))
        return;
    f.provider_id = u.provider_id;
    f.statute = nonempty(kv_get(&r->query, "statute"));
    f.status = nonempty(kv_get(&r->query, "status"));
    f.today = req_today(r);
    f.no_process = qflag(r, "no_process");
    if (f.status && requirement_status_from_str(f.status) == RQS__MAX) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (can_read) {
        f.unit_id = u.id;
        f.scope_path = u.path;
        f.never_assessed = qflag(r, "never");
        f.overdue = qflag(r, "overdue");
    } else if (f.status || qflag(r, "never") || qflag(r, "overdue")) {
        page_error(r, 403);
        return;
    }
    if (store_requirement_list(r->st, r->a, &f, &rows, &n)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++) {
        json_t *j = req_json(&rows[i].q);

        json_object_set_new(
            j, "links",
            json_pack("{sI sI}", "processes", (json_int_t)rows[i].q.n_processes,
                      "documents", (json_int_t)rows[i].q.n_documents));
        if (can_read) {
            json_object_set_new(j, "unit_status",
                                json_string(rows[i].unit_status
                                                ? rows[i].unit_status
                                                : "not_assessed"));
            json_object_set_new(j, "next_review",
                                page_json_str(rows[i].unit_next_review));
            json_object_set_new(
                j, "subtree",
                json_pack("{sI sI sI sI sI sI}", "met",
                          (json_int_t)rows[i].n_met, "partly_met",
                          (json_int_t)rows[i].n_partly, "not_met",
                          (json_int_t)rows[i].n_not_met, "not_assessed",
                          (json_int_t)rows[i].n_not_assessed, "overdue",
                          (json_int_t)rows[i].n_overdue, "units",
                          (json_int_t)rows[i].n_units));
        }
        json_array_append_new(items, j);
    }
    page_json(r, 200,
              json_pack("{s{ss ss} so}", "unit", "code", u.code, "name", u.name,
                        "items", items));
}

static int load(struct req *r, struct requirement_rec *q)
{
    if (store_requirement_get(r->st, r->a, req_id(r, 0), q) != E_OK ||
        !q->active || !mgmt_req_visible(r, q)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

static json_t *links_json(struct req *r, const struct requirement_rec *q,
                          const char *kind, int64_t provider_id)
{
    json_t *a = json_array();
    struct req_link *x;
    size_t i, n;

    if (store_requirement_links(r->st, r->a, q->id, kind, provider_id, &x,
                                &n) == E_OK)
        for (i = 0; i < n; i++) {
            json_t *j =
                json_pack("{sI ss ss ss}", "id", (json_int_t)x[i].id, "code",
                          x[i].code, "name", x[i].name, "unit", x[i].unit_name);

            if (j && x[i].state)
                json_object_set_new(j, "state", json_string(x[i].state));
            if (j && x[i].state)
                json_object_set_new(j, "review_due",
                                    page_json_str(x[i].review_due));
            json_array_append_new(a, j);
        }
    return a;
}

/* GET /api/v1/requirements/{id}?unit=CODE: 200 the requirement, its
 * processes and documents (of the unit's provider) and, for readers, the
 * assessments of the subtree newest first; 404 unknown or not visible. */
void api_requirement_get(struct req *r)
{
    struct requirement_rec q;
    struct req_assessment *x;
    int can_read;
    struct unit u;
    size_t i, n;
    json_t *j;

    if (!load(r, &q) || !mgmt_pick_unit(r, &u, &can_read, 1))
        return;
    if (q.provider_id && q.provider_id != u.provider_id) {
        page_error(r, 404);
        return;
    }
    j = req_json(&q);
    json_object_set_new(j, "processes",
                        links_json(r, &q, "process", u.provider_id));
    json_object_set_new(j, "documents",
                        links_json(r, &q, "document", u.provider_id));
    if (can_read) {
        json_t *as = json_array();

        if (store_requirement_history(r->st, r->a, q.id, u.path, &x, &n)) {
            json_decref(as);
            json_decref(j);
            page_error(r, 500);
            return;
        }
        for (i = 0; i < n; i++)
            json_array_append_new(as, assessment_json(r, &x[i]));
        json_object_set_new(j, "assessments", as);
    }
    page_json(r, 200, j);
}

/* POST /api/v1/requirements/{id}/assessments {"unit": CODE or "unit_id":
 * N, "status", "evidence", "assessed_on"}: 201 the assessment; 403 outside
 * the maintain scope (auditors always); 404 unknown requirement; 422 with
 * error.fields. */
void api_requirement_assess(struct req *r)
{
    struct req_assessment x = {0};
    struct fielderrs fe = {0};
    struct requirement_rec q;
    json_t *j, *uid;
    struct unit u;
    enum err e;

    if (!load(r, &q) || !(j = page_body_json(r)))
        return;
    uid = json_object_get(j, "unit_id");
    if (json_is_integer(uid) && json_integer_value(uid) > 0)
        x.unit_id = (int64_t)json_integer_value(uid);
    else if (page_jstr(j, "unit") &&
             store_unit_by_code(r->st, r->a, page_jstr(j, "unit"), &u) == E_OK)
        x.unit_id = u.id;
    else if (page_jstr(j, "unit") || uid)
        x.unit_id = -1;
    x.status = page_jstr(j, "status");
    x.evidence = page_jstr(j, "evidence");
    x.assessed_on = page_jstr(j, "assessed_on");
    e = mgmt_assess(r, &q, &x, &fe);
    if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error(r, page_status_for(e));
    else if (store_unit_get(r->st, r->a, x.unit_id, &u) == E_OK) {
        x.unit_code = u.code;
        x.unit_name = u.name;
        x.assessor_name = r->user->name;
        page_json(r, 201, assessment_json(r, &x));
    } else
        page_error(r, 500);
    json_decref(j);
}
