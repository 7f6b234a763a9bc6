/*
 * shipped_rules.h - for the patterns tests: the rule set of patterns/,
 * loaded and compiled, failing the test with the loader's message when it
 * cannot be.  Include after cmocka.h.
 */
#ifndef CNFISCAL_TESTS_SHIPPED_RULES_H
#define CNFISCAL_TESTS_SHIPPED_RULES_H

#include "patterns.h"

static inline rule_set_t *load_shipped_rules(void)
{
    rule_set_t *rules = rule_set_new();
    assert_non_null(rules);
    char *error = NULL;
    if (rule_set_load_directory(rules, CNFISCAL_PATTERNS_DIR, &error) != 0 ||
        rule_set_compile(rules, &error) != 0)
        fail_msg("loading %s: %s", CNFISCAL_PATTERNS_DIR, error ? error : "(no message)");
    return rules;
}

#endif
