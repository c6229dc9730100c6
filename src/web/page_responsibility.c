/* page_responsibility.c: GET /responsibility?unit=CODE, who holds every
 * role of the quality work in a unit subtree (SOSFS 2011:9 3 kap. 3 §):
 * managers, quality coordinators, case handlers, process owners and
 * leads, document owners, each with a deputy, and the deputy
 * appointments. Gaps (core/responsibility.c) come first, counted at the
 * top. Printable. */
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "requirements.h"

#define SHOW_MAX 300  /* rows shown per kind */
#define GAPS_MAX 1000 /* gaps shown */

static const char *const gap_keys[] = {
    "resp.gap.nobody", "resp.gap.inactive", "resp.gap.no_deputy",
    "resp.gap.deputy_inactive", "resp.gap.too_many"};

static void fill_row(struct req *r, struct tv *it, const struct resp_row *x)
{
    struct tv *gl = tv_list(it, "gaps");
    size_t k;

    tv_str(
        it, "kind",
        page_t(r, arena_printf(r->a, "resp.kind.%s", resp_kind_str(x->kind))));
    tv_str(it, "object", x->object_name);
    tv_str(it, "code", x->object_code);
    tv_str(it, "unit", x->unit_name);
    tv_str(it, "holder", x->holder_id ? x->holder_name : NULL);
    tv_bool(it, "inactive", x->holder_id && !x->holder_active);
    tv_bool(it, "inherited", x->inherited);
    tv_str(it, "deputy", x->deputy_id ? x->deputy_name : NULL);
    tv_int(it, "total", x->holder_total);
    for (k = 0; k < sizeof(gap_keys) / sizeof(gap_keys[0]); k++)
        if (x->gaps & (1u << k)) {
            struct tv *g = tv_push(gl);

            tv_str(g, "text", page_t(r, gap_keys[k]));
        }
    tv_bool(it, "has_gaps", x->gaps != 0);
}

/* GET /responsibility?unit=CODE: 200; 403 a unit outside the read scope;
 * 404 no such unit. */
void page_responsibility(struct req *r)
{
    size_t shown[RK__MAX] = {0}, count[RK__MAX] = {0};
    size_t i, n, nd, ngaps, c_nobody = 0, c_inactive = 0, c_nodep = 0,
                            c_many = 0;
    struct tv *ctx, *gaps, *kinds, *kl[RK__MAX], *ko[RK__MAX], *dl;
    size_t gshown = 0;
    struct resp_deputy *d;
    struct resp_row *x;
    int can_read, k;
    struct unit u;

    if (!mgmt_pick_unit(r, &u, &can_read, 0))
        return;
    if (store_responsibility(r->st, r->a, u.path, req_today(r), &x, &n) ||
        store_resp_deputies(r->st, r->a, u.path, req_today(r), &d, &nd)) {
        page_error(r, 500);
        return;
    }
    ngaps = resp_flag(x, n);
    ctx = page_ctx(r);
    gaps = tv_list(ctx, "gaps");
    kinds = tv_list(ctx, "kinds");
    for (k = 0; k < RK__MAX; k++) {
        ko[k] = tv_push(kinds);
        tv_str(ko[k], "id", resp_kind_str((enum resp_kind)k));
        tv_str(ko[k], "title",
               page_t(r, arena_printf(r->a, "resp.kinds.%s",
                                      resp_kind_str((enum resp_kind)k))));
        kl[k] = tv_list(ko[k], "rows");
    }
    for (i = 0; i < n; i++) {
        enum resp_kind kk = x[i].kind < RK__MAX ? x[i].kind : RK_MANAGER;

        count[kk]++;
        if (x[i].gaps & RG_NOBODY)
            c_nobody++;
        if (x[i].gaps & (RG_INACTIVE | RG_DEPUTY_INACTIVE))
            c_inactive++;
        if (x[i].gaps & RG_NO_DEPUTY)
            c_nodep++;
        if (x[i].gaps & RG_TOO_MANY)
            c_many++;
        if (x[i].gaps && gshown < GAPS_MAX) {
            fill_row(r, tv_push(gaps), &x[i]);
            gshown++;
        }
        if (shown[kk] < SHOW_MAX) {
            fill_row(r, tv_push(kl[kk]), &x[i]);
            shown[kk]++;
        }
    }
    for (k = 0; k < RK__MAX; k++) {
        tv_int(ko[k], "count", (long long)count[k]);
        tv_int(ko[k], "shown", (long long)shown[k]);
        tv_bool(ko[k], "truncated", shown[k] < count[k]);
        tv_bool(ko[k], "empty", count[k] == 0);
    }
    tv_bool(ctx, "gaps_truncated", gshown < ngaps);
    tv_int(ctx, "gaps_shown", (long long)gshown);
    dl = tv_list(ctx, "deputies");
    for (i = 0; i < nd; i++) {
        struct tv *it = tv_push(dl);

        tv_str(it, "absent", d[i].absent_name);
        tv_str(it, "deputy", d[i].deputy_name);
        tv_str(it, "from", d[i].valid_from);
        tv_str(it, "to", d[i].valid_to);
        tv_str(it, "note", d[i].note);
        tv_bool(it, "inactive", !d[i].deputy_active);
    }
    tv_bool(ctx, "has_deputies", nd > 0);
    tv_int(ctx, "n_rows", (long long)n);
    tv_int(ctx, "n_gaps", (long long)ngaps);
    tv_int(ctx, "n_nobody", (long long)c_nobody);
    tv_int(ctx, "n_inactive", (long long)c_inactive);
    tv_int(ctx, "n_no_deputy", (long long)c_nodep);
    tv_int(ctx, "n_too_many", (long long)c_many);
    tv_int(ctx, "max_per_person", RESP_MAX_PER_PERSON);
    tv_bool(ctx, "has_gaps", ngaps > 0);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    tv_str(ctx, "today", req_today(r));
    mgmt_unit_options(r, ctx, "units", 0, u.id, mgmt_can_read);
    page_render(r, 200, "responsibility", ctx, "resp.title");
}
