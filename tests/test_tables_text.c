/*
 * test_tables_text.c - cmocka tests of the small text rules of the tables
 * stage: numbers as printed -> plain decimals, which lines are table titles
 * (numbering, part headings, tables of contents aside), canonical titles
 * for scoring, units, and character folding (full-width, Kangxi radicals).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables_internal.h"

static void assert_plain(const char *printed, const char *expected)
{
    char *plain = tables_plain_number(printed);
    if (expected == NULL) {
        assert_null(plain);
        return;
    }
    assert_non_null(plain);
    assert_string_equal(plain, expected);
    free(plain);
}

static void test_plain_numbers(void **state)
{
    (void)state;
    assert_plain("2,940.05", "2940.05");
    assert_plain("91,016,775.35", "91016775.35");
    assert_plain("0.00", "0.00");
    assert_plain("434.344", "434.344");
    assert_plain("-12.50", "-12.50");
    assert_plain("+3", "3");
    assert_plain("88,282,511", "88282511");
    assert_plain("1,23.4", NULL); /* a group of two */
    assert_plain("12,34", NULL);
    assert_plain("1.2.3", NULL);
    assert_plain("12.", NULL);
    assert_plain(".5", NULL);
    assert_plain("-", NULL);
    assert_plain("", NULL);
    assert_plain("12%", NULL);
    assert_plain("万元", NULL);
    assert_true(tables_is_percent("99.7%"));
    assert_false(tables_is_percent("%"));
    assert_false(tables_is_percent("abc%"));
    assert_true(tables_is_empty_mark("-"));
    assert_true(tables_is_empty_mark("——"));
    assert_false(tables_is_empty_mark("0"));
    assert_int_equal(tables_classify_word("2010301"), TABLES_WORD_DIGITS);
    assert_int_equal(tables_classify_word("1,511.90"), TABLES_WORD_NUMBER);
    assert_int_equal(tables_classify_word("行政运行"), TABLES_WORD_TEXT);
}

static void test_titles(void **state)
{
    (void)state;
    assert_true(tables_is_table_title("收入支出决算总表"));
    assert_true(tables_is_table_title("2025年部门收入预算总表"));
    assert_true(tables_is_table_title("表一收入支出决算总表"));
    assert_true(tables_is_table_title("附表4-2财政拨款收支总表"));
    assert_true(tables_is_table_title("1.2025年预算单位财务收支预算总表"));
    assert_true(tables_is_table_title("财政拨款“三公”经费支出决算表"));
    assert_true(tables_is_table_title("收入决算表(续)"));
    assert_true(tables_is_table_title("政府采购预算表"));
    /* part headings, sentences, 绩效 sheets are not statement tables */
    assert_false(tables_is_table_title("上海市普陀区财政局2024年度部门决算表"));
    assert_false(tables_is_table_title("详见单位的项目绩效目标表"));
    assert_false(tables_is_table_title("项目支出绩效目标表"));
    assert_false(tables_is_table_title("本表反映部门本年度的总收支，见收入支出决算总表"));
    assert_false(tables_is_table_title("收入支出决算总体情况说明"));

    char *canonical = tables_canonical_title("表一 2024年度部门收入决算表（续）");
    assert_non_null(canonical);
    assert_string_equal(canonical, "收入决算表");
    free(canonical);
    canonical = tables_canonical_title("一般公共预算财政拨款支出决算表");
    assert_string_equal(canonical, "一般公共预算财政拨款支出决算表");
    free(canonical);
}

static void test_units(void **state)
{
    (void)state;
    char *unit = tables_unit_from_text("单位:万元");
    assert_string_equal(unit, "万元");
    free(unit);
    unit = tables_unit_from_text("编制单位:上海市普陀区商务委员会单位:元");
    assert_string_equal(unit, "元");
    free(unit);
    unit = tables_unit_from_text("金额单位:亿元");
    assert_string_equal(unit, "亿元");
    free(unit);
    assert_null(tables_unit_from_text("编制部门:上海市普陀区人民政府办公室"));
    assert_true(tables_starts_unit_part("单位:万元"));
    assert_true(tables_starts_unit_part("编制部门:某局"));
    assert_false(tables_starts_unit_part("收入决算表"));
}

static void test_folding(void **state)
{
    (void)state;
    /* full-width digits and brackets, ideographic space, Kangxi radicals */
    const char *text = "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x8E\xEF\xBC\x95\xE3\x80\x80"
                       "\xE2\xBC\x80\xE8\x88\xAC\xEF\xBC\x88\xE9\xA1\xB9\xEF\xBC\x89";
    char *compact = tables_compact_text(text, strlen(text));
    assert_non_null(compact);
    assert_string_equal(compact, "12.5一般(项)");
    free(compact);
    assert_int_equal(tables_normalize_codepoint(0x2F00), 0x4E00); /* ⼀ -> 一 */
    assert_int_equal(tables_normalize_codepoint(0x2F40), 0x652F); /* ⽀ -> 支 */
    assert_int_equal(tables_normalize_codepoint(0x2212), '-');
    assert_int_equal(tables_normalize_codepoint(0x4E00), 0x4E00);
    assert_true(tables_starts_with_enumeration("一、一般公共服务支出"));
    assert_true(tables_starts_with_enumeration("(二)国防支出"));
    assert_true(tables_starts_with_enumeration("1.一般公共预算资金"));
    assert_false(tables_starts_with_enumeration("一般公共服务支出"));
    assert_true(tables_names_total("本年收入合计"));
    assert_false(tables_names_total("行政运行"));
    /* broken UTF-8 does not read past the end */
    const char broken[] = {'\xE4', '\xB8'};
    size_t offset = 0;
    assert_int_equal(tables_utf8_next(broken, sizeof broken, &offset), 0xFFFD);
    assert_int_equal(offset, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_numbers),
        cmocka_unit_test(test_titles),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_folding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
