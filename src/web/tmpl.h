/* tmpl.h: mustache-like HTML templates, compiled once at startup, with
 * escaping always on and no raw-output syntax. docs/internals/templates.md
 * describes the syntax and the safety rules.
 *
 *   {{name}} {{a.b}}        value, escaped for where it stands (text,
 *                           attribute value, URL attribute value)
 *   {{#name}}..{{/name}}    section: per list element, once for an object
 *                           or a true value, skipped when false/missing
 *   {{^name}}..{{/name}}    inverted section
 *   {{>name}}               include another template of the set
 *   {{_ key}}               i18n message in the render's language
 *   {{! comment}}
 *
 * The compiler tracks the HTML context of every tag and rejects, with
 * "name:line: message": placeholders inside <script>, <style>, comments,
 * tag or attribute names, on* / style / srcdoc attributes and unquoted
 * attribute values; sections that leave the HTML context changed; unbalanced
 * sections; unknown or recursive partials (at link time). */
#ifndef SKA_TMPL_H
#define SKA_TMPL_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "html.h"

/* Template values, built per request in an arena. Keys and strings are
 * lent: they must stay valid until rendering ends (string literals or
 * arena memory). Setting a key again shadows the earlier value. A failed
 * allocation is recorded on the root and reported by tmpl_render as
 * E_NOMEM; every function accepts a NULL object (from an earlier failure)
 * and then does nothing and returns NULL, so callers need no checks. */
struct tv;

/* tv_new returns an empty root object, or NULL when out of memory. */
struct tv *tv_new(struct arena *a);
/* tv_str sets key to a string; val NULL sets it to "missing", which stops
 * the lookup (an outer object's key of the same name is not used). */
void tv_str(struct tv *o, const char *key, const char *val);
void tv_int(struct tv *o, const char *key, long long v);
/* tv_bool sets a flag for sections; it prints nothing. */
void tv_bool(struct tv *o, const char *key, int v);
/* tv_html sets trusted markup, written unescaped in element content (and
 * escaped inside attribute values). */
void tv_html(struct tv *o, const char *key, struct html_safe h);
/* tv_obj / tv_list add an empty child object / list under key and return
 * it. */
struct tv *tv_obj(struct tv *o, const char *key);
struct tv *tv_list(struct tv *o, const char *key);
/* tv_push appends an empty object to list and returns it. */
struct tv *tv_push(struct tv *list);

struct tmpl;
struct tmpl_set;

/* tmpl_set_load compiles every embedded asset "templates/NAME.html" as
 * template NAME and links the set. On failure returns E_INVAL (messages in
 * errmsg, which may be NULL) or E_NOMEM, and *out is NULL. */
enum err tmpl_set_load(struct tmpl_set **out, struct buf *errmsg);

/* tmpl_set_new returns an empty set or NULL (out of memory). */
struct tmpl_set *tmpl_set_new(void);
/* tmpl_set_add compiles len bytes of src as template name (copied; a name
 * already present is E_CONFLICT). The set must be linked again before
 * rendering. */
enum err tmpl_set_add(struct tmpl_set *s, const char *name, const char *src,
                      size_t len, struct buf *errmsg);
/* tmpl_set_link resolves partials; unknown or recursive partials are
 * E_INVAL. Until it succeeds tmpl_render returns E_INVAL. */
enum err tmpl_set_link(struct tmpl_set *s, struct buf *errmsg);
/* tmpl_set_free frees the set and every template in it. NULL is allowed. */
void tmpl_set_free(struct tmpl_set *s);

/* tmpl_get returns the template called name (lent; lives as long as the
 * set), or NULL. */
const struct tmpl *tmpl_get(const struct tmpl_set *s, const char *name);

/* tmpl_render appends t rendered with ctx in lang (see i18n_get) to out.
 * Returns E_OK, E_NOMEM (ctx is NULL or recorded an allocation failure, or
 * out failed) or E_INVAL (the set is not linked). Thread-safe: the set is
 * only read. */
enum err tmpl_render(const struct tmpl *t, const struct tv *ctx,
                     const char *lang, struct buf *out);
/* tmpl_render_safe renders into the arena a and hands back the result as
 * trusted markup (e.g. a page body for the layout's {{body}}). Errors as
 * for tmpl_render; on error *out is {"", 0}. */
enum err tmpl_render_safe(const struct tmpl *t, const struct tv *ctx,
                          const char *lang, struct arena *a,
                          struct html_safe *out);

#endif
