/* test_store_case.c: cases in the SQLite store: numbering, lists with
 * filters and diacritic-insensitive full-text search, transitions with
 * conflict detection, the timeline, protected patient identity with its
 * access log, categories and investigation items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/auth.h"
#include "core/taxonomy.h"
#include "datetime.h"
#include "store/store.h"
#include "t.h"

static char dir[] = "/tmp/ska-test-case-XXXXXX";
static char db[256];
static const struct actor who = {0, "test"};
static struct store *st;
static int64_t provider, unit_a, unit_b;

static int64_t add_unit(int64_t parent, const char *code, const char *kind)
{
    struct unit u = {0};

    u.parent_id = parent;
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.org_nr = parent ? NULL : "232100-0016";
    u.active = 1;
    if (store_unit_create(st, &who, &u))
        return 0;
    return u.id;
}

static int64_t report(int64_t unit, const char *what, const char *pnr)
{
    struct case_rec c = {0};

    c.provider_id = provider;
    c.unit_id = unit;
    c.type = "deviation";
    c.what = what;
    c.patient_affected = pnr != NULL;
    if (store_case_create(st, &who, &c, pnr, 0))
        return 0;
    return c.id;
}

T(create_and_number)
{
    struct arena *a = arena_new();
    struct case_rec c;
    int64_t id1, id2;

    CHECK_INT(store_begin(st), E_OK);
    id1 = report(unit_a, "Översvämning i förrådet, läkemedel förstörda", NULL);
    id2 = report(unit_b, "Patienten föll vid förflyttning", "191212121212");
    CHECK_INT(store_commit(st), E_OK);
    CHECK(id1 && id2);
    CHECK_INT(store_case_get(st, a, id2, &c), E_OK);
    CHECK_STR(c.state, "new");
    CHECK(c.number && strlen(c.number) == 11 && c.number[4] == '-');
    CHECK(c.number && strcmp(c.number + 5, "000002") == 0);
    CHECK_INT(c.has_patient, 1);
    CHECK_STR(c.unit_code, "B");
    arena_free(a);
}

T(lists_filters_and_search)
{
    struct arena *a = arena_new();
    struct case_filter f = {0};
    struct case_rec *rows;
    struct unit ua;
    size_t n;
    int64_t total;

    f.q = "oversvamning"; /* no å/ä/ö, lower case */
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 1);
    f.q = "LÄKEMED"; /* a prefix, upper case */
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 1);
    f.q = "\"föll\" OR NEAR("; /* FTS syntax is plain text to us */
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 0);
    f.q = NULL;
    CHECK_INT(store_unit_get(st, a, unit_a, &ua), E_OK);
    f.scope_path = ua.path;
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 1);
    f.scope_path = NULL;
    f.state = "closed";
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 0);
    f.state = NULL;
    f.limit = 1;
    CHECK_INT(store_case_list(st, a, &f, &rows, &n, &total), E_OK);
    CHECK_INT(total, 2);
    CHECK_INT(n, 1);
    arena_free(a);
}

T(transitions_and_timeline)
{
    struct arena *a = arena_new();
    struct case_event_row *ev;
    struct case_rec c;
    size_t n;

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_transition(st, &who, 1, "transfer", "new",
                                    "transferred", unit_b, "Annan enhet"),
              E_OK);
    /* the same step again: the case is no longer new */
    CHECK_INT(store_case_transition(st, &who, 1, "transfer", "new",
                                    "transferred", unit_b, "x"),
              E_CONFLICT);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, 1, &c), E_OK);
    CHECK_STR(c.state, "transferred");
    CHECK_INT(c.unit_id, unit_b);
    CHECK_STR(c.reason, "Annan enhet");
    CHECK_INT(store_case_events(st, a, 1, &ev, &n), E_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(ev[0].kind, "reported");
        CHECK_STR(ev[1].kind, "transfer");
        CHECK_STR(ev[1].text, "Annan enhet");
    }
    arena_free(a);
}

T(update_assessment)
{
    struct arena *a = arena_new();
    struct case_rec c;

    CHECK_INT(store_case_get(st, a, 2, &c), E_OK);
    CHECK_INT(c.system_fault, -1);
    c.consequence = 3;
    c.probability = 2;
    c.system_fault = 0;
    c.care_injury = "could";
    c.serious = 1;
    c.feedback = "Tack, vi har gått igenom rutinen på APT.";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, 2, &c), E_OK);
    CHECK_INT(c.consequence, 3);
    CHECK_INT(c.system_fault, 0);
    CHECK_STR(c.care_injury, "could");
    CHECK(c.feedback_at > 0);
    arena_free(a);
}

/* A provider's own matrix judges new assessments; recorded ones keep
 * their score and band until they are assessed again. */
T(risk_matrix_and_recorded_band)
{
    struct arena *a = arena_new();
    struct risk_matrix m, got;
    struct case_rec c;
    int custom = -1;
    int64_t id;

    CHECK_INT(store_risk_matrix(st, a, provider, &got, &custom), E_OK);
    CHECK_INT(custom, 0);
    CHECK_INT(got.low_max, 3);
    CHECK(got.consequence_label[1] == NULL);
    CHECK_INT(store_begin(st), E_OK);
    id = report(unit_a, "Fel dos", NULL);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    c.consequence = 2;
    c.probability = 2;
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_INT(c.risk_score, 4);
    CHECK_STR(c.risk_band, "medium");
    /* the provider's own matrix: 1-4 low, 5-9 medium */
    risk_matrix_default(&m);
    m.low_max = 4;
    m.medium_max = 9;
    m.consequence_label[1] = "Försumbar";
    m.probability_label[4] = "Nästan säker";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_risk_matrix_set(st, &who, provider, &m), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_risk_matrix(st, a, provider, &got, &custom), E_OK);
    CHECK_INT(custom, 1);
    CHECK_INT(got.low_max, 4);
    CHECK_INT(got.medium_max, 9);
    CHECK_STR(got.consequence_label[1], "Försumbar");
    CHECK(got.consequence_label[2] == NULL);
    CHECK_STR(got.probability_label[4], "Nästan säker");
    /* other fields change: the recorded band stays */
    c.feedback = "Tack för rapporten.";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_STR(c.risk_band, "medium");
    /* asked to assess again: today's matrix */
    c.risk_score = 0;
    c.risk_band = NULL;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_INT(c.risk_score, 4);
    CHECK_STR(c.risk_band, "low");
    /* a new assessment: today's matrix */
    c.probability = 4;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_INT(c.risk_score, 8);
    CHECK_STR(c.risk_band, "medium");
    /* not assessed any more */
    c.consequence = 0;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_update(st, &who, &c), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_INT(c.risk_score, 0);
    CHECK(c.risk_band == NULL);
    /* back to the defaults */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_risk_matrix_reset(st, &who, provider), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_risk_matrix(st, a, provider, &got, &custom), E_OK);
    CHECK_INT(custom, 0);
    CHECK(got.consequence_label[1] == NULL);
    arena_free(a);
}

T(patient_identity_is_logged)
{
    struct arena *a = arena_new();
    struct user u = {0};
    struct actor reader;
    const char *pnr = NULL;
    int64_t nlog, bad;

    u.username = "handl";
    u.name = "Handläggare";
    u.active = 1;
    CHECK_INT(store_user_create(st, &who, &u), E_OK);
    reader.user_id = u.id;
    reader.name = u.username;
    CHECK_INT(store_case_patient(st, a, &reader, 2, "case view", &pnr), E_OK);
    CHECK_STR(pnr, "191212121212");
    CHECK_INT(store_case_patient(st, a, &reader, 1, "case view", &pnr),
              E_NOTFOUND);
    CHECK_INT(store_audit_verify(st, &nlog, &bad), E_OK);
    CHECK_INT(bad, 0);
    arena_free(a);
}

T(categories_and_investigation)
{
    struct arena *a = arena_new();
    struct case_category main_c = {0, 0, "LM", "Läkemedel", NULL},
                         sub = {0, 0, "LM-ADM", "Administrering", NULL};
    struct case_category *cats;
    const char *items[INV__MAX];
    size_t n;

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_category_add(st, &who, provider, &main_c), E_OK);
    sub.parent_id = main_c.id;
    CHECK_INT(store_case_category_add(st, &who, provider, &sub), E_OK);
    CHECK_INT(store_case_investigation_set(st, &who, 2, INV_COURSE,
                                           "Föll vid förflyttning"),
              E_OK);
    CHECK_INT(
        store_case_investigation_set(st, &who, 2, INV_COURSE,
                                     "Föll vid förflyttning till rullstol"),
        E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_categories(st, a, provider, &cats, &n), E_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_STR(cats[0].name, "Läkemedel");
        CHECK_STR(cats[1].parent_name, "Läkemedel");
    }
    CHECK_INT(store_case_investigation(st, a, 2, items), E_OK);
    CHECK_STR(items[INV_COURSE], "Föll vid förflyttning till rullstol");
    CHECK(items[INV_CAUSES] == NULL);
    arena_free(a);
}

/* The default taxonomy: seeded once per provider, with the
 * försäkringsmedicin subcategories of seed 002 under Intyg/sjukskrivning;
 * a second call changes nothing. */
T(categories_seed_is_idempotent)
{
    struct arena *a = arena_new();
    struct case_category *cats;
    struct unit p2 = {0};
    size_t n, n2, i, nintyg = 0;
    int64_t intyg = 0;

    p2.code = "P2";
    p2.name = "Privat vårdgivare";
    p2.kind = "provider";
    p2.org_nr = "556677-8899";
    p2.active = 1;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_unit_create(st, &who, &p2), E_OK);
    CHECK_INT(store_case_categories_seed(st, &who, p2.id), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_categories(st, a, p2.id, &cats, &n), E_OK);
    taxonomy_default(&i);
    CHECK_INT(n, i);
    for (i = 0; i < n; i++)
        if (strcmp(cats[i].code, "INTYG") == 0)
            intyg = cats[i].id;
    CHECK(intyg != 0);
    for (i = 0; i < n; i++)
        if (cats[i].parent_id == intyg) {
            nintyg++;
            CHECK_STR(cats[i].parent_name, "Intyg/sjukskrivning");
            CHECK(strcmp(cats[i].code, "INTYG-FMB") == 0 ||
                  strcmp(cats[i].code, "INTYG-BRIST") == 0 ||
                  strcmp(cats[i].code, "INTYG-PASSIV") == 0);
        }
    CHECK_INT(nintyg, 3);
    /* again: nothing added; a provider with its own categories is kept */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_case_categories_seed(st, &who, p2.id), E_OK);
    CHECK_INT(store_case_categories_seed(st, &who, provider), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_categories(st, a, p2.id, &cats, &n2), E_OK);
    CHECK_INT(n2, n);
    CHECK_INT(store_case_categories(st, a, provider, &cats, &n2), E_OK);
    CHECK_INT(n2, 2);
    arena_free(a);
}

/* Backdating (demo only) moves the times, the timeline and the number's
 * year. */
T(backdate)
{
    struct arena *a = arena_new();
    struct case_times t = {0};
    struct case_event_row *ev;
    struct case_rec c;
    size_t n;
    int64_t id;

    CHECK_INT(store_begin(st), E_OK);
    id = report(unit_a, "Gammal händelse", NULL);
    CHECK(id != 0);
    CHECK_INT(
        store_case_transition(st, &who, id, "close", "new", "closed", 0, NULL),
        E_OK);
    t.occurred_at = 1600000000 - 7200;
    t.discovered_at = 1600000000 - 3600;
    t.reported_at = 1600000000; /* 2020-09-13 */
    t.last_step_at = 1600000000 + 10 * 86400;
    CHECK_INT(store_case_backdate(st, &who, id, &t), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_case_get(st, a, id, &c), E_OK);
    CHECK_STR(c.number, "2020-000001");
    CHECK_INT(c.reported_at, 1600000000);
    CHECK_INT(c.closed_at, t.last_step_at);
    CHECK_INT(c.state_since, t.last_step_at);
    CHECK_INT(store_case_events(st, a, id, &ev, &n), E_OK);
    CHECK_INT(n, 2);
    if (n == 2) {
        CHECK_INT(ev[0].at, t.reported_at);
        CHECK_INT(ev[1].at, t.last_step_at);
    }
    arena_free(a);
}

int main(int argc, char **argv)
{
    static const struct t_case cases[] = {T_CASE(create_and_number),
                                          T_CASE(lists_filters_and_search),
                                          T_CASE(transitions_and_timeline),
                                          T_CASE(update_assessment),
                                          T_CASE(risk_matrix_and_recorded_band),
                                          T_CASE(patient_identity_is_logged),
                                          T_CASE(categories_and_investigation),
                                          T_CASE(categories_seed_is_idempotent),
                                          T_CASE(backdate)};
    char cmd[300];
    int rc;

    (void)argc;
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof(db), "%s/t.db", dir);
    auth_init();
    if (store_open(db, 1, 1, &st)) {
        fprintf(stderr, "open: %s\n", st ? store_errmsg(st) : "?");
        return 1;
    }
    store_begin(st);
    provider = add_unit(0, "P", "provider");
    unit_a = add_unit(provider, "A", "unit");
    unit_b = add_unit(provider, "B", "unit");
    store_commit(st);
    rc = t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));
    store_close(st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return rc;
}
