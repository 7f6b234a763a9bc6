/*
 * literal_index.c - where the rules' prefilter literals occur in a text.
 *
 * Every rule's literal set (literal_set.c) is interned into one table when
 * the rule set is compiled, and the table's text literals are made into a
 * trie of characters; a document is then scanned once, for all rules
 * together: at each character that can start a literal (a table over the
 * BMP says which can, and where its branch of the trie is) the trie is
 * walked along the text, and every literal met on the way occurs there.
 * The result is, per literal, the sorted list of offsets where it occurs,
 * from which the matcher takes each rule's candidate places.  The same
 * pass records where digit runs (\d{6} items) start, where each barrier
 * character ends (with a per-block count of them, for match_places.c), and
 * the longest run of digits and numerals (beyond the analysis' limit the
 * matcher turns the prefilter off).
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
    free(table->nodes);
    free(table->characters);
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

/* literal_table_t.characters of a BMP character, in its low bits (one
 * outside the BMP is taken to have them all); the rest is the index of the
 * root's child for it, 0 when there is none. */
enum {
    CHARACTER_STARTS = 1,  /* starts a literal */
    CHARACTER_SPECIAL = 4, /* a barrier, a digit or a numeral */
    CHARACTER_ALL = 7,
    CHARACTER_NODE_SHIFT = 3
};
/* The most trie nodes the characters' entries can point to. */
#define LITERAL_NODES_MOST (UINT32_MAX >> CHARACTER_NODE_SHIFT)

/* Whether the literal is well-formed UTF-8 (no overlong form, surrogate or
 * code point past U+10FFFF): the text literals of PCRE2_UTF regexes are.
 * Only such a literal can occur in the text the matcher scans, which is
 * checked the same way, and only for those is comparing characters, as the
 * trie does, comparing bytes. */
static bool literal_is_utf8(const char *item, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)item;
    for (size_t i = 0; i < length;) {
        unsigned char c = bytes[i];
        size_t extra = c < 0x80                 ? 0
                       : c >= 0xC2 && c <= 0xDF ? 1
                       : c >= 0xE0 && c <= 0xEF ? 2
                       : c >= 0xF0 && c <= 0xF4 ? 3
                                                : 4;
        if (extra == 4 || extra >= length - i)
            return extra == 0;
        uint32_t code_point = c & (0x3Fu >> extra);
        for (size_t k = 1; k <= extra; k++) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
            code_point = code_point << 6 | (bytes[i + k] & 0x3Fu);
        }
        if ((extra == 2 &&
             (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF))) ||
            (extra == 3 && (code_point < 0x10000 || code_point > 0x10FFFF)))
            return false;
        i += extra + 1;
    }
    return true;
}

/* A text literal as literal_table_finish sorts them: bytewise, a prefix
 * first, which for UTF-8 is by code points. */
typedef struct {
    const char *item;
    size_t length, id;
} sorted_literal_t;

static int compare_literals(const void *left, const void *right)
{
    const sorted_literal_t *a = left, *b = right;
    int order = memcmp(a->item, b->item, a->length < b->length ? a->length : b->length);
    if (order != 0)
        return order;
    return a->length < b->length ? -1 : a->length > b->length;
}

/* A node whose children are still to be made: the sorted literals
 * [begin, end) all start with its string, which is `depth` bytes long. */
typedef struct {
    size_t node, begin, end, depth;
} pending_node_t;

/* The child of `node` for `code_point`, or NULL. */
static inline const literal_node_t *find_child(const literal_table_t *table,
                                               const literal_node_t *node, uint32_t code_point)
{
    const literal_node_t *children = table->nodes + node->first_child;
    size_t first = 0, last = node->child_count;
    while (last - first > 4) { /* then a few in a row */
        size_t middle = first + (last - first) / 2;
        if (children[middle].code_point <= code_point)
            first = middle;
        else
            last = middle;
    }
    for (; first < last && children[first].code_point <= code_point; first++)
        if (children[first].code_point == code_point)
            return &children[first];
    return NULL;
}

/* patterns_code_point, quicker for the text's usual characters: ASCII
 * and the three-byte ones (CJK). */
static inline uint32_t text_code_point(const char *text, size_t length, size_t *width)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[0] < 0x80) {
        *width = 1;
        return s[0];
    }
    if ((s[0] & 0xF0) == 0xE0 && length >= 3) {
        *width = 3;
        return (uint32_t)(s[0] & 0x0Fu) << 12 | (uint32_t)(s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    }
    return patterns_code_point(text, length, width);
}

static bool may_be_numeral(uint32_t code_point);

/* Makes the trie of the sorted text literals, level by level (a node's
 * children are made together, so they lie side by side in code point
 * order), and points each first character's entry in table->characters at
 * its node. */
static int build_trie(literal_table_t *table, const sorted_literal_t *sorted, size_t count)
{
    size_t most = 1;
    for (size_t i = 0; i < count; i++)
        most += sorted[i].length; /* at least one byte per character */
    if (most > LITERAL_NODES_MOST || table->count >= UINT32_MAX)
        return -1;
    table->nodes = calloc(most, sizeof *table->nodes);
    pending_node_t *pending = malloc(most * sizeof *pending);
    if (!table->nodes || !pending) {
        free(pending);
        return -1;
    }
    table->node_count = 1;
    size_t first_pending = 0, pending_count = 0;
    pending[pending_count++] = (pending_node_t){0, 0, count, 0};
    while (first_pending < pending_count) {
        pending_node_t parent = pending[first_pending++];
        size_t begin = parent.begin;
        if (begin < parent.end && sorted[begin].length == parent.depth) /* the string itself */
            table->nodes[parent.node].literal = (uint32_t)(sorted[begin++].id + 1);
        table->nodes[parent.node].first_child = (uint32_t)table->node_count;
        while (begin < parent.end) {
            const sorted_literal_t *first = &sorted[begin];
            size_t width;
            uint32_t code_point = patterns_code_point(first->item + parent.depth,
                                                      first->length - parent.depth, &width);
            size_t end = begin + 1;
            while (end < parent.end && sorted[end].length >= parent.depth + width &&
                   memcmp(sorted[end].item + parent.depth, first->item + parent.depth, width) == 0)
                end++;
            size_t child = table->node_count++;
            table->nodes[child].code_point = code_point;
            table->nodes[parent.node].child_count++;
            pending[pending_count++] = (pending_node_t){child, begin, end, parent.depth + width};
            if (parent.node == 0 && code_point < 65536)
                table->characters[code_point] |= (uint32_t)child << CHARACTER_NODE_SHIFT;
            begin = end;
        }
    }
    free(pending);
    return 0;
}

int literal_table_finish(literal_table_t *table)
{
    free(table->nodes);
    free(table->characters);
    free(table->digit_run_ids);
    table->nodes = NULL;
    table->node_count = 0;
    table->digit_run_ids = NULL;
    table->digit_run_count = 0;
    table->characters = calloc(65536, sizeof *table->characters);
    table->digit_run_ids = calloc(table->count ? table->count : 1, sizeof *table->digit_run_ids);
    sorted_literal_t *sorted = calloc(table->count ? table->count : 1, sizeof *sorted);
    if (!table->characters || !table->digit_run_ids || !sorted) {
        free(sorted);
        return -1;
    }
    for (uint32_t code_point = 0; code_point < 65536; code_point++)
        if (literal_barrier_kind(code_point) >= 0 || may_be_numeral(code_point))
            table->characters[code_point] |= CHARACTER_SPECIAL;
    size_t sorted_count = 0;
    for (size_t i = 0; i < table->count; i++) {
        size_t digits = 0;
        if (literal_is_digit_run(table->items[i], table->lengths[i], &digits)) {
            table->digit_run_ids[table->digit_run_count++] = i;
        } else if (table->lengths[i] > 0 && literal_is_utf8(table->items[i], table->lengths[i])) {
            sorted[sorted_count++] = (sorted_literal_t){table->items[i], table->lengths[i], i};
            size_t width;
            uint32_t code_point = patterns_code_point(table->items[i], table->lengths[i], &width);
            if (code_point < 65536)
                table->characters[code_point] |= CHARACTER_STARTS;
        }
    }
    qsort(sorted, sorted_count, sizeof *sorted, compare_literals);
    int status = build_trie(table, sorted, sorted_count);
    free(sorted);
    return status;
}

static int add_occurrence(literal_occurrences_t *found, size_t id, size_t offset)
{
    literal_hits_t *hits = &found->hits[id];
    if (hits->count == hits->capacity && /* the call only when full: a hot path */
        patterns_grow((void **)&hits->offsets, &hits->capacity, hits->count,
                      sizeof *hits->offsets) < 0)
        return -1;
    hits->offsets[hits->count++] = offset;
    return 0;
}

/* Records the literals that occur at `at`: those on the trie's way
 * along the text from `node`, the root's child for the character at `at`,
 * which ends at `after`. */
static int match_literals(const literal_table_t *table, const literal_node_t *node,
                          const char *text, size_t length, size_t at, size_t after,
                          literal_occurrences_t *found)
{
    for (;;) {
        if (node->literal && add_occurrence(found, node->literal - 1, at) < 0)
            return -1;
        if (node->child_count == 0 || after >= length)
            return 0;
        size_t width;
        uint32_t code_point = text_code_point(text + after, length - after, &width);
        node = find_child(table, node, code_point);
        if (!node)
            return 0;
        after += width;
    }
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
    if (ends->count == ends->capacity && patterns_grow((void **)&ends->offsets, &ends->capacity,
                                                       ends->count, sizeof *ends->offsets) < 0)
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
    size_t at = 0, run_length = 0, numeral_run = 0;
    while (at < length) {
        size_t width;
        uint32_t code_point = text_code_point(text + at, length - at, &width);
        size_t next = at + width;
        uint32_t character = code_point < 65536 ? table->characters[code_point] : CHARACTER_ALL;
        if (character & CHARACTER_SPECIAL) {
            int barrier = literal_barrier_kind(code_point);
            if (barrier >= 0 && add_end(&found->barrier_ends[barrier], next) < 0)
                return -1;
            numeral_run = may_be_numeral(code_point) ? numeral_run + 1 : 0;
            if (numeral_run > found->longest_numeral_run)
                found->longest_numeral_run = numeral_run;
            if (table->digit_run_count > 0) {
                if (may_be_digit(code_point)) {
                    if (patterns_grow((void **)&found->run_offsets, &found->run_capacity,
                                      run_length, sizeof *found->run_offsets) < 0)
                        return -1;
                    found->run_offsets[run_length++] = at;
                } else if (run_length > 0) {
                    if (end_digit_run(table, found, run_length) < 0)
                        return -1;
                    run_length = 0;
                }
            }
        } else {
            numeral_run = 0; /* neither a digit nor a numeral */
            if (run_length > 0) {
                if (end_digit_run(table, found, run_length) < 0)
                    return -1;
                run_length = 0;
            }
        }
        if (character & CHARACTER_STARTS) {
            /* A BMP character's node is in its entry; 0 is the root: none. */
            size_t child = character >> CHARACTER_NODE_SHIFT;
            const literal_node_t *node = code_point >= 65536
                                             ? find_child(table, table->nodes, code_point)
                                         : child > 0 ? &table->nodes[child]
                                                     : NULL;
            if (node && match_literals(table, node, text, length, at, next, found) < 0)
                return -1;
        }
        at = next;
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
