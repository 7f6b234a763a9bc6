/*
 * normalize.c - the normalize stage's entry points (see normalize.h).
 *
 * Three passes over a document, each linear in its size:
 *   1. every raw line of every page is folded (unicode_fold.c) and cleaned
 *      (line_clean.c) into one arena; blank lines are only counted, tab-led
 *      cell lines are gathered into rows, and each line is classified
 *      (line_kind.c);
 *   2. page numbers and running headers are marked (page_furniture.c);
 *   3. the remaining lines are joined into paragraphs, one output line each,
 *      while page_starts and the headings are recorded in output offsets.
 */
#include "normalize.h"

#include <stdbool.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "byte_scan.h"
#include "line_clean.h"
#include "line_kind.h"
#include "normalize_lines.h"
#include "page_furniture.h"
#include "text_buffer.h"
#include "unicode_fold.h"

#define HEADING_MAX_CHARACTERS 50      /* levels 1-3 */
#define LIST_HEADING_MAX_CHARACTERS 40 /* level 4, and short lines that end a paragraph */
#define WIDTH_HISTOGRAM_SIZE 1024
#define WRAP_MIN_WIDTH 30     /* narrower clusters are lists or tables, not wrapped text */
#define WRAP_CLUSTER_SPREAD 4 /* wrapped lines end within this many columns */
#define WRAP_FULL_PERCENT 80  /* a line this wide (percent of the wrap width) was wrapped */

typedef struct {
    unicode_folder_t *folder;
    text_buffer_t arena;  /* cleaned lines */
    text_buffer_t folded; /* one folded raw line */
    normalize_line_t *lines;
    size_t line_count;
    size_t line_capacity;
    size_t *page_first_line; /* page_count + 1 */
    size_t page_count;
    unsigned int *width_histogram; /* WIDTH_HISTOGRAM_SIZE + 1, reused per page */
    char **error;
} normalize_build_t;

static void set_error(char **error, const char *message)
{
    if (error && !*error) {
        size_t size = strlen(message) + 1;
        *error = malloc(size);
        if (*error)
            memcpy(*error, message, size);
    }
}

static normalize_line_t *add_line(normalize_build_t *build)
{
    if (build->line_count == build->line_capacity) {
        size_t capacity = build->line_capacity ? build->line_capacity * 2 : 256;
        if (capacity > SIZE_MAX / sizeof(normalize_line_t))
            return NULL;
        normalize_line_t *lines = realloc(build->lines, capacity * sizeof *lines);
        if (!lines)
            return NULL;
        build->lines = lines;
        build->line_capacity = capacity;
    }
    normalize_line_t *line = &build->lines[build->line_count++];
    memset(line, 0, sizeof *line);
    return line;
}

/* Records the text appended to the arena since `start` as a line of `page`. */
static normalize_line_t *add_text_line(normalize_build_t *build, size_t start, size_t page,
                                       unsigned int blank_count)
{
    normalize_line_t *line = add_line(build);
    if (!line) {
        set_error(build->error, "out of memory while normalizing text");
        return NULL;
    }
    line->offset = start;
    line->length = build->arena.length - start;
    line->page = page;
    line->blank_before = blank_count;
    return line;
}

/* Display columns of a raw line, leading spaces and tabs excluded: what
 * the layout wrapped on (full-width punctuation is 2 columns there, even
 * though folding makes it ASCII).  Capped just below UINT32_MAX. */
static unsigned int raw_display_width(const char *raw, size_t length)
{
    size_t i = 0;
    while (i < length && (raw[i] == ' ' || raw[i] == '\t'))
        i++;
    unsigned int width = 0;
    for (; i < length && width < UINT32_MAX - 2; i++) {
        unsigned char byte = (unsigned char)raw[i];
        if (byte < 0x80)
            width += 1;
        else if (byte >= 0xE0)
            width += 2; /* a three- or four-byte character: CJK and full-width forms */
        else if (byte >= 0xC0)
            width += 1;
    }
    return width;
}

/* Folds and cleans raw[0..length) onto the end of the arena: in one pass
 * when the line allows it, else folded into build->folded first.  The
 * counts are as line_clean gives them; *raw_width (when not NULL) is the
 * raw line's raw_display_width, which the one pass measures on its way
 * (exactly, on lines too short to reach the cap). */
static int fold_and_clean(normalize_build_t *build, const char *raw, size_t length,
                          bool *markdown_heading, line_counts_t *counts, bool *counts_known,
                          unsigned int *raw_width)
{
    size_t measured = 0;
    int single_pass = line_fold_and_clean(raw, length, &build->arena, markdown_heading, counts,
                                          counts_known, raw_width ? &measured : NULL);
    if (single_pass <= 0) {
        if (single_pass < 0)
            set_error(build->error, "out of memory while normalizing text");
        else if (raw_width)
            *raw_width = length < (UINT32_MAX - 2) / 2 ? (unsigned int)measured
                                                       : raw_display_width(raw, length);
        return single_pass;
    }
    if (raw_width)
        *raw_width = raw_display_width(raw, length);
    build->folded.length = 0;
    if (unicode_fold_line(build->folder, raw, length, &build->folded, build->error) != 0)
        return -1;
    if (line_clean(build->folded.data ? build->folded.data : "", build->folded.length,
                   &build->arena, markdown_heading, counts, counts_known) != 0) {
        set_error(build->error, "out of memory while normalizing text");
        return -1;
    }
    return 0;
}

/* Whether a raw line holds nothing but ASCII whitespace and control
 * characters, which folding keeps and cleaning removes: half the lines of
 * extracted text are blank, and these need neither step. */
static bool is_ascii_blank(const char *raw, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        unsigned char byte = (unsigned char)raw[i];
        if (byte > 0x20 && byte != 0x7F)
            return false;
    }
    return true;
}

/* Pass 1 for one page: raw lines -> cleaned, classified lines. */
static int read_page(normalize_build_t *build, size_t page, const char *text, size_t length)
{
    unsigned int blank_count = 0;
    bool row_open = false; /* the last line is a row still taking cells */
    size_t position = 0;
    while (position < length) {
        size_t end = position + byte_scan_line_end(text + position, length - position);
        const char *raw = text + position;
        size_t raw_length = end - position;
        /* one line break: "\r\n" counts once */
        position = end;
        if (position < length && text[position] == '\r' && position + 1 < length &&
            text[position + 1] == '\n')
            position++;
        if (position < length)
            position++;

        bool markdown_heading = false;
        line_counts_t counts;
        bool counts_known = false;
        unsigned int raw_width = 0;
        size_t start = build->arena.length;
        if (raw_length > 0 && raw[0] == '\t') {
            /* A table cell: gathered into the current row. */
            if (row_open) {
                if (text_buffer_append_byte(&build->arena, '\t') != 0) {
                    set_error(build->error, "out of memory while normalizing text");
                    return -1;
                }
            }
            /* rows are not classified: their counts are not needed */
            if (fold_and_clean(build, raw + 1, raw_length - 1, &markdown_heading, NULL, NULL,
                               NULL) != 0)
                return -1;
            if (row_open) {
                normalize_line_t *row = &build->lines[build->line_count - 1];
                row->length = build->arena.length - row->offset;
                continue;
            }
            normalize_line_t *line = add_text_line(build, start, page, blank_count);
            if (!line)
                return -1;
            line->row = true;
            blank_count = 0;
            row_open = true;
            continue;
        }
        row_open = false;
        if (!is_ascii_blank(raw, raw_length) &&
            fold_and_clean(build, raw, raw_length, &markdown_heading, &counts, &counts_known,
                           &raw_width) != 0)
            return -1;
        if (build->arena.length == start) {
            if (blank_count < 1000)
                blank_count++;
            continue;
        }
        normalize_line_t *line = add_text_line(build, start, page, blank_count);
        if (!line)
            return -1;
        line->raw_width = raw_width;
        line->markdown_heading = markdown_heading;
        line->counts = counts;
        line->counts_known = counts_known;
        blank_count = 0;
    }
    return 0;
}

/* Classifies the lines of one page and finds its wrap width: the width
 * most wrapped lines reach.  A page without a clear cluster (one paragraph
 * per line, tables) has none, and then no line counts as full. */
static void classify_page(normalize_build_t *build, size_t page)
{
    size_t first = build->page_first_line[page];
    size_t end = build->page_first_line[page + 1];
    unsigned int *histogram = build->width_histogram;
    memset(histogram, 0, (WIDTH_HISTOGRAM_SIZE + 1) * sizeof *histogram);
    size_t wide_lines = 0;
    for (size_t i = first; i < end; i++) {
        normalize_line_t *line = &build->lines[i];
        if (line->row) {
            bool all_tabs = true;
            for (size_t k = 0; k < line->length; k++)
                if (build->arena.data[line->offset + k] != '\t')
                    all_tabs = false;
            line->dropped = all_tabs; /* a row of empty cells */
            continue;
        }
        const char *text = build->arena.data + line->offset;
        if (line->counts_known)
            line_kind_classify_counted(text, line->length, &line->counts, &line->kind);
        else
            line_kind_classify(text, line->length, &line->kind);
        unsigned int width = line->raw_width;
        if (width >= WRAP_MIN_WIDTH && width <= WIDTH_HISTOGRAM_SIZE) {
            histogram[width]++;
            wide_lines++;
        }
    }
    unsigned int wrap_width = 0;
    size_t best = 0;
    size_t window = 0;
    for (unsigned int w = WRAP_MIN_WIDTH; w <= WIDTH_HISTOGRAM_SIZE; w++) {
        window += histogram[w];
        if (w >= WRAP_MIN_WIDTH + WRAP_CLUSTER_SPREAD + 1)
            window -= histogram[w - WRAP_CLUSTER_SPREAD - 1];
        if (window > best) {
            best = window;
            wrap_width = w;
        }
    }
    if (best < 3 || best * 4 < wide_lines)
        wrap_width = 0;
    for (size_t i = first; i < end; i++) {
        normalize_line_t *line = &build->lines[i];
        line->on_wrapped_page = wrap_width > 0;
        line->full = wrap_width > 0 && !line->row &&
                     (uint64_t)line->raw_width * 100 >= (uint64_t)wrap_width * WRAP_FULL_PERCENT;
    }
}

/* Whether line `next` continues the paragraph whose last line is `last`. */
static bool continues(const normalize_line_t *last, const normalize_line_t *next)
{
    if (last->row || next->row || last->markdown_heading || next->markdown_heading)
        return false;
    if (last->kind.ends_sentence || next->kind.starts_item)
        return false;
    if (last->full)
        return true;
    /* On a page of wrapped text a short line that does not end with 、 , or :
     * is a title, a caption or a cell: the layout broke it on purpose. */
    if (last->on_wrapped_page && !last->kind.ends_with_continuation)
        return false;
    if (line_kind_is_heading_like(&last->kind, LIST_HEADING_MAX_CHARACTERS))
        return false;
    if (last->kind.starts_item && last->kind.marker_level == 0 &&
        last->kind.characters <= LIST_HEADING_MAX_CHARACTERS)
        return false; /* a caption or a lettered item */
    if (last->kind.ends_with_close_paren)
        return false; /* "(设置分值2分,得2分)" closes a paragraph of unwrapped text */
    return true;
}

static bool is_ascii_alphanumeric(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A join keeps one space between numbers (never glue two digits) and
 * around a number-only line, and between ASCII words. */
static bool join_needs_space(const text_buffer_t *out, const normalize_line_t *last,
                             const normalize_line_t *next, const char *next_text)
{
    if (last->kind.number_only || next->kind.number_only)
        return true;
    if (out->length == 0 || next->length == 0)
        return false;
    return is_ascii_alphanumeric(out->data[out->length - 1]) && is_ascii_alphanumeric(next_text[0]);
}

typedef struct {
    normalize_heading_t *items;
    size_t count;
    size_t capacity;
} heading_list_t;

/* A paragraph being assembled: where it starts in the output, its first
 * line, how many lines it joins and how many characters they hold. */
typedef struct {
    size_t start;
    const normalize_line_t *first_line;
    size_t line_count;
    size_t characters; /* the lines' counts plus the joining spaces */
} paragraph_t;

/* Records the paragraph out[paragraph->start..end) as a heading when it is
 * one.  A one-line paragraph is the text its line was classified from, so
 * that line's kind is the paragraph's; a longer one is classified anew,
 * unless its character count -- the sum over its lines and spaces, since
 * counting goes byte by byte (line_kind.h) -- already rules it out. */
static int record_heading(heading_list_t *headings, const text_buffer_t *out,
                          const paragraph_t *paragraph, size_t end)
{
    const normalize_line_t *first_line = paragraph->first_line;
    int level = first_line->kind.marker_level;
    if (level < 1 || first_line->row)
        return 0;
    size_t start = paragraph->start;
    size_t max_characters = level <= 3 ? HEADING_MAX_CHARACTERS : LIST_HEADING_MAX_CHARACTERS;
    line_kind_t kind;
    if (paragraph->line_count == 1) {
        kind = first_line->kind;
    } else {
        /* Each line's count is exact: no line is longer than UINT_MAX bytes. */
        if (end - start <= UINT_MAX && paragraph->characters > max_characters)
            return 0;
        line_kind_classify(out->data + start, end - start, &kind);
    }
    if (kind.has_clause_punctuation || kind.ends_with_continuation)
        return 0;
    if (kind.characters > max_characters)
        return 0;
    if (level == 4 && kind.ends_sentence)
        return 0;
    if (headings->count == headings->capacity) {
        size_t capacity = headings->capacity ? headings->capacity * 2 : 32;
        normalize_heading_t *items = realloc(headings->items, capacity * sizeof *items);
        if (!items)
            return -1;
        headings->items = items;
        headings->capacity = capacity;
    }
    normalize_heading_t *heading = &headings->items[headings->count++];
    heading->offset = start;
    heading->length = end - start;
    heading->level = level;
    return 0;
}

/* Pass 3: joins the kept lines into the result. */
static normalized_text_t *assemble(normalize_build_t *build)
{
    normalized_text_t *result = calloc(1, sizeof *result);
    heading_list_t headings = {0};
    text_buffer_t out;
    text_buffer_init(&out);
    if (!result)
        goto out_of_memory;
    result->page_count = build->page_count;
    result->page_starts = calloc(build->page_count ? build->page_count : 1, sizeof(size_t));
    if (!result->page_starts)
        goto out_of_memory;
    /* Every line adds at most one separator or line end. */
    if (build->line_count > SIZE_MAX - build->arena.length - 1 ||
        text_buffer_reserve(&out, build->arena.length + build->line_count + 1) != 0)
        goto out_of_memory;

    size_t next_page = 0; /* first page whose start is not yet known */
    const normalize_line_t *last = NULL;
    paragraph_t paragraph = {0};
    for (size_t i = 0; i < build->line_count; i++) {
        const normalize_line_t *line = &build->lines[i];
        if (line->dropped || line->length == 0)
            continue;
        const char *text = build->arena.data + line->offset;
        bool join = last && continues(last, line);
        if (join) {
            if (join_needs_space(&out, last, line, text)) {
                out.data[out.length++] = ' ';
                paragraph.characters++;
            }
        } else if (last) {
            if (record_heading(&headings, &out, &paragraph, out.length) != 0)
                goto out_of_memory;
            out.data[out.length++] = '\n';
        }
        while (next_page <= line->page && next_page < build->page_count)
            result->page_starts[next_page++] = out.length;
        if (!join) {
            paragraph.start = out.length;
            paragraph.first_line = line;
            paragraph.line_count = 0;
            paragraph.characters = 0;
        }
        paragraph.line_count++;
        paragraph.characters += line->kind.characters;
        memcpy(out.data + out.length, text, line->length);
        out.length += line->length;
        last = line;
    }
    if (last) {
        if (record_heading(&headings, &out, &paragraph, out.length) != 0)
            goto out_of_memory;
        out.data[out.length++] = '\n';
    }
    while (next_page < build->page_count)
        result->page_starts[next_page++] = out.length;
    if (text_buffer_reserve(&out, 1) != 0)
        goto out_of_memory;
    out.data[out.length] = '\0';
    result->text = out.data;
    result->length = out.length;
    result->headings = headings.items;
    result->heading_count = headings.count;
    return result;

out_of_memory:
    set_error(build->error, "out of memory while normalizing text");
    text_buffer_free(&out);
    free(headings.items);
    normalized_text_free(result);
    return NULL;
}

static void build_free(normalize_build_t *build)
{
    unicode_folder_free(build->folder);
    text_buffer_free(&build->arena);
    text_buffer_free(&build->folded);
    free(build->lines);
    free(build->page_first_line);
    free(build->width_histogram);
}

normalized_text_t *normalize_pages(const char *const *pages, const size_t *lengths,
                                   size_t page_count, char **error)
{
    if (error)
        *error = NULL;
    if (page_count > 0 && (!pages || !lengths)) {
        set_error(error, "normalize_pages was given pages without texts or lengths");
        return NULL;
    }
    normalize_build_t build = {0};
    build.error = error;
    text_buffer_init(&build.arena);
    text_buffer_init(&build.folded);
    normalized_text_t *result = NULL;
    build.folder = unicode_folder_new(error);
    if (!build.folder)
        goto done;
    build.page_count = page_count;
    if (page_count > SIZE_MAX / sizeof(size_t) - 1)
        goto out_of_memory;
    build.page_first_line = calloc(page_count + 1, sizeof(size_t));
    build.width_histogram = calloc(WIDTH_HISTOGRAM_SIZE + 1, sizeof(unsigned int));
    if (!build.page_first_line || !build.width_histogram)
        goto out_of_memory;
    size_t total = 0;
    for (size_t page = 0; page < page_count; page++) {
        if (!pages[page] && lengths[page] > 0) {
            set_error(error, "normalize_pages was given a page without text");
            goto done;
        }
        if (lengths[page] > SIZE_MAX / 4 - total)
            goto out_of_memory;
        total += lengths[page];
    }
    if (text_buffer_reserve(&build.arena, total + total / 8 + 16) != 0)
        goto out_of_memory;
    for (size_t page = 0; page < page_count; page++) {
        build.page_first_line[page] = build.line_count;
        if (read_page(&build, page, pages[page] ? pages[page] : "", lengths[page]) != 0)
            goto done;
    }
    build.page_first_line[page_count] = build.line_count;
    for (size_t page = 0; page < page_count; page++)
        classify_page(&build, page);

    normalize_document_lines_t document = {
        .arena = build.arena.data ? build.arena.data : "",
        .lines = build.lines,
        .line_count = build.line_count,
        .page_first_line = build.page_first_line,
        .page_count = page_count,
    };
    if (page_furniture_mark(&document) != 0)
        goto out_of_memory;
    result = assemble(&build);
    goto done;

out_of_memory:
    set_error(error, "out of memory while normalizing text");
done:
    build_free(&build);
    return result;
}

normalized_text_t *normalize_text(const char *text, size_t length, char **error)
{
    const char *pages[1] = {text ? text : ""};
    size_t lengths[1] = {text ? length : 0};
    return normalize_pages(pages, lengths, 1, error);
}

void normalized_text_free(normalized_text_t *text)
{
    if (!text)
        return;
    free(text->text);
    free(text->page_starts);
    free(text->headings);
    free(text);
}

size_t normalized_page_at(const normalized_text_t *text, size_t offset)
{
    if (!text || text->page_count == 0)
        return 1;
    /* The last page whose start is at or before offset: an empty page
     * shares its start with the next page, which holds the text there. */
    size_t low = 0;
    size_t high = text->page_count; /* answer in [low, high) */
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (text->page_starts[middle] <= offset)
            low = middle;
        else
            high = middle;
    }
    return low + 1;
}

const normalize_heading_t *normalized_heading_before(const normalized_text_t *text, size_t offset)
{
    if (!text || text->heading_count == 0 || text->headings[0].offset > offset)
        return NULL;
    size_t low = 0;
    size_t high = text->heading_count;
    while (high - low > 1) {
        size_t middle = low + (high - low) / 2;
        if (text->headings[middle].offset <= offset)
            low = middle;
        else
            high = middle;
    }
    return &text->headings[low];
}
