/* org.h: the organisation model: units in a tree under care providers, and
 * users. Validation only; the store persists, the web layer renders. */
#ifndef SKA_ORG_H
#define SKA_ORG_H

#include <jansson.h>
#include <stdint.h>

#include "fielderr.h"

/* Kinds, from the top: vårdgivare, förvaltning, division, verksamhet,
 * enhet. Only providers are roots; below them any depth and order. */
enum unit_kind {
    KIND_PROVIDER,
    KIND_ADMINISTRATION,
    KIND_DIVISION,
    KIND_DEPARTMENT,
    KIND_UNIT,
    KIND__MAX
};

struct unit {
    int64_t id, parent_id, provider_id; /* parent_id 0 for a provider */
    const char *code, *name, *kind;
    const char *hsa_id, *org_nr; /* NULL when not set */
    const char *path;            /* "/1/4/9/": ids from the root */
    int active;
    int64_t created_at, updated_at;
};

struct user {
    int64_t id, home_unit_id; /* home_unit_id 0 when none */
    const char *username, *name, *email, *lang;
    const char *password_hash; /* NULL: no local password */
    int active;
    int64_t created_at, updated_at;
};

enum unit_kind unit_kind_from_str(const char *s);
const char *unit_kind_str(enum unit_kind k);
/* unit_depth returns the number of ids in a path ("/1/4/" is 2). */
int unit_depth(const char *path);

/* org_unit_validate checks a unit's own fields (not the tree). */
void org_unit_validate(const struct unit *u, struct fielderrs *fe);
/* org_user_validate checks a user's own fields. */
void org_user_validate(const struct user *u, struct fielderrs *fe);
/* org_nr_valid checks a Swedish organisation number "NNNNNN-NNNN" (the dash
 * is optional) with its Luhn check digit. */
int org_nr_valid(const char *s);
/* org_hsa_valid checks an HSA-id: "SE" + 10 digits + "-" + 1..31 of
 * [A-Za-z0-9]. */
int org_hsa_valid(const char *s);
/* org_code_valid checks a unit code: 1..32 of [A-Za-z0-9_-]. */
int org_code_valid(const char *s);
/* org_username_valid: 2..64 of [a-z0-9._-], starting with a letter. */
int org_username_valid(const char *s);

/* org_unit_json / org_user_json give the record as a new JSON object (the
 * API's shape and the audit log's before/after); NULL when out of memory.
 * The user's password hash is never included. */
json_t *org_unit_json(const struct unit *u);
json_t *org_user_json(const struct user *u);

#endif
