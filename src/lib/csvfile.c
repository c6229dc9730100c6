/* csvfile.c: whole-file CSV reader on libcsv with line-accurate errors. */
#include "csvfile.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/*
 * The input is fed to libcsv one byte at a time so that we always know the
 * physical line and column of the byte being parsed: that is how each row
 * learns the line it starts on (a quoted field may span several lines) and
 * how a parse error gets a position. Fields are copied into the arena as
 * libcsv reports them; the row and field vectors grow on the heap while
 * parsing and are copied into the arena once complete.
 */

struct pos {
    size_t line, col; /* 1-based; col counts code points */
};

struct parse {
    struct arena *a;
    enum err err;        /* sticky: first failure inside a callback */
    struct pos at;       /* position of the byte being fed */
    struct pos row_at;   /* where the current row started */
    struct pos field_at; /* where the current field started */
    int row_pending;     /* next non-blank byte starts a row */
    int field_pending;   /* next non-blank byte starts a field */
    const char **fields; /* fields of the current row (heap) */
    size_t nfields, fields_cap;
    struct csvfile_row *rows; /* completed rows (heap) */
    size_t nrows, rows_cap;
};

/* grow makes room for one more element in a heap vector. */
static enum err grow(void **v, size_t *cap, size_t len, size_t size)
{
    size_t ncap;
    void *nv;

    if (len < *cap)
        return E_OK;
    ncap = *cap ? *cap * 2 : 16;
    if (ncap > (size_t)-1 / size)
        return E_NOMEM;
    nv = realloc(*v, ncap * size);
    if (!nv)
        return E_NOMEM;
    *v = nv;
    *cap = ncap;
    return E_OK;
}

static void on_field(void *s, size_t len, void *data)
{
    struct parse *p = data;
    char *copy;

    p->field_pending = 1;
    if (p->err)
        return;
    p->err = grow((void **)&p->fields, &p->fields_cap, p->nfields,
                  sizeof(*p->fields));
    if (p->err)
        return;
    copy = s ? arena_strndup(p->a, s, len) : arena_strdup(p->a, "");
    if (!copy) {
        p->err = E_NOMEM;
        return;
    }
    p->fields[p->nfields++] = copy;
}

static void on_row(int c, void *data)
{
    struct parse *p = data;
    struct csvfile_row *row;
    const char **fields;

    (void)c;
    p->row_pending = p->field_pending = 1;
    if (p->err)
        return;
    p->err = grow((void **)&p->rows, &p->rows_cap, p->nrows, sizeof(*p->rows));
    if (p->err)
        return;
    fields = arena_alloc(p->a, (p->nfields ? p->nfields : 1) * sizeof(*fields));
    if (!fields) {
        p->err = E_NOMEM;
        return;
    }
    if (p->nfields)
        memcpy(fields, p->fields, p->nfields * sizeof(*fields));
    row = &p->rows[p->nrows++];
    row->line = p->row_at.line;
    row->nfields = p->nfields;
    row->fields = fields;
    p->nfields = 0;
}

/* detect_delim counts ',' and ';' outside quotes on the header line. */
static char detect_delim(const char *s, size_t len)
{
    size_t i, commas = 0, semis = 0;
    int quoted = 0;

    for (i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

/* advance moves pos past byte s[i]; CRLF, LF and a lone CR end a line. */
static void advance(struct pos *at, const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];

    if (c == '\n' || (c == '\r' && (i + 1 == len || s[i + 1] != '\n'))) {
        at->line++;
        at->col = 1;
    } else if ((c & 0xC0) != 0x80 && c != '\r') {
        at->col++;
    }
}

/* seq_len is the length of the UTF-8 sequence a lead byte announces. */
static size_t seq_len(unsigned char c)
{
    if ((c & 0xE0) == 0xC0)
        return 2;
    if ((c & 0xF0) == 0xE0)
        return 3;
    if ((c & 0xF8) == 0xF0)
        return 4;
    return 1;
}

/* check_text rejects NUL bytes and invalid UTF-8, naming the position. */
static enum err check_text(const char *s, size_t len, struct buf *errmsg)
{
    struct pos at = {1, 1};
    size_t i = 0, k;

    if (utf8_valid(s, len))
        return E_OK;
    while (i < len) {
        k = seq_len((unsigned char)s[i]);
        if (k > len - i)
            k = len - i;
        if (s[i] == '\0') {
            buf_addf(errmsg, "line %zu, column %zu: NUL byte", at.line, at.col);
            return E_INVAL;
        }
        if (!utf8_valid(s + i, k)) {
            buf_addf(errmsg, "line %zu, column %zu: invalid UTF-8", at.line,
                     at.col);
            return E_INVAL;
        }
        for (; k > 0; k--, i++)
            advance(&at, s, len, i);
    }
    return E_OK; /* not reached: utf8_valid said something is wrong */
}

static int is_blank(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* feed runs libcsv over data byte by byte, tracking positions. */
static enum err feed(struct csv_parser *cp, struct parse *p, const char *s,
                     size_t len, struct buf *errmsg)
{
    size_t i;

    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];

        if (!is_blank(c)) {
            if (p->row_pending)
                p->row_at = p->at;
            if (p->field_pending)
                p->field_at = p->at;
            p->row_pending = p->field_pending = 0;
        }
        if (csv_parse(cp, s + i, 1, on_field, on_row, p) != 1) {
            if (csv_error(cp) == CSV_ENOMEM)
                return E_NOMEM;
            buf_addf(errmsg, "line %zu, column %zu: malformed quoting",
                     p->at.line, p->at.col);
            return E_INVAL;
        }
        if (p->err)
            return p->err;
        advance(&p->at, s, len, i);
    }
    if (csv_fini(cp, on_field, on_row, p) != 0) {
        if (csv_error(cp) == CSV_ENOMEM)
            return E_NOMEM;
        buf_addf(errmsg, "line %zu, column %zu: quoted field is not closed",
                 p->field_at.line, p->field_at.col);
        return E_INVAL;
    }
    return p->err;
}

enum err csvfile_parse(struct arena *a, const char *data, size_t len,
                       struct csvfile *out, struct buf *errmsg)
{
    struct csv_parser cp;
    struct parse p = {0};
    enum err e;
    int inited = 0;

    out->delim = ',';
    out->nrows = 0;
    out->rows = NULL;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    e = check_text(data, len, errmsg);
    if (e)
        goto out;
    out->delim = detect_delim(data, len);
    if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
        e = E_NOMEM;
        goto out;
    }
    inited = 1;
    csv_set_delim(&cp, (unsigned char)out->delim);
    p.a = a;
    p.at.line = p.at.col = 1;
    p.row_at = p.field_at = p.at;
    p.row_pending = p.field_pending = 1;
    e = feed(&cp, &p, data, len, errmsg);
    if (e)
        goto out;
    if (p.nrows) {
        out->rows = arena_alloc(a, p.nrows * sizeof(*out->rows));
        if (!out->rows) {
            e = E_NOMEM;
            goto out;
        }
        memcpy(out->rows, p.rows, p.nrows * sizeof(*out->rows));
        out->nrows = p.nrows;
    }
out:
    if (inited)
        csv_free(&cp);
    free(p.fields);
    free(p.rows);
    if (e == E_NOMEM)
        buf_adds(errmsg, "out of memory while reading CSV");
    return e;
}

long csvfile_col(const struct csvfile *f, const char *name)
{
    const struct csvfile_row *h;
    size_t i, n, want = strlen(name);

    if (f->nrows == 0)
        return -1;
    h = &f->rows[0];
    for (i = 0; i < h->nfields; i++) {
        const char *s = h->fields[i];

        while (*s == ' ')
            s++;
        n = strlen(s);
        while (n > 0 && s[n - 1] == ' ')
            n--;
        if (n == want && memcmp(s, name, n) == 0)
            return (long)i;
    }
    return -1;
}

void csvfile_field(struct buf *b, const char *s, int last)
{
    if (!s)
        s = "";
    buf_addc(b, '"');
    if (s[0] && strchr("=+-@", s[0]))
        buf_addc(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_adds(b, last ? "\"\r\n" : "\",");
}
