/*
 * patterns_internal.h - data structures shared by the files of the patterns
 * stage (rule file parser, compiler, matcher, example checker).  Not part of
 * the public interface: other stages use patterns.h only.
 */
#ifndef CNFISCAL_PATTERNS_INTERNAL_H
#define CNFISCAL_PATTERNS_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "patterns.h"

/* Document types as bits of rule_t.types. */
enum {
    DOC_TYPE_FINAL_ACCOUNTS = 1,
    DOC_TYPE_BUDGET = 2,
    DOC_TYPE_PERFORMANCE = 4,
    DOC_TYPE_UNKNOWN = 8,
    DOC_TYPE_ANY = 15
};

/* --- literal_set.c --- */
/* Literal strings one of which every match of a regex contains: the
 * matcher's prefilter.  count 0: no filter. */
typedef struct {
    char **items;
    size_t *lengths;
    size_t count;
    size_t capacity; /* of items and lengths */
} literal_set_t;
/* A larger set filters too little to be worth it: no prefilter. */
#define MAX_PREFILTER_LITERALS 96
/* A set may also hold a digit run: "\xFF\xFEd" and the run's length
 * ('4' to '9'), standing for that many digits in a row (\d{6}).  No text
 * holds it (0xFF is never in UTF-8); the scan finds the places where such
 * a run starts, counting as a digit anything \d may match (UCP). */
#define DIGIT_RUN_ITEM_LENGTH 4
bool literal_is_digit_run(const char *item, size_t length, size_t *digits);
/* The barrier characters of the analysis: a line break, 。 ; , : 、 (bits
 * 0 to 5 of a barrier mask, in that order). */
#define LITERAL_BARRIER_COUNT 6
enum {
    BARRIER_LINE_BREAK = 1u << 0,
    BARRIER_FULL_STOP = 1u << 1, /* 。 */
    BARRIER_SEMICOLON = 1u << 2,
    BARRIER_COMMA = 1u << 3,
    BARRIER_COLON = 1u << 4,
    BARRIER_ENUMERATION_COMMA = 1u << 5 /* 、 */
};
/* The analysis's single best set for `pattern`, as the tests inspect it
 * (the matcher uses regex_literal_requirements).  Fills *set for `pattern`
 * (count 0 when there is no useful set or the
 * syntax is beyond the analysis), *reach: the most bytes a match can
 * start before the literal (SIZE_MAX: any), and *barriers: the barrier characters that
 * never occur between a match's start and its literal (so a match starts
 * after the last of them before the literal).  Returns 0, or -1 when out
 * of memory. */
int regex_literal_set(const char *pattern, literal_set_t *set, size_t *reach, unsigned *barriers);

/* How many of each barrier character (indexed as the BARRIER_ bits) may
 * lie between a match's start and its literal; LITERAL_BARRIER_MANY: any
 * number. */
#define LITERAL_BARRIER_MANY 3
typedef struct {
    unsigned char most[LITERAL_BARRIER_COUNT];
} barrier_counts_t;

/* One thing every match of a regex holds: one of the literals of `set`,
 * starting at most `reach` bytes after the match's start, with at most
 * `allowed` barriers of each kind in between. */
typedef struct {
    literal_set_t set;
    size_t reach;
    barrier_counts_t allowed;
    /* Where the literal lies: in a part of the top-level sequence that
     * starts part_min to part_max bytes after the match's start, plus any
     * number for each of the part_unbounded parts before it that may take
     * any number, and inner_min to inner_max (SIZE_MAX: unbounded) bytes
     * into that part.  Two requirements of one regex with as many unbounded
     * parts before them are then a bounded distance apart. */
    size_t part_min, part_max, part_unbounded, inner_min, inner_max;
} literal_requirement_t;
/* Every such requirement the analysis finds in `pattern` (each required
 * part of its top-level sequence), so that the matcher can pick, for each
 * document, the one whose literals are rarest there, and skip the regex
 * where one of them is absent.  *count 0: none.  Returns 0, or -1 when out
 * of memory. */
int regex_literal_requirements(const char *pattern, literal_requirement_t **requirements,
                               size_t *count);
void literal_requirements_free(literal_requirement_t *requirements, size_t count);
void literal_set_free(literal_set_t *set);

/* Reads the quantifier at pattern[*at] (? * + {n} {n,} {n,m}, lazy or
 * possessive), if there is one: its least and most counts (SIZE_MAX: no
 * most), and *at moves past it.  Shared by the regex analyses. */
bool regex_quantifier_at(const char *pattern, size_t length, size_t *at, size_t *minimum,
                         size_t *maximum);

/* --- start_guard.c --- */
/* A lookahead every match of `pattern` satisfies at its start, listing the
 * characters a match can start with ("(?![^一财收支预总])"), to put in
 * front of it; NULL when the analysis cannot tell (or out of memory: a
 * guard only saves time).  Free with free(). */
char *regex_start_guard(const char *pattern);

/* --- literal_index.c --- */
/* A node of the trie of the table's text literals and barrier characters:
 * the string of characters on the way to it from the root (node 0).  Only
 * literal_table_finish uses the trie, to make the automaton below. */
typedef struct {
    uint32_t code_point;  /* the string's last character */
    uint32_t first_child; /* its children: nodes[first_child, + child_count), */
    uint32_t child_count; /* in rising code point order */
    uint32_t literal;     /* 1 + the id of the literal the string is; 0: none */
    uint32_t barrier;     /* 1 + the barrier kind (BARRIER_ bit number) it is; 0: none */
} literal_node_t;

/* A literal or barrier character that ends where the automaton is in a
 * state. */
typedef struct {
    uint32_t id;    /* the literal's id, or the barrier's kind */
    uint32_t bytes; /* the literal's length in bytes; 0: a barrier */
} literal_output_t;

/* The distinct prefilter literals of all rules. */
typedef struct {
    char **items;
    size_t *lengths;
    size_t count, capacity;
    size_t *slots;         /* hash index of the items by text (id + 1; 0 empty) */
    size_t slot_count;     /* a power of two, at least twice count; 0 before the first */
    size_t *digit_run_ids; /* the digit-run items */
    size_t digit_run_count;
    /* An Aho-Corasick automaton of the other (text) literals and the
     * barrier characters: one state per trie node, moves[state *
     * class_count + class] the state after a character of that class
     * (class 0: in no literal). */
    uint32_t *characters; /* per BMP character: flags (literal_index.c) | class << 8 */
    uint32_t *astral;     /* the literals' characters past the BMP, sorted; class
                             class_count - astral_count + index */
    size_t astral_count;
    size_t class_count, state_count;
    uint16_t *moves;
    bool *final_states;        /* per state: whether literals end in it */
    uint32_t *output_starts;   /* the literals ending in state s: outputs[output_starts[s], */
    literal_output_t *outputs; /* output_starts[s + 1]) */
} literal_table_t;

typedef struct {
    size_t *offsets; /* sorted */
    size_t count, capacity;
} literal_hits_t;

/* Per document: where each literal of the table occurs. */
typedef struct {
    literal_hits_t *hits; /* one per literal id */
    size_t count;
    size_t *run_offsets; /* scratch: where each digit of the current run is */
    size_t run_capacity;
    size_t longest_numeral_run; /* characters, see PREFILTER_NUMERAL_RUN_LIMIT */
    /* Where each barrier character (line break, 。 ; , : 、) ends, sorted. */
    literal_hits_t barrier_ends[LITERAL_BARRIER_COUNT];
    /* For each BARRIER_BLOCK_BYTES bytes of the text and each kind of
     * barrier (entry block * LITERAL_BARRIER_COUNT + kind; block_count
     * blocks): how many of that kind end before the block, and which of
     * the block's bytes they end at (bit i: byte i), so that counting
     * those up to an offset takes a count of bits. */
    size_t *barrier_blocks;
    uint64_t *barrier_masks;
    size_t block_count, block_capacity;
} literal_occurrences_t;
#define BARRIER_BLOCK_BYTES 64

/* The literal analysis takes a run of digits or numerals (\d+,
 * [一二三四五六七八九十]+) to be at most this many characters long.  A
 * text with a longer run of such characters (digits and Chinese
 * numerals) is matched without the prefilter, so no match is ever lost. */
#define PREFILTER_NUMERAL_RUN_LIMIT 32

/* Interns the set's literals; *ids gets their ids (malloc'd). */
int literal_table_intern(literal_table_t *table, const literal_set_t *set, size_t **ids,
                         size_t *id_count);
/* Builds the lookup after the last intern.  Returns 0, -1 when out of
 * memory, or LITERAL_TABLE_TOO_LARGE when the literals would need more
 * automaton states than literal_index.c allows. */
#define LITERAL_TABLE_TOO_LARGE (-2)
int literal_table_finish(literal_table_t *table);
void literal_table_free(literal_table_t *table);
/* One pass over `text`, which must be valid UTF-8 (the offsets it records
 * rely on it), recording every literal occurrence. */
int literal_table_scan(const literal_table_t *table, const char *text, size_t length,
                       literal_occurrences_t *found);
void literal_occurrences_free(literal_occurrences_t *found);

/* A literal requirement of a rule's regex, its literals interned. */
typedef struct {
    size_t *ids; /* in rule_set_t.literals */
    size_t id_count;
    size_t reach;
    barrier_counts_t allowed;
    size_t part_min, part_max, part_unbounded, inner_min,
        inner_max; /* as in literal_requirement_t */
} prefilter_t;

typedef struct {
    prefilter_t *items;
    size_t count; /* 0: no prefilter, the regex is tried everywhere */
} prefilter_list_t;

/* A compiled regex's named groups, as PCRE2 lays them out (each entry:
 * the group number in two bytes, then the NUL-terminated name); read once
 * when the rule set is compiled.  Owned by the pcre2_code. */
typedef struct {
    const unsigned char *table; /* NULL: no regex */
    uint32_t count;
    uint32_t entry_size;
} rule_name_table_t;

/* Parses one document type word ("budget", "any" ...); 0 when unknown. */
unsigned doc_type_bits(const char *word, size_t length);

/* A group name of a fact template, resolved against the rule's compiled
 * regexes (fact_template.c): the numbers of the groups so named in the
 * rule's regex, then those in its within regex, each in name-table order.
 * A match reads the first of them that is set (the within ones only when
 * the rule has a within match). */
typedef struct {
    uint32_t *numbers; /* regex_count + within_count, malloc'd; NULL when none */
    uint32_t regex_count, within_count;
} group_numbers_t;

/* A piece of a template: literal text, then (when has_group) a $group. */
typedef struct {
    const char *literal; /* points into the template's text */
    size_t literal_length;
    bool has_group;
    group_numbers_t group;
} template_piece_t;

typedef struct {
    template_piece_t *items;
    size_t count;
} template_pieces_t;

/* What a fact template needs at match time, worked out once by
 * rule_set_compile so that a match reads its groups straight from the
 * match data. */
typedef struct {
    template_pieces_t subject;
    template_pieces_t kind;  /* kind= $group: its pieces (count 0 otherwise) */
    const char *static_kind; /* literal kind= as fact_kind_word() gives it */
    const char *measure;     /* fact_measure_word(measure=), NULL for "report" */
    bool report_measure;     /* measure=report: the document type decides */
    bool negative;           /* sign=- */
    group_numbers_t value;   /* value= */
    group_numbers_t unit;    /* <value>_unit when there is no unit= */
    group_numbers_t sign;    /* sign=$group */
    group_numbers_t when;    /* when=$group */
} resolved_template_t;

/* One `fact:` line of a rule. */
typedef struct {
    char *subject;                /* template: literal text with $group references */
    char *kind;                   /* literal kind or $group */
    char *measure;                /* a measure name or "report" */
    char *value_group;            /* group holding the number */
    char *unit;                   /* literal unit, or NULL: take <value_group>_unit */
    char *sign;                   /* NULL, "-" or "$group" */
    char *when;                   /* NULL or "$group": the fact needs that group set */
    resolved_template_t resolved; /* filled by rule_set_compile */
} fact_template_t;

/* One `expect:` line. */
typedef struct {
    char *subject, *kind, *measure, *value, *unit;
} expected_fact_t;

/* One `example:` with its expects. */
typedef struct {
    char *text; /* "\n" escapes already turned into line breaks */
    int line;
    unsigned doc_type; /* example(TYPE): that type; 0: the rule's first type */
    expected_fact_t *expects;
    size_t expect_count;
    bool expect_none;
} rule_example_t;

typedef struct {
    char *id;
    char *file;                  /* path of the rule file */
    int line;                    /* line of the `rule:` keyword */
    int regex_line, within_line; /* first `regex:` and `within:` lines (for compile errors) */
    unsigned types;
    unsigned first_type; /* first type listed: the example checker's */
    int priority;
    char *within; /* expanded regex or NULL */
    char *regex;  /* expanded, concatenated regex */
    fact_template_t *facts;
    size_t fact_count;
    rule_example_t *examples;
    size_t example_count;
    pcre2_code *within_code;
    pcre2_code *code;
    rule_name_table_t names;            /* the named groups of `code` */
    rule_name_table_t within_names;     /* and of `within_code` */
    prefilter_list_t prefilters;        /* what every match of `regex` holds */
    prefilter_list_t within_prefilters; /* the same for `within` */
} rule_t;

typedef struct {
    char *name;
    char *fragment; /* already expanded */
} macro_t;

/* word<TAB>canonical[<TAB>kind] */
typedef struct {
    char *wording;
    char *canonical;
    char *kind; /* NULL: any kind */
} alias_t;

/* word<TAB>- or word<TAB>+ */
typedef struct {
    char *word;
    bool negative;
} sign_word_t;

struct rule_set {
    rule_t *rules;
    size_t rule_count, rule_capacity;
    macro_t *macros;
    size_t macro_count, macro_capacity;
    alias_t *aliases;
    size_t alias_count, alias_capacity;
    sign_word_t *signs;
    size_t sign_count, sign_capacity;
    bool compiled;
    uint32_t max_capture_count;
    literal_table_t literals; /* the prefilter literals of all rules */
    size_t *alias_slots;      /* hash index of aliases by wording (position + 1; 0 empty) */
    size_t alias_slot_count;  /* a power of two, or 0 before rule_set_compile */
};

/* The code point at text[0] and its width in bytes (`length` > 0 bytes
 * available).  Lenient: a byte that starts no complete sequence is read as
 * itself, one byte wide.  Text reaching the matcher was checked as UTF-8
 * first; rule literals come from compiled regexes. */
static inline uint32_t patterns_code_point(const char *text, size_t length, size_t *width)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t need = s[0] < 0x80             ? 1
                  : (s[0] & 0xE0) == 0xC0 ? 2
                  : (s[0] & 0xF0) == 0xE0 ? 3
                  : (s[0] & 0xF8) == 0xF0 ? 4
                                          : 1;
    if (need > length)
        need = 1;
    *width = need;
    if (need == 1)
        return s[0];
    uint32_t code_point = s[0] & (0xFFu >> (need + 1));
    for (size_t i = 1; i < need; i++)
        code_point = (code_point << 6) | (s[i] & 0x3Fu);
    return code_point;
}

/* --- error_message.c --- */
/* A malloc'd message "file:line: text" (file NULL or line 0 leave them out). */
char *patterns_error(const char *file, int line, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* Grows *items (of item_size bytes each) so that one more fits. */
int patterns_grow(void **items, size_t *capacity, size_t count, size_t item_size);
char *patterns_strndup(const char *text, size_t length);

/* A growing NUL-terminated string (macro expansion, canonical subjects). */
typedef struct {
    char *data;
    size_t length, capacity;
} patterns_string_t;
/* Appends `length` bytes; false when out of memory (the string is kept). */
bool patterns_string_append(patterns_string_t *string, const char *text, size_t length);

/* --- macro_expansion.c --- */
/* Expands {NAME:group} / {NAME} in `regex` with the macros defined so far.
 * Returns a malloc'd regex or NULL with *error set (file:line). */
char *macro_expand(const rule_set_t *rules, const char *regex, const char *file, int line,
                   char **error);
const macro_t *macro_find(const rule_set_t *rules, const char *name, size_t length);

/* --- word_tables.c --- */
int alias_table_load(rule_set_t *rules, const char *path, char **error);
int sign_table_load(rule_set_t *rules, const char *path, char **error);
/* true when `text` contains a word that signs.tsv marks as a decrease
 * (the longest listed word found decides). */
bool sign_words_negative(const rule_set_t *rules, const char *text, size_t length);
const char *alias_lookup(const rule_set_t *rules, const char *wording, const char *kind);
/* Builds the hash index alias_lookup uses (called by rule_set_compile,
 * after the last alias is loaded).  Returns 0, or -1 when out of memory. */
int alias_index_build(rule_set_t *rules);
/* function_codes.tsv: code<TAB>name of the function classification's
 * classes (3 digits) and sections (5 digits), kept as aliases of kind
 * FUNCTION_CODE_KIND.  function_code_name gives the name of a 3- or 5-digit
 * code, NULL when the table does not list it. */
#define FUNCTION_CODE_KIND "function_code"
int function_code_table_load(rule_set_t *rules, const char *path, char **error);
const char *function_code_name(const rule_set_t *rules, const char *code, size_t length);

/* --- rule_compile.c --- */
/* Compiles the regexes of rule `rule` (no JIT) and checks that every group
 * its facts name exists.  Returns 0 or -1 with *error set. */
int rule_compile_regex(rule_t *rule, char **error);
void rule_free_contents(rule_t *rule);
void prefilter_list_free(prefilter_list_t *list);

/* --- fact_template.c --- */
/* The static spellings of the kinds and measures a fact may have (the
 * same pointer for the same word, so that facts compare them as
 * pointers); NULL when the word is none of them. */
const char *fact_kind_word(const char *word, size_t length);
const char *fact_measure_word(const char *word, size_t length);
/* The measure of measure=report for a document of these DOC_TYPE_ bits. */
const char *fact_report_measure(unsigned doc_bits);
/* Fills rule->facts[i].resolved for every fact template of `rule` from
 * its compiled regexes (rule->names and rule->within_names read).
 * Returns 0, or -1 when out of memory. */
int fact_templates_resolve(rule_t *rule);
void resolved_template_free(resolved_template_t *resolved);

/* --- subject_memo.c --- */
typedef struct {
    size_t hash;
    const char *kind; /* a fact_kind_word() pointer */
    char *wording;    /* malloc'd */
    size_t wording_length;
    char *canonical; /* malloc'd: rule_set_canonical_subject(wording, kind) */
} subject_memo_entry_t;

/* The canonical subjects worked out so far (zero-initialized: empty). */
typedef struct {
    subject_memo_entry_t *entries;
    size_t count, capacity;
    size_t *slots;     /* hash index of entries (position + 1; 0 empty) */
    size_t slot_count; /* a power of two, or 0 */
} subject_memo_t;

/* rule_set_canonical_subject of wording[0, length) (no NUL inside) as
 * `kind`, computed once per wording and kind; the string belongs to the
 * memo until subject_memo_clear.  NULL when out of memory. */
const char *subject_memo_canonical(subject_memo_t *memo, const rule_set_t *rules,
                                   const char *wording, size_t length, const char *kind);
void subject_memo_clear(subject_memo_t *memo); /* forgets every entry, keeps the storage */
void subject_memo_free(subject_memo_t *memo);

/* --- chinese_numeral.c --- */
/* Turns a Chinese numeral (一千二百, 两亿, 三点五, 百分之十五) into a
 * malloc'd plain decimal; NULL when the text is not a numeral. */
char *chinese_numeral_to_decimal(const char *text, size_t length);

/* --- value_text.c --- */
/* Turns a matched number (Arabic or Chinese) into a malloc'd plain decimal:
 * no '+', no thousands separators; negative applies a '-' unless the
 * value is zero.  NULL when the text holds no number. */
char *value_text_from_match(const char *text, size_t length, bool negative);
/* The unit as written in facts.csv (万 -> 万元, ％ -> %); malloc'd. */
char *value_unit_canonical(const char *text, size_t length);

/* --- evidence_span.c --- */
#define EVIDENCE_MAX_BYTES 400
void evidence_span(const char *text, size_t length, size_t match_start, size_t match_end,
                   size_t value_start, size_t value_end, size_t *span_start, size_t *span_end);

/* --- match_places.c --- */
/* Scratch arrays for one regex's candidate places. */
typedef struct {
    size_t *places;        /* the literals' places, gathered */
    size_t *merged;        /* scratch for merging them */
    size_t *kept;          /* the places filter_places keeps */
    size_t *window_starts; /* and where a match may start for each */
    size_t *cursors;       /* filter_places: where each literal's search goes on */
    size_t place_capacity, merge_capacity, kept_capacity, window_capacity, cursor_capacity;
} place_buffers_t;
void place_buffers_free(place_buffers_t *buffers);

/* The places of one regex in one text: where its chosen literal occurs, and
 * how far before each a match may start. */
typedef struct {
    const size_t *offsets; /* sorted; NULL: no prefilter, try everywhere */
    size_t count;
    size_t reach;                /* a match starts at most this many bytes before a place */
    barrier_counts_t allowed;    /* and with at most these barriers before it */
    unsigned limiting;           /* bits of the barriers allowed fewer than MANY times */
    const size_t *window_starts; /* per place, the earliest start of a match holding it
                                    (filter_places computes them) */
} places_t;
/* The prefilter of `list` that should cost least on the text `found`
 * describes (NULL: none).  *impossible: one of them has no place there, so
 * the regex cannot match. */
const prefilter_t *choose_prefilter(const literal_occurrences_t *found,
                                    const prefilter_list_t *list, bool *impossible);
/* The sorted places of `prefilter`'s literals (prefilter NULL: no
 * prefilter, places->offsets NULL).  Returns 0, or -1 when out of memory. */
int gather_places(const literal_occurrences_t *found, place_buffers_t *buffers,
                  const prefilter_t *prefilter, places_t *places);
/* Keeps the places near which each other requirement of `list` occurs
 * too, and works out each kept place's window start, which
 * find_next_match needs.  Returns 0, or -1 when out of memory. */
int filter_places(const literal_occurrences_t *found, place_buffers_t *buffers,
                  const prefilter_list_t *list, const prefilter_t *chosen, places_t *places);
/* The next match of `code` at or after `start` in text[0, length), as
 * pcre2_match would find it, trying only the places' windows.  Returns
 * pcre2_match's code. */
int find_next_match(pcre2_match_context *context, const pcre2_code *code, const places_t *places,
                    const char *text, size_t length, size_t start, pcre2_match_data *match);
/* Where to look for the next match after one at [start, end): its end, or
 * the next character when it was empty. */
size_t next_match_start(const char *text, size_t length, size_t start, size_t end);

/* --- matcher.c --- */
/* Runs only rule `only_rule` (or every rule when only_rule is SIZE_MAX). */
/* Tests: turn the literal prefilter off (every position is tried) to check
 * that it changes no match. */
void pattern_matcher_use_prefilter(pattern_matcher_t *matcher, bool use);

int pattern_matcher_run_rules(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                              size_t length, size_t only_rule, fact_list_t *facts, char **error);

#endif
