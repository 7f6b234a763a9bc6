/*
 * tables_page_titles.c - where the tables of a page start: title lines
 * (tables_title.c says which texts are titles), a title wrapped over two
 * lines, the unit (单位：万元) next to the title, whether a title is followed
 * by a table or only by more titles (a table of contents), and whether the
 * top of a page continues the table left open by the previous page.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

static bool ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
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

/* The text of a line up to a unit or maker part, malloc'd. */
static char *line_title_text(const tables_page_t *context, const tables_line_t *line)
{
    tables_string_t text = {0};
    for (size_t w = 0; w < line->count; w++) {
        const char *word = context->words.items[line->word_indices[w]].text;
        if (w > 0 && tables_starts_unit_part(word)) {
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
char *tables_title_at(const tables_page_t *context, size_t i, bool *joined, bool *failed)
{
    const tables_line_t *line = &context->lines.items[i];
    *joined = false;
    if (tables_line_count_kind(&context->words, line, TABLES_WORD_NUMBER) > 0 || line->count > 24) {
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
        above->count > 24 ||
        tables_line_count_kind(&context->words, above, TABLES_WORD_NUMBER) > 0) {
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

/* Whether what follows title line i looks like a table (and not a list of
 * titles). */
bool tables_followed_by_table(const tables_page_t *context, size_t i)
{
    for (size_t k = i + 1; k < context->lines.count && k <= i + 4; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (tables_is_table_title(line->text)) {
            return false;
        }
        if (is_header_line(line->text) ||
            tables_line_count_kind(&context->words, line, TABLES_WORD_NUMBER) >= 2) {
            return true;
        }
    }
    return false;
}

/* Finds the unit on the title line or in the lines after it (before the
 * first number), or just above the title, and moves the region start past a
 * short unit line (编制部门：… 单位：元).  Returns the unit (malloc'd), or
 * NULL when none is named. */
char *tables_take_unit(const tables_page_t *context, tables_region_t *region)
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
        if (tables_line_has_body_word(&context->words, line)) {
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
bool tables_starts_other_table(const tables_page_t *context, size_t end)
{
    for (size_t k = 0; k < end; k++) {
        const tables_line_t *line = &context->lines.items[k];
        if (context->furniture[k]) {
            continue;
        }
        if (tables_line_has_body_word(&context->words, line)) {
            return false;
        }
        if (ends_with(line->text, "表") && line->count <= 4 && strlen(line->text) >= 9) {
            return true;
        }
    }
    return false;
}

/* Whether two titles name the same table (收入决算表 / 收入决算表(续)). */
bool tables_same_title(const char *left, const char *right, bool *ok)
{
    char *a = tables_canonical_title(left);
    char *b = tables_canonical_title(right);
    bool same = a != NULL && b != NULL && strcmp(a, b) == 0;
    *ok = a != NULL && b != NULL;
    free(a);
    free(b);
    return same;
}
