/* cases.h: the operations on cases that the pages (page_case*.c) and the
 * API (api_cases.c) share: who may see and handle a case, filing a report,
 * taking a step, and the list views. Each function checks authorisation
 * itself and reports failures as enum err. */
#ifndef SKA_CASES_H
#define SKA_CASES_H

#include "core/case.h"
#include "core/fielderr.h"
#include "req.h"
#include "tmpl.h"

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
 * status and the field errors fe marked (page_case.c). */
void cases_page(struct req *r, int status, struct case_rec *c,
                const struct fielderrs *fe);
/* cases_show renders the case page of c as the user ac may see it, with
 * the field errors fe marked, the patient identity pnr shown (after its
 * view is logged) and the rules blk that stopped a step listed; fe, pnr
 * and blk may be NULL (page_case.c). */
void cases_show(struct req *r, int status, struct case_rec *c,
                const struct cases_access *ac, const struct fielderrs *fe,
                const char *pnr, const struct case_blockers *blk);

/* ---- helpers of the case pages (page_case*.c); strings in r->a ---- */

/* cases_t_key is the message "prefix.v" ("prefix.none" for NULL). */
const char *cases_t_key(struct req *r, const char *prefix, const char *v);
/* cases_date_str formats a UTC time as a Stockholm date "2026-11-23" (also
 * the value of <input type="date">); NULL for 0. */
const char *cases_date_str(struct req *r, int64_t utc);
/* cases_parse_time reads a datetime-local or date field; 0 when empty; -1
 * when malformed. */
int64_t cases_parse_time(const char *s);
/* cases_unit_options adds "units": the units the user may report in
 * (cases_reportable), indented by depth, selected marked. */
void cases_unit_options(struct req *r, struct tv *ctx, int64_t selected);
/* cases_type_options adds "types": the case types with hints, cur checked
 * (the first when cur is NULL and default_first). */
void cases_type_options(struct req *r, struct tv *ctx, const char *cur,
                        int default_first);
/* cases_unit_provider: the care provider of a unit (0 when unknown). */
int64_t cases_unit_provider(struct req *r, int64_t unit_id);
/* cases_category_options adds a provider's active categories as
 * "catgroups", one per main category, and "has_categories". */
void cases_category_options(struct req *r, struct tv *ctx, int64_t provider_id,
                            int64_t selected);
/* cases_category_arg reads a category id from a form or query: 0 when
 * empty, -1 when malformed. */
int64_t cases_category_arg(const char *s);
/* cases_category_ok: id is none (0) or an active category of the
 * provider. */
int cases_category_ok(struct req *r, int64_t id, int64_t provider_id);

/* The time limits of the last care provider asked for: the rows of a list
 * mostly share one. Start with provider_id -1. */
struct cases_limits {
    int64_t provider_id; /* -1: none read yet */
    struct case_limits l;
};

/* cases_limits_for: the provider's time limits, read when lc holds
 * another provider's (the defaults when they cannot be read). */
const struct case_limits *
cases_limits_for(struct req *r, struct cases_limits *lc, int64_t provider_id);
/* cases_fill_row sets the fields of a case in a list row or on the case
 * page: number, type, state, unit, category, clocks, the recorded risk. */
void cases_fill_row(struct req *r, struct tv *it, const struct case_rec *c,
                    struct cases_limits *lc);
/* cases_load reads the case of route capture 0 and what the user may do
 * with it; 0 after answering 404 when it does not exist or the user may
 * not see it (not 403, so case numbers do not leak). */
int cases_load(struct req *r, struct case_rec *c, struct cases_access *ac);

#endif
