/*
 * document_id.c - doc_id: the first 16 hex digits of the SHA-256 of the
 * input file's bytes (GLib's checksum, which poppler-glib brings along).
 */
#include "corpus.h"

#include <glib.h>
#include <string.h>

void corpus_document_id(const unsigned char *data, size_t length, char doc_id[17])
{
    GChecksum *checksum = g_checksum_new(G_CHECKSUM_SHA256);
    /* g_checksum_update takes a gssize: feed very large inputs in pieces. */
    const size_t piece = (size_t)1 << 30;
    for (size_t done = 0; done < length;) {
        size_t now = length - done < piece ? length - done : piece;
        g_checksum_update(checksum, data + done, (gssize)now);
        done += now;
    }
    const char *hex = g_checksum_get_string(checksum);
    memcpy(doc_id, hex, 16);
    doc_id[16] = '\0';
    g_checksum_free(checksum);
}
