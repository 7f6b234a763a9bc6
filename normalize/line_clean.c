/*
 * line_clean.c - whitespace, Markdown marks and thousands separators of one
 * folded line (see line_clean.h); for the common line, folding and cleaning
 * in a single pass.  The writer counts what it writes for classification,
 * and the single pass measures the raw line's layout width, so that
 * neither needs another pass over the line.
 */
#include "line_clean.h"

#include <stdint.h>
#include <string.h>

#include "unicode_fold.h"
#include "utf8.h"

static inline bool is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool line_clean_is_wide(unsigned int cp)
{
    return cp >= 0x2E80 || (cp >= 0x2010 && cp <= 0x2027) || cp == 0x00B7;
}

/* ASCII punctuation that was full-width before folding in Chinese text
 * ("（类） 16.14" -> "(类)16.14") or hugs its number ("0 %" -> "0%"). */
static inline bool is_tight_punctuation(unsigned int cp)
{
    return cp == '(' || cp == ')' || cp == ',' || cp == ':' || cp == ';' || cp == '%';
}

static inline bool is_whitespace(unsigned int cp)
{
    if (cp < 0x7F)
        return cp <= 0x20; /* the common case first: ASCII */
    return cp == 0x7F || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

/* Whether text[i] starts a valid three-byte sequence for U+4000..U+9FFF
 * (lead bytes E4..E9, nearly all CJK ideographs), checked without a full
 * decode. */
static inline bool is_unified_ideograph_at(const char *text, size_t length, size_t i)
{
    if (length - i < 3) /* i <= length */
        return false;
    unsigned char byte = (unsigned char)text[i];
    return byte >= 0xE4 && byte <= 0xE9 && ((unsigned char)text[i + 1] & 0xC0) == 0x80 &&
           ((unsigned char)text[i + 2] & 0xC0) == 0x80;
}

/* Decodes at text[i]; invalid bytes (cannot happen after folding, but the
 * function is public) read as one U+FFFD. */
static inline size_t decode_at(const char *text, size_t length, size_t i, unsigned int *cp)
{
    size_t count = utf8_decode(text + i, length - i, cp);
    if (count == 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return count;
}

/* Length of a Markdown heading mark or list bullet (with its spaces) at
 * the start of text, 0 when there is none. */
static size_t markdown_prefix_length(const char *text, size_t length, bool *heading)
{
    size_t i = 0;
    *heading = false;
    if (length > 0 && text[0] == '#') {
        while (i < length && i < 6 && text[i] == '#')
            i++;
        if (i < length && (text[i] == ' ' || text[i] == '\t')) {
            *heading = true;
            while (i < length && (text[i] == ' ' || text[i] == '\t'))
                i++;
            return i;
        }
        return 0;
    }
    size_t bullet = 0;
    if (length > 0 && (text[0] == '-' || text[0] == '*' || text[0] == '+'))
        bullet = 1;
    else if (length >= 3 && (unsigned char)text[0] == 0xE2 && (unsigned char)text[1] == 0x80 &&
             (unsigned char)text[2] == 0xA2)
        bullet = 3; /* • */
    if (bullet == 0 || bullet >= length || (text[bullet] != ' ' && text[bullet] != '\t'))
        return 0;
    i = bullet;
    while (i < length && (text[i] == ' ' || text[i] == '\t'))
        i++;
    /* "- 2 -" is a page number, not a bullet. */
    if (i < length && is_ascii_digit(text[i]))
        return 0;
    return i;
}

/* The writing end of the main cleaning loop: code points go in one at a
 * time, already folded, after the leading whitespace and Markdown mark. */
typedef struct {
    char *write;
    unsigned int previous; /* last code point written, 0 at line start */
    bool pending_space;    /* whitespace since `previous` */
    bool digit_comma;      /* wrote a comma right after a digit: without one
                              there is no thousands separator */
    /* counts for line_counts_t */
    size_t continuation; /* 10xxxxxx bytes written */
    size_t wide;         /* three- and four-byte characters written */
    size_t clause_marks; /* , ; : ! ? and 。 written */
} clean_writer_t;

/* , ; : ! ? -- all below 64, so one bit each of a mask. */
#define CLAUSE_MARK_BITS                                                                           \
    ((1ull << ',') | (1ull << ';') | (1ull << ':') | (1ull << '!') | (1ull << '?'))

static inline size_t is_ascii_clause_mark(unsigned char byte)
{
    return byte < 64 ? (size_t)((CLAUSE_MARK_BITS >> byte) & 1) : 0;
}

/* Takes code point `cp`, whose UTF-8 form is bytes[0..count). */
static inline void clean_put(clean_writer_t *writer, unsigned int cp, const char *bytes,
                             size_t count)
{
    if (is_whitespace(cp)) {
        writer->pending_space = writer->previous != 0;
        return;
    }
    if (writer->pending_space) {
        bool drop = line_clean_is_wide(writer->previous) || line_clean_is_wide(cp) ||
                    is_tight_punctuation(writer->previous) || is_tight_punctuation(cp);
        if (!drop)
            *writer->write++ = ' ';
        writer->pending_space = false;
    }
    if (count == 1) {
        writer->digit_comma = writer->digit_comma ||
                              (cp == ',' && writer->previous >= '0' && writer->previous <= '9');
        writer->clause_marks += is_ascii_clause_mark((unsigned char)cp);
        *writer->write++ = (char)cp;
    } else { /* 2 to 4 bytes: no memcpy call for so few */
        writer->continuation += count - 1;
        writer->wide += count >= 3;
        writer->clause_marks += cp == 0x3002; /* 。 */
        writer->write[0] = bytes[0];
        writer->write[1] = bytes[1];
        if (count > 2)
            writer->write[2] = bytes[2];
        if (count > 3)
            writer->write[3] = bytes[3];
        writer->write += count;
    }
    writer->previous = cp;
}

/* Takes an ASCII character: clean_put made cheap for the common case. */
static inline void clean_put_ascii(clean_writer_t *writer, unsigned char byte)
{
    if (byte <= 0x20 || byte == 0x7F) {
        writer->pending_space = writer->previous != 0;
        return;
    }
    if (writer->pending_space) {
        /* an ASCII character is never wide */
        bool drop = line_clean_is_wide(writer->previous) ||
                    is_tight_punctuation(writer->previous) || is_tight_punctuation(byte);
        if (!drop)
            *writer->write++ = ' ';
        writer->pending_space = false;
    }
    writer->digit_comma =
        writer->digit_comma || (byte == ',' && writer->previous >= '0' && writer->previous <= '9');
    writer->clause_marks += is_ascii_clause_mark(byte);
    *writer->write++ = (char)byte;
    writer->previous = byte;
}

/* Takes the three-byte characters bytes[0..count) (lead bytes E4..E9):
 * never whitespace, and wide (>= U+2E80), so a pending space before them
 * is dropped.  Most of the text goes this way. */
static inline void clean_put_ideographs(clean_writer_t *writer, const char *bytes, size_t count)
{
    writer->pending_space = false;
    memcpy(writer->write, bytes, count);
    writer->write += count;
    writer->continuation += count / 3 * 2;
    writer->wide += count / 3;
    const char *last = bytes + count - 3;
    writer->previous = ((unsigned int)((unsigned char)last[0] & 0x0F) << 12) |
                       ((unsigned int)((unsigned char)last[1] & 0x3F) << 6) |
                       ((unsigned char)last[2] & 0x3F);
}

/* Ends the line begun at out->data + start: thousands separators go.
 * Gives the line's counts when `counts` is not NULL (see line_clean). */
static void clean_finish(const clean_writer_t *writer, text_buffer_t *out, size_t start,
                         line_counts_t *counts, bool *counts_known)
{
    char *line = out->data + start;
    size_t written = (size_t)(writer->write - line);
    if (writer->digit_comma) {
        size_t kept = line_clean_remove_thousands_separators(line, written);
        if (kept != written && counts) {
            *counts_known = false; /* commas went: the clause marks are not known */
            counts = NULL;
        }
        written = kept;
    }
    out->length = start + written;
    if (!counts)
        return;
    /* Clause punctuation counts when it is not the last character; the
     * only one written may be. */
    bool ends_with_mark =
        written > 0 && (is_ascii_clause_mark((unsigned char)line[written - 1]) ||
                        (written >= 3 && memcmp(line + written - 3, "\xE3\x80\x82", 3) == 0));
    counts->characters = written - writer->continuation;
    counts->wide = writer->wide;
    counts->has_clause_punctuation =
        writer->clause_marks > 1 || (writer->clause_marks == 1 && !ends_with_mark);
    *counts_known = true;
}

int line_clean(const char *text, size_t length, text_buffer_t *out, bool *markdown_heading,
               line_counts_t *counts, bool *counts_known)
{
    size_t start = out->length;
    /* Output never exceeds input, except that an invalid byte becomes the
     * three bytes of U+FFFD. */
    if (length > SIZE_MAX / 4 || text_buffer_reserve(out, length * 3) != 0)
        return -1;
    size_t i = 0;
    unsigned int cp = 0;
    while (i < length) {
        size_t count = decode_at(text, length, i, &cp);
        if (!is_whitespace(cp))
            break;
        i += count;
    }
    i += markdown_prefix_length(text + i, length - i, markdown_heading);

    clean_writer_t writer = {.write = out->data + out->length};
    while (i < length) {
        unsigned char byte = (unsigned char)text[i];
        if (is_unified_ideograph_at(text, length, i)) {
            clean_put_ideographs(&writer, text + i, 3);
            i += 3;
        } else if (byte < 0x80) {
            clean_put_ascii(&writer, byte);
            i++;
        } else {
            size_t count = utf8_decode(text + i, length - i, &cp);
            if (count == 0) {
                clean_put(&writer, 0xFFFD, "\xEF\xBF\xBD", 3); /* one invalid byte */
                i++;
            } else {
                clean_put(&writer, cp, text + i, count);
                i += count;
            }
        }
    }
    clean_finish(&writer, out, start, counts, counts_known);
    return 0;
}

/* End of the run of CJK ideographs that folding keeps starting at raw[i]
 * (i itself when there is none): three-byte sequences with lead bytes
 * E4..E9, except U+4DC0..U+4DFF (E4 B7 xx), which the fold's fast path
 * leaves to ICU. */
static size_t kept_ideograph_run_end(const char *raw, size_t length, size_t i)
{
    while (is_unified_ideograph_at(raw, length, i) &&
           !((unsigned char)raw[i] == 0xE4 && (unsigned char)raw[i + 1] == 0xB7))
        i += 3;
    return i;
}

/* The first code point of the folded form of the fast-path character
 * cp (0 when it needs ICU). */
static unsigned int folded_first(unsigned int cp)
{
    unsigned int replacement = 0;
    switch (unicode_fold_fast_kind(cp, &replacement)) {
    case FOLD_FAST_KEEP:
        return cp;
    case FOLD_FAST_REPLACE:
        return replacement;
    case FOLD_FAST_CIRCLED:
        return '(';
    case FOLD_FAST_NEEDS_ICU:
        break;
    }
    return 0;
}

/* Where the folded line's first non-whitespace character comes from, or
 * `length` when it is blank.  Returns 0, or 1 when the line needs the two
 * steps: it could start with a Markdown mark once folded (# - * + •,
 * full-width forms among them), or a character there needs ICU. */
static int skip_leading_whitespace(const char *raw, size_t length, size_t *first)
{
    size_t i = 0;
    for (;;) {
        while (i < length && ((unsigned char)raw[i] <= 0x20 || raw[i] == 0x7F))
            i++; /* ASCII whitespace: folding keeps it, cleaning drops it */
        *first = i;
        if (i == length || is_unified_ideograph_at(raw, length, i))
            return 0;
        unsigned int cp = 0;
        size_t count = utf8_decode(raw + i, length - i, &cp);
        unsigned int folded = count == 0 ? 0 : cp < 0x80 ? cp : folded_first(cp);
        if (folded == 0 || folded == '#' || folded == '-' || folded == '*' || folded == '+' ||
            folded == 0x2022 /* • */)
            return 1;
        if (folded != ' ')
            return 0;
        i += count; /* U+3000 or NBSP */
    }
}

/* Display columns of raw[from..to): a character of three or four bytes
 * (lead byte >= 0xE0) takes 2, any other 1, a 10xxxxxx byte none. */
static size_t raw_columns(const char *raw, size_t from, size_t to)
{
    size_t columns = 0;
    for (size_t i = from; i < to; i++) {
        unsigned char byte = (unsigned char)raw[i];
        columns += (byte & 0xC0) != 0x80;
        columns += byte >= 0xE0;
    }
    return columns;
}

int line_fold_and_clean(const char *raw, size_t length, text_buffer_t *out, bool *markdown_heading,
                        line_counts_t *counts, bool *counts_known, size_t *raw_width)
{
    size_t i = 0;
    if (skip_leading_whitespace(raw, length, &i) != 0)
        return 1;
    /* The raw width, as the loop below reads the line: the columns before
     * it, then all bytes but continuation bytes, and long lead bytes twice. */
    size_t layout_start = 0;
    while (layout_start < i && (raw[layout_start] == ' ' || raw[layout_start] == '\t'))
        layout_start++;
    size_t skipped_columns = raw_columns(raw, layout_start, i);
    size_t first = i;
    size_t raw_continuation = 0;
    size_t raw_long_leads = 0;
    /* Folding writes at most 4 bytes ("(20)") per 3 read; cleaning only
     * removes. */
    if (length > (SIZE_MAX - 16) / 2 || text_buffer_reserve(out, length * 2 + 8) != 0)
        return -1;
    size_t start = out->length;
    clean_writer_t writer = {.write = out->data + start};
    while (i < length) {
        unsigned char byte = (unsigned char)raw[i];
        if (byte < 0x80) {
            clean_put_ascii(&writer, byte);
            i++;
            continue;
        }
        size_t run_end = kept_ideograph_run_end(raw, length, i);
        if (run_end > i) {
            clean_put_ideographs(&writer, raw + i, run_end - i);
            raw_continuation += (run_end - i) / 3 * 2;
            raw_long_leads += (run_end - i) / 3;
            i = run_end;
            continue;
        }
        unsigned int cp = 0;
        size_t count = utf8_decode(raw + i, length - i, &cp);
        if (count == 0)
            return 1; /* invalid UTF-8: ICU substitutes it */
        raw_continuation += count - 1;
        raw_long_leads += count >= 3;
        unsigned int replacement = 0;
        char bytes[4];
        switch (unicode_fold_fast_kind(cp, &replacement)) {
        case FOLD_FAST_KEEP:
            clean_put(&writer, cp, raw + i, count);
            break;
        case FOLD_FAST_REPLACE:
            clean_put(&writer, replacement, bytes, utf8_encode_bmp(bytes, replacement));
            break;
        case FOLD_FAST_CIRCLED: /* "(N)" */
            clean_put(&writer, '(', "(", 1);
            if (replacement >= 10)
                clean_put(&writer, '0' + replacement / 10, NULL, 1);
            clean_put(&writer, '0' + replacement % 10, NULL, 1);
            clean_put(&writer, ')', ")", 1);
            break;
        case FOLD_FAST_NEEDS_ICU:
            return 1;
        }
        i += count;
    }
    *markdown_heading = false;
    clean_finish(&writer, out, start, counts, counts_known);
    if (raw_width)
        *raw_width = skipped_columns + (length - first) - raw_continuation + raw_long_leads;
    return 0;
}

/* Length of the ",ddd,ddd" chain starting at text[i] (text[i] == ','),
 * or 0 when some group does not have exactly three digits. */
static size_t separator_chain_length(const char *text, size_t length, size_t i)
{
    size_t end = i;
    while (end < length && text[end] == ',' && end + 1 < length && is_ascii_digit(text[end + 1])) {
        size_t digits = 0;
        size_t j = end + 1;
        while (j < length && is_ascii_digit(text[j])) {
            digits++;
            j++;
        }
        if (digits != 3)
            return 0;
        end = j;
    }
    return end - i;
}

/* Whether a comma stands between two digits somewhere in text: without one
 * there is no separator to remove, and most lines have none. */
static bool has_comma_between_digits(const char *text, size_t length)
{
    const char *comma = memchr(text, ',', length);
    while (comma) {
        size_t i = (size_t)(comma - text);
        if (i > 0 && i + 1 < length && is_ascii_digit(text[i - 1]) && is_ascii_digit(text[i + 1]))
            return true;
        comma = memchr(comma + 1, ',', length - i - 1);
    }
    return false;
}

size_t line_clean_remove_thousands_separators(char *text, size_t length)
{
    if (!has_comma_between_digits(text, length))
        return length;
    size_t read = 0;
    size_t write = 0;
    while (read < length) {
        char c = text[read];
        /* A number starts here (not its fraction part). */
        bool run_start = is_ascii_digit(c) &&
                         (read == 0 || (!is_ascii_digit(text[read - 1]) && text[read - 1] != '.'));
        if (!run_start) {
            text[write++] = text[read++];
            continue;
        }
        size_t digits_end = read;
        while (digits_end < length && is_ascii_digit(text[digits_end]))
            digits_end++;
        size_t first_group = digits_end - read;
        /* "12,34,567": a group after a rejected comma does not start a chain. */
        bool after_list_comma =
            read >= 2 && text[read - 1] == ',' && is_ascii_digit(text[read - 2]);
        size_t chain = 0;
        if (!after_list_comma && first_group <= 3 && digits_end < length && text[digits_end] == ',')
            chain = separator_chain_length(text, length, digits_end);
        while (read < digits_end)
            text[write++] = text[read++];
        if (chain == 0)
            continue;
        size_t chain_end = digits_end + chain;
        while (read < chain_end) {
            if (text[read] != ',')
                text[write++] = text[read];
            read++;
        }
    }
    return write;
}
