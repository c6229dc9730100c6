/* tmpl_render.c: rendering a compiled template with a value: mustache
 * lookup along the context stack, sections, partials, messages, and each
 * value escaped for the context the compiler recorded. */
#include <string.h>

#include "i18n.h"
#include "tmpl_int.h"

struct frame {
    const struct tv *obj;
    const struct frame *up;
};

static const struct tv *tv_member(const struct tv *o, const char *key)
{
    const struct tv *v;

    if (!o || o->kind != TV_OBJ)
        return NULL;
    for (v = o->u.c.head; v; v = v->next)
        if (strcmp(v->key, key) == 0)
            return v;
    return NULL;
}

static int tv_truthy(const struct tv *v)
{
    if (!v)
        return 0;
    switch (v->kind) {
    case TV_STR:
        return v->u.s[0] != '\0';
    case TV_INT:
    case TV_BOOL:
        return v->u.i != 0;
    case TV_HTML:
        return v->u.h.len != 0;
    case TV_OBJ:
        return 1;
    case TV_LIST:
        return v->u.c.head != NULL;
    case TV_NULL:
        break;
    }
    return 0;
}

/* lookup: the first path segment is searched from the innermost object
 * outwards, the rest strictly inside it. */
static const struct tv *lookup(const struct frame *f, const char **path,
                               size_t n)
{
    const struct tv *v = NULL;
    size_t i;

    for (; f && !v; f = f->up)
        v = tv_member(f->obj, path[0]);
    for (i = 1; v && i < n; i++)
        v = tv_member(v, path[i]);
    return v && v->kind != TV_NULL ? v : NULL;
}

static void put_str(struct buf *b, enum out_ctx ctx, const char *s, size_t n)
{
    switch (ctx) {
    case O_TEXT:
    case O_ATTR:
        html_textn(b, s, n);
        break;
    case O_URL:
        html_urln(b, s, n);
        break;
    case O_URLPART:
        html_url_part(b, s, n);
        break;
    }
}

static void put_value(struct buf *b, enum out_ctx ctx, const struct tv *v)
{
    if (!v)
        return;
    switch (v->kind) {
    case TV_STR:
        put_str(b, ctx, v->u.s, strlen(v->u.s));
        break;
    case TV_INT:
        html_num(b, v->u.i);
        break;
    case TV_HTML:
        if (ctx == O_TEXT)
            html_raw(b, v->u.h); /* trust carried by the type */
        else
            put_str(b, ctx, v->u.h.p, v->u.h.len);
        break;
    default: /* bools, objects and lists print nothing */
        break;
    }
}

static void render_nodes(const struct node *nd, const struct frame *f,
                         const char *lang, struct buf *b)
{
    for (; nd && !b->err; nd = nd->next) {
        const struct tv *v = NULL;
        struct frame in;

        if (nd->kind == N_VAR || nd->kind == N_SECTION ||
            nd->kind == N_INVERTED)
            v = lookup(f, nd->path, nd->npath);
        switch (nd->kind) {
        case N_TEXT:
            html_raw(b, nd->text); /* template literal */
            break;
        case N_VAR:
            put_value(b, nd->ctx, v);
            break;
        case N_I18N: {
            const char *s = i18n_get(lang, nd->name);

            put_str(b, nd->ctx, s, strlen(s));
            break;
        }
        case N_SECTION:
            if (!tv_truthy(v))
                break;
            in.up = f;
            if (v->kind == TV_LIST) {
                for (in.obj = v->u.c.head; in.obj && !b->err;
                     in.obj = in.obj->next)
                    render_nodes(nd->child, &in, lang, b);
            } else if (v->kind == TV_OBJ) {
                in.obj = v;
                render_nodes(nd->child, &in, lang, b);
            } else {
                render_nodes(nd->child, f, lang, b);
            }
            break;
        case N_INVERTED:
            if (!tv_truthy(v))
                render_nodes(nd->child, f, lang, b);
            break;
        case N_PARTIAL:
            render_nodes(nd->part->first, f, lang, b);
            break;
        }
    }
}

enum err tmpl_render(const struct tmpl *t, const struct tv *ctx,
                     const char *lang, struct buf *out)
{
    struct frame root = {ctx, NULL};

    if (!t || !t->set->linked)
        return E_INVAL;
    if (!ctx)
        return E_NOMEM;
    if (ctx->root->err)
        return ctx->root->err;
    render_nodes(t->first, &root, lang, out);
    return out->err;
}

enum err tmpl_render_safe(const struct tmpl *t, const struct tv *ctx,
                          const char *lang, struct arena *a,
                          struct html_safe *out)
{
    struct buf b;
    enum err rc;
    char *p;

    out->p = "";
    out->len = 0;
    buf_init(&b, 0);
    rc = tmpl_render(t, ctx, lang, &b);
    if (rc)
        goto out;
    p = arena_strndup(a, b.p, b.len);
    if (!p) {
        rc = E_NOMEM;
        goto out;
    }
    out->p = p;
    out->len = b.len;
out:
    buf_release(&b);
    return rc;
}
