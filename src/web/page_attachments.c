/* page_attachments.c: adding attachments to a case (case page and API,
 * multipart/form-data) and downloading one. Who may download is exactly
 * who may see the case; the checksum is verified on every download. */
#include <stdio.h>
#include <string.h>

#include "attachments.h"
#include "core/attach.h"
#include "handlers.h"
#include "page.h"

/* load: the case of route capture 0 when the user may see it (its
 * reporter, or a reader at its unit: the case page's rule); else 404, so
 * case numbers do not leak. */
static int load(struct req *r, struct case_rec *c, struct cases_access *ac)
{
    if (store_case_get(r->st, r->a, req_id(r, 0), c) != E_OK) {
        page_error(r, 404);
        return 0;
    }
    *ac = cases_access_of(r, c);
    if (!ac->reporter && !ac->read) {
        page_error(r, 404);
        return 0;
    }
    return 1;
}

/* add checks and stores the request's files (field; NULL: all) as
 * attachments of c in one transaction, under the case's limits counted
 * inside it. E_INVAL with fe filled (*too_big for a file over the size
 * limit). */
static enum err add(struct req *r, const struct case_rec *c, const char *field,
                    struct fielderrs *fe, int *too_big)
{
    int64_t files, bytes;
    enum err e;

    *too_big = 0;
    if (!(field ? req_file(r, field, 0) : r->nfiles ? &r->files[0] : NULL)) {
        fielderr_add(fe, "files", "attach.err.none");
        return E_INVAL;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_attach_usage(r->st, c->id, &files, &bytes)) ||
        (e = attachments_check(r, field, files, bytes, fe, too_big)) ||
        (e = attachments_store(r, c->id, field)) || (e = store_commit(r->st)))
        store_rollback(r->st);
    return e;
}

void page_case_attach_add(struct req *r)
{
    struct fielderrs fe = {0};
    struct cases_access ac;
    struct case_rec c;
    int too_big;
    enum err e;

    if (!load(r, &c, &ac))
        return;
    if (!attachments_may_add(r, &c, &ac)) {
        page_error(r, 403);
        return;
    }
    e = add(r, &c, "files", &fe, &too_big);
    if (e == E_INVAL) {
        cases_page(r, too_big ? 413 : 422, &c, &fe);
        return;
    }
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(
        r, arena_printf(r->a, "/cases/%lld#attachments", (long long)c.id));
}

void api_case_attach_add(struct req *r)
{
    struct fielderrs fe = {0};
    struct cases_access ac;
    struct case_rec c;
    int too_big;
    enum err e;

    if (!load(r, &c, &ac))
        return;
    if (!attachments_may_add(r, &c, &ac)) {
        page_error(r, 403);
        return;
    }
    e = add(r, &c, NULL, &fe, &too_big);
    if (e == E_INVAL && too_big)
        page_error_msg(r, 413, "attach.err.too_big");
    else if (e == E_INVAL)
        page_api_fielderrs(r, &fe);
    else if (e)
        page_error(r, page_status_for(e));
    else
        page_json(
            r, 201,
            json_pack("{so}", "attachments", attachments_json(r, &c, &ac)));
}

/* The download of /cases/{id}/attachments/{aid} and its API twin. */
void page_case_attachment(struct req *r)
{
    unsigned char h[ATTACH_SHA256_BYTES];
    struct cases_access ac;
    struct attach_rec x;
    struct case_rec c;
    enum err e;

    if (!load(r, &c, &ac))
        return;
    e = store_attach_get(r->st, r->a, req_id(r, 1), &x, NULL);
    if (e || x.case_id != c.id) {
        page_error(r, e && e != E_NOTFOUND ? 500 : 404);
        return;
    }
    if ((e = store_attach_get(r->st, r->a, x.id, &x, &r->out))) {
        buf_release(&r->out);
        page_error(r, page_status_for(e));
        return;
    }
    attach_sha256((const unsigned char *)r->out.p, r->out.len, h);
    if (r->out.len != (size_t)x.size || memcmp(h, x.sha256, sizeof(h)) != 0) {
        buf_release(&r->out);
        fprintf(stderr,
                "ska: attachment %lld of case %lld does not match its "
                "SHA-256; not served (run ska check)\n",
                (long long)x.id, (long long)c.id);
        page_error(r, 500);
        return;
    }
    r->status = 200;
    r->resp_ctype = attach_mime(attach_type_from_str(x.type));
    req_header(r, "Content-Disposition", attachments_disposition(r, x.name));
}
