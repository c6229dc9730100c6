/* api_documents.c: /api/v1/documents - search (the page's filters), create
 * a document with its first draft, read one, change its descriptive
 * fields (PATCH), list its versions (each with its attached file), save
 * the draft or start the next version (POST .../versions, JSON or
 * multipart/form-data with a file), and take a workflow step (POST
 * .../versions/{n}/transitions: submit, approve, return, archive). Same
 * rules and authorisation as the pages (documents.c). */
#include <stdlib.h>
#include <string.h>

#include "documents.h"
#include "handlers.h"
#include "page.h"
#include "upload.h"

static json_t *person(int64_t id, const char *name)
{
    return id ? json_pack("{sI ss?}", "id", (json_int_t)id, "name", name)
              : json_null();
}

static json_t *doc_json(struct req *r, const struct doc_rec *d)
{
    json_t *j = json_pack(
        "{sI ss ss ss s{sI ss} ss ss}", "id", (json_int_t)d->id, "code",
        d->code, "title", d->title, "doc_type", d->doc_type, "unit", "id",
        (json_int_t)d->unit_id, "name", d->unit_name, "state", d->state,
        "status", doc_status_str(docs_status(r, d)));

    if (!j)
        return NULL;
    json_object_set_new(j, "owner", person(d->owner_id, d->owner_name));
    json_object_set_new(j, "deputy", person(d->deputy_id, d->deputy_name));
    json_object_set_new(j, "approver",
                        person(d->approver_id, d->approver_name));
    json_object_set_new(j, "review_months",
                        d->review_months ? json_integer(d->review_months)
                                         : json_null());
    json_object_set_new(j, "review_due", page_json_str(d->review_due));
    json_object_set_new(j, "ack_required", json_boolean(d->ack_required));
    json_object_set_new(j, "ack_unit_id",
                        d->ack_unit_id ? json_integer(d->ack_unit_id)
                                       : json_null());
    json_object_set_new(j, "ack_role", page_json_str(d->ack_role));
    json_object_set_new(j, "current_version",
                        d->current_version_no
                            ? json_integer(d->current_version_no)
                            : json_null());
    json_object_set_new(j, "updated_at", page_json_time(d->updated_at));
    return j;
}

static json_t *ver_json(struct req *r, int64_t doc_id, const struct docv_rec *v)
{
    json_t *j =
        json_pack("{si ss}", "version_no", v->version_no, "state", v->state);

    if (!j)
        return NULL;
    if (v->body_md)
        json_object_set_new(j, "body_md", json_string(v->body_md));
    json_object_set_new(j, "file", docs_file_json(r, doc_id, v));
    json_object_set_new(j, "change_note", page_json_str(v->change_note));
    json_object_set_new(j, "author", person(v->author_id, v->author_name));
    json_object_set_new(j, "approved_by",
                        person(v->approved_by, v->approver_name));
    json_object_set_new(j, "approved_on", page_json_str(v->approved_on));
    json_object_set_new(j, "valid_until", page_json_str(v->valid_until));
    json_object_set_new(j, "review_date", page_json_str(v->review_date));
    json_object_set_new(j, "return_note", page_json_str(v->return_note));
    json_object_set_new(j, "submitted_at", page_json_time(v->submitted_at));
    json_object_set_new(j, "archived_at", page_json_time(v->archived_at));
    json_object_set_new(j, "created_at", page_json_time(v->created_at));
    return j;
}

/* jid reads an optional id: 0 when absent or null, -1 when not a positive
 * integer. */
static int64_t jid(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    if (!v || json_is_null(v))
        return 0;
    return json_is_integer(v) && json_integer_value(v) > 0
               ? (int64_t)json_integer_value(v)
               : -1;
}

static const char *nz(const char *s)
{
    return s && *s ? s : NULL;
}

/* num parses a small non-negative number; -1 when malformed. */
static int num(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);

    return !*s || *end || v < 0 || v > 1000000 ? -1 : (int)v;
}

void api_documents(struct req *r)
{
    struct doc_filter f = {0};
    const char *sort = kv_get(&r->query, "sort"),
               *off = kv_get(&r->query, "offset"),
               *lim = kv_get(&r->query, "limit");
    struct doc_rec *rows;
    struct unit u;
    int64_t total;
    json_t *items;
    size_t i, n;

    docs_filter_paths(r, &f);
    f.q = kv_get(&r->query, "q");
    f.doc_type = nz(kv_get(&r->query, "type"));
    f.state = nz(kv_get(&r->query, "state"));
    r->params[0] = kv_get(&r->query, "unit");
    r->params[1] = kv_get(&r->query, "process");
    f.process_id = nz(r->params[1]) ? req_id(r, 1) : 0;
    r->params[2] = kv_get(&r->query, "owner");
    f.owner_id = nz(r->params[2]) ? req_id(r, 2) : 0;
    f.overdue_today = kv_get(&r->query, "overdue") ? req_today(r) : NULL;
    f.offset = off ? num(off) : 0;
    f.limit = lim ? num(lim) : 25;
    if ((f.doc_type && doc_type_from_str(f.doc_type) == DT__MAX) ||
        (f.state && strcmp(f.state, "draft") && strcmp(f.state, "approved") &&
         strcmp(f.state, "archived")) ||
        (nz(r->params[1]) && !f.process_id) ||
        (nz(r->params[2]) && !f.owner_id) || f.offset < 0 ||
        f.offset > 100000 || f.limit < 1 || f.limit > 200 ||
        (sort && strcmp(sort, "title") && strcmp(sort, "updated") &&
         strcmp(sort, "review"))) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (nz(r->params[0])) {
        if (!req_id(r, 0) ||
            store_unit_get(r->st, r->a, req_id(r, 0), &u) != E_OK) {
            page_error_msg(r, 400, "err.filter");
            return;
        }
        f.scope_path = u.path;
    }
    f.sort = !sort || !strcmp(sort, "title") ? DOC_SORT_TITLE
             : !strcmp(sort, "updated")      ? DOC_SORT_UPDATED
                                             : DOC_SORT_REVIEW;
    if (store_document_search(r->st, r->a, &f, &rows, &n, &total)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++)
        json_array_append_new(items, doc_json(r, &rows[i]));
    page_json(r, 200,
              json_pack("{so sI sb}", "items", items, "total",
                        (json_int_t)total, "total_capped",
                        total > doc_total_cap(&f)));
}

/* read_json fills d from a JSON body; fields absent keep d's values. */
static void read_json(json_t *j, struct doc_rec *d)
{
    json_t *v;

#define STR(k, field)                                                          \
    if (json_object_get(j, k))                                                 \
    d->field = page_jstr(j, k) ? page_jstr(j, k) : ""
    STR("code", code);
    STR("title", title);
    STR("doc_type", doc_type);
#undef STR
    if (json_object_get(j, "unit_id"))
        d->unit_id = jid(j, "unit_id");
    if (json_object_get(j, "owner_id"))
        d->owner_id = jid(j, "owner_id");
    if (json_object_get(j, "deputy_id"))
        d->deputy_id = jid(j, "deputy_id");
    if (json_object_get(j, "approver_id"))
        d->approver_id = jid(j, "approver_id");
    if (json_object_get(j, "ack_unit_id"))
        d->ack_unit_id = jid(j, "ack_unit_id");
    if ((v = json_object_get(j, "ack_required")))
        d->ack_required = json_is_true(v);
    if (json_object_get(j, "ack_role"))
        d->ack_role = nz(page_jstr(j, "ack_role"));
    if ((v = json_object_get(j, "review_months")))
        d->review_months = json_is_null(v) ? 0
                           : json_is_integer(v) && json_integer_value(v) >= 1 &&
                                   json_integer_value(v) <= 120
                               ? (int)json_integer_value(v)
                               : -1;
}

static void answer_err(struct req *r, enum err e, const struct fielderrs *fe,
                       const char *conflict_key)
{
    if (e == E_INVAL)
        page_api_fielderrs(r, fe);
    else
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? conflict_key : NULL);
}

static void answer_doc(struct req *r, int status, int64_t id)
{
    struct doc_rec d;

    if (store_document_get(r->st, r->a, id, &d) == E_OK)
        page_json(r, status, doc_json(r, &d));
    else
        page_error(r, 500);
}

void api_document_create(struct req *r)
{
    struct fielderrs fe = {0};
    struct doc_rec d = {0};
    json_t *j;
    enum err e;

    if (!docs_may_create(r, NULL)) {
        page_error(r, 403);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    read_json(j, &d);
    e = docs_create(r, &d, page_jstr(j, "body_md"), page_jstr(j, "change_note"),
                    NULL, &fe);
    if (e)
        answer_err(r, e, &fe, NULL);
    else
        answer_doc(r, 201, d.id);
    json_decref(j);
}

void api_document_get(struct req *r)
{
    struct doc_access ac;
    struct doc_rec d;

    if (docs_visible(r, req_id(r, 0), &d, &ac))
        page_json(r, 200, doc_json(r, &d));
}

void api_document_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct doc_access ac;
    struct doc_rec d, nd;
    json_t *j;
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac) || !(j = page_body_json(r)))
        return;
    nd = d;
    read_json(j, &nd);
    e = docs_update(r, &d, &nd, &fe);
    if (e)
        answer_err(r, e, &fe, NULL);
    else
        answer_doc(r, 200, d.id);
    json_decref(j);
}

void api_document_versions(struct req *r)
{
    struct doc_access ac;
    struct docv_rec *v;
    struct doc_rec d;
    json_t *items;
    size_t i, n;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (store_docv_list(r->st, r->a, d.id, &v, &n)) {
        page_error(r, 500);
        return;
    }
    items = json_array();
    for (i = 0; i < n; i++)
        if (ac.read_open ||
            (strcmp(v[i].state, "draft") && strcmp(v[i].state, "review")))
            json_array_append_new(items, ver_json(r, d.id, &v[i]));
    page_json(r, 200, json_pack("{so}", "items", items));
}

/* api_document_draft saves the draft or starts the next version: JSON
 * (body_md, change_note, remove_file; the file kept), or
 * multipart/form-data with the same fields and the file in "file". */
void api_document_draft(struct req *r)
{
    struct fielderrs fe = {0};
    struct docs_upload u = {0};
    struct doc_access ac;
    struct docv_rec v;
    struct doc_rec d;
    const char *body, *note;
    json_t *j = NULL;
    enum err e;
    int no = 0;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (upload_is_multipart(r->ctype)) {
        body = kv_get(&r->form, "body_md");
        note = kv_get(&r->form, "change_note");
        docs_upload_read(r, &u, &fe);
    } else {
        if (!(j = page_body_json(r)))
            return;
        body = page_jstr(j, "body_md");
        note = page_jstr(j, "change_note");
        u.op =
            json_is_true(json_object_get(j, "remove_file")) ? DF_DROP : DF_KEEP;
    }
    e = docs_save_draft(r, &d, body, note, &u, &fe, &no);
    if (e == E_INVAL && u.too_big)
        page_error_msg(r, 413, "attach.err.too_big");
    else if (e)
        answer_err(r, e, &fe, "doc.err.in_review");
    else if (store_docv_get(r->st, r->a, d.id, no, &v) == E_OK)
        page_json(r, 201, ver_json(r, d.id, &v));
    else
        page_error(r, 500);
    json_decref(j);
}

void api_document_step(struct req *r)
{
    struct fielderrs fe = {0};
    struct doc_access ac;
    struct doc_rec d;
    int64_t no = req_id(r, 1);
    json_t *j;
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (no <= 0 || no > 100000) {
        page_error(r, 404);
        return;
    }
    if (!(j = page_body_json(r)))
        return;
    e = docs_step(r, &d, (int)no, doc_event_from_str(page_jstr(j, "event")),
                  page_jstr(j, "comment"), page_jstr(j, "valid_until"), &fe);
    if (e == E_NOTFOUND)
        page_error(r, 404);
    else if (e)
        answer_err(r, e, &fe, "doc.err.changed");
    else
        answer_doc(r, 200, d.id);
    json_decref(j);
}
