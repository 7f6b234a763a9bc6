/*
 * batch_parts.c - the parts folder, OUTDIR/.cnfiscal-parts, that makes a
 * batch resumable.
 *
 * Each document read by a worker gets a sub-folder named by its doc_id
 * holding its own facts.csv, tables.csv, checks.csv and documents.csv
 * (written by out/'s output_set, so each file appears only complete, and
 * documents.csv last): a document is complete exactly when its
 * documents.csv exists.  The folder also holds
 *   settings  what the parts depend on (program version, options and the
 *             content of the rule files); parts made with other settings
 *             are removed before a run uses the folder;
 *   lock      flock()ed for the whole run, so two runs never write the
 *             same folder at once.
 */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv_reader.h"

static const char parts_folder_name[] = ".cnfiscal-parts";

struct batch_parts {
    char *root; /* OUTDIR/.cnfiscal-parts */
    int lock_descriptor;
};

static char *join(const char *left, const char *middle, const char *right)
{
    size_t size = strlen(left) + strlen(middle) + strlen(right) + 1;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s%s%s", left, middle, right);
    return path;
}

static char *message_with_path(const char *what, const char *path, int error_number)
{
    size_t size = strlen(what) + strlen(path) + 160;
    char *message = malloc(size);
    if (message)
        snprintf(message, size, "%s %s: %s", what, path, strerror(error_number));
    return message;
}

static int make_folder(const char *path, char **error)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST) {
        struct stat info;
        if (stat(path, &info) == 0 && S_ISDIR(info.st_mode))
            return 0;
        errno = ENOTDIR;
    }
    *error = message_with_path("cannot create output folder", path, errno);
    return -1;
}

/* Removes the plain files of `folder` (not recursive: part folders hold
 * only files). */
static void remove_files_in(const char *folder)
{
    DIR *directory = opendir(folder);
    if (!directory)
        return;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        char *path = join(folder, "/", entry->d_name);
        if (path)
            unlink(path);
        free(path);
    }
    closedir(directory);
}

/* Removes every document's part folder (the settings and lock stay). */
static void remove_all_parts(const char *root)
{
    DIR *directory = opendir(root);
    if (!directory)
        return;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.' || strcmp(entry->d_name, "lock") == 0 ||
            strcmp(entry->d_name, "settings") == 0)
            continue;
        char *path = join(root, "/", entry->d_name);
        if (!path)
            continue;
        struct stat info;
        if (lstat(path, &info) == 0 && S_ISDIR(info.st_mode)) {
            remove_files_in(path);
            rmdir(path);
        } else {
            unlink(path);
        }
        free(path);
    }
    closedir(directory);
}

/* The stored settings, or NULL when there are none. */
static char *read_small_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    size_t capacity = 4096, length = 0;
    char *text = malloc(capacity + 1);
    while (text) {
        size_t got = fread(text + length, 1, capacity - length, file);
        length += got;
        if (got == 0 || length < capacity)
            break;
        char *bigger = capacity < ((size_t)1 << 24) ? realloc(text, capacity * 2 + 1) : NULL;
        if (!bigger) {
            free(text);
            text = NULL;
            break;
        }
        text = bigger;
        capacity *= 2;
    }
    fclose(file);
    if (text)
        text[length] = '\0';
    return text;
}

/* Writes `text` to `path` through a temporary file and a rename. */
static int write_small_file(const char *path, const char *text, char **error)
{
    char *temporary = join(path, ".tmp", "");
    if (!temporary) {
        *error = strdup("out of memory");
        return -1;
    }
    int status = -1;
    FILE *file = fopen(temporary, "wb");
    if (file) {
        bool written = fputs(text, file) >= 0 && fflush(file) == 0 && fsync(fileno(file)) == 0;
        if (fclose(file) == 0 && written && rename(temporary, path) == 0)
            status = 0;
    }
    if (status != 0) {
        *error = message_with_path("cannot write", path, errno);
        unlink(temporary);
    }
    free(temporary);
    return status;
}

batch_parts_t *batch_parts_open(const char *output_directory, const char *settings_text, bool force,
                                bool *discarded_old, char **error)
{
    *discarded_old = false;
    if (make_folder(output_directory, error) != 0)
        return NULL;
    batch_parts_t *parts = calloc(1, sizeof *parts);
    if (!parts || !(parts->root = join(output_directory, "/", parts_folder_name))) {
        free(parts);
        *error = strdup("out of memory");
        return NULL;
    }
    parts->lock_descriptor = -1;
    if (make_folder(parts->root, error) != 0) {
        batch_parts_close(parts);
        return NULL;
    }
    char *lock_path = join(parts->root, "/lock", "");
    char *settings_path = join(parts->root, "/settings", "");
    if (!lock_path || !settings_path) {
        free(lock_path);
        free(settings_path);
        batch_parts_close(parts);
        *error = strdup("out of memory");
        return NULL;
    }
    parts->lock_descriptor = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (parts->lock_descriptor < 0) {
        *error = message_with_path("cannot create", lock_path, errno);
        goto failed;
    }
    if (flock(parts->lock_descriptor, LOCK_EX | LOCK_NB) != 0) {
        size_t size = strlen(output_directory) + 128;
        *error = malloc(size);
        if (*error)
            snprintf(*error, size, "another cnfiscal run is writing to %s (wait for it to end)",
                     output_directory);
        goto failed;
    }
    char *stored = read_small_file(settings_path);
    bool same = stored && strcmp(stored, settings_text) == 0;
    free(stored);
    if (!same || force) {
        /* Settings first, so that an interruption here leaves no parts that
         * look valid for the new settings. */
        unlink(settings_path);
        DIR *probe = opendir(parts->root);
        if (probe) {
            struct dirent *entry;
            while ((entry = readdir(probe)) != NULL)
                if (entry->d_name[0] != '.' && strcmp(entry->d_name, "lock") != 0)
                    *discarded_old = !force;
            closedir(probe);
        }
        remove_all_parts(parts->root);
        if (write_small_file(settings_path, settings_text, error) != 0)
            goto failed;
    }
    free(lock_path);
    free(settings_path);
    return parts;
failed:
    free(lock_path);
    free(settings_path);
    batch_parts_close(parts);
    return NULL;
}

void batch_parts_close(batch_parts_t *parts)
{
    if (!parts)
        return;
    if (parts->lock_descriptor >= 0)
        close(parts->lock_descriptor);
    free(parts->root);
    free(parts);
}

char *batch_parts_folder(const batch_parts_t *parts, const char *doc_id)
{
    return join(parts->root, "/", doc_id);
}

char *batch_parts_file(const batch_parts_t *parts, const char *doc_id, const char *name)
{
    char *folder = batch_parts_folder(parts, doc_id);
    char *path = folder ? join(folder, "/", name) : NULL;
    free(folder);
    return path;
}

void batch_parts_clear(const batch_parts_t *parts, const char *doc_id)
{
    char *folder = batch_parts_folder(parts, doc_id);
    if (folder)
        remove_files_in(folder);
    free(folder);
}

void batch_document_row_free(batch_document_row_t *row)
{
    for (size_t i = 0; i < row->count; i++)
        free(row->fields[i]);
    free(row->fields);
    row->fields = NULL;
    row->count = 0;
}

int batch_parts_read_document_row(const batch_parts_t *parts, const char *doc_id,
                                  batch_document_row_t *row)
{
    row->fields = NULL;
    row->count = 0;
    char *path = batch_parts_file(parts, doc_id, "documents.csv");
    if (!path)
        return -1;
    csv_table_t table;
    char *error = NULL;
    int status = csv_table_read(path, &table, &error);
    free(path);
    free(error);
    if (status != 0)
        return -1;
    /* The header and exactly one row of at least the documented columns. */
    if (table.count != 2 || table.rows[1].count < 12) {
        csv_table_free(&table);
        return -1;
    }
    row->fields = table.rows[1].fields;
    row->count = table.rows[1].count;
    table.rows[1].fields = NULL;
    table.rows[1].count = 0;
    csv_table_free(&table);
    return 0;
}

bool batch_parts_complete(const batch_parts_t *parts, const char *doc_id, const char *source)
{
    batch_document_row_t row;
    if (batch_parts_read_document_row(parts, doc_id, &row) != 0)
        return false;
    /* Column 1 is the source, written with the formula guard. */
    const char *written = row.fields[1];
    bool same =
        strcmp(written, source) == 0 || (written[0] == '\'' && strcmp(written + 1, source) == 0);
    bool same_document = strcmp(row.fields[0], doc_id) == 0;
    batch_document_row_free(&row);
    return same && same_document;
}
