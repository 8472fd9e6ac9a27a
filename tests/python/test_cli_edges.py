"""The civica command line at its edges: arguments that are not UTF-8, paths that are nothing,
standard output that cannot take the text, an output that is the input. Each answer is one
message on stderr and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

from test_cli import _command  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SMALL = REPO / "tests" / "data" / "folder" / "small"
GRANTS = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"

#: "Сургут" as a terminal set to Windows-1251 passes it: bytes that are not UTF-8.
CP1251 = os.fsdecode("Сургут".encode("cp1251"))


def run(*args, env=None):
    """Runs `civica ARGS` (arguments may hold bytes that are not UTF-8)."""
    return subprocess.run([*_command(), *args], capture_output=True, timeout=300,
                          env={**os.environ, **(env or {})})


def err(proc) -> str:
    return proc.stderr.decode("utf-8", "backslashreplace")


@pytest.mark.parametrize("args, option", [
    (["calendar", "--year", "2024", "--name", CP1251], "--name"),
    (["calendar", "--year", "2024", "--uid-prefix", CP1251], "--uid-prefix"),
    (["calendar", "--year", "2024", "--grant", f"{CP1251};2024-01-01;2024-12-31;6"], "--grant"),
    (["new", "NEW", "--territory", CP1251], "--territory"),
    (["new", "NEW", "--territory", "Сургут", "--region", CP1251], "--region"),
    (["report", "--territory", CP1251], "--territory"),
])
def test_a_text_option_that_is_not_utf8_is_a_usage_error_showing_its_bytes(tmp_path, args, option):
    args = [str(tmp_path / "surgut") if a == "NEW" else a for a in args]
    proc = run(*args)
    assert proc.returncode == 2, err(proc)
    assert "Traceback" not in err(proc) and "incompatible function arguments" not in err(proc)
    assert f"argument {option}: " in err(proc) and "\\xd1\\xf3\\xf0\\xe3\\xf3\\xf2" in err(proc)
    assert "is not UTF-8 text" in err(proc)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("args", [["info", "PATH"], ["report", "--dataset", "PATH"],
                                  ["validate", "PATH"], ["convert", "PATH", "OUT"]])
def test_a_missing_path_that_is_not_utf8_is_named_with_its_bytes(tmp_path, args):
    missing = str(tmp_path / CP1251)
    args = [missing if a == "PATH" else str(tmp_path / "out.json") if a == "OUT" else a for a in args]
    proc = run(*args)
    assert proc.returncode == 2, err(proc)
    assert "Traceback" not in err(proc)
    assert err(proc).startswith("civica: error: ") and err(proc).count("\n") == 1, err(proc)
    assert "\\xd1\\xf3\\xf0\\xe3\\xf3\\xf2: no such file or folder, nor a bundled dataset" in err(proc)
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize("args, to_a_file", [(["report"], True), (["calendar", "--year", "2024"], True),
                                             (["info", "khanty-mansiysk-2020"], False)])
def test_standard_output_that_cannot_hold_the_text_is_an_error_saying_what_to_do(args, to_a_file):
    proc = run(*args, env={"PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 2, err(proc)
    assert "Traceback" not in err(proc) and "UnicodeEncodeError" not in err(proc)
    assert err(proc).startswith("civica: error: standard output is in ascii, which cannot hold U+"), err(proc)
    assert "PYTHONIOENCODING=utf-8" in err(proc) and ("-o FILE" in err(proc)) == to_a_file
    # In an encoding with the letters, the same text is written.
    assert run(*args, env={"PYTHONIOENCODING": "cp1251"}).returncode == 0


@pytest.mark.parametrize("same", ["grants.json", "./grants.json", "sub/../grants.json"])
def test_convert_onto_its_own_input_is_refused_and_the_input_kept(tmp_path, same):
    (tmp_path / "sub").mkdir()
    shutil.copy(GRANTS, tmp_path / "grants.json")
    before = (tmp_path / "grants.json").read_bytes()
    proc = subprocess.run([*_command(), "convert", "grants.json", same], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"civica: error: {same} is IN itself: write OUT to another path (IN is kept as it is)\n"
    assert (tmp_path / "grants.json").read_bytes() == before
    assert civica.io.guess_format(tmp_path / "grants.json") == "360giving"


def test_convert_onto_its_own_folder_is_refused(tmp_path):
    folder = tmp_path / "city"
    shutil.copytree(SMALL, folder)
    proc = run("convert", str(folder), str(folder) + "/", "--to", "csv", "--out-separator", ";")
    assert proc.returncode == 2 and "is IN itself" in err(proc), err(proc)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in SMALL.iterdir())
    assert civica.io.guess_format(folder) == "civica"


def test_convert_to_dash_is_refused_rather_than_written_to_a_folder_named_dash(tmp_path):
    proc = subprocess.run([*_command(), "convert", str(GRANTS), "-"], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("civica: error: convert writes OUT as a file or a folder, not to standard output")
    assert not list(tmp_path.iterdir()) and proc.stdout == ""


@pytest.mark.parametrize("options, named", [(["--out-separator", ";"], "--out-separator"), (["--bom"], "--bom"),
                                            (["--out-encoding", "windows-1251"], "--out-encoding"),
                                            (["--out-separator", "tab", "--out-decimal-comma"],
                                             "--out-separator, --out-decimal-comma")])
@pytest.mark.parametrize("out", ["out.sqlite", "out.json", "out"])
def test_convert_refuses_csv_writing_options_for_another_format(tmp_path, options, named, out):
    proc = run("convert", str(SMALL), str(tmp_path / out), *options)
    assert proc.returncode == 2, err(proc)
    kind = {"out.sqlite": "sqlite", "out.json": "json", "out": "civica"}[out]
    assert err(proc) == f"civica: error: {named}: for OUT in the csv format only (a folder of CSV tables, " \
                        f"--to csv); OUT is {kind}\n"
    assert not list(tmp_path.iterdir())
    # With --to csv, into a folder named for it (a suffix of another format is refused).
    written = run("convert", str(SMALL), str(tmp_path / "tables"), "--to", "csv", *options)
    assert written.returncode == 0, err(written)


@pytest.mark.parametrize("args", [["convert", str(SMALL), "OUT", "--to", "csv", "--out-separator", "|"],
                                  ["convert", str(SMALL), "OUT", "--separator", "|"],
                                  ["validate", str(SMALL), "--separator", "|"]])
def test_a_separator_civica_does_not_take_is_a_usage_error_naming_the_option(tmp_path, args):
    proc = run(*[str(tmp_path / "out") if a == "OUT" else a for a in args])
    option = args[args.index("|") - 1]
    assert proc.returncode == 2, err(proc)
    assert err(proc).endswith(f": error: argument {option}: '|': use ',', ';' or 'tab'\n"), err(proc)
    assert not list(tmp_path.iterdir())


def test_report_year_help_states_the_default_a_dataset_without_figures_gets():
    import json

    name = "khanty-mansiysk-2020-synthetic"
    ds = civica.datasets.load(name)
    assert not list(ds.indicators)  # no published figures: the year comes from the records
    proc = run("report", "--dataset", name, "--format", "json")
    assert proc.returncode == 0, err(proc)
    assert json.loads(proc.stdout)["year"] == max(ds.years())
    helped = " ".join(run("report", "--help").stdout.decode("utf-8").split())
    assert ("else the latest year with published figures of the territory, or with records when it has "
            "none)") in helped


def test_the_main_help_names_what_every_command_does():
    described = " ".join(run("--help").stdout.decode("utf-8").split("commands:")[0].split())
    for words in ("bundled datasets", "summarise, check and convert", "annual public-engagement report",
                  "reporting calendar", "workbook to fill in"):
        assert words in described, described


def test_python_dash_m_civica_cli_io_converts_as_civica_convert_does(tmp_path):
    out = tmp_path / "small.json"
    proc = subprocess.run([sys.executable, "-m", "civica.cli_io", str(SMALL), str(out)], capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert " → " in proc.stderr and civica.io.read(out) == civica.io.read(SMALL)
    bad = subprocess.run([sys.executable, "-m", "civica.cli_io", str(SMALL)], capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert bad.returncode == 2 and "civica convert: error: the following arguments are required: OUT" in bad.stderr


@pytest.mark.parametrize("path", [".", "out/", "out/.."])
def test_new_with_a_folder_for_path_is_refused_and_writes_nothing(tmp_path, path):
    (tmp_path / "out").mkdir()
    proc = subprocess.run([*_command(), "new", path, "--territory", "Сургут"], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr and "openpyxl" not in proc.stderr
    assert proc.stderr.startswith("civica: error: ") and "give the workbook's file name" in proc.stderr
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["out"]


@pytest.mark.parametrize("path, suffix", [("surgut.xls", ".xls"), ("x.csv", ".csv"), ("out/city.ODS", ".ODS")])
def test_new_with_a_suffix_other_than_xlsx_is_refused_and_writes_nothing(tmp_path, path, suffix):
    # Before, surgut.xls became the workbook surgut.xls.xlsx.
    (tmp_path / "out").mkdir()
    proc = subprocess.run([*_command(), "new", path, "--territory", "Сургут"], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"civica: error: {path}: civica writes .xlsx workbooks, not {suffix}: name it " \
                          f"{path[: -len(suffix)]}.xlsx, or give the name without a suffix\n"
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == ["out"]


def test_new_help_says_how_the_workbook_is_named():
    out = subprocess.run([*_command(), "new", "--help"], capture_output=True, text=True, encoding="utf-8",
                         timeout=300).stdout
    assert ".xlsx is added to a name without a suffix, and another suffix (.xls, .csv) is refused" in \
        " ".join(out.split())


def test_a_registry_whose_file_name_is_not_utf8_is_named_with_its_bytes_shown(tmp_path):
    # Before, the dataset's title and source held the name's raw bytes: `civica info` failed with
    # UnicodeDecodeError and `civica convert` to JSON with json.exception.type_error.316.
    name = os.fsdecode(b"caf\xe9.csv")  # "café.csv" in Latin-1
    shutil.copy(REPO / "tests" / "data" / "pgf" / "sample.csv", tmp_path / name)
    info = run("info", str(tmp_path / name), "--json")
    assert info.returncode == 0, err(info)
    described = json.loads(info.stdout)
    assert described["title"] == "Presidential Grants Fund applications (caf\\xe9.csv)"
    assert described["source"] == "caf\\xe9.csv"
    converted = run("convert", str(tmp_path / name), str(tmp_path / "out.json"))
    assert converted.returncode == 0, err(converted)
    assert "Traceback" not in err(info) + err(converted)
    assert civica.io.read(tmp_path / "out.json").info.source == "caf\\xe9.csv"


@pytest.mark.parametrize("source, format", [("threesixtygiving/abct_grants_360G-ABCT.json", "360giving"),
                                            ("threesixtygiving/abct_grants_360G-ABCT.csv", "360giving"),
                                            ("popolo/tas_local_councillor_popolo.json", "popolo")])
def test_a_file_whose_name_is_not_utf8_names_its_dataset_with_the_bytes_shown(tmp_path, source, format):
    suffix = os.path.splitext(source)[1]
    path = tmp_path / os.fsdecode(b"caf\xe9" + suffix.encode())
    shutil.copy(REPO / "tests" / "data" / source, path)
    ds = civica.io.read(path, format)
    assert ds.info.name == "caf\\xe9"
    civica.io.write(ds, tmp_path / "out.json", "json")


def test_a_folder_of_tables_whose_name_is_not_utf8_is_named_with_its_bytes_shown(tmp_path):
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    shutil.copytree(SMALL, folder)
    (folder / "manifest.json").unlink()
    assert civica.io.read(folder, "csv").info.name == "caf\\xe9"


def test_report_through_a_symbolic_link_replaces_the_file_it_leads_to_and_keeps_the_link(tmp_path):
    # Before, -o link.md put a plain file in the link's place and left the file it led to stale.
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "2020.md").write_text("old\n", encoding="utf-8")
    (tmp_path / "latest.md").symlink_to("reports/2020.md")
    proc = run("report", "-o", str(tmp_path / "latest.md"))
    assert proc.returncode == 0, err(proc)
    assert (tmp_path / "latest.md").is_symlink() and os.readlink(tmp_path / "latest.md") == "reports/2020.md"
    assert (tmp_path / "reports" / "2020.md").read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["2020.md", "latest.md", "reports"]


@pytest.mark.parametrize("option", ["--dataset", "--template"])
def test_report_onto_its_own_dataset_or_template_is_refused_and_the_file_kept(tmp_path, option):
    if option == "--dataset":
        source = tmp_path / "grants.json"
        shutil.copy(GRANTS, source)
        args = ["--dataset", str(source), "--year", "2019", "-o", str(source)]
    else:
        source = tmp_path / "wording.ru.txt"
        shutil.copy(REPO / "data" / "templates" / "report.ru.txt", source)
        args = ["--template", str(source), "-o", str(tmp_path / "." / source.name)]
    before = source.read_bytes()
    proc = run("report", *args)
    assert proc.returncode == 2, err(proc)
    assert err(proc) == f"civica: error: -o {args[-1]} is the {option} file: write the report to another file " \
                        f"(the {option} file is kept as it is)\n"
    assert source.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [source.name]


@pytest.mark.parametrize("option, given, fmt", [("--rules", "extra_obligations.json", "md"),
                                                 ("--xmlcalendar", "xmlcalendar_2028_sample.xml", "csv")])
def test_calendar_onto_its_own_rules_or_xmlcalendar_is_refused_and_the_file_kept(tmp_path, option, given, fmt):
    # The calendar replaced its input (exit 0), and the next run could not read it.
    source = tmp_path / given
    shutil.copy(REPO / "tests" / "data" / "calendar" / given, source)
    before = source.read_bytes()
    proc = run("calendar", "--year", "2024", option, str(source), "--format", fmt, "-o", str(source))
    assert proc.returncode == 2, err(proc)
    assert err(proc) == f"civica: error: -o {source} is the {option} file: write the calendar to another file " \
                        f"(the {option} file is kept as it is)\n"
    assert source.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [given]


def test_a_report_template_that_is_not_utf8_is_a_usage_error_naming_the_line(tmp_path):
    # It raised UnicodeDecodeError with a traceback, or (--format json) wrote U+FFFD, exit 0.
    template = tmp_path / "wording.ru.txt"
    template.write_bytes((REPO / "data" / "templates" / "report.ru.txt").read_text(encoding="utf-8").encode("cp1251"))
    for fmt in ("md", "json"):
        proc = run("report", "--template", str(template), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"))
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr, err(proc)
        assert re.fullmatch(rf"civica: error: {re.escape(str(template))}:\d+:\d+: the report template is not UTF-8 text "
                            r"\(byte \d+ of the line; Windows-1251\?\): save it as UTF-8\n", err(proc))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wording.ru.txt"]


def test_python_dash_m_civica_cli_calendar_answers_as_civica_calendar_does():
    proc = subprocess.run([sys.executable, "-m", "civica.cli_calendar", "--year", "2024"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=300)
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith(b"civica: error: standard output is in ascii")
    same = [subprocess.run(cmd, capture_output=True, timeout=300).stdout
            for cmd in ([sys.executable, "-m", "civica.cli_calendar", "--year", "2024", "--format", "csv"],
                        [*_command(), "calendar", "--year", "2024", "--format", "csv"])]
    assert same[0] == same[1] and same[0].startswith(b"date,")


def _through_fifo(fifo: Path, *args) -> "tuple[subprocess.CompletedProcess, bytes]":
    """Runs `civica ARGS` while reading the named pipe `fifo`; returns the run and what came
    through the pipe."""
    import time

    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        proc = subprocess.Popen([*_command(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                chunk = None
            if chunk:
                got.append(chunk)
            elif proc.poll() is not None:
                break
            else:
                time.sleep(0.01)
        out, errors = proc.communicate(timeout=60)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, errors), b"".join(got)
    finally:
        os.close(fd)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("args, start", [(["report", "-o", "FIFO.md"], "# ХАНТЫ-МАНСИЙСК".encode()),
                                         (["report", "-o", "FIFO.pdf"], b"%PDF-"),
                                         (["calendar", "--year", "2024", "-o", "FIFO.ics"], b"BEGIN:VCALENDAR\r\n")],
                         ids=["md", "pdf", "ics"])
def test_an_output_that_is_a_named_pipe_is_written_into_not_replaced(tmp_path, args, start):
    import stat

    fifo = tmp_path / ("out" + Path(args[-1]).suffix)
    os.mkfifo(fifo)
    proc, got = _through_fifo(fifo, *args[:-1], str(fifo))
    assert proc.returncode == 0, err(proc)
    assert got.startswith(start), got[:100]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and [p.name for p in tmp_path.iterdir()] == [fifo.name]


def test_an_output_under_a_file_is_refused_in_every_report_format_with_the_same_words(tmp_path):
    # Word and PDF said "[Errno 17] File exists: '…/afile'", Markdown which part is in the way.
    (tmp_path / "afile").write_text("kept", encoding="utf-8")
    for fmt in ("md", "docx", "pdf"):
        proc = run("report", "--format", fmt, "-o", str(tmp_path / "afile" / f"r.{fmt}"))
        assert proc.returncode == 2
        assert err(proc) == (f'civica: error: cannot create the folder "{tmp_path / "afile"}": '
                             f'"{tmp_path / "afile"}" is a file, not a folder\n'), fmt
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "kept"
    written = run("report", "--format", "docx", "-o", str(tmp_path / "new" / "folder" / "r.docx"))
    assert written.returncode == 0 and (tmp_path / "new" / "folder" / "r.docx").stat().st_size > 0


def test_an_output_that_is_a_device_is_written_into_not_replaced(tmp_path):
    import stat

    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("making a device needs root")
    for args in (["report", "-o", str(null), "--format", "md"], ["report", "-o", str(null), "--format", "docx"],
                 ["calendar", "--year", "2024", "-o", str(null), "--format", "ics"]):
        proc = run(*args)
        assert proc.returncode == 0, err(proc)
        assert stat.S_ISCHR(os.stat(null).st_mode), args
    refused = run("convert", str(SMALL), str(null), "--to", "json")
    assert refused.returncode == 2 and stat.S_ISCHR(os.stat(null).st_mode)
    assert err(refused) == f"civica: error: {null} is a device or a pipe: convert writes OUT as a file or a folder, " \
                           "which it replaces\n"


def test_descriptors_and_devices_are_written_into_and_other_paths_under_dev_replaced():
    from civica.cli import written_in_place

    for path in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1", "/dev/null"):
        assert written_in_place(path), path
    assert not written_in_place(str(SMALL / "manifest.json")) and not written_in_place(str(SMALL))
    assert not written_in_place("no/such/file.md")
    # Any path under /dev or /proc was taken for a device: a file on /dev/shm was not replaced
    # atomically, one in a folder to make there failed, and convert refused it.
    assert not written_in_place("/dev/shm/no-such-folder/r.md") and not written_in_place("/proc/no-such-file")


@pytest.mark.skipif(not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK), reason="no /dev/shm")
def test_files_on_dev_shm_are_written_as_any_file():
    import tempfile

    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        report = os.path.join(tmp, "sub", "r.md")
        proc = run("report", "-o", report)
        assert proc.returncode == 0, err(proc)
        assert Path(report).read_text(encoding="utf-8").startswith("# ")
        out = os.path.join(tmp, "x.json")
        proc = run("convert", str(SMALL), out, "-q")
        assert proc.returncode == 0, err(proc)
        assert civica.io.guess_format(out) == "json"
        # Written atomically, as a file elsewhere is: a new file, not the old one written into.
        before = os.stat(report).st_ino
        held = open(report, encoding="utf-8")
        try:
            assert run("report", "-o", report, "--lang", "en").returncode == 0
            assert os.stat(report).st_ino != before and held.read().startswith("# ")
        finally:
            held.close()


@pytest.mark.parametrize("args, option", [(["info", "PLAIN"], "--from"), (["validate", "PLAIN"], "--from"),
                                          (["report", "--dataset", "PLAIN"], "--from"),
                                          (["convert", "PLAIN", "OUT.json"], "--from"),
                                          (["convert", str(SMALL), "OUT.csv"], "--to")])
def test_a_format_civica_cannot_tell_is_asked_for_with_the_option_that_names_it(tmp_path, args, option):
    plain = tmp_path / "plain.txt"
    plain.write_text("a,b\n1,2\n", encoding="utf-8")
    args = [str(plain) if a == "PLAIN" else str(tmp_path / a) if a.startswith("OUT") else a for a in args]
    proc = run(*args)
    assert proc.returncode == 2, err(proc)
    assert f"; name the format with {option} (civica, " in err(proc) and err(proc).count("\n") == 1, err(proc)


@pytest.mark.parametrize("args, option", [
    (["info", ""], "DATASET"), (["validate", ""], "PATH"), (["convert", "", "OUT"], "IN"),
    (["convert", str(SMALL), ""], "OUT"), (["new", "", "--territory", "Сургут"], "PATH"),
    (["report", "--dataset", ""], "--dataset"), (["report", "-o", ""], "-o/--output"),
    (["report", "--template", ""], "--template"), (["calendar", "--year", "2024", "-o", ""], "-o/--output"),
    (["calendar", "--year", "2024", "--rules", ""], "--rules"),
    (["calendar", "--year", "2024", "--xmlcalendar", ""], "--xmlcalendar"),
])
def test_an_empty_path_is_a_usage_error_not_the_current_folder_nor_standard_output(tmp_path, args, option):
    """An empty argument (a variable left unset in a script) is not read as the current folder
    (convert "" OUT converted it; validate "" checked it), nor written to standard output
    (report -o ""), nor left to a traceback (convert IN "")."""
    (tmp_path / "cwd").mkdir()
    shutil.copytree(SMALL, tmp_path / "cwd" / "small")
    args = [str(tmp_path / "out.json") if a == "OUT" else a for a in args]
    proc = subprocess.run([*_command(), *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path / "cwd", timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.endswith(f": error: argument {option}: the path is empty\n"), proc.stderr
    assert proc.stdout == "" and not (tmp_path / "out.json").exists()


def test_a_device_that_refuses_the_output_is_an_error_naming_it(tmp_path):
    import stat

    full = tmp_path / "full"  # as /dev/full: every write fails with ENOSPC
    try:
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (OSError, AttributeError):
        pytest.skip("making a device needs root")
    for args in (["report", "--format", "md"], ["report", "--format", "pdf"],
                 ["calendar", "--year", "2024", "--format", "ics"]):
        proc = run(*args, "-o", str(full))
        assert proc.returncode == 2, err(proc)
        assert err(proc) == f'civica: error: cannot write "{full}": No space left on device\n', args
        assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_read_that_stops_part_way_ends_the_progress_line_before_the_error(tmp_path, monkeypatch, capsys):
    from civica import cli, io

    big = tmp_path / "grants.json"  # over the 10 MB from which convert shows its progress
    with open(big, "wb") as f:
        f.truncate(11 * 1024 * 1024)

    def read_half_then_fail(path, format=None, *, progress=None, **options):
        progress("read", 5 * 1024 * 1024, 11 * 1024 * 1024)
        raise civica.ParseError("grants.json:123: amountAwarded: not a number")

    monkeypatch.setattr(io, "read", read_half_then_fail)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # the line is drawn on a terminal only
    assert cli.main(["convert", str(big), str(tmp_path / "out.sqlite"), "--from", "360giving"]) == 2
    lines = capsys.readouterr().err.split("\n")
    assert lines[0] == "\rreading grants.json:  45% (5/11 MB)"
    assert lines[1].startswith("civica: error: grants.json:123: ") and lines[2:] == [""]


def test_convert_draws_no_progress_line_into_a_log_file(tmp_path):
    """Before, `civica convert big.civica out.sqlite 2>log` wrote the redrawn line with its
    carriage returns into the log, and `reading …: 100% …, parsed` three times over: the
    watcher saw the mapped store wholly read while the dataset was still being built. Independent
    truth: stderr redirected to a file, as a cron job or a CI log has it."""
    big = civica.synth.national(applications=120_000, regions=20, seed=3)
    store = tmp_path / "big.civica"
    civica.io.write(big, store)
    assert store.stat().st_size > 10 * 1024 * 1024
    proc = run("convert", str(store), str(tmp_path / "out.sqlite"))
    assert proc.returncode == 0, err(proc)
    assert "\r" not in err(proc) and "%" not in err(proc), err(proc)
    assert len(err(proc).splitlines()) == 1 and "120000 applications" in err(proc)



def test_a_read_reports_its_end_once_even_when_the_whole_file_is_mapped_before_it(tmp_path, monkeypatch):
    """The progress watcher sees a mapped file wholly resident while the reader is still
    building the dataset: that is not the end. Independent truth: the file's size, and a reader
    that takes 0.8 s after its file is wholly read (three rounds of the 0.25 s watcher)."""
    import time
    from civica import io

    store = tmp_path / "city.civica"
    store.write_bytes(b"x" * 4096)
    monkeypatch.setattr(io._Progress, "_position", lambda self: 4096)
    calls = []
    with io._Progress(str(store), lambda stage, done, total: calls.append((stage, done, total)), "read"):
        time.sleep(0.8)
    assert len(calls) >= 3 and calls[-1] == ("read", 4096, 4096)
    assert [c for c in calls if c[1] >= c[2]] == [calls[-1]], calls


def test_a_path_that_is_not_utf8_is_echoed_with_its_bytes_as_civicas_messages_show_them(tmp_path):
    name = os.fsdecode("Сургут".encode("cp1251"))
    shown = "\\xd1\\xf3\\xf0\\xe3\\xf3\\xf2"
    folder = tmp_path / name
    shutil.copytree(SMALL, folder)
    checked = run("validate", str(folder))
    assert checked.returncode == 0 and err(checked).endswith(f"{shown}: no problems found\n"), err(checked)
    converted = run("convert", str(folder), str(tmp_path / f"{name}.sqlite"))
    assert converted.returncode == 0 and f"{shown} (civica) → " in err(converted), err(converted)
    assert f"{shown}.sqlite (sqlite)" in err(converted)
    written = run("calendar", "--year", "2024", "-o", str(tmp_path / f"{name}.ics"))
    assert written.returncode == 0 and err(written).endswith(f"{shown}.ics: ics calendar written\n")
    assert "\\udc" not in err(checked) + err(converted) + err(written)


@pytest.mark.parametrize("args, said", [(["report", "-o", "r.md", "--format", "html"], "names an md file"),
                                        (["report", "-o", "r.html", "--format", "pdf"], "names an html file"),
                                        (["report", "-o", "r.json", "--format", "md"], "names a json file"),
                                        (["calendar", "--year", "2024", "-o", "c.md", "--format", "csv"],
                                         "names an md file"),
                                        (["calendar", "--year", "2024", "-o", "c.csv", "--format", "ics"],
                                         "names a csv file")])
def test_a_format_that_contradicts_the_suffix_is_said_with_the_right_article(tmp_path, args, said):
    proc = run(*args[:-3], str(tmp_path / args[-3]), *args[-2:])
    assert proc.returncode == 2 and f"{said}, but --format is {args[-1]}" in err(proc), err(proc)


def test_a_folder_named_as_a_bundled_dataset_is_read_by_every_command(tmp_path):
    """A copy of a bundled dataset made to be edited (civica convert khanty-mansiysk-2020
    khanty-mansiysk-2020) is what info and report --dataset read, as validate and convert
    do; report without --dataset still reports on the bundled one."""
    import json

    shutil.copytree(REPO / "tests" / "data" / "surgut-2024", tmp_path / "khanty-mansiysk-2020")

    def civica_in(*args):
        proc = subprocess.run([*_command(), *args], capture_output=True, text=True, encoding="utf-8",
                              cwd=tmp_path, timeout=300)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert json.loads(civica_in("info", "khanty-mansiysk-2020", "--json"))["name"] == "surgut-2024"
    reported = json.loads(civica_in("report", "--dataset", "khanty-mansiysk-2020", "--format", "json"))
    assert reported["dataset"] == "surgut-2024"
    assert json.loads(civica_in("report", "--format", "json"))["dataset"] == "khanty-mansiysk-2020"
    assert json.loads(civica_in("report", "--from", "civica", "--format", "json"))["dataset"] == "khanty-mansiysk-2020"


def test_the_synthetic_dataset_is_made_for_report_when_it_is_not_bundled(tmp_path):
    """Without bundled datasets (a data folder with the templates only) report --dataset
    khanty-mansiysk-2020-synthetic generates it, and the other commands say there are none."""
    shutil.copytree(REPO / "data" / "templates", tmp_path / "data" / "templates")
    env = {"CIVICA_DATA_DIR": str(tmp_path / "data")}
    proc = run("report", "--dataset", "khanty-mansiysk-2020-synthetic", env=env)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout.decode("utf-8").startswith("# ХАНТЫ-МАНСИЙСК")
    missing = run("info", "khanty-mansiysk-2020", env=env)
    assert missing.returncode == 2
    assert err(missing) == "civica: error: khanty-mansiysk-2020: no such file or folder, nor a bundled dataset " \
                           "(there are none: civica's data folder is missing)\n"


@pytest.mark.parametrize("args", [["--alarm-days", "7"], ["--uid-prefix", "7701234567"],
                                  ["--alarm-days", "0", "--uid-prefix", "x"]])
@pytest.mark.parametrize("output", [["--format", "csv"], ["-o", "OUT.md"], []])
def test_calendar_refuses_icalendar_options_for_another_format(tmp_path, args, output):
    """--alarm-days and --uid-prefix shape iCalendar events; for CSV or Markdown they were
    dropped without a word."""
    output = [str(tmp_path / a) if a.startswith("OUT") else a for a in output]
    proc = run("calendar", "--year", "2024", *args, *output)
    assert proc.returncode == 2, err(proc)
    given = ", ".join(a for a in args if a.startswith("--"))
    assert err(proc).startswith(f"civica: error: {given}: for the ics format only") and err(proc).count("\n") == 1
    assert proc.stdout == b"" and list(tmp_path.iterdir()) == []
    # The same options with ics output are taken.
    ics = run("calendar", "--year", "2024", *args, "--format", "ics")
    assert ics.returncode == 0, err(ics)
    assert ics.stdout.startswith(b"BEGIN:VCALENDAR")


def test_validate_prints_a_problem_of_the_whole_folder_without_a_place(tmp_path):
    # It was printed with "." for a file: '.: the folder "d1" has no manifest.json …'.
    folder = tmp_path / "d1"
    folder.mkdir()
    shutil.copy(REPO / "tests" / "data" / "pgf" / "sample.csv", folder / "registry.csv")
    proc = run("validate", str(folder))
    assert proc.returncode == 1, err(proc)
    first = proc.stdout.decode("utf-8").splitlines()[0]
    assert first.startswith(f'the folder "{folder}" has no manifest.json') and first.endswith("[no_tables]")


# ---- standard streams closed, an ASCII locale ---------------------------------------------------


def _run_with(fd: int, how: str, *args, tmp=None):
    """Runs `civica ARGS` with descriptor `fd` closed ("closed"), or holding a file open for
    reading only ("read-only", as a launcher's script left there); the other streams captured."""
    def prepare():
        os.close(fd)
        if how == "read-only":
            assert os.open(os.devnull, os.O_RDONLY) == fd
    capture = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    capture.pop("stdout" if fd == 1 else "stderr")
    return subprocess.run([*_command(), *args], timeout=300, preexec_fn=prepare, cwd=tmp, **capture)


@pytest.mark.parametrize("how", ["closed", "read-only"])
def test_a_closed_standard_output_fails_only_the_commands_that_write_to_it(tmp_path, how):
    # The process started with standard output closed (`civica … >&-`) crashed with
    # AttributeError on None, also after `report -o` had written its file.
    done = _run_with(1, how, "report", "-o", str(tmp_path / "r.md"))
    assert done.returncode == 0, err(done)
    assert "13 общественных советов" in (tmp_path / "r.md").read_text(encoding="utf-8")
    for args in (["info", "khanty-mansiysk-2020"], ["report"], ["report", "--format", "pdf"], ["datasets", "--json"]):
        done = _run_with(1, how, *args)
        assert done.returncode == 2, (args, err(done))
        assert err(done).strip() == "civica: error: [Errno 9] standard output is closed", (args, err(done))


@pytest.mark.parametrize("how", ["closed", "read-only"])
def test_a_closed_standard_error_keeps_the_exit_codes(tmp_path, how):
    # Messages to a closed standard error raised again in the handler: a clean validate exited 1.
    assert _run_with(2, how, "validate", "khanty-mansiysk-2020").returncode == 0
    assert _run_with(2, how, "report", "-o", str(tmp_path / "r.md")).returncode == 0
    assert (tmp_path / "r.md").stat().st_size > 1000
    assert _run_with(2, how, "info", str(tmp_path / "none")).returncode == 2


def test_utf8_text_arguments_are_read_under_an_ascii_locale(tmp_path):
    # LC_ALL=C without Python's UTF-8 mode: Python decodes arguments as ASCII with surrogates,
    # and --territory Ханты-Мансийск was refused as "not UTF-8 text".
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    done = run("report", "--territory", "Ханты-Мансийск", "-o", str(tmp_path / "t.md"), env=env)
    assert done.returncode == 0, err(done)
    assert (tmp_path / "t.md").read_text(encoding="utf-8") == civica.report.render("khanty-mansiysk-2020", 2020)


def test_json_on_an_ascii_output_is_whole_escaped_json():
    # With PYTHONIOENCODING=ascii, `info --json` wrote 855 bytes of a document and then failed.
    for command in (["info", "khanty-mansiysk-2020", "--json"], ["datasets", "--json"]):
        utf8 = run(*command)
        done = run(*command, env={"PYTHONIOENCODING": "ascii"})
        assert done.returncode == 0, err(done)
        assert done.stdout.isascii() and not utf8.stdout.isascii()
        assert json.loads(done.stdout) == json.loads(utf8.stdout)


def test_a_path_the_system_cannot_look_up_is_named_with_the_reason(tmp_path):
    # A name of 300 bytes gave Python's raw "[Errno 36] File name too long: '…'".
    name = "a" * 300
    done = run("info", name)
    assert done.returncode == 2
    assert err(done) == f"civica: error: {name}: File name too long\n"
    done = run("convert", name, str(tmp_path / "x.sqlite"))
    assert done.returncode == 2 and err(done).endswith(": File name too long\n"), err(done)


@pytest.mark.parametrize("name", ["-wb", os.fsdecode(b"w\xe9"), "my city's book"])
def test_the_commands_civica_new_prints_to_paste_run_in_bash(tmp_path, name):
    # For a name starting with "-" the printed `civica validate -wb.xlsx` was a usage error, and
    # a name that is not UTF-8 was printed as 'w\udce9.xlsx', which names no file.
    made = subprocess.run([*_command(), "new", "--territory", "Сургут", "--", name], cwd=tmp_path,
                          capture_output=True, timeout=300)
    assert made.returncode == 0, err(made)
    line = next(x for x in err(made).splitlines() if "civica validate" in x)
    command = line[line.index("civica validate"):].split("  ")[0]
    done = subprocess.run(["bash", "-c", command.replace("civica", " ".join(map(shlex.quote, _command())), 1)],
                          cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, (command, err(done))
    assert b"no_records" in done.stdout + done.stderr or b"no problems" in done.stdout + done.stderr, done


def test_an_interruption_while_a_partial_format_is_read_back_says_the_file_was_written(tmp_path, monkeypatch,
                                                                                      capsys):
    # Ctrl-C while `convert` read a 360Giving file back (to say what it does not keep) said
    # "interrupted" over a target already replaced by the complete new file.
    from civica import cli, io

    real_read = io.read
    out = tmp_path / "grants.json"

    def read_back_interrupted(path, format=None, **options):
        if os.fspath(path) == os.fspath(out):
            raise KeyboardInterrupt
        return real_read(path, format, **options)

    def compare_interrupted(*args):
        raise KeyboardInterrupt

    said = f"civica: interrupted after {out} was written (the check of what its format keeps was not made)\n"
    # Interrupted while the file is read back, then while it is compared with the dataset.
    monkeypatch.setattr(io, "read", read_back_interrupted)
    assert cli.main(["convert", "khanty-mansiysk-2020-synthetic", str(out), "--to", "360giving"]) == 130
    assert capsys.readouterr().err.endswith(said)
    monkeypatch.setattr(io, "read", real_read)
    awarded = [a for a in civica.datasets.load("khanty-mansiysk-2020-synthetic").applications if a.awarded is not None]
    assert len(civica.io.read(out).applications) == len(awarded) > 0
    out.unlink()
    monkeypatch.setattr(io, "_not_kept", compare_interrupted)
    assert cli.main(["convert", "khanty-mansiysk-2020-synthetic", str(out), "--to", "360giving"]) == 130
    assert capsys.readouterr().err.endswith(said)
    assert out.exists()


@pytest.mark.parametrize("target", ["out.sqlite", "out"])
def test_an_interruption_raised_after_the_target_was_replaced_says_it_was_written(tmp_path, monkeypatch, capsys,
                                                                                 target):
    # Ctrl-C that comes after the compiled write's last check (while the rename is made, or an
    # old folder removed) is raised when the write returns: `convert` said "interrupted" over
    # the new content, and the KeyboardInterrupt did not name it.
    from civica import _core, cli

    out = tmp_path / target
    civica.io.write(civica.synth.national(applications=50, regions=3, seed=1), out)  # the old content
    real_write = _core.io.write

    def written_then_interrupted(*args, **kwargs):
        real_write(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(_core.io, "write", written_then_interrupted)
    assert cli.main(["convert", "khanty-mansiysk-2020-synthetic", str(out)]) == 130
    assert capsys.readouterr().err.endswith(f"civica: interrupted after {out} was written\n")
    # A format that holds part of a dataset was not read back: that is said too.
    grants = tmp_path / "grants.json"
    assert cli.main(["convert", "khanty-mansiysk-2020-synthetic", str(grants), "--to", "360giving"]) == 130
    assert capsys.readouterr().err.endswith(f"civica: interrupted after {grants} was written (the check of what "
                                            "its format keeps was not made)\n")
    with pytest.raises(KeyboardInterrupt) as raised:
        civica.io.write(civica.datasets.load("khanty-mansiysk-2020"), out)
    assert raised.value.civica_written == str(out)
    # Interrupted before anything was replaced: the target is as it was, and nothing is named.
    monkeypatch.setattr(_core.io, "write", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt) as raised:
        civica.io.write(civica.synth.national(applications=50, regions=3, seed=1), out)
    assert not hasattr(raised.value, "civica_written")
    monkeypatch.undo()
    assert civica.io.read(out) == civica.datasets.load("khanty-mansiysk-2020")


@pytest.mark.parametrize("command, module, target", [
    (["report", "-o", "{dir}/r.md"], "civica.cli_report", "{dir}/r.md"),
    (["calendar", "--year", "2024", "-o", "{dir}/c.md"], "civica.cli_calendar", "{dir}/c.md"),
    (["convert", "khanty-mansiysk-2020", "{dir}/out"], "civica.cli_io", "{dir}/out"),
    (["new", "{dir}/n", "--territory", "Сургут"], "civica.cli_new", "{dir}/n.xlsx"),  # the file new makes
    (["validate", "khanty-mansiysk-2020"], "civica.cli", None),  # standard output, not the data validated
])
def test_a_full_disk_is_told_with_the_file_being_written(command, module, target, tmp_path, monkeypatch, capsys):
    # Before: "civica: error: [Errno 28] No space left on device", naming no file.
    import errno
    import importlib

    from civica import cli

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    name = {"civica.cli_report": "_run", "civica.cli_calendar": "run", "civica.cli_io": "_cmd_convert",
            "civica.cli_new": "_run", "civica.cli": "_cmd_validate"}[module]
    monkeypatch.setattr(importlib.import_module(module), name, full)
    code = cli.main([a.format(dir=tmp_path) for a in command])
    assert code == 2
    where = "standard output" if target is None else f'"{target.format(dir=tmp_path)}"'
    assert capsys.readouterr().err == f"civica: error: cannot write {where}: {os.strerror(errno.ENOSPC)}\n"


@pytest.mark.parametrize("out, to, named", [("y.xlsx", "parquet", "xlsx"), ("z.json", "sqlite", "json"),
                                            ("t.civica", "sqlite", "store"), ("u.sqlite", "json", "sqlite"),
                                            ("w.parquet", "xlsx", "parquet")])
def test_convert_refuses_a_suffix_of_another_format_than_to(tmp_path, out, to, named):
    # Before, `civica convert grants.json y.xlsx --to parquet` made y.xlsx a folder of Parquet
    # tables, as report and calendar refuse `-o r.md --format html`.
    proc = run("convert", "khanty-mansiysk-2020", str(tmp_path / out), "--to", to)
    assert proc.returncode == 2
    assert proc.stderr.decode("utf-8") == (f"civica: error: {tmp_path / out}: its suffix {os.path.splitext(out)[1]} is "
                                           f"that of the {named} format, but --to is {to}: name OUT for what it "
                                           f"will hold, or leave out --to\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, to, named", [("x.json/", "civica", "json"), ("x.sqlite/", "csv", "sqlite")])
def test_convert_reads_the_suffix_of_out_given_with_a_trailing_slash(tmp_path, out, to, named):
    # "x.json/" names x.json: it was taken for a folder of no suffix, and x.json became a folder.
    proc = run("convert", "khanty-mansiysk-2020", str(tmp_path) + "/" + out, "--to", to)
    assert proc.returncode == 2
    assert f"its suffix {os.path.splitext(out.rstrip('/'))[1]} is that of the {named} format" in err(proc), err(proc)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, to", [("g.json", "360giving"), ("p.json", "popolo"), ("g.xlsx", "360giving"),
                                     ("g.csv", "360giving"), ("data.db3", "sqlite"), ("plain", "json")])
def test_convert_takes_a_suffix_that_holds_the_format_to_names(tmp_path, out, to):
    source = "khanty-mansiysk-2020-synthetic"
    proc = run("convert", source, str(tmp_path / out), "--to", to, "-q")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / out).exists()


@pytest.mark.parametrize("out, to", [("t.csv", "csv"), ("t.pq", "parquet"), ("my.2024", "csv"), ("t.sqlite", "csv")])
def test_convert_run_again_replaces_the_folder_it_wrote(tmp_path, out, to):
    # The second run said "t.csv: its suffix .csv is that of the civica format, but --to is csv":
    # the existing folder was taken for what its suffix names.
    if to == "parquet":
        pytest.importorskip("pyarrow")
    target = tmp_path / out
    for _ in range(2):
        proc = run("convert", "khanty-mansiysk-2020", str(target), "--to", to, "-q")
        if out == "t.sqlite":  # a suffix that names another format is still refused
            assert proc.returncode == 2 and "its suffix .sqlite is that of the sqlite format" in err(proc)
            return
        assert proc.returncode == 0, err(proc)
        assert target.is_dir() and (target / "manifest.json").is_file()
    assert len(civica.io.read(target, to).organizations) == len(civica.datasets.load("khanty-mansiysk-2020").organizations)


def test_convert_says_what_to_change_for_a_bom_in_windows_1251_in_words_of_no_api(tmp_path):
    # Before: "... (write bom=false, or encoding utf-8 ...)", the Python API's words.
    proc = run("convert", "khanty-mansiysk-2020", str(tmp_path / "out"), "--to", "csv", "--bom",
               "--out-encoding", "windows-1251")
    assert proc.returncode == 2
    assert err(proc).endswith("a byte-order mark is for UTF-8 files; Windows-1251 has none: write the tables "
                              "without one, or in UTF-8 with one (which Excel also opens)\n"), err(proc)
    assert "bom=" not in err(proc)
    assert list(tmp_path.iterdir()) == []



@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a file size limit (ulimit -f) as Linux has it")
@pytest.mark.parametrize("args, target", [
    (["new", "{dir}/n", "--territory", "Сургут"], "n.xlsx"),
    (["convert", "khanty-mansiysk-2020", "{dir}/x.xlsx"], "x.xlsx"),
    (["convert", "khanty-mansiysk-2020-synthetic", "{dir}/g.xlsx", "--to", "360giving"], "g.xlsx"),
    (["convert", "khanty-mansiysk-2020-synthetic", "{dir}/g.json", "--to", "360giving"], "g.json"),
    (["convert", "khanty-mansiysk-2020", "{dir}/p", "--to", "parquet"], "p"),
    (["convert", "khanty-mansiysk-2020", "{dir}/s.sqlite"], "s.sqlite"),
    (["convert", "khanty-mansiysk-2020", "{dir}/s.civica"], "s.civica"),
    (["convert", "khanty-mansiysk-2020", "{dir}/f", "--to", "csv"], "f/"),
    (["report", "-o", "{dir}/r.docx"], "r.docx"),
    (["report", "-o", "{dir}/r.pdf"], "r.pdf"),
    (["calendar", "--year", "2024", "-o", "{dir}/c.ics"], "c.ics"),
])
def test_a_write_cut_short_by_the_disk_is_one_message_naming_the_file_and_leaves_nothing(tmp_path, args, target):
    # A file size limit fails a write midway with EFBIG, as a full disk does with ENOSPC. Before:
    # `civica new` and `convert --to xlsx` ended in lxml's traceback ("SerialisationError:
    # IO_EFBIG") and "Exception ignored in … WorksheetWriter.get_stream"; SQLite said only "disk I/O
    # error"; Parquet said pyarrow's "Error writing bytes to file. Detail: [errno 27] …".
    import errno
    import resource

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))  # SIGXFSZ: Python ignores it

    proc = subprocess.run([*_command(), *[a.format(dir=tmp_path) for a in args]], capture_output=True,
                          timeout=300, preexec_fn=limited)
    said = err(proc)
    assert proc.returncode == 2, said
    assert said.startswith("civica: error: ") and said.count("\n") == 1, said
    assert said.rstrip("\n").endswith(os.strerror(errno.EFBIG) + (")" if target == "s.sqlite" else "")), said
    # The file named (in quotes, or first as SQLite's messages name it): the target, or in a folder
    # written as a whole, the file of it being written.
    named = (rf'(?:"|error: )(?:{re.escape(str(tmp_path))}/)?{re.escape(target)}'
             + ('[^"/]+"' if target.endswith("/") else '(?:"|: )'))
    assert re.search(named, said), said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
@pytest.mark.parametrize("make, args", [
    ("parquet-table", ["validate", "{p}", "-q"]),
    ("fifo", ["validate", "{p}", "--from", "sqlite"]),
    ("fifo", ["info", "{p}", "--from", "xlsx"]),
    ("fifo", ["info", "{p}", "--from", "pgf"]),
    ("fifo", ["info", "{p}", "--from", "360giving"]),
])
def test_a_named_pipe_given_with_its_format_is_refused_not_waited_on(tmp_path, make, args):
    # Before, pyarrow, SQLite and openpyxl opened the pipe and waited for a writer for ever;
    # SIGTERM and Ctrl-C did not stop the SQLite and Parquet reads (only SIGKILL did).
    if make == "parquet-table":
        p = tmp_path / "pq"
        civica.io.write(civica.datasets.load("khanty-mansiysk-2020-synthetic"), p, format="parquet")
        (p / "applications.parquet").unlink()
        os.mkfifo(p / "applications.parquet")
        pipe = p / "applications.parquet"
    else:
        p = pipe = tmp_path / "f"
        os.mkfifo(p)
    proc = subprocess.run([*_command(), *[a.format(p=p) for a in args]], capture_output=True, timeout=120)
    said = proc.stdout.decode("utf-8") + err(proc)
    # validate lists it as the data's problem (exit 1); info cannot read the data (exit 2).
    assert proc.returncode == (1 if args[0] == "validate" else 2), said
    assert f'"{pipe}": it is a named pipe, not a file' in said, said


@pytest.mark.parametrize("args, out, what, example", [
    (["report", "--format", "md"], "newdir/", "the report", "report.md"),
    (["report"], "r.md/", "the report", "report.md"),
    (["report", "--format", "docx"], "newdir/", "the report", "report.docx"),
    (["calendar", "--year", "2024", "--format", "md"], "caldir/", "the calendar", "calendar.md"),
    (["calendar", "--year", "2024"], "c.ics/", "the calendar", "calendar.md"),
])
def test_an_output_ending_in_a_separator_is_refused_for_a_report_or_a_calendar(tmp_path, args, out, what, example):
    # `-o newdir/` wrote a plain file "newdir"; `-o r.md/` said the suffix named no format.
    target = str(tmp_path) + "/" + out
    proc = run(*args, "-o", target)
    assert proc.returncode == 2, err(proc)
    assert err(proc) == (f"civica: error: -o {target} ends in \"/\", which names a folder, but {what} is one file: "
                         f"name the file (e.g. {target}{example})\n")
    assert list(tmp_path.iterdir()) == []


def _a_dataset_folder(tmp_path: Path) -> "tuple[Path, dict]":
    folder = tmp_path / "km"
    shutil.copytree(REPO / "data" / "datasets" / "khanty-mansiysk-2020", folder)
    return folder, {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.mark.parametrize("args, out, said", [
    (["report", "--dataset", "{km}", "--format", "json", "-o"], "manifest.json",
     "-o {out} is inside the --dataset folder {km}: write the report outside that folder (the --dataset folder "
     "is kept as it is)"),
    (["report", "--dataset", "{km}", "--format", "md", "-o"], "bodies.csv",
     "-o {out} is inside the --dataset folder {km}: write the report outside that folder (the --dataset folder "
     "is kept as it is)"),
    (["convert", "{km}", "--to", "pgf"], "indicators.csv",
     "{out} is inside IN, the folder {km}: write OUT outside that folder (IN is kept as it is)"),
    # No such file yet, but the dataset would read it as its table the next time.
    (["convert", "{km}", "--to", "pgf"], "applications.csv",
     "{out} is inside IN, the folder {km}: write OUT outside that folder (IN is kept as it is)"),
])
def test_an_output_inside_an_input_folder_is_refused_and_the_folder_kept(tmp_path, args, out, said):
    # The report replaced the dataset's manifest.json (exit 0), convert --to pgf its indicators.csv.
    km, before = _a_dataset_folder(tmp_path)
    target = str(km / out)
    given = [a.format(km=km) for a in args]
    proc = run(*(given[:2] + [target] + given[2:] if args[0] == "convert" else given + [target]))
    assert proc.returncode == 2, err(proc)
    assert err(proc) == "civica: error: " + said.format(out=target, km=km) + "\n"
    assert {p.name: p.read_bytes() for p in km.iterdir()} == before


def test_a_new_file_beside_the_tables_of_an_input_folder_is_written_and_the_dataset_kept(tmp_path):
    # A report kept with its data: neither a file of the dataset nor one it reads.
    km, before = _a_dataset_folder(tmp_path)
    proc = run("report", "--dataset", str(km), "-o", str(km / "report.md"))
    assert proc.returncode == 0, err(proc)
    assert (km / "report.md").read_text(encoding="utf-8").startswith("# ")
    assert {p.name: p.read_bytes() for p in km.iterdir() if p.name != "report.md"} == before
    proc = run("validate", str(km))
    assert proc.returncode == 0 and err(proc).endswith(f"{km}: no problems found\n"), err(proc)


@pytest.mark.parametrize("to", ["csv", "civica", "parquet"])
def test_convert_refuses_to_replace_a_folder_that_holds_in(tmp_path, to):
    if to == "parquet":
        pytest.importorskip("pyarrow")
    km, before = _a_dataset_folder(tmp_path)
    for source, out in ((km / "organizations.csv", km), (km, tmp_path)):
        proc = run("convert", str(source), str(out), "--to", to, *(["--from", "pgf"] if source.is_file() else []))
        assert proc.returncode == 2, err(proc)
        kind = "file" if source.is_file() else "folder"
        assert err(proc) == (f"civica: error: {out} is a folder that holds IN, the {kind} {source}, and OUT replaces "
                             "the whole folder: write OUT to another path (IN is kept as it is)\n")
    assert {p.name: p.read_bytes() for p in km.iterdir()} == before
    # A file format written beside IN, in the folder that holds it, is no threat to IN.
    proc = run("convert", str(km), str(tmp_path / "km.json"), "-q")
    assert proc.returncode == 0, err(proc)


def test_an_output_inside_a_bundled_dataset_named_by_its_name_is_refused():
    # Asked of the check itself: a run whose refusal failed would write into the installed data.
    from civica import datasets
    from civica.cli import _CliError, refuse_output_onto_input

    target = str(datasets.path("khanty-mansiysk-2020") / "manifest.json")
    with pytest.raises(_CliError, match=r"is inside the --dataset folder khanty-mansiysk-2020: write the report "):
        refuse_output_onto_input(target, [("--dataset", "khanty-mansiysk-2020")], "the report")
    refuse_output_onto_input(target, [("--dataset", "khanty-mansiysk-2020-synthetic")], "the report")


def _workbook_with(tmp_path: Path, lang: str, **cells: str) -> Path:
    """A workbook made by `civica new` whose About sheet's cells of ``cells`` (by key) hold the
    values given."""
    openpyxl = pytest.importorskip("openpyxl")
    made = civica.xlsx.new_workbook(tmp_path / f"made-{lang}.xlsx", "Сургут", year=2024, lang=lang)
    wb = openpyxl.load_workbook(made)
    ws = wb["О наборе данных" if lang == "ru" else "About"]
    for row in ws.iter_rows(min_row=2):
        for key, value in cells.items():
            if str(row[0].value or "").endswith(f"({key})"):
                row[1].value = value
    path = tmp_path / ("book-" + "-".join(cells) + f"-{lang}.xlsx")
    wb.save(path)
    return path


_ABOUT_RULES = {
    ("year", "ru"): "строка 10: «Год отчёта (year)»: «2024 год» — не год: введите год числом от 1900 до 2200, "
                    "например 2024",
    ("year", "en"): 'row 10: "Report year (year)": "2024 год" is not a year: enter the year as a number from 1900 '
                    'to 2200, e.g. 2024',
    ("language", "ru"): "строка 11: «Язык (language)»: «de» — не язык civica: введите ru или en",
    ("language", "en"): 'row 11: "Language (language)": "de" is not a language civica writes: enter ru or en',
    ("synthetic", "ru"): "строка 8: «Синтетические данные (synthetic)»: «может быть» — не «да» и не «нет»: "
                         "введите да или нет (пустая ячейка — нет)",
    ("synthetic", "en"): 'row 8: "Synthetic (synthetic)": "может быть" is neither yes nor no: enter yes or no '
                         '(empty is no)',
}
_BAD_ABOUT_VALUES = {"year": "2024 год", "language": "de", "synthetic": "может быть"}


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("key", ["year", "language", "synthetic"])
def test_a_bad_cell_of_the_about_sheet_is_an_error_naming_the_workbook_sheet_row_and_rule(tmp_path, key, lang):
    # The year "2024 год" failed convert with a traceback and was let go by validate and report;
    # the language "de" failed info, report and convert with a traceback, and validate named the
    # workbook as a sheet; "может быть" in «Синтетические данные» was read as no.
    book = _workbook_with(tmp_path, lang, **{key: _BAD_ABOUT_VALUES[key]})
    sheet = "лист «О наборе данных»" if lang == "ru" else 'sheet "About"'
    rule = f"{sheet}, {_ABOUT_RULES[key, lang]}"
    for args in (["info", str(book)], ["convert", str(book), str(tmp_path / "out.xlsx")],
                 ["report", "--dataset", str(book), "--lang", lang, "--show-missing", "-o", str(tmp_path / "r.md")]):
        proc = run(*args)
        assert proc.returncode == 2 and b"Traceback" not in proc.stderr, err(proc)
        assert err(proc) == f"civica: error: {book}: {rule}\n", args
    checked = run("validate", str(book))
    assert checked.returncode == 1, err(checked)
    assert checked.stdout.decode("utf-8") == f"{rule} [bad_value]\n"
    assert not (tmp_path / "out.xlsx").exists() and not (tmp_path / "r.md").exists()
    with pytest.raises(civica.ParseError):
        civica.xlsx.workbook_settings(book)


@pytest.mark.parametrize("value, synthetic", [("да", True), ("yes", True), ("1", True), ("true", True),
                                              ("нет", False), ("no", False), ("0", False), ("false", False),
                                              (None, False)])
def test_the_synthetic_cell_takes_the_words_for_yes_and_no(tmp_path, value, synthetic):
    book = _workbook_with(tmp_path, "ru", synthetic=value)
    assert civica.io.read(book).info.synthetic is synthetic
    assert not [p for p in civica.io.problems(book) if p.severity == "error"]


def test_datasets_with_civica_data_dir_naming_no_folder_is_an_error(tmp_path):
    # It printed "no bundled datasets found" on standard output, exit 0.
    for where, why in ((tmp_path / "missing", "names a folder that does not exist"),
                       (tmp_path / "file", "is not a folder")):
        if where.name == "file":
            where.write_text("x", encoding="utf-8")
        for args in (["datasets"], ["datasets", "--json"]):
            proc = run(*args, env={"CIVICA_DATA_DIR": str(where)})
            assert proc.returncode == 2 and proc.stdout == b"", err(proc)
            assert err(proc) == (f"civica: error: CIVICA_DATA_DIR={where} {why}: point it at civica's data folder "
                                 "(the one holding datasets/), or unset it to use the installed one\n")


def test_the_hint_to_read_a_folder_in_another_format_names_the_option(tmp_path):
    # It ended "(format "parquet", civica --from parquet)": no command.
    pytest.importorskip("pyarrow")
    out = tmp_path / "out.parquet"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020"), out, format="parquet")
    for args, code in ((["info", str(out), "--from", "csv"], 2), (["validate", str(out), "--from", "csv"], 1),
                       (["info", str(out), "--from", "civica"], 2)):
        proc = run(*args)
        said = proc.stdout.decode("utf-8") + err(proc)
        assert proc.returncode == code, said
        assert "read it as Parquet (--from parquet)" in said and "civica --from" not in said, said
    folder = tmp_path / "folder"
    civica.io.write(civica.datasets.load("khanty-mansiysk-2020"), folder, format="civica")
    proc = run("info", str(folder), "--from", "parquet")
    assert proc.returncode == 2 and "read it as a dataset folder (--from civica)" in err(proc), err(proc)
