/* documents.c: access rules and changes shared by the document pages and
 * the API (documents.h). */
#include "documents.h"

#include <stdlib.h>
#include <string.h>

#include "page.h"

struct doc_access docs_access_of(const struct req *r, const struct doc_rec *d)
{
    struct doc_access ac = {0};
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (authz_in_scope(r->grants[i].unit_path, d->unit_path) ||
            authz_in_scope(d->unit_path, r->grants[i].unit_path))
            ac.read = 1;
    if (d->owner_id == r->user->id)
        ac.rel |= DOC_R_OWNER;
    if (d->deputy_id && d->deputy_id == r->user->id)
        ac.rel |= DOC_R_DEPUTY;
    if (d->approver_id == r->user->id)
        ac.rel |= DOC_R_APPROVER;
    if (req_can(r, PERM_QUALITY, d->unit_path) ||
        req_can(r, PERM_ADMIN, d->unit_path))
        ac.rel |= DOC_R_QUALITY;
    ac.read_open = (ac.rel & (DOC_R_OWNER | DOC_R_DEPUTY | DOC_R_APPROVER)) ||
                   req_can(r, PERM_AUDIT_LOG, d->unit_path);
    ac.read = ac.read_open || (ac.read && strcmp(d->state, "draft") != 0);
    /* only those who answer for the document change it: its owner (and
     * deputy), its approver, and the quality coordinators and
     * administrators who keep the management system (an owner who left
     * must be replaceable); a manager who is neither creates documents but
     * does not change another's */
    ac.maintain = (ac.rel & (DOC_R_OWNER | DOC_R_DEPUTY | DOC_R_APPROVER |
                             DOC_R_QUALITY)) != 0;
    return ac;
}

int docs_visible(struct req *r, int64_t id, struct doc_rec *d,
                 struct doc_access *ac)
{
    if (id <= 0 || store_document_get(r->st, r->a, id, d) != E_OK ||
        (*ac = docs_access_of(r, d), !ac->read)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

int docs_may_create(const struct req *r, const char *unit_path)
{
    return req_can(r, PERM_QUALITY, unit_path) ||
           req_can(r, PERM_ADMIN, unit_path) ||
           req_can(r, PERM_MANAGE, unit_path);
}

/* paths_json is a JSON array of the paths of the user's grants that hold
 * perm (PERM__MAX: all grants). */
static const char *paths_json(struct req *r, enum perm p)
{
    json_t *j = json_array();
    const char *s = "[]";
    char *t;
    size_t i;

    for (i = 0; j && i < r->ngrants; i++)
        if (p == PERM__MAX || role_has(r->grants[i].role, p))
            json_array_append_new(j, json_string(r->grants[i].unit_path));
    if (j && (t = json_dumps(j, JSON_COMPACT))) {
        s = arena_strdup(r->a, t);
        free(t);
    }
    json_decref(j);
    return s ? s : "[]";
}

void docs_filter_paths(struct req *r, struct doc_filter *f)
{
    f->user_id = r->user->id;
    f->read_paths = paths_json(r, PERM__MAX);
    f->draft_paths = paths_json(r, PERM_AUDIT_LOG);
}

/* user_of_provider: id is an active user whose home unit belongs to the
 * care provider. */
static int user_of_provider(struct req *r, int64_t id, int64_t provider_id)
{
    struct user u;
    struct unit home;

    return store_user_get(r->st, r->a, id, &u) == E_OK && u.active &&
           u.home_unit_id &&
           store_unit_get(r->st, r->a, u.home_unit_id, &home) == E_OK &&
           home.provider_id == provider_id;
}

/* check_people validates the document against the org tree: the unit is
 * one where the user may create, the people belong to its provider. */
static void check_people(struct req *r, struct doc_rec *d, int check_unit,
                         struct fielderrs *fe)
{
    struct unit u, au;

    if (check_unit && d->unit_id > 0) {
        if (store_unit_get(r->st, r->a, d->unit_id, &u) != E_OK ||
            !docs_may_create(r, u.path)) {
            fielderr_add(fe, "unit", "doc.err.unit");
            return;
        }
        d->provider_id = u.provider_id ? u.provider_id : u.id;
        d->unit_path = u.path;
    }
    if (!d->provider_id)
        return;
    if (d->owner_id > 0 && !user_of_provider(r, d->owner_id, d->provider_id))
        fielderr_add(fe, "owner", "doc.err.user");
    if (d->deputy_id > 0 && !user_of_provider(r, d->deputy_id, d->provider_id))
        fielderr_add(fe, "deputy", "doc.err.user");
    if (d->approver_id > 0 &&
        !user_of_provider(r, d->approver_id, d->provider_id))
        fielderr_add(fe, "approver", "doc.err.user");
    if (d->ack_unit_id > 0 &&
        (store_unit_get(r->st, r->a, d->ack_unit_id, &au) != E_OK ||
         (au.provider_id ? au.provider_id : au.id) != d->provider_id))
        fielderr_add(fe, "ack_unit", "doc.err.ack_unit");
}

static enum err commit_or_rollback(struct req *r, enum err e)
{
    if (!e)
        e = store_commit(r->st);
    if (e)
        store_rollback(r->st);
    return e;
}

/* upload_file is the file the store is to write, or NULL. */
static const struct docv_file *upload_file(const struct docs_upload *u)
{
    return u && u->op == DF_SET && !u->bad ? &u->file : NULL;
}

enum err docs_create(struct req *r, struct doc_rec *d, const char *body,
                     const char *note, const struct docs_upload *u,
                     struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    enum err e;

    doc_validate(d, fe);
    docv_validate(body, note, u && u->op == DF_SET, fe);
    check_people(r, d, 1, fe);
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)))
        return e;
    e = commit_or_rollback(
        r, store_document_create(r->st, &who, d, body, note, upload_file(u)));
    if (e == E_CONFLICT)
        fielderr_add(fe, "code", "doc.err.code_taken");
    return e == E_CONFLICT ? E_INVAL : e;
}

enum err docs_update(struct req *r, const struct doc_rec *old,
                     struct doc_rec *d, struct fielderrs *fe)
{
    struct actor who = req_actor(r);
    enum err e;

    if (!docs_access_of(r, old).maintain)
        return E_DENIED;
    d->id = old->id;
    d->provider_id = old->provider_id;
    doc_validate(d, fe);
    /* moving to another unit needs the right to create there */
    check_people(r, d, d->unit_id != old->unit_id, fe);
    if (d->provider_id != old->provider_id)
        fielderr_add(fe, "unit", "doc.err.unit");
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)))
        return e;
    e = commit_or_rollback(r, store_document_update(r->st, &who, d));
    if (e == E_CONFLICT)
        fielderr_add(fe, "code", "doc.err.code_taken");
    return e == E_CONFLICT ? E_INVAL : e;
}

/* kept_file: whether saving with DF_KEEP leaves the draft with a file:
 * the open draft's, or for a new version the current version's. */
static int kept_file(struct req *r, const struct doc_rec *d)
{
    struct docv_rec v;
    enum err e = store_docv_open(r->st, r->a, d->id, &v);

    if (e == E_NOTFOUND && d->current_version_no)
        e = store_docv_get(r->st, r->a, d->id, d->current_version_no, &v);
    return e == E_OK && v.file_name != NULL;
}

enum err docs_save_draft(struct req *r, const struct doc_rec *d,
                         const char *body, const char *note,
                         const struct docs_upload *u, struct fielderrs *fe,
                         int *version_no)
{
    struct actor who = req_actor(r);
    enum docv_file_op op = u ? u->op : DF_KEEP;
    const struct docv_file *file = upload_file(u);
    struct docv_rec open;
    enum err e;

    if (!doc_may_edit(docs_access_of(r, d).rel))
        return E_DENIED;
    docv_validate(body, note,
                  op == DF_SET || (op == DF_KEEP && kept_file(r, d)), fe);
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)))
        return e;
    e = store_docv_open(r->st, r->a, d->id, &open);
    if (e == E_OK && strcmp(open.state, "draft") != 0)
        e = E_CONFLICT; /* under review: return it first */
    else if (e == E_OK) {
        *version_no = open.version_no;
        e = store_docv_edit(r->st, &who, d->id, open.version_no, body, note, op,
                            file);
    } else if (e == E_NOTFOUND)
        e = store_docv_new_draft(r->st, &who, d->id, body, note, op, file,
                                 version_no);
    return commit_or_rollback(r, e);
}

enum err docs_step(struct req *r, const struct doc_rec *d, int version_no,
                   enum doc_event ev, const char *comment,
                   const char *valid_until, struct fielderrs *fe)
{
    struct doc_access ac = docs_access_of(r, d);
    struct actor who = req_actor(r);
    struct docv_rec v;
    enum err e;

    if (ev >= DE__MAX) {
        fielderr_add(fe, "event", "doc.err.step");
        return E_INVAL;
    }
    if (version_no > 0)
        e = store_docv_get(r->st, r->a, d->id, version_no, &v);
    else if (ev == DE_ARCHIVE)
        e = d->current_vstate && strcmp(d->current_vstate, "approved") == 0
                ? store_docv_get(r->st, r->a, d->id, d->current_version_no, &v)
                : E_NOTFOUND;
    else
        e = store_docv_open(r->st, r->a, d->id, &v);
    if (e == E_NOTFOUND) {
        fielderr_add(fe, "event", "doc.err.step");
        return E_INVAL;
    }
    if (e)
        return e;
    if (doc_check(docv_state_from_str(v.state), ev, ac.rel, comment, fe))
        return E_DENIED;
    if (ev == DE_APPROVE)
        doc_validate_approval(valid_until, d->review_months, req_today(r), fe);
    if (fe->n)
        return E_INVAL;
    if ((e = store_begin(r->st)))
        return e;
    return commit_or_rollback(
        r, store_docv_transition(r->st, &who, d->id, v.version_no, ev, v.state,
                                 comment && *comment ? comment : NULL,
                                 valid_until, req_today(r)));
}

enum err docs_link(struct req *r, const struct doc_rec *d, int64_t process_id,
                   int on)
{
    struct actor who = req_actor(r);
    enum err e;

    if (!docs_access_of(r, d).maintain)
        return E_DENIED;
    if (process_id <= 0)
        return E_NOTFOUND;
    if ((e = store_begin(r->st)))
        return e;
    return commit_or_rollback(
        r, store_document_link(r->st, &who, d->id, process_id, on));
}

enum err docs_ack(struct req *r, const struct doc_rec *d)
{
    struct actor who = req_actor(r);
    enum err e;

    if (!d->ack_required || strcmp(d->state, "approved") != 0)
        return E_CONFLICT;
    if ((e = store_begin(r->st)))
        return e;
    return commit_or_rollback(r, store_document_ack(r->st, &who, d->id,
                                                    d->current_version_id,
                                                    r->user->id));
}

void docs_mark_errors(struct req *r, struct tv *ctx, const struct fielderrs *fe)
{
    struct tv *list = tv_list(ctx, "errors");
    size_t i;

    for (i = 0; i < fe->n; i++) {
        struct tv *it = tv_push(list);
        const char *msg = page_t(r, fe->v[i].msg);

        tv_str(it, "field", fe->v[i].field);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "doc.field.%s", fe->v[i].field)));
        tv_str(it, "message", msg);
        tv_str(ctx, arena_printf(r->a, "err_%s", fe->v[i].field), msg);
    }
    tv_bool(ctx, "has_errors", fe->n > 0);
}

enum doc_status docs_status(struct req *r, const struct doc_rec *d)
{
    return doc_status_of(d->state, d->review_due, req_today(r),
                         DOC_REMIND_DAYS);
}
