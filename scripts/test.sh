#!/usr/bin/env bash
# Runs every test suite: installs what is missing, builds the C++ library and its tests,
# installs the Python package, then ctest runs the GoogleTest suite, the find_package
# consumer build and pytest. Extra arguments go to ctest (e.g. -R pytest).
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ensure_system_packages "$CIVICA_ROOT/scripts/system-packages.txt" "$CIVICA_ROOT/scripts/system-packages-test.txt"
ensure_python_build_tools
install_civica test

BUILD="$CIVICA_ROOT/build/cpp"
log "building the C++ library and tests in $BUILD"
cmake -S "$CIVICA_ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCIVICA_BUILD_TESTS=ON -DCIVICA_WERROR=ON "-DPython3_EXECUTABLE=$PYTHON" >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
log "running the tests"
cd "$BUILD"
ctest --output-on-failure -j "$(nproc)" "$@"

# With CIVICA_SANITIZE=1: the C++ suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (the `asan` preset's settings, at -O1 to keep the build short), then every fuzz target
# briefly (docs/reliability.md). Two more full builds, so not part of the default run.
if [ "${CIVICA_SANITIZE:-0}" = 1 ]; then
    # $SECONDS so far lets sanitize.sh skip the fuzz runs when the build was slow.
    CIVICA_ELAPSED_BEFORE="$SECONDS" "$CIVICA_ROOT/scripts/sanitize.sh"
fi
