/* session.h: who is asking. A request is authenticated by the session
 * cookie, by an API token (Authorization: Bearer), or - only when the server
 * runs with --auth-header - by a trusted header set by an SSO proxy. */
#ifndef SKA_SESSION_H
#define SKA_SESSION_H

#include "req.h"

#define SESSION_COOKIE "ska_session"
#define PRELOGIN_COOKIE "ska_csrf"

/* session_load fills r->user, r->grants, r->csrf and r->lang when the
 * request carries valid credentials; expired sessions are removed. */
void session_load(struct req *r);
/* session_csrf_ok checks a state-changing request's CSRF token: the form
 * field "_csrf" or the X-CSRF-Token header must equal the session's token
 * (before log-in: the ska_csrf cookie's). Token-authenticated API calls
 * carry no ambient credentials and need none. */
int session_csrf_ok(struct req *r);
/* session_prelogin_csrf returns the log-in form's token, setting the
 * ska_csrf cookie when the browser has none. */
const char *session_prelogin_csrf(struct req *r);
/* session_start logs user_id in: a new session row and cookie. */
enum err session_start(struct req *r, int64_t user_id);
/* session_end logs out: removes the row and clears the cookie. */
void session_end(struct req *r);

#endif
