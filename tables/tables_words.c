/*
 * tables_words.c - glyph boxes -> words.
 *
 * Walks a page's glyphs in poppler's text order and cuts a word wherever
 * poppler put white space or a line end, or where the next glyph is not
 * beside the previous one (other baseline, a gap wider than a third of the
 * font size, or a jump back).  The font size is estimated from glyph widths
 * (a CJK character is one em wide, a digit about half), because some PDF
 * makers give poppler unusable ascent/descent values and so box heights
 * far from the real glyph size.  Each word gets a kind: number, digits
 * (a code or an integer) or text.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool is_break(uint32_t codepoint)
{
    return codepoint <= 0x20 || codepoint == 0x7F || codepoint == 0xA0 || codepoint == 0x3000 ||
           codepoint == 0x2028 || codepoint == 0x2029 || codepoint == 0xFEFF;
}

static double glyph_em(const extract_glyph_t *glyph, uint32_t normalized)
{
    double width = (double)glyph->x2 - (double)glyph->x1;
    if (tables_is_cjk(normalized) && width > 1.0) {
        return width;
    }
    if (normalized >= '0' && normalized <= '9' && width > 1.0) {
        return 2.0 * width;
    }
    return 0.0;
}

typedef struct {
    tables_string_t text;
    double x1, y1, x2, y2;
    double em;
    size_t glyphs;
} word_builder_t;

static bool flush_word(word_builder_t *builder, tables_word_list_t *words)
{
    if (builder->glyphs == 0) {
        return true;
    }
    builder->glyphs = 0;
    if (words->count == words->capacity) {
        size_t capacity = words->capacity ? words->capacity * 2 : 256;
        tables_word_t *items = realloc(words->items, capacity * sizeof *items);
        if (items == NULL) {
            tables_string_free(&builder->text);
            return false;
        }
        words->items = items;
        words->capacity = capacity;
    }
    tables_word_t *word = &words->items[words->count];
    word->text = tables_string_take(&builder->text);
    if (word->text == NULL) {
        return false;
    }
    word->x1 = builder->x1;
    word->y1 = builder->y1;
    word->x2 = builder->x2;
    word->y2 = builder->y2;
    word->center_y = (builder->y1 + builder->y2) / 2.0;
    double height = builder->y2 - builder->y1;
    word->em =
        builder->em > 0.0 ? builder->em : (height > 4.0 ? (height < 40.0 ? height : 40.0) : 4.0);
    word->kind = tables_classify_word(word->text);
    word->line = 0;
    words->count++;
    return true;
}

bool tables_words_from_page(const extract_page_t *page, tables_word_list_t *words)
{
    word_builder_t builder = {0};
    double previous_center = 0.0;
    for (size_t i = 0; i < page->glyph_count; i++) {
        const extract_glyph_t *glyph = &page->glyphs[i];
        uint32_t normalized = tables_normalize_codepoint(glyph->codepoint);
        bool usable = isfinite(glyph->x1) && isfinite(glyph->x2) && isfinite(glyph->y1) &&
                      isfinite(glyph->y2) && glyph->x2 >= glyph->x1 && glyph->y2 >= glyph->y1;
        if (is_break(normalized) || !usable) {
            if (!flush_word(&builder, words)) {
                return false;
            }
            continue;
        }
        double em = glyph_em(glyph, normalized);
        double center = ((double)glyph->y1 + (double)glyph->y2) / 2.0;
        if (builder.glyphs > 0) {
            double word_em = builder.em > 0.0 ? builder.em : (em > 0.0 ? em : 8.0);
            double gap = (double)glyph->x1 - builder.x2;
            if (tables_abs(center - previous_center) > 0.6 * word_em || gap > 0.3 * word_em ||
                gap < -0.5 * word_em) {
                if (!flush_word(&builder, words)) {
                    return false;
                }
            }
        }
        if (builder.glyphs == 0) {
            builder.x1 = glyph->x1;
            builder.y1 = glyph->y1;
            builder.x2 = glyph->x2;
            builder.y2 = glyph->y2;
            builder.em = 0.0;
        } else {
            builder.x1 = tables_min(builder.x1, glyph->x1);
            builder.y1 = tables_min(builder.y1, glyph->y1);
            builder.x2 = tables_max(builder.x2, glyph->x2);
            builder.y2 = tables_max(builder.y2, glyph->y2);
        }
        if (em > builder.em) {
            builder.em = em;
        }
        previous_center = center;
        builder.glyphs++;
        if (!tables_string_append_codepoint(&builder.text, glyph->codepoint)) {
            tables_string_free(&builder.text);
            return false;
        }
    }
    return flush_word(&builder, words);
}

void tables_word_list_free(tables_word_list_t *words)
{
    for (size_t i = 0; i < words->count; i++) {
        free(words->items[i].text);
    }
    free(words->items);
    words->items = NULL;
    words->count = 0;
    words->capacity = 0;
}

tables_word_kind_t tables_classify_word(const char *text)
{
    size_t length = strlen(text);
    bool all_digits = length > 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9') {
            all_digits = false;
            break;
        }
    }
    if (all_digits) {
        return TABLES_WORD_DIGITS;
    }
    char *plain = tables_plain_number(text);
    if (plain != NULL) {
        free(plain);
        return TABLES_WORD_NUMBER;
    }
    return TABLES_WORD_TEXT;
}
