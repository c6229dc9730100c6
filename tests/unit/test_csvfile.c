/* test_csvfile.c: the CSV reader: BOM, CRLF, delimiter detection, quoted
 * newlines, line numbers and error positions. */
#include "csvfile.h"
#include "t.h"

/* parse runs csvfile_parse on a string literal; err gets the message. */
static enum err parse(struct arena *a, const char *s, size_t len,
                      struct csvfile *f, struct buf *err)
{
    buf_clear(err);
    return csvfile_parse(a, s, len, f, err);
}

#define PARSE(a, lit, f, err) parse((a), (lit), sizeof(lit) - 1, (f), (err))

T(basic_rows)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, "x,y\n1,2\n3,\n", &f, &err) == E_OK);
    CHECK(f.delim == ',');
    CHECK_INT(f.nrows, 3);
    CHECK_STR(f.rows[1].fields[1], "2");
    CHECK_INT(f.rows[2].nfields, 2);
    CHECK_STR(f.rows[2].fields[1], "");
    CHECK_INT(f.rows[2].line, 3);
    CHECK_INT(csvfile_col(&f, "y"), 1);
    CHECK_INT(csvfile_col(&f, "z"), -1);
    /* no final newline */
    CHECK(PARSE(a, "a,b\n1,2", &f, &err) == E_OK);
    CHECK_INT(f.nrows, 2);
    CHECK_STR(f.rows[1].fields[1], "2");
    buf_release(&err);
    arena_free(a);
}

T(bom_and_crlf)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, "\xEF\xBB\xBFmonth,n\r\n2024-01,3\r\n2024-02,4\r\n", &f,
                &err) == E_OK);
    CHECK_INT(f.nrows, 3);
    CHECK_INT(csvfile_col(&f, "month"), 0);
    CHECK_STR(f.rows[2].fields[1], "4");
    CHECK_INT(f.rows[2].line, 3);
    CHECK(PARSE(a, "\xEF\xBB\xBF", &f, &err) == E_OK);
    CHECK_INT(f.nrows, 0);
    CHECK(PARSE(a, "", &f, &err) == E_OK);
    CHECK_INT(f.nrows, 0);
    CHECK_INT(csvfile_col(&f, "x"), -1);
    buf_release(&err);
    arena_free(a);
}

T(semicolon_detected)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, "datum;antal;kommentar\n2024-01-01;3,5;\"a;b,c\"\n", &f,
                &err) == E_OK);
    CHECK(f.delim == ';');
    CHECK_INT(f.rows[1].nfields, 3);
    CHECK_STR(f.rows[1].fields[1], "3,5");
    CHECK_STR(f.rows[1].fields[2], "a;b,c");
    /* a ';' inside a quoted header name does not count */
    CHECK(PARSE(a, "\"a;b;c\",d\n1,2\n", &f, &err) == E_OK);
    CHECK(f.delim == ',');
    buf_release(&err);
    arena_free(a);
}

T(quoted_newlines_keep_line_numbers)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a,
                "id,text\n1,\"two\nlines\"\n\n2,\"say \"\"hi\"\"\"\n"
                "3,\"x\r\ny\r\nz\"\r\n4,end\n",
                &f, &err) == E_OK);
    CHECK_INT(f.nrows, 5);
    CHECK_STR(f.rows[1].fields[1], "two\nlines");
    CHECK_INT(f.rows[1].line, 2);
    CHECK_INT(f.rows[2].line, 5); /* after the blank line 4 */
    CHECK_STR(f.rows[2].fields[1], "say \"hi\"");
    CHECK_INT(f.rows[3].line, 6);
    CHECK_STR(f.rows[3].fields[1], "x\r\ny\r\nz");
    CHECK_INT(f.rows[4].line, 9);
    buf_release(&err);
    arena_free(a);
}

T(bad_utf8_names_line_and_column)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, "x,y\n1,2\nåäö,\xff\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 3, column 5: invalid UTF-8");
    CHECK(PARSE(a, "x,y\r\n1,\xc3", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 2, column 3: invalid UTF-8");
    CHECK(PARSE(a, "x,y\n1,\xed\xa0\x80\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 2, column 3: invalid UTF-8"); /* surrogate */
    CHECK(PARSE(a, "x,y\n1,a\0b\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 2, column 4: NUL byte");
    CHECK(PARSE(a, "\xEF\xBB\xBFx,\xc0\xaf\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 1, column 3: invalid UTF-8"); /* overlong */
    buf_release(&err);
    arena_free(a);
}

T(bad_quoting)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, "x,y\n1,\"open\nstill open\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 2, column 3: quoted field is not closed");
    CHECK(PARSE(a, "x,y\n1,\"ab\"c\n", &f, &err) == E_INVAL);
    CHECK_STR(err.p, "line 2, column 7: malformed quoting");
    CHECK(PARSE(a, "x,y\n1,ab\"c\n", &f, &err) == E_INVAL);
    CHECK(strstr(err.p, "line 2") != NULL);
    buf_release(&err);
    arena_free(a);
}

T(column_lookup_trims_spaces)
{
    struct arena *a = arena_new();
    struct csvfile f;
    struct buf err;

    buf_init(&err, 0);
    CHECK(PARSE(a, " x , \" y \" ,z\n1,2,3\n", &f, &err) == E_OK);
    CHECK_INT(csvfile_col(&f, "x"), 0);
    CHECK_INT(csvfile_col(&f, "y"), 1);
    CHECK_INT(csvfile_col(&f, "z"), 2);
    CHECK_INT(csvfile_col(&f, ""), -1);
    buf_release(&err);
    arena_free(a);
}

/* Every allocation failing in turn gives E_NOMEM, never a crash or leak. */
T(allocation_failures)
{
    static const char in[] = "a,b\n1,\"2\n3\"\n4,5\n6,7\n";
    struct csvfile f;
    struct buf err;
    enum err e = E_NOMEM;
    long n;

    buf_init(&err, 0);
    for (n = 1; n < 200 && e == E_NOMEM; n++) {
        struct arena *a = arena_new();

        arena_fail_after(n);
        e = PARSE(a, in, &f, &err);
        arena_fail_after(0);
        CHECK(e == E_OK || e == E_NOMEM);
        arena_free(a);
    }
    CHECK(e == E_OK);
    buf_release(&err);
}

T_MAIN(T_CASE(basic_rows), T_CASE(bom_and_crlf), T_CASE(semicolon_detected),
       T_CASE(quoted_newlines_keep_line_numbers),
       T_CASE(bad_utf8_names_line_and_column), T_CASE(bad_quoting),
       T_CASE(column_lookup_trims_spaces), T_CASE(allocation_failures))
