/* action.h: the action register (åtgärder) shared by every module that
 * decides on actions (cases now; later risks, self-inspections, reviews).
 * Pure logic: states, steps and validation. The store keeps actions, the
 * web layer shows them.
 *
 *   planned -> in_progress -> done -> evaluated
 *   planned/in_progress -> done          (complete)
 *   planned/in_progress/done -> cancelled (with a reason)
 *
 * An action is open until it has been evaluated or cancelled: a case with
 * an open action cannot close. It is overdue when it is not done by its
 * due date (planned or in progress, due date before today). */
#ifndef SKA_ACTION_H
#define SKA_ACTION_H

#include <stdint.h>

#include "core/fielderr.h"

enum action_state {
    AS_PLANNED,
    AS_IN_PROGRESS,
    AS_DONE,
    AS_EVALUATED,
    AS_CANCELLED,
    AS__MAX
};

enum action_event {
    AE_START,    /* planned -> in_progress */
    AE_COMPLETE, /* planned/in_progress -> done */
    AE_EVALUATE, /* done -> evaluated; the evaluation of effect required */
    AE_CANCEL,   /* any open state but evaluated -> cancelled; reason */
    AE__MAX
};

/* Where an action comes from. */
enum action_source {
    ASRC_CASE,
    ASRC_RISK,
    ASRC_INSPECTION,
    ASRC_REVIEW,
    ASRC__MAX
};

#define ACTION_TEXT_MAX 4000 /* bytes of free text */

/* An action as stored and shown. Times are UTC seconds, 0 = not set;
 * due_date is "YYYY-MM-DD"; follow_up_id 0 = nobody named. The *_name and
 * unit_* fields are filled by the store for display. */
struct action_rec {
    int64_t id, source_id, unit_id, responsible_id, follow_up_id, created_by;
    const char *source, *what, *due_date, *state, *evaluation, *reason;
    int64_t created_at, updated_at, done_at, evaluated_at;
    const char *responsible_name, *follow_up_name, *unit_name, *unit_path;
};

const char *action_state_str(enum action_state s);        /* "planned" */
enum action_state action_state_from_str(const char *s);   /* AS__MAX */
const char *action_event_str(enum action_event e);        /* "start" */
enum action_event action_event_from_str(const char *s);   /* AE__MAX */
const char *action_source_str(enum action_source s);      /* "case" */
enum action_source action_source_from_str(const char *s); /* ASRC__MAX */

/* action_next is the state after ev in s, or AS__MAX when there is no
 * such step. */
enum action_state action_next(enum action_state s, enum action_event ev);
/* action_is_open: not yet evaluated or cancelled (AS__MAX counts as open,
 * so an unknown state never lets a case close). */
int action_is_open(enum action_state s);
/* action_is_overdue: planned or in progress with due_date before today
 * (both "YYYY-MM-DD"). */
int action_is_overdue(enum action_state s, const char *due_date,
                      const char *today);
/* action_date_valid: s is a real calendar date "YYYY-MM-DD". */
int action_date_valid(const char *s);
/* action_validate_new checks a new action: source, what (required, not too
 * long), responsible (required), due date (a valid date, not before
 * today). Every bad field is marked in fe. */
void action_validate_new(const struct action_rec *a, const char *today,
                         struct fielderrs *fe);
/* action_check marks in fe why ev cannot happen in state s with text (the
 * evaluation for AE_EVALUATE, the reason for AE_CANCEL): field "event"
 * ("action.err.step") when the state machine has no such step, field
 * "text" when the required text is missing or too long. */
void action_check(enum action_state s, enum action_event ev, const char *text,
                  struct fielderrs *fe);

#endif
