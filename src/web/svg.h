/* svg.h: an SPC chart (struct spc_result) drawn as accessible, printable SVG
 * on the server. No script, no inline style: presentation attributes and
 * classes only, so the page's CSP holds and the chart reads in black and
 * white (limits dashed, signals marked by shape as well as colour). */
#ifndef SKA_SVG_H
#define SKA_SVG_H

#include <stddef.h>

#include "arena.h"
#include "core/spc.h"
#include "err.h"
#include "html.h"

/* A horizontal reference line (a target level). */
struct svg_ref {
    const char *label;
    double value; /* NaN: not drawn */
};

/* A numbered marker on the period at 0-based point position pos. */
struct svg_annot {
    size_t pos;
    const char *text; /* tooltip text; the page lists it by number too */
};

/* Legend and axis words, in the page's language. NULL fields get English
 * defaults. */
struct svg_words {
    const char *value, *cl, *limits, *national, *sigma, *runs, *phase, *freeze,
        *annotation;
};

/* Chart options. Every string is text (escaped here); arrays are only read
 * during svg_spc_chart. */
struct svg_opts {
    const char *id;    /* unique id prefix for the aria ids ([A-Za-z0-9-]) */
    const char *title; /* <title>: required for screen readers */
    const char *desc;  /* <desc>: the chart in words */
    const char *y_unit;
    const char *const *labels; /* one per point, or NULL: use point x */
    const double *national;    /* one per point (NaN missing), or NULL */
    const struct svg_ref *targets;
    size_t ntargets;
    const struct svg_annot *annots;
    size_t nannots;
    struct svg_words words;
};

/* svg_num appends v rounded to dec (0..6) decimals with a '.' separator,
 * whatever the C locale; NaN and infinities write "0". */
void svg_num(struct buf *b, double v, int dec);

/* svg_spc_chart draws r: the data line and points, centre line, control
 * limits (stepped per point and per part), target and national lines,
 * sigma signals (squares) and runs signals (diamonds, and a dashed centre
 * line in that part), phase boundaries, the frozen baseline's end and
 * annotation markers, with a legend. The markup lives in the arena a.
 * Returns E_OK, E_INVAL (opts or title missing) or E_NOMEM; on error *out
 * is {"", 0}. */
enum err svg_spc_chart(struct arena *a, const struct spc_result *r,
                       const struct svg_opts *opts, struct html_safe *out);

#endif
