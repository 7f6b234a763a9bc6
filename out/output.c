/*
 * output.c - writes document results as SCHEMA.md's CSV files.
 */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const output_fact_columns[] = {
    "doc_id",       "source",  "doc_type", "year", "entity",    "page", "section",  "subject",
    "subject_kind", "measure", "value",    "unit", "value_wan", "rule", "evidence", NULL};
const char *const output_document_columns[] = {"doc_id",   "source", "status", "error", "pages",
                                               "doc_type", "year",   "entity", "facts", "tables",
                                               "checks",   "ms",     NULL};
const char *const output_table_columns[] = {"doc_id",    "source", "page",      "table",
                                            "row",       "col",    "row_label", "code",
                                            "col_label", "value",  "unit",      NULL};
const char *const output_check_columns[] = {"doc_id",   "source",   "page",   "check",
                                            "severity", "subject",  "stated", "expected",
                                            "message",  "evidence", NULL};

enum { OUTPUT_FACTS, OUTPUT_TABLES, OUTPUT_CHECKS, OUTPUT_DOCUMENTS, OUTPUT_FILE_COUNT };

static const char *const output_file_names[OUTPUT_FILE_COUNT] = {"facts.csv", "tables.csv",
                                                                 "checks.csv", "documents.csv"};

struct output_set {
    csv_writer_t *writers[OUTPUT_FILE_COUNT];
};

static char *path_in(const char *directory, const char *name)
{
    size_t size = strlen(directory) + strlen(name) + 2;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/%s", directory, name);
    return path;
}

output_set_t *output_set_open(const char *directory, char **error)
{
    if (mkdir(directory, 0777) != 0 && errno != EEXIST) {
        size_t size = strlen(directory) + 128;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "cannot create output folder %s: %s", directory,
                     strerror(errno));
        return NULL;
    }
    output_set_t *output = calloc(1, sizeof *output);
    if (!output) {
        *error = strdup("out of memory");
        return NULL;
    }
    static const char *const *const headers[OUTPUT_FILE_COUNT] = {
        output_fact_columns, output_table_columns, output_check_columns, output_document_columns};
    for (int i = 0; i < OUTPUT_FILE_COUNT; i++) {
        char *path = path_in(directory, output_file_names[i]);
        if (!path) {
            *error = strdup("out of memory");
            output_set_abort(output);
            return NULL;
        }
        output->writers[i] = csv_writer_open(path, error);
        free(path);
        if (!output->writers[i]) {
            output_set_abort(output);
            return NULL;
        }
        csv_write_header(output->writers[i], headers[i]);
    }
    return output;
}

void output_write_fact(csv_writer_t *writer, const document_result_t *result, size_t index)
{
    const document_fact_t *fact = &result->facts[index];
    csv_write_number(writer, result->doc_id);
    csv_write_text(writer, result->source);
    csv_write_text(writer, result->doc_type);
    csv_write_number(writer, result->year);
    csv_write_text(writer, result->entity);
    csv_write_size(writer, fact->page);
    csv_write_text(writer, fact->section);
    csv_write_text(writer, fact->fact.subject);
    csv_write_text(writer, fact->fact.subject_kind);
    csv_write_text(writer, fact->fact.measure);
    csv_write_number(writer, fact->fact.value);
    csv_write_text(writer, fact->fact.unit);
    csv_write_number(writer, fact->value_wan);
    csv_write_text(writer, fact->fact.rule_id);
    csv_write_text(writer, fact->evidence);
    csv_end_row(writer);
}

void output_write_table_cell(csv_writer_t *writer, const document_result_t *result,
                             const table_cell_t *cell)
{
    csv_write_number(writer, result->doc_id);
    csv_write_text(writer, result->source);
    csv_write_size(writer, cell->page);
    csv_write_text(writer, cell->table);
    csv_write_size(writer, cell->row);
    csv_write_size(writer, cell->col);
    csv_write_text(writer, cell->row_label);
    csv_write_text(writer, cell->code);
    csv_write_text(writer, cell->col_label);
    csv_write_number(writer, cell->value);
    csv_write_text(writer, cell->unit);
    csv_end_row(writer);
}

void output_write_document(csv_writer_t *writer, const document_result_t *result)
{
    char milliseconds[32];
    snprintf(milliseconds, sizeof milliseconds, "%.0f", result->milliseconds);
    csv_write_number(writer, result->doc_id);
    csv_write_text(writer, result->source);
    csv_write_text(writer, result->status);
    csv_write_text(writer, result->error);
    csv_write_size(writer, result->pages);
    csv_write_text(writer, result->doc_type);
    csv_write_number(writer, result->year);
    csv_write_text(writer, result->entity);
    csv_write_size(writer, result->fact_count);
    csv_write_size(writer, result->tables.table_count);
    csv_write_size(writer, result->check_count);
    csv_write_number(writer, milliseconds);
    csv_end_row(writer);
}

void output_write_check(csv_writer_t *writer, const document_result_t *result,
                        const document_check_t *check)
{
    csv_write_number(writer, result->doc_id);
    csv_write_text(writer, result->source);
    csv_write_size(writer, check->page);
    csv_write_text(writer, check->check);
    csv_write_text(writer, check->severity);
    csv_write_text(writer, check->subject);
    csv_write_number(writer, check->stated);
    csv_write_number(writer, check->expected);
    csv_write_text(writer, check->message);
    csv_write_text(writer, check->evidence);
    csv_end_row(writer);
}

void output_set_add(output_set_t *output, const document_result_t *result)
{
    for (size_t i = 0; i < result->check_count; i++)
        output_write_check(output->writers[OUTPUT_CHECKS], result, &result->checks[i]);
    for (size_t i = 0; i < result->fact_count; i++)
        output_write_fact(output->writers[OUTPUT_FACTS], result, i);
    for (size_t i = 0; i < result->tables.count; i++)
        output_write_table_cell(output->writers[OUTPUT_TABLES], result, &result->tables.items[i]);
    output_write_document(output->writers[OUTPUT_DOCUMENTS], result);
}

int output_set_commit(output_set_t *output, char **error)
{
    int status = 0;
    /* documents.csv last: its presence says the run finished. */
    for (int i = 0; i < OUTPUT_FILE_COUNT; i++) {
        csv_writer_t *writer = output->writers[i];
        output->writers[i] = NULL;
        if (status == 0) {
            if (csv_writer_commit(writer, error) != 0)
                status = -1;
        } else {
            csv_writer_abort(writer);
        }
    }
    free(output);
    return status;
}

void output_set_abort(output_set_t *output)
{
    if (!output)
        return;
    for (int i = 0; i < OUTPUT_FILE_COUNT; i++)
        csv_writer_abort(output->writers[i]);
    free(output);
}
