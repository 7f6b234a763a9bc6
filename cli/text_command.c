/*
 * text_command.c - `cnfiscal text FILE`: the normalized text that the rules
 * see, with a marker line where each page begins.  For writing and
 * debugging rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "corpus.h"

int command_text(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: cnfiscal text FILE\n");
        return argc == 2 && strcmp(argv[1], "--help") == 0 ? 0 : EXIT_USAGE;
    }
    const char *path = argv[1];
    size_t length = 0;
    char reason[256];
    unsigned char *data = corpus_read_file(path, 0, &length, reason, sizeof reason);
    if (!data) {
        fprintf(stderr, "cnfiscal text: %s: %s\n", path, reason);
        return EXIT_SOME_FAILED;
    }
    extract_options_t options = extract_default_options();
    extract_document_t *document = extract_from_memory(path, data, length, &options);
    free(data);
    if (!document || document->status == EXTRACT_ERROR) {
        fprintf(stderr, "cnfiscal text: %s: %s\n", path,
                document ? document->error : "out of memory");
        extract_document_free(document);
        return EXIT_SOME_FAILED;
    }
    const char **pages = calloc(document->page_count + 1, sizeof *pages);
    size_t *lengths = calloc(document->page_count + 1, sizeof *lengths);
    for (size_t i = 0; pages && lengths && i < document->page_count; i++) {
        pages[i] = document->pages[i].text;
        lengths[i] = document->pages[i].length;
    }
    char *error = NULL;
    normalized_text_t *text =
        pages && lengths ? normalize_pages(pages, lengths, document->page_count, &error) : NULL;
    free(pages);
    free(lengths);
    extract_document_free(document);
    if (!text) {
        fprintf(stderr, "cnfiscal text: %s: %s\n", path, error ? error : "out of memory");
        free(error);
        return EXIT_SOME_FAILED;
    }
    size_t page = 0;
    for (size_t offset = 0; offset <= text->length; offset++) {
        while (page < text->page_count && text->page_starts[page] == offset) {
            if (offset > 0 && text->text[offset - 1] != '\n')
                putchar('\n');
            printf("=== page %zu ===\n", page + 1);
            page++;
        }
        if (offset < text->length)
            putchar(text->text[offset]);
    }
    normalized_text_free(text);
    return ferror(stdout) ? EXIT_SOME_FAILED : 0;
}
