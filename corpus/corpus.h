/*
 * corpus.h - stage 4: inputs, document metadata and driving the stages.
 *
 * Finds the inputs (files, or folders walked recursively in a stable
 * order), computes each document's doc_id (SHA-256 of its bytes), runs
 * extract -> normalize -> patterns (and tables) on it, infers doc_type, year
 * and entity from the title page, and hands back a document_result_t with
 * its facts in a deterministic order (page, offset).  A document that cannot
 * be read gives a result with status "error" and a reason; it never stops
 * the batch.
 */
#ifndef CNFISCAL_CORPUS_H
#define CNFISCAL_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract.h"
#include "normalize.h"
#include "patterns.h"
#include "tables.h"

/* ---- inputs ---------------------------------------------------------- */

typedef struct {
    char *path;   /* what to open */
    char *source; /* what to report: the path as given, or relative to the
                     folder that was given */
} corpus_input_t;

typedef struct {
    corpus_input_t *items;
    size_t count;
    size_t capacity;
} corpus_input_list_t;

void corpus_input_list_init(corpus_input_list_t *list);
void corpus_input_list_free(corpus_input_list_t *list);

/* Adds one command-line argument: a file is added as given; a folder is
 * walked recursively and its .pdf/.txt/.md files (any case) are added sorted
 * by their path relative to it.  Returns 0, or -1 with *error set when the
 * argument does not exist or a folder cannot be read. */
int corpus_add_input(corpus_input_list_t *list, const char *argument, char **error);

/* ---- one document's result ------------------------------------------- */

typedef struct {
    fact_t fact;     /* owns its strings */
    size_t page;     /* 1-based */
    char *section;   /* nearest heading above, or "" */
    char *evidence;  /* the clause, one line */
    char *value_wan; /* money in 万元, or "" */
} document_fact_t;

/* A consistency finding (checks.csv): a stated figure that the document's
 * own other figures contradict. */
typedef struct {
    size_t page;
    const char *check;    /* static: completion_rate, change_rate, variance_rate */
    const char *severity; /* static: error, warning */
    char *subject;
    char *stated;   /* what the document says */
    char *expected; /* what its other numbers imply */
    char *message;
    char *evidence;
} document_check_t;

typedef struct {
    char doc_id[17]; /* 16 hex digits; "" when the file could not be read */
    char *source;
    const char *status; /* "ok", "empty", "error" */
    char *error;        /* "" unless status is "error" or "empty" */
    size_t pages;
    const char *doc_type; /* final_accounts budget performance unknown */
    char *year;           /* "" when not found */
    char *entity;         /* "" when not found */
    document_fact_t *facts;
    size_t fact_count;
    document_check_t *checks;
    size_t check_count;
    table_cell_list_t tables;
    double milliseconds;
} document_result_t;

/* Adds the consistency checks of a result's facts (rates against the
 * amounts stated with them). Returns 0, or -1 when out of memory. */
int document_check_facts(document_result_t *result);

void document_result_free(document_result_t *result);

/* ---- metadata --------------------------------------------------------- */

typedef struct {
    const char *doc_type; /* static string */
    char *year;           /* malloc'd, "" when not found */
    char *entity;         /* malloc'd, "" when not found */
} document_metadata_t;

/* The title shapes inference looks for, compiled once, with the match data
 * it uses: a caller that infers the metadata of many documents keeps one
 * (one per thread: reading uses its match data). */
typedef struct document_metadata_reader document_metadata_reader_t;

/* NULL when out of memory. */
document_metadata_reader_t *document_metadata_reader_new(void);
void document_metadata_reader_free(document_metadata_reader_t *reader);

/* Infers doc_type, year and entity from the start of the normalized text
 * (the title page) and, failing that, from the file name.  A NULL reader
 * finds nothing (doc_type "unknown", year and entity ""). */
void document_metadata_read(document_metadata_reader_t *reader, const normalized_text_t *text,
                            const char *file_name, document_metadata_t *metadata);

/* The same for a single document: compiles the shapes, reads, frees them. */
void document_metadata_infer(const normalized_text_t *text, const char *file_name,
                             document_metadata_t *metadata);
void document_metadata_free(document_metadata_t *metadata);

/* ---- driving the stages ------------------------------------------------ */

typedef struct {
    bool want_tables;          /* rebuild statement tables (PDF glyphs) */
    size_t max_file_bytes;     /* larger files are refused; 0: no limit */
    extract_options_t extract; /* page and text limits */
} corpus_options_t;

corpus_options_t corpus_default_options(void);

typedef struct corpus_processor corpus_processor_t;

/* A processor holds one matcher; use one per thread or process.  `rules`
 * must be compiled and outlive the processor. */
corpus_processor_t *corpus_processor_new(const rule_set_t *rules, const corpus_options_t *options);
void corpus_processor_free(corpus_processor_t *processor);

/* Reads and processes one input.  Returns NULL only when out of memory. */
document_result_t *corpus_process(corpus_processor_t *processor, const corpus_input_t *input);

/* Reads a whole regular file (at most `max_bytes`; 0: no limit) into a
 * malloc'd buffer.  FIFOs and devices are refused without blocking: the
 * file is opened non-blocking and checked before reading.  Returns NULL
 * with a plain-words reason ("not a regular file", "too large: ...",
 * "cannot open: ...") written to `reason`. */
unsigned char *corpus_read_file(const char *path, size_t max_bytes, size_t *length, char *reason,
                                size_t reason_size);

/* SHA-256 of `length` bytes as 16 lowercase hex digits + NUL. */
void corpus_document_id(const unsigned char *data, size_t length, char doc_id[17]);

/* The same SHA-256 fed in pieces (sha256.c), for a file streamed from
 * disk: the processor's SHA extensions where it has them, GLib's checksum
 * otherwise; the digest is the same.  begin returns 0, or -1 when out of
 * memory; doc_id writes the first 16 hex digits and ends the hash. */
typedef struct {
    void *portable; /* GLib's GChecksum, or NULL: the SHA extensions are used */
    uint32_t state[8];
    unsigned char block[64];
    size_t block_used;
    uint64_t length; /* bytes hashed so far */
} corpus_sha256_t;
int corpus_sha256_begin(corpus_sha256_t *hash);
void corpus_sha256_update(corpus_sha256_t *hash, const unsigned char *data, size_t length);
void corpus_sha256_doc_id(corpus_sha256_t *hash, char doc_id[17]);
/* The first `digits` (at most 64) hex digits of the digest and a NUL into
 * `hex`, which has room for them; ends the hash likewise. */
void corpus_sha256_hex(corpus_sha256_t *hash, char *hex, size_t digits);

/* `value` (a plain decimal) in `unit` expressed in 万元, malloc'd; "" when
 * the unit is not money (元 万元 亿元 千元). */
char *corpus_value_in_wan(const char *value, const char *unit);

/* Where the rule files are: $CNFISCAL_PATTERNS_DIR, else the directory the
 * build was configured with. */
const char *corpus_default_patterns_directory(void);

/* ---- evaluation against gold files ------------------------------------ */

/* The paths of the *.csv files in `folder` (gold files), sorted by name,
 * in a malloc'd array of malloc'd strings.  Returns 0, or -1 with *error
 * (the folder cannot be read, out of memory). */
int corpus_csv_files(const char *folder, char ***paths, size_t *count, char **error);
void corpus_csv_files_free(char **paths, size_t count);

typedef struct {
    size_t gold;       /* gold facts */
    size_t found;      /* gold facts the output has (recall = found / gold) */
    size_t considered; /* output facts whose subject the gold annotates */
    size_t confirmed;  /* of those, the ones the gold has (precision) */
} evaluation_counts_t;

/* Scores `facts_csv` (a run's facts.csv) against every *.csv in
 * `gold_directory` (columns source,page,subject,subject_kind,measure,value,
 * unit,evidence).  A gold fact is found when the output has a fact of the
 * same document (file name), canonical subject and measure with a
 * numerically equal value.  Writes per-document and overall figures and
 * the missed and wrong facts to `report`.  Returns 0, or -1 with *error. */
int corpus_evaluate(const char *gold_directory, const char *facts_csv, FILE *report,
                    evaluation_counts_t *total, char **error);

/* Writes `value` in canonical decimal form into `out` (no '+', no leading
 * zeros, no trailing fractional zeros, "-0" -> "0"); "" when not a number. */
void corpus_canonical_decimal(const char *value, char *out, size_t out_size);

#endif
