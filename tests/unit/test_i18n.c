/* test_i18n.c: catalogue parsing, fallbacks and the embedded catalogues. */
#include <string.h>

#include "asset.h"
#include "t.h"
#include "web/i18n.h"

static struct buf errmsg;

static enum err load(const char *lang, const char *text)
{
    buf_clear(&errmsg);
    return i18n_load_text(lang, text, strlen(text), &errmsg);
}

T(setup)
{
    buf_init(&errmsg, 0);
}

T(parse_and_get)
{
    CHECK_INT(load("sv", "# comment\n"
                         "\n"
                         "   # indented comment\n"
                         "app.title = Avvikelser\n"
                         "case.new=Ny  avvikelse  \r\n"
                         "\tx_1.y\t=\t  å ä ö = # kvar\n"
                         "empty =\n"
                         "last = utan radslut"),
              E_OK);
    CHECK_STR(i18n_get("sv", "app.title"), "Avvikelser");
    CHECK_STR(i18n_get("sv", "case.new"), "Ny  avvikelse");
    CHECK_STR(i18n_get("sv", "x_1.y"), "å ä ö = # kvar");
    CHECK_STR(i18n_get("sv", "empty"), "");
    CHECK_STR(i18n_get("sv", "last"), "utan radslut");
    CHECK_INT(load("en", "app.title = Deviations\n"), E_OK);
    CHECK_STR(i18n_get("en", "app.title"), "Deviations");
    CHECK_STR(i18n_get("en-GB", "app.title"), "Deviations");
    /* falls back to Swedish, then to the key */
    CHECK_STR(i18n_get("en", "case.new"), "Ny  avvikelse");
    CHECK_STR(i18n_get("de", "app.title"), "Avvikelser");
    CHECK_STR(i18n_get(NULL, "app.title"), "Avvikelser");
    CHECK_STR(i18n_get("english", "app.title"), "Avvikelser");
    CHECK_STR(i18n_get("en", "no.such.key"), "no.such.key");
    CHECK_STR(i18n_get("sv", NULL), "");
}

T(check_finds_gaps)
{
    CHECK_INT(load("sv", "a = 1\nb = 2\n"), E_OK);
    CHECK_INT(load("en", "a = 1\nc = 3\n"), E_OK);
    buf_clear(&errmsg);
    CHECK_INT(i18n_check(&errmsg), E_INVAL);
    CHECK(strstr(errmsg.p, "en: missing key b"));
    CHECK(strstr(errmsg.p, "sv: missing key c"));
    CHECK_INT(load("en", "b = 2\na = 1\n"), E_OK);
    CHECK_INT(i18n_check(NULL), E_OK);
}

T(syntax_errors)
{
    CHECK_INT(load("sv", "ok = 1\n\nBad = x\n"), E_INVAL);
    CHECK_STR(errmsg.p, "i18n/sv.msg:3: expected a key of [a-z0-9_.]\n");
    CHECK_INT(load("en", "a b = x\n"), E_INVAL);
    CHECK_STR(errmsg.p, "i18n/en.msg:1: expected '=' after the key\n");
    CHECK_INT(load("sv", "novalue\n"), E_INVAL);
    CHECK(strstr(errmsg.p, "i18n/sv.msg:1:"));
    CHECK_INT(load("sv", "a = 1\nb = 2\na = 3\n"), E_INVAL);
    CHECK_STR(errmsg.p, "i18n/sv.msg: duplicate key a\n");
    CHECK_INT(load("sv", "a = \xff\n"), E_INVAL);
    CHECK(strstr(errmsg.p, "UTF-8"));
    CHECK_INT(load("fi", "a = 1\n"), E_INVAL);
    CHECK_INT(load("", "a = 1\n"), E_INVAL);
    CHECK_INT(i18n_load_text(NULL, "", 0, NULL), E_INVAL);
    /* a failed load keeps the previous catalogue */
    CHECK_INT(load("sv", "keep = kvar\n"), E_OK);
    CHECK_INT(load("sv", "keep = ny\n!\n"), E_INVAL);
    CHECK_STR(i18n_get("sv", "keep"), "kvar");
    i18n_free();
    CHECK_STR(i18n_get("sv", "keep"), "keep");
}

T(embedded_catalogues)
{
    enum err rc;

    buf_clear(&errmsg);
    rc = i18n_load(&errmsg);
    if (!asset_find("i18n/sv.msg")) {
        /* built against a stub asset table */
        CHECK_INT(rc, E_NOTFOUND);
        return;
    }
    if (rc)
        fprintf(stderr, "%s", errmsg.p);
    CHECK_INT(rc, E_OK);
    CHECK(strcmp(i18n_get("sv", "app.name"), "app.name") != 0);
    CHECK(strcmp(i18n_get("en", "app.name"), "app.name") != 0);
    /* every key exists in both languages */
    buf_clear(&errmsg);
    rc = i18n_check(&errmsg);
    if (rc)
        fprintf(stderr, "%s", errmsg.p);
    CHECK_INT(rc, E_OK);
}

T(teardown)
{
    i18n_free();
    buf_release(&errmsg);
}

T_MAIN(T_CASE(setup), T_CASE(parse_and_get), T_CASE(check_finds_gaps),
       T_CASE(syntax_errors), T_CASE(embedded_catalogues), T_CASE(teardown))
