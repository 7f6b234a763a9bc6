/*
 * fuzz_csv_reader.c - libFuzzer target for corpus/csv_reader.c on
 * arbitrary bytes (gold files and earlier outputs are read with it): no
 * crash, and every row and field it returns is a NUL-terminated string.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv_reader.h"

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/fuzz_csv_reader.%ld.csv", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file)
        return 0;
    if (size && fwrite(data, 1, size, file) != size) {
        fclose(file);
        return 0;
    }
    fclose(file);
    csv_table_t table;
    char *error = NULL;
    if (csv_table_read(path, &table, &error) != 0) {
        free(error);
        return 0;
    }
    size_t total = 0;
    for (size_t r = 0; r < table.count; r++)
        for (size_t f = 0; f < table.rows[r].count; f++)
            total += strlen(table.rows[r].fields[f]);
    if (total > size)
        abort();
    if (table.count > 0) {
        (void)csv_table_column(&table, "doc_id");
        (void)csv_table_field(&table, table.count - 1, 3);
    }
    csv_table_free(&table);
    return 0;
}
