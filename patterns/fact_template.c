/*
 * fact_template.c - a rule's `fact:` lines made ready for matching.  When
 * the rule set is compiled, each template's group names ($name in
 * subject= and kind=, value=, <value>_unit, sign=$name, when=$name) are
 * looked up once in the name tables of the rule's compiled regex and
 * within regex, and its literal kind and measure are turned into their
 * static spellings; the matcher (matcher.c) then reads a match's groups
 * straight from the match data.  The static kind and measure words live
 * here, so that every fact's kind and measure point into these lists.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_words[] = {"item",      "function", "economic", "project",
                                         "indicator", "staff",    "asset"};
static const char *const measure_words[] = {
    "budget",        "budget_adjusted", "actual", "amount",      "completion_rate",
    "share",         "prior",           "change", "change_rate", "variance",
    "variance_rate", "count",           "score",  "score_max"};

static const char *word_in(const char *word, size_t length, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == length && memcmp(list[i], word, length) == 0)
            return list[i];
    return NULL;
}

const char *fact_kind_word(const char *word, size_t length)
{
    return word_in(word, length, kind_words, sizeof kind_words / sizeof kind_words[0]);
}

const char *fact_measure_word(const char *word, size_t length)
{
    return word_in(word, length, measure_words, sizeof measure_words / sizeof measure_words[0]);
}

const char *fact_report_measure(unsigned doc_bits)
{
    if (doc_bits & DOC_TYPE_BUDGET)
        return fact_measure_word("budget", strlen("budget"));
    if (doc_bits & (DOC_TYPE_FINAL_ACCOUNTS | DOC_TYPE_PERFORMANCE))
        return fact_measure_word("actual", strlen("actual"));
    return fact_measure_word("amount", strlen("amount"));
}

/* Appends to *numbers the group numbers that `names` lists under `name`,
 * in table order.  Returns the count appended, or -1 when out of memory. */
static long append_numbers(const rule_name_table_t *names, const char *name, size_t length,
                           uint32_t **numbers, size_t *count)
{
    if (!names->table)
        return 0;
    long appended = 0;
    for (uint32_t i = 0; i < names->count; i++) {
        const unsigned char *entry = names->table + (size_t)i * names->entry_size;
        const char *entry_name = (const char *)entry + 2;
        /* Names are NUL-terminated within their entry. */
        if (length + 3 > names->entry_size || memcmp(entry_name, name, length) != 0 ||
            entry_name[length] != '\0')
            continue;
        uint32_t *grown = realloc(*numbers, (*count + 1) * sizeof **numbers);
        if (!grown)
            return -1;
        *numbers = grown;
        (*numbers)[(*count)++] = ((uint32_t)entry[0] << 8) | entry[1];
        appended++;
    }
    return appended;
}

/* The groups called name[0, length) in the rule's regex, then in its
 * within regex.  Returns 0, or -1 when out of memory. */
static int resolve_group(const rule_t *rule, const char *name, size_t length,
                         group_numbers_t *group)
{
    memset(group, 0, sizeof *group);
    size_t count = 0;
    long in_regex = append_numbers(&rule->names, name, length, &group->numbers, &count);
    long in_within =
        in_regex < 0 ? -1
                     : append_numbers(&rule->within_names, name, length, &group->numbers, &count);
    if (in_within < 0) {
        free(group->numbers);
        group->numbers = NULL;
        return -1;
    }
    group->regex_count = (uint32_t)in_regex;
    group->within_count = (uint32_t)in_within;
    return 0;
}

static bool is_group_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static void template_pieces_free(template_pieces_t *pieces)
{
    for (size_t i = 0; i < pieces->count; i++)
        free(pieces->items[i].group.numbers);
    free(pieces->items);
    pieces->items = NULL;
    pieces->count = 0;
}

/* Splits `template` at its $group references (a group name is the run of
 * letters, digits and '_' after the '$'). */
static int resolve_pieces(const rule_t *rule, const char *template, template_pieces_t *pieces)
{
    size_t references = 0;
    for (const char *c = template; *c; c++)
        references += *c == '$';
    pieces->items = calloc(references + 1, sizeof *pieces->items);
    pieces->count = 0;
    if (!pieces->items)
        return -1;
    const char *c = template;
    while (*c) {
        template_piece_t *piece = &pieces->items[pieces->count++];
        const char *dollar = strchr(c, '$');
        piece->literal = c;
        piece->literal_length = dollar ? (size_t)(dollar - c) : strlen(c);
        if (!dollar)
            break;
        const char *name = dollar + 1, *end = name;
        while (is_group_char(*end))
            end++;
        piece->has_group = true;
        if (resolve_group(rule, name, (size_t)(end - name), &piece->group) < 0)
            return -1;
        c = end;
    }
    return 0;
}

void resolved_template_free(resolved_template_t *resolved)
{
    template_pieces_free(&resolved->subject);
    template_pieces_free(&resolved->kind);
    free(resolved->value.numbers);
    free(resolved->unit.numbers);
    free(resolved->sign.numbers);
    free(resolved->when.numbers);
    memset(resolved, 0, sizeof *resolved);
}

static int resolve_template(const rule_t *rule, const fact_template_t *template,
                            resolved_template_t *resolved)
{
    if (resolve_pieces(rule, template->subject, &resolved->subject) < 0)
        return -1;
    if (template->kind[0] == '$') {
        if (resolve_pieces(rule, template->kind, &resolved->kind) < 0)
            return -1;
    } else {
        resolved->static_kind = fact_kind_word(template->kind, strlen(template->kind));
    }
    resolved->report_measure = strcmp(template->measure, "report") == 0;
    if (!resolved->report_measure)
        resolved->measure = fact_measure_word(template->measure, strlen(template->measure));
    const char *value = template->value_group;
    if (resolve_group(rule, value, strlen(value), &resolved->value) < 0)
        return -1;
    if (!template->unit) {
        size_t length = strlen(value);
        char *unit_group = malloc(length + sizeof "_unit");
        if (!unit_group)
            return -1;
        memcpy(unit_group, value, length);
        memcpy(unit_group + length, "_unit", sizeof "_unit");
        int status = resolve_group(rule, unit_group, strlen(unit_group), &resolved->unit);
        free(unit_group);
        if (status < 0)
            return -1;
    }
    /* sign= is "-" or "$group", when= is "$group": the name is all that
     * follows the '$'. */
    if (template->sign && strcmp(template->sign, "-") == 0)
        resolved->negative = true;
    else if (template->sign && resolve_group(rule, template->sign + 1, strlen(template->sign + 1),
                                             &resolved->sign) < 0)
        return -1;
    if (template->when &&
        resolve_group(rule, template->when + 1, strlen(template->when + 1), &resolved->when) < 0)
        return -1;
    return 0;
}

int fact_templates_resolve(rule_t *rule)
{
    for (size_t i = 0; i < rule->fact_count; i++) {
        fact_template_t *template = &rule->facts[i];
        resolved_template_free(&template->resolved);
        if (resolve_template(rule, template, &template->resolved) < 0)
            return -1;
    }
    return 0;
}
