/*
 * literal_set.c - a set of literal strings one of which every match of a
 * regex must contain.
 *
 * The matcher uses it as a prefilter (literal_index.c finds where the
 * literals occur, once per document, for all rules at once; matcher.c then
 * lets a rule's regex start only near those places).  Along with the set
 * comes its reach: the most bytes a match can run before the literal starts
 * (so a match starts at most `reach` bytes before a literal's place;
 * SIZE_MAX where the regex allows any distance.  A digit or numeral run,
 * \d+ or [一二三]+, is taken to be at most PREFILTER_NUMERAL_RUN_LIMIT
 * characters long: the matcher checks that the text holds no longer run
 * of such characters, and runs the regexes everywhere when it does).
 * The analysis is a
 * small recursive-descent walk over the PCRE2 syntax the rule files use:
 *   - a run of literal characters (UTF-8, escaped punctuation, \n \t) is
 *     the set {run};
 *   - a sequence needs all its parts, so any one part's set will do: the
 *     best one is kept (bounded reach first, then the longest shortest
 *     literal, then the smallest reach, then the fewest literals); its reach
 *     is the most bytes the parts before it can take;
 *   - a group of alternatives needs one branch: the union of the branches'
 *     sets, when every branch has one;
 *   - an atom or group quantified with ? * {0,..} is optional, and
 *     lookarounds consume nothing: they give no set;
 *   - classes, \d \p{..} and the like, `.` and anchors give no set;
 *   - \d{n} with n >= 5 is a requirement too: a run of n digits (an item
 *     no text holds, which the literal scan finds by other means);
 *   - a positive lookahead requires its content's literal just as a group
 *     does, though it consumes nothing;
 *   - a conditional group gives no set (its branches are still walked);
 *   - inline options ((?i), (?x) ...), verbs and \Q..\E make the whole
 *     answer "no set", which only costs speed, never a match.
 * Along the way the analysis counts how many of each barrier character (a
 * line break, 。 ; , : 、) the text between a match's start and its
 * literal can hold (none, one, two, or any number): a barrier it can hold
 * at most k times bounds the start too, as the matcher then lets the
 * regex start no earlier than just after the (k+1)-th such barrier back
 * from the literal (most rules read one clause or one line).  Classes,
 * escapes and `.` are read conservatively: what the analysis cannot tell
 * may hold every barrier.
 * The analysis runs for every rule regex at every start, so it is kept
 * cheap: its sets and strings live in an arena freed once per regex (only
 * the requirements it returns are copied out), and a group whose text
 * occurred before in the pattern (a macro's expansion again) is not walked
 * again.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64, MAX_RUN_STRINGS = 32 };

#define UNBOUNDED SIZE_MAX
enum {
    DIGIT_RUN_LIMIT = PREFILTER_NUMERAL_RUN_LIMIT,
    MIN_LITERAL_BYTES = 3,
    DIGIT_RUN_SHORTEST = 5 /* \d{5} and longer runs are requirements */
};

/* The memory of one analysis: blocks taken from malloc as they are needed
 * and all freed together when the analysis ends (arena_free), so that the
 * many small sets and strings it makes are never freed one by one. */
typedef struct arena_block {
    struct arena_block *previous;
    size_t used, size;
    max_align_t data[]; /* `size` bytes */
} arena_block_t;

enum { ARENA_BLOCK_BYTES = 64 * 1024 };

/* A string of a set under analysis.  Its bytes never change once made (in
 * the arena, or in the pattern itself), so sets share them: copying a set
 * copies no bytes. */
typedef struct {
    const char *bytes;
    size_t length;
    uint32_t hash; /* string_hash() of the bytes: tells most strings apart quickly */
} string_t;

/* A set of strings under analysis: no two alike, in the order they were
 * added (the order the literals are interned in).  The items lie in the
 * arena; a set is "freed" by forgetting it. */
typedef struct {
    string_t *items;
    size_t count, capacity;
} string_set_t;

/* A set that the top-level sequence requires, as literal_requirement_t
 * (which it becomes when the analysis keeps it). */
typedef struct {
    string_set_t set;
    size_t reach;
    barrier_counts_t allowed;
    size_t part_min, part_max, part_unbounded, inner_min, inner_max;
} noted_requirement_t;

typedef struct {
    const char *pattern;
    size_t length;
    size_t at;
    bool unsupported;
    bool out_of_memory;
    arena_block_t *arena; /* its newest block: the scan's sets and strings lie in its blocks */
    /* Every set the top-level sequence requires (reach from the match's
     * start), and how many top-level sequences there were: more than one
     * (a top-level |) makes them no requirement of the whole regex. */
    noted_requirement_t *requirements; /* in the arena */
    size_t requirement_count, requirement_capacity;
    int top_level_sequences;
    /* The groups analysed so far (in the arena), found by the hash of
     * their first bytes, and the deepest nesting reached. */
    struct group_memo *memos; /* group_memo_t */
    size_t memo_count, memo_capacity;
    uint32_t *memo_buckets; /* MEMO_BUCKETS indexes + 1 of the newest memo (0: none) */
    int deepest;
} literal_scan_t;

/* What a piece of regex (atom, group, sequence) tells the prefilter. */
typedef struct {
    string_set_t set;        /* count 0: no set */
    size_t reach;            /* bytes from the piece's start to the literal */
    size_t max_length;       /* most bytes the piece can match (UNBOUNDED) */
    barrier_counts_t prefix; /* barriers the text before the literal may hold */
    barrier_counts_t any;    /* barriers the piece may match anywhere */
    size_t min_reach;        /* fewest bytes from the piece's start to the literal */
    size_t min_length;       /* fewest bytes the piece can match */
    bool exact;              /* whatever the piece matches is one of `set` */
    /* The strings the piece's match ends with, when it ends with a run of
     * literals (count 0: not known), which start suffix_min_reach to
     * suffix_reach bytes into the piece after suffix_prefix barriers: a
     * literal after the piece continues them ((?<s>…支出)[-—]). */
    string_set_t suffix;
    size_t suffix_reach, suffix_min_reach;
    barrier_counts_t suffix_prefix;
} piece_t;

/* Takes `size` bytes from the scan's arena (NULL, and out_of_memory set,
 * when malloc fails). */
static void *arena_alloc(literal_scan_t *scan, size_t size)
{
    const size_t align = _Alignof(max_align_t);
    if (size > SIZE_MAX / 2) {
        scan->out_of_memory = true;
        return NULL;
    }
    size = (size + align - 1) / align * align;
    arena_block_t *block = scan->arena;
    if (!block || block->size - block->used < size) {
        size_t bytes = size > ARENA_BLOCK_BYTES ? size : ARENA_BLOCK_BYTES;
        block = malloc(sizeof *block + bytes);
        if (!block) {
            scan->out_of_memory = true;
            return NULL;
        }
        block->previous = scan->arena;
        block->used = 0;
        block->size = bytes;
        scan->arena = block;
    }
    void *memory = (unsigned char *)block->data + block->used;
    block->used += size;
    return memory;
}

static void arena_free(literal_scan_t *scan)
{
    while (scan->arena) {
        arena_block_t *previous = scan->arena->previous;
        free(scan->arena);
        scan->arena = previous;
    }
}

/* FNV-1a, going on from `hash`: the hash of a string followed by more
 * bytes is string_hash(its hash, the bytes). */
enum { HASH_START = 2166136261u };
static uint32_t string_hash(uint32_t hash, const char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)bytes[i]) * 16777619u;
    return hash;
}

/* A string of `length` bytes at `bytes`, which must outlive the scan (the
 * pattern, a constant or the arena). */
static string_t string_at(const char *bytes, size_t length)
{
    return (string_t){bytes, length, string_hash(HASH_START, bytes, length)};
}

/* A new string in the arena: `head` followed by `tail`.  false when out
 * of memory. */
static bool string_join(literal_scan_t *scan, const string_t *head, const string_t *tail,
                        string_t *joined)
{
    char *bytes = arena_alloc(scan, head->length + tail->length);
    if (!bytes)
        return false;
    memcpy(bytes, head->bytes, head->length);
    memcpy(bytes + head->length, tail->bytes, tail->length);
    *joined = (string_t){bytes, head->length + tail->length,
                         string_hash(head->hash, tail->bytes, tail->length)};
    return true;
}

static bool strings_equal(const string_t *a, const string_t *b)
{
    return a->hash == b->hash && a->length == b->length &&
           memcmp(a->bytes, b->bytes, a->length) == 0;
}

/* Makes room in `set` for `count` items. */
static bool set_reserve(literal_scan_t *scan, string_set_t *set, size_t count)
{
    if (count <= set->capacity)
        return true;
    size_t capacity = set->capacity ? set->capacity : 4;
    while (capacity < count)
        capacity *= 2;
    if (capacity > SIZE_MAX / sizeof(string_t)) {
        scan->out_of_memory = true;
        return false;
    }
    string_t *items = arena_alloc(scan, capacity * sizeof *items);
    if (!items)
        return false;
    if (set->count > 0)
        memcpy(items, set->items, set->count * sizeof *items);
    set->items = items;
    set->capacity = capacity;
    return true;
}

/* Adds `string` to `set` unless the set holds it already. */
static bool set_add(literal_scan_t *scan, string_set_t *set, const string_t *string)
{
    for (size_t i = 0; i < set->count; i++)
        if (strings_equal(&set->items[i], string))
            return true;
    if (!set_reserve(scan, set, set->count + 1))
        return false;
    set->items[set->count++] = *string;
    return true;
}

/* A copy of `set` (its own items, the same strings). */
static string_set_t set_copy(literal_scan_t *scan, const string_set_t *set)
{
    string_set_t copy = {0};
    if (set->count > 0 && set_reserve(scan, &copy, set->count)) {
        memcpy(copy.items, set->items, set->count * sizeof *copy.items);
        copy.count = set->count;
    }
    return copy;
}

/* *set's contents, leaving *set empty (the caller now owns them). */
static string_set_t set_take(string_set_t *set)
{
    string_set_t taken = *set;
    memset(set, 0, sizeof *set);
    return taken;
}

/* The barrier characters, bit i of a mask standing for barrier_code_points[i]. */
static const uint32_t barrier_code_points[LITERAL_BARRIER_COUNT] = {'\n', 0x3002 /* 。 */, ';', ',',
                                                                    ':',  0x3001 /* 、 */};
#define ALL_BARRIERS ((1u << LITERAL_BARRIER_COUNT) - 1)

static barrier_counts_t counts_of_mask(unsigned mask)
{
    barrier_counts_t counts;
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++)
        counts.most[i] = (mask >> i) & 1u;
    return counts;
}

static barrier_counts_t counts_add(barrier_counts_t a, barrier_counts_t b)
{
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++)
        a.most[i] = a.most[i] + b.most[i] >= LITERAL_BARRIER_MANY
                        ? LITERAL_BARRIER_MANY
                        : (unsigned char)(a.most[i] + b.most[i]);
    return a;
}

static barrier_counts_t counts_max(barrier_counts_t a, barrier_counts_t b)
{
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++)
        if (b.most[i] > a.most[i])
            a.most[i] = b.most[i];
    return a;
}

/* The counts of `times` repetitions (UNBOUNDED allowed). */
static barrier_counts_t counts_times(barrier_counts_t a, size_t times)
{
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++) {
        size_t product = times >= LITERAL_BARRIER_MANY ? (a.most[i] ? LITERAL_BARRIER_MANY : 0)
                                                       : a.most[i] * times;
        a.most[i] = product >= LITERAL_BARRIER_MANY ? LITERAL_BARRIER_MANY : (unsigned char)product;
    }
    return a;
}

static unsigned barrier_bit(uint32_t code_point)
{
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++)
        if (barrier_code_points[i] == code_point)
            return 1u << i;
    return 0;
}

/* Barriers in the code point range [low, high]. */
static unsigned barrier_bits_in_range(uint32_t low, uint32_t high)
{
    unsigned bits = 0;
    for (unsigned i = 0; i < LITERAL_BARRIER_COUNT; i++)
        if (barrier_code_points[i] >= low && barrier_code_points[i] <= high)
            bits |= 1u << i;
    return bits;
}

static size_t add_bounded(size_t a, size_t b)
{
    return a == UNBOUNDED || b == UNBOUNDED || a > UNBOUNDED - b ? UNBOUNDED : a + b;
}

static size_t multiply_bounded(size_t a, size_t times)
{
    if (a == 0 || times == 0)
        return 0;
    if (a == UNBOUNDED || times == UNBOUNDED || a > UNBOUNDED / times)
        return UNBOUNDED;
    return a * times;
}

void literal_set_free(literal_set_t *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        free(set->items[i]);
    free(set->items);
    free(set->lengths);
    set->items = NULL;
    set->lengths = NULL;
    set->count = 0;
    set->capacity = 0;
}

static size_t shortest(const string_set_t *set)
{
    size_t minimum = UNBOUNDED;
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i].length < minimum)
            minimum = set->items[i].length;
    return minimum;
}

/* Is `candidate` a better prefilter than `current` (no set: none yet)? */
static bool better(const piece_t *candidate, const piece_t *current)
{
    if (candidate->set.count == 0)
        return false;
    if (current->set.count == 0)
        return true;
    /* A set with a one- or two-byte literal (a digit, a %) filters nothing. */
    bool candidate_usable = shortest(&candidate->set) >= MIN_LITERAL_BYTES;
    bool current_usable = shortest(&current->set) >= MIN_LITERAL_BYTES;
    if (candidate_usable != current_usable)
        return candidate_usable;
    bool candidate_bounded = candidate->reach != UNBOUNDED;
    bool current_bounded = current->reach != UNBOUNDED;
    if (candidate_bounded != current_bounded)
        return candidate_bounded;
    size_t a = shortest(&candidate->set), b = shortest(&current->set);
    if (a != b)
        return a > b;
    if (candidate->reach != current->reach)
        return candidate->reach < current->reach;
    return candidate->set.count < current->set.count;
}

/* The most bytes the parts of a sequence so far can take, kept as the
 * number of parts that may take any number and the sum of the others: two
 * places of one sequence with as many unbounded parts before them are a
 * bounded distance apart. */
typedef struct {
    size_t unbounded_parts;
    size_t bytes;
} offset_t;

static void offset_add(offset_t *offset, size_t length)
{
    if (length == UNBOUNDED)
        offset->unbounded_parts++;
    else
        offset->bytes = add_bounded(offset->bytes, length);
}

/* Records a set that the top-level sequence requires: its part starts
 * part_min to part_max bytes after the match's start, and the literal
 * inner_min to inner_max bytes into the part. */
static void note_requirement(literal_scan_t *scan, const string_set_t *set, size_t part_min,
                             const offset_t *part_max, size_t inner_min, size_t inner_max,
                             barrier_counts_t prefix)
{
    if (set->count == 0 || scan->out_of_memory)
        return;
    if (scan->requirement_count == scan->requirement_capacity) {
        size_t capacity = scan->requirement_capacity ? scan->requirement_capacity * 2 : 8;
        noted_requirement_t *grown = arena_alloc(scan, capacity * sizeof *grown);
        if (!grown)
            return;
        if (scan->requirement_count > 0)
            memcpy(grown, scan->requirements, scan->requirement_count * sizeof *grown);
        scan->requirements = grown;
        scan->requirement_capacity = capacity;
    }
    noted_requirement_t *requirement = &scan->requirements[scan->requirement_count++];
    memset(requirement, 0, sizeof *requirement);
    requirement->reach =
        part_max->unbounded_parts ? UNBOUNDED : add_bounded(part_max->bytes, inner_max);
    requirement->part_min = part_min;
    requirement->part_max = part_max->bytes;
    requirement->part_unbounded = part_max->unbounded_parts;
    requirement->inner_min = inner_min;
    requirement->inner_max = inner_max;
    requirement->allowed = prefix;
    requirement->set = set_copy(scan, set);
}

/* Keeps the candidate's set (reach measured from the sequence start) in
 * *best when it is better; either way *set is left empty. */
static void keep_better(piece_t *best, string_set_t *set, size_t reach, size_t min_reach,
                        barrier_counts_t prefix)
{
    piece_t candidate = {.set = *set, .reach = reach, .prefix = prefix, .min_reach = min_reach};
    if (better(&candidate, best)) {
        best->set = *set;
        best->reach = reach;
        best->min_reach = min_reach;
        best->prefix = prefix;
    }
    memset(set, 0, sizeof *set);
}

/* Appends `tail` to every item of `set`. */
static void set_append_each(literal_scan_t *scan, string_set_t *set, const string_t *tail)
{
    for (size_t i = 0; i < set->count; i++)
        if (!string_join(scan, &set->items[i], tail, &set->items[i]))
            return;
}

/* *set becomes every item of *set followed by every item of `tail`. */
static void set_product(literal_scan_t *scan, string_set_t *set, const string_set_t *tail)
{
    string_set_t product = {0};
    for (size_t i = 0; i < set->count && !scan->out_of_memory; i++)
        for (size_t j = 0; j < tail->count && !scan->out_of_memory; j++) {
            string_t joined;
            if (string_join(scan, &set->items[i], &tail->items[j], &joined))
                set_add(scan, &product, &joined);
        }
    *set = product;
}

static size_t utf8_length(unsigned char lead)
{
    if ((lead & 0xE0) == 0xC0)
        return 2;
    if ((lead & 0xF0) == 0xE0)
        return 3;
    if ((lead & 0xF8) == 0xF0)
        return 4;
    return 1;
}

bool regex_quantifier_at(const char *pattern, size_t length, size_t *at, size_t *minimum,
                         size_t *maximum)
{
    const char *p = pattern;
    size_t next = *at;
    if (next >= length)
        return false;
    char c = p[next];
    if (c == '?' || c == '*' || c == '+') {
        *minimum = c == '+' ? 1 : 0;
        *maximum = c == '?' ? 1 : UNBOUNDED;
        next++;
    } else if (c == '{') {
        size_t close = next + 1, low = 0, high = 0;
        bool digits = false, high_digits = false;
        while (close < length && p[close] >= '0' && p[close] <= '9') {
            if (low < 100000)
                low = low * 10 + (size_t)(p[close] - '0');
            digits = true;
            close++;
        }
        if (!digits)
            return false; /* a literal '{' */
        bool comma = close < length && p[close] == ',';
        if (comma)
            close++;
        while (close < length && p[close] >= '0' && p[close] <= '9') {
            if (high < 100000)
                high = high * 10 + (size_t)(p[close] - '0');
            high_digits = true;
            close++;
        }
        if (close >= length || p[close] != '}')
            return false;
        *minimum = low;
        *maximum = !comma ? low : high_digits ? high : UNBOUNDED;
        next = close + 1;
    } else {
        return false;
    }
    if (next < length && (p[next] == '?' || p[next] == '+'))
        next++; /* lazy or possessive */
    *at = next;
    return true;
}

/* Reads a quantifier at scan->at, if any. */
static bool read_quantifier(literal_scan_t *scan, size_t *minimum, size_t *maximum)
{
    return regex_quantifier_at(scan->pattern, scan->length, &scan->at, minimum, maximum);
}

/* Is the property `name` (between the braces of \p{...}) the Han script,
 * which holds no barrier? */
static bool is_han_property(const char *name, size_t length)
{
    static const char *const names[] = {"sc=Han", "Han", "Script=Han", "script=Han"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i]) == length && memcmp(names[i], name, length) == 0)
            return true;
    return false;
}

/* Reads the escape at scan->at ('\\') inside a class and returns the
 * barriers it may match; *certain gets those it surely matches. */
static unsigned class_escape_barriers(literal_scan_t *scan, unsigned *certain)
{
    const char *p = scan->pattern;
    char e = p[scan->at + 1];
    scan->at += 2;
    *certain = 0;
    if ((e == 'p' || e == 'P' || e == 'x' || e == 'o') && scan->at < scan->length &&
        p[scan->at] == '{') {
        size_t name = scan->at + 1, close = name;
        while (close < scan->length && p[close] != '}')
            close++;
        scan->at = close < scan->length ? close + 1 : close;
        return e == 'p' && is_han_property(p + name, close - name) ? 0 : ALL_BARRIERS;
    }
    switch (e) {
    case 'n':
    case 's':
    case 'v':
        *certain = barrier_bit('\n');
        return *certain;
    case 't':
    case 'r':
    case 'f':
    case 'e':
    case 'a':
    case 'd':
    case 'w':
    case 'h':
    case 'b':
        return 0;
    default:
        break;
    }
    if ((unsigned char)e < 0x80 &&
        !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9'))) {
        *certain = barrier_bit((uint32_t)(unsigned char)e); /* escaped punctuation */
        return *certain;
    }
    return ALL_BARRIERS; /* \D \S \W \pL \x41 ...: anything, as far as we know */
}

/* The characters of a small plain class (not negated; single characters,
 * escaped punctuation, \n or \t; no ranges, properties or shorthands)
 * between `start` ('[') and `end` (']'), as one-character strings: what the
 * class matches is one of them.  false (and an empty set) for any other
 * class. */
static bool class_characters(literal_scan_t *scan, const char *start, const char *end,
                             string_set_t *characters)
{
    enum { MOST_CHARACTERS = 8 };
    memset(characters, 0, sizeof *characters);
    const char *c = start + 1;
    if (c >= end || *c == '^')
        return false;
    while (c < end) {
        string_t one;
        if (*c == '\\' && c + 1 < end) {
            char e = c[1];
            if (e == 'n' || e == 't')
                one = string_at(e == 'n' ? "\n" : "\t", 1);
            else if ((unsigned char)e < 0x80 &&
                     !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9')))
                one = string_at(c + 1, 1);
            else
                break;
            c += 2;
        } else if (*c == '[' || (*c == '-' && c > start + 1 && c + 1 < end)) {
            break; /* a POSIX class or a range */
        } else {
            size_t length = utf8_length((unsigned char)*c);
            if (c + length > end)
                break;
            one = string_at(c, length);
            c += length;
        }
        if (characters->count == MOST_CHARACTERS)
            break;
        set_add(scan, characters, &one);
    }
    if (c < end || characters->count == 0) {
        memset(characters, 0, sizeof *characters);
        return false;
    }
    return true;
}

/* Reads the class at scan->at ('[') and returns the barriers it may match. */
static unsigned read_class(literal_scan_t *scan)
{
    const char *p = scan->pattern;
    scan->at++;
    bool negated = scan->at < scan->length && p[scan->at] == '^';
    if (negated)
        scan->at++;
    unsigned possible = 0, certain = 0;
    bool first = true;
    while (scan->at < scan->length && (p[scan->at] != ']' || first)) {
        first = false;
        if (p[scan->at] == '\\' && scan->at + 1 < scan->length) {
            unsigned surely = 0;
            possible |= class_escape_barriers(scan, &surely);
            certain |= surely;
            continue;
        }
        if (p[scan->at] == '[' && scan->at + 1 < scan->length && p[scan->at + 1] == ':') {
            const char *close = strstr(p + scan->at + 2, ":]");
            scan->at = close ? (size_t)(close - p) + 2 : scan->length;
            possible = ALL_BARRIERS; /* [:punct:] and the like */
            continue;
        }
        size_t width = 0;
        uint32_t low = patterns_code_point(p + scan->at, scan->length - scan->at, &width);
        scan->at += width;
        if (scan->at + 1 < scan->length && p[scan->at] == '-' && p[scan->at + 1] != ']') {
            scan->at++;
            if (p[scan->at] == '\\') {
                unsigned surely = 0;
                (void)class_escape_barriers(scan, &surely);
                possible = ALL_BARRIERS; /* a range to an escape: not read */
                continue;
            }
            uint32_t high = patterns_code_point(p + scan->at, scan->length - scan->at, &width);
            scan->at += width;
            possible |= barrier_bits_in_range(low, high);
            certain |= barrier_bits_in_range(low, high);
            continue;
        }
        possible |= barrier_bit(low);
        certain |= barrier_bit(low);
    }
    if (scan->at >= scan->length)
        scan->unsupported = true;
    scan->at++;
    return negated ? ALL_BARRIERS & ~certain : possible;
}

/* Whether the class between `start` ('[') and `end` (']') holds only digits
 * and Chinese numerals ([0-9], [一二三四五六七八九十], \d): a numeral class. */
static bool is_numeral_class(const char *start, const char *end)
{
    /* Three bytes of UTF-8 each. */
    static const char numerals[][4] = {"零", "〇", "一", "二", "两", "三", "四", "五", "六",
                                       "七", "八", "九", "十", "百", "千", "万", "亿", "点"};
    const char *p = start + 1;
    if (p < end && *p == '^')
        return false;
    if (p >= end)
        return false;
    while (p < end) {
        if (*p >= '0' && *p <= '9') {
            p++;
            continue;
        }
        /* '-' only inside a range of digits ([0-9]); a '-' the class
         * matches makes it no numeral class. */
        if (*p == '-' && p > start + 1 && p[-1] >= '0' && p[-1] <= '9' && p + 1 < end &&
            p[1] >= '0' && p[1] <= '9') {
            p++;
            continue;
        }
        if (*p == '\\' && p + 1 < end && p[1] == 'd') {
            p += 2;
            continue;
        }
        bool numeral = false;
        for (size_t i = 0; i < sizeof numerals / sizeof *numerals && !numeral && end - p >= 3;
             i++) {
            if (memcmp(p, numerals[i], 3) == 0) {
                p += 3;
                numeral = true;
            }
        }
        if (!numeral)
            return false;
    }
    return true;
}

static piece_t parse_alternation(literal_scan_t *scan, int depth);

/* Whether `c` may start a quantifier (a '{' that does not is a literal). */
static bool may_start_quantifier(char c)
{
    return c == '?' || c == '*' || c == '+' || c == '{';
}

/* Whether `c` is read as syntax, or may be, when a sequence's atom starts with it. */
static bool is_sequence_syntax(char c)
{
    return c == '|' || c == '(' || c == ')' || c == '\\' || c == '[' || c == '.' || c == '^' ||
           c == '$' || may_start_quantifier(c);
}

/* Reads the characters at scan->at that are literals no quantifier follows
 * and no barrier, and returns their length in bytes: a character a
 * sequence can take with the one before it in a single step (a quantified
 * character, a barrier and any syntax are left to the step after). */
static size_t plain_characters_at(literal_scan_t *scan)
{
    const char *p = scan->pattern;
    size_t start = scan->at;
    while (scan->at < scan->length && !is_sequence_syntax(p[scan->at])) {
        size_t length = utf8_length((unsigned char)p[scan->at]), width = 0;
        size_t next = scan->at + length;
        if (next > scan->length || (next < scan->length && may_start_quantifier(p[next])) ||
            barrier_bit(patterns_code_point(p + scan->at, length, &width)) != 0)
            break;
        scan->at = next;
    }
    return scan->at - start;
}

typedef enum {
    GROUP_CONSUMING,   /* (...) (?:...) (?<name>...) (?>...) */
    GROUP_LOOKAHEAD,   /* (?=...): requires its content, consumes nothing */
    GROUP_ZERO_WIDTH,  /* other lookarounds, option settings */
    GROUP_CONDITIONAL, /* (?(condition)yes|no): walked, gives no set */
} group_kind_t;

/* Skips the condition of a conditional group, scan->at at its '(';
 * assertion conditions are beyond the analysis. */
static void skip_condition(literal_scan_t *scan)
{
    const char *p = scan->pattern;
    if (scan->at + 1 >= scan->length || p[scan->at + 1] == '?' || p[scan->at + 1] == '*') {
        scan->unsupported = true;
        return;
    }
    size_t close = scan->at + 1;
    while (close < scan->length && p[close] != ')' && p[close] != '(')
        close++;
    if (close >= scan->length || p[close] != ')') {
        scan->unsupported = true;
        return;
    }
    scan->at = close + 1;
}

/* A copy of `piece` with sets of its own. */
static piece_t piece_copy(literal_scan_t *scan, const piece_t *piece)
{
    piece_t copy = *piece;
    copy.set = set_copy(scan, &piece->set);
    copy.suffix = set_copy(scan, &piece->suffix);
    return copy;
}

/* What a group beyond the analysis tells: no set, any length, any barriers. */
static piece_t unknown_group(void)
{
    return (piece_t){.reach = UNBOUNDED,
                     .max_length = UNBOUNDED,
                     .prefix = counts_of_mask(ALL_BARRIERS),
                     .any = counts_times(counts_of_mask(ALL_BARRIERS), UNBOUNDED)};
}

/* A group at '(': its piece and its kind. */
static piece_t read_group(literal_scan_t *scan, int depth, group_kind_t *kind)
{
    const char *p = scan->pattern;
    *kind = GROUP_CONSUMING;
    scan->at++;
    if (scan->at < scan->length && p[scan->at] == '*') {
        scan->unsupported = true; /* (*VERB) */
        return unknown_group();
    }
    if (scan->at < scan->length && p[scan->at] == '?') {
        const char *rest = p + scan->at;
        size_t left = scan->length - scan->at;
        if (left >= 2 && (rest[1] == ':' || rest[1] == '>')) {
            scan->at += 2;
        } else if (left >= 3 && rest[1] == '<' && (rest[2] == '=' || rest[2] == '!')) {
            scan->at += 3;
            *kind = GROUP_ZERO_WIDTH;
        } else if (left >= 2 && (rest[1] == '=' || rest[1] == '!')) {
            *kind = rest[1] == '=' ? GROUP_LOOKAHEAD : GROUP_ZERO_WIDTH;
            scan->at += 2;
        } else if (left >= 2 && rest[1] == '(') {
            scan->at++;
            skip_condition(scan);
            if (scan->unsupported)
                return unknown_group();
            *kind = GROUP_CONDITIONAL;
        } else if (left >= 3 &&
                   (rest[1] == '<' || rest[1] == '\'' || (rest[1] == 'P' && rest[2] == '<'))) {
            size_t name_end = scan->at + 2;
            while (name_end < scan->length && p[name_end] != '>' && p[name_end] != '\'')
                name_end++;
            scan->at = name_end + 1;
        } else {
            /* Inline options: (?m) (?J) (?s) change nothing a literal
             * depends on; (?i) and (?x) do, and are beyond the analysis,
             * like branch resets, conditionals and recursion. */
            size_t letters = scan->at + 1;
            while (letters < scan->length &&
                   ((p[letters] >= 'a' && p[letters] <= 'z') ||
                    (p[letters] >= 'A' && p[letters] <= 'Z') || p[letters] == '-'))
                letters++;
            bool harmless = letters > scan->at + 1 && letters < scan->length &&
                            (p[letters] == ')' || p[letters] == ':');
            for (size_t i = scan->at + 1; harmless && i < letters; i++)
                if (!strchr("msJUn-", p[i]))
                    harmless = false;
            if (!harmless) {
                scan->unsupported = true;
                return unknown_group();
            }
            scan->at = letters + 1;
            if (p[letters] == ')') {
                *kind = GROUP_ZERO_WIDTH; /* an option setting */
                piece_t zero = {.reach = 0};
                return zero;
            }
        }
    }
    piece_t content = parse_alternation(scan, depth + 1);
    if (scan->at >= scan->length || p[scan->at] != ')') {
        scan->unsupported = true;
        return unknown_group();
    }
    scan->at++;
    if (*kind != GROUP_CONSUMING) /* what a lookaround or conditional ends with is no suffix */
        memset(&content.suffix, 0, sizeof content.suffix);
    if (*kind == GROUP_CONDITIONAL)
        memset(&content.set, 0, sizeof content.set);
    return content;
}

/* A group analysed before, which the same text later in the pattern (a
 * macro's expansion again) need not be analysed for: what a group tells
 * depends on its text alone (reading it looks at no byte after its ')'),
 * and on how deep it lies only as far as the nesting limit goes. */
struct group_memo {
    size_t start, length; /* its text: pattern[start .. start + length) */
    group_kind_t kind;
    int nesting;   /* how many levels of groups it holds (0: none) */
    piece_t piece; /* with sets of its own, which no caller changes */
    uint32_t next; /* index + 1 of the memo before it in its bucket */
};
typedef struct group_memo group_memo_t;

enum {
    MEMO_BUCKETS = 256,
    MEMO_KEY_BYTES = 8 /* a group is looked up by the hash of its first bytes */
};

/* The bucket of a group starting at `start`: the hash of its first bytes. */
static uint32_t memo_bucket(const literal_scan_t *scan, size_t start)
{
    size_t left = scan->length - start;
    return string_hash(HASH_START, scan->pattern + start,
                       left < MEMO_KEY_BYTES ? left : MEMO_KEY_BYTES) %
           MEMO_BUCKETS;
}

/* The memo of a group whose text starts at `start` and which, `depth`
 * deep, stays within the nesting limit; NULL when there is none. */
static const group_memo_t *memo_find(const literal_scan_t *scan, uint32_t bucket, size_t start,
                                     int depth)
{
    if (!scan->memo_buckets)
        return NULL;
    for (uint32_t i = scan->memo_buckets[bucket]; i != 0; i = scan->memos[i - 1].next) {
        const group_memo_t *memo = &scan->memos[i - 1];
        if (memo->length <= scan->length - start &&
            memcmp(scan->pattern + memo->start, scan->pattern + start, memo->length) == 0)
            return memo->nesting == 0 || depth + memo->nesting <= MAX_DEPTH ? memo : NULL;
    }
    return NULL;
}

/* Remembers the group just read (a copy of its piece). */
static void memo_add(literal_scan_t *scan, uint32_t bucket, size_t start, group_kind_t kind,
                     int nesting, const piece_t *piece)
{
    if (!scan->memo_buckets) {
        scan->memo_buckets = arena_alloc(scan, MEMO_BUCKETS * sizeof *scan->memo_buckets);
        if (!scan->memo_buckets)
            return;
        memset(scan->memo_buckets, 0, MEMO_BUCKETS * sizeof *scan->memo_buckets);
    }
    if (scan->memo_count == scan->memo_capacity) {
        size_t capacity = scan->memo_capacity ? scan->memo_capacity * 2 : 64;
        if (capacity > UINT32_MAX)
            return;
        group_memo_t *grown = arena_alloc(scan, capacity * sizeof *grown);
        if (!grown)
            return;
        if (scan->memo_count > 0)
            memcpy(grown, scan->memos, scan->memo_count * sizeof *grown);
        scan->memos = grown;
        scan->memo_capacity = capacity;
    }
    group_memo_t *memo = &scan->memos[scan->memo_count++];
    memo->start = start;
    memo->length = scan->at - start;
    memo->kind = kind;
    memo->nesting = nesting;
    memo->piece = piece_copy(scan, piece);
    memo->next = scan->memo_buckets[bucket];
    scan->memo_buckets[bucket] = (uint32_t)scan->memo_count;
}

/* read_group, but a group whose text was read before is not read again
 * (its memo gives the same piece and kind). */
static piece_t parse_group(literal_scan_t *scan, int depth, group_kind_t *kind)
{
    size_t start = scan->at;
    uint32_t bucket = memo_bucket(scan, start);
    const group_memo_t *memo = memo_find(scan, bucket, start, depth);
    if (memo) {
        scan->at = start + memo->length;
        *kind = memo->kind;
        if (memo->nesting > 0 && depth + memo->nesting > scan->deepest)
            scan->deepest = depth + memo->nesting;
        return piece_copy(scan, &memo->piece);
    }
    int deepest_before = scan->deepest;
    scan->deepest = 0;
    piece_t piece = read_group(scan, depth, kind);
    int nesting = scan->deepest > depth ? scan->deepest - depth : 0;
    if (deepest_before > scan->deepest)
        scan->deepest = deepest_before;
    if (!scan->unsupported && !scan->out_of_memory)
        memo_add(scan, bucket, start, *kind, nesting, &piece);
    return piece;
}

/* A sequence of atoms up to '|' or ')' or the end: the best set of any of
 * its required parts, its reach from the sequence start, and the most
 * bytes the sequence can take. */
static piece_t parse_sequence(literal_scan_t *scan, int depth)
{
    piece_t best = {.reach = UNBOUNDED,
                    .prefix = counts_times(counts_of_mask(ALL_BARRIERS), UNBOUNDED)};
    const char *p = scan->pattern;
    if (depth == 0)
        scan->top_level_sequences++;
    /* The run: the strings the adjacent literal parts so far can be (a
     * literal character, a small plain class, a group of literal
     * alternatives multiply it out). */
    string_set_t run = {0};
    size_t run_offset = 0;               /* most bytes before the run starts */
    size_t run_min_offset = 0;           /* fewest */
    size_t run_inner_min = 0;            /* a run that goes on from a group's suffix */
    size_t run_inner_max = 0;            /* starts this far into the group */
    barrier_counts_t run_counts = {{0}}; /* barriers the parts before the run may hold */
    size_t offset = 0;                   /* most bytes taken so far */
    offset_t split = {0, 0};             /* the same, unbounded parts counted apart */
    offset_t run_split = {0, 0};         /* that before the run */
    size_t min_offset = 0;               /* fewest */
    barrier_counts_t seen = {{0}};       /* barriers the parts so far may hold */
    bool exact = true;                   /* the sequence is nothing but the run */
    bool flushed = false;                /* a run has ended before */
#define FLUSH_RUN()                                                                                \
    do {                                                                                           \
        if (run.count > 0) {                                                                       \
            if (depth == 0)                                                                        \
                note_requirement(scan, &run, run_min_offset, &run_split, run_inner_min,            \
                                 run_inner_max, run_counts);                                       \
            keep_better(&best, &run, add_bounded(run_offset, run_inner_max),                       \
                        add_bounded(run_min_offset, run_inner_min), run_counts);                   \
            flushed = true;                                                                        \
        }                                                                                          \
    } while (0)
/* Adds the strings `tail` (at the current offset) to the run. */
#define EXTEND_RUN(tail)                                                                           \
    do {                                                                                           \
        if (run.count > 0 && run.count * (tail)->count > MAX_RUN_STRINGS) {                        \
            FLUSH_RUN();                                                                           \
            exact = false;                                                                         \
        }                                                                                          \
        if (run.count == 0) {                                                                      \
            run_offset = offset;                                                                   \
            run_split = split;                                                                     \
            run_min_offset = min_offset;                                                           \
            run_inner_min = run_inner_max = 0;                                                     \
            run_counts = seen;                                                                     \
            run = set_copy(scan, (tail));                                                          \
        } else if ((tail)->count == 1) {                                                           \
            set_append_each(scan, &run, &(tail)->items[0]);                                        \
        } else {                                                                                   \
            set_product(scan, &run, (tail));                                                       \
        }                                                                                          \
    } while (0)

    while (scan->at < scan->length && !scan->unsupported && !scan->out_of_memory) {
        char c = p[scan->at];
        if (c == '|' || c == ')')
            break;
        size_t minimum = 1, maximum = 1;
        if (c == '(') {
            group_kind_t kind = GROUP_CONSUMING;
            piece_t group = parse_group(scan, depth, &kind);
            bool quantified = read_quantifier(scan, &minimum, &maximum);
            if (!quantified)
                minimum = maximum = 1;
            if (kind == GROUP_CONSUMING && group.exact && minimum == 1 && maximum == 1) {
                /* (?:年初|全年): one of its strings, adjacent to the run. */
                EXTEND_RUN(&group.set);
            } else {
                FLUSH_RUN();
                exact = false;
                if (minimum > 0 && kind != GROUP_ZERO_WIDTH && kind != GROUP_CONDITIONAL) {
                    if (depth == 0)
                        note_requirement(scan, &group.set, min_offset, &split, group.min_reach,
                                         group.reach, counts_add(seen, group.prefix));
                    keep_better(&best, &group.set, add_bounded(offset, group.reach),
                                add_bounded(min_offset, group.min_reach),
                                counts_add(seen, group.prefix));
                }
                if (kind == GROUP_CONSUMING && minimum == 1 && maximum == 1 &&
                    group.suffix.count > 0) {
                    /* The group ends with these strings: a run that literals
                     * after the group continue. */
                    run_offset = offset;
                    run_split = split;
                    run_min_offset = min_offset;
                    run_inner_min = group.suffix_min_reach;
                    run_inner_max = group.suffix_reach;
                    run_counts = counts_add(seen, group.suffix_prefix);
                    run = set_take(&group.suffix);
                }
            }
            if (kind == GROUP_LOOKAHEAD || kind == GROUP_ZERO_WIDTH)
                continue; /* consumes nothing */
            if (maximum > 0)
                seen = counts_add(seen, counts_times(group.any, maximum));
            offset = add_bounded(offset, multiply_bounded(group.max_length, maximum));
            offset_add(&split, multiply_bounded(group.max_length, maximum));
            if (kind != GROUP_CONDITIONAL) /* a conditional may take an empty branch */
                min_offset = add_bounded(min_offset, multiply_bounded(group.min_length, minimum));
            continue;
        }
        const char *literal = NULL; /* in the pattern or a constant */
        size_t literal_length = 0;
        size_t atom_length = 4;            /* a non-literal atom matches one character */
        unsigned atom_mask = ALL_BARRIERS; /* barriers the atom may match */
        bool digit_atom = false, digit_escape = false;
        string_set_t class_set = {0}; /* a small plain class's characters */
        if (c == '\\') {
            if (scan->at + 1 >= scan->length) {
                scan->unsupported = true;
                break;
            }
            char e = p[scan->at + 1];
            scan->at += 2;
            digit_atom = digit_escape = e == 'd';
            if (strchr("dwh", e))
                atom_mask = 0;
            else if (e == 's' || e == 'v')
                atom_mask = barrier_bit('\n');
            if (e == 'n' || e == 't' || e == 'r') {
                literal = e == 'n' ? "\n" : e == 't' ? "\t" : "\r";
                literal_length = 1;
            } else if (e == 'Q' || e == 'E' || e == 'R' || e == 'X') {
                scan->unsupported = true; /* quoting, newline and grapheme sequences */
                break;
            } else if (e == 'g' || e == 'k' || (e >= '1' && e <= '9')) {
                /* A backreference: no literal, any length. */
                if (scan->at < scan->length && strchr("<{'", p[scan->at])) {
                    char close = p[scan->at] == '<' ? '>' : p[scan->at] == '{' ? '}' : '\'';
                    while (scan->at < scan->length && p[scan->at] != close)
                        scan->at++;
                    scan->at++;
                } else {
                    while (scan->at < scan->length && p[scan->at] >= '0' && p[scan->at] <= '9')
                        scan->at++;
                }
                atom_length = UNBOUNDED;
            } else if (e == 'b' || e == 'B' || e == 'A' || e == 'z' || e == 'Z' || e == 'G' ||
                       e == 'K') {
                atom_length = 0; /* assertions */
                atom_mask = 0;
            } else if (strchr("pPxo", e) && scan->at < scan->length && p[scan->at] == '{') {
                size_t name = scan->at + 1;
                while (scan->at < scan->length && p[scan->at] != '}')
                    scan->at++;
                if (e == 'p' && is_han_property(p + name, scan->at - name))
                    atom_mask = 0;
                scan->at++;
            } else if (e == 'p' || e == 'P' || e == 'c') {
                scan->at++; /* \pL, \cX: one more character, one matched */
            } else if (e == 'x' || e == '0') {
                /* \x41, \012: up to two more digits, one character matched */
                for (int digit = 0; digit < 2 && scan->at < scan->length &&
                                    strchr("0123456789abcdefABCDEF", p[scan->at]);
                     digit++)
                    scan->at++;
            } else if ((unsigned char)e < 0x80 &&
                       !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
                         (e >= '0' && e <= '9'))) {
                literal = p + scan->at - 1; /* e */
                literal_length = 1;
            }
        } else if (c == '[') {
            size_t class_start = scan->at;
            atom_mask = read_class(scan);
            if (!scan->unsupported && scan->at <= scan->length) {
                digit_atom = is_numeral_class(p + class_start, p + scan->at - 1);
                class_characters(scan, p + class_start, p + scan->at - 1, &class_set);
            }
        } else if (c == '.') {
            scan->at++;
        } else if (c == '^' || c == '$') {
            scan->at++;
            atom_length = 0;
            atom_mask = 0;
        } else {
            literal_length = utf8_length((unsigned char)c);
            if (scan->at + literal_length > scan->length) {
                scan->unsupported = true;
                break;
            }
            literal = p + scan->at;
            scan->at += literal_length;
        }
        if (literal_length > 0) {
            size_t width = 0;
            atom_mask = barrier_bit(patterns_code_point(literal, literal_length, &width));
            /* A plain character takes the plain characters after it along
             * (they follow it in the pattern): the run takes them as it
             * would one by one, with the same strings, offsets and barriers. */
            if (c != '\\')
                literal_length += plain_characters_at(scan);
            atom_length = literal_length;
        }
        bool quantified = read_quantifier(scan, &minimum, &maximum);
        if (!quantified)
            minimum = maximum = 1;
        /* A run of digits or numerals (\d+, [一二三四五六七八九十]+) is taken to
         * be at most DIGIT_RUN_LIMIT characters: no stated figure, list number
         * or year is longer, and it keeps "(\d+)、name项目"-style rules
         * filterable. */
        if (digit_atom && maximum == UNBOUNDED)
            maximum = DIGIT_RUN_LIMIT;
        if (literal_length > 0 && minimum > 0) {
            string_t one_item = string_at(literal, literal_length);
            string_set_t one = {.items = &one_item, .count = 1, .capacity = 1};
            EXTEND_RUN(&one); /* only reads `one` */
            if (minimum != 1 || maximum != 1)
                exact = false;
        } else if (class_set.count > 0 && minimum == 1 && maximum == 1) {
            EXTEND_RUN(&class_set);
        } else {
            FLUSH_RUN();
            exact = false;
        }
        if (digit_escape && minimum >= DIGIT_RUN_SHORTEST) {
            /* \d{6}: a run of that many digits, a requirement of its own. */
            static const char items[][DIGIT_RUN_ITEM_LENGTH] = {{'\xFF', '\xFE', 'd', '5'},
                                                                {'\xFF', '\xFE', 'd', '6'},
                                                                {'\xFF', '\xFE', 'd', '7'},
                                                                {'\xFF', '\xFE', 'd', '8'},
                                                                {'\xFF', '\xFE', 'd', '9'}};
            string_t item = string_at(items[(minimum > 9 ? 9 : minimum) - DIGIT_RUN_SHORTEST],
                                      DIGIT_RUN_ITEM_LENGTH);
            string_set_t digits = {0};
            set_add(scan, &digits, &item);
            if (depth == 0)
                note_requirement(scan, &digits, min_offset, &split, 0, 0, seen);
            keep_better(&best, &digits, offset, min_offset, seen);
        }
        if (maximum > 0 && atom_mask != 0)
            seen = counts_add(seen, counts_times(counts_of_mask(atom_mask), maximum));
        offset = add_bounded(offset, multiply_bounded(atom_length, maximum));
        offset_add(&split, multiply_bounded(atom_length, maximum));
        /* A literal takes its bytes, any other consuming atom at least one
         * (a backreference may be empty). */
        size_t atom_min_length = literal_length > 0                             ? literal_length
                                 : atom_length == 0 || atom_length == UNBOUNDED ? 0
                                                                                : 1;
        min_offset = add_bounded(min_offset, multiply_bounded(atom_min_length, minimum));
        if (quantified && maximum != 1)
            FLUSH_RUN(); /* a repeated literal: what follows is not adjacent */
    }
    /* A sequence that is one run and nothing else matches one of its
     * strings: the piece is exact, its set is the run's. */
    exact = exact && !flushed && run.count > 0;
    if (run.count > 0) { /* the sequence ends with the run */
        best.suffix = set_copy(scan, &run);
        best.suffix_reach = add_bounded(run_offset, run_inner_max);
        best.suffix_min_reach = add_bounded(run_min_offset, run_inner_min);
        best.suffix_prefix = run_counts;
    }
    if (exact) {
        string_set_t strings = set_copy(scan, &run);
        FLUSH_RUN();
        best.set = strings;
        best.reach = add_bounded(run_offset, run_inner_max);
        best.min_reach = add_bounded(run_min_offset, run_inner_min);
        best.prefix = run_counts;
    } else {
        FLUSH_RUN();
    }
#undef FLUSH_RUN
#undef EXTEND_RUN
    best.exact = exact;
    best.max_length = offset;
    best.min_length = min_offset;
    best.any = seen;
    return best;
}

/* Alternatives: the union of the branches' sets (reach: the largest), or
 * none when one branch has none or the union is too large to filter. */
static piece_t parse_alternation(literal_scan_t *scan, int depth)
{
    piece_t result = {.min_reach = UNBOUNDED,
                      .min_length = UNBOUNDED,
                      .exact = true,
                      .suffix_min_reach = UNBOUNDED};
    if (depth > MAX_DEPTH) {
        scan->unsupported = true;
        return result;
    }
    if (depth > scan->deepest)
        scan->deepest = depth;
    bool every_branch_has_a_set = true, every_branch_has_a_suffix = true;
    bool too_many_literals = false;
    for (;;) {
        piece_t branch = parse_sequence(scan, depth);
        if (branch.suffix.count == 0)
            every_branch_has_a_suffix = false;
        /* A union past its limit is dropped at the end: stop adding early
         * (the branches' sets only grow it). */
        if (result.suffix.count > MAX_RUN_STRINGS)
            every_branch_has_a_suffix = false;
        for (size_t i = 0; every_branch_has_a_suffix && i < branch.suffix.count; i++)
            set_add(scan, &result.suffix, &branch.suffix.items[i]);
        if (branch.suffix_reach > result.suffix_reach)
            result.suffix_reach = branch.suffix_reach;
        if (branch.suffix_min_reach < result.suffix_min_reach)
            result.suffix_min_reach = branch.suffix_min_reach;
        result.suffix_prefix = counts_max(result.suffix_prefix, branch.suffix_prefix);
        if (branch.set.count == 0)
            every_branch_has_a_set = false;
        if (result.set.count > MAX_PREFILTER_LITERALS)
            too_many_literals = true;
        result.exact = result.exact && branch.exact;
        for (size_t i = 0; every_branch_has_a_set && !too_many_literals && i < branch.set.count;
             i++)
            set_add(scan, &result.set, &branch.set.items[i]);
        if (branch.reach > result.reach)
            result.reach = branch.reach;
        if (branch.max_length > result.max_length)
            result.max_length = branch.max_length;
        result.prefix = counts_max(result.prefix, branch.prefix);
        result.any = counts_max(result.any, branch.any);
        if (branch.min_reach < result.min_reach)
            result.min_reach = branch.min_reach;
        if (branch.min_length < result.min_length)
            result.min_length = branch.min_length;
        if (scan->unsupported || scan->out_of_memory || scan->at >= scan->length ||
            scan->pattern[scan->at] != '|')
            break;
        scan->at++; /* next alternative */
    }
    if (!every_branch_has_a_set || too_many_literals || result.set.count > MAX_PREFILTER_LITERALS) {
        memset(&result.set, 0, sizeof result.set);
        result.reach = UNBOUNDED;
        result.exact = false;
    }
    if (!every_branch_has_a_suffix || result.suffix.count > MAX_RUN_STRINGS)
        memset(&result.suffix, 0, sizeof result.suffix);
    return result;
}

/* A requirement worth filtering on: literals long enough not to be
 * everywhere, and not too many of them. */
static bool usable(const string_set_t *set)
{
    return set->count > 0 && set->count <= MAX_PREFILTER_LITERALS &&
           shortest(set) >= MIN_LITERAL_BYTES;
}

/* Copies a set out of the arena into *copy, each literal malloc'd and
 * NUL-terminated (literal_set_free frees it).  -1 when out of memory. */
static int export_set(const string_set_t *set, literal_set_t *copy)
{
    memset(copy, 0, sizeof *copy);
    if (set->count == 0)
        return 0;
    copy->items = malloc(set->count * sizeof *copy->items);
    copy->lengths = malloc(set->count * sizeof *copy->lengths);
    if (!copy->items || !copy->lengths) {
        literal_set_free(copy);
        return -1;
    }
    copy->capacity = set->count;
    for (size_t i = 0; i < set->count; i++) {
        const string_t *string = &set->items[i];
        char *literal = malloc(string->length + 1);
        if (!literal) {
            literal_set_free(copy);
            return -1;
        }
        memcpy(literal, string->bytes, string->length);
        literal[string->length] = '\0';
        copy->items[copy->count] = literal;
        copy->lengths[copy->count++] = string->length;
    }
    return 0;
}

void literal_requirements_free(literal_requirement_t *requirements, size_t count)
{
    for (size_t i = 0; i < count; i++)
        literal_set_free(&requirements[i].set);
    free(requirements);
}

/* The usable requirements the scan noted, copied out of its arena. */
static int export_requirements(const literal_scan_t *scan, literal_requirement_t **requirements,
                               size_t *count)
{
    size_t kept = 0;
    for (size_t i = 0; i < scan->requirement_count; i++)
        if (usable(&scan->requirements[i].set))
            kept++;
    if (kept == 0)
        return 0;
    literal_requirement_t *copies = calloc(kept, sizeof *copies);
    if (!copies)
        return -1;
    size_t made = 0;
    for (size_t i = 0; i < scan->requirement_count; i++) {
        const noted_requirement_t *noted = &scan->requirements[i];
        if (!usable(&noted->set))
            continue;
        literal_requirement_t *copy = &copies[made];
        copy->reach = noted->reach;
        copy->allowed = noted->allowed;
        copy->part_min = noted->part_min;
        copy->part_max = noted->part_max;
        copy->part_unbounded = noted->part_unbounded;
        copy->inner_min = noted->inner_min;
        copy->inner_max = noted->inner_max;
        if (export_set(&noted->set, &copy->set) < 0) {
            literal_requirements_free(copies, made);
            return -1;
        }
        made++;
    }
    *requirements = copies;
    *count = made;
    return 0;
}

int regex_literal_requirements(const char *pattern, literal_requirement_t **requirements,
                               size_t *count)
{
    *requirements = NULL;
    *count = 0;
    if (!pattern)
        return 0;
    literal_scan_t scan = {.pattern = pattern, .length = strlen(pattern)};
    piece_t result = parse_alternation(&scan, 0);
    bool analysed = !scan.unsupported && scan.at == scan.length && !scan.out_of_memory;
    if (analysed && scan.top_level_sequences > 1) {
        /* A top-level |: only the union of the branches is required. */
        scan.requirement_count = 0;
        offset_t start = {0, 0};
        note_requirement(&scan, &result.set, 0, &start, result.min_reach, result.reach,
                         result.prefix);
    }
    int status = 0;
    if (scan.out_of_memory)
        status = -1;
    else if (analysed)
        status = export_requirements(&scan, requirements, count);
    arena_free(&scan);
    return status;
}

int regex_literal_set(const char *pattern, literal_set_t *set, size_t *reach, unsigned *barriers)
{
    memset(set, 0, sizeof *set);
    *reach = 0;
    *barriers = 0;
    if (!pattern)
        return 0;
    literal_scan_t scan = {.pattern = pattern, .length = strlen(pattern)};
    piece_t result = parse_alternation(&scan, 0);
    if (scan.out_of_memory) {
        arena_free(&scan);
        return -1;
    }
    /* Unparsed text or a literal so short it is everywhere: no filter. */
    if (scan.unsupported || scan.at != scan.length || result.set.count == 0 ||
        shortest(&result.set) < MIN_LITERAL_BYTES)
        memset(&result.set, 0, sizeof result.set);
    if (export_set(&result.set, set) < 0) {
        arena_free(&scan);
        return -1;
    }
    *reach = result.set.count ? result.reach : 0;
    for (unsigned i = 0; result.set.count && i < LITERAL_BARRIER_COUNT; i++)
        if (result.prefix.most[i] == 0)
            *barriers |= 1u << i;
    arena_free(&scan);
    return 0;
}
