/* demo_requirement.c: ska demo's legal-requirements register with the
 * processes and controlled documents that fulfil its provisions,
 * assessments and last year's status report (issue 5), written through
 * the store so that the audit log has every change. */
#include "demo_requirement.h"

#include <stdlib.h>
#include <string.h>

#include "datetime.h"

#define DAY 86400

/* A requirement and the codes of the processes or documents that fulfil
 * it (a code that does not exist is skipped). */
struct link_row {
    const char *req, *codes[5];
};

/* Requirement -> agreed process codes (../shared: A creates them). */
static const struct link_row proc_links[] = {
    {"SOSFS 2011:9 3:1", {"LED", "LED-KVAL"}},
    {"SOSFS 2011:9 3:2", {"LED-KVAL", "LED-EKON"}},
    {"SOSFS 2011:9 3:3", {"LED-KVAL"}},
    {"SOSFS 2011:9 4:2", {"KP", "LED-KVAL"}},
    {"SOSFS 2011:9 4:3", {"KP"}},
    {"SOSFS 2011:9 4:4", {"ST-DOK"}},
    {"SOSFS 2011:9 5:1", {"LED-KVAL", "ST-LAK"}},
    {"SOSFS 2011:9 5:2", {"LED-KVAL", "ST-HYG"}},
    {"PSL 3:3", {"LED-KVAL"}},
    {"PSL 6:4", {"LED-KVAL"}},
    {"HSL 5:1", {"KP-ECT", "KP-ADHD", "KP-HSV", "KP-DIABFOT", "KP-SLUTEN"}},
    {"HSL 5:2", {"ST-KOMP", "ST-MTP"}},
    {"HSL 5:4", {"LED-KVAL"}},
};

/* Requirement -> the demo's controlled documents (demo_document.c, which
 * runs before): approved ones, one past its review date (INF-ECT-002), so
 * that a requirement page shows what fulfils it and what needs review. */
static const struct link_row doc_links[] = {
    {"SOSFS 2011:9 3:1", {"POL-RE-001"}},
    {"SOSFS 2011:9 3:2", {"RUT-RE-004"}},
    {"SOSFS 2011:9 4:4", {"RIK-ECT-001", "RUT-HSV-003", "RUT-DOK-001"}},
    {"SOSFS 2011:9 4:6", {"RUT-HSV-004"}},
    {"SOSFS 2011:9 5:1", {"RUT-RE-002"}},
    {"HSL 5:1", {"VP-HSV-001", "VP-DIAB-001", "RUT-HYG-001", "INF-ECT-002"}},
    {"HSL 5:2", {"RUT-MTP-001", "RUT-KOMP-001"}},
    {"HSL 5:4", {"RUT-RE-004", "POL-RE-001"}},
};

/* Assessments: who, where, how, how many days ago. The last one's review
 * (12 months) is overdue. */
static const struct {
    const char *req, *unit, *user, *status, *evidence;
    int days_ago;
} assessments[] = {
    {"SOSFS 2011:9 3:1", "HSF", "kvalitet", "met",
     "Ledningssystemet är beskrivet på intranätet och fastställt av "
     "förvaltningsledningen.",
     60},
    {"SOSFS 2011:9 3:3", "HSF", "kvalitet", "partly_met",
     "Ansvaret är fördelat men personberoende; ersättare saknas för flera "
     "roller (revisionen 2024).",
     45},
    {"SOSFS 2011:9 4:2", "LVPS", "chef.psyk", "not_met",
     "Kärnprocesserna är inte inventerade eller beskrivna.", 30},
    {"SOSFS 2011:9 6:1", "LVPS", "chef.psyk", "met",
     "Avvikelser och risker tas upp på varje APT; rutin för rapportering "
     "finns.",
     90},
    {"SOSFS 2011:9 5:3", "LVPS-ECT", "chef.psyk", "met",
     "Klagomål och synpunkter registreras och besvaras inom fyra veckor.", 20},
    {"HSL 5:1", "KARD-HSV", "chef.kard", "met",
     "Vårdprogram för hjärtsvikt följs; resultaten i kvalitetsregistret är "
     "på riksnivå.",
     75},
    {"PSL 3:5", "HSF", "kvalitet", "met",
     "Rutin för Lex Maria finns; chefläkaren är anmälningsansvarig.", 120},
    {"SOSFS 2011:9 5:1", "KARD", "chef.kard", "partly_met",
     "Riskanalys görs inför större förändringar men inte fortlöpande.", 430},
};

static int64_t find_req(const struct req_row *rows, size_t n, const char *code)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (strcmp(rows[i].q.code, code) == 0)
            return rows[i].q.id;
    return 0;
}

static const char *date_ago(struct arena *a, int days)
{
    struct buf b;
    const char *s;

    buf_init(&b, 32);
    datetime_fmt_date_sv(&b, datetime_now() - (int64_t)days * DAY);
    s = b.err ? NULL : arena_strdup(a, b.p);
    buf_release(&b);
    return s;
}

/* add_links links each requirement of tab to the provider's processes or
 * documents (kind) with the listed codes. */
static enum err add_links(struct store *st, struct arena *a, int64_t provider,
                          const struct req_row *rows, size_t n,
                          const char *kind, const struct link_row *tab,
                          size_t ntab)
{
    const struct actor who = {0, "cli"};
    struct req_link *p;
    size_t np, i, j, k;
    enum err e;

    if ((e = store_requirement_link_options(st, a, kind, provider, &p, &np)))
        return e;
    for (i = 0; i < ntab; i++) {
        int64_t rid = find_req(rows, n, tab[i].req);

        for (j = 0; rid && j < 5 && tab[i].codes[j]; j++)
            for (k = 0; k < np; k++)
                if (strcmp(p[k].code, tab[i].codes[j]) == 0 &&
                    (e = store_requirement_link(st, &who, rid, kind, p[k].id,
                                                1)))
                    return e;
    }
    return E_OK;
}

static enum err add_assessments(struct store *st, struct arena *a,
                                const struct req_row *rows, size_t n)
{
    size_t i;
    enum err e;

    for (i = 0; i < sizeof(assessments) / sizeof(assessments[0]); i++) {
        struct req_assessment x = {0};
        struct actor who;
        struct user u;
        struct unit un;
        char next[16];

        if ((e = store_user_by_username(st, a, assessments[i].user, &u)) ||
            (e = store_unit_by_code(st, a, assessments[i].unit, &un)))
            return e;
        who.user_id = u.id;
        who.name = u.username;
        x.requirement_id = find_req(rows, n, assessments[i].req);
        x.unit_id = un.id;
        x.status = assessments[i].status;
        x.evidence = assessments[i].evidence;
        x.assessed_on = date_ago(a, assessments[i].days_ago);
        if (!x.requirement_id || !x.assessed_on ||
            requirement_add_months(x.assessed_on, REQ_REVIEW_DEFAULT, next))
            return E_INVAL;
        x.next_review = next;
        if ((e = store_requirement_assess(st, &who, &x)))
            return e;
    }
    return E_OK;
}

/* last_year makes last year's figures from today's: the audit's picture
 * before the work began (nothing assessed or linked, fewer owners and
 * current documents, more open actions). */
static void last_year(struct status_figures *f)
{
    f->core_owner_lead /= 2;
    f->core_current_docs /= 2;
    f->core_quality_targets /= 3;
    f->core_indicator_data /= 2;
    f->docs_overdue += f->docs_approved / 4;
    if (f->docs_overdue > f->docs_approved)
        f->docs_overdue = f->docs_approved;
    f->req_no_process = f->req_total;
    f->req_never_assessed = f->req_total;
    f->req_overdue = 0;
    f->actions_open += 14;
    f->actions_overdue += 6;
}

static enum err add_snapshot(struct store *st, struct arena *a)
{
    struct status_snapshot s = {0};
    struct status_figures f;
    const char *today = date_ago(a, 0), *then = date_ago(a, 365);
    struct actor who;
    struct user u;
    struct unit hsf;
    char since[16];
    enum err e;

    if (!today || !then)
        return E_NOMEM;
    memcpy(since, then, 7);
    since[7] = '\0';
    if ((e = store_user_by_username(st, a, "kvalitet", &u)) ||
        (e = store_unit_by_code(st, a, "HSF", &hsf)) ||
        (e = store_status_figures(st, hsf.path, hsf.provider_id, today, since,
                                  &f)))
        return e;
    last_year(&f);
    who.user_id = u.id;
    who.name = u.username;
    s.unit_id = hsf.id;
    s.label = arena_printf(a, "Årsrapport %.4s", then);
    s.figures = store_status_json(a, &f, then, hsf.code, hsf.name);
    s.taken_at = datetime_now() - 365 * DAY;
    if (!s.label || !s.figures)
        return E_NOMEM;
    return store_snapshot_add(st, &who, &s);
}

enum err demo_requirement(struct store *st, struct arena *a)
{
    struct req_filter f = {0};
    struct req_row *rows;
    struct unit re;
    size_t n;
    enum err e;

    if ((e = store_unit_by_code(st, a, "RE", &re)))
        return e;
    f.provider_id = re.provider_id;
    if ((e = store_requirement_list(st, a, &f, &rows, &n)) ||
        (e = add_links(st, a, re.provider_id, rows, n, "process", proc_links,
                       sizeof(proc_links) / sizeof(proc_links[0]))) ||
        (e = add_links(st, a, re.provider_id, rows, n, "document", doc_links,
                       sizeof(doc_links) / sizeof(doc_links[0]))) ||
        (e = add_assessments(st, a, rows, n)))
        return e;
    return add_snapshot(st, a);
}
