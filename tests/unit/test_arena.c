/* test_arena.c: alignment, zeroing, big allocations, string helpers, the
 * LIFO defer list and the fail-after-N hook. Passes with and without
 * -DARENA_DEBUG. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "t.h"

static int aligned(const void *p)
{
    return (uintptr_t)p % alignof(max_align_t) == 0;
}

T(test_new_free)
{
    struct arena *a = arena_new();

    CHECK(a != NULL);
    arena_free(a);
    arena_free(NULL);
}

T(test_alignment_and_zero)
{
    struct arena *a = arena_new();
    size_t n;

    for (n = 0; n < 300; n++) {
        unsigned char *p = arena_alloc(a, n);
        size_t i, nonzero = 0;

        CHECK(p != NULL);
        if (!p)
            break;
        CHECK(aligned(p));
        for (i = 0; i < n; i++)
            nonzero += p[i] != 0;
        CHECK_INT(nonzero, 0);
        memset(p, 0xAB, n); /* dirty it for the next round */
    }
    arena_free(a);
}

T(test_no_overlap)
{
    enum { N = 2000 };
    struct arena *a = arena_new();
    unsigned char *p[N];
    size_t i, j, bad = 0;

    /* sizes cycle through small, medium and big; each region gets its own
     * fill byte, which must survive all later allocations */
    for (i = 0; i < N; i++) {
        size_t n = 1 + (i * 37) % (i % 50 == 0 ? 9000 : 700);

        p[i] = arena_alloc(a, n);
        CHECK(p[i] != NULL);
        if (!p[i])
            break;
        memset(p[i], (int)(i & 0xFF), n);
    }
    for (i = 0; i < N && p[i]; i++) {
        size_t n = 1 + (i * 37) % (i % 50 == 0 ? 9000 : 700);

        for (j = 0; j < n; j++)
            bad += p[i][j] != (unsigned char)(i & 0xFF);
    }
    CHECK_INT(bad, 0);
    arena_free(a);
}

T(test_big)
{
    struct arena *a = arena_new();
    unsigned char *big1, *small1, *big2, *small2;
    size_t i, nonzero = 0;

    /* a big allocation as the very first one */
    big1 = arena_alloc(a, (size_t)1 << 20);
    CHECK(big1 != NULL);
    CHECK(aligned(big1));
    small1 = arena_alloc(a, 10);
    big2 = arena_alloc(a, 100000);
    small2 = arena_alloc(a, 10);
    CHECK(small1 && big2 && small2);
    CHECK(aligned(big2));
    if (big1 && big2 && small1 && small2) {
        for (i = 0; i < 100000; i++)
            nonzero += big2[i] != 0;
        CHECK_INT(nonzero, 0);
        memset(big1, 1, (size_t)1 << 20);
        memset(big2, 2, 100000);
        memset(small1, 3, 10);
        memset(small2, 4, 10);
        CHECK_INT(big1[((size_t)1 << 20) - 1], 1);
        CHECK_INT(big2[0], 2);
        CHECK_INT(small1[9], 3);
        CHECK_INT(small2[0], 4);
    }
    /* absurd sizes fail cleanly */
    CHECK(arena_alloc(a, SIZE_MAX) == NULL);
    CHECK(arena_alloc(a, SIZE_MAX / 2 + 1) == NULL);
    CHECK(arena_alloc(a, 8) != NULL); /* and the arena still works */
    arena_free(a);
}

T(test_strings)
{
    struct arena *a = arena_new();
    char src[] = "hello";
    char *s;

    s = arena_strdup(a, src);
    CHECK_STR(s, "hello");
    CHECK(s != src);
    src[0] = 'j';
    CHECK_STR(s, "hello");
    CHECK_STR(arena_strndup(a, "hello world", 5), "hello");
    CHECK_STR(arena_strndup(a, "ab\0cd", 5), "ab"); /* copies n bytes */
    CHECK_STR(arena_strndup(a, "", 0), "");
    CHECK(arena_strdup(a, NULL) == NULL);
    CHECK(arena_strndup(a, NULL, 3) == NULL);
    CHECK_STR(arena_printf(a, "%s-%d-%05.1f", "x", -7, 2.25), "x--7-002.2");
    s = arena_printf(a, "%*s", 20000, "end");
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(strlen(s), 20000);
        CHECK_STR(s + 19997, "end");
    }
    arena_free(a);
}

static char order[16];
static size_t norder;

static void record(void *arg)
{
    if (norder < sizeof(order) - 1)
        order[norder++] = *(const char *)arg;
}

T(test_defer_lifo)
{
    static const char ids[] = "123";
    struct arena *a = arena_new();
    char *in_arena;

    norder = 0;
    memset(order, 0, sizeof(order));
    CHECK_INT(arena_defer(a, record, (void *)&ids[0]), 0);
    CHECK_INT(arena_defer(a, record, (void *)&ids[1]), 0);
    /* an argument living in the arena is still valid when its callback
     * runs (ASan would catch a use after free) */
    in_arena = arena_strdup(a, "A");
    CHECK_INT(arena_defer(a, record, in_arena), 0);
    CHECK_INT(arena_defer(a, record, (void *)&ids[2]), 0);
    CHECK_INT(norder, 0); /* nothing runs early */
    arena_free(a);
    CHECK_STR(order, "3A21");
}

T(test_fail_after_alloc)
{
    long n;

    for (n = 1; n <= 6; n++) {
        struct arena *a = arena_new();
        long i, failed_at = 0, failures = 0;

        arena_fail_after(n);
        for (i = 1; i <= 10; i++) {
            /* mix small and big so both paths count */
            if (!arena_alloc(a, i % 3 == 0 ? 5000 : 16)) {
                failures++;
                failed_at = i;
            }
        }
        arena_fail_after(0);
        CHECK_INT(failures, 1);
        CHECK_INT(failed_at, n);
        arena_free(a);
    }
}

T(test_fail_after_helpers)
{
    struct arena *a = arena_new();

    norder = 0;
    memset(order, 0, sizeof(order));
    /* the string helpers and arena_defer count as allocations too */
    arena_fail_after(1);
    CHECK(arena_strdup(a, "x") == NULL);
    CHECK_STR(arena_strdup(a, "x"), "x"); /* only once */
    arena_fail_after(2);
    CHECK(arena_strndup(a, "abc", 2) != NULL);
    CHECK(arena_printf(a, "%d", 1) == NULL);
    arena_fail_after(1);
    /* a failed defer runs the callback at once and reports -1 */
    CHECK_INT(arena_defer(a, record, (void *)"F"), -1);
    CHECK_STR(order, "F");
    CHECK_INT(arena_defer(a, record, (void *)"L"), 0);
    CHECK_STR(order, "F");
    /* 0 disables */
    arena_fail_after(3);
    arena_fail_after(0);
    CHECK(arena_alloc(a, 1) && arena_alloc(a, 1) && arena_alloc(a, 1) &&
          arena_alloc(a, 1));
    arena_free(a);
    CHECK_STR(order, "FL");
}

T_MAIN(T_CASE(test_new_free), T_CASE(test_alignment_and_zero),
       T_CASE(test_no_overlap), T_CASE(test_big), T_CASE(test_strings),
       T_CASE(test_defer_lifo), T_CASE(test_fail_after_alloc),
       T_CASE(test_fail_after_helpers))
