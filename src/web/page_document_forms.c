/* page_document_forms.c: changing controlled documents from the pages:
 * the form for a new document with its first draft (GET /documents/new,
 * POST /documents), the edit page (GET /documents/{id}/edit: the
 * descriptive fields for whoever keeps them, the draft's Markdown for the
 * owner and deputy, with its attached file), and the posts for the
 * fields, the draft (multipart/form-data when a file is sent), the
 * workflow's steps, process links and "Jag har läst". Bad input answers
 * 422 (413 for a file over the limit) with the fields marked and the
 * input kept. */
#include <stdlib.h>
#include <string.h>

#include "attachments.h"
#include "documents.h"
#include "handlers.h"
#include "page.h"

static const char *t_key(struct req *r, const char *prefix, const char *v)
{
    return page_t(r, arena_printf(r->a, "%s.%s", prefix, v ? v : "none"));
}

/* form_id reads an optional id field: 0 when empty, -1 when malformed. */
static int64_t form_id(struct req *r, const char *name)
{
    const char *v = kv_get(&r->form, name);
    char *end;
    long long x;

    if (!v || !*v)
        return 0;
    x = strtoll(v, &end, 10);
    return *end || x <= 0 ? -1 : (int64_t)x;
}

/* read_fields fills d from the posted descriptive fields. */
static void read_fields(struct req *r, struct doc_rec *d)
{
    const char *rm = kv_get(&r->form, "review_months");
    char *end;
    long m;

    d->code = kv_get(&r->form, "code");
    d->title = kv_get(&r->form, "title");
    d->doc_type = kv_get(&r->form, "doc_type");
    d->unit_id = form_id(r, "unit");
    d->owner_id = form_id(r, "owner");
    d->deputy_id = form_id(r, "deputy");
    d->approver_id = form_id(r, "approver");
    d->ack_required = kv_get(&r->form, "ack_required") != NULL;
    d->ack_unit_id = form_id(r, "ack_unit");
    d->ack_role = kv_get(&r->form, "ack_role");
    if (d->ack_role && !*d->ack_role)
        d->ack_role = NULL;
    d->review_months = 0;
    if (rm && *rm) {
        m = strtol(rm, &end, 10);
        d->review_months = *end || m < 1 || m > 120 ? -1 : (int)m;
    }
}

static void user_options(struct req *r, struct tv *ctx, const char *key,
                         int64_t provider_id, int64_t sel)
{
    struct tv *list = tv_list(ctx, key);
    struct user *u;
    size_t i, n;
    int64_t total;

    if (!provider_id ||
        store_user_list(r->st, r->a,
                        arena_printf(r->a, "/%lld/", (long long)provider_id),
                        NULL, 0, 1000, &u, &n, &total))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!u[i].active)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label", u[i].name);
        tv_bool(it, "selected", u[i].id == sel);
    }
}

/* unit_options: units where the user may create (sel marked), or for the
 * target group any unit of the provider. */
static void unit_options(struct req *r, struct tv *ctx, const char *key,
                         int64_t provider_id, int64_t sel, int create)
{
    struct tv *list = tv_list(ctx, key);
    struct unit *u;
    size_t i, n;

    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;
        int64_t pid = u[i].provider_id ? u[i].provider_id : u[i].id;

        if (create ? !docs_may_create(r, u[i].path) : pid != provider_id)
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%*s%s", 2 * (unit_depth(u[i].path) - 1), "",
                            u[i].name));
        tv_bool(it, "selected", u[i].id == sel);
    }
}

static void form_ctx(struct req *r, struct tv *ctx, const struct doc_rec *d)
{
    struct tv *f = tv_obj(ctx, "f"), *list;
    int64_t provider = d->provider_id;
    int k;

    if (!provider && r->ngrants)
        provider = strtoll(r->grants[0].unit_path + 1, NULL, 10);
    tv_str(f, "code", d->code);
    tv_str(f, "title", d->title);
    if (d->review_months > 0)
        tv_int(f, "review_months", d->review_months);
    tv_bool(f, "ack_required", d->ack_required);
    list = tv_list(ctx, "types");
    for (k = 0; k < DT__MAX; k++) {
        struct tv *it = tv_push(list);
        const char *v = doc_type_str((enum doc_type)k);

        tv_str(it, "value", v);
        tv_str(it, "label", t_key(r, "doc.type", v));
        tv_bool(it, "selected", d->doc_type && !strcmp(d->doc_type, v));
    }
    list = tv_list(ctx, "roles");
    for (k = 0; k < ROLE__MAX; k++) {
        struct tv *it = tv_push(list);
        const char *v = role_str((enum role)k);

        tv_str(it, "value", v);
        tv_str(it, "label", t_key(r, "role", v));
        tv_bool(it, "selected", d->ack_role && !strcmp(d->ack_role, v));
    }
    unit_options(r, ctx, "units", provider, d->unit_id, 1);
    unit_options(r, ctx, "ack_units", provider, d->ack_unit_id, 0);
    user_options(r, ctx, "owners", provider, d->owner_id);
    user_options(r, ctx, "deputies", provider, d->deputy_id);
    user_options(r, ctx, "approvers", provider, d->approver_id);
}

static void new_form(struct req *r, int status, const struct doc_rec *d,
                     const char *body, const char *note,
                     const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r);

    form_ctx(r, ctx, d);
    tv_bool(ctx, "is_new", 1);
    tv_bool(ctx, "show_meta", 1);
    tv_bool(ctx, "show_draft", 1);
    tv_str(ctx, "body", body);
    tv_str(ctx, "change_note", note);
    tv_str(ctx, "file_accept", ATTACHMENTS_ACCEPT);
    if (fe)
        docs_mark_errors(r, ctx, fe);
    page_render(r, status, "document_form", ctx, "doc.new_title");
}

void page_document_new(struct req *r)
{
    struct doc_rec d = {0};

    if (!docs_may_create(r, NULL)) {
        page_error(r, 403);
        return;
    }
    d.review_months = 24;
    d.owner_id = r->user->id;
    d.doc_type = "routine";
    new_form(r, 200, &d, NULL, NULL, NULL);
}

void page_document_create(struct req *r)
{
    const char *body = kv_get(&r->form, "body"),
               *note = kv_get(&r->form, "change_note");
    struct fielderrs fe = {0};
    struct docs_upload u;
    struct doc_rec d = {0};
    enum err e;

    if (!docs_may_create(r, NULL)) {
        page_error(r, 403);
        return;
    }
    read_fields(r, &d);
    docs_upload_read(r, &u, &fe);
    e = docs_create(r, &d, body, note, &u, &fe);
    if (e == E_INVAL) {
        docs_upload_again(r, &u, &fe);
        new_form(r, docs_upload_status(&u), &d, body, note, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "/documents/%lld", (long long)d.id));
}

/* edit_form: the descriptive fields (maintain) and the open draft or the
 * next version's text (owner, deputy). */
static void edit_form(struct req *r, int status, const struct doc_rec *d,
                      const struct doc_access *ac, const char *body,
                      const char *note, const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *dv = tv_obj(ctx, "d");
    struct docv_rec v;
    int has_open = store_docv_open(r->st, r->a, d->id, &v) == E_OK;

    form_ctx(r, ctx, d);
    tv_int(dv, "id", d->id);
    tv_str(dv, "code", d->code);
    tv_str(dv, "title", d->title);
    tv_bool(ctx, "show_meta", ac->maintain);
    if (doc_may_edit(ac->rel) && (!has_open || !strcmp(v.state, "draft"))) {
        tv_bool(ctx, "show_draft", 1);
        if (!has_open && d->current_version_no &&
            store_docv_get(r->st, r->a, d->id, d->current_version_no, &v) ==
                E_OK) {
            /* the next version starts from the current, its file too */
            body = body ? body : v.body_md;
            docs_file_ctx(r, ctx, d->id, &v);
        } else if (has_open) {
            if (!body) {
                body = v.body_md;
                note = v.change_note;
            }
            docs_file_ctx(r, ctx, d->id, &v);
        }
        tv_bool(ctx, "new_version", !has_open);
        if (has_open)
            tv_int(ctx, "draft_no", v.version_no);
    }
    tv_str(ctx, "body", body);
    tv_str(ctx, "change_note", note);
    tv_str(ctx, "file_accept", ATTACHMENTS_ACCEPT);
    tv_bool(ctx, "remove_file", kv_get(&r->form, "remove_file") != NULL);
    if (fe)
        docs_mark_errors(r, ctx, fe);
    page_render(r, status, "document_form", ctx, "doc.edit_title");
}

void page_document_edit(struct req *r)
{
    struct doc_access ac;
    struct doc_rec d;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (!ac.maintain && !doc_may_edit(ac.rel)) {
        page_error(r, 403);
        return;
    }
    edit_form(r, 200, &d, &ac, NULL, NULL, NULL);
}

static void answer(struct req *r, const struct doc_rec *d, enum err e,
                   const char *conflict_key)
{
    if (e)
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? conflict_key : NULL);
    else
        req_redirect(r,
                     arena_printf(r->a, "/documents/%lld", (long long)d->id));
}

void page_document_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct doc_access ac;
    struct doc_rec d, nd = {0};
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    read_fields(r, &nd);
    e = docs_update(r, &d, &nd, &fe);
    if (e == E_INVAL) {
        nd.provider_id = d.provider_id;
        edit_form(r, 422, &nd, &ac, NULL, NULL, &fe);
        return;
    }
    answer(r, &d, e, "doc.err.changed");
}

void page_document_draft(struct req *r)
{
    const char *body = kv_get(&r->form, "body"),
               *note = kv_get(&r->form, "change_note");
    struct fielderrs fe = {0};
    struct docs_upload u;
    struct doc_access ac;
    struct doc_rec d;
    enum err e;
    int no = 0;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    docs_upload_read(r, &u, &fe);
    e = docs_save_draft(r, &d, body, note, &u, &fe, &no);
    if (e == E_INVAL) {
        docs_upload_again(r, &u, &fe);
        edit_form(r, docs_upload_status(&u), &d, &ac, body, note, &fe);
        return;
    }
    answer(r, &d, e, "doc.err.in_review");
}

void page_document_step(struct req *r)
{
    struct fielderrs fe = {0};
    struct doc_access ac;
    struct doc_rec d;
    int64_t no = form_id(r, "version");
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    e = docs_step(r, &d, no > 0 ? (int)no : 0,
                  doc_event_from_str(kv_get(&r->form, "event")),
                  kv_get(&r->form, "comment"), kv_get(&r->form, "valid_until"),
                  &fe);
    if (e == E_INVAL) {
        docs_show(r, &d, &ac, 422, &fe);
        return;
    }
    answer(r, &d, e, "doc.err.changed");
}

void page_document_link(struct req *r)
{
    const char *op = kv_get(&r->form, "op");
    struct doc_access ac;
    struct doc_rec d;
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    e = docs_link(r, &d, form_id(r, "process"),
                  !(op && strcmp(op, "unlink") == 0));
    if (e == E_NOTFOUND) {
        page_error_msg(r, 422, "doc.err.process");
        return;
    }
    answer(r, &d, e, NULL);
}

void page_document_ack(struct req *r)
{
    struct doc_access ac;
    struct doc_rec d;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    answer(r, &d, docs_ack(r, &d), "doc.err.no_ack");
}
