/* responsibility.c: the gap rules of the responsibility page. */
#include "core/responsibility.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"

static const char *const kind_names[RK__MAX] = {
    [RK_MANAGER] = "manager",           [RK_QUALITY] = "quality",
    [RK_HANDLER] = "handler",           [RK_PROCESS_OWNER] = "process_owner",
    [RK_PROCESS_LEAD] = "process_lead", [RK_DOCUMENT_OWNER] = "document_owner",
};

const char *resp_kind_str(enum resp_kind k)
{
    return names_get(kind_names, RK__MAX, (int)k);
}

enum resp_kind resp_kind_from_str(const char *s)
{
    return (enum resp_kind)names_index(kind_names, RK__MAX, s);
}

int resp_needs_deputy(enum resp_kind k)
{
    return k == RK_MANAGER || k == RK_PROCESS_OWNER || k == RK_PROCESS_LEAD ||
           k == RK_DOCUMENT_OWNER;
}

unsigned resp_gaps(const struct resp_row *x)
{
    unsigned g = 0;

    if (!x->holder_id) {
        if (x->must_hold)
            g |= RG_NOBODY;
    } else {
        if (!x->holder_active)
            g |= RG_INACTIVE;
        if (resp_needs_deputy(x->kind) && !x->deputy_id && !x->inherited)
            g |= RG_NO_DEPUTY;
        if (x->holder_total > RESP_MAX_PER_PERSON)
            g |= RG_TOO_MANY;
    }
    if (x->deputy_id && !x->deputy_active)
        g |= RG_DEPUTY_INACTIVE;
    return g;
}

size_t resp_flag(struct resp_row *rows, size_t n)
{
    size_t i, flagged = 0;

    for (i = 0; i < n; i++) {
        rows[i].gaps = resp_gaps(&rows[i]);
        flagged += rows[i].gaps != 0;
    }
    return flagged;
}

unsigned resp_deputy_kinds(void)
{
    unsigned m = 0;
    int k;

    for (k = 0; k < RK__MAX; k++)
        if (resp_needs_deputy((enum resp_kind)k))
            m |= 1u << k;
    return m;
}

static int by_id(const void *pa, const void *pb)
{
    const struct resp_person *a = pa, *b = pb;

    return (a->id > b->id) - (a->id < b->id);
}

const struct resp_person *resp_person_of(const struct resp_tally *t,
                                         int64_t holder_id)
{
    struct resp_person key = {0};

    if (!holder_id || !t->n_people)
        return NULL;
    key.id = holder_id;
    return bsearch(&key, t->people, t->n_people, sizeof(key), by_id);
}

/* collect_people: one entry per holder with their total, ordered by id:
 * an entry per group, sorted, then merged */
static void collect_people(const struct resp_group *g, size_t n,
                           struct resp_tally *t)
{
    struct resp_person *p = t->people;
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        if (!g[i].holder_id)
            continue;
        memset(&p[m], 0, sizeof(p[m]));
        p[m].id = g[i].holder_id;
        p[m].name = g[i].holder_name;
        p[m].active = g[i].holder_active;
        p[m].total = g[i].inherited ? 0 : g[i].n;
        m++;
    }
    if (m)
        qsort(p, m, sizeof(*p), by_id);
    t->n_people = 0;
    for (i = 0; i < m; i++) {
        if (t->n_people && p[t->n_people - 1].id == p[i].id)
            p[t->n_people - 1].total += p[i].total;
        else
            p[t->n_people++] = p[i];
    }
}

void resp_tally(const struct resp_group *g, size_t n,
                struct resp_person *people, struct resp_tally *t)
{
    size_t i;

    memset(t, 0, sizeof(*t));
    t->people = people;
    collect_people(g, n, t);
    for (i = 0; i < t->n_people; i++)
        if (t->people[i].total > RESP_MAX_PER_PERSON)
            t->too_many++;
    for (i = 0; i < n; i++) {
        struct resp_person *p =
            (struct resp_person *)resp_person_of(t, g[i].holder_id);
        enum resp_kind k = g[i].kind < RK__MAX ? g[i].kind : RK_MANAGER;
        struct resp_row x = {0};
        unsigned gaps;

        x.kind = k;
        x.holder_id = g[i].holder_id;
        x.deputy_id = g[i].deputy_id;
        x.holder_active = g[i].holder_active;
        x.deputy_active = g[i].deputy_active;
        x.must_hold = g[i].must_hold;
        x.inherited = g[i].inherited;
        x.holder_total = p ? p->total : 0;
        gaps = resp_gaps(&x);
        t->rows += g[i].n;
        t->by_kind[k] += g[i].n;
        if (gaps & RG_NOBODY)
            t->nobody += g[i].n;
        if (gaps & (RG_INACTIVE | RG_DEPUTY_INACTIVE))
            t->inactive += g[i].n;
        if (gaps & RG_NO_DEPUTY)
            t->no_deputy += g[i].n;
        if (gaps & ~(unsigned)RG_TOO_MANY) {
            t->gap_rows += g[i].n;
            t->gaps_by_kind[k] += g[i].n;
        }
        if (p && k == RK_DOCUMENT_OWNER) {
            p->docs += g[i].n;
            if (gaps & RG_NO_DEPUTY)
                p->docs_no_deputy += g[i].n;
            if (gaps & RG_DEPUTY_INACTIVE)
                p->docs_deputy_inactive += g[i].n;
            p->doc_gaps |= gaps;
        }
    }
}
