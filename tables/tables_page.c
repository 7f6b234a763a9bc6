/*
 * tables_page.c - one PDF page: titled regions -> header, body -> cells.
 *
 * The page's lines are scanned for table titles (tables_title.c).  A title
 * counts when a unit line, header words or numbers follow it and another
 * title does not (a table of contents lists titles one after another).
 * Each accepted title owns the lines down to the next one.  Inside a
 * region: the 单位：万元 line gives the unit, the lines above the first
 * number or code are the header, the body runs until a note (注：), a wide
 * paragraph, a part heading or a large gap.  Columns, header paths and rows
 * come from tables_columns.c, tables_header.c and tables_rows.c.  Lines
 * above the first title continue the table left open by the previous page
 * (tables_continuation.c), with that table's columns.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const extract_page_t *page;
    size_t page_number;
    tables_word_list_t words;
    tables_line_list_t lines;
    bool *furniture; /* per line: a page number in the top or bottom margin */
    table_cell_list_t *cells;
} page_context_t;

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

static size_t count_kind(const page_context_t *context, const tables_line_t *line,
                         tables_word_kind_t kind)
{
    size_t found = 0;
    for (size_t i = 0; i < line->count; i++) {
        if (context->words.items[line->word_indices[i]].kind == kind) {
            found++;
        }
    }
    return found;
}

static bool is_header_line(const char *text)
{
    static const char *const keys[] = {"项目", "科目",     "预算数",   "决算数", "合计",
                                       "金额", "本年收入", "本年支出", "单位:"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strstr(text, keys[i]) != NULL) {
            return true;
        }
    }
    return false;
}

/* Whether a word starts the unit or maker part of a title line
 * (收入决算表    单位：万元). */
static bool starts_unit_part(const char *word)
{
    return starts_with(word, "单位:") || starts_with(word, "金额单位") ||
           starts_with(word, "编制单位") || starts_with(word, "编制部门");
}

/* The text of a line up to a unit or maker part, malloc'd. */
static char *line_title_text(const page_context_t *context, const tables_line_t *line)
{
    tables_string_t text = {0};
    for (size_t w = 0; w < line->count; w++) {
        const char *word = context->words.items[line->word_indices[w]].text;
        if (w > 0 && starts_unit_part(word)) {
            break;
        }
        if (!tables_string_append(&text, word, strlen(word))) {
            tables_string_free(&text);
            return NULL;
        }
    }
    return tables_string_take(&text);
}

/* Title text of line i, joined with the line above when the title wraps.
 * Returns a malloc'd title, or NULL (also when out of memory: *failed). */
static char *title_at(const page_context_t *context, size_t i, bool *joined, bool *failed)
{
    const tables_line_t *line = &context->lines.items[i];
    *joined = false;
    if (count_kind(context, line, TABLES_WORD_NUMBER) > 0 || line->count > 6) {
        return NULL;
    }
    char *text = line_title_text(context, line);
    if (text == NULL) {
        *failed = true;
        return NULL;
    }
    if (tables_is_table_title(text)) {
        return text;
    }
    if (i == 0) {
        free(text);
        return NULL;
    }
    const tables_line_t *above = &context->lines.items[i - 1];
    if (ends_with(above->text, "表") || line->center_y - above->center_y > 2.2 * line->em ||
        above->count > 6 || count_kind(context, above, TABLES_WORD_NUMBER) > 0) {
        free(text);
        return NULL;
    }
    size_t length = strlen(above->text) + strlen(text);
    char *title = malloc(length + 1);
    if (title == NULL) {
        free(text);
        *failed = true;
        return NULL;
    }
    strcpy(title, above->text);
    strcat(title, text);
    free(text);
    if (!tables_is_table_title(title)) {
        free(title);
        return NULL;
    }
    *joined = true;
    return title;
}

/* 12, -12-, — 12 —, 第12页, 第12页共30页, 12/30 */
static bool is_page_number_text(const char *text)
{
    const char *at = text;
    while (*at == '-' || starts_with(at, "—") || starts_with(at, "第")) {
        at += *at == '-' ? 1 : strlen("—");
    }
    size_t digits = 0;
    while (at[digits] >= '0' && at[digits] <= '9') {
        digits++;
    }
    if (digits == 0 || digits > 4) {
        return false;
    }
    at += digits;
    if (*at == '/') {
        at++;
        while (*at >= '0' && *at <= '9') {
            at++;
        }
    }
    if (starts_with(at, "页")) {
        at += strlen("页");
        if (starts_with(at, "共")) {
            at += strlen("共");
            while (*at >= '0' && *at <= '9') {
                at++;
            }
            if (starts_with(at, "页")) {
                at += strlen("页");
            }
        }
    }
    while (*at == '-' || starts_with(at, "—")) {
        at += *at == '-' ? 1 : strlen("—");
    }
    return *at == '\0';
}

static bool mark_furniture(page_context_t *context)
{
    context->furniture = calloc(context->lines.count + 1, sizeof *context->furniture);
    if (context->furniture == NULL) {
        return false;
    }
    double height = context->page->height > 0 ? context->page->height : 842.0;
    for (size_t k = 0; k < context->lines.count; k++) {
        const tables_line_t *line = &context->lines.items[k];
        bool margin = line->center_y > 0.85 * height || line->center_y < 0.1 * height;
        context->furniture[k] = margin && is_page_number_text(line->text);
    }
    return true;
}

/* Whether what follows title line i looks like a table (and not a list of
 * titles). */
static bool followed_by_table(const page_context_t *context, size_t i)
{
    for (size_t k = i + 1; k < context->lines.count && k <= i + 4; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (tables_is_table_title(line->text)) {
            return false;
        }
        if (is_header_line(line->text) || count_kind(context, line, TABLES_WORD_NUMBER) >= 2) {
            return true;
        }
    }
    return false;
}

static bool is_part_heading(const char *text)
{
    if (!starts_with(text, "第")) {
        return false;
    }
    const char *part = strstr(text, "部分");
    return part != NULL && part - text <= 12;
}

/* Whether line k ends the body that started at line `first`. */
static bool ends_body(const page_context_t *context, size_t k, size_t first, double body_width)
{
    const tables_line_t *line = &context->lines.items[k];
    if (starts_with(line->text, "注:") || starts_with(line->text, "注1") ||
        starts_with(line->text, "说明:") || starts_with(line->text, "备注:") ||
        is_part_heading(line->text)) {
        return true;
    }
    for (size_t w = 0; w < line->count; w++) {
        const tables_word_t *word = &context->words.items[line->word_indices[w]];
        if (word->kind == TABLES_WORD_TEXT && word->x2 - word->x1 > 0.55 * body_width &&
            strlen(word->text) > 30) {
            return true;
        }
    }
    /* a wide gap ends the table, unless numbers are on the line or just
     * below it (收入总计 set apart at the foot of the table) */
    if (k > first) {
        const tables_line_t *previous = &context->lines.items[k - 1];
        bool numbers = count_kind(context, line, TABLES_WORD_NUMBER) > 0;
        if (!numbers && k + 1 < context->lines.count) {
            const tables_line_t *next = &context->lines.items[k + 1];
            numbers = next->center_y - line->center_y <= line->em &&
                      count_kind(context, next, TABLES_WORD_NUMBER) > 0;
        }
        if (line->center_y - previous->center_y > 8.0 * tables_max(line->em, previous->em) &&
            !numbers) {
            return true;
        }
    }
    return false;
}

static bool line_has_body_word(const page_context_t *context, const tables_line_t *line)
{
    for (size_t i = 0; i < line->count; i++) {
        const tables_word_t *word = &context->words.items[line->word_indices[i]];
        if (word->kind == TABLES_WORD_NUMBER ||
            (word->kind == TABLES_WORD_DIGITS && strlen(word->text) >= 3)) {
            return true;
        }
    }
    return false;
}

static int compare_double_pairs(const void *a, const void *b)
{
    const double *left = a, *right = b;
    return left[0] < right[0] ? -1 : left[0] > right[0];
}

/* Physical row numbers: rows of all sides ordered by position, rows of
 * different sides at the same height share a number. */
static bool number_rows(const tables_row_list_t *rows, size_t first_number, size_t *numbers,
                        size_t *next_number)
{
    double *order = malloc((rows->count + 1) * 2 * sizeof *order);
    if (order == NULL) {
        return false;
    }
    for (size_t r = 0; r < rows->count; r++) {
        order[2 * r] = rows->items[r].reference_y;
        order[2 * r + 1] = (double)r;
    }
    qsort(order, rows->count, 2 * sizeof *order, compare_double_pairs);
    size_t number = first_number;
    for (size_t k = 0; k < rows->count; k++) {
        if (k > 0 && order[2 * k] - order[2 * (k - 1)] > 3.0) {
            number++;
        }
        numbers[(size_t)order[2 * k + 1]] = number;
    }
    *next_number = rows->count > 0 ? number + 1 : first_number;
    free(order);
    return true;
}

typedef struct {
    const char *title;
    const char *unit;
    size_t first_line, end_line; /* lines of the region after title and unit */
} region_t;

/* Reads one region.  `carried` (may be NULL) gives the columns of a table
 * continued from the previous page.  On return *open says whether the body
 * ran to the end of the region without a closing mark, and *columns_out
 * receives the columns used (the caller owns them). */
static bool read_region(page_context_t *context, const region_t *region,
                        const tables_column_list_t *carried, size_t first_row, size_t *next_row,
                        bool *open, tables_column_list_t *columns_out)
{
    *open = false;
    *next_row = first_row;
    memset(columns_out, 0, sizeof *columns_out);
    double body_width = context->page->width > 0 ? context->page->width : 600.0;
    size_t body_first = region->end_line;
    for (size_t k = region->first_line; k < region->end_line; k++) {
        if (context->furniture[k]) {
            continue;
        }
        if (line_has_body_word(context, &context->lines.items[k])) {
            body_first = k;
            break;
        }
        if (ends_body(context, k, k, body_width)) {
            return true;
        }
    }
    /* a label wrapped around the first row's numbers starts above them:
     * a line close above, all of it left of the first row's numbers or
     * holding numbered labels (two sides: 一、... | 一、...) */
    double numbers_left = INFINITY;
    if (body_first < region->end_line) {
        const tables_line_t *first = &context->lines.items[body_first];
        for (size_t w = 0; w < first->count; w++) {
            const tables_word_t *word = &context->words.items[first->word_indices[w]];
            if (word->kind == TABLES_WORD_NUMBER) {
                numbers_left = tables_min(numbers_left, word->x1);
            }
        }
    }
    for (int step = 0; step < 3 && body_first < region->end_line && body_first > region->first_line;
         step++) {
        const tables_line_t *above = &context->lines.items[body_first - 1];
        const tables_line_t *first = &context->lines.items[body_first];
        bool labels = above->x2 <= numbers_left;
        for (size_t w = 0; !labels && w < above->count; w++) {
            const char *text = context->words.items[above->word_indices[w]].text;
            labels = tables_starts_with_enumeration(text) || tables_names_total(text);
        }
        if (first->center_y - above->center_y > 0.9 * tables_min(above->em, first->em) || !labels) {
            break;
        }
        body_first--;
    }
    size_t body_end = region->end_line;
    for (size_t k = body_first; k < region->end_line; k++) {
        if (context->furniture[k]) {
            continue;
        }
        if (ends_body(context, k, body_first, body_width)) {
            body_end = k;
            break;
        }
    }
    *open = body_end == region->end_line;
    if (body_first >= body_end) {
        /* no body yet: a title and header at the foot of the page leave the
         * table open for the next page */
        *open = body_first == region->end_line;
        return true;
    }
    size_t word_total = 0;
    for (size_t k = region->first_line; k < body_end; k++) {
        word_total += context->lines.items[k].count;
    }
    size_t *body = malloc((word_total + 1) * sizeof *body);
    size_t *header = malloc((word_total + 1) * sizeof *header);
    size_t body_count = 0, header_count = 0;
    tables_row_list_t rows = {0};
    tables_value_list_t values = {0};
    size_t *numbers = NULL;
    bool ok = body != NULL && header != NULL;
    for (size_t k = region->first_line; ok && k < body_end; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (context->furniture[k]) {
            continue;
        }
        for (size_t w = 0; w < line->count; w++) {
            size_t index = line->word_indices[w];
            if (k >= body_first) {
                body[body_count++] = index;
            } else if (context->words.items[index].kind == TABLES_WORD_TEXT &&
                       !starts_unit_part(context->words.items[index].text)) {
                header[header_count++] = index;
            }
        }
    }
    if (ok && carried != NULL) {
        columns_out->items = calloc(carried->count + 1, sizeof *columns_out->items);
        ok = columns_out->items != NULL;
        for (size_t c = 0; ok && c < carried->count; c++) {
            columns_out->items[c] = carried->items[c];
            columns_out->items[c].header = NULL;
            if (carried->items[c].header != NULL) {
                columns_out->items[c].header = strdup(carried->items[c].header);
                ok = columns_out->items[c].header != NULL;
            }
            columns_out->count = c + 1;
        }
        columns_out->side_count = carried->side_count;
    } else if (ok) {
        ok = tables_find_columns(&context->words, body, body_count, columns_out) &&
             tables_header_paths(&context->words, header, header_count, columns_out);
    }
    ok = ok && tables_build_rows(&context->words, body, body_count, columns_out, &rows, &values);
    if (ok) {
        numbers = malloc((rows.count + 1) * sizeof *numbers);
        ok = numbers != NULL && number_rows(&rows, first_row, numbers, next_row);
    }
    /* position of each value column among the value columns */
    size_t *ordinals = ok ? malloc((columns_out->count + 1) * sizeof *ordinals) : NULL;
    ok = ok && ordinals != NULL;
    for (size_t c = 0, next = 0; ok && c < columns_out->count; c++) {
        ordinals[c] = next;
        if (columns_out->items[c].kind == TABLES_COLUMN_VALUE) {
            next++;
        }
    }
    for (size_t v = 0; ok && v < values.count; v++) {
        const tables_value_t *value = &values.items[v];
        const tables_word_t *word = &context->words.items[value->word];
        char *plain = tables_plain_number(word->text);
        if (plain == NULL) {
            continue;
        }
        size_t col = ordinals[value->column];
        const tables_row_t *row = &rows.items[value->row];
        const char *col_label = columns_out->items[value->column].header;
        ok = tables_add_cell(context->cells, context->page_number, region->title,
                             numbers[value->row], col, row->label, row->code,
                             col_label != NULL ? col_label : "", plain, region->unit);
        free(plain);
    }
    free(ordinals);
    free(numbers);
    tables_row_list_free(&rows);
    tables_value_list_free(&values);
    free(body);
    free(header);
    if (!ok) {
        tables_column_list_free(columns_out);
    }
    return ok;
}

/* Finds the unit on the title line or in the lines after it (before the
 * first number), or just above the title, and moves the region start past a
 * short unit line (编制部门：… 单位：元).  Returns the unit (malloc'd), or
 * NULL when none is named. */
static char *take_unit(const page_context_t *context, region_t *region)
{
    if (region->first_line == 0) {
        return NULL;
    }
    const tables_line_t *title = &context->lines.items[region->first_line - 1];
    char *unit = tables_unit_from_text(title->text);
    if (unit != NULL) {
        return unit; /* on the title line itself */
    }
    /* 单位：万元 (and 编制部门：…) above the header, or in its top row */
    for (size_t k = region->first_line; k < region->end_line && k < region->first_line + 6; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (line_has_body_word(context, line)) {
            break;
        }
        unit = tables_unit_from_text(line->text);
        if (unit != NULL) {
            if (line->count <= 3 && k < region->first_line + 3) {
                region->first_line = k + 1;
            }
            return unit;
        }
    }
    /* a unit printed just above the title */
    for (size_t back = 2; back <= 3 && region->first_line >= back; back++) {
        const tables_line_t *line = &context->lines.items[region->first_line - back];
        if (title->center_y - line->center_y > 3.0 * title->em) {
            break;
        }
        unit = tables_unit_from_text(line->text);
        if (unit != NULL) {
            return unit;
        }
    }
    return NULL;
}

/* Whether the lines above the first title (up to the first number) hold a
 * line that looks like the title of a table not recognized as standard:
 * then the open table does not go on here. */
static bool starts_other_table(const page_context_t *context, size_t end)
{
    for (size_t k = 0; k < end; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (context->furniture[k]) {
            continue;
        }
        if (line_has_body_word(context, line)) {
            return false;
        }
        if (ends_with(line->text, "表") && line->count <= 4 && strlen(line->text) >= 9) {
            return true;
        }
    }
    return false;
}

/* Whether two titles name the same table (收入决算表 / 收入决算表(续)). */
static bool same_title(const char *left, const char *right, bool *ok)
{
    char *a = tables_canonical_title(left);
    char *b = tables_canonical_title(right);
    bool same = a != NULL && b != NULL && strcmp(a, b) == 0;
    *ok = a != NULL && b != NULL;
    free(a);
    free(b);
    return same;
}

bool tables_read_page(const extract_page_t *page, size_t page_number,
                      tables_open_table_t *open_table, table_cell_list_t *cells)
{
    page_context_t context = {.page = page, .page_number = page_number, .cells = cells};
    if (page->glyphs == NULL || page->glyph_count == 0) {
        tables_open_table_clear(open_table);
        return true;
    }
    bool ok = tables_words_from_page(page, &context.words) &&
              tables_lines_from_words(&context.words, &context.lines) && mark_furniture(&context);
    size_t *title_lines = NULL;
    char **titles = NULL;
    size_t title_count = 0;
    if (ok) {
        title_lines = malloc((context.lines.count + 1) * sizeof *title_lines);
        titles = calloc(context.lines.count + 1, sizeof *titles);
        ok = title_lines != NULL && titles != NULL;
    }
    for (size_t i = 0; ok && i < context.lines.count; i++) {
        bool joined = false, failed = false;
        char *title = title_at(&context, i, &joined, &failed);
        if (failed) {
            ok = false;
            break;
        }
        if (title == NULL) {
            continue;
        }
        if (!followed_by_table(&context, i)) {
            free(title);
            continue;
        }
        if (joined && title_count > 0 && title_lines[title_count - 1] == i - 1) {
            free(titles[title_count - 1]);
            title_count--;
        }
        title_lines[title_count] = i;
        titles[title_count] = title;
        title_count++;
    }
    /* Lines before the first title continue the open table, unless a line
     * that looks like the title of some other table comes first. */
    size_t first_title_line = title_count > 0 ? title_lines[0] : context.lines.count;
    if (ok && open_table->open && starts_other_table(&context, first_title_line)) {
        tables_open_table_clear(open_table);
    }
    /* A table whose title is printed again on the next page goes on. */
    char *continued_title = NULL, *continued_unit = NULL;
    size_t continued_row = 0, cells_before = cells->count;
    if (ok && open_table->open && title_count > 0) {
        continued_title = strdup(open_table->title);
        continued_unit = strdup(open_table->unit);
        continued_row = open_table->next_row;
        ok = continued_title != NULL && continued_unit != NULL;
    }
    if (ok && open_table->open) {
        region_t region = {.title = open_table->title,
                           .unit = open_table->unit,
                           .first_line = 0,
                           .end_line = first_title_line};
        size_t next_row = open_table->next_row;
        bool open = false;
        tables_column_list_t used = {0};
        /* a table whose body had not started yet gets its columns here */
        const tables_column_list_t *carried =
            open_table->columns.count > 0 ? &open_table->columns : NULL;
        ok = read_region(&context, &region, carried, open_table->next_row, &next_row, &open, &used);
        if (ok && open && carried == NULL && used.count > 0) {
            tables_column_list_free(&open_table->columns);
            open_table->columns = used;
            memset(&used, 0, sizeof used);
        }
        tables_column_list_free(&used);
        open_table->next_row = next_row;
        if (!open || title_count > 0) {
            tables_open_table_clear(open_table);
        }
    } else {
        tables_open_table_clear(open_table);
    }
    bool repeated = false;
    if (ok && continued_title != NULL && cells->count == cells_before) {
        repeated = same_title(continued_title, titles[0], &ok);
    }
    for (size_t t = 0; ok && t < title_count; t++) {
        bool goes_on = t == 0 && repeated;
        region_t region = {.title = goes_on ? continued_title : titles[t],
                           .first_line = title_lines[t] + 1,
                           .end_line =
                               t + 1 < title_count ? title_lines[t + 1] : context.lines.count};
        char *unit = take_unit(&context, &region);
        region.unit = unit != NULL ? unit : goes_on ? continued_unit : "";
        if (!goes_on) {
            cells->table_count++;
        }
        size_t first_row = goes_on ? continued_row : 0;
        size_t next_row = first_row;
        bool open = false;
        tables_column_list_t used = {0};
        ok = read_region(&context, &region, NULL, first_row, &next_row, &open, &used);
        if (ok && open && t + 1 == title_count) {
            tables_open_table_clear(open_table);
            open_table->open = true;
            open_table->title = strdup(region.title);
            open_table->unit = strdup(region.unit);
            open_table->columns = used;
            open_table->next_row = next_row;
            memset(&used, 0, sizeof used);
            ok = open_table->title != NULL && open_table->unit != NULL;
        }
        tables_column_list_free(&used);
        free(unit);
    }
    free(continued_title);
    free(continued_unit);
    for (size_t t = 0; titles != NULL && t < title_count; t++) {
        free(titles[t]);
    }
    free(titles);
    free(title_lines);
    free(context.furniture);
    tables_line_list_free(&context.lines);
    tables_word_list_free(&context.words);
    return ok;
}
