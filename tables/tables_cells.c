/*
 * tables_cells.c - the cell list of tables.h: init, append (copying every
 * string), free.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

void table_cell_list_init(table_cell_list_t *list)
{
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
    list->table_count = 0;
}

static void free_cell(table_cell_t *cell)
{
    free(cell->table);
    free(cell->row_label);
    free(cell->code);
    free(cell->col_label);
    free(cell->value);
    free(cell->unit);
}

void table_cell_list_free(table_cell_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free_cell(&list->items[i]);
    }
    free(list->items);
    table_cell_list_init(list);
}

static char *copy_or_empty(const char *text)
{
    return strdup(text != NULL ? text : "");
}

bool tables_add_cell(table_cell_list_t *cells, size_t page, const char *table, size_t row,
                     size_t col, const char *row_label, const char *code, const char *col_label,
                     const char *value, const char *unit)
{
    if (cells->count == cells->capacity) {
        size_t capacity = cells->capacity ? cells->capacity * 2 : 64;
        table_cell_t *items = realloc(cells->items, capacity * sizeof *items);
        if (items == NULL) {
            return false;
        }
        cells->items = items;
        cells->capacity = capacity;
    }
    table_cell_t cell = {.page = page, .row = row, .col = col};
    cell.table = copy_or_empty(table);
    cell.row_label = copy_or_empty(row_label);
    cell.code = copy_or_empty(code);
    cell.col_label = copy_or_empty(col_label);
    cell.value = copy_or_empty(value);
    cell.unit = copy_or_empty(unit);
    if (cell.table == NULL || cell.row_label == NULL || cell.code == NULL ||
        cell.col_label == NULL || cell.value == NULL || cell.unit == NULL) {
        free_cell(&cell);
        return false;
    }
    cells->items[cells->count++] = cell;
    return true;
}
