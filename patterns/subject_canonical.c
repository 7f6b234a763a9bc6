/*
 * subject_canonical.c - canonical spelling of subjects (SCHEMA.md
 * "Subjects"): whitespace removed, full-width brackets as ASCII, quotes
 * around 三公 dropped, function-classification lines
 * A(类)B(款)C(项) and A-B-C turned into the path A/B/C (a class written
 * 一般公共服务(类)支出 becomes 一般公共服务支出), aliases.tsv applied to the
 * whole wording and to the class of a path, a project's trailing 项目 and
 * quotes dropped (“审管联动”平台建设项目 -> 审管联动平台建设), and a function
 * line printed with its 7-digit code (2100201综合医院) turned into the path
 * with the class and section names of function_codes.tsv; an asset loses a
 * leading 其中 (其中应急保障用车 -> 应急保障用车).
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *text, size_t length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    return length >= suffix_length &&
           memcmp(text + length - suffix_length, suffix, suffix_length) == 0;
}

static const char *const quote_marks[] = {"“", "”", "\"", "‘", "’", "'", "「", "」"};

static size_t quote_length_at(const char *text)
{
    for (size_t i = 0; i < sizeof quote_marks / sizeof quote_marks[0]; i++)
        if (starts_with(text, quote_marks[i]))
            return strlen(quote_marks[i]);
    return 0;
}

/* Whether the byte may start something simple_spelling changes: a quote
 * mark (“ ” ‘ ’ start with E2, 「 」 and the ideographic space with E3),
 * whitespace, or a full-width bracket (EF). */
static bool may_need_respelling(unsigned char byte)
{
    return byte == '"' || byte == '\'' || byte == 0xE2 || byte == 0xE3 || byte == 0xEF ||
           byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r';
}

/* Whitespace gone, （） as (), quotes around 三公 gone (all quotes when
 * `drop_all_quotes`: project names, docs/SUBJECTS.md). */
static char *simple_spelling(const char *wording, bool drop_all_quotes)
{
    patterns_string_t out = {0};
    if (!patterns_string_append(&out, "", 0))
        return NULL;
    const char *c = wording;
    while (*c) {
        if (!may_need_respelling((unsigned char)*c)) {
            const char *run = c;
            while (*c && !may_need_respelling((unsigned char)*c))
                c++;
            if (!patterns_string_append(&out, run, (size_t)(c - run)))
                goto fail;
            continue;
        }
        size_t quote = quote_length_at(c);
        if (quote && (drop_all_quotes || starts_with(c + quote, "三公") ||
                      ends_with(out.data, out.length, "三公") ||
                      ends_with(out.data, out.length, "三公经费"))) {
            c += quote;
            continue;
        }
        if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r') {
            c++;
            continue;
        }
        if (starts_with(c, "\xE3\x80\x80")) { /* ideographic space */
            c += 3;
            continue;
        }
        if (starts_with(c, "（")) {
            if (!patterns_string_append(&out, "(", 1))
                goto fail;
            c += strlen("（");
            continue;
        }
        if (starts_with(c, "）")) {
            if (!patterns_string_append(&out, ")", 1))
                goto fail;
            c += strlen("）");
            continue;
        }
        if (!patterns_string_append(&out, c, 1))
            goto fail;
        c++;
    }
    return out.data;
fail:
    free(out.data);
    return NULL;
}

/* Appends one path segment (aliases applied to it). */
static bool append_segment(const rule_set_t *rules, patterns_string_t *out, const char *segment,
                           size_t length, const char *kind, bool first)
{
    if (length == 0)
        return true;
    char *copy = patterns_strndup(segment, length);
    if (!copy)
        return false;
    const char *alias = alias_lookup(rules, copy, kind);
    bool ok = (first || patterns_string_append(out, "/", 1)) &&
              patterns_string_append(out, alias ? alias : copy, alias ? strlen(alias) : length);
    free(copy);
    return ok;
}

/* A(类)B(款)C(项) or A-B-C -> A/B/C; returns NULL when the wording is no
 * such path (or on out of memory, which the caller treats the same). */
static char *classification_path(const rule_set_t *rules, const char *text, const char *kind)
{
    static const char *const markers[] = {"(类)", "(款)", "(项)"};
    bool has_marker = false;
    for (size_t i = 0; i < 3; i++)
        if (strstr(text, markers[i]))
            has_marker = true;
    bool function_kind = kind && strcmp(kind, "function") == 0;
    bool has_dash = function_kind && (strchr(text, '-') || strstr(text, "—") || strstr(text, "/"));
    if (!has_marker && !has_dash)
        return NULL;

    /* Split into segments at the markers or dashes. */
    const char *segments[8];
    size_t lengths[8];
    size_t count = 0;
    const char *start = text;
    const char *c = text;
    while (*c && count < 7) {
        size_t marker_length = 0;
        for (size_t i = 0; i < 3; i++)
            if (starts_with(c, markers[i]))
                marker_length = strlen(markers[i]);
        if (!marker_length && has_dash && !has_marker) {
            if (*c == '-' || *c == '/')
                marker_length = 1;
            else if (starts_with(c, "—"))
                marker_length = strlen("—");
        }
        if (marker_length) {
            segments[count] = start;
            lengths[count] = (size_t)(c - start);
            count++;
            c += marker_length;
            start = c;
        } else {
            c++;
        }
    }
    if (*start && count < 8) {
        segments[count] = start;
        lengths[count] = strlen(start);
        count++;
    }
    /* 一般公共服务(类)支出...: the 支出 after (类) belongs to the class. */
    const char *class_suffix = "支出";
    size_t suffix_length = strlen(class_suffix);
    bool move_suffix = count >= 2 && !ends_with(segments[0], lengths[0], class_suffix) &&
                       lengths[1] >= suffix_length &&
                       memcmp(segments[1], class_suffix, suffix_length) == 0;

    patterns_string_t out = {0};
    if (!patterns_string_append(&out, "", 0))
        return NULL;
    bool ok = true;
    bool first = true;
    for (size_t i = 0; ok && i < count; i++) {
        const char *segment = segments[i];
        size_t length = lengths[i];
        if (i == 0 && move_suffix) {
            char *joined = malloc(length + suffix_length + 1);
            ok = joined != NULL;
            if (ok) {
                memcpy(joined, segment, length);
                memcpy(joined + length, class_suffix, suffix_length + 1);
                ok = append_segment(rules, &out, joined, length + suffix_length, "function", first);
                free(joined);
            }
            first = false;
            continue;
        }
        if (i == 1 && move_suffix) {
            segment += suffix_length;
            length -= suffix_length;
        }
        if (length == 0)
            continue;
        /* Only the class (first segment) takes the kind-specific aliases
         * (社会保障和就业 -> 社会保障和就业支出). */
        ok = append_segment(rules, &out, segment, length, first ? "function" : "function_part",
                            first);
        first = false;
    }
    if (!ok) {
        free(out.data);
        return NULL;
    }
    return out.data;
}

static size_t digit_run(const char *text)
{
    size_t count = 0;
    while (text[count] >= '0' && text[count] <= '9')
        count++;
    return count;
}

static const char *const code_openers[] = {"[", "(", "【", "〔", "“", "\""};
static const char *const code_closers[] = {"]", ")", "】", "〕", "”", "\""};

static size_t opener_length_at(const char *text)
{
    for (size_t i = 0; i < sizeof code_openers / sizeof code_openers[0]; i++)
        if (starts_with(text, code_openers[i]))
            return strlen(code_openers[i]);
    return 0;
}

static size_t closer_length_at(const char *text)
{
    for (size_t i = 0; i < sizeof code_closers / sizeof code_closers[0]; i++)
        if (starts_with(text, code_closers[i]))
            return strlen(code_closers[i]);
    return 0;
}

/* A function line printed with its classification code (docs/RULES.md):
 * 2100201综合医院, [2210201]住房公积金, 2080505机关事业单位基本养老保险缴费支出(项),
 * 行政运行(2010301), 20805行政事业单位养老支出, 210卫生健康支出.  A 7-digit
 * code gives 类/款/项 with the class and section named by
 * function_codes.tsv and the item as printed; a 5-digit code 类/款 (the
 * section as printed); a 3-digit code the class.  A code the table does not
 * know leaves the printed name alone.  NULL: the wording has no code. */
static char *coded_function_path(const rule_set_t *rules, const char *text)
{
    const char *code = NULL;
    size_t digits = 0;
    const char *name = NULL;
    size_t name_length = 0;

    /* Code first: [2210201]住房公积金 */
    const char *c = text;
    size_t opener = opener_length_at(c);
    while (opener) { /* “[2210201] */
        c += opener;
        opener = opener_length_at(c);
    }
    digits = digit_run(c);
    if (digits == 3 || digits == 5 || digits == 7) {
        code = c;
        c += digits;
        for (size_t closer = closer_length_at(c); closer; closer = closer_length_at(c))
            c += closer;
        name = c;
        name_length = strlen(c);
    } else {
        /* Code last: 行政运行(2010301) */
        size_t length = strlen(text);
        size_t end = length;
        while (end > 0 && strchr(")]", text[end - 1]))
            end--;
        for (size_t i = 0; i < sizeof code_closers / sizeof code_closers[0] && end == length; i++)
            if (ends_with(text, length, code_closers[i]) && strlen(code_closers[i]) > 1)
                end = length - strlen(code_closers[i]);
        if (end == length)
            return NULL;
        size_t start = end;
        while (start > 0 && text[start - 1] >= '0' && text[start - 1] <= '9')
            start--;
        digits = end - start;
        if (!(digits == 3 || digits == 5 || digits == 7) || start == 0)
            return NULL;
        code = text + start;
        size_t open_at = start;
        bool opened = false;
        for (size_t i = 0; i < sizeof code_openers / sizeof code_openers[0] && !opened; i++) {
            size_t opener_length = strlen(code_openers[i]);
            if (open_at >= opener_length &&
                memcmp(text + open_at - opener_length, code_openers[i], opener_length) == 0) {
                open_at -= opener_length;
                opened = true;
            }
        }
        if (!opened)
            return NULL;
        name = text;
        name_length = open_at;
    }
    if (code[0] != '2')
        return NULL;
    /* The item's own marker and quotes go: 机关事业单位基本养老保险缴费支出(项)”. */
    bool trimmed = true;
    while (trimmed && name_length > 0) {
        trimmed = false;
        static const char *const tails[] = {"(项)", "(款)", "(类)", "”", "\"", "科目"};
        for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++)
            if (ends_with(name, name_length, tails[i])) {
                name_length -= strlen(tails[i]);
                trimmed = true;
            }
    }
    if (memchr(name, '(', name_length) && (strstr(name, "(类)") || strstr(name, "(款)")))
        return NULL; /* a 类/款/项 line of its own: classification_path */

    const char *class_name = function_code_name(rules, code, 3);
    const char *section_name = digits >= 5 ? function_code_name(rules, code, 5) : NULL;
    patterns_string_t out = {0};
    bool ok = patterns_string_append(&out, "", 0);
    if (digits == 3 && class_name) {
        ok = ok && patterns_string_append(&out, class_name, strlen(class_name));
    } else if (digits == 5 && class_name && (name_length || section_name)) {
        ok = ok && patterns_string_append(&out, class_name, strlen(class_name)) &&
             patterns_string_append(&out, "/", 1) &&
             (name_length ? patterns_string_append(&out, name, name_length)
                          : patterns_string_append(&out, section_name, strlen(section_name)));
    } else if (digits == 7 && class_name && section_name) {
        ok = ok && patterns_string_append(&out, class_name, strlen(class_name)) &&
             patterns_string_append(&out, "/", 1) &&
             patterns_string_append(&out, section_name, strlen(section_name));
        if (name_length)
            ok = ok && patterns_string_append(&out, "/", 1) &&
                 patterns_string_append(&out, name, name_length);
    } else if (name_length) {
        /* Unknown code: the printed name, a class through its aliases. */
        char *copy = patterns_strndup(name, name_length);
        const char *alias = copy ? alias_lookup(rules, copy, "function") : NULL;
        ok =
            ok && copy &&
            patterns_string_append(&out, alias ? alias : copy, alias ? strlen(alias) : name_length);
        free(copy);
    } else {
        ok = false;
    }
    if (!ok) {
        free(out.data);
        return NULL;
    }
    return out.data;
}

char *rule_set_canonical_subject(const rule_set_t *rules, const char *wording,
                                 const char *subject_kind)
{
    if (!wording)
        return NULL;
    bool project = subject_kind && strcmp(subject_kind, "project") == 0;
    char *simple = simple_spelling(wording, project);
    if (!simple)
        return NULL;
    /* A list lead-in read with the first name (其中应急保障用车) is not part
     * of an asset's name. */
    if (subject_kind && strcmp(subject_kind, "asset") == 0) {
        static const char *const lead_ins[] = {"其中:", "其中,", "其中", "包括", "均为"};
        for (size_t i = 0; i < sizeof lead_ins / sizeof lead_ins[0]; i++) {
            size_t length = strlen(lead_ins[i]);
            if (starts_with(simple, lead_ins[i]) && simple[length]) {
                memmove(simple, simple + length, strlen(simple + length) + 1);
                break;
            }
        }
    }
    const char *alias = alias_lookup(rules, simple, subject_kind);
    if (alias) {
        free(simple);
        return strdup(alias);
    }
    char *path = subject_kind && strcmp(subject_kind, "function") == 0
                     ? coded_function_path(rules, simple)
                     : NULL;
    if (!path)
        path = classification_path(rules, simple, subject_kind);
    if (path) {
        free(simple);
        simple = path;
    }
    if (project) {
        size_t length = strlen(simple);
        size_t suffix = strlen("项目");
        if (length > suffix && ends_with(simple, length, "项目"))
            simple[length - suffix] = '\0';
    }
    return simple;
}
