/*
 * batch.h - the batch driver behind `cnfiscal extract` (internal to cli/).
 *
 * A run over many documents is split into steps, each in its own file:
 *   batch_option_values.c  --jobs, --timeout, --max-memory, --shard values;
 *   batch_identity.c       doc_id of each input (streamed SHA-256), regular
 *                          file check, shard membership;
 *   batch_parts.c          the parts folder OUTDIR/.cnfiscal-parts: one
 *                          sub-folder per doc_id holding that document's
 *                          four CSV files (complete when its documents.csv
 *                          exists), the settings fingerprint, the lock;
 *   batch_worker.c         a worker process: reads documents one after the
 *                          other under a memory limit, writes their parts;
 *   batch_backend_warm.c   keeps poppler's tables loaded in a worker;
 *   batch_scheduler.c      the parent: keeps up to --jobs workers busy,
 *                          enforces the time limit, records crashes,
 *                          replaces dead workers, stops cleanly on
 *                          SIGINT/SIGTERM;
 *   batch_merge.c          concatenates the parts, in input order, into the
 *                          final CSV files (written under temporary names and
 *                          renamed into place);
 *   batch_progress.c       the progress line and the closing summary;
 *   batch_run.c            puts the steps together.
 *
 * Signals: the parent blocks SIGINT, SIGTERM, SIGHUP, SIGCHLD and SIGPIPE
 * and takes them synchronously with sigtimedwait(), so no handler and no
 * global flag is needed.
 */
#ifndef CNFISCAL_BATCH_H
#define CNFISCAL_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "corpus.h"

/* ---- settings ----------------------------------------------------------- */

typedef struct {
    const char *output_directory;
    int jobs;                  /* worker processes at once, >= 1 */
    double timeout_seconds;    /* per document, wall clock; 0: none */
    uint64_t max_memory_bytes; /* per worker address space; 0: none */
    bool force;                /* redo documents already complete */
    bool quiet;                /* nothing on stderr but fatal errors */
    bool progress;             /* draw the progress line (stderr is a tty) */
    size_t shard_index;        /* 1-based; with shard_count */
    size_t shard_count;        /* 0 or 1: every input */
    const char *settings_text; /* what the parts depend on (rules, options) */
} batch_settings_t;

/* ---- option values (batch_option_values.c) ----------------------------- */

/* "512M", "1G", "1GiB", "2048K", "1073741824" -> bytes (K M G T are powers
 * of 1024).  Returns 0, or -1 when `text` is not such a size. */
int batch_parse_size(const char *text, uint64_t *bytes);

/* "60", "60s", "1.5", "2m", "1h" -> seconds.  Returns 0 or -1. */
int batch_parse_duration(const char *text, double *seconds);

/* "I/N" with 1 <= I <= N -> index and count.  Returns 0 or -1. */
int batch_parse_shard(const char *text, size_t *index, size_t *count);

/* A positive whole number (for --jobs).  Returns 0 or -1. */
int batch_parse_count(const char *text, int *count);

/* "1 GiB", "512 MiB", "1000 bytes" into `out`. */
void batch_format_size(uint64_t bytes, char *out, size_t out_size);

/* "60 s", "1.5 s" into `out`. */
void batch_format_seconds(double seconds, char *out, size_t out_size);

/* ---- settings text (batch_settings_text.c) ----------------------------- */

/* What parts depend on: version, options and a SHA-256 of the rule files
 * (the folder's *.rules and *.tsv, and each extra file).  malloc'd, or
 * NULL when out of memory. */
char *batch_settings_text(const char *version, const char *patterns_directory,
                          char *const *extra_files, int extra_count, bool want_tables);

/* ---- identity (batch_identity.c) ---------------------------------------- */

/* Streams the file at `path` through SHA-256 and writes its doc_id.  Only
 * regular files are read (opened non-blocking, so a FIFO never blocks).
 * Returns 0, or -1 with the reason in plain words in `reason` ("not a
 * regular file", "cannot open: ...", "too large: ..."). */
int batch_identify(const char *path, size_t max_bytes, char doc_id[17], char *reason,
                   size_t reason_size);

/* Which shard (0-based, < count) an input belongs to: by doc_id when it has
 * one (so identical files land together), else by its source name. */
size_t batch_shard_of(const char *doc_id, const char *source, size_t count);

/* ---- one planned document ----------------------------------------------- */

typedef enum {
    BATCH_UNIDENTIFIED, /* not looked at yet (the planner does it in order) */
    BATCH_OTHER_SHARD,  /* belongs to another --shard: not in this run */
    BATCH_PENDING,      /* a worker must read it */
    BATCH_COMPLETE,     /* its part is written (now or by an earlier run) */
    BATCH_FAILED,       /* no part: `reason` says why (not a regular file,
                           crashed, timed out, ran out of memory ...) */
    BATCH_DUPLICATE,    /* same doc_id as document `first` */
} batch_state_t;

typedef struct {
    const corpus_input_t *input;
    char doc_id[17]; /* "" when the file could not be read */
    batch_state_t state;
    bool resumed;        /* complete from an earlier run */
    char *reason;        /* BATCH_FAILED: malloc'd */
    size_t first;        /* BATCH_DUPLICATE: index of the first copy */
    double milliseconds; /* BATCH_FAILED: time spent */
} batch_document_t;

typedef struct {
    batch_document_t *items;
    size_t count;
} batch_plan_t;

void batch_plan_free(batch_plan_t *plan);

/* ---- planning (batch_plan.c) -------------------------------------------- */

/* Looks at the inputs one by one, in order, while the workers already run
 * (so that hashing the files costs no wall-clock time of its own): doc_id,
 * shard, duplicate, already complete.  Messages for unreadable inputs go to
 * stderr unless quiet. */
typedef struct batch_planner batch_planner_t;
struct batch_parts;
struct batch_progress;

/* A plan of one BATCH_UNIDENTIFIED document per input.  Returns 0 or -1. */
int batch_plan_init(batch_plan_t *plan, const corpus_input_list_t *inputs);

batch_planner_t *batch_planner_new(batch_plan_t *plan, const corpus_options_t *options,
                                   const batch_settings_t *settings,
                                   const struct batch_parts *parts,
                                   struct batch_progress *progress);
void batch_planner_free(batch_planner_t *planner);

/* Identifies documents up to and including `index`.  Returns 0, or -1 when
 * out of memory. */
int batch_planner_identify_through(batch_planner_t *planner, size_t index);

/* ---- parts folder (batch_parts.c) --------------------------------------- */

typedef struct batch_parts batch_parts_t;
/* (struct batch_parts is also named above, for the planner.) */

/* A malloc'd "<what> <path>: <strerror(error_number)>" for the files the
 * batch writes (NULL when out of memory). */
char *batch_message_with_path(const char *what, const char *path, int error_number);

/* Creates OUTDIR and OUTDIR/.cnfiscal-parts, takes the lock (another run
 * on the same folder is refused), removes temporaries an interrupted run
 * left, and compares the stored settings with `settings_text`: when they
 * differ or `force` is set, the old parts are removed.  Returns NULL with
 * *error set. */
batch_parts_t *batch_parts_open(const char *output_directory, const char *settings_text, bool force,
                                bool *discarded_old, char **error);
void batch_parts_close(batch_parts_t *parts);

/* Writes a document's rows (no headers) as its part: one file,
 * OUTDIR/.cnfiscal-parts/<doc_id>.part, with a checksum of its rows,
 * written under a temporary name and renamed into place (not synced:
 * batch_parts_read refuses a part whose data a power loss spoiled).
 * Returns 0, or -1 with *error set. */
int batch_parts_write(const batch_parts_t *parts, const char *doc_id,
                      const document_result_t *result, char **error);

enum {
    BATCH_SECTION_FACTS,
    BATCH_SECTION_TABLES,
    BATCH_SECTION_CHECKS,
    BATCH_SECTION_DOCUMENTS,
    BATCH_SECTION_COUNT
};

/* The fields of a documents.csv row as written (already guarded against
 * formulas), in output_document_columns order. */
typedef struct {
    char **fields;
    size_t count;
} batch_document_row_t;
void batch_document_row_free(batch_document_row_t *row);

typedef struct {
    char *data; /* the whole file */
    size_t length;
    const char *sections[BATCH_SECTION_COUNT]; /* rows of each CSV file */
    size_t section_lengths[BATCH_SECTION_COUNT];
    batch_document_row_t row; /* the documents.csv row, parsed */
} batch_part_t;

/* Reads a document's part and checks that it is whole.  Returns 0, or -1
 * when it is missing, incomplete or damaged. */
int batch_parts_read(const batch_parts_t *parts, const char *doc_id, batch_part_t *part);
void batch_part_free(batch_part_t *part);

/* Only the documents.csv row of a part.  Returns 0 or -1. */
int batch_parts_read_document_row(const batch_parts_t *parts, const char *doc_id,
                                  batch_document_row_t *row);

/* True when the document's part is whole and was made from an input with
 * this doc_id reported as `source`. */
bool batch_parts_complete(const batch_parts_t *parts, const char *doc_id, const char *source);

/* True when a documents row was written for this doc_id and source. */
bool batch_document_row_matches(const batch_document_row_t *row, const char *doc_id,
                                const char *source);

/* ---- worker (batch_worker.c) -------------------------------------------- */

/* A worker process reads documents one after the other, for as long as the
 * parent gives it work (poppler's global tables are then loaded once per
 * worker, not once per document).  Task: the plan index of a document, as
 * a size_t, on the task pipe.  Report: one batch_worker_report_t (and its
 * reason) on the report pipe, in a single write.  A worker that crashes
 * or is killed takes only its current document with it. */
enum {
    BATCH_REPORT_COMPLETE = 0,      /* the document's parts are written */
    BATCH_REPORT_OUT_OF_MEMORY = 1, /* the worker exits after this report */
    BATCH_REPORT_FAILED = 2         /* reason follows */
};
enum { BATCH_WORKER_EXIT_OUT_OF_MEMORY = 86, BATCH_WORKER_EXIT_FAILED = 87 };
enum { BATCH_REPORT_REASON_MAX = 400 };

/* A task: which document, and its doc_id (found by the parent after the
 * worker was forked, so not in the worker's copy of the plan). */
typedef struct {
    uint64_t document; /* plan index */
    char doc_id[17];
} batch_worker_task_t;

typedef struct {
    uint64_t document; /* plan index */
    uint32_t code;     /* BATCH_REPORT_* */
    uint32_t reason_length;
} batch_worker_report_t;

typedef struct {
    corpus_processor_t *processor;
    const batch_parts_t *parts;
    const batch_plan_t *plan;
    uint64_t max_memory_bytes;
    const sigset_t *original_mask; /* restored in the worker */
    pid_t parent;
} batch_worker_context_t;

/* Keeps poppler's global tables loaded while held (batch_backend_warm.c):
 * returns a handle (NULL when poppler refused, harmless). */
void *batch_backend_hold(void);
void batch_backend_release(void *held);

/* In the child: serves tasks until the task pipe ends, then _exit(0). */
_Noreturn void batch_worker_main(const batch_worker_context_t *context, int task_descriptor,
                                 int report_descriptor);

/* ---- progress (batch_progress.c) ---------------------------------------- */

typedef struct batch_progress {
    bool enabled;
    size_t total;    /* documents in this run (shard) */
    size_t done;     /* finished: complete, failed, duplicate */
    size_t read;     /* read by workers in this run */
    size_t resumed;  /* complete from an earlier run */
    size_t failures; /* failed this time */
    size_t pages;    /* pages read this time */
    double started;  /* seconds_now() at the start */
    double last_drawn;
    bool drawn;
} batch_progress_t;

double batch_seconds_now(void);

/* A stop signal (SIGINT, SIGTERM, SIGHUP) that arrived while blocked, taken
 * without waiting, or 0. */
int batch_take_stop_signal(void);
void batch_progress_init(batch_progress_t *progress, bool enabled, size_t total);
/* Redraws the line when `force` or at most twice a second. */
void batch_progress_draw(batch_progress_t *progress, bool force);
/* Clears the line so that a message can be printed. */
void batch_progress_clear(batch_progress_t *progress);

/* ---- scheduler (batch_scheduler.c) -------------------------------------- */

typedef struct {
    size_t peak_worker_kib; /* largest ru_maxrss of a worker */
    int interrupted_by;     /* signal that stopped the run, 0 if none */
} batch_run_stats_t;

/* Has the planner identify every document and runs every BATCH_PENDING
 * one in worker processes; each ends BATCH_COMPLETE or BATCH_FAILED.  Stops starting documents on
 * SIGINT/SIGTERM/SIGHUP (stats->interrupted_by), killing running workers;
 * their documents stay BATCH_PENDING.  Returns 0, or -1 with *error set
 * (cannot fork ...). */
int batch_schedule(batch_plan_t *plan, batch_planner_t *planner, const batch_settings_t *settings,
                   const batch_worker_context_t *worker, batch_progress_t *progress,
                   batch_run_stats_t *stats, char **error);

/* ---- merge (batch_merge.c) ---------------------------------------------- */

typedef struct {
    size_t ok, empty, error, duplicates;
    size_t facts, pages;
} batch_totals_t;

/* Writes OUTDIR/facts.csv, tables.csv, checks.csv and documents.csv from
 * the plan, in plan order; each appears only complete (documents.csv
 * last).  Returns 0, or -1 with *error set. */
int batch_merge(const batch_plan_t *plan, const batch_parts_t *parts, const char *output_directory,
                batch_totals_t *totals, char **error);

/* ---- the whole run (batch_run.c) ---------------------------------------- */

/* Runs `inputs` as described above and prints the summary.  Returns the
 * exit status of `cnfiscal extract`. */
int batch_run(const corpus_input_list_t *inputs, const rule_set_t *rules,
              const corpus_options_t *options, const batch_settings_t *settings);

#endif
