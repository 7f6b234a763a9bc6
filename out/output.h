/*
 * output.h - stage 5: the CSV files of one run (SCHEMA.md).
 *
 * An output_set_t holds the writers of facts.csv, tables.csv, checks.csv
 * and documents.csv in one output folder.  Documents are added one at a
 * time, in the order they should appear; the files appear only on commit
 * (each is written to a temporary name and renamed), so an interrupted run
 * never leaves a half-written CSV behind.
 */
#ifndef CNFISCAL_OUTPUT_H
#define CNFISCAL_OUTPUT_H

#include "corpus.h"
#include "csv.h"

typedef struct output_set output_set_t;

/* Creates `directory` if needed and opens the four writers. */
output_set_t *output_set_open(const char *directory, char **error);

void output_set_add(output_set_t *output, const document_result_t *result);

/* Renames every file into place.  Frees the set.  Returns 0 or -1 with
 * *error set. */
int output_set_commit(output_set_t *output, char **error);

/* Drops the temporary files and frees the set. */
void output_set_abort(output_set_t *output);

/* The column names, NULL-terminated, in SCHEMA.md's order. */
extern const char *const output_fact_columns[];
extern const char *const output_document_columns[];
extern const char *const output_table_columns[];
extern const char *const output_check_columns[];

/* One row of facts.csv for fact `index` of `result`. */
void output_write_fact(csv_writer_t *writer, const document_result_t *result, size_t index);
void output_write_document(csv_writer_t *writer, const document_result_t *result);
/* One row of tables.csv / checks.csv (the batch driver writes a
 * document's rows into its own part file with these). */
void output_write_table_cell(csv_writer_t *writer, const document_result_t *result,
                             const table_cell_t *cell);
void output_write_check(csv_writer_t *writer, const document_result_t *result,
                        const document_check_t *check);

#endif
