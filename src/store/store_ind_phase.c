/* store_ind_phase.c: an indicator's governed baselines (phases and
 * freezes, withdrawn but never deleted) and its annotations, per unit. Part
 * of the indicator store (see store_indicator.c).
 *
 * Audited: phases ("indicator_phase": create, withdraw) and annotations
 * ("indicator_annotation": create). */
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"
#include "store_ind_int.h"

#define PHASE_COLS                                                             \
    "p.id, p.indicator_id, p.unit_id, coalesce(p.created_by, 0), "             \
    "p.created_at, p.kind, p.period, p.reason, p.justification, au.name, "     \
    "p.withdrawn_at IS NOT NULL FROM indicator_phase p LEFT JOIN app_user au " \
    "ON au.id = p.created_by"
#define ANNOT_COLS                                                             \
    "n.id, n.indicator_id, n.unit_id, n.created_at, n.period, n.kind, "        \
    "n.text, au.name FROM indicator_annotation n LEFT JOIN app_user au ON "    \
    "au.id = n.created_by"

enum stmt {
    STMT_PHASE_INSERT,
    STMT_PHASE_GET,
    STMT_PHASE_WITHDRAW,
    STMT_PHASE_LIST,
    STMT_ANNOT_INSERT,
    STMT_ANNOT_GET,
    STMT_ANNOT_LIST,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_PHASE_INSERT] =
        "INSERT INTO indicator_phase (indicator_id, unit_id, kind, period, "
        "reason, justification, created_by, created_at) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8)",
    [STMT_PHASE_GET] = "SELECT " PHASE_COLS " WHERE p.id = ?1",
    [STMT_PHASE_WITHDRAW] =
        "UPDATE indicator_phase SET withdrawn_by = ?2, withdrawn_at = ?3 "
        "WHERE id = ?1 AND withdrawn_at IS NULL",
    [STMT_PHASE_LIST] = "SELECT " PHASE_COLS " WHERE p.indicator_id = ?1 AND "
                        "(?2 IS NULL OR p.unit_id = ?2) ORDER BY p.period, "
                        "p.id",
    [STMT_ANNOT_INSERT] =
        "INSERT INTO indicator_annotation (indicator_id, unit_id, period, "
        "kind, text, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7)",
    [STMT_ANNOT_GET] = "SELECT " ANNOT_COLS " WHERE n.id = ?1",
    [STMT_ANNOT_LIST] = "SELECT " ANNOT_COLS " WHERE n.indicator_id = ?1 AND "
                        "(?2 IS NULL OR n.unit_id = ?2) ORDER BY n.period, "
                        "n.id",
};

const struct sq_table sq_tab_ind_phase = {SQ_IND_PHASE, stmts, STMT__MAX};

/* ---- phases ---- */

static void read_phase(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct ind_phase *p = elem;

    p->id = sq_int(s, 0);
    p->indicator_id = sq_int(s, 1);
    p->unit_id = sq_int(s, 2);
    p->created_by = sq_int(s, 3);
    p->created_at = sq_int(s, 4);
    p->kind = sq_str(a, s, 5);
    p->period = sq_str(a, s, 6);
    p->reason = sq_str(a, s, 7);
    p->justification = sq_str(a, s, 8);
    p->created_by_name = sq_str(a, s, 9);
    p->withdrawn = (int)sq_int(s, 10);
}

static enum err phase_get(struct store *st, struct arena *a, int64_t id,
                          struct ind_phase *p)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_ind_phase, STMT_PHASE_GET, "i", id);
    enum err e = sq_row(st, s);

    if (!e) {
        read_phase(a, s, p);
        sqlite3_reset(s);
    }
    return e;
}

static char *phase_json(struct arena *a, const struct ind_phase *p)
{
    return sq_json(a,
                   json_pack("{sI sI ss ss ss so sb}", "indicator_id",
                             (json_int_t)p->indicator_id, "unit_id",
                             (json_int_t)p->unit_id, "kind", p->kind, "period",
                             p->period, "reason", p->reason, "justification",
                             store_ind_jstr(p->justification), "withdrawn",
                             p->withdrawn));
}

enum err store_phase_add(struct store *st, const struct actor *who,
                         struct ind_phase *p)
{
    struct arena *a;
    struct ind_phase got;
    enum err e;

    if (!p->kind ||
        (strcmp(p->kind, "freeze") != 0 && strcmp(p->kind, "phase") != 0) ||
        !p->period || !*p->period || !p->reason || !*p->reason)
        return E_INVAL;
    p->created_by = who ? who->user_id : 0;
    p->created_at = datetime_now();
    e = sq_done(st,
                sq_start(st, &sq_tab_ind_phase, STMT_PHASE_INSERT, "iittttIi",
                         p->indicator_id, p->unit_id, p->kind, p->period,
                         p->reason, sq_empty_null(p->justification),
                         p->created_by, p->created_at));
    if (e)
        return e;
    p->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    if (!(e = phase_get(st, a, p->id, &got)))
        e = store_audit(st, who, "create", "indicator_phase", p->id, NULL,
                        phase_json(a, &got));
    arena_free(a);
    return e;
}

enum err store_phase_withdraw(struct store *st, const struct actor *who,
                              int64_t id)
{
    struct arena *a = arena_new();
    struct ind_phase before, after;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = phase_get(st, a, id, &before)))
        goto out;
    if (before.withdrawn) {
        e = E_CONFLICT;
        goto out;
    }
    e = sq_done(st, sq_start(st, &sq_tab_ind_phase, STMT_PHASE_WITHDRAW, "iIi",
                             id, who ? who->user_id : 0, datetime_now()));
    if (e || (e = phase_get(st, a, id, &after)))
        goto out;
    e = store_audit(st, who, "withdraw", "indicator_phase", id,
                    phase_json(a, &before), phase_json(a, &after));
out:
    arena_free(a);
    return e;
}

enum err store_phase_list(struct store *st, struct arena *a,
                          int64_t indicator_id, int64_t unit_id,
                          struct ind_phase **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_ind_phase, STMT_PHASE_LIST,
                                     "iI", indicator_id, unit_id),
                            sizeof(**out), read_phase, &p, n);

    *out = p;
    return e;
}

/* ---- annotations ---- */

static void read_annot(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct ind_annotation *n = elem;

    n->id = sq_int(s, 0);
    n->indicator_id = sq_int(s, 1);
    n->unit_id = sq_int(s, 2);
    n->created_at = sq_int(s, 3);
    n->period = sq_str(a, s, 4);
    n->kind = sq_str(a, s, 5);
    n->text = sq_str(a, s, 6);
    n->created_by_name = sq_str(a, s, 7);
}

enum err store_annotation_add(struct store *st, const struct actor *who,
                              struct ind_annotation *an)
{
    static const char *const kinds[] = {"intervention", "pdsa", "action",
                                        "note"};
    struct arena *a;
    sqlite3_stmt *s;
    size_t i;
    enum err e;

    for (i = 0; an->kind && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(an->kind, kinds[i]) == 0)
            break;
    if (!an->kind || i == sizeof(kinds) / sizeof(kinds[0]) || !an->period ||
        !*an->period || !an->text || !*an->text)
        return E_INVAL;
    an->created_at = datetime_now();
    e = sq_done(st,
                sq_start(st, &sq_tab_ind_phase, STMT_ANNOT_INSERT, "iitttIi",
                         an->indicator_id, an->unit_id, an->period, an->kind,
                         an->text, who ? who->user_id : 0, an->created_at));
    if (e)
        return e;
    an->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    s = sq_start(st, &sq_tab_ind_phase, STMT_ANNOT_GET, "i", an->id);
    if (!(e = sq_row(st, s))) {
        struct ind_annotation got;

        read_annot(a, s, &got);
        sqlite3_reset(s);
        e = store_audit(
            st, who, "create", "indicator_annotation", an->id, NULL,
            sq_json(a, json_pack("{sI sI ss ss ss}", "indicator_id",
                                 (json_int_t)got.indicator_id, "unit_id",
                                 (json_int_t)got.unit_id, "period", got.period,
                                 "kind", got.kind, "text", got.text)));
    }
    arena_free(a);
    return e;
}

enum err store_annotation_list(struct store *st, struct arena *a,
                               int64_t indicator_id, int64_t unit_id,
                               struct ind_annotation **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_ind_phase, STMT_ANNOT_LIST,
                                     "iI", indicator_id, unit_id),
                            sizeof(**out), read_annot, &p, n);

    *out = p;
    return e;
}
