/*
 * extract_internal.h - helpers shared by the files of the extract stage.
 *
 * extract.c dispatches an input to the text reader (extract_text.c) or the
 * PDF reader (extract_pdf.c); both fill an extract_document_t through the
 * page-list helpers of extract_document.c.  extract_sniff.c says what a file
 * that is not a PDF looks like.  Nothing here is part of the public API.
 */
#ifndef CNFISCAL_EXTRACT_INTERNAL_H
#define CNFISCAL_EXTRACT_INTERNAL_H

#include "extract.h"

/* Result of the internal readers: a document problem is recorded in the
 * document itself (status + error) and is not a failure of the call. */
typedef enum { EXTRACT_READ_DONE = 0, EXTRACT_READ_OUT_OF_MEMORY = -1 } extract_read_result_t;

/* Records a status and a reason (printf-style) in the document. */
void extract_document_set_problem(extract_document_t *document, extract_status_t status,
                                  const char *format, ...) __attribute__((format(printf, 3, 4)));

/* Whether one more page of `length` bytes fits the page and text limits of
 * `options` given what the document already holds.  When it does not, the
 * document is marked truncated. */
bool extract_document_page_fits(extract_document_t *document, size_t length,
                                const extract_options_t *options);

/* Appends a page.  Takes ownership of `text` (malloc'd, NUL-terminated,
 * `length` bytes) and of `glyphs` (malloc'd or NULL) even on failure.
 * Returns false when out of memory. */
bool extract_document_add_page(extract_document_t *document, char *text, size_t length,
                               double width, double height, extract_glyph_t *glyphs,
                               size_t glyph_count);

/* Whether any page has a character other than white space. */
bool extract_document_has_visible_text(const extract_document_t *document);

/* Fills the document from UTF-8 text (form feeds split pages). */
extract_read_result_t extract_read_text(extract_document_t *document, const uint8_t *data,
                                        size_t length, const extract_options_t *options);

/* Fills the document from PDF bytes, with poppler-glib. */
extract_read_result_t extract_read_pdf(extract_document_t *document, const uint8_t *data,
                                       size_t length, const extract_options_t *options);

/* Whether a "%PDF-" header starts within the first 1024 bytes. */
bool extract_looks_like_pdf(const uint8_t *data, size_t length);

/* Writes into `out` (always NUL-terminated) a plain description of what
 * bytes that are not a PDF seem to be, e.g.
 * `the file starts with "<!DOCTYPE html>": it looks like an HTML page`. */
void extract_describe_non_pdf(const uint8_t *data, size_t length, char *out, size_t out_size);

#endif
