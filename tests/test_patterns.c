/*
 * test_patterns.c - unit tests of the patterns engine: rule file parsing and
 * its error messages, macro expansion, canonical subjects (every SCHEMA.md
 * example), Chinese numerals, values and signs, deduplication of numbers
 * read by two rules, `within` lists, templates' groups (duplicate names,
 * within groups) with a reused matcher, evidence spans and text order.  The
 * shipped rule files are checked by test_patterns_rules.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patterns.h"
#include "patterns_internal.h"

/* ---- helpers ---- */

typedef struct {
    char directory[64];
} scratch_t;

static void scratch_open(scratch_t *scratch)
{
    snprintf(scratch->directory, sizeof scratch->directory, "/tmp/test_patterns_XXXXXX");
    assert_non_null(mkdtemp(scratch->directory));
}

static void scratch_write(scratch_t *scratch, const char *name, const char *content)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", scratch->directory, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(content, file);
    fclose(file);
}

static void scratch_close(scratch_t *scratch, const char *const *names, size_t count)
{
    char path[256];
    for (size_t i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", scratch->directory, names[i]);
        unlink(path);
    }
    rmdir(scratch->directory);
}

static const char macros_text[] =
    "define NUMBER = (?<@>[+-]?\\d+(?:\\.\\d+)?)\n"
    "define AMOUNT = "
    "(?<@>[+-]?\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十][零一二两三四五六七八九十百"
    "千万亿点]*?)(?<@_unit>万元|亿元|元)\n"
    "define PERCENT = (?<@>[+-]?\\d+(?:\\.\\d+)?)%\n"
    "define UPDOWN = (?<@>增加|增长|减少|下降)\n";

static const char signs_text[] = "减少\t-\n下降\t-\n增加\t+\n";
static const char aliases_text[] = "# test aliases\n公务用车运行维护费\t公务用车运行费\n"
                                   "社会保障和就业\t社会保障和就业支出\tfunction\n";

/* Loads `rules_text` (after the macros) from a scratch directory; returns
 * the load status and leaves the error (if any) in *error. */
static int load_rules(const char *rules_text, rule_set_t **out, char **error)
{
    scratch_t scratch;
    scratch_open(&scratch);
    scratch_write(&scratch, "00-macros.rules", macros_text);
    scratch_write(&scratch, "10-test.rules", rules_text);
    scratch_write(&scratch, "signs.tsv", signs_text);
    scratch_write(&scratch, "aliases.tsv", aliases_text);
    rule_set_t *rules = rule_set_new();
    assert_non_null(rules);
    *error = NULL;
    int status = rule_set_load_directory(rules, scratch.directory, error);
    if (status == 0)
        status = rule_set_compile(rules, error);
    static const char *const names[] = {"00-macros.rules", "10-test.rules", "signs.tsv",
                                        "aliases.tsv"};
    scratch_close(&scratch, names, 4);
    *out = rules;
    return status;
}

static rule_set_t *load_ok(const char *rules_text)
{
    rule_set_t *rules = NULL;
    char *error = NULL;
    int status = load_rules(rules_text, &rules, &error);
    if (status != 0)
        fail_msg("loading failed: %s", error ? error : "(no message)");
    return rules;
}

/* Asserts that loading fails with a message containing both fragments. */
static void assert_load_error(const char *rules_text, const char *fragment, const char *line)
{
    rule_set_t *rules = NULL;
    char *error = NULL;
    int status = load_rules(rules_text, &rules, &error);
    assert_int_equal(status, -1);
    assert_non_null(error);
    if (!strstr(error, fragment) || (line && !strstr(error, line)))
        fail_msg("error `%s` lacks `%s` / `%s`", error, fragment, line ? line : "");
    free(error);
    rule_set_free(rules);
}

static void run(rule_set_t *rules, const char *doc_type, const char *text, fact_list_t *facts)
{
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    assert_non_null(matcher);
    char *error = NULL;
    fact_list_init(facts);
    int status = pattern_matcher_run(matcher, doc_type, text, strlen(text), facts, &error);
    if (status != 0)
        fail_msg("matching failed: %s", error);
    pattern_matcher_free(matcher);
}

static void assert_fact(const fact_t *fact, const char *subject, const char *kind,
                        const char *measure, const char *value, const char *unit)
{
    assert_string_equal(fact->subject, subject);
    assert_string_equal(fact->subject_kind, kind);
    assert_string_equal(fact->measure, measure);
    assert_string_equal(fact->value, value);
    assert_string_equal(fact->unit, unit);
}

static const char sangong_rule[] =
    "rule: sangong.budget_actual_rate\n"
    "types: final_accounts\n"
    "regex: 三公[”\"]?经费[^。;]*?全年预算(?:数)?为{AMOUNT:budget},支出决算为{AMOUNT:actual},\n"
    "regex: 完成全年预算的{PERCENT:rate}\n"
    "fact: subject=三公经费 kind=item measure=budget_adjusted value=budget\n"
    "fact: subject=三公经费 kind=item measure=actual value=actual\n"
    "fact: subject=三公经费 kind=item measure=completion_rate value=rate unit=%\n"
    "example: 2023年度“三公”经费财政拨款支出全年预算为0.36万元,支出决算为0.27万元,"
    "完成全年预算的75%。\n"
    "expect: 三公经费 | item | budget_adjusted | 0.36 | 万元\n"
    "expect: 三公经费 | item | actual | 0.27 | 万元\n"
    "expect: 三公经费 | item | completion_rate | 75 | %\n";

/* ---- rule file parsing ---- */

static void test_parse_valid_file(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    assert_int_equal(rule_set_rule_count(rules), 1);
    fact_list_t facts;
    run(rules, "final_accounts",
        "2023年度“三公”经费财政拨款支出全年预算为0.36万元,支出决算为0.27万元,完成全年预算的75%。",
        &facts);
    assert_int_equal(facts.count, 3);
    assert_fact(&facts.items[0], "三公经费", "item", "budget_adjusted", "0.36", "万元");
    assert_fact(&facts.items[1], "三公经费", "item", "actual", "0.27", "万元");
    assert_fact(&facts.items[2], "三公经费", "item", "completion_rate", "75", "%");
    assert_string_equal(facts.items[0].rule_id, "sangong.budget_actual_rate");
    fact_list_free(&facts);
    /* The rule applies to final accounts only. */
    run(rules, "budget", "三公经费全年预算为0.36万元,支出决算为0.27万元,完成全年预算的75%", &facts);
    assert_int_equal(facts.count, 0);
    fact_list_free(&facts);
    rule_set_free(rules);
}

static void test_parse_errors(void **state)
{
    (void)state;
    assert_load_error("rule: a.b\nbogus: x\n", "unknown keyword `bogus`", "10-test.rules:2");
    assert_load_error("rule: a.b\nregex: {NOPE:x}\n", "unknown macro NOPE", "10-test.rules:2");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+\nfact: subject=A kind=item measure=actual "
                      "value=x unit=元\nexample: 1\nexpect: none\n",
                      "regex error at offset", "10-test.rules:2");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=actual "
                      "value=x unit=元\n",
                      "has no example", "10-test.rules:1");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=actual "
                      "value=y unit=元\nexample: 1\nexpect: none\n",
                      "value=y names a group", "10-test.rules:2");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=$who kind=item measure=actual "
                      "value=x unit=元\nexample: 1\nexpect: none\n",
                      "`who`", NULL);
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=actual "
                      "value=x\nexample: 1\nexpect: none\n",
                      "has no unit", NULL);
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=thing measure=actual "
                      "value=x unit=元\n",
                      "unknown kind `thing`", "10-test.rules:3");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=total "
                      "value=x unit=元\n",
                      "unknown measure `total`", "10-test.rules:3");
    assert_load_error("rule: a.b\ntypes: annual_report\n", "unknown document type", ":2");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=actual "
                      "value=x unit=元\nexample: 1\n",
                      "example without expect", "10-test.rules:4");
    assert_load_error("types: budget\n", "outside a rule", "10-test.rules:1");
    assert_load_error("rule: a.b\nregex: (?<x>\\d+)\nfact: subject=A kind=item measure=actual "
                      "value=x unit=元\nexample: 1\nexpect: A | item | actual | 1\n",
                      "5 fields", ":5");
    /* Duplicate ids, even across files. */
    char duplicate[2048];
    snprintf(duplicate, sizeof duplicate, "%s\n%s", sangong_rule, sangong_rule);
    assert_load_error(duplicate, "duplicate rule id sangong.budget_actual_rate", ":13");
}

/* A user's own file (--patterns FILE) uses the directory's macros and must
 * come before compiling. */
static void test_user_rule_file(void **state)
{
    (void)state;
    scratch_t scratch;
    scratch_open(&scratch);
    scratch_write(&scratch, "00-macros.rules", macros_text);
    char user_path[256];
    snprintf(user_path, sizeof user_path, "%s/mine.txt", scratch.directory);
    FILE *file = fopen(user_path, "w");
    assert_non_null(file);
    fputs("rule: user.rent\ntypes: any\nregex: 房租{AMOUNT:x}\n"
          "fact: subject=房租 kind=economic measure=report value=x\n"
          "example: 房租5万元\nexpect: 房租 | economic | actual | 5 | 万元\n"
          "example: 房租\\n6万元\nexpect: 房租 | economic | actual | 6 | 万元\n",
          file);
    fclose(file);
    rule_set_t *rules = rule_set_new();
    char *error = NULL;
    assert_int_equal(rule_set_load_directory(rules, scratch.directory, &error), 0);
    assert_int_equal(rule_set_load_file(rules, user_path, &error), 0);
    assert_int_equal(rule_set_compile(rules, &error), 0);
    assert_int_equal(rule_set_rule_count(rules), 1);
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    assert_int_equal(rule_set_load_file(rules, user_path, &error), -1);
    assert_non_null(strstr(error, "already compiled"));
    free(error);
    rule_set_free(rules);
    unlink(user_path);
    static const char *const names[] = {"00-macros.rules"};
    scratch_close(&scratch, names, 1);
}

static void test_loading_missing_directory(void **state)
{
    (void)state;
    rule_set_t *rules = rule_set_new();
    char *error = NULL;
    assert_int_equal(rule_set_load_directory(rules, "/nonexistent/patterns", &error), -1);
    assert_non_null(strstr(error, "/nonexistent/patterns"));
    free(error);
    error = NULL;
    assert_int_equal(rule_set_load_file(rules, "/nonexistent/x.rules", &error), -1);
    assert_non_null(strstr(error, "x.rules"));
    free(error);
    rule_set_free(rules);
}

/* ---- macros ---- */

static void test_macro_expansion(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    char *error = NULL;
    char *expanded = macro_expand(rules, "x{PERCENT:rate}y\\{NUMBER:a}{2,3}", "f", 7, &error);
    assert_non_null(expanded);
    assert_string_equal(expanded, "x(?<rate>[+-]?\\d+(?:\\.\\d+)?)%y\\{NUMBER:a}{2,3}");
    free(expanded);
    assert_null(macro_expand(rules, "{MISSING:a}", "f", 7, &error));
    assert_non_null(strstr(error, "f:7: unknown macro MISSING"));
    free(error);
    error = NULL;
    assert_null(macro_expand(rules, "{PERCENT}", "f", 8, &error));
    assert_non_null(strstr(error, "needs a group name"));
    free(error);
    rule_set_free(rules);
}

/* ---- canonical subjects ---- */

static void assert_canonical(rule_set_t *rules, const char *wording, const char *kind,
                             const char *expected)
{
    char *canonical = rule_set_canonical_subject(rules, wording, kind);
    assert_non_null(canonical);
    assert_string_equal(canonical, expected);
    free(canonical);
}

static void test_canonical_subjects(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    assert_canonical(rules, "“三公”经费", "item", "三公经费");
    assert_canonical(rules, "\"三公\"经费", "item", "三公经费");
    assert_canonical(rules, " 三公 经费 ", "item", "三公经费");
    assert_canonical(rules, "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)",
                     "function", "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行");
    assert_canonical(rules,
                     "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）",
                     "function", "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行");
    assert_canonical(rules, "一般公共服务支出-政府办公厅(室)及相关机构事务-行政运行", "function",
                     "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行");
    assert_canonical(rules, "一般公共服务(类)支出", "function", "一般公共服务支出");
    assert_canonical(rules, "一般公共服务支出(类)", "function", "一般公共服务支出");
    assert_canonical(rules, "社会保障和就业", "function", "社会保障和就业支出");
    /* A kind-restricted alias does not apply to other kinds. */
    assert_canonical(rules, "社会保障和就业", "item", "社会保障和就业");
    assert_canonical(rules, "公务用车运行维护费", "item", "公务用车运行费");
    assert_canonical(rules, "大楼运维费项目", "project", "大楼运维费");
    assert_canonical(rules, "“审管联动”平台建设项目", "project", "审管联动平台建设");
    assert_canonical(rules, "“三公经费”", "item", "三公经费");
    assert_canonical(rules, "“一网通办”平台", "item", "“一网通办”平台");
    assert_canonical(rules, "大楼运维费项目", "item", "大楼运维费项目");
    /* A dash outside function subjects stays. */
    assert_canonical(rules, "A-B", "item", "A-B");
    rule_set_free(rules);
}

/* ---- numbers ---- */

static void assert_numeral(const char *text, const char *expected)
{
    char *value = chinese_numeral_to_decimal(text, strlen(text));
    if (!expected) {
        assert_null(value);
        return;
    }
    assert_non_null(value);
    assert_string_equal(value, expected);
    free(value);
}

static void test_chinese_numerals(void **state)
{
    (void)state;
    assert_numeral("一千二百", "1200");
    assert_numeral("两", "2");
    assert_numeral("两亿", "200000000");
    assert_numeral("三点五", "3.5");
    assert_numeral("十二", "12");
    assert_numeral("十", "10");
    assert_numeral("二十", "20");
    assert_numeral("一百零五", "105");
    assert_numeral("两万三千", "23000");
    assert_numeral("一亿二千万", "120000000");
    assert_numeral("百分之十五", "15");
    assert_numeral("二〇二三", "2023");
    assert_numeral("壹佰贰拾", "120");
    assert_numeral("零点零五", "0.05");
    assert_numeral("万元", NULL);
    assert_numeral("三点", NULL);
    assert_numeral("", NULL);
    assert_numeral("abc", NULL);
}

static void assert_value(const char *text, bool negative, const char *expected)
{
    char *value = value_text_from_match(text, strlen(text), negative);
    if (!expected) {
        assert_null(value);
        return;
    }
    assert_non_null(value);
    assert_string_equal(value, expected);
    free(value);
}

static void test_values_and_signs(void **state)
{
    (void)state;
    assert_value("434.344", false, "434.344");
    assert_value("+12.5", false, "12.5");
    assert_value("18,976.76", false, "18976.76");
    assert_value("4.56", true, "-4.56");
    assert_value("0", true, "0");
    assert_value("0.00", true, "0.00");
    assert_value("-0.00", false, "0.00");
    assert_value("-3.3", true, "-3.3");
    assert_value("一千二百", false, "1200");
    assert_value("１２．５", false, "12.5");
    assert_value("12.", false, NULL);
    assert_value("", false, NULL);
    assert_value("1.2.3", false, NULL);

    rule_set_t *rules = load_ok(sangong_rule);
    assert_true(sign_words_negative(rules, "同比减少", strlen("同比减少")));
    assert_true(sign_words_negative(rules, "下降", strlen("下降")));
    assert_false(sign_words_negative(rules, "增加", strlen("增加")));
    assert_false(sign_words_negative(rules, "持平", strlen("持平")));
    rule_set_free(rules);

    char *unit = value_unit_canonical("万", strlen("万"));
    assert_string_equal(unit, "万元");
    free(unit);
}

static void test_sign_and_chinese_values_in_rules(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok("rule: t.change\n"
                                "types: any\n"
                                "regex: 较上年{UPDOWN:direction}{AMOUNT:change}"
                                "(?:,{UPDOWN:rate_direction}{PERCENT:rate})?\n"
                                "fact: subject=三公经费 kind=item measure=change value=change "
                                "sign=$direction\n"
                                "fact: subject=三公经费 kind=item measure=change_rate value=rate "
                                "unit=% sign=$rate_direction\n"
                                "example: 较上年减少0.05万元,下降12.5%。\n"
                                "expect: 三公经费 | item | change | -0.05 | 万元\n"
                                "expect: 三公经费 | item | change_rate | -12.5 | %\n"
                                "example: 较上年增加一千二百万元。\n"
                                "expect: 三公经费 | item | change | 1200 | 万元\n");
    fact_list_t facts;
    run(rules, "final_accounts", "较上年减少0.05万元,下降12.5%。较上年减少0万元,下降0%。", &facts);
    assert_int_equal(facts.count, 4);
    assert_fact(&facts.items[0], "三公经费", "item", "change", "-0.05", "万元");
    assert_fact(&facts.items[1], "三公经费", "item", "change_rate", "-12.5", "%");
    assert_fact(&facts.items[2], "三公经费", "item", "change", "0", "万元");
    assert_fact(&facts.items[3], "三公经费", "item", "change_rate", "0", "%");
    fact_list_free(&facts);
    run(rules, "final_accounts", "较上年增加两亿元", &facts);
    assert_int_equal(facts.count, 1);
    assert_fact(&facts.items[0], "三公经费", "item", "change", "2", "亿元");
    fact_list_free(&facts);
    /* The optional rate is absent: its fact is skipped. */
    run(rules, "final_accounts", "较上年增加3万元。", &facts);
    assert_int_equal(facts.count, 1);
    fact_list_free(&facts);
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    rule_set_free(rules);
}

/* ---- matching ---- */

static void test_report_measure_and_two_facts_from_one_number(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok("rule: totals.both\n"
                                "types: any\n"
                                "regex: 收、支总计均为{AMOUNT:total}\n"
                                "fact: subject=收入总计 kind=item measure=report value=total\n"
                                "fact: subject=支出总计 kind=item measure=report value=total\n"
                                "example: 收、支总计均为612.4万元。\n"
                                "expect: 收入总计 | item | actual | 612.4 | 万元\n"
                                "expect: 支出总计 | item | actual | 612.4 | 万元\n"
                                "example(budget): 收、支总计均为\\n10万元。\n"
                                "expect: 收入总计 | item | budget | 10 | 万元\n"
                                "expect: 支出总计 | item | budget | 10 | 万元\n");
    const char *text = "2023年度收、支总计均为612.4万元。";
    const char *types[] = {"final_accounts", "budget", "performance", "unknown"};
    const char *measures[] = {"actual", "budget", "actual", "amount"};
    for (size_t i = 0; i < 4; i++) {
        fact_list_t facts;
        run(rules, types[i], text, &facts);
        assert_int_equal(facts.count, 2);
        assert_fact(&facts.items[0], "收入总计", "item", measures[i], "612.4", "万元");
        assert_fact(&facts.items[1], "支出总计", "item", measures[i], "612.4", "万元");
        assert_int_equal(facts.items[0].value_offset, facts.items[1].value_offset);
        fact_list_free(&facts);
    }
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    rule_set_free(rules);
}

static void test_dedupe_by_priority_length_and_order(void **state)
{
    (void)state;
    rule_set_t *rules =
        load_ok("rule: t.generic\ntypes: any\nregex: 支出{AMOUNT:x}\n"
                "fact: subject=支出 kind=item measure=actual value=x\n"
                "example: 支出1万元\nexpect: 支出 | item | actual | 1 | 万元\n"
                "rule: t.longer\ntypes: any\nregex: 基本支出{AMOUNT:x}\n"
                "fact: subject=基本支出 kind=item measure=actual value=x\n"
                "example: 基本支出1万元\nexpect: 基本支出 | item | actual | 1 | 万元\n"
                "rule: t.preferred\ntypes: any\npriority: 5\nregex: 出{AMOUNT:x}\n"
                "fact: subject=出 kind=item measure=budget value=x\n"
                "example: 出1万元\nexpect: 出 | item | budget | 1 | 万元\n"
                "rule: t.same\ntypes: any\nregex: 基本支出{AMOUNT:x}\n"
                "fact: subject=其他 kind=item measure=actual value=x\n"
                "example: 基本支出1万元\nexpect: 其他 | item | actual | 1 | 万元\n");
    fact_list_t facts;
    /* Priority beats length. */
    run(rules, "final_accounts", "基本支出5万元", &facts);
    assert_int_equal(facts.count, 1);
    assert_string_equal(facts.items[0].rule_id, "t.preferred");
    fact_list_free(&facts);
    rule_set_free(rules);

    rules = load_ok("rule: t.generic\ntypes: any\nregex: 支出{AMOUNT:x}\n"
                    "fact: subject=支出 kind=item measure=actual value=x\n"
                    "example: 支出1万元\nexpect: 支出 | item | actual | 1 | 万元\n"
                    "rule: t.longer\ntypes: any\nregex: 基本支出{AMOUNT:x}\n"
                    "fact: subject=基本支出 kind=item measure=actual value=x\n"
                    "example: 基本支出1万元\nexpect: 基本支出 | item | actual | 1 | 万元\n"
                    "rule: t.same\ntypes: any\nregex: 基本支出{AMOUNT:x}\n"
                    "fact: subject=其他 kind=item measure=actual value=x\n"
                    "example: 基本支出1万元\nexpect: 其他 | item | actual | 1 | 万元\n");
    /* Same priority: the longer match wins, then the earlier rule. */
    run(rules, "final_accounts", "基本支出5万元;项目支出7万元", &facts);
    assert_int_equal(facts.count, 2);
    assert_string_equal(facts.items[0].rule_id, "t.longer");
    assert_string_equal(facts.items[0].subject, "基本支出");
    assert_string_equal(facts.items[1].rule_id, "t.generic");
    assert_true(facts.items[0].value_offset < facts.items[1].value_offset);
    fact_list_free(&facts);
    rule_set_free(rules);
}

static void test_within_lists_and_evidence(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok("rule: basic.personnel_list\n"
                                "types: any\n"
                                "within: 其中:[^。\\n]*\n"
                                "regex: (?<item>[^,、:;。\\d]+?){AMOUNT:x}\n"
                                "fact: subject=$item kind=economic measure=report value=x\n"
                                "example: 其中:基本工资1万元、奖金2万元。\n"
                                "expect: 基本工资 | economic | actual | 1 | 万元\n"
                                "expect: 奖金 | economic | actual | 2 | 万元\n"
                                "example: 其中:基本工资1万\\n元。\n"
                                "expect: 基本工资 | economic | actual | 1 | 万元\n");
    const char *text = "第一段没有数字。人员经费80.5万元,其中:基本工资21.5万元、津贴补贴17.3万元、"
                       "奖金41.7万元。另有办公费3万元。\n下一行";
    fact_list_t facts;
    run(rules, "final_accounts", text, &facts);
    assert_int_equal(facts.count, 3);
    assert_fact(&facts.items[0], "基本工资", "economic", "actual", "21.5", "万元");
    assert_fact(&facts.items[1], "津贴补贴", "economic", "actual", "17.3", "万元");
    assert_fact(&facts.items[2], "奖金", "economic", "actual", "41.7", "万元");
    for (size_t i = 0; i < facts.count; i++) {
        const fact_t *fact = &facts.items[i];
        assert_true(fact->evidence_start <= fact->value_offset);
        assert_true(fact->evidence_end >= fact->value_offset + strlen(fact->value));
        assert_true(fact->evidence_end - fact->evidence_start <= EVIDENCE_MAX_BYTES);
        assert_memory_equal(text + fact->value_offset, fact->value, strlen(fact->value));
        /* The clause starts after the previous 。 and ends with its own. */
        const char *evidence = text + fact->evidence_start;
        assert_int_equal(strncmp(evidence, "人员经费", strlen("人员经费")), 0);
        assert_int_equal(strncmp(text + fact->evidence_end - strlen("。"), "。", strlen("。")), 0);
    }
    fact_list_free(&facts);
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    rule_set_free(rules);
}

/* Rules may read across a line break (a list item taken for a heading, a
 * table whose rows are lines): matching is not confined to one line. */
static void test_matches_cross_lines(void **state)
{
    (void)state;
    rule_set_t *rules =
        load_ok("rule: t.cross\ntypes: any\n"
                "regex: 甲项。\\n?说明[^\\n]*\\n?乙{AMOUNT:x}\n"
                "fact: subject=甲项 kind=item measure=report value=x\n"
                "example: 甲项。说明乙1元\nexpect: 甲项 | item | actual | 1 | 元\n"
                "example: 甲项。说明乙2元\nexpect: 甲项 | item | actual | 2 | 元\n"
                "rule: t.table\ntypes: any\n"
                "within: (?m)^表头\\n(?:[^\\n]*\\t[^\\n]*(?:\\n|$))+\n"
                "regex: (?m)^(?<name>[^\\t\\n]+)\\t{NUMBER:x}\n"
                "fact: subject=$name kind=indicator measure=score value=x unit=分\n"
                "example: \\t表头\\n\\n\\t甲\\n\\t1\nexpect: 甲 | indicator | score | 1 | 分\n"
                "example: \\t表头\\n\\n\\t乙\\n\\t2\nexpect: 乙 | indicator | score | 2 | 分\n");
    fact_list_t facts;
    run(rules, "final_accounts", "前文。甲项。\n说明文字\n乙5元。\n表头\n甲\t1\n乙\t2\n正文",
        &facts);
    assert_int_equal(facts.count, 3);
    assert_fact(&facts.items[0], "甲项", "item", "actual", "5", "元");
    assert_fact(&facts.items[1], "甲", "indicator", "score", "1", "分");
    assert_fact(&facts.items[2], "乙", "indicator", "score", "2", "分");
    fact_list_free(&facts);
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    rule_set_free(rules);
}

static void test_long_evidence_is_bounded(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    char text[4096] = "";
    for (int i = 0; i < 120; i++)
        strcat(text, "说明文字");
    strcat(text, "三公经费全年预算为1万元,支出决算为2万元,完成全年预算的50%");
    for (int i = 0; i < 120; i++)
        strcat(text, "其他文字");
    fact_list_t facts;
    run(rules, "final_accounts", text, &facts);
    assert_int_equal(facts.count, 3);
    for (size_t i = 0; i < facts.count; i++) {
        const fact_t *fact = &facts.items[i];
        assert_true(fact->evidence_end - fact->evidence_start <= EVIDENCE_MAX_BYTES + 4);
        assert_true(fact->evidence_start <= fact->value_offset);
        assert_true(fact->evidence_end >= fact->value_offset + strlen(fact->value));
        /* Cut on UTF-8 boundaries. */
        assert_true(((unsigned char)text[fact->evidence_start] & 0xC0) != 0x80);
        assert_true(((unsigned char)text[fact->evidence_end] & 0xC0) != 0x80);
    }
    fact_list_free(&facts);
    rule_set_free(rules);
}

static void test_when_and_optional_groups(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok("rule: t.when\ntypes: any\n"
                                "regex: (?:(?<a>甲)|(?<b>乙)){AMOUNT:x}\n"
                                "fact: subject=甲项 kind=item measure=report value=x when=$a\n"
                                "fact: subject=乙项 kind=item measure=report value=x when=$b\n"
                                "example: 甲1元\nexpect: 甲项 | item | actual | 1 | 元\n"
                                "example: 乙2元\nexpect: 乙项 | item | actual | 2 | 元\n");
    fact_list_t facts;
    run(rules, "unknown", "乙3元,甲4元", &facts);
    assert_int_equal(facts.count, 2);
    assert_fact(&facts.items[0], "乙项", "item", "amount", "3", "元");
    assert_fact(&facts.items[1], "甲项", "item", "amount", "4", "元");
    fact_list_free(&facts);
    rule_set_free(rules);
}

/* Templates read their groups by the numbers the rule set resolved when it
 * was compiled: of two groups with one name the one set in the match, a
 * name only the within regex has from the within match, nothing from an
 * unset group (its '/' goes); and one matcher reused for several texts
 * gives each wording the canonical subject of its own kind every time. */
static void test_template_groups_and_reused_matcher(void **state)
{
    (void)state;
    rule_set_t *rules =
        load_ok("rule: t.groups\ntypes: any\n"
                "within: (?<head>[^:。\\n]+):[^。\\n]*\n"
                "regex: (?:(?<name>甲)|(?<name>乙)|丙)(?<k>item|project)(?<part>子)?{AMOUNT:x}\n"
                "fact: subject=$head/$name/$part kind=$k measure=report value=x\n"
                "example: 部门:乙item2万元\nexpect: 部门/乙 | item | actual | 2 | 万元\n"
                "example: 部门:丙item3万元\nexpect: 部门 | item | actual | 3 | 万元\n"
                "rule: t.kinds\ntypes: any\n"
                "regex: (?<what>[^、:。\\d]+?)(?<k>item|project){AMOUNT:x}\n"
                "fact: subject=$what kind=$k measure=report value=x\n"
                "example: 建设项目project1元\nexpect: 建设 | project | actual | 1 | 元\n"
                "example: 建设项目item1元\nexpect: 建设项目 | item | actual | 1 | 元\n");
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    assert_non_null(matcher);
    const char *lists[] = {"部门:甲project子1万元、乙item2万元、丙item3万元。",
                           "建设项目project1元、建设项目item2元、建设项目project3元。"};
    for (size_t round = 0; round < 2; round++) {
        fact_list_t facts;
        fact_list_init(&facts);
        char *error = NULL;
        assert_int_equal(
            pattern_matcher_run(matcher, "budget", lists[0], strlen(lists[0]), &facts, &error), 0);
        assert_int_equal(facts.count, 3);
        assert_fact(&facts.items[0], "部门/甲/子", "project", "budget", "1", "万元");
        assert_fact(&facts.items[1], "部门/乙", "item", "budget", "2", "万元");
        assert_fact(&facts.items[2], "部门", "item", "budget", "3", "万元");
        fact_list_clear(&facts);
        assert_int_equal(
            pattern_matcher_run(matcher, "unknown", lists[1], strlen(lists[1]), &facts, &error), 0);
        assert_int_equal(facts.count, 3);
        assert_fact(&facts.items[0], "建设", "project", "amount", "1", "元");
        assert_fact(&facts.items[1], "建设项目", "item", "amount", "2", "元");
        assert_fact(&facts.items[2], "建设", "project", "amount", "3", "元");
        fact_list_free(&facts);
    }
    pattern_matcher_free(matcher);
    assert_int_equal(rule_set_check_examples(rules, stderr), 0);
    rule_set_free(rules);
}

static void test_untrusted_text(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    fact_list_t facts;
    fact_list_init(&facts);
    char *error = NULL;
    const char bad[] = "三公经费\xff\xfe全年预算为1万元";
    assert_int_equal(
        pattern_matcher_run(matcher, "final_accounts", bad, sizeof bad - 1, &facts, &error), -1);
    assert_non_null(strstr(error, "UTF-8"));
    free(error);
    error = NULL;
    /* Empty text and a text cut inside a character are fine or refused, never read past. */
    assert_int_equal(pattern_matcher_run(matcher, "final_accounts", "", 0, &facts, &error), 0);
    assert_int_equal(facts.count, 0);
    const char cut[] = "三公";
    assert_int_equal(pattern_matcher_run(matcher, "budget", cut, 4, &facts, &error), -1);
    free(error);
    /* Three-byte forms: a bad second or third byte, a surrogate (ED A0 80)
     * and an overlong form (E0 80 80) are refused at their lead byte; the
     * largest three-byte characters are fine. */
    const char *const refused[] = {"甲\xe4\x41\x80", "甲\xe4\x80\x41", "甲\xed\xa0\x80",
                                   "甲\xe0\x80\x80"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        error = NULL;
        assert_int_equal(
            pattern_matcher_run(matcher, "budget", refused[i], strlen(refused[i]), &facts, &error),
            -1);
        assert_non_null(strstr(error, "at byte 3"));
        free(error);
    }
    const char largest[] = "\xef\xbf\xbd\xec\xbf\xbf\xee\x80\x80";
    assert_int_equal(
        pattern_matcher_run(matcher, "budget", largest, sizeof largest - 1, &facts, &error), 0);
    assert_int_equal(facts.count, 0);
    fact_list_free(&facts);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

/* Invalid bytes become valid UTF-8 in normalization, so the matcher can
 * take normalized text unchecked and read it as the checked call does. */
static void test_normalized_text_needs_no_check(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok(sangong_rule);
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    const char raw[] = "三公经费\xff\xfe全年预算为1万元,支出决算为0.5万元,完成全年预算的50%。\n"
                       "三公经费全年预算为2万元,支出决算为1万元,完成全年预算的50%。";
    char *error = NULL;
    normalized_text_t *text = normalize_text(raw, sizeof raw - 1, &error);
    assert_non_null(text);
    fact_list_t checked, unchecked;
    fact_list_init(&checked);
    fact_list_init(&unchecked);
    assert_int_equal(
        pattern_matcher_run(matcher, "final_accounts", text->text, text->length, &checked, &error),
        0); /* the checked call accepts it: it is valid */
    assert_int_equal(
        pattern_matcher_run_normalized(matcher, "final_accounts", text, &unchecked, &error), 0);
    assert_true(checked.count >= 1);
    assert_int_equal(checked.count, unchecked.count);
    for (size_t i = 0; i < checked.count; i++) {
        assert_string_equal(checked.items[i].value, unchecked.items[i].value);
        assert_int_equal(checked.items[i].value_offset, unchecked.items[i].value_offset);
    }
    fact_list_free(&checked);
    fact_list_free(&unchecked);
    normalized_text_free(text);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

/* Rules whose prefilter literals would make the literal scan's automaton
 * too large are refused with a message that says so, not "out of memory". */
static void test_too_many_literals_are_refused(void **state)
{
    (void)state;
    enum { RULES = 8, LITERALS = 96, LENGTH = 100 };
    size_t capacity = (size_t)RULES * (LITERALS * (LENGTH + 1) + 200);
    char *text = malloc(capacity);
    assert_non_null(text);
    size_t used = 0;
    for (int r = 0; r < RULES; r++) {
        used += (size_t)snprintf(text + used, capacity - used,
                                 "rule: test.many_%d\ntypes: any\nregex: (?:", r);
        for (int l = 0; l < LITERALS; l++) {
            used += (size_t)snprintf(text + used, capacity - used, "%s%05d", l ? "|" : "",
                                     r * LITERALS + l);
            for (int c = 5; c < LENGTH; c++)
                text[used++] = 'a' + (char)((r + l + c) % 26);
        }
        used += (size_t)snprintf(text + used, capacity - used,
                                 ")(?<v>\\d+)元\nfact: subject=收入 kind=item measure=amount "
                                 "value=v unit=元\nexample: 无\nexpect: none\n\n");
    }
    text[used] = '\0';
    assert_load_error(text, "too many for the literal scan", NULL);
    free(text);
}

static void test_backtracking_rule_is_given_up(void **state)
{
    (void)state;
    rule_set_t *rules = load_ok("rule: t.runaway\ntypes: any\nregex: (?:a|aa)+(?:x|y){NUMBER:x}\n"
                                "fact: subject=甲 kind=item measure=actual value=x unit=元\n"
                                "example: aax1\nexpect: 甲 | item | actual | 1 | 元\n"
                                "example: ay2\nexpect: 甲 | item | actual | 2 | 元\n"
                                "rule: t.fine\ntypes: any\nregex: 乙{NUMBER:x}\n"
                                "fact: subject=乙 kind=item measure=actual value=x unit=元\n"
                                "example: 乙1\nexpect: 乙 | item | actual | 1 | 元\n"
                                "example: 乙2\nexpect: 乙 | item | actual | 2 | 元\n");
    char text[256];
    memset(text, 'a', 60);
    snprintf(text + 60, sizeof text - 60, "c乙7");
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    fact_list_t facts;
    fact_list_init(&facts);
    char *error = NULL;
    assert_int_equal(
        pattern_matcher_run(matcher, "final_accounts", text, strlen(text), &facts, &error), 0);
    assert_int_equal(facts.count, 1);
    assert_fact(&facts.items[0], "乙", "item", "actual", "7", "元");
    assert_non_null(pattern_matcher_warning(matcher));
    assert_non_null(strstr(pattern_matcher_warning(matcher), "t.runaway"));
    /* The next run starts clean. */
    fact_list_clear(&facts);
    assert_int_equal(pattern_matcher_run(matcher, "budget", "乙8", strlen("乙8"), &facts, &error),
                     0);
    assert_null(pattern_matcher_warning(matcher));
    fact_list_free(&facts);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid_file),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_loading_missing_directory),
        cmocka_unit_test(test_user_rule_file),
        cmocka_unit_test(test_macro_expansion),
        cmocka_unit_test(test_canonical_subjects),
        cmocka_unit_test(test_chinese_numerals),
        cmocka_unit_test(test_values_and_signs),
        cmocka_unit_test(test_sign_and_chinese_values_in_rules),
        cmocka_unit_test(test_report_measure_and_two_facts_from_one_number),
        cmocka_unit_test(test_dedupe_by_priority_length_and_order),
        cmocka_unit_test(test_within_lists_and_evidence),
        cmocka_unit_test(test_matches_cross_lines),
        cmocka_unit_test(test_long_evidence_is_bounded),
        cmocka_unit_test(test_when_and_optional_groups),
        cmocka_unit_test(test_template_groups_and_reused_matcher),
        cmocka_unit_test(test_untrusted_text),
        cmocka_unit_test(test_normalized_text_needs_no_check),
        cmocka_unit_test(test_too_many_literals_are_refused),
        cmocka_unit_test(test_backtracking_rule_is_given_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
