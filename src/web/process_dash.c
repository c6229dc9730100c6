/* process_dash.c: the indicator dashboard for one process (GET
 * /dashboard?process=ID, page_dashboard.c): the indicators linked to the
 * process and its sub-processes, and those of their patient groups. */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "process_web.h"

int process_dash_begin(struct req *r, struct process_dash *d)
{
    const char *s = kv_get(&r->query, "process");
    struct process p;

    memset(d, 0, sizeof(*d));
    if (!s || !*s)
        return 1;
    r->params[3] = s;
    if (store_process_get(r->st, r->a, req_id(r, 3), &p) != E_OK ||
        !process_may_see(r, &p)) {
        page_error(r, 404);
        return 0;
    }
    if (store_process_indicator_ids(r->st, r->a, p.path, &d->ids, &d->n)) {
        page_error(r, 500);
        return 0;
    }
    d->active = 1;
    d->id = p.id;
    /* the process's unit when the user reads there, else their own scope */
    d->unit_code = req_can(r, PERM_READ, p.unit_path) ? p.unit_code : NULL;
    d->name = arena_printf(r->a, "%s %s", p.code, p.name);
    return 1;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

    return x < y ? -1 : x > y;
}

size_t process_dash_filter(const struct process_dash *d, struct indicator *v,
                           size_t n)
{
    size_t i, k = 0;

    if (!d->active)
        return n;
    for (i = 0; i < n; i++)
        if (d->n && bsearch(&v[i].id, d->ids, d->n, sizeof(*d->ids), cmp_id))
            v[k++] = v[i];
    return k;
}

enum err process_of_section(struct req *r, struct tv *ctx, const char *what,
                            int64_t id)
{
    struct process_link *p;
    struct tv *l = tv_list(ctx, "processes");
    size_t i, n;

    enum err e;

    if ((e = store_processes_of(r->st, r->a, what, id, &p, &n)))
        return e;
    tv_bool(ctx, "has_processes", n > 0);
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(l);

        tv_int(it, "id", p[i].id);
        tv_str(it, "code", p[i].label);
        tv_str(it, "name", p[i].text);
    }
    return E_OK;
}
