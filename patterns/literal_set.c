/*
 * literal_set.c - a set of literal strings one of which every match of a
 * regex must contain.
 *
 * The matcher uses it as a prefilter (literal_index.c finds where the
 * literals occur, once per document, for all rules at once; matcher.c then
 * lets a rule's regex start only near those places).  Along with the set
 * comes its reach: the most bytes a match can run before the literal starts
 * (so a match starts at most `reach` bytes before a literal's place; where
 * the regex allows any distance, 2 KiB is assumed, far more than a clause,
 * and a digit run \d+ is taken to be at most 32 digits long).
 * The analysis is a
 * small recursive-descent walk over the PCRE2 syntax the rule files use:
 *   - a run of literal characters (UTF-8, escaped punctuation, \n \t) is
 *     the set {run};
 *   - a sequence needs all its parts, so any one part's set will do: the
 *     best one is kept (bounded reach first, then the longest shortest
 *     literal, then the smallest reach, then the fewest literals); its reach
 *     is the most bytes the parts before it can take;
 *   - a group of alternatives needs one branch: the union of the branches'
 *     sets, when every branch has one;
 *   - an atom or group quantified with ? * {0,..} is optional, and
 *     lookarounds consume nothing: they give no set;
 *   - classes, \d \p{..} and the like, `.` and anchors give no set;
 *   - inline options ((?i), (?x) ...), verbs and \Q..\E make the whole
 *     answer "no set", which only costs speed, never a match.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_SET_SIZE = 96, MAX_DEPTH = 64 };

#define UNBOUNDED SIZE_MAX
enum { UNBOUNDED_REACH_LIMIT = 2048, DIGIT_RUN_LIMIT = 32, MIN_LITERAL_BYTES = 3 };

typedef struct {
    const char *pattern;
    size_t length;
    size_t at;
    bool unsupported;
    bool out_of_memory;
} literal_scan_t;

/* What a piece of regex (atom, group, sequence) tells the prefilter. */
typedef struct {
    literal_set_t set; /* count 0: no set */
    size_t reach;      /* bytes from the piece's start to the literal */
    size_t max_length; /* most bytes the piece can match (UNBOUNDED) */
} piece_t;

static size_t add_bounded(size_t a, size_t b)
{
    return a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED - b ? UNBOUNDED : a + b;
}

static size_t multiply_bounded(size_t a, size_t times)
{
    if (a == 0 || times == 0)
        return 0;
    if (a == UNBOUNDED || times == UNBOUNDED || a > UNBOUNDED / times)
        return UNBOUNDED;
    return a * times;
}

void literal_set_free(literal_set_t *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i]);
    free(set->items);
    free(set->lengths);
    set->items = NULL;
    set->lengths = NULL;
    set->count = 0;
}

static size_t shortest(const literal_set_t *set)
{
    size_t minimum = UNBOUNDED;
    for (size_t i = 0; i < set->count; i++)
        if (set->lengths[i] < minimum)
            minimum = set->lengths[i];
    return minimum;
}

/* Is `candidate` a better prefilter than `current` (no set: none yet)? */
static bool better(const piece_t *candidate, const piece_t *current)
{
    if (candidate->set.count == 0)
        return false;
    if (current->set.count == 0)
        return true;
    /* A set with a one- or two-byte literal (a digit, a %) filters nothing. */
    bool candidate_usable = shortest(&candidate->set) >= MIN_LITERAL_BYTES;
    bool current_usable = shortest(&current->set) >= MIN_LITERAL_BYTES;
    if (candidate_usable != current_usable)
        return candidate_usable;
    bool candidate_bounded = candidate->reach != UNBOUNDED;
    bool current_bounded = current->reach != UNBOUNDED;
    if (candidate_bounded != current_bounded)
        return candidate_bounded;
    size_t a = shortest(&candidate->set), b = shortest(&current->set);
    if (a != b)
        return a > b;
    if (candidate->reach != current->reach)
        return candidate->reach < current->reach;
    return candidate->set.count < current->set.count;
}

static bool set_add(literal_scan_t *scan, literal_set_t *set, const char *text, size_t length)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->lengths[i] == length && memcmp(set->items[i], text, length) == 0)
            return true;
    char **items = realloc(set->items, (set->count + 1) * sizeof *items);
    if (items)
        set->items = items;
    size_t *lengths = realloc(set->lengths, (set->count + 1) * sizeof *lengths);
    if (lengths)
        set->lengths = lengths;
    char *copy = items && lengths ? malloc(length + 1) : NULL;
    if (!copy) {
        scan->out_of_memory = true;
        return false;
    }
    memcpy(copy, text, length);
    copy[length] = '\0';
    set->items[set->count] = copy;
    set->lengths[set->count] = length;
    set->count++;
    return true;
}

/* Keeps the candidate's set (reach measured from the sequence start) in
 * *best when it is better; frees the loser. */
static void keep_better(piece_t *best, literal_set_t *set, size_t reach)
{
    piece_t candidate = {*set, reach, 0};
    if (better(&candidate, best)) {
        literal_set_free(&best->set);
        best->set = *set;
        best->reach = reach;
    } else {
        literal_set_free(set);
    }
    memset(set, 0, sizeof *set);
}

static size_t utf8_length(unsigned char lead)
{
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    if ((lead & 0xF8) == 0xF0)
        return 4;
    return 1;
}

/* Reads a quantifier at scan->at, if any: its minimum and maximum count
 * (UNBOUNDED for * + {n,}). */
static bool read_quantifier(literal_scan_t *scan, size_t *minimum, size_t *maximum)
{
    const char *p = scan->pattern;
    size_t at = scan->at;
    if (at >= scan->length)
        return false;
    char c = p[at];
    if (c == '?' || c == '*' || c == '+') {
        *minimum = c == '+' ? 1 : 0;
        *maximum = c == '?' ? 1 : UNBOUNDED;
        at++;
    } else if (c == '{') {
        size_t close = at + 1, low = 0, high = 0;
        bool digits = false, high_digits = false;
        while (close < scan->length && p[close] >= '0' && p[close] <= '9') {
            if (low < 100000)
                low = low * 10 + (size_t)(p[close] - '0');
            digits = true;
            close++;
        }
        if (!digits)
            return false; /* a literal '{' */
        bool comma = close < scan->length && p[close] == ',';
        if (comma)
            close++;
        while (close < scan->length && p[close] >= '0' && p[close] <= '9') {
            if (high < 100000)
                high = high * 10 + (size_t)(p[close] - '0');
            high_digits = true;
            close++;
        }
        if (close >= scan->length || p[close] != '}')
            return false;
        *minimum = low;
        *maximum = !comma ? low : high_digits ? high : UNBOUNDED;
        at = close + 1;
    } else {
        return false;
    }
    if (at < scan->length && (p[at] == '?' || p[at] == '+'))
        at++; /* lazy or possessive */
    scan->at = at;
    return true;
}

static void skip_class(literal_scan_t *scan)
{
    const char *p = scan->pattern;
    size_t at = scan->at + 1;
    if (at < scan->length && p[at] == '^')
        at++;
    if (at < scan->length && p[at] == ']')
        at++;
    while (at < scan->length && p[at] != ']') {
        if (p[at] == '\\' && at + 1 < scan->length) {
            at += 2;
        } else if (p[at] == '[' && at + 1 < scan->length && p[at + 1] == ':') {
            const char *close = strstr(p + at + 2, ":]");
            at = close ? (size_t)(close - p) + 2 : scan->length;
        } else {
            at++;
        }
    }
    if (at >= scan->length)
        scan->unsupported = true;
    scan->at = at + 1;
}

/* Whether the class between `start` ('[') and `end` (']') holds only digits
 * and Chinese numerals ([0-9], [一二三四五六七八九十], \d): a numeral class. */
static bool is_numeral_class(const char *start, const char *end)
{
    static const char *const numerals[] = {"零", "〇", "一", "二", "两", "三", "四", "五", "六",
                                           "七", "八", "九", "十", "百", "千", "万", "亿", "点"};
    const char *p = start + 1;
    if (p < end && *p == '^')
        return false;
    if (p >= end)
        return false;
    while (p < end) {
        if ((*p >= '0' && *p <= '9') || *p == '-') {
            p++;
            continue;
        }
        if (*p == '\\' && p + 1 < end && p[1] == 'd') {
            p += 2;
            continue;
        }
        bool numeral = false;
        for (size_t i = 0; i < sizeof numerals / sizeof *numerals && !numeral; i++) {
            size_t length = strlen(numerals[i]);
            if ((size_t)(end - p) >= length && memcmp(p, numerals[i], length) == 0) {
                p += length;
                numeral = true;
            }
        }
        if (!numeral)
            return false;
    }
    return true;
}

static piece_t parse_alternation(literal_scan_t *scan, int depth);

/* A group at '(': its piece; *consumes is false for lookarounds. */
static piece_t parse_group(literal_scan_t *scan, int depth, bool *consumes)
{
    piece_t none = {{0}, UNBOUNDED, UNBOUNDED};
    const char *p = scan->pattern;
    *consumes = true;
    scan->at++;
    if (scan->at < scan->length && p[scan->at] == '*') {
        scan->unsupported = true; /* (*VERB) */
        return none;
    }
    if (scan->at < scan->length && p[scan->at] == '?') {
        const char *rest = p + scan->at;
        size_t left = scan->length - scan->at;
        if (left >= 2 && (rest[1] == ':' || rest[1] == '>')) {
            scan->at += 2;
        } else if (left >= 3 && rest[1] == '<' && (rest[2] == '=' || rest[2] == '!')) {
            scan->at += 3;
            *consumes = false;
        } else if (left >= 2 && (rest[1] == '=' || rest[1] == '!')) {
            scan->at += 2;
            *consumes = false;
        } else if (left >= 3 &&
                   (rest[1] == '<' || rest[1] == '\'' || (rest[1] == 'P' && rest[2] == '<'))) {
            size_t name_end = scan->at + 2;
            while (name_end < scan->length && p[name_end] != '>' && p[name_end] != '\'')
                name_end++;
            scan->at = name_end + 1;
        } else {
            /* Inline options: (?m) (?J) (?s) change nothing a literal
             * depends on; (?i) and (?x) do, and are beyond the analysis,
             * like branch resets, conditionals and recursion. */
            size_t letters = scan->at + 1;
            while (letters < scan->length &&
                   ((p[letters] >= 'a' && p[letters] <= 'z') ||
                    (p[letters] >= 'A' && p[letters] <= 'Z') || p[letters] == '-'))
                letters++;
            bool harmless = letters > scan->at + 1 && letters < scan->length &&
                            (p[letters] == ')' || p[letters] == ':');
            for (size_t i = scan->at + 1; harmless && i < letters; i++)
                if (!strchr("msJUn-", p[i]))
                    harmless = false;
            if (!harmless) {
                scan->unsupported = true;
                return none;
            }
            scan->at = letters + 1;
            if (p[letters] == ')') {
                *consumes = false; /* an option setting: zero width */
                piece_t zero = {{0}, 0, 0};
                return zero;
            }
        }
    }
    piece_t content = parse_alternation(scan, depth + 1);
    if (scan->at >= scan->length || p[scan->at] != ')') {
        scan->unsupported = true;
        literal_set_free(&content.set);
        return none;
    }
    scan->at++;
    return content;
}

/* A sequence of atoms up to '|' or ')' or the end: the best set of any of
 * its required parts, its reach from the sequence start, and the most
 * bytes the sequence can take. */
static piece_t parse_sequence(literal_scan_t *scan, int depth)
{
    piece_t best = {{0}, UNBOUNDED, 0};
    const char *p = scan->pattern;
    char *run = malloc(scan->length + 1);
    size_t run_length = 0;
    size_t run_offset = 0; /* most bytes before the run starts */
    size_t offset = 0;     /* most bytes taken so far */
    if (!run) {
        scan->out_of_memory = true;
        return best;
    }
#define FLUSH_RUN()                                                                                \
    do {                                                                                           \
        if (run_length > 0) {                                                                      \
            literal_set_t single = {0};                                                            \
            set_add(scan, &single, run, run_length);                                               \
            keep_better(&best, &single, run_offset);                                               \
            run_length = 0;                                                                        \
        }                                                                                          \
    } while (0)

    while (scan->at < scan->length && !scan->unsupported && !scan->out_of_memory) {
        char c = p[scan->at];
        if (c == '|' || c == ')')
            break;
        size_t minimum = 1, maximum = 1;
        if (c == '(') {
            FLUSH_RUN();
            bool consumes = true;
            piece_t group = parse_group(scan, depth, &consumes);
            bool quantified = read_quantifier(scan, &minimum, &maximum);
            if (!quantified)
                minimum = maximum = 1;
            if (!consumes) {
                literal_set_free(&group.set);
                continue; /* zero width */
            }
            if (minimum == 0)
                literal_set_free(&group.set);
            else
                keep_better(&best, &group.set, add_bounded(offset, group.reach));
            offset = add_bounded(offset, multiply_bounded(group.max_length, maximum));
            continue;
        }
        char literal[4];
        size_t literal_length = 0;
        size_t atom_length = 4; /* a non-literal atom matches one character */
        bool digit_atom = false;
        if (c == '\\') {
            if (scan->at + 1 >= scan->length) {
                scan->unsupported = true;
                break;
            }
            char e = p[scan->at + 1];
            scan->at += 2;
            digit_atom = e == 'd';
            if (e == 'n' || e == 't' || e == 'r') {
                literal[0] = e == 'n' ? '\n' : e == 't' ? '\t' : '\r';
                literal_length = 1;
            } else if (e == 'Q' || e == 'E' || e == 'R' || e == 'X') {
                scan->unsupported = true; /* quoting, newline and grapheme sequences */
                break;
            } else if (e == 'g' || e == 'k' || (e >= '1' && e <= '9')) {
                /* A backreference: no literal, any length. */
                if (scan->at < scan->length && strchr("<{'", p[scan->at])) {
                    char close = p[scan->at] == '<' ? '>' : p[scan->at] == '{' ? '}' : '\'';
                    while (scan->at < scan->length && p[scan->at] != close)
                        scan->at++;
                    scan->at++;
                } else {
                    while (scan->at < scan->length && p[scan->at] >= '0' && p[scan->at] <= '9')
                        scan->at++;
                }
                atom_length = UNBOUNDED;
            } else if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G' ||
                       e == 'K') {
                atom_length = 0; /* assertions */
            } else if (strchr("pPxo", e) && scan->at < scan->length && p[scan->at] == '{') {
                while (scan->at < scan->length && p[scan->at] != '}')
                    scan->at++;
                scan->at++;
            } else if ((unsigned char)e < 0x80 &&
                       !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                         (e >= '0' && e <= '9'))) {
                literal[0] = e;
                literal_length = 1;
            }
        } else if (c == '[') {
            size_t class_start = scan->at;
            skip_class(scan);
            digit_atom = !scan->unsupported && scan->at <= scan->length &&
                         is_numeral_class(p + class_start, p + scan->at - 1);
        } else if (c == '.') {
            scan->at++;
        } else if (c == '^' || c == '$') {
            scan->at++;
            atom_length = 0;
        } else {
            literal_length = utf8_length((unsigned char)c);
            if (scan->at + literal_length > scan->length) {
                scan->unsupported = true;
                break;
            }
            memcpy(literal, p + scan->at, literal_length);
            scan->at += literal_length;
        }
        if (literal_length > 0)
            atom_length = literal_length;
        bool quantified = read_quantifier(scan, &minimum, &maximum);
        if (!quantified)
            minimum = maximum = 1;
        /* A run of digits or numerals (\d+, [一二三四五六七八九十]+) is taken to
         * be at most DIGIT_RUN_LIMIT characters: no stated figure, list number
         * or year is longer, and it keeps "(\d+)、name项目"-style rules
         * filterable. */
        if (digit_atom && maximum == UNBOUNDED)
            maximum = DIGIT_RUN_LIMIT;
        if (literal_length == 0 || minimum == 0) {
            FLUSH_RUN();
        } else {
            if (run_length == 0)
                run_offset = offset;
            memcpy(run + run_length, literal, literal_length);
            run_length += literal_length;
        }
        offset = add_bounded(offset, multiply_bounded(atom_length, maximum));
        if (quantified && maximum != 1)
            FLUSH_RUN(); /* a repeated literal: what follows is not adjacent */
    }
    FLUSH_RUN();
#undef FLUSH_RUN
    free(run);
    best.max_length = offset;
    return best;
}

/* Alternatives: the union of the branches' sets (reach: the largest), or
 * none when one branch has none or the union is too large to filter. */
static piece_t parse_alternation(literal_scan_t *scan, int depth)
{
    piece_t result = {{0}, 0, 0};
    if (depth > MAX_DEPTH) {
        scan->unsupported = true;
        return result;
    }
    bool every_branch_has_a_set = true;
    for (;;) {
        piece_t branch = parse_sequence(scan, depth);
        if (branch.set.count == 0)
            every_branch_has_a_set = false;
        for (size_t i = 0; every_branch_has_a_set && i < branch.set.count; i++)
            set_add(scan, &result.set, branch.set.items[i], branch.set.lengths[i]);
        if (branch.reach > result.reach)
            result.reach = branch.reach;
        if (branch.max_length > result.max_length)
            result.max_length = branch.max_length;
        literal_set_free(&branch.set);
        if (scan->unsupported || scan->out_of_memory || scan->at >= scan->length ||
            scan->pattern[scan->at] != '|')
            break;
        scan->at++; /* next alternative */
    }
    if (!every_branch_has_a_set || result.set.count > MAX_SET_SIZE) {
        literal_set_free(&result.set);
        result.reach = UNBOUNDED;
    }
    return result;
}

int regex_literal_set(const char *pattern, literal_set_t *set, size_t *reach)
{
    memset(set, 0, sizeof *set);
    *reach = 0;
    if (!pattern)
        return 0;
    literal_scan_t scan = {.pattern = pattern, .length = strlen(pattern)};
    piece_t result = parse_alternation(&scan, 0);
    if (scan.out_of_memory) {
        literal_set_free(&result.set);
        return -1;
    }
    /* Unparsed text or a literal so short it is everywhere: no filter. */
    if (scan.unsupported || scan.at != scan.length || result.set.count == 0 ||
        shortest(&result.set) < MIN_LITERAL_BYTES)
        literal_set_free(&result.set);
    /* A match that may in theory start any distance before its literal
     * (\d+ numbering, [^。]*? spans) is taken to start within
     * UNBOUNDED_REACH_LIMIT bytes of it: longer than any clause a rule
     * reads. */
    if (result.reach > UNBOUNDED_REACH_LIMIT)
        result.reach = UNBOUNDED_REACH_LIMIT;
    *set = result.set;
    *reach = result.set.count ? result.reach : 0;
    return 0;
}
