#!/usr/bin/env python3
"""Speed of civica against pandas (pyarrow engine), polars and DuckDB on the Presidential
Grants Fund layout: ingest (CSV -> in-memory table), a six-part panel from memory, end to end,
and peak RSS. A program, not a test:

    python bench/run.py [--sizes 100000,1000000] [--repeat 5] [--json results.json]
    python bench/run.py --suite analysis [--sizes 1000000,10000000] [--repeat 3] [--json results.json]
    python bench/run.py --suite io [--sizes 1000000] [--formats store,folder,sqlite,parquet] [--repeat 3]

The default suite ("panel") is described below; "analysis" times civica's public analysis calls
(civica.analysis.grant_outcomes, ranking, recipient_concentration, winners_over_time,
application_series) against pandas, polars and DuckDB: see bench/analysis_suite.py. "io" times
civica.io.write and civica.io.read of a whole national dataset in the civica store, the dataset
folder, SQLite and Parquet, beside polars.read_parquet of the same applications: see
bench/io_suite.py.

It generates a synthetic national dataset per size with civica.synth (85 regions, 13
directions, 9 years, two competitions a year) written in the ФПГ CSV layout plus a population
table, runs every system in its own subprocess (so ru_maxrss is that system's peak), checks
that every system computed the same panel (1e-9 relative) and prints medians and
peer/civica ratios. See docs/benchmark.md for the panel's definitions and measured tables.

The C++ side is the program bench/civica_bench (CMake: -DCIVICA_BUILD_BENCH=ON, target
civica_bench); pass its path with --bench-binary or put it on PATH. Missing peers are
installed with `pip install pyarrow polars duckdb`.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import close, gini_sorted, run_worker

SYSTEMS = ["civica", "civica-python", "pandas", "polars", "duckdb"]
STAGES = ["ingest", "panel", "end_to_end"]
STRING_COLUMNS = ["inn", "ogrn", "req_num", "okato", "oktmo", "rate"]


# ----------------------------------------------------------------------------- data

def generate(n: int, folder: Path, binary: str | None) -> tuple[Path, Path]:
    """The ФПГ CSV and the population table of a synthetic national dataset of n applications
    (civica::synth::national through civica_bench when given, else through civica.synth)."""
    csv = folder / f"pgf_{n}.csv"
    pop = folder / f"population_{n}.csv"
    if csv.exists() and pop.exists():
        return csv, pop
    if binary:
        subprocess.run([binary, "generate", str(n), str(csv), str(pop)], check=True)
        return csv, pop
    # In a process of its own: a worker started from a process that held the generated dataset
    # would count its pages in the worker's peak RSS (Linux keeps ru_maxrss across fork and exec).
    subprocess.run([sys.executable, __file__, "--generate", str(n), "--csv", str(csv), "--pop", str(pop)],
                   check=True)
    return csv, pop


def generate_here(n: int, csv: Path, pop: Path) -> None:
    """generate() through civica.synth, in this process."""
    import civica

    ds = civica.synth.national(applications=n, regions=85, directions=13, years=9,
                               first_year=2017, competitions_per_year=2, seed=2017)
    civica.pgf.write(ds, str(csv))
    totals: dict[tuple[str, int], int] = {}
    for m in ds.municipalities:
        region = m.region or m.name
        for year, people in dict(m.population).items():
            totals[(region, int(year))] = totals.get((region, int(year)), 0) + int(people)
    with open(pop, "w", encoding="utf-8") as f:
        f.write("region;year;population\n")
        for (region, year), people in sorted(totals.items()):
            f.write(f"{region};{year};{people}\n")


# ----------------------------------------------------------------------------- peers

def trends(region_year_winners: dict[str, dict[int, int]], years: list[int]):
    import numpy as np
    xs = np.array(years, dtype=np.float64)
    out = {"region": [], "cagr": [], "slope": []}
    for region in sorted(region_year_winners):
        ys = np.array([region_year_winners[region].get(y, 0) for y in years], dtype=np.float64)
        out["region"].append(region)
        out["cagr"].append((ys[-1] / ys[0]) ** (1.0 / (len(years) - 1)) - 1 if ys[0] > 0 else math.nan)
        xm = xs.mean()
        out["slope"].append(float(((xs - xm) * (ys - ys.mean())).sum() / ((xs - xm) ** 2).sum()))
    return out


def rank_desc_min(values):
    return [1 + sum(1 for w in values if w > v) for v in values]


def pandas_ingest(csv):
    import pandas as pd
    return pd.read_csv(csv, sep=";", engine="pyarrow", dtype={c: "string" for c in STRING_COLUMNS})


def pandas_panel(df, pop_csv):
    import numpy as np
    import pandas as pd
    win = (df["winner"] == True).fillna(False).to_numpy(dtype=bool)
    decided = df["winner"].notna().to_numpy()
    kop = np.rint(df["money_req_grant"].to_numpy(dtype=np.float64) * 100).astype(np.int64)
    d = pd.DataFrame({"year": df["year"], "region": df["region"], "direction": df["direction"],
                      "inn": df["inn"], "win": win, "decided": decided, "aw": np.where(win, kop, 0)})
    g = d.groupby(["year", "region"], sort=True).agg(applications=("win", "size"), winners=("win", "sum"),
                                                     decided=("decided", "sum")).reset_index()
    r1 = {"year": g["year"].tolist(), "region": g["region"].tolist(), "applications": g["applications"].tolist(),
          "winners": g["winners"].tolist(), "success_rate": (g["winners"] / g["decided"]).tolist()}
    g2 = d.groupby(["year", "direction"], sort=True)["aw"].sum().reset_index()
    r2 = {"year": g2["year"].tolist(), "direction": g2["direction"].tolist(), "awarded_kopecks": g2["aw"].tolist()}
    w = d[d["win"]]
    by_org = w.groupby("inn")["aw"].sum().reset_index()
    top = by_org.sort_values(["aw", "inn"], ascending=[False, True]).head(10)
    r3 = {"inn": top["inn"].tolist(), "awarded_kopecks": top["aw"].tolist()}
    ro = w[w["aw"] > 0].groupby(["region", "inn"])["aw"].sum().reset_index()
    r4 = {"region": [], "hhi": [], "gini": []}
    for region, grp in ro.groupby("region", sort=True):
        x = np.sort(grp["aw"].to_numpy(dtype=np.float64) / 100.0)
        s = x / x.sum()
        r4["region"].append(region)
        r4["hhi"].append(float((s * s).sum()))
        r4["gini"].append(gini_sorted(x))
    years = sorted(d["year"].unique().tolist())
    wy = d.groupby(["region", "year"])["win"].sum()
    ryw: dict[str, dict[int, int]] = {}
    for (region, year), v in wy.items():
        ryw.setdefault(region, {})[int(year)] = int(v)
    r5 = trends(ryw, years)
    last = years[-1]
    pop = pd.read_csv(pop_csv, sep=";")
    pop = pop[pop["year"] == last].set_index("region")["population"]
    aw_last = d[d["year"] == last].groupby("region")["aw"].sum()
    # Every region of the data with a population, 0 for one without an award in the last year.
    regions = sorted(set(d["region"].unique()) & set(pop.index))
    pc = [aw_last.get(r, 0) / 100.0 / pop[r] for r in regions]
    r6 = {"region": regions, "awarded_rub_per_capita": pc, "rank": rank_desc_min(pc)}
    return {"by_region_year": r1, "by_direction_year": r2, "top_recipients": r3, "concentration": r4,
            "winner_trends": r5, "per_capita": r6}


def polars_ingest(csv):
    import polars as pl
    return pl.read_csv(csv, separator=";", schema_overrides={c: pl.Utf8 for c in STRING_COLUMNS})


def polars_panel(df, pop_csv):
    import polars as pl
    d = df.select(
        pl.col("year"), pl.col("region"), pl.col("direction"), pl.col("inn"),
        (pl.col("winner") == True).fill_null(False).alias("win"),
        pl.col("winner").is_not_null().alias("decided"),
        (pl.col("money_req_grant") * 100).round(0).cast(pl.Int64).alias("kop"),
    ).with_columns(pl.when(pl.col("win")).then(pl.col("kop")).otherwise(0).alias("aw"))
    g = (d.filter(pl.col("region").is_not_null()).group_by(["year", "region"])
         .agg(pl.len().alias("applications"), pl.col("win").sum().alias("winners"),
              pl.col("decided").sum().alias("decided")).sort(["year", "region"]))
    r1 = {"year": g["year"].to_list(), "region": g["region"].to_list(), "applications": g["applications"].to_list(),
          "winners": g["winners"].to_list(), "success_rate": (g["winners"] / g["decided"]).to_list()}
    g2 = d.group_by(["year", "direction"]).agg(pl.col("aw").sum()).sort(["year", "direction"])
    r2 = {"year": g2["year"].to_list(), "direction": g2["direction"].to_list(), "awarded_kopecks": g2["aw"].to_list()}
    w = d.filter(pl.col("win"))
    top = (w.group_by("inn").agg(pl.col("aw").sum()).sort(["aw", "inn"], descending=[True, False]).head(10))
    r3 = {"inn": top["inn"].to_list(), "awarded_kopecks": top["aw"].to_list()}
    ro = (w.filter(pl.col("aw") > 0).group_by(["region", "inn"]).agg(pl.col("aw").sum())
          .with_columns((pl.col("aw") / 100.0).alias("x"))
          .sort(["region", "x"])
          .with_columns(pl.col("x").cum_count().over("region").alias("i"),
                        pl.len().over("region").alias("n"), pl.col("x").sum().over("region").alias("t")))
    ro = ro.with_columns(
        ((pl.col("x") / pl.col("t")) ** 2).alias("s2"),
        ((2.0 * pl.col("i").cast(pl.Float64) - pl.col("n").cast(pl.Float64) - 1.0) * pl.col("x")
         / (pl.col("n").cast(pl.Float64) * pl.col("t"))).alias("g"))
    c = ro.group_by("region").agg(pl.col("s2").sum().alias("hhi"), pl.col("g").sum().alias("gini")).sort("region")
    r4 = {"region": c["region"].to_list(), "hhi": c["hhi"].to_list(), "gini": c["gini"].to_list()}
    years = sorted(d["year"].unique().to_list())
    wy = d.group_by(["region", "year"]).agg(pl.col("win").sum())
    ryw: dict[str, dict[int, int]] = {}
    for region, year, v in wy.iter_rows():
        ryw.setdefault(region, {})[int(year)] = int(v)
    r5 = trends(ryw, years)
    last = years[-1]
    pop = pl.read_csv(pop_csv, separator=";").filter(pl.col("year") == last)
    aw_last = d.filter(pl.col("year") == last).group_by("region").agg(pl.col("aw").sum())
    # Every region of the data with a population, 0 for one without an award in the last year.
    j = (d.select("region").unique().join(aw_last, on="region", how="left").with_columns(pl.col("aw").fill_null(0))
         .join(pop.select("region", "population"), on="region").sort("region"))
    pc = (j["aw"] / 100.0 / j["population"]).to_list()
    r6 = {"region": j["region"].to_list(), "awarded_rub_per_capita": pc, "rank": rank_desc_min(pc)}
    return {"by_region_year": r1, "by_direction_year": r2, "top_recipients": r3, "concentration": r4,
            "winner_trends": r5, "per_capita": r6}


def duckdb_ingest(csv):
    import duckdb
    con = duckdb.connect()
    types = ", ".join(f"'{c}': 'VARCHAR'" for c in STRING_COLUMNS)
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{csv}', delim=';', header=true, types={{{types}}})")
    return con


def duckdb_panel(con, pop_csv):
    con.execute("""CREATE OR REPLACE TEMP VIEW d AS SELECT year, region, direction, inn,
                   coalesce(winner, false) AS win, winner IS NOT NULL AS decided,
                   CASE WHEN coalesce(winner, false) THEN CAST(round(money_req_grant * 100) AS BIGINT) ELSE 0 END AS aw
                   FROM t""")
    q = con.execute
    rows = q("""SELECT year, region, count(*), sum(win::INT), sum(win::INT) / sum(decided::INT)
                FROM d WHERE region IS NOT NULL GROUP BY year, region ORDER BY year, region""").fetchall()
    r1 = {k: [r[i] for r in rows] for i, k in enumerate(["year", "region", "applications", "winners", "success_rate"])}
    rows = q("SELECT year, direction, sum(aw) FROM d GROUP BY year, direction ORDER BY year, direction").fetchall()
    r2 = {k: [r[i] for r in rows] for i, k in enumerate(["year", "direction", "awarded_kopecks"])}
    rows = q("""SELECT inn, sum(aw) AS s FROM d WHERE win GROUP BY inn ORDER BY s DESC, inn LIMIT 10""").fetchall()
    r3 = {"inn": [r[0] for r in rows], "awarded_kopecks": [int(r[1]) for r in rows]}
    rows = q("""WITH ro AS (SELECT region, inn, sum(aw) / 100.0 AS x FROM d WHERE win AND aw > 0
                            GROUP BY region, inn),
                     r AS (SELECT region, x, row_number() OVER (PARTITION BY region ORDER BY x) AS i,
                                  count(*) OVER (PARTITION BY region) AS n,
                                  sum(x) OVER (PARTITION BY region) AS t FROM ro)
                SELECT region, sum((x / t) * (x / t)), sum((2 * i - n - 1) * x) / (any_value(n) * any_value(t))
                FROM r GROUP BY region ORDER BY region""").fetchall()
    r4 = {"region": [r[0] for r in rows], "hhi": [float(r[1]) for r in rows], "gini": [float(r[2]) for r in rows]}
    years = [r[0] for r in q("SELECT DISTINCT year FROM d ORDER BY year").fetchall()]
    ryw: dict[str, dict[int, int]] = {}
    for region, year, v in q("SELECT region, year, sum(win::INT) FROM d GROUP BY region, year").fetchall():
        ryw.setdefault(region, {})[int(year)] = int(v)
    r5 = trends(ryw, years)
    last = years[-1]
    # Every region of the data with a population, 0 for one without an award in the last year.
    rows = q(f"""SELECT r.region, coalesce(a.s, 0) / 100.0 / p.population FROM
                 (SELECT DISTINCT region FROM d) r
                 LEFT JOIN (SELECT region, sum(aw) AS s FROM d WHERE year = {last} GROUP BY region) a
                   ON a.region = r.region
                 JOIN read_csv('{pop_csv}', delim=';', header=true) p ON p.region = r.region AND p.year = {last}
                 ORDER BY r.region""").fetchall()
    pc = [float(r[1]) for r in rows]
    r6 = {"region": [r[0] for r in rows], "awarded_rub_per_capita": pc, "rank": rank_desc_min(pc)}
    return {"by_region_year": r1, "by_direction_year": r2, "top_recipients": r3, "concentration": r4,
            "winner_trends": r5, "per_capita": r6}


def civica_py_ingest(csv):
    import civica
    civica.io.set_limits(max_file_bytes=64 << 30)  # 10 million applications are a 6 GB file
    return civica.pgf.read(str(csv))


def civica_py_panel(ds, pop_csv):
    import civica.pgf
    years = []
    for c in ds.competitions:
        years.append(int(c.year))
    last = max(years)
    pop = {}
    with open(pop_csv, encoding="utf-8") as f:
        next(f)
        for line in f:
            region, year, people = line.rstrip("\n").split(";")
            if int(year) == last:
                pop[region] = int(people)
    return civica.pgf.panel(ds, pop)  # what a notebook calls


PEERS = {
    "pandas": (pandas_ingest, pandas_panel),
    "polars": (polars_ingest, polars_panel),
    "duckdb": (duckdb_ingest, duckdb_panel),
    "civica-python": (civica_py_ingest, civica_py_panel),
}


def worker(system: str, csv: str, pop: str, repeat: int, out: str) -> None:
    ingest_fn, panel_fn = PEERS[system]
    times = {"ingest": [], "panel": [], "end_to_end": []}
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        table = ingest_fn(csv)
        times["ingest"].append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        result = panel_fn(table, pop)
        times["panel"].append(time.perf_counter() - t1)
        del table
    for _ in range(repeat):
        t0 = time.perf_counter()
        table = ingest_fn(csv)
        panel_fn(table, pop)
        times["end_to_end"].append(time.perf_counter() - t0)
        del table
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"times": times, "peak_rss_bytes": rss, "results": result}, f, default=_plain)


def _plain(x):
    if hasattr(x, "item"):
        return x.item()
    raise TypeError(type(x))


# ----------------------------------------------------------------------------- checks

def compare(reference: dict, other: dict, name: str) -> list[str]:
    problems = []
    for part, cols in reference.items():
        if part not in other:
            problems.append(f"{name}: no {part}")
            continue
        for col, values in cols.items():
            if col in ("name",) or not isinstance(values, list):
                continue
            theirs = other[part].get(col)
            if theirs is None:
                continue
            if len(theirs) != len(values):
                problems.append(f"{name}: {part}.{col} has {len(theirs)} rows, civica {len(values)}")
                continue
            for i, (x, y) in enumerate(zip(values, theirs)):
                if not close(x, y):
                    problems.append(f"{name}: {part}.{col}[{i}] = {y!r}, civica {x!r}")
                    break
    return problems


# ----------------------------------------------------------------------------- main

def machine(binary: str | None) -> dict:
    info = {"platform": platform.platform(), "python": sys.version.split()[0], "cores": os.cpu_count()}
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                info["memory_kb"] = int(line.split()[1])
    except OSError:
        pass
    # The installed versions, read from the packages' metadata: importing the libraries here
    # would grow this process, and Linux keeps ru_maxrss across fork and exec, so every worker
    # started after it would report at least this process's size as its peak.
    from importlib import metadata

    versions = {}
    for mod in ("pandas", "pyarrow", "polars", "duckdb", "numpy", "civica"):
        try:
            versions[mod] = metadata.version(mod)
        except metadata.PackageNotFoundError:  # a missing peer is reported, not fatal
            versions[mod] = None
    info["versions"] = versions
    return info


def json_name(system: str) -> str:
    """The system's name in the JSON report: civica, civica_python, pandas, polars, duckdb."""
    return system.replace("-", "_")


def find_binary(arg: str | None) -> str | None:
    if arg:
        return arg
    here = Path(__file__).resolve().parent
    for p in [shutil.which("civica_bench"), here.parent / "build" / "bench" / "civica_bench"]:
        if p and Path(p).exists():
            return str(p)
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", metavar="N,N,...",
                    help="numbers of applications to time (default: panel 100000,1000000; analysis "
                         "1000000,10000000; io 1000000)")
    ap.add_argument("--repeat", type=int, default=5, metavar="R",
                    help="timed runs of each stage; the median is reported (default 5, at least 1)")
    ap.add_argument("--json", metavar="FILE", help="also write the medians and the machine to FILE")
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "civica-bench"), metavar="DIR",
                    help="where the generated data are kept between runs (default: %(default)s)")
    ap.add_argument("--bench-binary", metavar="PATH",
                    help="the C++ civica_bench (built with -DCIVICA_BUILD_BENCH=ON; default: found on PATH or "
                         "in build/bench)")
    ap.add_argument("--systems", default=",".join(SYSTEMS), metavar="S,S,...",
                    help=f"the systems to time (default: {','.join(SYSTEMS)}; the analysis suite times "
                         "civica, pandas, polars and duckdb)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--csv", help=argparse.SUPPRESS)
    ap.add_argument("--pop", help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    ap.add_argument("--n", help=argparse.SUPPRESS)
    ap.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--suite", choices=["panel", "analysis", "io"], default="panel",
                    help="panel: ingest and the national panel; analysis: the public analysis calls; "
                         "io: saving and reopening a whole dataset in each format")
    ap.add_argument("--formats", default="store,folder,sqlite,parquet", help="io: the formats to time")
    for hidden in ("--worker-n", "--worker-folder", "--worker-formats", "--worker-out"):
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.repeat < 1:
        ap.error(f"--repeat {a.repeat}: time each stage at least once")
    default_sizes = {"panel": "100000,1000000", "analysis": "1000000,10000000", "io": "1000000"}[a.suite]
    sizes = [int(x) for x in (a.sizes or default_sizes).split(",") if x]
    if a.generate is not None:
        generate_here(a.generate, Path(a.csv), Path(a.pop))
        return 0
    if a.suite == "io":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import io_suite

        if a.worker:
            a.worker_n = int(a.worker_n)
            return io_suite.main_worker(a)
        folder = Path(a.data)
        folder.mkdir(parents=True, exist_ok=True)
        report = io_suite.run(sizes, a.repeat, folder, [f for f in a.formats.split(",") if f], __file__)
        report["machine"] = machine(None)
        if a.json:
            Path(a.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
        return 0
    if a.suite == "analysis":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import analysis_suite

        if a.worker:
            return analysis_suite.main_worker(a)
        systems = [s for s in a.systems.split(",") if s in analysis_suite.SYSTEMS] \
            if a.systems != ",".join(SYSTEMS) else analysis_suite.SYSTEMS
        folder = Path(a.data)
        folder.mkdir(parents=True, exist_ok=True)
        report = analysis_suite.run(sizes, a.repeat, folder, systems, __file__)
        report["machine"] = machine(None)
        if a.json:
            Path(a.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
        return 0 if report["ok"] else 1
    if a.worker:
        worker(a.worker, a.csv, a.pop, a.repeat, a.out)
        return 0

    binary = find_binary(a.bench_binary)
    systems = [s for s in a.systems.split(",") if s]
    if "civica" in systems and not binary:
        print("civica_bench not found: build with -DCIVICA_BUILD_BENCH=ON and pass --bench-binary", file=sys.stderr)
        return 2
    folder = Path(a.data)
    folder.mkdir(parents=True, exist_ok=True)
    report = {"machine": machine(binary), "results": []}
    medians: dict[tuple[int, str, str], float] = {}
    ok = True
    for n in sizes:
        t0 = time.perf_counter()
        csv, pop = generate(n, folder, binary)
        print(f"N={n}: {csv} ({csv.stat().st_size / 1e6:.0f} MB, generated/cached in {time.perf_counter() - t0:.1f} s)",
              flush=True)
        outputs = {}
        for system in systems:
            out = folder / f"out_{system}_{n}.json"
            if system == "civica":
                cmd = [binary, str(csv), str(pop), str(a.repeat), str(out)]
            else:
                cmd = [sys.executable, __file__, "--worker", system, "--csv", str(csv), "--pop", str(pop),
                       "--repeat", str(a.repeat), "--out", str(out)]
            result = run_worker(cmd, system, out)
            if result is None:
                ok = False
                continue
            outputs[system] = result
            if "panel_legacy" in outputs[system]["times"]:
                new = statistics.median(outputs[system]["times"]["panel"])
                old = statistics.median(outputs[system]["times"]["panel_legacy"])
                report["results"].append({"n": n, "stage": "panel_legacy", "system": json_name(system), "median_s": old})
                print(f"  {system}: panel through the engine {new:.4f} s, the former panel code {old:.4f} s "
                      f"(engine / former = {new / old:.2f})", flush=True)
            for stage in STAGES:
                med = statistics.median(outputs[system]["times"][stage])
                medians[(n, stage, system)] = med
                report["results"].append({"n": n, "stage": stage, "system": json_name(system), "median_s": med})
            report["results"].append({"n": n, "stage": "peak_rss", "system": json_name(system),
                                      "bytes": outputs[system]["peak_rss_bytes"]})
            medians[(n, "peak_rss", system)] = outputs[system]["peak_rss_bytes"]
            print(f"  {system}: done", flush=True)
        ref_name = "civica" if "civica" in outputs else next(iter(outputs), None)
        if ref_name:
            for name, o in outputs.items():
                if name == ref_name:
                    continue
                problems = compare(outputs[ref_name]["results"], o["results"], name)
                if problems:
                    ok = False
                    print(f"  RESULTS DISAGREE ({name} vs {ref_name}):", *problems[:10], sep="\n    ", file=sys.stderr)
            if ok:
                print(f"  all {len(outputs)} systems agree on the panel (1e-9 relative)")
    if not ok:
        print("not printing timings: a system failed or disagreed", file=sys.stderr)
        if a.json:
            Path(a.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
        return 1

    ref = "civica" if "civica" in systems else systems[0]
    header = f"{'N':>9} {'stage':<11}" + "".join(f"{s:>15}" for s in systems)
    print("\nmedians (seconds; peak RSS in MB) and ratio peer/civica")
    print(header)
    for n in [int(x) for x in a.sizes.split(",")]:
        for stage in STAGES + ["peak_rss"]:
            cells = []
            for s in systems:
                v = medians.get((n, stage, s))
                base = medians.get((n, stage, ref))
                if v is None:
                    cells.append(f"{'-':>15}")
                    continue
                shown = v / 1e6 if stage == "peak_rss" else v
                ratio = f" ({v / base:.1f}x)" if base and s != ref else ""
                cells.append(f"{shown:>9.3f}{ratio:>6}" if stage != "peak_rss" else f"{shown:>9.0f}{ratio:>6}")
            print(f"{n:>9} {stage:<11}" + "".join(cells))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
