/* attach.c: type sniffing, file-name cleaning, checksums and limits of case
 * attachments (attach.h). */
#include "core/attach.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

static const struct {
    const char *name, *mime;
    const char *ext[4]; /* the first is added when the name has none */
} types[ATTACH__MAX] = {
    [ATTACH_PDF] = {"pdf", "application/pdf", {".pdf"}},
    [ATTACH_PNG] = {"png", "image/png", {".png"}},
    [ATTACH_JPEG] = {"jpeg", "image/jpeg", {".jpg", ".jpeg", ".jpe"}},
    [ATTACH_HEIC] = {"heic", "image/heic", {".heic", ".heif"}},
    [ATTACH_TEXT] = {"text",
                     "text/plain; charset=utf-8",
                     {".txt", ".csv", ".log"}},
    [ATTACH_DOCX] = {"docx",
                     "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document",
                     {".docx"}},
    [ATTACH_XLSX] = {"xlsx",
                     "application/vnd.openxmlformats-officedocument."
                     "spreadsheetml.sheet",
                     {".xlsx"}},
};

const char *attach_mime(enum attach_type t)
{
    return t < ATTACH__MAX ? types[t].mime : "application/octet-stream";
}

const char *attach_type_str(enum attach_type t)
{
    return t < ATTACH__MAX ? types[t].name : "unknown";
}

enum attach_type attach_type_from_str(const char *s)
{
    int k;

    for (k = 0; s && k < ATTACH__MAX; k++)
        if (strcmp(s, types[k].name) == 0)
            return (enum attach_type)k;
    return ATTACH__MAX;
}

/* ---- sniffing ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
           p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 |
           p[0];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

/* heic_brand: one of the HEVC-coded HEIF brands phones write. */
static int heic_brand(const unsigned char *b)
{
    static const char *const brands[] = {"heic", "heix", "hevc",
                                         "hevx", "heim", "heis"};
    size_t i;

    for (i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
        if (memcmp(b, brands[i], 4) == 0)
            return 1;
    return 0;
}

/* is_heic: an ISO BMFF file whose leading "ftyp" box names a HEIC brand as
 * its major brand or as a compatible brand. */
static int is_heic(const unsigned char *d, size_t n)
{
    uint32_t box, i;

    if (n < 16 || memcmp(d + 4, "ftyp", 4) != 0)
        return 0;
    box = be32(d);
    if (box < 16 || box > n || box > 4096)
        return 0;
    if (heic_brand(d + 8))
        return 1;
    for (i = 16; i + 4 <= box; i += 4)
        if (heic_brand(d + i))
            return 1;
    return 0;
}

/* is_text: UTF-8 without NUL and without control characters other than
 * tab, line feed, form feed and carriage return. */
static int is_text(const unsigned char *d, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((d[i] < 0x20 && d[i] != '\t' && d[i] != '\n' && d[i] != '\f' &&
             d[i] != '\r') ||
            d[i] == 0x7f)
            return 0;
    return utf8_valid((const char *)d, n);
}

/* zip_office reads a zip's central directory (found through the end
 * record) and reports ATTACH_DOCX or ATTACH_XLSX when it lists
 * [Content_Types].xml and the main part of that format, else ATTACH__MAX.
 * Every offset is checked against n. */
static enum attach_type zip_office(const unsigned char *d, size_t n)
{
    static const char ct[] = "[Content_Types].xml",
                      word[] = "word/document.xml", xl[] = "xl/workbook.xml";
    int has_ct = 0, has_word = 0, has_xl = 0;
    size_t end, lo, p, cd_end;
    unsigned entries, k;

    if (n < 30 + 46 + 22 || memcmp(d, "PK\3\4", 4) != 0)
        return ATTACH__MAX;
    lo = n - 22 > 65535 ? n - 22 - 65535 : 0;
    for (end = n - 22;; end--) {
        if (memcmp(d + end, "PK\5\6", 4) == 0)
            break;
        if (end == lo)
            return ATTACH__MAX;
    }
    entries = le16(d + end + 10);
    p = le32(d + end + 16);
    cd_end = p + (size_t)le32(d + end + 12);
    if (p > end || cd_end > end || cd_end < p)
        return ATTACH__MAX;
    for (k = 0; k < entries; k++) {
        size_t nl, next;

        if (p + 46 > cd_end || memcmp(d + p, "PK\1\2", 4) != 0)
            return ATTACH__MAX;
        nl = le16(d + p + 28);
        next = p + 46 + nl + le16(d + p + 30) + le16(d + p + 32);
        if (next > cd_end)
            return ATTACH__MAX;
        if (nl == sizeof(ct) - 1 && memcmp(d + p + 46, ct, nl) == 0)
            has_ct = 1;
        else if (nl == sizeof(word) - 1 && memcmp(d + p + 46, word, nl) == 0)
            has_word = 1;
        else if (nl == sizeof(xl) - 1 && memcmp(d + p + 46, xl, nl) == 0)
            has_xl = 1;
        p = next;
    }
    if (!has_ct || has_word == has_xl)
        return ATTACH__MAX;
    return has_word ? ATTACH_DOCX : ATTACH_XLSX;
}

enum attach_type attach_sniff(const unsigned char *d, size_t n)
{
    static const unsigned char png[8] = {0x89, 'P',  'N',  'G',
                                         '\r', '\n', 0x1a, '\n'};

    if (!d || n == 0)
        return ATTACH__MAX;
    if (n >= 5 && memcmp(d, "%PDF-", 5) == 0)
        return ATTACH_PDF;
    if (n >= 8 && memcmp(d, png, 8) == 0)
        return ATTACH_PNG;
    if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return ATTACH_JPEG;
    if (is_heic(d, n))
        return ATTACH_HEIC;
    if (n >= 4 && memcmp(d, "PK\3\4", 4) == 0)
        return zip_office(d, n);
    return is_text(d, n) ? ATTACH_TEXT : ATTACH__MAX;
}

/* ---- file names ---- */

/* char_len: the length of the valid UTF-8 character at s (at most n
 * bytes), 0 when it is not one. */
static size_t char_len(const unsigned char *s, size_t n)
{
    size_t k = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;

    return k <= n && utf8_valid((const char *)s, k) ? k : 0;
}

/* unsafe_char: control characters (C0, DEL, C1), the characters Windows
 * and shells treat specially, and the bidirectional overrides that can
 * disguise an extension. */
static int unsafe_char(const unsigned char *s, size_t k)
{
    if (k == 1)
        return *s < 0x20 || *s == 0x7f || strchr("\"*/:<>?\\|", *s);
    if (k == 2)
        return s[0] == 0xc2 && s[1] < 0xa0;
    if (k == 3 && s[0] == 0xe2 && s[1] == 0x80)
        return s[2] >= 0xaa && s[2] <= 0xae;
    if (k == 3 && s[0] == 0xe2 && s[1] == 0x81)
        return s[2] >= 0xa6 && s[2] <= 0xa9;
    return 0;
}

static int has_ext(const char *s, size_t n, enum attach_type t)
{
    int k;

    for (k = 0; k < 4 && t < ATTACH__MAX && types[t].ext[k]; k++) {
        size_t e = strlen(types[t].ext[k]);

        if (n > e && strcasecmp(s + n - e, types[t].ext[k]) == 0)
            return 1;
    }
    return 0;
}

/* cut_at: the largest length <= max that ends on a character boundary. */
static size_t cut_at(const char *s, size_t max)
{
    while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
        max--;
    return max;
}

void attach_name_clean(const char *name, enum attach_type t, char *out,
                       size_t outsz)
{
    const unsigned char *s;
    size_t n, i = 0, o = 0, lead;
    char *tmp;

    if (!name)
        name = "";
    s = (const unsigned char *)name;
    for (n = strlen(name); n > 0; n--) /* the last path component */
        if (s[n - 1] == '/' || s[n - 1] == '\\')
            break;
    s += n;
    n = strlen((const char *)s);
    if (!(tmp = malloc(n + 1))) {
        n = 0;
        tmp = NULL;
    }
    while (i < n) {
        size_t k = char_len(s + i, n - i);

        if (k == 0 || unsafe_char(s + i, k)) {
            tmp[o++] = '_';
            i += k ? k : 1;
        } else {
            memcpy(tmp + o, s + i, k);
            o += k;
            i += k;
        }
    }
    for (lead = 0; lead < o && (tmp[lead] == '.' || tmp[lead] == ' ');)
        lead++;
    while (o > lead && (tmp[o - 1] == '.' || tmp[o - 1] == ' '))
        o--;
    n = o - lead;
    if (n > ATTACH_NAME_MAX) {
        const char *dot = memrchr(tmp + lead, '.', n);
        size_t ext = dot ? (size_t)(tmp + lead + n - dot) : 0;

        if (ext > 16)
            ext = 0;
        i = cut_at(tmp + lead, ATTACH_NAME_MAX - ext);
        memmove(tmp + lead + i, tmp + lead + n - ext, ext);
        n = i + ext;
    }
    if (n == 0 || n + 8 > outsz) {
        snprintf(out, outsz, "bilaga");
    } else {
        memcpy(out, tmp + lead, n);
        out[n] = '\0';
    }
    free(tmp);
    n = strlen(out);
    if (t < ATTACH__MAX && !has_ext(out, n, t) &&
        n + strlen(types[t].ext[0]) < outsz)
        memcpy(out + n, types[t].ext[0], strlen(types[t].ext[0]) + 1);
}

void attach_name_ascii(const char *name, char *out, size_t outsz)
{
    size_t i;

    if (outsz == 0)
        return;
    for (i = 0; name[i] && i + 1 < outsz; i++) {
        unsigned char c = (unsigned char)name[i];

        out[i] = c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '%'
                     ? '_'
                     : (char)c;
    }
    out[i] = '\0';
}

/* ---- checksums and limits ---- */

void attach_sha256(const unsigned char *data, size_t n,
                   unsigned char out[ATTACH_SHA256_BYTES])
{
    crypto_hash_sha256(out, data, n);
}

void attach_hex(const unsigned char h[ATTACH_SHA256_BYTES],
                char out[ATTACH_SHA256_HEX])
{
    sodium_bin2hex(out, ATTACH_SHA256_HEX, h, ATTACH_SHA256_BYTES);
}

enum attach_verdict attach_admit(size_t n, enum attach_type t, int64_t files,
                                 int64_t bytes)
{
    if (n == 0)
        return ATTACH_EMPTY;
    if (n > ATTACH_FILE_MAX)
        return ATTACH_TOO_BIG;
    if (t >= ATTACH__MAX)
        return ATTACH_BAD_TYPE;
    if (files + 1 > ATTACH_CASE_FILES)
        return ATTACH_TOO_MANY;
    if (bytes + (int64_t)n > ATTACH_CASE_BYTES)
        return ATTACH_CASE_FULL;
    return ATTACH_OK;
}

const char *attach_verdict_key(enum attach_verdict v)
{
    switch (v) {
    case ATTACH_OK:
        return NULL;
    case ATTACH_EMPTY:
        return "attach.err.empty";
    case ATTACH_TOO_BIG:
        return "attach.err.too_big";
    case ATTACH_BAD_TYPE:
        return "attach.err.type";
    case ATTACH_TOO_MANY:
        return "attach.err.too_many";
    case ATTACH_CASE_FULL:
        return "attach.err.case_full";
    }
    return "attach.err.type";
}
