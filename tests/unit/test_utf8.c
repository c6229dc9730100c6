/* test_utf8.c: strict UTF-8 validation (RFC 3629) and code point counting. */
#include <stdint.h>
#include <string.h>

#include "t.h"
#include "utf8.h"

#define VALID(s) utf8_valid((s), sizeof(s) - 1)

/* encode writes cp as UTF-8 without any checks (so it can also produce
 * surrogates and values above U+10FFFF) and returns the length. */
static size_t encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | cp >> 18);
    o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

T(test_ascii)
{
    CHECK(utf8_valid("", 0));
    CHECK(VALID("hello, world"));
    CHECK(VALID("\x01\x1F\x7F"));
    CHECK(utf8_valid("abc", 2));
}

T(test_valid_multibyte)
{
    CHECK(VALID("\xC3\xA5\xC3\xA4\xC3\xB6")); /* åäö */
    CHECK(VALID("\xC2\x80"));                 /* U+0080, lowest 2-byte */
    CHECK(VALID("\xDF\xBF"));                 /* U+07FF */
    CHECK(VALID("\xE0\xA0\x80"));             /* U+0800, lowest 3-byte */
    CHECK(VALID("\xED\x9F\xBF"));             /* U+D7FF, below surrogates */
    CHECK(VALID("\xEE\x80\x80"));             /* U+E000, above surrogates */
    CHECK(VALID("\xEF\xBF\xBD"));             /* U+FFFD */
    CHECK(VALID("\xEF\xBF\xBF"));             /* U+FFFF (noncharacter ok) */
    CHECK(VALID("\xF0\x90\x80\x80"));         /* U+10000, lowest 4-byte */
    CHECK(VALID("\xF0\x9F\x98\x80"));         /* emoji */
    CHECK(VALID("\xF4\x8F\xBF\xBF"));         /* U+10FFFF, the maximum */
    CHECK(VALID("a\xC3\xA5"
                "b\xE2\x82\xAC"
                "c\xF0\x9F\x98\x80"));
}

T(test_nul)
{
    CHECK(!utf8_valid("\0", 1));
    CHECK(!utf8_valid("a\0b", 3));
    CHECK(!utf8_valid("ab\0", 3));
    CHECK(!VALID("\xC0\x80"));    /* modified UTF-8 NUL is an overlong */
    CHECK(utf8_valid("a\0b", 1)); /* n decides, not the NUL */
}

T(test_overlong)
{
    CHECK(!VALID("\xC0\xAF")); /* '/' */
    CHECK(!VALID("\xC1\xBF")); /* U+007F */
    CHECK(!VALID("\xE0\x80\xAF"));
    CHECK(!VALID("\xE0\x9F\xBF")); /* U+07FF in 3 bytes */
    CHECK(!VALID("\xF0\x80\x80\xAF"));
    CHECK(!VALID("\xF0\x8F\xBF\xBF"));         /* U+FFFF in 4 bytes */
    CHECK(!VALID("\xF8\x80\x80\x80\xAF"));     /* 5-byte form */
    CHECK(!VALID("\xFC\x80\x80\x80\x80\xAF")); /* 6-byte form */
}

T(test_surrogates)
{
    CHECK(!VALID("\xED\xA0\x80"));             /* U+D800 */
    CHECK(!VALID("\xED\xAD\xBF"));             /* U+DB7F */
    CHECK(!VALID("\xED\xB0\x80"));             /* U+DC00 */
    CHECK(!VALID("\xED\xBF\xBF"));             /* U+DFFF */
    CHECK(!VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
}

T(test_above_max)
{
    CHECK(!VALID("\xF4\x90\x80\x80")); /* U+110000 */
    CHECK(!VALID("\xF5\x80\x80\x80"));
    CHECK(!VALID("\xF7\xBF\xBF\xBF")); /* U+1FFFFF */
    CHECK(!VALID("\xF8\x88\x80\x80\x80"));
    CHECK(!VALID("\xFE"));
    CHECK(!VALID("\xFF"));
}

T(test_bad_bytes)
{
    CHECK(!VALID("\x80")); /* lone continuation */
    CHECK(!VALID("\xBF"));
    CHECK(!VALID("a\x80"
                 "b"));
    CHECK(!VALID("\xC3\xA5\x80")); /* extra continuation */
    CHECK(!VALID("\xC3"
                 "a"));            /* lead without continuation */
    CHECK(!VALID("\xE2\x28\xA1")); /* bad second byte */
    CHECK(!VALID("\xE2\x82\x28")); /* bad third byte */
    CHECK(!VALID("\xF0\x9F\x98\x28"));
    CHECK(!VALID("\xC3\xC3\xA5"));
}

T(test_truncated)
{
    static const char *const full[] = {"\xC3\xA5", "\xE2\x82\xAC",
                                       "\xF0\x9F\x98\x80"};
    size_t i, k;

    for (i = 0; i < 3; i++) {
        size_t n = strlen(full[i]);

        CHECK(utf8_valid(full[i], n));
        for (k = 1; k < n; k++) {
            char b[8];

            /* cut at k, at the end of the input and before more text */
            CHECK(!utf8_valid(full[i], k));
            memcpy(b, full[i], k);
            b[k] = 'x';
            CHECK(!utf8_valid(b, k + 1));
        }
    }
    /* a sequence cut by n must not be read past n */
    CHECK(!utf8_valid("\xE2\x82\xAC", 2));
    CHECK(!utf8_valid("abc\xF0", 4));
}

T(test_every_code_point)
{
    uint32_t cp;
    long wrong = 0;

    for (cp = 1; cp <= 0x10FFFF + 0x1000; cp++) {
        char b[4];
        size_t n = encode(cp, b);
        int want = !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;

        if (utf8_valid(b, n) != want)
            wrong++;
    }
    CHECK_INT(wrong, 0);
}

T(test_every_two_bytes)
{
    /* Of all 2-byte inputs, exactly the ASCII pairs without NUL and the
     * 2-byte sequences C2..DF followed by 80..BF are valid. */
    unsigned a, b;
    long valid = 0;

    for (a = 0; a < 256; a++) {
        for (b = 0; b < 256; b++) {
            char s[2] = {(char)a, (char)b};

            valid += utf8_valid(s, 2);
        }
    }
    CHECK_INT(valid, 127 * 127 + 30 * 64);
}

T(test_len)
{
    CHECK_INT(utf8_len(""), 0);
    CHECK_INT(utf8_len("abc"), 3);
    CHECK_INT(utf8_len("\xC3\xA5\xC3\xA4\xC3\xB6"), 3);
    CHECK_INT(utf8_len("a\xE2\x82\xAC"
                       "b"),
              3);
    CHECK_INT(utf8_len("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF"), 2);
    CHECK_INT(utf8_len("G\xC3\xB6teborg"), 8);
}

T_MAIN(T_CASE(test_ascii), T_CASE(test_valid_multibyte), T_CASE(test_nul),
       T_CASE(test_overlong), T_CASE(test_surrogates), T_CASE(test_above_max),
       T_CASE(test_bad_bytes), T_CASE(test_truncated),
       T_CASE(test_every_code_point), T_CASE(test_every_two_bytes),
       T_CASE(test_len))
