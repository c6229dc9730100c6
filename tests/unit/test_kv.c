/* test_kv.c: key/value lists, URL-encoded and Cookie parsing. */
#include <string.h>

#include "arena.h"
#include "kv.h"
#include "t.h"

static struct arena *ar;
static struct kvlist l;

static void setup(void)
{
    ar = arena_new();
    kv_init(&l, ar);
}

static void teardown(void)
{
    arena_free(ar);
    ar = NULL;
}

static enum err parse(const char *s)
{
    return kv_parse_urlencoded(&l, s, strlen(s));
}

T(test_add_get)
{
    char key[] = "k", val[] = "v";

    setup();
    CHECK(kv_get(&l, "k") == NULL);
    CHECK_INT(kv_add(&l, key, val), E_OK);
    key[0] = 'x'; /* kv_add copies */
    val[0] = 'y';
    CHECK_STR(kv_get(&l, "k"), "v");
    CHECK_INT(kv_add(&l, "k", "second"), E_OK);
    CHECK_STR(kv_get(&l, "k"), "v"); /* first wins */
    CHECK(kv_get(&l, "K") == NULL);
    CHECK(kv_get(&l, "") == NULL);
    CHECK_INT(l.n, 2);
    teardown();
}

T(test_growth)
{
    char k[32], v[32];
    int i;

    setup();
    for (i = 0; i < 1000; i++) {
        snprintf(k, sizeof(k), "key%d", i);
        snprintf(v, sizeof(v), "val%d", i);
        CHECK_INT(kv_add(&l, k, v), E_OK);
    }
    CHECK_INT(l.n, 1000);
    CHECK(l.cap >= l.n);
    CHECK_STR(kv_get(&l, "key0"), "val0");
    CHECK_STR(kv_get(&l, "key511"), "val511");
    CHECK_STR(kv_get(&l, "key999"), "val999");
    CHECK_STR(l.v[700].key, "key700");
    teardown();
}

T(test_add_nomem)
{
    int n;

    /* Fail each allocation in turn: either E_OK or E_NOMEM, never a crash,
     * and on E_NOMEM the list is unchanged. */
    for (n = 1; n <= 4; n++) {
        setup();
        CHECK_INT(kv_add(&l, "a", "1"), E_OK);
        arena_fail_after(n);
        if (kv_add(&l, "b", "2") == E_NOMEM) {
            CHECK_INT(l.n, 1);
        } else {
            CHECK_INT(l.n, 2);
            CHECK_STR(kv_get(&l, "b"), "2");
        }
        arena_fail_after(0);
        teardown();
    }
}

T(test_urlencoded_basic)
{
    setup();
    CHECK_INT(parse("a=1&b=two&c="), E_OK);
    CHECK_INT(l.n, 3);
    CHECK_STR(kv_get(&l, "a"), "1");
    CHECK_STR(kv_get(&l, "b"), "two");
    CHECK_STR(kv_get(&l, "c"), "");
    CHECK_STR(l.v[0].key, "a");
    CHECK_STR(l.v[2].key, "c");
    teardown();
}

T(test_urlencoded_decoding)
{
    setup();
    CHECK_INT(parse("name=Anna+Svensson&q=a%2Bb%26c%3Dd&p=100%25"), E_OK);
    CHECK_STR(kv_get(&l, "name"), "Anna Svensson");
    CHECK_STR(kv_get(&l, "q"), "a+b&c=d");
    CHECK_STR(kv_get(&l, "p"), "100%");
    /* keys are decoded too; hex in either case */
    CHECK_INT(parse("f%C3%B6rnamn=%c3%85sa&x%20y=1"), E_OK);
    CHECK_STR(kv_get(&l, "f\xC3\xB6rnamn"), "\xC3\x85sa");
    CHECK_STR(kv_get(&l, "x y"), "1");
    /* '=' inside the value after the first one */
    CHECK_INT(parse("eq=a=b=c"), E_OK);
    CHECK_STR(kv_get(&l, "eq"), "a=b=c");
    /* raw UTF-8 passes */
    CHECK_INT(parse("r=\xE2\x82\xAC"), E_OK);
    CHECK_STR(kv_get(&l, "r"), "\xE2\x82\xAC");
    teardown();
}

T(test_urlencoded_edges)
{
    setup();
    CHECK_INT(parse(""), E_OK);
    CHECK_INT(l.n, 0);
    CHECK_INT(parse("&&&"), E_OK);
    CHECK_INT(l.n, 0);
    CHECK_INT(parse("&a=1&&b=2&"), E_OK);
    CHECK_INT(l.n, 2);
    CHECK_INT(parse("flag"), E_OK);
    CHECK_STR(kv_get(&l, "flag"), "");
    CHECK_INT(parse("=v"), E_OK);
    CHECK_STR(kv_get(&l, ""), "v");
    CHECK_INT(parse("dup=1&dup=2"), E_OK);
    CHECK_STR(kv_get(&l, "dup"), "1");
    CHECK_INT(l.n, 6);
    CHECK_STR(l.v[5].val, "2");
    /* ';' is not a separator */
    CHECK_INT(parse("s=1;t=2"), E_OK);
    CHECK_STR(kv_get(&l, "s"), "1;t=2");
    teardown();
}

T(test_urlencoded_length)
{
    /* only len bytes are read; the rest may be anything */
    setup();
    CHECK_INT(kv_parse_urlencoded(&l, "a=1&b=2", 3), E_OK);
    CHECK_INT(l.n, 1);
    CHECK_STR(kv_get(&l, "a"), "1");
    CHECK_INT(kv_parse_urlencoded(&l, "x=%41%", 5), E_OK);
    CHECK_STR(kv_get(&l, "x"), "A");
    CHECK_INT(kv_parse_urlencoded(&l, "y=%4", 4), E_INVAL);
    CHECK_INT(kv_parse_urlencoded(&l, NULL, 0), E_OK);
    teardown();
}

T(test_urlencoded_invalid)
{
    static const char *const bad[] = {
        "a=%",         "a=%4",           "a=%zz", "a=%4g",    "a=%G1",
        "%=1",         "a=%%41",         "a=%-1", "a=%+1",    "a=% 1",
        "a=%00",       "%00=1",          "a=%C3", "a=%C3%28", "a=%C0%AF",
        "a=%ED%A0%80", "a=%F4%90%80%80", "a=%FF", "a=\xC3",   "a=\xE2\x82",
        "k\xC0\x80=1", "ok=1&bad=%X1",
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        setup();
        CHECK_INT(kv_add(&l, "keep", "me"), E_OK);
        if (parse(bad[i]) != E_INVAL) {
            fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
            CHECK(0);
        }
        /* on error the list is as before */
        CHECK_INT(l.n, 1);
        CHECK(kv_get(&l, "ok") == NULL);
        teardown();
    }
}

T(test_urlencoded_raw_nul)
{
    static const char s[] = "a=1&b=x\0y&c=3";

    setup();
    CHECK_INT(kv_parse_urlencoded(&l, s, sizeof(s) - 1), E_INVAL);
    CHECK_INT(l.n, 0);
    CHECK_INT(kv_parse_urlencoded(&l, "\0", 1), E_INVAL);
    teardown();
}

T(test_urlencoded_nomem)
{
    int n, ok = 0;

    for (n = 1; n <= 30 && !ok; n++) {
        enum err e;

        setup();
        arena_fail_after(n);
        e = parse("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10");
        arena_fail_after(0);
        if (e == E_OK) {
            ok = 1;
            CHECK_INT(l.n, 10);
            CHECK_STR(kv_get(&l, "j"), "10");
        } else {
            CHECK_INT(e, E_NOMEM);
            CHECK_INT(l.n, 0);
        }
        teardown();
    }
    CHECK(ok);
}

T(test_cookies_basic)
{
    setup();
    CHECK_INT(kv_parse_cookies(&l, "sid=abc123; theme=dark;lang=sv"), E_OK);
    CHECK_INT(l.n, 3);
    CHECK_STR(kv_get(&l, "sid"), "abc123");
    CHECK_STR(kv_get(&l, "theme"), "dark");
    CHECK_STR(kv_get(&l, "lang"), "sv");
    teardown();
}

T(test_cookies_edges)
{
    setup();
    CHECK_INT(kv_parse_cookies(&l, NULL), E_OK);
    CHECK_INT(kv_parse_cookies(&l, ""), E_OK);
    CHECK_INT(kv_parse_cookies(&l, " ; ;;"), E_OK);
    CHECK_INT(l.n, 0);
    /* no '=': skipped */
    CHECK_INT(kv_parse_cookies(&l, "lonely; a=1"), E_OK);
    CHECK_INT(l.n, 1);
    CHECK(kv_get(&l, "lonely") == NULL);
    /* quotes removed; whitespace trimmed */
    CHECK_INT(kv_parse_cookies(&l, "  q = \"quoted\"  ;\tt=\t1\t"), E_OK);
    CHECK_STR(kv_get(&l, "q"), "quoted");
    CHECK_STR(kv_get(&l, "t"), "1");
    /* empty values, empty quoted value, '=' in value (base64 padding) */
    CHECK_INT(kv_parse_cookies(&l, "e=; eq=\"\"; b64=YQ=="), E_OK);
    CHECK_STR(kv_get(&l, "e"), "");
    CHECK_STR(kv_get(&l, "eq"), "");
    CHECK_STR(kv_get(&l, "b64"), "YQ==");
    /* values are not percent-decoded */
    CHECK_INT(kv_parse_cookies(&l, "pc=a%20b"), E_OK);
    CHECK_STR(kv_get(&l, "pc"), "a%20b");
    /* duplicates: first wins (browsers send the most specific first) */
    CHECK_INT(kv_parse_cookies(&l, "d=1; d=2"), E_OK);
    CHECK_STR(kv_get(&l, "d"), "1");
    teardown();
}

T(test_cookies_skip_invalid)
{
    setup();
    CHECK_INT(kv_parse_cookies(&l, "=nokey; a b=1; c=x y; d=\"q; "
                                   "e=\xC3\xA5; f=a,b; g=a\\b; h(=1; "
                                   "i=\"; j=\x01; ok=yes"),
              E_OK);
    CHECK_INT(l.n, 1);
    CHECK_STR(kv_get(&l, "ok"), "yes");
    CHECK(kv_get(&l, "") == NULL);
    CHECK(kv_get(&l, "c") == NULL);
    CHECK(kv_get(&l, "e") == NULL);
    teardown();
}

T(test_cookies_nomem)
{
    int n, ok = 0;

    for (n = 1; n <= 20 && !ok; n++) {
        enum err e;

        setup();
        arena_fail_after(n);
        e = kv_parse_cookies(&l, "a=1; b=2; c=3; d=4; e=5");
        arena_fail_after(0);
        if (e == E_OK) {
            ok = 1;
            CHECK_INT(l.n, 5);
        } else {
            CHECK_INT(e, E_NOMEM);
            CHECK_INT(l.n, 0);
        }
        teardown();
    }
    CHECK(ok);
}

T_MAIN(T_CASE(test_add_get), T_CASE(test_growth), T_CASE(test_add_nomem),
       T_CASE(test_urlencoded_basic), T_CASE(test_urlencoded_decoding),
       T_CASE(test_urlencoded_edges), T_CASE(test_urlencoded_length),
       T_CASE(test_urlencoded_invalid), T_CASE(test_urlencoded_raw_nul),
       T_CASE(test_urlencoded_nomem), T_CASE(test_cookies_basic),
       T_CASE(test_cookies_edges), T_CASE(test_cookies_skip_invalid),
       T_CASE(test_cookies_nomem))
