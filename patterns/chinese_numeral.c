/*
 * chinese_numeral.c - Chinese numerals to plain decimals, exactly (integer
 * arithmetic and digit strings, never floating point): 一千二百 -> 1200,
 * 两亿 -> 200000000 (the caller's unit decides the scale: in 两亿元 the
 * regex leaves 亿元 as the unit and the numeral is 两 -> 2), 三点五 -> 3.5,
 * 十二 -> 12, 一百零五 -> 105, 百分之十五 -> 15, financial forms 壹贰叁 and
 * digit strings without units (二〇二三 -> 2023).
 */
#include "patterns_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text;
    int digit;               /* 0-9, or -1 */
    unsigned long long unit; /* 10 100 1000 10000 100000000, or 0 */
    bool point;
} numeral_char_t;

static const numeral_char_t numeral_chars[] = {
    {"零", 0, 0, false},
    {"〇", 0, 0, false},
    {"一", 1, 0, false},
    {"壹", 1, 0, false},
    {"二", 2, 0, false},
    {"贰", 2, 0, false},
    {"两", 2, 0, false},
    {"三", 3, 0, false},
    {"叁", 3, 0, false},
    {"四", 4, 0, false},
    {"肆", 4, 0, false},
    {"五", 5, 0, false},
    {"伍", 5, 0, false},
    {"六", 6, 0, false},
    {"陆", 6, 0, false},
    {"七", 7, 0, false},
    {"柒", 7, 0, false},
    {"八", 8, 0, false},
    {"捌", 8, 0, false},
    {"九", 9, 0, false},
    {"玖", 9, 0, false},
    {"十", -1, 10, false},
    {"拾", -1, 10, false},
    {"百", -1, 100, false},
    {"佰", -1, 100, false},
    {"千", -1, 1000, false},
    {"仟", -1, 1000, false},
    {"万", -1, 10000, false},
    {"亿", -1, 100000000ULL, false},
    {"点", -1, 0, true},
};

static const numeral_char_t *read_numeral_char(const char *text, size_t length, size_t *used)
{
    for (size_t i = 0; i < sizeof numeral_chars / sizeof numeral_chars[0]; i++) {
        size_t char_length = strlen(numeral_chars[i].text);
        if (char_length <= length && memcmp(text, numeral_chars[i].text, char_length) == 0) {
            *used = char_length;
            return &numeral_chars[i];
        }
    }
    return NULL;
}

#define NUMERAL_LIMIT 1000000000000000000ULL

static bool add_checked(unsigned long long *target, unsigned long long addition)
{
    if (addition > NUMERAL_LIMIT || *target > NUMERAL_LIMIT - addition)
        return false;
    *target += addition;
    return true;
}

static bool multiply_checked(unsigned long long *target, unsigned long long factor)
{
    if (factor != 0 && *target > NUMERAL_LIMIT / factor)
        return false;
    *target *= factor;
    return true;
}

char *chinese_numeral_to_decimal(const char *text, size_t length)
{
    static const char percent_prefix[] = "百分之";
    if (length >= sizeof percent_prefix - 1 &&
        memcmp(text, percent_prefix, sizeof percent_prefix - 1) == 0) {
        text += sizeof percent_prefix - 1;
        length -= sizeof percent_prefix - 1;
    }
    if (length == 0 || length > 200)
        return NULL;

    unsigned long long total = 0, section = 0, number = 0;
    bool any_unit = false, any_digit = false, after_point = false;
    char digits_only[80]; /* the digits in order, for unit-less strings */
    size_t digit_count = 0;
    char fraction[40];
    size_t fraction_length = 0;

    size_t position = 0;
    while (position < length) {
        size_t used = 0;
        const numeral_char_t *numeral =
            read_numeral_char(text + position, length - position, &used);
        if (!numeral)
            return NULL;
        position += used;
        if (after_point) {
            if (numeral->digit < 0 || fraction_length + 1 >= sizeof fraction)
                return NULL;
            fraction[fraction_length++] = (char)('0' + numeral->digit);
            continue;
        }
        if (numeral->point) {
            after_point = true;
            continue;
        }
        if (numeral->digit >= 0) {
            any_digit = true;
            number = (unsigned long long)numeral->digit;
            if (digit_count + 1 >= sizeof digits_only)
                return NULL;
            digits_only[digit_count++] = (char)('0' + numeral->digit);
            continue;
        }
        any_unit = true;
        unsigned long long unit = numeral->unit;
        if (unit < 10000) {
            if (number == 0 && unit == 10)
                number = 1; /* 十二 = 12 */
            unsigned long long part = number;
            if (!multiply_checked(&part, unit) || !add_checked(&section, part))
                return NULL;
            number = 0;
        } else {
            unsigned long long part = section;
            if (!add_checked(&part, number))
                return NULL;
            if (part == 0 && total == 0 && !any_digit)
                part = 1; /* 万 alone */
            if (unit == 10000) {
                if (!multiply_checked(&part, unit) || !add_checked(&total, part))
                    return NULL;
            } else {
                if (!add_checked(&total, part) || !multiply_checked(&total, unit))
                    return NULL;
            }
            section = 0;
            number = 0;
        }
    }
    if (!any_digit && !any_unit)
        return NULL;
    if (after_point && fraction_length == 0)
        return NULL;

    char integer_text[80];
    if (!any_unit && digit_count > 1) {
        /* 二〇二三: a digit string.  Drop leading zeros but keep one. */
        size_t start = 0;
        while (start + 1 < digit_count && digits_only[start] == '0')
            start++;
        snprintf(integer_text, sizeof integer_text, "%.*s", (int)(digit_count - start),
                 digits_only + start);
    } else {
        unsigned long long value = total;
        if (!add_checked(&value, section) || !add_checked(&value, number))
            return NULL;
        snprintf(integer_text, sizeof integer_text, "%llu", value);
    }
    size_t size = strlen(integer_text) + fraction_length + 2;
    char *result = malloc(size);
    if (!result)
        return NULL;
    if (fraction_length)
        snprintf(result, size, "%s.%.*s", integer_text, (int)fraction_length, fraction);
    else
        snprintf(result, size, "%s", integer_text);
    return result;
}
