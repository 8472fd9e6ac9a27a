"""Where a warning of civica should point: at the caller's code, not at civica's own."""

from __future__ import annotations

import os
import sys


def outside_civica() -> int:
    """The ``stacklevel`` of a warning raised in the function that calls this one that names the
    first caller outside the civica package (a notebook's cell, not civica.pgf.read)."""
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    level, frame = 2, sys._getframe(2)
    while os.path.abspath(frame.f_code.co_filename).startswith(package) and frame.f_back is not None:
        level, frame = level + 1, frame.f_back
    return level
