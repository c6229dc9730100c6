/* page_login.c: log-in with throttling, and log-out. */
#include <string.h>

#include "core/auth.h"
#include "datetime.h"
#include "handlers.h"
#include "page.h"
#include "session.h"

/* safe_next keeps a post-log-in redirect on this site: a local absolute
 * path, never "//host" or "/\host". */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
        strpbrk(next, "\r\n"))
        return "/";
    return next;
}

static void show_form(struct req *r, int status, const char *username,
                      const char *error_key)
{
    struct tv *ctx = page_ctx(r);

    tv_str(ctx, "login_csrf", session_prelogin_csrf(r));
    tv_str(ctx, "next", safe_next(req_param(r, "next")));
    tv_str(ctx, "username", username);
    if (error_key)
        tv_str(ctx, "error", page_t(r, error_key));
    page_render(r, status, "login", ctx, "login.title");
}

void page_login_form(struct req *r)
{
    if (r->user) {
        req_redirect(r, safe_next(req_param(r, "next")));
        return;
    }
    show_form(r, 200, NULL, NULL);
}

void page_login(struct req *r)
{
    const char *username = kv_get(&r->form, "username");
    const char *pw = kv_get(&r->form, "password");
    int64_t now = datetime_now();
    long n_user = 0, n_ip = 0;
    struct user u;
    int ok;

    if (!username || !*username || !pw || !*pw) {
        show_form(r, 422, username, "login.missing");
        return;
    }
    if (strlen(username) > 64 || strlen(pw) > AUTH_PASSWORD_MAX) {
        show_form(r, 422, NULL, "login.failed");
        return;
    }
    if (store_login_failures(r->st, username, r->ip, now - AUTH_LOCK_WINDOW,
                             &n_user, &n_ip)) {
        page_error(r, 500);
        return;
    }
    if (auth_throttled(n_user, n_ip)) {
        req_header(r, "Retry-After", "900");
        show_form(r, 429, username, "login.throttled");
        return;
    }
    ok = store_user_by_username(r->st, r->a, username, &u) == E_OK &&
         u.active && auth_password_verify(u.password_hash, pw);
    if (!ok) {
        /* the same answer whether the user exists or not */
        store_login_failure_add(r->st, username, r->ip, now);
        show_form(r, 401, username, "login.failed");
        return;
    }
    if (store_begin(r->st) || store_login_failure_clear(r->st, username) ||
        session_start(r, u.id) ||
        store_audit(r->st, &(struct actor){u.id, u.username}, "login",
                    "app_user", u.id, NULL, NULL) ||
        store_commit(r->st)) {
        store_rollback(r->st);
        page_error(r, 500);
        return;
    }
    req_redirect(r, safe_next(kv_get(&r->form, "next")));
}

void page_logout(struct req *r)
{
    session_end(r);
    req_redirect(r, "/login");
}
