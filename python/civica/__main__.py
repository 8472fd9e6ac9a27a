"""``python -m civica`` runs the command-line tool (same as ``civica``)."""

import sys

from .cli import main

if __name__ == "__main__":  # not on an import (pydoc, stubtest, doc generators walk every module)
    sys.exit(main())
