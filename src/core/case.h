/* case.h: the case model of deviation management (avvikelsehantering):
 * case types, the state machine, the rules that must hold before a step
 * (so a page can say exactly why a case cannot close yet); the risk
 * matrix is in risk.h. Pure logic: the store keeps cases, the web layer
 * shows them.
 *
 *   new -> assessed -> investigating -> actions -> closed
 *   new/assessed/investigating -> transferred -> (accepted) new
 *   new/assessed -> rejected;  closed/rejected -> (reopened) new */
#ifndef SKA_CASE_H
#define SKA_CASE_H

#include <stddef.h>
#include <stdint.h>

#include "core/authz.h"
#include "core/fielderr.h"
#include "core/risk.h"

enum case_type {
    CASE_DEVIATION,   /* avvikelse: negative event or near miss */
    CASE_RISK,        /* riskobservation */
    CASE_IMPROVEMENT, /* förbättringsförslag */
    CASE_COMPLAINT,   /* synpunkt/klagomål from a patient or relative */
    CASE_TYPE__MAX
};

enum case_state {
    CS_NEW,
    CS_ASSESSED,
    CS_INVESTIGATING,
    CS_ACTIONS,
    CS_CLOSED,
    CS_TRANSFERRED,
    CS_REJECTED,
    CS__MAX
};

enum case_event {
    CE_ASSESS,
    CE_INVESTIGATE,
    CE_START_ACTIONS,
    CE_CLOSE,
    CE_TRANSFER,
    CE_ACCEPT, /* the receiving unit takes a transferred case */
    CE_REJECT,
    CE_REOPEN,
    CE__MAX
};

/* The items an investigation of an event that caused or could have caused
 * serious harm must hold (HSLF-FS 2017:40 3 kap. 4 §). */
enum inv_item {
    INV_COURSE, /* händelseförloppet */
    INV_TIMES,  /* när den inträffade, uppmärksammades, rapporterades */
    INV_CONSEQUENCES,   /* konsekvenser för patienten */
    INV_CAUSES,         /* bidragande och bakomliggande orsaker */
    INV_ACTIONS,        /* beslutade/vidtagna/planerade åtgärder */
    INV_RESPONSIBLE,    /* vem ansvarar för åtgärderna */
    INV_SCHEDULE,       /* när åtgärderna ska vara vidtagna (tidplan) */
    INV_FOLLOWUP,       /* vem ansvarar för uppföljningen */
    INV_STAFF_INFORMED, /* hur personalen informeras, för lärande */
    INV__MAX
};

/* What the rules look at. Texts: NULL or blank = missing. */
struct case_facts {
    enum case_type type;
    enum case_state state;
    int consequence, probability; /* 1..4; 0 = not assessed */
    int serious; /* caused or could have caused allvarlig vårdskada */
    const char *investigation[INV__MAX];
    int lex_maria_decided; /* the decision (report or not) is recorded */
    int feedback_given;    /* återkoppling to the reporter */
    size_t actions_open;   /* actions not yet done and evaluated */
    int complaint_answered;
    const char *reason;  /* for reject, transfer and reopen */
    int64_t target_unit; /* for transfer */
};

#define CASE_BLOCKERS_MAX 16

/* Why an event cannot happen: message keys ("case.block.feedback", ...). */
struct case_blockers {
    const char *v[CASE_BLOCKERS_MAX];
    size_t n;
};

const char *case_type_str(enum case_type t);        /* "deviation", ... */
enum case_type case_type_from_str(const char *s);   /* CASE_TYPE__MAX */
const char *case_state_str(enum case_state s);      /* "new", ... */
enum case_state case_state_from_str(const char *s); /* CS__MAX */
const char *case_event_str(enum case_event e);      /* "assess", ... */
enum case_event case_event_from_str(const char *s); /* CE__MAX */
const char *case_inv_item_str(enum inv_item i);     /* "course", ... */

/* case_next is the state after ev in state s, or CS__MAX when the state
 * machine has no such step. */
enum case_state case_next(enum case_state s, enum case_event ev);
/* case_event_perm is what the acting user needs at the case's unit (for
 * CE_ACCEPT: at the receiving unit). */
enum perm case_event_perm(enum case_event ev);
/* case_check lists in b every rule that stops ev now (b->n == 0: allowed).
 * The state machine itself is the first rule ("case.block.state"). */
void case_check(const struct case_facts *f, enum case_event ev,
                struct case_blockers *b);

/* A case as stored and shown. Times are UTC seconds, 0 = not set;
 * consequence/probability 0 = not assessed; system_fault -1 = unknown. The
 * *_name/_code/_path fields are filled by the store for display. */
struct case_rec {
    int64_t id, provider_id, unit_id, reporter_id, reporter_unit_id;
    int64_t handler_id, category_id;
    const char *number, *type, *state;
    const char *what, *immediate_action, *suggestion;
    const char *feedback, *reason, *care_injury;
    int64_t occurred_at, discovered_at, reported_at, feedback_at;
    int64_t state_since, closed_at, created_at, updated_at;
    int confidential, patient_affected, consequence, probability;
    int system_fault, serious, has_patient;
    const char *unit_name, *unit_code, *unit_path;
    const char *reporter_name, *handler_name, *category_name;
    /* the clocks (007): 0 = not set. lm_done_at is when the Lex Maria
     * duty ended: the decision not to report, or the date sent to IVO. */
    int64_t lm_decided_at, lm_done_at, answer_due, answered_at;
    /* the assessment as judged when it was made (017): the score and band
     * under the care provider's risk matrix of that moment, kept when the
     * matrix changes later; 0/NULL = not assessed. store_case_update sets
     * them when the consequence or probability changes, or when they are
     * 0/NULL (a re-assessment under today's matrix). */
    int risk_score;
    const char *risk_band; /* "low", "medium", "high" */
};

#define CASE_TEXT_MAX 10000 /* characters of free text */

/* case_validate_report checks a new report: type, what happened (required),
 * times (not in the future, discovered not before occurred), unit, text
 * lengths. now is the current UTC time. Every bad field is marked. */
void case_validate_report(const struct case_rec *c, int64_t now,
                          struct fielderrs *fe);

/* ---- clocks: time limits per state, Lex Maria, complaint answers ---- */

#define CASE_DAY 86400

/* Limits in days; 0 = no limit. Defaults (case_limits_default, the same as
 * migration 007): new 7, assessed 14, investigating 60, actions 90,
 * transferred 7; Lex Maria 60 days from discovery (else the report);
 * complaint answer 28 days (four weeks) from the report. */
struct case_limits {
    int state_days[CS__MAX];
    int lex_maria_days, complaint_days;
};

void case_limits_default(struct case_limits *l);
/* case_limits_set sets one limit by its key in case_time_limit
 * ("state.new", "lex_maria", "complaint"); -1 for an unknown key or
 * days < 1. */
int case_limits_set(struct case_limits *l, const char *key, int days);
/* case_due is start + days; 0 when start or days is 0. */
int64_t case_due(int64_t start, int days);
/* case_is_open: not closed or rejected. */
int case_is_open(enum case_state s);

/* What the clocks say about a case at time now. Only open cases are ever
 * overdue. Dues are 0 when the clock does not apply. */
struct case_clock {
    int64_t state_due, lm_due, answer_due;
    int state_overdue, lm_overdue, answer_overdue;
    int overdue; /* any of them */
};

void case_clock_of(const struct case_limits *l, const struct case_rec *c,
                   int64_t now, struct case_clock *out);

/* The Lex Maria decision as entered. */
struct case_lm {
    int report; /* 1 report to IVO, 0 not; -1 not chosen */
    const char *reasoning, *ivo_ref;
    int64_t decided_at, sent_at; /* 0 = not set, -1 = malformed */
};

/* case_validate_lm: a choice and a reasoning are required; the decision
 * date neither missing nor in the future; a date sent or an IVO reference
 * only when reported; sent not before decided. */
void case_validate_lm(const struct case_lm *lm, int64_t now,
                      struct fielderrs *fe);

/* case_validate_complaint checks a complaint's clock as entered (times 0 =
 * not set, -1 = malformed): the answer neither in the future nor before
 * the report (reported_at). */
void case_validate_complaint(int64_t answer_due, int64_t answered_at,
                             int64_t reported_at, int64_t now,
                             struct fielderrs *fe);

/* case_median of v[0..n) (sorted in place); 0 when n is 0. */
int64_t case_median(int64_t *v, size_t n);

#endif
