/* attach.h: attachments of cases: the limits, the type check by content
 * (magic bytes against an allow-list; the client's Content-Type is never
 * trusted), the file-name sanitiser and the checksum. Pure logic: the store
 * keeps the bytes, the web layer receives and serves them. */
#ifndef SKA_ATTACH_H
#define SKA_ATTACH_H

#include <stddef.h>
#include <stdint.h>

#define ATTACH_FILE_MAX ((size_t)10 << 20)    /* 10 MiB per file */
#define ATTACH_CASE_FILES 10                  /* files per case */
#define ATTACH_CASE_BYTES ((int64_t)40 << 20) /* 40 MiB per case */
#define ATTACH_NAME_MAX 120                   /* bytes of a stored file name */
#define ATTACH_SHA256_BYTES 32
#define ATTACH_SHA256_HEX 65 /* 64 hex digits + NUL */

/* The allowed types; ATTACH__MAX means "not allowed". */
enum attach_type {
    ATTACH_PDF,
    ATTACH_PNG,
    ATTACH_JPEG,
    ATTACH_HEIC, /* HEIC/HEIF photos from phones (ISO BMFF "ftyp" brands) */
    ATTACH_TEXT, /* UTF-8 text without control characters */
    ATTACH_DOCX, /* zip holding [Content_Types].xml and word/document.xml */
    ATTACH_XLSX, /* zip holding [Content_Types].xml and xl/workbook.xml */
    ATTACH__MAX
};

/* attach_sniff decides the type of data[0..n) from its content alone:
 * ATTACH__MAX when it is none of the allowed types (also when n is 0). */
enum attach_type attach_sniff(const unsigned char *data, size_t n);
/* attach_mime is the Content-Type served for t ("application/pdf"...). */
const char *attach_mime(enum attach_type t);
/* attach_type_str / attach_type_from_str: "pdf", "png", ...; unknown
 * names give ATTACH__MAX. */
const char *attach_type_str(enum attach_type t);
enum attach_type attach_type_from_str(const char *s);

/* attach_name_clean writes a safe file name for a client's name into
 * out[0..outsz): the last path component only; control characters, invalid
 * UTF-8 and " * / : < > ? \ | become '_'; leading dots and spaces and
 * trailing dots and spaces are dropped; at most ATTACH_NAME_MAX bytes (cut
 * on a character boundary, keeping the extension); "bilaga" when nothing is
 * left; and the type's extension added when the name does not end in one
 * of the type's extensions. outsz must be at least ATTACH_NAME_MAX + 8.
 * name may be NULL. */
void attach_name_clean(const char *name, enum attach_type t, char *out,
                       size_t outsz);
/* attach_name_ascii writes an ASCII-only fallback of a cleaned name into
 * out (for the RFC 6266 filename parameter): bytes outside printable ASCII,
 * '"', '\\' and '%' become '_'. outsz >= strlen(name) + 1. */
void attach_name_ascii(const char *name, char *out, size_t outsz);

/* attach_sha256 computes SHA-256 of data[0..n). */
void attach_sha256(const unsigned char *data, size_t n,
                   unsigned char out[ATTACH_SHA256_BYTES]);
/* attach_hex writes a hash as 64 lowercase hex digits. */
void attach_hex(const unsigned char h[ATTACH_SHA256_BYTES],
                char out[ATTACH_SHA256_HEX]);

/* Why a new file may not be added to a case. */
enum attach_verdict {
    ATTACH_OK,
    ATTACH_EMPTY,     /* no bytes */
    ATTACH_TOO_BIG,   /* more than ATTACH_FILE_MAX */
    ATTACH_BAD_TYPE,  /* not an allowed type */
    ATTACH_TOO_MANY,  /* the case would hold more than ATTACH_CASE_FILES */
    ATTACH_CASE_FULL, /* the case would hold more than ATTACH_CASE_BYTES */
};

/* attach_admit checks one more file of n bytes and type t against a case
 * that already holds files attachments of bytes in total. */
enum attach_verdict attach_admit(size_t n, enum attach_type t, int64_t files,
                                 int64_t bytes);
/* attach_verdict_key is the catalogue key of a verdict's message. */
const char *attach_verdict_key(enum attach_verdict v);

#endif
