/*
 * processor.c - runs one document through the stages.
 *
 * read bytes (regular files only, bounded size) -> doc_id -> extract ->
 * normalize -> metadata -> patterns -> facts with page, section, evidence
 * and value_wan (and tables, when asked for).  Whatever goes wrong is
 * written into the result's status and error; the caller's batch goes on.
 */
#include "corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct corpus_processor {
    const rule_set_t *rules;
    pattern_matcher_t *matcher;
    document_metadata_reader_t *metadata_reader;
    corpus_options_t options;
};

corpus_options_t corpus_default_options(void)
{
    corpus_options_t options;
    options.want_tables = true;
    options.max_file_bytes = (size_t)1 << 30;
    options.extract = extract_default_options();
    return options;
}

const char *corpus_default_patterns_directory(void)
{
    const char *from_environment = getenv("CNFISCAL_PATTERNS_DIR");
    if (from_environment && from_environment[0])
        return from_environment;
    return CNFISCAL_PATTERNS_DIR;
}

corpus_processor_t *corpus_processor_new(const rule_set_t *rules, const corpus_options_t *options)
{
    corpus_processor_t *processor = calloc(1, sizeof *processor);
    if (!processor)
        return NULL;
    processor->rules = rules;
    processor->options = options ? *options : corpus_default_options();
    processor->matcher = pattern_matcher_new(rules);
    processor->metadata_reader = document_metadata_reader_new();
    if (!processor->matcher || !processor->metadata_reader) {
        corpus_processor_free(processor);
        return NULL;
    }
    return processor;
}

void corpus_processor_free(corpus_processor_t *processor)
{
    if (!processor)
        return;
    pattern_matcher_free(processor->matcher);
    document_metadata_reader_free(processor->metadata_reader);
    free(processor);
}

void document_result_free(document_result_t *result)
{
    if (!result)
        return;
    for (size_t i = 0; i < result->fact_count; i++) {
        document_fact_t *fact = &result->facts[i];
        free(fact->fact.subject);
        free(fact->fact.value);
        free(fact->fact.unit);
        free(fact->section);
        free(fact->evidence);
        free(fact->value_wan);
    }
    free(result->facts);
    for (size_t i = 0; i < result->check_count; i++) {
        document_check_t *check = &result->checks[i];
        free(check->subject);
        free(check->stated);
        free(check->expected);
        free(check->message);
        free(check->evidence);
    }
    free(result->checks);
    table_cell_list_free(&result->tables);
    free(result->source);
    free(result->error);
    free(result->year);
    free(result->entity);
    free(result);
}

static double now_milliseconds(void)
{
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec * 1000.0 + (double)time.tv_nsec / 1e6;
}

static void set_error(document_result_t *result, const char *status, const char *message)
{
    result->status = status;
    free(result->error);
    result->error = strdup(message);
}

unsigned char *corpus_read_file(const char *path, size_t max_bytes, size_t *length, char *reason,
                                size_t reason_size)
{
    int descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (descriptor < 0) {
        snprintf(reason, reason_size, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat info;
    if (fstat(descriptor, &info) != 0) {
        snprintf(reason, reason_size, "cannot read: %s", strerror(errno));
        close(descriptor);
        return NULL;
    }
    if (!S_ISREG(info.st_mode)) {
        snprintf(reason, reason_size, "not a regular file");
        close(descriptor);
        return NULL;
    }
    size_t size = (size_t)info.st_size;
    if (max_bytes && size > max_bytes) {
        snprintf(reason, reason_size, "too large: %zu bytes (the limit is %zu)", size, max_bytes);
        close(descriptor);
        return NULL;
    }
    unsigned char *data = malloc(size ? size : 1);
    if (!data) {
        snprintf(reason, reason_size, "out of memory reading %zu bytes", size);
        close(descriptor);
        return NULL;
    }
    size_t done = 0;
    while (done < size) {
        ssize_t got = read(descriptor, data + done, size - done);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            snprintf(reason, reason_size, "cannot read: %s", strerror(errno));
            free(data);
            close(descriptor);
            return NULL;
        }
        if (got == 0)
            break; /* the file shrank while we read it: take what is there */
        done += (size_t)got;
    }
    close(descriptor);
    *length = done;
    return data;
}

/* The evidence clause on one line: newlines and tabs become spaces. */
static char *evidence_line(const char *text, size_t start, size_t end)
{
    char *line = malloc(end - start + 1);
    if (!line)
        return NULL;
    size_t out = 0;
    for (size_t i = start; i < end; i++) {
        char c = text[i];
        line[out++] = (c == '\n' || c == '\t' || c == '\r') ? ' ' : c;
    }
    while (out > 0 && line[out - 1] == ' ')
        out--;
    line[out] = '\0';
    return line;
}

static char *heading_text(const normalized_text_t *text, size_t offset)
{
    const normalize_heading_t *heading = normalized_heading_before(text, offset);
    if (!heading || heading->offset + heading->length > text->length)
        return strdup("");
    return evidence_line(text->text, heading->offset, heading->offset + heading->length);
}

/* Moves the matcher's facts into the result, adding page, section,
 * evidence and value_wan. */
static int attach_facts(document_result_t *result, const normalized_text_t *text,
                        fact_list_t *facts)
{
    if (facts->count == 0)
        return 0;
    result->facts = calloc(facts->count, sizeof *result->facts);
    if (!result->facts)
        return -1;
    for (size_t i = 0; i < facts->count; i++) {
        fact_t *fact = &facts->items[i];
        document_fact_t *out = &result->facts[i];
        size_t start = fact->evidence_start < text->length ? fact->evidence_start : text->length;
        size_t end = fact->evidence_end < text->length ? fact->evidence_end : text->length;
        if (end < start)
            end = start;
        out->fact = *fact;
        out->page = normalized_page_at(text, fact->value_offset);
        out->section = heading_text(text, fact->value_offset);
        out->evidence = evidence_line(text->text, start, end);
        out->value_wan = corpus_value_in_wan(fact->value, fact->unit);
        result->fact_count++;
        /* The strings now belong to the result. */
        fact->subject = NULL;
        fact->value = NULL;
        fact->unit = NULL;
        if (!out->section || !out->evidence || !out->value_wan)
            return -1;
    }
    facts->count = 0;
    return 0;
}

static void process_extracted(corpus_processor_t *processor, document_result_t *result,
                              const extract_document_t *document, const char *file_name)
{
    size_t page_count = document->page_count;
    const char **pages = calloc(page_count ? page_count : 1, sizeof *pages);
    size_t *lengths = calloc(page_count ? page_count : 1, sizeof *lengths);
    if (!pages || !lengths) {
        free(pages);
        free(lengths);
        set_error(result, "error", "out of memory");
        return;
    }
    for (size_t i = 0; i < page_count; i++) {
        pages[i] = document->pages[i].text;
        lengths[i] = document->pages[i].length;
    }
    char *error = NULL;
    normalized_text_t *text = normalize_pages(pages, lengths, page_count, &error);
    free(pages);
    free(lengths);
    if (!text) {
        set_error(result, "error", error ? error : "normalization failed");
        free(error);
        return;
    }

    document_metadata_t metadata;
    document_metadata_read(processor->metadata_reader, text, file_name, &metadata);
    result->doc_type = metadata.doc_type;
    free(result->year);
    free(result->entity);
    result->year = metadata.year;
    result->entity = metadata.entity;

    fact_list_t facts;
    fact_list_init(&facts);
    if (pattern_matcher_run_normalized(processor->matcher, result->doc_type, text, &facts,
                                       &error) != 0) {
        set_error(result, "error", error ? error : "rule matching failed");
        free(error);
    } else if (attach_facts(result, text, &facts) != 0 || document_check_facts(result) != 0) {
        set_error(result, "error", "out of memory");
    } else if (pattern_matcher_warning(processor->matcher)) {
        /* A rule gave up on this document (match limit): the facts of the
         * other rules stand; say which rule so the gap is visible. */
        set_error(result, result->status, pattern_matcher_warning(processor->matcher));
    }
    fact_list_free(&facts);
    normalized_text_free(text);

    if (processor->options.want_tables && strcmp(result->status, "ok") == 0) {
        if (tables_read_document(document, &result->tables, &error) != 0) {
            /* Tables are a bonus: the facts stand, the reason is kept. */
            set_error(result, "ok", error ? error : "table reconstruction failed");
            free(error);
        }
    }
}

document_result_t *corpus_process(corpus_processor_t *processor, const corpus_input_t *input)
{
    double started = now_milliseconds();
    document_result_t *result = calloc(1, sizeof *result);
    if (!result)
        return NULL;
    table_cell_list_init(&result->tables);
    result->source = strdup(input->source);
    result->error = strdup("");
    result->year = strdup("");
    result->entity = strdup("");
    result->status = "ok";
    result->doc_type = "unknown";
    if (!result->source || !result->error || !result->year || !result->entity) {
        document_result_free(result);
        return NULL;
    }

    char reason[512];
    size_t length = 0;
    unsigned char *data = corpus_read_file(input->path, processor->options.max_file_bytes, &length,
                                           reason, sizeof reason);
    if (!data) {
        set_error(result, "error", reason);
        result->milliseconds = now_milliseconds() - started;
        return result;
    }
    corpus_document_id(data, length, result->doc_id);

    extract_options_t extract_options = processor->options.extract;
    extract_options.want_glyphs = processor->options.want_tables;
    extract_document_t *document = extract_from_memory(input->path, data, length, &extract_options);
    free(data);
    if (!document) {
        set_error(result, "error", "out of memory while reading the document");
    } else {
        result->pages = document->page_count;
        if (document->status == EXTRACT_ERROR) {
            set_error(result, "error", document->error);
        } else {
            if (document->status == EXTRACT_EMPTY)
                set_error(result, "empty", document->error);
            process_extracted(processor, result, document, input->source);
        }
        extract_document_free(document);
    }
    result->milliseconds = now_milliseconds() - started;
    return result;
}
