/* cmd_demo.c: ska demo builds "Region Exempel", shaped after the Dalarna
 * audit (../shared/seeds): the organisation, a user for every role and a
 * second, private care provider to show that data never crosses; quality
 * indicators for the board's nine focus areas and the audit's four patient
 * groups with 60 months of values (some stable, some shifted, some
 * trending) and national averages; the default case categories and about
 * 5,500 cases over three years with two systematic problems (see "cases"
 * below). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "core/auth.h"
#include "datetime.h"
#include "demo_document.h"
#include "demo_process.h"
#include "demo_requirement.h"
#include "util.h"

/* Every demo account shares this password; printed by make run. */
#define DEMO_PASSWORD "exempel-2026"

static const struct demo_unit {
    const char *code, *parent, *kind, *name, *hsa, *org_nr;
} demo_units[] = {
    {"RE", NULL, "provider", "Region Exempel", "SE2321000016-0001",
     "232100-0016"},
    {"HSF", "RE", "administration", "Hälso- och sjukvårdsförvaltningen", NULL,
     NULL},
    {"DPH", "HSF", "division", "Division Psykiatri och habilitering", NULL,
     NULL},
    {"LVPS", "DPH", "department", "Länsvuxenpsykiatri slutenvård",
     "SE2321000016-0101", NULL},
    {"LVPS-AVD1", "LVPS", "unit", "Avdelning 1, psykiatrisk slutenvård", NULL,
     NULL},
    {"LVPS-ECT", "LVPS", "unit", "ECT-enheten", NULL, NULL},
    {"VPO", "DPH", "department", "Vuxenpsykiatri öppenvård",
     "SE2321000016-0102", NULL},
    {"VPO-ADHD", "VPO", "unit", "ADHD-mottagningen", NULL, NULL},
    {"VPO-ALLM", "VPO", "unit", "Allmänpsykiatrisk mottagning", NULL, NULL},
    {"HAB", "DPH", "department", "Habiliteringscentrum", NULL, NULL},
    {"DMED", "HSF", "division", "Division Medicin", NULL, NULL},
    {"KARD", "DMED", "department", "Kardiologi", "SE2321000016-0201", NULL},
    {"KARD-HSV", "KARD", "unit", "Hjärtsviktsmottagningen", NULL, NULL},
    {"KARD-AVD", "KARD", "unit", "Hjärtavdelningen", NULL, NULL},
    {"MED", "DMED", "department", "Medicinkliniken", "SE2321000016-0202", NULL},
    {"MED-DIAB", "MED", "unit", "Diabetesmottagningen", NULL, NULL},
    {"MED-FOT", "MED", "unit", "Fotsårsteamet", NULL, NULL},
    {"MED-AVD2", "MED", "unit", "Medicinavdelning 2", NULL, NULL},
    {"VCE", NULL, "provider", "Vårdcentralen Exempelby AB", NULL,
     "556677-8899"},
    {"VCE-MOTT", "VCE", "unit", "Mottagningen", NULL, NULL},
};

static const struct demo_user {
    const char *username, *name, *role, *unit, *what;
} demo_users[] = {
    {"admin", "Alva Admin", "admin", "RE", "administratör, hela regionen"},
    {"kvalitet", "Karin Kvist", "quality", "HSF",
     "kvalitetssamordnare, förvaltningen"},
    {"chef.psyk", "Per Holm", "manager", "LVPS",
     "verksamhetschef, länsvuxenpsykiatri slutenvård"},
    {"chef.kard", "Maria Lind", "manager", "KARD",
     "verksamhetschef, kardiologi"},
    {"handl.ect", "Sara Berg", "handler", "LVPS-ECT",
     "handläggare, ECT-enheten"},
    {"personal", "Erik Ek", "staff", "LVPS-ECT", "medarbetare, ECT-enheten"},
    {"granskare", "Gunnel Granath", "auditor", "RE",
     "granskare (revisor), hela regionen"},
    {"vce.chef", "Vera Vik", "manager", "VCE",
     "chef, Vårdcentralen Exempelby AB (annan vårdgivare)"},
};

static const char *const first_names[] = {
    "Anna", "Lars",  "Eva", "Karl", "Lena",  "Johan", "Maja",  "Nils",
    "Elin", "Oskar", "Ida", "Hugo", "Sofia", "Axel",  "Klara", "Olle"};
static const char *const last_names[] = {"Andersson",  "Johansson", "Karlsson",
                                         "Nilsson",    "Eriksson",  "Larsson",
                                         "Olsson",     "Persson",   "Svensson",
                                         "Gustafsson", "Lindqvist", "Berglund"};

static void print_logins(void)
{
    size_t i;

    printf("Demo log-ins (password for all: %s):\n", DEMO_PASSWORD);
    for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
        printf("  %-10s %s\n", demo_users[i].username, demo_users[i].what);
}

/* xorshift: the same --seed gives the same demo data */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static enum err add_unit(struct store *st, struct arena *a,
                         const struct demo_unit *d)
{
    struct unit u = {0}, parent;
    enum err e;

    if (d->parent) {
        if ((e = store_unit_by_code(st, a, d->parent, &parent)))
            return e;
        u.parent_id = parent.id;
    }
    u.code = d->code;
    u.name = d->name;
    u.kind = d->kind;
    u.hsa_id = d->hsa;
    u.org_nr = d->org_nr;
    u.active = 1;
    return store_unit_create(st, &cli_actor, &u);
}

static enum err add_user(struct store *st, struct arena *a,
                         const char *username, const char *name,
                         const char *role, const char *unit_code,
                         const char *hash)
{
    struct user u = {0};
    struct unit unit;
    int64_t rid;
    enum err e;

    if ((e = store_unit_by_code(st, a, unit_code, &unit)))
        return e;
    u.username = username;
    u.name = name;
    u.lang = "sv";
    u.active = 1;
    u.password_hash = hash;
    u.home_unit_id = unit.id;
    if ((e = store_user_create(st, &cli_actor, &u)))
        return e;
    return store_role_add(st, &cli_actor, u.id, role_from_str(role), unit.id,
                          &rid);
}

/* --- indicators: the board's nine focus areas and the audit's four patient
 * groups, 60 months ending last month, with national averages --- */

#define DEMO_MONTHS 60

static const struct demo_tag {
    const char *code, *name;
} demo_focus[] =
    {
        {"DIAB", "Diabetes mellitus"},
        {"RORELSE", "Rörelseorganens sjukdomar"},
        {"CANCER", "Cancer"},
        {"HJARTKARL", "Hjärtkärl-sjukdomar"},
        {"PSYK", "Psykiska sjukdomar"},
        {"MAGTARM", "Mag- och tarmsjukdomar"},
        {"OGON", "Ögonsjukdomar"},
        {"KVINNO", "Förlossning och kvinnosjukdomar"},
        {"NEURO", "Neurologiska sjukdomar"},
},
  demo_groups[] = {
      {"HSV", "Hjärtsvikt"},
      {"DIABFOT", "Diabetes med risk för fotsår"},
      {"ECT", "Elektrokonvulsiv behandling (ECT)"},
      {"ADHD", "ADHD"},
};

/* How a demo series moves: stable, a level change from month `at` (an
 * intervention, or a deterioration), or a linear trend over the 60
 * months. `delta` is in the indicator's display unit. */
enum demo_shape { SHAPE_STABLE, SHAPE_SHIFT, SHAPE_TREND };

/* clang-format off */
static const struct demo_ind {
    const char *code, *name, *desc, *num, *den, *unit, *dir, *dim, *src;
    const char *chart; /* "p", "u" or "i" */
    double multiply, t_mod, t_high;
    const char *focus, *group; /* tag codes or NULL */
    const char *units;         /* space-separated unit codes */
    double level;              /* start level in the display unit */
    double size;               /* mean denominator (p, u) or SD (i) */
    enum demo_shape shape;
    int at;          /* shift month (0-based) */
    double delta;    /* shift size or trend over the whole period */
    double national; /* national average, display unit */
} demo_inds[] = {
    {"HSV-RAAS", "Andel hjärtsviktspatienter med RAAS-hämmare",
     ("Andel patienter med hjärtsvikt och nedsatt ejektionsfraktion som "
     "behandlas med ACE-hämmare, ARB eller ARNI."),
     "Patienter med RAAS-hämmare vid uppföljning",
     "Patienter med hjärtsvikt och EF < 40 % i RiksSvikt", "%", "higher",
     "evidence_based", "RiksSvikt", "p", 100, 85, 90, "HJARTKARL", "HSV",
     "KARD-HSV KARD-AVD", 78, 45, SHAPE_SHIFT, 36, 10, 86},
    {"HSV-ATERINL", "Hjärtsvikt: återinskrivning inom 30 dagar",
     ("Andel vårdtillfällen för hjärtsvikt som följs av en ny inskrivning "
     "inom 30 dagar efter utskrivning."),
     "Återinskrivningar inom 30 dagar", "Utskrivningar med hjärtsvikt",
     "%", "lower", "safe", "Patientregistret", "p", 100, 20, 15,
     "HJARTKARL", "HSV", "KARD-AVD", 24, 35, SHAPE_TREND, 0, -7, 19},
    {"DIAB-HBA1C", "Diabetes: andel med HbA1c över 70 mmol/mol",
     ("Andel patienter med typ 2-diabetes vars senaste HbA1c är över "
     "70 mmol/mol."),
     "Patienter med HbA1c > 70 mmol/mol", "Patienter med typ 2-diabetes i NDR",
     "%", "lower", "evidence_based", "NDR", "p", 100, 15, 10, "DIAB",
     "DIABFOT", "MED-DIAB", 11, 900, SHAPE_STABLE, 0, 0, 15},
    {"DIAB-FOTUNDS", "Diabetes: andel med årlig fotundersökning",
     ("Andel patienter med diabetes som fått en fotundersökning med "
     "riskgradering de senaste tolv månaderna."),
     "Patienter med fotundersökning senaste året",
     "Patienter med diabetes i NDR", "%", "higher", "evidence_based", "NDR",
     "p", 100, 90, 95, "DIAB", "DIABFOT", "MED-DIAB", 74, 220, SHAPE_TREND, 0,
     14, 85},
    {"FOT-TID", "Fotsår: tid till första besök (dagar)",
     "Medianantal dagar från remiss till första besök hos fotsårsteamet.",
     NULL, NULL, "dagar", "lower", "accessible", "Egen uppföljning", "i", 1,
     14, 7, "DIAB", "DIABFOT", "MED-FOT", 11, 2.0, SHAPE_SHIFT, 51, 8, 12},
    {"ECT-CGI", "ECT: andel med förbättring enligt CGI-I",
     ("Andel ECT-serier där patienten bedöms mycket eller väldigt mycket "
     "förbättrad (CGI-I 1–2) efter avslutad serie."),
     "Serier med CGI-I 1 eller 2", "Avslutade ECT-serier med CGI-I", "%",
     "higher", "evidence_based", "Kvalitetsregister ECT", "p", 100, 70, 80,
     "PSYK", "ECT", "LVPS-ECT", 76, 18, SHAPE_STABLE, 0, 0, 74},
    {"ADHD-VANT", "ADHD: väntetid till bedömning (dagar)",
     ("Genomsnittligt antal dagar från remiss till påbörjad "
     "ADHD-utredning för patienter som började utredningen under månaden."),
     NULL, NULL, "dagar", "lower", "accessible", "Egen uppföljning", "i", 1,
     90, 60, "PSYK", "ADHD", "VPO-ADHD", 160, 12, SHAPE_SHIFT, 40, -55,
     120},
    {"VRI", "Vårdrelaterade infektioner per 1 000 vårddagar",
     "Nya vårdrelaterade infektioner på vårdavdelning per 1 000 vårddagar.",
     "Vårdrelaterade infektioner", "Vårddagar", "per 1 000 vårddagar",
     "lower", "safe", "Infektionsverktyget", "u", 1000, 5, 3, NULL, NULL,
     "LVPS-AVD1 KARD-AVD MED-AVD2", 4.5, 620, SHAPE_STABLE, 0, 0, 5.2},
    {"TRYCKSAR", "Trycksår (andel)",
     ("Andel inneliggande patienter med trycksår kategori 1–4 vid "
     "punktprevalensmätningen."),
     "Patienter med trycksår", "Undersökta inneliggande patienter", "%",
     "lower", "safe", "PPM Trycksår", "p", 100, 10, 5, NULL, NULL,
     "LVPS-AVD1 KARD-AVD MED-AVD2", 11, 24, SHAPE_STABLE, 0, 0, 12},
    {"FALL", "Fall per 1 000 vårddagar",
     "Fallhändelser som rapporterats som avvikelse per 1 000 vårddagar.",
     "Fallhändelser", "Vårddagar", "per 1 000 vårddagar", "lower", "safe",
     "Avvikelsesystemet", "u", 1000, 4, 3, "NEURO", NULL,
     "LVPS-AVD1 KARD-AVD MED-AVD2", 6.0, 620, SHAPE_TREND, 0, -2.5, 5.0},
    {"BHK", "Följsamhet basala hygienrutiner och klädregler",
     ("Andel observerade vårdmoment med korrekt följsamhet till alla "
     "moment i basala hygienrutiner och klädregler."),
     "Observationer med full följsamhet", "Observationer", "%", "higher",
     "safe", "PPM-BHK", "p", 100, 90, 95, NULL, NULL,
     ("LVPS-AVD1 LVPS-ECT VPO-ADHD VPO-ALLM HAB KARD-HSV KARD-AVD MED-DIAB "
     "MED-FOT MED-AVD2"),
     72, 30, SHAPE_SHIFT, 30, 16, 76},
    {"OVERBEL", "Överbeläggningar per 100 disponibla vårdplatser",
     ("Antal överbeläggningar per 100 disponibla vårdplatser och dag, "
     "månadsmedel."),
     "Överbeläggningar", "Disponibla vårdplatser × dagar",
     "per 100 vårdplatser", "lower", "efficient", "Vårdplatsrapportering",
     "u", 100, 3, 1, "HJARTKARL", NULL, "KARD-AVD MED-AVD2", 3.5, 720,
     SHAPE_TREND, 0, 3.0, 3.8},
    {"SVF-LEDTID", "Cancer: andel SVF-förlopp inom ledtid",
     ("Andel standardiserade vårdförlopp där första behandling startar "
     "inom den rekommenderade ledtiden."),
     "Förlopp inom ledtid", "Avslutade förlopp med behandlingsstart", "%",
     "higher", "accessible", "SVF-uppföljning (RCC)", "p", 100, 70, 80,
     "CANCER", NULL, "HSF", 58, 140, SHAPE_STABLE, 0, 0, 56},
    {"HOFT-24H", "Höftfraktur: operation inom 24 timmar",
     ("Andel patienter med höftfraktur som opereras inom 24 timmar från "
     "ankomst."),
     "Opererade inom 24 timmar", "Patienter med höftfraktur", "%", "higher",
     "safe", "Rikshöft", "p", 100, 80, 90, "RORELSE", NULL, "HSF", 77, 30,
     SHAPE_STABLE, 0, 0, 78},
    {"STROKE-DTN", "Stroke: trombolys inom 30 minuter från ankomst",
     ("Andel trombolysbehandlade strokepatienter med dörr-till-nål-tid "
     "högst 30 minuter."),
     "Trombolys inom 30 minuter", "Trombolysbehandlade", "%", "higher",
     "evidence_based", "Riksstroke", "p", 100, 50, 70, "NEURO", NULL, "HSF",
     42, 12, SHAPE_TREND, 0, 20, 55},
    {"KATARAKT-VANT", "Katarakt: väntetid till operation (dagar)",
     "Medianväntetid från beslut till kataraktoperation.", NULL, NULL,
     "dagar", "lower", "accessible", "Nationella kataraktregistret", "i", 1,
     90, 60, "OGON", NULL, "HSF", 96, 9, SHAPE_STABLE, 0, 0, 84},
    {"FORL-BRISTN", "Förlossning: bristning grad 3–4 vid vaginal förlossning",
     ("Andel vaginala förlossningar med sfinkterskada (bristning grad 3 "
     "eller 4), förstföderskor."),
     "Förlossningar med bristning grad 3–4",
     "Vaginala förlossningar, förstföderskor", "%", "lower", "safe",
     "Graviditetsregistret", "p", 100, 5, 3, "KVINNO", NULL, "HSF", 4.6, 110,
     SHAPE_STABLE, 0, 0, 4.9},
    {"KOLOSKOPI-30", "Mag- och tarm: koloskopi inom 30 dagar",
     "Andel remitterade patienter som genomgått koloskopi inom 30 dagar.",
     "Koloskopier inom 30 dagar", "Genomförda koloskopier på remiss", "%",
     "higher", "accessible", "Väntetidsdatabasen (SKR)", "p", 100, 70, 80,
     "MAGTARM", NULL, "HSF", 64, 90, SHAPE_STABLE, 0, 0, 61},
};
/* clang-format on */

/* uniform in (0, 1) from the demo's xorshift */
static double unif(void)
{
    return (rnd(1u << 30) + 0.5) / (double)(1u << 30);
}

static double gauss(void)
{
    return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif());
}

static double binomial(double n, double p)
{
    double k = 0;
    int i;

    if (n > 400) /* normal approximation for large denominators */
        return fmax(0, fmin(n, round(n * p + gauss() * sqrt(n * p * (1 - p)))));
    for (i = 0; i < (int)n; i++)
        k += unif() < p;
    return k;
}

static double poisson(double lambda)
{
    double l = exp(-lambda), p = 1, k = -1;

    if (lambda > 30)
        return fmax(0, round(lambda + gauss() * sqrt(lambda)));
    do {
        k++;
        p *= unif();
    } while (p > l);
    return k;
}

/* level gives a series' expected level in month m (0-based). */
static double level(const struct demo_ind *d, int m, double lvl)
{
    if (d->shape == SHAPE_SHIFT && m >= d->at)
        return lvl + d->delta;
    if (d->shape == SHAPE_TREND)
        return lvl + d->delta * m / (DEMO_MONTHS - 1);
    return lvl;
}

/* demo_value writes one unit's month: a count over a denominator for p and
 * u charts (the value derived by the store), a measurement for i charts. */
static enum err demo_value(struct store *st, const struct demo_ind *d,
                           int64_t ind_id, int64_t unit_id, const char *period,
                           int m, double lvl)
{
    double mean = level(d, m, lvl), n, k;
    int changed;

    if (d->chart[0] == 'i')
        return store_value_upsert(st, ind_id, unit_id, period, NAN, NAN,
                                  round(fmax(1, mean + gauss() * d->size)),
                                  &changed);
    n = round(d->size * (0.8 + 0.4 * unif()));
    if (d->chart[0] == 'p')
        k = binomial(n, fmin(0.999, fmax(0.001, mean / d->multiply)));
    else
        k = poisson(mean * n / d->multiply);
    return store_value_upsert(st, ind_id, unit_id, period, k, n, NAN, &changed);
}

/* tag_ids upserts the demo's focus areas (kind "focus") or patient groups
 * and gives their ids in table order. */
static enum err add_tags(struct store *st, int64_t provider,
                         const struct demo_tag *t, size_t n, const char *kind,
                         int64_t *ids)
{
    size_t i;
    enum err e;

    for (i = 0; i < n; i++) {
        struct ind_tag tag = {0};

        tag.provider_id = provider;
        tag.code = t[i].code;
        tag.name = t[i].name;
        if ((e = store_tag_upsert(st, &cli_actor, kind, &tag)))
            return e;
        ids[i] = tag.id;
    }
    return E_OK;
}

static int64_t tag_id(const struct demo_tag *t, size_t n, const int64_t *ids,
                      const char *code)
{
    size_t i;

    for (i = 0; code && i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return ids[i];
    return 0;
}

#define NFOCUS (sizeof(demo_focus) / sizeof(demo_focus[0]))
#define NGROUP (sizeof(demo_groups) / sizeof(demo_groups[0]))

/* add_indicator writes one catalogue entry, its tags, its values for
 * every reporting unit and its national averages. */
static enum err add_indicator(struct store *st, struct arena *a,
                              const struct demo_ind *d, int64_t provider,
                              const int64_t *focus, const int64_t *groups,
                              char periods[][16])
{
    struct indicator ind = {0};
    const char *code, *end;
    int64_t fid, gid;
    int changed, m, k = 0;
    enum err e;

    ind.provider_id = provider;
    ind.code = d->code;
    ind.name = d->name;
    ind.description = d->desc;
    ind.numerator_def = d->num;
    ind.denominator_def = d->den;
    ind.unit = d->unit;
    ind.direction = d->dir;
    ind.dimension = d->dim;
    ind.source = d->src;
    ind.periodicity = "month";
    ind.chart = d->chart;
    ind.target_moderate = d->t_mod;
    ind.target_high = d->t_high;
    ind.multiply = d->multiply;
    ind.active = 1;
    if ((e = store_indicator_upsert(st, &cli_actor, &ind, &changed)))
        return e;
    fid = tag_id(demo_focus, NFOCUS, focus, d->focus);
    gid = tag_id(demo_groups, NGROUP, groups, d->group);
    if ((e = store_indicator_tag_set(st, &cli_actor, ind.id, "focus", &fid,
                                     fid != 0)) ||
        (e = store_indicator_tag_set(st, &cli_actor, ind.id, "group", &gid,
                                     gid != 0)))
        return e;
    for (code = d->units; *code; code = *end ? end + 1 : end, k++) {
        struct unit u;
        /* each unit starts a little off the common level */
        double lvl = d->level * (1 + 0.06 * gauss() * (k > 0));

        end = code + strcspn(code, " ");
        if ((e = store_unit_by_code(st, a, arena_strndup(a, code, end - code),
                                    &u)))
            return e;
        for (m = 0; m < DEMO_MONTHS; m++)
            if ((e = demo_value(st, d, ind.id, u.id, periods[m], m, lvl)))
                return e;
    }
    for (m = 0; m < DEMO_MONTHS; m++) {
        double nat = d->national * (1 + 0.02 * gauss());

        if ((e = store_national_upsert(st, ind.id, periods[m],
                                       round(nat * 10) / 10, &changed)))
            return e;
    }
    return E_OK;
}

/* add_governance records, for the heart-failure clinic's RAAS series, the
 * intervention (a nurse-led titration clinic) and the new phase that the
 * quality coordinator started at it, with the reason. */
static enum err add_governance(struct store *st, struct arena *a,
                               const char *period)
{
    struct indicator ind;
    struct ind_phase ph = {0};
    struct ind_annotation an = {0};
    struct unit u;
    enum err e;

    if ((e = store_indicator_get(st, a, "HSV-RAAS", &ind)) ||
        (e = store_unit_by_code(st, a, "KARD-HSV", &u)))
        return e;
    an.indicator_id = ph.indicator_id = ind.id;
    an.unit_id = ph.unit_id = u.id;
    an.period = ph.period = period;
    an.kind = "intervention";
    an.text = "Sjuksköterskeledd titreringsmottagning startade";
    ph.kind = "phase";
    ph.reason = "Ny fas: titreringsmottagningen ändrade arbetssättet";
    ph.justification = "Förbättringsarbete enligt beslut i "
                       "kvalitetsrådet; skiftet bekräftat med 8 punkter "
                       "över tidigare medellinje";
    if ((e = store_annotation_add(st, &cli_actor, &an)))
        return e;
    return store_phase_add(st, &cli_actor, &ph);
}

static enum err build_indicators(struct store *st, struct arena *a)
{
    int64_t focus[NFOCUS], groups[NGROUP];
    char periods[DEMO_MONTHS][16];
    struct unit re;
    struct tm tm;
    time_t now = (time_t)datetime_now();
    int y, mo, m;
    size_t i;
    enum err e;

    /* 60 months ending last month */
    gmtime_r(&now, &tm);
    y = tm.tm_year + 1900;
    mo = tm.tm_mon; /* 0-based this month = 1-based last month */
    for (m = DEMO_MONTHS - 1; m >= 0; m--) {
        if (mo == 0) {
            mo = 12;
            y--;
        }
        snprintf(periods[m], sizeof(periods[m]), "%04d-%02d", y % 10000, mo);
        mo--;
    }
    if ((e = store_unit_by_code(st, a, "RE", &re)) ||
        (e = add_tags(st, re.id, demo_focus, NFOCUS, "focus", focus)) ||
        (e = add_tags(st, re.id, demo_groups, NGROUP, "group", groups)))
        return e;
    for (i = 0; i < sizeof(demo_inds) / sizeof(demo_inds[0]); i++)
        if ((e = add_indicator(st, a, &demo_inds[i], re.id, focus, groups,
                               periods)))
            return e;
    return add_governance(st, a, periods[demo_inds[0].at]);
}

/* the staff usernames made by build(), three per enhet, by demo_units index */
#define NDEMO_UNITS (sizeof(demo_units) / sizeof(demo_units[0]))
static const char *staff_names[NDEMO_UNITS][3];

static const char *demo_staff_name(const char *unit_code, unsigned j)
{
    size_t i;

    for (i = 0; i < NDEMO_UNITS; i++)
        if (strcmp(demo_units[i].code, unit_code) == 0 && j < 3)
            return staff_names[i][j] ? staff_names[i][j] : "";
    return "";
}

/* --- cases: about 5,500 deviations, risks, improvement proposals and
 * complaints over the last three years ---
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
 *     any hour. The
 *     background falls at that unit are spread over the day and the year.
 *
 * The first case (id 1) is fixed for the HTTP tests: reported by
 * `personal` at ECT-enheten yesterday, still new, without patient
 * identity. */

#define DAY 86400
#define DEMO_CASES 5400 /* background cases, before the two problems */

struct demo_cat_text {
    const char *code;
    const char *what[3], *action[2], *suggestion[2];
};

/* clang-format off */
static const struct demo_cat_text cat_texts[] = {
    {"VARD-FORDR",
     {"Planerad behandling blev fördröjd flera timmar eftersom ingen ansvarig läkare fanns tillgänglig.",
      "Patienten fick vänta på smärtlindring trots upprepade påringningar.",
      "Ordinerad kontroll av vitalparametrar gjordes inte enligt plan."},
     {"Jourläkare kontaktades och behandlingen genomfördes.",
      "Patienten informerades och åtgärden genomfördes så snart som möjligt."},
     {"Tydliggör vem som ansvarar när ordinarie läkare är upptagen.",
      "Inför checklista för överlämning mellan passen."}},
    {"DIAG-FORS",
     {"Röntgensvar med avvikande fynd blev inte åtgärdat på tio dagar.",
      "Patient med bröstsmärta fick EKG först efter två timmar.",
      "Provsvar med kritiskt värde uppmärksammades inte av ansvarig läkare."},
     {"Ansvarig läkare informerades och patienten kallades.",
      "Patienten bedömdes akut och kompletterande undersökning gjordes."},
     {"Se över rutinen för signering av svar i journalsystemet.",
      "Inför bevakning av kritiska provsvar."}},
    {"LM-ORD",
     {"Ordination av antikoagulantia saknades vid inskrivning trots att patienten stod på behandling hemma.",
      "Läkemedel ordinerades i fel styrka i läkemedelsmodulen.",
      "Ordinationen var otydlig och kunde tolkas på två sätt."},
     {"Ordinationen rättades av jourhavande läkare.",
      "Ansvarig läkare kontaktades och ordinationen förtydligades."},
     {"Läkemedelsgenomgång vid inskrivning bör göras av läkare och sjuksköterska tillsammans.",
      "Utbildning i läkemedelsmodulen för nya läkare."}},
    {"LM-IORD",
     {"Infusion iordningställdes med fel spädning.",
      "Dosett delades med en tablett för mycket.",
      "Läkemedel hämtades från fel fack i läkemedelsförrådet."},
     {"Felet upptäcktes innan läkemedlet gavs och nytt iordningställdes.",
      "Kollega dubbelkontrollerade och felet rättades."},
     {"Inför dubbelkontroll vid beredning av högriskläkemedel.",
      "Märk upp facken i läkemedelsförrådet tydligare."}},
    {"LM-ADM",
     {"Patienten fick sin insulindos två timmar för sent.",
      "Kvällsdos av antibiotika blev inte given.",
      "Patienten fick dubbel dos av smärtstillande eftersom given dos inte signerats."},
     {"Läkare kontaktades och patienten övervakades extra under natten.",
      "Dosen gavs så snart felet upptäcktes och ansvarig läkare informerades."},
     {"Signera direkt vid administrering, inte i efterhand.",
      "Se över bemanningen vid läkemedelsrundan på kvällen."}},
    {"LM-FORV",
     {"Två läkemedel med liknande förpackning förväxlades.",
      "Patienten fick en annan patients tabletter.",
      "Läkemedel med snarlika namn förväxlades vid utdelning."},
     {"Patienten observerades och läkare bedömde att ingen skada uppstod.",
      "Läkare och apotek kontaktades, patienten följdes upp."},
     {"Förvara läkemedel med liknande förpackningar åtskilt.",
      "Använd patientens id-band vid varje utdelning."}},
    {"INFO-INUT",
     {"Utskrivningsmeddelande till kommunen skickades inte.",
      "Patienten skrevs ut utan aktuell läkemedelslista.",
      "Information om allergi fanns inte med vid inskrivning."},
     {"Kommunen kontaktades per telefon samma dag.",
      "Läkemedelslistan skickades i efterhand och patienten ringdes upp."},
     {"Använd checklistan för utskrivning fullt ut.",
      "Gör läkemedelsberättelsen till ett obligatoriskt steg."}},
    {"INFO-VG",
     {"Remissvar från annan vårdgivare kom inte fram.",
      "Kommunens sjuksköterska fick inte information om ändrad behandling.",
      "Epikris saknades när patienten kom till vårdcentralen."},
     {"Kontakt togs med den andra vårdgivaren och informationen överfördes.",
      "Informationen skickades på nytt och mottagandet bekräftades."},
     {"Gemensam rutin för informationsöverföring med kommunen.",
      "Samverkansmöte med berörda vårdgivare."}},
    {"REMISS",
     {"Remiss blev liggande oregistrerad i tre veckor.",
      "Remiss skickades till fel mottagning.",
      "Remissen saknade frågeställning och returnerades."},
     {"Remissen registrerades och prioriterades.",
      "Remissen vidarebefordrades till rätt mottagning."},
     {"Daglig bevakning av inkorgen för remisser.",
      "Mall för remisser med obligatoriska fält."}},
    {"PROV",
     {"Blodprov var felmärkt och fick tas om.",
      "Provet hemolyserade efter lång transporttid.",
      "Beställt prov togs inte."},
     {"Nytt prov togs samma dag.",
      "Laboratoriet kontaktades och provet togs om."},
     {"Se över transporttiderna till laboratoriet.",
      "Märk rören vid patienten, inte i expeditionen."}},
    {"FALL",
     {"Patienten föll vid toalettbesök och slog i huvudet.",
      "Patienten hittades på golvet bredvid sängen.",
      "Patienten halkade i korridoren och fick ont i höften."},
     {"Läkare bedömde patienten och röntgen gjordes utan fynd.",
      "Patienten undersöktes, vitalparametrar kontrollerades och anhöriga informerades."},
     {"Gör fallriskbedömning vid inskrivning för alla patienter.",
      "Se över belysningen och larmet vid sängen nattetid."}},
    {"TRYCK",
     {"Trycksår kategori 2 upptäcktes på hälen.",
      "Patienten fick trycksår på sacrum under vårdtiden.",
      "Riskbedömning enligt Norton gjordes inte vid inskrivning."},
     {"Avlastning och tryckavlastande madrass sattes in.",
      "Såret dokumenterades och behandling påbörjades."},
     {"Riskbedömning för trycksår inom ett dygn efter inskrivning.",
      "Schema för lägesändringar synligt vid sängen."}},
    {"VRI",
     {"Patienten fick urinvägsinfektion efter kateterisering.",
      "Postoperativ sårinfektion upptäcktes dag fem.",
      "Patienten fick infektion i perifer venkateter."},
     {"Odling togs och behandling sattes in.",
      "Katetern avlägsnades och läkare ordinerade antibiotika."},
     {"Följ upp basala hygienrutiner på arbetsplatsträff.",
      "Daglig bedömning av behovet av kateter."}},
    {"MTP",
     {"Infusionspumpen larmade inte vid stopp.",
      "Defibrillatorn var inte kontrollerad enligt schema.",
      "Blodtrycksmanschetten visade felaktiga värden."},
     {"Utrustningen togs ur bruk och MT-avdelningen kontaktades.",
      "Utrustningen byttes och felanmälan gjordes."},
     {"Säkerställ att kontrollschemat för utrustning följs.",
      "Utbilda personalen i den nya pumpen."}},
    {"IT",
     {"Journalsystemet låg nere i två timmar under dagpasset.",
      "Läkemedelsmodulen visade inaktuella ordinationer.",
      "Det gick inte att skriva ut etiketter till proverna."},
     {"Reservrutin på papper användes.",
      "IT-support kontaktades och felet åtgärdades."},
     {"Öva reservrutinerna regelbundet.",
      "Förbättra informationen till verksamheten vid driftstörning."}},
    {"DOK",
     {"Journalanteckning skrevs i fel patients journal.",
      "Omvårdnadsdokumentation saknades för hela kvällspasset.",
      "Vårdplanen var inte uppdaterad."},
     {"Anteckningen makulerades och fördes in i rätt journal.",
      "Dokumentationen kompletterades i efterhand."},
     {"Kontrollera patientens identitet innan journalen öppnas.",
      "Tid för dokumentation i slutet av varje pass."}},
    {"ID",
     {"Patienten saknade id-band vid provtagning.",
      "Två patienter med samma efternamn förväxlades vid utdelning av mat.",
      "Fel patient kallades till undersökning."},
     {"Id-band sattes på och identiteten kontrollerades.",
      "Förväxlingen upptäcktes direkt och rätt patient kallades."},
     {"Fråga alltid efter personnummer, inte bara namn.",
      "Markera i journalen när patienter har liknande namn."}},
    {"BEM",
     {"Anhörig upplevde att personalen var otrevlig i telefon.",
      "Patienten upplevde sig inte lyssnad på vid besöket.",
      "Patienten fick information om sin diagnos i korridoren."},
     {"Enhetschefen kontaktade patienten och bad om ursäkt.",
      "Samtal med berörd personal."},
     {"Ta upp bemötande som tema på arbetsplatsträff.",
      "Erbjud samtalsrum för svåra besked."}},
    {"TILLG",
     {"Patienten kom inte fram på telefon under tre dagar.",
      "Väntetiden till nybesök var över vårdgarantins gräns.",
      "Återbesöket blev inte bokat."},
     {"Patienten ringdes upp och fick en tid.",
      "Tid bokades och patienten informerades om vårdgarantin."},
     {"Inför återuppringning i telefonsystemet.",
      "Bevaka väntelistan varje vecka."}},
    {"ORG",
     {"Passet var underbemannat med två sjuksköterskor.",
      "Nyanställd sjuksköterska arbetade ensam utan introduktion.",
      "Överbeläggning med fyra patienter i korridor."},
     {"Extra personal kallades in från bemanningen.",
      "Arbetsfördelningen gjordes om och chefen informerades."},
     {"Se över grundbemanningen på helger.",
      "Säkerställ introduktion innan nyanställda går ensamma."}},
    {"HOT",
     {"Patienten hotade personalen verbalt och kastade en stol.",
      "Medpatient blev slagen i dagrummet.",
      "Besökare uppträdde hotfullt i entrén."},
     {"Väktare tillkallades och situationen lugnades.",
      "Personalen fick avlastningssamtal efter händelsen."},
     {"Utbildning i hot- och våldsprevention för all personal.",
      "Översyn av larmen i dagrummet."}},
    {"SUIC",
     {"Patienten gjorde ett suicidförsök på avdelningen.",
      "Patienten lyckades avvika under observation.",
      "Föremål som kunde användas för självskada fanns på rummet."},
     {"Läkare tillkallades och extravak sattes in.",
      "Polis larmades och patienten återfördes."},
     {"Se över rutinen för visitation vid inskrivning.",
      "Strukturerad suicidriskbedömning vid varje vårdnivåbeslut."}},
    {"INTYG-FMB",
     {"Sjukskrivning utfärdades utan beskrivning av funktionsnedsättning och aktivitetsbegränsning.",
      "Sjukskrivningens längd avvek kraftigt från försäkringsmedicinskt beslutsstöd utan motivering.",
      "Bedömning av arbetsförmåga saknades i journalen."},
     {"Läkaren kompletterade underlaget.",
      "Försäkringskassan kontaktades och komplettering skickades."},
     {"Utbildning i försäkringsmedicinskt beslutsstöd.",
      "Kollegial granskning av intyg varje månad."}},
    {"INTYG-BRIST",
     {"Läkarintyget var ofullständigt och Försäkringskassan begärde komplettering.",
      "Intyget skickades med fel diagnoskod.",
      "Intyg skrevs inte trots att patienten bett om det."},
     {"Intyget kompletterades och skickades på nytt.",
      "Patienten informerades och intyget skrevs samma vecka."},
     {"Mall för intyg med obligatoriska fält.",
      "Sjukskrivningskoordinator granskar intyg innan de skickas."}},
    {"INTYG-PASSIV",
     {"Patienten har varit sjukskriven i fem månader utan planerad uppföljning.",
      "Ingen rehabiliteringsplan fanns trots lång sjukskrivning.",
      "Sjukskrivningen förlängdes utan ny bedömning."},
     {"Återbesök bokades och rehabiliteringskoordinator kopplades in.",
      "Patienten kallades till avstämningsmöte."},
     {"Bevakningslista över långa sjukskrivningar.",
      "Rehabiliteringskoordinator följer upp sjukskrivningar över 60 dagar."}},
    {"SEKR",
     {"Journalutdrag skickades till fel adress.",
      "Inloggad dator lämnades obevakad i receptionen.",
      "Patientuppgifter diskuterades i hörbart i väntrummet."},
     {"Mottagaren kontaktades och handlingen återsändes.",
      "Datorn låstes och personalen påmindes om rutinen."},
     {"Påminn om sekretessrutinerna på arbetsplatsträff.",
      "Automatisk utloggning efter fem minuter."}},
    {"ARB",
     {"Medarbetare skadade ryggen vid förflyttning av patient.",
      "Stickskada vid omhändertagande av kanyl.",
      "Hög arbetsbelastning under flera veckor."},
     {"Medarbetaren fick gå till företagshälsovården.",
      "Rutin för stickskada följdes och prov togs."},
     {"Fler förflyttningshjälpmedel.",
      "Säkerhetskanyler på hela enheten."}},
    {"NUTR",
     {"Patienten fick fel kost trots dokumenterad allergi.",
      "Nutritionsbedömning gjordes inte vid inskrivning.",
      "Patienten gick ned fem kilo under vårdtiden utan åtgärd."},
     {"Ny måltid beställdes och dietist kontaktades.",
      "Nutritionsplan upprättades."},
     {"Allergi ska synas på kostbeställningen.",
      "Vägning vid inskrivning och varje vecka."}},
};
/* clang-format on */

static const char *const risk_texts[] = {
    "Risk för fall: trasig belysning i korridoren nattetid.",
    ("Risk för förväxling: två läkemedel med nästan identiska förpackningar "
     "står bredvid varandra."),
    "Risk för att provsvar missas när inkorgen inte bevakas under semestern.",
    "Risk för hot och våld: entrédörren går inte att låsa från insidan.",
    ("Risk för smittspridning: handspritsautomaten vid akutrummet är tom "
     "flera gånger i veckan."),
    "Risk för att utskrivningsinformation inte når kommunen vid helger.",
};
static const char *const improvement_texts[] = {
    ("Förslag: inför en gemensam checklista för utskrivning som alla "
     "yrkesgrupper använder."),
    "Förslag: flytta läkemedelsrundan från överrapporteringen.",
    "Förslag: sms-påminnelse till patienter dagen före besöket.",
    "Förslag: daglig tavlamöte om patientsäkerhet, fem minuter.",
    "Förslag: digital fallriskbedömning direkt i journalen.",
    "Förslag: fast telefontid för anhöriga.",
};
static const char *const complaint_texts[] = {
    "Anhörig: patienten fick ingen information om behandlingen.",
    "Patienten klagar på lång väntetid och att ingen hörde av sig.",
    "Patienten upplevde bemötandet vid besöket som nonchalant.",
    "Anhörig menar att patienten skrevs ut för tidigt.",
    "Patienten fick inget svar på sitt meddelande via 1177.",
    "Patienten framför att sjukskrivningen inte följdes upp.",
};
static const char *const contexts[] = {
    "",
    " Hög arbetsbelastning på avdelningen.",
    " Händelsen inträffade vid passbyte.",
    " Ny bemanning under perioden.",
    " Inhyrd personal arbetade passet.",
    " Patienten var nyinskriven.",
    " Flera akuta inläggningar samtidigt.",
    " Upptäcktes vid överrapporteringen.",
};
static const char *const feedbacks[] = {
    ("Tack för din rapport. Händelsen har gåtts igenom på "
     "arbetsplatsträffen och rutinen har förtydligats."),
    ("Tack! Vi har tagit upp händelsen med berörda och åtgärden är "
     "genomförd."),
    ("Händelsen bedöms som en enskild händelse. Påminnelse om rutinen har "
     "gått ut till all personal."),
    ("Tack för rapporten. Den ingår i vår genomgång av liknande händelser "
     "och åtgärder är beslutade."),
};
static const char *const inv_texts[INV__MAX] = {
    ("Händelseförloppet har rekonstruerats utifrån journal, intervjuer med "
     "berörd personal och patientens anhöriga."),
    ("Händelsen inträffade, uppmärksammades och rapporterades enligt "
     "tidslinjen i utredningen."),
    ("Patienten fick en förlängd vårdtid och tillfälligt försämrat "
     "tillstånd; bestående skada kunde inte uteslutas."),
    ("Bidragande orsaker: hög arbetsbelastning, otydlig ansvarsfördelning "
     "vid passbyte och bristande stöd i journalsystemet. Bakomliggande "
     "orsak: rutinen var inte känd av all personal."),
    ("Rutinen revideras, utbildning för all personal och en ny kontroll i "
     "journalsystemet."),
    ("Enhetschefen ansvarar för rutin och utbildning, systemförvaltningen "
     "för kontrollen i journalsystemet."),
    "Åtgärderna ska vara genomförda inom tre månader.",
    ("Verksamhetschefen följer upp åtgärderna i ledningsgruppen efter sex "
     "månader."),
    ("Analysen har presenterats på arbetsplatsträff och i "
     "patientsäkerhetsrådet, och en sammanfattning har gått ut till all "
     "personal."),
};

/* Where cases happen: unit code, cases per year (relative), its handler,
 * and which categories it reports most. */
static const struct demo_case_unit {
    const char *code, *handler, *extra; /* extra: space-separated codes */
    unsigned weight;
} case_units[] = {
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
#define NCASE_UNITS (sizeof(case_units) / sizeof(case_units[0]))

struct demo_case {
    int64_t reported, occurred;
    unsigned unit, text;
    const char *cat, *type; /* category code, case type */
    int pattern;            /* 0 noise, 1 or 2: the systematic problems */
};

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

static const struct demo_cat_text *cat_text(const char *code)
{
    size_t i;

    for (i = 0; i < sizeof(cat_texts) / sizeof(cat_texts[0]); i++)
        if (strcmp(cat_texts[i].code, code) == 0)
            return &cat_texts[i];
    return &cat_texts[0];
}

/* pick_category: half of a unit's cases from its typical categories, the
 * rest from all categories with texts. */
static const char *pick_category(struct arena *a,
                                 const struct demo_case_unit *u)
{
    size_t n = 0;
    const char *p = u->extra, *w[16];

    if (rnd(2)) {
        while (*p && n < 16) {
            size_t len = strcspn(p, " ");

            w[n++] = arena_strndup(a, p, len);
            p += len + (p[len] == ' ');
        }
        return w[rnd((unsigned)n)];
    }
    return cat_texts[rnd(sizeof(cat_texts) / sizeof(cat_texts[0]))].code;
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

    for (i = 0; i < NCASE_UNITS; i++)
        total += case_units[i].weight;
    for (i = 0; i < DEMO_CASES; i++) {
        struct demo_case c = {0};
        unsigned r = rnd(total), u = 0, t = rnd(100);

        while (r >= case_units[u].weight)
            r -= case_units[u++].weight;
        c.unit = u;
        c.reported = start + (int64_t)rnd((unsigned)(span - 2 * DAY));
        c.occurred = c.reported - (int64_t)rnd(3 * DAY);
        c.type = t < 80   ? "deviation"
                 : t < 88 ? "risk"
                 : t < 95 ? "improvement"
                          : "complaint";
        c.cat = pick_category(a, &case_units[u]);
        if (t >= 95) /* complaints are about manners, waits and care */
            c.cat = t % 3 == 0 ? "BEM" : t % 3 == 1 ? "TILLG" : "VARD-FORDR";
        c.text = rnd(1000);
        if ((e = push_case(x, &c)))
            return e;
    }
    /* 1: rising Läkemedel/administrering at Medicinavdelning 2 */
    for (k = 1; k <= 12; k++) {
        int m = (int)poisson(0.8 * k);

        for (j = 0; j < m; j++) {
            struct demo_case c = {0};

            c.unit = 8; /* MED-AVD2 */
            c.reported = now - (int64_t)(13 - k) * 30 * DAY +
                         (int64_t)rnd(30 * DAY - 3600);
            if (c.reported > now - 3600)
                c.reported = now - 3600;
            c.occurred = c.reported - (int64_t)rnd(DAY);
            c.type = "deviation";
            c.cat = "LM-ADM";
            c.text = rnd(1000);
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
        int64_t night = w0 + (int64_t)rnd((unsigned)((w1 - w0) / DAY)) * DAY;
        struct tm nt;

        datetime_stockholm(night, &nt);
        /* 22:00 that evening + up to 8 hours */
        c.occurred =
            stockholm_at(nt.tm_year + 1900, nt.tm_mon + 1, nt.tm_mday, 22) +
            (int64_t)rnd(8 * 3600);
        c.reported = c.occurred + 3600 + (int64_t)rnd(6 * 3600);
        c.unit = 0; /* LVPS-AVD1 */
        c.type = "deviation";
        c.cat = "FALL";
        c.text = rnd(1000);
        c.pattern = 2;
        if ((e = push_case(x, &c)))
            return e;
    }
    qsort(x->v, x->n, sizeof(x->v[0]), cmp_case);
    return E_OK;
}

struct demo_people {
    int64_t staff[NCASE_UNITS][4];
    unsigned nstaff[NCASE_UNITS];
    struct actor handler[NCASE_UNITS];
    struct actor quality; /* decides Lex Maria in Region Exempel */
    int64_t unit_id[NCASE_UNITS], provider[NCASE_UNITS];
    struct case_category *cats[2];
    size_t ncats[2];
};

static int64_t category_id(const struct demo_people *p, int prov,
                           const char *code)
{
    size_t i;

    for (i = 0; i < p->ncats[prov]; i++)
        if (strcmp(p->cats[prov][i].code, code) == 0)
            return p->cats[prov][i].id;
    return 0;
}

static enum err step(struct store *st, const struct actor *h, int64_t id,
                     const char *ev, const char **state, const char *to,
                     const char *reason)
{
    enum err e = store_case_transition(st, h, id, ev, *state, to, 0, reason);

    *state = to;
    return e;
}

/* write_case writes one planned case and handles it as far as its age
 * allows. serious: a full investigation. */
static const char *const evaluations[] = {
    "Uppföljningen visar att rutinen följs; inga nya händelser av samma slag.",
    "Effekten bedömdes vid arbetsplatsträff: färre avvikelser av denna typ.",
    "Åtgärden genomförd; egenkontroll efter tre månader visade följsamhet.",
    "Delvis effekt: rutinen följs på dagtid men inte alltid nattetid.",
};

/* case_action puts one action from the category's suggestions on a case
 * that reached "actions", due 3-12 weeks after the report: for a case about
 * to close it was carried out and evaluated; an open case's action is
 * planned or under way, and overdue when its date has passed. */
static enum err case_action(struct store *st, struct arena *a,
                            const struct demo_people *p,
                            const struct demo_case *d, const struct case_rec *c,
                            const struct actor *h, int closing)
{
    const struct demo_cat_text *ct = cat_text(d->cat);
    const char *const path[] = {"planned", "in_progress", "done", "evaluated"};
    struct action_rec x = {0};
    struct buf due;
    int prov = case_units[d->unit].code[0] == 'V';
    int steps = closing ? 3 : (int)rnd(2), k;
    enum err e;

    buf_init(&due, 0);
    datetime_fmt_date_sv(&due, d->reported + (21 + (int64_t)rnd(63)) * DAY);
    x.source = "case";
    x.source_id = c->id;
    x.unit_id = c->unit_id;
    x.what = ct->suggestion[(d->text / 2 + 1) % 2];
    x.responsible_id = h->user_id;
    x.follow_up_id = prov ? 0 : p->quality.user_id;
    x.due_date = arena_strdup(a, due.p);
    buf_release(&due);
    if ((e = store_action_create(st, h, &x)))
        return e;
    for (k = 0; k < steps; k++)
        if ((e = store_action_set_state(st, h, x.id, path[k], path[k + 1],
                                        k == 2 ? evaluations[rnd(4)] : NULL,
                                        NULL)))
            return e;
    return E_OK;
}

static enum err write_case(struct store *st, struct arena *a,
                           const struct demo_people *p,
                           const struct demo_case *d, int64_t now, int serious)
{
    const struct demo_case_unit *u = &case_units[d->unit];
    const struct demo_cat_text *ct = cat_text(d->cat);
    const struct actor *h = &p->handler[d->unit];
    int prov = u->code[0] == 'V' && u->code[1] == 'C';
    struct case_rec c = {0};
    struct case_times t = {0};
    struct actor rep;
    const char *state = "new", *what;
    int64_t age = now - d->reported, last;
    unsigned r = rnd(100), i;
    int open;
    enum err e;

    if (!strcmp(d->type, "deviation"))
        what = arena_printf(a, "%s%s", ct->what[d->text % 3],
                            contexts[(d->text / 3) % 8]);
    else if (!strcmp(d->type, "risk"))
        what = risk_texts[d->text % 6];
    else if (!strcmp(d->type, "improvement"))
        what = improvement_texts[d->text % 6];
    else
        what = complaint_texts[d->text % 6];
    c.provider_id = p->provider[d->unit];
    c.unit_id = p->unit_id[d->unit];
    c.reporter_id = p->staff[d->unit][rnd(p->nstaff[d->unit])];
    c.reporter_unit_id = c.unit_id;
    c.confidential = rnd(100) < 3;
    c.type = d->type;
    c.what = what;
    c.immediate_action = ct->action[d->text % 2];
    c.suggestion = rnd(3) ? ct->suggestion[(d->text / 2) % 2] : NULL;
    c.occurred_at = d->occurred;
    c.discovered_at = d->occurred + (int64_t)rnd(2 * 3600);
    if (c.discovered_at > d->reported)
        c.discovered_at = d->reported;
    c.patient_affected = strcmp(d->type, "deviation") == 0 && rnd(100) < 45;
    c.category_id = rnd(10) < 8 ? category_id(p, prov, d->cat) : 0;
    rep.user_id = c.reporter_id;
    rep.name = "demo";
    if ((e = store_case_create(st, &rep, &c, NULL, 0)))
        return e;
    /* how far it got: old cases nearly all closed, recent ones open */
    if (serious)
        open = 0;
    else if (age > 120 * DAY)
        open = r < 3;
    else if (age > 30 * DAY)
        open = r < 35;
    else
        open = r < 80;
    if (open && r % 4 == 0 && age < 120 * DAY) {
        last = d->reported; /* still new */
    } else {
        c.category_id = category_id(p, prov, d->cat);
        c.handler_id = h->user_id;
        c.consequence = serious ? 4 : 1 + (int)rnd(3);
        c.probability = serious ? 2 + (int)rnd(2) : 1 + (int)rnd(4);
        c.system_fault = serious ? 1 : (int)rnd(2);
        c.care_injury = serious              ? (rnd(2) ? "caused" : "could")
                        : c.consequence >= 3 ? "could"
                                             : "none";
        c.serious = serious;
        c.feedback = open ? NULL : feedbacks[rnd(4)];
        if ((e = store_case_update(st, h, &c)) ||
            (e = step(st, h, c.id, "assess", &state, "assessed", NULL)))
            return e;
        if (serious || (open && r % 4 == 2) || (!open && r % 3 == 0))
            if ((e = step(st, h, c.id, "investigate", &state, "investigating",
                          NULL)))
                return e;
        if (serious) {
            /* Lex Maria: reported to IVO when harm was caused */
            struct case_lm lm = {0};
            struct tm ty;

            lm.report = strcmp(c.care_injury, "caused") == 0;
            lm.reasoning = lm.report
                               ? "Händelsen har medfört allvarlig vårdskada "
                                 "och anmäls till IVO enligt 3 kap. 5 § PSL."
                               : "Händelsen hade kunnat medföra allvarlig "
                                 "vårdskada men ledde inte till någon; "
                                 "utreds internt, ingen anmälan.";
            lm.decided_at = d->reported + 20 * DAY;
            lm.sent_at = lm.report ? lm.decided_at + 5 * DAY : 0;
            datetime_stockholm(lm.decided_at, &ty);
            lm.ivo_ref =
                lm.report ? arena_printf(a, "3.1.1-%05u/%d", rnd(90000) + 10000,
                                         ty.tm_year + 1900)
                          : NULL;
            if ((e = store_case_lm_set(st, prov ? h : &p->quality, c.id, &lm)))
                return e;
        }
        for (i = 0; serious && i < INV__MAX; i++)
            if ((e = store_case_investigation_set(st, h, c.id, (enum inv_item)i,
                                                  inv_texts[i])))
                return e;
        if (serious || (open && r % 4 == 3) || (!open && r % 2 == 0))
            if ((e = step(st, h, c.id, "start_actions", &state, "actions",
                          NULL)) ||
                (e = case_action(st, a, p, d, &c, h, !open)))
                return e;
        if (!open && (e = step(st, h, c.id, "close", &state, "closed", NULL)))
            return e;
        /* handled within 1-8 weeks (serious: 2-4 months); open ones got
         * stuck early */
        last = d->reported + (serious ? 60 + (int64_t)rnd(60)
                              : open  ? 1 + (int64_t)rnd(14)
                                      : 7 + (int64_t)rnd(50)) *
                                 DAY;
        if (last > now - 3600)
            last = now - 3600 > d->reported ? now - 3600 : d->reported;
    }
    t.occurred_at = c.occurred_at;
    t.discovered_at = c.discovered_at;
    t.reported_at = d->reported;
    t.last_step_at = last;
    return store_case_backdate(st, &cli_actor, c.id, &t);
}

static enum err people(struct store *st, struct arena *a, struct demo_people *p)
{
    struct unit u, prov;
    struct user usr;
    size_t i;
    unsigned j;
    enum err e;

    for (i = 0; i < NCASE_UNITS; i++) {
        if ((e = store_unit_by_code(st, a, case_units[i].code, &u)) ||
            (e = store_user_by_username(st, a, case_units[i].handler, &usr)))
            return e;
        p->unit_id[i] = u.id;
        p->handler[i].user_id = usr.id;
        p->handler[i].name = case_units[i].handler;
        for (j = 0; j < 3; j++) {
            struct user s;

            if ((e = store_user_by_username(
                     st, a, demo_staff_name(case_units[i].code, j), &s)))
                return e;
            p->staff[i][p->nstaff[i]++] = s.id;
        }
        if (!strcmp(case_units[i].code, "LVPS-ECT")) {
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
        for (i = 0; i < NCASE_UNITS; i++)
            if ((case_units[i].code[0] == 'V' &&
                 case_units[i].code[1] == 'C') == (j == 1))
                p->provider[i] = prov.id;
    }
    return E_OK;
}

static enum err build_cases(struct store *st, struct arena *a)
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
                      now - x.v[i].reported > 200 * DAY && rnd(200) == 0;

        if (!ca) {
            e = E_NOMEM;
            goto out;
        }
        nserious += serious;
        e = write_case(st, ca, &p, &x.v[i], now, serious);
        arena_free(ca);
        if (e)
            goto out;
    }
out:
    free(x.v);
    return e;
}

/* build writes the whole demo in one transaction. */
static enum err build(struct store *st, struct arena *a, const char *hash)
{
    struct user chef_psyk, chef_kard;
    struct deputy_row dep = {0};
    struct buf from, to;
    size_t i, j;
    enum err e;

    for (i = 0; i < sizeof(demo_units) / sizeof(demo_units[0]); i++)
        if ((e = add_unit(st, a, &demo_units[i])))
            return e;
    for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
        if ((e = add_user(st, a, demo_users[i].username, demo_users[i].name,
                          demo_users[i].role, demo_users[i].unit, hash)))
            return e;
    /* a few staff members in every enhet, named from the seed */
    for (i = 0; i < sizeof(demo_units) / sizeof(demo_units[0]); i++) {
        if (strcmp(demo_units[i].kind, "unit") != 0)
            continue;
        for (j = 0; j < 3; j++) {
            const char *fn = first_names[rnd(16)], *ln = last_names[rnd(12)];
            char *uname = arena_printf(a, "%c%c%c.%s.%zu", fn[0] | 0x20, fn[1],
                                       fn[2], demo_units[i].code, j);

            for (char *p = uname; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                    *p = (char)(*p | 0x20);
            if ((e = add_user(st, a, uname, arena_printf(a, "%s %s", fn, ln),
                              "staff", demo_units[i].code, hash)))
                return e;
            staff_names[i][j] = uname;
        }
    }
    /* Maria Lind deputises for Per Holm for the next two weeks: no case
     * waits on one person. */
    if ((e = store_user_by_username(st, a, "chef.psyk", &chef_psyk)) ||
        (e = store_user_by_username(st, a, "chef.kard", &chef_kard)))
        return e;
    buf_init(&from, 0);
    buf_init(&to, 0);
    datetime_fmt_date_sv(&from, datetime_now());
    datetime_fmt_date_sv(&to, datetime_now() + 14 * 86400);
    dep.absent_user_id = chef_psyk.id;
    dep.deputy_user_id = chef_kard.id;
    dep.valid_from = arena_strdup(a, from.p);
    dep.valid_to = arena_strdup(a, to.p);
    dep.note = "Semester";
    buf_release(&from);
    buf_release(&to);
    if ((e = store_deputy_add(st, &cli_actor, &dep)))
        return e;
    if ((e = build_indicators(st, a)))
        return e;
    return build_cases(st, a);
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                         {"seed", required_argument, 0, 's'},
                                         {"logins", no_argument, 0, 'l'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *db = NULL;
    char hash[AUTH_PWHASH_MAX], *end;
    unsigned long long seed = 1;
    struct store *st = NULL;
    struct arena *a = NULL;
    int c, empty, r = 1;
    enum err e;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            seed = strtoull(optarg, &end, 10);
            if (!*optarg || *end || optarg[0] == '-')
                return cli_usage("demo", "--seed must be a whole number");
            break;
        case 'l':
            print_logins();
            return 0;
        case 'h':
            puts("usage: ska demo --db PATH [--seed N]\n       ska demo "
                 "--logins\n\nFills an empty database with the demo region "
                 "\"Region Exempel\"; the same seed\ngives the same data. "
                 "--logins prints the demo accounts.");
            return 0;
        default:
            return cli_usage("demo", "unknown option or missing value");
        }
    }
    if (optind < argc)
        return cli_usage("demo", "unexpected argument");
    if (!cli_db(db))
        return cli_usage("demo", "--db PATH (or SKA_DB) is required");
    rng_state = seed * 2654435761ULL + 88172645463325252ULL;
    if (!(st = cli_open(cli_db(db), 0, 0)) || !(a = arena_new()))
        goto out;
    if ((e = store_is_empty(st, &empty)) || !empty) {
        r = cli_fail("demo", e ? "the database could not be read."
                               : "the database is not empty; the demo "
                                 "needs a new one (ska init --db NEW).");
        goto out;
    }
    if (auth_password_hash(DEMO_PASSWORD, hash)) {
        r = cli_fail("demo", "hashing the demo password failed.");
        goto out;
    }
    if ((e = store_begin(st)) || (e = build(st, a, hash)) ||
        (e = demo_process(st, a)) || (e = demo_documents(st, a)) ||
        (e = demo_requirement(st, a)) || (e = store_commit(st))) {
        store_rollback(st);
        r = cli_fail("demo", "building the demo failed: %s.", store_errmsg(st));
        goto out;
    }
    printf("ska: demo region \"Region Exempel\" created in %s.\n", cli_db(db));
    print_logins();
    r = 0;
out:
    arena_free(a);
    store_close(st);
    return r;
}
