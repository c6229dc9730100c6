/* store_resp.c: the responsibility page's reads (SOSFS 2011:9 3 kap. 3 §):
 * who holds which role of the quality work in a unit subtree. Every
 * responsibility is counted in SQL, grouped by what the gap rules of
 * core/responsibility.c look at, so a region's 50,000 document owners come
 * as a few hundred groups; the rows of the smaller kinds (managers,
 * quality coordinators, handlers, process owners and leads) are read a
 * page per kind, and those with a gap up to a limit (bench/README.md,
 * "Management system"). */
#include "sqlite_int.h"

/* ?1 is the scope path, ?2 today in every statement below. */
#define IN_SCOPE_U " substr(u.path, 1, length(?1)) = ?1 "
/* the deputy of a role holder: the first appointment valid today or
 * later */
#define DEPUTY_OF_RA                                                           \
    " (SELECT dp.deputy_user_id FROM deputy dp WHERE dp.absent_user_id = "     \
    "ra.user_id AND dp.valid_to >= ?2 ORDER BY dp.valid_from LIMIT 1) "
/* The responsibilities but document owners as r (k, oid, ocode, oname,
 * uname, detail, hid, did, must, inh, sk); k is enum resp_kind. Managers:
 * per active unit its own or the nearest ancestor's (inherited); quality
 * coordinators and handlers at units of the subtree or above it
 * (inherited); owners and leads of active processes. */
#define RESP_CTE                                                               \
    "WITH su AS (SELECT id, code, name, kind, path FROM org_unit u "           \
    "WHERE u.active = 1 AND" IN_SCOPE_U "), "                                  \
    "r AS (SELECT 0 AS k, su.id AS oid, su.code AS ocode, su.name AS "         \
    "oname, su.name AS uname, su.kind AS detail, ra.user_id AS hid, "          \
    "CASE WHEN ra.user_id IS NULL THEN NULL ELSE" DEPUTY_OF_RA "END AS "       \
    "did, su.kind IN ('department', 'unit') AS must, "                         \
    "coalesce(m.path <> su.path, 0) AS inh, su.path AS sk FROM su "            \
    "LEFT JOIN org_unit m ON m.id = (SELECT ra2.unit_id FROM "                 \
    "role_assignment ra2 JOIN org_unit m2 ON m2.id = ra2.unit_id WHERE "       \
    "ra2.role = 'manager' AND substr(su.path, 1, length(m2.path)) = "          \
    "m2.path ORDER BY length(m2.path) DESC LIMIT 1) "                          \
    "LEFT JOIN role_assignment ra ON ra.unit_id = m.id AND ra.role = "         \
    "'manager' "                                                               \
    "UNION ALL SELECT CASE ra.role WHEN 'quality' THEN 1 ELSE 2 END, "         \
    "u.id, u.code, u.name, u.name, ra.role, ra.user_id," DEPUTY_OF_RA          \
    ", 0, NOT (" IN_SCOPE_U "), u.path FROM role_assignment ra JOIN "          \
    "org_unit u ON u.id = ra.unit_id WHERE ra.role IN ('quality', "            \
    "'handler') AND (" IN_SCOPE_U "OR substr(?1, 1, length(u.path)) = "        \
    "u.path) "                                                                 \
    "UNION ALL SELECT 3, p.id, p.code, p.name, u.name, p.kind, "               \
    "p.owner_id, p.owner_deputy_id, p.kind = 'core', 0, p.path FROM "          \
    "process p JOIN org_unit u ON u.id = p.unit_id WHERE p.active = 1 "        \
    "AND" IN_SCOPE_U                                                           \
    "UNION ALL SELECT 4, p.id, p.code, p.name, u.name, p.kind, "               \
    "p.lead_id, p.lead_deputy_id, p.kind = 'core', 0, p.path FROM "            \
    "process p JOIN org_unit u ON u.id = p.unit_id WHERE p.active = 1 "        \
    "AND" IN_SCOPE_U ") "
/* r with its holder h and deputy dd, in the columns of read_row */
#define ROW_COLS                                                               \
    "SELECT r.k, r.oid, r.ocode, r.oname, r.uname, r.detail, "                 \
    "coalesce(r.hid, 0), h.name, coalesce(h.active, 0), coalesce(r.did, 0), "  \
    "dd.name, coalesce(dd.active, 0), r.must, r.inh, r.sk, h.name AS hn "      \
    "FROM r LEFT JOIN app_user h ON h.id = r.hid LEFT JOIN app_user dd ON "    \
    "dd.id = r.did "
/* one kind's first ?3 rows in page order */
#define KIND_PAGE(k)                                                           \
    "SELECT * FROM (" ROW_COLS "WHERE r.k = " #k " ORDER BY r.sk, h.name, "    \
    "r.hid LIMIT ?3) "

#define KIND_PAGES                                                             \
    KIND_PAGE(0)                                                               \
    "UNION ALL " KIND_PAGE(1) "UNION ALL " KIND_PAGE(                          \
        2) "UNION ALL " KIND_PAGE(3) "UNION ALL " KIND_PAGE(4)

enum stmt { STMT_GROUPS, STMT_ROWS, STMT_GAPS, STMT_DEPUTIES, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
    /* every responsibility counted by kind, holder, deputy, must and
     * inherited; the documents not archived are counted from the
     * subtree's units by index (document_unit_owner, migration 018) */
    [STMT_GROUPS] = RESP_CTE
    ", g AS (SELECT k, hid, did, must, inh, count(*) AS n "
    "FROM r GROUP BY k, hid, did, must, inh UNION ALL SELECT 5, "
    "d.owner_id, d.deputy_id, 1, 0, count(*) FROM org_unit u "
    "CROSS JOIN document d ON d.unit_id = u.id WHERE d.state IN "
    "('draft', 'approved') AND" IN_SCOPE_U "GROUP BY d.owner_id, d.deputy_id) "
    "SELECT g.k, coalesce(g.hid, 0), h.name, coalesce(h.active, "
    "0), coalesce(g.did, 0), coalesce(dd.active, 0), g.must, "
    "g.inh, g.n FROM g LEFT JOIN app_user h ON h.id = g.hid "
    "LEFT JOIN app_user dd ON dd.id = g.did ORDER BY g.k, "
    "h.name, g.hid, g.did",
    /* ?3 rows per kind */
    [STMT_ROWS] = RESP_CTE KIND_PAGES "ORDER BY 1, 15, 16",
    /* the rows with a gap of resp_gaps but RG_TOO_MANY (a person's), up
     * to ?3; ?4 the kinds that need a deputy (resp_deputy_kinds) */
    [STMT_GAPS] = RESP_CTE ROW_COLS
    "WHERE (r.hid IS NULL AND r.must) OR (r.hid IS NOT NULL AND "
    "(coalesce(h.active, 0) = 0 OR ((?4 >> r.k) & 1 AND r.did IS NULL "
    "AND NOT r.inh))) OR (r.did IS NOT NULL AND coalesce(dd.active, 0) = 0) "
    "ORDER BY r.k, r.sk, h.name, r.hid LIMIT ?3",
    [STMT_DEPUTIES] =
        "SELECT d.id, a.name, b.name, d.valid_from, d.valid_to, d.note, "
        "b.active FROM deputy d JOIN app_user a ON a.id = d.absent_user_id "
        "JOIN app_user b ON b.id = d.deputy_user_id WHERE d.valid_to >= ?2 "
        "AND EXISTS (SELECT 1 FROM role_assignment ra JOIN org_unit u ON "
        "u.id = ra.unit_id WHERE ra.user_id = d.absent_user_id "
        "AND" IN_SCOPE_U ") ORDER BY d.valid_from, d.id",
};

const struct sq_table sq_tab_resp = {SQ_RESP, stmts, STMT__MAX};

static void read_group(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct resp_group *x = elem;
    int i = 0;

    x->kind = (enum resp_kind)sq_int(s, i++);
    x->holder_id = sq_int(s, i++);
    x->holder_name = sq_str(a, s, i++);
    x->holder_active = (int)sq_int(s, i++);
    x->deputy_id = sq_int(s, i++);
    x->deputy_active = (int)sq_int(s, i++);
    x->must_hold = (int)sq_int(s, i++);
    x->inherited = (int)sq_int(s, i++);
    x->n = sq_int(s, i++);
}

enum err store_resp_groups(struct store *st, struct arena *a,
                           const char *scope_path, const char *today,
                           struct resp_group **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_resp, STMT_GROUPS, "tt", scope_path, today),
        sizeof(**out), read_group, &p, n);

    *out = p;
    return e;
}

static void read_row(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct resp_row *x = elem;
    int i = 0;

    x->kind = (enum resp_kind)sq_int(s, i++);
    x->object_id = sq_int(s, i++);
    x->object_code = sq_str(a, s, i++);
    x->object_name = sq_str(a, s, i++);
    x->unit_name = sq_str(a, s, i++);
    x->detail = sq_str(a, s, i++);
    x->holder_id = sq_int(s, i++);
    x->holder_name = sq_str(a, s, i++);
    x->holder_active = (int)sq_int(s, i++);
    x->deputy_id = sq_int(s, i++);
    x->deputy_name = sq_str(a, s, i++);
    x->deputy_active = (int)sq_int(s, i++);
    x->must_hold = (int)sq_int(s, i++);
    x->inherited = (int)sq_int(s, i++);
    x->holder_total = 0;
}

enum err store_resp_rows(struct store *st, struct arena *a,
                         const char *scope_path, const char *today,
                         int per_kind, struct resp_row **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_resp, STMT_ROWS, "tti",
                                     scope_path, today, (int64_t)per_kind),
                            sizeof(**out), read_row, &p, n);

    *out = p;
    return e;
}

enum err store_resp_gaps(struct store *st, struct arena *a,
                         const char *scope_path, const char *today, int limit,
                         struct resp_row **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_resp, STMT_GAPS, "ttii",
                                     scope_path, today, (int64_t)limit,
                                     (int64_t)resp_deputy_kinds()),
                            sizeof(**out), read_row, &p, n);

    *out = p;
    return e;
}

static void read_deputy(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct resp_deputy *x = elem;

    x->id = sq_int(s, 0);
    x->absent_name = sq_str(a, s, 1);
    x->deputy_name = sq_str(a, s, 2);
    x->valid_from = sq_str(a, s, 3);
    x->valid_to = sq_str(a, s, 4);
    x->note = sq_str(a, s, 5);
    x->deputy_active = (int)sq_int(s, 6);
}

enum err store_resp_deputies(struct store *st, struct arena *a,
                             const char *scope_path, const char *today,
                             struct resp_deputy **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        sq_start(st, &sq_tab_resp, STMT_DEPUTIES, "tt", scope_path, today),
        sizeof(**out), read_deputy, &p, n);

    *out = p;
    return e;
}
