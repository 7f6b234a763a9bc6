/*
 * test_normalize_unicode.c - checks the folding tables of the normalize
 * stage against ICU itself: every code point the fast path keeps is one NFKC
 * keeps, every replacement it makes is NFKC's (apart from the documented
 * circled numbers and radical look-alikes), and every radical look-alike
 * maps to an NFKC-stable unified ideograph.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>

#include "normalize.h"
#include "radical_lookalikes.h"
#include "unicode_fold.h"

/* NFKC of one BMP code point; returns the number of UTF-16 units. */
static int32_t nfkc_of(unsigned int codepoint, UChar *out, int32_t capacity)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    assert_true(U_SUCCESS(status));
    UChar source[1] = {(UChar)codepoint};
    int32_t length = unorm2_normalize(nfkc, source, 1, out, capacity, &status);
    assert_true(U_SUCCESS(status));
    return length;
}

static void fast_path_agrees_with_icu(void **state)
{
    (void)state;
    size_t kept = 0;
    for (unsigned int cp = 0; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        unsigned int replacement = 0;
        fold_fast_kind_t kind = unicode_fold_fast_kind(cp, &replacement);
        if (kind == FOLD_FAST_NEEDS_ICU || kind == FOLD_FAST_CIRCLED)
            continue;
        UChar normalized[32];
        int32_t length = nfkc_of(cp, normalized, 32);
        if (kind == FOLD_FAST_KEEP) {
            kept++;
            if (length != 1 || normalized[0] != cp)
                fail_msg("U+%04X is kept by the fast path but NFKC changes it", cp);
        } else if (radical_lookalike_target(cp) == 0) {
            if (length != 1 || normalized[0] != replacement)
                fail_msg("U+%04X -> U+%04X by the fast path, not what NFKC gives", cp, replacement);
        }
    }
    assert_true(kept > 20000); /* ASCII and the unified ideographs at least */
}

static void radical_targets_are_stable_ideographs(void **state)
{
    (void)state;
    size_t mapped = 0;
    for (unsigned int cp = 0x2E80; cp <= 0x2EFF; cp++) {
        unsigned int target = radical_lookalike_target(cp);
        if (!target)
            continue;
        mapped++;
        assert_true((target >= 0x4E00 && target <= 0x9FFF) ||
                    (target >= 0x3400 && target <= 0x4DBF));
        UChar normalized[8];
        int32_t length = nfkc_of(target, normalized, 8);
        assert_int_equal(length, 1);
        assert_int_equal(normalized[0], target);
        /* where NFKC itself maps the radical, the table agrees */
        length = nfkc_of(cp, normalized, 8);
        if (length != 1 || normalized[0] != cp) {
            assert_int_equal(length, 1);
            assert_int_equal(normalized[0], target);
        }
    }
    assert_true(mapped >= 100);
    assert_int_equal(radical_lookalike_target(0x2F00), 0); /* Kangxi: NFKC's job */
    assert_int_equal(radical_lookalike_target(0x4E00), 0);
}

static void every_kangxi_radical_becomes_an_ideograph(void **state)
{
    (void)state;
    char *error = NULL;
    unicode_folder_t *folder = unicode_folder_new(&error);
    assert_non_null(folder);
    text_buffer_t out;
    text_buffer_init(&out);
    for (unsigned int cp = 0x2F00; cp <= 0x2FD5; cp++) {
        char input[4] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)),
                         (char)(0x80 | (cp & 0x3F)), 0};
        out.length = 0;
        assert_int_equal(unicode_fold_line(folder, input, 3, &out, &error), 0);
        assert_int_equal(out.length, 3);
        unsigned int folded = ((unsigned)(out.data[0] & 0x0F) << 12) |
                              ((unsigned)(out.data[1] & 0x3F) << 6) |
                              (unsigned)(out.data[2] & 0x3F);
        if (folded < 0x3400 || folded > 0x9FFF)
            fail_msg("Kangxi radical U+%04X folded to U+%04X", cp, folded);
    }
    text_buffer_free(&out);
    unicode_folder_free(folder);
}

static void icu_path_matches_fast_path(void **state)
{
    (void)state;
    /* the same line with and without a character that forces ICU */
    const char *fast = "２０２３年⻓期①收入１，２３４万元";
    const char *slow = "２０２３年⻓期①收入１，２３４万元…";
    char *error = NULL;
    normalized_text_t *a = normalize_text(fast, strlen(fast), &error);
    normalized_text_t *b = normalize_text(slow, strlen(slow), &error);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->text, "2023年长期(1)收入1234万元\n");
    assert_string_equal(b->text, "2023年长期(1)收入1234万元...\n");
    normalized_text_free(a);
    normalized_text_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_path_agrees_with_icu),
        cmocka_unit_test(radical_targets_are_stable_ideographs),
        cmocka_unit_test(every_kangxi_radical_becomes_an_ideograph),
        cmocka_unit_test(icu_path_matches_fast_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
