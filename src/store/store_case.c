/* store_case.c: cases of deviation management and their steps: the
 * report with its number, the handler's assessment, transitions, the
 * timeline, investigations, and moving a demo or imported case back in
 * time. Lists are in store_case_list.c, statistics in store_case_stats.c,
 * the clocks and patient identities in store_case_clock.c, categories in
 * store_case_category.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "store_case_int.h"

enum stmt {
    STMT_NEXT_NUMBER,
    STMT_INSERT,
    STMT_PATIENT_INSERT,
    STMT_GET,
    STMT_UPDATE,
    STMT_TRANSITION,
    STMT_EVENT_INSERT,
    STMT_EVENTS,
    STMT_INVESTIGATION,
    STMT_INVESTIGATION_SET,
    STMT_BACKDATE,
    STMT_BACKDATE_EVENTS,
    STMT_BACKDATE_INVESTIGATION,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* the highest number of a year ("2026-" <= n < "2026."): a search in
     * the UNIQUE index, not a count, and unique over all providers */
    [STMT_NEXT_NUMBER] = "SELECT max(number) FROM cases WHERE number >= ?1 "
                         "AND number < ?2",
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
    [STMT_UPDATE] =
        "UPDATE cases SET category_id = ?2, consequence = ?3, probability = "
        "?4, system_fault = ?5, care_injury = ?6, serious = ?7, feedback = "
        "?8, feedback_at = CASE WHEN ?8 IS NULL THEN NULL WHEN feedback IS "
        "?8 THEN feedback_at ELSE ?10 END, handler_id = ?9, updated_at = ?10, "
        "risk_score = ?11, risk_band = ?12 WHERE id = ?1",
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
    [STMT_INVESTIGATION] =
        "SELECT item, text FROM case_investigation WHERE case_id = ?1",
    [STMT_INVESTIGATION_SET] =
        "INSERT INTO case_investigation (case_id, item, text, updated_by, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (case_id, item) "
        "DO UPDATE SET text = excluded.text, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
    [STMT_BACKDATE] =
        "UPDATE cases SET occurred_at = ?2, discovered_at = ?3, reported_at "
        "= ?4, created_at = ?4, state_since = ?5, updated_at = ?5, closed_at "
        "= CASE WHEN state IN ('closed', 'rejected') THEN ?5 END, "
        "feedback_at = CASE WHEN feedback IS NULL THEN NULL ELSE ?5 END, "
        "number = coalesce(?6, number) WHERE id = ?1",
    /* the case's steps spread evenly, in order, from ?2 to ?3 */
    [STMT_BACKDATE_EVENTS] =
        "UPDATE case_event SET at = ?2 + (?3 - ?2) * (SELECT count(*) FROM "
        "case_event p WHERE p.case_id = ?1 AND p.id < case_event.id) / "
        "max(1, (SELECT count(*) - 1 FROM case_event q WHERE q.case_id = "
        "?1)) WHERE case_id = ?1",
    [STMT_BACKDATE_INVESTIGATION] =
        "UPDATE case_investigation SET updated_at = ?2 WHERE case_id = ?1",
};

const struct sq_table sq_tab_case = {SQ_CASE, stmts, STMT__MAX};

/* store_case_read: see store_case_int.h */
void store_case_read(struct arena *a, sqlite3_stmt *s, void *elem)
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
    c->lm_decided_at = sq_int(s, i++);
    c->lm_done_at = sq_int(s, i++);
    c->answer_due = sq_int(s, i++);
    c->answered_at = sq_int(s, i++);
    c->risk_score = (int)sq_int(s, i++);
    c->risk_band = sq_str(a, s, i++);
}

/* case_json is the audited view of a case: no patient identity. */
static char *case_json(struct arena *a, const struct case_rec *c)
{
    return sq_json(
        a, json_pack("{sI ss ss ss sI sI si si si si ss? ss? sI si ss?}", "id",
                     (json_int_t)c->id, "number", c->number, "type", c->type,
                     "state", c->state, "unit_id", (json_int_t)c->unit_id,
                     "category_id", (json_int_t)c->category_id, "consequence",
                     c->consequence, "probability", c->probability,
                     "system_fault", c->system_fault, "serious", c->serious,
                     "care_injury", c->care_injury, "feedback", c->feedback,
                     "handler_id", (json_int_t)c->handler_id, "risk_score",
                     c->risk_score, "risk_band", c->risk_band));
}

/* store_case_event_add: see store_case_int.h */
enum err store_case_event_add(struct store *st, int64_t case_id,
                              const struct actor *who, const char *kind,
                              const char *from, const char *to,
                              const char *text)
{
    return sq_done(st, sq_start(st, &sq_tab_case, STMT_EVENT_INSERT, "iiItttt",
                                case_id, datetime_now(), who->user_id, kind,
                                from, to, text));
}

/* next_number writes the next case number of year ("2026-000124"):
 * numbers are unique over all care providers (the column is UNIQUE). */
static enum err next_number(struct store *st, int year, char *out, size_t n)
{
    char lo[16], hi[16];
    const char *max;
    long long seq = 1;
    sqlite3_stmt *s;
    enum err e;

    snprintf(lo, sizeof(lo), "%04d-", year);
    snprintf(hi, sizeof(hi), "%04d.", year);
    s = sq_start(st, &sq_tab_case, STMT_NEXT_NUMBER, "tt", lo, hi);
    if ((e = sq_row(st, s)))
        return e;
    max = (const char *)sqlite3_column_text(s, 0);
    if (max && strlen(max) > 5)
        seq = strtoll(max + 5, NULL, 10) + 1;
    sqlite3_reset(s);
    snprintf(out, n, "%04d-%06lld", year, seq);
    return E_OK;
}

enum err store_case_create(struct store *st, const struct actor *who,
                           struct case_rec *c, const char *pnr,
                           int coordination)
{
    struct arena *a = arena_new();
    struct case_rec saved;
    struct tm tm;
    char number[48];
    int64_t now = datetime_now();
    enum err e;

    if (!a)
        return E_NOMEM;
    datetime_stockholm(now, &tm);
    if ((e = next_number(st, tm.tm_year + 1900, number, sizeof(number))))
        goto out;
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
    if ((e = store_case_event_add(st, c->id, who, "reported", NULL, "new",
                                  NULL)) ||
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
                  store_case_read, out);
}

/* assessed sets the score and band to store for c: kept as recorded when
 * the consequence and probability did not change (and c keeps them), else
 * judged under the care provider's matrix of today. */
static enum err assessed(struct store *st, struct arena *a,
                         const struct case_rec *before,
                         const struct case_rec *c, int *score,
                         const char **band)
{
    struct risk_matrix m;
    enum err e;

    *score = 0;
    *band = NULL;
    if (c->consequence < 1 || c->probability < 1)
        return E_OK;
    if (c->consequence == before->consequence &&
        c->probability == before->probability && c->risk_score > 0 &&
        c->risk_band) {
        *score = c->risk_score;
        *band = c->risk_band;
        return E_OK;
    }
    if ((e = store_risk_matrix(st, a, before->provider_id, &m, NULL)))
        return e;
    *score = risk_score(&m, c->consequence, c->probability);
    if (*score)
        *band = risk_band_str(risk_band_of(&m, *score));
    return E_OK;
}

enum err store_case_update(struct store *st, const struct actor *who,
                           const struct case_rec *c)
{
    struct arena *a = arena_new();
    struct case_rec before, after;
    const char *band;
    int score;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, c->id, &before)) ||
        (e = assessed(st, a, &before, c, &score, &band)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_case, STMT_UPDATE, "iIIIntitIiIt",
                             c->id, c->category_id, (int64_t)c->consequence,
                             (int64_t)c->probability, (int64_t)c->system_fault,
                             sq_empty_null(c->care_injury), (int64_t)c->serious,
                             sq_empty_null(c->feedback), c->handler_id,
                             datetime_now(), (int64_t)score, band));
    if (e || (e = store_case_get(st, a, c->id, &after)))
        goto out;
    if ((e = store_case_event_add(st, c->id, who, "updated", NULL, NULL, NULL)))
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
    if ((e = store_case_event_add(st, id, who, event, from_state, to_state,
                                  reason)) ||
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

enum err store_case_backdate(struct store *st, const struct actor *who,
                             int64_t id, const struct case_times *t)
{
    struct arena *a = arena_new();
    struct case_rec c;
    struct tm now_tm, tm;
    char number[48];
    const char *renumber = NULL;
    int64_t last = t->last_step_at ? t->last_step_at : t->reported_at;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_case_get(st, a, id, &c)))
        goto out;
    datetime_stockholm(c.reported_at, &now_tm);
    datetime_stockholm(t->reported_at, &tm);
    if (tm.tm_year != now_tm.tm_year) {
        if ((e = next_number(st, tm.tm_year + 1900, number, sizeof(number))))
            goto out;
        renumber = number;
    }
    if ((e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE, "iIIiit", id,
                                  t->occurred_at, t->discovered_at,
                                  t->reported_at, last, renumber))) ||
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE_EVENTS, "iii",
                                  id, t->reported_at, last))) ||
        (e = sq_done(st, sq_start(st, &sq_tab_case, STMT_BACKDATE_INVESTIGATION,
                                  "ii", id, last))))
        goto out;
    e = store_audit(
        st, who, "backdate", "case", id, NULL,
        sq_json(a, json_pack("{ss? sI sI}", "number", renumber, "reported_at",
                             (json_int_t)t->reported_at, "last_step_at",
                             (json_int_t)last)));
out:
    arena_free(a);
    return e;
}
