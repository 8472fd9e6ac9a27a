"""civica.analysis at its edges: names it does not know, numbers it cannot use, and results of
nothing. Each figure is checked against a hand count or a pandas computation."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import civica
from civica import analysis as A
from conftest import applications_in_context, one_competition


@pytest.fixture(scope="module")
def km() -> civica.Dataset:
    return civica.synth.khanty_mansiysk_2020()


@pytest.fixture(scope="module")
def published() -> civica.Dataset:
    return civica.datasets.load("khanty-mansiysk-2020")


@pytest.fixture(scope="module")
def apps(km: civica.Dataset) -> pd.DataFrame:
    """Applications with their competition's year and the applicant's municipality, by pandas."""
    return applications_in_context(km)


# ---------------------------------------------------------------- published series


def test_indicator_series_refuses_a_territory_the_dataset_does_not_know(published: civica.Dataset) -> None:
    with pytest.raises(civica.NotFoundError, match='territory "zzz" is not in dataset "khanty-mansiysk-2020"'):
        A.indicator_series(published, "grants.winners", territory="zzz")
    with pytest.raises(civica.NotFoundError, match='territory "khanty-mansiisk".*did you mean "khanty-mansiysk"'):
        A.indicator_series(published, "grants.winners", territory="khanty-mansiisk")
    # The municipality's id and its name mean the dataset's own territory: the figures 7 and 52.
    for territory in (None, "khanty-mansiysk", "Ханты-Мансийск"):
        s = A.indicator_series(published, "grants.winners", territory=territory)
        assert s["value"].to_dict() == {2017: 7.0, 2020: 52.0}


def test_indicator_series_refuses_a_misspelt_key(published: civica.Dataset) -> None:
    with pytest.raises(civica.ValidationError, match='"grants.winers" is not an indicator key.*'
                                                     'did you mean "grants.winners"'):
        A.indicator_series(published, "grants.winers")


def test_indicator_series_of_a_key_without_figures_is_empty(published: civica.Dataset) -> None:
    # A key of the vocabulary the dataset publishes no figure for: no values, not an error
    # (docs/analysis.md: not recorded is not zero).
    keys = {i.key for i in published.indicators}
    assert "councils.chamber_members" not in keys
    s = A.indicator_series(published, "councils.chamber_members")
    assert len(s) == 0 and list(s.columns) == ["value", "qualifier"]


def test_indicator_series_takes_a_dataset_own_key_and_territory() -> None:
    """A figure the dataset publishes under a key of its own, for a territory that is not one of
    its municipalities (a region): both are the dataset's, so the series has them."""
    ds = civica.Dataset(name="region-figures")
    ds.add(civica.Indicator(key="volunteers.registered", year=2019, territory="ugra", value=120))
    ds.add(civica.Indicator(key="volunteers.registered", year=2021, territory="ugra", value=180))
    s = A.indicator_series(ds, "volunteers.registered", territory="ugra")
    assert s["value"].to_dict() == {2019: 120.0, 2021: 180.0}
    with pytest.raises(civica.NotFoundError, match='territory "urga"'):
        A.indicator_series(ds, "volunteers.registered", territory="urga")


# ---------------------------------------------------------------- concentration of amounts


@pytest.mark.parametrize("name", ["hhi", "gini", "top_share", "lorenz_curve"])
def test_a_nan_amount_is_refused_naming_the_function_and_its_position(name: str) -> None:
    def call(values: object) -> object:
        f = getattr(A, name)
        return f(values, 1) if name == "top_share" else f(values)

    with pytest.raises(civica.ValidationError,
                       match=rf"^{name}: value 1 is NaN; amounts must be finite non-negative numbers$"):
        call([1, float("nan")])
    with pytest.raises(civica.ValidationError, match=rf"^{name}: value 2 is inf; amounts must be finite"):
        call(np.array([3.0, 4.0, np.inf]))
    with pytest.raises(civica.ValidationError, match=rf"^{name}: value 0 is -inf; amounts must be finite"):
        call([-np.inf, 1.0])
    with pytest.raises(civica.ValidationError, match=rf"^{name}: value 1 is -2; amounts must be finite"):
        call([1, -2])


# ---------------------------------------------------------------- filters and groupings


@pytest.mark.parametrize("dim, value, closest, noun", [
    ("status", "winer", "winner", "an application status"),
    ("programme_kind", "presidential", "presidential_grants", "a programme kind"),
    ("applicant_kind", "organisation", "organization", "an applicant kind"),
])
def test_a_misspelt_code_filter_names_the_filter(km: civica.Dataset, dim: str, value: str, closest: str,
                                                 noun: str) -> None:
    for call in (lambda: A.grant_outcomes(km, None, **{dim: value}),
                 lambda: A.ranking(km, "municipality", "winners", **{dim: ["winner" if dim == "status" else closest,
                                                                          value]}),
                 lambda: A.application_series(km, "winners", **{dim: value})):
        with pytest.raises(civica.ValidationError,
                           match=f'^filter {dim}: "{value}" is not {noun} .*; did you mean "{closest}"\\?$') as e:
            call()
        assert not isinstance(e.value, civica.ParseError)
    # The plural form names the dimension too.
    with pytest.raises(civica.ValidationError, match=f'^filter {dim}: "{value}"'):
        A.grant_outcomes(km, None, **{dim + ("es" if dim == "status" else "s"): [value]})
    # A valid code is no error: it filters as pandas does.
    apps = km.applications.to_pandas()
    if dim == "status":
        assert A.grant_outcomes(km, None, status=closest)["applications"].tolist() == \
            [int((apps["status"] == closest).sum())]
    if dim == "applicant_kind":
        assert A.grant_outcomes(km, None, applicant_kind=closest)["applications"].tolist() == \
            [int((apps["applicant_type"] == closest).sum())]


def test_a_by_that_is_not_a_dimension_name_is_a_clear_error(km: civica.Dataset) -> None:
    for call in (lambda: A.grant_outcomes(km, 5),  # type: ignore[arg-type]
                 lambda: A.grant_outcomes(km, ["year", 5]),  # type: ignore[list-item]
                 lambda: A.group_applications(km, 5),  # type: ignore[arg-type]
                 lambda: A.recipient_concentration(km, 2020),  # type: ignore[arg-type]
                 lambda: A.application_series(km, "winners", by=["year"])):  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=r"by="):
            call()
    # Names, tuples and lists of names are the groupings they always were.
    a = A.grant_outcomes(km, "year")
    assert a.equals(A.grant_outcomes(km, ("year",))) and a.equals(A.grant_outcomes(km, ["year"]))


# ---------------------------------------------------------------- population year


@pytest.mark.parametrize("year", [0, -5, 1899, 2201])
def test_a_population_year_that_is_no_year_is_refused(km: civica.Dataset, year: int) -> None:
    for call in (lambda: A.grant_outcomes(km, "municipality", population_year=year),
                 lambda: A.ranking(km, "municipality", "awarded", per_capita=True, population_year=year),
                 lambda: A.ranking(km, "municipality", "winners", population_year=year)):
        with pytest.raises(civica.ValidationError, match=rf"population_year {year} is outside 1900\.\.2200"):
            call()
    with pytest.raises(TypeError, match="population_year"):
        A.grant_outcomes(km, "municipality", population_year=True)


@pytest.mark.parametrize("year", [5000, 1899, 2201])
def test_a_ranking_per_resident_of_a_year_no_population_is_of_is_refused(km: civica.Dataset, apps: pd.DataFrame,
                                                                          year: int) -> None:
    """The filter's one year is the population year of a ranking per resident: a year outside
    1900..2200 is refused, not NaN per resident for every municipality. No record can be of
    such a year (pandas finds no application of it), so the filter itself refuses it, per
    resident or not, with a population year named or not: it would select nothing."""
    assert not (apps["year"] == year).any()
    for options in ({"per_capita": True}, {}, {"per_capita": True, "population_year": 2020}):
        for measure in ("awarded", "winners"):
            with pytest.raises(civica.ValidationError,
                               match=rf"(filter year: {year} is outside|per resident of year={year}: ).*1900\.\.2200"):
                A.ranking(km, "municipality", measure, year=year, **options)


def test_a_ranking_per_resident_of_a_year_that_is_no_year_names_the_filter(km: civica.Dataset) -> None:
    with pytest.raises(civica.ValidationError, match='filter year: "abc" is not a year'):
        A.ranking(km, "municipality", "awarded", per_capita=True, year="abc")


def test_the_ends_of_the_population_years_are_years(km: civica.Dataset, apps: pd.DataFrame) -> None:
    pop = {m.id: m.population for m in km.municipalities}
    won = apps[apps["status"] == "winner"].groupby("municipality")["awarded_kopecks"].sum()
    # 2200: the latest figure each municipality has (the nearest earlier year), by hand.
    out = A.grant_outcomes(km, "municipality", population_year=2200).set_index("municipality")
    for m, kopecks in won.items():
        years = [y for y in pop[m] if y <= 2200]
        if years:
            latest = max(years)
            assert out.loc[m, "population_year"] == latest
            assert out.loc[m, "awarded_per_capita_minor"] == pytest.approx(kopecks / pop[m][latest])
    # 1900: before every figure, so no population and no money per resident.
    early = A.grant_outcomes(km, "municipality", population_year=1900)
    assert early["population"].isna().all() and early["awarded_per_capita_minor"].isna().all()


# ---------------------------------------------------------------- totals


_TOTALS_OF_NOTHING = {
    "applications": 0, "decided": 0, "winners": 0, "applicants": 0, "winning_applicants": 0,
    "requested_minor": 0, "awarded_minor": 0, "success_lower": 0.0, "success_upper": 1.0,
}


@pytest.mark.parametrize("case", ["empty dataset", "a year without competitions"])
def test_the_totals_of_nothing_are_zeros_and_an_open_interval(km: civica.Dataset, case: str) -> None:
    out = A.grant_outcomes(civica.Dataset(), None) if case == "empty dataset" else \
        A.grant_outcomes(km, None, year=2030)
    assert len(out) == 0
    total = out.attrs["total"]
    for k, v in _TOTALS_OF_NOTHING.items():
        assert total[k] == v and type(total[k]) is type(v), k
    for k in ("success_rate", "awarded_share_of_requested", "mean_grant_minor", "median_grant_minor"):
        assert math.isnan(total[k]), k
    assert set(total) == set(A.grant_outcomes(km, None).attrs["total"])


def test_the_totals_hold_the_awarded_share_of_requested(km: civica.Dataset, apps: pd.DataFrame) -> None:
    """Over the winners whose request is stated: their awards over their requests."""
    won = apps[(apps["status"] == "winner") & apps["requested_kopecks"].notna()]
    expected = won["awarded_kopecks"].sum() / won["requested_kopecks"].sum()
    by_year = A.grant_outcomes(km, "year")
    assert by_year.attrs["total"]["awarded_share_of_requested"] == pytest.approx(expected, rel=1e-12)
    whole = A.grant_outcomes(km, None)
    assert whole["awarded_share_of_requested"].tolist() == [whole.attrs["total"]["awarded_share_of_requested"]]
    y2020 = won[won["year"] == 2020]
    total_2020 = A.grant_outcomes(km, "municipality", year=2020).attrs["total"]
    assert total_2020["awarded_share_of_requested"] == pytest.approx(
        y2020["awarded_kopecks"].sum() / y2020["requested_kopecks"].sum(), rel=1e-12)


# ---------------------------------------------------------------- units


def test_a_ranking_per_resident_says_so_in_its_unit(km: civica.Dataset, apps: pd.DataFrame) -> None:
    r = A.ranking(km, "municipality", "winners", per_capita=True, year=2020)
    assert r.attrs["unit"] == "count per resident"
    # The values are winners of 2020 over each municipality's population (its 2010 census), by hand.
    won = apps[(apps["status"] == "winner") & (apps["year"] == 2020)].groupby("municipality").size()
    for key, value, population in zip(r["key"], r["value"], r["population"]):
        assert value == pytest.approx(won.get(key, 0) / population)
    money = A.ranking(km, "municipality", "awarded", per_capita=True, year=2020)
    assert money.attrs["unit"] == "1/100 RUB per resident"
    assert A.ranking(km, "municipality", "winners", year=2020).attrs["unit"] == "count"
    assert A.ranking(km, "municipality", "awarded", year=2020).attrs["unit"] == "1/100 RUB"


def test_a_plot_of_a_ranking_per_resident_names_the_unit_once(km: civica.Dataset) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from civica import plot

    try:
        money = A.ranking(km, "municipality", "awarded", per_capita=True, year=2020)
        ax = plot.ranking(money)
        assert ax.get_xlabel() == "awarded, RUB per resident"
        # Drawn in roubles: a hundredth of the kopecks.
        widths = sorted((p.get_width() for p in ax.patches), reverse=True)
        assert widths[0] == pytest.approx(money["value"].max() / 100)
        counts = plot.ranking(A.ranking(km, "municipality", "winners", per_capita=True, year=2020))
        assert counts.get_xlabel() == "winners per resident"
    finally:
        plt.close("all")


# ---------------------------------------------------------------- results of nothing


def _text_dtypes(df: pd.DataFrame, columns: list) -> dict:  # type: ignore[type-arg]
    return {c: df[c].dtype for c in columns}


def test_results_without_rows_keep_their_text_columns_text(km: civica.Dataset, published: civica.Dataset) -> None:
    empty = civica.Dataset()
    cases = [
        (A.council_activity(km, 2020), A.council_activity(empty, 2020), ["name", "kind"]),
        (A.ngo_registry(km, 2020), A.ngo_registry(empty, 2020), ["key", "name"]),
        (A.ngo_registry(km, 2020, by="sphere"), A.ngo_registry(km, 1900, by="sphere"), ["key", "name"]),
        (A.training_activity(km, 2020), A.training_activity(empty, 2020), ["title", "format"]),
        (A.reconcile(km, published), A.reconcile(empty),
         ["key", "territory", "breakdown", "qualifier", "unit", "verdict", "rule", "basis"]),
    ]
    for full, none, text in cases:
        assert len(full) > 0 and len(none) == 0
        assert none.dtypes.to_dict() == full.dtypes.to_dict()
        assert none.index.dtype == full.index.dtype
        for c in text:
            assert not pd.api.types.is_float_dtype(none[c].dtype), c


def test_series_without_rows_keep_their_dtypes(km: civica.Dataset, published: civica.Dataset) -> None:
    # An empty series' qualifier was object where a series with rows has text ("str" on pandas 3),
    # and the changes of a series of one point were float64 throughout.
    winners = A.application_series(km, "winners")
    cases = [
        (A.application_series(km, "requested"),
         A.application_series(published, "requested", year=2017, programme_kind="governor_individual")),
        (winners, A.application_series(km, "winners", year=2030)),
        (A.indicator_series(published, "councils.meetings"), A.indicator_series(published, "councils.chamber_members")),
        (A.year_on_year(winners), A.year_on_year(winners.iloc[:1])),
    ]
    for full, none in cases:
        assert len(full) > 0 and len(none) == 0
        assert none.dtypes.to_dict() == full.dtypes.to_dict()
        assert none.index.dtype == full.index.dtype
    assert A.year_on_year(winners)["from_year"].dtype == "int64"
    assert A.year_on_year(winners)["strict"].dtype == bool


def test_groupings_without_rows_keep_their_key_columns_text(km: civica.Dataset) -> None:
    full = A.grant_outcomes(km, ["municipality", "status"])
    none = A.grant_outcomes(km, ["municipality", "status"], year=2030)
    assert len(none) == 0 and none.dtypes.to_dict() == full.dtypes.to_dict()
    ds = one_competition()  # no application at all: the ranking of no applicant
    ranked = A.ranking(ds, "applicant", "winners")
    assert len(ranked) == 0
    assert ranked["key"].dtype == ranked["name"].dtype == A.ranking(km, "applicant", "winners")["key"].dtype


# ---------------------------------------------------------------- groups without winners


@pytest.fixture(scope="module")
def nation() -> civica.Dataset:
    return civica.synth.national(applications=2000, seed=1)


@pytest.fixture(scope="module")
def nation_apps(nation: civica.Dataset) -> pd.DataFrame:
    """The national applications with their competition's year and applicant's municipality and
    region, by pandas."""
    a = nation.applications.to_pandas()
    comps = nation.competitions.to_pandas()[["id", "year"]].rename(columns={"id": "competition"})
    munis = nation.municipalities.to_pandas()[["id", "region"]].rename(columns={"id": "municipality"})
    orgs = nation.organizations.to_pandas()[["id", "municipality"]].rename(columns={"id": "applicant"})
    a = a.merge(comps, on="competition").merge(orgs, on="applicant", how="left").merge(munis, on="municipality",
                                                                                       how="left")
    assert (a["applicant_type"].astype(str) == "organization").all() and a["municipality"].notna().all()
    a["status"] = a["status"].astype(str)
    return a


def _recipients_by_pandas(apps: pd.DataFrame, keys: list) -> pd.DataFrame:  # type: ignore[type-arg]
    """Per group of the applications: recipients (applicants awarded more than 0), their money
    and the HHI of their shares, worked out by pandas."""
    money = apps[apps["status"] == "winner"].groupby([*keys, "applicant"])["awarded_kopecks"].sum()
    money = money[money > 0].astype("int64")
    out = pd.DataFrame({"recipients": money.groupby(level=keys).size(),
                        "awarded_minor": money.groupby(level=keys).sum(),
                        "hhi": money.groupby(level=keys).apply(lambda s: float(((s / s.sum()) ** 2).sum()))})
    groups = apps.groupby(keys).size().index  # every group of the applications
    return out.reindex(groups).fillna({"recipients": 0, "awarded_minor": 0}).astype(
        {"recipients": "int64", "awarded_minor": "int64"})


@pytest.mark.parametrize("by", ["municipality", ["year", "region"]])
def test_concentration_lists_every_group_of_the_applications_as_grant_outcomes_does(
        nation: civica.Dataset, nation_apps: pd.DataFrame, by) -> None:
    keys = [by] if isinstance(by, str) else by
    got = A.recipient_concentration(nation, by)
    want = _recipients_by_pandas(nation_apps, keys)
    assert (want["recipients"] == 0).sum() > 0  # groups that applied and were awarded nothing
    want_keys = [k if isinstance(k, tuple) else (k,) for k in want.index]
    assert list(got[keys].itertuples(index=False, name=None)) == want_keys
    outcomes = A.grant_outcomes(nation, by)
    pd.testing.assert_frame_equal(got[keys], outcomes[keys])  # the same groups, in the same order
    assert got["recipients"].dtype == got["awarded_minor"].dtype == "int64"
    assert got["recipients"].tolist() == want["recipients"].tolist()
    assert got["awarded_minor"].tolist() == want["awarded_minor"].tolist()
    np.testing.assert_allclose(got["hhi"].to_numpy(), want["hhi"].to_numpy(), rtol=1e-12)  # NaN where none
    nothing = got[got["recipients"] == 0]
    assert nothing[["hhi", "gini", "top_1_share", "top_5_share", "top_10_share"]].isna().all().all()
    assert (outcomes.loc[nothing.index, "awarded_minor"] == 0).all()


def test_concentration_under_a_status_filter_without_winners_lists_its_groups_with_nobody(
        nation: civica.Dataset, nation_apps: pd.DataFrame) -> None:
    got = A.recipient_concentration(nation, "region", status="rejected")
    rejected = nation_apps[nation_apps["status"] == "rejected"]
    assert list(got["region"]) == sorted(rejected["region"].unique())
    assert (got["recipients"] == 0).all() and (got["awarded_minor"] == 0).all() and got["hhi"].isna().all()


def test_winners_over_time_lists_a_year_without_winners_with_zeros() -> None:
    ds = civica.synth.khanty_mansiysk_2020()
    programme = ds.competitions[0].programme
    ds.add(civica.Competition(id="judged-2021", programme=programme, year=2021))
    org = ds.organizations[0].id
    for i, status in enumerate(["submitted", "admitted", "rejected", "withdrawn"]):
        ds.add(civica.Application(id=f"judged-{i}", competition="judged-2021", applicant=org, status=status))
    a = ds.applications.to_pandas()
    a = a.merge(ds.competitions.to_pandas()[["id", "year"]].rename(columns={"id": "competition"}), on="competition")
    won = a[a["status"].astype(str) == "winner"]
    first_win = won.groupby(["applicant_type", "applicant"], observed=True)["year"].min().rename("first")
    won = won.join(first_win, on=["applicant_type", "applicant"])
    distinct = won.drop_duplicates(["year", "applicant_type", "applicant"])
    years = sorted(a["year"].unique())
    want = pd.DataFrame({
        "winners": won.groupby("year").size(),
        "winning_applicants": distinct.groupby("year").size(),
        "first_time": distinct[distinct["year"] == distinct["first"]].groupby("year").size(),
        "returning": distinct[distinct["year"] > distinct["first"]].groupby("year").size(),
        "awarded_minor": won.groupby("year")["awarded_kopecks"].sum(),
    }).reindex(pd.Index(years, name="year")).fillna(0).astype("int64")
    got = A.winners_over_time(ds)
    assert 2021 in got.index and got.loc[2021].tolist() == [0, 0, 0, 0, 0]
    pd.testing.assert_frame_equal(got, want, check_index_type=False)
    assert got.index.tolist() == A.grant_outcomes(ds, "year")["year"].tolist()
    # Filtered to the judged year alone: its row, with nobody, not an empty frame.
    assert A.winners_over_time(ds, year=2021).to_dict("index") == {2021: dict.fromkeys(want.columns, 0)}


# ---------------------------------------------------------------- populations, applicants, territories


def _surgut_with_population(tmp_path, muni: str, population: str) -> civica.Dataset:
    """tests/data/surgut-2024 with ``muni``'s population column set to ``population``."""
    import csv
    import shutil

    from conftest import REPO

    folder = tmp_path / "surgut"
    shutil.copytree(REPO / "tests" / "data" / "surgut-2024", folder)
    path = folder / "municipalities.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert muni in {r["id"] for r in rows}
    for r in rows:
        if r["id"] == muni:
            r["population"] = population
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return civica.io.read(folder)


def _region_population(ds: civica.Dataset, region: str, year: int) -> float:
    """A region's residents in ``year`` counted from the municipalities table: the sum of each
    one's latest figure up to ``year``, NaN when one has none or only 0 (no known population)."""
    total = 0
    for m in ds.municipalities:
        if m.region != region:
            continue
        known = [y for y in m.population if y <= year]
        n = m.population[max(known)] if known else 0
        if n <= 0:
            return math.nan
        total += n
    return float(total)


@pytest.mark.parametrize("population", ["2010:123276", "2010:0", ""])
def test_a_region_with_a_municipality_of_population_0_has_no_population(tmp_path, population: str) -> None:
    ds = _surgut_with_population(tmp_path, "nefteyugansk", population)
    region = ds.municipalities["surgut"].region
    residents = _region_population(ds, region, 2024)
    assert math.isnan(residents) == (population != "2010:123276")
    winners = applications_in_context(ds)
    winners = winners[(winners["year"] == 2024) & (winners["status"] == "winner")]
    in_region = winners["municipality"].map({m.id: m.region for m in ds.municipalities}) == region
    got = A.ranking(ds, "region", "winners", per_capita=True, year=2024).set_index("key").loc[region]
    if math.isnan(residents):  # 0 is no figure: the region's residents are not known (not 386113)
        assert pd.isna(got["population"]) and math.isnan(got["value"]) and pd.isna(got["rank"])
    else:
        assert got["population"] == residents == 509389
        assert got["value"] == pytest.approx(int(in_region.sum()) / residents)
    out = A.grant_outcomes(ds, "region", year=2024).set_index("region").loc[region]
    assert pd.isna(out["population"]) == math.isnan(residents)
    # The municipality itself: NaN per resident with 0 as without a figure.
    nef = A.ranking(ds, "municipality", "winners", per_capita=True, year=2024).set_index("key").loc["nefteyugansk"]
    assert math.isnan(nef["value"]) == (population != "2010:123276")


def _two_town_region(a: dict, b: dict) -> civica.Dataset:
    """Region R of towns "a" and "b" of the given populations; one winner of 2021 in "a"."""
    ds = civica.Dataset()
    ds.add(civica.Municipality(id="a", region="R", population=a))
    ds.add(civica.Municipality(id="b", region="R", population=b))
    ds.add(civica.Organization(id="o", full_name="НКО", municipality="a"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    ds.add(civica.Application(id="x", competition="c", applicant="o", requested=100, status="winner", awarded=100))
    return ds


@pytest.mark.parametrize("a, b, population, year", [
    # Each town's figure of the year or the nearest earlier one it has: 2021 adds a's 2021 count
    # to b's 2018 count, and is labelled 2021.
    ({2018: 1000, 2021: 3000}, {2018: 2000}, 5000, 2021),
    # A figure of 0 is no figure (no known population), for a town as for one alone: a's 2018
    # count is passed for its 2010 count, added to b's 2018 count.
    ({2010: 100, 2018: 0}, {2010: 50, 2018: 60}, 160, 2018),
    # And with no such year, no population: never part of the region's people.
    ({2018: 0}, {2018: 60}, None, None),
])
def test_a_regions_population_is_its_towns_of_the_year_or_the_nearest_earlier_year_all_have(a, b, population, year):
    got = A.ranking(_two_town_region(a, b), "region", "winners", per_capita=True, year=2021).set_index("key").loc["R"]
    if population is None:
        assert pd.isna(got["population"]) and math.isnan(got["value"])
    else:
        assert (got["population"], got["population_year"]) == (population, year)
        assert got["value"] == pytest.approx(1 / population)


def _shared_id_dataset() -> civica.Dataset:
    """An organisation and a person both of id "x" (100 000 RUB each), an organisation "y"
    (30 000), all winners of one competition."""
    ds = one_competition()
    ds.add(civica.Organization(id="x", full_name="НКО Икс", municipality="m"))
    ds.add(civica.Organization(id="y", full_name="НКО Игрек", municipality="m"))
    ds.add(civica.Person(id="x", municipality="m", display_name="Житель Икс"))
    for i, (kind, who, rub) in enumerate([("organization", "x", 100000), ("person", "x", 100000),
                                          ("organization", "y", 30000)]):
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant_type=kind, applicant=who,
                                  requested=rub, status="winner", awarded=rub))
    return ds


def test_ranking_by_applicant_tells_an_organisation_and_a_person_of_one_id_apart() -> None:
    ds = _shared_id_dataset()
    r = A.ranking(ds, "applicant", "awarded")
    outcomes = A.grant_outcomes(ds, "applicant")
    assert "applicant_kind" in r.columns
    assert r["applicant_kind"].dtype == outcomes["applicant_kind"].dtype
    assert list(r.columns) == ["rank", "key", "applicant_kind", "name", "value"]
    # Counted by hand: x (organisation) and x (person) tie first with 10 000 000 kopecks, y third.
    rows = {(k, kind): (rank, value) for k, kind, rank, value in
            zip(r["key"], r["applicant_kind"], r["rank"], r["value"])}
    assert rows == {("x", "organization"): (1, 10_000_000), ("x", "person"): (1, 10_000_000),
                    ("y", "organization"): (3, 3_000_000)}
    # The same pairs as grant_outcomes gives.
    assert set(zip(outcomes["applicant"], outcomes["applicant_kind"])) == set(rows)
    leaders = set(zip(r.attrs["leaders"], r.attrs["leader_kinds"]))
    assert leaders == {("x", "organization"), ("x", "person")}
    # One leader of a shared id: the organisation's x alone.
    ds.add(civica.Application(id="a9", competition="c", applicant="x", requested=1, status="winner", awarded=1))
    one = A.ranking(ds, "applicant", "awarded")
    assert list(zip(one.attrs["leaders"], one.attrs["leader_kinds"])) == [("x", "organization")]
    # Without a ranking of applicants there is no kind.
    assert "applicant_kind" not in A.ranking(ds, "municipality", "awarded").columns
    empty = A.ranking(civica.Dataset(), "applicant", "awarded")
    assert list(empty.columns) == list(r.columns) and empty["applicant_kind"].dtype == r["applicant_kind"].dtype


def test_series_from_indicators_refuses_a_misspelt_territory_in_the_core(published: civica.Dataset) -> None:
    """The engine's own check (civica.dask and C++ callers pass no Python check): a misspelt
    territory is a NotFoundError with "did you mean", a known one without figures an empty series."""
    raw = civica._core.analysis.series_from_indicators
    with pytest.raises(civica.NotFoundError, match='territory "khanty-mansiisk".*did you mean "khanty-mansiysk"'):
        raw(published, "grants.winners", "khanty-mansiisk", "")
    assert list(raw(published, "grants.winners", "", "")["years"]) == [2017, 2020]
    ds = civica.Dataset(name="two", territory="a")
    ds.add(civica.Municipality(id="a", name="Альфа"))
    ds.add(civica.Municipality(id="b", name="Бета"))
    ds.add(civica.Indicator(key="grants.winners", year=2020, territory="a", value=5))
    assert len(raw(ds, "grants.winners", "b", "")["years"]) == 0  # known, no figures
    assert len(A.indicator_series(ds, "grants.winners", territory="Бета")) == 0
    with pytest.raises(civica.NotFoundError, match='territory "c"'):
        raw(ds, "grants.winners", "c", "")


# ---------------------------------------------------------------- not recorded is not zero


def _grants_of_one_city(awards: list) -> civica.Dataset:
    """A 2019 competition of Presidential grants in city "m", one winner per award in
    ``awards`` (kopecks, or None: the records do not state it)."""
    ds = civica.Dataset(territory="m")
    ds.add(civica.Municipality(id="m", name="Город"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g", kind="presidential_grants"))
    ds.add(civica.Competition(id="c", programme="p", year=2019))
    for i, award in enumerate(awards):
        ds.add(civica.Organization(id=f"o{i}", full_name=f"НКО {i}", municipality="m"))
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant=f"o{i}", title="t", direction="d",
                                  requested=Decimal(100000), status="winner",
                                  awarded=None if award is None else Decimal(award) / 100))
    return ds


def test_a_winner_without_a_stated_award_makes_the_money_not_computable_not_zero() -> None:
    # An unstated award counted as 0 roubles: reconcile then called a published "более 50 000"
    # wrong for lack of records (docs/analysis.md: not recorded is not zero).
    for awards in ([None], [5_000_000, None]):
        ds = _grants_of_one_city(awards)
        assert A.compute_indicator(ds, "grants.funds_attracted", 2019) is None, awards
        assert A.compute_indicator(ds, "grants.winners", 2019) == len(awards)
        ds.set_indicator("grants.funds_attracted", 2019, 50_000, qualifier="more_than", unit="RUB")
        row = A.reconcile(ds).set_index("key").loc["grants.funds_attracted"]
        assert row["verdict"] == "not_computable", awards
    # Every award stated: the sum, by hand.
    ds = _grants_of_one_city([5_000_000, 2_500_050])
    assert A.compute_indicator(ds, "grants.funds_attracted", 2019) == 75_000.50


def test_a_computed_indicator_is_typed_as_a_published_one_and_its_money_exact() -> None:
    # docs/python.md ("Types"): an indicator value is Decimal roubles when money, int when whole.
    # A sum past what a double holds to the kopeck came back as a float that was not it.
    kopecks = [10, 20, 123_456_789_012_301]  # 0.10 + 0.20 + 1 234 567 890 123.01 roubles
    ds = _grants_of_one_city(kopecks)
    got = A.compute_indicator(ds, "grants.funds_attracted", 2019)
    assert type(got) is Decimal
    assert got == sum(Decimal(k) / 100 for k in kopecks) == Decimal("1234567890123.31")
    assert float(sum(k / 100 for k in kopecks)) != got  # the float sum is not it: the test can fail
    winners = A.compute_indicator(ds, "grants.winners", 2019)
    assert type(winners) is int and winners == 3
    ds.set_indicator("grants.winners", 2019, 3)
    assert type(ds.indicator("grants.winners", 2019).value) is type(winners)


def test_monitored_projects_are_counted_with_or_without_a_resource_centre() -> None:
    # The count returned None when no organisation of the city was its resource centre.
    ds = _grants_of_one_city([5_000_000, 2_500_000])
    import datetime as dt

    ds.add(civica.MonitoringRecord(application="a0", checked=dt.date(2019, 11, 1), status="completed"))
    ds.add(civica.MonitoringRecord(application="a1", checked=dt.date(2020, 2, 1), status="completed"))
    assert A.compute_indicator(ds, "resource_centre.projects_monitored", 2019) == 1
    assert A.compute_indicator(ds, "resource_centre.projects_monitored", 2020) == 1
    assert A.compute_indicator(ds, "resource_centre.services", 2019) is None


def test_an_undated_monitoring_record_is_not_the_latest_of_a_dated_project() -> None:
    # An undated record "in_progress" (score 3) overrode the dated "completed" one (score 9).
    import datetime as dt

    for undated_first in (True, False):
        ds = _grants_of_one_city([5_000_000])
        dated = civica.MonitoringRecord(application="a0", checked=dt.date(2021, 5, 1), status="completed", score=9)
        undated = civica.MonitoringRecord(application="a0", status="in_progress", score=3)
        for record in ((undated, dated) if undated_first else (dated, undated)):
            ds.add(record)
        m = A.monitoring_activity(ds)
        assert (m["projects"], m["completed"]) == (1, 1), undated_first
        assert m["mean_score"] == 9.0, undated_first


def test_analyses_and_the_report_never_change_the_dataset() -> None:
    """docs/analysis.md: analyses "never change the dataset". The engine keeps caches beside
    the data, and the Python layer adds code of its own: after every public analysis, the
    indicator series, the checks and the report in each format, the dataset pickles to the same
    bytes and equals a copy loaded afresh (independent of the one analysed)."""
    import pickle
    import warnings

    import civica

    A = civica.analysis
    synthetic = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    published = civica.datasets.load("khanty-mansiysk-2020")
    before = {id(d): pickle.dumps(d) for d in (synthetic, published)}
    calls = [
        lambda: A.grant_outcomes(synthetic, ["year", "programme_kind"]),
        lambda: A.ranking(synthetic, "municipality", "winners", year=2020),
        lambda: A.recipient_concentration(synthetic, by="municipality"),
        lambda: A.winners_over_time(synthetic),
        lambda: A.application_series(synthetic),
        lambda: A.council_activity(synthetic, 2020),
        lambda: A.ngo_registry(synthetic, 2020),
        lambda: A.training_activity(synthetic, 2020),
        lambda: A.support_activity(synthetic, 2020),
        lambda: A.compute_indicator(synthetic, "grants.winners", 2020),
        lambda: A.indicator_series(published, "grants.winners"),
        lambda: A.reconcile(synthetic, published),
        lambda: civica.io.check(synthetic),
        lambda: civica.report.render(synthetic, 2020),
        lambda: civica.report.render(published, 2020, format="json"),
        lambda: synthetic.applications.to_pandas(),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for call in calls:
            call()
    for d in (synthetic, published):
        assert pickle.dumps(d) == before[id(d)], d.info.name
    assert synthetic == civica.datasets.load("khanty-mansiysk-2020-synthetic")
    assert published == civica.datasets.load("khanty-mansiysk-2020")


def test_by_takes_the_filters_names_of_a_dimension_and_a_year_filter_must_be_a_year() -> None:
    # by="applicant_type" was refused with "did you mean 'applicant'?", which groups by each
    # applicant's id; years=3 (a count, as synth.national's years=) gave an empty table.
    import civica

    A = civica.analysis
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    by_kind = A.grant_outcomes(ds, by="applicant_type")
    assert by_kind.equals(A.grant_outcomes(ds, by="applicant_kind"))
    assert A.grant_outcomes(ds, by=["years", "operator"]).equals(A.grant_outcomes(ds, by=["year", "grant_operator"]))
    for other, name in (("applicant_type", "applicant_kind"), ("directions", "direction")):
        assert A.application_series(ds, by=other).equals(A.application_series(ds, by=name))
    assert A.ranking(ds, by="operators").equals(A.ranking(ds, by="grant_operator"))
    assert A.recipient_concentration(ds, by="regions").equals(A.recipient_concentration(ds, by="region"))
    # Independent count: the applications by applicant type, from the table itself.
    counts = ds.applications.to_pandas().applicant_type.value_counts()
    assert {k: int(v) for k, v in zip(by_kind["applicant_kind"], by_kind["applications"])} == {
        k: int(v) for k, v in counts.items() if v}
    for bad in (3, 20201):
        with pytest.raises(civica.ValidationError, match=rf"filter year: {bad} is outside the years 1900..2200"):
            A.grant_outcomes(ds, years=bad)


@pytest.mark.parametrize("call, name", [
    (lambda: A.cagr(7, 52, True), "years"),
    (lambda: A.cagr("7", 52, 3), "first"),
    (lambda: A.cagr(7, "52", 3), "last"),
    (lambda: A.wilson_interval(52, 120, level="0.9"), "level"),
    (lambda: A.wilson_interval([52, 5], [120, 10], level=True), "level"),
    (lambda: A.difference_of_proportions(5, 10, 4, 10, level="0.9"), "level"),
    (lambda: A.fit_trend([2017, 2018, 2019, 2020], [7, 13, 27, 52]).predict([True]), "years"),
    (lambda: A.fit_trend([2017, 2018, 2019, 2020], [7, 13, 27, 52]).predict(2021, level="0.9"), "level"),
    (lambda: A.fit_trend([2017, 2018, 2019, 2020], [7, True, 27, 52]), "values"),
    (lambda: A.fit_trend([2017, 2018, 2019, 2020], [7, 13, "27", 52]), "values"),
    (lambda: A.rank([1, True, 3]), "values"),
    (lambda: A.rank(["1", "3"]), "values"),
    (lambda: A.gini(np.array([True, False])), "values"),
    (lambda: A.hhi(pd.Series(["1", "2"])), "values"),
    (lambda: A.student_t_quantile("0.975", 3), "p"),
    (lambda: A.gini([[1, True]]), "values"),  # at any depth
    (lambda: A.fit_trend(pd.Series([True, False, True], index=[2018, 2019, 2020])), "the series' values"),
    (lambda: A.growth(pd.Series(["1", "2"], index=[2019, 2020]), 2019, 2020), "the series' values"),
    (lambda: A.growth(pd.DataFrame({"value": [True, False]}, index=[2019, 2021]), 2019, 2021),
     "the series' values"),
    (lambda: A.grant_outcomes(civica.datasets.load("khanty-mansiysk-2020-synthetic"), level="0.9"), "level"),
    (lambda: A.training_funnel(civica.datasets.load("khanty-mansiysk-2020-synthetic"), level="0.9"), "level"),
])
def test_true_or_text_where_a_number_is_needed_is_a_type_error_naming_it(call, name):
    # docs/python.md: "True or text ("2020") where a number is needed is a TypeError naming it".
    # Before, cagr(7, 52, True) was growth over one year, rank([1, True, "3"]) ranked 1, 1.0 and 3.0.
    with pytest.raises(TypeError, match=rf"{name} must be (a number|numbers), not"):
        call()


def test_numbers_of_every_numeric_kind_and_missing_values_are_still_taken():
    assert A.cagr(np.int64(7), Decimal(52), np.float32(3)) == pytest.approx((52 / 7) ** (1 / 3) - 1)
    # scipy.stats.rankdata's "min" of the negated values, by hand: 3 is first, 1 second; None is no value.
    assert np.array_equal(A.rank([1, None, 3]), [2.0, np.nan, 1.0], equal_nan=True)
    assert np.array_equal(A.rank(pd.Series([1.0, pd.NA, 3.0], dtype="Float64")), [2.0, np.nan, 1.0], equal_nan=True)
    assert A.gini(pd.Series([Decimal("1"), Decimal("1")], dtype=object)) == 0.0
    # A series of whole numbers in a nullable column (Int64) is fitted as floats.
    series = pd.Series([7, 13, 27, 52], index=[2017, 2018, 2019, 2020], dtype="Int64")
    assert A.fit_trend(series).params.equals(A.fit_trend([2017, 2018, 2019, 2020], [7.0, 13.0, 27.0, 52.0]).params)


def _rates_with_a_year_still_judged() -> civica.Dataset:
    """2018: 1 of 2 decided won; 2019: 2 of 3; 2020: nothing decided yet (submitted, admitted)."""
    ds = civica.Dataset()
    ds.add(civica.Municipality(id="m"))
    ds.add(civica.Organization(id="o", full_name="НКО"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    n = 0
    for year, statuses in {2018: ["winner", "rejected"], 2019: ["winner", "winner", "rejected"],
                           2020: ["submitted", "admitted"]}.items():
        ds.add(civica.Competition(id=f"c{year}", programme="p", year=year))
        for status in statuses:
            n += 1
            ds.add(civica.Application(id=f"a{n}", competition=f"c{year}", applicant="o", status=status,
                                      awarded=100 if status == "winner" else None))
    return ds


def test_fit_trend_of_a_series_leaves_out_a_year_without_a_value_as_year_on_year_does():
    # Before: "fit_trend: the value of 2020 is not a finite number" for the success rate of a year
    # still being judged, which year_on_year and growth leave out.
    series = A.application_series(_rates_with_a_year_still_judged(), "success_rate")
    assert math.isnan(series.loc[2020, "value"])
    fit = A.fit_trend(series)
    assert list(fit.years) == [2018.0, 2019.0] and fit.n == 2
    # Two points: the line through 1/2 in 2018 and 2/3 in 2019.
    assert fit.params["slope"] == pytest.approx(2 / 3 - 1 / 2, rel=1e-12)
    assert fit.predict(2020)["mean"].iloc[0] == pytest.approx(2 / 3 + (2 / 3 - 1 / 2), rel=1e-12)
    # The same from a pandas Series and a dict by year, and with <NA> in a nullable column.
    plain = series["value"]
    assert A.fit_trend(plain).params.equals(fit.params)
    assert A.fit_trend(plain.to_dict()).params.equals(fit.params)
    assert A.fit_trend(plain.astype("Float64")).params.equals(fit.params)
    # Values given as a sequence must all be finite: a NaN there is a fault of the caller's.
    with pytest.raises(civica.ValidationError, match="the value of 2020 is not a finite number"):
        A.fit_trend([2018, 2019, 2020], plain.tolist())


def test_fit_trend_of_a_series_with_the_model_in_the_place_of_the_values_says_to_name_it():
    # Before: "fit_trend: year must be a whole number, not 'value'" (the model taken for the values).
    series = A.application_series(_rates_with_a_year_still_judged(), "applications")
    with pytest.raises(TypeError, match=r"^fit_trend: values is the text 'exponential'; with a series alone, "
                                        r"name the model: fit_trend\(series, model='exponential'\)$"):
        A.fit_trend(series, "exponential")
    assert A.fit_trend(series, model="exponential").model == "exponential"


def test_ranking_counts_per_resident_over_several_years_calls_them_counts():
    # Before: "money per resident over 2018–2020" for the number of winners.
    ds = _rates_with_a_year_still_judged()
    with pytest.raises(civica.ValidationError, match="^rank_by: a count per resident over 2018–2020 has no one"):
        A.ranking(ds, "municipality", "winners", per_capita=True)
    with pytest.raises(civica.ValidationError, match="^rank_by: money per resident over 2018–2020 has no one"):
        A.ranking(ds, "municipality", "awarded", per_capita=True)


@pytest.mark.parametrize("alias", ["applicant_type", "applicant_types", "applicant_kinds"])
def test_the_applicant_kind_filter_is_taken_under_each_name_a_user_tries(km, alias):
    # Before, applicant_types= was refused while applicant_type= and applicant_kinds= were taken.
    want = A.grant_outcomes(km, "year", applicant_kind="person")
    got = A.grant_outcomes(km, "year", **{alias: "person"})
    pd.testing.assert_frame_equal(got, want)
    assert got["applications"].sum() == sum(a.applicant_type == "person" for a in km.applications) > 0


def test_an_applicant_id_of_an_organisation_and_a_person_needs_its_kind():
    # The groups by applicant list an organisation and a person of one id apart, as two
    # applicants; the filter applicant= took both together (3 + 2 applications = 5, a row of
    # neither) without a word. It now asks for applicant_kind, and with it gives each one's row.
    ds = one_competition()  # organisation "o"
    ds.add(civica.Person(id="o", municipality="m"))
    for i in range(3):
        ds.add(civica.Application(id=f"org-{i}", competition="c", applicant="o", status="winner", awarded=100))
    for i in range(2):
        ds.add(civica.Application(id=f"person-{i}", competition="c", applicant_type="person", applicant="o",
                                  status="rejected"))
    rows = A.grant_outcomes(ds, "applicant").set_index("applicant_kind")
    assert rows.loc["organization", "applications"] == 3 and rows.loc["person", "applications"] == 2
    with pytest.raises(civica.ValidationError, match=r'applicant: "o" is the id of an organisation and of a '
                                                     r"person of the dataset, two applicants; add the filter "
                                                     r"applicant_kind"):
        A.grant_outcomes(ds, None, applicant="o")
    with pytest.raises(civica.ValidationError, match="applicant_kind"):
        A.ranking(ds, "municipality", "applications", applicant="o")
    for kind, n in (("organization", 3), ("person", 2)):
        assert int(A.grant_outcomes(ds, None, applicant="o", applicant_kind=kind)["applications"].iloc[0]) == n
    with pytest.raises(civica.ValidationError, match="applicant_kind"):  # both kinds say neither
        A.grant_outcomes(ds, None, applicant="o", applicant_kind=["organization", "person"])
    # An id of one applicant needs nothing more.
    ds.add(civica.Organization(id="solo", full_name="НКО 2"))
    ds.add(civica.Application(id="solo-1", competition="c", applicant="solo"))
    assert int(A.grant_outcomes(ds, None, applicant="solo")["applications"].iloc[0]) == 1
