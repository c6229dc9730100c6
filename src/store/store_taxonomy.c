/* store_taxonomy.c: a care provider's category taxonomy as its quality
 * coordinators keep it (page_settings.c): every category, active or not,
 * with how many cases use it; add, rename, deactivate and reactivate, each
 * audited. A category is never deleted: cases keep pointing at it. */
#include "sqlite_int.h"

enum stmt {
    STMT_ALL,
    STMT_GET,
    STMT_INSERT,
    STMT_RENAME,
    STMT_ACTIVE,
    STMT__MAX
};

#define CAT_COLS                                                               \
    "c.id, coalesce(c.parent_id, 0), c.code, c.name, p.name, c.active, "       \
    "c.provider_id, (SELECT count(*) FROM cases x WHERE x.category_id = "      \
    "c.id) FROM case_category c LEFT JOIN case_category p ON p.id = "          \
    "c.parent_id "

static const char *const stmts[STMT__MAX] = {
    [STMT_ALL] = "SELECT " CAT_COLS "WHERE c.provider_id = ?1 ORDER BY "
                 "coalesce(p.name, c.name), c.parent_id IS NOT NULL, c.name",
    [STMT_GET] = "SELECT " CAT_COLS "WHERE c.id = ?1",
    /* the code of a category added here: "egen-" and the next id */
    [STMT_INSERT] =
        "INSERT INTO case_category (provider_id, parent_id, code, name) "
        "VALUES (?1, ?2, 'egen-' || (SELECT coalesce(max(id), 0) + 1 FROM "
        "case_category), ?3) RETURNING id, code",
    [STMT_RENAME] = "UPDATE case_category SET name = ?2 WHERE id = ?1",
    [STMT_ACTIVE] = "UPDATE case_category SET active = ?2 WHERE id = ?1",
};

const struct sq_table sq_tab_taxonomy = {SQ_TAXONOMY, stmts, STMT__MAX};

static void read_cat(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_category *c = elem;
    int i = 0;

    c->id = sq_int(s, i++);
    c->parent_id = sq_int(s, i++);
    c->code = sq_str(a, s, i++);
    c->name = sq_str(a, s, i++);
    c->parent_name = sq_str(a, s, i++);
    c->active = (int)sq_int(s, i++);
    c->provider_id = sq_int(s, i++);
    c->uses = sq_int(s, i++);
}

enum err store_category_all(struct store *st, struct arena *a,
                            int64_t provider_id, struct case_category **out,
                            size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_taxonomy, STMT_ALL, "i", provider_id),
        sizeof(**out), read_cat, &p, n);

    *out = p;
    return e;
}

enum err store_category_get(struct store *st, struct arena *a, int64_t id,
                            struct case_category *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_taxonomy, STMT_GET, "i", id),
                  read_cat, out);
}

static enum err audit(struct store *st, const struct actor *who,
                      const char *action, int64_t id, json_t *before,
                      json_t *after)
{
    struct arena *a = arena_new();
    enum err e;

    if (!a) {
        json_decref(before);
        json_decref(after);
        return E_NOMEM;
    }
    e = store_audit(st, who, action, "case_category", id,
                    before ? sq_json(a, before) : NULL, sq_json(a, after));
    arena_free(a);
    return e;
}

enum err store_category_create(struct store *st, struct arena *a,
                               const struct actor *who, int64_t provider_id,
                               struct case_category *c)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_taxonomy, STMT_INSERT, "iIt",
                               provider_id, c->parent_id, c->name);
    enum err e = sq_row(st, s);

    if (e)
        return e == E_NOTFOUND ? E_DB : e;
    c->id = sq_int(s, 0);
    c->code = sq_str(a, s, 1);
    if ((e = sq_row(st, s)) != E_NOTFOUND)
        return e ? e : E_DB;
    return audit(st, who, "create", c->id, NULL,
                 json_pack("{ss ss sI}", "code", c->code, "name", c->name,
                           "parent_id", (json_int_t)c->parent_id));
}

enum err store_category_rename(struct store *st, const struct actor *who,
                               const struct case_category *old,
                               const char *name)
{
    enum err e = sq_done(
        st, sq_start(st, &sq_tab_taxonomy, STMT_RENAME, "it", old->id, name));

    if (e)
        return e;
    return audit(st, who, "update", old->id,
                 json_pack("{ss}", "name", old->name),
                 json_pack("{ss}", "name", name));
}

enum err store_category_set_active(struct store *st, const struct actor *who,
                                   const struct case_category *old, int active)
{
    enum err e = sq_done(st, sq_start(st, &sq_tab_taxonomy, STMT_ACTIVE, "ii",
                                      old->id, (int64_t)(active != 0)));

    if (e)
        return e;
    return audit(st, who, active ? "activate" : "deactivate", old->id,
                 json_pack("{sb}", "active", old->active),
                 json_pack("{sb}", "active", active != 0));
}
