/* fuzz_urlencoded.c: libFuzzer target for kv_parse_urlencoded. When the
 * parser accepts, every key and value must be valid UTF-8 without NUL and
 * no longer than the input; on error the list must be unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "kv.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct kvlist l;
    enum err e;
    size_t i;

    if (!a)
        return 0;
    kv_init(&l, a);
    if (kv_add(&l, "pre", "existing") != E_OK)
        abort();
    e = kv_parse_urlencoded(&l, (const char *)data, size);
    if (e == E_OK) {
        for (i = 0; i < l.n; i++) {
            size_t kn = strlen(l.v[i].key), vn = strlen(l.v[i].val);

            if (!utf8_valid(l.v[i].key, kn) || !utf8_valid(l.v[i].val, vn))
                abort();
            if (i > 0 && (kn > size || vn > size))
                abort(); /* decoding never grows; 0 is "pre" */
        }
        if (l.n > 1 + (size + 1) / 2)
            abort(); /* n pairs need at least 2n - 1 bytes */
    } else if (e == E_INVAL) {
        if (l.n != 1)
            abort();
    } else {
        abort(); /* no allocation failures are injected here */
    }
    if (!kv_get(&l, "pre"))
        abort();
    arena_free(a);
    return 0;
}
