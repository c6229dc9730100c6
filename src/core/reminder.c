/* reminder.c: the reminder rule (reminder.h). */
#include "reminder.h"

#include <string.h>

#include "names.h"

#define DAY 86400

static const char *const stage_names[RS__MAX] = {
    [RS_BEFORE] = "before",
    [RS_DUE] = "due",
    [RS_ESCALATE] = "escalate",
};

void remind_settings_default(struct remind_settings *s)
{
    s->lead_days = 2;
    s->escalate_days = 7;
    s->horizon_days = 30;
}

int remind_settings_set(struct remind_settings *s, const char *key, int days)
{
    if (!key)
        return -1;
    if (strcmp(key, "remind.lead") == 0 && days >= 0 &&
        days <= REMIND_LEAD_MAX) {
        s->lead_days = days;
        return 0;
    }
    if (strcmp(key, "remind.escalate") == 0 && days >= 1 &&
        days <= REMIND_ESCALATE_MAX) {
        s->escalate_days = days;
        return 0;
    }
    return -1;
}

const char *remind_stage_str(enum remind_stage s)
{
    return (unsigned)s < RS__MAX ? stage_names[s] : "unknown";
}

enum remind_stage remind_stage_from_str(const char *s)
{
    return (enum remind_stage)names_index(stage_names, RS__MAX, s);
}

enum remind_stage remind_next(const struct remind_settings *s,
                              enum remind_clock clock, int64_t due, int64_t now,
                              unsigned sent)
{
    int escalates = clock != RC_ACTION && s->escalate_days > 0;
    int64_t at[RS__MAX], last;
    enum remind_stage st = RS_NONE;
    int k;

    if (!due)
        return RS_NONE;
    at[RS_BEFORE] = s->lead_days > 0 ? due - (int64_t)s->lead_days * DAY : 0;
    at[RS_DUE] = due;
    at[RS_ESCALATE] = escalates ? due + (int64_t)s->escalate_days * DAY : 0;
    for (k = 0; k < RS__MAX; k++)
        if (at[k] && now >= at[k])
            st = (enum remind_stage)k;
    if (st == RS_NONE)
        return RS_NONE;
    /* the last stage this deadline can reach ends the reminders when it
     * lies more than the horizon behind */
    last = escalates ? at[RS_ESCALATE] : at[RS_DUE];
    if (now > last + (int64_t)s->horizon_days * DAY)
        return RS_NONE;
    for (k = st; k < RS__MAX; k++)
        if (sent & (1u << k))
            return RS_NONE;
    return st;
}

unsigned remind_recipients(enum remind_clock clock, enum remind_stage stage)
{
    if (clock == RC_ACTION)
        return stage == RS_BEFORE ? RW_OWNER
               : stage == RS_DUE  ? RW_OWNER | RW_FOLLOW_UP | RW_MANAGER
                                  : 0;
    return stage == RS_ESCALATE ? RW_MANAGER | RW_QUALITY
           : stage < RS__MAX    ? RW_OWNER
                                : 0;
}
