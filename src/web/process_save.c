/* process_save.c: creating and changing a process from a form or a JSON
 * body, shared by page_process_form.c and api_process.c: the rights
 * (maintainers change everything; the process owner only the description,
 * quality requirements, target levels and the inventory mark), the checks
 * that need the store (unit, people, patient group, parent, free code)
 * and the rules of core/process.c, then one audited transaction. */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "process_web.h"

/* parse_id: 0 for NULL or "", -1 when not a positive whole number. */
static int64_t parse_id(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s)
        return 0;
    v = strtoll(s, &end, 10);
    return *end || v <= 0 ? -1 : v;
}

/* person_ok: id 0 (nobody), unchanged from was, or an active user whose
 * home unit belongs to the provider. */
static int person_ok(struct req *r, int64_t id, int64_t was,
                     int64_t provider_id)
{
    struct user u;
    struct unit home;

    if (id == 0 || id == was)
        return 1;
    return id > 0 && store_user_get(r->st, r->a, id, &u) == E_OK && u.active &&
           u.home_unit_id &&
           store_unit_get(r->st, r->a, u.home_unit_id, &home) == E_OK &&
           (home.provider_id ? home.provider_id : home.id) == provider_id;
}

static int group_ok(struct req *r, int64_t id, int64_t provider_id)
{
    struct ind_tag *t;
    size_t i, n;

    if (id == 0)
        return 1;
    if (id < 0 ||
        store_indicator_tags(r->st, r->a, "group", provider_id, 0, &t, &n))
        return 0;
    for (i = 0; i < n; i++)
        if (t[i].id == id)
            return 1;
    return 0;
}

/* owner_fields_only: in sets nothing but what a process owner may set. */
static int owner_fields_only(const struct process_input *in)
{
    return !in->code && !in->name && !in->kind && !in->unit &&
           !in->sort_order && !in->owner && !in->owner_deputy && !in->lead &&
           !in->lead_deputy && !in->group && !in->parent_id;
}

static void people(struct req *r, struct process *p, const struct process *was,
                   const struct process_input *in, struct fielderrs *fe)
{
    static const char *const f[] = {"owner_id", "owner_deputy_id", "lead_id",
                                    "lead_deputy_id"};
    const char *v[] = {in->owner, in->owner_deputy, in->lead, in->lead_deputy};
    int64_t *dst[] = {&p->owner_id, &p->owner_deputy_id, &p->lead_id,
                      &p->lead_deputy_id};
    const int64_t old[] = {was->owner_id, was->owner_deputy_id, was->lead_id,
                           was->lead_deputy_id};
    int i;

    for (i = 0; i < 4; i++) {
        if (!v[i])
            continue;
        *dst[i] = parse_id(v[i]);
        if (*dst[i] >= 0 && !person_ok(r, *dst[i], old[i], p->provider_id))
            fielderr_add(fe, f[i], "process.err.user");
    }
}

/* apply copies in onto p and checks what needs the store. */
static void apply(struct req *r, struct process *p, const struct process *was,
                  const struct process_input *in, struct fielderrs *fe)
{
    struct unit u;
    char *end;

    if (in->code)
        p->code = in->code;
    if (in->name)
        p->name = in->name;
    if (in->kind)
        p->kind = in->kind;
    if (in->description)
        p->description = in->description;
    if (in->quality_requirements)
        p->quality_requirements = in->quality_requirements;
    if (in->target_levels)
        p->target_levels = in->target_levels;
    if (in->inventory_note)
        p->inventory_note = in->inventory_note;
    if (in->described)
        p->described = strcmp(in->described, "1") == 0   ? 1
                       : strcmp(in->described, "0") == 0 ? 0
                                                         : 2;
    if (in->sort_order) {
        long v = strtol(in->sort_order, &end, 10);

        if (!*in->sort_order || *end || v < -PROCESS_SORT_MAX ||
            v > PROCESS_SORT_MAX)
            fielderr_add(fe, "sort_order", "process.err.sort_order");
        else
            p->sort_order = (int)v;
    }
    if (in->unit) {
        if (store_unit_by_code(r->st, r->a, in->unit, &u) != E_OK ||
            (p->provider_id &&
             (u.provider_id ? u.provider_id : u.id) != p->provider_id) ||
            !process_may_maintain(r, u.path) || !u.active) {
            fielderr_add(fe, "unit", "process.err.unit");
        } else {
            p->unit_id = u.id;
            p->unit_path = u.path;
            p->provider_id = u.provider_id ? u.provider_id : u.id;
        }
    } else if (!p->unit_id) {
        fielderr_add(fe, "unit", "process.err.unit");
    }
    if (!p->provider_id)
        return; /* no unit: nothing to check people against */
    people(r, p, was, in, fe);
    if (in->group) {
        p->patient_group_id = parse_id(in->group);
        if (!group_ok(r, p->patient_group_id, p->provider_id))
            fielderr_add(fe, "patient_group_id", "process.err.group");
    }
}

/* load_parent reads the new process's parent (create) or the existing
 * one (update); *has 0 for a top process. */
static int load_parent(struct req *r, struct process *p, int64_t parent_id,
                       struct process *parent, struct fielderrs *fe)
{
    if (!parent_id)
        return 0;
    if (parent_id < 0 ||
        store_process_get(r->st, r->a, parent_id, parent) != E_OK ||
        !process_may_read(r, parent->unit_path) ||
        (p->provider_id && parent->provider_id != p->provider_id)) {
        fielderr_add(fe, "parent", "process.err.parent");
        return 0;
    }
    if (!p->kind || !*p->kind)
        p->kind = parent->kind; /* a sub-process keeps its parent's kind */
    return 1;
}

static enum err write(struct req *r, struct process *p, struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    enum err e;

    if ((e = store_begin(r->st)) ||
        (e = p->id ? store_process_update(r->st, &who, p)
                   : store_process_create(r->st, &who, p)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    if (e == E_CONFLICT) {
        fielderr_add(fe, "code", "process.err.code_taken");
        return E_INVAL;
    }
    return e;
}

enum err process_save(struct req *r, struct process *p,
                      const struct process_input *in, struct fielderrs *fe)
{
    struct process was = *p, parent;
    int has_parent = 0, maintain;

    if (p->id) {
        maintain = process_may_maintain(r, p->unit_path);
        if (!maintain && !(process_is_owner(r, p) && owner_fields_only(in)))
            return E_DENIED;
        if (in->parent_id)
            fielderr_add(fe, "parent", "process.err.parent_move");
        has_parent = load_parent(r, p, p->parent_id, &parent, fe);
        if (has_parent && in->kind && strcmp(in->kind, parent.kind) != 0)
            fielderr_add(fe, "kind", "process.err.kind_parent");
        else if (has_parent)
            p->kind = parent.kind;
    } else {
        if (!process_may_maintain(r, NULL))
            return E_DENIED; /* maintains no unit anywhere */
        p->active = 1;
        p->kind = in->kind;
        p->parent_id = in->parent_id;
    }
    apply(r, p, &was, in, fe);
    if (!p->id) {
        if (!in->unit && !fielderr_get(fe, "unit"))
            fielderr_add(fe, "unit", "process.err.unit");
        has_parent = load_parent(r, p, in->parent_id, &parent, fe);
    }
    process_validate(p, has_parent ? &parent : NULL, fe);
    if (fe->n)
        return E_INVAL;
    return write(r, p, fe);
}
