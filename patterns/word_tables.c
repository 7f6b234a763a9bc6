/*
 * word_tables.c - the two data tables beside the rule files:
 *   aliases.tsv  wording<TAB>canonical[<TAB>kind]  (a wording's canonical
 *                subject; with a kind, only for subjects of that kind)
 *   signs.tsv    word<TAB>-  or  word<TAB>+  (words that make a number
 *                negative, e.g. 减少; + lists increase words for clarity)
 *   function_codes.tsv  code<TAB>name  (3-digit classes and 5-digit
 *                sections of the expenditure function classification;
 *                kept among the aliases under the reserved kind
 *                "function_code", which no fact has)
 * Lines starting with # and blank lines are ignored.
 */
#include "patterns_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*table_line_handler_t)(rule_set_t *rules, char **fields, size_t field_count,
                                    const char *path, int line, char **error);

static int read_table(rule_set_t *rules, const char *path, table_line_handler_t handler,
                      char **error)
{
    FILE *file = fopen(path, "r");
    if (!file) {
        *error = patterns_error(path, 0, "cannot open: %s", strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t length;
    int line_number = 0;
    int status = 0;
    while ((length = getline(&line, &line_capacity, file)) >= 0) {
        line_number++;
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
            line[--length] = '\0';
        if (length == 0 || line[0] == '#')
            continue;
        char *fields[4] = {0};
        size_t field_count = 0;
        char *cursor = line;
        while (cursor && field_count < 4) {
            fields[field_count++] = cursor;
            char *tab = strchr(cursor, '\t');
            if (tab)
                *tab++ = '\0';
            cursor = tab;
        }
        if (cursor) {
            *error = patterns_error(path, line_number, "too many tab-separated fields");
            status = -1;
            break;
        }
        if (handler(rules, fields, field_count, path, line_number, error) < 0) {
            status = -1;
            break;
        }
    }
    free(line);
    fclose(file);
    return status;
}

static int add_alias(rule_set_t *rules, char **fields, size_t field_count, const char *path,
                     int line, char **error)
{
    if (field_count < 2 || field_count > 3 || !fields[0][0] || !fields[1][0]) {
        *error = patterns_error(path, line, "expected wording<TAB>canonical[<TAB>kind]");
        return -1;
    }
    if (patterns_grow((void **)&rules->aliases, &rules->alias_capacity, rules->alias_count,
                      sizeof(alias_t)) < 0)
        goto out_of_memory;
    alias_t *alias = &rules->aliases[rules->alias_count];
    alias->wording = strdup(fields[0]);
    alias->canonical = strdup(fields[1]);
    alias->kind = field_count == 3 && fields[2][0] ? strdup(fields[2]) : NULL;
    if (!alias->wording || !alias->canonical ||
        (field_count == 3 && fields[2][0] && !alias->kind)) {
        free(alias->wording);
        free(alias->canonical);
        free(alias->kind);
        goto out_of_memory;
    }
    rules->alias_count++;
    free(rules->alias_slots); /* the index is rebuilt by the next compile */
    rules->alias_slots = NULL;
    rules->alias_slot_count = 0;
    return 0;
out_of_memory:
    *error = patterns_error(path, line, "out of memory");
    return -1;
}

static int add_sign(rule_set_t *rules, char **fields, size_t field_count, const char *path,
                    int line, char **error)
{
    if (field_count != 2 || !fields[0][0] ||
        (strcmp(fields[1], "-") != 0 && strcmp(fields[1], "+") != 0)) {
        *error = patterns_error(path, line, "expected word<TAB>- or word<TAB>+");
        return -1;
    }
    if (patterns_grow((void **)&rules->signs, &rules->sign_capacity, rules->sign_count,
                      sizeof(sign_word_t)) < 0)
        goto out_of_memory;
    sign_word_t *sign = &rules->signs[rules->sign_count];
    sign->word = strdup(fields[0]);
    if (!sign->word)
        goto out_of_memory;
    sign->negative = fields[1][0] == '-';
    rules->sign_count++;
    return 0;
out_of_memory:
    *error = patterns_error(path, line, "out of memory");
    return -1;
}

static int add_function_code(rule_set_t *rules, char **fields, size_t field_count, const char *path,
                             int line, char **error)
{
    size_t digits = 0;
    while (field_count == 2 && fields[0][digits] >= '0' && fields[0][digits] <= '9')
        digits++;
    if (field_count != 2 || fields[0][digits] != '\0' || (digits != 3 && digits != 5) ||
        !fields[1][0]) {
        *error = patterns_error(path, line, "expected a 3- or 5-digit code<TAB>name");
        return -1;
    }
    char *alias_fields[3] = {fields[0], fields[1], (char *)FUNCTION_CODE_KIND};
    return add_alias(rules, alias_fields, 3, path, line, error);
}

int function_code_table_load(rule_set_t *rules, const char *path, char **error)
{
    return read_table(rules, path, add_function_code, error);
}

const char *function_code_name(const rule_set_t *rules, const char *code, size_t length)
{
    char key[8];
    if (length != 3 && length != 5)
        return NULL;
    memcpy(key, code, length);
    key[length] = '\0';
    return alias_lookup(rules, key, FUNCTION_CODE_KIND);
}

int alias_table_load(rule_set_t *rules, const char *path, char **error)
{
    return read_table(rules, path, add_alias, error);
}

int sign_table_load(rule_set_t *rules, const char *path, char **error)
{
    return read_table(rules, path, add_sign, error);
}

static bool contains(const char *text, size_t length, const char *word)
{
    size_t word_length = strlen(word);
    if (word_length == 0 || word_length > length)
        return false;
    for (size_t i = 0; i + word_length <= length; i++)
        if (memcmp(text + i, word, word_length) == 0)
            return true;
    return false;
}

bool sign_words_negative(const rule_set_t *rules, const char *text, size_t length)
{
    size_t best_length = 0;
    bool negative = false;
    for (size_t i = 0; i < rules->sign_count; i++) {
        size_t word_length = strlen(rules->signs[i].word);
        if (word_length > best_length && contains(text, length, rules->signs[i].word)) {
            best_length = word_length;
            negative = rules->signs[i].negative;
        }
    }
    return negative;
}

static size_t wording_hash(const char *wording)
{
    size_t hash = 1469598103934665603u;
    for (const unsigned char *c = (const unsigned char *)wording; *c; c++)
        hash = (hash ^ *c) * 1099511628211u;
    return hash;
}

static bool alias_applies(const alias_t *alias, const char *wording, const char *kind)
{
    if (alias->kind && (!kind || strcmp(alias->kind, kind) != 0))
        return false;
    return strcmp(alias->wording, wording) == 0;
}

/* Linear probing keeps the aliases of one wording in file order along
 * their probe sequence, so the first that applies is the first listed. */
int alias_index_build(rule_set_t *rules)
{
    size_t slots = 16;
    while (slots < rules->alias_count * 2)
        slots *= 2;
    size_t *index = calloc(slots, sizeof *index);
    if (!index)
        return -1;
    for (size_t i = 0; i < rules->alias_count; i++) {
        size_t slot = wording_hash(rules->aliases[i].wording) & (slots - 1);
        while (index[slot] != 0)
            slot = (slot + 1) & (slots - 1);
        index[slot] = i + 1;
    }
    free(rules->alias_slots);
    rules->alias_slots = index;
    rules->alias_slot_count = slots;
    return 0;
}

const char *alias_lookup(const rule_set_t *rules, const char *wording, const char *kind)
{
    if (!rules->alias_slots) { /* before rule_set_compile */
        for (size_t i = 0; i < rules->alias_count; i++)
            if (alias_applies(&rules->aliases[i], wording, kind))
                return rules->aliases[i].canonical;
        return NULL;
    }
    size_t mask = rules->alias_slot_count - 1;
    for (size_t slot = wording_hash(wording) & mask; rules->alias_slots[slot] != 0;
         slot = (slot + 1) & mask) {
        const alias_t *alias = &rules->aliases[rules->alias_slots[slot] - 1];
        if (alias_applies(alias, wording, kind))
            return alias->canonical;
    }
    return NULL;
}
