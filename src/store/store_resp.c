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
/* The responsibilities but document owners, one SELECT per kind, each
 * with the columns k, oid, ocode, oname, uname, detail, hid, did, must,
 * inh, sk (the page's order); k is enum resp_kind. Managers: per active
 * unit of su its own or the nearest ancestor's (inherited). */
#define SEL_MANAGER                                                            \
    "SELECT 0 AS k, su.id AS oid, su.code AS ocode, su.name AS oname, "        \
    "su.name AS uname, su.kind AS detail, ra.user_id AS hid, "                 \
    "CASE WHEN ra.user_id IS NULL THEN NULL ELSE" DEPUTY_OF_RA "END AS "       \
    "did, su.kind IN ('department', 'unit') AS must, "                         \
    "coalesce(m.path <> su.path, 0) AS inh, su.path AS sk FROM su "            \
    "LEFT JOIN org_unit m ON m.id = (SELECT ra2.unit_id FROM "                 \
    "role_assignment ra2 JOIN org_unit m2 ON m2.id = ra2.unit_id WHERE "       \
    "ra2.role = 'manager' AND substr(su.path, 1, length(m2.path)) = "          \
    "m2.path ORDER BY length(m2.path) DESC LIMIT 1) "                          \
    "LEFT JOIN role_assignment ra ON ra.unit_id = m.id AND ra.role = "         \
    "'manager' "
/* quality coordinators (k 1) or handlers (k 2) at units of the subtree
 * or above it (inherited) */
#define SEL_ROLE(k, role)                                                      \
    "SELECT " #k " AS k, u.id AS oid, u.code AS ocode, u.name AS oname, "      \
    "u.name AS uname, ra.role AS detail, ra.user_id AS hid," DEPUTY_OF_RA      \
    "AS did, 0 AS must, NOT (" IN_SCOPE_U ") AS inh, u.path AS sk FROM "       \
    "role_assignment ra JOIN org_unit u ON u.id = ra.unit_id WHERE ra.role "   \
    "= '" role "' AND (" IN_SCOPE_U "OR substr(?1, 1, length(u.path)) = "      \
    "u.path) "
/* owners (k 3) or leads (k 4) of active processes; the page's order is
 * the process map's (path, walked by its unique index) */
#define SEL_PROC(k, who)                                                       \
    "SELECT " #k " AS k, p.id AS oid, p.code AS ocode, p.name AS oname, "      \
    "u.name AS uname, p.kind AS detail, p." who "_id AS hid, "                 \
    "p." who "_deputy_id AS did, p.kind = 'core' AS must, 0 AS inh, p.path "   \
    "AS sk FROM process p JOIN org_unit u ON u.id = p.unit_id WHERE "          \
    "p.active = 1 AND" IN_SCOPE_U
#define SU_CTE                                                                 \
    "WITH su AS (SELECT id, code, name, kind, path FROM org_unit u "           \
    "WHERE u.active = 1 AND" IN_SCOPE_U ") "
/* clang-format off */
#define SEL_QUALITY SEL_ROLE(1, "quality")
#define SEL_HANDLER SEL_ROLE(2, "handler")
#define SEL_OWNER SEL_PROC(3, "owner")
#define SEL_LEAD SEL_PROC(4, "lead")
#define UNION_ALL "UNION ALL "
/* clang-format on */
/* the columns of read_row from r, its holder h and deputy dd */
#define ROW_SELECT                                                             \
    "SELECT r.k, r.oid, r.ocode, r.oname, r.uname, r.detail, "                 \
    "coalesce(r.hid, 0), h.name, coalesce(h.active, 0), coalesce(r.did, 0), "  \
    "dd.name, coalesce(dd.active, 0), r.must, r.inh, r.sk, h.name AS hn "
#define ROW_JOIN                                                               \
    "r LEFT JOIN app_user h ON h.id = r.hid LEFT JOIN app_user dd ON "         \
    "dd.id = r.did "
/* one kind's first ?3 rows in the page's order */
#define KIND_PAGE(sel, order)                                                  \
    "SELECT * FROM (" ROW_SELECT "FROM (" sel ") " ROW_JOIN "ORDER BY " order  \
    " LIMIT ?3) "
#define BY_UNIT "r.sk, h.name, r.hid"
/* clang-format off */
#define KIND_PAGES                                                             \
    KIND_PAGE(SEL_MANAGER, BY_UNIT) UNION_ALL                                  \
    KIND_PAGE(SEL_QUALITY, BY_UNIT) UNION_ALL                                  \
    KIND_PAGE(SEL_HANDLER, BY_UNIT) UNION_ALL                                  \
    KIND_PAGE(SEL_OWNER, "r.sk") UNION_ALL                                     \
    KIND_PAGE(SEL_LEAD, "r.sk")
/* one kind's first ?3 rows with a gap of resp_gaps but RG_TOO_MANY (a
 * person's); ?4 the kinds that need a deputy (resp_deputy_kinds) */
#define GAP_PAGE(sel, order)                                                   \
    "SELECT * FROM (" ROW_SELECT "FROM (" sel ") " ROW_JOIN "WHERE "           \
    "(r.hid IS NULL AND r.must) OR (r.hid IS NOT NULL AND "                    \
    "(coalesce(h.active, 0) = 0 OR ((?4 >> r.k) & 1 AND r.did IS NULL "        \
    "AND NOT r.inh))) OR (r.did IS NOT NULL AND coalesce(dd.active, 0) = 0) "  \
    "ORDER BY " order " LIMIT ?3) "
#define GAP_PAGES                                                              \
    GAP_PAGE(SEL_MANAGER, BY_UNIT) UNION_ALL                                   \
    GAP_PAGE(SEL_QUALITY, BY_UNIT) UNION_ALL                                   \
    GAP_PAGE(SEL_HANDLER, BY_UNIT) UNION_ALL                                   \
    GAP_PAGE(SEL_OWNER, "r.sk") UNION_ALL                                      \
    GAP_PAGE(SEL_LEAD, "r.sk")
/* the groups of one process role, counted from the process table */
#define PROC_GROUP(k, who)                                                     \
    "SELECT " #k ", p." who "_id, p." who "_deputy_id, p.kind = 'core', 0, "   \
    "count(*) FROM process p JOIN org_unit u ON u.id = p.unit_id WHERE "       \
    "p.active = 1 AND" IN_SCOPE_U "GROUP BY 2, 3, 4 "
/* the groups of the documents not archived, counted from the subtree's
 * units by the covering index document_unit_owner (migration 018): per
 * unit and state the index gives them in owner and deputy order, so those
 * groups need no sort; only the few of them are grouped again */
#define DOC_UNIT_GROUP(state)                                                  \
    "SELECT u.id, d.owner_id AS o, d.deputy_id AS dp, count(*) AS c FROM "     \
    "org_unit u CROSS JOIN document d ON d.unit_id = u.id WHERE d.state = '"   \
    state "' AND" IN_SCOPE_U "GROUP BY u.id, d.owner_id, d.deputy_id "
#define DOC_GROUP                                                              \
    "SELECT 5, o, dp, 1, 0, sum(c) FROM (" DOC_UNIT_GROUP("approved")          \
    UNION_ALL DOC_UNIT_GROUP("draft") ") GROUP BY o, dp "
#define GROUPS                                                                 \
    "g AS (SELECT k, hid, did, must, inh, count(*) AS n FROM ("                \
    SEL_MANAGER UNION_ALL SEL_QUALITY UNION_ALL SEL_HANDLER                    \
    ") GROUP BY k, hid, did, must, inh UNION ALL "                             \
    PROC_GROUP(3, "owner") UNION_ALL PROC_GROUP(4, "lead") UNION_ALL           \
    DOC_GROUP ") "
/* clang-format on */

enum stmt { STMT_GROUPS, STMT_ROWS, STMT_GAPS, STMT_DEPUTIES, STMT__MAX };

static const char *const stmts[STMT__MAX] = {
    /* every responsibility counted by kind, holder, deputy, must and
     * inherited */
    [STMT_GROUPS] = SU_CTE
    ", " GROUPS
    "SELECT g.k, coalesce(g.hid, 0), h.name, coalesce(h.active, 0), "
    "coalesce(g.did, 0), coalesce(dd.active, 0), g.must, g.inh, g.n FROM g "
    "LEFT JOIN app_user h ON h.id = g.hid LEFT JOIN app_user dd ON dd.id = "
    "g.did ORDER BY g.k, h.name, g.hid, g.did",
    /* ?3 rows per kind */
    [STMT_ROWS] = SU_CTE KIND_PAGES "ORDER BY 1, 15, 16",
    /* the first ?3 rows with a gap (GAP_PAGE) */
    [STMT_GAPS] = SU_CTE GAP_PAGES "ORDER BY 1, 15, 16 LIMIT ?3",
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
