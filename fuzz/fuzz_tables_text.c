/*
 * fuzz_tables_text.c - libFuzzer target for the Markdown / flattened table
 * reader: the input is read as a .md file (extract_from_memory) and its
 * tables are rebuilt with tables_read_document().  Every cell must carry
 * its strings and a page of the document.
 */
#include <stdint.h>
#include <stdlib.h>

#include "extract.h"
#include "tables.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    extract_options_t options = extract_default_options();
    options.max_pages = 64;
    extract_document_t *document = extract_from_memory("fuzz.md", data, size, &options);
    if (!document)
        return 0;
    if (document->status != EXTRACT_ERROR) {
        table_cell_list_t cells;
        table_cell_list_init(&cells);
        char *error = NULL;
        if (tables_read_document(document, &cells, &error) == 0) {
            for (size_t i = 0; i < cells.count; i++) {
                const table_cell_t *cell = &cells.items[i];
                if (!cell->table || !cell->row_label || !cell->code || !cell->col_label ||
                    !cell->value || !cell->unit)
                    abort();
                if (cell->page < 1 || cell->page > document->page_count)
                    abort();
            }
        }
        free(error);
        table_cell_list_free(&cells);
    }
    extract_document_free(document);
    return 0;
}
