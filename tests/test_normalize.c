/*
 * test_normalize.c - the text rules of the normalize stage on composed
 * sentences: full-width forms, radical look-alikes, thousands separators,
 * CJK-digit whitespace, wrap joining (blank lines, headings, list items,
 * digits never glued), tab-led table rows, Markdown marks and headings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "line_kind.h"
#include "normalize.h"

/* Normalizes `input` as one page and checks the whole result. */
static void expect_normalized(const char *input, const char *expected)
{
    char *error = NULL;
    normalized_text_t *text = normalize_text(input, strlen(input), &error);
    if (!text)
        fail_msg("normalize_text failed: %s", error ? error : "(no message)");
    assert_null(error);
    if (strcmp(text->text, expected) != 0)
        fail_msg("input   [%s]\nexpected[%s]\ngot     [%s]", input, expected, text->text);
    assert_int_equal(text->length, strlen(expected));
    assert_int_equal(text->page_count, 1);
    normalized_text_free(text);
}

static void full_width_digits_and_punctuation(void **state)
{
    (void)state;
    expect_normalized("２０２３年收入１２３.４５万元，增长５％（同比）；",
                      "2023年收入123.45万元,增长5%(同比);\n");
    expect_normalized("预算为１．５万元：完成ＡＢＣ", "预算为1.5万元:完成ABC\n");
    /* NFKC keeps Chinese quotes, 、 and 。 */
    expect_normalized("“三公”经费、‘专项’资金。", "“三公”经费、‘专项’资金。\n");
    /* characters only ICU handles: ellipsis, squared units */
    expect_normalized("面积１０㎡…", "面积10m2...\n");
}

static void circled_numbers_become_parenthesised(void **state)
{
    (void)state;
    expect_normalized("①2023年收入", "(1)2023年收入\n");
    expect_normalized("⑫项目…", "(12)项目...\n"); /* the ICU path does the same */
}

static void kangxi_and_supplement_radicals(void **state)
{
    (void)state;
    /* U+2F00 ⼀ and U+2F08 ⼈ (Kangxi Radicals: NFKC) */
    expect_normalized("\xe2\xbc\x80般公共预算\xe2\xbc\x88员经费", "一般公共预算人员经费\n");
    /* CJK Radicals Supplement: ⻓ ⻔ ⻢ ⻘ ⺠ ⻋ ⻅ ⻳ ⻩ ⻬ */
    expect_normalized("⻓期⻔户⻢路⻘年⺠生⻋辆⻅效⻳⻩⻬", "长期门户马路青年民生车辆见效龟黄齐\n");
}

static void thousands_separators(void **state)
{
    (void)state;
    expect_normalized("收入1,234万元", "收入1234万元\n");
    expect_normalized("支出18,976.76万元", "支出18976.76万元\n");
    expect_normalized("合计1,234,567.8元", "合计1234567.8元\n");
    expect_normalized("收入１，２３４万元", "收入1234万元\n");
    expect_normalized("收入，1,234万元", "收入,1234万元\n");
}

static void list_commas_stay(void **state)
{
    (void)state;
    expect_normalized("第1,2项", "第1,2项\n");
    expect_normalized("分别为3,12.5万元", "分别为3,12.5万元\n");
    expect_normalized("编号1,2345", "编号1,2345\n");
    expect_normalized("编号12,34,567", "编号12,34,567\n");
    expect_normalized("编号1234,567", "编号1234,567\n");
    expect_normalized("比例1,234,56", "比例1,234,56\n");
}

static void whitespace_between_cjk_and_digits(void **state)
{
    (void)state;
    expect_normalized("2023 年度", "2023年度\n");
    expect_normalized("占 0 %", "占0%\n");
    expect_normalized("为 598.68 万元", "为598.68万元\n");
    expect_normalized("收\xe3\x80\x80入\xc2\xa0合 计\t金额", "收入合计金额\n");
    expect_normalized("(类) 16.14万元", "(类)16.14万元\n");
    /* between numbers (and ASCII words) one space stays */
    expect_normalized("12   34 and  more", "12 34 and more\n");
    expect_normalized("   前后空白   ", "前后空白\n");
}

static void wrapped_lines_are_joined(void **state)
{
    (void)state;
    expect_normalized("2023年度收、支总计均为\n\n598.68万元。与上年相比\n增长3.1%。",
                      "2023年度收、支总计均为598.68万元。与上年相比增长3.1%。\n");
    /* a colon does not end a paragraph */
    expect_normalized("其中:\n财政拨款收入5万元。", "其中:财政拨款收入5万元。\n");
    /* a sentence end followed by a closing quote or bracket still ends it */
    expect_normalized("说明如下。”\n下一段。", "说明如下。”\n下一段。\n");
    expect_normalized("\r\n甲说明\r\n乙说明。\r\n", "甲说明乙说明。\n");
}

static void no_join_before_headings_or_items(void **state)
{
    (void)state;
    expect_normalized("情况如下\n一、收入情况\n(一)基本支出\n1.工资福利\n(2)津贴\n2、奖金\n3)加班\n"
                      "第二部分 说明\n图1:结构\n表3 收入\nA.甲项",
                      "情况如下\n一、收入情况\n(一)基本支出\n1.工资福利\n(2)津贴\n2、奖金\n3)加班\n"
                      "第二部分说明\n图1:结构\n表3收入\nA.甲项\n");
    /* full-width markers are ASCII after folding */
    expect_normalized("前文\n（二）项目支出\n⑶其他", "前文\n(二)项目支出\n(3)其他\n");
    /* a short heading line is not continued by what follows */
    expect_normalized("二、机构设置情况\n单位内设办公室。", "二、机构设置情况\n单位内设办公室。\n");
    /* 、 inside a short marker line is still a heading; ending with 、 it goes on */
    expect_normalized("十四、专项支出、转移支付情况说明\n本单位无此项支出。",
                      "十四、专项支出、转移支付情况说明\n本单位无此项支出。\n");
    expect_normalized("(1)拟定改革、政务服务、\n政务公开。", "(1)拟定改革、政务服务、政务公开。\n");
    /* a line ending with ')' closes a paragraph */
    expect_normalized("公用经费控制率100%。(设置分值2分,得2分)\n在职人员控制率87.5%。",
                      "公用经费控制率100%。(设置分值2分,得2分)\n在职人员控制率87.5%。\n");
    /* a decimal at a line start is not a list item */
    expect_normalized("支出决算为\n1.5万元。", "支出决算为1.5万元。\n");
}

static void short_lines_of_wrapped_pages_end_paragraphs(void **state)
{
    (void)state;
    /* three lines of one width make a wrapped page; its short title stands
     * alone, a short line ending with ':' runs on */
    const char *line = "本年度收入预算安排情况如下所述本年度收入预算安排情况如下所述";
    char input[1024];
    char expected[1024];
    snprintf(input, sizeof input, "单位概况说明\n%s\n%s\n%s\n完成。\n其中:\n财政拨款收入5万元。",
             line, line, line);
    snprintf(expected, sizeof expected, "单位概况说明\n%s%s%s完成。\n其中:财政拨款收入5万元。\n",
             line, line, line);
    expect_normalized(input, expected);
    /* ... and so does a short line that stops on 为 (mid-clause) */
    snprintf(input, sizeof input,
             "单位概况说明\n%s\n%s\n%s\n完成。\n机关运行经费预算为\n1045.62万元。", line, line,
             line);
    snprintf(expected, sizeof expected,
             "单位概况说明\n%s%s%s完成。\n机关运行经费预算为1045.62万元。\n", line, line, line);
    expect_normalized(input, expected);
}

static void digits_are_never_glued(void **state)
{
    (void)state;
    expect_normalized("预算数为123\n456万元。", "预算数为123 456万元。\n");
    expect_normalized("本年收入合计\n2940.05\n3\n其他", "本年收入合计 2940.05 3 其他\n");
    expect_normalized("the budget\nwas met", "the budget was met\n");
}

static void tab_led_cells_become_rows(void **state)
{
    (void)state;
    expect_normalized("\t运行成本\n\t8\n\t8\n\t优秀\n\n\t管理效率\n\t22\n\t21\n\t\n正文。",
                      "运行成本\t8\t8\t优秀\n管理效率\t22\t21\t\n正文。\n");
    /* a row is never joined with a paragraph line, nor is a cell page furniture */
    expect_normalized("说明文字\n\t单元\n\t3\n后文", "说明文字\n单元\t3\n后文\n");
    /* rows of empty cells go */
    expect_normalized("\t\n\t\n正文。", "正文。\n");
}

static void markdown_marks_are_dropped(void **state)
{
    (void)state;
    expect_normalized("## 第一部分 概况\n- (一) 主要职能\n# 标题\n正文",
                      "第一部分概况\n(一)主要职能\n标题\n正文\n");
}

static void headings_are_recorded(void **state)
{
    (void)state;
    const char *input = "第一部分 单位概况\n一、收入情况\n2023年收入5万元,增长3%。\n(一)基本支出\n"
                        "1.工资福利\n(1)拟定区政府职能转变和改革、政务服务、\n政务公开。\n"
                        "1.一般公共服务支出(类)行政运行(项)。年初预算为3万元,完成年初预算的100%。";
    char *error = NULL;
    normalized_text_t *text = normalize_text(input, strlen(input), &error);
    assert_non_null(text);
    const char *expected =
        "第一部分单位概况\n一、收入情况\n2023年收入5万元,增长3%。\n(一)基本支出\n"
        "1.工资福利\n(1)拟定区政府职能转变和改革、政务服务、政务公开。\n"
        "1.一般公共服务支出(类)行政运行(项)。年初预算为3万元,完成年初预算的100%。\n";
    assert_string_equal(text->text, expected);
    assert_int_equal(text->heading_count, 4);
    const char *titles[] = {"第一部分单位概况", "一、收入情况", "(一)基本支出", "1.工资福利"};
    const int levels[] = {1, 2, 3, 4};
    for (size_t i = 0; i < 4; i++) {
        const normalize_heading_t *heading = &text->headings[i];
        assert_int_equal(heading->level, levels[i]);
        assert_int_equal(heading->length, strlen(titles[i]));
        assert_memory_equal(text->text + heading->offset, titles[i], heading->length);
    }
    /* a fact in the paragraph after 一、 belongs to that section */
    const char *fact = strstr(text->text, "5万元");
    const normalize_heading_t *section =
        normalized_heading_before(text, (size_t)(fact - text->text));
    assert_non_null(section);
    assert_int_equal(section->level, 2);
    assert_ptr_equal(normalized_heading_before(text, 0), &text->headings[0]);
    const char *last = strstr(text->text, "年初预算为3万元");
    assert_int_equal(normalized_heading_before(text, (size_t)(last - text->text))->level, 4);
    normalized_text_free(text);
}

/* Appends `count` copies of `piece` to buffer (NUL-terminated, room assumed). */
static void append_repeated(char *buffer, const char *piece, size_t count)
{
    for (size_t i = 0; i < count; i++)
        strcat(buffer, piece);
}

/* Heading count of `input` normalized as one page, which must be one
 * paragraph. */
static size_t heading_count_of_paragraph(const char *input)
{
    char *error = NULL;
    normalized_text_t *text = normalize_text(input, strlen(input), &error);
    assert_non_null(text);
    assert_non_null(strchr(text->text, '\n'));
    assert_int_equal(strchr(text->text, '\n') - text->text + 1, text->length);
    size_t count = text->heading_count;
    if (count == 1) {
        assert_int_equal(text->headings[0].offset, 0);
        assert_int_equal(text->headings[0].length, text->length - 1);
    }
    normalized_text_free(text);
    return count;
}

static void headings_joined_from_lines(void **state)
{
    (void)state;
    /* "(二)" + 20 + "、" then 26 (or 27) more on the next line: 50 (51)
     * characters once joined, one over the limit of levels 1-3. */
    char input[512];
    for (size_t extra = 0; extra <= 1; extra++) {
        strcpy(input, "(二)");
        append_repeated(input, "项", 20);
        strcat(input, "、\n");
        append_repeated(input, "目", 26 + extra);
        assert_int_equal(heading_count_of_paragraph(input), extra == 0 ? 1 : 0);
    }
    /* level 4: 40 characters, then 41 */
    for (size_t extra = 0; extra <= 1; extra++) {
        strcpy(input, "(1)");
        append_repeated(input, "项", 20);
        strcat(input, "、\n");
        append_repeated(input, "目", 16 + extra);
        assert_int_equal(heading_count_of_paragraph(input), extra == 0 ? 1 : 0);
    }
    /* a short joined paragraph with a clause inside is not a heading */
    assert_int_equal(heading_count_of_paragraph("(二)项目支出、\n绩效,目标"), 0);
    assert_int_equal(heading_count_of_paragraph("(二)项目支出、\n绩效目标"), 1);
    /* one-line paragraphs: at the limit and over it */
    strcpy(input, "一、");
    append_repeated(input, "项", 48);
    assert_int_equal(heading_count_of_paragraph(input), 1);
    strcat(input, "目");
    assert_int_equal(heading_count_of_paragraph(input), 0);
}

/* Every character a marker or a page number can start with still starts
 * one (classification skips the readers for other first characters). */
static void markers_and_page_numbers_by_first_character(void **state)
{
    (void)state;
    static const struct {
        const char *line;
        int starts_item;
        int level;
        page_number_kind_t page_number;
        long value;
    } cases[] = {
        {"第一部分概况", 1, 1, PAGE_NUMBER_NONE, 0},
        {"第12部分概况", 1, 1, PAGE_NUMBER_NONE, 12}, /* read as 第N页 first */
        {"一、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"二、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"三、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"四、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"五、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"六、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"七、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"八、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"九、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"十、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"百、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"零、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"〇、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"两、收入", 1, 2, PAGE_NUMBER_NONE, 0},
        {"(十二)支出", 1, 3, PAGE_NUMBER_NONE, 0},
        {"(3)支出", 1, 4, PAGE_NUMBER_NONE, 0},
        {"3.支出", 1, 4, PAGE_NUMBER_NONE, 3},
        {"B.甲项", 1, 0, PAGE_NUMBER_NONE, 0},
        {"b、甲项", 1, 0, PAGE_NUMBER_NONE, 0},
        {"图 1 结构", 1, 0, PAGE_NUMBER_NONE, 0},
        {"表2收入", 1, 0, PAGE_NUMBER_NONE, 0},
        {"附件3", 1, 0, PAGE_NUMBER_NONE, 0},
        {"附表4", 1, 0, PAGE_NUMBER_NONE, 0},
        {"12", 0, 0, PAGE_NUMBER_BARE, 12},
        {"3/25", 0, 0, PAGE_NUMBER_BARE, 3},
        {"- 2 -", 0, 0, PAGE_NUMBER_DECORATED, 2},
        {"— 4 —", 0, 0, PAGE_NUMBER_DECORATED, 4},
        {"– 5 –", 0, 0, PAGE_NUMBER_DECORATED, 5},
        {"一 6 一", 0, 0, PAGE_NUMBER_DECORATED, 6},
        {"第7页", 0, 0, PAGE_NUMBER_DECORATED, 7},
        {"Page 8", 0, 0, PAGE_NUMBER_DECORATED, 8},
        {"page 9 of 25", 0, 0, PAGE_NUMBER_DECORATED, 9},
        {"-12x", 0, 0, PAGE_NUMBER_NONE, 12}, /* read, then refused */
        {"收入一、", 0, 0, PAGE_NUMBER_NONE, 0},
        {"经费12", 0, 0, PAGE_NUMBER_NONE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        line_kind_t kind;
        line_kind_classify(cases[i].line, strlen(cases[i].line), &kind);
        if (kind.starts_item != cases[i].starts_item || kind.marker_level != cases[i].level ||
            kind.page_number != cases[i].page_number || kind.page_number_value != cases[i].value)
            fail_msg("\"%s\": item %d level %d page number %d value %ld", cases[i].line,
                     kind.starts_item, kind.marker_level, kind.page_number, kind.page_number_value);
    }
}

static void empty_and_invalid_input(void **state)
{
    (void)state;
    char *error = NULL;
    normalized_text_t *text = normalize_text("", 0, &error);
    assert_non_null(text);
    assert_int_equal(text->length, 0);
    assert_string_equal(text->text, "");
    assert_int_equal(text->page_count, 1);
    assert_int_equal(normalized_page_at(text, 0), 1);
    assert_int_equal(normalized_page_at(text, 99), 1);
    assert_null(normalized_heading_before(text, 0));
    normalized_text_free(text);

    text = normalize_text(NULL, 5, &error);
    assert_non_null(text);
    assert_int_equal(text->length, 0);
    normalized_text_free(text);

    /* invalid UTF-8 becomes U+FFFD, NUL bytes are whitespace */
    const char bad[] = "收入\xff\xfe"
                       "5万元\x00"
                       "合计\xe4\xb8";
    text = normalize_text(bad, sizeof bad - 1, &error);
    assert_non_null(text);
    assert_non_null(strstr(text->text, "\xef\xbf\xbd"));
    assert_non_null(strstr(text->text, "5万元"));
    assert_int_equal(strlen(text->text), text->length);
    normalized_text_free(text);
    assert_int_equal(normalized_page_at(NULL, 3), 1);
}

static void long_lines_are_linear(void **state)
{
    (void)state;
    /* 2 MB of one unbroken line, then many short wrapped lines */
    size_t repeats = 200000;
    const char *piece = "收入１，２３４万元"; /* 27 bytes */
    size_t piece_length = strlen(piece);
    char *input = malloc(repeats * (piece_length + 1) + 1);
    assert_non_null(input);
    size_t length = 0;
    for (size_t i = 0; i < repeats; i++) {
        memcpy(input + length, piece, piece_length);
        length += piece_length;
        if (i >= repeats / 2)
            input[length++] = '\n';
    }
    char *error = NULL;
    normalized_text_t *text = normalize_text(input, length, &error);
    assert_non_null(text);
    assert_true(text->length < length);
    assert_memory_equal(text->text, "收入1234万元收入1234万元", strlen("收入1234万元收入1234万元"));
    normalized_text_free(text);
    free(input);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_width_digits_and_punctuation),
        cmocka_unit_test(circled_numbers_become_parenthesised),
        cmocka_unit_test(kangxi_and_supplement_radicals),
        cmocka_unit_test(thousands_separators),
        cmocka_unit_test(list_commas_stay),
        cmocka_unit_test(whitespace_between_cjk_and_digits),
        cmocka_unit_test(wrapped_lines_are_joined),
        cmocka_unit_test(no_join_before_headings_or_items),
        cmocka_unit_test(short_lines_of_wrapped_pages_end_paragraphs),
        cmocka_unit_test(digits_are_never_glued),
        cmocka_unit_test(tab_led_cells_become_rows),
        cmocka_unit_test(markdown_marks_are_dropped),
        cmocka_unit_test(headings_are_recorded),
        cmocka_unit_test(headings_joined_from_lines),
        cmocka_unit_test(markers_and_page_numbers_by_first_character),
        cmocka_unit_test(empty_and_invalid_input),
        cmocka_unit_test(long_lines_are_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
