/* buf.h: growable, bounded, always NUL-terminated byte buffer with a sticky
 * error (git's strbuf + curl's dynbuf limit + SQLite's sqlite3_str error).
 *
 * Invariants: b->p is never NULL and b->p[b->len] == '\0'. Once an append
 * fails (allocation or max exceeded) b->err is set, further appends are
 * no-ops, and the caller checks b->err once at the end. */
#ifndef SKA_BUF_H
#define SKA_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

struct buf {
    char *p;
    size_t len, cap, max;
    enum err err;
};

#define BUF_MAX_DEFAULT ((size_t)64 << 20)

/* buf_init prepares an empty buffer that may grow to max bytes (0 means
 * BUF_MAX_DEFAULT). No allocation happens until the first append. */
void buf_init(struct buf *b, size_t max);
/* buf_release frees the memory and leaves b as after buf_init. */
void buf_release(struct buf *b);
/* buf_clear empties the buffer and clears the error, keeping memory. */
void buf_clear(struct buf *b);
/* buf_take hands the malloc'd string to the caller (free() it) and resets
 * b. Returns NULL on a sticky error or allocation failure. *len may be
 * NULL. */
char *buf_take(struct buf *b, size_t *len);

void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* buf_truncate shortens to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);

#endif
