/*
 * batch_scheduler.c - the parent side of a batch: keeps up to --jobs
 * worker processes busy and turns the way each document ended into its
 * state.
 *
 * Each slot holds one worker with two pipes: tasks (plan indices) go down,
 * reports come back (batch_worker.c).  The parent poll()s the report pipes
 * - a pipe that ends means its worker is gone - with a timeout that is the
 * next per-document deadline (at most 0.1 s, so that a stop signal is seen
 * promptly; stop signals are blocked by batch_run() and taken here with
 * sigtimedwait(), so nothing arrives asynchronously).
 *   - report "complete" and the parts are there -> BATCH_COMPLETE
 *   - report "out of memory" (the worker exits)  -> "ran out of memory (limit X)"
 *   - report "failed"                            -> its reason
 *   - deadline passed                            -> SIGKILL, "timed out after N s"
 *   - worker ended by a signal while reading     -> "crashed (signal N)"
 * Documents go to the workers largest file first when there is more than
 * one worker (so that the run does not end with one big document read
 * while the other workers idle), in input order with one worker; the
 * order in which they are read never shows in the output, which
 * batch_merge.c writes in input order.  The inputs are identified
 * (batch_plan.c) in input order, ahead of the workers.
 * A worker that dies is replaced when there is more work.  On a stop
 * signal no new document starts, the workers are killed and their
 * documents stay BATCH_PENDING (a rerun will read them).
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    pid_t pid;             /* 0: no worker in this slot */
    int task_descriptor;   /* write end; -1 once closed (the worker then exits) */
    int report_descriptor; /* read end */
    bool busy;             /* reading `document` */
    bool retiring;         /* said it will exit: give it no more work */
    size_t document;
    double started;
    bool timed_out;
    bool stopped; /* killed because the run was interrupted */
} worker_slot_t;

/* A pending document waiting for a worker, with its size in bytes. */
typedef struct {
    uint64_t bytes;
    size_t index; /* plan index */
} queued_document_t;

typedef struct {
    batch_plan_t *plan;
    batch_planner_t *planner;
    const batch_settings_t *settings;
    const batch_worker_context_t *worker;
    batch_progress_t *progress;
    batch_run_stats_t *stats;
    worker_slot_t *slots;
    size_t slot_count;
    size_t identified;        /* inputs before this plan index are identified */
    queued_document_t *queue; /* pending documents not handed out yet: a heap */
    size_t queued;
    bool largest_first; /* else input order */
    bool planning_failed;
} scheduler_t;

static void print_document_message(scheduler_t *scheduler, const char *source, const char *reason)
{
    if (scheduler->settings->quiet)
        return;
    batch_progress_clear(scheduler->progress);
    fprintf(stderr, "cnfiscal: %s: %s\n", source, reason);
}

static void fail_document(scheduler_t *scheduler, size_t index, const char *reason,
                          double milliseconds)
{
    batch_document_t *document = &scheduler->plan->items[index];
    document->state = BATCH_FAILED;
    free(document->reason);
    document->reason = strdup(reason);
    document->milliseconds = milliseconds;
    scheduler->progress->done++;
    scheduler->progress->read++;
    scheduler->progress->failures++;
    print_document_message(scheduler, document->input->source, reason);
}

static void memory_reason(const scheduler_t *scheduler, char *reason, size_t size)
{
    if (scheduler->settings->max_memory_bytes) {
        char limit[64];
        batch_format_size(scheduler->settings->max_memory_bytes, limit, sizeof limit);
        snprintf(reason, size, "ran out of memory (limit %s)", limit);
    } else {
        snprintf(reason, size, "ran out of memory");
    }
}

static void complete_document(scheduler_t *scheduler, size_t index, double milliseconds)
{
    batch_document_t *document = &scheduler->plan->items[index];
    batch_document_row_t row;
    if (batch_parts_read_document_row(scheduler->worker->parts, document->doc_id, &row) != 0) {
        fail_document(scheduler, index, "the worker ended without writing its results",
                      milliseconds);
        return;
    }
    /* Columns: doc_id source status error pages ... */
    if (!batch_document_row_matches(&row, document->doc_id, document->input->source)) {
        batch_document_row_free(&row);
        fail_document(scheduler, index, "the file changed while it was being read", milliseconds);
        return;
    }
    document->state = BATCH_COMPLETE;
    batch_progress_t *progress = scheduler->progress;
    progress->done++;
    progress->read++;
    progress->pages += (size_t)strtoull(row.fields[4], NULL, 10);
    if (strcmp(row.fields[2], "ok") != 0) {
        if (strcmp(row.fields[2], "error") == 0)
            progress->failures++;
        print_document_message(scheduler, document->input->source, row.fields[3]);
    }
    batch_document_row_free(&row);
}

/* A report came in on the slot's pipe. */
static void handle_report(scheduler_t *scheduler, worker_slot_t *slot, const char *message,
                          size_t length)
{
    batch_worker_report_t report;
    if (length < sizeof report)
        return; /* a worker that writes half a report is killed below */
    memcpy(&report, message, sizeof report);
    if (!slot->busy || report.document != slot->document)
        return;
    double milliseconds = (batch_seconds_now() - slot->started) * 1000.0;
    slot->busy = false;
    char reason[BATCH_REPORT_REASON_MAX + 64];
    if (report.code == BATCH_REPORT_COMPLETE) {
        complete_document(scheduler, slot->document, milliseconds);
    } else if (report.code == BATCH_REPORT_OUT_OF_MEMORY) {
        slot->retiring = true;
        memory_reason(scheduler, reason, sizeof reason);
        fail_document(scheduler, slot->document, reason, milliseconds);
    } else {
        size_t reason_length = length - sizeof report;
        if (reason_length > report.reason_length)
            reason_length = report.reason_length;
        if (reason_length > BATCH_REPORT_REASON_MAX)
            reason_length = BATCH_REPORT_REASON_MAX;
        if (reason_length == 0) {
            snprintf(reason, sizeof reason, "the worker failed");
        } else {
            memcpy(reason, message + sizeof report, reason_length);
            reason[reason_length] = '\0';
        }
        fail_document(scheduler, slot->document, reason, milliseconds);
    }
}

static void close_slot_pipes(worker_slot_t *slot)
{
    if (slot->task_descriptor >= 0)
        close(slot->task_descriptor);
    if (slot->report_descriptor >= 0)
        close(slot->report_descriptor);
    slot->task_descriptor = -1;
    slot->report_descriptor = -1;
}

/* The slot's report pipe ended: its worker is gone; reap it and decide
 * what became of the document it was reading. */
static void handle_worker_end(scheduler_t *scheduler, worker_slot_t *slot)
{
    int status = 0;
    struct rusage usage;
    memset(&usage, 0, sizeof usage);
    pid_t reaped;
    do
        reaped = wait4(slot->pid, &status, 0, &usage);
    while (reaped < 0 && errno == EINTR);
    if (reaped == slot->pid && (size_t)usage.ru_maxrss > scheduler->stats->peak_worker_kib)
        scheduler->stats->peak_worker_kib = (size_t)usage.ru_maxrss;
    close_slot_pipes(slot);
    slot->pid = 0;
    if (slot->busy && !slot->stopped) {
        double milliseconds = (batch_seconds_now() - slot->started) * 1000.0;
        char reason[128];
        if (slot->timed_out) {
            char limit[64];
            batch_format_seconds(scheduler->settings->timeout_seconds, limit, sizeof limit);
            snprintf(reason, sizeof reason, "timed out after %s", limit);
        } else if (WIFSIGNALED(status)) {
            snprintf(reason, sizeof reason, "crashed (signal %d)", WTERMSIG(status));
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == BATCH_WORKER_EXIT_OUT_OF_MEMORY) {
            memory_reason(scheduler, reason, sizeof reason);
        } else {
            snprintf(reason, sizeof reason, "the worker ended unexpectedly (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
        fail_document(scheduler, slot->document, reason, milliseconds);
    }
    slot->busy = false;
    slot->retiring = false;
    slot->timed_out = false;
    slot->stopped = false;
}

static int start_worker(scheduler_t *scheduler, worker_slot_t *slot)
{
    int task[2], report[2];
    if (pipe(task) != 0)
        return -1;
    if (pipe(report) != 0) {
        int saved = errno;
        close(task[0]);
        close(task[1]);
        errno = saved;
        return -1;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(task[0]);
        close(task[1]);
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        /* The other workers' pipe ends must not stay open here, or they
         * would never see their pipes end. */
        for (size_t i = 0; i < scheduler->slot_count; i++)
            close_slot_pipes(&scheduler->slots[i]);
        close(task[1]);
        close(report[0]);
        batch_worker_main(scheduler->worker, task[0], report[1]);
    }
    close(task[0]);
    close(report[1]);
    fcntl(task[1], F_SETFD, FD_CLOEXEC);
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    slot->pid = pid;
    slot->task_descriptor = task[1];
    slot->report_descriptor = report[0];
    slot->busy = false;
    slot->retiring = false;
    slot->timed_out = false;
    slot->stopped = false;
    return 0;
}

static void stop_all(scheduler_t *scheduler, int signal_number);

/* True when document `left` goes to a worker before `right`: the larger
 * file first (with --jobs > 1), else - and among equal sizes - input
 * order. */
static bool goes_before(const scheduler_t *scheduler, const queued_document_t *left,
                        const queued_document_t *right)
{
    if (scheduler->largest_first && left->bytes != right->bytes)
        return left->bytes > right->bytes;
    return left->index < right->index;
}

static void swap_queued(queued_document_t *left, queued_document_t *right)
{
    queued_document_t kept = *left;
    *left = *right;
    *right = kept;
}

static void queue_push(scheduler_t *scheduler, size_t index)
{
    queued_document_t entry = {0, index};
    if (scheduler->largest_first) {
        struct stat info;
        if (stat(scheduler->plan->items[index].input->path, &info) == 0 && info.st_size > 0)
            entry.bytes = (uint64_t)info.st_size;
    }
    queued_document_t *queue = scheduler->queue;
    size_t at = scheduler->queued++;
    queue[at] = entry;
    while (at > 0 && goes_before(scheduler, &queue[at], &queue[(at - 1) / 2])) {
        swap_queued(&queue[at], &queue[(at - 1) / 2]);
        at = (at - 1) / 2;
    }
}

static size_t queue_pop(scheduler_t *scheduler)
{
    queued_document_t *queue = scheduler->queue;
    size_t index = queue[0].index;
    queue[0] = queue[--scheduler->queued];
    size_t at = 0;
    for (;;) {
        size_t first = at;
        size_t left = 2 * at + 1, right = 2 * at + 2;
        if (left < scheduler->queued && goes_before(scheduler, &queue[left], &queue[first]))
            first = left;
        if (right < scheduler->queued && goes_before(scheduler, &queue[right], &queue[first]))
            first = right;
        if (first == at)
            break;
        swap_queued(&queue[at], &queue[first]);
        at = first;
    }
    return index;
}

/* Has the planner identify the next input (in input order, as duplicates
 * and shards are decided in that order) and queues it when a worker must
 * read it.  Returns false when there is nothing more to identify or the
 * run is stopping. */
static bool identify_next(scheduler_t *scheduler)
{
    if (scheduler->identified >= scheduler->plan->count || scheduler->planning_failed)
        return false;
    /* Resuming a large run can mean many inputs in a row to hash and
     * skip: keep answering Ctrl-C and keep the progress line moving. */
    int received = batch_take_stop_signal();
    if (received && !scheduler->stats->interrupted_by)
        stop_all(scheduler, received);
    if (scheduler->stats->interrupted_by)
        return false;
    batch_progress_draw(scheduler->progress, false);
    size_t index = scheduler->identified;
    if (batch_planner_identify_through(scheduler->planner, index) != 0) {
        scheduler->planning_failed = true;
        return false;
    }
    scheduler->identified++;
    if (scheduler->plan->items[index].state == BATCH_PENDING)
        queue_push(scheduler, index);
    return true;
}

/* True when a document waits for a worker; identifies inputs until one
 * does or none is left. */
static bool have_work(scheduler_t *scheduler)
{
    while (scheduler->queued == 0 && identify_next(scheduler))
        continue;
    return scheduler->queued > 0 && !scheduler->stats->interrupted_by;
}

/* Gives the slot's worker the next document; closes its task pipe when
 * there is none (the worker then exits). */
static void assign_work(scheduler_t *scheduler, worker_slot_t *slot)
{
    if (!have_work(scheduler)) {
        if (slot->task_descriptor >= 0) {
            close(slot->task_descriptor);
            slot->task_descriptor = -1;
        }
        return;
    }
    size_t index = queue_pop(scheduler);
    batch_worker_task_t task;
    memset(&task, 0, sizeof task);
    task.document = index;
    memcpy(task.doc_id, scheduler->plan->items[index].doc_id, sizeof task.doc_id);
    ssize_t written;
    do
        written = write(slot->task_descriptor, &task, sizeof task);
    while (written < 0 && errno == EINTR);
    if (written != (ssize_t)sizeof task) {
        slot->retiring = true;        /* gone (EPIPE): its pipe's end will show */
        queue_push(scheduler, index); /* for another worker */
        return;
    }
    slot->busy = true;
    slot->document = index;
    slot->started = batch_seconds_now();
}

static void enforce_deadlines(scheduler_t *scheduler)
{
    double limit = scheduler->settings->timeout_seconds;
    if (limit <= 0)
        return;
    double now = batch_seconds_now();
    for (size_t i = 0; i < scheduler->slot_count; i++) {
        worker_slot_t *slot = &scheduler->slots[i];
        if (slot->pid > 0 && slot->busy && !slot->timed_out && now - slot->started >= limit) {
            kill(slot->pid, SIGKILL);
            slot->timed_out = true;
        }
    }
}

/* Milliseconds to wait: until the next deadline, at most 100. */
static int next_wait(const scheduler_t *scheduler)
{
    double wait = 0.1;
    double limit = scheduler->settings->timeout_seconds;
    if (limit > 0) {
        double now = batch_seconds_now();
        for (size_t i = 0; i < scheduler->slot_count; i++) {
            const worker_slot_t *slot = &scheduler->slots[i];
            if (slot->pid > 0 && slot->busy && !slot->timed_out) {
                double left = slot->started + limit - now;
                if (left < wait)
                    wait = left;
            }
        }
    }
    return wait <= 0.001 ? 1 : (int)(wait * 1000.0 + 0.5);
}

static void stop_all(scheduler_t *scheduler, int signal_number)
{
    scheduler->stats->interrupted_by = signal_number;
    for (size_t i = 0; i < scheduler->slot_count; i++) {
        worker_slot_t *slot = &scheduler->slots[i];
        if (slot->pid > 0) {
            slot->stopped = true;
            kill(slot->pid, SIGKILL);
        }
    }
}

/* A stop signal (SIGINT, SIGTERM, SIGHUP) that arrived and is blocked,
 * taken without waiting, or 0. */
int batch_take_stop_signal(void)
{
    sigset_t stops;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    struct timespec now = {0, 0};
    siginfo_t info;
    int received = sigtimedwait(&stops, &info, &now);
    return received > 0 ? received : 0;
}

/* Starts and feeds workers.  Returns -1 when no worker can be started. */
static int keep_workers_busy(scheduler_t *scheduler, char **error)
{
    for (size_t i = 0; i < scheduler->slot_count; i++) {
        worker_slot_t *slot = &scheduler->slots[i];
        if (slot->pid == 0 && have_work(scheduler) && start_worker(scheduler, slot) != 0) {
            int saved = errno;
            bool others = false;
            for (size_t j = 0; j < scheduler->slot_count; j++)
                others = others || scheduler->slots[j].pid > 0;
            if (others)
                continue; /* try again when one of them is done */
            size_t size = 128;
            *error = malloc(size);
            if (*error)
                snprintf(*error, size, "cannot start a worker process: %s", strerror(saved));
            return -1;
        }
        if (slot->pid > 0 && !slot->busy && !slot->retiring)
            assign_work(scheduler, slot);
    }
    return 0;
}

int batch_schedule(batch_plan_t *plan, batch_planner_t *planner, const batch_settings_t *settings,
                   const batch_worker_context_t *worker, batch_progress_t *progress,
                   batch_run_stats_t *stats, char **error)
{
    scheduler_t scheduler;
    memset(&scheduler, 0, sizeof scheduler);
    scheduler.plan = plan;
    scheduler.planner = planner;
    scheduler.settings = settings;
    scheduler.worker = worker;
    scheduler.progress = progress;
    scheduler.stats = stats;
    scheduler.slot_count = (size_t)settings->jobs;
    scheduler.largest_first = settings->jobs > 1;
    scheduler.slots = calloc(scheduler.slot_count, sizeof *scheduler.slots);
    scheduler.queue = calloc(plan->count ? plan->count : 1, sizeof *scheduler.queue);
    struct pollfd *polled = calloc(scheduler.slot_count, sizeof *polled);
    size_t *polled_slot = calloc(scheduler.slot_count, sizeof *polled_slot);
    if (!scheduler.slots || !scheduler.queue || !polled || !polled_slot) {
        free(scheduler.slots);
        free(scheduler.queue);
        free(polled);
        free(polled_slot);
        *error = strdup("out of memory");
        return -1;
    }
    for (size_t i = 0; i < scheduler.slot_count; i++) {
        scheduler.slots[i].task_descriptor = -1;
        scheduler.slots[i].report_descriptor = -1;
    }

    int status = 0;
    for (;;) {
        if (!stats->interrupted_by && status == 0 && keep_workers_busy(&scheduler, error) != 0)
            status = -1;
        nfds_t count = 0;
        for (size_t i = 0; i < scheduler.slot_count; i++) {
            if (scheduler.slots[i].pid > 0) {
                polled[count].fd = scheduler.slots[i].report_descriptor;
                polled[count].events = POLLIN;
                polled[count].revents = 0;
                polled_slot[count] = i;
                count++;
            }
        }
        if (count == 0) {
            /* No worker left: everything is read, or the run is stopping.
             * Either way the remaining inputs are identified only when
             * the run goes on (a stop leaves them for the rerun). */
            if (!stats->interrupted_by && status == 0 && have_work(&scheduler))
                continue;
            break;
        }
        batch_progress_draw(progress, false);
        /* While the workers read, identify the inputs ahead of them (a hash
         * each), one per round so that reports are still answered at once:
         * a worker then never waits for its next document's hash, and the
         * largest-first order soon knows every pending document. */
        bool identifying = !stats->interrupted_by && status == 0 && identify_next(&scheduler);
        int ready = poll(polled, count, identifying ? 0 : next_wait(&scheduler));
        for (nfds_t p = 0; ready > 0 && p < count; p++) {
            if (!polled[p].revents)
                continue;
            worker_slot_t *slot = &scheduler.slots[polled_slot[p]];
            char message[sizeof(batch_worker_report_t) + BATCH_REPORT_REASON_MAX];
            ssize_t got = read(slot->report_descriptor, message, sizeof message);
            if (got < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (got > 0 && (size_t)got < sizeof(batch_worker_report_t)) {
                kill(slot->pid, SIGKILL); /* garbled: treat it as broken */
                continue;
            }
            if (got > 0)
                handle_report(&scheduler, slot, message, (size_t)got);
            else
                handle_worker_end(&scheduler, slot);
        }
        int received = batch_take_stop_signal();
        if (received && !stats->interrupted_by)
            stop_all(&scheduler, received);
        enforce_deadlines(&scheduler);
    }
    if (scheduler.planning_failed && status == 0) {
        *error = strdup("out of memory");
        status = -1;
    }
    batch_progress_clear(progress);
    free(scheduler.slots);
    free(scheduler.queue);
    free(polled);
    free(polled_slot);
    return status;
}
