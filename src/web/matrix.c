/* matrix.c: a care provider's risk matrix on the pages (matrix.h). */
#include "matrix.h"

#include "page.h"

void matrix_of(struct req *r, int64_t provider_id, struct risk_matrix *m)
{
    if (store_risk_matrix(r->st, r->a, provider_id, m, NULL))
        risk_matrix_default(m);
}

const char *matrix_label(struct req *r, const struct risk_matrix *m,
                         const char *axis, int k)
{
    const char *own = NULL;

    if (k >= 1 && k <= RISK_LEVELS_MAX)
        own =
            axis[0] == 'c' ? m->consequence_label[k] : m->probability_label[k];
    return own ? own : page_t(r, arena_printf(r->a, "case.%s.%d", axis, k));
}

void matrix_scale(struct req *r, struct tv *ctx, const char *key,
                  const struct risk_matrix *m, const char *axis, int cur)
{
    struct tv *list = tv_list(ctx, key);
    int k;

    for (k = 1; k <= m->levels; k++) {
        struct tv *it = tv_push(list);

        tv_int(it, "value", k);
        tv_str(it, "label", matrix_label(r, m, axis, k));
        tv_bool(it, "selected", k == cur);
    }
}

void matrix_grid(struct req *r, struct tv *ctx, const struct risk_matrix *m,
                 int consequence, int probability)
{
    struct tv *rows;
    int c, p;

    matrix_scale(r, ctx, "grid_cols", m, "probability", 0);
    rows = tv_list(ctx, "grid");
    for (c = m->levels; c >= 1; c--) {
        struct tv *row = tv_push(rows), *cells;

        tv_int(row, "value", c);
        tv_str(row, "label", matrix_label(r, m, "consequence", c));
        cells = tv_list(row, "cells");
        for (p = 1; p <= m->levels; p++) {
            struct tv *it = tv_push(cells);
            int score = risk_score(m, c, p);
            const char *b = risk_band_str(risk_band_of(m, score));

            tv_int(it, "score", score);
            tv_str(it, "band", b);
            tv_str(it, "band_label",
                   page_t(r, arena_printf(r->a, "case.band.%s", b)));
            tv_bool(it, "current", c == consequence && p == probability);
        }
    }
}
