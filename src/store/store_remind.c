/* store_remind.c: what the reminder sweep (web/remind.c) reads and writes:
 * the open cases and actions with their deadlines, the reminders already
 * sent (migration 013, keyed by deadline date so each goes out once), the
 * people to tell (quality coordinators, active deputies), and a care
 * provider's own time limits and reminder days. */
#include <string.h>

#include "sqlite_int.h"

enum stmt {
    STMT_CASES,
    STMT_ACTIONS,
    STMT_SENT,
    STMT_MARK,
    STMT_ROLE_HOLDERS,
    STMT_DEPUTIES,
    STMT_LIMITS,
    STMT_LIMIT_SET,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* open cases after id ?1, by id, at most ?2: what case_clock_of reads */
    [STMT_CASES] =
        "SELECT c.id, c.provider_id, c.unit_id, coalesce(c.handler_id, 0), "
        "c.number, c.type, c.state, c.state_since, c.serious, "
        "coalesce(c.discovered_at, 0), c.reported_at, "
        "coalesce(cc.answer_due, 0), coalesce(cc.answered_at, 0), "
        "coalesce(lm.decided_at, 0), coalesce(CASE WHEN lm.report = 0 THEN "
        "lm.decided_at ELSE lm.sent_at END, 0), u.name, u.path "
        "FROM cases c JOIN org_unit u ON u.id = c.unit_id "
        "LEFT JOIN case_lex_maria lm ON lm.case_id = c.id "
        "LEFT JOIN case_complaint cc ON cc.case_id = c.id "
        "WHERE c.id > ?1 AND c.state NOT IN ('closed', 'rejected') "
        "ORDER BY c.id LIMIT ?2",
    /* actions planned or in progress after id ?1, by id, at most ?2 */
    [STMT_ACTIONS] =
        "SELECT a.id, a.source, a.source_id, a.unit_id, a.what, "
        "a.responsible_id, coalesce(a.follow_up_id, 0), a.due_date, a.state, "
        "u.name, u.path, u.provider_id FROM action a "
        "JOIN org_unit u ON u.id = a.unit_id "
        "WHERE a.id > ?1 AND a.state IN ('planned', 'in_progress') "
        "ORDER BY a.id LIMIT ?2",
    [STMT_SENT] = "SELECT stage FROM reminder_sent WHERE kind = ?1 AND "
                  "entity = ?2 AND entity_id = ?3 AND deadline = ?4",
    [STMT_MARK] = "INSERT OR IGNORE INTO reminder_sent (kind, stage, entity, "
                  "entity_id, deadline, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                  "?6)",
    /* active holders of role ?2 at the unit at path ?1 or an ancestor */
    [STMT_ROLE_HOLDERS] =
        "SELECT DISTINCT ra.user_id FROM role_assignment ra "
        "JOIN org_unit u ON u.id = ra.unit_id "
        "JOIN app_user au ON au.id = ra.user_id "
        "WHERE ra.role = ?2 AND au.active = 1 "
        "AND substr(?1, 1, length(u.path)) = u.path ORDER BY ra.user_id",
    /* active deputies of user ?1 on date ?2 */
    [STMT_DEPUTIES] =
        "SELECT DISTINCT d.deputy_user_id FROM deputy d JOIN app_user au ON "
        "au.id = d.deputy_user_id WHERE d.absent_user_id = ?1 AND "
        "d.valid_from <= ?2 AND d.valid_to >= ?2 AND au.active = 1 "
        "ORDER BY d.deputy_user_id",
    /* the defaults, then provider ?1's own values over them */
    [STMT_LIMITS] =
        "SELECT key, days, 0 FROM case_time_limit WHERE key NOT IN (SELECT "
        "key FROM provider_time_limit WHERE provider_id = ?1) "
        "UNION ALL SELECT key, days, 1 FROM provider_time_limit "
        "WHERE provider_id = ?1",
    [STMT_LIMIT_SET] =
        "INSERT INTO provider_time_limit (provider_id, key, days) VALUES "
        "(?1, ?2, ?3) ON CONFLICT (provider_id, key) DO UPDATE SET days = "
        "excluded.days",
};

const struct sq_table sq_tab_remind = {SQ_REMIND, stmts, STMT__MAX};

static void read_case(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_rec *c = elem;
    int i = 0;

    c->id = sq_int(s, i++);
    c->provider_id = sq_int(s, i++);
    c->unit_id = sq_int(s, i++);
    c->handler_id = sq_int(s, i++);
    c->number = sq_str(a, s, i++);
    c->type = sq_str(a, s, i++);
    c->state = sq_str(a, s, i++);
    c->state_since = sq_int(s, i++);
    c->serious = (int)sq_int(s, i++);
    c->discovered_at = sq_int(s, i++);
    c->reported_at = sq_int(s, i++);
    c->answer_due = sq_int(s, i++);
    c->answered_at = sq_int(s, i++);
    c->lm_decided_at = sq_int(s, i++);
    c->lm_done_at = sq_int(s, i++);
    c->unit_name = sq_str(a, s, i++);
    c->unit_path = sq_str(a, s, i++);
}

enum err store_remind_cases(struct store *st, struct arena *a, int64_t after_id,
                            int limit, struct case_rec **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_remind, STMT_CASES, "ii",
                                     after_id, (int64_t)limit),
                            sizeof(**out), read_case, &p, n);

    *out = p;
    return e;
}

static void read_action(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct remind_action *x = elem;
    int i = 0;

    x->rec.id = sq_int(s, i++);
    x->rec.source = sq_str(a, s, i++);
    x->rec.source_id = sq_int(s, i++);
    x->rec.unit_id = sq_int(s, i++);
    x->rec.what = sq_str(a, s, i++);
    x->rec.responsible_id = sq_int(s, i++);
    x->rec.follow_up_id = sq_int(s, i++);
    x->rec.due_date = sq_str(a, s, i++);
    x->rec.state = sq_str(a, s, i++);
    x->rec.unit_name = sq_str(a, s, i++);
    x->rec.unit_path = sq_str(a, s, i++);
    x->provider_id = sq_int(s, i++);
}

enum err store_remind_actions(struct store *st, struct arena *a,
                              int64_t after_id, int limit,
                              struct remind_action **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_remind, STMT_ACTIONS, "ii",
                                     after_id, (int64_t)limit),
                            sizeof(**out), read_action, &p, n);

    *out = p;
    return e;
}

enum err store_reminder_sent(struct store *st, const struct remind_key *k,
                             unsigned *mask)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_remind, STMT_SENT, "ttit", k->kind,
                               k->entity, k->entity_id, k->deadline);
    enum err e;

    *mask = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        enum remind_stage rs =
            remind_stage_from_str((const char *)sqlite3_column_text(s, 0));

        if (rs != RS_NONE)
            *mask |= 1u << rs;
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_reminder_mark(struct store *st, const struct remind_key *k,
                             enum remind_stage stage, int64_t now,
                             const char *detail)
{
    static const struct actor sys = {0, "system"};
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_remind, STMT_MARK, "tttiti", k->kind,
                             remind_stage_str(stage), k->entity, k->entity_id,
                             k->deadline, now));

    if (e)
        return e;
    if (!sqlite3_changes(st->db))
        return E_CONFLICT;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, &sys, "remind", k->entity, k->entity_id, NULL,
        sq_json(a, json_pack("{ss ss ss ss}", "kind", k->kind, "stage",
                             remind_stage_str(stage), "deadline", k->deadline,
                             "to", detail ? detail : "")));
    arena_free(a);
    return e;
}

/* ids collects the integer first column of s into an arena array. */
static enum err ids(struct store *st, struct arena *a, sqlite3_stmt *s,
                    int64_t **out, size_t *n)
{
    size_t cap = 0;
    int64_t *v = NULL;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!s)
        return E_DB;
    while ((e = sq_row(st, s)) == E_OK) {
        if (!(v = sq_grow(a, v, &cap, *n, sizeof(*v)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v[(*n)++] = sq_int(s, 0);
    }
    *out = v;
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_unit_role_holders(struct store *st, struct arena *a,
                                 const char *unit_path, enum role role,
                                 int64_t **out, size_t *n)
{
    return ids(st, a,
               sq_start(st, &sq_tab_remind, STMT_ROLE_HOLDERS, "tt", unit_path,
                        role_str(role)),
               out, n);
}

enum err store_deputies_on(struct store *st, struct arena *a, int64_t user_id,
                           const char *date, int64_t **out, size_t *n)
{
    return ids(st, a,
               sq_start(st, &sq_tab_remind, STMT_DEPUTIES, "it", user_id, date),
               out, n);
}

enum err store_provider_limits(struct store *st, int64_t provider_id,
                               struct case_limits *l,
                               struct remind_settings *rs)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_remind, STMT_LIMITS, "i", provider_id);
    enum err e;

    if (l)
        case_limits_default(l);
    if (rs)
        remind_settings_default(rs);
    while ((e = sq_row(st, s)) == E_OK) {
        const char *key = (const char *)sqlite3_column_text(s, 0);
        int days = (int)sq_int(s, 1);

        if (l)
            case_limits_set(l, key, days);
        if (rs)
            remind_settings_set(rs, key, days);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_provider_limit_set(struct store *st, const struct actor *who,
                                  int64_t provider_id, const char *key,
                                  int days, int old_days)
{
    struct arena *a;
    enum err e;

    if ((e = sq_done(st, sq_start(st, &sq_tab_remind, STMT_LIMIT_SET, "iti",
                                  provider_id, key, (int64_t)days))))
        return e;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "update", "provider_time_limit", provider_id,
        sq_json(a, json_pack("{ss si}", "key", key, "days", old_days)),
        sq_json(a, json_pack("{ss si}", "key", key, "days", days)));
    arena_free(a);
    return e;
}
