/*
 * line_kind.h - what a cleaned line looks like, for wrap joining, furniture
 * removal and heading detection.
 *
 * Markers recognised at the start of a line (after NFKC, so full-width
 * parentheses are ASCII):
 *   level 1  第一部分 / 第3部分
 *   level 2  一、  十一、  (also 一. )
 *   level 3  (一)  (十二)
 *   level 4  1.  1、  1)  (1)   (circled ① was folded to "(1)")
 *   level 0  other list items and captions: A.  B、  图1  表2  附件1  附表3
 * A line that starts with any marker starts a new paragraph.
 */
#ifndef CNFISCAL_NORMALIZE_LINE_KIND_H
#define CNFISCAL_NORMALIZE_LINE_KIND_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PAGE_NUMBER_NONE = 0,
    PAGE_NUMBER_BARE,     /* "12", "3/25": could also be a table cell */
    PAGE_NUMBER_DECORATED /* "- 2 -", "— 4 —", "第3页", "第3页共25页", "Page 3" */
} page_number_kind_t;

typedef struct {
    unsigned int width;      /* display columns: CJK and full-width 2, others 1 */
    unsigned int characters; /* code points */
    bool starts_item;        /* begins with a heading, list or caption marker */
    int marker_level;        /* 1-4 as above, 0 for none or a level-0 marker */
    bool ends_sentence;      /* 。 ! ? ; or a final '.', maybe followed by ) ” 》 ... */
    bool ends_with_close_paren;
    bool number_only;            /* "-12.5", "2940.05": a table cell */
    bool has_clause_punctuation; /* , ; 。 ! ? : before its last character (not 、,
                                    which headings use: "十四、专项支出、转移支付") */
    bool ends_with_continuation; /* ends with 、 , or : -- the text goes on */
    page_number_kind_t page_number;
    long page_number_value; /* the (first) number of a page-number line */
} line_kind_t;

void line_kind_classify(const char *text, size_t length, line_kind_t *kind);

/* What classification reads from every byte of a line: the writer of a
 * cleaned line can count it as it goes (line_clean.h) and spare
 * line_kind_classify_counted that pass. */
typedef struct {
    size_t characters;           /* code points: bytes that are not 10xxxxxx */
    size_t wide;                 /* of them three- or four-byte ones (lead byte >= 0xE0) */
    bool has_clause_punctuation; /* as in line_kind_t */
} line_counts_t;

/* line_kind_classify for a line whose counts are known; gives exactly what
 * line_kind_classify gives when `counts` are the line's. */
void line_kind_classify_counted(const char *text, size_t length, const line_counts_t *counts,
                                line_kind_t *kind);

/* A short line that starts with a marker and reads like a title, not like
 * a sentence: at most `max_characters`, no clause punctuation inside, not
 * ending with 、 , or :. */
bool line_kind_is_heading_like(const line_kind_t *kind, unsigned int max_characters);

#endif
