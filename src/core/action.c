/* action.c: the action register's states, steps and validation. */
#include "core/action.h"

#include <string.h>

#include "datetime.h"
#include "names.h"

static const char *const state_names[AS__MAX] = {
    [AS_PLANNED] = "planned",     [AS_IN_PROGRESS] = "in_progress",
    [AS_DONE] = "done",           [AS_EVALUATED] = "evaluated",
    [AS_CANCELLED] = "cancelled",
};

static const char *const event_names[AE__MAX] = {
    [AE_START] = "start",
    [AE_COMPLETE] = "complete",
    [AE_EVALUATE] = "evaluate",
    [AE_CANCEL] = "cancel",
};

static const char *const source_names[ASRC__MAX] = {
    [ASRC_CASE] = "case",
    [ASRC_RISK] = "risk",
    [ASRC_INSPECTION] = "inspection",
    [ASRC_REVIEW] = "review",
};

const char *action_state_str(enum action_state s)
{
    return s < AS__MAX ? state_names[s] : "unknown";
}

enum action_state action_state_from_str(const char *s)
{
    return (enum action_state)names_index(state_names, AS__MAX, s);
}

const char *action_event_str(enum action_event e)
{
    return e < AE__MAX ? event_names[e] : "unknown";
}

enum action_event action_event_from_str(const char *s)
{
    return (enum action_event)names_index(event_names, AE__MAX, s);
}

const char *action_source_str(enum action_source s)
{
    return s < ASRC__MAX ? source_names[s] : "unknown";
}

enum action_source action_source_from_str(const char *s)
{
    return (enum action_source)names_index(source_names, ASRC__MAX, s);
}

enum action_state action_next(enum action_state s, enum action_event ev)
{
    switch (ev) {
    case AE_START:
        return s == AS_PLANNED ? AS_IN_PROGRESS : AS__MAX;
    case AE_COMPLETE:
        return s == AS_PLANNED || s == AS_IN_PROGRESS ? AS_DONE : AS__MAX;
    case AE_EVALUATE:
        return s == AS_DONE ? AS_EVALUATED : AS__MAX;
    case AE_CANCEL:
        return s == AS_PLANNED || s == AS_IN_PROGRESS || s == AS_DONE
                   ? AS_CANCELLED
                   : AS__MAX;
    case AE__MAX:
        break;
    }
    return AS__MAX;
}

int action_is_open(enum action_state s)
{
    return s != AS_EVALUATED && s != AS_CANCELLED;
}

int action_is_overdue(enum action_state s, const char *due_date,
                      const char *today)
{
    return (s == AS_PLANNED || s == AS_IN_PROGRESS) && due_date && today &&
           strcmp(due_date, today) < 0;
}

int action_date_valid(const char *s)
{
    int64_t t;

    return s && strlen(s) == 10 && datetime_parse_iso(s, &t) == 0;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

void action_validate_new(const struct action_rec *a, const char *today,
                         struct fielderrs *fe)
{
    if (action_source_from_str(a->source) == ASRC__MAX || a->source_id <= 0)
        fielderr_add(fe, "source", "action.err.source");
    if (blank(a->what))
        fielderr_add(fe, "what", "err.required");
    else if (strlen(a->what) > ACTION_TEXT_MAX)
        fielderr_add(fe, "what", "action.err.too_long");
    if (a->responsible_id <= 0)
        fielderr_add(fe, "responsible", "err.required");
    if (a->follow_up_id < 0)
        fielderr_add(fe, "follow_up", "action.err.user");
    if (!a->due_date || !*a->due_date)
        fielderr_add(fe, "due_date", "err.required");
    else if (!action_date_valid(a->due_date))
        fielderr_add(fe, "due_date", "action.err.date");
    else if (today && strcmp(a->due_date, today) < 0)
        fielderr_add(fe, "due_date", "action.err.past");
}

void action_check(enum action_state s, enum action_event ev, const char *text,
                  struct fielderrs *fe)
{
    if (ev >= AE__MAX || action_next(s, ev) == AS__MAX) {
        fielderr_add(fe, "event", "action.err.step");
        return;
    }
    if (text && strlen(text) > ACTION_TEXT_MAX)
        fielderr_add(fe, "text", "action.err.too_long");
    else if (ev == AE_EVALUATE && blank(text))
        fielderr_add(fe, "text", "action.err.evaluation");
    else if (ev == AE_CANCEL && blank(text))
        fielderr_add(fe, "text", "action.err.reason");
}
