/*
 * page_furniture.h - finds the lines that belong to the page, not to the
 * text: page numbers and running headers/footers.
 *
 * Page numbers: a decorated page number ("- 2 -", "— 4 —", "第3页",
 * "第3页共25页", "Page 3") is dropped wherever it is.  A bare number ("22",
 * or "3/25", which may also be a fraction in a table) is dropped when it is the first or last line
 * of a page of a multi-page document and is between 1 and that page's position, or when it stands
 * alone after two or more blank lines (how page breaks look in text exported page-less, as
 * pdftotext without form feeds).  Table cells (tab-led rows) are never furniture.
 *
 * Running headers/footers: in a document of at least 3 pages, a line among
 * the first two (or last two) lines of at least 60% of the pages is dropped
 * there.  Lines are compared without digits and spaces, so a header that
 * carries the page number still matches.
 */
#ifndef CNFISCAL_NORMALIZE_PAGE_FURNITURE_H
#define CNFISCAL_NORMALIZE_PAGE_FURNITURE_H

#include "normalize_lines.h"

/* Sets `dropped` on furniture lines.  Returns 0, or -1 when out of memory. */
int page_furniture_mark(normalize_document_lines_t *document);

#endif
