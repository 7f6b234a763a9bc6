/*
 * fuzz_normalize.c - libFuzzer target for normalize_pages(): the input is
 * split into pages at form feeds (as text input is) and normalized; the
 * result must keep normalize.h's promises (NUL-terminated text of the
 * stated length, page starts non-decreasing and inside the text, headings
 * inside the text, valid UTF-8 whatever the input) and the page and
 * heading look-ups must stay in range.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

enum { MAX_PAGES = 64 };

/* Strict UTF-8: no overlong form, surrogate or code point past U+10FFFF.
 * Written here, not taken from normalize/utf8.h: the check must not share
 * the code it checks. */
static bool valid_utf8(const unsigned char *bytes, size_t length)
{
    for (size_t i = 0; i < length;) {
        unsigned char c = bytes[i];
        size_t extra = c < 0x80                 ? 0
                       : c >= 0xC2 && c <= 0xDF ? 1
                       : c >= 0xE0 && c <= 0xEF ? 2
                       : c >= 0xF0 && c <= 0xF4 ? 3
                                                : 4;
        if (extra == 4 || extra > length - i - 1) /* not a lead byte, or cut short */
            return false;
        uint32_t code_point = c & (0x7Fu >> extra);
        for (size_t k = 1; k <= extra; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
            code_point = code_point << 6 | (bytes[i + k] & 0x3Fu);
        }
        if ((extra == 1 && code_point < 0x80) || (extra == 2 && code_point < 0x800) ||
            (extra == 3 && (code_point < 0x10000 || code_point > 0x10FFFF)) ||
            (code_point >= 0xD800 && code_point <= 0xDFFF))
            return false;
        i += extra + 1;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *pages[MAX_PAGES];
    size_t lengths[MAX_PAGES];
    size_t count = 0, start = 0;
    for (size_t i = 0; i <= size && count < MAX_PAGES; i++) {
        if (i == size || data[i] == '\f') {
            pages[count] = (const char *)data + start;
            lengths[count] = i - start;
            count++;
            start = i + 1;
        }
    }
    char *error = NULL;
    normalized_text_t *text = normalize_pages(pages, lengths, count, &error);
    if (!text) {
        free(error);
        return 0;
    }
    if (text->text[text->length] != '\0' || strlen(text->text) > text->length)
        abort();
    if (!valid_utf8((const unsigned char *)text->text, text->length))
        abort(); /* the matcher relies on it (pattern_matcher_run_normalized) */
    if (text->page_count != count)
        abort();
    for (size_t i = 0; i < text->page_count; i++) {
        if (text->page_starts[i] > text->length)
            abort();
        if (i > 0 && text->page_starts[i] < text->page_starts[i - 1])
            abort();
    }
    for (size_t i = 0; i < text->heading_count; i++)
        if (text->headings[i].offset + text->headings[i].length > text->length)
            abort();
    size_t step = text->length / 64 + 1;
    for (size_t offset = 0; offset <= text->length + 1; offset += step) {
        size_t page = normalized_page_at(text, offset);
        if (page < 1 || (text->page_count > 0 && page > text->page_count))
            abort();
        const normalize_heading_t *heading = normalized_heading_before(text, offset);
        if (heading && heading->offset > offset)
            abort();
    }
    normalized_text_free(text);
    return 0;
}
