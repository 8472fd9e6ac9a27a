"""What the suites of bench/run.py share: one definition of "the same number", the peers'
Gini, and running one system's worker in a process of its own."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path


def close(a, b, rel=1e-9, tiny=1e-12) -> bool:
    """Equal within `rel` of the larger, or within `tiny` of each other (a trend that is flat
    comes out of floating-point sums as 0 in one system and 1e-18 in another); strings and keys
    exactly; lists item by item; NaN equals NaN, and a peer's null is a NaN."""
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(close(x, y, rel, tiny) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    a, b = (math.nan if x is None else float(x) for x in (a, b))
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= rel * max(abs(a), abs(b)) or abs(a - b) <= tiny


def gini_sorted(x):
    """Gini of ascending values: Σ (2i − n − 1) x_i / (n Σx), i = 1..n (the peers' own code)."""
    import numpy as np
    n = len(x)
    i = np.arange(1, n + 1, dtype=np.float64)
    return float(((2 * i - n - 1) * x).sum() / (n * x.sum()))


def run_worker(cmd: list[str], system: str, out: Path) -> dict | None:
    """Runs one system's worker; its JSON output, or None (with the worker's error printed)
    when it failed."""
    r = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if r.returncode != 0:
        print(f"  {system}: failed\n{r.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(out.read_text(encoding="utf-8"))
