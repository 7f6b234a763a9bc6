/*
 * matcher.c - runs a compiled rule set over normalized text.  Each rule's
 * regex is applied repeatedly (inside each `within` match when the rule
 * has one); every match turns its fact templates into candidate facts
 * (value text, sign, unit, canonical subject, evidence), reading the
 * groups its templates name by the numbers rule_set_compile resolved them
 * to (fact_template.c); each wording's canonical subject is worked out
 * once per run (subject_memo.c).  Candidates that
 * read the same number (same value offset) are then deduplicated: the
 * higher-priority rule wins, then the longer match, then the earlier rule;
 * the winner's facts for that number are all kept (one number can give
 * 收入总计 and 支出总计).  Facts come out in text order.
 *
 * A regex is tried only where a match can be (match_places.c): the text is
 * scanned once for all rules' literals (literal_index.c), and each rule
 * then starts near the places of its rarest required literal.  A rule
 * whose required literal is absent is not run at all.
 *
 * The matcher owns the reusable PCRE2 match data, match context (match
 * limit and depth limit against catastrophic backtracking: a rule that hits
 * one is given up for that text and named by pattern_matcher_warning), JIT
 * stack and place buffers; the rule set is only read, so one rule set
 * serves many threads.
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

struct pattern_matcher {
    const rule_set_t *rules;
    pcre2_match_data *outer;
    pcre2_match_data *inner;
    pcre2_match_context *context;
    pcre2_jit_stack *jit_stack;
    candidate_t *candidates;
    size_t candidate_count, candidate_capacity;
    size_t match_serial;
    patterns_string_t expansion;       /* scratch: a template being filled */
    subject_memo_t subjects;           /* the canonical subjects of this run */
    char warning[512];                 /* empty: nothing given up in the last run */
    literal_occurrences_t occurrences; /* where the prefilter literals are */
    place_buffers_t within_buffers;    /* a rule's places: its within regex's */
    place_buffers_t regex_buffers;     /* and its own regex's */
    bool without_prefilter;            /* tests: try every position, to compare */
    bool prefilter_off;                /* for this text: without_prefilter, or a
                                          numeral run beyond the analysis' limit */
};

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
    free(matcher->expansion.data);
    subject_memo_free(&matcher->subjects);
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
         * overlong form or surrogate (E1 to EF but ED), with both
         * continuation bytes tested at once. */
        if ((unsigned)(c - 0xE1) <= 0xEF - 0xE1 && c != 0xED && length - i >= 3) {
            uint16_t tail;
            memcpy(&tail, bytes + i + 1, sizeof tail);
            if ((tail & 0xC0C0) == 0x8080) {
                i += 3;
                continue;
            }
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

typedef struct {
    const rule_t *rule;
    const char *text;
    size_t length;
    pcre2_match_data *inner; /* the rule's regex match */
    pcre2_match_data *outer; /* the within match, or NULL */
} match_view_t;

/* A match's groups as emit_match reads them. */
typedef struct {
    const char *text;
    size_t length;
    const PCRE2_SIZE *regex;  /* the rule's regex match's ovector */
    const PCRE2_SIZE *within; /* the within match's, or NULL */
    uint32_t regex_pairs, within_pairs;
} match_groups_t;

/* Start and end of the first set group of `group` (the regex's groups,
 * then the within match's); false when none took part in the match. */
static bool group_span(const match_groups_t *groups, const group_numbers_t *group, size_t *start,
                       size_t *end)
{
    for (uint32_t i = 0; i < group->regex_count; i++) {
        uint32_t number = group->numbers[i];
        if (number >= groups->regex_pairs || groups->regex[2 * number] == PCRE2_UNSET)
            continue;
        *start = groups->regex[2 * number];
        *end = groups->regex[2 * number + 1];
        return true;
    }
    if (!groups->within)
        return false;
    for (uint32_t i = 0; i < group->within_count; i++) {
        uint32_t number = group->numbers[group->regex_count + i];
        if (number >= groups->within_pairs || groups->within[2 * number] == PCRE2_UNSET)
            continue;
        *start = groups->within[2 * number];
        *end = groups->within[2 * number + 1];
        return true;
    }
    return false;
}

/* The most bytes one $group puts into an expanded template. */
#define TEMPLATE_GROUP_MAX_BYTES 4096

/* Fills the $group references of a template into `out` (replacing what it
 * held); unset groups give nothing and the '/' next to them goes.  Returns
 * false when out of memory. */
static bool expand_template(const match_groups_t *groups, const template_pieces_t *pieces,
                            patterns_string_t *out)
{
    out->length = 0;
    if (!patterns_string_append(out, "", 0))
        return false;
    for (size_t i = 0; i < pieces->count; i++) {
        const template_piece_t *piece = &pieces->items[i];
        if (!patterns_string_append(out, piece->literal, piece->literal_length))
            return false;
        size_t start = 0, stop = 0;
        if (piece->has_group && group_span(groups, &piece->group, &start, &stop) && stop >= start &&
            stop <= groups->length) {
            size_t length = stop - start;
            if (length > TEMPLATE_GROUP_MAX_BYTES)
                length = TEMPLATE_GROUP_MAX_BYTES;
            if (!patterns_string_append(out, groups->text + start, length))
                return false;
        }
    }
    /* Tidy the path: no empty segments. */
    char *text = out->data;
    size_t write = 0;
    for (size_t read = 0; read < out->length; read++) {
        if (text[read] == '/' && (write == 0 || text[write - 1] == '/'))
            continue;
        text[write++] = text[read];
    }
    while (write > 0 && text[write - 1] == '/')
        write--;
    text[write] = '\0';
    out->length = write;
    return true;
}

/* Turns one match into candidates.  Returns 0, or -1 when out of memory. */
static int emit_match(pattern_matcher_t *matcher, size_t rule_index, const match_view_t *view,
                      unsigned doc_bits)
{
    const rule_t *rule = view->rule;
    match_groups_t groups = {.text = view->text,
                             .length = view->length,
                             .regex = pcre2_get_ovector_pointer(view->inner),
                             .regex_pairs = pcre2_get_ovector_count(view->inner)};
    if (view->outer) {
        groups.within = pcre2_get_ovector_pointer(view->outer);
        groups.within_pairs = pcre2_get_ovector_count(view->outer);
    }
    size_t match_start = groups.regex[0], match_end = groups.regex[1];
    size_t serial = matcher->match_serial++;
    for (size_t t = 0; t < rule->fact_count; t++) {
        const fact_template_t *template = &rule->facts[t];
        const resolved_template_t *resolved = &template->resolved;
        size_t value_start = 0, value_end = 0;
        if (!group_span(&groups, &resolved->value, &value_start, &value_end))
            continue;
        size_t when_start = 0, when_end = 0;
        if (template->when && !group_span(&groups, &resolved->when, &when_start, &when_end))
            continue;
        bool negative = resolved->negative;
        size_t sign_start = 0, sign_end = 0;
        if (template->sign && !negative &&
            group_span(&groups, &resolved->sign, &sign_start, &sign_end))
            negative =
                sign_words_negative(matcher->rules, view->text + sign_start, sign_end - sign_start);
        const char *static_kind = resolved->static_kind;
        if (resolved->kind.count > 0) {
            if (!expand_template(&groups, &resolved->kind, &matcher->expansion))
                return -1;
            static_kind = fact_kind_word(matcher->expansion.data, strlen(matcher->expansion.data));
        }
        if (!static_kind)
            continue;
        char *value =
            value_text_from_match(view->text + value_start, value_end - value_start, negative);
        if (!value)
            continue; /* not a number (or out of memory: the fact is lost) */
        char *unit = NULL;
        size_t unit_start = 0, unit_end = 0;
        if (template->unit)
            unit = strdup(template->unit);
        else if (group_span(&groups, &resolved->unit, &unit_start, &unit_end))
            unit = value_unit_canonical(view->text + unit_start, unit_end - unit_start);
        else
            unit = strdup("");
        if (!unit || !expand_template(&groups, &resolved->subject, &matcher->expansion)) {
            free(value);
            free(unit);
            return -1;
        }
        /* The wording is read as a string (up to a NUL the text might hold). */
        const char *wording = matcher->expansion.data;
        size_t wording_length = strlen(wording);
        const char *canonical = NULL;
        if (wording_length > 0) {
            canonical = subject_memo_canonical(&matcher->subjects, matcher->rules, wording,
                                               wording_length, static_kind);
            if (!canonical) {
                free(value);
                free(unit);
                return -1;
            }
        }
        char *subject = canonical && canonical[0] ? strdup(canonical) : NULL;
        if (!subject) {
            free(value);
            free(unit);
            if (canonical && canonical[0])
                return -1;
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
            resolved->report_measure ? fact_report_measure(doc_bits) : resolved->measure;
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
        prefilter = choose_prefilter(&matcher->occurrences, &rule->prefilters, &impossible);
        if (rule->within_code)
            within_prefilter = choose_prefilter(&matcher->occurrences, &rule->within_prefilters,
                                                &within_impossible);
        if (impossible || within_impossible)
            return 0;
    }
    if (gather_places(&matcher->occurrences, &matcher->regex_buffers, prefilter, &places) < 0 ||
        filter_places(&matcher->occurrences, &matcher->regex_buffers, &rule->prefilters, prefilter,
                      &places) < 0 ||
        gather_places(&matcher->occurrences, &matcher->within_buffers, within_prefilter,
                      &within_places) < 0 ||
        filter_places(&matcher->occurrences, &matcher->within_buffers, &rule->within_prefilters,
                      within_prefilter, &within_places) < 0) {
        *error = patterns_error(NULL, 0, "out of memory matching rule %s", rule->id);
        return -1;
    }
    size_t outer_start = 0;
    while (outer_start <= length) {
        size_t region_start = 0, region_end = length;
        if (rule->within_code) {
            int rc = find_next_match(matcher->context, rule->within_code, &within_places, text,
                                     length, outer_start, matcher->outer);
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
            outer_start = next_match_start(text, length, region_start, region_end);
        } else {
            outer_start = length + 1;
        }
        size_t start = region_start;
        while (start <= region_end) {
            /* Inside a region the subject ends at the region's end; the
             * literals' places past it are simply not reached. */
            int rc = find_next_match(matcher->context, rule->code, &places, text, region_end, start,
                                     matcher->inner);
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
            start = next_match_start(text, region_end, vector[0], vector[1]);
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

/* Runs the rules (all, or only `only_rule`) over `text`, which the caller
 * knows to be valid UTF-8 (PCRE2 is told not to check it). */
static int run_rules(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                     size_t length, size_t only_rule, fact_list_t *facts, char **error)
{
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
    subject_memo_clear(&matcher->subjects);
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
    return run_rules(matcher, doc_type, text, length, only_rule, facts, error);
}

int pattern_matcher_run(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                        size_t length, fact_list_t *facts, char **error)
{
    return pattern_matcher_run_rules(matcher, doc_type, text, length, SIZE_MAX, facts, error);
}

int pattern_matcher_run_normalized(pattern_matcher_t *matcher, const char *doc_type,
                                   const normalized_text_t *text, fact_list_t *facts, char **error)
{
    if (!matcher || !text || !text->text || !facts) {
        *error = patterns_error(NULL, 0, "pattern_matcher_run_normalized: missing argument");
        return -1;
    }
    return run_rules(matcher, doc_type, text->text, text->length, SIZE_MAX, facts, error);
}

void pattern_matcher_use_prefilter(pattern_matcher_t *matcher, bool use)
{
    matcher->without_prefilter = !use;
}

const char *pattern_matcher_warning(const pattern_matcher_t *matcher)
{
    return matcher && matcher->warning[0] ? matcher->warning : NULL;
}
