/*
 * text_buffer.c - growable byte buffer (see text_buffer.h).
 */
#include "text_buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void text_buffer_init(text_buffer_t *buffer)
{
    buffer->data = NULL;
    buffer->length = 0;
    buffer->capacity = 0;
}

void text_buffer_free(text_buffer_t *buffer)
{
    free(buffer->data);
    text_buffer_init(buffer);
}

int text_buffer_reserve(text_buffer_t *buffer, size_t extra)
{
    if (extra > SIZE_MAX - buffer->length - 1)
        return -1;
    size_t needed = buffer->length + extra + 1; /* room for a NUL */
    if (needed <= buffer->capacity)
        return 0;
    size_t capacity = buffer->capacity ? buffer->capacity : 256;
    while (capacity < needed) {
        if (capacity > SIZE_MAX / 2) {
            capacity = needed;
            break;
        }
        capacity *= 2;
    }
    char *data = realloc(buffer->data, capacity);
    if (!data)
        return -1;
    buffer->data = data;
    buffer->capacity = capacity;
    return 0;
}

int text_buffer_append(text_buffer_t *buffer, const char *bytes, size_t count)
{
    if (count == 0)
        return 0;
    if (text_buffer_reserve(buffer, count) != 0)
        return -1;
    memcpy(buffer->data + buffer->length, bytes, count);
    buffer->length += count;
    return 0;
}

int text_buffer_append_byte(text_buffer_t *buffer, char byte)
{
    if (buffer->length + 1 >= buffer->capacity && text_buffer_reserve(buffer, 1) != 0)
        return -1;
    buffer->data[buffer->length++] = byte;
    return 0;
}
