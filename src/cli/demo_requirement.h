/* demo_requirement.h: the legal-requirements part of ska demo. */
#ifndef SKA_DEMO_REQUIREMENT_H
#define SKA_DEMO_REQUIREMENT_H

#include "arena.h"
#include "store/store.h"

/* demo_requirement links requirements to the agreed demo processes (those
 * that exist; the process module creates them), assesses some for a few
 * units (met, partly, not met, one review overdue), leaves the rest never
 * assessed, and saves last year's annual report as a status snapshot of
 * the health-care administration (HSF) so the status page has something
 * to compare with. Call inside the demo's transaction. */
enum err demo_requirement(struct store *st, struct arena *a);

#endif
