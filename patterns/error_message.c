/*
 * error_message.c - small helpers of the patterns stage: malloc'd error
 * messages naming file:line, growing arrays and strings, bounded string
 * copies.
 * Libraries return these messages; they never print or exit.
 */
#include "patterns_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *patterns_error(const char *file, int line, const char *format, ...)
{
    char body[1024];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(body, sizeof body, format, arguments);
    va_end(arguments);

    size_t size = strlen(body) + (file ? strlen(file) : 0) + 32;
    char *message = malloc(size);
    if (!message)
        return NULL;
    if (file && line > 0)
        snprintf(message, size, "%s:%d: %s", file, line, body);
    else if (file)
        snprintf(message, size, "%s: %s", file, body);
    else
        snprintf(message, size, "%s", body);
    return message;
}

int patterns_grow(void **items, size_t *capacity, size_t count, size_t item_size)
{
    if (count < *capacity)
        return 0;
    size_t new_capacity = *capacity ? *capacity * 2 : 8;
    if (new_capacity < *capacity || new_capacity > SIZE_MAX / item_size)
        return -1;
    void *grown = realloc(*items, new_capacity * item_size);
    if (!grown)
        return -1;
    *items = grown;
    *capacity = new_capacity;
    return 0;
}

char *patterns_strndup(const char *text, size_t length)
{
    char *copy = malloc(length + 1);
    if (!copy)
        return NULL;
    memcpy(copy, text, length);
    copy[length] = '\0';
    return copy;
}

bool patterns_string_append(patterns_string_t *string, const char *text, size_t length)
{
    if (length > SIZE_MAX / 2 - string->length)
        return false;
    if (string->length + length + 1 > string->capacity) {
        size_t capacity = string->capacity ? string->capacity : 64;
        while (capacity < string->length + length + 1)
            capacity *= 2;
        char *grown = realloc(string->data, capacity);
        if (!grown)
            return false;
        string->data = grown;
        string->capacity = capacity;
    }
    memcpy(string->data + string->length, text, length);
    string->length += length;
    string->data[string->length] = '\0';
    return true;
}
