/* store_risk.c: a care provider's own risk matrix (migration 017): the
 * thresholds and the event-analysis rule in risk_matrix, the labels of the
 * levels in risk_matrix_label. No row means the defaults of core/risk.c.
 * Every change is audited with the matrix before and after. */
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

enum stmt {
    STMT_GET,
    STMT_LABELS,
    STMT_UPSERT,
    STMT_LABELS_DELETE,
    STMT_LABEL_INSERT,
    STMT_DELETE,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_GET] = "SELECT levels, low_max, medium_max, analysis_score, "
                 "analysis_consequence FROM risk_matrix WHERE provider_id = ?1",
    [STMT_LABELS] = "SELECT axis, level, label FROM risk_matrix_label WHERE "
                    "provider_id = ?1 ORDER BY axis, level",
    [STMT_UPSERT] =
        "INSERT INTO risk_matrix (provider_id, levels, low_max, medium_max, "
        "analysis_score, analysis_consequence, updated_at) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6, ?7) ON CONFLICT (provider_id) DO UPDATE SET levels "
        "= excluded.levels, low_max = excluded.low_max, medium_max = "
        "excluded.medium_max, analysis_score = excluded.analysis_score, "
        "analysis_consequence = excluded.analysis_consequence, updated_at = "
        "excluded.updated_at",
    [STMT_LABELS_DELETE] =
        "DELETE FROM risk_matrix_label WHERE provider_id = ?1",
    [STMT_LABEL_INSERT] = "INSERT INTO risk_matrix_label (provider_id, axis, "
                          "level, label) VALUES (?1, ?2, ?3, ?4)",
    [STMT_DELETE] = "DELETE FROM risk_matrix WHERE provider_id = ?1",
};

const struct sq_table sq_tab_risk = {SQ_RISK, stmts, STMT__MAX};

static void read_matrix(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct risk_matrix *m = elem;

    (void)a;
    m->levels = (int)sq_int(s, 0);
    m->low_max = (int)sq_int(s, 1);
    m->medium_max = (int)sq_int(s, 2);
    m->analysis_score = (int)sq_int(s, 3);
    m->analysis_consequence = (int)sq_int(s, 4);
}

enum err store_risk_matrix(struct store *st, struct arena *a,
                           int64_t provider_id, struct risk_matrix *m,
                           int *custom)
{
    sqlite3_stmt *s;
    enum err e;

    risk_matrix_default(m);
    if (custom)
        *custom = 0;
    e = sq_one(st, a, sq_start(st, &sq_tab_risk, STMT_GET, "i", provider_id),
               read_matrix, m);
    if (e == E_NOTFOUND)
        return E_OK;
    if (e)
        return e;
    if (custom)
        *custom = 1;
    s = sq_start(st, &sq_tab_risk, STMT_LABELS, "i", provider_id);
    while ((e = sq_row(st, s)) == E_OK) {
        const char *axis = (const char *)sqlite3_column_text(s, 0);
        int level = (int)sq_int(s, 1);

        if (level < 1 || level > RISK_LEVELS_MAX || !axis)
            continue;
        if (strcmp(axis, "consequence") == 0)
            m->consequence_label[level] = sq_str(a, s, 2);
        else
            m->probability_label[level] = sq_str(a, s, 2);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

/* matrix_json is the audited view of a matrix: null for the defaults. */
static json_t *matrix_json(const struct risk_matrix *m, int custom)
{
    json_t *j, *c, *p;
    int k;

    if (!custom)
        return json_null();
    j = json_pack("{si si si si si}", "levels", m->levels, "low_max",
                  m->low_max, "medium_max", m->medium_max, "analysis_score",
                  m->analysis_score, "analysis_consequence",
                  m->analysis_consequence);
    c = json_array();
    p = json_array();
    for (k = 1; k <= m->levels && k <= RISK_LEVELS_MAX; k++) {
        json_array_append_new(c, m->consequence_label[k]
                                     ? json_string(m->consequence_label[k])
                                     : json_null());
        json_array_append_new(p, m->probability_label[k]
                                     ? json_string(m->probability_label[k])
                                     : json_null());
    }
    json_object_set_new(j, "consequence_labels", c);
    json_object_set_new(j, "probability_labels", p);
    return j;
}

static enum err audit(struct store *st, struct arena *a,
                      const struct actor *who, int64_t provider_id,
                      const struct risk_matrix *before, int had,
                      const struct risk_matrix *after, int has)
{
    return store_audit(st, who, had ? (has ? "update" : "delete") : "create",
                       "risk_matrix", provider_id,
                       had ? sq_json(a, matrix_json(before, had)) : NULL,
                       has ? sq_json(a, matrix_json(after, has)) : NULL);
}

static enum err put_labels(struct store *st, int64_t provider_id,
                           const char *axis, const char *const *label,
                           int levels)
{
    enum err e = E_OK;
    int k;

    for (k = 1; k <= levels && !e; k++)
        if (label[k])
            e = sq_done(st,
                        sq_start(st, &sq_tab_risk, STMT_LABEL_INSERT, "itit",
                                 provider_id, axis, (int64_t)k, label[k]));
    return e;
}

enum err store_risk_matrix_set(struct store *st, const struct actor *who,
                               int64_t provider_id, const struct risk_matrix *m)
{
    struct arena *a = arena_new();
    struct risk_matrix before;
    int had;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_risk_matrix(st, a, provider_id, &before, &had)))
        goto out;
    if ((e = sq_done(
             st, sq_start(st, &sq_tab_risk, STMT_UPSERT, "iiiiiii", provider_id,
                          (int64_t)m->levels, (int64_t)m->low_max,
                          (int64_t)m->medium_max, (int64_t)m->analysis_score,
                          (int64_t)m->analysis_consequence, datetime_now()))) ||
        (e = sq_done(st, sq_start(st, &sq_tab_risk, STMT_LABELS_DELETE, "i",
                                  provider_id))) ||
        (e = put_labels(st, provider_id, "consequence", m->consequence_label,
                        m->levels)) ||
        (e = put_labels(st, provider_id, "probability", m->probability_label,
                        m->levels)))
        goto out;
    e = audit(st, a, who, provider_id, &before, had, m, 1);
out:
    arena_free(a);
    return e;
}

enum err store_risk_matrix_reset(struct store *st, const struct actor *who,
                                 int64_t provider_id)
{
    struct arena *a = arena_new();
    struct risk_matrix before;
    int had;
    enum err e;

    if (!a)
        return E_NOMEM;
    if ((e = store_risk_matrix(st, a, provider_id, &before, &had)) || !had)
        goto out;
    if ((e = sq_done(st, sq_start(st, &sq_tab_risk, STMT_LABELS_DELETE, "i",
                                  provider_id))) ||
        (e = sq_done(
             st, sq_start(st, &sq_tab_risk, STMT_DELETE, "i", provider_id))))
        goto out;
    e = audit(st, a, who, provider_id, &before, had, NULL, 0);
out:
    arena_free(a);
    return e;
}
