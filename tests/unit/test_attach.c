/* test_attach.c: the attachment rules of core/attach.c: type sniffing by
 * content (and refusing what is not on the allow-list), the file-name
 * sanitiser, the checksum and the limits. */
#include <stdlib.h>
#include <string.h>

#include "core/attach.h"
#include "t.h"

#define S(lit) (const unsigned char *)(lit), sizeof(lit) - 1

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

/* zip_with builds a minimal zip (stored, empty entries) naming the given
 * entries in its local headers and central directory; returns its size. */
static size_t zip_with(unsigned char *z, const char *const *names, int n)
{
    size_t p = 0, cd, local[8];
    int i;

    for (i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);

        local[i] = p;
        memset(z + p, 0, 30);
        memcpy(z + p, "PK\3\4", 4);
        put16(z + p + 26, (unsigned)nl);
        memcpy(z + p + 30, names[i], nl);
        p += 30 + nl;
    }
    cd = p;
    for (i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);

        memset(z + p, 0, 46);
        memcpy(z + p, "PK\1\2", 4);
        put16(z + p + 28, (unsigned)nl);
        put32(z + p + 42, (uint32_t)local[i]);
        memcpy(z + p + 46, names[i], nl);
        p += 46 + nl;
    }
    memset(z + p, 0, 22);
    memcpy(z + p, "PK\5\6", 4);
    put16(z + p + 8, (unsigned)n);
    put16(z + p + 10, (unsigned)n);
    put32(z + p + 12, (uint32_t)(p - cd));
    put32(z + p + 16, (uint32_t)cd);
    return p + 22;
}

T(sniff_allowed)
{
    static const unsigned char png[] = {0x89, 'P',  'N',  'G', '\r',
                                        '\n', 0x1a, '\n', 0,   0};
    static const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 16};
    static const unsigned char heic[] = {
        0, 0, 0,   24,  'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0,
        0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c', 0,   0,   0, 8};
    static const unsigned char heic_compat[] = {
        0, 0, 0,   24,  'f', 't', 'y', 'p', 'm', 'i', 'f', '1', 0, 0,
        0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'v', 'c', 0,   0,   0, 8};

    CHECK_INT(attach_sniff(S("%PDF-1.7\n%...")), ATTACH_PDF);
    CHECK_INT(attach_sniff(png, sizeof(png)), ATTACH_PNG);
    CHECK_INT(attach_sniff(jpeg, sizeof(jpeg)), ATTACH_JPEG);
    CHECK_INT(attach_sniff(heic, sizeof(heic)), ATTACH_HEIC);
    CHECK_INT(attach_sniff(heic_compat, sizeof(heic_compat)), ATTACH_HEIC);
    CHECK_INT(attach_sniff(S("Rad 1\r\nÅtgärd: åäö\tklar\n")), ATTACH_TEXT);
    CHECK_INT(attach_sniff(S("\xef\xbb\xbfmed BOM")), ATTACH_TEXT);
}

T(sniff_office)
{
    static const char *const docx[] = {"[Content_Types].xml", "_rels/.rels",
                                       "word/document.xml"};
    static const char *const xlsx[] = {"[Content_Types].xml", "xl/workbook.xml",
                                       "xl/styles.xml"};
    static const char *const plain[] = {"a.txt", "b.txt", "c.txt"};
    static const char *const no_ct[] = {"_rels/.rels", "word/document.xml",
                                        "docProps/app.xml"};
    static const char *const both[] = {"[Content_Types].xml",
                                       "word/document.xml", "xl/workbook.xml"};
    unsigned char z[1024];
    size_t n;

    n = zip_with(z, docx, 3);
    CHECK_INT(attach_sniff(z, n), ATTACH_DOCX);
    /* a truncated zip loses its central directory */
    CHECK_INT(attach_sniff(z, n - 10), ATTACH__MAX);
    n = zip_with(z, xlsx, 3);
    CHECK_INT(attach_sniff(z, n), ATTACH_XLSX);
    n = zip_with(z, plain, 3);
    CHECK_INT(attach_sniff(z, n), ATTACH__MAX); /* a plain zip */
    n = zip_with(z, no_ct, 3);
    CHECK_INT(attach_sniff(z, n), ATTACH__MAX);
    n = zip_with(z, both, 3);
    CHECK_INT(attach_sniff(z, n), ATTACH__MAX); /* ambiguous */
    /* a central directory pointing past the end record */
    n = zip_with(z, docx, 3);
    put32(z + n - 22 + 16, 5000);
    CHECK_INT(attach_sniff(z, n), ATTACH__MAX);
}

T(sniff_refused)
{
    static const unsigned char exe[] = {'M', 'Z', 0x90, 0, 3, 0};
    static const unsigned char elf[] = {0x7f, 'E', 'L', 'F', 2, 1};
    static const unsigned char avif[] = {0,   0,   0,   20,  'f', 't', 'y', 'p',
                                         'a', 'v', 'i', 'f', 0,   0,   0,   0,
                                         'm', 'i', 'f', '1', 0,   0,   0,   8};
    static const unsigned char bad_utf8[] = {'a', 0xc3, 0x28, 'b'};

    CHECK_INT(attach_sniff(NULL, 0), ATTACH__MAX);
    CHECK_INT(attach_sniff(S("")), ATTACH__MAX);
    CHECK_INT(attach_sniff(exe, sizeof(exe)), ATTACH__MAX);
    CHECK_INT(attach_sniff(elf, sizeof(elf)), ATTACH__MAX);
    CHECK_INT(attach_sniff(avif, sizeof(avif)), ATTACH__MAX);
    CHECK_INT(attach_sniff(bad_utf8, sizeof(bad_utf8)), ATTACH__MAX);
    CHECK_INT(attach_sniff(S("text\0with NUL")), ATTACH__MAX);
    CHECK_INT(attach_sniff(S("escape \x1b[31m")), ATTACH__MAX);
    /* HTML is text: it is served as text/plain, attachment, nosniff */
    CHECK_INT(attach_sniff(S("<script>alert(1)</script>")), ATTACH_TEXT);
    /* a PDF signature later in the file does not count */
    CHECK_INT(attach_sniff(S("MZ%PDF-1.4")), ATTACH_TEXT);
    CHECK_STR(attach_mime(ATTACH_TEXT), "text/plain; charset=utf-8");
    CHECK_INT(attach_type_from_str("docx"), ATTACH_DOCX);
    CHECK_INT(attach_type_from_str("exe"), ATTACH__MAX);
}

static const char *clean(const char *in, enum attach_type t)
{
    static char out[ATTACH_NAME_MAX + 16];

    attach_name_clean(in, t, out, sizeof(out));
    return out;
}

T(name_clean)
{
    char longname[400], want[ATTACH_NAME_MAX + 16];
    const char *s;
    size_t i;

    CHECK_STR(clean("rapport.pdf", ATTACH_PDF), "rapport.pdf");
    CHECK_STR(clean("Avvikelse åäö.PDF", ATTACH_PDF), "Avvikelse åäö.PDF");
    CHECK_STR(clean("C:\\Users\\x\\foto.jpg", ATTACH_JPEG), "foto.jpg");
    CHECK_STR(clean("../../etc/passwd", ATTACH_TEXT), "passwd.txt");
    CHECK_STR(clean("a\"b<c>d|e?f*g:h.txt", ATTACH_TEXT),
              "a_b_c_d_e_f_g_h.txt");
    CHECK_STR(clean("tab\there\r\n.png", ATTACH_PNG), "tab_here__.png");
    CHECK_STR(clean("...hidden.pdf", ATTACH_PDF), "hidden.pdf");
    CHECK_STR(clean("trailing.pdf. . ", ATTACH_PDF), "trailing.pdf");
    CHECK_STR(clean("", ATTACH_PDF), "bilaga.pdf");
    CHECK_STR(clean(NULL, ATTACH_JPEG), "bilaga.jpg");
    CHECK_STR(clean("dir/", ATTACH_PNG), "bilaga.png");
    CHECK_STR(clean("IMG_0001.HEIC", ATTACH_HEIC), "IMG_0001.HEIC");
    CHECK_STR(clean("IMG_0001.jpeg", ATTACH_JPEG), "IMG_0001.jpeg");
    /* the type decides the extension, not the client's name */
    CHECK_STR(clean("invoice.pdf.exe", ATTACH_PDF), "invoice.pdf.exe.pdf");
    CHECK_STR(clean("page.html", ATTACH_TEXT), "page.html.txt");
    /* invalid UTF-8 and C1 controls become '_' */
    CHECK_STR(clean("a\xff\xfe"
                    "b.txt",
                    ATTACH_TEXT),
              "a__b.txt");
    CHECK_STR(clean("a\xc2\x85"
                    "b.txt",
                    ATTACH_TEXT),
              "a_b.txt");
    /* a right-to-left override cannot disguise the extension */
    CHECK_STR(clean("evil\xe2\x80\xaetxt.exe", ATTACH_TEXT),
              "evil_txt.exe.txt");
    /* long names are cut on a character boundary, keeping the extension */
    memset(longname, 0, sizeof(longname));
    for (i = 0; i + 2 < 300; i += 2)
        memcpy(longname + i, "å", 2);
    memcpy(longname + i, ".pdf", 5);
    s = clean(longname, ATTACH_PDF);
    CHECK(strlen(s) <= ATTACH_NAME_MAX);
    CHECK(strlen(s) >= ATTACH_NAME_MAX - 1);
    CHECK(strcmp(s + strlen(s) - 4, ".pdf") == 0);
    CHECK(((unsigned char)s[strlen(s) - 5] & 0xc0) == 0x80);
    attach_name_ascii("Åtgärd \"x\" 100%.pdf", want, sizeof(want));
    CHECK_STR(want, "__tg__rd _x_ 100_.pdf");
}

T(checksum_and_limits)
{
    unsigned char h[ATTACH_SHA256_BYTES];
    char hex[ATTACH_SHA256_HEX];

    attach_sha256((const unsigned char *)"abc", 3, h);
    attach_hex(h, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
                   "b00361a396177a9cb410ff61f20015ad");
    CHECK_INT(attach_admit(0, ATTACH_PDF, 0, 0), ATTACH_EMPTY);
    CHECK_INT(attach_admit(ATTACH_FILE_MAX, ATTACH_PDF, 0, 0), ATTACH_OK);
    CHECK_INT(attach_admit(ATTACH_FILE_MAX + 1, ATTACH_PDF, 0, 0),
              ATTACH_TOO_BIG);
    CHECK_INT(attach_admit(10, ATTACH__MAX, 0, 0), ATTACH_BAD_TYPE);
    CHECK_INT(attach_admit(10, ATTACH_PNG, ATTACH_CASE_FILES - 1, 0),
              ATTACH_OK);
    CHECK_INT(attach_admit(10, ATTACH_PNG, ATTACH_CASE_FILES, 0),
              ATTACH_TOO_MANY);
    CHECK_INT(attach_admit(10, ATTACH_PNG, 3, ATTACH_CASE_BYTES - 10),
              ATTACH_OK);
    CHECK_INT(attach_admit(11, ATTACH_PNG, 3, ATTACH_CASE_BYTES - 10),
              ATTACH_CASE_FULL);
    CHECK_STR(attach_verdict_key(ATTACH_TOO_BIG), "attach.err.too_big");
    CHECK(attach_verdict_key(ATTACH_OK) == NULL);
}

T_MAIN(T_CASE(sniff_allowed), T_CASE(sniff_office), T_CASE(sniff_refused),
       T_CASE(name_clean), T_CASE(checksum_and_limits))
