/* utf8.h: UTF-8 validation (RFC 3629: no overlongs, no surrogates, max
 * U+10FFFF). */
#ifndef SKA_UTF8_H
#define SKA_UTF8_H

#include <stddef.h>

/* utf8_valid returns 1 when s[0..n) is valid UTF-8 without NUL bytes. */
int utf8_valid(const char *s, size_t n);
/* utf8_len counts code points in a valid string. */
size_t utf8_len(const char *s);

#endif
