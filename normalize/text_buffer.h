/*
 * text_buffer.h - a growable byte buffer used by the normalize stage.
 *
 * Every step of normalization (folding, cleaning, joining) appends bytes to
 * one of these; growth is geometric so that building a document's text is
 * linear in its size.  Appends report out-of-memory instead of aborting.
 */
#ifndef CNFISCAL_NORMALIZE_TEXT_BUFFER_H
#define CNFISCAL_NORMALIZE_TEXT_BUFFER_H

#include <stddef.h>

typedef struct {
    char *data;
    size_t length;
    size_t capacity;
} text_buffer_t;

void text_buffer_init(text_buffer_t *buffer);
void text_buffer_free(text_buffer_t *buffer);

/* Makes room for `extra` more bytes.  Returns 0, or -1 when out of memory. */
int text_buffer_reserve(text_buffer_t *buffer, size_t extra);

/* Appends bytes.  Returns 0, or -1 when out of memory. */
int text_buffer_append(text_buffer_t *buffer, const char *bytes, size_t count);
int text_buffer_append_byte(text_buffer_t *buffer, char byte);

#endif
