/*
 * literal_index.c - where the rules' prefilter literals occur in a text.
 *
 * Every rule's literal set (literal_set.c) is interned into one table when
 * the rule set is compiled; a document is then scanned once, for all rules
 * together: at each character that can start a literal (a bitmap over the
 * BMP says which can), the literals starting with it are compared.  The
 * result is, per literal, the sorted list of offsets where it occurs, from
 * which the matcher takes each rule's candidate places.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static uint32_t first_code_point(const char *text, size_t length, size_t *width)
{
    const unsigned char *s = (const unsigned char *)text;
    if (length == 0) {
        *width = 0;
        return 0;
    }
    if (s[0] < 0x80 || length < 2) {
        *width = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *width = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && length >= 3) {
        *width = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((s[0] & 0xF8) == 0xF0 && length >= 4) {
        *width = 4;
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
    *width = 1;
    return s[0];
}

void literal_table_free(literal_table_t *table)
{
    for (size_t i = 0; i < table->count; i++)
        free(table->items[i]);
    free(table->items);
    free(table->lengths);
    free(table->starts);
    free(table->bitmap);
    memset(table, 0, sizeof *table);
}

int literal_table_intern(literal_table_t *table, const literal_set_t *set, size_t **ids,
                         size_t *id_count)
{
    *ids = NULL;
    *id_count = 0;
    if (set->count == 0)
        return 0;
    *ids = malloc(set->count * sizeof **ids);
    if (!*ids)
        return -1;
    for (size_t i = 0; i < set->count; i++) {
        size_t id = table->count;
        for (size_t j = 0; j < table->count; j++)
            if (table->lengths[j] == set->lengths[i] &&
                memcmp(table->items[j], set->items[i], set->lengths[i]) == 0) {
                id = j;
                break;
            }
        if (id == table->count) {
            if (patterns_grow((void **)&table->items, &table->capacity, table->count,
                              sizeof *table->items) < 0)
                return -1;
            size_t *lengths = realloc(table->lengths, table->capacity * sizeof *lengths);
            if (!lengths)
                return -1;
            table->lengths = lengths;
            table->items[id] = patterns_strndup(set->items[i], set->lengths[i]);
            if (!table->items[id])
                return -1;
            table->lengths[id] = set->lengths[i];
            table->count++;
        }
        (*ids)[(*id_count)++] = id;
    }
    return 0;
}

static int compare_starts(const void *left, const void *right)
{
    const literal_start_t *a = left, *b = right;
    if (a->code_point != b->code_point)
        return a->code_point < b->code_point ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

int literal_table_finish(literal_table_t *table)
{
    free(table->starts);
    free(table->bitmap);
    table->starts = calloc(table->count ? table->count : 1, sizeof *table->starts);
    table->bitmap = calloc(65536 / 8, 1);
    if (!table->starts || !table->bitmap)
        return -1;
    for (size_t i = 0; i < table->count; i++) {
        size_t width;
        uint32_t code_point = first_code_point(table->items[i], table->lengths[i], &width);
        table->starts[i].code_point = code_point;
        table->starts[i].id = i;
        if (code_point < 65536)
            table->bitmap[code_point >> 3] |= (unsigned char)(1u << (code_point & 7));
        else
            table->has_astral = true;
    }
    qsort(table->starts, table->count, sizeof *table->starts, compare_starts);
    return 0;
}

static int add_occurrence(literal_occurrences_t *found, size_t id, size_t offset)
{
    literal_hits_t *hits = &found->hits[id];
    if (patterns_grow((void **)&hits->offsets, &hits->capacity, hits->count,
                      sizeof *hits->offsets) < 0)
        return -1;
    hits->offsets[hits->count++] = offset;
    return 0;
}

int literal_table_scan(const literal_table_t *table, const char *text, size_t length,
                       literal_occurrences_t *found)
{
    if (found->count < table->count) {
        literal_hits_t *hits = realloc(found->hits, table->count * sizeof *hits);
        if (!hits)
            return -1;
        memset(hits + found->count, 0, (table->count - found->count) * sizeof *hits);
        found->hits = hits;
        found->count = table->count;
    }
    for (size_t i = 0; i < found->count; i++)
        found->hits[i].count = 0;
    if (table->count == 0)
        return 0;
    size_t at = 0;
    while (at < length) {
        unsigned char lead = (unsigned char)text[at];
        size_t width;
        uint32_t code_point;
        if (lead < 0x80) {
            code_point = lead;
            width = 1;
        } else {
            code_point = first_code_point(text + at, length - at, &width);
        }
        bool candidate = code_point < 65536
                             ? (table->bitmap[code_point >> 3] >> (code_point & 7)) & 1
                             : table->has_astral;
        if (candidate) {
            /* Binary search for the first literal starting with this code point. */
            size_t low = 0, high = table->count;
            while (low < high) {
                size_t middle = (low + high) / 2;
                if (table->starts[middle].code_point < code_point)
                    low = middle + 1;
                else
                    high = middle;
            }
            for (size_t i = low; i < table->count && table->starts[i].code_point == code_point;
                 i++) {
                size_t id = table->starts[i].id;
                if (table->lengths[id] <= length - at &&
                    memcmp(text + at, table->items[id], table->lengths[id]) == 0 &&
                    add_occurrence(found, id, at) < 0)
                    return -1;
            }
        }
        at += width;
    }
    return 0;
}

void literal_occurrences_free(literal_occurrences_t *found)
{
    for (size_t i = 0; i < found->count; i++)
        free(found->hits[i].offsets);
    free(found->hits);
    memset(found, 0, sizeof *found);
}
