/* store_process.c: the process map: processes (create, update, move,
 * deactivate, list as a tree, read with links), their links to indicators
 * and cases, and read-only views of the document and requirement links
 * that other modules write. Every change is audited as entity "process".
 * Subtrees are path ranges ("/12/" .. "/12/~"), which the UNIQUE index on
 * process.path serves. */
#include "store_process.h"

#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

#define PROC_COLS                                                              \
    "p.id, p.provider_id, p.unit_id, coalesce(p.parent_id, 0), "               \
    "coalesce(p.patient_group_id, 0), coalesce(p.owner_id, 0), "               \
    "coalesce(p.owner_deputy_id, 0), coalesce(p.lead_id, 0), "                 \
    "coalesce(p.lead_deputy_id, 0), p.path, p.kind, p.code, p.name, "          \
    "p.description, p.quality_requirements, p.target_levels, "                 \
    "p.inventory_note, p.described, p.sort_order, p.active, p.created_at, "    \
    "p.updated_at, u.code, u.name, u.path, g.name, o.name, od.name, l.name, "  \
    "ld.name, coalesce(o.active, 0), coalesce(od.active, 0), "                 \
    "coalesce(l.active, 0), coalesce(ld.active, 0), "                          \
    "(SELECT count(*) FROM document_process x WHERE x.process_id = p.id), "    \
    "(SELECT count(*) FROM process_indicator x WHERE x.process_id = p.id) "    \
    "FROM process p JOIN org_unit u ON u.id = p.unit_id "                      \
    "LEFT JOIN patient_group g ON g.id = p.patient_group_id "                  \
    "LEFT JOIN app_user o ON o.id = p.owner_id "                               \
    "LEFT JOIN app_user od ON od.id = p.owner_deputy_id "                      \
    "LEFT JOIN app_user l ON l.id = p.lead_id "                                \
    "LEFT JOIN app_user ld ON ld.id = p.lead_deputy_id "

/* a subtree: the process with path ?N and everything below it */
#define UNDER(n) "p.path BETWEEN ?" n " AND ?" n " || '~' "

enum stmt {
    STMT_NEXT_ID,
    STMT_INSERT,
    STMT_GET,
    STMT_BY_CODE,
    STMT_LIST,
    STMT_LIST_UNDER,
    STMT_UPDATE,
    STMT_KIND_SUBTREE,
    STMT_HEIGHT,
    STMT_MOVE,
    STMT_ACTIVE_CHILDREN,
    STMT_SET_ACTIVE,
    STMT_DOCS,
    STMT_INDS,
    STMT_CASES,
    STMT_REQS,
    STMT_IND_LINK,
    STMT_IND_UNLINK,
    STMT_CASE_LINK,
    STMT_CASE_UNLINK,
    STMT_IND_OK,
    STMT_CASE_UNIT,
    STMT_DASH_IDS,
    STMT_OF_INDICATOR,
    STMT_OF_CASE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_NEXT_ID] = "SELECT coalesce(max(id), 0) + 1 FROM process",
    [STMT_INSERT] =
        "INSERT INTO process (id, provider_id, unit_id, parent_id, path, "
        "kind, code, name, description, patient_group_id, owner_id, "
        "owner_deputy_id, lead_id, lead_deputy_id, quality_requirements, "
        "target_levels, described, inventory_note, sort_order, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?20)",
    [STMT_GET] = "SELECT " PROC_COLS "WHERE p.id = ?1",
    [STMT_BY_CODE] =
        "SELECT " PROC_COLS "WHERE p.provider_id = ?1 AND p.code = ?2",
    /* ?1 provider, ?2 unit subtree path or NULL, ?3 1: inactive too */
    [STMT_LIST] = "SELECT " PROC_COLS "WHERE p.provider_id = ?1 "
                  "AND (?2 IS NULL OR substr(u.path, 1, length(?2)) = ?2) "
                  "AND (?3 = 1 OR p.active = 1) ORDER BY p.path",
    /* ?1 process path, ?2 unit subtree path or NULL, ?3 1: inactive too */
    [STMT_LIST_UNDER] = "SELECT " PROC_COLS "WHERE " UNDER(
        "1") "AND (?2 IS NULL OR substr(u.path, 1, length(?2)) = ?2) "
             "AND (?3 = 1 OR p.active = 1) ORDER BY p.path",
    [STMT_UPDATE] =
        "UPDATE process SET code = ?2, name = ?3, kind = ?4, description = "
        "?5, patient_group_id = ?6, owner_id = ?7, owner_deputy_id = ?8, "
        "lead_id = ?9, lead_deputy_id = ?10, quality_requirements = ?11, "
        "target_levels = ?12, described = ?13, inventory_note = ?14, "
        "sort_order = ?15, unit_id = ?16, updated_at = ?17 WHERE id = ?1",
    [STMT_KIND_SUBTREE] = "UPDATE process AS p SET kind = ?2, updated_at = ?3 "
                          "WHERE " UNDER("1") "AND p.kind <> ?2",
    [STMT_HEIGHT] = "SELECT max(length(p.path) - length(replace(p.path, '/', "
                    "''))) - 1 FROM process p WHERE " UNDER("1"),
    /* ?1 old path, ?2 new path, ?3 the moved process, ?4 its new parent,
     * ?5 the new kind */
    [STMT_MOVE] = "UPDATE process AS p SET path = ?2 || substr(p.path, "
                  "length(?1) + 1), parent_id = CASE WHEN p.id = ?3 THEN ?4 "
                  "ELSE p.parent_id END, kind = ?5, updated_at = ?6 "
                  "WHERE " UNDER("1"),
    [STMT_ACTIVE_CHILDREN] =
        "SELECT count(*) FROM process WHERE parent_id = ?1 AND active = 1",
    [STMT_SET_ACTIVE] =
        "UPDATE process SET active = ?2, updated_at = ?3 WHERE id = ?1",
    [STMT_DOCS] = "SELECT d.id, d.code, d.title, d.state, d.review_due "
                  "FROM document_process x JOIN document d ON d.id = "
                  "x.document_id WHERE x.process_id = ?1 ORDER BY d.code",
    [STMT_INDS] = "SELECT i.id, i.code, i.name, NULL, i.unit "
                  "FROM process_indicator x JOIN indicator i ON i.id = "
                  "x.indicator_id WHERE x.process_id = ?1 ORDER BY i.code",
    /* no case text here: the case page checks who may read it */
    [STMT_CASES] = "SELECT c.id, c.number, c.type, c.state, NULL "
                   "FROM process_case x JOIN cases c ON c.id = x.case_id "
                   "WHERE x.process_id = ?1 ORDER BY c.number DESC",
    [STMT_REQS] = "SELECT r.id, r.code, r.summary, NULL, r.statute "
                  "FROM requirement_process x JOIN requirement r ON r.id = "
                  "x.requirement_id WHERE x.process_id = ?1 "
                  "ORDER BY r.sort_key",
    [STMT_IND_LINK] = "INSERT OR IGNORE INTO process_indicator (process_id, "
                      "indicator_id) VALUES (?1, ?2)",
    [STMT_IND_UNLINK] = "DELETE FROM process_indicator WHERE process_id = ?1 "
                        "AND indicator_id = ?2",
    [STMT_CASE_LINK] = "INSERT OR IGNORE INTO process_case (process_id, "
                       "case_id) VALUES (?1, ?2)",
    [STMT_CASE_UNLINK] =
        "DELETE FROM process_case WHERE process_id = ?1 AND case_id = ?2",
    [STMT_IND_OK] =
        "SELECT 1 FROM indicator WHERE id = ?1 AND provider_id = ?2",
    [STMT_CASE_UNIT] =
        "SELECT id FROM cases WHERE number = ?1 AND provider_id = ?2",
    [STMT_OF_INDICATOR] = "SELECT p.id, p.code, p.name, p.kind, NULL "
                          "FROM process_indicator x JOIN process p ON p.id = "
                          "x.process_id WHERE x.indicator_id = ?1 AND "
                          "p.active = 1 ORDER BY p.path",
    [STMT_OF_CASE] = "SELECT p.id, p.code, p.name, p.kind, NULL "
                     "FROM process_case x JOIN process p ON p.id = "
                     "x.process_id WHERE x.case_id = ?1 AND p.active = 1 "
                     "ORDER BY p.path",
    [STMT_DASH_IDS] =
        "SELECT x.indicator_id FROM process p JOIN process_indicator x ON "
        "x.process_id = p.id WHERE " UNDER(
            "1") "AND p.active = 1 "
                 "UNION SELECT g.indicator_id FROM process p JOIN "
                 "indicator_group g ON "
                 "g.patient_group_id = p.patient_group_id WHERE " UNDER(
                     "1") "AND p.active = 1 ORDER BY 1",
};

const struct sq_table sq_tab_process = {SQ_PROCESS, stmts, STMT__MAX};

static void read_process(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct process *p = elem;
    int i = 0;

    memset(p, 0, sizeof(*p));
    p->id = sq_int(s, i++);
    p->provider_id = sq_int(s, i++);
    p->unit_id = sq_int(s, i++);
    p->parent_id = sq_int(s, i++);
    p->patient_group_id = sq_int(s, i++);
    p->owner_id = sq_int(s, i++);
    p->owner_deputy_id = sq_int(s, i++);
    p->lead_id = sq_int(s, i++);
    p->lead_deputy_id = sq_int(s, i++);
    p->path = sq_str(a, s, i++);
    p->kind = sq_str(a, s, i++);
    p->code = sq_str(a, s, i++);
    p->name = sq_str(a, s, i++);
    p->description = sq_str(a, s, i++);
    p->quality_requirements = sq_str(a, s, i++);
    p->target_levels = sq_str(a, s, i++);
    p->inventory_note = sq_str(a, s, i++);
    p->described = (int)sq_int(s, i++);
    p->sort_order = (int)sq_int(s, i++);
    p->active = (int)sq_int(s, i++);
    p->created_at = sq_int(s, i++);
    p->updated_at = sq_int(s, i++);
    p->unit_code = sq_str(a, s, i++);
    p->unit_name = sq_str(a, s, i++);
    p->unit_path = sq_str(a, s, i++);
    p->group_name = sq_str(a, s, i++);
    p->owner_name = sq_str(a, s, i++);
    p->owner_deputy_name = sq_str(a, s, i++);
    p->lead_name = sq_str(a, s, i++);
    p->lead_deputy_name = sq_str(a, s, i++);
    p->owner_active = (int)sq_int(s, i++);
    p->owner_deputy_active = (int)sq_int(s, i++);
    p->lead_active = (int)sq_int(s, i++);
    p->lead_deputy_active = (int)sq_int(s, i++);
    p->ndocs = (int)sq_int(s, i++);
    p->ninds = (int)sq_int(s, i++);
    p->level = process_depth(p->path);
}

static void read_link(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct process_link *l = elem;

    l->id = sq_int(s, 0);
    l->label = sq_str(a, s, 1);
    l->text = sq_str(a, s, 2);
    l->state = sq_str(a, s, 3);
    l->extra = sq_str(a, s, 4);
}

/* process_json is the audited view of a process. */
static char *process_json(struct arena *a, const struct process *p)
{
    json_t *j = json_pack(
        "{sI sI sI ss ss ss ss sb sb si}", "id", (json_int_t)p->id, "unit_id",
        (json_int_t)p->unit_id, "parent_id", (json_int_t)p->parent_id, "path",
        p->path, "kind", p->kind, "code", p->code, "name", p->name, "described",
        p->described, "active", p->active, "sort_order", p->sort_order);

    if (!j)
        return NULL;
    json_object_set_new(j, "patient_group_id",
                        json_integer((json_int_t)p->patient_group_id));
    json_object_set_new(j, "owner_id", json_integer((json_int_t)p->owner_id));
    json_object_set_new(j, "owner_deputy_id",
                        json_integer((json_int_t)p->owner_deputy_id));
    json_object_set_new(j, "lead_id", json_integer((json_int_t)p->lead_id));
    json_object_set_new(j, "lead_deputy_id",
                        json_integer((json_int_t)p->lead_deputy_id));
    json_object_set_new(j, "description",
                        p->description ? json_string(p->description)
                                       : json_null());
    json_object_set_new(j, "quality_requirements",
                        p->quality_requirements
                            ? json_string(p->quality_requirements)
                            : json_null());
    json_object_set_new(j, "target_levels",
                        p->target_levels ? json_string(p->target_levels)
                                         : json_null());
    json_object_set_new(j, "inventory_note",
                        p->inventory_note ? json_string(p->inventory_note)
                                          : json_null());
    return sq_json(a, j);
}

enum err store_process_get(struct store *st, struct arena *a, int64_t id,
                           struct process *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_process, STMT_GET, "i", id),
                  read_process, out);
}

enum err store_process_by_code(struct store *st, struct arena *a,
                               int64_t provider_id, const char *code,
                               struct process *out)
{
    return sq_one(
        st, a,
        sq_start(st, &sq_tab_process, STMT_BY_CODE, "it", provider_id, code),
        read_process, out);
}

enum err store_process_list(struct store *st, struct arena *a,
                            const struct process_filter *f,
                            struct process **out, size_t *n)
{
    sqlite3_stmt *s;
    void *p = NULL;
    enum err e;

    if (f->under_path)
        s = sq_start(st, &sq_tab_process, STMT_LIST_UNDER, "tti", f->under_path,
                     sq_empty_null(f->unit_path),
                     (int64_t)(f->include_inactive != 0));
    else
        s = sq_start(st, &sq_tab_process, STMT_LIST, "iti", f->provider_id,
                     sq_empty_null(f->unit_path),
                     (int64_t)(f->include_inactive != 0));
    e = sq_collect(st, a, s, sizeof(**out), read_process, &p, n);
    *out = p;
    return e;
}

enum err store_process_create(struct store *st, const struct actor *who,
                              struct process *p)
{
    struct arena *a = arena_new();
    struct process parent, saved;
    const char *path;
    int64_t id, now = datetime_now();
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = sq_int_one(st, sq_start(st, &sq_tab_process, STMT_NEXT_ID, ""),
                        &id)))
        goto out;
    if (p->parent_id) {
        if ((e = store_process_get(st, a, p->parent_id, &parent)))
            goto out;
        path = arena_printf(a, "%s%lld/", parent.path, (long long)id);
    } else {
        path = arena_printf(a, "/%lld/", (long long)id);
    }
    if (!path) {
        e = E_NOMEM;
        goto out;
    }
    e = sq_done(
        st, sq_start(st, &sq_tab_process, STMT_INSERT, "iiiItttttIIIIIttitii",
                     id, p->provider_id, p->unit_id, p->parent_id, path,
                     p->kind, p->code, p->name, sq_empty_null(p->description),
                     p->patient_group_id, p->owner_id, p->owner_deputy_id,
                     p->lead_id, p->lead_deputy_id,
                     sq_empty_null(p->quality_requirements),
                     sq_empty_null(p->target_levels), (int64_t)p->described,
                     sq_empty_null(p->inventory_note), (int64_t)p->sort_order,
                     now));
    if (e)
        goto out;
    if ((e = store_process_get(st, a, id, &saved)))
        goto out;
    if ((e = store_audit(st, who, "create", "process", id, NULL,
                         process_json(a, &saved))))
        goto out;
    p->id = id;
    p->path = NULL; /* lives in a; the caller re-reads the record */
out:
    arena_free(a);
    return e;
}

enum err store_process_update(struct store *st, const struct actor *who,
                              const struct process *p)
{
    struct arena *a = arena_new();
    struct process before, after;
    int64_t now = datetime_now();
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_process_get(st, a, p->id, &before)))
        goto out;
    e = sq_done(
        st, sq_start(st, &sq_tab_process, STMT_UPDATE, "ittttIIIIIttitiii",
                     p->id, p->code, p->name, p->kind,
                     sq_empty_null(p->description), p->patient_group_id,
                     p->owner_id, p->owner_deputy_id, p->lead_id,
                     p->lead_deputy_id, sq_empty_null(p->quality_requirements),
                     sq_empty_null(p->target_levels), (int64_t)p->described,
                     sq_empty_null(p->inventory_note), (int64_t)p->sort_order,
                     p->unit_id, now));
    if (e)
        goto out;
    if (strcmp(before.kind, p->kind) != 0 &&
        (e = sq_done(st, sq_start(st, &sq_tab_process, STMT_KIND_SUBTREE, "tti",
                                  before.path, p->kind, now))))
        goto out;
    if ((e = store_process_get(st, a, p->id, &after)))
        goto out;
    e = store_audit(st, who, "update", "process", p->id,
                    process_json(a, &before), process_json(a, &after));
out:
    arena_free(a);
    return e;
}

enum err store_process_height(struct store *st, const char *path, int *height)
{
    int64_t deepest;
    enum err e = sq_int_one(
        st, sq_start(st, &sq_tab_process, STMT_HEIGHT, "t", path), &deepest);

    if (e)
        return e;
    *height = (int)deepest - process_depth(path) + 1;
    if (*height < 1)
        *height = 1;
    return E_OK;
}

enum err store_process_move(struct store *st, const struct actor *who,
                            int64_t id, int64_t new_parent_id)
{
    struct arena *a = arena_new();
    struct process before, after, parent;
    const char *path, *kind;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_process_get(st, a, id, &before)))
        goto out;
    kind = before.kind;
    if (new_parent_id) {
        if ((e = store_process_get(st, a, new_parent_id, &parent)))
            goto out;
        path = arena_printf(a, "%s%lld/", parent.path, (long long)id);
        kind = parent.kind;
    } else {
        path = arena_printf(a, "/%lld/", (long long)id);
    }
    if (!path) {
        e = E_NOMEM;
        goto out;
    }
    e = sq_done(st,
                sq_start(st, &sq_tab_process, STMT_MOVE, "ttiIti", before.path,
                         path, id, new_parent_id, kind, datetime_now()));
    if (e || (e = store_process_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, "move", "process", id, process_json(a, &before),
                    process_json(a, &after));
out:
    arena_free(a);
    return e;
}

enum err store_process_set_active(struct store *st, const struct actor *who,
                                  int64_t id, int active)
{
    struct arena *a = arena_new();
    struct process before, after;
    int64_t children;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_process_get(st, a, id, &before)))
        goto out;
    if (!active &&
        (e = sq_int_one(
             st, sq_start(st, &sq_tab_process, STMT_ACTIVE_CHILDREN, "i", id),
             &children)))
        goto out;
    if (!active && children > 0) {
        e = E_CONFLICT;
        goto out;
    }
    if ((e = sq_done(st,
                     sq_start(st, &sq_tab_process, STMT_SET_ACTIVE, "iii", id,
                              (int64_t)(active != 0), datetime_now()))) ||
        (e = store_process_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, active ? "activate" : "deactivate", "process", id,
                    process_json(a, &before), process_json(a, &after));
out:
    arena_free(a);
    return e;
}

static enum err links(struct store *st, struct arena *a, int k, int64_t id,
                      struct process_link **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a, sq_start(st, &sq_tab_process, k, "i", id),
                            sizeof(**out), read_link, &p, n);

    *out = p;
    return e;
}

enum err store_process_links(struct store *st, struct arena *a, int64_t id,
                             struct process_links *out)
{
    enum err e;

    memset(out, 0, sizeof(*out));
    if ((e = links(st, a, STMT_DOCS, id, &out->docs, &out->ndocs)) ||
        (e = links(st, a, STMT_INDS, id, &out->inds, &out->ninds)) ||
        (e = links(st, a, STMT_CASES, id, &out->cases, &out->ncases)))
        return e;
    return links(st, a, STMT_REQS, id, &out->reqs, &out->nreqs);
}

enum err store_processes_of(struct store *st, struct arena *a, const char *what,
                            int64_t id, struct process_link **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (strcmp(what, "indicator") == 0)
        return links(st, a, STMT_OF_INDICATOR, id, out, n);
    if (strcmp(what, "case") == 0)
        return links(st, a, STMT_OF_CASE, id, out, n);
    return E_INVAL;
}

/* link toggles one link row (statement k_on or k_off) and audits a real
 * change as "link"/"unlink" with {key: other}. */
static enum err link(struct store *st, const struct actor *who, int k_on,
                     int k_off, const char *key, int64_t id, int64_t other,
                     int on)
{
    struct arena *a;
    enum err e;
    char *j;

    if ((e = sq_done(st, sq_start(st, &sq_tab_process, on ? k_on : k_off, "ii",
                                  id, other))))
        return e;
    if (sqlite3_changes(st->db) == 0)
        return E_OK;
    if (!(a = arena_new()))
        return E_NOMEM;
    j = sq_json(a, json_pack("{sI}", key, (json_int_t)other));
    e = store_audit(st, who, on ? "link" : "unlink", "process", id,
                    on ? NULL : j, on ? j : NULL);
    arena_free(a);
    return e;
}

enum err store_process_link_indicator(struct store *st, const struct actor *who,
                                      int64_t id, int64_t indicator_id, int on)
{
    return link(st, who, STMT_IND_LINK, STMT_IND_UNLINK, "indicator_id", id,
                indicator_id, on);
}

enum err store_process_link_case(struct store *st, const struct actor *who,
                                 int64_t id, int64_t case_id, int on)
{
    return link(st, who, STMT_CASE_LINK, STMT_CASE_UNLINK, "case_id", id,
                case_id, on);
}

static void read_id(struct arena *a, sqlite3_stmt *s, void *elem)
{
    (void)a;
    *(int64_t *)elem = sq_int(s, 0);
}

enum err store_process_indicator_ids(struct store *st, struct arena *a,
                                     const char *path, int64_t **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_process, STMT_DASH_IDS, "t", path),
        sizeof(**out), read_id, &p, n);

    *out = p;
    return e;
}

enum err store_process_case_by_number(struct store *st, const char *number,
                                      int64_t provider_id, int64_t *case_id)
{
    return sq_int_one(st,
                      sq_start(st, &sq_tab_process, STMT_CASE_UNIT, "ti",
                               number, provider_id),
                      case_id);
}

enum err store_process_indicator_ok(struct store *st, int64_t indicator_id,
                                    int64_t provider_id)
{
    int64_t one;

    return sq_int_one(st,
                      sq_start(st, &sq_tab_process, STMT_IND_OK, "ii",
                               indicator_id, provider_id),
                      &one);
}
