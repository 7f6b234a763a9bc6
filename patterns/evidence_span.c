/*
 * evidence_span.c - the evidence column: the clause a value was read from.
 * It runs from the start of the clause holding the match (just after the
 * previous 。 ; ！ ？ or the line start) to the end of the sentence after
 * the match (through the next 。 or to the line end), is cut to at most
 * EVIDENCE_MAX_BYTES on UTF-8 character boundaries, and always contains
 * the value itself.
 */
#include "patterns_internal.h"

#include <string.h>

static bool is_continuation_byte(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Length of a clause-start separator ending just before `position`. */
static size_t separator_before(const char *text, size_t position)
{
    if (position == 0)
        return 0;
    unsigned char last = (unsigned char)text[position - 1];
    if (last == '\n' || last == ';' || last == '!' || last == '?')
        return 1;
    /* The full-width separators end with 82 (。), 9B (；), 81 (！), 9F (？). */
    if (last != 0x82 && last != 0x9B && last != 0x81 && last != 0x9F)
        return 0;
    static const char *const separators[] = {"。", "；", "！", "？"};
    for (size_t i = 0; i < sizeof separators / sizeof separators[0]; i++) {
        size_t length = strlen(separators[i]);
        if (position >= length && memcmp(text + position - length, separators[i], length) == 0)
            return length;
    }
    return 0;
}

void evidence_span(const char *text, size_t length, size_t match_start, size_t match_end,
                   size_t value_start, size_t value_end, size_t *span_start, size_t *span_end)
{
    if (match_start > length)
        match_start = length;
    if (match_end > length)
        match_end = length;
    if (value_start > length)
        value_start = length;
    if (value_end > length || value_end < value_start)
        value_end = value_start;
    if (value_start < match_start)
        match_start = value_start;
    if (value_end > match_end)
        match_end = value_end;

    size_t start = match_start;
    while (start > 0 && separator_before(text, start) == 0)
        start--;
    size_t end = match_end;
    static const char full_stop[] = "。";
    const size_t stop_length = sizeof full_stop - 1;
    /* A match that already ends with 。 ends its sentence. */
    if (!(end >= stop_length && memcmp(text + end - stop_length, full_stop, stop_length) == 0)) {
        while (end < length && text[end] != '\n') {
            if (text[end] == full_stop[0] && end + stop_length <= length &&
                memcmp(text + end, full_stop, stop_length) == 0) {
                end += stop_length;
                break;
            }
            end++;
        }
    }

    if (end - start > EVIDENCE_MAX_BYTES) {
        /* Keep the value and as much context before it as fits. */
        size_t half = EVIDENCE_MAX_BYTES / 2;
        if (value_start > start + half)
            start = value_start - half;
        if (end > start + EVIDENCE_MAX_BYTES)
            end = start + EVIDENCE_MAX_BYTES;
        if (end < value_end)
            end = value_end;
        while (start < value_start && is_continuation_byte(text[start]))
            start++;
        while (end > value_end && end < length && is_continuation_byte(text[end]))
            end--;
    }
    *span_start = start;
    *span_end = end;
}
