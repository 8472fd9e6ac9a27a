"""civica.dask: analyses of many files on a Dask cluster equal the same analyses of the whole
file read at once (grant outcomes, rankings, concentration, winners over time, the national
panel), and the panel's parts (1)-(3) equal what pandas counts from the same text."""

from __future__ import annotations

import math
import pickle
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

N_FILES = 6


def same(a, b, path="panel"):
    """Exact equality of nested dicts/lists, NaN equal to NaN."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and sorted(a) == sorted(b), path
        for k in a:
            same(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{path}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) and math.isnan(a):
        assert isinstance(b, float) and math.isnan(b), f"{path}: nan vs {b!r}"
    else:
        assert a == b and type(a) is type(b), f"{path}: {a!r} vs {b!r}"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A synthetic national dataset in the ФПГ layout, whole and split by lines into 6 files."""
    import civica.pgf
    import civica.synth

    folder = tmp_path_factory.mktemp("pgf_split")
    ds = civica.synth.national(applications=20_000, regions=30, years=6, applications_per_organization=4)
    whole = folder / "whole.csv"
    civica.pgf.write(ds, whole)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    assert len(rows) == 20_000  # one line per application (no line breaks inside fields)
    parts = []
    for k in range(N_FILES):
        part = folder / "parts" / f"part-{k}.csv"
        part.parent.mkdir(exist_ok=True)
        part.write_text(header + "".join(rows[len(rows) * k // N_FILES: len(rows) * (k + 1) // N_FILES]),
                        encoding="utf-8")
        parts.append(part)
    pop = {m.name: 50_000 + 1_009 * i for i, m in enumerate(civica.pgf.read(whole).municipalities)}
    return whole, parts, pop


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    import dask
    from distributed import Client, LocalCluster

    # Dask's scratch space (its lock files) goes in pytest's folder, not left in /tmp.
    with dask.config.set({"temporary-directory": str(tmp_path_factory.mktemp("dask"))}), \
            LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


def pandas_parts(whole: Path):
    """Parts (1), (2) and (3) counted with pandas from the CSV text."""
    import pandas as pd

    df = pd.read_csv(whole, sep=";", dtype=str, keep_default_na=False)
    df["year"] = df["year"].astype(int)
    df["win"] = df["winner"] == "True"
    df["decided"] = df["winner"] != ""
    df["aw"] = [int(Decimal(m) * 100) if w else 0 for m, w in zip(df["money_req_grant"], df["win"])]
    g = df.groupby(["year", "region"], sort=True).agg(applications=("win", "size"), winners=("win", "sum"),
                                                     decided=("decided", "sum")).reset_index()
    p1 = {"year": [int(y) for y in g["year"]], "region": list(g["region"]),
          "applications": [int(x) for x in g["applications"]], "winners": [int(x) for x in g["winners"]],
          "success_rate": [int(w) / int(d) for w, d in zip(g["winners"], g["decided"])]}
    g2 = df.groupby(["year", "direction"], sort=True)["aw"].sum().reset_index()
    p2 = {"year": [int(y) for y in g2["year"]], "direction": list(g2["direction"]),
          "awarded_kopecks": [int(x) for x in g2["aw"]]}
    w = df[df["win"]]
    by_inn = w.groupby("inn")["aw"].sum().reset_index()
    by_inn = by_inn[by_inn["aw"] > 0].sort_values(["aw", "inn"], ascending=[False, True]).head(10)
    first_name = df.drop_duplicates("inn").set_index("inn")["org"]
    p3 = {"inn": list(by_inn["inn"]), "name": [first_name[i] for i in by_inn["inn"]],
          "awarded_kopecks": [int(x) for x in by_inn["aw"]]}
    return p1, p2, p3


def test_the_panel_of_files_on_a_cluster_equals_the_whole_files_and_pandas(files, client):
    import civica.dask
    import civica.pgf

    whole, parts, pop = files
    expected = civica.pgf.panel(civica.pgf.read(whole), pop)
    got = civica.dask.panel([str(p) for p in parts], pop, client=client)
    same(got, expected)

    # Independent truth for (1), (2), (3): pandas over the text of the whole file.
    p1, p2, p3 = pandas_parts(whole)
    same(got["by_region_year"], p1)
    same(got["by_direction_year"], p2)
    same(got["top_recipients"], p3)
    assert len(p3["inn"]) == 10
    # The split really cuts through organisations: some recipients win in several files, so the
    # merge of recipients across files is exercised.
    import pandas as pd

    winners_in = [set(pd.read_csv(p, sep=";", dtype=str, keep_default_na=False).query("winner == 'True'")["inn"])
                  for p in parts]
    assert sum(len(a & b) for i, a in enumerate(winners_in) for b in winners_in[i + 1:]) > 100
    assert got["per_capita"]["year"] == max(p1["year"])


def test_a_glob_a_folder_and_the_default_scheduler_give_the_same_panel(files, client):
    import civica.dask

    _, parts, pop = files
    by_list = civica.dask.panel(parts, pop, client=client)
    same(civica.dask.panel(str(parts[0].parent / "part-*.csv"), pop, client=client), by_list)
    same(civica.dask.panel(parts[0].parent, pop), by_list)  # dask.delayed, no client given


def test_parquet_files_in_the_pgf_layout_are_read_on_the_workers(files, client, tmp_path):
    import civica.dask
    import civica.pgf
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, parts, pop = files
    # The first file as Parquet with typed columns: year an integer, money doubles, winner a boolean.
    df = pd.read_csv(parts[0], sep=";", dtype=str, keep_default_na=False)
    table = pa.table({
        c: (pa.array([int(v) for v in df[c]], pa.int64()) if c == "year"
            else pa.array([float(v) for v in df[c]], pa.float64()) if c in ("money_req_grant", "cofunding", "total_money")
            else pa.array([None if v == "" else v == "True" for v in df[c]], pa.bool_()) if c == "winner"
            else pa.array(list(df[c]), pa.string()))
        for c in civica.pgf.COLUMNS})
    pq.write_table(table, tmp_path / "part-0.parquet")
    mixed = [tmp_path / "part-0.parquet", *parts[1:]]
    same(civica.dask.panel(mixed, pop, client=client), civica.dask.panel(parts, pop, client=client))

    bad = tmp_path / "bad.parquet"
    pq.write_table(table.drop(["inn"]), bad)
    with pytest.raises(civica.ParseError, match=r"bad\.parquet.*missing column\(s\) inn"):
        civica.dask.panel([bad], pop, client=client)


def test_partials_pickle_as_plain_values_and_merge_in_order(files):
    import civica.pgf

    whole, parts, pop = files
    partials = [civica.pgf.partial(civica.pgf.read(p)) for p in parts]
    total = pickle.loads(pickle.dumps(partials[0]))
    for p in partials[1:]:
        total.merge(pickle.loads(pickle.dumps(p)))
    same(civica.pgf.finish(total, pop), civica.pgf.panel(civica.pgf.read(whole), pop))
    assert total.applications == 20_000
    assert repr(total).startswith("GroupTable(by=[year, region, direction], groups=")
    state = total.__getstate__()
    assert state[0] == 1 and isinstance(state[1], list) and isinstance(state[9][1], list)
    with pytest.raises(civica.CivicaError, match="unknown pickle format"):
        civica.pgf.PgfPartial.__new__(civica.pgf.PgfPartial).__setstate__((99,) + tuple(state[1:]))
    # A table pickled before unstated requests existed has six sums, not seven: every
    # winner's award is set against its request, and it unpickles to the same figures.
    older = list(state)
    older[8] = tuple(state[8][:6])
    assert len(state[8]) == 11
    again = civica.pgf.PgfPartial.__new__(civica.pgf.PgfPartial)
    again.__setstate__(tuple(older))
    assert again.__getstate__() == state
    # One pickled before the winners' stated requests were counted has nine: the registry
    # states every request, so every winner states its request.
    older[8] = tuple(state[8][:9])
    again = civica.pgf.PgfPartial.__new__(civica.pgf.PgfPartial)
    again.__setstate__(tuple(older))
    assert again.__getstate__() == state
    # And one pickled before the winners' stated awards were counted has ten: the registry
    # states every winner's grant, so every winner states its award.
    older[8] = tuple(state[8][:10])
    again = civica.pgf.PgfPartial.__new__(civica.pgf.PgfPartial)
    again.__setstate__(tuple(older))
    assert again.__getstate__() == state
    outcomes = civica._core.analysis.outcome_table(civica.pgf.read(whole), ["year"], {})
    o_state = outcomes.__getstate__()
    o_older = list(o_state)
    o_older[8] = tuple(o_state[8][:6])
    o_again = type(outcomes).__new__(type(outcomes))
    o_again.__setstate__(tuple(o_older))
    assert o_again.__getstate__() == o_state  # the registry states every request
    broken = list(state)
    broken[6] = state[6][:-8]  # one group's applications missing
    with pytest.raises(civica.ValidationError, match="group table"):
        civica.pgf.PgfPartial.__new__(civica.pgf.PgfPartial).__setstate__(tuple(broken))


def test_every_analysis_of_files_on_a_cluster_equals_the_whole_file(files, client):
    """grant_outcomes, ranking, recipient_concentration and winners_over_time on a 2-worker
    LocalCluster, each from the six files, against the same call on the whole file."""
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    whole, parts, _ = files
    ds = civica.pgf.read(whole)
    paths = [str(p) for p in parts]
    for by in (["year", "region"], ["year", "direction"], "applicant", None):
        got = civica.dask.grant_outcomes(paths, by, client=client)
        want = A.grant_outcomes(ds, by)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs["total"] == want.attrs["total"]
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes(paths, "region", client=client, year=2019),
                                  A.grant_outcomes(ds, "region", year=2019))
    for by, measure in (("region", "winners"), ("region", "applicants"), ("applicant", "awarded")):
        got = civica.dask.ranking(paths, by, measure, client=client)
        want = A.ranking(ds, by, measure)
        pd.testing.assert_frame_equal(got, want)
        assert got.attrs == want.attrs
    for by in (None, "region"):
        got = civica.dask.recipient_concentration(paths, by, client=client)
        want = A.recipient_concentration(ds, by)
        if by is None:
            pd.testing.assert_series_equal(got, want)
            np.testing.assert_array_equal(got.attrs["amounts"], want.attrs["amounts"])
        else:
            pd.testing.assert_frame_equal(got, want)
    got = civica.dask.winners_over_time(paths, client=client)
    want = A.winners_over_time(ds)
    pd.testing.assert_frame_equal(got, want)
    assert got.attrs["repeat_winners"] == want.attrs["repeat_winners"]
    assert got.attrs["winning_applicants"] == want.attrs["winning_applicants"]
    # Distinct counts are unions, not sums: applicants of several files are counted once.
    per_file = sum(int(A.grant_outcomes(civica.pgf.read(p), None).attrs["total"]["applicants"]) for p in parts)
    assert want.attrs["winning_applicants"] > 0
    assert civica.dask.grant_outcomes(paths, None, client=client).attrs["total"]["applicants"] < per_file


def test_a_region_written_another_way_in_a_later_file_is_the_same_region_as_on_one_dataset(files, tmp_path):
    """The ФПГ reader takes a region written in another letter case, spaces or dashes as the
    region of its first spelling; the files' tables merge the same way, and a filter's region
    is the file's own spelling of it. It was a second group, and the filter left out the rows
    of the files that spelt it otherwise."""
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    whole, parts, _ = files
    region = civica.pgf.read(parts[0]).municipalities[0].region
    other = region.upper().replace(" ", "  ")
    respelt = []
    for k, part in enumerate(parts):
        text = part.read_text(encoding="utf-8")
        if k >= 3:
            head, rows = text.split("\n", 1)
            assert f";{region};" in rows
            text = head + "\n" + rows.replace(f";{region};", f";{other};")
        respelt.append(tmp_path / part.name)
        respelt[-1].write_text(text, encoding="utf-8")
    one = tmp_path / "one.csv"
    one.write_text("".join(p.read_text(encoding="utf-8") if k == 0 else p.read_text(encoding="utf-8").split("\n", 1)[1]
                           for k, p in enumerate(respelt)), encoding="utf-8")
    ds = civica.pgf.read(one)
    paths = [str(p) for p in respelt]
    got, want = civica.dask.grant_outcomes(paths, "region"), A.grant_outcomes(ds, "region")
    pd.testing.assert_frame_equal(got, want)
    assert list(want["region"]).count(region) == 1 and other not in list(want["region"])
    # The whole file's counts of the region: those of the original whole file.
    assert want.set_index("region").loc[region, "applications"] == \
        A.grant_outcomes(civica.pgf.read(whole), "region").set_index("region").loc[region, "applications"]
    for given in (region, other, region.lower()):
        got = civica.dask.grant_outcomes(paths, None, region=given).attrs["total"]
        assert got == A.grant_outcomes(ds, None, region=given).attrs["total"]
        assert got["applications"] == want.set_index("region").loc[region, "applications"]
    pd.testing.assert_frame_equal(civica.dask.ranking(paths, "region", "winners"), A.ranking(ds, "region", "winners"))


def test_statistics_of_winners_of_files_list_every_group_as_on_one_dataset(files, client):
    """recipient_concentration by a dimension and winners_over_time of many files list the groups
    and years without a winner (0 recipients, NaN figures; a year of 0), as grant_outcomes does
    and as the same calls on the whole file do."""
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    whole, parts, _ = files
    ds = civica.pgf.read(whole)
    paths = [str(p) for p in parts]
    apps = ds.applications.to_pandas()
    money = apps[apps["status"].astype(str) == "winner"].groupby("applicant")["awarded_kopecks"].sum()
    nobody = set(apps["applicant"]) - set(money[money > 0].index)  # applied, were awarded nothing
    assert nobody
    got = civica.dask.recipient_concentration(paths, "applicant", client=client)
    pd.testing.assert_frame_equal(got, A.recipient_concentration(ds, "applicant"))
    assert list(got["applicant"]) == list(A.grant_outcomes(ds, "applicant")["applicant"])
    none = got[got["recipients"] == 0]
    assert set(none["applicant"]) == nobody and none["gini"].isna().all()
    rejected = civica.dask.winners_over_time(paths, client=client, status="rejected")
    pd.testing.assert_frame_equal(rejected, A.winners_over_time(ds, status="rejected"))
    years = pd.merge(apps, ds.competitions.to_pandas()[["id", "year"]], left_on="competition", right_on="id")
    assert list(rejected.index) == sorted(years.loc[years["status"].astype(str) == "rejected", "year"].unique())
    assert (rejected == 0).all().all()


@pytest.mark.parametrize("year", [5000, 1899])
def test_a_ranking_per_resident_of_a_year_no_population_is_of_is_refused_as_on_one_dataset(files, year):
    """civica.dask.ranking refuses what civica.analysis.ranking refuses, with the same words,
    before a file is read: the filter's year is the population year, and none is of 5000."""
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    whole, parts, _ = files
    with pytest.raises(civica.ValidationError, match=rf"per resident of year={year}.*population_year=") as on_one:
        A.ranking(civica.pgf.read(whole), "region", "awarded", per_capita=True, year=year)
    with pytest.raises(civica.ValidationError) as on_files:
        civica.dask.ranking([str(p) for p in parts] + ["no-such-file.csv"], "region", "awarded", per_capita=True,
                            year=year)
    assert str(on_files.value) == str(on_one.value)


def test_analyses_read_parquet_files_too(files, client, tmp_path):
    import civica.dask
    import civica.pgf
    import pyarrow as pa
    import pyarrow.parquet as pq
    from civica import analysis as A

    whole, parts, _ = files
    df = pd.read_csv(parts[0], sep=";", dtype=str, keep_default_na=False)
    pq.write_table(pa.table({c: pa.array(list(df[c]), pa.string()) for c in civica.pgf.COLUMNS}),
                   tmp_path / "part-0.parquet")
    mixed = [tmp_path / "part-0.parquet", *parts[1:]]
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes(mixed, ["year", "region"], client=client),
                                  A.grant_outcomes(civica.pgf.read(whole), ["year", "region"]))


def test_no_files_and_no_dask_are_explained(files, monkeypatch, tmp_path):
    import sys

    import civica.dask

    _, _, pop = files
    with pytest.raises(FileNotFoundError, match="no ФПГ files"):
        civica.dask.panel(str(tmp_path / "*.csv"), pop)
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(ImportError, match=r"pip install 'civica\[dask\]'"):
        civica.dask.panel(files[1], pop)


def test_the_arguments_are_checked_as_civica_analysis_checks_them(files, tmp_path):
    """A ranking by a filter's other name of a dimension ("regions"), a filter key no file holds
    (refused with the closest key, as on one dataset, not an empty result), a DataFrame or a
    number given as the paths, a client that is not one: each as civica.analysis says it or a
    TypeError naming the argument, on the default scheduler."""
    import civica
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    whole, parts, _ = files
    ds = civica.pgf.read(whole)
    pd.testing.assert_frame_equal(civica.dask.ranking(parts, "regions", "awarded"),
                                  A.ranking(ds, "regions", "awarded"))
    with pytest.raises(TypeError, match="by must be a name"):
        civica.dask.ranking(parts, ["region"])
    region = ds.municipalities[0].name
    misspelt = region[:-1] + ("я" if region[-1] != "я" else "ю")
    with pytest.raises(civica.ValidationError) as on_one:
        A.grant_outcomes(ds, ["year"], region=misspelt)
    for call in (lambda: civica.dask.grant_outcomes(parts, ["year"], region=misspelt),
                 lambda: civica.dask.ranking(parts, "region", region=[region, misspelt]),
                 lambda: civica.dask.recipient_concentration(parts, region=misspelt),
                 lambda: civica.dask.winners_over_time(parts, region=misspelt)):
        with pytest.raises(civica.ValidationError) as e:
            call()
        assert misspelt in str(e.value) and str(e.value) == str(on_one.value)
    # A key only some files hold is no error: the files that hold it count.
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes(parts, ["year"], region=region),
                                  A.grant_outcomes(ds, ["year"], region=region))
    for paths in (pd.DataFrame({"a": [1]}), 5, None, [parts[0], 5]):
        with pytest.raises(TypeError, match="paths is"):
            civica.dask.grant_outcomes(paths)
    with pytest.raises(TypeError, match="client is True"):
        civica.dask.grant_outcomes(parts, client=True)
    with pytest.raises(civica.ValidationError, match="population_year"):
        civica.dask.grant_outcomes(parts, population_year=5000)


def _edits(a: str, b: str) -> int:
    """The edit distance of a and b with adjacent transpositions (optimal string alignment)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@pytest.mark.parametrize("typo", ["inn-7707083890", "inn-7707083896"])
def test_an_unknown_filter_key_names_the_closest_key_of_all_the_files_in_any_order(tmp_path, typo):
    """A misspelt applicant id of the later file: the message named the closest id of the
    first file (inn-7707083886, two edits away from inn-7707083890) rather than the later
    file's inn-7707083893 (one edit), and the order of the files changed it. The key named is
    the closest of all the files' ids, whatever their order, as on the files read as one
    dataset; of two as close (inn-7707083896 is one edit from both), the first in sorted order."""
    import civica
    import civica.dask
    import civica.pgf
    from civica import analysis as A

    def inn10(body: str) -> str:  # DOMAIN.md section 3: the check digit of a 10-digit INN
        return body + str(sum(int(c) * w for c, w in zip(body, [2, 4, 10, 3, 5, 9, 4, 6, 8])) % 11 % 10)

    sample = Path(__file__).resolve().parents[1] / "data" / "pgf" / "sample.csv"
    header, *rows = sample.read_text(encoding="utf-8").splitlines(keepends=True)
    later_only, earlier_only = "7707083893", inn10("770708388")
    assert earlier_only == "7707083886"
    # The 2021 rows (that organisation under another INN) and the 2022 rows.
    earlier = [r.replace(later_only, earlier_only) for r in rows if r.split(";")[2] == "2021"]
    later = [r for r in rows if r.split(";")[2] == "2022"]
    a, b, one = tmp_path / "2021.csv", tmp_path / "2022.csv", tmp_path / "one.csv"
    a.write_text(header + "".join(earlier), encoding="utf-8")
    b.write_text(header + "".join(later), encoding="utf-8")
    one.write_text(header + "".join(earlier + later), encoding="utf-8")
    ids = {o.id for p in (a, b) for o in civica.pgf.read(p).organizations}
    assert f"inn-{earlier_only}" in ids and f"inn-{later_only}" in ids and typo not in ids
    # The closest id by the rule (fewest edits, within a third of the length), ties by name.
    closest = min((i for i in ids if _edits(typo, i) <= len(typo) // 3), key=lambda i: (_edits(typo, i), i))
    assert closest == (f"inn-{later_only}" if typo.endswith("0") else f"inn-{earlier_only}")
    want = f'filter applicant: "{typo}" is not in the dataset; did you mean "{closest}"?'
    with pytest.raises(civica.ValidationError) as on_one:
        A.grant_outcomes(civica.pgf.read(one), "year", applicant=typo)
    assert str(on_one.value) == want
    for paths in ([a, b], [b, a]):
        with pytest.raises(civica.ValidationError) as e:
            civica.dask.grant_outcomes(paths, "year", applicant=typo)
        assert str(e.value) == want, paths
        with pytest.raises(civica.ValidationError) as e:
            civica.dask.ranking(paths, "region", applicant=[f"inn-{later_only}", typo])
        assert str(e.value) == want, paths


def test_nan_money_in_a_parquet_file_is_no_amount_as_null_is(files, tmp_path):
    """pandas and polars write a missing float as NaN: read as an empty cell, not as "nan"."""
    import civica.dask
    import civica.pgf
    import pyarrow as pa
    import pyarrow.parquet as pq
    from civica import analysis as A

    _, parts, _ = files
    df = pd.read_csv(parts[0], sep=";", dtype=str, keep_default_na=False)
    cofunding = pd.to_numeric(df["cofunding"].replace("", np.nan)).astype(float)
    cofunding.iloc[::3] = np.nan
    columns = {c: pa.array(list(df[c]), pa.string()) for c in civica.pgf.COLUMNS}
    columns["cofunding"] = pa.array(cofunding.to_numpy(), pa.float64(), from_pandas=False)
    pq.write_table(pa.table(columns), tmp_path / "nan.parquet")
    as_text = df.copy()
    as_text.loc[as_text.index[::3], "cofunding"] = ""
    as_text.to_csv(tmp_path / "blank.csv", sep=";", index=False)
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes([tmp_path / "nan.parquet"], ["year"]),
                                  A.grant_outcomes(civica.pgf.read(tmp_path / "blank.csv"), ["year"]))


def test_paths_may_be_any_iterable_of_paths(files):
    """Path.glob, a generator, dict keys: any iterable of paths, read once."""
    import civica.dask

    whole, parts, _ = files
    expected = civica.dask.grant_outcomes(parts, ["year"])
    folder = parts[0].parent
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes(sorted(folder.glob("part-*.csv")), ["year"]), expected)
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes((p for p in parts), ["year"]), expected)
    pd.testing.assert_frame_equal(civica.dask.grant_outcomes(dict.fromkeys(parts).keys(), ["year"]), expected)
