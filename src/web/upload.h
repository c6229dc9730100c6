/* upload.h: multipart/form-data bodies of R_UPLOAD routes, parsed while
 * they arrive by libmicrohttpd's post processor (no multipart parser of our
 * own). Fields become the request's form (the same kv accessors as
 * url-encoded forms, so the _csrf check is unchanged); files become
 * struct req_file. server.c is the only user. */
#ifndef SKA_UPLOAD_H
#define SKA_UPLOAD_H

#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "kv.h"
#include "req.h"

#define UPLOAD_MAX_PARTS 64 /* fields and files in one body */

struct upload;

/* upload_is_multipart: the Content-Type value names multipart/form-data. */
int upload_is_multipart(const char *ctype);
/* upload_new starts parsing the body of connection conn (a struct
 * MHD_Connection *) into arena a; no part may exceed limit bytes. NULL when
 * the Content-Type has no usable boundary or memory ran out. Everything it
 * holds is released with the arena. */
struct upload *upload_new(struct arena *a, void *conn, size_t limit);
/* upload_feed parses the next n bytes of the body; -1 once the body is
 * malformed or breaks a limit (later calls do nothing). */
int upload_feed(struct upload *u, const char *data, size_t n);
/* upload_finish ends the body and hands out what it held: fields appended
 * to form, files in *files / *nfiles (arena memory). E_INVAL when the body
 * was malformed or incomplete, a field or its name is not UTF-8, or a limit
 * was broken; E_NOMEM. */
enum err upload_finish(struct upload *u, struct kvlist *form,
                       const struct req_file **files, size_t *nfiles);

#endif
