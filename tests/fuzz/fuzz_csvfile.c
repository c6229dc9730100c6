/* fuzz_csvfile.c: libFuzzer target for the CSV reader. Any input must parse
 * or fail with E_INVAL/E_NOMEM and a message, without crashing or leaking;
 * parsed rows must hold NUL-terminated fields and sane line numbers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvfile.h"

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
    e = csvfile_parse(a, (const char *)data, size, &f, &err);
    if (e != E_OK && (e != E_INVAL || err.len == 0) && e != E_NOMEM)
        abort();
    for (r = 0; e == E_OK && r < f.nrows; r++) {
        if (f.rows[r].line <= last && r > 0)
            abort(); /* rows start on increasing lines */
        last = f.rows[r].line;
        for (i = 0; i < f.rows[r].nfields; i++)
            if (strlen(f.rows[r].fields[i]) > size)
                abort();
    }
    if (e == E_OK && f.nrows && f.rows[0].nfields)
        (void)csvfile_col(&f, f.rows[0].fields[0]);
    buf_release(&err);
    arena_free(a);
    return 0;
}
