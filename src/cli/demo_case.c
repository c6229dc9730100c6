/* demo_case.c: ska demo's cases: about 5,500 deviations, risks,
 * improvement proposals and complaints over the last three years.
 *
 * The noise: each unit reports at its own rate (wards most), categories
 * drawn with weights that suit the unit (psychiatry more threats and
 * suicide attempts, outpatient clinics and the vårdcentral more
 * certificates and waiting times), texts assembled from phrase tables.
 * Cases older than four months are nearly all closed with an assessment
 * and feedback; a few are still open and long overdue; recent ones are in
 * every state. Up to sixteen old deviations (ten with seed 1) are serious:
 * allvarlig vårdskada caused or possible, every item of the investigation
 * filled in, a Lex Maria decision (reported to IVO, with a reference, when
 * harm was caused), and closed.
 *
 * Two systematic problems hidden in the noise, for analytics to find:
 *
 *  1. Medicinavdelning 2 (MED-AVD2), category Läkemedel / Administrering
 *     (LM-ADM), type deviation: on top of the background (about 3 a
 *     month), the twelve 30-day blocks ending today get Poisson(0.8 * k)
 *     extra cases in block k = 1..12 (oldest first): a rate rising from
 *     about 3-4 to about 12 a month, about 62 extra cases in all (texts
 *     from the LM-ADM table: doses late, missed or given twice).
 *
 *  2. Avdelning 1, psykiatrisk slutenvård (LVPS-AVD1), category Fall
 *     (FALL), type deviation: in the latest complete winter (1 December to
 *     the end of February; 2025-12-01..2026-02-28 when run in 2026 after
 *     February), 45 extra falls, each occurring on a night shift between
 *     22:00 and 06:00 Stockholm time, reported 1-7 hours later: about 20
 *     night falls a month against a background of 2-3 falls a month at
 *     any hour. The background falls at that unit are spread over the day
 *     and the year.
 *
 * The first case (id 1) is fixed for the HTTP tests: reported by
 * `personal` at ECT-enheten yesterday, still new, without patient
 * identity. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "demo_case_int.h"
#include "util.h"

#define DEMO_CASES 5400 /* background cases, before the two problems */

/* where cases happen (see demo_case_int.h); MED-AVD2 (8) and LVPS-AVD1 (0)
 * carry the systematic problems */
const struct demo_case_unit demo_case_units[] = {
    {"LVPS-AVD1", "chef.psyk", "HOT HOT SUIC FALL LM-ADM", 16},
    {"LVPS-ECT", "handl.ect", "ID MTP LM-ADM", 5},
    {"VPO-ADHD", "chef.psyk", "TILLG REMISS INTYG-BRIST LM-ORD", 6},
    {"VPO-ALLM", "chef.psyk", "INTYG-FMB INTYG-PASSIV SUIC TILLG", 7},
    {"KARD-HSV", "chef.kard", "LM-ORD TILLG INFO-VG", 5},
    {"KARD-AVD", "chef.kard", "FALL LM-ADM TRYCK VRI MTP", 15},
    {"MED-DIAB", "kvalitet", "TILLG PROV REMISS", 5},
    {"MED-FOT", "kvalitet", "VRI REMISS", 3},
    {"MED-AVD2", "kvalitet", "FALL LM-ADM TRYCK INFO-INUT NUTR", 16},
    {"VCE-MOTT", "vce.chef", "INTYG-FMB INTYG-BRIST INTYG-PASSIV TILLG BEM",
     10},
};
_Static_assert(sizeof(demo_case_units) / sizeof(demo_case_units[0]) ==
                   DEMO_CASE_UNITS,
               "DEMO_CASE_UNITS counts demo_case_units");

struct demo_case_ctx {
    struct demo_case *v;
    size_t n, cap;
};

static enum err push_case(struct demo_case_ctx *x, const struct demo_case *c)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 8192;
        struct demo_case *v = realloc(x->v, cap * sizeof(*v));

        if (!v)
            return E_NOMEM;
        x->v = v;
        x->cap = cap;
    }
    x->v[x->n++] = *c;
    return E_OK;
}

static int cmp_case(const void *pa, const void *pb)
{
    const struct demo_case *a = pa, *b = pb;

    return (a->reported > b->reported) - (a->reported < b->reported);
}

/* pick_category: half of a unit's cases from its typical categories, the
 * rest from all categories with texts. */
static const char *pick_category(struct arena *a,
                                 const struct demo_case_unit *u)
{
    size_t n = 0;
    const char *p = u->extra, *w[16];

    if (demo_rnd(2)) {
        while (*p && n < 16) {
            size_t len = strcspn(p, " ");

            w[n++] = arena_strndup(a, p, len);
            p += len + (p[len] == ' ');
        }
        return w[demo_rnd((unsigned)n)];
    }
    return demo_cat_texts[demo_rnd((unsigned)demo_ncat_texts)].code;
}

static int64_t stockholm_at(int y, int mo, int d, int h)
{
    char s[32];
    int64_t t = 0;

    snprintf(s, sizeof(s), "%04d-%02d-%02dT%02d:00", y % 10000, mo % 100,
             d % 100, h % 100);
    datetime_parse_iso(s, &t);
    return t;
}

static enum err plan_cases(struct arena *a, struct demo_case_ctx *x,
                           int64_t now)
{
    unsigned total = 0, i;
    int64_t span = 3 * 365 * (int64_t)DAY, start = now - span, w0, w1;
    struct tm tm;
    enum err e;
    int k, j;

    for (i = 0; i < DEMO_CASE_UNITS; i++)
        total += demo_case_units[i].weight;
    for (i = 0; i < DEMO_CASES; i++) {
        struct demo_case c = {0};
        unsigned r = demo_rnd(total), u = 0, t = demo_rnd(100);

        while (r >= demo_case_units[u].weight)
            r -= demo_case_units[u++].weight;
        c.unit = u;
        c.reported = start + (int64_t)demo_rnd((unsigned)(span - 2 * DAY));
        c.occurred = c.reported - (int64_t)demo_rnd(3 * DAY);
        c.type = t < 80   ? "deviation"
                 : t < 88 ? "risk"
                 : t < 95 ? "improvement"
                          : "complaint";
        c.cat = pick_category(a, &demo_case_units[u]);
        if (t >= 95) /* complaints are about manners, waits and care */
            c.cat = t % 3 == 0 ? "BEM" : t % 3 == 1 ? "TILLG" : "VARD-FORDR";
        c.text = demo_rnd(1000);
        if ((e = push_case(x, &c)))
            return e;
    }
    /* 1: rising Läkemedel/administrering at Medicinavdelning 2 */
    for (k = 1; k <= 12; k++) {
        int m = (int)demo_poisson(0.8 * k);

        for (j = 0; j < m; j++) {
            struct demo_case c = {0};

            c.unit = 8; /* MED-AVD2 */
            c.reported = now - (int64_t)(13 - k) * 30 * DAY +
                         (int64_t)demo_rnd(30 * DAY - 3600);
            if (c.reported > now - 3600)
                c.reported = now - 3600;
            c.occurred = c.reported - (int64_t)demo_rnd(DAY);
            c.type = "deviation";
            c.cat = "LM-ADM";
            c.text = demo_rnd(1000);
            c.pattern = 1;
            if ((e = push_case(x, &c)))
                return e;
        }
    }
    /* 2: night falls at Avdelning 1 in the latest complete winter */
    datetime_stockholm(now, &tm);
    k = tm.tm_year + 1900 - (tm.tm_mon < 2 ? 2 : 1); /* December's year */
    w0 = stockholm_at(k, 12, 1, 0);
    w1 = stockholm_at(k + 1, 3, 1, 0);
    for (j = 0; j < 45; j++) {
        struct demo_case c = {0};
        int64_t night =
            w0 + (int64_t)demo_rnd((unsigned)((w1 - w0) / DAY)) * DAY;
        struct tm nt;

        datetime_stockholm(night, &nt);
        /* 22:00 that evening + up to 8 hours */
        c.occurred =
            stockholm_at(nt.tm_year + 1900, nt.tm_mon + 1, nt.tm_mday, 22) +
            (int64_t)demo_rnd(8 * 3600);
        c.reported = c.occurred + 3600 + (int64_t)demo_rnd(6 * 3600);
        c.unit = 0; /* LVPS-AVD1 */
        c.type = "deviation";
        c.cat = "FALL";
        c.text = demo_rnd(1000);
        c.pattern = 2;
        if ((e = push_case(x, &c)))
            return e;
    }
    qsort(x->v, x->n, sizeof(x->v[0]), cmp_case);
    return E_OK;
}

/* people looks up who reports and handles at each case unit, and seeds
 * each care provider's default case categories. */
static enum err people(struct store *st, struct arena *a, struct demo_people *p)
{
    struct unit u, prov;
    struct user usr;
    size_t i;
    unsigned j;
    enum err e;

    for (i = 0; i < DEMO_CASE_UNITS; i++) {
        if ((e = store_unit_by_code(st, a, demo_case_units[i].code, &u)) ||
            (e = store_user_by_username(st, a, demo_case_units[i].handler,
                                        &usr)))
            return e;
        p->unit_id[i] = u.id;
        p->handler[i].user_id = usr.id;
        p->handler[i].name = demo_case_units[i].handler;
        for (j = 0; j < 3; j++) {
            struct user s;

            if ((e = store_user_by_username(
                     st, a, demo_staff_name(demo_case_units[i].code, j), &s)))
                return e;
            p->staff[i][p->nstaff[i]++] = s.id;
        }
        if (!strcmp(demo_case_units[i].code, "LVPS-ECT")) {
            if ((e = store_user_by_username(st, a, "personal", &usr)))
                return e;
            p->staff[i][p->nstaff[i]++] = usr.id;
        }
    }
    if ((e = store_user_by_username(st, a, "kvalitet", &usr)))
        return e;
    p->quality.user_id = usr.id;
    p->quality.name = "kvalitet";
    for (j = 0; j < 2; j++) {
        if ((e = store_unit_by_code(st, a, j ? "VCE" : "RE", &prov)) ||
            (e = store_case_categories_seed(st, &cli_actor, prov.id)) ||
            (e = store_case_categories(st, a, prov.id, &p->cats[j],
                                       &p->ncats[j])))
            return e;
        for (i = 0; i < DEMO_CASE_UNITS; i++)
            if ((demo_case_units[i].code[0] == 'V' &&
                 demo_case_units[i].code[1] == 'C') == (j == 1))
                p->provider[i] = prov.id;
    }
    return E_OK;
}

/* demo_cases: see demo_int.h */
enum err demo_cases(struct store *st, struct arena *a)
{
    struct demo_case_ctx x = {0};
    struct demo_people p = {0};
    int64_t now = datetime_now();
    size_t i, nserious = 0;
    enum err e;

    if ((e = people(st, a, &p)))
        return e;
    /* case 1, for the HTTP tests: yesterday at ECT-enheten by `personal`,
     * still new */
    {
        struct case_rec c = {0};
        struct case_times t = {0};
        struct actor rep = {p.staff[1][3], "personal"};

        c.provider_id = p.provider[1];
        c.unit_id = c.reporter_unit_id = p.unit_id[1];
        c.reporter_id = rep.user_id;
        c.type = "deviation";
        c.what = "Patienten kallades till ECT-behandling utan att "
                 "fasteinstruktionen skickats med, och behandlingen fick "
                 "skjutas upp en dag.";
        c.immediate_action = "Ny tid bokades och patienten fick "
                             "instruktionen muntligt.";
        c.occurred_at = now - 2 * DAY;
        c.discovered_at = now - 2 * DAY + 3600;
        if ((e = store_case_create(st, &rep, &c, NULL, 0)))
            return e;
        t.occurred_at = c.occurred_at;
        t.discovered_at = c.discovered_at;
        t.reported_at = now - DAY;
        if ((e = store_case_backdate(st, &cli_actor, c.id, &t)))
            return e;
    }
    if ((e = plan_cases(a, &x, now)))
        goto out;
    for (i = 0; i < x.n; i++) {
        struct arena *ca = arena_new();
        /* about one in 200 old deviations is serious */
        int serious = nserious < 16 && !x.v[i].pattern &&
                      !strcmp(x.v[i].type, "deviation") &&
                      now - x.v[i].reported > 200 * DAY && demo_rnd(200) == 0;

        if (!ca) {
            e = E_NOMEM;
            goto out;
        }
        nserious += serious;
        e = demo_case_write(st, ca, &p, &x.v[i], now, serious);
        arena_free(ca);
        if (e)
            goto out;
    }
out:
    free(x.v);
    return e;
}
