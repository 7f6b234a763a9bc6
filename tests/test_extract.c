/*
 * test_extract.c - tests of the extract stage (extract/).
 *
 * Text input (paging, line ends, BOM, invalid UTF-8), every bad-PDF fixture
 * of tests/fixtures/ (status and plain reason), the shipped sample PDF
 * (pages, Chinese text, glyph boxes, limits), damaged variants of it, and,
 * when the development corpus is present, every corpus PDF.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"

#define FIXTURE(name) CNFISCAL_SOURCE_DIR "/tests/fixtures/" name
#define SAMPLE_PDF CNFISCAL_SOURCE_DIR "/samples/sample_final_accounts.pdf"
#define CORPUS_PDF_DIR CNFISCAL_SHARED_CORPUS "/pdf"

static uint8_t *read_whole_file(const char *path, size_t *length)
{
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fail_msg("cannot open %s", path);
    }
    size_t capacity = 4096;
    size_t used = 0;
    uint8_t *data = malloc(capacity);
    assert_non_null(data);
    for (;;) {
        size_t got = fread(data + used, 1, capacity - used, file);
        used += got;
        if (used < capacity) {
            break;
        }
        capacity *= 2;
        data = realloc(data, capacity);
        assert_non_null(data);
    }
    fclose(file);
    *length = used;
    return data;
}

static extract_document_t *extract_file(const char *path, const extract_options_t *options)
{
    size_t length = 0;
    uint8_t *data = read_whole_file(path, &length);
    extract_document_t *document = extract_from_memory(path, data, length, options);
    free(data);
    assert_non_null(document);
    return document;
}

static extract_document_t *extract_string(const char *name, const char *text)
{
    extract_options_t options = extract_default_options();
    extract_document_t *document =
        extract_from_memory(name, (const uint8_t *)text, strlen(text), &options);
    assert_non_null(document);
    return document;
}

/* The text of all pages with white space removed, for checks that must not
 * depend on where lines wrap. */
static char *text_without_spaces(const extract_document_t *document)
{
    size_t total = 1;
    for (size_t i = 0; i < document->page_count; i++) {
        total += document->pages[i].length;
    }
    char *joined = malloc(total);
    assert_non_null(joined);
    size_t used = 0;
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        for (size_t j = 0; j < page->length; j++) {
            if (!isspace((unsigned char)page->text[j])) {
                joined[used++] = page->text[j];
            }
        }
    }
    joined[used] = '\0';
    return joined;
}

static size_t count_utf8_characters(const char *text, size_t length)
{
    size_t count = 0;
    for (size_t i = 0; i < length; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80) {
            count++;
        }
    }
    return count;
}

/* Structural UTF-8 check: lead bytes followed by the right number of
 * continuation bytes, nothing cut off at the end. */
static bool is_valid_utf8(const char *text, size_t length)
{
    size_t i = 0;
    while (i < length) {
        unsigned char byte = (unsigned char)text[i];
        size_t extra;
        if (byte < 0x80) {
            extra = 0;
        } else if ((byte & 0xE0) == 0xC0) {
            extra = 1;
        } else if ((byte & 0xF0) == 0xE0) {
            extra = 2;
        } else if ((byte & 0xF8) == 0xF0) {
            extra = 3;
        } else {
            return false;
        }
        if (extra > length - i - 1) {
            return false;
        }
        for (size_t k = 1; k <= extra; k++) {
            if (((unsigned char)text[i + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        i += extra + 1;
    }
    return true;
}

/* Decodes the UTF-8 character at `text` (assumed valid). */
static uint32_t decode_utf8(const char *text)
{
    const unsigned char *bytes = (const unsigned char *)text;
    if (bytes[0] < 0x80) {
        return bytes[0];
    }
    if ((bytes[0] & 0xE0) == 0xC0) {
        return ((uint32_t)(bytes[0] & 0x1F) << 6) | (bytes[1] & 0x3F);
    }
    if ((bytes[0] & 0xF0) == 0xE0) {
        return ((uint32_t)(bytes[0] & 0x0F) << 12) | ((uint32_t)(bytes[1] & 0x3F) << 6) |
               (bytes[2] & 0x3F);
    }
    return ((uint32_t)(bytes[0] & 0x07) << 18) | ((uint32_t)(bytes[1] & 0x3F) << 12) |
           ((uint32_t)(bytes[2] & 0x3F) << 6) | (bytes[3] & 0x3F);
}

/* ---- text input ---- */

static void test_text_form_feeds_split_pages(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("pages_form_feed.txt"), NULL);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->format, EXTRACT_FORMAT_TEXT);
    /* The form feed at the very end does not start a fourth page. */
    assert_int_equal(document->page_count, 3);
    assert_int_equal(document->source_page_count, 3);
    assert_false(document->truncated);
    assert_string_equal(document->pages[0].text, "第一页：收入总计为10万元。\n");
    assert_string_equal(document->pages[1].text, "第二页\n");
    assert_string_equal(document->pages[2].text, "第三页：合计5万元。\n");
    for (size_t i = 0; i < document->page_count; i++) {
        assert_int_equal(document->pages[i].length, strlen(document->pages[i].text));
        assert_null(document->pages[i].glyphs);
        assert_int_equal(document->pages[i].glyph_count, 0);
        assert_true(document->pages[i].width == 0.0);
    }
    extract_document_free(document);
}

static void test_text_crlf_and_bom(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("crlf_bom.txt"), NULL);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->page_count, 1);
    assert_string_equal(document->pages[0].text, "第一行\n第二行\n\n第三行\n旧式换行\n");
    assert_null(strchr(document->pages[0].text, '\r'));
    extract_document_free(document);
}

static void test_text_invalid_utf8_names_the_byte(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("invalid_utf8.txt"), NULL);
    assert_int_equal(document->status, EXTRACT_ERROR);
    /* "有效的开头" is 15 bytes, so the bad byte is at offset 15. */
    assert_string_equal(document->error, "not valid UTF-8 text (byte 15)");
    assert_int_equal(document->page_count, 0);
    extract_document_free(document);

    /* A NUL byte, a truncated sequence and an overlong encoding. */
    static const uint8_t with_nul[] = {'a', 'b', 0, 'c'};
    static const uint8_t cut_short[] = {'a', 0xE4, 0xB8};
    static const uint8_t overlong[] = {0xEF, 0xBB, 0xBF, 'x', 0xC0, 0xAF};
    extract_options_t options = extract_default_options();
    document = extract_from_memory("a.txt", with_nul, sizeof with_nul, &options);
    assert_non_null(document);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_string_equal(document->error, "not valid UTF-8 text (byte 2)");
    extract_document_free(document);
    document = extract_from_memory("a.txt", cut_short, sizeof cut_short, &options);
    assert_non_null(document);
    assert_string_equal(document->error, "not valid UTF-8 text (byte 1)");
    extract_document_free(document);
    document = extract_from_memory("a.txt", overlong, sizeof overlong, &options);
    assert_non_null(document);
    assert_string_equal(document->error, "not valid UTF-8 text (byte 4)");
    extract_document_free(document);
}

static void test_text_extension_and_edge_cases(void **state)
{
    extract_document_t *document = extract_string("NOTES.MD", "# 标题\n正文\f第二页");
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->format, EXTRACT_FORMAT_MARKDOWN);
    assert_int_equal(document->page_count, 2);
    assert_string_equal(document->pages[1].text, "第二页");
    extract_document_free(document);

    document = extract_string("Report.Txt", "");
    assert_int_equal(document->format, EXTRACT_FORMAT_TEXT);
    assert_int_equal(document->status, EXTRACT_EMPTY);
    assert_int_equal(document->page_count, 1);
    assert_string_equal(document->pages[0].text, "");
    extract_document_free(document);

    /* An empty page in the middle is kept, so page numbers stay right. */
    document = extract_string("a.txt", "一\f\f三");
    assert_int_equal(document->page_count, 3);
    assert_string_equal(document->pages[1].text, "");
    assert_string_equal(document->pages[2].text, "三");
    extract_document_free(document);

    /* A BOM alone is an empty text; glyphs are never made for text. */
    extract_options_t glyph_options = extract_default_options();
    glyph_options.want_glyphs = true;
    static const uint8_t only_bom[] = {0xEF, 0xBB, 0xBF};
    document = extract_from_memory("bom.txt", only_bom, sizeof only_bom, &glyph_options);
    assert_non_null(document);
    assert_int_equal(document->status, EXTRACT_EMPTY);
    assert_int_equal(document->page_count, 1);
    assert_null(document->pages[0].glyphs);
    extract_document_free(document);

    /* A NULL name or NULL data are handled. */
    extract_options_t options = extract_default_options();
    document = extract_from_memory(NULL, NULL, 0, &options);
    assert_non_null(document);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_string_equal(document->error, "not a PDF (the file is empty)");
    extract_document_free(document);
}

static void test_text_limits(void **state)
{
    const char *text = "第一页\f第二页\f第三页";
    extract_options_t options = extract_default_options();
    options.max_pages = 2;
    extract_document_t *document =
        extract_from_memory("a.txt", (const uint8_t *)text, strlen(text), &options);
    assert_non_null(document);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->page_count, 2);
    assert_int_equal(document->source_page_count, 3);
    assert_true(document->truncated);
    extract_document_free(document);

    options = extract_default_options();
    options.max_text_bytes = 2 * strlen("第一页"); /* room for two pages */
    document = extract_from_memory("a.txt", (const uint8_t *)text, strlen(text), &options);
    assert_non_null(document);
    assert_int_equal(document->page_count, 2);
    assert_true(document->truncated);
    extract_document_free(document);

    options.max_text_bytes = 3; /* not even the first page fits */
    document = extract_from_memory("a.txt", (const uint8_t *)text, strlen(text), &options);
    assert_non_null(document);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_non_null(strstr(document->error, "larger than the text limit"));
    extract_document_free(document);
}

/* ---- inputs that are not readable PDFs ---- */

static void test_not_a_pdf_fixture(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("not_a_pdf.pdf"), NULL);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_int_equal(document->format, EXTRACT_FORMAT_PDF);
    assert_int_equal(document->page_count, 0);
    assert_non_null(strstr(document->error, "not a PDF (the file starts with \"这不是PDF"));
    assert_non_null(strstr(document->error, "it looks like text)"));
    extract_document_free(document);
}

static void test_not_a_pdf_hints(void **state)
{
    struct {
        const char *bytes;
        size_t length;
        const char *hint;
    } cases[] = {
        {"<!DOCTYPE html><html><body>404</body></html>", 44, "an HTML page"},
        {"\n  <HTML>", 9, "an HTML page"},
        {"PK\x03\x04\x14\x00\x06\x00", 8, "a ZIP archive"},
        {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
        {"\xFF\xD8\xFF\xE0", 4, "a JPEG image"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "Microsoft Office"},
        {"\x01\x02\x03\xFE", 4, "binary data"},
        {"%PD", 3, "text"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        extract_options_t options = extract_default_options();
        extract_document_t *document = extract_from_memory(
            "download.pdf", (const uint8_t *)cases[i].bytes, cases[i].length, &options);
        assert_non_null(document);
        assert_int_equal(document->status, EXTRACT_ERROR);
        if (strncmp(document->error, "not a PDF (the file starts with \"", 33) != 0 ||
            strstr(document->error, cases[i].hint) == NULL) {
            fail_msg("case %zu: unexpected reason: %s", i, document->error);
        }
        /* The quoted start is printable: control bytes are escaped. */
        for (const char *p = document->error; *p != '\0'; p++) {
            assert_true((unsigned char)*p >= 0x20);
        }
        extract_document_free(document);
    }
}

static void test_truncated_pdf(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("truncated.pdf"), NULL);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_int_equal(document->page_count, 0);
    assert_non_null(strstr(document->error, "damaged or truncated PDF: "));
    assert_true(strlen(document->error) > strlen("damaged or truncated PDF: "));
    extract_document_free(document);
}

static void test_encrypted_pdf(void **state)
{
    extract_document_t *document = extract_file(FIXTURE("encrypted.pdf"), NULL);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_string_equal(document->error, "encrypted: a password is needed to open it");
    assert_int_equal(document->page_count, 0);
    extract_document_free(document);
}

static void test_blank_pdf_has_no_text_layer(void **state)
{
    extract_options_t options = extract_default_options();
    options.want_glyphs = true;
    extract_document_t *document = extract_file(FIXTURE("blank.pdf"), &options);
    assert_int_equal(document->status, EXTRACT_EMPTY);
    assert_string_equal(document->error, "no text layer (image-only pages?)");
    assert_int_equal(document->page_count, 1);
    assert_int_equal(document->source_page_count, 1);
    assert_true(document->pages[0].width > 500 && document->pages[0].height > 800);
    assert_int_equal(document->pages[0].glyph_count, 0);
    extract_document_free(document);
}

/* ---- the sample PDF ---- */

static void test_sample_pdf_pages_and_text(void **state)
{
    extract_document_t *document = extract_file(SAMPLE_PDF, NULL);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_string_equal(document->error, "");
    assert_int_equal(document->format, EXTRACT_FORMAT_PDF);
    assert_int_equal(document->page_count, 3);
    assert_int_equal(document->source_page_count, 3);
    assert_false(document->truncated);
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        assert_true(page->width > 594.9 && page->width < 595.1);
        assert_true(page->height > 841.9 && page->height < 842.1);
        assert_int_equal(page->length, strlen(page->text));
        assert_true(is_valid_utf8(page->text, page->length));
        /* Running header and page number on every page. */
        assert_non_null(strstr(page->text, "示例区文化馆2024年度部门决算"));
        char number[32];
        snprintf(number, sizeof number, "- %zu -", i + 1);
        assert_non_null(strstr(page->text, number));
        assert_null(document->pages[i].glyphs);
    }
    assert_non_null(strstr(document->pages[0].text, "第一部分 部门概况"));
    assert_non_null(strstr(document->pages[0].text, "1,234.56万元"));

    char *joined = text_without_spaces(document);
    assert_non_null(strstr(joined, "2024年度收、支总计均为1,234.56万元。与2023年度相比，"
                                   "收、支总计各增加12.3万元，增长1%。"));
    assert_non_null(strstr(joined, "“三公”经费财政拨款支出全年预算为2万元，支出决算为1.5万元，"
                                   "完成全年预算的75%。"));
    assert_non_null(strstr(joined, "一般公共服务支出(类)政府办公厅(室)及相关机构事务(款)行政运行"
                                   "(项)。年初预算为100万元，支出决算为98万元，完成年初预算的98%"
                                   "。"));
    free(joined);

    /* A sentence wraps across a line break ... */
    assert_non_null(strstr(document->pages[0].text, "各增加12.3万\n元，增长1%。"));
    /* ... and one crosses the page break. */
    assert_non_null(strstr(document->pages[1].text, "政府采购服务支\n"));
    assert_non_null(strstr(document->pages[2].text, "出20万元。"));
    extract_document_free(document);
}

static void test_sample_pdf_glyphs_are_consistent(void **state)
{
    extract_options_t options = extract_default_options();
    options.want_glyphs = true;
    extract_document_t *document = extract_file(SAMPLE_PDF, &options);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->page_count, 3);
    for (size_t i = 0; i < document->page_count; i++) {
        const extract_page_t *page = &document->pages[i];
        assert_non_null(page->glyphs);
        assert_int_equal(page->glyph_count, count_utf8_characters(page->text, page->length));
        uint32_t previous_offset = 0;
        float header_bottom = 0;
        float footer_top = 0;
        for (size_t g = 0; g < page->glyph_count; g++) {
            const extract_glyph_t *glyph = &page->glyphs[g];
            assert_true(glyph->byte_offset < page->length);
            if (g > 0) {
                assert_true(glyph->byte_offset > previous_offset);
            }
            previous_offset = glyph->byte_offset;
            assert_int_equal(glyph->codepoint, decode_utf8(page->text + glyph->byte_offset));
            assert_true(glyph->x1 >= 0 && glyph->x1 <= glyph->x2 && glyph->x2 <= page->width);
            assert_true(glyph->y1 >= 0 && glyph->y1 <= glyph->y2 && glyph->y2 <= page->height);
            if (g == 0) {
                header_bottom = glyph->y2;
            }
            if (glyph->codepoint == 0x9986) { /* 馆: a full-width glyph has a real box */
                assert_true(glyph->x2 - glyph->x1 > 5);
                assert_true(glyph->y2 - glyph->y1 > 5);
            }
            if (glyph->codepoint == '-') {
                footer_top = glyph->y1;
            }
        }
        /* y grows downwards: the header is above the page number. */
        assert_true(header_bottom > 0 && header_bottom < 100);
        assert_true(footer_top > header_bottom && footer_top > 750);
    }
    extract_document_free(document);
}

static void test_sample_pdf_limits(void **state)
{
    extract_options_t options = extract_default_options();
    options.max_pages = 2;
    extract_document_t *document = extract_file(SAMPLE_PDF, &options);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->page_count, 2);
    assert_int_equal(document->source_page_count, 3);
    assert_true(document->truncated);
    size_t first_page_length = document->pages[0].length;
    extract_document_free(document);

    options = extract_default_options();
    options.max_text_bytes = first_page_length + 1;
    document = extract_file(SAMPLE_PDF, &options);
    assert_int_equal(document->status, EXTRACT_OK);
    assert_int_equal(document->page_count, 1);
    assert_true(document->truncated);
    extract_document_free(document);

    options.max_text_bytes = 10;
    document = extract_file(SAMPLE_PDF, &options);
    assert_int_equal(document->status, EXTRACT_ERROR);
    assert_int_equal(document->page_count, 0);
    extract_document_free(document);
}

/* Cut and mangled copies of the sample must never crash, and whatever comes
 * back must be well formed (the sanitizer build checks memory safety). */
static void test_damaged_copies_are_handled(void **state)
{
    size_t length = 0;
    uint8_t *original = read_whole_file(SAMPLE_PDF, &length);
    uint8_t *copy = malloc(length);
    assert_non_null(copy);
    extract_options_t options = extract_default_options();
    options.want_glyphs = true;
    uint32_t random_state = 12345;
    for (int round = 0; round < 60; round++) {
        memcpy(copy, original, length);
        size_t used = length;
        if (round < 20) {
            used = (size_t)round * length / 20; /* truncations, including empty */
        } else {
            for (int k = 0; k < 8; k++) {
                random_state = random_state * 1103515245u + 12345u;
                size_t position = 16 + (random_state >> 8) % (length - 16);
                copy[position] = (uint8_t)(random_state >> 3);
            }
        }
        extract_document_t *document = extract_from_memory("x.pdf", copy, used, &options);
        assert_non_null(document);
        assert_true(document->status == EXTRACT_OK || document->status == EXTRACT_EMPTY ||
                    document->status == EXTRACT_ERROR);
        if (document->status != EXTRACT_OK) {
            assert_true(strlen(document->error) > 0);
        }
        assert_true(document->page_count <= document->source_page_count);
        for (size_t i = 0; i < document->page_count; i++) {
            const extract_page_t *page = &document->pages[i];
            assert_true(is_valid_utf8(page->text, page->length));
            assert_true(page->glyph_count == 0 ||
                        page->glyph_count == count_utf8_characters(page->text, page->length));
        }
        extract_document_free(document);
    }
    free(copy);
    free(original);
}

static void test_header_after_leading_junk(void **state)
{
    size_t length = 0;
    uint8_t *original = read_whole_file(SAMPLE_PDF, &length);
    static const char junk[] = "junk before the header\n";
    uint8_t *shifted = malloc(length + sizeof junk - 1);
    assert_non_null(shifted);
    memcpy(shifted, junk, sizeof junk - 1);
    memcpy(shifted + sizeof junk - 1, original, length);
    extract_options_t options = extract_default_options();
    extract_document_t *document =
        extract_from_memory("x.PDF", shifted, length + sizeof junk - 1, &options);
    assert_non_null(document);
    /* Taken for a PDF (the header is within the first 1024 bytes). */
    assert_null(strstr(document->error, "not a PDF"));
    extract_document_free(document);
    free(shifted);
    free(original);
}

static void test_backend_version(void **state)
{
    const char *version = extract_backend_version();
    assert_non_null(version);
    assert_true(isdigit((unsigned char)version[0]));
    assert_non_null(strchr(version, '.'));
}

/* ---- the development corpus ---- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus_pdfs(void **state)
{
    DIR *directory = opendir(CORPUS_PDF_DIR);
    if (directory == NULL) {
        print_message("corpus not found at %s: skipping\n", CORPUS_PDF_DIR);
        skip();
    }
    char *names[64];
    size_t name_count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL && name_count < 64) {
        size_t length = strlen(entry->d_name);
        if (length > 4 && strcmp(entry->d_name + length - 4, ".pdf") == 0) {
            names[name_count++] = strdup(entry->d_name);
        }
    }
    closedir(directory);
    qsort(names, name_count, sizeof names[0], compare_names);
    /* Page counts from pdfinfo, in byte order of the file names. */
    static const size_t expected_pages[] = {33, 22, 22, 25, 24, 23};
    assert_int_equal(name_count, sizeof expected_pages / sizeof expected_pages[0]);

    extract_options_t options = extract_default_options();
    options.want_glyphs = true;
    for (size_t i = 0; i < name_count; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", CORPUS_PDF_DIR, names[i]);
        extract_document_t *document = extract_file(path, &options);
        if (document->status != EXTRACT_OK) {
            fail_msg("%s: status %d: %s", names[i], document->status, document->error);
        }
        assert_int_equal(document->page_count, expected_pages[i]);
        char *joined = text_without_spaces(document);
        /* Chinese text came through the CMaps: every document talks of 预算. */
        assert_non_null(strstr(joined, "预算"));
        free(joined);
        for (size_t p = 0; p < document->page_count; p++) {
            const extract_page_t *page = &document->pages[p];
            assert_true(is_valid_utf8(page->text, page->length));
            if (page->length > 0) {
                assert_int_equal(page->glyph_count,
                                 count_utf8_characters(page->text, page->length));
            }
        }
        extract_document_free(document);
        free(names[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_form_feeds_split_pages),
        cmocka_unit_test(test_text_crlf_and_bom),
        cmocka_unit_test(test_text_invalid_utf8_names_the_byte),
        cmocka_unit_test(test_text_extension_and_edge_cases),
        cmocka_unit_test(test_text_limits),
        cmocka_unit_test(test_not_a_pdf_fixture),
        cmocka_unit_test(test_not_a_pdf_hints),
        cmocka_unit_test(test_truncated_pdf),
        cmocka_unit_test(test_encrypted_pdf),
        cmocka_unit_test(test_blank_pdf_has_no_text_layer),
        cmocka_unit_test(test_sample_pdf_pages_and_text),
        cmocka_unit_test(test_sample_pdf_glyphs_are_consistent),
        cmocka_unit_test(test_sample_pdf_limits),
        cmocka_unit_test(test_damaged_copies_are_handled),
        cmocka_unit_test(test_header_after_leading_junk),
        cmocka_unit_test(test_backend_version),
        cmocka_unit_test(test_corpus_pdfs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
