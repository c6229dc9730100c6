/* attachments.c: case attachments shared by the report form, the case
 * page and the API (attachments.h). */
#include "attachments.h"

#include <string.h>

#include "core/attach.h"
#include "page.h"

int attachments_may_add(const struct req *r, const struct case_rec *c,
                        const struct cases_access *ac)
{
    enum case_state s = case_state_from_str(c->state);

    (void)r;
    if (ac->handle && s != CS_CLOSED && s != CS_REJECTED && s != CS__MAX)
        return 1;
    return ac->reporter && s == CS_NEW;
}

enum err attachments_check(struct req *r, const char *field, int64_t files,
                           int64_t bytes, struct fielderrs *fe, int *too_big)
{
    size_t i;

    *too_big = 0;
    for (i = 0; i < r->nfiles; i++) {
        const struct req_file *f = &r->files[i];
        enum attach_verdict v;

        if (field && strcmp(f->field, field) != 0)
            continue;
        v = attach_admit(f->len, attach_sniff(f->data, f->len), files, bytes);
        if (v != ATTACH_OK) {
            fielderr_add(fe, "files", attach_verdict_key(v));
            *too_big = v == ATTACH_TOO_BIG;
            return E_INVAL;
        }
        files++;
        bytes += (int64_t)f->len;
    }
    return E_OK;
}

enum err attachments_store(struct req *r, int64_t case_id, const char *field)
{
    struct actor who = req_actor(r);
    char name[ATTACH_NAME_MAX + 16];
    size_t i;
    enum err e;

    for (i = 0; i < r->nfiles; i++) {
        const struct req_file *f = &r->files[i];
        struct attach_rec x = {0};
        enum attach_type t;

        if (field && strcmp(f->field, field) != 0)
            continue;
        t = attach_sniff(f->data, f->len);
        if (t == ATTACH__MAX)
            return E_INVAL; /* attachments_check was skipped */
        attach_name_clean(f->name, t, name, sizeof(name));
        x.case_id = case_id;
        x.name = name;
        x.type = attach_type_str(t);
        x.size = (int64_t)f->len;
        x.data = f->data;
        attach_sha256(f->data, f->len, x.sha256);
        if ((e = store_attach_add(r->st, &who, &x)))
            return e;
    }
    return E_OK;
}

const char *attachments_human_size(struct req *r, int64_t n)
{
    if (n < 1024)
        return arena_printf(r->a, "%lld byte", (long long)n);
    if (n < 1024 * 1024)
        return arena_printf(r->a, "%lld kB", (long long)((n + 1023) / 1024));
    n = (n * 10 + (1 << 19)) >> 20; /* tenths of a MiB, rounded */
    return arena_printf(r->a, "%lld,%lld MB", (long long)(n / 10),
                        (long long)(n % 10));
}

/* uploader names who added an attachment, except a confidential reporter
 * to those who may not know them (as on the case page); NULL then. */
static const char *uploader(const struct case_rec *c,
                            const struct cases_access *ac,
                            const struct attach_rec *x)
{
    if (c->confidential && x->uploaded_by == c->reporter_id && !ac->manage &&
        !ac->reporter)
        return NULL;
    return x->uploader_name;
}

enum err attachments_case_section(struct req *r, struct tv *ctx,
                                  const struct case_rec *c,
                                  const struct cases_access *ac)
{
    struct tv *list = tv_list(ctx, "attachments");
    struct attach_rec *x;
    size_t i, n;
    enum err e;

    tv_bool(ctx, "att_section", 1);
    if ((e = store_attach_list(r->st, r->a, c->id, &x, &n)))
        return e;
    tv_bool(ctx, "att_has", n > 0);
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", x[i].id);
        tv_int(it, "case_id", c->id);
        tv_str(it, "name", x[i].name);
        tv_str(it, "size", attachments_human_size(r, x[i].size));
        tv_str(it, "kind",
               page_t(r, arena_printf(r->a, "attach.type.%s", x[i].type)));
        tv_str(it, "when", page_datetime(r, x[i].uploaded_at));
        tv_str(it, "who", uploader(c, ac, &x[i]));
    }
    if (attachments_may_add(r, c, ac)) {
        tv_bool(ctx, "att_can_add", 1);
        tv_str(ctx, "att_accept", ATTACHMENTS_ACCEPT);
    }
    return E_OK;
}

json_t *attachments_json(struct req *r, const struct case_rec *c,
                         const struct cases_access *ac)
{
    struct attach_rec *x;
    json_t *arr;
    size_t i, n;

    if (store_attach_list(r->st, r->a, c->id, &x, &n))
        return NULL;
    arr = json_array();
    for (i = 0; arr && i < n; i++) {
        char hex[ATTACH_SHA256_HEX];

        attach_hex(x[i].sha256, hex);
        json_array_append_new(
            arr,
            json_pack("{sI ss ss ss sI ss so so ss}", "id", (json_int_t)x[i].id,
                      "name", x[i].name, "type", x[i].type, "mime",
                      attach_mime(attach_type_from_str(x[i].type)), "size",
                      (json_int_t)x[i].size, "sha256", hex, "uploaded_at",
                      page_json_time(x[i].uploaded_at), "uploaded_by",
                      page_json_str(uploader(c, ac, &x[i])), "url",
                      arena_printf(r->a, "/api/v1/cases/%lld/attachments/%lld",
                                   (long long)c->id, (long long)x[i].id)));
    }
    return arr;
}

const char *attachments_disposition(struct req *r, const char *name)
{
    char ascii[ATTACH_NAME_MAX + 16];
    const char *s;
    struct buf b;

    attach_name_ascii(name, ascii, sizeof(ascii));
    buf_init(&b, 2048);
    buf_addf(&b, "attachment; filename=\"%s\"; filename*=UTF-8''", ascii);
    for (s = name; *s; s++) {
        unsigned char ch = (unsigned char)*s;

        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9') || strchr("!#$&+-.^_`|~", ch))
            buf_addc(&b, (char)ch);
        else
            buf_addf(&b, "%%%02X", ch);
    }
    s = b.err ? "attachment" : arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}
