/*
 * tables_title.c - recognizing a statement table's title and its unit line.
 *
 * A title is a short line ending in 表 that names money coming in or going
 * out (收入, 支出, 收支, 三公, 经费 ...), after numbering such as 表一,
 * 附表4-2, 1. or 一、 has been set aside.  Part headings such as
 * "XX局2024年度部门决算表" name no such thing and are not titles.  Whether a
 * title really starts a table (and is not a table-of-contents entry) is
 * decided by tables_page.c from what follows it.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *text, size_t length, const char *suffix)
{
    size_t suffix_length = strlen(suffix);
    return length >= suffix_length &&
           memcmp(text + length - suffix_length, suffix, suffix_length) == 0;
}

static const char *const chinese_numerals[] = {"一", "二", "三", "四", "五", "六", "七",
                                               "八", "九", "十", "廿", "零", "〇"};

static size_t numeral_at(const char *text)
{
    if (*text >= '0' && *text <= '9') {
        return 1;
    }
    for (size_t i = 0; i < sizeof chinese_numerals / sizeof chinese_numerals[0]; i++) {
        if (starts_with(text, chinese_numerals[i])) {
            return strlen(chinese_numerals[i]);
        }
    }
    return 0;
}

/* A run of Arabic digits or of Chinese numerals (not both: 表一2024年...). */
static size_t numeral_run(const char *text)
{
    bool digits = *text >= '0' && *text <= '9';
    size_t at = 0, step;
    while ((step = numeral_at(text + at)) > 0) {
        bool digit = text[at] >= '0' && text[at] <= '9';
        if (digit != digits) {
            break;
        }
        at += step;
    }
    return at;
}

static size_t delimiter_at(const char *text)
{
    static const char *const delimiters[] = {"、", ".", ":", "．", "-", ")", "】"};
    for (size_t i = 0; i < sizeof delimiters / sizeof delimiters[0]; i++) {
        if (starts_with(text, delimiters[i])) {
            return strlen(delimiters[i]);
        }
    }
    return 0;
}

/* Length of leading numbering: 表一 附表4-2 附件1 1. 一、 (一) 第一 ... */
static size_t numbering_length(const char *text)
{
    size_t at = 0;
    for (int round = 0; round < 3; round++) {
        size_t start = at;
        const char *rest = text + at;
        if (starts_with(rest, "附表") || starts_with(rest, "附件")) {
            at += strlen("附表");
        } else if (starts_with(rest, "表") && numeral_at(rest + strlen("表")) > 0) {
            at += strlen("表");
        } else if (starts_with(rest, "(") || starts_with(rest, "【")) {
            size_t open = starts_with(rest, "(") ? 1 : strlen("【");
            size_t run = numeral_run(rest + open);
            if (run == 0) {
                break;
            }
            at += open;
        }
        size_t run = numeral_run(text + at);
        if (run > 0) {
            size_t after = at + run;
            /* 4-2 style sub-numbers */
            while (text[after] == '-' && text[after + 1] >= '0' && text[after + 1] <= '9') {
                after += 1 + numeral_run(text + after + 1);
            }
            size_t delimiter = delimiter_at(text + after);
            bool had_prefix = at > start;
            if (delimiter == 0 && !had_prefix) {
                at = start;
                break;
            }
            at = after + delimiter;
        } else if (at > start) {
            /* 附表 without a number */
            at += delimiter_at(text + at);
        } else {
            break;
        }
    }
    return at;
}

static size_t year_prefix_length(const char *text)
{
    size_t at = 0;
    while (at < 4 && text[at] >= '0' && text[at] <= '9') {
        at++;
    }
    if (at != 4) {
        return 0;
    }
    if (starts_with(text + at, "年度")) {
        return at + strlen("年度");
    }
    if (starts_with(text + at, "年")) {
        return at + strlen("年");
    }
    return 0;
}

static const char *const continuation_marks[] = {"(续表)", "(续)", "续表", "(续上表)"};

static size_t without_continuation_mark(const char *text, size_t length)
{
    for (size_t i = 0; i < sizeof continuation_marks / sizeof continuation_marks[0]; i++) {
        if (ends_with(text, length, continuation_marks[i])) {
            return length - strlen(continuation_marks[i]);
        }
    }
    return length;
}

bool tables_is_table_title(const char *compact)
{
    const char *text = compact + numbering_length(compact);
    size_t length = without_continuation_mark(text, strlen(text));
    if (length < strlen("收支表") || length > 150 || !ends_with(text, length, "表")) {
        return false;
    }
    /* 绩效 target and evaluation sheets are not statement tables */
    static const char *const forbidden[] = {"，", "。", "；", "详见", "见附", ",", "如下", "绩效"};
    for (size_t i = 0; i < sizeof forbidden / sizeof forbidden[0]; i++) {
        const char *hit = strstr(text, forbidden[i]);
        if (hit != NULL && (size_t)(hit - text) < length) {
            return false;
        }
    }
    static const char *const subjects[] = {"收入", "支出", "收支", "三公", "经费",
                                           "基金", "资本", "拨款", "总表", "采购"};
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        const char *hit = strstr(text, subjects[i]);
        if (hit != NULL && (size_t)(hit - text) < length) {
            return true;
        }
    }
    return false;
}

char *tables_unit_from_text(const char *compact)
{
    static const char *const units[] = {"亿元", "万元", "千元", "百元", "元", "%", "人", "个"};
    /* 编制单位:XX局 单位:元 -- the first 单位: may name the unit's maker */
    for (const char *at = strstr(compact, "单位:"); at != NULL; at = strstr(at, "单位:")) {
        at += strlen("单位:");
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
            if (starts_with(at, units[i])) {
                return strdup(units[i]);
            }
        }
    }
    return NULL;
}

char *tables_canonical_title(const char *title)
{
    char *compact = tables_compact_text(title, strlen(title));
    if (compact == NULL) {
        return NULL;
    }
    const char *text = compact + numbering_length(compact);
    text += year_prefix_length(text);
    /* 2025年部门收入预算总表, 2025年预算单位收入预算总表 -> 收入预算总表 */
    static const char *const makers[] = {"预算单位", "部门", "单位"};
    for (size_t i = 0; i < sizeof makers / sizeof makers[0]; i++) {
        if (starts_with(text, makers[i]) && strlen(text) > strlen(makers[i]) + strlen("总表")) {
            text += strlen(makers[i]);
            break;
        }
    }
    size_t length = without_continuation_mark(text, strlen(text));
    char *canonical = malloc(length + 1);
    if (canonical != NULL) {
        memcpy(canonical, text, length);
        canonical[length] = '\0';
    }
    free(compact);
    return canonical;
}

/* Whether a word starts the unit or maker part of a title line
 * (收入决算表    单位：万元). */
bool tables_starts_unit_part(const char *word)
{
    return starts_with(word, "单位:") || starts_with(word, "金额单位") ||
           starts_with(word, "编制单位") || starts_with(word, "编制部门");
}
