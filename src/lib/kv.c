/* kv.c: key/value lists in an arena; URL-encoded and Cookie parsers. */
#include "kv.h"

#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define KV_FIRST_CAP 8

void kv_init(struct kvlist *l, struct arena *a)
{
    l->v = NULL;
    l->n = l->cap = 0;
    l->a = a;
}

/* kv_reserve makes room for one more entry; the old array stays in the
 * arena until it is freed (arenas never free single allocations). */
static enum err kv_reserve(struct kvlist *l)
{
    struct kv *nv;
    size_t ncap;

    if (l->n < l->cap)
        return E_OK;
    ncap = l->cap ? l->cap * 2 : KV_FIRST_CAP;
    if (ncap < l->cap || ncap > SIZE_MAX / sizeof(*nv))
        return E_NOMEM;
    nv = arena_alloc(l->a, ncap * sizeof(*nv));
    if (!nv)
        return E_NOMEM;
    if (l->n)
        memcpy(nv, l->v, l->n * sizeof(*nv));
    l->v = nv;
    l->cap = ncap;
    return E_OK;
}

/* kv_push appends key and val without copying them. */
static enum err kv_push(struct kvlist *l, const char *key, const char *val)
{
    enum err e = kv_reserve(l);

    if (e)
        return e;
    l->v[l->n].key = key;
    l->v[l->n].val = val;
    l->n++;
    return E_OK;
}

enum err kv_add(struct kvlist *l, const char *key, const char *val)
{
    const char *k, *v;

    k = arena_strdup(l->a, key);
    v = arena_strdup(l->a, val);
    if (!k || !v)
        return E_NOMEM;
    return kv_push(l, k, v);
}

const char *kv_get(const struct kvlist *l, const char *key)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        if (strcmp(l->v[i].key, key) == 0)
            return l->v[i].val;
    return NULL;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* url_decode decodes s[0..n) into a new arena string: '+' is a space, %XX a
 * byte. The result must be valid UTF-8 without NUL bytes. */
static enum err url_decode(struct arena *a, const char *s, size_t n,
                           const char **out)
{
    char *d;
    size_t i, j = 0;

    d = arena_alloc(a, n + 1); /* decoding never grows the text */
    if (!d)
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi, lo;

            if (n - i < 3)
                return E_INVAL;
            hi = hexval((unsigned char)s[i + 1]);
            lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return E_INVAL;
            c = (unsigned char)(hi << 4 | lo);
            i += 2;
        }
        d[j++] = (char)c;
    }
    d[j] = '\0';
    if (!utf8_valid(d, j)) /* also rejects NUL bytes */
        return E_INVAL;
    *out = d;
    return E_OK;
}

enum err kv_parse_urlencoded(struct kvlist *l, const char *s, size_t len)
{
    size_t old_n = l->n, i = 0;
    enum err e = E_OK;

    while (i < len) {
        const char *seg = s + i, *amp, *eq;
        const char *key, *val = "";
        size_t n;

        amp = memchr(seg, '&', len - i);
        n = amp ? (size_t)(amp - seg) : len - i;
        i += n + 1;
        if (n == 0)
            continue; /* "a=1&&b=2" */
        eq = memchr(seg, '=', n);
        if (eq) {
            e = url_decode(l->a, seg, (size_t)(eq - seg), &key);
            if (!e)
                e = url_decode(l->a, eq + 1, n - (size_t)(eq - seg) - 1, &val);
        } else {
            e = url_decode(l->a, seg, n, &key);
        }
        if (!e)
            e = kv_push(l, key, val);
        if (e)
            goto out;
    }
out:
    if (e)
        l->n = old_n;
    return e;
}

/* RFC 6265 cookie-name is an RFC 7230 token. */
static int is_tchar(unsigned char c)
{
    return c > 0x20 && c < 0x7F && !strchr("\"(),/:;<=>?@[\\]{}", c);
}

/* RFC 6265 cookie-octet: printable ASCII except " , ; \ and space. */
static int is_cookie_octet(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' &&
           c != '\\';
}

static int all_of(const char *s, size_t n, int (*pred)(unsigned char))
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!pred((unsigned char)s[i]))
            return 0;
    return 1;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* cookie_pair examines one "name=value" piece; returns 1 and sets the
 * pointers when it is well formed, 0 when it is to be skipped. */
static int cookie_pair(const char *p, size_t n, const char **name,
                       size_t *name_n, const char **val, size_t *val_n)
{
    const char *eq = memchr(p, '=', n), *ne, *v, *end = p + n;

    if (!eq)
        return 0;
    while (p < eq && is_ows(*p))
        p++;
    ne = eq;
    while (ne > p && is_ows(ne[-1]))
        ne--;
    *name = p;
    *name_n = (size_t)(ne - p);
    v = eq + 1;
    while (v < end && is_ows(*v))
        v++;
    while (end > v && is_ows(end[-1]))
        end--;
    if (end - v >= 2 && v[0] == '"' && end[-1] == '"') {
        v++;
        end--;
    }
    *val = v;
    *val_n = (size_t)(end - v);
    return *name_n > 0 && all_of(*name, *name_n, is_tchar) &&
           all_of(*val, *val_n, is_cookie_octet);
}

enum err kv_parse_cookies(struct kvlist *l, const char *header)
{
    size_t old_n = l->n;
    enum err e = E_OK;
    const char *p = header;

    while (p && *p) {
        const char *semi = strchr(p, ';'), *name, *val;
        size_t n = semi ? (size_t)(semi - p) : strlen(p), name_n, val_n;

        if (cookie_pair(p, n, &name, &name_n, &val, &val_n)) {
            const char *k = arena_strndup(l->a, name, name_n);
            const char *v = arena_strndup(l->a, val, val_n);

            e = k && v ? kv_push(l, k, v) : E_NOMEM;
            if (e)
                goto out;
        }
        p = semi ? semi + 1 : NULL;
    }
out:
    if (e)
        l->n = old_n;
    return e;
}
