/* xlsxfile.c: the first worksheet of an XLSX workbook as rows of strings
 * (see xlsxfile.h). The zip is read from memory with libzip; each XML part
 * is streamed through expat (SAX) in chunks, so only the cell texts are
 * kept. The first sheet is the first <sheet> of xl/workbook.xml, found
 * through xl/_rels/workbook.xml.rels (xl/worksheets/sheet1.xml when those
 * are missing). Limits guard against zip bombs: XLSX_PART_MAX uncompressed
 * bytes per part, XLSX_COLS_MAX columns, XLSX_ROWS_MAX rows. */
#include "xlsxfile.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XLSX_PART_MAX ((zip_uint64_t)1 << 30)
#define XLSX_COLS_MAX 16384
#define XLSX_ROWS_MAX 1048576
#define XLSX_TEXT_MAX (1 << 20)

int xlsxfile_is(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\003\004", 4) == 0;
}

/* ---- streaming one part through expat ---- */

static enum err parse_part(zip_t *z, const char *name, XML_Parser p,
                           int required, struct buf *errmsg)
{
    char chunk[65536];
    zip_file_t *zf;
    zip_int64_t n;
    zip_uint64_t total = 0;
    enum err e = E_OK;

    if (!(zf = zip_fopen(z, name, 0))) {
        if (!required)
            return E_NOTFOUND;
        buf_addf(errmsg, "the workbook has no part %s", name);
        return E_INVAL;
    }
    for (;;) {
        n = zip_fread(zf, chunk, sizeof(chunk));
        if (n < 0) {
            buf_addf(errmsg, "%s: cannot be read from the zip archive", name);
            e = E_INVAL;
            break;
        }
        total += (zip_uint64_t)n;
        if (total > XLSX_PART_MAX) {
            buf_addf(errmsg, "%s: larger than 1 GiB", name);
            e = E_INVAL;
            break;
        }
        if (XML_Parse(p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            enum err *pe = XML_GetUserData(p);

            /* a handler stopped the parser with its own message */
            if (pe && *pe) {
                e = *pe;
            } else {
                buf_addf(errmsg, "%s, line %lu: %s", name,
                         (unsigned long)XML_GetCurrentLineNumber(p),
                         XML_ErrorString(XML_GetErrorCode(p)));
                e = E_INVAL;
            }
            break;
        }
        if (n == 0)
            break;
    }
    zip_fclose(zf);
    return e;
}

/* local name of a possibly prefixed XML name ("x:row" -> "row") */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');

    return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    size_t i;

    for (i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

/* ---- workbook and relationships: the first sheet's part name ---- */

struct wb {
    enum err err; /* first: XML_GetUserData is read as enum err * */
    char rid[128];
    char target[512];
    int found;
};

static void copy(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static void wb_start(void *ud, const char *name, const char **atts)
{
    struct wb *w = ud;
    size_t i;

    if (w->rid[0] || strcmp(local(name), "sheet") != 0)
        return;
    for (i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), "id") == 0 && strchr(atts[i], ':')) {
            copy(w->rid, sizeof(w->rid), atts[i + 1]);
            return;
        }
}

static void rels_start(void *ud, const char *name, const char **atts)
{
    struct wb *w = ud;
    const char *id, *target;

    if (w->found || strcmp(local(name), "Relationship") != 0)
        return;
    id = attr(atts, "Id");
    target = attr(atts, "Target");
    if (id && target && strcmp(id, w->rid) == 0) {
        if (target[0] == '/')
            copy(w->target, sizeof(w->target), target + 1);
        else {
            size_t n = strlen(target);

            if (n + 4 < sizeof(w->target)) {
                memcpy(w->target, "xl/", 3);
                memcpy(w->target + 3, target, n + 1);
            }
        }
        w->found = 1;
    }
}

static void first_sheet(zip_t *z, struct wb *w, struct buf *errmsg)
{
    XML_Parser p;

    copy(w->target, sizeof(w->target), "xl/worksheets/sheet1.xml");
    if (!(p = XML_ParserCreate("UTF-8")))
        return;
    XML_SetUserData(p, w);
    XML_SetStartElementHandler(p, wb_start);
    if (parse_part(z, "xl/workbook.xml", p, 0, errmsg) == E_OK && w->rid[0]) {
        XML_ParserReset(p, "UTF-8");
        XML_SetUserData(p, w);
        XML_SetStartElementHandler(p, rels_start);
        if (parse_part(z, "xl/_rels/workbook.xml.rels", p, 0, errmsg) != E_OK ||
            !w->found)
            copy(w->target, sizeof(w->target), "xl/worksheets/sheet1.xml");
    }
    XML_ParserFree(p);
    /* only the sheet's own errors matter */
    buf_clear(errmsg);
}

/* ---- shared strings ---- */

struct sst {
    enum err err; /* first, see wb */
    struct arena *a;
    struct buf text;
    const char **v;
    size_t n, cap;
    int in_si, in_t, skip; /* skip: inside <rPh> (phonetic runs) */
    struct buf *errmsg;
};

static void sst_start(void *ud, const char *name, const char **atts)
{
    struct sst *s = ud;
    const char *l = local(name);

    (void)atts;
    if (strcmp(l, "si") == 0) {
        s->in_si = 1;
        buf_clear(&s->text);
    } else if (strcmp(l, "rPh") == 0) {
        s->skip++;
    } else if (strcmp(l, "t") == 0 && s->in_si && !s->skip) {
        s->in_t = 1;
    }
}

static void stop(XML_Parser p, enum err *err, enum err e)
{
    if (!*err)
        *err = e;
    XML_StopParser(p, 0);
}

static void sst_end(void *ud, const char *name)
{
    struct sst *s = ud;
    const char *l = local(name);

    if (strcmp(l, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        s->skip--;
    } else if (strcmp(l, "si") == 0) {
        if (s->n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 256;
            const char **v = arena_alloc(s->a, cap * sizeof(*v));

            if (!v) {
                s->err = E_NOMEM;
                return;
            }
            if (s->n)
                memcpy(v, s->v, s->n * sizeof(*v));
            s->v = v;
            s->cap = cap;
        }
        s->v[s->n] =
            arena_strndup(s->a, s->text.len ? s->text.p : "", s->text.len);
        if (!s->v[s->n])
            s->err = E_NOMEM;
        s->n++;
        s->in_si = 0;
    }
}

static void sst_text(void *ud, const char *t, int len)
{
    struct sst *s = ud;

    if (s->in_t)
        buf_add(&s->text, t, (size_t)len);
}

/* ---- the sheet ---- */

struct sheet {
    enum err err; /* first, see wb */
    XML_Parser p;
    struct arena *a;
    const struct sst *sst;
    struct buf *errmsg;
    struct buf text;          /* the current cell's text */
    struct csvfile_row *rows; /* arena */
    size_t nrows, cap;
    const char **cells; /* malloc'd scratch for the current row */
    size_t ncells, cellcap;
    size_t row;     /* sheet row number (1-based) */
    size_t col;     /* current cell's 1-based column */
    size_t nextcol; /* for cells without r */
    char type[16];  /* the cell's t attribute */
    char ref[16];   /* the cell's reference, for messages */
    int in_row, in_c, in_v, in_t, in_is;
};

/* parse_ref reads "B7" into column 2; 0 when malformed. */
static size_t parse_ref(const char *r)
{
    size_t col = 0;

    for (; *r >= 'A' && *r <= 'Z'; r++) {
        col = col * 26 + (size_t)(*r - 'A' + 1);
        if (col > XLSX_COLS_MAX)
            return 0;
    }
    return *r >= '0' && *r <= '9' ? col : 0;
}

static void sh_start(void *ud, const char *name, const char **atts)
{
    struct sheet *s = ud;
    const char *l = local(name), *v;

    if (strcmp(l, "row") == 0) {
        s->in_row = 1;
        s->ncells = 0;
        s->nextcol = 1;
        v = attr(atts, "r");
        s->row = v ? (size_t)strtoul(v, NULL, 10) : s->row + 1;
        if (s->row == 0 || s->row > XLSX_ROWS_MAX) {
            buf_addf(s->errmsg, "line %lu: bad row number",
                     (unsigned long)XML_GetCurrentLineNumber(s->p));
            stop(s->p, &s->err, E_INVAL);
        }
    } else if (strcmp(l, "c") == 0 && s->in_row) {
        s->in_c = 1;
        buf_clear(&s->text);
        v = attr(atts, "r");
        s->col = v ? parse_ref(v) : s->nextcol;
        if (!s->col) {
            buf_addf(s->errmsg, "row %zu: bad cell reference", s->row);
            stop(s->p, &s->err, E_INVAL);
            return;
        }
        s->nextcol = s->col + 1;
        copy(s->ref, sizeof(s->ref), v ? v : "?");
        v = attr(atts, "t");
        copy(s->type, sizeof(s->type), v ? v : "n");
    } else if (s->in_c && strcmp(l, "v") == 0) {
        s->in_v = 1;
    } else if (s->in_c && strcmp(l, "is") == 0) {
        s->in_is = 1;
    } else if (s->in_is && strcmp(l, "t") == 0) {
        s->in_t = 1;
    }
}

static int put_cell(struct sheet *s, const char *text)
{
    size_t i;

    if (s->col > s->cellcap) {
        size_t cap = s->cellcap ? s->cellcap : 16;
        const char **c;

        while (cap < s->col)
            cap *= 2;
        if (!(c = realloc(s->cells, cap * sizeof(*c))))
            return -1;
        s->cells = c;
        s->cellcap = cap;
    }
    for (i = s->ncells; i < s->col; i++)
        s->cells[i] = "";
    if (s->col > s->ncells)
        s->ncells = s->col;
    s->cells[s->col - 1] = text;
    return 0;
}

static void end_cell(struct sheet *s)
{
    const char *t = s->text.len ? s->text.p : "";
    const char *val;

    if (s->text.err) {
        stop(s->p, &s->err, E_NOMEM);
        return;
    }
    if (strcmp(s->type, "s") == 0) {
        char *end;
        unsigned long k = strtoul(t, &end, 10);

        if (!*t || *end || k >= s->sst->n) {
            buf_addf(s->errmsg, "cell %s: unknown shared string %.20s", s->ref,
                     t);
            stop(s->p, &s->err, E_INVAL);
            return;
        }
        val = s->sst->v[k];
    } else if (s->text.len == 0) {
        val = "";
    } else if (!(val = arena_strndup(s->a, t, s->text.len))) {
        stop(s->p, &s->err, E_NOMEM);
        return;
    }
    if (put_cell(s, val))
        stop(s->p, &s->err, E_NOMEM);
}

static void end_row(struct sheet *s)
{
    struct csvfile_row *r;
    size_t n = s->ncells;

    /* trailing empty cells do not count */
    while (n > 0 && !*s->cells[n - 1])
        n--;
    if (n == 0)
        return;
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        struct csvfile_row *v = arena_alloc(s->a, cap * sizeof(*v));

        if (!v) {
            stop(s->p, &s->err, E_NOMEM);
            return;
        }
        if (s->nrows)
            memcpy(v, s->rows, s->nrows * sizeof(*v));
        s->rows = v;
        s->cap = cap;
    }
    r = &s->rows[s->nrows];
    r->line = s->row;
    r->nfields = n;
    if (!(r->fields = arena_alloc(s->a, n * sizeof(*r->fields)))) {
        stop(s->p, &s->err, E_NOMEM);
        return;
    }
    memcpy(r->fields, s->cells, n * sizeof(*r->fields));
    s->nrows++;
}

static void sh_end(void *ud, const char *name)
{
    struct sheet *s = ud;
    const char *l = local(name);

    if (s->err)
        return;
    if (strcmp(l, "row") == 0 && s->in_row) {
        end_row(s);
        s->in_row = 0;
    } else if (strcmp(l, "c") == 0 && s->in_c) {
        end_cell(s);
        s->in_c = s->in_v = s->in_is = s->in_t = 0;
    } else if (strcmp(l, "v") == 0) {
        s->in_v = 0;
    } else if (strcmp(l, "is") == 0) {
        s->in_is = 0;
    } else if (strcmp(l, "t") == 0) {
        s->in_t = 0;
    }
}

static void sh_text(void *ud, const char *t, int len)
{
    struct sheet *s = ud;

    if (s->in_v || s->in_t) {
        if (s->text.len + (size_t)len > XLSX_TEXT_MAX) {
            buf_addf(s->errmsg, "cell %s: text longer than 1 MiB", s->ref);
            stop(s->p, &s->err, E_INVAL);
            return;
        }
        buf_add(&s->text, t, (size_t)len);
    }
}

enum err xlsxfile_parse(struct arena *a, const char *data, size_t len,
                        struct csvfile *out, struct buf *errmsg)
{
    struct sst sst = {0};
    struct sheet sh = {0};
    struct wb wb = {0};
    zip_source_t *src = NULL;
    zip_t *z = NULL;
    zip_error_t zerr;
    XML_Parser p = NULL;
    enum err e = E_OK;

    memset(out, 0, sizeof(*out));
    buf_init(&sst.text, 0);
    buf_init(&sh.text, 0);
    zip_error_init(&zerr);
    if (!(src = zip_source_buffer_create(data, len, 0, &zerr)) ||
        !(z = zip_open_from_source(src, ZIP_RDONLY, &zerr))) {
        buf_addf(errmsg, "not an XLSX workbook: %s", zip_error_strerror(&zerr));
        e = E_INVAL;
        goto out;
    }
    first_sheet(z, &wb, errmsg);

    if (!(p = XML_ParserCreate("UTF-8"))) {
        e = E_NOMEM;
        goto out;
    }
    sst.a = a;
    sst.errmsg = errmsg;
    XML_SetUserData(p, &sst);
    XML_SetElementHandler(p, sst_start, sst_end);
    XML_SetCharacterDataHandler(p, sst_text);
    e = parse_part(z, "xl/sharedStrings.xml", p, 0, errmsg);
    if (e == E_NOTFOUND)
        e = E_OK;
    if (!e && (sst.err || sst.text.err))
        e = sst.err ? sst.err : E_NOMEM;
    if (e)
        goto out;

    XML_ParserReset(p, "UTF-8");
    sh.p = p;
    sh.a = a;
    sh.sst = &sst;
    sh.errmsg = errmsg;
    XML_SetUserData(p, &sh);
    XML_SetElementHandler(p, sh_start, sh_end);
    XML_SetCharacterDataHandler(p, sh_text);
    if ((e = parse_part(z, wb.target, p, 1, errmsg)))
        goto out;
    out->delim = 0;
    out->nrows = sh.nrows;
    out->rows = sh.rows;
out:
    if (p)
        XML_ParserFree(p);
    if (z)
        zip_discard(z);
    else if (src)
        zip_source_free(src);
    zip_error_fini(&zerr);
    buf_release(&sst.text);
    buf_release(&sh.text);
    free(sh.cells);
    return e;
}
