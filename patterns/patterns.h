/*
 * patterns.h - stage 3: rule files in, facts out.
 *
 * Rules are data: text files under patterns/ (see docs/RULES.md for the
 * format) hold, for each rule, an id, the document types it applies to, a
 * PCRE2 regex with named groups, how each group becomes a fact (subject,
 * subject_kind, measure, unit, sign) and example sentences with the exact
 * facts they must give.  Shared regex pieces (an amount with its unit, a
 * percent, an increase/decrease word) are macros defined once.  An alias
 * table (also data) maps wordings onto the canonical subjects of SCHEMA.md.
 *
 * A rule_set_t is compiled once (with the PCRE2 JIT) and is read-only after
 * loading, so several documents can be matched against it at once; each
 * caller owns a pattern_matcher_t that holds the reusable match data.
 *
 * Matching works on normalized text (normalize/): the same clause read by two
 * rules gives one fact, and facts come out in text order.
 */
#ifndef CNFISCAL_PATTERNS_H
#define CNFISCAL_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "normalize.h"

/* One stated number with what it is about. Strings are owned by the fact
 * except where noted. */
typedef struct {
    char *subject;            /* canonical subject (SCHEMA.md) */
    const char *subject_kind; /* static: item function economic project indicator staff asset */
    const char *measure;      /* static: budget actual completion_rate ... */
    char *value;              /* plain decimal, half-width, signed where the measure is */
    char *unit;               /* 万元 元 亿元 % 个百分点 人 ... */
    const char *rule_id;      /* borrowed from the rule set: lives as long as it */
    size_t value_offset;      /* byte offset of the number in the normalized text */
    size_t evidence_start;    /* the clause the value was read from */
    size_t evidence_end;
} fact_t;

typedef struct {
    fact_t *items;
    size_t count;
    size_t capacity;
} fact_list_t;

void fact_list_init(fact_list_t *list);
void fact_list_clear(fact_list_t *list); /* frees the facts, keeps the list usable */
void fact_list_free(fact_list_t *list);  /* frees the facts and the storage */

typedef struct rule_set rule_set_t;
typedef struct pattern_matcher pattern_matcher_t;

rule_set_t *rule_set_new(void);
void rule_set_free(rule_set_t *rules);

/* Loads every *.rules file of `directory` (in name order) plus its
 * aliases.tsv, signs.tsv and function_codes.tsv when present.  Returns 0, or -1 with *error set
 * to a malloc'd message naming the file and line. */
int rule_set_load_directory(rule_set_t *rules, const char *directory, char **error);

/* Loads one rule file (a user's own, from --patterns FILE). */
int rule_set_load_file(rule_set_t *rules, const char *path, char **error);

/* Compiles every loaded rule (PCRE2, then JIT where available).  Call
 * once after loading and before matching.  Returns 0, or -1 with *error
 * set: a regex that does not compile, or a fact naming a group its regex
 * lacks, is reported here, with the file and line of the regex. */
int rule_set_compile(rule_set_t *rules, char **error);

/* The same, spread over `threads` threads (the caller's among them), for
 * a caller that will use that many cores anyway: the compiled rule set
 * is the same whatever the number.  All threads have ended on return. */
int rule_set_compile_threads(rule_set_t *rules, unsigned threads, char **error);

size_t rule_set_rule_count(const rule_set_t *rules);

/* Maps a wording onto its canonical subject using the alias table and the
 * spelling rules of SCHEMA.md (whitespace, quotes, 类/款/项 paths, trailing
 * 项目 of projects).  Returns a malloc'd string. */
char *rule_set_canonical_subject(const rule_set_t *rules, const char *wording,
                                 const char *subject_kind);

pattern_matcher_t *pattern_matcher_new(const rule_set_t *rules);
void pattern_matcher_free(pattern_matcher_t *matcher);

/* Finds the facts in normalized `text` for a document of `doc_type`
 * ("final_accounts", "budget", "performance", "unknown") and appends them to
 * `facts` in text order, one fact per clause read.  Returns 0, or -1 with
 * *error set (out of memory, text that is not UTF-8).  A rule that hits the
 * match or depth limit (catastrophic backtracking) is given up for this text
 * only: the other rules' facts still come, and pattern_matcher_warning()
 * names the rule. */
int pattern_matcher_run(pattern_matcher_t *matcher, const char *doc_type, const char *text,
                        size_t length, fact_list_t *facts, char **error);

/* The same for the output of normalize/, which is valid UTF-8 by
 * normalize.h's promise: the text is not checked again (a pass over it
 * that costs some 3% of matching). */
int pattern_matcher_run_normalized(pattern_matcher_t *matcher, const char *doc_type,
                                   const normalized_text_t *text, fact_list_t *facts, char **error);

/* What the last pattern_matcher_run gave up on ("rule X: match limit ..."),
 * or NULL when it read every rule to the end.  Owned by the matcher, valid
 * until its next run. */
const char *pattern_matcher_warning(const pattern_matcher_t *matcher);

/* Runs every rule's example sentences and writes a line to `report` for
 * each one that does not produce exactly its listed facts.  Returns the
 * number of failing examples (0 when all pass). */
size_t rule_set_check_examples(const rule_set_t *rules, FILE *report);

#endif
