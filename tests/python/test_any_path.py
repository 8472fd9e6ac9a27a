"""Any dataset path works everywhere, and nothing is lost in conversion, tried as a user would:
``civica convert`` on a real 360Giving file in GBP, ``civica info`` and ``civica report`` on
what it wrote, a dataset folder saved by Russian Excel (``;``, Windows-1251),
``civica.datasets.load`` of any path, and applications with their year, municipality and region
in one DataFrame.

Independent truth: the 360Giving file read with Python's json module (currency and award date
of every grant); the Excel folder written here by Python's csv module in Windows-1251 from the
bundled dataset's own CSV files; the DataFrame's context columns joined by hand with pandas
from the tables' own frames.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import civica
from conftest import REPO

ABCT = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
BUNDLED = REPO / "data" / "datasets" / "khanty-mansiysk-2020"


def run(*args: str, code: int = 0) -> subprocess.CompletedProcess:
    """`civica ARGS` as a user runs it: the console script installed with this interpreter's
    civica (not another one on PATH), else `python -m civica`."""
    script = Path(sys.executable).parent / "civica"
    cmd = [str(script), *args] if script.exists() else [sys.executable, "-m", "civica", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == code, (proc.stdout, proc.stderr)
    return proc


def test_convert_of_a_gbp_360giving_file_keeps_the_currency_and_the_award_dates(tmp_path: Path) -> None:
    grants = json.loads(ABCT.read_text(encoding="utf-8"))["grants"]
    out = tmp_path / "out.json"
    proc = run("convert", str(ABCT), str(out), "--to", "360giving")
    assert "GBP" in proc.stderr
    written = json.loads(out.read_text(encoding="utf-8"))["grants"]
    assert len(written) == len(grants) == 783
    assert [g["currency"] for g in written] == ["GBP"] * 783
    assert [g["awardDate"] for g in written] == [g["awardDate"][:10] for g in grants]
    # What the dataset has no place for goes along too, when both ends are 360Giving.
    assert [g["description"] for g in written] == [g["description"] for g in grants]
    assert [g.get("Website") for g in written] == [g.get("Website") for g in grants]
    ds = civica.io.read(out)
    assert ds.info.currency == "GBP"
    assert [a.decided for a in ds.applications] == [
        datetime.date.fromisoformat(g["awardDate"][:10]) for g in grants]


def test_info_and_validate_take_any_path_and_name_the_currency(tmp_path: Path) -> None:
    store = tmp_path / "grants.sqlite"
    run("convert", str(ABCT), str(store), "-q")
    info = run("info", str(store)).stdout
    assert "currency: GBP" in info
    assert "applications" in info and "783" in info
    as_json = json.loads(run("info", str(ABCT), "--json").stdout)
    assert as_json["currency"] == "GBP" and as_json["tables"]["applications"] == 783
    run("validate", str(store))


def _excel_folder(tmp_path: Path, source: Path = BUNDLED) -> Path:
    """A bundled dataset as Russian Excel saves a folder: every table `;`-separated in
    Windows-1251 with decimal commas ("357400,00"), the manifest kept (written here by Python's
    csv module)."""
    folder = tmp_path / ("excel-" + source.name)
    folder.mkdir()
    shutil.copy(source / "manifest.json", folder / "manifest.json")
    decimal = re.compile(r"^-?\d+\.\d+$")
    for table in source.glob("*.csv"):
        with open(table, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        rows = [[v.replace(".", ",") if decimal.match(v) else v for v in row] for row in rows]
        with open(folder / table.name, "w", encoding="cp1251", newline="") as f:
            csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(rows)
    return folder


def test_a_folder_saved_by_russian_excel_with_decimal_commas_loads_equal(tmp_path: Path) -> None:
    source = BUNDLED.parent / "khanty-mansiysk-2020-synthetic"
    folder = _excel_folder(tmp_path, source)
    applications = (folder / "applications.csv").read_bytes().decode("cp1251")
    assert re.search(r";\d+,\d\d;", applications)  # money as Excel writes it
    assert civica.io.read(folder) == civica.io.read(source)


def test_report_info_and_load_read_a_folder_saved_by_russian_excel(tmp_path: Path) -> None:
    folder = _excel_folder(tmp_path)
    raw = (folder / "indicators.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert civica.io.guess_format(folder) == "csv"
    assert civica.datasets.load(str(folder)) == civica.datasets.load("khanty-mansiysk-2020")
    report = run("report", "--dataset", str(folder)).stdout
    assert report == run("report").stdout
    info = run("info", str(folder)).stdout
    assert "more than 300" in info


def test_datasets_load_reads_every_format_civica_reads(tmp_path: Path) -> None:
    ds = civica.io.read(ABCT)
    for name in ("s.sqlite", "t.json", "folder"):
        civica.io.write(ds, tmp_path / name)
        assert civica.datasets.load(tmp_path / name) == ds, name
    assert civica.datasets.load(ABCT) == ds
    # A bytes path, as io.read takes it (it was "a bytes-like object is required, not 'str'").
    assert civica.datasets.load(os.fsencode(tmp_path / "t.json")) == ds
    assert civica.datasets.load(b"khanty-mansiysk-2020") == civica.datasets.load("khanty-mansiysk-2020")
    with pytest.raises(civica.NotFoundError, match="khanty-mansiysk-2020"):
        civica.datasets.load("no-such-dataset")
    with pytest.raises(civica.ParseError, match="currency"):
        bad = tmp_path / "bad.json"
        bad.write_text(ABCT.read_text(encoding="utf-8").replace('"GBP"', '"gbp"', 1), encoding="utf-8")
        civica.datasets.load(bad)


def test_applications_to_pandas_gives_year_municipality_and_region_without_joins() -> None:
    ds = civica.synth.national(applications=3000, regions=5, seed=3)
    frame = ds.applications.to_pandas(context=True)
    plain = ds.applications.to_pandas()
    assert list(frame.columns) == list(plain.columns) + ["year", "municipality", "region"]
    # The same join by hand.
    comps = ds.competitions.to_pandas()[["id", "year"]].rename(columns={"id": "competition"})
    orgs = ds.organizations.to_pandas()[["id", "municipality"]].rename(columns={"id": "applicant"})
    munis = ds.municipalities.to_pandas()[["id", "region"]].rename(columns={"id": "municipality"})
    joined = (plain[["competition", "applicant"]].merge(comps, on="competition", how="left")
              .merge(orgs, on="applicant", how="left").merge(munis, on="municipality", how="left"))
    assert frame["year"].tolist() == joined["year"].tolist()
    assert frame["municipality"].astype(object).tolist() == joined["municipality"].tolist()
    assert frame["region"].astype(object).tolist() == joined["region"].tolist()
    assert frame["region"].nunique() == 5
    with pytest.raises(civica.ValidationError, match="applications"):
        ds.organizations.to_pandas(context=True)


def test_a_currency_that_is_not_an_iso_code_is_refused_where_it_is_set() -> None:
    ds = civica.datasets.load("khanty-mansiysk-2020")
    with pytest.raises(civica.ValidationError, match="\"rubles\" is not an ISO 4217 code"):
        ds.info.currency = "rubles"
    assert ds.info.currency == "RUB"
    ds.info.currency = "GBP"
    assert ds.info.currency == "GBP"
    with pytest.raises(civica.ValidationError, match="ISO 4217"):
        civica.DatasetInfo(currency="rub")
    with pytest.raises(civica.ValidationError, match="ISO 4217"):
        civica.Dataset(currency="")
