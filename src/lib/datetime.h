/* datetime.h: time as int64 seconds since the epoch in UTC everywhere; shown
 * in Europe/Stockholm (CET/CEST by the EU rule, computed here so it is
 * thread-safe and needs no tzdata) and as ISO 8601 in APIs and exports. */
#ifndef SKA_DATETIME_H
#define SKA_DATETIME_H

#include <stdint.h>
#include <time.h>

#include "buf.h"

/* datetime_now returns the current UTC time in seconds, plus the offset of
 * datetime_set_offset. */
int64_t datetime_now(void);
/* datetime_set_offset moves the clock datetime_now reads by seconds, for
 * tests only (`ska serve --clock-offset`: deadlines and reminders days
 * ahead). Call it before starting any thread. */
void datetime_set_offset(int64_t seconds);
/* datetime_stockholm fills *tm with the Stockholm wall-clock time of utc
 * (tm_isdst, tm_gmtoff and tm_zone "CET"/"CEST" set). Stockholm is CET
 * (UTC+1), and CEST (UTC+2) from the last Sunday of March 01:00Z (inclusive)
 * until the last Sunday of October 01:00Z (exclusive); this EU rule is
 * applied to every year, also before 1996 when Sweden's rules differed.
 * Outside 0000-01-01Z..9999-12-31T23:59:59Z *tm is all zero except the CET
 * fields. */
void datetime_stockholm(int64_t utc, struct tm *tm);
/* Swedish display: "2026-11-23 13:45" and "2026-11-23" (Stockholm time).
 * Instants outside the years 0000..9999 set E_INVAL on b, as does
 * datetime_fmt_iso. */
void datetime_fmt_sv(struct buf *b, int64_t utc);
void datetime_fmt_date_sv(struct buf *b, int64_t utc);
/* ISO 8601 UTC: "2026-11-23T12:45:00Z". */
void datetime_fmt_iso(struct buf *b, int64_t utc);
/* datetime_parse_iso accepts "YYYY-MM-DD" (midnight Stockholm time),
 * "YYYY-MM-DDTHH:MM[:SS]" (Stockholm time) and the same with "Z" or
 * "+HH:MM"/"-HH:MM" (explicit offset). Validates ranges (Feb 30 is
 * E_INVAL). Returns E_OK or E_INVAL; *out is set only on E_OK.
 * Details: exactly 4-digit years and 2-digit fields; 'T' and 'Z' upper case
 * only; hour 00..23 (no 24:00), second 00..59 (no leap second); offsets up to
 * +-23:59; after seconds a fraction ".d" or ",d" of 1..9 digits is accepted
 * and dropped (truncated), so JavaScript's toISOString() parses; the result
 * must lie in 0000-01-01T00:00:00Z..9999-12-31T23:59:59Z.
 * Stockholm wall times that do not exist or exist twice:
 * - gap (last Sunday of March, 02:00..02:59): read as standard time (CET),
 *   which moves it one hour forward: 02:30 gives 01:30Z = 03:30 CEST;
 * - overlap (last Sunday of October, 02:00..02:59): the earlier instant,
 *   i.e. summer time: 02:30 gives 00:30Z (02:30 CEST), not 01:30Z. */
int datetime_parse_iso(const char *s, int64_t *out);

/* numfmt: Swedish number display, "1 234 567,89" with U+00A0 as the group
 * separator and a comma as decimal mark; decimals 0..9. NaN/inf print "–".
 * Rounding is printf's (round-half-even on the binary value); decimals
 * outside 0..9 are clamped; negatives use ASCII '-', and a value that rounds
 * to zero prints without sign ("0,00", never "-0,00"). No group separator in
 * the decimals. */
void datetime_fmt_num_sv(struct buf *b, double v, int decimals);

#endif
