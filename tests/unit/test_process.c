/* test_process.c: the process map's rules: kinds and levels, code and
 * field validation (a sub-process keeps its parent's kind, the depth
 * limit), moves (no cycles, no branch too deep), inventory gaps and the
 * depth-first order of a map. */
#include <string.h>

#include "core/process.h"
#include "t.h"

static int marked(const struct fielderrs *fe, const char *field,
                  const char *msg)
{
    const char *m = fielderr_get(fe, field);

    return m && strcmp(m, msg) == 0;
}

static struct process proc(int64_t id, const char *path, const char *kind,
                           const char *code, int sort)
{
    struct process p = {0};

    p.id = id;
    p.path = path;
    p.kind = kind;
    p.code = code;
    p.name = code;
    p.sort_order = sort;
    return p;
}

T(kinds_and_levels)
{
    int i;

    for (i = 0; i < PK__MAX; i++)
        CHECK_INT(process_kind_from_str(process_kind_str((enum process_kind)i)),
                  i);
    CHECK_INT(process_kind_from_str("primary"), PK__MAX);
    CHECK_INT(process_kind_from_str(NULL), PK__MAX);
    CHECK_STR(process_gap_str(PG_NO_LEAD), "no_lead");
    CHECK_INT(process_depth("/12/"), 1);
    CHECK_INT(process_depth("/12/40/7/"), 3);
    CHECK_INT(process_depth(""), 0);
    CHECK_INT(process_depth(NULL), 0);
    CHECK_STR(process_level_str(1), "process");
    CHECK_STR(process_level_str(2), "subprocess");
    CHECK_STR(process_level_str(3), "activity");
    CHECK_STR(process_level_str(6), "activity");
}

T(codes)
{
    CHECK(process_code_valid("KP-ECT"));
    CHECK(process_code_valid("st.lak_2"));
    CHECK(process_code_valid("1A"));
    CHECK(!process_code_valid(""));
    CHECK(!process_code_valid(NULL));
    CHECK(!process_code_valid("-KP"));
    CHECK(!process_code_valid("KP ECT"));
    CHECK(!process_code_valid("KP/ECT"));
    CHECK(!process_code_valid("ÅÄÖ"));
    CHECK(process_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"));
    CHECK(!process_code_valid("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"));
}

T(validate_fields)
{
    struct process p = proc(0, NULL, "core", "KP", 0);
    struct fielderrs fe = {0};
    char big[PROCESS_TEXT_MAX + 2];

    process_validate(&p, NULL, &fe);
    CHECK_INT(fe.n, 0);

    p.code = "";
    p.name = NULL;
    p.kind = "primary";
    p.sort_order = PROCESS_SORT_MAX + 1;
    p.described = 2;
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    p.target_levels = big;
    p.description = "\xff\xfe";
    fe.n = 0;
    process_validate(&p, NULL, &fe);
    CHECK(marked(&fe, "code", "err.required"));
    CHECK(marked(&fe, "name", "err.required"));
    CHECK(marked(&fe, "kind", "process.err.kind"));
    CHECK(marked(&fe, "sort_order", "process.err.sort_order"));
    CHECK(marked(&fe, "described", "process.err.described"));
    CHECK(marked(&fe, "target_levels", "process.err.text"));
    CHECK(marked(&fe, "description", "process.err.text"));
    CHECK(!fielderr_get(&fe, "quality_requirements"));

    p = proc(0, NULL, "core", "K P", 0);
    p.owner_id = 5;
    p.owner_deputy_id = 5;
    p.lead_id = -1;
    fe.n = 0;
    process_validate(&p, NULL, &fe);
    CHECK(marked(&fe, "code", "process.err.code"));
    CHECK(marked(&fe, "owner_deputy_id", "process.err.deputy"));
    CHECK(marked(&fe, "lead_id", "process.err.user"));
    CHECK(!fielderr_get(&fe, "owner_id"));
}

T(validate_parent)
{
    struct process parent = proc(1, "/1/", "core", "KP", 0);
    struct process p = proc(0, NULL, "support", "KP-X", 0);
    struct process deep = proc(6, "/1/2/3/4/5/6/", "core", "A6", 0);
    struct fielderrs fe = {0};

    process_validate(&p, &parent, &fe);
    CHECK(marked(&fe, "kind", "process.err.kind_parent"));
    p.kind = "core";
    fe.n = 0;
    process_validate(&p, &parent, &fe);
    CHECK_INT(fe.n, 0);
    /* a seventh level is refused */
    fe.n = 0;
    process_validate(&p, &deep, &fe);
    CHECK(marked(&fe, "parent", "process.err.depth"));
    /* the sixth is fine */
    deep.path = "/1/2/3/4/5/";
    fe.n = 0;
    process_validate(&p, &deep, &fe);
    CHECK_INT(fe.n, 0);
}

T(moves)
{
    CHECK(process_move_check("/1/4/", 1, "/2/") == NULL);
    CHECK(process_move_check("/1/4/", 3, NULL) == NULL);
    CHECK_STR(process_move_check("/1/4/", 1, "/1/4/"), "process.err.cycle");
    CHECK_STR(process_move_check("/1/4/", 2, "/1/4/9/"), "process.err.cycle");
    /* /1/40/ is not below /1/4/ */
    CHECK(process_move_check("/1/4/", 1, "/1/40/") == NULL);
    /* a branch of three levels below a process at depth 3 is six deep */
    CHECK(process_move_check("/9/", 3, "/1/2/3/") == NULL);
    CHECK_STR(process_move_check("/9/", 4, "/1/2/3/"), "process.err.depth");
    CHECK_STR(process_move_check("/9/", 7, NULL), "process.err.depth");
    CHECK_STR(process_move_check("", 1, NULL), "process.err.move");
    CHECK_STR(process_move_check("/9/", 0, NULL), "process.err.move");
}

T(gaps)
{
    struct process p = {0};
    unsigned g;

    g = process_gaps(&p);
    CHECK(g & (1u << PG_NO_OWNER));
    CHECK(g & (1u << PG_NO_LEAD));
    CHECK(g & (1u << PG_NOT_DESCRIBED));
    CHECK(g & (1u << PG_NO_DOCUMENTS));
    CHECK(g & (1u << PG_NO_INDICATORS));
    CHECK(!(g & (1u << PG_OWNER_INACTIVE)));

    p.owner_id = 3; /* an owner who has left */
    p.lead_id = 4;
    p.lead_active = 1;
    p.described = 1;
    p.ndocs = 2;
    p.ninds = 1;
    g = process_gaps(&p);
    CHECK_INT(g, 1u << PG_OWNER_INACTIVE);
    p.owner_active = 1;
    CHECK_INT(process_gaps(&p), 0);
}

T(tree_order)
{
    struct arena *a = arena_new();
    struct process v[] = {
        proc(5, "/1/5/", "core", "KP-B", 2),
        proc(7, "/3/7/", "support", "ST-A", 0),
        proc(3, "/3/", "support", "ST", 0),
        proc(1, "/1/", "core", "KP", 0),
        proc(4, "/1/4/", "core", "KP-A", 1),
        proc(6, "/1/4/6/", "core", "KP-A1", 0),
        proc(2, "/2/", "management", "LED", 0),
        proc(9, "/8/9/", "core", "X-ORPHAN", 0), /* parent not listed */
    };
    const char *want[] = {"LED",  "KP",       "KP-A", "KP-A1",
                          "KP-B", "X-ORPHAN", "ST",   "ST-A"};
    const int levels[] = {1, 1, 2, 3, 2, 1, 1, 2};
    size_t i, n = sizeof(v) / sizeof(v[0]);

    CHECK(a != NULL);
    CHECK_INT(process_tree_sort(a, v, n), E_OK);
    for (i = 0; i < n; i++) {
        CHECK_STR(v[i].code, want[i]);
        CHECK_INT(v[i].level, levels[i]);
    }
    CHECK_INT(process_tree_sort(a, v, 0), E_OK);
    arena_free(a);
}

T_MAIN(T_CASE(kinds_and_levels), T_CASE(codes), T_CASE(validate_fields),
       T_CASE(validate_parent), T_CASE(moves), T_CASE(gaps), T_CASE(tree_order))
