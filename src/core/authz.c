/* authz.c: the role -> permission table and subtree scoping. */
#include "authz.h"

#include <string.h>

#include "names.h"

static const char *const role_names[ROLE__MAX] = {
    [ROLE_ADMIN] = "admin",     [ROLE_QUALITY] = "quality",
    [ROLE_MANAGER] = "manager", [ROLE_HANDLER] = "handler",
    [ROLE_STAFF] = "staff",     [ROLE_AUDITOR] = "auditor",
};

#define P(x) (1u << (x))
/* What each role may do. Auditors read everything in scope, change nothing.
 * Everyone who works in a unit may report from it. */
static const unsigned role_perms[ROLE__MAX] = {
    [ROLE_ADMIN] = P(PERM_NONE) | P(PERM_REPORT) | P(PERM_READ) |
                   P(PERM_ADMIN) | P(PERM_AUDIT_LOG),
    [ROLE_QUALITY] = P(PERM_NONE) | P(PERM_REPORT) | P(PERM_READ) |
                     P(PERM_HANDLE) | P(PERM_QUALITY) | P(PERM_AUDIT_LOG),
    [ROLE_MANAGER] = P(PERM_NONE) | P(PERM_REPORT) | P(PERM_READ) |
                     P(PERM_HANDLE) | P(PERM_MANAGE),
    [ROLE_HANDLER] =
        P(PERM_NONE) | P(PERM_REPORT) | P(PERM_READ) | P(PERM_HANDLE),
    [ROLE_STAFF] = P(PERM_NONE) | P(PERM_REPORT),
    [ROLE_AUDITOR] = P(PERM_NONE) | P(PERM_READ) | P(PERM_AUDIT_LOG),
};
#undef P

enum role role_from_str(const char *s)
{
    return (enum role)names_index(role_names, ROLE__MAX, s);
}

const char *role_str(enum role r)
{
    return (unsigned)r < ROLE__MAX ? role_names[r] : "unknown";
}

int role_has(enum role r, enum perm p)
{
    if ((unsigned)r >= ROLE__MAX || (unsigned)p >= PERM__MAX)
        return 0;
    return (role_perms[r] >> p) & 1u;
}

int authz_in_scope(const char *scope_path, const char *unit_path)
{
    if (!scope_path || !unit_path)
        return 0;
    return strncmp(unit_path, scope_path, strlen(scope_path)) == 0;
}

int authz_can(const struct grant *g, size_t n, enum perm p,
              const char *unit_path)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (!role_has(g[i].role, p))
            continue;
        if (!unit_path || authz_in_scope(g[i].unit_path, unit_path))
            return 1;
    }
    return 0;
}
