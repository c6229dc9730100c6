/* tmpl_value.c: building template values (tv_*, tmpl.h) in a request's
 * arena. An allocation failure is remembered on the root, and later calls
 * do nothing; tmpl_render reports it. Reading values is tmpl_render.c's. */
#include <string.h>

#include "tmpl_int.h"

struct tv *tv_new(struct arena *a)
{
    struct tv_root *r;
    struct tv *o;

    if (!a)
        return NULL;
    r = arena_alloc(a, sizeof(*r));
    o = r ? arena_alloc(a, sizeof(*o)) : NULL;
    if (!o)
        return NULL;
    r->a = a;
    o->kind = TV_OBJ;
    o->root = r;
    return o;
}

static struct tv *tv_add(struct tv *o, const char *key, enum tv_kind kind)
{
    struct tv *v;

    if (!o || o->root->err)
        return NULL;
    if (o->kind != TV_OBJ || !key) {
        o->root->err = E_INVAL;
        return NULL;
    }
    v = arena_alloc(o->root->a, sizeof(*v));
    if (!v) {
        o->root->err = E_NOMEM;
        return NULL;
    }
    v->kind = kind;
    v->root = o->root;
    v->key = key;
    v->next = o->u.c.head;
    o->u.c.head = v;
    return v;
}

void tv_str(struct tv *o, const char *key, const char *val)
{
    struct tv *v = tv_add(o, key, val ? TV_STR : TV_NULL);

    if (v)
        v->u.s = val;
}

void tv_int(struct tv *o, const char *key, long long i)
{
    struct tv *v = tv_add(o, key, TV_INT);

    if (v)
        v->u.i = i;
}

void tv_bool(struct tv *o, const char *key, int b)
{
    struct tv *v = tv_add(o, key, TV_BOOL);

    if (v)
        v->u.i = b != 0;
}

void tv_html(struct tv *o, const char *key, struct html_safe h)
{
    struct tv *v = tv_add(o, key, h.p ? TV_HTML : TV_NULL);

    if (v)
        v->u.h = h;
}

struct tv *tv_obj(struct tv *o, const char *key)
{
    return tv_add(o, key, TV_OBJ);
}

struct tv *tv_list(struct tv *o, const char *key)
{
    return tv_add(o, key, TV_LIST);
}

struct tv *tv_push(struct tv *list)
{
    struct tv *v;

    if (!list || list->root->err)
        return NULL;
    if (list->kind != TV_LIST) {
        list->root->err = E_INVAL;
        return NULL;
    }
    v = arena_alloc(list->root->a, sizeof(*v));
    if (!v) {
        list->root->err = E_NOMEM;
        return NULL;
    }
    v->kind = TV_OBJ;
    v->root = list->root;
    if (list->u.c.tail)
        list->u.c.tail->next = v;
    else
        list->u.c.head = v;
    list->u.c.tail = v;
    return v;
}
