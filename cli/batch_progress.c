/*
 * batch_progress.c - the progress line of a batch on stderr:
 *   "cnfiscal: 120/1000 documents, 35.2 pages/s, ETA 4m10s, 2 failed"
 * redrawn in place at most twice a second, only when stderr is a terminal
 * (the caller decides) and cleared before any other message is printed.
 */
#include "batch.h"

#include <stdio.h>
#include <time.h>

double batch_seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

void batch_progress_init(batch_progress_t *progress, bool enabled, size_t total)
{
    progress->enabled = enabled;
    progress->total = total;
    progress->done = 0;
    progress->read = 0;
    progress->resumed = 0;
    progress->failures = 0;
    progress->pages = 0;
    progress->started = batch_seconds_now();
    progress->last_drawn = 0;
    progress->drawn = false;
}

static void format_duration(double seconds, char *out, size_t out_size)
{
    if (seconds < 0)
        seconds = 0;
    unsigned long whole = (unsigned long)(seconds + 0.5);
    if (whole >= 3600)
        snprintf(out, out_size, "%luh%02lum", whole / 3600, whole % 3600 / 60);
    else if (whole >= 60)
        snprintf(out, out_size, "%lum%02lus", whole / 60, whole % 60);
    else
        snprintf(out, out_size, "%lus", whole);
}

void batch_progress_draw(batch_progress_t *progress, bool force)
{
    if (!progress->enabled)
        return;
    double now = batch_seconds_now();
    if (!force && now - progress->last_drawn < 0.5)
        return;
    progress->last_drawn = now;
    double elapsed = now - progress->started;
    double pages_per_second = elapsed > 0 ? (double)progress->pages / elapsed : 0;
    /* Documents still to finish, at the pace of those read so far (the
     * ones an earlier run finished go by in no time). */
    char eta[32] = "?";
    if (progress->read > 0 && progress->done <= progress->total)
        format_duration(elapsed / (double)progress->read *
                            (double)(progress->total - progress->done),
                        eta, sizeof eta);
    fprintf(stderr, "\r\033[Kcnfiscal: %zu/%zu documents, %.1f pages/s, ETA %s, %zu failed",
            progress->done, progress->total, pages_per_second, eta, progress->failures);
    fflush(stderr);
    progress->drawn = true;
}

void batch_progress_clear(batch_progress_t *progress)
{
    if (progress->enabled && progress->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        progress->drawn = false;
    }
}
