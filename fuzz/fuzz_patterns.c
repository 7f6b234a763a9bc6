/*
 * fuzz_patterns.c - libFuzzer target for rule matching: the shipped rules
 * (patterns/, loaded once) run over the normalized input for each document
 * type.  Every fact must point inside the text and carry its strings, and
 * the literal prefilter must change nothing: the same rules run with it
 * turned off give the same facts (unless a rule hit a backtracking limit
 * in either run, where the two may stop at different places).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "normalize.h"
#include "patterns.h"
#include "patterns_internal.h"

static rule_set_t *shipped_rules;
static pattern_matcher_t *matcher;
static pattern_matcher_t *plain_matcher; /* the prefilter turned off */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char *error = NULL;
    shipped_rules = rule_set_new();
    if (!shipped_rules ||
        rule_set_load_directory(shipped_rules, corpus_default_patterns_directory(), &error) != 0 ||
        rule_set_compile(shipped_rules, &error) != 0) {
        fprintf(stderr, "fuzz_patterns: cannot load the rules: %s\n", error ? error : "?");
        abort();
    }
    matcher = pattern_matcher_new(shipped_rules);
    plain_matcher = pattern_matcher_new(shipped_rules);
    if (!matcher || !plain_matcher)
        abort();
    pattern_matcher_use_prefilter(plain_matcher, false);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const types[] = {"final_accounts", "budget", "performance", "unknown"};
    char *error = NULL;
    normalized_text_t *text = normalize_text((const char *)data, size, &error);
    if (!text) {
        free(error);
        return 0;
    }
    fact_list_t facts, plain_facts;
    fact_list_init(&facts);
    fact_list_init(&plain_facts);
    for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
        if (pattern_matcher_run(matcher, types[t], text->text, text->length, &facts, &error) != 0) {
            free(error);
            error = NULL;
            fact_list_clear(&facts);
            continue;
        }
        for (size_t i = 0; i < facts.count; i++) {
            const fact_t *fact = &facts.items[i];
            if (!fact->subject || !fact->value || !fact->unit || !fact->measure ||
                !fact->subject_kind || !fact->rule_id)
                abort();
            if (fact->evidence_start > fact->evidence_end || fact->evidence_end > text->length ||
                fact->value_offset > text->length)
                abort();
        }
        bool limited = pattern_matcher_warning(matcher) != NULL;
        if (pattern_matcher_run(plain_matcher, types[t], text->text, text->length, &plain_facts,
                                &error) != 0) {
            free(error);
            error = NULL;
        } else if (!limited && !pattern_matcher_warning(plain_matcher)) {
            if (plain_facts.count != facts.count) {
                fprintf(stderr, "fuzz_patterns: %zu facts with the prefilter, %zu without (%s)\n",
                        facts.count, plain_facts.count, types[t]);
                abort();
            }
            for (size_t i = 0; i < facts.count; i++) {
                const fact_t *a = &facts.items[i], *b = &plain_facts.items[i];
                if (strcmp(a->subject, b->subject) != 0 || strcmp(a->value, b->value) != 0 ||
                    strcmp(a->unit, b->unit) != 0 || a->measure != b->measure ||
                    a->value_offset != b->value_offset || a->rule_id != b->rule_id) {
                    fprintf(stderr, "fuzz_patterns: fact %zu differs: %s %s %s / %s %s %s (%s)\n",
                            i, a->subject, a->measure, a->value, b->subject, b->measure, b->value,
                            types[t]);
                    abort();
                }
            }
        }
        fact_list_clear(&plain_facts);
        fact_list_clear(&facts);
    }
    fact_list_free(&facts);
    fact_list_free(&plain_facts);
    normalized_text_free(text);
    return 0;
}
