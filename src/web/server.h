/* server.h: the HTTP server (libmicrohttpd with its thread pool). */
#ifndef SKA_SERVER_H
#define SKA_SERVER_H

struct server_opts {
    const char *db;
    const char *listen;      /* "HOST:PORT"; port 0 picks a free port */
    const char *auth_header; /* trusted SSO header, or NULL */
    int threads;             /* 0: two per core */
    int secure_cookies;
    const char *smtp_url;  /* e-mail via SMTP, or NULL: outbox waits */
    const char *smtp_from; /* the sender address */
};

/* server_run serves until SIGTERM or SIGINT, then finishes in-flight
 * requests and returns 0; 1 when it cannot start. It prints
 * "listening on http://HOST:PORT/" on stdout once ready. */
int server_run(const struct server_opts *o);

#endif
