/* requirement.c: assessment statuses, the review cycle and validation of
 * the legal-requirements register. */
#include "core/requirement.h"

#include <string.h>

#include "datetime.h"
#include "names.h"

static const char *const status_names[RQS__MAX] = {
    [RQS_MET] = "met",
    [RQS_PARTLY_MET] = "partly_met",
    [RQS_NOT_MET] = "not_met",
    [RQS_NOT_ASSESSED] = "not_assessed",
};

const char *requirement_status_str(enum req_status s)
{
    return names_get(status_names, RQS__MAX, (int)s);
}

enum req_status requirement_status_from_str(const char *s)
{
    return (enum req_status)names_index(status_names, RQS__MAX, s);
}

int requirement_date_valid(const char *s)
{
    int64_t t;

    return s && strlen(s) == 10 && datetime_parse_iso(s, &t) == 0;
}

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};

    return m == 2 && leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
    int v = 0;

    while (n-- > 0)
        v = v * 10 + (*s++ - '0');
    return v;
}

static void put_digits(char *p, int v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

int requirement_add_months(const char *date, int months, char *out)
{
    int y, m, d, total;

    if (!requirement_date_valid(date) || months < 0 || months > 1200)
        return -1;
    y = digits(date, 4);
    m = digits(date + 5, 2);
    d = digits(date + 8, 2);
    total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (y > 9999)
        return -1;
    if (d > month_days(y, m))
        d = month_days(y, m);
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
    out[10] = '\0';
    return 0;
}

int requirement_review_overdue(const char *next_review, const char *today)
{
    return next_review && today && *next_review &&
           strcmp(next_review, today) < 0;
}

static int blank(const char *s)
{
    if (!s)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

void requirement_validate_assessment(const char *status, const char *evidence,
                                     const char *assessed_on, const char *today,
                                     struct fielderrs *fe)
{
    enum req_status s = requirement_status_from_str(status);

    if (!status || !*status)
        fielderr_add(fe, "status", "err.required");
    else if (s == RQS__MAX)
        fielderr_add(fe, "status", "req.err.status");
    if (evidence && strlen(evidence) > REQ_TEXT_MAX)
        fielderr_add(fe, "evidence", "req.err.too_long");
    else if ((s == RQS_MET || s == RQS_PARTLY_MET) && blank(evidence))
        fielderr_add(fe, "evidence", "req.err.evidence");
    if (!assessed_on || !*assessed_on)
        fielderr_add(fe, "assessed_on", "err.required");
    else if (!requirement_date_valid(assessed_on))
        fielderr_add(fe, "assessed_on", "req.err.date");
    else if (today && strcmp(assessed_on, today) > 0)
        fielderr_add(fe, "assessed_on", "req.err.future");
}

static void short_text(struct fielderrs *fe, const char *field, const char *v,
                       int required)
{
    if (required && blank(v))
        fielderr_add(fe, field, "err.required");
    else if (v && strlen(v) > REQ_SHORT_MAX)
        fielderr_add(fe, field, "req.err.too_long");
}

void requirement_validate(const struct requirement_rec *q, struct fielderrs *fe)
{
    short_text(fe, "code", q->code, 1);
    short_text(fe, "statute", q->statute, 1);
    short_text(fe, "statute_title", q->statute_title, 1);
    short_text(fe, "chapter", q->chapter, 0);
    short_text(fe, "section", q->section, 0);
    if (blank(q->summary))
        fielderr_add(fe, "summary", "err.required");
    else if (strlen(q->summary) > REQ_TEXT_MAX)
        fielderr_add(fe, "summary", "req.err.too_long");
    if (q->in_force && *q->in_force && !requirement_date_valid(q->in_force))
        fielderr_add(fe, "in_force", "req.err.date");
    if (q->review_months < 1 || q->review_months > 120)
        fielderr_add(fe, "review_months", "req.err.review_months");
}
