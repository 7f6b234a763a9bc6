/*
 * main.c - cnfiscal: Chinese fiscal disclosures (PDF, text) -> CSV facts.
 *
 * Dispatches to a subcommand (commands.h); the stages themselves live in
 * extract/ normalize/ patterns/ corpus/ out/.
 */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "extract.h"

static const char usage_text[] =
    "usage: cnfiscal extract [options] INPUT... -o OUTDIR\n"
    "       cnfiscal text FILE\n"
    "       cnfiscal patterns --check [--patterns FILE]...\n"
    "       cnfiscal eval [--gold DIR] [--gold-tables DIR] [--min-...] OUTDIR\n"
    "       cnfiscal --help | --version\n"
    "\n"
    "Turns Chinese government fiscal disclosures (部门预算, 部门决算, 绩效自评;\n"
    "PDF, .txt or .md) into facts.csv, tables.csv, checks.csv and documents.csv\n"
    "as described in SCHEMA.md.\n"
    "\n"
    "extract options:\n"
    "  -o, --output DIR       folder for the CSV files (created if needed)\n"
    "  --patterns FILE        add a rule file of your own (repeatable)\n"
    "  --patterns-dir DIR     use this rule folder instead of the default\n"
    "  --no-tables            do not rebuild statement tables\n"
    "  -j, --jobs N           documents read at once, each in its own process\n"
    "  --timeout T            per document time limit (default 60 s; 0: none)\n"
    "  --max-memory M         per document memory limit (default 1G; 0: none)\n"
    "  --force                read again documents an earlier run finished\n"
    "  --files-from FILE      more inputs, one per line ('-': stdin)\n"
    "  --shard I/N            only the I-th of N parts of the inputs\n"
    "  -q, --quiet            no progress or summary on stderr\n"
    "\n"
    "INPUT is a PDF, a .txt or .md file, or a folder (walked recursively;\n"
    "source is then relative to it).\n"
    "\n"
    "Exit status: 0 every document was read, 1 some could not be read (the\n"
    "rest are still written), 2 usage error, 130/143 interrupted (rerun to resume).\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(command, "--version") == 0) {
        printf("cnfiscal %s (poppler %s)\n", CNFISCAL_VERSION, extract_backend_version());
        return 0;
    }
    if (strcmp(command, "extract") == 0)
        return command_extract(argc - 1, argv + 1);
    if (strcmp(command, "text") == 0)
        return command_text(argc - 1, argv + 1);
    if (strcmp(command, "patterns") == 0)
        return command_patterns(argc - 1, argv + 1);
    if (strcmp(command, "eval") == 0)
        return command_eval(argc - 1, argv + 1);
    fprintf(stderr, "cnfiscal: unknown command '%s' (try cnfiscal --help)\n", command);
    return EXIT_USAGE;
}
