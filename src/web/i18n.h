/* i18n.h: UI message catalogues, one per language, loaded once at startup
 * from the embedded assets i18n/sv.msg and i18n/en.msg.
 *
 * File format: UTF-8 lines "key = text"; keys are [a-z0-9_.]+, the text
 * runs to the end of the line (surrounding blanks trimmed). Blank lines and
 * lines whose first non-blank character is '#' are ignored. A duplicate key
 * is an error.
 *
 * Loading is not thread-safe: do it before the server starts its threads.
 * i18n_get is safe to call from any thread afterwards. */
#ifndef SKA_I18N_H
#define SKA_I18N_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* i18n_load parses both embedded catalogues, replacing any loaded before.
 * On a syntax error returns E_INVAL with "i18n/sv.msg:LINE: message" in
 * errmsg (which may be NULL); a missing asset is E_NOTFOUND; E_NOMEM. On
 * error the previously loaded catalogues stay in place. */
enum err i18n_load(struct buf *errmsg);

/* i18n_load_text parses len bytes of catalogue text for lang ("sv" or
 * "en"; anything else is E_INVAL) and replaces that language's catalogue.
 * Errors as for i18n_load. Meant for tests. */
enum err i18n_load_text(const char *lang, const char *text, size_t len,
                        struct buf *errmsg);

/* i18n_get returns the text of key in lang, else in Swedish, else key
 * itself so the gap shows on the page; never NULL when key is not NULL.
 * lang may be NULL (Swedish), "sv", "en" or a tag such as "en-GB"; other
 * languages fall back to Swedish. The pointer lives until the next load or
 * i18n_free. */
const char *i18n_get(const char *lang, const char *key);

/* i18n_check compares the loaded catalogues: every key must exist in both.
 * Returns E_OK or E_INVAL with one "lang: missing key" line per gap
 * appended to errmsg (may be NULL). */
enum err i18n_check(struct buf *errmsg);

/* i18n_free drops all catalogues (tests, clean shutdown). */
void i18n_free(void);

#endif
