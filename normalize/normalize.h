/*
 * normalize.h - stage 2: make extracted page text regular enough to match.
 *
 * Input is the pages of one document (from extract/); output is one UTF-8
 * string in which
 *   - NFKC has turned full-width digits, letters and punctuation (０-９ ％
 *     （ ） ： ，) into their ASCII forms;
 *   - Kangxi Radicals and CJK Radicals Supplement look-alikes are mapped to
 *     the unified ideographs they imitate (a table: NFKC misses most of the
 *     Supplement block);
 *   - thousands separators inside numbers are gone (18,976.76 -> 18976.76);
 *   - whitespace between a CJK character and a digit (or inside a CJK run)
 *     is gone, so "2023 年度" reads "2023年度";
 *   - broken line wraps are joined: a line that does not end a sentence
 *     continues into the next non-blank line unless that line starts a
 *     heading or list item (一、 （二） 3. (1) 第三部分 ...).  Two digits are
 *     never glued together by a join: a space is kept between them;
 *   - lone page numbers and running headers/footers repeated on most pages
 *     are dropped.
 * Each output line is then one paragraph, heading or table row.
 *
 * Details of the contract (the files named hold the rules):
 *   - circled list numbers (① ❶ ➀) become "(1)" rather than NFKC's bare "1"
 *     (unicode_fold.h);
 *   - whitespace next to ( ) , : ; % also goes, and Markdown marks ("## ",
 *     "- ") at a line start are dropped (line_clean.h);
 *   - a paragraph ends at 。 ! ? ; (or a final '.', possibly followed by a
 *     closing bracket or quote); a colon does not end it, so "其中:" runs on
 *     into the list it introduces unless that list starts with a marker.
 *     Blank lines never end a paragraph by themselves.  A line that is as
 *     wide as the page's wrapped lines (80% of the width most long lines
 *     reach) always runs on.  On such a page a shorter line is a title,
 *     caption or cell and ends its paragraph unless it ends with 、 , or :.
 *     On a page without a clear wrap width (one paragraph per line, tables)
 *     a line runs on unless it is a short heading or caption or ends with
 *     ')' ("...(设置分值2分,得2分)").  When
 *     a join would put two ASCII letters or digits together, or joins a
 *     number-only line (a table cell), one space separates them
 *     (normalize.c, line_kind.h);
 *   - table rows: consecutive raw lines that start with a tab are cells of
 *     one row and become one output line with the cells separated by '\t'
 *     ("\t运行成本\n\t8\n\t8\n\t优秀" -> "运行成本\t8\t8\t优秀"); an empty cell
 *     stays (columns line up); a blank or untabbed line ends the row.  Rows
 *     are never joined with other lines;
 *   - page furniture is described in page_furniture.h;
 *   - headings: a paragraph that starts with a level 1-3 marker, has at most
 *     50 characters, no clause punctuation (, ; 。 : ! ?) before its end and
 *     does not end with 、 , or :; or a level-4 marker with at most 40
 *     characters, the same punctuation limits and no sentence end.  Markers
 *     are listed in line_kind.h.
 *
 * The result keeps a map back to pages: page_starts[i] is the first output
 * offset that came from page i+1, so any offset can be turned into the page
 * it was read from (a fact that crosses a page break reports the page where
 * it starts).  Headings are recorded so that a fact can name its section.
 */
#ifndef CNFISCAL_NORMALIZE_H
#define CNFISCAL_NORMALIZE_H

#include <stddef.h>

typedef struct {
    size_t offset; /* start of the heading line in normalized_text_t.text */
    size_t length; /* bytes, without the line end */
    int level;     /* 1: 第X部分, 2: 一、, 3: （一）, 4: 1. / (1) */
} normalize_heading_t;

typedef struct {
    char *text;          /* valid UTF-8 (whatever the input bytes), NUL-terminated,
                            lines end with '\n' */
    size_t length;       /* bytes, without the NUL */
    size_t *page_starts; /* page_count entries, non-decreasing */
    size_t page_count;
    normalize_heading_t *headings; /* in text order */
    size_t heading_count;
} normalized_text_t;

/* Normalizes `page_count` pages (page i is pages[i], lengths[i] bytes,
 * not necessarily NUL-terminated).  Returns a new normalized_text_t (free
 * with normalized_text_free) or NULL with *error set to a malloc'd message
 * (free it) when ICU fails or memory runs out. */
normalized_text_t *normalize_pages(const char *const *pages, const size_t *lengths,
                                   size_t page_count, char **error);

/* Normalizes one piece of text as if it were a one-page document.  Used for
 * rule examples and aliases so that they are read exactly like documents. */
normalized_text_t *normalize_text(const char *text, size_t length, char **error);

void normalized_text_free(normalized_text_t *text);

/* 1-based page of the byte at `offset` (offsets past the end give the last
 * page; a document with no pages gives 1). */
size_t normalized_page_at(const normalized_text_t *text, size_t offset);

/* The nearest heading that starts at or before `offset`, or NULL. */
const normalize_heading_t *normalized_heading_before(const normalized_text_t *text, size_t offset);

#endif
