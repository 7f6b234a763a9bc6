/*
 * tables_header.c - multi-line header cells -> header paths.
 *
 * The header words (text between the unit line and the first body row) are
 * cut into fragments: words of one line closer than about an em.  A fragment
 * covers a value column when the column's center lies under it or when the
 * fragment's center lies in the column's slot.  For each value column, the
 * fragments covering it are read top to bottom; consecutive fragments that
 * cover the same columns are one wrapped cell (本年收入合 + 计), different
 * coverage is a new level, so a column's path reads 本年支出/基本支出.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double x1, x2, center_y, em;
    size_t line;
    char *text;
    size_t first, last; /* value columns covered; first == SIZE_MAX: none */
} fragment_t;

static int compare_fragments(const void *a, const void *b)
{
    const fragment_t *left = a, *right = b;
    if (left->center_y < right->center_y) {
        return -1;
    }
    if (left->center_y > right->center_y) {
        return 1;
    }
    return left->x1 < right->x1 ? -1 : left->x1 > right->x1;
}

static int compare_by_line_then_x(const void *a, const void *b, const tables_word_list_t *words)
{
    const tables_word_t *left = &words->items[*(const size_t *)a];
    const tables_word_t *right = &words->items[*(const size_t *)b];
    if (left->line != right->line) {
        return left->line < right->line ? -1 : 1;
    }
    return left->x1 < right->x1 ? -1 : left->x1 > right->x1;
}

/* qsort has no context argument: sort a small array by insertion. */
static void sort_words(size_t *order, size_t count, const tables_word_list_t *words)
{
    for (size_t i = 1; i < count; i++) {
        size_t value = order[i];
        size_t j = i;
        while (j > 0 && compare_by_line_then_x(&order[j - 1], &value, words) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = value;
    }
}

static void free_fragments(fragment_t *fragments, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(fragments[i].text);
    }
    free(fragments);
}

/* Whether value column c sits under `upper`: some fragment below it
 * (by more than half an em) covers c by itself, and none at its level or
 * above does (that would make c a sibling of `upper`, not a child). */
static bool column_under(const fragment_t *fragments, size_t count, const fragment_t *upper,
                         size_t c)
{
    bool below = false;
    for (size_t f = 0; f < count; f++) {
        const fragment_t *fragment = &fragments[f];
        if (fragment == upper || fragment->first == SIZE_MAX || c < fragment->first ||
            c > fragment->last) {
            continue;
        }
        if (fragment->center_y > upper->center_y + 0.5 * upper->em) {
            below = true;
        } else {
            return false;
        }
    }
    return below;
}

/* A spanning header (支出预算 over 合计 | 基本支出 | 项目支出) is printed
 * once, centred over its merged cell, so by position it covers one column
 * at most.  It is widened to the value columns between the middles of the
 * gaps to its neighbours on the same line, when it is not the top of a
 * wrapped cell, does not stand over a label column, and every column it
 * takes has a header of its own further down. */
static void widen_spanning_headers(fragment_t *fragments, size_t count,
                                   const tables_column_list_t *columns)
{
    size_t *first = malloc((count + 1) * sizeof *first);
    size_t *last = malloc((count + 1) * sizeof *last);
    if (first == NULL || last == NULL) {
        free(first);
        free(last);
        return; /* headers stay narrow: not an error */
    }
    for (size_t p = 0; p < count; p++) {
        const fragment_t *upper = &fragments[p];
        first[p] = upper->first;
        last[p] = upper->last;
        double center = (upper->x1 + upper->x2) / 2.0;
        if (upper->first != SIZE_MAX && upper->first != upper->last) {
            continue;
        }
        if (tables_column_at(columns, upper->x1, upper->x2, TABLES_COLUMN_LABEL) != SIZE_MAX ||
            tables_column_at(columns, upper->x1, upper->x2, TABLES_COLUMN_CODE) != SIZE_MAX) {
            continue;
        }
        bool wrapped_top = false;
        double left = -INFINITY, right = INFINITY;
        for (size_t f = 0; f < count; f++) {
            const fragment_t *other = &fragments[f];
            double other_center = (other->x1 + other->x2) / 2.0;
            if (f == p) {
                continue;
            }
            if (other->line == upper->line) {
                if (other_center < center) {
                    left = tables_max(left, (other->x2 + upper->x1) / 2.0);
                } else {
                    right = tables_min(right, (upper->x2 + other->x1) / 2.0);
                }
            } else if (other->center_y > upper->center_y &&
                       other->center_y - upper->center_y <= 1.7 * upper->em &&
                       other_center >= upper->x1 && other_center <= upper->x2) {
                wrapped_top = true;
            }
        }
        if (wrapped_top) {
            continue;
        }
        size_t range_first = SIZE_MAX, range_last = 0, taken = 0;
        for (size_t c = 0; c < columns->count; c++) {
            const tables_column_t *column = &columns->items[c];
            double column_center = (column->x1 + column->x2) / 2.0;
            if (column->kind != TABLES_COLUMN_VALUE || column_center < left ||
                column_center > right || !column_under(fragments, count, upper, c)) {
                continue;
            }
            if (range_first == SIZE_MAX) {
                range_first = c;
            }
            range_last = c;
            taken++;
        }
        if (taken >= 2) {
            first[p] = range_first;
            last[p] = range_last;
        }
    }
    for (size_t p = 0; p < count; p++) {
        fragments[p].first = first[p];
        fragments[p].last = last[p];
    }
    free(first);
    free(last);
}

bool tables_header_paths(const tables_word_list_t *words, const size_t *indices, size_t count,
                         tables_column_list_t *columns)
{
    if (count == 0 || columns->count == 0) {
        return true;
    }
    /* Header bands are small; bound the work all the same. */
    if (count > 2000) {
        count = 2000;
    }
    size_t *order = malloc(count * sizeof *order);
    fragment_t *fragments = calloc(count, sizeof *fragments);
    if (order == NULL || fragments == NULL) {
        free(order);
        free(fragments);
        return false;
    }
    memcpy(order, indices, count * sizeof *order);
    sort_words(order, count, words);
    size_t fragment_count = 0;
    tables_string_t text = {0};
    for (size_t i = 0; i < count; i++) {
        const tables_word_t *word = &words->items[order[i]];
        fragment_t *current = fragment_count > 0 ? &fragments[fragment_count - 1] : NULL;
        bool join = current != NULL && words->items[order[i - 1]].line == word->line &&
                    word->x1 - current->x2 < 0.3 * tables_max(word->em, current->em);
        if (!join) {
            if (current != NULL) {
                current->text = tables_string_take(&text);
                if (current->text == NULL) {
                    goto out_of_memory;
                }
            }
            current = &fragments[fragment_count++];
            current->x1 = word->x1;
            current->x2 = word->x2;
            current->center_y = word->center_y;
            current->em = word->em;
            current->line = word->line;
        } else {
            current->x2 = tables_max(current->x2, word->x2);
            current->em = tables_max(current->em, word->em);
        }
        if (!tables_string_append_compact(&text, word->text)) {
            goto out_of_memory;
        }
    }
    fragments[fragment_count - 1].text = tables_string_take(&text);
    if (fragments[fragment_count - 1].text == NULL) {
        goto out_of_memory;
    }
    free(order);
    order = NULL;

    for (size_t f = 0; f < fragment_count; f++) {
        fragment_t *fragment = &fragments[f];
        double center = (fragment->x1 + fragment->x2) / 2.0;
        fragment->first = SIZE_MAX;
        fragment->last = 0;
        for (size_t c = 0; c < columns->count; c++) {
            const tables_column_t *column = &columns->items[c];
            if (column->kind != TABLES_COLUMN_VALUE) {
                continue;
            }
            double column_center = (column->x1 + column->x2) / 2.0;
            double reach = 0.5 * fragment->em;
            bool covers = (column_center >= fragment->x1 && column_center <= fragment->x2) ||
                          (center >= column->slot1 && center <= column->slot2 &&
                           fragment->x1 < column->x2 + reach && fragment->x2 > column->x1 - reach);
            if (covers) {
                if (fragment->first == SIZE_MAX) {
                    fragment->first = c;
                }
                fragment->last = c;
            }
        }
    }
    qsort(fragments, fragment_count, sizeof *fragments, compare_fragments);
    widen_spanning_headers(fragments, fragment_count, columns);

    for (size_t c = 0; c < columns->count; c++) {
        tables_column_t *column = &columns->items[c];
        if (column->kind != TABLES_COLUMN_VALUE) {
            continue;
        }
        tables_string_t path = {0};
        const fragment_t *previous = NULL;
        for (size_t f = 0; f < fragment_count; f++) {
            const fragment_t *fragment = &fragments[f];
            if (fragment->first == SIZE_MAX || c < fragment->first || c > fragment->last ||
                fragment->text[0] == '\0') {
                continue;
            }
            bool wrapped = previous != NULL && previous->first == fragment->first &&
                           previous->last == fragment->last &&
                           fragment->center_y - previous->center_y <= 1.7 * fragment->em;
            if (previous != NULL && !wrapped && !tables_string_append(&path, "/", 1)) {
                tables_string_free(&path);
                goto out_of_memory;
            }
            if (!tables_string_append(&path, fragment->text, strlen(fragment->text))) {
                tables_string_free(&path);
                goto out_of_memory;
            }
            previous = fragment;
        }
        free(column->header);
        column->header = tables_string_take(&path);
        if (column->header == NULL) {
            goto out_of_memory;
        }
    }
    free_fragments(fragments, fragment_count);
    return true;

out_of_memory:
    tables_string_free(&text);
    free(order);
    free_fragments(fragments, fragment_count);
    return false;
}
