"""examples/notebooks/grant_trends.ipynb runs from top to bottom, and its figures hold what the
analyses computed (checked on the matplotlib objects, not on pixels)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "grant_trends.ipynb"

# Appended to the notebook: inspects the Axes the notebook made and prints a JSON summary.
CHECK = r'''
import json
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

def _lines(ax):
    return {str(ln.get_label()): len(ln.get_xdata()) for ln in ax.get_lines()}

summary = {
    "axes": {name: isinstance(obj, Axes) for name, obj in {
        "trend": ax_trend, "rank": ax_rank, "lorenz": ax_lorenz, "councils": ax_councils,
        "national": ax_national, "national_lorenz": ax_national_lorenz}.items()},
    "trend_bands": sum(isinstance(c, PolyCollection) for c in ax_trend.collections),
    "trend_lines": _lines(ax_trend),
    "rank_bars": len(ax_rank.patches),
    "rank_rows": int(rank_winners["rank"].notna().sum()),
    "rank_widths": [float(p.get_width()) for p in ax_rank.patches],
    "rank_values": [float(v) for v in rank_winners["value"]],
    "council_meetings": float(sum(p.get_height() for p in ax_councils.patches)),
    "lorenz_lines": _lines(ax_lorenz),
    "cagr": float(growth.value),
    "consistent": bool(check.attrs["consistent"]),
    "leaders": list(rank_winners.attrs["leaders"]),
    "national_growth": float(national_fit.annual_growth),
}
print("CIVICA-CHECK " + json.dumps(summary))
'''


def test_the_grant_trends_notebook_runs_and_draws_what_it_computed(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK))
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
        allow_errors=False,
    )
    client.execute()  # raises CellExecutionError naming the cell when one fails
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.get("output_type") == "error"]
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    line = next(ln for ln in text.splitlines() if ln.startswith("CIVICA-CHECK "))
    s = json.loads(line[len("CIVICA-CHECK "):])

    assert all(s["axes"].values()), s["axes"]
    assert s["trend_bands"] == 1
    assert s["trend_lines"]["winners"] == 4  # the four years 2017–2020
    assert s["rank_bars"] == s["rank_rows"]
    assert s["rank_widths"] == s["rank_values"]
    assert s["council_meetings"] == 59
    assert s["cagr"] == pytest.approx((52 / 7) ** (1 / 3) - 1)
    assert s["consistent"]
    assert s["leaders"] == ["khanty-mansiysk"]
    assert 0 < s["national_growth"] < 0.5
