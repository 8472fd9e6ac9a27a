"""The civica command-line tool, run as a separate process the way a user runs it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

from civica import _core  # noqa: E402
from conftest import REPO, small_dataset


def _command():
    """The command that runs `civica` (the console script when it is on PATH, else `python -m
    civica`)."""
    # The console script installed with this interpreter's civica, not another one on PATH.
    script = Path(sys.executable).parent / "civica"
    exe = str(script) if script.exists() else shutil.which("civica")
    return [exe] if exe else [sys.executable, "-m", "civica"]


def run(*args, check_code=None):
    """Runs `civica ARGS`."""
    proc = subprocess.run([*_command(), *args], capture_output=True, text=True, encoding="utf-8", timeout=300)
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


@pytest.mark.parametrize("command", ["", "datasets", "info", "validate", "convert", "report", "new", "calendar"])
@pytest.mark.parametrize("width", [80, 200])
def test_help_text_is_filled_to_the_terminal_width(command, width):
    # Before, a description kept the line breaks of its source (about 95 characters a line), so
    # at 80 columns each of its lines was broken in two: "...summarise, / check and convert".
    env = {**os.environ, "COLUMNS": str(width)}
    out = subprocess.run([*_command(), *([command] if command else []), "--help"], capture_output=True,
                         text=True, encoding="utf-8", timeout=300, env=env).stdout
    lines = out.splitlines()
    lines = lines[lines.index(""):]  # after the usage, whose [options] argparse does not break
    for line, following in zip(lines, lines[1:] + [""]):
        if line.startswith("  civica "):
            continue  # an example command is kept whole, to be copied as it is
        assert len(line) <= width or " " not in line.strip(), line
        if line and not line[0].isspace() and following and not following[0].isspace():
            # Two lines of one paragraph: the second's first word did not fit on the first.
            assert len(line) + 1 + len(following.split()[0]) > width - 2, (line, following)


@pytest.mark.parametrize("command", ["", "datasets", "info", "validate", "convert", "report", "new", "calendar"])
@pytest.mark.parametrize("encoding", ["ascii", "cp866"])
def test_help_on_an_output_that_lacks_some_letters_shows_them_as_question_marks(command, encoding):
    # Before, `PYTHONIOENCODING=ascii civica calendar --help` ended in a UnicodeEncodeError
    # traceback (the help holds Russian words, "…" and "–").
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    proc = subprocess.run([*_command(), *([command] if command else []), "--help"], capture_output=True,
                          timeout=300, env=env)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    shown = proc.stdout.decode(encoding)
    assert "examples:" in shown and "usage: civica" in shown
    if encoding == "ascii" and command in ("calendar", "new", "validate"):  # their help holds Russian words
        assert "?" in shown


def test_the_exit_codes_the_help_lists_are_those_the_commands_give(tmp_path):
    listed = run("--help", check_code=0).stdout.split("exit status:")[1]
    codes = [int(line.split()[0]) for line in listed.splitlines() if line.strip()]
    assert codes == [0, 1, 2, 130, 141]
    assert run("datasets").returncode == 0
    bad = REPO / "tests" / "data" / "bad" / "folder" / "duplicate_id"
    assert run("validate", str(bad)).returncode == 1
    assert run("info", str(bad)).returncode == 2  # data civica cannot read
    assert run("info", "khanty-mansiysk-2020", "--no-such-option").returncode == 2
    # 130 and 141 are the exits of test_cli_edges' Ctrl-C tests and of `validate … | head -1` below.


@pytest.mark.parametrize("args, prog", [(["--bogus", "info"], "civica"), (["info", "--bogus"], "civica info"),
                                        (["-x", "datasets"], "civica"),
                                        (["report", "--yaer", "2020"], "civica report")])
def test_an_option_civica_does_not_have_is_named_before_what_else_is_missing(args, prog):
    # Before, `civica --bogus info` said only "the following arguments are required: DATASET".
    proc = run(*args, check_code=2)
    bad = next(a for a in args if a.startswith("-"))
    assert proc.stderr.splitlines()[-1] == f"{prog}: error: unrecognized arguments: {bad}", proc.stderr


def test_options_civica_has_still_take_abbreviations_negative_numbers_and_a_double_dash():
    assert run("--vers", check_code=0).stdout.startswith("civica ")
    # A negative number is a value (refused by the option's own range), not an unknown option.
    assert "argument --year: '-5': use a year from 1900 to 2200" in run("report", "--year", "-5", check_code=2).stderr
    assert "no such file or folder" in run("info", "--", "-no-such-folder", check_code=2).stderr


def test_a_short_option_with_its_value_attached_and_a_value_with_a_dash_and_a_space_are_taken(tmp_path):
    # The scan for unknown options first refused -oR1.md and --name "-Org name", which argparse takes.
    run("report", f"-o{tmp_path / 'r.md'}", "--year", "2020", check_code=0)
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")
    out = run("calendar", "--year", "2024", "--name", "-Фонд «Берег»", check_code=0).stdout
    assert out.splitlines()[0].endswith("-Фонд «Берег»")  # Markdown escapes the dash: "\\-Фонд"


def test_the_help_formatter_wraps_list_items_and_keeps_example_commands_whole():
    # A list item (the exit codes) is wrapped under its indent at any width; an example
    # command stays on one line, to be copied.
    from civica.cli import _Formatter

    text = ("A paragraph of words that goes on for a while,\nwritten on two lines.\n\nexit status:\n"
            "  2    a usage error, or data civica cannot read (the message says which)\n\nexamples:\n"
            "  civica convert ./tables-cp1251 ./my-city --from csv --encoding windows-1251\n")
    out = _Formatter("civica")._fill_text(text, 40, "")
    lines = out.splitlines()
    assert lines[:2] == ["A paragraph of words that goes on for a", "while, written on two lines."]
    assert all(len(line) <= 40 for line in lines if not line.startswith("  civica ")), lines
    assert "  civica convert ./tables-cp1251 ./my-city --from csv --encoding windows-1251" in lines
    assert [line for line in lines if line.startswith("  2 ")] == ["  2    a usage error, or data civica"]


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


def test_the_warning_names_values_of_records_the_file_gives_other_ids(tmp_path):
    # The ФПГ registry names organisations by INN, municipalities by region and has one
    # programme: those records come back under other ids, and what they lost went unsaid.
    import datetime as dt
    from decimal import Decimal as D

    ds = civica.Dataset(name="x")
    ds.add(civica.Municipality(id="surgut", name="Сургут", oktmo="71876000", region="ХМАО"))
    ds.add(civica.Organization(id="o1", full_name="Org1", short_name="O1", okopf=71400, inn="7707083893",
                               kpp="770701001", municipality="surgut", spheres=["culture"]))
    ds.add(civica.GrantOperator(id="gov", name="Губернатор"))
    ds.add(civica.Programme(id="gn", grant_operator="gov", name="Гранты губернатора", kind="governor_ngo"))
    ds.add(civica.Competition(id="c", programme="gn", year=2020, round=2, name="Весенний конкурс"))
    ds.add(civica.Application(id="a1", competition="c", applicant="o1", title="T", requested=D("10"),
                              submitted=dt.date(2020, 1, 15), status="rejected",
                              implementation_start=dt.date(2020, 2, 1), implementation_end=dt.date(2020, 3, 1)))
    with pytest.warns(civica.io.DataNotKeptWarning) as caught:
        civica.io.write(ds, tmp_path / "r.csv", "pgf")
    notes = caught[0].message.notes
    back = civica.io.read(tmp_path / "r.csv")
    assert back.programmes[0].kind == "presidential_grants" and back.organizations[0].kpp == ""
    # {table: {column: count}} from "every <table> value: … names otherwise, … in <column> <n>, …"
    lost = {n.split(" value")[0].split()[-1]: dict(c.rsplit(" ", 1) for c in n.split(" read back, in ")[1].split(", "))
            for n in notes if "names otherwise" in n}
    assert lost["programmes"] == {"name": "1", "kind": "1"}
    assert {"short_name", "okopf", "kpp", "spheres"} <= set(lost["organizations"])
    assert "full_name" not in lost["organizations"] and "inn" not in lost["organizations"]  # both in the registry
    assert lost["municipalities"] == {"name": "1", "oktmo": "1"}
    assert "round" in lost["competitions"] and "name" not in lost["competitions"]


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


# ---- numbers, options and output files: usage errors, not tracebacks -------------------------


@pytest.mark.parametrize("args, option, allowed", [
    (["report", "--year", "3000000000"], "--year", "1900 to 2200"),
    (["report", "--year", "nineteen"], "--year", "1900 to 2200"),
    (["calendar", "--year", "3000000000"], "--year", "1990 to 2200"),
    (["calendar", "--year", "2024", "--income", "NaN"], "--income", "0 to 92233720368547758.07"),
    (["calendar", "--year", "2024", "--income", "Infinity"], "--income", "0 to 92233720368547758.07"),
    (["calendar", "--year", "2024", "--income", "1e30"], "--income", "0 to 92233720368547758.07"),
    (["calendar", "--year", "2024", "--income", "1e400"], "--income", "0 to 92233720368547758.07"),
    (["calendar", "--year", "2024", "--employees", "3000000000"], "--employees", "0 to 2147483647"),
    (["calendar", "--year", "2024", "--legal-form", "3000000000"], "--legal-form", "0 to 99999"),
    (["calendar", "--year", "2024", "--alarm-days", "99999999999999999999"], "--alarm-days", "0 to 365"),
    (["calendar", "--year", "2024", "--alarm-days", "-1"], "--alarm-days", "0 to 365"),
    (["calendar", "--year", "2024", "--grant", "x;2024-01-01;2024-12-31;99999999999999999999"], "--grant",
     "PERIOD_MONTHS"),
    (["calendar", "--year", "2024", "--grant", "x;2024-01-01;2024-12-31;6;99999999999999999999"], "--grant",
     "REPORT_DAYS"),
    (["calendar", "--year", "2024", "--grant", "x;2024-01-01;9999-12-31;6"], "--grant", "1900 to 2200"),
    (["convert", "X", "Y", "--threads", "99999999999999999999"], "--threads", "0 to 2147483647"),
    (["new", "surgut", "--territory", "Сургут", "--year", "3000000000"], "--year", "1900 to 2200"),
])
def test_a_number_out_of_range_is_a_usage_error_naming_the_option_and_its_range(args, option, allowed):
    proc = run(*args, check_code=2)
    assert f"civica {args[0]}: error: argument {option}: " in proc.stderr, proc.stderr
    assert allowed in proc.stderr
    assert "Traceback" not in proc.stderr and "incompatible function arguments" not in proc.stderr
    assert proc.stdout == ""


def _pipe_closed(*args):
    """Runs `civica ARGS` with its standard output a pipe nobody reads (as `| head` that has
    quit): every write to it fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run([*_command(), *args], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", timeout=300)
    finally:
        os.close(write_end)


def _broken_folder(folder, bad_rows=1, warning=False):
    """A dataset folder written by civica.io.write whose first ``bad_rows`` organisations have an
    INN with a wrong check digit (an error each); with ``warning``, the last one also has a
    registration date in the future (a warning)."""
    import csv

    ds = small_dataset()
    for i in range(bad_rows - 2):
        ds.add(civica.Organization(id=f"org-x{i}", full_name=f"НКО {i}", municipality="km"))
    civica.io.write(ds, folder)
    path = folder / "organizations.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows[:bad_rows]:
        row["inn"] = "1234567895"
    if warning:
        rows[-1]["registered"] = "2199-01-01"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return folder


@pytest.mark.parametrize("bad_rows", [1, 400])
def test_validate_into_a_closed_pipe_does_not_call_a_broken_folder_good(tmp_path, bad_rows):
    folder = _broken_folder(tmp_path / "broken", bad_rows)
    assert run("validate", str(folder), check_code=1).stdout.count("[invalid_inn]") == bad_rows
    proc = _pipe_closed("validate", str(folder))
    assert proc.returncode in (1, 141), proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_validate_names_the_input_format_with_from_as_the_other_commands():
    assert "--from FORMAT" in run("validate", "--help", check_code=0).stdout
    proc = run("validate", str(PGF_SAMPLE), "--from", "pgf", check_code=0)
    assert run("validate", str(PGF_SAMPLE), "--format", "pgf", check_code=0).stdout == proc.stdout
    wrong = run("validate", str(PGF_SAMPLE), "--from", "docx", check_code=2)
    assert "civica validate: error: argument --from/--format: invalid choice: 'docx'" in wrong.stderr
    assert "invalid choice: 'docx'" in run("validate", str(PGF_SAMPLE), "--format", "docx", check_code=2).stderr


@pytest.mark.parametrize("args", [["report", "--bogus"], ["calendar", "--year", "2024", "--bogus"],
                                  ["validate", "x", "--bogus"]])
def test_an_unknown_option_of_a_command_is_a_usage_error_of_that_command(args):
    proc = run(*args, check_code=2)
    assert proc.stderr.startswith(f"usage: civica {args[0]} "), proc.stderr
    assert f"civica {args[0]}: error: unrecognized arguments: --bogus" in proc.stderr


def test_calendar_refuses_a_format_its_output_file_contradicts_and_writes_dash_to_stdout(tmp_path):
    out = tmp_path / "cal.ics"
    proc = run("calendar", "--year", "2024", "--format", "csv", "-o", str(out), check_code=2)
    assert f"-o {out} names an ics file, but --format is csv" in proc.stderr
    assert not out.exists()
    run("calendar", "--year", "2024", "--format", "ics", "-o", str(out), check_code=0)
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    # `-o -` is standard output, as for `civica report`: Markdown unless --format says otherwise.
    plain = run("calendar", "--year", "2024", check_code=0).stdout
    assert run("calendar", "--year", "2024", "-o", "-", check_code=0).stdout == plain
    assert run("calendar", "--year", "2024", "-o", "-", "--format", "csv",
               check_code=0).stdout.startswith("date,original_date,")
    assert not (Path.cwd() / "-").exists()


def test_report_refuses_an_output_suffix_that_names_no_format_unless_format_is_given(tmp_path):
    out = tmp_path / "r.xyz"
    proc = run("report", "-o", str(out), check_code=2)
    assert "cannot tell the report's format from the suffix .xyz" in proc.stderr and "--format" in proc.stderr
    assert not out.exists()
    run("report", "-o", str(out), "--format", "md", check_code=0)
    assert out.read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("grant, field", [("x;2024-01-01;2024-12-31;6;-10;-5", "REPORT_DAYS"),
                                          ("x;2024-01-01;2024-12-31;6;15;-5", "FINAL_DAYS"),
                                          ("x;2024-01-01;2024-12-31;0", "PERIOD_MONTHS"),
                                          ("x;2024-12-31;2024-01-01;6", "END")])
def test_calendar_refuses_a_grant_whose_counts_or_dates_cannot_be(grant, field):
    proc = run("calendar", "--year", "2024", "--grant", grant, check_code=2)
    assert "civica calendar: error: argument --grant: " in proc.stderr and field in proc.stderr
    assert "reporting_periods" not in proc.stderr and "period_months" not in proc.stderr


def test_calendar_grant_dates_are_written_as_a_workbook_takes_them():
    # 01.03.2023, as the workbook and a Russian spreadsheet write it, was "not a date (use YYYY-MM-DD)".
    iso = run("calendar", "--year", "2023", "--grant", "Школа;2023-03-01;2023-12-31;6", check_code=0).stdout
    dotted = run("calendar", "--year", "2023", "--grant", "Школа;01.03.2023;31.12.2023;6", check_code=0).stdout
    assert dotted == iso and "Школа" in iso
    proc = run("calendar", "--year", "2023", "--grant", "Школа;31.02.2023;31.12.2023;6", check_code=2)
    assert "'31.02.2023' is not a date civica takes (YYYY-MM-DD or DD.MM.YYYY" in proc.stderr
    assert "2023-02 has 28 days" in proc.stderr  # the rule broken, as the core states it
    first, last = _core.date_years
    early = f"01.03.{first - 1}"
    proc = run("calendar", "--year", "2023", "--grant", f"Школа;{early};31.12.2023;6", check_code=2)
    assert f"'{early}' is not a date civica takes" in proc.stderr and f"of the years {first} to {last}" in proc.stderr
    assert f"year {first - 1} is outside {first}..{last}" in proc.stderr


def test_messages_of_the_command_line_name_its_options_not_the_library_api(tmp_path):
    unknown = run("calendar", "--year", "2035", check_code=2)
    assert "--weekends-only" in unknown.stderr and "--xmlcalendar" in unknown.stderr
    assert "2016–2027" in unknown.stderr
    assert "weekends_only=True" not in unknown.stderr and "set_unknown_year_policy" not in unknown.stderr
    threads = run("convert", str(PGF_SAMPLE), str(tmp_path / "out.sqlite"), "--threads", "-3", check_code=2)
    assert "argument --threads" in threads.stderr and "0: every core" in threads.stderr
    assert "None" not in threads.stderr


def test_validate_quiet_summary_lists_errors_only_and_the_tally_goes_to_stderr(tmp_path):
    folder = _broken_folder(tmp_path / "broken", warning=True)
    full = run("validate", str(folder), "--summary", check_code=1)
    assert "invalid_inn" in full.stdout and "future_date" in full.stdout
    quiet = run("validate", str(folder), "--summary", "--quiet", check_code=1)
    assert "invalid_inn" in quiet.stdout and "future_date" not in quiet.stdout
    assert "1 error, 1 warning" in quiet.stderr and "1 error, 1 warning" not in quiet.stdout
    small_dataset().save(tmp_path / "good")
    good = run("validate", str(tmp_path / "good"), check_code=0)
    assert "no problems found" in good.stderr and good.stdout == ""


@pytest.mark.parametrize("summary", [False, True])
def test_validate_quiet_counts_the_warnings_it_left_out_and_says_so(tmp_path, summary):
    # --quiet lists errors only; the tally counts what the data has (the warnings too, as it
    # did) and says that the warnings were not listed, where "0 errors, 83 warnings" followed an
    # empty list.
    extra = ["--summary"] if summary else []
    folder = _broken_folder(tmp_path / "broken", warning=True)
    quiet = run("validate", str(folder), "--quiet", *extra, check_code=1)
    assert "future_date" not in quiet.stdout
    assert quiet.stderr.endswith(": 1 error, 1 warning (not listed: --quiet)\n"), quiet.stderr
    full = run("validate", str(folder), *extra, check_code=1)
    assert "future_date" in full.stdout and full.stderr.endswith(": 1 error, 1 warning\n"), full.stderr
    errors_only = run("validate", str(_broken_folder(tmp_path / "errors")), "--quiet", *extra, check_code=1)
    assert errors_only.stderr.endswith(": 1 error, 0 warnings\n"), errors_only.stderr
    # Only warnings: nothing listed, exit 0, and the count says why.
    ds = small_dataset()
    ds.add(civica.Application(id="w-1", competition="c-2020", applicant="org-2", title="x",
                              requested=90000, status="winner", awarded=100000))
    ds.save(tmp_path / "warned")
    warned = run("validate", str(tmp_path / "warned"), "--quiet", *extra, check_code=0)
    assert warned.stdout == ""
    assert re.search(r": 0 errors, [1-9]\d* warnings? \(not listed: --quiet\)\n$", warned.stderr), warned.stderr

def test_convert_says_skipped_or_warning_once_per_line(tmp_path):
    folder = _broken_folder(tmp_path / "broken")
    skipped = run("convert", str(folder), str(tmp_path / "out.sqlite"), "--on-error", "skip", check_code=0)
    lines = [line for line in skipped.stderr.splitlines() if line.startswith("skipped: ")]
    assert lines and "skipped: organizations.csv:2: " in lines[0]
    assert not any(line.startswith(("skipped: error:", "skipped: warning:")) for line in lines)
    bad_inn = Path(__file__).resolve().parents[1] / "data" / "bad" / "pgf" / "bad_inn.csv"
    lenient = run("convert", str(bad_inn), str(tmp_path / "pgf.sqlite"), "--lenient-identifiers", check_code=0)
    assert "warning: bad_inn.csv:2: " in lenient.stderr and "warning: warning:" not in lenient.stderr


def test_registry_options_are_refused_for_an_input_they_do_nothing_for(tmp_path):
    # --threads and --lenient-identifiers were silently ignored for a folder, a JSON file or a
    # 360Giving workbook: only the ФПГ registry (CSV or workbook) is read on several threads and
    # lets a wrong checksum through. Said before reading, with nothing written.
    out = tmp_path / "out.sqlite"
    workbooks = Path(__file__).resolve().parents[1] / "data" / "xlsx"
    for args, named, fmt in ((("--threads", "2"), "--threads", "civica"),
                             (("--lenient-identifiers", "--threads", "0"), "--threads, --lenient-identifiers", "civica")):
        refused = run("convert", "khanty-mansiysk-2020-synthetic", str(out), *args, check_code=2)
        assert f"{named}: for IN in the pgf format only" in refused.stderr and f"IN is {fmt}" in refused.stderr
        assert not out.exists()
    abct = run("convert", str(workbooks / "abct_libreoffice.xlsx"), str(out), "--lenient-identifiers", check_code=2)
    assert "--lenient-identifiers: for IN in the pgf format only" in abct.stderr
    assert "IN is a workbook of 360giving" in abct.stderr
    as_workbook = run("convert", str(workbooks / "abct_libreoffice.xlsx"), str(out), "--from", "xlsx",
                      "--lenient-identifiers", check_code=2)
    assert "IN is xlsx" in as_workbook.stderr
    checked = run("validate", "khanty-mansiysk-2020", "--lenient-identifiers", check_code=2)
    assert "--lenient-identifiers: for IN in the pgf format only" in checked.stderr
    assert not out.exists()
    # The registry takes both, as a CSV file and as a workbook.
    run("convert", str(PGF_SAMPLE), str(out), "--threads", "2", "--lenient-identifiers", "-q", check_code=0)
    run("convert", str(workbooks / "pgf_sample_libreoffice.xlsx"), str(tmp_path / "wb.sqlite"),
        "--lenient-identifiers", "-q", check_code=0)
    run("validate", str(workbooks / "pgf_sample_libreoffice.xlsx"), "--lenient-identifiers", check_code=0)


def test_dialect_options_are_refused_for_an_input_that_does_not_use_them(tmp_path):
    # --decimal-comma and --encoding were accepted for an SQLite store, a Parquet folder or a
    # native folder and did nothing; --threads was refused. Every reading option now follows
    # civica.io.read's rule, said with the option as written.
    store = tmp_path / "city.sqlite"
    run("convert", "khanty-mansiysk-2020-synthetic", str(store), "-q", check_code=0)
    out = tmp_path / "out.json"
    for args, said in ((("--decimal-comma",), "--decimal-comma: for IN in the formats csv and json only; IN is sqlite"),
                       (("--lenient-money",), "--lenient-money: for IN in the formats csv and json only; IN is sqlite"),
                       (("--encoding", "windows-1251"),
                        "--encoding: for IN in the formats csv, json, 360giving and pgf only; IN is sqlite"),
                       (("--separator", ";"), "--separator: for IN in the formats csv, 360giving and pgf only")):
        assert said in run("convert", str(store), str(out), *args, check_code=2).stderr
        assert said.split(" only")[0] in run("validate", str(store), *args, check_code=2).stderr
        assert not out.exists()
    # UTF-8 and ',' are what every format has; a csv folder takes them all.
    run("convert", str(store), str(out), "--encoding", "utf-8", "--separator", ",", "-q", check_code=0)
    # A workbook's cells are typed: no encoding or decimal comma; the registry's workbook is not
    # parsed on threads, though the registry's CSV is.
    workbooks = Path(__file__).resolve().parents[1] / "data" / "xlsx"
    city = tmp_path / "city.xlsx"
    run("convert", "khanty-mansiysk-2020-synthetic", str(city), "-q", check_code=0)
    said = run("convert", str(city), str(tmp_path / "c.sqlite"), "--encoding", "windows-1251", check_code=2).stderr
    assert "--encoding: for IN in the formats csv, json, 360giving and pgf only; IN is xlsx" in said
    said = run("convert", str(workbooks / "pgf_sample_libreoffice.xlsx"), str(tmp_path / "p.sqlite"), "--threads", "2",
               check_code=2).stderr
    assert "--threads: for IN in the pgf format only (the Presidential Grants Fund registry); " \
           "IN is a workbook of pgf" in said
    run("convert", str(city), str(tmp_path / "c.sqlite"), "--lenient-money", "-q", check_code=0)


def test_the_validate_example_of_your_city_md_is_what_validate_prints(tmp_path):
    # docs/your-city.md: a workbook with a registration date in words, "3,7 млн" in a money cell and
    # an application of an organisation the sheet lacks; a date typed as text 12.03.2019 is a date.
    openpyxl = pytest.importorskip("openpyxl")
    import datetime as dt

    doc = (Path(__file__).resolve().parents[2] / "docs" / "your-city.md").read_text(encoding="utf-8")
    example = doc.split("$ civica validate surgut.xlsx\n", 1)[1].split("```", 1)[0].splitlines()
    path = civica.xlsx.new_workbook(tmp_path / "surgut.xlsx", "Сургут", year=2024)
    wb = openpyxl.load_workbook(path)
    orgs = wb["Организации"]
    orgs.append(["ngo-1", "АНО «Свет»", None, None, None, None, None, "12.03.2019", "surgut"])
    orgs.append(["ngo-2", "Фонд «Дом»", None, None, None, None, None, "весной 2019", "surgut"])
    wb["Конкурсы"].append(["pg-2024", "presidential-grants", 2024, 1])
    apps = wb["Заявки"]
    apps.append(["a-1", "pg-2024", None, "ngo-1", "Проект", None, 500000, None, None, "победитель (winner)",
                 "3,7 млн"])
    apps.append(["a-2", "pg-2024", None, "ngo-9", "Проект 2", None, 100000, None, None, "отклонена (rejected)"])
    wb.save(path)
    proc = subprocess.run([*_command(), "validate", "surgut.xlsx"], cwd=tmp_path, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert (proc.stdout + proc.stderr).splitlines() == example
    assert civica.io.read(path, on_error="skip").organizations["ngo-1"].registered == dt.date(2019, 3, 12)


def test_validate_says_a_non_workbook_in_english_whatever_lang(tmp_path, capsys):
    # --lang ru turned the tally of a JSON file's English problems into "0 ошибок, 1 предупреждение".
    from civica import cli

    path = tmp_path / "empty.json"
    civica.io.write(civica.Dataset(), path)
    assert cli.main(["validate", str(path), "--lang", "ru"]) == 0
    out = capsys.readouterr()
    assert "[no_records" in out.out
    assert out.err.endswith(": 0 errors, 1 warning\n"), out.err


def test_a_control_character_in_a_text_option_is_refused_naming_the_option(tmp_path):
    # civica new --territory "a\x01b" blamed the cell «Заголовок (title)» of a sheet the user
    # never touched; the option is named now, and nothing is written.
    out = tmp_path / "k"
    result = subprocess.run([sys.executable, "-m", "civica", "new", str(out), "--territory", "a\x01b"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 2
    assert 'argument --territory: "a\\x01b" holds the control character U+0001 (at byte 1); remove it' in result.stderr
    assert not list(tmp_path.iterdir())


def test_an_empty_report_of_a_territory_says_it_is_that_territory_that_has_nothing(capsys):
    # «khanty-mansiysk-2020-synthetic» holds 2019 records of Khanty-Mansiysk; Pokachi's report
    # of 2019 is empty, and the message said the dataset held nothing for that year.
    from civica import cli

    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    apps = ds.applications.to_pandas(context=True)
    assert ((apps["year"] == 2019) & (apps["municipality"] == "khanty-mansiysk")).any()
    assert cli.main(["report", "--dataset", "khanty-mansiysk-2020-synthetic", "--territory", "pokachi",
                     "--year", "2019"]) == 1
    err = capsys.readouterr().err
    assert "holds nothing of «pokachi» it covers for that year" in err, err
