/* remind.c: the reminder sweeps (remind.h): case deadlines and actions.
 * Each reminder is one transaction: the reminder_sent row (which refuses a
 * second one for the same deadline), the notifications with their e-mail
 * rows, and the audit entry. */
#include "remind.h"

#include <stdio.h>
#include <string.h>

#include "datetime.h"
#include "notify.h"
#include "store/store_document.h"

#define PAGE 200        /* records read at a time */
#define PROVIDERS_MAX 8 /* care providers' settings kept during a sweep */

/* Add a module's reminders here: one line and a function of its own. */
const struct remind_sweep remind_sweeps[] = {
    {"cases", remind_cases},
    {"actions", remind_actions},
    {"documents", remind_documents},
    {NULL, NULL},
};

void remind_run(struct store *st, int64_t now)
{
    const struct remind_sweep *s;

    for (s = remind_sweeps; s->name; s++)
        if (s->run(st, now) < 0)
            fprintf(stderr, "ska: reminders (%s): %s\n", s->name,
                    store_errmsg(st));
}

/* ---- what every sweep shares ---- */

/* A care provider's time limits and reminder days, read once a sweep. */
struct settings {
    int64_t provider_id;
    struct case_limits l;
    struct remind_settings rs;
};

struct cache {
    struct settings v[PROVIDERS_MAX];
    size_t n, next;
};

static const struct settings *settings_of(struct store *st, struct cache *c,
                                          int64_t provider_id)
{
    struct settings *s;
    size_t i;

    for (i = 0; i < c->n; i++)
        if (c->v[i].provider_id == provider_id)
            return &c->v[i];
    if (c->n < PROVIDERS_MAX) {
        s = &c->v[c->n++];
    } else {
        s = &c->v[c->next];
        c->next = (c->next + 1) % PROVIDERS_MAX;
    }
    s->provider_id = provider_id;
    if (store_provider_limits(st, provider_id, &s->l, &s->rs)) {
        case_limits_default(&s->l);
        remind_settings_default(&s->rs);
    }
    return s;
}

static const char *date_of(struct arena *a, int64_t t)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_date_sv(&b, t);
    s = b.err ? NULL : arena_strdup(a, b.p);
    buf_release(&b);
    return s;
}

/* Whom a reminder concerns. */
struct target {
    const char *unit_path;
    int64_t owner;     /* handler or responsible; 0 = the managers */
    int64_t follow_up; /* 0 = nobody */
};

/* recipients collects the users of the set who (enum remind_who). */
static enum err recipients(struct store *st, struct arena *a,
                           const struct target *tg, unsigned who, int64_t **out,
                           size_t *n)
{
    int64_t *mgr = NULL, *qual = NULL, *v;
    size_t nm = 0, nq = 0, k = 0;
    enum err e;

    if ((who & RW_MANAGER || (who & RW_OWNER && !tg->owner)) &&
        (e = store_unit_managers(st, a, tg->unit_path, &mgr, &nm)))
        return e;
    if (who & RW_QUALITY &&
        (e = store_unit_role_holders(st, a, tg->unit_path, ROLE_QUALITY, &qual,
                                     &nq)))
        return e;
    if (!(v = arena_alloc(a, (nm + nq + 2) * sizeof(*v))))
        return E_NOMEM;
    if (who & RW_OWNER && tg->owner)
        v[k++] = tg->owner;
    if (who & RW_FOLLOW_UP && tg->follow_up)
        v[k++] = tg->follow_up;
    if (nm && (who & RW_MANAGER || (who & RW_OWNER && !tg->owner))) {
        memcpy(v + k, mgr, nm * sizeof(*v));
        k += nm;
    }
    if (nq && who & RW_QUALITY) {
        memcpy(v + k, qual, nq * sizeof(*v));
        k += nq;
    }
    *out = v;
    *n = k;
    return E_OK;
}

/* remind_one sends the reminder due now for the deadline at due (key k,
 * settings rs) to the people of tg: 1 when sent, 0 when nothing was due or
 * it was sent before, -1 on a database error. n is the note without its
 * kind. */
static int remind_one(struct store *st, struct arena *a,
                      const struct remind_settings *rs, enum remind_clock clock,
                      const struct remind_key *k, int64_t due, int64_t now,
                      const struct target *tg, struct note *n)
{
    enum remind_stage stage = remind_next(rs, clock, due, now, 0);
    struct buf detail;
    unsigned sent;
    int64_t *to;
    size_t nto, i;
    enum err e;

    if (stage == RS_NONE)
        return 0; /* the common case: no query */
    if (store_reminder_sent(st, k, &sent))
        return -1;
    if ((stage = remind_next(rs, clock, due, now, sent)) == RS_NONE)
        return 0;
    n->kind = arena_printf(a, "remind_%s", remind_stage_str(stage));
    n->deadline = k->deadline;
    if (store_begin(st))
        return -1;
    if ((e = recipients(st, a, tg, remind_recipients(clock, stage), &to, &nto)))
        goto fail;
    buf_init(&detail, 4096);
    for (i = 0; i < nto; i++)
        buf_addf(&detail, "%s%lld", i ? "," : "", (long long)to[i]);
    e = store_reminder_mark(st, k, stage, now, detail.p);
    buf_release(&detail);
    if (e == E_CONFLICT) { /* sent meanwhile */
        store_rollback(st);
        return 0;
    }
    if (e || (e = notify_send(st, a, to, nto, 0, n, now)) ||
        (e = store_commit(st)))
        goto fail;
    return 1;
fail:
    store_rollback(st);
    return -1;
}

/* ---- cases: state limits, Lex Maria, complaint answers ---- */

static int case_clocks(struct store *st, struct arena *a, struct cache *pc,
                       const struct case_rec *c, int64_t now)
{
    const struct settings *s = settings_of(st, pc, c->provider_id);
    struct target tg = {c->unit_path, c->handler_id, 0};
    struct case_clock ck;
    struct remind_key k = {NULL, "case", NULL, c->id};
    struct note n = {0};
    int sent = 0, rc;

    case_clock_of(&s->l, c, now, &ck);
    n.case_id = c->id;
    n.number = c->number;
    n.unit = c->unit_name;
    n.link = arena_printf(a, "/cases/%lld", (long long)c->id);
    if (ck.state_due) {
        k.kind = arena_printf(a, "state.%s", c->state);
        k.deadline = date_of(a, ck.state_due);
        n.clock = "state";
        if ((rc = remind_one(st, a, &s->rs, RC_STATE, &k, ck.state_due, now,
                             &tg, &n)) < 0)
            return -1;
        sent += rc;
    }
    if (ck.lm_due && !c->lm_done_at) {
        k.kind = "lex_maria";
        k.deadline = date_of(a, ck.lm_due);
        n.clock = "lex_maria";
        if ((rc = remind_one(st, a, &s->rs, RC_LEX_MARIA, &k, ck.lm_due, now,
                             &tg, &n)) < 0)
            return -1;
        sent += rc;
    }
    if (ck.answer_due && !c->answered_at) {
        k.kind = "complaint";
        k.deadline = date_of(a, ck.answer_due);
        n.clock = "complaint";
        if ((rc = remind_one(st, a, &s->rs, RC_COMPLAINT, &k, ck.answer_due,
                             now, &tg, &n)) < 0)
            return -1;
        sent += rc;
    }
    return sent;
}

long remind_cases(struct store *st, int64_t now)
{
    struct cache pc = {0};
    int64_t after = 0;
    long sent = 0;

    for (;;) {
        struct arena *a = arena_new();
        struct case_rec *v;
        size_t i, n;
        int rc = 0;

        if (!a)
            return -1;
        if (store_remind_cases(st, a, after, PAGE, &v, &n)) {
            arena_free(a);
            return -1;
        }
        for (i = 0; i < n && rc >= 0; i++)
            if ((rc = case_clocks(st, a, &pc, &v[i], now)) > 0)
                sent += rc;
        after = n ? v[n - 1].id : after;
        arena_free(a);
        if (rc < 0)
            return -1;
        if (n < PAGE)
            return sent;
    }
}

/* ---- the action register ---- */

long remind_actions(struct store *st, int64_t now)
{
    struct cache pc = {0};
    int64_t after = 0;
    long sent = 0;

    for (;;) {
        struct arena *a = arena_new();
        struct remind_action *v;
        size_t i, n;
        int rc = 0;

        if (!a)
            return -1;
        if (store_remind_actions(st, a, after, PAGE, &v, &n)) {
            arena_free(a);
            return -1;
        }
        for (i = 0; i < n && rc >= 0; i++) {
            const struct action_rec *x = &v[i].rec;
            const struct settings *s = settings_of(st, &pc, v[i].provider_id);
            struct target tg = {x->unit_path, x->responsible_id,
                                x->follow_up_id};
            struct remind_key k = {"action", "action", x->due_date, x->id};
            struct note nt = {0};
            int64_t due;

            /* overdue from the day after the due date (action.h) */
            if (datetime_parse_iso(x->due_date, &due))
                continue;
            due += CASE_DAY;
            nt.action_id = x->id;
            nt.case_id = strcmp(x->source, "case") == 0 ? x->source_id : 0;
            nt.what = x->what;
            nt.unit = x->unit_name;
            nt.clock = "action";
            nt.link = "/actions";
            if ((rc = remind_one(st, a, &s->rs, RC_ACTION, &k, due, now, &tg,
                                 &nt)) > 0)
                sent += rc;
        }
        after = n ? v[n - 1].rec.id : after;
        arena_free(a);
        if (rc < 0)
            return -1;
        if (n < PAGE)
            return sent;
    }
}

/* ---- controlled documents: review dates (store_document.c) ---- */

long remind_documents(struct store *st, int64_t now)
{
    int reminded = 0, escalated = 0;

    if (store_begin(st) != E_OK)
        return -1;
    if (store_document_reminders(st, now, 0, &reminded, &escalated) != E_OK) {
        store_rollback(st);
        return -1;
    }
    if (store_commit(st) != E_OK)
        return -1;
    return (long)reminded + escalated;
}
