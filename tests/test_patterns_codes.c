/*
 * test_patterns_codes.c - function lines printed with their classification
 * code: the shipped function_codes.tsv loads, and the canonicalizer turns
 * 2100201综合医院 / [2210201]住房公积金 / 行政运行(2010301) into the 类/款/项
 * path; unknown codes keep the printed name; a malformed table line is an
 * error naming the file and line.  Also: an asset subject loses a leading
 * 其中 (the canonicalizer's other list clean-up).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patterns.h"
#include "patterns_internal.h"
#include "shipped_rules.h"

static void expect_canonical(const rule_set_t *rules, const char *wording, const char *kind,
                             const char *expected)
{
    char *canonical = rule_set_canonical_subject(rules, wording, kind);
    assert_non_null(canonical);
    if (strcmp(canonical, expected) != 0)
        fail_msg("%s (%s) -> %s, expected %s", wording, kind, canonical, expected);
    free(canonical);
}

static void test_shipped_table_names(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    assert_string_equal(function_code_name(rules, "210", 3), "卫生健康支出");
    assert_string_equal(function_code_name(rules, "20805", 5), "行政事业单位养老支出");
    assert_string_equal(function_code_name(rules, "20103", 5), "政府办公厅(室)及相关机构事务");
    assert_string_equal(function_code_name(rules, "22102", 5), "住房改革支出");
    assert_null(function_code_name(rules, "2100201", 7));
    assert_null(function_code_name(rules, "299", 3));
    rule_set_free(rules);
}

static void test_coded_lines(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    expect_canonical(rules, "2100201综合医院", "function", "卫生健康支出/公立医院/综合医院");
    expect_canonical(rules, "2080505机关事业单位基本养老保险缴费支出(项)", "function",
                     "社会保障和就业支出/行政事业单位养老支出/机关事业单位基本养老保险缴费支出");
    expect_canonical(rules, "[2210201]住房公积金", "function",
                     "住房保障支出/住房改革支出/住房公积金");
    expect_canonical(rules, "【2101101】行政单位医疗", "function",
                     "卫生健康支出/行政事业单位医疗/行政单位医疗");
    expect_canonical(rules, "2010301 行政运行", "function",
                     "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行");
    expect_canonical(rules, "行政运行(2013801)", "function",
                     "一般公共服务支出/市场监督管理事务/行政运行");
    expect_canonical(rules, "“2100410突发公共卫生事件应急处理”", "function",
                     "卫生健康支出/公共卫生/突发公共卫生事件应急处理");
    /* Class and section codes. */
    expect_canonical(rules, "210卫生健康支出", "function", "卫生健康支出");
    expect_canonical(rules, "20805行政事业单位养老支出", "function",
                     "社会保障和就业支出/行政事业单位养老支出");
    /* A code the table does not know: the printed name. */
    expect_canonical(rules, "2999901某某支出", "function", "某某支出");
    /* Not a function subject: the code stays. */
    expect_canonical(rules, "2100201综合医院", "project", "2100201综合医院");
    /* A list lead-in is not part of an asset's name. */
    expect_canonical(rules, "其中应急保障用车", "asset", "应急保障用车");
    expect_canonical(rules, "其中:其他用车购置数", "asset", "其他用车购置数");
    expect_canonical(rules, "其中", "asset", "其中");
    /* No code: the usual paths. */
    expect_canonical(rules, "卫生健康支出(类)公立医院(款)综合医院(项)", "function",
                     "卫生健康支出/公立医院/综合医院");
    rule_set_free(rules);
}

static void test_malformed_table_line(void **state)
{
    (void)state;
    char directory[] = "/tmp/cnfiscal-codes-XXXXXX";
    assert_non_null(mkdtemp(directory));
    char path[256];
    snprintf(path, sizeof path, "%s/function_codes.tsv", directory);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs("# classes\n210\t卫生健康支出\n2100201\t综合医院\n", file);
    fclose(file);
    rule_set_t *rules = rule_set_new();
    assert_non_null(rules);
    char *error = NULL;
    assert_int_equal(rule_set_load_directory(rules, directory, &error), -1);
    assert_non_null(error);
    assert_non_null(strstr(error, "function_codes.tsv:3"));
    free(error);
    rule_set_free(rules);
    unlink(path);
    rmdir(directory);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_table_names),
        cmocka_unit_test(test_coded_lines),
        cmocka_unit_test(test_malformed_table_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
