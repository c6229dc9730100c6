/* page_admin.c: the administration hub (GET /admin), the navigation's one
 * entry for administrators and quality coordinators. It lists, grouped,
 * every administration and settings page the user may use, each asked with
 * the same rule as the page itself, so a link never leads to a 403; a user
 * who may use none gets 403. */
#include "handlers.h"
#include "ind_web.h"
#include "page.h"
#include "settings.h"

/* may_admin: the route permission of the org tree, users and CSV import
 * (each page then shows what lies in the user's admin scope). */
static int may_admin(const struct req *r)
{
    return req_can(r, PERM_ADMIN, NULL);
}

static int may_settings(const struct req *r)
{
    return settings_any(r);
}

static int may_ind_import(const struct req *r)
{
    return page_ind_import_allowed(r);
}

enum hub_group { HG_ORG, HG_CASES, HG_INDICATORS, HG__MAX };

/* Each group's heading: its id in the page and its catalogue key. */
static const struct hub_group_def {
    const char *id, *key;
} hub_groups[HG__MAX] = {
    [HG_ORG] = {"org", "admin.group_org"},
    [HG_CASES] = {"cases", "admin.group_cases"},
    [HG_INDICATORS] = {"indicators", "admin.group_indicators"},
};

/* The hub's links in the order shown: the page, its label and one-line
 * description (catalogue keys), and who may use it. */
static const struct hub_item {
    enum hub_group group;
    const char *id, *href, *label, *desc;
    int (*may)(const struct req *r);
} hub_items[] = {
    {HG_ORG, "units", "/admin/units", "nav.units", "admin.units_desc",
     may_admin},
    {HG_ORG, "users", "/admin/users", "nav.users", "admin.users_desc",
     may_admin},
    {HG_ORG, "import", "/admin/import", "import.title", "admin.import_desc",
     may_admin},
    {HG_CASES, "case-settings", "/admin/case-settings", "nav.case_settings",
     "admin.settings_desc", may_settings},
    {HG_CASES, "categories", "/admin/categories", "category.title",
     "admin.categories_desc", may_settings},
    {HG_CASES, "risk-matrix", "/admin/risk-matrix", "risk.title",
     "admin.risk_desc", may_settings},
    {HG_INDICATORS, "ind-import", "/indicators/import", "indimp.title",
     "admin.ind_import_desc", may_ind_import},
};
#define NHUB (sizeof(hub_items) / sizeof(hub_items[0]))

/* GET /admin: 200 with the links the user may follow, 403 when none. */
void page_admin(struct req *r)
{
    struct tv *ctx = page_ctx(r), *groups = tv_list(ctx, "groups");
    size_t g, i, shown = 0;

    for (g = 0; g < HG__MAX; g++) {
        struct tv *grp = NULL, *items = NULL;

        for (i = 0; i < NHUB; i++) {
            const struct hub_item *h = &hub_items[i];
            struct tv *it;

            if (h->group != g || !h->may(r))
                continue;
            if (!grp) {
                grp = tv_push(groups);
                tv_str(grp, "id", hub_groups[g].id);
                tv_str(grp, "title", page_t(r, hub_groups[g].key));
                items = tv_list(grp, "items");
            }
            it = tv_push(items);
            tv_str(it, "id", h->id);
            tv_str(it, "href", h->href);
            tv_str(it, "label", page_t(r, h->label));
            tv_str(it, "desc", page_t(r, h->desc));
            shown++;
        }
    }
    if (!shown) {
        page_error(r, 403);
        return;
    }
    page_render(r, 200, "admin", ctx, "admin.title");
}
