/* page_status.c: the status of the management system for a unit subtree
 * (GET /status): the audit's questions answered with numbers from
 * store_status_figures, each linked to the list behind it (GET
 * /status/items for processes and documents, the register's filters, the
 * action lists), compared side by side with a saved snapshot; saving the
 * figures as a snapshot, the annual report to the board (POST
 * /status/snapshots), the list of snapshots and one snapshot. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "handlers.h"
#include "page.h"
#include "requirements.h"

#define LABEL_MAX 200

/* The figures in page order. den: the offset of the total a share is
 * taken of, or -1 for a plain count; items: the list behind it (GET
 * /status/items?figure=...), or a link format with the unit code. */
static const struct figure {
    const char *key;
    size_t num;
    long den;
    const char *items, *link;
} figures[] = {
    {"core_total", offsetof(struct status_figures, core_total), -1, NULL, NULL},
    {"core_owner_lead", offsetof(struct status_figures, core_owner_lead),
     offsetof(struct status_figures, core_total), "core_no_owner_lead", NULL},
    {"core_current_docs", offsetof(struct status_figures, core_current_docs),
     offsetof(struct status_figures, core_total), "core_no_current_docs", NULL},
    {"core_quality_targets",
     offsetof(struct status_figures, core_quality_targets),
     offsetof(struct status_figures, core_total), "core_no_quality_targets",
     NULL},
    {"core_indicator_data",
     offsetof(struct status_figures, core_indicator_data),
     offsetof(struct status_figures, core_total), "core_no_indicator_data",
     NULL},
    {"docs_overdue", offsetof(struct status_figures, docs_overdue),
     offsetof(struct status_figures, docs_approved), "docs_overdue", NULL},
    {"req_no_process", offsetof(struct status_figures, req_no_process),
     offsetof(struct status_figures, req_total), NULL,
     "/requirements?no_process=1&unit="},
    {"req_never_assessed", offsetof(struct status_figures, req_never_assessed),
     offsetof(struct status_figures, req_total), NULL,
     "/requirements?never=1&unit="},
    {"req_overdue", offsetof(struct status_figures, req_overdue),
     offsetof(struct status_figures, req_total), NULL,
     "/requirements?overdue=1&unit="},
    {"actions_open", offsetof(struct status_figures, actions_open), -1, NULL,
     "/actions?unit="},
    {"actions_overdue", offsetof(struct status_figures, actions_overdue), -1,
     NULL, "/actions?overdue=1&unit="},
};
#define NFIG (sizeof(figures) / sizeof(figures[0]))

static int64_t fig_at(const struct status_figures *f, size_t off)
{
    return *(const int64_t *)(const void *)((const char *)f + off);
}

/* since_of is the first month of the last 12 ("YYYY-MM"), this one
 * included. */
static const char *since_of(struct req *r)
{
    const char *t = req_today(r);
    int y = (int)strtol(t, NULL, 10), m = (int)strtol(t + 5, NULL, 10);
    int k = y * 12 + (m - 1) - 11;

    return arena_printf(r->a, "%04d-%02d", k / 12, k % 12 + 1);
}

static int pct(int64_t n, int64_t d)
{
    return d > 0 ? (int)((n * 200 + d) / (2 * d)) : 0;
}

/* fig_text: "3 av 4 (75 %)" for a share, "3" for a count. */
static const char *fig_text(struct req *r, const struct figure *g, int64_t n,
                            int64_t d)
{
    if (g->den < 0)
        return arena_printf(r->a, "%lld", (long long)n);
    return arena_printf(r->a, "%lld %s %lld (%d %%)", (long long)n,
                        page_t(r, "status.of"), (long long)d, pct(n, d));
}

/* fill_figures lists the figures in ctx["figures"]; then (may be NULL)
 * adds the snapshot's value and the change. */
static void fill_figures(struct req *r, struct tv *ctx, const struct unit *u,
                         const struct status_figures *f,
                         const struct status_figures *then, int links)
{
    struct tv *l = tv_list(ctx, "figures");
    size_t i;

    for (i = 0; i < NFIG; i++) {
        const struct figure *g = &figures[i];
        struct tv *it = tv_push(l);
        int64_t n = fig_at(f, g->num),
                d = g->den < 0 ? 0 : fig_at(f, (size_t)g->den);

        tv_str(it, "key", g->key);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "status.fig.%s", g->key)));
        tv_str(it, "value", fig_text(r, g, n, d));
        if (links && g->items)
            tv_str(it, "href",
                   arena_printf(r->a, "/status/items?figure=%s&unit=%s",
                                g->items, u->code));
        else if (links && g->link)
            tv_str(it, "href", arena_printf(r->a, "%s%s", g->link, u->code));
        if (then) {
            int64_t tn = fig_at(then, g->num);
            int64_t td = g->den < 0 ? 0 : fig_at(then, (size_t)g->den);

            tv_str(it, "then", fig_text(r, g, tn, td));
            tv_str(it, "change",
                   g->den < 0 || !d || !td
                       ? arena_printf(r->a, "%+lld", (long long)(n - tn))
                       : arena_printf(r->a, "%+d %s", pct(n, d) - pct(tn, td),
                                      page_t(r, "status.points")));
        }
    }
}

static int compute(struct req *r, const struct unit *u,
                   struct status_figures *f)
{
    if (store_status_figures(r->st, u->path, u->provider_id, req_today(r),
                             since_of(r), f)) {
        page_error(r, 500);
        return 0;
    }
    return 1;
}

/* snapshot_in_scope loads snapshot id when the user reads its unit. */
static int snapshot_in_scope(struct req *r, int64_t id,
                             struct status_snapshot *s)
{
    return id > 0 && store_snapshot_get(r->st, r->a, id, s) == E_OK &&
           req_can(r, PERM_READ, s->unit_path);
}

static const char *date_of(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_date_sv(&b, utc);
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static void status_page(struct req *r, int status, const char *label,
                        const struct fielderrs *fe)
{
    struct status_figures f, then;
    struct status_snapshot *snaps, cmp;
    const char *cs = kv_get(&r->query, "compare");
    int64_t cmp_id = -1;
    struct tv *ctx, *l;
    int can_read;
    struct unit u;
    size_t i, n;

    if (!mgmt_pick_unit(r, &u, &can_read, 0) || !compute(r, &u, &f))
        return;
    if (store_snapshot_list(r->st, r->a, u.path, &snaps, &n)) {
        page_error(r, 500);
        return;
    }
    if (cs && *cs) {
        r->params[1] = cs;
        if (strcmp(cs, "none") == 0)
            cmp_id = 0;
        else if (!snapshot_in_scope(r, cmp_id = req_id(r, 1), &cmp)) {
            page_error(r, 404);
            return;
        }
    }
    /* by default, the newest snapshot of this very unit */
    for (i = 0; cmp_id < 0 && i < n; i++)
        if (snaps[i].unit_id == u.id)
            cmp = snaps[i], cmp_id = cmp.id;
    ctx = page_ctx(r);
    if (cmp_id > 0) {
        struct tv *c = tv_obj(ctx, "cmp");

        store_status_parse(cmp.figures, &then);
        tv_str(c, "label", cmp.label);
        tv_str(c, "date", date_of(r, cmp.taken_at));
        tv_int(c, "id", cmp.id);
    }
    fill_figures(r, ctx, &u, &f, cmp_id > 0 ? &then : NULL, 1);
    l = tv_list(ctx, "snapshots");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(l);

        tv_int(it, "id", snaps[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%s (%s, %s)", snaps[i].label,
                            snaps[i].unit_name, date_of(r, snaps[i].taken_at)));
        tv_bool(it, "selected", snaps[i].id == cmp_id);
    }
    tv_bool(ctx, "has_snapshots", n > 0);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    tv_str(ctx, "today", req_today(r));
    mgmt_unit_options(r, ctx, "units", 0, u.id, mgmt_can_read);
    if (mgmt_can_report(r, u.path)) {
        tv_bool(ctx, "can_save", 1);
        tv_str(ctx, "label",
               label ? label
                     : arena_printf(r->a, "%s %.4s", page_t(r, "status.annual"),
                                    req_today(r)));
    }
    if (fe) {
        struct tv *el = tv_list(ctx, "errors");
        size_t k;

        for (k = 0; k < fe->n; k++) {
            struct tv *it = tv_push(el);

            tv_str(it, "field", fe->v[k].field);
            tv_str(it, "label", page_t(r, "status.field.label"));
            tv_str(it, "message", page_t(r, fe->v[k].msg));
            tv_str(ctx, "err_label", page_t(r, fe->v[k].msg));
        }
        tv_bool(ctx, "has_errors", fe->n > 0);
    }
    page_render(r, status, "status", ctx, "status.title");
}

/* GET /status?unit=CODE&compare=ID|none: 200; 403 a unit outside the read
 * scope; 404 no such unit or snapshot. */
void page_status(struct req *r)
{
    status_page(r, 200, NULL, NULL);
}

/* POST /status/snapshots (unit=CODE, label): 303 to the snapshot; 403
 * without quality or admin rights at the unit; 422 a missing or too long
 * label (kept). */
void page_status_snapshot_add(struct req *r)
{
    const char *code = kv_get(&r->form, "unit"),
               *label = kv_get(&r->form, "label");
    struct status_snapshot s = {0};
    struct actor who = req_actor(r);
    struct fielderrs fe = {0};
    struct status_figures f;
    struct unit u;
    enum err e;

    if (!code || store_unit_by_code(r->st, r->a, code, &u) != E_OK ||
        !req_can(r, PERM_READ, u.path)) {
        page_error(r, 404);
        return;
    }
    if (!mgmt_can_report(r, u.path)) {
        page_error(r, 403);
        return;
    }
    if (!label || !*label || strspn(label, " \t\r\n") == strlen(label))
        fielderr_add(&fe, "label", "err.required");
    else if (strlen(label) > LABEL_MAX)
        fielderr_add(&fe, "label", "err.text_200");
    kv_add(&r->query, "unit", u.code);
    if (fe.n) {
        status_page(r, 422, label, &fe);
        return;
    }
    if (!compute(r, &u, &f))
        return;
    s.unit_id = u.id;
    s.label = label;
    s.figures = store_status_json(r->a, &f, req_today(r), u.code, u.name);
    if (!s.figures) {
        page_error(r, 500);
        return;
    }
    if ((e = store_begin(r->st)) || (e = store_snapshot_add(r->st, &who, &s)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/status/snapshots/%lld", (long long)s.id));
}

/* GET /status/snapshots?unit=CODE: the snapshots of the subtree, newest
 * first. */
void page_status_snapshots(struct req *r)
{
    struct status_snapshot *s;
    struct tv *ctx, *l;
    int can_read;
    struct unit u;
    size_t i, n;

    if (!mgmt_pick_unit(r, &u, &can_read, 0))
        return;
    if (store_snapshot_list(r->st, r->a, u.path, &s, &n)) {
        page_error(r, 500);
        return;
    }
    ctx = page_ctx(r);
    l = tv_list(ctx, "snapshots");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(l);

        tv_int(it, "id", s[i].id);
        tv_str(it, "label", s[i].label);
        tv_str(it, "unit", s[i].unit_name);
        tv_str(it, "unit_code", s[i].unit_code);
        tv_str(it, "date", date_of(r, s[i].taken_at));
        tv_str(it, "by", s[i].taken_by_name);
    }
    tv_bool(ctx, "has_snapshots", n > 0);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    page_render(r, 200, "status_snapshots", ctx, "status.snapshots_title");
}

/* GET /status/snapshots/{id}: the frozen figures; 404 unknown or outside
 * the read scope. */
void page_status_snapshot(struct req *r)
{
    struct status_snapshot s;
    struct status_figures f;
    struct unit u;
    struct tv *ctx;

    if (!snapshot_in_scope(r, req_id(r, 0), &s) ||
        store_unit_get(r->st, r->a, s.unit_id, &u) != E_OK) {
        page_error(r, 404);
        return;
    }
    store_status_parse(s.figures, &f);
    ctx = page_ctx(r);
    fill_figures(r, ctx, &u, &f, NULL, 0);
    tv_int(ctx, "id", s.id);
    tv_str(ctx, "label", s.label);
    tv_str(ctx, "date", date_of(r, s.taken_at));
    tv_str(ctx, "by", s.taken_by_name);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    page_render(r, 200, "status_snapshot", ctx, "status.snapshot_title");
}

/* GET /status/items?figure=NAME&unit=CODE: the processes or documents
 * behind a figure; 400 an unknown figure. */
void page_status_items(struct req *r)
{
    const char *fig = kv_get(&r->query, "figure");
    struct status_item *x;
    struct tv *ctx, *l;
    int can_read;
    struct unit u;
    size_t i, n;
    enum err e;

    if (!mgmt_pick_unit(r, &u, &can_read, 0))
        return;
    e = store_status_items(r->st, r->a, fig, u.path, req_today(r), since_of(r),
                           &x, &n);
    if (e) {
        page_error_msg(r, e == E_INVAL ? 400 : 500,
                       e == E_INVAL ? "err.filter" : NULL);
        return;
    }
    ctx = page_ctx(r);
    l = tv_list(ctx, "items");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(l);

        tv_str(it, "code", x[i].code);
        tv_str(it, "name", x[i].name);
        tv_str(it, "unit", x[i].unit_name);
        tv_str(it, "detail", x[i].detail);
    }
    tv_bool(ctx, "has_items", n > 0);
    tv_int(ctx, "count", (long long)n);
    tv_str(ctx, "heading",
           page_t(r, arena_printf(r->a, "status.items.%s", fig)));
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    page_render(r, 200, "status_items", ctx, "status.items_title");
}
