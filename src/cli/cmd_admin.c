/* cmd_admin.c: ska init, user add, token create, check and backup. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/auth.h"
#include "core/org.h"
#include "datetime.h"
#include "store/store_document.h"
#include "util.h"

enum {
    OPT_DB = 1000,
    OPT_USERNAME,
    OPT_NAME,
    OPT_ROLE,
    OPT_UNIT,
    OPT_STDIN,
    OPT_TO,
    OPT_CODE,
    OPT_KIND,
    OPT_PARENT,
    OPT_ORGNR,
    OPT_HSA,
    OPT_HELP
};

/* parse_opts handles the long options shared by these commands; each
 * command passes the subset it accepts. Returns 0, 1 for --help, or 2. */
static int parse_opts(int argc, char **argv, const struct option *opts,
                      const char **vals)
{
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == OPT_HELP)
            return 1;
        if (c < OPT_DB || c > OPT_HELP) {
            fprintf(stderr,
                    "ska %s: unknown option or missing value '%s'; "
                    "see 'ska %s --help'.\n",
                    argv[0], argv[optind - 1], argv[0]);
            return 2;
        }
        vals[c - OPT_DB] = optarg ? optarg : "";
    }
    if (optind < argc) {
        fprintf(stderr,
                "ska %s: unexpected argument '%s'; see 'ska %s "
                "--help'.\n",
                argv[0], argv[optind], argv[0]);
        return 2;
    }
    return 0;
}

#define V(o) vals[(o)-OPT_DB]

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                         {"help", no_argument, 0, OPT_HELP},
                                         {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    struct store *st;
    int r = parse_opts(argc, argv, opts, vals), have, latest;

    if (r == 1) {
        puts("usage: ska init --db PATH\n\nCreates the database, or "
             "migrates an existing one to this version's schema. Running it "
             "again changes nothing.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)))
        return cli_usage("init", "--db PATH (or SKA_DB) is required");
    if (!(st = cli_open(cli_db(V(OPT_DB)), 1, 1)))
        return 1;
    store_schema_version(st, &have, &latest);
    printf("ska: database %s is at schema version %d.\n", cli_db(V(OPT_DB)),
           have);
    store_close(st);
    return 0;
}

static int unit_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, OPT_DB},
        {"code", required_argument, 0, OPT_CODE},
        {"name", required_argument, 0, OPT_NAME},
        {"kind", required_argument, 0, OPT_KIND},
        {"parent", required_argument, 0, OPT_PARENT},
        {"org-nr", required_argument, 0, OPT_ORGNR},
        {"hsa-id", required_argument, 0, OPT_HSA},
        {"help", no_argument, 0, OPT_HELP},
        {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    struct fielderrs fe = {0};
    struct unit u = {0}, parent;
    struct arena *a = NULL;
    struct store *st = NULL;
    enum err e;
    int r = parse_opts(argc, argv, opts, vals);

    if (r == 1) {
        puts("usage: ska unit add --db PATH --code CODE --name \"Name\" "
             "--kind KIND [--parent CODE]\n                [--org-nr "
             "NNNNNN-NNNN] [--hsa-id ID]\n\nAdds a unit. KIND is provider "
             "(a care provider: vårdgivare, a root of the\norganisation; "
             "needs --org-nr and no --parent), administration, division,\n"
             "department or unit (these need --parent). This is how an "
             "installation gets its\nfirst care provider; its administrator "
             "then comes from 'ska user add'.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)) || !V(OPT_CODE) || !V(OPT_NAME) || !V(OPT_KIND))
        return cli_usage("unit add", "--db, --code, --name and --kind are "
                                     "required");
    u.code = V(OPT_CODE);
    u.name = V(OPT_NAME);
    u.kind = V(OPT_KIND);
    u.org_nr = V(OPT_ORGNR);
    u.hsa_id = V(OPT_HSA);
    u.active = 1;
    if (!(st = cli_open(cli_db(V(OPT_DB)), 0, 0)) || !(a = arena_new())) {
        r = 1;
        goto out;
    }
    if (V(OPT_PARENT)) {
        if (store_unit_by_code(st, a, V(OPT_PARENT), &parent)) {
            r = cli_fail("unit add", "there is no unit with code '%s'.",
                         V(OPT_PARENT));
            goto out;
        }
        u.parent_id = parent.id;
    }
    org_unit_validate(&u, &fe);
    if (fe.n) {
        const char *f = fe.v[0].field;

        r = cli_fail(
            "unit add", "the value of --%s is not valid (%s).",
            strcmp(f, "org_nr") == 0   ? "org-nr"
            : strcmp(f, "hsa_id") == 0 ? "hsa-id"
                                       : f,
            strcmp(f, "kind") == 0 ? "use provider, administration, division, "
                                     "department or unit"
            : strcmp(f, "parent") == 0
                ? "a provider has no --parent; other kinds need one"
            : strcmp(f, "org_nr") == 0
                ? "a provider needs --org-nr NNNNNN-NNNN with a "
                  "correct check digit"
            : strcmp(f, "hsa_id") == 0
                ? "an HSA-id looks like SE2321000016-0101"
            : strcmp(f, "code") == 0 ? "use 1-32 of A-Z, a-z, 0-9, - and _"
                                     : "use 1-200 characters of text");
        goto out;
    }
    if ((e = store_begin(st)) || (e = store_unit_create(st, &cli_actor, &u)) ||
        (e = store_commit(st))) {
        store_rollback(st);
        r = cli_fail("unit add",
                     e == E_CONFLICT ? "the code or HSA-id '%s' is already "
                                       "taken."
                                     : "the unit '%s' could not be saved.",
                     u.code);
        goto out;
    }
    printf("ska: %s %s (%s) added.\n", u.kind, u.code, u.name);
    r = 0;
out:
    arena_free(a);
    store_close(st);
    return r;
}

int cmd_unit(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return unit_add(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        puts("usage: ska unit add --db PATH --code CODE --name \"Name\" "
             "--kind KIND [--parent CODE] [--org-nr NR] [--hsa-id ID]");
        return 0;
    }
    return cli_usage("unit", "the subcommand must be 'add'");
}

static int read_password(char *pw, size_t n)
{
    size_t len;

    if (!fgets(pw, (int)n, stdin))
        return -1;
    len = strlen(pw);
    if (len && pw[len - 1] == '\n')
        pw[--len] = '\0';
    else if (!feof(stdin))
        return -1; /* longer than the buffer */
    if (len && pw[len - 1] == '\r')
        pw[--len] = '\0';
    return 0;
}

static int user_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, OPT_DB},
        {"username", required_argument, 0, OPT_USERNAME},
        {"name", required_argument, 0, OPT_NAME},
        {"role", required_argument, 0, OPT_ROLE},
        {"unit", required_argument, 0, OPT_UNIT},
        {"password-stdin", no_argument, 0, OPT_STDIN},
        {"help", no_argument, 0, OPT_HELP},
        {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    char pw[AUTH_PASSWORD_MAX + 2], hash[AUTH_PWHASH_MAX];
    struct fielderrs fe = {0};
    struct user u = {0};
    struct unit unit = {0};
    struct arena *a = NULL;
    struct store *st = NULL;
    const char *bad;
    enum role role;
    int64_t rid;
    enum err e;
    int r = parse_opts(argc, argv, opts, vals);

    if (r == 1) {
        puts("usage: ska user add --db PATH --username U --name \"Full "
             "Name\" --role ROLE [--unit CODE] --password-stdin\n\nROLE is "
             "admin, quality, manager, handler, staff or auditor, held at "
             "the unit CODE and\nits whole subtree (default: the care "
             "provider when there is only one). The password\nis read from "
             "the first line of standard input.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)) || !V(OPT_USERNAME) || !V(OPT_NAME) ||
        !V(OPT_ROLE) || !V(OPT_STDIN))
        return cli_usage("user add", "--db, --username, --name, --role and "
                                     "--password-stdin are required");
    role = role_from_str(V(OPT_ROLE));
    if (role == ROLE__MAX)
        return cli_usage("user add", "--role must be admin, quality, "
                                     "manager, handler, staff or auditor");
    u.username = V(OPT_USERNAME);
    u.name = V(OPT_NAME);
    u.lang = "sv";
    u.active = 1;
    org_user_validate(&u, &fe);
    if (fe.n)
        return cli_fail("user add", "the %s is not valid (%s).", fe.v[0].field,
                        strcmp(fe.v[0].msg, "err.username") == 0
                            ? "use 2-64 lowercase letters, digits, '.', '_' "
                              "or '-', starting with a letter"
                            : "it must be 1-200 characters of text");
    if (read_password(pw, sizeof(pw)))
        return cli_fail("user add",
                        "no password on standard input, or "
                        "longer than %d bytes.",
                        AUTH_PASSWORD_MAX);
    if ((bad = auth_password_check(pw, u.username)))
        return cli_fail("user add",
                        "the password is too weak: use at least "
                        "%d characters, not the user name.",
                        AUTH_PASSWORD_MIN);
    if (!(st = cli_open(cli_db(V(OPT_DB)), 0, 0)) || !(a = arena_new())) {
        r = 1;
        goto out;
    }
    if (V(OPT_UNIT)) {
        e = store_unit_by_code(st, a, V(OPT_UNIT), &unit);
        if (e) {
            r = cli_fail("user add", "there is no unit with code '%s'.",
                         V(OPT_UNIT));
            goto out;
        }
    } else {
        struct unit *all;
        size_t n, i, providers = 0;

        if (store_unit_list(st, a, &all, &n) == E_OK)
            for (i = 0; i < n; i++)
                if (all[i].parent_id == 0 && providers++ == 0)
                    unit = all[i];
        if (providers != 1) {
            r = cli_fail("user add", providers ? "--unit CODE is needed when "
                                                 "there is more than one "
                                                 "care provider."
                                               : "the database has no care "
                                                 "provider yet; create one "
                                                 "first (ska unit add).");
            goto out;
        }
    }
    if (auth_password_hash(pw, hash)) {
        r = cli_fail("user add", "hashing the password failed.");
        goto out;
    }
    u.password_hash = hash;
    u.home_unit_id = unit.id;
    if ((e = store_begin(st)) || (e = store_user_create(st, &cli_actor, &u)) ||
        (e = store_role_add(st, &cli_actor, u.id, role, unit.id, &rid)) ||
        (e = store_commit(st))) {
        store_rollback(st);
        r = cli_fail("user add",
                     e == E_CONFLICT ? "the user name '%s' is already taken."
                                     : "the user '%s' could not be saved.",
                     u.username);
        goto out;
    }
    printf("ska: user %s (%s) added as %s at %s.\n", u.username, u.name,
           role_str(role), unit.code);
    r = 0;
out:
    memset(pw, 0, sizeof(pw));
    arena_free(a);
    store_close(st);
    return r;
}

int cmd_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        puts("usage: ska user add --db PATH --username U --name \"Full Name\" "
             "--role ROLE [--unit CODE] --password-stdin");
        return 0;
    }
    return cli_usage("user", "the subcommand must be 'add'");
}

static int token_create(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, OPT_DB},
        {"username", required_argument, 0, OPT_USERNAME},
        {"help", no_argument, 0, OPT_HELP},
        {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    char tok[AUTH_TOKEN_CHARS];
    unsigned char h[AUTH_HASH_BYTES];
    struct arena *a = NULL;
    struct store *st = NULL;
    struct user u;
    enum err e;
    int r = parse_opts(argc, argv, opts, vals);

    if (r == 1) {
        puts("usage: ska token create --db PATH --username U\n\nPrints a new "
             "API token for the user. It is shown once and stored only as a "
             "hash;\nsend it as 'Authorization: Bearer TOKEN'.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)) || !V(OPT_USERNAME))
        return cli_usage("token create", "--db and --username are required");
    if (!(st = cli_open(cli_db(V(OPT_DB)), 0, 0)) || !(a = arena_new())) {
        r = 1;
        goto out;
    }
    if (store_user_by_username(st, a, V(OPT_USERNAME), &u) || !u.active) {
        r = cli_fail("token create", "there is no active user '%s'.",
                     V(OPT_USERNAME));
        goto out;
    }
    auth_token_new(tok);
    auth_token_hash(tok, h);
    if ((e = store_begin(st)) ||
        (e = store_token_create(st, &cli_actor, h, u.id, datetime_now())) ||
        (e = store_commit(st))) {
        store_rollback(st);
        r = cli_fail("token create", "the token could not be saved (%s).",
                     store_errmsg(st));
        goto out;
    }
    puts(tok);
    r = 0;
out:
    arena_free(a);
    store_close(st);
    return r;
}

int cmd_token(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "create") == 0)
        return token_create(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
        puts("usage: ska token create --db PATH --username U");
        return 0;
    }
    return cli_usage("token", "the subcommand must be 'create'");
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                         {"help", no_argument, 0, OPT_HELP},
                                         {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    struct store *st;
    struct buf msg;
    int64_t n, bad;
    int have, latest, problems = 0;
    int r = parse_opts(argc, argv, opts, vals);

    if (r == 1) {
        puts("usage: ska check --db PATH\n\nChecks the database's integrity "
             "and foreign keys, that its schema matches this\nska, that "
             "the audit log's hash chain is unbroken and that every\n"
             "attachment and document file matches its SHA-256. Exit 1 on any "
             "problem.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)))
        return cli_usage("check", "--db PATH (or SKA_DB) is required");
    if (!(st = cli_open(cli_db(V(OPT_DB)), 0, 0)))
        return 1;
    buf_init(&msg, 0);
    if (store_integrity(st, &msg)) {
        fprintf(stderr, "ska check: integrity problems:\n%s", msg.p);
        problems++;
    } else {
        printf("integrity: ok\n");
    }
    buf_release(&msg);
    store_schema_version(st, &have, &latest);
    printf("schema: version %d\n", have);
    if (store_audit_verify(st, &n, &bad)) {
        fprintf(stderr, "ska check: the audit log could not be read (%s).\n",
                store_errmsg(st));
        problems++;
    } else if (bad) {
        fprintf(stderr,
                "ska check: the audit chain is broken at entry "
                "%lld; entries from there on were changed or "
                "removed.\n",
                (long long)bad);
        problems++;
    } else {
        printf("audit chain: ok (%lld entries)\n", (long long)n);
    }
    if (store_attach_verify(st, &n, &bad)) {
        fprintf(stderr, "ska check: the attachments could not be read (%s).\n",
                store_errmsg(st));
        problems++;
    } else if (bad) {
        fprintf(stderr,
                "ska check: attachment %lld does not match its SHA-256; "
                "its bytes were changed.\n",
                (long long)bad);
        problems++;
    } else {
        printf("attachments: ok (%lld checksums)\n", (long long)n);
    }
    if (store_docv_verify_files(st, &n, &bad)) {
        fprintf(stderr,
                "ska check: the documents' files could not be read (%s).\n",
                store_errmsg(st));
        problems++;
    } else if (bad) {
        fprintf(stderr,
                "ska check: the file of document version %lld does not "
                "match its SHA-256; its bytes were changed.\n",
                (long long)bad);
        problems++;
    } else {
        printf("document files: ok (%lld checksums)\n", (long long)n);
    }
    store_close(st);
    return problems ? 1 : 0;
}

int cmd_backup(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, 0, OPT_DB},
                                         {"to", required_argument, 0, OPT_TO},
                                         {"help", no_argument, 0, OPT_HELP},
                                         {0, 0, 0, 0}};
    const char *vals[OPT_HELP - OPT_DB + 1] = {0};
    struct store *st;
    int r = parse_opts(argc, argv, opts, vals);

    if (r == 1) {
        puts("usage: ska backup --db PATH --to FILE\n\nWrites a consistent "
             "copy of the database to FILE while the server keeps "
             "running.\nFILE must not exist.");
        return 0;
    }
    if (r)
        return r;
    if (!cli_db(V(OPT_DB)) || !V(OPT_TO))
        return cli_usage("backup", "--db and --to are required");
    {
        FILE *f = fopen(V(OPT_TO), "r");

        if (f) {
            fclose(f);
            return cli_fail("backup", "%s already exists; choose a new file.",
                            V(OPT_TO));
        }
    }
    if (!(st = cli_open(cli_db(V(OPT_DB)), 0, 0)))
        return 1;
    if (store_backup(st, V(OPT_TO))) {
        r = cli_fail("backup", "%s.", store_errmsg(st));
        remove(V(OPT_TO));
    } else {
        printf("ska: backup written to %s.\n", V(OPT_TO));
    }
    store_close(st);
    return r;
}
