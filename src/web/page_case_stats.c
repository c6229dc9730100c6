/* page_case_stats.c: statistics of the cases of a unit subtree and period:
 * counts by month, by category (Pareto), by risk level as recorded, the
 * share of system faults, the median handling time and the overdue cases. */
#include <string.h>

#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

static const char *pct(struct req *r, int64_t part, int64_t whole)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_num_sv(&b, whole ? 100.0 * (double)part / (double)whole : 0,
                        1);
    buf_adds(&b, " %");
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static void stats_units(struct req *r, struct tv *ctx, const char *code)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!req_can(r, PERM_READ, u[i].path))
            continue;
        it = tv_push(list);
        tv_str(it, "code", u[i].code);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", (unit_depth(u[i].path) - 1) * 2, "",
                            u[i].name));
        tv_bool(it, "selected", code && strcmp(code, u[i].code) == 0);
    }
}

static void stats_fill(struct req *r, struct tv *ctx,
                       const struct case_stats *s)
{
    struct tv *list;
    int64_t cum = 0, max = 1;
    size_t i;
    int k;

    tv_int(ctx, "total", s->total);
    tv_bool(ctx, "has_cases", s->total > 0);
    for (i = 0; i < s->nmonths; i++)
        if (s->months[i].n > max)
            max = s->months[i].n;
    list = tv_list(ctx, "months");
    for (i = 0; i < s->nmonths; i++) {
        struct tv *it = tv_push(list);

        tv_str(it, "month", s->months[i].label);
        tv_int(it, "n", s->months[i].n);
        /* bar width in percent of the largest month, for the CSS chart */
        tv_str(it, "w",
               arena_printf(r->a, "%d", (int)(100 * s->months[i].n / max)));
    }
    list = tv_list(ctx, "categories");
    for (i = 0; i < s->ncategories; i++) {
        struct tv *it = tv_push(list);
        const char *name = s->categories[i].label;

        cum += s->categories[i].n;
        tv_str(it, "name",
               name && *name ? name : page_t(r, "case.stats.uncategorised"));
        tv_int(it, "n", s->categories[i].n);
        tv_str(it, "share", pct(r, s->categories[i].n, s->total));
        tv_str(it, "cum", pct(r, cum, s->total));
    }
    /* by the band recorded with each assessment */
    list = tv_list(ctx, "bands");
    for (k = BAND__MAX - 1; k >= 0; k--) {
        struct tv *it = tv_push(list);
        const char *b = risk_band_str((enum risk_band)k);

        tv_str(it, "band", b);
        tv_str(it, "label", cases_t_key(r, "case.band", b));
        tv_int(it, "n", s->by_band[k]);
    }
    tv_int(ctx, "system_faults", s->system_faults);
    tv_int(ctx, "fault_known", s->fault_known);
    tv_str(ctx, "fault_share", pct(r, s->system_faults, s->fault_known));
    tv_int(ctx, "closed", (long long)s->ndurations);
    {
        int64_t med = case_median(s->durations, s->ndurations);
        struct buf b;

        buf_init(&b, 32);
        datetime_fmt_num_sv(&b, (double)med / CASE_DAY, 1);
        tv_str(ctx, "median_days", arena_strdup(r->a, b.p));
        buf_release(&b);
    }
    tv_int(ctx, "overdue", s->overdue_open);
}

/* GET /cases/stats?unit=CODE&from=YYYY-MM-DD&to=YYYY-MM-DD: statistics of
 * a unit subtree where the user may read (default: the widest such scope
 * and the last twelve months; to is inclusive). 403 without PERM_READ
 * there; 400 for a malformed date. */
void page_cases_stats(struct req *r)
{
    const char *code = kv_get(&r->query, "unit"), *scope = NULL;
    const char *from_s = kv_get(&r->query, "from");
    const char *to_s = kv_get(&r->query, "to");
    struct tv *ctx = page_ctx(r), *f;
    struct case_stats s;
    struct unit u;
    int64_t now = datetime_now(), from, to;

    if (code && *code) {
        if (store_unit_by_code(r->st, r->a, code, &u) ||
            !req_can(r, PERM_READ, u.path)) {
            page_error(r, 403);
            return;
        }
        scope = u.path;
    } else if (!(scope = req_widest_scope(r, PERM_READ))) {
        page_error(r, 403);
        return;
    }
    from = from_s && *from_s ? cases_parse_time(from_s) : now - 365 * CASE_DAY;
    to = to_s && *to_s ? cases_parse_time(to_s) : now;
    if (from < 0 || to < 0) {
        page_error(r, 400);
        return;
    }
    from_s = cases_date_str(r, from);
    to_s = cases_date_str(r, to);
    /* the whole last day: midnight after it */
    if (datetime_parse_iso(to_s, &to) == E_OK)
        to += CASE_DAY;
    if (store_case_stats(r->st, r->a, scope, from, to, now, &s)) {
        page_error(r, 500);
        return;
    }
    stats_units(r, ctx, code);
    f = tv_obj(ctx, "f");
    tv_str(f, "from", from_s);
    tv_str(f, "to", to_s);
    stats_fill(r, ctx, &s);
    page_render(r, 200, "case_stats", ctx, "case.stats.title");
}
