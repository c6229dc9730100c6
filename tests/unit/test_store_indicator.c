/* test_store_indicator.c: the indicator store on a temporary database:
 * idempotent upserts of the catalogue and of values, tags, series
 * aggregated over a unit subtree, national averages, phases and
 * annotations with their audit entries, and the series query's speed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/auth.h"
#include "store/store.h"
#include "t.h"

static char dir[] = "/tmp/ska-test-storeind-XXXXXX";
static char db[256];
static const struct actor who = {0, "test"};
static struct store *st;
static int64_t root, div1, unit_a, unit_b, unit_c;

static int64_t add_unit(int64_t parent, const char *code)
{
    struct unit u = {0};

    u.parent_id = parent;
    u.code = code;
    u.name = code;
    u.kind = parent ? "unit" : "provider";
    u.org_nr = parent ? NULL : "232100-0016";
    u.active = 1;
    if (store_begin(st) || store_unit_create(st, &who, &u) ||
        store_commit(st)) {
        fprintf(stderr, "unit %s: %s\n", code, store_errmsg(st));
        store_rollback(st);
        return 0;
    }
    return u.id;
}

static struct indicator ind_rec(const char *code)
{
    struct indicator i;

    memset(&i, 0, sizeof(i));
    i.provider_id = root;
    i.code = code;
    i.name = "Andel";
    i.direction = "higher";
    i.dimension = "safe";
    i.periodicity = "month";
    i.chart = "p";
    i.multiply = 100;
    i.target_moderate = 80;
    i.target_high = NAN;
    i.active = 1;
    return i;
}

static int64_t audit_count(const char *entity)
{
    struct arena *a = arena_new();
    struct audit_row *r;
    size_t n = 0;

    store_audit_list(st, a, entity, 0, 0, 1000, &r, &n);
    arena_free(a);
    return (int64_t)n;
}

T(catalogue_upsert_is_idempotent)
{
    struct indicator i = ind_rec("HSV"), got;
    struct arena *a = arena_new();
    int changed = -1;
    int64_t before;

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_indicator_upsert(st, &who, &i, &changed), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(changed, 1);
    CHECK(i.id > 0);
    before = audit_count("indicator");
    CHECK_INT(before, 1);
    i = ind_rec("HSV");
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_indicator_upsert(st, &who, &i, &changed), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(changed, 0);
    CHECK_INT(audit_count("indicator"), before);
    i.name = "Andel (ny)";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_indicator_upsert(st, &who, &i, &changed), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(changed, 1);
    CHECK_INT(audit_count("indicator"), before + 1);
    CHECK_INT(store_indicator_get(st, a, "HSV", &got), E_OK);
    CHECK_STR(got.name, "Andel (ny)");
    CHECK(got.multiply == 100 && got.target_moderate == 80);
    CHECK(isnan(got.target_high));
    CHECK_INT(store_indicator_get(st, a, "NOPE", &got), E_NOTFOUND);
    arena_free(a);
}

T(tags)
{
    struct ind_tag fa = {0, 0, "FA1", "Jämlik vård"}, pg = {0};
    struct indicator i;
    struct arena *a = arena_new();
    struct ind_tag *t;
    struct indicator *list;
    struct ind_filter f = {0};
    size_t n;

    fa.provider_id = root;
    pg.provider_id = root;
    pg.code = "HF";
    pg.name = "Hjärtsvikt";
    CHECK_INT(store_indicator_get(st, a, "HSV", &i), E_OK);
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_tag_upsert(st, &who, "focus", &fa), E_OK);
    CHECK_INT(store_tag_upsert(st, &who, "group", &pg), E_OK);
    CHECK_INT(store_tag_upsert(st, &who, "bogus", &pg), E_INVAL);
    CHECK_INT(store_indicator_tag_set(st, &who, i.id, "focus", &fa.id, 1),
              E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(audit_count("focus_area"), 1);
    CHECK_INT(audit_count("patient_group"), 1);
    CHECK_INT(store_indicator_tags(st, a, "focus", 0, i.id, &t, &n), E_OK);
    CHECK_INT(n, 1);
    if (n)
        CHECK_STR(t[0].code, "FA1");
    CHECK_INT(store_indicator_tags(st, a, "group", root, 0, &t, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(store_indicator_tags(st, a, "group", 0, i.id, &t, &n), E_OK);
    CHECK_INT(n, 0);
    f.focus_area_id = fa.id;
    CHECK_INT(store_indicator_list(st, a, &f, &list, &n), E_OK);
    CHECK_INT(n, 1);
    f.focus_area_id = 0;
    f.patient_group_id = pg.id;
    CHECK_INT(store_indicator_list(st, a, &f, &list, &n), E_OK);
    CHECK_INT(n, 0);
    arena_free(a);
}

T(values_and_series_over_subtree)
{
    struct arena *a = arena_new();
    struct indicator i, v = ind_rec("VAL");
    struct ind_value *s;
    size_t n;
    int ch;

    CHECK_INT(store_indicator_get(st, a, "HSV", &i), E_OK);
    v.chart = "i";
    v.multiply = 1;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_indicator_upsert(st, &who, &v, &ch), E_OK);
    CHECK_INT(store_value_upsert(st, i.id, unit_a, "2024-01", 3, 10, NAN, &ch),
              E_OK);
    CHECK_INT(ch, 1);
    CHECK_INT(store_value_upsert(st, i.id, unit_a, "2024-01", 3, 10, NAN, &ch),
              E_OK);
    CHECK_INT(ch, 0);
    CHECK_INT(store_value_upsert(st, i.id, unit_a, "2024-01", 4, 10, NAN, &ch),
              E_OK);
    CHECK_INT(ch, 2);
    CHECK_INT(store_value_upsert(st, i.id, unit_b, "2024-01", 6, 30, NAN, &ch),
              E_OK);
    CHECK_INT(
        store_value_upsert(st, i.id, unit_c, "2024-01", 90, 100, NAN, &ch),
        E_OK);
    CHECK_INT(store_value_upsert(st, i.id, unit_a, "2024-02", 5, 10, NAN, &ch),
              E_OK);
    CHECK_INT(store_value_upsert(st, v.id, unit_a, "2024-01", NAN, NAN, 2, &ch),
              E_OK);
    CHECK_INT(store_value_upsert(st, v.id, unit_b, "2024-01", NAN, NAN, 4, &ch),
              E_OK);
    CHECK_INT(store_national_upsert(st, i.id, "2024-01", 55.5, &ch), E_OK);
    CHECK_INT(ch, 1);
    CHECK_INT(store_national_upsert(st, i.id, "2024-01", 55.5, &ch), E_OK);
    CHECK_INT(ch, 0);
    CHECK_INT(store_commit(st), E_OK);

    /* the division (units a and b): (4 + 6) / (10 + 30) x 100 */
    {
        struct unit d;

        CHECK_INT(store_unit_get(st, a, div1, &d), E_OK);
        CHECK_INT(store_series(st, a, i.id, d.path, &s, &n), E_OK);
    }
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(s[0].period, "2024-01");
        CHECK(s[0].numerator == 10 && s[0].denominator == 40);
        CHECK(fabs(s[0].value - 25) < 1e-9);
        CHECK(fabs(s[1].value - 50) < 1e-9);
    }
    /* everything: (4 + 6 + 90) / 140 */
    CHECK_INT(store_series(st, a, i.id, NULL, &s, &n), E_OK);
    CHECK(n == 2 && fabs(s[0].value - 100.0 * 100 / 140) < 1e-9);
    /* values only: the mean */
    CHECK_INT(store_series(st, a, v.id, "/", &s, &n), E_OK);
    CHECK(n == 1 && s[0].value == 3 && isnan(s[0].denominator));
    CHECK_INT(store_national_series(st, a, i.id, &s, &n), E_OK);
    CHECK(n == 1 && s[0].value == 55.5);
    arena_free(a);
}

T(phases_and_annotations)
{
    struct arena *a = arena_new();
    struct indicator i;
    struct ind_phase p = {0}, bad = {0}, *pl;
    struct ind_annotation an = {0}, *al;
    size_t n;

    CHECK_INT(store_indicator_get(st, a, "HSV", &i), E_OK);
    p.indicator_id = i.id;
    p.unit_id = unit_a;
    p.kind = "freeze";
    p.period = "2024-12";
    p.reason = "Baslinje före förbättringsarbetet";
    p.justification = "PDSA 1";
    bad = p;
    bad.kind = "melt";
    an.indicator_id = i.id;
    an.unit_id = unit_a;
    an.period = "2024-03";
    an.kind = "pdsa";
    an.text = "Ny rutin för utskrivning";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_phase_add(st, &who, &p), E_OK);
    CHECK_INT(store_phase_add(st, &who, &bad), E_INVAL);
    CHECK_INT(store_annotation_add(st, &who, &an), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(audit_count("indicator_phase"), 1);
    CHECK_INT(audit_count("indicator_annotation"), 1);
    CHECK_INT(store_phase_list(st, a, i.id, unit_a, &pl, &n), E_OK);
    CHECK_INT(n, 1);
    if (n) {
        CHECK_STR(pl[0].kind, "freeze");
        CHECK_STR(pl[0].justification, "PDSA 1");
        CHECK_INT(pl[0].withdrawn, 0);
    }
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_phase_withdraw(st, &who, p.id), E_OK);
    CHECK_INT(store_phase_withdraw(st, &who, p.id), E_CONFLICT);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(audit_count("indicator_phase"), 2);
    CHECK_INT(store_phase_list(st, a, i.id, 0, &pl, &n), E_OK);
    CHECK(n == 1 && pl[0].withdrawn == 1);
    CHECK_INT(store_annotation_list(st, a, i.id, 0, &al, &n), E_OK);
    CHECK_INT(n, 1);
    if (n) {
        CHECK_STR(al[0].kind, "pdsa");
        CHECK_STR(al[0].text, "Ny rutin för utskrivning");
    }
    CHECK_INT(store_annotation_list(st, a, i.id, unit_b, &al, &n), E_OK);
    CHECK_INT(n, 0);
    arena_free(a);
}

/* 300 units x 60 months for one indicator among 20: one series query over
 * the region must take a few milliseconds. */
T(series_is_fast)
{
    struct arena *a = arena_new();
    struct unit r;
    struct ind_value *s;
    int64_t ids[20], units[300];
    size_t n, k, u, m;
    struct timespec t0, t1;
    double ms = 0;
    int ch, rep;
    char code[32], per[16];

    for (u = 0; u < 300; u++) {
        snprintf(code, sizeof(code), "PERF%zu", u);
        units[u] = add_unit(div1, code);
    }
    CHECK_INT(store_begin(st), E_OK);
    for (k = 0; k < 20; k++) {
        struct indicator i;

        snprintf(code, sizeof(code), "P%zu", k);
        i = ind_rec(arena_strdup(a, code));
        store_indicator_upsert(st, &who, &i, &ch);
        ids[k] = i.id;
        for (u = 0; u < 300; u++)
            for (m = 0; m < 60; m++) {
                snprintf(per, sizeof(per), "%d-%02d", 2020 + (int)(m / 12),
                         (int)(m % 12) + 1);
                store_value_upsert(st, ids[k], units[u], per, (double)(m % 7),
                                   10, NAN, &ch);
            }
    }
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_unit_get(st, a, root, &r), E_OK);
    for (rep = 0; rep < 5; rep++) {
        clock_gettime(CLOCK_MONOTONIC, &t0);
        CHECK_INT(store_series(st, a, ids[7], r.path, &s, &n), E_OK);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
             (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    }
    CHECK_INT(n, 60);
    if (n == 60)
        CHECK(s[0].denominator == 3000);
    printf("series over 300 units x 60 months: %.2f ms\n", ms);
    CHECK(ms < 50); /* generous for sanitizer builds */
    arena_free(a);
}

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof(db), "%s/t.db", dir);
    auth_init();
    if (store_open(db, 1, 1, &st) != E_OK)
        abort();
    root = add_unit(0, "RE");
    div1 = add_unit(root, "DIV1");
    unit_a = add_unit(div1, "A");
    unit_b = add_unit(div1, "B");
    unit_c = add_unit(root, "C");
}

static void teardown(void)
{
    char cmd[300];

    store_close(st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static void rollup_matches_direct_aggregation(void); /* below */
static void rollup_bulk_refresh(void);

int main(int argc, char **argv)
{
    static const struct t_case cases[] = {
        T_CASE(catalogue_upsert_is_idempotent),
        T_CASE(tags),
        T_CASE(values_and_series_over_subtree),
        T_CASE(phases_and_annotations),
        T_CASE(series_is_fast),
        T_CASE(rollup_matches_direct_aggregation),
        T_CASE(rollup_bulk_refresh)};
    int rc;

    (void)argc;
    setup();
    rc = t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));
    teardown();
    return rc;
}

/* ---- the rollup (migration 008) against a direct aggregation ---- */

#define RU_UNITS 10 /* a 3-level subtree: 1 + 3 + 6 */
#define RU_PER 6
#define RU_IND 3

struct ru_cell {
    int set;
    double num, den, val;
};

static struct ru_cell ru_model[RU_IND][RU_UNITS][RU_PER];
static int ru_parent[RU_UNITS]; /* index, -1 for the subtree's top */
/* set by rollup_matches_direct_aggregation for rollup_bulk_refresh */
static int64_t ru_ids[RU_IND], ru_units[RU_UNITS];
static double ru_mult[RU_IND];

static int ru_in(int u, int top)
{
    for (; u >= 0; u = ru_parent[u])
        if (u == top)
            return 1;
    return 0;
}

static double ru_rand(int k)
{
    /* k 0, 1: integers or dyadic fractions, so every sum is exact; k 2:
     * decimal fractions, equal up to rounding only */
    if (k == 2)
        return (rand() % 100000) / 1000.0;
    return (rand() % 2000) / (k ? 8.0 : 1.0);
}

static int ru_eq(double x, double y, int exact)
{
    if (isnan(x) || isnan(y))
        return isnan(x) && isnan(y);
    return exact ? x == y : fabs(x - y) <= 1e-9 * fmax(1, fabs(y));
}

/* ru_check compares store_series (the rollup) for every unit of the
 * subtree with the model's direct aggregation; returns mismatches. */
static int ru_check(struct arena *a, const int64_t *ids, const double *mult,
                    const int64_t *units, const char *const *per)
{
    int bad = 0, k, t, p, u;

    for (k = 0; k < RU_IND; k++)
        for (t = 0; t < RU_UNITS; t++) {
            struct unit tu;
            struct ind_value *s;
            size_t n, j = 0;

            if (store_unit_get(st, a, units[t], &tu) ||
                store_series(st, a, ids[k], tu.path, &s, &n))
                return -1;
            for (p = 0; p < RU_PER; p++) {
                double num = 0, den = 0, val = 0, exp;
                int rows = 0, nn = 0, nd = 0, nv = 0;

                for (u = 0; u < RU_UNITS; u++) {
                    const struct ru_cell *c = &ru_model[k][u][p];

                    if (!c->set || !ru_in(u, t))
                        continue;
                    rows++;
                    if (!isnan(c->num))
                        nn++, num += c->num;
                    if (!isnan(c->den))
                        nd++, den += c->den;
                    if (!isnan(c->val))
                        nv++, val += c->val;
                }
                if (!rows)
                    continue;
                if (nd)
                    exp = nn && den != 0 ? num / den * mult[k] : NAN;
                else
                    exp = nv ? val / nv : NAN;
                if (j >= n || strcmp(s[j].period, per[p]) != 0 ||
                    !ru_eq(s[j].numerator, nn ? num : NAN, k < 2) ||
                    !ru_eq(s[j].denominator, nd ? den : NAN, k < 2) ||
                    !ru_eq(s[j].value, exp, k < 2)) {
                    if (bad++ < 5)
                        fprintf(stderr,
                                "rollup: indicator %d unit %d %s: %g %g %g, "
                                "direct %g %g %g\n",
                                k, t, per[p], j < n ? s[j].numerator : -1,
                                j < n ? s[j].denominator : -1,
                                j < n ? s[j].value : -1, num, den, exp);
                }
                j++;
            }
            if (j != n)
                bad++;
        }
    return bad;
}

T(rollup_matches_direct_aggregation)
{
    static const char *const per[RU_PER] = {"2024-01", "2024-02", "2024-03",
                                            "2024-04", "2024-05", "2024-06"};
    struct arena *a = arena_new();
    int64_t ids[RU_IND], units[RU_UNITS];
    double mult[RU_IND] = {100, 1, 1000};
    struct ind_series *all;
    struct unit top;
    size_t nall;
    int i, k, ch;
    char code[32];

    srand(8);
    for (i = 0; i < RU_UNITS; i++) {
        ru_parent[i] = i == 0 ? -1 : i < 4 ? 0 : 1 + (i - 4) / 2;
        snprintf(code, sizeof(code), "RU%d", i);
        units[i] = add_unit(i ? units[ru_parent[i]] : root, code);
    }
    CHECK_INT(store_begin(st), E_OK);
    for (k = 0; k < RU_IND; k++) {
        struct indicator ind;

        snprintf(code, sizeof(code), "RU-IND-%d", k);
        ind = ind_rec(arena_strdup(a, code));
        ind.multiply = mult[k];
        CHECK_INT(store_indicator_upsert(st, &who, &ind, &ch), E_OK);
        ids[k] = ind.id;
    }
    /* inserts, then mostly updates of the same cells: ratio, value only,
     * both, and rows with nothing (all NULL) */
    for (i = 0; i < 1500; i++) {
        int u = rand() % RU_UNITS, p = rand() % RU_PER, kind = rand() % 4;
        struct ru_cell *c;

        k = rand() % RU_IND;
        c = &ru_model[k][u][p];
        c->num = c->den = c->val = NAN;
        if (kind == 0 || kind == 2) {
            c->num = ru_rand(k);
            c->den = rand() % 7 || k == 2 ? 1 + ru_rand(k) : 0;
        }
        if (kind == 1 || kind == 2)
            c->val = ru_rand(k);
        c->set = 1;
        CHECK_INT(store_value_upsert(st, ids[k], units[u], per[p], c->num,
                                     c->den, c->val, &ch),
                  E_OK);
        if (i % 500 == 499)
            CHECK_INT(ru_check(a, ids, mult, units, per), 0);
    }
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(ru_check(a, ids, mult, units, per), 0);

    /* the rebuild gives the same rows; so does the direct query (scope
     * NULL: every unit, and these indicators have values only here) */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_indicator_rollup_rebuild(st), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(ru_check(a, ids, mult, units, per), 0);
    CHECK_INT(store_unit_get(st, a, units[0], &top), E_OK);
    for (k = 0; k < RU_IND; k++) {
        struct ind_value *d, *r;
        size_t nd, nr, j;

        CHECK_INT(store_series(st, a, ids[k], NULL, &d, &nd), E_OK);
        CHECK_INT(store_series(st, a, ids[k], top.path, &r, &nr), E_OK);
        CHECK_INT(nd, nr);
        for (j = 0; j < nd && j < nr; j++)
            CHECK(strcmp(d[j].period, r[j].period) == 0 &&
                  ru_eq(d[j].numerator, r[j].numerator, k < 2) &&
                  ru_eq(d[j].denominator, r[j].denominator, k < 2) &&
                  ru_eq(d[j].value, r[j].value, k < 2));
    }

    /* store_series_unit: the same series, all in one statement */
    CHECK_INT(store_series_unit(st, a, top.path, &all, &nall), E_OK);
    CHECK_INT(nall, RU_IND);
    for (i = 0; i < (int)nall; i++) {
        struct ind_value *r;
        size_t nr, j;

        CHECK(all[i].indicator_id == ids[i]);
        CHECK_INT(store_series(st, a, all[i].indicator_id, top.path, &r, &nr),
                  E_OK);
        CHECK_INT(all[i].n, nr);
        for (j = 0; j < nr && j < all[i].n; j++)
            CHECK(strcmp(all[i].v[j].period, r[j].period) == 0 &&
                  ru_eq(all[i].v[j].value, r[j].value, 1) &&
                  ru_eq(all[i].v[j].numerator, r[j].numerator, 1));
    }
    CHECK_INT(store_series_unit(st, a, "/no/such/", &all, &nall), E_NOTFOUND);
    memcpy(ru_ids, ids, sizeof(ids));
    memcpy(ru_units, units, sizeof(units));
    memcpy(ru_mult, mult, sizeof(mult));
    arena_free(a);
}

/* the importer's path: values written with store_value_load (the rollup
 * left stale), then store_indicator_rollup_refresh_pairs for the changed
 * pairs, repeats included; the rollup must match the direct aggregation
 * again (exactly for indicators 0 and 1), pairs left out untouched */
T(rollup_bulk_refresh)
{
    static const char *const per[RU_PER] = {"2024-01", "2024-02", "2024-03",
                                            "2024-04", "2024-05", "2024-06"};
    struct arena *a = arena_new();
    int64_t pind[400];
    const char *pper[400];
    size_t np = 0;
    int i, k, ch, round;

    CHECK(ru_ids[0] != 0);
    srand(9);
    for (round = 0; round < 2; round++) {
        CHECK_INT(store_begin(st), E_OK);
        for (i = 0; i < 150; i++) {
            int u = rand() % RU_UNITS, p = rand() % RU_PER, kind = rand() % 3;
            struct ru_cell *c;

            k = rand() % RU_IND;
            c = &ru_model[k][u][p];
            c->num = c->den = c->val = NAN;
            if (kind != 1) {
                c->num = ru_rand(k);
                c->den = 1 + ru_rand(k);
            }
            if (kind != 0)
                c->val = ru_rand(k);
            c->set = 1;
            CHECK_INT(store_value_load(st, ru_ids[k], ru_units[u], per[p],
                                       c->num, c->den, c->val, &ch),
                      E_OK);
            if (ch && np < 400) {
                pind[np] = ru_ids[k];
                pper[np++] = per[p];
            }
        }
        /* stale until refreshed (unless every change cancelled out) */
        CHECK_INT(store_indicator_rollup_refresh_pairs(st, np, pind, pper),
                  E_OK);
        CHECK_INT(store_commit(st), E_OK);
        CHECK_INT(ru_check(a, ru_ids, ru_mult, ru_units, per), 0);
        np = 0;
    }
    CHECK_INT(store_indicator_rollup_refresh_pairs(st, 0, NULL, NULL), E_OK);
    arena_free(a);
}
