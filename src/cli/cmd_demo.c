/* cmd_demo.c: ska demo builds "Region Exempel", shaped after the Dalarna
 * audit (../shared/seeds): the organisation, a user for every role and a
 * second, private care provider to show that data never crosses. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/auth.h"
#include "datetime.h"
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
        (e = store_commit(st))) {
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
