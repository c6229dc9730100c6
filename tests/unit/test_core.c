/* test_core.c: authz (roles and subtree scope), org validation, the audit
 * hash and auth (passwords, tokens, throttling). */
#include <string.h>

#include "core/audit.h"
#include "core/auth.h"
#include "core/authz.h"
#include "core/org.h"
#include "names.h"
#include "t.h"

T(name_tables)
{
    static const char *const names[3] = {"a", NULL, "c"};

    CHECK_INT(names_index(names, 3, "c"), 2);
    CHECK_INT(names_index(names, 3, "b"), 3);
    CHECK_INT(names_index(names, 3, NULL), 3);
    CHECK_STR(names_get(names, 3, 0), "a");
    CHECK_STR(names_get(names, 3, 1), "unknown"); /* empty slot */
    CHECK_STR(names_get(names, 3, 3), "unknown");
    CHECK_STR(names_get(names, 3, -1), "unknown");
}

T(roles_round_trip)
{
    int r;

    for (r = 0; r < ROLE__MAX; r++)
        CHECK_INT(role_from_str(role_str((enum role)r)), r);
    CHECK_INT(role_from_str("root"), ROLE__MAX);
    CHECK_INT(role_from_str(NULL), ROLE__MAX);
}

T(role_permissions)
{
    CHECK(role_has(ROLE_ADMIN, PERM_ADMIN));
    CHECK(!role_has(ROLE_QUALITY, PERM_ADMIN));
    CHECK(role_has(ROLE_AUDITOR, PERM_READ));
    CHECK(!role_has(ROLE_AUDITOR, PERM_HANDLE));
    CHECK(!role_has(ROLE_AUDITOR, PERM_REPORT));
    CHECK(role_has(ROLE_STAFF, PERM_REPORT));
    CHECK(!role_has(ROLE_STAFF, PERM_READ));
    CHECK(role_has(ROLE_MANAGER, PERM_MANAGE));
    CHECK(!role_has(ROLE_HANDLER, PERM_MANAGE));
    CHECK(!role_has(ROLE__MAX, PERM_NONE));
}

T(subtree_scope)
{
    struct grant g[2] = {{ROLE_MANAGER, 4, "/1/4/", "K", "Kard", 0},
                         {ROLE_STAFF, 9, "/1/5/9/", "E", "Enhet", 0}};

    CHECK(authz_can(g, 2, PERM_MANAGE, "/1/4/"));
    CHECK(authz_can(g, 2, PERM_MANAGE, "/1/4/12/30/"));
    CHECK(!authz_can(g, 2, PERM_MANAGE, "/1/"));     /* not upwards */
    CHECK(!authz_can(g, 2, PERM_MANAGE, "/1/44/"));  /* not a prefix id */
    CHECK(!authz_can(g, 2, PERM_MANAGE, "/1/5/9/")); /* staff there */
    CHECK(authz_can(g, 2, PERM_REPORT, "/1/5/9/"));
    CHECK(!authz_can(g, 2, PERM_ADMIN, NULL));
    CHECK(authz_can(g, 2, PERM_MANAGE, NULL));
    CHECK(!authz_can(g, 0, PERM_NONE, NULL));
    CHECK(!authz_in_scope("/2/", "/1/2/")); /* other provider */
}

T(org_numbers)
{
    CHECK(org_nr_valid("232100-0016"));
    CHECK(org_nr_valid("2321000016"));
    CHECK(org_nr_valid("556677-8899"));
    CHECK(!org_nr_valid("232100-0017"));
    CHECK(!org_nr_valid("23210-00016"));
    CHECK(!org_nr_valid("232100-00166"));
    CHECK(!org_nr_valid(""));
    CHECK(!org_nr_valid(NULL));
    CHECK(org_hsa_valid("SE2321000016-0101"));
    CHECK(!org_hsa_valid("SE232100001-0101"));
    CHECK(!org_hsa_valid("SE2321000016-"));
    CHECK(!org_hsa_valid("se2321000016-01"));
    CHECK(org_code_valid("LVPS-ECT"));
    CHECK(!org_code_valid("bad code"));
    CHECK(!org_code_valid("ÅÄÖ"));
    CHECK(org_username_valid("chef.psyk"));
    CHECK(!org_username_valid("Chef"));
    CHECK(!org_username_valid("1abc"));
    CHECK(!org_username_valid("a"));
}

T(unit_validation_marks_every_field)
{
    struct unit u = {0};
    struct fielderrs fe = {0};

    u.code = "bad code!";
    u.name = "";
    u.kind = "ward";
    u.hsa_id = "x";
    org_unit_validate(&u, &fe);
    CHECK_STR(fielderr_get(&fe, "code"), "err.unit_code");
    CHECK_STR(fielderr_get(&fe, "name"), "err.required");
    CHECK_STR(fielderr_get(&fe, "kind"), "err.unit_kind");
    CHECK_STR(fielderr_get(&fe, "hsa_id"), "err.hsa_id");

    memset(&fe, 0, sizeof(fe));
    u = (struct unit){0};
    u.code = "RE";
    u.name = "Region";
    u.kind = "provider";
    org_unit_validate(&u, &fe);
    CHECK_STR(fielderr_get(&fe, "org_nr"), "err.required");
    u.org_nr = "232100-0016";
    memset(&fe, 0, sizeof(fe));
    org_unit_validate(&u, &fe);
    CHECK_INT(fe.n, 0);
    u.parent_id = 3; /* a provider cannot have a parent */
    org_unit_validate(&u, &fe);
    CHECK_STR(fielderr_get(&fe, "parent"), "err.provider_root");
    CHECK_INT(unit_depth("/1/4/9/"), 3);
    CHECK_INT(unit_depth("/1/"), 1);
}

static int differs(const struct audit_entry *c, const char *h0)
{
    char h[AUDIT_HASH_HEX];

    audit_hash(c, h);
    return strcmp(h, h0) != 0;
}

T(audit_hash_covers_every_field)
{
    struct audit_entry e = {7,           1700000000,   3,  "admin",
                            "update",    "org_unit",   12, "{\"a\":1}",
                            "{\"a\":2}", AUDIT_GENESIS};
    char h0[AUDIT_HASH_HEX], h[AUDIT_HASH_HEX];
    struct audit_entry c;

    audit_hash(&e, h0);
    CHECK_INT(strlen(h0), 64);
    audit_hash(&e, h);
    CHECK_STR(h, h0); /* deterministic */
    c = e;
    c.id = 8;
    CHECK(differs(&c, h0));
    c = e;
    c.at++;
    CHECK(differs(&c, h0));
    c = e;
    c.actor = "admim";
    CHECK(differs(&c, h0));
    c = e;
    c.after = "{\"a\":3}";
    CHECK(differs(&c, h0));
    c = e;
    c.before = NULL;
    CHECK(differs(&c, h0));
    /* NULL and "" are different, and field boundaries cannot shift */
    c = e;
    c.after = "";
    CHECK(differs(&c, h0));
    {
        struct audit_entry a = e, b = e;
        char ha[AUDIT_HASH_HEX], hb[AUDIT_HASH_HEX];

        a.action = "ab", a.entity = "c";
        b.action = "a", b.entity = "bc";
        audit_hash(&a, ha);
        audit_hash(&b, hb);
        CHECK(strcmp(ha, hb) != 0);
    }
    c = e;
    c.prev_hash = h0;
    CHECK(differs(&c, h0));
}

T(passwords_and_tokens)
{
    char hash[AUTH_PWHASH_MAX], t1[AUTH_TOKEN_CHARS], t2[AUTH_TOKEN_CHARS];
    unsigned char h1[AUTH_HASH_BYTES], h2[AUTH_HASH_BYTES];

    CHECK_INT(auth_init(), 0);
    CHECK_INT(auth_password_hash("korrekt häst batteri", hash), E_OK);
    CHECK(strncmp(hash, "$argon2id$", 10) == 0);
    CHECK(auth_password_verify(hash, "korrekt häst batteri"));
    CHECK(!auth_password_verify(hash, "korrekt hast batteri"));
    CHECK(!auth_password_verify(NULL, "x"));
    CHECK(!auth_password_verify("", "x"));
    CHECK_STR(auth_password_check("kort", NULL), "password.too_short");
    CHECK_STR(auth_password_check("åäöåäöåäö", NULL), "password.too_short");
    CHECK(auth_password_check("åäöåäöåäöå", NULL) == NULL);
    CHECK_STR(auth_password_check("Chef.Psyk1", "chef.psyk1"),
              "password.is_username");
    CHECK_STR(
        auth_password_check("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6", NULL),
        "password.invalid");
    auth_token_new(t1);
    auth_token_new(t2);
    CHECK_INT(strlen(t1), 43);
    CHECK(strcmp(t1, t2) != 0);
    auth_token_hash(t1, h1);
    auth_token_hash(t1, h2);
    CHECK(memcmp(h1, h2, sizeof(h1)) == 0);
    CHECK(auth_equal("abc", "abc"));
    CHECK(!auth_equal("abc", "abd"));
    CHECK(!auth_equal("abc", "abcd"));
}

T(throttling_policy)
{
    CHECK(!auth_throttled(0, 0));
    CHECK(!auth_throttled(AUTH_MAX_USER_FAILS - 1, AUTH_MAX_IP_FAILS - 1));
    CHECK(auth_throttled(AUTH_MAX_USER_FAILS, 0));
    CHECK(auth_throttled(0, AUTH_MAX_IP_FAILS));
}

T_MAIN(T_CASE(name_tables), T_CASE(roles_round_trip), T_CASE(role_permissions),
       T_CASE(subtree_scope), T_CASE(org_numbers),
       T_CASE(unit_validation_marks_every_field),
       T_CASE(audit_hash_covers_every_field), T_CASE(passwords_and_tokens),
       T_CASE(throttling_policy))
