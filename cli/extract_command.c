/*
 * extract_command.c - `cnfiscal extract`: inputs in, CSV files out.
 *
 * Reads the options, gathers the inputs (arguments and --files-from lists),
 * loads the rules and hands everything to the batch driver (batch.h), which
 * reads each document in a worker process under time and memory limits,
 * keeps finished documents so that an interrupted run can be resumed, and
 * merges them into the CSV files of the output folder.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "commands.h"
#include "corpus.h"

typedef struct {
    const char *output_directory;
    const char *patterns_directory;
    char **extra_patterns;
    int extra_pattern_count;
    char **input_lists; /* --files-from FILE ("-": stdin) */
    int input_list_count;
    int want_tables;
    batch_settings_t batch;
} extract_arguments_t;

static const char extract_help[] =
    "usage: cnfiscal extract [options] INPUT... -o OUTDIR\n"
    "\n"
    "  -o, --output DIR       folder for the CSV files (created if needed)\n"
    "  --patterns FILE        add a rule file of your own (repeatable)\n"
    "  --patterns-dir DIR     use this rule folder instead of the default\n"
    "  --no-tables            do not rebuild statement tables\n"
    "  -j, --jobs N           documents read at once, each in its own process\n"
    "                         (default: the number of processors)\n"
    "  --timeout T            time limit per document: 60, 90s, 2m (default 60 s; 0: none)\n"
    "  --max-memory M         memory limit per document: 512M, 1G (default 1G; 0: none)\n"
    "  --force                read every document again, even those already done\n"
    "  --files-from FILE      read more inputs from FILE, one per line ('-': stdin)\n"
    "  --shard I/N            only the I-th of N parts of the inputs (1 <= I <= N)\n"
    "  -q, --quiet            no progress, messages or summary on stderr\n"
    "\n"
    "Rerunning the same command on the same OUTDIR finishes an interrupted run:\n"
    "documents already done (kept in OUTDIR/.cnfiscal-parts) are not read again.\n";

static int usage_error(const char *message, const char *value)
{
    fprintf(stderr,
            "cnfiscal extract: %s%s%s\n(usage: cnfiscal extract [options] INPUT... -o OUTDIR;"
            " see cnfiscal extract --help)\n",
            message, value ? ": " : "", value ? value : "");
    return EXIT_USAGE;
}

static void free_arguments(extract_arguments_t *arguments)
{
    free(arguments->extra_patterns);
    free(arguments->input_lists);
}

static int default_jobs(void)
{
    long processors = sysconf(_SC_NPROCESSORS_ONLN);
    if (processors < 1)
        return 1;
    return processors > 64 ? 64 : (int)processors;
}

enum {
    OPTION_PATTERNS = 256,
    OPTION_PATTERNS_DIRECTORY,
    OPTION_NO_TABLES,
    OPTION_TIMEOUT,
    OPTION_MAX_MEMORY,
    OPTION_FORCE,
    OPTION_FILES_FROM,
    OPTION_SHARD,
};

/* Returns -1 to go on, or the exit status. */
static int parse_arguments(int argc, char **argv, extract_arguments_t *arguments)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"patterns", required_argument, NULL, OPTION_PATTERNS},
        {"patterns-dir", required_argument, NULL, OPTION_PATTERNS_DIRECTORY},
        {"no-tables", no_argument, NULL, OPTION_NO_TABLES},
        {"quiet", no_argument, NULL, 'q'},
        {"jobs", required_argument, NULL, 'j'},
        {"timeout", required_argument, NULL, OPTION_TIMEOUT},
        {"max-memory", required_argument, NULL, OPTION_MAX_MEMORY},
        {"force", no_argument, NULL, OPTION_FORCE},
        {"files-from", required_argument, NULL, OPTION_FILES_FROM},
        {"shard", required_argument, NULL, OPTION_SHARD},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "o:qj:h", options, NULL)) != -1) {
        switch (option) {
        case 'o':
            arguments->output_directory = optarg;
            break;
        case OPTION_PATTERNS:
            arguments->extra_patterns[arguments->extra_pattern_count++] = optarg;
            break;
        case OPTION_PATTERNS_DIRECTORY:
            arguments->patterns_directory = optarg;
            break;
        case OPTION_NO_TABLES:
            arguments->want_tables = 0;
            break;
        case 'q':
            arguments->batch.quiet = true;
            break;
        case 'j':
            if (batch_parse_count(optarg, &arguments->batch.jobs) != 0)
                return usage_error("--jobs wants a whole number from 1 to 4096", optarg);
            break;
        case OPTION_TIMEOUT:
            if (batch_parse_duration(optarg, &arguments->batch.timeout_seconds) != 0)
                return usage_error("--timeout wants seconds, e.g. 60, 90s, 2m or 0 for none",
                                   optarg);
            break;
        case OPTION_MAX_MEMORY:
            if (batch_parse_size(optarg, &arguments->batch.max_memory_bytes) != 0)
                return usage_error("--max-memory wants a size, e.g. 512M, 1G or 0 for none",
                                   optarg);
            break;
        case OPTION_FORCE:
            arguments->batch.force = true;
            break;
        case OPTION_FILES_FROM:
            arguments->input_lists[arguments->input_list_count++] = optarg;
            break;
        case OPTION_SHARD:
            if (batch_parse_shard(optarg, &arguments->batch.shard_index,
                                  &arguments->batch.shard_count) != 0)
                return usage_error("--shard wants I/N with 1 <= I <= N, e.g. 1/4", optarg);
            break;
        case 'h':
            fputs(extract_help, stdout);
            return 0;
        default:
            return usage_error("unknown option", NULL);
        }
    }
    if (!arguments->output_directory)
        return usage_error("no output folder: give -o OUTDIR", NULL);
    if (optind >= argc && arguments->input_list_count == 0)
        return usage_error("no INPUT given", NULL);
    return -1;
}

/* Adds an input as is (a name from a list that does not exist: the run
 * reports it in documents.csv rather than refusing to start). */
static int append_plain_input(corpus_input_list_t *inputs, const char *path)
{
    if (inputs->count == inputs->capacity) {
        size_t capacity = inputs->capacity ? inputs->capacity * 2 : 64;
        corpus_input_t *items = realloc(inputs->items, capacity * sizeof *items);
        if (!items)
            return -1;
        inputs->items = items;
        inputs->capacity = capacity;
    }
    char *path_copy = strdup(path);
    char *source_copy = strdup(path);
    if (!path_copy || !source_copy) {
        free(path_copy);
        free(source_copy);
        return -1;
    }
    inputs->items[inputs->count].path = path_copy;
    inputs->items[inputs->count].source = source_copy;
    inputs->count++;
    return 0;
}

/* --files-from: one input per line (folders are walked as on the command
 * line); empty lines are skipped, a trailing "\r" is dropped. */
static int read_input_list(corpus_input_list_t *inputs, const char *list_path)
{
    bool from_stdin = strcmp(list_path, "-") == 0;
    FILE *list = from_stdin ? stdin : fopen(list_path, "r");
    if (!list) {
        fprintf(stderr, "cnfiscal extract: cannot read the list %s: %s\n", list_path,
                strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int status = 0;
    while (status == 0 && (length = getline(&line, &capacity, list)) >= 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
            line[--length] = '\0';
        if (length == 0)
            continue;
        struct stat info;
        if (stat(line, &info) != 0) {
            status = append_plain_input(inputs, line);
        } else {
            char *error = NULL;
            status = corpus_add_input(inputs, line, &error);
            if (status != 0)
                fprintf(stderr, "cnfiscal extract: %s\n", error ? error : line);
            free(error);
        }
        if (status != 0 && errno == ENOMEM)
            fprintf(stderr, "cnfiscal extract: out of memory\n");
    }
    if (ferror(list)) {
        fprintf(stderr, "cnfiscal extract: cannot read the list %s\n", list_path);
        status = -1;
    }
    free(line);
    if (!from_stdin)
        fclose(list);
    return status;
}

static int gather_inputs(int argc, char **argv, const extract_arguments_t *arguments,
                         corpus_input_list_t *inputs)
{
    for (int i = optind; i < argc; i++) {
        char *error = NULL;
        if (corpus_add_input(inputs, argv[i], &error) != 0) {
            fprintf(stderr, "cnfiscal extract: %s\n", error ? error : argv[i]);
            free(error);
            return -1;
        }
    }
    for (int i = 0; i < arguments->input_list_count; i++)
        if (read_input_list(inputs, arguments->input_lists[i]) != 0)
            return -1;
    return 0;
}

int command_extract(int argc, char **argv)
{
    extract_arguments_t arguments;
    memset(&arguments, 0, sizeof arguments);
    arguments.want_tables = 1;
    arguments.batch.jobs = default_jobs();
    arguments.batch.timeout_seconds = 60;
    arguments.batch.max_memory_bytes = (uint64_t)1 << 30;
    arguments.extra_patterns = calloc((size_t)argc + 1, sizeof *arguments.extra_patterns);
    arguments.input_lists = calloc((size_t)argc + 1, sizeof *arguments.input_lists);
    if (!arguments.extra_patterns || !arguments.input_lists) {
        free_arguments(&arguments);
        fprintf(stderr, "cnfiscal extract: out of memory\n");
        return EXIT_SOME_FAILED;
    }
    int parsed = parse_arguments(argc, argv, &arguments);
    if (parsed >= 0) {
        free_arguments(&arguments);
        return parsed;
    }

    corpus_input_list_t inputs;
    corpus_input_list_init(&inputs);
    if (gather_inputs(argc, argv, &arguments, &inputs) != 0) {
        corpus_input_list_free(&inputs);
        free_arguments(&arguments);
        return EXIT_USAGE;
    }

    /* The rules are compiled on as many cores as the workers will use. */
    rule_set_t *rules = load_rules(arguments.patterns_directory, arguments.extra_patterns,
                                   arguments.extra_pattern_count, (unsigned)arguments.batch.jobs);
    const char *patterns_directory = arguments.patterns_directory
                                         ? arguments.patterns_directory
                                         : corpus_default_patterns_directory();
    char *settings_text =
        rules ? batch_settings_text(CNFISCAL_VERSION, patterns_directory, arguments.extra_patterns,
                                    arguments.extra_pattern_count, arguments.want_tables != 0)
              : NULL;
    if (!rules || !settings_text) {
        if (rules)
            fprintf(stderr, "cnfiscal extract: out of memory\n");
        free(settings_text);
        rule_set_free(rules);
        corpus_input_list_free(&inputs);
        free_arguments(&arguments);
        return EXIT_USAGE;
    }

    corpus_options_t processing = corpus_default_options();
    processing.want_tables = arguments.want_tables != 0;
    batch_settings_t *batch = &arguments.batch;
    batch->output_directory = arguments.output_directory;
    batch->progress = !batch->quiet && isatty(STDERR_FILENO);
    batch->settings_text = settings_text;
    int status = batch_run(&inputs, rules, &processing, batch);

    free(settings_text);
    rule_set_free(rules);
    corpus_input_list_free(&inputs);
    free_arguments(&arguments);
    return status;
}
