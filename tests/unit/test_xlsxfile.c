/* test_xlsxfile.c: a real workbook written with libxlsxwriter into a
 * temporary file is read back: shared strings, numbers in C locale, gaps
 * in rows and columns, row numbers as lines; broken input fails cleanly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "t.h"
#include "xlsxfile.h"

static char path[] = "/tmp/ska-test-xlsx-XXXXXX";

static char *slurp(const char *p, size_t *len)
{
    FILE *f = fopen(p, "rb");
    char *d = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (d = malloc((size_t)n)) &&
        fread(d, 1, (size_t)n, f) != (size_t)n) {
        free(d);
        d = NULL;
    }
    *len = d ? (size_t)n : 0;
    fclose(f);
    return d;
}

static int write_book(const char *p)
{
    lxw_workbook *wb = workbook_new(p);
    lxw_worksheet *ws, *ws2;

    if (!wb)
        return -1;
    ws = workbook_add_worksheet(wb, "Värden");
    ws2 = workbook_add_worksheet(wb, "Other");
    worksheet_write_string(ws, 0, 0, "indicator", NULL);
    worksheet_write_string(ws, 0, 1, "unit", NULL);
    worksheet_write_string(ws, 0, 2, "period", NULL);
    worksheet_write_string(ws, 0, 3, "value", NULL);
    worksheet_write_string(ws, 1, 0, "HSV-RAAS", NULL);
    worksheet_write_string(ws, 1, 1, "Avd 1 <&> \"ö\"", NULL);
    worksheet_write_string(ws, 1, 2, "2024-01", NULL);
    worksheet_write_number(ws, 1, 3, 12.5, NULL);
    /* row 3 empty; row 4 has a gap in column B */
    worksheet_write_string(ws, 3, 0, "HSV-RAAS", NULL);
    worksheet_write_string(ws, 3, 2, "2024-02", NULL);
    worksheet_write_number(ws, 3, 3, 1e-7, NULL);
    worksheet_write_boolean(ws, 4, 0, 1, NULL);
    worksheet_write_number(ws, 4, 27, 3, NULL); /* AB5 */
    worksheet_write_string(ws2, 0, 0, "not this sheet", NULL);
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

T(reads_first_sheet)
{
    struct arena *a = arena_new();
    struct buf msg;
    struct csvfile f;
    size_t len = 0;
    char *d;
    int fd = mkstemp(path);

    buf_init(&msg, 0);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    CHECK_INT(write_book(path), 0);
    d = slurp(path, &len);
    CHECK(d != NULL);
    if (!d)
        goto out;
    CHECK(xlsxfile_is(d, len));
    CHECK_INT(xlsxfile_parse(a, d, len, &f, &msg), E_OK);
    CHECK_INT(f.nrows, 4);
    if (f.nrows == 4) {
        CHECK_INT(f.rows[0].line, 1);
        CHECK_INT(f.rows[0].nfields, 4);
        CHECK_STR(f.rows[0].fields[3], "value");
        CHECK_INT(f.rows[1].line, 2);
        CHECK_STR(f.rows[1].fields[1], "Avd 1 <&> \"ö\"");
        CHECK_STR(f.rows[1].fields[3], "12.5");
        CHECK_INT(f.rows[2].line, 4);
        CHECK_STR(f.rows[2].fields[1], "");
        CHECK_STR(f.rows[2].fields[2], "2024-02");
        CHECK_STR(f.rows[2].fields[3], "1E-07");
        CHECK_INT(f.rows[3].line, 5);
        CHECK_STR(f.rows[3].fields[0], "1");
        CHECK_INT(f.rows[3].nfields, 28);
        CHECK_STR(f.rows[3].fields[27], "3");
    }
    CHECK_INT(csvfile_col(&f, "period"), 2);
    free(d);
out:
    unlink(path);
    buf_release(&msg);
    arena_free(a);
}

T(rejects_garbage)
{
    struct arena *a = arena_new();
    struct buf msg;
    struct csvfile f;

    buf_init(&msg, 0);
    CHECK(!xlsxfile_is("a,b\n", 4));
    CHECK_INT(xlsxfile_parse(a, "PK\003\004junk", 10, &f, &msg), E_INVAL);
    CHECK(msg.len > 0 && strstr(msg.p, "not an XLSX workbook") != NULL);
    buf_release(&msg);
    arena_free(a);
}

/* a hand-made workbook: an out-of-range shared string names its cell */
T(bad_shared_string_names_cell)
{
    static const char sheet[] =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\">"
        "<is><t>x</t></is></c></row><row r=\"7\"><c r=\"B7\" t=\"s\">"
        "<v>12</v></c></row></sheetData></worksheet>";
    struct arena *a = arena_new();
    struct buf msg;
    struct csvfile f;
    zip_t *z;
    zip_source_t *src;
    size_t len = 0;
    char *d = NULL;
    int fd = mkstemp(path), err = 0;

    buf_init(&msg, 0);
    if (fd >= 0)
        close(fd);
    z = zip_open(path, ZIP_TRUNCATE | ZIP_CREATE, &err);
    CHECK(z != NULL);
    if (z) {
        src = zip_source_buffer(z, sheet, sizeof(sheet) - 1, 0);
        CHECK(zip_file_add(z, "xl/worksheets/sheet1.xml", src, 0) >= 0);
        CHECK_INT(zip_close(z), 0);
        d = slurp(path, &len);
    }
    CHECK(d != NULL);
    if (d) {
        CHECK_INT(xlsxfile_parse(a, d, len, &f, &msg), E_INVAL);
        CHECK(msg.len && strstr(msg.p, "cell B7: unknown shared string 12"));
    }
    free(d);
    unlink(path);
    buf_release(&msg);
    arena_free(a);
}

T_MAIN(T_CASE(reads_first_sheet), T_CASE(rejects_garbage),
       T_CASE(bad_shared_string_names_cell))
