/*
 * test_tables.c - cmocka tests of the tables stage on synthetic pages:
 * glyph boxes laid out by hand (title, unit line, multi-line header,
 * codes in 类/款/项 columns, wrapped labels, two-sided tables, a table
 * continued on the next page) and the small text helpers behind them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tables.h"

/* ---- building synthetic pages ------------------------------------------ */

typedef struct {
    char text[8192];
    size_t length;
    extract_glyph_t glyphs[4096];
    size_t count;
} page_builder_t;

static uint32_t decode(const char **text)
{
    const unsigned char *s = (const unsigned char *)*text;
    uint32_t codepoint;
    size_t length;
    if (s[0] < 0x80) {
        codepoint = s[0];
        length = 1;
    } else if (s[0] < 0xE0) {
        codepoint = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        length = 2;
    } else if (s[0] < 0xF0) {
        codepoint =
            ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        length = 3;
    } else {
        codepoint = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
                    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        length = 4;
    }
    *text += length;
    return codepoint;
}

/* Places `text` with its left edge at x and its baseline box [y, y+10]:
 * CJK characters are 10 points wide, others 5; a space leaves a gap. */
static void put(page_builder_t *page, double x, double y, const char *text)
{
    const char *at = text;
    while (*at != '\0') {
        const char *start = at;
        uint32_t codepoint = decode(&at);
        double width = codepoint >= 0x2E80 ? 10.0 : 5.0;
        extract_glyph_t *glyph = &page->glyphs[page->count++];
        glyph->codepoint = codepoint;
        glyph->byte_offset = (uint32_t)page->length;
        glyph->x1 = (float)x;
        glyph->x2 = (float)(x + width);
        glyph->y1 = (float)y;
        glyph->y2 = (float)(y + 10.0);
        memcpy(page->text + page->length, start, (size_t)(at - start));
        page->length += (size_t)(at - start);
        x += width;
    }
    /* poppler ends each line with a made-up newline glyph */
    extract_glyph_t *end = &page->glyphs[page->count++];
    end->codepoint = '\n';
    end->byte_offset = (uint32_t)page->length;
    end->x1 = end->x2 = (float)x;
    end->y1 = (float)y;
    end->y2 = (float)(y + 10.0);
    page->text[page->length++] = '\n';
    page->text[page->length] = '\0';
}

static void to_page(const page_builder_t *builder, extract_page_t *page)
{
    page->text = strdup(builder->text);
    page->length = builder->length;
    page->width = 600;
    page->height = 840;
    page->glyphs = malloc(builder->count * sizeof(extract_glyph_t));
    memcpy(page->glyphs, builder->glyphs, builder->count * sizeof(extract_glyph_t));
    page->glyph_count = builder->count;
}

static void free_pages(extract_document_t *document)
{
    for (size_t i = 0; i < document->page_count; i++) {
        free(document->pages[i].text);
        free(document->pages[i].glyphs);
    }
    free(document->pages);
}

static const table_cell_t *find_cell(const table_cell_list_t *cells, const char *row_label,
                                     const char *col_label)
{
    for (size_t i = 0; i < cells->count; i++) {
        if (strcmp(cells->items[i].row_label, row_label) == 0 &&
            strcmp(cells->items[i].col_label, col_label) == 0) {
            return &cells->items[i];
        }
    }
    return NULL;
}

static void assert_cell(const table_cell_list_t *cells, const char *row_label, const char *code,
                        const char *col_label, const char *value)
{
    const table_cell_t *cell = find_cell(cells, row_label, col_label);
    if (cell == NULL) {
        fail_msg("no cell for row '%s' column '%s'", row_label, col_label);
        return;
    }
    assert_string_equal(cell->code, code);
    assert_string_equal(cell->value, value);
}

/* 收入决算表: codes in 类/款/项 columns, a two-line header cell, a label
 * that wraps onto a second line, an empty cell, thousands separators. */
static void build_income_table(page_builder_t *page)
{
    memset(page, 0, sizeof *page);
    put(page, 250, 40, "收入决算表");
    put(page, 480, 60, "单位：万元");
    put(page, 60, 90, "科目编码");
    put(page, 160, 90, "科目名称");
    put(page, 300, 85, "本年收入合");
    put(page, 320, 97, "计");
    put(page, 420, 90, "财政拨款收入");
    put(page, 520, 90, "其他收入");
    put(page, 160, 120, "合计");
    put(page, 300, 120, "2,946.25");
    put(page, 420, 120, "2,940.05");
    put(page, 520, 120, "6.20");
    put(page, 40, 140, "201");
    put(page, 160, 140, "一般公共服务支出");
    put(page, 300, 140, "2,112.86");
    put(page, 420, 140, "2,106.66");
    put(page, 520, 140, "6.20");
    put(page, 575, 140, "99.7%");
    put(page, 575, 160, "100%");
    put(page, 40, 160, "201");
    put(page, 70, 160, "06");
    put(page, 95, 160, "01");
    put(page, 160, 160, "行政运行");
    put(page, 300, 160, "1,511.90");
    put(page, 420, 160, "1,511.89");
    put(page, 520, 160, "0.01");
    put(page, 40, 180, "208");
    put(page, 70, 180, "05");
    put(page, 95, 180, "05");
    put(page, 160, 180, "机关事业单位基本养老");
    put(page, 300, 180, "160.75");
    put(page, 420, 180, "160.75");
    put(page, 520, 180, "-");
    put(page, 160, 192, "保险缴费支出");
    put(page, 20, 230,
        "注：本表反映部门本年度取得的各项收入情况，这一行很长很长很长很长很长很长很长。");
}

static void test_income_table(void **state)
{
    (void)state;
    static page_builder_t builder;
    build_income_table(&builder);
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_PDF;
    document.pages = calloc(1, sizeof(extract_page_t));
    document.page_count = 1;
    to_page(&builder, &document.pages[0]);

    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_null(error);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 11);
    assert_cell(&cells, "合计", "", "本年收入合计", "2946.25");
    assert_cell(&cells, "一般公共服务支出", "201", "财政拨款收入", "2106.66");
    assert_cell(&cells, "行政运行", "2010601", "其他收入", "0.01");
    assert_cell(&cells, "机关事业单位基本养老保险缴费支出", "2080505", "本年收入合计", "160.75");
    assert_null(find_cell(&cells, "机关事业单位基本养老保险缴费支出", "其他收入"));
    const table_cell_t *cell = find_cell(&cells, "行政运行", "其他收入");
    assert_non_null(cell);
    assert_string_equal(cell->table, "收入决算表");
    assert_string_equal(cell->unit, "万元");
    assert_int_equal(cell->page, 1);
    assert_int_equal(cell->col, 2);
    table_cell_list_free(&cells);
    free_pages(&document);
}

/* Two-sided 收入 | 支出 table whose body continues on the next page without
 * a header. */
static void test_two_sided_and_continued(void **state)
{
    (void)state;
    static page_builder_t first, second;
    memset(&first, 0, sizeof first);
    put(&first, 220, 40, "表一 收入支出决算总表");
    put(&first, 480, 60, "单位：万元");
    put(&first, 80, 85, "收入");
    put(&first, 380, 85, "支出");
    put(&first, 40, 100, "项目");
    put(&first, 200, 100, "决算数");
    put(&first, 330, 100, "项目");
    put(&first, 500, 100, "决算数");
    put(&first, 20, 120, "一、一般公共预算财政拨款收入");
    put(&first, 200, 120, "2,940.05");
    put(&first, 310, 120, "一、一般公共服务支出");
    put(&first, 500, 120, "2,106.66");
    put(&first, 20, 140, "二、政府性基金预算财政拨");
    put(&first, 310, 140, "二、外交支出");
    put(&first, 20, 152, "款");
    put(&first, 310, 160, "三、社会保障和就业支出");
    put(&first, 500, 160, "326.71");
    memset(&second, 0, sizeof second);
    put(&second, 20, 60, "本年收入合计");
    put(&second, 200, 60, "2,946.25");
    put(&second, 310, 60, "本年支出合计");
    put(&second, 500, 60, "2,940.05");
    put(&second, 20, 100, "使用非财政拨款结余（含专用结余）");
    put(&second, 20, 114, "年初结转和结余");
    put(&second, 200, 114, "49.14");
    put(&second, 20, 80, "总计");
    put(&second, 200, 80, "2,995.39");
    put(&second, 310, 80, "总计");
    put(&second, 500, 80, "2,995.39");
    put(&second, 20, 200, "第三部分 情况说明");

    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_PDF;
    document.pages = calloc(2, sizeof(extract_page_t));
    document.page_count = 2;
    to_page(&first, &document.pages[0]);
    to_page(&second, &document.pages[1]);
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 8);
    assert_cell(&cells, "一、一般公共预算财政拨款收入", "", "决算数", "2940.05");
    /* a label line without numbers is not the start of the row below */
    assert_cell(&cells, "年初结转和结余", "", "决算数", "49.14");
    assert_cell(&cells, "三、社会保障和就业支出", "", "决算数", "326.71");
    const table_cell_t *total = find_cell(&cells, "本年支出合计", "决算数");
    assert_non_null(total);
    assert_int_equal(total->page, 2);
    assert_string_equal(total->table, "表一收入支出决算总表");
    assert_int_equal(total->col, 1);
    assert_true(total->row > 0);
    table_cell_list_free(&cells);
    free_pages(&document);
}

/* A table of contents lists titles but holds no table. */
static void test_table_of_contents_is_not_a_table(void **state)
{
    (void)state;
    static page_builder_t builder;
    memset(&builder, 0, sizeof builder);
    put(&builder, 40, 40, "一、收入支出决算总表");
    put(&builder, 40, 60, "二、收入决算表");
    put(&builder, 40, 80, "三、支出决算表");
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_PDF;
    document.pages = calloc(1, sizeof(extract_page_t));
    document.page_count = 1;
    to_page(&builder, &document.pages[0]);
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.table_count, 0);
    assert_int_equal(cells.count, 0);
    table_cell_list_free(&cells);
    free_pages(&document);
}

/* Pages without glyphs (text input without tables) give nothing. */
static void test_empty_document(void **state)
{
    (void)state;
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_PDF;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.count, 0);
    extract_page_t page = {0};
    page.text = "";
    document.pages = &page;
    document.page_count = 1;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.count, 0);
    table_cell_list_free(&cells);
}

/* Gold CSV: quoted fields with commas and doubled quotes, CRLF, a BOM;
 * scoring by table, row (code or label), column path and value. */
static void test_gold_and_score(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBFsource,page,table,row_label,code,col_label,value\r\n"
                      "pdf/a.pdf,3,表一 收入决算表,行政运行,2010301,本年收入合计,\"1,511.90\"\r\n"
                      "pdf/a.pdf,3,收入决算表,合计,,本年收入合计,2946.25\n"
                      "pdf/a.pdf,4,\"财政拨款“三公”经费支出决算表\",,,\"合计/预算数\",0.95\n"
                      "pdf/a.pdf,4,收入决算表,\"say \"\"hi\"\"\",,x,1\n"
                      "pdf/b.pdf,1,收入决算表,合计,,本年收入合计,9\n";
    table_gold_list_t gold;
    table_gold_list_init(&gold);
    char *error = NULL;
    assert_int_equal(table_gold_parse(csv, strlen(csv), &gold, &error), 0);
    assert_int_equal(gold.count, 5);
    assert_string_equal(gold.items[0].value, "1,511.90");
    assert_int_equal(gold.items[0].page, 3);
    assert_string_equal(gold.items[3].row_label, "say \"hi\"");

    table_cell_list_t cells;
    table_cell_list_init(&cells);
    /* right: code matches though the label differs; value 1511.9 == 1,511.90 */
    tables_add_cell(&cells, 3, "收入决算表", 3, 0, "行政 运行(项)", "2010301", "本年收入合计",
                    "1511.9", "万元");
    /* right: a title with year and 部门 matches one without */
    tables_add_cell(&cells, 4, "2024年部门收入决算表", 0, 0, "say \"hi\"", "", "x", "1.0", "");
    /* wrong column */
    tables_add_cell(&cells, 3, "收入决算表", 0, 1, "合计", "", "财政拨款收入", "2946.25", "万元");
    /* right: full-width brackets and spaces fold; empty label and code */
    tables_add_cell(&cells, 4, "财政拨款“三公”经费支出决算表", 0, 0, "", "", "合计 / 预算数",
                    "0.950", "万元");
    table_score_t score;
    assert_int_equal(tables_score(&gold, "pdf/a.pdf", &cells, &score, &error), 0);
    assert_int_equal(score.gold, 4);
    assert_int_equal(score.produced, 4);
    assert_int_equal(score.matched, 3);
    assert_int_equal(tables_score(&gold, NULL, &cells, &score, &error), 0);
    assert_int_equal(score.gold, 5);

    /* a tables.csv read back: extra columns are ignored */
    const char *output = "doc_id,source,page,table,row,col,row_label,code,col_label,value,unit\n"
                         "ab,pdf/a.pdf,3,收入决算表,0,0,合计,,本年收入合计,2946.250,万元\n"
                         "ab,pdf/b.pdf,1,收入决算表,0,0,合计,,本年收入合计,9,万元\n";
    table_gold_list_t produced;
    table_gold_list_init(&produced);
    assert_int_equal(table_gold_parse(output, strlen(output), &produced, &error), 0);
    assert_int_equal(tables_score_csv(&gold, &produced, "pdf/a.pdf", &score, &error), 0);
    assert_int_equal(score.gold, 4);
    assert_int_equal(score.produced, 1);
    assert_int_equal(score.matched, 1);
    assert_int_equal(tables_score_csv(&gold, &produced, NULL, &score, &error), 0);
    assert_int_equal(score.matched, 2);
    table_gold_list_free(&produced);
    table_cell_list_free(&cells);
    table_gold_list_free(&gold);

    const char *broken = "source,page,table,row_label,code,col_label,value\n"
                         "pdf/a.pdf,x,t,r,,c,1\n";
    assert_int_equal(table_gold_parse(broken, strlen(broken), &gold, &error), -1);
    assert_non_null(strstr(error, "line 2"));
    free(error);
    table_gold_list_free(&gold);
    const char *missing = "source,page,table\n";
    assert_int_equal(table_gold_parse(missing, strlen(missing), &gold, &error), -1);
    assert_non_null(strstr(error, "row_label"));
    free(error);
    table_gold_list_free(&gold);
}

/* Markdown pipe tables in text input: title in the first row, unit and
 * reporting-unit rows inside the table, a two-row header with a spanning
 * cell, codes in their own column, a two-sided table titled by a heading. */
static void test_markdown_tables(void **state)
{
    (void)state;
    const char *text = "## 附表\n"
                       "\n"
                       "| 支出总表 |  |  |  | 单位：万元 |\n"
                       "|---|---|---|---|---|\n"
                       "| 部门/单位： |  |  |  |  |\n"
                       "| 科目编码 | 科目名称 | 合计 | 基本支出 |  |\n"
                       "|  |  |  | 人员经费 | 公用经费 |\n"
                       "|  | 合计 | 1,200.50 | 1,000.00 | 200.50 |\n"
                       "| 2010301 | <b>行政运行</b> | 100.00 | - | 100.00 |\n"
                       "\n"
                       "## 财政拨款收支总表\n"
                       "单位: 元\n"
                       "\n"
                       "| 收 入 |  | 支 出 |  |\n"
                       "|---|---|---|---|\n"
                       "| 项目 | 预算数 | 项目 | 预算数 |\n"
                       "| 一、一般公共预算拨款 | 379.14 | 一、一般公共服务支出 | 350.92 |\n"
                       "|  |  | 二、卫生健康支出 | 28.22 |\n"
                       "\n"
                       "## 项目支出绩效目标表\n"
                       "| 一级指标 | 分值 |\n"
                       "|---|---|\n"
                       "| 产出 | 50.5 |\n";
    extract_page_t page = {0};
    page.text = (char *)text;
    page.length = strlen(text);
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_TEXT;
    document.pages = &page;
    document.page_count = 1;
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.table_count, 2);
    assert_int_equal(cells.count, 8);
    assert_cell(&cells, "合计", "", "合计", "1200.50");
    assert_cell(&cells, "合计", "", "基本支出/人员经费", "1000.00");
    assert_cell(&cells, "行政运行", "2010301", "基本支出/公用经费", "100.00");
    assert_null(find_cell(&cells, "行政运行", "基本支出/人员经费"));
    assert_cell(&cells, "一、一般公共预算拨款", "", "收入/预算数", "379.14");
    assert_cell(&cells, "二、卫生健康支出", "", "支出/预算数", "28.22");
    const table_cell_t *cell = find_cell(&cells, "一、一般公共服务支出", "支出/预算数");
    assert_non_null(cell);
    assert_string_equal(cell->table, "财政拨款收支总表");
    assert_string_equal(cell->unit, "元");
    assert_int_equal(cell->col, 1);
    cell = find_cell(&cells, "合计", "合计");
    assert_string_equal(cell->table, "支出总表");
    assert_string_equal(cell->unit, "万元");
    table_cell_list_free(&cells);
}

static void read_pages(page_builder_t *builders, size_t count, table_cell_list_t *cells)
{
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_PDF;
    document.pages = calloc(count, sizeof(extract_page_t));
    document.page_count = count;
    for (size_t i = 0; i < count; i++) {
        to_page(&builders[i], &document.pages[i]);
    }
    table_cell_list_init(cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, cells, &error), 0);
    free_pages(&document);
}

/* The unit on the title line; a page number under the table; the title
 * printed again with (续) on the next page; then a page that starts with a
 * table of another kind, which must not be joined to it. */
static void test_page_furniture_and_repeated_title(void **state)
{
    (void)state;
    static page_builder_t pages[3];
    memset(pages, 0, sizeof pages);
    put(&pages[0], 200, 40, "支出决算表");
    put(&pages[0], 480, 40, "单位：万元");
    put(&pages[0], 160, 80, "项目");
    put(&pages[0], 300, 80, "合计");
    put(&pages[0], 420, 80, "基本支出");
    put(&pages[0], 40, 100, "201");
    put(&pages[0], 160, 100, "一般公共服务支出");
    put(&pages[0], 300, 100, "10.00");
    put(&pages[0], 420, 100, "8.00");
    put(&pages[0], 300, 800, "- 7 -");
    put(&pages[1], 200, 40, "支出决算表（续）");
    put(&pages[1], 160, 80, "项目");
    put(&pages[1], 300, 80, "合计");
    put(&pages[1], 420, 80, "基本支出");
    put(&pages[1], 40, 100, "208");
    put(&pages[1], 160, 100, "社会保障和就业支出");
    put(&pages[1], 300, 100, "5.00");
    put(&pages[1], 420, 100, "5.00");
    put(&pages[2], 200, 40, "部门整体绩效目标表");
    put(&pages[2], 160, 80, "项目名称");
    put(&pages[2], 300, 80, "金额");
    put(&pages[2], 160, 100, "信息化建设");
    put(&pages[2], 300, 100, "3.00");
    table_cell_list_t cells;
    read_pages(pages, 3, &cells);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 4);
    for (size_t i = 0; i < cells.count; i++) {
        assert_string_equal(cells.items[i].table, "支出决算表");
        assert_string_equal(cells.items[i].unit, "万元");
        assert_string_not_equal(cells.items[i].value, "7");
    }
    const table_cell_t *cell = find_cell(&cells, "社会保障和就业支出", "基本支出");
    assert_non_null(cell);
    assert_int_equal(cell->page, 2);
    assert_string_equal(cell->code, "208");
    assert_true(cell->row >= 1);
    table_cell_list_free(&cells);
}

/* 决算 sheets number their lines (行次 1, 2, 3 ...): not values, not codes. */
static void test_line_number_column(void **state)
{
    (void)state;
    static page_builder_t pages[1];
    memset(pages, 0, sizeof pages);
    put(&pages[0], 200, 40, "收 入 支 出 决 算 总 表");
    put(&pages[0], 480, 60, "金额单位：万元");
    put(&pages[0], 40, 80, "项目");
    put(&pages[0], 160, 80, "行次");
    put(&pages[0], 205, 80, "金");
    put(&pages[0], 225, 80, "额");
    put(&pages[0], 300, 80, "项目");
    put(&pages[0], 440, 80, "行次");
    put(&pages[0], 500, 80, "金额");
    const char *left[] = {"一、财政拨款收入", "二、上级补助收入", "三、事业收入"};
    const char *right[] = {"一、一般公共服务支出", "二、外交支出", "三、国防支出"};
    const char *numbers[] = {"1", "2", "3"};
    const char *others[] = {"32", "33", "34"};
    for (int i = 0; i < 3; i++) {
        double y = 100 + 20 * i;
        put(&pages[0], 20, y, left[i]);
        put(&pages[0], 165, y, numbers[i]);
        put(&pages[0], 210, y, i == 1 ? "0.00" : "12.50");
        put(&pages[0], 300, y, right[i]);
        put(&pages[0], 440, y, others[i]);
        put(&pages[0], 500, y, "3.25");
    }
    table_cell_list_t cells;
    read_pages(pages, 1, &cells);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 6);
    assert_cell(&cells, "二、上级补助收入", "", "金额", "0.00");
    assert_cell(&cells, "三、国防支出", "", "金额", "3.25");
    assert_string_equal(cells.items[0].unit, "万元");
    for (size_t i = 0; i < cells.count; i++) {
        assert_true(cells.items[i].col <= 1);
    }
    table_cell_list_free(&cells);
}

/* One cell per line, each starting with a tab, rows ended by blank lines. */
static void test_flattened_table(void **state)
{
    (void)state;
    const char *text = "二、项目得分情况\n"
                       "\t指标\n\t分值\n\t得分\n\n"
                       "\t产出指标\n\t50\n\t48.5\n\n"
                       "\t效益指标\n\t30\n\t\n\n"
                       "\t满意度\n\t20\n\t19\n\n"
                       "三、说明\n"
                       "\t只有\n\t两行\n\n\t不算\n\t表格\n";
    extract_page_t page = {0};
    page.text = (char *)text;
    page.length = strlen(text);
    extract_document_t document = {0};
    document.format = EXTRACT_FORMAT_TEXT;
    document.pages = &page;
    document.page_count = 1;
    table_cell_list_t cells;
    table_cell_list_init(&cells);
    char *error = NULL;
    assert_int_equal(tables_read_document(&document, &cells, &error), 0);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 5);
    assert_cell(&cells, "产出指标", "", "得分", "48.5");
    assert_cell(&cells, "效益指标", "", "分值", "30");
    assert_null(find_cell(&cells, "效益指标", "得分"));
    assert_string_equal(cells.items[0].table, "二、项目得分情况");
    table_cell_list_free(&cells);
}

/* A title and header at the foot of a page, the body on the next page. */
static void test_body_starts_on_next_page(void **state)
{
    (void)state;
    static page_builder_t pages[2];
    memset(pages, 0, sizeof pages);
    put(&pages[0], 40, 100,
        "一、部门概况说明，这一段是正文，很长很长很长很长很长很长很长很长很长很长很长。");
    put(&pages[0], 200, 700, "支出决算表");
    put(&pages[0], 480, 720, "单位：万元");
    put(&pages[0], 160, 750, "项目");
    put(&pages[0], 300, 750, "合计");
    put(&pages[1], 40, 60, "201");
    put(&pages[1], 160, 60, "一般公共服务支出");
    put(&pages[1], 300, 60, "10.00");
    put(&pages[1], 40, 80, "208");
    put(&pages[1], 160, 80, "社会保障和就业支出");
    put(&pages[1], 300, 80, "5.00");
    table_cell_list_t cells;
    read_pages(pages, 2, &cells);
    assert_int_equal(cells.table_count, 1);
    assert_int_equal(cells.count, 2);
    assert_string_equal(cells.items[0].table, "支出决算表");
    assert_string_equal(cells.items[0].unit, "万元");
    assert_int_equal(cells.items[0].page, 2);
    assert_string_equal(cells.items[1].code, "208");
    assert_string_equal(cells.items[1].value, "5.00");
    /* the header stayed on the first page */
    assert_string_equal(cells.items[1].col_label, "合计");
    table_cell_list_free(&cells);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_income_table),
        cmocka_unit_test(test_two_sided_and_continued),
        cmocka_unit_test(test_table_of_contents_is_not_a_table),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_gold_and_score),
        cmocka_unit_test(test_markdown_tables),
        cmocka_unit_test(test_page_furniture_and_repeated_title),
        cmocka_unit_test(test_line_number_column),
        cmocka_unit_test(test_flattened_table),
        cmocka_unit_test(test_body_starts_on_next_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
