#!/usr/bin/env bash
# The sanitizer part of the test run (called by scripts/test.sh; docs/reliability.md):
#   1. builds the C++ tests with AddressSanitizer + UndefinedBehaviorSanitizer in build/asan
#      and runs the whole GoogleTest suite in one process (no Python, no consumer build);
#   2. runs every libFuzzer target for CIVICA_FUZZ_SECONDS seconds (default 15; 0 skips),
#      when clang is installed, unless the run so far (CIVICA_ELAPSED_BEFORE seconds from
#      scripts/test.sh plus this script's own) has passed CIVICA_FUZZ_DEADLINE seconds
#      (default 1200), which keeps the whole CI run well under 30 minutes on a slow machine.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ASAN_BUILD="$CIVICA_ROOT/build/asan"
log "building the C++ tests with AddressSanitizer + UndefinedBehaviorSanitizer in $ASAN_BUILD"
cmake -S "$CIVICA_ROOT" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
    -DCIVICA_BUILD_TESTS=ON -DCIVICA_BUILD_PYTHON=OFF -DCIVICA_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$ASAN_BUILD" -j "$(nproc)" --target civica_tests
log "running the C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$ASAN_BUILD/tests/civica_tests" --gtest_brief=1

FUZZ_SECONDS="${CIVICA_FUZZ_SECONDS:-15}"
ELAPSED=$(( ${CIVICA_ELAPSED_BEFORE:-0} + SECONDS ))
if [ "$FUZZ_SECONDS" != 0 ]; then
    if [ "$ELAPSED" -gt "${CIVICA_FUZZ_DEADLINE:-1200}" ]; then
        log "the run has taken ${ELAPSED}s already: the fuzz targets are skipped (fuzz/run.sh runs them)"
    elif command -v clang++-14 >/dev/null 2>&1; then
        log "fuzzing every reader for ${FUZZ_SECONDS}s each"
        "$CIVICA_ROOT/fuzz/run.sh" "$FUZZ_SECONDS"
    else
        log "clang++-14 is not installed: the fuzz targets are skipped"
    fi
fi
