/*
 * page_furniture.c - page numbers and running headers/footers (see
 * page_furniture.h).
 */
#include "page_furniture.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text_buffer.h"

#define EDGE_LINES 2 /* lines at the top and at the bottom that can be furniture */

enum { REGION_TOP = 0, REGION_BOTTOM = 1 };

typedef struct {
    size_t key_offset; /* in the key buffer */
    size_t key_length;
    int region;
    size_t pages;     /* distinct pages seen */
    size_t last_page; /* to count a page once */
    bool used;
} header_slot_t;

typedef struct {
    header_slot_t *slots;
    size_t capacity; /* power of two */
    text_buffer_t keys;
} header_table_t;

static uint64_t hash_key(const char *key, size_t length, int region)
{
    uint64_t hash = 1469598103934665603ull ^ (uint64_t)region;
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)key[i];
        hash *= 1099511628211ull;
    }
    return hash;
}

/* The comparison key of a line: its text without ASCII digits and spaces. */
static int line_key(const char *text, size_t length, text_buffer_t *scratch)
{
    scratch->length = 0;
    if (text_buffer_reserve(scratch, length) != 0)
        return -1;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if ((c >= '0' && c <= '9') || c == ' ')
            continue;
        scratch->data[scratch->length++] = c;
    }
    return 0;
}

static header_slot_t *find_slot(header_table_t *table, const char *key, size_t length, int region)
{
    size_t mask = table->capacity - 1;
    size_t index = (size_t)hash_key(key, length, region) & mask;
    for (;;) {
        header_slot_t *slot = &table->slots[index];
        if (!slot->used)
            return slot;
        if (slot->region == region && slot->key_length == length &&
            memcmp(table->keys.data + slot->key_offset, key, length) == 0)
            return slot;
        index = (index + 1) & mask;
    }
}

/* Indices of the (at most EDGE_LINES) first or last candidate lines of a
 * page: not rows, not already dropped.  Returns how many. */
static size_t edge_lines(const normalize_document_lines_t *document, size_t page, int region,
                         size_t edge[EDGE_LINES])
{
    size_t found = 0;
    size_t first = document->page_first_line[page];
    size_t end = document->page_first_line[page + 1];
    if (region == REGION_TOP) {
        for (size_t i = first; i < end && found < EDGE_LINES; i++)
            if (!document->lines[i].row && !document->lines[i].dropped)
                edge[found++] = i;
    } else {
        for (size_t i = end; i > first && found < EDGE_LINES; i--)
            if (!document->lines[i - 1].row && !document->lines[i - 1].dropped)
                edge[found++] = i - 1;
    }
    return found;
}

static void mark_page_numbers(normalize_document_lines_t *document)
{
    for (size_t page = 0; page < document->page_count; page++) {
        size_t first = document->page_first_line[page];
        size_t end = document->page_first_line[page + 1];
        size_t edges[2][EDGE_LINES];
        size_t edge_count[2];
        edge_count[REGION_TOP] = edge_lines(document, page, REGION_TOP, edges[REGION_TOP]);
        edge_count[REGION_BOTTOM] = edge_lines(document, page, REGION_BOTTOM, edges[REGION_BOTTOM]);
        for (size_t i = first; i < end; i++) {
            normalize_line_t *line = &document->lines[i];
            if (line->row || line->kind.page_number == PAGE_NUMBER_NONE)
                continue;
            if (line->kind.page_number == PAGE_NUMBER_DECORATED) {
                line->dropped = true;
                continue;
            }
            /* a bare number only as the very first or last line: one line in
             * from the edge it is more often a table's row number */
            bool at_edge = (edge_count[REGION_TOP] > 0 && edges[REGION_TOP][0] == i) ||
                           (edge_count[REGION_BOTTOM] > 0 && edges[REGION_BOTTOM][0] == i);
            long value = line->kind.page_number_value;
            bool numbered_edge =
                document->page_count >= 2 && at_edge && value >= 1 && (size_t)value <= page + 1;
            bool blank_after = i + 1 == end || document->lines[i + 1].blank_before > 0;
            bool after_gap = line->blank_before >= 2 && blank_after;
            if (numbered_edge || after_gap)
                line->dropped = true;
        }
    }
}

static int mark_running_headers(normalize_document_lines_t *document)
{
    size_t pages = document->page_count;
    if (pages < 3)
        return 0;
    header_table_t table = {0};
    text_buffer_init(&table.keys);
    text_buffer_t scratch;
    text_buffer_init(&scratch);
    int result = -1;
    size_t entries = pages * EDGE_LINES * 2;
    table.capacity = 16;
    while (table.capacity < entries * 2) {
        if (table.capacity > SIZE_MAX / 4 / sizeof(header_slot_t))
            goto done;
        table.capacity *= 2;
    }
    table.slots = calloc(table.capacity, sizeof *table.slots);
    if (!table.slots)
        goto done;

    /* Two passes: count pages per key, then drop lines whose key is common. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t page = 0; page < pages; page++) {
            for (int region = 0; region < 2; region++) {
                size_t edge[EDGE_LINES];
                size_t count = edge_lines(document, page, region, edge);
                for (size_t e = 0; e < count; e++) {
                    normalize_line_t *line = &document->lines[edge[e]];
                    if (line_key(document->arena + line->offset, line->length, &scratch) != 0)
                        goto done;
                    if (scratch.length < 4)
                        continue;
                    header_slot_t *slot = find_slot(&table, scratch.data, scratch.length, region);
                    if (pass == 0) {
                        if (!slot->used) {
                            slot->used = true;
                            slot->region = region;
                            slot->key_offset = table.keys.length;
                            slot->key_length = scratch.length;
                            slot->last_page = page;
                            slot->pages = 1;
                            if (text_buffer_append(&table.keys, scratch.data, scratch.length) != 0)
                                goto done;
                        } else if (slot->last_page != page) {
                            slot->last_page = page;
                            slot->pages++;
                        }
                    } else if (slot->used && slot->pages >= 3 && slot->pages * 10 >= pages * 6) {
                        line->dropped = true;
                    }
                }
            }
        }
    }
    result = 0;
done:
    free(table.slots);
    text_buffer_free(&table.keys);
    text_buffer_free(&scratch);
    return result;
}

int page_furniture_mark(normalize_document_lines_t *document)
{
    mark_page_numbers(document);
    return mark_running_headers(document);
}
