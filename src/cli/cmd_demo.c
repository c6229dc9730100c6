/* cmd_demo.c: ska demo builds "Region Exempel", shaped after the Dalarna
 * audit (../shared/seeds): the organisation, a user for every role and a
 * second, private care provider to show that data never crosses
 * (demo_org.c); quality indicators for the board's nine focus areas and the
 * audit's four patient groups with 60 months of values and national
 * averages (demo_indicator.c); the default case categories and about 5,500
 * cases over three years with two systematic problems (demo_case.c); then
 * the process map, the controlled documents and the legal requirements.
 * This file holds the command, its options and the order of the steps:
 * every step draws from one seeded generator (demo_rand.c), so the order
 * fixes the data for a seed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "core/auth.h"
#include "demo_document.h"
#include "demo_int.h"
#include "demo_process.h"
#include "demo_requirement.h"
#include "util.h"

/* build writes the whole demo, in this order, inside one transaction. */
static enum err build(struct store *st, struct arena *a, const char *hash)
{
    enum err e;

    if ((e = demo_org(st, a, hash)) || (e = demo_indicators(st, a)) ||
        (e = demo_cases(st, a)) || (e = demo_process(st, a)) ||
        (e = demo_documents(st, a)))
        return e;
    return demo_requirement(st, a);
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
            demo_print_logins();
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
    demo_seed(seed);
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
    demo_print_logins();
    r = 0;
out:
    arena_free(a);
    store_close(st);
    return r;
}
