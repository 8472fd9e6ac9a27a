#!/usr/bin/env bash
# The sanitizer part of the test run (called by scripts/test.sh; docs/reliability.md). One clang
# build in build/sanitize serves both halves, so CI pays for one extra build, not two:
#   1. the whole GoogleTest suite built with AddressSanitizer + UndefinedBehaviorSanitizer and
#      run in one process (no Python, no consumer build);
#   2. every libFuzzer target (fuzz/fuzz_*.cpp) for CIVICA_FUZZ_SECONDS seconds each (default
#      15; 0 skips), starting from its seed corpus; a finding fails the run.
# The library is compiled with -fsanitize=fuzzer-no-link as well (coverage hooks, which the
# sanitizer runtime answers with no-ops in the test binary), exactly as the `fuzz` preset does.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

if ! command -v clang++-14 >/dev/null 2>&1; then
    echo "[civica] clang++-14 is missing: install the packages of scripts/system-packages-test.txt" >&2
    exit 1
fi

SAN_BUILD="${CIVICA_SANITIZE_BUILD:-$CIVICA_ROOT/build/sanitize}"
export CIVICA_FUZZ_BUILD="$SAN_BUILD" CIVICA_FUZZ_WITH_TESTS=ON
log "building the C++ tests and the fuzz targets with AddressSanitizer + UndefinedBehaviorSanitizer in $SAN_BUILD"
"$CIVICA_ROOT/fuzz/run.sh" 0
cmake --build "$SAN_BUILD" -j "$(nproc)" --target civica_tests

log "running the C++ tests under AddressSanitizer + UndefinedBehaviorSanitizer"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$SAN_BUILD/tests/civica_tests" --gtest_brief=1

FUZZ_SECONDS="${CIVICA_FUZZ_SECONDS:-15}"
if [ "$FUZZ_SECONDS" != 0 ]; then
    log "fuzzing every reader for ${FUZZ_SECONDS}s each"
    "$CIVICA_ROOT/fuzz/run.sh" "$FUZZ_SECONDS"
fi
