/*
 * csv.h - an RFC 4180 CSV writer whose file appears only when complete.
 *
 * Rows go to a temporary file beside the destination; csv_writer_commit()
 * flushes, syncs and renames it into place, so a reader (or a rerun after a
 * crash) never sees a half-written file.  Fields are quoted only when they
 * need it.  Text fields that a spreadsheet would take for a formula (they
 * begin with = + - @, tab or carriage return and are not numbers) get a
 * leading apostrophe, the usual guard against CSV formula injection.
 */
#ifndef CNFISCAL_CSV_H
#define CNFISCAL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct csv_writer csv_writer_t;

/* Opens a writer for `path` (the file itself appears on commit).  Returns
 * NULL with *error set (malloc'd) when the temporary file cannot be made. */
csv_writer_t *csv_writer_open(const char *path, char **error);

/* Writers that go to an already open stream (e.g. stdout); commit only
 * flushes.  The stream is not closed. */
csv_writer_t *csv_writer_to_stream(FILE *stream);

/* Text field: guarded against formulas, quoted when needed.  NULL is an
 * empty field. */
void csv_write_text(csv_writer_t *writer, const char *text);
/* Number (or any field that must be written as is), quoted when needed. */
void csv_write_number(csv_writer_t *writer, const char *number);
void csv_write_size(csv_writer_t *writer, size_t number);
void csv_end_row(csv_writer_t *writer);

/* Writes a whole header row from a NULL-terminated list of names. */
void csv_write_header(csv_writer_t *writer, const char *const *names);

/* Flushes, syncs and renames into place; frees the writer either way.
 * Returns 0, or -1 with *error set (write failed, disk full ...). */
int csv_writer_commit(csv_writer_t *writer, char **error);

/* Drops the temporary file and frees the writer. */
void csv_writer_abort(csv_writer_t *writer);

/* True when `text` is a plain decimal number: optional '-', digits, at most
 * one '.', at least one digit. */
bool csv_is_number(const char *text);

/* Appends `text` as one CSV field (quoting and formula guard as above) to a
 * stream; exposed for tests and for writers of single lines. */
void csv_format_field(FILE *stream, const char *text, bool guard_formulas);

#endif
