/*
 * test_corpus.c - inputs in a stable order, doc_id, value_wan and the
 * title-page metadata.
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

#include <glib.h>

#include "corpus.h"

static void assert_wan(const char *value, const char *unit, const char *expected)
{
    char *got = corpus_value_in_wan(value, unit);
    assert_non_null(got);
    assert_string_equal(got, expected);
    free(got);
}

static void test_value_in_wan(void **state)
{
    (void)state;
    assert_wan("434.344", "万元", "434.344");
    assert_wan("-3.81", "万元", "-3.81");
    assert_wan("12345", "元", "1.2345");
    assert_wan("0.5", "元", "0.00005");
    assert_wan("20000", "元", "2");
    assert_wan("-1500", "元", "-0.15");
    assert_wan("1.5", "亿元", "15000");
    assert_wan("2", "亿元", "20000");
    assert_wan("0.00012", "亿元", "1.2");
    assert_wan("5", "人", "");
    assert_wan("71.4", "%", "");
    assert_wan("abc", "万元", "");
}

static void test_document_id(void **state)
{
    (void)state;
    char id[17];
    corpus_document_id((const unsigned char *)"abc", 3, id);
    assert_string_equal(id, "ba7816bf8f01cfea");
    corpus_document_id((const unsigned char *)"", 0, id);
    assert_string_equal(id, "e3b0c44298fc1c14");
}

/* The SHA-256 of doc_ids (the processor's SHA extensions where it has
 * them) gives GLib's digest for every length around the 64-byte blocks and
 * the padding, however the bytes are fed in, and all 64 digits of it. */
static void test_sha256_matches_glib(void **state)
{
    (void)state;
    static const size_t lengths[] = {0,   1,   55,  56,  57,   63,   64,   65,   111,   119,
                                     120, 127, 128, 129, 1000, 4095, 4096, 4097, 65599, 65601};
    static const size_t pieces[] = {1, 3, 63, 64, 65, 4096, 1 << 20};
    enum { MOST = 65601 };
    unsigned char *data = malloc(MOST);
    assert_non_null(data);
    for (size_t i = 0; i < MOST; i++)
        data[i] = (unsigned char)(i * 131 + i / 251);
    for (size_t l = 0; l < sizeof lengths / sizeof *lengths; l++) {
        GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
        g_checksum_update(checksum, data, (gssize)lengths[l]);
        const char *expected = g_checksum_get_string(checksum);
        for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
            corpus_sha256_t hash;
            assert_int_equal(corpus_sha256_begin(&hash), 0);
            for (size_t done = 0; done < lengths[l]; done += pieces[p])
                corpus_sha256_update(&hash, data + done,
                                     lengths[l] - done < pieces[p] ? lengths[l] - done : pieces[p]);
            char id[17];
            corpus_sha256_doc_id(&hash, id);
            if (strncmp(id, expected, 16) != 0)
                fail_msg("length %zu in pieces of %zu: %s, GLib gives %.16s", lengths[l], pieces[p],
                         id, expected);
        }
        char whole[17];
        corpus_document_id(data, lengths[l], whole);
        assert_memory_equal(whole, expected, 16);
        /* The whole digest (what the batch settings keep of the rules). */
        corpus_sha256_t hash;
        assert_int_equal(corpus_sha256_begin(&hash), 0);
        corpus_sha256_update(&hash, data, lengths[l]);
        char digest[65];
        corpus_sha256_hex(&hash, digest, 64);
        assert_string_equal(digest, expected);
        g_checksum_free(checksum);
    }
    free(data);
}

static void touch(const char *folder, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs("x", file);
    fclose(file);
}

static void test_inputs_walk_in_stable_order(void **state)
{
    (void)state;
    char folder[] = "/tmp/cnfiscal-test-inputs-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/b", folder);
    assert_int_equal(mkdir(sub, 0777), 0);
    touch(folder, "z.txt");
    touch(folder, "a.PDF");
    touch(folder, "notes.doc");
    touch(folder, ".hidden.txt");
    touch(sub, "m.md");

    corpus_input_list_t inputs;
    corpus_input_list_init(&inputs);
    char *error = NULL;
    assert_int_equal(corpus_add_input(&inputs, folder, &error), 0);
    assert_int_equal(inputs.count, 3);
    assert_string_equal(inputs.items[0].source, "a.PDF");
    assert_string_equal(inputs.items[1].source, "b/m.md");
    assert_string_equal(inputs.items[2].source, "z.txt");
    char expected[256];
    snprintf(expected, sizeof expected, "%s/b/m.md", folder);
    assert_string_equal(inputs.items[1].path, expected);

    /* A file given by name is reported as given. */
    snprintf(expected, sizeof expected, "%s/notes.doc", folder);
    assert_int_equal(corpus_add_input(&inputs, expected, &error), 0);
    assert_string_equal(inputs.items[3].source, expected);

    /* A missing input is an error that names it. */
    assert_int_equal(corpus_add_input(&inputs, "/nonexistent/x.pdf", &error), -1);
    assert_non_null(strstr(error, "/nonexistent/x.pdf"));
    free(error);
    corpus_input_list_free(&inputs);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);
}

/* Each title is read twice: by the one-shot inference and by `reader`,
 * which all the titles share (what one document leaves in it must not
 * change the next one's metadata). */
static void assert_metadata(document_metadata_reader_t *reader, const char *title,
                            const char *file_name, const char *type, const char *year,
                            const char *entity)
{
    normalized_text_t text;
    memset(&text, 0, sizeof text);
    text.text = (char *)title;
    text.length = strlen(title);
    document_metadata_t metadata;
    document_metadata_infer(&text, file_name, &metadata);
    assert_string_equal(metadata.doc_type, type);
    assert_string_equal(metadata.year, year);
    assert_string_equal(metadata.entity, entity);
    document_metadata_free(&metadata);
    document_metadata_read(reader, &text, file_name, &metadata);
    assert_string_equal(metadata.doc_type, type);
    assert_string_equal(metadata.year, year);
    assert_string_equal(metadata.entity, entity);
    document_metadata_free(&metadata);
}

static void test_metadata(void **state)
{
    (void)state;
    document_metadata_reader_t *reader = document_metadata_reader_new();
    assert_non_null(reader);
    assert_metadata(reader, "示例市档案馆2024年度部门决算\n目录\n", "a.pdf", "final_accounts",
                    "2024", "示例市档案馆");
    assert_metadata(reader, "附件1\n示例县文化局2025年部门预算\n", "a.txt", "budget", "2025",
                    "示例县文化局");
    assert_metadata(reader, "示例市2024年区级部门预算\n预算主管部门:示例市人民政府某某街道办事处\n",
                    "a.pdf", "budget", "2024", "示例市人民政府某某街道办事处");
    assert_metadata(reader, "2022年度示例区统计局部门整体绩效自评结果\n一、自评结论\n", "a.txt",
                    "performance", "2022", "示例区统计局");
    assert_metadata(reader,
                    "第一部分示例区审计局概况\n一、部门主要职责\n第二部分2023年度部门决算表\n",
                    "a.txt", "final_accounts", "2023", "示例区审计局");
    /* A title page whose last line ran into the next page's 目录. */
    assert_metadata(reader, "示例市2025年区级部门预算预算主管部门:示例市某某办公室目\n录\n",
                    "a.pdf", "budget", "2025", "示例市某某办公室");
    assert_metadata(reader,
                    "示例县教育局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n2026年计划\n",
                    "a.txt", "performance", "2024", "示例县教育局");
    /* The 1500-byte look for 绩效自评 must not cut a character in two. */
    char long_title[2048];
    snprintf(long_title, sizeof long_title, "%s", "2022年度示例区统计局部门整体绩效自评结果\n");
    size_t used = strlen(long_title);
    while (used < 1499)
        long_title[used++] = 'a';
    snprintf(long_title + used, sizeof long_title - used, "%s", "一二三四");
    assert_metadata(reader, long_title, "a.txt", "performance", "2022", "示例区统计局");
    /* Nothing in the text: the file name decides. */
    assert_metadata(reader, "", "示例局2021年度部门决算.pdf", "final_accounts", "2021", "示例局");
    assert_metadata(reader, "no title here", "report.pdf", "unknown", "", "");
    /* Text that is not UTF-8 gives nothing where a shape reads the bad
     * byte, but a shape that reads only the valid start still matches. */
    assert_metadata(reader, "示例市档案馆2024年度部门决算\xff\n", "示例局2021年度部门决算.pdf",
                    "final_accounts", "2021", "示例局");
    char invalid_late[2048];
    snprintf(invalid_late, sizeof invalid_late, "%s", "2022年度示例区统计局部门整体绩效自评结果\n");
    used = strlen(invalid_late);
    while (used < 1600)
        invalid_late[used++] = 'a';
    snprintf(invalid_late + used, sizeof invalid_late - used, "%s", "\xff");
    assert_metadata(reader, invalid_late, "a.txt", "performance", "", "示例区统计局");
    document_metadata_reader_free(reader);
}

/* Without a reader nothing is found, and the strings are still there. */
static void test_metadata_without_reader(void **state)
{
    (void)state;
    normalized_text_t text;
    memset(&text, 0, sizeof text);
    text.text = (char *)"示例市档案馆2024年度部门决算\n";
    text.length = strlen(text.text);
    document_metadata_t metadata;
    document_metadata_read(NULL, &text, "a.pdf", &metadata);
    assert_string_equal(metadata.doc_type, "unknown");
    assert_string_equal(metadata.year, "");
    assert_string_equal(metadata.entity, "");
    document_metadata_free(&metadata);
}

static void assert_canonical(const char *value, const char *expected)
{
    char out[64];
    corpus_canonical_decimal(value, out, sizeof out);
    assert_string_equal(out, expected);
}

static void test_canonical_decimal(void **state)
{
    (void)state;
    assert_canonical("0.10", "0.1");
    assert_canonical("007", "7");
    assert_canonical("-0.0", "0");
    assert_canonical("+3.50", "3.5");
    assert_canonical("-16.7", "-16.7");
    assert_canonical(".5", "0.5");
    assert_canonical("12a", "");
    assert_canonical("", "");
}

static void write_text_file(const char *path, const char *content)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(content, file);
    fclose(file);
}

static void test_evaluation_counts(void **state)
{
    (void)state;
    char folder[] = "/tmp/cnfiscal-test-eval-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char path[256];
    snprintf(path, sizeof path, "%s/gold", folder);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s/gold/a.csv", folder);
    write_text_file(path, "source,page,subject,subject_kind,measure,value,unit,evidence\n"
                          "seeds/a.txt,1,三公经费,item,budget,0.10,万元,x\n"
                          "seeds/a.txt,1,三公经费,item,change_rate,-16.7,%,x\n"
                          "seeds/a.txt,1,机关运行经费,item,actual,9.15,万元,\"y,z\"\n");
    snprintf(path, sizeof path, "%s/facts.csv", folder);
    write_text_file(path, "doc_id,source,subject,measure,value,rule,evidence\n"
                          "1,corpus/seeds/a.txt,三公经费,budget,0.1,r1,e\n"
                          "1,corpus/seeds/a.txt,三公经费,change_rate,16.7,r2,e\n"
                          "1,corpus/seeds/a.txt,其他,actual,1,r3,e\n"
                          "1,corpus/seeds/b.txt,机关运行经费,actual,9.15,r4,e\n");
    char gold[256];
    snprintf(gold, sizeof gold, "%s/gold", folder);
    char *report = NULL;
    size_t report_size = 0;
    FILE *stream = open_memstream(&report, &report_size);
    evaluation_counts_t total;
    char *error = NULL;
    assert_int_equal(corpus_evaluate(gold, path, stream, &total, &error), 0);
    fclose(stream);
    /* Found: the budget (0.1 == 0.10).  The unsigned rate is wrong; the
     * other document's fact does not count; 其他 is not annotated. */
    assert_int_equal(total.gold, 3);
    assert_int_equal(total.found, 1);
    assert_int_equal(total.considered, 2);
    assert_int_equal(total.confirmed, 1);
    assert_non_null(strstr(report, "missed: 机关运行经费 actual 9.15"));
    assert_non_null(strstr(report, "wrong:  三公经费 change_rate 16.7 (r2)"));
    free(report);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);
}

static document_fact_t make_fact(const char *subject, const char *measure, const char *value,
                                 const char *unit, size_t clause)
{
    document_fact_t fact;
    memset(&fact, 0, sizeof fact);
    fact.fact.subject = (char *)subject;
    fact.fact.measure = measure;
    fact.fact.value = (char *)value;
    fact.fact.unit = (char *)unit;
    fact.fact.evidence_start = clause;
    fact.page = 1;
    fact.evidence = "clause";
    return fact;
}

static void test_consistency_checks(void **state)
{
    (void)state;
    document_fact_t facts[] = {
        /* 370.44 -> 593.7 is 160.27%: 160.3 fits its rounding. */
        make_fact("A", "budget", "370.44", "万元", 10),
        make_fact("A", "actual", "593.7", "万元", 10),
        make_fact("A", "completion_rate", "160.3", "%", 10),
        /* 338.43 -> 561.35 is 165.87%; stating 175.9 is an error. */
        make_fact("B", "budget_adjusted", "338.43", "万元", 20),
        make_fact("B", "actual", "561.35", "万元", 20),
        make_fact("B", "completion_rate", "175.9", "%", 20),
        /* 0.14 -> 0.1: 0.1 is printed to one decimal, so 81.4% is within
         * what its rounding allows (0.05..0.15): no finding. */
        make_fact("E", "budget_adjusted", "0.14", "万元", 50),
        make_fact("E", "actual", "0.1", "万元", 50),
        make_fact("E", "completion_rate", "81.4", "%", 50),
        /* 0.1 after a change of -0.02 is -16.7%: fine. */
        make_fact("C", "actual", "0.1", "万元", 30),
        make_fact("C", "change", "-0.02", "万元", 30),
        make_fact("C", "change_rate", "-16.7", "%", 30),
        /* A rate with no amounts beside it is not checked. */
        make_fact("D", "completion_rate", "12", "%", 40),
    };
    document_result_t result;
    memset(&result, 0, sizeof result);
    result.facts = facts;
    result.fact_count = sizeof facts / sizeof *facts;
    assert_int_equal(document_check_facts(&result), 0);
    assert_int_equal(result.check_count, 1);
    assert_string_equal(result.checks[0].subject, "B");
    assert_string_equal(result.checks[0].severity, "error");
    assert_string_equal(result.checks[0].stated, "175.9");
    assert_string_equal(result.checks[0].expected, "165.87");
    free(result.checks[0].subject);
    free(result.checks[0].stated);
    free(result.checks[0].expected);
    free(result.checks[0].message);
    free(result.checks[0].evidence);
    free(result.checks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_in_wan),
        cmocka_unit_test(test_document_id),
        cmocka_unit_test(test_sha256_matches_glib),
        cmocka_unit_test(test_inputs_walk_in_stable_order),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_metadata_without_reader),
        cmocka_unit_test(test_canonical_decimal),
        cmocka_unit_test(test_evaluation_counts),
        cmocka_unit_test(test_consistency_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
