/* test_datetime.c: Stockholm time by the EU rule, ISO 8601 parsing and
 * formatting, Swedish number display. Expected instants come from GNU date
 * (`date -u -d 2026-03-29T01:00:00Z +%s`) and the tz database. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "datetime.h"
#include "t.h"

/* DST switches for 2024..2027: 01:00 UTC on the last Sunday of March and
 * of October. */
static const struct {
    const char *iso;
    int64_t t;
} switches[] = {
    {"2024-03-31T01:00:00Z", 1711846800}, {"2024-10-27T01:00:00Z", 1729990800},
    {"2025-03-30T01:00:00Z", 1743296400}, {"2025-10-26T01:00:00Z", 1761440400},
    {"2026-03-29T01:00:00Z", 1774746000}, {"2026-10-25T01:00:00Z", 1792890000},
    {"2027-03-28T01:00:00Z", 1806195600}, {"2027-10-31T01:00:00Z", 1824944400},
};

static int64_t parse_ok(const char *s)
{
    int64_t t = INT64_MIN;

    if (datetime_parse_iso(s, &t) != E_OK) {
        fprintf(stderr, "rejected: \"%s\"\n", s);
        CHECK(0);
    }
    return t;
}

/* fmt runs f on a fresh buffer and returns a static copy of the text, or
 * "ERR" when the buffer's sticky error was set. */
static const char *fmt(void (*f)(struct buf *, int64_t), int64_t t)
{
    static char out[128];
    struct buf b;

    buf_init(&b, 0);
    f(&b, t);
    snprintf(out, sizeof(out), "%s", b.err ? "ERR" : b.p);
    buf_release(&b);
    return out;
}

static const char *num(double v, int decimals)
{
    static char out[512];
    struct buf b;

    buf_init(&b, 0);
    datetime_fmt_num_sv(&b, v, decimals);
    snprintf(out, sizeof(out), "%s", b.err ? "ERR" : b.p);
    buf_release(&b);
    return out;
}

T(test_now)
{
    int64_t t = datetime_now();

    CHECK(t > 1700000000); /* after 2023-11 */
    CHECK(t < 4102444800); /* before 2100 */
}

T(test_switch_instants)
{
    size_t i;

    for (i = 0; i < sizeof(switches) / sizeof(switches[0]); i++) {
        int64_t t = switches[i].t;
        int spring = i % 2 == 0;
        struct tm before, at;

        CHECK_INT(parse_ok(switches[i].iso), t);
        CHECK_STR(fmt(datetime_fmt_iso, t), switches[i].iso);
        datetime_stockholm(t - 1, &before);
        datetime_stockholm(t, &at);
        CHECK_INT(before.tm_isdst, !spring);
        CHECK_INT(at.tm_isdst, spring);
        CHECK_INT(before.tm_gmtoff, spring ? 3600 : 7200);
        CHECK_INT(at.tm_gmtoff, spring ? 7200 : 3600);
        CHECK_STR(at.tm_zone, spring ? "CEST" : "CET");
        /* the wall clock: 01:59:59 -> 03:00:00, 02:59:59 -> 02:00:00 */
        CHECK_INT(before.tm_hour, spring ? 1 : 2);
        CHECK_INT(before.tm_min, 59);
        CHECK_INT(before.tm_sec, 59);
        CHECK_INT(at.tm_hour, spring ? 3 : 2);
        CHECK_INT(at.tm_min, 0);
        CHECK_INT(at.tm_wday, 0); /* Sunday */
        CHECK_INT(at.tm_mon, spring ? 2 : 9);
    }
}

T(test_stockholm_fields)
{
    struct tm tm;

    /* 2026-11-23T12:45:00Z is 13:45 CET on a Monday */
    datetime_stockholm(1795437900, &tm);
    CHECK_INT(tm.tm_year, 126);
    CHECK_INT(tm.tm_mon, 10);
    CHECK_INT(tm.tm_mday, 23);
    CHECK_INT(tm.tm_hour, 13);
    CHECK_INT(tm.tm_min, 45);
    CHECK_INT(tm.tm_wday, 1);
    CHECK_INT(tm.tm_yday, 326);
    CHECK_INT(tm.tm_isdst, 0);
    CHECK_INT(tm.tm_gmtoff, 3600);
    /* New Year in Stockholm is an hour before it is in UTC */
    datetime_stockholm(1767225600 - 3600, &tm); /* 2025-12-31T23:00Z */
    CHECK_INT(tm.tm_year, 126);
    CHECK_INT(tm.tm_yday, 0);
    CHECK_INT(tm.tm_hour, 0);
    /* epoch */
    datetime_stockholm(0, &tm);
    CHECK_INT(tm.tm_year, 70);
    CHECK_INT(tm.tm_hour, 1);
    /* out of range: zeroed, but the zone fields are set */
    datetime_stockholm(INT64_MAX, &tm);
    CHECK_INT(tm.tm_year, 0);
    CHECK_INT(tm.tm_gmtoff, 3600);
    datetime_stockholm(INT64_MIN, &tm);
    CHECK_INT(tm.tm_hour, 0);
}

T(test_fmt_sv)
{
    CHECK_STR(fmt(datetime_fmt_sv, 1795437900), "2026-11-23 13:45");
    CHECK_STR(fmt(datetime_fmt_date_sv, 1795437900), "2026-11-23");
    /* summer: +2 */
    CHECK_STR(fmt(datetime_fmt_sv, 1782907200), "2026-07-01 14:00");
    /* the date can differ from the UTC date */
    CHECK_STR(fmt(datetime_fmt_date_sv, 1782943200), "2026-07-02");
    CHECK_STR(fmt(datetime_fmt_sv, 1774745999), "2026-03-29 01:59");
    CHECK_STR(fmt(datetime_fmt_sv, 1774746000), "2026-03-29 03:00");
    CHECK_STR(fmt(datetime_fmt_sv, 1792889999), "2026-10-25 02:59");
    CHECK_STR(fmt(datetime_fmt_sv, 1792890000), "2026-10-25 02:00");
    CHECK_STR(fmt(datetime_fmt_sv, INT64_MAX), "ERR");
    CHECK_STR(fmt(datetime_fmt_date_sv, INT64_MIN), "ERR");
}

T(test_fmt_iso)
{
    CHECK_STR(fmt(datetime_fmt_iso, 0), "1970-01-01T00:00:00Z");
    CHECK_STR(fmt(datetime_fmt_iso, 1795437900), "2026-11-23T12:45:00Z");
    CHECK_STR(fmt(datetime_fmt_iso, -1), "1969-12-31T23:59:59Z");
    CHECK_STR(fmt(datetime_fmt_iso, -62167219200), "0000-01-01T00:00:00Z");
    CHECK_STR(fmt(datetime_fmt_iso, 253402300799), "9999-12-31T23:59:59Z");
    CHECK_STR(fmt(datetime_fmt_iso, 253402300800), "ERR");
    CHECK_STR(fmt(datetime_fmt_iso, -62167219201), "ERR");
}

T(test_fmt_sticky)
{
    struct buf b;

    buf_init(&b, 8); /* too small for a date */
    datetime_fmt_iso(&b, 0);
    CHECK_INT(b.err, E_NOMEM);
    datetime_fmt_sv(&b, 0); /* no-op after the error */
    datetime_fmt_num_sv(&b, 1, 0);
    CHECK_INT(b.err, E_NOMEM);
    CHECK_INT(b.len, 0);
    buf_release(&b);
}

T(test_parse_forms)
{
    /* explicit UTC and offsets */
    CHECK_INT(parse_ok("2026-11-23T12:45:00Z"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T12:45Z"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T13:45:00+01:00"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T07:15:00-05:30"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T12:45:00-00:00"), 1795437900);
    CHECK_INT(parse_ok("2026-11-24T12:44:00+23:59"), 1795437900);
    /* Stockholm local time, winter and summer */
    CHECK_INT(parse_ok("2026-11-23T13:45"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T13:45:00"), 1795437900);
    CHECK_INT(parse_ok("2026-07-01T14:00"), 1782907200);
    /* date only: midnight in Stockholm */
    CHECK_INT(parse_ok("2026-11-23"), 1795388400); /* 2026-11-22T23:00Z */
    CHECK_INT(parse_ok("2026-07-01"), 1782856800); /* 2026-06-30T22:00Z */
    CHECK_INT(parse_ok("2026-03-29"), 1774738800); /* still CET */
    CHECK_INT(parse_ok("2026-10-25"), 1792879200); /* still CEST */
    /* fractions are accepted and dropped (JavaScript toISOString) */
    CHECK_INT(parse_ok("2026-11-23T12:45:00.999Z"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T12:45:00,5Z"), 1795437900);
    CHECK_INT(parse_ok("2026-11-23T13:45:00.123456789"), 1795437900);
    /* range ends */
    CHECK_INT(parse_ok("1970-01-01T00:00:00Z"), 0);
    CHECK_INT(parse_ok("0000-01-01T00:00:00Z"), -62167219200);
    CHECK_INT(parse_ok("9999-12-31T23:59:59Z"), 253402300799);
    CHECK_INT(parse_ok("0001-01-01T00:00:00Z"), -62135596800);
}

T(test_parse_leap)
{
    CHECK_INT(parse_ok("2024-02-29T00:00:00Z"), 1709164800);
    CHECK_INT(parse_ok("2000-02-29T12:00:00Z"), 951825600);
    CHECK_INT(parse_ok("2028-02-29T00:00:00Z") -
                  parse_ok("2028-02-28T00:00:00Z"),
              86400);
    CHECK_INT(parse_ok("2024-03-01T00:00:00Z") -
                  parse_ok("2024-02-28T00:00:00Z"),
              2 * 86400);
    CHECK_INT(parse_ok("2024-12-31T00:00:00Z") -
                  parse_ok("2024-01-01T00:00:00Z"),
              365 * 86400);
    CHECK_INT(parse_ok("2025-12-31T00:00:00Z") -
                  parse_ok("2025-01-01T00:00:00Z"),
              364 * 86400);
    CHECK_INT(parse_ok("1600-02-29"), parse_ok("1600-03-01") - 86400);
    CHECK_STR(fmt(datetime_fmt_date_sv, parse_ok("2024-02-29")), "2024-02-29");
}

T(test_parse_invalid)
{
    static const char *const bad[] = {
        "",
        "2026",
        "2026-11",
        "2026-11-2",
        "26-11-23",
        "+2026-11-23",
        "2026-1-23",
        "2026/11/23",
        "2026-11-23 ",
        " 2026-11-23",
        "2026-11-23T",
        "2026-11-23T1",
        "2026-11-23T12",
        "2026-11-23T12:4",
        "2026-11-23T12:45:",
        "2026-11-23T12:45:0",
        "2026-11-23 12:45",
        "2026-11-23t12:45",
        "2026-11-23T12:45z",
        "2026-11-23T12:45:00ZZ",
        "2026-11-23T12:45:00+01",
        "2026-11-23T12:45:00+0100",
        "2026-11-23T12:45:00+1:00",
        "2026-11-23T12:45:00+24:00",
        "2026-11-23T12:45:00+01:60",
        "2026-11-23T12:45:00.Z",
        "2026-11-23T12:45:00.1234567890Z",
        "2026-11-23T12:45.5Z",
        "2026-11-23Z",
        "2026-11-23+01:00",
        /* ranges */
        "2026-00-10",
        "2026-13-10",
        "2026-11-00",
        "2026-11-31",
        "2026-02-29",
        "2025-02-29",
        "2100-02-29",
        "1900-02-29",
        "2026-02-30",
        "2026-04-31",
        "2026-06-31",
        "2026-09-31",
        "2026-11-23T24:00",
        "2026-11-23T23:60",
        "2026-11-23T23:59:60Z",
        "2026-11-23T99:00",
        /* results outside 0000..9999 */
        "0000-01-01T00:30:00+01:00",
        "0000-01-01",
        "9999-12-31T23:59:59-00:01",
        /* non-ASCII digits and signs */
        "２０２６-11-23",
        ("2026-11-23T12:45:00\xE2\x88\x92"
         "01:00"),
        "-001-01-01",
    };
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t t = 42;

        if (datetime_parse_iso(bad[i], &t) != E_INVAL) {
            fprintf(stderr, "accepted: \"%s\"\n", bad[i]);
            CHECK(0);
        }
        CHECK_INT(t, 42); /* untouched */
    }
}

T(test_parse_gap_overlap)
{
    /* spring gap 2026-03-29 02:00..02:59 does not exist: read as CET */
    CHECK_INT(parse_ok("2026-03-29T01:59:59"), 1774745999);
    CHECK_INT(parse_ok("2026-03-29T02:00"), 1774746000);
    CHECK_INT(parse_ok("2026-03-29T02:30"), 1774747800); /* 03:30 CEST */
    CHECK_STR(fmt(datetime_fmt_sv, 1774747800), "2026-03-29 03:30");
    CHECK_INT(parse_ok("2026-03-29T02:59:59"), 1774749599);
    CHECK_INT(parse_ok("2026-03-29T03:00"), 1774746000);
    CHECK_INT(parse_ok("2026-03-29T03:30"), 1774747800);
    /* autumn overlap 2026-10-25 02:00..02:59 exists twice: summer time */
    CHECK_INT(parse_ok("2026-10-25T01:59:59"), 1792886399); /* 23:59:59Z */
    CHECK_INT(parse_ok("2026-10-25T02:00"), 1792886400);    /* 00:00Z */
    CHECK_INT(parse_ok("2026-10-25T02:30"), 1792888200);    /* 00:30Z */
    CHECK_INT(parse_ok("2026-10-25T02:59:59"), 1792889999); /* 00:59:59Z */
    CHECK_INT(parse_ok("2026-10-25T03:00"), 1792893600);    /* 02:00Z */
    /* the later 02:30 is reachable with an explicit offset */
    CHECK_INT(parse_ok("2026-10-25T02:30+01:00"), 1792891800);
    CHECK_STR(fmt(datetime_fmt_sv, 1792891800), "2026-10-25 02:30");
}

T(test_local_roundtrip)
{
    /* every 15 minutes through 2024..2027: Stockholm wall time -> parse ->
     * same instant, except the ambiguous overlap hour's second pass */
    int64_t t, t0 = 1704067200, t1 = 1830297600; /* 2024-01-01..2028-01-01 */
    long mismatches = 0, overlaps = 0;

    for (t = t0; t < t1; t += 900) {
        struct tm tm;
        char s[80];
        int64_t back = 0;

        datetime_stockholm(t, &tm);
        snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:%02d:%02d",
                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min, tm.tm_sec);
        if (datetime_parse_iso(s, &back) != E_OK)
            mismatches++;
        else if (back == t - 3600 && tm.tm_isdst == 0 && tm.tm_hour == 2)
            overlaps++;
        else if (back != t)
            mismatches++;
    }
    CHECK_INT(mismatches, 0);
    CHECK_INT(overlaps, 4 * 4); /* 4 autumns x 4 quarter hours */
}

T(test_iso_roundtrip)
{
    int64_t t;

    for (t = -62167219200; t < 253402300799; t += 9876543) {
        struct buf b;
        int64_t back = 0;

        buf_init(&b, 0);
        datetime_fmt_iso(&b, t);
        CHECK_INT(b.err, E_OK);
        CHECK_INT(datetime_parse_iso(b.p, &back), E_OK);
        CHECK_INT(back, t);
        buf_release(&b);
    }
}

T(test_num_sv)
{
    CHECK_STR(num(0, 0), "0");
    CHECK_STR(num(0, 2), "0,00");
    CHECK_STR(num(7, 0), "7");
    CHECK_STR(num(999, 0), "999");
    CHECK_STR(num(1000, 0), "1\xC2\xA0"
                            "000");
    CHECK_STR(num(1234567.891, 2), "1\xC2\xA0"
                                   "234\xC2\xA0"
                                   "567,89");
    CHECK_STR(num(123456, 1), "123\xC2\xA0"
                              "456,0");
    CHECK_STR(num(12345, 3), "12\xC2\xA0"
                             "345,000");
    CHECK_STR(num(-1234.5, 1), "-1\xC2\xA0"
                               "234,5");
    CHECK_STR(num(-999, 0), "-999");
    CHECK_STR(num(-0.004, 2), "0,00");
    CHECK_STR(num(-0.0, 0), "0");
    CHECK_STR(num(-0.006, 2), "-0,01");
    CHECK_STR(num(0.5, 0), "0");      /* printf rounds half to even */
    CHECK_STR(num(2.675, 2), "2,67"); /* 2.67499999... in binary */
    CHECK_STR(num(1.0 / 3, 9), "0,333333333");
    CHECK_STR(num(1.0 / 3, 12), "0,333333333"); /* clamped to 9 */
    CHECK_STR(num(12.5, -3), "12");             /* clamped to 0 */
    CHECK_STR(num(1e15, 0), "1\xC2\xA0"
                            "000\xC2\xA0"
                            "000\xC2\xA0"
                            "000\xC2\xA0"
                            "000\xC2\xA0"
                            "000");
    CHECK_STR(num(NAN, 2), "\xE2\x80\x93");
    CHECK_STR(num(INFINITY, 2), "\xE2\x80\x93");
    CHECK_STR(num(-INFINITY, 0), "\xE2\x80\x93");
    /* huge values still format fully */
    CHECK(strlen(num(1e300, 9)) > 300);
    CHECK(strlen(num(-1.7976931348623157e308, 9)) > 400);
}

T(test_num_appends)
{
    struct buf b;

    buf_init(&b, 0);
    buf_adds(&b, "Summa: ");
    datetime_fmt_num_sv(&b, 1500, 0);
    buf_adds(&b, " kr");
    CHECK_STR(b.p, "Summa: 1\xC2\xA0"
                   "500 kr");
    buf_release(&b);
}

T_MAIN(T_CASE(test_now), T_CASE(test_switch_instants),
       T_CASE(test_stockholm_fields), T_CASE(test_fmt_sv), T_CASE(test_fmt_iso),
       T_CASE(test_fmt_sticky), T_CASE(test_parse_forms),
       T_CASE(test_parse_leap), T_CASE(test_parse_invalid),
       T_CASE(test_parse_gap_overlap), T_CASE(test_local_roundtrip),
       T_CASE(test_iso_roundtrip), T_CASE(test_num_sv),
       T_CASE(test_num_appends))
