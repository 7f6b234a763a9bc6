/*
 * extract_text.c - reads a .txt/.md input as pages of UTF-8 text.
 *
 * The bytes must be valid UTF-8 without NUL bytes.  A leading BOM is
 * skipped, line ends become "\n", and form feeds split pages, as in the
 * output of pdftotext.
 */
#include "extract_internal.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t utf8_byte_order_mark[3] = {0xEF, 0xBB, 0xBF};

static bool is_blank(const char *text, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        char byte = text[i];
        if (byte != ' ' && byte != '\t' && byte != '\n' && byte != '\v') {
            return false;
        }
    }
    return true;
}

/* Copies bytes [start, end) of `data` into a new NUL-terminated string with
 * "\r\n" and lone "\r" turned into "\n".  Sets *copy_length. */
static char *copy_page_text(const uint8_t *data, size_t start, size_t end, size_t *copy_length)
{
    char *text = malloc(end - start + 1);
    if (text == NULL) {
        return NULL;
    }
    size_t written = 0;
    for (size_t i = start; i < end; i++) {
        if (data[i] == '\r') {
            if (i + 1 < end && data[i + 1] == '\n') {
                continue;
            }
            text[written++] = '\n';
        } else {
            text[written++] = (char)data[i];
        }
    }
    text[written] = '\0';
    *copy_length = written;
    return text;
}

extract_read_result_t extract_read_text(extract_document_t *document, const uint8_t *data,
                                        size_t length, const extract_options_t *options)
{
    if (length > (size_t)G_MAXSSIZE) {
        extract_document_set_problem(document, EXTRACT_ERROR, "the file is too large");
        return EXTRACT_READ_DONE;
    }
    size_t start = 0;
    if (length >= sizeof utf8_byte_order_mark &&
        memcmp(data, utf8_byte_order_mark, sizeof utf8_byte_order_mark) == 0) {
        start = sizeof utf8_byte_order_mark;
    }

    /* g_utf8_validate_len stops at the first invalid sequence or NUL byte. */
    const gchar *invalid = NULL;
    if (!g_utf8_validate_len((const gchar *)data + start, (gssize)(length - start), &invalid)) {
        size_t offset = (size_t)((const uint8_t *)invalid - data);
        extract_document_set_problem(document, EXTRACT_ERROR, "not valid UTF-8 text (byte %zu)",
                                     offset);
        return EXTRACT_READ_DONE;
    }

    /* Count the pages first so that source_page_count is known. */
    size_t page_total = 1;
    for (size_t i = start; i < length; i++) {
        if (data[i] == '\f') {
            page_total++;
        }
    }
    size_t last_form_feed = length;
    for (size_t i = length; i > start; i--) {
        if (data[i - 1] == '\f') {
            last_form_feed = i - 1;
            break;
        }
    }
    if (last_form_feed < length &&
        is_blank((const char *)data + last_form_feed + 1, length - last_form_feed - 1)) {
        page_total--; /* "...\f" at the end does not start a page */
        length = last_form_feed;
    }
    document->source_page_count = page_total;

    size_t page_start = start;
    while (page_start <= length) {
        size_t page_end = page_start;
        while (page_end < length && data[page_end] != '\f') {
            page_end++;
        }
        size_t text_length = 0;
        char *text = copy_page_text(data, page_start, page_end, &text_length);
        if (text == NULL) {
            return EXTRACT_READ_OUT_OF_MEMORY;
        }
        if (!extract_document_page_fits(document, text_length, options)) {
            free(text);
            break;
        }
        if (!extract_document_add_page(document, text, text_length, 0, 0, NULL, 0)) {
            return EXTRACT_READ_OUT_OF_MEMORY;
        }
        page_start = page_end + 1;
    }

    if (document->page_count == 0 && document->truncated) {
        extract_document_set_problem(document, EXTRACT_ERROR,
                                     "the first page is larger than the text limit (%zu bytes)",
                                     options->max_text_bytes);
        return EXTRACT_READ_DONE;
    }
    if (!extract_document_has_visible_text(document)) {
        extract_document_set_problem(document, EXTRACT_EMPTY, "the text file has no text");
        return EXTRACT_READ_DONE;
    }
    document->status = EXTRACT_OK;
    return EXTRACT_READ_DONE;
}
