/* test_action.c: the action register's state machine, the open and
 * overdue rules, and the validation of new actions and of steps. */
#include <string.h>

#include "core/action.h"
#include "t.h"

static int marked(const struct fielderrs *fe, const char *field,
                  const char *msg)
{
    const char *m = fielderr_get(fe, field);

    return m && strcmp(m, msg) == 0;
}

T(names_round_trip)
{
    int i;

    for (i = 0; i < AS__MAX; i++)
        CHECK_INT(action_state_from_str(action_state_str((enum action_state)i)),
                  i);
    for (i = 0; i < AE__MAX; i++)
        CHECK_INT(action_event_from_str(action_event_str((enum action_event)i)),
                  i);
    for (i = 0; i < ASRC__MAX; i++)
        CHECK_INT(
            action_source_from_str(action_source_str((enum action_source)i)),
            i);
    CHECK_INT(action_state_from_str("open"), AS__MAX);
    CHECK_INT(action_event_from_str(NULL), AE__MAX);
    CHECK_STR(action_state_str(AS__MAX), "unknown");
}

T(state_machine)
{
    CHECK_INT(action_next(AS_PLANNED, AE_START), AS_IN_PROGRESS);
    CHECK_INT(action_next(AS_PLANNED, AE_COMPLETE), AS_DONE);
    CHECK_INT(action_next(AS_IN_PROGRESS, AE_COMPLETE), AS_DONE);
    CHECK_INT(action_next(AS_DONE, AE_EVALUATE), AS_EVALUATED);
    CHECK_INT(action_next(AS_PLANNED, AE_CANCEL), AS_CANCELLED);
    CHECK_INT(action_next(AS_DONE, AE_CANCEL), AS_CANCELLED);
    /* no skipping the work, no going back, nothing after the end */
    CHECK_INT(action_next(AS_PLANNED, AE_EVALUATE), AS__MAX);
    CHECK_INT(action_next(AS_IN_PROGRESS, AE_START), AS__MAX);
    CHECK_INT(action_next(AS_EVALUATED, AE_CANCEL), AS__MAX);
    CHECK_INT(action_next(AS_CANCELLED, AE_START), AS__MAX);
    CHECK_INT(action_next(AS__MAX, AE_START), AS__MAX);
    CHECK_INT(action_next(AS_PLANNED, AE__MAX), AS__MAX);
}

T(open_until_evaluated_or_cancelled)
{
    CHECK(action_is_open(AS_PLANNED));
    CHECK(action_is_open(AS_IN_PROGRESS));
    CHECK(action_is_open(AS_DONE)); /* done but not evaluated */
    CHECK(!action_is_open(AS_EVALUATED));
    CHECK(!action_is_open(AS_CANCELLED));
    CHECK(action_is_open(AS__MAX)); /* unknown never lets a case close */
}

T(overdue)
{
    CHECK(action_is_overdue(AS_PLANNED, "2026-11-22", "2026-11-23"));
    CHECK(action_is_overdue(AS_IN_PROGRESS, "2025-12-31", "2026-01-01"));
    CHECK(!action_is_overdue(AS_PLANNED, "2026-11-23", "2026-11-23"));
    CHECK(!action_is_overdue(AS_DONE, "2020-01-01", "2026-11-23"));
    CHECK(!action_is_overdue(AS_CANCELLED, "2020-01-01", "2026-11-23"));
    CHECK(!action_is_overdue(AS_PLANNED, NULL, "2026-11-23"));
}

T(dates)
{
    CHECK(action_date_valid("2026-11-23"));
    CHECK(action_date_valid("2028-02-29"));
    CHECK(!action_date_valid("2026-02-29"));
    CHECK(!action_date_valid("2026-02-30"));
    CHECK(!action_date_valid("2026-1-5"));
    CHECK(!action_date_valid("2026-11-23T10:00"));
    CHECK(!action_date_valid(""));
    CHECK(!action_date_valid(NULL));
}

T(validate_new)
{
    struct action_rec a = {0};
    struct fielderrs fe = {0};
    char big[ACTION_TEXT_MAX + 2];

    action_validate_new(&a, "2026-11-23", &fe);
    CHECK(marked(&fe, "source", "action.err.source"));
    CHECK(marked(&fe, "what", "err.required"));
    CHECK(marked(&fe, "responsible", "err.required"));
    CHECK(marked(&fe, "due_date", "err.required"));

    a.source = "case";
    a.source_id = 7;
    a.what = "Byt larm";
    a.responsible_id = 3;
    a.due_date = "2026-11-23"; /* today is allowed */
    memset(&fe, 0, sizeof(fe));
    action_validate_new(&a, "2026-11-23", &fe);
    CHECK_INT(fe.n, 0);

    a.due_date = "2026-11-22";
    action_validate_new(&a, "2026-11-23", &fe);
    CHECK(marked(&fe, "due_date", "action.err.past"));
    memset(&fe, 0, sizeof(fe));
    a.due_date = "2026-13-01";
    a.what = " \n\t";
    a.follow_up_id = -1;
    action_validate_new(&a, "2026-11-23", &fe);
    CHECK(marked(&fe, "due_date", "action.err.date"));
    CHECK(marked(&fe, "what", "err.required"));
    CHECK(marked(&fe, "follow_up", "action.err.user"));
    memset(&fe, 0, sizeof(fe));
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    a.what = big;
    a.due_date = "2027-01-01";
    a.follow_up_id = 0;
    a.source = "nonsense";
    action_validate_new(&a, "2026-11-23", &fe);
    CHECK(marked(&fe, "what", "action.err.too_long"));
    CHECK(marked(&fe, "source", "action.err.source"));
    CHECK_INT(fe.n, 2);
}

T(check_steps)
{
    struct fielderrs fe = {0};

    action_check(AS_DONE, AE_EVALUATE, NULL, &fe);
    CHECK(marked(&fe, "text", "action.err.evaluation"));
    memset(&fe, 0, sizeof(fe));
    action_check(AS_DONE, AE_EVALUATE, "  ", &fe);
    CHECK(marked(&fe, "text", "action.err.evaluation"));
    memset(&fe, 0, sizeof(fe));
    action_check(AS_DONE, AE_EVALUATE, "Fungerar", &fe);
    CHECK_INT(fe.n, 0);
    action_check(AS_PLANNED, AE_CANCEL, "", &fe);
    CHECK(marked(&fe, "text", "action.err.reason"));
    memset(&fe, 0, sizeof(fe));
    action_check(AS_PLANNED, AE_START, NULL, &fe);
    CHECK_INT(fe.n, 0);
    action_check(AS_PLANNED, AE_EVALUATE, "Fungerar", &fe);
    CHECK(marked(&fe, "event", "action.err.step"));
    memset(&fe, 0, sizeof(fe));
    action_check(AS_EVALUATED, AE_CANCEL, "x", &fe);
    CHECK(marked(&fe, "event", "action.err.step"));
    memset(&fe, 0, sizeof(fe));
    action_check(AS_PLANNED, AE__MAX, NULL, &fe);
    CHECK(marked(&fe, "event", "action.err.step"));
}

T_MAIN(T_CASE(names_round_trip), T_CASE(state_machine),
       T_CASE(open_until_evaluated_or_cancelled), T_CASE(overdue),
       T_CASE(dates), T_CASE(validate_new), T_CASE(check_steps))
