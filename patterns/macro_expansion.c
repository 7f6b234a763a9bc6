/*
 * macro_expansion.c - expands `{NAME:group}` references in rule regexes.
 * A macro is defined with `define NAME = FRAGMENT`; every `@` in its
 * fragment becomes the group name given at the point of use, so
 * {AMOUNT:budget} defines the groups `budget` and `budget_unit`.  `{NAME}`
 * uses a fragment without `@`.  Regex quantifiers such as {2,3} are left
 * alone: a macro name starts with a capital letter.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_name_start(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* '@' is allowed so that a macro can use another: {NUMBER:@} inside a
 * define passes the outer group name through. */
static bool is_group_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '@';
}

const macro_t *macro_find(const rule_set_t *rules, const char *name, size_t length)
{
    for (size_t i = 0; i < rules->macro_count; i++)
        if (strlen(rules->macros[i].name) == length &&
            memcmp(rules->macros[i].name, name, length) == 0)
            return &rules->macros[i];
    return NULL;
}

char *macro_expand(const rule_set_t *rules, const char *regex, const char *file, int line,
                   char **error)
{
    patterns_string_t out = {0};
    if (!patterns_string_append(&out, "", 0))
        goto out_of_memory;
    const char *cursor = regex;
    while (*cursor) {
        /* A backslash escapes the next character: \{ is a literal brace. */
        if (cursor[0] == '\\' && cursor[1]) {
            if (!patterns_string_append(&out, cursor, 2))
                goto out_of_memory;
            cursor += 2;
            continue;
        }
        if (cursor[0] != '{' || !is_name_start(cursor[1])) {
            /* Copied as is up to the next escape or brace. */
            size_t run = 1 + strcspn(cursor + 1, "\\{");
            if (!patterns_string_append(&out, cursor, run))
                goto out_of_memory;
            cursor += run;
            continue;
        }
        const char *name = cursor + 1;
        const char *end = name;
        while (is_name_char(*end))
            end++;
        const char *group = NULL;
        size_t group_length = 0;
        if (*end == ':') {
            group = end + 1;
            const char *group_end = group;
            while (is_group_char(*group_end))
                group_end++;
            group_length = (size_t)(group_end - group);
            if (*group_end != '}' || group_length == 0) {
                *error = patterns_error(file, line,
                                        "macro use {%.*s:...} needs a group name made of "
                                        "letters, digits and _ followed by }",
                                        (int)(end - name), name);
                free(out.data);
                return NULL;
            }
            end = group_end;
        }
        if (*end != '}') {
            /* Not a macro use (e.g. a literal brace): copy as is. */
            if (!patterns_string_append(&out, cursor, 1))
                goto out_of_memory;
            cursor++;
            continue;
        }
        const macro_t *macro = macro_find(rules, name, (size_t)((group ? group - 1 : end) - name));
        if (!macro) {
            *error = patterns_error(file, line, "unknown macro %.*s",
                                    (int)((group ? group - 1 : end) - name), name);
            free(out.data);
            return NULL;
        }
        for (const char *f = macro->fragment; *f;) {
            if (*f == '@') {
                if (!group) {
                    *error =
                        patterns_error(file, line, "macro %s needs a group name: write {%s:name}",
                                       macro->name, macro->name);
                    free(out.data);
                    return NULL;
                }
                if (!patterns_string_append(&out, group, group_length))
                    goto out_of_memory;
                f++;
                continue;
            }
            size_t run = strcspn(f, "@"); /* up to the next group name */
            if (!patterns_string_append(&out, f, run))
                goto out_of_memory;
            f += run;
        }
        cursor = end + 1;
    }
    return out.data;

out_of_memory:
    free(out.data);
    *error = patterns_error(file, line, "out of memory expanding macros");
    return NULL;
}
