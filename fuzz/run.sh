#!/usr/bin/env bash
# Runs every libFuzzer target for a while: fuzz/run.sh [seconds-per-target] (default 600;
# 0 only builds them).
# Builds the `fuzz` preset (clang, build/fuzz) first. Each target starts from its seed corpus
# in fuzz/corpus/<target>/ (read-only: new inputs go to build/fuzz/corpus/<target>/). A crash
# input is written to build/fuzz/crashes/<target>/; the script then fails. Turn every crash
# into a case of tests/data/bad (see its README.md) before fixing it.
set -euo pipefail
SECONDS_PER_TARGET="${1:-600}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${CIVICA_FUZZ_BUILD:-$ROOT/build/fuzz}"
# Every fuzz/fuzz_<name>.cpp is a target (fuzz/CMakeLists.txt builds the same list); a list of
# names in CIVICA_FUZZ_TARGETS (space-separated) runs only those.
if [ -n "${CIVICA_FUZZ_TARGETS:-}" ]; then
    read -r -a TARGETS <<<"$CIVICA_FUZZ_TARGETS"
else
    TARGETS=()
    for src in "$ROOT"/fuzz/fuzz_*.cpp; do
        name="$(basename "$src" .cpp)"
        TARGETS+=("${name#fuzz_}")
    done
fi

# The settings of the `fuzz` preset (CMakePresets.json), spelled out for older CMake.
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="${CIVICA_FUZZ_CXX:-clang++-14}" \
    "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1" \
    -DCIVICA_BUILD_FUZZ=ON "-DCIVICA_BUILD_TESTS=${CIVICA_FUZZ_WITH_TESTS:-OFF}" -DCIVICA_BUILD_EXAMPLES=OFF \
    -DCIVICA_BUILD_PYTHON=OFF -DCIVICA_INSTALL=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target "${TARGETS[@]/#/fuzz_}"
if [ "$SECONDS_PER_TARGET" = 0 ]; then
    exit 0  # build only
fi

failed=()
for t in "${TARGETS[@]}"; do
    work="$BUILD/corpus/$t"
    crashes="$BUILD/crashes/$t"
    mkdir -p "$work" "$crashes"
    printf '[fuzz] %-18s %ss ... ' "$t" "$SECONDS_PER_TARGET" >&2
    # -rss_limit_mb: a reader must not need more than this for inputs of at most -max_len.
    if "$BUILD/fuzz/fuzz_$t" "$work" "$ROOT/fuzz/corpus/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 -timeout=20 \
        -artifact_prefix="$crashes/" -print_final_stats=1 >"$BUILD/$t.log" 2>&1; then
        runs=$(grep -m1 'stat::number_of_executed_units' "$BUILD/$t.log" | awk '{print $2}')
        echo "ok (${runs:-?} runs)" >&2
    else
        echo "FAILED: see $BUILD/$t.log and $crashes/" >&2
        tail -30 "$BUILD/$t.log" >&2
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "[fuzz] crashes in: ${failed[*]}" >&2
    exit 1
fi
