/* authz.h: roles, permissions and the authorisation rule. A user holds
 * grants (a role at a unit); a grant covers the unit's whole subtree, which
 * is identified by its materialised path ("/1/4/9/"). Care providers are the
 * tree's roots, so a grant never crosses from one provider to another.
 * Pure logic: the store loads the grants, the web layer asks here. */
#ifndef SKA_AUTHZ_H
#define SKA_AUTHZ_H

#include <stddef.h>
#include <stdint.h>

enum role {
    ROLE_ADMIN,   /* administrator: org tree, users, roles */
    ROLE_QUALITY, /* kvalitetssamordnare */
    ROLE_MANAGER, /* chef */
    ROLE_HANDLER, /* handläggare */
    ROLE_STAFF,   /* medarbetare */
    ROLE_AUDITOR, /* granskare: read-only everywhere in scope */
    ROLE__MAX
};

enum perm {
    PERM_NONE,      /* any logged-in user; no unit check */
    PERM_REPORT,    /* report deviations, see one's own reports */
    PERM_READ,      /* read records of units in scope */
    PERM_HANDLE,    /* handle cases in scope */
    PERM_MANAGE,    /* manager decisions in scope */
    PERM_QUALITY,   /* quality-coordinator work in scope */
    PERM_ADMIN,     /* org tree, users, roles, deputies in scope */
    PERM_AUDIT_LOG, /* read the audit log in scope */
    PERM__MAX
};

struct grant {
    enum role role;
    int64_t unit_id;
    const char *unit_path; /* "/1/4/" */
    const char *unit_code;
    const char *unit_name;
    int64_t deputy_for; /* user id this grant is borrowed from, or 0 */
};

/* role_from_str returns the role named s ("admin", ...) or ROLE__MAX. */
enum role role_from_str(const char *s);
/* role_str returns the role's code name; never NULL. */
const char *role_str(enum role r);
/* role_has reports whether role r carries permission p. */
int role_has(enum role r, enum perm p);
/* authz_can reports whether the grants allow p at the unit with path
 * unit_path (a unit is in a grant's scope when its path starts with the
 * grant's path). unit_path NULL asks "anywhere". */
int authz_can(const struct grant *g, size_t n, enum perm p,
              const char *unit_path);
/* authz_in_scope reports whether unit_path lies in the subtree of scope. */
int authz_in_scope(const char *scope_path, const char *unit_path);

#endif
