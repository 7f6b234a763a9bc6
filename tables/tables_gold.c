/*
 * tables_gold.c - reading hand-checked gold cells (corpus/gold-tables/NAME.csv)
 * for tables_score.c and the `cnfiscal eval` command.
 *
 * The reader takes RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF
 * line ends, a UTF-8 BOM) and finds the columns by their header names, so
 * extra columns are allowed.
 */
#include "tables_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void table_gold_list_init(table_gold_list_t *gold)
{
    gold->items = NULL;
    gold->count = 0;
    gold->capacity = 0;
}

static void free_gold_cell(table_gold_cell_t *cell)
{
    free(cell->source);
    free(cell->table);
    free(cell->row_label);
    free(cell->code);
    free(cell->col_label);
    free(cell->value);
}

void table_gold_list_free(table_gold_list_t *gold)
{
    for (size_t i = 0; i < gold->count; i++) {
        free_gold_cell(&gold->items[i]);
    }
    free(gold->items);
    table_gold_list_init(gold);
}

static char *message(const char *format, size_t line, const char *detail)
{
    char buffer[256];
    snprintf(buffer, sizeof buffer, format, line, detail);
    return strdup(buffer);
}

enum { GOLD_FIELDS = 7, MAX_FIELDS = 64 };
static const char *const field_names[GOLD_FIELDS] = {"source", "page",      "table", "row_label",
                                                     "code",   "col_label", "value"};

/* Reads one record starting at *at; fields are malloc'd into fields[].
 * Returns the number of fields, 0 at the end of input, -1 when out of
 * memory, -2 for a quote that never closes. */
static int read_record(const char *text, size_t length, size_t *at, char **fields, size_t *line)
{
    if (*at >= length) {
        return 0;
    }
    int count = 0;
    tables_string_t field = {0};
    bool quoted = false, ok = true;
    size_t i = *at;
    for (;;) {
        if (i >= length) {
            if (quoted) {
                tables_string_free(&field);
                for (int k = 0; k < count; k++) {
                    free(fields[k]);
                }
                return -2;
            }
            break;
        }
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < length && text[i + 1] == '"') {
                ok = tables_string_append(&field, "\"", 1);
                i += 2;
            } else if (c == '"') {
                quoted = false;
                i++;
            } else {
                if (c == '\n') {
                    (*line)++;
                }
                ok = tables_string_append(&field, &c, 1);
                i++;
            }
        } else if (c == '"' && field.length == 0) {
            quoted = true;
            i++;
        } else if (c == ',' || c == '\n' || c == '\r') {
            char *value = tables_string_take(&field);
            if (value == NULL) {
                ok = false;
            } else if (count < MAX_FIELDS) {
                fields[count++] = value;
            } else {
                free(value);
            }
            if (c == ',') {
                i++;
                continue;
            }
            if (c == '\r' && i + 1 < length && text[i + 1] == '\n') {
                i++;
            }
            i++;
            (*line)++;
            *at = i;
            return ok ? count : -1;
        } else {
            ok = tables_string_append(&field, &c, 1);
            i++;
        }
        if (!ok) {
            break;
        }
    }
    char *value = ok ? tables_string_take(&field) : NULL;
    tables_string_free(&field);
    if (value == NULL) {
        for (int k = 0; k < count; k++) {
            free(fields[k]);
        }
        return -1;
    }
    if (count < MAX_FIELDS) {
        fields[count++] = value;
    } else {
        free(value);
    }
    *at = length;
    (*line)++;
    return count;
}

static void free_fields(char **fields, int count)
{
    for (int k = 0; k < count; k++) {
        free(fields[k]);
    }
}

int table_gold_parse(const char *text, size_t length, table_gold_list_t *gold, char **error)
{
    *error = NULL;
    size_t at = 0, line = 1;
    if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        at = 3;
    }
    char *fields[MAX_FIELDS];
    int count = read_record(text, length, &at, fields, &line);
    if (count <= 0) {
        *error = count == -1 ? strdup("out of memory") : strdup("gold file has no header line");
        return -1;
    }
    int position[GOLD_FIELDS];
    for (int f = 0; f < GOLD_FIELDS; f++) {
        position[f] = -1;
        for (int k = 0; k < count; k++) {
            if (strcmp(fields[k], field_names[f]) == 0) {
                position[f] = k;
            }
        }
    }
    free_fields(fields, count);
    for (int f = 0; f < GOLD_FIELDS; f++) {
        if (position[f] < 0) {
            *error = message("gold file line %zu: no column named %s", 1, field_names[f]);
            return -1;
        }
    }
    for (;;) {
        size_t record_line = line;
        count = read_record(text, length, &at, fields, &line);
        if (count == 0) {
            return 0;
        }
        if (count == -1) {
            *error = strdup("out of memory");
            return -1;
        }
        if (count == -2) {
            *error = message("gold file line %zu: %s", record_line, "a quoted field never ends");
            return -1;
        }
        if (count == 1 && fields[0][0] == '\0') {
            free_fields(fields, count); /* blank line */
            continue;
        }
        int needed = 0;
        for (int f = 0; f < GOLD_FIELDS; f++) {
            needed = position[f] + 1 > needed ? position[f] + 1 : needed;
        }
        if (count < needed) {
            free_fields(fields, count);
            *error = message("gold file line %zu: %s", record_line, "too few fields");
            return -1;
        }
        char *end = NULL;
        errno = 0;
        unsigned long long page = strtoull(fields[position[1]], &end, 10);
        if (errno != 0 || end == fields[position[1]] || *end != '\0' || page == 0) {
            free_fields(fields, count);
            *error = message("gold file line %zu: %s", record_line, "page is not a number from 1");
            return -1;
        }
        if (gold->count == gold->capacity) {
            size_t capacity = gold->capacity ? gold->capacity * 2 : 64;
            table_gold_cell_t *items = realloc(gold->items, capacity * sizeof *items);
            if (items == NULL) {
                free_fields(fields, count);
                *error = strdup("out of memory");
                return -1;
            }
            gold->items = items;
            gold->capacity = capacity;
        }
        table_gold_cell_t *cell = &gold->items[gold->count++];
        cell->page = (size_t)page;
        cell->source = fields[position[0]];
        cell->table = fields[position[2]];
        cell->row_label = fields[position[3]];
        cell->code = fields[position[4]];
        cell->col_label = fields[position[5]];
        cell->value = fields[position[6]];
        for (int k = 0; k < count; k++) {
            bool taken = false;
            for (int f = 0; f < GOLD_FIELDS; f++) {
                taken = taken || (f != 1 && position[f] == k);
            }
            if (!taken) {
                free(fields[k]);
            }
        }
    }
}

int table_gold_load(const char *path, table_gold_list_t *gold, char **error)
{
    *error = NULL;
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        *error = message("cannot open gold file (%zu): %s", (size_t)errno, path);
        return -1;
    }
    tables_string_t text = {0};
    char buffer[65536];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(buffer, 1, sizeof buffer, file)) > 0) {
        ok = text.length + got < ((size_t)1 << 30) && tables_string_append(&text, buffer, got);
    }
    bool read_error = ferror(file) != 0;
    fclose(file);
    if (!ok || read_error) {
        tables_string_free(&text);
        *error = message("cannot read gold file (%zu): %s", (size_t)0, path);
        return -1;
    }
    int result = table_gold_parse(text.data != NULL ? text.data : "", text.length, gold, error);
    tables_string_free(&text);
    return result;
}
