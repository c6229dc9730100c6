/* remind.h: the reminder sweep. The notification worker (notify.c) runs
 * every sweep of remind_sweeps[] once at start and then every minute; each
 * finds the deadlines of its module, asks core/reminder.h which stage is
 * due, records it in reminder_sent (once per deadline date) and notifies
 * the people concerned (notify_send: in-app, e-mail, deputies' copies).
 *
 * Another module adds its reminders with one line in remind_sweeps[]
 * (remind.c) and a function of this type. */
#ifndef SKA_REMIND_H
#define SKA_REMIND_H

#include <stdint.h>

#include "store/store.h"

struct remind_sweep {
    const char *name; /* for the log: "cases", "actions" */
    /* sends what is due at now; returns how many reminders it sent, -1 on
     * a database error (the next sweep tries again) */
    long (*run)(struct store *st, int64_t now);
};

/* The sweeps, ended by a {NULL, NULL} entry. */
extern const struct remind_sweep remind_sweeps[];

/* remind_run runs every sweep at now; errors go to stderr. */
void remind_run(struct store *st, int64_t now);

/* The sweeps of deviation management: the time limits of case states, Lex
 * Maria decisions and complaint answers, and the action register. */
long remind_cases(struct store *st, int64_t now);
long remind_actions(struct store *st, int64_t now);
long remind_documents(struct store *st, int64_t now);

#endif
