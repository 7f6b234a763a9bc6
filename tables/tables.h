/*
 * tables.h - statement tables rebuilt from page geometry (and Markdown).
 *
 * Reads extract's per-character glyph boxes, clusters them into words,
 * lines and columns, recognizes the standard statement tables by title,
 * joins tables that continue on the next page, and gives one cell per
 * numeric value (tables.csv in SCHEMA.md).  Text input: Markdown pipe
 * tables, and tables flattened one cell per line where the structure can
 * be recovered.
 */
#ifndef CNFISCAL_TABLES_H
#define CNFISCAL_TABLES_H

#include <stddef.h>

#include "extract.h"

typedef struct {
    size_t page;     /* 1-based page of the cell */
    char *table;     /* title as printed, e.g. 收入支出决算总表 */
    size_t row, col; /* 0-based positions inside the table body */
    char *row_label;
    char *code;      /* classification code, e.g. 2010301, or "" */
    char *col_label; /* header path joined with '/' */
    char *value;     /* plain decimal */
    char *unit;      /* from the 单位：万元 line, or "" */
} table_cell_t;

typedef struct {
    table_cell_t *items;
    size_t count;
    size_t capacity;
    size_t table_count; /* tables found */
} table_cell_list_t;

void table_cell_list_init(table_cell_list_t *list);
void table_cell_list_free(table_cell_list_t *list);

/* Finds the tables of an extracted document (PDF: from glyphs, which must
 * have been asked for; text: Markdown and flattened tables) and appends
 * their cells.  Returns 0, or -1 with *error set to a malloc'd message. */
int tables_read_document(const extract_document_t *document, table_cell_list_t *cells,
                         char **error);

#endif
