/*
 * batch_settings_text.c - what the parts of a batch depend on, as a short
 * text stored in OUTDIR/.cnfiscal-parts/settings: the program version, the
 * options that change the output, and a SHA-256 of every rule file in
 * use (the rule folder's *.rules and *.tsv files, by name and content,
 * and each extra --patterns file).  When a rule is edited the text changes
 * and a rerun redoes every document instead of reusing stale parts.
 */
#include "batch.h"

#include <dirent.h>
#include <glib.h>
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
static void add_file(GChecksum *checksum, const char *path, const char *name)
{
    g_checksum_update(checksum, (const guchar *)name, (gssize)strlen(name) + 1);
    FILE *file = fopen(path, "rb");
    if (!file)
        return;
    unsigned char buffer[1 << 14];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, file)) > 0)
        g_checksum_update(checksum, buffer, (gssize)got);
    fclose(file);
    g_checksum_update(checksum, (const guchar *)"", 1);
}

static void add_folder(GChecksum *checksum, const char *folder)
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
    GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
    if (!checksum)
        return NULL;
    add_folder(checksum, patterns_directory);
    for (int i = 0; i < extra_count; i++)
        add_file(checksum, extra_files[i], extra_files[i]);
    const char *rules = g_checksum_get_string(checksum);
    size_t size = strlen(version) + strlen(rules) + 96;
    char *text = malloc(size);
    if (text)
        snprintf(text, size, "cnfiscal %s\ntables %s\nrules %s\n", version,
                 want_tables ? "yes" : "no", rules);
    g_checksum_free(checksum);
    return text;
}
