/* page_case_report.c: the short report form of deviation management, made
 * for phones: what happened, when, where, a type and optionally a
 * category, a patient identity and attachments. Filing it is cases_file
 * (cases.c), shared with the API. */
#include <string.h>

#include "attachments.h"
#include "cases.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

/* local_input formats a UTC time for <input type="datetime-local">. */
static const char *local_input(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    if (!utc)
        return NULL;
    buf_init(&b, 64);
    datetime_fmt_sv(&b, utc);
    if (b.len > 10)
        b.p[10] = 'T';
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static void report_form(struct req *r, int status, const struct case_rec *c,
                        const char *pnr, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f");

    tv_str(f, "what", c->what);
    tv_str(f, "immediate_action", c->immediate_action);
    tv_str(f, "suggestion", c->suggestion);
    tv_str(f, "occurred_at", local_input(r, c->occurred_at));
    tv_str(f, "discovered_at", local_input(r, c->discovered_at));
    tv_str(f, "pnr", pnr);
    tv_bool(f, "patient_affected", c->patient_affected);
    tv_bool(f, "confidential", c->confidential);
    tv_str(ctx, "now", local_input(r, datetime_now()));
    tv_str(ctx, "att_accept", ATTACHMENTS_ACCEPT);
    cases_type_options(r, ctx, c->type, 1);
    cases_unit_options(r, ctx, c->unit_id ? c->unit_id : r->user->home_unit_id);
    cases_category_options(
        r, ctx,
        cases_unit_provider(r, c->unit_id ? c->unit_id : r->user->home_unit_id),
        c->category_id);
    if (fe) {
        page_fielderrs(r, ctx, fe);
        /* optional fields with errors must be visible */
        tv_bool(ctx, "open_more",
                fielderr_get(fe, "pnr") || fielderr_get(fe, "suggestion") ||
                    fielderr_get(fe, "files") ||
                    fielderr_get(fe, "immediate_action") ||
                    fielderr_get(fe, "category"));
    }
    page_render(r, status, "report", ctx, "case.report_title");
}

void page_report_form(struct req *r)
{
    struct case_rec c = {0};

    report_form(r, 200, &c, NULL, NULL);
}

void page_report(struct req *r)
{
    struct case_rec c = {0};
    struct fielderrs fe = {0};
    const char *pnr = kv_get(&r->form, "pnr");
    int too_big = 0;
    enum err e;

    c.type = kv_get(&r->form, "type");
    c.what = kv_get(&r->form, "what");
    c.immediate_action = kv_get(&r->form, "immediate_action");
    c.suggestion = kv_get(&r->form, "suggestion");
    c.patient_affected = kv_get(&r->form, "patient_affected") != NULL;
    c.confidential = kv_get(&r->form, "confidential") != NULL;
    c.occurred_at = cases_parse_time(kv_get(&r->form, "occurred_at"));
    c.discovered_at = cases_parse_time(kv_get(&r->form, "discovered_at"));
    r->params[1] = kv_get(&r->form, "unit");
    c.unit_id = req_id(r, 1);
    /* optional; the handler sets it otherwise */
    c.category_id = cases_category_arg(kv_get(&r->form, "category"));
    if (!cases_category_ok(r, c.category_id,
                           cases_unit_provider(r, c.unit_id))) {
        fielderr_add(&fe, "category", "case.err.category");
        c.category_id = 0;
    }
    attachments_check(r, "files", 0, 0, &fe, &too_big);
    e = cases_file(r, &c, pnr, &fe);
    if (e == E_INVAL) {
        /* a browser cannot refill a file input: say so */
        if (req_file(r, "files", 0) && !fielderr_get(&fe, "files"))
            fielderr_add(&fe, "files", "attach.err.again");
        report_form(r, too_big ? 413 : 422, &c, pnr, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r,
                 arena_printf(r->a, "/cases/%lld?reported=1", (long long)c.id));
}
