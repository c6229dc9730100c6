/* page_settings.c: a care provider's deviation-management settings, kept
 * by its quality coordinators and administrators (a quality or admin role
 * anywhere in the provider's tree): the time limits per case state, the
 * Lex Maria deadline, the complaint answer time, the reminder lead and
 * escalation days (provider_time_limit), and the category taxonomy (the
 * risk matrix: page_risk_matrix.c). Every change is audited by the
 * store. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "settings.h"
#include "utf8.h"

#define DAYS_MAX 3650

/* The settings form: field, key in provider_time_limit, range. */
static const struct setting {
    const char *field, *key;
    int min, max;
} settings[] = {
    {"state_new", "state.new", 1, DAYS_MAX},
    {"state_assessed", "state.assessed", 1, DAYS_MAX},
    {"state_investigating", "state.investigating", 1, DAYS_MAX},
    {"state_actions", "state.actions", 1, DAYS_MAX},
    {"state_transferred", "state.transferred", 1, DAYS_MAX},
    {"lex_maria", "lex_maria", 1, DAYS_MAX},
    {"complaint", "complaint", 1, DAYS_MAX},
    {"remind_lead", "remind.lead", 0, REMIND_LEAD_MAX},
    {"remind_escalate", "remind.escalate", 1, REMIND_ESCALATE_MAX},
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

/* provider_of is the care provider (the first id of the path) a grant's
 * unit belongs to. */
static int64_t provider_of(const char *path)
{
    return path && path[0] == '/' ? strtoll(path + 1, NULL, 10) : 0;
}

/* may_keep: the user holds quality or admin somewhere in the provider. */
static int may_keep(const struct req *r, int64_t provider_id)
{
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if ((role_has(r->grants[i].role, PERM_QUALITY) ||
             role_has(r->grants[i].role, PERM_ADMIN)) &&
            provider_of(r->grants[i].unit_path) == provider_id)
            return 1;
    return 0;
}

int64_t settings_provider(struct req *r)
{
    const char *p = kv_get(&r->query, "provider");
    size_t i;

    if (!p)
        p = kv_get(&r->form, "provider");
    if (p) {
        int64_t id = strtoll(p, NULL, 10);

        return id > 0 && may_keep(r, id) ? id : 0;
    }
    for (i = 0; i < r->ngrants; i++) {
        int64_t id = provider_of(r->grants[i].unit_path);

        if (may_keep(r, id))
            return id;
    }
    return 0;
}

int settings_any(const struct req *r)
{
    size_t i;

    for (i = 0; i < r->ngrants; i++)
        if (may_keep(r, provider_of(r->grants[i].unit_path)))
            return 1;
    return 0;
}

void settings_providers(struct req *r, struct tv *ctx, int64_t chosen)
{
    struct tv *list = tv_list(ctx, "providers");
    struct unit *u;
    size_t i, n, k = 0;

    tv_int(ctx, "provider", chosen);
    if (store_unit_list(r->st, r->a, &u, &n))
        return;
    for (i = 0; i < n; i++) {
        struct tv *it;

        if (u[i].parent_id || !may_keep(r, u[i].id))
            continue;
        it = tv_push(list);
        tv_int(it, "id", u[i].id);
        tv_str(it, "name", u[i].name);
        tv_bool(it, "selected", u[i].id == chosen);
        if (u[i].id == chosen)
            tv_str(ctx, "provider_name", u[i].name);
        k++;
    }
    tv_bool(ctx, "many_providers", k > 1);
}

static int value_of(const struct case_limits *l,
                    const struct remind_settings *rs, const char *key)
{
    if (strncmp(key, "state.", 6) == 0) {
        enum case_state s = case_state_from_str(key + 6);

        return s < CS__MAX ? l->state_days[s] : 0;
    }
    if (strcmp(key, "lex_maria") == 0)
        return l->lex_maria_days;
    if (strcmp(key, "complaint") == 0)
        return l->complaint_days;
    if (strcmp(key, "remind.lead") == 0)
        return rs->lead_days;
    return rs->escalate_days;
}

static void settings_page(struct req *r, int status, int64_t provider,
                          const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *list;
    struct case_limits l;
    struct remind_settings rs;
    size_t i;

    if (store_provider_limits(r->st, provider, &l, &rs)) {
        page_error(r, 500);
        return;
    }
    settings_providers(r, ctx, provider);
    list = tv_list(ctx, "settings");
    for (i = 0; i < NSETTINGS; i++) {
        const struct setting *s = &settings[i];
        struct tv *it = tv_push(list);
        const char *in = kv_get(&r->form, s->field);

        tv_str(it, "field", s->field);
        tv_str(it, "label",
               page_t(r, arena_printf(r->a, "field.%s", s->field)));
        tv_int(it, "min", s->min);
        tv_int(it, "max", s->max);
        tv_str(it, "value",
               in ? in : arena_printf(r->a, "%d", value_of(&l, &rs, s->key)));
        tv_str(it, "error", fe ? fielderr_get(fe, s->field) : NULL);
        if (fe && fielderr_get(fe, s->field))
            tv_str(it, "error",
                   arena_printf(r->a, "%s (%d–%d)",
                                page_t(r, fielderr_get(fe, s->field)), s->min,
                                s->max));
    }
    if (fe)
        page_fielderrs(r, ctx, fe);
    if (kv_get(&r->query, "saved"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, status, "case_settings", ctx, "settings.title");
}

/* GET /admin/case-settings[?provider=ID]: 403 unless the user keeps a
 * provider's settings. */
void page_case_settings(struct req *r)
{
    int64_t p = settings_provider(r);

    if (!p) {
        page_error(r, 403);
        return;
    }
    settings_page(r, 200, p, NULL);
}

/* parse_days: s as whole days in min..max, else -1. */
static int parse_days(const char *s, int min, int max)
{
    char *end;
    long v;

    if (!s || !*s)
        return -1;
    v = strtol(s, &end, 10);
    return *end || v < min || v > max ? -1 : (int)v;
}

/* POST /admin/case-settings: 303 back with a note; 422 with the bad
 * fields marked and the input kept; 403. */
void page_case_settings_save(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_limits l;
    struct remind_settings rs;
    int64_t p = settings_provider(r);
    int v[NSETTINGS];
    size_t i;
    enum err e;

    if (!p) {
        page_error(r, 403);
        return;
    }
    for (i = 0; i < NSETTINGS; i++)
        if ((v[i] = parse_days(kv_get(&r->form, settings[i].field),
                               settings[i].min, settings[i].max)) < 0)
            fielderr_add(&fe, settings[i].field, "settings.err.days");
    if (fe.n) {
        settings_page(r, 422, p, &fe);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_provider_limits(r->st, p, &l, &rs)))
        goto fail;
    for (i = 0; i < NSETTINGS; i++) {
        int old = value_of(&l, &rs, settings[i].key);

        if (v[i] != old && (e = store_provider_limit_set(
                                r->st, &who, p, settings[i].key, v[i], old)))
            goto fail;
    }
    if ((e = store_commit(r->st)))
        goto fail;
    req_redirect(r, arena_printf(r->a,
                                 "/admin/case-settings?provider=%lld"
                                 "&saved=1",
                                 (long long)p));
    return;
fail:
    store_rollback(r->st);
    page_error(r, page_status_for(e));
}

/* ---- the category taxonomy ---- */

static void categories_page(struct req *r, int status, int64_t provider,
                            const struct fielderrs *fe)
{
    struct tv *ctx = page_ctx(r), *list, *mains;
    struct case_category *c;
    size_t i, n;

    if (store_category_all(r->st, r->a, provider, &c, &n)) {
        page_error(r, 500);
        return;
    }
    settings_providers(r, ctx, provider);
    list = tv_list(ctx, "categories");
    mains = tv_list(ctx, "mains");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", c[i].id);
        tv_str(it, "name", c[i].name);
        tv_str(it, "code", c[i].code);
        tv_bool(it, "sub", c[i].parent_id != 0);
        tv_bool(it, "active", c[i].active);
        tv_int(it, "uses", c[i].uses);
        if (!c[i].parent_id) {
            struct tv *m = tv_push(mains);

            tv_int(m, "id", c[i].id);
            tv_str(m, "name", c[i].name);
            tv_bool(m, "selected",
                    kv_get(&r->form, "parent") &&
                        strtoll(kv_get(&r->form, "parent"), NULL, 10) ==
                            c[i].id);
        }
    }
    tv_bool(ctx, "has_categories", n > 0);
    tv_str(ctx, "in_name", kv_get(&r->form, "name"));
    if (fe)
        page_fielderrs(r, ctx, fe);
    if (kv_get(&r->query, "saved"))
        tv_str(ctx, "flash", page_t(r, "flash.saved"));
    page_render(r, status, "categories", ctx, "category.title");
}

/* GET /admin/categories[?provider=ID]: every category, inactive too. */
void page_categories(struct req *r)
{
    int64_t p = settings_provider(r);

    if (!p) {
        page_error(r, 403);
        return;
    }
    categories_page(r, 200, p, NULL);
}

/* name_bad: a category name is required, at most 100 characters. */
static const char *name_bad(const char *name)
{
    size_t i;

    if (!name)
        return "err.required";
    for (i = 0; name[i] == ' '; i++)
        ;
    if (!name[i])
        return "err.required";
    if (!utf8_valid(name, strlen(name)) || utf8_len(name) > 100)
        return "case.err.too_long";
    return NULL;
}

static void back(struct req *r, int64_t provider)
{
    req_redirect(r,
                 arena_printf(r->a, "/admin/categories?provider=%lld&saved=1",
                              (long long)provider));
}

/* POST /admin/categories (provider, name, parent): a new category, a
 * subcategory when parent is a main category of the provider. */
void page_category_add(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_category c = {0}, parent;
    const char *ps = kv_get(&r->form, "parent"), *bad;
    int64_t p = settings_provider(r);
    enum err e;

    if (!p) {
        page_error(r, 403);
        return;
    }
    c.name = kv_get(&r->form, "name");
    if ((bad = name_bad(c.name)))
        fielderr_add(&fe, "name", bad);
    if (ps && *ps) {
        c.parent_id = strtoll(ps, NULL, 10);
        if (c.parent_id <= 0 ||
            store_category_get(r->st, r->a, c.parent_id, &parent) ||
            parent.provider_id != p || parent.parent_id)
            fielderr_add(&fe, "parent", "category.err.parent");
    }
    if (fe.n) {
        categories_page(r, 422, p, &fe);
        return;
    }
    if ((e = store_begin(r->st)) ||
        (e = store_category_create(r->st, r->a, &who, p, &c)) ||
        (e = store_commit(r->st))) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    back(r, p);
}

/* POST /admin/categories/{id} (name; or op=deactivate|activate): rename,
 * deactivate or reactivate a category of a provider the user keeps; 404
 * for others' categories. */
void page_category_update(struct req *r)
{
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct case_category c;
    const char *op = kv_get(&r->form, "op"), *name = kv_get(&r->form, "name");
    const char *bad;
    enum err e;

    if (store_category_get(r->st, r->a, req_id(r, 0), &c) ||
        !may_keep(r, c.provider_id)) {
        page_error(r, 404);
        return;
    }
    if (!op || (strcmp(op, "rename") && strcmp(op, "deactivate") &&
                strcmp(op, "activate"))) {
        page_error(r, 400);
        return;
    }
    if (strcmp(op, "rename") == 0 && (bad = name_bad(name))) {
        fielderr_add(&fe, "name", bad);
        categories_page(r, 422, c.provider_id, &fe);
        return;
    }
    if ((e = store_begin(r->st)))
        goto fail;
    if (strcmp(op, "rename") == 0)
        e = store_category_rename(r->st, &who, &c, name);
    else
        e = store_category_set_active(r->st, &who, &c,
                                      strcmp(op, "activate") == 0);
    if (e || (e = store_commit(r->st)))
        goto fail;
    back(r, c.provider_id);
    return;
fail:
    store_rollback(r->st);
    page_error(r, page_status_for(e));
}
