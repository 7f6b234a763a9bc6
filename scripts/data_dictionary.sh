#!/bin/sh
# data_dictionary.sh - the README's tables of rule families and canonical
# subjects, made from the rule files themselves (patterns/*.rules), so that
# the data dictionary cannot drift from what the rules produce.
#
#   sh scripts/data_dictionary.sh           print the generated Markdown
#   sh scripts/data_dictionary.sh --update  rewrite README.md between the markers
#   sh scripts/data_dictionary.sh --check   fail when README.md is out of date
#
# Every rule family (the part of a rule id before the dot) is listed with
# its rule count, its file and one example sentence with the facts it gives;
# every subject named in an `expect:` line is listed with its kind, the
# measures it appears with and one example.  The examples are the rules' own
# composed sentences.
set -eu
cd "$(dirname "$0")/.."

generate() {
    LC_ALL=C awk '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    function cell(s) { gsub(/\|/, "\\|", s); gsub(/\\n/, " ", s); return s }
    FNR == 1 { file = FILENAME; sub(/^.*\//, "", file) }
    /^rule:/ {
        id = trim(substr($0, 6)); family = id; sub(/\..*$/, "", family)
        if (!(family in rules)) { families[++family_count] = family; family_file[family] = file }
        else if (index(family_file[family], file) == 0) family_file[family] = family_file[family] ", " file
        rules[family]++
        example = ""; next
    }
    /^example:/ { example = trim(substr($0, 9)); example_facts = ""; next }
    /^expect:/ {
        line = trim(substr($0, 8))
        if (line == "none") next
        n = split(line, part, "|")
        if (n < 5) next
        subject = trim(part[1]); kind = trim(part[2]); measure = trim(part[3])
        value = trim(part[4]); unit = trim(part[5])
        fact = subject " " measure " " value " " unit
        if (!(family in family_example)) { family_example[family] = example; family_fact[family] = fact }
        else if (family_example[family] == example && index(family_fact[family], fact) == 0 && length(family_fact[family]) < 160)
            family_fact[family] = family_fact[family] "; " fact
        key = subject
        if (!(key in subject_kind)) { subjects[++subject_count] = key; subject_kind[key] = kind; subject_example[key] = example }
        if (index(" " subject_measures[key] " ", " " measure " ") == 0)
            subject_measures[key] = subject_measures[key] (subject_measures[key] == "" ? "" : " ") measure
    }
    END {
        print "#### Rule families (" family_count " families, generated from patterns/*.rules)"
        print ""
        print "| family | rules | file | example sentence | facts it gives |"
        print "|---|---|---|---|---|"
        for (i = 1; i <= family_count; i++) {
            f = families[i]
            print "| `" f "` | " rules[f] " | " family_file[f] " | " cell(family_example[f]) " | " cell(family_fact[f]) " |"
        }
        print ""
        print "#### Subjects named by the rules (" subject_count " subjects)"
        print ""
        print "Subjects read from the text (`subject=$group`) are canonicalized the same"
        print "way; these are the ones the rules and their examples name."
        print ""
        print "| subject | kind | measures | example sentence |"
        print "|---|---|---|---|"
        for (i = 1; i <= subject_count; i++) {
            s = subjects[i]
            print "| `" cell(s) "` | " subject_kind[s] " | " subject_measures[s] " | " cell(subject_example[s]) " |"
        }
    }' $(ls patterns/*.rules | LC_ALL=C sort)
}

begin='<!-- data-dictionary:begin (made by scripts/data_dictionary.sh --update) -->'
end='<!-- data-dictionary:end -->'

case "${1:-}" in
--update | --check)
    generated=$(mktemp)
    updated=$(mktemp)
    trap 'rm -f "$generated" "$updated"' EXIT
    generate >"$generated"
    awk -v begin="$begin" -v end="$end" -v generated="$generated" '
        $0 == begin { print; while ((getline line < generated) > 0) print line; skipping = 1; next }
        $0 == end { skipping = 0 }
        !skipping { print }' README.md >"$updated"
    if [ "$1" = "--update" ]; then
        cat "$updated" >README.md
    elif ! cmp -s "$updated" README.md; then
        echo "README.md's data dictionary is out of date: run sh scripts/data_dictionary.sh --update" >&2
        exit 1
    fi
    ;;
"") generate ;;
*) echo "usage: sh scripts/data_dictionary.sh [--update|--check]" >&2; exit 2 ;;
esac
