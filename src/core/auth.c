/* auth.c: argon2id passwords and random tokens via libsodium. */
#include "auth.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

/* OWASP's argon2id minimum (19 MiB, 2 passes): a log-in costs tens of
 * milliseconds, and concurrent log-ins stay within the server's memory. */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u << 20)

int auth_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

enum err auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX])
{
    if (crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return E_NOMEM;
    return E_OK;
}

int auth_password_verify(const char *hash, const char *pw)
{
    if (!hash || !pw || !*hash)
        return 0;
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *auth_password_check(const char *pw, const char *username)
{
    size_t n = strlen(pw);

    if (!utf8_valid(pw, n))
        return "password.invalid";
    if (utf8_len(pw) < AUTH_PASSWORD_MIN)
        return "password.too_short";
    if (n > AUTH_PASSWORD_MAX)
        return "password.too_long";
    if (username && strcasecmp(pw, username) == 0)
        return "password.is_username";
    return NULL;
}

void auth_token_new(char out[AUTH_TOKEN_CHARS])
{
    unsigned char raw[32];

    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, AUTH_TOKEN_CHARS, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

int auth_throttled(long user_fails, long ip_fails)
{
    return user_fails >= AUTH_MAX_USER_FAILS || ip_fails >= AUTH_MAX_IP_FAILS;
}

int auth_equal(const char *a, const char *b)
{
    size_t n = strlen(a);

    if (n != strlen(b))
        return 0;
    return sodium_memcmp(a, b, n) == 0;
}
