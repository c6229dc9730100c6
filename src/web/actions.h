/* actions.h: the action register as the pages (page_actions.c), the case
 * page (page_case.c) and the API (api_actions.c) share it: who may see
 * and change an action, adding one to a case, taking a step. Each function
 * checks authorisation itself and reports failures as enum err. */
#ifndef SKA_ACTIONS_H
#define SKA_ACTIONS_H

#include "core/action.h"
#include "core/case.h"
#include "core/fielderr.h"
#include "req.h"
#include "tmpl.h"

/* actions_may_see: the user reads records at the action's unit, or is its
 * responsible or follow-up person. */
int actions_may_see(const struct req *r, const struct action_rec *x);
/* actions_may_change: the user handles cases at the action's unit, or is
 * its responsible or follow-up person. */
int actions_may_change(const struct req *r, const struct action_rec *x);
/* actions_add_to_case validates x (what, responsible_id, follow_up_id,
 * due_date set by the caller) as a new action of case c and stores it:
 * E_DENIED without PERM_HANDLE at the case's unit, E_CONFLICT when the case
 * is closed or rejected, E_INVAL with every bad field in fe (the
 * responsible and follow-up persons must be active users of the case's
 * care provider). */
enum err actions_add_to_case(struct req *r, const struct case_rec *c,
                             struct action_rec *x, struct fielderrs *fe);
/* actions_step takes step ev on x with text (the evaluation or the reason
 * to cancel): E_DENIED unless actions_may_change, E_INVAL with the reasons
 * in fe, E_CONFLICT when the action changed meanwhile. */
enum err actions_step(struct req *r, struct action_rec *x, enum action_event ev,
                      const char *text, struct fielderrs *fe);
/* actions_case_section fills ctx for the case page's partial
 * case_actions.html: the case's actions and the form to add one (the
 * responsible and follow-up persons offered are the users of the case's
 * unit). */
void actions_case_section(struct req *r, struct tv *ctx,
                          const struct case_rec *c);

#endif
