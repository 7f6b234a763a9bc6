/*
 * line_kind.c - classification of cleaned lines (see line_kind.h).
 */
#include "line_kind.h"

#include <string.h>

#include "byte_scan.h"
#include "line_clean.h"
#include "utf8.h"

typedef struct {
    const char *text;
    size_t length;
    size_t position;
} cursor_t;

static bool at_end(const cursor_t *cursor)
{
    return cursor->position >= cursor->length;
}

static unsigned int peek(const cursor_t *cursor, size_t *count)
{
    unsigned int cp = 0;
    *count = 0;
    if (at_end(cursor))
        return 0;
    *count = utf8_decode(cursor->text + cursor->position, cursor->length - cursor->position, &cp);
    if (*count == 0) {
        *count = 1;
        return 0xFFFD;
    }
    return cp;
}

/* Takes `literal` (NUL-terminated) when the text goes on with it.  Compared
 * byte by byte: most attempts fail on the first byte. */
static bool take_literal(cursor_t *cursor, const char *literal)
{
    const char *at = cursor->text + cursor->position;
    size_t left = cursor->length - cursor->position;
    size_t size = 0;
    for (; literal[size] != '\0'; size++)
        if (size >= left || at[size] != literal[size])
            return false;
    cursor->position += size;
    return true;
}

static void skip_spaces(cursor_t *cursor)
{
    while (!at_end(cursor) && cursor->text[cursor->position] == ' ')
        cursor->position++;
}

/* Takes 1..max_digits ASCII digits; stores their value. */
static bool take_digits(cursor_t *cursor, size_t max_digits, long *value)
{
    size_t digits = 0;
    long number = 0;
    while (!at_end(cursor) && cursor->text[cursor->position] >= '0' &&
           cursor->text[cursor->position] <= '9') {
        if (digits == max_digits)
            return false;
        number = number * 10 + (cursor->text[cursor->position] - '0');
        digits++;
        cursor->position++;
    }
    if (value)
        *value = number;
    return digits > 0;
}

/* 一二三四五六七八九十百零〇两 */
static bool is_chinese_numeral(unsigned int cp)
{
    switch (cp) {
    case 0x4E00:
    case 0x4E8C:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94:
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D:
    case 0x5341:
    case 0x767E:
    case 0x96F6:
    case 0x3007:
    case 0x4E24:
        return true;
    default:
        return false;
    }
}

/* Takes 1..4 Chinese numerals. */
static bool take_chinese_numerals(cursor_t *cursor)
{
    size_t taken = 0;
    size_t count = 0;
    while (taken < 5 && is_chinese_numeral(peek(cursor, &count))) {
        cursor->position += count;
        taken++;
    }
    return taken > 0 && taken <= 4;
}

static bool next_is_digit(const cursor_t *cursor)
{
    return !at_end(cursor) && cursor->text[cursor->position] >= '0' &&
           cursor->text[cursor->position] <= '9';
}

static int marker_level_at_start(const char *text, size_t length, size_t *end);

/* Records where a recognised marker ends and returns its level. */
static int marker_found(const cursor_t *cursor, size_t *end, int level)
{
    *end = cursor->position;
    return level;
}

/* Level of the marker at the start of the line: 1-4, 0 for a level-less
 * marker, -1 for none.  *end is set to the byte after the marker. */
static int marker_at_start(const char *text, size_t length, size_t *end)
{
    int level = marker_level_at_start(text, length, end);
    if (level < 0)
        *end = 0;
    return level;
}

static int marker_level_at_start(const char *text, size_t length, size_t *end)
{
    cursor_t c = {text, length, 0};
    if (take_literal(&c, "第")) {
        if ((take_chinese_numerals(&c) || take_digits(&c, 3, NULL)) && take_literal(&c, "部分"))
            return marker_found(&c, end, 1);
        return -1;
    }
    c.position = 0;
    if (take_chinese_numerals(&c)) {
        if (take_literal(&c, "、"))
            return marker_found(&c, end, 2);
        if (take_literal(&c, ".") && !next_is_digit(&c))
            return marker_found(&c, end, 2);
        return -1;
    }
    c.position = 0;
    if (take_literal(&c, "(")) {
        size_t start = c.position;
        if (take_chinese_numerals(&c) && take_literal(&c, ")"))
            return marker_found(&c, end, 3);
        c.position = start;
        if (take_digits(&c, 3, NULL) && take_literal(&c, ")"))
            return marker_found(&c, end, 4);
        return -1;
    }
    c.position = 0;
    if (take_digits(&c, 3, NULL)) {
        if (take_literal(&c, "、") || take_literal(&c, ")"))
            return marker_found(&c, end, 4);
        if (take_literal(&c, ".") && !next_is_digit(&c) && !at_end(&c))
            return marker_found(&c, end, 4);
        return -1;
    }
    c.position = 0;
    if (length >= 2 && ((text[0] >= 'A' && text[0] <= 'Z') || (text[0] >= 'a' && text[0] <= 'z'))) {
        c.position = 1;
        if (take_literal(&c, "、"))
            return marker_found(&c, end, 0);
        if (take_literal(&c, ".") && !at_end(&c) &&
            !((text[2] >= 'A' && text[2] <= 'Z') || (text[2] >= 'a' && text[2] <= 'z')))
            return marker_found(&c, end, 0);
        return -1;
    }
    static const char *const captions[] = {"图", "表", "附件", "附表"};
    for (size_t i = 0; i < sizeof captions / sizeof captions[0]; i++) {
        c.position = 0;
        if (take_literal(&c, captions[i])) {
            skip_spaces(&c);
            if (next_is_digit(&c))
                return marker_found(&c, end, 0);
        }
    }
    return -1;
}

static bool take_dash(cursor_t *cursor)
{
    return take_literal(cursor, "-") || take_literal(cursor, "—") || take_literal(cursor, "–") ||
           take_literal(cursor, "一");
}

static page_number_kind_t page_number_at(const char *text, size_t length, long *value)
{
    cursor_t c = {text, length, 0};
    if (take_digits(&c, 4, value)) {
        if (at_end(&c))
            return PAGE_NUMBER_BARE;
        skip_spaces(&c);
        long total = 0;
        if (take_literal(&c, "/")) {
            skip_spaces(&c);
            /* "3/25" may also be a fraction in a table: placed like a bare number */
            if (take_digits(&c, 4, &total) && at_end(&c) && *value <= total)
                return PAGE_NUMBER_BARE;
        }
        return PAGE_NUMBER_NONE;
    }
    c.position = 0;
    if (take_dash(&c)) {
        skip_spaces(&c);
        if (take_digits(&c, 4, value)) {
            skip_spaces(&c);
            if (take_dash(&c) && at_end(&c))
                return PAGE_NUMBER_DECORATED;
        }
        return PAGE_NUMBER_NONE;
    }
    c.position = 0;
    if (take_literal(&c, "第") && take_digits(&c, 4, value) && take_literal(&c, "页")) {
        if (at_end(&c))
            return PAGE_NUMBER_DECORATED;
        if (!take_literal(&c, "/"))
            (void)take_literal(&c, ",");
        if (take_literal(&c, "共") && take_digits(&c, 4, NULL) && take_literal(&c, "页") &&
            at_end(&c))
            return PAGE_NUMBER_DECORATED;
        return PAGE_NUMBER_NONE;
    }
    c.position = 0;
    if (take_literal(&c, "Page") || take_literal(&c, "page")) {
        skip_spaces(&c);
        if (take_digits(&c, 4, value)) {
            skip_spaces(&c);
            if (at_end(&c))
                return PAGE_NUMBER_DECORATED;
            if (take_literal(&c, "of")) {
                skip_spaces(&c);
                if (take_digits(&c, 4, NULL) && at_end(&c))
                    return PAGE_NUMBER_DECORATED;
            }
        }
    }
    return PAGE_NUMBER_NONE;
}

static bool is_number_only(const char *text, size_t length)
{
    size_t i = 0;
    if (i < length && (text[i] == '-' || text[i] == '+'))
        i++;
    size_t digits = 0;
    bool point = false;
    for (; i < length; i++) {
        if (text[i] >= '0' && text[i] <= '9')
            digits++;
        else if (text[i] == '.' && !point && digits > 0)
            point = true;
        else
            return false;
    }
    return digits > 0 && text[length - 1] != '.';
}

static bool is_sentence_end(unsigned int cp)
{
    return cp == 0x3002 /* 。 */ || cp == '!' || cp == '?' || cp == ';' || cp == 0x2026 /* … */;
}

static bool is_closer(unsigned int cp)
{
    return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 ||
           cp == 0x300D || cp == 0x300F || cp == 0x3011 || cp == 0x300B || cp == 0x3015;
}

static bool is_mid_clause_word(unsigned int cp)
{
    switch (cp) {
    case 0x4E3A: /* 为 */
    case 0x662F: /* 是 */
    case 0x7684: /* 的 */
    case 0x548C: /* 和 */
    case 0x53CA: /* 及 */
    case 0x4E0E: /* 与 */
    case 0x6216: /* 或 */
    case 0x6BD4: /* 比 */
    case 0x8F83: /* 较 */
    case 0x5360: /* 占 */
    case 0x8FBE: /* 达 */
    case 0x5171: /* 共 */
    case 0x5BF9: /* 对 */
    case 0x5C06: /* 将 */
    case 0x4ECE: /* 从 */
    case 0x6309: /* 按 */
        return true;
    default:
        return false;
    }
}

/* Whether clause punctuation (, ; : ! ? 。) that is not the last
 * character starts at text[i]. */
static inline bool is_inner_clause_punctuation(const char *text, size_t length, size_t i)
{
    unsigned char byte = (unsigned char)text[i];
    if (byte == ',' || byte == ';' || byte == ':' || byte == '!' || byte == '?')
        return i + 1 < length;
    return byte == 0xE3 && i + 3 < length && (unsigned char)text[i + 1] == 0x80 &&
           (unsigned char)text[i + 2] == 0x82; /* 。 */
}

/* Whether `word` (eight bytes of a line) holds a byte that can start
 * clause punctuation: , ; : ! ? or 0xE3 (the lead byte of 。). */
static inline bool may_hold_clause_punctuation(uint64_t word)
{
    return (byte_scan_equal(word, ',') | byte_scan_equal(word | BYTE_SCAN_ONES, ';') /* ; : */ |
            byte_scan_equal(word, '!') | byte_scan_equal(word, '?') |
            byte_scan_equal(word, 0xE3)) != 0;
}

/* One pass over the line for its counts (byte_scan.h: a lead byte of a
 * three- or four-byte sequence is a CJK or full-width character) and for
 * clause punctuation that is not the last character.  Only lead bytes can
 * start clause punctuation, and , ; : ! ? are single bytes, so a byte scan
 * finds it; words without a candidate byte are passed over whole.  No
 * marker (line_kind.h) holds clause punctuation, so the whole line is
 * searched, the marker too. */
static void scan_characters(const char *text, size_t length, line_counts_t *counts)
{
    size_t continuation = 0;
    size_t wide = 0;
    bool clause = false;
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word = byte_scan_load(text + i);
        byte_scan_count_word(word, &continuation, &wide);
        if (clause || !may_hold_clause_punctuation(word))
            continue;
        for (size_t k = 0; k < 8 && !clause; k++)
            clause = is_inner_clause_punctuation(text, length, i + k);
    }
    for (; i < length; i++) {
        byte_scan_count_byte((unsigned char)text[i], &continuation, &wide);
        if (!clause)
            clause = is_inner_clause_punctuation(text, length, i);
    }
    counts->characters = length - continuation;
    counts->wide = wide;
    counts->has_clause_punctuation = clause;
}

/* Whether the last character (at or after `from`) is 、 , or :.  "Last"
 * goes by lead bytes as the counts do: every lead byte whose sequence
 * would reach the end counts, and the final one decides. */
static bool ends_with_continuation_mark(const char *text, size_t length, size_t from)
{
    bool continuation = false;
    size_t start = length > 4 ? length - 4 : 0; /* no sequence is longer */
    if (start < from)
        start = from;
    for (size_t i = start; i < length; i++) {
        unsigned char byte = (unsigned char)text[i];
        if ((byte & 0xC0) == 0x80)
            continue;
        size_t sequence = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
        if (i + sequence < length)
            continue;
        bool enumeration = byte == 0xE3 && i + 2 < length && (unsigned char)text[i + 1] == 0x80 &&
                           (unsigned char)text[i + 2] == 0x81; /* 、 */
        continuation = enumeration || byte == ',' || byte == ':';
    }
    return continuation;
}

void line_kind_classify(const char *text, size_t length, line_kind_t *kind)
{
    line_counts_t counts;
    scan_characters(text, length, &counts);
    line_kind_classify_counted(text, length, &counts, kind);
}

/* Whether a line that starts with `first` can start with a marker: every
 * way marker_level_at_start reads one begins with one of these. */
static bool may_start_marker(unsigned int first)
{
    if (first < 0x80)
        return first == '(' || (first >= '0' && first <= '9') || (first >= 'A' && first <= 'Z') ||
               (first >= 'a' && first <= 'z');
    return first == 0x7B2C /* 第 */ || is_chinese_numeral(first) || first == 0x56FE /* 图 */ ||
           first == 0x8868 /* 表 */ || first == 0x9644 /* 附 */;
}

/* Whether a line that starts with `first` can be a page number: every way
 * page_number_at reads one begins with a digit, a dash, 第 or P/p. */
static bool may_start_page_number(unsigned int first)
{
    return (first >= '0' && first <= '9') || first == '-' || first == 0x2014 /* — */ ||
           first == 0x2013 /* – */ || first == 0x4E00 /* 一 */ || first == 0x7B2C /* 第 */ ||
           first == 'P' || first == 'p';
}

void line_kind_classify_counted(const char *text, size_t length, const line_counts_t *counts,
                                line_kind_t *kind)
{
    memset(kind, 0, sizeof *kind);
    /* Most lines start with a character no marker or page number starts
     * with; those skip the readers below.  A line that does not start with
     * valid UTF-8 is read in full. */
    unsigned int first_character = 0;
    bool first_known = length > 0 && utf8_decode(text, length, &first_character) > 0;
    size_t marker_end = 0;
    int level = -1;
    if (!first_known || may_start_marker(first_character))
        level = marker_at_start(text, length, &marker_end);
    kind->starts_item = level >= 0;
    kind->marker_level = level > 0 ? level : 0;
    kind->characters = (unsigned int)counts->characters;
    kind->width = (unsigned int)(counts->characters + counts->wide);
    kind->has_clause_punctuation = counts->has_clause_punctuation;
    kind->ends_with_continuation = ends_with_continuation_mark(text, length, marker_end);
    kind->number_only = length > 0 && is_number_only(text, length);
    if (!first_known || may_start_page_number(first_character))
        kind->page_number = page_number_at(text, length, &kind->page_number_value);

    /* Sentence end: look through closing brackets and quotes. */
    size_t end = length;
    unsigned int last = 0;
    bool first = true;
    while (end > 0) {
        unsigned int cp = 0;
        size_t count = utf8_decode_last(text, end, &cp);
        if (first) {
            kind->ends_with_close_paren = cp == ')';
            first = false;
        }
        if (!is_closer(cp)) {
            last = cp;
            if (cp == '.') {
                unsigned int before = 0;
                if (end - count > 0)
                    utf8_decode_last(text, end - count, &before);
                kind->ends_sentence = !(before >= '0' && before <= '9');
            } else {
                kind->ends_sentence = is_sentence_end(last);
            }
            break;
        }
        end -= count;
    }
    /* A line that stops on a word no title or caption ends with (为, 是,
     * 的, 和 ...) stops mid-clause: "…机关运行经费预算为" runs on into its
     * amount on the next line. */
    if (last && is_mid_clause_word(last))
        kind->ends_with_continuation = true;
}

bool line_kind_is_heading_like(const line_kind_t *kind, unsigned int max_characters)
{
    return kind->starts_item && kind->characters <= max_characters &&
           !kind->has_clause_punctuation && !kind->ends_with_continuation;
}
