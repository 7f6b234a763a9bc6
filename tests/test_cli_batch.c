/*
 * test_cli_batch.c - the batch behaviour of `cnfiscal extract`, end to end
 * through the built binary: worker isolation (a crash, a hang, a memory
 * hog and a FIFO are recorded and the batch goes on), resume after a
 * kill (the rerun's facts.csv is byte-identical to an uninterrupted run's),
 * --jobs independence (also when the largest files are read first),
 * duplicates, --shard, --files-from, --force, the lock, and option errors.
 *
 * Inputs are composed here from the project's own samples/ (invented
 * text), made distinct by changing one number, so the tests need neither
 * the development corpus nor network.  Crashes, hangs and memory exhaustion
 * are provoked through the worker's test hooks (CNFISCAL_TEST_CRASH_ON,
 * CNFISCAL_TEST_HANG_ON, CNFISCAL_TEST_ALLOCATE_ON; see cli/batch_worker.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "corpus.h"
#include "csv_reader.h"

enum { DOCUMENT_COUNT = 6 };

/* Under AddressSanitizer the worker cannot limit its address space. */
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ADDRESS_SANITIZER 1
#endif
#endif
#ifndef UNDER_ADDRESS_SANITIZER
#define UNDER_ADDRESS_SANITIZER 0
#endif

/* ---- helpers ------------------------------------------------------------ */

static char *read_whole(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    size_t capacity = 1 << 16, used = 0;
    char *data = malloc(capacity + 1);
    size_t got;
    while (data && (got = fread(data + used, 1, capacity - used, file)) > 0) {
        used += got;
        if (used == capacity) {
            char *bigger = realloc(data, capacity * 2 + 1);
            if (!bigger) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(file);
    if (data) {
        data[used] = '\0';
        if (length)
            *length = used;
    }
    return data;
}

static void write_whole(const char *path, const char *data, size_t length)
{
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(data, 1, length, file), length);
    assert_int_equal(fclose(file), 0);
}

static void make_workspace(char *path, size_t size)
{
    snprintf(path, size, "/tmp/cnfiscal-test-batch-XXXXXX");
    assert_non_null(mkdtemp(path));
}

/* `folder`/in/doc_N.txt: the sample budget with its first total changed so
 * that each document has its own doc_id and its own facts; and a copy of
 * the sample PDF. */
static void make_documents(const char *folder, int count)
{
    char path[512];
    snprintf(path, sizeof path, "%s/in", folder);
    assert_int_equal(mkdir(path, 0777), 0);
    size_t length = 0;
    char *sample = read_whole(CNFISCAL_SOURCE_DIR "/samples/sample_budget.txt", &length);
    assert_non_null(sample);
    char *total = strstr(sample, "856.4");
    assert_non_null(total);
    assert_true(count >= 0 && count < 100); /* two digits replace the total's */
    for (int i = 0; i < count; i++) {
        char number[16];
        snprintf(number, sizeof number, "7%02d.4", i % 100);
        memcpy(total, number, 5);
        snprintf(path, sizeof path, "%s/in/doc_%02d.txt", folder, i);
        write_whole(path, sample, length);
    }
    free(sample);
    char *pdf = read_whole(CNFISCAL_SOURCE_DIR "/samples/sample_final_accounts.pdf", &length);
    assert_non_null(pdf);
    snprintf(path, sizeof path, "%s/in/sample.pdf", folder);
    write_whole(path, pdf, length);
    free(pdf);
}

/* Runs `cnfiscal extract` with `arguments` (a shell fragment) and the
 * environment assignments in `environment` (may be ""), stderr to
 * `folder`/stderr.txt.  Returns the exit status. */
static int run_extract(const char *folder, const char *environment, const char *arguments)
{
    char command[2048];
    snprintf(command, sizeof command, "cd '%s' && %s '%s' extract %s 2>stderr.txt </dev/null",
             folder, environment, CNFISCAL_BINARY, arguments);
    int status = system(command);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool stderr_contains(const char *folder, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stderr.txt", folder);
    char *data = read_whole(path, NULL);
    bool found = data && strstr(data, text);
    if (!found)
        print_message("stderr of the run (looking for \"%s\"):\n%s\n", text, data ? data : "");
    free(data);
    return found;
}

static void assert_same_file(const char *left, const char *right)
{
    size_t left_length = 0, right_length = 0;
    char *a = read_whole(left, &left_length);
    char *b = read_whole(right, &right_length);
    assert_non_null(a);
    assert_non_null(b);
    if (left_length != right_length || memcmp(a, b, left_length) != 0)
        fail_msg("%s and %s differ", left, right);
    free(a);
    free(b);
}

/* The rows of a CSV file (header included). */
static void read_table(const char *path, csv_table_t *table)
{
    char *error = NULL;
    if (csv_table_read(path, table, &error) != 0)
        fail_msg("cannot read %s: %s", path, error ? error : "?");
}

/* The documents.csv row of `source`, or -1. */
static int row_of(const csv_table_t *table, const char *source)
{
    int column = csv_table_column(table, "source");
    for (size_t i = 1; i < table->count; i++)
        if (strcmp(csv_table_field(table, i, column), source) == 0)
            return (int)i;
    return -1;
}

static const char *document_field(const char *folder, const char *output, const char *source,
                                  const char *column, char *out, size_t out_size)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s/documents.csv", folder, output);
    csv_table_t table;
    read_table(path, &table);
    int row = row_of(&table, source);
    if (row < 0)
        fail_msg("%s has no row for %s", path, source);
    snprintf(out, out_size, "%s",
             csv_table_field(&table, (size_t)row, csv_table_column(&table, column)));
    csv_table_free(&table);
    return out;
}

static void remove_tree(const char *path)
{
    char command[600];
    snprintf(command, sizeof command, "rm -rf '%s'", path);
    assert_int_equal(system(command), 0);
}

/* Documents complete in a parts folder: its <doc_id>.part files. */
static size_t complete_parts(const char *parts_folder)
{
    DIR *directory = opendir(parts_folder);
    if (!directory)
        return 0;
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        size_t length = strlen(entry->d_name);
        count += length > 5 && strcmp(entry->d_name + length - 5, ".part") == 0;
    }
    closedir(directory);
    return count;
}

/* Starts `cnfiscal extract` in the background; returns its pid. */
static pid_t start_extract(const char *folder, const char *hang_on, const char *output)
{
    char output_path[512], input_path[512], error_path[512];
    snprintf(output_path, sizeof output_path, "%s/%s", folder, output);
    snprintf(input_path, sizeof input_path, "%s/in", folder);
    snprintf(error_path, sizeof error_path, "%s/stderr.txt", folder);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int descriptor = open(error_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (descriptor >= 0)
            dup2(descriptor, STDERR_FILENO);
        setenv("CNFISCAL_TEST_HANG_ON", hang_on, 1);
        execl(CNFISCAL_BINARY, CNFISCAL_BINARY, "extract", "--jobs", "1", "--timeout", "0",
              input_path, "-o", output_path, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Waits until `count` documents are complete in the parts folder.  A
 * safety net (5 minutes) keeps a broken build from hanging the suite. */
static void wait_for_parts(const char *folder, const char *output, size_t count)
{
    char parts[512];
    snprintf(parts, sizeof parts, "%s/%s/.cnfiscal-parts", folder, output);
    for (int i = 0; i < 3000 && complete_parts(parts) < count; i++) {
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    assert_int_equal(complete_parts(parts), count);
}

static int wait_exit_status(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

static bool file_exists(const char *folder, const char *name)
{
    char path[1100];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    struct stat info;
    return stat(path, &info) == 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_jobs_do_not_change_the_output(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, DOCUMENT_COUNT);
    assert_int_equal(run_extract(folder, "", "-q --jobs 1 in -o one"), 0);
    assert_int_equal(run_extract(folder, "", "-q --jobs 2 in -o two"), 0);
    static const char *const files[] = {"facts.csv", "tables.csv", "checks.csv"};
    for (size_t i = 0; i < 3; i++) {
        char left[512], right[512];
        snprintf(left, sizeof left, "%s/one/%s", folder, files[i]);
        snprintf(right, sizeof right, "%s/two/%s", folder, files[i]);
        assert_same_file(left, right);
    }
    /* documents.csv: the same rows in the same order (ms aside). */
    char path[512];
    csv_table_t one, two;
    snprintf(path, sizeof path, "%s/one/documents.csv", folder);
    read_table(path, &one);
    snprintf(path, sizeof path, "%s/two/documents.csv", folder);
    read_table(path, &two);
    assert_int_equal(one.count, DOCUMENT_COUNT + 2);
    assert_int_equal(two.count, one.count);
    for (size_t row = 0; row < one.count; row++)
        for (int column = 0; column < 11; column++)
            assert_string_equal(csv_table_field(&one, row, column),
                                csv_table_field(&two, row, column));
    /* Input order: doc_00 ... doc_05 then sample.pdf. */
    assert_string_equal(csv_table_field(&one, 1, 1), "doc_00.txt");
    assert_string_equal(csv_table_field(&one, DOCUMENT_COUNT + 1, 1), "sample.pdf");
    csv_table_free(&one);
    csv_table_free(&two);
    /* Facts were found at all, so the comparison means something. */
    char facts[32];
    assert_true(atoi(document_field(folder, "one", "doc_03.txt", "facts", facts, sizeof facts)) >
                0);
    remove_tree(folder);
}

/* The parent identifies inputs by streaming them through the SHA-256 in
 * 64 KiB reads: its doc_id must be the one the library computes for the
 * whole file in memory (corpus_document_id), for every length around
 * SHA-256's 64-byte blocks, its padding and the read size.  (That the
 * SHA-256 itself is GLib's digest is test_corpus's test_sha256_matches_glib.) */
static void test_doc_id_matches_the_library_at_every_block_boundary(void **state)
{
    (void)state;
    static const size_t lengths[] = {0,    1,    55,   56,    57,    63,    64,    65,   111,
                                     119,  120,  127,  128,   129,   1000,  4095,  4096, 4097,
                                     8191, 8192, 8193, 65599, 65600, 65601, 300001};
    enum { LENGTH_COUNT = sizeof lengths / sizeof lengths[0] };
    char folder[64], path[512];
    make_workspace(folder, sizeof folder);
    snprintf(path, sizeof path, "%s/in", folder);
    assert_int_equal(mkdir(path, 0777), 0);
    char *text = malloc(300001);
    assert_non_null(text);
    for (size_t i = 0; i < 300001; i++) /* ASCII lines, each file its own length */
        text[i] = i % 61 == 60 ? '\n' : (char)('a' + (i * 7 + i / 61) % 26);
    for (size_t i = 0; i < LENGTH_COUNT; i++) {
        snprintf(path, sizeof path, "%s/in/length_%06zu.txt", folder, lengths[i]);
        write_whole(path, text, lengths[i]);
    }
    for (int jobs = 1; jobs <= 2; jobs++) {
        char arguments[64], output[16];
        snprintf(output, sizeof output, "out%d", jobs);
        snprintf(arguments, sizeof arguments, "-q --jobs %d in -o %s", jobs, output);
        run_extract(folder, "", arguments);
        for (size_t i = 0; i < LENGTH_COUNT; i++) {
            char source[64], doc_id[32], expected[17];
            snprintf(source, sizeof source, "length_%06zu.txt", lengths[i]);
            document_field(folder, output, source, "doc_id", doc_id, sizeof doc_id);
            corpus_document_id((const unsigned char *)text, lengths[i], expected);
            if (strcmp(doc_id, expected) != 0)
                fail_msg("%s, --jobs %d: doc_id %s, the library gives %s", source, jobs, doc_id,
                         expected);
        }
    }
    free(text);
    remove_tree(folder);
}

/* With more than one worker the largest files are read first: inputs made
 * larger the later they come are read about in reverse, and the output is
 * still in input order and byte-identical to one worker's. */
static void test_largest_first_keeps_the_output_order(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, DOCUMENT_COUNT);
    /* doc_N grows with N: blank lines at the end change no fact. */
    for (int i = 0; i < DOCUMENT_COUNT; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/in/doc_%02d.txt", folder, i);
        FILE *file = fopen(path, "ab");
        assert_non_null(file);
        for (int line = 0; line < i * 20000; line++)
            fputc('\n', file);
        assert_int_equal(fclose(file), 0);
    }
    assert_int_equal(run_extract(folder, "", "-q --jobs 1 in -o one"), 0);
    assert_int_equal(run_extract(folder, "", "-q --jobs 2 in -o two"), 0);
    assert_int_equal(run_extract(folder, "", "-q --jobs 3 in -o three"), 0);
    static const char *const files[] = {"facts.csv", "tables.csv", "checks.csv"};
    static const char *const outputs[] = {"two", "three"};
    for (size_t o = 0; o < 2; o++) {
        for (size_t i = 0; i < 3; i++) {
            char left[512], right[512];
            snprintf(left, sizeof left, "%s/one/%s", folder, files[i]);
            snprintf(right, sizeof right, "%s/%s/%s", folder, outputs[o], files[i]);
            assert_same_file(left, right);
        }
        char path[512];
        csv_table_t one, other;
        snprintf(path, sizeof path, "%s/one/documents.csv", folder);
        read_table(path, &one);
        snprintf(path, sizeof path, "%s/%s/documents.csv", folder, outputs[o]);
        read_table(path, &other);
        assert_int_equal(one.count, DOCUMENT_COUNT + 2);
        assert_int_equal(other.count, one.count);
        for (size_t row = 0; row < one.count; row++)
            for (int column = 0; column < 11; column++)
                assert_string_equal(csv_table_field(&one, row, column),
                                    csv_table_field(&other, row, column));
        assert_string_equal(csv_table_field(&other, 1, 1), "doc_00.txt");
        assert_string_equal(csv_table_field(&other, DOCUMENT_COUNT, 1), "doc_05.txt");
        csv_table_free(&one);
        csv_table_free(&other);
    }
    char facts[32];
    assert_true(atoi(document_field(folder, "two", "doc_05.txt", "facts", facts, sizeof facts)) >
                0);
    remove_tree(folder);
}

static void test_resume_after_kill_gives_identical_facts(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, DOCUMENT_COUNT);
    assert_int_equal(run_extract(folder, "", "-q --jobs 2 in -o whole"), 0);

    /* The run hangs on doc_04.txt after doc_00..doc_03 are done; then it is
     * killed outright, as by a power loss or kill -9. */
    pid_t pid = start_extract(folder, "doc_04.txt", "resumed");
    wait_for_parts(folder, "resumed", 4);
    kill(pid, SIGKILL);
    assert_int_equal(wait_exit_status(pid), 128 + SIGKILL);
    char resumed[512];
    snprintf(resumed, sizeof resumed, "%s/resumed", folder);
    assert_false(file_exists(resumed, "facts.csv"));
    assert_false(file_exists(resumed, "documents.csv"));

    assert_int_equal(run_extract(folder, "", "--jobs 2 in -o resumed"), 0);
    assert_true(stderr_contains(folder, "(3 read now, 4 already complete)"));
    char left[512], right[512];
    static const char *const files[] = {"facts.csv", "tables.csv", "checks.csv"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(left, sizeof left, "%s/whole/%s", folder, files[i]);
        snprintf(right, sizeof right, "%s/resumed/%s", folder, files[i]);
        assert_same_file(left, right);
    }
    /* A third run has nothing left to read and changes nothing. */
    assert_int_equal(run_extract(folder, "", "in -o resumed"), 0);
    assert_true(stderr_contains(folder, "(0 read now, 7 already complete)"));
    assert_same_file(left, right);
    remove_tree(folder);
}

/* A part cut short (a disk that lost power before its data was written)
 * is not taken for a finished document. */
static void test_damaged_part_is_read_again(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 2);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    char facts[512], kept[512];
    snprintf(facts, sizeof facts, "%s/out/facts.csv", folder);
    snprintf(kept, sizeof kept, "%s/facts-before.csv", folder);
    size_t length = 0;
    char *data = read_whole(facts, &length);
    assert_non_null(data);
    write_whole(kept, data, length);
    free(data);
    char command[1024];
    snprintf(command, sizeof command,
             "cd '%s/out/.cnfiscal-parts' && f=$(ls *.part | head -n 1) && "
             "head -c $(($(wc -c < $f) - 1)) $f > cut && mv cut $f",
             folder);
    assert_int_equal(system(command), 0);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(1 read now, 2 already complete)"));
    assert_same_file(kept, facts);
    remove_tree(folder);
}

/* A part of the right size whose data is not what was written (a file
 * system that kept the rename but not the data leaves zeros in its place)
 * fails its checksum and is read again too. */
static void test_part_with_lost_data_is_read_again(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 2);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    char facts[512], kept[512];
    snprintf(facts, sizeof facts, "%s/out/facts.csv", folder);
    snprintf(kept, sizeof kept, "%s/facts-before.csv", folder);
    size_t length = 0;
    char *data = read_whole(facts, &length);
    assert_non_null(data);
    write_whole(kept, data, length);
    free(data);
    /* The last 40 bytes (inside the documents row) become zeros; the
     * size stays. */
    char command[1024];
    snprintf(command, sizeof command,
             "cd '%s/out/.cnfiscal-parts' && f=$(ls *.part | head -n 1) && "
             "n=$(wc -c < $f) && head -c $((n - 40)) $f > cut && "
             "head -c 40 /dev/zero >> cut && mv cut $f && test $(wc -c < $f) -eq $n",
             folder);
    assert_int_equal(system(command), 0);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(1 read now, 2 already complete)"));
    assert_same_file(kept, facts);
    /* One changed byte in the facts rows (past their doc_id) likewise. */
    snprintf(command, sizeof command,
             "cd '%s/out/.cnfiscal-parts' && f=$(ls *.part | head -n 1) && "
             "grep -q '^facts [1-9]' $f && "
             "at=$(($(head -n 6 $f | wc -c) + 20)) && "
             "printf X | dd of=$f bs=1 seek=$at conv=notrunc 2>/dev/null",
             folder);
    assert_int_equal(system(command), 0);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(1 read now, 2 already complete)"));
    assert_same_file(kept, facts);
    remove_tree(folder);
}

static void test_interrupt_keeps_parts_and_says_how_to_resume(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 3);
    pid_t pid = start_extract(folder, "doc_02.txt", "out");
    wait_for_parts(folder, "out", 2);
    kill(pid, SIGINT);
    assert_int_equal(wait_exit_status(pid), 128 + SIGINT);
    assert_true(stderr_contains(folder, "run the same command again"));
    char out[512];
    snprintf(out, sizeof out, "%s/out", folder);
    assert_false(file_exists(out, "facts.csv"));
    /* SIGTERM likewise. */
    pid = start_extract(folder, "doc_02.txt", "out");
    wait_for_parts(folder, "out", 2);
    kill(pid, SIGTERM);
    assert_int_equal(wait_exit_status(pid), 128 + SIGTERM);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(2 read now, 2 already complete)"));
    assert_true(file_exists(out, "facts.csv"));
    remove_tree(folder);
}

static void test_crash_hang_and_memory_are_recorded(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 4);
    int status =
        run_extract(folder, "CNFISCAL_TEST_CRASH_ON=doc_01.txt CNFISCAL_TEST_HANG_ON=doc_02.txt",
                    "--timeout 1 --jobs 2 in -o out");
    assert_int_equal(status, 1);
    char value[256];
    assert_string_equal(document_field(folder, "out", "doc_01.txt", "status", value, sizeof value),
                        "error");
    assert_string_equal(document_field(folder, "out", "doc_01.txt", "error", value, sizeof value),
                        "crashed (signal 11)");
    assert_string_equal(document_field(folder, "out", "doc_02.txt", "error", value, sizeof value),
                        "timed out after 1 s");
    assert_string_equal(document_field(folder, "out", "doc_00.txt", "status", value, sizeof value),
                        "ok");
    assert_string_equal(document_field(folder, "out", "doc_03.txt", "status", value, sizeof value),
                        "ok");
    assert_string_equal(document_field(folder, "out", "sample.pdf", "status", value, sizeof value),
                        "ok");
    assert_true(stderr_contains(folder, "doc_01.txt: crashed (signal 11)"));

    /* A crash is not kept as a result: the next run tries the document
     * again (its limits may have been raised). */
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_string_equal(document_field(folder, "out", "doc_01.txt", "status", value, sizeof value),
                        "ok");

#if UNDER_ADDRESS_SANITIZER
    print_message("memory limit part skipped: AddressSanitizer needs unlimited address space\n");
#else
    status = run_extract(folder, "CNFISCAL_TEST_ALLOCATE_ON=doc_03.txt",
                         "--force --max-memory 256M in -o out");
    assert_int_equal(status, 1);
    assert_string_equal(document_field(folder, "out", "doc_03.txt", "error", value, sizeof value),
                        "ran out of memory (limit 256 MiB)");
    assert_string_equal(document_field(folder, "out", "doc_00.txt", "status", value, sizeof value),
                        "ok");
#endif
    remove_tree(folder);
}

static void test_fifo_does_not_hang(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/in/pipe.txt", folder);
    assert_int_equal(mkfifo(path, 0644), 0);
    /* Given inside a folder and by name. */
    assert_int_equal(run_extract(folder, "", "in in/pipe.txt -o out"), 1);
    char value[256];
    assert_string_equal(document_field(folder, "out", "pipe.txt", "error", value, sizeof value),
                        "not a regular file");
    assert_string_equal(document_field(folder, "out", "in/pipe.txt", "error", value, sizeof value),
                        "not a regular file");
    assert_string_equal(document_field(folder, "out", "doc_00.txt", "status", value, sizeof value),
                        "ok");
    remove_tree(folder);
}

static void test_duplicates_are_read_once(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 2);
    char from[512], to[512];
    snprintf(from, sizeof from, "%s/in/doc_00.txt", folder);
    snprintf(to, sizeof to, "%s/in/doc_99_copy.txt", folder);
    size_t length = 0;
    char *data = read_whole(from, &length);
    assert_non_null(data);
    write_whole(to, data, length);
    free(data);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    char value[256], id[32], first_id[32], facts[32];
    assert_string_equal(
        document_field(folder, "out", "doc_99_copy.txt", "error", value, sizeof value),
        "duplicate of doc_00.txt");
    assert_string_equal(
        document_field(folder, "out", "doc_99_copy.txt", "status", value, sizeof value), "ok");
    assert_string_equal(
        document_field(folder, "out", "doc_99_copy.txt", "doc_id", id, sizeof id),
        document_field(folder, "out", "doc_00.txt", "doc_id", first_id, sizeof first_id));
    assert_string_equal(
        document_field(folder, "out", "doc_99_copy.txt", "facts", facts, sizeof facts), "0");
    /* No fact row carries the duplicate's name. */
    snprintf(from, sizeof from, "%s/out/facts.csv", folder);
    data = read_whole(from, NULL);
    assert_non_null(data);
    assert_null(strstr(data, "doc_99_copy.txt"));
    assert_non_null(strstr(data, "doc_00.txt"));
    free(data);
    assert_true(stderr_contains(folder, "1 duplicate"));
    remove_tree(folder);
}

/* Sorted data lines (header dropped) of a CSV file, joined. */
static char *sorted_lines(const char *path)
{
    char command[600];
    snprintf(command, sizeof command, "tail -n +2 '%s' | LC_ALL=C sort > '%s.sorted'", path, path);
    assert_int_equal(system(command), 0);
    snprintf(command, sizeof command, "%s.sorted", path);
    char *data = read_whole(command, NULL);
    assert_non_null(data);
    return data;
}

static void test_shards_partition_the_inputs(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, DOCUMENT_COUNT);
    assert_int_equal(run_extract(folder, "", "-q in -o all"), 0);
    assert_int_equal(run_extract(folder, "", "-q --shard 1/3 in -o s1"), 0);
    assert_int_equal(run_extract(folder, "", "-q --shard 2/3 in -o s2"), 0);
    assert_int_equal(run_extract(folder, "", "-q --shard 3/3 in -o s3"), 0);
    /* Concatenated without their headers, the shards hold exactly the
     * rows of the whole run. */
    char command[1024];
    static const char *const files[] = {"facts.csv", "documents.csv"};
    for (size_t f = 0; f < 2; f++) {
        snprintf(command, sizeof command,
                 "cd '%s' && { head -n 1 s1/%s; for s in s1 s2 s3; do tail -n +2 $s/%s; done; }"
                 " > joined-%s",
                 folder, files[f], files[f], files[f]);
        assert_int_equal(system(command), 0);
        char whole[512], joined[512];
        snprintf(whole, sizeof whole, "%s/all/%s", folder, files[f]);
        snprintf(joined, sizeof joined, "%s/joined-%s", folder, files[f]);
        char *a = sorted_lines(whole);
        char *b = sorted_lines(joined);
        if (f == 0) {
            assert_string_equal(a, b);
        } else {
            /* documents.csv: compare without the ms column. */
            csv_table_t left, right;
            read_table(whole, &left);
            read_table(joined, &right);
            assert_int_equal(left.count, right.count);
            for (size_t row = 1; row < left.count; row++) {
                int other = row_of(&right, csv_table_field(&left, row, 1));
                assert_true(other > 0);
                for (int column = 0; column < 11; column++)
                    assert_string_equal(csv_table_field(&left, row, column),
                                        csv_table_field(&right, (size_t)other, column));
            }
            csv_table_free(&left);
            csv_table_free(&right);
        }
        free(a);
        free(b);
    }
    /* Every shard got something (7 documents over 3 shards is not a proof
     * of balance, only that the split is not degenerate). */
    char path[512];
    size_t total = 0;
    for (int s = 1; s <= 3; s++) {
        csv_table_t table;
        snprintf(path, sizeof path, "%s/s%d/documents.csv", folder, s);
        read_table(path, &table);
        total += table.count - 1;
        csv_table_free(&table);
    }
    assert_int_equal(total, DOCUMENT_COUNT + 1);
    remove_tree(folder);
}

static void test_files_from_a_list_and_stdin(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 3);
    char path[512];
    snprintf(path, sizeof path, "%s/list.txt", folder);
    const char list[] = "in/doc_02.txt\n\nin/doc_00.txt\r\nin/missing.txt\n";
    write_whole(path, list, sizeof list - 1);
    assert_int_equal(run_extract(folder, "", "--files-from list.txt -o out"), 1);
    csv_table_t table;
    snprintf(path, sizeof path, "%s/out/documents.csv", folder);
    read_table(path, &table);
    assert_int_equal(table.count, 4);
    assert_string_equal(csv_table_field(&table, 1, 1), "in/doc_02.txt");
    assert_string_equal(csv_table_field(&table, 2, 1), "in/doc_00.txt");
    assert_string_equal(csv_table_field(&table, 3, 1), "in/missing.txt");
    assert_non_null(strstr(csv_table_field(&table, 3, 3), "cannot open"));
    csv_table_free(&table);

    char command[1024];
    snprintf(command, sizeof command,
             "cd '%s' && printf 'in/doc_01.txt\\n' | '%s' extract -q --files-from - in/doc_00.txt"
             " -o stdin-out",
             folder, CNFISCAL_BINARY);
    assert_int_equal(system(command), 0);
    snprintf(path, sizeof path, "%s/stdin-out/documents.csv", folder);
    read_table(path, &table);
    assert_int_equal(table.count, 3);
    assert_string_equal(csv_table_field(&table, 1, 1), "in/doc_00.txt");
    assert_string_equal(csv_table_field(&table, 2, 1), "in/doc_01.txt");
    csv_table_free(&table);
    remove_tree(folder);
}

static void test_force_and_changed_rules_read_again(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 2);
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(3 read now, 0 already complete)"));
    assert_int_equal(run_extract(folder, "", "in -o out"), 0);
    assert_true(stderr_contains(folder, "(0 read now, 3 already complete)"));
    assert_int_equal(run_extract(folder, "", "--force in -o out"), 0);
    assert_true(stderr_contains(folder, "(3 read now, 0 already complete)"));
    /* Other options, other parts: --no-tables changes what is written. */
    assert_int_equal(run_extract(folder, "", "--no-tables in -o out"), 0);
    assert_true(stderr_contains(folder, "(3 read now, 0 already complete)"));
    assert_true(stderr_contains(folder, "reading every document again"));
    remove_tree(folder);
}

static void test_second_run_on_the_same_folder_is_refused(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 2);
    pid_t pid = start_extract(folder, "doc_01.txt", "out");
    wait_for_parts(folder, "out", 1);
    char other[64];
    make_workspace(other, sizeof other);
    char arguments[256];
    snprintf(arguments, sizeof arguments, "'%s/in' -o '%s/out'", folder, folder);
    assert_int_equal(run_extract(other, "", arguments), 1);
    assert_true(stderr_contains(other, "another cnfiscal run is writing"));
    kill(pid, SIGTERM);
    assert_int_equal(wait_exit_status(pid), 128 + SIGTERM);
    remove_tree(other);
    remove_tree(folder);
}

static void test_option_errors(void **state)
{
    (void)state;
    char folder[64];
    make_workspace(folder, sizeof folder);
    make_documents(folder, 1);
    assert_int_equal(run_extract(folder, "", "--shard 0/2 in -o out"), 2);
    assert_true(stderr_contains(folder, "--shard"));
    assert_int_equal(run_extract(folder, "", "--shard 3/2 in -o out"), 2);
    assert_int_equal(run_extract(folder, "", "--jobs 0 in -o out"), 2);
    assert_int_equal(run_extract(folder, "", "--max-memory 12Q in -o out"), 2);
    assert_true(stderr_contains(folder, "--max-memory"));
    assert_int_equal(run_extract(folder, "", "--timeout soon in -o out"), 2);
    assert_int_equal(run_extract(folder, "", "--files-from no-such-list -o out"), 2);
    assert_false(file_exists(folder, "out/facts.csv"));
    /* Accepted spellings. */
    assert_int_equal(run_extract(folder, "", "-q --max-memory 1GiB --timeout 2m -j 1 in -o out"),
                     0);
    assert_int_equal(run_extract(folder, "", "-q --max-memory 0 --timeout 0 in -o out2"), 0);
    remove_tree(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jobs_do_not_change_the_output),
        cmocka_unit_test(test_largest_first_keeps_the_output_order),
        cmocka_unit_test(test_doc_id_matches_the_library_at_every_block_boundary),
        cmocka_unit_test(test_resume_after_kill_gives_identical_facts),
        cmocka_unit_test(test_damaged_part_is_read_again),
        cmocka_unit_test(test_part_with_lost_data_is_read_again),
        cmocka_unit_test(test_interrupt_keeps_parts_and_says_how_to_resume),
        cmocka_unit_test(test_crash_hang_and_memory_are_recorded),
        cmocka_unit_test(test_fifo_does_not_hang),
        cmocka_unit_test(test_duplicates_are_read_once),
        cmocka_unit_test(test_shards_partition_the_inputs),
        cmocka_unit_test(test_files_from_a_list_and_stdin),
        cmocka_unit_test(test_force_and_changed_rules_read_again),
        cmocka_unit_test(test_second_run_on_the_same_folder_is_refused),
        cmocka_unit_test(test_option_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
