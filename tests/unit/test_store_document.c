/* test_store_document.c: controlled documents in the SQLite store: create
 * with the first draft, edit, submit, return, approve (review date, the
 * previous version archived, the document's denormalised columns and the
 * search index following), archive, conflicts, search with filters and
 * the visibility rule, process links, read acknowledgements with the
 * target group's share, and the review reminder sweep. */
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attach.h"
#include "core/auth.h"
#include "datetime.h"
#include "store/store_document.h"

static char dir[] = "/tmp/ska-test-doc-XXXXXX";
static char db[256];
static const struct actor who = {0, "test"};
static struct store *st;
static int64_t provider, unit_a, unit_b, other;
static int64_t owner, deputy, approver, manager, staff_a, staff_b;
static char today[11];

static int64_t add_unit(int64_t parent, const char *code, const char *kind)
{
    struct unit u = {0};

    u.parent_id = parent;
    u.code = code;
    u.name = code;
    u.kind = kind;
    u.org_nr = parent ? NULL : "232100-0016";
    u.active = 1;
    if (store_unit_create(st, &who, &u))
        return 0;
    return u.id;
}

static int64_t add_user(const char *name, int64_t unit, enum role role)
{
    struct user u = {0};
    int64_t rid;

    u.username = name;
    u.name = name;
    u.home_unit_id = unit;
    u.lang = strcmp(name, "approver") == 0 ? "en" : "sv";
    u.active = 1;
    if (store_user_create(st, &who, &u) ||
        store_role_add(st, &who, u.id, role, unit, &rid))
        return 0;
    return u.id;
}

static int64_t new_doc(const char *code, const char *title, int64_t unit,
                       const char *body)
{
    struct doc_rec d = {0};

    d.code = code;
    d.title = title;
    d.doc_type = "routine";
    d.unit_id = unit;
    d.owner_id = owner;
    d.deputy_id = deputy;
    d.approver_id = approver;
    d.review_months = 12;
    if (store_document_create(st, &who, &d, body, "Första versionen", NULL))
        return 0;
    return d.id;
}

static enum err step(int64_t id, int no, enum doc_event ev, const char *from,
                     const char *comment, const char *valid_until)
{
    enum err e;

    if ((e = store_begin(st)))
        return e;
    e = store_docv_transition(st, &who, id, no, ev, from, comment, valid_until,
                              today);
    if (e)
        store_rollback(st);
    else
        e = store_commit(st);
    return e;
}

static size_t search(const struct doc_filter *f, struct doc_rec **rows)
{
    struct arena *a = arena_new();
    static struct arena *keep;
    int64_t total;
    size_t n = 0;

    if (keep)
        arena_free(keep);
    keep = a;
    if (store_document_search(st, a, f, rows, &n, &total))
        return 999;
    return n;
}

T(workflow)
{
    struct arena *a = arena_new();
    struct doc_rec d;
    struct docv_rec v, *vs;
    char review[11];
    size_t n;
    int no = 0;
    int64_t id;

    CHECK_INT(store_begin(st), E_OK);
    id = new_doc("RUT-ECT-001", "Rutin för ECT-behandling", unit_a,
                 "# Syfte\n\nNarkos och **elektrokonvulsiv** behandling.");
    CHECK_INT(store_commit(st), E_OK);
    CHECK(id > 0);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_STR(d.state, "draft");
    CHECK_INT(d.current_version_no, 1);
    CHECK(d.review_due == NULL);
    /* the code is unique per provider */
    CHECK_INT(store_begin(st), E_OK);
    CHECK(new_doc("RUT-ECT-001", "Dubblett", unit_b, "x") == 0);
    store_rollback(st);

    /* the draft is edited, submitted, returned with a comment, resubmitted */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_edit(st, &who, id, 1,
                              "# Syfte\n\nElektrokonvulsiv behandling under "
                              "narkos.",
                              "Språket", DF_KEEP, NULL),
              E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(step(id, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_edit(st, &who, id, 1, "x", NULL, DF_KEEP, NULL),
              E_CONFLICT);
    store_rollback(st);
    CHECK_INT(step(id, 1, DE_SUBMIT, "draft", NULL, NULL), E_CONFLICT);
    CHECK_INT(step(id, 1, DE_RETURN, "review", "Ange ansvarig", NULL), E_OK);
    CHECK_INT(store_docv_get(st, a, id, 1, &v), E_OK);
    CHECK_STR(v.state, "draft");
    CHECK_STR(v.return_note, "Ange ansvarig");
    CHECK_INT(step(id, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(id, 1, DE_APPROVE, "review", NULL, NULL), E_OK);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_STR(d.state, "approved");
    CHECK_INT(d.current_version_no, 1);
    CHECK_INT(doc_add_months(today, 12, review), 0);
    CHECK_STR(d.review_due, review);
    CHECK_INT(store_docv_get(st, a, id, 1, &v), E_OK);
    CHECK_STR(v.approved_on, today);
    CHECK_STR(v.review_date, review);

    /* version 2: one open version at a time; approving archives v1 */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_new_draft(st, &who, id, "# Syfte\n\nVersion två.",
                                   "Ny dos", DF_KEEP, NULL, &no),
              E_OK);
    CHECK_INT(no, 2);
    CHECK_INT(store_docv_new_draft(st, &who, id, "y", NULL, DF_KEEP, NULL, &no),
              E_CONFLICT);
    CHECK_INT(store_commit(st), E_OK);
    /* the approved version stays current while v2 is worked on */
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_INT(d.current_version_no, 1);
    CHECK_INT(step(id, 2, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(id, 2, DE_APPROVE, "review", NULL, "2099-06-30"), E_OK);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_INT(d.current_version_no, 2);
    CHECK_STR(d.review_due, "2099-06-30");
    CHECK_INT(store_docv_get(st, a, id, 1, &v), E_OK);
    CHECK_STR(v.state, "archived");
    CHECK_INT(store_docv_list(st, a, id, &vs, &n), E_OK);
    CHECK_INT(n, 2);
    CHECK_INT(vs[0].version_no, 2);

    /* archive: the document is archived, the latest version current */
    CHECK_INT(step(id, 2, DE_ARCHIVE, "approved", NULL, NULL), E_OK);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_STR(d.state, "archived");
    CHECK_INT(d.current_version_no, 2);
    CHECK(d.review_due == NULL);
    CHECK_INT(step(id, 2, DE_ARCHIVE, "approved", NULL, NULL), E_CONFLICT);
    arena_free(a);
}

T(search_and_visibility)
{
    struct doc_filter f = {0};
    struct doc_rec *rows;
    struct unit ua;
    struct arena *a = arena_new();
    int64_t draft, appr;
    size_t n;

    CHECK_INT(store_begin(st), E_OK);
    draft = new_doc("RUT-B-1", "Läkemedelshantering på avdelningen", unit_b,
                    "Dubbelkontroll av insulin.");
    appr = new_doc("RUT-B-2", "Vårdhygien", unit_b,
                   "Basala hygienrutiner och klädregler.");
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(step(appr, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(appr, 1, DE_APPROVE, "review", NULL, NULL), E_OK);

    f.all = 1;
    f.q = "lakemedelshant"; /* no diacritics, a prefix */
    CHECK_INT(search(&f, &rows), 1);
    CHECK_INT(rows[0].id, draft);
    f.q = "hygienrutin";
    CHECK_INT(search(&f, &rows), 1);
    f.q = NULL;
    f.state = "approved";
    n = search(&f, &rows);
    CHECK_INT(n, 1);
    f.state = NULL;
    f.doc_type = "policy";
    CHECK_INT(search(&f, &rows), 0);
    f.doc_type = NULL;
    CHECK_INT(store_unit_get(st, a, unit_b, &ua), E_OK);
    f.scope_path = ua.path;
    CHECK_INT(search(&f, &rows), 2);
    /* an owner's documents: driven by the owner, by the units, by the
     * match */
    f.owner_id = deputy;
    CHECK_INT(search(&f, &rows), 0);
    f.owner_id = owner;
    CHECK_INT(search(&f, &rows), 2);
    f.scope_path = NULL;
    n = search(&f, &rows);
    CHECK(n >= 2);
    for (; n > 0; n--)
        CHECK_STR(rows[n - 1].owner_name, "owner");
    f.owner_id = deputy;
    CHECK_INT(search(&f, &rows), 0);
    f.q = "hygienrutin";
    CHECK_INT(search(&f, &rows), 0);
    f.owner_id = owner;
    CHECK_INT(search(&f, &rows), 1);
    f.q = NULL;
    f.owner_id = 0;

    /* staff of unit B: the approved document, never the draft */
    memset(&f, 0, sizeof(f));
    f.user_id = staff_b;
    f.read_paths = arena_printf(a, "[\"%s\"]", ua.path);
    f.draft_paths = "[]";
    f.scope_path = ua.path;
    n = search(&f, &rows);
    CHECK_INT(n, 1); /* the approved one, never the draft */
    CHECK(n == 1 && rows[0].id == appr);
    /* the owner sees the draft as well */
    f.user_id = owner;
    CHECK_INT(search(&f, &rows), 2);
    /* a quality grant above reads drafts */
    f.user_id = staff_a;
    f.read_paths = "[]";
    f.draft_paths = arena_printf(a, "[\"/%lld/\"]", (long long)provider);
    CHECK_INT(search(&f, &rows), 2);
    /* a grant below the document's unit reads its approved documents */
    f.draft_paths = "[]";
    f.read_paths = arena_printf(a, "[\"%s99/\"]", ua.path);
    CHECK_INT(search(&f, &rows), 1);
    arena_free(a);
}

T(acknowledgements)
{
    struct arena *a = arena_new();
    struct doc_rec d;
    int64_t id, read, target;
    int acked;

    CHECK_INT(store_begin(st), E_OK);
    id = new_doc("RUT-A-ACK", "Brandskydd", unit_a, "Utrymningsvägar.");
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    /* a draft cannot be acknowledged */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_ack(st, &who, id, d.current_version_id, staff_a),
              E_CONFLICT);
    store_rollback(st);
    CHECK_INT(step(id, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(id, 1, DE_APPROVE, "review", NULL, NULL), E_OK);
    CHECK_INT(store_document_get(st, a, id, &d), E_OK);
    CHECK_INT(store_document_ack_share(st, &d, &read, &target), E_OK);
    CHECK_INT(read, 0);
    CHECK_INT(target, 4); /* owner, deputy, approver, staff_a in unit A */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_ack(st, &who, id, d.current_version_id, staff_a),
              E_OK);
    CHECK_INT(store_document_ack(st, &who, id, d.current_version_id, staff_a),
              E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_document_acked(st, d.current_version_id, staff_a, &acked),
              E_OK);
    CHECK_INT(acked, 1);
    CHECK_INT(store_document_ack_share(st, &d, &read, &target), E_OK);
    CHECK_INT(read, 1);
    d.ack_role = "staff"; /* the owner and staff_a */
    CHECK_INT(store_document_ack_share(st, &d, &read, &target), E_OK);
    CHECK_INT(target, 2);
    CHECK_INT(read, 1);
    arena_free(a);
}

static int count_notes(int64_t user, const char *kind)
{
    struct arena *a = arena_new();
    struct notification_rec *v;
    size_t n = 0, i;
    int k = 0;

    if (store_inbox_list(st, a, user, 0, &v, &n) == E_OK)
        for (i = 0; i < n; i++)
            k += strcmp(v[i].kind, kind) == 0;
    arena_free(a);
    return k;
}

T(reminders)
{
    char soon[11], past[11];
    int nr = -1, ne = -1;
    int64_t due, late;

    doc_add_days(today, 10, soon);
    doc_add_days(today, -3, past);
    CHECK_INT(store_begin(st), E_OK);
    due = new_doc("RUT-DUE", "Snart dags", unit_a, "Text.");
    late = new_doc("RUT-LATE", "Försenad", unit_a, "Text.");
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(step(due, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(due, 1, DE_APPROVE, "review", NULL, soon), E_OK);
    CHECK_INT(step(late, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(late, 1, DE_APPROVE, "review", NULL, past), E_OK);

    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_reminders(st, datetime_now(), 30, &nr, &ne), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(nr, 1);
    CHECK_INT(ne, 1);
    CHECK_INT(count_notes(owner, "doc_review"), 1);
    CHECK_INT(count_notes(deputy, "doc_review"), 1);
    CHECK_INT(count_notes(manager, "doc_overdue"), 1);
    CHECK_INT(count_notes(staff_a, "doc_overdue"), 0);
    /* once per review date */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_reminders(st, datetime_now(), 30, &nr, &ne), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(nr, 0);
    CHECK_INT(ne, 0);
    CHECK_INT(count_notes(owner, "doc_review"), 1);
    /* a narrower window: not yet due */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_reminders(st, datetime_now(), 5, &nr, &ne), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(nr + ne, 0);
}

T(files)
{
    static const unsigned char pdf[] = "%PDF-1.4\n% rutin\n%%EOF\n";
    static const unsigned char pdf2[] = "%PDF-1.4\n% version 2\n%%EOF\n";
    struct docv_file f = {"Rutin fasta.pdf", "pdf", NULL, pdf,
                          (int64_t)sizeof(pdf) - 1};
    struct docv_file f2 = {"Rutin fasta v2.pdf", "pdf", NULL, pdf2,
                           (int64_t)sizeof(pdf2) - 1};
    unsigned char h[ATTACH_SHA256_BYTES];
    char hex[ATTACH_SHA256_HEX], hex2[ATTACH_SHA256_HEX];
    struct arena *a = arena_new();
    struct doc_rec d = {0};
    struct docv_rec v;
    struct buf b;
    int64_t n, bad;
    int no = 0;

    attach_sha256(pdf, sizeof(pdf) - 1, h);
    attach_hex(h, hex);
    f.sha256 = hex;
    attach_sha256(pdf2, sizeof(pdf2) - 1, h);
    attach_hex(h, hex2);
    f2.sha256 = hex2;
    /* a file instead of a body */
    d.unit_id = unit_a;
    d.code = "RUT-FIL-001";
    d.title = "Rutin som PDF";
    d.doc_type = "routine";
    d.owner_id = owner;
    d.approver_id = approver;
    d.review_months = 12;
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_document_create(st, &who, &d, NULL, "PDF", &f), E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_docv_get(st, a, d.id, 1, &v), E_OK);
    CHECK(v.body_md == NULL);
    CHECK_STR(v.file_name, "Rutin fasta.pdf");
    CHECK_STR(v.file_type, "pdf");
    CHECK_INT(v.file_size, (int64_t)sizeof(pdf) - 1);
    CHECK_STR(v.file_sha256, hex);
    buf_init(&b, 0);
    CHECK_INT(store_docv_file(st, d.id, 1, &b), E_OK);
    CHECK_INT(b.len, sizeof(pdf) - 1);
    CHECK(memcmp(b.p, pdf, b.len) == 0);
    buf_release(&b);
    /* a body without a file, then neither: refused */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(
        store_docv_edit(st, &who, d.id, 1, "# Fasta", NULL, DF_DROP, NULL),
        E_OK);
    CHECK_INT(store_docv_edit(st, &who, d.id, 1, "", NULL, DF_DROP, NULL),
              E_INVAL);
    store_rollback(st);
    /* keeping the file while the text changes; the audit names the file */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_edit(st, &who, d.id, 1, "Se bilagan.", "Text", DF_KEEP,
                              NULL),
              E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_docv_get(st, a, d.id, 1, &v), E_OK);
    CHECK_STR(v.body_md, "Se bilagan.");
    CHECK_STR(v.file_sha256, hex);
    CHECK_INT(step(d.id, 1, DE_SUBMIT, "draft", NULL, NULL), E_OK);
    CHECK_INT(step(d.id, 1, DE_APPROVE, "review", NULL, NULL), E_OK);
    /* the next version starts with the approved one's file */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(
        store_docv_new_draft(st, &who, d.id, NULL, "v2", DF_KEEP, NULL, &no),
        E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(no, 2);
    CHECK_INT(store_docv_get(st, a, d.id, 2, &v), E_OK);
    CHECK_STR(v.file_name, "Rutin fasta.pdf");
    CHECK_STR(v.file_sha256, hex);
    /* replacing it leaves version 1's file alone */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_edit(st, &who, d.id, 2, NULL, "v2", DF_SET, &f2),
              E_OK);
    CHECK_INT(store_commit(st), E_OK);
    CHECK_INT(store_docv_get(st, a, d.id, 2, &v), E_OK);
    CHECK_STR(v.file_sha256, hex2);
    CHECK_INT(store_docv_get(st, a, d.id, 1, &v), E_OK);
    CHECK_STR(v.file_sha256, hex);
    /* a new version without a body or a file to keep is refused */
    CHECK_INT(store_begin(st), E_OK);
    CHECK_INT(store_docv_edit(st, &who, d.id, 2, "", NULL, DF_DROP, NULL),
              E_INVAL);
    store_rollback(st);
    /* ska check's verification reads every version's file (a changed
     * byte is tests/http/documents.sh's) */
    CHECK_INT(store_docv_verify_files(st, &n, &bad), E_OK);
    CHECK_INT(n, 2);
    CHECK_INT(bad, 0);
    arena_free(a);
}

int main(int argc, char **argv)
{
    static const struct t_case cases[] = {
        T_CASE(workflow), T_CASE(search_and_visibility),
        T_CASE(acknowledgements), T_CASE(reminders), T_CASE(files)};
    struct buf b;
    char cmd[300];
    int rc;

    (void)argc;
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof(db), "%s/t.db", dir);
    auth_init();
    if (store_open(db, 1, 1, &st)) {
        fprintf(stderr, "open: %s\n", st ? store_errmsg(st) : "?");
        return 1;
    }
    buf_init(&b, 64);
    datetime_fmt_date_sv(&b, datetime_now());
    memcpy(today, b.p, sizeof(today));
    buf_release(&b);
    store_begin(st);
    provider = add_unit(0, "P", "provider");
    unit_a = add_unit(provider, "A", "unit");
    unit_b = add_unit(provider, "B", "unit");
    other = add_unit(0, "Q", "provider");
    owner = add_user("owner", unit_a, ROLE_STAFF);
    deputy = add_user("deputy", unit_a, ROLE_HANDLER);
    approver = add_user("approver", unit_a, ROLE_MANAGER);
    manager = add_user("manager", provider, ROLE_MANAGER);
    staff_a = add_user("staff.a", unit_a, ROLE_STAFF);
    staff_b = add_user("staff.b", unit_b, ROLE_STAFF);
    store_commit(st);
    CHECK(other > 0 && staff_b > 0);
    rc = t_run(argv[0], cases, sizeof(cases) / sizeof(cases[0]));
    store_close(st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return rc;
}
