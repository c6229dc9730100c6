/* html.c: escaping writers, the one raw write, and the Markdown wrapper. */
#include "html.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void html_raw(struct buf *b, struct html_safe h)
{
    if (h.p && h.len)
        buf_add(b, h.p, h.len);
}

enum err html_safe_from_buf(struct arena *a, const struct buf *b,
                            struct html_safe *out)
{
    char *p;

    out->p = "";
    out->len = 0;
    if (b->err)
        return b->err;
    if (!(p = arena_strndup(a, b->p, b->len)))
        return E_NOMEM;
    *out = (struct html_safe){p, b->len};
    return E_OK;
}

void html_textn(struct buf *b, const char *s, size_t n)
{
    size_t i, run = 0;

    if (!s)
        return;
    for (i = 0; i < n; i++) {
        const char *rep;

        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\0':
            rep = "\xEF\xBF\xBD";
            break;
        default:
            continue;
        }
        buf_add(b, s + run, i - run);
        buf_adds(b, rep);
        run = i + 1;
    }
    buf_add(b, s + run, n - run);
}

void html_text(struct buf *b, const char *s)
{
    if (s)
        html_textn(b, s, strlen(s));
}

/* attr_name_ok accepts a plain attribute name that is not an event
 * handler. */
static int attr_name_ok(const char *name)
{
    const char *p;

    if (!name || !*name)
        return 0;
    if ((name[0] == 'o' || name[0] == 'O') &&
        (name[1] == 'n' || name[1] == 'N'))
        return 0;
    for (p = name; *p; p++) {
        unsigned char c = (unsigned char)*p;

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':'))
            return 0;
    }
    return 1;
}

static int attr_begin(struct buf *b, const char *name)
{
    if (!attr_name_ok(name)) {
        if (!b->err)
            b->err = E_INVAL;
        return 0;
    }
    buf_addc(b, ' ');
    buf_adds(b, name);
    buf_add(b, "=\"", 2);
    return 1;
}

void html_attr(struct buf *b, const char *name, const char *value)
{
    if (!attr_begin(b, name))
        return;
    html_text(b, value);
    buf_addc(b, '"');
}

void html_attr_url(struct buf *b, const char *name, const char *url)
{
    if (!attr_begin(b, name))
        return;
    html_url(b, url);
    buf_addc(b, '"');
}

static const char hexdig[] = "0123456789ABCDEF";

static void pct(struct buf *b, unsigned char c)
{
    char e[3] = {'%', hexdig[c >> 4], hexdig[c & 15]};

    buf_add(b, e, 3);
}

/* url_scheme_ok: s[0..n) is the text before the first ':' that precedes
 * any '/', '?' or '#'. Only exact, case-insensitive allowed schemes pass;
 * whitespace or control bytes inside make the comparison fail. */
static int url_scheme_ok(const char *s, size_t n)
{
    static const char *const ok[] = {"http", "https", "mailto"};
    size_t i;

    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strlen(ok[i]) == n && strncasecmp(s, ok[i], n) == 0)
            return 1;
    return 0;
}

static int url_safe(const char *url, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char c = url[i];

        if (c == ':')
            return url_scheme_ok(url, i);
        if (c == '/' || c == '?' || c == '#')
            break;
    }
    /* relative; a network-path reference ("//host") leaves the site */
    return !(n >= 2 && url[0] == '/' && (url[1] == '/' || url[1] == '\\'));
}

void html_urln(struct buf *b, const char *url, size_t n)
{
    size_t i;

    if (!url)
        return;
    if (!url_safe(url, n)) {
        buf_addc(b, '#');
        return;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)url[i];

        if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' ||
            c == '>' || c == '\\' || c == '`')
            pct(b, c);
        else if (c == '&')
            buf_add(b, "&amp;", 5);
        else
            buf_addc(b, (char)c);
    }
}

void html_url(struct buf *b, const char *url)
{
    if (url)
        html_urln(b, url, strlen(url));
}

void html_url_part(struct buf *b, const char *s, size_t n)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~')
            buf_addc(b, (char)c);
        else
            pct(b, c);
    }
}

void html_num(struct buf *b, long long v)
{
    char d[24];
    size_t i = sizeof(d);
    unsigned long long u =
        v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

    do {
        d[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--i] = '-';
    buf_add(b, d + i, sizeof(d) - i);
}

/* cmark-gfm: registration is not thread-safe, and in 0.29.0.gfm.6 the
 * inline parser edits a global special-character table while it runs
 * (github/cmark-gfm#176), so parsing is serialized. Markdown fields are
 * short; the lock costs little. */
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t md_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *const md_ext_names[] = {"table", "strikethrough", "autolink",
                                           "tagfilter"};
static cmark_syntax_extension *md_ext[4];

static void md_init(void)
{
    size_t i;

    cmark_gfm_core_extensions_ensure_registered();
    for (i = 0; i < 4; i++)
        md_ext[i] = cmark_find_syntax_extension(md_ext_names[i]);
}

/* demote_headings moves every heading of doc one level down (# -> h2,
 * ###### stays h6): the page around the text has the only h1. */
static enum err demote_headings(cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;

    if (!it)
        return E_NOMEM;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        int level;

        if (ev != CMARK_EVENT_ENTER ||
            cmark_node_get_type(n) != CMARK_NODE_HEADING)
            continue;
        level = cmark_node_get_heading_level(n);
        if (level < 6)
            cmark_node_set_heading_level(n, level + 1);
    }
    cmark_iter_free(it);
    return E_OK;
}

enum err html_markdown(struct arena *a, const char *md, size_t len,
                       struct html_safe *out)
{
    static const int opts = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
    cmark_parser *parser = NULL;
    cmark_node *doc = NULL;
    char *html = NULL, *copy;
    enum err rc = E_OK;
    size_t i;

    out->p = "";
    out->len = 0;
    if ((!md && len) || len > HTML_MARKDOWN_MAX)
        return E_INVAL;
    pthread_once(&md_once, md_init);
    pthread_mutex_lock(&md_lock);
    parser = cmark_parser_new(opts);
    if (!parser) {
        rc = E_NOMEM;
        goto out;
    }
    for (i = 0; i < 4; i++) {
        if (!md_ext[i]) {
            rc = E_INVAL; /* library built without the extension */
            goto out;
        }
        cmark_parser_attach_syntax_extension(parser, md_ext[i]);
    }
    cmark_parser_feed(parser, md ? md : "", len);
    doc = cmark_parser_finish(parser);
    if (!doc) {
        rc = E_NOMEM;
        goto out;
    }
    if ((rc = demote_headings(doc)))
        goto out;
    html = cmark_render_html(doc, opts,
                             cmark_parser_get_syntax_extensions(parser));
    if (!html) {
        rc = E_NOMEM;
        goto out;
    }
    copy = arena_strdup(a, html);
    if (!copy) {
        rc = E_NOMEM;
        goto out;
    }
    out->p = copy;
    out->len = strlen(copy);
out:
    if (html)
        cmark_get_default_mem_allocator()->free(html);
    if (doc)
        cmark_node_free(doc);
    if (parser)
        cmark_parser_free(parser);
    pthread_mutex_unlock(&md_lock);
    return rc;
}
