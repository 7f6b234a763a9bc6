/*
 * tables_rows.c - body rows: labels, codes, wrapped labels, and the place of
 * every number.
 *
 * Cells of one spreadsheet row are not on one baseline: wrapped labels are
 * centred on the row, some makers shift a column by half a line, and box
 * heights can be wrong.  So rows are built per side from anchors instead of
 * from baselines:
 *   1. codes (201 | 06 | 01 in the code columns, grouped by
 *      tables_codes.c) give one row each;
 *   2. a label part near a code row (within ~0.9 em) belongs to it;
 *   3. other label parts start a row when they look like a row of their own
 *      (numbering 一、 / (一) / 1., 合计/总计, a number beside them);
 *   4. what is left is a wrapped piece: it continues the part above when
 *      that one fills the column, else starts the part below when it fills
 *      the column itself, else goes to the nearest row;
 *   5. every number goes to the row of its side whose parts are vertically
 *      nearest (tables_values.c).
 * This file assigns each body word its role (value, code, label), builds
 * the label fragments and the rows, and composes the row labels.
 * Searches over rows use binary search on sorted positions, so a page of
 * many numbers stays O(n log n).
 */
#include "tables_row_builder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int compare_fragments(const void *a, const void *b)
{
    const fragment_t *left = a, *right = b;
    if (left->side != right->side) {
        return left->side < right->side ? -1 : 1;
    }
    int by_y = tables_compare_doubles(left->center_y, right->center_y);
    return by_y != 0 ? by_y : tables_compare_doubles(left->x1, right->x1);
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Header words that can end up in the body band (类 款 项 under 科目编码). */
static bool is_header_word(const char *text)
{
    static const char *const words[] = {"类",       "款",       "项",        "类款项",
                                        "项目",     "科目编码", "科目名称",  "功能分类",
                                        "经济分类", "金额",     "单位:万元", "单位:元"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (strcmp(text, words[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Splits leading classification digits ("2010301行政运行") off a label. */
static char *split_lead_code(char *text)
{
    size_t digits = 0;
    while (text[digits] >= '0' && text[digits] <= '9') {
        digits++;
    }
    if (digits < 2 || digits > 9 || text[digits] == '\0' || text[digits] == '.' ||
        text[digits] == ',' || starts_with(text + digits, "、") ||
        starts_with(text + digits, "年")) {
        return NULL;
    }
    char *code = malloc(digits + 1);
    if (code == NULL) {
        return NULL;
    }
    memcpy(code, text, digits);
    code[digits] = '\0';
    memmove(text, text + digits, strlen(text + digits) + 1);
    return code;
}

bool tables_rows_add_row(tables_row_list_t *rows, size_t side, double reference_y, const char *code)
{
    if (rows->count == rows->capacity) {
        size_t capacity = rows->capacity ? rows->capacity * 2 : 32;
        tables_row_t *items = realloc(rows->items, capacity * sizeof *items);
        if (items == NULL) {
            return false;
        }
        rows->items = items;
        rows->capacity = capacity;
    }
    tables_row_t *row = &rows->items[rows->count];
    row->reference_y = reference_y;
    row->top = reference_y;
    row->bottom = reference_y;
    row->side = side;
    row->label = NULL;
    row->code = strdup(code);
    if (row->code == NULL) {
        return false;
    }
    rows->count++;
    return true;
}

static int compare_row_keys(const void *a, const void *b)
{
    const row_key_t *left = a, *right = b;
    return tables_compare_doubles(left->key, right->key);
}

bool tables_rows_build_index(const tables_row_list_t *rows, size_t side, row_index_t *index)
{
    free(index->keys);
    index->keys = malloc((rows->count + 1) * sizeof *index->keys);
    index->count = 0;
    if (index->keys == NULL) {
        return false;
    }
    for (size_t i = 0; i < rows->count; i++) {
        if (rows->items[i].side == side) {
            index->keys[index->count].key = rows->items[i].reference_y;
            index->keys[index->count].row = i;
            index->count++;
        }
    }
    qsort(index->keys, index->count, sizeof *index->keys, compare_row_keys);
    return true;
}

static double distance_to_row(const tables_row_t *row, double y)
{
    if (y < row->top) {
        return row->top - y;
    }
    if (y > row->bottom) {
        return y - row->bottom;
    }
    return 0.0;
}

/* Row nearest to y (by its span, then its reference), within `limit`. */
size_t tables_rows_nearest_row(const tables_row_list_t *rows, const row_index_t *index, double y,
                               double limit, bool by_span)
{
    size_t low = 0, high = index->count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        if (index->keys[middle].key < y) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    size_t best = SIZE_MAX;
    double best_distance = INFINITY, best_reference = INFINITY;
    /* Spans of sorted rows rarely reach past a few neighbours. */
    size_t from = low >= 4 ? low - 4 : 0;
    size_t to = low + 4 < index->count ? low + 4 : index->count;
    for (size_t k = from; k < to; k++) {
        const tables_row_t *row = &rows->items[index->keys[k].row];
        double distance = by_span ? distance_to_row(row, y) : tables_abs(row->reference_y - y);
        double reference = tables_abs(row->reference_y - y);
        if (distance > limit) {
            continue;
        }
        if (distance < best_distance || (distance == best_distance && reference < best_reference)) {
            best = index->keys[k].row;
            best_distance = distance;
            best_reference = reference;
        }
    }
    return best;
}

static void extend_row(tables_row_t *row, double y)
{
    row->top = tables_min(row->top, y);
    row->bottom = tables_max(row->bottom, y);
}

static void free_fragments(fragment_t *fragments, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(fragments[i].text);
        free(fragments[i].lead_code);
    }
    free(fragments);
}

static void free_codes(code_group_t *codes, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(codes[i].code);
    }
    free(codes);
}

int tables_compare_code_keys(const void *a, const void *b)
{
    const word_key_t *left = a, *right = b;
    if (left->side != right->side) {
        return left->side < right->side ? -1 : 1;
    }
    int by_y = tables_compare_doubles(left->y, right->y);
    return by_y != 0 ? by_y : tables_compare_doubles(left->x, right->x);
}

static int compare_label_keys(const void *a, const void *b)
{
    const word_key_t *left = a, *right = b;
    if (left->side != right->side) {
        return left->side < right->side ? -1 : 1;
    }
    if (left->line != right->line) {
        return left->line < right->line ? -1 : 1;
    }
    return tables_compare_doubles(left->x, right->x);
}

static void assign_roles(row_builder_t *builder)
{
    const tables_column_list_t *columns = builder->columns;
    for (size_t i = 0; i < builder->count; i++) {
        const tables_word_t *word = tables_body_word(builder, i);
        builder->roles[i] = ROLE_NONE;
        if (tables_is_empty_mark(word->text) || tables_is_percent(word->text) ||
            is_header_word(word->text) ||
            tables_column_at(columns, word->x1, word->x2, TABLES_COLUMN_LINE_NUMBER) != SIZE_MAX) {
            continue;
        }
        size_t value_column = tables_column_at(columns, word->x1, word->x2, TABLES_COLUMN_VALUE);
        size_t code_column = tables_column_at(columns, word->x1, word->x2, TABLES_COLUMN_CODE);
        size_t label_column = tables_column_at(columns, word->x1, word->x2, TABLES_COLUMN_LABEL);
        if (word->kind == TABLES_WORD_NUMBER && value_column != SIZE_MAX) {
            builder->roles[i] = ROLE_VALUE;
            builder->places[i] = value_column;
            continue;
        }
        if (word->kind == TABLES_WORD_DIGITS && code_column != SIZE_MAX) {
            builder->roles[i] = ROLE_CODE;
            builder->places[i] = code_column;
            continue;
        }
        if (word->kind == TABLES_WORD_DIGITS && value_column != SIZE_MAX) {
            builder->roles[i] = ROLE_VALUE;
            builder->places[i] = value_column;
            continue;
        }
        if (value_column != SIZE_MAX && label_column == SIZE_MAX && code_column == SIZE_MAX) {
            continue; /* text in a value column: a header remnant, not a label */
        }
        size_t side = tables_label_side_at(columns, word->x1, word->x2);
        if (side != SIZE_MAX) {
            builder->roles[i] = ROLE_LABEL;
            builder->places[i] = side;
        }
    }
}

/* Label words of one side on one line form a fragment. */
static bool group_labels(row_builder_t *builder)
{
    size_t key_count = 0;
    for (size_t i = 0; i < builder->count; i++) {
        if (builder->roles[i] == ROLE_LABEL) {
            const tables_word_t *word = tables_body_word(builder, i);
            word_key_t *key = &builder->keys[key_count++];
            key->side = builder->places[i];
            key->line = word->line;
            key->y = word->center_y;
            key->x = word->x1;
            key->position = i;
        }
    }
    qsort(builder->keys, key_count, sizeof *builder->keys, compare_label_keys);
    size_t start = 0;
    for (size_t k = 1; k <= key_count; k++) {
        if (k < key_count && builder->keys[k].side == builder->keys[start].side &&
            builder->keys[k].line == builder->keys[start].line) {
            continue;
        }
        if (k > start) {
            tables_string_t text = {0};
            fragment_t *fragment = &builder->fragments[builder->fragment_count];
            memset(fragment, 0, sizeof *fragment);
            double center = 0.0;
            for (size_t m = start; m < k; m++) {
                const tables_word_t *word = tables_body_word(builder, builder->keys[m].position);
                if (m == start) {
                    fragment->x1 = word->x1;
                    fragment->x2 = word->x2;
                } else {
                    fragment->x1 = tables_min(fragment->x1, word->x1);
                    fragment->x2 = tables_max(fragment->x2, word->x2);
                }
                center += word->center_y;
                fragment->em = tables_max(fragment->em, word->em);
                if (text.length < TABLES_MAX_TEXT &&
                    !tables_string_append_compact(&text, word->text)) {
                    tables_string_free(&text);
                    return false;
                }
            }
            fragment->side = builder->keys[start].side;
            fragment->center_y = center / (double)(k - start);
            fragment->row = SIZE_MAX;
            fragment->text = tables_string_take(&text);
            if (fragment->text == NULL) {
                return false;
            }
            builder->fragment_count++;
            if (is_header_word(fragment->text) || fragment->text[0] == '\0') {
                free(fragment->text);
                builder->fragment_count--;
            } else {
                fragment->lead_code = split_lead_code(fragment->text);
            }
        }
        start = k;
    }
    qsort(builder->fragments, builder->fragment_count, sizeof *builder->fragments,
          compare_fragments);
    return true;
}

static int compare_value_keys(const void *a, const void *b)
{
    const value_key_t *left = a, *right = b;
    if (left->side != right->side) {
        return left->side < right->side ? -1 : 1;
    }
    return tables_compare_doubles(left->y, right->y);
}

/* Whether a number of `side` has its center within `tolerance` of y
 * (binary search in the sorted value keys). */
static bool value_beside(const row_builder_t *builder, size_t side, double y, double tolerance)
{
    size_t low = 0, high = builder->value_key_count;
    while (low < high) {
        size_t middle = low + (high - low) / 2;
        const value_key_t *key = &builder->value_keys[middle];
        if (key->side < side || (key->side == side && key->y < y - tolerance)) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    return low < builder->value_key_count && builder->value_keys[low].side == side &&
           builder->value_keys[low].y <= y + tolerance;
}

static bool sort_value_keys(row_builder_t *builder)
{
    builder->value_keys = malloc((builder->count + 1) * sizeof *builder->value_keys);
    if (builder->value_keys == NULL) {
        return false;
    }
    builder->value_key_count = 0;
    for (size_t i = 0; i < builder->count; i++) {
        if (builder->roles[i] == ROLE_VALUE) {
            value_key_t *key = &builder->value_keys[builder->value_key_count++];
            key->side = builder->columns->items[builder->places[i]].side;
            key->y = tables_body_word(builder, i)->center_y;
        }
    }
    qsort(builder->value_keys, builder->value_key_count, sizeof *builder->value_keys,
          compare_value_keys);
    return true;
}

static void attach(row_builder_t *builder, size_t fragment_index, size_t row)
{
    fragment_t *fragment = &builder->fragments[fragment_index];
    fragment->row = row;
    extend_row(&builder->rows->items[row], fragment->center_y);
}

/* Places the fragments of one side, [first, end) in the sorted list. */
static bool place_side(row_builder_t *builder, size_t side, size_t first, size_t end)
{
    tables_row_list_t *rows = builder->rows;
    size_t rows_before = rows->count;
    for (size_t c = 0; c < builder->code_count; c++) {
        if (builder->codes[c].side == side &&
            !tables_rows_add_row(rows, side, builder->codes[c].center_y, builder->codes[c].code)) {
            return false;
        }
    }
    if (!tables_rows_build_index(rows, side, &builder->index)) {
        return false;
    }
    double widest = -INFINITY;
    for (size_t f = first; f < end; f++) {
        widest = tables_max(widest, builder->fragments[f].x2);
    }
    /* 2. label parts beside a code */
    if (rows->count > rows_before) {
        for (size_t f = first; f < end; f++) {
            fragment_t *fragment = &builder->fragments[f];
            size_t row = tables_rows_nearest_row(rows, &builder->index, fragment->center_y,
                                                 0.9 * fragment->em, false);
            if (row != SIZE_MAX) {
                attach(builder, f, row);
            }
        }
    }
    /* 3. parts that start a row of their own */
    for (size_t f = first; f < end; f++) {
        fragment_t *fragment = &builder->fragments[f];
        if (fragment->row != SIZE_MAX) {
            continue;
        }
        bool starter = fragment->lead_code != NULL ||
                       tables_starts_with_enumeration(fragment->text) ||
                       tables_names_total(fragment->text) ||
                       value_beside(builder, side, fragment->center_y, 0.5 * fragment->em);
        if (starter) {
            if (!tables_rows_add_row(rows, side, fragment->center_y,
                                     fragment->lead_code != NULL ? fragment->lead_code : "")) {
                return false;
            }
            attach(builder, f, rows->count - 1);
        }
    }
    /* 4. wrapped pieces */
    for (size_t f = first; f < end; f++) {
        fragment_t *fragment = &builder->fragments[f];
        if (fragment->row != SIZE_MAX || f == first) {
            continue;
        }
        const fragment_t *above = &builder->fragments[f - 1];
        bool above_full = above->x2 >= widest - 1.5 * above->em;
        if (above->row != SIZE_MAX && above_full &&
            fragment->center_y - above->center_y <= 1.6 * fragment->em) {
            attach(builder, f, above->row);
        }
    }
    for (size_t f = end; f-- > first;) {
        fragment_t *fragment = &builder->fragments[f];
        if (fragment->row != SIZE_MAX || f + 1 >= end) {
            continue;
        }
        /* only a coded row starts a line above its anchor: a row without a
         * code starts with its own (numbered or valued) label */
        const fragment_t *below = &builder->fragments[f + 1];
        bool full = fragment->x2 >= widest - 1.5 * fragment->em;
        if (below->row != SIZE_MAX && full && builder->rows->items[below->row].code[0] != '\0' &&
            below->center_y - fragment->center_y <= 1.6 * fragment->em) {
            attach(builder, f, below->row);
        }
    }
    if (!tables_rows_build_index(rows, side, &builder->index)) {
        return false;
    }
    for (size_t f = first; f < end; f++) {
        fragment_t *fragment = &builder->fragments[f];
        if (fragment->row != SIZE_MAX) {
            continue;
        }
        size_t row = tables_rows_nearest_row(rows, &builder->index, fragment->center_y,
                                             1.0 * fragment->em, true);
        if (row == SIZE_MAX) {
            if (!tables_rows_add_row(rows, side, fragment->center_y, "")) {
                return false;
            }
            row = rows->count - 1;
        }
        attach(builder, f, row);
    }
    return true;
}

/* Row labels: fragments in top-to-bottom order (they are sorted so). */
static bool compose_labels(row_builder_t *builder)
{
    tables_row_list_t *rows = builder->rows;
    tables_string_t *labels = calloc(rows->count + 1, sizeof *labels);
    tables_string_t *codes = calloc(rows->count + 1, sizeof *codes);
    bool ok = labels != NULL && codes != NULL;
    for (size_t r = 0; ok && r < rows->count; r++) {
        ok = tables_string_append(&codes[r], rows->items[r].code, strlen(rows->items[r].code));
    }
    for (size_t f = 0; ok && f < builder->fragment_count; f++) {
        const fragment_t *fragment = &builder->fragments[f];
        if (fragment->row >= rows->count) {
            continue;
        }
        const tables_row_t *row = &rows->items[fragment->row];
        if (labels[fragment->row].length >= TABLES_MAX_TEXT) {
            continue; /* a label this long is not a label: keep the output bounded */
        }
        ok = tables_string_append(&labels[fragment->row], fragment->text, strlen(fragment->text));
        if (ok && fragment->lead_code != NULL && row->code[0] != '\0' &&
            strcmp(row->code, fragment->lead_code) != 0) {
            ok = tables_string_append(&codes[fragment->row], fragment->lead_code,
                                      strlen(fragment->lead_code));
        }
    }
    for (size_t r = 0; r < rows->count; r++) {
        tables_row_t *row = &rows->items[r];
        if (ok) {
            row->label = tables_string_take(&labels[r]);
            char *code = tables_string_take(&codes[r]);
            ok = row->label != NULL && code != NULL;
            if (code != NULL) {
                free(row->code);
                row->code = code;
            }
        }
        if (labels != NULL) {
            tables_string_free(&labels[r]);
        }
        if (codes != NULL) {
            tables_string_free(&codes[r]);
        }
    }
    free(labels);
    free(codes);
    return ok;
}

bool tables_build_rows(const tables_word_list_t *words, const size_t *indices, size_t count,
                       const tables_column_list_t *columns, tables_row_list_t *rows,
                       tables_value_list_t *values)
{
    memset(rows, 0, sizeof *rows);
    memset(values, 0, sizeof *values);
    if (count == 0) {
        return true;
    }
    row_builder_t builder = {.words = words,
                             .indices = indices,
                             .count = count,
                             .columns = columns,
                             .rows = rows,
                             .values = values};
    builder.roles = calloc(count, sizeof *builder.roles);
    builder.places = calloc(count, sizeof *builder.places);
    builder.keys = calloc(count, sizeof *builder.keys);
    builder.fragments = calloc(count, sizeof *builder.fragments);
    builder.codes = calloc(count, sizeof *builder.codes);
    values->items = calloc(count, sizeof *values->items);
    values->capacity = count;
    bool ok = builder.roles != NULL && builder.places != NULL && builder.keys != NULL &&
              builder.fragments != NULL && builder.codes != NULL && values->items != NULL;
    if (ok) {
        assign_roles(&builder);
        ok = sort_value_keys(&builder) && tables_group_codes(&builder) && group_labels(&builder);
    }
    for (size_t side = 0; ok && side < columns->side_count; side++) {
        size_t first = 0;
        while (first < builder.fragment_count && builder.fragments[first].side < side) {
            first++;
        }
        size_t end = first;
        while (end < builder.fragment_count && builder.fragments[end].side == side) {
            end++;
        }
        ok = place_side(&builder, side, first, end);
    }
    ok = ok && compose_labels(&builder) && tables_place_values(&builder);
    free(builder.roles);
    free(builder.places);
    free(builder.keys);
    free_fragments(builder.fragments, builder.fragment_count);
    free_codes(builder.codes, builder.code_count);
    free(builder.index.keys);
    free(builder.value_keys);
    if (!ok) {
        tables_row_list_free(rows);
        tables_value_list_free(values);
    }
    return ok;
}

void tables_row_list_free(tables_row_list_t *rows)
{
    for (size_t i = 0; i < rows->count; i++) {
        free(rows->items[i].label);
        free(rows->items[i].code);
    }
    free(rows->items);
    memset(rows, 0, sizeof *rows);
}

void tables_value_list_free(tables_value_list_t *values)
{
    free(values->items);
    memset(values, 0, sizeof *values);
}
