/* pnr.h: Swedish personal identity numbers (personnummer) and co-ordination
 * numbers (samordningsnummer, day + 60): parsing, validation (calendar date
 * and Luhn check digit) and masking. Pure logic. */
#ifndef SKA_PNR_H
#define SKA_PNR_H

#define PNR_NORM 13 /* "YYYYMMDDNNNN" + NUL */

/* pnr_parse accepts "YYYYMMDD-NNNN", "YYYYMMDDNNNN", "YYMMDD-NNNN",
 * "YYMMDDNNNN" and "YYMMDD+NNNN" (the person is 100 or older), with spaces
 * around. A 10-digit form is placed in the century that makes the person at
 * most 99 years old on 31 December of this_year ('+': 100 years earlier).
 * On success writes the 12-digit form to out and returns NULL; otherwise
 * returns a message key: "pnr.format", "pnr.date", "pnr.future" or
 * "pnr.checksum". *coordination is set for a samordningsnummer. */
const char *pnr_parse(const char *in, int this_year, char out[PNR_NORM],
                      int *coordination);
/* pnr_mask writes "YYYYMMDD-****" for a normalised number (lists show the
 * birth date only; the last four digits identify the person). */
void pnr_mask(const char *norm, char out[14]);

#endif
