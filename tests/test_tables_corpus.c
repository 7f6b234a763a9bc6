/*
 * test_tables_corpus.c - accuracy of the tables stage on the development
 * PDFs against the hand-checked gold cells in corpus/gold-tables/.
 *
 * For every gold file <name>.csv the PDF <corpus>/pdf/<name>.pdf (or the
 * text seed <corpus>/seeds/<name>.txt: Markdown and flattened tables) is
 * read with glyphs, its tables are rebuilt and scored (tables_score).  The
 * test asserts the accuracy floor reached (share of gold cells right), that
 * few cells are produced that the gold does not have, and that each PDF's
 * nine standard tables are found.  Skipped when the corpus is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "tables.h"

#ifndef CNFISCAL_SHARED_CORPUS
#define CNFISCAL_SHARED_CORPUS ""
#endif

static const double accuracy_floor = 0.98;

static size_t distinct_tables(const table_gold_list_t *gold)
{
    size_t count = 0;
    for (size_t i = 0; i < gold->count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++) {
            seen = strcmp(gold->items[j].table, gold->items[i].table) == 0;
        }
        count += seen ? 0 : 1;
    }
    return count;
}

static uint8_t *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        return NULL;
    }
    uint8_t *data = NULL;
    if (fseek(file, 0, SEEK_END) == 0) {
        long size = ftell(file);
        if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) {
            data = malloc((size_t)size + 1);
            if (data != NULL && fread(data, 1, (size_t)size, file) != (size_t)size) {
                free(data);
                data = NULL;
            }
            *length = (size_t)size;
        }
    }
    fclose(file);
    return data;
}

static void test_corpus_accuracy(void **state)
{
    (void)state;
    char pdf_dir[4096];
    snprintf(pdf_dir, sizeof pdf_dir, "%s/pdf", CNFISCAL_SHARED_CORPUS);
    DIR *probe = opendir(pdf_dir);
    if (probe == NULL) {
        print_message("development corpus not found at %s: skipping\n", pdf_dir);
        skip();
        return;
    }
    closedir(probe);
    char gold_dir[4096];
    snprintf(gold_dir, sizeof gold_dir, "%s/corpus/gold-tables", CNFISCAL_SOURCE_DIR);
    DIR *directory = opendir(gold_dir);
    assert_non_null(directory);
    size_t total_gold = 0, total_matched = 0, total_produced = 0, files = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        size_t name_length = strlen(entry->d_name);
        if (name_length < 5 || strcmp(entry->d_name + name_length - 4, ".csv") != 0) {
            continue;
        }
        char stem[1024];
        snprintf(stem, sizeof stem, "%.*s", (int)(name_length - 4), entry->d_name);
        char gold_path[8192], pdf_path[8192], source[2048];
        snprintf(gold_path, sizeof gold_path, "%s/%s", gold_dir, entry->d_name);
        /* pdf/<stem>.pdf, or a text seed seeds/<stem>.txt */
        snprintf(pdf_path, sizeof pdf_path, "%s/%s.pdf", pdf_dir, stem);
        snprintf(source, sizeof source, "pdf/%s.pdf", stem);
        bool is_pdf = access(pdf_path, R_OK) == 0;
        if (!is_pdf) {
            snprintf(pdf_path, sizeof pdf_path, "%s/seeds/%s.txt", CNFISCAL_SHARED_CORPUS, stem);
            snprintf(source, sizeof source, "seeds/%s.txt", stem);
        }

        table_gold_list_t gold;
        table_gold_list_init(&gold);
        char *error = NULL;
        if (table_gold_load(gold_path, &gold, &error) != 0) {
            fail_msg("%s", error);
        }
        size_t length = 0;
        uint8_t *data = read_file(pdf_path, &length);
        if (data == NULL) {
            fail_msg("gold file %s has no PDF %s", gold_path, pdf_path);
        }
        extract_options_t options = extract_default_options();
        options.want_glyphs = true;
        extract_document_t *document = extract_from_memory(pdf_path, data, length, &options);
        free(data);
        assert_non_null(document);
        assert_int_equal(document->status, EXTRACT_OK);

        table_cell_list_t cells;
        table_cell_list_init(&cells);
        assert_int_equal(tables_read_document(document, &cells, &error), 0);
        table_score_t score;
        assert_int_equal(tables_score(&gold, source, &cells, &score, &error), 0);
        print_message("%s: %zu tables, %zu cells, %zu of %zu gold cells right\n", stem,
                      cells.table_count, score.produced, score.matched, score.gold);
        assert_int_equal(score.gold, gold.count);
        assert_true((double)score.matched >= accuracy_floor * (double)score.gold);
        /* precision: cells the gold does not have */
        assert_true((double)score.matched >= accuracy_floor * (double)score.produced);
        if (is_pdf) {
            /* the nine standard tables; every one names its unit */
            assert_int_equal(cells.table_count, 9);
            for (size_t i = 0; i < cells.count; i++) {
                assert_true(strcmp(cells.items[i].unit, "万元") == 0 ||
                            strcmp(cells.items[i].unit, "元") == 0);
            }
        } else {
            /* text: every table found has gold cells */
            assert_int_equal(cells.table_count, distinct_tables(&gold));
        }
        total_gold += score.gold;
        total_matched += score.matched;
        total_produced += score.produced;
        files++;
        table_cell_list_free(&cells);
        extract_document_free(document);
        table_gold_list_free(&gold);
    }
    closedir(directory);
    print_message("tables: %zu of %zu gold cells right (%zu produced) in %zu documents\n",
                  total_matched, total_gold, total_produced, files);
    assert_true(files >= 8);
    assert_true(total_gold >= 2000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_accuracy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
