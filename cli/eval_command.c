/*
 * eval_command.c - `cnfiscal eval --gold DIR OUTDIR`: recall and precision
 * of OUTDIR/facts.csv against the gold files in DIR, per document and
 * overall, with the missed and wrong facts listed.  --min-recall and
 * --min-precision make it fail (exit 1) below a floor, for tests and CI.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "corpus.h"

int command_eval(int argc, char **argv)
{
    static const struct option options[] = {
        {"gold", required_argument, NULL, 'g'},
        {"min-recall", required_argument, NULL, 'r'},
        {"min-precision", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *gold = NULL;
    double min_recall = 0, min_precision = 0;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (option) {
        case 'g':
            gold = optarg;
            break;
        case 'r':
            min_recall = strtod(optarg, NULL);
            break;
        case 'p':
            min_precision = strtod(optarg, NULL);
            break;
        case 'h':
            printf("usage: cnfiscal eval --gold DIR [--min-recall R] [--min-precision P] OUTDIR\n");
            return 0;
        default:
            return EXIT_USAGE;
        }
    }
    if (!gold || optind + 1 != argc) {
        fprintf(stderr,
                "usage: cnfiscal eval --gold DIR [--min-recall R] [--min-precision P] OUTDIR\n");
        return EXIT_USAGE;
    }
    const char *output_directory = argv[optind];
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
    return 0;
}
