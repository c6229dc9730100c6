/* err.c: descriptions of enum err. */
#include "err.h"

static const char *const err_strs[E__MAX] = {
    [E_OK] = "ok",
    [E_NOMEM] = "out of memory",
    [E_INVAL] = "invalid input",
    [E_NOTFOUND] = "not found",
    [E_CONFLICT] = "conflict",
    [E_DENIED] = "permission denied",
    [E_DB] = "database error",
    [E_IO] = "input/output error",
};

const char *err_str(enum err e)
{
    if ((unsigned)e >= E__MAX)
        return "unknown error";
    return err_strs[e];
}
