/* matrix.h: a care provider's risk matrix on the pages: the matrix in
 * force, the labels of its levels (the provider's own or the message
 * catalogue's defaults), the scales of the assessment form and the grid
 * shown on the case page and the settings page (assets/templates/
 * risk_grid.html). */
#ifndef SKA_MATRIX_H
#define SKA_MATRIX_H

#include "core/risk.h"
#include "req.h"
#include "tmpl.h"

/* matrix_of fills m with the provider's matrix (labels in r->a), or the
 * defaults when it cannot be read. */
void matrix_of(struct req *r, int64_t provider_id, struct risk_matrix *m);
/* matrix_label is the label of level k (1..m->levels) on axis
 * "consequence" or "probability": the provider's own, else the default in
 * the user's language. */
const char *matrix_label(struct req *r, const struct risk_matrix *m,
                         const char *axis, int k);
/* matrix_scale adds list key with one element per level of axis: value,
 * label, selected (the level cur). */
void matrix_scale(struct req *r, struct tv *ctx, const char *key,
                  const struct risk_matrix *m, const char *axis, int cur);
/* matrix_grid adds the grid of m for risk_grid.html: "grid_cols" (the
 * probability levels) and "grid" (the consequence levels, highest first,
 * each with its "cells": score, band, band_label, current when the cell is
 * consequence x probability). */
void matrix_grid(struct req *r, struct tv *ctx, const struct risk_matrix *m,
                 int consequence, int probability);

#endif
