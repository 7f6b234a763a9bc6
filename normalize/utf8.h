/*
 * utf8.h - strict decoding of one UTF-8 sequence, and encoding of a BMP
 * code point (what folding and cleaning write in place of a character).
 *
 * Input text is untrusted, so every reader in the normalize stage decodes
 * through this one function: it never reads past `length` and rejects
 * overlong forms, surrogates and values above U+10FFFF.
 */
#ifndef CNFISCAL_NORMALIZE_UTF8_H
#define CNFISCAL_NORMALIZE_UTF8_H

#include <stddef.h>

/* Decodes the sequence at text[0] (length > 0 bytes available).  Returns the
 * number of bytes it takes and stores the code point, or returns 0 when the
 * bytes are not valid UTF-8. */
static inline size_t utf8_decode(const char *text, size_t length, unsigned int *codepoint)
{
    const unsigned char *bytes = (const unsigned char *)text;
    unsigned int first = bytes[0];
    if (first < 0x80) {
        *codepoint = first;
        return 1;
    }
    size_t count;
    unsigned int value;
    unsigned int minimum;
    if (first >= 0xC2 && first <= 0xDF) {
        count = 2;
        value = first & 0x1F;
        minimum = 0x80;
    } else if (first >= 0xE0 && first <= 0xEF) {
        count = 3;
        value = first & 0x0F;
        minimum = 0x800;
    } else if (first >= 0xF0 && first <= 0xF4) {
        count = 4;
        value = first & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (count > length)
        return 0;
    for (size_t i = 1; i < count; i++) {
        if ((bytes[i] & 0xC0) != 0x80)
            return 0;
        value = (value << 6) | (bytes[i] & 0x3F);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
        return 0;
    *codepoint = value;
    return count;
}

/* Decodes the code point that ends at text[end-1] (start..end is valid
 * UTF-8 produced by this stage).  Returns its length, 0 when end == 0. */
static inline size_t utf8_decode_last(const char *text, size_t end, unsigned int *codepoint)
{
    if (end == 0)
        return 0;
    size_t start = end - 1;
    while (start > 0 && end - start < 4 && ((unsigned char)text[start] & 0xC0) == 0x80)
        start--;
    size_t count = utf8_decode(text + start, end - start, codepoint);
    if (count != end - start) {
        *codepoint = 0xFFFD;
        return 1;
    }
    return count;
}

/* Writes a BMP code point as UTF-8 to out (3 bytes of room); returns the
 * bytes written. */
static inline size_t utf8_encode_bmp(char *out, unsigned int cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

#endif
