"""Writers in Python are atomic through the same civica::text::replace_atomically /
replace_folder_atomically as the C++ writers (tests/cpp/io_atomic_write_test.cpp kills those).

Independent truth: the bytes on disk. A child process writes a large dataset as Parquet over a
small one and is killed with SIGKILL at points spread over the time a write takes; after each
kill the target must hold, file by file and byte for byte, what a complete write of the old or
the new dataset leaves. A hidden sibling left beside the target shows that a kill landed inside
the write.
"""

from __future__ import annotations

import contextlib

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict

import pytest

import civica

_CHILD = """
import sys, civica
ds = civica.synth.national(applications=int(sys.argv[2]), regions=20, seed=2)
print("ready", flush=True)
civica.io.write(ds, sys.argv[1], sys.argv[3])
"""


def snapshot(target: Path) -> Dict[str, bytes]:
    if target.is_file():
        return {"": target.read_bytes()}
    if not target.is_dir():
        return {}
    return {str(p.relative_to(target)): p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}


def remove_leftovers(target: Path) -> int:
    import shutil

    n = 0
    for p in target.parent.iterdir():
        if p.name.startswith("." + target.name + "."):
            if p.is_dir():
                shutil.rmtree(p)
            else:
                p.unlink()
            n += 1
    return n


def _start(target: Path, applications: int, fmt: str) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(target), str(applications), fmt],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def kill_during_writes(target: Path, fmt: str, small: civica.Dataset, applications: int) -> None:
    full = _start(target, applications, fmt)
    t0 = time.monotonic()
    assert full.wait() == 0
    window = time.monotonic() - t0
    new = snapshot(target)
    civica.io.write(small, target, fmt)
    old = snapshot(target)
    assert old != new and old and new
    # Rounds of 8 kill points over [lo, hi], first [0, 1.5 × the timed write]; then between the
    # latest kill that left the old content and the earliest that left the new one, where the
    # write is finishing and its sibling exists (tests/cpp/io_atomic_write_test.cpp does the same).
    lo, hi = 0.0, window * 1.5
    runs = saw_old = saw_new = inside = 0
    for round_ in range(8):
        if round_ >= 2 and saw_old and saw_new and inside:
            break
        latest_old, earliest_new = 0.0, None
        for i in range(8):
            delay = lo + (hi - lo) * i / 7
            civica.io.write(small, target, fmt)
            child = _start(target, applications, fmt)
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            child.wait()
            now = snapshot(target)
            assert now in (old, new), f"a kill after {delay:.3f} s (a write takes {window:.3f} s) left a mix"
            saw_old += now == old
            saw_new += now == new
            if now == old:
                latest_old = max(latest_old, delay)
            elif earliest_new is None or delay < earliest_new:
                earliest_new = delay
            inside += remove_leftovers(target) > 0
            runs += 1
        if earliest_new is None:
            hi *= 2
        else:
            lo, hi = min(latest_old, earliest_new), max(latest_old, earliest_new, min(latest_old, earliest_new) + 0.01)
    print(f"[ kills ] {target.name}: {runs} runs, {saw_old} old, {saw_new} new, {inside} inside the write")
    assert inside and saw_old and saw_new


@pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None, reason="Parquet needs pyarrow")
def test_a_killed_parquet_write_leaves_the_old_or_the_new_folder(tmp_path: Path) -> None:
    small = civica.synth.national(applications=40, regions=3, seed=1)
    target = tmp_path / "tables.parquet"
    civica.io.write(small, target)
    (target / "README.md").write_text("kept\n", encoding="utf-8")
    kill_during_writes(target, "parquet", small, 8000)
    assert (target / "README.md").read_text(encoding="utf-8") == "kept\n"
    civica.io.write(small, target)
    assert civica.io.read(target) == small


@contextlib.contextmanager
def tally_format(write):
    """A format "tally" (suffix .tally) written by `write`, registered for the block only."""
    civica.io.register_format(civica.io.Format("tally", write=write, suffixes=(".tally",)))
    try:
        yield
    finally:
        civica.io._FORMATS.pop("tally", None)
        civica.io.FORMATS = tuple(civica.io._FORMATS)


def test_a_python_writer_that_fails_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    """A format registered from Python gets the same atomic replacement: a writer that fails
    halfway leaves the old file, and no sibling."""

    def half_then_fail(dataset: civica.Dataset, path: str, options: dict) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write("half of it")
        raise civica.ValidationError("the writer gave up")

    def whole(dataset: civica.Dataset, path: str, options: dict) -> None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"{len(dataset.applications)} applications\n")

    with tally_format(whole):
        target = tmp_path / "counts.tally"
        civica.io.write(civica.synth.national(applications=10, regions=2, seed=1), target)
        assert target.read_text(encoding="utf-8") == "10 applications\n"
        civica.io.register_format(civica.io.Format("tally", write=half_then_fail, suffixes=(".tally",)))
        with pytest.raises(civica.ValidationError, match="gave up"):
            civica.io.write(civica.Dataset(), target)
        assert target.read_text(encoding="utf-8") == "10 applications\n"
        assert remove_leftovers(target) == 0


def test_a_python_writer_that_runs_out_of_disk_is_a_civica_io_error_naming_target_and_reason(tmp_path: Path) -> None:
    """/dev/full fails every write as a full disk does; the Parquet writer (pyarrow) and the
    workbook writer (openpyxl) see it as OSError, which civica.io.write says as the compiled
    writers do."""

    def onto_a_full_disk(dataset: civica.Dataset, path: str, options: dict) -> None:
        with open("/dev/full", "wb") as f:
            f.write(b"x" * (1 << 20))
            f.flush()

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with tally_format(onto_a_full_disk):
        target = tmp_path / "counts.tally"
        target.write_text("old\n", encoding="utf-8")
        with pytest.raises(civica.CivicaIOError, match=r"cannot write \".*counts\.tally\": No space left on device"):
            civica.io.write(civica.Dataset(), target)
        assert target.read_text(encoding="utf-8") == "old\n"
        assert remove_leftovers(target) == 0


def test_a_python_folder_writer_will_not_replace_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    target = tmp_path / "photos"
    target.mkdir()
    (target / "holiday.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(civica.CivicaIOError, match="manifest.json"):
        civica.io.write(civica.synth.national(applications=10, regions=2, seed=1), target, "parquet")
    assert [p.name for p in target.iterdir()] == ["holiday.jpg"]
    assert os.listdir(tmp_path) == ["photos"]


@pytest.mark.parametrize("first, then", [("parquet", "civica"), ("civica", "parquet")])
def test_a_folder_written_in_one_form_over_the_other_holds_only_the_new_dataset(tmp_path: Path, first, then) -> None:
    """A dataset folder written over a Parquet folder (or the other way) kept the old form's
    tables beside the new ones, so the folder read back as the old dataset under the new
    manifest; the Parquet writer also removed a user's own CSV file. Each writer now replaces
    the files of both forms and only them. Independent truth: the datasets as loaded."""
    pytest.importorskip("pyarrow")
    old = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    new = civica.datasets.load("khanty-mansiysk-2020")
    target = tmp_path / "city"
    civica.io.write(old, target, first)
    (target / "README.md").write_text("kept\n", encoding="utf-8")
    (target / "my_notes.csv").write_text("note\nkept\n", encoding="utf-8")
    civica.io.write(new, target, then)
    assert civica.io.guess_format(target) == then
    assert civica.io.read(target) == new
    assert (target / "README.md").read_text(encoding="utf-8") == "kept\n"
    assert (target / "my_notes.csv").read_text(encoding="utf-8") == "note\nkept\n"
    other = ".parquet" if then == "civica" else ".csv"
    assert not [p.name for p in target.iterdir() if p.suffix == other and p.name != "my_notes.csv"]


@pytest.mark.parametrize("name, fmt, needs", [("city.json", "json", None), ("city.sqlite", "sqlite", None),
                                              ("city.xlsx", "xlsx", "openpyxl"),
                                              ("tables.parquet", "parquet", "pyarrow"), ("city", "civica", None)])
def test_a_symbolic_link_stays_a_link_and_what_it_leads_to_is_replaced(tmp_path: Path, name, fmt, needs) -> None:
    """Before, a link given as the target was replaced by a plain file or folder, and what it
    led to was left stale. Independent truth: a write straight to a plain path."""
    if needs:
        pytest.importorskip(needs)
    small = civica.synth.national(applications=40, regions=3, seed=1)
    big = civica.synth.national(applications=400, regions=5, seed=2)
    civica.io.write(big, tmp_path / "expected" / name, fmt)
    expected = civica.io.read(tmp_path / "expected" / name, fmt).row_counts()
    real = tmp_path / "data" / "2024" / name
    civica.io.write(small, real, fmt)
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / name
    link.symlink_to(Path("..") / "data" / "2024" / name)
    chain = tmp_path / ("latest-" + name)
    chain.symlink_to(Path("links") / name)
    civica.io.write(big, chain, fmt)
    assert chain.is_symlink() and link.is_symlink()
    assert os.readlink(link) == os.path.join("..", "data", "2024", name)
    assert not real.is_symlink() and civica.io.read(real, fmt).row_counts() == expected
    assert civica.io.read(tmp_path / "expected" / name, fmt).row_counts() != small.row_counts()
    for folder in (tmp_path, tmp_path / "links", tmp_path / "data" / "2024"):
        assert remove_leftovers(folder / name) == 0


@pytest.mark.parametrize("name, fmt, needs", [("city.json", "json", None), ("city.xlsx", "xlsx", "openpyxl"),
                                              ("tables.parquet", "parquet", "pyarrow"), ("city", "civica", None)])
def test_a_replaced_file_or_folder_keeps_its_permissions(tmp_path: Path, name, fmt, needs) -> None:
    """Before, a private file (chmod 600) came back 0644 after a write over it: the new file
    had the umask's bits. Independent truth: the bits chmod gave the old file, read with stat."""
    if needs:
        pytest.importorskip(needs)
    target = tmp_path / name
    civica.io.write(civica.synth.national(applications=40, regions=3, seed=1), target, fmt)
    for bits in (0o600, 0o640, 0o604) if target.is_file() else (0o700, 0o750):
        os.chmod(target, bits)
        civica.io.write(civica.synth.national(applications=80, regions=3, seed=2), target, fmt)
        assert os.stat(target).st_mode & 0o7777 == bits, oct(bits)
        assert remove_leftovers(target) == 0


@pytest.mark.parametrize("name, fmt, needs", [
    ("city.json", "json", None), ("city.sqlite", "sqlite", None), ("city.civica", "store", None),
    ("city.xlsx", "xlsx", "openpyxl"), ("grants.json", "360giving", None), ("grants.csv", "360giving", None),
    ("registry.csv", "pgf", None), ("council.json", "popolo", None),
    ("tables.parquet", "parquet", "pyarrow"), ("city", "civica", None)])
def test_a_hard_link_to_the_old_file_keeps_the_old_content(tmp_path: Path, name, fmt, needs) -> None:
    """docs/reliability.md: as with any atomic save, a hard link to the old file keeps the old
    content (for a folder: a link to a file in it). Independent truth: the old bytes, read
    before the write, and a write of the new dataset to a fresh path."""
    import warnings

    if needs:
        pytest.importorskip(needs)
    old = civica.datasets.load("khanty-mansiysk-2020-synthetic") if fmt != "pgf" else \
        civica.synth.national(applications=30, regions=2, seed=1)  # the registry holds organisations only
    new = civica.synth.national(applications=60, regions=3, seed=2)
    target = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what a format does not keep is not this test's subject
        civica.io.write(old, target, fmt)
        civica.io.write(new, tmp_path / "expected" / name, fmt)
        linked = target / ("applications.parquet" if fmt == "parquet" else "applications.csv") if target.is_dir() \
            else target
        before = linked.read_bytes()
        os.link(linked, tmp_path / "link")
        civica.io.write(new, target, fmt)
    assert (tmp_path / "link").read_bytes() == before
    assert os.stat(tmp_path / "link").st_nlink == 1  # the target is another file now
    assert snapshot(target) != snapshot(tmp_path / "link") or target.is_dir()
    if fmt in ("json", "civica", "popolo", "parquet"):  # the rest hold a time of writing or differ by build
        assert snapshot(target) == snapshot(tmp_path / "expected" / name)
    assert remove_leftovers(target) == 0


@pytest.mark.parametrize("suffix, needs", [("md", None), ("docx", "docx"), ("pdf", "reportlab")])
def test_a_report_written_over_a_private_file_stays_private(tmp_path: Path, suffix, needs) -> None:
    """`civica report -o` over a file only its owner may read leaves a file only its owner may
    read (through the same replacement as every writer), in every document format."""
    if needs:
        pytest.importorskip(needs)
    out = tmp_path / f"report.{suffix}"
    out.write_bytes(b"old\n")
    os.chmod(out, 0o600)
    script = Path(sys.executable).parent / "civica"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "civica"]
    proc = subprocess.run([*command, "report", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert os.stat(out).st_mode & 0o7777 == 0o600
    assert out.read_bytes() != b"old\n"


@pytest.mark.parametrize("name", ["big.sqlite", "big.civica", "big.json"])
def test_ctrl_c_during_a_compiled_write_leaves_the_target_as_it_was(tmp_path: Path, name: str) -> None:
    # The compiled writers run without the GIL: Ctrl-C was handled once the write had replaced
    # its target, so `civica convert` said "interrupted" over a new file. The interruption now
    # stops the write before the target is replaced: KeyboardInterrupt, and the old content.
    import threading

    small = civica.synth.national(applications=50, regions=3, seed=1)
    big = civica.synth.national(applications=300_000, regions=20, seed=2)
    target = tmp_path / name
    civica.io.write(small, target)
    before = snapshot(target)
    started = time.monotonic()
    civica.io.write(big, tmp_path / ("timed-" + name))
    takes = time.monotonic() - started
    assert takes > 0.05, f"the write of {name} takes {takes:.3f} s: too short to interrupt"
    timer = threading.Timer(min(0.1, takes / 5), signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            civica.io.write(big, target)
    finally:
        timer.cancel()
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "timed-" + name])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_civica_stopped_by_sigterm_during_a_write_leaves_the_target_and_no_sibling(tmp_path: Path,
                                                                                 signum: int) -> None:
    # `timeout 60 civica convert …` or a service manager stopping a job sends SIGTERM: its default
    # action ended the process inside the compiled write, leaving the hidden sibling (which can be
    # gigabytes) beside an intact target. The command now treats it as Ctrl-C.
    source, target = tmp_path / "big.civica", tmp_path / "out.sqlite"
    civica.io.write(civica.synth.national(applications=300_000, regions=20, seed=2), source)
    civica.io.write(civica.synth.national(applications=50, regions=3, seed=1), target)
    before = snapshot(target)
    script = Path(sys.executable).parent / "civica"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "civica"]
    child = subprocess.Popen([*command, "convert", str(source), str(target)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    sibling = "." + target.name + ".tmp-"
    while child.poll() is None and not any(p.name.startswith(sibling) for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline, "the write's sibling never appeared"
        time.sleep(0.002)
    assert child.poll() is None, "the write ended before its sibling was seen: make the dataset larger"
    child.send_signal(signum)
    _, err = child.communicate(timeout=300)
    assert child.returncode == 128 + signum, err
    assert f"civica: terminated by {signal.Signals(signum).name}" in err
    assert snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.civica", "out.sqlite"]
