/* ind_web.h: what the indicator pages and API share (page_indicators.c,
 * page_ind_forms.c, api_indicators.c; ind_web.c defines it): who may read
 * an indicator, one indicator over a unit subtree with its SPC chart
 * computed, and the catalogue's filters. */
#ifndef SKA_IND_WEB_H
#define SKA_IND_WEB_H

#include "core/fielderr.h"
#include "core/indicator.h"
#include "core/spc.h"
#include "req.h"
#include "store/store.h"
#include "tmpl.h"

/* The SPC chart of one indicator's series over a unit subtree, and its
 * verdicts: the indicator page, the API and the dashboard judge alike. */
struct ind_chart {
    struct spc_result res;
    int has_res;   /* res was computed */
    int hib;       /* higher is better (direction not "lower") */
    double target; /* the moderate target, else the high one; NaN: none */
    enum ind_variation var;
    enum ind_assurance as;
};

/* ind_web_chart computes the chart of ind's series v[0..n) (period order)
 * into c (arena memory): the indicator's chart type (a run chart when it is
 * unknown) and multiply, numerators over denominators for ratio charts;
 * of the baselines ph[0..nph), withdrawn ones aside, a freeze fixes the
 * limits up to and including its period and a phase starts a new part at
 * its period. Then the variation and assurance verdicts. Without a chart
 * (too little data, out of memory) has_res is 0 and the verdicts NONE. */
void ind_web_chart(struct arena *a, const struct indicator *ind,
                   const struct ind_value *v, size_t n,
                   const struct ind_phase *ph, size_t nph, struct ind_chart *c);

/* One indicator over one unit subtree, with its chart computed. */
struct ind_view {
    struct indicator ind;
    struct unit unit;
    struct ind_value *v, *nat;
    size_t n, nnat;
    struct ind_phase *ph;
    size_t nph;
    struct ind_annotation *an;
    size_t nan;
    struct ind_chart ch;
};

/* The kinds of a baseline and of an annotation, as stored. */
extern const char *const ind_web_base_kinds[2];
extern const char *const ind_web_ann_kinds[4];

/* ind_web_readable: the user may read somewhere under provider id. */
int ind_web_readable(struct req *r, int64_t provider_id);
/* ind_web_widest returns the user's widest readable grant (in provider, or
 * any when provider is 0), or NULL. */
const struct grant *ind_web_widest(struct req *r, int64_t provider);
/* ind_web_can_edit: the user may record baselines and annotations at u
 * (PERM_QUALITY or PERM_MANAGE there). */
int ind_web_can_edit(struct req *r, const struct unit *u);

/* ind_web_load fills w for route capture 0 and the unit in query/form
 * "unit" (default: the widest readable unit). Returns 0, or the HTTP
 * status to answer: 404 unknown indicator or unit, or unit outside the
 * scope; 500 when the store fails. */
int ind_web_load(struct req *r, struct ind_view *w);
/* ind_web_national: the national average of period, NaN when none. */
double ind_web_national(const struct ind_view *w, const char *period);

/* ind_web_tr translates the message prefix + name (name NULL: ""). */
const char *ind_web_tr(struct req *r, const char *prefix, const char *name);
/* ind_web_filter reads the catalogue filters (query) into f and lists the
 * choices in ctx (focus_areas, groups, dims, q); 1 when a focus or group
 * code is unknown (then nothing matches). */
int ind_web_filter(struct req *r, struct tv *ctx, int64_t provider,
                   struct ind_filter *f);

/* page_indicator_show renders the indicator page (page_indicators.c) with
 * status; fe marks a failed form (the typed values kept). */
void page_indicator_show(struct req *r, struct ind_view *w, int status,
                         const struct fielderrs *fe);

/* page_ind_import_allowed: the user may use the indicator import
 * (page_ind_import.c): a quality or admin role somewhere. */
int page_ind_import_allowed(const struct req *r);

#endif
