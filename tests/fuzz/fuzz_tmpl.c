/* fuzz_tmpl.c: compiles arbitrary template text and renders it when it
 * compiles; then checks the escaping property with the input as a value:
 * no raw < > " ' survive in text, and URL attributes keep only allowed
 * schemes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/tmpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct tv *context(struct arena *a, const char *x)
{
    static const char md[] = "*hi* <b>x</b>";
    struct tv *c = tv_new(a), *l, *e;
    struct html_safe h = {"<em>ok</em>", 11};

    tv_str(c, "x", x);
    tv_str(c, "name", "<'\"&>");
    tv_str(c, "url", "javascript:alert(1)");
    tv_int(c, "n", -3);
    tv_bool(c, "yes", 1);
    tv_bool(c, "no", 0);
    tv_html(c, "body", h);
    if (html_markdown(a, md, sizeof(md) - 1, &h) == E_OK)
        tv_html(c, "md", h);
    l = tv_list(c, "rows");
    e = tv_push(l);
    tv_str(e, "name", "a");
    tv_obj(e, "sub");
    e = tv_push(l);
    tv_str(e, "name", NULL);
    tv_str(tv_obj(c, "user"), "name", "Eva");
    return c;
}

/* no_specials: s holds no byte that could end a text run or a quoted
 * attribute value. */
static void no_specials(const char *s, size_t n)
{
    if (memchr(s, '<', n) || memchr(s, '>', n) || memchr(s, '"', n) ||
        memchr(s, '\'', n))
        abort();
}

static void check_escaping(struct tmpl_set *s, struct tv *c)
{
    static const char pre[] = "<a href=\"", post[] = "\">";
    struct buf b;
    const char *v;
    size_t n;

    buf_init(&b, 0);
    if (tmpl_render(tmpl_get(s, "text"), c, "sv", &b) == E_OK)
        no_specials(b.p, b.len);
    buf_clear(&b);
    if (tmpl_render(tmpl_get(s, "link"), c, "sv", &b) == E_OK) {
        if (b.len < sizeof(pre) + sizeof(post) - 2 ||
            memcmp(b.p, pre, sizeof(pre) - 1) != 0 ||
            memcmp(b.p + b.len - 2, post, 2) != 0)
            abort();
        v = b.p + sizeof(pre) - 1;
        n = b.len - (sizeof(pre) - 1) - 2;
        no_specials(v, n);
        if (memchr(v, ' ', n) || memchr(v, '\t', n) || memchr(v, '\n', n))
            abort();
        if (n >= 11 && strncasecmp(v, "javascript:", 11) == 0)
            abort();
        if (n >= 5 && strncasecmp(v, "data:", 5) == 0)
            abort();
        if (n >= 2 && v[0] == '/' && v[1] == '/')
            abort();
    }
    buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char part[] = "<i title=\"{{name}}\">{{x}}</i>";
    static const char text[] = "{{x}}", link[] = "<a href=\"{{x}}\">";
    struct tmpl_set *s = tmpl_set_new();
    struct arena *a = arena_new();
    struct tv *c;
    struct buf b, err;
    char *x = malloc(size + 1);

    buf_init(&b, 1 << 20);
    buf_init(&err, 0);
    if (!s || !a || !x)
        goto out;
    memcpy(x, data, size);
    x[size] = '\0';
    c = context(a, x);
    if (tmpl_set_add(s, "p", part, sizeof(part) - 1, &err) ||
        tmpl_set_add(s, "text", text, sizeof(text) - 1, &err) ||
        tmpl_set_add(s, "link", link, sizeof(link) - 1, &err))
        abort();
    if (tmpl_set_add(s, "f", (const char *)data, size, &err) == E_OK &&
        tmpl_set_link(s, &err) == E_OK)
        tmpl_render(tmpl_get(s, "f"), c, "en", &b);
    if (tmpl_set_link(s, NULL) != E_OK) {
        /* f failed to link (unknown partial): rebuild without it */
        tmpl_set_free(s);
        s = tmpl_set_new();
        if (!s || tmpl_set_add(s, "text", text, sizeof(text) - 1, NULL) ||
            tmpl_set_add(s, "link", link, sizeof(link) - 1, NULL) ||
            tmpl_set_link(s, NULL))
            goto out;
    }
    check_escaping(s, c);
out:
    buf_release(&b);
    buf_release(&err);
    free(x);
    arena_free(a);
    tmpl_set_free(s);
    return 0;
}
