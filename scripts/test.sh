#!/bin/sh
# test.sh - builds cnfiscal and runs the whole test suite, twice: a normal
# build, then one with AddressSanitizer + UndefinedBehaviorSanitizer.
# The end-to-end tests read ../shared/corpus when it is there and skip with
# a message when it is not.  Used by CI (.ci/run).
set -eu
cd "$(dirname "$0")/.."
. scripts/dependencies.sh
cnfiscal_install_dependencies
jobs=$(nproc)

echo "== build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== rule examples"
build/cnfiscal patterns --check
echo "== README data dictionary matches the rules"
sh scripts/data_dictionary.sh --check
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build with AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DCNFISCAL_SANITIZE=ON >/dev/null
cmake --build build-sanitize -j"$jobs"
echo "== tests under the sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j"$jobs"

# ---- batch robustness: valgrind and fuzzing (owned with cli/batch*, fuzz/) ----

echo "== valgrind: cnfiscal extract --jobs 1 over a few documents"
corpus=../shared/corpus
if [ ! -d "$corpus/pdf" ] || [ ! -d "$corpus/seeds" ]; then
    echo "skipped: $corpus is absent"
elif ! command -v valgrind >/dev/null 2>&1; then
    echo "skipped: valgrind is not installed"
else
    valgrind_dir=$(mktemp -d "${TMPDIR:-/tmp}/cnfiscal-valgrind-XXXXXX")
    first_pdf=$(ls "$corpus"/pdf/*.pdf | head -n 1)
    first_seed=$(ls "$corpus"/seeds/*.txt | head -n 1)
    # Workers are forked (not exec'd), so valgrind follows them; each
    # process writes its own log and -q leaves a log empty when clean.
    # Exit status 1 only says some fixtures are unreadable, which they are.
    valgrind -q --leak-check=full --errors-for-leak-kinds=definite,possible \
        --suppressions=tests/valgrind.supp --log-file="$valgrind_dir/valgrind.%p.log" \
        build/cnfiscal extract -q --jobs 1 --timeout 0 --max-memory 0 \
        "$first_seed" "$first_pdf" samples tests/fixtures -o "$valgrind_dir/out" || [ $? -eq 1 ]
    if [ -n "$(cat "$valgrind_dir"/valgrind.*.log)" ]; then
        cat "$valgrind_dir"/valgrind.*.log
        echo "valgrind found errors or leaks (logs above)" >&2
        exit 1
    fi
    if grep -q "worker failed\|crashed" "$valgrind_dir/out/documents.csv"; then
        echo "a worker failed under valgrind:" >&2
        cat "$valgrind_dir/out/documents.csv" >&2
        exit 1
    fi
    echo "valgrind: no errors, no leaks ($(($(wc -l <"$valgrind_dir/out/documents.csv") - 1)) documents)"
    rm -rf "$valgrind_dir"
fi

echo "== fuzzing (${CNFISCAL_FUZZ_SECONDS:-60} s per target; clang)"
BUILD=build-fuzz sh fuzz/run.sh "${CNFISCAL_FUZZ_SECONDS:-60}"
