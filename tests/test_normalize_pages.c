/*
 * test_normalize_pages.c - the normalize stage across pages: the offset ->
 * page map (a sentence that crosses a page break, empty pages, a first page
 * that is only furniture) and page furniture (page numbers in their usual
 * forms, running headers and footers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"

#define MAX_PAGES 16

static normalized_text_t *normalize_page_list(const char *const *pages, size_t count)
{
    size_t lengths[MAX_PAGES];
    assert_true(count <= MAX_PAGES);
    for (size_t i = 0; i < count; i++)
        lengths[i] = strlen(pages[i]);
    char *error = NULL;
    normalized_text_t *text = normalize_pages(pages, lengths, count, &error);
    if (!text)
        fail_msg("normalize_pages failed: %s", error ? error : "(no message)");
    assert_int_equal(text->page_count, count);
    for (size_t i = 1; i < count; i++)
        assert_true(text->page_starts[i - 1] <= text->page_starts[i]);
    return text;
}

static size_t offset_of(const normalized_text_t *text, const char *needle)
{
    const char *found = strstr(text->text, needle);
    if (!found)
        fail_msg("[%s] not found in [%s]", needle, text->text);
    return (size_t)(found - text->text);
}

static void sentence_crossing_a_page_break(void **state)
{
    (void)state;
    const char *pages[] = {"一、收入情况\n本年度一般公共预算财政拨款收入预算为",
                           "598.68万元,比上年增加3万元。\n二、支出情况\n支出5万元。"};
    normalized_text_t *text = normalize_page_list(pages, 2);
    assert_string_equal(text->text, "一、收入情况\n本年度一般公共预算财政拨款收入预算为598.68万元,"
                                    "比上年增加3万元。\n二、支出情况\n支出5万元。\n");
    size_t fact = offset_of(text, "本年度");
    size_t number = offset_of(text, "598.68");
    assert_int_equal(text->page_starts[0], 0);
    assert_int_equal(text->page_starts[1], number);
    assert_int_equal(normalized_page_at(text, fact), 1);
    assert_int_equal(normalized_page_at(text, number - 1), 1);
    assert_int_equal(normalized_page_at(text, number), 2);
    assert_int_equal(normalized_page_at(text, offset_of(text, "支出5万元")), 2);
    assert_int_equal(normalized_page_at(text, text->length + 10), 2);
    /* the section of the number on page 2 is the heading on page 1 */
    const normalize_heading_t *heading = normalized_heading_before(text, number);
    assert_non_null(heading);
    assert_int_equal(heading->offset, 0);
    normalized_text_free(text);
}

static void paragraph_ending_at_a_page_break(void **state)
{
    (void)state;
    const char *pages[] = {"甲段落结束。", "乙段落开始"};
    normalized_text_t *text = normalize_page_list(pages, 2);
    assert_string_equal(text->text, "甲段落结束。\n乙段落开始\n");
    /* the line end belongs to page 1, page 2 starts after it */
    assert_int_equal(text->page_starts[1], strlen("甲段落结束。\n"));
    assert_int_equal(normalized_page_at(text, strlen("甲段落结束。")), 1);
    assert_int_equal(normalized_page_at(text, strlen("甲段落结束。\n")), 2);
    normalized_text_free(text);
}

static void empty_pages(void **state)
{
    (void)state;
    const char *pages[] = {"", "甲。", "", "  \n\n", "乙。", ""};
    normalized_text_t *text = normalize_page_list(pages, 6);
    assert_string_equal(text->text, "甲。\n乙。\n");
    size_t second = offset_of(text, "乙");
    assert_int_equal(text->page_starts[0], 0);
    assert_int_equal(text->page_starts[1], 0);
    assert_int_equal(text->page_starts[2], second);
    assert_int_equal(text->page_starts[3], second);
    assert_int_equal(text->page_starts[4], second);
    assert_int_equal(text->page_starts[5], text->length);
    assert_int_equal(normalized_page_at(text, 0), 2);
    assert_int_equal(normalized_page_at(text, second - 1), 2);
    assert_int_equal(normalized_page_at(text, second), 5);
    assert_int_equal(normalized_page_at(text, text->length), 6);
    normalized_text_free(text);

    normalized_text_t *none = normalize_page_list(NULL, 0);
    assert_int_equal(none->length, 0);
    assert_int_equal(normalized_page_at(none, 0), 1);
    normalized_text_free(none);
}

static void first_page_only_furniture(void **state)
{
    (void)state;
    const char *pages[] = {"- 1 -", "正文第一段。\n- 2 -", "正文第二段。\n- 3 -"};
    normalized_text_t *text = normalize_page_list(pages, 3);
    assert_string_equal(text->text, "正文第一段。\n正文第二段。\n");
    assert_int_equal(text->page_starts[0], 0);
    assert_int_equal(text->page_starts[1], 0);
    assert_int_equal(normalized_page_at(text, 0), 2);
    assert_int_equal(normalized_page_at(text, offset_of(text, "正文第二段")), 3);
    normalized_text_free(text);
}

static void page_number_forms(void **state)
{
    (void)state;
    const char *pages[] = {
        "第 1 页\n封面标题。",          "正文甲。\n— 2 —",        "3/25\n正文乙。",
        "正文丙。\nPage 4 of 25",       "正文丁。\n第5页 共25页", "正文戊。\n6",
        "7\n正文己。\n表格数字\n\t3\n", "正文庚。\n99",
    };
    normalized_text_t *text = normalize_page_list(pages, 8);
    /* a bare number larger than its page's position is text, a tabbed cell is a row */
    assert_string_equal(text->text, "封面标题。\n正文甲。\n正文乙。\n正文丙。\n正文丁。\n正文戊。\n"
                                    "正文己。\n表格数字\n3\n正文庚。\n99\n");
    normalized_text_free(text);
}

static void row_number_near_the_bottom_stays(void **state)
{
    (void)state;
    const char *pages[] = {"甲。", "乙。", "表格\n序号\n2\n单位名称。", "完成比例\n2/3\n说明。"};
    normalized_text_t *text = normalize_page_list(pages, 4);
    assert_string_equal(text->text, "甲。\n乙。\n表格序号 2 单位名称。\n完成比例2/3说明。\n");
    normalized_text_free(text);
}

static void page_number_after_a_gap(void **state)
{
    (void)state;
    /* pdftotext without form feeds: blank lines around a lone number */
    const char *input = "采取有效措施,提高各项\n\n\n\n22\n\n工作的效益。\n\n其中3\n\n项目";
    char *error = NULL;
    normalized_text_t *text = normalize_text(input, strlen(input), &error);
    assert_non_null(text);
    assert_string_equal(text->text, "采取有效措施,提高各项工作的效益。\n其中3项目\n");
    normalized_text_free(text);
}

static void running_headers_and_footers(void **state)
{
    (void)state;
    const char *pages[] = {
        "某某局2024年度部门决算\n第一段。\n内部资料 1",
        "某某局 2024 年度部门决算\n第二段。\n内部资料 2",
        "某某局2024年度部门决算\n第三段。\n内部资料 3",
        "第四段。\n某某局2024年度部门决算在正文中。\n内部资料 4",
        "第五段。\n只在两页出现的行\n末行。",
    };
    normalized_text_t *text = normalize_page_list(pages, 5);
    /* the header is on 3 of 5 pages (60%), the footer on 4; a line seen at the
     * edge of fewer pages stays, and so does the header's wording inside text */
    assert_string_equal(text->text,
                        "第一段。\n第二段。\n第三段。\n第四段。\n"
                        "某某局2024年度部门决算在正文中。\n第五段。\n只在两页出现的行末行。\n");
    normalized_text_free(text);

    const char *few[] = {"页眉文字。\n甲。", "页眉文字。\n乙。"};
    text = normalize_page_list(few, 2); /* fewer than 3 pages: nothing is a header */
    assert_string_equal(text->text, "页眉文字。\n甲。\n页眉文字。\n乙。\n");
    normalized_text_free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sentence_crossing_a_page_break),
        cmocka_unit_test(paragraph_ending_at_a_page_break),
        cmocka_unit_test(empty_pages),
        cmocka_unit_test(first_page_only_furniture),
        cmocka_unit_test(page_number_forms),
        cmocka_unit_test(row_number_near_the_bottom_stays),
        cmocka_unit_test(page_number_after_a_gap),
        cmocka_unit_test(running_headers_and_footers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
