/* process.c: the process map's rules: kinds, levels, validation, moves,
 * inventory gaps and the depth-first order of a map. */
#include "process.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "names.h"
#include "utf8.h"

static const char *const kind_names[PK__MAX] = {
    [PK_MANAGEMENT] = "management",
    [PK_CORE] = "core",
    [PK_SUPPORT] = "support",
};

static const char *const gap_names[PG__MAX] = {
    [PG_NO_OWNER] = "no_owner",
    [PG_NO_LEAD] = "no_lead",
    [PG_OWNER_INACTIVE] = "owner_inactive",
    [PG_LEAD_INACTIVE] = "lead_inactive",
    [PG_NOT_DESCRIBED] = "not_described",
    [PG_NO_DOCUMENTS] = "no_documents",
    [PG_NO_INDICATORS] = "no_indicators",
};

const char *process_kind_str(enum process_kind k)
{
    return names_get(kind_names, PK__MAX, (int)k);
}

enum process_kind process_kind_from_str(const char *s)
{
    return (enum process_kind)names_index(kind_names, PK__MAX, s);
}

const char *process_gap_str(enum process_gap g)
{
    return names_get(gap_names, PG__MAX, (int)g);
}

int process_depth(const char *path)
{
    int n = 0;

    if (!path)
        return 0;
    for (; *path; path++)
        n += *path == '/';
    return n > 0 ? n - 1 : 0;
}

const char *process_level_str(int depth)
{
    return depth <= 1 ? "process" : depth == 2 ? "subprocess" : "activity";
}

int process_code_valid(const char *s)
{
    size_t n;

    if (!s || !*s || (n = strlen(s)) > PROCESS_CODE_MAX)
        return 0;
    if (!((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') ||
          (s[0] >= '0' && s[0] <= '9')))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
              (*s >= '0' && *s <= '9') || strchr("_.-", *s)))
            return 0;
    return 1;
}

/* text_ok: NULL or valid UTF-8 of at most max bytes. */
static int text_ok(const char *s, size_t max)
{
    size_t n;

    if (!s)
        return 1;
    n = strlen(s);
    return n <= max && utf8_valid(s, n);
}

void process_validate(const struct process *p, const struct process *parent,
                      struct fielderrs *fe)
{
    enum process_kind k = process_kind_from_str(p->kind);

    if (!p->code || !*p->code)
        fielderr_add(fe, "code", "err.required");
    else if (!process_code_valid(p->code))
        fielderr_add(fe, "code", "process.err.code");
    if (!p->name || !*p->name)
        fielderr_add(fe, "name", "err.required");
    else if (!text_ok(p->name, PROCESS_NAME_MAX))
        fielderr_add(fe, "name", "err.text_200");
    if (k == PK__MAX)
        fielderr_add(fe, "kind", "process.err.kind");
    else if (parent && strcmp(parent->kind, p->kind) != 0)
        fielderr_add(fe, "kind", "process.err.kind_parent");
    if (parent && process_depth(parent->path) >= PROCESS_DEPTH_MAX)
        fielderr_add(fe, "parent", "process.err.depth");
    if (parent && p->id && parent->id == p->id)
        fielderr_add(fe, "parent", "process.err.cycle");
    if (!text_ok(p->description, PROCESS_TEXT_MAX))
        fielderr_add(fe, "description", "process.err.text");
    if (!text_ok(p->quality_requirements, PROCESS_TEXT_MAX))
        fielderr_add(fe, "quality_requirements", "process.err.text");
    if (!text_ok(p->target_levels, PROCESS_TEXT_MAX))
        fielderr_add(fe, "target_levels", "process.err.text");
    if (!text_ok(p->inventory_note, PROCESS_TEXT_MAX))
        fielderr_add(fe, "inventory_note", "process.err.text");
    if (p->described != 0 && p->described != 1)
        fielderr_add(fe, "described", "process.err.described");
    if (p->sort_order < -PROCESS_SORT_MAX || p->sort_order > PROCESS_SORT_MAX)
        fielderr_add(fe, "sort_order", "process.err.sort_order");
    if (p->owner_id < 0)
        fielderr_add(fe, "owner_id", "process.err.user");
    if (p->lead_id < 0)
        fielderr_add(fe, "lead_id", "process.err.user");
    if (p->owner_deputy_id < 0 ||
        (p->owner_deputy_id && p->owner_deputy_id == p->owner_id))
        fielderr_add(fe, "owner_deputy_id", "process.err.deputy");
    if (p->lead_deputy_id < 0 ||
        (p->lead_deputy_id && p->lead_deputy_id == p->lead_id))
        fielderr_add(fe, "lead_deputy_id", "process.err.deputy");
}

const char *process_move_check(const char *path, int height,
                               const char *new_parent)
{
    if (!path || !*path || height < 1)
        return "process.err.move";
    if (!new_parent)
        return height > PROCESS_DEPTH_MAX ? "process.err.depth" : NULL;
    if (strncmp(new_parent, path, strlen(path)) == 0)
        return "process.err.cycle"; /* itself or one of its descendants */
    if (process_depth(new_parent) + height > PROCESS_DEPTH_MAX)
        return "process.err.depth";
    return NULL;
}

unsigned process_gaps(const struct process *p)
{
    unsigned g = 0;

    if (!p->owner_id)
        g |= 1u << PG_NO_OWNER;
    else if (!p->owner_active)
        g |= 1u << PG_OWNER_INACTIVE;
    if (!p->lead_id)
        g |= 1u << PG_NO_LEAD;
    else if (!p->lead_active)
        g |= 1u << PG_LEAD_INACTIVE;
    if (!p->described)
        g |= 1u << PG_NOT_DESCRIBED;
    if (p->ndocs <= 0)
        g |= 1u << PG_NO_DOCUMENTS;
    if (p->ninds <= 0)
        g |= 1u << PG_NO_INDICATORS;
    return g;
}

/* ---- depth-first order ---- */

struct by_id {
    int64_t id;
    size_t i;
};

struct keyed {
    const char *key;
    struct process p;
};

static int cmp_id(const void *pa, const void *pb)
{
    const struct by_id *a = pa, *b = pb;

    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_key(const void *pa, const void *pb)
{
    return strcmp(((const struct keyed *)pa)->key,
                  ((const struct keyed *)pb)->key);
}

static const struct process *find(const struct by_id *ix, size_t n,
                                  const struct process *v, int64_t id)
{
    struct by_id k = {id, 0}, *hit = bsearch(&k, ix, n, sizeof(*ix), cmp_id);

    return hit ? &v[hit->i] : NULL;
}

/* sort_key is the kind's rank, then per ancestor in the set (and p last)
 * its sort order, code and id, each of fixed width so that strcmp orders
 * siblings and puts a parent before its descendants. */
static const char *sort_key(struct arena *a, const struct by_id *ix, size_t n,
                            const struct process *v, const struct process *p,
                            int *level)
{
    enum process_kind k = process_kind_from_str(p->kind);
    struct buf b;
    const char *s = p->path ? p->path : "";
    char *out;

    buf_init(&b, 0);
    buf_addf(&b, "%d", (int)k);
    *level = 0;
    while (*s) {
        const struct process *q;
        char *end;
        long long id;

        if (*s == '/') {
            s++;
            continue;
        }
        id = strtoll(s, &end, 10);
        if (end == s)
            break;
        s = end;
        if (!(q = find(ix, n, v, id)))
            continue;
        (*level)++;
        buf_addf(&b, "%07d%-32.32s%020lld",
                 q->sort_order + PROCESS_SORT_MAX + 1, q->code ? q->code : "",
                 (long long)q->id);
    }
    if (*level == 0) { /* no usable path: the process alone */
        buf_addf(&b, "%07d%-32.32s%020lld",
                 p->sort_order + PROCESS_SORT_MAX + 1, p->code ? p->code : "",
                 (long long)p->id);
        *level = 1;
    }
    out = b.err ? NULL : arena_strdup(a, b.p);
    buf_release(&b);
    return out;
}

enum err process_tree_sort(struct arena *a, struct process *v, size_t n)
{
    struct by_id *ix;
    struct keyed *k;
    size_t i;

    if (n < 1)
        return E_OK;
    ix = arena_alloc(a, n * sizeof(*ix));
    k = arena_alloc(a, n * sizeof(*k));
    if (!ix || !k)
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        ix[i].id = v[i].id;
        ix[i].i = i;
    }
    qsort(ix, n, sizeof(*ix), cmp_id);
    for (i = 0; i < n; i++) {
        k[i].p = v[i];
        if (!(k[i].key = sort_key(a, ix, n, v, &v[i], &k[i].p.level)))
            return E_NOMEM;
    }
    qsort(k, n, sizeof(*k), cmp_key);
    for (i = 0; i < n; i++)
        v[i] = k[i].p;
    return E_OK;
}
