/* fuzz_sniff.c: libFuzzer target for the attachment rules of core/attach.c.
 * attach_sniff must stay inside the input (ASan watches the zip and ISO
 * BMFF walkers) and give a known type; attach_name_clean, fed the same bytes
 * as a client's file name, must give a non-empty UTF-8 name without path
 * separators, control or shell characters, not starting with a dot, within
 * the length limit, ending in the type's extension. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/attach.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char out[ATTACH_NAME_MAX + 16], ascii[ATTACH_NAME_MAX + 16];
    unsigned char *copy = malloc(size ? size : 1);
    char *name = malloc(size + 1);
    enum attach_type t;
    size_t i, n;

    if (!copy || !name)
        abort();
    /* an exact-size copy, so a read past the end is caught */
    memcpy(copy, data, size);
    t = attach_sniff(copy, size);
    if (t > ATTACH__MAX)
        abort();
    if (t == ATTACH_TEXT && !utf8_valid((const char *)data, size))
        abort();
    memcpy(name, data, size);
    name[size] = '\0';
    attach_name_clean(name, t == ATTACH__MAX ? ATTACH_PDF : t, out,
                      sizeof(out));
    n = strlen(out);
    if (n == 0 || n > ATTACH_NAME_MAX + 5 || !utf8_valid(out, n) ||
        out[0] == '.' || out[0] == ' ')
        abort();
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];

        if (c < 0x20 || c == 0x7f || strchr("\"*/:<>?\\|", c))
            abort();
    }
    attach_name_ascii(out, ascii, sizeof(ascii));
    for (i = 0; ascii[i]; i++)
        if ((unsigned char)ascii[i] < 0x20 || (unsigned char)ascii[i] > 0x7e ||
            ascii[i] == '"' || ascii[i] == '\\')
            abort();
    free(copy);
    free(name);
    return 0;
}
