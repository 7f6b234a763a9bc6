/*
 * line_clean.h - second step of normalization, on one folded line.
 *
 * After unicode_fold, a line is cleaned:
 *   - leading and trailing whitespace goes, and so does a Markdown heading
 *     mark ("## ") or list bullet ("- ", "* ", "• ") at its start;
 *   - a whitespace run (spaces, tabs, U+3000, NBSP, zero-width spaces,
 *     control characters) disappears when a CJK character, CJK punctuation
 *     or a Chinese quote is on either side of it, or one of ( ) , : ; %
 *     (full-width in the source, or "0 %"); otherwise it becomes one space
 *     (so "12 34" stays two numbers);
 *   - thousands separators go: a chain of ",ddd" groups after a 1-3 digit
 *     group (1,234 / 18,976.76 / 1,234,567.8) loses its commas, but only
 *     when every group after a comma has exactly three digits ("1,2" and
 *     "3,12.5" are lists and stay).
 * The writer counts what it writes for classification (line_kind.h), so
 * that the line need not be read again for it.
 */
#ifndef CNFISCAL_NORMALIZE_LINE_CLEAN_H
#define CNFISCAL_NORMALIZE_LINE_CLEAN_H

#include <stdbool.h>
#include <stddef.h>

#include "line_kind.h"
#include "text_buffer.h"

/* Appends the cleaned form of the folded line to `out`.  Sets
 * *markdown_heading when the line started with a Markdown heading mark.
 * When `counts` is not NULL, sets *counts_known and, when true, *counts to
 * the counts of the appended line (line_kind.h), counted while writing it;
 * they are unknown when thousands separators were removed.  Returns 0, or
 * -1 when out of memory. */
int line_clean(const char *text, size_t length, text_buffer_t *out, bool *markdown_heading,
               line_counts_t *counts, bool *counts_known);

/* Folds (unicode_fold.h) and cleans a raw line in one pass, appending what
 * unicode_fold_line followed by line_clean would append (and giving the
 * same counts).  Only for the common case: every character on the fold's
 * fast path, and a line that cannot start with a Markdown mark.  When
 * `raw_width` is not NULL it gets the display columns of the raw line as
 * laid out, leading spaces and tabs excluded: a character of three or four
 * bytes takes 2 (CJK and full-width forms), any other 1.  Returns 0 when
 * done, 1 when the line needs the two steps (out->length is then as it
 * was), -1 when out of memory. */
int line_fold_and_clean(const char *raw, size_t length, text_buffer_t *out, bool *markdown_heading,
                        line_counts_t *counts, bool *counts_known, size_t *raw_width);

/* Removes thousands separators from text[0..length) in place and returns
 * the new length (exposed for tests; line_clean calls it). */
size_t line_clean_remove_thousands_separators(char *text, size_t length);

/* True for characters next to which whitespace is dropped: CJK ideographs,
 * CJK and full-width punctuation, Chinese quotes and dashes. */
bool line_clean_is_wide(unsigned int codepoint);

#endif
