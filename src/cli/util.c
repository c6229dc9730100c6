/* util.c: helpers shared by the subcommands. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const struct actor cli_actor = {0, "cli"};

const char *cli_db(const char *opt)
{
    const char *env = getenv("SKA_DB");

    if (opt && *opt)
        return opt;
    return env && *env ? env : NULL;
}

struct store *cli_open(const char *path, int create, int migrate)
{
    struct store *st = NULL;
    enum err e = store_open(path, create, migrate, &st);

    if (e) {
        if (e == E_NOTFOUND)
            fprintf(stderr,
                    "ska: the database %s does not exist; create it "
                    "with 'ska init --db %s'.\n",
                    path, path);
        else
            fprintf(stderr, "ska: %s.\n", st ? store_errmsg(st) : err_str(e));
        store_close(st);
        return NULL;
    }
    return st;
}

int cli_usage(const char *cmd, const char *msg)
{
    fprintf(stderr, "ska %s: %s; see 'ska %s --help'.\n", cmd, msg, cmd);
    return 2;
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "ska %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}
