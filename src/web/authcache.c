/* authcache.c: a small fixed-size, mutex-protected table of recently seen
 * credentials. Each slot owns an arena holding its deep copy. */
#include "authcache.h"

#include <pthread.h>
#include <string.h>

#include "datetime.h"

#define SLOTS 4096 /* a power of two */

struct slot {
    unsigned char key[AUTH_HASH_BYTES];
    struct arena *a; /* NULL: empty */
    struct authcache_val v;
    int64_t stored_at;
    uint64_t gen;
};

static struct slot slots[SLOTS];
static uint64_t generation = 1;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static struct slot *slot_of(const unsigned char key[AUTH_HASH_BYTES])
{
    uint32_t h;

    /* the key is a SHA-256 digest: its bytes are already uniform */
    memcpy(&h, key, sizeof(h));
    return &slots[h & (SLOTS - 1)];
}

/* copy deep-copies v into arena a; 0 when out of memory. */
static int copy(struct arena *a, const struct authcache_val *v,
                struct authcache_val *out)
{
    struct user *u = arena_alloc(a, sizeof(*u));
    struct grant *g = arena_alloc(a, sizeof(*g) * (v->ngrants + 1));
    size_t i;

    if (!u || !g)
        return 0;
    *u = *v->user;
    u->username = arena_strdup(a, v->user->username);
    u->name = arena_strdup(a, v->user->name);
    u->email = arena_strdup(a, v->user->email);
    u->lang = arena_strdup(a, v->user->lang);
    u->password_hash = arena_strdup(a, v->user->password_hash);
    for (i = 0; i < v->ngrants; i++) {
        g[i] = v->grants[i];
        g[i].unit_path = arena_strdup(a, v->grants[i].unit_path);
        g[i].unit_code = arena_strdup(a, v->grants[i].unit_code);
        g[i].unit_name = arena_strdup(a, v->grants[i].unit_name);
        if (!g[i].unit_path || !g[i].unit_code || !g[i].unit_name)
            return 0;
    }
    *out = *v;
    out->user = u;
    out->grants = g;
    out->csrf = arena_strdup(a, v->csrf);
    return u->username && u->name && (!v->csrf || out->csrf);
}

int authcache_get(const unsigned char key[AUTH_HASH_BYTES], struct arena *a,
                  struct authcache_val *out)
{
    struct slot *s = slot_of(key);
    int hit = 0;

    pthread_mutex_lock(&mu);
    if (s->a && s->gen == generation &&
        memcmp(s->key, key, AUTH_HASH_BYTES) == 0 &&
        s->stored_at > datetime_now() - AUTHCACHE_TTL)
        hit = copy(a, &s->v, out);
    pthread_mutex_unlock(&mu);
    return hit;
}

void authcache_put(const unsigned char key[AUTH_HASH_BYTES],
                   const struct authcache_val *v)
{
    struct slot *s = slot_of(key);
    struct arena *a = arena_new();
    struct authcache_val c;

    if (!a)
        return;
    if (!copy(a, v, &c)) {
        arena_free(a);
        return;
    }
    pthread_mutex_lock(&mu);
    arena_free(s->a);
    memcpy(s->key, key, AUTH_HASH_BYTES);
    s->a = a;
    s->v = c;
    s->stored_at = datetime_now();
    s->gen = generation;
    pthread_mutex_unlock(&mu);
}

void authcache_touch(const unsigned char key[AUTH_HASH_BYTES],
                     int64_t last_seen)
{
    struct slot *s = slot_of(key);

    pthread_mutex_lock(&mu);
    if (s->a && memcmp(s->key, key, AUTH_HASH_BYTES) == 0)
        s->v.last_seen = last_seen;
    pthread_mutex_unlock(&mu);
}

void authcache_invalidate(void)
{
    /* entries of older generations are ignored and replaced lazily */
    pthread_mutex_lock(&mu);
    generation++;
    pthread_mutex_unlock(&mu);
}

void authcache_free(void)
{
    size_t i;

    pthread_mutex_lock(&mu);
    for (i = 0; i < SLOTS; i++) {
        arena_free(slots[i].a);
        slots[i].a = NULL;
    }
    generation++;
    pthread_mutex_unlock(&mu);
}
