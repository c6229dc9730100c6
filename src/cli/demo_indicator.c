/* demo_indicator.c: ska demo's quality indicators: the board's nine focus
 * areas and the audit's four patient groups, 60 months of values ending
 * last month for every reporting unit (some stable, some shifted, some
 * trending), national averages, and the intervention with its new phase
 * on the heart-failure clinic's RAAS series. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "demo_int.h"
#include "util.h"

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

static double binomial(double n, double p)
{
    double k = 0;
    int i;

    if (n > 400) /* normal approximation for large denominators */
        return fmax(
            0, fmin(n, round(n * p + demo_gauss() * sqrt(n * p * (1 - p)))));
    for (i = 0; i < (int)n; i++)
        k += demo_unif() < p;
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
                                  round(fmax(1, mean + demo_gauss() * d->size)),
                                  &changed);
    n = round(d->size * (0.8 + 0.4 * demo_unif()));
    if (d->chart[0] == 'p')
        k = binomial(n, fmin(0.999, fmax(0.001, mean / d->multiply)));
    else
        k = demo_poisson(mean * n / d->multiply);
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
        double lvl = d->level * (1 + 0.06 * demo_gauss() * (k > 0));

        end = code + strcspn(code, " ");
        if ((e = store_unit_by_code(st, a, arena_strndup(a, code, end - code),
                                    &u)))
            return e;
        for (m = 0; m < DEMO_MONTHS; m++)
            if ((e = demo_value(st, d, ind.id, u.id, periods[m], m, lvl)))
                return e;
    }
    for (m = 0; m < DEMO_MONTHS; m++) {
        double nat = d->national * (1 + 0.02 * demo_gauss());

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

/* demo_indicators: see demo_int.h */
enum err demo_indicators(struct store *st, struct arena *a)
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
