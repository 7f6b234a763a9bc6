/*
 * tables_lines.c - words -> lines.
 *
 * Words are sorted by the vertical center of their box and swept top to
 * bottom; a word joins the current line when its center is within a third
 * of the font size of the line's mean center.  Inside a line the words are
 * ordered left to right.  O(n log n) in the number of words.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double key;
    size_t index;
} keyed_index_t;

static int compare_keyed(const void *a, const void *b)
{
    const keyed_index_t *left = a, *right = b;
    if (left->key < right->key) {
        return -1;
    }
    if (left->key > right->key) {
        return 1;
    }
    return left->index < right->index ? -1 : left->index > right->index;
}

static bool finish_line(tables_word_list_t *words, keyed_index_t *members, size_t count,
                        tables_line_list_t *lines)
{
    tables_line_t *line = &lines->items[lines->count];
    memset(line, 0, sizeof *line);
    line->word_indices = malloc(count * sizeof(size_t));
    if (line->word_indices == NULL) {
        return false;
    }
    for (size_t i = 0; i < count; i++) {
        members[i].key = words->items[members[i].index].x1;
    }
    qsort(members, count, sizeof *members, compare_keyed);
    tables_string_t text = {0};
    double center_sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        tables_word_t *word = &words->items[members[i].index];
        line->word_indices[i] = members[i].index;
        word->line = lines->count;
        if (i == 0) {
            line->x1 = word->x1;
            line->x2 = word->x2;
            line->top = word->y1;
            line->bottom = word->y2;
            line->em = word->em;
        } else {
            line->x1 = tables_min(line->x1, word->x1);
            line->x2 = tables_max(line->x2, word->x2);
            line->top = tables_min(line->top, word->y1);
            line->bottom = tables_max(line->bottom, word->y2);
            line->em = tables_max(line->em, word->em);
        }
        center_sum += word->center_y;
        if (!tables_string_append(&text, word->text, strlen(word->text))) {
            tables_string_free(&text);
            free(line->word_indices);
            return false;
        }
    }
    line->count = count;
    line->center_y = center_sum / (double)count;
    line->text = tables_string_take(&text);
    if (line->text == NULL) {
        free(line->word_indices);
        return false;
    }
    lines->count++;
    return true;
}

bool tables_lines_from_words(tables_word_list_t *words, tables_line_list_t *lines)
{
    lines->items = NULL;
    lines->count = 0;
    if (words->count == 0) {
        return true;
    }
    keyed_index_t *order = malloc(words->count * sizeof *order);
    lines->items = malloc(words->count * sizeof *lines->items);
    if (order == NULL || lines->items == NULL) {
        free(order);
        free(lines->items);
        lines->items = NULL;
        return false;
    }
    for (size_t i = 0; i < words->count; i++) {
        order[i].key = words->items[i].center_y;
        order[i].index = i;
    }
    qsort(order, words->count, sizeof *order, compare_keyed);
    size_t start = 0;
    double center_sum = order[0].key;
    double line_em = words->items[order[0].index].em;
    for (size_t i = 1; i <= words->count; i++) {
        bool join = false;
        if (i < words->count) {
            const tables_word_t *word = &words->items[order[i].index];
            double mean = center_sum / (double)(i - start);
            double tolerance = 0.35 * tables_min(word->em, line_em);
            join = tables_abs(word->center_y - mean) <= tolerance;
        }
        if (join) {
            center_sum += order[i].key;
            line_em = tables_max(line_em, words->items[order[i].index].em);
            continue;
        }
        if (!finish_line(words, order + start, i - start, lines)) {
            free(order);
            tables_line_list_free(lines);
            return false;
        }
        if (i < words->count) {
            start = i;
            center_sum = order[i].key;
            line_em = words->items[order[i].index].em;
        }
    }
    free(order);
    return true;
}

void tables_line_list_free(tables_line_list_t *lines)
{
    for (size_t i = 0; i < lines->count; i++) {
        free(lines->items[i].word_indices);
        free(lines->items[i].text);
    }
    free(lines->items);
    lines->items = NULL;
    lines->count = 0;
}

/* How many words of a line are of the given kind. */
size_t tables_line_count_kind(const tables_word_list_t *words, const tables_line_t *line,
                              tables_word_kind_t kind)
{
    size_t found = 0;
    for (size_t i = 0; i < line->count; i++) {
        if (words->items[line->word_indices[i]].kind == kind) {
            found++;
        }
    }
    return found;
}

/* Whether a line holds a number or a code (3 digits or more): table body. */
bool tables_line_has_body_word(const tables_word_list_t *words, const tables_line_t *line)
{
    for (size_t i = 0; i < line->count; i++) {
        const tables_word_t *word = &words->items[line->word_indices[i]];
        if (word->kind == TABLES_WORD_NUMBER ||
            (word->kind == TABLES_WORD_DIGITS && strlen(word->text) >= 3)) {
            return true;
        }
    }
    return false;
}
