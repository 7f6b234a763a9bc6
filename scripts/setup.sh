#!/bin/sh
# setup.sh - on a fresh Debian machine: install what is missing, build, and
# run cnfiscal on the shipped samples (samples/: a composed budget text and
# a generated final-accounts PDF).  Prints where the CSV files went.
set -eu
cd "$(dirname "$0")/.."
. scripts/dependencies.sh
cnfiscal_install_dependencies
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target cnfiscal >/dev/null
rm -rf out-sample
status=0
build/cnfiscal extract samples -o out-sample || status=$?
echo
echo "Wrote: $(pwd)/out-sample/facts.csv, tables.csv, checks.csv, documents.csv"
echo "First facts:"
head -n 6 out-sample/facts.csv
exit $status
