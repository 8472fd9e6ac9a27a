"""Errors about a user's data reach the user as civica's own errors, readable, whatever the
bytes of the file: an amount written with a currency sign or in words, a JSON file saved in
Windows-1251. And the command line answers a wrong option with a message, not a traceback."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

civica = pytest.importorskip("civica")
from civica import io  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "data" / "folder" / "small"
BAD_INN = REPO / "tests" / "data" / "bad" / "pgf" / "bad_inn.csv"


def cli(*args):
    script = Path(sys.executable).parent / "civica"
    exe = str(script) if script.exists() else shutil.which("civica")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "civica", *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)


def folder_with_amount(tmp_path, amount: str) -> Path:
    """The small test folder with the first application's `requested` cell set to `amount`."""
    out = tmp_path / "city"
    shutil.copytree(SMALL, out)
    path = out / "applications.csv"
    text = path.read_text(encoding="utf-8")
    assert ",1234567.8," in text
    path.write_text(text.replace(",1234567.8,", f",{amount},", 1), encoding="utf-8")
    return out


@pytest.mark.parametrize("amount, shown", [("€100", "'€'"), ("много", "'м'"), ("100₽", "'₽'"),
                                           ("１００", "'１'")])
def test_an_amount_with_a_character_outside_ascii_is_a_parse_error_quoting_it(tmp_path, amount, shown):
    folder = folder_with_amount(tmp_path, amount)
    with pytest.raises(civica.ParseError) as e:
        io.read(folder)
    assert e.value.field == "requested" and e.value.line == 2
    assert f"unexpected character {shown}" in str(e.value)
    assert amount in e.value.reason

    found = []
    ds = io.read(folder, on_error="skip", problems=found)
    assert len(ds.applications) == len(io.read(SMALL).applications) - 1
    assert [p.field for p in found if p.is_error] == ["requested"]
    assert shown in found[0].message and shown in str(found[0]) and shown.strip("'") in repr(found[0])

    proc = cli("validate", str(folder))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and shown in proc.stdout


def test_a_json_file_in_windows_1251_is_an_error_about_the_file(tmp_path):
    # A Popolo file whose names were saved in Windows-1251: its bytes are not UTF-8.
    path = tmp_path / "council.json"
    path.write_bytes('{"organizations": [{"id": "c1", "name": "Общественный совет"}]}'.encode("cp1251"))
    with pytest.raises(civica.CivicaError) as e:
        io.read(path, format="popolo")
    assert not isinstance(e.value, UnicodeError)
    assert str(path.name) in str(e.value)
    proc = cli("validate", str(path), "--format", "popolo")
    assert proc.returncode in (1, 2), proc.stderr
    assert "Traceback" not in proc.stderr and "UnicodeDecodeError" not in proc.stderr + proc.stdout


def test_validate_calls_an_error_what_a_read_refuses():
    with pytest.raises(civica.CivicaError):
        io.read(BAD_INN, format="pgf")
    strict = cli("validate", str(BAD_INN), "--format", "pgf")
    assert strict.returncode == 1, (strict.stdout, strict.stderr)
    assert "INN" in strict.stdout and "1 error" in strict.stderr and "Traceback" not in strict.stderr
    # With the read's own leniency the checksum is a warning, and the read passes.
    found = []
    io.read(BAD_INN, format="pgf", lenient_identifiers=True, problems=found)
    assert found and all(p.severity == "warning" for p in found)
    lenient = cli("validate", str(BAD_INN), "--format", "pgf", "--lenient-identifiers")
    assert lenient.returncode == 0, (lenient.stdout, lenient.stderr)
    assert "warning" in lenient.stdout


@pytest.mark.parametrize("threads", [-1, 2.5, 2**32])
def test_threads_must_be_a_whole_number_of_zero_or_more(threads):
    with pytest.raises(civica.ValidationError, match="threads must be"):
        io.read(SMALL, threads=threads)


@pytest.mark.parametrize("threads", [True, "4"])
def test_threads_that_are_no_number_are_a_type_error(threads):
    # As any other whole-number argument of the Python API: a bool or text is a TypeError.
    with pytest.raises(TypeError, match="threads must be a whole number"):
        io.read(SMALL, threads=threads)


def test_zero_threads_is_every_core():
    registry = REPO / "tests" / "data" / "pgf" / "sample.csv"
    assert io.read(registry, threads=0) == io.read(registry, threads=None) == io.read(registry, threads=1)


def test_the_command_line_answers_a_wrong_option_with_a_message(tmp_path):
    bad_threads = cli("convert", str(SMALL), str(tmp_path / "out.sqlite"), "--threads", "-3")
    assert bad_threads.returncode == 2
    assert "Traceback" not in bad_threads.stderr and "threads" in bad_threads.stderr
    assert not (tmp_path / "out.sqlite").exists()
    bad_format = cli("validate", str(SMALL), "--format", "nosuch")
    assert bad_format.returncode == 2
    assert "Traceback" not in bad_format.stderr and "invalid choice: 'nosuch'" in bad_format.stderr


def test_a_folder_written_with_decimal_commas_reads_back_with_no_option(tmp_path):
    ds = civica.synth.khanty_mansiysk_2020()
    io.write(ds, tmp_path / "src")
    out = tmp_path / "comma"
    # Decimal commas go with ';' or tabs, as Excel writes them; with ',' they are refused.
    refused = cli("convert", str(tmp_path / "src"), str(out), "--to", "csv", "--out-decimal-comma")
    assert refused.returncode == 2 and "needs ';' or a tab" in refused.stderr, refused.stderr
    assert not out.exists()
    for separator in (";", "tab"):
        proc = cli("convert", str(tmp_path / "src"), str(out), "--to", "csv", "--out-decimal-comma",
                   "--out-separator", separator)
        assert proc.returncode == 0, proc.stderr
        assert io.guess_format(out) == "csv"
        assert io.read(out) == ds
        back = cli("convert", str(out), str(tmp_path / "back.sqlite"))
        assert back.returncode == 0, back.stderr
        assert io.read(tmp_path / "back.sqlite") == ds
    assert not io.problems(out, decimal_comma=True)


def test_civicas_own_popolo_file_is_read_without_naming_its_format(tmp_path):
    ds = civica.synth.national(applications=5000, seed=1)
    path = tmp_path / "national.json"
    io.write(ds, path, format="popolo")
    assert io.guess_format(path) == "popolo"
    proc = cli("info", str(path))
    assert proc.returncode == 0, proc.stderr


def test_360giving_flat_csv_to_360giving_keeps_every_cell(tmp_path):
    import csv

    source = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.csv"
    out = tmp_path / "out.csv"
    proc = cli("convert", str(source), str(out), "--to", "360giving")
    assert proc.returncode == 0, proc.stderr
    with open(source, encoding="utf-8-sig", newline="") as f:
        original = list(csv.DictReader(f))
    with open(out, encoding="utf-8-sig", newline="") as f:
        written = list(csv.DictReader(f))
    assert len(written) == len(original) == 783
    for a, b in zip(original, written):
        for column, value in a.items():
            if column == "Award Date":  # dd/mm/yyyy in the file, written as ISO
                d, m, y = value.split("/")
                assert b[column] == f"{y}-{m}-{d}"
            elif value:
                assert b.get(column) == value, (a["Identifier"], column)


def test_a_folder_of_misspelt_tables_is_an_error_not_an_empty_dataset(tmp_path):
    folder = tmp_path / "typo"
    folder.mkdir()
    (folder / "aplications.csv").write_text("id,competition\na1,c1\n", encoding="utf-8")
    with pytest.raises(civica.ParseError, match="none of the tables"):
        io.read(folder)
    proc = cli("validate", str(folder))
    assert proc.returncode == 1 and "aplications.csv" in proc.stdout, (proc.stdout, proc.stderr)
    out = tmp_path / "t.sqlite"
    proc = cli("convert", str(folder), str(out))
    assert proc.returncode == 2 and not out.exists(), proc.stderr


@pytest.mark.parametrize("make, check", [
    (lambda p: p.write_bytes(b"{\"persons\": [{\"id\": "), "unreadable"),     # Popolo, cut short
    # The JSON form's version is checked as a folder's manifest is.
    (lambda p: p.write_text("{\"format\": \"civica-dataset-json\", \"version\": 99}", encoding="utf-8"),
     "newer_version"),
])
def test_a_read_that_stops_on_the_whole_file_has_a_named_check(tmp_path, make, check):
    path = tmp_path / "data.json"
    make(path)
    found = io.problems(path)
    assert [p.check for p in found if p.is_error] == [check], found
    proc = cli("validate", str(path))
    assert proc.returncode == 1 and f"[{check}]" in proc.stdout, (proc.stdout, proc.stderr)


def test_a_store_that_cannot_be_opened_is_cannot_open(tmp_path):
    path = tmp_path / "data.civica"
    civica.io.write(civica.synth.khanty_mansiysk_2020(), path)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # the checksum no longer matches
    path.write_bytes(bytes(data))
    assert [p.check for p in io.problems(path) if p.is_error] == ["cannot_open"]


def test_a_damaged_workbook_is_said_to_be_one_not_a_csv_without_known_columns(tmp_path):
    pytest.importorskip("openpyxl")
    whole = tmp_path / "city.xlsx"
    io.write(io.read(SMALL), whole)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(civica.ParseError, match="not an Excel workbook .*cut short"):
        io.guess_format(cut)
    with pytest.raises(civica.ParseError, match="not an Excel workbook"):
        io.read(cut)
    # validate lists it as the one (unreadable) problem of the file.
    proc = cli("validate", str(cut))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "not an Excel workbook" in proc.stdout and "[unreadable]" in proc.stdout and "header" not in proc.stdout
    # A zip that is not a workbook, whatever its name, is said to be a zip without a workbook.
    import zipfile

    with zipfile.ZipFile(tmp_path / "tables.zip", "w") as z:
        z.writestr("applications.csv", "id\n")
    with pytest.raises(civica.ParseError, match="zip without xl/workbook.xml"):
        io.read(tmp_path / "tables.zip")
    assert io.guess_format(whole) == "xlsx"


def test_a_file_of_no_known_format_is_answered_with_every_format_python_reads(tmp_path):
    unknown = tmp_path / "q.csv"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(civica.ValidationError) as e:
        io.read(unknown)
    listed = str(e.value).rsplit("(", 1)[1].rstrip(")").split(", ")
    assert listed == list(io.FORMATS) and "xlsx" in listed


def test_convert_takes_a_bundled_dataset_name_as_validate_and_info_do(tmp_path):
    out = tmp_path / "sample.json"
    proc = cli("convert", "khanty-mansiysk-2020-synthetic", str(out))
    assert proc.returncode == 0, proc.stderr
    assert io.read(out) == civica.datasets.load("khanty-mansiysk-2020-synthetic")
    missing = cli("convert", "khanty-mansiysk-2021", str(tmp_path / "x.json"))
    assert missing.returncode == 2 and "nor a bundled dataset" in missing.stderr
    assert "khanty-mansiysk-2020-synthetic" in missing.stderr


def test_validate_reads_the_dialects_its_messages_point_to(tmp_path):
    folder = folder_with_amount(tmp_path, "\"1 234 567,80 руб.\"")
    plain = cli("validate", str(folder))
    assert plain.returncode == 1 and "is not an amount" in plain.stdout
    # The bad amount is one error; no warning is drawn from the value it could not be.
    assert "awarded_exceeds_requested" not in plain.stdout
    lenient = cli("validate", str(folder), "--lenient-money")
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    assert io.read(folder, lenient_money=True) == io.read(SMALL)


def test_convert_to_a_format_that_holds_part_of_a_dataset_says_what_was_written_and_left(tmp_path):
    name = "khanty-mansiysk-2020-synthetic"
    apps = civica.datasets.load(name).applications.to_pandas()
    winners = int(((apps["status"] == "winner") & apps["awarded_kopecks"].notna()).sum())
    proc = cli("convert", name, str(tmp_path / "grants.json"), "--to", "360giving")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    summary = next(line for line in lines if line.startswith(f"{name} (civica) → "))
    note = lines[lines.index(summary) + 1]
    assert summary.startswith(f"{name} (civica) → ") and f" {winners} applications," in summary
    assert note.startswith("note: 360giving does not keep these rows: ") and f"{len(apps) - winners} applications" in note
    assert "59 meetings" in note
    whole = cli("convert", name, str(tmp_path / "all.sqlite"))
    assert "note:" not in whole.stderr and f"{len(apps)} applications" in whole.stderr


def test_messages_say_the_place_once_and_no_function_names(tmp_path):
    import json

    grants = json.loads((REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json")
                        .read_text(encoding="utf-8"))
    grants["grants"] = grants["grants"][:3]
    grants["grants"][1]["amountAwarded"] = "lots"
    g = tmp_path / "g.json"
    g.write_text(json.dumps(grants), encoding="utf-8")
    skipped = []
    io.read(g, on_error="skip", problems=skipped)
    assert len(skipped) == 1 and str(skipped[0]).count("g.json") == 1, str(skipped[0])
    assert skipped[0].message.startswith("grants[1]")
    proc = cli("convert", str(g), str(tmp_path / "g2.json"), "--on-error", "skip")
    assert "1 record skipped" in proc.stderr

    person = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    with pytest.raises(civica.ValidationError) as e:
        io.write(person, tmp_path / "registry.csv", "pgf")
    assert "write_pgf_csv" not in str(e.value) and "ФПГ registry" in str(e.value)

    folder = tmp_path / "city"
    shutil.copytree(SMALL, folder)
    manifest = folder / "manifest.json"
    manifest.write_bytes(manifest.read_text(encoding="utf-8").replace('"format"', '"title": "Сургут", "format"', 1)
                         .encode("cp1251"))
    with pytest.raises(civica.ParseError, match="manifest.json is not UTF-8 .it looks like Windows-1251"):
        io.read(folder)


def _lock(folder: Path) -> Callable[[], None]:
    """Makes `folder` take no new file (chmod, or chattr +i for root); returns the undo. Skips
    the test where neither works."""
    import os
    import stat

    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if not os.access(folder, os.W_OK):
        return lambda: folder.chmod(stat.S_IRWXU)
    folder.chmod(stat.S_IRWXU)  # root: permissions do not bind, the immutable flag does
    chattr = shutil.which("chattr")
    if chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0:
        return lambda: subprocess.run([chattr, "-i", str(folder)], capture_output=True)
    pytest.skip("no way to make a folder unwritable here")


def test_an_unwritable_folder_is_said_of_the_target_not_of_a_hidden_temporary_file(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    undo = _lock(locked)
    try:
        for args, target in ((("report", "-o"), locked / "r.md"),
                             (("convert", "khanty-mansiysk-2020"), locked / "x.json"),
                             (("calendar", "--year", "2023", "-o"), locked / "c.ics")):
            proc = cli(*args, str(target))
            assert proc.returncode == 2, proc.stderr
            assert f'cannot write "{target}": cannot create a file in "{locked}"' in proc.stderr
            assert ".tmp-" not in proc.stderr and "Traceback" not in proc.stderr
    finally:
        undo()


def _excel_folder(source, target):
    """The CSV files of the folder ``source`` saved as Russian Excel saves them: ';' between
    fields, Windows-1251, no manifest.json."""
    target.mkdir()
    for f in source.glob("*.csv"):
        with open(f, encoding="utf-8", newline="") as src, open(target / f.name, "w", encoding="cp1251",
                                                               newline="") as out:
            csv.writer(out, delimiter=";").writerows(csv.reader(src))
    return target


def test_validate_lists_every_fault_of_a_spreadsheet_folder_as_of_a_native_one(tmp_path):
    # The native folder's check is the truth: a row with two faults gives two problems, and the
    # rows that refer to a bad row are not bad themselves.
    native = tmp_path / "native"
    io.write(civica.synth.khanty_mansiysk_2020(), native)
    with open(native / "organizations.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    rows[2][header.index("registered")] = "весной 2019"
    rows[2][header.index("inn")] = "123"
    with open(native / "organizations.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    truth = [(p.severity, p.check, p.file, p.line, p.field) for p in io.problems(native)]
    assert {(c, f, line) for _, c, f, line, _ in truth} >= {("bad_value", "organizations.csv", 3),
                                                            ("invalid_inn", "organizations.csv", 3)}
    excel = _excel_folder(native, tmp_path / "excel")
    assert io.guess_format(excel) == "csv"
    assert [(p.severity, p.check, p.file, p.line, p.field) for p in io.problems(excel)] == truth
    proc = cli("validate", str(excel))
    assert proc.returncode == 1
    assert f"excel: {sum(s == 'error' for s, *_ in truth)} errors" in proc.stdout + proc.stderr
    assert "[invalid_inn]" in proc.stdout and "[unknown_reference]" not in proc.stdout


def test_a_nul_byte_is_refused_by_every_reader_not_only_the_folders(tmp_path):
    """No format civica writes can hold a NUL byte, and the folder's CSV reader refuses one: so
    do the readers of JSON, SQLite, Parquet and the ФПГ registry, naming the field, instead of
    letting in a dataset that then cannot be saved as a folder."""
    import json
    import sqlite3

    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    # The JSON form: "\u0000" in a title.
    js = tmp_path / "tables.json"
    civica.io.write(ds, js)
    doc = json.loads(js.read_text(encoding="utf-8"))
    doc["tables"]["applications"][0]["title"] = "\u0000Папа"
    js.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(civica.ParseError, match=r'title.*NUL byte'):
        civica.io.read(js)
    # SQLite: a title stored with a NUL inside.
    db = tmp_path / "store.sqlite"
    civica.io.write(ds, db)
    with sqlite3.connect(db) as c:
        c.execute("UPDATE applications SET title = CAST(x'41004142' AS TEXT) WHERE rowid = 1")
    with pytest.raises(civica.ParseError, match=r'applications\.title.*NUL byte') as e:
        civica.io.read(db)
    assert e.value.field == "applications.title"
    # The ФПГ registry: a NUL in an organisation's name.
    national = civica.synth.national(applications=200, regions=2, seed=2)
    reg = tmp_path / "registry.csv"
    with pytest.warns(civica.io.DataNotKeptWarning):
        civica.io.write(national, reg, "pgf")
    lines = reg.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3].replace(";", ";\x00", 1)
    reg.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(civica.ParseError, match=r"NUL byte") as e:
        civica.io.read(reg)
    assert e.value.line == 4


def test_a_nul_byte_in_a_parquet_text_column_is_refused(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    folder = tmp_path / "tables.parquet"
    civica.io.write(civica.synth.national(applications=200, regions=2, seed=2), folder)
    # The small tables go by their text, through the dataset folder's row code: a municipality's
    # name holding a NUL was read into the dataset.
    for table, column in (("applications", "title"), ("organizations", "full_name"), ("municipalities", "name")):
        path = folder / f"{table}.parquet"
        original = pq.read_table(path)
        values = original.column(column).to_pylist()
        values[2] = "a\x00b"
        pq.write_table(original.set_column(original.column_names.index(column), column, pa.array(values)), path)
        with pytest.raises(civica.ParseError, match=rf'{table}.parquet, row 3, column "{column}": .*NUL byte'):
            civica.io.read(folder)
        pq.write_table(original, path)


@pytest.mark.parametrize("fmt,text", [
    ("json", '{"format": "civica-dataset", "tables": {'),
    ("360giving", '{"grants": [ {"id": }'),
    ("popolo", '{"persons": [ '),
    ("json", '{"format": "civica-dataset-json",\n "version": 1,\n "tables": {\n  "municipalities": [,]}}'),
    ("360giving", '{"grants": [\n {"id": "g1"},\n {"id": }\n]}'),
    ("popolo", '{"persons": [\n {"id": "p1"},\n\n {"id": "p2",}\n]}'),
])
def test_a_json_syntax_error_reads_as_words_not_the_parsers_code(tmp_path, fmt, text):
    path = tmp_path / "broken.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(civica.ParseError) as e:
        civica.io.read(path, fmt)
    message = str(e.value)
    assert "not valid JSON" in message and "parse error" in message
    assert "json.exception" not in message, message
    # Its line is the error's (it was in the message only, for 360Giving and Popolo).
    lines = text.split("\n")
    want = next((i for i, line in enumerate(lines, 1) if ",]" in line or ": }" in line or ",}" in line), len(lines))
    assert e.value.line == want and f"line {want}" in message, (e.value.line, want, message)


@pytest.mark.parametrize("name,content", [("empty.json", b""), ("empty.csv", b"  \n"), ("fake.civica", b"id,name\n"),
                                          ("fake.sqlite", b"not a database"), ("bad.json", b"not json {"),
                                          ("null.json", b"null"), ("export.JSON", b"<html>error page</html>")])
def test_an_empty_or_damaged_file_is_a_problem_of_the_file(tmp_path, name, content):
    """An empty file, or one named like a store or an SQLite database without their header, is an
    error naming the file (ParseError; CivicaIOError for the store, as its reader says it); civica
    validate lists it and exits 1 (a problem of the data), not 2 (a usage error)."""
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(civica.CivicaIOError if name.endswith(".civica") else civica.ParseError) as e:
        civica.io.read(path)
    assert str(path) in str(e.value)
    proc = subprocess.run([sys.executable, "-m", "civica", "validate", str(path)], capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout + proc.stderr
    assert str(path) in out and ("[unreadable]" in out or "[cannot_open]" in out), out
    # Before, a .json file that is not JSON was said to lack "the columns of the ФПГ registry".
    assert "ФПГ" not in out, out
    if name.lower().endswith(".json") and content:
        assert "named like a JSON file but is not a JSON document" in str(e.value)


def test_a_number_where_360giving_has_a_string_is_read_as_its_digits(tmp_path):
    """Some publishers export a grant's id or title as a JSON number: it reads as its digits,
    not as a grant without an id or a title left empty."""
    import json

    abct = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
    doc = json.loads(abct.read_text(encoding="utf-8"))
    doc["grants"][0]["id"] = 5
    doc["grants"][1]["title"] = 7
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ds = civica.io.read(path)
    assert ds.applications[0].id == "5"
    assert ds.applications[1].title == "7"
    assert len(ds.applications) == len(doc["grants"])


def test_data_that_records_nothing_is_said_to_hold_nothing(tmp_path):
    """civica validate of a workbook from civica new, not filled in yet, or of a folder with only
    its manifest: no error, but a warning that there is nothing to analyse or report, so that
    "no problems" does not read as "ready" (civica report of it has nothing to say)."""
    book = tmp_path / "surgut.xlsx"
    made = subprocess.run([sys.executable, "-m", "civica", "new", str(book), "--territory", "Сургут", "--year", "2024"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    for lang, words in (("ru", "нет ни записей"), ("en", "holds no records")):
        proc = subprocess.run([sys.executable, "-m", "civica", "validate", str(book), "--lang", lang],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert "[no_records" in proc.stdout and words in proc.stdout, proc.stdout
    folder = tmp_path / "empty"
    civica.io.write(civica.Dataset(name="empty"), folder)
    assert [p.check for p in civica.io.problems(folder)] == ["no_records"]
    # A dataset with records has no such warning.
    full = tmp_path / "full"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), full)
    assert "no_records" not in {p.check for p in civica.io.problems(full)}


def test_a_territory_the_dataset_does_not_hold_is_a_warning_in_every_format(tmp_path):
    """A manifest whose territory is none of the dataset's municipalities (a misspelt or stale
    id): the report of it would be empty with no word of why. civica validate warns, naming the
    manifest's field and the municipalities, for a folder, an SQLite store and the dataset in
    memory alike; the bundled datasets (whose territory is a municipality) are not warned."""
    import json

    ds = civica.datasets.load("khanty-mansiysk-2020")
    folder = tmp_path / "km"
    io.write(ds, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert "unknown_territory" not in {p.check for p in io.problems(folder)}
    manifest["territory"] = "khanty-mansiisk"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    proc = cli("validate", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert "[unknown_territory" in proc.stdout and '"khanty-mansiisk"' in proc.stdout, proc.stdout
    assert "khanty-mansiysk" in proc.stdout.split("khanty-mansiisk", 2)[-1], proc.stdout
    edited = io.read(folder)
    store = tmp_path / "km.sqlite"
    io.write(edited, store)
    for source in (folder, store, edited):
        found = [(p.check, p.file, p.field) for p in io.problems(source) if p.check == "unknown_territory"]
        assert found == [("unknown_territory", "manifest.json", "territory")], (source, found)
    # Named by the municipality's name, the territory is known.
    manifest["territory"] = "Ханты-Мансийск"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    assert "unknown_territory" not in {p.check for p in io.problems(folder)}
    for name in civica.datasets.names():
        assert "unknown_territory" not in {p.check for p in io.problems(civica.datasets.load(name))}, name


def _wrongly_typed_calls(tmp_path):
    import datetime as dt

    from civica import calendar, pgf, xlsx

    profile = calendar.NgoProfile()
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    return {
        "read problems=5": (lambda: io.read(SMALL, problems=5), TypeError, r"^problems must be a list"),
        "read extras=5": (lambda: io.read(SMALL, extras=5), TypeError, r"^extras must be a list"),
        "NgoProfile annual_income='abc'": (lambda: calendar.NgoProfile(annual_income="abc"), ValueError,
                                           r"^annual_income: 'abc' is not an amount of roubles"),
        "NgoProfile annual_income=None": (lambda: calendar.NgoProfile(annual_income=None), TypeError,
                                          r"^annual_income: use int roubles or decimal\.Decimal"),
        "to_icalendar dtstamp='x'": (lambda: calendar.to_icalendar(profile, 2020, dtstamp="x"), TypeError,
                                     r"^dtstamp must be a datetime\.datetime"),
        "to_icalendar dtstamp=date": (lambda: calendar.to_icalendar(profile, 2020, dtstamp=dt.date(2020, 1, 1)),
                                      TypeError, r"^dtstamp must be a datetime\.datetime"),
        "reporting_calendar(5, 2020)": (lambda: calendar.reporting_calendar(5, 2020), TypeError,
                                        r"^profile must be a civica\.calendar\.NgoProfile"),
        "pgf.panel(ds, None)": (lambda: pgf.panel(ds, None), TypeError, r"^population must be a mapping"),
        "pgf.panel(ds, {'x': 'many'})": (lambda: pgf.panel(ds, {"x": "many"}), TypeError,
                                        r"^population\['x'\] must be a number of residents"),
        "new_workbook(p, None)": (lambda: xlsx.new_workbook(tmp_path / "none.xlsx", None), TypeError,
                                  r"^territory must be the city's name as text"),
    }


@pytest.mark.parametrize("call", ["read problems=5", "read extras=5", "NgoProfile annual_income='abc'",
                                  "NgoProfile annual_income=None", "to_icalendar dtstamp='x'",
                                  "to_icalendar dtstamp=date", "reporting_calendar(5, 2020)", "pgf.panel(ds, None)",
                                  "pgf.panel(ds, {'x': 'many'})", "new_workbook(p, None)"])
def test_a_wrongly_typed_argument_is_named_with_what_it_takes(tmp_path, call):
    # Not an AttributeError or decimal.InvalidOperation from deep inside: an error naming the
    # argument and what it takes, and nothing made.
    make, error, said = _wrongly_typed_calls(tmp_path)[call]
    with pytest.raises(error, match=said):
        make()
    assert list(tmp_path.iterdir()) == []


def test_an_income_given_as_text_or_decimal_is_still_exact():
    from decimal import Decimal

    from civica import calendar

    assert calendar.NgoProfile(annual_income=" 1500000.50 ").annual_income == Decimal("1500000.50")
    assert calendar.NgoProfile(annual_income=2_000_000).annual_income == Decimal(2000000)
    with pytest.raises(TypeError, match="not float"):
        calendar.NgoProfile(annual_income=1.5)


@pytest.mark.parametrize("format", [None, "civica", "json", "csv", "sqlite", "pgf", "xlsx"])
def test_an_empty_path_is_refused_by_a_write_as_by_a_read_and_nothing_is_written(tmp_path, monkeypatch, format):
    # An empty path (a variable left unset) names no file: a write says so as a read does,
    # instead of the file system's "cannot make absolute path", and writes nothing where it runs.
    monkeypatch.chdir(tmp_path)
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    with pytest.raises(civica.CivicaIOError) as read_error:
        io.read("")
    assert str(read_error.value) == '"" does not exist'
    with pytest.raises(civica.CivicaIOError) as write_error:
        io.write(ds, "", format)
    assert str(write_error.value) == str(read_error.value)
    with pytest.raises(civica.CivicaIOError) as read_as_format:
        io.read("", format)
    assert str(read_as_format.value) == str(read_error.value)
    assert list(tmp_path.iterdir()) == []
