/* hello.c: the bare libmicrohttpd baseline for `make bench`. Same threading
 * model as `ska serve` (src/web/server.c): internal polling thread, epoll,
 * a pool of 2 x cores threads. Answers every request with "hello".
 * Usage: hello PORT (on 127.0.0.1; 0 picks a free port, printed); runs until
 * SIGTERM/SIGINT. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req_cls)
{
    static const char body[] = "hello\n";
    static int first;
    struct MHD_Response *resp;
    enum MHD_Result ret;

    (void)cls, (void)url, (void)method, (void)version, (void)upload;
    (void)upload_size;
    /* answer on the second call, as ska and MHD's own minimal_example do:
     * a response queued on the first call (before MHD knows the request has
     * no body) makes MHD close the connection, which costs keep-alive */
    if (*req_cls != &first) {
        *req_cls = &first;
        return MHD_YES;
    }
    resp = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
                                           MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", "text/plain");
    ret = MHD_queue_response(conn, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

int main(int argc, char **argv)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = ncpu > 0 ? (unsigned)ncpu * 2 : 4;
    struct MHD_Daemon *d;
    struct sockaddr_in sa;
    sigset_t set;
    int sig;

    if (argc != 2) {
        fprintf(stderr, "usage: hello PORT\n");
        return 2;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)atoi(argv[1]));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                             MHD_USE_ITC | MHD_USE_ERROR_LOG,
                         0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &sa,
                         MHD_OPTION_THREAD_POOL_SIZE, threads,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
                         MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "hello: cannot listen on port %s\n", argv[1]);
        return 1;
    }
    {
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);

        printf("hello: listening on http://127.0.0.1:%u/ with %u threads\n",
               di ? di->port : (unsigned)atoi(argv[1]), threads);
    }
    fflush(stdout);
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
