/* test_store_status.c: the status figures, the register's list with its
 * filters, links, assessments and their audit entries, snapshots and the
 * responsibility rows, on a temporary database with fixture processes,
 * documents, indicator data and actions written with plain SQL (their
 * own store code lives in other modules). Every figure is checked. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/requirement.h"
#include "datetime.h"
#include "store/store.h"
#include "t.h"

static char dir[] = "/tmp/ska-test-status-XXXXXX";
static char db[256];
static const struct actor who = {0, "test"};
static struct store *st;
static struct arena *keep;
static sqlite3 *raw;
static char today[16], past[16], month[8], old_month[32];
/* the fixture */
static struct unit P, A, A1, B, Q;
static int64_t u_owner, u_lead, u_left, u_many;
static int64_t p1, p2, p3, p4, p5, d1, d2, d3, d4, d5;
static int64_t r_own;

/* run executes sql with int64 (i) and text (t) binds; returns the last
 * insert rowid, or -1 on failure. */
static int64_t run(const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *s = NULL;
    va_list ap;
    int i, rc;

    if (sqlite3_prepare_v2(raw, sql, -1, &s, NULL) != SQLITE_OK) {
        fprintf(stderr, "prepare: %s\n", sqlite3_errmsg(raw));
        return -1;
    }
    va_start(ap, fmt);
    for (i = 1; *fmt; fmt++, i++) {
        if (*fmt == 'i')
            sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
        else
            sqlite3_bind_text(s, i, va_arg(ap, const char *), -1,
                              SQLITE_TRANSIENT);
    }
    va_end(ap);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "step: %s\n", sqlite3_errmsg(raw));
        return -1;
    }
    return sqlite3_last_insert_rowid(raw);
}

static int add_unit(struct unit *u, int64_t parent, const char *code,
                    const char *kind)
{
    memset(u, 0, sizeof(*u));
    u->parent_id = parent;
    u->code = code;
    u->name = code;
    u->kind = kind;
    u->active = 1;
    if (store_begin(st) || store_unit_create(st, &who, u) || store_commit(st)) {
        store_rollback(st);
        return -1;
    }
    /* read it back for its path, kept in a long-lived arena */
    return store_unit_get(st, keep, u->id, u) == E_OK ? 0 : -1;
}

static int64_t add_user(const char *name, int64_t home, int active)
{
    struct user u = {0};

    u.username = name;
    u.name = name;
    u.lang = "sv";
    u.active = active;
    u.home_unit_id = home;
    if (store_begin(st) || store_user_create(st, &who, &u) ||
        store_commit(st)) {
        store_rollback(st);
        return 0;
    }
    return u.id;
}

static int64_t add_process(const struct unit *u, const char *kind,
                           const char *code, int64_t owner, int64_t lead,
                           const char *targets, int active)
{
    return run("INSERT INTO process (provider_id, unit_id, path, kind, code, "
               "name, owner_id, lead_id, quality_requirements, "
               "target_levels, active, created_at, updated_at) VALUES (?1, "
               "?2, '/p' || ?4 || ?5 || '/', ?3, ?4, ?4, nullif(?6, 0), "
               "nullif(?7, 0), nullif(?8, ''), nullif(?8, ''), ?9, 0, 0)",
               "iittiiiti", u->provider_id, u->id, kind, code, (int64_t)0,
               owner, lead, targets, (int64_t)active);
}

static int64_t add_doc(const struct unit *u, const char *code,
                       const char *state, const char *review_due, int64_t owner)
{
    return run("INSERT INTO document (provider_id, unit_id, code, title, "
               "doc_type, owner_id, approver_id, state, review_due, "
               "created_at, updated_at) VALUES (?1, ?2, ?3, ?3, 'routine', "
               "?4, ?4, ?5, nullif(?6, ''), 0, 0)",
               "iitits", u->provider_id, u->id, code, owner, state, review_due);
}

static int fixture(void)
{
    int64_t ind, t = datetime_now();
    struct buf b;

    buf_init(&b, 64);
    datetime_fmt_date_sv(&b, t);
    snprintf(today, sizeof(today), "%s", b.p);
    buf_clear(&b);
    datetime_fmt_date_sv(&b, t - 40 * 86400);
    snprintf(past, sizeof(past), "%s", b.p);
    buf_release(&b);
    snprintf(month, sizeof(month), "%.7s", today);
    snprintf(old_month, sizeof(old_month), "%04d%.3s",
             (int)strtol(today, NULL, 10) - 2, today + 4);
    if (add_unit(&P, 0, "P", "provider") ||
        add_unit(&A, P.id, "A", "department") ||
        add_unit(&A1, A.id, "A1", "unit") ||
        add_unit(&B, P.id, "B", "department") ||
        add_unit(&Q, 0, "Q", "provider"))
        return -1;
    u_owner = add_user("owner", A.id, 1);
    u_lead = add_user("lead", A.id, 1);
    u_left = add_user("left", A1.id, 0);
    u_many = add_user("many", B.id, 1);
    if (sqlite3_open(db, &raw) != SQLITE_OK)
        return -1;
    p1 = add_process(&A, "core", "P1", u_owner, u_lead, "mål", 1);
    p2 = add_process(&A1, "core", "P2", u_left, u_lead, "", 1);
    p3 = add_process(&B, "core", "P3", 0, 0, "", 1);
    p4 = add_process(&A, "support", "P4", u_owner, 0, "", 1);
    p5 = add_process(&A, "core", "P5", 0, 0, "", 0);
    run("UPDATE process SET path = '/' || id || '/'", "");
    d1 = add_doc(&A, "D1", "approved", "2099-01-01", u_owner);
    d2 = add_doc(&A1, "D2", "approved", past, u_left);
    d3 = add_doc(&B, "D3", "draft", "", u_many);
    d4 = add_doc(&B, "D4", "approved", "", u_many);
    d5 = add_doc(&Q, "D5", "approved", past, u_many);
    run("INSERT INTO document_process VALUES (?1, ?2), (?3, ?4), (?5, ?6)",
        "iiiiii", d1, p1, d2, p2, d3, p3);
    ind = run("INSERT INTO indicator (provider_id, code, name, direction, "
              "dimension, created_at, updated_at) VALUES (?1, 'I1', 'I1', "
              "'higher', 'safe', 0, 0)",
              "i", P.id);
    run("INSERT INTO process_indicator VALUES (?1, ?2), (?3, ?2)", "iii", p1,
        ind, p2);
    run("INSERT INTO indicator_rollup VALUES (?1, ?2, ?3, 1, 0, 0, 0, 0, 1, "
        "5), (?4, ?2, ?5, 1, 0, 0, 0, 0, 1, 5)",
        "iitit", A.id, ind, month, A1.id, old_month);
    /* actions: open and overdue at A1, done (open) at A, evaluated at B,
     * and an overdue one of the other provider */
    run("INSERT INTO action (source, source_id, unit_id, what, "
        "responsible_id, due_date, state, created_at, updated_at) VALUES "
        "('case', 1, ?1, 'a', ?4, ?5, 'planned', 0, 0), ('case', 1, ?2, 'b', "
        "?4, ?5, 'done', 0, 0), ('case', 1, ?3, 'c', ?4, ?5, 'evaluated', 0, "
        "0), ('case', 1, ?6, 'd', ?4, ?5, 'planned', 0, 0)",
        "iiiiti", A1.id, A.id, B.id, u_owner, past, Q.id);
    return p1 > 0 && p5 > 0 && d5 > 0 && ind > 0 ? 0 : -1;
}

static int64_t req_id_of(const char *code)
{
    struct req_filter f = {0};
    struct req_row *rows;
    struct arena *a = arena_new();
    int64_t id = 0;
    size_t i, n;

    f.provider_id = P.id;
    if (store_requirement_list(st, a, &f, &rows, &n) == E_OK)
        for (i = 0; i < n; i++)
            if (strcmp(rows[i].q.code, code) == 0)
                id = rows[i].q.id;
    arena_free(a);
    return id;
}

static enum err assess(int64_t req, int64_t unit, const char *status,
                       const char *on, int months)
{
    struct req_assessment x = {0};
    struct actor me = {u_owner, "owner"};
    char next[16];
    enum err e;

    x.requirement_id = req;
    x.unit_id = unit;
    x.status = status;
    x.evidence = "underlag";
    x.assessed_on = on;
    if (requirement_add_months(on, months, next))
        return E_INVAL;
    x.next_review = next;
    if ((e = store_begin(st)) || (e = store_requirement_assess(st, &me, &x)) ||
        (e = store_commit(st)))
        store_rollback(st);
    return e;
}

static struct status_figures figures(const struct unit *u)
{
    struct status_figures f;
    char since[32];

    snprintf(since, sizeof(since), "%04d%.3s", (int)strtol(today, NULL, 10) - 1,
             today + 4);
    CHECK_INT(
        store_status_figures(st, u->path, u->provider_id, today, since, &f),
        E_OK);
    return f;
}

T(seeded_register)
{
    struct req_filter f = {0};
    struct arena *a = arena_new();
    struct req_row *rows;
    const char **statutes;
    size_t n, ns;

    f.provider_id = P.id;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 40);
    CHECK_STR(rows[0].q.code, "SOSFS 2011:9 1:1"); /* register order */
    CHECK_INT(store_requirement_statutes(st, a, P.id, &statutes, &ns), E_OK);
    CHECK_INT(ns, 4);
    CHECK_STR(statutes[0], "SOSFS 2011:9");
    CHECK_STR(statutes[3], "SFS 2017:30");
    CHECK(req_id_of("SOSFS 2011:9 3:3") > 0);
    CHECK(req_id_of("HSLF-FS 2017:40 3:4") > 0);
    CHECK(req_id_of("PSL 6:4") > 0);
    CHECK(req_id_of("HSL 5:4") > 0);
    arena_free(a);
}

T(own_requirements_stay_with_their_provider)
{
    struct requirement_rec q = {0};
    struct req_filter f = {0};
    struct arena *a = arena_new();
    struct req_row *rows;
    struct audit_row *au;
    size_t n;

    q.provider_id = P.id;
    q.code = "P-LOK 1";
    q.statute = "Regional riktlinje";
    q.statute_title = "Läkemedel";
    q.summary = "Låst förvaring";
    q.review_months = 12;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_requirement_create(st, &who, &q), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    r_own = q.id;
    q.id = 0;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_requirement_create(st, &who, &q), E_CONFLICT);
    store_rollback(st);
    f.provider_id = P.id;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 41);
    CHECK_STR(rows[n - 1].q.code, "P-LOK 1"); /* own ones last */
    f.provider_id = Q.id;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 40);
    CHECK_INT(store_audit_list(st, a, "requirement", r_own, 0, 10, &au, &n),
              E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(au[0].action, "create");
    arena_free(a);
}

T(links_and_assessments)
{
    int64_t r1 = req_id_of("SOSFS 2011:9 3:1"),
            r2 = req_id_of("SOSFS 2011:9 3:2"),
            r3 = req_id_of("SOSFS 2011:9 3:3");
    struct arena *a = arena_new();
    struct req_assessment *h;
    struct req_filter f = {0};
    struct req_link *l, t;
    struct req_row *rows;
    struct audit_row *au;
    size_t n;

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_requirement_link(st, &who, r1, "process", p1, 1), E_OK);
    CHECK_INT(store_requirement_link(st, &who, r1, "document", d1, 1), E_OK);
    CHECK_INT(store_requirement_link(st, &who, r1, "process", p1, 1),
              E_CONFLICT);
    CHECK_INT(store_requirement_link(st, &who, r2, "process", p1, 0),
              E_NOTFOUND);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_requirement_links(st, a, r1, "process", P.id, &l, &n),
              E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(l[0].code, "P1");
    CHECK_INT(store_requirement_links(st, a, r1, "process", Q.id, &l, &n),
              E_OK);
    CHECK_INT(n, 0); /* another provider sees none of P's links */
    CHECK_INT(store_requirement_links(st, a, r1, "document", P.id, &l, &n),
              E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(l[0].state, "approved");
    CHECK_INT(store_requirement_link_get(st, a, "document", d2, &t), E_OK);
    CHECK_STR(t.unit_path, A1.path);
    CHECK_INT(store_requirement_link_options(st, a, "process", P.id, &l, &n),
              E_OK);
    CHECK_INT(n, 4); /* active processes of P */
    /* r1 at A1 two years ago (overdue), r2 at A today (met), r3 at B */
    CHECK_INT(assess(r1, A1.id, "partly_met", "2024-01-10", 12), E_OK);
    CHECK_INT(assess(r2, A.id, "met", today, 12), E_OK);
    CHECK_INT(assess(r3, B.id, "not_met", today, 12), E_OK);
    CHECK_INT(store_requirement_history(st, a, r1, A.path, &h, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(h[0].next_review, "2025-01-10");
    CHECK_STR(h[0].assessor_name, "owner");
    CHECK_INT(store_requirement_history(st, a, r1, B.path, &h, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_audit_list(st, a, "requirement", r1, 0, 10, &au, &n), E_OK);
    CHECK_INT(n, 3); /* two links and one assessment */
    CHECK_STR(au[0].action, "assess");
    CHECK(strstr(au[0].after, "partly_met") != NULL);
    /* the register's filters for unit A */
    f.provider_id = P.id;
    f.unit_id = A.id;
    f.scope_path = A.path;
    f.today = today;
    f.status = "met";
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].q.id, r2);
    CHECK_STR(rows[0].unit_status, "met");
    f.status = "not_assessed"; /* includes never assessed at A */
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 40);
    f.status = NULL;
    f.overdue = 1;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(rows[0].q.id, r1);
    CHECK_INT(rows[0].n_partly, 1);
    CHECK_INT(rows[0].n_overdue, 1);
    CHECK(rows[0].unit_status == NULL); /* assessed at A1, not at A */
    CHECK_INT(rows[0].q.n_processes, 1);
    CHECK_INT(rows[0].q.n_documents, 1);
    f.overdue = 0;
    f.never_assessed = 1;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 39); /* 41 less r1 and r2 */
    f.never_assessed = 0;
    f.no_process = 1;
    CHECK_INT(store_requirement_list(st, a, &f, &rows, &n), E_OK);
    CHECK_INT(n, 40);
    arena_free(a);
}

T(status_figures_region)
{
    struct status_figures f = figures(&P);

    CHECK_INT(f.core_total, 3);        /* P1, P2, P3; not P4, P5 */
    CHECK_INT(f.core_owner_lead, 1);   /* P2's owner left, P3 has none */
    CHECK_INT(f.core_current_docs, 1); /* D2 overdue, D3 a draft */
    CHECK_INT(f.core_quality_targets, 1);
    CHECK_INT(f.core_indicator_data, 1); /* P2's data is two years old */
    CHECK_INT(f.docs_approved, 3);       /* D1, D2, D4; D5 is Q's */
    CHECK_INT(f.docs_overdue, 1);
    CHECK_INT(f.req_total, 41);
    CHECK_INT(f.req_no_process, 40);
    CHECK_INT(f.req_never_assessed, 38);
    CHECK_INT(f.req_overdue, 1);
    CHECK_INT(f.actions_open, 2);
    CHECK_INT(f.actions_overdue, 1);
}

T(status_figures_subtree)
{
    struct status_figures f = figures(&A), g;
    int64_t r1 = req_id_of("SOSFS 2011:9 3:1");

    CHECK_INT(f.core_total, 2);
    CHECK_INT(f.core_owner_lead, 1);
    CHECK_INT(f.docs_approved, 2);
    CHECK_INT(f.docs_overdue, 1);
    CHECK_INT(f.req_never_assessed, 39);
    CHECK_INT(f.actions_open, 2);
    f = figures(&B);
    CHECK_INT(f.core_total, 1);
    CHECK_INT(f.core_owner_lead, 0);
    CHECK_INT(f.core_indicator_data, 0);
    CHECK_INT(f.req_overdue, 0);
    CHECK_INT(f.actions_open, 0);
    /* a new assessment replaces the overdue one */
    CHECK_INT(assess(r1, A1.id, "met", today, 12), E_OK);
    g = figures(&P);
    CHECK_INT(g.req_overdue, 0);
    CHECK_INT(g.req_never_assessed, 38);
}

T(status_items)
{
    struct arena *a = arena_new();
    struct status_item *x;
    size_t n;

    CHECK_INT(store_status_items(st, a, "core_no_owner_lead", P.path, today,
                                 "2000-01", &x, &n),
              E_OK);
    CHECK_INT(n, 2);
    CHECK_STR(x[0].code, "P2");
    CHECK_STR(x[1].code, "P3");
    CHECK_INT(store_status_items(st, a, "docs_overdue", P.path, today,
                                 "2000-01", &x, &n),
              E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(x[0].code, "D2");
    CHECK_STR(x[0].detail, past);
    CHECK_INT(store_status_items(st, a, "core_no_current_docs", A.path, today,
                                 "2000-01", &x, &n),
              E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(
        store_status_items(st, a, "nope", P.path, today, "2000-01", &x, &n),
        E_INVAL);
    arena_free(a);
}

T(snapshots)
{
    struct status_snapshot s = {0}, g, *l;
    struct arena *a = arena_new();
    struct actor me = {u_owner, "owner"};
    size_t n;

    s.unit_id = A.id;
    s.label = "Årsrapport 2025";
    s.figures = "{\"figures\":{\"core_total\":2}}";
    s.taken_at = 1700000000;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_snapshot_add(st, &me, &s), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_snapshot_get(st, a, s.id, &g), E_OK);
    CHECK_STR(g.label, "Årsrapport 2025");
    CHECK_STR(g.taken_by_name, "owner");
    CHECK_INT(g.taken_at, 1700000000);
    CHECK_INT(store_snapshot_list(st, a, P.path, &l, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(store_snapshot_list(st, a, B.path, &l, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_snapshot_get(st, a, s.id + 1, &g), E_NOTFOUND);
    arena_free(a);
}

static const struct resp_row *find(const struct resp_row *x, size_t n,
                                   enum resp_kind k, const char *code)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (x[i].kind == k && x[i].object_code &&
            strcmp(x[i].object_code, code) == 0)
            return &x[i];
    return NULL;
}

/* gaps_of: the row's gaps with its holder's total from t */
static unsigned gaps_of(const struct resp_row *x, const struct resp_tally *t)
{
    const struct resp_person *p = x ? resp_person_of(t, x->holder_id) : NULL;
    struct resp_row c;

    if (!x)
        return 0;
    c = *x;
    c.holder_total = p ? p->total : 0;
    return resp_gaps(&c);
}

/* read_all: the groups tallied, every row of the smaller kinds and every
 * one with a gap, for the subtree of path */
static void read_all(struct arena *a, const char *path, struct resp_tally *t,
                     struct resp_row **x, size_t *n, struct resp_row **gx,
                     size_t *ngx)
{
    struct resp_person *people;
    struct resp_group *g;
    size_t ng;

    CHECK_INT(store_resp_groups(st, a, path, today, &g, &ng), E_OK);
    people = arena_alloc(a, (ng + 1) * sizeof(*people));
    resp_tally(g, ng, people, t);
    CHECK_INT(store_resp_rows(st, a, path, today, 1000, x, n), E_OK);
    CHECK_INT(store_resp_gaps(st, a, path, today, 1000, gx, ngx), E_OK);
}

/* the gap rows the SQL selects are exactly those the core's rules flag,
 * and the counts of the groups match the rows */
static void check_consistent(const struct resp_tally *t,
                             const struct resp_row *x, size_t n,
                             const struct resp_row *gx, size_t ngx)
{
    int64_t by_kind[RK__MAX] = {0}, flagged = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        CHECK(x[i].kind < RK_DOCUMENT_OWNER);
        by_kind[x[i].kind]++;
        flagged += (gaps_of(&x[i], t) & ~(unsigned)RG_TOO_MANY) != 0;
    }
    for (i = 0; i < RK_DOCUMENT_OWNER; i++)
        CHECK_INT(by_kind[i], t->by_kind[i]);
    CHECK_INT(flagged, (int64_t)ngx);
    CHECK_INT(t->gap_rows - t->gaps_by_kind[RK_DOCUMENT_OWNER], (int64_t)ngx);
    for (i = 0; i < ngx; i++)
        CHECK(gaps_of(&gx[i], t) & ~(unsigned)RG_TOO_MANY);
}

T(responsibility_rows)
{
    struct arena *a = arena_new();
    const struct resp_row *m;
    const struct resp_person *pp;
    struct resp_row *x, *gx;
    struct resp_deputy *d;
    struct deputy_row dep = {0};
    struct resp_tally t;
    int64_t rid;
    size_t n, ngx, i;

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_role_add(st, &who, u_owner, ROLE_MANAGER, A.id, &rid),
              E_OK);
    CHECK_INT(store_role_add(st, &who, u_lead, ROLE_QUALITY, P.id, &rid), E_OK);
    dep.absent_user_id = u_owner;
    dep.deputy_user_id = u_lead;
    dep.valid_from = today;
    dep.valid_to = "2099-12-31";
    CHECK_INT(store_deputy_add(st, &who, &dep), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    read_all(a, A.path, &t, &x, &n, &gx, &ngx);
    check_consistent(&t, x, n, gx, ngx);
    m = find(x, n, RK_MANAGER, "A");
    CHECK(m && m->holder_id == u_owner && !m->inherited && gaps_of(m, &t) == 0);
    CHECK(m && m->deputy_id == u_lead);
    CHECK(find(gx, ngx, RK_MANAGER, "A") == NULL);
    m = find(x, n, RK_MANAGER, "A1");
    CHECK(m && m->holder_id == u_owner && m->inherited);
    m = find(x, n, RK_QUALITY, "P");
    CHECK(m && m->holder_id == u_lead && m->inherited); /* from above */
    m = find(gx, ngx, RK_PROCESS_OWNER, "P2");
    CHECK(m && (gaps_of(m, &t) & RG_INACTIVE));
    m = find(gx, ngx, RK_PROCESS_LEAD, "P1");
    CHECK(m && (gaps_of(m, &t) & RG_NO_DEPUTY));
    CHECK(find(x, n, RK_PROCESS_OWNER, "P3") == NULL);  /* B's */
    CHECK(find(x, n, RK_DOCUMENT_OWNER, "D1") == NULL); /* counted only */
    /* the documents: D1 (owner), D2 (left: inactive, no deputy) */
    CHECK_INT(t.by_kind[RK_DOCUMENT_OWNER], 2);
    CHECK_INT(t.gaps_by_kind[RK_DOCUMENT_OWNER], 2); /* neither has one */
    pp = resp_person_of(&t, u_left);
    CHECK(pp && pp->docs == 1 && pp->docs_no_deputy == 1 && !pp->active);
    CHECK(pp && (pp->doc_gaps & RG_INACTIVE));
    /* owner: manager of A (A1 inherited, not counted), P1 and P4 owner,
     * D1 owner */
    pp = resp_person_of(&t, u_owner);
    CHECK(pp && pp->total == 4 && pp->docs == 1);
    CHECK_INT(t.too_many, 0);
    /* a page per kind, a limit on the gaps */
    CHECK_INT(store_resp_rows(st, a, A.path, today, 1, &x, &n), E_OK);
    for (i = 1; i < n; i++)
        CHECK(x[i].kind > x[i - 1].kind);
    CHECK_INT(store_resp_gaps(st, a, A.path, today, 1, &gx, &ngx), E_OK);
    CHECK_INT(ngx, 1);

    /* one person with too many: "many" owns D3, D4 and 8 more in B, one
     * with a deputy who has left; D5 is the other provider's */
    for (i = 0; i < 8; i++)
        CHECK(add_doc(&B, arena_printf(a, "DM%zu", i), "approved", "", u_many) >
              0);
    run("UPDATE document SET deputy_id = ?1 WHERE code = 'DM0'", "i", u_left);
    run("INSERT INTO document (provider_id, unit_id, code, title, doc_type, "
        "owner_id, approver_id, state, created_at, updated_at) VALUES (?1, "
        "?2, 'DX', 'DX', 'routine', ?3, ?3, 'archived', 0, 0)",
        "iii", B.provider_id, B.id, u_many);
    read_all(a, P.path, &t, &x, &n, &gx, &ngx);
    check_consistent(&t, x, n, gx, ngx);
    m = find(gx, ngx, RK_PROCESS_OWNER, "P3");
    CHECK(m && m->holder_id == 0 && (gaps_of(m, &t) & RG_NOBODY));
    m = find(gx, ngx, RK_MANAGER, "B");
    CHECK(m && m->holder_id == 0 && (gaps_of(m, &t) & RG_NOBODY));
    m = find(x, n, RK_MANAGER, "P");
    CHECK(m && m->holder_id == 0 && gaps_of(m, &t) == 0); /* no must */
    CHECK(find(gx, ngx, RK_MANAGER, "P") == NULL);
    pp = resp_person_of(&t, u_many);
    CHECK(pp && pp->total == 10 && pp->docs == 10); /* not DX, not D5 */
    CHECK(pp && pp->docs_no_deputy == 9 && pp->docs_deputy_inactive == 1);
    CHECK_INT(t.too_many, 1);
    CHECK_INT(t.by_kind[RK_DOCUMENT_OWNER], 12);
    CHECK_INT(t.gaps_by_kind[RK_DOCUMENT_OWNER], 12);
    CHECK_INT(t.rows, t.by_kind[0] + t.by_kind[1] + t.by_kind[2] +
                          t.by_kind[3] + t.by_kind[4] + 12);
    CHECK_INT(store_resp_deputies(st, a, A.path, today, &d, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_STR(d[0].absent_name, "owner");
    CHECK_INT(store_resp_deputies(st, a, B.path, today, &d, &n), E_OK);
    CHECK_INT(n, 0);
    arena_free(a);
}

static void setup(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(db, sizeof(db), "%s/t.db", dir);
    keep = arena_new();
    if (store_open(db, 1, 1, &st) != E_OK || fixture()) {
        fprintf(stderr, "fixture failed: %s\n", st ? store_errmsg(st) : "?");
        exit(1);
    }
}

static void teardown(void)
{
    char p[300];

    sqlite3_close(raw);
    store_close(st);
    arena_free(keep);
    snprintf(p, sizeof(p), "%s-wal", db);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", db);
    unlink(p);
    unlink(db);
    rmdir(dir);
}

T(start)
{
    setup();
}

T(stop)
{
    teardown();
}

T_MAIN(T_CASE(start), T_CASE(seeded_register),
       T_CASE(own_requirements_stay_with_their_provider),
       T_CASE(links_and_assessments), T_CASE(status_figures_region),
       T_CASE(status_figures_subtree), T_CASE(status_items), T_CASE(snapshots),
       T_CASE(responsibility_rows), T_CASE(stop))
