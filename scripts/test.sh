#!/usr/bin/env bash
# Runs every test suite: installs what is missing, builds the C++ library and its tests,
# installs the Python package, then ctest runs the GoogleTest suite, the find_package
# consumer build and pytest, then the sanitizer build and the fuzz targets. Extra arguments go to
# ctest (e.g. -R pytest).
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

# Then the C++ suite again under AddressSanitizer + UndefinedBehaviorSanitizer and every fuzz
# target for a short bounded time (scripts/sanitize.sh, docs/reliability.md).
# CIVICA_SANITIZE=0 leaves that out for a quicker local run.
if [ "${CIVICA_SANITIZE:-1}" != 0 ]; then
    "$CIVICA_ROOT/scripts/sanitize.sh"
fi
