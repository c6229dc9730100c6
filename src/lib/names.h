/* names.h: the code names of an enumeration, kept in a table indexed by
 * the enum (kcgi's X__MAX pattern): both directions of the mapping. */
#ifndef SKA_NAMES_H
#define SKA_NAMES_H

/* names_index returns the index of s in names[0..n), or n when s is NULL or
 * not there. */
int names_index(const char *const *names, int n, const char *s);
/* names_get returns names[i], or "unknown" when i is outside 0..n-1 or the
 * slot is empty. */
const char *names_get(const char *const *names, int n, int i);

#endif
