/*
 * tables_columns.c - column boundaries of a table body.
 *
 * Columns are found from the x-extents of the body words, by kind:
 *   - value columns: the union of overlapping extents of numbers (numbers
 *     of one column are right-aligned, so they overlap; neighbouring
 *     columns leave a gutter);
 *   - code columns: runs of digits-only words (201 | 06 | 01, or 2010301;
 *     some makers drop a leading zero: 2) that stand left of a label or of
 *     another code column; digits in a value column are values;
 *   - label columns: the union of the extents of the remaining text;
 *   - line-number columns (行次 1, 2, 3 ...), which hold neither.
 * Sorted left to right, a block of code/label columns and the value columns
 * after it form one "side"; a two-sided table (收入 | 支出) has two.  Each
 * column owns the x range up to the middle of the gutters around it (its
 * slot), which is how words of a continued page are placed.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double x1, x2;
    tables_column_kind_t kind;
    size_t words;
    size_t shortest; /* fewest characters of a word in it */
    bool all_short_digits;
} interval_t;

typedef struct {
    interval_t *items;
    size_t count;
} interval_list_t;

static int compare_intervals(const void *a, const void *b)
{
    const interval_t *left = a, *right = b;
    if (left->x1 < right->x1) {
        return -1;
    }
    return left->x1 > right->x1;
}

/* Merges overlapping intervals of one kind in place (sorted by x1). */
static void merge_intervals(interval_list_t *list, double slack)
{
    if (list->count == 0) {
        return;
    }
    qsort(list->items, list->count, sizeof *list->items, compare_intervals);
    size_t out = 0;
    for (size_t i = 1; i < list->count; i++) {
        interval_t *current = &list->items[out];
        interval_t *next = &list->items[i];
        if (next->x1 < current->x2 - slack) {
            current->x2 = tables_max(current->x2, next->x2);
            current->words += next->words;
            current->shortest =
                next->shortest < current->shortest ? next->shortest : current->shortest;
            current->all_short_digits = current->all_short_digits && next->all_short_digits;
        } else {
            list->items[++out] = *next;
        }
    }
    list->count = out + 1;
}

static bool overlaps_any(const interval_list_t *list, double x1, double x2)
{
    for (size_t i = 0; i < list->count; i++) {
        if (x1 < list->items[i].x2 && x2 > list->items[i].x1) {
            return true;
        }
    }
    return false;
}

static bool center_inside_any(const interval_list_t *list, double x1, double x2)
{
    double center = (x1 + x2) / 2.0;
    for (size_t i = 0; i < list->count; i++) {
        if (center >= list->items[i].x1 && center <= list->items[i].x2) {
            return true;
        }
    }
    return false;
}

static void add_interval(interval_list_t *list, const tables_word_t *word,
                         tables_column_kind_t kind)
{
    size_t length = strlen(word->text);
    interval_t *item = &list->items[list->count++];
    item->x1 = word->x1;
    item->x2 = word->x2;
    item->kind = kind;
    item->words = 1;
    item->shortest = length;
    item->all_short_digits = word->kind == TABLES_WORD_DIGITS && length >= 1 && length <= 9;
}

typedef struct {
    double y;
    long number;
} numbered_t;

static int compare_numbered(const void *a, const void *b)
{
    const numbered_t *left = a, *right = b;
    return left->y < right->y ? -1 : left->y > right->y;
}

/* Whether the digits in an interval count 1, 2, 3 ... down the page (a
 * 行次 column of 决算 sheets).  Bounded: looks at 4096 words at most. */
static bool is_line_numbers(const tables_word_list_t *words, const size_t *indices, size_t count,
                            const interval_t *interval)
{
    enum { LIMIT = 4096 };
    numbered_t *numbers = malloc(LIMIT * sizeof *numbers);
    if (numbers == NULL) {
        return false; /* then they stay values */
    }
    size_t found = 0;
    for (size_t i = 0; i < count && found < LIMIT; i++) {
        const tables_word_t *word = &words->items[indices[i]];
        if (word->kind == TABLES_WORD_DIGITS && strlen(word->text) <= 3 &&
            word->x1 < interval->x2 && word->x2 > interval->x1) {
            numbers[found].y = word->center_y;
            numbers[found].number = strtol(word->text, NULL, 10);
            found++;
        }
    }
    qsort(numbers, found, sizeof *numbers, compare_numbered);
    size_t steps = 0;
    for (size_t k = 1; k < found; k++) {
        steps += numbers[k].number == numbers[k - 1].number + 1;
    }
    free(numbers);
    return found >= 3 && (double)steps >= 0.8 * (double)(found - 1);
}

bool tables_find_columns(const tables_word_list_t *words, const size_t *indices, size_t count,
                         tables_column_list_t *columns)
{
    columns->items = NULL;
    columns->count = 0;
    columns->side_count = 0;
    interval_list_t values = {0}, codes = {0}, labels = {0};
    values.items = malloc((count + 1) * sizeof(interval_t));
    codes.items = malloc((count + 1) * sizeof(interval_t));
    labels.items = malloc((count + 1) * sizeof(interval_t));
    if (values.items == NULL || codes.items == NULL || labels.items == NULL) {
        free(values.items);
        free(codes.items);
        free(labels.items);
        return false;
    }
    double body_x1 = INFINITY, body_x2 = -INFINITY;
    for (size_t i = 0; i < count; i++) {
        const tables_word_t *word = &words->items[indices[i]];
        body_x1 = tables_min(body_x1, word->x1);
        body_x2 = tables_max(body_x2, word->x2);
        if (word->kind == TABLES_WORD_NUMBER) {
            add_interval(&values, word, TABLES_COLUMN_VALUE);
        }
    }
    merge_intervals(&values, 0.5);
    for (size_t i = 0; i < count; i++) {
        const tables_word_t *word = &words->items[indices[i]];
        if (word->kind == TABLES_WORD_DIGITS && !overlaps_any(&values, word->x1, word->x2)) {
            add_interval(&codes, word, TABLES_COLUMN_CODE);
        }
    }
    merge_intervals(&codes, 0.5);
    for (size_t i = 0; i < count; i++) {
        const tables_word_t *word = &words->items[indices[i]];
        if (word->kind != TABLES_WORD_TEXT || tables_is_empty_mark(word->text) ||
            tables_is_percent(word->text)) {
            continue;
        }
        if (word->x2 - word->x1 > 0.45 * (body_x2 - body_x1) ||
            center_inside_any(&values, word->x1, word->x2)) {
            continue;
        }
        add_interval(&labels, word, TABLES_COLUMN_LABEL);
    }
    merge_intervals(&labels, 0.5);

    /* All intervals, left to right. */
    size_t total = values.count + codes.count + labels.count;
    interval_t *all = malloc((total + 1) * sizeof *all);
    if (all == NULL) {
        free(values.items);
        free(codes.items);
        free(labels.items);
        return false;
    }
    memcpy(all, values.items, values.count * sizeof *all);
    memcpy(all + values.count, codes.items, codes.count * sizeof *all);
    memcpy(all + values.count + codes.count, labels.items, labels.count * sizeof *all);
    free(values.items);
    free(codes.items);
    free(labels.items);
    qsort(all, total, sizeof *all, compare_intervals);
    if (total > TABLES_MAX_COLUMNS) {
        /* hundreds of columns: not a statement table; no columns, no cells */
        free(all);
        return true;
    }

    /* A code column must hold codes (up to 9 digits; more than one, or one
     * of three digits or more) and stand
     * left of a label, directly or through other code columns; otherwise
     * it holds values (a column of zeros is not a code column). */
    for (size_t i = total; i-- > 0;) {
        if (all[i].kind != TABLES_COLUMN_CODE) {
            continue;
        }
        bool label_follows = i + 1 < total && all[i + 1].kind != TABLES_COLUMN_VALUE;
        bool enough = all[i].words >= 2 || all[i].shortest >= 3;
        if (!all[i].all_short_digits || !enough || !label_follows) {
            all[i].kind = is_line_numbers(words, indices, count, &all[i])
                              ? TABLES_COLUMN_LINE_NUMBER
                              : TABLES_COLUMN_VALUE;
        }
    }

    columns->items = calloc(total + 1, sizeof *columns->items);
    if (columns->items == NULL) {
        free(all);
        return false;
    }
    size_t side = 0;
    bool seen_value = false, seen_label = false;
    for (size_t i = 0; i < total; i++) {
        tables_column_t *column = &columns->items[i];
        column->kind = all[i].kind;
        column->x1 = all[i].x1;
        column->x2 = all[i].x2;
        column->header = NULL;
        if (column->kind == TABLES_COLUMN_LABEL || column->kind == TABLES_COLUMN_CODE) {
            if (seen_value && seen_label) {
                side++;
            } else if (seen_value && !seen_label) {
                /* values left of every label: they get a side of their own */
                side++;
            }
            seen_label = true;
            seen_value = false;
        } else {
            seen_value = true;
        }
        column->side = side;
    }
    columns->count = total;
    columns->side_count = total > 0 ? side + 1 : 0;
    for (size_t i = 0; i < total; i++) {
        tables_column_t *column = &columns->items[i];
        column->slot1 = i == 0 ? -INFINITY : (columns->items[i - 1].x2 + column->x1) / 2.0;
        column->slot2 = i + 1 == total ? INFINITY : (column->x2 + columns->items[i + 1].x1) / 2.0;
        if (i > 0 && columns->items[i - 1].x2 > column->x1) {
            column->slot1 = column->x1;
        }
        if (i + 1 < total && column->x2 > columns->items[i + 1].x1) {
            column->slot2 = column->x2;
        }
    }
    free(all);
    return true;
}

void tables_column_list_free(tables_column_list_t *columns)
{
    for (size_t i = 0; i < columns->count; i++) {
        free(columns->items[i].header);
    }
    free(columns->items);
    columns->items = NULL;
    columns->count = 0;
    columns->side_count = 0;
}

size_t tables_column_at(const tables_column_list_t *columns, double x1, double x2,
                        tables_column_kind_t kind)
{
    double center = (x1 + x2) / 2.0;
    for (size_t i = 0; i < columns->count; i++) {
        const tables_column_t *column = &columns->items[i];
        if (column->kind == kind && center >= column->slot1 && center <= column->slot2) {
            return i;
        }
    }
    return SIZE_MAX;
}

size_t tables_label_side_at(const tables_column_list_t *columns, double x1, double x2)
{
    double center = (x1 + x2) / 2.0;
    for (size_t i = 0; i < columns->count; i++) {
        const tables_column_t *column = &columns->items[i];
        if (column->kind != TABLES_COLUMN_LABEL && column->kind != TABLES_COLUMN_CODE) {
            continue;
        }
        if (center >= column->slot1 && center <= column->slot2) {
            return column->side;
        }
    }
    /* Text spanning several label columns (合计 across 类/款/项/名称): any
     * overlap with a label block. */
    for (size_t i = 0; i < columns->count; i++) {
        const tables_column_t *column = &columns->items[i];
        if ((column->kind == TABLES_COLUMN_LABEL || column->kind == TABLES_COLUMN_CODE) &&
            x1 < column->x2 && x2 > column->x1) {
            return column->side;
        }
    }
    return SIZE_MAX;
}
