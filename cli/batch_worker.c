/*
 * batch_worker.c - a worker process: reads documents one after the other.
 *
 * The parent forks up to --jobs workers (poppler is not thread-safe and a
 * crash inside it must only lose the document being read).  A worker
 *   - restores the signal mask and asks to be killed with its parent;
 *   - limits its address space to --max-memory (RLIMIT_AS; not under
 *     AddressSanitizer, whose shadow memory needs terabytes of address
 *     space) and turns off core files;
 *   - then, for each plan index the parent writes on the task pipe, runs
 *     corpus_process() and writes the document's parts
 *     (OUTDIR/.cnfiscal-parts/<doc_id>/) with out/'s writers, and answers
 *     with one batch_worker_report_t on the report pipe;
 *   - exits when the task pipe ends, or right after reporting that memory
 *     ran out (its heap may be in pieces).  Libraries do not all report a
 *     failed allocation: poppler's C++ aborts (std::bad_alloc), GLib traps
 *     (g_error).  So a worker that aborts or traps with more than half its
 *     address-space limit in use exits with BATCH_WORKER_EXIT_OUT_OF_MEMORY
 *     instead, and is reported as out of memory rather than as a crash.  A crash is seen by the
 * parent as the end of the report pipe and the signal that ended the worker. Staying alive between
 * documents matters: poppler loads its CJK CMaps and Unicode tables once per process, which costs
 * as much as reading a short document.
 *
 * Test hooks (environment variables naming an input's source, used by
 * tests/test_cli_batch*.c to simulate what real documents rarely do on
 * demand): CNFISCAL_TEST_CRASH_ON makes the worker raise SIGSEGV,
 * CNFISCAL_TEST_HANG_ON makes it sleep until the time limit kills it,
 * CNFISCAL_TEST_ALLOCATE_ON makes it allocate until the memory limit stops
 * it (and then aborts, as a C++ library would).  They only ever affect the
 * named document.
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define BATCH_UNDER_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BATCH_UNDER_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef BATCH_UNDER_ADDRESS_SANITIZER
#define BATCH_UNDER_ADDRESS_SANITIZER 0
#endif

/* The one piece of global state here, set once in a worker before the
 * handler below is installed and only read by it: above how many pages of
 * address space an abort counts as running out of memory (0: never). */
static uint64_t abort_as_out_of_memory_pages;

/* SIGABRT / SIGTRAP in a worker: out of memory when the address space is
 * more than half used (VmSize, first field of /proc/self/statm, in pages),
 * else the crash it is.  Async-signal-safe: open, read, _exit, raise. */
static void on_abort(int signal_number)
{
    int descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (descriptor >= 0) {
        char buffer[64];
        ssize_t got = read(descriptor, buffer, sizeof buffer - 1);
        close(descriptor);
        uint64_t pages = 0;
        for (ssize_t i = 0; i < got && buffer[i] >= '0' && buffer[i] <= '9'; i++)
            pages = pages * 10 + (uint64_t)(buffer[i] - '0');
        if (abort_as_out_of_memory_pages && pages >= abort_as_out_of_memory_pages)
            _exit(BATCH_WORKER_EXIT_OUT_OF_MEMORY);
    }
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

/* Writes the whole buffer (a report is small enough to go in one piece). */
static void write_all(int descriptor, const void *data, size_t length)
{
    const char *bytes = data;
    while (length > 0) {
        ssize_t written = write(descriptor, bytes, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        bytes += written;
        length -= (size_t)written;
    }
}

static void send_report(int descriptor, size_t document, uint32_t code, const char *reason)
{
    char message[sizeof(batch_worker_report_t) + BATCH_REPORT_REASON_MAX];
    batch_worker_report_t report;
    report.document = document;
    report.code = code;
    size_t length = reason ? strlen(reason) : 0;
    if (length > BATCH_REPORT_REASON_MAX)
        length = BATCH_REPORT_REASON_MAX;
    report.reason_length = (uint32_t)length;
    memcpy(message, &report, sizeof report);
    if (length)
        memcpy(message + sizeof report, reason, length);
    write_all(descriptor, message, sizeof report + length);
}

/* Reads exactly `length` bytes; -1 at the end of the pipe or on error. */
static int read_all(int descriptor, void *data, size_t length)
{
    char *bytes = data;
    while (length > 0) {
        ssize_t got = read(descriptor, bytes, length);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        bytes += got;
        length -= (size_t)got;
    }
    return 0;
}

static bool test_hook_names(const char *variable, const char *source)
{
    const char *value = getenv(variable);
    return value && value[0] && strcmp(value, source) == 0;
}

/* CNFISCAL_TEST_ALLOCATE_ON: allocate (without touching the memory, so the
 * machine is never really short) until malloc fails.  Stops by itself after
 * 64 GiB in case no limit is in force. */
static uint32_t allocate_until_refused(char *reason, size_t reason_size)
{
    const size_t piece = (size_t)16 << 20;
    for (size_t i = 0; i < 4096; i++) {
        if (!malloc(piece))
            abort(); /* as an unchecked C++ `new` would */
    }
    snprintf(reason, reason_size, "test hook: 64 GiB allocated, no memory limit in force");
    return BATCH_REPORT_FAILED;
}

static void apply_limits(const batch_worker_context_t *context)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (context->max_memory_bytes && !BATCH_UNDER_ADDRESS_SANITIZER) {
        struct rlimit memory = {(rlim_t)context->max_memory_bytes,
                                (rlim_t)context->max_memory_bytes};
        long page_size = sysconf(_SC_PAGESIZE);
        if (setrlimit(RLIMIT_AS, &memory) == 0 && page_size > 0) {
            abort_as_out_of_memory_pages = context->max_memory_bytes / 2 / (uint64_t)page_size;
            signal(SIGABRT, on_abort);
            signal(SIGTRAP, on_abort);
        }
    }
}

/* Reads one document and writes its parts.  Returns a BATCH_REPORT_*
 * code, with a reason for BATCH_REPORT_FAILED. */
static uint32_t read_document(const batch_worker_context_t *context,
                              const batch_document_t *document, char *reason, size_t reason_size)
{
    const char *source = document->input->source;
    if (test_hook_names("CNFISCAL_TEST_CRASH_ON", source)) {
        signal(SIGSEGV, SIG_DFL); /* past any sanitizer's handler */
        raise(SIGSEGV);
    }
    if (test_hook_names("CNFISCAL_TEST_HANG_ON", source))
        for (;;)
            pause();
    if (test_hook_names("CNFISCAL_TEST_ALLOCATE_ON", source))
        return allocate_until_refused(reason, reason_size);

    document_result_t *result = corpus_process(context->processor, document->input);
    if (!result)
        return BATCH_REPORT_OUT_OF_MEMORY;
    if (strcmp(result->status, "error") == 0 && strstr(result->error, "out of memory")) {
        document_result_free(result);
        return BATCH_REPORT_OUT_OF_MEMORY;
    }
    char *error = NULL;
    uint32_t code = BATCH_REPORT_COMPLETE;
    if (batch_parts_write(context->parts, document->doc_id, result, &error) != 0) {
        code = BATCH_REPORT_FAILED;
        snprintf(reason, reason_size, "%s", error ? error : "cannot write the results");
    }
    free(error);
    document_result_free(result);
    return code;
}

_Noreturn void batch_worker_main(const batch_worker_context_t *context, int task_descriptor,
                                 int report_descriptor)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigprocmask(SIG_SETMASK, context->original_mask, NULL);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
    if (getppid() != context->parent)
        _exit(BATCH_WORKER_EXIT_FAILED); /* the parent is already gone */
    apply_limits(context);

    void *backend = batch_backend_hold();
    batch_worker_task_t task;
    while (read_all(task_descriptor, &task, sizeof task) == 0) {
        if (task.document >= context->plan->count || task.doc_id[16] != '\0')
            _exit(BATCH_WORKER_EXIT_FAILED);
        /* This worker's copy of the plan may predate the doc_id: take the
         * task's. */
        batch_document_t document = context->plan->items[task.document];
        memcpy(document.doc_id, task.doc_id, sizeof document.doc_id);
        char reason[BATCH_REPORT_REASON_MAX + 1] = "";
        uint32_t code = read_document(context, &document, reason, sizeof reason);
        send_report(report_descriptor, (size_t)task.document, code, reason);
        if (code == BATCH_REPORT_OUT_OF_MEMORY)
            _exit(BATCH_WORKER_EXIT_OUT_OF_MEMORY);
    }
    batch_backend_release(backend);
    _exit(0);
}
