/*
 * tables_codes.c - classification codes of a table body's rows.
 *
 * A row's code is read left to right over the code columns (201 | 06 | 01
 * -> 2010601; a 款/项 part printed as 2 is 02).  Each part in a later
 * column joins the nearest part of the side's first code column (类) within
 * 1.2 em -- some makers print one side's 款 column half a line off; a part
 * with none near is a code of its own.  Binary search keeps this
 * O(n log n).
 */
#include "tables_row_builder.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    size_t owner; /* key index of the row's first-column part */
    double x;
    size_t key;
} code_part_t;
static int compare_code_parts(const void *a, const void *b)
{
    const code_part_t *left = a, *right = b;
    if (left->owner != right->owner) {
        return left->owner < right->owner ? -1 : 1;
    }
    return tables_compare_doubles(left->x, right->x);
}
/* Appends the group made of parts[start, end) (one row's code). */
static bool emit_code_group(row_builder_t *builder, const code_part_t *parts, size_t start,
                            size_t end)
{
    tables_string_t code = {0};
    double center = 0.0, em = 0.0;
    for (size_t m = start; m < end; m++) {
        const word_key_t *key = &builder->keys[parts[m].key];
        const tables_word_t *word = tables_body_word(builder, key->position);
        center += word->center_y;
        em = tables_max(em, word->em);
        /* 款/项 parts are two digits; some makers print 2 for 02 */
        bool pad = m > start && strlen(word->text) == 1;
        if ((pad && !tables_string_append(&code, "0", 1)) ||
            !tables_string_append(&code, word->text, strlen(word->text))) {
            tables_string_free(&code);
            return false;
        }
    }
    code_group_t *group = &builder->codes[builder->code_count];
    group->side = builder->keys[parts[start].key].side;
    group->center_y = center / (double)(end - start);
    group->em = em;
    group->code = tables_string_take(&code);
    if (group->code == NULL) {
        return false;
    }
    builder->code_count++;
    return true;
}
/* A row's code is read left to right over the code columns (201 | 06 | 01
 * -> 2010601).  Each part in a later column (款, 项) joins the nearest part
 * of the side's first code column (类) within 1.2 em -- some makers print
 * one side's 款 column half a line off; a part with none near is a code of
 * its own.  Binary search keeps this O(n log n). */
bool tables_group_codes(row_builder_t *builder)
{
    size_t key_count = 0;
    for (size_t i = 0; i < builder->count; i++) {
        if (builder->roles[i] == ROLE_CODE) {
            const tables_word_t *word = tables_body_word(builder, i);
            word_key_t *key = &builder->keys[key_count++];
            key->side = builder->columns->items[builder->places[i]].side;
            key->line = builder->places[i]; /* the code column */
            key->y = word->center_y;
            key->x = word->x1;
            key->position = i;
        }
    }
    qsort(builder->keys, key_count, sizeof *builder->keys, tables_compare_code_keys);
    code_part_t *parts = malloc((key_count + 1) * sizeof *parts);
    size_t *anchors = malloc((key_count + 1) * sizeof *anchors);
    if (parts == NULL || anchors == NULL) {
        free(parts);
        free(anchors);
        return false;
    }
    bool ok = true;
    for (size_t start = 0; ok && start < key_count;) {
        size_t end = start;
        size_t first_column = SIZE_MAX;
        while (end < key_count && builder->keys[end].side == builder->keys[start].side) {
            if (builder->keys[end].line < first_column) {
                first_column = builder->keys[end].line;
            }
            end++;
        }
        size_t anchor_count = 0;
        for (size_t k = start; k < end; k++) {
            if (builder->keys[k].line == first_column) {
                anchors[anchor_count++] = k;
            }
        }
        for (size_t k = start; k < end; k++) {
            const word_key_t *key = &builder->keys[k];
            parts[k - start].key = k;
            parts[k - start].x = key->x;
            parts[k - start].owner = k;
            if (key->line == first_column || anchor_count == 0) {
                continue;
            }
            size_t low = 0, high = anchor_count;
            while (low < high) {
                size_t middle = low + (high - low) / 2;
                if (builder->keys[anchors[middle]].y < key->y) {
                    low = middle + 1;
                } else {
                    high = middle;
                }
            }
            double limit = 1.2 * tables_body_word(builder, key->position)->em;
            double best = INFINITY;
            for (size_t n = low > 0 ? low - 1 : 0; n <= low && n < anchor_count; n++) {
                double distance = tables_abs(builder->keys[anchors[n]].y - key->y);
                if (distance <= limit && distance < best) {
                    best = distance;
                    parts[k - start].owner = anchors[n];
                }
            }
        }
        size_t count = end - start;
        qsort(parts, count, sizeof *parts, compare_code_parts);
        for (size_t m = 0; ok && m < count;) {
            size_t n = m + 1;
            while (n < count && parts[n].owner == parts[m].owner) {
                n++;
            }
            ok = emit_code_group(builder, parts, m, n);
            m = n;
        }
        start = end;
    }
    free(parts);
    free(anchors);
    return ok;
}
