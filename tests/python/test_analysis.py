"""civica.analysis against independent computations: numpy, scipy, pandas, written-out formulas."""

from __future__ import annotations

import copy
import math
import pickle
import re
import statistics
from pathlib import Path
from typing import Any, Dict

import numpy as np
import pandas as pd
import pytest

import civica
from civica import analysis as A
from conftest import REPO, one_competition

try:  # scipy is the independent reference where the standard library has none
    import scipy.stats as scipy_stats
except ImportError:  # pragma: no cover - scipy is in the test extras
    scipy_stats = None

needs_scipy = pytest.mark.skipif(scipy_stats is None, reason="scipy is not installed")


@pytest.fixture(scope="module")
def km() -> civica.Dataset:
    return civica.synth.khanty_mansiysk_2020()


@pytest.fixture(scope="module")
def published() -> civica.Dataset:
    return civica.datasets.load("khanty-mansiysk-2020")


@pytest.fixture(scope="module")
def apps(km: civica.Dataset) -> pd.DataFrame:
    """Applications joined with their competition's year and programme kind and the
    applicant's municipality, with pandas alone."""
    a = km.applications.to_pandas()
    comps = km.competitions.to_pandas()[["id", "programme", "year"]].rename(columns={"id": "competition"})
    progs = km.programmes.to_pandas()[["id", "kind"]].rename(columns={"id": "programme"})
    a = a.merge(comps, on="competition").merge(progs, on="programme")
    orgs = km.organizations.to_pandas()[["id", "municipality"]]
    persons = km.persons.to_pandas()[["id", "municipality"]]
    where = pd.concat([orgs.assign(applicant_type="organization"), persons.assign(applicant_type="person")])
    return a.merge(where.rename(columns={"id": "applicant"}), on=["applicant", "applicant_type"], how="left")


# ---------------------------------------------------------------- growth


def test_cagr_of_7_to_52_over_three_years() -> None:
    assert A.cagr(7, 52, 3) == pytest.approx((52 / 7) ** (1 / 3) - 1, rel=1e-15)
    assert round(A.cagr(7, 52, 3), 3) == 0.951


def test_cagr_of_the_bundled_winners_series(published: civica.Dataset) -> None:
    s = A.indicator_series(published, "grants.winners")
    assert list(s.index) == [2017, 2020]
    g = A.growth(s, 2017, 2020)
    assert g.kind == "exact"
    assert float(g) == pytest.approx((52 / 7) ** (1 / 3) - 1, rel=1e-15)
    # The same through the published indicators themselves.
    r = A.cagr(published.indicator("grants.winners", 2017), published.indicator("grants.winners", 2020), 3)
    assert isinstance(r, A.Estimate) and r.is_exact and r.value == pytest.approx(0.9512, abs=1e-4)


def test_growth_towards_a_lower_bound_is_a_lower_bound(published: civica.Dataset) -> None:
    ngos = published.indicator("ngo.registered", 2020)  # "более 300"
    r = A.cagr(250, ngos, 2)
    assert r.kind == "lower_bound" and r.strict
    assert r.value == pytest.approx(math.sqrt(300 / 250) - 1)
    assert str(r).startswith(">")
    assert A.cagr(A.Estimate(300, "lower_bound"), 400, 1).kind == "upper_bound"
    with pytest.raises(civica.ValidationError, match=r"the first value 0 must be a positive finite number"):
        A.cagr(0, 5, 3)
    with pytest.raises(civica.ValidationError, match=r"the number of years -0\.5 must be a positive finite number"):
        A.cagr(1, 5, -0.5)


def test_year_on_year_keeps_gaps_and_bounds() -> None:
    s = pd.DataFrame({"value": [7, 52, 300], "qualifier": ["exact", "exact", "more_than"]}, index=[2017, 2020, 2021])
    yoy = A.year_on_year(s)
    assert yoy["years"].tolist() == [3, 1]
    assert yoy["relative"].iloc[0] == pytest.approx(52 / 7 - 1)
    assert yoy["kind"].tolist() == ["exact", "lower_bound"]


# ---------------------------------------------------------------- trends


def test_linear_fit_matches_numpy_polyfit_on_random_data() -> None:
    rng = np.random.default_rng(2020)
    for n in range(3, 15):
        x = np.sort(rng.choice(np.arange(2000, 2030), size=n, replace=False)).astype(float)
        y = 50 + 3 * (x - 2000) + rng.normal(0, 10, size=n)
        fit = A.fit_trend(x, y)
        slope, intercept = np.polyfit(x, y, 1)
        assert fit.params["slope"] == pytest.approx(slope, rel=1e-9)
        assert fit.params["intercept"] == pytest.approx(intercept, rel=1e-9)
        yhat = np.polyval([slope, intercept], x)
        r2 = 1 - np.sum((y - yhat) ** 2) / np.sum((y - y.mean()) ** 2)
        assert fit.r2 == pytest.approx(r2, rel=1e-9)


def test_exponential_fit_matches_polyfit_of_the_logarithms() -> None:
    rng = np.random.default_rng(7)
    x = np.arange(2015, 2024, dtype=float)
    y = 10 * 1.2 ** (x - 2015) * np.exp(rng.normal(0, 0.05, size=x.size))
    fit = A.fit_trend(x, y, "exponential")
    slope, intercept = np.polyfit(x, np.log(y), 1)
    assert fit.params["slope"] == pytest.approx(slope, rel=1e-9)
    assert fit.params["intercept"] == pytest.approx(intercept, rel=1e-9)
    assert fit.annual_growth == pytest.approx(math.expm1(slope), rel=1e-9)


def _textbook_ols(x: np.ndarray, y: np.ndarray, x0: np.ndarray, level: float):  # type: ignore[no-untyped-def]
    """OLS written out: b = Sxy/Sxx, a = ȳ − b x̄, s² = SSR/(n−2), se(b) = s/√Sxx,
    se(a) = s √(1/n + x̄²/Sxx), prediction ŷ₀ ± t s √(1 + 1/n + (x₀ − x̄)²/Sxx)."""
    n = x.size
    xm, ym = x.mean(), y.mean()
    sxx = np.sum((x - xm) ** 2)
    b = np.sum((x - xm) * (y - ym)) / sxx
    a = ym - b * xm
    s2 = np.sum((y - a - b * x) ** 2) / (n - 2)
    t = scipy_stats.t.ppf((1 + level) / 2, n - 2)
    mean = a + b * x0
    half = t * np.sqrt(s2 * (1 + 1 / n + (x0 - xm) ** 2 / sxx))
    half_conf = t * np.sqrt(s2 * (1 / n + (x0 - xm) ** 2 / sxx))
    return a, b, math.sqrt(s2 * (1 / n + xm**2 / sxx)), math.sqrt(s2 / sxx), mean, half, half_conf


@needs_scipy
@pytest.mark.parametrize("level", [0.8, 0.9, 0.95, 0.99])
def test_prediction_intervals_match_the_textbook_formula(level: float) -> None:
    rng = np.random.default_rng(int(level * 100))
    for n in (3, 4, 6, 10, 25):
        x = np.arange(2010, 2010 + n, dtype=float)
        y = 100 + 5 * (x - 2010) + rng.normal(0, 8, size=n)
        x0 = np.array([2008.0, 2012.5, 2030.0, 2040.0])
        a, b, se_a, se_b, mean, half, half_conf = _textbook_ols(x, y, x0, level)
        fit = A.fit_trend(x, y)
        assert fit.stderr["intercept"] == pytest.approx(se_a, rel=1e-9)
        assert fit.stderr["slope"] == pytest.approx(se_b, rel=1e-9)
        p = fit.predict(x0, level)
        np.testing.assert_allclose(p["mean"], mean, rtol=1e-9)
        np.testing.assert_allclose(p["upper"] - p["mean"], half, rtol=1e-9)
        np.testing.assert_allclose(p["mean"] - p["lower"], half, rtol=1e-9)
        c = fit.predict(x0, level, interval="confidence")
        np.testing.assert_allclose(c["upper"] - c["mean"], half_conf, rtol=1e-9)


@needs_scipy
def test_student_t_quantile_matches_scipy() -> None:
    for dof in (1, 2, 3, 4.5, 7, 12, 30, 120, 1e4):
        for p in (1e-8, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.9999):
            want = scipy_stats.t.ppf(p, dof)
            assert A.student_t_quantile(p, dof) == pytest.approx(want, rel=1e-10, abs=1e-14)


def test_forecasts_from_bounded_data_are_bounds(published: civica.Dataset) -> None:
    s = pd.DataFrame({"value": [250.0, 270.0, 300.0], "qualifier": ["exact", "exact", "more_than"]},
                     index=[2018, 2019, 2020])
    fit = A.fit_trend(s)
    f = fit.predict([2016, 2022])
    assert f.loc[2022, "kind"] == "lower_bound" and bool(f.loc[2022, "strict"])
    assert f.loc[2016, "kind"] == "upper_bound"
    assert fit.param_kinds["slope"] == "lower_bound"
    assert (A.fit_trend([2019, 2020, 2021], [1, 2, 4]).predict(2022)["kind"] == "exact").all()


def test_fit_trend_refuses_what_it_cannot_fit() -> None:
    with pytest.raises(civica.ValidationError):
        A.fit_trend([2020], [1])
    with pytest.raises(civica.ValidationError):
        A.fit_trend([2019, 2020], [0, 1], "exponential")


# ---------------------------------------------------------------- rates, concentration, ranks


def _wilson(k: int, n: int, level: float):  # type: ignore[no-untyped-def]
    z = statistics.NormalDist().inv_cdf((1 + level) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("k,n", [(0, 1), (1, 1), (0, 10), (10, 10), (16, 70), (3, 7), (500, 1000), (1, 100000)])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_wilson_interval_matches_the_formula(k: int, n: int, level: float) -> None:
    est, lo, hi = A.wilson_interval(k, n, level)
    want_lo, want_hi = _wilson(k, n, level)
    assert est == pytest.approx(k / n)
    assert lo == pytest.approx(max(0.0, want_lo), abs=1e-12)
    assert hi == pytest.approx(min(1.0, want_hi), abs=1e-12)


def test_wilson_interval_edge_cases_and_arrays() -> None:
    est, lo, hi = A.wilson_interval(0, 0)
    assert math.isnan(est) and (lo, hi) == (0.0, 1.0)
    df = A.wilson_interval([1, 2], [4, 8])
    assert list(df.columns) == ["successes", "trials", "estimate", "lower", "upper"]
    assert df["lower"].tolist() == pytest.approx([_wilson(1, 4, 0.95)[0], _wilson(2, 8, 0.95)[0]])
    with pytest.raises(civica.ValidationError):
        A.wilson_interval(5, 4)


def test_newcombe_difference_reproduces_the_published_example() -> None:
    d = A.difference_of_proportions(56, 70, 48, 80)  # Newcombe (1998), method 10
    assert d.estimate == pytest.approx(0.2)
    assert d.lower == pytest.approx(0.0524, abs=5e-5)
    assert d.upper == pytest.approx(0.3339, abs=5e-5)


def _gini(x: np.ndarray) -> float:
    return float(np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean()))


@pytest.mark.parametrize("values", [[50, 30, 20], [1, 1, 1, 1], [0, 0, 5], [7], [3, 0, 9, 1, 1, 12.5], list(range(1, 40))])
def test_concentration_measures_match_their_formulas(values: list) -> None:  # type: ignore[type-arg]
    x = np.asarray(values, dtype=float)
    s = x / x.sum()
    assert A.hhi(x) == pytest.approx(float(np.sum(s**2)), rel=1e-14)
    assert A.gini(x) == pytest.approx(_gini(x), rel=1e-12, abs=1e-15)
    for k in range(0, x.size + 2):
        assert A.top_share(x, k) == pytest.approx(float(np.sort(x)[::-1][:k].sum() / x.sum()), rel=1e-14)
    lc = A.lorenz_curve(x)
    assert lc["value_share"].iloc[-1] == 1.0 and lc["population_share"].iloc[0] == 0.0
    np.testing.assert_allclose(lc["value_share"].iloc[1:], np.cumsum(np.sort(x)) / x.sum(), rtol=1e-14)


def test_concentration_edge_cases() -> None:
    assert math.isnan(A.hhi([])) and math.isnan(A.gini([])) and math.isnan(A.top_share([], 1))
    assert math.isnan(A.hhi([0, 0])) and math.isnan(A.gini([0, 0]))
    assert A.gini([5]) == 0.0 and A.hhi([5]) == 1.0
    assert A.gini([2, 2, 2]) == 0.0
    assert A.gini([0, 0, 0, 1]) == pytest.approx(0.75)
    with pytest.raises(civica.ValidationError):
        A.hhi([1, -2])
    # An infinite amount is refused as a NaN one is, not turned into a NaN result.
    for f in (A.hhi, A.gini, A.lorenz_curve, lambda v: A.top_share(v, 1)):
        with pytest.raises(civica.ValidationError, match="finite"):
            f([math.inf, 1])
    # A negative count of largest values is refused by name, in both doors.
    with pytest.raises(civica.ValidationError, match="k is -1"):
        A.top_share([1, 2], -1)
    with pytest.raises(civica.ValidationError,
                       match=r"^recipient_concentration: top_k must be a whole number from 0 to \d+, not -1$"):
        A.recipient_concentration(civica.datasets.load("khanty-mansiysk-2020-synthetic"), top_k=(-1,))


@needs_scipy
@pytest.mark.parametrize("method", ["min", "dense", "max", "average", "ordinal"])
def test_rank_matches_scipy_rankdata(method: str) -> None:
    rng = np.random.default_rng(11)
    for n in (1, 2, 5, 17, 60):
        x = rng.integers(0, 6, size=n).astype(float)
        np.testing.assert_array_equal(A.rank(x, method), scipy_stats.rankdata(-x, method=method))
        np.testing.assert_array_equal(A.rank(x, method, ascending=True), scipy_stats.rankdata(x, method=method))
    assert A.rank([50, 40, 40, 10]).tolist() == [1, 2, 2, 4]
    assert A.rank([50, 40, 40, 10], "dense").tolist() == [1, 2, 2, 3]
    assert A.rank([]).size == 0
    assert A.rank([0, 0, 0]).tolist() == [1, 1, 1]


# ---------------------------------------------------------------- dataset analyses


def test_grant_outcomes_match_a_pandas_groupby(km: civica.Dataset, apps: pd.DataFrame) -> None:
    got = A.grant_outcomes(km, ["year", "programme_kind"])
    a = apps.copy()
    a["win"] = a["status"] == "winner"
    a["decided"] = a["status"] != "withdrawn"
    want = a.groupby(["year", "kind"]).agg(
        applications=("id", "size"), winners=("win", "sum"), decided=("decided", "sum"),
        requested=("requested_kopecks", "sum"), awarded=("awarded_kopecks", "sum"),
        median=("awarded_kopecks", "median"), applicants=("applicant", "nunique"),
    ).reset_index()
    merged = got.merge(want, left_on=["year", "programme_kind"], right_on=["year", "kind"], validate="one_to_one")
    assert len(merged) == len(got) == len(want)
    assert (merged["applications_x"] == merged["applications_y"]).all()
    assert (merged["winners_x"] == merged["winners_y"]).all()
    assert (merged["decided_x"] == merged["decided_y"]).all()
    assert (merged["applicants_x"] == merged["applicants_y"]).all()
    # exact integers in hundredths of the currency, named so (requested money nullable: <NA>
    # where no application states its request)
    assert str(got["requested_minor"].dtype) == "Int64" and got["awarded_minor"].dtype == np.int64
    assert (merged["requested_minor"] == merged["requested"]).all()
    assert (merged["awarded_minor"] == merged["awarded"]).all()
    np.testing.assert_allclose(merged["median_grant_minor"], merged["median"])
    assert got.attrs["currency"] == "RUB"
    np.testing.assert_allclose(merged["success_rate"], merged["winners_y"] / merged["decided_y"])
    for _, r in merged.iterrows():
        lo, hi = _wilson(int(r["winners_y"]), int(r["decided_y"]), 0.95)
        assert r["success_lower"] == pytest.approx(max(lo, 0), abs=1e-12)
        assert r["success_upper"] == pytest.approx(min(hi, 1), abs=1e-12)
    assert got.attrs["total"]["applications"] == len(apps)


def test_grant_outcomes_per_capita_names_the_population_year(km: civica.Dataset, apps: pd.DataFrame) -> None:
    t = A.grant_outcomes(km, ["year", "municipality"], programme_kind="governor_individual")
    row = t[(t["year"] == 2020) & (t["municipality"] == "khanty-mansiysk")].iloc[0]
    assert row["municipality_name"] == "Ханты-Мансийск"
    assert row["population_year"] == 2010  # the nearest earlier figure: the 2010 census
    assert row["population"] == 79410
    assert row["awarded_minor"] == 370_000_000
    assert row["awarded_per_capita_minor"] == pytest.approx(370_000_000 / 79410)
    # Money of several years has no one population: NaN unless the population's year is named.
    several = A.grant_outcomes(km, "municipality", programme_kind="governor_ngo")
    km_row = several[several["municipality"] == "khanty-mansiysk"].iloc[0]
    assert pd.isna(km_row["population_year"]) and np.isnan(km_row["awarded_per_capita_minor"])
    named = A.grant_outcomes(km, "municipality", programme_kind="governor_ngo", population_year=2020)
    km_named = named[named["municipality"] == "khanty-mansiysk"].iloc[0]
    assert km_named["population_year"] == 2010
    assert km_named["awarded_per_capita_minor"] == pytest.approx(km_row["awarded_minor"] / 79410)


def test_group_applications_partials_add_up(km: civica.Dataset) -> None:
    whole = A.group_applications(km, ["year"])
    n = len(km.applications)
    parts = pd.concat([A.group_applications(km, ["year"], first_row=0, last_row=n // 3),
                       A.group_applications(km, ["year"], first_row=n // 3)])
    summed = parts.groupby("year")[["applications", "winners", "requested_minor", "awarded_minor"]].sum()
    pd.testing.assert_frame_equal(summed, whole.set_index("year")[summed.columns], check_dtype=False)


@needs_scipy
def test_khanty_mansiysk_ranks_first_by_individual_winners(km: civica.Dataset, apps: pd.DataFrame) -> None:
    r = A.ranking(km, "municipality", "winners", year=2020, programme_kind="governor_individual")
    assert r.iloc[0]["key"] == "khanty-mansiysk" and r.iloc[0]["rank"] == 1
    assert r.attrs["leaders"] == ["khanty-mansiysk"]
    ind = apps[(apps["kind"] == "governor_individual") & (apps["status"] == "winner")]
    counts = ind.groupby("municipality").size().reindex(r["key"], fill_value=0)
    assert r["value"].tolist() == counts.tolist()
    np.testing.assert_array_equal(r["rank"], scipy_stats.rankdata(-counts.to_numpy(), method="min"))
    top2 = sorted(counts, reverse=True)[:2]
    assert r.attrs["margin"] == top2[0] - top2[1]
    dense = A.ranking(km, "municipality", "winners", method="dense", year=2020, programme_kind="governor_individual")
    np.testing.assert_array_equal(dense["rank"], scipy_stats.rankdata(-counts.to_numpy(), method="dense"))


@needs_scipy
@pytest.mark.parametrize("method", ["min", "dense", "max", "average", "ordinal"])
def test_a_ranking_numbers_ties_as_rankdata_does_on_the_municipalities_in_key_order(method: str) -> None:
    # Ranked in the order the groups were met, "ordinal" put the municipalities with no
    # application of the year after those with some but no winner, among the tied zeros.
    ds = civica.synth.national(applications=5000, seed=1)
    r = A.ranking(ds, "municipality", "winners", year=2018, method=method)
    apps = ds.applications.to_pandas(context=True)
    won = apps[(apps["year"] == 2018) & (apps["status"] == "winner")].groupby("municipality").size()
    keys = sorted(m.id for m in ds.municipalities)
    counts = won.reindex(keys, fill_value=0).to_numpy()
    assert (counts == 0).sum() > 1 and apps[apps["year"] == 2018]["municipality"].nunique() < len(keys)
    expected = pd.Series(scipy_stats.rankdata(-counts, method=method), index=keys)
    got = r.set_index("key")["rank"]
    np.testing.assert_array_equal(got.reindex(keys).to_numpy(), expected.to_numpy())
    # Listed by rank, and a tie in key order.
    assert list(zip(r["rank"], r["key"])) == sorted(zip(r["rank"], r["key"]))


def test_recipient_concentration_matches_numpy(km: civica.Dataset, apps: pd.DataFrame) -> None:
    c = A.recipient_concentration(km, year=2020)
    w = apps[(apps["year"] == 2020) & (apps["status"] == "winner")]
    per = (w.groupby(["applicant_type", "applicant"])["awarded_kopecks"].sum()).to_numpy()
    s = per / per.sum()
    assert c["recipients"] == len(per)
    assert c["awarded_minor"] == per.sum() and c.attrs["currency"] == "RUB"
    np.testing.assert_array_equal(c.attrs["amounts"], np.sort(per)[::-1])
    assert c["hhi"] == pytest.approx(np.sum(s**2), rel=1e-12)
    assert c["gini"] == pytest.approx(_gini(per), rel=1e-10)
    assert c["top_5_share"] == pytest.approx(np.sort(per)[::-1][:5].sum() / per.sum(), rel=1e-12)


def test_recipient_concentration_takes_one_top_k_as_a_number(km: civica.Dataset, apps: pd.DataFrame) -> None:
    # top_k=3 raised "TypeError: 'int' object is not iterable", naming nothing.
    c = A.recipient_concentration(km, year=2020, top_k=3)
    per = apps[(apps["year"] == 2020) & (apps["status"] == "winner")].groupby(
        ["applicant_type", "applicant"])["awarded_kopecks"].sum().to_numpy()
    assert [k for k in c.index if k.startswith("top_")] == ["top_3_share"]
    assert c["top_3_share"] == pytest.approx(np.sort(per)[::-1][:3].sum() / per.sum(), rel=1e-12)
    assert A.recipient_concentration(km, "region", year=2020, top_k=3).columns[-1] == "top_3_share"


def test_winners_over_time_matches_pandas(km: civica.Dataset, apps: pd.DataFrame) -> None:
    w = A.winners_over_time(km, programme_kind=["presidential_grants", "governor_ngo"])
    won = apps[(apps["status"] == "winner") & apps["kind"].isin(["presidential_grants", "governor_ngo"])]
    per_year = won.groupby("year")["applicant"].nunique()
    # one meaning per word: winners are winning applications, winning applicants are distinct
    assert w["winning_applicants"].tolist() == per_year.tolist()
    assert w["winners"].tolist() == won.groupby("year").size().tolist()
    assert w["awarded_minor"].tolist() == won.groupby("year")["awarded_kopecks"].sum().tolist()
    first = won.groupby("applicant")["year"].min().value_counts().reindex(per_year.index, fill_value=0)
    assert w["first_time"].tolist() == first.tolist()
    repeat = won.groupby("applicant")["year"].nunique()
    assert sorted(w.attrs["repeat_winners"]) == sorted(repeat[repeat >= 2].index)


def test_council_activity_counts_meetings_and_questions(km: civica.Dataset) -> None:
    c = A.council_activity(km, 2020)
    total = c.attrs["total"]
    assert (total["collegial_bodies"], total["public_councils"], total["meetings"], total["agenda_questions"]) == (
        14, 13, 59, 134)
    meetings = km.meetings.to_pandas()
    meetings = meetings[pd.to_datetime(meetings["date"] if "date" in meetings else meetings["held"]).dt.year == 2020]
    assert c["meetings"].sum() == len(meetings)
    assert c[["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]].sum().sum() == 59
    assert c.loc["public-chamber", "renewed"]
    assert total["questions_per_meeting"] == pytest.approx(134 / 59)


def test_registry_training_and_support(km: civica.Dataset) -> None:
    r = A.ngo_registry(km, 2020)
    orgs = km.organizations.to_pandas()
    ngos = orgs[orgs["nonprofit"] & (orgs["municipality"] == "khanty-mansiysk")]
    assert r.attrs["total"]["organizations"] == len(ngos) > 300
    assert r.attrs["total"]["public_associations"] == 50
    assert dict(zip(r["key"], r["count"])) == {str(k): v for k, v in ngos["okopf"].value_counts().items()}
    t = A.training_activity(km, 2020)
    assert t["participants"].tolist() == [26, 5]
    # Dates are the courses table's own datetime64 values, not Python objects.
    courses = km.courses.to_pandas().set_index("id").loc[t.index]
    for column in ("start", "end"):
        assert t[column].dtype == courses[column].dtype == "datetime64[s]"
        assert t[column].tolist() == courses[column].tolist()
    assert t.attrs["total"]["ngos_trained"] == 31
    assert t.attrs["total"]["registry_share"] == pytest.approx(31 / len(ngos))
    s = A.support_activity(km, 2020)
    assert s["total"].sum() == s.attrs["services"] == len(km.services)
    m = A.monitoring_activity(km)
    assert m["projects"] <= m["records"]


def _support_and_monitoring_of_two_towns() -> civica.Dataset:
    """The hand-made city of conftest with a second town ("nv") whose organisation and resident
    the city's centre supports, and whose organisation's project is monitored."""
    import datetime as dt

    from conftest import small_dataset

    ds = small_dataset()
    ds.add(civica.Municipality(id="nv", name="Нижневартовск"))
    ds.add(civica.Organization(id="org-nv", full_name="АНО «Третья»", municipality="nv"))
    ds.add(civica.Person(id="p-nv", municipality="nv"))
    ds.add(civica.Application(id="a-nv", competition="c-2020", applicant="org-nv", title="Двор",
                              requested=1000, status="winner", awarded=900))
    for i, (kind, who, when) in enumerate([("organization", "org-nv", dt.date(2020, 4, 1)),
                                           ("person", "p-nv", dt.date(2020, 4, 2)),
                                           ("organization", "org-nv", dt.date(2020, 6, 3)),
                                           ("organization", "org-2", dt.date(2020, 7, 4)),
                                           ("person", "p-nv", dt.date(2019, 4, 2))]):
        ds.add(civica.SupportService(id=f"nv-{i}", provider="org-1", recipient_type=kind, recipient=who,
                                     kind="education", provided=when))
    ds.add(civica.MonitoringRecord(application="a-nv", checked=dt.date(2020, 12, 1), score=7, status="completed"))
    ds.add(civica.MonitoringRecord(application="a-nv", checked=dt.date(2021, 2, 1), status="failed"))
    return ds


def test_support_and_monitoring_count_the_territorys_recipients_and_projects() -> None:
    ds = _support_and_monitoring_of_two_towns()
    # The truth from the tables' frames: a service is its recipient's municipality's, a
    # monitored project its applicant's.
    where = pd.concat([ds.organizations.to_pandas()[["id", "municipality"]].assign(kind="organization"),
                       ds.persons.to_pandas()[["id", "municipality"]].assign(kind="person")])
    sv = ds.services.to_pandas().merge(where, left_on=["recipient_type", "recipient"], right_on=["kind", "id"],
                                       suffixes=("", "_r"))
    sv = sv[pd.to_datetime(sv["provided"]).dt.year == 2020]
    apps = ds.applications.to_pandas().merge(where, left_on=["applicant_type", "applicant"],
                                             right_on=["kind", "id"], suffixes=("", "_a"))
    mon = ds.monitoring.to_pandas().merge(apps[["id", "municipality"]], left_on="application", right_on="id")
    for territory, code in ((None, "km"), ("nv", "nv"), ("Нижневартовск", "nv"), ("*", None)):
        mine = sv if code is None else sv[sv["municipality"] == code]
        s = A.support_activity(ds, 2020, territory=territory)
        assert s.attrs["territory"] == (code or "*")
        assert s.attrs["services"] == s["total"].sum() == len(mine)
        assert s["organization"].sum() == (mine["recipient_type"] == "organization").sum()
        assert s.attrs["persons_served"] == mine.loc[mine["recipient_type"] == "person", "recipient"].nunique()
        assert s.attrs["organizations_served"] == mine.loc[mine["recipient_type"] == "organization",
                                                           "recipient"].nunique()
        assert s.loc["education", "total"] == (mine["kind"] == "education").sum()
        projects = mon if code is None else mon[mon["municipality"] == code]
        for year in (None, 2020):
            rows = projects if year is None else projects[pd.to_datetime(projects["checked"]).dt.year == year]
            m = A.monitoring_activity(ds, year, territory=territory)
            assert m.attrs["territory"] == (code or "*")
            assert (m["records"], m["projects"]) == (len(rows), rows["application"].nunique())
    # The second town's one project: completed in 2020, failed by its latest record.
    assert A.monitoring_activity(ds, 2020, territory="nv")["completed"] == 1
    assert A.monitoring_activity(ds, territory="nv")["completed"] == 0
    for f in (A.support_activity, A.monitoring_activity):
        with pytest.raises(civica.NotFoundError, match="Нижневартовск"):
            f(ds, 2020, territory="Нижневартовскк")


def test_training_funnel_says_it_is_an_association(km: civica.Dataset) -> None:
    f = A.training_funnel(km)
    assert list(f.index) == ["trained", "untrained", "difference"]
    assert f.loc["trained", "organizations"] == 31
    assert "not a causal effect" in f.attrs["note"]
    for c in ("success_rate", "success_rate_lower", "success_rate_upper", "applied_share"):
        assert c in f.columns


def test_reconcile_agrees_with_every_published_figure(km: civica.Dataset, published: civica.Dataset) -> None:
    r = A.reconcile(km, published)
    assert len(r) == len(published.indicators)
    exact = r["qualifier"] == "exact"
    assert (r.loc[exact, "verdict"] == "agrees").all(), r[exact & (r["verdict"] != "agrees")]
    assert (r.loc[~exact, "verdict"] == "consistent_with_bound").all()
    assert r.attrs["consistent"]
    winners = r[(r["key"] == "grants.winners")].set_index("year")["computed"]
    assert A.cagr(winners[2017], winners[2020], 3) == pytest.approx(0.9512, abs=1e-4)
    alone = A.reconcile(published)
    assert (alone["verdict"] == "not_computable").all()


def test_reconcile_contradicts_a_changed_figure(km: civica.Dataset, published: civica.Dataset) -> None:
    changed = published.copy()
    changed.set_indicator("councils.meetings", 2020, 60, territory="khanty-mansiysk")
    changed.set_indicator("grants.individual.amount", 2020, 3_900_000, territory="khanty-mansiysk", unit="RUB")
    r = A.reconcile(km, changed).set_index(["key", "year", "breakdown"])
    assert r.loc[("councils.meetings", 2020, ""), "verdict"] == "contradicts"
    assert r.loc[("councils.meetings", 2020, ""), "computed"] == 59
    assert r.loc[("grants.individual.amount", 2020, ""), "verdict"] == "contradicts"
    assert not A.reconcile(km, changed).attrs["consistent"]
    assert A.compute_indicator(km, "councils.agenda_questions", 2020) == 134


def test_reconcile_documents_its_columns_and_the_unit_is_the_published_figures(
        km: civica.Dataset, published: civica.Dataset) -> None:
    r = A.reconcile(km, published)
    doc = A.reconcile.__doc__ or ""
    assert [c for c in r.columns if f"``{c}``" not in doc] == []  # unit was not listed
    assert list(r["unit"]) == [i.unit for i in published.indicators]
    money = r[r["key"] == "grants.funds_attracted"].iloc[0]
    assert money["unit"] == "RUB" and money["published"] == 30_000_000  # roubles, as published
    changed = published.copy()
    changed.set_indicator("councils.meetings", 2020, 59, territory="khanty-mansiysk", unit="RUB")
    row = A.reconcile(km, changed).set_index(["key", "year", "breakdown"]).loc[("councils.meetings", 2020, "")]
    assert row["unit"] == "RUB" and row["verdict"] == "not_computable" and math.isnan(row["computed"])


def test_application_series_by_programme_kind(km: civica.Dataset, apps: pd.DataFrame) -> None:
    s = A.application_series(km, "winners", by="programme_kind")
    won = apps[apps["status"] == "winner"].assign(kind=lambda d: d["kind"].astype(str))
    won = won.groupby(["year", "kind"]).size().unstack(fill_value=0)
    won = won.reindex(columns=list(s.columns), fill_value=0)
    assert list(s.columns) == sorted(won.columns)
    np.testing.assert_array_equal(s.index.to_numpy(), won.index.to_numpy())
    np.testing.assert_array_equal(s.to_numpy(), won.to_numpy(dtype=float))
    total = A.application_series(km, "applications")
    assert total["value"].tolist() == apps.groupby("year").size().tolist()


def test_filters_reject_typos(km: civica.Dataset) -> None:
    with pytest.raises(TypeError, match="did you mean 'year'"):
        A.grant_outcomes(km, "year", yeer=2020)
    # A bad dimension or measure is a ValidationError (a ValueError) with the names and a close
    # one, not a ParseError (that is for files that could not be read).
    with pytest.raises(civica.ValidationError, match=r"one of: year.*did you mean \"region\"") as e:
        A.grant_outcomes(km, "regoin")
    assert not isinstance(e.value, civica.ParseError)
    with pytest.raises(civica.ValidationError, match="did you mean \"municipality\""):
        A.application_series(km, "winners", by="municipalty")
    with pytest.raises(civica.ValidationError, match="did you mean \"winners\"") as e2:
        A.application_series(km, "winner")
    assert not isinstance(e2.value, civica.ParseError)
    with pytest.raises(civica.ValidationError, match="did you mean \"awarded\""):
        A.ranking(km, "municipality", "awardd")


# ---------------------------------------------------------------- one vocabulary


def test_every_dimension_is_a_filter_and_filters_agree_with_pandas(km: civica.Dataset, apps: pd.DataFrame) -> None:
    orgs = km.organizations.to_pandas()
    a = apps.merge(orgs[["id", "okopf"]].rename(columns={"id": "applicant"}), on="applicant", how="left")
    a["legal_form"] = np.where(a["applicant_type"] == "person", "person",
                               a["okopf"].fillna(0).astype("int64").astype(str))
    progs = km.programmes.to_pandas()[["id", "grant_operator"]].rename(columns={"id": "programme", "grant_operator": "operator"})
    a = a.merge(progs, on="programme", how="left")
    applicant = apps.loc[apps["applicant_type"] == "organization", "applicant"].iloc[0]
    cases = {
        "grant_operator": ("yugra-governor", a["operator"] == "yugra-governor"),
        "applicant_kind": ("person", a["applicant_type"] == "person"),
        "legal_form": ("20200", a["legal_form"] == "20200"),
        "applicant": (applicant, a["applicant"] == applicant),
        "region": ("Ханты-Мансийский автономный округ – Югра", a["municipality"].notna()),
    }
    for dim, (key, mask) in cases.items():
        got = A.grant_outcomes(km, None, **{dim: key})
        assert got.attrs["total"]["applications"] == int(mask.sum()), dim
        # and the same key groups the same rows
        g = A.grant_outcomes(km, dim)
        assert g.loc[g[dim] == key, "applications"].sum() == int(mask.sum()), dim


def test_applicant_keys_are_the_tables_ids(km: civica.Dataset) -> None:
    r = A.ranking(km, "applicant", "awarded", year=2020)
    top = r.iloc[0]
    assert km.organizations[top["key"]].id == top["key"] or km.persons[top["key"]].id == top["key"]
    g = A.grant_outcomes(km, "applicant", year=2020)
    assert set(g["applicant_kind"]) <= {"organization", "person"}
    org_keys = g.loc[g["applicant_kind"] == "organization", "applicant"]
    assert all(km.organizations[k].id == k for k in org_keys[:20])


def test_application_series_feeds_fit_trend(km: civica.Dataset) -> None:
    s = A.application_series(km, "winners", programme_kind=["presidential_grants", "governor_ngo"])
    fit = A.fit_trend(s, model="exponential")
    np.testing.assert_allclose(fit.years, s.index.to_numpy(dtype=float))
    np.testing.assert_allclose(fit.values, s["value"].to_numpy())
    assert A.growth(s, int(s.index[0]), int(s.index[-1])).kind == "exact"
    assert s.attrs["unit"] == "count"
    assert A.application_series(km, "awarded").attrs["unit"] == "1/100 RUB"


def test_a_trend_fit_and_a_datasets_info_pickle_and_copy(km: civica.Dataset) -> None:
    # A notebook's results go through pickle (multiprocessing, joblib, a saved session): a fit
    # and DatasetInfo could not be pickled ("cannot pickle"), DatasetInfo not even copied.
    s = A.application_series(km, "winners")
    fit = A.fit_trend(s, model="exponential", qualifiers=["exact"] * (len(s) - 1) + ["more_than"])
    for again in (pickle.loads(pickle.dumps(fit)), copy.copy(fit), copy.deepcopy(fit)):
        pd.testing.assert_series_equal(again.params, fit.params)
        pd.testing.assert_series_equal(again.stderr, fit.stderr)
        assert (again.model, again.r2, again.qualifiers, again.attrs) == (fit.model, fit.r2, fit.qualifiers, fit.attrs)
        pd.testing.assert_frame_equal(again.predict([2021, 2022]), fit.predict([2021, 2022]))
    infos = [km.info] + civica.datasets.catalog()
    for info in infos:
        for again in (pickle.loads(pickle.dumps(info)), copy.copy(info), copy.deepcopy(info)):
            assert again == info and repr(again) == repr(info)
    mine = copy.copy(km.info)
    mine.title = "Другой"
    assert km.info.title != "Другой"  # a copy is its own


def test_per_capita_ranking_over_several_years_refuses_without_a_year(km: civica.Dataset) -> None:
    with pytest.raises(civica.ValidationError, match="no one population"):
        A.ranking(km, "municipality", "awarded", per_capita=True)
    r = A.ranking(km, "municipality", "awarded", per_capita=True, year=2020)
    assert r["population_year"].notna().any()
    r2 = A.ranking(km, "municipality", "awarded", per_capita=True, population_year=2020)
    assert list(r2["population_year"].dropna().unique()) == [2010]  # the nearest earlier figure


def test_a_360giving_file_speaks_pounds(tmp_path: Any) -> None:
    """The A B Charitable Trust's real 360Giving file (GBP): results say GBP and hold pence."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"
    ds = civica.io.read(path)
    assert ds.info.currency == "GBP"  # the reader keeps the file's currency on the dataset
    grants = json.loads(path.read_text(encoding="utf-8"))["grants"]
    pence = sum(round(g["amountAwarded"] * 100) for g in grants)
    out = A.grant_outcomes(ds, "year")
    assert out.attrs["currency"] == "GBP"
    assert "awarded_minor" in out.columns and not any(c.endswith("_rub") for c in out.columns)
    assert int(out["awarded_minor"].sum()) == pence
    by_year: Dict[int, int] = {}
    for g in grants:
        by_year[int(g["awardDate"][:4])] = by_year.get(int(g["awardDate"][:4]), 0) + round(g["amountAwarded"] * 100)
    assert dict(zip(out["year"].tolist(), out["awarded_minor"].tolist())) == by_year
    c = A.recipient_concentration(ds)
    assert c.attrs["currency"] == "GBP" and c["awarded_minor"] == pence
    r = A.ranking(ds, "applicant", "awarded")
    assert r.attrs["unit"] == "1/100 GBP"
    first = r.iloc[0]["key"]
    assert ds.organizations[first].id == first  # e.g. GB-CHC-…, found by the table's own id
    w = A.winners_over_time(ds)
    assert w.attrs["currency"] == "GBP" and int(w["awarded_minor"].sum()) == pence


def _two_cities_and_an_applicant_of_none() -> civica.Dataset:
    """Two municipalities, an applicant of A awarded 500 and one of no municipality awarded 900."""
    ds = civica.Dataset(name="t", territory="a")
    ds.add(civica.Municipality(id="a", name="A", population={2021: 1000}))
    ds.add(civica.Municipality(id="b", name="B", population={2021: 2000}))
    ds.add(civica.Organization(id="o1", full_name="АНО 1", municipality="a"))
    ds.add(civica.Organization(id="o2", full_name="АНО 2"))
    ds.add(civica.GrantOperator(id="op", name="Op"))
    ds.add(civica.Programme(id="p", grant_operator="op", name="P", kind="municipal_subsidy"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    ds.add(civica.Application(id="x1", competition="c", applicant="o1", requested=1000, status="winner", awarded=500))
    ds.add(civica.Application(id="x2", competition="c", applicant="o2", requested=1000, status="winner", awarded=900))
    return ds


@pytest.mark.parametrize("per_capita", [False, True])
def test_applications_of_no_municipality_are_shown_but_not_ranked(per_capita: bool) -> None:
    ds = _two_cities_and_an_applicant_of_none()
    r = A.ranking(ds, "municipality", "awarded", per_capita=per_capita)
    assert r.attrs["leaders"] == ["a"]
    assert list(r["key"]) == ["a", "b", ""]  # ranked first, the row of no municipality last
    assert list(r["rank"][:2]) == [1, 2] and r["rank"].iloc[2] is pd.NA  # it takes no place
    if not per_capita:
        assert list(r["value"]) == [50000, 0, 90000]  # kopecks: nothing is hidden
        assert r.attrs["margin"] == 50000


_DOCS_ANALYSIS = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_indicator_definitions_are_the_keys_the_docs_define_and_each_computes(km: civica.Dataset) -> None:
    defs = A.indicator_definitions()
    documented = set(re.findall(r"^\| `([a-z_]+\.[a-z_.]+)` \|", _DOCS_ANALYSIS.read_text(encoding="utf-8"), re.M))
    assert set(defs["key"]) == documented
    published = {k for k, _u, _d in civica.known_indicator_keys()}
    assert set(defs.loc[defs["published"], "key"]) <= published
    # Every definition can be asked by name; the published figure of 2020 meetings is 59.
    for key in defs["key"]:
        A.compute_indicator(km, key, 2020)
    assert A.compute_indicator(km, "councils.meetings", 2020) == 59


def test_a_misspelt_indicator_key_or_territory_is_an_error_not_no_value(km: civica.Dataset) -> None:
    with pytest.raises(civica.ValidationError, match='did you mean "grants.winners"'):
        A.compute_indicator(km, "grants.winner", 2020)
    with pytest.raises(civica.NotFoundError, match='territory "surgutt" is not in dataset'):
        A.compute_indicator(km, "grants.winners", 2020, territory="surgutt")
    for call in (lambda: A.council_activity(km, 2020, territory="surgutt"),
                 lambda: A.ngo_registry(km, 2020, territory="surgutt"),
                 lambda: A.training_activity(km, 2020, territory="surgutt"),
                 lambda: A.training_funnel(km, territory="surgutt")):
        with pytest.raises(civica.NotFoundError, match="surgutt"):
            call()
    # A municipality's name means its id, and the dataset's own territory is known.
    own = km.info.territory
    name = km.municipalities[own].name
    assert A.compute_indicator(km, "councils.meetings", 2020, territory=name) == 59
    assert len(A.council_activity(km, 2020, territory=own)) > 0


def test_an_empty_filter_list_is_an_error_not_every_application(km: civica.Dataset, apps: pd.DataFrame) -> None:
    for call in (lambda: A.grant_outcomes(km, None, year=[]),
                 lambda: A.ranking(km, "municipality", "winners", status=[]),
                 lambda: A.recipient_concentration(km, municipality=())):
        with pytest.raises(civica.ValidationError, match="empty list"):
            call()
    with pytest.raises(TypeError, match="True is not a key"):
        A.grant_outcomes(km, None, year=True)
    # A whole float, as pandas hands years over, is that year.
    expected = int((apps["year"] == 2020).sum())
    assert A.grant_outcomes(km, None, year=2020.0)["applications"].tolist() == [expected]
    assert A.grant_outcomes(km, None, year=np.float64(2020))["applications"].tolist() == [expected]


def test_shapes_and_messages_a_notebook_user_reads(km: civica.Dataset) -> None:
    whole = A.recipient_concentration(km)
    winners = km.applications.to_pandas()
    winners = winners[winners["status"] == "winner"]
    assert whole["recipients"] == winners["applicant"].nunique() and isinstance(whole["recipients"], int)
    assert isinstance(whole["awarded_minor"], int) and isinstance(whole["gini"], float)
    assert "recipients" in whole.to_string() and ".000" not in whole.to_string().split("\n")[0]
    with pytest.raises(TypeError, match="one dimension"):
        A.ranking(km, ["municipality"], "winners")
    with pytest.raises(civica.ValidationError, match="an exponential trend needs positive values, but 2018 has 0$"):
        A.fit_trend([2017, 2018], [3, 0], model="exponential")
    with pytest.raises(civica.ValidationError, match="level 95 must be between 0 and 1"):
        A.wilson_interval(3, 10, level=95)
    plot = pytest.importorskip("civica.plot")
    pytest.importorskip("matplotlib")
    with pytest.raises(TypeError, match="one distribution"):
        plot.lorenz(A.recipient_concentration(km, by="year"))


def test_a_filter_naming_rows_the_dataset_does_not_hold_is_an_error(km: civica.Dataset, apps: pd.DataFrame) -> None:
    with pytest.raises(civica.ValidationError, match='filter municipality: "surgutt" is not in the dataset; '
                                                     'did you mean "surgut"'):
        A.grant_outcomes(km, None, municipality="surgutt")
    for kw in (dict(region="Moscow"), dict(applicant="nosuch"), dict(programme="x"), dict(competition="x")):
        with pytest.raises(civica.ValidationError, match="is not in the dataset"):
            A.ranking(km, "municipality", "winners", **kw)
    # A municipality's name means its id, as for territories.
    surgut = km.municipalities["surgut"]
    expected = int((apps["municipality"] == "surgut").sum())
    assert expected > 0
    for key in ("surgut", surgut.name):
        assert A.grant_outcomes(km, None, municipality=key)["applications"].tolist() == [expected]
    # A direction no application has, with the closest one; a legal form that is no ОКОПФ code.
    direction = str(apps["direction"].dropna().iloc[0])
    with pytest.raises(civica.ValidationError, match=f'filter direction: "{direction[:-1]}" is not in the dataset; '
                                                     f'did you mean "{direction}"'):
        A.grant_outcomes(km, None, direction=direction[:-1])
    assert A.grant_outcomes(km, None, direction=direction)["applications"].tolist() == \
        [int((apps["direction"] == direction).sum())]
    with pytest.raises(civica.ValidationError, match='filter legal_form: "АНО" is not an ОКОПФ code'):
        A.grant_outcomes(km, None, legal_form="АНО")
    assert A.grant_outcomes(km, None, legal_form="99999")["applications"].sum() == 0  # a code nobody has
    # The keys the legal_form groups print are filters too: "person" (individuals), "0" (unknown).
    by_form = A.grant_outcomes(km, "legal_form").set_index("legal_form")["applications"]
    assert by_form["person"] == int((apps["applicant_type"] == "person").sum()) > 0
    assert A.grant_outcomes(km, None, legal_form="person")["applications"].tolist() == [by_form["person"]]
    gbp = civica.io.read(REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json")
    assert A.grant_outcomes(gbp, "legal_form")["legal_form"].tolist() == ["0"]
    assert A.grant_outcomes(gbp, None, legal_form="0")["applications"].tolist() == [783]
    # group_applications checks its filters as the other analyses do, and its rows.
    with pytest.raises(civica.ValidationError, match='filter municipality: "surgutt" is not in the dataset'):
        A.group_applications(km, "year", municipality="surgutt")
    assert A.group_applications(km, None, municipality=surgut.name)["applications"].tolist() == [expected]
    with pytest.raises(civica.ValidationError, match="rows are counted from 0"):
        A.group_applications(km, None, first_row=-1)


def test_statistics_of_winners_keep_a_status_filter(km: civica.Dataset, apps: pd.DataFrame) -> None:
    """recipient_concentration and winners_over_time count winners: a status filter without
    "winner" leaves none, not every winner."""
    none = A.recipient_concentration(km, status="rejected")
    assert none["recipients"] == 0 and none["awarded_minor"] == 0
    withdrawn = A.winners_over_time(km, status="withdrawn")  # the years of withdrawn applications, no winner
    assert list(withdrawn.index) == sorted(apps.loc[apps["status"] == "withdrawn", "year"].unique())
    assert len(withdrawn) > 0 and (withdrawn == 0).all().all()
    both = A.recipient_concentration(km, status=["rejected", "winner"])
    winners = apps[apps["status"] == "winner"]
    assert both["recipients"] == winners.loc[winners["awarded_kopecks"] > 0, "applicant"].nunique() > 0
    assert A.winners_over_time(km, status=["winner"]).equals(A.winners_over_time(km))


def test_pending_applications_are_not_decided() -> None:
    """The success rate is winners out of the decided applications, winning or rejected: a
    submitted or admitted application is still being judged (and a withdrawn one never was)."""
    ds = one_competition()
    for i, status in enumerate(["winner", "rejected", "submitted", "admitted", "withdrawn"]):
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant="o", requested=100, status=status,
                                  awarded=50 if status == "winner" else None))
    out = A.grant_outcomes(ds, None)
    assert out["applications"].tolist() == [5]
    assert out["decided"].tolist() == [2]
    assert out["success_rate"].tolist() == [0.5]


def test_a_misspelt_code_names_the_closest(km: civica.Dataset) -> None:
    # A filter's code is checked as the other filter values are: a ValidationError naming the
    # filter, not a ParseError (that is for files that could not be read).
    with pytest.raises(civica.ValidationError, match='filter programme_kind: "presidential" is not a programme kind '
                                                     '.*did you mean "presidential_grants"') as e:
        A.grant_outcomes(km, None, programme_kind="presidential")
    assert not isinstance(e.value, civica.ParseError)
    with pytest.raises(civica.ValidationError, match='filter status: "won" is not an application status'):
        A.grant_outcomes(km, None, status="won")
    # So is a trend model's name (it was a ParseError).
    with pytest.raises(civica.ValidationError, match='did you mean "exponential"') as e:
        A.fit_trend([2017, 2018], [1, 2], model="exp")
    assert not isinstance(e.value, civica.ParseError)


def test_a_bad_by_of_the_ngo_registry_is_a_validation_error_as_a_bad_dimension_is(km: civica.Dataset) -> None:
    # ngo_registry raised a plain ValueError ("use 'legal_form', 'sphere' or 'municipality'").
    with pytest.raises(civica.ValidationError, match=r'"okopf" is not a dimension \(one of: '):
        A.grant_outcomes(km, "okopf")
    with pytest.raises(civica.ValidationError, match=r'ngo_registry: by "okopf" is not a grouping of the NGO '
                                                     r'registry \(one of: legal_form, sphere, municipality\)$'):
        A.ngo_registry(km, 2020, by="okopf")
    with pytest.raises(civica.ValidationError, match='"spheres" is not .*; did you mean "sphere"'):
        A.ngo_registry(km, 2020, by="spheres")
    with pytest.raises(TypeError, match="by=\\['sphere'\\]"):
        A.ngo_registry(km, 2020, by=["sphere"])  # type: ignore[arg-type]
    assert list(A.ngo_registry(km, 2020, by="sphere").columns) == ["key", "name", "count", "share"]


def test_counts_come_back_as_whole_numbers(km: civica.Dataset, apps: pd.DataFrame) -> None:
    r = A.ranking(km, "municipality", "winners", year=2020)
    assert r["value"].dtype == "int64"
    expected = apps[(apps["year"] == 2020) & (apps["status"] == "winner")].groupby("municipality").size()
    assert int(r.set_index("key").loc["khanty-mansiysk", "value"]) == int(expected["khanty-mansiysk"])
    assert A.ranking(km, "municipality", "success_rate", year=2020)["value"].dtype == "float64"
    m = A.monitoring_activity(km)
    assert isinstance(m["records"], int) and m["records"] == len(km.monitoring)


def test_a_ranking_turned_round_puts_the_smallest_first_as_pandas_ranks_them():
    ds = civica.synth.national(applications=20000, seed=5)
    down = A.ranking(ds, "municipality", "applications", year=2024)
    up = A.ranking(ds, "municipality", "applications", year=2024, ascending=True)
    # Truth: pandas' min ranks of the same values, smallest first.
    values = down.set_index("key")["value"]
    expected = values.rank(method="min", ascending=True).astype("Int64")  # places: whole numbers
    assert up.set_index("key")["rank"].sort_index().equals(expected.sort_index())
    assert list(up["rank"]) == sorted(up["rank"])  # sorted by rank
    assert up.attrs["ascending"] is True and down.attrs["ascending"] is False
    assert set(up.attrs["leaders"]) == set(values[values == values.min()].index)


def test_the_distribution_functions_take_a_dataset_or_a_concentration_result():
    # A concentration result's own figures are not a distribution: its amounts are used, as
    # plot.lorenz does; a Dataset gives its recipients' awarded money. Truth: numpy on the
    # awarded money per recipient summed from to_pandas().
    ds = civica.synth.national(applications=20000, seed=5)
    apps = ds.applications.to_pandas()
    per_recipient = apps[apps["awarded_kopecks"] > 0].groupby("applicant")["awarded_kopecks"].sum()
    x = np.sort(per_recipient.to_numpy(dtype="float64"))
    n = len(x)
    gini = (2 * np.arange(1, n + 1) - n - 1).dot(x) / (n * x.sum())
    concentration = A.recipient_concentration(ds)
    for source in (ds, concentration, per_recipient.to_numpy()):
        assert A.gini(source) == pytest.approx(gini, rel=1e-9)
        curve = A.lorenz_curve(source)
        assert len(curve) == n + 1
        assert curve["value_share"].iloc[n // 2] == pytest.approx(x[: n // 2].sum() / x.sum(), rel=1e-9)
    with pytest.raises(TypeError, match="one distribution"):
        A.lorenz_curve(A.recipient_concentration(ds, by="region"))


def test_every_statistic_by_applicant_names_the_applicant_as_the_ranking_does(km):
    # Truth: the organisations' and persons' own names in the dataset.
    orgs = km.organizations.to_pandas().set_index("id")
    names = orgs["short_name"].where(orgs["short_name"].fillna("") != "", orgs["full_name"])
    ranked = A.ranking(km, "applicant", "awarded").set_index("key")["name"]
    for frame in (A.grant_outcomes(km, ["applicant"]), A.recipient_concentration(km, by="applicant")):
        named = frame.set_index("applicant")["applicant_name"]
        orgs_only = named[named.index.isin(orgs.index)]
        assert len(orgs_only) > 0
        assert (orgs_only != orgs_only.index).all()  # a name, not the id
        assert orgs_only.equals(ranked.reindex(orgs_only.index).rename("applicant_name"))
        assert set(orgs_only) <= set(names) | set(orgs["full_name"])


def test_fit_trend_takes_years_by_the_rule_for_years_and_refuses_dates():
    # A DatetimeIndex was fitted in nanoseconds (slope 2e-14), datetime64[Y] from 1970, a
    # year 2017.5 cut to 2017 and a year given as text accepted.
    values = [7, 13, 27, 52]
    with pytest.raises(TypeError, match="fit_trend: year must be a whole number, not Timestamp"):
        A.fit_trend(pd.to_datetime(["2017", "2018", "2019", "2020"]), values, "exponential")
    with pytest.raises(TypeError, match="year must be a whole number"):
        A.fit_trend(np.array(["2017", "2018", "2019", "2020"], "datetime64[Y]"), values, "exponential")
    with pytest.raises(TypeError, match="year must be a whole number, not '2017'"):
        A.fit_trend(["2017", "2018"], [1, 2])
    with pytest.raises(civica.ValidationError, match="year must be a whole number, not 2017.5"):
        A.fit_trend(pd.Series([1.0, 2.0, 4.0], index=[2017.5, 2018.5, 2019.5]))
    with pytest.raises(civica.ValidationError, match=r"year 20170 is outside 1900\.\.2200"):
        A.fit_trend([2016, 20170], [1, 2])
    # Whole years in any numeric form fit alike: growth as from the values themselves.
    want = (52 / 7) ** (1 / 3) - 1
    for years in ([2017, 2018, 2019, 2020], np.array([2017, 2018, 2019, 2020]), [2017.0, 2018.0, 2019.0, 2020.0],
                  pd.Index([2017, 2018, 2019, 2020])):
        fit = A.fit_trend(years, [7, 7 * (1 + want), 7 * (1 + want) ** 2, 52], "exponential")
        assert fit.annual_growth == pytest.approx(want, rel=1e-12)


def test_concentration_results_of_several_years_join_with_pd_concat():
    # attrs["amounts"] was an array, and pandas compares the attrs of what it joins with ==:
    # "operands could not be broadcast together with shapes (108,) (26,)".
    ds = civica.synth.khanty_mansiysk_2020()
    parts = {y: A.recipient_concentration(ds, year=y) for y in (2019, 2020)}
    joined = pd.concat(parts, axis=1)
    assert list(joined.columns) == [2019, 2020]
    for y, s in parts.items():
        assert isinstance(s.attrs["amounts"], A.Amounts) and np.asarray(s.attrs["amounts"]).dtype == np.int64
        assert joined.loc["recipients", y] == len(s.attrs["amounts"])
        # The amounts are each recipient's awarded money of the year, by independent sums.
        apps = ds.applications.to_pandas(context=True)
        won = apps[(apps["year"] == y) & (apps["awarded_kopecks"].fillna(0) > 0)]
        per = won.groupby("applicant")["awarded_kopecks"].sum().astype("int64")
        assert list(s.attrs["amounts"]) == sorted(per.tolist(), reverse=True)


def test_an_estimate_formats_as_its_value_after_the_sign_of_a_bound():
    assert f"{A.Estimate(0.9512):.1%}" == "95.1%"
    assert f"{A.Estimate(0.9512, 'lower_bound', True):.1%}" == ">95.1%"
    assert f"{A.Estimate(0.9512, 'lower_bound'):.2f}" == "≥0.95"
    assert f"{A.Estimate(3.0, 'approximate')}" == str(A.Estimate(3.0, "approximate")) == "≈3"


def test_growth_from_zero_is_unbounded_as_year_on_year_says():
    s = pd.Series({2016: 0.0, 2017: 5.0})
    g = A.growth(s, 2016, 2017)
    assert g.kind == "unbounded" and math.isnan(g.value)
    assert A.year_on_year(s)["kind"].tolist() == [g.kind]
    assert A.cagr(A.Estimate(0.0), A.Estimate(5.0), 1).kind == "unbounded"
    with pytest.raises(civica.ValidationError, match="the first value 0 must be a positive"):
        A.cagr(0, 5, 1)  # plain numbers: no rate, as documented


def test_a_series_by_applicant_keeps_an_organisation_and_a_person_of_one_id_apart():
    # Both were a column "o", and the organisation's name was overwritten by the person's.
    ds = one_competition()
    ds.add(civica.Person(id="o", display_name="Иванов Иван", municipality="m"))
    ds.add(civica.Application(id="a1", competition="c", applicant="o", title="t", status="winner",
                              requested=100, awarded=100))
    ds.add(civica.Application(id="a2", competition="c", applicant="o", title="t", status="rejected", requested=100))
    ds.add(civica.Application(id="p1", competition="c", applicant_type="person", applicant="o", title="t",
                              status="winner", requested=100, awarded=100))
    s = A.application_series(ds, "applications", by="applicant")
    assert list(s.columns.names) == ["applicant_kind", "applicant"] and s.columns.is_unique
    counted = ds.applications.to_pandas().groupby(["applicant_type", "applicant"], observed=True).size()
    assert {k: int(s[k].sum()) for k in s.columns} == {(str(k), w): int(n) for (k, w), n in counted.items()}
    assert s.attrs["labels"][("organization", "o")] == "НКО"
    assert s.attrs["labels"][("person", "o")] == "Иванов Иван"


def test_groups_by_applicant_are_in_key_order():
    # They followed the dataset's tables (organisations, then persons, as read), so one dataset
    # and the same data split into files listed them differently.
    km = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    for frame in (A.grant_outcomes(km, "applicant"), A.recipient_concentration(km, "applicant"),
                  A.grant_outcomes(km, ["year", "applicant"])):
        keys = [c for c in ("year", "applicant_kind", "applicant") if c in frame.columns]
        listed = list(frame[keys].itertuples(index=False, name=None))
        assert listed == sorted(listed)
        assert frame.index.tolist() == list(range(len(frame)))
    # The figures stay with their applicant: the winners of each, counted with pandas.
    apps = km.applications.to_pandas()
    won = apps[apps["status"] == "winner"].groupby(["applicant_type", "applicant"], observed=True).size()
    g = A.grant_outcomes(km, "applicant").set_index(["applicant_kind", "applicant"])["winners"]
    assert {k: int(v) for k, v in g[g > 0].items()} == {(str(k), w): int(n) for (k, w), n in won.items()}
