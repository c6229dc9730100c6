/* server.c: libmicrohttpd glue. Collects a request (with size limits and
 * UTF-8 validation), finds who is asking, routes it, and sends the response
 * with the security headers. Writes one access-log line per request. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "authcache.h"
#include "datetime.h"
#include "i18n.h"
#include "notify.h"
#include "page.h"
#include "route.h"
#include "session.h"
#include "tmpl.h"
#include "upload.h"
#include "utf8.h"

#define BODY_MAX ((size_t)1 << 20)    /* 1 MiB: forms and JSON */
#define HEADER_MEM ((size_t)32 << 10) /* per-connection header memory */
#define PATH_MAX_LEN 2048

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

struct conn_ctx {
    struct arena *a;
    struct buf body;
    int too_big;
    struct timeval t0;
    /* multipart/form-data to an R_UPLOAD route: parsed as it arrives */
    struct upload *up;
    int up_bad;
    size_t limit, received;
};

static struct store_pool *pool;
static struct server_cfg cfg;
static atomic_int in_flight;

/* The access log is written in blocks, not one write per request: lines
 * collect in log_buf and go to stderr when it passes LOG_FLUSH bytes or,
 * from the main thread, once a second. */
#define LOG_FLUSH 8192
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static struct buf log_buf;

/* log_write sends the buffered lines; the caller holds log_mu. */
static void log_write(void)
{
    if (log_buf.len) {
        fwrite(log_buf.p, 1, log_buf.len, stderr);
        fflush(stderr);
        buf_clear(&log_buf);
    }
}

static void log_flush(void)
{
    pthread_mutex_lock(&log_mu);
    log_write();
    pthread_mutex_unlock(&log_mu);
}

static void log_line(const char *line, size_t n)
{
    pthread_mutex_lock(&log_mu);
    buf_add(&log_buf, line, n);
    if (log_buf.err) { /* cannot grow: write through */
        buf_clear(&log_buf);
        fwrite(line, 1, n, stderr);
    } else if (log_buf.len > LOG_FLUSH) {
        log_write();
    }
    pthread_mutex_unlock(&log_mu);
}

/* ---- helpers used by handlers (declared in req.h) ---- */

void req_header(struct req *r, const char *name, const char *val)
{
    if (r->nhdr < REQ_MAX_HEADERS) {
        r->hdr_name[r->nhdr] = name;
        r->hdr_val[r->nhdr++] = arena_strdup(r->a, val);
    }
}

const char *req_in_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

void req_redirect(struct req *r, const char *path)
{
    r->status = 303;
    req_header(r, "Location", path);
}

/* ---- collecting the request ---- */

struct utf8_check {
    int bad;
    struct kvlist *into;
};

/* collect_arg rejects keys and values that are not UTF-8 or that hold a
 * NUL (a decoded %00 shows as a size beyond the C string's length). */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
                                   const char *key, size_t key_size,
                                   const char *value, size_t value_size)
{
    struct utf8_check *c = cls;

    (void)kind;
    if (strlen(key) != key_size || !utf8_valid(key, key_size) ||
        (value &&
         (strlen(value) != value_size || !utf8_valid(value, value_size)))) {
        c->bad = 1;
        return MHD_NO;
    }
    if (c->into && kv_add(c->into, key, value ? value : ""))
        c->bad = 1;
    return MHD_YES;
}

static const char *client_ip(struct MHD_Connection *conn, struct arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char s[INET6_ADDRSTRLEN] = "?";

    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;

        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, s,
                      sizeof(s));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                      s, sizeof(s));
    }
    return arena_strdup(a, s);
}

/* ---- static assets ---- */

static int serve_static(struct req *r)
{
    const char *p = r->path + strlen("/static/");
    const struct asset *as;
    const char *inm;

    /* only what the browser needs; never templates or migrations */
    if (strncmp(p, "css/", 4) != 0 && strncmp(p, "js/", 3) != 0 &&
        strncmp(p, "icons/", 6) != 0)
        return 0;
    if (!(as = asset_find(p)))
        return 0;
    r->status = 200;
    inm = req_in_header(r, "If-None-Match");
    if (inm && strcmp(inm, as->etag) == 0)
        r->status = 304;
    else
        r->asset = as;
    r->resp_ctype = page_mime(p);
    req_header(r, "ETag", as->etag);
    /* URLs carry ?v=ETAG (page.c), so a change gets a new URL */
    req_header(r, "Cache-Control", "public, max-age=31536000, immutable");
    return 1;
}

/* body_limit picks how much body a request may send: ROUTE_UPLOAD_MAX
 * for multipart/form-data to an R_UPLOAD route, else BODY_MAX. For such
 * uploads it starts the multipart parser (cc->up), or notes that the body
 * cannot be parsed (cc->up_bad: no boundary). */
static void body_limit(struct MHD_Connection *conn, struct conn_ctx *cc,
                       const char *url, const char *method)
{
    struct req probe = {0};
    const struct route *rt;
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    int other;

    cc->limit = BODY_MAX;
    if (!upload_is_multipart(ct))
        return;
    probe.a = cc->a;
    rt = route_match(&probe, method, url, &other);
    if (!rt || !(rt->flags & R_UPLOAD))
        return;
    cc->limit = ROUTE_UPLOAD_MAX;
    if (!(cc->up = upload_new(cc->a, conn, ROUTE_UPLOAD_MAX)))
        cc->up_bad = 1;
}

/* ---- dispatch ---- */

static void dispatch(struct req *r)
{
    const struct route *rt;
    int other;
    const char *m = r->method;

    if (strncmp(r->path, "/static/", 8) == 0 &&
        (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0) && serve_static(r))
        return;
    rt = route_match(r, m, r->path, &other);
    r->is_api = strncmp(r->path, "/api/", 5) == 0;
    if (!rt) {
        session_load(r); /* the error page shows the user's navigation */
        page_error(r, other ? 405 : 404);
        return;
    }
    session_load(r);
    if (!r->user && !(rt->flags & R_PUBLIC)) {
        if (r->is_api)
            page_error(r, 401);
        else
            req_redirect(r, page_login_url(r));
        return;
    }
    if (r->user && !authz_can(r->grants, r->ngrants, rt->perm, NULL) &&
        rt->perm != PERM_NONE) {
        page_error(r, 403);
        return;
    }
    if (strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 &&
        !session_csrf_ok(r)) {
        page_error_msg(r, 403, "err.csrf");
        return;
    }
    rt->fn(r);
    if (r->status == 0)
        page_error(r, 500);
}

/* ---- the response ---- */

static void free_buf(void *p)
{
    free(p);
}

static enum MHD_Result respond(struct MHD_Connection *conn, struct req *r,
                               struct conn_ctx *cc, int64_t user_id)
{
    struct MHD_Response *resp;
    struct timeval t1;
    enum MHD_Result ret;
    size_t len = 0;
    int i;

    if (r->out.err) {
        buf_release(&r->out);
        r->status = 500;
        r->asset = NULL;
        buf_adds(&r->out, "Internt fel / Internal error\n");
        r->resp_ctype = "text/plain; charset=utf-8";
    }
    if (r->asset && r->status == 200 && !r->is_head) {
        len = r->asset->len;
        resp = MHD_create_response_from_buffer(len, (void *)r->asset->data,
                                               MHD_RESPMEM_PERSISTENT);
    } else if (r->is_head || r->status == 304) {
        len = r->asset ? r->asset->len : r->out.len;
        buf_release(&r->out);
        resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
    } else {
        char *body = buf_take(&r->out, &len);

        resp = body ? MHD_create_response_from_buffer_with_free_callback(
                          len, body, free_buf)
                    : NULL;
        if (!resp)
            free(body);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
    if (r->resp_ctype)
        MHD_add_response_header(resp, "Content-Type", r->resp_ctype);
    if (!r->asset && r->status != 304)
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (i = 0; i < r->nhdr; i++)
        MHD_add_response_header(resp, r->hdr_name[i], r->hdr_val[i]);
    ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    gettimeofday(&t1, NULL);
    {
        char line[2600];
        int n =
            snprintf(line, sizeof(line), "%s %s %s %d %zu %lldus user=%lld\n",
                     r->ip, r->method, r->path, r->status, len,
                     (long long)((t1.tv_sec - cc->t0.tv_sec) * 1000000LL +
                                 (t1.tv_usec - cc->t0.tv_usec)),
                     (long long)user_id);

        if (n > 0)
            log_line(line,
                     (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
    }
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_size, void **req_cls)
{
    struct conn_ctx *cc = *req_cls;
    struct utf8_check chk = {0};
    struct req r = {0};
    enum MHD_Result ret;
    const char *cl;
    int read_tx, is_read;

    (void)cls;
    (void)version;
    if (!cc) {
        if (!(cc = calloc(1, sizeof(*cc))) || !(cc->a = arena_new())) {
            free(cc);
            return MHD_NO;
        }
        gettimeofday(&cc->t0, NULL);
        buf_init(&cc->body, BODY_MAX);
        body_limit(conn, cc, url, method);
        cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > cc->limit)
            cc->too_big = 1;
        *req_cls = cc;
        atomic_fetch_add(&in_flight, 1);
        return MHD_YES;
    }
    if (*upload_size) {
        cc->received += *upload_size;
        if (cc->received > cc->limit)
            cc->too_big = 1;
        /* after an error the rest is read and dropped, then answered */
        if (!cc->too_big && !cc->up_bad && cc->up) {
            cc->up_bad = upload_feed(cc->up, upload_data, *upload_size) != 0;
        } else if (!cc->too_big && !cc->up_bad) {
            buf_add(&cc->body, upload_data, *upload_size);
            if (cc->body.err)
                cc->too_big = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }

    r.a = cc->a;
    r.conn = conn;
    r.cfg = &cfg;
    r.method = method;
    r.path = url;
    r.ip = client_ip(conn, r.a);
    r.is_head = strcmp(method, "HEAD") == 0;
    r.lang = "sv";
    buf_init(&r.out, 0);
    kv_init(&r.query, r.a);
    kv_init(&r.form, r.a);
    kv_init(&r.cookies, r.a);
    r.ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                          MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!r.ctype)
        r.ctype = "";
    r.body = cc->body.p;
    r.body_len = cc->body.len;
    r.is_api = strncmp(url, "/api/", 5) == 0;

    if (cc->too_big) {
        page_error_msg(&r, 413,
                       cc->limit > BODY_MAX ? "err.upload_too_big" : NULL);
        goto send;
    }
    if (cc->up_bad || (cc->up && upload_finish(cc->up, &r.form, &r.files,
                                               &r.nfiles) != E_OK)) {
        page_error(&r, 400);
        goto send;
    }
    chk.into = &r.query;
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg, &chk);
    chk.into = NULL;
    MHD_get_connection_values_n(conn, MHD_HEADER_KIND, collect_arg, &chk);
    if (chk.bad || strlen(url) > PATH_MAX_LEN ||
        !utf8_valid(url, strlen(url)) ||
        (strncmp(r.ctype, "application/x-www-form-urlencoded", 33) == 0 &&
         kv_parse_urlencoded(&r.form, r.body, r.body_len)) ||
        kv_parse_cookies(&r.cookies, MHD_lookup_connection_value(
                                         conn, MHD_HEADER_KIND, "Cookie"))) {
        page_error(&r, 400);
        goto send;
    }
    r.st = store_pool_get(pool);
    /* A GET reads in one transaction: one snapshot and one lock instead of
     * one per query. With --auth-header a GET may create a session, so it
     * runs without one. */
    is_read = r.is_head || strcmp(method, "GET") == 0;
    read_tx = is_read && !cfg.auth_header && store_read_begin(r.st) == E_OK;
    dispatch(&r);
    if (read_tx)
        store_read_end(r.st);
    if (!is_read)
        authcache_invalidate(); /* a change may touch who may do what */
    if (r.touch_session)
        store_session_touch(r.st, r.sess_hash, datetime_now());
    store_pool_put(pool, r.st);
    r.st = NULL;
send:
    ret = respond(conn, &r, cc, r.user ? r.user->id : 0);
    buf_release(&r.out);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct conn_ctx *cc = *req_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (!cc)
        return;
    buf_release(&cc->body);
    arena_free(cc->a);
    free(cc);
    *req_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

/* ---- start and stop ---- */

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    char *end;
    long port;

    if (!colon || (size_t)(colon - s) >= sizeof(host))
        return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = '\0';
    port = strtol(colon + 1, &end, 10);
    if (*end || colon[1] == '\0' || port < 0 || port > 65535)
        return -1;
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int server_run(const struct server_opts *o)
{
    struct MHD_Daemon *d = NULL;
    struct sockaddr_in sa;
    struct buf err;
    const union MHD_DaemonInfo *di;
    int threads = o->threads, sig, rc = 1, waited;
    sigset_t set;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

    if (parse_listen(o->listen, &sa)) {
        fprintf(stderr, "ska serve: --listen must be HOST:PORT with an IPv4 "
                        "address, e.g. 127.0.0.1:8080.\n");
        return 2;
    }
    if (threads <= 0)
        threads = ncpu > 0 ? (int)ncpu * 2 : 4;
    buf_init(&log_buf, (size_t)1 << 20);
    buf_init(&err, 0);
    if (i18n_load(&err) || tmpl_set_load(&cfg.tmpl, &err)) {
        fprintf(stderr,
                "ska serve: the built-in templates do not load: "
                "%s\n",
                err.p);
        buf_release(&err);
        return 1;
    }
    if (i18n_check(&err))
        fprintf(stderr,
                "ska serve: warning: the message catalogues "
                "differ: %s\n",
                err.p);
    buf_release(&err);
    cfg.auth_header = o->auth_header;
    cfg.secure_cookies = o->secure_cookies;
    if (!(pool = store_pool_new(o->db, threads)))
        goto out;
    if (notify_start(o->db, o->smtp_url, o->smtp_from))
        fprintf(stderr, "ska serve: cannot start the e-mail worker\n");
    /* SIGTERM and SIGINT are taken by sigwait below; block them before
     * MHD starts its threads so they inherit the mask. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                             MHD_USE_ITC | MHD_USE_ERROR_LOG,
                         0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                         MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
                         MHD_OPTION_CONNECTION_MEMORY_LIMIT, HEADER_MEM,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
                         MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                         MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "ska serve: cannot listen on %s (%s).\n", o->listen,
                strerror(errno));
        goto out;
    }
    di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("ska: listening on http://%s:%u/\n", inet_ntoa(sa.sin_addr),
           di ? di->port : ntohs(sa.sin_port));
    fflush(stdout);
    for (;;) {
        struct timespec one = {1, 0};

        sig = sigtimedwait(&set, NULL, &one);
        log_flush();
        if (sig > 0)
            break;
    }
    fprintf(stderr, "ska: signal %d, finishing requests in flight\n", sig);
    MHD_quiesce_daemon(d);
    for (waited = 0; atomic_load(&in_flight) > 0 && waited < 100; waited++)
        usleep(100 * 1000);
    rc = 0;
out:
    if (d)
        MHD_stop_daemon(d);
    notify_stop();
    log_flush();
    buf_release(&log_buf);
    store_pool_free(pool);
    tmpl_set_free(cfg.tmpl);
    authcache_free();
    return rc;
}
