/* store_action.c: the action register: actions of every source (cases
 * now), listed per source, per person (responsible or follow-up) and per
 * unit subtree, with audited state changes. */
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

#define ACTION_COLS                                                            \
    "a.id, a.source, a.source_id, a.unit_id, a.what, a.responsible_id, "       \
    "coalesce(a.follow_up_id, 0), a.due_date, a.state, a.evaluation, "         \
    "a.reason, coalesce(a.created_by, 0), a.created_at, a.updated_at, "        \
    "coalesce(a.done_at, 0), coalesce(a.evaluated_at, 0), r.name, f.name, "    \
    "u.name, u.path "                                                          \
    "FROM action a JOIN org_unit u ON u.id = a.unit_id "                       \
    "JOIN app_user r ON r.id = a.responsible_id "                              \
    "LEFT JOIN app_user f ON f.id = a.follow_up_id "

enum stmt {
    STMT_INSERT,
    STMT_GET,
    STMT_LIST,
    STMT_COUNT_OPEN,
    STMT_SET_STATE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_INSERT] =
        "INSERT INTO action (source, source_id, unit_id, what, "
        "responsible_id, follow_up_id, due_date, created_by, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    [STMT_GET] = "SELECT " ACTION_COLS "WHERE a.id = ?1",
    /* ?1 source, ?2 source id, ?3 user (responsible or follow-up), ?4
     * scope path, ?5 today: overdue only, ?6 open only */
    [STMT_LIST] =
        "SELECT " ACTION_COLS "WHERE (?1 IS NULL OR a.source = ?1) "
        "AND (?2 IS NULL OR a.source_id = ?2) "
        "AND (?3 IS NULL OR a.responsible_id = ?3 OR a.follow_up_id = ?3) "
        "AND (?4 IS NULL OR substr(u.path, 1, length(?4)) = ?4) "
        "AND (?5 IS NULL OR (a.state IN ('planned', 'in_progress') AND "
        "a.due_date < ?5)) "
        "AND (?6 IS NULL OR a.state NOT IN ('evaluated', 'cancelled')) "
        "ORDER BY a.state IN ('evaluated', 'cancelled'), a.due_date, a.id "
        "LIMIT ?7",
    [STMT_COUNT_OPEN] =
        "SELECT count(*) FROM action WHERE source = ?1 AND source_id = ?2 "
        "AND state NOT IN ('evaluated', 'cancelled')",
    [STMT_SET_STATE] =
        "UPDATE action SET state = ?3, evaluation = coalesce(?4, evaluation), "
        "reason = coalesce(?5, reason), done_at = CASE WHEN ?3 = 'done' THEN "
        "?6 ELSE done_at END, evaluated_at = CASE WHEN ?3 = 'evaluated' THEN "
        "?6 ELSE evaluated_at END, updated_at = ?6 "
        "WHERE id = ?1 AND state = ?2",
};

const struct sq_table sq_tab_action = {SQ_ACTION, stmts, STMT__MAX};

static void read_action(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct action_rec *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->source = sq_str(a, s, i++);
    x->source_id = sq_int(s, i++);
    x->unit_id = sq_int(s, i++);
    x->what = sq_str(a, s, i++);
    x->responsible_id = sq_int(s, i++);
    x->follow_up_id = sq_int(s, i++);
    x->due_date = sq_str(a, s, i++);
    x->state = sq_str(a, s, i++);
    x->evaluation = sq_str(a, s, i++);
    x->reason = sq_str(a, s, i++);
    x->created_by = sq_int(s, i++);
    x->created_at = sq_int(s, i++);
    x->updated_at = sq_int(s, i++);
    x->done_at = sq_int(s, i++);
    x->evaluated_at = sq_int(s, i++);
    x->responsible_name = sq_str(a, s, i++);
    x->follow_up_name = sq_str(a, s, i++);
    x->unit_name = sq_str(a, s, i++);
    x->unit_path = sq_str(a, s, i++);
}

/* action_json is the audited view of an action. */
static char *action_json(struct arena *a, const struct action_rec *x)
{
    return sq_json(
        a, json_pack(
               "{sI ss sI sI ss sI sI ss ss ss? ss?}", "id", (json_int_t)x->id,
               "source", x->source, "source_id", (json_int_t)x->source_id,
               "unit_id", (json_int_t)x->unit_id, "what", x->what,
               "responsible_id", (json_int_t)x->responsible_id, "follow_up_id",
               (json_int_t)x->follow_up_id, "due_date", x->due_date, "state",
               x->state, "evaluation", x->evaluation, "reason", x->reason));
}

enum err store_action_create(struct store *st, const struct actor *who,
                             struct action_rec *x)
{
    struct arena *a = arena_new();
    struct action_rec saved;
    enum err e;

    if (!a)
        return E_NOMEM;
    e = sq_done(st, sq_start(st, &sq_tab_action, STMT_INSERT, "tiitiItIi",
                             x->source, x->source_id, x->unit_id, x->what,
                             x->responsible_id, x->follow_up_id, x->due_date,
                             who->user_id, datetime_now()));
    if (e)
        goto out;
    x->id = sqlite3_last_insert_rowid(st->db);
    if ((e = store_action_get(st, a, x->id, &saved)))
        goto out;
    e = store_audit(st, who, "create", "action", x->id, NULL,
                    action_json(a, &saved));
    x->state = "planned";
out:
    arena_free(a);
    return e;
}

enum err store_action_get(struct store *st, struct arena *a, int64_t id,
                          struct action_rec *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_action, STMT_GET, "i", id),
                  read_action, out);
}

enum err store_action_list(struct store *st, struct arena *a,
                           const struct action_filter *f,
                           struct action_rec **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_action, STMT_LIST, "tIIttIi",
                                     sq_empty_null(f->source), f->source_id,
                                     f->user_id, f->scope_path,
                                     f->overdue_today, (int64_t)f->open_only,
                                     (int64_t)(f->limit > 0 ? f->limit : 500)),
                            sizeof(**out), read_action, &p, n);

    *out = p;
    return e;
}

enum err store_action_open_count(struct store *st, const char *source,
                                 int64_t source_id, size_t *n)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_action, STMT_COUNT_OPEN, "ti", source, source_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *n = (size_t)sq_int(s, 0);
    sqlite3_reset(s);
    return E_OK;
}

enum err store_action_set_state(struct store *st, const struct actor *who,
                                int64_t id, const char *from_state,
                                const char *to_state, const char *evaluation,
                                const char *reason)
{
    struct arena *a = arena_new();
    struct action_rec before, after;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_action_get(st, a, id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_action, STMT_SET_STATE, "itttti", id,
                             from_state, to_state, sq_empty_null(evaluation),
                             sq_empty_null(reason), datetime_now()));
    if (e)
        goto out;
    if (sqlite3_changes(st->db) == 0) {
        e = E_CONFLICT; /* someone else moved it meanwhile */
        goto out;
    }
    if ((e = store_action_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, to_state, "action", id, action_json(a, &before),
                    action_json(a, &after));
out:
    arena_free(a);
    return e;
}
