/*
 * batch_scheduler.c - the parent side of a batch: keeps up to --jobs
 * worker processes busy, one document each, and turns the way each worker
 * ended into the document's state.
 *
 * The parent waits with sigtimedwait() on SIGCHLD (a worker ended),
 * SIGINT/SIGTERM/SIGHUP (stop) and a timeout (the next per-document
 * deadline, or the next progress redraw).  These signals are blocked by
 * batch_run() for the whole run, so nothing arrives asynchronously.
 *   - worker exit 0 and its parts complete   -> BATCH_COMPLETE
 *   - deadline passed                        -> SIGKILL, "timed out after N s"
 *   - ended by a signal                      -> "crashed (signal N)"
 *   - exit BATCH_WORKER_EXIT_OUT_OF_MEMORY   -> "ran out of memory (limit X)"
 *   - exit BATCH_WORKER_EXIT_FAILED          -> the reason it reported
 * On a stop signal no new worker starts, running ones are killed and their
 * documents stay BATCH_PENDING (a rerun will read them).
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    pid_t pid; /* 0: free slot */
    size_t document;
    int report_descriptor;
    double started;
    bool timed_out;
    bool stopped; /* killed because the run was interrupted */
} worker_slot_t;

typedef struct {
    batch_plan_t *plan;
    const batch_settings_t *settings;
    const batch_worker_context_t *worker;
    batch_progress_t *progress;
    batch_run_stats_t *stats;
    worker_slot_t *slots;
    size_t running;
} scheduler_t;

static void print_document_message(scheduler_t *scheduler, const char *source, const char *reason)
{
    if (scheduler->settings->quiet)
        return;
    batch_progress_clear(scheduler->progress);
    fprintf(stderr, "cnfiscal: %s: %s\n", source, reason);
}

static char *read_report(int descriptor)
{
    char buffer[512];
    size_t length = 0;
    while (length < sizeof buffer - 1) {
        ssize_t got = read(descriptor, buffer + length, sizeof buffer - 1 - length);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        length += (size_t)got;
    }
    buffer[length] = '\0';
    return length ? strdup(buffer) : NULL;
}

static void fail_document(scheduler_t *scheduler, batch_document_t *document, char *reason,
                          double milliseconds)
{
    document->state = BATCH_FAILED;
    free(document->reason);
    document->reason = reason ? reason : strdup("failed");
    document->milliseconds = milliseconds;
    scheduler->progress->failures++;
    print_document_message(scheduler, document->input->source,
                           document->reason ? document->reason : "failed");
}

/* The document's worker ended with `status`: record what became of it. */
static void finish_worker(scheduler_t *scheduler, worker_slot_t *slot, int status,
                          const struct rusage *usage)
{
    batch_document_t *document = &scheduler->plan->items[slot->document];
    double milliseconds = (batch_seconds_now() - slot->started) * 1000.0;
    if ((size_t)usage->ru_maxrss > scheduler->stats->peak_worker_kib)
        scheduler->stats->peak_worker_kib = (size_t)usage->ru_maxrss;
    char *reported = read_report(slot->report_descriptor);
    close(slot->report_descriptor);
    slot->pid = 0;
    scheduler->running--;
    if (slot->stopped) {
        free(reported);
        return; /* stays pending: a rerun reads it */
    }
    batch_progress_t *progress = scheduler->progress;
    progress->done++;
    progress->read++;
    char reason[256];
    if (slot->timed_out) {
        char limit[64];
        batch_format_seconds(scheduler->settings->timeout_seconds, limit, sizeof limit);
        snprintf(reason, sizeof reason, "timed out after %s", limit);
        free(reported);
        fail_document(scheduler, document, strdup(reason), milliseconds);
    } else if (WIFSIGNALED(status)) {
        snprintf(reason, sizeof reason, "crashed (signal %d)", WTERMSIG(status));
        free(reported);
        fail_document(scheduler, document, strdup(reason), milliseconds);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == BATCH_WORKER_EXIT_OUT_OF_MEMORY) {
        if (scheduler->settings->max_memory_bytes) {
            char limit[64];
            batch_format_size(scheduler->settings->max_memory_bytes, limit, sizeof limit);
            snprintf(reason, sizeof reason, "ran out of memory (limit %s)", limit);
        } else {
            snprintf(reason, sizeof reason, "ran out of memory");
        }
        free(reported);
        fail_document(scheduler, document, strdup(reason), milliseconds);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
               batch_parts_complete(scheduler->worker->parts, document->doc_id,
                                    document->input->source)) {
        free(reported);
        document->state = BATCH_COMPLETE;
        batch_document_row_t row;
        if (batch_parts_read_document_row(scheduler->worker->parts, document->doc_id, &row) == 0) {
            /* Columns: doc_id source status error pages ... */
            progress->pages += (size_t)strtoull(row.fields[4], NULL, 10);
            if (strcmp(row.fields[2], "ok") != 0) {
                if (strcmp(row.fields[2], "error") == 0)
                    progress->failures++;
                print_document_message(scheduler, document->input->source, row.fields[3]);
            }
            batch_document_row_free(&row);
        }
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        free(reported);
        fail_document(scheduler, document, strdup("the worker ended without writing its results"),
                      milliseconds);
    } else {
        if (!reported) {
            snprintf(reason, sizeof reason, "worker failed (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
            reported = strdup(reason);
        }
        fail_document(scheduler, document, reported, milliseconds);
    }
}

static void reap_finished(scheduler_t *scheduler)
{
    for (;;) {
        int status = 0;
        struct rusage usage;
        memset(&usage, 0, sizeof usage);
        pid_t pid = wait4(-1, &status, WNOHANG, &usage);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid <= 0)
            return;
        for (int i = 0; i < scheduler->settings->jobs; i++) {
            if (scheduler->slots[i].pid == pid) {
                finish_worker(scheduler, &scheduler->slots[i], status, &usage);
                break;
            }
        }
    }
}

static int start_worker(scheduler_t *scheduler, worker_slot_t *slot, size_t index)
{
    int report[2];
    if (pipe(report) != 0)
        return -1;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(report[0]);
        batch_worker_main(scheduler->worker, &scheduler->plan->items[index], report[1]);
    }
    close(report[1]);
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    fcntl(report[0], F_SETFL, O_NONBLOCK);
    slot->pid = pid;
    slot->document = index;
    slot->report_descriptor = report[0];
    slot->started = batch_seconds_now();
    slot->timed_out = false;
    slot->stopped = false;
    scheduler->running++;
    return 0;
}

static void enforce_deadlines(scheduler_t *scheduler)
{
    double limit = scheduler->settings->timeout_seconds;
    if (limit <= 0)
        return;
    double now = batch_seconds_now();
    for (int i = 0; i < scheduler->settings->jobs; i++) {
        worker_slot_t *slot = &scheduler->slots[i];
        if (slot->pid > 0 && !slot->timed_out && !slot->stopped && now - slot->started >= limit) {
            kill(slot->pid, SIGKILL);
            slot->timed_out = true;
        }
    }
}

/* How long to wait for a signal: until the next deadline, at most 0.5 s. */
static struct timespec next_wait(const scheduler_t *scheduler)
{
    double wait = 0.5;
    double limit = scheduler->settings->timeout_seconds;
    if (limit > 0) {
        double now = batch_seconds_now();
        for (int i = 0; i < scheduler->settings->jobs; i++) {
            const worker_slot_t *slot = &scheduler->slots[i];
            if (slot->pid > 0 && !slot->timed_out) {
                double left = slot->started + limit - now;
                if (left < wait)
                    wait = left;
            }
        }
    }
    if (wait < 0.001)
        wait = 0.001;
    struct timespec timeout;
    timeout.tv_sec = (time_t)wait;
    timeout.tv_nsec = (long)((wait - (double)timeout.tv_sec) * 1e9);
    return timeout;
}

static void stop_all(scheduler_t *scheduler, int signal_number)
{
    scheduler->stats->interrupted_by = signal_number;
    for (int i = 0; i < scheduler->settings->jobs; i++) {
        worker_slot_t *slot = &scheduler->slots[i];
        if (slot->pid > 0) {
            slot->stopped = true;
            kill(slot->pid, SIGKILL);
        }
    }
}

int batch_schedule(batch_plan_t *plan, const batch_settings_t *settings,
                   const batch_worker_context_t *worker, batch_progress_t *progress,
                   batch_run_stats_t *stats, char **error)
{
    scheduler_t scheduler = {plan, settings, worker, progress, stats, NULL, 0};
    scheduler.slots = calloc((size_t)settings->jobs, sizeof *scheduler.slots);
    if (!scheduler.slots) {
        *error = strdup("out of memory");
        return -1;
    }
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGCHLD);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);

    size_t next = 0;
    int status = 0;
    for (;;) {
        while (!stats->interrupted_by && status == 0 &&
               scheduler.running < (size_t)settings->jobs && next < plan->count) {
            if (plan->items[next].state != BATCH_PENDING) {
                next++;
                continue;
            }
            worker_slot_t *slot = NULL;
            for (int i = 0; i < settings->jobs && !slot; i++)
                if (scheduler.slots[i].pid == 0)
                    slot = &scheduler.slots[i];
            if (!slot || start_worker(&scheduler, slot, next) != 0) {
                if (scheduler.running > 0)
                    break; /* try again when a worker has ended */
                size_t size = 128;
                *error = malloc(size);
                if (*error)
                    snprintf(*error, size, "cannot start a worker process: %s", strerror(errno));
                status = -1;
                break;
            }
            next++;
        }
        if (scheduler.running == 0 && (status != 0 || stats->interrupted_by || next >= plan->count))
            break;
        batch_progress_draw(progress, false);
        struct timespec timeout = next_wait(&scheduler);
        siginfo_t info;
        int received = sigtimedwait(&wanted, &info, &timeout);
        if ((received == SIGINT || received == SIGTERM || received == SIGHUP) &&
            !stats->interrupted_by)
            stop_all(&scheduler, received);
        reap_finished(&scheduler);
        enforce_deadlines(&scheduler);
    }
    batch_progress_clear(progress);
    free(scheduler.slots);
    return status;
}
