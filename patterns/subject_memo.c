/*
 * subject_memo.c - the canonical subjects (subject_canonical.c) one
 * pattern_matcher_run has already worked out, by wording and kind: a
 * document states the same wording again and again (a table row and the
 * sentence about it, 三公 parts, one class in many lines), and each
 * canonical spelling is computed once per document.  Owned by the matcher
 * and cleared at each run, so that its size is bounded by one document.
 */
#include "patterns_internal.h"

#include <stdlib.h>
#include <string.h>

static size_t memo_hash(const char *wording, size_t length, const char *kind)
{
    size_t hash = 1469598103934665603u ^ (size_t)(uintptr_t)kind;
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)wording[i]) * 1099511628211u;
    return hash;
}

/* Doubles the slots (at least 64) and puts every entry back. */
static int grow_slots(subject_memo_t *memo)
{
    size_t slot_count = memo->slot_count ? memo->slot_count * 2 : 64;
    if (slot_count > SIZE_MAX / sizeof(size_t))
        return -1;
    size_t *slots = calloc(slot_count, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < memo->count; i++) {
        size_t slot = memo->entries[i].hash & (slot_count - 1);
        while (slots[slot] != 0)
            slot = (slot + 1) & (slot_count - 1);
        slots[slot] = i + 1;
    }
    free(memo->slots);
    memo->slots = slots;
    memo->slot_count = slot_count;
    return 0;
}

const char *subject_memo_canonical(subject_memo_t *memo, const rule_set_t *rules,
                                   const char *wording, size_t length, const char *kind)
{
    /* At most half the slots in use: a free one always ends the probe. */
    if ((memo->count + 1) * 2 > memo->slot_count && grow_slots(memo) < 0)
        return NULL;
    size_t hash = memo_hash(wording, length, kind);
    size_t slot = hash & (memo->slot_count - 1);
    for (; memo->slots[slot] != 0; slot = (slot + 1) & (memo->slot_count - 1)) {
        const subject_memo_entry_t *entry = &memo->entries[memo->slots[slot] - 1];
        if (entry->hash == hash && entry->kind == kind && entry->wording_length == length &&
            memcmp(entry->wording, wording, length) == 0)
            return entry->canonical;
    }
    if (patterns_grow((void **)&memo->entries, &memo->capacity, memo->count,
                      sizeof *memo->entries) < 0)
        return NULL;
    char *copy = patterns_strndup(wording, length);
    char *canonical = copy ? rule_set_canonical_subject(rules, copy, kind) : NULL;
    if (!canonical) {
        free(copy);
        return NULL;
    }
    subject_memo_entry_t *entry = &memo->entries[memo->count++];
    entry->hash = hash;
    entry->kind = kind;
    entry->wording = copy;
    entry->wording_length = length;
    entry->canonical = canonical;
    memo->slots[slot] = memo->count;
    return canonical;
}

void subject_memo_clear(subject_memo_t *memo)
{
    for (size_t i = 0; i < memo->count; i++) {
        free(memo->entries[i].wording);
        free(memo->entries[i].canonical);
    }
    memo->count = 0;
    if (memo->slots)
        memset(memo->slots, 0, memo->slot_count * sizeof *memo->slots);
}

void subject_memo_free(subject_memo_t *memo)
{
    subject_memo_clear(memo);
    free(memo->entries);
    free(memo->slots);
    memset(memo, 0, sizeof *memo);
}
