/*
 * batch_plan.c - what each input of a batch is, found out in input order
 * while the workers already run.
 *
 * For each input: its doc_id (batch_identity.c; a file that cannot be read
 * becomes BATCH_FAILED with the reason), whether it belongs to this
 * --shard (else BATCH_OTHER_SHARD), whether an earlier input has the same
 * doc_id (BATCH_DUPLICATE), whether an earlier run left its part complete
 * (BATCH_COMPLETE, unless --force), else BATCH_PENDING for a worker.
 * The scheduler (batch_scheduler.c) asks for one input at a time: just
 * enough to give the first workers a document each, then the rest while
 * they read, so hashing the files overlaps with reading them instead of
 * delaying the first worker or a worker's next document.
 */
#include "batch.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct batch_planner {
    batch_plan_t *plan;
    const corpus_options_t *options;
    const batch_settings_t *settings;
    const batch_parts_t *parts;
    batch_progress_t *progress;
    GHashTable *first_by_id; /* doc_id (owned by the plan) -> index + 1 */
    size_t identified;       /* documents before this index are done */
};

void batch_plan_free(batch_plan_t *plan)
{
    for (size_t i = 0; i < plan->count; i++)
        free(plan->items[i].reason);
    free(plan->items);
    plan->items = NULL;
    plan->count = 0;
}

int batch_plan_init(batch_plan_t *plan, const corpus_input_list_t *inputs)
{
    plan->count = 0;
    plan->items = calloc(inputs->count ? inputs->count : 1, sizeof *plan->items);
    if (!plan->items)
        return -1;
    for (size_t i = 0; i < inputs->count; i++) {
        plan->items[i].input = &inputs->items[i];
        plan->items[i].state = BATCH_UNIDENTIFIED;
    }
    plan->count = inputs->count;
    return 0;
}

batch_planner_t *batch_planner_new(batch_plan_t *plan, const corpus_options_t *options,
                                   const batch_settings_t *settings,
                                   const struct batch_parts *parts, struct batch_progress *progress)
{
    batch_planner_t *planner = calloc(1, sizeof *planner);
    if (!planner)
        return NULL;
    planner->first_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    if (!planner->first_by_id) {
        free(planner);
        return NULL;
    }
    planner->plan = plan;
    planner->options = options;
    planner->settings = settings;
    planner->parts = parts;
    planner->progress = progress;
    return planner;
}

void batch_planner_free(batch_planner_t *planner)
{
    if (!planner)
        return;
    g_hash_table_destroy(planner->first_by_id);
    free(planner);
}

static int identify(batch_planner_t *planner, size_t index)
{
    const batch_settings_t *settings = planner->settings;
    batch_progress_t *progress = planner->progress;
    batch_document_t *document = &planner->plan->items[index];
    const corpus_input_t *input = document->input;
    char reason[512];
    int identified = batch_identify(input->path, planner->options->max_file_bytes, document->doc_id,
                                    reason, sizeof reason);
    if (settings->shard_count > 1 &&
        batch_shard_of(document->doc_id, input->source, settings->shard_count) !=
            settings->shard_index - 1) {
        document->state = BATCH_OTHER_SHARD;
        progress->total--;
        return 0;
    }
    if (identified != 0) {
        document->state = BATCH_FAILED;
        document->reason = strdup(reason);
        progress->done++;
        progress->failures++;
        if (!settings->quiet) {
            batch_progress_clear(progress);
            fprintf(stderr, "cnfiscal: %s: %s\n", input->source, reason);
        }
        return document->reason ? 0 : -1;
    }
    gpointer first = g_hash_table_lookup(planner->first_by_id, document->doc_id);
    if (first) {
        document->state = BATCH_DUPLICATE;
        document->first = (size_t)GPOINTER_TO_SIZE(first) - 1;
        progress->done++;
        return 0;
    }
    g_hash_table_insert(planner->first_by_id, document->doc_id, GSIZE_TO_POINTER(index + 1));
    if (!settings->force && batch_parts_complete(planner->parts, document->doc_id, input->source)) {
        document->state = BATCH_COMPLETE;
        document->resumed = true;
        progress->done++;
        progress->resumed++;
    } else {
        document->state = BATCH_PENDING;
    }
    return 0;
}

int batch_planner_identify_through(batch_planner_t *planner, size_t index)
{
    while (planner->identified <= index && planner->identified < planner->plan->count) {
        if (identify(planner, planner->identified) != 0)
            return -1;
        planner->identified++;
    }
    return 0;
}
