/*
 * commands.h - the subcommands of the cnfiscal program.
 *
 * Each takes the arguments after its name and returns the process exit
 * status: 0 success, 1 some documents failed (or checks failed), 2 usage
 * error.  Messages go to stderr and name the file and what is wrong.
 */
#ifndef CNFISCAL_COMMANDS_H
#define CNFISCAL_COMMANDS_H

enum { EXIT_ALL_READ = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

int command_extract(int argc, char **argv);
int command_text(int argc, char **argv);
int command_patterns(int argc, char **argv);
int command_eval(int argc, char **argv);

/* Loads and compiles the rule set: the default (or --patterns-dir)
 * directory plus each extra file, compiled on `threads` threads.  Prints
 * the problem and returns NULL on failure. */
struct rule_set;
struct rule_set *load_rules(const char *directory, char **extra_files, int extra_count,
                            unsigned threads);

#endif
