/* asset.c: lookup in the embedded file table. */
#include "asset.h"

#include <string.h>

const struct asset *asset_find(const char *path)
{
    const struct asset *a;

    for (a = assets; a->path; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}
