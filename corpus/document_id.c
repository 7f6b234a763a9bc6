/*
 * document_id.c - doc_id: the first 16 hex digits of the SHA-256 of the
 * input file's bytes (sha256.c: the processor's SHA extensions where it has
 * them, GLib's checksum otherwise).
 */
#include "corpus.h"

#include <string.h>

void corpus_document_id(const unsigned char *data, size_t length, char doc_id[17])
{
    corpus_sha256_t hash;
    if (corpus_sha256_begin(&hash) != 0) {
        doc_id[0] = '\0'; /* GLib's checksum could not be made: no id */
        return;
    }
    /* GLib's update takes a gssize: feed very large inputs in pieces. */
    const size_t piece = (size_t)1 << 30;
    for (size_t done = 0; done < length;) {
        size_t now = length - done < piece ? length - done : piece;
        corpus_sha256_update(&hash, data + done, now);
        done += now;
    }
    corpus_sha256_doc_id(&hash, doc_id);
}
