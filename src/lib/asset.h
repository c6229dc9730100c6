/* asset.h: files embedded in the binary at build time (tools/embed.c):
 * templates, css, js, icons and the store's migrations. */
#ifndef SKA_ASSET_H
#define SKA_ASSET_H

#include <stddef.h>

struct asset {
    const char *path;          /* e.g. "css/ska.css", "schema/001_init.sql" */
    const unsigned char *data; /* NUL-terminated after len bytes */
    size_t len;
    const char *etag; /* quoted strong ETag */
};

/* Terminated by an entry whose path is NULL. */
extern const struct asset assets[];

/* asset_find returns the asset with this exact path, or NULL. */
const struct asset *asset_find(const char *path);

#endif
