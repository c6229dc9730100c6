/* document_files.c: a controlled document's version may carry an attached
 * file (PDF, DOCX, XLSX, ...) instead of or besides its Markdown body:
 * reading the upload of a draft's save (the draft form and the API's
 * version endpoint), showing it on the document and version pages and in
 * the API, and serving it (GET /documents/{id}/versions/{n}/file and its
 * API twin) with its SHA-256 verified, to exactly those who may read the
 * version. Types, limits and names are core/attach.h's, as for case
 * attachments (docs/internals/uploads.md). */
#include <stdio.h>
#include <string.h>

#include "attachments.h"
#include "core/attach.h"
#include "documents.h"
#include "handlers.h"
#include "page.h"

void docs_upload_read(struct req *r, struct docs_upload *u,
                      struct fielderrs *fe)
{
    const struct req_file *f = req_file(r, "file", 0);
    enum attach_verdict v;
    enum attach_type t;
    unsigned char h[ATTACH_SHA256_BYTES];

    memset(u, 0, sizeof(*u));
    u->op = req_param(r, "remove_file") ? DF_DROP : DF_KEEP;
    if (!f)
        return;
    u->op = DF_SET;
    if (req_file(r, "file", 1)) {
        fielderr_add(fe, "file", "doc.err.one_file");
        u->bad = 1;
        return;
    }
    t = attach_sniff(f->data, f->len);
    v = attach_admit(f->len, t, 0, 0);
    if (v != ATTACH_OK) {
        fielderr_add(fe, "file", attach_verdict_key(v));
        u->too_big = v == ATTACH_TOO_BIG;
        u->bad = 1;
        return;
    }
    attach_name_clean(f->name, t, u->name, sizeof(u->name));
    attach_sha256(f->data, f->len, h);
    attach_hex(h, u->hex);
    u->file.name = u->name;
    u->file.type = attach_type_str(t);
    u->file.sha256 = u->hex;
    u->file.data = f->data;
    u->file.size = (int64_t)f->len;
}

int docs_upload_status(const struct docs_upload *u)
{
    return u && u->too_big ? 413 : 422;
}

void docs_upload_again(struct req *r, const struct docs_upload *u,
                       struct fielderrs *fe)
{
    size_t i;

    (void)r;
    if (!u || u->op != DF_SET || u->bad)
        return;
    for (i = 0; i < fe->n; i++)
        if (strcmp(fe->v[i].field, "file") == 0)
            return;
    /* a browser cannot keep a chosen file across a refused form */
    fielderr_add(fe, "file", "doc.err.file_again");
}

static const char *file_url(struct req *r, const char *prefix, int64_t doc,
                            int no)
{
    return arena_printf(r->a, "%s/documents/%lld/versions/%d/file", prefix,
                        (long long)doc, no);
}

void docs_file_ctx(struct req *r, struct tv *o, int64_t doc_id,
                   const struct docv_rec *v)
{
    struct tv *f;

    if (!v || !v->file_name)
        return;
    f = tv_obj(o, "file");
    tv_str(f, "name", v->file_name);
    tv_str(f, "url", file_url(r, "", doc_id, v->version_no));
    tv_str(f, "size", attachments_human_size(r, v->file_size));
    tv_str(f, "kind",
           page_t(r, arena_printf(r->a, "attach.type.%s",
                                  v->file_type ? v->file_type : "none")));
    tv_str(f, "sha256", v->file_sha256);
}

json_t *docs_file_json(struct req *r, int64_t doc_id, const struct docv_rec *v)
{
    if (!v->file_name)
        return json_null();
    return json_pack("{ss ss? ss sI ss? ss}", "name", v->file_name, "type",
                     v->file_type, "mime",
                     attach_mime(attach_type_from_str(v->file_type)), "size",
                     (json_int_t)v->file_size, "sha256", v->file_sha256, "url",
                     file_url(r, "/api/v1", doc_id, v->version_no));
}

/* The download of a version's file: 404 unless the user may read the
 * version (drafts and versions under review only with read_open, as
 * page_document_version) and it has a file; 500 without a byte of the
 * file when the bytes no longer match their SHA-256. */
void page_document_file(struct req *r)
{
    unsigned char h[ATTACH_SHA256_BYTES];
    char hex[ATTACH_SHA256_HEX];
    struct doc_access ac;
    struct docv_rec v;
    struct doc_rec d;
    int64_t no = req_id(r, 1);
    enum err e;

    if (!docs_visible(r, req_id(r, 0), &d, &ac))
        return;
    if (no <= 0 || no > 100000 ||
        store_docv_get(r->st, r->a, d.id, (int)no, &v) != E_OK ||
        ((!strcmp(v.state, "draft") || !strcmp(v.state, "review")) &&
         !ac.read_open) ||
        !v.file_name) {
        page_error(r, 404);
        return;
    }
    if ((e = store_docv_file(r->st, d.id, v.version_no, &r->out))) {
        buf_release(&r->out);
        page_error(r, page_status_for(e));
        return;
    }
    attach_sha256((const unsigned char *)r->out.p, r->out.len, h);
    attach_hex(h, hex);
    if (r->out.len != (size_t)v.file_size || !v.file_sha256 ||
        strcmp(hex, v.file_sha256) != 0) {
        buf_release(&r->out);
        fprintf(stderr,
                "ska: the file of version %d of document %lld does not "
                "match its SHA-256; not served (run ska check)\n",
                v.version_no, (long long)d.id);
        page_error(r, 500);
        return;
    }
    r->status = 200;
    r->resp_ctype = attach_mime(attach_type_from_str(v.file_type));
    req_header(r, "Content-Disposition",
               attachments_disposition(r, v.file_name));
}
