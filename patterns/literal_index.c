/*
 * literal_index.c - where the rules' prefilter literals occur in a text.
 *
 * Every rule's literal set (literal_set.c) is interned into one table when
 * the rule set is compiled, and the table's text literals are made into an
 * Aho-Corasick automaton: a trie of characters whose every node is a state,
 * with a move for every (state, character class) worked out in advance, so
 * that a document is scanned once, for all rules together, with one table
 * step per character and no backtracking.  The literals that end in a state
 * are listed with it, and so are the barrier characters (line break, 。 ;
 * , : 、), which the automaton finds as one-character strings of their own.
 * An occurrence is recorded at the offset where the literal starts: where
 * the character that ends it ends, less the literal's length in bytes.
 * That holds because the text is valid UTF-8 (the matcher checks it, or has
 * it from normalize), as the literals in the automaton are, and its classes
 * are single code points: the characters the automaton went through to the
 * state are the literal's, so their bytes are too.  The characters after
 * which something ends are noted without a branch, and what ends there
 * recorded after each block of characters: this code is bound by
 * mispredicted branches and the latency of the automaton's moves as much
 * as by instructions.  The result is, per literal, the sorted list of
 * offsets where it occurs, from which the matcher takes each rule's
 * candidate places, and where each barrier character ends (with a
 * per-block count and bit mask of them, for match_places.c).  The same
 * pass records where digit runs (\d{6} items) start, and the longest run
 * of digits and numerals (beyond the analysis' limit the matcher turns the
 * prefilter off).
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

/* Frees what literal_table_finish builds, leaving the interned literals. */
static void free_lookup(literal_table_t *table)
{
    free(table->characters);
    free(table->astral);
    free(table->moves);
    free(table->final_states);
    free(table->output_starts);
    free(table->outputs);
    free(table->digit_run_ids);
    table->characters = NULL;
    table->astral = NULL;
    table->astral_count = table->class_count = table->state_count = 0;
    table->moves = NULL;
    table->final_states = NULL;
    table->output_starts = NULL;
    table->outputs = NULL;
    table->digit_run_ids = NULL;
    table->digit_run_count = 0;
}

void literal_table_free(literal_table_t *table)
{
    for (size_t i = 0; i < table->count; i++)
        free(table->items[i]);
    free(table->items);
    free(table->lengths);
    free(table->slots);
    free_lookup(table);
    memset(table, 0, sizeof *table);
}

static size_t literal_hash(const char *item, size_t length)
{
    size_t hash = 1469598103934665603u;
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)item[i]) * 1099511628211u;
    return hash;
}

/* Makes table->slots twice as many (at least 64), the literals hashed
 * anew into them. */
static int grow_slots(literal_table_t *table)
{
    size_t slot_count = table->slot_count ? table->slot_count * 2 : 64;
    size_t *slots = calloc(slot_count, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t id = 0; id < table->count; id++) {
        size_t slot = literal_hash(table->items[id], table->lengths[id]) & (slot_count - 1);
        while (slots[slot] != 0)
            slot = (slot + 1) & (slot_count - 1);
        slots[slot] = id + 1;
    }
    free(table->slots);
    table->slots = slots;
    table->slot_count = slot_count;
    return 0;
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
        /* At most half the slots taken, so that probing ends soon. */
        if ((table->count + 1) * 2 > table->slot_count && grow_slots(table) < 0)
            return -1;
        const char *item = set->items[i];
        size_t length = set->lengths[i], mask = table->slot_count - 1;
        size_t slot = literal_hash(item, length) & mask;
        while (table->slots[slot] != 0) {
            size_t id = table->slots[slot] - 1;
            if (table->lengths[id] == length && memcmp(table->items[id], item, length) == 0)
                break;
            slot = (slot + 1) & mask;
        }
        if (table->slots[slot] == 0) { /* new: the next id */
            size_t id = table->count;
            if (patterns_grow((void **)&table->items, &table->capacity, table->count,
                              sizeof *table->items) < 0)
                return -1;
            size_t *lengths = realloc(table->lengths, table->capacity * sizeof *lengths);
            if (!lengths)
                return -1;
            table->lengths = lengths;
            table->items[id] = patterns_strndup(item, length);
            if (!table->items[id])
                return -1;
            table->lengths[id] = length;
            table->count++;
            table->slots[slot] = id + 1;
        }
        (*ids)[(*id_count)++] = table->slots[slot] - 1;
    }
    return 0;
}

/* literal_table_t.characters of a BMP character: in the low bits what
 * it is besides a character of the literals, above them its class. */
enum {
    CHARACTER_NUMERAL = 1, /* may_be_numeral */
    CHARACTER_DIGIT = 2,   /* may_be_digit (which implies may_be_numeral) */
    CHARACTER_CLASS_SHIFT = 8
};
/* The barrier characters of literal_set.c's, by kind (BARRIER_ bit
 * numbers), which the automaton finds as strings of their own. */
static const char *const barrier_texts[LITERAL_BARRIER_COUNT] = {"\n", "。", ";", ",", ":", "、"};
/* The most states and moves the automaton may have: its states are
 * numbered in 16 bits, and the moves (two bytes each) stay within 128 MB.
 * Today's rules need some 2,400 states and 400 classes, about 2 MB. */
#define LITERAL_STATES_MOST 65536
#define LITERAL_MOVES_MOST ((size_t)1 << 26)
/* The bytes of text literal_table_scan reads before it records what it
 * noted about their characters (so at most this many characters). */
#define SCAN_BLOCK 256

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

/* A text literal or barrier character as literal_table_finish sorts them:
 * bytewise, a prefix first, which for UTF-8 is by code points.  id: the
 * literal's, or for a barrier the literal count + its kind. */
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

static bool may_be_digit(uint32_t code_point);
static bool may_be_numeral(uint32_t code_point);

/* Makes the trie of the sorted strings, level by level (a node's
 * children are made together, so they lie side by side in code point
 * order, and a node comes after every node nearer the root).  Returns the
 * nodes (*node_count of them), or NULL when out of memory or when they
 * would be more than the automaton can number. */
static literal_node_t *build_trie(const sorted_literal_t *sorted, size_t count,
                                  size_t literal_count, size_t *node_count)
{
    size_t most = 1;
    for (size_t i = 0; i < count; i++)
        most += sorted[i].length; /* at least one byte per character */
    *node_count = 0;
    if (most > UINT32_MAX)
        return NULL;
    literal_node_t *nodes = calloc(most, sizeof *nodes);
    pending_node_t *pending = malloc(most * sizeof *pending);
    if (!nodes || !pending) {
        free(nodes);
        free(pending);
        return NULL;
    }
    size_t made = 1, first_pending = 0, pending_count = 0;
    pending[pending_count++] = (pending_node_t){0, 0, count, 0};
    while (first_pending < pending_count) {
        pending_node_t parent = pending[first_pending++];
        size_t begin = parent.begin;
        /* The string itself: a literal, a barrier or both. */
        for (; begin < parent.end && sorted[begin].length == parent.depth; begin++) {
            size_t id = sorted[begin].id;
            if (id < literal_count)
                nodes[parent.node].literal = (uint32_t)(id + 1);
            else
                nodes[parent.node].barrier = (uint32_t)(id - literal_count + 1);
        }
        nodes[parent.node].first_child = (uint32_t)made;
        while (begin < parent.end) {
            const sorted_literal_t *first = &sorted[begin];
            size_t width;
            uint32_t code_point = patterns_code_point(first->item + parent.depth,
                                                      first->length - parent.depth, &width);
            size_t end = begin + 1;
            while (end < parent.end && sorted[end].length >= parent.depth + width &&
                   memcmp(sorted[end].item + parent.depth, first->item + parent.depth, width) == 0)
                end++;
            size_t child = made++;
            nodes[child].code_point = code_point;
            nodes[parent.node].child_count++;
            pending[pending_count++] = (pending_node_t){child, begin, end, parent.depth + width};
            begin = end;
        }
    }
    free(pending);
    *node_count = made; /* past LITERAL_STATES_MOST: the caller refuses them */
    return nodes;
}

static int compare_code_points(const void *left, const void *right)
{
    uint32_t a = *(const uint32_t *)left, b = *(const uint32_t *)right;
    return a < b ? -1 : a > b;
}

/* The class of a character past the BMP: its place among the literals'
 * such characters, or 0 (in no literal). */
static size_t astral_class(const literal_table_t *table, uint32_t code_point)
{
    size_t first = 0, last = table->astral_count;
    while (first < last) {
        size_t middle = first + (last - first) / 2;
        if (table->astral[middle] < code_point)
            first = middle + 1;
        else
            last = middle;
    }
    if (first < table->astral_count && table->astral[first] == code_point)
        return table->class_count - table->astral_count + first;
    return 0;
}

static size_t character_class(const literal_table_t *table, uint32_t code_point)
{
    return code_point < 65536 ? table->characters[code_point] >> CHARACTER_CLASS_SHIFT
                              : astral_class(table, code_point);
}

/* Gives every character of the trie a class: the BMP ones in their
 * table->characters entries, the others by their place in table->astral. */
static int classify_characters(literal_table_t *table, const literal_node_t *nodes,
                               size_t node_count)
{
    size_t classes = 1, astral = 0;
    for (size_t i = 1; i < node_count; i++) {
        uint32_t code_point = nodes[i].code_point;
        if (code_point >= 65536)
            astral++;
        else if (table->characters[code_point] >> CHARACTER_CLASS_SHIFT == 0)
            table->characters[code_point] |= (uint32_t)classes++ << CHARACTER_CLASS_SHIFT;
    }
    table->astral = malloc((astral ? astral : 1) * sizeof *table->astral);
    if (!table->astral)
        return -1;
    for (size_t i = 1; i < node_count; i++)
        if (nodes[i].code_point >= 65536)
            table->astral[table->astral_count++] = nodes[i].code_point;
    qsort(table->astral, table->astral_count, sizeof *table->astral, compare_code_points);
    size_t distinct = 0;
    for (size_t i = 0; i < table->astral_count; i++)
        if (distinct == 0 || table->astral[distinct - 1] != table->astral[i])
            table->astral[distinct++] = table->astral[i];
    table->astral_count = distinct;
    table->class_count = classes + distinct;
    return 0;
}

/* Makes the automaton from the trie.  A state's failure state is the one
 * for the longest proper suffix of its string that is a trie node; a move
 * the trie lacks is the failure state's move, and the literals ending in
 * a state are its own and those of its failure state.  The nodes come in
 * order of depth, so a failure state (shallower) is always done first. */
static int build_automaton(literal_table_t *table, const literal_node_t *nodes, size_t node_count)
{
    size_t classes = table->class_count;
    if (classes > LITERAL_MOVES_MOST / node_count)
        return LITERAL_TABLE_TOO_LARGE;
    table->state_count = node_count;
    table->moves = malloc(node_count * classes * sizeof *table->moves);
    table->final_states = malloc(node_count * sizeof *table->final_states);
    table->output_starts = calloc(node_count + 1, sizeof *table->output_starts);
    uint32_t *failure = calloc(node_count, sizeof *failure);
    if (!table->moves || !table->final_states || !table->output_starts || !failure) {
        free(failure);
        return -1;
    }
    size_t output_count = 0;
    for (size_t state = 0; state < node_count; state++) {
        uint16_t *row = table->moves + state * classes;
        if (state == 0)
            memset(row, 0, classes * sizeof *row);
        else
            memcpy(row, table->moves + (size_t)failure[state] * classes, classes * sizeof *row);
        const literal_node_t *node = &nodes[state];
        for (size_t i = 0; i < node->child_count; i++) {
            size_t child = node->first_child + i;
            size_t class = character_class(table, nodes[child].code_point);
            /* The failure state's move, read before the row is changed. */
            failure[child] =
                state == 0 ? 0 : table->moves[(size_t)failure[state] * classes + class];
            row[class] = (uint16_t)child;
        }
        /* Where the state's literals start; failure[state] + 1 <= state
         * has its start too, so the failure state's count is known. */
        table->output_starts[state] = (uint32_t)output_count;
        size_t inherited = state == 0 ? 0
                                      : table->output_starts[failure[state] + 1] -
                                            table->output_starts[failure[state]];
        output_count += (node->literal ? 1 : 0) + (node->barrier ? 1 : 0) + inherited;
        table->final_states[state] = table->output_starts[state] != output_count;
        if (output_count > UINT32_MAX) {
            free(failure);
            return -1;
        }
    }
    table->output_starts[node_count] = (uint32_t)output_count;
    table->outputs = malloc((output_count ? output_count : 1) * sizeof *table->outputs);
    if (!table->outputs) {
        free(failure);
        return -1;
    }
    for (size_t state = 1; state < node_count; state++) {
        literal_output_t *out = table->outputs + table->output_starts[state];
        if (nodes[state].literal) {
            uint32_t id = nodes[state].literal - 1;
            *out++ = (literal_output_t){id, (uint32_t)table->lengths[id]};
        }
        if (nodes[state].barrier) {
            uint32_t kind = nodes[state].barrier - 1;
            *out++ = (literal_output_t){kind, 0};
        }
        size_t from = table->output_starts[failure[state]];
        size_t to = table->output_starts[failure[state] + 1];
        memcpy(out, table->outputs + from, (to - from) * sizeof *out);
    }
    free(failure);
    return 0;
}

int literal_table_finish(literal_table_t *table)
{
    free_lookup(table); /* finishing again builds anew */
    table->characters = calloc(65536, sizeof *table->characters);
    table->digit_run_ids = calloc(table->count ? table->count : 1, sizeof *table->digit_run_ids);
    sorted_literal_t *sorted = calloc(table->count + LITERAL_BARRIER_COUNT, sizeof *sorted);
    if (!table->characters || !table->digit_run_ids || !sorted ||
        table->count >= UINT32_MAX - LITERAL_BARRIER_COUNT) {
        free(sorted);
        return -1;
    }
    for (uint32_t code_point = 0; code_point < 65536; code_point++)
        table->characters[code_point] = (may_be_numeral(code_point) ? CHARACTER_NUMERAL : 0) |
                                        (may_be_digit(code_point) ? CHARACTER_DIGIT : 0);
    size_t sorted_count = 0; /* the barriers' ids follow the literals' */
    for (size_t kind = 0; kind < LITERAL_BARRIER_COUNT; kind++)
        sorted[sorted_count++] = (sorted_literal_t){
            barrier_texts[kind], strlen(barrier_texts[kind]), table->count + kind};
    for (size_t i = 0; i < table->count; i++) {
        size_t digits = 0;
        if (literal_is_digit_run(table->items[i], table->lengths[i], &digits))
            table->digit_run_ids[table->digit_run_count++] = i;
        else if (table->lengths[i] > 0 && literal_is_utf8(table->items[i], table->lengths[i]))
            sorted[sorted_count++] = (sorted_literal_t){table->items[i], table->lengths[i], i};
    }
    qsort(sorted, sorted_count, sizeof *sorted, compare_literals);
    size_t node_count = 0;
    literal_node_t *nodes = build_trie(sorted, sorted_count, table->count, &node_count);
    free(sorted);
    int status = !nodes                             ? -1
                 : node_count > LITERAL_STATES_MOST ? LITERAL_TABLE_TOO_LARGE
                 : classify_characters(table, nodes, node_count) < 0
                     ? -1
                     : build_automaton(table, nodes, node_count);
    free(nodes);
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
 * counts.  Every may_be_digit character is one (literal_table_scan
 * follows digit runs only within runs of numerals). */
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

/* Fills found->barrier_blocks and barrier_masks from the barriers' ends. */
static int index_barrier_blocks(literal_occurrences_t *found, size_t length)
{
    size_t blocks = length / BARRIER_BLOCK_BYTES + 1;
    if (blocks > SIZE_MAX / sizeof *found->barrier_blocks / LITERAL_BARRIER_COUNT)
        return -1;
    size_t entries = blocks * LITERAL_BARRIER_COUNT;
    if (entries > found->block_capacity) {
        size_t *grown = realloc(found->barrier_blocks, entries * sizeof *found->barrier_blocks);
        if (!grown)
            return -1;
        found->barrier_blocks = grown;
        uint64_t *masks = realloc(found->barrier_masks, entries * sizeof *found->barrier_masks);
        if (!masks)
            return -1;
        found->barrier_masks = masks;
        found->block_capacity = entries;
    }
    found->block_count = blocks;
    for (size_t kind = 0; kind < LITERAL_BARRIER_COUNT; kind++) {
        const literal_hits_t *ends = &found->barrier_ends[kind];
        size_t before = 0;
        for (size_t block = 0; block < blocks; block++) {
            found->barrier_blocks[block * LITERAL_BARRIER_COUNT + kind] = before;
            uint64_t mask = 0;
            for (;
                 before < ends->count && ends->offsets[before] < (block + 1) * BARRIER_BLOCK_BYTES;
                 before++)
                mask |= (uint64_t)1 << (ends->offsets[before] % BARRIER_BLOCK_BYTES);
            found->barrier_masks[block * LITERAL_BARRIER_COUNT + kind] = mask;
        }
    }
    return 0;
}

/* The literal_table_t.characters entry of the character at s[0] (past the
 * BMP: its class, and that it may be a digit or numeral), and its width.
 * The text is valid UTF-8: the lead byte tells how many continuation
 * bytes (10xxxxxx) follow, and the code point is the bytes' bits less
 * those the lead and continuation bytes are marked with. */
static inline uint32_t scan_character(const literal_table_t *table, const uint32_t *characters,
                                      const unsigned char *s, size_t *width)
{
    if (s[0] >= 0xE0 && s[0] <= 0xEF) { /* CJK and most punctuation */
        *width = 3;
        return characters[((size_t)s[0] << 12) + ((size_t)s[1] << 6) + s[2] -
                          ((0xE0u << 12) + (0x80u << 6) + 0x80u)];
    }
    if (s[0] < 0x80) {
        *width = 1;
        return characters[s[0]];
    }
    if (s[0] < 0xE0) {
        *width = 2;
        return characters[((size_t)s[0] << 6) + s[1] - ((0xC0u << 6) + 0x80u)];
    }
    *width = 4;
    uint32_t code_point = ((uint32_t)s[0] << 18) + ((uint32_t)s[1] << 12) + ((uint32_t)s[2] << 6) +
                          s[3] - ((0xF0u << 18) + (0x80u << 12) + (0x80u << 6) + 0x80u);
    return CHARACTER_NUMERAL | CHARACTER_DIGIT |
           (uint32_t)astral_class(table, code_point) << CHARACTER_CLASS_SHIFT;
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
    if (table->state_count == 0) /* literal_table_finish was not called */
        return -1;
    const unsigned char *bytes = (const unsigned char *)text, *at = bytes,
                        *text_end = bytes + length;
    const uint32_t *characters = table->characters;
    const uint16_t *moves = table->moves;
    const bool *final_states = table->final_states;
    const uint32_t *output_starts = table->output_starts;
    size_t classes = table->class_count;
    uint32_t digit = table->digit_run_count > 0 ? CHARACTER_DIGIT : 0; /* runs tracked */
    size_t state = 0, run_length = 0, numeral_run = 0, longest = 0;
    /* Per block: the characters after which the automaton is in a state
     * where literals or barriers end (the state, and where the character
     * ends). */
    uint32_t ending_states[SCAN_BLOCK];
    const unsigned char *ending_ends[SCAN_BLOCK];
    while (at < text_end) {
        size_t endings = 0;
        const unsigned char *block_end = text_end - at > SCAN_BLOCK ? at + SCAN_BLOCK : text_end;
        while (at < block_end) {
            size_t width;
            uint32_t character = scan_character(table, characters, at, &width);
            const unsigned char *end = at + width;
            state = moves[state * classes + (character >> CHARACTER_CLASS_SHIFT)];
            /* Noted always, kept only when something ends here: no branch
             * to guess wrong at one character in five or so. */
            ending_states[endings] = (uint32_t)state;
            ending_ends[endings] = end;
            endings += final_states[state];
            /* A digit is a numeral too: outside a run of numerals, and
             * not just after one, there is no digit run to follow. */
            if (character & CHARACTER_NUMERAL || numeral_run > 0) {
                numeral_run = character & CHARACTER_NUMERAL ? numeral_run + 1 : 0;
                longest = numeral_run > longest ? numeral_run : longest;
                if (character & digit) {
                    if (run_length == found->run_capacity &&
                        patterns_grow((void **)&found->run_offsets, &found->run_capacity,
                                      run_length, sizeof *found->run_offsets) < 0)
                        return -1;
                    found->run_offsets[run_length++] = (size_t)(at - bytes);
                } else if (run_length > 0) {
                    if (end_digit_run(table, found, run_length) < 0)
                        return -1;
                    run_length = 0;
                }
            }
            at = end;
        }
        /* A literal ending where a character ends starts its length in
         * bytes before (see the top of the file); a barrier is that
         * character. */
        for (size_t i = 0; i < endings; i++) {
            size_t end = (size_t)(ending_ends[i] - bytes);
            for (uint32_t k = output_starts[ending_states[i]];
                 k < output_starts[ending_states[i] + 1]; k++) {
                const literal_output_t *output = &table->outputs[k];
                int status = output->bytes > 0
                                 ? add_occurrence(found, output->id, end - output->bytes)
                                 : add_end(&found->barrier_ends[output->id], end);
                if (status < 0)
                    return -1;
            }
        }
    }
    found->longest_numeral_run = longest;
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
    free(found->barrier_masks);
    memset(found, 0, sizeof *found);
}
