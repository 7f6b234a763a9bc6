/*
 * metadata.c - doc_type, year and entity from a document's title page.
 *
 * Government disclosures put a title such as "XX局2024年度部门决算",
 * "2022年度XX局部门整体绩效自评结果" or "预算主管部门:XX办事处" at the top; the
 * first part of the normalized text is searched for these shapes (the title
 * lines have been joined by normalize/, so a wrapped title still reads as
 * one), and the file name is the fallback.  The shapes are a small table
 * below, tried in order.
 */
#include "corpus.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

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

static char *first_group(const char *pattern, const char *subject, size_t length)
{
    int error_code;
    PCRE2_SIZE error_offset;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP, &error_code, &error_offset, NULL);
    if (!code)
        return NULL;
    pcre2_match_data *match = pcre2_match_data_create_from_pattern(code, NULL);
    char *result = NULL;
    if (match && pcre2_match(code, (PCRE2_SPTR)subject, length, 0, 0, match, NULL) > 1) {
        PCRE2_SIZE *vector = pcre2_get_ovector_pointer(match);
        if (vector[2] != PCRE2_UNSET) {
            size_t size = vector[3] - vector[2];
            result = malloc(size + 1);
            if (result) {
                memcpy(result, subject + vector[2], size);
                result[size] = '\0';
            }
        }
    }
    pcre2_match_data_free(match);
    pcre2_code_free(code);
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

static const char *infer_type(const char *text, size_t length)
{
    char *kind = first_group("(绩效自评|绩效评价|自评报告|自评结果)", text,
                             prefix_length(text, length, 1500));
    if (kind) {
        free(kind);
        return "performance";
    }
    kind =
        first_group("(?:20\\d\\d)年度?(?:区级|市级|县级)?(?:部门|单位)?(决算|预算)", text, length);
    if (!kind)
        kind = first_group("(?:部门|单位)(决算|预算)", text, length);
    if (!kind)
        kind = first_group("(决算|预算)", text, length);
    const char *type = "unknown";
    if (kind)
        type = strcmp(kind, "决算") == 0 ? "final_accounts" : "budget";
    free(kind);
    return type;
}

static void infer_from(const char *text, size_t length, document_metadata_t *metadata)
{
    if (strcmp(metadata->doc_type, "unknown") == 0)
        metadata->doc_type = infer_type(text, length);
    /* Year: the title's "2024年度部门决算", else "2022年度XX整体绩效", else the
     * first "20XX年度". */
    static const char *const year_shapes[] = {
        "(20\\d\\d)年度?(?:区级|市级|县级)?(?:部门|单位)?(?:整体)?(?:支出)?(?:决算|预算|绩效)",
        "(?<!\\d)(20\\d\\d)年度?(?=[\\p{Han}]{2,40}?(?:整体(?:支出)?绩效|绩效自评|绩效评价))",
        "(?<!\\d)(20\\d\\d)年度",
    };
    for (size_t i = 0; !metadata->year && i < sizeof year_shapes / sizeof *year_shapes; i++)
        metadata->year = first_group(year_shapes[i], text, length);
    for (size_t i = 0; !metadata->entity && i < sizeof entity_shapes / sizeof *entity_shapes; i++) {
        size_t within = entity_shapes[i].within;
        metadata->entity = first_group(entity_shapes[i].pattern, text,
                                       within ? prefix_length(text, length, within) : length);
    }
}

void document_metadata_infer(const normalized_text_t *text, const char *file_name,
                             document_metadata_t *metadata)
{
    metadata->doc_type = "unknown";
    metadata->year = NULL;
    metadata->entity = NULL;
    if (text && text->text)
        infer_from(text->text, prefix_length(text->text, text->length, TITLE_PAGE_BYTES), metadata);
    if (file_name) {
        const char *base = strrchr(file_name, '/');
        base = base ? base + 1 : file_name;
        infer_from(base, strlen(base), metadata);
    }
    if (!metadata->year)
        metadata->year = strdup("");
    if (!metadata->entity)
        metadata->entity = strdup("");
}

void document_metadata_free(document_metadata_t *metadata)
{
    free(metadata->year);
    free(metadata->entity);
    metadata->year = NULL;
    metadata->entity = NULL;
}
