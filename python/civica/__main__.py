"""``python -m civica`` runs the command-line tool (same as ``civica``)."""

import sys

from .cli import main

sys.exit(main())
