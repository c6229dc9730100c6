/* tmpl_ctx.c: the HTML context tracker. The compiler feeds it the literal
 * text of a template character by character; it knows, at each tag,
 * whether it stands in element content, a quoted attribute value (and
 * which attribute), a tag, a comment or a raw-text element, and so how a
 * value there is escaped, or that none may stand there. */
#include <ctype.h>
#include <string.h>

#include "tmpl_int.h"

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

void tmpl_ctx_step(struct comp *c, char ch)
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

enum out_ctx tmpl_ctx_value(struct comp *c)
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

int tmpl_ctx_section_ok(struct comp *c)
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

int tmpl_ctx_same(const struct hctx *a, const struct hctx *b)
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
