/* cmd_spc.c: `ska spc`: reads a CSV file, computes a run or control chart
 * (core/spc.c) and prints the points and part summaries as JSON or CSV. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "core/spc.h"
#include "csvfile.h"

#define SPC_FILE_MAX ((size_t)256 << 20)

static const char usage[] =
    "usage: ska spc --chart run|i|mr|xbar|s|t|c|u|up|p|pp|g|ip --y COL\n"
    "               [--n COL] [--x COL] [--agg mean|median|sum|sd]\n"
    "               [--freeze K] [--part K1,K2,...] [--exclude I1,I2,...]\n"
    "               [--multiply M] [--format json|csv] FILE.csv\n"
    "\n"
    "Computes a run chart or Shewhart control chart (as qicharts2 does) from\n"
    "a CSV file with a header row. NA or an empty field is a missing value.\n"
    "Rows sharing an --x value form one subgroup, sorted by x; without --x\n"
    "every row is a subgroup. K and I are 1-based subgroup positions.\n"
    "A ';'-separated file may use decimal commas. FILE may be - for\n"
    "standard input. Output: JSON (default) or CSV on standard output.\n";

struct args {
    struct spc_opts o;
    const char *y, *n, *x, *file;
    int csv, help;
};

/* ---- options ---- */

/* parse_count accepts a plain decimal integer >= min. */
static int parse_count(const char *s, size_t min, size_t *out)
{
    char *end;
    unsigned long long v;

    if (!*s || strspn(s, "0123456789") != strlen(s))
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || v < min || v > (size_t)-1)
        return -1;
    *out = (size_t)v;
    return 0;
}

/* parse_list splits "3,14" into an arena array of positions >= min. */
static int parse_list(struct arena *a, const char *s, size_t min,
                      const size_t **out, size_t *nout)
{
    char *copy = arena_strdup(a, s), *p, *comma;
    size_t *v, n = 1;

    for (p = copy; p && *p; p++)
        n += *p == ',';
    v = copy ? arena_alloc(a, n * sizeof(*v)) : NULL;
    if (!v)
        return -1;
    for (n = 0, p = copy; p; p = comma ? comma + 1 : NULL) {
        comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (parse_count(p, min, &v[n++]))
            return -1;
    }
    *out = v;
    *nout = n;
    return 0;
}

static int parse_multiply(const char *s, double *out)
{
    char *end;

    if (!*s || strspn(s, "0123456789+-.eE") != strlen(s))
        return -1;
    *out = strtod(s, &end);
    return *end || !isfinite(*out) || *out <= 0 ? -1 : 0;
}

enum {
    O_CHART = 1,
    O_Y,
    O_N,
    O_X,
    O_AGG,
    O_FREEZE,
    O_PART,
    O_EXCLUDE,
    O_MULTIPLY,
    O_FORMAT,
    O_HELP
};

static const struct option longopts[] = {
    {"chart", required_argument, NULL, O_CHART},
    {"y", required_argument, NULL, O_Y},
    {"n", required_argument, NULL, O_N},
    {"x", required_argument, NULL, O_X},
    {"agg", required_argument, NULL, O_AGG},
    {"freeze", required_argument, NULL, O_FREEZE},
    {"part", required_argument, NULL, O_PART},
    {"exclude", required_argument, NULL, O_EXCLUDE},
    {"multiply", required_argument, NULL, O_MULTIPLY},
    {"format", required_argument, NULL, O_FORMAT},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};

/* apply_opt stores one option; returns -1 with a message when invalid. */
static int apply_opt(struct arena *a, struct args *g, int c, const char *v)
{
    struct spc_opts *o = &g->o;
    int bad = 0;

    switch (c) {
    case O_CHART:
        bad = spc_chart_parse(v, &o->chart) != E_OK;
        break;
    case O_AGG:
        bad = spc_agg_parse(v, &o->agg) != E_OK;
        break;
    case O_FORMAT:
        g->csv = strcmp(v, "csv") == 0;
        bad = !g->csv && strcmp(v, "json") != 0;
        break;
    case O_Y:
        g->y = v;
        break;
    case O_N:
        g->n = v;
        break;
    case O_X:
        g->x = v;
        break;
    case O_FREEZE:
        bad = parse_count(v, 1, &o->freeze);
        break;
    case O_PART:
        bad = parse_list(a, v, 0, &o->part, &o->npart);
        break;
    case O_EXCLUDE:
        bad = parse_list(a, v, 1, &o->exclude, &o->nexclude);
        break;
    case O_MULTIPLY:
        bad = parse_multiply(v, &o->multiply);
        break;
    }
    if (bad && c == O_CHART)
        fprintf(stderr, "ska spc: unknown chart '%s'\n", v);
    else if (bad)
        fprintf(stderr, "ska spc: invalid value '%s' for --%s\n", v,
                longopts[c - 1].name);
    return bad ? -1 : 0;
}

static int parse_args(struct arena *a, int argc, char **argv, struct args *g)
{
    int c;

    spc_opts_init(&g->o);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h' || c == O_HELP) {
            g->help = 1;
            return 0;
        }
        if (c == '?' || c == ':') {
            fprintf(stderr, "ska spc: %s '%s' (see ska spc --help)\n",
                    c == '?' ? "unknown option" : "missing value for",
                    argv[optind - 1]);
            return -1;
        }
        if (apply_opt(a, g, c, optarg))
            return -1;
    }
    if (optind != argc - 1 || !g->y) {
        fprintf(stderr, "ska spc: %s (see ska spc --help)\n",
                !g->y ? "--y COL is required"
                      : "give exactly one input FILE.csv");
        return -1;
    }
    g->file = argv[optind];
    return 0;
}

/* ---- input ---- */

static int read_file(const char *path, struct buf *data)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    char chunk[65536];
    size_t n;
    int rc = 0;

    if (!fp) {
        fprintf(stderr, "ska spc: cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_add(data, chunk, n);
    if (ferror(fp) || data->err) {
        fprintf(stderr, "ska spc: cannot read %s: %s\n", path,
                data->err ? "file too large" : strerror(errno));
        rc = -1;
    }
    if (fp != stdin)
        fclose(fp);
    return rc;
}

static int is_missing(const char *s)
{
    return !*s || strcmp(s, "NA") == 0;
}

/* parse_value reads a number, NaN for NA or empty. With ';' as the
 * delimiter a decimal comma is accepted (Swedish Excel). */
static int parse_value(struct arena *a, const char *s, char delim, double *out)
{
    char *t, *end;

    if (is_missing(s)) {
        *out = NAN;
        return 0;
    }
    if (strspn(s, "0123456789+-.eE,") != strlen(s) || !(t = arena_strdup(a, s)))
        return -1;
    if (delim == ';' && !strchr(t, '.') && strchr(t, ','))
        *strchr(t, ',') = '.';
    *out = strtod(t, &end);
    return *end || !isfinite(*out) ? -1 : 0;
}

/* excerpt is how many bytes of s to quote in a message: at most 40, cut
 * on a character boundary. */
static int excerpt(const char *s)
{
    size_t n = strlen(s);

    if (n <= 40)
        return (int)n;
    for (n = 40; n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80; n--)
        ;
    return (int)n;
}

/* field gets column c of data row r, or NULL with a message. */
static const char *field(const struct args *g, const struct csvfile *f,
                         size_t r, long c, const char *name)
{
    const struct csvfile_row *row = &f->rows[r];

    if ((size_t)c < row->nfields)
        return row->fields[c];
    fprintf(stderr,
            "ska spc: %s: line %zu, column \"%s\": field missing "
            "(the row has %zu fields)\n",
            g->file, row->line, name, row->nfields);
    return NULL;
}

static long find_col(const struct args *g, const struct csvfile *f,
                     const char *name)
{
    long c = csvfile_col(f, name);

    if (c < 0)
        fprintf(stderr,
                "ska spc: %s: line 1: no column \"%s\" in the "
                "header\n",
                g->file, name);
    return c;
}

/* read_numbers fills v[0..nrows-1] from column name; NULL name: skip. */
static int read_numbers(struct arena *a, const struct args *g,
                        const struct csvfile *f, const char *name, double **out)
{
    long c;
    size_t r;
    const char *s;
    double *v;

    *out = NULL;
    if (!name)
        return 0;
    c = find_col(g, f, name);
    v = arena_alloc(a, f->nrows * sizeof(*v));
    if (c < 0 || !v)
        return -1;
    for (r = 1; r < f->nrows; r++) {
        if (!(s = field(g, f, r, c, name)))
            return -1;
        if (parse_value(a, s, f->delim, &v[r - 1])) {
            fprintf(stderr,
                    "ska spc: %s: line %zu, column \"%s\": '%.*s' "
                    "is neither a number nor missing (NA)\n",
                    g->file, f->rows[r].line, name, excerpt(s), s);
            return -1;
        }
    }
    *out = v;
    return 0;
}

static int read_keys(struct arena *a, const struct args *g,
                     const struct csvfile *f, const char ***out)
{
    const char **x;
    long c;
    size_t r;

    *out = NULL;
    if (!g->x)
        return 0;
    c = find_col(g, f, g->x);
    x = arena_alloc(a, f->nrows * sizeof(*x));
    if (c < 0 || !x)
        return -1;
    for (r = 1; r < f->nrows; r++) {
        if (!(x[r - 1] = field(g, f, r, c, g->x)))
            return -1;
        if (is_missing(x[r - 1]))
            x[r - 1] = NULL;
    }
    *out = x;
    return 0;
}

/* ---- output ---- */

static void put_num(struct buf *b, double v, const char *missing)
{
    if (isfinite(v))
        buf_addf(b, "%.17g", v);
    else
        buf_adds(b, missing);
}

static void put_long(struct buf *b, long v)
{
    if (v < 0)
        buf_adds(b, "null");
    else
        buf_addf(b, "%ld", v);
}

static void put_json_str(struct buf *b, const char *s)
{
    buf_addc(b, '"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c == '"' || c == '\\')
            buf_addf(b, "\\%c", c);
        else if (c < 0x20)
            buf_addf(b, "\\u%04x", c);
        else
            buf_addc(b, (char)c);
    }
    buf_addc(b, '"');
}

static const char *tf(int v)
{
    return v ? "true" : "false";
}

/* point_x is the subgroup key, or its position when there is no --x. */
static const char *point_x(struct arena *a, const struct spc_point *p, size_t i)
{
    const char *s = p->x ? p->x : arena_printf(a, "%zu", i + 1);

    return s ? s : "";
}

/* spill writes b to stdout and empties it once it holds at least min
 * bytes, so that the output of a long series streams; -1 on any error. */
static int spill(struct buf *b, size_t min)
{
    if (b->err)
        return -1;
    if (b->len < min)
        return 0;
    if (fwrite(b->p, 1, b->len, stdout) != b->len)
        return -1;
    buf_clear(b);
    return 0;
}

#define SPILL_AT ((size_t)1 << 16)

static int print_json(struct arena *a, const struct spc_result *r,
                      struct buf *b)
{
    size_t i;

    buf_addf(b, "{\"chart\":\"%s\",\n \"parts\":[", spc_chart_name(r->chart));
    for (i = 0; i < r->nparts; i++) {
        const struct spc_part *p = &r->parts[i];

        buf_addf(b, "%s{\"part\":%zu,\"n_useful\":%zu,\"longest_run\":",
                 i ? ",\n  " : "", i + 1, p->n_useful);
        put_long(b, p->longest_run);
        buf_adds(b, ",\"longest_run_max\":");
        put_long(b, p->longest_run_max);
        buf_adds(b, ",\"n_crossings\":");
        put_long(b, p->n_crossings);
        buf_adds(b, ",\"n_crossings_min\":");
        put_long(b, p->n_crossings_min);
        buf_addf(b, ",\"runs_signal\":%s,\"sigma_signal\":%s}",
                 tf(p->runs_signal), tf(p->sigma_signals > 0));
    }
    buf_adds(b, "],\n \"points\":[");
    for (i = 0; i < r->npoints; i++) {
        const struct spc_point *p = &r->points[i];

        buf_adds(b, i ? ",\n  {\"x\":" : "{\"x\":");
        put_json_str(b, point_x(a, p, i));
        buf_adds(b, ",\"y\":");
        put_num(b, p->y, "null");
        buf_adds(b, ",\"cl\":");
        put_num(b, p->cl, "null");
        buf_adds(b, ",\"lcl\":");
        put_num(b, p->lcl, "null");
        buf_adds(b, ",\"ucl\":");
        put_num(b, p->ucl, "null");
        buf_addf(b,
                 ",\"part\":%zu,\"sigma_signal\":%s,\"runs_signal\":%s,"
                 "\"excluded\":%s}",
                 p->part, tf(p->sigma_signal), tf(p->runs_signal),
                 tf(p->excluded));
        if (spill(b, SPILL_AT))
            return -1;
    }
    buf_adds(b, "]}\n");
    return spill(b, 0);
}

static void put_csv_str(struct buf *b, const char *s)
{
    if (!s[strcspn(s, ",\"\r\n")]) {
        buf_adds(b, s);
        return;
    }
    buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_addc(b, '"');
}

static int print_csv(struct arena *a, const struct spc_result *r, struct buf *b)
{
    size_t i;

    buf_adds(b, "x,y,cl,lcl,ucl,part,sigma_signal,runs_signal,excluded\n");
    for (i = 0; i < r->npoints; i++) {
        const struct spc_point *p = &r->points[i];

        put_csv_str(b, point_x(a, p, i));
        buf_addc(b, ',');
        put_num(b, p->y, "NA");
        buf_addc(b, ',');
        put_num(b, p->cl, "NA");
        buf_addc(b, ',');
        put_num(b, p->lcl, "NA");
        buf_addc(b, ',');
        put_num(b, p->ucl, "NA");
        buf_addf(b, ",%zu,%s,%s,%s\n", p->part, tf(p->sigma_signal),
                 tf(p->runs_signal), tf(p->excluded));
        if (spill(b, SPILL_AT))
            return -1;
    }
    return spill(b, 0);
}

/* ---- the command ---- */

/* compute parses the file in data and runs the chart; prints errors. */
static int compute(struct arena *a, const struct args *g,
                   const struct buf *data, struct spc_result *res)
{
    struct csvfile f;
    struct spc_input in = {0};
    struct buf err;
    double *y, *n;
    const char **x;
    int rc = -1;

    buf_init(&err, 0);
    if (csvfile_parse(a, data->p, data->len, &f, &err)) {
        fprintf(stderr, "ska spc: %s: %s\n", g->file, err.p);
        goto out;
    }
    if (read_numbers(a, g, &f, g->y, &y) || read_numbers(a, g, &f, g->n, &n) ||
        read_keys(a, g, &f, &x))
        goto out;
    in.nrows = f.nrows ? f.nrows - 1 : 0;
    in.x = x;
    in.y = y;
    in.n = n;
    if (spc_compute(a, &in, &g->o, res, &err)) {
        if (res->err_row < in.nrows)
            fprintf(stderr, "ska spc: %s: line %zu, column \"%s\": %s\n",
                    g->file, f.rows[res->err_row + 1].line, g->y, err.p);
        else
            fprintf(stderr, "ska spc: %s\n", err.p);
        goto out;
    }
    rc = 0;
out:
    buf_release(&err);
    return rc;
}

int cmd_spc(int argc, char **argv)
{
    struct arena *a = arena_new();
    struct args g = {0};
    struct buf data, out;
    struct spc_result res;
    int rc = 1;

    buf_init(&data, SPC_FILE_MAX);
    buf_init(&out, 0);
    if (!a) {
        fprintf(stderr, "ska spc: out of memory\n");
        goto out;
    }
    if (parse_args(a, argc, argv, &g))
        goto out;
    if (g.help) {
        fputs(usage, stdout);
        rc = 0;
        goto out;
    }
    if (read_file(g.file, &data) || compute(a, &g, &data, &res))
        goto out;
    if ((g.csv ? print_csv(a, &res, &out) : print_json(a, &res, &out)) ||
        fflush(stdout)) {
        fprintf(stderr, "ska spc: cannot write the output\n");
        goto out;
    }
    rc = 0;
out:
    buf_release(&data);
    buf_release(&out);
    arena_free(a);
    return rc;
}
