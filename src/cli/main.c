/* main.c: the ska command: dispatches to the subcommands of cli.h. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/auth.h"

#define SKA_VERSION "0.1.0"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} cmds[] = {
    {"init", cmd_init, "create the database, or migrate an existing one"},
    {"demo", cmd_demo, "create the demo region \"Region Exempel\""},
    {"serve", cmd_serve, "serve the web application"},
    {"unit", cmd_unit, "add care providers and units (ska unit add ...)"},
    {"user", cmd_user, "manage users (ska user add ...)"},
    {"token", cmd_token, "create API tokens (ska token create ...)"},
    {"check", cmd_check, "check integrity, schema and the audit chain"},
    {"backup", cmd_backup, "make a consistent online backup"},
    {"spc", cmd_spc, "statistical process control on a CSV file"},
    {"import", cmd_import, "import indicators from CSV or XLSX"},
};

static void usage(FILE *f)
{
    size_t i;

    fprintf(f, "usage: ska COMMAND [OPTIONS]\n\ncommands:\n");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].help);
    fprintf(f, "  %-8s %s\n", "version", "print the version");
    fprintf(f, "\n'ska COMMAND --help' describes a command. The database "
               "path may also come from SKA_DB.\n");
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("ska %s\n", SKA_VERSION);
        return 0;
    }
    if (auth_init() != 0) {
        fprintf(stderr, "ska: the crypto library failed to initialise.\n");
        return 1;
    }
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
        if (strcmp(argv[1], cmds[i].name) == 0)
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ska: unknown command '%s'; see 'ska --help'.\n", argv[1]);
    return 2;
}
