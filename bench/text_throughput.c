/*
 * text_throughput.c - how fast normalize + patterns run on one core, in MB
 * of extracted text per second of CPU time.  Used by bench/run.sh; not a
 * test (speed is measured only by the benchmark script).
 *
 * usage: text_throughput [--patterns-dir DIR] [--megabytes N] FILE...
 * Each FILE (.txt/.md, or a PDF) is extracted once; then the whole set is
 * normalized (normalize_pages) and matched (pattern_matcher_run with the
 * shipped rules, for the document type the metadata infers) over and over
 * until at least N MB (default 200) of page text went through.  Prints
 * the MB/s of normalization alone and of normalization + matching.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corpus.h"

typedef struct {
    const char **pages;
    size_t *lengths;
    size_t page_count;
    size_t bytes;
    extract_document_t *document;
    const char *name;
} bench_document_t;

static double cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

static int load_document(const char *path, bench_document_t *document)
{
    size_t length = 0;
    char reason[256];
    unsigned char *data = corpus_read_file(path, 0, &length, reason, sizeof reason);
    if (!data) {
        fprintf(stderr, "text_throughput: %s: %s\n", path, reason);
        return -1;
    }
    extract_options_t options = extract_default_options();
    document->document = extract_from_memory(path, data, length, &options);
    free(data);
    if (!document->document || document->document->status == EXTRACT_ERROR) {
        fprintf(stderr, "text_throughput: cannot extract %s\n", path);
        return -1;
    }
    size_t count = document->document->page_count;
    document->name = path;
    document->page_count = count;
    document->pages = calloc(count + 1, sizeof *document->pages);
    document->lengths = calloc(count + 1, sizeof *document->lengths);
    if (!document->pages || !document->lengths)
        return -1;
    document->bytes = 0;
    for (size_t i = 0; i < count; i++) {
        document->pages[i] = document->document->pages[i].text;
        document->lengths[i] = document->document->pages[i].length;
        document->bytes += document->lengths[i];
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *patterns_directory = corpus_default_patterns_directory();
    double megabytes = 200;
    int first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "--patterns-dir") == 0 && first + 1 < argc) {
            patterns_directory = argv[first + 1];
            first += 2;
        } else if (strcmp(argv[first], "--megabytes") == 0 && first + 1 < argc) {
            megabytes = atof(argv[first + 1]);
            first += 2;
        } else {
            fprintf(stderr,
                    "usage: text_throughput [--patterns-dir DIR] [--megabytes N] FILE...\n");
            return 2;
        }
    }
    if (first >= argc || megabytes <= 0) {
        fprintf(stderr, "usage: text_throughput [--patterns-dir DIR] [--megabytes N] FILE...\n");
        return 2;
    }
    size_t count = (size_t)(argc - first);
    bench_document_t *documents = calloc(count, sizeof *documents);
    if (!documents)
        return 1;
    size_t set_bytes = 0;
    for (size_t i = 0; i < count; i++) {
        if (load_document(argv[first + (int)i], &documents[i]) != 0)
            return 1;
        set_bytes += documents[i].bytes;
    }
    if (set_bytes == 0) {
        fprintf(stderr, "text_throughput: the files have no text\n");
        return 1;
    }

    rule_set_t *rules = rule_set_new();
    char *error = NULL;
    if (!rules || rule_set_load_directory(rules, patterns_directory, &error) != 0 ||
        rule_set_compile(rules, &error) != 0) {
        fprintf(stderr, "text_throughput: %s\n", error ? error : "cannot load the rules");
        return 1;
    }
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    document_metadata_reader_t *metadata_reader = document_metadata_reader_new();
    if (!matcher || !metadata_reader)
        return 1;

    size_t rounds = (size_t)(megabytes * 1e6 / (double)set_bytes) + 1;
    double normalize_seconds = 0, total_seconds = 0;
    size_t facts_per_round = 0;
    fact_list_t facts;
    fact_list_init(&facts);
    double fastest_pass = 0; /* CPU seconds of the quickest pass over the whole set */
    for (size_t round = 0; round < rounds; round++) {
        double pass_started_total = total_seconds;
        for (size_t i = 0; i < count; i++) {
            bench_document_t *document = &documents[i];
            double started = cpu_seconds();
            normalized_text_t *text =
                normalize_pages(document->pages, document->lengths, document->page_count, &error);
            if (!text) {
                fprintf(stderr, "text_throughput: %s: %s\n", document->name,
                        error ? error : "normalization failed");
                return 1;
            }
            double normalized = cpu_seconds();
            document_metadata_t metadata;
            document_metadata_read(metadata_reader, text, document->name, &metadata);
            if (pattern_matcher_run_normalized(matcher, metadata.doc_type, text, &facts, &error) !=
                0) {
                fprintf(stderr, "text_throughput: %s: %s\n", document->name,
                        error ? error : "matching failed");
                return 1;
            }
            double matched = cpu_seconds();
            normalize_seconds += normalized - started;
            total_seconds += matched - started;
            if (round == 0)
                facts_per_round += facts.count;
            fact_list_clear(&facts);
            document_metadata_free(&metadata);
            normalized_text_free(text);
        }
        double pass = total_seconds - pass_started_total;
        if (round == 0 || pass < fastest_pass)
            fastest_pass = pass;
    }
    double total_megabytes = (double)set_bytes * (double)rounds / 1e6;
    printf("text: %zu files, %.2f MB of page text, %zu rounds (%.1f MB), %zu facts per round\n",
           count, (double)set_bytes / 1e6, rounds, total_megabytes, facts_per_round);
    printf("normalize: %.1f MB/s\n", total_megabytes / normalize_seconds);
    printf("patterns: %.1f MB/s\n", total_megabytes / (total_seconds - normalize_seconds));
    printf("normalize+patterns: %.1f MB/s\n", total_megabytes / total_seconds);
    printf("normalize+patterns, fastest pass: %.1f MB/s\n", (double)set_bytes / 1e6 / fastest_pass);

    fact_list_free(&facts);
    document_metadata_reader_free(metadata_reader);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
    for (size_t i = 0; i < count; i++) {
        free(documents[i].pages);
        free(documents[i].lengths);
        extract_document_free(documents[i].document);
    }
    free(documents);
    return 0;
}
