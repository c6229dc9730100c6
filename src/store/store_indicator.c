/* store_indicator.c: the indicator catalogue and its tags, the focus areas
 * and patient groups of a care provider.
 *
 * The indicator store is split by subject, each file with its own statement
 * table: this file; store_ind_value.c (values per unit and period, series,
 * national averages); store_ind_rollup.c (recomputing the rollup of
 * migration 008, also in bulk after an import); store_ind_phase.c (governed
 * baselines and annotations). store_ind_int.h holds what they share.
 *
 * Audited: catalogue changes (entity "indicator") and tag changes
 * ("focus_area", "patient_group"; an indicator's tag set as "indicator",
 * action "tags"). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"
#include "store_ind_int.h"

#define IND_COLS                                                               \
    "id, provider_id, code, name, description, numerator_def, "                \
    "denominator_def, unit, direction, dimension, source, periodicity, "       \
    "target_moderate, target_high, chart, multiply, active, created_at, "      \
    "updated_at"

enum stmt {
    STMT_IND_GET,
    STMT_IND_LIST,
    STMT_IND_INSERT,
    STMT_IND_UPDATE,
    STMT_FOCUS_LIST,
    STMT_GROUP_LIST,
    STMT_FOCUS_GET,
    STMT_GROUP_GET,
    STMT_FOCUS_INSERT,
    STMT_GROUP_INSERT,
    STMT_FOCUS_UPDATE,
    STMT_GROUP_UPDATE,
    STMT_IND_FOCUS_CLEAR,
    STMT_IND_GROUP_CLEAR,
    STMT_IND_FOCUS_ADD,
    STMT_IND_GROUP_ADD,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_IND_GET] = "SELECT " IND_COLS " FROM indicator WHERE code = ?1",
    [STMT_IND_LIST] =
        "SELECT " IND_COLS " FROM indicator i WHERE (?1 IS NULL OR "
        "provider_id = ?1) AND (?2 IS NULL OR EXISTS (SELECT 1 FROM "
        "indicator_focus f WHERE f.indicator_id = i.id AND "
        "f.focus_area_id = ?2)) AND (?3 IS NULL OR EXISTS (SELECT 1 FROM "
        "indicator_group g WHERE g.indicator_id = i.id AND "
        "g.patient_group_id = ?3)) AND (?4 IS NULL OR dimension = ?4) AND "
        "(?5 IS NULL OR instr(lower(code), lower(?5)) > 0 OR "
        "instr(lower(name), lower(?5)) > 0) AND (?6 = 1 OR active = 1) "
        "ORDER BY code",
    [STMT_IND_INSERT] =
        "INSERT INTO indicator (provider_id, code, name, description, "
        "numerator_def, denominator_def, unit, direction, dimension, source, "
        "periodicity, target_moderate, target_high, chart, multiply, active, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    [STMT_IND_UPDATE] =
        "UPDATE indicator SET name = ?2, description = ?3, numerator_def = "
        "?4, denominator_def = ?5, unit = ?6, direction = ?7, dimension = ?8, "
        "source = ?9, periodicity = ?10, target_moderate = ?11, target_high "
        "= ?12, chart = ?13, multiply = ?14, active = ?15, updated_at = ?16 "
        "WHERE id = ?1",
    [STMT_FOCUS_LIST] =
        "SELECT t.id, t.provider_id, t.code, t.name FROM focus_area t WHERE "
        "(?1 IS NULL OR t.provider_id = ?1) AND (?2 IS NULL OR EXISTS "
        "(SELECT 1 FROM indicator_focus x WHERE x.focus_area_id = t.id AND "
        "x.indicator_id = ?2)) ORDER BY t.code",
    [STMT_GROUP_LIST] =
        "SELECT t.id, t.provider_id, t.code, t.name FROM patient_group t "
        "WHERE (?1 IS NULL OR t.provider_id = ?1) AND (?2 IS NULL OR EXISTS "
        "(SELECT 1 FROM indicator_group x WHERE x.patient_group_id = t.id "
        "AND x.indicator_id = ?2)) ORDER BY t.code",
    [STMT_FOCUS_GET] = "SELECT id, provider_id, code, name FROM focus_area "
                       "WHERE provider_id = ?1 AND code = ?2",
    [STMT_GROUP_GET] = "SELECT id, provider_id, code, name FROM "
                       "patient_group WHERE provider_id = ?1 AND code = ?2",
    [STMT_FOCUS_INSERT] = "INSERT INTO focus_area (provider_id, code, name) "
                          "VALUES (?1, ?2, ?3)",
    [STMT_GROUP_INSERT] = "INSERT INTO patient_group (provider_id, code, "
                          "name) VALUES (?1, ?2, ?3)",
    [STMT_FOCUS_UPDATE] = "UPDATE focus_area SET name = ?2 WHERE id = ?1",
    [STMT_GROUP_UPDATE] = "UPDATE patient_group SET name = ?2 WHERE id = ?1",
    [STMT_IND_FOCUS_CLEAR] =
        "DELETE FROM indicator_focus WHERE indicator_id = ?1",
    [STMT_IND_GROUP_CLEAR] =
        "DELETE FROM indicator_group WHERE indicator_id = ?1",
    [STMT_IND_FOCUS_ADD] = "INSERT OR IGNORE INTO indicator_focus "
                           "(indicator_id, focus_area_id) VALUES (?1, ?2)",
    [STMT_IND_GROUP_ADD] = "INSERT OR IGNORE INTO indicator_group "
                           "(indicator_id, patient_group_id) VALUES (?1, ?2)",
};

const struct sq_table sq_tab_indicator = {SQ_INDICATOR, stmts, STMT__MAX};

/* ---- catalogue ---- */

static void read_ind(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct indicator *i = elem;

    i->id = sq_int(s, 0);
    i->provider_id = sq_int(s, 1);
    i->code = sq_str(a, s, 2);
    i->name = sq_str(a, s, 3);
    i->description = sq_str(a, s, 4);
    i->numerator_def = sq_str(a, s, 5);
    i->denominator_def = sq_str(a, s, 6);
    i->unit = sq_str(a, s, 7);
    i->direction = sq_str(a, s, 8);
    i->dimension = sq_str(a, s, 9);
    i->source = sq_str(a, s, 10);
    i->periodicity = sq_str(a, s, 11);
    i->target_moderate = sq_dbl(s, 12);
    i->target_high = sq_dbl(s, 13);
    i->chart = sq_str(a, s, 14);
    i->multiply = sq_dbl(s, 15);
    i->active = (int)sq_int(s, 16);
    i->created_at = sq_int(s, 17);
    i->updated_at = sq_int(s, 18);
}

enum err store_indicator_get(struct store *st, struct arena *a,
                             const char *code, struct indicator *out)
{
    return sq_one(st, a,
                  sq_start(st, &sq_tab_indicator, STMT_IND_GET, "t", code),
                  read_ind, out);
}

enum err store_indicator_list(struct store *st, struct arena *a,
                              const struct ind_filter *f,
                              struct indicator **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        sq_start(st, &sq_tab_indicator, STMT_IND_LIST, "IIIttI", f->provider_id,
                 f->focus_area_id, f->patient_group_id,
                 sq_empty_null(f->dimension), sq_empty_null(f->q),
                 (int64_t)(f->include_inactive != 0)),
        sizeof(**out), read_ind, &p, n);

    *out = p;
    return e;
}

/* store_ind_jstr: see store_ind_int.h */
json_t *store_ind_jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *jnum(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

/* ind_json: the catalogue fields only (no id or timestamps), so equal
 * records give equal text. */
static char *ind_json(struct arena *a, const struct indicator *i)
{
    json_t *j = json_object();

    if (!j)
        return NULL;
    json_object_set_new(j, "code", store_ind_jstr(i->code));
    json_object_set_new(j, "provider_id", json_integer(i->provider_id));
    json_object_set_new(j, "name", store_ind_jstr(i->name));
    json_object_set_new(j, "description", store_ind_jstr(i->description));
    json_object_set_new(j, "numerator_def", store_ind_jstr(i->numerator_def));
    json_object_set_new(j, "denominator_def",
                        store_ind_jstr(i->denominator_def));
    json_object_set_new(j, "unit", json_string(i->unit ? i->unit : ""));
    json_object_set_new(j, "direction", store_ind_jstr(i->direction));
    json_object_set_new(j, "dimension", store_ind_jstr(i->dimension));
    json_object_set_new(j, "source", store_ind_jstr(i->source));
    json_object_set_new(j, "periodicity", store_ind_jstr(i->periodicity));
    json_object_set_new(j, "target_moderate", jnum(i->target_moderate));
    json_object_set_new(j, "target_high", jnum(i->target_high));
    json_object_set_new(j, "chart", store_ind_jstr(i->chart));
    json_object_set_new(j, "multiply", jnum(i->multiply));
    json_object_set_new(j, "active", json_boolean(i->active));
    return sq_json(a, j);
}

enum err store_indicator_upsert(struct store *st, const struct actor *who,
                                struct indicator *ind, int *changed)
{
    struct arena *a = arena_new();
    struct indicator before = {0}, after = {0};
    const char *bj = NULL, *aj;
    int64_t now = datetime_now();
    enum err e;

    *changed = 0;
    if (!a)
        return E_NOMEM;
    if (!ind->periodicity)
        ind->periodicity = "month";
    if (!ind->chart)
        ind->chart = "run";
    if (!(isfinite(ind->multiply) && ind->multiply > 0))
        ind->multiply = 1;
    e = store_indicator_get(st, a, ind->code, &before);
    if (e && e != E_NOTFOUND)
        goto out;
    if (!e) {
        if (!ind->provider_id)
            ind->provider_id = before.provider_id;
        bj = ind_json(a, &before);
        aj = ind_json(a, ind);
        if (!bj || !aj) {
            e = E_NOMEM;
            goto out;
        }
        ind->id = before.id;
        ind->created_at = before.created_at;
        if (strcmp(bj, aj) == 0) {
            ind->updated_at = before.updated_at;
            e = E_OK;
            goto out;
        }
        e = sq_done(st, sq_start(st, &sq_tab_indicator, STMT_IND_UPDATE,
                                 "itttttttttDDtdii", ind->id, ind->name,
                                 sq_empty_null(ind->description),
                                 sq_empty_null(ind->numerator_def),
                                 sq_empty_null(ind->denominator_def),
                                 ind->unit ? ind->unit : "", ind->direction,
                                 ind->dimension, sq_empty_null(ind->source),
                                 ind->periodicity, ind->target_moderate,
                                 ind->target_high, ind->chart, ind->multiply,
                                 (int64_t)(ind->active != 0), now));
        ind->updated_at = now;
    } else {
        if (!ind->provider_id) {
            snprintf(st->errmsg, sizeof(st->errmsg),
                     "indicator %s has no care provider", ind->code);
            e = E_INVAL;
            goto out;
        }
        e = sq_done(st,
                    sq_start(st, &sq_tab_indicator, STMT_IND_INSERT,
                             "ittttttttttDDtdii", ind->provider_id, ind->code,
                             ind->name, sq_empty_null(ind->description),
                             sq_empty_null(ind->numerator_def),
                             sq_empty_null(ind->denominator_def),
                             ind->unit ? ind->unit : "", ind->direction,
                             ind->dimension, sq_empty_null(ind->source),
                             ind->periodicity, ind->target_moderate,
                             ind->target_high, ind->chart, ind->multiply,
                             (int64_t)(ind->active != 0), now));
        if (!e)
            ind->id = sqlite3_last_insert_rowid(st->db);
        ind->created_at = ind->updated_at = now;
    }
    if (e || (e = store_indicator_get(st, a, ind->code, &after)))
        goto out;
    *changed = 1;
    e = store_audit(st, who, bj ? "update" : "create", "indicator", ind->id, bj,
                    ind_json(a, &after));
out:
    arena_free(a);
    return e;
}

/* ---- focus areas and patient groups ---- */

static int tag_kind(const char *kind)
{
    if (kind && strcmp(kind, "focus") == 0)
        return 0;
    if (kind && strcmp(kind, "group") == 0)
        return 1;
    return -1;
}

static void read_tag(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct ind_tag *t = elem;

    t->id = sq_int(s, 0);
    t->provider_id = sq_int(s, 1);
    t->code = sq_str(a, s, 2);
    t->name = sq_str(a, s, 3);
}

enum err store_indicator_tags(struct store *st, struct arena *a,
                              const char *kind, int64_t provider_id,
                              int64_t indicator_id, struct ind_tag **out,
                              size_t *n)
{
    int k = tag_kind(kind);
    void *p = NULL;
    enum err e;

    *out = NULL;
    *n = 0;
    if (k < 0)
        return E_INVAL;
    e = sq_collect(st, a,
                   sq_start(st, &sq_tab_indicator,
                            k ? STMT_GROUP_LIST : STMT_FOCUS_LIST, "II",
                            provider_id, indicator_id),
                   sizeof(**out), read_tag, &p, n);
    *out = p;
    return e;
}

static char *tag_json(struct arena *a, const struct ind_tag *t)
{
    return sq_json(a, json_pack("{sI ss ss}", "provider_id",
                                (json_int_t)t->provider_id, "code", t->code,
                                "name", t->name));
}

enum err store_tag_upsert(struct store *st, const struct actor *who,
                          const char *kind, struct ind_tag *t)
{
    int k = tag_kind(kind);
    const char *entity = k ? "patient_group" : "focus_area";
    struct arena *a;
    struct ind_tag before = {0};
    sqlite3_stmt *s;
    enum err e;

    if (k < 0 || !t->code || !*t->code || !t->name || !*t->name)
        return E_INVAL;
    if (!(a = arena_new()))
        return E_NOMEM;
    s = sq_start(st, &sq_tab_indicator, k ? STMT_GROUP_GET : STMT_FOCUS_GET,
                 "it", t->provider_id, t->code);
    if ((e = sq_row(st, s)) == E_OK) {
        read_tag(a, s, &before);
        sqlite3_reset(s);
        t->id = before.id;
        if (strcmp(before.name, t->name) == 0)
            goto out;
        e = sq_done(st, sq_start(st, &sq_tab_indicator,
                                 k ? STMT_GROUP_UPDATE : STMT_FOCUS_UPDATE,
                                 "it", t->id, t->name));
        if (!e)
            e = store_audit(st, who, "update", entity, t->id,
                            tag_json(a, &before), tag_json(a, t));
    } else if (e == E_NOTFOUND) {
        e = sq_done(st, sq_start(st, &sq_tab_indicator,
                                 k ? STMT_GROUP_INSERT : STMT_FOCUS_INSERT,
                                 "itt", t->provider_id, t->code, t->name));
        if (!e) {
            t->id = sqlite3_last_insert_rowid(st->db);
            e = store_audit(st, who, "create", entity, t->id, NULL,
                            tag_json(a, t));
        }
    }
out:
    arena_free(a);
    return e;
}

static char *tags_json(struct arena *a, const char *kind,
                       const struct ind_tag *t, size_t n)
{
    json_t *arr = json_array();
    size_t i;

    for (i = 0; arr && i < n; i++)
        json_array_append_new(arr, json_string(t[i].code));
    return sq_json(a, json_pack("{so}", kind, arr));
}

enum err store_indicator_tag_set(struct store *st, const struct actor *who,
                                 int64_t indicator_id, const char *kind,
                                 const int64_t *tag_ids, size_t n)
{
    int k = tag_kind(kind);
    struct arena *a;
    struct ind_tag *before, *after;
    size_t nb, na, i;
    const char *bj, *aj;
    enum err e;

    if (k < 0)
        return E_INVAL;
    if (!(a = arena_new()))
        return E_NOMEM;
    if ((e = store_indicator_tags(st, a, kind, 0, indicator_id, &before, &nb)))
        goto out;
    e = sq_done(st, sq_start(st, &sq_tab_indicator,
                             k ? STMT_IND_GROUP_CLEAR : STMT_IND_FOCUS_CLEAR,
                             "i", indicator_id));
    for (i = 0; !e && i < n; i++)
        e = sq_done(st, sq_start(st, &sq_tab_indicator,
                                 k ? STMT_IND_GROUP_ADD : STMT_IND_FOCUS_ADD,
                                 "ii", indicator_id, tag_ids[i]));
    if (e ||
        (e = store_indicator_tags(st, a, kind, 0, indicator_id, &after, &na)))
        goto out;
    bj = tags_json(a, kind, before, nb);
    aj = tags_json(a, kind, after, na);
    if (bj && aj && strcmp(bj, aj) != 0)
        e = store_audit(st, who, "tags", "indicator", indicator_id, bj, aj);
out:
    arena_free(a);
    return e;
}
