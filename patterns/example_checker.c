/*
 * example_checker.c - `cnfiscal patterns --check` and the test suite: every
 * rule's example sentences are normalized like a document, matched with
 * that rule alone (document type: the one named by example(TYPE):, else the
 * first in the rule's `types`, `any` meaning final_accounts) and the facts compared, as a multiset
 * of subject|kind|measure|value|unit, with the example's expects.  Each mismatch is one report line
 * "file:line: rule ID: example N: expected ... got ...".  A rule with fewer than two examples is
 * reported too.
 */
#include "patterns_internal.h"

#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *first_type_name(unsigned bits)
{
    if (bits == DOC_TYPE_BUDGET)
        return "budget";
    if (bits == DOC_TYPE_PERFORMANCE)
        return "performance";
    if (bits == DOC_TYPE_UNKNOWN)
        return "unknown";
    return "final_accounts";
}

static char *join_fields(const char *subject, const char *kind, const char *measure,
                         const char *value, const char *unit)
{
    size_t size =
        strlen(subject) + strlen(kind) + strlen(measure) + strlen(value) + strlen(unit) + 5;
    char *line = malloc(size);
    if (line)
        snprintf(line, size, "%s|%s|%s|%s|%s", subject, kind, measure, value, unit);
    return line;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_list(FILE *report, char **items, size_t count)
{
    fputc('[', report);
    for (size_t i = 0; i < count; i++)
        fprintf(report, "%s%s", i ? "; " : "", items[i]);
    fputc(']', report);
}

static void free_list(char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(items[i]);
    free(items);
}

/* Checks one example; returns true when it gives exactly its expects. */
static bool check_example(const rule_set_t *rules, pattern_matcher_t *matcher, size_t rule_index,
                          size_t example_index, FILE *report)
{
    const rule_t *rule = &rules->rules[rule_index];
    const rule_example_t *example = &rule->examples[example_index];
    char *error = NULL;
    normalized_text_t *normalized = normalize_text(example->text, strlen(example->text), &error);
    if (!normalized) {
        fprintf(report, "%s:%d: rule %s: example %zu: cannot normalize: %s\n", rule->file,
                example->line, rule->id, example_index + 1, error ? error : "out of memory");
        free(error);
        return false;
    }
    fact_list_t facts;
    fact_list_init(&facts);
    int status = pattern_matcher_run_rules(
        matcher, first_type_name(example->doc_type ? example->doc_type : rule->first_type),
        normalized->text, normalized->length, rule_index, &facts, &error);
    bool ok = status == 0;
    if (!ok) {
        fprintf(report, "%s:%d: rule %s: example %zu: %s\n", rule->file, example->line, rule->id,
                example_index + 1, error ? error : "matching failed");
        free(error);
    }
    char **expected = calloc(example->expect_count + 1, sizeof *expected);
    char **got = calloc(facts.count + 1, sizeof *got);
    if (ok && (!expected || !got))
        ok = false;
    for (size_t i = 0; ok && i < example->expect_count; i++) {
        const expected_fact_t *expect = &example->expects[i];
        expected[i] = join_fields(expect->subject, expect->kind, expect->measure, expect->value,
                                  expect->unit);
        ok = expected[i] != NULL;
    }
    for (size_t i = 0; ok && i < facts.count; i++) {
        const fact_t *fact = &facts.items[i];
        got[i] =
            join_fields(fact->subject, fact->subject_kind, fact->measure, fact->value, fact->unit);
        ok = got[i] != NULL;
    }
    if (status == 0 && ok) {
        qsort(expected, example->expect_count, sizeof *expected, compare_strings);
        qsort(got, facts.count, sizeof *got, compare_strings);
        bool same = example->expect_count == facts.count;
        for (size_t i = 0; same && i < facts.count; i++)
            same = strcmp(expected[i], got[i]) == 0;
        if (!same) {
            fprintf(report, "%s:%d: rule %s: example %zu: expected ", rule->file, example->line,
                    rule->id, example_index + 1);
            print_list(report, expected, example->expect_count);
            fputs(" got ", report);
            print_list(report, got, facts.count);
            fputc('\n', report);
            ok = false;
        }
    } else if (status == 0) {
        fprintf(report, "%s:%d: rule %s: example %zu: out of memory\n", rule->file, example->line,
                rule->id, example_index + 1);
    }
    if (expected)
        free_list(expected, example->expect_count);
    if (got)
        free_list(got, facts.count);
    fact_list_free(&facts);
    normalized_text_free(normalized);
    return ok;
}

size_t rule_set_check_examples(const rule_set_t *rules, FILE *report)
{
    if (!rules || !rules->compiled) {
        fprintf(report, "rules are not compiled: call rule_set_compile first\n");
        return 1;
    }
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    if (!matcher) {
        fprintf(report, "out of memory creating a matcher\n");
        return 1;
    }
    size_t failures = 0;
    for (size_t r = 0; r < rules->rule_count; r++) {
        const rule_t *rule = &rules->rules[r];
        if (rule->example_count < 2) {
            fprintf(report, "%s:%d: rule %s: has %zu example(s); every rule needs at least 2\n",
                    rule->file, rule->line, rule->id, rule->example_count);
            failures++;
        }
        for (size_t e = 0; e < rule->example_count; e++)
            if (!check_example(rules, matcher, r, e, report))
                failures++;
    }
    pattern_matcher_free(matcher);
    return failures;
}
