"""What civica.analysis's columns hold, whatever the rows: counts and money are whole numbers,
places are whole numbers with <NA> for a row that takes none, and a share is a float. Every
value is checked against pandas' own count of the same applications."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import civica
from civica import analysis as A
from conftest import applications_in_context

WHOLE = ("applications", "winners", "applicants", "winning_applicants", "awarded")


def _context(ds: civica.Dataset) -> pd.DataFrame:
    """Applications with their competition's year and the applicant's municipality, by pandas."""
    a = applications_in_context(ds)
    a["applicant_type"] = a["applicant_type"].astype(str)
    a["won"] = a["status"].astype(str) == "winner"
    return a


def _by_pandas(a: pd.DataFrame, keys: list, measure: str) -> pd.Series:
    """``measure`` of the applications ``a`` per group of ``keys``, counted by pandas."""
    g = a.groupby(keys, sort=True)
    if measure == "applications":
        return g.size()
    if measure == "winners":
        return g["won"].sum()
    if measure in ("applicants", "winning_applicants"):
        rows = a if measure == "applicants" else a[a["won"]]
        distinct = rows.drop_duplicates(list(dict.fromkeys([*keys, "applicant_type", "applicant"])))
        return distinct.groupby(keys, sort=True).size().reindex(g.size().index, fill_value=0)
    if measure == "awarded":
        return g["awarded_kopecks"].sum()
    raise AssertionError(measure)


@pytest.fixture(scope="module")
def nation() -> civica.Dataset:
    return civica.synth.national(applications=2000, seed=1)


@pytest.fixture(scope="module")
def apps(nation: civica.Dataset) -> pd.DataFrame:
    return _context(nation)


@pytest.fixture(scope="module")
def with_none() -> civica.Dataset:
    """The synthetic Khanty-Mansiysk records and an organisation of no municipality, whose 2020
    applications (one won, one rejected) make a ranking's row of the empty key."""
    ds = civica.synth.khanty_mansiysk_2020()
    comp = next(c for c in ds.competitions if c.year == 2020)
    ds.add(civica.Organization(id="nowhere", full_name="АНО «Без муниципалитета»"))
    ds.add(civica.Application(id="nowhere-1", competition=comp.id, applicant="nowhere", requested=1000,
                              status="winner", awarded=500))
    ds.add(civica.Application(id="nowhere-2", competition=comp.id, applicant="nowhere", requested=700,
                              status="rejected"))
    return ds


# ---------------------------------------------------------------- application_series


@pytest.mark.parametrize("measure", WHOLE)
def test_a_series_of_counts_or_awarded_money_is_whole_numbers(nation: civica.Dataset, apps: pd.DataFrame,
                                                                measure: str) -> None:
    s = A.application_series(nation, measure)
    assert s["value"].dtype == "int64"
    want = _by_pandas(apps, ["year"], measure).astype("int64")
    assert s["value"].to_dict() == want.to_dict()


@pytest.mark.parametrize("measure", WHOLE)
def test_a_series_by_a_dimension_is_whole_numbers_with_zero_for_none(nation: civica.Dataset, apps: pd.DataFrame,
                                                                       measure: str) -> None:
    s = A.application_series(nation, measure, by="applicant_kind")
    assert set(map(str, s.dtypes)) == {"int64"}
    want = _by_pandas(apps, ["year", "applicant_type"], measure).unstack(fill_value=0).astype("int64")
    want.columns.name = "applicant_kind"
    pd.testing.assert_frame_equal(s, want, check_names=False, check_index_type=False, check_column_type=False)


def test_requested_money_is_whole_with_na_for_a_year_nobody_states_it() -> None:
    # 2020 states its requests, 2021 states none: not recorded is not zero, and not a float.
    ds = civica.Dataset()
    ds.add(civica.Municipality(id="m"))
    ds.add(civica.Organization(id="o", full_name="НКО", municipality="m"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    for year in (2020, 2021):
        ds.add(civica.Competition(id=f"c{year}", programme="p", year=year))
    ds.add(civica.Application(id="a1", competition="c2020", applicant="o", requested="1000.01", status="rejected"))
    ds.add(civica.Application(id="a2", competition="c2020", applicant="o", requested=250, status="winner",
                              awarded=200))
    ds.add(civica.Application(id="a3", competition="c2021", applicant="o", status="rejected"))
    want = _context(ds).groupby("year")["requested_kopecks"].sum(min_count=1)  # Int64, <NA> for none
    s = A.application_series(ds, "requested")
    assert s["value"].dtype == "Int64"
    assert s["value"].tolist() == want.tolist() == [100001 + 25000, pd.NA]
    by = A.application_series(ds, "requested", by="municipality")
    assert str(by["m"].dtype) == "Int64" and by["m"].tolist() == [125001, pd.NA]
    # The success rate stays a share; a fit of whole numbers is a fit of their values.
    assert A.application_series(ds, "success_rate")["value"].dtype == "float64"
    assert A.application_series(ds, "winners")["value"].tolist() == [1, 0]


def test_a_series_of_whole_numbers_feeds_fit_trend(nation: civica.Dataset, apps: pd.DataFrame) -> None:
    s = A.application_series(nation, "applications")
    counts = apps.groupby("year").size()
    slope, intercept = np.polyfit(counts.index.to_numpy(dtype=float), counts.to_numpy(dtype=float), 1)
    fit = A.fit_trend(s)
    assert fit.params["slope"] == pytest.approx(slope, rel=1e-9)
    assert fit.params["intercept"] == pytest.approx(intercept, rel=1e-9)


# ---------------------------------------------------------------- ranking


@pytest.mark.parametrize("measure", WHOLE)
def test_a_ranking_with_the_row_of_no_municipality_keeps_whole_places_and_values(with_none: civica.Dataset,
                                                                                measure: str) -> None:
    r = A.ranking(with_none, "municipality", measure, year=2020)
    assert str(r["rank"].dtype) == "Int64" and r["value"].dtype == "int64"
    assert r["key"].iloc[-1] == "" and r["rank"].iloc[-1] is pd.NA  # shown, last, in no place
    a = _context(with_none)
    a = a[a["year"] == 2020]
    values = _by_pandas(a, ["municipality"], measure)  # pandas leaves out the applicant of none
    values = values.reindex([m.id for m in with_none.municipalities], fill_value=0).astype("int64")
    nowhere = _by_pandas(a[a["municipality"].isna()].assign(m=""), ["m"], measure)
    assert int(r["value"].iloc[-1]) == int(nowhere[""])
    ranked = r.iloc[:-1].set_index("key")
    assert ranked["value"].sort_index().to_dict() == values.sort_index().to_dict()
    want = values.rank(method="min", ascending=False).astype("int64")
    assert ranked["rank"].sort_index().astype("int64").to_dict() == want.sort_index().to_dict()
    assert isinstance(r.attrs["margin"], int)
    top = values.sort_values(ascending=False)
    assert r.attrs["margin"] == int(top.iloc[0] - top.iloc[1])


def test_the_places_have_one_type_with_or_without_an_unranked_row(with_none: civica.Dataset) -> None:
    km = civica.synth.khanty_mansiysk_2020()
    for method in ("min", "dense", "max", "ordinal"):
        plain = A.ranking(km, "municipality", "winners", method=method)
        with_row = A.ranking(with_none, "municipality", "winners", method=method)
        assert str(plain["rank"].dtype) == str(with_row["rank"].dtype) == "Int64"
    # Average places may be halves: floats, NaN for the row of no municipality.
    avg = A.ranking(with_none, "municipality", "winners", method="average")
    assert avg["rank"].dtype == "float64" and np.isnan(avg["rank"].iloc[-1])
    values = avg.iloc[:-1].set_index("key")["value"]
    np.testing.assert_array_equal(avg["rank"].iloc[:-1].to_numpy(),
                                  values.rank(method="average", ascending=False).to_numpy())


def test_a_ranking_by_success_rate_leaves_nothing_decided_without_a_place(nation: civica.Dataset,
                                                                        apps: pd.DataFrame) -> None:
    r = A.ranking(nation, "municipality", "success_rate", year=2020)
    assert str(r["rank"].dtype) == "Int64" and r["value"].dtype == "float64"
    a = apps[apps["year"] == 2020]
    status = a["status"].astype(str)
    decided = a[status.isin(["winner", "rejected"])].groupby("municipality")["won"].agg(["sum", "size"])
    rate = (decided["sum"] / decided["size"]).reindex([m.id for m in nation.municipalities])
    ranked = r.set_index("key")
    assert ranked["rank"].isna().sum() == rate.isna().sum() > 0
    want = rate.rank(method="min", ascending=False).dropna().astype("int64")
    got = ranked["rank"].dropna().astype("int64")
    assert got.sort_index().to_dict() == want.sort_index().to_dict()


def test_requested_money_ranks_as_whole_numbers_with_na_where_nobody_states_it() -> None:
    ds = civica.Dataset()
    for m in ("a", "b", "c"):
        ds.add(civica.Municipality(id=m))
        ds.add(civica.Organization(id=f"o{m}", full_name=f"НКО {m}", municipality=m))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    ds.add(civica.Application(id="x1", competition="c", applicant="oa", requested=300, status="rejected"))
    ds.add(civica.Application(id="x2", competition="c", applicant="ob", requested="100.50", status="rejected"))
    ds.add(civica.Application(id="x3", competition="c", applicant="oc", status="rejected"))  # states none
    want = _context(ds).groupby("municipality")["requested_kopecks"].sum(min_count=1)
    r = A.ranking(ds, "municipality", "requested").set_index("key")
    assert str(r["value"].dtype) == "Int64" and str(r["rank"].dtype) == "Int64"
    assert r["value"].tolist() == want.tolist() == [30000, 10050, pd.NA]
    assert list(r.index) == list(want.index) == ["a", "b", "c"]
    assert r["rank"].tolist() == [1, 2, pd.NA]
    # Per resident is a ratio: a float.
    assert A.ranking(ds, "municipality", "winners", per_capita=True)["value"].dtype == "float64"
