/*
 * tables_continuation.c - the table a page leaves open for the next one.
 *
 * When a table's body runs to the bottom of a page (no 注：, no paragraph
 * after it), tables_page.c keeps its title, unit, columns and header paths
 * here; the next page's lines above its first title are then read with
 * those columns (a repeated header sits above the first number and is
 * skipped; an absent one is not needed), and rows keep counting on.
 */
#include "tables_internal.h"

#include <stdlib.h>

void tables_open_table_clear(tables_open_table_t *open_table)
{
    free(open_table->title);
    free(open_table->unit);
    tables_column_list_free(&open_table->columns);
    tables_word_list_free(&open_table->header_words);
    open_table->title = NULL;
    open_table->unit = NULL;
    open_table->open = false;
    open_table->next_row = 0;
}
