/*
 * extract_sniff.c - is it a PDF, and if not, what does it look like?
 *
 * A batch of downloaded "PDFs" holds HTML error pages, ZIP archives (OFD,
 * DOCX), scanned images and empty files.  The reason recorded for such a
 * file quotes its first bytes and names the likely kind, so that a person
 * can tell at once what went wrong with the download.
 */
#include "extract_internal.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

enum { PDF_HEADER_WINDOW = 1024, QUOTE_BYTES = 24 };

bool extract_looks_like_pdf(const uint8_t *data, size_t length)
{
    static const char header[] = "%PDF-";
    size_t header_length = sizeof header - 1;
    size_t window = length < PDF_HEADER_WINDOW ? length : PDF_HEADER_WINDOW;
    if (window < header_length) {
        return false;
    }
    for (size_t i = 0; i + header_length <= window; i++) {
        if (memcmp(data + i, header, header_length) == 0) {
            return true;
        }
    }
    return false;
}

static bool starts_with(const uint8_t *data, size_t length, const char *prefix,
                        size_t prefix_length)
{
    return length >= prefix_length && memcmp(data, prefix, prefix_length) == 0;
}

/* Whether the text after leading white space starts with `word`, ignoring
 * ASCII case. */
static bool text_starts_with_word(const uint8_t *data, size_t length, const char *word)
{
    size_t i = 0;
    while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n' ||
                          data[i] == 0xEF || data[i] == 0xBB || data[i] == 0xBF)) {
        i++;
    }
    size_t word_length = strlen(word);
    return length - i >= word_length &&
           g_ascii_strncasecmp((const char *)data + i, word, word_length) == 0;
}

/* Whether the first `window` bytes are UTF-8 text without control
 * characters other than white space.  When the window was cut from a longer
 * file, a character cut off at its end is allowed. */
static bool looks_like_text(const uint8_t *data, size_t window, bool window_is_cut)
{
    const gchar *end = NULL;
    if (!g_utf8_validate_len((const gchar *)data, (gssize)window, &end)) {
        size_t valid = (size_t)((const uint8_t *)end - data);
        if (!window_is_cut || valid + 4 <= window || data[valid] < 0xC0) {
            return false;
        }
        window = valid;
    }
    for (size_t i = 0; i < window; i++) {
        if ((data[i] < 0x20 && data[i] != '\t' && data[i] != '\n' && data[i] != '\r' &&
             data[i] != '\f') ||
            data[i] == 0x7F) {
            return false;
        }
    }
    return true;
}

static const char *guess_kind(const uint8_t *data, size_t length)
{
    size_t window = length < PDF_HEADER_WINDOW ? length : PDF_HEADER_WINDOW;
    if (starts_with(data, length, "PK\x03\x04", 4)) {
        return "a ZIP archive, perhaps OFD, DOCX or XLSX";
    }
    if (starts_with(data, length, "\xD0\xCF\x11\xE0", 4)) {
        return "an old Microsoft Office file, perhaps DOC or XLS";
    }
    if (starts_with(data, length, "\x89PNG", 4)) {
        return "a PNG image";
    }
    if (starts_with(data, length, "\xFF\xD8\xFF", 3)) {
        return "a JPEG image";
    }
    if (starts_with(data, length, "GIF8", 4)) {
        return "a GIF image";
    }
    if (starts_with(data, length, "Rar!", 4)) {
        return "a RAR archive";
    }
    if (starts_with(data, length, "\x1F\x8B", 2)) {
        return "a gzip archive";
    }
    if (starts_with(data, length, "7z\xBC\xAF", 4)) {
        return "a 7-Zip archive";
    }
    if (text_starts_with_word(data, window, "<!DOCTYPE html") ||
        text_starts_with_word(data, window, "<html") ||
        text_starts_with_word(data, window, "<head")) {
        return "an HTML page, perhaps a web site's error page";
    }
    if (text_starts_with_word(data, window, "<?xml")) {
        return "an XML file";
    }
    if (text_starts_with_word(data, window, "{") || text_starts_with_word(data, window, "[")) {
        return "JSON or other text";
    }
    if (looks_like_text(data, window, length > window)) {
        return "text";
    }
    return "binary data of an unknown kind";
}

/* Appends the first bytes of `data` to `out` as a quoted, printable string:
 * whole UTF-8 characters are kept, other bytes are written as \xNN. */
static void quote_start(const uint8_t *data, size_t length, char *out, size_t out_size)
{
    size_t used = strlen(out);
    size_t limit = length < QUOTE_BYTES ? length : QUOTE_BYTES;
    size_t i = 0;
    while (i < limit) {
        char piece[16];
        size_t step = 1;
        uint8_t byte = data[i];
        if (byte == '"' || byte == '\\') {
            snprintf(piece, sizeof piece, "\\%c", byte);
        } else if (byte == '\n') {
            snprintf(piece, sizeof piece, "\\n");
        } else if (byte == '\r') {
            snprintf(piece, sizeof piece, "\\r");
        } else if (byte >= 0x20 && byte < 0x7F) {
            snprintf(piece, sizeof piece, "%c", byte);
        } else {
            const gchar *next = NULL;
            size_t available = length - i < 4 ? length - i : 4;
            gunichar character =
                g_utf8_get_char_validated((const gchar *)data + i, (gssize)available);
            if (byte >= 0x80 && character != (gunichar)-1 && character != (gunichar)-2) {
                next = g_utf8_next_char((const gchar *)data + i);
                step = (size_t)((const uint8_t *)next - (data + i));
                memcpy(piece, data + i, step);
                piece[step] = '\0';
            } else {
                snprintf(piece, sizeof piece, "\\x%02X", byte);
            }
        }
        size_t piece_length = strlen(piece);
        if (used + piece_length + 1 >= out_size) {
            break;
        }
        memcpy(out + used, piece, piece_length + 1);
        used += piece_length;
        i += step;
    }
    if (i < length && used + 4 < out_size) {
        memcpy(out + used, "...", 4);
    }
}

void extract_describe_non_pdf(const uint8_t *data, size_t length, char *out, size_t out_size)
{
    if (out_size == 0) {
        return;
    }
    if (length == 0) {
        snprintf(out, out_size, "the file is empty");
        return;
    }
    char quoted[128] = "";
    quote_start(data, length, quoted, sizeof quoted);
    snprintf(out, out_size, "the file starts with \"%s\": it looks like %s", quoted,
             guess_kind(data, length));
}
