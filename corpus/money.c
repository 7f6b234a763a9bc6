/*
 * money.c - value_wan: a money value restated in 万元, by moving the decimal
 * point of the number as written (never through floating point, so that
 * 434.344万元 stays 434.344 and 1234元 becomes 0.1234).
 */
#include "corpus.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_plain_decimal(const char *text)
{
    const char *p = text[0] == '-' ? text + 1 : text;
    bool digits = false, point = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits = true;
        else if (*p == '.' && !point)
            point = true;
        else
            return false;
    }
    return digits;
}

/* Shifts the decimal point of plain decimal `value` by `places` (positive:
 * multiply by 10^places).  Returns a malloc'd canonical decimal. */
static char *shift_decimal(const char *value, int places)
{
    bool negative = value[0] == '-';
    const char *digits_start = negative ? value + 1 : value;
    size_t length = strlen(digits_start);
    /* Collect the digits and where the point was. */
    char *digits = malloc(length + 1);
    if (!digits)
        return NULL;
    size_t count = 0;
    long point = -1;
    for (size_t i = 0; i < length; i++) {
        if (digits_start[i] == '.')
            point = (long)count;
        else
            digits[count++] = digits_start[i];
    }
    if (point < 0)
        point = (long)count;
    point += places;
    /* Build: integer part = digits[0..point), fraction = digits[point..). */
    size_t size = count + (size_t)labs(places) + 4;
    char *result = malloc(size);
    if (!result) {
        free(digits);
        return NULL;
    }
    size_t out = 0;
    if (negative)
        result[out++] = '-';
    if (point <= 0) {
        result[out++] = '0';
        result[out++] = '.';
        for (long i = point; i < 0; i++)
            result[out++] = '0';
        for (size_t i = 0; i < count; i++)
            result[out++] = digits[i];
    } else {
        for (long i = 0; i < point; i++)
            result[out++] = (size_t)i < count ? digits[i] : '0';
        if ((size_t)point < count) {
            result[out++] = '.';
            for (size_t i = (size_t)point; i < count; i++)
                result[out++] = digits[i];
        }
    }
    result[out] = '\0';
    free(digits);
    /* Canonical form: no leading zeros in the integer part, no trailing
     * zeros in the fraction that the shift itself introduced. */
    char *start = result + (negative ? 1 : 0);
    while (start[0] == '0' && start[1] >= '0' && start[1] <= '9')
        memmove(start, start + 1, strlen(start));
    if (strchr(start, '.') && places < 0) {
        size_t end = strlen(result);
        while (end > 0 && result[end - 1] == '0')
            result[--end] = '\0';
        if (end > 0 && result[end - 1] == '.')
            result[--end] = '\0';
    }
    if (strcmp(result, "-0") == 0)
        memmove(result, result + 1, 2);
    return result;
}

char *corpus_value_in_wan(const char *value, const char *unit)
{
    if (!value || !unit || !is_plain_decimal(value))
        return strdup("");
    if (strcmp(unit, "万元") == 0)
        return strdup(value);
    if (strcmp(unit, "元") == 0)
        return shift_decimal(value, -4);
    if (strcmp(unit, "千元") == 0)
        return shift_decimal(value, -1);
    if (strcmp(unit, "亿元") == 0)
        return shift_decimal(value, 4);
    return strdup("");
}
