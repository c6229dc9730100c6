/* page.c: layout, navigation, error pages and shared page helpers. */
#include "page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "i18n.h"
#include "notify.h"

const char *page_t(const struct req *r, const char *key)
{
    return i18n_get(r->lang, key);
}

const char *page_mime(const char *path)
{
    static const struct {
        const char *ext, *mime;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".woff2", "font/woff2"},
    };
    const char *dot = strrchr(path, '.');
    size_t i;

    for (i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].mime;
    return "application/octet-stream";
}

const char *page_login_url(struct req *r)
{
    struct buf b;
    const char *s;

    buf_init(&b, 4096);
    buf_adds(&b, "/login?next=");
    html_url_part(&b, r->path, strlen(r->path));
    s = b.err ? "/login" : arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

const char *page_datetime(struct req *r, int64_t utc)
{
    struct buf b;
    const char *s;

    buf_init(&b, 64);
    datetime_fmt_sv(&b, utc);
    s = arena_strdup(r->a, b.p);
    buf_release(&b);
    return s;
}

/* The navigation: what each user's roles allow, nothing more. An entry is
 * current on its page and every page below it (the administration hub for
 * all of /admin), and under the paths of nav_also. */
static const struct nav_item {
    const char *href, *key;
    enum perm perm;
} nav_items[] = {
    {"/", "nav.home", PERM_NONE},
    {"/report", "nav.report", PERM_REPORT},
    {"/cases", "nav.cases", PERM_NONE},
    {"/actions", "nav.actions", PERM_NONE},
    {"/documents", "nav.documents", PERM_NONE},
    {"/inbox", "nav.inbox", PERM_NONE},
    {"/dashboard", "nav.dashboard", PERM_READ},
    {"/processes", "nav.processes", PERM_NONE},
    {"/status", "nav.status", PERM_READ},
    {"/admin", "nav.admin", PERM_QUALITY},
    {"/admin", "nav.admin", PERM_ADMIN},
    {"/account", "nav.account", PERM_NONE},
};

/* Pages without an entry of their own, marked as another entry's: the
 * indicator catalogue is reached from the dashboard ("Indikatorer"). */
static const struct nav_also {
    const char *href, *under;
} nav_also[] = {
    {"/dashboard", "/indicators"},
};

/* under: path is prefix itself or lies below it. */
static int under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);

    return strcmp(path, prefix) == 0 ||
           (n > 1 && strncmp(path, prefix, n) == 0 && path[n] == '/');
}

/* nav_current: the entry href is the current page's. */
static int nav_current(const char *path, const char *href)
{
    size_t i;

    if (under(path, href))
        return 1;
    for (i = 0; i < sizeof(nav_also) / sizeof(nav_also[0]); i++)
        if (strcmp(nav_also[i].href, href) == 0 &&
            under(path, nav_also[i].under))
            return 1;
    return 0;
}

static void add_nav(struct req *r, struct tv *ctx)
{
    struct tv *list = tv_list(ctx, "nav");
    size_t i;

    for (i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
        const struct nav_item *n = &nav_items[i];
        size_t unread;
        struct tv *it;

        if (n->perm != PERM_NONE &&
            !authz_can(r->grants, r->ngrants, n->perm, NULL))
            continue;
        /* one link for either of two permissions: shown once */
        if (i > 0 && strcmp(nav_items[i - 1].href, n->href) == 0 &&
            authz_can(r->grants, r->ngrants, nav_items[i - 1].perm, NULL))
            continue;
        it = tv_push(list);
        tv_str(it, "href", n->href);
        unread = strcmp(n->href, "/inbox") == 0 ? notify_unread(r) : 0;
        tv_str(it, "label",
               unread
                   ? arena_printf(r->a, "%s (%zu)", page_t(r, n->key), unread)
                   : page_t(r, n->key));
        tv_bool(it, "current", nav_current(r->path, n->href));
    }
}

struct tv *page_ctx(struct req *r)
{
    struct tv *ctx = tv_new(r->a);
    const struct asset *css = asset_find("css/ska.css");
    const struct asset *js = asset_find("js/ska.js");

    tv_str(ctx, "lang", r->lang);
    tv_str(ctx, "csrf", r->csrf);
    tv_str(ctx, "path", r->path);
    /* cache-busting: the ETag without its quotes */
    tv_str(ctx, "css_v", css ? arena_strndup(r->a, css->etag + 1, 16) : "");
    tv_str(ctx, "js_v", js ? arena_strndup(r->a, js->etag + 1, 16) : "");
    if (r->user) {
        struct tv *u = tv_obj(ctx, "user");

        tv_str(u, "name", r->user->name);
        tv_str(u, "username", r->user->username);
        add_nav(r, ctx);
    }
    return ctx;
}

void page_render(struct req *r, int status, const char *name, struct tv *ctx,
                 const char *title_key)
{
    const struct tmpl *body = tmpl_get(r->cfg->tmpl, name);
    const struct tmpl *layout = tmpl_get(r->cfg->tmpl, "layout");
    struct html_safe h;

    if (!body || !layout ||
        tmpl_render_safe(body, ctx, r->lang, r->a, &h) != E_OK) {
        r->out.err = E_NOMEM; /* the server answers 500 */
        return;
    }
    tv_html(ctx, "body", h);
    tv_str(ctx, "title", page_t(r, title_key));
    buf_clear(&r->out);
    if (tmpl_render(layout, ctx, r->lang, &r->out) != E_OK)
        r->out.err = E_NOMEM;
    r->status = status;
    r->resp_ctype = "text/html; charset=utf-8";
}

static const char *status_code(int status)
{
    switch (status) {
    case 400:
        return "bad_request";
    case 401:
        return "unauthorized";
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "payload_too_large";
    case 422:
        return "invalid";
    case 429:
        return "too_many_requests";
    default:
        return "internal_error";
    }
}

void page_json(struct req *r, int status, json_t *j)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH) : NULL;

    json_decref(j);
    buf_clear(&r->out);
    if (!s) {
        r->out.err = E_NOMEM;
        return;
    }
    buf_adds(&r->out, s);
    buf_addc(&r->out, '\n');
    free(s);
    r->status = status;
    r->resp_ctype = "application/json; charset=utf-8";
}

void page_error_msg(struct req *r, int status, const char *msg_key)
{
    struct tv *ctx;
    char key[32];

    if (!msg_key) {
        snprintf(key, sizeof(key), "err.http.%d", status);
        msg_key = arena_strdup(r->a, key);
    }
    if (r->is_api) {
        page_json(r, status,
                  json_pack("{s{si ss ss}}", "error", "status", status, "code",
                            status_code(status), "message",
                            i18n_get("en", msg_key)));
        return;
    }
    ctx = page_ctx(r);
    tv_int(ctx, "status", status);
    tv_str(ctx, "message", page_t(r, msg_key));
    snprintf(key, sizeof(key), "err.title.%d", status);
    /* error.html shows the title as its h1; page_render only sets it for
     * the layout after the body is rendered */
    tv_str(ctx, "title", page_t(r, arena_strdup(r->a, key)));
    page_render(r, status, "error", ctx, arena_strdup(r->a, key));
}

void page_error(struct req *r, int status)
{
    page_error_msg(r, status, NULL);
}

void page_fielderrs(struct req *r, struct tv *ctx, const struct fielderrs *fe)
{
    struct tv *list = tv_list(ctx, "errors");
    size_t i;

    for (i = 0; i < fe->n; i++) {
        struct tv *it = tv_push(list);
        const char *msg = page_t(r, fe->v[i].msg);

        tv_str(it, "field", fe->v[i].field);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "field.%s", fe->v[i].field)));
        tv_str(it, "message", msg);
        tv_str(ctx, arena_printf(r->a, "err_%s", fe->v[i].field), msg);
    }
    tv_bool(ctx, "has_errors", fe->n > 0);
}

void page_api_fielderrs(struct req *r, const struct fielderrs *fe)
{
    json_t *fields = json_object();
    size_t i;

    for (i = 0; i < fe->n; i++)
        json_object_set_new(fields, fe->v[i].field,
                            json_string(i18n_get("en", fe->v[i].msg)));
    page_json(r, 422,
              json_pack("{s{si ss ss so}}", "error", "status", 422, "code",
                        "invalid", "message",
                        "Some fields are not valid; see fields.", "fields",
                        fields));
}

int page_status_for(enum err e)
{
    switch (e) {
    case E_OK:
        return 200;
    case E_INVAL:
        return 422;
    case E_NOTFOUND:
        return 404;
    case E_CONFLICT:
        return 409;
    case E_DENIED:
        return 403;
    default:
        return 500;
    }
}

json_t *page_body_json(struct req *r)
{
    json_error_t jerr;
    json_t *j;

    if (strncmp(r->ctype, "application/json", 16) != 0) {
        page_error_msg(r, 415, "err.json_type");
        return NULL;
    }
    j = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j || !json_is_object(j)) {
        json_decref(j);
        page_error_msg(r, 400, "err.json");
        return NULL;
    }
    return j;
}

const char *page_jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);

    return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *page_json_time(int64_t utc)
{
    struct buf b;
    json_t *j;

    if (!utc)
        return json_null();
    buf_init(&b, 64);
    datetime_fmt_iso(&b, utc);
    j = b.err ? json_null() : json_string(b.p);
    buf_release(&b);
    return j;
}

json_t *page_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}
