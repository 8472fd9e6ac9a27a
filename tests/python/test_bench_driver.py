"""bench/run.py, the benchmark driver docs/benchmark.md describes, runs as documented: its help
names every option, and the io suite times civica's public read and write against
polars.read_parquet at a small size, checking what it read before printing a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_the_help_names_every_option(tmp_path):
    proc = _run("--help", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for option in ("--sizes", "--repeat", "--json", "--data", "--bench-binary", "--systems", "--suite", "--formats"):
        assert option in proc.stdout, option
    assert "default 5, at least 1" in proc.stdout
    bad = _run("--repeat", "0", cwd=tmp_path)
    assert bad.returncode == 2 and "--repeat 0: time each stage at least once" in bad.stderr


def test_the_io_suite_times_the_sizes_it_is_given(tmp_path):
    pytest.importorskip("polars")
    pytest.importorskip("pyarrow")
    proc = _run("--suite", "io", "--sizes", "3000", "--repeat", "1", "--formats", "store,folder,parquet",
                "--data", str(tmp_path / "data"), "--json", str(tmp_path / "io.json"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # The size given, not the suite's default of a million.
    assert "3,000 applications" in proc.stdout and "1,000,000" not in proc.stdout
    for row in ("| store |", "| folder |", "| parquet |", "polars.read_parquet"):
        assert row in proc.stdout, row
    assert "civica parquet read / polars.read_parquet = " in proc.stdout
    assert (tmp_path / "io.json").stat().st_size > 0
