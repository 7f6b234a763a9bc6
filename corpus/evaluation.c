/*
 * evaluation.c - `cnfiscal eval`: recall and precision of a run's facts
 * against hand-verified gold files (corpus/gold/<document>.csv).
 *
 * Documents are matched by file name, so a run over ../shared/corpus and
 * gold files that name `seeds/000_....txt` line up whatever the folder
 * prefix.  Recall: the share of gold facts (document, subject, measure,
 * value) that the output has.  Precision: among the output facts whose
 * subject the gold annotates for that document, the share the gold has.
 */
#include "corpus.h"
#include "csv_reader.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *document; /* file name, borrowed from the table */
    const char *subject;
    const char *measure;
    char value[64]; /* canonical decimal */
    const char *evidence;
    const char *rule;
    const char *raw_value;
    bool matched;
} evaluation_fact_t;

typedef struct {
    evaluation_fact_t *items;
    size_t count;
} evaluation_fact_list_t;

void corpus_canonical_decimal(const char *value, char *out, size_t out_size)
{
    out[0] = '\0';
    if (!value || out_size < 4)
        return;
    const char *p = value;
    bool negative = false;
    if (*p == '+' || *p == '-')
        negative = *p++ == '-';
    const char *integer_start = p;
    while (*p >= '0' && *p <= '9')
        p++;
    size_t integer_length = (size_t)(p - integer_start);
    const char *fraction_start = NULL;
    size_t fraction_length = 0;
    if (*p == '.') {
        fraction_start = ++p;
        while (*p >= '0' && *p <= '9')
            p++;
        fraction_length = (size_t)(p - fraction_start);
    }
    if (*p != '\0' || integer_length + fraction_length == 0)
        return;
    while (integer_length > 1 && *integer_start == '0') {
        integer_start++;
        integer_length--;
    }
    while (fraction_length > 0 && fraction_start[fraction_length - 1] == '0')
        fraction_length--;
    bool zero = fraction_length == 0 && (integer_length == 0 || *integer_start == '0');
    size_t needed = 1 + integer_length + 1 + fraction_length + 2;
    if (needed > out_size)
        return;
    size_t at = 0;
    if (negative && !zero)
        out[at++] = '-';
    if (integer_length == 0)
        out[at++] = '0';
    memcpy(out + at, integer_start, integer_length);
    at += integer_length;
    if (fraction_length > 0) {
        out[at++] = '.';
        memcpy(out + at, fraction_start, fraction_length);
        at += fraction_length;
    }
    out[at] = '\0';
}

static const char *file_name_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Reads the facts of one CSV (gold or output) into `list`. */
static int load_facts(const csv_table_t *table, evaluation_fact_list_t *list, char **error,
                      const char *path)
{
    int source = csv_table_column(table, "source");
    int subject = csv_table_column(table, "subject");
    int measure = csv_table_column(table, "measure");
    int value = csv_table_column(table, "value");
    int evidence = csv_table_column(table, "evidence");
    int rule = csv_table_column(table, "rule");
    if (source < 0 || subject < 0 || measure < 0 || value < 0) {
        size_t size = strlen(path) + 96;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "%s: needs the columns source, subject, measure, value", path);
        return -1;
    }
    size_t rows = table->count > 0 ? table->count - 1 : 0;
    evaluation_fact_t *items = realloc(list->items, (list->count + rows + 1) * sizeof *items);
    if (!items) {
        *error = strdup("out of memory");
        return -1;
    }
    list->items = items;
    for (size_t row = 1; row < table->count; row++) {
        evaluation_fact_t *fact = &list->items[list->count++];
        memset(fact, 0, sizeof *fact);
        fact->document = file_name_of(csv_table_field(table, row, source));
        fact->subject = csv_table_field(table, row, subject);
        fact->measure = csv_table_field(table, row, measure);
        fact->raw_value = csv_table_field(table, row, value);
        corpus_canonical_decimal(fact->raw_value, fact->value, sizeof fact->value);
        fact->evidence = csv_table_field(table, row, evidence);
        fact->rule = csv_table_field(table, row, rule);
    }
    return 0;
}

static bool same_fact(const evaluation_fact_t *a, const evaluation_fact_t *b)
{
    return strcmp(a->subject, b->subject) == 0 && strcmp(a->measure, b->measure) == 0 &&
           a->value[0] && strcmp(a->value, b->value) == 0;
}

static int compare_names(const void *left, const void *right)
{
    return strcmp(*(char *const *)left, *(char *const *)right);
}

void corpus_csv_files_free(char **paths, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
}

int corpus_csv_files(const char *folder, char ***paths, size_t *count, char **error)
{
    *paths = NULL;
    *count = 0;
    DIR *directory = opendir(folder);
    if (!directory) {
        size_t size = strlen(folder) + 64;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "cannot read gold folder %s", folder);
        return -1;
    }
    char **names = NULL;
    size_t name_count = 0;
    int status = 0;
    struct dirent *entry;
    while (status == 0 && (entry = readdir(directory)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (entry->d_name[0] == '.' || length < 5 || strcmp(entry->d_name + length - 4, ".csv"))
            continue;
        size_t size = strlen(folder) + length + 2;
        char **grown = realloc(names, (name_count + 1) * sizeof *names);
        char *path = grown ? malloc(size) : NULL;
        if (grown)
            names = grown;
        if (!path) {
            status = -1;
            break;
        }
        snprintf(path, size, "%s/%s", folder, entry->d_name);
        names[name_count++] = path;
    }
    closedir(directory);
    if (status != 0) {
        corpus_csv_files_free(names, name_count);
        *error = strdup("out of memory");
        return -1;
    }
    qsort(names, name_count, sizeof *names, compare_names);
    *paths = names;
    *count = name_count;
    return 0;
}

static double ratio(size_t part, size_t whole)
{
    return whole ? (double)part / (double)whole : 1.0;
}

/* Scores one document's gold facts against the output's facts. */
static void score_document(const char *document, evaluation_fact_list_t *gold, size_t gold_start,
                           size_t gold_end, evaluation_fact_list_t *output, FILE *report,
                           evaluation_counts_t *total)
{
    evaluation_counts_t counts = {0};
    counts.gold = gold_end - gold_start;
    for (size_t g = gold_start; g < gold_end; g++) {
        for (size_t o = 0; o < output->count; o++) {
            if (strcmp(output->items[o].document, document) == 0 &&
                same_fact(&gold->items[g], &output->items[o])) {
                gold->items[g].matched = true;
                break;
            }
        }
        if (gold->items[g].matched)
            counts.found++;
    }
    for (size_t o = 0; o < output->count; o++) {
        evaluation_fact_t *fact = &output->items[o];
        if (strcmp(fact->document, document) != 0)
            continue;
        bool annotated = false, confirmed = false;
        for (size_t g = gold_start; g < gold_end && !confirmed; g++) {
            if (strcmp(gold->items[g].subject, fact->subject) == 0) {
                annotated = true;
                confirmed = same_fact(&gold->items[g], fact);
            }
        }
        if (!annotated)
            continue;
        counts.considered++;
        if (confirmed)
            counts.confirmed++;
        fact->matched = confirmed;
    }
    fprintf(report, "%s: recall %.3f (%zu/%zu), precision %.3f (%zu/%zu)\n", document,
            ratio(counts.found, counts.gold), counts.found, counts.gold,
            ratio(counts.confirmed, counts.considered), counts.confirmed, counts.considered);
    for (size_t g = gold_start; g < gold_end; g++)
        if (!gold->items[g].matched)
            fprintf(report, "  missed: %s %s %s  | %s\n", gold->items[g].subject,
                    gold->items[g].measure, gold->items[g].raw_value, gold->items[g].evidence);
    for (size_t o = 0; o < output->count; o++) {
        evaluation_fact_t *fact = &output->items[o];
        if (strcmp(fact->document, document) != 0 || fact->matched)
            continue;
        for (size_t g = gold_start; g < gold_end; g++) {
            if (strcmp(gold->items[g].subject, fact->subject) == 0) {
                fprintf(report, "  wrong:  %s %s %s (%s)  | %s\n", fact->subject, fact->measure,
                        fact->raw_value, fact->rule, fact->evidence);
                break;
            }
        }
    }
    total->gold += counts.gold;
    total->found += counts.found;
    total->considered += counts.considered;
    total->confirmed += counts.confirmed;
}

int corpus_evaluate(const char *gold_directory, const char *facts_csv, FILE *report,
                    evaluation_counts_t *total, char **error)
{
    memset(total, 0, sizeof *total);
    csv_table_t output_table;
    if (csv_table_read(facts_csv, &output_table, error) != 0)
        return -1;
    evaluation_fact_list_t output = {0};
    if (load_facts(&output_table, &output, error, facts_csv) != 0) {
        csv_table_free(&output_table);
        free(output.items);
        return -1;
    }

    char **paths = NULL;
    size_t path_count = 0;
    if (corpus_csv_files(gold_directory, &paths, &path_count, error) != 0) {
        csv_table_free(&output_table);
        free(output.items);
        return -1;
    }

    int status = 0;
    for (size_t i = 0; i < path_count && status == 0; i++) {
        const char *path = paths[i];
        const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        csv_table_t gold_table;
        evaluation_fact_list_t gold = {0};
        if (csv_table_read(path, &gold_table, error) != 0) {
            status = -1;
        } else if (load_facts(&gold_table, &gold, error, path) != 0) {
            status = -1;
            csv_table_free(&gold_table);
        } else {
            /* One gold file per document; rows are grouped by source. */
            size_t start = 0;
            while (start < gold.count) {
                size_t end = start + 1;
                while (end < gold.count &&
                       strcmp(gold.items[end].document, gold.items[start].document) == 0)
                    end++;
                score_document(gold.items[start].document, &gold, start, end, &output, report,
                               total);
                start = end;
            }
            if (gold.count == 0)
                fprintf(report, "%s: no gold facts\n", name);
            csv_table_free(&gold_table);
        }
        free(gold.items);
    }
    corpus_csv_files_free(paths, path_count);
    if (status == 0)
        fprintf(report, "overall: recall %.3f (%zu/%zu), precision %.3f (%zu/%zu)\n",
                ratio(total->found, total->gold), total->found, total->gold,
                ratio(total->confirmed, total->considered), total->confirmed, total->considered);
    csv_table_free(&output_table);
    free(output.items);
    return status;
}
