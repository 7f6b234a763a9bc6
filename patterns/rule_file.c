/*
 * rule_file.c - parser of the rule file format (docs/RULES.md): `define`
 * lines, rule blocks with their keywords, fact templates, examples and
 * expects; and loading of a whole patterns directory (every *.rules file
 * in name order plus aliases.tsv, signs.tsv and function_codes.tsv).
 * A rule's regexes are compiled later, with all the others, by
 * rule_set_compile (rule_compile.c, on several threads); each rule keeps
 * the lines of its regex: and within: so that a regex error names them.
 */
#include "patterns_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const measure_names[] = {
    "budget",        "budget_adjusted", "actual", "amount",      "completion_rate",
    "share",         "prior",           "change", "change_rate", "variance",
    "variance_rate", "count",           "score",  "score_max",   "report"};
static const char *const kind_names[] = {"item",      "function", "economic", "project",
                                         "indicator", "staff",    "asset"};

static bool in_list(const char *word, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

typedef struct {
    rule_set_t *rules;
    const char *path;
    rule_t *rule; /* the rule being read, or NULL */
    size_t first_rule_of_file;
    int regex_line;
    int within_line;
} parser_t;

static char *trim(char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t length = strlen(text);
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t' ||
                          text[length - 1] == '\r' || text[length - 1] == '\n'))
        text[--length] = '\0';
    return text;
}

/* Appends `addition` to the malloc'd string *target (NULL: start one). */
static int append_string(char **target, const char *addition)
{
    size_t old_length = *target ? strlen(*target) : 0;
    char *grown = realloc(*target, old_length + strlen(addition) + 1);
    if (!grown)
        return -1;
    memcpy(grown + old_length, addition, strlen(addition) + 1);
    *target = grown;
    return 0;
}

static int parse_define(parser_t *parser, char *text, int line, char **error)
{
    char *equals = strchr(text, '=');
    if (!equals) {
        *error = patterns_error(parser->path, line, "define needs `define NAME = FRAGMENT`");
        return -1;
    }
    *equals = '\0';
    char *name = trim(text);
    char *fragment = trim(equals + 1);
    if (!name[0] || !(name[0] >= 'A' && name[0] <= 'Z')) {
        *error =
            patterns_error(parser->path, line, "macro name must start with a capital letter A-Z");
        return -1;
    }
    for (const char *c = name; *c; c++)
        if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_')) {
            *error = patterns_error(parser->path, line,
                                    "macro name %s may hold only A-Z, 0-9 and _", name);
            return -1;
        }
    if (macro_find(parser->rules, name, strlen(name))) {
        *error = patterns_error(parser->path, line, "macro %s is already defined", name);
        return -1;
    }
    char *expanded = macro_expand(parser->rules, fragment, parser->path, line, error);
    if (!expanded)
        return -1;
    rule_set_t *rules = parser->rules;
    if (patterns_grow((void **)&rules->macros, &rules->macro_capacity, rules->macro_count,
                      sizeof(macro_t)) < 0) {
        free(expanded);
        *error = patterns_error(parser->path, line, "out of memory");
        return -1;
    }
    rules->macros[rules->macro_count].name = strdup(name);
    rules->macros[rules->macro_count].fragment = expanded;
    if (!rules->macros[rules->macro_count].name) {
        free(expanded);
        *error = patterns_error(parser->path, line, "out of memory");
        return -1;
    }
    rules->macro_count++;
    return 0;
}

static int parse_fact(parser_t *parser, char *text, int line, char **error)
{
    rule_t *rule = parser->rule;
    fact_template_t fact = {0};
    char *save = NULL;
    for (char *token = strtok_r(text, " \t", &save); token; token = strtok_r(NULL, " \t", &save)) {
        char *equals = strchr(token, '=');
        if (!equals || equals == token || !equals[1]) {
            *error = patterns_error(parser->path, line, "fact field `%s` is not key=value", token);
            goto fail;
        }
        *equals = '\0';
        const char *key = token, *value = equals + 1;
        char **slot = NULL;
        if (strcmp(key, "subject") == 0)
            slot = &fact.subject;
        else if (strcmp(key, "kind") == 0)
            slot = &fact.kind;
        else if (strcmp(key, "measure") == 0)
            slot = &fact.measure;
        else if (strcmp(key, "value") == 0)
            slot = &fact.value_group;
        else if (strcmp(key, "unit") == 0)
            slot = &fact.unit;
        else if (strcmp(key, "sign") == 0)
            slot = &fact.sign;
        else if (strcmp(key, "when") == 0)
            slot = &fact.when;
        if (!slot) {
            *error = patterns_error(parser->path, line,
                                    "unknown fact field `%s` (use subject kind measure value "
                                    "unit sign when)",
                                    key);
            goto fail;
        }
        if (*slot) {
            *error = patterns_error(parser->path, line, "fact field `%s` given twice", key);
            goto fail;
        }
        *slot = strdup(value);
        if (!*slot) {
            *error = patterns_error(parser->path, line, "out of memory");
            goto fail;
        }
    }
    if (!fact.subject || !fact.kind || !fact.measure || !fact.value_group) {
        *error =
            patterns_error(parser->path, line, "fact needs subject=, kind=, measure= and value=");
        goto fail;
    }
    if (fact.kind[0] != '$' &&
        !in_list(fact.kind, kind_names, sizeof kind_names / sizeof kind_names[0])) {
        *error = patterns_error(parser->path, line, "unknown kind `%s`", fact.kind);
        goto fail;
    }
    if (!in_list(fact.measure, measure_names, sizeof measure_names / sizeof measure_names[0])) {
        *error = patterns_error(parser->path, line, "unknown measure `%s`", fact.measure);
        goto fail;
    }
    if (fact.sign && strcmp(fact.sign, "-") != 0 && fact.sign[0] != '$') {
        *error = patterns_error(parser->path, line, "sign= takes - or $group");
        goto fail;
    }
    if (fact.when && fact.when[0] != '$') {
        *error = patterns_error(parser->path, line, "when= takes $group");
        goto fail;
    }
    fact_template_t *grown = realloc(rule->facts, (rule->fact_count + 1) * sizeof *grown);
    if (!grown) {
        *error = patterns_error(parser->path, line, "out of memory");
        goto fail;
    }
    rule->facts = grown;
    rule->facts[rule->fact_count++] = fact;
    return 0;
fail:
    free(fact.subject);
    free(fact.kind);
    free(fact.measure);
    free(fact.value_group);
    free(fact.unit);
    free(fact.sign);
    free(fact.when);
    return -1;
}

/* Turns the two characters `\n` into a line break, `\t` into a tab (table
 * rows) and `\\` into `\`. */
static char *unescape_example(const char *text)
{
    char *copy = malloc(strlen(text) + 1);
    if (!copy)
        return NULL;
    char *out = copy;
    for (const char *c = text; *c; c++) {
        if (c[0] == '\\' && c[1] == 'n') {
            *out++ = '\n';
            c++;
        } else if (c[0] == '\\' && c[1] == 't') {
            *out++ = '\t';
            c++;
        } else if (c[0] == '\\' && c[1] == '\\') {
            *out++ = '\\';
            c++;
        } else {
            *out++ = *c;
        }
    }
    *out = '\0';
    return copy;
}

static int parse_example(parser_t *parser, const char *text, unsigned doc_type, int line,
                         char **error)
{
    rule_t *rule = parser->rule;
    rule_example_t *grown = realloc(rule->examples, (rule->example_count + 1) * sizeof *grown);
    if (!grown)
        goto out_of_memory;
    rule->examples = grown;
    rule_example_t *example = &rule->examples[rule->example_count];
    memset(example, 0, sizeof *example);
    example->text = unescape_example(text);
    if (!example->text)
        goto out_of_memory;
    example->line = line;
    example->doc_type = doc_type;
    rule->example_count++;
    return 0;
out_of_memory:
    *error = patterns_error(parser->path, line, "out of memory");
    return -1;
}

static int parse_expect(parser_t *parser, char *text, int line, char **error)
{
    rule_t *rule = parser->rule;
    if (rule->example_count == 0) {
        *error = patterns_error(parser->path, line, "expect: before any example:");
        return -1;
    }
    rule_example_t *example = &rule->examples[rule->example_count - 1];
    if (strcmp(text, "none") == 0) {
        if (example->expect_count > 0) {
            *error = patterns_error(parser->path, line, "expect: none after other expects");
            return -1;
        }
        example->expect_none = true;
        return 0;
    }
    if (example->expect_none) {
        *error = patterns_error(parser->path, line, "expect after expect: none");
        return -1;
    }
    char *fields[5];
    size_t count = 0;
    char *cursor = text;
    while (cursor && count < 5) {
        char *bar = strchr(cursor, '|');
        if (bar)
            *bar++ = '\0';
        fields[count++] = trim(cursor);
        cursor = bar;
    }
    if (count != 5 || cursor) {
        *error = patterns_error(parser->path, line,
                                "expect needs 5 fields: subject | kind | measure | value | unit");
        return -1;
    }
    for (size_t i = 0; i < 4; i++)
        if (!fields[i][0]) {
            *error = patterns_error(parser->path, line, "expect field %zu is empty", i + 1);
            return -1;
        }
    expected_fact_t *grown = realloc(example->expects, (example->expect_count + 1) * sizeof *grown);
    if (!grown)
        goto out_of_memory;
    example->expects = grown;
    expected_fact_t *expect = &example->expects[example->expect_count];
    expect->subject = strdup(fields[0]);
    expect->kind = strdup(fields[1]);
    expect->measure = strdup(fields[2]);
    expect->value = strdup(fields[3]);
    expect->unit = strdup(fields[4]);
    example->expect_count++;
    if (!expect->subject || !expect->kind || !expect->measure || !expect->value || !expect->unit)
        goto out_of_memory;
    return 0;
out_of_memory:
    *error = patterns_error(parser->path, line, "out of memory");
    return -1;
}

/* Checks and compiles the rule being read; called when its block ends. */
static int finish_rule(parser_t *parser, char **error)
{
    rule_t *rule = parser->rule;
    if (!rule)
        return 0;
    parser->rule = NULL;
    if (!rule->regex) {
        *error = patterns_error(parser->path, rule->line, "rule %s has no regex:", rule->id);
        return -1;
    }
    if (rule->fact_count == 0) {
        *error = patterns_error(parser->path, rule->line, "rule %s has no fact:", rule->id);
        return -1;
    }
    if (rule->example_count == 0) {
        *error = patterns_error(parser->path, rule->line, "rule %s has no example:", rule->id);
        return -1;
    }
    for (size_t i = 0; i < rule->example_count; i++)
        if (rule->examples[i].expect_count == 0 && !rule->examples[i].expect_none) {
            *error = patterns_error(parser->path, rule->examples[i].line,
                                    "example without expect: lines (write `expect: none` when "
                                    "it must give nothing)");
            return -1;
        }
    rule->regex_line = parser->regex_line;
    rule->within_line = parser->within_line;
    return 0;
}

static int start_rule(parser_t *parser, const char *id, int line, char **error)
{
    rule_set_t *rules = parser->rules;
    if (!id[0]) {
        *error = patterns_error(parser->path, line, "rule: needs an id");
        return -1;
    }
    for (const char *c = id; *c; c++)
        if (*c == ' ' || *c == '\t') {
            *error = patterns_error(parser->path, line, "rule id `%s` contains a space", id);
            return -1;
        }
    for (size_t i = 0; i < rules->rule_count; i++)
        if (strcmp(rules->rules[i].id, id) == 0) {
            *error = patterns_error(parser->path, line, "duplicate rule id %s (first at %s:%d)", id,
                                    rules->rules[i].file, rules->rules[i].line);
            return -1;
        }
    if (patterns_grow((void **)&rules->rules, &rules->rule_capacity, rules->rule_count,
                      sizeof(rule_t)) < 0)
        goto out_of_memory;
    rule_t *rule = &rules->rules[rules->rule_count];
    memset(rule, 0, sizeof *rule);
    rule->id = strdup(id);
    rule->file = strdup(parser->path);
    rule->line = line;
    rule->types = DOC_TYPE_ANY;
    rule->first_type = DOC_TYPE_ANY;
    rules->rule_count++;
    if (!rule->id || !rule->file)
        goto out_of_memory;
    parser->rule = rule;
    parser->regex_line = line;
    parser->within_line = line;
    return 0;
out_of_memory:
    *error = patterns_error(parser->path, line, "out of memory");
    return -1;
}

static int parse_types(parser_t *parser, const char *text, int line, char **error)
{
    unsigned bits = 0;
    const char *cursor = text;
    while (*cursor) {
        while (*cursor == ' ' || *cursor == '\t')
            cursor++;
        const char *end = cursor;
        while (*end && *end != ' ' && *end != '\t')
            end++;
        if (end == cursor)
            break;
        unsigned word_bits = doc_type_bits(cursor, (size_t)(end - cursor));
        if (!word_bits) {
            *error = patterns_error(parser->path, line,
                                    "unknown document type `%.*s` (final_accounts budget "
                                    "performance unknown any)",
                                    (int)(end - cursor), cursor);
            return -1;
        }
        if (!bits)
            parser->rule->first_type = word_bits;
        bits |= word_bits;
        cursor = end;
    }
    if (!bits) {
        *error = patterns_error(parser->path, line, "types: needs at least one document type");
        return -1;
    }
    parser->rule->types = bits;
    return 0;
}

static int parse_priority(parser_t *parser, const char *text, int line, char **error)
{
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno || end == text || *end || value < -1000000 || value > 1000000) {
        *error = patterns_error(parser->path, line, "priority must be an integer");
        return -1;
    }
    parser->rule->priority = (int)value;
    return 0;
}

static int parse_line(parser_t *parser, char *line_text, int line, char **error)
{
    char *text = trim(line_text);
    if (!text[0] || text[0] == '#')
        return 0;
    if (strncmp(text, "define ", 7) == 0 || strncmp(text, "define\t", 7) == 0)
        return parse_define(parser, text + 7, line, error);
    char *colon = strchr(text, ':');
    if (!colon) {
        *error = patterns_error(parser->path, line, "expected `keyword: value`, got `%.40s`", text);
        return -1;
    }
    *colon = '\0';
    const char *keyword = trim(text);
    char *value = trim(colon + 1);
    if (strcmp(keyword, "rule") == 0) {
        if (finish_rule(parser, error) < 0)
            return -1;
        return start_rule(parser, value, line, error);
    }
    static const char *const known[] = {"types", "priority", "within", "regex",
                                        "fact",  "example",  "expect"};
    if (!in_list(keyword, known, sizeof known / sizeof known[0]) &&
        strncmp(keyword, "example(", 8) != 0) {
        *error = patterns_error(parser->path, line, "unknown keyword `%s`", keyword);
        return -1;
    }
    if (!parser->rule) {
        *error =
            patterns_error(parser->path, line, "`%s:` outside a rule (start with rule:)", keyword);
        return -1;
    }
    rule_t *rule = parser->rule;
    if (strcmp(keyword, "types") == 0)
        return parse_types(parser, value, line, error);
    if (strcmp(keyword, "priority") == 0)
        return parse_priority(parser, value, line, error);
    if (strcmp(keyword, "fact") == 0)
        return parse_fact(parser, value, line, error);
    if (strcmp(keyword, "example") == 0)
        return parse_example(parser, value, 0, line, error);
    if (strncmp(keyword, "example(", 8) == 0) {
        /* example(budget): the example is matched as that document type. */
        size_t length = strlen(keyword);
        unsigned bits =
            length > 9 && keyword[length - 1] == ')' ? doc_type_bits(keyword + 8, length - 9) : 0;
        if (!bits || bits == DOC_TYPE_ANY) {
            *error = patterns_error(parser->path, line,
                                    "example(TYPE): TYPE must be final_accounts, budget, "
                                    "performance or unknown");
            return -1;
        }
        if (!(bits & rule->types)) {
            *error = patterns_error(parser->path, line,
                                    "example(TYPE): the rule does not apply to that type");
            return -1;
        }
        return parse_example(parser, value, bits, line, error);
    }
    if (strcmp(keyword, "expect") == 0)
        return parse_expect(parser, value, line, error);
    /* regex / within: expand macros now, concatenate repeated lines. */
    bool is_within = strcmp(keyword, "within") == 0;
    if (rule->fact_count > 0 || rule->example_count > 0) {
        *error =
            patterns_error(parser->path, line, "%s: must come before fact: and example:", keyword);
        return -1;
    }
    char *expanded = macro_expand(parser->rules, value, parser->path, line, error);
    if (!expanded)
        return -1;
    char **target = is_within ? &rule->within : &rule->regex;
    if (!*target) {
        if (is_within)
            parser->within_line = line;
        else
            parser->regex_line = line;
    }
    int status = append_string(target, expanded);
    free(expanded);
    if (status < 0) {
        *error = patterns_error(parser->path, line, "out of memory");
        return -1;
    }
    return 0;
}

int rule_set_load_file(rule_set_t *rules, const char *path, char **error)
{
    if (rules->compiled) {
        *error = patterns_error(path, 0, "rules are already compiled: load files first");
        return -1;
    }
    FILE *file = fopen(path, "r");
    if (!file) {
        *error = patterns_error(path, 0, "cannot open rule file: %s", strerror(errno));
        return -1;
    }
    parser_t parser = {.rules = rules, .path = path, .first_rule_of_file = rules->rule_count};
    char *line = NULL;
    size_t capacity = 0;
    int line_number = 0;
    int status = 0;
    while (getline(&line, &capacity, file) >= 0) {
        line_number++;
        if (line_number == 1 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
            (unsigned char)line[2] == 0xBF)
            memmove(line, line + 3, strlen(line + 3) + 1);
        if (parse_line(&parser, line, line_number, error) < 0) {
            status = -1;
            break;
        }
    }
    if (status == 0 && ferror(file)) {
        *error = patterns_error(path, line_number, "read error");
        status = -1;
    }
    if (status == 0)
        status = finish_rule(&parser, error);
    free(line);
    fclose(file);
    return status;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *text, const char *suffix)
{
    size_t length = strlen(text), suffix_length = strlen(suffix);
    return length >= suffix_length && strcmp(text + length - suffix_length, suffix) == 0;
}

static char *join_path(const char *directory, const char *name)
{
    size_t size = strlen(directory) + strlen(name) + 2;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/%s", directory, name);
    return path;
}

int rule_set_load_directory(rule_set_t *rules, const char *directory, char **error)
{
    DIR *dir = opendir(directory);
    if (!dir) {
        *error = patterns_error(directory, 0, "cannot open pattern directory: %s", strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t count = 0, capacity = 0;
    int status = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.' || !ends_with(entry->d_name, ".rules"))
            continue;
        if (patterns_grow((void **)&names, &capacity, count, sizeof *names) < 0 ||
            !(names[count] = strdup(entry->d_name))) {
            *error = patterns_error(directory, 0, "out of memory");
            status = -1;
            break;
        }
        count++;
    }
    closedir(dir);
    if (count > 1)
        qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; status == 0 && i < count; i++) {
        char *path = join_path(directory, names[i]);
        if (!path) {
            *error = patterns_error(directory, 0, "out of memory");
            status = -1;
            break;
        }
        status = rule_set_load_file(rules, path, error);
        free(path);
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    static const char *const tables[] = {"aliases.tsv", "signs.tsv", "function_codes.tsv"};
    for (size_t t = 0; status == 0 && t < 3; t++) {
        char *path = join_path(directory, tables[t]);
        if (!path) {
            *error = patterns_error(directory, 0, "out of memory");
            return -1;
        }
        struct stat info;
        if (stat(path, &info) == 0)
            status = t == 0   ? alias_table_load(rules, path, error)
                     : t == 1 ? sign_table_load(rules, path, error)
                              : function_code_table_load(rules, path, error);
        free(path);
    }
    return status;
}
