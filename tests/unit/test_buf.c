/* test_buf.c: growth, the NUL invariant, the sticky error at max, buf_take,
 * printf growth and truncation. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

/* invariant: p never NULL, NUL-terminated at len, len within cap and max */
static int buf_ok(const struct buf *b)
{
    return b->p && b->p[b->len] == '\0' && (b->cap == 0 || b->len < b->cap) &&
           b->len <= b->max;
}

T(test_init)
{
    struct buf b;

    buf_init(&b, 0);
    CHECK(buf_ok(&b));
    CHECK_STR(b.p, "");
    CHECK_INT(b.len, 0);
    CHECK_INT(b.max, BUF_MAX_DEFAULT);
    CHECK_INT(b.err, E_OK);
    buf_release(&b); /* releasing an unused buffer is fine */
    CHECK(buf_ok(&b));
    buf_init(&b, 123);
    CHECK_INT(b.max, 123);
    buf_release(&b);
    CHECK_INT(b.max, 123); /* release keeps max */
}

T(test_add)
{
    struct buf b;

    buf_init(&b, 0);
    buf_adds(&b, "abc");
    buf_addc(&b, '-');
    buf_add(&b, "xyz123", 3);
    buf_add(&b, NULL, 0);
    buf_adds(&b, "");
    CHECK(buf_ok(&b));
    CHECK_STR(b.p, "abc-xyz");
    CHECK_INT(b.len, 7);
    CHECK_INT(b.err, E_OK);
    /* binary data with NUL bytes */
    buf_add(&b, "\0\1\0", 3);
    CHECK_INT(b.len, 10);
    CHECK(memcmp(b.p + 7, "\0\1\0", 4) == 0);
    buf_release(&b);
}

T(test_growth)
{
    struct buf b;
    size_t i;

    buf_init(&b, 0);
    for (i = 0; i < 100000; i++) {
        buf_addc(&b, (char)('a' + i % 26));
        if (!buf_ok(&b))
            break;
    }
    CHECK(buf_ok(&b));
    CHECK_INT(b.len, 100000);
    CHECK_INT(b.p[0], 'a');
    CHECK_INT(b.p[99999], 'a' + 99999 % 26);
    CHECK_INT(strlen(b.p), 100000);
    buf_release(&b);
}

T(test_printf_growth)
{
    struct buf b;
    char big[5000];
    int i;

    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    buf_init(&b, 0);
    buf_addf(&b, "%d-%s", 42, "a");
    CHECK_STR(b.p, "42-a");
    /* one call much larger than the current capacity */
    buf_addf(&b, "[%s]", big);
    CHECK(buf_ok(&b));
    CHECK_INT(b.len, 4 + 2 + 4999);
    CHECK_INT(b.p[5], 'x');
    CHECK_INT(b.p[b.len - 1], ']');
    /* many small calls */
    buf_clear(&b);
    for (i = 0; i < 1000; i++)
        buf_addf(&b, "%03d,", i);
    CHECK_INT(b.len, 4000);
    CHECK(memcmp(b.p, "000,001,002,", 12) == 0);
    CHECK_STR(b.p + 3996, "999,");
    /* a format producing nothing */
    buf_addf(&b, "%s", "");
    CHECK_INT(b.len, 4000);
    CHECK(buf_ok(&b));
    buf_release(&b);
}

static void vaddf_wrapper(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void vaddf_wrapper(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

T(test_vaddf)
{
    struct buf b;

    buf_init(&b, 0);
    vaddf_wrapper(&b, "%s=%ld;%.2f", "k", -5L, 1.5);
    CHECK_STR(b.p, "k=-5;1.50");
    buf_release(&b);
}

T(test_sticky_max)
{
    struct buf b;

    buf_init(&b, 10);
    buf_adds(&b, "0123456789"); /* exactly max fits */
    CHECK_INT(b.err, E_OK);
    CHECK_INT(b.len, 10);
    CHECK(b.cap <= 11);
    buf_addc(&b, 'X'); /* one byte too many */
    CHECK_INT(b.err, E_NOMEM);
    CHECK_STR(b.p, "0123456789"); /* content intact */
    CHECK(buf_ok(&b));
    /* the error sticks: everything is a no-op now, even what would fit */
    buf_truncate(&b, 2);
    CHECK_STR(b.p, "01");
    buf_addc(&b, 'a');
    buf_adds(&b, "b");
    buf_add(&b, "c", 1);
    buf_addf(&b, "%d", 1);
    CHECK_STR(b.p, "01");
    CHECK_INT(b.err, E_NOMEM);
    /* buf_clear resets the error */
    buf_clear(&b);
    CHECK_INT(b.err, E_OK);
    CHECK_STR(b.p, "");
    buf_adds(&b, "ok");
    CHECK_STR(b.p, "ok");
    buf_release(&b);
}

T(test_sticky_first_error)
{
    struct buf b;

    buf_init(&b, 4);
    buf_addf(&b, "%s", "12345"); /* printf past max */
    CHECK_INT(b.err, E_NOMEM);
    CHECK_INT(b.len, 0);
    CHECK(buf_ok(&b));
    buf_release(&b);
    CHECK_INT(b.err, E_OK);
    buf_init(&b, 4);
    buf_add(&b, "x", (size_t)-1); /* absurd size: no overflow, an error */
    CHECK_INT(b.err, E_NOMEM);
    buf_add(&b, "x", 1);
    CHECK_INT(b.len, 0);
    buf_release(&b);
}

T(test_take)
{
    struct buf b;
    size_t len = 99;
    char *s;

    buf_init(&b, 50);
    buf_adds(&b, "hello");
    s = buf_take(&b, &len);
    CHECK_STR(s, "hello");
    CHECK_INT(len, 5);
    /* b is reset and reusable; max kept */
    CHECK(buf_ok(&b));
    CHECK_INT(b.len, 0);
    CHECK_INT(b.cap, 0);
    CHECK_INT(b.max, 50);
    buf_adds(&b, "again");
    CHECK_STR(b.p, "again");
    CHECK(b.p != s);
    free(s);
    /* len may be NULL */
    s = buf_take(&b, NULL);
    CHECK_STR(s, "again");
    free(s);
    /* an empty buffer gives a malloc'd "" */
    s = buf_take(&b, &len);
    CHECK(s != NULL);
    CHECK_STR(s, "");
    CHECK_INT(len, 0);
    free(s);
    buf_release(&b);
}

T(test_take_after_error)
{
    struct buf b;
    size_t len = 7;
    char *s;

    buf_init(&b, 3);
    buf_adds(&b, "abcd");
    CHECK_INT(b.err, E_NOMEM);
    s = buf_take(&b, &len);
    CHECK(s == NULL);
    CHECK_INT(len, 7); /* untouched */
    /* the buffer is reset: no error, empty, usable */
    CHECK_INT(b.err, E_OK);
    CHECK(buf_ok(&b));
    CHECK_INT(b.max, 3);
    buf_adds(&b, "abc");
    CHECK_STR(b.p, "abc");
    buf_release(&b);
}

T(test_truncate)
{
    struct buf b;

    buf_init(&b, 0);
    buf_adds(&b, "hello world");
    buf_truncate(&b, 5);
    CHECK_STR(b.p, "hello");
    CHECK_INT(b.len, 5);
    buf_truncate(&b, 5); /* same length: no-op */
    CHECK_STR(b.p, "hello");
    buf_truncate(&b, 100); /* longer: no-op */
    CHECK_INT(b.len, 5);
    CHECK(buf_ok(&b));
    buf_adds(&b, "!");
    CHECK_STR(b.p, "hello!");
    buf_truncate(&b, 0);
    CHECK_STR(b.p, "");
    CHECK(buf_ok(&b));
    buf_release(&b);
    /* truncating an unused buffer is fine */
    buf_init(&b, 0);
    buf_truncate(&b, 0);
    CHECK(buf_ok(&b));
}

T(test_clear_keeps_memory)
{
    struct buf b;
    char *p;
    size_t cap;

    buf_init(&b, 0);
    buf_adds(&b, "some text");
    p = b.p;
    cap = b.cap;
    buf_clear(&b);
    CHECK(b.p == p);
    CHECK_INT(b.cap, cap);
    CHECK_INT(b.len, 0);
    CHECK_STR(b.p, "");
    buf_release(&b);
    buf_init(&b, 0);
    buf_clear(&b); /* never allocated */
    CHECK(buf_ok(&b));
}

T_MAIN(T_CASE(test_init), T_CASE(test_add), T_CASE(test_growth),
       T_CASE(test_printf_growth), T_CASE(test_vaddf), T_CASE(test_sticky_max),
       T_CASE(test_sticky_first_error), T_CASE(test_take),
       T_CASE(test_take_after_error), T_CASE(test_truncate),
       T_CASE(test_clear_keeps_memory))
