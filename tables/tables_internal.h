/*
 * tables_internal.h - types shared by the files of the tables stage.
 *
 * The geometric path runs glyphs -> words (tables_words.c) -> lines
 * (tables_lines.c) -> page furniture (tables_furniture.c) -> titled regions
 * (tables_title.c, tables_page_titles.c) -> per region (tables_region.c):
 * columns (tables_columns.c) -> header paths (tables_header.c) -> rows
 * (tables_rows.c) -> cells, with tables_page.c driving one page and
 * tables_continuation.c keeping an unfinished table for the next page.
 * Text input goes through tables_markdown.c (pipe tables) and
 * tables_flattened.c (one cell per line).  Nothing here is public API.
 */
#ifndef CNFISCAL_TABLES_INTERNAL_H
#define CNFISCAL_TABLES_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tables.h"

/* Arithmetic helpers (the stage does not link libm). */
static inline double tables_min(double a, double b)
{
    return a < b ? a : b;
}
static inline double tables_max(double a, double b)
{
    return a > b ? a : b;
}
static inline double tables_abs(double a)
{
    return a < 0 ? -a : a;
}

/* ---- words ------------------------------------------------------------ */

typedef enum {
    TABLES_WORD_TEXT,   /* anything that is not a number */
    TABLES_WORD_NUMBER, /* a decimal or a number with thousands separators */
    TABLES_WORD_DIGITS  /* digits only: a classification code or an integer */
} tables_word_kind_t;

typedef struct {
    char *text; /* UTF-8, normalized (full-width -> ASCII, radicals -> ideographs) */
    double x1, y1, x2, y2;
    double center_y;
    double em; /* estimated font size in points */
    tables_word_kind_t kind;
    size_t line; /* index into the page's line list */
} tables_word_t;

typedef struct {
    tables_word_t *items;
    size_t count;
    size_t capacity;
} tables_word_list_t;

/* Builds the words of one page from its glyphs.  Returns false when out of
 * memory.  Glyphs with unusable boxes are skipped. */
bool tables_words_from_page(const extract_page_t *page, tables_word_list_t *words);
void tables_word_list_free(tables_word_list_t *words);

/* Classifies a normalized word: number, digits or text. */
tables_word_kind_t tables_classify_word(const char *text);

/* ---- text helpers (tables_text.c) ------------------------------------- */

/* Appends the UTF-8 form of `codepoint` after normalizing it (full-width
 * ASCII -> ASCII, ideographic space -> space, Kangxi and CJK radicals ->
 * unified ideographs).  Returns false when out of memory. */
typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} tables_string_t;

bool tables_string_append(tables_string_t *string, const char *text, size_t length);
bool tables_string_append_codepoint(tables_string_t *string, uint32_t codepoint);
/* Appends `text` without any white space. */
bool tables_string_append_compact(tables_string_t *string, const char *text);
void tables_string_free(tables_string_t *string);
/* Takes the buffer (never NULL on success: "" for an empty string). */
char *tables_string_take(tables_string_t *string);

uint32_t tables_normalize_codepoint(uint32_t codepoint);
/* A malloc'd copy of `text` normalized, with all white space removed. */
char *tables_compact_text(const char *text, size_t length);
/* Decodes one UTF-8 sequence at text[*offset]; invalid bytes give U+FFFD. */
uint32_t tables_utf8_next(const char *text, size_t length, size_t *offset);
bool tables_is_cjk(uint32_t codepoint);

/* A number as printed ("2,940.05", "-3.5") -> plain decimal ("2940.05"),
 * malloc'd; NULL when `text` is not a number or memory runs out. */
char *tables_plain_number(const char *text);
bool tables_is_empty_mark(const char *text); /* "-", "—", "/" ... */
/* "95.5%": a rate cell; neither a value (the table's unit is not %) nor a
 * label. */
bool tables_is_percent(const char *text);
/* Row labels that start a row of their own: numbering (一、 (一) 1.) and
 * totals (合计 总计 小计). */
bool tables_starts_with_enumeration(const char *text);
bool tables_names_total(const char *text);

/* ---- lines ------------------------------------------------------------ */

typedef struct {
    size_t *word_indices; /* into the page's words, left to right */
    size_t count;
    double x1, x2, center_y, top, bottom, em;
    char *text; /* words joined without spaces */
} tables_line_t;

typedef struct {
    tables_line_t *items; /* top to bottom */
    size_t count;
} tables_line_list_t;

bool tables_lines_from_words(tables_word_list_t *words, tables_line_list_t *lines);
void tables_line_list_free(tables_line_list_t *lines);
size_t tables_line_count_kind(const tables_word_list_t *words, const tables_line_t *line,
                              tables_word_kind_t kind);
/* Whether a line holds a number or a code of 3 digits or more. */
bool tables_line_has_body_word(const tables_word_list_t *words, const tables_line_t *line);

/* ---- titles (tables_title.c) ------------------------------------------ */

/* Whether compact (whitespace-free, normalized) text names a statement
 * table such as 收入支出决算总表 or 2025年部门收入预算总表 (numbering like
 * 表一 / 附表4-2 allowed before it). */
bool tables_is_table_title(const char *compact);
/* The unit of a 单位：万元 line (malloc'd "万元"), or NULL when the text has
 * no unit. */
char *tables_unit_from_text(const char *compact);
/* Canonical form of a title for comparison: numbering, year prefixes and
 * brackets dropped.  Malloc'd. */
char *tables_canonical_title(const char *title);
/* Whether a word starts the unit or maker part of a line (单位：万元,
 * 金额单位：, 编制部门：, 编制单位：). */
bool tables_starts_unit_part(const char *word);

/* ---- columns (tables_columns.c) --------------------------------------- */

typedef enum {
    TABLES_COLUMN_CODE,
    TABLES_COLUMN_LABEL,
    TABLES_COLUMN_VALUE,
    TABLES_COLUMN_LINE_NUMBER /* 行次 1, 2, 3 ...: neither label nor value */
} tables_column_kind_t;

typedef struct {
    tables_column_kind_t kind;
    double x1, x2;       /* extent of the words that made the column */
    double slot1, slot2; /* the x range that belongs to it */
    size_t side;         /* which label block the column belongs to */
    char *header;        /* header path (value columns), malloc'd or NULL */
} tables_column_t;

typedef struct {
    tables_column_t *items; /* left to right */
    size_t count;
    size_t side_count;
} tables_column_list_t;

/* More columns than this (statement tables have a few dozen at most) and a
 * body is not read as a table: keeps the work on a page linear. */
enum { TABLES_MAX_COLUMNS = 200 };

/* Labels and header paths stop growing past this many bytes (a cell's
 * label is copied into every cell of its row). */
enum { TABLES_MAX_TEXT = 600 };

/* Finds the columns of a table body from the words `indices` (body words
 * only).  Returns false when out of memory. */
bool tables_find_columns(const tables_word_list_t *words, const size_t *indices, size_t count,
                         tables_column_list_t *columns);
void tables_column_list_free(tables_column_list_t *columns);
/* Index of the column whose slot holds x, of the given kind; SIZE_MAX if none. */
size_t tables_column_at(const tables_column_list_t *columns, double x1, double x2,
                        tables_column_kind_t kind);
/* Index of the label block (side) whose label region holds x; SIZE_MAX if none. */
size_t tables_label_side_at(const tables_column_list_t *columns, double x1, double x2);

/* ---- header paths (tables_header.c) ----------------------------------- */

/* Fills columns->items[i].header for value columns from the header words
 * `indices` (text between the unit line and the body). */
bool tables_header_paths(const tables_word_list_t *words, const size_t *indices, size_t count,
                         tables_column_list_t *columns);

/* ---- rows (tables_rows.c) --------------------------------------------- */

typedef struct {
    double reference_y; /* center of the row's code or first label part */
    double top, bottom; /* centers of its highest and lowest parts */
    char *label;        /* compact label, malloc'd */
    char *code;         /* classification code or "" */
    size_t side;
} tables_row_t;

typedef struct {
    tables_row_t *items;
    size_t count;
    size_t capacity;
} tables_row_list_t;

typedef struct {
    size_t word;   /* index of the number word */
    size_t row;    /* into the row list */
    size_t column; /* into the column list */
} tables_value_t;

typedef struct {
    tables_value_t *items;
    size_t count;
    size_t capacity;
} tables_value_list_t;

/* Builds rows for the body words `indices` given the columns, and places
 * every number word in a row and column. */
bool tables_build_rows(const tables_word_list_t *words, const size_t *indices, size_t count,
                       const tables_column_list_t *columns, tables_row_list_t *rows,
                       tables_value_list_t *values);
void tables_row_list_free(tables_row_list_t *rows);
void tables_value_list_free(tables_value_list_t *values);

/* ---- one page: tables_page.c drives tables_furniture.c,
 * tables_page_titles.c and tables_region.c ----------------------------- */

typedef struct {
    const extract_page_t *page;
    size_t page_number;
    tables_word_list_t words;
    tables_line_list_t lines;
    bool *furniture; /* per line: a page number in the top or bottom margin */
    table_cell_list_t *cells;
} tables_page_t;

/* Fills page->furniture.  Returns false when out of memory. */
bool tables_mark_furniture(tables_page_t *page);

/* Title text of line i (joined with the line above when the title wraps:
 * *joined), malloc'd, or NULL; *failed when out of memory. */
char *tables_title_at(const tables_page_t *page, size_t i, bool *joined, bool *failed);
/* Whether a unit line, header words or numbers follow title line i (and
 * not another title: a table of contents). */
bool tables_followed_by_table(const tables_page_t *page, size_t i);

typedef struct {
    const char *title;
    const char *unit;
    size_t first_line, end_line; /* lines of the region after title and unit */
} tables_region_t;

/* The unit of the region whose title is the line before region->first_line
 * (malloc'd, or NULL); moves first_line past a short unit line. */
char *tables_take_unit(const tables_page_t *page, tables_region_t *region);
/* Whether a line above `end` and above the first number looks like the
 * title of a table that is not recognized (the open table ends). */
bool tables_starts_other_table(const tables_page_t *page, size_t end);
/* Whether two titles name the same table (收入决算表 / 收入决算表(续));
 * *ok is false when out of memory. */
bool tables_same_title(const char *left, const char *right, bool *ok);

/* Reads one region into page->cells.  `carried` (may be NULL) gives the
 * columns of a table continued from the previous page; `pending_header`
 * (may be NULL) the header words of a table whose body starts here.
 * *open says whether the table may go on on the next page; *columns_out
 * receives the columns used (the caller frees them); when the region holds
 * a header but no body yet, its header words go to `header_out` (may be
 * NULL).  Returns false when out of memory. */
bool tables_read_region(tables_page_t *page, const tables_region_t *region,
                        const tables_column_list_t *carried,
                        const tables_word_list_t *pending_header, size_t first_row,
                        size_t *next_row, bool *open, tables_column_list_t *columns_out,
                        tables_word_list_t *header_out);

/* ---- pages (tables_page.c) and continuation ---------------------------- */

/* What a table that may continue on the next page leaves behind. */
typedef struct {
    bool open;
    char *title;
    char *unit;
    tables_column_list_t columns; /* with header paths */
    size_t next_row;
    /* the header of a table whose body has not started yet, placed above
     * the next page (y less the page height) */
    tables_word_list_t header_words;
} tables_open_table_t;

void tables_open_table_clear(tables_open_table_t *open_table);

/* Reads the tables of one PDF page (1-based `page_number`), continuing
 * `open_table` when the page starts with more of its body. */
bool tables_read_page(const extract_page_t *page, size_t page_number,
                      tables_open_table_t *open_table, table_cell_list_t *cells);

/* ---- Markdown (tables_markdown.c) ------------------------------------- */

bool tables_read_markdown_page(const char *text, size_t length, size_t page_number,
                               table_cell_list_t *cells);

/* ---- tables flattened one cell per line (tables_flattened.c) ----------- */

bool tables_read_flattened_page(const char *text, size_t length, size_t page_number,
                                table_cell_list_t *cells);

#endif
