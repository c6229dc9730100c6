/* store_status.c: the status of the management system: the figures of the
 * status page for a unit subtree, each computed in SQL over the tables of
 * migrations 006, 008 and 011, the records behind a figure, saved
 * snapshots (status_snapshot). The responsibility page reads
 * store_resp.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

/* ?1 is the scope path in every statement below. */
#define IN_SCOPE_U " substr(u.path, 1, length(?1)) = ?1 "
/* the active core processes of the subtree */
#define CORE_CTE                                                               \
    "WITH cp AS (SELECT p.id, p.code, p.name, p.unit_id, p.owner_id, "         \
    "p.lead_id, p.quality_requirements, p.target_levels, u.name AS uname "     \
    "FROM process p JOIN org_unit u ON u.id = p.unit_id WHERE p.kind = "       \
    "'core' AND p.active = 1 AND" IN_SCOPE_U ") "
/* ?2 today: an approved, linked document not past its review date. The
 * CROSS JOIN keeps SQLite from starting at the document table (all
 * approved documents) for every process. */
#define HAS_CURRENT_DOC                                                        \
    " EXISTS (SELECT 1 FROM document_process dp CROSS JOIN document d ON "     \
    "d.id = "                                                                  \
    "dp.document_id WHERE dp.process_id = cp.id AND d.state = 'approved' "     \
    "AND (d.review_due IS NULL OR d.review_due >= ?2)) "
#define HAS_OWNER_LEAD                                                         \
    " (EXISTS (SELECT 1 FROM app_user o WHERE o.id = cp.owner_id AND "         \
    "o.active = 1) AND EXISTS (SELECT 1 FROM app_user l WHERE l.id = "         \
    "cp.lead_id AND l.active = 1)) "
#define HAS_TARGETS                                                            \
    " (trim(coalesce(cp.quality_requirements, '')) <> '' AND "                 \
    "trim(coalesce(cp.target_levels, '')) <> '') "
/* ?3 since: a value of a linked indicator for the process's unit subtree
 * (the rollup of migration 008), looked up from the process's links (the
 * CROSS JOIN; the other order reads every value of the unit) */
#define HAS_DATA                                                               \
    " EXISTS (SELECT 1 FROM process_indicator pi CROSS JOIN "                  \
    "indicator_rollup ro ON ro.unit_id = cp.unit_id AND ro.indicator_id = "    \
    "pi.indicator_id AND ro.period >= ?3 WHERE pi.process_id = cp.id) "
/* Counts over a subtree start at its units (a few hundred) and read each
 * unit's rows by index (document_unit_review of migration 016,
 * action_unit_state) instead of reading every row of the table. */
#define DOCS_OVERDUE                                                           \
    " FROM org_unit u CROSS JOIN document d ON d.unit_id = u.id WHERE "        \
    "d.state = 'approved' AND d.review_due < ?2 AND" IN_SCOPE_U
/* ?4 provider: the requirements it sees */
#define REQS                                                                   \
    " FROM requirement r WHERE r.active = 1 AND (r.provider_id IS NULL OR "    \
    "r.provider_id = ?4) "
#define CURRENT_X                                                              \
    " x.id = (SELECT max(y.id) FROM requirement_assessment y WHERE "           \
    "y.requirement_id = x.requirement_id AND y.unit_id = x.unit_id) "
#define ITEM_COLS "SELECT cp.id, cp.code, cp.name, cp.uname, "
#define SNAP_COLS                                                              \
    "s.id, s.unit_id, s.taken_by, s.taken_at, s.label, s.figures, a.name, "    \
    "u.code, u.name, u.path FROM status_snapshot s JOIN app_user a ON a.id "   \
    "= s.taken_by JOIN org_unit u ON u.id = s.unit_id "

enum stmt {
    STMT_FIGURES,
    STMT_ITEMS_OWNER,
    STMT_ITEMS_DOCS,
    STMT_ITEMS_TARGETS,
    STMT_ITEMS_DATA,
    STMT_ITEMS_DOCS_OVERDUE,
    STMT_SNAP_ADD,
    STMT_SNAP_GET,
    STMT_SNAP_LIST,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* ?1 scope, ?2 today, ?3 since, ?4 provider */
    [STMT_FIGURES] = CORE_CTE
    "SELECT (SELECT count(*) FROM cp), "
    "(SELECT count(*) FROM cp WHERE" HAS_OWNER_LEAD "), "
    "(SELECT count(*) FROM cp WHERE" HAS_CURRENT_DOC "), "
    "(SELECT count(*) FROM cp WHERE" HAS_TARGETS "), "
    "(SELECT count(*) FROM cp WHERE" HAS_DATA "), "
    "(SELECT count(*) FROM org_unit u CROSS JOIN document d ON "
    "d.unit_id = u.id WHERE d.state = 'approved' AND" IN_SCOPE_U "), "
    "(SELECT count(*)" DOCS_OVERDUE "), "
    "(SELECT count(*)" REQS "), "
    "(SELECT count(*)" REQS "AND NOT EXISTS (SELECT 1 FROM "
    "requirement_process rp JOIN process p ON p.id = rp.process_id "
    "WHERE rp.requirement_id = r.id AND p.provider_id = ?4)), "
    "(SELECT count(*)" REQS "AND NOT EXISTS (SELECT 1 FROM "
    "requirement_assessment x JOIN org_unit u ON u.id = x.unit_id "
    "WHERE x.requirement_id = r.id AND" IN_SCOPE_U ")), "
    "(SELECT count(*)" REQS "AND EXISTS (SELECT 1 FROM "
    "requirement_assessment x JOIN org_unit u ON u.id = x.unit_id "
    "WHERE x.requirement_id = r.id AND x.next_review < ?2 "
    "AND" IN_SCOPE_U "AND" CURRENT_X ")), "
    "(SELECT count(*) FROM org_unit u CROSS JOIN action a ON a.unit_id = "
    "u.id WHERE a.state NOT IN ('evaluated', 'cancelled') AND" IN_SCOPE_U
    "), (SELECT count(*) FROM org_unit u CROSS JOIN action a ON "
    "a.unit_id = u.id WHERE a.state IN ('planned', 'in_progress') AND "
    "a.due_date < ?2 AND" IN_SCOPE_U ")",
    /* every statement binds ?1..?3; the IS NOT NULL terms only use them */
    [STMT_ITEMS_OWNER] = CORE_CTE ITEM_COLS
    "NULL FROM cp WHERE ?2 IS NOT NULL AND ?3 IS NOT NULL AND "
    "NOT" HAS_OWNER_LEAD "ORDER BY cp.code LIMIT 1000",
    [STMT_ITEMS_DOCS] = CORE_CTE ITEM_COLS
    "NULL FROM cp WHERE ?3 IS NOT NULL AND NOT" HAS_CURRENT_DOC
    "ORDER BY cp.code LIMIT 1000",
    [STMT_ITEMS_TARGETS] = CORE_CTE ITEM_COLS
    "NULL FROM cp WHERE ?2 IS NOT NULL AND ?3 IS NOT NULL AND "
    "NOT" HAS_TARGETS "ORDER BY cp.code LIMIT 1000",
    [STMT_ITEMS_DATA] =
        CORE_CTE ITEM_COLS "NULL FROM cp WHERE ?2 IS NOT NULL AND NOT" HAS_DATA
                           "ORDER BY cp.code LIMIT 1000",
    [STMT_ITEMS_DOCS_OVERDUE] =
        "SELECT d.id, d.code, d.title, u.name, d.review_due" DOCS_OVERDUE
        "AND ?3 IS NOT NULL ORDER BY d.review_due, d.code LIMIT 1000",
    [STMT_SNAP_ADD] =
        "INSERT INTO status_snapshot (unit_id, label, figures, taken_by, "
        "taken_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    [STMT_SNAP_GET] = "SELECT " SNAP_COLS "WHERE s.id = ?1",
    [STMT_SNAP_LIST] = "SELECT " SNAP_COLS "WHERE" IN_SCOPE_U
                       "ORDER BY s.taken_at DESC, s.id DESC LIMIT 500",
};

const struct sq_table sq_tab_status = {SQ_STATUS, stmts, STMT__MAX};

enum err store_status_figures(struct store *st, const char *scope_path,
                              int64_t provider_id, const char *today,
                              const char *since, struct status_figures *out)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_status, STMT_FIGURES, "ttti",
                               scope_path, today, since, provider_id);
    int64_t *v[] = {
        &out->core_total,          &out->core_owner_lead,
        &out->core_current_docs,   &out->core_quality_targets,
        &out->core_indicator_data, &out->docs_approved,
        &out->docs_overdue,        &out->req_total,
        &out->req_no_process,      &out->req_never_assessed,
        &out->req_overdue,         &out->actions_open,
        &out->actions_overdue,
    };
    enum err e;
    size_t i;

    memset(out, 0, sizeof(*out));
    if ((e = sq_row(st, s)))
        return e == E_NOTFOUND ? E_DB : e;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        *v[i] = sq_int(s, (int)i);
    sqlite3_reset(s);
    return E_OK;
}

static void read_item(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct status_item *x = elem;

    x->id = sq_int(s, 0);
    x->code = sq_str(a, s, 1);
    x->name = sq_str(a, s, 2);
    x->unit_name = sq_str(a, s, 3);
    x->detail = sq_str(a, s, 4);
}

enum err store_status_items(struct store *st, struct arena *a,
                            const char *figure, const char *scope_path,
                            const char *today, const char *since,
                            struct status_item **out, size_t *n)
{
    static const struct {
        const char *name;
        int k;
    } figs[] = {
        {"core_no_owner_lead", STMT_ITEMS_OWNER},
        {"core_no_current_docs", STMT_ITEMS_DOCS},
        {"core_no_quality_targets", STMT_ITEMS_TARGETS},
        {"core_no_indicator_data", STMT_ITEMS_DATA},
        {"docs_overdue", STMT_ITEMS_DOCS_OVERDUE},
    };
    void *p = NULL;
    size_t i;
    enum err e;

    *out = NULL;
    *n = 0;
    for (i = 0; i < sizeof(figs) / sizeof(figs[0]); i++)
        if (figure && strcmp(figure, figs[i].name) == 0)
            break;
    if (i == sizeof(figs) / sizeof(figs[0]))
        return E_INVAL;
    e = sq_collect(st, a,
                   sq_start(st, &sq_tab_status, figs[i].k, "ttt", scope_path,
                            today, since),
                   sizeof(**out), read_item, &p, n);
    *out = p;
    return e;
}

static void read_snap(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct status_snapshot *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->unit_id = sq_int(s, i++);
    x->taken_by = sq_int(s, i++);
    x->taken_at = sq_int(s, i++);
    x->label = sq_str(a, s, i++);
    x->figures = sq_str(a, s, i++);
    x->taken_by_name = sq_str(a, s, i++);
    x->unit_code = sq_str(a, s, i++);
    x->unit_name = sq_str(a, s, i++);
    x->unit_path = sq_str(a, s, i++);
}

enum err store_snapshot_add(struct store *st, const struct actor *who,
                            struct status_snapshot *s)
{
    struct arena *a;
    enum err e;

    if (!s->taken_at)
        s->taken_at = datetime_now();
    s->taken_by = who->user_id;
    e = sq_done(st,
                sq_start(st, &sq_tab_status, STMT_SNAP_ADD, "ittii", s->unit_id,
                         s->label, s->figures, s->taken_by, s->taken_at));
    if (e)
        return e;
    s->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "create", "status_snapshot", s->id, NULL,
        sq_json(a,
                json_pack("{sI sI ss so sI}", "id", (json_int_t)s->id,
                          "unit_id", (json_int_t)s->unit_id, "label", s->label,
                          "figures", json_loads(s->figures, 0, NULL),
                          "taken_at", (json_int_t)s->taken_at)));
    arena_free(a);
    return e;
}

enum err store_snapshot_get(struct store *st, struct arena *a, int64_t id,
                            struct status_snapshot *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_status, STMT_SNAP_GET, "i", id),
                  read_snap, out);
}

enum err store_snapshot_list(struct store *st, struct arena *a,
                             const char *scope_path,
                             struct status_snapshot **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_status, STMT_SNAP_LIST, "t", scope_path),
        sizeof(**out), read_snap, &p, n);

    *out = p;
    return e;
}

/* The figures as a snapshot stores them, by name. */
static const struct {
    const char *key;
    size_t off;
} fig_fields[] = {
#define F(x)                                                                   \
    {                                                                          \
#x, offsetof(struct status_figures, x)                                 \
    }
    F(core_total),           F(core_owner_lead),     F(core_current_docs),
    F(core_quality_targets), F(core_indicator_data), F(docs_approved),
    F(docs_overdue),         F(req_total),           F(req_no_process),
    F(req_never_assessed),   F(req_overdue),         F(actions_open),
    F(actions_overdue),
#undef F
};
#define NFIELDS (sizeof(fig_fields) / sizeof(fig_fields[0]))

static int64_t *field(struct status_figures *f, size_t i)
{
    return (int64_t *)(void *)((char *)f + fig_fields[i].off);
}

const char *store_status_json(struct arena *a, const struct status_figures *f,
                              const char *date, const char *unit_code,
                              const char *unit_name)
{
    struct status_figures c = *f;
    json_t *figs = json_object(), *j;
    const char *out = NULL;
    char *txt;
    size_t i;

    for (i = 0; i < NFIELDS; i++)
        json_object_set_new(figs, fig_fields[i].key,
                            json_integer(*field(&c, i)));
    j = json_pack("{si ss ss ss so}", "version", 1, "date", date, "unit",
                  unit_code, "unit_name", unit_name, "figures", figs);
    txt = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
    if (txt)
        out = arena_strdup(a, txt);
    free(txt);
    json_decref(j);
    return out;
}

int store_status_parse(const char *text, struct status_figures *f)
{
    json_t *j = json_loads(text ? text : "", 0, NULL), *o;
    size_t i;
    int ok;

    memset(f, 0, sizeof(*f));
    o = json_object_get(j, "figures");
    ok = json_is_object(o);
    for (i = 0; ok && i < NFIELDS; i++)
        *field(f, i) =
            json_integer_value(json_object_get(o, fig_fields[i].key));
    json_decref(j);
    return ok ? 0 : -1;
}
