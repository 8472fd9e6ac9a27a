"""examples/notebooks/reporting_calendars.ipynb runs from top to bottom, and the city's calendars
it builds hold the deadlines the law sets (../shared/DOMAIN.md section 5), checked here against
dates and weekdays worked out without civica."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("matplotlib")
pytest.importorskip("ipykernel")
civica = pytest.importorskip("civica")

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "reporting_calendars.ipynb"

# Appended to the notebook: what the test checks, as JSON.
CHECK = r'''
import json
print("CIVICA-CHECK " + json.dumps({
    "ngos": len(ngos),
    "organizations": int(city["organization"].nunique()),
    "rows": len(city),
    "per_month": int(per_month.sum()),
    "month_bars": len(ax_months.patches),
    "minjust": sorted(city[city["recipient"].str.startswith("Минюст")]
                      .groupby("organization")["date"].min().dt.strftime("%Y-%m-%d").unique()),
    "accounts": sorted(city[city["report"].str.startswith("Годовая бухгалтерская")]
                       ["date"].dt.strftime("%Y-%m-%d").unique()),
    "grant_ids": sorted(set(city["grant_id"]) - {""}),
    "deadlines": [[o.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d"), bool(s)]
                  for o, d, s in city[["original_date", "date", "shifted"]].drop_duplicates().itertuples(index=False)],
    "ics_events": ics.count("BEGIN:VEVENT"),
    "winner_rows": int((city["organization"] == winner.id).sum()),
    "file": path.read_bytes().count(b"\r\n") > 0,
}))
'''

# Days off of 2021 that DOMAIN.md section 6 names: Labour Code art. 112 holidays and the days
# made non-working by presidential decree.
HOLIDAYS_2021 = {dt.date(2021, 1, d) for d in range(1, 9)} | {
    dt.date(2021, 2, 23), dt.date(2021, 3, 8), dt.date(2021, 5, 1), dt.date(2021, 5, 9),
    dt.date(2021, 6, 12), dt.date(2021, 11, 4)} | {dt.date(2021, 5, d) for d in range(4, 8)} | {
    dt.date(2021, 10, 30), dt.date(2021, 10, 31), dt.date(2021, 11, 1), dt.date(2021, 11, 2), dt.date(2021, 11, 3)}


def test_the_reporting_calendars_notebook_runs_and_keeps_the_legal_deadlines(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK))
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}}, allow_errors=False)
    client.execute()  # raises CellExecutionError naming the cell when one fails
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("output_type") == "stream")
    s = json.loads(next(ln for ln in text.splitlines() if ln.startswith("CIVICA-CHECK "))[len("CIVICA-CHECK "):])

    # The socially oriented NGOs of the city, counted with pandas: each has its calendar.
    km = civica.synth.khanty_mansiysk_2020()
    orgs = km.organizations.to_pandas()
    city_ngos = orgs[(orgs["municipality"] == "khanty-mansiysk") & orgs["nonprofit"] & orgs["socially_oriented"]]
    assert s["ngos"] == s["organizations"] == len(city_ngos) > 0
    assert s["per_month"] == s["rows"] and s["month_bars"] == 12

    # The Ministry of Justice report on 2020 is due 15 April 2021, a Thursday; the accounting
    # statements 31 March 2021, a Wednesday: working days, so no NGO's date moves.
    assert dt.date(2021, 4, 15).weekday() == 3 and dt.date(2021, 3, 31).weekday() == 2
    assert s["minjust"] == ["2021-04-15"]
    assert s["accounts"] == ["2021-03-31"]

    # A deadline on a weekend or a day off moves to a later day (Tax Code art. 6.1 p. 7, Civil
    # Code art. 193), and only such a deadline moves.
    assert s["deadlines"]
    for original, date, shifted in s["deadlines"]:
        o, d = dt.date.fromisoformat(original), dt.date.fromisoformat(date)
        off = o.weekday() >= 5 or o in HOLIDAYS_2021
        if off:
            assert shifted and d > o, (original, date)
        if not shifted:
            assert d == o and not off, (original, date)

    # Grant reports: every application the city's NGOs won in 2020 whose project ends by the end
    # of November 2021 has its final reports (30 days after the end) in the 2021 calendars.
    apps = km.applications.to_pandas(context=True)
    won = apps[(apps["status"] == "winner") & (apps["year"] == 2020) & apps["applicant"].isin(city_ngos["id"])]
    ending = won[(won["implementation_end"] >= "2021-01-01") & (won["implementation_end"] <= "2021-11-30")]
    assert len(ending) > 0
    assert set(ending["id"]) <= set(s["grant_ids"]) <= set(won["id"])

    # The iCalendar file: one event per deadline of the NGO, CRLF line ends kept on disk.
    assert s["ics_events"] == s["winner_rows"] > 0
    assert s["file"]
