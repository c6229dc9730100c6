/* cli.h: the ska subcommands. Each takes the arguments after the command
 * name (argv[0] is the command) and returns the process exit code: 0 ok,
 * 1 failure, 2 usage. Errors go to stderr as one plain sentence. */
#ifndef SKA_CLI_H
#define SKA_CLI_H

int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_unit(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_spc(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
