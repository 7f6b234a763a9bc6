/*
 * test_patterns_prefilter.c - the literal prefilter (literal_set.c,
 * literal_index.c) must only save time: the literal sets and reaches of
 * small regexes, and the same facts with and without it over the rule
 * examples, the project's composed documents and the development corpus
 * (skipped when absent).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normalize.h"
#include "patterns_internal.h"
#include "shipped_rules.h"

/* Checks the set of `pattern` against the expected literals (space
 * separated, sorted as the analysis finds them; "" for no set). */
static void assert_literals(const char *pattern, const char *expected, size_t expected_reach)
{
    literal_set_t set;
    size_t reach = 0;
    unsigned barriers = 0;
    assert_int_equal(regex_literal_set(pattern, &set, &reach, &barriers), 0);
    char joined[512] = "";
    for (size_t i = 0; i < set.count; i++) {
        if (i > 0)
            strcat(joined, " ");
        strcat(joined, set.items[i]);
    }
    if (strcmp(joined, expected) != 0)
        fail_msg("%s: literals [%s], expected [%s]", pattern, joined, expected);
    if (set.count > 0 && reach != expected_reach)
        fail_msg("%s: reach %zu, expected %zu", pattern, reach, expected_reach);
    literal_set_free(&set);
}

static void test_literal_sets(void **state)
{
    (void)state;
    assert_literals("三公经费[^。]*?预算", "三公经费", 0);
    assert_literals("(?:年初)?预算为(?<v>\\d+)万元", "预算为", 6);
    /* A group of literal alternatives joins the literal after it. */
    assert_literals("(?<s>公务接待费|因公出国\\(境\\)费)支出", "公务接待费支出 因公出国(境)费支出",
                    0);
    assert_literals("(?:年初|全年)预算[,;]为", "年初预算,为 年初预算;为 全年预算,为 全年预算;为",
                    0);
    /* A group that ends with a literal goes on into the literal after it. */
    assert_literals("(?<s>[\\p{sc=Han}]{2,20}支出)[\\-—]", "支出- 支出—", 80);
    /* The longer literal wins; its reach counts the parts before it. */
    assert_literals("[甲乙]{1,3}收入合计\\d", "收入合计", 12);
    /* Optional parts and lookarounds give nothing. */
    /* A digit run counts as at most 32 digits (4 bytes each, for any
     * Unicode digit): 18 + 128 bytes. */
    assert_literals("(?:机关运行经费)?\\d+万元", "万元", 146);
    assert_literals("(?:[一二三四五六七八九十]+、)?[^,。]{1,3}?项目", "项目", 143);
    /* Any other unbounded part: any distance. */
    assert_literals("[^。]*万元", "万元", SIZE_MAX);
    assert_literals("(?<=收入)\\d+", "", 0);
    /* A branch without a literal spoils the alternation; the reach is the
     * longer branch (6 bytes). */
    assert_literals("(?:收入|\\d)总计", "总计", 6);
    /* Inline options are beyond the analysis: no filter. */
    assert_literals("(?i)abc", "", 0);
    /* Too short to filter anything. */
    assert_literals("a\\d+", "", 0);
    /* Escapes that stand for one character are no literal text. */
    assert_literals("\\x41预算为", "预算为", 4);
    assert_literals("\\pL预算为", "预算为", 4);
    assert_literals("\\012预算为", "预算为", 4);
    /* Escaped punctuation is literal. */
    assert_literals("\\(类\\)", "(类)", 0);
}

/* Checks the barriers of `pattern`: the characters that cannot lie between
 * a match's start and its literal. */
static void assert_barriers(const char *pattern, unsigned expected)
{
    literal_set_t set;
    size_t reach = 0;
    unsigned barriers = 0;
    assert_int_equal(regex_literal_set(pattern, &set, &reach, &barriers), 0);
    if (barriers != expected)
        fail_msg("%s: barriers 0x%x, expected 0x%x", pattern, barriers, expected);
    literal_set_free(&set);
}

static void test_barriers(void **state)
{
    (void)state;
    const unsigned all = (1u << LITERAL_BARRIER_COUNT) - 1;
    /* A literal at the start: nothing comes before it. */
    assert_barriers("预算为\\d+万元", all);
    /* A clause-bound subject: no clause or sentence end before the literal. */
    assert_barriers("(?<s>[^,。;:\\n]{2,30}?)支出为\\d+万元",
                    all & ~(unsigned)BARRIER_ENUMERATION_COMMA);
    /* `.` and an escape the analysis cannot read may hold anything. */
    assert_barriers(".{0,20}支出", 0);
    assert_barriers("\\S{0,20}支出", 0);
    /* Han characters and digits hold no barrier; \\s holds a line break. */
    assert_barriers("[\\p{sc=Han}\\d]{0,9}\\s?支出", all & ~(unsigned)BARRIER_LINE_BREAK);
    /* A class listing a barrier holds it; a range is read too. */
    assert_barriers("[,、]?支出", all & ~(unsigned)(BARRIER_COMMA | BARRIER_ENUMERATION_COMMA));
    assert_barriers("[\\x{3000}-\\x{3003}]?支出", 0);
    /* Only the branch's own prefix counts, not what follows the literal. */
    assert_barriers("(?:甲。\\d?|乙)支出[^\\n]*", all & ~(unsigned)BARRIER_FULL_STOP);
    /* A line-wide lookahead requires its literal; the line bounds the start. */
    assert_literals("(?m)^(?=[^\\n]*?结转结余率)[^\\n]+", "结转结余率", SIZE_MAX);
    assert_barriers("(?m)^(?=[^\\n]*?结转结余率)[^\\n]+", BARRIER_LINE_BREAK);
    /* A negative lookahead requires nothing. */
    assert_literals("(?!结转)\\d+", "", 0);
    /* A conditional gives no set but does not hide the rest of the regex. */
    assert_literals("(?<y>20\\d\\d年)?(?(<y>)预算|决算)支出合计", "支出合计", 19);
}

/* Every required part of the top-level sequence is a requirement; a
 * top-level | leaves only the union of the branches. */
static void test_requirements(void **state)
{
    (void)state;
    literal_requirement_t *requirements = NULL;
    size_t count = 0;
    assert_int_equal(
        regex_literal_requirements("[^,。]{0,9}?(?:预算)?收入为\\d+万元", &requirements, &count),
        0);
    assert_int_equal(count, 2);
    assert_string_equal(requirements[0].set.items[0], "收入为");
    assert_int_equal(requirements[0].reach, 9 * 4 + 6);
    assert_int_equal(requirements[0].allowed.most[3], 0); /* , */
    assert_int_equal(requirements[0].allowed.most[1], 0); /* 。 */
    assert_string_equal(requirements[1].set.items[0], "万元");
    /* Where each lies: 收入为 0 to 42 bytes in; 万元 after it and at least
     * one digit (10 bytes in at least), at most 42 + 9 + 32 digits of 4
     * bytes (the digit-run assumption) = 179. */
    assert_int_equal(requirements[0].part_min, 0);
    assert_int_equal(requirements[0].part_max, 42);
    assert_int_equal(requirements[1].part_min, 10);
    assert_int_equal(requirements[1].part_max, 179);
    assert_int_equal(requirements[1].inner_min, 0);
    assert_int_equal(requirements[1].inner_max, 0);
    literal_requirements_free(requirements, count);

    assert_int_equal(
        regex_literal_requirements("收入为\\d+万元|支出为\\d+万元", &requirements, &count), 0);
    assert_int_equal(count, 1);
    assert_int_equal(requirements[0].set.count, 2);
    literal_requirements_free(requirements, count);

    /* Barriers are counted: one optional comma, a line break in a group
     * repeated twice, any number of 。 */
    assert_int_equal(regex_literal_requirements("[^,。\\n]{0,9},?(?:\\n?\\d){2}[^,\\n]*收入为",
                                                &requirements, &count),
                     0);
    assert_int_equal(count, 1);
    assert_int_equal(requirements[0].allowed.most[3], 1);                    /* , */
    assert_int_equal(requirements[0].allowed.most[0], 2);                    /* \\n */
    assert_int_equal(requirements[0].allowed.most[1], LITERAL_BARRIER_MANY); /* 。 */
    assert_int_equal(requirements[0].allowed.most[5], LITERAL_BARRIER_MANY); /* 、 */
    literal_requirements_free(requirements, count);

    assert_int_equal(regex_literal_requirements("\\d+%", &requirements, &count), 0);
    assert_int_equal(count, 0);
    assert_null(requirements);
}

/* \d{n} (n >= 5) is a requirement: a run of n digits, found by the scan
 * wherever such a run starts, Unicode digits (\d with UCP) included. */
static void test_digit_runs(void **state)
{
    (void)state;
    literal_requirement_t *requirements = NULL;
    size_t count = 0;
    assert_int_equal(regex_literal_requirements("(?<!\\d)2\\d{6}(?![\\d.])", &requirements, &count),
                     0);
    assert_int_equal(count, 1);
    size_t digits = 0;
    assert_true(literal_is_digit_run(requirements[0].set.items[0], requirements[0].set.lengths[0],
                                     &digits));
    assert_int_equal(digits, 6);
    assert_int_equal(requirements[0].reach, 1);

    literal_table_t table = {0};
    size_t *ids = NULL, id_count = 0;
    assert_int_equal(literal_table_intern(&table, &requirements[0].set, &ids, &id_count), 0);
    assert_int_equal(literal_table_finish(&table), 0);
    literal_occurrences_t found = {0};
    /* Seven ASCII digits (two places where six start), five (none), and
     * six Arabic-Indic digits of two bytes each (one place): \d matches
     * them too under UCP. */
    const char *text = "甲2100201乙12345丙\xD9\xA0\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5丁";
    assert_int_equal(literal_table_scan(&table, text, strlen(text), &found), 0);
    const literal_hits_t *hits = &found.hits[ids[0]];
    assert_int_equal(hits->count, 3);
    assert_int_equal(hits->offsets[0], 3);
    assert_int_equal(hits->offsets[1], 4);
    assert_int_equal(hits->offsets[2], strlen("甲2100201乙12345丙"));
    literal_occurrences_free(&found);
    literal_table_free(&table);
    free(ids);
    literal_requirements_free(requirements, count);
}

/* The scan finds every literal at every offset where it starts, also
 * where literals share their first characters (绩效, 绩效目标 and
 * 绩效目标覆盖率 at one offset), overlap (效目标 inside 绩效目标, an
 * automaton state's own literal and its failure state's) or are cut off by the end of the text; and
 * it counts the barriers before each block of the text and marks the bytes of the block they end
 * at. */
static void test_scan_nested_literals(void **state)
{
    (void)state;
    char *items[] = {"绩效目标覆盖率", "绩效", "绩效目标", "效目标", "绩效自评", "a,b"};
    size_t lengths[6];
    for (size_t i = 0; i < 6; i++)
        lengths[i] = strlen(items[i]);
    literal_set_t set = {.items = items, .lengths = lengths, .count = 6, .capacity = 6};
    literal_table_t table = {0};
    size_t *ids = NULL, id_count = 0;
    assert_int_equal(literal_table_intern(&table, &set, &ids, &id_count), 0);
    assert_int_equal(id_count, 6);
    assert_int_equal(literal_table_finish(&table), 0);
    literal_occurrences_t found = {0};
    /* The text ends inside a second 绩效目标覆盖率. */
    const char *text = "绩效目标覆盖率,a,b。项目项目项目项目绩效自评绩效目标覆";
    size_t length = strlen(text);
    assert_int_equal(literal_table_scan(&table, text, length, &found), 0);
    size_t second = strlen("绩效目标覆盖率,a,b。项目项目项目项目");
    size_t third = second + strlen("绩效自评");
    const literal_hits_t *hits = found.hits;
    assert_int_equal(hits[ids[0]].count, 1); /* 绩效目标覆盖率 */
    assert_int_equal(hits[ids[0]].offsets[0], 0);
    assert_int_equal(hits[ids[1]].count, 3); /* 绩效 */
    assert_int_equal(hits[ids[1]].offsets[0], 0);
    assert_int_equal(hits[ids[1]].offsets[1], second);
    assert_int_equal(hits[ids[1]].offsets[2], third);
    assert_int_equal(hits[ids[2]].count, 2); /* 绩效目标 */
    assert_int_equal(hits[ids[2]].offsets[1], third);
    assert_int_equal(hits[ids[3]].count, 2); /* 效目标 */
    assert_int_equal(hits[ids[3]].offsets[0], 3);
    assert_int_equal(hits[ids[3]].offsets[1], third + 3);
    assert_int_equal(hits[ids[4]].count, 1); /* 绩效自评 */
    assert_int_equal(hits[ids[4]].offsets[0], second);
    assert_int_equal(hits[ids[5]].count, 1); /* a,b */
    assert_int_equal(hits[ids[5]].offsets[0], strlen("绩效目标覆盖率,"));
    /* The two commas and the 。 end before byte 64, where the second
     * block of 64 bytes starts. */
    assert_int_equal(found.barrier_ends[3].count, 2);
    assert_int_equal(found.barrier_ends[3].offsets[0], strlen("绩效目标覆盖率,"));
    assert_int_equal(found.barrier_ends[1].count, 1);
    assert_int_equal(found.block_count, length / BARRIER_BLOCK_BYTES + 1);
    assert_true(found.block_count >= 2);
    assert_int_equal(found.barrier_blocks[0 * LITERAL_BARRIER_COUNT + 3], 0);
    assert_int_equal(found.barrier_blocks[1 * LITERAL_BARRIER_COUNT + 3], 2);
    assert_int_equal(found.barrier_blocks[1 * LITERAL_BARRIER_COUNT + 1], 1);
    size_t first_comma = strlen("绩效目标覆盖率,"), second_comma = strlen("绩效目标覆盖率,a,");
    assert_true(found.barrier_masks[0 * LITERAL_BARRIER_COUNT + 3] ==
                ((uint64_t)1 << first_comma | (uint64_t)1 << second_comma));
    assert_true(found.barrier_masks[0 * LITERAL_BARRIER_COUNT + 1] ==
                (uint64_t)1 << strlen("绩效目标覆盖率,a,b。"));
    assert_true(found.barrier_masks[1 * LITERAL_BARRIER_COUNT + 3] == 0);
    literal_occurrences_free(&found);
    literal_table_free(&table);
    free(ids);
}

/* Scans `text` and checks the result against a plain search: every
 * literal is found at every character boundary where its bytes are, and
 * nowhere else; and every barrier's end is listed. */
static void assert_scan_as_search(const literal_table_t *table, char *const *items,
                                  const size_t *lengths, const size_t *ids, size_t count,
                                  const char *text, size_t length, literal_occurrences_t *found)
{
    assert_int_equal(literal_table_scan(table, text, length, found), 0);
    for (size_t i = 0; i < count; i++) {
        const literal_hits_t *hits = &found->hits[ids[i]];
        size_t hit_count = 0;
        for (size_t at = 0; at + lengths[i] <= length; at++) {
            if (((unsigned char)text[at] & 0xC0) == 0x80 ||
                memcmp(text + at, items[i], lengths[i]) != 0)
                continue;
            assert_true(hit_count < hits->count);
            assert_int_equal(hits->offsets[hit_count], at);
            hit_count++;
        }
        assert_int_equal(hits->count, hit_count);
    }
    static const char *const barriers[LITERAL_BARRIER_COUNT] = {"\n", "。", ";", ",", ":", "、"};
    for (size_t kind = 0; kind < LITERAL_BARRIER_COUNT; kind++) {
        const literal_hits_t *ends = &found->barrier_ends[kind];
        size_t end_count = 0, width = strlen(barriers[kind]);
        for (size_t at = 0; at + width <= length; at++)
            if (memcmp(text + at, barriers[kind], width) == 0) {
                assert_true(end_count < ends->count);
                assert_int_equal(ends->offsets[end_count++], at + width);
            }
        assert_int_equal(ends->count, end_count);
    }
}

/* The scan against a plain search (assert_scan_as_search) on texts glued
 * from pieces that share and overlap the literals' characters (so the
 * automaton's failure moves lose nothing: 目标覆 must be found after
 * 目目标覆盖, 标覆盖率 inside 目标覆盖率); characters of one to four bytes,
 * in literals (𠀀, é) and not (𠀁, ü), are among them, and literals at the
 * very start and end of a text. */
static void test_scan_against_plain_search(void **state)
{
    (void)state;
    char *items[] = {"目标覆", "目标覆盖率", "标覆盖率", "覆盖", "盖率达到", "𠀀年", "年度",
                     "a,b",    "2024年",     "。项目",   "𠀀",   "é𠀀",      "üé"};
    enum { ITEMS = sizeof items / sizeof items[0] };
    size_t lengths[ITEMS];
    for (size_t i = 0; i < ITEMS; i++)
        lengths[i] = strlen(items[i]);
    literal_set_t set = {.items = items, .lengths = lengths, .count = ITEMS, .capacity = ITEMS};
    literal_table_t table = {0};
    size_t *ids = NULL, id_count = 0;
    assert_int_equal(literal_table_intern(&table, &set, &ids, &id_count), 0);
    assert_int_equal(literal_table_finish(&table), 0);
    literal_occurrences_t found = {0};
    static const char *const whole[] = {"𠀀",       "𠀀年",   "é𠀀", "𠀁𠀀",   "目标覆盖率", "a,b",
                                        "üé𠀀年度", "年度\n", "é",   "𠀀𠀀𠀀", "2024年𠀀𠀁", ""};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        assert_scan_as_search(&table, items, lengths, ids, ITEMS, whole[i], strlen(whole[i]),
                              &found);
    static const char *const pieces[] = {"目",   "标", "覆", "盖", "率", "达到", "𠀀", "年",
                                         "度",   "a",  ",",  "b",  "2",  "0",    "4",  "。",
                                         "项目", "\n", "、", "é",  "ü",  "𠀁"};
    enum { PIECES = sizeof pieces / sizeof pieces[0] };
    char text[2048];
    uint32_t random = 2024;
    for (int round = 0; round < 200; round++) {
        size_t length = 0;
        for (;;) {
            random = random * 1103515245u + 12345u;
            const char *piece = pieces[(random >> 16) % PIECES];
            if (length + strlen(piece) > sizeof text || (random >> 8) % 997 == 0)
                break;
            memcpy(text + length, piece, strlen(piece));
            length += strlen(piece);
        }
        assert_scan_as_search(&table, items, lengths, ids, ITEMS, text, length, &found);
    }
    literal_occurrences_free(&found);
    literal_table_free(&table);
    free(ids);
}

/* Runs the rules over `text` with and without the prefilter, as each
 * document type, and requires identical facts. */
static void assert_same_facts(const rule_set_t *rules, const char *text, size_t length,
                              const char *what)
{
    static const char *const types[] = {"final_accounts", "budget", "performance", "unknown"};
    pattern_matcher_t *filtered = pattern_matcher_new(rules);
    pattern_matcher_t *plain = pattern_matcher_new(rules);
    assert_non_null(filtered);
    assert_non_null(plain);
    pattern_matcher_use_prefilter(plain, false);
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        fact_list_t a, b;
        fact_list_init(&a);
        fact_list_init(&b);
        char *error = NULL;
        assert_int_equal(pattern_matcher_run(filtered, types[t], text, length, &a, &error), 0);
        assert_int_equal(pattern_matcher_run(plain, types[t], text, length, &b, &error), 0);
        if (a.count != b.count)
            fail_msg("%s as %s: %zu facts with the prefilter, %zu without", what, types[t], a.count,
                     b.count);
        for (size_t i = 0; i < a.count; i++) {
            if (strcmp(a.items[i].subject, b.items[i].subject) != 0 ||
                strcmp(a.items[i].value, b.items[i].value) != 0 ||
                a.items[i].measure != b.items[i].measure ||
                a.items[i].value_offset != b.items[i].value_offset)
                fail_msg("%s as %s: fact %zu differs (%s %s %s / %s %s %s)", what, types[t], i,
                         a.items[i].subject, a.items[i].measure, a.items[i].value,
                         b.items[i].subject, b.items[i].measure, b.items[i].value);
        }
        fact_list_free(&a);
        fact_list_free(&b);
    }
    pattern_matcher_free(filtered);
    pattern_matcher_free(plain);
}

/* The analysis takes a digit run to be at most 32 characters (128 bytes);
 * a text with a longer run is matched without the prefilter, so a rule
 * whose literal follows a 200-digit number still reads all of it. */
static void test_long_numeral_runs_turn_the_prefilter_off(void **state)
{
    (void)state;
    char path[] = "/tmp/cnfiscal-test-prefilter-XXXXXX";
    int descriptor = mkstemp(path);
    assert_true(descriptor >= 0);
    static const char rule[] = "rule: test.digits_then_unit\n"
                               "types: any\n"
                               "regex: (?<v>\\d+)万元\n"
                               "fact: subject=收入总计 kind=item measure=amount value=v unit=万元\n"
                               "example: 共12万元\n"
                               "expect: 收入总计 | item | amount | 12 | 万元\n"
                               "example: 共3万元\n"
                               "expect: 收入总计 | item | amount | 3 | 万元\n";
    assert_int_equal(write(descriptor, rule, sizeof rule - 1), (ssize_t)(sizeof rule - 1));
    close(descriptor);
    rule_set_t *rules = rule_set_new();
    char *error = NULL;
    if (rule_set_load_file(rules, path, &error) != 0 || rule_set_compile(rules, &error) != 0)
        fail_msg("cannot load the test rule: %s", error);
    unlink(path);
    char text[256] = "共";
    size_t length = strlen(text);
    for (size_t i = 0; i < 200; i++)
        text[length++] = (char)('1' + i % 9);
    memcpy(text + length, "万元。", strlen("万元。") + 1);
    length += strlen("万元。");
    assert_same_facts(rules, text, length, "a 200-digit amount");
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    fact_list_t facts;
    fact_list_init(&facts);
    assert_int_equal(pattern_matcher_run(matcher, "budget", text, length, &facts, &error), 0);
    assert_int_equal(facts.count, 1);
    assert_int_equal(strlen(facts.items[0].value), 200);
    fact_list_free(&facts);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

/* Two prefilter lists with the same requirements and literal ids. */
static void assert_same_prefilters(const prefilter_list_t *a, const prefilter_list_t *b)
{
    assert_int_equal(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        const prefilter_t *x = &a->items[i], *y = &b->items[i];
        assert_int_equal(x->reach, y->reach);
        assert_int_equal(x->part_min, y->part_min);
        assert_int_equal(x->part_max, y->part_max);
        assert_int_equal(x->inner_min, y->inner_min);
        assert_int_equal(x->inner_max, y->inner_max);
        assert_memory_equal(x->allowed.most, y->allowed.most, sizeof x->allowed.most);
        assert_int_equal(x->id_count, y->id_count);
        assert_memory_equal(x->ids, y->ids, x->id_count * sizeof *x->ids);
    }
}

/* Compiling on several threads gives the rule set compiling on one does:
 * the same literal table in the same order, the same prefilters, every
 * regex JIT-compiled (where JIT is available at all). */
static void test_compiled_alike_on_any_number_of_threads(void **state)
{
    (void)state;
    rule_set_t *one = load_shipped_rules(); /* compiled on one thread */
    rule_set_t *several = rule_set_new();
    assert_non_null(several);
    char *error = NULL;
    assert_int_equal(rule_set_load_directory(several, CNFISCAL_PATTERNS_DIR, &error), 0);
    assert_int_equal(rule_set_compile_threads(several, 3, &error), 0);
    assert_int_equal(one->literals.count, several->literals.count);
    for (size_t i = 0; i < one->literals.count; i++) {
        assert_int_equal(one->literals.lengths[i], several->literals.lengths[i]);
        assert_memory_equal(one->literals.items[i], several->literals.items[i],
                            one->literals.lengths[i]);
    }
    assert_int_equal(one->max_capture_count, several->max_capture_count);
    assert_int_equal(one->rule_count, several->rule_count);
    uint32_t jit_available = 0;
    pcre2_config(PCRE2_CONFIG_JIT, &jit_available);
    for (size_t r = 0; r < one->rule_count; r++) {
        assert_same_prefilters(&one->rules[r].prefilters, &several->rules[r].prefilters);
        assert_same_prefilters(&one->rules[r].within_prefilters,
                               &several->rules[r].within_prefilters);
        size_t jit_size = 0;
        pcre2_pattern_info(several->rules[r].code, PCRE2_INFO_JITSIZE, &jit_size);
        if (jit_available)
            assert_true(jit_size > 0);
    }
    rule_set_free(one);
    rule_set_free(several);
}

static void test_examples_same_with_and_without(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    for (size_t r = 0; r < rules->rule_count; r++) {
        for (size_t e = 0; e < rules->rules[r].example_count; e++) {
            const char *example = rules->rules[r].examples[e].text;
            char *error = NULL;
            normalized_text_t *text = normalize_text(example, strlen(example), &error);
            assert_non_null(text);
            assert_same_facts(rules, text->text, text->length, rules->rules[r].id);
            normalized_text_free(text);
        }
    }
    rule_set_free(rules);
}

/* Calls `check` on every .txt of `folder`, normalized (none when the
 * folder is absent); returns how many there were. */
static size_t for_each_text(const char *folder,
                            void (*check)(const rule_set_t *, const char *, size_t, const char *),
                            const rule_set_t *rules)
{
    DIR *directory = opendir(folder);
    if (!directory)
        return 0;
    struct dirent *entry;
    size_t documents = 0;
    while ((entry = readdir(directory)) != NULL) {
        if (!strstr(entry->d_name, ".txt"))
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        FILE *file = fopen(path, "rb");
        assert_non_null(file);
        static char buffer[1 << 20];
        size_t length = fread(buffer, 1, sizeof buffer, file);
        fclose(file);
        char *error = NULL;
        normalized_text_t *text = normalize_text(buffer, length, &error);
        assert_non_null(text);
        check(rules, text->text, text->length, entry->d_name);
        normalized_text_free(text);
        documents++;
    }
    closedir(directory);
    return documents;
}

/* Every .txt of `folder` (skipped when absent), with and without the
 * prefilter; returns how many were compared. */
static size_t compare_folder(const rule_set_t *rules, const char *folder)
{
    return for_each_text(folder, assert_same_facts, rules);
}

/* The project's own composed documents, always there. */
static void test_composed_documents_same_with_and_without(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    size_t documents = compare_folder(rules, CNFISCAL_SOURCE_DIR "/corpus/heldout");
    documents += compare_folder(rules, CNFISCAL_SOURCE_DIR "/corpus/heldout2");
    documents += compare_folder(rules, CNFISCAL_SOURCE_DIR "/samples");
    assert_true(documents >= 2);
    rule_set_free(rules);
}

static void test_corpus_same_with_and_without(void **state)
{
    (void)state;
    DIR *directory = opendir(CNFISCAL_SHARED_CORPUS "/seeds");
    if (!directory) {
        print_message("skipped: ../shared/corpus is absent (" CNFISCAL_SHARED_CORPUS ")\n");
        skip();
    }
    closedir(directory);
    rule_set_t *rules = load_shipped_rules();
    assert_true(compare_folder(rules, CNFISCAL_SHARED_CORPUS "/seeds") >= 5);
    rule_set_free(rules);
}

/* The start guard lists the characters a match can start with; regexes
 * it cannot read, or whose first item is broad, get none. */
static void assert_guard(const char *pattern, const char *expected)
{
    char *guard = regex_start_guard(pattern);
    if (!expected && guard)
        fail_msg("%s: guard %s, expected none", pattern, guard);
    if (expected && (!guard || strcmp(guard, expected) != 0))
        fail_msg("%s: guard %s, expected %s", pattern, guard ? guard : "(none)", expected);
    free(guard);
}

static void test_start_guards(void **state)
{
    (void)state;
    assert_guard("预算为\\d+万元", "(?![^预])");
    /* Alternatives, optional items and lookarounds before the first. */
    assert_guard("(?<!财政)(?:收入|支出)总计", "(?![^收支])");
    assert_guard("(?:\\d+[.、])?(?=项)项目\\(一\\)", "(?![^\\d项])");
    assert_guard("(?<s>[“\"]?一般|[甲乙])\\b", "(?![^“\"一甲乙])");
    assert_guard("(?m)(?J:(?<a>收)|(?<a>支))", "(?![^收支])");
    assert_guard("a?^b", NULL); /* ^ after optional items: none */
    assert_guard("[-\\]]b", "(?![^\\-\\]])");
    /* Classes put together keep their meaning: no new range, no early ]. */
    assert_guard("(?:[a-]|[]z])x", "(?![^a\\-\\]z])"); /* a class's contents, as written */
    assert_guard("(?:\\]|\\-)x", "(?![^\\]\\-])");     /* escapes as written */
    /* None: PCRE2's own line-start check, anything, a negated or broad
     * class or escape, a regex that may match nothing, what is not read. */
    assert_guard("(?m)^预算", NULL);
    assert_guard(".预算", NULL);
    assert_guard("[^。]预算", NULL);
    assert_guard("\\p{sc=Han}预算", NULL);
    assert_guard("[\\p{sc=Han}]预算", NULL);
    assert_guard("\\S预算", NULL);
    assert_guard("(?:预算)?", NULL);
    assert_guard("(?i)abc", NULL);
    assert_guard("(?(1)a|b)", NULL);
    assert_guard("\\1a", NULL);
    assert_guard("(?:a|", NULL);
}

/* Every match (all its groups) of `code`, one after the other as the
 * matcher takes them, into *spans (2 * pairs offsets per match). */
static size_t all_matches(const pcre2_code *code, const char *text, size_t length, size_t **spans)
{
    pcre2_match_data *match = pcre2_match_data_create_from_pattern(code, NULL);
    assert_non_null(match);
    uint32_t pairs = pcre2_get_ovector_count(match);
    size_t count = 0, capacity = 0, start = 0;
    *spans = NULL;
    while (start <= length) {
        int rc = pcre2_match(code, (PCRE2_SPTR)text, length, start, 0, match, NULL);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        assert_true(rc > 0);
        PCRE2_SIZE *vector = pcre2_get_ovector_pointer(match);
        if ((count + 1) * 2 * pairs > capacity) {
            capacity = (count + 1) * 4 * pairs;
            *spans = realloc(*spans, capacity * sizeof **spans);
            assert_non_null(*spans);
        }
        for (uint32_t i = 0; i < 2 * pairs; i++)
            (*spans)[count * 2 * pairs + i] = vector[i];
        count++;
        start = next_match_start(text, length, vector[0], vector[1]);
    }
    pcre2_match_data_free(match);
    return count * 2 * pairs;
}

/* `text` matched by each guarded regex of the rules and by the same regex
 * without its guard: the same matches and groups. */
static void assert_guards_change_nothing(const rule_set_t *rules, const char *text, size_t length,
                                         const char *what)
{
    for (size_t r = 0; r < rules->rule_count; r++) {
        const char *regexes[2] = {rules->rules[r].regex, rules->rules[r].within};
        for (int k = 0; k < 2; k++) {
            char *guard = regex_start_guard(regexes[k]);
            if (!guard)
                continue;
            char *guarded = malloc(strlen(guard) + strlen(regexes[k]) + 1);
            assert_non_null(guarded);
            strcpy(guarded, guard);
            strcat(guarded, regexes[k]);
            uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES;
            int code_error = 0;
            PCRE2_SIZE offset = 0;
            pcre2_code *with = pcre2_compile((PCRE2_SPTR)guarded, PCRE2_ZERO_TERMINATED, options,
                                             &code_error, &offset, NULL);
            pcre2_code *without = pcre2_compile((PCRE2_SPTR)regexes[k], PCRE2_ZERO_TERMINATED,
                                                options, &code_error, &offset, NULL);
            assert_non_null(with);
            assert_non_null(without);
            size_t *a = NULL, *b = NULL;
            size_t a_count = all_matches(with, text, length, &a);
            size_t b_count = all_matches(without, text, length, &b);
            if (a_count != b_count || (a_count && memcmp(a, b, a_count * sizeof *a) != 0))
                fail_msg("%s: rule %s matches differently with its guard %s", what,
                         rules->rules[r].id, guard);
            free(a);
            free(b);
            pcre2_code_free(with);
            pcre2_code_free(without);
            free(guarded);
            free(guard);
        }
    }
}

/* The guards change no match of any shipped rule on the rules' examples
 * and the project's composed documents. */
static void test_start_guards_change_no_match(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    size_t guarded = 0;
    for (size_t r = 0; r < rules->rule_count; r++) {
        char *guard = regex_start_guard(rules->rules[r].regex);
        guarded += guard != NULL;
        free(guard);
        for (size_t e = 0; e < rules->rules[r].example_count; e++) {
            const char *example = rules->rules[r].examples[e].text;
            char *error = NULL;
            normalized_text_t *text = normalize_text(example, strlen(example), &error);
            assert_non_null(text);
            assert_guards_change_nothing(rules, text->text, text->length, rules->rules[r].id);
            normalized_text_free(text);
        }
    }
    assert_true(guarded >= 20); /* the shipped rules do have guards */
    /* ../shared/corpus may be absent: then its seeds are simply not read. */
    static const char *const folders[] = {CNFISCAL_SOURCE_DIR "/corpus/heldout",
                                          CNFISCAL_SOURCE_DIR "/samples",
                                          CNFISCAL_SHARED_CORPUS "/seeds"};
    size_t documents = 0;
    for (size_t f = 0; f < sizeof folders / sizeof *folders; f++)
        documents += for_each_text(folders[f], assert_guards_change_nothing, rules);
    assert_true(documents >= 2);
    rule_set_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literal_sets),
        cmocka_unit_test(test_barriers),
        cmocka_unit_test(test_requirements),
        cmocka_unit_test(test_digit_runs),
        cmocka_unit_test(test_scan_nested_literals),
        cmocka_unit_test(test_scan_against_plain_search),
        cmocka_unit_test(test_long_numeral_runs_turn_the_prefilter_off),
        cmocka_unit_test(test_compiled_alike_on_any_number_of_threads),
        cmocka_unit_test(test_examples_same_with_and_without),
        cmocka_unit_test(test_composed_documents_same_with_and_without),
        cmocka_unit_test(test_corpus_same_with_and_without),
        cmocka_unit_test(test_start_guards),
        cmocka_unit_test(test_start_guards_change_no_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
