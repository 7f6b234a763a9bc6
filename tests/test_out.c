/*
 * test_out.c - the CSV writer: RFC 4180 quoting, the formula guard, atomic
 * commit, and the four files of an output set.
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
#include <unistd.h>

#include "output.h"

static char *format_to_string(const char *text, bool guard)
{
    char *buffer = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&buffer, &size);
    assert_non_null(stream);
    csv_format_field(stream, text, guard);
    fclose(stream);
    return buffer;
}

static void assert_field(const char *text, bool guard, const char *expected)
{
    char *got = format_to_string(text, guard);
    assert_string_equal(got, expected);
    free(got);
}

static void test_quoting(void **state)
{
    (void)state;
    assert_field("plain", true, "plain");
    assert_field("收入总计", true, "收入总计");
    assert_field("a,b", true, "\"a,b\"");
    assert_field("say \"hi\"", true, "\"say \"\"hi\"\"\"");
    assert_field("two\nlines", true, "\"two\nlines\"");
    assert_field("", true, "");
    assert_field(NULL, true, "");
}

static void test_formula_guard(void **state)
{
    (void)state;
    assert_field("=SUM(A1:A9)", true, "'=SUM(A1:A9)");
    assert_field("+cmd", true, "'+cmd");
    assert_field("-x", true, "'-x");
    assert_field("@ref", true, "'@ref");
    assert_field("\tTab", true, "'\tTab");
    /* Numbers stay numbers, even negative ones. */
    assert_field("-16.7", true, "-16.7");
    assert_field("-3", true, "-3");
    /* A guarded field that also needs quotes. */
    assert_field("=1,2", true, "\"'=1,2\"");
    /* Number fields are written as they are. */
    assert_field("-16.7", false, "-16.7");
}

static void test_is_number(void **state)
{
    (void)state;
    assert_true(csv_is_number("0"));
    assert_true(csv_is_number("-0.5"));
    assert_true(csv_is_number("434.344"));
    assert_false(csv_is_number(""));
    assert_false(csv_is_number("-"));
    assert_false(csv_is_number("1.2.3"));
    assert_false(csv_is_number("+1"));
    assert_false(csv_is_number("1e5"));
}

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    static char buffer[65536];
    size_t got = fread(buffer, 1, sizeof buffer - 1, file);
    buffer[got] = '\0';
    fclose(file);
    return strdup(buffer);
}

static void make_temporary_folder(char *folder, size_t size)
{
    snprintf(folder, size, "/tmp/cnfiscal-test-out-XXXXXX");
    assert_non_null(mkdtemp(folder));
}

static void test_commit_is_atomic(void **state)
{
    (void)state;
    char folder[64], path[128];
    make_temporary_folder(folder, sizeof folder);
    snprintf(path, sizeof path, "%s/facts.csv", folder);
    char *error = NULL;
    csv_writer_t *writer = csv_writer_open(path, &error);
    assert_non_null(writer);
    csv_write_text(writer, "subject");
    csv_write_number(writer, "1.5");
    csv_end_row(writer);
    /* Nothing at the final name until commit. */
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(csv_writer_commit(writer, &error), 0);
    char *content = read_file(path);
    assert_non_null(content);
    assert_string_equal(content, "subject,1.5\n");
    free(content);

    /* An aborted writer leaves the old file alone and no temporary behind. */
    writer = csv_writer_open(path, &error);
    assert_non_null(writer);
    csv_write_text(writer, "half");
    csv_writer_abort(writer);
    content = read_file(path);
    assert_string_equal(content, "subject,1.5\n");
    free(content);
    char command[256];
    snprintf(command, sizeof command, "test $(ls -A %s | wc -l) -eq 1", folder);
    assert_int_equal(system(command), 0);
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);
}

static void test_output_set_writes_headers_and_rows(void **state)
{
    (void)state;
    char folder[64], path[160];
    make_temporary_folder(folder, sizeof folder);
    char *error = NULL;
    output_set_t *output = output_set_open(folder, &error);
    assert_non_null(output);

    document_result_t result;
    memset(&result, 0, sizeof result);
    strcpy(result.doc_id, "0123456789abcdef");
    result.source = "dir/报告.pdf";
    result.status = "ok";
    result.error = "";
    result.pages = 3;
    result.doc_type = "final_accounts";
    result.year = "2023";
    result.entity = "示例局";
    document_fact_t fact;
    memset(&fact, 0, sizeof fact);
    fact.fact.subject = "三公经费";
    fact.fact.subject_kind = "item";
    fact.fact.measure = "change_rate";
    fact.fact.value = "-16.7";
    fact.fact.unit = "%";
    fact.fact.rule_id = "sangong.change";
    fact.page = 2;
    fact.section = "九、“三公”经费";
    fact.evidence = "较上年减少0.02万元,下降16.7%";
    fact.value_wan = "";
    result.facts = &fact;
    result.fact_count = 1;
    table_cell_list_init(&result.tables);
    output_set_add(output, &result);
    assert_int_equal(output_set_commit(output, &error), 0);

    snprintf(path, sizeof path, "%s/facts.csv", folder);
    char *facts = read_file(path);
    assert_non_null(facts);
    assert_non_null(strstr(facts, "doc_id,source,doc_type,year,entity,page,section,subject,"
                                  "subject_kind,measure,value,unit,value_wan,rule,evidence\n"));
    assert_non_null(strstr(facts, "0123456789abcdef,dir/报告.pdf,final_accounts,2023,示例局,2,"
                                  "九、“三公”经费,三公经费,item,change_rate,-16.7,%,,sangong."
                                  "change,\"较上年减少0.02万元,下降16.7%\"\n"));
    free(facts);
    snprintf(path, sizeof path, "%s/documents.csv", folder);
    char *documents = read_file(path);
    assert_non_null(documents);
    assert_non_null(strstr(documents, "doc_id,source,status,error,pages,doc_type,year,entity,"
                                      "facts,tables,checks,ms\n"));
    assert_non_null(strstr(documents, "0123456789abcdef,dir/报告.pdf,ok,,3,final_accounts,2023,"
                                      "示例局,1,0,0,"));
    free(documents);
    snprintf(path, sizeof path, "%s/tables.csv", folder);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/checks.csv", folder);
    assert_int_equal(access(path, F_OK), 0);
    char command[128];
    snprintf(command, sizeof command, "rm -rf %s", folder);
    assert_int_equal(system(command), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_formula_guard),
        cmocka_unit_test(test_is_number),
        cmocka_unit_test(test_commit_is_atomic),
        cmocka_unit_test(test_output_set_writes_headers_and_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
