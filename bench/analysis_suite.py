"""The analysis suite of bench/run.py (``--suite analysis``): civica's public Python calls
against pandas, polars and DuckDB written as an expert would (integer or dictionary keys, no
Python loops over groups), on civica.synth.national(applications=N, seed=7).

Every system runs in its own subprocess. The data is made once per size: civica's worker
builds the dataset with civica.synth (not timed); the peers read the same rows from a
Parquet file written from that dataset's columns (not timed): year, municipality, region,
direction and applicant as integer codes or dictionary keys, status flags and kopecks, plus
the population table of municipalities and regions by year. Each call's result is reduced to
the same numbers in every system and compared before any time is printed.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from common import close, gini_sorted, run_worker

SYSTEMS = ["civica", "pandas", "polars", "duckdb"]
CALLS = [
    "grant_outcomes(year,municipality)",
    "grant_outcomes(year,region)",
    "grant_outcomes(year,direction)",
    "ranking(region,awarded,per_capita)",
    "recipient_concentration()",
    "recipient_concentration(region)",
    "winners_over_time()",
    "application_series(winners,region)",
]


# ----------------------------------------------------------------------------- data

def make_data(n: int, folder: Path) -> tuple[Path, Path]:
    """The rows of civica.synth.national(applications=n, seed=7) as Parquet for the peers."""
    rows = folder / f"analysis_{n}.parquet"
    pop = folder / f"analysis_pop_{n}.parquet"
    if rows.exists() and pop.exists():
        return rows, pop
    import numpy as np
    import pandas as pd

    import civica

    ds = civica.synth.national(applications=n, seed=7)
    apps = ds.applications
    comp_year = {c.id: int(c.year) for c in ds.competitions}
    comps = [c.id for c in ds.competitions]
    munis = [m.id for m in ds.municipalities]
    muni_row = {m: i for i, m in enumerate(munis)}
    regions = sorted({m.region for m in ds.municipalities})
    region_of = {m.id: regions.index(m.region) for m in ds.municipalities}
    orgs = ds.organizations.to_pandas()[["id", "municipality"]]
    org_muni = np.array([muni_row.get(m, -1) for m in orgs["municipality"]], dtype=np.int32)
    org_region = np.array([region_of.get(m, -1) for m in orgs["municipality"]], dtype=np.int32)
    a = apps.to_pandas()
    org_index = {k: i for i, k in enumerate(orgs["id"])}
    who = a["applicant"].map(org_index).to_numpy(dtype=np.int32)
    comp_index = {k: i for i, k in enumerate(comps)}
    year_of_comp = np.array([comp_year[c] for c in comps], dtype=np.int16)
    status = a["status"].astype(str).to_numpy()
    awarded = a["awarded_kopecks"].astype("float64").to_numpy()
    frame = pd.DataFrame({
        "year": year_of_comp[a["competition"].map(comp_index).to_numpy()],
        # categories sorted as civica sorts keys (by their text)
        "municipality": pd.Categorical(np.asarray(munis, dtype=object)[org_muni[who]]),
        "region": pd.Categorical.from_codes(org_region[who], categories=regions),
        "direction": pd.Categorical(a["direction"].astype(str)),
        "applicant": who,
        "winner": status == "winner",
        "decided": status != "withdrawn",
        "requested": a["requested_kopecks"].to_numpy(dtype=np.int64),
        "awarded": np.where(np.isnan(awarded), 0, awarded).astype(np.int64),
    })
    frame.to_parquet(rows)
    p = []
    for m in ds.municipalities:
        for y, people in dict(m.population).items():
            p.append((m.id, m.region, int(y), int(people)))
    pd.DataFrame(p, columns=["municipality", "region", "year", "population"]).to_parquet(pop)
    return rows, pop


# ----------------------------------------------------------------------------- civica

def civica_calls(n: int, last_year: list[int]):
    import civica
    from civica import analysis as A

    ds = civica.synth.national(applications=n, seed=7)
    last_year.append(max(int(c.year) for c in ds.competitions))
    y = last_year[0]

    def outcomes(by):
        def f():
            t = A.grant_outcomes(ds, list(by))
            return {"key": [list(map(str, k)) for k in zip(*(t[b] for b in by))],
                    "applications": t["applications"].tolist(), "winners": t["winners"].tolist(),
                    "applicants": t["applicants"].tolist(), "winning_applicants": t["winning_applicants"].tolist(),
                    "awarded": t["awarded_minor"].tolist(), "median": t["median_grant_minor"].tolist(),
                    "success_lower": t["success_lower"].tolist()}
        return f

    def rank():
        r = A.ranking(ds, "region", "awarded", per_capita=True, year=y)
        return {"key": r["key"].tolist(), "value": r["value"].tolist(), "rank": r["rank"].tolist()}

    def conc():
        c = A.recipient_concentration(ds)
        return {"hhi": [float(c["hhi"])], "gini": [float(c["gini"])], "top_10_share": [float(c["top_10_share"])],
                "recipients": [int(c["recipients"])]}

    def conc_region():
        c = A.recipient_concentration(ds, "region")
        return {"key": c["region"].tolist(), "hhi": c["hhi"].tolist(), "gini": c["gini"].tolist(),
                "recipients": c["recipients"].tolist()}

    def wot():
        w = A.winners_over_time(ds)
        return {"year": w.index.tolist(), "winning_applicants": w["winning_applicants"].tolist(),
                "first_time": w["first_time"].tolist(), "returning": w["returning"].tolist()}

    def series():
        s = A.application_series(ds, "winners", by="region")
        return {"key": [str(c) for c in s.columns], "values": s.to_numpy().ravel().tolist()}

    return dict(zip(CALLS, [outcomes(("year", "municipality")), outcomes(("year", "region")),
                            outcomes(("year", "direction")), rank, conc, conc_region, wot, series]))


# ----------------------------------------------------------------------------- pandas

def wilson_lower(k, n):
    import numpy as np
    z = 1.959963984540054
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return np.where(k == 0, 0.0, np.maximum(0.0, centre - half))


def pandas_calls(rows: Path, pop_path: Path):
    import numpy as np
    import pandas as pd

    d = pd.read_parquet(rows)
    pop = pd.read_parquet(pop_path)
    y = int(d["year"].max())

    def outcomes(by):
        def f():
            g = d.groupby(list(by), observed=True, sort=True)
            t = g.agg(applications=("winner", "size"), winners=("winner", "sum"), decided=("decided", "sum"),
                      applicants=("applicant", "nunique"), awarded=("awarded", "sum"))
            w = d[d["winner"]]
            gw = w.groupby(list(by), observed=True, sort=True)
            t["winning_applicants"] = gw["applicant"].nunique()
            t["median"] = gw["awarded"].median()
            t = t.fillna({"winning_applicants": 0})
            lower = wilson_lower(t["winners"].to_numpy(float), t["decided"].to_numpy(float))
            return {"key": [[str(v) for v in k] for k in t.index], "applications": t["applications"].tolist(),
                    "winners": t["winners"].tolist(), "applicants": t["applicants"].tolist(),
                    "winning_applicants": t["winning_applicants"].astype("int64").tolist(),
                    "awarded": t["awarded"].tolist(), "median": t["median"].tolist(), "success_lower": lower.tolist()}
        return f

    def rank():
        a = d[d["year"] == y].groupby("region", observed=False)["awarded"].sum()
        p = pop.groupby(["region", "year"])["population"].sum().xs(y, level="year")
        v = (a / p.reindex(a.index)).astype(float)
        r = v.rank(ascending=False, method="min")
        order = np.lexsort((v.index.astype(str), r.to_numpy()))
        return {"key": [str(k) for k in v.index[order]], "value": v.to_numpy()[order].tolist(),
                "rank": r.to_numpy()[order].astype(int).tolist()}

    def shares(x):
        x = np.sort(x.astype(np.float64))
        s = x / x.sum()
        return float((s * s).sum()), gini_sorted(x), float(x[-10:].sum() / x.sum())

    def conc():
        w = d.loc[d["winner"] & (d["awarded"] > 0)]
        per = np.bincount(w["applicant"].to_numpy(), weights=w["awarded"].to_numpy(np.float64))
        per = per[per > 0]
        h, g, t10 = shares(per)
        return {"hhi": [h], "gini": [g], "top_10_share": [t10], "recipients": [len(per)]}

    def conc_region():
        w = d.loc[d["winner"] & (d["awarded"] > 0), ["region", "applicant", "awarded"]]
        s = w.groupby(["region", "applicant"], observed=True)["awarded"].sum().reset_index()
        s = s.sort_values(["region", "awarded"])
        x = s["awarded"].to_numpy(np.float64)
        reg = s["region"].cat.codes.to_numpy()
        tot = s.groupby("region", observed=True)["awarded"].transform("sum").to_numpy(np.float64)
        n = s.groupby("region", observed=True)["awarded"].transform("size").to_numpy(np.float64)
        i = s.groupby("region", observed=True).cumcount().to_numpy(np.float64) + 1
        parts = pd.DataFrame({"reg": reg, "h": (x / tot) ** 2, "g": (2 * i - n - 1) * x / (n * tot)})
        agg = parts.groupby("reg").agg(hhi=("h", "sum"), gini=("g", "sum"), recipients=("h", "size"))
        cats = s["region"].cat.categories
        return {"key": [str(cats[k]) for k in agg.index], "hhi": agg["hhi"].tolist(), "gini": agg["gini"].tolist(),
                "recipients": agg["recipients"].tolist()}

    def wot():
        w = d.loc[d["winner"], ["year", "applicant"]].drop_duplicates()
        per_year = w.groupby("year").size()
        first = w.groupby("applicant")["year"].min().value_counts().reindex(per_year.index, fill_value=0)
        return {"year": per_year.index.tolist(), "winning_applicants": per_year.tolist(),
                "first_time": first.tolist(), "returning": (per_year - first).tolist()}

    def series():
        t = d[d["winner"]].groupby(["year", "region"], observed=False).size().unstack("region", fill_value=0)
        return {"key": [str(c) for c in t.columns], "values": t.to_numpy(dtype=float).ravel().tolist()}

    return dict(zip(CALLS, [outcomes(("year", "municipality")), outcomes(("year", "region")),
                            outcomes(("year", "direction")), rank, conc, conc_region, wot, series]))


# ----------------------------------------------------------------------------- polars

def polars_calls(rows: Path, pop_path: Path):
    import numpy as np
    import polars as pl

    d = pl.read_parquet(rows)
    pop = pl.read_parquet(pop_path)
    y = int(d["year"].max())

    def outcomes(by):
        def f():
            t = (d.group_by(list(by)).agg(
                pl.len().alias("applications"), pl.col("winner").sum().alias("winners"),
                pl.col("decided").sum().alias("decided"), pl.col("applicant").n_unique().alias("applicants"),
                pl.col("awarded").sum().alias("awarded"),
                pl.col("applicant").filter(pl.col("winner")).n_unique().alias("winning_applicants"),
                pl.col("awarded").filter(pl.col("winner")).median().alias("median"))
                 .sort([pl.col(b).cast(pl.Utf8) if b != "year" else pl.col(b) for b in by]))
            lower = wilson_lower(t["winners"].to_numpy().astype(float), t["decided"].to_numpy().astype(float))
            return {"key": [[str(v) for v in k] for k in zip(*(t[b].to_list() for b in by))],
                    "applications": t["applications"].to_list(), "winners": t["winners"].to_list(),
                    "applicants": t["applicants"].to_list(), "winning_applicants": t["winning_applicants"].to_list(),
                    "awarded": t["awarded"].to_list(), "median": t["median"].to_list(), "success_lower": lower.tolist()}
        return f

    def rank():
        a = d.filter(pl.col("year") == y).group_by("region").agg(pl.col("awarded").sum())
        p = pop.filter(pl.col("year") == y).group_by("region").agg(pl.col("population").sum())
        j = a.with_columns(pl.col("region").cast(pl.Utf8)).join(p, on="region")
        j = j.with_columns((pl.col("awarded") / pl.col("population")).alias("v"))
        j = j.with_columns(pl.col("v").rank(method="min", descending=True).alias("r")).sort(["r", "region"])
        return {"key": j["region"].to_list(), "value": j["v"].to_list(), "rank": j["r"].to_list()}

    def conc():
        per = (d.filter(pl.col("winner") & (pl.col("awarded") > 0)).group_by("applicant")
               .agg(pl.col("awarded").sum()).sort("awarded"))
        x = per["awarded"].cast(pl.Float64)
        t = x.sum()
        n = len(x)
        i = np.arange(1, n + 1, dtype=np.float64)
        xs = x.to_numpy()
        return {"hhi": [float(((xs / t) ** 2).sum())], "gini": [float(((2 * i - n - 1) * xs).sum() / (n * t))],
                "top_10_share": [float(xs[-10:].sum() / t)], "recipients": [n]}

    def conc_region():
        s = (d.filter(pl.col("winner") & (pl.col("awarded") > 0)).group_by(["region", "applicant"])
             .agg(pl.col("awarded").sum().cast(pl.Float64).alias("x"))
             .with_columns(pl.col("region").cast(pl.Utf8)).sort(["region", "x"])
             .with_columns(pl.col("x").cum_count().over("region").alias("i"), pl.len().over("region").alias("n"),
                           pl.col("x").sum().over("region").alias("t")))
        c = (s.with_columns(((pl.col("x") / pl.col("t")) ** 2).alias("h"),
                            ((2.0 * pl.col("i").cast(pl.Float64) - pl.col("n").cast(pl.Float64) - 1.0) * pl.col("x")
                             / (pl.col("n").cast(pl.Float64) * pl.col("t"))).alias("g"))
             .group_by("region").agg(pl.col("h").sum(), pl.col("g").sum(), pl.len().alias("recipients")).sort("region"))
        return {"key": c["region"].to_list(), "hhi": c["h"].to_list(), "gini": c["g"].to_list(),
                "recipients": c["recipients"].to_list()}

    def wot():
        w = d.filter(pl.col("winner")).select("year", "applicant").unique()
        per_year = w.group_by("year").len().sort("year")
        first = (w.group_by("applicant").agg(pl.col("year").min()).group_by("year").len()
                 .rename({"len": "first"}))
        j = per_year.join(first, on="year", how="left").fill_null(0).sort("year")
        return {"year": j["year"].to_list(), "winning_applicants": j["len"].to_list(),
                "first_time": j["first"].to_list(), "returning": (j["len"] - j["first"]).to_list()}

    def series():
        t = (d.filter(pl.col("winner")).with_columns(pl.col("region").cast(pl.Utf8))
             .group_by(["year", "region"]).len()
             .pivot(on="region", index="year", values="len").sort("year").fill_null(0))
        cols = sorted(c for c in t.columns if c != "year")
        return {"key": cols, "values": t.select(cols).to_numpy().astype(float).ravel().tolist()}

    return dict(zip(CALLS, [outcomes(("year", "municipality")), outcomes(("year", "region")),
                            outcomes(("year", "direction")), rank, conc, conc_region, wot, series]))


# ----------------------------------------------------------------------------- DuckDB

def duckdb_calls(rows: Path, pop_path: Path):
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE d AS SELECT * FROM read_parquet('{rows}')")
    con.execute(f"CREATE TABLE p AS SELECT * FROM read_parquet('{pop_path}')")
    y = con.execute("SELECT max(year) FROM d").fetchone()[0]
    q = con.execute

    def outcomes(by):
        keys = ", ".join(by)
        order = ", ".join(b if b == "year" else f"CAST({b} AS VARCHAR)" for b in by)

        def f():
            r = q(f"""SELECT {keys}, count(*), sum(winner::INT), sum(decided::INT), count(DISTINCT applicant),
                             sum(awarded), count(DISTINCT applicant) FILTER (WHERE winner),
                             median(awarded) FILTER (WHERE winner)
                      FROM d GROUP BY {keys} ORDER BY {order}""").fetchall()
            nb = len(by)
            import numpy as np
            lower = wilson_lower(np.array([x[nb + 1] for x in r], float), np.array([x[nb + 2] for x in r], float))
            return {"key": [[str(v) for v in x[:nb]] for x in r], "applications": [x[nb] for x in r],
                    "winners": [x[nb + 1] for x in r], "applicants": [x[nb + 3] for x in r],
                    "winning_applicants": [x[nb + 5] for x in r], "awarded": [int(x[nb + 4]) for x in r],
                    "median": [x[nb + 6] for x in r], "success_lower": lower.tolist()}
        return f

    def rank():
        r = q(f"""WITH a AS (SELECT CAST(region AS VARCHAR) AS region, sum(awarded) AS s FROM d WHERE year = {y}
                             GROUP BY region),
                       pp AS (SELECT region, sum(population) AS people FROM p WHERE year = {y} GROUP BY region),
                       v AS (SELECT a.region, a.s / pp.people AS v FROM a JOIN pp USING (region))
                  SELECT region, v, rank() OVER (ORDER BY v DESC) AS r FROM v ORDER BY r, region""").fetchall()
        return {"key": [x[0] for x in r], "value": [x[1] for x in r], "rank": [x[2] for x in r]}

    def conc():
        r = q("""WITH s AS (SELECT sum(awarded)::DOUBLE AS x FROM d WHERE winner AND awarded > 0 GROUP BY applicant),
                      o AS (SELECT x, row_number() OVER (ORDER BY x) AS i, count(*) OVER () AS n,
                                   sum(x) OVER () AS t FROM s)
                 SELECT sum((x / t) * (x / t)), sum((2 * i - n - 1) * x) / (any_value(n) * any_value(t)), count(*),
                        sum(x) FILTER (WHERE i > n - 10) / any_value(t) FROM o""").fetchone()
        return {"hhi": [r[0]], "gini": [r[1]], "top_10_share": [r[3]], "recipients": [r[2]]}

    def conc_region():
        r = q("""WITH s AS (SELECT CAST(region AS VARCHAR) AS region, sum(awarded)::DOUBLE AS x FROM d
                           WHERE winner AND awarded > 0 GROUP BY region, applicant),
                      o AS (SELECT region, x, row_number() OVER (PARTITION BY region ORDER BY x) AS i,
                                   count(*) OVER (PARTITION BY region) AS n, sum(x) OVER (PARTITION BY region) AS t
                            FROM s)
                 SELECT region, sum((x / t) * (x / t)), sum((2 * i - n - 1) * x) / (any_value(n) * any_value(t)),
                        count(*) FROM o GROUP BY region ORDER BY region""").fetchall()
        return {"key": [x[0] for x in r], "hhi": [x[1] for x in r], "gini": [x[2] for x in r],
                "recipients": [x[3] for x in r]}

    def wot():
        r = q("""WITH w AS (SELECT DISTINCT year, applicant FROM d WHERE winner),
                      f AS (SELECT applicant, min(year) AS first FROM w GROUP BY applicant)
                 SELECT w.year, count(*), count(*) FILTER (WHERE f.first = w.year)
                 FROM w JOIN f USING (applicant) GROUP BY w.year ORDER BY w.year""").fetchall()
        return {"year": [x[0] for x in r], "winning_applicants": [x[1] for x in r], "first_time": [x[2] for x in r],
                "returning": [x[1] - x[2] for x in r]}

    def series():
        regions = [x[0] for x in q("SELECT DISTINCT CAST(region AS VARCHAR) FROM d ORDER BY 1").fetchall()]
        r = q("""SELECT year, CAST(region AS VARCHAR), count(*) FROM d WHERE winner GROUP BY ALL""").fetchall()
        years = sorted({x[0] for x in r})
        cell = {(x[0], x[1]): x[2] for x in r}
        return {"key": regions, "values": [float(cell.get((yy, rr), 0)) for yy in years for rr in regions]}

    return dict(zip(CALLS, [outcomes(("year", "municipality")), outcomes(("year", "region")),
                            outcomes(("year", "direction")), rank, conc, conc_region, wot, series]))


# ----------------------------------------------------------------------------- running

def worker(system: str, n: int, rows: str, pop: str, repeat: int, out: str) -> None:
    if system == "civica":
        calls = civica_calls(n, [])
    else:
        calls = {"pandas": pandas_calls, "polars": polars_calls, "duckdb": duckdb_calls}[system](Path(rows), Path(pop))
    times, results = {}, {}
    for name, f in calls.items():
        results[name] = f()  # a first run, not timed (caches, lazy imports)
        ts = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            f()
            ts.append(time.perf_counter() - t0)
        times[name] = ts
    Path(out).write_text(json.dumps({"times": times, "results": results}, default=float), encoding="utf-8")


def compare(ref: dict, other: dict, name: str) -> list[str]:
    problems = []
    for call, cols in ref.items():
        for col, values in cols.items():
            theirs = other.get(call, {}).get(col)
            if theirs is None:
                problems.append(f"{name}: {call}: no {col}")
            elif not close(values, theirs):
                i = next((k for k, (x, y) in enumerate(zip(values, theirs)) if not close(x, y)), None)
                detail = f"[{i}] = {theirs[i]!r}, civica {values[i]!r}" if i is not None else \
                    f": {len(theirs)} values, civica {len(values)}"
                problems.append(f"{name}: {call}.{col}{detail}")
    return problems


def run(sizes: list[int], repeat: int, folder: Path, systems: list[str], script: str) -> dict:
    report = {"suite": "analysis", "results": []}
    ok = True
    medians: dict[tuple[int, str, str], float] = {}
    for n in sizes:
        t0 = time.perf_counter()
        rows, pop = make_data(n, folder)
        print(f"N={n}: data ready in {time.perf_counter() - t0:.1f} s", flush=True)
        outputs = {}
        for system in systems:
            out = folder / f"analysis_out_{system}_{n}.json"
            cmd = [sys.executable, script, "--suite", "analysis", "--worker", system, "--n", str(n),
                   "--csv", str(rows), "--pop", str(pop), "--repeat", str(repeat), "--out", str(out)]
            result = run_worker(cmd, system, out)
            if result is None:
                ok = False
                continue
            outputs[system] = result
            for call, ts in outputs[system]["times"].items():
                medians[(n, call, system)] = statistics.median(ts)
                report["results"].append({"n": n, "call": call, "system": system, "median_s": statistics.median(ts),
                                          "runs_s": ts})
            print(f"  {system}: done", flush=True)
        if "civica" not in outputs:
            # Nothing to check the others against: their times would be of unchecked answers.
            print("  civica did not run: the others' answers are not checked, so no times are printed",
                  file=sys.stderr)
            ok = False
        else:
            for name, o in outputs.items():
                if name != "civica":
                    problems = compare(outputs["civica"]["results"], o["results"], name)
                    if problems:
                        ok = False
                        print("  RESULTS DISAGREE:", *problems[:10], sep="\n    ", file=sys.stderr)
            if ok:
                print(f"  all {len(outputs)} systems agree on every call (1e-9 relative)")
    if not ok:
        print("not printing timings: a system failed or disagreed", file=sys.stderr)
        report["ok"] = False
        return report
    report["ok"] = True
    print("\nmedians (seconds) and ratio peer/civica (above 1: civica is faster)")
    print(f"{'N':>9} {'call':<38}" + "".join(f"{s:>17}" for s in systems))
    for n in sizes:
        for call in CALLS:
            base = medians.get((n, call, "civica"))
            cells = []
            for s in systems:
                v = medians.get((n, call, s))
                if v is None:
                    cells.append(f"{'-':>17}")
                else:
                    ratio = f" ({v / base:.1f}x)" if base and s != "civica" else ""
                    cells.append(f"{v:>10.4f}{ratio:>7}")
            print(f"{n:>9} {call:<38}" + "".join(cells))
    if len(sizes) > 1:
        print("\ngrowth of civica's time from the smallest to the largest size (rows grew "
              f"{sizes[-1] / sizes[0]:.0f}x):")
        for call in CALLS:
            a, b = medians.get((sizes[0], call, "civica")), medians.get((sizes[-1], call, "civica"))
            if a and b:
                print(f"  {call:<38} {b / a:6.1f}x")
    return report


def main_worker(args) -> int:
    worker(args.worker, int(args.n), args.csv, args.pop, args.repeat, args.out)
    return 0


if __name__ == "__main__":  # pragma: no cover - run through bench/run.py
    raise SystemExit("run this suite through bench/run.py --suite analysis")
