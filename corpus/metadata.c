/*
 * metadata.c - doc_type, year and entity from a document's title page.
 *
 * Government disclosures put a title such as "XX局2024年度部门决算",
 * "2022年度XX局部门整体绩效自评结果" or "预算主管部门:XX办事处" at the top; the
 * first part of the normalized text is searched for these shapes (the title
 * lines have been joined by normalize/, so a wrapped title still reads as
 * one), and the file name is the fallback.  The shapes are a small table
 * below, tried in order.  A document_metadata_reader_t holds them compiled
 * (with the PCRE2 JIT) and its match data, so that a caller that infers
 * the metadata of many documents compiles them once; it is not shared
 * between threads.
 */
#include "corpus.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

enum { TITLE_PAGE_BYTES = 6000 };

/* Title shapes that name the entity, tried in order; group 1 is the
 * entity.  `within` limits the shape to the first bytes of the text (0: the
 * whole title page), so that "XX局2024年度部门决算" is taken from the title,
 * not from a sentence such as "纳入XX局2024年度部门决算编制范围的…". */
typedef struct {
    const char *pattern;
    size_t within;
} entity_shape_t;

#define ENTITY_BEFORE_YEAR                                                                                       \
    "(?<![\\p{Han}()])(?!第[一二三四五六七八九十]+部分)([\\p{Han}()]{2,40}?)(?:20\\d\\d)年度?(?:" \
    "区级|市级|县级)?(?:部门|单位)?(?:整体)?(?:支出)?(?:决算|预算|绩效)"

static const entity_shape_t entity_shapes[] = {
    {"预算(?:主管)?(?:部门|单位)[:：]([\\p{Han}()]{2,40}?)(?:目\\s*录|(?![\\p{Han}()]))", 0},
    {ENTITY_BEFORE_YEAR, 400},
    {"(?:20\\d\\d)年度?([\\p{Han}()]{2,40}?)(?:部门|单位)?(?:整体(?:支出)?绩效|绩效自评|绩效评价)",
     400},
    {"第一部分(?!(?:部门|单位)(?:概况|基本情况))([\\p{Han}()]{2,40}?)(?:部门|单位)?(?:概况|"
     "基本情况)",
     0},
    {ENTITY_BEFORE_YEAR, 0},
};

/* Year: the title's "2024年度部门决算", else "2022年度XX整体绩效", else the
 * first "20XX年度"; group 1 is the year. */
static const char *const year_shapes[] = {
    "(20\\d\\d)年度?(?:区级|市级|县级)?(?:部门|单位)?(?:整体)?(?:支出)?(?:决算|预算|绩效)",
    "(?<!\\d)(20\\d\\d)年度?(?=[\\p{Han}]{2,40}?(?:整体(?:支出)?绩效|绩效自评|绩效评价))",
    "(?<!\\d)(20\\d\\d)年度",
};

#define YEAR_SHAPE_COUNT (sizeof year_shapes / sizeof year_shapes[0])
#define ENTITY_SHAPE_COUNT (sizeof entity_shapes / sizeof entity_shapes[0])

/* The document type: a performance word (in the first 1500 bytes), else
 * 决算 or 预算 in the first of these shapes that matches; group 1 is the word. */
#define TYPE_SHAPE_COUNT 4
static const char *const type_shapes[TYPE_SHAPE_COUNT] = {
    "(绩效自评|绩效评价|自评报告|自评结果)",
    "(?:20\\d\\d)年度?(?:区级|市级|县级)?(?:部门|单位)?(决算|预算)",
    "(?:部门|单位)(决算|预算)",
    "(决算|预算)",
};

/* Every shape inference matches, compiled once into a reader: the type
 * shapes, then the year shapes, then the entity shapes. */
enum {
    SHAPE_TYPE_PERFORMANCE,
    SHAPE_TYPE_TITLE,
    SHAPE_TYPE_DEPARTMENT,
    SHAPE_TYPE_ANY,
    SHAPE_YEAR_FIRST = TYPE_SHAPE_COUNT,
    SHAPE_ENTITY_FIRST = SHAPE_YEAR_FIRST + YEAR_SHAPE_COUNT,
    SHAPE_COUNT = SHAPE_ENTITY_FIRST + ENTITY_SHAPE_COUNT
};

struct document_metadata_reader {
    pcre2_code *codes[SHAPE_COUNT];
    pcre2_match_data *match; /* room for the groups of every shape */
};

static const char *shape_pattern(size_t shape)
{
    if (shape < SHAPE_YEAR_FIRST)
        return type_shapes[shape];
    if (shape < SHAPE_ENTITY_FIRST)
        return year_shapes[shape - SHAPE_YEAR_FIRST];
    return entity_shapes[shape - SHAPE_ENTITY_FIRST].pattern;
}

document_metadata_reader_t *document_metadata_reader_new(void)
{
    document_metadata_reader_t *reader = calloc(1, sizeof *reader);
    if (!reader)
        return NULL;
    uint32_t most_groups = 0;
    for (size_t shape = 0; shape < SHAPE_COUNT; shape++) {
        int error_code;
        PCRE2_SIZE error_offset;
        reader->codes[shape] =
            pcre2_compile((PCRE2_SPTR)shape_pattern(shape), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP, &error_code, &error_offset, NULL);
        if (!reader->codes[shape]) {
            document_metadata_reader_free(reader);
            return NULL;
        }
        /* JIT is an optimisation: without it the interpreter matches. */
        (void)pcre2_jit_compile(reader->codes[shape], PCRE2_JIT_COMPLETE);
        uint32_t groups = 0;
        pcre2_pattern_info(reader->codes[shape], PCRE2_INFO_CAPTURECOUNT, &groups);
        if (groups > most_groups)
            most_groups = groups;
    }
    reader->match = pcre2_match_data_create(most_groups + 1, NULL);
    if (!reader->match) {
        document_metadata_reader_free(reader);
        return NULL;
    }
    return reader;
}

void document_metadata_reader_free(document_metadata_reader_t *reader)
{
    if (!reader)
        return;
    for (size_t shape = 0; shape < SHAPE_COUNT; shape++)
        pcre2_code_free(reader->codes[shape]);
    pcre2_match_data_free(reader->match);
    free(reader);
}

/* Whether text[0, length) is valid UTF-8 (utf8_decode is as strict as
 * PCRE2's own check). */
static bool valid_utf8(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t at = 0;
    while (at < length) {
        if (bytes[at] < 0x80) {
            at++;
            continue;
        }
        /* Most of the text: a three-byte character whose lead byte allows
         * no overlong form or surrogate (all but E0 and ED). */
        if (bytes[at] >= 0xE1 && bytes[at] <= 0xEF && bytes[at] != 0xED && length - at >= 3 &&
            (bytes[at + 1] & 0xC0) == 0x80 && (bytes[at + 2] & 0xC0) == 0x80) {
            at += 3;
            continue;
        }
        unsigned int code_point;
        size_t width = utf8_decode(text + at, length - at, &code_point);
        if (width == 0)
            return false;
        at += width;
    }
    return true;
}

/* Group 1 of the first match of `shape` in subject[0, length), malloc'd;
 * NULL when the shape does not match (or out of memory).  `options`:
 * PCRE2_NO_UTF_CHECK when the subject is known to be valid UTF-8. */
static char *first_group(document_metadata_reader_t *reader, size_t shape, const char *subject,
                         size_t length, uint32_t options)
{
    if (pcre2_match(reader->codes[shape], (PCRE2_SPTR)subject, length, 0, options, reader->match,
                    NULL) <= 1)
        return NULL;
    PCRE2_SIZE *vector = pcre2_get_ovector_pointer(reader->match);
    if (vector[2] == PCRE2_UNSET || vector[3] < vector[2])
        return NULL;
    size_t size = vector[3] - vector[2];
    char *result = malloc(size + 1);
    if (result) {
        memcpy(result, subject + vector[2], size);
        result[size] = '\0';
    }
    return result;
}

/* Length of the first `limit` bytes of text, cut on a UTF-8 character
 * boundary (PCRE2 refuses a subject that ends inside a character). */
static size_t prefix_length(const char *text, size_t length, size_t limit)
{
    if (length <= limit)
        return length;
    size_t end = limit;
    while (end > 0 && ((unsigned char)text[end] & 0xC0) == 0x80)
        end--;
    return end;
}

/* The shapes are matched on prefixes of text[0, length) cut between
 * characters: when the whole is valid UTF-8 so is each prefix, and PCRE2
 * need not check it again for each shape (an invalid text is left to
 * PCRE2, which matches nothing in it, as before). */
static const char *infer_type(document_metadata_reader_t *reader, const char *text, size_t length,
                              uint32_t options)
{
    char *kind = first_group(reader, SHAPE_TYPE_PERFORMANCE, text,
                             prefix_length(text, length, 1500), options);
    if (kind) {
        free(kind);
        return "performance";
    }
    for (size_t shape = SHAPE_TYPE_TITLE; !kind && shape <= SHAPE_TYPE_ANY; shape++)
        kind = first_group(reader, shape, text, length, options);
    const char *type = "unknown";
    if (kind)
        type = strcmp(kind, "决算") == 0 ? "final_accounts" : "budget";
    free(kind);
    return type;
}

static void infer_from(document_metadata_reader_t *reader, const char *text, size_t length,
                       document_metadata_t *metadata)
{
    uint32_t options = valid_utf8(text, length) ? PCRE2_NO_UTF_CHECK : 0;
    if (strcmp(metadata->doc_type, "unknown") == 0)
        metadata->doc_type = infer_type(reader, text, length, options);
    for (size_t i = 0; !metadata->year && i < YEAR_SHAPE_COUNT; i++)
        metadata->year = first_group(reader, SHAPE_YEAR_FIRST + i, text, length, options);
    for (size_t i = 0; !metadata->entity && i < ENTITY_SHAPE_COUNT; i++) {
        size_t within = entity_shapes[i].within;
        metadata->entity =
            first_group(reader, SHAPE_ENTITY_FIRST + i, text,
                        within ? prefix_length(text, length, within) : length, options);
    }
}

void document_metadata_read(document_metadata_reader_t *reader, const normalized_text_t *text,
                            const char *file_name, document_metadata_t *metadata)
{
    metadata->doc_type = "unknown";
    metadata->year = NULL;
    metadata->entity = NULL;
    if (reader && text && text->text)
        infer_from(reader, text->text, prefix_length(text->text, text->length, TITLE_PAGE_BYTES),
                   metadata);
    if (reader && file_name) {
        const char *base = strrchr(file_name, '/');
        base = base ? base + 1 : file_name;
        infer_from(reader, base, strlen(base), metadata);
    }
    if (!metadata->year)
        metadata->year = strdup("");
    if (!metadata->entity)
        metadata->entity = strdup("");
}

void document_metadata_infer(const normalized_text_t *text, const char *file_name,
                             document_metadata_t *metadata)
{
    document_metadata_reader_t *reader = document_metadata_reader_new();
    document_metadata_read(reader, text, file_name, metadata);
    document_metadata_reader_free(reader);
}

void document_metadata_free(document_metadata_t *metadata)
{
    free(metadata->year);
    free(metadata->entity);
    metadata->year = NULL;
    metadata->entity = NULL;
}
