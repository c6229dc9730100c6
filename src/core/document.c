/* document.c: controlled documents: the version workflow, its
 * permissions, the review-date arithmetic and validation. */
#include "core/document.h"

#include <stdio.h>
#include <string.h>

#include "core/authz.h"
#include "names.h"

static const char *const type_names[DT__MAX] = {
    [DT_POLICY] = "policy",       [DT_GUIDELINE] = "guideline",
    [DT_ROUTINE] = "routine",     [DT_INSTRUCTION] = "instruction",
    [DT_CHECKLIST] = "checklist", [DT_CARE_PROGRAMME] = "care_programme",
    [DT_FORM] = "form",
};

static const char *const state_names[DV__MAX] = {
    [DV_DRAFT] = "draft",
    [DV_REVIEW] = "review",
    [DV_APPROVED] = "approved",
    [DV_ARCHIVED] = "archived",
};

static const char *const event_names[DE__MAX] = {
    [DE_SUBMIT] = "submit",
    [DE_APPROVE] = "approve",
    [DE_RETURN] = "return",
    [DE_ARCHIVE] = "archive",
};

static const char *const status_names[DS__MAX] = {
    [DS_DRAFT] = "draft",       [DS_CURRENT] = "current",
    [DS_DUE_SOON] = "due_soon", [DS_OVERDUE] = "overdue",
    [DS_ARCHIVED] = "archived",
};

const char *doc_type_str(enum doc_type t)
{
    return (unsigned)t < DT__MAX ? type_names[t] : "unknown";
}

enum doc_type doc_type_from_str(const char *s)
{
    return (enum doc_type)names_index(type_names, DT__MAX, s);
}

const char *docv_state_str(enum docv_state s)
{
    return (unsigned)s < DV__MAX ? state_names[s] : "unknown";
}

enum docv_state docv_state_from_str(const char *s)
{
    return (enum docv_state)names_index(state_names, DV__MAX, s);
}

const char *doc_event_str(enum doc_event e)
{
    return (unsigned)e < DE__MAX ? event_names[e] : "unknown";
}

enum doc_event doc_event_from_str(const char *s)
{
    return (enum doc_event)names_index(event_names, DE__MAX, s);
}

const char *doc_status_str(enum doc_status s)
{
    return (unsigned)s < DS__MAX ? status_names[s] : "unknown";
}

enum doc_status doc_status_from_str(const char *s)
{
    return (enum doc_status)names_index(status_names, DS__MAX, s);
}

enum docv_state docv_next(enum docv_state s, enum doc_event ev)
{
    switch (ev) {
    case DE_SUBMIT:
        return s == DV_DRAFT ? DV_REVIEW : DV__MAX;
    case DE_APPROVE:
        return s == DV_REVIEW ? DV_APPROVED : DV__MAX;
    case DE_RETURN:
        return s == DV_REVIEW ? DV_DRAFT : DV__MAX;
    case DE_ARCHIVE:
        return s == DV_APPROVED ? DV_ARCHIVED : DV__MAX;
    case DE__MAX:
        break;
    }
    return DV__MAX;
}

int doc_may(enum doc_event ev, unsigned rel)
{
    switch (ev) {
    case DE_SUBMIT:
        return (rel & (DOC_R_OWNER | DOC_R_DEPUTY)) != 0;
    case DE_APPROVE:
    case DE_RETURN:
        return (rel & DOC_R_APPROVER) != 0;
    case DE_ARCHIVE:
        return (rel & (DOC_R_OWNER | DOC_R_APPROVER | DOC_R_QUALITY)) != 0;
    case DE__MAX:
        break;
    }
    return 0;
}

int doc_may_edit(unsigned rel)
{
    return (rel & (DOC_R_OWNER | DOC_R_DEPUTY)) != 0;
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

int doc_check(enum docv_state s, enum doc_event ev, unsigned rel,
              const char *comment, struct fielderrs *fe)
{
    if (ev >= DE__MAX || docv_next(s, ev) == DV__MAX) {
        fielderr_add(fe, "event", "doc.err.step");
        return 0;
    }
    if (!doc_may(ev, rel))
        return 1;
    if (comment && strlen(comment) > DOC_NOTE_MAX)
        fielderr_add(fe, "comment", "doc.err.too_long");
    else if (ev == DE_RETURN && blank(comment))
        fielderr_add(fe, "comment", "doc.err.return_comment");
    return 0;
}

/* ---- dates ---- */

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    return m == 2 && leap(y) ? 29 : d[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int parse(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        digits(s, 4, y) || digits(s + 5, 2, m) || digits(s + 8, 2, d))
        return -1;
    if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > mdays(*y, *m))
        return -1;
    return 0;
}

static int format(int y, int m, int d, char out[11])
{
    if (y < 1 || y > 9999)
        return -1;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return 0;
}

int doc_date_valid(const char *s)
{
    int y, m, d;

    return parse(s, &y, &m, &d) == 0;
}

int doc_add_months(const char *date, int months, char out[11])
{
    int y, m, d;
    long t;

    if (parse(date, &y, &m, &d))
        return -1;
    t = (long)y * 12 + (m - 1) + months;
    if (t < 12 || t >= 10000L * 12)
        return -1;
    y = (int)(t / 12);
    m = (int)(t % 12) + 1;
    if (d > mdays(y, m))
        d = mdays(y, m);
    return format(y, m, d, out);
}

/* days_from_civil / civil_from_days: H. Hinnant's proleptic Gregorian
 * day numbers (day 0 = 1970-01-01). */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int doc_add_days(const char *date, int days, char out[11])
{
    int y, m, d;

    if (parse(date, &y, &m, &d))
        return -1;
    civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
    return format(y, m, d, out);
}

int doc_review_date(const char *approved_on, const char *valid_until,
                    int review_months, char out[11])
{
    if (valid_until && *valid_until) {
        if (!doc_date_valid(valid_until))
            return -1;
        memcpy(out, valid_until, 11);
        return 0;
    }
    if (review_months <= 0)
        return -1;
    return doc_add_months(approved_on, review_months, out);
}

enum doc_status doc_status_of(const char *state, const char *review_due,
                              const char *today, int within_days)
{
    char warn[11];

    if (!state || strcmp(state, "archived") == 0)
        return state ? DS_ARCHIVED : DS_DRAFT;
    if (strcmp(state, "approved") != 0)
        return DS_DRAFT;
    if (!doc_date_valid(review_due) || !doc_date_valid(today))
        return DS_CURRENT;
    if (strcmp(review_due, today) < 0)
        return DS_OVERDUE;
    if (doc_add_days(review_due, -within_days, warn) == 0 &&
        strcmp(warn, today) <= 0)
        return DS_DUE_SOON;
    return DS_CURRENT;
}

int doc_remind_on(const char *review_due, int days, char out[11])
{
    return doc_add_days(review_due, -days, out);
}

int doc_escalate_on(const char *review_due, char out[11])
{
    return doc_add_days(review_due, 1, out);
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

enum doc_reminder doc_reminder_due(const char *review_due,
                                   const char *reminded_for,
                                   const char *escalated_for, const char *today,
                                   int days)
{
    char on[11];

    if (!doc_date_valid(review_due) || !doc_date_valid(today))
        return DR_NONE;
    if (same(escalated_for, review_due))
        return DR_NONE;
    if (doc_escalate_on(review_due, on) == 0 && strcmp(on, today) <= 0)
        return DR_ESCALATE;
    if (same(reminded_for, review_due))
        return DR_NONE;
    if (doc_remind_on(review_due, days, on) == 0 && strcmp(on, today) <= 0)
        return DR_REMIND;
    return DR_NONE;
}

/* ---- validation ---- */

static int code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0, i;

    if (n == 0 || n > DOC_CODE_MAX)
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              ((c == '-' || c == '.' || c == '_') && i > 0)))
            return 0;
    }
    return 1;
}

void doc_validate(const struct doc_rec *d, struct fielderrs *fe)
{
    if (!d->code || !*d->code)
        fielderr_add(fe, "code", "err.required");
    else if (!code_ok(d->code))
        fielderr_add(fe, "code", "doc.err.code");
    if (blank(d->title))
        fielderr_add(fe, "title", "err.required");
    else if (strlen(d->title) > DOC_TITLE_MAX)
        fielderr_add(fe, "title", "doc.err.too_long");
    if (doc_type_from_str(d->doc_type) == DT__MAX)
        fielderr_add(fe, "doc_type", "doc.err.type");
    if (d->unit_id <= 0)
        fielderr_add(fe, "unit", "err.required");
    if (d->owner_id <= 0)
        fielderr_add(fe, "owner", "err.required");
    if (d->deputy_id < 0 || (d->deputy_id && d->deputy_id == d->owner_id))
        fielderr_add(fe, "deputy", "doc.err.deputy");
    if (d->approver_id <= 0)
        fielderr_add(fe, "approver", "err.required");
    if (d->review_months < 0 || d->review_months > 120)
        fielderr_add(fe, "review_months", "doc.err.review_months");
    if (d->ack_role && *d->ack_role && role_from_str(d->ack_role) == ROLE__MAX)
        fielderr_add(fe, "ack_role", "doc.err.ack_role");
    if (d->ack_unit_id < 0)
        fielderr_add(fe, "ack_unit", "doc.err.ack_unit");
}

void docv_validate(const char *body_md, const char *change_note, int has_file,
                   struct fielderrs *fe)
{
    if (blank(body_md)) {
        if (!has_file)
            fielderr_add(fe, "body", "doc.err.body_or_file");
    } else if (strlen(body_md) > DOC_BODY_MAX)
        fielderr_add(fe, "body", "doc.err.too_long");
    if (change_note && strlen(change_note) > DOC_NOTE_MAX)
        fielderr_add(fe, "change_note", "doc.err.too_long");
}

void doc_validate_approval(const char *valid_until, int review_months,
                           const char *today, struct fielderrs *fe)
{
    if (valid_until && *valid_until) {
        if (!doc_date_valid(valid_until))
            fielderr_add(fe, "valid_until", "doc.err.date");
        else if (today && strcmp(valid_until, today) <= 0)
            fielderr_add(fe, "valid_until", "doc.err.valid_until_past");
    } else if (review_months <= 0) {
        fielderr_add(fe, "valid_until", "doc.err.no_review");
    }
}
