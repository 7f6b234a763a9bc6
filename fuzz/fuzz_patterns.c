/*
 * fuzz_patterns.c - libFuzzer target for rule matching: the shipped rules
 * (patterns/, loaded once) run over the normalized input for each document
 * type.  Every fact must point inside the text and carry its strings.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"
#include "normalize.h"
#include "patterns.h"

static rule_set_t *shipped_rules;
static pattern_matcher_t *matcher;

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
    if (!matcher)
        abort();
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
    fact_list_t facts;
    fact_list_init(&facts);
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
        fact_list_clear(&facts);
    }
    fact_list_free(&facts);
    normalized_text_free(text);
    return 0;
}
