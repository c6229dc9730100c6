/* page.h: what every page shares: the layout with its navigation, error
 * pages (HTML, or JSON under /api/), form-error marking, JSON responses. */
#ifndef SKA_PAGE_H
#define SKA_PAGE_H

#include <jansson.h>

#include "core/fielderr.h"
#include "req.h"
#include "tmpl.h"

/* page_ctx returns a root template object holding what the layout needs
 * (user, language, CSRF token); pages add their own fields to it. */
struct tv *page_ctx(struct req *r);
/* page_render renders template name into the layout with the page title
 * from catalogue key title_key, and sets status and content type. */
void page_render(struct req *r, int status, const char *name, struct tv *ctx,
                 const char *title_key);
/* page_error answers an error status: an HTML page in the layout, or the
 * API's JSON error {"error":{"status":N,"code":"...","message":"..."}}. */
void page_error(struct req *r, int status);
/* page_error_msg is page_error with a specific message key. */
void page_error_msg(struct req *r, int status, const char *msg_key);
/* page_fielderrs marks fields: ctx gets "errors" (a list of {field,
 * message}) and "err_FIELD" strings, and the API answers 422 with them. */
void page_fielderrs(struct req *r, struct tv *ctx, const struct fielderrs *fe);
/* page_t translates a catalogue key in the request's language. */
const char *page_t(const struct req *r, const char *key);
/* page_mime gives the Content-Type for a static file name. */
const char *page_mime(const char *path);
/* page_login_url is "/login?next=<this page>". */
const char *page_login_url(struct req *r);
/* page_json answers with j (stolen) as the JSON body. */
void page_json(struct req *r, int status, json_t *j);
/* page_api_fielderrs answers 422 with the field errors as JSON. */
void page_api_fielderrs(struct req *r, const struct fielderrs *fe);
/* page_body_json parses the request body as a JSON object; on failure it
 * answers 415 (not JSON) or 400 (malformed) and returns NULL. The caller
 * owns the result (json_decref). */
json_t *page_body_json(struct req *r);
/* page_jstr returns o[key] when it is a string, else NULL (lent). */
const char *page_jstr(json_t *o, const char *key);
/* page_json_time is an ISO 8601 UTC string, or JSON null for 0. */
json_t *page_json_time(int64_t utc);
/* page_json_str is a JSON string, or null for NULL. */
json_t *page_json_str(const char *s);
/* page_status_for maps an enum err to an HTTP status. */
int page_status_for(enum err e);
/* page_date / page_datetime format a UTC time for display in Stockholm. */
const char *page_datetime(struct req *r, int64_t utc);

#endif
