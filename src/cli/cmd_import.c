/* cmd_import.c: `ska import indicators [--db PATH] [--provider CODE] FILE`:
 * imports an indicator catalogue or indicator values (formats in
 * core/ind_import.h) from CSV or XLSX. Everything is checked first; with
 * any error each one is printed as "FILE:LINE:COL: message" and nothing is
 * written (exit 1). Otherwise all rows are upserted in one transaction
 * with one audit entry (entity "import") and "N created, N updated, N
 * unchanged" is printed on stdout. Progress goes to stderr when it is a
 * terminal. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "core/ind_import.h"
#include "csvfile.h"
#include "util.h"
#include "xlsxfile.h"

#define IMPORT_FILE_MAX ((size_t)1 << 31)

static const char usage[] =
    "usage: ska import indicators [--db PATH] [--provider CODE] FILE\n"
    "\n"
    "Imports a CSV (',' or ';') or XLSX file (first sheet). Its header tells\n"
    "the kind:\n"
    "  values:    indicator,unit,period,numerator,denominator,value\n"
    "             (unit RIKET = the national average for the period)\n"
    "  catalogue: code,name,description,numerator_def,denominator_def,unit,\n"
    "             direction,dimension,source,periodicity,target_moderate,\n"
    "             target_high,chart,multiply,focus_areas,patient_groups\n"
    "Decimal comma or point; an empty cell is missing. Nothing is written\n"
    "when any row has an error. --provider picks the care provider of new\n"
    "catalogue entries (default: the only one).\n";

/* English texts of the message keys. */
static const struct {
    const char *key, *text;
} msgs[] = {
    {"err.required", "a value is required"},
    {"ind.err.code", "a code is 1 to 64 letters A-Z, digits, '.', '_' or '-'"},
    {"ind.err.too_long", "the text is too long"},
    {"ind.err.direction", "direction must be 'higher' or 'lower'"},
    {"ind.err.dimension",
     "dimension must be one of evidence_based, safe, person_centred, "
     "equitable, efficient, accessible"},
    {"ind.err.periodicity",
     "periodicity must be one of week, month, quarter, year"},
    {"ind.err.chart", "unknown chart type"},
    {"ind.err.multiply", "multiply must be a number greater than zero"},
    {"ind.err.number", "not a number"},
    {"ind.err.target_order",
     "target_high must be at least as good as target_moderate"},
    {"ind.err.active", "active must be 1 or 0"},
    {"ind.err.duplicate", "this key occurs earlier in the file"},
    {"ind.err.column", "unknown column"},
    {"ind.err.header",
     "the header names neither a values file (indicator, unit, period and "
     "value or numerator and denominator) nor a catalogue file (code, name, "
     "direction, dimension)"},
    {"ind.err.empty", "the file is empty"},
    {"ind.err.period", "not a period (YYYY-MM, YYYY-Qn, YYYY or YYYY-Www)"},
    {"ind.err.period_kind", "the period does not match the indicator's "
                            "periodicity"},
    {"ind.err.negative", "must not be negative"},
    {"ind.err.ratio_pair", "numerator and denominator go together"},
    {"ind.err.national_value", "a national (RIKET) row needs a value"},
    {"ind.err.unknown_indicator", "unknown indicator code"},
    {"ind.err.unknown_unit", "unknown unit code"},
    {"ind.err.unknown_focus_area", "unknown focus area code"},
    {"ind.err.unknown_patient_group", "unknown patient group code"},
};

static const char *msg_en(const char *key)
{
    size_t i;

    for (i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++)
        if (strcmp(msgs[i].key, key) == 0)
            return msgs[i].text;
    return key;
}

static int read_file(const char *path, struct buf *data)
{
    FILE *fp = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    int rc = 0;

    if (!fp) {
        fprintf(stderr, "ska import: cannot open %s: %s\n", path,
                strerror(errno));
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(data, chunk, n);
    if (ferror(fp) || data->err) {
        fprintf(stderr, "ska import: cannot read %s: %s\n", path,
                data->err ? "file too large" : strerror(errno));
        rc = -1;
    }
    fclose(fp);
    return rc;
}

/* ---- code look-ups: sorted arrays searched with bsearch ---- */

struct code_id {
    const char *code;
    int64_t id;
    int periodicity; /* indicators only */
    double multiply;
};

static int cmp_code(const void *x, const void *y)
{
    return strcmp(((const struct code_id *)x)->code,
                  ((const struct code_id *)y)->code);
}

static const struct code_id *find(const struct code_id *v, size_t n,
                                  const char *code)
{
    struct code_id key = {code, 0, 0, 0};

    return n ? bsearch(&key, v, n, sizeof(*v), cmp_code) : NULL;
}

/* ---- progress ---- */

struct progress {
    int tty;
    size_t total;
    double last;
};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(struct progress *p, size_t done)
{
    double t;

    if (!p->tty || (done & 4095) != 0 || p->total < 10000)
        return;
    t = now_s();
    if (t - p->last < 0.25)
        return;
    p->last = t;
    fprintf(stderr, "\rimporting: %3d%% (%zu of %zu rows)",
            (int)(100.0 * (double)done / (double)p->total), done, p->total);
    fflush(stderr);
}

static void progress_end(struct progress *p)
{
    if (p->tty && p->total >= 10000 && p->last > 0)
        fprintf(stderr, "\r%60s\r", "");
}

/* ---- errors ---- */

static int cmp_err(const void *x, const void *y)
{
    const struct ind_import_err *a = x, *b = y;

    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    return 0;
}

static int print_errors(const char *file, struct ind_import_errs *es)
{
    size_t i, shown = es->n < IND_IMPORT_MAX_ERRS ? es->n : IND_IMPORT_MAX_ERRS;

    qsort(es->v, shown, sizeof(*es->v), cmp_err);
    for (i = 0; i < shown; i++) {
        const struct ind_import_err *e = &es->v[i];

        fprintf(stderr, "%s:%zu:%zu: %s", file, e->line, e->col ? e->col : 1,
                msg_en(e->msg));
        if (e->value && *e->value)
            fprintf(stderr, ": '%.60s'", e->value);
        fputc('\n', stderr);
    }
    if (es->n > shown)
        fprintf(stderr, "%s: ... and %zu more errors\n", file, es->n - shown);
    fprintf(stderr, "ska import: %zu error%s; nothing was imported.\n", es->n,
            es->n == 1 ? "" : "s");
    return 1;
}

struct counts {
    size_t created, updated, unchanged;
};

static void count(struct counts *c, int changed)
{
    if (changed == 1)
        c->created++;
    else if (changed)
        c->updated++;
    else
        c->unchanged++;
}

/* ---- values ---- */

struct vkey {
    int64_t ind, unit;
    const char *period;
    size_t line;
};

static int cmp_vkey(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    if (a->ind != b->ind)
        return a->ind < b->ind ? -1 : 1;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return strcmp(a->period, b->period);
}

static int cmp_vkey_line(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    return a->line < b->line ? -1 : a->line > b->line;
}

static enum err load_units(struct store *st, struct arena *a,
                           struct code_id **out, size_t *n)
{
    struct unit *u;
    size_t i;
    enum err e = store_unit_list(st, a, &u, n);

    if (e)
        return e;
    if (!(*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < *n; i++) {
        (*out)[i].code = u[i].code;
        (*out)[i].id = u[i].id;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

static enum err load_indicators(struct store *st, struct arena *a,
                                struct code_id **out, size_t *n)
{
    struct ind_filter f = {0};
    struct indicator *v;
    size_t i;
    enum err e;

    f.include_inactive = 1;
    if ((e = store_indicator_list(st, a, &f, &v, n)))
        return e;
    if (!(*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < *n; i++) {
        (*out)[i].code = v[i].code;
        (*out)[i].id = v[i].id;
        (*out)[i].periodicity = (int)ind_periodicity_from_str(v[i].periodicity);
        (*out)[i].multiply = v[i].multiply;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

/* resolve_values checks codes, periods and duplicates; fills ids. */
static enum err resolve_values(struct store *st, struct arena *a,
                               const struct csvfile *f,
                               const struct ind_value_rec *v, size_t n,
                               int64_t *ind_ids, int64_t *unit_ids,
                               struct ind_import_errs *es)
{
    struct code_id *units, *inds;
    size_t nunits, ninds, i, k = 0;
    size_t ci = ind_import_col(f, "indicator"), cu = ind_import_col(f, "unit"),
           cp = ind_import_col(f, "period");
    struct vkey *keys;
    enum err e;

    if ((e = load_units(st, a, &units, &nunits)) ||
        (e = load_indicators(st, a, &inds, &ninds)))
        return e;
    if (!(keys = arena_alloc(a, (n ? n : 1) * sizeof(*keys))))
        return E_NOMEM;
    for (i = 0; i < n; i++) {
        const struct code_id *ind = find(inds, ninds, v[i].indicator);
        const struct code_id *u =
            v[i].national ? NULL : find(units, nunits, v[i].unit);
        int bad = 0;

        if (!ind) {
            if (ind_import_err_add(a, es, v[i].line, ci,
                                   "ind.err.unknown_indicator", v[i].indicator))
                return E_NOMEM;
            bad = 1;
        } else if (!ind_period_valid((enum ind_periodicity)ind->periodicity,
                                     v[i].period)) {
            if (ind_import_err_add(a, es, v[i].line, cp, "ind.err.period_kind",
                                   v[i].period))
                return E_NOMEM;
            bad = 1;
        }
        if (!v[i].national && !u) {
            if (ind_import_err_add(a, es, v[i].line, cu, "ind.err.unknown_unit",
                                   v[i].unit))
                return E_NOMEM;
            bad = 1;
        }
        ind_ids[i] = ind ? ind->id : 0;
        unit_ids[i] = u ? u->id : 0;
        if (!bad) {
            keys[k].ind = ind_ids[i];
            keys[k].unit = unit_ids[i];
            keys[k].period = v[i].period;
            keys[k].line = v[i].line;
            k++;
        }
    }
    /* the same indicator, unit and period twice: the later lines are
     * errors (a re-import would not be idempotent) */
    qsort(keys, k, sizeof(*keys), cmp_vkey);
    for (i = 1; i < k; i++)
        if (cmp_vkey(&keys[i - 1], &keys[i]) == 0) {
            struct vkey later = cmp_vkey_line(&keys[i - 1], &keys[i]) < 0
                                    ? keys[i]
                                    : keys[i - 1];

            if (later.line < keys[i].line)
                keys[i].line = later.line; /* keep the smaller for chains */
            if (ind_import_err_add(a, es, later.line, 0, "ind.err.duplicate",
                                   NULL))
                return E_NOMEM;
        }
    return E_OK;
}

static int cmp_pair(const void *x, const void *y)
{
    const struct vkey *a = x, *b = y;

    if (a->ind != b->ind)
        return a->ind < b->ind ? -1 : 1;
    return strcmp(a->period, b->period);
}

/* refresh_rollup: the rows are written with store_value_load, so the
 * rollup (migration 008) is recomputed once at the end for the indicators
 * and periods that changed, exactly, from the values, with set-based
 * statements (store_indicator_rollup_refresh_pairs): cheaper than
 * maintaining it per row, or refreshing it per pair. SKA_IMPORT_TIMING=1
 * prints the time of the load and of the refresh on stderr. */
static enum err refresh_rollup(struct store *st, struct arena *a,
                               struct vkey *pairs, size_t k)
{
    int64_t *ind = arena_alloc(a, (k ? k : 1) * sizeof(*ind));
    const char **per = arena_alloc(a, (k ? k : 1) * sizeof(*per));
    size_t i, m = 0;

    if (!ind || !per)
        return E_NOMEM;
    qsort(pairs, k, sizeof(*pairs), cmp_pair);
    for (i = 0; i < k; i++) {
        if (i && cmp_pair(&pairs[i - 1], &pairs[i]) == 0)
            continue;
        ind[m] = pairs[i].ind;
        per[m++] = pairs[i].period;
    }
    return store_indicator_rollup_refresh_pairs(st, m, ind, per);
}

static double mono_now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int import_values(struct store *st, struct arena *a, const char *file,
                         const struct csvfile *f, struct counts *c,
                         size_t *rows)
{
    struct ind_import_errs es = {0};
    struct ind_value_rec *v;
    struct progress pg = {0};
    int64_t *ind_ids, *unit_ids;
    struct vkey *pairs;
    size_t n, i, npairs = 0;
    double t0, t1;
    enum err e;

    if ((e = ind_import_values(a, f, &v, &n, &es)))
        goto fail;
    if (!(ind_ids = arena_alloc(a, (n ? n : 1) * sizeof(int64_t))) ||
        !(unit_ids = arena_alloc(a, (n ? n : 1) * sizeof(int64_t)))) {
        e = E_NOMEM;
        goto fail;
    }
    /* v holds only the rows that parsed, so codes are checked too */
    if ((e = resolve_values(st, a, f, v, n, ind_ids, unit_ids, &es)))
        goto fail;
    if (es.n)
        return print_errors(file, &es);
    if (!(pairs = arena_alloc(a, (n ? n : 1) * sizeof(*pairs)))) {
        e = E_NOMEM;
        goto fail;
    }
    if ((e = store_value_load_begin(st)))
        goto fail;
    pg.tty = isatty(2);
    pg.total = n;
    t0 = mono_now();
    for (i = 0; i < n; i++) {
        int changed;

        if (v[i].national)
            e = store_national_upsert(st, ind_ids[i], v[i].period, v[i].value,
                                      &changed);
        else
            e = store_value_load(st, ind_ids[i], unit_ids[i], v[i].period,
                                 v[i].numerator, v[i].denominator, v[i].value,
                                 &changed);
        if (!e && !v[i].national && changed) {
            pairs[npairs].ind = ind_ids[i];
            pairs[npairs++].period = v[i].period;
        }
        if (e) {
            progress_end(&pg);
            return cli_fail("import", "%s:%zu: %s", file, v[i].line,
                            store_errmsg(st));
        }
        count(c, changed);
        progress(&pg, i + 1);
    }
    progress_end(&pg);
    t1 = mono_now();
    if ((e = refresh_rollup(st, a, pairs, npairs)))
        return cli_fail("import", "%s: %s", file, store_errmsg(st));
    if (getenv("SKA_IMPORT_TIMING"))
        fprintf(stderr, "import: load %.3f s, rollup refresh %.3f s\n", t1 - t0,
                mono_now() - t1);
    *rows = n;
    return 0;
fail:
    return cli_fail("import", "%s", err_str(e));
}

/* ---- catalogue ---- */

static enum err load_tags(struct store *st, struct arena *a, const char *kind,
                          int64_t provider, struct code_id **out, size_t *n)
{
    struct ind_tag *t;
    size_t i;
    enum err e = store_indicator_tags(st, a, kind, provider, 0, &t, n);

    if (e)
        return e;
    if (!(*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out))))
        return E_NOMEM;
    for (i = 0; i < *n; i++) {
        (*out)[i].code = t[i].code;
        (*out)[i].id = t[i].id;
    }
    qsort(*out, *n, sizeof(**out), cmp_code);
    return E_OK;
}

/* tag_ids resolves codes to ids (sorted), adding errors for unknown ones. */
static int64_t *tag_ids(struct arena *a, const struct code_id *tags,
                        size_t ntags, const char **codes, size_t n, size_t line,
                        size_t col, const char *msg, struct ind_import_errs *es)
{
    int64_t *ids = arena_alloc(a, (n ? n : 1) * sizeof(*ids));
    size_t i;

    for (i = 0; ids && i < n; i++) {
        const struct code_id *t = find(tags, ntags, codes[i]);

        ids[i] = t ? t->id : 0;
        if (!t && ind_import_err_add(a, es, line, col, msg, codes[i]))
            return NULL;
    }
    return ids;
}

static int same_tags(const struct ind_tag *t, size_t nt, const int64_t *ids,
                     size_t n)
{
    size_t i, k;

    for (i = 0; i < n; i++) {
        for (k = 0; k < nt; k++)
            if (t[k].id == ids[i])
                break;
        if (k == nt)
            return 0;
    }
    /* every current tag must be listed too (ids may repeat) */
    for (k = 0; k < nt; k++) {
        for (i = 0; i < n; i++)
            if (t[k].id == ids[i])
                break;
        if (i == n)
            return 0;
    }
    return 1;
}

static enum err find_provider(struct store *st, struct arena *a,
                              const char *code, int64_t *id)
{
    struct unit *u;
    size_t n, i, roots = 0;
    enum err e;

    if (code) {
        struct unit one;

        if ((e = store_unit_by_code(st, a, code, &one)))
            return e;
        *id = one.provider_id;
        return E_OK;
    }
    if ((e = store_unit_list(st, a, &u, &n)))
        return e;
    for (i = 0; i < n; i++)
        if (!u[i].parent_id) {
            *id = u[i].id;
            roots++;
        }
    return roots == 1 ? E_OK : E_CONFLICT;
}

static int import_catalogue(struct store *st, struct arena *a, const char *file,
                            const struct csvfile *f, const char *provider_code,
                            struct counts *c, size_t *rows)
{
    struct ind_import_errs es = {0};
    struct ind_cat_rec *v;
    struct code_id *focus, *groups, *inds;
    int64_t provider = 0, **fids, **gids;
    size_t n, nfocus, ngroups, ninds, i;
    size_t cf = ind_import_col(f, "focus_areas"),
           cg = ind_import_col(f, "patient_groups");
    enum err e;

    if ((e = ind_import_catalogue(a, f, &v, &n, &es)))
        goto fail;
    if ((e = find_provider(st, a, provider_code, &provider)))
        return cli_fail("import", "%s",
                        provider_code
                            ? "no such unit for --provider"
                            : "there is not exactly one care provider; "
                              "name one with --provider CODE");
    if ((e = load_tags(st, a, "focus", provider, &focus, &nfocus)) ||
        (e = load_tags(st, a, "group", provider, &groups, &ngroups)) ||
        (e = load_indicators(st, a, &inds, &ninds)))
        goto fail;
    if (!(fids = arena_alloc(a, (n ? n : 1) * sizeof(*fids))) ||
        !(gids = arena_alloc(a, (n ? n : 1) * sizeof(*gids)))) {
        e = E_NOMEM;
        goto fail;
    }
    for (i = 0; i < n; i++) {
        fids[i] = tag_ids(a, focus, nfocus, v[i].focus, v[i].nfocus, v[i].line,
                          cf, "ind.err.unknown_focus_area", &es);
        gids[i] = tag_ids(a, groups, ngroups, v[i].groups, v[i].ngroups,
                          v[i].line, cg, "ind.err.unknown_patient_group", &es);
        if (!fids[i] || !gids[i]) {
            e = E_NOMEM;
            goto fail;
        }
    }
    if (es.n)
        return print_errors(file, &es);
    for (i = 0; i < n; i++) {
        struct indicator *ind = &v[i].ind;
        int changed = 0, k;
        int existed = find(inds, ninds, ind->code) != NULL;

        if (!existed)
            ind->provider_id = provider;
        if ((e = store_indicator_upsert(st, &cli_actor, ind, &changed)))
            return cli_fail("import", "%s:%zu: %s", file, v[i].line,
                            store_errmsg(st));
        for (k = 0; k < 2; k++) {
            const char *kind = k ? "group" : "focus";
            const int64_t *ids = k ? gids[i] : fids[i];
            size_t nids = k ? v[i].ngroups : v[i].nfocus, nt;
            struct ind_tag *t;

            if ((e = store_indicator_tags(st, a, kind, 0, ind->id, &t, &nt)))
                goto fail;
            if (same_tags(t, nt, ids, nids))
                continue;
            if ((e = store_indicator_tag_set(st, &cli_actor, ind->id, kind, ids,
                                             nids)))
                goto fail;
            changed = 1;
        }
        count(c, changed ? (existed ? 2 : 1) : 0);
    }
    *rows = n;
    return 0;
fail:
    return cli_fail("import", "%s", err_str(e));
}

static int audit_import(struct store *st, const char *file,
                        const struct buf *data, const char *kind, size_t rows,
                        const struct counts *c)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1], *after;
    const char *base = strrchr(file, '/');
    json_t *j;
    enum err e;

    crypto_hash_sha256(h, (const unsigned char *)data->p, data->len);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    j = json_pack("{ss ss ss sI sI sI sI}", "file", base ? base + 1 : file,
                  "sha256", hex, "kind", kind, "rows", (json_int_t)rows,
                  "created", (json_int_t)c->created, "updated",
                  (json_int_t)c->updated, "unchanged",
                  (json_int_t)c->unchanged);
    after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(j);
    if (!after)
        return -1;
    e = store_audit(st, &cli_actor, "import", "import", 0, NULL, after);
    free(after);
    return e ? -1 : 0;
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"provider", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *provider = NULL, *file, *kind;
    struct store *st = NULL;
    struct arena *a = NULL;
    struct buf data, msg;
    struct csvfile f;
    struct counts cnt = {0, 0, 0};
    size_t rows = 0;
    int c, rc = 1;
    enum err e;

    buf_init(&data, IMPORT_FILE_MAX);
    buf_init(&msg, 0);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'p':
            provider = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return 0;
        default:
            return cli_usage("import", "unknown option");
        }
    }
    if (optind >= argc || strcmp(argv[optind], "indicators") != 0)
        return cli_usage("import", "say what to import: 'indicators'");
    if (optind + 2 != argc)
        return cli_usage("import", "give exactly one FILE");
    file = argv[optind + 1];
    if (!cli_db(db))
        return cli_usage("import", "no database: use --db PATH or SKA_DB");
    if (read_file(file, &data))
        goto out;
    if (!(a = arena_new())) {
        cli_fail("import", "out of memory");
        goto out;
    }
    if (xlsxfile_is(data.p, data.len))
        e = xlsxfile_parse(a, data.p, data.len, &f, &msg);
    else
        e = csvfile_parse(a, data.p, data.len, &f, &msg);
    if (e) {
        fprintf(stderr, "%s: %s\n", file, msg.len ? msg.p : err_str(e));
        goto out;
    }
    switch (ind_import_kind_of(&f)) {
    case IMPORT_VALUES:
        kind = "values";
        break;
    case IMPORT_CATALOGUE:
        kind = "catalogue";
        break;
    default:
        fprintf(stderr, "%s:1:1: %s\n", file,
                msg_en(f.nrows ? "ind.err.header" : "ind.err.empty"));
        goto out;
    }
    if (!(st = cli_open(cli_db(db), 0, 0)))
        goto out;
    if (store_begin(st)) {
        cli_fail("import", "%s", store_errmsg(st));
        goto out;
    }
    if (strcmp(kind, "values") == 0)
        rc = import_values(st, a, file, &f, &cnt, &rows);
    else
        rc = import_catalogue(st, a, file, &f, provider, &cnt, &rows);
    if (rc == 0 && audit_import(st, file, &data, kind, rows, &cnt))
        rc = cli_fail("import", "%s", store_errmsg(st));
    if (rc == 0 && store_commit(st))
        rc = cli_fail("import", "%s", store_errmsg(st));
    if (rc)
        store_rollback(st);
    else
        printf("%s: %zu created, %zu updated, %zu unchanged\n", file,
               cnt.created, cnt.updated, cnt.unchanged);
out:
    store_close(st);
    arena_free(a);
    buf_release(&data);
    buf_release(&msg);
    return rc;
}
