/* authcache.h: who a session or API token belongs to, kept in memory for a
 * few seconds so that a page view need not read the session, the user and
 * the grants from the database each time.
 *
 * Staleness is bounded two ways: every entry lives AUTHCACHE_TTL seconds at
 * most (covers changes made by another process, e.g. the CLI), and any
 * state-changing request in this server empties the cache at once
 * (authcache_invalidate), so a removed role, a deactivated user or a
 * log-out takes effect on the next request. Thread-safe. */
#ifndef SKA_AUTHCACHE_H
#define SKA_AUTHCACHE_H

#include <stdint.h>

#include "req.h"

#define AUTHCACHE_TTL 10

/* What is cached for one credential. */
struct authcache_val {
    struct user *user;
    struct grant *grants;
    size_t ngrants;
    const char *csrf; /* NULL for API tokens */
    int64_t created_at, last_seen;
};

/* authcache_get copies the entry for key into the arena a and returns 1,
 * or returns 0 when absent or too old. */
int authcache_get(const unsigned char key[AUTH_HASH_BYTES], struct arena *a,
                  struct authcache_val *out);
/* authcache_put stores a copy of v under key (best effort: out of memory
 * just means no caching). */
void authcache_put(const unsigned char key[AUTH_HASH_BYTES],
                   const struct authcache_val *v);
/* authcache_touch records a new last_seen for key, if cached. */
void authcache_touch(const unsigned char key[AUTH_HASH_BYTES],
                     int64_t last_seen);
/* authcache_invalidate forgets every entry. */
void authcache_invalidate(void);
/* authcache_free releases the memory at shutdown. */
void authcache_free(void);

#endif
