/* fuzz_datetime.c: libFuzzer target for datetime_parse_iso. An accepted
 * input, formatted with datetime_fmt_iso and parsed again, must give the
 * same instant; the Swedish formatters must not fail on it either. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "datetime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char s[64];
    int64_t t, back;
    struct buf b;
    struct tm tm;

    if (size >= sizeof(s))
        return 0; /* longer inputs are never valid */
    memcpy(s, data, size);
    s[size] = '\0';
    if (datetime_parse_iso(s, &t) != E_OK)
        return 0;
    buf_init(&b, 0);
    datetime_fmt_iso(&b, t);
    if (b.err || b.len != 20 || datetime_parse_iso(b.p, &back) != E_OK ||
        back != t)
        abort();
    buf_clear(&b);
    datetime_fmt_sv(&b, t);
    if (b.err || b.len < 16) /* 17 in year 10000 local time */
        abort();
    buf_release(&b);
    datetime_stockholm(t, &tm);
    if (tm.tm_gmtoff != 3600 && tm.tm_gmtoff != 7200)
        abort();
    return 0;
}
