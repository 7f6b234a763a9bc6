/*
 * tables_text.c - small text helpers for the tables stage: a growing UTF-8
 * string, per-character normalization (full-width ASCII -> ASCII, Kangxi and
 * CJK radical look-alikes -> ideographs, through ICU's NFKC mapping of that
 * one character), and numbers as printed -> plain decimals.
 *
 * Cell text is short, so the words are normalized one character at a time
 * here rather than through the document normalizer.
 */
#include "tables_internal.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/utf16.h>

bool tables_string_append(tables_string_t *string, const char *text, size_t length)
{
    if (length > SIZE_MAX / 2 - string->length - 1) {
        return false;
    }
    if (string->length + length + 1 > string->capacity) {
        size_t capacity = string->capacity ? string->capacity : 32;
        while (capacity < string->length + length + 1) {
            capacity *= 2;
        }
        char *data = realloc(string->data, capacity);
        if (data == NULL) {
            return false;
        }
        string->data = data;
        string->capacity = capacity;
    }
    memcpy(string->data + string->length, text, length);
    string->length += length;
    string->data[string->length] = '\0';
    return true;
}

static size_t encode_utf8(uint32_t codepoint, char out[4])
{
    if (codepoint < 0x80) {
        out[0] = (char)codepoint;
        return 1;
    }
    if (codepoint < 0x800) {
        out[0] = (char)(0xC0 | (codepoint >> 6));
        out[1] = (char)(0x80 | (codepoint & 0x3F));
        return 2;
    }
    if (codepoint < 0x10000) {
        out[0] = (char)(0xE0 | (codepoint >> 12));
        out[1] = (char)(0x80 | ((codepoint >> 6) & 0x3F));
        out[2] = (char)(0x80 | (codepoint & 0x3F));
        return 3;
    }
    if (codepoint > 0x10FFFF) {
        codepoint = 0xFFFD;
        return encode_utf8(codepoint, out);
    }
    out[0] = (char)(0xF0 | (codepoint >> 18));
    out[1] = (char)(0x80 | ((codepoint >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((codepoint >> 6) & 0x3F));
    out[3] = (char)(0x80 | (codepoint & 0x3F));
    return 4;
}

bool tables_string_append_codepoint(tables_string_t *string, uint32_t codepoint)
{
    char buffer[4];
    size_t length = encode_utf8(tables_normalize_codepoint(codepoint), buffer);
    return tables_string_append(string, buffer, length);
}

void tables_string_free(tables_string_t *string)
{
    free(string->data);
    string->data = NULL;
    string->length = 0;
    string->capacity = 0;
}

char *tables_string_take(tables_string_t *string)
{
    if (string->data == NULL && !tables_string_append(string, "", 0)) {
        return NULL;
    }
    char *data = string->data;
    string->data = NULL;
    string->length = 0;
    string->capacity = 0;
    return data;
}

uint32_t tables_utf8_next(const char *text, size_t length, size_t *offset)
{
    const unsigned char *bytes = (const unsigned char *)text;
    size_t at = *offset;
    unsigned char lead = bytes[at];
    *offset = at + 1;
    if (lead < 0x80) {
        return lead;
    }
    size_t need;
    uint32_t codepoint;
    if (lead >= 0xC2 && lead < 0xE0) {
        need = 1;
        codepoint = lead & 0x1F;
    } else if (lead >= 0xE0 && lead < 0xF0) {
        need = 2;
        codepoint = lead & 0x0F;
    } else if (lead >= 0xF0 && lead < 0xF5) {
        need = 3;
        codepoint = lead & 0x07;
    } else {
        return 0xFFFD;
    }
    if (need > length - at - 1) {
        return 0xFFFD;
    }
    for (size_t i = 1; i <= need; i++) {
        unsigned char next = bytes[at + i];
        if ((next & 0xC0) != 0x80) {
            return 0xFFFD;
        }
        codepoint = (codepoint << 6) | (next & 0x3F);
    }
    *offset = at + need + 1;
    return codepoint;
}

bool tables_is_cjk(uint32_t codepoint)
{
    return (codepoint >= 0x2E80 && codepoint <= 0x9FFF) ||
           (codepoint >= 0xF900 && codepoint <= 0xFAFF) ||
           (codepoint >= 0x20000 && codepoint <= 0x3FFFF);
}

uint32_t tables_normalize_codepoint(uint32_t codepoint)
{
    if (codepoint >= 0xFF01 && codepoint <= 0xFF5E) {
        return codepoint - 0xFEE0;
    }
    if (codepoint == 0x3000 || codepoint == 0x00A0) {
        return ' ';
    }
    if (codepoint == 0xFFE5) {
        return 0xA5;
    }
    if (codepoint == 0x2212) {
        return '-'; /* minus sign */
    }
    bool radical = (codepoint >= 0x2E80 && codepoint <= 0x2EF3) ||
                   (codepoint >= 0x2F00 && codepoint <= 0x2FD5);
    if (!radical) {
        return codepoint;
    }
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) {
        return codepoint;
    }
    UChar decomposition[8];
    int32_t length = unorm2_getDecomposition(nfkc, (UChar32)codepoint, decomposition, 8, &status);
    if (U_FAILURE(status) || length <= 0) {
        return codepoint;
    }
    UChar32 first;
    int32_t at = 0;
    U16_NEXT(decomposition, at, length, first);
    return at == length ? (uint32_t)first : codepoint;
}

static bool is_space(uint32_t codepoint)
{
    return codepoint == ' ' || codepoint == '\t' || codepoint == '\n' || codepoint == '\r' ||
           codepoint == '\f' || codepoint == '\v' || codepoint == 0x3000 || codepoint == 0xA0;
}

bool tables_string_append_compact(tables_string_t *string, const char *text)
{
    size_t length = strlen(text);
    size_t offset = 0;
    while (offset < length) {
        uint32_t codepoint = tables_utf8_next(text, length, &offset);
        if (is_space(codepoint)) {
            continue;
        }
        if (!tables_string_append_codepoint(string, codepoint)) {
            return false;
        }
    }
    return true;
}

char *tables_compact_text(const char *text, size_t length)
{
    tables_string_t string = {0};
    size_t offset = 0;
    while (offset < length) {
        uint32_t codepoint = tables_utf8_next(text, length, &offset);
        if (is_space(tables_normalize_codepoint(codepoint))) {
            continue;
        }
        if (!tables_string_append_codepoint(&string, codepoint)) {
            tables_string_free(&string);
            return NULL;
        }
    }
    return tables_string_take(&string);
}

bool tables_is_empty_mark(const char *text)
{
    static const char *const marks[] = {"-", "--", "—", "——", "/", "－", "―", "─", "…"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        if (strcmp(text, marks[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool tables_is_percent(const char *text)
{
    size_t length = strlen(text);
    if (length < 2 || length > 40 || text[length - 1] != '%') {
        return false;
    }
    char number[41];
    memcpy(number, text, length - 1);
    number[length - 1] = '\0';
    char *plain = tables_plain_number(number);
    bool percent = plain != NULL;
    free(plain);
    return percent;
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

bool tables_starts_with_enumeration(const char *text)
{
    static const char *const numerals[] = {"一", "二", "三", "四", "五", "六",
                                           "七", "八", "九", "十", "廿"};
    size_t at = 0;
    if (starts_with(text, "(")) {
        at = 1;
    }
    size_t start = at;
    for (;;) {
        bool found = false;
        if (text[at] >= '0' && text[at] <= '9') {
            at++;
            found = true;
        } else {
            for (size_t i = 0; i < sizeof numerals / sizeof numerals[0]; i++) {
                if (starts_with(text + at, numerals[i])) {
                    at += strlen(numerals[i]);
                    found = true;
                    break;
                }
            }
        }
        if (!found) {
            break;
        }
    }
    if (at == start) {
        return false;
    }
    return starts_with(text + at, "、") || starts_with(text + at, ".") ||
           starts_with(text + at, ")") || starts_with(text + at, "．");
}

bool tables_names_total(const char *text)
{
    return strstr(text, "合计") != NULL || strstr(text, "总计") != NULL ||
           strstr(text, "小计") != NULL;
}

/* Accepts [-]digits with optional thousands commas (groups of 3) and an
 * optional decimal part; returns the plain form. */
char *tables_plain_number(const char *text)
{
    size_t length = strlen(text);
    if (length == 0 || length > 40) {
        return NULL;
    }
    char *out = malloc(length + 1);
    if (out == NULL) {
        return NULL;
    }
    size_t at = 0, written = 0;
    if (text[at] == '-' || text[at] == '+') {
        if (text[at] == '-') {
            out[written++] = '-';
        }
        at++;
    }
    size_t digits = 0, group = 0;
    bool saw_comma = false, saw_point = false, ok = true;
    for (; at < length; at++) {
        char c = text[at];
        if (c >= '0' && c <= '9') {
            out[written++] = c;
            digits++;
            group++;
        } else if (c == ',' && !saw_point && digits > 0) {
            if ((saw_comma && group != 3) || (!saw_comma && group > 3)) {
                ok = false;
                break;
            }
            saw_comma = true;
            group = 0;
        } else if (c == '.' && !saw_point && digits > 0) {
            if (saw_comma && group != 3) {
                ok = false;
                break;
            }
            saw_point = true;
            out[written++] = c;
            group = 0;
        } else {
            ok = false;
            break;
        }
    }
    if (ok && saw_comma && !saw_point && group != 3) {
        ok = false;
    }
    if (ok && (digits == 0 || text[length - 1] == '.' || text[length - 1] == ',')) {
        ok = false;
    }
    if (!ok) {
        free(out);
        return NULL;
    }
    out[written] = '\0';
    return out;
}
