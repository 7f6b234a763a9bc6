/*
 * test_normalize_unicode.c - checks the folding tables of the normalize
 * stage against ICU itself: every code point the fast path keeps is one NFKC
 * keeps, every replacement it makes is NFKC's (apart from the documented
 * circled numbers and radical look-alikes), and every radical look-alike
 * maps to an NFKC-stable unified ideograph.  Also checks that the one-pass
 * fold+clean of a line gives what folding and then cleaning give.
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

#include "line_clean.h"
#include "line_kind.h"
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

/* Whether classifying the cleaned line with the counts its writer kept
 * gives what classifying it from its bytes alone gives. */
static void expect_counts_classify_alike(const text_buffer_t *cleaned, const line_counts_t *counts)
{
    const char *text = cleaned->data ? cleaned->data : "";
    line_kind_t scanned;
    line_kind_t counted;
    line_kind_classify(text, cleaned->length, &scanned);
    line_kind_classify_counted(text, cleaned->length, counts, &counted);
    if (memcmp(&scanned, &counted, sizeof scanned) != 0)
        fail_msg("kept counts classify differently: \"%.*s\" (%zu characters, %zu wide, "
                 "clause %d; scanned %u, %u, %d)",
                 (int)cleaned->length, text, counts->characters, counts->wide,
                 counts->has_clause_punctuation, scanned.characters, scanned.width,
                 scanned.has_clause_punctuation);
}

/* Display columns of a raw line after its leading spaces and tabs, read
 * byte by byte: lead bytes of three or four bytes 2, other lead bytes and
 * ASCII 1, continuation bytes 0. */
static size_t layout_width(const char *line, size_t length)
{
    size_t i = 0;
    while (i < length && (line[i] == ' ' || line[i] == '\t'))
        i++;
    size_t width = 0;
    for (; i < length; i++) {
        unsigned char byte = (unsigned char)line[i];
        width += byte >= 0xE0 ? 2 : (byte & 0xC0) == 0x80 ? 0 : 1;
    }
    return width;
}

/* Folds then cleans `line` in two steps and in one pass; when the one pass
 * takes the line, both must give the same bytes, Markdown flag and counts,
 * and the one pass must measure the raw line's layout width.
 * Counts that either step keeps must classify the line as its bytes do.
 * Returns what line_fold_and_clean returned. */
static int compare_one_pass(unicode_folder_t *folder, const char *line, size_t length)
{
    text_buffer_t folded;
    text_buffer_t two_steps;
    text_buffer_t one_pass;
    text_buffer_init(&folded);
    text_buffer_init(&two_steps);
    text_buffer_init(&one_pass);
    char *error = NULL;
    bool heading_two_steps = false;
    bool heading_one_pass = true;
    line_counts_t counts_two_steps;
    line_counts_t counts_one_pass;
    bool known_two_steps = false;
    bool known_one_pass = false;
    assert_int_equal(unicode_fold_line(folder, line, length, &folded, &error), 0);
    assert_int_equal(line_clean(folded.data ? folded.data : "", folded.length, &two_steps,
                                &heading_two_steps, &counts_two_steps, &known_two_steps),
                     0);
    if (known_two_steps)
        expect_counts_classify_alike(&two_steps, &counts_two_steps);
    size_t raw_width = 0;
    int taken = line_fold_and_clean(line, length, &one_pass, &heading_one_pass, &counts_one_pass,
                                    &known_one_pass, &raw_width);
    assert_true(taken == 0 || taken == 1);
    if (taken == 0) {
        if (one_pass.length != two_steps.length ||
            memcmp(one_pass.data, two_steps.data, two_steps.length) != 0 ||
            heading_one_pass != heading_two_steps)
            fail_msg("one-pass fold+clean differs on \"%.*s\"", (int)length, line);
        assert_int_equal(known_one_pass, known_two_steps);
        assert_int_equal(raw_width, layout_width(line, length));
        if (known_one_pass) {
            assert_int_equal(counts_one_pass.characters, counts_two_steps.characters);
            assert_int_equal(counts_one_pass.wide, counts_two_steps.wide);
            assert_int_equal(counts_one_pass.has_clause_punctuation,
                             counts_two_steps.has_clause_punctuation);
        }
    } else {
        assert_int_equal(one_pass.length, 0);
    }
    text_buffer_free(&folded);
    text_buffer_free(&two_steps);
    text_buffer_free(&one_pass);
    return taken;
}

static void one_pass_matches_two_steps(void **state)
{
    (void)state;
    char *error = NULL;
    unicode_folder_t *folder = unicode_folder_new(&error);
    assert_non_null(folder);
    static const char *const lines[] = {
        "  2023 年度 收入 18,976.76 万元 ， 比上年增长 3 ％ 。",
        "（一）　部门 预算 1,234,567.8 和 1,2 和 12,34,567",
        "\xe3\x80\x80\xe3\x80\x80①收入⑳项 ❶ ➀ ㉑",
        "⻓期 ⺁ 一 二 “引号” 《书名》 ● ■ ─ → ≤ × ÷ ·",
        "ＡＢＣ ａｂｃ　０１２ Page 3 of 9 - 2 -",
        "# 标题",
        "＃＃ 标题",
        "－ 2 －",
        "　- 项目",
        "• 项目",
        "＋ 1",
        "* x",
        "☑ 是",
        "﹙1﹚",
        "\xff 无效",
        "一\xe4\xb8",
        "\xe4\xb7\x80 卦",
        "",
        "   ",
        "\t\x7f ",
        /* clause punctuation last, alone, after a marker, or twice */
        "收入。",
        "收入 ，",
        "一、收入：",
        "(一)!",
        "。",
        ";",
        "1.收入,支出",
        "第一部分 概况;结束。",
        "? ?",
        "收入1,234。",
        "收入1,234,增长",
        /* leading whitespace the layout counts: controls, U+3000, NBSP */
        " \t\x01　\xc2\xa0 收入",
        "\t　　２０２３年",
    };
    size_t taken = 0;
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
        taken += compare_one_pass(folder, lines[i], strlen(lines[i])) == 0;
    assert_true(taken >= 8); /* the common lines do take the one pass */
    /* every BMP code point, between ideographs, digits and spaces */
    for (unsigned int cp = 0x20; cp < 0x10000; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char character[4];
        size_t count = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
        if (count == 1) {
            character[0] = (char)cp;
        } else if (count == 2) {
            character[0] = (char)(0xC0 | (cp >> 6));
            character[1] = (char)(0x80 | (cp & 0x3F));
        } else {
            character[0] = (char)(0xE0 | (cp >> 12));
            character[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            character[2] = (char)(0x80 | (cp & 0x3F));
        }
        char line[64];
        int length =
            snprintf(line, sizeof line, "%.*s 1 收%.*s 2,%.*s345 %.*s", (int)count, character,
                     (int)count, character, (int)count, character, (int)count, character);
        assert_true(length > 0 && (size_t)length < sizeof line);
        compare_one_pass(folder, line, (size_t)length);
    }
    unicode_folder_free(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_path_agrees_with_icu),
        cmocka_unit_test(radical_targets_are_stable_ideographs),
        cmocka_unit_test(every_kangxi_radical_becomes_an_ideograph),
        cmocka_unit_test(icu_path_matches_fast_path),
        cmocka_unit_test(one_pass_matches_two_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
