/* auth.h: passwords (argon2id), random tokens and their hashes, and the
 * policy numbers for sessions and log-in throttling. No I/O. */
#ifndef SKA_AUTH_H
#define SKA_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Policy. Sessions end after AUTH_IDLE_SECONDS without a request or
 * AUTH_MAX_SECONDS after log-in. Log-in is refused for AUTH_LOCK_WINDOW
 * seconds after AUTH_MAX_USER_FAILS failures for one account or
 * AUTH_MAX_IP_FAILS from one address within that window. */
#define AUTH_IDLE_SECONDS (30 * 60)
#define AUTH_MAX_SECONDS (12 * 3600)
#define AUTH_TOUCH_SECONDS 60 /* refresh last_seen at most this often */
#define AUTH_LOCK_WINDOW (15 * 60)
#define AUTH_MAX_USER_FAILS 5
#define AUTH_MAX_IP_FAILS 30
#define AUTH_PASSWORD_MIN 10
#define AUTH_PASSWORD_MAX 256

#define AUTH_TOKEN_CHARS 44 /* base64url of 32 random bytes, NUL incl. */
#define AUTH_HASH_BYTES 32  /* SHA-256 of a token */
#define AUTH_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* auth_init initialises libsodium; call once at start. -1 on failure. */
int auth_init(void);
/* auth_password_hash writes an argon2id string for pw into out. */
enum err auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX]);
/* auth_password_verify returns 1 when pw matches hash, else 0. */
int auth_password_verify(const char *hash, const char *pw);
/* auth_password_check returns NULL when pw is acceptable as a new
 * password, else a message key ("password.too_short", ...). */
const char *auth_password_check(const char *pw, const char *username);
/* auth_token_new writes 256 random bits as base64url (43 chars + NUL). */
void auth_token_new(char out[AUTH_TOKEN_CHARS]);
/* auth_token_hash hashes a presented token for storage and lookup. */
void auth_token_hash(const char *token, unsigned char out[AUTH_HASH_BYTES]);
/* auth_throttled reports whether another attempt must be refused. */
int auth_throttled(long user_fails, long ip_fails);
/* auth_equal compares two strings in constant time for equal lengths. */
int auth_equal(const char *a, const char *b);

#endif
