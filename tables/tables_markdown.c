/*
 * tables_markdown.c - statement tables written as Markdown pipe tables.
 */
#include "tables_internal.h"

bool tables_read_markdown_page(const char *text, size_t length, size_t page_number,
                               table_cell_list_t *cells)
{
    (void)text;
    (void)length;
    (void)page_number;
    (void)cells;
    return true;
}
