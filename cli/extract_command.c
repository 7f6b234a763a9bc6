/*
 * extract_command.c - `cnfiscal extract`: inputs in, CSV files out.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "corpus.h"
#include "output.h"

typedef struct {
    const char *output_directory;
    const char *patterns_directory;
    char **extra_patterns;
    int extra_pattern_count;
    int want_tables;
    int quiet;
} extract_arguments_t;

static int usage_error(const char *message)
{
    fprintf(stderr,
            "cnfiscal extract: %s\n(usage: cnfiscal extract [options] INPUT... -o OUTDIR;"
            " see cnfiscal --help)\n",
            message);
    return EXIT_USAGE;
}

static double seconds_now(void)
{
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

int command_extract(int argc, char **argv)
{
    extract_arguments_t arguments = {0};
    arguments.want_tables = 1;
    arguments.extra_patterns = calloc((size_t)argc + 1, sizeof *arguments.extra_patterns);
    if (!arguments.extra_patterns)
        return EXIT_USAGE;
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"patterns", required_argument, NULL, 'p'},
        {"patterns-dir", required_argument, NULL, 'P'},
        {"no-tables", no_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:qh", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            arguments.output_directory = optarg;
            break;
        case 'p':
            arguments.extra_patterns[arguments.extra_pattern_count++] = optarg;
            break;
        case 'P':
            arguments.patterns_directory = optarg;
            break;
        case 'T':
            arguments.want_tables = 0;
            break;
        case 'q':
            arguments.quiet = 1;
            break;
        case 'h':
            free(arguments.extra_patterns);
            printf("usage: cnfiscal extract [options] INPUT... -o OUTDIR (see cnfiscal --help)\n");
            return 0;
        default:
            free(arguments.extra_patterns);
            return usage_error("unknown option");
        }
    }
    if (!arguments.output_directory) {
        free(arguments.extra_patterns);
        return usage_error("no output folder: give -o OUTDIR");
    }
    if (optind >= argc) {
        free(arguments.extra_patterns);
        return usage_error("no INPUT given");
    }

    corpus_input_list_t inputs;
    corpus_input_list_init(&inputs);
    for (int i = optind; i < argc; i++) {
        char *error = NULL;
        if (corpus_add_input(&inputs, argv[i], &error) != 0) {
            fprintf(stderr, "cnfiscal extract: %s\n", error ? error : argv[i]);
            free(error);
            corpus_input_list_free(&inputs);
            free(arguments.extra_patterns);
            return EXIT_USAGE;
        }
    }

    rule_set_t *rules = load_rules(arguments.patterns_directory, arguments.extra_patterns,
                                   arguments.extra_pattern_count);
    free(arguments.extra_patterns);
    if (!rules) {
        corpus_input_list_free(&inputs);
        return EXIT_USAGE;
    }

    char *error = NULL;
    output_set_t *output = output_set_open(arguments.output_directory, &error);
    if (!output) {
        fprintf(stderr, "cnfiscal extract: %s\n", error ? error : "cannot write output");
        free(error);
        rule_set_free(rules);
        corpus_input_list_free(&inputs);
        return EXIT_SOME_FAILED;
    }

    corpus_options_t processing = corpus_default_options();
    processing.want_tables = arguments.want_tables != 0;
    corpus_processor_t *processor = corpus_processor_new(rules, &processing);
    size_t ok = 0, empty = 0, failed = 0, facts = 0;
    double started = seconds_now();
    int status = EXIT_ALL_READ;
    for (size_t i = 0; processor && i < inputs.count; i++) {
        document_result_t *result = corpus_process(processor, &inputs.items[i]);
        if (!result) {
            fprintf(stderr, "cnfiscal extract: out of memory\n");
            status = EXIT_SOME_FAILED;
            break;
        }
        if (strcmp(result->status, "error") == 0) {
            failed++;
            status = EXIT_SOME_FAILED;
            if (!arguments.quiet)
                fprintf(stderr, "cnfiscal: %s: %s\n", result->source, result->error);
        } else if (strcmp(result->status, "empty") == 0) {
            empty++;
            if (!arguments.quiet)
                fprintf(stderr, "cnfiscal: %s: %s\n", result->source, result->error);
        } else {
            ok++;
        }
        facts += result->fact_count;
        output_set_add(output, result);
        document_result_free(result);
    }
    corpus_processor_free(processor);
    rule_set_free(rules);
    corpus_input_list_free(&inputs);

    if (output_set_commit(output, &error) != 0) {
        fprintf(stderr, "cnfiscal extract: %s\n", error ? error : "cannot write output");
        free(error);
        return EXIT_SOME_FAILED;
    }
    if (!arguments.quiet)
        fprintf(stderr,
                "cnfiscal: %zu documents: %zu ok, %zu empty, %zu error; %zu facts in %.1f s; "
                "wrote %s/facts.csv and documents.csv\n",
                ok + empty + failed, ok, empty, failed, facts, seconds_now() - started,
                arguments.output_directory);
    return status;
}
