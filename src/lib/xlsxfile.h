/* xlsxfile.h: reads the first worksheet of an XLSX workbook (libzip and
 * expat) into the same rows of strings as csvfile.h, for imports. Shared
 * strings and inline strings become their text; numbers stay the text the
 * workbook stores (C locale, e.g. "12.5"; dates stay serial numbers);
 * booleans "1"/"0"; empty cells "". A row's line is its sheet row number,
 * so an error "line 7, column 2" is cell B7. Rows missing from the sheet
 * are skipped; row 1 need not be the first stored row, the first stored row
 * is the header. */
#ifndef SKA_XLSXFILE_H
#define SKA_XLSXFILE_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "csvfile.h"
#include "err.h"

/* xlsxfile_is reports whether data starts like a zip archive. */
int xlsxfile_is(const char *data, size_t len);
/* xlsxfile_parse parses data[0..len) into *out (delim is 0), allocating
 * from a. On E_INVAL a one-sentence English message naming the part or
 * the cell (e.g. "cell B7: unknown shared string 12") is appended to
 * errmsg. */
enum err xlsxfile_parse(struct arena *a, const char *data, size_t len,
                        struct csvfile *out, struct buf *errmsg);

#endif
