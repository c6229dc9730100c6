/* kv.h: key/value lists and the parsers that fill them: URL-encoded forms
 * and query strings, and Cookie headers. All strings live in the arena. */
#ifndef SKA_KV_H
#define SKA_KV_H

#include <stddef.h>

#include "arena.h"
#include "err.h"

struct kv {
    const char *key;
    const char *val;
};

struct kvlist {
    struct kv *v;
    size_t n, cap;
    struct arena *a; /* where entries are allocated */
};

/* kv_init prepares an empty list allocating from a. */
void kv_init(struct kvlist *l, struct arena *a);
/* kv_add appends copies of key and val. E_NOMEM on allocation failure. */
enum err kv_add(struct kvlist *l, const char *key, const char *val);
/* kv_get returns the first value for key, or NULL. Lends the string. */
const char *kv_get(const struct kvlist *l, const char *key);

/* kv_parse_urlencoded decodes application/x-www-form-urlencoded data (also
 * query strings): '+' is space, %XX is a byte. Appends to l. Returns E_INVAL
 * on a malformed escape, an embedded NUL or a key/value that is not valid
 * UTF-8, E_NOMEM on allocation failure. Pairs are split on '&' only; empty
 * pieces ("a=1&&b=2") are skipped and a piece without '=' gives the value "".
 * On any error the pairs this call added are dropped again (l->n is as
 * before; their memory stays in the arena). */
enum err kv_parse_urlencoded(struct kvlist *l, const char *s, size_t len);
/* kv_parse_cookies parses a Cookie header ("a=1; b=2"); pairs without '='
 * are skipped; surrounding double quotes are removed from values. Spaces and
 * tabs around names and values are trimmed. Values are not percent-decoded.
 * A pair whose name is not an RFC 7230 token or whose value has a byte
 * outside RFC 6265 cookie-octet (control, space, non-ASCII, " , ; \) is
 * skipped, not an error, so one foreign cookie cannot break a request. A NULL
 * header means no cookies. Only E_NOMEM can fail it (then l is unchanged). */
enum err kv_parse_cookies(struct kvlist *l, const char *header);

#endif
