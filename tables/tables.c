/*
 * tables.c - entry point of the tables stage: sends each page of an
 * extracted document to the geometric reader (PDF, tables_page.c) or the
 * Markdown and flattened-table readers (text input, tables_markdown.c,
 * tables_flattened.c), carrying an unfinished table from one PDF page to
 * the next.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

int tables_read_document(const extract_document_t *document, table_cell_list_t *cells, char **error)
{
    *error = NULL;
    if (document == NULL) {
        return 0;
    }
    tables_open_table_t open_table = {0};
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        bool ok;
        if (document->format == EXTRACT_FORMAT_PDF) {
            ok = tables_read_page(page, i + 1, &open_table, cells);
        } else {
            ok = page->text == NULL ||
                 (tables_read_markdown_page(page->text, page->length, i + 1, cells) &&
                  tables_read_flattened_page(page->text, page->length, i + 1, cells));
        }
        if (!ok) {
            tables_open_table_clear(&open_table);
            *error = strdup("out of memory while reading tables");
            return -1;
        }
    }
    tables_open_table_clear(&open_table);
    return 0;
}
