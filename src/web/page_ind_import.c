/* page_ind_import.c: the web import of indicator values or catalogue
 * entries from a CSV or XLSX file (the formats of core/ind_import.h, the
 * same rules as `ska import indicators`, through store_ind_import). For
 * quality coordinators and administrators, for the units of the subtree
 * where they hold that role (the catalogue only at the care provider's
 * root). "Preview" runs everything and rolls back; "Import" commits only a
 * file without errors, and then writes one audit entry; every error is
 * listed by line and column and nothing is written. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/ind_import.h"
#include "csvfile.h"
#include "handlers.h"
#include "ind_web.h"
#include "page.h"
#include "xlsxfile.h"

#define SHOW_ERRORS 500 /* listed on the page; the count says the rest */

/* import_scope: the widest subtree where the user coordinates quality or
 * administers (values may be imported for its units only), with its care
 * provider (*provider, the path's first id) and whether it is the whole
 * provider (*root: then catalogue entries may be imported too). NULL when
 * the user holds neither role anywhere. */
static const char *import_scope(const struct req *r, int64_t *provider,
                                int *root)
{
    const char *best = NULL;
    size_t i;

    for (i = 0; i < r->ngrants; i++) {
        const struct grant *g = &r->grants[i];

        if ((role_has(g->role, PERM_QUALITY) ||
             role_has(g->role, PERM_ADMIN)) &&
            (!best || strlen(g->unit_path) < strlen(best)))
            best = g->unit_path;
    }
    if (!best)
        return NULL;
    *provider = strtoll(best + 1, NULL, 10);
    *root = strchr(best + 1, '/') && !strchr(best + 1, '/')[1];
    return best;
}

static void show(struct req *r, int status, struct tv *ctx)
{
    page_render(r, status, "ind_import", ctx, "indimp.title");
}

int page_ind_import_allowed(const struct req *r)
{
    int64_t provider;
    int root;

    return req_can(r, PERM_READ, NULL) &&
           import_scope(r, &provider, &root) != NULL;
}

void page_ind_import(struct req *r)
{
    if (!page_ind_import_allowed(r)) {
        page_error(r, 403);
        return;
    }
    show(r, 200, page_ctx(r));
}

static int cmp_err(const void *x, const void *y)
{
    const struct ind_import_err *a = x, *b = y;

    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

static void list_errors(struct req *r, struct tv *ctx,
                        struct ind_import_errs *es)
{
    struct tv *list = tv_list(ctx, "import_errors");
    size_t i, shown = es->n < IND_IMPORT_MAX_ERRS ? es->n : IND_IMPORT_MAX_ERRS;

    qsort(es->v, shown, sizeof(*es->v), cmp_err);
    for (i = 0; i < shown && i < SHOW_ERRORS; i++) {
        struct tv *it = tv_push(list);

        tv_int(it, "line", (long long)es->v[i].line);
        if (es->v[i].col)
            tv_int(it, "col", (long long)es->v[i].col);
        tv_str(it, "message", page_t(r, es->v[i].msg));
        if (es->v[i].value && *es->v[i].value)
            tv_str(it, "value", es->v[i].value);
    }
    tv_bool(ctx, "has_import_errors", 1);
    tv_int(ctx, "nerr", (long long)es->n);
    tv_bool(ctx, "more_errors", es->n > SHOW_ERRORS);
}

/* audit records the import as the CLI does: entity "import", the file's
 * name and SHA-256, its kind and the counts. */
static enum err audit(struct req *r, const struct req_file *file,
                      const char *kind, const struct ind_import_counts *c)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    struct actor who = req_actor(r);
    json_t *j;
    char *after;
    enum err e;

    crypto_hash_sha256(h, file->data, file->len);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    j = json_pack("{ss ss ss sI sI sI sI}", "file", file->name, "sha256", hex,
                  "kind", kind, "rows", (json_int_t)c->rows, "created",
                  (json_int_t)c->created, "updated", (json_int_t)c->updated,
                  "unchanged", (json_int_t)c->unchanged);
    after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!after)
        return E_NOMEM;
    e = store_audit(r->st, &who, "import", "import", 0, NULL, after);
    free(after);
    return e;
}

void page_ind_import_run(struct req *r)
{
    const struct req_file *file = req_file(r, "file", 0);
    int preview = kv_get(&r->form, "preview") != NULL;
    int64_t provider = 0;
    int root = 0;
    const char *scope = import_scope(r, &provider, &root);
    struct ind_import_errs es = {0};
    struct ind_import_counts c = {0};
    struct tv *ctx;
    struct csvfile f;
    struct buf msg;
    const char *kind = NULL;
    enum err e = E_OK;

    if (!scope) {
        page_error(r, 403);
        return;
    }
    ctx = page_ctx(r);
    buf_init(&msg, 1024);
    if (!file || !file->len) {
        ind_import_err_add(r->a, &es, 1, 0, "indimp.choose_file", NULL);
    } else if ((xlsxfile_is((const char *)file->data, file->len)
                    ? xlsxfile_parse(r->a, (const char *)file->data, file->len,
                                     &f, &msg)
                    : csvfile_parse(r->a, (const char *)file->data, file->len,
                                    &f, &msg)) != E_OK) {
        tv_str(ctx, "parse_error", arena_strdup(r->a, msg.p));
    } else {
        enum ind_import_kind k = ind_import_kind_of(&f);

        kind = k == IMPORT_VALUES      ? "values"
               : k == IMPORT_CATALOGUE ? "catalogue"
                                       : NULL;
        if (k == IMPORT_CATALOGUE && !root) {
            /* the catalogue is the whole care provider's */
            ind_import_err_add(r->a, &es, 1, 0, "indimp.catalogue_denied",
                               NULL);
        } else if ((e = store_begin(r->st)) == E_OK) {
            struct actor who = req_actor(r);

            e = store_ind_import(r->st, r->a, &who, &f, provider, scope, &es,
                                 &c, NULL, NULL);
            if (!e && !es.n && !preview && kind)
                e = audit(r, file, kind, &c);
            if (e || es.n || preview || !kind || (e = store_commit(r->st)))
                store_rollback(r->st);
        }
    }
    buf_release(&msg);
    if (e) {
        page_error(r, page_status_for(e));
        return;
    }
    tv_str(ctx, "file_name", file ? file->name : NULL);
    if (kind)
        tv_str(ctx, "kind_label",
               page_t(r, arena_printf(r->a, "indimp.kind.%s", kind)));
    tv_bool(ctx, "has_result", 1);
    if (es.n)
        list_errors(r, ctx, &es);
    tv_bool(ctx, "ok", !es.n && kind);
    tv_bool(ctx, "preview", preview);
    tv_int(ctx, "created", (long long)c.created);
    tv_int(ctx, "updated", (long long)c.updated);
    tv_int(ctx, "unchanged", (long long)c.unchanged);
    show(r, es.n || !kind ? 422 : 200, ctx);
}
