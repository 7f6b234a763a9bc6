/*
 * batch_identity.c - what the batch knows about an input before a worker
 * reads it: its doc_id (the SHA-256 of its bytes, streamed so that a large
 * file costs no memory), whether it is a regular file at all, and which
 * shard of a split corpus it belongs to.  The doc_id equals the one
 * corpus_process() computes (corpus/document_id.c) for an unchanged file.
 *
 * The parent hashes every input while the workers read (with --jobs 2 on
 * two cores, at their expense), with the corpus stage's SHA-256
 * (corpus/sha256.c: the processor's SHA extensions where it has them).
 */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

int batch_identify(const char *path, size_t max_bytes, char doc_id[17], char *reason,
                   size_t reason_size)
{
    doc_id[0] = '\0';
    /* Non-blocking: opening a FIFO without a writer must not hang. */
    int descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (descriptor < 0) {
        snprintf(reason, reason_size, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat info;
    if (fstat(descriptor, &info) != 0) {
        snprintf(reason, reason_size, "cannot read: %s", strerror(errno));
        close(descriptor);
        return -1;
    }
    if (!S_ISREG(info.st_mode)) {
        snprintf(reason, reason_size, "not a regular file");
        close(descriptor);
        return -1;
    }
    size_t size = (size_t)info.st_size;
    if (max_bytes && size > max_bytes) {
        snprintf(reason, reason_size, "too large: %zu bytes (the limit is %zu)", size, max_bytes);
        close(descriptor);
        return -1;
    }
    corpus_sha256_t hash;
    if (corpus_sha256_begin(&hash) != 0) {
        snprintf(reason, reason_size, "out of memory");
        close(descriptor);
        return -1;
    }
    unsigned char buffer[1 << 16];
    int status = 0;
    for (;;) {
        ssize_t got = read(descriptor, buffer, sizeof buffer);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0) {
            snprintf(reason, reason_size, "cannot read: %s", strerror(errno));
            status = -1;
            break;
        }
        if (got == 0)
            break;
        corpus_sha256_update(&hash, buffer, (size_t)got);
    }
    close(descriptor);
    char digest[17];
    corpus_sha256_doc_id(&hash, digest);
    if (status == 0)
        memcpy(doc_id, digest, sizeof digest);
    return status;
}

static uint64_t hex_prefix_value(const char *hex)
{
    uint64_t value = 0;
    for (size_t i = 0; i < 16 && hex[i]; i++) {
        char c = hex[i];
        unsigned digit = (c >= '0' && c <= '9')   ? (unsigned)(c - '0')
                         : (c >= 'a' && c <= 'f') ? (unsigned)(c - 'a' + 10)
                                                  : 0;
        value = value << 4 | digit;
    }
    return value;
}

/* FNV-1a: stable on every machine, unlike a seeded hash. */
static uint64_t name_value(const char *text)
{
    uint64_t hash = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        hash ^= *p;
        hash *= 1099511628211ULL;
    }
    return hash;
}

size_t batch_shard_of(const char *doc_id, const char *source, size_t count)
{
    if (count <= 1)
        return 0;
    uint64_t key = doc_id && doc_id[0] ? hex_prefix_value(doc_id) : name_value(source);
    return (size_t)(key % count);
}
