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
