/* store_case.c: cases of deviation management, their timeline, protected
 * patient identities with the access log, categories and investigations. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "sqlite_int.h"

#define CASE_COLS                                                              \
    "c.id, c.provider_id, c.unit_id, coalesce(c.reporter_id, 0), "             \
    "coalesce(c.reporter_unit_id, 0), coalesce(c.handler_id, 0), "             \
    "coalesce(c.category_id, 0), c.number, c.type, c.state, c.what, "          \
    "c.immediate_action, c.suggestion, c.feedback, c.reason, c.care_injury, "  \
    "coalesce(c.occurred_at, 0), coalesce(c.discovered_at, 0), "               \
    "c.reported_at, coalesce(c.feedback_at, 0), c.state_since, "               \
    "coalesce(c.closed_at, 0), c.created_at, c.updated_at, c.confidential, "   \
    "c.patient_affected, coalesce(c.consequence, 0), "                         \
    "coalesce(c.probability, 0), coalesce(c.system_fault, -1), c.serious, "    \
    "EXISTS (SELECT 1 FROM case_patient p WHERE p.case_id = c.id), u.name, "   \
    "u.code, u.path, r.name, h.name, cat.name "                                \
    "FROM cases c JOIN org_unit u ON u.id = c.unit_id "                        \
    "LEFT JOIN app_user r ON r.id = c.reporter_id "                            \
    "LEFT JOIN app_user h ON h.id = c.handler_id "                             \
    "LEFT JOIN case_category cat ON cat.id = c.category_id "

/* The list filter, shared by the count and both sort orders. ?1 scope,
 * ?2 type, ?3 state, ?4 reporter, ?5 handler, ?6 category, ?7 from, ?8 to,
 * ?9 open only, ?10 FTS query. */
#define CASE_WHERE                                                             \
    "WHERE (?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1) "                \
    "AND (?2 IS NULL OR c.type = ?2) AND (?3 IS NULL OR c.state = ?3) "        \
    "AND (?4 IS NULL OR c.reporter_id = ?4) "                                  \
    "AND (?5 IS NULL OR c.handler_id = ?5) "                                   \
    "AND (?6 IS NULL OR c.category_id = ?6) "                                  \
    "AND (?7 IS NULL OR c.reported_at >= ?7) "                                 \
    "AND (?8 IS NULL OR c.reported_at < ?8) "                                  \
    "AND (?9 IS NULL OR c.state NOT IN ('closed', 'rejected')) "               \
    "AND (?10 IS NULL OR c.id IN (SELECT rowid FROM case_fts "                 \
    "WHERE case_fts MATCH ?10)) "

enum stmt {
    STMT_NEXT_NUMBER,
    STMT_INSERT,
    STMT_PATIENT_INSERT,
    STMT_GET,
    STMT_COUNT,
    STMT_LIST_NEWEST,
    STMT_LIST_RISK,
    STMT_UPDATE,
    STMT_TRANSITION,
    STMT_EVENT_INSERT,
    STMT_EVENTS,
    STMT_PATIENT_GET,
    STMT_ACCESS_LOG,
    STMT_CATEGORIES,
    STMT_CATEGORY_INSERT,
    STMT_INVESTIGATION,
    STMT_INVESTIGATION_SET,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_NEXT_NUMBER] = "SELECT count(*) + 1 FROM cases WHERE provider_id = "
                         "?1 AND number LIKE ?2",
    [STMT_INSERT] =
        "INSERT INTO cases (provider_id, number, type, unit_id, reporter_id, "
        "reporter_unit_id, confidential, category_id, what, "
        "immediate_action, suggestion, occurred_at, discovered_at, "
        "reported_at, patient_affected, state_since, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, ?14, ?15, ?14, ?14, ?14)",
    [STMT_PATIENT_INSERT] = "INSERT INTO case_patient (case_id, pnr, "
                            "coordination) VALUES (?1, ?2, ?3)",
    [STMT_GET] = "SELECT " CASE_COLS "WHERE c.id = ?1",
    [STMT_COUNT] = "SELECT count(*) FROM cases c JOIN org_unit u ON u.id = "
                   "c.unit_id " CASE_WHERE,
    [STMT_LIST_NEWEST] =
        "SELECT " CASE_COLS CASE_WHERE "ORDER BY c.reported_at DESC, c.id DESC "
        "LIMIT ?11 OFFSET ?12",
    [STMT_LIST_RISK] = "SELECT " CASE_COLS CASE_WHERE
                       "ORDER BY coalesce(c.consequence * c.probability, 0) "
                       "DESC, c.reported_at DESC, c.id DESC "
                       "LIMIT ?11 OFFSET ?12",
    [STMT_UPDATE] =
        "UPDATE cases SET category_id = ?2, consequence = ?3, probability = "
        "?4, system_fault = ?5, care_injury = ?6, serious = ?7, feedback = "
        "?8, feedback_at = CASE WHEN ?8 IS NULL THEN NULL WHEN feedback IS "
        "?8 THEN feedback_at ELSE ?10 END, handler_id = ?9, updated_at = ?10 "
        "WHERE id = ?1",
    [STMT_TRANSITION] =
        "UPDATE cases SET state = ?3, state_since = ?5, unit_id = "
        "coalesce(?4, unit_id), reason = coalesce(?6, reason), closed_at = "
        "CASE WHEN ?3 IN ('closed', 'rejected') THEN ?5 ELSE NULL END, "
        "handler_id = CASE WHEN ?4 IS NULL THEN handler_id ELSE NULL END, "
        "updated_at = ?5 WHERE id = ?1 AND state = ?2",
    [STMT_EVENT_INSERT] =
        "INSERT INTO case_event (case_id, at, user_id, kind, from_state, "
        "to_state, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STMT_EVENTS] = "SELECT e.id, e.at, coalesce(e.user_id, 0), e.kind, "
                    "e.from_state, e.to_state, e.text, u.name FROM "
                    "case_event e LEFT JOIN app_user u ON u.id = e.user_id "
                    "WHERE e.case_id = ?1 ORDER BY e.id",
    [STMT_PATIENT_GET] = "SELECT pnr FROM case_patient WHERE case_id = ?1",
    [STMT_ACCESS_LOG] = "INSERT INTO patient_access_log (at, user_id, "
                        "case_id, purpose) VALUES (?1, ?2, ?3, ?4)",
    [STMT_CATEGORIES] =
        "SELECT c.id, coalesce(c.parent_id, 0), c.code, c.name, p.name FROM "
        "case_category c LEFT JOIN case_category p ON p.id = c.parent_id "
        "WHERE c.provider_id = ?1 AND c.active = 1 "
        "ORDER BY coalesce(p.name, c.name), c.parent_id IS NOT NULL, c.name",
    [STMT_CATEGORY_INSERT] = "INSERT INTO case_category (provider_id, "
                             "parent_id, code, name) VALUES (?1, ?2, ?3, ?4)",
    [STMT_INVESTIGATION] =
        "SELECT item, text FROM case_investigation WHERE case_id = ?1",
    [STMT_INVESTIGATION_SET] =
        "INSERT INTO case_investigation (case_id, item, text, updated_by, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (case_id, item) "
        "DO UPDATE SET text = excluded.text, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
};

const struct sq_table sq_tab_case = {SQ_CASE, stmts, STMT__MAX};

static void read_case(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_rec *c = elem;
    int i = 0;

    c->id = sq_int(s, i++);
    c->provider_id = sq_int(s, i++);
    c->unit_id = sq_int(s, i++);
    c->reporter_id = sq_int(s, i++);
    c->reporter_unit_id = sq_int(s, i++);
    c->handler_id = sq_int(s, i++);
    c->category_id = sq_int(s, i++);
    c->number = sq_str(a, s, i++);
    c->type = sq_str(a, s, i++);
    c->state = sq_str(a, s, i++);
    c->what = sq_str(a, s, i++);
    c->immediate_action = sq_str(a, s, i++);
    c->suggestion = sq_str(a, s, i++);
    c->feedback = sq_str(a, s, i++);
    c->reason = sq_str(a, s, i++);
    c->care_injury = sq_str(a, s, i++);
    c->occurred_at = sq_int(s, i++);
    c->discovered_at = sq_int(s, i++);
    c->reported_at = sq_int(s, i++);
    c->feedback_at = sq_int(s, i++);
    c->state_since = sq_int(s, i++);
    c->closed_at = sq_int(s, i++);
    c->created_at = sq_int(s, i++);
    c->updated_at = sq_int(s, i++);
    c->confidential = (int)sq_int(s, i++);
    c->patient_affected = (int)sq_int(s, i++);
    c->consequence = (int)sq_int(s, i++);
    c->probability = (int)sq_int(s, i++);
    c->system_fault = (int)sq_int(s, i++);
    c->serious = (int)sq_int(s, i++);
    c->has_patient = (int)sq_int(s, i++);
    c->unit_name = sq_str(a, s, i++);
    c->unit_code = sq_str(a, s, i++);
    c->unit_path = sq_str(a, s, i++);
    c->reporter_name = sq_str(a, s, i++);
    c->handler_name = sq_str(a, s, i++);
    c->category_name = sq_str(a, s, i++);
}

/* case_json is the audited view of a case: no patient identity. */
static char *case_json(struct arena *a, const struct case_rec *c)
{
    return sq_json(
        a, json_pack("{sI ss ss ss sI sI si si si si ss? ss? sI}", "id",
                     (json_int_t)c->id, "number", c->number, "type", c->type,
                     "state", c->state, "unit_id", (json_int_t)c->unit_id,
                     "category_id", (json_int_t)c->category_id, "consequence",
                     c->consequence, "probability", c->probability,
                     "system_fault", c->system_fault, "serious", c->serious,
                     "care_injury", c->care_injury, "feedback", c->feedback,
                     "handler_id", (json_int_t)c->handler_id));
}

static enum err add_event(struct store *st, int64_t case_id,
                          const struct actor *who, const char *kind,
                          const char *from, const char *to, const char *text)
{
    return sq_done(st, sq_start(st, &sq_tab_case, STMT_EVENT_INSERT, "iiItttt",
                                case_id, datetime_now(), who->user_id, kind,
                                from, to, text));
}

enum err store_case_create(struct store *st, const struct actor *who,
                           struct case_rec *c, const char *pnr,
                           int coordination)
{
    struct arena *a = arena_new();
    struct case_rec saved;
    struct tm tm;
    char like[16], number[32];
    int64_t now = datetime_now(), seq;
    sqlite3_stmt *s;
    enum err e;

    if (!a)
        return E_NOMEM;
    datetime_stockholm(now, &tm);
    snprintf(like, sizeof(like), "%04d-%%", tm.tm_year + 1900);
    s = sq_start(st, &sq_tab_case, STMT_NEXT_NUMBER, "it", c->provider_id,
                 like);
    if ((e = sq_row(st, s)))
        goto out;
    seq = sq_int(s, 0);
    sqlite3_reset(s);
    snprintf(number, sizeof(number), "%04d-%06lld", tm.tm_year + 1900,
             (long long)seq);
    e = sq_done(st,
                sq_start(st, &sq_tab_case, STMT_INSERT, "ittiIIiItttIIii",
                         c->provider_id, number, c->type, c->unit_id,
                         c->reporter_id, c->reporter_unit_id,
                         (int64_t)c->confidential, c->category_id, c->what,
                         sq_empty_null(c->immediate_action),
                         sq_empty_null(c->suggestion), c->occurred_at,
                         c->discovered_at, now, (int64_t)c->patient_affected));
    if (e)
        goto out;
    c->id = sqlite3_last_insert_rowid(st->db);
    if (pnr &&
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_PATIENT_INSERT, "iti",
                                  c->id, pnr, (int64_t)coordination))))
        goto out;
    if ((e = add_event(st, c->id, who, "reported", NULL, "new", NULL)) ||
        (e = store_case_get(st, a, c->id, &saved)))
        goto out;
    e = store_audit(st, who, "create", "case", c->id, NULL,
                    case_json(a, &saved));
    c->number = NULL; /* the caller's arena does not hold ours */
    c->state = "new";
out:
    arena_free(a);
    return e;
}

enum err store_case_get(struct store *st, struct arena *a, int64_t id,
                        struct case_rec *out)
{
    return sq_one(st, a, sq_start(st, &sq_tab_case, STMT_GET, "i", id),
                  read_case, out);
}

/* fts_query turns words typed by a user into an FTS5 query: each word
 * quoted (so operators and punctuation are plain text) and matched as a
 * prefix, all words required. NULL when there is no word. */
static const char *fts_query(struct arena *a, const char *q)
{
    struct buf b;
    const char *r = NULL, *p = q;

    if (!q)
        return NULL;
    buf_init(&b, 4096);
    while (*p) {
        const char *w;

        while (*p && (isspace((unsigned char)*p) || *p == '"'))
            p++;
        w = p;
        while (*p && !isspace((unsigned char)*p) && *p != '"')
            p++;
        if (p > w) {
            buf_adds(&b, b.len ? " \"" : "\"");
            buf_add(&b, w, (size_t)(p - w));
            buf_adds(&b, "\"*");
        }
    }
    if (!b.err && b.len)
        r = arena_strdup(a, b.p);
    buf_release(&b);
    return r;
}

enum err store_case_list(struct store *st, struct arena *a,
                         const struct case_filter *f, struct case_rec **out,
                         size_t *n, int64_t *total)
{
    const char *q = fts_query(a, sq_empty_null(f->q));
    int k = f->sort == CASE_SORT_RISK ? STMT_LIST_RISK : STMT_LIST_NEWEST;
    sqlite3_stmt *s;
    void *p = NULL;
    enum err e;

#define CASE_ARGS                                                              \
    f->scope_path, sq_empty_null(f->type), sq_empty_null(f->state),            \
        f->reporter_id, f->handler_id, f->category_id, f->from, f->to,         \
        (int64_t)(f->open_only ? 1 : 0), q
    s = sq_start(st, &sq_tab_case, STMT_COUNT, "tttIIIIIIt", CASE_ARGS);
    if ((e = sq_row(st, s)))
        return e;
    *total = sq_int(s, 0);
    sqlite3_reset(s);
    s = sq_start(st, &sq_tab_case, k, "tttIIIIIItii", CASE_ARGS,
                 (int64_t)(f->limit > 0 ? f->limit : 50), (int64_t)f->offset);
#undef CASE_ARGS
    e = sq_collect(st, a, s, sizeof(**out), read_case, &p, n);
    *out = p;
    return e;
}

enum err store_case_update(struct store *st, const struct actor *who,
                           const struct case_rec *c)
{
    struct arena *a = arena_new();
    struct case_rec before, after;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, c->id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_case, STMT_UPDATE, "iIIIntitIi", c->id,
                             c->category_id, (int64_t)c->consequence,
                             (int64_t)c->probability, (int64_t)c->system_fault,
                             sq_empty_null(c->care_injury), (int64_t)c->serious,
                             sq_empty_null(c->feedback), c->handler_id,
                             datetime_now()));
    if (e || (e = store_case_get(st, a, c->id, &after)))
        goto out;
    if ((e = add_event(st, c->id, who, "updated", NULL, NULL, NULL)))
        goto out;
    e = store_audit(st, who, "update", "case", c->id, case_json(a, &before),
                    case_json(a, &after));
out:
    arena_free(a);
    return e;
}

enum err store_case_transition(struct store *st, const struct actor *who,
                               int64_t id, const char *event,
                               const char *from_state, const char *to_state,
                               int64_t unit_id, const char *reason)
{
    struct arena *a = arena_new();
    struct case_rec before, after;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, id, &before)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_case, STMT_TRANSITION, "ittIit", id,
                             from_state, to_state, unit_id, datetime_now(),
                             sq_empty_null(reason)));
    if (e)
        goto out;
    if (sqlite3_changes(st->db) == 0) {
        e = E_CONFLICT; /* someone else moved it meanwhile */
        goto out;
    }
    if ((e = add_event(st, id, who, event, from_state, to_state, reason)) ||
        (e = store_case_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, event, "case", id, case_json(a, &before),
                    case_json(a, &after));
out:
    arena_free(a);
    return e;
}

static void read_event(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct case_event_row *ev = elem;

    ev->id = sq_int(s, 0);
    ev->at = sq_int(s, 1);
    ev->user_id = sq_int(s, 2);
    ev->kind = sq_str(a, s, 3);
    ev->from_state = sq_str(a, s, 4);
    ev->to_state = sq_str(a, s, 5);
    ev->text = sq_str(a, s, 6);
    ev->user_name = sq_str(a, s, 7);
}

enum err store_case_events(struct store *st, struct arena *a, int64_t id,
                           struct case_event_row **out, size_t *n)
{
    void *p = NULL;
    enum err e =
        sq_collect(st, a, sq_start(st, &sq_tab_case, STMT_EVENTS, "i", id),
                   sizeof(**out), read_event, &p, n);

    *out = p;
    return e;
}

enum err store_case_patient(struct store *st, struct arena *a,
                            const struct actor *who, int64_t case_id,
                            const char *purpose, const char **pnr)
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_PATIENT_GET, "i", case_id);
    enum err e = sq_row(st, s);

    if (e)
        return e;
    *pnr = sq_str(a, s, 0);
    sqlite3_reset(s);
    if (!*pnr)
        return E_NOMEM;
    /* patientdatalagen: every view of a patient identity is logged */
    return sq_done(st,
                   sq_start(st, &sq_tab_case, STMT_ACCESS_LOG, "iiit",
                            datetime_now(), who->user_id, case_id, purpose));
}

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
        st, a, sq_start(st, &sq_tab_case, STMT_CATEGORIES, "i", provider_id),
        sizeof(**out), read_category, &p, n);

    *out = p;
    return e;
}

enum err store_case_category_add(struct store *st, const struct actor *who,
                                 int64_t provider_id, struct case_category *c)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case, STMT_CATEGORY_INSERT, "iItt",
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

enum err store_case_investigation(struct store *st, struct arena *a,
                                  int64_t case_id, const char *items[INV__MAX])
{
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_case, STMT_INVESTIGATION, "i", case_id);
    enum err e;
    int i;

    for (i = 0; i < INV__MAX; i++)
        items[i] = NULL;
    while ((e = sq_row(st, s)) == E_OK) {
        const char *item = (const char *)sqlite3_column_text(s, 0);

        for (i = 0; i < INV__MAX; i++)
            if (item && strcmp(item, case_inv_item_str((enum inv_item)i)) == 0)
                items[i] = sq_str(a, s, 1);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_case_investigation_set(struct store *st, const struct actor *who,
                                      int64_t case_id, enum inv_item item,
                                      const char *text)
{
    struct arena *a;
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_case, STMT_INVESTIGATION_SET, "ittIi",
                             case_id, case_inv_item_str(item), text ? text : "",
                             who->user_id, datetime_now()));

    if (e || !(a = arena_new()))
        return e ? e : E_NOMEM;
    e = store_audit(
        st, who, "investigation", "case", case_id, NULL,
        sq_json(a, json_pack("{ss ss}", "item", case_inv_item_str(item), "text",
                             text ? text : "")));
    arena_free(a);
    return e;
}
