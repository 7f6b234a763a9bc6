/*
 * batch_worker.c - the child process that reads one document.
 *
 * The parent forks one worker per document (poppler is not thread-safe and
 * a crash inside it must only lose that document).  The worker
 *   - restores the signal mask and asks to be killed with its parent;
 *   - limits its address space to --max-memory (RLIMIT_AS; not under
 *     AddressSanitizer, whose shadow memory needs terabytes of address
 *     space) and turns off core files;
 *   - runs corpus_process() and writes the document's parts
 *     (OUTDIR/.cnfiscal-parts/<doc_id>/) with out/'s writers;
 *   - exits 0 when the parts are complete, BATCH_WORKER_EXIT_OUT_OF_MEMORY
 *     when memory ran out, BATCH_WORKER_EXIT_FAILED with a reason written
 *     on the report pipe otherwise.  A crash is seen by the parent as the
 *     signal that ended the worker.
 *
 * Test hooks (environment variables naming an input's source, used by
 * tests/test_cli_batch*.c to simulate what real documents rarely do on
 * demand): CNFISCAL_TEST_CRASH_ON makes the worker raise SIGSEGV,
 * CNFISCAL_TEST_HANG_ON makes it sleep until the time limit kills it,
 * CNFISCAL_TEST_ALLOCATE_ON makes it allocate until the memory limit stops
 * it.  They only ever affect the named document.
 */
#include "batch.h"

#include <errno.h>
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

#include "output.h"

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

static void report(int descriptor, const char *message)
{
    size_t length = strlen(message);
    while (length > 0) {
        ssize_t written = write(descriptor, message, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        message += written;
        length -= (size_t)written;
    }
}

static bool test_hook_names(const char *variable, const char *source)
{
    const char *value = getenv(variable);
    return value && value[0] && strcmp(value, source) == 0;
}

/* CNFISCAL_TEST_ALLOCATE_ON: allocate (without touching the memory, so the
 * machine is never really short) until malloc fails.  Stops by itself after
 * 64 GiB in case no limit is in force. */
static _Noreturn void allocate_until_refused(int report_descriptor)
{
    const size_t piece = (size_t)64 << 20;
    for (size_t i = 0; i < 1024; i++) {
        if (!malloc(piece))
            _exit(BATCH_WORKER_EXIT_OUT_OF_MEMORY);
    }
    report(report_descriptor, "test hook: 64 GiB allocated, no memory limit in force");
    _exit(BATCH_WORKER_EXIT_FAILED);
}

static void apply_limits(const batch_worker_context_t *context)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    if (context->max_memory_bytes && !BATCH_UNDER_ADDRESS_SANITIZER) {
        struct rlimit memory = {(rlim_t)context->max_memory_bytes,
                                (rlim_t)context->max_memory_bytes};
        setrlimit(RLIMIT_AS, &memory);
    }
}

_Noreturn void batch_worker_main(const batch_worker_context_t *context,
                                 const batch_document_t *document, int report_descriptor)
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

    const char *source = document->input->source;
    if (test_hook_names("CNFISCAL_TEST_CRASH_ON", source)) {
        signal(SIGSEGV, SIG_DFL); /* past any sanitizer's handler */
        raise(SIGSEGV);
    }
    if (test_hook_names("CNFISCAL_TEST_HANG_ON", source))
        for (;;)
            pause();
    if (test_hook_names("CNFISCAL_TEST_ALLOCATE_ON", source))
        allocate_until_refused(report_descriptor);

    document_result_t *result = corpus_process(context->processor, document->input);
    if (!result)
        _exit(BATCH_WORKER_EXIT_OUT_OF_MEMORY);
    if (strcmp(result->status, "error") == 0 && strstr(result->error, "out of memory")) {
        document_result_free(result);
        _exit(BATCH_WORKER_EXIT_OUT_OF_MEMORY);
    }

    batch_parts_clear(context->parts, document->doc_id);
    char *folder = batch_parts_folder(context->parts, document->doc_id);
    char *error = NULL;
    output_set_t *output = folder ? output_set_open(folder, &error) : NULL;
    int status = 0;
    if (!output) {
        status = BATCH_WORKER_EXIT_FAILED;
    } else {
        output_set_add(output, result);
        if (output_set_commit(output, &error) != 0)
            status = BATCH_WORKER_EXIT_FAILED;
    }
    if (status != 0)
        report(report_descriptor, error ? error : "out of memory writing the results");
    free(error);
    free(folder);
    document_result_free(result);
    _exit(status);
}
