/* tmpl_int.h: internals shared by the template engine's files. Not for use
 * outside src/web/tmpl_*.c.
 *
 *   tmpl_value.c    building template values (tv_*)
 *   tmpl_ctx.c      the HTML context tracker the compiler runs over literals
 *   tmpl_compile.c  the compiler: template text to a node tree
 *   tmpl_set.c      sets of templates: adding, linking partials, loading
 *   tmpl_render.c   rendering a compiled template with a value
 *
 * docs/internals/templates.md explains the syntax and the context rules. */
#ifndef SKA_TMPL_INT_H
#define SKA_TMPL_INT_H

#include <stddef.h>

#include "tmpl.h"

/* ---- values (built by tmpl_value.c, read by tmpl_render.c) ---------- */

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

/* ---- HTML context tracking (tmpl_ctx.c) ----------------------------- */

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

static inline int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* tmpl_ctx_step advances the tracker c->h over one literal character; a
 * construct templates may not use sets c->err. */
void tmpl_ctx_step(struct comp *c, char ch);
/* tmpl_ctx_value decides how a value at the current position is written,
 * or sets c->err. */
enum out_ctx tmpl_ctx_value(struct comp *c);
/* tmpl_ctx_section_ok checks that a section tag stands where both branches
 * can continue (else sets c->err and returns 0), and normalizes the state
 * inside a tag to H_TAGSEP so that neither branch can glue characters onto
 * an attribute name. */
int tmpl_ctx_section_ok(struct comp *c);
/* tmpl_ctx_same: the states at a section's open and close tag agree. */
int tmpl_ctx_same(const struct hctx *a, const struct hctx *b);

/* ---- compiler (tmpl_compile.c) -------------------------------------- */

/* tmpl_compile_name checks s[0..n) as NAME or NAME.NAME... and copies it
 * into the set's arena; dots are allowed only when dotted. NULL with
 * c->err set when it is not a name or memory ran out. */
char *tmpl_compile_name(struct comp *c, const char *s, size_t n, int dotted);
/* tmpl_compile compiles src[0..len) (which must outlive the set: text
 * nodes point into it) into t->first. -1 with c->err and c->line set on
 * failure ("out of memory" when memory ran out). */
int tmpl_compile(struct comp *c, struct tmpl *t, const char *src, size_t len);

#endif
