/*
 * batch_merge.c - the final CSV files of a batch, made from its parts.
 *
 * For each document of the plan, in input order: the rows of its part
 * files (complete documents), or a documents.csv row made here (documents
 * that failed before or outside a worker, and duplicates).  Each final file
 * is written under a temporary name beside its destination and renamed into
 * place only when everything was written and synced (documents.csv last),
 * so a reader never sees a half-merged file and an interrupted merge leaves
 * the previous files as they were.
 *
 * A duplicate (same doc_id as an earlier input) gets one documents.csv row:
 * its own source, the first copy's status, pages, doc_type, year and
 * entity, error "duplicate of <first source>", and 0 facts, tables, checks
 * (its facts are the first copy's rows).
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

/* The merged files in the order of a part's sections. */
enum {
    MERGED_FACTS = BATCH_SECTION_FACTS,
    MERGED_TABLES = BATCH_SECTION_TABLES,
    MERGED_CHECKS = BATCH_SECTION_CHECKS,
    MERGED_DOCUMENTS = BATCH_SECTION_DOCUMENTS,
    MERGED_FILE_COUNT = BATCH_SECTION_COUNT
};

static const char *const merged_names[MERGED_FILE_COUNT] = {"facts.csv", "tables.csv", "checks.csv",
                                                            "documents.csv"};

typedef struct {
    FILE *stream;
    csv_writer_t *writer; /* over `stream`, for headers and rows made here */
    char *temporary_path;
    char *final_path;
} merged_file_t;

static void merged_file_abort(merged_file_t *file)
{
    if (file->writer)
        csv_writer_abort(file->writer); /* a stream writer: only frees */
    if (file->stream) {
        fclose(file->stream);
        unlink(file->temporary_path);
    }
    free(file->temporary_path);
    free(file->final_path);
    memset(file, 0, sizeof *file);
}

static int merged_file_open(merged_file_t *file, const char *directory, const char *name,
                            const char *const *columns, char **error)
{
    memset(file, 0, sizeof *file);
    size_t size = strlen(directory) + strlen(name) + 16;
    file->final_path = malloc(size);
    file->temporary_path = malloc(size);
    if (!file->final_path || !file->temporary_path) {
        merged_file_abort(file);
        *error = strdup("out of memory");
        return -1;
    }
    snprintf(file->final_path, size, "%s/%s", directory, name);
    snprintf(file->temporary_path, size, "%s.tmp.XXXXXX", file->final_path);
    int descriptor = mkstemp(file->temporary_path);
    if (descriptor < 0) {
        *error = batch_message_with_path("cannot create", file->temporary_path, errno);
        free(file->temporary_path);
        file->temporary_path = NULL;
        merged_file_abort(file);
        return -1;
    }
    (void)fchmod(descriptor, 0644);
    file->stream = fdopen(descriptor, "w");
    if (!file->stream) {
        *error = batch_message_with_path("cannot write", file->temporary_path, errno);
        close(descriptor);
        unlink(file->temporary_path);
        merged_file_abort(file);
        return -1;
    }
    file->writer = csv_writer_to_stream(file->stream);
    if (!file->writer) {
        *error = strdup("out of memory");
        merged_file_abort(file);
        return -1;
    }
    csv_write_header(file->writer, columns);
    return 0;
}

/* Flushes, syncs and closes; the rename comes later, for all files. */
static int merged_file_finish(merged_file_t *file, char **error)
{
    char *ignored = NULL;
    int status = csv_writer_commit(file->writer, &ignored); /* stream writer: flushes */
    free(ignored);
    file->writer = NULL;
    if (status != 0 || ferror(file->stream) || fsync(fileno(file->stream)) != 0)
        status = -1;
    int saved = errno;
    if (fclose(file->stream) != 0)
        status = -1;
    file->stream = NULL;
    if (status != 0) {
        *error = batch_message_with_path("cannot write", file->temporary_path, saved ? saved : EIO);
        unlink(file->temporary_path);
    }
    return status;
}

static void count_row(batch_totals_t *totals, const batch_document_row_t *row)
{
    const char *status = row->fields[2];
    if (strcmp(status, "ok") == 0)
        totals->ok++;
    else if (strcmp(status, "empty") == 0)
        totals->empty++;
    else
        totals->error++;
    totals->pages += (size_t)strtoull(row->fields[4], NULL, 10);
    totals->facts += (size_t)strtoull(row->fields[8], NULL, 10);
}

static int merge_complete(merged_file_t *files, const batch_parts_t *parts,
                          const batch_document_t *document, batch_totals_t *totals, char **error)
{
    batch_part_t part;
    if (batch_parts_read(parts, document->doc_id, &part) != 0) {
        size_t size = strlen(document->input->source) + 96;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "the results of %s went missing during the run",
                     document->input->source);
        return -1;
    }
    count_row(totals, &part.row);
    /* Section order = merged file order: facts, tables, checks, documents. */
    int status = 0;
    for (int i = 0; i < MERGED_FILE_COUNT && status == 0; i++) {
        size_t length = part.section_lengths[i];
        if (length && fwrite(part.sections[i], 1, length, files[i].stream) != length) {
            *error = batch_message_with_path("cannot write", files[i].temporary_path,
                                             errno ? errno : EIO);
            status = -1;
        }
    }
    batch_part_free(&part);
    return status;
}

static void write_failed_row(merged_file_t *documents, const batch_document_t *document)
{
    document_result_t result;
    memset(&result, 0, sizeof result);
    memcpy(result.doc_id, document->doc_id, sizeof result.doc_id);
    result.source = document->input->source;
    result.status = "error";
    result.error = document->reason ? document->reason : "failed";
    result.doc_type = "unknown";
    result.year = "";
    result.entity = "";
    result.milliseconds = document->milliseconds;
    output_write_document(documents->writer, &result);
}

static int write_duplicate_row(merged_file_t *documents, const batch_parts_t *parts,
                               const batch_plan_t *plan, const batch_document_t *document)
{
    const batch_document_t *first = &plan->items[document->first];
    size_t size = strlen(first->input->source) + 32;
    char *reason = malloc(size);
    if (!reason)
        return -1;
    snprintf(reason, size, "duplicate of %s", first->input->source);
    batch_document_row_t row = {NULL, 0};
    bool have_row = first->state == BATCH_COMPLETE &&
                    batch_parts_read_document_row(parts, first->doc_id, &row) == 0;
    csv_writer_t *writer = documents->writer;
    csv_write_number(writer, document->doc_id);
    csv_write_text(writer, document->input->source);
    /* Fields read back from a part are already guarded: copy them as is. */
    csv_write_number(writer, have_row ? row.fields[2] : "error");
    csv_write_text(writer, reason);
    csv_write_number(writer, have_row ? row.fields[4] : "0");
    csv_write_number(writer, have_row ? row.fields[5] : "unknown");
    csv_write_number(writer, have_row ? row.fields[6] : "");
    csv_write_number(writer, have_row ? row.fields[7] : "");
    csv_write_number(writer, "0");
    csv_write_number(writer, "0");
    csv_write_number(writer, "0");
    csv_write_number(writer, "0");
    csv_end_row(writer);
    batch_document_row_free(&row);
    free(reason);
    return 0;
}

int batch_merge(const batch_plan_t *plan, const batch_parts_t *parts, const char *output_directory,
                batch_totals_t *totals, char **error)
{
    static const char *const *const columns[MERGED_FILE_COUNT] = {
        output_fact_columns, output_table_columns, output_check_columns, output_document_columns};
    memset(totals, 0, sizeof *totals);
    merged_file_t files[MERGED_FILE_COUNT];
    memset(files, 0, sizeof files);
    int status = 0;
    for (int i = 0; i < MERGED_FILE_COUNT && status == 0; i++)
        status = merged_file_open(&files[i], output_directory, merged_names[i], columns[i], error);

    for (size_t i = 0; i < plan->count && status == 0; i++) {
        const batch_document_t *document = &plan->items[i];
        switch (document->state) {
        case BATCH_COMPLETE:
            status = merge_complete(files, parts, document, totals, error);
            break;
        case BATCH_FAILED:
            write_failed_row(&files[MERGED_DOCUMENTS], document);
            totals->error++;
            break;
        case BATCH_DUPLICATE:
            if (write_duplicate_row(&files[MERGED_DOCUMENTS], parts, plan, document) != 0) {
                *error = strdup("out of memory");
                status = -1;
            }
            totals->duplicates++;
            break;
        case BATCH_OTHER_SHARD:
            break;
        case BATCH_UNIDENTIFIED:
        case BATCH_PENDING:
            *error = strdup("internal error: a document was not read");
            status = -1;
            break;
        }
    }

    for (int i = 0; i < MERGED_FILE_COUNT && status == 0; i++)
        status = merged_file_finish(&files[i], error);
    /* All four are complete on disk: now rename, documents.csv last. */
    for (int i = 0; i < MERGED_FILE_COUNT && status == 0; i++) {
        if (rename(files[i].temporary_path, files[i].final_path) != 0) {
            *error =
                batch_message_with_path("cannot rename into place", files[i].final_path, errno);
            status = -1;
        }
    }
    if (status == 0) {
        int directory = open(output_directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (directory >= 0) {
            fsync(directory);
            close(directory);
        }
        for (int i = 0; i < MERGED_FILE_COUNT; i++) {
            free(files[i].temporary_path);
            free(files[i].final_path);
        }
    } else {
        for (int i = 0; i < MERGED_FILE_COUNT; i++) {
            if (files[i].stream || files[i].writer) {
                merged_file_abort(&files[i]);
            } else {
                if (files[i].temporary_path)
                    unlink(files[i].temporary_path);
                free(files[i].temporary_path);
                free(files[i].final_path);
            }
        }
    }
    return status;
}
