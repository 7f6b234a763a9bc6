/*
 * tables_flattened.c - tables that text extraction flattened to one cell
 * per line (text input).
 *
 * Some converters write each cell on a line of its own that starts with a
 * tab, and end each table row with a blank line:
 *
 *     \t绩效目标 \t权重 \t评价得分 ...   (one per line)
 *     <blank>
 *     \t运行成本 \t8 \t8 ...
 *
 * Three or more such rows with the same number of cells are a table: the
 * first row is the header when it has no number, the first cell of every
 * other row is its label, and the nearest line above the block is the title.
 * Text flattened without such marks (cells run together on a line, labels
 * broken over several lines, as in some 绩效 sheets) keeps no recoverable
 * column structure and is not read.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_FLAT_CELLS = 32, MAX_FLAT_ROWS = 2000 };

typedef struct {
    const char *start;
    size_t length;
} span_t;

typedef struct {
    span_t cells[MAX_FLAT_CELLS];
    size_t count;
} flat_row_t;

static bool is_blank(const char *line, size_t length)
{
    size_t at = 0;
    while (at < length) {
        uint32_t codepoint = tables_utf8_next(line, length, &at);
        if (codepoint != ' ' && codepoint != '\t' && codepoint != '\r' && codepoint != 0xA0 &&
            codepoint != 0x3000) {
            return false;
        }
    }
    return true;
}

static bool is_cell_line(const char *line, size_t length)
{
    return length > 0 && line[0] == '\t';
}

static char *cell_text(const span_t *span)
{
    return tables_compact_text(span->start, span->length);
}

static bool is_number_cell(const span_t *span, bool *failed)
{
    char *text = cell_text(span);
    if (text == NULL) {
        *failed = true;
        return false;
    }
    char *plain = tables_plain_number(text);
    bool number = plain != NULL;
    free(plain);
    free(text);
    return number;
}

/* Emits the cells of one block of rows.  `title` is the line above. */
static bool read_block(const flat_row_t *rows, size_t row_count, const span_t *title,
                       size_t page_number, table_cell_list_t *cells)
{
    size_t columns = rows[0].count;
    size_t same = 0;
    for (size_t r = 0; r < row_count; r++) {
        same += rows[r].count == columns;
    }
    if (row_count < 3 || columns < 2 || (double)same < 0.8 * (double)row_count) {
        return true;
    }
    bool failed = false;
    bool header = true;
    for (size_t c = 0; c < rows[0].count; c++) {
        header = header && !is_number_cell(&rows[0].cells[c], &failed);
    }
    if (failed) {
        return false;
    }
    char *table = cell_text(title);
    if (table == NULL) {
        return false;
    }
    char *unit = tables_unit_from_text(table);
    cells->table_count++;
    bool ok = true;
    size_t body_row = 0;
    for (size_t r = header ? 1 : 0; ok && r < row_count; r++) {
        const flat_row_t *row = &rows[r];
        char *label = row->count > 0 ? cell_text(&row->cells[0]) : strdup("");
        ok = label != NULL;
        for (size_t c = 1, position = 0; ok && c < row->count; c++) {
            char *text = cell_text(&row->cells[c]);
            char *plain = text != NULL ? tables_plain_number(text) : NULL;
            ok = text != NULL;
            if (plain != NULL) {
                char *column =
                    header && c < rows[0].count ? cell_text(&rows[0].cells[c]) : strdup("");
                ok = column != NULL &&
                     tables_add_cell(cells, page_number, table, body_row, position, label, "",
                                     column, plain, unit != NULL ? unit : "");
                free(column);
            }
            if (header ? c < rows[0].count : true) {
                position++;
            }
            free(plain);
            free(text);
        }
        free(label);
        body_row++;
    }
    free(unit);
    free(table);
    return ok;
}

bool tables_read_flattened_page(const char *text, size_t length, size_t page_number,
                                table_cell_list_t *cells)
{
    flat_row_t *rows = malloc(MAX_FLAT_ROWS * sizeof *rows);
    if (rows == NULL) {
        return false;
    }
    size_t row_count = 0;
    bool in_row = false, ok = true;
    span_t title = {NULL, 0}, block_title = {NULL, 0};
    size_t at = 0;
    while (ok && at <= length) {
        size_t end = at;
        while (end < length && text[end] != '\n') {
            end++;
        }
        const char *line = text + at;
        size_t line_length = end - at;
        bool last = end >= length;
        if (at < length && is_cell_line(line, line_length)) {
            if (row_count == 0 && !in_row) {
                block_title = title;
            }
            if (!in_row) {
                if (row_count < MAX_FLAT_ROWS) {
                    rows[row_count].count = 0;
                    row_count++;
                }
                in_row = true;
            }
            flat_row_t *row = &rows[row_count - 1];
            if (row->count < MAX_FLAT_CELLS) {
                row->cells[row->count].start = line + 1;
                row->cells[row->count].length = line_length - 1;
                row->count++;
            }
        } else if (at < length && is_blank(line, line_length)) {
            in_row = false;
        } else {
            if (row_count > 0 && block_title.start != NULL) {
                ok = read_block(rows, row_count, &block_title, page_number, cells);
            }
            row_count = 0;
            in_row = false;
            if (at < length) {
                title.start = line;
                title.length = line_length;
            }
        }
        if (last) {
            break;
        }
        at = end + 1;
    }
    if (ok && row_count > 0 && block_title.start != NULL) {
        ok = read_block(rows, row_count, &block_title, page_number, cells);
    }
    free(rows);
    return ok;
}
