/* tmpl_set.c: sets of compiled templates: adding one (tmpl_compile.c does
 * the work), linking partials and refusing unknown or recursive ones, and
 * loading every embedded assets/templates/NAME.html at startup. A set
 * lives in its own arena and is read-only once linked. */
#include <string.h>

#include "asset.h"
#include "tmpl_int.h"

struct tmpl_set *tmpl_set_new(void)
{
    struct arena *a = arena_new();
    struct tmpl_set *s = a ? arena_alloc(a, sizeof(*s)) : NULL;

    if (!s) {
        arena_free(a);
        return NULL;
    }
    s->a = a;
    return s;
}

void tmpl_set_free(struct tmpl_set *s)
{
    if (s)
        arena_free(s->a); /* s itself lives in the arena */
}

static struct tmpl *tmpl_find(const struct tmpl_set *s, const char *name)
{
    struct tmpl *t;

    if (!s || !name)
        return NULL;
    for (t = s->list; t; t = t->next)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

const struct tmpl *tmpl_get(const struct tmpl_set *s, const char *name)
{
    return tmpl_find(s, name);
}

enum err tmpl_set_add(struct tmpl_set *s, const char *name, const char *src,
                      size_t len, struct buf *errmsg)
{
    struct comp c = {0};
    struct tmpl *t;
    const char *copy;

    if (!s || !name || (!src && len))
        return E_INVAL;
    c.set = s;
    c.name = name;
    if (!tmpl_compile_name(&c, name, strlen(name), 0)) {
        if (errmsg)
            buf_addf(errmsg, "%s: bad template name\n", name);
        return E_INVAL;
    }
    if (tmpl_get(s, name)) {
        if (errmsg)
            buf_addf(errmsg, "%s: defined twice\n", name);
        return E_CONFLICT;
    }
    t = arena_alloc(s->a, sizeof(*t));
    copy = arena_strndup(s->a, src ? src : "", len);
    if (t)
        t->name = arena_strdup(s->a, name);
    if (!t || !copy || !t->name)
        return E_NOMEM;
    s->linked = 0;
    if (tmpl_compile(&c, t, copy, len)) {
        if (strcmp(c.err, "out of memory") == 0)
            return E_NOMEM;
        if (errmsg)
            buf_addf(errmsg, "%s:%d: %s\n", name, c.line, c.err);
        return E_INVAL;
    }
    t->set = s;
    t->next = s->list;
    s->list = t;
    return E_OK;
}

/* resolve links the partials under nd; returns the number of errors. */
static int resolve(struct tmpl_set *s, struct tmpl *t, struct node *nd,
                   struct buf *errmsg)
{
    int bad = 0;

    for (; nd; nd = nd->next) {
        if (nd->kind == N_PARTIAL) {
            nd->part = tmpl_find(s, nd->name);
            if (!nd->part) {
                bad++;
                if (errmsg)
                    buf_addf(errmsg, "%s:%d: unknown partial %s\n", t->name,
                             nd->line, nd->name);
            }
        }
        bad += resolve(s, t, nd->child, errmsg);
    }
    return bad;
}

static int visit(struct tmpl *t, struct buf *errmsg);

/* visit_nodes follows the partial edges under nd depth-first; returns 1
 * when one leads back to a template still being visited. */
static int visit_nodes(struct tmpl *t, const struct node *nd,
                       struct buf *errmsg)
{
    for (; nd; nd = nd->next) {
        if (nd->kind == N_PARTIAL &&
            (nd->part->mark == 1 ||
             (nd->part->mark == 0 && visit(nd->part, errmsg)))) {
            if (errmsg)
                buf_addf(errmsg, "%s:%d: recursive partial %s\n", t->name,
                         nd->line, nd->name);
            return 1;
        }
        if (visit_nodes(t, nd->child, errmsg))
            return 1;
    }
    return 0;
}

static int visit(struct tmpl *t, struct buf *errmsg)
{
    int r;

    t->mark = 1;
    r = visit_nodes(t, t->first, errmsg);
    t->mark = 2;
    return r;
}

enum err tmpl_set_link(struct tmpl_set *s, struct buf *errmsg)
{
    struct tmpl *t;
    int bad = 0;

    if (!s)
        return E_INVAL;
    for (t = s->list; t; t = t->next) {
        bad += resolve(s, t, t->first, errmsg);
        t->mark = 0;
    }
    for (t = s->list; t && !bad; t = t->next)
        if (!t->mark)
            bad += visit(t, errmsg);
    s->linked = !bad;
    return bad ? E_INVAL : E_OK;
}

static const char *base_name(const char *path, size_t *n)
{
    static const char pre[] = "templates/", suf[] = ".html";
    size_t len = strlen(path);
    const char *slash;

    if (strncmp(path, pre, sizeof(pre) - 1) != 0 ||
        len < sizeof(pre) - 1 + sizeof(suf) - 1 ||
        strcmp(path + len - (sizeof(suf) - 1), suf) != 0)
        return NULL;
    slash = strrchr(path, '/');
    *n = (size_t)(path + len - (sizeof(suf) - 1) - (slash + 1));
    return slash + 1;
}

enum err tmpl_set_load(struct tmpl_set **out, struct buf *errmsg)
{
    struct tmpl_set *s = tmpl_set_new();
    const struct asset *as;
    enum err rc = E_OK;

    *out = NULL;
    if (!s)
        return E_NOMEM;
    for (as = assets; as->path; as++) {
        const char *base;
        char *name;
        size_t n;
        enum err e;

        base = base_name(as->path, &n);
        if (!base)
            continue;
        name = arena_strndup(s->a, base, n);
        if (!name) {
            rc = E_NOMEM;
            goto out;
        }
        e = tmpl_set_add(s, name, (const char *)as->data, as->len, errmsg);
        if (e == E_NOMEM) {
            rc = e;
            goto out;
        }
        if (e)
            rc = E_INVAL; /* keep going to report every template */
    }
    if (!rc)
        rc = tmpl_set_link(s, errmsg);
out:
    if (rc)
        tmpl_set_free(s);
    else
        *out = s;
    return rc;
}
