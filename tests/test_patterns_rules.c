/*
 * test_patterns_rules.c - the shipped rule files (CNFISCAL_PATTERNS_DIR):
 * they load and compile, every rule's examples give exactly their expects
 * (rule_set_check_examples), and the seed disclosures of the shared corpus
 * (CNFISCAL_SHARED_CORPUS, skipped when absent) give the facts the
 * pipeline's acceptance needs, with evidence that holds the value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "normalize.h"
#include "patterns.h"
#include "patterns_internal.h"
#include "shipped_rules.h"

static void test_shipped_examples_pass(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    assert_true(rule_set_rule_count(rules) >= 30);
    size_t failures = rule_set_check_examples(rules, stdout);
    assert_int_equal(failures, 0);
    rule_set_free(rules);
}

/* House rule: every rule shows its phrasing with at least two examples. */
static void test_every_rule_has_two_examples(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    size_t short_of_examples = 0;
    for (size_t r = 0; r < rules->rule_count; r++) {
        if (rules->rules[r].example_count < 2) {
            print_message("%s:%d: rule %s has %zu example(s); give it at least two\n",
                          rules->rules[r].file, rules->rules[r].line, rules->rules[r].id,
                          rules->rules[r].example_count);
            short_of_examples++;
        }
    }
    assert_int_equal(short_of_examples, 0);
    rule_set_free(rules);
}

/* SCHEMA.md "Subjects" and docs/SUBJECTS.md wordings through the shipped
 * aliases.tsv. */
static void test_shipped_aliases(void **state)
{
    (void)state;
    rule_set_t *rules = load_shipped_rules();
    static const char *const cases[][3] = {
        {"“三公”经费", "item", "三公经费"},
        {"公务用车购置及运行维护费", "item", "公务用车购置及运行费"},
        {"公务用车运行维护费", "item", "公务用车运行费"},
        {"外宾接待支出", "item", "外宾接待费"},
        {"国内公务接待支出", "item", "国内公务接待费"},
        {"收入合计", "item", "本年收入合计"},
        {"部门决算支出", "item", "本年支出合计"},
        {"上年结转结余", "item", "年初结转和结余"},
        {"年终结转结余", "item", "年末结转和结余"},
        {"人员支出", "item", "人员经费"},
        {"公用支出", "item", "公用经费"},
        {"政府采购支出总额", "item", "政府采购支出"},
        {"一般公共预算支出", "item", "一般公共预算财政拨款支出"},
        {"共有车辆", "asset", "车辆"},
        {"大楼运维费项目", "project", "大楼运维费"},
        {"社会保障和就业(类)", "function", "社会保障和就业支出"},
        {"一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行(项)", "function",
         "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行"},
        {"一般公共服务支出-政府办公厅(室)及相关机构事务-行政运行", "function",
         "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行"},
        {"一般公共服务(类)支出", "function", "一般公共服务支出"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *canonical = rule_set_canonical_subject(rules, cases[i][0], cases[i][1]);
        assert_non_null(canonical);
        if (strcmp(canonical, cases[i][2]) != 0)
            fail_msg("%s (%s) -> %s, expected %s", cases[i][0], cases[i][1], canonical,
                     cases[i][2]);
        free(canonical);
    }
    rule_set_free(rules);
}

static char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    fseek(file, 0, SEEK_SET);
    if (size < 0) {
        fclose(file);
        return NULL;
    }
    char *data = malloc((size_t)size + 1);
    assert_non_null(data);
    *length = fread(data, 1, (size_t)size, file);
    data[*length] = '\0';
    fclose(file);
    return data;
}

typedef struct {
    const char *file; /* under seeds/ */
    const char *doc_type;
    const char *subject;
    const char *measure;
    const char *value;
} expected_t;

static const expected_t acceptance[] = {
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "收入总计", "actual", "598.68"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "一般公共预算财政拨款支出", "budget", "370.44"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "一般公共预算财政拨款支出", "actual", "593.7"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "一般公共预算财政拨款支出", "completion_rate",
     "160.3"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts",
     "一般公共服务支出/政府办公厅(室)及相关机构事务/行政运行", "completion_rate", "165.9"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "三公经费", "budget_adjusted", "0.14"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "三公经费", "change_rate", "-16.7"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "机关运行经费", "variance", "-3.81"},
    {"000_fb1cd3915c8465b8.txt", "final_accounts", "财政拨款收入", "share", "99.2"},
    {"001_376f28f98f8f6b0d.txt", "final_accounts", "本年收入合计", "actual", "4399.98"},
    {"001_376f28f98f8f6b0d.txt", "final_accounts", "大楼运维费", "actual", "118.3"},
    {"001_376f28f98f8f6b0d.txt", "final_accounts", "大楼运维费", "completion_rate", "74.8"},
    {"002_677e722673e8eeea.txt", "budget", "收入总计", "budget", "379.14"},
    {"002_677e722673e8eeea.txt", "budget", "收入总计", "change_rate", "-15.27"},
    {"002_677e722673e8eeea.txt", "budget", "三公经费", "budget", "0.12"},
    {"003_bebbd21fe7875fcc.txt", "final_accounts", "一般公共预算财政拨款支出", "budget", "1192.54"},
    {"003_bebbd21fe7875fcc.txt", "final_accounts", "一般公共预算财政拨款支出", "completion_rate",
     "48.06"},
    {"004_f903e5746c6a8cdf.txt", "performance", "管理效率", "score", "21"},
    {"004_f903e5746c6a8cdf.txt", "performance", "管理效率", "score_max", "22"},
};

static void test_seed_acceptance(void **state)
{
    (void)state;
    struct stat info;
    if (stat(CNFISCAL_SHARED_CORPUS "/seeds", &info) != 0) {
        printf("skipping: no shared corpus at %s\n", CNFISCAL_SHARED_CORPUS "/seeds");
        skip();
    }
    rule_set_t *rules = load_shipped_rules();
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    assert_non_null(matcher);
    size_t count = sizeof acceptance / sizeof acceptance[0];
    const char *loaded_file = NULL;
    normalized_text_t *text = NULL;
    fact_list_t facts;
    fact_list_init(&facts);
    size_t missing = 0;
    for (size_t i = 0; i < count; i++) {
        const expected_t *expected = &acceptance[i];
        if (!loaded_file || strcmp(loaded_file, expected->file) != 0) {
            char path[512];
            snprintf(path, sizeof path, "%s/seeds/%s", CNFISCAL_SHARED_CORPUS, expected->file);
            size_t length = 0;
            char *raw = read_file(path, &length);
            if (!raw)
                fail_msg("cannot read %s", path);
            char *error = NULL;
            normalized_text_free(text);
            text = normalize_text(raw, length, &error);
            free(raw);
            if (!text)
                fail_msg("normalize %s: %s", path, error);
            fact_list_clear(&facts);
            if (pattern_matcher_run(matcher, expected->doc_type, text->text, text->length, &facts,
                                    &error) != 0)
                fail_msg("matching %s: %s", path, error);
            loaded_file = expected->file;
            /* Every fact's evidence holds its value's text. */
            for (size_t f = 0; f < facts.count; f++) {
                const fact_t *fact = &facts.items[f];
                assert_true(fact->evidence_start <= fact->value_offset);
                assert_true(fact->evidence_end <= text->length);
                assert_true(fact->value_offset < fact->evidence_end);
            }
        }
        bool found = false;
        for (size_t f = 0; f < facts.count && !found; f++) {
            const fact_t *fact = &facts.items[f];
            found = strcmp(fact->subject, expected->subject) == 0 &&
                    strcmp(fact->measure, expected->measure) == 0 &&
                    strcmp(fact->value, expected->value) == 0;
        }
        if (!found) {
            printf("missing: %s %s %s %s\n", expected->file, expected->subject, expected->measure,
                   expected->value);
            missing++;
        }
    }
    assert_int_equal(missing, 0);
    fact_list_free(&facts);
    normalized_text_free(text);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

/* Random text built from the pieces rules look for (numbers, units, item
 * words, punctuation, line breaks): every rule runs over it without error
 * and every fact keeps its evidence invariants.  A fixed seed keeps the run
 * reproducible. */
static void test_random_text_is_safe(void **state)
{
    (void)state;
    static const char *const pieces[] = {"一般公共预算财政拨款支出",
                                         "年初预算为",
                                         "全年预算为",
                                         "支出决算为",
                                         "完成年初预算的",
                                         "三公",
                                         "“",
                                         "”",
                                         "经费",
                                         "收、支总计均为",
                                         "万元",
                                         "万",
                                         "元",
                                         "%",
                                         "％",
                                         "个百分点",
                                         "比上年",
                                         "增加",
                                         "减少",
                                         "下降",
                                         "(类)",
                                         "(款)",
                                         "(项)",
                                         "其中:",
                                         "、",
                                         ",",
                                         ";",
                                         "。",
                                         "\n",
                                         "\t",
                                         "共有车辆",
                                         "辆",
                                         "用车",
                                         "设置分值",
                                         "分",
                                         "得",
                                         "项目",
                                         "绩效自评综述:",
                                         "一千二百",
                                         "两",
                                         "点",
                                         "0",
                                         "1",
                                         "12.5",
                                         "3",
                                         "-",
                                         "+",
                                         "(",
                                         ")",
                                         "权重",
                                         "得分",
                                         "机关运行经费",
                                         "政府采购",
                                         "授予中小企业合同金额",
                                         "占",
                                         "的",
                                         "编制",
                                         "人",
                                         "名"};
    size_t piece_count = sizeof pieces / sizeof pieces[0];
    rule_set_t *rules = load_shipped_rules();
    pattern_matcher_t *matcher = pattern_matcher_new(rules);
    assert_non_null(matcher);
    unsigned long long seed = 0x9E3779B97F4A7C15ULL;
    char *text = malloc(20000);
    assert_non_null(text);
    fact_list_t facts;
    fact_list_init(&facts);
    for (int round = 0; round < 60; round++) {
        size_t length = 0;
        while (length < 15000) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *piece = pieces[(seed >> 33) % piece_count];
            size_t piece_length = strlen(piece);
            memcpy(text + length, piece, piece_length);
            length += piece_length;
        }
        text[length] = '\0';
        char *error = NULL;
        fact_list_clear(&facts);
        const char *types[] = {"final_accounts", "budget", "performance", "unknown"};
        if (pattern_matcher_run(matcher, types[round % 4], text, length, &facts, &error) != 0)
            fail_msg("round %d: %s", round, error);
        for (size_t f = 0; f < facts.count; f++) {
            const fact_t *fact = &facts.items[f];
            assert_true(fact->evidence_start <= fact->value_offset);
            assert_true(fact->value_offset < fact->evidence_end);
            assert_true(fact->evidence_end <= length);
            assert_true(fact->subject[0] != '\0');
            assert_true(fact->value[0] != '\0');
        }
    }
    fact_list_free(&facts);
    free(text);
    pattern_matcher_free(matcher);
    rule_set_free(rules);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_examples_pass),
        cmocka_unit_test(test_every_rule_has_two_examples),
        cmocka_unit_test(test_shipped_aliases),
        cmocka_unit_test(test_random_text_is_safe),
        cmocka_unit_test(test_seed_acceptance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
