/*
 * fuzz_extract.c - libFuzzer target for extract_from_memory(): the input
 * is read as a PDF (first byte even) or as text (odd), glyphs asked for.
 * A document must come back with a status and, when readable, pages whose
 * lengths match their NUL-terminated text and whose glyphs point inside it.
 * (poppler itself is not instrumented; crashes inside it still show.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const char *name = (data[0] & 1) ? "fuzz.txt" : "fuzz.pdf";
    extract_options_t options = extract_default_options();
    options.want_glyphs = true;
    options.max_pages = 16;
    options.max_text_bytes = 1 << 20;
    extract_document_t *document = extract_from_memory(name, data + 1, size - 1, &options);
    if (!document)
        return 0;
    if (document->status == EXTRACT_ERROR && document->error[0] == '\0')
        abort();
    if (memchr(document->error, '\0', sizeof document->error) == NULL)
        abort();
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        if (!page->text || page->text[page->length] != '\0')
            abort();
        for (size_t g = 0; g < page->glyph_count; g++)
            if (page->glyphs[g].byte_offset > page->length)
                abort();
    }
    extract_document_free(document);
    return 0;
}
