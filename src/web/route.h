/* route.h: the route table (cgit's cmd.c idea). Each route names the
 * permission a user needs somewhere in the org tree to reach it; handlers
 * then check the specific record's unit with authz_can. An HTTP test walks
 * this table, so a route without an entry in the authorisation matrix
 * fails the build's tests. */
#ifndef SKA_ROUTE_H
#define SKA_ROUTE_H

#include "core/authz.h"
#include "req.h"

enum route_flag {
    R_PUBLIC = 1, /* reachable without logging in */
    R_API = 2,    /* JSON in and out; errors as JSON */
    R_UPLOAD = 4, /* takes multipart/form-data up to ROUTE_UPLOAD_MAX */
};

/* The body limit of an R_UPLOAD route sent as multipart/form-data (other
 * bodies stay at 1 MiB): room for one 10 MiB file and the form's fields. */
#define ROUTE_UPLOAD_MAX ((size_t)12 << 20)

struct route {
    const char *method;  /* "GET", "POST", "PATCH", "DELETE" */
    const char *pattern; /* "/admin/units/{id}": {..} captures a segment */
    void (*fn)(struct req *r);
    enum perm perm;
    unsigned flags;
    const char *summary; /* for the OpenAPI document */
};

extern const struct route routes[];

/* route_match finds the route for method and path and fills r->params.
 * Returns NULL when nothing matches; *other_method is then set when the
 * path exists for another method (405). HEAD matches GET routes. */
const struct route *route_match(struct req *r, const char *method,
                                const char *path, int *other_method);

#endif
