/* page_ind_forms.c: the forms of the indicator page: record a governed
 * baseline (freeze or new phase), withdraw one, add an annotation. Quality
 * coordinators and managers (PERM_QUALITY / PERM_MANAGE at the unit) only;
 * a bad form shows the page again with the fields marked. */
#include <string.h>

#include "handlers.h"
#include "ind_web.h"
#include "page.h"

static void back(struct req *r, const struct ind_view *w)
{
    struct buf b;

    buf_init(&b, 1024);
    buf_adds(&b, "/indicators/");
    html_url_part(&b, w->ind.code, strlen(w->ind.code));
    buf_adds(&b, "?unit=");
    html_url_part(&b, w->unit.code, strlen(w->unit.code));
    buf_adds(&b, "&ok=1");
    req_redirect(r, arena_strdup(r->a, b.p));
    buf_release(&b);
}

/* load_edit loads the view for a POST and checks the right to change it.
 * Answers the error itself and returns 0 then. */
static int load_edit(struct req *r, struct ind_view *w)
{
    int st = ind_web_load(r, w);

    if (!st && !ind_web_can_edit(r, &w->unit))
        st = 403;
    if (st)
        page_error(r, st);
    return !st;
}

static int one_of(const char *s, const char *const *v, size_t n)
{
    size_t i;

    for (i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

static void save(struct req *r, struct ind_view *w, enum err e)
{
    if (e) {
        store_rollback(r->st);
        page_error(r, page_status_for(e));
        return;
    }
    back(r, w);
}

/* POST /indicators/{code}/baselines: 303 recorded; 422 bad fields (kind,
 * period, reason required); 403 without PERM_QUALITY/PERM_MANAGE. */
void page_baseline_add(struct req *r)
{
    struct ind_phase p = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct ind_view w;
    enum err e;

    if (!load_edit(r, &w))
        return;
    p.indicator_id = w.ind.id;
    p.unit_id = w.unit.id;
    p.kind = kv_get(&r->form, "b_kind");
    p.period = kv_get(&r->form, "b_period");
    p.reason = kv_get(&r->form, "b_reason");
    p.justification = kv_get(&r->form, "b_justification");
    if (p.justification && !*p.justification)
        p.justification = NULL;
    if (!one_of(p.kind, ind_web_base_kinds, 2))
        fielderr_add(&fe, "b_kind", "err.required");
    if (!p.period || !ind_period_valid(
                         ind_periodicity_from_str(w.ind.periodicity), p.period))
        fielderr_add(&fe, "b_period", "ind.err.period");
    if (!p.reason || !*p.reason)
        fielderr_add(&fe, "b_reason", "ind.err.reason");
    if (fe.n) {
        page_indicator_show(r, &w, 422, &fe);
        return;
    }
    if (!(e = store_begin(r->st)) && !(e = store_phase_add(r->st, &who, &p)))
        e = store_commit(r->st);
    save(r, &w, e);
}

/* POST /indicators/{code}/baselines/{id}/withdraw: 303; 404 not a baseline
 * of this indicator and unit; 403 as above. */
void page_baseline_withdraw(struct req *r)
{
    struct actor who = req_actor(r);
    struct ind_view w;
    int64_t id = req_id(r, 1);
    size_t i;
    enum err e;

    if (!load_edit(r, &w))
        return;
    for (i = 0; i < w.nph && (w.ph[i].id != id || w.ph[i].withdrawn); i++)
        ;
    if (i == w.nph) {
        page_error(r, 404);
        return;
    }
    if (!(e = store_begin(r->st)) &&
        !(e = store_phase_withdraw(r->st, &who, id)))
        e = store_commit(r->st);
    save(r, &w, e);
}

/* POST /indicators/{code}/annotations: 303; 422 bad fields; 403. */
void page_annotation_add(struct req *r)
{
    struct ind_annotation an = {0};
    struct fielderrs fe = {0};
    struct actor who = req_actor(r);
    struct ind_view w;
    enum err e;

    if (!load_edit(r, &w))
        return;
    an.indicator_id = w.ind.id;
    an.unit_id = w.unit.id;
    an.period = kv_get(&r->form, "a_period");
    an.kind = kv_get(&r->form, "a_kind");
    an.text = kv_get(&r->form, "a_text");
    if (!one_of(an.kind, ind_web_ann_kinds, 4))
        fielderr_add(&fe, "a_kind", "err.required");
    if (!an.period ||
        !ind_period_valid(ind_periodicity_from_str(w.ind.periodicity),
                          an.period))
        fielderr_add(&fe, "a_period", "ind.err.period");
    if (!an.text || !*an.text)
        fielderr_add(&fe, "a_text", "ind.err.text");
    if (fe.n) {
        page_indicator_show(r, &w, 422, &fe);
        return;
    }
    if (!(e = store_begin(r->st)) &&
        !(e = store_annotation_add(r->st, &who, &an)))
        e = store_commit(r->st);
    save(r, &w, e);
}
