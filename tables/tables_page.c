/*
 * tables_page.c - one PDF page: glyphs -> words -> lines, page furniture
 * marked, titles found (tables_page_titles.c), then the lines above the
 * first title continue the table left open by the previous page
 * (tables_continuation.c) and each title's region is read
 * (tables_region.c).  A table whose body runs to the foot of the page, or
 * whose title is printed again (续) on the next page, stays open.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

bool tables_read_page(const extract_page_t *page, size_t page_number,
                      tables_open_table_t *open_table, table_cell_list_t *cells)
{
    tables_page_t context = {.page = page, .page_number = page_number, .cells = cells};
    if (page->glyphs == NULL || page->glyph_count == 0) {
        tables_open_table_clear(open_table);
        return true;
    }
    bool ok = tables_words_from_page(page, &context.words) &&
              tables_lines_from_words(&context.words, &context.lines) &&
              tables_mark_furniture(&context);
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
        char *title = tables_title_at(&context, i, &joined, &failed);
        if (failed) {
            ok = false;
            break;
        }
        if (title == NULL) {
            continue;
        }
        if (!tables_followed_by_table(&context, i)) {
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
    if (ok && open_table->open && tables_starts_other_table(&context, first_title_line)) {
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
        tables_region_t region = {.title = open_table->title,
                                  .unit = open_table->unit,
                                  .first_line = 0,
                                  .end_line = first_title_line};
        size_t next_row = open_table->next_row;
        bool open = false;
        tables_column_list_t used = {0};
        /* a table whose body had not started yet gets its columns here */
        const tables_column_list_t *carried =
            open_table->columns.count > 0 ? &open_table->columns : NULL;
        ok = tables_read_region(&context, &region, carried,
                                carried == NULL ? &open_table->header_words : NULL,
                                open_table->next_row, &next_row, &open, &used, NULL);
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
        repeated = tables_same_title(continued_title, titles[0], &ok);
    }
    for (size_t t = 0; ok && t < title_count; t++) {
        bool goes_on = t == 0 && repeated;
        tables_region_t region = {.title = goes_on ? continued_title : titles[t],
                                  .first_line = title_lines[t] + 1,
                                  .end_line = t + 1 < title_count ? title_lines[t + 1]
                                                                  : context.lines.count};
        char *unit = tables_take_unit(&context, &region);
        region.unit = unit != NULL ? unit : goes_on ? continued_unit : "";
        if (!goes_on) {
            cells->table_count++;
        }
        size_t first_row = goes_on ? continued_row : 0;
        size_t next_row = first_row;
        bool open = false;
        tables_column_list_t used = {0};
        tables_word_list_t header_words = {0};
        ok = tables_read_region(&context, &region, NULL, NULL, first_row, &next_row, &open, &used,
                                &header_words);
        if (ok && open && t + 1 == title_count) {
            tables_open_table_clear(open_table);
            open_table->open = true;
            open_table->title = strdup(region.title);
            open_table->unit = strdup(region.unit);
            open_table->columns = used;
            open_table->next_row = next_row;
            open_table->header_words = header_words;
            memset(&used, 0, sizeof used);
            memset(&header_words, 0, sizeof header_words);
            ok = open_table->title != NULL && open_table->unit != NULL;
        }
        tables_word_list_free(&header_words);
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
