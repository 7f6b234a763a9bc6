/*
 * inputs.c - turns command-line arguments into a stable list of inputs.
 *
 * A folder is walked recursively; its .pdf, .txt and .md files are taken in
 * byte order of their path relative to the folder, which is also the
 * `source` reported for them, so two runs over the same folder list the same
 * documents in the same order on any machine.
 */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum { MAX_WALK_DEPTH = 64 };

void corpus_input_list_init(corpus_input_list_t *list)
{
    list->items = NULL;
    list->count = 0;
    list->capacity = 0;
}

void corpus_input_list_free(corpus_input_list_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].source);
    }
    free(list->items);
    corpus_input_list_init(list);
}

static char *error_message(const char *format, const char *path, const char *reason)
{
    size_t size = strlen(format) + strlen(path) + strlen(reason) + 1;
    char *message = malloc(size);
    if (message)
        snprintf(message, size, format, path, reason);
    return message;
}

static int append_input(corpus_input_list_t *list, const char *path, const char *source)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 64;
        corpus_input_t *items = realloc(list->items, capacity * sizeof *items);
        if (!items)
            return -1;
        list->items = items;
        list->capacity = capacity;
    }
    char *path_copy = strdup(path);
    char *source_copy = strdup(source);
    if (!path_copy || !source_copy) {
        free(path_copy);
        free(source_copy);
        return -1;
    }
    list->items[list->count].path = path_copy;
    list->items[list->count].source = source_copy;
    list->count++;
    return 0;
}

static bool has_document_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    return strcasecmp(dot, ".pdf") == 0 || strcasecmp(dot, ".txt") == 0 ||
           strcasecmp(dot, ".md") == 0;
}

static int compare_inputs_by_source(const void *left, const void *right)
{
    const corpus_input_t *a = left, *b = right;
    return strcmp(a->source, b->source);
}

static char *join_path(const char *directory, const char *name)
{
    size_t size = strlen(directory) + strlen(name) + 2;
    char *path = malloc(size);
    if (!path)
        return NULL;
    if (directory[0] == '\0')
        snprintf(path, size, "%s", name);
    else
        snprintf(path, size, "%s/%s", directory, name);
    return path;
}

/* Walks `root`/`relative`, adding documents with source = relative path. */
static int walk_folder(corpus_input_list_t *list, const char *root, const char *relative, int depth,
                       char **error)
{
    char *folder = relative[0] ? join_path(root, relative) : strdup(root);
    if (!folder) {
        *error = strdup("out of memory");
        return -1;
    }
    DIR *directory = opendir(folder);
    if (!directory) {
        *error = error_message("cannot read folder %s: %s", folder, strerror(errno));
        free(folder);
        return -1;
    }
    int status = 0;
    struct dirent *entry;
    while (status == 0 && (entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.')
            continue; /* ., .., hidden files and our own temporaries */
        char *child_relative = join_path(relative, entry->d_name);
        char *child_path = child_relative ? join_path(root, child_relative) : NULL;
        if (!child_relative || !child_path) {
            free(child_relative);
            free(child_path);
            *error = strdup("out of memory");
            status = -1;
            break;
        }
        struct stat info;
        if (stat(child_path, &info) == 0) {
            if (S_ISDIR(info.st_mode)) {
                if (depth < MAX_WALK_DEPTH)
                    status = walk_folder(list, root, child_relative, depth + 1, error);
            } else if (has_document_extension(entry->d_name)) {
                /* Non-regular files (FIFOs, devices) are still listed so that
                 * the run reports them instead of silently skipping them. */
                if (append_input(list, child_path, child_relative) != 0) {
                    *error = strdup("out of memory");
                    status = -1;
                }
            }
        }
        free(child_relative);
        free(child_path);
    }
    closedir(directory);
    free(folder);
    return status;
}

int corpus_add_input(corpus_input_list_t *list, const char *argument, char **error)
{
    struct stat info;
    if (stat(argument, &info) != 0) {
        *error = error_message("%s: %s", argument, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(info.st_mode)) {
        if (append_input(list, argument, argument) != 0) {
            *error = strdup("out of memory");
            return -1;
        }
        return 0;
    }
    size_t first = list->count;
    char *root = strdup(argument);
    if (!root) {
        *error = strdup("out of memory");
        return -1;
    }
    size_t root_length = strlen(root);
    while (root_length > 1 && root[root_length - 1] == '/')
        root[--root_length] = '\0';
    int status = walk_folder(list, root, "", 0, error);
    free(root);
    if (status == 0)
        qsort(list->items + first, list->count - first, sizeof *list->items,
              compare_inputs_by_source);
    return status;
}
