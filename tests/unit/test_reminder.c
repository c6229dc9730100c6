/* test_reminder.c: the reminder rule: which stage is due before, on and
 * after a deadline, that each stage goes out once, that a moved deadline is
 * reminded of again, escalation, the horizon and who is told. */
#include "core/reminder.h"
#include "t.h"

#define DAY 86400
#define DUE 1800000000LL /* some deadline */

static struct remind_settings dflt(void)
{
    struct remind_settings s;

    remind_settings_default(&s);
    return s;
}

T(defaults_and_settings)
{
    struct remind_settings s = dflt();

    CHECK_INT(s.lead_days, 2);
    CHECK_INT(s.escalate_days, 7);
    CHECK_INT(remind_settings_set(&s, "remind.lead", 0), 0);
    CHECK_INT(s.lead_days, 0);
    CHECK_INT(remind_settings_set(&s, "remind.escalate", 14), 0);
    CHECK_INT(s.escalate_days, 14);
    CHECK_INT(remind_settings_set(&s, "remind.escalate", 0), -1);
    CHECK_INT(remind_settings_set(&s, "remind.lead", -1), -1);
    CHECK_INT(remind_settings_set(&s, "remind.lead", REMIND_LEAD_MAX + 1), -1);
    CHECK_INT(remind_settings_set(&s, "lex_maria", 3), -1);
    CHECK_INT(remind_settings_set(&s, NULL, 3), -1);
    CHECK_INT(s.escalate_days, 14);
    CHECK_INT(remind_stage_from_str(remind_stage_str(RS_ESCALATE)),
              RS_ESCALATE);
    CHECK_INT(remind_stage_from_str("later"), RS_NONE);
}

T(before_on_after)
{
    struct remind_settings s = dflt();

    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - 3 * DAY, 0), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - 2 * DAY - 1, 0), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - 2 * DAY, 0), RS_BEFORE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - 1, 0), RS_BEFORE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE, 0), RS_DUE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 7 * DAY - 1, 0), RS_DUE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 7 * DAY, 0), RS_ESCALATE);
    CHECK_INT(remind_next(&s, RC_LEX_MARIA, DUE, DUE + 8 * DAY, 0),
              RS_ESCALATE);
    CHECK_INT(remind_next(&s, RC_COMPLAINT, DUE, DUE + DAY, 0), RS_DUE);
    CHECK_INT(remind_next(&s, RC_STATE, 0, DUE, 0), RS_NONE);
    /* no early reminder with lead 0 */
    s.lead_days = 0;
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - 1, 0), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE, 0), RS_DUE);
}

T(exactly_once)
{
    struct remind_settings s = dflt();
    unsigned sent = 0;
    enum remind_stage st;
    int64_t now;
    int n[RS__MAX] = {0};

    /* a sweep every hour from five days before to the horizon */
    for (now = DUE - 5 * DAY; now < DUE + 60 * DAY; now += 3600) {
        st = remind_next(&s, RC_STATE, DUE, now, sent);
        if (st != RS_NONE) {
            n[st]++;
            sent |= 1u << st;
        }
    }
    CHECK_INT(n[RS_BEFORE], 1);
    CHECK_INT(n[RS_DUE], 1);
    CHECK_INT(n[RS_ESCALATE], 1);
    /* a stage sent is not sent again, nor one before a later stage sent */
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE, 1u << RS_DUE), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE - DAY, 1u << RS_DUE), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE, 1u << RS_BEFORE), RS_DUE);
}

T(first_seen_late_sends_the_latest_stage_only)
{
    struct remind_settings s = dflt();

    /* a sweep that first runs ten days after the deadline escalates once
     * and does not send the earlier stages afterwards */
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 10 * DAY, 0), RS_ESCALATE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 10 * DAY, 1u << RS_ESCALATE),
              RS_NONE);
}

T(moved_deadline)
{
    struct remind_settings s = dflt();
    int64_t moved = DUE + 5 * DAY;
    unsigned sent_old = (1u << RS_BEFORE) | (1u << RS_DUE);

    /* the old deadline has had its reminders; the moved one is another
     * deadline (another date in the key), so nothing has been sent for it */
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + DAY, sent_old), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, moved, DUE + DAY, 0), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, moved, moved - DAY, 0), RS_BEFORE);
    CHECK_INT(remind_next(&s, RC_STATE, moved, moved, 1u << RS_BEFORE), RS_DUE);
}

T(escalation_and_horizon)
{
    struct remind_settings s = dflt();

    /* actions never escalate: their overdue reminder reaches the manager */
    CHECK_INT(remind_next(&s, RC_ACTION, DUE, DUE + 10 * DAY, 0), RS_DUE);
    CHECK_INT(remind_next(&s, RC_ACTION, DUE, DUE + 31 * DAY, 0), RS_NONE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 37 * DAY, 0), RS_ESCALATE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 37 * DAY + 1, 0), RS_NONE);
    s.escalate_days = 14;
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 10 * DAY, 0), RS_DUE);
    CHECK_INT(remind_next(&s, RC_STATE, DUE, DUE + 14 * DAY, 0), RS_ESCALATE);
}

T(recipients)
{
    CHECK_INT(remind_recipients(RC_STATE, RS_BEFORE), RW_OWNER);
    CHECK_INT(remind_recipients(RC_STATE, RS_DUE), RW_OWNER);
    CHECK_INT(remind_recipients(RC_STATE, RS_ESCALATE),
              RW_MANAGER | RW_QUALITY);
    CHECK_INT(remind_recipients(RC_LEX_MARIA, RS_ESCALATE),
              RW_MANAGER | RW_QUALITY);
    CHECK_INT(remind_recipients(RC_ACTION, RS_BEFORE), RW_OWNER);
    CHECK_INT(remind_recipients(RC_ACTION, RS_DUE),
              RW_OWNER | RW_FOLLOW_UP | RW_MANAGER);
    CHECK_INT(remind_recipients(RC_ACTION, RS_ESCALATE), 0);
    CHECK_INT(remind_recipients(RC_STATE, RS_NONE), 0);
}

T_MAIN(T_CASE(defaults_and_settings), T_CASE(before_on_after),
       T_CASE(exactly_once),
       T_CASE(first_seen_late_sends_the_latest_stage_only),
       T_CASE(moved_deadline), T_CASE(escalation_and_horizon),
       T_CASE(recipients))
