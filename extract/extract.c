/*
 * extract.c - public entry points of the extract stage.
 *
 * Chooses the reader from the file name (.txt/.md: text, anything else: a
 * PDF, checked as one), owns the document's lifetime and reports the
 * poppler version.
 */
#include "extract_internal.h"

#include <glib.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>

extract_options_t extract_default_options(void)
{
    extract_options_t options = {
        .want_glyphs = false,
        .max_pages = 5000,
        .max_text_bytes = (size_t)256 * 1024 * 1024,
    };
    return options;
}

/* Whether `name` ends with `extension` (given with its dot, lower case),
 * ignoring ASCII case. */
static bool name_has_extension(const char *name, const char *extension)
{
    size_t name_length = strlen(name);
    size_t extension_length = strlen(extension);
    if (name_length < extension_length) {
        return false;
    }
    return g_ascii_strcasecmp(name + name_length - extension_length, extension) == 0;
}

extract_document_t *extract_from_memory(const char *name, const uint8_t *data, size_t length,
                                        const extract_options_t *options)
{
    extract_document_t *document = calloc(1, sizeof *document);
    if (document == NULL) {
        return NULL;
    }
    extract_options_t defaults = extract_default_options();
    if (options == NULL) {
        options = &defaults;
    }
    static const uint8_t nothing[1] = {0};
    if (data == NULL) {
        data = nothing;
        length = 0;
    }
    if (name == NULL) {
        name = "";
    }

    extract_read_result_t result;
    if (name_has_extension(name, ".txt")) {
        document->format = EXTRACT_FORMAT_TEXT;
        result = extract_read_text(document, data, length, options);
    } else if (name_has_extension(name, ".md")) {
        document->format = EXTRACT_FORMAT_MARKDOWN;
        result = extract_read_text(document, data, length, options);
    } else {
        document->format = EXTRACT_FORMAT_PDF;
        if (extract_looks_like_pdf(data, length)) {
            result = extract_read_pdf(document, data, length, options);
        } else {
            char description[200];
            extract_describe_non_pdf(data, length, description, sizeof description);
            extract_document_set_problem(document, EXTRACT_ERROR, "not a PDF (%s)", description);
            result = EXTRACT_READ_DONE;
        }
    }
    if (result != EXTRACT_READ_DONE) {
        extract_document_free(document);
        return NULL;
    }
    return document;
}

void extract_document_free(extract_document_t *document)
{
    if (document == NULL) {
        return;
    }
    for (size_t i = 0; i < document->page_count; i++) {
        free(document->pages[i].text);
        free(document->pages[i].glyphs);
    }
    free(document->pages);
    free(document);
}

const char *extract_backend_version(void)
{
    return poppler_get_version();
}
