"""The io suite of bench/run.py (``--suite io``): how long civica takes to save a dataset and to
open it again, in each of its formats for whole datasets, beside polars reading a Parquet file
of the same applications.

For each size N, civica.synth.national(applications=N, seed=7) is made once (not timed) in a
writer process, which times ``civica.io.write`` of it to the civica store (``.civica``), the
dataset folder, SQLite and Parquet. Then every read runs in its own fresh process:
``civica.io.read`` of each of those files (the whole dataset: every table), and
``polars.read_parquet`` of the applications table of the Parquet folder (one table, no
checks), the peer for the Parquet reader. Each reader checks that it got N applications before
its time is printed, and the store's reader compares its dataset with the folder's (or, when
the folder is not among the formats, with the dataset made again from the same seed): every
table and field, operator==, once, untimed.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

FORMATS = {"store": "data.civica", "folder": "folder", "sqlite": "data.sqlite", "parquet": "tables.parquet"}
READERS = list(FORMATS) + ["polars.read_parquet(applications)"]


def _median_time(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        # The previous result is let go before the clock starts: otherwise every timed read
        # but the first would include freeing the dataset read before it (0.7-0.9 s at 10 M).
        out = None
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def writer(n: int, folder: Path, formats: list[str], repeat: int) -> dict:
    import civica

    ds = civica.synth.national(applications=n, seed=7)
    if "parquet" in formats:
        # What civica's Parquet code imports, before the clock, as polars is for its read.
        import pyarrow.compute, pyarrow.dataset, pyarrow.parquet  # noqa: F401,E401
    out = {}
    for f in formats:
        path = folder / FORMATS[f]
        fmt = "civica" if f == "folder" else f
        out[f], _ = _median_time(lambda: civica.io.write(ds, str(path), format=fmt), repeat)
    return out


def reader(n: int, folder: Path, what: str, repeat: int) -> float:
    if what.startswith("polars"):
        import polars as pl

        t, df = _median_time(lambda: pl.read_parquet(folder / FORMATS["parquet"] / "applications.parquet"), repeat)
        assert df.height == n, (df.height, n)
        return t
    import civica

    if what == "parquet":
        # What civica's Parquet code imports, before the clock, as polars is for its read.
        import pyarrow.compute, pyarrow.dataset, pyarrow.parquet  # noqa: F401,E401
    t, ds = _median_time(lambda: civica.io.read(str(folder / FORMATS[what])), repeat)
    assert len(ds.applications) == n, (len(ds.applications), n)
    if what == "store" and (folder / FORMATS["folder"]).exists():
        assert ds == civica.io.read(str(folder / FORMATS["folder"])), "the store and the folder differ"
    elif what == "store":
        assert ds == civica.synth.national(applications=n, seed=7), "the store differs from the dataset saved"
    return t


def main_worker(a) -> int:
    folder = Path(a.worker_folder)
    if a.worker == "write":
        result = writer(a.worker_n, folder, a.worker_formats.split(","), a.repeat)
    else:
        result = reader(a.worker_n, folder, a.worker, a.repeat)
    Path(a.worker_out).write_text(json.dumps(result))
    return 0


def _spawn(script: str, args: list[str], out: Path) -> object:
    subprocess.run([sys.executable, script, "--suite", "io", *args, "--worker-out", str(out)], check=True)
    return json.loads(out.read_text())


def run(sizes: list[int], repeat: int, folder: Path, formats: list[str], script: str) -> dict:
    report: dict = {"suite": "io", "repeat": repeat, "sizes": {}}
    for n in sizes:
        data = folder / f"io_{n}"
        data.mkdir(parents=True, exist_ok=True)
        out = folder / "io_worker.json"
        # SQLite and Parquet writes of millions of rows take long; they are timed once.
        writes = _spawn(script, ["--worker", "write", "--worker-n", str(n), "--worker-folder", str(data),
                                 "--worker-formats", ",".join(formats), "--repeat", "1"], out)
        reads = {}
        for what in [f for f in formats] + (["polars.read_parquet(applications)"] if "parquet" in formats else []):
            reads[what] = _spawn(script, ["--worker", what, "--worker-n", str(n), "--worker-folder", str(data),
                                          "--repeat", str(repeat)], out)
        sizes_on_disk = {}
        for f in formats:
            p = data / FORMATS[f]
            sizes_on_disk[f] = sum(x.stat().st_size for x in p.rglob("*")) if p.is_dir() else p.stat().st_size
        report["sizes"][n] = {"write": writes, "read": reads, "bytes": sizes_on_disk}
        print_table(n, report["sizes"][n])
    return report


def print_table(n: int, r: dict) -> None:
    print(f"\n{n:,} applications (synth.national, seed 7); medians in seconds")
    print("| format | write | read | size |")
    print("|---|---:|---:|---:|")
    for f, w in r["write"].items():
        print(f"| {f} | {w:.3f} | {r['read'][f]:.3f} | {r['bytes'][f] / 1e6:.0f} MB |")
    polars = r["read"].get("polars.read_parquet(applications)")
    if polars is not None:
        print(f"| polars.read_parquet (applications only) | | {polars:.3f} | |")
        for f in ("parquet", "store"):
            if f in r["read"]:
                print(f"civica {f} read / polars.read_parquet = {r['read'][f] / polars:.1f}x")
