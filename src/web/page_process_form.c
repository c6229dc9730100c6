/* page_process_form.c: the process forms: new and edit (maintainers see
 * every field, a process owner only the description, requirements,
 * targets and inventory mark), and the small forms of the process page:
 * move, deactivate/reactivate, link and unlink indicators and cases. Bad
 * input answers 422 with the fields marked and the input kept. */
#include <string.h>

#include "cases.h"
#include "handlers.h"
#include "page.h"
#include "process_web.h"

static void user_choices(struct req *r, struct tv *ctx, const char *key,
                         int64_t provider_id, int64_t selected)
{
    struct tv *list = tv_list(ctx, key);
    struct user *u;
    size_t i, n;
    int64_t total;

    if (store_user_list(r->st, r->a,
                        arena_printf(r->a, "/%lld/", (long long)provider_id),
                        NULL, 0, 5000, &u, &n, &total))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!u[i].active && u[i].id != selected)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label",
               u[i].active ? u[i].name
                           : arena_printf(r->a, "%s (%s)", u[i].name,
                                          page_t(r, "process.inactive")));
        tv_bool(it, "selected", u[i].id == selected);
    }
}

static void group_choices(struct req *r, struct tv *ctx, int64_t provider_id,
                          int64_t selected)
{
    struct tv *list = tv_list(ctx, "groups");
    struct ind_tag *t;
    size_t i, n;

    if (store_indicator_tags(r->st, r->a, "group", provider_id, 0, &t, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", t[i].id);
        tv_str(it, "label", t[i].name);
        tv_bool(it, "selected", t[i].id == selected);
    }
}

static void kind_choices(struct req *r, struct tv *ctx, const char *cur)
{
    struct tv *list = tv_list(ctx, "kinds");
    int k;

    for (k = 0; k < PK__MAX; k++) {
        struct tv *it = tv_push(list);
        const char *name = process_kind_str((enum process_kind)k);

        tv_str(it, "value", name);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "process.kind.%s", name)));
        tv_bool(it, "selected", cur && strcmp(cur, name) == 0);
    }
}

/* mark puts fe into ctx with the process.field.* labels, like
 * page_fielderrs. */
static void mark(struct req *r, struct tv *ctx, const struct fielderrs *fe)
{
    struct tv *list = tv_list(ctx, "errors");
    size_t i;

    for (i = 0; i < fe->n; i++) {
        struct tv *it = tv_push(list);
        const char *msg = page_t(r, fe->v[i].msg);

        tv_str(it, "field", fe->v[i].field);
        tv_str(
            it, "label",
            page_t(r, arena_printf(r->a, "process.field.%s", fe->v[i].field)));
        tv_str(it, "message", msg);
        tv_str(ctx, arena_printf(r->a, "err_%s", fe->v[i].field), msg);
    }
    tv_bool(ctx, "has_errors", fe->n > 0);
}

/* form shows the new/edit form for p (what the user typed, on errors);
 * parent is the new process's parent or NULL. */
static void form(struct req *r, int status, const struct process *p,
                 const struct process *parent, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f");
    int full = p->id == 0 || process_may_maintain(r, p->unit_path);

    tv_bool(ctx, "is_new", p->id == 0);
    tv_bool(ctx, "full", full);
    tv_int(ctx, "id", p->id);
    tv_str(f, "code", p->code);
    tv_str(f, "name", p->name);
    tv_str(f, "description", p->description);
    tv_str(f, "quality_requirements", p->quality_requirements);
    tv_str(f, "target_levels", p->target_levels);
    tv_str(f, "inventory_note", p->inventory_note);
    tv_str(f, "sort_order", arena_printf(r->a, "%d", p->sort_order));
    tv_bool(f, "described", p->described == 1);
    if (parent) {
        tv_int(ctx, "parent_id", parent->id);
        tv_str(ctx, "parent",
               arena_printf(r->a, "%s %s", parent->code, parent->name));
    }
    tv_bool(ctx, "top", !parent && !p->parent_id);
    if (full && p->provider_id) {
        process_unit_choices(r, ctx, "units", p->provider_id, p->unit_id, 1);
        kind_choices(r, ctx, p->kind);
        group_choices(r, ctx, p->provider_id, p->patient_group_id);
        user_choices(r, ctx, "owners", p->provider_id, p->owner_id);
        user_choices(r, ctx, "owner_deputies", p->provider_id,
                     p->owner_deputy_id);
        user_choices(r, ctx, "leads", p->provider_id, p->lead_id);
        user_choices(r, ctx, "lead_deputies", p->provider_id,
                     p->lead_deputy_id);
    }
    if (fe)
        mark(r, ctx, fe);
    page_render(r, status, "process_form", ctx,
                p->id ? "process.edit_title" : "process.new_title");
}

/* GET /processes/new?parent=ID&unit=CODE&group=ID&name=TEXT: the form,
 * prefilled (the inventory's "add" links). 403 for users who maintain no
 * unit. */
void page_process_new(struct req *r)
{
    struct process p = {0}, parent;
    const char *code = kv_get(&r->query, "unit");
    int has_parent = 0;
    struct unit u;
    enum err e;

    if (!process_may_maintain(r, NULL)) {
        page_error(r, 403);
        return;
    }
    if ((e = process_scope(r, code, &u, &p.provider_id))) {
        page_error(r, page_status_for(e));
        return;
    }
    p.unit_id = code ? u.id : 0;
    r->params[1] = kv_get(&r->query, "parent");
    if (r->params[1] &&
        store_process_get(r->st, r->a, req_id(r, 1), &parent) == E_OK &&
        parent.provider_id == p.provider_id &&
        process_may_read(r, parent.unit_path)) {
        has_parent = 1;
        p.kind = parent.kind;
        if (!p.unit_id)
            p.unit_id = parent.unit_id;
    }
    r->params[2] = kv_get(&r->query, "group");
    if (r->params[2])
        p.patient_group_id = req_id(r, 2);
    p.name = kv_get(&r->query, "name");
    if (!p.kind)
        p.kind = kv_get(&r->query, "kind");
    form(r, 200, &p, has_parent ? &parent : NULL, NULL);
}

/* read_form: what the form sent; a field the form does not show stays
 * NULL (kept). described is a checkbox: absent means 0. */
static void read_form(struct req *r, struct process_input *in, int full)
{
    memset(in, 0, sizeof(*in));
    in->description = kv_get(&r->form, "description");
    in->quality_requirements = kv_get(&r->form, "quality_requirements");
    in->target_levels = kv_get(&r->form, "target_levels");
    in->inventory_note = kv_get(&r->form, "inventory_note");
    in->described = kv_get(&r->form, "described") ? "1" : "0";
    if (!full)
        return;
    in->code = kv_get(&r->form, "code");
    in->name = kv_get(&r->form, "name");
    in->kind = kv_get(&r->form, "kind");
    in->unit = kv_get(&r->form, "unit");
    in->sort_order = kv_get(&r->form, "sort_order");
    in->owner = kv_get(&r->form, "owner_id");
    in->owner_deputy = kv_get(&r->form, "owner_deputy_id");
    in->lead = kv_get(&r->form, "lead_id");
    in->lead_deputy = kv_get(&r->form, "lead_deputy_id");
    in->group = kv_get(&r->form, "patient_group_id");
}

/* POST /processes: 303 to the new process; 422 the form with errors; 403
 * the user maintains no unit. */
void page_process_create(struct req *r)
{
    struct process_input in;
    struct fielderrs fe = {0};
    struct process p = {0}, parent;
    int has_parent;
    enum err e;

    read_form(r, &in, 1);
    r->params[1] = kv_get(&r->form, "parent");
    in.parent_id = r->params[1] && *r->params[1] ? req_id(r, 1) : 0;
    if (r->params[1] && *r->params[1] && !in.parent_id)
        in.parent_id = -1;
    e = process_save(r, &p, &in, &fe);
    if (e == E_INVAL) {
        has_parent =
            in.parent_id > 0 &&
            store_process_get(r->st, r->a, in.parent_id, &parent) == E_OK &&
            process_may_read(r, parent.unit_path);
        if (!p.provider_id && has_parent)
            p.provider_id = parent.provider_id;
        if (!p.provider_id) {
            struct unit u;

            process_scope(r, NULL, &u, &p.provider_id);
        }
        form(r, 422, &p, has_parent ? &parent : NULL, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/processes/%lld?ok=1", (long long)p.id));
}

/* load reads route capture 0 as a process the user may read (404). */
static int load(struct req *r, struct process *p)
{
    if (store_process_get(r->st, r->a, req_id(r, 0), p) != E_OK ||
        !process_may_see(r, p)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

/* GET /processes/{id}/edit: 200; 403 neither maintainer nor owner. */
void page_process_edit(struct req *r)
{
    struct process p;

    if (!load(r, &p))
        return;
    if (!process_may_maintain(r, p.unit_path) && !process_is_owner(r, &p)) {
        page_error(r, 403);
        return;
    }
    form(r, 200, &p, NULL, NULL);
}

/* POST /processes/{id}: 303 to the process; 422 the form; 403. */
void page_process_update(struct req *r)
{
    struct process_input in;
    struct fielderrs fe = {0};
    struct process p;
    enum err e;

    if (!load(r, &p))
        return;
    read_form(r, &in, process_may_maintain(r, p.unit_path));
    e = process_save(r, &p, &in, &fe);
    if (e == E_INVAL) {
        form(r, 422, &p, NULL, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/processes/%lld?ok=1", (long long)p.id));
}

/* maintained loads the process for one of the page's small forms: 404
 * unreadable, 403 not a maintainer. */
static int maintained(struct req *r, struct process *p)
{
    if (!load(r, p))
        return 0;
    if (!process_may_maintain(r, p->unit_path)) {
        page_error(r, 403);
        return 0;
    }
    return 1;
}

static void done(struct req *r, const struct process *p, enum err e,
                 const char *field, const char *msg)
{
    if (e == E_INVAL || (e && msg)) {
        process_view(r, p, e == E_CONFLICT ? 409 : 422, field, msg);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/processes/%lld?ok=1", (long long)p->id));
}

static enum err run(struct req *r,
                    enum err (*fn)(struct req *, int64_t, int64_t, int),
                    int64_t id, int64_t other, int on)
{
    enum err e;

    if ((e = store_begin(r->st)) || (e = fn(r, id, other, on)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

static enum err do_move(struct req *r, int64_t id, int64_t parent, int on)
{
    struct actor who = req_actor(r);

    (void)on;
    return store_process_move(r->st, &who, id, parent);
}

/* POST /processes/{id}/move (parent=ID, empty: to the top). */
void page_process_move(struct req *r)
{
    const char *why = NULL, *ps = kv_get(&r->form, "parent");
    struct process p, parent;
    int64_t pid = 0;
    int height;

    if (!maintained(r, &p))
        return;
    if (ps && *ps) {
        r->params[1] = ps;
        if (!(pid = req_id(r, 1)) ||
            store_process_get(r->st, r->a, pid, &parent) != E_OK ||
            parent.provider_id != p.provider_id ||
            !process_may_maintain(r, parent.unit_path))
            why = "process.err.parent";
    }
    if (!why && store_process_height(r->st, p.path, &height) != E_OK) {
        page_error(r, 500);
        return;
    }
    if (!why)
        why = process_move_check(p.path, height, pid ? parent.path : NULL);
    done(r, &p, why ? E_INVAL : run(r, do_move, p.id, pid, 0), "parent", why);
}

static enum err do_active(struct req *r, int64_t id, int64_t unused, int on)
{
    struct actor who = req_actor(r);

    (void)unused;
    return store_process_set_active(r->st, &who, id, on);
}

/* POST /processes/{id}/active (active=0|1): 409 with a message while an
 * active sub-process remains. */
void page_process_active(struct req *r)
{
    const char *v = kv_get(&r->form, "active");
    struct process p;
    enum err e;

    if (!maintained(r, &p))
        return;
    if (!v || (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)) {
        done(r, &p, E_INVAL, "active", "process.err.active");
        return;
    }
    e = run(r, do_active, p.id, 0, v[0] == '1');
    done(r, &p, e, "active", e == E_CONFLICT ? "process.err.has_subs" : NULL);
}

static enum err do_ind(struct req *r, int64_t id, int64_t ind, int on)
{
    struct actor who = req_actor(r);

    return store_process_link_indicator(r->st, &who, id, ind, on);
}

static enum err do_case(struct req *r, int64_t id, int64_t c, int on)
{
    struct actor who = req_actor(r);

    return store_process_link_case(r->st, &who, id, c, on);
}

/* POST /processes/{id}/indicators (indicator=ID, remove=1 to unlink). */
void page_process_indicator(struct req *r)
{
    int on = kv_get(&r->form, "remove") == NULL;
    struct process p;
    int64_t ind;

    if (!maintained(r, &p))
        return;
    r->params[1] = kv_get(&r->form, "indicator");
    ind = req_id(r, 1);
    if (!ind ||
        (on && store_process_indicator_ok(r->st, ind, p.provider_id) != E_OK)) {
        done(r, &p, E_INVAL, "indicator", "process.err.indicator");
        return;
    }
    done(r, &p, run(r, do_ind, p.id, ind, on), "indicator", NULL);
}

/* POST /processes/{id}/cases (case=NUMBER to link one the user may read;
 * case_id=ID&remove=1 to unlink). */
void page_process_case(struct req *r)
{
    const char *number = kv_get(&r->form, "case");
    int on = kv_get(&r->form, "remove") == NULL;
    struct case_rec c;
    struct process p;
    int64_t id = 0;

    if (!maintained(r, &p))
        return;
    if (on) {
        if (!number ||
            store_process_case_by_number(r->st, number, p.provider_id, &id) ||
            store_case_get(r->st, r->a, id, &c) != E_OK ||
            !cases_access_of(r, &c).read)
            id = 0;
    } else {
        r->params[1] = kv_get(&r->form, "case_id");
        id = req_id(r, 1);
    }
    if (!id) {
        done(r, &p, E_INVAL, "case", "process.err.case");
        return;
    }
    done(r, &p, run(r, do_case, p.id, id, on), "case", NULL);
}
