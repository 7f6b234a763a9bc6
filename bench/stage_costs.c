/*
 * stage_costs.c - where the CPU time of one document goes, stage by stage,
 * so that a missed speed target can be traced to its stage.  Used by
 * bench/run.sh; not a test.
 *
 * usage: stage_costs [--patterns-dir DIR] FILE...
 * For every FILE, in this process, one after the other: doc_id (SHA-256),
 * extract without glyphs, extract with glyphs, normalize, metadata +
 * patterns, tables.  Prints CPU milliseconds per page for each stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"

enum {
    STAGE_DOC_ID,
    STAGE_EXTRACT_TEXT,
    STAGE_EXTRACT_GLYPHS,
    STAGE_NORMALIZE,
    STAGE_PATTERNS,
    STAGE_TABLES,
    STAGE_COUNT
};

static const char *const stage_names[STAGE_COUNT] = {
    "doc_id (SHA-256 of the file)", "extract, text only (--no-tables)",
    "extract, text + glyph boxes",  "normalize",
    "metadata + patterns",          "tables (from glyph boxes)"};

static double cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* Runs every stage on one file, adding CPU seconds to `spent`; returns its
 * page count (0 when it could not be read). */
static size_t measure_file(const char *path, pattern_matcher_t *matcher,
                           document_metadata_reader_t *metadata_reader, double *spent)
{
    size_t length = 0;
    char reason[256];
    unsigned char *data = corpus_read_file(path, 0, &length, reason, sizeof reason);
    if (!data)
        return 0;
    double started = cpu_seconds();
    char doc_id[17];
    corpus_document_id(data, length, doc_id);
    double now = cpu_seconds();
    spent[STAGE_DOC_ID] += now - started;

    extract_options_t options = extract_default_options();
    started = cpu_seconds();
    extract_document_t *plain = extract_from_memory(path, data, length, &options);
    now = cpu_seconds();
    spent[STAGE_EXTRACT_TEXT] += now - started;
    extract_document_free(plain);

    options.want_glyphs = true;
    started = cpu_seconds();
    extract_document_t *document = extract_from_memory(path, data, length, &options);
    now = cpu_seconds();
    spent[STAGE_EXTRACT_GLYPHS] += now - started;
    free(data);
    if (!document || document->status == EXTRACT_ERROR) {
        extract_document_free(document);
        return 0;
    }
    size_t pages = document->page_count;
    const char **texts = calloc(pages + 1, sizeof *texts);
    size_t *lengths = calloc(pages + 1, sizeof *lengths);
    for (size_t i = 0; texts && lengths && i < pages; i++) {
        texts[i] = document->pages[i].text;
        lengths[i] = document->pages[i].length;
    }
    char *error = NULL;
    started = cpu_seconds();
    normalized_text_t *text =
        texts && lengths ? normalize_pages(texts, lengths, pages, &error) : NULL;
    now = cpu_seconds();
    spent[STAGE_NORMALIZE] += now - started;
    free(texts);
    free(lengths);
    if (text) {
        fact_list_t facts;
        fact_list_init(&facts);
        started = cpu_seconds();
        document_metadata_t metadata;
        document_metadata_read(metadata_reader, text, path, &metadata);
        if (pattern_matcher_run_normalized(matcher, metadata.doc_type, text, &facts, &error) != 0) {
            free(error);
            error = NULL;
        }
        now = cpu_seconds();
        spent[STAGE_PATTERNS] += now - started;
        document_metadata_free(&metadata);
        fact_list_free(&facts);
        normalized_text_free(text);
    }
    free(error);
    error = NULL;
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    started = cpu_seconds();
    if (tables_read_document(document, &cells, &error) != 0)
        free(error);
    now = cpu_seconds();
    spent[STAGE_TABLES] += now - started;
    table_cell_list_free(&cells);
    extract_document_free(document);
    return pages;
}

int main(int argc, char **argv)
{
    const char *patterns_directory = corpus_default_patterns_directory();
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--patterns-dir") == 0) {
        patterns_directory = argv[2];
        first = 3;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: stage_costs [--patterns-dir DIR] FILE...\n");
        return 2;
    }
    rule_set_t *rules = rule_set_new();
    char *error = NULL;
    if (!rules || rule_set_load_directory(rules, patterns_directory, &error) != 0 ||
        rule_set_compile(rules, &error) != 0) {
        fprintf(stderr, "stage_costs: %s\n", error ? error : "cannot load the rules");
        return 1;
    }
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    document_metadata_reader_t *metadata_reader = document_metadata_reader_new();
    if (!matcher || !metadata_reader)
        return 1;
    double spent[STAGE_COUNT] = {0};
    size_t pages = 0;
    for (int i = first; i < argc; i++)
        pages += measure_file(argv[i], matcher, metadata_reader, spent);
    if (pages == 0) {
        fprintf(stderr, "stage_costs: no pages read\n");
        return 1;
    }
    printf("stage costs over %zu pages (CPU ms per page, one core):\n", pages);
    for (int s = 0; s < STAGE_COUNT; s++)
        printf("  %-36s %8.3f\n", stage_names[s], spent[s] * 1000.0 / (double)pages);
    double pipeline = spent[STAGE_DOC_ID] + spent[STAGE_EXTRACT_GLYPHS] + spent[STAGE_NORMALIZE] +
                      spent[STAGE_PATTERNS] + spent[STAGE_TABLES];
    printf("  %-36s %8.3f\n", "pipeline (doc_id+glyphs+...+tables)",
           pipeline * 1000.0 / (double)pages);
    document_metadata_reader_free(metadata_reader);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
    return 0;
}
