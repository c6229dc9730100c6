/* csvfile.h: reads a whole CSV file (libcsv) into rows of strings, for
 * imports. Handles a UTF-8 BOM, CRLF, quoted fields with newlines, and
 * detects ';' vs ',' as the delimiter from the header line (Swedish Excel
 * writes ';'). Every row remembers the physical line it started on so
 * import errors can say "line L, column C". */
#ifndef SKA_CSVFILE_H
#define SKA_CSVFILE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

struct csvfile_row {
    size_t line; /* 1-based physical line where the row starts */
    size_t nfields;
    const char **fields; /* NUL-terminated strings in the arena */
};

struct csvfile {
    char delim;
    size_t nrows; /* rows[0] is the header row */
    struct csvfile_row *rows;
};

/* csvfile_parse parses data[0..len) into *out, allocating from a. On
 * E_INVAL (malformed quoting, invalid UTF-8, NUL byte) a one-sentence
 * English message with line and column is appended to errmsg, e.g.
 * "line 3, column 7: invalid UTF-8". An empty input gives nrows == 0. */
enum err csvfile_parse(struct arena *a, const char *data, size_t len,
                       struct csvfile *out, struct buf *errmsg);
/* csvfile_col returns the index of the header column named name (exact,
 * after trimming spaces), or -1. */
long csvfile_col(const struct csvfile *f, const char *name);

/* csvfile_field appends s (NULL = empty) as one RFC 4180 field, quoted,
 * followed by ',' or, when last, CRLF. A leading = + - @ gets a ' so that
 * spreadsheets show it as text instead of running it as a formula. */
void csvfile_field(struct buf *b, const char *s, int last);

#endif
