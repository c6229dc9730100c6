/* err.h: the one error enumeration used by every layer. */
#ifndef SKA_ERR_H
#define SKA_ERR_H

enum err {
    E_OK = 0,
    E_NOMEM,    /* allocation failed or a bounded buffer is full */
    E_INVAL,    /* the input is malformed */
    E_NOTFOUND, /* the record does not exist */
    E_CONFLICT, /* unique key or state conflict */
    E_DENIED,   /* the caller may not do this */
    E_DB,       /* the store failed */
    E_IO,       /* a file or socket operation failed */
    E__MAX
};

/* err_str returns a short English description; never NULL. */
const char *err_str(enum err e);

#endif
