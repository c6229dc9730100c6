/* arena.h: per-request bump allocator with a defer list (git's mem_pool,
 * lwan's coro_defer). Everything allocated from an arena lives until
 * arena_free(); deferred callbacks run there, last registered first.
 *
 * Built with -DARENA_DEBUG every allocation is a separate malloc so ASan sees
 * overflows. arena_fail_after(n) makes the n-th following allocation fail
 * (torture tests); 0 disables. */
#ifndef SKA_ARENA_H
#define SKA_ARENA_H

#include <stddef.h>

struct arena;

/* arena_new returns an empty arena or NULL when out of memory. */
struct arena *arena_new(void);
/* arena_free runs the deferred callbacks and frees every allocation. */
void arena_free(struct arena *a);

/* arena_alloc returns zeroed, suitably aligned memory or NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* arena_strdup / arena_strndup copy into the arena; NULL s gives NULL. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* arena_defer registers fn(arg) to run at arena_free. Returns 0, or -1 when
 * out of memory, in which case fn(arg) has been called immediately. */
int arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Test hook; process-wide, not thread-safe by design. */
void arena_fail_after(long n);

#endif
