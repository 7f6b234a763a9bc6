/*
 * tables.h - statement tables rebuilt from page geometry (and Markdown).
 *
 * Reads extract's per-character glyph boxes, clusters them into words,
 * lines and columns, recognizes the standard statement tables by title,
 * joins tables that continue on the next page, and gives one cell per
 * numeric value (tables.csv in SCHEMA.md).  Text input: Markdown pipe
 * tables, and tables flattened one cell per line where the structure can
 * be recovered.
 */
#ifndef CNFISCAL_TABLES_H
#define CNFISCAL_TABLES_H

#include <stdbool.h>
#include <stddef.h>

#include "extract.h"

typedef struct {
    size_t page;     /* 1-based page of the cell */
    char *table;     /* title as printed, e.g. 收入支出决算总表 */
    size_t row, col; /* 0-based positions inside the table body */
    char *row_label;
    char *code;      /* classification code, e.g. 2010301, or "" */
    char *col_label; /* header path joined with '/' */
    char *value;     /* plain decimal */
    char *unit;      /* from the 单位：万元 line, or "" */
} table_cell_t;

typedef struct {
    table_cell_t *items;
    size_t count;
    size_t capacity;
    size_t table_count; /* tables found */
} table_cell_list_t;

void table_cell_list_init(table_cell_list_t *list);
void table_cell_list_free(table_cell_list_t *list);

/* Appends a cell, copying every string (NULL counts as "").  Returns false
 * when out of memory.  Also lets a reader of tables.csv rebuild a cell list
 * to score it. */
bool tables_add_cell(table_cell_list_t *cells, size_t page, const char *table, size_t row,
                     size_t col, const char *row_label, const char *code, const char *col_label,
                     const char *value, const char *unit);

/* ---- gold cells and scoring (corpus/gold-tables/<name>.csv) -------------
 *
 * A gold file is RFC 4180 CSV with the header
 *   source,page,table,row_label,code,col_label,value
 * (source = "pdf/<file name>"; page 1-based; code may be empty).  A produced
 * cell matches a gold cell when the tables have the same title (compared
 * without numbering such as 表一, a year prefix or a 部门/单位 prefix:
 * 2025年部门收入预算总表 ~ 收入预算总表), the row matches (same
 * non-empty code, or the same label), the column header paths are equal and
 * the values are the same number.  Text is compared after whitespace is
 * removed and full-width forms are folded.  Each produced cell matches at
 * most one gold cell. */
typedef struct {
    char *source;
    size_t page;
    char *table;
    char *row_label;
    char *code;
    char *col_label;
    char *value;
} table_gold_cell_t;

typedef struct {
    table_gold_cell_t *items;
    size_t count;
    size_t capacity;
} table_gold_list_t;

void table_gold_list_init(table_gold_list_t *gold);
void table_gold_list_free(table_gold_list_t *gold);

/* Appends the cells of a gold CSV held in memory / read from a file.
 * Returns 0, or -1 with *error set to a malloc'd message naming the line. */
int table_gold_parse(const char *text, size_t length, table_gold_list_t *gold, char **error);
int table_gold_load(const char *path, table_gold_list_t *gold, char **error);

typedef struct {
    size_t gold;     /* gold cells considered */
    size_t produced; /* produced cells considered */
    size_t matched;  /* gold cells with a matching produced cell */
} table_score_t;

/* Scores `cells` (produced from one document) against the gold cells whose
 * source is `source` (NULL: every gold cell).  Returns 0, or -1 with
 * *error set when memory runs out. */
int tables_score(const table_gold_list_t *gold, const char *source, const table_cell_list_t *cells,
                 table_score_t *score, char **error);

/* The same for cells read back from a tables.csv (table_gold_load reads
 * it: the extra columns doc_id, row, col and unit are ignored): scores the
 * rows of `produced` whose source is `source` (NULL: all) against the gold
 * cells with that source. */
int tables_score_csv(const table_gold_list_t *gold, const table_gold_list_t *produced,
                     const char *source, table_score_t *score, char **error);

/* Finds the tables of an extracted document (PDF: from glyphs, which must
 * have been asked for; text: Markdown and flattened tables) and appends
 * their cells.  Returns 0, or -1 with *error set to a malloc'd message. */
int tables_read_document(const extract_document_t *document, table_cell_list_t *cells,
                         char **error);

#endif
