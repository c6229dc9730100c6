/* taxonomy.c: the default case categories (domain.md section 4, seed 002). */
#include "core/taxonomy.h"

#include <string.h>

/* clang-format off */
static const struct taxonomy_entry tax[] = {
    {"VARD", "Vård och behandling", NULL},
    {"VARD-UTEBL", "Utebliven vård eller behandling", "VARD"},
    {"VARD-FORDR", "Fördröjd vård eller behandling", "VARD"},
    {"VARD-FEL", "Felaktig vård eller behandling", "VARD"},
    {"DIAG", "Diagnostik", NULL},
    {"DIAG-FEL", "Felaktig diagnos", "DIAG"},
    {"DIAG-FORS", "Försenad diagnos", "DIAG"},
    {"LM", "Läkemedel", NULL},
    {"LM-ORD", "Ordination", "LM"},
    {"LM-IORD", "Iordningställande", "LM"},
    {"LM-ADM", "Administrering", "LM"},
    {"LM-FORV", "Förväxling", "LM"},
    {"INFO", "Informationsöverföring/kommunikation", NULL},
    {"INFO-INT", "Intern kommunikation", "INFO"},
    {"INFO-VG", "Mellan vårdgivare", "INFO"},
    {"INFO-SIP", "Samordnad individuell plan (SIP)", "INFO"},
    {"INFO-INUT", "In- och utskrivning", "INFO"},
    {"REMISS", "Remisshantering", NULL},
    {"PROV", "Provtagning/provsvar", NULL},
    {"FALL", "Fall", NULL},
    {"TRYCK", "Trycksår", NULL},
    {"VRI", "Vårdrelaterad infektion", NULL},
    {"KIR", "Kirurgisk/invasiv skada", NULL},
    {"NUTR", "Nutrition", NULL},
    {"MTP", "Medicinteknisk produkt", NULL},
    {"IT", "IT-system/journalsystem", NULL},
    {"DOK", "Dokumentation/journal", NULL},
    {"ID", "Identitet/förväxling", NULL},
    {"BEM", "Bemötande", NULL},
    {"TILLG", "Tillgänglighet/väntetid", NULL},
    {"ORG", "Organisation/bemanning/kompetens", NULL},
    {"HOT", "Hot och våld", NULL},
    {"SUIC", "Suicid/suicidförsök", NULL},
    {"INTYG", "Intyg/sjukskrivning", NULL},
    {"INTYG-FMB", "Brister i försäkringsmedicinsk bedömning", "INTYG"},
    {"INTYG-BRIST", "Intygsrelaterade brister", "INTYG"},
    {"INTYG-PASSIV", "Passiv sjukskrivning eller bristfällig uppföljning",
     "INTYG"},
    {"SEKR", "Sekretess/informationssäkerhet", NULL},
    {"ARB", "Arbetsmiljö", NULL},
    {"MILJO", "Miljö/egendom", NULL},
};
/* clang-format on */

const struct taxonomy_entry *taxonomy_default(size_t *n)
{
    *n = sizeof(tax) / sizeof(tax[0]);
    return tax;
}

const struct taxonomy_entry *taxonomy_find(const char *code)
{
    size_t i;

    for (i = 0; code && i < sizeof(tax) / sizeof(tax[0]); i++)
        if (strcmp(tax[i].code, code) == 0)
            return &tax[i];
    return NULL;
}
