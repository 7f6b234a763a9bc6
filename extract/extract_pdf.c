/*
 * extract_pdf.c - reads a PDF's pages with poppler-glib.
 *
 * Each page gives its text (poppler_page_get_text) and, when asked for, one
 * box per character of that text (poppler_page_get_text_layout, which also
 * boxes the spaces and newlines it makes up).  Poppler's output is checked
 * before it is trusted: the text must be valid UTF-8, the box count must
 * agree with the character count, and boxes are kept inside the page.
 *
 * Nothing is printed: poppler-glib 22 reports the syntax errors of damaged
 * files through g_log (domain "Poppler") at INFO level, which GLib's
 * default handler shows only when G_MESSAGES_DEBUG asks for it, so no log
 * handler (process-wide state) is installed here.
 */
#include "extract_internal.h"

#include <glib.h>
#include <math.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

static float clamp_coordinate(double value, double limit)
{
    if (!isfinite(value) || value < 0) {
        return 0.0f;
    }
    if (value > limit) {
        return (float)limit;
    }
    return (float)value;
}

/* Builds the glyph list of a page whose text is `text` (valid UTF-8).
 * Returns false when out of memory; *glyphs stays NULL when poppler gives no
 * usable layout (the counts disagree), which the caller treats as "no
 * glyphs for this page". */
static bool read_page_glyphs(PopplerPage *page, const char *text, size_t length, double width,
                             double height, extract_glyph_t **glyphs, size_t *glyph_count)
{
    *glyphs = NULL;
    *glyph_count = 0;
    if (length > UINT32_MAX) {
        return true; /* byte offsets would not fit extract_glyph_t */
    }
    PopplerRectangle *rectangles = NULL;
    guint rectangle_count = 0;
    if (!poppler_page_get_text_layout(page, &rectangles, &rectangle_count) || rectangles == NULL) {
        g_free(rectangles);
        return true;
    }
    size_t character_count = (size_t)g_utf8_strlen(text, (gssize)length);
    if (character_count != rectangle_count || character_count == 0 ||
        character_count > SIZE_MAX / sizeof(extract_glyph_t)) {
        g_free(rectangles);
        return true;
    }
    extract_glyph_t *list = malloc(character_count * sizeof(extract_glyph_t));
    if (list == NULL) {
        g_free(rectangles);
        return false;
    }
    const char *position = text;
    const char *end = text + length;
    size_t count = 0;
    while (position < end && count < character_count) {
        const PopplerRectangle *box = &rectangles[count];
        extract_glyph_t *glyph = &list[count];
        glyph->codepoint = g_utf8_get_char(position);
        glyph->byte_offset = (uint32_t)(position - text);
        double x1 = box->x1 < box->x2 ? box->x1 : box->x2;
        double x2 = box->x1 < box->x2 ? box->x2 : box->x1;
        double y1 = box->y1 < box->y2 ? box->y1 : box->y2;
        double y2 = box->y1 < box->y2 ? box->y2 : box->y1;
        glyph->x1 = clamp_coordinate(x1, width);
        glyph->x2 = clamp_coordinate(x2, width);
        glyph->y1 = clamp_coordinate(y1, height);
        glyph->y2 = clamp_coordinate(y2, height);
        count++;
        position = g_utf8_next_char(position);
    }
    g_free(rectangles);
    *glyphs = list;
    *glyph_count = count;
    return true;
}

/* Copies poppler's page text into malloc'd memory, repairing invalid UTF-8
 * (which poppler should never produce, but this is untrusted input). */
static char *copy_page_text(const char *poppler_text, size_t *length)
{
    const char *source = poppler_text == NULL ? "" : poppler_text;
    gchar *repaired = NULL;
    if (!g_utf8_validate(source, -1, NULL)) {
        repaired = g_utf8_make_valid(source, -1);
        source = repaired;
    }
    size_t source_length = strlen(source);
    char *text = malloc(source_length + 1);
    if (text != NULL) {
        memcpy(text, source, source_length + 1);
        *length = source_length;
    }
    g_free(repaired);
    return text;
}

static void record_open_error(extract_document_t *document, const GError *error)
{
    if (error != NULL && error->domain == POPPLER_ERROR && error->code == POPPLER_ERROR_ENCRYPTED) {
        extract_document_set_problem(document, EXTRACT_ERROR,
                                     "encrypted: a password is needed to open it");
        return;
    }
    extract_document_set_problem(
        document, EXTRACT_ERROR, "damaged or truncated PDF: %s",
        error != NULL && error->message != NULL ? error->message : "poppler cannot open it");
}

extract_read_result_t extract_read_pdf(extract_document_t *document, const uint8_t *data,
                                       size_t length, const extract_options_t *options)
{
    if (length > (size_t)G_MAXSSIZE) {
        extract_document_set_problem(document, EXTRACT_ERROR, "the file is too large");
        return EXTRACT_READ_DONE;
    }
    /* The bytes outlive the poppler document, so no copy is needed. */
    GBytes *bytes = g_bytes_new_static(data, length);
    GError *error = NULL;
    PopplerDocument *pdf = poppler_document_new_from_bytes(bytes, NULL, &error);
    g_bytes_unref(bytes);
    if (pdf == NULL) {
        record_open_error(document, error);
        g_clear_error(&error);
        return EXTRACT_READ_DONE;
    }

    int page_total = poppler_document_get_n_pages(pdf);
    document->source_page_count = page_total > 0 ? (size_t)page_total : 0;
    extract_read_result_t result = EXTRACT_READ_DONE;
    for (int index = 0; index < page_total; index++) {
        if (options->max_pages != 0 && document->page_count >= options->max_pages) {
            document->truncated = true;
            break;
        }
        PopplerPage *page = poppler_document_get_page(pdf, index);
        size_t length_of_text = 0;
        double width = 0;
        double height = 0;
        char *text = NULL;
        if (page != NULL) {
            gchar *poppler_text = poppler_page_get_text(page);
            text = copy_page_text(poppler_text, &length_of_text);
            g_free(poppler_text);
            poppler_page_get_size(page, &width, &height);
            if (!isfinite(width) || width < 0) {
                width = 0;
            }
            if (!isfinite(height) || height < 0) {
                height = 0;
            }
        } else {
            text = copy_page_text(NULL, &length_of_text);
        }
        if (text == NULL) {
            if (page != NULL) {
                g_object_unref(page);
            }
            result = EXTRACT_READ_OUT_OF_MEMORY;
            break;
        }
        if (!extract_document_page_fits(document, length_of_text, options)) {
            free(text);
            if (page != NULL) {
                g_object_unref(page);
            }
            break;
        }
        extract_glyph_t *glyphs = NULL;
        size_t glyph_count = 0;
        if (options->want_glyphs && page != NULL &&
            !read_page_glyphs(page, text, length_of_text, width, height, &glyphs, &glyph_count)) {
            free(text);
            g_object_unref(page);
            result = EXTRACT_READ_OUT_OF_MEMORY;
            break;
        }
        if (page != NULL) {
            g_object_unref(page);
        }
        if (!extract_document_add_page(document, text, length_of_text, width, height, glyphs,
                                       glyph_count)) {
            result = EXTRACT_READ_OUT_OF_MEMORY;
            break;
        }
    }
    g_object_unref(pdf);
    if (result != EXTRACT_READ_DONE) {
        return result;
    }

    if (document->page_count == 0 && document->truncated) {
        extract_document_set_problem(document, EXTRACT_ERROR,
                                     "the first page is larger than the text limit (%zu bytes)",
                                     options->max_text_bytes);
    } else if (page_total <= 0) {
        extract_document_set_problem(document, EXTRACT_ERROR,
                                     "damaged or truncated PDF: it has no pages");
    } else if (!extract_document_has_visible_text(document)) {
        extract_document_set_problem(document, EXTRACT_EMPTY, "no text layer (image-only pages?)");
    } else {
        document->status = EXTRACT_OK;
    }
    return EXTRACT_READ_DONE;
}
