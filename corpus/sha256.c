/*
 * sha256.c - the SHA-256 behind every doc_id (document_id.c for a file in
 * memory, the batch's identification of inputs streamed from disk).  On
 * x86-64 processors with the SHA extensions it is computed with them,
 * several times faster than GLib's portable code; elsewhere GLib's
 * checksum is used.  Both give the same digest (tests/test_corpus.c checks
 * it at every block and padding boundary).
 */
#include "corpus.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_EXTENSIONS 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define SHA256_EXTENSIONS 0
#endif

#if SHA256_EXTENSIONS
static bool processor_has_sha_extensions(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    bool ssse3 = c & (1u << 9), sse41 = c & (1u << 19);
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    return ssse3 && sse41 && (b & (1u << 29));
}

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

/* The compression function over `count` 64-byte blocks, four rounds per
 * step: message words w[step % 4] are scheduled with sha256msg1/msg2. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_blocks(uint32_t state[8], const unsigned char *data, size_t count)
{
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (size_t block = 0; block < count; block++, data += 64) {
        __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w[4];
        /* Unrolled, so that w[] and the constants stay in registers. */
#pragma GCC unroll 16
        for (int step = 0; step < 16; step++) {
            if (step < 4)
                w[step] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * step)),
                                           byte_swap);
            __m128i message = _mm_add_epi32(
                w[step % 4], _mm_loadu_si128((const __m128i *)&round_constants[4 * step]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, message);
            if (step >= 3 && step <= 14) {
                __m128i next = _mm_add_epi32(w[(step + 1) % 4],
                                             _mm_alignr_epi8(w[step % 4], w[(step + 3) % 4], 4));
                w[(step + 1) % 4] = _mm_sha256msg2_epu32(next, w[step % 4]);
            }
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(message, 0x0E));
            if (step >= 1 && step <= 12)
                w[(step + 3) % 4] = _mm_sha256msg1_epu32(w[(step + 3) % 4], w[step % 4]);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

/* Returns 0, or -1 when out of memory. */
int corpus_sha256_begin(corpus_sha256_t *hash)
{
    memset(hash, 0, sizeof *hash);
#if SHA256_EXTENSIONS
    if (processor_has_sha_extensions()) {
        static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                            0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        memcpy(hash->state, initial, sizeof initial);
        return 0;
    }
#endif
    hash->portable = g_checksum_new(G_CHECKSUM_SHA256);
    return hash->portable ? 0 : -1;
}

void corpus_sha256_update(corpus_sha256_t *hash, const unsigned char *data, size_t length)
{
    if (hash->portable) {
        g_checksum_update(hash->portable, data, (gssize)length);
        return;
    }
#if SHA256_EXTENSIONS
    hash->length += length;
    if (hash->block_used > 0) {
        size_t taken = 64 - hash->block_used < length ? 64 - hash->block_used : length;
        memcpy(hash->block + hash->block_used, data, taken);
        hash->block_used += taken;
        data += taken;
        length -= taken;
        if (hash->block_used < 64)
            return;
        compress_blocks(hash->state, hash->block, 1);
        hash->block_used = 0;
    }
    compress_blocks(hash->state, data, length / 64);
    memcpy(hash->block, data + length / 64 * 64, length % 64);
    hash->block_used = length % 64;
#endif
}

void corpus_sha256_doc_id(corpus_sha256_t *hash, char doc_id[17])
{
    corpus_sha256_hex(hash, doc_id, 16);
}

/* The first `digits` hex digits of the digest (at most 64) and a NUL into
 * `hex`; frees the hash. */
void corpus_sha256_hex(corpus_sha256_t *hash, char *hex, size_t digits)
{
    if (digits > 64)
        digits = 64;
    if (hash->portable) {
        memcpy(hex, g_checksum_get_string(hash->portable), digits);
        hex[digits] = '\0';
        g_checksum_free(hash->portable);
        hash->portable = NULL;
        return;
    }
#if SHA256_EXTENSIONS
    /* Padding: 0x80, zeros, the length in bits as 8 big-endian bytes. */
    uint64_t bits = hash->length * 8;
    unsigned char tail[128];
    memset(tail, 0, sizeof tail);
    memcpy(tail, hash->block, hash->block_used);
    tail[hash->block_used] = 0x80;
    size_t tail_length = hash->block_used < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        tail[tail_length - 1 - i] = (unsigned char)(bits >> (8 * i));
    compress_blocks(hash->state, tail, tail_length / 64);
    static const char hex_digits[] = "0123456789abcdef";
    for (size_t i = 0; i < digits; i++)
        hex[i] = hex_digits[(hash->state[i / 8] >> (28 - 4 * (i % 8))) & 0xF];
    hex[digits] = '\0';
#endif
}
