/* test_notify.c: the outbox backoff schedule, the e-mail message format
 * (RFC 5322 headers, RFC 2047 subject) and the outbox life cycle in the
 * store: a failure keeps the message and schedules a retry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "store/store.h"
#include "t.h"
#include "web/notify.h"

static struct store *st;

T(test_backoff)
{
    CHECK_INT(store_outbox_backoff(1, 60), 60);
    CHECK_INT(store_outbox_backoff(2, 60), 120);
    CHECK_INT(store_outbox_backoff(3, 60), 240);
    CHECK_INT(store_outbox_backoff(9, 60), 15360); /* 4 h 16 min */
    CHECK_INT(store_outbox_backoff(8, 60), 7680);
    CHECK_INT(store_outbox_backoff(10, 60), 6 * 3600);
    CHECK_INT(store_outbox_backoff(1000, 60), 6 * 3600);
    CHECK_INT(store_outbox_backoff(1, 0), 60);
    CHECK_INT(store_outbox_backoff(3, 1), 4);
}

T(test_subject)
{
    struct buf b;

    buf_init(&b, 0);
    notify_subject_encode(&b, "New deviation: 2026-000001");
    CHECK_STR(b.p, "New deviation: 2026-000001");
    buf_clear(&b);
    /* "Återkoppling" in UTF-8 */
    notify_subject_encode(&b, "\xC3\x85terkoppling");
    CHECK_STR(b.p, "=?UTF-8?B?w4V0ZXJrb3BwbGluZw==?=");
    buf_clear(&b);
    /* a long subject folds into encoded-words of at most 75 characters,
     * never splitting a character */
    notify_subject_encode(&b, "\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3"
                              "\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5"
                              "\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3"
                              "\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5\xC3\xA5"
                              "\xC3\xA5\xC3\xA5\xC3\xA5");
    CHECK(strstr(b.p, "?=\r\n =?UTF-8?B?") != NULL);
    {
        const char *p = b.p, *nl;

        while ((nl = strstr(p, "\r\n")) != NULL) {
            CHECK(nl - p <= 76);
            p = nl + 2;
        }
        CHECK(strlen(p) <= 76);
    }
    buf_release(&b);
}

T(test_format)
{
    struct buf b;

    buf_init(&b, 0);
    /* 2026-11-23T14:36:14Z is a Monday */
    notify_format(&b, "ska@example.invalid", "chef@example.invalid",
                  "Ny avvikelse: 2026-000001", "Rad 1\nRad \xC3\xA5\n",
                  1795444574, 7);
    CHECK_STR(b.p, "Date: Mon, 23 Nov 2026 14:36:14 +0000\r\n"
                   "From: ska@example.invalid\r\n"
                   "To: chef@example.invalid\r\n"
                   "Subject: Ny avvikelse: 2026-000001\r\n"
                   "Message-ID: <ska.7.1795444574@example.invalid>\r\n"
                   "MIME-Version: 1.0\r\n"
                   "Content-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: 8bit\r\n\r\n"
                   "Rad 1\r\nRad \xC3\xA5\r\n");
    buf_clear(&b);
    notify_format(&b, "ska", "x@y", "\xC3\x85", "no newline", 0, 1);
    CHECK(strstr(b.p, "Subject: =?UTF-8?B?w4U=?=\r\n") != NULL);
    CHECK(strstr(b.p, "@localhost>") != NULL);
    CHECK(strstr(b.p, "\r\n\r\nno newline\r\n") != NULL);
    buf_release(&b);
}

T(test_outbox)
{
    static const struct actor who = {0, "test"};
    struct arena *a = arena_new();
    struct user u = {0}, v = {0};
    struct outbox_rec *m;
    struct notification_rec *nr;
    size_t n;

    u.username = "chef";
    u.name = "Chef";
    u.email = "chef@example.invalid";
    u.active = 1;
    v.username = "utan";
    v.name = "Utan adress";
    v.active = 1;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_user_create(st, &who, &u), E_OK);
    CHECK_INT(store_user_create(st, &who, &v), E_OK);
    CHECK_INT(store_notify(st, u.id, 0, "new", "S", "B", 1000), E_OK);
    CHECK_INT(store_notify(st, v.id, 0, "new", "S2", "B2", 1000), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_inbox_unread(st, v.id, &n), E_OK);
    CHECK_INT(n, 1);
    /* only the user with an address gets e-mail */
    CHECK_INT(store_outbox_claim(st, a, 1000, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(m[0].to_addr, "chef@example.invalid");
    CHECK_INT(m[0].attempts, 0);
    /* claimed: not due again within the lease */
    CHECK_INT(store_outbox_claim(st, a, 1001, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_outbox_failed(st, 1, 0, "refused", 1001, 60), E_OK);
    CHECK_INT(store_outbox_claim(st, a, 1060, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_outbox_claim(st, a, 1061, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(m[0].attempts, 1);
    CHECK_INT(store_outbox_failed(st, 1, 1, "refused again", 1061, 60), E_OK);
    CHECK_INT(store_inbox_list(st, a, u.id, 0, &nr, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(nr[0].attempts, 2);
    CHECK_STR(nr[0].last_error, "refused again");
    CHECK_INT(nr[0].sent_at, 0);
    CHECK_INT(store_outbox_claim(st, a, 1061 + 120, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(store_outbox_sent(st, m[0].id, 1200), E_OK);
    CHECK_INT(store_outbox_claim(st, a, 99999, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_inbox_list(st, a, u.id, 0, &nr, &n), E_OK);
    CHECK_INT(nr[0].sent_at, 1200);
    CHECK_INT(nr[0].read_at, 0);
    /* mark read: only one's own */
    CHECK_INT(store_inbox_mark_read(st, v.id, nr[0].id, 1300), E_NOTFOUND);
    CHECK_INT(store_inbox_mark_read(st, u.id, nr[0].id, 1300), E_OK);
    CHECK_INT(store_inbox_unread(st, u.id, &n), E_OK);
    CHECK_INT(n, 0);
    arena_free(a);
}

T(test_give_up)
{
    struct arena *a = arena_new();
    struct outbox_rec *m;
    size_t n;
    int i;

    CHECK_INT(store_notify(st, 1, 0, "new", "G", "B", 5000), E_OK);
    for (i = 0; i < NOTIFY_MAX_ATTEMPTS; i++) {
        CHECK_INT(store_outbox_claim(st, a, 1000000000, 10, 300, &m, &n), E_OK);
        CHECK_INT(n, 1);
        CHECK_INT(
            store_outbox_failed(st, m[0].id, m[0].attempts, "down", 5000, 1),
            E_OK);
    }
    /* after ten failures the row is kept but no longer tried */
    CHECK_INT(store_outbox_claim(st, a, 2000000000, 10, 300, &m, &n), E_OK);
    CHECK_INT(n, 0);
    arena_free(a);
}

static const struct t_case cases[] = {
    T_CASE(test_backoff), T_CASE(test_subject), T_CASE(test_format),
    T_CASE(test_outbox),  T_CASE(test_give_up),
};

int main(int argc, char **argv)
{
    char dir[] = "/tmp/ska-notify.XXXXXX", db[64], cmd[100];
    int rc;

    (void)argc;
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof(db), "%s/t.db", dir);
    if (store_open(db, 1, 1, &st)) {
        fprintf(stderr, "open: %s\n", st ? store_errmsg(st) : "?");
        return 1;
    }
    rc = t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));
    store_close(st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
