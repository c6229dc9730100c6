/* store_session.c: sessions, API tokens and failed log-ins. */
#include "datetime.h"
#include "sqlite_int.h"

enum stmt {
    STMT_SESSION_INSERT,
    STMT_SESSION_GET,
    STMT_SESSION_TOUCH,
    STMT_SESSION_DELETE,
    STMT_SESSION_EXPIRE,
    STMT_TOKEN_INSERT,
    STMT_TOKEN_USER,
    STMT_FAIL_COUNT,
    STMT_FAIL_INSERT,
    STMT_FAIL_CLEAR,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_SESSION_INSERT] =
        "INSERT INTO session (token_hash, user_id, csrf, created_at, "
        "last_seen, ip) VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
    [STMT_SESSION_GET] = "SELECT s.user_id, s.created_at, s.last_seen, "
                         "s.csrf FROM session s JOIN app_user au ON "
                         "au.id = s.user_id WHERE s.token_hash = ?1 AND "
                         "au.active = 1",
    [STMT_SESSION_TOUCH] = "UPDATE session SET last_seen = ?2 WHERE "
                           "token_hash = ?1",
    [STMT_SESSION_DELETE] = "DELETE FROM session WHERE token_hash = ?1",
    [STMT_SESSION_EXPIRE] = "DELETE FROM session WHERE last_seen < ?1 OR "
                            "created_at < ?2",
    [STMT_TOKEN_INSERT] = "INSERT INTO api_token (token_hash, user_id, "
                          "created_at) VALUES (?1, ?2, ?3)",
    [STMT_TOKEN_USER] =
        "SELECT t.user_id FROM api_token t JOIN app_user au ON au.id = "
        "t.user_id WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND "
        "au.active = 1",
    [STMT_FAIL_COUNT] =
        "SELECT (SELECT count(*) FROM login_failure WHERE username = ?1 AND "
        "at >= ?3), (SELECT count(*) FROM login_failure WHERE ip = ?2 AND "
        "at >= ?3)",
    [STMT_FAIL_INSERT] = "INSERT INTO login_failure (username, ip, at) "
                         "VALUES (?1, ?2, ?3)",
    [STMT_FAIL_CLEAR] = "DELETE FROM login_failure WHERE username = ?1",
};

const struct sq_table sq_tab_session = {SQ_SESSION, stmts, STMT__MAX};

/* ---- sessions, tokens, throttling ---- */

enum err store_session_create(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES],
                              int64_t user_id, const char *csrf, const char *ip,
                              int64_t t)
{
    return sq_done(st, sq_start(st, &sq_tab_session, STMT_SESSION_INSERT,
                                "hitit", hash, user_id, csrf, t, ip));
}

enum err store_session_get(struct store *st, struct arena *a,
                           const unsigned char hash[AUTH_HASH_BYTES],
                           struct session *out)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_session, STMT_SESSION_GET, "h", hash);
    enum err e = sq_row(st, s);

    if (!e) {
        out->user_id = sq_int(s, 0);
        out->created_at = sq_int(s, 1);
        out->last_seen = sq_int(s, 2);
        out->csrf = sq_str(a, s, 3);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_session_touch(struct store *st,
                             const unsigned char hash[AUTH_HASH_BYTES],
                             int64_t t)
{
    return sq_done(
        st, sq_start(st, &sq_tab_session, STMT_SESSION_TOUCH, "hi", hash, t));
}

enum err store_session_delete(struct store *st,
                              const unsigned char hash[AUTH_HASH_BYTES])
{
    return sq_done(
        st, sq_start(st, &sq_tab_session, STMT_SESSION_DELETE, "h", hash));
}

enum err store_session_expire(struct store *st, int64_t idle_before,
                              int64_t created_before)
{
    return sq_done(st, sq_start(st, &sq_tab_session, STMT_SESSION_EXPIRE, "ii",
                                idle_before, created_before));
}

enum err store_token_create(struct store *st, const struct actor *who,
                            const unsigned char hash[AUTH_HASH_BYTES],
                            int64_t user_id, int64_t t)
{
    enum err e = sq_done(st, sq_start(st, &sq_tab_session, STMT_TOKEN_INSERT,
                                      "hii", hash, user_id, t));

    if (!e)
        e = store_audit(st, who, "create", "api_token",
                        sqlite3_last_insert_rowid(st->db), NULL, NULL);
    return e;
}

enum err store_token_user(struct store *st,
                          const unsigned char hash[AUTH_HASH_BYTES],
                          int64_t *user_id)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_session, STMT_TOKEN_USER, "h", hash);
    enum err e = sq_row(st, s);

    if (!e) {
        *user_id = sq_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_login_failures(struct store *st, const char *username,
                              const char *ip, int64_t since, long *n_user,
                              long *n_ip)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_session, STMT_FAIL_COUNT, "tti",
                               username, ip, since);
    enum err e = sq_row(st, s);

    if (!e) {
        *n_user = (long)sq_int(s, 0);
        *n_ip = (long)sq_int(s, 1);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_login_failure_add(struct store *st, const char *username,
                                 const char *ip, int64_t t)
{
    return sq_done(st, sq_start(st, &sq_tab_session, STMT_FAIL_INSERT, "tti",
                                username, ip, t));
}

enum err store_login_failure_clear(struct store *st, const char *username)
{
    return sq_done(
        st, sq_start(st, &sq_tab_session, STMT_FAIL_CLEAR, "t", username));
}
