/* fuzz_xlsxfile.c: libFuzzer target for the XLSX reader. Any input must
 * parse or fail with E_INVAL/E_NOMEM and a message, without crashing or
 * leaking; parsed rows must hold NUL-terminated fields and increasing
 * line numbers. Mutations of the zip container mostly hit libzip's checks;
 * the seed's stored (uncompressed) XML parts let the fuzzer reach expat
 * and the sheet handlers too. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsxfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;
    enum err e;
    size_t r, i, last = 0;

    if (!a)
        return 0;
    buf_init(&err, 0);
    e = xlsxfile_parse(a, (const char *)data, size, &f, &err);
    if (e != E_OK && (e != E_INVAL || err.len == 0) && e != E_NOMEM)
        abort();
    for (r = 0; e == E_OK && r < f.nrows; r++) {
        if (r > 0 && f.rows[r].line <= last)
            abort(); /* rows come in increasing sheet order */
        last = f.rows[r].line;
        for (i = 0; i < f.rows[r].nfields; i++)
            (void)strlen(f.rows[r].fields[i]);
    }
    buf_release(&err);
    arena_free(a);
    return 0;
}
