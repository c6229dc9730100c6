/* risk.c: the risk matrix: scores, bands, the event-analysis rule and the
 * validation of a care provider's own matrix. */
#include "risk.h"

#include <string.h>

#include "utf8.h"

void risk_matrix_default(struct risk_matrix *m)
{
    memset(m, 0, sizeof(*m));
    m->levels = 4;
    m->low_max = 3;
    m->medium_max = 6;
    m->analysis_score = 8;
    m->analysis_consequence = 3;
}

int risk_score(const struct risk_matrix *m, int consequence, int probability)
{
    if (consequence < 1 || probability < 1 || consequence > m->levels ||
        probability > m->levels)
        return 0;
    return consequence * probability;
}

enum risk_band risk_band_of(const struct risk_matrix *m, int score)
{
    if (score < 1)
        return BAND_NONE;
    if (score <= m->low_max)
        return BAND_LOW;
    if (score <= m->medium_max)
        return BAND_MEDIUM;
    return BAND_HIGH;
}

static const char *const band_names[BAND__MAX] = {"none", "low", "medium",
                                                  "high"};

const char *risk_band_str(enum risk_band b)
{
    return (unsigned)b < BAND__MAX ? band_names[b] : "none";
}

enum risk_band risk_band_from_str(const char *s)
{
    int k;

    for (k = 0; s && k < BAND__MAX; k++)
        if (strcmp(s, band_names[k]) == 0)
            return (enum risk_band)k;
    return BAND_NONE;
}

int risk_needs_analysis(const struct risk_matrix *m, int consequence,
                        int probability)
{
    int s = risk_score(m, consequence, probability);

    return s > 0 &&
           (s >= m->analysis_score || consequence >= m->analysis_consequence);
}

/* ---- validation ---- */

/* The form's field names of the labels, static so that fielderrs may keep
 * them. */
static const char *const cons_fields[RISK_LEVELS_MAX + 1] = {
    NULL, "consequence_1", "consequence_2", "consequence_3", "consequence_4"};
static const char *const prob_fields[RISK_LEVELS_MAX + 1] = {
    NULL, "probability_1", "probability_2", "probability_3", "probability_4"};

/* trimmed gives the start of s after spaces and its length without the
 * trailing ones. */
static const char *trimmed(const char *s, size_t *len)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

/* fold is byte i of s, lowered when it is an ASCII capital or the second
 * byte of a Latin-1 capital (Å Ä Ö É ...: C3 80-9E but the multiplication
 * sign). */
static unsigned char fold(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];

    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && (unsigned char)s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E &&
        c != 0x97)
        return (unsigned char)(c + 32);
    return c;
}

/* same_label: a and b are equal ignoring case and surrounding spaces. */
static int same_label(const char *a, const char *b)
{
    size_t na, nb, i;

    a = trimmed(a, &na);
    b = trimmed(b, &nb);
    if (na != nb)
        return 0;
    for (i = 0; i < na; i++)
        if (fold(a, i) != fold(b, i))
            return 0;
    return 1;
}

static void check_labels(const char *const *label, const char *const *field,
                         int levels, struct fielderrs *fe)
{
    int k, j;

    for (k = 1; k <= levels; k++) {
        const char *s = label[k];
        size_t n;

        if (!s || (trimmed(s, &n), n == 0)) {
            fielderr_add(fe, field[k], "err.required");
            continue;
        }
        if (!utf8_valid(s, strlen(s)) || utf8_len(s) > RISK_LABEL_MAX) {
            fielderr_add(fe, field[k], "risk.err.label_long");
            continue;
        }
        for (j = 1; j < k; j++)
            if (label[j] && same_label(label[j], s)) {
                fielderr_add(fe, field[k], "risk.err.label_same");
                break;
            }
    }
}

void risk_matrix_validate(const struct risk_matrix *m, struct fielderrs *fe)
{
    int max;

    if (m->levels < RISK_LEVELS_MIN || m->levels > RISK_LEVELS_MAX) {
        fielderr_add(fe, "levels", "risk.err.levels");
        return; /* nothing else can be judged */
    }
    max = m->levels * m->levels;
    if (m->low_max < 1 || m->low_max >= max - 1)
        fielderr_add(fe, "low_max", "risk.err.low_max");
    if (m->medium_max <= m->low_max || m->medium_max >= max)
        fielderr_add(fe, "medium_max", "risk.err.medium_max");
    if (m->analysis_score < 1 || m->analysis_score > max)
        fielderr_add(fe, "analysis_score", "risk.err.analysis_score");
    if (m->analysis_consequence < 1 || m->analysis_consequence > m->levels)
        fielderr_add(fe, "analysis_consequence",
                     "risk.err.analysis_consequence");
    check_labels(m->consequence_label, cons_fields, m->levels, fe);
    check_labels(m->probability_label, prob_fields, m->levels, fe);
}
