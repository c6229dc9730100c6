/* i18n.c: message catalogues parsed from the embedded .msg assets into a
 * sorted array searched with bsearch. */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#include "asset.h"
#include "utf8.h"

enum lang { LANG_SV, LANG_EN, LANG__MAX };

static const char *const lang_names[LANG__MAX] = {"sv", "en"};
static const char *const lang_files[LANG__MAX] = {"i18n/sv.msg", "i18n/en.msg"};

struct msg {
    const char *key, *text;
};

struct cat {
    char *mem; /* copy of the file; keys and texts point into it */
    struct msg *msgs;
    size_t n;
};

static struct cat cats[LANG__MAX];

static int lang_parse(const char *lang)
{
    int i;

    if (!lang)
        return -1;
    for (i = 0; i < LANG__MAX; i++) {
        size_t n = strlen(lang_names[i]);

        if (strncmp(lang, lang_names[i], n) == 0 &&
            (lang[n] == '\0' || lang[n] == '-' || lang[n] == '_'))
            return i;
    }
    return -1;
}

static void cat_release(struct cat *c)
{
    free(c->mem);
    free(c->msgs);
    memset(c, 0, sizeof(*c));
}

static int msg_cmp(const void *x, const void *y)
{
    const struct msg *a = x, *b = y;

    return strcmp(a->key, b->key);
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.';
}

/* parse_line splits one line (NUL-terminated, edited in place) into *m and
 * returns NULL, or returns an error message. Blank and comment lines set
 * *skip. */
static const char *parse_line(char *s, struct msg *m, int *skip)
{
    char *key, *end;

    *skip = 0;
    while (is_blank(*s))
        s++;
    if (*s == '\0' || *s == '#') {
        *skip = 1;
        return NULL;
    }
    key = s;
    while (is_key_char(*s))
        s++;
    if (s == key)
        return "expected a key of [a-z0-9_.]";
    end = s;
    while (is_blank(*s))
        s++;
    if (*s != '=')
        return "expected '=' after the key";
    *end = '\0';
    s++;
    while (is_blank(*s))
        s++;
    end = s + strlen(s);
    while (end > s && is_blank(end[-1]))
        *--end = '\0';
    m->key = key;
    m->text = s;
    return NULL;
}

static enum err cat_parse(struct cat *c, const char *file, const char *text,
                          size_t len, struct buf *errmsg)
{
    const char *msg = NULL;
    size_t lines = 1, i, line = 0;
    char *p;
    enum err rc = E_OK;

    memset(c, 0, sizeof(*c));
    if (!utf8_valid(text, len)) {
        msg = "not valid UTF-8 (or holds a NUL byte)";
        goto bad;
    }
    for (i = 0; i < len; i++)
        lines += text[i] == '\n';
    c->mem = malloc(len + 1);
    c->msgs = calloc(lines, sizeof(*c->msgs));
    if (!c->mem || !c->msgs) {
        rc = E_NOMEM;
        goto out;
    }
    memcpy(c->mem, text, len);
    c->mem[len] = '\0';
    for (p = c->mem; p; line++) {
        char *nl = strchr(p, '\n');
        int skip;

        if (nl)
            *nl = '\0';
        msg = parse_line(p, &c->msgs[c->n], &skip);
        if (msg)
            goto bad;
        if (!skip)
            c->n++;
        p = nl ? nl + 1 : NULL;
    }
    qsort(c->msgs, c->n, sizeof(*c->msgs), msg_cmp);
    for (i = 1; i < c->n; i++) {
        if (strcmp(c->msgs[i - 1].key, c->msgs[i].key) == 0) {
            if (errmsg)
                buf_addf(errmsg, "%s: duplicate key %s\n", file,
                         c->msgs[i].key);
            rc = E_INVAL;
            goto out;
        }
    }
    goto out;
bad:
    if (errmsg)
        buf_addf(errmsg, "%s:%zu: %s\n", file, line + 1, msg);
    rc = E_INVAL;
out:
    if (rc)
        cat_release(c);
    return rc;
}

static enum err load_lang(int l, const char *text, size_t len,
                          struct buf *errmsg)
{
    struct cat c;
    enum err rc;

    rc = cat_parse(&c, lang_files[l], text, len, errmsg);
    if (rc)
        return rc;
    cat_release(&cats[l]);
    cats[l] = c;
    return E_OK;
}

enum err i18n_load_text(const char *lang, const char *text, size_t len,
                        struct buf *errmsg)
{
    int l = lang_parse(lang);

    if (l < 0 || strlen(lang) != strlen(lang_names[l]) || (!text && len)) {
        if (errmsg)
            buf_addf(errmsg, "i18n: unknown language %s\n",
                     lang ? lang : "(null)");
        return E_INVAL;
    }
    return load_lang(l, text ? text : "", len, errmsg);
}

enum err i18n_load(struct buf *errmsg)
{
    const struct asset *as[LANG__MAX];
    struct cat next[LANG__MAX];
    enum err rc = E_OK;
    int l, done = 0;

    memset(next, 0, sizeof(next));
    for (l = 0; l < LANG__MAX; l++) {
        as[l] = asset_find(lang_files[l]);
        if (!as[l]) {
            if (errmsg)
                buf_addf(errmsg, "%s: not embedded\n", lang_files[l]);
            rc = E_NOTFOUND;
            goto out;
        }
    }
    for (done = 0; done < LANG__MAX; done++) {
        rc = cat_parse(&next[done], lang_files[done],
                       (const char *)as[done]->data, as[done]->len, errmsg);
        if (rc)
            goto out;
    }
    for (l = 0; l < LANG__MAX; l++) {
        cat_release(&cats[l]);
        cats[l] = next[l];
    }
    done = 0;
out:
    for (l = 0; l < done; l++)
        cat_release(&next[l]);
    return rc;
}

static const char *cat_get(const struct cat *c, const char *key)
{
    struct msg k = {key, NULL};
    const struct msg *m;

    if (!c->n)
        return NULL;
    m = bsearch(&k, c->msgs, c->n, sizeof(*c->msgs), msg_cmp);
    return m ? m->text : NULL;
}

const char *i18n_get(const char *lang, const char *key)
{
    int l = lang_parse(lang);
    const char *t = NULL;

    if (!key)
        return "";
    if (l > LANG_SV)
        t = cat_get(&cats[l], key);
    if (!t)
        t = cat_get(&cats[LANG_SV], key);
    return t ? t : key;
}

enum err i18n_check(struct buf *errmsg)
{
    enum err rc = E_OK;
    int l, o;
    size_t i;

    for (l = 0; l < LANG__MAX; l++) {
        for (o = 0; o < LANG__MAX; o++) {
            if (o == l)
                continue;
            for (i = 0; i < cats[l].n; i++) {
                if (cat_get(&cats[o], cats[l].msgs[i].key))
                    continue;
                if (errmsg)
                    buf_addf(errmsg, "%s: missing key %s\n", lang_names[o],
                             cats[l].msgs[i].key);
                rc = E_INVAL;
            }
        }
    }
    return rc;
}

void i18n_free(void)
{
    int l;

    for (l = 0; l < LANG__MAX; l++)
        cat_release(&cats[l]);
}
