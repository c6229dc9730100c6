/* notify.c: notifications. The hooks write inbox rows (and outbox rows for
 * users with an e-mail address) in the case's own transaction; a worker
 * thread drains the outbox through SMTP with libcurl, retrying with
 * exponential backoff (store_outbox_backoff) and never deleting a row. */
#include "notify.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "i18n.h"
#include "page.h"
#include "tmpl.h"

#define MSG_LANG "sv" /* messages are written in Swedish */
#define POLL_SECONDS 2
#define CLAIM_LEASE 300
#define CLAIM_BATCH 20

/* ---- messages ---- */

static const char *t(const char *key)
{
    const char *s = i18n_get(MSG_LANG, key);

    return s ? s : key;
}

/* note writes one notification about case c to user; kind selects the
 * "notify.<kind>.subject" and "notify.<kind>.body" texts. */
static enum err note(struct req *r, int64_t user, const struct case_rec *c,
                     const char *kind)
{
    char key[64];
    const char *subject, *body;

    snprintf(key, sizeof(key), "notify.%s.subject", kind);
    subject = arena_printf(r->a, "%s %s", t(key), c->number);
    snprintf(key, sizeof(key), "notify.%s.body", kind);
    body = arena_printf(r->a, "%s\n\n%s %s\n%s %s\n%s /cases/%lld\n", t(key),
                        t("notify.case"), c->number, t("notify.unit"),
                        c->unit_name ? c->unit_name : "", t("notify.link"),
                        (long long)c->id);
    if (!subject || !body)
        return E_NOMEM;
    return store_notify(r->st, user, c->id, kind, subject, body,
                        datetime_now());
}

enum err notify_case_new(struct req *r, const struct case_rec *c)
{
    struct case_rec full;
    int64_t *who;
    size_t i, n;
    enum err e;

    if ((e = store_case_get(r->st, r->a, c->id, &full)) ||
        (e = store_unit_managers(r->st, r->a, full.unit_path, &who, &n)))
        return e;
    for (i = 0; i < n; i++)
        if (who[i] != full.reporter_id && (e = note(r, who[i], &full, "new")))
            return e;
    return E_OK;
}

enum err notify_case_update(struct req *r, const struct case_rec *c)
{
    struct case_rec old;
    enum err e;

    if ((e = store_case_get(r->st, r->a, c->id, &old)))
        return e;
    if (c->handler_id && c->handler_id != old.handler_id &&
        c->handler_id != r->user->id &&
        (e = note(r, c->handler_id, &old, "assigned")))
        return e;
    if (c->feedback && *c->feedback &&
        (!old.feedback || strcmp(old.feedback, c->feedback) != 0) &&
        old.reporter_id != r->user->id &&
        (e = note(r, old.reporter_id, &old, "feedback")))
        return e;
    return E_OK;
}

/* ---- pages ---- */

size_t notify_unread(struct req *r)
{
    size_t n = 0;

    if (!r->user || store_inbox_unread(r->st, r->user->id, &n))
        return 0;
    return n;
}

static const char *kind_label(struct req *r, const char *kind)
{
    return page_t(r, arena_printf(r->a, "notify.kind.%s", kind));
}

void notify_case_section(struct req *r, struct tv *ctx, int64_t case_id)
{
    struct notification_rec *v;
    struct tv *list;
    size_t i, n;

    if (store_case_notifications(r->st, r->a, case_id, &v, &n))
        return;
    tv_bool(ctx, "has_notifications", n > 0);
    list = tv_list(ctx, "notifications");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);
        const char *state;

        tv_str(it, "to", v[i].user_name);
        tv_str(it, "at", page_datetime(r, v[i].created_at));
        tv_str(it, "kind", kind_label(r, v[i].kind));
        if (v[i].attempts < 0)
            state = page_t(r, "notify.state.inbox");
        else if (v[i].sent_at)
            state = arena_printf(r->a, "%s %s", page_t(r, "notify.state.sent"),
                                 page_datetime(r, v[i].sent_at));
        else if (v[i].attempts >= NOTIFY_MAX_ATTEMPTS)
            state = page_t(r, "notify.state.gave_up");
        else if (v[i].attempts > 0)
            state =
                arena_printf(r->a, "%s (%d)", page_t(r, "notify.state.retry"),
                             v[i].attempts);
        else
            state = page_t(r, "notify.state.queued");
        tv_str(it, "state", state);
        tv_str(it, "error", v[i].sent_at ? NULL : v[i].last_error);
        tv_bool(it, "delivered", v[i].sent_at != 0);
    }
}

void page_inbox(struct req *r)
{
    struct tv *ctx = page_ctx(r), *list;
    struct notification_rec *v;
    size_t i, n;
    enum err e;

    if ((e = store_inbox_list(r->st, r->a, r->user->id, 200, &v, &n))) {
        page_error(r, page_status_for(e));
        return;
    }
    tv_bool(ctx, "has_items", n > 0);
    list = tv_list(ctx, "items");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "id", v[i].id);
        tv_str(it, "subject", v[i].subject);
        tv_str(it, "body", v[i].body);
        tv_str(it, "at", page_datetime(r, v[i].created_at));
        tv_str(it, "kind", kind_label(r, v[i].kind));
        tv_bool(it, "unread", v[i].read_at == 0);
        if (v[i].case_id)
            tv_str(it, "case_href",
                   arena_printf(r->a, "/cases/%lld", (long long)v[i].case_id));
    }
    page_render(r, 200, "inbox", ctx, "notify.inbox_title");
}

void page_inbox_read(struct req *r)
{
    enum err e =
        store_inbox_mark_read(r->st, r->user->id, req_id(r, 0), datetime_now());

    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    req_redirect(r, "/inbox");
}

/* ---- message formatting ---- */

static void b64(struct buf *b, const unsigned char *p, size_t n)
{
    static const char al[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;

    for (i = 0; i + 2 < n; i += 3) {
        buf_addc(b, al[p[i] >> 2]);
        buf_addc(b, al[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
        buf_addc(b, al[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)]);
        buf_addc(b, al[p[i + 2] & 63]);
    }
    if (n - i == 1) {
        buf_addc(b, al[p[i] >> 2]);
        buf_addc(b, al[(p[i] & 3) << 4]);
        buf_adds(b, "==");
    } else if (n - i == 2) {
        buf_addc(b, al[p[i] >> 2]);
        buf_addc(b, al[((p[i] & 3) << 4) | (p[i + 1] >> 4)]);
        buf_addc(b, al[(p[i + 1] & 15) << 2]);
        buf_addc(b, '=');
    }
}

void notify_subject_encode(struct buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i, start, n = strlen(s);
    int plain = 1;

    for (i = 0; i < n; i++)
        if (p[i] < 0x20 || p[i] > 0x7e)
            plain = 0;
    if (plain) {
        buf_add(b, s, n);
        return;
    }
    /* 45 bytes make 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" = 72;
     * a chunk never splits a UTF-8 sequence */
    for (start = 0; start < n;) {
        size_t end = start + 45 < n ? start + 45 : n;

        while (end < n && end > start + 1 && (p[end] & 0xc0) == 0x80)
            end--;
        if (start)
            buf_adds(b, "\r\n ");
        buf_adds(b, "=?UTF-8?B?");
        b64(b, p + start, end - start);
        buf_adds(b, "?=");
        start = end;
    }
}

/* domain_of is the part of an address after '@', "localhost" without. */
static const char *domain_of(const char *addr)
{
    const char *at = strrchr(addr, '@');
    size_t n;

    if (!at || !at[1])
        return "localhost";
    n = strlen(at + 1);
    return at[n] == '>' ? "localhost" : at + 1;
}

void notify_format(struct buf *b, const char *from, const char *to,
                   const char *subject, const char *body, int64_t now,
                   int64_t id)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)now;
    struct tm tm;
    const char *p;

    gmtime_r(&tt, &tm);
    buf_addf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
             days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    buf_addf(b, "From: %s\r\nTo: %s\r\nSubject: ", from, to);
    notify_subject_encode(b, subject);
    buf_addf(b, "\r\nMessage-ID: <ska.%lld.%lld@%s>\r\n", (long long)id,
             (long long)now, domain_of(from));
    buf_adds(b, "MIME-Version: 1.0\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n");
    /* bare LF becomes CRLF; a lone CR is dropped */
    for (p = body; *p; p++)
        if (*p == '\n')
            buf_adds(b, "\r\n");
        else if (*p != '\r')
            buf_addc(b, *p);
    if (b->len < 2 || b->p[b->len - 1] != '\n')
        buf_adds(b, "\r\n");
}

/* ---- the worker ---- */

static struct {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int running, stop;
    char *db, *url, *from;
    int64_t backoff;
} w = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

struct upload {
    const char *p;
    size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nmemb < u->left ? size * nmemb : u->left;

    memcpy(dst, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

/* send_one sends message m; E_OK or E_IO with the reason in err. */
static enum err send_one(const struct outbox_rec *m, char *err, size_t errn)
{
    struct curl_slist *rcpt = NULL;
    struct upload up;
    struct buf msg;
    CURLcode rc = CURLE_OUT_OF_MEMORY;
    CURL *c = curl_easy_init();
    char ebuf[CURL_ERROR_SIZE] = "";

    buf_init(&msg, (size_t)1 << 20);
    notify_format(&msg, w.from, m->to_addr, m->subject, m->body, datetime_now(),
                  m->id);
    if (!c || msg.err || !(rcpt = curl_slist_append(NULL, m->to_addr)))
        goto out;
    up.p = msg.p;
    up.left = msg.len;
    curl_easy_setopt(c, CURLOPT_URL, w.url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, w.from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
    rc = curl_easy_perform(c);
out:
    if (rc != CURLE_OK)
        snprintf(err, errn, "%s", *ebuf ? ebuf : curl_easy_strerror(rc));
    curl_slist_free_all(rcpt);
    if (c)
        curl_easy_cleanup(c);
    buf_release(&msg);
    return rc == CURLE_OK ? E_OK : E_IO;
}

/* drain sends every message due now; a database error ends the round. */
static void drain(struct store *st)
{
    struct outbox_rec *v;
    struct arena *a;
    size_t i, n;
    char err[CURL_ERROR_SIZE + 64];

    for (;;) {
        if (!(a = arena_new()))
            return;
        if (store_outbox_claim(st, a, datetime_now(), CLAIM_BATCH, CLAIM_LEASE,
                               &v, &n) ||
            n == 0) {
            arena_free(a);
            return;
        }
        for (i = 0; i < n; i++) {
            if (send_one(&v[i], err, sizeof(err)) == E_OK)
                store_outbox_sent(st, v[i].id, datetime_now());
            else
                store_outbox_failed(st, v[i].id, v[i].attempts, err,
                                    datetime_now(), w.backoff);
        }
        arena_free(a);
    }
}

static void *worker(void *arg)
{
    struct store *st = NULL;
    int stop = 0;

    (void)arg;
    if (store_open(w.db, 0, 0, &st)) {
        fprintf(stderr, "ska: notify: cannot open the database; e-mail "
                        "waits in the outbox\n");
        return NULL;
    }
    while (!stop) {
        struct timespec until;

        drain(st);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += POLL_SECONDS;
        pthread_mutex_lock(&w.mu);
        if (!w.stop)
            pthread_cond_timedwait(&w.cv, &w.mu, &until);
        stop = w.stop;
        pthread_mutex_unlock(&w.mu);
    }
    drain(st); /* best effort at shutdown */
    store_close(st);
    return NULL;
}

enum err notify_start(const char *db, const char *smtp_url, const char *from)
{
    const char *tb = getenv("SKA_TEST_SMTP_BACKOFF"); /* seconds, tests */

    if (!smtp_url || !*smtp_url)
        return E_OK; /* no SMTP: messages wait in the outbox */
    w.db = strdup(db);
    w.url = strdup(smtp_url);
    w.from = strdup(from && *from ? from : "ska@localhost");
    w.backoff = tb ? strtoll(tb, NULL, 10) : 60;
    if (w.backoff <= 0)
        w.backoff = 60;
    w.stop = 0;
    if (!w.db || !w.url || !w.from || curl_global_init(CURL_GLOBAL_DEFAULT) ||
        pthread_create(&w.th, NULL, worker, NULL)) {
        free(w.db);
        free(w.url);
        free(w.from);
        w.db = w.url = w.from = NULL;
        return E_NOMEM;
    }
    w.running = 1;
    return E_OK;
}

void notify_stop(void)
{
    if (!w.running)
        return;
    pthread_mutex_lock(&w.mu);
    w.stop = 1;
    pthread_cond_signal(&w.cv);
    pthread_mutex_unlock(&w.mu);
    pthread_join(w.th, NULL);
    w.running = 0;
    curl_global_cleanup();
    free(w.db);
    free(w.url);
    free(w.from);
    w.db = w.url = w.from = NULL;
}
