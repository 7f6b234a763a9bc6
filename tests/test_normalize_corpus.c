/*
 * test_normalize_corpus.c - the normalize stage over the development corpus
 * seeds (CNFISCAL_SHARED_CORPUS/seeds; skipped with a message when absent):
 * every seed normalizes, the output is well-formed, and clauses that the
 * rules depend on read as one line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "normalize.h"

#define SEEDS_DIRECTORY CNFISCAL_SHARED_CORPUS "/seeds"

static char *read_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    char *data = NULL;
    if (fseek(file, 0, SEEK_END) == 0) {
        long size = ftell(file);
        if (size >= 0 && fseek(file, 0, SEEK_SET) == 0) {
            data = malloc((size_t)size + 1);
            if (data && fread(data, 1, (size_t)size, file) == (size_t)size) {
                data[size] = '\0';
                *length = (size_t)size;
            } else {
                free(data);
                data = NULL;
            }
        }
    }
    fclose(file);
    return data;
}

/* Normalizes a seed, splitting pages at form feeds as extract/ does. */
static normalized_text_t *normalize_seed(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", SEEDS_DIRECTORY, name);
    size_t length = 0;
    char *data = read_file(path, &length);
    if (!data)
        fail_msg("cannot read %s", path);
    size_t page_count = 1;
    for (size_t i = 0; i < length; i++)
        page_count += data[i] == '\f';
    const char **pages = calloc(page_count, sizeof *pages);
    size_t *lengths = calloc(page_count, sizeof *lengths);
    assert_non_null(pages);
    assert_non_null(lengths);
    size_t page = 0;
    size_t start = 0;
    for (size_t i = 0; i <= length; i++) {
        if (i == length || data[i] == '\f') {
            pages[page] = data + start;
            lengths[page] = i - start;
            page++;
            start = i + 1;
        }
    }
    char *error = NULL;
    normalized_text_t *text = normalize_pages(pages, lengths, page_count, &error);
    if (!text)
        fail_msg("%s: %s", name, error ? error : "(no message)");
    assert_int_equal(text->page_count, page_count);
    free(pages);
    free(lengths);
    free(data);
    return text;
}

static bool corpus_present(void)
{
    struct stat info;
    return stat(SEEDS_DIRECTORY, &info) == 0 && S_ISDIR(info.st_mode);
}

static void check_well_formed(const char *name, const normalized_text_t *text)
{
    if (text->length == 0)
        fail_msg("%s normalized to nothing", name);
    assert_int_equal(strlen(text->text), text->length);
    assert_int_equal(text->text[text->length - 1], '\n');
    if (strchr(text->text, '\r') || strstr(text->text, "\n\n") || strstr(text->text, "  "))
        fail_msg("%s: stray line ends or double spaces", name);
    /* no full-width digits, percent signs or commas survive */
    static const char *const full_width[] = {"０", "５", "９", "％", "，", "（", "）", "："};
    for (size_t i = 0; i < sizeof full_width / sizeof full_width[0]; i++)
        if (strstr(text->text, full_width[i]))
            fail_msg("%s still holds %s", name, full_width[i]);
    for (size_t i = 0; i < text->heading_count; i++) {
        const normalize_heading_t *heading = &text->headings[i];
        assert_true(heading->offset + heading->length < text->length);
        assert_int_equal(text->text[heading->offset + heading->length], '\n');
        assert_true(heading->offset == 0 || text->text[heading->offset - 1] == '\n');
        assert_true(heading->level >= 1 && heading->level <= 4);
        if (i > 0)
            assert_true(text->headings[i - 1].offset < heading->offset);
    }
}

static void every_seed_normalizes(void **state)
{
    (void)state;
    if (!corpus_present()) {
        printf("skipping: development corpus not found at %s\n", SEEDS_DIRECTORY);
        skip();
    }
    DIR *directory = opendir(SEEDS_DIRECTORY);
    assert_non_null(directory);
    size_t seeds = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        size_t length = strlen(entry->d_name);
        if (length < 5 || strcmp(entry->d_name + length - 4, ".txt") != 0)
            continue;
        normalized_text_t *text = normalize_seed(entry->d_name);
        check_well_formed(entry->d_name, text);
        assert_true(text->heading_count > 0);
        normalized_text_free(text);
        seeds++;
    }
    closedir(directory);
    assert_true(seeds >= 5);
}

/* The name of the seed whose file name starts with `prefix`. */
static bool find_seed(const char *prefix, char *name, size_t size)
{
    DIR *directory = opendir(SEEDS_DIRECTORY);
    if (!directory)
        return false;
    bool found = false;
    struct dirent *entry;
    while (!found && (entry = readdir(directory)) != NULL) {
        if (strncmp(entry->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(name, size, "%s", entry->d_name);
            found = true;
        }
    }
    closedir(directory);
    return found;
}

static void expect_line_containing(const normalized_text_t *text, const char *needle)
{
    if (!strstr(text->text, needle))
        fail_msg("normalized seed lacks [%s]", needle);
}

static void seed_clauses_read_whole(void **state)
{
    (void)state;
    char name[512];
    if (!corpus_present() || !find_seed("000_", name, sizeof name)) {
        printf("skipping: seed 000 of the development corpus not found under %s\n",
               SEEDS_DIRECTORY);
        skip();
    }
    normalized_text_t *text = normalize_seed(name);
    expect_line_containing(text, "收、支总计均为598.68万元");
    expect_line_containing(text, "完成年初预算的160.3%");
    expect_line_containing(text, "占本年收入0%");
    /* the page number between two halves of a sentence is gone */
    expect_line_containing(text, "采取有效措施");
    assert_null(strstr(text->text, "\n22\n"));
    normalized_text_free(text);

    if (find_seed("004_", name, sizeof name)) {
        text = normalize_seed(name);
        expect_line_containing(text, "\n运行成本\t8\t8\t优秀\n");
        expect_line_containing(text, "\n合计\t100\t98.5\t\n");
        normalized_text_free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_seed_normalizes),
        cmocka_unit_test(seed_clauses_read_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
