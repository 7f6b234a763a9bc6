/*
 * tables_score.c - how many gold cells a run got right (see tables.h for
 * what counts as a match).  Produced cells are sorted by (table, value) so
 * that each gold cell only looks at the few produced cells with its table
 * and value: O((gold + produced) log produced).
 */
#include "tables_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key; /* canonical table '\x1f' canonical value */
    char *row_label;
    char *code;
    char *col_label;
    bool used;
} scored_cell_t;

/* "1,234.50" -> "1234.5", "0.00" -> "0"; text that is not a number stays. */
static char *canonical_value(const char *value)
{
    char *compact = tables_compact_text(value, strlen(value));
    if (compact == NULL) {
        return NULL;
    }
    char *plain = tables_plain_number(compact);
    if (plain == NULL) {
        return compact;
    }
    free(compact);
    if (strchr(plain, '.') != NULL) {
        size_t length = strlen(plain);
        while (length > 0 && plain[length - 1] == '0') {
            plain[--length] = '\0';
        }
        if (length > 0 && plain[length - 1] == '.') {
            plain[--length] = '\0';
        }
    }
    if (strcmp(plain, "-0") == 0 || strcmp(plain, "-") == 0) {
        strcpy(plain, "0");
    }
    return plain;
}

static char *make_key(const char *table, const char *value)
{
    char *title = tables_canonical_title(table);
    char *number = canonical_value(value);
    char *key = NULL;
    if (title != NULL && number != NULL) {
        size_t length = strlen(title) + strlen(number) + 2;
        key = malloc(length);
        if (key != NULL) {
            snprintf(key, length, "%s\x1f%s", title, number);
        }
    }
    free(title);
    free(number);
    return key;
}

static int compare_scored(const void *a, const void *b)
{
    return strcmp(((const scored_cell_t *)a)->key, ((const scored_cell_t *)b)->key);
}

static bool rows_match(const scored_cell_t *cell, const char *code, const char *label)
{
    if (code[0] != '\0' && strcmp(cell->code, code) == 0) {
        return true;
    }
    return strcmp(cell->row_label, label) == 0;
}

static void free_scored(scored_cell_t *cells, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(cells[i].key);
        free(cells[i].row_label);
        free(cells[i].code);
        free(cells[i].col_label);
    }
    free(cells);
}

int tables_score(const table_gold_list_t *gold, const char *source, const table_cell_list_t *cells,
                 table_score_t *score, char **error)
{
    *error = NULL;
    memset(score, 0, sizeof *score);
    scored_cell_t *produced = calloc(cells->count + 1, sizeof *produced);
    if (produced == NULL) {
        *error = strdup("out of memory");
        return -1;
    }
    size_t count = 0;
    for (size_t i = 0; i < cells->count; i++) {
        const table_cell_t *cell = &cells->items[i];
        scored_cell_t *item = &produced[count++];
        item->key = make_key(cell->table, cell->value);
        item->row_label = tables_compact_text(cell->row_label, strlen(cell->row_label));
        item->code = tables_compact_text(cell->code, strlen(cell->code));
        item->col_label = tables_compact_text(cell->col_label, strlen(cell->col_label));
        if (item->key == NULL || item->row_label == NULL || item->code == NULL ||
            item->col_label == NULL) {
            free_scored(produced, count);
            *error = strdup("out of memory");
            return -1;
        }
    }
    qsort(produced, count, sizeof *produced, compare_scored);
    score->produced = count;
    for (size_t g = 0; g < gold->count; g++) {
        const table_gold_cell_t *cell = &gold->items[g];
        if (source != NULL && strcmp(cell->source, source) != 0) {
            continue;
        }
        score->gold++;
        char *key = make_key(cell->table, cell->value);
        char *label = tables_compact_text(cell->row_label, strlen(cell->row_label));
        char *code = tables_compact_text(cell->code, strlen(cell->code));
        char *column = tables_compact_text(cell->col_label, strlen(cell->col_label));
        if (key == NULL || label == NULL || code == NULL || column == NULL) {
            free(key);
            free(label);
            free(code);
            free(column);
            free_scored(produced, count);
            *error = strdup("out of memory");
            return -1;
        }
        size_t low = 0, high = count;
        while (low < high) {
            size_t middle = low + (high - low) / 2;
            if (strcmp(produced[middle].key, key) < 0) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for (size_t i = low; i < count && strcmp(produced[i].key, key) == 0; i++) {
            if (!produced[i].used && strcmp(produced[i].col_label, column) == 0 &&
                rows_match(&produced[i], code, label)) {
                produced[i].used = true;
                score->matched++;
                break;
            }
        }
        free(key);
        free(label);
        free(code);
        free(column);
    }
    free_scored(produced, count);
    return 0;
}

int tables_score_csv(const table_gold_list_t *gold, const table_gold_list_t *produced,
                     const char *source, table_score_t *score, char **error)
{
    *error = NULL;
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    for (size_t i = 0; i < produced->count; i++) {
        const table_gold_cell_t *cell = &produced->items[i];
        if (source != NULL && strcmp(cell->source, source) != 0) {
            continue;
        }
        if (!tables_add_cell(&cells, cell->page, cell->table, 0, 0, cell->row_label, cell->code,
                             cell->col_label, cell->value, "")) {
            table_cell_list_free(&cells);
            *error = strdup("out of memory");
            return -1;
        }
    }
    int result = tables_score(gold, source, &cells, score, error);
    table_cell_list_free(&cells);
    return result;
}
