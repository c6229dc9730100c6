/* arena.c: block-chain bump allocator with a defer list. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define ARENA_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
    struct block *next;
    size_t used, cap;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct defer {
    struct defer *next;
    void (*fn)(void *);
    void *arg;
};

struct arena {
    struct block *blocks;
    struct defer *defers;
};

static long fail_countdown;

void arena_fail_after(long n)
{
    fail_countdown = n;
}

static int should_fail(void)
{
    if (fail_countdown <= 0)
        return 0;
    return --fail_countdown == 0;
}

struct arena *arena_new(void)
{
    return calloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
    struct block *b, *bn;
    struct defer *d, *dn;

    if (!a)
        return;
    for (d = a->defers; d; d = dn) {
        dn = d->next;
        d->fn(d->arg);
        free(d);
    }
    for (b = a->blocks; b; b = bn) {
        bn = b->next;
        free(b);
    }
    free(a);
}

static struct block *block_new(size_t cap)
{
    struct block *b = malloc(sizeof(*b) + cap);

    if (!b)
        return NULL;
    b->used = 0;
    b->cap = cap;
    return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
    struct block *b;
#ifndef ARENA_DEBUG
    size_t off;
#endif

    if (should_fail() || n > SIZE_MAX / 2)
        return NULL;
    if (n == 0)
        n = 1;
#ifdef ARENA_DEBUG
    b = block_new(n);
    if (!b)
        return NULL;
    b->next = a->blocks;
    a->blocks = b;
    memset(b->data, 0, n);
    return b->data;
#else
    b = a->blocks;
    off = b ? (b->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : 0;
    if (!b || off + n > b->cap) {
        if (n > ARENA_BLOCK / 4) {
            /* big allocations get their own block behind the current one */
            struct block *big = block_new(n);

            if (!big)
                return NULL;
            big->used = n;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->blocks = big;
            }
            memset(big->data, 0, n);
            return big->data;
        }
        b = block_new(ARENA_BLOCK);
        if (!b)
            return NULL;
        b->next = a->blocks;
        a->blocks = b;
        off = 0;
    }
    b->used = off + n;
    memset(b->data + off, 0, n);
    return b->data + off;
#endif
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *d;

    if (!s)
        return NULL;
    d = arena_alloc(a, n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    struct buf b;
    va_list ap;
    char *s;

    buf_init(&b, 0);
    va_start(ap, fmt);
    buf_vaddf(&b, fmt, ap);
    va_end(ap);
    s = b.err ? NULL : arena_strndup(a, b.p, b.len);
    buf_release(&b);
    return s;
}

int arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
    struct defer *d = should_fail() ? NULL : malloc(sizeof(*d));

    if (!d) {
        fn(arg);
        return -1;
    }
    d->fn = fn;
    d->arg = arg;
    d->next = a->defers;
    a->defers = d;
    return 0;
}
