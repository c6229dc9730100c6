/* html.h: the only way bytes of HTML reach a response. Text, attribute
 * values, URLs and numbers are escaped here; raw markup is accepted only as
 * a struct html_safe, whose two producers are the template engine (literals
 * and rendered templates, tmpl_*.c) and the Markdown wrapper below.
 *
 * All writers append to a struct buf and rely on its sticky error: check
 * b->err once at the end. A NULL string argument writes nothing (html_attr
 * and html_url write an empty value). */
#ifndef SKA_HTML_H
#define SKA_HTML_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* Trusted markup. Do not build one by hand outside html.c and tmpl_*.c: the
 * literal "(struct html_safe)" is greppable. */
struct html_safe {
    const char *p;
    size_t len;
};

/* html_raw appends trusted markup unchanged: the only raw write. */
void html_raw(struct buf *b, struct html_safe h);

/* html_safe_from_buf copies b into the arena a as trusted markup. The
 * caller vouches that b holds only output of the html_* writers above and
 * markup string literals from its own source (tag names and syntax, never
 * data): svg.c builds its charts this way. Returns b->err, or E_NOMEM; on
 * error *out is {"", 0}. */
enum err html_safe_from_buf(struct arena *a, const struct buf *b,
                            struct html_safe *out);

/* html_text / html_textn append s with & < > " ' escaped as &amp; &lt; &gt;
 * &quot; &#39;, so the result is safe both as element content and inside a
 * quoted attribute value. A NUL byte (possible with html_textn) becomes
 * U+FFFD. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);

/* html_attr appends ` name="value"` with value escaped as by html_text.
 * name must be a literal attribute name ([A-Za-z0-9_:-]+, not starting with
 * "on"); anything else sets b->err to E_INVAL and writes nothing. For URL
 * attributes (href, src, action...) use html_attr_url. */
void html_attr(struct buf *b, const char *name, const char *value);

/* html_url appends url in a form safe inside a quoted attribute value.
 * Allowed: relative URLs ("/x", "x", "?q", "#f"; not "//host", which is
 * rewritten) and the schemes http:, https:, mailto: (any case). Everything
 * else - javascript:, data:, vbscript:, unknown schemes, and any scheme-like
 * prefix holding whitespace or control characters - becomes "#". Bytes not
 * safe in a URL (controls, space, " ' < > \ ` and non-ASCII) are
 * percent-encoded and & is written as &amp;. */
void html_url(struct buf *b, const char *url);
void html_urln(struct buf *b, const char *url, size_t n);
/* html_attr_url appends ` name="<html_url(url)>"`; name as for html_attr. */
void html_attr_url(struct buf *b, const char *name, const char *url);
/* html_url_part appends s percent-encoded as one URL component: every byte
 * except A-Z a-z 0-9 - . _ ~ is encoded, so the result cannot change the
 * scheme, host, query or fragment structure around it. */
void html_url_part(struct buf *b, const char *s, size_t n);

/* html_num appends v in decimal (locale-independent). */
void html_num(struct buf *b, long long v);

/* HTML_MARKDOWN_MAX bounds html_markdown's input. */
#define HTML_MARKDOWN_MAX ((size_t)1 << 20)

/* html_markdown renders len bytes of GitHub-flavoured Markdown (tables,
 * strikethrough, autolinks, tagfilter) with cmark-gfm in its safe mode: raw
 * HTML is replaced by a comment and javascript:/vbscript:/file:/data: links
 * are dropped. Headings move one level down (# is h2: the page has the
 * only h1). Invalid UTF-8 is replaced by U+FFFD. The result lives in the
 * arena a. Returns E_OK, E_INVAL (md is NULL with len > 0, or len exceeds
 * HTML_MARKDOWN_MAX) or E_NOMEM; on error *out is {"", 0}. Thread-safe. */
enum err html_markdown(struct arena *a, const char *md, size_t len,
                       struct html_safe *out);

#endif
