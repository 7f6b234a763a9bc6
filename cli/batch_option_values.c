/*
 * batch_option_values.c - reads and prints the values of the batch options
 * of `cnfiscal extract`: --jobs N, --timeout 60s, --max-memory 1G,
 * --shard I/N.  Parsing is strict: anything but the documented forms is
 * refused, so a typo never silently means "no limit".
 */
#include "batch.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int batch_parse_size(const char *text, uint64_t *bytes)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    char *end = NULL;
    unsigned long long number = strtoull(text, &end, 10);
    if (errno != 0 || end == text)
        return -1;
    unsigned shift = 0;
    if (*end) {
        switch (*end) {
        case 'k':
        case 'K':
            shift = 10;
            break;
        case 'm':
        case 'M':
            shift = 20;
            break;
        case 'g':
        case 'G':
            shift = 30;
            break;
        case 't':
        case 'T':
            shift = 40;
            break;
        case 'b':
        case 'B':
            break;
        default:
            return -1;
        }
        end++;
        /* Accepted spellings after the letter: "", "B", "iB". */
        if (shift && (strcmp(end, "iB") == 0 || strcasecmp(end, "b") == 0))
            end += strlen(end);
        if (*end)
            return -1;
    }
    if (shift && number > (UINT64_MAX >> shift))
        return -1;
    *bytes = (uint64_t)number << shift;
    return 0;
}

int batch_parse_duration(const char *text, double *seconds)
{
    if (!text || !((text[0] >= '0' && text[0] <= '9') || text[0] == '.'))
        return -1;
    errno = 0;
    char *end = NULL;
    double number = strtod(text, &end);
    if (errno != 0 || end == text || !isfinite(number) || number < 0)
        return -1;
    double scale = 1;
    if (strcmp(end, "") == 0 || strcmp(end, "s") == 0)
        scale = 1;
    else if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
        scale = 60;
    else if (strcmp(end, "h") == 0)
        scale = 3600;
    else
        return -1;
    if (number * scale > 1e9)
        return -1; /* over thirty years: surely a mistake */
    *seconds = number * scale;
    return 0;
}

static int parse_whole(const char *text, const char **end, unsigned long long *number)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return -1;
    errno = 0;
    char *stop = NULL;
    *number = strtoull(text, &stop, 10);
    if (errno != 0 || stop == text)
        return -1;
    *end = stop;
    return 0;
}

int batch_parse_shard(const char *text, size_t *index, size_t *count)
{
    unsigned long long shard, shards;
    const char *end;
    if (parse_whole(text, &end, &shard) != 0 || *end != '/')
        return -1;
    if (parse_whole(end + 1, &end, &shards) != 0 || *end != '\0')
        return -1;
    if (shards < 1 || shard < 1 || shard > shards || shards > 1000000)
        return -1;
    *index = (size_t)shard;
    *count = (size_t)shards;
    return 0;
}

int batch_parse_count(const char *text, int *count)
{
    unsigned long long number;
    const char *end;
    if (parse_whole(text, &end, &number) != 0 || *end != '\0' || number < 1 || number > 4096)
        return -1;
    *count = (int)number;
    return 0;
}

void batch_format_size(uint64_t bytes, char *out, size_t out_size)
{
    static const char *const units[] = {"TiB", "GiB", "MiB", "KiB"};
    static const unsigned shifts[] = {40, 30, 20, 10};
    for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++) {
        uint64_t unit = (uint64_t)1 << shifts[i];
        if (bytes >= unit && bytes % unit == 0) {
            snprintf(out, out_size, "%llu %s", (unsigned long long)(bytes / unit), units[i]);
            return;
        }
    }
    if (bytes >= ((uint64_t)1 << 20))
        snprintf(out, out_size, "%.1f MiB", (double)bytes / (double)((uint64_t)1 << 20));
    else
        snprintf(out, out_size, "%llu bytes", (unsigned long long)bytes);
}

void batch_format_seconds(double seconds, char *out, size_t out_size)
{
    if (seconds < 1e15 && seconds == (double)(long long)seconds)
        snprintf(out, out_size, "%.0f s", seconds);
    else
        snprintf(out, out_size, "%g s", seconds);
}
