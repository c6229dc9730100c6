/* store_indicator.c: the indicator catalogue, its focus areas and patient
 * groups, values per unit and period, national averages, governed
 * baselines (phases) and annotations.
 *
 * Audited: catalogue changes (entity "indicator"), tag changes
 * ("focus_area", "patient_group"; an indicator's tag set as "indicator",
 * action "tags"), phases ("indicator_phase") and annotations
 * ("indicator_annotation"). Values and national averages are not audited
 * per row; an import writes one entry per file.
 *
 * store_value_upsert and store_national_upsert set *changed to 0 when the
 * stored row was equal already, 1 when a row was created and 2 when one was
 * updated (so an import can count created / updated / unchanged).
 *
 * store_value_upsert refuses (E_INVAL) a numerator without a denominator
 * or the reverse, so sums of the two always pair up.
 *
 * store_series aggregates per period over every unit whose path starts
 * with scope_path (all units when scope_path is NULL):
 *   numerator   = the sum of the units' numerators (NULL when none);
 *   denominator = the sum of their denominators;
 *   value       = numerator / denominator x the indicator's multiply when
 *                 any unit has a denominator (NULL when the sum is 0);
 *                 otherwise the mean of the units' values.
 * A unit's stored value is kept as given: for a ratio indicator it is
 * usually NULL and derived as above.
 *
 * The rollup (migration 008, indicator_rollup) holds those sums per unit
 * subtree, indicator and period, so when scope_path is a unit's path
 * store_series is one range read by key (and store_series_unit reads every
 * indicator's series of a unit in one statement, for the dashboard); for
 * NULL or another prefix it aggregates the values as before (the covering
 * index indicator_value_series of migration 003). Keeping it up to date:
 * - store_value_upsert adds the difference old -> new to the unit and each
 *   ancestor (one statement, ancestors by parent_id), in the caller's
 *   transaction. Exact for integer sums (counts); for fractional data the
 *   sums can differ from a fresh aggregation by rounding (~1e-15 relative).
 * - store_value_load skips that; the caller (ska import) then calls
 *   store_indicator_rollup_refresh_pairs once with every indicator and
 *   period it changed, which recomputes those rows exactly from the values
 *   in one pass (store_indicator_rollup_refresh does one pair).
 * - store_indicator_rollup_rebuild recomputes the whole table (migration
 *   008 runs the same statement once), after writes around the store. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

#define IND_COLS                                                               \
    "id, provider_id, code, name, description, numerator_def, "                \
    "denominator_def, unit, direction, dimension, source, periodicity, "       \
    "target_moderate, target_high, chart, multiply, active, created_at, "      \
    "updated_at"
#define PHASE_COLS                                                             \
    "p.id, p.indicator_id, p.unit_id, coalesce(p.created_by, 0), "             \
    "p.created_at, p.kind, p.period, p.reason, p.justification, au.name, "     \
    "p.withdrawn_at IS NOT NULL FROM indicator_phase p LEFT JOIN app_user au " \
    "ON au.id = p.created_by"
#define ANNOT_COLS                                                             \
    "n.id, n.indicator_id, n.unit_id, n.created_at, n.period, n.kind, "        \
    "n.text, au.name FROM indicator_annotation n LEFT JOIN app_user au ON "    \
    "au.id = n.created_by"

/* ROLLUP_COLS: period, numerator, denominator and value of a rollup row r
 * as STMT_SERIES computes them; m is the indicator's multiply */
#define ROLLUP_COLS(m)                                                         \
    "r.period, CASE WHEN r.numerator_n > 0 THEN r.numerator END, CASE WHEN "   \
    "r.denominator_n > 0 THEN r.denominator END, CASE WHEN r.denominator_n > " \
    "0 THEN CASE WHEN r.numerator_n > 0 THEN r.numerator END / "               \
    "nullif(r.denominator, 0) * " m " ELSE r.value_sum / nullif(r.value_n, "   \
    "0) END"

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
    STMT_VALUE_GET,
    STMT_VALUE_INSERT,
    STMT_VALUE_UPDATE,
    STMT_SERIES,
    STMT_UNIT_BY_PATH,
    STMT_ROLLUP_ADD,
    STMT_ROLLUP_SERIES,
    STMT_ROLLUP_UNIT,
    STMT_ROLLUP_CLEAR,
    STMT_ROLLUP_BUILD,
    STMT_ROLLUP_PAIR_CLEAR,
    STMT_ROLLUP_PAIR_BUILD,
    STMT_NAT_GET,
    STMT_NAT_INSERT,
    STMT_NAT_UPDATE,
    STMT_NAT_SERIES,
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
    [STMT_VALUE_GET] = "SELECT numerator, denominator, value FROM "
                       "indicator_value WHERE indicator_id = ?1 AND "
                       "unit_id = ?2 AND period = ?3",
    [STMT_VALUE_INSERT] =
        "INSERT INTO indicator_value (indicator_id, unit_id, period, "
        "numerator, denominator, value, updated_at) VALUES (?1, ?2, ?3, ?4, "
        "?5, ?6, ?7)",
    [STMT_VALUE_UPDATE] =
        "UPDATE indicator_value SET numerator = ?4, denominator = ?5, value "
        "= ?6, updated_at = ?7 WHERE indicator_id = ?1 AND unit_id = ?2 AND "
        "period = ?3",
    [STMT_SERIES] =
        "SELECT v.period, sum(v.numerator), sum(v.denominator), CASE WHEN "
        "count(v.denominator) > 0 THEN sum(v.numerator) / "
        "nullif(sum(v.denominator), 0) * (SELECT multiply FROM indicator "
        "WHERE id = ?1) ELSE avg(v.value) END FROM indicator_value v WHERE "
        "v.indicator_id = ?1 AND (?2 IS NULL OR v.unit_id IN (SELECT id FROM "
        "org_unit WHERE substr(path, 1, length(?2)) = ?2)) GROUP BY v.period "
        "ORDER BY v.period",
    [STMT_UNIT_BY_PATH] = "SELECT id FROM org_unit WHERE path = ?1",
    /* adds one value row's difference (counts ?4..?7 and sums ?8..?10) to
     * the unit ?2 and each of its ancestors */
    [STMT_ROLLUP_ADD] =
        "WITH RECURSIVE anc(id, parent_id) AS (SELECT id, parent_id FROM "
        "org_unit WHERE id = ?2 UNION ALL SELECT o.id, o.parent_id FROM "
        "org_unit o JOIN anc ON o.id = anc.parent_id) INSERT INTO "
        "indicator_rollup (unit_id, indicator_id, period, n, numerator_n, "
        "numerator, denominator_n, denominator, value_n, value_sum) SELECT "
        "id, ?1, ?3, ?4, ?5, ?8, ?6, ?9, ?7, ?10 FROM anc WHERE true ON "
        "CONFLICT (unit_id, indicator_id, period) DO UPDATE SET n = n + "
        "excluded.n, numerator_n = numerator_n + excluded.numerator_n, "
        "numerator = numerator + excluded.numerator, denominator_n = "
        "denominator_n + excluded.denominator_n, denominator = denominator "
        "+ excluded.denominator, value_n = value_n + excluded.value_n, "
        "value_sum = value_sum + excluded.value_sum",
    [STMT_ROLLUP_SERIES] = "SELECT " ROLLUP_COLS(
        "i.multiply") " FROM indicator_rollup r JOIN "
                      "indicator i ON i.id = r.indicator_id WHERE r.unit_id = "
                      "?2 AND "
                      "r.indicator_id = ?1 ORDER BY r.period",
    [STMT_ROLLUP_UNIT] = "SELECT " ROLLUP_COLS(
        "i.multiply") ", r.indicator_id FROM "
                      "indicator_rollup r JOIN indicator i ON i.id = "
                      "r.indicator_id WHERE "
                      "r.unit_id = ?1 ORDER BY r.indicator_id, r.period",
    [STMT_ROLLUP_CLEAR] = "DELETE FROM indicator_rollup",
    /* the same statement as migration 008: each value row climbs from its
     * unit to the root by parent_id (primary-key look-ups) */
    [STMT_ROLLUP_BUILD] =
        "WITH RECURSIVE x(aid, ind, period, numerator, denominator, value) "
        "AS (SELECT unit_id, indicator_id, period, numerator, denominator, "
        "value FROM indicator_value UNION ALL SELECT o.parent_id, x.ind, "
        "x.period, x.numerator, x.denominator, x.value FROM x JOIN org_unit "
        "o ON o.id = x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO "
        "indicator_rollup SELECT aid, ind, period, count(*), "
        "count(numerator), coalesce(sum(numerator), 0), count(denominator), "
        "coalesce(sum(denominator), 0), count(value), coalesce(sum(value), 0) "
        "FROM x GROUP BY aid, ind, period",
    [STMT_ROLLUP_PAIR_CLEAR] =
        "DELETE FROM indicator_rollup WHERE unit_id IN (SELECT id FROM "
        "org_unit) AND indicator_id = ?1 AND period = ?2",
    /* STMT_ROLLUP_BUILD for one indicator and period */
    [STMT_ROLLUP_PAIR_BUILD] =
        "WITH RECURSIVE x(aid, numerator, denominator, value) AS (SELECT "
        "unit_id, numerator, denominator, value FROM indicator_value WHERE "
        "indicator_id = ?1 AND period = ?2 UNION ALL SELECT o.parent_id, "
        "x.numerator, x.denominator, x.value FROM x JOIN org_unit o ON o.id "
        "= x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO indicator_rollup "
        "SELECT aid, ?1, ?2, count(*), count(numerator), "
        "coalesce(sum(numerator), 0), count(denominator), "
        "coalesce(sum(denominator), 0), count(value), coalesce(sum(value), 0) "
        "FROM x GROUP BY aid",
    [STMT_NAT_GET] = "SELECT value FROM indicator_national WHERE "
                     "indicator_id = ?1 AND period = ?2",
    [STMT_NAT_INSERT] = "INSERT INTO indicator_national (indicator_id, "
                        "period, value) VALUES (?1, ?2, ?3)",
    [STMT_NAT_UPDATE] = "UPDATE indicator_national SET value = ?3 WHERE "
                        "indicator_id = ?1 AND period = ?2",
    [STMT_NAT_SERIES] = "SELECT period, value FROM indicator_national WHERE "
                        "indicator_id = ?1 ORDER BY period",
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

static json_t *jstr(const char *s)
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
    json_object_set_new(j, "code", jstr(i->code));
    json_object_set_new(j, "provider_id", json_integer(i->provider_id));
    json_object_set_new(j, "name", jstr(i->name));
    json_object_set_new(j, "description", jstr(i->description));
    json_object_set_new(j, "numerator_def", jstr(i->numerator_def));
    json_object_set_new(j, "denominator_def", jstr(i->denominator_def));
    json_object_set_new(j, "unit", json_string(i->unit ? i->unit : ""));
    json_object_set_new(j, "direction", jstr(i->direction));
    json_object_set_new(j, "dimension", jstr(i->dimension));
    json_object_set_new(j, "source", jstr(i->source));
    json_object_set_new(j, "periodicity", jstr(i->periodicity));
    json_object_set_new(j, "target_moderate", jnum(i->target_moderate));
    json_object_set_new(j, "target_high", jnum(i->target_high));
    json_object_set_new(j, "chart", jstr(i->chart));
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

/* ---- values ---- */

/* same: equal doubles, NaN equal to NaN */
static int same(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

/* nn: 1 when x is given; nz: x, or 0 when missing */
static int64_t nn(double x)
{
    return !isnan(x);
}

static double nz(double x)
{
    return isnan(x) ? 0 : x;
}

/* rollup_add adds the change of one value row (old[] = numerator,
 * denominator, value before, all NaN for a new row) to the rollup rows of
 * its unit and every ancestor, in the caller's transaction. The sums
 * change by new - old, so they equal the direct sums exactly while these
 * are integers (counts: the usual case) and otherwise up to rounding;
 * store_indicator_rollup_rebuild recomputes them from the values. */
static enum err rollup_add(struct store *st, int64_t indicator_id,
                           int64_t unit_id, const char *period, int created,
                           const double old[3], double numerator,
                           double denominator, double value)
{
    return sq_done(
        st, sq_start(st, &sq_tab_indicator, STMT_ROLLUP_ADD, "iitiiiiddd",
                     indicator_id, unit_id, period, (int64_t)(created != 0),
                     nn(numerator) - nn(old[0]), nn(denominator) - nn(old[1]),
                     nn(value) - nn(old[2]), nz(numerator) - nz(old[0]),
                     nz(denominator) - nz(old[1]), nz(value) - nz(old[2])));
}

enum err store_indicator_rollup_rebuild(struct store *st)
{
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_indicator, STMT_ROLLUP_CLEAR, ""));

    return e ? e
             : sq_done(st,
                       sq_start(st, &sq_tab_indicator, STMT_ROLLUP_BUILD, ""));
}

enum err store_indicator_rollup_refresh(struct store *st, int64_t indicator_id,
                                        const char *period)
{
    enum err e =
        sq_done(st, sq_start(st, &sq_tab_indicator, STMT_ROLLUP_PAIR_CLEAR,
                             "it", indicator_id, period));

    return e ? e
             : sq_done(st,
                       sq_start(st, &sq_tab_indicator, STMT_ROLLUP_PAIR_BUILD,
                                "it", indicator_id, period));
}

/* The bulk refresh (store_indicator_rollup_refresh_pairs) works on two
 * temporary tables, so its statements are prepared per call, not kept in
 * the table above (those are prepared against the main schema): the
 * pairs in temp.rollup_pair, and temp.rollup_anc, (unit, ancestor or
 * itself) for every unit, rebuilt each time (a few hundred rows; units may
 * have been added). */
static const char rollup_temp_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS rollup_pair (indicator_id INTEGER NOT "
    "NULL, period TEXT NOT NULL, PRIMARY KEY (indicator_id, period)) "
    "WITHOUT ROWID; CREATE TEMP TABLE IF NOT EXISTS rollup_anc (unit_id "
    "INTEGER NOT NULL, aid INTEGER NOT NULL, PRIMARY KEY (unit_id, aid)) "
    "WITHOUT ROWID; DELETE FROM temp.rollup_pair; DELETE FROM "
    "temp.rollup_anc; WITH RECURSIVE x(u, aid) AS (SELECT id, id FROM "
    "org_unit UNION ALL SELECT x.u, o.parent_id FROM x JOIN org_unit o ON "
    "o.id = x.aid WHERE o.parent_id IS NOT NULL) INSERT INTO temp.rollup_anc "
    "SELECT u, aid FROM x";

static const char rollup_pair_add_sql[] =
    "INSERT OR IGNORE INTO temp.rollup_pair (indicator_id, period) VALUES "
    "(?1, ?2)";

/* the rollup rows of the pairs, by key (unit, then pair) */
static const char rollup_pairs_delete_sql[] =
    "DELETE FROM indicator_rollup WHERE unit_id IN (SELECT id FROM org_unit) "
    "AND (indicator_id, period) IN (SELECT indicator_id, period FROM "
    "temp.rollup_pair)";

static const char rollup_units_sql[] =
    "SELECT unit_id, aid FROM temp.rollup_anc ORDER BY unit_id, aid";

/* every value row of the pairs, pair by pair (covering index) */
static const char rollup_values_sql[] =
    "SELECT v.indicator_id, v.period, v.unit_id, v.numerator, "
    "v.denominator, v.value FROM temp.rollup_pair p CROSS JOIN "
    "indicator_value v ON v.indicator_id = p.indicator_id AND v.period = "
    "p.period";

static const char rollup_insert_sql[] =
    "INSERT INTO indicator_rollup (unit_id, indicator_id, period, n, "
    "numerator_n, numerator, denominator_n, denominator, value_n, "
    "value_sum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

/* One rollup row being summed: counts, and sums in double in row order,
 * as SQLite's sum() adds REAL values (so, like STMT_ROLLUP_BUILD, exact
 * while the values are integers or short binary fractions). */
struct rollup_acc {
    int64_t n, cnt[3];
    double sum[3];
};

/* The units: ids ascending, and for unit i the indices of itself and its
 * ancestors, anc[first[i] .. first[i + 1]). */
struct rollup_units {
    int64_t *id;
    size_t n, *first, *anc;
};

static void units_free(struct rollup_units *u)
{
    free(u->id);
    free(u->first);
    free(u->anc);
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

    return (a > b) - (a < b);
}

static size_t unit_index(const struct rollup_units *u, int64_t id)
{
    const int64_t *p = bsearch(&id, u->id, u->n, sizeof(*u->id), cmp_i64);

    return p ? (size_t)(p - u->id) : (size_t)-1;
}

/* load_units reads temp.rollup_anc into u; an SQLite result code. */
static int load_units(sqlite3 *db, struct rollup_units *u)
{
    sqlite3_stmt *s;
    int64_t *pr = NULL; /* (unit id, ancestor id) pairs, by unit */
    size_t cap = 0, np = 0, i;
    int rc = sqlite3_prepare_v2(db, rollup_units_sql, -1, &s, NULL);

    memset(u, 0, sizeof(*u));
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (np == cap) {
            size_t nc = cap ? 2 * cap : 1024;
            int64_t *p = realloc(pr, nc * 2 * sizeof(*p));

            if (!p) {
                rc = SQLITE_NOMEM;
                break;
            }
            pr = p;
            cap = nc;
        }
        pr[2 * np] = sqlite3_column_int64(s, 0);
        pr[2 * np + 1] = sqlite3_column_int64(s, 1);
        np++;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE) {
        u->id = malloc((np ? np : 1) * sizeof(*u->id));
        u->anc = malloc((np ? np : 1) * sizeof(*u->anc));
        u->first = malloc((np + 1) * sizeof(*u->first));
        rc = u->id && u->anc && u->first ? SQLITE_OK : SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK) {
        for (i = 0; i < np; i++) {
            if (!u->n || u->id[u->n - 1] != pr[2 * i])
                u->first[u->n++] = i; /* unit u->n starts at pair i */
            u->id[u->n - 1] = pr[2 * i];
        }
        u->first[u->n] = np;
        for (i = 0; i < np; i++) {
            u->anc[i] = unit_index(u, pr[2 * i + 1]);
            if (u->anc[i] == (size_t)-1)
                rc = SQLITE_CORRUPT;
        }
    }
    free(pr);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* flush_pair inserts the rollup rows summed for one pair and clears acc. */
static int flush_pair(sqlite3_stmt *ins, const struct rollup_units *u,
                      struct rollup_acc *acc, int64_t ind, const char *period)
{
    size_t i;
    int rc = SQLITE_OK, k;

    for (i = 0; i < u->n && rc == SQLITE_OK; i++) {
        if (!acc[i].n)
            continue;
        sqlite3_bind_int64(ins, 1, u->id[i]);
        sqlite3_bind_int64(ins, 2, ind);
        sqlite3_bind_text(ins, 3, period, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 4, acc[i].n);
        for (k = 0; k < 3; k++) {
            sqlite3_bind_int64(ins, 5 + 2 * k, acc[i].cnt[k]);
            sqlite3_bind_double(ins, 6 + 2 * k, acc[i].sum[k]);
        }
        rc = sqlite3_step(ins);
        rc = rc == SQLITE_DONE ? sqlite3_reset(ins) : rc;
        memset(&acc[i], 0, sizeof(acc[i]));
    }
    return rc;
}

/* rollup_sum recomputes the rollup rows of the pairs in temp.rollup_pair:
 * one pass over their value rows (ordered by pair), each added to its
 * unit and every ancestor in memory, then the rows of the pair inserted.
 * The same rows and sums as STMT_ROLLUP_PAIR_BUILD per pair, without its
 * GROUP BY sort (5 million rows for a million values five levels deep). */
static int rollup_sum(sqlite3 *db)
{
    struct rollup_units u;
    struct rollup_acc *acc = NULL;
    sqlite3_stmt *sel = NULL, *ins = NULL;
    int64_t ind = 0;
    char period[256] = "";
    int rc = load_units(db, &u), have = 0;

    if (rc == SQLITE_OK && !(acc = calloc(u.n ? u.n : 1, sizeof(*acc))))
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, rollup_values_sql, -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, rollup_insert_sql, -1, &ins, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t vi = sqlite3_column_int64(sel, 0);
        const char *vp = (const char *)sqlite3_column_text(sel, 1);
        size_t ui = unit_index(&u, sqlite3_column_int64(sel, 2)), j;
        size_t len = vp ? strlen(vp) : 0;
        int k;

        /* periods are validated (YYYY, YYYY-MM, ...); the unit exists */
        if (!vp || len >= sizeof(period) || ui == (size_t)-1) {
            rc = vp && len >= sizeof(period) ? SQLITE_TOOBIG : SQLITE_CORRUPT;
            break;
        }
        if (!have || vi != ind || strcmp(vp, period) != 0) {
            if (have && (rc = flush_pair(ins, &u, acc, ind, period)))
                break;
            ind = vi;
            memcpy(period, vp, len + 1);
            have = 1;
        }
        for (j = u.first[ui]; j < u.first[ui + 1]; j++) {
            struct rollup_acc *r = &acc[u.anc[j]];

            r->n++;
            for (k = 0; k < 3; k++) {
                if (sqlite3_column_type(sel, 3 + k) == SQLITE_NULL)
                    continue;
                r->cnt[k]++;
                r->sum[k] += sqlite3_column_double(sel, 3 + k);
            }
        }
        rc = SQLITE_OK;
    }
    if (rc == SQLITE_DONE)
        rc = have ? flush_pair(ins, &u, acc, ind, period) : SQLITE_OK;
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    free(acc);
    units_free(&u);
    return rc;
}

enum err store_indicator_rollup_refresh_pairs(struct store *st, size_t n,
                                              const int64_t *indicator_ids,
                                              const char *const *periods)
{
    sqlite3_stmt *s = NULL;
    size_t i;
    int rc;

    if (n == 0)
        return E_OK;
    rc = sqlite3_exec(st->db, rollup_temp_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(st->db, rollup_pair_add_sql, -1, &s, NULL);
    for (i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_bind_int64(s, 1, indicator_ids[i]);
        sqlite3_bind_text(s, 2, periods[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(s);
        rc = rc == SQLITE_DONE ? sqlite3_reset(s) : rc;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, rollup_pairs_delete_sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = rollup_sum(st->db);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(st->db, "DELETE FROM temp.rollup_pair", NULL, NULL,
                          NULL);
    return rc == SQLITE_OK ? E_OK : sq_fail(st, rc);
}

static enum err value_upsert(struct store *st, int64_t indicator_id,
                             int64_t unit_id, const char *period,
                             double numerator, double denominator, double value,
                             int rollup, int *changed);

enum err store_value_upsert(struct store *st, int64_t indicator_id,
                            int64_t unit_id, const char *period,
                            double numerator, double denominator, double value,
                            int *changed)
{
    return value_upsert(st, indicator_id, unit_id, period, numerator,
                        denominator, value, 1, changed);
}

enum err store_value_load_begin(struct store *st)
{
    int rc =
        sqlite3_exec(st->db, "PRAGMA cache_size = -131072", NULL, NULL, NULL);

    return rc == SQLITE_OK ? E_OK : sq_fail(st, rc);
}

enum err store_value_load(struct store *st, int64_t indicator_id,
                          int64_t unit_id, const char *period, double numerator,
                          double denominator, double value, int *changed)
{
    return value_upsert(st, indicator_id, unit_id, period, numerator,
                        denominator, value, 0, changed);
}

static enum err value_upsert(struct store *st, int64_t indicator_id,
                             int64_t unit_id, const char *period,
                             double numerator, double denominator, double value,
                             int rollup, int *changed)
{
    double old[3] = {NAN, NAN, NAN};
    sqlite3_stmt *s;
    enum err e;
    int k;

    *changed = 0;
    if (isnan(numerator) != isnan(denominator)) {
        snprintf(st->errmsg, sizeof(st->errmsg),
                 "a numerator needs a denominator and the reverse");
        return E_INVAL;
    }
    s = sq_start(st, &sq_tab_indicator, STMT_VALUE_GET, "iit", indicator_id,
                 unit_id, period);
    e = sq_row(st, s);
    if (e == E_OK) {
        int eq;

        old[0] = sq_dbl(s, 0);
        old[1] = sq_dbl(s, 1);
        old[2] = sq_dbl(s, 2);
        eq = same(old[0], numerator) && same(old[1], denominator) &&
             same(old[2], value);
        sqlite3_reset(s);
        if (eq)
            return E_OK;
        k = STMT_VALUE_UPDATE;
    } else if (e == E_NOTFOUND) {
        k = STMT_VALUE_INSERT;
    } else {
        return e;
    }
    e = sq_done(st, sq_start(st, &sq_tab_indicator, k, "iitDDDi", indicator_id,
                             unit_id, period, numerator, denominator, value,
                             datetime_now()));
    if (!e && rollup)
        e = rollup_add(st, indicator_id, unit_id, period,
                       k == STMT_VALUE_INSERT, old, numerator, denominator,
                       value);
    if (!e)
        *changed = k == STMT_VALUE_INSERT ? 1 : 2;
    return e;
}

static enum err read_series(struct store *st, struct arena *a, sqlite3_stmt *s,
                            int ncols, struct ind_value **out, size_t *n)
{
    size_t cap = 0;
    enum err e;

    *out = NULL;
    *n = 0;
    while ((e = sq_row(st, s)) == E_OK) {
        struct ind_value *v;

        if (!(*out = sq_grow(a, *out, &cap, *n, sizeof(**out)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v = &(*out)[(*n)++];
        v->period = sq_str(a, s, 0);
        if (ncols == 4) {
            v->numerator = sq_dbl(s, 1);
            v->denominator = sq_dbl(s, 2);
            v->value = sq_dbl(s, 3);
        } else {
            v->numerator = v->denominator = NAN;
            v->value = sq_dbl(s, 1);
        }
    }
    return e == E_NOTFOUND ? E_OK : e;
}

/* scope_unit finds the unit whose path is scope_path: E_NOTFOUND for all
 * units (NULL) or a path that is no unit's. */
static enum err scope_unit(struct store *st, const char *scope_path,
                           int64_t *id)
{
    sqlite3_stmt *s;
    enum err e;

    if (!sq_empty_null(scope_path))
        return E_NOTFOUND;
    s = sq_start(st, &sq_tab_indicator, STMT_UNIT_BY_PATH, "t", scope_path);
    if ((e = sq_row(st, s)) == E_OK) {
        *id = sq_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

enum err store_series(struct store *st, struct arena *a, int64_t indicator_id,
                      const char *scope_path, struct ind_value **out, size_t *n)
{
    int64_t unit_id;
    enum err e = scope_unit(st, scope_path, &unit_id);

    if (e == E_OK) /* a unit's subtree: its rollup rows, by key */
        return read_series(st, a,
                           sq_start(st, &sq_tab_indicator, STMT_ROLLUP_SERIES,
                                    "ii", indicator_id, unit_id),
                           4, out, n);
    if (e != E_NOTFOUND)
        return e;
    return read_series(st, a,
                       sq_start(st, &sq_tab_indicator, STMT_SERIES, "it",
                                indicator_id, sq_empty_null(scope_path)),
                       4, out, n);
}

enum err store_series_unit(struct store *st, struct arena *a,
                           const char *scope_path, struct ind_series **out,
                           size_t *n)
{
    struct ind_series *cur = NULL;
    size_t cap = 0, vcap = 0;
    int64_t unit_id;
    sqlite3_stmt *s;
    enum err e;

    *out = NULL;
    *n = 0;
    if ((e = scope_unit(st, scope_path, &unit_id)))
        return e;
    s = sq_start(st, &sq_tab_indicator, STMT_ROLLUP_UNIT, "i", unit_id);
    while ((e = sq_row(st, s)) == E_OK) {
        int64_t id = sq_int(s, 4);
        struct ind_value *v;

        if (!cur || cur->indicator_id != id) {
            if (!(*out = sq_grow(a, *out, &cap, *n, sizeof(**out)))) {
                sqlite3_reset(s);
                return E_NOMEM;
            }
            cur = &(*out)[(*n)++];
            cur->indicator_id = id;
            cur->v = NULL;
            cur->n = 0;
            vcap = 0;
        }
        if (!(cur->v = sq_grow(a, cur->v, &vcap, cur->n, sizeof(*cur->v)))) {
            sqlite3_reset(s);
            return E_NOMEM;
        }
        v = &cur->v[cur->n++];
        v->period = sq_str(a, s, 0);
        v->numerator = sq_dbl(s, 1);
        v->denominator = sq_dbl(s, 2);
        v->value = sq_dbl(s, 3);
    }
    return e == E_NOTFOUND ? E_OK : e;
}

enum err store_national_upsert(struct store *st, int64_t indicator_id,
                               const char *period, double value, int *changed)
{
    sqlite3_stmt *s = sq_start(st, &sq_tab_indicator, STMT_NAT_GET, "it",
                               indicator_id, period);
    enum err e = sq_row(st, s);
    int k;

    *changed = 0;
    if (!isfinite(value))
        return E_INVAL;
    if (e == E_OK) {
        int eq = same(sq_dbl(s, 0), value);

        sqlite3_reset(s);
        if (eq)
            return E_OK;
        k = STMT_NAT_UPDATE;
    } else if (e == E_NOTFOUND) {
        k = STMT_NAT_INSERT;
    } else {
        return e;
    }
    e = sq_done(st, sq_start(st, &sq_tab_indicator, k, "itd", indicator_id,
                             period, value));
    if (!e)
        *changed = k == STMT_NAT_INSERT ? 1 : 2;
    return e;
}

enum err store_national_series(struct store *st, struct arena *a,
                               int64_t indicator_id, struct ind_value **out,
                               size_t *n)
{
    return read_series(
        st, a,
        sq_start(st, &sq_tab_indicator, STMT_NAT_SERIES, "i", indicator_id), 2,
        out, n);
}

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
    sqlite3_stmt *s = sq_start(st, &sq_tab_indicator, STMT_PHASE_GET, "i", id);
    enum err e = sq_row(st, s);

    if (!e) {
        read_phase(a, s, p);
        sqlite3_reset(s);
    }
    return e;
}

static char *phase_json(struct arena *a, const struct ind_phase *p)
{
    return sq_json(a, json_pack("{sI sI ss ss ss so sb}", "indicator_id",
                                (json_int_t)p->indicator_id, "unit_id",
                                (json_int_t)p->unit_id, "kind", p->kind,
                                "period", p->period, "reason", p->reason,
                                "justification", jstr(p->justification),
                                "withdrawn", p->withdrawn));
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
                sq_start(st, &sq_tab_indicator, STMT_PHASE_INSERT, "iittttIi",
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
    e = sq_done(st, sq_start(st, &sq_tab_indicator, STMT_PHASE_WITHDRAW, "iIi",
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
                            sq_start(st, &sq_tab_indicator, STMT_PHASE_LIST,
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
                sq_start(st, &sq_tab_indicator, STMT_ANNOT_INSERT, "iitttIi",
                         an->indicator_id, an->unit_id, an->period, an->kind,
                         an->text, who ? who->user_id : 0, an->created_at));
    if (e)
        return e;
    an->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    s = sq_start(st, &sq_tab_indicator, STMT_ANNOT_GET, "i", an->id);
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
                            sq_start(st, &sq_tab_indicator, STMT_ANNOT_LIST,
                                     "iI", indicator_id, unit_id),
                            sizeof(**out), read_annot, &p, n);

    *out = p;
    return e;
}
