/* page_process_view.c: one process (GET /processes/{id}): owner, lead and
 * their deputies (missing or inactive ones flagged), quality requirements,
 * target levels, the inventory mark, its sub-processes, linked documents,
 * indicators (with the dashboard of the process), cases and legal
 * requirements, the forms that link indicators and cases, move and
 * deactivate it, and its history from the audit log. */
#include <string.h>

#include "handlers.h"
#include "history.h"
#include "page.h"
#include "process_web.h"

static void person(struct req *r, struct tv *list, const char *role, int64_t id,
                   const char *name, int active)
{
    struct tv *it = tv_push(list);

    tv_str(it, "role", page_t(r, arena_printf(r->a, "process.field.%s", role)));
    tv_str(it, "name", name);
    tv_bool(it, "missing", id == 0);
    tv_bool(it, "inactive", id != 0 && !active);
}

static void link_list(struct req *r, struct tv *ctx, const char *key,
                      const struct process_link *l, size_t n,
                      const char *href_prefix, const char *state_prefix)
{
    struct tv *list = tv_list(ctx, key);
    size_t i;

    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", l[i].id);
        tv_str(it, "label", l[i].label);
        tv_str(it, "text", l[i].text);
        tv_str(it, "extra", l[i].extra);
        if (href_prefix)
            tv_str(it, "href",
                   arena_printf(r->a, "%s%s", href_prefix, l[i].label));
        if (state_prefix && l[i].state)
            tv_str(it, "state",
                   page_t(r, arena_printf(r->a, "%s.%s", state_prefix,
                                          l[i].state)));
    }
    tv_bool(ctx, arena_printf(r->a, "has_%s", key), n > 0);
}

/* subs lists the process's descendants the user may read, indented. */
static void subs(struct req *r, struct tv *ctx, const struct process *p)
{
    struct process_filter f = {0};
    struct tv *list = tv_list(ctx, "subs");
    struct process *v;
    size_t i, n, shown = 0;

    f.under_path = p->path;
    f.include_inactive = 1;
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        process_tree_sort(r->a, v, n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (v[i].id == p->id || !process_may_read(r, v[i].unit_path))
            continue;
        it = tv_push(list);
        tv_int(it, "id", v[i].id);
        tv_str(it, "code", v[i].code);
        tv_str(it, "name", v[i].name);
        tv_str(it, "indent",
               arena_printf(r->a, "%*s", (v[i].level - 2) * 2, ""));
        tv_str(it, "level",
               page_t(r, arena_printf(
                             r->a, "process.level.%s",
                             process_level_str(process_depth(v[i].path)))));
        tv_bool(it, "inactive", !v[i].active);
        tv_bool(it, "no_owner", !v[i].owner_id);
        tv_bool(it, "no_lead", !v[i].lead_id);
        shown++;
    }
    tv_bool(ctx, "has_subs", shown > 0);
}

/* link_choices: the provider's indicators not yet linked. */
static void link_choices(struct req *r, struct tv *ctx, const struct process *p,
                         const struct process_links *l)
{
    struct ind_filter f = {0};
    struct tv *list = tv_list(ctx, "ind_choices");
    struct indicator *ind;
    size_t i, j, n;

    f.provider_id = p->provider_id;
    if (store_indicator_list(r->st, r->a, &f, &ind, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        for (j = 0; j < l->ninds && l->inds[j].id != ind[i].id; j++)
            ;
        if (j < l->ninds)
            continue;
        it = tv_push(list);
        tv_int(it, "id", ind[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%s – %s", ind[i].code, ind[i].name));
    }
}

/* parent_choices: processes p may move below (same provider, not in its
 * own subtree, in a unit the user maintains). */
static void parent_choices(struct req *r, struct tv *ctx,
                           const struct process *p)
{
    struct process_filter f = {0};
    struct tv *list = tv_list(ctx, "parent_choices");
    struct process *v;
    size_t i, n;

    f.provider_id = p->provider_id;
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        process_tree_sort(r->a, v, n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (strncmp(v[i].path, p->path, strlen(p->path)) == 0 ||
            process_depth(v[i].path) >= PROCESS_DEPTH_MAX ||
            !process_may_maintain(r, v[i].unit_path))
            continue;
        it = tv_push(list);
        tv_int(it, "id", v[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s %s", (v[i].level - 1) * 2, "",
                            v[i].code, v[i].name));
        tv_bool(it, "selected", v[i].id == p->parent_id);
    }
}

static void history(struct req *r, struct tv *ctx, const struct process *p)
{
    struct audit_row *rows;
    struct tv *list;
    size_t i, n;

    if (!req_can(r, PERM_AUDIT_LOG, p->unit_path) &&
        !req_can(r, PERM_ADMIN, p->unit_path) &&
        !process_may_maintain(r, p->unit_path))
        return;
    if (store_audit_list(r->st, r->a, "process", p->id, 0, 100, &rows, &n))
        return;
    tv_bool(ctx, "show_history", 1);
    tv_bool(ctx, "can_history", history_may_read(r, p->unit_path, 0));
    list = tv_list(ctx, "history");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_str(it, "when", page_datetime(r, rows[i].at));
        tv_str(it, "who", rows[i].actor);
        tv_str(
            it, "action",
            page_t(r, arena_printf(r->a, "process.audit.%s", rows[i].action)));
        tv_str(it, "after", rows[i].after ? rows[i].after : rows[i].before);
    }
}

static void fill(struct req *r, struct tv *ctx, const struct process *p)
{
    struct tv *o = tv_obj(ctx, "p"), *people = tv_list(ctx, "people");
    struct process parent;

    tv_int(o, "id", p->id);
    tv_str(o, "code", p->code);
    tv_str(o, "name", p->name);
    tv_str(o, "kind",
           page_t(r, arena_printf(r->a, "process.kind.%s", p->kind)));
    tv_str(o, "level",
           page_t(r, arena_printf(r->a, "process.level.%s",
                                  process_level_str(process_depth(p->path)))));
    tv_str(o, "unit_name", p->unit_name);
    tv_str(o, "unit_code", p->unit_code);
    tv_str(o, "group", p->group_name);
    tv_str(o, "description", p->description);
    tv_str(o, "quality_requirements", p->quality_requirements);
    tv_str(o, "target_levels", p->target_levels);
    tv_str(o, "inventory_note", p->inventory_note);
    tv_bool(o, "described", p->described);
    tv_bool(o, "inactive", !p->active);
    if (p->parent_id &&
        store_process_get(r->st, r->a, p->parent_id, &parent) == E_OK &&
        process_may_read(r, parent.unit_path)) {
        tv_int(o, "parent_id", parent.id);
        tv_str(o, "parent",
               arena_printf(r->a, "%s %s", parent.code, parent.name));
    }
    person(r, people, "owner_id", p->owner_id, p->owner_name, p->owner_active);
    person(r, people, "owner_deputy_id", p->owner_deputy_id,
           p->owner_deputy_name, p->owner_deputy_active);
    person(r, people, "lead_id", p->lead_id, p->lead_name, p->lead_active);
    person(r, people, "lead_deputy_id", p->lead_deputy_id, p->lead_deputy_name,
           p->lead_deputy_active);
}

void process_view(struct req *r, const struct process *p, int status,
                  const char *field, const char *err)
{
    struct tv *ctx = page_ctx(r);
    struct process_links l;
    int maintain = process_may_maintain(r, p->unit_path);

    if (store_process_links(r->st, r->a, p->id, &l)) {
        page_error(r, 500);
        return;
    }
    fill(r, ctx, p);
    subs(r, ctx, p);
    link_list(r, ctx, "docs", l.docs, l.ndocs, NULL, "process.doc_state");
    link_list(r, ctx, "inds", l.inds, l.ninds, "/indicators/", NULL);
    link_list(r, ctx, "cases", l.cases, l.ncases, NULL, "process.case_state");
    link_list(r, ctx, "reqs", l.reqs, l.nreqs, NULL, NULL);
    tv_bool(ctx, "can_dashboard", req_can(r, PERM_READ, p->unit_path));
    tv_bool(ctx, "can_edit", maintain || process_is_owner(r, p));
    tv_bool(ctx, "can_maintain", maintain);
    if (maintain) {
        link_choices(r, ctx, p, &l);
        parent_choices(r, ctx, p);
    }
    history(r, ctx, p);
    if (err) {
        struct tv *e = tv_push(tv_list(ctx, "errors"));

        tv_str(e, "field", field);
        tv_str(e, "label",
               page_t(r, arena_printf(r->a, "process.field.%s", field)));
        tv_str(e, "message", page_t(r, err));
        tv_str(ctx, arena_printf(r->a, "err_%s", field), page_t(r, err));
        tv_bool(ctx, "has_errors", 1);
        tv_str(ctx, arena_printf(r->a, "v_%s", field), kv_get(&r->form, field));
    }
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, status, "process", ctx, "process.title");
}

/* GET /processes/{id}: 200, or 404 when it does not exist or lies outside
 * the user's branch of the organisation. */
void page_process(struct req *r)
{
    struct process p;

    if (store_process_get(r->st, r->a, req_id(r, 0), &p) != E_OK ||
        !process_may_see(r, &p)) {
        page_error(r, 404);
        return;
    }
    process_view(r, &p, 200, NULL, NULL);
}
