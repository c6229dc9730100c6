/* cases.h: the operations on cases that the pages (page_cases.c) and the
 * API (api_cases.c) share: who may see and handle a case, filing a report,
 * taking a step, and the list views. Each function checks authorisation
 * itself and reports failures as enum err. */
#ifndef SKA_CASES_H
#define SKA_CASES_H

#include "core/case.h"
#include "core/fielderr.h"
#include "req.h"

/* What the requesting user may do with one case: the reporter sees their
 * own report and its feedback; readers in the unit's scope see the case;
 * handlers handle it; managers also see a confidential reporter's name. */
struct cases_access {
    int reporter, read, handle, manage;
};

struct cases_access cases_access_of(const struct req *r,
                                    const struct case_rec *c);
/* cases_reportable: u is an active unit of a care provider where the user
 * holds a role (a deviation may happen outside one's own unit). */
int cases_reportable(const struct req *r, const struct unit *u);
/* cases_facts collects what the rules of core/case.c look at. */
void cases_facts(struct req *r, const struct case_rec *c, struct case_facts *f);
/* cases_file validates a new report from the user (c->unit_id may be 0 or
 * foreign: then the unit is marked) and the optional personnummer pnr_in,
 * and files it: E_OK with c->id set, E_INVAL with every bad field in fe,
 * or another error. */
enum err cases_file(struct req *r, struct case_rec *c, const char *pnr_in,
                    struct fielderrs *fe);
/* cases_step takes step ev on c: E_DENIED without the permission the step
 * needs at the case's unit, E_INVAL with every unmet rule in b, E_CONFLICT
 * when the case changed meanwhile. unit_id is the transfer target. */
enum err cases_step(struct req *r, struct case_rec *c, enum case_event ev,
                    const char *reason, int64_t unit_id,
                    struct case_blockers *b);
/* cases_view sets the filter for a list view: "mine" (my reports),
 * "handling" (cases I handle) or "units" (my units' cases). E_DENIED when
 * the user may not use the view; an unknown view is "mine". */
enum err cases_view(const struct req *r, const char *view,
                    struct case_filter *f);
/* cases_page renders the case page of c (which the user may see) with
 * status and the field errors fe marked (page_cases.c). */
void cases_page(struct req *r, int status, struct case_rec *c,
                const struct fielderrs *fe);

#endif
