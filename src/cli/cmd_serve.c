/* cmd_serve.c: ska serve. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "datetime.h"
#include "util.h"
#include "web/server.h"

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, 0, 'd'},
        {"listen", required_argument, 0, 'l'},
        {"auth-header", required_argument, 0, 'a'},
        {"threads", required_argument, 0, 't'},
        {"secure-cookies", no_argument, 0, 's'},
        {"smtp", required_argument, 0, 'm'},
        {"smtp-from", required_argument, 0, 'f'},
        {"clock-offset", required_argument, 0, 'c'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    struct server_opts o = {0};
    struct store *st;
    long long offset = 0;
    char *end;
    int c;

    o.listen = "127.0.0.1:8080";
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            o.db = optarg;
            break;
        case 'l':
            o.listen = optarg;
            break;
        case 'a':
            o.auth_header = optarg;
            break;
        case 'm':
            o.smtp_url = optarg;
            break;
        case 'f':
            o.smtp_from = optarg;
            break;
        case 's':
            o.secure_cookies = 1;
            break;
        case 'c': /* tests only: the server's clock runs that much ahead */
            offset = strtoll(optarg, &end, 10);
            if (*end || !*optarg || offset < -3650LL * 86400 ||
                offset > 3650LL * 86400)
                return cli_usage("serve", "--clock-offset must be seconds "
                                          "(at most ten years)");
            break;
        case 't':
            o.threads = (int)strtol(optarg, &end, 10);
            if (*end || o.threads < 1 || o.threads > 256)
                return cli_usage("serve", "--threads must be 1 to 256");
            break;
        case 'h':
            puts("usage: ska serve --db PATH [--listen HOST:PORT] "
                 "[--auth-header NAME] [--secure-cookies] [--threads N]\n"
                 "                 [--smtp smtp://HOST:PORT] [--smtp-from "
                 "ADDR]\n\n"
                 "Serves ska on HOST:PORT (default 127.0.0.1:8080; port 0 "
                 "picks a free port).\nSIGTERM or Ctrl-C finishes requests "
                 "in flight, then stops.\n\n--auth-header NAME trusts the "
                 "HTTP header NAME to name the logged-in user. Use it\nonly "
                 "behind a reverse proxy that authenticates users (SITHS, "
                 "SAML, OIDC) and\nalways overwrites that header: anyone "
                 "who can reach ska directly could\notherwise log in as "
                 "anybody. Bind to 127.0.0.1 or a private network.\n"
                 "--secure-cookies marks cookies Secure; use it when served "
                 "over HTTPS.\n--smtp URL sends notification e-mail through "
                 "that SMTP "
                 "server (smtp:// or\nsmtps://); without it messages wait in "
                 "the outbox. --smtp-from ADDR is\nthe sender address "
                 "(default ska@localhost).\n--clock-offset SECONDS is for "
                 "tests only: the server's clock runs that many\nseconds "
                 "ahead (or behind), so deadlines and reminders can be "
                 "checked.");
            return 0;
        default:
            return cli_usage("serve", "unknown option or missing value");
        }
    }
    if (optind < argc)
        return cli_usage("serve", "unexpected argument");
    if (!(o.db = cli_db(o.db)))
        return cli_usage("serve", "--db PATH (or SKA_DB) is required");
    if (!(st = cli_open(o.db, 0, 0)))
        return 1;
    store_close(st);
    if (offset) {
        fprintf(stderr, "ska: test clock: %+lld s\n", offset);
        datetime_set_offset((int64_t)offset);
    }
    return server_run(&o);
}
