/*
 * tables_values.c - every number of a table body goes to a row and column.
 *
 * A number belongs to the row of its side whose parts (code, label lines)
 * are vertically nearest.  Some makers print a column's numbers a little
 * above or below the row's label (ONLYOFFICE: by up to an em), so each
 * column's typical shift -- the median distance of its numbers from their
 * nearest rows -- is taken away first.  Numbers with no row near them get
 * rows of their own, one per vertical cluster.
 */
#include "tables_row_builder.h"

#include <stdlib.h>
#include <string.h>

/* Every number goes to the nearest row of its side; numbers with no row
 * near them get rows of their own (one per vertical cluster). */
static int compare_plain_doubles(const void *a, const void *b)
{
    return tables_compare_doubles(*(const double *)a, *(const double *)b);
}
/* Some makers print a column's numbers a little above or below the row's
 * label (ONLYOFFICE: by up to an em).  The column's typical shift is the
 * median distance of its numbers from the nearest row reference; numbers
 * are placed after taking it away.  Returns false when out of memory. */
static bool column_shifts(row_builder_t *builder, size_t side, double *shifts)
{
    const tables_column_list_t *columns = builder->columns;
    for (size_t c = 0; c < columns->count; c++) {
        shifts[c] = 0.0;
    }
    if (columns->count > 64) {
        return true; /* not a table layout worth the work */
    }
    double *differences = malloc((builder->count + 1) * sizeof *differences);
    if (differences == NULL) {
        return false;
    }
    for (size_t c = 0; c < columns->count; c++) {
        if (columns->items[c].kind != TABLES_COLUMN_VALUE || columns->items[c].side != side) {
            continue;
        }
        size_t count = 0;
        double em = 0.0;
        for (size_t i = 0; i < builder->count; i++) {
            if (builder->roles[i] != ROLE_VALUE || builder->places[i] != c) {
                continue;
            }
            const tables_word_t *word = tables_body_word(builder, i);
            size_t row = tables_rows_nearest_row(builder->rows, &builder->index, word->center_y,
                                                 1.2 * word->em, false);
            if (row != SIZE_MAX) {
                differences[count++] = word->center_y - builder->rows->items[row].reference_y;
                em = tables_max(em, word->em);
            }
        }
        if (count >= 3) {
            qsort(differences, count, sizeof *differences, compare_plain_doubles);
            double median = differences[count / 2];
            shifts[c] = tables_max(-em, tables_min(em, median));
        }
    }
    free(differences);
    return true;
}
bool tables_place_values(row_builder_t *builder)
{
    tables_row_list_t *rows = builder->rows;
    tables_value_list_t *values = builder->values;
    word_key_t *orphans = builder->keys; /* free again by now */
    double *shifts = malloc((builder->columns->count + 1) * sizeof *shifts);
    if (shifts == NULL) {
        return false;
    }
    for (size_t side = 0; side < builder->columns->side_count; side++) {
        size_t orphan_count = 0;
        if (!tables_rows_build_index(rows, side, &builder->index) ||
            !column_shifts(builder, side, shifts)) {
            free(shifts);
            return false;
        }
        for (size_t i = 0; i < builder->count; i++) {
            if (builder->roles[i] != ROLE_VALUE ||
                builder->columns->items[builder->places[i]].side != side) {
                continue;
            }
            const tables_word_t *word = tables_body_word(builder, i);
            double y = word->center_y - shifts[builder->places[i]];
            size_t row = tables_rows_nearest_row(rows, &builder->index, y, 1.2 * word->em, true);
            if (row == SIZE_MAX) {
                word_key_t *orphan = &orphans[orphan_count++];
                orphan->side = side;
                orphan->y = word->center_y;
                orphan->x = word->x1;
                orphan->position = i;
                continue;
            }
            tables_value_t *value = &values->items[values->count++];
            value->word = builder->indices[i];
            value->row = row;
            value->column = builder->places[i];
        }
        qsort(orphans, orphan_count, sizeof *orphans, tables_compare_code_keys);
        size_t row = SIZE_MAX;
        double row_y = 0.0;
        for (size_t k = 0; k < orphan_count; k++) {
            const tables_word_t *word = tables_body_word(builder, orphans[k].position);
            if (row == SIZE_MAX || orphans[k].y - row_y > 0.5 * word->em) {
                if (!tables_rows_add_row(rows, side, orphans[k].y, "")) {
                    free(shifts);
                    return false;
                }
                row = rows->count - 1;
                row_y = orphans[k].y;
                rows->items[row].label = strdup("");
                if (rows->items[row].label == NULL) {
                    free(shifts);
                    return false;
                }
            }
            tables_value_t *value = &values->items[values->count++];
            value->word = builder->indices[orphans[k].position];
            value->row = row;
            value->column = builder->places[orphans[k].position];
        }
    }
    free(shifts);
    return true;
}
