/*
 * batch_parts.c - the parts folder, OUTDIR/.cnfiscal-parts, that makes a
 * batch resumable.
 *
 * Each document read by a worker gets one part file, <doc_id>.part, with
 * its rows of facts.csv, tables.csv, checks.csv and documents.csv (written
 * by out/'s row writers, without headers), behind a short header that
 * gives each section's length in bytes and a checksum of the sections
 * (the first 16 hex digits of their SHA-256):
 *
 *     cnfiscal-part 2
 *     facts 1234
 *     tables 5678
 *     checks 0
 *     documents 120
 *     sha256 0123456789abcdef
 *     <the four sections, in this order>
 *
 * The file is written under a temporary name and renamed into place, so a
 * run killed at any moment leaves either the whole part or none.  A part
 * is not synced to disk: after a power loss the file system may keep the
 * rename but lose (or leave zeros in place of) the data, and a part whose
 * size does not match its header, or whose sections do not match the
 * checksum, is taken for missing and the document read again.  Waiting for
 * the disk once per document cost about 4% of a batch's time here (more
 * on network file systems); the merged CSV files, which are what a run
 * promises, are synced (batch_merge.c).  The folder also holds
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

#include "output.h"

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

char *batch_message_with_path(const char *what, const char *path, int error_number)
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
    *error = batch_message_with_path("cannot create output folder", path, errno);
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

/* Removes the temporary files (name.tmp.XXXXXX) that workers killed in the
 * middle of writing left behind.  Safe: the caller holds the lock. */
static void remove_temporaries(const char *root)
{
    DIR *directory = opendir(root);
    if (!directory)
        return;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (!strstr(entry->d_name, ".tmp."))
            continue;
        char *path = join(root, "/", entry->d_name);
        if (path)
            unlink(path);
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
        *error = batch_message_with_path("cannot write", path, errno);
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
        *error = batch_message_with_path("cannot create", lock_path, errno);
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
    remove_temporaries(parts->root);
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

static const char part_magic[] = "cnfiscal-part 2\n";
static const char *const section_names[BATCH_SECTION_COUNT] = {"facts", "tables", "checks",
                                                               "documents"};
enum { MAX_PART_BYTES = 1 << 30 };

static char *part_path(const batch_parts_t *parts, const char *doc_id)
{
    char *folder = join(parts->root, "/", doc_id);
    char *path = folder ? join(folder, ".part", "") : NULL;
    free(folder);
    return path;
}

/* The rows of one section, rendered in memory. */
typedef struct {
    char *data;
    size_t length;
} rendered_t;

static int render_sections(const document_result_t *result, rendered_t *sections)
{
    for (int s = 0; s < BATCH_SECTION_COUNT; s++) {
        FILE *stream = open_memstream(&sections[s].data, &sections[s].length);
        if (!stream)
            return -1;
        csv_writer_t *writer = csv_writer_to_stream(stream);
        if (!writer) {
            fclose(stream);
            return -1;
        }
        switch (s) {
        case BATCH_SECTION_FACTS:
            for (size_t i = 0; i < result->fact_count; i++)
                output_write_fact(writer, result, i);
            break;
        case BATCH_SECTION_TABLES:
            for (size_t i = 0; i < result->tables.count; i++)
                output_write_table_cell(writer, result, &result->tables.items[i]);
            break;
        case BATCH_SECTION_CHECKS:
            for (size_t i = 0; i < result->check_count; i++)
                output_write_check(writer, result, &result->checks[i]);
            break;
        default:
            output_write_document(writer, result);
            break;
        }
        char *ignored = NULL;
        int status = csv_writer_commit(writer, &ignored); /* a stream writer: flushes */
        free(ignored);
        if (fclose(stream) != 0 || status != 0)
            return -1;
    }
    return 0;
}

/* The part's checksum: the first 16 hex digits of the SHA-256 of its
 * sections, one after the other.  Returns -1 when out of memory. */
static int sections_checksum(const rendered_t *sections, char checksum[17])
{
    corpus_sha256_t hash;
    if (corpus_sha256_begin(&hash) != 0)
        return -1;
    for (int s = 0; s < BATCH_SECTION_COUNT; s++)
        corpus_sha256_update(&hash, (const unsigned char *)sections[s].data, sections[s].length);
    corpus_sha256_doc_id(&hash, checksum);
    return 0;
}

static bool write_bytes(FILE *file, const char *data, size_t length)
{
    return length == 0 || fwrite(data, 1, length, file) == length;
}

int batch_parts_write(const batch_parts_t *parts, const char *doc_id,
                      const document_result_t *result, char **error)
{
    rendered_t sections[BATCH_SECTION_COUNT];
    memset(sections, 0, sizeof sections);
    char *path = part_path(parts, doc_id);
    char *temporary = path ? join(path, ".tmp.XXXXXX", "") : NULL;
    int status = -1;
    if (!path || !temporary || render_sections(result, sections) != 0) {
        *error = strdup("out of memory writing the results");
        goto done;
    }
    int descriptor = mkstemp(temporary);
    if (descriptor < 0) {
        *error = batch_message_with_path("cannot create", temporary, errno);
        goto done;
    }
    (void)fchmod(descriptor, 0644);
    FILE *file = fdopen(descriptor, "w");
    if (!file) {
        *error = batch_message_with_path("cannot write", temporary, errno);
        close(descriptor);
        unlink(temporary);
        goto done;
    }
    char checksum[17];
    bool written = sections_checksum(sections, checksum) == 0 && fputs(part_magic, file) >= 0;
    for (int s = 0; s < BATCH_SECTION_COUNT && written; s++)
        written = fprintf(file, "%s %zu\n", section_names[s], sections[s].length) > 0;
    written = written && fprintf(file, "sha256 %s\n", checksum) > 0;
    for (int s = 0; s < BATCH_SECTION_COUNT && written; s++)
        written = write_bytes(file, sections[s].data, sections[s].length);
    written = written && fflush(file) == 0;
    int saved = errno;
    if (fclose(file) != 0)
        written = false;
    if (written && rename(temporary, path) == 0) {
        status = 0;
    } else {
        *error = batch_message_with_path("cannot write", temporary, written ? errno : saved);
        unlink(temporary);
    }
done:
    for (int s = 0; s < BATCH_SECTION_COUNT; s++)
        free(sections[s].data);
    free(path);
    free(temporary);
    return status;
}

void batch_document_row_free(batch_document_row_t *row)
{
    for (size_t i = 0; i < row->count; i++)
        free(row->fields[i]);
    free(row->fields);
    row->fields = NULL;
    row->count = 0;
}

/* Parses one RFC 4180 row (as out/csv.c writes it) from `text`. */
static int parse_row(const char *text, size_t length, batch_document_row_t *row)
{
    row->fields = NULL;
    row->count = 0;
    size_t position = 0;
    for (;;) {
        char *field = malloc(length + 1);
        char **fields = realloc(row->fields, (row->count + 1) * sizeof *fields);
        if (!field || !fields) {
            free(field);
            if (fields)
                row->fields = fields;
            batch_document_row_free(row);
            return -1;
        }
        row->fields = fields;
        size_t used = 0;
        if (position < length && text[position] == '"') {
            position++;
            for (;;) {
                if (position >= length) {
                    free(field);
                    batch_document_row_free(row);
                    return -1; /* unterminated quote */
                }
                if (text[position] == '"') {
                    if (position + 1 < length && text[position + 1] == '"') {
                        field[used++] = '"';
                        position += 2;
                        continue;
                    }
                    position++;
                    break;
                }
                field[used++] = text[position++];
            }
        } else {
            while (position < length && text[position] != ',' && text[position] != '\n')
                field[used++] = text[position++];
        }
        field[used] = '\0';
        row->fields[row->count++] = field;
        if (position < length && text[position] == ',') {
            position++;
            continue;
        }
        return position < length && text[position] == '\n' ? 0 : -1;
    }
}

void batch_part_free(batch_part_t *part)
{
    free(part->data);
    batch_document_row_free(&part->row);
    memset(part, 0, sizeof *part);
}

/* Reads the whole file, refusing anything over MAX_PART_BYTES. */
static char *read_part_file(const char *path, size_t *length)
{
    int descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (descriptor < 0)
        return NULL;
    struct stat info;
    if (fstat(descriptor, &info) != 0 || !S_ISREG(info.st_mode) || info.st_size <= 0 ||
        info.st_size > MAX_PART_BYTES) {
        close(descriptor);
        return NULL;
    }
    size_t size = (size_t)info.st_size;
    char *data = malloc(size + 1);
    size_t done = 0;
    while (data && done < size) {
        ssize_t got = read(descriptor, data + done, size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        done += (size_t)got;
    }
    close(descriptor);
    if (!data || done != size) {
        free(data);
        return NULL;
    }
    data[size] = '\0';
    *length = size;
    return data;
}

int batch_parts_read(const batch_parts_t *parts, const char *doc_id, batch_part_t *part)
{
    memset(part, 0, sizeof *part);
    char *path = part_path(parts, doc_id);
    if (!path)
        return -1;
    part->data = read_part_file(path, &part->length);
    free(path);
    if (!part->data)
        return -1;
    size_t magic_length = sizeof part_magic - 1;
    if (part->length < magic_length || memcmp(part->data, part_magic, magic_length) != 0) {
        batch_part_free(part);
        return -1;
    }
    size_t position = magic_length;
    size_t lengths[BATCH_SECTION_COUNT];
    for (int s = 0; s < BATCH_SECTION_COUNT; s++) {
        size_t name_length = strlen(section_names[s]);
        const char *line = part->data + position;
        char *end = NULL;
        if (position + name_length + 2 > part->length ||
            memcmp(line, section_names[s], name_length) != 0 || line[name_length] != ' ' ||
            line[name_length + 1] < '0' || line[name_length + 1] > '9') {
            batch_part_free(part);
            return -1;
        }
        errno = 0;
        unsigned long long value = strtoull(line + name_length + 1, &end, 10);
        if (errno != 0 || *end != '\n' || value > MAX_PART_BYTES) {
            batch_part_free(part);
            return -1;
        }
        lengths[s] = (size_t)value;
        position = (size_t)(end + 1 - part->data);
    }
    static const char checksum_label[] = "sha256 ";
    size_t label_length = sizeof checksum_label - 1;
    if (position + label_length + 17 > part->length ||
        memcmp(part->data + position, checksum_label, label_length) != 0 ||
        part->data[position + label_length + 16] != '\n') {
        batch_part_free(part);
        return -1;
    }
    const char *stored_checksum = part->data + position + label_length;
    position += label_length + 17;
    size_t total = position;
    for (int s = 0; s < BATCH_SECTION_COUNT; s++)
        total += lengths[s];
    if (total != part->length) {
        batch_part_free(part);
        return -1; /* truncated or padded: not a whole part */
    }
    rendered_t sections[BATCH_SECTION_COUNT];
    for (int s = 0; s < BATCH_SECTION_COUNT; s++) {
        part->sections[s] = part->data + position;
        part->section_lengths[s] = lengths[s];
        sections[s] = (rendered_t){part->data + position, lengths[s]};
        position += lengths[s];
    }
    char checksum[17];
    if (sections_checksum(sections, checksum) != 0 || memcmp(checksum, stored_checksum, 16) != 0) {
        batch_part_free(part);
        return -1; /* the data is not what was written (a power loss) */
    }
    /* One documents row of the documented width. */
    if (parse_row(part->sections[BATCH_SECTION_DOCUMENTS],
                  part->section_lengths[BATCH_SECTION_DOCUMENTS], &part->row) != 0 ||
        part->row.count != 12) {
        batch_part_free(part);
        return -1;
    }
    return 0;
}

int batch_parts_read_document_row(const batch_parts_t *parts, const char *doc_id,
                                  batch_document_row_t *row)
{
    batch_part_t part;
    if (batch_parts_read(parts, doc_id, &part) != 0)
        return -1;
    *row = part.row;
    part.row.fields = NULL;
    part.row.count = 0;
    batch_part_free(&part);
    return 0;
}

bool batch_document_row_matches(const batch_document_row_t *row, const char *doc_id,
                                const char *source)
{
    /* Column 1 is the source, written with the formula guard. */
    const char *written = row->fields[1];
    bool same_source =
        strcmp(written, source) == 0 || (written[0] == '\'' && strcmp(written + 1, source) == 0);
    return same_source && strcmp(row->fields[0], doc_id) == 0;
}

bool batch_parts_complete(const batch_parts_t *parts, const char *doc_id, const char *source)
{
    batch_document_row_t row;
    if (batch_parts_read_document_row(parts, doc_id, &row) != 0)
        return false;
    bool matches = batch_document_row_matches(&row, doc_id, source);
    batch_document_row_free(&row);
    return matches;
}
