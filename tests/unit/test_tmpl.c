/* test_tmpl.c: template values, compiler rejections and rendering. */
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "web/i18n.h"
#include "web/tmpl.h"

static struct arena *a;
static struct buf out, errmsg;

/* render compiles src as "t" in a fresh set and renders it with ctx. */
static const char *render(const char *src, const struct tv *ctx)
{
    struct tmpl_set *s = tmpl_set_new();
    enum err rc;

    buf_clear(&out);
    buf_clear(&errmsg);
    rc = tmpl_set_add(s, "t", src, strlen(src), &errmsg);
    if (!rc)
        rc = tmpl_set_link(s, &errmsg);
    if (!rc)
        rc = tmpl_render(tmpl_get(s, "t"), ctx, "sv", &out);
    tmpl_set_free(s);
    if (rc) {
        if (rc != E_NOMEM)
            fprintf(stderr, "render: %s %s", err_str(rc), errmsg.p);
        return "(error)";
    }
    return out.p;
}

/* reject compiles src and returns the error message ("" when it
 * compiled). */
static const char *reject(const char *src)
{
    struct tmpl_set *s = tmpl_set_new();
    enum err rc;

    buf_clear(&errmsg);
    rc = tmpl_set_add(s, "t", src, strlen(src), &errmsg);
    tmpl_set_free(s);
    CHECK(rc == E_INVAL || rc == E_OK);
    return errmsg.p;
}

#define REJECTS(src, what)                                                     \
    do {                                                                       \
        const char *m_ = reject(src);                                          \
        if (!strstr(m_, what)) {                                               \
            fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,  \
                    __LINE__, src, m_, what);                                  \
            t_failed_checks++;                                                 \
        }                                                                      \
    } while (0)

T(setup)
{
    a = arena_new();
    buf_init(&out, 0);
    buf_init(&errmsg, 0);
}

T(text_and_escaping)
{
    struct tv *c = tv_new(a);

    tv_str(c, "name", "<b>Åsa & \"Bo\" 'x'</b>");
    tv_int(c, "n", -7);
    tv_bool(c, "flag", 1);
    CHECK_STR(render("Hej {{name}}! {{ n }}{{flag}}.", c),
              "Hej &lt;b&gt;Åsa &amp; &quot;Bo&quot; &#39;x&#39;&lt;/b&gt;!"
              " -7.");
    CHECK_STR(render("<p title=\"{{name}}\">x</p>", c),
              "<p title=\"&lt;b&gt;Åsa &amp; &quot;Bo&quot; &#39;x&#39;&lt;/b"
              "&gt;\">x</p>");
    CHECK_STR(render("{{missing}}|{{! a comment }}|", c), "||");
    CHECK_STR(render("", c), "");
    CHECK_STR(render("no tags } { }}", c), "no tags } { }}");
}

T(html_safe_values)
{
    struct tv *c = tv_new(a);
    struct html_safe h;

    CHECK_INT(html_markdown(a, "**b** <i>x</i>", 14, &h), E_OK);
    tv_html(c, "body", h);
    CHECK_STR(render("<div>{{body}}</div>", c),
              "<div><p><strong>b</strong> <!-- raw HTML omitted -->x"
              "<!-- raw HTML omitted --></p>\n</div>");
    /* inside an attribute even trusted markup is escaped */
    CHECK_STR(render("<a title=\"{{body}}\">", c),
              "<a title=\"&lt;p&gt;&lt;strong&gt;b&lt;/strong&gt; &lt;!-- raw"
              " HTML omitted --&gt;x&lt;!-- raw HTML omitted --&gt;&lt;/p&gt;"
              "\n\">");
}

T(url_attributes)
{
    struct tv *c = tv_new(a);

    tv_str(c, "bad", "javascript:alert(1)");
    tv_str(c, "good", "/cases?id=1&x=2");
    tv_str(c, "q", "a b&c/d");
    tv_int(c, "id", 12);
    CHECK_STR(render("<a href=\"{{bad}}\">", c), "<a href=\"#\">");
    CHECK_STR(render("<a HREF='{{good}}'>", c),
              "<a HREF='/cases?id=1&amp;x=2'>");
    CHECK_STR(render("<a href=\"/s?q={{q}}&amp;p={{id}}\">", c),
              "<a href=\"/s?q=a%20b%26c%2Fd&amp;p=12\">");
    CHECK_STR(render("<img src=\"{{bad}}\"><form action=\"{{bad}}\">", c),
              "<img src=\"#\"><form action=\"#\">");
    CHECK_STR(render("<a href=\"{{q}}{{bad}}\">", c),
              "<a href=\"a%20b&amp;c/djavascript%3Aalert%281%29\">");
    CHECK_STR(render("<a href=\"{{#id}}/x{{/id}}{{bad}}\">", c),
              "<a href=\"/xjavascript%3Aalert%281%29\">");
}

T(sections)
{
    struct tv *c = tv_new(a), *l, *e, *o;

    tv_str(c, "title", "outer");
    l = tv_list(c, "rows");
    e = tv_push(l);
    tv_str(e, "name", "a");
    tv_int(e, "n", 1);
    e = tv_push(l);
    tv_str(e, "name", "<b>");
    e = tv_push(l);
    tv_str(e, "title", NULL); /* missing: hides the outer title */
    tv_list(c, "none");
    o = tv_obj(c, "user");
    tv_str(o, "name", "Eva");
    tv_bool(c, "yes", 1);
    tv_bool(c, "no", 0);
    tv_str(c, "empty", "");
    tv_int(c, "zero", 0);
    CHECK_STR(render("{{#rows}}[{{name}}:{{n}}:{{title}}]{{/rows}}", c),
              "[a:1:outer][&lt;b&gt;::outer][::]");
    CHECK_STR(render("{{#none}}x{{/none}}{{^none}}empty{{/none}}", c), "empty");
    CHECK_STR(render("{{#user}}{{name}}/{{title}}{{/user}}", c), "Eva/outer");
    CHECK_STR(render("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}", c),
              "Yn");
    CHECK_STR(render("{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}"
                     "{{#zero}}Z{{/zero}}{{^zero}}z{{/zero}}"
                     "{{#title}}T{{/title}}{{^nope}}-{{/nope}}",
                     c),
              "ezT-");
    CHECK_STR(render("{{#rows}}{{#n}}({{name}}){{/n}}{{/rows}}", c), "(a)");
}

T(dotted_lookup)
{
    struct tv *c = tv_new(a), *u, *p;

    u = tv_obj(c, "user");
    tv_str(u, "name", "Eva");
    p = tv_obj(u, "unit");
    tv_str(p, "name", "Avd 7");
    tv_str(c, "name", "root");
    CHECK_STR(render("{{user.name}}|{{user.unit.name}}|{{user.nope}}|"
                     "{{nope.name}}",
                     c),
              "Eva|Avd 7||");
    /* the first segment searches outwards, the rest only inside */
    CHECK_STR(render("{{#user.unit}}{{name}}-{{user.name}}-{{unit.x}}"
                     "{{/user.unit}}",
                     c),
              "Avd 7-Eva-");
    tv_str(c, "name", "shadowed");
    CHECK_STR(render("{{name}}", c), "shadowed");
}

T(partials)
{
    struct tmpl_set *s = tmpl_set_new();
    struct tv *c = tv_new(a), *l;
    const char *row = "<li>{{name}}</li>";
    const char *page = "<ul>{{#rows}}{{>row}}{{/rows}}</ul>{{>foot}}";

    l = tv_list(c, "rows");
    tv_str(tv_push(l), "name", "a");
    tv_str(tv_push(l), "name", "b&");
    buf_clear(&errmsg);
    buf_clear(&out);
    CHECK_INT(tmpl_set_add(s, "page", page, strlen(page), &errmsg), E_OK);
    CHECK_INT(tmpl_set_add(s, "row", row, strlen(row), &errmsg), E_OK);
    CHECK_INT(tmpl_set_add(s, "row", row, strlen(row), &errmsg), E_CONFLICT);
    CHECK_INT(tmpl_set_link(s, &errmsg), E_INVAL);
    CHECK(strstr(errmsg.p, "page:1: unknown partial foot"));
    CHECK_INT(tmpl_render(tmpl_get(s, "page"), c, "sv", &out), E_INVAL);
    CHECK_INT(tmpl_set_add(s, "foot", "<hr>", 4, &errmsg), E_OK);
    CHECK_INT(tmpl_set_link(s, NULL), E_OK);
    CHECK(tmpl_get(s, "nope") == NULL);
    CHECK_INT(tmpl_render(tmpl_get(s, "page"), c, "sv", &out), E_OK);
    CHECK_STR(out.p, "<ul><li>a</li><li>b&amp;</li></ul><hr>");
    tmpl_set_free(s);
}

T(recursive_partials_rejected)
{
    struct tmpl_set *s = tmpl_set_new();

    buf_clear(&errmsg);
    CHECK_INT(tmpl_set_add(s, "a", "x{{>b}}", 7, &errmsg), E_OK);
    CHECK_INT(tmpl_set_add(s, "b", "{{#k}}{{>a}}{{/k}}", 18, &errmsg), E_OK);
    CHECK_INT(tmpl_set_add(s, "c", "{{>c}}", 6, &errmsg), E_OK);
    CHECK_INT(tmpl_set_link(s, &errmsg), E_INVAL);
    CHECK(strstr(errmsg.p, "recursive partial"));
    tmpl_set_free(s);
}

T(i18n_messages)
{
    static const char sv[] = "hello = Hej <du>\nbye = Hej då\n";
    static const char en[] = "hello = Hello <you>\n";
    struct tv *c = tv_new(a);
    struct tmpl_set *s = tmpl_set_new();
    const char *src = "{{_ hello}}|{{_ bye}}|{{_ nope.key}}|"
                      "<b title=\"{{_ hello}}\"></b>";

    CHECK_INT(i18n_load_text("sv", sv, strlen(sv), NULL), E_OK);
    CHECK_INT(i18n_load_text("en", en, strlen(en), NULL), E_OK);
    CHECK_INT(tmpl_set_add(s, "t", src, strlen(src), NULL), E_OK);
    CHECK_INT(tmpl_set_link(s, NULL), E_OK);
    buf_clear(&out);
    CHECK_INT(tmpl_render(tmpl_get(s, "t"), c, "en", &out), E_OK);
    CHECK_STR(out.p, "Hello &lt;you&gt;|Hej då|nope.key|"
                     "<b title=\"Hello &lt;you&gt;\"></b>");
    buf_clear(&out);
    CHECK_INT(tmpl_render(tmpl_get(s, "t"), c, NULL, &out), E_OK);
    CHECK(strncmp(out.p, "Hej &lt;du&gt;|", 15) == 0);
    tmpl_set_free(s);
    i18n_free();
}

T(render_safe_nests)
{
    struct tmpl_set *s = tmpl_set_new();
    struct tv *c = tv_new(a), *lc = tv_new(a);
    struct html_safe body;

    tv_str(c, "x", "<1>");
    CHECK_INT(tmpl_set_add(s, "body", "<p>{{x}}</p>", 12, NULL), E_OK);
    CHECK_INT(tmpl_set_add(s, "layout", "<main>{{body}}</main>", 21, NULL),
              E_OK);
    CHECK_INT(tmpl_set_link(s, NULL), E_OK);
    CHECK_INT(tmpl_render_safe(tmpl_get(s, "body"), c, "sv", a, &body), E_OK);
    tv_html(lc, "body", body);
    buf_clear(&out);
    CHECK_INT(tmpl_render(tmpl_get(s, "layout"), lc, "sv", &out), E_OK);
    CHECK_STR(out.p, "<main><p>&lt;1&gt;</p></main>");
    tmpl_set_free(s);
}

T(tags_inside_tags)
{
    struct tv *c = tv_new(a);

    tv_bool(c, "on", 1);
    tv_str(c, "v", "x\"y");
    CHECK_STR(render("<input type=\"checkbox\"{{#on}} checked{{/on}}>", c),
              "<input type=\"checkbox\" checked>");
    CHECK_STR(render("<input{{#on}} checked{{/on}}{{^on}} a{{/on}}>", c),
              "<input checked>");
    CHECK_STR(render("<p class=\"a{{#on}} on{{/on}}\" title='{{v}}'>", c),
              "<p class=\"a on\" title='x&quot;y'>");
    CHECK_STR(render("<textarea>{{v}}</textarea>", c),
              "<textarea>x&quot;y</textarea>");
    CHECK_STR(render("<!DOCTYPE html><!-- c --><p>{{v}}</p>", c),
              "<!DOCTYPE html><!-- c --><p>x&quot;y</p>");
    CHECK_STR(render("<script src=\"/a.js\"></script>{{v}}", c),
              "<script src=\"/a.js\"></script>x&quot;y");
    CHECK_STR(render("<style>p{}</STYLE >{{v}}", c),
              "<style>p{}</STYLE >x&quot;y");
    CHECK_STR(render("<!-- a --!>{{v}}", c), "<!-- a --!>x&quot;y");
}

T(compile_rejections)
{
    REJECTS("<script>var x = {{x}};</script>", "t:1: placeholder inside "
                                               "<script>");
    REJECTS("<SCRIPT type=\"x\">\n{{x}}", "t:2: placeholder inside <script>");
    REJECTS("<script>a</scriptx>{{x}}</script>", "inside <script>");
    REJECTS("<script>a</script\n>{{#x}}{{/x}}<script>{{x}}</script>",
            "inside <script>");
    REJECTS("<script><!--</script>", "\"<!--\" inside <script>");
    REJECTS("<style>p { color: {{c}} }</style>", "inside <style>");
    REJECTS("<script>{{#x}}a{{/x}}</script>", "section tag inside <script>");
    REJECTS("<a onclick=\"go({{x}})\">", "on* event-handler");
    REJECTS("<a ONMOUSEOVER='{{x}}'>", "on* event-handler");
    REJECTS("<a style=\"{{x}}\">", "style or srcdoc");
    REJECTS("<iframe srcdoc=\"{{x}}\">", "style or srcdoc");
    REJECTS("<a href={{x}}>", "unquoted attribute value");
    REJECTS("<a href=/x/{{x}}>", "unquoted attribute value");
    REJECTS("<a {{x}}>", "inside a tag");
    REJECTS("<a b{{x}}=\"1\">", "inside a tag");
    REJECTS("<{{x}}>", "inside a tag");
    REJECTS("</{{x}}>", "inside a tag");
    REJECTS("<!-- {{x}} -->", "inside an HTML comment");
    REJECTS("<a href=\"{{_ k}}\" {{_ k}}>", "inside a tag");
    REJECTS("{{#a}}x", "t:1: section not closed");
    REJECTS("{{#a}}\n{{#b}}x{{/a}}{{/b}}", "t:2: closing tag does not match");
    REJECTS("x{{/a}}", "closing tag without an open section");
    REJECTS("{{x", "unterminated {{");
    REJECTS("{{{x}}}", "raw output");
    REJECTS("{{&x}}", "raw output");
    REJECTS("{{=<% %>=}}", "delimiters");
    REJECTS("{{}}", "empty tag name");
    REJECTS("{{a b}}", "bad character");
    REJECTS("{{a..b}}", "bad character");
    REJECTS("{{.a}}", "bad character");
    REJECTS("{{a.}}", "bad character");
    REJECTS("{{>a.b}}", "bad character");
    REJECTS("<a href=\"{{>p}}\">", "partial outside element content");
    REJECTS("<p {{#a}} title=\"{{/a}}\">", "changes the HTML context");
    REJECTS("<p {{#a}}title=\"{{/a}}\">", "separate attributes");
    REJECTS("{{#a}}<p{{/a}}>", "changes the HTML context");
    REJECTS("<a {{#a}}x{{/a}}=\"1\">", "separate attributes");
    REJECTS("<a {{#l}}nclick=\"{{v}}\" o{{/l}}>", "separate attributes");
    REJECTS("<{{#a}}p{{/a}}>", "section tag inside a tag name");
    REJECTS("<a href={{#a}}x{{/a}}>", "unquoted value");
    REJECTS("<p title=\"x", "template ends inside a tag");
    REJECTS("<script>", "template ends inside");
    /* accepted */
    CHECK_STR(reject("<p title=\"{{x}}\" data-y='{{y}}'>{{z}}</p>"), "");
    CHECK_STR(reject("<b>{{#a}}{{x}}{{/a}}</b>{{^a}}<i></i>{{/a}}"), "");
    CHECK_STR(reject("<script>{{! comments are fine }}</script>"), "");
}

T(tv_oom_is_sticky)
{
    struct arena *oa = arena_new();
    struct tv *c = tv_new(oa), *l, *e;

    CHECK(c != NULL);
    tv_str(c, "a", "1");
    arena_fail_after(1);
    l = tv_list(c, "rows"); /* fails */
    CHECK(l == NULL);
    e = tv_push(l);
    CHECK(e == NULL);
    tv_str(e, "x", "y");
    tv_int(NULL, "x", 1);
    tv_bool(NULL, "x", 1);
    tv_html(NULL, "x", (struct html_safe){"", 0});
    CHECK(tv_obj(NULL, "x") == NULL);
    CHECK(tv_list(NULL, "x") == NULL);
    tv_str(c, "b", "2"); /* the root already failed: ignored */
    CHECK_STR(render("{{a}}", c), "(error)");
    buf_clear(&out);
    CHECK_INT(tmpl_render(NULL, c, "sv", &out), E_INVAL);
    arena_fail_after(1);
    CHECK(tv_new(oa) == NULL);
    arena_free(oa);
    arena_fail_after(0);
}

T(render_errors)
{
    struct tmpl_set *s = tmpl_set_new();
    struct tv *c = tv_new(a), *l = tv_list(c, "l");
    struct buf small;
    int i;

    for (i = 0; i < 100; i++)
        tv_str(tv_push(l), "x", "0123456789");
    CHECK_INT(tmpl_set_add(s, "t", "{{#l}}{{x}}{{/l}}", 17, NULL), E_OK);
    CHECK_INT(tmpl_set_link(s, NULL), E_OK);
    CHECK_INT(tmpl_render(tmpl_get(s, "t"), NULL, "sv", &out), E_NOMEM);
    buf_init(&small, 100);
    CHECK_INT(tmpl_render(tmpl_get(s, "t"), c, "sv", &small), E_NOMEM);
    buf_release(&small);
    /* misuse is recorded, not a crash */
    tv_str(l, "x", "y");
    CHECK(tv_push(c) == NULL);
    buf_clear(&out);
    CHECK_INT(tmpl_render(tmpl_get(s, "t"), c, "sv", &out), E_INVAL);
    tmpl_set_free(s);
}

T(set_load_from_assets)
{
    struct tmpl_set *s = NULL;
    enum err rc;

    /* the real templates/ assets, or none with a stub table */
    buf_clear(&errmsg);
    rc = tmpl_set_load(&s, &errmsg);
    if (rc)
        fprintf(stderr, "%s", errmsg.p);
    CHECK_INT(rc, E_OK);
    CHECK(s != NULL);
    tmpl_set_free(s);
    tmpl_set_free(NULL);
}

T(teardown)
{
    arena_free(a);
    buf_release(&out);
    buf_release(&errmsg);
}

T_MAIN(T_CASE(setup), T_CASE(text_and_escaping), T_CASE(html_safe_values),
       T_CASE(url_attributes), T_CASE(sections), T_CASE(dotted_lookup),
       T_CASE(partials), T_CASE(recursive_partials_rejected),
       T_CASE(i18n_messages), T_CASE(render_safe_nests),
       T_CASE(tags_inside_tags), T_CASE(compile_rejections),
       T_CASE(tv_oom_is_sticky), T_CASE(render_errors),
       T_CASE(set_load_from_assets), T_CASE(teardown))
