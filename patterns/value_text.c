/*
 * value_text.c - turns the text a value group matched into the value
 * column: a plain decimal copied from the text (never through floating
 * point), without '+' or thousands separators, with a '-' when the rule's
 * sign says the number is a decrease (but never "-0").  Also spells units
 * the way facts.csv writes them.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

/* Full-width digits and point (U+FF10-FF19, U+FF0E) as ASCII, else 0. */
static char full_width_digit(const unsigned char *text, size_t remaining)
{
    if (remaining >= 3 && text[0] == 0xEF && text[1] == 0xBC) {
        if (text[2] >= 0x90 && text[2] <= 0x99)
            return (char)('0' + (text[2] - 0x90));
        if (text[2] == 0x8E)
            return '.';
        if (text[2] == 0x8C)
            return ',';
    }
    return 0;
}

static bool is_space(const char *text, size_t remaining, size_t *used)
{
    if (remaining >= 1 && (text[0] == ' ' || text[0] == '\t' || text[0] == '\n')) {
        *used = 1;
        return true;
    }
    if (remaining >= 3 && memcmp(text, "\xE3\x80\x80", 3) == 0) {
        *used = 3;
        return true;
    }
    return false;
}

/* Reads an Arabic number; NULL when `text` is not one. */
static char *arabic_number(const char *text, size_t length)
{
    char *out = malloc(length + 2);
    if (!out)
        return NULL;
    size_t out_length = 0;
    size_t digits = 0;
    bool point = false;
    size_t i = 0;
    if (i < length && (text[i] == '+' || text[i] == '-')) {
        if (text[i] == '-')
            out[out_length++] = '-';
        i++;
    }
    while (i < length) {
        char c = text[i];
        size_t used = 1;
        char wide = full_width_digit((const unsigned char *)text + i, length - i);
        if (wide) {
            c = wide;
            used = 3;
        }
        if (c >= '0' && c <= '9') {
            out[out_length++] = c;
            digits++;
        } else if (c == '.' && !point && digits > 0) {
            out[out_length++] = '.';
            point = true;
        } else if (c == ',' && digits > 0 && !point) {
            /* thousands separator: dropped */
        } else {
            free(out);
            return NULL;
        }
        i += used;
    }
    if (digits == 0 || out[out_length - 1] == '.') {
        free(out);
        return NULL;
    }
    out[out_length] = '\0';
    return out;
}

static bool is_zero(const char *number)
{
    for (const char *c = number; *c; c++)
        if (*c >= '1' && *c <= '9')
            return false;
    return true;
}

char *value_text_from_match(const char *text, size_t length, bool negative)
{
    size_t used = 0;
    while (length > 0 && is_space(text, length, &used)) {
        text += used;
        length -= used;
    }
    while (length > 0 &&
           (text[length - 1] == ' ' || text[length - 1] == '\t' || text[length - 1] == '\n'))
        length--;
    if (length == 0)
        return NULL;
    char *number = arabic_number(text, length);
    if (!number)
        number = chinese_numeral_to_decimal(text, length);
    if (!number)
        return NULL;
    if (number[0] == '-' && is_zero(number))
        memmove(number, number + 1, strlen(number)); /* "-0.00" -> "0.00" */
    if (!negative || number[0] == '-' || is_zero(number))
        return number;
    size_t number_length = strlen(number);
    char *signed_number = malloc(number_length + 2);
    if (!signed_number) {
        free(number);
        return NULL;
    }
    signed_number[0] = '-';
    memcpy(signed_number + 1, number, number_length + 1);
    free(number);
    return signed_number;
}

char *value_unit_canonical(const char *text, size_t length)
{
    size_t used = 0;
    while (length > 0 && is_space(text, length, &used)) {
        text += used;
        length -= used;
    }
    while (length > 0 && (text[length - 1] == ' ' || text[length - 1] == '\t'))
        length--;
    static const struct {
        const char *written, *canonical;
    } spellings[] = {{"万", "万元"}, {"亿", "亿元"}, {"％", "%"}, {"萬元", "万元"}};
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
        if (strlen(spellings[i].written) == length &&
            memcmp(spellings[i].written, text, length) == 0)
            return strdup(spellings[i].canonical);
    return patterns_strndup(text, length);
}
