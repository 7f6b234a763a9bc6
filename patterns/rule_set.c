/*
 * rule_set.c - lifetime of a rule set: creation, freeing, JIT compilation
 * of all loaded rules (with their fact templates resolved against the
 * compiled regexes, fact_template.c), and simple queries.  Loading lives in rule_file.c,
 * per-rule compilation in rule_compile.c.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

rule_set_t *rule_set_new(void)
{
    return calloc(1, sizeof(rule_set_t));
}

void rule_set_free(rule_set_t *rules)
{
    if (!rules)
        return;
    for (size_t i = 0; i < rules->rule_count; i++)
        rule_free_contents(&rules->rules[i]);
    free(rules->rules);
    for (size_t i = 0; i < rules->macro_count; i++) {
        free(rules->macros[i].name);
        free(rules->macros[i].fragment);
    }
    free(rules->macros);
    for (size_t i = 0; i < rules->alias_count; i++) {
        free(rules->aliases[i].wording);
        free(rules->aliases[i].canonical);
        free(rules->aliases[i].kind);
    }
    free(rules->aliases);
    free(rules->alias_slots);
    for (size_t i = 0; i < rules->sign_count; i++)
        free(rules->signs[i].word);
    free(rules->signs);
    literal_table_free(&rules->literals);
    free(rules);
}

size_t rule_set_rule_count(const rule_set_t *rules)
{
    return rules ? rules->rule_count : 0;
}

void prefilter_list_free(prefilter_list_t *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->items[i].ids);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

/* The prefilters of one regex: its literal requirements, their literals
 * interned in the rule set's table (no regex, or no useful requirement:
 * no prefilter). */
static int intern_prefilters(rule_set_t *rules, const char *regex, prefilter_list_t *list)
{
    prefilter_list_free(list);
    if (!regex)
        return 0;
    literal_requirement_t *requirements = NULL;
    size_t count = 0;
    if (regex_literal_requirements(regex, &requirements, &count) < 0)
        return -1;
    int status = 0;
    if (count > 0) {
        list->items = calloc(count, sizeof *list->items);
        status = list->items ? 0 : -1;
    }
    for (size_t i = 0; i < count && status == 0; i++) {
        prefilter_t *prefilter = &list->items[list->count];
        prefilter->reach = requirements[i].reach;
        prefilter->allowed = requirements[i].allowed;
        prefilter->part_min = requirements[i].part_min;
        prefilter->part_max = requirements[i].part_max;
        prefilter->part_unbounded = requirements[i].part_unbounded;
        prefilter->inner_min = requirements[i].inner_min;
        prefilter->inner_max = requirements[i].inner_max;
        status = literal_table_intern(&rules->literals, &requirements[i].set, &prefilter->ids,
                                      &prefilter->id_count);
        if (status == 0)
            list->count++;
    }
    literal_requirements_free(requirements, count);
    return status;
}

static void read_name_table(const pcre2_code *code, rule_name_table_t *names)
{
    memset(names, 0, sizeof *names);
    if (!code)
        return;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &names->count);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &names->entry_size);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    names->table = table;
    if (!table)
        names->count = 0;
}

int rule_set_compile(rule_set_t *rules, char **error)
{
    uint32_t max_captures = 0;
    for (size_t i = 0; i < rules->rule_count; i++) {
        rule_t *rule = &rules->rules[i];
        pcre2_code *codes[2] = {rule->within_code, rule->code};
        for (int c = 0; c < 2; c++) {
            if (!codes[c])
                continue;
            /* JIT is an optimisation: where it is unavailable the
             * interpreter runs the same pattern. */
            (void)pcre2_jit_compile(codes[c], PCRE2_JIT_COMPLETE);
            uint32_t captures = 0;
            pcre2_pattern_info(codes[c], PCRE2_INFO_CAPTURECOUNT, &captures);
            if (captures > max_captures)
                max_captures = captures;
        }
        if (!rule->code) {
            *error = patterns_error(rule->file, rule->line, "rule %s has no regex", rule->id);
            return -1;
        }
        read_name_table(rule->code, &rule->names);
        read_name_table(rule->within_code, &rule->within_names);
        if (fact_templates_resolve(rule) < 0 ||
            intern_prefilters(rules, rule->regex, &rule->prefilters) < 0 ||
            intern_prefilters(rules, rule->within, &rule->within_prefilters) < 0) {
            *error = patterns_error(NULL, 0, "out of memory compiling the rules");
            return -1;
        }
    }
    if (literal_table_finish(&rules->literals) < 0 || alias_index_build(rules) < 0) {
        *error = patterns_error(NULL, 0, "out of memory compiling the rules");
        return -1;
    }
    rules->max_capture_count = max_captures;
    rules->compiled = true;
    return 0;
}

unsigned doc_type_bits(const char *word, size_t length)
{
    static const struct {
        const char *name;
        unsigned bits;
    } names[] = {{"final_accounts", DOC_TYPE_FINAL_ACCOUNTS},
                 {"budget", DOC_TYPE_BUDGET},
                 {"performance", DOC_TYPE_PERFORMANCE},
                 {"unknown", DOC_TYPE_UNKNOWN},
                 {"any", DOC_TYPE_ANY}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == length && memcmp(names[i].name, word, length) == 0)
            return names[i].bits;
    return 0;
}
