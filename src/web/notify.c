/* notify.c: notifications. The hooks write inbox rows (and outbox rows for
 * users with an e-mail address) in the case's own transaction; a worker
 * thread drains the outbox through SMTP with libcurl, retrying with
 * exponential backoff (store_outbox_backoff) and never deleting a row. */
#include "notify.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datetime.h"
#include "i18n.h"
#include "page.h"
#include "remind.h"
#include "tmpl.h"

#define POLL_SECONDS 2
#define SWEEP_SECONDS 60 /* the reminder sweep (remind.c) */
#define CLAIM_LEASE 300
#define CLAIM_BATCH 20

/* ---- messages ---- */

static const char *t(const char *lang, const char *key)
{
    const char *s = i18n_get(lang, key);

    return s ? s : key;
}

/* line appends "label value" as a line of the body when value is set. */
static void line(struct buf *b, const char *lang, const char *label,
                 const char *value)
{
    if (value && *value)
        buf_addf(b, "%s %s\n", t(lang, label), value);
}

/* compose writes note n to user in the user's language; deputy_for (with
 * the absent user's name) marks a deputy's copy. */
static enum err compose(struct store *st, struct arena *a, int64_t user,
                        int64_t deputy_for, const char *absent,
                        const struct note *n, int64_t now)
{
    struct user u = {0};
    const char *lang, *ref, *subject;
    char key[64];
    struct buf b;
    enum err e;

    lang = store_user_get(st, a, user, &u) == E_OK && u.lang ? u.lang : "sv";
    ref = n->number ? n->number
                    : arena_printf(a, "%s %lld", t(lang, "notify.action_ref"),
                                   (long long)n->action_id);
    snprintf(key, sizeof(key), "notify.%s.subject", n->kind);
    subject = arena_printf(a, "%s%s%s%s %s", deputy_for ? "[" : "",
                           deputy_for ? t(lang, "notify.deputy.prefix") : "",
                           deputy_for ? arena_printf(a, " %s] ", absent) : "",
                           t(lang, key), ref);
    buf_init(&b, 1 << 16);
    if (deputy_for)
        buf_addf(&b, "%s %s.\n\n", t(lang, "notify.deputy.body"), absent);
    snprintf(key, sizeof(key), "notify.%s.body", n->kind);
    buf_addf(&b, "%s\n\n", t(lang, key));
    line(&b, lang, "notify.case", n->number);
    line(&b, lang, "notify.action", n->what);
    line(&b, lang, "notify.unit", n->unit);
    if (n->clock) {
        snprintf(key, sizeof(key), "notify.clock.%s", n->clock);
        buf_addf(&b, "%s %s (%s)\n", t(lang, "notify.deadline"),
                 n->deadline ? n->deadline : "", t(lang, key));
    }
    line(&b, lang, "notify.link", n->link);
    e = b.err || !subject ? E_NOMEM
                          : store_notify_copy(st, user, deputy_for, n->case_id,
                                              n->kind, subject, b.p, now);
    buf_release(&b);
    return e;
}

static int has(const int64_t *v, size_t n, int64_t x)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

enum err notify_send(struct store *st, struct arena *a, const int64_t *users,
                     size_t nusers, int64_t skip, const struct note *n,
                     int64_t now)
{
    struct buf day;
    const char *today;
    size_t i, j;
    enum err e = E_OK;

    buf_init(&day, 32);
    datetime_fmt_date_sv(&day, now);
    today = arena_strdup(a, day.p);
    buf_release(&day);
    if (!today)
        return E_NOMEM;
    for (i = 0; i < nusers && !e; i++)
        if (users[i] != skip && !has(users, i, users[i]))
            e = compose(st, a, users[i], 0, NULL, n, now);
    /* a copy to each active deputy of an addressee who is not told anyway */
    for (i = 0; i < nusers && !e; i++) {
        struct user absent = {0};
        int64_t *dep;
        size_t nd;

        if (users[i] == skip || has(users, i, users[i]))
            continue;
        if ((e = store_deputies_on(st, a, users[i], today, &dep, &nd)) || !nd)
            continue;
        if ((e = store_user_get(st, a, users[i], &absent)))
            break;
        for (j = 0; j < nd && !e; j++)
            if (!has(users, nusers, dep[j]) && dep[j] != skip)
                e = compose(st, a, dep[j], users[i], absent.name, n, now);
    }
    return e;
}

/* case_note fills a note about case c of kind. */
static void case_note(struct req *r, struct note *n, const struct case_rec *c,
                      const char *kind)
{
    memset(n, 0, sizeof(*n));
    n->case_id = c->id;
    n->kind = kind;
    n->number = c->number;
    n->unit = c->unit_name;
    n->link = arena_printf(r->a, "/cases/%lld", (long long)c->id);
}

enum err notify_case_new(struct req *r, const struct case_rec *c)
{
    struct case_rec full;
    struct note n;
    int64_t *who;
    size_t nwho;
    enum err e;

    if ((e = store_case_get(r->st, r->a, c->id, &full)) ||
        (e = store_unit_managers(r->st, r->a, full.unit_path, &who, &nwho)))
        return e;
    case_note(r, &n, &full, "new");
    return notify_send(r->st, r->a, who, nwho, full.reporter_id, &n,
                       datetime_now());
}

enum err notify_case_update(struct req *r, const struct case_rec *c)
{
    struct case_rec old;
    struct note n;
    enum err e;

    if ((e = store_case_get(r->st, r->a, c->id, &old)))
        return e;
    if (c->handler_id && c->handler_id != old.handler_id &&
        c->handler_id != r->user->id) {
        case_note(r, &n, &old, "assigned");
        if ((e = notify_send(r->st, r->a, &c->handler_id, 1, 0, &n,
                             datetime_now())))
            return e;
    }
    if (c->feedback && *c->feedback &&
        (!old.feedback || strcmp(old.feedback, c->feedback) != 0) &&
        old.reporter_id != r->user->id) {
        case_note(r, &n, &old, "feedback");
        if ((e = notify_send(r->st, r->a, &old.reporter_id, 1, 0, &n,
                             datetime_now())))
            return e;
    }
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

enum err notify_case_section(struct req *r, struct tv *ctx, int64_t case_id)
{
    struct notification_rec *v;
    struct tv *list;
    size_t i, n;
    enum err e;

    if ((e = store_case_notifications(r->st, r->a, case_id, &v, &n)))
        return e;
    tv_bool(ctx, "has_notifications", n > 0);
    list = tv_list(ctx, "notifications");
    for (i = 0; i < n; i++) {
        struct tv *it = tv_push(list);
        const char *state;

        tv_str(it, "to", v[i].user_name);
        tv_str(it, "deputy_for", v[i].deputy_for_name);
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
    return E_OK;
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
        tv_str(it, "deputy_for", v[i].deputy_for_name);
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
    int64_t last_sweep = datetime_now();
    int stop = 0;

    (void)arg;
    if (store_open(w.db, 0, 0, &st)) {
        fprintf(stderr, "ska: notify: cannot open the database; e-mail "
                        "waits in the outbox, reminders are not sent\n");
        return NULL;
    }
    while (!stop) {
        struct timespec until;

        if (datetime_now() - last_sweep >= SWEEP_SECONDS) {
            last_sweep = datetime_now();
            remind_run(st, last_sweep);
        }
        if (w.url)
            drain(st);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += POLL_SECONDS;
        pthread_mutex_lock(&w.mu);
        if (!w.stop)
            pthread_cond_timedwait(&w.cv, &w.mu, &until);
        stop = w.stop;
        pthread_mutex_unlock(&w.mu);
    }
    if (w.url)
        drain(st); /* best effort at shutdown */
    store_close(st);
    return NULL;
}

/* first_sweep runs the reminders once before the server answers, so that
 * what is due at start is written before anyone looks. */
static void first_sweep(const char *db)
{
    struct store *st = NULL;

    if (store_open(db, 0, 0, &st)) {
        fprintf(stderr, "ska: reminders: cannot open the database\n");
        return;
    }
    remind_run(st, datetime_now());
    store_close(st);
}

enum err notify_start(const char *db, const char *smtp_url, const char *from)
{
    const char *tb = getenv("SKA_TEST_SMTP_BACKOFF"); /* seconds, tests */
    sigset_t sigs, old;
    int rc;

    first_sweep(db);
    w.db = strdup(db);
    /* without SMTP the worker only sweeps; messages wait in the outbox */
    w.url = smtp_url && *smtp_url ? strdup(smtp_url) : NULL;
    w.from = strdup(from && *from ? from : "ska@localhost");
    w.backoff = tb ? strtoll(tb, NULL, 10) : 60;
    if (w.backoff <= 0)
        w.backoff = 60;
    w.stop = 0;
    /* the worker never takes SIGTERM or SIGINT: the server's main thread
     * waits for them (sigwait) to shut down in order */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    rc = !w.db || (smtp_url && *smtp_url && !w.url) || !w.from ||
         curl_global_init(CURL_GLOBAL_DEFAULT) ||
         pthread_create(&w.th, NULL, worker, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
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
