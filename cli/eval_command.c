/*
 * eval_command.c - `cnfiscal eval --gold DIR OUTDIR`: recall and precision
 * of OUTDIR/facts.csv against the gold files in DIR, per document and
 * overall, with the missed and wrong facts listed.  --min-recall and
 * --min-precision make it fail (exit 1) below a floor, for tests and CI.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "corpus.h"
#include "tables.h"

/* Replaces each cell's source by its file name, so that a run over
 * ../shared/corpus and one over ../shared/corpus/pdf line up with the gold. */
static void sources_to_file_names(table_gold_list_t *cells)
{
    for (size_t i = 0; i < cells->count; i++) {
        char *slash = strrchr(cells->items[i].source, '/');
        if (slash)
            memmove(cells->items[i].source, slash + 1, strlen(slash + 1) + 1);
    }
}

/* Scores OUTDIR/tables.csv against the gold cells in `gold_directory`:
 * per document and overall, the share of gold cells produced right (same
 * table, row, column header and value).  Returns the overall share, or a
 * negative number on error. */
static double evaluate_tables(const char *gold_directory, const char *output_directory)
{
    table_gold_list_t gold, produced;
    table_gold_list_init(&gold);
    table_gold_list_init(&produced);
    char *error = NULL;
    double result = -1;
    size_t size = strlen(output_directory) + 16;
    char *path = malloc(size);
    char **gold_paths = NULL;
    size_t gold_count = 0;
    if (!path) {
        fprintf(stderr, "cnfiscal eval: out of memory\n");
        goto done;
    }
    if (corpus_csv_files(gold_directory, &gold_paths, &gold_count, &error) != 0)
        goto failed;
    snprintf(path, size, "%s/tables.csv", output_directory);
    if (table_gold_load(path, &produced, &error) != 0)
        goto failed;
    for (size_t i = 0; i < gold_count; i++)
        if (table_gold_load(gold_paths[i], &gold, &error) != 0)
            goto failed;
    sources_to_file_names(&gold);
    sources_to_file_names(&produced);
    table_score_t total = {0};
    for (size_t i = 0; i < gold.count; i++) {
        const char *source = gold.items[i].source;
        bool first = true;
        for (size_t j = 0; j < i && first; j++)
            first = strcmp(gold.items[j].source, source) != 0;
        if (!first)
            continue;
        table_score_t score = {0};
        if (tables_score_csv(&gold, &produced, source, &score, &error) != 0)
            goto failed;
        printf("tables %s: %.3f of gold cells right (%zu/%zu; %zu cells produced)\n", source,
               score.gold ? (double)score.matched / (double)score.gold : 1.0, score.matched,
               score.gold, score.produced);
        total.gold += score.gold;
        total.matched += score.matched;
        total.produced += score.produced;
    }
    result = total.gold ? (double)total.matched / (double)total.gold : 1.0;
    printf("tables overall: %.3f of gold cells right (%zu/%zu)\n", result, total.matched,
           total.gold);
    goto done;
failed:
    fprintf(stderr, "cnfiscal eval: %s\n", error ? error : "cannot score the tables");
    free(error);
done:
    corpus_csv_files_free(gold_paths, gold_count);
    free(path);
    table_gold_list_free(&gold);
    table_gold_list_free(&produced);
    return result;
}

int command_eval(int argc, char **argv)
{
    static const struct option options[] = {
        {"gold", required_argument, NULL, 'g'},
        {"gold-tables", required_argument, NULL, 't'},
        {"min-table-accuracy", required_argument, NULL, 'a'},
        {"min-recall", required_argument, NULL, 'r'},
        {"min-precision", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *gold = NULL, *gold_tables = NULL;
    double min_recall = 0, min_precision = 0, min_table_accuracy = 0;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (option) {
        case 'g':
            gold = optarg;
            break;
        case 't':
            gold_tables = optarg;
            break;
        case 'a':
            min_table_accuracy = strtod(optarg, NULL);
            break;
        case 'r':
            min_recall = strtod(optarg, NULL);
            break;
        case 'p':
            min_precision = strtod(optarg, NULL);
            break;
        case 'h':
            printf("usage: cnfiscal eval [--gold DIR] [--gold-tables DIR] [--min-recall R]\n"
                   "                     [--min-precision P] [--min-table-accuracy A] OUTDIR\n");
            return 0;
        default:
            return EXIT_USAGE;
        }
    }
    if ((!gold && !gold_tables) || optind + 1 != argc) {
        fprintf(stderr,
                "usage: cnfiscal eval [--gold DIR] [--gold-tables DIR] [--min-recall R]\n"
                "                     [--min-precision P] [--min-table-accuracy A] OUTDIR\n");
        return EXIT_USAGE;
    }
    const char *output_directory = argv[optind];
    int table_status = 0;
    if (gold_tables) {
        double accuracy = evaluate_tables(gold_tables, output_directory);
        if (accuracy < 0)
            return EXIT_SOME_FAILED;
        if (accuracy < min_table_accuracy) {
            fprintf(stderr, "cnfiscal eval: table accuracy %.3f is below the floor %.3f\n",
                    accuracy, min_table_accuracy);
            table_status = EXIT_SOME_FAILED;
        }
    }
    if (!gold)
        return table_status;
    size_t size = strlen(output_directory) + 16;
    char *facts = malloc(size);
    if (!facts)
        return EXIT_SOME_FAILED;
    snprintf(facts, size, "%s/facts.csv", output_directory);
    evaluation_counts_t total;
    char *error = NULL;
    int status = corpus_evaluate(gold, facts, stdout, &total, &error);
    free(facts);
    if (status != 0) {
        fprintf(stderr, "cnfiscal eval: %s\n", error ? error : "evaluation failed");
        free(error);
        return EXIT_SOME_FAILED;
    }
    double recall = total.gold ? (double)total.found / (double)total.gold : 1.0;
    double precision = total.considered ? (double)total.confirmed / (double)total.considered : 1.0;
    if (recall < min_recall || precision < min_precision) {
        fprintf(stderr,
                "cnfiscal eval: below the floor (recall %.3f < %.3f or precision %.3f < %.3f)\n",
                recall, min_recall, precision, min_precision);
        return EXIT_SOME_FAILED;
    }
    return table_status;
}
