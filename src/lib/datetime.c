/* datetime.c: UTC instants, Europe/Stockholm wall clock by the EU rule, ISO
 * 8601 and Swedish display formats. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* tm_gmtoff, tm_zone, gmtime_r, clock_gettime */
#endif
#include "datetime.h"

#include <math.h>
#include <string.h>

#include "err.h"

#define DAY 86400
#define CET_OFF 3600
#define CEST_OFF 7200
/* Accepted instants: 0000-01-01T00:00:00Z .. 9999-12-31T23:59:59Z. */
#define DT_MIN (-62167219200LL)
#define DT_MAX (253402300799LL)

/* set once at start-up, before any thread reads it (tests only) */
static int64_t clock_offset;

void datetime_set_offset(int64_t seconds)
{
    clock_offset = seconds;
}

int64_t datetime_now(void)
{
    struct timespec ts;

    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return (int64_t)time(NULL) + clock_offset;
    return (int64_t)ts.tv_sec + clock_offset;
}

/* days_from_civil counts days from 1970-01-01 to y-m-d in the proleptic
 * Gregorian calendar (H. Hinnant's algorithm; exact for any int year). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* weekday: 0 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
    int64_t w = (days + 4) % 7;

    return (int)(w < 0 ? w + 7 : w);
}

/* last_sunday_0100z: the instant 01:00 UTC on the last Sunday of month m
 * (March or October, both 31 days long) of year y. */
static int64_t last_sunday_0100z(int64_t y, int m)
{
    int64_t d31 = days_from_civil(y, m, 31);

    return (d31 - weekday(d31)) * DAY + 3600;
}

/* year_of returns the UTC calendar year of t. */
static int64_t year_of(int64_t t)
{
    int64_t days = t / DAY - (t % DAY < 0);
    /* Same algorithm as days_from_civil, inverted (civil_from_days). */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;

    return yoe + era * 400 + (mp >= 10);
}

/* is_summer: CEST from the last Sunday of March 01:00Z (inclusive) until the
 * last Sunday of October 01:00Z (exclusive). */
static int is_summer(int64_t utc)
{
    int64_t y = year_of(utc);

    return utc >= last_sunday_0100z(y, 3) && utc < last_sunday_0100z(y, 10);
}

static int stockholm_offset(int64_t utc)
{
    return is_summer(utc) ? CEST_OFF : CET_OFF;
}

void datetime_stockholm(int64_t utc, struct tm *tm)
{
    int off = CET_OFF;
    time_t t;

    memset(tm, 0, sizeof(*tm));
    if (utc >= DT_MIN && utc <= DT_MAX) {
        off = stockholm_offset(utc);
        t = (time_t)(utc + off);
        if (!gmtime_r(&t, tm))
            memset(tm, 0, sizeof(*tm));
    }
    tm->tm_isdst = off == CEST_OFF;
    tm->tm_gmtoff = off;
    tm->tm_zone = off == CEST_OFF ? "CEST" : "CET";
}

/* to_tm breaks t down (as UTC); -1 when gmtime_r cannot represent it. */
static int to_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;

    if ((int64_t)tt != t || !gmtime_r(&tt, tm))
        return -1;
    return 0;
}

static void fmt_local(struct buf *b, int64_t utc, int with_time)
{
    struct tm tm;

    if (b->err)
        return;
    if (utc < DT_MIN || utc > DT_MAX ||
        to_tm(utc + stockholm_offset(utc), &tm)) {
        b->err = E_INVAL;
        return;
    }
    buf_addf(b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    if (with_time)
        buf_addf(b, " %02d:%02d", tm.tm_hour, tm.tm_min);
}

void datetime_fmt_sv(struct buf *b, int64_t utc)
{
    fmt_local(b, utc, 1);
}

void datetime_fmt_date_sv(struct buf *b, int64_t utc)
{
    fmt_local(b, utc, 0);
}

void datetime_fmt_iso(struct buf *b, int64_t utc)
{
    struct tm tm;

    if (b->err)
        return;
    if (utc < DT_MIN || utc > DT_MAX || to_tm(utc, &tm)) {
        b->err = E_INVAL;
        return;
    }
    buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* digits reads exactly n ASCII digits at *s and advances it. */
static int digits(const char **s, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)(*s)[i];

        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *s += n;
    *out = v;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : mdays[m - 1];
}

/* local_to_utc: wall is a Stockholm wall-clock time counted as if it were
 * UTC. See datetime.h for the gap and overlap rule. */
static int64_t local_to_utc(int64_t wall)
{
    if (is_summer(wall - CEST_OFF))
        return wall - CEST_OFF;
    return wall - CET_OFF;
}

static int parse_offset(const char **s, int *off)
{
    int sign, h, m;

    if (**s == 'Z') {
        (*s)++;
        *off = 0;
        return 0;
    }
    if (**s != '+' && **s != '-')
        return -1;
    sign = **s == '-' ? -1 : 1;
    (*s)++;
    if (digits(s, 2, &h) || *(*s)++ != ':' || digits(s, 2, &m))
        return -1;
    if (h > 23 || m > 59)
        return -1;
    *off = sign * (h * 3600 + m * 60);
    return 0;
}

int datetime_parse_iso(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, local = 1;
    int64_t t;

    if (digits(&s, 4, &y) || *s++ != '-' || digits(&s, 2, &mo) || *s++ != '-' ||
        digits(&s, 2, &d))
        return E_INVAL;
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
        return E_INVAL;
    if (*s == 'T') {
        s++;
        if (digits(&s, 2, &h) || *s++ != ':' || digits(&s, 2, &mi))
            return E_INVAL;
        if (*s == ':') {
            s++;
            if (digits(&s, 2, &sec))
                return E_INVAL;
            if (*s == '.' || *s == ',') {
                int n = 0;

                for (s++; *s >= '0' && *s <= '9'; s++)
                    n++;
                if (n < 1 || n > 9)
                    return E_INVAL;
            }
        }
        if (h > 23 || mi > 59 || sec > 59)
            return E_INVAL;
        if (*s) {
            if (parse_offset(&s, &off))
                return E_INVAL;
            local = 0;
        }
    }
    if (*s)
        return E_INVAL;
    t = days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + sec;
    t = local ? local_to_utc(t) : t - off;
    if (t < DT_MIN || t > DT_MAX)
        return E_INVAL;
    *out = t;
    return E_OK;
}

void datetime_fmt_num_sv(struct buf *b, double v, int decimals)
{
    struct buf tmp;
    const char *p, *dot;
    size_t i, nint;
    int neg = 0, nonzero = 0;

    if (b->err)
        return;
    if (isnan(v) || isinf(v)) {
        buf_adds(b, "\xE2\x80\x93"); /* U+2013 en dash */
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    buf_init(&tmp, 512);
    buf_addf(&tmp, "%.*f", decimals, v);
    if (tmp.err) {
        b->err = tmp.err;
        goto out;
    }
    p = tmp.p;
    if (*p == '-') {
        neg = 1;
        p++;
    }
    for (i = 0; p[i]; i++)
        if (p[i] >= '1' && p[i] <= '9')
            nonzero = 1;
    if (neg && nonzero) /* no "-0,00" for tiny negatives */
        buf_addc(b, '-');
    dot = strpbrk(p, ".,"); /* ',' if someone called setlocale() */
    nint = dot ? (size_t)(dot - p) : strlen(p);
    for (i = 0; i < nint; i++) {
        if (i > 0 && (nint - i) % 3 == 0)
            buf_adds(b, "\xC2\xA0"); /* U+00A0 no-break space */
        buf_addc(b, p[i]);
    }
    if (dot) {
        buf_addc(b, ',');
        buf_adds(b, dot + 1);
    }
out:
    buf_release(&tmp);
}
