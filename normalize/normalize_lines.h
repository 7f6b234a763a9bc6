/*
 * normalize_lines.h - the cleaned lines of a document, between cleaning and
 * paragraph assembly.
 *
 * normalize.c folds and cleans every raw line of every page into one byte
 * arena and describes each non-blank line with a normalize_line_t.
 * page_furniture.c then marks page numbers and running headers as dropped,
 * and normalize.c joins what is left into paragraphs.
 */
#ifndef CNFISCAL_NORMALIZE_LINES_H
#define CNFISCAL_NORMALIZE_LINES_H

#include <stdbool.h>
#include <stddef.h>

#include "line_kind.h"

typedef struct {
    size_t offset; /* cleaned text: arena[offset .. offset+length) */
    size_t length;
    size_t page;               /* 0-based page */
    unsigned int blank_before; /* blank raw lines just before it on its page */
    unsigned int raw_width;    /* display columns of the raw line as laid out
                                  (full-width forms count 2), for wrap detection */
    bool row;                  /* tab-led cells joined by '\t': one table row */
    bool markdown_heading;     /* started with "# " */
    bool full;                 /* as wide as the page's wrapped lines */
    bool on_wrapped_page;      /* its page has a clear wrap width */
    bool dropped;              /* page furniture */
    bool counts_known;         /* counts were kept while cleaning (line_clean.h) */
    line_counts_t counts;      /* for classification, when known */
    line_kind_t kind;
} normalize_line_t;

typedef struct {
    const char *arena;
    normalize_line_t *lines;
    size_t line_count;
    const size_t *page_first_line; /* page_count + 1 entries: lines of page p are
                                      [page_first_line[p], page_first_line[p+1]) */
    size_t page_count;
} normalize_document_lines_t;

#endif
