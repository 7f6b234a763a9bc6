/*
 * start_guard.c - the characters a regex's match can start with, as a
 * guard put in front of the regex when it is compiled.
 *
 * Inside a prefilter window (match_places.c) PCRE2 tries every position.
 * Its own start check looks at one byte, and the Chinese characters most
 * rules start with share a handful of lead bytes, so nearly every position
 * enters the regex, which often begins with a chain of lookbehinds
 * ({BUDGET_NOT_TOTAL}) or a long list of alternatives.  When every match
 * starts with one of a few characters, `(?![^…])` listing them turns the
 * other positions away at once.  The guard says nothing a match does not
 * already satisfy, so matches, groups and the prefilter (which reads the
 * rule's own regex) are unchanged; only speed is.
 *
 * The analysis walks the regex like literal_set.c: the first consuming
 * item of each alternative gives its characters (a literal character, an
 * escape such as \d or \(, or a plain class's contents), zero-width items
 * (lookarounds, \b, option settings) are passed over, and an optional
 * item lets the next one start a match too.  Anything it does not read
 * for certain - `.`, a negated class, backreferences, conditionals, (?i),
 * (?x), verbs - gives no guard; so does `^`, which PCRE2 already uses to
 * try line starts only, and a broad first item (\p, \w, \S ...), which
 * would turn almost nothing away.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_GUARD_DEPTH = 64, MAX_GUARD_BYTES = 2048 };

typedef struct {
    const char *pattern;
    size_t length;
    size_t at;
    bool unsupported;
    char class_text[MAX_GUARD_BYTES]; /* the characters, as a class's contents */
    size_t class_length;
} guard_scan_t;

/* Adds `length` bytes to the guard's class (too many: no guard). */
static void add_characters(guard_scan_t *scan, const char *text, size_t length)
{
    if (scan->class_length + length >= sizeof scan->class_text) {
        scan->unsupported = true;
        return;
    }
    memcpy(scan->class_text + scan->class_length, text, length);
    scan->class_length += length;
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Skips a quantifier at scan->at; returns whether it allows zero. */
static bool skip_quantifier(guard_scan_t *scan)
{
    size_t minimum = 1, maximum = 1;
    return regex_quantifier_at(scan->pattern, scan->length, &scan->at, &minimum, &maximum) &&
           minimum == 0;
}

static void walk_alternation(guard_scan_t *scan, int depth, bool first, bool *nullable);

/* Skips the class at scan->at ('['); its contents go to the guard when
 * `first`, where a negated class gives no guard. */
static void read_class(guard_scan_t *scan, bool first)
{
    const char *p = scan->pattern;
    size_t start = scan->at + 1, at = start;
    if (at < scan->length && p[at] == '^') {
        if (first) {
            scan->unsupported = true;
            return;
        }
        at++;
    }
    if (at < scan->length && p[at] == ']')
        at++; /* a leading ] is literal */
    while (at < scan->length && p[at] != ']') {
        if (p[at] == '\\' && at + 1 < scan->length) {
            at += 2;
        } else if (p[at] == '[' && at + 1 < scan->length && p[at + 1] == ':') {
            const char *close = strstr(p + at + 2, ":]");
            if (!close) {
                scan->unsupported = true;
                return;
            }
            at = (size_t)(close - p) + 2;
        } else {
            at++;
        }
    }
    if (at >= scan->length) {
        scan->unsupported = true;
        return;
    }
    if (first) {
        /* A class with a broad escape or a POSIX class turns little away. */
        for (size_t i = start; i + 1 < at; i++) {
            if (p[i] == '[' && p[i + 1] == ':')
                scan->unsupported = true;
            if (p[i] == '\\') {
                if (strchr("pPwWsSDHVhvNR", p[i + 1]))
                    scan->unsupported = true;
                i++;
            }
        }
        /* Put with other characters, a leading ] or - and a trailing -
         * would change meaning: they are escaped. */
        size_t from = start, to = at;
        if (p[from] == ']' || p[from] == '-') {
            add_characters(scan, "\\", 1);
            add_characters(scan, p + from, 1);
            from++;
        }
        bool trailing_dash =
            to > from && p[to - 1] == '-' && !(to >= from + 2 && p[to - 2] == '\\');
        if (trailing_dash)
            to--;
        add_characters(scan, p + from, to - from);
        if (trailing_dash)
            add_characters(scan, "\\-", 2);
    }
    scan->at = at + 1;
}

/* The end of the escape at `at` ('\\'), or 0 for one that is not read
 * (\Q quoting, a truncated escape). */
static size_t escape_end(const guard_scan_t *scan, size_t at)
{
    const char *p = scan->pattern;
    if (at + 1 >= scan->length)
        return 0;
    char e = p[at + 1];
    size_t end = at + 2;
    if (e == 'Q')
        return 0;
    if (strchr("pPxokg", e) && end < scan->length && strchr("{<'", p[end])) {
        char close = p[end] == '{' ? '}' : p[end] == '<' ? '>' : '\'';
        const char *found = memchr(p + end + 1, close, scan->length - end - 1);
        return found ? (size_t)(found - p) + 1 : 0;
    }
    if (e == 'p' || e == 'P' || e == 'c')
        return end + 1 <= scan->length ? end + 1 : 0; /* \pL, \cX */
    if (e == 'x' || e == '0' || (e >= '1' && e <= '9')) {
        /* \x41, \012, \1: hex or octal digits, a backreference's digits */
        while (end < scan->length && end < at + 4 && strchr("0123456789abcdefABCDEF", p[end]))
            end++;
        return end;
    }
    return end;
}

/* Reads the escape at scan->at ('\\').  *zero_width: an assertion.  Its
 * characters go to the guard when `first`; one that matches too much to
 * be worth a guard (\p \w \s \S \D ...) or is not read there (a
 * backreference, \x41, \R, \X ...) gives no guard. */
static void read_escape(guard_scan_t *scan, bool first, bool *zero_width)
{
    const char *p = scan->pattern;
    *zero_width = false;
    size_t end = escape_end(scan, scan->at);
    if (end == 0) {
        scan->unsupported = true;
        return;
    }
    char e = p[scan->at + 1];
    if (strchr("bBAzZGK", e)) {
        *zero_width = true;
    } else if (first) {
        bool plain = end == scan->at + 2 &&
                     (strchr("dnrtfe", e) ||
                      (!is_letter(e) && !(e >= '0' && e <= '9') && (unsigned char)e < 0x80));
        bool code_point = e == 'x' && p[scan->at + 2] == '{';
        if (plain || code_point)
            add_characters(scan, p + scan->at, end - scan->at); /* \d \n \( \x{4E00} */
        else
            scan->unsupported = true;
    }
    scan->at = end;
}

/* Reads the group at scan->at ('('); *zero_width for lookarounds and
 * option settings; *nullable when a consuming group can match nothing. */
static void read_group(guard_scan_t *scan, int depth, bool first, bool *zero_width, bool *nullable)
{
    const char *p = scan->pattern;
    size_t at = scan->at + 1;
    *zero_width = false;
    *nullable = false;
    bool consuming = true;
    if (at < scan->length && p[at] == '?') {
        const char *rest = p + at;
        size_t left = scan->length - at;
        if (left >= 2 && (rest[1] == '=' || rest[1] == '!')) {
            consuming = false;
            at += 2;
        } else if (left >= 3 && rest[1] == '<' && (rest[2] == '=' || rest[2] == '!')) {
            consuming = false;
            at += 3;
        } else if (left >= 2 && (rest[1] == ':' || rest[1] == '>')) {
            at += 2;
        } else if (left >= 3 &&
                   (rest[1] == '<' || rest[1] == '\'' || (rest[1] == 'P' && rest[2] == '<'))) {
            size_t name_end = at + 2;
            while (name_end < scan->length && p[name_end] != '>' && p[name_end] != '\'')
                name_end++;
            at = name_end + 1;
        } else {
            /* Option letters: (?m) (?J) (?s) (?U) (?n) change nothing a
             * first character depends on; (?i) and (?x) do.  Anything else
             * ((?| (?( (?R (?# ...) is not read. */
            size_t letters = at + 1;
            while (letters < scan->length && (is_letter(p[letters]) || p[letters] == '-'))
                letters++;
            if (letters == at + 1 || letters >= scan->length ||
                (p[letters] != ')' && p[letters] != ':')) {
                scan->unsupported = true;
                return;
            }
            for (size_t i = at + 1; i < letters; i++)
                if (!strchr("msJUn-", p[i])) {
                    scan->unsupported = true;
                    return;
                }
            if (p[letters] == ')') {
                *zero_width = true;
                scan->at = letters + 1;
                return;
            }
            at = letters + 1;
        }
    } else if (at < scan->length && p[at] == '*') {
        scan->unsupported = true; /* (*VERB) */
        return;
    }
    scan->at = at;
    bool content_nullable = false;
    walk_alternation(scan, depth + 1, first && consuming, &content_nullable);
    if (scan->unsupported)
        return;
    if (scan->at >= scan->length || p[scan->at] != ')') {
        scan->unsupported = true;
        return;
    }
    scan->at++;
    *zero_width = !consuming;
    *nullable = content_nullable;
}

/* One alternative: its items up to '|' or ')'.  While `first`, each item
 * until the first that cannot match nothing adds its characters. */
static void walk_sequence(guard_scan_t *scan, int depth, bool first, bool *nullable)
{
    const char *p = scan->pattern;
    bool open = first; /* no item that must consume a character yet */
    while (scan->at < scan->length && !scan->unsupported) {
        char c = p[scan->at];
        if (c == '|' || c == ')')
            break;
        bool zero_width = false, item_nullable = false;
        if (c == '(') {
            read_group(scan, depth, open, &zero_width, &item_nullable);
        } else if (c == '[') {
            read_class(scan, open);
        } else if (c == '\\') {
            read_escape(scan, open, &zero_width);
        } else if (c == '^' || c == '$' || c == '.') {
            if (open) /* `^` PCRE2 handles itself; `.` is anything */
                scan->unsupported = true;
            scan->at++;
            zero_width = c != '.';
        } else {
            size_t width = 0;
            (void)patterns_code_point(p + scan->at, scan->length - scan->at, &width);
            if (width == 0 || scan->at + width > scan->length) {
                scan->unsupported = true;
                break;
            }
            if (open) {
                if (c == ']' || c == '-' || c == '^') /* special in a class */
                    add_characters(scan, "\\", 1);
                add_characters(scan, p + scan->at, width);
            }
            scan->at += width;
        }
        if (scan->unsupported || zero_width)
            continue;
        if (skip_quantifier(scan))
            item_nullable = true;
        if (!item_nullable)
            open = false;
    }
    *nullable = open;
}

static void walk_alternation(guard_scan_t *scan, int depth, bool first, bool *nullable)
{
    if (depth > MAX_GUARD_DEPTH) {
        scan->unsupported = true;
        return;
    }
    *nullable = false;
    for (;;) {
        bool branch_nullable = false;
        walk_sequence(scan, depth, first, &branch_nullable);
        *nullable = *nullable || branch_nullable;
        if (scan->unsupported || scan->at >= scan->length || scan->pattern[scan->at] != '|')
            return;
        scan->at++;
    }
}

char *regex_start_guard(const char *pattern)
{
    if (!pattern)
        return NULL;
    guard_scan_t *scan = calloc(1, sizeof *scan);
    if (!scan)
        return NULL;
    scan->pattern = pattern;
    scan->length = strlen(pattern);
    bool nullable = false;
    walk_alternation(scan, 0, true, &nullable);
    char *guard = NULL;
    /* A regex that can match nothing at all may start anywhere. */
    if (!scan->unsupported && !nullable && scan->at == scan->length && scan->class_length > 0) {
        guard = malloc(scan->class_length + 8);
        if (guard) {
            memcpy(guard, "(?![^", 5);
            memcpy(guard + 5, scan->class_text, scan->class_length);
            memcpy(guard + 5 + scan->class_length, "])", 3);
        }
    }
    free(scan);
    return guard;
}
