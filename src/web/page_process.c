/* page_process.c: the process map (GET /processes: SVG lanes plus the same
 * content as a nested list, for a provider, a unit subtree or below one
 * process) and the process page (GET /processes/{id}: people, quality
 * requirements, targets, sub-processes, links and history). Who may read
 * and maintain a process is decided here for every process_* file. */
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "process_web.h"

int process_may_read(const struct req *r, const char *unit_path)
{
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (authz_in_scope(r->grants[i].unit_path, unit_path) ||
            authz_in_scope(unit_path, r->grants[i].unit_path))
            return 1;
    return 0;
}

int process_may_see(const struct req *r, const struct process *p)
{
    int64_t me = r->user->id;

    return process_may_read(r, p->unit_path) || p->owner_id == me ||
           p->owner_deputy_id == me || p->lead_id == me ||
           p->lead_deputy_id == me;
}

int process_may_maintain(const struct req *r, const char *unit_path)
{
    return req_can(r, PERM_QUALITY, unit_path) ||
           req_can(r, PERM_ADMIN, unit_path) ||
           req_can(r, PERM_MANAGE, unit_path);
}

int process_is_owner(const struct req *r, const struct process *p)
{
    return (p->owner_id && p->owner_id == r->user->id) ||
           (p->owner_deputy_id && p->owner_deputy_id == r->user->id);
}

enum err process_scope(struct req *r, const char *unit_code, struct unit *unit,
                       int64_t *provider_id)
{
    enum err e;

    if (unit_code && *unit_code) {
        if ((e = store_unit_by_code(r->st, r->a, unit_code, unit)))
            return e;
        if (!process_may_read(r, unit->path))
            return E_DENIED;
        *provider_id = unit->provider_id ? unit->provider_id : unit->id;
        return E_OK;
    }
    if (r->ngrants == 0)
        return E_DENIED;
    if ((e = store_unit_get(r->st, r->a, r->grants[0].unit_id, unit)))
        return e;
    *provider_id = unit->provider_id ? unit->provider_id : unit->id;
    return store_unit_get(r->st, r->a, *provider_id, unit);
}

/* ---- the map ---- */

/* tree_html writes v[0..n) (tree-sorted) as one nested list per lane. */
static enum err tree_html(struct req *r, const struct process *v, size_t n,
                          struct html_safe *out)
{
    struct buf b;
    enum err e;
    size_t i;
    int k;

    buf_init(&b, 0);
    for (k = 0; k < PK__MAX; k++) {
        int depth = 0, any = 0;

        buf_adds(&b, "<h3>");
        html_text(&b, page_t(r, arena_printf(r->a, "process.lane.%s",
                                             process_kind_str(k))));
        buf_adds(&b, "</h3>");
        for (i = 0; i < n; i++) {
            if (process_kind_from_str(v[i].kind) != (enum process_kind)k)
                continue;
            any = 1;
            if (v[i].level > depth) {
                for (; depth < v[i].level; depth++)
                    buf_adds(&b, "<ul class=\"ptree\"><li>");
            } else {
                for (; depth > v[i].level; depth--)
                    buf_adds(&b, "</li></ul>");
                buf_adds(&b, "</li><li>");
            }
            buf_adds(&b, "<a");
            html_attr(
                &b, "href",
                arena_printf(r->a, "/processes/%lld", (long long)v[i].id));
            buf_addc(&b, '>');
            html_text(&b, v[i].code);
            buf_addc(&b, ' ');
            html_text(&b, v[i].name);
            buf_adds(&b, "</a> <span class=\"hint\">");
            html_text(&b,
                      page_t(r, arena_printf(r->a, "process.level.%s",
                                             process_level_str(
                                                 process_depth(v[i].path)))));
            buf_adds(&b, ", ");
            html_text(&b, v[i].unit_name);
            if (!v[i].owner_id || !v[i].lead_id) {
                buf_adds(&b, ", ");
                html_text(&b,
                          page_t(r, v[i].owner_id ? "process.gap.no_lead"
                                                  : "process.gap.no_owner"));
            }
            buf_adds(&b, "</span>");
        }
        for (; depth > 0; depth--)
            buf_adds(&b, "</li></ul>");
        if (!any) {
            buf_adds(&b, "<p>");
            html_text(&b, page_t(r, "process.map.lane_empty"));
            buf_adds(&b, "</p>");
        }
    }
    e = html_safe_from_buf(r->a, &b, out);
    buf_release(&b);
    return e;
}

void process_unit_choices(struct req *r, struct tv *ctx, const char *key,
                          int64_t provider_id, int64_t selected,
                          int maintain_only)
{
    struct tv *l = tv_list(ctx, key);
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if ((u[i].provider_id ? u[i].provider_id : u[i].id) != provider_id ||
            !u[i].active ||
            !(maintain_only ? process_may_maintain(r, u[i].path)
                            : process_may_read(r, u[i].path)))
            continue;
        it = tv_push(l);
        tv_int(it, "id", u[i].id);
        tv_str(it, "code", u[i].code);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2, "",
                            u[i].name));
        tv_bool(it, "selected", u[i].id == selected);
    }
}

/* readable keeps the processes of v the user may read (in place). */
static size_t readable(struct req *r, struct process *v, size_t n)
{
    size_t i, k = 0;

    for (i = 0; i < n; i++)
        if (process_may_read(r, v[i].unit_path))
            v[k++] = v[i];
    return k;
}

/* GET /processes?unit=CODE&process=ID
 * 200 the map; 403 the unit or process is outside the user's branch; 404
 * no such unit or process. */
void page_processes(struct req *r)
{
    const char *code = kv_get(&r->query, "unit"),
               *pid = kv_get(&r->query, "process");
    struct process_filter f = {0};
    struct process *v, top;
    struct html_safe svg, tree;
    struct tv *ctx;
    struct unit u;
    size_t i, n, nk[PK__MAX] = {0}, gaps = 0;
    enum err e;

    if ((e = process_scope(r, code, &u, &f.provider_id))) {
        page_error(r, page_status_for(e));
        return;
    }
    ctx = page_ctx(r);
    if (code && *code) {
        f.unit_path = u.path;
        tv_str(ctx, "unit_code", u.code);
        tv_str(ctx, "unit_name", u.name);
    }
    if (pid && *pid) {
        r->params[1] = pid;
        if (store_process_get(r->st, r->a, req_id(r, 1), &top) != E_OK ||
            top.provider_id != f.provider_id) {
            page_error(r, 404);
            return;
        }
        if (!process_may_read(r, top.unit_path)) {
            page_error(r, 403);
            return;
        }
        f.under_path = top.path;
        f.unit_path = NULL;
        tv_int(ctx, "top_id", top.id);
        tv_str(ctx, "top_name",
               arena_printf(r->a, "%s %s", top.code, top.name));
    }
    if (store_process_list(r->st, r->a, &f, &v, &n) ||
        process_tree_sort(r->a, v, n = readable(r, v, n))) {
        page_error(r, 500);
        return;
    }
    for (i = 0; i < n; i++) {
        enum process_kind k = process_kind_from_str(v[i].kind);

        if (k < PK__MAX && v[i].level == 1)
            nk[k]++;
        gaps += !v[i].owner_id || !v[i].lead_id || !v[i].owner_active ||
                !v[i].lead_active;
    }
    if (process_map_svg(
            r, v, n, page_t(r, "process.map.title"),
            arena_printf(r->a, "%d %s, %d %s, %d %s. %d %s. %d %s.", (int)nk[0],
                         page_t(r, "process.lane.management"), (int)nk[1],
                         page_t(r, "process.lane.core"), (int)nk[2],
                         page_t(r, "process.lane.support"), (int)n,
                         page_t(r, "process.map.in_all"), (int)gaps,
                         page_t(r, "process.map.gaps")),
            &svg) ||
        tree_html(r, v, n, &tree)) {
        page_error(r, 500);
        return;
    }
    tv_html(ctx, "map", svg);
    tv_html(ctx, "tree", tree);
    tv_int(ctx, "count", (long long)n);
    tv_int(ctx, "gaps", (long long)gaps);
    tv_bool(ctx, "empty", n == 0);
    process_unit_choices(r, ctx, "units", f.provider_id, code ? u.id : 0, 0);
    tv_bool(ctx, "can_create",
            req_can(r, PERM_QUALITY, NULL) || req_can(r, PERM_ADMIN, NULL) ||
                req_can(r, PERM_MANAGE, NULL));
    if (kv_get(&r->query, "ok"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, 200, "processes", ctx, "process.map.title");
}
