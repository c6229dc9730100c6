/* page_responsibility.c: GET /responsibility?unit=CODE, who holds every
 * role of the quality work in a unit subtree (SOSFS 2011:9 3 kap. 3 §):
 * managers, quality coordinators, case handlers, process owners and
 * leads one row each; document owners summarised per person (documents
 * owned, without a deputy, with an inactive deputy; a link to their
 * documents); the deputy appointments. Gaps (core/responsibility.c) come
 * first: the rows with a gap, the document owners with one, and the
 * people who hold too many. Everything is counted in SQL by groups
 * (store_resp.c), so a region of 50,000 documents is fast. Printable. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "page.h"
#include "requirements.h"

#define SHOW_MAX 300   /* rows shown per kind */
#define GAPS_MAX 300   /* gap rows shown */
#define PEOPLE_MAX 300 /* document owners, people with too many shown */

static const char *const gap_keys[] = {
    "resp.gap.nobody", "resp.gap.inactive", "resp.gap.no_deputy",
    "resp.gap.deputy_inactive", "resp.gap.too_many"};

static const char *kind_label(struct req *r, const char *prefix,
                              enum resp_kind k)
{
    return page_t(r, arena_printf(r->a, "%s%s", prefix, resp_kind_str(k)));
}

/* fill_row: one responsibility, its holder's total and gaps from t */
static void fill_row(struct req *r, struct tv *it, const struct resp_row *row,
                     const struct resp_tally *t)
{
    const struct resp_person *p = resp_person_of(t, row->holder_id);
    struct resp_row x = *row;
    struct tv *gl = tv_list(it, "gaps");
    size_t k;

    x.holder_total = p ? p->total : 0;
    x.gaps = resp_gaps(&x);
    tv_str(it, "kind", kind_label(r, "resp.kind.", x.kind));
    tv_str(it, "object", x.object_name);
    tv_str(it, "code", x.object_code);
    tv_str(it, "unit", x.unit_name);
    tv_str(it, "holder", x.holder_id ? x.holder_name : NULL);
    tv_bool(it, "inactive", x.holder_id && !x.holder_active);
    tv_bool(it, "inherited", x.inherited);
    tv_str(it, "deputy", x.deputy_id ? x.deputy_name : NULL);
    tv_int(it, "total", x.holder_total);
    for (k = 0; k < sizeof(gap_keys) / sizeof(gap_keys[0]); k++)
        if (x.gaps & (1u << k))
            tv_str(tv_push(gl), "text", page_t(r, gap_keys[k]));
    tv_bool(it, "has_gaps", x.gaps != 0);
}

static void add_gap(struct req *r, struct tv *gl, const char *key, int64_t n)
{
    struct tv *g = tv_push(gl);

    tv_str(g, "text", page_t(r, key));
    tv_int(g, "n", n);
}

/* fill_person: a holder with their documents, gaps and link */
static void fill_person(struct req *r, struct tv *it,
                        const struct resp_person *p, const struct unit *u)
{
    struct tv *gl = tv_list(it, "gaps");

    tv_str(it, "holder", p->name);
    tv_bool(it, "inactive", !p->active);
    tv_int(it, "docs", p->docs);
    tv_int(it, "no_deputy", p->docs_no_deputy);
    tv_int(it, "deputy_inactive", p->docs_deputy_inactive);
    tv_int(it, "total", p->total);
    tv_bool(it, "too_many", p->total > RESP_MAX_PER_PERSON);
    tv_bool(it, "has_gaps", (p->doc_gaps & ~(unsigned)RG_TOO_MANY) != 0);
    tv_str(it, "href",
           arena_printf(r->a, "/documents?owner=%lld&unit=%lld",
                        (long long)p->id, (long long)u->id));
    if (p->docs && !p->active)
        add_gap(r, gl, "resp.gap.inactive", 0);
    if (p->docs_no_deputy)
        add_gap(r, gl, "resp.gap.no_deputy", p->docs_no_deputy);
    if (p->docs_deputy_inactive)
        add_gap(r, gl, "resp.gap.deputy_inactive", p->docs_deputy_inactive);
}

static int by_docs(const void *pa, const void *pb)
{
    const struct resp_person *a = *(const struct resp_person *const *)pa;
    const struct resp_person *b = *(const struct resp_person *const *)pb;

    if (a->docs != b->docs)
        return a->docs < b->docs ? 1 : -1;
    return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

static int by_total(const void *pa, const void *pb)
{
    const struct resp_person *a = *(const struct resp_person *const *)pa;
    const struct resp_person *b = *(const struct resp_person *const *)pb;

    if (a->total != b->total)
        return a->total < b->total ? 1 : -1;
    return strcmp(a->name ? a->name : "", b->name ? b->name : "");
}

/* sorted: the people of t for whom keep() holds, ordered by cmp; NULL
 * when out of memory */
static const struct resp_person **
sorted(struct req *r, const struct resp_tally *t,
       int (*keep)(const struct resp_person *),
       int (*cmp)(const void *, const void *), size_t *n)
{
    const struct resp_person **v =
        arena_alloc(r->a, (t->n_people + 1) * sizeof(*v));
    size_t i;

    *n = 0;
    if (!v)
        return NULL;
    for (i = 0; i < t->n_people; i++)
        if (keep(&t->people[i]))
            v[(*n)++] = &t->people[i];
    qsort(v, *n, sizeof(*v), cmp);
    return v;
}

static int owns_docs(const struct resp_person *p)
{
    return p->docs > 0;
}

static int doc_gaps(const struct resp_person *p)
{
    return p->docs > 0 && (p->doc_gaps & ~(unsigned)RG_TOO_MANY);
}

static int holds_too_many(const struct resp_person *p)
{
    return p->total > RESP_MAX_PER_PERSON;
}

/* fill_people: ctx[key] the people for whom keep() holds, at most
 * PEOPLE_MAX; key_n their number. 0 when out of memory. */
static int fill_people(struct req *r, struct tv *ctx, const char *key,
                       const struct resp_tally *t, const struct unit *u,
                       int (*keep)(const struct resp_person *),
                       int (*cmp)(const void *, const void *))
{
    size_t i, n;
    const struct resp_person **v = sorted(r, t, keep, cmp, &n);
    struct tv *l = tv_list(ctx, key);

    if (!v)
        return 0;
    for (i = 0; i < n && i < PEOPLE_MAX; i++)
        fill_person(r, tv_push(l), v[i], u);
    tv_int(ctx, arena_printf(r->a, "%s_n", key), (long long)n);
    tv_int(ctx, arena_printf(r->a, "%s_shown", key), (long long)i);
    tv_bool(ctx, arena_printf(r->a, "%s_truncated", key), i < n);
    return 1;
}

static void fill_kinds(struct req *r, struct tv *ctx, const struct resp_row *x,
                       size_t n, const struct resp_tally *t)
{
    struct tv *kinds = tv_list(ctx, "kinds"), *ko[RK__MAX] = {0},
              *kl[RK__MAX] = {0};
    size_t shown[RK__MAX] = {0}, i;
    int k;

    for (k = 0; k < RK_DOCUMENT_OWNER; k++) {
        ko[k] = tv_push(kinds);
        tv_str(ko[k], "id", resp_kind_str((enum resp_kind)k));
        tv_str(ko[k], "title", kind_label(r, "resp.kinds.", k));
        kl[k] = tv_list(ko[k], "rows");
    }
    for (i = 0; i < n; i++) {
        k = x[i].kind;
        if (k < 0 || k >= RK_DOCUMENT_OWNER)
            continue;
        fill_row(r, tv_push(kl[k]), &x[i], t);
        shown[k]++;
    }
    for (k = 0; k < RK_DOCUMENT_OWNER; k++) {
        tv_int(ko[k], "count", (long long)t->by_kind[k]);
        tv_int(ko[k], "shown", (long long)shown[k]);
        tv_bool(ko[k], "truncated", (int64_t)shown[k] < t->by_kind[k]);
        tv_bool(ko[k], "empty", t->by_kind[k] == 0);
    }
}

static void fill_deputies(struct tv *ctx, const struct resp_deputy *d,
                          size_t nd)
{
    struct tv *dl = tv_list(ctx, "deputies");
    size_t i;

    for (i = 0; i < nd; i++) {
        struct tv *it = tv_push(dl);

        tv_str(it, "absent", d[i].absent_name);
        tv_str(it, "deputy", d[i].deputy_name);
        tv_str(it, "from", d[i].valid_from);
        tv_str(it, "to", d[i].valid_to);
        tv_str(it, "note", d[i].note);
        tv_bool(it, "inactive", !d[i].deputy_active);
    }
    tv_bool(ctx, "has_deputies", nd > 0);
}

static void fill_counts(struct tv *ctx, const struct resp_tally *t,
                        size_t gshown)
{
    int64_t row_gaps = t->gap_rows - t->gaps_by_kind[RK_DOCUMENT_OWNER];

    tv_int(ctx, "n_rows", t->rows);
    tv_int(ctx, "n_gaps", t->gap_rows);
    tv_int(ctx, "n_nobody", t->nobody);
    tv_int(ctx, "n_inactive", t->inactive);
    tv_int(ctx, "n_no_deputy", t->no_deputy);
    tv_int(ctx, "n_too_many", t->too_many);
    tv_int(ctx, "n_docs", t->by_kind[RK_DOCUMENT_OWNER]);
    tv_int(ctx, "max_per_person", RESP_MAX_PER_PERSON);
    tv_bool(ctx, "has_gaps", t->gap_rows > 0 || t->too_many > 0);
    tv_bool(ctx, "has_row_gaps", gshown > 0);
    tv_int(ctx, "row_gaps", row_gaps);
    tv_int(ctx, "gaps_shown", (long long)gshown);
    tv_bool(ctx, "gaps_truncated", (int64_t)gshown < row_gaps);
}

/* GET /responsibility?unit=CODE: 200; 403 a unit outside the read scope;
 * 404 no such unit. */
void page_responsibility(struct req *r)
{
    struct resp_row *x, *gx;
    struct resp_group *g;
    struct resp_person *people;
    struct resp_deputy *d;
    struct resp_tally t;
    size_t i, n, ng, ngx, nd;
    struct tv *ctx, *gaps;
    int can_read;
    struct unit u;

    if (!mgmt_pick_unit(r, &u, &can_read, 0))
        return;
    if (store_resp_groups(r->st, r->a, u.path, req_today(r), &g, &ng) ||
        store_resp_rows(r->st, r->a, u.path, req_today(r), SHOW_MAX, &x, &n) ||
        store_resp_gaps(r->st, r->a, u.path, req_today(r), GAPS_MAX, &gx,
                        &ngx) ||
        store_resp_deputies(r->st, r->a, u.path, req_today(r), &d, &nd) ||
        !(people = arena_alloc(r->a, (ng + 1) * sizeof(*people)))) {
        page_error(r, 500);
        return;
    }
    resp_tally(g, ng, people, &t);
    ctx = page_ctx(r);
    gaps = tv_list(ctx, "gaps");
    for (i = 0; i < ngx; i++)
        fill_row(r, tv_push(gaps), &gx[i], &t);
    fill_counts(ctx, &t, ngx);
    fill_kinds(r, ctx, x, n, &t);
    if (!fill_people(r, ctx, "gap_owners", &t, &u, doc_gaps, by_docs) ||
        !fill_people(r, ctx, "overloaded", &t, &u, holds_too_many, by_total) ||
        !fill_people(r, ctx, "owners", &t, &u, owns_docs, by_docs)) {
        page_error(r, 500);
        return;
    }
    fill_deputies(ctx, d, nd);
    tv_str(ctx, "unit_code", u.code);
    tv_str(ctx, "unit_name", u.name);
    tv_str(ctx, "today", req_today(r));
    mgmt_unit_options(r, ctx, "units", 0, u.id, mgmt_can_read);
    page_render(r, 200, "responsibility", ctx, "resp.title");
}
