#!/usr/bin/env bash
# Installs civica and everything it needs (Debian packages, Python build tools), then checks
# that the `civica` command works. Run from anywhere: ./scripts/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ensure_system_packages
ensure_python_build_tools
install_civica office
command -v civica >/dev/null 2>&1 || { log "civica was installed but is not on PATH: try '$PYTHON -m civica'"; exit 1; }
log "installed civica $("$PYTHON" -c 'import civica; print(civica.__version__)')"
