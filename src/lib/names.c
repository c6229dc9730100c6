/* names.c: enum <-> code name tables. */
#include "names.h"

#include <string.h>

int names_index(const char *const *names, int n, const char *s)
{
    int i;

    for (i = 0; s && i < n; i++)
        if (names[i] && strcmp(names[i], s) == 0)
            return i;
    return n;
}

const char *names_get(const char *const *names, int n, int i)
{
    return i >= 0 && i < n && names[i] ? names[i] : "unknown";
}
