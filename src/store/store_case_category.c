/* store_case_category.c: a care provider's case categories (the
 * two-level taxonomy), as the case forms read them, and the default
 * taxonomy for a provider that has none. Editing and retiring them is
 * store_taxonomy.c's. */
#include "core/taxonomy.h"
#include "store_case_int.h"

enum stmt {
    STMT_CATEGORIES,
    STMT_CATEGORY_INSERT,
    STMT_CATEGORY_COUNT,
    STMT_CATEGORY_PROVIDER,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_CATEGORIES] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.code, c.name, p.name FROM "
        "case_category c LEFT JOIN case_category p ON p.id = c.parent_id "
        "WHERE c.provider_id = ?1 AND c.active = 1 AND (p.id IS NULL OR "
        "p.active = 1) "
        "ORDER BY coalesce(p.name, c.name), c.parent_id IS NOT NULL, c.name",
    [STMT_CATEGORY_INSERT] = "INSERT INTO case_category (provider_id, "
                             "parent_id, code, name) VALUES (?1, ?2, ?3, ?4)",
    [STMT_CATEGORY_COUNT] =
        "SELECT count(*) FROM case_category WHERE provider_id = ?1",
    /* an active category under an active main category (or none) */
    [STMT_CATEGORY_PROVIDER] =
        "SELECT provider_id FROM case_category c WHERE id = ?1 AND active = 1 "
        "AND (parent_id IS NULL OR EXISTS (SELECT 1 FROM case_category p "
        "WHERE p.id = c.parent_id AND p.active = 1))",
};

const struct sq_table sq_tab_case_cat = {SQ_CASECAT, stmts, STMT__MAX};

static void read_category(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_category *c = elem;

    c->id = sq_int(s, 0);
    c->parent_id = sq_int(s, 1);
    c->code = sq_str(a, s, 2);
    c->name = sq_str(a, s, 3);
    c->parent_name = sq_str(a, s, 4);
}

enum err store_case_categories(struct store *st, struct arena *a,
                               int64_t provider_id, struct case_category **out,
                               size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        sq_start(st, &sq_tab_case_cat, STMT_CATEGORIES, "i", provider_id),
        sizeof(**out), read_category, &p, n);

    *out = p;
    return e;
}

enum err store_case_category_provider(struct store *st, int64_t id,
                                      int64_t *provider_id)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case_cat, STMT_CATEGORY_PROVIDER, "i", id);
    enum err e = sq_row(st, s);

    *provider_id = e ? 0 : sq_int(s, 0);
    sqlite3_reset(s);
    return e;
}

enum err store_case_category_add(struct store *st, const struct actor *who,
                                 int64_t provider_id, struct case_category *c)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case_cat, STMT_CATEGORY_INSERT, "iItt",
                             provider_id, c->parent_id, c->code, c->name));

    if (e)
        return e;
    c->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "create", "case_category", c->id, NULL,
        sq_json(a, json_pack("{ss ss sI}", "code", c->code, "name", c->name,
                             "parent_id", (json_int_t)c->parent_id)));
    arena_free(a);
    return e;
}

enum err store_case_categories_seed(struct store *st, const struct actor *who,
                                    int64_t provider_id)
{
    const struct taxonomy_entry *t;
    int64_t main_id = 0;
    sqlite3_stmt *s;
    size_t i, n;
    enum err e;

    s = sq_start(st, &sq_tab_case_cat, STMT_CATEGORY_COUNT, "i", provider_id);
    if ((e = sq_row(st, s)))
        return e;
    n = (size_t)sq_int(s, 0);
    sqlite3_reset(s);
    if (n > 0)
        return E_OK; /* the provider has its own taxonomy already */
    t = taxonomy_default(&n);
    for (i = 0; i < n; i++) {
        struct case_category c = {0};

        c.code = t[i].code;
        c.name = t[i].name;
        c.parent_id = t[i].parent ? main_id : 0;
        if ((e = store_case_category_add(st, who, provider_id, &c)))
            return e;
        if (!t[i].parent)
            main_id = c.id;
    }
    return E_OK;
}
