/* page_account.c: the user's own account: password and language. */
#include <string.h>

#include "core/auth.h"
#include "handlers.h"
#include "page.h"

static void show(struct req *r, int status, const struct fielderrs *fe,
                 const char *flash)
{
    struct tv *ctx = page_ctx(r);

    tv_str(ctx, "email", r->user->email);
    tv_bool(ctx, "lang_sv", strcmp(r->lang, "sv") == 0);
    tv_bool(ctx, "lang_en", strcmp(r->lang, "en") == 0);
    tv_bool(ctx, "has_password", r->user->password_hash != NULL);
    if (flash)
        tv_str(ctx, "flash", page_t(r, flash));
    if (fe)
        page_fielderrs(r, ctx, fe);
    page_render(r, status, "account", ctx, "account.title");
}

void page_account(struct req *r)
{
    const char *ok = kv_get(&r->query, "ok");

    show(r, 200, NULL,
         ok && strcmp(ok, "password") == 0 ? "account.password_changed"
         : ok && strcmp(ok, "lang") == 0   ? "account.lang_changed"
                                           : NULL);
}

void page_account_password(struct req *r)
{
    const char *cur = kv_get(&r->form, "current");
    const char *pw = kv_get(&r->form, "password");
    const char *pw2 = kv_get(&r->form, "password2");
    struct actor who = req_actor(r);
    struct fielderrs fe = {0};
    char hash[AUTH_PWHASH_MAX];
    const char *bad;

    if (!cur || !auth_password_verify(r->user->password_hash, cur))
        fielderr_add(&fe, "current", "err.current_password");
    if (!pw || !*pw)
        fielderr_add(&fe, "password", "err.required");
    else if ((bad = auth_password_check(pw, r->user->username)))
        fielderr_add(&fe, "password", bad);
    else if (!pw2 || strcmp(pw, pw2) != 0)
        fielderr_add(&fe, "password2", "err.password_mismatch");
    if (fe.n) {
        show(r, 422, &fe, NULL);
        return;
    }
    if (auth_password_hash(pw, hash) || store_begin(r->st) ||
        store_user_set_password(r->st, &who, r->user->id, hash,
                                r->has_session ? r->sess_hash : NULL) ||
        store_commit(r->st)) {
        store_rollback(r->st);
        page_error(r, 500);
        return;
    }
    req_redirect(r, "/account?ok=password");
}

void page_account_lang(struct req *r)
{
    const char *lang = kv_get(&r->form, "lang");
    struct actor who = req_actor(r);
    struct user u = *r->user;

    if (!lang || (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0)) {
        page_error(r, 400);
        return;
    }
    u.lang = lang;
    if (store_begin(r->st) || store_user_update(r->st, &who, &u) ||
        store_commit(r->st)) {
        store_rollback(r->st);
        page_error(r, 500);
        return;
    }
    req_redirect(r, "/account?ok=lang");
}
