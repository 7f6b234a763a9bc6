/*
 * tables.c - placeholder until table reconstruction lands: finds no tables.
 */
#include "tables.h"

#include <stdlib.h>

void table_cell_list_init(table_cell_list_t *list)
{
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
    list->table_count = 0;
}

void table_cell_list_free(table_cell_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        table_cell_t *cell = &list->items[i];
        free(cell->table);
        free(cell->row_label);
        free(cell->code);
        free(cell->col_label);
        free(cell->value);
        free(cell->unit);
    }
    free(list->items);
    table_cell_list_init(list);
}

int tables_read_document(const extract_document_t *document, table_cell_list_t *cells,
                         char **error)
{
    (void)document;
    (void)cells;
    (void)error;
    return 0;
}
