/* api_process.c: /api/v1/processes - the map as a list in tree order (for
 * a provider, ?unit=CODE or below ?process=ID), create, read one with its
 * links, and change one (PATCH; a process owner only the description,
 * quality_requirements, target_levels, described and inventory_note).
 * Same rules and authorisation as the pages (process_save.c). */
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "process_web.h"

static json_t *person(int64_t id, const char *name, int active)
{
    return id ? json_pack("{sI ss? sb}", "id", (json_int_t)id, "name", name,
                          "active", active)
              : json_null();
}

static json_t *process_json(const struct process *p)
{
    json_t *j = json_pack(
        "{sI ss ss ss ss si s{sI ss ss} sb sb si}", "id", (json_int_t)p->id,
        "code", p->code, "name", p->name, "kind", p->kind, "level",
        process_level_str(process_depth(p->path)), "depth",
        process_depth(p->path), "unit", "id", (json_int_t)p->unit_id, "code",
        p->unit_code, "name", p->unit_name, "described", p->described, "active",
        p->active, "sort_order", p->sort_order);
    json_t *gaps;
    unsigned g;
    int k;

    if (!j)
        return NULL;
    json_object_set_new(j, "parent_id",
                        p->parent_id ? json_integer((json_int_t)p->parent_id)
                                     : json_null());
    json_object_set_new(j, "patient_group",
                        p->patient_group_id
                            ? json_pack("{sI ss?}", "id",
                                        (json_int_t)p->patient_group_id, "name",
                                        p->group_name)
                            : json_null());
    json_object_set_new(j, "owner",
                        person(p->owner_id, p->owner_name, p->owner_active));
    json_object_set_new(j, "owner_deputy",
                        person(p->owner_deputy_id, p->owner_deputy_name,
                               p->owner_deputy_active));
    json_object_set_new(j, "lead",
                        person(p->lead_id, p->lead_name, p->lead_active));
    json_object_set_new(
        j, "lead_deputy",
        person(p->lead_deputy_id, p->lead_deputy_name, p->lead_deputy_active));
    json_object_set_new(j, "description", page_json_str(p->description));
    json_object_set_new(j, "quality_requirements",
                        page_json_str(p->quality_requirements));
    json_object_set_new(j, "target_levels", page_json_str(p->target_levels));
    json_object_set_new(j, "inventory_note", page_json_str(p->inventory_note));
    json_object_set_new(j, "documents", json_integer(p->ndocs));
    json_object_set_new(j, "indicators", json_integer(p->ninds));
    gaps = json_array();
    g = process_gaps(p);
    for (k = 0; k < PG__MAX; k++)
        if (g & (1u << k))
            json_array_append_new(
                gaps, json_string(process_gap_str((enum process_gap)k)));
    json_object_set_new(j, "gaps", gaps);
    json_object_set_new(j, "created_at", page_json_time(p->created_at));
    json_object_set_new(j, "updated_at", page_json_time(p->updated_at));
    return j;
}

static json_t *links_json(const struct process_link *l, size_t n,
                          const char *label_key, const char *text_key)
{
    json_t *a = json_array();
    size_t i;

    for (i = 0; i < n; i++) {
        json_t *o = json_pack("{sI ss? ss?}", "id", (json_int_t)l[i].id,
                              label_key, l[i].label, text_key, l[i].text);

        if (o && l[i].state)
            json_object_set_new(o, "state", json_string(l[i].state));
        json_array_append_new(a, o);
    }
    return a;
}

/* GET /api/v1/processes?unit=CODE&process=ID: 200 {"items": [...]}; 403
 * outside the user's branch; 404 no such unit or process. */
void api_processes(struct req *r)
{
    const char *code = kv_get(&r->query, "unit"),
               *pid = kv_get(&r->query, "process");
    struct process_filter f = {0};
    struct process *v, top;
    struct unit u;
    json_t *items;
    size_t i, n;
    enum err e;

    if ((e = process_scope(r, code, &u, &f.provider_id))) {
        page_error(r, page_status_for(e));
        return;
    }
    if (code && *code)
        f.unit_path = u.path;
    if (pid) {
        r->params[1] = pid;
        if (store_process_get(r->st, r->a, req_id(r, 1), &top) != E_OK ||
            !process_may_read(r, top.unit_path)) {
            page_error(r, 404);
            return;
        }
        f.under_path = top.path;
    }
    f.include_inactive = kv_get(&r->query, "inactive") != NULL;
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        process_tree_sort(r->a, v, n)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++)
        if (process_may_read(r, v[i].unit_path))
            json_array_append_new(items, process_json(&v[i]));
    page_json(r, 200, json_pack("{so}", "items", items));
}

static int load(struct req *r, struct process *p)
{
    if (store_process_get(r->st, r->a, req_id(r, 0), p) != E_OK ||
        !process_may_see(r, p)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

/* GET /api/v1/processes/{id}: the process with its links. */
void api_process_get(struct req *r)
{
    struct process_links l;
    struct process p;
    json_t *j;

    if (!load(r, &p))
        return;
    if (store_process_links(r->st, r->a, p.id, &l)) {
        page_error(r, 500);
        return;
    }
    j = process_json(&p);
    json_object_set_new(
        j, "links",
        json_pack("{so so so so}", "documents",
                  links_json(l.docs, l.ndocs, "code", "title"), "indicators",
                  links_json(l.inds, l.ninds, "code", "name"), "cases",
                  links_json(l.cases, l.ncases, "number", "type"),
                  "requirements",
                  links_json(l.reqs, l.nreqs, "code", "summary")));
    page_json(r, 200, j);
}

/* jfield reads o[key] as the text process_save takes: a string, an integer
 * (ids, sort_order), null as "" (clears), a boolean as "1"/"0"; a key of
 * another type is marked in fe. Absent: NULL (kept). */
static const char *jfield(struct req *r, json_t *o, const char *key,
                          const char *field, struct fielderrs *fe)
{
    json_t *v = json_object_get(o, key);

    if (!v)
        return NULL;
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v))
        return arena_printf(r->a, "%lld", (long long)json_integer_value(v));
    if (json_is_null(v))
        return "";
    if (json_is_boolean(v))
        return json_is_true(v) ? "1" : "0";
    fielderr_add(fe, field, "process.err.type");
    return NULL;
}

static void read_json(struct req *r, json_t *j, struct process_input *in,
                      struct fielderrs *fe)
{
    const char *parent;

    memset(in, 0, sizeof(*in));
    in->code = jfield(r, j, "code", "code", fe);
    in->name = jfield(r, j, "name", "name", fe);
    in->kind = jfield(r, j, "kind", "kind", fe);
    in->unit = jfield(r, j, "unit", "unit", fe);
    in->description = jfield(r, j, "description", "description", fe);
    in->quality_requirements =
        jfield(r, j, "quality_requirements", "quality_requirements", fe);
    in->target_levels = jfield(r, j, "target_levels", "target_levels", fe);
    in->inventory_note = jfield(r, j, "inventory_note", "inventory_note", fe);
    in->described = jfield(r, j, "described", "described", fe);
    in->sort_order = jfield(r, j, "sort_order", "sort_order", fe);
    in->owner = jfield(r, j, "owner_id", "owner_id", fe);
    in->owner_deputy = jfield(r, j, "owner_deputy_id", "owner_deputy_id", fe);
    in->lead = jfield(r, j, "lead_id", "lead_id", fe);
    in->lead_deputy = jfield(r, j, "lead_deputy_id", "lead_deputy_id", fe);
    in->group = jfield(r, j, "patient_group_id", "patient_group_id", fe);
    parent = jfield(r, j, "parent_id", "parent", fe);
    if (parent && *parent) {
        r->params[1] = parent;
        in->parent_id = req_id(r, 1) ? req_id(r, 1) : -1;
    }
}

static void save(struct req *r, struct process *p, int created)
{
    struct process_input in;
    struct fielderrs fe = {0};
    json_t *j = page_body_json(r);
    enum err e;

    if (!j)
        return;
    read_json(r, j, &in, &fe);
    e = fe.n ? E_INVAL : process_save(r, p, &in, &fe);
    if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error(r, page_status_for(e));
    else if (store_process_get(r->st, r->a, p->id, p) == E_OK)
        page_json(r, created ? 201 : 200, process_json(p));
    else
        page_error(r, 500);
    json_decref(j);
}

/* POST /api/v1/processes: 201 the new process; 422 with error.fields; 403
 * for users who maintain no unit. */
void api_process_create(struct req *r)
{
    struct process p = {0};

    save(r, &p, 1);
}

/* PATCH /api/v1/processes/{id}: 200; 422; 403 (an owner sending fields
 * only maintainers change); 404. */
void api_process_update(struct req *r)
{
    struct process p;

    if (load(r, &p))
        save(r, &p, 0);
}
