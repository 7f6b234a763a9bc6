/*
 * tables_furniture.c - page furniture that is not part of a table: page
 * numbers (12, -12-, 第12页, 12/30) alone on a line in the top or bottom
 * margin.  Region reading skips these lines, so a page number under a table
 * is neither a value nor the end of a table that goes on.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* 12, -12-, — 12 —, 第12页, 第12页共30页, 12/30 */
static bool is_page_number_text(const char *text)
{
    const char *at = text;
    while (*at == '-' || starts_with(at, "—") || starts_with(at, "第")) {
        at += *at == '-' ? 1 : strlen("—");
    }
    size_t digits = 0;
    while (at[digits] >= '0' && at[digits] <= '9') {
        digits++;
    }
    if (digits == 0 || digits > 4) {
        return false;
    }
    at += digits;
    if (*at == '/') {
        at++;
        while (*at >= '0' && *at <= '9') {
            at++;
        }
    }
    if (starts_with(at, "页")) {
        at += strlen("页");
        if (starts_with(at, "共")) {
            at += strlen("共");
            while (*at >= '0' && *at <= '9') {
                at++;
            }
            if (starts_with(at, "页")) {
                at += strlen("页");
            }
        }
    }
    while (*at == '-' || starts_with(at, "—")) {
        at += *at == '-' ? 1 : strlen("—");
    }
    return *at == '\0';
}

bool tables_mark_furniture(tables_page_t *context)
{
    context->furniture = calloc(context->lines.count + 1, sizeof *context->furniture);
    if (context->furniture == NULL) {
        return false;
    }
    double height = context->page->height > 0 ? context->page->height : 842.0;
    for (size_t k = 0; k < context->lines.count; k++) {
        const tables_line_t *line = &context->lines.items[k];
        bool margin = line->center_y > 0.85 * height || line->center_y < 0.1 * height;
        context->furniture[k] = margin && is_page_number_text(line->text);
    }
    return true;
}
