/* page_documents.c: reading controlled documents: the search page
 * (GET /documents: full text, type, unit, process, state, overdue, sort,
 * paging; made to find a routine quickly on a phone), one document (GET
 * /documents/{id}: the approved version rendered from Markdown and its
 * attached file as a download, or the archived one marked as such, banners for
 * a passed review date, the workflow's forms for whoever may take a step, read
 * acknowledgement, process links, the version history) and one version (GET
 * /documents/{id}/versions/{n}). The forms post to
 * page_document_forms.c. */
#include <stdlib.h>
#include <string.h>

#include "documents.h"
#include "handlers.h"
#include "history.h"
#include "html.h"
#include "page.h"

#define LIST_PAGE 25

/* nz: NULL for an absent or empty parameter */
static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

static const char *t_key(struct req *r, const char *prefix, const char *v)
{
    return page_t(r, arena_printf(r->a, "%s.%s", prefix, v ? v : "none"));
}

/* provider_of_user: the care provider of the user's first grant (the
 * processes offered as a filter); 0 without grants. */
static int64_t provider_of_user(const struct req *r)
{
    return r->ngrants ? strtoll(r->grants[0].unit_path + 1, NULL, 10) : 0;
}

static void type_options(struct req *r, struct tv *ctx, const char *sel)
{
    struct tv *list = tv_list(ctx, "types");
    int k;

    for (k = 0; k < DT__MAX; k++) {
        struct tv *it = tv_push(list);
        const char *v = doc_type_str((enum doc_type)k);

        tv_str(it, "value", v);
        tv_str(it, "label", t_key(r, "doc.type", v));
        tv_bool(it, "selected", sel && strcmp(sel, v) == 0);
    }
}

/* unit_options lists the units in the user's subtrees. */
static void unit_options(struct req *r, struct tv *ctx, int64_t sel)
{
    struct tv *list = tv_list(ctx, "units");
    struct unit *u;
    size_t i, n, g;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        for (g = 0; g < r->ngrants; g++)
            if (authz_in_scope(r->grants[g].unit_path, u[i].path))
                break;
        if (g == r->ngrants)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", 2 * (unit_depth(u[i].path) - 1), "",
                            u[i].name));
        tv_bool(it, "selected", u[i].id == sel);
    }
}

static void process_options(struct req *r, struct tv *ctx, int64_t sel)
{
    struct tv *list = tv_list(ctx, "processes");
    struct doc_process *p;
    size_t i, n;

    if (store_document_process_filter(r->st, r->a, provider_of_user(r), &p, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", p[i].id);
        tv_str(it, "label", arena_printf(r->a, "%s %s", p[i].code, p[i].name));
        tv_bool(it, "selected", p[i].id == sel);
    }
    tv_bool(ctx, "has_processes", n > 0);
}

static void fill_row(struct req *r, struct tv *it, const struct doc_rec *d)
{
    enum doc_status s = docs_status(r, d);

    tv_int(it, "id", d->id);
    tv_str(it, "code", d->code);
    tv_str(it, "title", d->title);
    tv_str(it, "type", t_key(r, "doc.type", d->doc_type));
    tv_str(it, "unit", d->unit_name);
    tv_str(it, "status_code", doc_status_str(s));
    tv_str(it, "status", t_key(r, "doc.status", doc_status_str(s)));
    tv_str(it, "review_due", d->review_due);
}

long docs_page_no(struct req *r)
{
    const char *p = kv_get(&r->query, "page");
    long pg = p ? strtol(p, NULL, 10) : 1;

    return pg < 1 || pg > 10000 ? 1 : pg;
}

void page_documents(struct req *r)
{
    struct tv *ctx = page_ctx(r), *f = tv_obj(ctx, "f"), *list;
    struct doc_filter flt = {0};
    const char *sort = kv_get(&r->query, "sort");
    struct doc_rec *rows;
    struct unit u;
    int64_t total, unit_id, proc_id, owner_id;
    long pg = docs_page_no(r);
    size_t i, n;

    r->params[0] = kv_get(&r->query, "unit");
    r->params[1] = kv_get(&r->query, "process");
    unit_id = r->params[0] && *r->params[0] ? req_id(r, 0) : 0;
    proc_id = r->params[1] && *r->params[1] ? req_id(r, 1) : 0;
    r->params[2] = nz(kv_get(&r->query, "owner"));
    owner_id = r->params[2] ? req_id(r, 2) : 0;
    if (r->params[2] && !owner_id) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    docs_filter_paths(r, &flt);
    flt.q = kv_get(&r->query, "q");
    flt.doc_type = nz(kv_get(&r->query, "type"));
    flt.state = nz(kv_get(&r->query, "state"));
    if ((flt.doc_type && doc_type_from_str(flt.doc_type) == DT__MAX) ||
        (flt.state && strcmp(flt.state, "draft") != 0 &&
         strcmp(flt.state, "approved") != 0 &&
         strcmp(flt.state, "archived") != 0)) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (unit_id) {
        if (store_unit_get(r->st, r->a, unit_id, &u) != E_OK) {
            page_error_msg(r, 400, "err.filter");
            return;
        }
        flt.scope_path = u.path;
    }
    flt.process_id = proc_id;
    flt.owner_id = owner_id;
    flt.overdue_today = nz(kv_get(&r->query, "overdue")) ? req_today(r) : NULL;
    flt.sort = sort && strcmp(sort, "updated") == 0  ? DOC_SORT_UPDATED
               : sort && strcmp(sort, "review") == 0 ? DOC_SORT_REVIEW
                                                     : DOC_SORT_TITLE;
    flt.limit = LIST_PAGE;
    flt.offset = (int)((pg - 1) * LIST_PAGE);
    if (store_document_search(r->st, r->a, &flt, &rows, &n, &total)) {
        page_error(r, 500);
        return;
    }
    list = tv_list(ctx, "docs");
    for (i = 0; i < n; i++)
        fill_row(r, tv_push(list), &rows[i]);
    tv_bool(ctx, "has_docs", n > 0);
    tv_str(ctx, "total_text",
           total > doc_total_cap(&flt)
               ? arena_printf(r->a, "%s %lld", page_t(r, "doc.more_than"),
                              (long long)doc_total_cap(&flt))
               : arena_printf(r->a, "%lld", (long long)total));
    tv_str(f, "q", flt.q);
    tv_str(f, "type", flt.doc_type);
    tv_str(f, "state", flt.state);
    tv_str(f, "unit",
           unit_id ? arena_printf(r->a, "%lld", (long long)unit_id) : NULL);
    tv_str(f, "process",
           proc_id ? arena_printf(r->a, "%lld", (long long)proc_id) : NULL);
    tv_str(f, "owner",
           owner_id ? arena_printf(r->a, "%lld", (long long)owner_id) : NULL);
    /* the owner's name as the visible documents show it */
    tv_bool(ctx, "has_owner", owner_id != 0);
    tv_str(ctx, "owner_name", owner_id && n ? rows[0].owner_name : NULL);
    tv_str(f, "overdue", flt.overdue_today ? "1" : NULL);
    tv_str(f, "sort",
           flt.sort == DOC_SORT_UPDATED  ? "updated"
           : flt.sort == DOC_SORT_REVIEW ? "review"
                                         : "title");
    tv_bool(ctx, "overdue_only", flt.overdue_today != NULL);
    tv_bool(ctx, "sort_updated", flt.sort == DOC_SORT_UPDATED);
    tv_bool(ctx, "sort_review", flt.sort == DOC_SORT_REVIEW);
    tv_bool(ctx, "state_draft", flt.state && !strcmp(flt.state, "draft"));
    tv_bool(ctx, "state_approved", flt.state && !strcmp(flt.state, "approved"));
    tv_bool(ctx, "state_archived", flt.state && !strcmp(flt.state, "archived"));
    type_options(r, ctx, flt.doc_type);
    unit_options(r, ctx, unit_id);
    process_options(r, ctx, proc_id);
    tv_bool(ctx, "can_create", docs_may_create(r, NULL));
    tv_int(ctx, "page", pg);
    if (pg > 1)
        tv_str(ctx, "prev", arena_printf(r->a, "%ld", pg - 1));
    if (pg * LIST_PAGE < total)
        tv_str(ctx, "next", arena_printf(r->a, "%ld", pg + 1));
    page_render(r, 200, "documents", ctx, "doc.list_title");
}

/* ---- one document ---- */

static void render_body(struct req *r, struct tv *ctx, const char *md)
{
    struct html_safe h;

    if (md && html_markdown(r->a, md, strlen(md), &h) == E_OK)
        tv_html(ctx, "body_html", h);
}

static void version_rows(struct req *r, struct tv *ctx, const struct doc_rec *d,
                         const struct doc_access *ac)
{
    struct tv *list = tv_list(ctx, "versions");
    struct docv_rec *v;
    size_t i, n;

    if (store_docv_list(r->st, r->a, d->id, &v, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;
        int open = strcmp(v[i].state, "draft") == 0 ||
                   strcmp(v[i].state, "review") == 0;

        if (open && !ac->read_open)
            continue;
        it = tv_push(list);
        tv_int(it, "no", v[i].version_no);
        tv_int(it, "doc", d->id);
        tv_str(it, "state_code", v[i].state);
        tv_str(it, "state", t_key(r, "doc.vstate", v[i].state));
        tv_str(it, "approved_by", v[i].approver_name);
        tv_str(it, "approved_on", v[i].approved_on);
        tv_str(it, "review_date", v[i].review_date);
        tv_str(it, "change_note", v[i].change_note);
        tv_bool(it, "current", v[i].id == d->current_version_id);
    }
}

static void process_links(struct req *r, struct tv *ctx,
                          const struct doc_rec *d, const struct doc_access *ac)
{
    struct tv *list = tv_list(ctx, "links"), *opts;
    struct doc_process *p;
    size_t i, n;

    if (store_document_processes(r->st, r->a, d->id, 0, &p, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", p[i].id);
        tv_int(it, "doc", d->id);
        tv_str(it, "label", arena_printf(r->a, "%s %s", p[i].code, p[i].name));
        tv_bool(it, "can_unlink", ac->maintain);
    }
    tv_bool(ctx, "has_links", n > 0);
    if (!ac->maintain ||
        store_document_processes(r->st, r->a, 0, d->provider_id, &p, &n))
        return;
    opts = tv_list(ctx, "link_choices");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(opts);

        tv_int(it, "id", p[i].id);
        tv_str(it, "label", arena_printf(r->a, "%s %s", p[i].code, p[i].name));
    }
    tv_bool(ctx, "can_link", n > 0);
}

static void ack_section(struct req *r, struct tv *ctx, const struct doc_rec *d,
                        const struct doc_access *ac)
{
    int64_t read = 0, target = 0;
    int acked = 0;

    if (!d->ack_required || strcmp(d->state, "approved") != 0)
        return;
    tv_bool(ctx, "ack_on", 1);
    if (store_document_acked(r->st, d->current_version_id, r->user->id,
                             &acked) == E_OK)
        tv_bool(ctx, acked ? "acked" : "can_ack", 1);
    if (!(ac->rel & (DOC_R_OWNER | DOC_R_DEPUTY | DOC_R_QUALITY)) &&
        !req_can(r, PERM_MANAGE, d->unit_path))
        return;
    if (store_document_ack_share(r->st, d, &read, &target) != E_OK)
        return;
    tv_str(ctx, "ack_share",
           arena_printf(r->a, "%lld / %lld (%d %%)", (long long)read,
                        (long long)target,
                        target ? (int)(100 * read / target) : 0));
}

/* steps offers the workflow's forms for the open and approved versions. */
static void steps(struct req *r, struct tv *ctx, const struct doc_rec *d,
                  const struct doc_access *ac, const struct docv_rec *open)
{
    int approved = d->current_vstate && !strcmp(d->current_vstate, "approved");

    if (open) {
        int draft = strcmp(open->state, "draft") == 0;
        struct tv *o = tv_obj(ctx, "open");

        tv_int(o, "no", open->version_no);
        tv_str(o, "state", t_key(r, "doc.vstate", open->state));
        tv_str(o, "return_note", open->return_note);
        tv_str(o, "returned_by", open->returned_by_name);
        tv_bool(ctx, "can_edit", draft && doc_may_edit(ac->rel));
        tv_bool(ctx, "can_submit", draft && doc_may(DE_SUBMIT, ac->rel));
        tv_bool(ctx, "can_decide", !draft && doc_may(DE_APPROVE, ac->rel));
    } else {
        tv_bool(ctx, "can_new_version", doc_may_edit(ac->rel));
    }
    tv_bool(ctx, "can_archive", approved && doc_may(DE_ARCHIVE, ac->rel));
    tv_bool(ctx, "can_maintain", ac->maintain);
}

/* show renders document d with version v (NULL: its current version). */
static void show(struct req *r, const struct doc_rec *d,
                 const struct doc_access *ac, const struct docv_rec *v,
                 int status, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *dv = tv_obj(ctx, "d"), *vv;
    enum doc_status s = docs_status(r, d);
    struct docv_rec cur, open;
    int has_open = 0;

    if (!v && d->current_version_no &&
        store_docv_get(r->st, r->a, d->id, d->current_version_no, &cur) == E_OK)
        v = &cur;
    if (ac->read_open && store_docv_open(r->st, r->a, d->id, &open) == E_OK)
        has_open = 1;
    tv_int(dv, "id", d->id);
    tv_str(dv, "code", d->code);
    tv_str(dv, "title", d->title);
    tv_str(dv, "type", t_key(r, "doc.type", d->doc_type));
    tv_str(dv, "unit", d->unit_name);
    tv_str(dv, "owner", d->owner_name);
    tv_str(dv, "deputy", d->deputy_name);
    tv_str(dv, "approver", d->approver_name);
    tv_str(dv, "review_due", d->review_due);
    tv_str(dv, "status_code", doc_status_str(s));
    tv_str(dv, "status", t_key(r, "doc.status", doc_status_str(s)));
    tv_bool(ctx, "overdue", s == DS_OVERDUE);
    tv_bool(ctx, "due_soon", s == DS_DUE_SOON);
    tv_bool(ctx, "archived", s == DS_ARCHIVED);
    tv_bool(ctx, "never_approved", s == DS_DRAFT);
    if (v) {
        vv = tv_obj(ctx, "v");
        tv_int(vv, "no", v->version_no);
        tv_str(vv, "state_code", v->state);
        tv_str(vv, "state", t_key(r, "doc.vstate", v->state));
        tv_str(vv, "approved_on", v->approved_on);
        tv_str(vv, "approved_by", v->approver_name);
        tv_str(vv, "review_date", v->review_date);
        tv_str(vv, "valid_until", v->valid_until);
        tv_str(vv, "change_note", v->change_note);
        tv_bool(ctx, "not_current", v->id != d->current_version_id);
        tv_bool(ctx, "v_archived", strcmp(v->state, "archived") == 0);
        docs_file_ctx(r, vv, d->id, v);
        render_body(r, ctx, v->body_md);
    }
    steps(r, ctx, d, ac, has_open ? &open : NULL);
    version_rows(r, ctx, d, ac);
    process_links(r, ctx, d, ac);
    ack_section(r, ctx, d, ac);
    tv_bool(ctx, "can_history", history_may_read(r, d->unit_path, 0));
    tv_str(ctx, "today", req_today(r));
    /* after a refused step the typed values are kept */
    tv_str(ctx, "step_valid_until", kv_get(&r->form, "valid_until"));
    tv_str(ctx, "step_comment", kv_get(&r->form, "comment"));
    if (fe)
        docs_mark_errors(r, ctx, fe);
    page_render(r, status, "document", ctx, "doc.title");
}

void docs_show(struct req *r, const struct doc_rec *d,
               const struct doc_access *ac, int status,
               const struct fielderrs *fe)
{
    show(r, d, ac, NULL, status, fe);
}

void page_document(struct req *r)
{
    struct doc_access ac;
    struct doc_rec d;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    show(r, &d, &ac, NULL, 200, NULL);
}

void page_document_version(struct req *r)
{
    struct doc_access ac;
    struct docv_rec v;
    struct doc_rec d;
    int64_t no = req_id(r, 1);

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (no <= 0 || no > 100000 ||
        store_docv_get(r->st, r->a, d.id, (int)no, &v) != E_OK ||
        ((!strcmp(v.state, "draft") || !strcmp(v.state, "review")) &&
         !ac.read_open)) {
        page_error(r, 404);
        return;
    }
    show(r, &d, &ac, &v, 200, NULL);
}
