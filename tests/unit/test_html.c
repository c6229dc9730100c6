/* test_html.c: escaping writers, URL filtering and the Markdown wrapper. */
#include <string.h>

#include "t.h"
#include "web/html.h"

static struct buf b;

static const char *text(const char *s)
{
    buf_clear(&b);
    html_text(&b, s);
    return b.p;
}

static const char *url(const char *s)
{
    buf_clear(&b);
    html_url(&b, s);
    return b.p;
}

T(init_buffer)
{
    buf_init(&b, 0);
}

T(text_escapes_every_special)
{
    CHECK_STR(text("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f");
    CHECK_STR(text("<<>>"), "&lt;&lt;&gt;&gt;");
    CHECK_STR(text("plain åäö"), "plain åäö");
    CHECK_STR(text(""), "");
    CHECK_STR(text(NULL), "");
    buf_clear(&b);
    html_textn(&b, "a\0b<", 4);
    CHECK_INT(b.len, 9);
    CHECK(memcmp(b.p,
                 "a\xEF\xBF\xBD"
                 "b&lt;",
                 9) == 0);
    CHECK_INT(b.err, E_OK);
}

T(attr_quotes_and_escapes)
{
    buf_clear(&b);
    html_attr(&b, "title", "say \"hi\" & <bye>");
    CHECK_STR(b.p, " title=\"say &quot;hi&quot; &amp; &lt;bye&gt;\"");
    buf_clear(&b);
    html_attr(&b, "data-x", NULL);
    CHECK_STR(b.p, " data-x=\"\"");
    buf_clear(&b);
    html_attr(&b, "data-q", "it's");
    CHECK_STR(b.p, " data-q=\"it&#39;s\"");
}

T(attr_rejects_bad_names)
{
    buf_clear(&b);
    html_attr(&b, "onclick", "x");
    CHECK_INT(b.err, E_INVAL);
    CHECK_STR(b.p, "");
    buf_clear(&b);
    html_attr(&b, "a b", "x");
    CHECK_INT(b.err, E_INVAL);
    buf_clear(&b);
    html_attr(&b, "x\"", "x");
    CHECK_INT(b.err, E_INVAL);
    buf_clear(&b);
    html_attr(&b, "", "x");
    CHECK_INT(b.err, E_INVAL);
    buf_clear(&b);
    html_attr_url(&b, "href", "javascript:alert(1)");
    CHECK_STR(b.p, " href=\"#\"");
}

T(url_allows_relative_and_web_schemes)
{
    CHECK_STR(url("/cases/12?x=1&y=2#top"), "/cases/12?x=1&amp;y=2#top");
    CHECK_STR(url("cases/12"), "cases/12");
    CHECK_STR(url("?q=a"), "?q=a");
    CHECK_STR(url("#frag"), "#frag");
    CHECK_STR(url("./a:b"), "./a:b");
    CHECK_STR(url("http://example.se/a"), "http://example.se/a");
    CHECK_STR(url("HTTPS://example.se/"), "HTTPS://example.se/");
    CHECK_STR(url("mailto:a@b.se"), "mailto:a@b.se");
    CHECK_STR(url("MailTo:a@b.se"), "MailTo:a@b.se");
    CHECK_STR(url(""), "");
    CHECK_STR(url(NULL), "");
}

T(url_rejects_other_schemes)
{
    CHECK_STR(url("javascript:alert(1)"), "#");
    CHECK_STR(url("JAVASCRIPT:alert(1)"), "#");
    CHECK_STR(url("JaVaScRiPt:alert(1)"), "#");
    CHECK_STR(url(" javascript:alert(1)"), "#");
    CHECK_STR(url("\tjavascript:alert(1)"), "#");
    CHECK_STR(url("java\tscript:alert(1)"), "#");
    CHECK_STR(url("java\nscript:alert(1)"), "#");
    CHECK_STR(url("\x01javascript:alert(1)"), "#");
    CHECK_STR(url("data:text/html,<script>"), "#");
    CHECK_STR(url("vbscript:msgbox"), "#");
    CHECK_STR(url("file:///etc/passwd"), "#");
    CHECK_STR(url("foo:bar"), "#");
    CHECK_STR(url("http :x"), "#");
    CHECK_STR(url("//evil.example/x"), "#");
    CHECK_STR(url("/\\evil.example/x"), "#");
    buf_clear(&b);
    html_urln(&b, "java\0script:x", 13);
    CHECK_STR(b.p, "#");
}

T(url_percent_encodes)
{
    CHECK_STR(url("/a b\"c'd<e>f`g\\h"), "/a%20b%22c%27d%3Ce%3Ef%60g%5Ch");
    CHECK_STR(url("/s\xC3\xB6k"), "/s%C3%B6k");
    CHECK_STR(url("/x\ty\x7f"), "/x%09y%7F");
    CHECK_STR(url("/ok%20already"), "/ok%20already");
    buf_clear(&b);
    html_url_part(&b, "a b/c?d&e=f#g:h", 15);
    CHECK_STR(b.p, "a%20b%2Fc%3Fd%26e%3Df%23g%3Ah");
}

T(num_formats)
{
    buf_clear(&b);
    html_num(&b, 0);
    buf_addc(&b, ' ');
    html_num(&b, -42);
    buf_addc(&b, ' ');
    html_num(&b, 9223372036854775807LL);
    buf_addc(&b, ' ');
    html_num(&b, -9223372036854775807LL - 1);
    CHECK_STR(b.p, "0 -42 9223372036854775807 -9223372036854775808");
}

T(raw_is_verbatim)
{
    struct html_safe h = {"<b>x</b>", 8};

    buf_clear(&b);
    html_raw(&b, h);
    CHECK_STR(b.p, "<b>x</b>");
}

static const char *md(struct arena *a, const char *s)
{
    struct html_safe h;

    if (html_markdown(a, s, strlen(s), &h) != E_OK)
        return "(error)";
    CHECK_INT(h.len, strlen(h.p));
    return h.p;
}

T(markdown_renders_and_strips)
{
    struct arena *a = arena_new();
    const char *out;

    CHECK_STR(md(a, "*hi* **there**"),
              "<p><em>hi</em> <strong>there</strong></p>\n");
    out = md(a, "a <script>alert(1)</script> b\n\n<div onclick=x>y</div>\n");
    CHECK(!strstr(out, "<script"));
    CHECK(!strstr(out, "<div"));
    CHECK(strstr(out, "raw HTML omitted"));
    out = md(a, "[x](javascript:alert(1)) [y](JavaScript:alert(1)) "
                "[z](vbscript:x) ![i](data:text/html,x)");
    CHECK(!strstr(out, "javascript:"));
    CHECK(!strstr(out, "JavaScript:"));
    CHECK(!strstr(out, "vbscript:"));
    CHECK(!strstr(out, "data:text"));
    out = md(a, "[ok](https://example.se/?a=1&b=2)");
    CHECK_STR(out, "<p><a href=\"https://example.se/?a=1&amp;b=2\">ok</a>"
                   "</p>\n");
    out = md(a, "| a | b |\n|---|---|\n| 1 | <x> |\n");
    CHECK(strstr(out, "<table>"));
    CHECK(strstr(out, "<th>a</th>"));
    CHECK(strstr(out, "<td>1</td>"));
    CHECK(strstr(out, "&lt;x&gt;") || strstr(out, "raw HTML omitted"));
    CHECK(strstr(md(a, "~~gone~~"), "<del>gone</del>"));
    /* headings one level down: the page around has the only h1 */
    CHECK_STR(md(a, "# Syfte\n\n## Ansvar\n\n###### Sist\n"),
              "<h2>Syfte</h2>\n<h3>Ansvar</h3>\n<h6>Sist</h6>\n");
    CHECK(strstr(md(a, "see www.example.se now"),
                 "<a href=\"http://www.example.se\">"));
    CHECK_STR(md(a, ""), "");
    out = md(a, "bad \xff utf8");
    CHECK(strstr(out, "\xEF\xBF\xBD"));
    arena_free(a);
}

T(markdown_rejects_bad_input)
{
    struct arena *a = arena_new();
    struct html_safe h;

    CHECK_INT(html_markdown(a, NULL, 3, &h), E_INVAL);
    CHECK_STR(h.p, "");
    CHECK_INT(html_markdown(a, "x", HTML_MARKDOWN_MAX + 1, &h), E_INVAL);
    CHECK_INT(html_markdown(a, NULL, 0, &h), E_OK);
    arena_free(a);
}

T(release_buffer)
{
    buf_release(&b);
}

T_MAIN(T_CASE(init_buffer), T_CASE(text_escapes_every_special),
       T_CASE(attr_quotes_and_escapes), T_CASE(attr_rejects_bad_names),
       T_CASE(url_allows_relative_and_web_schemes),
       T_CASE(url_rejects_other_schemes), T_CASE(url_percent_encodes),
       T_CASE(num_formats), T_CASE(raw_is_verbatim),
       T_CASE(markdown_renders_and_strips), T_CASE(markdown_rejects_bad_input),
       T_CASE(release_buffer))
