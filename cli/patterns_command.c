/*
 * patterns_command.c - `cnfiscal patterns --check`: runs every rule's
 * example sentences and reports each that does not give exactly its listed
 * facts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "patterns.h"

int command_patterns(int argc, char **argv)
{
    static const struct option options[] = {
        {"check", no_argument, NULL, 'c'},
        {"patterns", required_argument, NULL, 'p'},
        {"patterns-dir", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char **extra = calloc((size_t)argc + 1, sizeof *extra);
    if (!extra)
        return EXIT_USAGE;
    int extra_count = 0, check = 0;
    const char *directory = NULL;
    int option;
    optind = 1;
    while ((option = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (option) {
        case 'c':
            check = 1;
            break;
        case 'p':
            extra[extra_count++] = optarg;
            break;
        case 'P':
            directory = optarg;
            break;
        case 'h':
            free(extra);
            printf("usage: cnfiscal patterns --check [--patterns FILE]... [--patterns-dir DIR]\n");
            return 0;
        default:
            free(extra);
            return EXIT_USAGE;
        }
    }
    if (!check || optind != argc) {
        free(extra);
        fprintf(stderr,
                "usage: cnfiscal patterns --check [--patterns FILE]... [--patterns-dir DIR]\n");
        return EXIT_USAGE;
    }
    rule_set_t *rules = load_rules(directory, extra, extra_count, 1);
    free(extra);
    if (!rules)
        return EXIT_USAGE;
    size_t failures = rule_set_check_examples(rules, stdout);
    printf("%zu rules checked: %s\n", rule_set_rule_count(rules),
           failures ? "some examples failed" : "every example gives exactly its facts");
    rule_set_free(rules);
    return failures ? EXIT_SOME_FAILED : 0;
}
