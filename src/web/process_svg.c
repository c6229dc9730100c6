/* process_svg.c: the process map as server-drawn SVG: three lanes
 * (management, core, support), each top process of the set a column with
 * its sub-processes below it, every box a keyboard-focusable link to the
 * process page with its full name in a <title>. Markup comes from string
 * literals in this file; every piece of data goes through html_text,
 * html_attr or svg_num, and the result is handed out with
 * html_safe_from_buf (as svg.c does). Light fills, dark strokes and black
 * text keep it legible in print; a dashed red border marks a process
 * without an owner or a lead (or whose owner has left). */
#include <string.h>

#include "page.h"
#include "process_web.h"
#include "svg.h"

#define W 960
#define LABEL_W 168
#define COL_X 178
#define COL_W 180
#define COL_GAP 12
#define COLS ((W - COL_X) / (COL_W + COL_GAP))
#define HEAD_H 50
#define CHILD_H 30
#define CHILD_GAP 6
#define CHILD_MAX 8
#define LANE_PAD 12
#define LANE_GAP 8

static const char *const lane_fill[PK__MAX] = {"#e6eef8", "#e7f4ea", "#f6efe0"};
static const char *const box_fill[PK__MAX] = {"#ffffff", "#ffffff", "#ffffff"};

/* clip copies at most n code points of s into the arena, with "…" when
 * something was cut. */
static const char *clip(struct arena *a, const char *s, size_t n)
{
    const char *p = s ? s : "";
    size_t k = 0;

    while (*p && k < n) {
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
        k++;
    }
    if (!*p)
        return s ? s : "";
    return arena_printf(a, "%.*s…", (int)(p - s), s);
}

static int missing_people(const struct process *p)
{
    unsigned g = process_gaps(p);

    return (g & ((1u << PG_NO_OWNER) | (1u << PG_NO_LEAD) |
                 (1u << PG_OWNER_INACTIVE) | (1u << PG_LEAD_INACTIVE))) != 0;
}

static void num_attr(struct buf *b, const char *name, double v)
{
    buf_addf(b, " %s=\"", name);
    svg_num(b, v, 0);
    buf_addc(b, '"');
}

/* box writes one linked box at (x, y) of size w x h; head: a top process
 * (code above the name). */
static void box(struct req *r, struct buf *b, const struct process *p,
                enum process_kind k, double x, double y, double w, double h,
                int head)
{
    int gap = missing_people(p);
    const char *full = arena_printf(
        r->a, "%s %s%s%s%s", p->code, p->name, gap ? " (" : "",
        gap ? page_t(r, "process.map.gap_suffix") : "", gap ? ")" : "");

    buf_adds(b, "<a");
    html_attr(b, "href",
              arena_printf(r->a, "/processes/%lld", (long long)p->id));
    buf_adds(b, "><title>");
    html_text(b, full);
    buf_adds(b, "</title><rect");
    num_attr(b, "x", x);
    num_attr(b, "y", y);
    num_attr(b, "width", w);
    num_attr(b, "height", h);
    buf_adds(b, " rx=\"6\"");
    html_attr(b, "fill", box_fill[k]);
    if (missing_people(p))
        buf_adds(b, " stroke=\"#b00020\" stroke-width=\"2\" "
                    "stroke-dasharray=\"6 4\"");
    else
        buf_adds(b, " stroke=\"#33475b\" stroke-width=\"1.5\"");
    buf_adds(b, "/>");
    if (head) {
        buf_adds(b, "<text font-size=\"12\" font-weight=\"bold\" "
                    "fill=\"#1a1a1a\"");
        num_attr(b, "x", x + 8);
        num_attr(b, "y", y + 18);
        buf_addc(b, '>');
        html_text(b, clip(r->a, p->code, 60));
        buf_adds(b, "</text>");
    }
    buf_adds(b, "<text font-size=\"13\" fill=\"#1a1a1a\"");
    num_attr(b, "x", x + 8);
    num_attr(b, "y", head ? y + 38 : y + 20);
    buf_addc(b, '>');
    html_text(b, clip(r->a, p->name, w > 2 * COL_W ? 90 : head ? 22 : 21));
    buf_adds(b, "</text></a>");
}

/* column draws the sub-process v[i] (level 2) at (x, y) with its
 * activities (level 3) below it; returns the column's height. */
static double column(struct req *r, struct buf *b, const struct process *v,
                     size_t n, size_t i, enum process_kind k, double x,
                     double y)
{
    double cy = y + HEAD_H + CHILD_GAP;
    size_t j, kids = 0;

    box(r, b, &v[i], k, x, y, COL_W, HEAD_H, 1);
    for (j = i + 1; j < n && v[j].level > 2; j++) {
        if (v[j].level != 3 || kids++ >= CHILD_MAX)
            continue;
        box(r, b, &v[j], k, x + 12, cy, COL_W - 12, CHILD_H, 0);
        cy += CHILD_H + CHILD_GAP;
    }
    if (kids > CHILD_MAX) {
        buf_adds(b, "<text font-size=\"12\" fill=\"#1a1a1a\"");
        num_attr(b, "x", x + 12);
        num_attr(b, "y", cy + 12);
        buf_addc(b, '>');
        html_text(b, arena_printf(r->a, "+%d %s", (int)(kids - CHILD_MAX),
                                  page_t(r, "process.map.more")));
        buf_adds(b, "</text>");
        cy += 18;
    }
    return cy - y;
}

/* lane draws the lane of kind k at y and returns its height: each top
 * process of the set as a bar across the lane, its sub-processes as
 * columns below it (wrapping), their activities inside the columns. */
static double lane(struct req *r, struct buf *b, const struct process *v,
                   size_t n, enum process_kind k, double y)
{
    const char *label =
        page_t(r, arena_printf(r->a, "process.lane.%s", process_kind_str(k)));
    double h, row_y = y + LANE_PAD, row_h = 0;
    size_t i, j, tops = 0;
    struct buf body;

    buf_init(&body, 0);
    for (i = 0; i < n; i++) {
        size_t col = 0;

        if (v[i].level != 1 || process_kind_from_str(v[i].kind) != k)
            continue;
        if (tops++)
            row_y += row_h + LANE_GAP;
        box(r, &body, &v[i], k, COL_X, row_y,
            COLS * (COL_W + COL_GAP) - COL_GAP, HEAD_H, 1);
        row_y += HEAD_H + CHILD_GAP;
        row_h = 0;
        for (j = i + 1; j < n && v[j].level > 1; j++) {
            double ch;

            if (v[j].level != 2)
                continue;
            if (col == COLS) {
                row_y += row_h + CHILD_GAP;
                row_h = 0;
                col = 0;
            }
            ch = column(r, &body, v, n, j, k,
                        COL_X + (double)col * (COL_W + COL_GAP), row_y);
            if (ch > row_h)
                row_h = ch;
            col++;
        }
    }
    if (!tops) {
        buf_adds(&body, "<text font-size=\"13\" font-style=\"italic\" "
                        "fill=\"#1a1a1a\"");
        num_attr(&body, "x", COL_X);
        num_attr(&body, "y", y + 30);
        buf_addc(&body, '>');
        html_text(&body, page_t(r, "process.map.lane_empty"));
        buf_adds(&body, "</text>");
        row_h = 30;
    }
    h = row_y - y + row_h + LANE_PAD;
    buf_adds(b, "<g><rect x=\"0\"");
    num_attr(b, "y", y);
    num_attr(b, "width", W);
    num_attr(b, "height", h);
    html_attr(b, "fill", lane_fill[k]);
    buf_adds(b, " stroke=\"#5b6b7b\"/><text font-size=\"15\" "
                "font-weight=\"bold\" fill=\"#1a1a1a\" x=\"12\"");
    num_attr(b, "y", y + 28);
    buf_addc(b, '>');
    html_text(b, clip(r->a, label, 20));
    buf_adds(b, "</text>");
    buf_add(b, body.p, body.len);
    if (body.err)
        b->err = body.err;
    buf_adds(b, "</g>");
    buf_release(&body);
    return h;
}

enum err process_map_svg(struct req *r, const struct process *v, size_t n,
                         const char *title, const char *desc,
                         struct html_safe *out)
{
    struct buf b, lanes;
    double y = 0;
    enum err e;
    int k;

    buf_init(&lanes, 0);
    for (k = 0; k < PK__MAX; k++)
        y += lane(r, &lanes, v, n, (enum process_kind)k, y) + LANE_GAP;
    buf_init(&b, 0);
    buf_adds(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" "
                 "aria-labelledby=\"pmap-title pmap-desc\" viewBox=\"0 0 ");
    svg_num(&b, W, 0);
    buf_addc(&b, ' ');
    svg_num(&b, y, 0);
    buf_adds(&b, "\" font-family=\"system-ui, sans-serif\">"
                 "<title id=\"pmap-title\">");
    html_text(&b, title);
    buf_adds(&b, "</title><desc id=\"pmap-desc\">");
    html_text(&b, desc);
    buf_adds(&b, "</desc>");
    buf_add(&b, lanes.p, lanes.len);
    if (lanes.err)
        b.err = lanes.err;
    buf_adds(&b, "</svg>");
    e = html_safe_from_buf(r->a, &b, out);
    buf_release(&b);
    buf_release(&lanes);
    return e;
}
