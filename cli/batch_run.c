/*
 * batch_run.c - a whole `cnfiscal extract` run over many documents.
 *
 *   1. block SIGINT/SIGTERM/SIGHUP/SIGCHLD (taken synchronously from here on);
 *   2. open the parts folder (lock, settings check, --force);
 *   3. plan and read: the planner identifies the inputs in order (doc_id,
 *      regular file?, shard, duplicate, already complete; batch_plan.c)
 *      while worker processes read the pending ones (batch_scheduler.c);
 *   5. interrupted: say how to resume and stop, leaving the final CSV files
 *      untouched; otherwise merge the parts into them (batch_merge.c);
 *   6. print the summary.
 */
#include "batch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"

static void print_summary(const batch_settings_t *settings, const batch_totals_t *totals,
                          size_t read_now, size_t resumed, double seconds,
                          const batch_run_stats_t *stats)
{
    if (settings->quiet)
        return;
    char memory[96] = "";
    if (stats->peak_worker_kib) {
        snprintf(memory, sizeof memory, "; peak worker memory %.1f MiB",
                 (double)stats->peak_worker_kib / 1024.0);
    }
    fprintf(stderr,
            "cnfiscal: %zu documents: %zu ok, %zu empty, %zu error, %zu duplicate; "
            "%zu facts from %zu pages in %.1f s (%zu read now, %zu already complete)%s\n"
            "cnfiscal: wrote %s/facts.csv, tables.csv, checks.csv and documents.csv\n",
            totals->ok + totals->empty + totals->error + totals->duplicates, totals->ok,
            totals->empty, totals->error, totals->duplicates, totals->facts, totals->pages, seconds,
            read_now, resumed, memory, settings->output_directory);
}

static int run_with_parts(const corpus_input_list_t *inputs, const rule_set_t *rules,
                          const corpus_options_t *options, const batch_settings_t *settings,
                          batch_parts_t *parts, const sigset_t *original_mask, double started)
{
    batch_plan_t plan = {NULL, 0};
    batch_progress_t progress;
    batch_progress_init(&progress, settings->progress, inputs->count);
    batch_planner_t *planner = NULL;
    corpus_processor_t *processor = NULL;
    if (batch_plan_init(&plan, inputs) != 0 ||
        !(planner = batch_planner_new(&plan, options, settings, parts, &progress)) ||
        !(processor = corpus_processor_new(rules, options))) {
        fprintf(stderr, "cnfiscal extract: out of memory\n");
        corpus_processor_free(processor);
        batch_planner_free(planner);
        batch_plan_free(&plan);
        return EXIT_SOME_FAILED;
    }
    batch_run_stats_t stats = {0, 0};
    batch_worker_context_t worker = {processor,     parts,   &plan, settings->max_memory_bytes,
                                     original_mask, getpid()};
    char *error = NULL;
    int status = EXIT_ALL_READ;
    if (batch_schedule(&plan, planner, settings, &worker, &progress, &stats, &error) != 0) {
        fprintf(stderr, "cnfiscal extract: %s\n", error ? error : "cannot start workers");
        free(error);
        status = EXIT_SOME_FAILED;
    }
    corpus_processor_free(processor);
    batch_planner_free(planner);

    if (stats.interrupted_by) {
        size_t complete = 0, total = 0;
        for (size_t i = 0; i < plan.count; i++) {
            batch_state_t state = plan.items[i].state;
            total += state != BATCH_OTHER_SHARD;
            complete +=
                state == BATCH_COMPLETE || state == BATCH_FAILED || state == BATCH_DUPLICATE;
        }
        fprintf(stderr,
                "cnfiscal: interrupted (%s): %zu of %zu documents are done and kept in "
                "%s/.cnfiscal-parts; the CSV files were not updated.\n"
                "cnfiscal: run the same command again to finish the rest.\n",
                strsignal(stats.interrupted_by), complete, total, settings->output_directory);
        batch_plan_free(&plan);
        return 128 + stats.interrupted_by;
    }
    if (status != EXIT_ALL_READ) {
        batch_plan_free(&plan);
        return status;
    }

    batch_totals_t totals;
    if (batch_merge(&plan, parts, settings->output_directory, &totals, &error) != 0) {
        fprintf(stderr, "cnfiscal extract: %s\n", error ? error : "cannot write the CSV files");
        free(error);
        batch_plan_free(&plan);
        return EXIT_SOME_FAILED;
    }
    print_summary(settings, &totals, progress.read, progress.resumed, batch_seconds_now() - started,
                  &stats);
    batch_plan_free(&plan);
    return totals.error > 0 ? EXIT_SOME_FAILED : EXIT_ALL_READ;
}

int batch_run(const corpus_input_list_t *inputs, const rule_set_t *rules,
              const corpus_options_t *options, const batch_settings_t *settings)
{
    double started = batch_seconds_now();
    sigset_t blocked, original;
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGCHLD);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGHUP);
    sigaddset(&blocked, SIGPIPE); /* a worker gone: write() says EPIPE */
    sigprocmask(SIG_BLOCK, &blocked, &original);
    /* Workers must be waited for: SIGCHLD must not be ignored. */
    void (*previous_child_handler)(int) = signal(SIGCHLD, SIG_DFL);

    char *error = NULL;
    bool discarded = false;
    batch_parts_t *parts = batch_parts_open(settings->output_directory, settings->settings_text,
                                            settings->force, &discarded, &error);
    int status;
    if (!parts) {
        fprintf(stderr, "cnfiscal extract: %s\n", error ? error : "cannot use the output folder");
        free(error);
        status = EXIT_SOME_FAILED;
    } else {
        if (discarded && !settings->quiet)
            fprintf(stderr,
                    "cnfiscal: the rules or options changed since %s was written: "
                    "reading every document again\n",
                    settings->output_directory);
        status = run_with_parts(inputs, rules, options, settings, parts, &original, started);
        batch_parts_close(parts);
    }
    if (previous_child_handler != SIG_ERR)
        signal(SIGCHLD, previous_child_handler);
    /* A stop signal that came after the last document was merged would kill
     * us on unblocking although the run is complete: take it. */
    (void)batch_take_stop_signal();
    sigset_t broken_pipe;
    sigemptyset(&broken_pipe);
    sigaddset(&broken_pipe, SIGPIPE);
    struct timespec now = {0, 0};
    siginfo_t info;
    (void)sigtimedwait(&broken_pipe, &info, &now);
    sigprocmask(SIG_SETMASK, &original, NULL);
    return status;
}
