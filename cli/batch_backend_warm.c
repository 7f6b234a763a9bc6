/*
 * batch_backend_warm.c - keeps poppler's global tables loaded in a worker.
 *
 * poppler-glib creates its GlobalParams (CJK CMaps, Unicode tables,
 * character-collection maps) when the first PopplerDocument opens and
 * destroys them when the last one closes, so a process that reads
 * documents one at a time rebuilds them for every document - several
 * milliseconds each, as much as reading a short PDF.  A worker holds one
 * tiny document open for its whole life, and the tables (and poppler's
 * caches inside them) stay loaded between documents.  Nothing else of
 * poppler is touched here; the documents themselves are read by extract/.
 */
#include "batch.h"

#include <poppler.h>

/* One empty 10 x 10 pt page; offsets in the cross-reference table exact. */
static const char empty_pdf[] = "%PDF-1.4\n"
                                "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                                "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
                                "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>\n"
                                "endobj\n"
                                "xref\n0 4\n"
                                "0000000000 65535 f \n"
                                "0000000009 00000 n \n"
                                "0000000058 00000 n \n"
                                "0000000115 00000 n \n"
                                "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n184\n%%EOF\n";

void *batch_backend_hold(void)
{
    GBytes *bytes = g_bytes_new_static(empty_pdf, sizeof empty_pdf - 1);
    PopplerDocument *document = poppler_document_new_from_bytes(bytes, NULL, NULL);
    g_bytes_unref(bytes);
    return document;
}

void batch_backend_release(void *held)
{
    if (held)
        g_object_unref(held);
}
