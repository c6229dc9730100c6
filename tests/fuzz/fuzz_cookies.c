/* fuzz_cookies.c: libFuzzer target for kv_parse_cookies. Accepted names are
 * non-empty tokens and values cookie-octets (so plain printable ASCII). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7F ||
            *s == ';' || *s == '"')
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct kvlist l;
    char *s;
    size_t i;

    if (!a)
        return 0;
    /* the header is a C string: copy and terminate (stops at a NUL byte) */
    s = arena_strndup(a, (const char *)data, size);
    if (!s)
        abort();
    kv_init(&l, a);
    if (kv_parse_cookies(&l, s) != E_OK)
        abort();
    for (i = 0; i < l.n; i++) {
        if (!l.v[i].key[0] || !printable(l.v[i].key) ||
            strchr(l.v[i].key, '=') || !printable(l.v[i].val))
            abort();
        if (kv_get(&l, l.v[i].key) == NULL)
            abort();
    }
    arena_free(a);
    return 0;
}
