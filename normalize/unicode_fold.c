/*
 * unicode_fold.c - NFKC and look-alike folding of one line (see
 * unicode_fold.h).  The fast path handles the characters that make up
 * nearly all of a Chinese fiscal document; ICU handles the rest.
 */
#include "unicode_fold.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include "radical_lookalikes.h"
#include "utf8.h"

struct unicode_folder {
    const UNormalizer2 *nfkc; /* owned by ICU, shared and immutable */
    UChar *source;            /* the line in UTF-16 */
    int32_t source_capacity;
    UChar *expanded; /* source with circled numbers written as "(N)" */
    int32_t expanded_capacity;
    UChar *normalized; /* NFKC of source */
    int32_t normalized_capacity;
};

static char *copy_message(const char *message, const char *detail)
{
    size_t size = strlen(message) + (detail ? strlen(detail) : 0) + 4;
    char *copy = malloc(size);
    if (copy)
        snprintf(copy, size, "%s%s%s", message, detail ? ": " : "", detail ? detail : "");
    return copy;
}

static void set_error(char **error, const char *message, const char *detail)
{
    if (error)
        *error = copy_message(message, detail);
}

unicode_folder_t *unicode_folder_new(char **error)
{
    unicode_folder_t *folder = calloc(1, sizeof *folder);
    if (!folder) {
        set_error(error, "out of memory while preparing Unicode normalization", NULL);
        return NULL;
    }
    UErrorCode status = U_ZERO_ERROR;
    folder->nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status) || !folder->nfkc) {
        set_error(error, "cannot load ICU's NFKC normalization data", u_errorName(status));
        free(folder);
        return NULL;
    }
    return folder;
}

void unicode_folder_free(unicode_folder_t *folder)
{
    if (!folder)
        return;
    free(folder->source);
    free(folder->expanded);
    free(folder->normalized);
    free(folder);
}

/* Value of a circled list number (① ⑩ ⓫ ❶ ➀ ➊ ㉑ ㊱), or 0. */
static unsigned int circled_number_value(unsigned int cp)
{
    if (cp >= 0x2460 && cp <= 0x2473)
        return cp - 0x2460 + 1;
    if (cp >= 0x24EB && cp <= 0x24F4)
        return cp - 0x24EB + 11;
    if (cp >= 0x24F5 && cp <= 0x24FE)
        return cp - 0x24F5 + 1;
    if (cp >= 0x2776 && cp <= 0x277F)
        return cp - 0x2776 + 1;
    if (cp >= 0x2780 && cp <= 0x2789)
        return cp - 0x2780 + 1;
    if (cp >= 0x278A && cp <= 0x2793)
        return cp - 0x278A + 1;
    if (cp >= 0x3251 && cp <= 0x325F)
        return cp - 0x3251 + 21;
    if (cp >= 0x32B1 && cp <= 0x32BF)
        return cp - 0x32B1 + 36;
    return 0;
}

fold_fast_kind_t unicode_fold_fast_kind(unsigned int cp, unsigned int *replacement)
{
    if (cp < 0x80)
        return FOLD_FAST_KEEP;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
        return FOLD_FAST_KEEP;
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        *replacement = cp - 0xFEE0;
        return FOLD_FAST_REPLACE;
    }
    if (cp == 0x3000 || cp == 0xA0) {
        *replacement = ' ';
        return FOLD_FAST_REPLACE;
    }
    /* CJK punctuation and marks that NFKC leaves alone (checked against ICU
     * by the tests). */
    if ((cp >= 0x3001 && cp <= 0x3007) || (cp >= 0x3008 && cp <= 0x3011) ||
        (cp >= 0x3014 && cp <= 0x301F) || (cp >= 0x2010 && cp <= 0x2010) ||
        (cp >= 0x2012 && cp <= 0x2016) || (cp >= 0x2018 && cp <= 0x2022) || cp == 0x2030 ||
        cp == 0x00B7 || cp == 0x00D7 || cp == 0x00F7 || (cp >= 0x2190 && cp <= 0x21FF) ||
        (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x2500 && cp <= 0x257F) || cp == 0x2264 ||
        cp == 0x2265)
        return FOLD_FAST_KEEP;
    unsigned int circled = circled_number_value(cp);
    if (circled) {
        *replacement = circled;
        return FOLD_FAST_CIRCLED;
    }
    unsigned int radical = radical_lookalike_target(cp);
    if (radical) {
        *replacement = radical;
        return FOLD_FAST_REPLACE;
    }
    if (cp >= 0x2E80 && cp <= 0x2EFF)
        return FOLD_FAST_KEEP; /* unmapped supplement radicals: NFKC keeps them */
    return FOLD_FAST_NEEDS_ICU;
}

/* Whether text[i] starts a valid three-byte sequence for a CJK ideograph
 * that NFKC keeps: lead bytes E4..E9 are U+4000..U+9FFF, all kept (see
 * unicode_fold_fast_kind) except U+4DC0..U+4DFF (E4 B7 xx, Yijing
 * hexagram symbols).  Checked without a full decode: most bytes of a
 * document take this path. */
static inline bool is_kept_ideograph_at(const char *text, size_t length, size_t i)
{
    if (length - i < 3)
        return false;
    unsigned char byte = (unsigned char)text[i];
    unsigned char second = (unsigned char)text[i + 1];
    unsigned char third = (unsigned char)text[i + 2];
    return byte >= 0xE4 && byte <= 0xE9 && (second & 0xC0) == 0x80 && (third & 0xC0) == 0x80 &&
           !(byte == 0xE4 && second == 0xB7);
}

/* Grows an ICU buffer to hold `needed` UChars. */
static int ensure_uchar_capacity(UChar **buffer, int32_t *capacity, int64_t needed)
{
    if (needed <= *capacity)
        return 0;
    if (needed > INT32_MAX / 2)
        return -1;
    int32_t grown = *capacity ? *capacity : 256;
    while (grown < needed)
        grown *= 2;
    UChar *bigger = realloc(*buffer, (size_t)grown * sizeof(UChar));
    if (!bigger)
        return -1;
    *buffer = bigger;
    *capacity = grown;
    return 0;
}

/* The slow path: the whole line through ICU. */
static int fold_line_with_icu(unicode_folder_t *folder, const char *text, size_t length,
                              text_buffer_t *out, char **error)
{
    if (length > INT32_MAX / 8) {
        set_error(error, "a line of text is too long to normalize", NULL);
        return -1;
    }
    /* UTF-8 -> UTF-16 never needs more units than bytes. */
    if (ensure_uchar_capacity(&folder->source, &folder->source_capacity, (int64_t)length + 1) !=
        0) {
        set_error(error, "out of memory while normalizing text", NULL);
        return -1;
    }
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = 0;
    u_strFromUTF8WithSub(folder->source, folder->source_capacity, &units, text, (int32_t)length,
                         0xFFFD, NULL, &status);
    if (U_FAILURE(status)) {
        set_error(error, "cannot convert text to UTF-16", u_errorName(status));
        return -1;
    }
    /* A circled number (one unit) becomes at most four: "(20)". */
    if (ensure_uchar_capacity(&folder->expanded, &folder->expanded_capacity,
                              (int64_t)units * 4 + 1) != 0) {
        set_error(error, "out of memory while normalizing text", NULL);
        return -1;
    }
    UChar *expanded = folder->expanded;
    int32_t written = 0;
    for (int32_t i = 0; i < units; i++) {
        unsigned int value = circled_number_value(folder->source[i]);
        if (!value) {
            expanded[written++] = folder->source[i];
            continue;
        }
        expanded[written++] = '(';
        if (value >= 10)
            expanded[written++] = (UChar)('0' + value / 10);
        expanded[written++] = (UChar)('0' + value % 10);
        expanded[written++] = ')';
    }
    int32_t normalized_length = 0;
    for (int attempt = 0; attempt < 3; attempt++) {
        status = U_ZERO_ERROR;
        normalized_length = unorm2_normalize(folder->nfkc, expanded, written, folder->normalized,
                                             folder->normalized_capacity, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            if (ensure_uchar_capacity(&folder->normalized, &folder->normalized_capacity,
                                      (int64_t)normalized_length + 1) != 0) {
                set_error(error, "out of memory while normalizing text", NULL);
                return -1;
            }
            continue;
        }
        break;
    }
    if (U_FAILURE(status)) {
        set_error(error, "ICU NFKC normalization failed", u_errorName(status));
        return -1;
    }
    for (int32_t i = 0; i < normalized_length; i++) {
        unsigned int target = radical_lookalike_target(folder->normalized[i]);
        if (target)
            folder->normalized[i] = (UChar)target;
    }
    /* UTF-16 -> UTF-8: at most 3 bytes per unit. */
    if (normalized_length > (INT32_MAX - 1) / 3 ||
        text_buffer_reserve(out, (size_t)normalized_length * 3 + 1) != 0) {
        set_error(error, "out of memory while normalizing text", NULL);
        return -1;
    }
    size_t room = out->capacity - out->length;
    if (room > INT32_MAX)
        room = INT32_MAX; /* enough: normalized_length * 3 + 1 fits (checked above) */
    int32_t bytes = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8WithSub(out->data + out->length, (int32_t)room, &bytes, folder->normalized,
                       normalized_length, 0xFFFD, NULL, &status);
    if (U_FAILURE(status)) {
        set_error(error, "cannot convert normalized text to UTF-8", u_errorName(status));
        return -1;
    }
    out->length += (size_t)bytes;
    return 0;
}

/* Writes "(N)" for a circled number at out[0..]; returns the bytes written. */
static size_t write_circled(char *out, unsigned int value)
{
    size_t count = 0;
    out[count++] = '(';
    if (value >= 10)
        out[count++] = (char)('0' + value / 10);
    out[count++] = (char)('0' + value % 10);
    out[count++] = ')';
    return count;
}

int unicode_fold_line(unicode_folder_t *folder, const char *text, size_t length, text_buffer_t *out,
                      char **error)
{
    size_t start_length = out->length;
    /* The fast path writes at most 4 bytes ("(20)") per 3 bytes read. */
    if (length > (SIZE_MAX - 16) / 2 || text_buffer_reserve(out, length * 2 + 8) != 0) {
        set_error(error, "out of memory while normalizing text", NULL);
        return -1;
    }
    char *write = out->data + out->length;
    size_t copy_from = 0; /* start of the bytes kept as they are, not yet copied */
    size_t i = 0;
    while (i < length) {
        unsigned char byte = (unsigned char)text[i];
        if (byte < 0x80) {
            i++;
            continue;
        }
        if (is_kept_ideograph_at(text, length, i)) {
            i += 3;
            continue;
        }
        unsigned int cp = 0;
        size_t count = utf8_decode(text + i, length - i, &cp);
        if (count == 0)
            break; /* invalid UTF-8: ICU substitutes it */
        unsigned int replacement = 0;
        fold_fast_kind_t kind = unicode_fold_fast_kind(cp, &replacement);
        if (kind == FOLD_FAST_KEEP) {
            i += count;
            continue;
        }
        if (kind == FOLD_FAST_NEEDS_ICU)
            break;
        memcpy(write, text + copy_from, i - copy_from);
        write += i - copy_from;
        if (kind == FOLD_FAST_REPLACE)
            write += utf8_encode_bmp(write, replacement);
        else
            write += write_circled(write, replacement);
        i += count;
        copy_from = i;
    }
    if (i == length) {
        memcpy(write, text + copy_from, i - copy_from);
        write += i - copy_from;
        out->length = (size_t)(write - out->data);
        return 0;
    }
    out->length = start_length;
    return fold_line_with_icu(folder, text, length, out, error);
}
