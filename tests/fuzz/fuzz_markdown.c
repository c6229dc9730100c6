/* fuzz_markdown.c: the Markdown wrapper must never emit a <script> (or
 * any tag outside cmark's own small set) nor a javascript:, vbscript: or
 * data:text link, whatever the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
    "p",   "h1",  "h2",    "h3",    "h4",    "h5", "h6", "blockquote", "ul",
    "ol",  "li",  "pre",   "code",  "hr",    "br", "em", "strong",     "a",
    "img", "del", "table", "thead", "tbody", "tr", "th", "td",         NULL};

static int tag_known(const char *s, size_t n)
{
    const char *const *t;

    for (t = tags; *t; t++)
        if (strlen(*t) == n && strncmp(s, *t, n) == 0)
            return 1;
    return 0;
}

static void check_tags(const char *p)
{
    while ((p = strchr(p, '<'))) {
        size_t n = 0;

        p++;
        if (*p == '!') {
            if (strncmp(p, "!-- raw HTML omitted -->", 24) != 0)
                abort();
            continue;
        }
        if (*p == '/')
            p++;
        while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9'))
            n++;
        if (!tag_known(p, n) || (p[n] != '>' && p[n] != ' ' && p[n] != '/'))
            abort();
    }
}

static void check_urls(const char *html, const char *attr)
{
    static const char *const bad[] = {
        "javascript:", "vbscript:", "file:", "data:text", NULL};
    const char *p = html;
    size_t alen = strlen(attr);

    while ((p = strstr(p, attr))) {
        const char *const *b;

        p += alen;
        for (b = bad; *b; b++)
            if (strncasecmp(p, *b, strlen(*b)) == 0)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new();
    struct html_safe h;

    if (!a)
        return 0;
    if (html_markdown(a, (const char *)data, size, &h) == E_OK) {
        if (strlen(h.p) != h.len)
            abort();
        if (strcasestr(h.p, "<script"))
            abort();
        check_tags(h.p);
        check_urls(h.p, "href=\"");
        check_urls(h.p, "src=\"");
    }
    arena_free(a);
    return 0;
}
