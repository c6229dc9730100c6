/* fielderr.h: validation results: a list of (field, message key) pairs so
 * a form can mark every wrong field at once instead of stopping at the
 * first. Message keys are looked up in the UI catalogue (assets/i18n). */
#ifndef SKA_FIELDERR_H
#define SKA_FIELDERR_H

#include <stddef.h>

#define FIELDERR_MAX 16

struct fielderr {
    const char *field;
    const char *msg; /* catalogue key, e.g. "err.required" */
};

struct fielderrs {
    struct fielderr v[FIELDERR_MAX];
    size_t n;
};

/* fielderr_add records an error; beyond FIELDERR_MAX errors are dropped. */
void fielderr_add(struct fielderrs *fe, const char *field, const char *msg);
/* fielderr_get returns the message key for field, or NULL. */
const char *fielderr_get(const struct fielderrs *fe, const char *field);

#endif
