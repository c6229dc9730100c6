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
    {"ind.err.other_provider", "the code belongs to another care provider"},
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

static void progress(void *cls, size_t done, size_t total)
{
    struct progress *p = cls;
    double t;

    p->total = total;
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

static int audit_import(struct store *st, const char *file,
                        const struct buf *data, const char *kind, size_t rows,
                        const struct ind_import_counts *c)
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
    struct ind_import_counts cnt = {0};
    struct ind_import_errs es = {0};
    struct progress pg = {0};
    int64_t prov = 0;
    int c, rc = 1;
    double t0;
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
    if (strcmp(kind, "catalogue") == 0 &&
        find_provider(st, a, provider, &prov)) {
        cli_fail("import", "%s",
                 provider ? "no such unit for --provider"
                          : "there is not exactly one care provider; "
                            "name one with --provider CODE");
        goto out;
    }
    if (store_begin(st)) {
        cli_fail("import", "%s", store_errmsg(st));
        goto out;
    }
    pg.tty = isatty(2);
    t0 = now_s();
    e = store_ind_import(st, a, &cli_actor, &f, prov, NULL, &es, &cnt, progress,
                         &pg);
    progress_end(&pg);
    if (e == E_DB && cnt.failed_line)
        rc = cli_fail("import", "%s:%zu: %s", file, cnt.failed_line,
                      store_errmsg(st));
    else if (e == E_DB)
        rc = cli_fail("import", "%s: %s", file, store_errmsg(st));
    else if (e)
        rc = cli_fail("import", "%s", err_str(e));
    else if (es.n)
        rc = print_errors(file, &es);
    else if (audit_import(st, file, &data, kind, cnt.rows, &cnt))
        rc = cli_fail("import", "%s", store_errmsg(st));
    else if (store_commit(st))
        rc = cli_fail("import", "%s", store_errmsg(st));
    else
        rc = 0;
    if (rc)
        store_rollback(st);
    else
        printf("%s: %zu created, %zu updated, %zu unchanged\n", file,
               cnt.created, cnt.updated, cnt.unchanged);
    if (getenv("SKA_IMPORT_TIMING"))
        fprintf(stderr, "import: %.3f s\n", now_s() - t0);
out:
    store_close(st);
    arena_free(a);
    buf_release(&data);
    buf_release(&msg);
    return rc;
}
