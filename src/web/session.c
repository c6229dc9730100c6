/* session.c: sessions, API tokens, trusted-header SSO, CSRF tokens. */
#include "session.h"

#include <stdio.h>
#include <string.h>

#include "authcache.h"
#include "core/auth.h"
#include "datetime.h"

static void set_cookie(struct req *r, const char *name, const char *val,
                       long max_age)
{
    char *c = arena_printf(r->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
                           name, val, r->cfg->secure_cookies ? "; Secure" : "",
                           max_age < 0 ? "; Max-Age=0" : "");

    if (c)
        req_header(r, "Set-Cookie", c);
}

/* load_user fills r->user and r->grants for an active user. */
static int load_user(struct req *r, int64_t user_id)
{
    struct user *u = arena_alloc(r->a, sizeof(*u));

    if (!u || store_user_get(r->st, r->a, user_id, u) || !u->active)
        return 0;
    if (store_grants(r->st, r->a, u->id, req_today(r), &r->grants, &r->ngrants))
        return 0;
    r->user = u;
    return 1;
}

static void set_lang(struct req *r)
{
    r->lang = r->user->lang && strcmp(r->user->lang, "en") == 0 ? "en" : "sv";
}

/* cached fills the request from the cache; 1 on a hit. */
static int cached(struct req *r, const unsigned char key[AUTH_HASH_BYTES],
                  struct authcache_val *v)
{
    if (!authcache_get(key, r->a, v))
        return 0;
    r->user = v->user;
    r->grants = v->grants;
    r->ngrants = v->ngrants;
    return 1;
}

static void cache(struct req *r, const unsigned char key[AUTH_HASH_BYTES],
                  const char *csrf, int64_t created_at, int64_t last_seen)
{
    struct authcache_val v = {r->user, r->grants,  r->ngrants,
                              csrf,    created_at, last_seen};

    authcache_put(key, &v);
}

static void load_bearer(struct req *r, const char *auth)
{
    unsigned char h[AUTH_HASH_BYTES];
    struct authcache_val v;
    int64_t uid;

    auth += strlen("Bearer ");
    while (*auth == ' ')
        auth++;
    auth_token_hash(auth, h);
    if (cached(r, h, &v) && !v.csrf) {
        r->via_token = 1;
    } else if (store_token_user(r->st, h, &uid) == E_OK && load_user(r, uid)) {
        r->via_token = 1;
        cache(r, h, NULL, 0, 0);
    } else {
        r->user = NULL;
        return;
    }
    set_lang(r);
}

static void load_cookie(struct req *r, const char *tok)
{
    struct authcache_val v;
    struct session s;
    int64_t now = datetime_now();

    auth_token_hash(tok, r->sess_hash);
    if (cached(r, r->sess_hash, &v) && v.csrf) {
        s.user_id = r->user->id;
        s.created_at = v.created_at;
        s.last_seen = v.last_seen;
        s.csrf = v.csrf;
    } else {
        r->user = NULL;
        if (store_session_get(r->st, r->a, r->sess_hash, &s) ||
            !load_user(r, s.user_id))
            return;
        cache(r, r->sess_hash, s.csrf, s.created_at, s.last_seen);
    }
    if (s.last_seen < now - AUTH_IDLE_SECONDS ||
        s.created_at < now - AUTH_MAX_SECONDS) {
        r->user = NULL;
        r->grants = NULL;
        r->ngrants = 0;
        store_session_delete(r->st, r->sess_hash);
        authcache_invalidate();
        set_cookie(r, SESSION_COOKIE, "", -1);
        return;
    }
    set_lang(r);
    r->has_session = 1;
    r->csrf = s.csrf;
    /* write at most once a minute: a read must not cost a disk sync; the
     * server does it after the request's read transaction (server.c) */
    if (s.last_seen < now - AUTH_TOUCH_SECONDS) {
        r->touch_session = 1;
        authcache_touch(r->sess_hash, now);
    }
}

/* load_header trusts the SSO proxy's header (only with --auth-header) and
 * keeps a session for the CSRF token. */
static void load_header(struct req *r, const char *username)
{
    struct user u;

    if (r->user && strcmp(r->user->username, username) == 0)
        return;
    r->user = NULL;
    r->has_session = 0;
    if (store_user_by_username(r->st, r->a, username, &u) || !u.active)
        return;
    if (session_start(r, u.id) == E_OK && load_user(r, u.id))
        set_lang(r);
}

void session_load(struct req *r)
{
    const char *auth = req_in_header(r, "Authorization");
    const char *tok = kv_get(&r->cookies, SESSION_COOKIE);
    const char *lang = kv_get(&r->cookies, "ska_lang");

    if (lang && (strcmp(lang, "en") == 0 || strcmp(lang, "sv") == 0))
        r->lang = lang;
    if (auth && strncmp(auth, "Bearer ", 7) == 0) {
        load_bearer(r, auth);
        return;
    }
    if (tok && strlen(tok) < 100)
        load_cookie(r, tok);
    if (r->cfg->auth_header) {
        const char *who = req_in_header(r, r->cfg->auth_header);

        if (who && *who)
            load_header(r, who);
        else if (r->user)
            session_end(r); /* the proxy no longer vouches for anyone */
    }
}

const char *session_prelogin_csrf(struct req *r)
{
    const char *c = kv_get(&r->cookies, PRELOGIN_COOKIE);
    char tok[AUTH_TOKEN_CHARS];

    if (c && strlen(c) == AUTH_TOKEN_CHARS - 1)
        return c;
    auth_token_new(tok);
    set_cookie(r, PRELOGIN_COOKIE, tok, 0);
    return arena_strdup(r->a, tok);
}

int session_csrf_ok(struct req *r)
{
    const char *want, *got;

    if (r->via_token)
        return 1;
    want = r->user ? r->csrf : kv_get(&r->cookies, PRELOGIN_COOKIE);
    got = kv_get(&r->form, "_csrf");
    if (!got)
        got = req_in_header(r, "X-CSRF-Token");
    return want && got && *want && auth_equal(want, got);
}

enum err session_start(struct req *r, int64_t user_id)
{
    char tok[AUTH_TOKEN_CHARS], csrf[AUTH_TOKEN_CHARS];
    int64_t now = datetime_now();
    enum err e;

    auth_token_new(tok);
    auth_token_new(csrf);
    auth_token_hash(tok, r->sess_hash);
    /* housekeeping: drop everyone's expired sessions on each log-in */
    store_session_expire(r->st, now - AUTH_IDLE_SECONDS,
                         now - AUTH_MAX_SECONDS);
    e = store_session_create(r->st, r->sess_hash, user_id, csrf, r->ip, now);
    if (e)
        return e;
    r->has_session = 1;
    r->csrf = arena_strdup(r->a, csrf);
    set_cookie(r, SESSION_COOKIE, tok, 0);
    return E_OK;
}

void session_end(struct req *r)
{
    if (r->has_session)
        store_session_delete(r->st, r->sess_hash);
    authcache_invalidate();
    r->has_session = 0;
    r->user = NULL;
    set_cookie(r, SESSION_COOKIE, "", -1);
}
