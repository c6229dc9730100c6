/* reminder.h: when a deadline is reminded of and who hears about it. A
 * deadline (a case state's time limit, the Lex Maria decision, a
 * complaint's answer, an action's due date) passes three stages: "before"
 * (lead days ahead), "due" (the deadline has come: overdue) and "escalate"
 * (escalate days after it). Each stage is sent at most once per deadline:
 * the store keeps what was sent, keyed by the deadline's date, so a moved
 * deadline is reminded of again. Pure logic: web/remind.c runs the sweep,
 * the store finds the deadlines and keeps what was sent. */
#ifndef SKA_REMINDER_H
#define SKA_REMINDER_H

#include <stdint.h>

enum remind_stage { RS_BEFORE, RS_DUE, RS_ESCALATE, RS__MAX };
#define RS_NONE RS__MAX

/* The clocks reminded of. */
enum remind_clock { RC_STATE, RC_LEX_MARIA, RC_COMPLAINT, RC_ACTION, RC__MAX };

/* Days; lead 0 = no early reminder, escalate 0 = never escalate. A
 * deadline whose last stage was reached more than horizon days ago is not
 * reminded of any more (history imported or the demo, a server that was
 * down for long). */
struct remind_settings {
    int lead_days, escalate_days, horizon_days;
};

#define REMIND_LEAD_MAX 365
#define REMIND_ESCALATE_MAX 365

/* remind_settings_default: lead 2, escalate 7, horizon 30. */
void remind_settings_default(struct remind_settings *s);
/* remind_settings_set sets "remind.lead" (0..REMIND_LEAD_MAX) or
 * "remind.escalate" (1..REMIND_ESCALATE_MAX); -1 for another key or a
 * value out of range. */
int remind_settings_set(struct remind_settings *s, const char *key, int days);

const char *remind_stage_str(enum remind_stage s);      /* "before", ... */
enum remind_stage remind_stage_from_str(const char *s); /* RS_NONE */

/* remind_next is the stage to send now for a deadline at due (UTC
 * seconds) given the stages already sent for that deadline (bit 1 << stage
 * set in sent): the latest stage reached at now, unless it or a later one
 * was sent already. RS_NONE when due is 0, before the first stage, past the
 * horizon, or when everything reached has been sent. clock RC_ACTION never
 * escalates (its overdue reminder already reaches the manager). */
enum remind_stage remind_next(const struct remind_settings *s,
                              enum remind_clock clock, int64_t due, int64_t now,
                              unsigned sent);

/* Who is told at a stage. */
enum remind_who {
    RW_OWNER = 1,     /* the case's handler (managers when none), or the
                         action's responsible person */
    RW_FOLLOW_UP = 2, /* the action's follow-up person */
    RW_MANAGER = 4,   /* the managers of the unit (and its ancestors) */
    RW_QUALITY = 8,   /* the quality coordinators over the unit */
};

/* remind_recipients: a set of enum remind_who for a clock and a stage. */
unsigned remind_recipients(enum remind_clock clock, enum remind_stage stage);

#endif
