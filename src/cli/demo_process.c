/* demo_process.c: the process map of "Region Exempel" for ska demo, shaped
 * after the audit (../shared/seeds, chapter 6): the management processes,
 * the core process "Tillgodose patientens behov" with the four patient
 * groups and psychiatric in-patient care, the support processes, and the
 * gaps the audit found: KP-ADHD has no lead, ST-MTP no owner, KP-DIABFOT
 * an owner who has left (an inactive user), several roles on one person
 * and few deputies. The other modules look these processes up by code. */
#include "demo_process.h"

#include <string.h>

#include "store/store_process.h"
#include "util.h"

#define FORMER "fd.processagare"

/* clang-format off */
static const struct demo_proc {
    const char *code, *parent, *kind, *unit, *group, *name;
    const char *owner, *owner_dep, *lead, *lead_dep;
    int described;
    const char *note, *qr, *targets;
    const char *inds; /* space-separated indicator codes */
} procs[] = {
    {"LED", NULL, "management", "RE", NULL, "Leda och styra verksamheten",
     "admin", "chef.kard", "kvalitet", NULL, 1, NULL,
     "Ledningssystemet ska uppfylla SOSFS 2011:9 och följas upp årligen i "
     "ledningens genomgång.", NULL, NULL},
    {"LED-KVAL", "LED", NULL, "RE", NULL,
     "Systematiskt kvalitets- och patientsäkerhetsarbete", "kvalitet", NULL,
     "kvalitet", NULL, 0, "Rutin för egenkontroll och riskanalys saknas.",
     NULL, NULL, NULL},
    {"LED-EKON", "LED", NULL, "RE", NULL,
     "Planering och uppföljning av verksamhet och ekonomi", "admin", NULL,
     "admin", NULL, 1, NULL, NULL, NULL, NULL},
    {"KP", NULL, "core", "RE", NULL, "Tillgodose patientens behov", "admin",
     "chef.psyk", "kvalitet", NULL, 1, NULL,
     "Varje patientgrupp har en beskriven kärnprocess med ägare, ledare, "
     "kvalitetskrav och målnivåer.", NULL, NULL},
    {"KP-ECT", "KP", NULL, "LVPS-ECT", "ECT",
     "Elektrokonvulsiv behandling (ECT)", "chef.psyk", NULL, "handl.ect",
     "personal", 1, NULL,
     "Indikation och samtycke dokumenteras före första behandlingen. "
     "Effekten skattas med CGI efter varje serie.",
     "Minst 80 % av patienterna förbättras enligt CGI-I efter avslutad serie.",
     "ECT-CGI"},
    {"KP-ECT-REM", "KP-ECT", NULL, "LVPS-ECT", NULL,
     "Remiss och bedömning", "chef.psyk", NULL, "handl.ect", NULL, 1, NULL,
     NULL, NULL, NULL},
    {"KP-ECT-BEH", "KP-ECT", NULL, "LVPS-ECT", NULL, "Behandlingsserie",
     "chef.psyk", NULL, "handl.ect", NULL, 1, NULL, NULL, NULL, NULL},
    {"KP-ECT-UPP", "KP-ECT", NULL, "LVPS-ECT", NULL,
     "Uppföljning och återfallsprevention", "chef.psyk", NULL, NULL, NULL, 0,
     "Uppföljningen efter serien är inte beskriven.", NULL, NULL, NULL},
    {"KP-ADHD", "KP", NULL, "VPO-ADHD", "ADHD",
     "Utredning och behandling av ADHD", "chef.psyk", NULL, NULL, NULL, 0,
     "Processledare saknas; väntetiderna till utredning följs inte upp.", NULL,
     "Utredning påbörjad inom 90 dagar från remiss.", "ADHD-VANT"},
    {"KP-HSV", "KP", NULL, "KARD-HSV", "HSV", "Hjärtsviktsvård", "chef.kard",
     "chef.psyk", "kvalitet", NULL, 1, NULL,
     "Behandling enligt nationella riktlinjer för hjärtsvikt; uppföljning "
     "inom 14 dagar efter utskrivning.",
     "Minst 85 % med RAAS-hämmare (hög målnivå 90 %).",
     "HSV-RAAS HSV-ATERINL"},
    {"KP-DIABFOT", "KP", NULL, "MED-FOT", "DIABFOT",
     "Diabetes med risk för fotsår", FORMER, NULL, "chef.kard", NULL, 0,
     "Processägaren har slutat; rutinen för fotundersökning är inte "
     "fastställd.",
     NULL, NULL, "DIAB-FOTUNDS FOT-TID DIAB-HBA1C"},
    {"KP-SLUTEN", "KP", NULL, "LVPS-AVD1", NULL, "Psykiatrisk heldygnsvård",
     "chef.psyk", NULL, "chef.psyk", NULL, 0,
     "Vårdförloppet är inte beskrivet.", NULL, NULL, NULL},
    {"ST", NULL, "support", "RE", NULL, "Stödprocesser", "admin", NULL,
     "kvalitet", NULL, 1, NULL, NULL, NULL, NULL},
    {"ST-LAK", "ST", NULL, "RE", NULL, "Läkemedelshantering", "chef.kard",
     NULL, "kvalitet", NULL, 1, NULL, NULL, NULL, NULL},
    {"ST-HYG", "ST", NULL, "RE", NULL, "Vårdhygien", "kvalitet", NULL,
     "kvalitet", NULL, 1, NULL, NULL,
     "Följsamhet till basala hygienrutiner minst 90 %.", NULL},
    {"ST-MTP", "ST", NULL, "RE", NULL, "Medicinteknik", NULL, NULL,
     "chef.kard", NULL, 0, "Processägare saknas.", NULL, NULL, NULL},
    {"ST-KOMP", "ST", NULL, "RE", NULL, "Kompetensförsörjning", "admin", NULL,
     "admin", NULL, 1, NULL, NULL, NULL, NULL},
    {"ST-DOK", "ST", NULL, "RE", NULL,
     "Dokumentation och informationshantering", "kvalitet", NULL, "handl.ect",
     NULL, 0, "Rutin för journalgranskning saknas.", NULL, NULL, NULL},
};
/* clang-format on */

static int64_t user_id(struct store *st, struct arena *a, const char *name)
{
    struct user u;

    return name && store_user_by_username(st, a, name, &u) == E_OK ? u.id : 0;
}

static int64_t group_id(struct store *st, struct arena *a, int64_t provider,
                        const char *code)
{
    struct ind_tag *t;
    size_t i, n;

    if (!code || store_indicator_tags(st, a, "group", provider, 0, &t, &n))
        return 0;
    for (i = 0; i < n; i++)
        if (strcmp(t[i].code, code) == 0)
            return t[i].id;
    return 0;
}

/* former_owner: the process owner who has left (an inactive account). */
static enum err former_owner(struct store *st)
{
    struct user u = {0};
    struct unit med;
    struct arena *a = arena_new();
    enum err e;

    if (!a)
        return E_NOMEM;
    if (!(e = store_unit_by_code(st, a, "MED", &med))) {
        u.username = FORMER;
        u.name = "f.d. processägare";
        u.lang = "sv";
        u.active = 0;
        u.home_unit_id = med.id;
        e = store_user_create(st, &cli_actor, &u);
    }
    arena_free(a);
    return e;
}

static enum err link_inds(struct store *st, struct arena *a, int64_t id,
                          const char *codes)
{
    const char *c = codes;
    enum err e;

    while (c && *c) {
        size_t n = strcspn(c, " ");
        struct indicator ind;
        char *code = arena_strndup(a, c, n);

        if (!code)
            return E_NOMEM;
        c += n + (c[n] == ' ');
        if (store_indicator_get(st, a, code, &ind) != E_OK)
            continue; /* the indicators are the indicator module's demo */
        if ((e = store_process_link_indicator(st, &cli_actor, id, ind.id, 1)))
            return e;
    }
    return E_OK;
}

static enum err add(struct store *st, struct arena *a, int64_t provider,
                    const struct demo_proc *d)
{
    struct process p = {0}, parent;
    struct unit u;
    enum err e;

    if ((e = store_unit_by_code(st, a, d->unit, &u)))
        return e;
    p.provider_id = provider;
    p.unit_id = u.id;
    p.kind = d->kind;
    if (d->parent) {
        if ((e = store_process_by_code(st, a, provider, d->parent, &parent)))
            return e;
        p.parent_id = parent.id;
        p.kind = parent.kind;
    }
    p.code = d->code;
    p.name = d->name;
    p.patient_group_id = group_id(st, a, provider, d->group);
    p.owner_id = user_id(st, a, d->owner);
    p.owner_deputy_id = user_id(st, a, d->owner_dep);
    p.lead_id = user_id(st, a, d->lead);
    p.lead_deputy_id = user_id(st, a, d->lead_dep);
    p.described = d->described;
    p.inventory_note = d->note;
    p.quality_requirements = d->qr;
    p.target_levels = d->targets;
    p.sort_order = (int)(d - procs);
    if ((e = store_process_create(st, &cli_actor, &p)))
        return e;
    return link_inds(st, a, p.id, d->inds);
}

enum err demo_process(struct store *st, struct arena *a)
{
    struct unit re;
    size_t i;
    enum err e;

    if ((e = store_unit_by_code(st, a, "RE", &re)) || (e = former_owner(st)))
        return e;
    for (i = 0; i < sizeof(procs) / sizeof(procs[0]); i++)
        if ((e = add(st, a, re.id, &procs[i])))
            return e;
    return E_OK;
}
