/* tmpl_compile.c: the template compiler. It splits the text into literals
 * and {{tags}}, runs the HTML context tracker (tmpl_ctx.c) over the
 * literals, and builds the node tree: text, values with the context they
 * are escaped for, sections, partials (resolved by tmpl_set_link) and
 * messages. Rejections are listed in docs/internals/templates.md. */
#include <string.h>

#include "tmpl_int.h"

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

char *tmpl_compile_name(struct comp *c, const char *s, size_t n, int dotted)
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
        tmpl_ctx_step(c, s[i]);
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
        name = tmpl_compile_name(c, s + 1, n - 1, 1);
        if (!name)
            return NULL;
        if (strcmp(name, o->node->name) != 0) {
            c->err = "closing tag does not match the open section";
            return NULL;
        }
        if (!tmpl_ctx_section_ok(c))
            return NULL;
        if (!tmpl_ctx_same(&o->h, &c->h)) {
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
        if (!tmpl_ctx_section_ok(c))
            return NULL;
        nd = node_new(c, sig == '#' ? N_SECTION : N_INVERTED);
        name = nd ? tmpl_compile_name(c, s + 1, n - 1, 1) : NULL;
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
            nd->name = tmpl_compile_name(c, s + 1, n - 1, 0);
        return nd && nd->name ? nd : NULL;
    }
    if (sig == '_' && n > 1 && is_space(s[1])) {
        nd = node_new(c, N_I18N);
        if (nd)
            nd->name = tmpl_compile_name(c, s + 2, n - 2, 1);
        if (!nd || !nd->name)
            return NULL;
    } else {
        nd = node_new(c, N_VAR);
        name = nd ? tmpl_compile_name(c, s, n, 1) : NULL;
        if (!name || split_path(c, nd, name))
            return NULL;
    }
    nd->ctx = tmpl_ctx_value(c);
    if (c->err)
        return NULL;
    if (c->h.st == H_VAL_DQ || c->h.st == H_VAL_SQ)
        c->h.val_empty = 0;
    return nd;
}

int tmpl_compile(struct comp *c, struct tmpl *t, const char *src, size_t len)
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
