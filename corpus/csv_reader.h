/*
 * csv_reader.h - reads a whole RFC 4180 CSV file (gold files, a previous
 * run's output) into rows of fields.  Internal to corpus/.
 */
#ifndef CNFISCAL_CSV_READER_H
#define CNFISCAL_CSV_READER_H

#include <stddef.h>

typedef struct {
    char **fields;
    size_t count;
} csv_row_t;

typedef struct {
    csv_row_t *rows; /* rows[0] is the header when the file has one */
    size_t count;
} csv_table_t;

/* Reads `path`.  Returns 0, or -1 with *error set (malloc'd). */
int csv_table_read(const char *path, csv_table_t *table, char **error);
void csv_table_free(csv_table_t *table);

/* Index of column `name` in the header row, or -1. */
int csv_table_column(const csv_table_t *table, const char *name);

/* Field `column` of row `row`, or "" when the row is short. */
const char *csv_table_field(const csv_table_t *table, size_t row, int column);

#endif
