/*
 * tables_markdown.c - statement tables written as Markdown pipe tables
 * (text input, e.g. a PDF converted to Markdown).
 *
 * A block of lines starting with '|' is one table.  Cells are split on '|',
 * HTML tags (<b>) are dropped and the text is folded and compacted like
 * PDF words.  Converters keep the sheet's own layout, so the title, the
 * 部门/单位 and 单位：万元 lines and the header rows usually sit inside the
 * table: the title is a title-like cell of the first row (else the nearest
 * heading or title line above the block), rows naming the unit or the
 * reporting unit are dropped, and the rows above the first row with a
 * number are the header.  A column with numbers takes its row label from
 * the first text column of the run of columns without numbers on its left
 * (so 收入 | 预算数 | 支出 | 预算数 has two sides) and its code from a
 * digits-only column left of that.  An empty
 * header cell of an upper header row belongs to the spanning cell on its
 * left (基本支出 over 小计 | 人员经费 | 公用经费).  A numbering row
 * (1 | 2 | 3 ...) is not data.
 *
 * Tables flattened one cell per line are read by tables_flattened.c.
 */
#include "tables_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MARKDOWN_COLUMNS = 64, MAX_MARKDOWN_ROWS = 20000 };

typedef struct {
    char **cells; /* column_count entries, compact text ("" when empty) */
    size_t count;
} markdown_row_t;

typedef struct {
    markdown_row_t *rows;
    size_t count;
    size_t capacity;
    size_t columns;
} markdown_table_t;

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static void free_table(markdown_table_t *table)
{
    for (size_t r = 0; r < table->count; r++) {
        for (size_t c = 0; c < table->rows[r].count; c++) {
            free(table->rows[r].cells[c]);
        }
        free(table->rows[r].cells);
    }
    free(table->rows);
    memset(table, 0, sizeof *table);
}

/* Compact text of one cell without HTML tags. */
static char *clean_cell(const char *text, size_t length)
{
    char *plain = malloc(length + 1);
    if (plain == NULL) {
        return NULL;
    }
    size_t written = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '<') {
            size_t end = i + 1;
            while (end < length && end - i < 16 && text[end] != '>' && text[end] != '<') {
                end++;
            }
            if (end < length && text[end] == '>') {
                i = end;
                continue;
            }
        }
        plain[written++] = text[i];
    }
    char *compact = tables_compact_text(plain, written);
    free(plain);
    return compact;
}

static bool is_delimiter_row(const char *line, size_t length)
{
    bool dash = false;
    for (size_t i = 0; i < length; i++) {
        char c = line[i];
        if (c == '-') {
            dash = true;
        } else if (c != '|' && c != ':' && c != ' ' && c != '\t') {
            return false;
        }
    }
    return dash;
}

static bool add_row(markdown_table_t *table, const char *line, size_t length)
{
    if (table->count >= MAX_MARKDOWN_ROWS) {
        return true;
    }
    if (table->count == table->capacity) {
        size_t capacity = table->capacity ? table->capacity * 2 : 32;
        markdown_row_t *rows = realloc(table->rows, capacity * sizeof *rows);
        if (rows == NULL) {
            return false;
        }
        table->rows = rows;
        table->capacity = capacity;
    }
    markdown_row_t *row = &table->rows[table->count];
    row->cells = calloc(MAX_MARKDOWN_COLUMNS, sizeof *row->cells);
    row->count = 0;
    if (row->cells == NULL) {
        return false;
    }
    table->count++;
    size_t start = 0;
    while (start < length && (line[start] == ' ' || line[start] == '\t')) {
        start++;
    }
    if (start < length && line[start] == '|') {
        start++;
    }
    while (start <= length && row->count < MAX_MARKDOWN_COLUMNS) {
        size_t end = start;
        while (end < length && line[end] != '|') {
            end++;
        }
        if (end >= length) {
            /* text after the last '|' is a cell only when not blank */
            char *rest = clean_cell(line + start, length - start);
            if (rest == NULL) {
                return false;
            }
            if (rest[0] != '\0') {
                row->cells[row->count++] = rest;
            } else {
                free(rest);
            }
            break;
        }
        row->cells[row->count] = clean_cell(line + start, end - start);
        if (row->cells[row->count] == NULL) {
            return false;
        }
        row->count++;
        start = end + 1;
    }
    if (row->count > table->columns) {
        table->columns = row->count;
    }
    return true;
}

static const char *cell_at(const markdown_table_t *table, size_t r, size_t c)
{
    const markdown_row_t *row = &table->rows[r];
    return c < row->count ? row->cells[c] : "";
}

static bool is_decimal(const char *text)
{
    char *plain = tables_plain_number(text);
    bool decimal = plain != NULL && (strchr(text, '.') != NULL || strchr(text, ',') != NULL);
    free(plain);
    return decimal;
}

static bool is_digits(const char *text)
{
    size_t length = strlen(text);
    if (length == 0) {
        return false;
    }
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    return true;
}

static bool is_meta_cell(const char *text)
{
    return starts_with(text, "部门/单位") || starts_with(text, "单位:") ||
           starts_with(text, "编制部门") || starts_with(text, "编制单位") ||
           starts_with(text, "金额单位") || strstr(text, "单位:万元") != NULL ||
           strstr(text, "单位:元") != NULL;
}

static bool is_title_cell(const char *text)
{
    size_t length = strlen(text);
    return tables_is_table_title(text) ||
           (length >= strlen("收支表") && strcmp(text + length - strlen("表"), "表") == 0 &&
            strstr(text, "绩效") == NULL);
}

/* Whether a row is meta (unit, reporting unit) or a numbering row. */
static bool skip_row(const markdown_table_t *table, size_t r)
{
    const markdown_row_t *row = &table->rows[r];
    size_t filled = 0, expected = 1;
    bool numbering = true;
    for (size_t c = 0; c < row->count; c++) {
        const char *text = row->cells[c];
        if (text[0] == '\0') {
            continue;
        }
        if (is_meta_cell(text)) {
            return true;
        }
        filled++;
        char number[24];
        snprintf(number, sizeof number, "%zu", expected++);
        numbering = numbering && strcmp(text, number) == 0;
    }
    return filled >= 3 && numbering;
}

static bool row_has_decimal(const markdown_table_t *table, size_t r)
{
    for (size_t c = 0; c < table->rows[r].count; c++) {
        if (is_decimal(table->rows[r].cells[c])) {
            return true;
        }
    }
    return false;
}

/* The label column of numeric column c: past the numeric columns next to
 * it, the first text column of the run of columns without numbers (名称
 * before 项目 | 品目 | 单位 ... in a wide sheet; 项目 of its own side in a
 * two-sided one); SIZE_MAX if none. */
static size_t label_column_of(const bool *numeric, const bool *text, size_t c)
{
    size_t k = c;
    while (k > 0 && numeric[k - 1]) {
        k--; /* the other numeric columns of this side */
    }
    size_t label = SIZE_MAX;
    while (k-- > 0 && !numeric[k]) {
        if (text[k]) {
            label = k;
        }
    }
    return label;
}

typedef struct {
    const char *title; /* heading or title line above the block, or NULL */
    const char *unit;  /* unit named above the block, or NULL */
} markdown_context_t;

static bool read_table(markdown_table_t *table, const markdown_context_t *context,
                       size_t page_number, table_cell_list_t *cells)
{
    size_t columns = table->columns;
    if (table->count == 0 || columns == 0) {
        return true;
    }
    /* title and unit */
    const char *title = NULL;
    char *unit = context->unit != NULL ? strdup(context->unit) : NULL;
    size_t first_row = 0;
    {
        const markdown_row_t *row = &table->rows[0];
        size_t filled = 0;
        bool meta = false;
        const char *candidate = NULL;
        for (size_t c = 0; c < row->count; c++) {
            const char *text = row->cells[c];
            if (text[0] == '\0') {
                continue;
            }
            filled++;
            meta = meta || is_meta_cell(text);
            if (!is_meta_cell(text) && candidate == NULL && !is_decimal(text) &&
                (is_title_cell(text) || strstr(text, "收入") != NULL ||
                 strstr(text, "支出") != NULL)) {
                candidate = text;
            }
        }
        /* 收入 over one side of a two-sided sheet is a header, not a title:
         * a first-row title names a table, or shares the row with 单位 */
        if (candidate != NULL && !is_title_cell(candidate) && !meta) {
            candidate = NULL;
        }
        if (candidate != NULL && filled <= 3 && !row_has_decimal(table, 0)) {
            title = candidate;
            first_row = 1;
        }
    }
    if (title == NULL && context->title != NULL && is_title_cell(context->title)) {
        title = context->title;
    }
    for (size_t r = 0; r < table->count && r < 4; r++) {
        for (size_t c = 0; c < table->rows[r].count; c++) {
            char *found = tables_unit_from_text(table->rows[r].cells[c]);
            if (found != NULL) {
                free(unit);
                unit = found;
            }
        }
    }
    if (title == NULL) {
        free(unit);
        return true; /* not a statement table */
    }
    /* header rows: above the first row with a decimal */
    size_t data_first = table->count;
    for (size_t r = first_row; r < table->count; r++) {
        if (!skip_row(table, r) && row_has_decimal(table, r)) {
            data_first = r;
            break;
        }
    }
    cells->table_count++;
    if (data_first == table->count) {
        free(unit);
        return true;
    }
    /* column kinds from the data rows */
    bool numeric[MAX_MARKDOWN_COLUMNS] = {false}, text[MAX_MARKDOWN_COLUMNS] = {false};
    bool code[MAX_MARKDOWN_COLUMNS];
    for (size_t c = 0; c < columns; c++) {
        code[c] = true;
    }
    bool code_seen[MAX_MARKDOWN_COLUMNS] = {false};
    for (size_t r = data_first; r < table->count; r++) {
        if (skip_row(table, r)) {
            continue;
        }
        for (size_t c = 0; c < columns; c++) {
            const char *cell = cell_at(table, r, c);
            if (cell[0] == '\0' || tables_is_empty_mark(cell) || tables_is_percent(cell)) {
                continue;
            }
            if (is_decimal(cell)) {
                numeric[c] = true;
                code[c] = false;
            } else if (is_digits(cell) && strlen(cell) >= 2 && strlen(cell) <= 9) {
                code_seen[c] = true;
            } else {
                text[c] = true;
                code[c] = false;
            }
        }
    }
    for (size_t c = 0; c < columns; c++) {
        code[c] = code[c] && code_seen[c];
    }
    /* header path of each numeric column */
    char *paths[MAX_MARKDOWN_COLUMNS] = {NULL};
    bool ok = true;
    for (size_t c = 0; ok && c < columns; c++) {
        if (!numeric[c]) {
            continue;
        }
        size_t label_column = label_column_of(numeric, text, c);
        tables_string_t path = {0};
        size_t header_rows = 0;
        for (size_t r = first_row; r < data_first; r++) {
            header_rows += skip_row(table, r) ? 0 : 1;
        }
        size_t seen = 0;
        for (size_t r = first_row; ok && r < data_first; r++) {
            if (skip_row(table, r)) {
                continue;
            }
            seen++;
            const char *cell = cell_at(table, r, c);
            if (cell[0] == '\0' && seen < header_rows) {
                /* an upper header cell spanning to the right; over the label
                 * column it heads a whole side (收入 over 项目 | 预算数) when
                 * the label column has a header of its own below it */
                for (size_t k = c; k-- > 0;) {
                    if (!numeric[k] && k != label_column) {
                        break; /* other text columns head nothing here */
                    }
                    if (k == label_column) {
                        size_t below = r + 1;
                        while (below < data_first && skip_row(table, below)) {
                            below++;
                        }
                        if (below < data_first && cell_at(table, below, k)[0] != '\0') {
                            cell = cell_at(table, r, k);
                        }
                        break;
                    }
                    if (cell_at(table, r, k)[0] != '\0') {
                        cell = cell_at(table, r, k);
                        break;
                    }
                }
            }
            if (cell[0] == '\0' || is_meta_cell(cell)) {
                continue;
            }
            if (path.length > 0) {
                ok = tables_string_append(&path, "/", 1);
            }
            ok = ok && tables_string_append(&path, cell, strlen(cell));
        }
        paths[c] = ok ? tables_string_take(&path) : NULL;
        tables_string_free(&path);
        ok = ok && paths[c] != NULL;
    }
    /* cells */
    size_t body_row = 0;
    for (size_t r = data_first; ok && r < table->count; r++) {
        if (skip_row(table, r)) {
            continue;
        }
        size_t value_column = 0;
        for (size_t c = 0; ok && c < columns; c++) {
            if (!numeric[c]) {
                continue;
            }
            size_t position = value_column++;
            const char *cell = cell_at(table, r, c);
            char *plain = tables_plain_number(cell);
            if (plain == NULL) {
                continue;
            }
            const char *label = "";
            const char *row_code = "";
            size_t label_column = label_column_of(numeric, text, c);
            if (label_column != SIZE_MAX) {
                label = cell_at(table, r, label_column);
            }
            for (size_t k = label_column == SIZE_MAX ? c : label_column; k-- > 0;) {
                if (code[k]) {
                    row_code = cell_at(table, r, k);
                    break;
                }
                if (numeric[k]) {
                    break;
                }
            }
            ok = tables_add_cell(cells, page_number, title, body_row, position, label, row_code,
                                 paths[c], plain, unit != NULL ? unit : "");
            free(plain);
        }
        body_row++;
    }
    for (size_t c = 0; c < columns; c++) {
        free(paths[c]);
    }
    free(unit);
    return ok;
}

static bool is_table_line(const char *line, size_t length)
{
    size_t i = 0;
    while (i < length && (line[i] == ' ' || line[i] == '\t')) {
        i++;
    }
    return i < length && line[i] == '|';
}

bool tables_read_markdown_page(const char *text, size_t length, size_t page_number,
                               table_cell_list_t *cells)
{
    markdown_table_t table = {0};
    char *title = NULL, *unit = NULL;
    size_t lines_since_title = 0;
    bool ok = true;
    size_t at = 0;
    while (ok && at <= length) {
        size_t end = at;
        while (end < length && text[end] != '\n') {
            end++;
        }
        const char *line = text + at;
        size_t line_length = end - at;
        bool in_table = at < length && is_table_line(line, line_length);
        if (in_table) {
            if (!is_delimiter_row(line, line_length)) {
                ok = add_row(&table, line, line_length);
            }
        } else {
            if (table.count > 0) {
                markdown_context_t context = {title, unit};
                ok = read_table(&table, &context, page_number, cells);
                free_table(&table);
                free(title);
                free(unit);
                title = NULL;
                unit = NULL;
            }
            char *compact = tables_compact_text(line, line_length);
            ok = ok && compact != NULL;
            if (ok && compact[0] != '\0') {
                char *heading = compact;
                while (*heading == '#') {
                    heading++;
                }
                char *found_unit = tables_unit_from_text(compact);
                if (found_unit != NULL) {
                    free(unit);
                    unit = found_unit;
                } else if ((heading != compact && heading[0] != '\0') ||
                           tables_is_table_title(compact)) {
                    free(title);
                    title = strdup(heading);
                    ok = title != NULL;
                    lines_since_title = 0;
                } else if (++lines_since_title > 6) {
                    free(title);
                    title = NULL;
                    free(unit);
                    unit = NULL;
                }
            }
            free(compact);
        }
        at = end + 1;
    }
    if (ok && table.count > 0) {
        markdown_context_t context = {title, unit};
        ok = read_table(&table, &context, page_number, cells);
    }
    free_table(&table);
    free(title);
    free(unit);
    return ok;
}
