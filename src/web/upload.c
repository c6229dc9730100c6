/* upload.c: multipart/form-data through MHD_create_post_processor (see
 * upload.h). The post processor calls part() with each part's bytes in
 * pieces (off counts up from 0 within a part); a part's bytes collect in a
 * bounded buf, and the part is filed as a field or a file when the next one
 * starts or the body ends. */
#include "upload.h"

#include <microhttpd.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "utf8.h"

#define PP_BUFFER 16384 /* the post processor's working buffer */

struct upload {
    struct arena *a;
    struct MHD_PostProcessor *pp;
    size_t limit;
    int bad;
    /* the part being read */
    int open, is_file;
    const char *key, *filename;
    struct buf *val;
    /* finished parts */
    struct kvlist fields;
    struct req_file *files;
    size_t nfiles, nparts;
};

int upload_is_multipart(const char *ctype)
{
    return ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0;
}

static void release(void *arg)
{
    struct upload *u = arg;

    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    u->pp = NULL;
}

static void release_buf(void *arg)
{
    buf_release(arg);
}

/* close_part files the part being read: a field (UTF-8 name and value)
 * or a file. An empty part with an empty file name is a file input left
 * empty and is dropped. */
static void close_part(struct upload *u)
{
    struct req_file *f;

    if (!u->open)
        return;
    u->open = 0;
    if (u->val->err || !utf8_valid(u->key, strlen(u->key))) {
        u->bad = 1;
        return;
    }
    if (!u->is_file) {
        if (strlen(u->val->p) != u->val->len ||
            !utf8_valid(u->val->p, u->val->len) ||
            kv_add(&u->fields, u->key, u->val->p))
            u->bad = 1;
        return;
    }
    if (u->val->len == 0 && !*u->filename)
        return;
    f = &u->files[u->nfiles++];
    f->field = u->key;
    f->name = u->filename;
    f->data = (const unsigned char *)u->val->p;
    f->len = u->val->len;
}

static int open_part(struct upload *u, const char *key, const char *filename)
{
    if (++u->nparts > UPLOAD_MAX_PARTS)
        return -1;
    u->key = arena_strdup(u->a, key ? key : "");
    u->filename = filename ? arena_strdup(u->a, filename) : NULL;
    u->is_file = filename != NULL;
    u->val = arena_alloc(u->a, sizeof(*u->val));
    if (!u->key || (filename && !u->filename) || !u->val)
        return -1;
    buf_init(u->val, u->limit);
    if (arena_defer(u->a, release_buf, u->val))
        return -1;
    u->open = 1;
    return 0;
}

/* same_part: a call with off 0 continues the open part only while that
 * part is still empty and has the same name and file name (the post
 * processor may announce a part before its first bytes). */
static int same_part(const struct upload *u, const char *key,
                     const char *filename)
{
    return u->open && u->val->len == 0 && strcmp(u->key, key ? key : "") == 0 &&
           (filename ? u->filename && strcmp(u->filename, filename) == 0
                     : !u->filename);
}

static enum MHD_Result part(void *cls, enum MHD_ValueKind kind, const char *key,
                            const char *filename, const char *content_type,
                            const char *transfer_encoding, const char *data,
                            uint64_t off, size_t size)
{
    struct upload *u = cls;

    (void)kind;
    (void)content_type; /* never trusted: attachments are sniffed */
    (void)transfer_encoding;
    if (u->bad)
        return MHD_NO;
    if (off == 0 && !same_part(u, key, filename)) {
        close_part(u);
        if (u->bad || open_part(u, key, filename)) {
            u->bad = 1;
            return MHD_NO;
        }
    }
    if (size)
        buf_add(u->val, data, size);
    if (u->val->err) {
        u->bad = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

struct upload *upload_new(struct arena *a, void *conn, size_t limit)
{
    struct upload *u = arena_alloc(a, sizeof(*u));

    if (!u)
        return NULL;
    u->a = a;
    u->limit = limit;
    kv_init(&u->fields, a);
    u->files = arena_alloc(a, UPLOAD_MAX_PARTS * sizeof(*u->files));
    if (!u->files)
        return NULL;
    u->pp = MHD_create_post_processor(conn, PP_BUFFER, part, u);
    if (!u->pp)
        return NULL;
    if (arena_defer(a, release, u))
        return NULL;
    return u;
}

int upload_feed(struct upload *u, const char *data, size_t n)
{
    if (u->bad || !u->pp)
        return -1;
    if (MHD_post_process(u->pp, data, n) != MHD_YES)
        u->bad = 1;
    return u->bad ? -1 : 0;
}

enum err upload_finish(struct upload *u, struct kvlist *form,
                       const struct req_file **files, size_t *nfiles)
{
    size_t i;

    if (u->pp && MHD_destroy_post_processor(u->pp) != MHD_YES)
        u->bad = 1; /* the body ended inside a part */
    u->pp = NULL;
    close_part(u);
    if (u->bad)
        return E_INVAL;
    for (i = 0; i < u->fields.n; i++)
        if (kv_add(form, u->fields.v[i].key, u->fields.v[i].val))
            return E_NOMEM;
    *files = u->files;
    *nfiles = u->nfiles;
    return E_OK;
}
