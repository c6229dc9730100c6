/* tmpl.c: template values, the context-aware template compiler and the
 * renderer. docs/internals/templates.md explains the HTML context rules. */
#include "tmpl.h"

#include <ctype.h>
#include <string.h>

#include "asset.h"
#include "i18n.h"

/* ---- values --------------------------------------------------------- */

enum tv_kind { TV_NULL, TV_STR, TV_INT, TV_BOOL, TV_HTML, TV_OBJ, TV_LIST };

struct tv_root {
    struct arena *a;
    enum err err;
};

struct tv {
    enum tv_kind kind;
    struct tv_root *root;
    const char *key; /* as a member of an object */
    struct tv *next; /* next member (newest first) or list element */
    union {
        const char *s;
        long long i;
        struct html_safe h;
        struct {
            struct tv *head, *tail;
        } c;
    } u;
};

struct tv *tv_new(struct arena *a)
{
    struct tv_root *r;
    struct tv *o;

    if (!a)
        return NULL;
    r = arena_alloc(a, sizeof(*r));
    o = r ? arena_alloc(a, sizeof(*o)) : NULL;
    if (!o)
        return NULL;
    r->a = a;
    o->kind = TV_OBJ;
    o->root = r;
    return o;
}

static struct tv *tv_add(struct tv *o, const char *key, enum tv_kind kind)
{
    struct tv *v;

    if (!o || o->root->err)
        return NULL;
    if (o->kind != TV_OBJ || !key) {
        o->root->err = E_INVAL;
        return NULL;
    }
    v = arena_alloc(o->root->a, sizeof(*v));
    if (!v) {
        o->root->err = E_NOMEM;
        return NULL;
    }
    v->kind = kind;
    v->root = o->root;
    v->key = key;
    v->next = o->u.c.head;
    o->u.c.head = v;
    return v;
}

void tv_str(struct tv *o, const char *key, const char *val)
{
    struct tv *v = tv_add(o, key, val ? TV_STR : TV_NULL);

    if (v)
        v->u.s = val;
}

void tv_int(struct tv *o, const char *key, long long i)
{
    struct tv *v = tv_add(o, key, TV_INT);

    if (v)
        v->u.i = i;
}

void tv_bool(struct tv *o, const char *key, int b)
{
    struct tv *v = tv_add(o, key, TV_BOOL);

    if (v)
        v->u.i = b != 0;
}

void tv_html(struct tv *o, const char *key, struct html_safe h)
{
    struct tv *v = tv_add(o, key, h.p ? TV_HTML : TV_NULL);

    if (v)
        v->u.h = h;
}

struct tv *tv_obj(struct tv *o, const char *key)
{
    return tv_add(o, key, TV_OBJ);
}

struct tv *tv_list(struct tv *o, const char *key)
{
    return tv_add(o, key, TV_LIST);
}

struct tv *tv_push(struct tv *list)
{
    struct tv *v;

    if (!list || list->root->err)
        return NULL;
    if (list->kind != TV_LIST) {
        list->root->err = E_INVAL;
        return NULL;
    }
    v = arena_alloc(list->root->a, sizeof(*v));
    if (!v) {
        list->root->err = E_NOMEM;
        return NULL;
    }
    v->kind = TV_OBJ;
    v->root = list->root;
    if (list->u.c.tail)
        list->u.c.tail->next = v;
    else
        list->u.c.head = v;
    list->u.c.tail = v;
    return v;
}

static const struct tv *tv_member(const struct tv *o, const char *key)
{
    const struct tv *v;

    if (!o || o->kind != TV_OBJ)
        return NULL;
    for (v = o->u.c.head; v; v = v->next)
        if (strcmp(v->key, key) == 0)
            return v;
    return NULL;
}

static int tv_truthy(const struct tv *v)
{
    if (!v)
        return 0;
    switch (v->kind) {
    case TV_STR:
        return v->u.s[0] != '\0';
    case TV_INT:
    case TV_BOOL:
        return v->u.i != 0;
    case TV_HTML:
        return v->u.h.len != 0;
    case TV_OBJ:
        return 1;
    case TV_LIST:
        return v->u.c.head != NULL;
    case TV_NULL:
        break;
    }
    return 0;
}

/* ---- compiled form -------------------------------------------------- */

enum node_kind { N_TEXT, N_VAR, N_I18N, N_SECTION, N_INVERTED, N_PARTIAL };

/* where a value lands: element content, attribute value, start of a URL
 * attribute value, later part of a URL attribute value */
enum out_ctx { O_TEXT, O_ATTR, O_URL, O_URLPART };

struct node {
    enum node_kind kind;
    enum out_ctx ctx;
    struct html_safe text; /* N_TEXT */
    const char **path;     /* N_VAR, N_SECTION, N_INVERTED */
    size_t npath;
    const char *name;   /* N_I18N key, N_PARTIAL name */
    struct tmpl *part;  /* N_PARTIAL, set by tmpl_set_link */
    struct node *child; /* section body */
    struct node *next;
    int line;
};

struct tmpl {
    const char *name;
    struct node *first;
    struct tmpl *next;
    struct tmpl_set *set;
    int mark; /* link-time cycle search: 0 new, 1 on stack, 2 done */
};

struct tmpl_set {
    struct arena *a;
    struct tmpl *list;
    int linked;
};

/* ---- HTML context tracking ------------------------------------------ */

enum hstate {
    H_TEXT,
    H_LT,      /* after '<' */
    H_TAGNAME, /* <name */
    H_TAG,     /* inside a start tag, between attributes */
    H_TAGSEP,  /* after a section tag inside a tag: needs a separator */
    H_ATTRNAME,
    H_AFTERNAME, /* attribute name then blanks */
    H_BEFOREVAL, /* after '=' */
    H_VAL_DQ,
    H_VAL_SQ,
    H_VAL_UQ,
    H_ENDSTART, /* "</" */
    H_BANG,     /* "<!" */
    H_BANGDASH, /* "<!-" */
    H_COMMENT,
    H_DECL, /* <!doctype>, <?..>, bogus comments */
    H_RAW   /* content of <script>, <style>, <textarea>... */
};

struct hctx {
    enum hstate st;
    char tag[12];  /* lower-case tag name, truncated */
    char attr[16]; /* lower-case attribute name, truncated */
    size_t taglen, attrlen;
    int endtag;    /* the tag is an end tag */
    int val_empty; /* the attribute value has no content yet */
    int dashes;    /* comment: '-' run; raw: chars of the end tag matched */
    int raw_end;   /* raw: the end tag matched, awaiting a delimiter */
    int raw_bang;  /* script: chars of "<!--" matched */
};

struct comp {
    struct tmpl_set *set;
    const char *name;
    const char *err; /* first error message */
    int line;
    struct hctx h;
};

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void name_add(char *dst, size_t cap, size_t *len, char c)
{
    if (*len + 1 < cap)
        dst[*len] = (char)tolower((unsigned char)c);
    (*len)++;
    dst[*len < cap ? *len : cap - 1] = '\0';
}

/* Elements whose content is not parsed as markup: script data, RAWTEXT and
 * RCDATA. The first two take no placeholders. */
static const char *const raw_tags[] = {
    "script",  "style",    "textarea", "title",     "xmp", "iframe",
    "noembed", "noframes", "noscript", "plaintext", NULL};

static int in_code(const struct hctx *h)
{
    return strcmp(h->tag, "script") == 0 || strcmp(h->tag, "style") == 0;
}

static void tag_end(struct hctx *h)
{
    const char *const *t;

    h->st = H_TEXT;
    if (h->endtag)
        return;
    for (t = raw_tags; *t; t++) {
        if (h->taglen == strlen(*t) && strcmp(h->tag, *t) == 0) {
            h->st = H_RAW;
            h->dashes = h->raw_end = h->raw_bang = 0;
            return;
        }
    }
}

static void raw_step(struct comp *c, char ch)
{
    struct hctx *h = &c->h;
    const char *tag = h->tag;
    char lc = (char)tolower((unsigned char)ch);
    size_t need = 2 + strlen(tag);

    if (h->raw_end) {
        h->raw_end = 0;
        if (is_space(ch) || ch == '/' || ch == '>') {
            h->endtag = 1; /* its attributes still follow the tag rules */
            h->st = ch == '>' ? H_TEXT : H_TAG;
            return;
        }
        h->dashes = 0;
    }
    if ((size_t)h->dashes < 2 ? lc == "</"[h->dashes]
                              : lc == tag[h->dashes - 2])
        h->dashes++;
    else
        h->dashes = ch == '<';
    if ((size_t)h->dashes == need) {
        h->raw_end = 1;
        h->dashes = 0;
    }
    if (strcmp(tag, "script") != 0)
        return;
    /* script data escape states ("<!--" then "<script") could hide the end
     * tag; templates must not use them */
    h->raw_bang = lc == "<!--"[h->raw_bang] ? h->raw_bang + 1 : ch == '<';
    if (h->raw_bang == 4 && !c->err)
        c->err = "\"<!--\" inside <script> is not supported";
}

/* html_step advances the tracker over one literal character. */
static void html_step(struct comp *c, char ch)
{
    struct hctx *h = &c->h;

    switch (h->st) {
    case H_TEXT:
        if (ch == '<')
            h->st = H_LT;
        break;
    case H_LT:
        if (is_alpha(ch)) {
            h->st = H_TAGNAME;
            h->taglen = 0;
            h->endtag = 0;
            name_add(h->tag, sizeof(h->tag), &h->taglen, ch);
        } else if (ch == '/') {
            h->st = H_ENDSTART;
        } else if (ch == '!') {
            h->st = H_BANG;
        } else if (ch == '?') {
            h->st = H_DECL;
        } else if (ch != '<') {
            h->st = H_TEXT;
        }
        break;
    case H_TAGNAME:
        if (is_space(ch) || ch == '/')
            h->st = H_TAG;
        else if (ch == '>')
            tag_end(h);
        else
            name_add(h->tag, sizeof(h->tag), &h->taglen, ch);
        break;
    case H_TAGSEP:
        if (!is_space(ch) && ch != '/' && ch != '>') {
            if (!c->err)
                c->err = "after a section tag inside a tag, separate "
                         "attributes with a space";
            break;
        }
        /* fall through */
    case H_TAG:
    case H_AFTERNAME:
        if (ch == '>') {
            tag_end(h);
        } else if (ch == '/') {
            h->st = H_TAG;
        } else if (ch == '=' && h->st == H_AFTERNAME) {
            h->st = H_BEFOREVAL;
        } else if (is_space(ch)) {
            if (h->st == H_TAGSEP)
                h->st = H_TAG;
        } else {
            h->st = H_ATTRNAME;
            h->attrlen = 0;
            name_add(h->attr, sizeof(h->attr), &h->attrlen, ch);
        }
        break;
    case H_ATTRNAME:
        if (is_space(ch))
            h->st = H_AFTERNAME;
        else if (ch == '/')
            h->st = H_TAG;
        else if (ch == '>')
            tag_end(h);
        else if (ch == '=')
            h->st = H_BEFOREVAL;
        else
            name_add(h->attr, sizeof(h->attr), &h->attrlen, ch);
        break;
    case H_BEFOREVAL:
        h->val_empty = 1;
        if (ch == '"')
            h->st = H_VAL_DQ;
        else if (ch == '\'')
            h->st = H_VAL_SQ;
        else if (ch == '>')
            tag_end(h);
        else if (!is_space(ch))
            h->st = H_VAL_UQ;
        break;
    case H_VAL_DQ:
    case H_VAL_SQ:
        if (ch == (h->st == H_VAL_DQ ? '"' : '\''))
            h->st = H_TAG;
        else
            h->val_empty = 0;
        break;
    case H_VAL_UQ:
        if (is_space(ch))
            h->st = H_TAG;
        else if (ch == '>')
            tag_end(h);
        break;
    case H_ENDSTART:
        if (is_alpha(ch)) {
            h->st = H_TAGNAME;
            h->taglen = 0;
            h->endtag = 1;
            name_add(h->tag, sizeof(h->tag), &h->taglen, ch);
        } else {
            h->st = ch == '>' ? H_TEXT : H_DECL;
        }
        break;
    case H_DECL:
        if (ch == '>')
            h->st = H_TEXT;
        break;
    case H_BANG:
        h->st = ch == '-' ? H_BANGDASH : ch == '>' ? H_TEXT : H_DECL;
        break;
    case H_BANGDASH:
        if (ch == '-') {
            h->st = H_COMMENT;
            h->dashes = 2; /* so "<!-->" and "<!--->" end at once */
        } else {
            h->st = ch == '>' ? H_TEXT : H_DECL;
        }
        break;
    case H_COMMENT: /* ends at "-->" or "--!>"; -1 means "--!" seen */
        if (ch == '>' && (h->dashes >= 2 || h->dashes == -1))
            h->st = H_TEXT;
        else if (ch == '!' && h->dashes >= 2)
            h->dashes = -1;
        else
            h->dashes = ch == '-' ? (h->dashes < 0 ? 1 : h->dashes + 1) : 0;
        break;
    case H_RAW:
        raw_step(c, ch);
        break;
    }
}

static int attr_is(const struct hctx *h, const char *const *names)
{
    for (; *names; names++)
        if (h->attrlen == strlen(*names) && strcmp(h->attr, *names) == 0)
            return 1;
    return 0;
}

/* value_ctx decides how a value at the current position is written, or
 * sets c->err. */
static enum out_ctx value_ctx(struct comp *c)
{
    static const char *const url_attrs[] = {
        "href",       "src",     "action",   "formaction", "cite",
        "poster",     "data",    "codebase", "background", "longdesc",
        "usemap",     "srcset",  "manifest", "ping",       "icon",
        "xlink:href", "classid", "archive",  "lowsrc",     NULL};
    static const char *const bad_attrs[] = {"style", "srcdoc", NULL};
    const struct hctx *h = &c->h;

    switch (h->st) {
    case H_TEXT:
        return O_TEXT;
    case H_VAL_DQ:
    case H_VAL_SQ:
        if (h->attrlen >= 2 && h->attr[0] == 'o' && h->attr[1] == 'n')
            c->err = "placeholder inside an on* event-handler attribute";
        else if (attr_is(h, bad_attrs))
            c->err = "placeholder inside a style or srcdoc attribute";
        else if (attr_is(h, url_attrs))
            return h->val_empty ? O_URL : O_URLPART;
        return O_ATTR;
    case H_BEFOREVAL:
    case H_VAL_UQ:
        c->err = "placeholder in an unquoted attribute value";
        break;
    case H_RAW:
        if (!in_code(h))
            return O_ATTR; /* <textarea>, <title>...: escaped, never raw */
        c->err = h->tag[1] == 'c' ? "placeholder inside <script>"
                                  : "placeholder inside <style>";
        break;
    case H_COMMENT:
        c->err = "placeholder inside an HTML comment (use {{! }})";
        break;
    default:
        c->err = "placeholder inside a tag, not in a quoted attribute value";
        break;
    }
    return O_TEXT;
}

/* section_ok checks that a section tag stands where both branches can
 * continue, and normalizes the state inside a tag to H_TAGSEP so that
 * neither branch can glue characters onto an attribute name. */
static int section_ok(struct comp *c)
{
    struct hctx *h = &c->h;

    switch (h->st) {
    case H_TAGNAME:
    case H_TAG:
    case H_TAGSEP:
    case H_ATTRNAME:
    case H_AFTERNAME:
        h->st = H_TAGSEP;
        return 1;
    case H_TEXT:
    case H_VAL_DQ:
    case H_VAL_SQ:
        return 1;
    case H_RAW:
        if (!in_code(h))
            return 1;
        c->err = h->tag[1] == 'c' ? "section tag inside <script>"
                                  : "section tag inside <style>";
        return 0;
    default:
        c->err = "section tag inside a tag name, comment or unquoted value";
        return 0;
    }
}

/* same_ctx: the states at a section's open and close tag agree. */
static int same_ctx(const struct hctx *a, const struct hctx *b)
{
    if (a->st != b->st)
        return 0;
    if (a->st == H_TAGSEP || a->st == H_RAW)
        return strcmp(a->tag, b->tag) == 0 && a->taglen == b->taglen &&
               a->endtag == b->endtag && a->dashes == b->dashes &&
               a->raw_end == b->raw_end && a->raw_bang == b->raw_bang;
    if (a->st == H_VAL_DQ || a->st == H_VAL_SQ)
        return strcmp(a->attr, b->attr) == 0 && a->attrlen == b->attrlen;
    return 1;
}

/* ---- compiler ------------------------------------------------------- */

#define TMPL_MAX_DEPTH 32

struct open_sec {
    struct node *node;
    struct node **tail; /* where the section's next node goes */
    struct hctx h;
    int line;
};

static int path_char(char ch)
{
    return is_alpha(ch) || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

/* parse_name checks s[0..n) as NAME or NAME.NAME... and copies it into
 * the arena; dots are allowed only when dotted. */
static char *parse_name(struct comp *c, const char *s, size_t n, int dotted)
{
    size_t i;
    char *r;

    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    if (!n) {
        c->err = "empty tag name";
        return NULL;
    }
    for (i = 0; i < n; i++) {
        if (path_char(s[i]))
            continue;
        if (dotted && s[i] == '.' && i > 0 && i + 1 < n && s[i + 1] != '.')
            continue;
        c->err = "bad character in tag name";
        return NULL;
    }
    r = arena_strndup(c->set->a, s, n);
    if (!r)
        c->err = "out of memory";
    return r;
}

static int split_path(struct comp *c, struct node *nd, char *name)
{
    size_t n = 1, i;
    char *p;

    for (p = name; *p; p++)
        n += *p == '.';
    nd->path = arena_alloc(c->set->a, n * sizeof(*nd->path));
    if (!nd->path) {
        c->err = "out of memory";
        return -1;
    }
    for (i = 0, p = name; i < n; i++) {
        char *dot = strchr(p, '.');

        nd->path[i] = p;
        if (dot) {
            *dot = '\0';
            p = dot + 1;
        }
    }
    nd->npath = n;
    return 0;
}

static struct node *node_new(struct comp *c, enum node_kind kind)
{
    struct node *nd = arena_alloc(c->set->a, sizeof(*nd));

    if (!nd) {
        c->err = "out of memory";
        return NULL;
    }
    nd->kind = kind;
    nd->line = c->line;
    return nd;
}

static void feed_text(struct comp *c, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n && !c->err; i++) {
        html_step(c, s[i]);
        if (s[i] == '\n')
            c->line++;
    }
}

/* tag compiles the tag s[0..n) (without braces). */
static struct node *tag(struct comp *c, const char *s, size_t n,
                        struct open_sec *stack, int *depth)
{
    struct node *nd = NULL;
    char *name;
    char sig = n ? s[0] : '\0';

    if (sig == '!')
        return NULL;
    if (sig == '{' || sig == '&') {
        c->err = "raw output ({{{ }} or {{& }}) is not supported; use an "
                 "html_safe value";
        return NULL;
    }
    if (sig == '=') {
        c->err = "changing delimiters is not supported";
        return NULL;
    }
    if (sig == '/') {
        struct open_sec *o;

        if (!*depth) {
            c->err = "closing tag without an open section";
            return NULL;
        }
        o = &stack[*depth - 1];
        name = parse_name(c, s + 1, n - 1, 1);
        if (!name)
            return NULL;
        if (strcmp(name, o->node->name) != 0) {
            c->err = "closing tag does not match the open section";
            return NULL;
        }
        if (!section_ok(c))
            return NULL;
        if (!same_ctx(&o->h, &c->h)) {
            c->err = "section changes the HTML context (tag or attribute "
                     "left open, or opened)";
            return NULL;
        }
        c->h.val_empty = c->h.val_empty && o->h.val_empty;
        (*depth)--;
        return NULL;
    }
    if (sig == '#' || sig == '^') {
        if (*depth == TMPL_MAX_DEPTH) {
            c->err = "sections nested too deeply";
            return NULL;
        }
        if (!section_ok(c))
            return NULL;
        nd = node_new(c, sig == '#' ? N_SECTION : N_INVERTED);
        name = nd ? parse_name(c, s + 1, n - 1, 1) : NULL;
        if (!name)
            return NULL;
        nd->name = arena_strdup(c->set->a, name);
        if (!nd->name || split_path(c, nd, name))
            return NULL;
        stack[*depth].node = nd;
        stack[*depth].h = c->h;
        stack[*depth].line = c->line;
        (*depth)++;
        return nd;
    }
    if (sig == '>') {
        if (c->h.st != H_TEXT) {
            c->err = "partial outside element content";
            return NULL;
        }
        nd = node_new(c, N_PARTIAL);
        if (nd)
            nd->name = parse_name(c, s + 1, n - 1, 0);
        return nd && nd->name ? nd : NULL;
    }
    if (sig == '_' && n > 1 && is_space(s[1])) {
        nd = node_new(c, N_I18N);
        if (nd)
            nd->name = parse_name(c, s + 2, n - 2, 1);
        if (!nd || !nd->name)
            return NULL;
    } else {
        nd = node_new(c, N_VAR);
        name = nd ? parse_name(c, s, n, 1) : NULL;
        if (!name || split_path(c, nd, name))
            return NULL;
    }
    nd->ctx = value_ctx(c);
    if (c->err)
        return NULL;
    if (c->h.st == H_VAL_DQ || c->h.st == H_VAL_SQ)
        c->h.val_empty = 0;
    return nd;
}

static int compile(struct comp *c, struct tmpl *t, const char *src, size_t len)
{
    struct open_sec stack[TMPL_MAX_DEPTH];
    struct node **tail = &t->first;
    int depth = 0;
    size_t pos = 0;

    c->line = 1;
    while (pos < len && !c->err) {
        const char *open = memmem(src + pos, len - pos, "{{", 2);
        size_t lit = open ? (size_t)(open - src) - pos : len - pos;
        const char *close;
        struct node *nd;
        int tag_line, closing;

        if (lit) {
            nd = node_new(c, N_TEXT);
            if (!nd)
                break;
            nd->text.p = src + pos;
            nd->text.len = lit;
            *tail = nd;
            tail = &nd->next;
            feed_text(c, src + pos, lit);
        }
        if (!open || c->err)
            break;
        tag_line = c->line;
        pos = (size_t)(open - src) + 2;
        close = memmem(src + pos, len - pos, "}}", 2);
        if (!close) {
            c->err = "unterminated {{";
            break;
        }
        closing = src + pos < close && src[pos] == '/';
        nd = tag(c, src + pos, (size_t)(close - src) - pos, stack, &depth);
        for (; src + pos < close; pos++)
            c->line += src[pos] == '\n';
        pos += 2;
        if (c->err) {
            c->line = tag_line;
            break;
        }
        if (closing) /* continue after the section node */
            tail = stack[depth].tail;
        if (!nd)
            continue;
        *tail = nd;
        tail = &nd->next;
        if (nd->kind == N_SECTION || nd->kind == N_INVERTED) {
            stack[depth - 1].tail = tail;
            tail = &nd->child;
        }
    }
    if (!c->err && depth) {
        c->err = "section not closed";
        c->line = stack[depth - 1].line;
    }
    if (!c->err && c->h.st != H_TEXT)
        c->err = "template ends inside a tag, comment, <script> or <style>";
    return c->err ? -1 : 0;
}

/* ---- sets ----------------------------------------------------------- */

struct tmpl_set *tmpl_set_new(void)
{
    struct arena *a = arena_new();
    struct tmpl_set *s = a ? arena_alloc(a, sizeof(*s)) : NULL;

    if (!s) {
        arena_free(a);
        return NULL;
    }
    s->a = a;
    return s;
}

void tmpl_set_free(struct tmpl_set *s)
{
    if (s)
        arena_free(s->a); /* s itself lives in the arena */
}

static struct tmpl *tmpl_find(const struct tmpl_set *s, const char *name)
{
    struct tmpl *t;

    if (!s || !name)
        return NULL;
    for (t = s->list; t; t = t->next)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

const struct tmpl *tmpl_get(const struct tmpl_set *s, const char *name)
{
    return tmpl_find(s, name);
}

enum err tmpl_set_add(struct tmpl_set *s, const char *name, const char *src,
                      size_t len, struct buf *errmsg)
{
    struct comp c = {0};
    struct tmpl *t;
    const char *copy;

    if (!s || !name || (!src && len))
        return E_INVAL;
    c.set = s;
    c.name = name;
    if (!parse_name(&c, name, strlen(name), 0)) {
        if (errmsg)
            buf_addf(errmsg, "%s: bad template name\n", name);
        return E_INVAL;
    }
    if (tmpl_get(s, name)) {
        if (errmsg)
            buf_addf(errmsg, "%s: defined twice\n", name);
        return E_CONFLICT;
    }
    t = arena_alloc(s->a, sizeof(*t));
    copy = arena_strndup(s->a, src ? src : "", len);
    if (t)
        t->name = arena_strdup(s->a, name);
    if (!t || !copy || !t->name)
        return E_NOMEM;
    s->linked = 0;
    if (compile(&c, t, copy, len)) {
        if (strcmp(c.err, "out of memory") == 0)
            return E_NOMEM;
        if (errmsg)
            buf_addf(errmsg, "%s:%d: %s\n", name, c.line, c.err);
        return E_INVAL;
    }
    t->set = s;
    t->next = s->list;
    s->list = t;
    return E_OK;
}

/* resolve links the partials under nd; returns the number of errors. */
static int resolve(struct tmpl_set *s, struct tmpl *t, struct node *nd,
                   struct buf *errmsg)
{
    int bad = 0;

    for (; nd; nd = nd->next) {
        if (nd->kind == N_PARTIAL) {
            nd->part = tmpl_find(s, nd->name);
            if (!nd->part) {
                bad++;
                if (errmsg)
                    buf_addf(errmsg, "%s:%d: unknown partial %s\n", t->name,
                             nd->line, nd->name);
            }
        }
        bad += resolve(s, t, nd->child, errmsg);
    }
    return bad;
}

static int visit(struct tmpl *t, struct buf *errmsg);

/* visit_nodes follows the partial edges under nd depth-first; returns 1
 * when one leads back to a template still being visited. */
static int visit_nodes(struct tmpl *t, const struct node *nd,
                       struct buf *errmsg)
{
    for (; nd; nd = nd->next) {
        if (nd->kind == N_PARTIAL &&
            (nd->part->mark == 1 ||
             (nd->part->mark == 0 && visit(nd->part, errmsg)))) {
            if (errmsg)
                buf_addf(errmsg, "%s:%d: recursive partial %s\n", t->name,
                         nd->line, nd->name);
            return 1;
        }
        if (visit_nodes(t, nd->child, errmsg))
            return 1;
    }
    return 0;
}

static int visit(struct tmpl *t, struct buf *errmsg)
{
    int r;

    t->mark = 1;
    r = visit_nodes(t, t->first, errmsg);
    t->mark = 2;
    return r;
}

enum err tmpl_set_link(struct tmpl_set *s, struct buf *errmsg)
{
    struct tmpl *t;
    int bad = 0;

    if (!s)
        return E_INVAL;
    for (t = s->list; t; t = t->next) {
        bad += resolve(s, t, t->first, errmsg);
        t->mark = 0;
    }
    for (t = s->list; t && !bad; t = t->next)
        if (!t->mark)
            bad += visit(t, errmsg);
    s->linked = !bad;
    return bad ? E_INVAL : E_OK;
}

static const char *base_name(const char *path, size_t *n)
{
    static const char pre[] = "templates/", suf[] = ".html";
    size_t len = strlen(path);
    const char *slash;

    if (strncmp(path, pre, sizeof(pre) - 1) != 0 ||
        len < sizeof(pre) - 1 + sizeof(suf) - 1 ||
        strcmp(path + len - (sizeof(suf) - 1), suf) != 0)
        return NULL;
    slash = strrchr(path, '/');
    *n = (size_t)(path + len - (sizeof(suf) - 1) - (slash + 1));
    return slash + 1;
}

enum err tmpl_set_load(struct tmpl_set **out, struct buf *errmsg)
{
    struct tmpl_set *s = tmpl_set_new();
    const struct asset *as;
    enum err rc = E_OK;

    *out = NULL;
    if (!s)
        return E_NOMEM;
    for (as = assets; as->path; as++) {
        const char *base;
        char *name;
        size_t n;
        enum err e;

        base = base_name(as->path, &n);
        if (!base)
            continue;
        name = arena_strndup(s->a, base, n);
        if (!name) {
            rc = E_NOMEM;
            goto out;
        }
        e = tmpl_set_add(s, name, (const char *)as->data, as->len, errmsg);
        if (e == E_NOMEM) {
            rc = e;
            goto out;
        }
        if (e)
            rc = E_INVAL; /* keep going to report every template */
    }
    if (!rc)
        rc = tmpl_set_link(s, errmsg);
out:
    if (rc)
        tmpl_set_free(s);
    else
        *out = s;
    return rc;
}

/* ---- rendering ------------------------------------------------------ */

struct frame {
    const struct tv *obj;
    const struct frame *up;
};

/* lookup: the first path segment is searched from the innermost object
 * outwards, the rest strictly inside it. */
static const struct tv *lookup(const struct frame *f, const char **path,
                               size_t n)
{
    const struct tv *v = NULL;
    size_t i;

    for (; f && !v; f = f->up)
        v = tv_member(f->obj, path[0]);
    for (i = 1; v && i < n; i++)
        v = tv_member(v, path[i]);
    return v && v->kind != TV_NULL ? v : NULL;
}

static void put_str(struct buf *b, enum out_ctx ctx, const char *s, size_t n)
{
    switch (ctx) {
    case O_TEXT:
    case O_ATTR:
        html_textn(b, s, n);
        break;
    case O_URL:
        html_urln(b, s, n);
        break;
    case O_URLPART:
        html_url_part(b, s, n);
        break;
    }
}

static void put_value(struct buf *b, enum out_ctx ctx, const struct tv *v)
{
    if (!v)
        return;
    switch (v->kind) {
    case TV_STR:
        put_str(b, ctx, v->u.s, strlen(v->u.s));
        break;
    case TV_INT:
        html_num(b, v->u.i);
        break;
    case TV_HTML:
        if (ctx == O_TEXT)
            html_raw(b, v->u.h); /* trust carried by the type */
        else
            put_str(b, ctx, v->u.h.p, v->u.h.len);
        break;
    default: /* bools, objects and lists print nothing */
        break;
    }
}

static void render_nodes(const struct node *nd, const struct frame *f,
                         const char *lang, struct buf *b)
{
    for (; nd && !b->err; nd = nd->next) {
        const struct tv *v = NULL;
        struct frame in;

        if (nd->kind == N_VAR || nd->kind == N_SECTION ||
            nd->kind == N_INVERTED)
            v = lookup(f, nd->path, nd->npath);
        switch (nd->kind) {
        case N_TEXT:
            html_raw(b, nd->text); /* template literal */
            break;
        case N_VAR:
            put_value(b, nd->ctx, v);
            break;
        case N_I18N: {
            const char *s = i18n_get(lang, nd->name);

            put_str(b, nd->ctx, s, strlen(s));
            break;
        }
        case N_SECTION:
            if (!tv_truthy(v))
                break;
            in.up = f;
            if (v->kind == TV_LIST) {
                for (in.obj = v->u.c.head; in.obj && !b->err;
                     in.obj = in.obj->next)
                    render_nodes(nd->child, &in, lang, b);
            } else if (v->kind == TV_OBJ) {
                in.obj = v;
                render_nodes(nd->child, &in, lang, b);
            } else {
                render_nodes(nd->child, f, lang, b);
            }
            break;
        case N_INVERTED:
            if (!tv_truthy(v))
                render_nodes(nd->child, f, lang, b);
            break;
        case N_PARTIAL:
            render_nodes(nd->part->first, f, lang, b);
            break;
        }
    }
}

enum err tmpl_render(const struct tmpl *t, const struct tv *ctx,
                     const char *lang, struct buf *out)
{
    struct frame root = {ctx, NULL};

    if (!t || !t->set->linked)
        return E_INVAL;
    if (!ctx)
        return E_NOMEM;
    if (ctx->root->err)
        return ctx->root->err;
    render_nodes(t->first, &root, lang, out);
    return out->err;
}

enum err tmpl_render_safe(const struct tmpl *t, const struct tv *ctx,
                          const char *lang, struct arena *a,
                          struct html_safe *out)
{
    struct buf b;
    enum err rc;
    char *p;

    out->p = "";
    out->len = 0;
    buf_init(&b, 0);
    rc = tmpl_render(t, ctx, lang, &b);
    if (rc)
        goto out;
    p = arena_strndup(a, b.p, b.len);
    if (!p) {
        rc = E_NOMEM;
        goto out;
    }
    out->p = p;
    out->len = b.len;
out:
    buf_release(&b);
    return rc;
}
