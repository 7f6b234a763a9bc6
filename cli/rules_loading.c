/*
 * rules_loading.c - loads the rule set the way every subcommand does
 * (compiled on `threads` threads: as many as the command will use).
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "corpus.h"
#include "patterns.h"

struct rule_set *load_rules(const char *directory, char **extra_files, int extra_count,
                            unsigned threads)
{
    rule_set_t *rules = rule_set_new();
    if (!rules) {
        fprintf(stderr, "cnfiscal: out of memory\n");
        return NULL;
    }
    char *error = NULL;
    if (!directory)
        directory = corpus_default_patterns_directory();
    if (rule_set_load_directory(rules, directory, &error) != 0)
        goto failed;
    for (int i = 0; i < extra_count; i++)
        if (rule_set_load_file(rules, extra_files[i], &error) != 0)
            goto failed;
    if (rule_set_compile_threads(rules, threads, &error) != 0)
        goto failed;
    return rules;
failed:
    fprintf(stderr, "cnfiscal: %s\n", error ? error : "cannot load the rules");
    free(error);
    rule_set_free(rules);
    return NULL;
}
