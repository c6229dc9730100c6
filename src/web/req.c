/* req.c: small request helpers shared by the handlers. */
#include "req.h"

#include <stdlib.h>
#include <string.h>

#include "datetime.h"

const char *req_param(struct req *r, const char *name)
{
    const char *v = kv_get(&r->form, name);

    return v ? v : kv_get(&r->query, name);
}

const struct req_file *req_file(const struct req *r, const char *name, size_t i)
{
    size_t k;

    for (k = 0; k < r->nfiles; k++)
        if (strcmp(r->files[k].field, name) == 0 && i-- == 0)
            return &r->files[k];
    return NULL;
}

int64_t req_id(struct req *r, int i)
{
    const char *s = i < REQ_MAX_PARAMS ? r->params[i] : NULL;
    char *end;
    long long v;

    if (!s || *s < '1' || *s > '9')
        return 0;
    v = strtoll(s, &end, 10);
    return *end || v <= 0 ? 0 : (int64_t)v;
}

struct actor req_actor(const struct req *r)
{
    struct actor a = {0, "system"};

    if (r->user) {
        a.user_id = r->user->id;
        a.name = r->user->username;
    }
    return a;
}

const char *req_today(struct req *r)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_date_sv(&b, datetime_now());
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

int req_can(const struct req *r, enum perm p, const char *unit_path)
{
    return authz_can(r->grants, r->ngrants, p, unit_path);
}

const char *req_widest_scope(const struct req *r, enum perm p)
{
    const char *best = NULL;
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (role_has(r->grants[i].role, p) &&
            (!best || strlen(r->grants[i].unit_path) < strlen(best)))
            best = r->grants[i].unit_path;
    return best ? best : "/none/";
}
