/*
 * fuzz_csv_writer.c - libFuzzer target for the CSV writer (out/csv.c) and
 * reader (corpus/csv_reader.c) together: the input is cut into rows (byte
 * 0x1e) and fields (0x1f); even fields are written as text, odd ones as
 * numbers; the file is read back and must give the same fields, text
 * fields that look like formulas with the guard's leading apostrophe.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "csv_reader.h"

enum { MAX_FIELDS = 4096 };

static char path[64];

static void remove_scratch_file(void)
{
    unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/fuzz_csv_writer.%ld.csv", (long)getpid());
    atexit(remove_scratch_file);
    return 0;
}

static bool formula_like(const char *text)
{
    return (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
            text[0] == '\t' || text[0] == '\r') &&
           !csv_is_number(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* NUL cannot be in a C string field: it ends the input here. */
    char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    size_t text_size = strlen(copy);

    char *fields[MAX_FIELDS];
    size_t row_of[MAX_FIELDS];
    size_t count = 0, rows = 0;
    char *start = copy;
    for (size_t i = 0; i <= text_size && count < MAX_FIELDS; i++) {
        char c = copy[i];
        if (c == '\x1f' || c == '\x1e' || c == '\0') {
            copy[i] = '\0';
            fields[count] = start;
            row_of[count] = rows;
            count++;
            start = copy + i + 1;
            if (c != '\x1f')
                rows++;
        }
    }
    /* Cut short at MAX_FIELDS: the last, partial row is written too. */
    if (count > 0 && row_of[count - 1] == rows)
        rows++;

    FILE *stream = fopen(path, "wb");
    if (!stream) {
        free(copy);
        return 0;
    }
    csv_writer_t *writer = csv_writer_to_stream(stream);
    if (!writer)
        abort();
    static const char *const header[] = {"first", "second", NULL};
    csv_write_header(writer, header);
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && row_of[i] != row_of[i - 1])
            csv_end_row(writer);
        if (i % 2 == 0)
            csv_write_text(writer, fields[i]);
        else
            csv_write_number(writer, fields[i]);
    }
    if (count > 0)
        csv_end_row(writer);
    char *error = NULL;
    if (csv_writer_commit(writer, &error) != 0)
        abort();
    fclose(stream);

    csv_table_t table;
    if (csv_table_read(path, &table, &error) != 0) {
        free(error);
        free(copy);
        return 0; /* out of memory */
    }
    /* Row by row: a row of one empty field is an empty line, which
     * readers skip; every other row must come back as written. */
    size_t table_row = 1, field = 0;
    for (size_t r = 0; r < rows; r++) {
        size_t first = field;
        while (field < count && row_of[field] == r)
            field++;
        size_t width = field - first;
        if (width == 0 || (width == 1 && fields[first][0] == '\0'))
            continue;
        if (table_row >= table.count || table.rows[table_row].count != width)
            abort();
        for (size_t f = 0; f < width; f++) {
            const char *written = fields[first + f];
            const char *read = table.rows[table_row].fields[f];
            bool text = (first + f) % 2 == 0;
            if (text && formula_like(written)) {
                if (read[0] != '\'' || strcmp(read + 1, written) != 0)
                    abort();
            } else if (strcmp(read, written) != 0) {
                abort();
            }
        }
        table_row++;
    }
    if (table_row != table.count)
        abort();
    csv_table_free(&table);
    free(copy);
    return 0;
}
