/*
 * match_places.c - where a rule's regex may start.  From the literal
 * requirements of a regex (literal_set.c) and where their literals occur in
 * the text (literal_index.c), the places where a match can hold its chosen
 * literal are gathered, thinned to those near which every other required
 * literal occurs, and given windows (a match starts at most `reach` bytes
 * before its literal, and after no more barrier characters than the
 * regex allows there); find_next_match then runs PCRE2 over those windows
 * only, giving exactly the match a plain pcre2_match would.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

void place_buffers_free(place_buffers_t *buffers)
{
    free(buffers->places);
    free(buffers->merged);
    free(buffers->kept);
    free(buffers->window_starts);
    free(buffers->cursors);
}

/* Makes *array hold at least `count` places. */
static int reserve_places(size_t **array, size_t *capacity, size_t count)
{
    if (count <= *capacity)
        return 0;
    size_t *grown = realloc(*array, count * sizeof *grown);
    if (!grown)
        return -1;
    *array = grown;
    *capacity = count;
    return 0;
}

size_t next_match_start(const char *text, size_t length, size_t start, size_t end)
{
    if (end > start)
        return end;
    size_t next = end + 1;
    while (next < length && ((unsigned char)text[next] & 0xC0) == 0x80)
        next++;
    return next;
}

/* The index of the first of the sorted `offsets` that is >= value
 * (`count` when there is none). */
static size_t first_at_or_after(const size_t *offsets, size_t count, size_t value)
{
    size_t first = 0, last = count;
    while (first < last) {
        size_t middle = (first + last) / 2;
        if (offsets[middle] < value)
            first = middle + 1;
        else
            last = middle;
    }
    return first;
}

/* Merges the sorted runs of places[0, count), run i being
 * [bounds[i], bounds[i + 1]), into one sorted run, pairwise (log k passes
 * over the places instead of a sort).  `scratch` holds `count` places;
 * returns the array that ends up holding the result. */
static size_t *merge_runs(size_t *places, size_t *scratch, size_t count, size_t *bounds,
                          size_t run_count)
{
    while (run_count > 1) {
        size_t merged = 0;
        for (size_t run = 0; run < run_count; run += 2) {
            size_t left = bounds[run], middle = bounds[run + 1];
            size_t right_end = run + 2 <= run_count ? bounds[run + 2] : middle;
            size_t right = middle, out = left;
            while (left < middle && right < right_end)
                scratch[out++] = places[left] <= places[right] ? places[left++] : places[right++];
            while (left < middle)
                scratch[out++] = places[left++];
            while (right < right_end)
                scratch[out++] = places[right++];
            bounds[merged++] = bounds[run];
        }
        bounds[merged] = count;
        run_count = merged;
        size_t *swap = places;
        places = scratch;
        scratch = swap;
    }
    return places;
}

/* How many places of `prefilter`'s literals the text holds. */
static size_t prefilter_hits(const literal_occurrences_t *found, const prefilter_t *prefilter)
{
    size_t hits = 0;
    for (size_t i = 0; i < prefilter->id_count; i++)
        hits += found->hits[prefilter->ids[i]].count;
    return hits;
}

/* A guess at the bytes a regex start costs for each place of `prefilter`:
 * the window before the literal, shorter where a clause or line barrier
 * bounds it, plus the cost of a call.  Only speed depends on it. */
static size_t prefilter_window(const prefilter_t *prefilter)
{
    /* WIDEST_WINDOW: beyond it every window costs alike (and no sum overflows). */
    enum { CLAUSE_BYTES = 48, LINE_BYTES = 240, CALL_BYTES = 64, WIDEST_WINDOW = 1 << 20 };
    static const unsigned clause_marks[] = {1 /* 。 */, 2 /* ; */, 3 /* , */};
    size_t window = prefilter->reach;
    size_t clauses = LITERAL_BARRIER_MANY;
    for (size_t i = 0; i < sizeof clause_marks / sizeof clause_marks[0]; i++)
        if (prefilter->allowed.most[clause_marks[i]] < clauses)
            clauses = prefilter->allowed.most[clause_marks[i]];
    size_t lines = prefilter->allowed.most[0];
    if (clauses < LITERAL_BARRIER_MANY && window > CLAUSE_BYTES * (clauses + 1))
        window = CLAUSE_BYTES * (clauses + 1);
    else if (lines < LITERAL_BARRIER_MANY && window > LINE_BYTES * (lines + 1))
        window = LINE_BYTES * (lines + 1);
    return (window > WIDEST_WINDOW ? WIDEST_WINDOW : window) + CALL_BYTES;
}

/* The prefilter of `list` that should cost least on this text (NULL: the
 * list is empty).  *impossible: one of them has no place in the text, so
 * the regex cannot match at all. */
const prefilter_t *choose_prefilter(const literal_occurrences_t *found,
                                    const prefilter_list_t *list, bool *impossible)
{
    const prefilter_t *chosen = NULL;
    size_t chosen_cost = SIZE_MAX;
    *impossible = false;
    for (size_t i = 0; i < list->count; i++) {
        const prefilter_t *prefilter = &list->items[i];
        size_t hits = prefilter_hits(found, prefilter);
        if (hits == 0) {
            *impossible = true;
            return NULL;
        }
        size_t window = prefilter_window(prefilter);
        size_t cost = hits > SIZE_MAX / window ? SIZE_MAX : hits * window;
        if (!chosen || cost < chosen_cost) {
            chosen = prefilter;
            chosen_cost = cost;
        }
    }
    return chosen;
}

/* The sorted places where any of `prefilter`'s literals occurs (no
 * prefilter: try everywhere). */
int gather_places(const literal_occurrences_t *found, place_buffers_t *buffers,
                  const prefilter_t *prefilter, places_t *places)
{
    places->offsets = NULL;
    places->window_starts = NULL;
    places->count = 0;
    places->reach = prefilter ? prefilter->reach : 0;
    places->limiting = 0;
    memset(&places->allowed, 0, sizeof places->allowed);
    for (unsigned i = 0; prefilter && i < LITERAL_BARRIER_COUNT; i++) {
        places->allowed.most[i] = prefilter->allowed.most[i];
        if (prefilter->allowed.most[i] < LITERAL_BARRIER_MANY)
            places->limiting |= 1u << i;
    }
    if (!prefilter || prefilter->id_count == 0 || prefilter->id_count > MAX_PREFILTER_LITERALS)
        return 0;
    const size_t *ids = prefilter->ids;
    size_t id_count = prefilter->id_count;
    if (id_count == 1) {
        places->offsets = found->hits[ids[0]].offsets;
        places->count = found->hits[ids[0]].count;
        static const size_t nowhere = 0;
        if (!places->offsets)
            places->offsets = &nowhere; /* not NULL: the literal is absent */
        return 0;
    }
    size_t total = 0;
    for (size_t i = 0; i < id_count; i++)
        total += found->hits[ids[i]].count;
    if (reserve_places(&buffers->places, &buffers->place_capacity, total) < 0 ||
        reserve_places(&buffers->merged, &buffers->merge_capacity, total) < 0)
        return -1;
    /* Each literal's places are sorted: copy them as runs, then merge. */
    size_t bounds[MAX_PREFILTER_LITERALS + 1];
    size_t run_count = 0, count = 0;
    for (size_t i = 0; i < id_count; i++) {
        const literal_hits_t *hits = &found->hits[ids[i]];
        if (hits->count == 0)
            continue;
        bounds[run_count++] = count;
        memcpy(buffers->places + count, hits->offsets, hits->count * sizeof *hits->offsets);
        count += hits->count;
    }
    bounds[run_count] = count;
    static const size_t nowhere = 0;
    places->offsets =
        count ? merge_runs(buffers->places, buffers->merged, count, bounds, run_count) : &nowhere;
    places->count = count;
    return 0;
}

/* The index of the first of the sorted `offsets` at or after index `from`
 * that is >= value, when none before `from` is: steps forward from `from`
 * in doubling strides, then searches the last stride.  A run of rising
 * values costs little more than the distance each value moves on. */
static size_t first_at_or_after_from(const size_t *offsets, size_t count, size_t from, size_t value)
{
    if (from >= count || offsets[from] >= value)
        return from;
    size_t below = from, stride = 1; /* offsets[below] < value */
    while (stride < count - below && offsets[below + stride] < value) {
        below += stride;
        stride *= 2;
    }
    size_t end = stride < count - below ? below + stride : count;
    return below + 1 + first_at_or_after(offsets + below + 1, end - below - 1, value);
}

/* What window_start needs of a regex's places, worked out once for all:
 * the kinds of barrier the text before its literal may hold only so many
 * of, and how many make one too many. */
typedef struct {
    size_t reach;
    unsigned count;
    unsigned kinds[LITERAL_BARRIER_COUNT];
    size_t one_too_many[LITERAL_BARRIER_COUNT];
} window_limits_t;

static window_limits_t window_limits(const places_t *places)
{
    window_limits_t limits = {.reach = places->reach};
    for (unsigned kind = 0; kind < LITERAL_BARRIER_COUNT; kind++)
        if (places->limiting >> kind & 1u) {
            limits.kinds[limits.count] = kind;
            limits.one_too_many[limits.count++] = (size_t)places->allowed.most[kind] + 1;
        }
    return limits;
}

/* How many bits of `bits` are set (a SWAR count: the pairs, nibbles and
 * bytes each hold their own count, and the multiply sums the bytes into
 * the top one). */
static unsigned count_bits(uint64_t bits)
{
    bits -= bits >> 1 & 0x5555555555555555u;
    bits = (bits & 0x3333333333333333u) + (bits >> 2 & 0x3333333333333333u);
    bits = (bits + (bits >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (unsigned)((bits * 0x0101010101010101u) >> 56);
}

_Static_assert(BARRIER_BLOCK_BYTES == 64, "a block's barrier mask has a bit per byte");

/* The earliest offset where a match holding the literal at `place` (an
 * offset of the scanned text) can start: at most `reach` bytes before it,
 * and after the barrier that is one more of its kind than the text before
 * the literal may hold.  The barriers' block index says how many of each
 * kind end before the place's block, and its mask which of the block's
 * bytes one ends at: the ends <= place are those before the block and
 * those at the mask's bits 0 to place % 64. */
static size_t window_start(const literal_occurrences_t *found, const window_limits_t *limits,
                           size_t place)
{
    size_t low = place > limits->reach ? place - limits->reach : 0;
    if (found->block_count == 0)
        return low;
    size_t block = place / BARRIER_BLOCK_BYTES;
    bool past_end = block >= found->block_count; /* not a place of the text: count them all */
    if (past_end)
        block = found->block_count - 1;
    const size_t *before_block = found->barrier_blocks + block * LITERAL_BARRIER_COUNT;
    const uint64_t *masks = found->barrier_masks + block * LITERAL_BARRIER_COUNT;
    uint64_t up_to_place = past_end ? ~(uint64_t)0 : ~(uint64_t)0 >> (63 - place % 64);
    for (unsigned i = 0; i < limits->count; i++) {
        const literal_hits_t *ends = &found->barrier_ends[limits->kinds[i]];
        size_t before = before_block[limits->kinds[i]] +
                        count_bits(masks[limits->kinds[i]] & up_to_place); /* the ends <= place */
        if (before >= limits->one_too_many[i] &&
            ends->offsets[before - limits->one_too_many[i]] > low)
            low = ends->offsets[before - limits->one_too_many[i]];
    }
    return low;
}

/* Whether one of `prefilter`'s literals occurs in text[low, high].
 * next[i], for its literal i, is where the search starts: the first of
 * its offsets that is >= low, kept for the next call, whose low may not
 * be smaller. */
static bool occurs_between(const literal_occurrences_t *found, const prefilter_t *prefilter,
                           size_t *next, size_t low, size_t high)
{
    bool occurs = false;
    for (size_t i = 0; i < prefilter->id_count && !occurs; i++) {
        const literal_hits_t *hits = &found->hits[prefilter->ids[i]];
        next[i] = first_at_or_after_from(hits->offsets, hits->count, next[i], low);
        occurs = next[i] < hits->count && hits->offsets[next[i]] <= high;
    }
    return occurs;
}

/* Whether two prefilters' literals are a bounded distance apart in a
 * match: as many unbounded parts of the top-level sequence before each, and
 * a bounded place inside its own part. */
static bool distance_bounded(const prefilter_t *chosen, const prefilter_t *other)
{
    return chosen->part_unbounded == other->part_unbounded && chosen->inner_max != SIZE_MAX &&
           other->inner_max != SIZE_MAX;
}

/* Where the literal of `other` can lie relative to the literal of
 * `chosen` in one match: the parts between them take part_min to part_max
 * bytes more or less (both are sums over one sequence, so the common
 * beginning cancels), and each literal lies inner_min to inner_max bytes
 * into its part.  *low and *high are signed byte distances. */
static void distance_bounds(const prefilter_t *chosen, const prefilter_t *other, long long *low,
                            long long *high)
{
    long long by_min = (long long)other->part_min - (long long)chosen->part_min;
    long long by_max = (long long)other->part_max - (long long)chosen->part_max;
    *low = (by_min < by_max ? by_min : by_max) + (long long)other->inner_min -
           (long long)chosen->inner_max;
    *high = (by_min > by_max ? by_min : by_max) + (long long)other->inner_max -
            (long long)chosen->inner_min;
}

/* Keeps only the places of the chosen prefilter near which each other
 * requirement of the regex has a place too.  A match starting at s holds
 * the chosen literal at p, so s lies in [window_start(p), p]; it holds
 * every other requirement's literal at some q with s <= q <= s + reach,
 * so q lies in [window_start(p), p + reach], and, where both positions are
 * bounded, within distance_bounds of p.  A place without such a q for
 * some requirement starts no match.  Requirements with many literals are
 * left out (they filter little and cost a search each).  Both ends of
 * each searched stretch rise with the place, so every search goes on
 * from where the one for the place before stopped. */
int filter_places(const literal_occurrences_t *found, place_buffers_t *buffers,
                  const prefilter_list_t *list, const prefilter_t *chosen, places_t *places)
{
    enum { MOST_LITERALS = 8 };
    if (places->count == 0 || !places->offsets)
        return 0;
    /* Where each other requirement's literals' searches go on from. */
    size_t searched = 0;
    for (size_t r = 0; r < list->count; r++)
        if (&list->items[r] != chosen && list->items[r].id_count <= MOST_LITERALS)
            searched += list->items[r].id_count;
    if (reserve_places(&buffers->window_starts, &buffers->window_capacity, places->count) < 0 ||
        (searched > 0 &&
         (reserve_places(&buffers->kept, &buffers->kept_capacity, places->count) < 0 ||
          reserve_places(&buffers->cursors, &buffers->cursor_capacity, searched) < 0)))
        return -1;
    window_limits_t limits = window_limits(places);
    if (searched == 0) { /* nothing else to look for: every place is kept */
        for (size_t i = 0; i < places->count; i++)
            buffers->window_starts[i] = window_start(found, &limits, places->offsets[i]);
        places->window_starts = buffers->window_starts;
        return 0;
    }
    memset(buffers->cursors, 0, searched * sizeof *buffers->cursors);
    size_t kept = 0;
    for (size_t i = 0; i < places->count; i++) {
        size_t place = places->offsets[i];
        size_t low = window_start(found, &limits, place);
        bool near_all = true;
        size_t *cursors = buffers->cursors;
        for (size_t r = 0; r < list->count && near_all; r++) {
            const prefilter_t *other = &list->items[r];
            if (other == chosen || other->id_count > MOST_LITERALS)
                continue;
            size_t *next = cursors;
            cursors += other->id_count;
            size_t other_low = low;
            size_t high = place > SIZE_MAX - other->reach ? SIZE_MAX : place + other->reach;
            if (distance_bounded(chosen, other)) {
                long long distance_low = 0, distance_high = 0;
                distance_bounds(chosen, other, &distance_low, &distance_high);
                long long from = (long long)place + distance_low;
                long long to = (long long)place + distance_high;
                if (to < 0) {
                    near_all = false;
                    break;
                }
                if (from > (long long)other_low)
                    other_low = (size_t)from;
                if ((unsigned long long)to < high)
                    high = (size_t)to;
            }
            near_all = other_low <= high && occurs_between(found, other, next, other_low, high);
        }
        if (near_all) {
            buffers->kept[kept] = place;
            buffers->window_starts[kept++] = low;
        }
    }
    static const size_t nowhere = 0;
    places->offsets = kept ? buffers->kept : &nowhere;
    places->window_starts = buffers->window_starts;
    places->count = kept;
    return 0;
}

/* Finds the next match of `code` starting at or after `start`, exactly as
 * a plain pcre2_match over the text would, but lets the regex start only
 * where a match can start: every match holds one of the rule's literals,
 * so it starts no earlier than that place's window start (filter_places:
 * at most `reach` bytes before it, and after the barriers the text ahead
 * of the literal cannot hold).  Places whose windows touch form one stretch;
 * PCRE2's offset limit keeps the regex from starting past the stretch's
 * last place.  The subject is always the whole text, so greedy parts and
 * lookbehinds see what they would without the prefilter.  Returns
 * pcre2_match's code. */
int find_next_match(pcre2_match_context *context, const pcre2_code *code, const places_t *places,
                    const char *text, size_t length, size_t start, pcre2_match_data *match)
{
    if (!places->offsets) {
        pcre2_set_offset_limit(context, PCRE2_UNSET);
        return pcre2_match(code, (PCRE2_SPTR)text, length, start, PCRE2_NO_UTF_CHECK, match,
                           context);
    }
    size_t index = first_at_or_after(places->offsets, places->count, start);
    while (index < places->count && start <= length) {
        size_t limit = places->offsets[index];
        if (limit > length)
            break;
        /* A window starting before `start` starts there: window_start with
         * a lower bound is the larger of the two. */
        size_t from = places->window_starts[index] > start ? places->window_starts[index] : start;
        size_t last_index = index;
        while (last_index + 1 < places->count) {
            size_t next = places->offsets[last_index + 1];
            if (next > length || places->window_starts[last_index + 1] > limit)
                break;
            limit = next;
            last_index++;
        }
        while (from > start && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        pcre2_set_offset_limit(context, limit);
        int rc =
            pcre2_match(code, (PCRE2_SPTR)text, length, from, PCRE2_NO_UTF_CHECK, match, context);
        if (rc != PCRE2_ERROR_NOMATCH)
            return rc;
        start = next_match_start(text, length, limit, limit);
        index = last_index + 1;
    }
    return PCRE2_ERROR_NOMATCH;
}
