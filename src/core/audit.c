/* audit.c: hash over an audit entry, chained to the previous entry. */
#include "audit.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void put_str(crypto_hash_sha256_state *st, const char *s)
{
    /* NULL and "" differ: NULL is length "-" */
    char len[24];
    int n = s ? snprintf(len, sizeof(len), "%zu:", strlen(s))
              : snprintf(len, sizeof(len), "-:");

    crypto_hash_sha256_update(st, (const unsigned char *)len, (size_t)n);
    if (s)
        crypto_hash_sha256_update(st, (const unsigned char *)s, strlen(s));
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
    char s[24];

    snprintf(s, sizeof(s), "%" PRId64, v);
    put_str(st, s);
}

void audit_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
    crypto_hash_sha256_state st;
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256_init(&st);
    put_int(&st, e->id);
    put_int(&st, e->at);
    put_int(&st, e->actor_id);
    put_str(&st, e->actor);
    put_str(&st, e->action);
    put_str(&st, e->entity);
    put_int(&st, e->entity_id);
    put_str(&st, e->before);
    put_str(&st, e->after);
    put_str(&st, e->prev_hash);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof(h));
}
