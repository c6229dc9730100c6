/* org.c: validation of units and users. */
#include "org.h"

#include <ctype.h>
#include <string.h>

#include "names.h"
#include "utf8.h"

static const char *const kind_names[KIND__MAX] = {
    [KIND_PROVIDER] = "provider", [KIND_ADMINISTRATION] = "administration",
    [KIND_DIVISION] = "division", [KIND_DEPARTMENT] = "department",
    [KIND_UNIT] = "unit",
};

void fielderr_add(struct fielderrs *fe, const char *field, const char *msg)
{
    if (fe->n < FIELDERR_MAX && !fielderr_get(fe, field)) {
        fe->v[fe->n].field = field;
        fe->v[fe->n].msg = msg;
        fe->n++;
    }
}

const char *fielderr_get(const struct fielderrs *fe, const char *field)
{
    size_t i;

    for (i = 0; i < fe->n; i++)
        if (strcmp(fe->v[i].field, field) == 0)
            return fe->v[i].msg;
    return NULL;
}

enum unit_kind unit_kind_from_str(const char *s)
{
    return (enum unit_kind)names_index(kind_names, KIND__MAX, s);
}

const char *unit_kind_str(enum unit_kind k)
{
    return (unsigned)k < KIND__MAX ? kind_names[k] : "unknown";
}

int unit_depth(const char *path)
{
    int n = 0;

    for (; path && *path; path++)
        n += *path == '/';
    return n > 0 ? n - 1 : 0;
}

static int all_of(const char *s, size_t min, size_t max, const char *extra)
{
    size_t n;

    if (!s)
        return 0;
    n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) || (*s & 0x80))
            if (!strchr(extra, *s))
                return 0;
    return 1;
}

int org_code_valid(const char *s)
{
    return all_of(s, 1, 32, "_-");
}

int org_username_valid(const char *s)
{
    const char *p;

    if (!s || !islower((unsigned char)s[0]) || !all_of(s, 2, 64, "._-"))
        return 0;
    for (p = s; *p; p++)
        if (isupper((unsigned char)*p))
            return 0;
    return 1;
}

int org_hsa_valid(const char *s)
{
    size_t i;

    if (!s || strncmp(s, "SE", 2) != 0)
        return 0;
    for (i = 2; i < 12; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return s[12] == '-' && all_of(s + 13, 1, 31, "");
}

int org_nr_valid(const char *s)
{
    int d[10], n = 0, sum = 0, i;

    if (!s)
        return 0;
    for (; *s && n < 11; s++) {
        if (*s == '-' && n == 6)
            continue;
        if (!isdigit((unsigned char)*s))
            return 0;
        if (n == 10)
            return 0;
        d[n++] = *s - '0';
    }
    if (*s || n != 10)
        return 0;
    for (i = 0; i < 10; i++) {
        int v = d[i] * (i % 2 == 0 ? 2 : 1);

        sum += v > 9 ? v - 9 : v;
    }
    return sum % 10 == 0;
}

static int text_ok(const char *s, size_t max)
{
    size_t n;

    if (!s)
        return 0;
    n = strlen(s);
    if (!utf8_valid(s, n) || utf8_len(s) > max)
        return 0;
    for (; *s == ' '; s++)
        ;
    return *s != '\0';
}

void org_unit_validate(const struct unit *u, struct fielderrs *fe)
{
    enum unit_kind k = unit_kind_from_str(u->kind);

    if (!u->code || !*u->code)
        fielderr_add(fe, "code", "err.required");
    else if (!org_code_valid(u->code))
        fielderr_add(fe, "code", "err.unit_code");
    if (!u->name || !*u->name)
        fielderr_add(fe, "name", "err.required");
    else if (!text_ok(u->name, 200))
        fielderr_add(fe, "name", "err.text_200");
    if (k == KIND__MAX)
        fielderr_add(fe, "kind", "err.unit_kind");
    else if ((k == KIND_PROVIDER) != (u->parent_id == 0))
        fielderr_add(fe, "parent",
                     k == KIND_PROVIDER ? "err.provider_root"
                                        : "err.parent_required");
    if (u->hsa_id && *u->hsa_id && !org_hsa_valid(u->hsa_id))
        fielderr_add(fe, "hsa_id", "err.hsa_id");
    if (k == KIND_PROVIDER && (!u->org_nr || !*u->org_nr))
        fielderr_add(fe, "org_nr", "err.required");
    else if (u->org_nr && *u->org_nr && !org_nr_valid(u->org_nr))
        fielderr_add(fe, "org_nr", "err.org_nr");
}

void org_user_validate(const struct user *u, struct fielderrs *fe)
{
    if (!u->username || !*u->username)
        fielderr_add(fe, "username", "err.required");
    else if (!org_username_valid(u->username))
        fielderr_add(fe, "username", "err.username");
    if (!u->name || !*u->name)
        fielderr_add(fe, "name", "err.required");
    else if (!text_ok(u->name, 200))
        fielderr_add(fe, "name", "err.text_200");
    if (u->email && *u->email &&
        (!text_ok(u->email, 254) || !strchr(u->email, '@') ||
         strchr(u->email, ' ')))
        fielderr_add(fe, "email", "err.email");
    if (u->lang && strcmp(u->lang, "sv") != 0 && strcmp(u->lang, "en") != 0)
        fielderr_add(fe, "lang", "err.lang");
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *org_unit_json(const struct unit *u)
{
    return json_pack(
        "{sI so sI ss ss ss so so sb}", "id", (json_int_t)u->id, "parent_id",
        u->parent_id ? json_integer(u->parent_id) : json_null(), "provider_id",
        (json_int_t)u->provider_id, "code", u->code, "name", u->name, "kind",
        u->kind, "hsa_id", str_or_null(u->hsa_id), "org_nr",
        str_or_null(u->org_nr), "active", u->active);
}

json_t *org_user_json(const struct user *u)
{
    return json_pack("{sI ss ss so so ss sb}", "id", (json_int_t)u->id,
                     "username", u->username, "name", u->name, "email",
                     str_or_null(u->email), "home_unit_id",
                     u->home_unit_id ? json_integer(u->home_unit_id)
                                     : json_null(),
                     "lang", u->lang ? u->lang : "sv", "active", u->active);
}
