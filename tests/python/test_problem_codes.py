"""One fault, one problem: the same broken rows in a dataset folder, an SQLite store and a
Parquet folder are named with the same check code, field and record by every reader.

Independent truth: the dataset folder's check (``civica.io.problems`` of the folder), whose
scanner tests INNs, amounts and dates in its own code; the SQLite and Parquet readers add their
rows through the model's bulk loads, which must give the same codes for the same rules."""

from __future__ import annotations

import csv
import datetime
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

import civica

pa = pytest.importorskip("pyarrow")
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402


@pytest.fixture(scope="module")
def national() -> civica.Dataset:
    return civica.synth.national(applications=300, regions=1, seed=3)


def _faults(ds: civica.Dataset):
    """The rows to break: an organisation (its INN), and three applications of other applicants
    (an award on a rejected one, a negative request, an implementation that ends before it
    starts, an outcome decided before the application was submitted). Each as (table, id, column, folder text, SQLite value, Parquet value)."""
    apps = ds.applications.to_pandas()
    orgs = ds.organizations.to_pandas()
    org = orgs[orgs["inn"].str.len() == 10].iloc[0]
    inn = org["inn"]
    bad_inn = inn[:-1] + str((int(inn[-1]) + 1) % 10)
    others = apps[apps["applicant"] != org["id"]]
    rejected = others[others["status"] == "rejected"].iloc[0]["id"]
    rest = others[(others["id"] != rejected) & others["implementation_start"].notna() & others["submitted"].notna()]
    negative, early, undecided = rest.iloc[0]["id"], rest.iloc[1]["id"], rest.iloc[2]["id"]
    return [
        ("organizations", org["id"], "inn", bad_inn, bad_inn, bad_inn),
        ("applications", rejected, "awarded", "100.00", 10000, Decimal("100.00")),
        ("applications", negative, "requested", "-5.00", -500, Decimal("-5.00")),
        ("applications", early, "implementation_end", "2000-01-01", "2000-01-01", datetime.date(2000, 1, 1)),
        ("applications", undecided, "decided", "2000-01-01", "2000-01-01", datetime.date(2000, 1, 1)),
    ]


def _edit_folder(folder: Path, faults) -> None:
    for table, rid, column, text, _, _ in faults:
        path = folder / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("id")] == rid:
                row[header.index(column)] = text
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)


def _edit_sqlite(db: Path, faults) -> None:
    con = sqlite3.connect(db)
    for table, rid, column, _, value, _ in faults:
        assert con.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, rid)).rowcount == 1
    con.commit()
    con.close()


def _edit_parquet(folder: Path, faults) -> None:
    for table, rid, column, _, _, value in faults:
        path = folder / f"{table}.parquet"
        data = pq.read_table(path)
        values = data.column(column).to_pylist()
        ids = data.column("id").to_pylist()
        values[ids.index(rid)] = value
        i = data.column_names.index(column)
        data = data.set_column(i, column, pa.array(values, type=data.schema.field(column).type))
        pq.write_table(data, path)


def _named(problems, ids) -> set:
    return {(p.record_id, p.check, p.field) for p in problems if p.severity == "error" and p.record_id in ids}


def test_a_broken_row_has_the_same_code_field_and_record_in_every_format(tmp_path: Path, national) -> None:
    faults = _faults(national)
    ids = {f[1] for f in faults}
    folder = tmp_path / "city"
    civica.io.write(national, folder)
    _edit_folder(folder, faults)
    truth = _named(civica.io.problems(folder), ids)
    assert {(c, f) for _, c, f in truth} == {("invalid_inn", "inn"), ("awarded_not_winner", "awarded"),
                                              ("negative_money", "requested"),
                                              ("end_before_start", "implementation_end"),
                                              ("end_before_start", "decided")}

    db = tmp_path / "city.sqlite"
    civica.io.write(national, db)
    _edit_sqlite(db, faults)
    parquet = tmp_path / "city.parquet"
    civica.io.write(national, parquet)
    _edit_parquet(parquet, faults)
    for path in (folder, db, parquet):
        skipped: list = []
        civica.io.read(path, on_error="skip", problems=skipped)
        assert _named(skipped, ids) == truth, path.name
        # The applications of the left-out organisation follow it, each as a reference to it.
        cascade = [p for p in skipped if p.record_id not in ids]
        assert cascade and {p.check for p in cascade} == {"unknown_reference"}, path.name


def test_a_validation_error_carries_its_check_and_field(national) -> None:
    ds = civica.Dataset()
    with pytest.raises(civica.ValidationError) as e:
        ds.add(civica.Organization(id="o1", full_name="Фонд", inn="7707083894"))
    assert (e.value.check, e.value.field) == ("invalid_inn", "inn")
    ds.add(civica.Organization(id="o1", full_name="Фонд"))
    with pytest.raises(civica.ValidationError) as e:
        ds.add(civica.Organization(id="o1", full_name="Союз"))
    assert (e.value.check, e.value.field) == ("duplicate_id", "id")
    with pytest.raises(civica.ValidationError) as e:
        ds.add(civica.Meeting(id="m1", body="nowhere", held=datetime.date(2020, 1, 1)))
    assert (e.value.check, e.value.field) == ("unknown_reference", "body")
    # A ValidationError raised by hand has the class's defaults.
    assert (civica.ValidationError("x").check, civica.ValidationError("x").field) == ("rule", None)


# A copy of row `source` of `table` added at its end with the id `rid`, its `blank` column emptied
# (no INN shared with the original, no amount requested), in each format.
def _repeat_folder(folder: Path, table: str, source: str, rid: str, blank: str) -> None:
    path = folder / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    copy = list(next(r for r in rows[1:] if r[header.index("id")] == source))
    copy[header.index("id")] = rid
    if blank:
        copy[header.index(blank)] = ""
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerow(copy)


def _repeat_sqlite(db: Path, table: str, source: str, rid: str, blank: str) -> None:
    con = sqlite3.connect(db)
    # civica's store holds each id once (a unique index); a table another tool made may not.
    for name, in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql LIKE "
                             "'%UNIQUE%'", (table,)).fetchall():
        con.execute(f"DROP INDEX {name}")
    con.execute(f"INSERT INTO {table} SELECT * FROM {table} WHERE id = ?", (source,))
    con.execute(f"UPDATE {table} SET id = ?, {blank} = ? WHERE rowid = last_insert_rowid()",
                (rid, "" if blank == "inn" else None))
    con.commit()
    con.close()


def _repeat_parquet(folder: Path, table: str, source: str, rid: str, blank: str) -> None:
    path = folder / f"{table}.parquet"
    data = pq.read_table(path)
    row = data.filter(pc.equal(data.column("id"), source))
    row = row.set_column(row.column_names.index("id"), "id", pa.array([rid], row.schema.field("id").type))
    if blank:
        i = row.column_names.index(blank)
        empty = "" if blank == "inn" else None
        row = row.set_column(i, blank, pa.array([empty], row.schema.field(blank).type))
    pq.write_table(pa.concat_tables([data, row]), path)


def test_a_row_reusing_the_id_of_a_row_left_out_is_a_duplicate_in_every_format(tmp_path: Path, national) -> None:
    """Skip mode leaves out a broken organisation and a broken application; a later row with the
    same id (another tool's copy) is a duplicate_id left out too in a folder, an SQLite store and
    a Parquet folder alike (truth: the folder's check, which keeps every row's id), not the
    record the references find in the left-out row's place."""
    faults = _faults(national)[:3:2]  # the organisation's INN, an application's negative request
    org, app = faults[0][1], faults[1][1]
    orgs = national.organizations.to_pandas()
    other_org = orgs[orgs["id"] != org].iloc[0]["id"]
    apps = national.applications.to_pandas()
    other_app = apps[(apps["id"] != app) & apps["requested_kopecks"].notna()].iloc[0]["id"]
    repeats = [("organizations", other_org, org, "inn"), ("applications", other_app, app, "requested")]
    expected = {(org, "invalid_inn", "inn"), (org, "duplicate_id", "id"),
                (app, "negative_money", "requested"), (app, "duplicate_id", "id")}

    folder = tmp_path / "city"
    civica.io.write(national, folder)
    _edit_folder(folder, faults)
    for r in repeats:
        _repeat_folder(folder, *r)
    assert _named(civica.io.problems(folder), {org, app}) == expected
    db = tmp_path / "city.sqlite"
    civica.io.write(national, db)
    _edit_sqlite(db, faults)
    for r in repeats:
        _repeat_sqlite(db, *r)
    parquet = tmp_path / "city.parquet"
    civica.io.write(national, parquet)
    _edit_parquet(parquet, faults)
    for r in repeats:
        _repeat_parquet(parquet, *r)
    for path in (folder, db, parquet):
        skipped: list = []
        ds = civica.io.read(path, on_error="skip", problems=skipped)
        assert _named(skipped, {org, app}) == expected, path.name
        assert org not in set(ds.organizations.to_pandas()["id"]), path.name
        assert app not in set(ds.applications.to_pandas()["id"]), path.name


# One faulty dataset as rows of cells (the text of each CSV cell), written here as a folder and
# as the JSON form by plain csv and json: each fault is one a folder's check names.
_FAULTY = {
    "municipalities": [{"id": "m1", "name": "Ханты-Мансийск"}],
    "organizations": [
        {"id": "o1", "full_name": "Фонд «Память»", "inn": "7707083893", "municipality": "m1"},
        {"id": "o2", "full_name": "Центр «Добро»", "inn": "1234567895", "municipality": "m1"},  # check digit
        {"id": "o1", "full_name": "Дубль", "municipality": "m1"},  # duplicate id
        {"id": "o4", "full_name": "Другое имя", "inn": "7707083893", "municipality": "m1"},  # shared INN
        {"id": "o5", "full_name": "Клуб", "municipality": "m9"},  # no such municipality
    ],
    "programmes": [{"id": "pr1", "name": "Гранты Губернатора Югры", "kind": "governor_ngo"}],
    "competitions": [
        {"id": "c1", "programme": "pr1", "year": "2020", "window_start": "2020-09-10", "window_end": "2020-10-16"},
        {"id": "c2", "programme": "pr1", "year": "2020", "window_start": "2020-10-16", "window_end": "2020-09-10"},
    ],
    "applications": [
        {"id": "a1", "competition": "c1", "applicant": "o1", "requested": "500000.00", "status": "winner",
         "awarded": "600000.00", "submitted": "2020-09-20"},  # awarded more than requested
        {"id": "a2", "competition": "c9", "applicant": "o1", "status": "submitted"},
        {"id": "a3", "competition": "c1", "applicant": "o2", "status": "rejected", "awarded": "50.00"},
        {"id": "a4", "competition": "c1", "applicant": "o1", "requested": "-5.00", "status": "submitted"},
        {"id": "a5", "competition": "c1", "applicant": "o1", "requested": "12,5", "status": "submitted"},
        {"id": "a6", "competition": "c1", "applicant": "o2", "status": "submitted"},  # of the bad INN's row
    ],
    "bodies": [{"id": "b1", "name": "Общественная палата", "kind": "public_chamber"}],
    "meetings": [{"id": "mt1", "body": "b1", "date": "2020-02-30"},
                 {"id": "mt2", "body": "b1", "date": "2020-03-05", "attendance": "-3"}],
    "indicators": [{"key": "councils.meetings", "year": "2020", "value": "59"},
                   {"key": "councils.meetings", "year": "2020", "value": "60"},
                   {"key": "ngo.fake_key", "year": "2020", "value": "1"}],
}


def test_the_json_form_is_checked_as_a_folder_is(tmp_path: Path) -> None:
    """civica validate / io.problems of the JSON form list what they list for the same rows in a
    folder: every fault of every row with its code, field and record, no row called bad for the
    fault of a row it refers to (a skip read lists those), and the same warnings."""
    import json

    folder = tmp_path / "faulty"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"format": "civica-dataset", "version": 1, "name": "faulty"}',
                                          encoding="utf-8")
    for table, rows in _FAULTY.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, columns, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    form = tmp_path / "faulty.json"
    form.write_text(json.dumps({"format": "civica-dataset-json", "version": 1, "info": {"name": "faulty"},
                                "tables": _FAULTY}, ensure_ascii=False), encoding="utf-8")

    def named(problems):
        return sorted((p.severity, p.check, p.field, p.record_id) for p in problems)

    truth = civica.io.problems(folder)
    assert {p.check for p in truth if p.severity == "error"} >= {
        "invalid_inn", "duplicate_id", "unknown_reference", "end_before_start", "negative_money",
        "awarded_not_winner", "bad_value", "negative_value"}
    got = civica.io.problems(form)
    assert named(got) == named(truth)
    # Placed by JSON path: tables.organizations[1] is the row with the bad INN.
    inn = next(p for p in got if p.check == "invalid_inn")
    assert not inn.line and inn.message.startswith("tables.organizations[1].inn: ") and inn.record_id == "o2"
    # A skip read of either leaves out the rows referring to a left-out one too, and says so.
    for source in (folder, form):
        skipped: list = []
        civica.io.read(source, on_error="skip", problems=skipped)
        assert "a6" in {p.record_id for p in skipped if p.check == "unknown_reference"}, source.name
    assert "a6" not in {p.record_id for p in got}


def test_a_skip_read_without_a_problems_list_warns_of_the_records_it_left_out(tmp_path: Path, national) -> None:
    """A notebook that reads with on_error="skip" and passes no problems list is told how many
    records were left out, and the first; with the list, or when nothing is left out, no warning."""
    import warnings

    folder = tmp_path / "city"
    civica.io.write(national, folder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        civica.io.read(folder, on_error="skip")  # nothing left out: no warning
    _edit_folder(folder, _faults(national))
    listed: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        civica.io.read(folder, on_error="skip", problems=listed)
    left_out = [p for p in listed if p.severity == "error"]
    with pytest.warns(civica.io.RecordsLeftOutWarning) as w:
        civica.io.read(folder, on_error="skip")
    warning = w[0].message
    assert [str(p) for p in warning.problems] == [str(p) for p in left_out]
    assert f"left out {len(left_out)} records" in str(warning) and str(left_out[0]) in str(warning)


def test_the_json_form_check_takes_the_dialect_and_codes_the_file_s_head_as_a_manifest(tmp_path: Path) -> None:
    """The check of the JSON form reads in the dialect a read would (decimal commas, "3,7 млн"),
    names a fault of the version or info with a manifest's codes (newer_version, bad_manifest)
    and its key, and says a row that is no object once."""
    import json

    def form(name, info=None, version=1, rows=None):
        path = tmp_path / name
        body = {"format": "civica-dataset-json", "version": version, "info": info or {"name": "x"},
                "tables": {"programmes": rows or [{"id": "pr1", "name": "Гранты"}]}}
        path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        return path

    money = tmp_path / "money.json"
    money.write_text(json.dumps({"format": "civica-dataset-json", "version": 1, "tables": {
        "organizations": [{"id": "o1", "full_name": "Фонд"}],
        "programmes": [{"id": "pr1"}], "competitions": [{"id": "c1", "programme": "pr1", "year": 2020}],
        "applications": [{"id": "a1", "competition": "c1", "applicant": "o1", "status": "submitted",
                          "requested": "3,7 млн", "cofunding": "500,50"}]}}, ensure_ascii=False), encoding="utf-8")
    civica.io.read(money, decimal_comma=True, lenient_money=True)  # what the check must agree with
    assert [p for p in civica.io.problems(money, decimal_comma=True, lenient_money=True)
            if p.severity == "error"] == []
    assert {p.check for p in civica.io.problems(money)} == {"bad_value"}

    def head(path):
        return [(p.check, p.field) for p in civica.io.problems(path) if p.severity == "error"]

    assert head(form("newer.json", version=99)) == [("newer_version", "version")]
    assert head(form("currency.json", info={"name": "x", "currency": "рубли"})) == [("bad_manifest", "currency")]
    assert head(form("key.json", info={"name": "x", "year": 2020})) == [("bad_manifest", "year")]
    assert head(form("row.json", rows=[{"id": "pr1"}, "не объект"])) == [("bad_value", None)]


def test_rows_without_an_id_are_missing_values_not_duplicates_in_a_skip_read(tmp_path: Path, national) -> None:
    """Two rows with no id, and a row left out at a negative SQLite rowid (another tool's table)
    followed by one with its id: each as a folder's check names it."""
    db = tmp_path / "city.sqlite"
    civica.io.write(national, db)
    con = sqlite3.connect(db)
    for name, in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%UNIQUE%'").fetchall():
        con.execute(f"DROP INDEX {name}")
    org, other = [r[0] for r in con.execute(
        "SELECT id FROM organizations WHERE inn <> '' ORDER BY rowid LIMIT 2 OFFSET 5")]
    # The first organisation moves to rowid -5 with a wrong INN; a copy of the second under its id
    # comes after it.
    con.execute("UPDATE organizations SET rowid = -5, inn = '7707083894' WHERE id = ?", (org,))
    con.execute("INSERT INTO organizations SELECT * FROM organizations WHERE id = ?", (other,))
    con.execute("UPDATE organizations SET id = ?, inn = '' WHERE rowid = last_insert_rowid()", (org,))
    apps = [r[0] for r in con.execute("SELECT rowid FROM applications ORDER BY rowid LIMIT 2")]
    con.executemany("UPDATE applications SET id = '' WHERE rowid = ?", [(r,) for r in apps])
    con.commit()
    con.close()
    skipped: list = []
    civica.io.read(db, on_error="skip", problems=skipped)
    assert [(p.record_id, p.check) for p in skipped if p.file == "organizations"] == [(org, "invalid_inn"),
                                                                                      (org, "duplicate_id")]
    assert [p.check for p in skipped if p.file == "applications" and p.line in apps] == ["missing_value"] * 2


def test_the_warning_names_the_caller_and_pickles(tmp_path: Path, national) -> None:
    """RecordsLeftOutWarning points at the user's line, not at the civica function that called
    read(), and survives pickling (a worker process sends it back)."""
    import pickle
    import warnings

    folder = tmp_path / "city"
    civica.io.write(national, folder)
    _edit_folder(folder, _faults(national))
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        civica.datasets.load(folder, on_error="skip")  # read() called from inside civica
    found = [x for x in w if issubclass(x.category, civica.io.RecordsLeftOutWarning)]
    assert len(found) == 1 and found[0].filename == __file__
    again = pickle.loads(pickle.dumps(found[0].message))
    assert str(again) == str(found[0].message) and len(again.problems) == len(found[0].message.problems)


def test_a_status_that_cannot_be_read_says_nothing_of_its_monitoring(tmp_path: Path) -> None:
    # A winner's status typed "won" was a bad_value, and its monitoring row was also warned of as
    # the monitoring of an application that "did not win": a claim made from a value civica could
    # not read. A status read as rejected still gets the warning.
    from conftest import edit_applications

    folder = tmp_path / "km"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), folder, "civica")
    with (folder / "monitoring.csv").open(encoding="utf-8") as f:
        monitored = [r["application"] for r in csv.DictReader(f)]
    unread, rejected = monitored[0], monitored[1]
    edit_applications(folder, lambda i, row: row.update(status="won") if row["id"] == unread else
                      row.update(status="rejected", awarded="") if row["id"] == rejected else None)
    found = civica.io.problems(folder)
    assert [(p.check, p.record_id) for p in found if p.field == "status"] == [("bad_value", unread)]
    warned = [p.message for p in found if p.check == "monitoring_of_non_winner"]
    assert len(warned) == monitored.count(rejected) and all(rejected in m for m in warned), warned
