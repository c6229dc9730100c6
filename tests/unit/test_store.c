/* test_store.c: the SQLite store on a temporary database: migrations,
 * units and paths, users, grants with deputies, sessions, the audit chain
 * and its tamper detection, backup. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/auth.h"
#include "datetime.h"
#include "store/store.h"
#include "t.h"

static char dir[] = "/tmp/ska-test-store-XXXXXX";
static char db[256];
static const struct actor who = {0, "test"};

static struct store *open_db(void)
{
    struct store *st = NULL;

    if (store_open(db, 1, 1, &st) != E_OK) {
        fprintf(stderr, "open: %s\n", st ? store_errmsg(st) : "?");
        store_close(st);
        return NULL;
    }
    return st;
}

static int64_t add_unit(struct store *st, int64_t parent, const char *code,
                        const char *kind)
{
    struct unit u = {0};

    u.parent_id = parent;
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.org_nr = parent ? NULL : "232100-0016";
    u.active = 1;
    if (store_begin(st) || store_unit_create(st, &who, &u) ||
        store_commit(st)) {
        store_rollback(st);
        return 0;
    }
    return u.id;
}

T(migrations_are_idempotent)
{
    struct store *st = open_db();
    int have, latest;

    CHECK(st != NULL);
    if (!st)
        return;
    CHECK_INT(store_schema_version(st, &have, &latest), E_OK);
    CHECK(have >= 1);
    CHECK_INT(have, latest);
    store_close(st);
    st = open_db(); /* again: nothing to do, no error */
    CHECK(st != NULL);
    store_close(st);
}

T(units_paths_and_conflicts)
{
    struct store *st = open_db();
    struct arena *a = arena_new();
    struct unit u, dup = {0};
    int64_t re, div, enh;

    re = add_unit(st, 0, "P1", "provider");
    div = add_unit(st, re, "P1-D", "division");
    enh = add_unit(st, div, "P1-D-E", "unit");
    CHECK(re && div && enh);
    CHECK_INT(store_unit_get(st, a, enh, &u), E_OK);
    CHECK_STR(u.path, arena_printf(a, "/%lld/%lld/%lld/", (long long)re,
                                   (long long)div, (long long)enh));
    CHECK_INT(u.provider_id, re);
    dup.parent_id = re;
    dup.code = "P1-D";
    dup.name = "x";
    dup.kind = "unit";
    dup.active = 1;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_unit_create(st, &who, &dup), E_CONFLICT);
    store_rollback(st);
    dup.parent_id = 99999;
    dup.code = "NEW";
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_unit_create(st, &who, &dup), E_NOTFOUND);
    store_rollback(st);
    CHECK_INT(store_unit_by_code(st, a, "NEW", &u), E_NOTFOUND);
    arena_free(a);
    store_close(st);
}

T(grants_follow_deputies_by_date)
{
    struct store *st = open_db();
    struct arena *a = arena_new();
    struct user boss = {0}, dep = {0};
    struct deputy_row d = {0};
    struct unit u;
    struct grant *g;
    size_t n;
    int64_t rid;

    CHECK_INT(store_unit_by_code(st, a, "P1-D", &u), E_OK);
    boss.username = "boss";
    boss.name = "Boss";
    boss.active = 1;
    dep.username = "dep";
    dep.name = "Dep";
    dep.active = 1;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_user_create(st, &who, &boss), E_OK);
    CHECK_INT(store_user_create(st, &who, &dep), E_OK);
    CHECK_INT(store_role_add(st, &who, boss.id, ROLE_MANAGER, u.id, &rid),
              E_OK);
    CHECK_INT(store_role_add(st, &who, boss.id, ROLE_MANAGER, u.id, &rid),
              E_CONFLICT);
    d.absent_user_id = boss.id;
    d.deputy_user_id = dep.id;
    d.valid_from = "2026-07-01";
    d.valid_to = "2026-07-31";
    CHECK_INT(store_deputy_add(st, &who, &d), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_grants(st, a, dep.id, "2026-06-30", &g, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_grants(st, a, dep.id, "2026-07-01", &g, &n), E_OK);
    CHECK_INT(n, 1);
    if (n == 1) {
        CHECK_INT(g[0].role, ROLE_MANAGER);
        CHECK_INT(g[0].deputy_for, boss.id);
        CHECK_STR(g[0].unit_path, u.path);
    }
    CHECK_INT(store_grants(st, a, dep.id, "2026-07-31", &g, &n), E_OK);
    CHECK_INT(n, 1);
    CHECK_INT(store_grants(st, a, dep.id, "2026-08-01", &g, &n), E_OK);
    CHECK_INT(n, 0);
    CHECK_INT(store_grants(st, a, boss.id, "2026-07-15", &g, &n), E_OK);
    CHECK_INT(n, 1);
    arena_free(a);
    store_close(st);
}

T(sessions_and_tokens)
{
    struct store *st = open_db();
    struct arena *a = arena_new();
    unsigned char h[AUTH_HASH_BYTES];
    struct session s;
    struct user u;
    int64_t uid = 0;

    CHECK_INT(store_user_by_username(st, a, "boss", &u), E_OK);
    auth_token_hash("tok", h);
    CHECK_INT(store_session_create(st, h, u.id, "csrf", "127.0.0.1", 1000),
              E_OK);
    CHECK_INT(store_session_get(st, a, h, &s), E_OK);
    CHECK_STR(s.csrf, "csrf");
    CHECK_INT(store_session_touch(st, h, 2000), E_OK);
    CHECK_INT(store_session_expire(st, 1500, 0), E_OK);
    CHECK_INT(store_session_get(st, a, h, &s), E_OK); /* touched */
    CHECK_INT(store_session_expire(st, 2500, 0), E_OK);
    CHECK_INT(store_session_get(st, a, h, &s), E_NOTFOUND);
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_token_create(st, &who, h, u.id, 1000), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_token_user(st, h, &uid), E_OK);
    CHECK_INT(uid, u.id);
    auth_token_hash("other", h);
    CHECK_INT(store_token_user(st, h, &uid), E_NOTFOUND);
    arena_free(a);
    store_close(st);
}

T(audit_chain_detects_tampering)
{
    struct store *st = open_db();
    char bk[300];
    sqlite3 *raw;
    int64_t n, bad;

    CHECK_INT(store_audit_verify(st, &n, &bad), E_OK);
    CHECK(n >= 5);
    CHECK_INT(bad, 0);
    snprintf(bk, sizeof(bk), "%s/backup.db", dir);
    CHECK_INT(store_backup(st, bk), E_OK);
    store_close(st);
    /* edit one entry behind the store's back */
    CHECK_INT(sqlite3_open(db, &raw), SQLITE_OK);
    CHECK_INT(sqlite3_exec(raw,
                           "DROP TRIGGER audit_log_no_update;"
                           "UPDATE audit_log SET actor = 'mallory' "
                           "WHERE id = 3",
                           NULL, NULL, NULL),
              SQLITE_OK);
    sqlite3_close(raw);
    st = open_db();
    CHECK_INT(store_audit_verify(st, &n, &bad), E_OK);
    CHECK_INT(bad, 3);
    store_close(st);
    /* the backup taken before is intact */
    CHECK_INT(store_open(bk, 0, 0, &st), E_OK);
    CHECK_INT(store_audit_verify(st, &n, &bad), E_OK);
    CHECK_INT(bad, 0);
    store_close(st);
}

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof(db), "%s/t.db", dir);
    auth_init();
}

static void teardown(void)
{
    char cmd[300];

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

int main(int argc, char **argv)
{
    static const struct t_case cases[] = {
        T_CASE(migrations_are_idempotent), T_CASE(units_paths_and_conflicts),
        T_CASE(grants_follow_deputies_by_date), T_CASE(sessions_and_tokens),
        T_CASE(audit_chain_detects_tampering)};
    int rc;

    (void)argc;
    setup();
    rc = t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));
    teardown();
    return rc;
}
