/*
 * byte_scan.h - byte-level scans of a line, eight bytes at a time.
 *
 * Normalization reads every byte of a document several times (to find line
 * ends, to measure lines); these scans look at a whole 64-bit word per step
 * and fall back to single bytes only for the word that holds what they look
 * for.  They give exactly what a byte-by-byte loop gives, on any input.
 */
#ifndef CNFISCAL_NORMALIZE_BYTE_SCAN_H
#define CNFISCAL_NORMALIZE_BYTE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BYTE_SCAN_ONES 0x0101010101010101ull
#define BYTE_SCAN_HIGH_BITS 0x8080808080808080ull

static inline uint64_t byte_scan_load(const char *bytes)
{
    uint64_t word;
    memcpy(&word, bytes, sizeof word);
    return word;
}

/* How many bytes of `word` have their high bit set, when nothing but high
 * bits is set in it. */
static inline size_t byte_scan_count_high_bits(uint64_t word)
{
    return (size_t)((((word >> 7) * BYTE_SCAN_ONES) >> 56) & 0xFF);
}

/* High bits set in the bytes of `word` equal to `value` -- and perhaps in
 * bytes above such a byte, so only "none" is exact: a filter that says
 * which words need a byte-by-byte look. */
static inline uint64_t byte_scan_equal(uint64_t word, unsigned char value)
{
    uint64_t difference = word ^ (BYTE_SCAN_ONES * value);
    return (difference - BYTE_SCAN_ONES) & ~difference & BYTE_SCAN_HIGH_BITS;
}

/* Character counts on bytes: every byte except a continuation byte
 * (10xxxxxx) starts a character, and a lead byte of a three- or four-byte
 * sequence (0xE0 and above) starts a CJK or full-width one.  The counters
 * add up continuation bytes and such long lead bytes; invalid UTF-8 is
 * counted byte by byte all the same. */

/* Adds the counts for one word. */
static inline void byte_scan_count_word(uint64_t word, size_t *continuation, size_t *long_leads)
{
    if ((word & BYTE_SCAN_HIGH_BITS) == 0)
        return; /* ASCII only */
    /* bit 7 set and bit 6 clear: 10xxxxxx */
    *continuation += byte_scan_count_high_bits(word & ~(word << 1) & BYTE_SCAN_HIGH_BITS);
    /* bits 7, 6 and 5 set: 111xxxxx */
    *long_leads +=
        byte_scan_count_high_bits(word & (word << 1) & (word << 2) & BYTE_SCAN_HIGH_BITS);
}

/* Adds the counts for one byte. */
static inline void byte_scan_count_byte(unsigned char byte, size_t *continuation,
                                        size_t *long_leads)
{
    *continuation += (byte & 0xC0) == 0x80;
    *long_leads += byte >= 0xE0;
}

static inline bool byte_scan_is_line_break(char c)
{
    return c == '\n' || c == '\r' || c == '\f';
}

/* Offset of the first '\n', '\r' or '\f' in text[0..length), or length. */
static inline size_t byte_scan_line_end(const char *text, size_t length)
{
    size_t i = 0;
    for (; i + 8 <= length; i += 8) {
        uint64_t word = byte_scan_load(text + i);
        /* Nonzero exactly when some byte is below '\r' + 1 (tabs too). */
        if (((word - BYTE_SCAN_ONES * ('\r' + 1)) & ~word & BYTE_SCAN_HIGH_BITS) != 0)
            break; /* the loop below looks at its bytes */
    }
    while (i < length && !byte_scan_is_line_break(text[i]))
        i++;
    return i;
}

#endif
