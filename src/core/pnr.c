/* pnr.c: personnummer and samordningsnummer validation. */
#include "pnr.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : d[m - 1];
}

/* luhn over the ten digits YYMMDDNNNC: weights 2,1,2,1,... */
static int luhn_ok(const char *ten)
{
    int i, sum = 0;

    for (i = 0; i < 10; i++) {
        int v = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);

        sum += v > 9 ? v - 9 : v;
    }
    return sum % 10 == 0;
}

const char *pnr_parse(const char *in, int this_year, char out[PNR_NORM],
                      int *coordination)
{
    char digits[13];
    size_t n = 0, len;
    int sep = 0, year, month, day, dd;
    const char *p;

    *coordination = 0;
    out[0] = '\0';
    while (*in == ' ')
        in++;
    len = strlen(in);
    while (len && in[len - 1] == ' ')
        len--;
    for (p = in; p < in + len; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n >= 12)
                return "pnr.format";
            digits[n++] = *p;
        } else if ((*p == '-' || *p == '+') && !sep && (n == 6 || n == 8) &&
                   in + len - p == 5) {
            sep = *p;
        } else {
            return "pnr.format";
        }
    }
    digits[n] = '\0';
    if (n != 10 && n != 12)
        return "pnr.format";
    if (n == 12 && sep == '+')
        return "pnr.format";
    if (n == 10) {
        int yy = (digits[0] - '0') * 10 + (digits[1] - '0');
        int century = (this_year / 100) * 100;

        year = century + yy;
        if (year > this_year)
            year -= 100;
        if (sep == '+')
            year -= 100;
        if (year < 1000 || year > 9999)
            return "pnr.date";
        out[0] = (char)('0' + year / 1000);
        out[1] = (char)('0' + year / 100 % 10);
        memcpy(out + 2, digits, 11); /* YY..NNNN and the NUL */
    } else {
        snprintf(out, PNR_NORM, "%s", digits);
    }
    year = (out[0] - '0') * 1000 + (out[1] - '0') * 100 + (out[2] - '0') * 10 +
           (out[3] - '0');
    month = (out[4] - '0') * 10 + (out[5] - '0');
    day = (out[6] - '0') * 10 + (out[7] - '0');
    dd = day;
    if (day > 60) {
        *coordination = 1;
        dd = day - 60;
    }
    if (month < 1 || month > 12 || dd < 1 || year < 1800 ||
        dd > days_in_month(year, month)) {
        out[0] = '\0';
        return "pnr.date";
    }
    if (year > this_year) {
        out[0] = '\0';
        return "pnr.future";
    }
    if (!luhn_ok(out + 2)) {
        out[0] = '\0';
        return "pnr.checksum";
    }
    return NULL;
}

void pnr_mask(const char *norm, char out[14])
{
    if (!norm || strlen(norm) != 12) {
        snprintf(out, 14, "****");
        return;
    }
    snprintf(out, 14, "%.8s-****", norm);
}
