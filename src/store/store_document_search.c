/* store_document_search.c: the document search: full text driven by the
 * FTS match, lists whose page of ids is found by walking the sort's index
 * or, when the capped count says few match, by a statement driven by the
 * process, the units, the state or the type; the visibility rule bound as
 * JSON arrays of unit paths (bench/README.md, "Management system"). */
#include <string.h>

#include "sqlite_int.h"
#include "store_document.h"

#define DOC_FROM "FROM document d JOIN org_unit u ON u.id = d.unit_id "
/* the document table outermost, so that ORDER BY walks its index */
#define DOC_SCAN "FROM document d CROSS JOIN org_unit u ON u.id = d.unit_id "
/* ?13 the sort, for the few matches of a driven statement */
#define DOC_SORT_SMALL                                                         \
    "ORDER BY CASE ?13 WHEN 1 THEN -d.updated_at ELSE 0 END, CASE ?13 WHEN 2 " \
    "THEN coalesce(d.review_due, '9999-12-31') ELSE '' END, d.title, d.id "
#define DOC_BY_PROC                                                            \
    "FROM document_process p CROSS JOIN document d ON d.id = p.document_id "   \
    "CROSS JOIN org_unit u ON u.id = d.unit_id "

/* ?1 scope, ?2 type, ?3 state, ?4 process, ?5 overdue (today), ?6 due by,
 * ?7 all, ?8 user, ?9 read paths, ?10 draft paths (JSON arrays), ?15
 * owner. */
#define DOC_FILTER                                                             \
    "(?1 IS NULL OR substr(u.path, 1, length(?1)) = ?1) "                      \
    "AND (?2 IS NULL OR d.doc_type = ?2) AND (?3 IS NULL OR d.state = ?3) "    \
    "AND (?4 IS NULL OR EXISTS (SELECT 1 FROM document_process p WHERE "       \
    "p.document_id = d.id AND p.process_id = ?4)) "                            \
    "AND (?5 IS NULL OR (d.state = 'approved' AND d.review_due < ?5)) "        \
    "AND (?6 IS NULL OR (d.state = 'approved' AND d.review_due <= ?6)) "       \
    "AND (?7 IS NOT NULL OR d.owner_id = ?8 OR d.deputy_id = ?8 OR "           \
    "d.approver_id = ?8 OR EXISTS (SELECT 1 FROM json_each(?10) g WHERE "      \
    "substr(u.path, 1, length(g.value)) = g.value) OR (d.state <> 'draft' "    \
    "AND EXISTS (SELECT 1 FROM json_each(?9) g WHERE "                         \
    "substr(u.path, 1, length(g.value)) = g.value OR "                         \
    "substr(g.value, 1, length(u.path)) = u.path))) "                          \
    "AND (?15 IS NULL OR d.owner_id = ?15) "

enum stmt {
    STMT_COUNT,
    STMT_IDS_TITLE,
    STMT_IDS_UPDATED,
    STMT_IDS_REVIEW,
    STMT_IDS_PROC,
    STMT_IDS_OWNER,
    STMT_IDS_SCOPE,
    STMT_IDS_STATE,
    STMT_IDS_TYPE,
    STMT_IDS_TYPE_TITLE,
    STMT_COUNT_PROC,
    STMT_COUNT_OWNER,
    STMT_COUNT_STATE,
    STMT_COUNT_SCOPE,
    STMT_FTS_IDS,
    STMT__MAX
};

static const char *const stmts[STMT__MAX] = {
    [STMT_COUNT] = "SELECT count(*) FROM (SELECT 1 " DOC_FROM
                   "WHERE " DOC_FILTER "LIMIT ?11)",
    /* the page's ids, scanning document in the sort's index order and
     * stopping after offset + limit matches; the rows are read one by one
     * (store_document_get) */
    [STMT_IDS_TITLE] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                       "ORDER BY d.title, d.id LIMIT ?11 OFFSET ?12",
    [STMT_IDS_UPDATED] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                         "ORDER BY d.updated_at DESC, d.id DESC "
                         "LIMIT ?11 OFFSET ?12",
    [STMT_IDS_REVIEW] = "SELECT d.id " DOC_SCAN "WHERE " DOC_FILTER
                        "ORDER BY coalesce(d.review_due, '9999-12-31'), d.id "
                        "LIMIT ?11 OFFSET ?12",
    /* one process: driven by its links, the few matches sorted (?13 the
     * sort) */
    [STMT_IDS_PROC] = "SELECT d.id " DOC_BY_PROC
                      "WHERE p.process_id = ?4 AND " DOC_FILTER DOC_SORT_SMALL
                      "LIMIT ?11 OFFSET ?12",
    /* one owner: driven by document_owner, the matches sorted; a person
     * owns hundreds of documents, not tens of thousands, and a walk of
     * the sort's index could pass most of the table first (titles follow
     * units and topics, and so do owners) */
    [STMT_IDS_OWNER] = "SELECT d.id " DOC_SCAN
                       "WHERE d.owner_id = ?15 AND " DOC_FILTER DOC_SORT_SMALL
                       "LIMIT ?11 OFFSET ?12",
    /* a unit subtree with at most the count's cap of matches: driven by
     * the units, the matches sorted */
    [STMT_IDS_SCOPE] = "SELECT d.id FROM org_unit u CROSS JOIN document d ON "
                       "d.unit_id = u.id WHERE " DOC_FILTER DOC_SORT_SMALL
                       "LIMIT ?11 OFFSET ?12",
    /* a state (or overdue: approved) with few matches: driven by
     * document_review (?14 the state) */
    [STMT_IDS_STATE] = "SELECT d.id " DOC_SCAN
                       "WHERE d.state = ?14 AND " DOC_FILTER DOC_SORT_SMALL
                       "LIMIT ?11 OFFSET ?12",
    /* a type: driven by document_type_title (015), sorted when few, in
     * the index's title order when many */
    [STMT_IDS_TYPE] = "SELECT d.id " DOC_SCAN
                      "WHERE d.doc_type = ?2 AND " DOC_FILTER DOC_SORT_SMALL
                      "LIMIT ?11 OFFSET ?12",
    [STMT_IDS_TYPE_TITLE] = "SELECT d.id " DOC_SCAN "WHERE d.doc_type = ?2 "
                            "AND " DOC_FILTER "ORDER BY d.title, d.id "
                            "LIMIT ?11 OFFSET ?12",
    [STMT_COUNT_PROC] = "SELECT count(*) FROM (SELECT 1 " DOC_BY_PROC
                        "WHERE p.process_id = ?4 AND " DOC_FILTER "LIMIT ?11)",
    [STMT_COUNT_OWNER] = "SELECT count(*) FROM (SELECT 1 " DOC_SCAN
                         "WHERE d.owner_id = ?15 AND " DOC_FILTER "LIMIT ?11)",
    /* a unit subtree: driven by the units (document_unit), so a small
     * subtree counts only its own documents */
    /* a state: driven by document_review */
    [STMT_COUNT_STATE] = "SELECT count(*) FROM (SELECT 1 " DOC_SCAN
                         "WHERE d.state = ?3 AND " DOC_FILTER "LIMIT ?11)",
    [STMT_COUNT_SCOPE] =
        "SELECT count(*) FROM (SELECT 1 FROM org_unit u CROSS JOIN document "
        "d ON d.unit_id = u.id WHERE " DOC_FILTER "LIMIT ?11)",
    /* a search driven by the match, newest first, up to the cap */
    [STMT_FTS_IDS] = "SELECT d.id FROM document_fts f CROSS JOIN document d "
                     "ON d.id = f.rowid JOIN org_unit u ON u.id = d.unit_id "
                     "WHERE f.document_fts MATCH ?12 AND " DOC_FILTER
                     "ORDER BY f.rowid DESC LIMIT ?11",
};

const struct sq_table sq_tab_docfind = {SQ_DOCFIND, stmts, STMT__MAX};

/* ---- search ---- */

int64_t doc_total_cap(const struct doc_filter *f)
{
    int64_t seen = (int64_t)f->offset + (f->limit > 0 ? f->limit : 25);

    return seen > DOC_TOTAL_CAP ? seen : DOC_TOTAL_CAP;
}

/* an unused text parameter, bound so that ?15 can be */
#define NO_TEXT ((const char *)NULL)
#define DOC_ARGS                                                               \
    sq_empty_null(f->scope_path), sq_empty_null(f->doc_type),                  \
        sq_empty_null(f->state), f->process_id,                                \
        sq_empty_null(f->overdue_today), sq_empty_null(f->due_by),             \
        (int64_t)(f->all ? 1 : 0), f->user_id,                                 \
        f->read_paths ? f->read_paths : "[]",                                  \
        f->draft_paths ? f->draft_paths : "[]"

/* search_fts: the matching ids up to the cap in one pass (the capped
 * total), then the page's documents one by one. */
static enum err search_fts(struct store *st, struct arena *a,
                           const struct doc_filter *f, const char *q,
                           struct doc_rec **out, size_t *n, int64_t *total)
{
    int64_t cap = doc_total_cap(f) + 1, *ids,
            lim = f->limit > 0 ? f->limit : 25;
    sqlite3_stmt *s =
        sq_start(st, &sq_tab_docfind, STMT_FTS_IDS, "tttIttIittitttI", DOC_ARGS,
                 cap, q, NO_TEXT, NO_TEXT, f->owner_id);
    size_t m = 0, i;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!(ids = arena_alloc(a, (size_t)cap * sizeof(*ids))))
        return E_NOMEM;
    while ((e = sq_row(st, s)) == E_OK)
        if (m < (size_t)cap)
            ids[m++] = sq_int(s, 0);
    if (e != E_NOTFOUND)
        return e;
    *total = (int64_t)m;
    if ((int64_t)m <= f->offset)
        return E_OK;
    if ((int64_t)m - f->offset < lim)
        lim = (int64_t)m - f->offset;
    if (!(*out = arena_alloc(a, (size_t)lim * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < (size_t)lim; i++)
        if ((e = store_document_get(st, a, ids[f->offset + (int64_t)i],
                                    &(*out)[i])))
            return e;
    *n = (size_t)lim;
    return E_OK;
}

/* read_ids reads the page's documents by id, in the order given. */
static enum err read_ids(struct store *st, struct arena *a, sqlite3_stmt *s,
                         int limit, struct doc_rec **out, size_t *n)
{
    int64_t *ids;
    size_t m = 0, i;
    enum err e;

    *n = 0;
    *out = NULL;
    if (!(ids = arena_alloc(a, (size_t)limit * sizeof(*ids))))
        return E_NOMEM;
    while ((e = sq_row(st, s)) == E_OK)
        if (m < (size_t)limit)
            ids[m++] = sq_int(s, 0);
    if (e != E_NOTFOUND)
        return e;
    if (!m)
        return E_OK;
    if (!(*out = arena_alloc(a, m * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < m; i++)
        if ((e = store_document_get(st, a, ids[i], &(*out)[i])))
            return e;
    *n = m;
    return E_OK;
}

enum err store_document_search(struct store *st, struct arena *a,
                               const struct doc_filter *f, struct doc_rec **out,
                               size_t *n, int64_t *total)
{
    static const int ids[DOC_SORT__MAX] = {
        [DOC_SORT_TITLE] = STMT_IDS_TITLE,
        [DOC_SORT_UPDATED] = STMT_IDS_UPDATED,
        [DOC_SORT_REVIEW] = STMT_IDS_REVIEW,
    };
    const char *q = sq_fts_query(a, sq_empty_null(f->q));
    int sort = (unsigned)f->sort < DOC_SORT__MAX ? (int)f->sort : 0;
    int lim = f->limit > 0 ? f->limit : 25, few, k;
    const char *state;
    sqlite3_stmt *s;
    enum err e;

    if (q)
        return search_fts(st, a, f, q, out, n, total);
    s = sq_start(st, &sq_tab_docfind,
                 f->process_id                  ? STMT_COUNT_PROC
                 : f->owner_id                  ? STMT_COUNT_OWNER
                 : sq_empty_null(f->scope_path) ? STMT_COUNT_SCOPE
                 : sq_empty_null(f->state)      ? STMT_COUNT_STATE
                                                : STMT_COUNT,
                 "tttIttIittitttI", DOC_ARGS, doc_total_cap(f) + 1, NO_TEXT,
                 NO_TEXT, NO_TEXT, f->owner_id);
    if ((e = sq_int_one(st, s, total)))
        return e;
    /* few matches: driven by the process, the owner, the units, the
     * state or the type, then sorted (a process or an owner always); many:
     * walking the sort's index finds a page soon (by type when the titles'
     * order follows the types) */
    few = *total <= doc_total_cap(f);
    state = sq_empty_null(f->state);
    if (!state && (f->overdue_today || f->due_by))
        state = "approved";
    k = f->process_id                         ? STMT_IDS_PROC
        : f->owner_id                         ? STMT_IDS_OWNER
        : few && sq_empty_null(f->scope_path) ? STMT_IDS_SCOPE
        : few && state                        ? STMT_IDS_STATE
        : few && sq_empty_null(f->doc_type)   ? STMT_IDS_TYPE
        : sort == DOC_SORT_TITLE && sq_empty_null(f->doc_type)
            ? STMT_IDS_TYPE_TITLE
            : ids[sort];
    /* every statement has ?15 (DOC_FILTER), so all bind ?1..?15; the
     * sorted ones use ?13, the state's ?14 */
    s = sq_start(st, &sq_tab_docfind, k, "tttIttIittiiitI", DOC_ARGS,
                 (int64_t)lim, (int64_t)f->offset, (int64_t)sort, state,
                 f->owner_id);
    return read_ids(st, a, s, lim, out, n);
}
#undef DOC_ARGS
#undef NO_TEXT
