/*
 * extract_document.c - the page list of an extracted document.
 *
 * Both readers (text and PDF) append pages here, so the limits of
 * extract_options_t and the ownership rules live in one place.
 */
#include "extract_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void extract_document_set_problem(extract_document_t *document, extract_status_t status,
                                  const char *format, ...)
{
    va_list arguments;
    document->status = status;
    va_start(arguments, format);
    vsnprintf(document->error, sizeof document->error, format, arguments);
    va_end(arguments);
}

static size_t document_text_bytes(const extract_document_t *document)
{
    size_t total = 0;
    for (size_t i = 0; i < document->page_count; i++) {
        total += document->pages[i].length;
    }
    return total;
}

bool extract_document_page_fits(extract_document_t *document, size_t length,
                                const extract_options_t *options)
{
    if (options->max_pages != 0 && document->page_count >= options->max_pages) {
        document->truncated = true;
        return false;
    }
    if (options->max_text_bytes != 0) {
        size_t used = document_text_bytes(document);
        if (used > options->max_text_bytes || length > options->max_text_bytes - used) {
            document->truncated = true;
            return false;
        }
    }
    return true;
}

bool extract_document_add_page(extract_document_t *document, char *text, size_t length,
                               double width, double height, extract_glyph_t *glyphs,
                               size_t glyph_count)
{
    if (document->page_count >= SIZE_MAX / sizeof(extract_page_t) - 1) {
        free(text);
        free(glyphs);
        return false;
    }
    extract_page_t *pages =
        realloc(document->pages, (document->page_count + 1) * sizeof(extract_page_t));
    if (pages == NULL) {
        free(text);
        free(glyphs);
        return false;
    }
    document->pages = pages;
    extract_page_t *page = &pages[document->page_count++];
    page->text = text;
    page->length = length;
    page->width = width;
    page->height = height;
    page->glyphs = glyphs;
    page->glyph_count = glyphs == NULL ? 0 : glyph_count;
    return true;
}

static bool is_white_space(char byte)
{
    return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' ||
           byte == '\v';
}

bool extract_document_has_visible_text(const extract_document_t *document)
{
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        for (size_t j = 0; j < page->length; j++) {
            if (!is_white_space(page->text[j])) {
                return true;
            }
        }
    }
    return false;
}
