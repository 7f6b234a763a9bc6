/*
 * extract.h - stage 1: turn an input file into pages of text.
 *
 * A PDF is read with poppler-glib; a .txt or .md file is read as UTF-8 text
 * with form feeds splitting pages.  The result is a list of pages (1-based
 * numbering is the caller's: pages[0] is page 1), plus, when asked for, the
 * glyph boxes of each character so that the tables stage can rebuild
 * statement tables from geometry.
 *
 * A document that cannot be read is not a failure of the call: it comes back
 * with status EXTRACT_ERROR and a reason in plain words, so that a batch can
 * record it and go on.  Only running out of memory returns NULL.
 *
 * The stage holds no global mutable state; documents may be extracted in
 * parallel processes (poppler itself is not used across threads here).
 */
#ifndef CNFISCAL_EXTRACT_H
#define CNFISCAL_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    EXTRACT_OK = 0,    /* text was found */
    EXTRACT_EMPTY = 1, /* readable, but no text layer (image-only pages) */
    EXTRACT_ERROR = 2  /* unreadable: see extract_document_t.error */
} extract_status_t;

/* One character as poppler placed it on the page.  Coordinates are in PDF
 * points with a top-left origin (y grows downwards), as poppler-glib gives
 * them.  `byte_offset` is where the character starts in the page's text. */
typedef struct {
    uint32_t codepoint;
    uint32_t byte_offset;
    float x1, y1, x2, y2;
} extract_glyph_t;

typedef struct {
    char *text;    /* UTF-8, NUL-terminated, owned */
    size_t length; /* bytes in text, without the NUL */
    double width;  /* page size in points (0 for text input) */
    double height;
    /* One glyph per character of `text` (the made-up spaces and newlines
     * included), in text order; NULL unless extract_options_t.want_glyphs,
     * and NULL for a page whose layout poppler could not match to its text.
     * Boxes are clamped to the page. */
    extract_glyph_t *glyphs;
    size_t glyph_count;
} extract_page_t;

typedef enum {
    EXTRACT_FORMAT_PDF,
    EXTRACT_FORMAT_TEXT,    /* .txt */
    EXTRACT_FORMAT_MARKDOWN /* .md: read as text */
} extract_format_t;

typedef struct {
    extract_status_t status;
    char error[256]; /* plain-words reason when status != EXTRACT_OK */
    extract_format_t format;
    extract_page_t *pages;
    size_t page_count;
    size_t source_page_count; /* pages the input has (may exceed page_count) */
    bool truncated;           /* max_pages or max_text_bytes left pages out */
} extract_document_t;

typedef struct {
    bool want_glyphs;      /* fill extract_page_t.glyphs (PDF only) */
    size_t max_pages;      /* 0: no limit; more pages -> only the first max_pages */
    size_t max_text_bytes; /* 0: no limit; a page that would take the text past
                              this is left out, with the pages after it */
} extract_options_t;

/* Default options: no glyphs, 5000 pages, 256 MiB of text. */
extract_options_t extract_default_options(void);

/* Reads `length` bytes at `data`, which came from a file called `name` (the
 * name's extension chooses text or PDF; anything that is not .txt/.md is
 * taken for a PDF and checked as one).  The bytes are not kept.  Returns a
 * new document (free with extract_document_free), or NULL when out of
 * memory.
 *
 * Text input: a UTF-8 BOM is skipped, "\r\n" and a lone "\r" become "\n",
 * each form feed starts a new page (a trailing blank page after the last
 * form feed is dropped).  Invalid UTF-8 or a NUL byte gives EXTRACT_ERROR
 * "not valid UTF-8 text (byte N)", N counted from 0 in the file.
 * PDF input: a PDF whose pages have no text at all gives EXTRACT_EMPTY (the
 * blank pages are still listed). */
extract_document_t *extract_from_memory(const char *name, const uint8_t *data, size_t length,
                                        const extract_options_t *options);

void extract_document_free(extract_document_t *document);

/* The poppler version in use, for --version. */
const char *extract_backend_version(void);

#endif
