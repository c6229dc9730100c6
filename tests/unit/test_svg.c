/* test_svg.c: the SPC chart as SVG: escaping, missing points, stepped
 * limits per part, accessibility, number formatting; and that sv.msg and
 * en.msg hold the same ind.* keys. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "web/svg.h"

static const char *HOSTILE = "<script>alert(\"x\")</script>&'";

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    while ((hay = strstr(hay, needle))) {
        n++;
        hay += strlen(needle);
    }
    return n;
}

/* chart computes a chart over ys (NaN = missing) and draws it. */
static const char *chart(struct arena *a, enum spc_chart type, const double *ys,
                         const double *ns, size_t n, const size_t *part,
                         size_t npart, const struct svg_opts *o)
{
    struct spc_input in = {0};
    struct spc_opts so;
    struct spc_result r;
    struct html_safe h;
    struct buf err;
    enum err e;

    buf_init(&err, 0);
    in.nrows = n;
    in.y = ys;
    in.n = ns;
    spc_opts_init(&so);
    so.chart = type;
    so.part = part;
    so.npart = npart;
    e = spc_compute(a, &in, &so, &r, &err);
    buf_release(&err);
    if (e)
        return NULL;
    if (svg_spc_chart(a, &r, o, &h))
        return NULL;
    CHECK_INT(strlen(h.p), h.len);
    return h.p;
}

static const double Y[12] = {5, 6, 5, NAN, 7, 6, 5, 6, 14, 6, 5, 6};

T(hostile_text_is_escaped)
{
    struct arena *a = arena_new();
    const char *labels[12];
    struct svg_ref tg[1] = {{HOSTILE, 8}};
    struct svg_annot an[1] = {{2, HOSTILE}};
    struct svg_opts o = {0};
    const char *s;
    size_t i;

    for (i = 0; i < 12; i++)
        labels[i] = HOSTILE;
    o.id = "c1";
    o.title = HOSTILE;
    o.desc = HOSTILE;
    o.y_unit = HOSTILE;
    o.labels = labels;
    o.targets = tg;
    o.ntargets = 1;
    o.annots = an;
    o.nannots = 1;
    o.words.value = HOSTILE;
    o.words.phase = HOSTILE;
    s = chart(a, SPC_I, Y, NULL, 12, NULL, 0, &o);
    CHECK(s != NULL);
    if (s) {
        CHECK(strstr(s, "<script") == NULL);
        CHECK(strstr(s, "alert(\"") == NULL);
        CHECK(strstr(s, "'") == NULL);
        CHECK(strstr(s, "&lt;script&gt;alert(&quot;x&quot;)") != NULL);
        CHECK(strstr(s, "&amp;&#39;") != NULL);
    }
    /* a hostile id falls back to "spc" */
    o.id = "x\" onload=\"alert(1)";
    s = chart(a, SPC_I, Y, NULL, 12, NULL, 0, &o);
    CHECK(s && strstr(s, "onload") == NULL);
    CHECK(s && strstr(s, "aria-labelledby=\"spc-t spc-d\"") != NULL);
    arena_free(a);
}

T(title_desc_and_role)
{
    struct arena *a = arena_new();
    struct svg_opts o = {0};
    const char *s;

    o.id = "ind-X1";
    o.title = "Andel återinläggningar";
    o.desc = "Diagram i ord";
    s = chart(a, SPC_I, Y, NULL, 12, NULL, 0, &o);
    CHECK(s != NULL);
    if (s) {
        CHECK(strncmp(s, "<svg ", 5) == 0);
        CHECK(strstr(s, "role=\"img\"") != NULL);
        CHECK(strstr(s, "aria-labelledby=\"ind-X1-t ind-X1-d\"") != NULL);
        CHECK(strstr(s, "<title id=\"ind-X1-t\">Andel återinläggningar"
                        "</title>") != NULL);
        CHECK(strstr(s, "<desc id=\"ind-X1-d\">Diagram i ord</desc>") != NULL);
        CHECK(strstr(s, "viewBox=\"0 0 720 ") != NULL);
        CHECK(strstr(s, "</svg>") != NULL);
        CHECK(strstr(s, "script") == NULL);
        CHECK(strstr(s, "style=") == NULL);
    }
    CHECK(svg_spc_chart(a, NULL, &o, &(struct html_safe){0}) == E_INVAL);
    arena_free(a);
}

T(missing_points_are_skipped)
{
    struct arena *a = arena_new();
    struct svg_opts o = {0};
    const char *s;
    size_t markers;

    o.title = "t";
    s = chart(a, SPC_I, Y, NULL, 12, NULL, 0, &o);
    CHECK(s != NULL);
    if (!s) {
        arena_free(a);
        return;
    }
    markers = count(s, "class=\"spc-pt");
    CHECK_INT(markers, 11); /* 12 periods, one missing */
    CHECK(strstr(s, "nan") == NULL && strstr(s, "inf") == NULL);
    /* the data line is broken at the gap: two sub-paths */
    {
        const char *d = strstr(s, "class=\"spc-data\" d=\"");

        CHECK(d != NULL);
        if (d) {
            const char *end = strchr(d + 20, '"');
            size_t m = 0;

            for (d += 20; d < end; d++)
                m += *d == 'M';
            CHECK_INT(m, 2);
        }
    }
    /* 14 is a sigma signal: a square, not just a colour */
    CHECK_INT(count(s, "spc-pt-sigma"), 1);
    CHECK(strstr(s, "<rect class=\"spc-pt spc-pt-sigma\"") != NULL);
    arena_free(a);
}

/* sub-paths of the first path with class cls */
static size_t subpaths(const char *s, const char *cls)
{
    char key[64];
    const char *d, *end;
    size_t m = 0;

    snprintf(key, sizeof(key), "class=\"%s\" d=\"", cls);
    if (!(d = strstr(s, key)))
        return 0;
    d += strlen(key);
    end = strchr(d, '"');
    for (; d < end; d++)
        m += *d == 'M';
    return m;
}

T(limits_per_part_and_stepped)
{
    struct arena *a = arena_new();
    static const double y[12] = {20, 22, 18, 25, 12, 21,
                                 30, 32, 29, 33, 31, 30};
    static const double n[12] = {40, 50, 45, 60, 30, 50,
                                 50, 40, 60, 55, 45, 50};
    size_t part[1] = {6};
    struct svg_opts o = {0};
    const char *s;

    o.title = "p";
    s = chart(a, SPC_P, y, n, 12, part, 1, &o);
    CHECK(s != NULL);
    if (!s) {
        arena_free(a);
        return;
    }
    /* lower and upper limit, each in two parts */
    CHECK_INT(subpaths(s, "spc-limit"), 4);
    CHECK(strstr(s, "stroke-dasharray=\"6 4\"") != NULL);
    CHECK_INT(count(s, "class=\"spc-phase\""), 1);
    /* variable n: the first part's upper limit has more than one level */
    {
        const char *d = strstr(s, "class=\"spc-limit\" d=\"");
        char y1[16] = "", y2[16] = "";

        CHECK(d != NULL);
        if (d) {
            /* "M x y L x y L x y ..." : compare the 1st and 3rd y */
            CHECK(sscanf(d + 21, "M%*s %15s L%*s %*s L%*s %15s", y1, y2) == 2);
            CHECK(strcmp(y1, y2) != 0);
        }
    }
    arena_free(a);
}

T(numbers_are_locale_independent)
{
    struct buf b;

    buf_init(&b, 0);
    svg_num(&b, 1234.5678, 2);
    CHECK_STR(b.p, "1234.57");
    buf_clear(&b);
    svg_num(&b, -0.004, 2);
    CHECK_STR(b.p, "0.00");
    buf_clear(&b);
    svg_num(&b, -1.5, 0);
    CHECK_STR(b.p, "-2");
    buf_clear(&b);
    svg_num(&b, NAN, 1);
    CHECK_STR(b.p, "0.0");
    buf_clear(&b);
    svg_num(&b, 0.05, 3);
    CHECK_STR(b.p, "0.050");
    buf_release(&b);
}

/* keys reads the ind.* keys of a catalogue file, sorted, one per line. */
static char *keys(const char *path)
{
    FILE *f = fopen(path, "r");
    struct buf b;
    char line[1024];

    buf_init(&b, 0);
    if (!f)
        return NULL;
    while (fgets(line, sizeof(line), f)) {
        char *eq = strchr(line, '=');

        if (strncmp(line, "ind.", 4) != 0 || !eq)
            continue;
        while (eq > line && eq[-1] == ' ')
            eq--;
        buf_add(&b, line, (size_t)(eq - line));
        buf_addc(&b, '\n');
    }
    fclose(f);
    return buf_take(&b, NULL);
}

T(catalogues_have_the_same_ind_keys)
{
    char *sv = keys("assets/i18n/sv.msg"), *en = keys("assets/i18n/en.msg");

    CHECK(sv && en);
    CHECK(sv && strlen(sv) > 0);
    if (sv && en)
        CHECK_STR(sv, en);
    free(sv);
    free(en);
}

T_MAIN(T_CASE(hostile_text_is_escaped), T_CASE(title_desc_and_role),
       T_CASE(missing_points_are_skipped), T_CASE(limits_per_part_and_stepped),
       T_CASE(numbers_are_locale_independent),
       T_CASE(catalogues_have_the_same_ind_keys))
