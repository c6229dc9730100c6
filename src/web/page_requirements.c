/* page_requirements.c: the legal-requirements register (lagkravslista):
 * GET /requirements (the register for a unit subtree with its current
 * status per unit and filters), POST /requirements (a provider's own
 * requirement), GET /requirements/{id} (links, assessment form, history),
 * POST /requirements/{id}/assessments and POST /requirements/{id}/links.
 * Staff read the provisions; readers see the assessments of their scope;
 * quality coordinators, administrators and managers maintain them. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "history.h"
#include "page.h"
#include "requirements.h"

/* ---- the register ---- */

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static int query_flag(struct req *r, const char *name)
{
    const char *v = kv_get(&r->query, name);

    return v && *v && strcmp(v, "0") != 0;
}

/* may_add: the user may add requirements of the unit's provider. */
static int may_add(const struct req *r, int64_t provider_id)
{
    size_t i;

    for (i = 0; i < r->ngrants; i++) {
        const char *p = r->grants[i].unit_path;
        char *end;

        if ((role_has(r->grants[i].role, PERM_QUALITY) ||
             role_has(r->grants[i].role, PERM_ADMIN)) &&
            p[0] == '/' && strtoll(p + 1, &end, 10) == provider_id)
            return 1;
    }
    return 0;
}

static void status_cell(struct req *r, struct tv *it, const char *status,
                        const char *next_review)
{
    tv_str(it, "status", mgmt_status_label(r, status));
    tv_str(it, "status_code", status ? status : "none");
    tv_str(it, "next_review", next_review);
    tv_bool(it, "overdue",
            requirement_review_overdue(next_review, req_today(r)));
}

static void fill_req(struct req *r, struct tv *it,
                     const struct requirement_rec *q)
{
    tv_int(it, "id", q->id);
    tv_str(it, "code", q->code);
    tv_str(it, "statute", q->statute);
    tv_str(it, "statute_title", q->statute_title);
    tv_str(it, "chapter", q->chapter);
    tv_str(it, "section", q->section);
    tv_str(it, "summary", q->summary);
    tv_str(it, "in_force", q->in_force);
    tv_int(it, "review_months", q->review_months);
    tv_bool(it, "own", q->provider_id != 0);
    (void)r;
}

static void mark_errors(struct req *r, struct tv *ctx,
                        const struct fielderrs *fe)
{
    struct tv *list = tv_list(ctx, "errors");
    size_t i;

    for (i = 0; i < fe->n; i++) {
        struct tv *it = tv_push(list);
        const char *msg = page_t(r, fe->v[i].msg);

        tv_str(it, "field", fe->v[i].field);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "req.field.%s", fe->v[i].field)));
        tv_str(it, "message", msg);
        tv_str(ctx, arena_printf(r->a, "err_%s", fe->v[i].field), msg);
    }
    tv_bool(ctx, "has_errors", fe->n > 0);
}

static void filter_choices(struct req *r, struct tv *ctx, const struct unit *u,
                           const struct req_filter *f)
{
    struct tv *l = tv_list(ctx, "statutes");
    const char **st;
    size_t i, n;
    int k;

    if (store_requirement_statutes(r->st, r->a, u->provider_id, &st, &n) ==
        E_OK)
        for (i = 0; i < n; i++) {
            struct tv *it = tv_push(l);

            tv_str(it, "value", st[i]);
            tv_bool(it, "selected", f->statute && !strcmp(f->statute, st[i]));
        }
    l = tv_list(ctx, "statuses");
    for (k = 0; k < RQS__MAX; k++) {
        struct tv *it = tv_push(l);
        const char *s = requirement_status_str((enum req_status)k);

        tv_str(it, "value", s);
        tv_str(it, "label", mgmt_status_label(r, s));
        tv_bool(it, "selected", f->status && !strcmp(f->status, s));
    }
    mgmt_unit_options(r, ctx, "units", 0, u->id, mgmt_can_read);
    tv_bool(ctx, "f_never", f->never_assessed);
    tv_bool(ctx, "f_no_process", f->no_process);
    tv_bool(ctx, "f_overdue", f->overdue);
}

/* register_page renders the register; fe/in: a refused new requirement. */
static void register_page(struct req *r, int status, const struct fielderrs *fe,
                          const struct requirement_rec *in)
{
    struct req_filter f = {0};
    struct tv *ctx, *list;
    struct req_row *rows;
    int can_read;
    struct unit u;
    size_t i, n;

    if (!mgmt_pick_unit(r, &u, &can_read, 1))
        return;
    f.provider_id = u.provider_id;
    f.statute = kv_get(&r->query, "statute");
    f.status = nonempty(kv_get(&r->query, "status"));
    f.statute = nonempty(f.statute);
    f.today = req_today(r);
    if (f.status && requirement_status_from_str(f.status) == RQS__MAX) {
        page_error_msg(r, 400, "err.filter");
        return;
    }
    if (can_read) {
        f.unit_id = u.id;
        f.scope_path = u.path;
        f.never_assessed = query_flag(r, "never");
        f.overdue = query_flag(r, "overdue");
    } else {
        f.status = NULL;
    }
    f.no_process = query_flag(r, "no_process");
    if (store_requirement_list(r->st, r->a, &f, &rows, &n)) {
        page_error(r, 500);
        return;
    }
    ctx = page_ctx(r);
    list = tv_list(ctx, "rows");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        fill_req(r, it, &rows[i].q);
        tv_int(it, "n_processes", rows[i].q.n_processes);
        tv_int(it, "n_documents", rows[i].q.n_documents);
        status_cell(r, it, rows[i].unit_status, rows[i].unit_next_review);
        tv_int(it, "n_met", rows[i].n_met);
        tv_int(it, "n_partly", rows[i].n_partly);
        tv_int(it, "n_not_met", rows[i].n_not_met);
        tv_int(it, "n_overdue", rows[i].n_overdue);
        tv_int(it, "n_units", rows[i].n_units);
    }
    tv_int(ctx, "count", (long long)n);
    tv_bool(ctx, "empty", n == 0);
    tv_bool(ctx, "can_read", can_read);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    filter_choices(r, ctx, &u, &f);
    if (may_add(r, u.provider_id)) {
        struct tv *nf = tv_obj(ctx, "new");

        tv_bool(ctx, "can_add", 1);
        tv_int(nf, "review_months",
               in && in->review_months ? in->review_months
                                       : REQ_REVIEW_DEFAULT);
        if (in) {
            tv_str(nf, "code", in->code);
            tv_str(nf, "statute", in->statute);
            tv_str(nf, "statute_title", in->statute_title);
            tv_str(nf, "chapter", in->chapter);
            tv_str(nf, "section", in->section);
            tv_str(nf, "summary", in->summary);
            tv_str(nf, "in_force", in->in_force);
        }
    }
    if (fe)
        mark_errors(r, ctx, fe);
    page_render(r, status, "requirements", ctx, "req.title");
}

/* GET /requirements?unit=CODE&statute=S&status=S&never=1&no_process=1&
 * overdue=1: 200; 400 a bad status filter; 403 a unit outside the read
 * scope; 404 no such unit. */
void page_requirements(struct req *r)
{
    register_page(r, 200, NULL, NULL);
}

static int form_int(struct req *r, const char *name, int dflt)
{
    const char *v = kv_get(&r->form, name);
    char *end;
    long n;

    if (!v || !*v)
        return dflt;
    n = strtol(v, &end, 10);
    return *end || n < -1000000 || n > 1000000 ? -1 : (int)n;
}

/* POST /requirements (unit=CODE, the provider's fields): 303 to the new
 * requirement; 403 without quality or admin rights in the provider; 422
 * with the fields marked and the input kept. */
void page_requirement_create(struct req *r)
{
    struct requirement_rec q = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    const char *code = kv_get(&r->form, "unit");
    struct unit u;
    enum err e;

    if (!code || store_unit_by_code(r->st, r->a, code, &u) != E_OK) {
        page_error(r, 404);
        return;
    }
    if (!may_add(r, u.provider_id)) {
        page_error(r, 403);
        return;
    }
    q.provider_id = u.provider_id;
    q.code = kv_get(&r->form, "code");
    q.statute = kv_get(&r->form, "statute");
    q.statute_title = kv_get(&r->form, "statute_title");
    q.chapter = kv_get(&r->form, "chapter");
    q.section = kv_get(&r->form, "section");
    q.summary = kv_get(&r->form, "summary");
    q.in_force = kv_get(&r->form, "in_force");
    q.review_months = form_int(r, "review_months", REQ_REVIEW_DEFAULT);
    requirement_validate(&q, &fe);
    if (!fe.n) {
        if ((e = store_begin(r->st)) ||
            (e = store_requirement_create(r->st, &who, &q)) ||
            (e = store_commit(r->st)))
            store_rollback(r->st);
        if (e == E_CONFLICT)
            fielderr_add(&fe, "code", "req.err.code_taken");
        else if (e) {
            page_error(r, page_status_for(e));
            return;
        }
    }
    if (fe.n) {
        kv_add(&r->query, "unit", u.code);
        register_page(r, 422, &fe, &q);
        return;
    }
    req_redirect(r, arena_printf(r->a, "/requirements/%lld?unit=%s",
                                 (long long)q.id, u.code));
}

/* ---- one requirement ---- */

static void add_links(struct req *r, struct tv *ctx, const char *kind,
                      const struct requirement_rec *q, const struct unit *u,
                      int maintain)
{
    struct tv *l = tv_list(ctx, kind[0] == 'p' ? "processes" : "documents");
    struct tv *o = tv_list(ctx, kind[0] == 'p' ? "process_opts" : "doc_opts");
    struct req_link *x;
    size_t i, n, shown = 0;

    if (store_requirement_links(r->st, r->a, q->id, kind, u->provider_id, &x,
                                &n) == E_OK)
        for (i = 0; i < n; i++) {
            struct tv *it = tv_push(l);

            tv_int(it, "id", x[i].id);
            tv_str(it, "code", x[i].code);
            tv_str(it, "name", x[i].name);
            tv_str(it, "unit", x[i].unit_name);
            tv_str(it, "state", x[i].state);
            tv_str(it, "review_due", x[i].review_due);
            tv_bool(it, "overdue",
                    x[i].review_due && requirement_review_overdue(
                                           x[i].review_due, req_today(r)));
            tv_bool(it, "can_unlink", mgmt_can_maintain(r, x[i].unit_path));
        }
    tv_bool(ctx, kind[0] == 'p' ? "has_processes" : "has_documents", n > 0);
    if (!maintain || store_requirement_link_options(r->st, r->a, kind,
                                                    u->provider_id, &x, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (!mgmt_can_maintain(r, x[i].unit_path))
            continue;
        it = tv_push(o);
        tv_int(it, "id", x[i].id);
        tv_str(it, "label",
               arena_printf(r->a, "%s %s (%s)", x[i].code, x[i].name,
                            x[i].unit_name));
        shown++;
    }
    tv_bool(ctx, kind[0] == 'p' ? "has_process_opts" : "has_doc_opts",
            shown > 0);
}

static void add_history(struct req *r, struct tv *ctx,
                        const struct requirement_rec *q, const struct unit *u)
{
    struct tv *cur = tv_list(ctx, "current"), *hist = tv_list(ctx, "history");
    struct req_assessment *x;
    size_t i, j, n;

    if (store_requirement_history(r->st, r->a, q->id, u->path, &x, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(hist);
        int first = 1;

        for (j = 0; j < i && first; j++)
            first = x[j].unit_id != x[i].unit_id;
        tv_str(it, "unit", x[i].unit_name);
        tv_str(it, "assessed_on", x[i].assessed_on);
        tv_str(it, "assessor", x[i].assessor_name);
        tv_str(it, "evidence", x[i].evidence);
        status_cell(r, it, x[i].status, x[i].next_review);
        if (first) {
            it = tv_push(cur);
            tv_str(it, "unit", x[i].unit_name);
            tv_str(it, "unit_code", x[i].unit_code);
            tv_str(it, "assessed_on", x[i].assessed_on);
            status_cell(r, it, x[i].status, x[i].next_review);
        }
    }
    tv_bool(ctx, "has_history", n > 0);
}

static void requirement_page(struct req *r, int status,
                             const struct requirement_rec *q,
                             const struct fielderrs *fe,
                             const struct req_assessment *in)
{
    struct tv *ctx, *qv, *af, *sl;
    int can_read, maintain;
    struct unit u;
    int k;

    if (!mgmt_pick_unit(r, &u, &can_read, 1))
        return;
    if (q->provider_id && q->provider_id != u.provider_id) {
        page_error(r, 404);
        return;
    }
    ctx = page_ctx(r);
    qv = tv_obj(ctx, "q");
    fill_req(r, qv, q);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    tv_bool(ctx, "can_read", can_read);
    maintain = can_read && mgmt_can_maintain(r, NULL);
    add_links(r, ctx, "process", q, &u, maintain);
    add_links(r, ctx, "document", q, &u, maintain);
    if (can_read)
        add_history(r, ctx, q, &u);
    tv_bool(ctx, "can_history", history_may_read(r, NULL, q->provider_id));
    if (maintain) {
        af = tv_obj(ctx, "af");
        tv_bool(ctx, "can_assess", 1);
        mgmt_unit_options(r, ctx, "assess_units", u.provider_id,
                          in ? in->unit_id : u.id, mgmt_can_maintain);
        tv_str(af, "assessed_on", in ? in->assessed_on : req_today(r));
        tv_str(af, "evidence", in ? in->evidence : NULL);
        tv_str(af, "today", req_today(r));
        sl = tv_list(af, "statuses");
        for (k = 0; k < RQS__MAX; k++) {
            struct tv *it = tv_push(sl);
            const char *s = requirement_status_str((enum req_status)k);

            tv_str(it, "value", s);
            tv_str(it, "label", mgmt_status_label(r, s));
            tv_bool(it, "checked", in && in->status && !strcmp(in->status, s));
        }
    }
    if (fe)
        mark_errors(r, ctx, fe);
    page_render(r, status, "requirement", ctx, "req.one_title");
}

static int load(struct req *r, struct requirement_rec *q)
{
    if (store_requirement_get(r->st, r->a, req_id(r, 0), q) != E_OK ||
        !q->active || !mgmt_req_visible(r, q)) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

/* GET /requirements/{id}?unit=CODE: 200; 403/404 as the register. */
void page_requirement(struct req *r)
{
    struct requirement_rec q;

    if (load(r, &q))
        requirement_page(r, 200, &q, NULL, NULL);
}

/* back_to keeps the page's unit for redirects and re-rendering. */
static const char *back_to(struct req *r, int64_t id)
{
    const char *code = kv_get(&r->form, "scope");

    if (code && *code) {
        kv_add(&r->query, "unit", code);
        return arena_printf(r->a, "/requirements/%lld?unit=%s", (long long)id,
                            code);
    }
    return arena_printf(r->a, "/requirements/%lld", (long long)id);
}

/* POST /requirements/{id}/assessments (unit, status, evidence,
 * assessed_on, scope): 303 back; 403 outside the maintain scope; 404 no
 * such requirement; 422 with the fields marked and the input kept. */
void page_requirement_assess(struct req *r)
{
    struct req_assessment x = {0};
    struct fielderrs fe = {0};
    struct requirement_rec q;
    const char *back;
    enum err e;

    if (!load(r, &q))
        return;
    back = back_to(r, q.id);
    r->params[1] = kv_get(&r->form, "unit");
    x.unit_id = req_id(r, 1);
    x.status = kv_get(&r->form, "status");
    x.evidence = kv_get(&r->form, "evidence");
    x.assessed_on = kv_get(&r->form, "assessed_on");
    e = mgmt_assess(r, &q, &x, &fe);
    if (e == E_INVAL) {
        requirement_page(r, 422, &q, &fe, &x);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, arena_printf(r->a, "%s#history", back));
}

/* POST /requirements/{id}/links (kind=process|document, target=ID,
 * op=add|remove, scope): 303 back; 403 without maintain rights at the
 * target's unit; 404 no such requirement or target (or one of another
 * provider); 409 already linked. */
void page_requirement_link(struct req *r)
{
    const char *kind = kv_get(&r->form, "kind"), *op = kv_get(&r->form, "op");
    struct actor who = req_actor(r);
    struct requirement_rec q;
    struct req_link t;
    const char *back;
    int on;
    enum err e;

    if (!load(r, &q))
        return;
    back = back_to(r, q.id);
    if (!mgmt_can_maintain(r, NULL)) {
        page_error(r, 403);
        return;
    }
    if (!kind || (strcmp(kind, "process") && strcmp(kind, "document")) || !op ||
        (strcmp(op, "add") && strcmp(op, "remove"))) {
        page_error_msg(r, 400, "req.err.link");
        return;
    }
    on = strcmp(op, "add") == 0;
    r->params[1] = kv_get(&r->form, "target");
    if (store_requirement_link_get(r->st, r->a, kind, req_id(r, 1), &t) !=
            E_OK ||
        !req_can(r, PERM_READ, t.unit_path) ||
        (q.provider_id &&
         !authz_in_scope(arena_printf(r->a, "/%lld/", (long long)q.provider_id),
                         t.unit_path))) {
        page_error(r, 404);
        return;
    }
    if (!mgmt_can_maintain(r, t.unit_path)) {
        page_error(r, 403);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_requirement_link(r->st, &who, q.id, kind, t.id, on)) ||
        (e = store_commit(r->st)))
        store_rollback(r->st);
    if (e) {
        page_error_msg(r, page_status_for(e),
                       e == E_CONFLICT ? "req.err.linked" : NULL);
        return;
    }
    req_redirect(r, arena_printf(r->a, "%s#links", back));
}
