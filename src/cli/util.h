/* util.h: helpers shared by the subcommands. */
#ifndef SKA_CLI_UTIL_H
#define SKA_CLI_UTIL_H

#include "store/store.h"

/* cli_db returns --db's value, else $SKA_DB, else NULL. */
const char *cli_db(const char *opt);
/* cli_open opens the database for a command, printing a one-sentence error
 * on failure. Returns NULL then. */
struct store *cli_open(const char *path, int create, int migrate);
/* cli_die_usage prints "ska CMD: msg" plus a hint and returns 2. */
int cli_usage(const char *cmd, const char *msg);
/* cli_fail prints "ska CMD: msg" and returns 1. */
int cli_fail(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

extern const struct actor cli_actor;

#endif
