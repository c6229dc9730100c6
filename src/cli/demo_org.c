/* demo_org.c: the organisation of ska demo's "Region Exempel", shaped
 * after the Dalarna audit (../shared/seeds): its units down to the
 * enheter, a user for every role, a second, private care provider to show
 * that data never crosses, three staff members in every enhet (named from
 * the seed) and a deputy. */
#include <stdio.h>
#include <string.h>

#include "core/auth.h"
#include "datetime.h"
#include "demo_int.h"
#include "util.h"

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

void demo_print_logins(void)
{
    size_t i;

    printf("Demo log-ins (password for all: %s):\n", DEMO_PASSWORD);
    for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++)
        printf("  %-10s %s\n", demo_users[i].username, demo_users[i].what);
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

/* the staff usernames made by demo_org, three per enhet, by demo_units
 * index */
#define NDEMO_UNITS (sizeof(demo_units) / sizeof(demo_units[0]))
static const char *staff_names[NDEMO_UNITS][3];

/* demo_staff_name: see demo_int.h */
const char *demo_staff_name(const char *unit_code, unsigned j)
{
    size_t i;

    for (i = 0; i < NDEMO_UNITS; i++)
        if (strcmp(demo_units[i].code, unit_code) == 0 && j < 3)
            return staff_names[i][j] ? staff_names[i][j] : "";
    return "";
}

/* demo_org: see demo_int.h */
enum err demo_org(struct store *st, struct arena *a, const char *hash)
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
            const char *fn = first_names[demo_rnd(16)],
                       *ln = last_names[demo_rnd(12)];
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
    return store_deputy_add(st, &cli_actor, &dep);
}
