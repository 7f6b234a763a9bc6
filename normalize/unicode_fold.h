/*
 * unicode_fold.h - NFKC plus look-alike folding of one line of text.
 *
 * First step of normalization: full-width digits, letters and punctuation
 * become ASCII, compatibility characters become their plain forms (NFKC,
 * through ICU), CJK Radicals Supplement look-alikes become the ideographs
 * they imitate (radical_lookalikes.h), and circled list numbers (① ❶ ➀)
 * become "(1)" -- NFKC would make ① a bare "1" that glues onto the number
 * after it.  Invalid UTF-8 becomes U+FFFD.
 *
 * The common characters of Chinese fiscal text (ASCII, unified ideographs,
 * full-width ASCII, CJK punctuation) are folded by a table-free fast path
 * that gives exactly what NFKC gives; any other character sends its whole
 * line through ICU.  A folder holds ICU scratch buffers and is used by one
 * thread at a time.
 */
#ifndef CNFISCAL_NORMALIZE_UNICODE_FOLD_H
#define CNFISCAL_NORMALIZE_UNICODE_FOLD_H

#include <stddef.h>

#include "text_buffer.h"

typedef struct unicode_folder unicode_folder_t;

/* Returns a new folder, or NULL with *error set (malloc'd) when ICU's
 * NFKC data cannot be loaded or memory runs out. */
unicode_folder_t *unicode_folder_new(char **error);
void unicode_folder_free(unicode_folder_t *folder);

/* Appends the folded form of `length` bytes at `text` to `out`.  Returns 0,
 * or -1 with *error set (malloc'd). */
int unicode_fold_line(unicode_folder_t *folder, const char *text, size_t length, text_buffer_t *out,
                      char **error);

/* How the fast path treats one code point (exposed for tests). */
typedef enum {
    FOLD_FAST_KEEP,     /* NFKC leaves it as it is */
    FOLD_FAST_REPLACE,  /* replaced by *replacement (NFKC's result or table) */
    FOLD_FAST_CIRCLED,  /* a circled list number: *replacement is its value */
    FOLD_FAST_NEEDS_ICU /* the line must go through ICU */
} fold_fast_kind_t;

fold_fast_kind_t unicode_fold_fast_kind(unsigned int codepoint, unsigned int *replacement);

#endif
