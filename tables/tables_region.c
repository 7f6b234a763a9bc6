/*
 * tables_region.c - one titled region of a page -> cells.
 *
 * Inside a region: the lines above the first number or code are the header
 * (a label wrapped around the first row's numbers starts a little above
 * them); the body runs until a note (注：), a wide paragraph, a part heading
 * or a wide gap.  Columns, header paths and rows come from tables_columns.c,
 * tables_header.c and tables_rows.c (or, for a table continued from the
 * previous page, the columns it left behind), and every number becomes a
 * cell with its physical row number.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
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
static bool ends_body(const tables_page_t *context, size_t k, size_t first, double body_width)
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
    /* a sentence (。 ， ； -- folded to 。 , ;) running across much of the
     * page, without numbers of its own, is a paragraph even when it comes in
     * many words */
    if (strlen(line->text) > 45 && line->x2 - line->x1 > 0.5 * body_width &&
        (strstr(line->text, "。") != NULL || strstr(line->text, ",") != NULL ||
         strstr(line->text, ";") != NULL) &&
        tables_line_count_kind(&context->words, line, TABLES_WORD_NUMBER) == 0) {
        return true;
    }
    /* a wide gap ends the table, unless numbers are on the line or just
     * below it (收入总计 set apart at the foot of the table) */
    if (k > first) {
        const tables_line_t *previous = &context->lines.items[k - 1];
        bool numbers = tables_line_count_kind(&context->words, line, TABLES_WORD_NUMBER) > 0;
        if (!numbers && k + 1 < context->lines.count) {
            const tables_line_t *next = &context->lines.items[k + 1];
            numbers = next->center_y - line->center_y <= line->em &&
                      tables_line_count_kind(&context->words, next, TABLES_WORD_NUMBER) > 0;
        }
        if (line->center_y - previous->center_y > 8.0 * tables_max(line->em, previous->em) &&
            !numbers) {
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
static bool number_rows(const tables_row_list_t *rows, double tolerance, size_t first_number,
                        size_t *numbers, size_t *next_number)
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
        if (k > 0 && order[2 * k] - order[2 * (k - 1)] > tolerance) {
            number++;
        }
        numbers[(size_t)order[2 * k + 1]] = number;
    }
    *next_number = rows->count > 0 ? number + 1 : first_number;
    free(order);
    return true;
}

/* Reads one region.  `carried` (may be NULL) gives the columns of a table
 * continued from the previous page.  On return *open says whether the body
 * ran to the end of the region without a closing mark, and *columns_out
 * receives the columns used (the caller owns them). */
/* Copies the header words of lines [first, end) into `out`, placed above
 * the next page (y less the page height) on lines of their own. */
static bool keep_header(const tables_page_t *context, size_t first, size_t end,
                        tables_word_list_t *out)
{
    double height = context->page->height > 0 ? context->page->height : 842.0;
    for (size_t k = first; k < end; k++) {
        const tables_line_t *line = &context->lines.items[k];
        for (size_t w = 0; !context->furniture[k] && w < line->count; w++) {
            const tables_word_t *word = &context->words.items[line->word_indices[w]];
            if (word->kind != TABLES_WORD_TEXT || tables_starts_unit_part(word->text)) {
                continue;
            }
            if (out->count == out->capacity) {
                size_t capacity = out->capacity ? out->capacity * 2 : 32;
                tables_word_t *items = realloc(out->items, capacity * sizeof *items);
                if (items == NULL) {
                    return false;
                }
                out->items = items;
                out->capacity = capacity;
            }
            tables_word_t *copy = &out->items[out->count];
            *copy = *word;
            copy->text = strdup(word->text);
            if (copy->text == NULL) {
                return false;
            }
            copy->y1 -= height;
            copy->y2 -= height;
            copy->center_y -= height;
            copy->line = ((size_t)1 << 30) + k; /* apart from this page's lines */
            out->count++;
        }
    }
    return true;
}

/* Header paths from this page's header words and, for a table whose header
 * was on the previous page, the words kept from there. */
static bool header_paths(const tables_page_t *context, const size_t *header, size_t count,
                         const tables_word_list_t *pending, tables_column_list_t *columns)
{
    if (pending == NULL || pending->count == 0) {
        return tables_header_paths(&context->words, header, count, columns);
    }
    size_t total = count + pending->count;
    tables_word_list_t combined = {0};
    combined.items = malloc(total * sizeof *combined.items);
    size_t *indices = malloc(total * sizeof *indices);
    bool ok = combined.items != NULL && indices != NULL;
    for (size_t i = 0; ok && i < total; i++) {
        /* borrowed texts: the list is freed, not its words */
        combined.items[i] = i < pending->count ? pending->items[i]
                                               : context->words.items[header[i - pending->count]];
        indices[i] = i;
    }
    combined.count = total;
    ok = ok && tables_header_paths(&combined, indices, total, columns);
    free(combined.items);
    free(indices);
    return ok;
}

bool tables_read_region(tables_page_t *context, const tables_region_t *region,
                        const tables_column_list_t *carried,
                        const tables_word_list_t *pending_header, size_t first_row,
                        size_t *next_row, bool *open, tables_column_list_t *columns_out,
                        tables_word_list_t *header_out)
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
        if (tables_line_has_body_word(&context->words, &context->lines.items[k])) {
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
        if (*open && header_out != NULL) {
            return keep_header(context, region->first_line, region->end_line, header_out);
        }
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
                       !tables_starts_unit_part(context->words.items[index].text)) {
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
             header_paths(context, header, header_count, pending_header, columns_out);
    }
    ok = ok && tables_build_rows(&context->words, body, body_count, columns_out, &rows, &values);
    if (ok) {
        numbers = malloc((rows.count + 1) * sizeof *numbers);
        /* rows of two sides less than 0.6 em apart are one physical row */
        double em = context->lines.items[body_first].em;
        ok = numbers != NULL && number_rows(&rows, 0.6 * em, first_row, numbers, next_row);
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
