#!/bin/sh
# fuzz/run.sh - builds the libFuzzer targets and runs each for SECONDS
# seconds (default 60); fails on the first crash, leak, sanitizer report or
# timeout.  Seeds: fuzz/seeds/ (composed texts and CSV files) plus the
# project's samples/ and tests/fixtures/ documents; new finds stay in the
# working corpus folder (printed) and crash inputs in fuzz-artifacts/.
#
# usage: sh fuzz/run.sh [SECONDS] [TARGET...]
#        BUILD=dir to build elsewhere than build-fuzz; FUZZ_SEED=n (default 1,
#        0 for a random seed); needs clang.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${BUILD:-$root/build-fuzz}
targets=${*:-"fuzz_normalize fuzz_patterns fuzz_tables_text fuzz_extract fuzz_csv_writer fuzz_csv_reader"}

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz: clang is needed (apt-get install clang)" >&2
    exit 1
fi
echo "== build fuzz targets ($build)"
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DCNFISCAL_SANITIZE=ON -DCNFISCAL_FUZZ=ON -DCNFISCAL_TESTS=OFF >/dev/null
# shellcheck disable=SC2086
cmake --build "$build" -j"$(nproc)" --target $targets >/dev/null

work=${FUZZ_WORK:-$build/fuzz-corpus}
# A fixed seed makes a CI run repeatable (FUZZ_SEED=0 lets libFuzzer pick).
fuzz_seed=${FUZZ_SEED:-1}
artifacts=$root/fuzz-artifacts
mkdir -p "$work" "$artifacts"

# Seeds for one target into its working corpus folder.
seed() {
    target=$1
    folder=$work/$target
    mkdir -p "$folder"
    case $target in
    fuzz_normalize | fuzz_patterns | fuzz_tables_text)
        cp fuzz/seeds/text/* samples/*.txt tests/fixtures/*.txt "$folder"/ ;;
    fuzz_csv_writer | fuzz_csv_reader)
        cp fuzz/seeds/csv/* "$folder"/
        cp corpus/gold/*.csv "$folder"/ 2>/dev/null || true ;;
    fuzz_extract)
        # First byte even: read as a PDF; odd: as text.
        for file in samples/*.pdf tests/fixtures/*.pdf; do
            { printf '\000'; cat "$file"; } >"$folder/pdf-$(basename "$file")"
        done
        for file in fuzz/seeds/text/*; do
            { printf '\001'; cat "$file"; } >"$folder/text-$(basename "$file")"
        done ;;
    esac
}

failed=""
for target in $targets; do
    seed "$target"
    echo "== $target: $seconds s"
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/fuzz/$target" -max_total_time="$seconds" -seed="$fuzz_seed" -timeout=25 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
        "$work/$target" >"$work/$target.log" 2>&1; then
        tail -n 60 "$work/$target.log"
        echo "fuzz: $target FAILED (inputs in $artifacts)" >&2
        failed="$failed $target"
    else
        grep -E "stat::number_of_executed_units|cov:" "$work/$target.log" | tail -n 2
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: failures:$failed" >&2
    exit 1
fi
echo "fuzz: no crash in $seconds s per target"
