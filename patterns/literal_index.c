/*
 * literal_index.c - where the rules' prefilter literals occur in a text.
 *
 * Every rule's literal set (literal_set.c) is interned into one table when
 * the rule set is compiled; a document is then scanned once, for all rules
 * together: at each character that can start a literal (a flag table over the
 * BMP says which can), the literals starting with it and the character
 * after it (a hash of the pairs finds them) are compared.  The
 * result is, per literal, the sorted list of offsets where it occurs, from
 * which the matcher takes each rule's candidate places.  The same pass
 * records where digit runs (\d{6} items) start, where each barrier
 * character ends, and the longest run of digits and numerals (beyond the
 * analysis' limit the matcher turns the prefilter off).
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

void literal_table_free(literal_table_t *table)
{
    for (size_t i = 0; i < table->count; i++)
        free(table->items[i]);
    free(table->items);
    free(table->lengths);
    free(table->starts);
    free(table->buckets);
    free(table->flags);
    free(table->pairs);
    free(table->digit_run_ids);
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
    if (a->second != b->second)
        return a->second < b->second ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static uint64_t pair_key(uint32_t first, uint32_t second)
{
    return (uint64_t)first << 32 | second;
}

static size_t bucket_slot(const literal_table_t *table, uint64_t key)
{
    /* Fibonacci hashing: the product's top bits depend on every bit of the key. */
    return (size_t)((key * 0x9E3779B97F4A7C15u) >> 40) & (table->bucket_count - 1);
}

/* literal_table_t.flags of a BMP character (one outside the BMP is taken to
 * have them all). */
enum {
    CHARACTER_STARTS = 1,  /* starts a literal */
    CHARACTER_SINGLE = 2,  /* is a literal by itself */
    CHARACTER_SPECIAL = 4, /* a barrier, a digit or a numeral */
    CHARACTER_ALL = 7
};

/* A bit per pair in literal_table_t.pairs: most pairs of a text start no
 * literal, and this small filter says so without probing the buckets. */
enum { PAIR_FILTER_BITS = 1 << 16 };
static size_t pair_filter_bit(uint64_t key)
{
    return (size_t)((key * 0xC2B2AE3D27D4EB4Fu) >> 48) & (PAIR_FILTER_BITS - 1);
}

static bool bit_set(const unsigned char *bits, size_t bit)
{
    return (bits[bit >> 3] >> (bit & 7)) & 1u;
}

/* The bucket of the literals starting with `key`'s pair, or NULL. */
static const literal_bucket_t *find_bucket(const literal_table_t *table, uint64_t key)
{
    for (size_t slot = bucket_slot(table, key); table->buckets[slot].key != 0;
         slot = (slot + 1) & (table->bucket_count - 1))
        if (table->buckets[slot].key == key)
            return &table->buckets[slot];
    return NULL;
}

static bool may_be_numeral(uint32_t code_point);

int literal_table_finish(literal_table_t *table)
{
    free(table->starts);
    free(table->buckets);
    free(table->flags);
    free(table->pairs);
    free(table->digit_run_ids);
    table->digit_run_ids = NULL;
    table->digit_run_count = 0;
    table->start_count = 0;
    table->bucket_count = 16;
    while (table->bucket_count < table->count * 2)
        table->bucket_count *= 2;
    table->starts = calloc(table->count ? table->count : 1, sizeof *table->starts);
    table->buckets = calloc(table->bucket_count, sizeof *table->buckets);
    table->flags = calloc(65536, 1);
    table->pairs = calloc(PAIR_FILTER_BITS / 8, 1);
    table->digit_run_ids = calloc(table->count ? table->count : 1, sizeof *table->digit_run_ids);
    if (!table->starts || !table->buckets || !table->flags || !table->pairs ||
        !table->digit_run_ids)
        return -1;
    for (uint32_t code_point = 0; code_point < 65536; code_point++)
        if (literal_barrier_kind(code_point) >= 0 || may_be_numeral(code_point))
            table->flags[code_point] |= CHARACTER_SPECIAL;
    for (size_t i = 0; i < table->count; i++) {
        size_t digits = 0;
        if (literal_is_digit_run(table->items[i], table->lengths[i], &digits)) {
            table->digit_run_ids[table->digit_run_count++] = i;
            continue;
        }
        size_t width, second_width;
        uint32_t code_point = patterns_code_point(table->items[i], table->lengths[i], &width);
        literal_start_t *start = &table->starts[table->start_count++];
        start->code_point = code_point;
        start->second = width < table->lengths[i]
                            ? patterns_code_point(table->items[i] + width,
                                                  table->lengths[i] - width, &second_width)
                            : 0;
        start->id = i;
        if (code_point < 65536)
            table->flags[code_point] |= CHARACTER_STARTS;
    }
    qsort(table->starts, table->start_count, sizeof *table->starts, compare_starts);
    for (size_t i = 0; i < table->start_count;) {
        uint64_t key = pair_key(table->starts[i].code_point, table->starts[i].second);
        size_t end = i + 1;
        while (end < table->start_count &&
               pair_key(table->starts[end].code_point, table->starts[end].second) == key)
            end++;
        size_t slot = bucket_slot(table, key);
        while (table->buckets[slot].key != 0)
            slot = (slot + 1) & (table->bucket_count - 1);
        table->buckets[slot] = (literal_bucket_t){key, i, end};
        size_t bit = pair_filter_bit(key);
        table->pairs[bit >> 3] |= (unsigned char)(1u << (bit & 7));
        uint32_t first = table->starts[i].code_point;
        if (table->starts[i].second == 0 && first < 65536)
            table->flags[first] |= CHARACTER_SINGLE;
        i = end;
    }
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

/* Records the literals of `bucket` that occur at `at`. */
static int match_bucket(const literal_table_t *table, const literal_bucket_t *bucket,
                        const char *text, size_t length, size_t at, size_t known,
                        literal_occurrences_t *found)
{
    for (size_t i = bucket->begin; i < bucket->end; i++) {
        size_t id = table->starts[i].id;
        size_t literal_length = table->lengths[id];
        if (literal_length > length - at)
            continue;
        /* The first `known` bytes (the bucket's characters) already match;
         * the last byte, which differs most often, is tried before the rest. */
        size_t from = known < literal_length ? known : literal_length;
        const char *item = table->items[id];
        if (from < literal_length && text[at + literal_length - 1] != item[literal_length - 1])
            continue;
        if (memcmp(text + at + from, item + from, literal_length - from) == 0 &&
            add_occurrence(found, id, at) < 0)
            return -1;
    }
    return 0;
}

bool literal_is_digit_run(const char *item, size_t length, size_t *digits)
{
    if (length != DIGIT_RUN_ITEM_LENGTH || (unsigned char)item[0] != 0xFF ||
        (unsigned char)item[1] != 0xFE || item[2] != 'd' || item[3] < '1' || item[3] > '9')
        return false;
    *digits = (size_t)(item[3] - '0');
    return true;
}

/* Whether \d (with PCRE2_UCP: any decimal digit) may match the code point:
 * the ASCII digits, and every character outside the ranges known to hold
 * no decimal digit (Latin-1 and the rest below U+0660, general
 * punctuation, the CJK blocks, the full-width forms other than ０-９). */
static bool may_be_digit(uint32_t code_point)
{
    if (code_point < 0x660)
        return code_point >= '0' && code_point <= '9';
    return !((code_point >= 0x2000 && code_point <= 0x206F) ||
             (code_point >= 0x2E80 && code_point <= 0x9FFF) ||
             (code_point >= 0xFF00 && code_point <= 0xFF0F) ||
             (code_point >= 0xFF1A && code_point <= 0xFFEF));
}

/* Whether a numeral class of the rules ([0-9], \\d, [一二三...], see
 * literal_set.c) may match the code point: what the numeral-run limit
 * counts. */
static bool may_be_numeral(uint32_t code_point)
{
    if (code_point < 0x4E00 || code_point > 0x9FFF) /* outside the CJK ideographs */
        return code_point == 0x3007 /* 〇 */ || may_be_digit(code_point);
    switch (code_point) {
    case 0x96F6: /* 零 */
    case 0x4E00: /* 一 */
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
    case 0x4E09: /* 三 */
    case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */
    case 0x516D: /* 六 */
    case 0x4E03: /* 七 */
    case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */
    case 0x5341: /* 十 */
    case 0x767E: /* 百 */
    case 0x5343: /* 千 */
    case 0x4E07: /* 万 */
    case 0x4EBF: /* 亿 */
    case 0x70B9: /* 点 */
        return true;
    default:
        return false;
    }
}

/* Which barrier character of literal_set.c's the code point is (-1: none). */
int literal_barrier_kind(uint32_t code_point)
{
    switch (code_point) {
    case '\n':
        return 0;
    case 0x3002: /* 。 */
        return 1;
    case ';':
        return 2;
    case ',':
        return 3;
    case ':':
        return 4;
    case 0x3001: /* 、 */
        return 5;
    default:
        return -1;
    }
}

static int add_end(literal_hits_t *ends, size_t end)
{
    if (patterns_grow((void **)&ends->offsets, &ends->capacity, ends->count,
                      sizeof *ends->offsets) < 0)
        return -1;
    ends->offsets[ends->count++] = end;
    return 0;
}

/* At the end of a run of `run_length` digits (their offsets in
 * found->run_offsets): the places where each digit-run item's run starts. */
static int end_digit_run(const literal_table_t *table, literal_occurrences_t *found,
                         size_t run_length)
{
    for (size_t i = 0; i < table->digit_run_count; i++) {
        size_t id = table->digit_run_ids[i], digits = 0;
        literal_is_digit_run(table->items[id], table->lengths[id], &digits);
        for (size_t start = 0; start + digits <= run_length; start++)
            if (add_occurrence(found, id, found->run_offsets[start]) < 0)
                return -1;
    }
    return 0;
}

/* Fills found->barrier_blocks from the barriers' ends. */
static int index_barrier_blocks(literal_occurrences_t *found, size_t length)
{
    size_t blocks = length / BARRIER_BLOCK_BYTES + 1;
    if (blocks > SIZE_MAX / sizeof *found->barrier_blocks / LITERAL_BARRIER_COUNT)
        return -1;
    if (blocks * LITERAL_BARRIER_COUNT > found->block_capacity) {
        size_t *grown = realloc(found->barrier_blocks,
                                blocks * LITERAL_BARRIER_COUNT * sizeof *found->barrier_blocks);
        if (!grown)
            return -1;
        found->barrier_blocks = grown;
        found->block_capacity = blocks * LITERAL_BARRIER_COUNT;
    }
    found->block_count = blocks;
    for (size_t kind = 0; kind < LITERAL_BARRIER_COUNT; kind++) {
        const literal_hits_t *ends = &found->barrier_ends[kind];
        size_t before = 0;
        for (size_t block = 0; block < blocks; block++) {
            while (before < ends->count && ends->offsets[before] < block * BARRIER_BLOCK_BYTES)
                before++;
            found->barrier_blocks[block * LITERAL_BARRIER_COUNT + kind] = before;
        }
    }
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
    for (size_t i = 0; i < LITERAL_BARRIER_COUNT; i++)
        found->barrier_ends[i].count = 0;
    found->longest_numeral_run = 0;
    found->block_count = 0;
    if (table->count == 0)
        return 0;
    /* Each character is decoded once: as the pair's second, then as the
     * next position's first. */
    size_t at = 0, run_length = 0, numeral_run = 0, width = 0;
    uint32_t code_point = length > 0 ? patterns_code_point(text, length, &width) : 0;
    while (at < length) {
        size_t next = at + width, next_width = 0;
        uint32_t next_code_point =
            next < length ? patterns_code_point(text + next, length - next, &next_width) : 0;
        unsigned char flags = code_point < 65536 ? table->flags[code_point] : CHARACTER_ALL;
        bool numeral = false, digit = false;
        if (flags & CHARACTER_SPECIAL) {
            int barrier = literal_barrier_kind(code_point);
            if (barrier >= 0 && add_end(&found->barrier_ends[barrier], next) < 0)
                return -1;
            numeral = may_be_numeral(code_point);
            digit = may_be_digit(code_point);
        }
        numeral_run = numeral ? numeral_run + 1 : 0;
        if (numeral_run > found->longest_numeral_run)
            found->longest_numeral_run = numeral_run;
        if (table->digit_run_count > 0) {
            if (digit) {
                if (patterns_grow((void **)&found->run_offsets, &found->run_capacity, run_length,
                                  sizeof *found->run_offsets) < 0)
                    return -1;
                found->run_offsets[run_length++] = at;
            } else if (run_length > 0) {
                if (end_digit_run(table, found, run_length) < 0)
                    return -1;
                run_length = 0;
            }
        }
        if (flags & CHARACTER_STARTS) {
            /* One-character literals, then those starting with this pair. */
            const literal_bucket_t *bucket =
                flags & CHARACTER_SINGLE ? find_bucket(table, pair_key(code_point, 0)) : NULL;
            if (bucket && match_bucket(table, bucket, text, length, at, width, found) < 0)
                return -1;
            uint64_t key = pair_key(code_point, next_code_point);
            bucket = next < length && next_code_point && bit_set(table->pairs, pair_filter_bit(key))
                         ? find_bucket(table, key)
                         : NULL;
            if (bucket &&
                match_bucket(table, bucket, text, length, at, width + next_width, found) < 0)
                return -1;
        }
        at = next;
        width = next_width;
        code_point = next_code_point;
    }
    if (run_length > 0 && end_digit_run(table, found, run_length) < 0)
        return -1;
    return index_barrier_blocks(found, length);
}

void literal_occurrences_free(literal_occurrences_t *found)
{
    for (size_t i = 0; i < found->count; i++)
        free(found->hits[i].offsets);
    free(found->hits);
    free(found->run_offsets);
    for (size_t i = 0; i < LITERAL_BARRIER_COUNT; i++)
        free(found->barrier_ends[i].offsets);
    free(found->barrier_blocks);
    memset(found, 0, sizeof *found);
}
