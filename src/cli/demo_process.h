/* demo_process.h: the demo region's process map (demo_process.c). */
#ifndef SKA_DEMO_PROCESS_H
#define SKA_DEMO_PROCESS_H

#include "store/store.h"

/* demo_process creates Region Exempel's processes with owners, leads,
 * deputies, the audit's gaps and indicator links, inside the caller's
 * transaction, after the organisation and the indicators exist. */
enum err demo_process(struct store *st, struct arena *a);

#endif
