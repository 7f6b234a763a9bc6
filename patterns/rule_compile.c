/*
 * rule_compile.c - compiles one rule's regexes with PCRE2 (UTF, UCP,
 * duplicate names allowed so that alternatives can share a group name;
 * each behind its start guard, start_guard.c, when it has one) and
 * checks that every group its fact lines name exists.  Called by
 * rule_set_compile once all rules are loaded, for each rule on one of its
 * threads (nothing here is shared between rules), before the JIT pass.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static bool group_exists(const pcre2_code *code, const char *name, size_t length)
{
    if (!code || length == 0 || length > 128)
        return false;
    char buffer[129];
    memcpy(buffer, name, length);
    buffer[length] = '\0';
    int number = pcre2_substring_number_from_name(code, (PCRE2_SPTR)buffer);
    return number >= 0 || number == PCRE2_ERROR_NOUNIQUESUBSTRING;
}

static bool rule_has_group(const rule_t *rule, const char *name, size_t length)
{
    return group_exists(rule->code, name, length) || group_exists(rule->within_code, name, length);
}

static bool is_group_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Checks every $name in `template`. */
static int check_template_groups(const rule_t *rule, const char *field, const char *template,
                                 char **error)
{
    for (const char *c = template; *c; c++) {
        if (*c != '$')
            continue;
        const char *name = c + 1, *end = name;
        while (is_group_char(*end))
            end++;
        if (end == name) {
            *error = patterns_error(NULL, 0, "%s=%s: `$` must be followed by a group name", field,
                                    template);
            return -1;
        }
        if (!rule_has_group(rule, name, (size_t)(end - name))) {
            *error = patterns_error(NULL, 0, "fact %s= names group `%.*s` that the regex lacks",
                                    field, (int)(end - name), name);
            return -1;
        }
        c = end - 1;
    }
    return 0;
}

static pcre2_code *compile_pattern(const char *pattern, int *error_code, PCRE2_SIZE *error_offset)
{
    return pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                         PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_USE_OFFSET_LIMIT,
                         error_code, error_offset, NULL);
}

/* Compiles `pattern` with its start guard in front when it has one
 * (start_guard.c: the same matches, found faster); an error is reported
 * on the pattern as written. */
static pcre2_code *compile_one(const char *pattern, const char *what, char **error)
{
    int error_code = 0;
    PCRE2_SIZE error_offset = 0;
    pcre2_code *code = NULL;
    char *guard = regex_start_guard(pattern);
    if (guard) {
        char *guarded = malloc(strlen(guard) + strlen(pattern) + 1);
        if (guarded) {
            strcpy(guarded, guard);
            strcat(guarded, pattern);
            code = compile_pattern(guarded, &error_code, &error_offset);
            free(guarded);
        }
        free(guard);
    }
    if (!code)
        code = compile_pattern(pattern, &error_code, &error_offset);
    if (!code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error_code, message, sizeof message);
        size_t length = strlen(pattern);
        size_t at = error_offset <= length ? (size_t)error_offset : length;
        *error = patterns_error(NULL, 0, "%s error at offset %zu: %s (near `%.40s`)", what, at,
                                (const char *)message, pattern + at);
    }
    return code;
}

int rule_compile_regex(rule_t *rule, char **error)
{
    if (rule->within) {
        rule->within_code = compile_one(rule->within, "within regex", error);
        if (!rule->within_code)
            return -1;
    }
    rule->code = compile_one(rule->regex, "regex", error);
    if (!rule->code)
        return -1;
    for (size_t i = 0; i < rule->fact_count; i++) {
        const fact_template_t *fact = &rule->facts[i];
        if (!rule_has_group(rule, fact->value_group, strlen(fact->value_group))) {
            *error = patterns_error(NULL, 0, "fact value=%s names a group that the regex lacks",
                                    fact->value_group);
            return -1;
        }
        if (!fact->unit) {
            size_t length = strlen(fact->value_group);
            char unit_group[160];
            if (length > 120) {
                *error = patterns_error(NULL, 0, "group name %s is too long", fact->value_group);
                return -1;
            }
            snprintf(unit_group, sizeof unit_group, "%s_unit", fact->value_group);
            if (!rule_has_group(rule, unit_group, strlen(unit_group))) {
                *error =
                    patterns_error(NULL, 0, "fact value=%s has no unit: add unit= or a group %s",
                                   fact->value_group, unit_group);
                return -1;
            }
        }
        if (check_template_groups(rule, "subject", fact->subject, error) < 0)
            return -1;
        if (fact->kind[0] == '$' && check_template_groups(rule, "kind", fact->kind, error) < 0)
            return -1;
        if (fact->sign && fact->sign[0] == '$' &&
            check_template_groups(rule, "sign", fact->sign, error) < 0)
            return -1;
        if (fact->when && check_template_groups(rule, "when", fact->when, error) < 0)
            return -1;
    }
    return 0;
}

void rule_free_contents(rule_t *rule)
{
    free(rule->id);
    free(rule->file);
    free(rule->within);
    free(rule->regex);
    for (size_t i = 0; i < rule->fact_count; i++) {
        fact_template_t *fact = &rule->facts[i];
        free(fact->subject);
        free(fact->kind);
        free(fact->measure);
        free(fact->value_group);
        free(fact->unit);
        free(fact->sign);
        free(fact->when);
        resolved_template_free(&fact->resolved);
    }
    free(rule->facts);
    for (size_t i = 0; i < rule->example_count; i++) {
        rule_example_t *example = &rule->examples[i];
        free(example->text);
        for (size_t j = 0; j < example->expect_count; j++) {
            free(example->expects[j].subject);
            free(example->expects[j].kind);
            free(example->expects[j].measure);
            free(example->expects[j].value);
            free(example->expects[j].unit);
        }
        free(example->expects);
    }
    free(rule->examples);
    pcre2_code_free(rule->within_code);
    pcre2_code_free(rule->code);
    prefilter_list_free(&rule->prefilters);
    prefilter_list_free(&rule->within_prefilters);
}
