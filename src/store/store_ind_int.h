/* store_ind_int.h: internals shared by the indicator store's files
 * (store_indicator.c, store_ind_value.c, store_ind_rollup.c,
 * store_ind_phase.c). Not for use outside src/store/store_ind*.c. */
#ifndef SKA_STORE_IND_INT_H
#define SKA_STORE_IND_INT_H

#include <jansson.h>

/* store_ind_jstr makes an audit-entry JSON value of an optional text: a
 * string, or null for NULL and "" (so both audit alike). New reference. */
json_t *store_ind_jstr(const char *s);

#endif
