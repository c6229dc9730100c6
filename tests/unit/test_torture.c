/* test_torture.c: allocation-failure ("torture") runs, curl's idea: each
 * parser and the template engine run again and again with the n-th arena
 * allocation failing, for every n until a run completes. Each run must end
 * in E_OK or E_NOMEM, never crash, leak (ASan) or report success with
 * missing data. */
#include <string.h>

#include "csvfile.h"
#include "kv.h"
#include "t.h"
#include "web/tmpl.h"

#define MAX_STEPS 2000

T(urlencoded_under_allocation_failure)
{
    static const char form[] = "a=1&b=%C3%A5%C3%A4%C3%B6&c=x+y&d=&e=long+"
                               "value+with+several+words&f=%2F%3F";
    long n;
    int completed = 0;

    for (n = 1; n < MAX_STEPS && !completed; n++) {
        struct arena *a = arena_new();
        struct kvlist l;
        enum err e;

        kv_init(&l, a);
        arena_fail_after(n);
        e = kv_parse_urlencoded(&l, form, strlen(form));
        arena_fail_after(0);
        CHECK(e == E_OK || e == E_NOMEM);
        if (e == E_OK) {
            completed = 1;
            CHECK_INT(l.n, 6);
            CHECK_STR(kv_get(&l, "b"), "åäö");
        }
        arena_free(a);
    }
    CHECK(completed);
}

T(csv_under_allocation_failure)
{
    static const char csv[] = "code;name;kind\nA;Enhet A;unit\n"
                              "B;\"Två\nrader\";unit\nC;Sista;unit\n";
    long n;
    int completed = 0;

    for (n = 1; n < MAX_STEPS && !completed; n++) {
        struct arena *a = arena_new();
        struct csvfile f;
        struct buf msg;
        enum err e;

        buf_init(&msg, 1024);
        arena_fail_after(n);
        e = csvfile_parse(a, csv, strlen(csv), &f, &msg);
        arena_fail_after(0);
        CHECK(e == E_OK || e == E_NOMEM);
        if (e == E_OK) {
            completed = 1;
            CHECK_INT(f.nrows, 4);
            CHECK_STR(f.rows[2].fields[1], "Två\nrader");
        }
        buf_release(&msg);
        arena_free(a);
    }
    CHECK(completed);
}

T(template_under_allocation_failure)
{
    static const char src[] = "<ul>{{#items}}<li>{{name}} ({{n}})</li>"
                              "{{/items}}</ul>{{^items}}none{{/items}}";
    struct tmpl_set *set = tmpl_set_new();
    const struct tmpl *t;
    long n;
    int completed = 0;

    CHECK(set != NULL);
    if (!set)
        return;
    CHECK_INT(tmpl_set_add(set, "t", src, strlen(src), NULL), E_OK);
    CHECK_INT(tmpl_set_link(set, NULL), E_OK);
    t = tmpl_get(set, "t");
    for (n = 1; n < MAX_STEPS && !completed; n++) {
        struct arena *a = arena_new();
        struct tv *ctx, *list;
        struct buf out;
        enum err e;
        int i;

        buf_init(&out, 0);
        arena_fail_after(n);
        ctx = tv_new(a);
        list = tv_list(ctx, "items");
        for (i = 0; i < 5; i++) {
            struct tv *it = tv_push(list);

            tv_str(it, "name", "<b>");
            tv_int(it, "n", i);
        }
        e = tmpl_render(t, ctx, "sv", &out);
        arena_fail_after(0);
        CHECK(e == E_OK || e == E_NOMEM);
        if (e == E_OK) {
            completed = 1;
            CHECK(strstr(out.p, "<li>&lt;b&gt; (4)</li>") != NULL);
        }
        buf_release(&out);
        arena_free(a);
    }
    CHECK(completed);
    tmpl_set_free(set);
}

T_MAIN(T_CASE(urlencoded_under_allocation_failure),
       T_CASE(csv_under_allocation_failure),
       T_CASE(template_under_allocation_failure))
