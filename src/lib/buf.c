/* buf.c: growable bounded string buffer; the only caller of vsnprintf. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
    b->p = buf_empty;
    b->len = b->cap = 0;
    b->max = max ? max : BUF_MAX_DEFAULT;
    b->err = E_OK;
}

void buf_release(struct buf *b)
{
    size_t max = b->max;

    if (b->cap)
        free(b->p);
    buf_init(b, max);
}

void buf_clear(struct buf *b)
{
    b->len = 0;
    if (b->cap)
        b->p[0] = '\0';
    b->err = E_OK;
}

static int buf_grow(struct buf *b, size_t extra)
{
    size_t need, ncap;
    char *np;

    if (b->err)
        return -1;
    if (extra > b->max || b->len > b->max - extra) {
        b->err = E_NOMEM;
        return -1;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap *= 2;
    if (ncap > b->max + 1)
        ncap = b->max + 1;
    np = realloc(b->cap ? b->p : NULL, ncap);
    if (!np) {
        b->err = E_NOMEM;
        return -1;
    }
    if (!b->cap)
        np[0] = '\0';
    b->p = np;
    b->cap = ncap;
    return 0;
}

char *buf_take(struct buf *b, size_t *len)
{
    char *s;

    if (b->err) {
        buf_release(b);
        return NULL;
    }
    if (!b->cap && buf_grow(b, 0))
        return NULL;
    s = b->p;
    if (len)
        *len = b->len;
    b->cap = 0;
    buf_init(b, b->max);
    return s;
}

void buf_add(struct buf *b, const void *data, size_t n)
{
    if (buf_grow(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
    buf_add(b, &c, 1);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list cp;
    int n;

    if (b->err)
        return;
    va_copy(cp, ap);
    n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0) {
        b->err = E_INVAL;
        return;
    }
    if (buf_grow(b, (size_t)n))
        return;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void buf_truncate(struct buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->p[n] = '\0';
    }
}
