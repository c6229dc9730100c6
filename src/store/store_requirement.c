/* store_requirement.c: the legal-requirements register: national
 * provisions and providers' own requirements, their links to processes
 * and documents (requirement_process, requirement_document), and the
 * compliance assessments per unit with their history. Reads the process
 * and document tables of migration 011 with its own SQL. */
#include <string.h>

#include "datetime.h"
#include "sqlite_int.h"

#define REQ_COLS                                                               \
    "r.id, coalesce(r.provider_id, 0), r.code, r.statute, r.statute_title, "   \
    "r.chapter, r.section, r.summary, r.in_force, r.sort_key, "                \
    "r.review_months, r.active, r.created_at, r.updated_at"

#define LINK_PROC_COLS                                                         \
    "p.id, p.unit_id, p.code, p.name, p.kind, NULL, NULL, u.name, u.path "     \
    "FROM process p JOIN org_unit u ON u.id = p.unit_id "

#define LINK_DOC_COLS                                                          \
    "d.id, d.unit_id, d.code, d.title, d.doc_type, d.state, d.review_due, "    \
    "u.name, u.path FROM document d JOIN org_unit u ON u.id = d.unit_id "

enum stmt {
    STMT_LIST,
    STMT_STATUTES,
    STMT_GET,
    STMT_INSERT,
    STMT_LINKS_PROC,
    STMT_LINKS_DOC,
    STMT_OPTS_PROC,
    STMT_OPTS_DOC,
    STMT_GET_PROC,
    STMT_GET_DOC,
    STMT_LINK_PROC,
    STMT_UNLINK_PROC,
    STMT_LINK_DOC,
    STMT_UNLINK_DOC,
    STMT_ASSESS,
    STMT_HISTORY,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    /* ?1 provider, ?2 scope path, ?3 unit, ?4 today, ?5 statute, ?6
     * status at the unit, ?7 never assessed, ?8 no process, ?9 overdue.
     * cur: the current assessment of every (requirement, unit) of the
     * subtree. */
    [STMT_LIST] =
        "WITH cur AS (SELECT x.requirement_id AS rid, x.status, "
        "x.next_review FROM requirement_assessment x JOIN org_unit u ON "
        "u.id = x.unit_id WHERE ?2 IS NOT NULL AND substr(u.path, 1, "
        "length(?2)) = ?2 AND x.id = (SELECT max(y.id) FROM "
        "requirement_assessment y WHERE y.requirement_id = x.requirement_id "
        "AND y.unit_id = x.unit_id)), "
        "agg AS (SELECT rid, sum(status = 'met') AS met, sum(status = "
        "'partly_met') AS partly, sum(status = 'not_met') AS nm, sum(status "
        "= 'not_assessed') AS na, sum(next_review < ?4) AS od, count(*) AS "
        "nu FROM cur GROUP BY rid), "
        "rows AS (SELECT " REQ_COLS ", "
        "(SELECT count(*) FROM requirement_process rp JOIN process p ON "
        "p.id = rp.process_id WHERE rp.requirement_id = r.id AND "
        "p.provider_id = ?1) AS np, "
        "(SELECT count(*) FROM requirement_document rd JOIN document d ON "
        "d.id = rd.document_id WHERE rd.requirement_id = r.id AND "
        "d.provider_id = ?1) AS nd, "
        "(SELECT z.status FROM requirement_assessment z WHERE "
        "z.requirement_id = r.id AND z.unit_id = ?3 ORDER BY z.id DESC "
        "LIMIT 1) AS us, "
        "(SELECT z.next_review FROM requirement_assessment z WHERE "
        "z.requirement_id = r.id AND z.unit_id = ?3 ORDER BY z.id DESC "
        "LIMIT 1) AS unr, "
        "coalesce(g.met, 0), coalesce(g.partly, 0), coalesce(g.nm, 0), "
        "coalesce(g.na, 0), coalesce(g.od, 0) AS od, coalesce(g.nu, 0) AS nu "
        "FROM requirement r LEFT JOIN agg g ON g.rid = r.id "
        "WHERE r.active = 1 AND (r.provider_id IS NULL OR r.provider_id = ?1) "
        "AND (?5 IS NULL OR r.statute = ?5)) "
        "SELECT * FROM rows WHERE (?6 IS NULL OR coalesce(us, "
        "'not_assessed') = ?6) AND (?7 IS NULL OR nu = 0) "
        "AND (?8 IS NULL OR np = 0) AND (?9 IS NULL OR od > 0) "
        "ORDER BY sort_key, code",
    [STMT_STATUTES] =
        "SELECT statute FROM requirement WHERE active = 1 AND (provider_id "
        "IS NULL OR provider_id = ?1) GROUP BY statute ORDER BY "
        "min(sort_key)",
    [STMT_GET] = "SELECT " REQ_COLS " FROM requirement r WHERE r.id = ?1",
    [STMT_INSERT] =
        "INSERT INTO requirement (provider_id, code, statute, statute_title, "
        "chapter, section, summary, in_force, review_months, sort_key, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
        "?10, ?11, ?11)",
    [STMT_LINKS_PROC] =
        "SELECT " LINK_PROC_COLS "JOIN requirement_process rp ON "
        "rp.process_id = p.id WHERE rp.requirement_id = ?1 AND "
        "p.provider_id = ?2 ORDER BY p.code",
    [STMT_LINKS_DOC] =
        "SELECT " LINK_DOC_COLS "JOIN requirement_document rd ON "
        "rd.document_id = d.id WHERE rd.requirement_id = ?1 AND "
        "d.provider_id = ?2 ORDER BY d.code",
    [STMT_OPTS_PROC] =
        "SELECT " LINK_PROC_COLS "WHERE p.provider_id = ?1 AND p.active = 1 "
        "ORDER BY p.code LIMIT 2000",
    [STMT_OPTS_DOC] = "SELECT " LINK_DOC_COLS
                      "WHERE d.provider_id = ?1 AND d.state <> 'archived' "
                      "ORDER BY d.code LIMIT 2000",
    [STMT_GET_PROC] = "SELECT " LINK_PROC_COLS "WHERE p.id = ?1",
    [STMT_GET_DOC] = "SELECT " LINK_DOC_COLS "WHERE d.id = ?1",
    [STMT_LINK_PROC] = "INSERT OR IGNORE INTO requirement_process "
                       "(requirement_id, process_id) VALUES (?1, ?2)",
    [STMT_UNLINK_PROC] = "DELETE FROM requirement_process WHERE "
                         "requirement_id = ?1 AND process_id = ?2",
    [STMT_LINK_DOC] = "INSERT OR IGNORE INTO requirement_document "
                      "(requirement_id, document_id) VALUES (?1, ?2)",
    [STMT_UNLINK_DOC] = "DELETE FROM requirement_document WHERE "
                        "requirement_id = ?1 AND document_id = ?2",
    [STMT_ASSESS] =
        "INSERT INTO requirement_assessment (requirement_id, unit_id, "
        "status, evidence, assessed_on, assessor_id, next_review, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [STMT_HISTORY] =
        "SELECT x.id, x.requirement_id, x.unit_id, x.assessor_id, "
        "x.created_at, x.status, x.evidence, x.assessed_on, x.next_review, "
        "a.name, u.code, u.name, u.path FROM requirement_assessment x "
        "JOIN app_user a ON a.id = x.assessor_id JOIN org_unit u ON u.id = "
        "x.unit_id WHERE x.requirement_id = ?1 AND substr(u.path, 1, "
        "length(?2)) = ?2 ORDER BY x.id DESC LIMIT 2000",
};

const struct sq_table sq_tab_req = {SQ_REQ, stmts, STMT__MAX};

static int read_req_at(struct arena *a, sqlite3_stmt *s,
                       struct requirement_rec *q)
{
    int i = 0;

    q->id = sq_int(s, i++);
    q->provider_id = sq_int(s, i++);
    q->code = sq_str(a, s, i++);
    q->statute = sq_str(a, s, i++);
    q->statute_title = sq_str(a, s, i++);
    q->chapter = sq_str(a, s, i++);
    q->section = sq_str(a, s, i++);
    q->summary = sq_str(a, s, i++);
    q->in_force = sq_str(a, s, i++);
    q->sort_key = sq_str(a, s, i++);
    q->review_months = (int)sq_int(s, i++);
    q->active = (int)sq_int(s, i++);
    q->created_at = sq_int(s, i++);
    q->updated_at = sq_int(s, i++);
    return i;
}

static void read_req(struct arena *a, sqlite3_stmt *s, void *elem)
{
    read_req_at(a, s, elem);
}

static void read_row(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct req_row *x = elem;
    int i = read_req_at(a, s, &x->q);

    x->q.n_processes = sq_int(s, i++);
    x->q.n_documents = sq_int(s, i++);
    x->unit_status = sq_str(a, s, i++);
    x->unit_next_review = sq_str(a, s, i++);
    x->n_met = sq_int(s, i++);
    x->n_partly = sq_int(s, i++);
    x->n_not_met = sq_int(s, i++);
    x->n_not_assessed = sq_int(s, i++);
    x->n_overdue = sq_int(s, i++);
    x->n_units = sq_int(s, i++);
}

static void read_link(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct req_link *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->unit_id = sq_int(s, i++);
    x->code = sq_str(a, s, i++);
    x->name = sq_str(a, s, i++);
    x->kind = sq_str(a, s, i++);
    x->state = sq_str(a, s, i++);
    x->review_due = sq_str(a, s, i++);
    x->unit_name = sq_str(a, s, i++);
    x->unit_path = sq_str(a, s, i++);
}

static void read_assessment(struct arena *a, sqlite3_stmt *s, void *elem)
{
    struct req_assessment *x = elem;
    int i = 0;

    x->id = sq_int(s, i++);
    x->requirement_id = sq_int(s, i++);
    x->unit_id = sq_int(s, i++);
    x->assessor_id = sq_int(s, i++);
    x->created_at = sq_int(s, i++);
    x->status = sq_str(a, s, i++);
    x->evidence = sq_str(a, s, i++);
    x->assessed_on = sq_str(a, s, i++);
    x->next_review = sq_str(a, s, i++);
    x->assessor_name = sq_str(a, s, i++);
    x->unit_code = sq_str(a, s, i++);
    x->unit_name = sq_str(a, s, i++);
    x->unit_path = sq_str(a, s, i++);
}

enum err store_requirement_list(struct store *st, struct arena *a,
                                const struct req_filter *f,
                                struct req_row **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a,
        sq_start(st, &sq_tab_req, STMT_LIST, "itItttIII", f->provider_id,
                 f->scope_path, f->unit_id, f->today, sq_empty_null(f->statute),
                 sq_empty_null(f->status), (int64_t)f->never_assessed,
                 (int64_t)f->no_process, (int64_t)f->overdue),
        sizeof(**out), read_row, &p, n);

    *out = p;
    return e;
}

static void read_text0(struct arena *a, sqlite3_stmt *s, void *elem)
{
    *(const char **)elem = sq_str(a, s, 0);
}

enum err store_requirement_statutes(struct store *st, struct arena *a,
                                    int64_t provider_id, const char ***out,
                                    size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_req, STMT_STATUTES, "i", provider_id),
        sizeof(const char *), read_text0, &p, n);

    *out = p;
    return e;
}

enum err store_requirement_get(struct store *st, struct arena *a, int64_t id,
                               struct requirement_rec *out)
{
    memset(out, 0, sizeof(*out));
    return sq_one(st, a, sq_start(st, &sq_tab_req, STMT_GET, "i", id), read_req,
                  out);
}

static char *req_json(struct arena *a, const struct requirement_rec *q)
{
    return sq_json(a,
                   json_pack("{sI sI ss ss ss ss? ss? ss ss? si}", "id",
                             (json_int_t)q->id, "provider_id",
                             (json_int_t)q->provider_id, "code", q->code,
                             "statute", q->statute, "statute_title",
                             q->statute_title, "chapter", q->chapter, "section",
                             q->section, "summary", q->summary, "in_force",
                             q->in_force, "review_months", q->review_months));
}

enum err store_requirement_create(struct store *st, const struct actor *who,
                                  struct requirement_rec *q)
{
    struct arena *a = arena_new();
    const char *key;
    enum err e;

    if (!a)
        return E_NOMEM;
    /* own requirements sort after the national ones, by code */
    key = q->sort_key && *q->sort_key ? q->sort_key
                                      : arena_printf(a, "9 %s", q->code);
    if (!key) {
        e = E_NOMEM;
        goto out;
    }
    e = sq_done(st,
                sq_start(st, &sq_tab_req, STMT_INSERT, "Itttttttiti",
                         q->provider_id, q->code, q->statute, q->statute_title,
                         sq_empty_null(q->chapter), sq_empty_null(q->section),
                         q->summary, sq_empty_null(q->in_force),
                         (int64_t)q->review_months, key, datetime_now()));
    if (e)
        goto out;
    q->id = sqlite3_last_insert_rowid(st->db);
    e = store_audit(st, who, "create", "requirement", q->id, NULL,
                    req_json(a, q));
out:
    arena_free(a);
    return e;
}

enum err store_requirement_links(struct store *st, struct arena *a, int64_t id,
                                 const char *kind, int64_t provider_id,
                                 struct req_link **out, size_t *n)
{
    int doc = strcmp(kind, "document") == 0;
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_req,
                                     doc ? STMT_LINKS_DOC : STMT_LINKS_PROC,
                                     "ii", id, provider_id),
                            sizeof(**out), read_link, &p, n);

    *out = p;
    return e;
}

enum err store_requirement_link_options(struct store *st, struct arena *a,
                                        const char *kind, int64_t provider_id,
                                        struct req_link **out, size_t *n)
{
    int doc = strcmp(kind, "document") == 0;
    void *p = NULL;
    enum err e = sq_collect(st, a,
                            sq_start(st, &sq_tab_req,
                                     doc ? STMT_OPTS_DOC : STMT_OPTS_PROC, "i",
                                     provider_id),
                            sizeof(**out), read_link, &p, n);

    *out = p;
    return e;
}

enum err store_requirement_link_get(struct store *st, struct arena *a,
                                    const char *kind, int64_t target_id,
                                    struct req_link *out)
{
    int doc = strcmp(kind, "document") == 0;

    return sq_one(st, a,
                  sq_start(st, &sq_tab_req, doc ? STMT_GET_DOC : STMT_GET_PROC,
                           "i", target_id),
                  read_link, out);
}

enum err store_requirement_link(struct store *st, const struct actor *who,
                                int64_t id, const char *kind, int64_t target_id,
                                int on)
{
    int doc = strcmp(kind, "document") == 0;
    int k = doc ? (on ? STMT_LINK_DOC : STMT_UNLINK_DOC)
                : (on ? STMT_LINK_PROC : STMT_UNLINK_PROC);
    struct arena *a;
    enum err e;

    e = sq_done(st, sq_start(st, &sq_tab_req, k, "ii", id, target_id));
    if (e)
        return e;
    if (sqlite3_changes(st->db) == 0)
        return on ? E_CONFLICT : E_NOTFOUND;
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, on ? "link" : "unlink", "requirement", id, NULL,
        sq_json(a, json_pack("{sI}", doc ? "document_id" : "process_id",
                             (json_int_t)target_id)));
    arena_free(a);
    return e;
}

enum err store_requirement_assess(struct store *st, const struct actor *who,
                                  struct req_assessment *x)
{
    struct arena *a;
    enum err e;

    x->created_at = datetime_now();
    x->assessor_id = who->user_id;
    e = sq_done(st, sq_start(st, &sq_tab_req, STMT_ASSESS, "iitttiti",
                             x->requirement_id, x->unit_id, x->status,
                             sq_empty_null(x->evidence), x->assessed_on,
                             x->assessor_id, x->next_review, x->created_at));
    if (e)
        return e;
    x->id = sqlite3_last_insert_rowid(st->db);
    if (!(a = arena_new()))
        return E_NOMEM;
    e = store_audit(
        st, who, "assess", "requirement", x->requirement_id, NULL,
        sq_json(a,
                json_pack("{sI sI ss ss? ss ss}", "assessment_id",
                          (json_int_t)x->id, "unit_id", (json_int_t)x->unit_id,
                          "status", x->status, "evidence",
                          sq_empty_null(x->evidence), "assessed_on",
                          x->assessed_on, "next_review", x->next_review)));
    arena_free(a);
    return e;
}

enum err store_requirement_history(struct store *st, struct arena *a,
                                   int64_t id, const char *scope_path,
                                   struct req_assessment **out, size_t *n)
{
    void *p = NULL;
    enum err e = sq_collect(
        st, a, sq_start(st, &sq_tab_req, STMT_HISTORY, "it", id, scope_path),
        sizeof(**out), read_assessment, &p, n);

    *out = p;
    return e;
}
