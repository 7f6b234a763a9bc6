/*
 * csv_reader.c - a small RFC 4180 parser: quoted fields with doubled
 * quotes and embedded line ends, \n or \r\n rows, a UTF-8 BOM skipped.
 */
#include "csv_reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} growing_string_t;

static int string_push(growing_string_t *string, char c)
{
    if (string->length + 1 >= string->capacity) {
        size_t capacity = string->capacity ? string->capacity * 2 : 64;
        char *data = realloc(string->data, capacity);
        if (!data)
            return -1;
        string->data = data;
        string->capacity = capacity;
    }
    string->data[string->length++] = c;
    string->data[string->length] = '\0';
    return 0;
}

static int row_push(csv_row_t *row, growing_string_t *field)
{
    char **fields = realloc(row->fields, (row->count + 1) * sizeof *fields);
    if (!fields)
        return -1;
    row->fields = fields;
    row->fields[row->count++] = field->data ? field->data : strdup("");
    field->data = NULL;
    field->length = field->capacity = 0;
    return row->fields[row->count - 1] ? 0 : -1;
}

static int table_push(csv_table_t *table, csv_row_t *row)
{
    csv_row_t *rows = realloc(table->rows, (table->count + 1) * sizeof *rows);
    if (!rows)
        return -1;
    table->rows = rows;
    table->rows[table->count++] = *row;
    row->fields = NULL;
    row->count = 0;
    return 0;
}

int csv_table_read(const char *path, csv_table_t *table, char **error)
{
    table->rows = NULL;
    table->count = 0;
    FILE *file = fopen(path, "rb");
    if (!file) {
        size_t size = strlen(path) + 128;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    growing_string_t field = {0};
    csv_row_t row = {0};
    int c, status = 0;
    int quoted = 0, field_started = 0;
    /* Skip a UTF-8 byte order mark. */
    int b1 = fgetc(file), b2 = b1 == 0xEF ? fgetc(file) : EOF, b3 = b2 == 0xBB ? fgetc(file) : EOF;
    if (!(b1 == 0xEF && b2 == 0xBB && b3 == 0xBF)) {
        rewind(file);
    }
    while (status == 0 && (c = fgetc(file)) != EOF) {
        if (quoted) {
            if (c == '"') {
                int next = fgetc(file);
                if (next == '"') {
                    status = string_push(&field, '"');
                } else {
                    quoted = 0;
                    if (next != EOF)
                        ungetc(next, file);
                }
            } else {
                status = string_push(&field, (char)c);
            }
        } else if (c == '"' && field.length == 0) {
            quoted = 1;
            field_started = 1;
        } else if (c == ',') {
            status = row_push(&row, &field);
            field_started = 1;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r') {
                int next = fgetc(file);
                if (next != '\n' && next != EOF)
                    ungetc(next, file);
            }
            if (field_started || field.length > 0 || row.count > 0) {
                status = row_push(&row, &field);
                if (status == 0)
                    status = table_push(table, &row);
            }
            field_started = 0;
        } else {
            status = string_push(&field, (char)c);
            field_started = 1;
        }
    }
    if (status == 0 && (field_started || field.length > 0 || row.count > 0)) {
        status = row_push(&row, &field);
        if (status == 0)
            status = table_push(table, &row);
    }
    fclose(file);
    free(field.data);
    for (size_t i = 0; i < row.count; i++)
        free(row.fields[i]);
    free(row.fields);
    if (status != 0) {
        csv_table_free(table);
        *error = strdup("out of memory reading a CSV file");
        return -1;
    }
    return 0;
}

void csv_table_free(csv_table_t *table)
{
    for (size_t i = 0; i < table->count; i++) {
        for (size_t j = 0; j < table->rows[i].count; j++)
            free(table->rows[i].fields[j]);
        free(table->rows[i].fields);
    }
    free(table->rows);
    table->rows = NULL;
    table->count = 0;
}

int csv_table_column(const csv_table_t *table, const char *name)
{
    if (table->count == 0)
        return -1;
    for (size_t i = 0; i < table->rows[0].count; i++)
        if (strcmp(table->rows[0].fields[i], name) == 0)
            return (int)i;
    return -1;
}

const char *csv_table_field(const csv_table_t *table, size_t row, int column)
{
    if (row >= table->count || column < 0 || (size_t)column >= table->rows[row].count)
        return "";
    return table->rows[row].fields[column];
}
