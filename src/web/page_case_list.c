/* page_case_list.c: the case lists (my reports, cases I handle, my units'
 * cases) with their filters, search, sorting and paging, and their CSV and
 * XLSX exports (the same view and filters, every row). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "cases.h"
#include "csvfile.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"

#define LIST_PAGE 50

/* ---- lists ---- */

/* user_provider: the care provider of the user's home unit, else of the
 * first unit where they hold a role (0 when none). */
static int64_t user_provider(struct req *r)
{
    int64_t p = cases_unit_provider(r, r->user->home_unit_id);

    if (!p && r->ngrants && r->grants[0].unit_path)
        p = strtoll(r->grants[0].unit_path + 1, NULL, 10);
    return p;
}

/* own_category: category id (active or not) belongs to the user's care
 * provider, the only categories the list filter offers. */
static int own_category(struct req *r, int64_t id)
{
    struct case_category c;

    return store_category_get(r->st, r->a, id, &c) == E_OK &&
           c.provider_id == user_provider(r);
}

/* list_filter reads the view and the filters of a list from the query
 * (the list and its exports share it); 0 when the view is not allowed. */
static int list_filter(struct req *r, struct case_filter *flt,
                       const char **view_out)
{
    const char *view = kv_get(&r->query, "view"), *p;

    if (!view || (strcmp(view, "handling") != 0 && strcmp(view, "units")))
        view = "mine";
    if (cases_view(r, view, flt))
        return 0;
    flt->type = kv_get(&r->query, "type");
    flt->state = kv_get(&r->query, "state");
    flt->q = kv_get(&r->query, "q");
    flt->sort = (p = kv_get(&r->query, "sort")) && strcmp(p, "risk") == 0
                    ? CASE_SORT_RISK
                    : CASE_SORT_NEWEST;
    flt->overdue_only = (p = kv_get(&r->query, "overdue")) && !strcmp(p, "1");
    if (case_type_from_str(flt->type) == CASE_TYPE__MAX)
        flt->type = NULL;
    if (case_state_from_str(flt->state) == CS__MAX)
        flt->state = NULL;
    flt->category_id = cases_category_arg(kv_get(&r->query, "category"));
    if (flt->category_id < 0 ||
        (flt->category_id && !own_category(r, flt->category_id)))
        flt->category_id = 0;
    *view_out = view;
    return 1;
}

void page_cases(struct req *r)
{
    const char *view, *p;
    struct tv *ctx = page_ctx(r), *list, *f;
    struct case_filter flt = {0};
    struct cases_limits lim = {.provider_id = -1};
    struct case_rec *rows;
    long pg;
    size_t i, n;
    int64_t total;

    if (!list_filter(r, &flt, &view)) {
        page_error(r, 403);
        return;
    }
    p = kv_get(&r->query, "page");
    pg = p ? strtol(p, NULL, 10) : 1;
    if (pg < 1 || pg > 100000)
        pg = 1;
    flt.limit = LIST_PAGE;
    flt.offset = (int)((pg - 1) * LIST_PAGE);
    if (store_case_list(r->st, r->a, &flt, &rows, &n, &total)) {
        page_error(r, 500);
        return;
    }
    list = tv_list(ctx, "cases");
    for (i = 0; i < n; i++)
        cases_fill_row(r, tv_push(list), &rows[i], &lim);
    f = tv_obj(ctx, "f");
    tv_str(f, "overdue", flt.overdue_only ? "1" : NULL);
    tv_bool(ctx, "overdue_only", flt.overdue_only);
    tv_str(f, "q", flt.q);
    tv_str(f, "type", flt.type);
    tv_str(f, "state", flt.state);
    tv_str(f, "sort", flt.sort == CASE_SORT_RISK ? "risk" : "newest");
    tv_str(ctx, "view", view);
    tv_bool(ctx, arena_printf(r->a, "view_%s", view), 1);
    tv_bool(ctx, "can_read", req_can(r, PERM_READ, NULL));
    tv_int(ctx, "total", total);
    tv_str(ctx, "total_text",
           !case_total_capped(&flt, total)
               ? arena_printf(r->a, "%lld", (long long)total)
           : case_total_cap(&flt) == CASE_TOTAL_CAP_SEARCH
               ? page_t(r, "case.count_more_search")
           : case_total_cap(&flt) == CASE_TOTAL_CAP
               ? page_t(r, "case.count_more")
               : arena_printf(r->a, "> %lld", (long long)case_total_cap(&flt)));
    if (flt.category_id)
        tv_int(f, "category", flt.category_id);
    cases_category_options(r, ctx, user_provider(r), flt.category_id);
    tv_int(ctx, "page", pg);
    if (pg > 1)
        tv_str(ctx, "prev", arena_printf(r->a, "%ld", pg - 1));
    if (pg * LIST_PAGE < total)
        tv_str(ctx, "next", arena_printf(r->a, "%ld", pg + 1));
    {
        struct tv *states = tv_list(ctx, "states");
        int k;

        for (k = 0; k < CS__MAX; k++) {
            struct tv *it = tv_push(states);
            const char *s = case_state_str((enum case_state)k);

            tv_str(it, "value", s);
            tv_str(it, "label", cases_t_key(r, "case.state", s));
            tv_bool(it, "selected", flt.state && strcmp(flt.state, s) == 0);
        }
    }
    cases_type_options(r, ctx, flt.type, 0);
    tv_bool(ctx, "sort_risk", flt.sort == CASE_SORT_RISK);
    page_render(r, 200, "cases", ctx, "case.list_title");
}

/* ---- exports ---- */

/* The exported columns, with Swedish headings. No patient identity: no
 * role may export them yet (issue 3), so store_case_list never reads
 * case_patient; a confidential reporter's name is never exported either,
 * so the reporter column is left out. */
static const char *const export_heads[] = {
    "Ärendenummer", "Typ",         "Status",
    "Enhetskod",    "Enhet",       "Kategori",
    "Inträffade",   "Upptäckt",    "Rapporterad",
    "Konsekvens",   "Sannolikhet", "Riskvärde",
    "Systemfel",    "Allvarlig",   "Handläggare",
    "Avslutad",     "Försenad",    "Lex Maria beslutad",
    "Vad hände",
};
#define EXPORT_COLS (sizeof(export_heads) / sizeof(export_heads[0]))

static const char *iso_str(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    if (!utc)
        return "";
    buf_init(&b, 32);
    datetime_fmt_iso(&b, utc);
    s = b.err ? "" : arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

static const char *num_str(struct req *r, long long v)
{
    return v ? arena_printf(r->a, "%lld", v) : "";
}

/* export_row fills v[EXPORT_COLS] with the cells of one case. */
static void export_row(struct req *r, const struct case_rec *c,
                       struct cases_limits *lc, const char **v)
{
    struct case_clock ck;
    size_t i = 0;

    case_clock_of(cases_limits_for(r, lc, c->provider_id), c, datetime_now(),
                  &ck);
    v[i++] = c->number;
    v[i++] = cases_t_key(r, "case.type", c->type);
    v[i++] = cases_t_key(r, "case.state", c->state);
    v[i++] = c->unit_code;
    v[i++] = c->unit_name;
    v[i++] = c->category_name ? c->category_name : "";
    v[i++] = iso_str(r, c->occurred_at);
    v[i++] = iso_str(r, c->discovered_at);
    v[i++] = iso_str(r, c->reported_at);
    v[i++] = num_str(r, c->consequence);
    v[i++] = num_str(r, c->probability);
    v[i++] = num_str(r, c->risk_score);
    v[i++] = c->system_fault < 0 ? "" : c->system_fault ? "ja" : "nej";
    v[i++] = c->serious ? "ja" : "nej";
    v[i++] = c->handler_name ? c->handler_name : "";
    v[i++] = iso_str(r, c->closed_at);
    v[i++] = ck.overdue ? "ja" : "nej";
    v[i++] = !c->serious ? "" : c->lm_decided_at ? "ja" : "nej";
    v[i++] = c->what ? c->what : "";
}

/* export_rows reads every case of the list's filters (not one page). */
static int export_rows(struct req *r, struct case_rec **rows, size_t *n,
                       struct cases_limits *l)
{
    struct case_filter flt = {0};
    const char *view;
    int64_t total;

    if (!list_filter(r, &flt, &view)) {
        page_error(r, 403);
        return 0;
    }
    flt.limit = 1000000;
    l->provider_id = -1;
    if (store_case_list(r->st, r->a, &flt, rows, n, &total)) {
        page_error(r, 500);
        return 0;
    }
    return 1;
}

/* GET /cases/export.csv: the list (same view and filters as /cases) as
 * CSV, every matching row. */
void page_cases_export_csv(struct req *r)
{
    const char *v[EXPORT_COLS];
    struct cases_limits lim;
    struct case_rec *rows;
    size_t i, j, n;

    if (!export_rows(r, &rows, &n, &lim))
        return;
    for (j = 0; j < EXPORT_COLS; j++)
        csvfile_field(&r->out, export_heads[j], j + 1 == EXPORT_COLS);
    for (i = 0; i < n; i++) {
        export_row(r, &rows[i], &lim, v);
        for (j = 0; j < EXPORT_COLS; j++)
            csvfile_field(&r->out, v[j], j + 1 == EXPORT_COLS);
    }
    r->status = 200;
    r->resp_ctype = "text/csv; charset=utf-8";
    req_header(r, "Content-Disposition",
               "attachment; filename=\"avvikelser.csv\"");
}

/* xlsx_write writes the workbook to path; 0 on success. */
static int xlsx_write(struct req *r, const char *path,
                      const struct case_rec *rows, size_t n,
                      struct cases_limits *l)
{
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws;
    lxw_format *bold;
    const char *v[EXPORT_COLS];
    size_t i, j;

    if (!wb)
        return -1;
    ws = workbook_add_worksheet(wb, "Ärenden");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (j = 0; j < EXPORT_COLS; j++)
        worksheet_write_string(ws, 0, (lxw_col_t)j, export_heads[j], bold);
    for (i = 0; i < n && i < 1048575; i++) {
        export_row(r, &rows[i], l, v);
        for (j = 0; j < EXPORT_COLS; j++)
            if (*v[j])
                worksheet_write_string(ws, (lxw_row_t)(i + 1), (lxw_col_t)j,
                                       v[j], NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

/* GET /cases/export.xlsx: the same as export.csv as an XLSX workbook
 * (libxlsxwriter writes a temporary file, read back into the body). */
void page_cases_export_xlsx(struct req *r)
{
    char path[] = "/tmp/ska-export-XXXXXX";
    struct cases_limits lim;
    struct case_rec *rows;
    char chunk[65536];
    size_t n, got;
    FILE *fp = NULL;
    int fd, ok;

    if (!export_rows(r, &rows, &n, &lim))
        return;
    if ((fd = mkstemp(path)) < 0) {
        page_error(r, 500);
        return;
    }
    close(fd);
    ok = xlsx_write(r, path, rows, n, &lim) == 0 && (fp = fopen(path, "rb"));
    while (ok && (got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(&r->out, chunk, got);
    if (fp && ferror(fp))
        ok = 0;
    if (fp)
        fclose(fp);
    unlink(path);
    if (!ok || r->out.err) {
        buf_clear(&r->out);
        page_error(r, 500);
        return;
    }
    r->status = 200;
    r->resp_ctype =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    req_header(r, "Content-Disposition",
               "attachment; filename=\"avvikelser.xlsx\"");
}
