/*
 * batch_settings_text.c - what the parts of a batch depend on, as a short
 * text stored in OUTDIR/.cnfiscal-parts/settings: the program version, the
 * options that change the output, and a SHA-256 (corpus/sha256.c) of every rule file in
 * use (the rule folder's *.rules and *.tsv files, by name and content,
 * and each extra --patterns file).  When a rule is edited the text changes
 * and a rerun redoes every document instead of reusing stale parts.
 */
#include "batch.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_rule_file(const char *name)
{
    size_t length = strlen(name);
    return name[0] != '.' && ((length > 6 && strcmp(name + length - 6, ".rules") == 0) ||
                              (length > 4 && strcmp(name + length - 4, ".tsv") == 0));
}

static int compare_names(const void *left, const void *right)
{
    return strcmp(*(char *const *)left, *(char *const *)right);
}

/* Feeds a file's name and bytes to `checksum`; a missing file counts as
 * its name alone (load_rules reports it anyway). */
static void add_file(corpus_sha256_t *checksum, const char *path, const char *name)
{
    corpus_sha256_update(checksum, (const unsigned char *)name, strlen(name) + 1);
    FILE *file = fopen(path, "rb");
    if (!file)
        return;
    unsigned char buffer[1 << 14];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, file)) > 0)
        corpus_sha256_update(checksum, buffer, got);
    fclose(file);
    corpus_sha256_update(checksum, (const unsigned char *)"", 1);
}

static void add_folder(corpus_sha256_t *checksum, const char *folder)
{
    DIR *directory = opendir(folder);
    if (!directory)
        return;
    char **names = NULL;
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (!is_rule_file(entry->d_name))
            continue;
        char **bigger = realloc(names, (count + 1) * sizeof *names);
        if (!bigger)
            break;
        names = bigger;
        if ((names[count] = strdup(entry->d_name)) != NULL)
            count++;
    }
    closedir(directory);
    qsort(names, count, sizeof *names, compare_names);
    for (size_t i = 0; i < count; i++) {
        size_t size = strlen(folder) + strlen(names[i]) + 2;
        char *path = malloc(size);
        if (path) {
            snprintf(path, size, "%s/%s", folder, names[i]);
            add_file(checksum, path, names[i]);
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

char *batch_settings_text(const char *version, const char *patterns_directory,
                          char *const *extra_files, int extra_count, bool want_tables)
{
    corpus_sha256_t checksum;
    if (corpus_sha256_begin(&checksum) != 0)
        return NULL;
    add_folder(&checksum, patterns_directory);
    for (int i = 0; i < extra_count; i++)
        add_file(&checksum, extra_files[i], extra_files[i]);
    char rules[65];
    corpus_sha256_hex(&checksum, rules, 64);
    size_t size = strlen(version) + strlen(rules) + 96;
    char *text = malloc(size);
    if (text)
        snprintf(text, size, "cnfiscal %s\ntables %s\nrules %s\n", version,
                 want_tables ? "yes" : "no", rules);
    return text;
}
