#!/bin/sh
# dependencies.sh - makes sure the Debian packages cnfiscal needs are there.
#
# Sourced by setup.sh and test.sh.  As root it installs what is missing with
# apt-get; otherwise it prints the exact apt-get line to run and stops.
# Packages: the compiler and build tools, poppler-glib (+ poppler-data for
# the CJK CMaps government PDFs use), ICU, PCRE2, cmocka, and poppler-utils
# (pdftotext, for the benchmark), clang (fuzzing), valgrind (the memory
# check of scripts/test.sh) and time (/usr/bin/time, for bench/run.sh).

CNFISCAL_PACKAGES="build-essential cmake pkg-config libpoppler-glib-dev poppler-data \
libicu-dev libpcre2-dev libcmocka-dev poppler-utils clang valgrind time"

cnfiscal_missing_packages() {
    missing=""
    for package in $CNFISCAL_PACKAGES; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing="$missing $package"
        fi
    done
    echo "$missing"
}

cnfiscal_install_dependencies() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "cnfiscal: this is not a Debian-like system; install the equivalents of:" >&2
        echo "  $CNFISCAL_PACKAGES" >&2
        return 1
    fi
    missing=$(cnfiscal_missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "cnfiscal: missing packages:$missing" >&2
        echo "Run this, then run the command again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
        return 1
    fi
    echo "cnfiscal: installing:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq $missing >/dev/null
}
