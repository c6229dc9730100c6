/* demo_document.c: the controlled documents of the demo region, named as
 * in the audit (../shared/seeds, chapter 6): the ECT guideline, the ADHD
 * treatment document (revised: its first version archived) and the draft
 * "Kartläggning och utredning vid misstänkt ADHD – vuxna", the heart
 * failure care programme and checklists, the diabetes foot care programme
 * whose validity ran out in June 2025, and the region's quality policy,
 * risk routine and support-process routines. Some are current, some past
 * their review date, two are drafts and the old governance model is
 * archived. Each is linked to the agreed process codes when the process
 * map exists (skipped quietly otherwise). Everything goes through the
 * store, so the audit log records it. */
#include "demo_document.h"

#include <string.h>

#include "datetime.h"
#include "util.h"

enum demo_doc_fate {
    FATE_DRAFT,    /* never approved */
    FATE_CURRENT,  /* approved recently */
    FATE_OVERDUE,  /* approved long ago, review date passed */
    FATE_REVISED,  /* v1 archived, v2 approved */
    FATE_ARCHIVED, /* approved, then archived without a successor */
};

static const struct demo_doc {
    const char *code, *title, *type, *unit, *owner, *approver, *process;
    enum demo_doc_fate fate;
    int months_ago, review_months, ack;
    const char *body;
} demo_docs[] = {
    {"RIK-ECT-001", "Riktlinje för ECT-behandling", "guideline", "LVPS-ECT",
     "handl.ect", "chef.psyk", "KP-ECT", FATE_CURRENT, 2, 24, 1,
     "# Syfte\n\nRiktlinjen beskriver hur elektrokonvulsiv behandling (ECT) "
     "planeras, genomförs och följs upp inom länsvuxenpsykiatrin.\n\n"
     "## Ansvar\n\n- **Enhetschef**: att rutinerna är aktuella och följs.\n"
     "- **Behandlande läkare**: indikation, samtycke och ordination.\n"
     "- **Anestesi**: narkos och övervakning.\n\n## Genomförande\n\n"
     "1. Indikation och samtycke dokumenteras i journalen.\n"
     "2. Narkosbedömning görs före första behandlingen.\n"
     "3. Varje behandling registreras i Kvalitetsregister ECT.\n\n"
     "## Uppföljning\n\n| Mått | När |\n|---|---|\n"
     "| CGI-I | efter behandlingsserien |\n| MADRS-S | före och efter |\n"
     "| Uppföljning | 6 månader efter avslutad serie |\n"},
    {"INF-ECT-002", "Patientinformation inför ECT-behandling", "instruction",
     "LVPS-ECT", "handl.ect", "chef.psyk", "KP-ECT", FATE_OVERDUE, 40, 24, 0,
     "# Till dig som ska få ECT\n\nECT ges under kort narkos, oftast två "
     "till tre gånger i veckan. Du ska vara fastande från midnatt.\n\n"
     "Vanliga biverkningar är huvudvärk och tillfällig minnespåverkan."},
    {"RIK-ADHD-001", "Behandling av ADHD", "guideline", "VPO-ADHD", "kvalitet",
     "chef.psyk", "KP-ADHD", FATE_REVISED, 1, 24, 0,
     "# Behandling av ADHD hos vuxna\n\nDokumentet bygger på det nationella "
     "vård- och insatsprogrammet (VIP) för ADHD.\n\n## Läkemedelsbehandling\n"
     "\nInsättning och dosjustering sker enligt ordination; effekt och "
     "biverkningar följs upp efter 4–6 veckor.\n\n## Psykosociala insatser\n"
     "\nPsykopedagogisk behandling erbjuds alla patienter."},
    {"RUT-ADHD-002", "Kartläggning och utredning vid misstänkt ADHD – vuxna",
     "routine", "VPO-ADHD", "kvalitet", "chef.psyk", "KP-ADHD", FATE_DRAFT, 0,
     24, 0,
     "# Kartläggning och utredning\n\nUTKAST. Rutinen ska ensa de olika "
     "arbetssätten vid mottagningarna och bygger på en gapanalys mot VIP "
     "ADHD och samverkan med vårdcentralerna.\n\n- Remissbedömning\n"
     "- Screening\n- Neuropsykologisk utredning\n- Återkoppling"},
    {"INF-ADHD-003", "Patientinformation läkemedelsbehandling för ADHD",
     "instruction", "VPO-ADHD", "kvalitet", "chef.psyk", "KP-ADHD",
     FATE_OVERDUE, 30, 24, 0,
     "# Läkemedel vid ADHD\n\nCentralstimulerande läkemedel tas på morgonen. "
     "Kontakta mottagningen vid hjärtklappning eller sömnproblem."},
    {"VP-HSV-001", "Vårdprogram hjärtsvikt", "care_programme", "KARD-HSV",
     "chef.kard", "kvalitet", "KP-HSV", FATE_CURRENT, 6, 36, 0,
     "# Vårdprogram hjärtsvikt\n\nGäller utredning, behandling och "
     "uppföljning av patienter med hjärtsvikt.\n\n## Utredning\n\n"
     "Ekokardiografi inom två veckor efter remiss (vårdförloppets "
     "ledtidsmål).\n\n## Behandling\n\nFyra grundläkemedel titreras till "
     "måldos."},
    {"CHK-HSV-002", "Checklista sviktrond", "checklist", "KARD-HSV",
     "chef.kard", "kvalitet", "KP-HSV", FATE_OVERDUE, 30, 12, 0,
     "# Checklista sviktrond\n\n- [ ] Vikt och vätskebalans\n"
     "- [ ] NT-proBNP\n- [ ] Läkemedel i måldos?\n- [ ] Uppföljningstid "
     "bokad"},
    {"RUT-HSV-003", "Standardremiss vid utskrivning", "routine", "KARD-HSV",
     "chef.kard", "kvalitet", "KP-HSV", FATE_CURRENT, 3, 24, 0,
     "# Standardremiss vid utskrivning\n\nRemissen till primärvården anger "
     "diagnos, ejektionsfraktion, läkemedel och planerad titrering."},
    {"RUT-HSV-004", "Gränssnitt specialistvård sjukhus/primärvård", "routine",
     "KARD", "chef.kard", "kvalitet", "KP-HSV", FATE_OVERDUE, 50, 24, 0,
     "# Gränssnitt\n\nVilka patienter följs av sjukhusets specialistvård och "
     "vilka av primärvården."},
    {"VP-DIAB-001", "Vårdprogram diabetesfoten", "care_programme", "MED-FOT",
     "kvalitet", "admin", "KP-DIABFOT", FATE_OVERDUE, 41, 24, 0,
     "# Vårdprogram diabetesfoten\n\nFotundersökning minst en gång om året; "
     "riskgrad 1–4 styr besöksintervallen.\n\n| Riskgrad | Fotterapeut |\n"
     "|---|---|\n| 1 | årligen |\n| 2 | var 6:e månad |\n"
     "| 3 | var 3:e månad |\n| 4 | enligt fotsårsteamet |\n"},
    {"FS-DIAB-002", "Flödesschema typ 1-diabetes", "routine", "MED-DIAB",
     "kvalitet", "admin", NULL, FATE_CURRENT, 8, 36, 0,
     "# Flödesschema typ 1-diabetes\n\nFrån debut till årskontroll, med "
     "ansvar för diabetessjuksköterska och läkare."},
    {"POL-RE-001", "Kvalitetspolicy", "policy", "RE", "kvalitet", "admin",
     "LED", FATE_CURRENT, 10, 36, 0,
     "# Kvalitetspolicy\n\nRegion Exempel ger god och säker vård på lika "
     "villkor. Vi arbetar systematiskt med kvalitet och patientsäkerhet "
     "enligt SOSFS 2011:9."},
    {"RUT-RE-002", "Rutin för riskhantering", "routine", "RE", "kvalitet",
     "admin", "LED-KVAL", FATE_CURRENT, 5, 24, 0,
     "# Riskhantering\n\nRisker identifieras, bedöms (sannolikhet × "
     "konsekvens) och hanteras med åtgärder som följs upp."},
    {"MAN-RE-003", "Kvalitetsmanual för Region Exempels ledningssystem",
     "guideline", "RE", "kvalitet", "admin", "LED-KVAL", FATE_DRAFT, 0, 24, 0,
     "# Kvalitetsmanual\n\nUTKAST. Beskriver ledningssystemets delar: "
     "processer, styrande dokument, egenkontroll, avvikelser och ledningens "
     "genomgång."},
    {"RUT-RE-004", "Underlag för ledningens genomgång", "routine", "RE",
     "kvalitet", "admin", "LED-KVAL", FATE_OVERDUE, 30, 12, 0,
     "# Ledningens genomgång\n\nÅrligen sammanställs indikatorer, "
     "avvikelser, egenkontroller och åtgärder."},
    {"RIK-LAK-001", "Riktlinje för läkemedelshantering", "guideline", "HSF",
     "kvalitet", "admin", "ST-LAK", FATE_CURRENT, 4, 24, 0,
     "# Läkemedelshantering\n\nOrdination, iordningställande, "
     "administrering och dubbelkontroll av högriskläkemedel."},
    {"RUT-HYG-001", "Basala hygienrutiner och klädregler", "routine", "RE",
     "kvalitet", "admin", "ST-HYG", FATE_CURRENT, 3, 12, 1,
     "# Basala hygienrutiner\n\n- Desinfektera händerna före och efter "
     "patientkontakt.\n- Arbetskläder med kort ärm.\n- Inga smycken på "
     "händer eller underarmar."},
    {"RUT-MTP-001", "Rutin för medicintekniska produkter", "routine", "HSF",
     "kvalitet", "admin", "ST-MTP", FATE_OVERDUE, 36, 24, 0,
     "# Medicintekniska produkter\n\nInventarieförteckning, kontroll före "
     "användning och rapportering av tillbud."},
    {"RUT-KOMP-001", "Introduktion av nyanställda", "routine", "HSF",
     "kvalitet", "admin", "ST-KOMP", FATE_CURRENT, 7, 24, 0,
     "# Introduktion\n\nChecklista för de första fyra veckorna."},
    {"RUT-DOK-001", "Journalföring och informationssäkerhet", "routine", "HSF",
     "kvalitet", "admin", "ST-DOK", FATE_CURRENT, 9, 24, 0,
     "# Journalföring\n\nVad som ska dokumenteras, av vem och när."},
    {"RIK-RE-005", "Styrmodell för hälso- och sjukvården", "guideline", "RE",
     "kvalitet", "admin", "LED", FATE_ARCHIVED, 60, 24, 0,
     "# Styrmodell\n\nUtgåva 2020. Ersätts av kvalitetsmanualen."},
};

/* date_months_ago: today's Stockholm date moved back by months. */
static const char *date_months_ago(struct arena *a, int months)
{
    char out[11];
    struct buf b;
    const char *r = NULL;

    buf_init(&b, 64);
    datetime_fmt_date_sv(&b, datetime_now());
    if (!b.err && doc_add_months(b.p, -months, out) == 0)
        r = arena_strdup(a, out);
    buf_release(&b);
    return r;
}

static int64_t user_id(struct store *st, struct arena *a, const char *name)
{
    struct user u;

    return store_user_by_username(st, a, name, &u) == E_OK ? u.id : 0;
}

/* The owner writes and submits, the approver approves (as those users,
 * so the pages show who approved). */
static struct actor owner_of, approver_of;

static enum err step(struct store *st, const struct actor *who, int64_t id,
                     int no, enum doc_event ev, const char *from,
                     const char *day)
{
    return store_docv_transition(st, who, id, no, ev, from, NULL, NULL, day);
}

/* approve submits and approves version no on day. */
static enum err approve(struct store *st, int64_t id, int no, const char *day)
{
    enum err e = step(st, &owner_of, id, no, DE_SUBMIT, "draft", day);

    return e ? e : step(st, &approver_of, id, no, DE_APPROVE, "review", day);
}

static enum err link_process(struct store *st, struct arena *a, int64_t id,
                             int64_t provider, const char *code)
{
    struct doc_process *p;
    size_t n, i;
    enum err e;

    if (!code || (e = store_document_processes(st, a, 0, provider, &p, &n)))
        return E_OK;
    for (i = 0; i < n; i++)
        if (strcmp(p[i].code, code) == 0)
            return store_document_link(st, &cli_actor, id, p[i].id, 1);
    return E_OK; /* the process map is not there: skip quietly */
}

/* ack_some: two of the ECT unit's staff have read the hygiene routine. */
static enum err ack_some(struct store *st, struct arena *a,
                         const struct doc_rec *d)
{
    static const char *const readers[] = {"personal", "handl.ect", "chef.psyk"};
    size_t i;
    enum err e;

    for (i = 0; i < sizeof(readers) / sizeof(readers[0]); i++) {
        int64_t u = user_id(st, a, readers[i]);

        if (u && (e = store_document_ack(st, &cli_actor, d->id,
                                         d->current_version_id, u)))
            return e;
    }
    return E_OK;
}

static enum err add_doc(struct store *st, struct arena *a,
                        const struct demo_doc *x)
{
    struct doc_rec d = {0};
    struct unit u;
    const char *day = date_months_ago(a, x->months_ago);
    enum err e;
    int no;

    if (!day || (e = store_unit_by_code(st, a, x->unit, &u)))
        return E_NOTFOUND;
    d.code = x->code;
    d.title = x->title;
    d.doc_type = x->type;
    d.unit_id = u.id;
    d.owner_id = user_id(st, a, x->owner);
    d.approver_id = user_id(st, a, x->approver);
    d.review_months = x->review_months;
    d.ack_required = x->ack;
    if (!d.owner_id || !d.approver_id)
        return E_NOTFOUND;
    owner_of.user_id = d.owner_id;
    owner_of.name = x->owner;
    approver_of.user_id = d.approver_id;
    approver_of.name = x->approver;
    if ((e = store_document_create(st, &owner_of, &d, x->body,
                                   "Första versionen", NULL)))
        return e;
    switch (x->fate) {
    case FATE_DRAFT:
        break;
    case FATE_CURRENT:
    case FATE_OVERDUE:
        e = approve(st, d.id, 1, day);
        break;
    case FATE_REVISED:
        if ((e = approve(st, d.id, 1, date_months_ago(a, 30))) ||
            (e = store_docv_new_draft(
                 st, &owner_of, d.id,
                 arena_printf(a,
                              "%s\n\nReviderad med referenser till VIP "
                              "ADHD.",
                              x->body),
                 "Reviderad efter gapanalys", DF_KEEP, NULL, &no)))
            return e;
        e = approve(st, d.id, no, day);
        break;
    case FATE_ARCHIVED:
        if ((e = approve(st, d.id, 1, day)))
            return e;
        e = step(st, &owner_of, d.id, 1, DE_ARCHIVE, "approved", day);
        break;
    }
    if (e ||
        (e = link_process(st, a, d.id, u.provider_id ? u.provider_id : u.id,
                          x->process)))
        return e;
    if (x->ack && x->fate == FATE_CURRENT &&
        (e = store_document_get(st, a, d.id, &d)) == E_OK)
        e = ack_some(st, a, &d);
    return e;
}

enum err demo_documents(struct store *st, struct arena *a)
{
    size_t i;
    enum err e;

    for (i = 0; i < sizeof(demo_docs) / sizeof(demo_docs[0]); i++)
        if ((e = add_doc(st, a, &demo_docs[i])))
            return e;
    return E_OK;
}
