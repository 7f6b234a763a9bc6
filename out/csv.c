/*
 * csv.c - RFC 4180 writer with atomic commit (see csv.h).
 */
#include "csv.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct csv_writer {
    FILE *stream;
    char *final_path;     /* NULL for stream writers */
    char *temporary_path; /* NULL for stream writers */
    bool at_row_start;
    bool failed;
};

static char *format_message(const char *what, const char *path, int error_number)
{
    size_t size = strlen(what) + strlen(path) + 128;
    char *message = malloc(size);
    if (message)
        snprintf(message, size, "%s %s: %s", what, path, strerror(error_number));
    return message;
}

csv_writer_t *csv_writer_open(const char *path, char **error)
{
    csv_writer_t *writer = calloc(1, sizeof *writer);
    if (!writer) {
        *error = strdup("out of memory");
        return NULL;
    }
    writer->final_path = strdup(path);
    size_t size = strlen(path) + 16;
    writer->temporary_path = malloc(size);
    if (!writer->final_path || !writer->temporary_path) {
        free(writer->final_path);
        free(writer->temporary_path);
        free(writer);
        *error = strdup("out of memory");
        return NULL;
    }
    snprintf(writer->temporary_path, size, "%s.tmp.XXXXXX", path);
    int descriptor = mkstemp(writer->temporary_path);
    if (descriptor < 0) {
        *error = format_message("cannot create", writer->temporary_path, errno);
        free(writer->final_path);
        free(writer->temporary_path);
        free(writer);
        return NULL;
    }
    (void)fchmod(descriptor, 0644);
    writer->stream = fdopen(descriptor, "w");
    if (!writer->stream) {
        *error = format_message("cannot write", writer->temporary_path, errno);
        close(descriptor);
        unlink(writer->temporary_path);
        free(writer->final_path);
        free(writer->temporary_path);
        free(writer);
        return NULL;
    }
    writer->at_row_start = true;
    return writer;
}

csv_writer_t *csv_writer_to_stream(FILE *stream)
{
    csv_writer_t *writer = calloc(1, sizeof *writer);
    if (!writer)
        return NULL;
    writer->stream = stream;
    writer->at_row_start = true;
    return writer;
}

bool csv_is_number(const char *text)
{
    if (!text)
        return false;
    const char *p = text;
    if (*p == '-')
        p++;
    bool digits = false, point = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            digits = true;
        } else if (*p == '.' && !point) {
            point = true;
        } else {
            return false;
        }
    }
    return digits;
}

static bool needs_formula_guard(const char *text)
{
    switch (text[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return !csv_is_number(text);
    default:
        return false;
    }
}

void csv_format_field(FILE *stream, const char *text, bool guard_formulas)
{
    if (!text)
        text = "";
    bool guard = guard_formulas && needs_formula_guard(text);
    bool quote = strpbrk(text, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', stream);
    if (guard)
        fputc('\'', stream);
    /* Written in runs between quotes (each quote doubled), not a byte at a
     * time: the writer is on the hot path of big batches. */
    const char *run = text;
    for (const char *mark = strchr(run, '"'); mark; mark = strchr(run, '"')) {
        fwrite(run, 1, (size_t)(mark - run) + 1, stream);
        fputc('"', stream);
        run = mark + 1;
    }
    fputs(run, stream);
    if (quote)
        fputc('"', stream);
}

static void begin_field(csv_writer_t *writer)
{
    if (!writer->at_row_start)
        fputc(',', writer->stream);
    writer->at_row_start = false;
}

void csv_write_text(csv_writer_t *writer, const char *text)
{
    begin_field(writer);
    csv_format_field(writer->stream, text, true);
}

void csv_write_number(csv_writer_t *writer, const char *number)
{
    begin_field(writer);
    csv_format_field(writer->stream, number, false);
}

void csv_write_size(csv_writer_t *writer, size_t number)
{
    begin_field(writer);
    fprintf(writer->stream, "%zu", number);
}

void csv_end_row(csv_writer_t *writer)
{
    fputc('\n', writer->stream);
    writer->at_row_start = true;
}

void csv_write_header(csv_writer_t *writer, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        csv_write_text(writer, names[i]);
    csv_end_row(writer);
}

static void free_writer(csv_writer_t *writer)
{
    free(writer->final_path);
    free(writer->temporary_path);
    free(writer);
}

int csv_writer_commit(csv_writer_t *writer, char **error)
{
    if (!writer->final_path) {
        int status = fflush(writer->stream) == 0 && !ferror(writer->stream) ? 0 : -1;
        if (status != 0)
            *error = strdup("cannot write to the output stream");
        free_writer(writer);
        return status;
    }
    int status = 0;
    if (fflush(writer->stream) != 0 || ferror(writer->stream) ||
        fsync(fileno(writer->stream)) != 0) {
        *error = format_message("cannot write", writer->temporary_path, errno);
        status = -1;
    }
    if (fclose(writer->stream) != 0 && status == 0) {
        *error = format_message("cannot write", writer->temporary_path, errno);
        status = -1;
    }
    if (status == 0 && rename(writer->temporary_path, writer->final_path) != 0) {
        *error = format_message("cannot rename into place", writer->final_path, errno);
        status = -1;
    }
    if (status != 0)
        unlink(writer->temporary_path);
    free_writer(writer);
    return status;
}

void csv_writer_abort(csv_writer_t *writer)
{
    if (!writer)
        return;
    if (writer->final_path) {
        fclose(writer->stream);
        unlink(writer->temporary_path);
    }
    free_writer(writer);
}
