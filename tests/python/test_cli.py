"""The civica command-line tool, run as a separate process the way a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset


def run(*args, check_code=None):
    """Runs `civica ARGS` (the console script when it is on PATH, else `python -m civica`)."""
    # The console script installed with this interpreter's civica, not another one on PATH.
    script = Path(sys.executable).parent / "civica"
    exe = str(script) if script.exists() else shutil.which("civica")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "civica", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=300)
    if check_code is not None:
        assert proc.returncode == check_code, (proc.stdout, proc.stderr)
    return proc


def test_help_lists_the_commands_with_examples():
    out = run("--help", check_code=0).stdout
    for word in ("datasets", "info", "validate", "examples:"):
        assert word in out


@pytest.mark.parametrize("command", ["datasets", "info", "validate", "convert", "report", "new", "calendar"])
def test_every_command_has_help(command):
    out = run(command, "--help", check_code=0).stdout
    assert "examples:" in out and command in out


def test_version_prints_the_package_version():
    out = run("--version", check_code=0).stdout
    assert out.strip() == f"civica {civica.__version__}"


def test_python_dash_m_civica_works_too():
    proc = subprocess.run([sys.executable, "-m", "civica", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and civica.__version__ in proc.stdout


def test_datasets_lists_the_bundled_datasets():
    out = run("datasets", check_code=0).stdout
    assert "khanty-mansiysk-2020" in out
    line = next(l for l in out.splitlines() if l.startswith("khanty-mansiysk-2020 "))
    assert "published" in line
    listed = json.loads(run("datasets", "--json", check_code=0).stdout)
    names = [d["name"] for d in listed]
    assert names == civica.datasets.names()
    assert all(isinstance(d["synthetic"], bool) for d in listed)


def test_info_prints_the_published_figures_with_qualifiers():
    out = run("info", "khanty-mansiysk-2020", check_code=0).stdout
    assert "khanty-mansiysk" in out
    assert "indicators:" in out and "tables:" in out and "years:" in out
    meetings = next(l for l in out.splitlines() if "councils.meetings" in l)
    assert "2020" in meetings and "59" in meetings and "count" in meetings
    registered = next(l for l in out.splitlines() if "ngo.registered" in l)
    assert "more than 300" in registered
    money = next(l for l in out.splitlines() if "grants.individual.amount" in l)
    assert "3 700 000.00" in money and "RUB" in money


def test_info_json_has_every_indicator():
    data = json.loads(run("info", "khanty-mansiysk-2020", "--json", check_code=0).stdout)
    assert data["name"] == "khanty-mansiysk-2020"
    by_key = {(i["key"], i["year"], i["breakdown"]): i for i in data["indicators"]}
    assert by_key[("councils.agenda_questions", 2020, None)]["value"] == 134
    assert by_key[("grants.funds_attracted", 2020, None)]["qualifier"] == "more_than"


def test_info_of_a_saved_folder(tmp_path):
    small_dataset().save(tmp_path / "mine")
    out = run("info", str(tmp_path / "mine"), check_code=0).stdout
    assert "Test city, 2020" in out
    assert "applications" in out


PGF_SAMPLE = Path(__file__).resolve().parents[1] / "data" / "pgf" / "sample.csv"


def test_info_and_report_read_the_format_named_by_from():
    # --from is the format the path is read in, as `civica convert --from`: the right one gives
    # what the guess gives, another one reads the file by that format's rules and refuses it.
    guessed = run("info", str(PGF_SAMPLE), "--json", check_code=0).stdout
    assert json.loads(run("info", str(PGF_SAMPLE), "--from", "pgf", "--json", check_code=0).stdout) == \
        json.loads(guessed)
    wrong = run("info", str(PGF_SAMPLE), "--from", "360giving", check_code=2)
    assert "sample.csv" in wrong.stderr and "Traceback" not in wrong.stderr
    report = run("report", "--dataset", str(PGF_SAMPLE), "--lang", "en", check_code=0).stdout
    assert run("report", "--dataset", str(PGF_SAMPLE), "--from", "pgf", "--lang", "en",
               check_code=0).stdout == report
    assert "sample.csv" in run("report", "--dataset", str(PGF_SAMPLE), "--from", "360giving",
                               check_code=2).stderr
    # A bundled dataset's name names its folder.
    assert "khanty-mansiysk-2020" in run("info", "khanty-mansiysk-2020", "--from", "civica", check_code=0).stdout


def test_from_refuses_a_format_civica_does_not_know():
    assert "invalid choice" in run("info", str(PGF_SAMPLE), "--from", "docx", check_code=2).stderr


def test_an_unknown_dataset_is_an_error_without_a_traceback():
    proc = run("info", "no-such-dataset", check_code=2)
    assert proc.stderr.startswith("civica: error: ")
    assert "Traceback" not in proc.stderr
    assert "khanty-mansiysk-2020" in proc.stderr  # the bundled names are listed


def test_a_usage_error_exits_2():
    proc = run("info", check_code=2)
    assert "civica" in proc.stderr and "error" in proc.stderr


def test_validate_a_good_folder_exits_0(tmp_path):
    small_dataset().save(tmp_path / "good")
    proc = run("validate", str(tmp_path / "good"), check_code=0)
    assert "[" not in proc.stdout or "warning" in proc.stdout


def test_validate_the_bundled_dataset_exits_0():
    run("validate", str(civica.datasets.path("khanty-mansiysk-2020")), check_code=0)


def _write_bad_folder(folder):
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps({"format": "civica-dataset", "version": 1, "name": "bad"}), encoding="utf-8")
    (folder / "municipalities.csv").write_text("id,name\nkm,Ханты-Мансийск\n", encoding="utf-8")
    # Line 2 is fine; line 3 has an INN whose check digit is wrong (DOMAIN.md: 1234567895 is
    # invalid); line 4 refers to a municipality that is not there.
    (folder / "organizations.csv").write_text(
        "id,full_name,inn,municipality\n"
        "org-1,Первая,7707083893,km\n"
        "org-2,Вторая,1234567895,km\n"
        "org-3,Третья,,nowhere\n",
        encoding="utf-8")


def test_validate_a_bad_folder_lists_every_problem_and_exits_1(tmp_path):
    _write_bad_folder(tmp_path / "bad")
    proc = run("validate", str(tmp_path / "bad"), check_code=1)
    lines = proc.stdout.splitlines()
    inn = next(l for l in lines if l.startswith("organizations.csv:3:"))
    assert "inn" in inn and "[invalid_inn]" in inn
    ref = next(l for l in lines if l.startswith("organizations.csv:4:"))
    assert "municipality" in ref and "[unknown_reference]" in ref
    assert "2 errors" in proc.stderr


def test_validate_a_missing_folder_is_a_usage_error(tmp_path):
    proc = run("validate", str(tmp_path / "nothing"), check_code=2)
    assert proc.stderr.startswith("civica: error: ")


def test_main_returns_exit_codes_in_process(capsys):
    from civica.cli import main

    assert main(["--version"]) == 0
    assert main(["datasets"]) == 0
    assert "khanty-mansiysk-2020" in capsys.readouterr().out
    assert main(["info", "no-such-dataset"]) == 2


def test_a_report_with_nothing_to_say_is_refused_with_the_reason():
    # A UK funder's 360Giving file: grants of no Russian programme and no territory. Built as
    # content, no statement of any section can be worded; the command says why instead of
    # printing a title alone.
    grants = Path(__file__).resolve().parents[1] / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
    content = civica.report.build(civica.io.read(grants), lang="ru")
    assert not any(st.text for s in content.sections for st in s.statements)
    proc = run("report", "--dataset", str(grants), check_code=1)
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    assert f"the report for {content.year} would be empty" in proc.stderr
    assert "names no territory" in proc.stderr
    # The sections are printed when asked for, and JSON gives the content as it is.
    assert "##" in run("report", "--dataset", str(grants), "--show-missing", check_code=0).stdout
    assert json.loads(run("report", "--dataset", str(grants), "--format", "json", check_code=0).stdout)["year"] == \
        content.year
    # A report with something to say is written as before.
    assert "##" in run("report", check_code=0).stdout


def test_writing_a_partial_format_from_python_warns_of_what_it_does_not_keep(tmp_path):
    # civica.io.write says what civica convert says: the file is read back and compared.
    source = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    out = tmp_path / "grants.json"
    with pytest.warns(civica.io.DataNotKeptWarning) as caught:
        civica.io.write(source, out, "360giving")
    w = caught[0].message
    back = civica.io.read(out)
    assert w.written == back.row_counts() and w.path == str(out) and w.format == "360giving"
    assert back.info.synthetic is False and any("synthetic" in n for n in w.notes)
    left = source.row_counts()["meetings"]
    assert left and f"{left} meetings" in w.notes[0] and str(out) in str(w)
    # The same through Dataset.save, and nothing said when nothing is lost.
    with pytest.warns(civica.io.DataNotKeptWarning):
        source.save(tmp_path / "council.json", format="popolo")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        civica.io.write(back, tmp_path / "again.json", "360giving")
        civica.io.write(source, tmp_path / "whole.sqlite")


def test_convert_names_the_values_a_partial_format_does_not_keep(tmp_path):
    out = tmp_path / "grants.json"
    proc = run("convert", "khanty-mansiysk-2020-synthetic", str(out), "--to", "360giving", check_code=0)
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note: 360giving does not keep")]
    assert "note: 360giving does not keep that the data is synthetic: its records read back as real ones" in notes
    # The submission dates: 360Giving has no field for them, so every grant read back that had one
    # has lost it (counted here from the two datasets, not from the note).
    source = civica.datasets.load("khanty-mansiysk-2020-synthetic").applications.to_pandas().set_index("id")
    back = civica.io.read(out).applications.to_pandas().set_index("id")
    had = int(source.loc[back.index, "submitted"].notna().sum())
    assert had > 0 and back["submitted"].isna().all()
    applications = next(n for n in notes if "applications value" in n)
    assert f"of the {len(back)} records read back" in applications and f"submitted {had}" in applications
    # A format read back whole loses nothing and says nothing.
    again = run("convert", str(out), str(tmp_path / "again.json"), "--to", "360giving", check_code=0)
    assert "does not keep" not in again.stderr
