# Shared by install.sh and test.sh: find Python, install missing system packages.
# shellcheck shell=bash
set -euo pipefail

CIVICA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$(command -v python3 || command -v python)}"

log() { printf '\033[1m[civica]\033[0m %s\n' "$*" >&2; }

# Install the Debian packages listed in the given files (default: scripts/system-packages.txt)
# that are missing.
ensure_system_packages() {
    local missing=()
    local pkg list
    [ $# -eq 0 ] && set -- "$CIVICA_ROOT/scripts/system-packages.txt"
    for list in "$@"; do
        while read -r pkg; do
            pkg="${pkg%%#*}"; pkg="${pkg//[[:space:]]/}"
            [ -z "$pkg" ] && continue
            dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
        done < "$list"
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "missing system packages: ${missing[*]} (no apt-get here: install them by hand)"
        exit 1
    fi
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build tools for the Python extension (installed into the current interpreter).
ensure_python_build_tools() {
    "$PYTHON" -m pip install -q --disable-pip-version-check \
        "scikit-build-core>=0.10" "pybind11>=2.12" "cmake>=3.20" ninja numpy pandas
}

# Build and install civica (C++ core + Python package) into the current interpreter.
# The build folder is kept so that a second install only recompiles what changed.
install_civica() {
    local extras="${1:-}"
    log "building and installing civica${extras:+[$extras]} (the first build takes a few minutes)"
    "$PYTHON" -m pip install -q --disable-pip-version-check --no-build-isolation \
        -Cbuild-dir="$CIVICA_ROOT/build/python" "$CIVICA_ROOT${extras:+[$extras]}"
    # pyenv only sees new console scripts after a rehash.
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash || true; fi
}
