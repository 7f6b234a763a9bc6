/*
 * tables_header.c - multi-line header cells -> header paths.
 *
 * The header words (text between the unit line and the first body row) are
 * cut into fragments: words of one line closer than a third of an em.  A
 * fragment covers a value column when the column's center lies under it, or
 * when it is the nearest header in the column's slot and reaches the
 * column's numbers.  A header printed once over a merged cell is widened to
 * the columns of the children it is centred over, and the header over a
 * whole side of a two-sided table (收入 | 支出) to that side's columns.  For
 * each value column, the fragments covering it are read top to bottom;
 * stacked fragments that cover the same columns are one wrapped cell
 * (本年收入合 + 计), anything else a new level, so a column's path reads
 * 本年支出/基本支出.
 */
#include "tables_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double x1, x2, center_y, em;
    size_t line;
    double span_x1, span_x2; /* x range of the cell, children included */
    char *text;
    size_t first, last; /* value columns covered; first == SIZE_MAX: none */
} fragment_t;

static int compare_fragments(const void *a, const void *b)
{
    const fragment_t *left = a, *right = b;
    if (left->center_y < right->center_y) {
        return -1;
    }
    if (left->center_y > right->center_y) {
        return 1;
    }
    return left->x1 < right->x1 ? -1 : left->x1 > right->x1;
}

static int compare_by_line_then_x(const void *a, const void *b, const tables_word_list_t *words)
{
    const tables_word_t *left = &words->items[*(const size_t *)a];
    const tables_word_t *right = &words->items[*(const size_t *)b];
    if (left->line != right->line) {
        return left->line < right->line ? -1 : 1;
    }
    return left->x1 < right->x1 ? -1 : left->x1 > right->x1;
}

/* qsort has no context argument: sort a small array by insertion. */
static void sort_words(size_t *order, size_t count, const tables_word_list_t *words)
{
    for (size_t i = 1; i < count; i++) {
        size_t value = order[i];
        size_t j = i;
        while (j > 0 && compare_by_line_then_x(&order[j - 1], &value, words) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = value;
    }
}

static void free_fragments(fragment_t *fragments, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(fragments[i].text);
    }
    free(fragments);
}

static double center_of(const fragment_t *fragment)
{
    return (fragment->x1 + fragment->x2) / 2.0;
}

/* Whether `fragment` lies under another fragment above it: one that is
 * itself below `upper` (a grandchild of `upper`) or one at the level of
 * `upper` or higher (then it is not `upper`'s at all: 计 under 本年支出合). */
static bool under_other(const fragment_t *fragments, size_t count, size_t upper, size_t fragment)
{
    const fragment_t *child = &fragments[fragment];
    double x = center_of(child);
    double upper_level = fragments[upper].center_y + 0.5 * fragments[upper].em;
    for (size_t g = 0; g < fragment && g < count; g++) {
        const fragment_t *other = &fragments[g];
        if (g == upper || other->center_y >= child->center_y - 0.3 * other->em ||
            x < other->span_x1 || x > other->span_x2) {
            continue;
        }
        /* below upper: a grandchild; at upper's level or above: only the
         * line right above (the child continues a wrapped cell) */
        if (other->center_y > upper_level || child->center_y - other->center_y <= 1.7 * other->em) {
            return true;
        }
    }
    return false;
}

static int compare_centers(const void *a, const void *b, const fragment_t *fragments)
{
    double left = center_of(&fragments[*(const size_t *)a]);
    double right = center_of(&fragments[*(const size_t *)b]);
    return left < right ? -1 : left > right;
}

/* Picks the widest run (two or more) of the children, in x order, over
 * which `upper` is centred.  Returns false when there is none. */
static bool centred_run(const fragment_t *fragments, const size_t *children, size_t count,
                        const fragment_t *upper, double *x1, double *x2, size_t *run_start,
                        size_t *run_size)
{
    double center = center_of(upper);
    for (size_t size = count; size >= 2; size--) {
        double best = INFINITY;
        for (size_t start = 0; start + size <= count; start++) {
            double low = INFINITY, high = -INFINITY;
            for (size_t k = start; k < start + size; k++) {
                low = tables_min(low, fragments[children[k]].span_x1);
                high = tables_max(high, fragments[children[k]].span_x2);
            }
            double difference = tables_abs((low + high) / 2.0 - center);
            double tolerance = tables_max(1.2 * upper->em, 0.06 * (high - low));
            if (difference <= tolerance && difference < best) {
                best = difference;
                *x1 = low;
                *x2 = high;
                *run_start = start;
                *run_size = size;
            }
        }
        if (best < INFINITY) {
            return true;
        }
    }
    return false;
}

/* A spanning header (支出预算 over 合计 | 基本支出 | 项目支出) is printed
 * once, centred over its merged cell, so by position it covers one column
 * at most.  Going from the lowest header line up, such a fragment takes the
 * columns of the widest run of its direct children (fragments a header row
 * below it, between the middles of the gaps to its neighbours on its line
 * or within an em of it, not under another child) over which it is centred.  A fragment that is
 * neither centred over children nor over the header below it in its one column (收入 over 项目 |
 * 决算数) covers nothing.  Tops of wrapped cells and headers over label columns are left alone. */
static void widen_spanning_headers(fragment_t *fragments, size_t count,
                                   const tables_column_list_t *columns)
{
    if (count > 300) {
        return; /* not a header band; keep positions as they are */
    }
    size_t children[300];
    for (size_t p = count; p-- > 0;) {
        fragment_t *upper = &fragments[p];
        double center = center_of(upper);
        if ((upper->first != SIZE_MAX && upper->first != upper->last) ||
            tables_column_at(columns, upper->x1, upper->x2, TABLES_COLUMN_LABEL) != SIZE_MAX ||
            tables_column_at(columns, upper->x1, upper->x2, TABLES_COLUMN_CODE) != SIZE_MAX) {
            continue;
        }
        bool wrapped_top = false;
        double left = -INFINITY, right = INFINITY;
        for (size_t f = 0; f < count; f++) {
            const fragment_t *other = &fragments[f];
            double other_center = center_of(other);
            if (f == p) {
                continue;
            }
            if (other->line == upper->line ||
                tables_abs(other->center_y - upper->center_y) <= upper->em) {
                if (other_center < center) {
                    left = tables_max(left, (other->x2 + upper->x1) / 2.0);
                } else {
                    right = tables_min(right, (upper->x2 + other->x1) / 2.0);
                }
            } else if (other->center_y > upper->center_y &&
                       other->center_y - upper->center_y <= 1.7 * upper->em &&
                       other_center >= upper->x1 && other_center <= upper->x2) {
                wrapped_top = true;
            }
        }
        if (wrapped_top) {
            continue;
        }
        size_t child_count = 0;
        for (size_t f = p + 1; f < count; f++) {
            const fragment_t *child = &fragments[f];
            double child_center = center_of(child);
            /* a child is a header row lower; a cell spanning two header rows
             * is centred half a row lower and is a sibling, not a child */
            if (child->center_y > upper->center_y + 1.6 * upper->em && child_center >= left &&
                child_center <= right && !under_other(fragments, count, p, f)) {
                size_t at = child_count++;
                while (at > 0 && compare_centers(&children[at - 1], &f, fragments) > 0) {
                    children[at] = children[at - 1];
                    at--;
                }
                children[at] = f;
            }
        }
        double x1 = 0.0, x2 = 0.0;
        size_t run_start = 0, run_size = 0;
        if (centred_run(fragments, children, child_count, upper, &x1, &x2, &run_start, &run_size)) {
            /* the columns of the children (headers over empty columns add
             * none) */
            size_t first = SIZE_MAX, last = 0;
            for (size_t k = run_start; k < run_start + run_size; k++) {
                const fragment_t *child = &fragments[children[k]];
                if (child->first == SIZE_MAX) {
                    continue;
                }
                first = first == SIZE_MAX || child->first < first ? child->first : first;
                last = child->last > last ? child->last : last;
            }
            upper->span_x1 = tables_min(x1, upper->x1);
            upper->span_x2 = tables_max(x2, upper->x2);
            if (first != SIZE_MAX) {
                upper->first = first;
                upper->last = last;
            }
            continue;
        }
        if (upper->first == SIZE_MAX) {
            continue;
        }
        /* One column: keep it only when centred over the header below. */
        for (size_t f = p + 1; f < count; f++) {
            const fragment_t *below = &fragments[f];
            if (below->center_y > upper->center_y + 0.5 * upper->em && below->first != SIZE_MAX &&
                below->first <= upper->first && upper->first <= below->last) {
                if (tables_abs(center_of(below) - center) > 1.5 * upper->em) {
                    upper->first = SIZE_MAX;
                }
                break;
            }
        }
    }
}

/* Whether fragment f, whose center lies in the column's slot, is the header
 * of that column: it is near the column's numbers (within 3 em) and no
 * fragment at about the same height in the slot is closer to them.  A
 * header over a column without numbers loses to the real one. */
static bool nearest_in_slot(const fragment_t *fragments, size_t count, size_t f,
                            const tables_column_t *column)
{
    const fragment_t *fragment = &fragments[f];
    double center = center_of(fragment);
    double column_center = (column->x1 + column->x2) / 2.0;
    double reach = 3.0 * fragment->em;
    if (center < column->slot1 || center > column->slot2 || fragment->x1 > column->x2 + reach ||
        fragment->x2 < column->x1 - reach) {
        return false;
    }
    if (count > 300) {
        return true;
    }
    for (size_t g = 0; g < count; g++) {
        const fragment_t *other = &fragments[g];
        double other_center = center_of(other);
        if (g != f && tables_abs(other->center_y - fragment->center_y) < fragment->em &&
            other_center >= column->slot1 && other_center <= column->slot2 &&
            tables_abs(other_center - column_center) < tables_abs(center - column_center)) {
            return false;
        }
    }
    return true;
}

/* The header over a whole side (收入 over 项目 | 决算数, 本年支出 over
 * 项目 | 预算数 ...) heads every value column of that side: the topmost
 * header fragment of the side, a header row above the rest of the side's
 * header (an em or more), centred over the side from its label column to
 * its last value column. */
static void cover_sides(fragment_t *fragments, size_t count, const tables_column_list_t *columns)
{
    for (size_t side = 0; side < columns->side_count; side++) {
        double x1 = INFINITY, x2 = -INFINITY;
        size_t first = SIZE_MAX, last = 0;
        bool labelled = false;
        for (size_t c = 0; c < columns->count; c++) {
            const tables_column_t *column = &columns->items[c];
            if (column->side != side || column->kind == TABLES_COLUMN_LINE_NUMBER) {
                continue;
            }
            x1 = tables_min(x1, column->x1);
            x2 = tables_max(x2, column->x2);
            if (column->kind == TABLES_COLUMN_VALUE) {
                first = first == SIZE_MAX ? c : first;
                last = c;
            } else {
                labelled = true;
            }
        }
        if (first == SIZE_MAX || !labelled) {
            continue;
        }
        /* headers over columns without numbers widen the side up to the
         * next side */
        double limit = INFINITY;
        for (size_t c = 0; c < columns->count; c++) {
            if (columns->items[c].side > side) {
                limit = tables_min(limit, columns->items[c].x1);
            }
        }
        for (size_t f = 0; f < count; f++) {
            double center = center_of(&fragments[f]);
            if (center >= x1 && center < limit) {
                x2 = tables_max(x2, fragments[f].x2);
            }
        }
        double middle = (x1 + x2) / 2.0;
        size_t top = SIZE_MAX;
        for (size_t f = 0; f < count; f++) {
            double center = center_of(&fragments[f]);
            if (center >= x1 && center <= x2 && fragments[f].text[0] != '\0' &&
                (top == SIZE_MAX || fragments[f].center_y < fragments[top].center_y)) {
                top = f;
            }
        }
        if (top == SIZE_MAX || tables_abs(center_of(&fragments[top]) - middle) >
                                   tables_max(3.0 * fragments[top].em, 0.1 * (x2 - x1))) {
            continue;
        }
        bool alone = true;
        for (size_t f = 0; f < count && alone; f++) {
            double center = center_of(&fragments[f]);
            alone =
                f == top || center < x1 || center > x2 ||
                tables_abs(fragments[f].center_y - fragments[top].center_y) >= fragments[top].em;
        }
        if (alone) {
            fragments[top].first = first;
            fragments[top].last = last;
        }
    }
}

/* Whether a word is one character (of any script). */
static bool single_character(const char *text)
{
    size_t length = strlen(text), offset = 0;
    if (length == 0) {
        return false;
    }
    tables_utf8_next(text, length, &offset);
    return offset == length;
}

bool tables_header_paths(const tables_word_list_t *words, const size_t *indices, size_t count,
                         tables_column_list_t *columns)
{
    if (count == 0 || columns->count == 0) {
        return true;
    }
    /* Header bands are small; bound the work all the same. */
    if (count > 2000) {
        count = 2000;
    }
    size_t *order = malloc(count * sizeof *order);
    fragment_t *fragments = calloc(count, sizeof *fragments);
    if (order == NULL || fragments == NULL) {
        free(order);
        free(fragments);
        return false;
    }
    memcpy(order, indices, count * sizeof *order);
    sort_words(order, count, words);
    size_t fragment_count = 0;
    tables_string_t text = {0};
    for (size_t i = 0; i < count; i++) {
        const tables_word_t *word = &words->items[order[i]];
        fragment_t *current = fragment_count > 0 ? &fragments[fragment_count - 1] : NULL;
        /* letter-spaced headers (合   计) come one character per word */
        const tables_word_t *before = i > 0 ? &words->items[order[i - 1]] : NULL;
        bool spaced =
            before != NULL && single_character(before->text) && single_character(word->text);
        double gap = spaced ? 1.2 : 0.3;
        bool join = current != NULL && before->line == word->line &&
                    word->x1 - current->x2 < gap * tables_max(word->em, current->em);
        if (!join) {
            if (current != NULL) {
                current->text = tables_string_take(&text);
                if (current->text == NULL) {
                    goto out_of_memory;
                }
            }
            current = &fragments[fragment_count++];
            current->x1 = word->x1;
            current->x2 = word->x2;
            current->center_y = word->center_y;
            current->em = word->em;
            current->line = word->line;
            current->span_x1 = word->x1;
        } else {
            current->x2 = tables_max(current->x2, word->x2);
            current->em = tables_max(current->em, word->em);
        }
        current->span_x2 = current->x2;
        if (text.length < TABLES_MAX_TEXT && !tables_string_append_compact(&text, word->text)) {
            goto out_of_memory;
        }
    }
    fragments[fragment_count - 1].text = tables_string_take(&text);
    if (fragments[fragment_count - 1].text == NULL) {
        goto out_of_memory;
    }
    free(order);
    order = NULL;

    for (size_t f = 0; f < fragment_count; f++) {
        fragment_t *fragment = &fragments[f];
        fragment->first = SIZE_MAX;
        fragment->last = 0;
        for (size_t c = 0; c < columns->count; c++) {
            const tables_column_t *column = &columns->items[c];
            if (column->kind != TABLES_COLUMN_VALUE) {
                continue;
            }
            double column_center = (column->x1 + column->x2) / 2.0;
            bool covers = (column_center >= fragment->x1 && column_center <= fragment->x2) ||
                          nearest_in_slot(fragments, fragment_count, f, column);
            if (covers) {
                if (fragment->first == SIZE_MAX) {
                    fragment->first = c;
                }
                fragment->last = c;
            }
        }
    }
    qsort(fragments, fragment_count, sizeof *fragments, compare_fragments);
    widen_spanning_headers(fragments, fragment_count, columns);
    cover_sides(fragments, fragment_count, columns);

    for (size_t c = 0; c < columns->count; c++) {
        tables_column_t *column = &columns->items[c];
        if (column->kind != TABLES_COLUMN_VALUE) {
            continue;
        }
        tables_string_t path = {0};
        const fragment_t *previous = NULL;
        for (size_t f = 0; f < fragment_count; f++) {
            const fragment_t *fragment = &fragments[f];
            if (fragment->first == SIZE_MAX || c < fragment->first || c > fragment->last ||
                fragment->text[0] == '\0') {
                continue;
            }
            bool wrapped = previous != NULL && previous->first == fragment->first &&
                           previous->last == fragment->last &&
                           fragment->center_y - previous->center_y <= 1.7 * fragment->em &&
                           center_of(fragment) >= previous->x1 - fragment->em &&
                           center_of(fragment) <= previous->x2 + fragment->em;
            if (previous != NULL && !wrapped && !tables_string_append(&path, "/", 1)) {
                tables_string_free(&path);
                goto out_of_memory;
            }
            if (path.length < TABLES_MAX_TEXT &&
                !tables_string_append(&path, fragment->text, strlen(fragment->text))) {
                tables_string_free(&path);
                goto out_of_memory;
            }
            previous = fragment;
        }
        free(column->header);
        column->header = tables_string_take(&path);
        if (column->header == NULL) {
            goto out_of_memory;
        }
    }
    free_fragments(fragments, fragment_count);
    return true;

out_of_memory:
    tables_string_free(&text);
    free(order);
    free_fragments(fragments, fragment_count);
    return false;
}
