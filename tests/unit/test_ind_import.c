/* test_ind_import.c: parsing indicator import files: kind detection,
 * numbers with decimal comma, values and catalogue rows, and every error
 * reported with its line and column. */
#include "t.h"

#include <math.h>
#include <string.h>

#include "core/ind_import.h"

static struct arena *a;

static int parse(const char *text, struct csvfile *f)
{
    struct buf msg;
    enum err e;

    buf_init(&msg, 0);
    e = csvfile_parse(a, text, strlen(text), f, &msg);
    buf_release(&msg);
    return e == E_OK;
}

static int has_err(const struct ind_import_errs *es, size_t line, size_t col,
                   const char *msg)
{
    size_t i;

    for (i = 0; i < es->n && i < IND_IMPORT_MAX_ERRS; i++)
        if (es->v[i].line == line && es->v[i].col == col &&
            strcmp(es->v[i].msg, msg) == 0)
            return 1;
    return 0;
}

T(numbers)
{
    double v;

    CHECK_INT(ind_import_num("12,5", &v), 0);
    CHECK(v == 12.5);
    CHECK_INT(ind_import_num(" 3.25 ", &v), 0);
    CHECK(v == 3.25);
    CHECK_INT(ind_import_num("-1e3", &v), 0);
    CHECK(v == -1000);
    CHECK_INT(ind_import_num("", &v), 0);
    CHECK(isnan(v));
    CHECK_INT(ind_import_num("NA", &v), 0);
    CHECK(isnan(v));
    CHECK_INT(ind_import_num("12 000", &v), -1);
    CHECK_INT(ind_import_num("abc", &v), -1);
    CHECK_INT(ind_import_num("1,2,3", &v), -1);
    CHECK_INT(ind_import_num("inf", &v), -1);
    CHECK_INT(ind_import_num("1e999", &v), -1);
}

T(kind_detection)
{
    struct csvfile f;

    a = arena_new();
    CHECK(parse("indicator,unit,period,value\n", &f));
    CHECK_INT(ind_import_kind_of(&f), IMPORT_VALUES);
    CHECK(parse("code;name;direction;dimension\n", &f));
    CHECK_INT(ind_import_kind_of(&f), IMPORT_CATALOGUE);
    CHECK(parse("a,b\n", &f));
    CHECK_INT(ind_import_kind_of(&f), IMPORT_UNKNOWN);
    arena_free(a);
}

T(values_ok_semicolon_decimal_comma)
{
    struct csvfile f;
    struct ind_import_errs es = {0};
    struct ind_value_rec *v;
    size_t n;

    a = arena_new();
    CHECK(parse("indicator;unit;period;numerator;denominator;value\n"
                "HSV;LVPS;2024-01;12;20;\n"
                "\n"
                "HSV;RIKET;2024-01;;;61,5\n"
                "VTD; LVPS ;2024-Q1;;;3,25\n",
                &f));
    CHECK_INT(ind_import_values(a, &f, &v, &n, &es), E_OK);
    CHECK_INT(es.n, 0);
    CHECK_INT(n, 3);
    if (n == 3) {
        CHECK_STR(v[0].indicator, "HSV");
        CHECK_INT(v[0].line, 2);
        CHECK(v[0].numerator == 12 && v[0].denominator == 20);
        CHECK(isnan(v[0].value));
        CHECK(v[1].national);
        CHECK(v[1].value == 61.5);
        CHECK_INT(v[1].line, 4);
        CHECK_STR(v[2].unit, "LVPS");
        CHECK_STR(v[2].period, "2024-Q1");
        CHECK(v[2].value == 3.25);
    }
    arena_free(a);
}

T(values_errors_by_line_and_column)
{
    struct csvfile f;
    struct ind_import_errs es = {0};
    struct ind_value_rec *v;
    size_t n;

    a = arena_new();
    CHECK(parse("indicator,unit,period,numerator,denominator,value\n"
                "HSV,LVPS,2024-13,1,2,\n"   /* 2: bad period col 3 */
                ",LVPS,2024-01,x,2,\n"      /* 3: required col 1, number 4 */
                "HSV,LVPS,2024-01,1,,\n"    /* 4: pair, col 5 */
                "HSV,RIKET,2024-01,1,2,\n"  /* 5: national value col 6 */
                "HSV,LVPS,2024-01,1,-2,\n"  /* 6: negative col 5 */
                "HSV,LVPS,2024-02,1,2,ok\n" /* 7: number col 6 */
                "HSV,LVPS,2024-03,1,2,\n",  /* 8: fine */
                &f));
    CHECK_INT(ind_import_values(a, &f, &v, &n, &es), E_OK);
    CHECK(has_err(&es, 2, 3, "ind.err.period"));
    CHECK(has_err(&es, 3, 1, "err.required"));
    CHECK(has_err(&es, 3, 4, "ind.err.number"));
    CHECK(has_err(&es, 4, 5, "ind.err.ratio_pair"));
    CHECK(has_err(&es, 5, 6, "ind.err.national_value"));
    CHECK(has_err(&es, 6, 5, "ind.err.negative"));
    CHECK(has_err(&es, 7, 6, "ind.err.number"));
    CHECK_INT(es.n, 7);
    CHECK_INT(n, 1);
    arena_free(a);
}

T(values_header_errors)
{
    struct csvfile f;
    struct ind_import_errs es = {0};
    struct ind_value_rec *v;
    size_t n;

    a = arena_new();
    CHECK(parse("indicator,unit,period,colour\nHSV,LVPS,2024-01,red\n", &f));
    CHECK_INT(ind_import_values(a, &f, &v, &n, &es), E_OK);
    CHECK(has_err(&es, 1, 4, "ind.err.column"));
    CHECK(has_err(&es, 1, 0, "ind.err.header")); /* no value column */
    arena_free(a);
}

T(catalogue)
{
    struct csvfile f;
    struct ind_import_errs es = {0};
    struct ind_cat_rec *v;
    size_t n;

    a = arena_new();
    CHECK(parse("code,name,direction,dimension,periodicity,chart,multiply,"
                "target_moderate,target_high,focus_areas,patient_groups\n"
                "HSV,Hjärtsvikt RAAS,higher,evidence_based,month,p,100,80,"
                "90,\"FA1 | FA2\",HF\n"
                "BAD code,,up,fast,daily,zz,0,80,x,,\n"
                "HSV,Again,lower,safe,,,,,,,\n"
                "VTD,Väntetid,lower,accessible,quarter,,\"1,5\",30,20,,\n",
                &f));
    CHECK_INT(ind_import_catalogue(a, &f, &v, &n, &es), E_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(v[0].ind.code, "HSV");
        CHECK(v[0].ind.multiply == 100);
        CHECK(v[0].ind.target_high == 90);
        CHECK_INT(v[0].ind.active, 1);
        CHECK_INT(v[0].nfocus, 2);
        if (v[0].nfocus == 2)
            CHECK_STR(v[0].focus[1], "FA2");
        CHECK_INT(v[0].ngroups, 1);
        CHECK_STR(v[1].ind.periodicity, "quarter");
        CHECK_STR(v[1].ind.chart, "run");
        CHECK(v[1].ind.multiply == 1.5);
        CHECK(isnan(v[1].ind.description ? 0 : NAN));
    }
    CHECK(has_err(&es, 3, 1, "ind.err.code"));
    CHECK(has_err(&es, 3, 2, "err.required"));
    CHECK(has_err(&es, 3, 3, "ind.err.direction"));
    CHECK(has_err(&es, 3, 4, "ind.err.dimension"));
    CHECK(has_err(&es, 3, 5, "ind.err.periodicity"));
    CHECK(has_err(&es, 3, 6, "ind.err.chart"));
    CHECK(has_err(&es, 3, 7, "ind.err.multiply"));
    CHECK(has_err(&es, 3, 9, "ind.err.number"));
    CHECK(has_err(&es, 4, 1, "ind.err.duplicate"));
    arena_free(a);
}

T(error_cap)
{
    struct arena *b = arena_new();
    struct ind_import_errs es = {0};
    size_t i;

    for (i = 0; i < IND_IMPORT_MAX_ERRS + 10; i++)
        CHECK_INT(ind_import_err_add(b, &es, i + 1, 1, "x", NULL), 0);
    CHECK_INT(es.n, IND_IMPORT_MAX_ERRS + 10);
    CHECK_INT(es.v[IND_IMPORT_MAX_ERRS - 1].line, IND_IMPORT_MAX_ERRS);
    arena_free(b);
}

T_MAIN(T_CASE(numbers), T_CASE(kind_detection),
       T_CASE(values_ok_semicolon_decimal_comma),
       T_CASE(values_errors_by_line_and_column), T_CASE(values_header_errors),
       T_CASE(catalogue), T_CASE(error_cap))
