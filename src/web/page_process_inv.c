/* page_process_inv.c: the inventory of a verksamhet's core processes and
 * patient groups (GET /processes/inventory?unit=CODE): each core process
 * marked described or not with a note of what is missing, the counts of
 * what is missing (no owner, no lead, owner or lead who has left, not
 * described, no documents, no indicators), the patient groups that have
 * no core process yet with a link that adds one, and the quick form that
 * marks a process (POST /processes/{id}/inventory). */
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "process_web.h"

static void row(struct req *r, struct tv *list, const struct process *p,
                size_t *count)
{
    struct tv *it = tv_push(list), *gl = tv_list(it, "gaps");
    unsigned g = process_gaps(p);
    int k;

    tv_int(it, "id", p->id);
    tv_str(it, "code", p->code);
    tv_str(it, "name", p->name);
    tv_str(it, "indent", arena_printf(r->a, "%*s", (p->level - 1) * 2, ""));
    tv_str(it, "unit", p->unit_name);
    tv_str(it, "group", p->group_name);
    tv_str(it, "owner", p->owner_name);
    tv_str(it, "lead", p->lead_name);
    tv_bool(it, "described", p->described);
    tv_str(it, "note", p->inventory_note);
    tv_bool(it, "can_mark",
            process_may_maintain(r, p->unit_path) || process_is_owner(r, p));
    for (k = 0; k < PG__MAX; k++) {
        if (!(g & (1u << k)))
            continue;
        count[k]++;
        tv_str(tv_push(gl), "text",
               page_t(r, arena_printf(r->a, "process.gap.%s",
                                      process_gap_str((enum process_gap)k))));
    }
    tv_bool(it, "complete", g == 0);
}

/* missing_groups lists the provider's patient groups without an active
 * core process, each with the link that adds one below the first top core
 * process (when there is one). */
static void missing_groups(struct req *r, struct tv *ctx, const struct unit *u,
                           int64_t provider_id, int can_add)
{
    struct process_filter f = {0};
    struct tv *list = tv_list(ctx, "missing_groups");
    struct process *v;
    struct ind_tag *t;
    int64_t top = 0;
    size_t i, j, n, nt, shown = 0;

    f.provider_id = provider_id;
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        store_indicator_tags(r->st, r->a, "group", provider_id, 0, &t, &nt))
        return;
    for (i = 0; i < n && !top; i++)
        if (!v[i].parent_id && strcmp(v[i].kind, "core") == 0)
            top = v[i].id;
    for (i = 0; i < nt; i++) {
        struct tv *it;
        struct buf b;

        for (j = 0; j < n; j++)
            if (v[j].patient_group_id == t[i].id &&
                strcmp(v[j].kind, "core") == 0)
                break;
        if (j < n)
            continue;
        it = tv_push(list);
        tv_str(it, "name", t[i].name);
        shown++;
        if (!can_add)
            continue;
        buf_init(&b, 0);
        buf_addf(&b, "/processes/new?kind=core&unit=%s&group=%lld", u->code,
                 (long long)t[i].id);
        if (top)
            buf_addf(&b, "&parent=%lld", (long long)top);
        buf_adds(&b, "&name=");
        html_url_part(&b, t[i].name, strlen(t[i].name));
        if (!b.err)
            tv_str(it, "href", arena_strdup(r->a, b.p));
        buf_release(&b);
    }
    tv_bool(ctx, "has_missing_groups", shown > 0);
}

/* GET /processes/inventory?unit=CODE: 200; 403 outside the user's branch;
 * 404 no such unit. */
void page_process_inventory(struct req *r)
{
    const char *code = kv_get(&r->query, "unit");
    struct process_filter f = {0};
    struct tv *ctx, *list, *cl;
    size_t i, n, shown = 0, count[PG__MAX] = {0};
    struct process *v;
    struct unit u;
    int k, can_add;
    enum err e;

    if ((e = process_scope(r, code, &u, &f.provider_id))) {
        page_error(r, page_status_for(e));
        return;
    }
    f.unit_path = u.path;
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        process_tree_sort(r->a, v, n)) {
        page_error(r, 500);
        return;
    }
    ctx = page_ctx(r);
    list = tv_list(ctx, "rows");
    for (i = 0; i < n; i++) {
        if (strcmp(v[i].kind, "core") != 0 ||
            !process_may_read(r, v[i].unit_path))
            continue;
        row(r, list, &v[i], count);
        shown++;
    }
    cl = tv_list(ctx, "counts");
    for (k = 0; k < PG__MAX; k++) {
        struct tv *it = tv_push(cl);

        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "process.gap.%s",
                                      process_gap_str((enum process_gap)k))));
        tv_int(it, "n", (long long)count[k]);
    }
    can_add = process_may_maintain(r, u.path);
    missing_groups(r, ctx, &u, f.provider_id, can_add);
    tv_int(ctx, "total", (long long)shown);
    tv_bool(ctx, "empty", shown == 0);
    tv_bool(ctx, "can_add", can_add);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    process_unit_choices(r, ctx, "units", f.provider_id, u.id, 0);
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, 200, "process_inventory", ctx, "process.inv.title");
}

/* POST /processes/{id}/inventory (described=1, inventory_note, back=CODE):
 * the process owner or a maintainer marks it; 303 back to the inventory;
 * 422 a note too long; 403; 404. */
void page_process_mark(struct req *r)
{
    const char *back = kv_get(&r->form, "back");
    struct process_input in = {0};
    struct fielderrs fe = {0};
    struct unit bu;
    struct process p;
    enum err e;

    if (store_process_get(r->st, r->a, req_id(r, 0), &p) != E_OK ||
        !process_may_see(r, &p)) {
        page_error(r, 404);
        return;
    }
    in.described = kv_get(&r->form, "described"); /* "1", or invalid */
    if (!in.described)
        in.described = "0"; /* an unchecked box sends nothing */
    in.inventory_note = kv_get(&r->form, "inventory_note");
    e = process_save(r, &p, &in, &fe);
    if (e == E_INVAL) {
        process_view(r, &p, 422, fe.v[0].field, fe.v[0].msg);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    if (back && store_unit_by_code(r->st, r->a, back, &bu) == E_OK)
        req_redirect(r, arena_printf(r->a, "/processes/inventory?unit=%s&ok=1",
                                     bu.code));
    else
        req_redirect(
            r, arena_printf(r->a, "/processes/%lld?ok=1", (long long)p.id));
}
