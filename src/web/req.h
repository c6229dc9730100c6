/* req.h: one HTTP request as the handlers see it, and its response. The
 * server (server.c) fills the request, the router picks a handler, the
 * handler fills the response. Everything lives in r->a, the request's
 * arena, except r->out, which is handed to libmicrohttpd. */
#ifndef SKA_REQ_H
#define SKA_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "asset.h"
#include "buf.h"
#include "kv.h"
#include "store/store.h"

#define REQ_MAX_PARAMS 4
#define REQ_MAX_HEADERS 8

/* A file of a multipart/form-data body (R_UPLOAD routes): the form field
 * it came in, the file name the client gave (raw, not yet cleaned; "" when
 * none) and its bytes. The client's Content-Type is not kept: nothing may
 * trust it. Everything lives until the request ends. */
struct req_file {
    const char *field, *name;
    const unsigned char *data;
    size_t len;
};

struct req {
    struct arena *a;
    struct store *st;
    const struct server_cfg *cfg;

    /* the request */
    const char *method, *path, *ip;
    struct kvlist query, form, cookies;
    const char *ctype; /* Content-Type of the body, or "" */
    const char *body;  /* raw body (NUL-terminated) */
    size_t body_len;
    const struct req_file *files; /* multipart files, in body order */
    size_t nfiles;
    const char *params[REQ_MAX_PARAMS]; /* {id} captures of the route */
    int is_api, is_head;
    void *conn; /* struct MHD_Connection *, server.c only */

    /* who is asking: user NULL when nobody is logged in */
    struct user *user;
    struct grant *grants;
    size_t ngrants;
    unsigned char sess_hash[AUTH_HASH_BYTES];
    int has_session, via_token, touch_session;
    const char *csrf; /* the token forms must echo */
    const char *lang; /* "sv" or "en" */

    /* the response */
    int status;
    const char *resp_ctype;
    struct buf out;
    const struct asset *asset; /* static body instead of out */
    const char *hdr_name[REQ_MAX_HEADERS], *hdr_val[REQ_MAX_HEADERS];
    int nhdr;
};

/* Server configuration, fixed after start. */
struct server_cfg {
    const char *auth_header; /* trusted SSO header name, or NULL */
    int secure_cookies;      /* set the Secure flag (behind TLS) */
    struct tmpl_set *tmpl;
};

/* req_header adds a response header (copied into the arena). */
void req_header(struct req *r, const char *name, const char *val);
/* req_in_header returns a request header's value, or NULL. */
const char *req_in_header(struct req *r, const char *name);
/* req_redirect answers 303 See Other to a local path. */
void req_redirect(struct req *r, const char *path);
/* req_param returns the form value (POST) or query value (GET), or NULL. */
const char *req_param(struct req *r, const char *name);
/* req_file returns the i-th file (0-based) sent in form field name, or
 * NULL. Parts without a file name and without bytes (a file input left
 * empty) are not files. */
const struct req_file *req_file(const struct req *r, const char *name,
                                size_t i);
/* req_id parses route capture i as a positive id; 0 when malformed. */
int64_t req_id(struct req *r, int i);
/* req_actor describes the logged-in user for the audit log. */
struct actor req_actor(const struct req *r);
/* req_can reports whether the user holds perm at the unit with this path
 * (NULL path: anywhere). */
int req_can(const struct req *r, enum perm p, const char *unit_path);
/* req_widest_scope is the shortest unit path where the user holds perm (an
 * administrator usually holds one), or a path matching nothing. */
const char *req_widest_scope(const struct req *r, enum perm p);
/* req_today is the Stockholm date "YYYY-MM-DD" of now. */
const char *req_today(struct req *r);

#endif
