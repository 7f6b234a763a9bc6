/*
 * rule_set.c - lifetime of a rule set: creation, freeing, compilation of
 * all loaded rules (PCRE2, JIT and literal analysis, on several threads when the
 * caller has cores to spare: rules are independent until their literals
 * go into the shared table, which happens afterwards in rule order; fact
 * templates are resolved against the compiled regexes, fact_template.c),
 * and simple queries.  Loading lives in rule_file.c,
 * per-rule compilation in rule_compile.c.
 */
#include "patterns_internal.h"

#include <pthread.h>
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

/* The prefilters of one regex from its literal requirements (found by
 * regex_literal_requirements), their literals interned in the rule set's
 * table (no useful requirement: no prefilter). */
static int intern_prefilters(rule_set_t *rules, const literal_requirement_t *requirements,
                             size_t count, prefilter_list_t *list)
{
    prefilter_list_free(list);
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

/* What compiling one rule finds before its literals are interned: the
 * literal requirements of its regex and of its within regex, or why the
 * rule does not compile. */
typedef struct {
    literal_requirement_t *requirements[2]; /* [0] regex, [1] within */
    size_t counts[2];
    bool failed;
    char *error; /* rule_compile_regex's message; NULL when out of memory */
} rule_analysis_t;

/* One thread's share of the work: rules first, first + step, ... */
typedef struct {
    rule_set_t *rules;
    rule_analysis_t *analyses;
    size_t first, step;
    bool out_of_memory;
} compile_share_t;

/* Compiles a share of the rules (rule_compile.c), JIT-compiles them and
 * analyses their literals.  Each
 * rule is touched by one thread only; the JIT's allocator has its own
 * lock, and nothing else is shared. */
static void *compile_share(void *argument)
{
    compile_share_t *share = argument;
    for (size_t i = share->first; i < share->rules->rule_count; i += share->step) {
        rule_t *rule = &share->rules->rules[i];
        rule_analysis_t *analysis = &share->analyses[i];
        if (rule_compile_regex(rule, &analysis->error) < 0) {
            analysis->failed = true;
            continue;
        }
        /* JIT is an optimisation: where it is unavailable the interpreter
         * runs the same pattern. */
        if (rule->code)
            (void)pcre2_jit_compile(rule->code, PCRE2_JIT_COMPLETE);
        if (rule->within_code)
            (void)pcre2_jit_compile(rule->within_code, PCRE2_JIT_COMPLETE);
        const char *regexes[2] = {rule->regex, rule->within};
        for (int r = 0; r < 2; r++)
            if (regexes[r] && regex_literal_requirements(regexes[r], &analysis->requirements[r],
                                                         &analysis->counts[r]) < 0)
                share->out_of_memory = true;
    }
    return NULL;
}

/* Runs compile_share over all rules on `threads` threads (the calling
 * thread is one of them; a thread that cannot be started leaves its share
 * to the calling thread).  Returns false when out of memory. */
static bool compile_shares(rule_set_t *rules, rule_analysis_t *analyses, unsigned threads)
{
    enum { MOST_THREADS = 64 };
    if (threads < 1)
        threads = 1;
    if (threads > MOST_THREADS)
        threads = MOST_THREADS;
    if (threads > rules->rule_count)
        threads = rules->rule_count ? (unsigned)rules->rule_count : 1;
    compile_share_t shares[MOST_THREADS];
    pthread_t ids[MOST_THREADS];
    bool started[MOST_THREADS] = {false};
    for (unsigned t = 0; t < threads; t++)
        shares[t] = (compile_share_t){rules, analyses, t, threads, false};
    for (unsigned t = 1; t < threads; t++)
        started[t] = pthread_create(&ids[t], NULL, compile_share, &shares[t]) == 0;
    compile_share(&shares[0]);
    bool out_of_memory = shares[0].out_of_memory;
    for (unsigned t = 1; t < threads; t++) {
        if (started[t])
            pthread_join(ids[t], NULL);
        else
            compile_share(&shares[t]);
        out_of_memory = out_of_memory || shares[t].out_of_memory;
    }
    return !out_of_memory;
}

int rule_set_compile(rule_set_t *rules, char **error)
{
    return rule_set_compile_threads(rules, 1, error);
}

int rule_set_compile_threads(rule_set_t *rules, unsigned threads, char **error)
{
    if (rules->compiled) {
        *error = patterns_error(NULL, 0, "rules are already compiled");
        return -1;
    }
    for (size_t i = 0; i < rules->rule_count; i++) {
        if (!rules->rules[i].regex) {
            *error = patterns_error(rules->rules[i].file, rules->rules[i].line,
                                    "rule %s has no regex", rules->rules[i].id);
            return -1;
        }
    }
    rule_analysis_t *analyses = calloc(rules->rule_count ? rules->rule_count : 1, sizeof *analyses);
    bool ok = analyses && compile_shares(rules, analyses, threads);
    /* The first rule (in load order) whose regex does not compile is the
     * one reported, naming the line of the regex that failed. */
    for (size_t i = 0; ok && i < rules->rule_count; i++) {
        if (!analyses[i].failed)
            continue;
        const rule_t *rule = &rules->rules[i];
        const char *message = analyses[i].error;
        int line =
            message && strncmp(message, "within", 6) == 0 ? rule->within_line : rule->regex_line;
        *error = patterns_error(rule->file, line, "rule %s: %s", rule->id,
                                message ? message : "out of memory");
        for (size_t j = 0; j < rules->rule_count; j++) {
            free(analyses[j].error);
            for (int r = 0; r < 2; r++)
                literal_requirements_free(analyses[j].requirements[r], analyses[j].counts[r]);
        }
        free(analyses);
        return -1;
    }
    /* Then, in rule order (so that literal ids do not depend on the
     * threads), what the rules share: the literal table, the largest
     * capture count. */
    uint32_t max_captures = 0;
    for (size_t i = 0; i < rules->rule_count && ok; i++) {
        rule_t *rule = &rules->rules[i];
        pcre2_code *codes[2] = {rule->within_code, rule->code};
        for (int c = 0; c < 2; c++) {
            uint32_t captures = 0;
            if (codes[c])
                pcre2_pattern_info(codes[c], PCRE2_INFO_CAPTURECOUNT, &captures);
            if (captures > max_captures)
                max_captures = captures;
        }
        read_name_table(rule->code, &rule->names);
        read_name_table(rule->within_code, &rule->within_names);
        ok = fact_templates_resolve(rule) == 0 &&
             intern_prefilters(rules, analyses[i].requirements[0], analyses[i].counts[0],
                               &rule->prefilters) == 0 &&
             intern_prefilters(rules, analyses[i].requirements[1], analyses[i].counts[1],
                               &rule->within_prefilters) == 0;
    }
    for (size_t i = 0; analyses && i < rules->rule_count; i++) {
        free(analyses[i].error);
        for (int r = 0; r < 2; r++)
            literal_requirements_free(analyses[i].requirements[r], analyses[i].counts[r]);
    }
    free(analyses);
    int finished = ok ? literal_table_finish(&rules->literals) : -1;
    if (finished == LITERAL_TABLE_TOO_LARGE) {
        *error = patterns_error(NULL, 0,
                                "the rules' prefilter literals are too many for the literal "
                                "scan (%zu literals); use fewer or shorter literal alternatives",
                                rules->literals.count);
        return -1;
    }
    if (finished < 0 || alias_index_build(rules) < 0) {
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
