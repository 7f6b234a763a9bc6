/*
 * radical_lookalikes.h - CJK Radicals Supplement characters that stand in
 * for ordinary ideographs.
 *
 * PDFs made with some office suites map glyphs to radical code points
 * (U+2E80-U+2EF3, U+2F00-U+2FD5) instead of the unified ideographs they
 * look like.  NFKC already folds the Kangxi Radicals block; this table covers
 * the CJK Radicals Supplement, which NFKC leaves alone (except U+2E9F and
 * U+2EF3).  Targets follow Unicode's EquivalentUnifiedIdeograph data, using
 * the free-standing character where that data names a component form that
 * never stands alone in running text (e.g. U+2EAE -> 竹).
 */
#ifndef CNFISCAL_NORMALIZE_RADICAL_LOOKALIKES_H
#define CNFISCAL_NORMALIZE_RADICAL_LOOKALIKES_H

/* The ideograph that `codepoint` imitates, or 0 when it is not a mapped
 * CJK Radicals Supplement character. */
unsigned int radical_lookalike_target(unsigned int codepoint);

#endif
