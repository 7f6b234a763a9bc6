/*
 * tables_row_builder.h - state shared by the files that build the rows of a
 * table body: tables_rows.c (word roles, label fragments, rows and their
 * labels), tables_codes.c (classification codes) and tables_values.c
 * (placing every number in a row).  Private to those three files.
 */
#ifndef CNFISCAL_TABLES_ROW_BUILDER_H
#define CNFISCAL_TABLES_ROW_BUILDER_H

#include "tables_internal.h"

typedef struct {
    size_t side;
    double center_y, x1, x2, em;
    char *text;      /* compact label text */
    char *lead_code; /* digits split off the front of the text, or NULL */
    size_t row;      /* SIZE_MAX until placed */
} fragment_t;

typedef struct {
    size_t side;
    double center_y, em;
    char *code;
} code_group_t;

/* Rows of one side are kept in a sorted index for nearest-row searches. */
typedef struct {
    double key;
    size_t row;
} row_key_t;

typedef struct {
    row_key_t *keys;
    size_t count;
} row_index_t;

typedef enum { ROLE_NONE, ROLE_VALUE, ROLE_CODE, ROLE_LABEL } role_t;

typedef struct {
    size_t side;
    double y;
} value_key_t;

typedef struct {
    size_t side, line;
    double y, x;
    size_t position; /* into the body word list */
} word_key_t;

typedef struct {
    const tables_word_list_t *words;
    const size_t *indices;
    size_t count;
    const tables_column_list_t *columns;
    role_t *roles;
    size_t *places; /* value/code: column; label: side */
    word_key_t *keys;
    fragment_t *fragments;
    size_t fragment_count;
    code_group_t *codes;
    size_t code_count;
    tables_row_list_t *rows;
    tables_value_list_t *values;
    row_index_t index;
    value_key_t *value_keys;
    size_t value_key_count;
} row_builder_t;

static inline int tables_compare_doubles(double a, double b)
{
    return a < b ? -1 : a > b;
}

static inline const tables_word_t *tables_body_word(const row_builder_t *builder, size_t position)
{
    return &builder->words->items[builder->indices[position]];
}

/* Appends a row of `side` at reference_y with `code` (copied). */
bool tables_rows_add_row(tables_row_list_t *rows, size_t side, double reference_y,
                         const char *code);
/* Sorts the rows of one side by position into `index` (rebuilt). */
bool tables_rows_build_index(const tables_row_list_t *rows, size_t side, row_index_t *index);
/* The row nearest to y (by its span when by_span, else by its reference),
 * within `limit`; SIZE_MAX when none. */
size_t tables_rows_nearest_row(const tables_row_list_t *rows, const row_index_t *index, double y,
                               double limit, bool by_span);
/* Orders word keys by side, then y, then x. */
int tables_compare_code_keys(const void *a, const void *b);

/* Groups the code words into one code per row (tables_codes.c). */
bool tables_group_codes(row_builder_t *builder);
/* Places every number in a row and column (tables_values.c). */
bool tables_place_values(row_builder_t *builder);

#endif
