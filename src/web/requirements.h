/* requirements.h: what the management-system pages (page_requirements.c,
 * page_status.c, page_responsibility.c) and the API (api_requirements.c)
 * share: the unit a page is about, who may maintain the registers, and
 * recording an assessment. Each function checks authorisation itself. */
#ifndef SKA_REQUIREMENTS_H
#define SKA_REQUIREMENTS_H

#include "core/fielderr.h"
#include "core/requirement.h"
#include "req.h"
#include "tmpl.h"

/* mgmt_pick_unit finds the unit of ?unit=CODE, or the user's widest
 * readable scope. Staff, who read in no unit, get their home unit with
 * *can_read 0 when allow_staff is set. Answers 403/404 itself and returns
 * 0 then. */
int mgmt_pick_unit(struct req *r, struct unit *u, int *can_read,
                   int allow_staff);
/* mgmt_can_maintain: quality coordinators, administrators and managers
 * maintain the registers of units in their scope; auditors never. */
int mgmt_can_maintain(const struct req *r, const char *unit_path);
/* mgmt_can_report: quality coordinators and administrators save status
 * snapshots and add a provider's own requirements. */
int mgmt_can_report(const struct req *r, const char *unit_path);
/* mgmt_req_visible: a national provision, or one of a provider where the
 * user holds a role or has their home unit. */
int mgmt_req_visible(struct req *r, const struct requirement_rec *q);
/* mgmt_unit_options lists in ctx[key] the active units of u's provider
 * for which ok(r, path) holds, indented by depth; selected marks one. */
void mgmt_unit_options(struct req *r, struct tv *ctx, const char *key,
                       int64_t provider_id, int64_t selected,
                       int (*ok)(const struct req *, const char *));
int mgmt_can_read(const struct req *r, const char *unit_path);
/* mgmt_assess validates and records an assessment of q by the user:
 * E_INVAL with the bad fields in fe (also a unit outside the provider or
 * the user's maintain scope: field "unit"), E_OK with x->id and
 * x->next_review set. */
enum err mgmt_assess(struct req *r, const struct requirement_rec *q,
                     struct req_assessment *x, struct fielderrs *fe);
/* mgmt_status_label is the translated status ("Uppfyllt"); NULL gives
 * "not assessed". */
const char *mgmt_status_label(struct req *r, const char *status);

#endif
