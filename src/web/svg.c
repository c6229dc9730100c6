/* svg.c: SPC charts as server-side SVG. Markup syntax comes only from string
 * literals in this file; every piece of data goes through html_text,
 * html_attr or the locale-independent number formatter, and the result is
 * handed out with html_safe_from_buf. */
#include "svg.h"

#include <math.h>
#include <string.h>

/* Geometry of the viewBox (scaled to the page width by CSS). */
#define W 720.0
#define PL 64.0  /* plot left */
#define PR 700.0 /* plot right */
#define PT 36.0  /* plot top */
#define PB 290.0 /* plot bottom */
#define LEG_Y 340.0
#define LEG_ROW 22.0
#define LEG_COL 224.0

enum fld { F_Y, F_CL, F_LCL, F_UCL };

struct chart {
    struct buf *b;
    const struct spc_result *r;
    const struct svg_opts *o;
    double lo, hi, dx;
    int dec; /* decimals for values */
};

/* fmt writes v with dec decimals into d (at least 40 bytes). */
static size_t fmt(char *d, double v, int dec)
{
    static const double pow10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
    unsigned long long u, scale, ip, fp;
    char t[24];
    size_t n = 0, k = 0;
    double x;
    int i;

    if (dec < 0)
        dec = 0;
    if (dec > 6)
        dec = 6;
    if (!isfinite(v))
        v = 0;
    x = round(fabs(v) * pow10[dec]);
    if (x > 9e17)
        x = 9e17;
    u = (unsigned long long)x;
    scale = (unsigned long long)pow10[dec];
    ip = u / scale;
    fp = u % scale;
    if (v < 0 && u != 0)
        d[n++] = '-';
    do {
        t[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (k)
        d[n++] = t[--k];
    if (dec > 0) {
        d[n++] = '.';
        for (i = dec - 1; i >= 0; i--) {
            d[n + (size_t)i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        n += (size_t)dec;
    }
    d[n] = '\0';
    return n;
}

void svg_num(struct buf *b, double v, int dec)
{
    char d[40];

    buf_add(b, d, fmt(d, v, dec));
}

/* Markup helpers: name is always a literal of this file. */
static void open_tag(struct buf *b, const char *name)
{
    buf_addc(b, '<');
    buf_adds(b, name);
}

static void close_tag(struct buf *b, const char *name)
{
    buf_adds(b, "</");
    buf_adds(b, name);
    buf_addc(b, '>');
}

static void anum(struct buf *b, const char *name, double v)
{
    char d[40];

    fmt(d, v, 1);
    html_attr(b, name, d);
}

static double fld(const struct spc_point *p, enum fld f)
{
    switch (f) {
    case F_Y:
        return p->y;
    case F_CL:
        return p->cl;
    case F_LCL:
        return p->lcl;
    default:
        return p->ucl;
    }
}

static double xpos(const struct chart *c, size_t i)
{
    return PL + c->dx * ((double)i + 0.5);
}

static double ypos(const struct chart *c, double v)
{
    return PB - (v - c->lo) / (c->hi - c->lo) * (PB - PT);
}

static void pt(struct buf *d, int move, double x, double y)
{
    buf_adds(d, move ? "M" : " L");
    svg_num(d, x, 1);
    buf_addc(d, ' ');
    svg_num(d, y, 1);
}

/* path writes <path d=...> with the given class, stroke and dashes, or
 * nothing when d is empty. */
static void path(struct buf *b, struct buf *d, const char *cls,
                 const char *stroke, const char *width, const char *dash)
{
    if (d->len == 0)
        return;
    open_tag(b, "path");
    html_attr(b, "class", cls);
    html_attr(b, "d", d->p);
    html_attr(b, "fill", "none");
    html_attr(b, "stroke", stroke);
    html_attr(b, "stroke-width", width);
    if (dash)
        html_attr(b, "stroke-dasharray", dash);
    buf_adds(b, "/>\n");
}

static void text(struct buf *b, double x, double y, const char *anchor,
                 const char *cls, const char *s)
{
    open_tag(b, "text");
    anum(b, "x", x);
    anum(b, "y", y);
    if (anchor)
        html_attr(b, "text-anchor", anchor);
    html_attr(b, "class", cls);
    buf_addc(b, '>');
    html_text(b, s);
    close_tag(b, "text");
    buf_addc(b, '\n');
}

static void line(struct buf *b, double x1, double y1, double x2, double y2,
                 const char *cls, const char *stroke, const char *dash)
{
    open_tag(b, "line");
    html_attr(b, "class", cls);
    anum(b, "x1", x1);
    anum(b, "y1", y1);
    anum(b, "x2", x2);
    anum(b, "y2", y2);
    html_attr(b, "stroke", stroke);
    if (dash)
        html_attr(b, "stroke-dasharray", dash);
    buf_adds(b, "/>\n");
}

static void widen(double *lo, double *hi, double v)
{
    if (!isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

/* scale finds the value range and a tick step of 1, 2 or 5 x 10^k. */
static double scale(struct chart *c)
{
    const struct spc_result *r = c->r;
    double lo = INFINITY, hi = -INFINITY, raw, mag, step;
    size_t i;

    for (i = 0; i < r->npoints; i++) {
        widen(&lo, &hi, r->points[i].y);
        widen(&lo, &hi, r->points[i].cl);
        widen(&lo, &hi, r->points[i].lcl);
        widen(&lo, &hi, r->points[i].ucl);
        if (c->o->national)
            widen(&lo, &hi, c->o->national[i]);
    }
    for (i = 0; i < c->o->ntargets; i++)
        widen(&lo, &hi, c->o->targets[i].value);
    if (lo > hi) {
        lo = 0;
        hi = 1;
    }
    if (hi - lo < 1e-9 * (fabs(hi) + 1)) {
        lo -= fabs(lo) * 0.1 + 1;
        hi += fabs(hi) * 0.1 + 1;
    }
    raw = (hi - lo) / 5;
    mag = pow(10, floor(log10(raw)));
    step = raw / mag <= 1   ? mag
           : raw / mag <= 2 ? 2 * mag
           : raw / mag <= 5 ? 5 * mag
                            : 10 * mag;
    c->lo = floor(lo / step) * step;
    c->hi = ceil(hi / step) * step;
    c->dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (c->dec > 6)
        c->dec = 6;
    return step;
}

static void axes(struct chart *c, double step)
{
    struct buf *b = c->b;
    char d[40];
    double v;
    int k;

    for (k = 0, v = c->lo; v <= c->hi + step / 2 && k < 40; k++) {
        double y = ypos(c, v);

        line(b, PL, y, PR, y, "spc-grid", "#d0d0d0", NULL);
        fmt(d, v, c->dec);
        text(b, PL - 6, y + 4, "end", "spc-tick", d);
        v = c->lo + step * (k + 1);
    }
    line(b, PL, PB, PR, PB, "spc-axis", "#000", NULL);
    line(b, PL, PT, PL, PB, "spc-axis", "#000", NULL);
    if (c->o->y_unit && *c->o->y_unit)
        text(b, 4, PT - 20, NULL, "spc-unit", c->o->y_unit);
}

static const char *label(const struct chart *c, size_t i)
{
    if (c->o->labels && c->o->labels[i])
        return c->o->labels[i];
    return c->r->points[i].x ? c->r->points[i].x : "";
}

static void xlabels(struct chart *c)
{
    size_t n = c->r->npoints, every = (n + 11) / 12, i;

    for (i = 0; i < n; i++) {
        if (i % every != 0)
            continue;
        line(c->b, xpos(c, i), PB, xpos(c, i), PB + 4, "spc-axis", "#000",
             NULL);
        text(c->b, xpos(c, i), PB + 18, "middle", "spc-tick", label(c, i));
    }
}

/* marks draws phase boundaries and the end of a frozen baseline. */
static void marks(struct chart *c)
{
    const struct spc_result *r = c->r;
    struct buf *b = c->b;
    size_t i;

    for (i = 0; i + 1 < r->npoints; i++) {
        const struct spc_point *p = &r->points[i], *q = p + 1;
        double x = xpos(c, i) + c->dx / 2;

        if (q->part != p->part) {
            line(b, x, PT - 14, x, PB, "spc-phase", "#000", "4 2");
            open_tag(b, "text");
            anum(b, "x", x + 3);
            anum(b, "y", PT - 4);
            html_attr(b, "class", "spc-mark");
            buf_addc(b, '>');
            html_text(b, c->o->words.phase);
            buf_addc(b, ' ');
            svg_num(b, (double)q->part, 0);
            close_tag(b, "text");
            buf_addc(b, '\n');
        } else if (p->baseline && !q->baseline) {
            line(b, x, PT - 14, x, PB, "spc-freeze", "#000", "1 3");
            text(b, x - 3, PT - 4, "end", "spc-mark", c->o->words.freeze);
        }
    }
}

/* stepped draws one of CL/LCL/UCL as steps per point, broken at missing
 * values and at part boundaries; runs_only selects parts by runs signal
 * (-1: all parts). */
static void stepped(struct chart *c, struct buf *d, enum fld f, int runs_only)
{
    const struct spc_result *r = c->r;
    size_t k, i;

    for (k = 0; k < r->nparts; k++) {
        const struct spc_part *pa = &r->parts[k];
        int pen = 0;

        if (runs_only >= 0 && pa->runs_signal != runs_only)
            continue;
        for (i = pa->first; i < pa->first + pa->count; i++) {
            double v = fld(&r->points[i], f);

            if (!isfinite(v)) {
                pen = 0;
                continue;
            }
            pt(d, !pen, xpos(c, i) - c->dx / 2, ypos(c, v));
            pt(d, 0, xpos(c, i) + c->dx / 2, ypos(c, v));
            pen = 1;
        }
    }
}

static void lines(struct chart *c)
{
    const struct spc_result *r = c->r;
    struct buf d;
    size_t i;
    int pen;

    buf_init(&d, 0);
    for (i = 0; i < c->o->ntargets; i++)
        if (isfinite(c->o->targets[i].value)) {
            double y = ypos(c, c->o->targets[i].value);

            line(c->b, PL, y, PR, y, "spc-target", "#1b6e2d",
                 i ? "12 3 2 3 2 3" : "12 4");
        }
    if (c->o->national) {
        for (i = 0, pen = 0; i < r->npoints; i++) {
            double v = c->o->national[i];

            if (!isfinite(v)) {
                pen = 0;
                continue;
            }
            pt(&d, !pen, xpos(c, i), ypos(c, v));
            pen = 1;
        }
        path(c->b, &d, "spc-national", "#6a3d9a", "2", "2 3");
        buf_clear(&d);
    }
    stepped(c, &d, F_LCL, -1);
    stepped(c, &d, F_UCL, -1);
    path(c->b, &d, "spc-limit", "#a12a2a", "1.5", "6 4");
    buf_clear(&d);
    stepped(c, &d, F_CL, 0);
    path(c->b, &d, "spc-cl", "#333", "1.5", NULL);
    buf_clear(&d);
    stepped(c, &d, F_CL, 1);
    path(c->b, &d, "spc-cl spc-cl-runs", "#333", "2.5", "10 2 2 2");
    buf_clear(&d);
    for (i = 0, pen = 0; i < r->npoints; i++) {
        if (!isfinite(r->points[i].y)) {
            pen = 0;
            continue;
        }
        pt(&d, !pen, xpos(c, i), ypos(c, r->points[i].y));
        pen = 1;
    }
    path(c->b, &d, "spc-data", "#1f4e79", "2", NULL);
    buf_release(&d);
}

/* point draws one marker: sigma signal = square, runs signal = diamond,
 * excluded = hollow circle, else a filled circle; with a tooltip. */
static void point(struct chart *c, size_t i)
{
    const struct spc_point *p = &c->r->points[i];
    struct buf *b = c->b;
    double x = xpos(c, i), y = ypos(c, p->y);
    const char *end = "circle";

    if (p->sigma_signal) {
        open_tag(b, "rect");
        html_attr(b, "class", "spc-pt spc-pt-sigma");
        anum(b, "x", x - 5);
        anum(b, "y", y - 5);
        html_attr(b, "width", "10");
        html_attr(b, "height", "10");
        html_attr(b, "fill", "#c0392b");
        end = "rect";
    } else if (p->runs_signal) {
        struct buf d;

        buf_init(&d, 0);
        pt(&d, 1, x, y - 6);
        pt(&d, 0, x + 6, y);
        pt(&d, 0, x, y + 6);
        pt(&d, 0, x - 6, y);
        buf_adds(&d, " Z");
        open_tag(b, "path");
        html_attr(b, "class", "spc-pt spc-pt-runs");
        html_attr(b, "d", d.p);
        html_attr(b, "fill", "#e39b1b");
        buf_release(&d);
        end = "path";
    } else {
        open_tag(b, "circle");
        html_attr(b, "class", p->excluded ? "spc-pt spc-pt-excl" : "spc-pt");
        anum(b, "cx", x);
        anum(b, "cy", y);
        html_attr(b, "r", "3.5");
        html_attr(b, "fill", p->excluded ? "#fff" : "#1f4e79");
    }
    html_attr(b, "stroke", "#000");
    buf_adds(b, "><title>");
    html_text(b, label(c, i));
    buf_adds(b, ": ");
    svg_num(b, p->y, c->dec + 1);
    close_tag(b, "title");
    close_tag(b, end);
    buf_addc(b, '\n');
}

static void annots(struct chart *c)
{
    struct buf *b = c->b;
    size_t k;

    for (k = 0; k < c->o->nannots; k++) {
        const struct svg_annot *an = &c->o->annots[k];
        double x;

        if (an->pos >= c->r->npoints)
            continue;
        x = xpos(c, an->pos);
        line(b, x, PT + 18, x, PB, "spc-annot-line", "#555", "1 2");
        buf_adds(b, "<g class=\"spc-annot\"><title>");
        svg_num(b, (double)(k + 1), 0);
        buf_adds(b, ". ");
        html_text(b, an->text);
        close_tag(b, "title");
        open_tag(b, "circle");
        anum(b, "cx", x);
        anum(b, "cy", PT + 9);
        html_attr(b, "r", "9");
        html_attr(b, "fill", "#fff");
        html_attr(b, "stroke", "#000");
        buf_adds(b, "/>");
        open_tag(b, "text");
        anum(b, "x", x);
        anum(b, "y", PT + 13);
        html_attr(b, "text-anchor", "middle");
        html_attr(b, "class", "spc-annot-num");
        buf_addc(b, '>');
        svg_num(b, (double)(k + 1), 0);
        close_tag(b, "text");
        close_tag(b, "g");
        buf_addc(b, '\n');
    }
}

/* legend_item draws a sample glyph (kind) and its label at slot n. */
static void legend_item(struct chart *c, int *n, const char *kind,
                        const char *lbl)
{
    struct buf *b = c->b;
    double x = 8 + LEG_COL * (*n % 3), y = LEG_Y + LEG_ROW * (*n / 3);

    if (strcmp(kind, "data") == 0) {
        line(b, x, y, x + 28, y, "spc-data", "#1f4e79", NULL);
        open_tag(b, "circle");
        anum(b, "cx", x + 14);
        anum(b, "cy", y);
        html_attr(b, "r", "3.5");
        html_attr(b, "fill", "#1f4e79");
        buf_adds(b, "/>");
    } else if (strcmp(kind, "cl") == 0) {
        line(b, x, y, x + 28, y, "spc-cl", "#333", NULL);
    } else if (strcmp(kind, "cl-runs") == 0) {
        line(b, x, y, x + 28, y, "spc-cl spc-cl-runs", "#333", "10 2 2 2");
    } else if (strcmp(kind, "limit") == 0) {
        line(b, x, y, x + 28, y, "spc-limit", "#a12a2a", "6 4");
    } else if (strcmp(kind, "target") == 0) {
        line(b, x, y, x + 28, y, "spc-target", "#1b6e2d", "12 4");
    } else if (strcmp(kind, "target2") == 0) {
        line(b, x, y, x + 28, y, "spc-target", "#1b6e2d", "12 3 2 3 2 3");
    } else if (strcmp(kind, "national") == 0) {
        line(b, x, y, x + 28, y, "spc-national", "#6a3d9a", "2 3");
    } else if (strcmp(kind, "sigma") == 0) {
        open_tag(b, "rect");
        anum(b, "x", x + 9);
        anum(b, "y", y - 5);
        html_attr(b, "width", "10");
        html_attr(b, "height", "10");
        html_attr(b, "fill", "#c0392b");
        html_attr(b, "stroke", "#000");
        buf_adds(b, "/>");
    } else {
        struct buf d;

        buf_init(&d, 0);
        pt(&d, 1, x + 14, y - 6);
        pt(&d, 0, x + 20, y);
        pt(&d, 0, x + 14, y + 6);
        pt(&d, 0, x + 8, y);
        buf_adds(&d, " Z");
        open_tag(b, "path");
        html_attr(b, "d", d.p);
        html_attr(b, "fill", "#e39b1b");
        html_attr(b, "stroke", "#000");
        buf_adds(b, "/>");
        buf_release(&d);
    }
    text(b, x + 34, y + 4, NULL, "spc-legend", lbl);
    (*n)++;
}

/* legend draws the key and returns how many items it holds. */
static int legend(struct chart *c)
{
    const struct spc_result *r = c->r;
    int n = 0, sigma = 0, runs = 0, lim = 0, cl = 0, nat = 0;
    size_t i;

    for (i = 0; i < r->npoints; i++) {
        sigma |= r->points[i].sigma_signal && isfinite(r->points[i].y);
        runs |= r->points[i].runs_signal && isfinite(r->points[i].y);
        lim |= isfinite(r->points[i].lcl) || isfinite(r->points[i].ucl);
        cl |= isfinite(r->points[i].cl);
        nat |= c->o->national && isfinite(c->o->national[i]);
    }
    buf_adds(c->b, "<g class=\"spc-legend\">\n");
    legend_item(c, &n, "data", c->o->words.value);
    if (cl)
        legend_item(c, &n, runs ? "cl-runs" : "cl", c->o->words.cl);
    if (lim)
        legend_item(c, &n, "limit", c->o->words.limits);
    for (i = 0; i < c->o->ntargets; i++)
        if (isfinite(c->o->targets[i].value))
            legend_item(c, &n, i ? "target2" : "target",
                        c->o->targets[i].label);
    if (nat)
        legend_item(c, &n, "national", c->o->words.national);
    if (sigma)
        legend_item(c, &n, "sigma", c->o->words.sigma);
    if (runs)
        legend_item(c, &n, "runs", c->o->words.runs);
    buf_adds(c->b, "</g>\n");
    return n;
}

static int id_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 40)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static void defaults(struct svg_words *w)
{
    if (!w->value)
        w->value = "Value";
    if (!w->cl)
        w->cl = "Centre line";
    if (!w->limits)
        w->limits = "Control limits";
    if (!w->national)
        w->national = "National average";
    if (!w->sigma)
        w->sigma = "Outside the limits";
    if (!w->runs)
        w->runs = "Unusual run or too few crossings";
    if (!w->phase)
        w->phase = "Phase";
    if (!w->freeze)
        w->freeze = "Baseline ends";
    if (!w->annotation)
        w->annotation = "Annotation";
}

enum err svg_spc_chart(struct arena *a, const struct spc_result *r,
                       const struct svg_opts *opts, struct html_safe *out)
{
    struct svg_opts o;
    struct chart c = {0};
    struct buf b, body;
    const char *id;
    double step, h;
    size_t i;
    int items;
    enum err e;

    out->p = "";
    out->len = 0;
    if (!opts || !opts->title || !r)
        return E_INVAL;
    o = *opts;
    defaults(&o.words);
    id = id_ok(o.id) ? o.id : "spc";
    buf_init(&b, 0);
    buf_init(&body, 0);
    c.b = &body;
    c.r = r;
    c.o = &o;
    step = scale(&c);
    c.dx = (PR - PL) / (double)(r->npoints ? r->npoints : 1);
    axes(&c, step);
    marks(&c);
    lines(&c);
    for (i = 0; i < r->npoints; i++)
        if (isfinite(r->points[i].y))
            point(&c, i);
    annots(&c);
    xlabels(&c);
    items = legend(&c);
    h = LEG_Y + LEG_ROW * ((items + 2) / 3 - 1) + 16;

    open_tag(&b, "svg");
    html_attr(&b, "xmlns", "http://www.w3.org/2000/svg");
    buf_adds(&b, " viewBox=\"0 0 ");
    svg_num(&b, W, 0);
    buf_addc(&b, ' ');
    svg_num(&b, h, 0);
    buf_addc(&b, '"');
    html_attr(&b, "class", "spc-chart");
    html_attr(&b, "role", "img");
    html_attr(&b, "aria-labelledby", arena_printf(a, "%s-t %s-d", id, id));
    html_attr(&b, "font-family", "sans-serif");
    html_attr(&b, "font-size", "12");
    buf_adds(&b, "><title");
    html_attr(&b, "id", arena_printf(a, "%s-t", id));
    buf_addc(&b, '>');
    html_text(&b, o.title);
    buf_adds(&b, "</title><desc");
    html_attr(&b, "id", arena_printf(a, "%s-d", id));
    buf_addc(&b, '>');
    html_text(&b, o.desc);
    buf_adds(&b, "</desc>\n");
    buf_add(&b, body.p, body.len);
    if (body.err)
        b.err = body.err;
    buf_adds(&b, "</svg>");
    e = html_safe_from_buf(a, &b, out);
    buf_release(&b);
    buf_release(&body);
    return e;
}
