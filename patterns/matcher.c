/*
 * matcher.c - runs a compiled rule set over normalized text.  Each rule's
 * regex is applied repeatedly (inside each `within` match when the rule
 * has one); every match turns its fact templates into candidate facts
 * (value text, sign, unit, canonical subject, evidence).  Candidates that
 * read the same number (same value offset) are then deduplicated: the
 * higher-priority rule wins, then the longer match, then the earlier rule;
 * the winner's facts for that number are all kept (one number can give
 * 收入总计 and 支出总计).  Facts come out in text order.
 *
 * The matcher owns the reusable PCRE2 match data, match context (match
 * limit and depth limit against catastrophic backtracking: a rule that hits
 * one is given up for that text and named by pattern_matcher_warning) and
 * JIT stack;
 * the rule set is only read, so one rule set serves many threads.
 */
#include "patterns_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MATCH_LIMIT 5000000
#define DEPTH_LIMIT 20000

typedef struct {
    fact_t fact;
    size_t rule_index;
    size_t template_index;
    size_t match_serial;
    size_t match_length;
    int priority;
} candidate_t;

/* Scratch arrays for one regex's candidate places. */
typedef struct {
    size_t *places; /* the literals' places, gathered */
    size_t *merged; /* scratch for merging them */
    size_t *kept;   /* the places filter_places keeps */
    size_t place_capacity, merge_capacity, kept_capacity;
} place_buffers_t;

static void place_buffers_free(place_buffers_t *buffers)
{
    free(buffers->places);
    free(buffers->merged);
    free(buffers->kept);
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

struct pattern_matcher {
    const rule_set_t *rules;
    pcre2_match_data *outer;
    pcre2_match_data *inner;
    pcre2_match_context *context;
    pcre2_jit_stack *jit_stack;
    candidate_t *candidates;
    size_t candidate_count, candidate_capacity;
    size_t match_serial;
    char warning[512];                 /* empty: nothing given up in the last run */
    literal_occurrences_t occurrences; /* where the prefilter literals are */
    place_buffers_t within_buffers;    /* a rule's places: its within regex's */
    place_buffers_t regex_buffers;     /* and its own regex's */
    bool without_prefilter;            /* tests: try every position, to compare */
    bool prefilter_off;                /* for this text: without_prefilter, or a
                                          numeral run beyond the analysis' limit */
};

static const char *const static_kinds[] = {"item",      "function", "economic", "project",
                                           "indicator", "staff",    "asset"};
static const char *const static_measures[] = {
    "budget",        "budget_adjusted", "actual", "amount",      "completion_rate",
    "share",         "prior",           "change", "change_rate", "variance",
    "variance_rate", "count",           "score",  "score_max"};

static const char *static_word(const char *word, size_t length, const char *const *list,
                               size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == length && memcmp(list[i], word, length) == 0)
            return list[i];
    return NULL;
}

pattern_matcher_t *pattern_matcher_new(const rule_set_t *rules)
{
    if (!rules || !rules->compiled)
        return NULL;
    pattern_matcher_t *matcher = calloc(1, sizeof *matcher);
    if (!matcher)
        return NULL;
    matcher->rules = rules;
    uint32_t pairs = rules->max_capture_count + 1;
    matcher->outer = pcre2_match_data_create(pairs, NULL);
    matcher->inner = pcre2_match_data_create(pairs, NULL);
    matcher->context = pcre2_match_context_create(NULL);
    matcher->jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    if (!matcher->outer || !matcher->inner || !matcher->context) {
        pattern_matcher_free(matcher);
        return NULL;
    }
    pcre2_set_match_limit(matcher->context, MATCH_LIMIT);
    pcre2_set_depth_limit(matcher->context, DEPTH_LIMIT);
    if (matcher->jit_stack)
        pcre2_jit_stack_assign(matcher->context, NULL, matcher->jit_stack);
    return matcher;
}

static void free_candidate(candidate_t *candidate)
{
    free(candidate->fact.subject);
    free(candidate->fact.value);
    free(candidate->fact.unit);
}

static void clear_candidates(pattern_matcher_t *matcher)
{
    for (size_t i = 0; i < matcher->candidate_count; i++)
        free_candidate(&matcher->candidates[i]);
    matcher->candidate_count = 0;
}

void pattern_matcher_free(pattern_matcher_t *matcher)
{
    if (!matcher)
        return;
    clear_candidates(matcher);
    free(matcher->candidates);
    pcre2_match_data_free(matcher->outer);
    pcre2_match_data_free(matcher->inner);
    pcre2_match_context_free(matcher->context);
    literal_occurrences_free(&matcher->occurrences);
    place_buffers_free(&matcher->within_buffers);
    place_buffers_free(&matcher->regex_buffers);
    pcre2_jit_stack_free(matcher->jit_stack);
    free(matcher);
}

/* Strict enough UTF-8 check so that PCRE2 can skip its own per call. */
static bool valid_utf8(const char *text, size_t length, size_t *bad_offset)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t i = 0;
    while (i < length) {
        unsigned char c = bytes[i];
        size_t extra;
        uint32_t code_point;
        if (c < 0x80) {
            i++;
            continue;
        }
        /* Most of the text: three-byte characters whose lead byte allows no
         * overlong form or surrogate (all but E0 and ED). */
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && i + 2 < length &&
            (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            code_point = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            code_point = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            code_point = c & 0x07;
        } else {
            *bad_offset = i;
            return false;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (i + k >= length || (bytes[i + k] & 0xC0) != 0x80) {
                *bad_offset = i;
                return false;
            }
            code_point = (code_point << 6) | (bytes[i + k] & 0x3F);
        }
        if ((extra == 2 &&
             (code_point < 0x800 || (code_point >= 0xD800 && code_point <= 0xDFFF))) ||
            (extra == 3 && (code_point < 0x10000 || code_point > 0x10FFFF))) {
            *bad_offset = i;
            return false;
        }
        i += extra + 1;
    }
    return true;
}

/* Start and end of the first set group called `name` (duplicate names
 * allowed); false when no such group took part in the match. */
static bool group_span(const rule_name_table_t *names, pcre2_match_data *match_data,
                       const char *name, size_t name_length, size_t *start, size_t *end)
{
    if (!names->table || !match_data)
        return false;
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(match_data);
    uint32_t pairs = pcre2_get_ovector_count(match_data);
    for (uint32_t i = 0; i < names->count; i++) {
        const unsigned char *entry = names->table + (size_t)i * names->entry_size;
        uint32_t number = ((uint32_t)entry[0] << 8) | entry[1];
        const char *entry_name = (const char *)entry + 2;
        /* Names are NUL-terminated within their entry. */
        if (name_length + 3 > names->entry_size || memcmp(entry_name, name, name_length) != 0 ||
            entry_name[name_length] != '\0')
            continue;
        if (number >= pairs || ovector[2 * number] == PCRE2_UNSET)
            continue;
        *start = ovector[2 * number];
        *end = ovector[2 * number + 1];
        return true;
    }
    return false;
}

typedef struct {
    const rule_t *rule;
    const char *text;
    size_t length;
    pcre2_match_data *inner; /* the rule's regex match */
    pcre2_match_data *outer; /* the within match, or NULL */
} match_view_t;

static bool view_group(const match_view_t *view, const char *name, size_t name_length,
                       size_t *start, size_t *end)
{
    if (group_span(&view->rule->names, view->inner, name, name_length, start, end))
        return true;
    return view->outer &&
           group_span(&view->rule->within_names, view->outer, name, name_length, start, end);
}

static bool is_group_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Fills the $group references of `template`; unset groups give nothing and
 * the '/' next to them goes.  Returns malloc'd text (may be empty). */
static char *expand_template(const match_view_t *view, const char *template)
{
    size_t capacity = strlen(template) + 1;
    for (const char *c = template; *c; c++)
        if (*c == '$')
            capacity += view->length < 4096 ? view->length : 4096;
    char *out = malloc(capacity);
    if (!out)
        return NULL;
    size_t length = 0;
    for (const char *c = template; *c;) {
        if (*c == '$') {
            const char *name = c + 1, *end = name;
            while (is_group_char(*end))
                end++;
            size_t start = 0, stop = 0;
            if (view_group(view, name, (size_t)(end - name), &start, &stop) && stop >= start) {
                size_t piece = stop - start;
                if (piece > 4096)
                    piece = 4096;
                if (length + piece + 1 > capacity)
                    piece = capacity - length - 1;
                memcpy(out + length, view->text + start, piece);
                length += piece;
            }
            c = end;
        } else {
            if (length + 1 < capacity)
                out[length++] = *c;
            c++;
        }
    }
    out[length] = '\0';
    /* Tidy the path: no empty segments. */
    size_t write = 0;
    for (size_t read = 0; read < length; read++) {
        if (out[read] == '/' && (write == 0 || out[write - 1] == '/'))
            continue;
        out[write++] = out[read];
    }
    while (write > 0 && out[write - 1] == '/')
        write--;
    out[write] = '\0';
    return out;
}

static const char *report_measure(unsigned doc_bits)
{
    if (doc_bits & DOC_TYPE_BUDGET)
        return "budget";
    if (doc_bits & (DOC_TYPE_FINAL_ACCOUNTS | DOC_TYPE_PERFORMANCE))
        return "actual";
    return "amount";
}

/* Turns one match into candidates.  Returns 0, or -1 when out of memory. */
static int emit_match(pattern_matcher_t *matcher, size_t rule_index, const match_view_t *view,
                      unsigned doc_bits)
{
    const rule_t *rule = view->rule;
    PCRE2_SIZE *ovector = pcre2_get_ovector_pointer(view->inner);
    size_t match_start = ovector[0], match_end = ovector[1];
    size_t serial = matcher->match_serial++;
    for (size_t t = 0; t < rule->fact_count; t++) {
        const fact_template_t *template = &rule->facts[t];
        size_t value_start = 0, value_end = 0;
        if (!view_group(view, template->value_group, strlen(template->value_group), &value_start,
                        &value_end))
            continue;
        size_t when_start = 0, when_end = 0;
        if (template->when && !view_group(view, template->when + 1, strlen(template->when + 1),
                                          &when_start, &when_end))
            continue;
        bool negative = false;
        if (template->sign && strcmp(template->sign, "-") == 0) {
            negative = true;
        } else if (template->sign) {
            size_t sign_start = 0, sign_end = 0;
            const char *name = template->sign + 1;
            if (view_group(view, name, strlen(name), &sign_start, &sign_end))
                negative = sign_words_negative(matcher->rules, view->text + sign_start,
                                               sign_end - sign_start);
        }
        const char *kind = template->kind;
        char *kind_text = NULL;
        if (kind[0] == '$') {
            kind_text = expand_template(view, template->kind);
            if (!kind_text)
                return -1;
        }
        const char *static_kind = kind_text
                                      ? static_word(kind_text, strlen(kind_text), static_kinds, 7)
                                      : static_word(kind, strlen(kind), static_kinds, 7);
        free(kind_text);
        if (!static_kind)
            continue;
        char *value =
            value_text_from_match(view->text + value_start, value_end - value_start, negative);
        if (!value)
            continue; /* not a number (or out of memory: the fact is lost) */
        char *unit = NULL;
        if (template->unit) {
            unit = strdup(template->unit);
        } else {
            char unit_group[160];
            snprintf(unit_group, sizeof unit_group, "%s_unit", template->value_group);
            size_t unit_start = 0, unit_end = 0;
            if (view_group(view, unit_group, strlen(unit_group), &unit_start, &unit_end))
                unit = value_unit_canonical(view->text + unit_start, unit_end - unit_start);
            else
                unit = strdup("");
        }
        char *wording = expand_template(view, template->subject);
        char *subject = NULL;
        if (wording && wording[0])
            subject = rule_set_canonical_subject(matcher->rules, wording, static_kind);
        free(wording);
        if (!unit || !subject || !subject[0]) {
            free(value);
            free(subject);
            if (!unit)
                return -1;
            free(unit);
            continue; /* no subject text: no fact */
        }
        if (patterns_grow((void **)&matcher->candidates, &matcher->candidate_capacity,
                          matcher->candidate_count, sizeof(candidate_t)) < 0) {
            free(value);
            free(unit);
            free(subject);
            return -1;
        }
        candidate_t *candidate = &matcher->candidates[matcher->candidate_count++];
        memset(candidate, 0, sizeof *candidate);
        candidate->fact.subject = subject;
        candidate->fact.subject_kind = static_kind;
        candidate->fact.measure =
            strcmp(template->measure, "report") == 0
                ? report_measure(doc_bits)
                : static_word(template->measure, strlen(template->measure), static_measures,
                              sizeof static_measures / sizeof static_measures[0]);
        candidate->fact.value = value;
        candidate->fact.unit = unit;
        candidate->fact.rule_id = rule->id;
        candidate->fact.value_offset = value_start;
        evidence_span(view->text, view->length, match_start, match_end, value_start, value_end,
                      &candidate->fact.evidence_start, &candidate->fact.evidence_end);
        candidate->rule_index = rule_index;
        candidate->template_index = t;
        candidate->match_serial = serial;
        candidate->match_length = match_end - match_start;
        candidate->priority = rule->priority;
    }
    return 0;
}

static size_t next_start(const char *text, size_t length, size_t start, size_t end)
{
    if (end > start)
        return end;
    size_t next = end + 1;
    while (next < length && ((unsigned char)text[next] & 0xC0) == 0x80)
        next++;
    return next;
}

static bool is_resource_limit(int code)
{
    return code == PCRE2_ERROR_MATCHLIMIT || code == PCRE2_ERROR_DEPTHLIMIT ||
           code == PCRE2_ERROR_HEAPLIMIT || code == PCRE2_ERROR_JIT_STACKLIMIT;
}

/* A failed match: a resource limit gives up the rule for this text (noted
 * in the matcher's warning, returns 0); anything else is an error. */
static int match_error(pattern_matcher_t *matcher, const rule_t *rule, int code, size_t offset,
                       char **error)
{
    PCRE2_UCHAR message[160];
    pcre2_get_error_message(code, message, sizeof message);
    if (is_resource_limit(code)) {
        if (!matcher->warning[0])
            snprintf(
                matcher->warning, sizeof matcher->warning,
                "rule %.80s: %.150s near offset %zu; the rule was skipped for the rest of this "
                "text",
                rule->id, (const char *)message, offset);
        return 0;
    }
    *error = patterns_error(rule->file, rule->line, "rule %s: matching failed near offset %zu: %s",
                            rule->id, offset, (const char *)message);
    return -1;
}

typedef struct {
    const size_t *offsets; /* sorted; NULL: no prefilter, try everywhere */
    size_t count;
    size_t reach;             /* a match starts at most this many bytes before a place */
    barrier_counts_t allowed; /* and with at most these barriers before it */
    unsigned limiting;        /* bits of the barriers allowed fewer than MANY times */
} places_t;

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
static size_t prefilter_hits(const pattern_matcher_t *matcher, const prefilter_t *prefilter)
{
    size_t hits = 0;
    for (size_t i = 0; i < prefilter->id_count; i++)
        hits += matcher->occurrences.hits[prefilter->ids[i]].count;
    return hits;
}

/* A guess at the bytes a regex start costs for each place of `prefilter`:
 * the window before the literal, shorter where a clause or line barrier
 * bounds it, plus the cost of a call.  Only speed depends on it. */
static size_t prefilter_window(const prefilter_t *prefilter)
{
    enum { CLAUSE_BYTES = 48, LINE_BYTES = 240, CALL_BYTES = 64 };
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
    return (window > (1u << 20) ? (1u << 20) : window) + CALL_BYTES;
}

/* The prefilter of `list` that should cost least on this text (NULL: the
 * list is empty).  *impossible: one of them has no place in the text, so
 * the regex cannot match at all. */
static const prefilter_t *choose_prefilter(const pattern_matcher_t *matcher,
                                           const prefilter_list_t *list, bool *impossible)
{
    const prefilter_t *chosen = NULL;
    size_t chosen_cost = SIZE_MAX;
    *impossible = false;
    for (size_t i = 0; i < list->count; i++) {
        const prefilter_t *prefilter = &list->items[i];
        size_t hits = prefilter_hits(matcher, prefilter);
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
static int gather_places(const pattern_matcher_t *matcher, place_buffers_t *buffers,
                         const prefilter_t *prefilter, places_t *places)
{
    places->offsets = NULL;
    places->count = 0;
    places->reach = prefilter ? prefilter->reach : 0;
    places->limiting = 0;
    for (unsigned i = 0; prefilter && i < LITERAL_BARRIER_COUNT; i++) {
        places->allowed.most[i] = prefilter->allowed.most[i];
        if (prefilter->allowed.most[i] < LITERAL_BARRIER_MANY)
            places->limiting |= 1u << i;
    }
    if (!prefilter || prefilter->id_count == 0 || prefilter->id_count > MAX_PREFILTER_LITERALS)
        return 0;
    const size_t *ids = prefilter->ids;
    size_t id_count = prefilter->id_count;
    const literal_occurrences_t *found = &matcher->occurrences;
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

/* The barrier character that ends at bytes[end - 1], as its index (-1:
 * none). */
static int barrier_ending_at(const unsigned char *bytes, size_t end)
{
    switch (bytes[end - 1]) {
    case '\n':
        return 0;
    case ';':
        return 2;
    case ',':
        return 3;
    case ':':
        return 4;
    case 0x82: /* 。 is E3 80 82, 、 is E3 80 81 */
    case 0x81:
        if (end >= 3 && bytes[end - 3] == 0xE3 && bytes[end - 2] == 0x80)
            return bytes[end - 1] == 0x82 ? 1 : 5;
        return -1;
    default:
        return -1;
    }
}

/* The same answer as after_too_many_barriers, from the sorted ends of
 * the text's barriers: for each kind, the end of the one that is one too
 * many counting back from `high`. */
static size_t after_too_many_barriers_indexed(const literal_occurrences_t *found, size_t low,
                                              size_t high, const places_t *places)
{
    size_t result = low;
    for (unsigned kind = 0; kind < LITERAL_BARRIER_COUNT; kind++) {
        if (!(places->limiting >> kind & 1u))
            continue;
        const literal_hits_t *ends = &found->barrier_ends[kind];
        size_t first = 0, last = ends->count; /* count the ends <= high */
        while (first < last) {
            size_t middle = (first + last) / 2;
            if (ends->offsets[middle] <= high)
                first = middle + 1;
            else
                last = middle;
        }
        size_t one_too_many = (size_t)places->allowed.most[kind] + 1;
        if (first >= one_too_many && ends->offsets[first - one_too_many] > result)
            result = ends->offsets[first - one_too_many];
    }
    return result;
}

/* Going back from `high` to `low`: the end of the first barrier that is
 * one more of its kind than the text before a literal may hold, or low
 * when there is none.  Barriers are usually close: the bytes are read
 * back for a while, then the barriers' index answers. */
static size_t after_too_many_barriers(const pattern_matcher_t *matcher, const char *text,
                                      size_t low, size_t high, const places_t *places)
{
    enum { BYTES_READ_BACK = 256 };
    const unsigned char *bytes = (const unsigned char *)text;
    unsigned char seen[LITERAL_BARRIER_COUNT] = {0};
    size_t stop = high - low > BYTES_READ_BACK ? high - BYTES_READ_BACK : low;
    size_t end = high;
    if (places->limiting == BARRIER_LINE_BREAK) { /* whole lines: the simplest loop */
        for (; end > stop; end--)
            if (bytes[end - 1] == '\n' && ++seen[0] > places->allowed.most[0])
                return end;
    } else {
        for (; end > stop; end--) {
            int kind = barrier_ending_at(bytes, end);
            if (kind >= 0 && (places->limiting >> kind & 1u) &&
                ++seen[kind] > places->allowed.most[kind])
                return end;
        }
    }
    if (end == low)
        return low;
    return after_too_many_barriers_indexed(&matcher->occurrences, low, high, places);
}

/* The earliest offset, not before `low`, where a match holding the literal
 * at `place` can start. */
static size_t window_start(const pattern_matcher_t *matcher, const char *text,
                           const places_t *places, size_t low, size_t place)
{
    if (place - low > places->reach)
        low = place - places->reach;
    return places->limiting ? after_too_many_barriers(matcher, text, low, place, places) : low;
}

/* Whether one of `prefilter`'s literals occurs in text[low, high]. */
static bool occurs_between(const pattern_matcher_t *matcher, const prefilter_t *prefilter,
                           size_t low, size_t high)
{
    for (size_t i = 0; i < prefilter->id_count; i++) {
        const literal_hits_t *hits = &matcher->occurrences.hits[prefilter->ids[i]];
        size_t first = 0, last = hits->count;
        while (first < last) {
            size_t middle = (first + last) / 2;
            if (hits->offsets[middle] < low)
                first = middle + 1;
            else
                last = middle;
        }
        if (first < hits->count && hits->offsets[first] <= high)
            return true;
    }
    return false;
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
 * left out (they filter little and cost a search each). */
static int filter_places(const pattern_matcher_t *matcher, place_buffers_t *buffers,
                         const prefilter_list_t *list, const prefilter_t *chosen, const char *text,
                         places_t *places)
{
    enum { MOST_LITERALS = 8 };
    if (list->count < 2 || places->count == 0 || !places->offsets)
        return 0;
    if (reserve_places(&buffers->kept, &buffers->kept_capacity, places->count) < 0)
        return -1;
    size_t kept = 0;
    for (size_t i = 0; i < places->count; i++) {
        size_t place = places->offsets[i];
        size_t low = window_start(matcher, text, places, 0, place);
        bool near_all = true;
        for (size_t r = 0; r < list->count && near_all; r++) {
            const prefilter_t *other = &list->items[r];
            if (other == chosen || other->id_count > MOST_LITERALS)
                continue;
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
            near_all = other_low <= high && occurs_between(matcher, other, other_low, high);
        }
        if (near_all)
            buffers->kept[kept++] = place;
    }
    static const size_t nowhere = 0;
    places->offsets = kept ? buffers->kept : &nowhere;
    places->count = kept;
    return 0;
}

/* Finds the next match of `code` starting at or after `start`, exactly as
 * a plain pcre2_match over the text would, but lets the regex start only
 * where a match can start: every match holds one of the rule's literals,
 * so it starts at most `reach` bytes before one of the literals' places,
 * and after the last barrier character before it that the text ahead of
 * the literal cannot hold.  Places whose windows touch form one stretch;
 * PCRE2's offset limit keeps the regex from starting past the stretch's
 * last place.  The subject is always the whole text, so greedy parts and
 * lookbehinds see what they would without the prefilter.  Returns
 * pcre2_match's code. */
static int find_next(pattern_matcher_t *matcher, const pcre2_code *code, const places_t *places,
                     const char *text, size_t length, size_t start, pcre2_match_data *match)
{
    if (!places->offsets) {
        pcre2_set_offset_limit(matcher->context, PCRE2_UNSET);
        return pcre2_match(code, (PCRE2_SPTR)text, length, start, PCRE2_NO_UTF_CHECK, match,
                           matcher->context);
    }
    /* The first place at or after start. */
    size_t low = 0, high = places->count;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (places->offsets[middle] < start)
            low = middle + 1;
        else
            high = middle;
    }
    size_t index = low;
    while (index < places->count && start <= length) {
        size_t limit = places->offsets[index];
        if (limit > length)
            break;
        size_t from = window_start(matcher, text, places, start, limit);
        size_t last_index = index;
        while (last_index + 1 < places->count) {
            size_t next = places->offsets[last_index + 1];
            if (next > length || window_start(matcher, text, places, limit, next) > limit)
                break;
            limit = next;
            last_index++;
        }
        while (from > start && ((unsigned char)text[from] & 0xC0) == 0x80)
            from--;
        pcre2_set_offset_limit(matcher->context, limit);
        int rc = pcre2_match(code, (PCRE2_SPTR)text, length, from, PCRE2_NO_UTF_CHECK, match,
                             matcher->context);
        if (rc != PCRE2_ERROR_NOMATCH)
            return rc;
        start = next_start(text, length, limit, limit);
        index = last_index + 1;
    }
    return PCRE2_ERROR_NOMATCH;
}

static int run_rule(pattern_matcher_t *matcher, size_t rule_index, const char *text, size_t length,
                    unsigned doc_bits, char **error)
{
    const rule_t *rule = &matcher->rules->rules[rule_index];
    match_view_t view = {.rule = rule, .text = text, .length = length, .inner = matcher->inner};
    /* The places of the rule's regex, and of its within regex (whose
     * matches bound the regions the regex is run in).  A regex whose
     * required literal is absent cannot match: nor can the rule. */
    places_t places, within_places;
    const prefilter_t *prefilter = NULL, *within_prefilter = NULL;
    if (!matcher->prefilter_off) {
        bool impossible = false, within_impossible = false;
        prefilter = choose_prefilter(matcher, &rule->prefilters, &impossible);
        if (rule->within_code)
            within_prefilter =
                choose_prefilter(matcher, &rule->within_prefilters, &within_impossible);
        if (impossible || within_impossible)
            return 0;
    }
    if (gather_places(matcher, &matcher->regex_buffers, prefilter, &places) < 0 ||
        filter_places(matcher, &matcher->regex_buffers, &rule->prefilters, prefilter, text,
                      &places) < 0 ||
        gather_places(matcher, &matcher->within_buffers, within_prefilter, &within_places) < 0 ||
        filter_places(matcher, &matcher->within_buffers, &rule->within_prefilters, within_prefilter,
                      text, &within_places) < 0) {
        *error = patterns_error(NULL, 0, "out of memory matching rule %s", rule->id);
        return -1;
    }
    size_t outer_start = 0;
    while (outer_start <= length) {
        size_t region_start = 0, region_end = length;
        if (rule->within_code) {
            int rc = find_next(matcher, rule->within_code, &within_places, text, length,
                               outer_start, matcher->outer);
            if (rc == PCRE2_ERROR_NOMATCH)
                return 0;
            if (rc < 0)
                return match_error(matcher, rule, rc, outer_start, error);
            PCRE2_SIZE *outer_vector = pcre2_get_ovector_pointer(matcher->outer);
            region_start = outer_vector[0];
            region_end = outer_vector[1];
            if (region_end < region_start)
                return 0; /* \K tricks: give up on this rule */
            view.outer = matcher->outer;
            outer_start = next_start(text, length, region_start, region_end);
        } else {
            outer_start = length + 1;
        }
        size_t start = region_start;
        while (start <= region_end) {
            /* Inside a region the subject ends at the region's end; the
             * literals' places past it are simply not reached. */
            int rc =
                find_next(matcher, rule->code, &places, text, region_end, start, matcher->inner);
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            if (rc < 0)
                return match_error(matcher, rule, rc, start, error);
            PCRE2_SIZE *vector = pcre2_get_ovector_pointer(matcher->inner);
            if (vector[1] < vector[0] || vector[1] > length)
                break;
            if (emit_match(matcher, rule_index, &view, doc_bits) < 0) {
                *error = patterns_error(NULL, 0, "out of memory matching rule %s", rule->id);
                return -1;
            }
            start = next_start(text, region_end, vector[0], vector[1]);
        }
    }
    return 0;
}

static int compare_candidates(const void *left, const void *right)
{
    const candidate_t *a = left, *b = right;
    if (a->fact.value_offset != b->fact.value_offset)
        return a->fact.value_offset < b->fact.value_offset ? -1 : 1;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (a->match_length != b->match_length)
        return a->match_length > b->match_length ? -1 : 1;
    if (a->rule_index != b->rule_index)
        return a->rule_index < b->rule_index ? -1 : 1;
    if (a->match_serial != b->match_serial)
        return a->match_serial < b->match_serial ? -1 : 1;
    if (a->template_index != b->template_index)
        return a->template_index < b->template_index ? -1 : 1;
    return 0;
}

/* The same row of facts.csv: kind is left out, so that 公务接待费 read from
 * a 公用经费 list (economic) and from the 三公 section (item) is one row. */
static bool same_fact(const fact_t *a, const fact_t *b)
{
    return a->measure == b->measure && strcmp(a->subject, b->subject) == 0 &&
           strcmp(a->value, b->value) == 0 && strcmp(a->unit, b->unit) == 0;
}

/* Keeps, for each value offset, the facts of the winning match only, and
 * moves them to `facts` in text order.  A fact identical to one already
 * delivered (same subject, kind, measure, value, unit: a table row that
 * repeats a sentence, a list that repeats a 三公 part) is one row: the
 * first stays. */
/* Hash of the fields same_fact() compares, for the delivered-facts index. */
static size_t fact_hash(const fact_t *fact)
{
    size_t hash = 1469598103934665603u ^ (size_t)(uintptr_t)fact->measure;
    const char *const parts[] = {fact->subject, fact->value, fact->unit};
    for (size_t i = 0; i < 3; i++) {
        for (const unsigned char *c = (const unsigned char *)parts[i]; *c; c++)
            hash = (hash ^ *c) * 1099511628211u;
        hash = (hash ^ 0xFF) * 1099511628211u;
    }
    return hash;
}

static int deliver(pattern_matcher_t *matcher, fact_list_t *facts, char **error)
{
    size_t first_new = facts->count;
    if (matcher->candidate_count > 1)
        qsort(matcher->candidates, matcher->candidate_count, sizeof(candidate_t),
              compare_candidates);
    /* An open-addressing index of the facts delivered so far (their position
     * + 1; 0 is empty), so that a document with many facts costs linear time,
     * not a comparison of every fact with every other. */
    size_t slots = 16;
    while (slots < matcher->candidate_count * 2)
        slots *= 2;
    size_t *index = calloc(slots, sizeof *index);
    if (!index) {
        *error = patterns_error(NULL, 0, "out of memory collecting facts");
        return -1;
    }
    size_t group_offset = 0, winner_serial = 0;
    int status = 0;
    for (size_t i = 0; i < matcher->candidate_count; i++) {
        candidate_t *candidate = &matcher->candidates[i];
        /* The first candidate of each value offset is the winner (sorted by
         * priority, match length, rule order).  Delivered facts are moved
         * out, so the group is remembered here, not read back. */
        if (i == 0 || candidate->fact.value_offset != group_offset) {
            group_offset = candidate->fact.value_offset;
            winner_serial = candidate->match_serial;
        }
        if (candidate->match_serial != winner_serial)
            continue;
        size_t slot = fact_hash(&candidate->fact) & (slots - 1);
        bool duplicate = false;
        for (; index[slot] != 0; slot = (slot + 1) & (slots - 1)) {
            fact_t *delivered = &facts->items[first_new + index[slot] - 1];
            if (same_fact(delivered, &candidate->fact)) {
                duplicate = true;
                /* A named item (三公 part) beats an economic list entry. */
                if (strcmp(candidate->fact.subject_kind, "item") == 0)
                    delivered->subject_kind = candidate->fact.subject_kind;
                break;
            }
        }
        if (duplicate)
            continue;
        if (patterns_grow((void **)&facts->items, &facts->capacity, facts->count, sizeof(fact_t)) <
            0) {
            *error = patterns_error(NULL, 0, "out of memory collecting facts");
            status = -1;
            break;
        }
        facts->items[facts->count++] = candidate->fact;
        index[slot] = facts->count - first_new;
        memset(&candidate->fact, 0, sizeof candidate->fact); /* ownership moved */
    }
    free(index);
    return status;
}

int pattern_matcher_run_rules(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                              size_t length, size_t only_rule, fact_list_t *facts, char **error)
{
    if (!matcher || !text || !facts) {
        *error = patterns_error(NULL, 0, "pattern_matcher_run: missing argument");
        return -1;
    }
    size_t bad_offset = 0;
    if (!valid_utf8(text, length, &bad_offset)) {
        *error = patterns_error(NULL, 0, "text is not valid UTF-8 at byte %zu", bad_offset);
        return -1;
    }
    unsigned doc_bits = doc_type ? doc_type_bits(doc_type, strlen(doc_type)) : 0;
    if (!doc_bits || doc_bits == DOC_TYPE_ANY)
        doc_bits = DOC_TYPE_UNKNOWN;
    clear_candidates(matcher);
    matcher->match_serial = 0;
    matcher->warning[0] = '\0';
    const rule_set_t *rules = matcher->rules;
    if (literal_table_scan(&rules->literals, text, length, &matcher->occurrences) < 0) {
        *error = patterns_error(NULL, 0, "out of memory finding the rules' literals");
        return -1;
    }
    matcher->prefilter_off = matcher->without_prefilter ||
                             matcher->occurrences.longest_numeral_run > PREFILTER_NUMERAL_RUN_LIMIT;
    int status = 0;
    for (size_t r = 0; r < rules->rule_count && status == 0; r++) {
        if (only_rule != SIZE_MAX && r != only_rule)
            continue;
        if (!(rules->rules[r].types & doc_bits))
            continue;
        status = run_rule(matcher, r, text, length, doc_bits, error);
    }
    if (status == 0)
        status = deliver(matcher, facts, error);
    clear_candidates(matcher);
    return status;
}

int pattern_matcher_run(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                        size_t length, fact_list_t *facts, char **error)
{
    return pattern_matcher_run_rules(matcher, doc_type, text, length, SIZE_MAX, facts, error);
}

void pattern_matcher_use_prefilter(pattern_matcher_t *matcher, bool use)
{
    matcher->without_prefilter = !use;
}

const char *pattern_matcher_warning(const pattern_matcher_t *matcher)
{
    return matcher && matcher->warning[0] ? matcher->warning : NULL;
}
