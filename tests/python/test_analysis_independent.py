"""civica.analysis against computations of its own with pandas and numpy from the raw tables, as
an analyst would check a figure before trusting it: series with years that hold no value, and
the awarded share of requested money when a winner's award or request is not stated."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

import civica
from civica import analysis as A
from conftest import REPO, edit_applications, one_competition


def _rates_with_an_undecided_year() -> civica.Dataset:
    """2019: 1 of 2 decided applications won; 2020: one withdrawn application, nothing decided
    (no success rate); 2021: 3 of 4 won."""
    ds = one_competition()
    for year in (2019, 2020):
        ds.add(civica.Competition(id=f"c{year}", programme="p", year=year))
    statuses = {"c2019": ["winner", "rejected"], "c2020": ["withdrawn"], "c": ["winner", "winner", "winner", "rejected"]}
    for comp, sts in statuses.items():
        for i, st in enumerate(sts):
            ds.add(civica.Application(id=f"{comp}-{i}", competition=comp, applicant="o", title="Проект",
                                      requested=100000, status=st, awarded=100000 if st == "winner" else None))
    return ds


def _changes_by_pandas(values: pd.Series) -> pd.DataFrame:
    """year_on_year by pandas: the points that hold a value, each against the one before."""
    v = values.astype("float64").dropna()
    return pd.DataFrame({"from_year": v.index[:-1], "to_year": v.index[1:],
                         "absolute": v.diff().iloc[1:].to_numpy(),
                         "relative": v.pct_change().iloc[1:].to_numpy()})


def test_year_on_year_spans_a_year_without_a_success_rate() -> None:
    ds = _rates_with_an_undecided_year()
    s = A.application_series(ds, "success_rate")
    a = ds.applications.to_pandas()
    a["year"] = a["competition"].map({"c2019": 2019, "c2020": 2020, "c": 2021})
    decided = a[a["status"].isin(["winner", "rejected"])]
    by_pandas = (decided["status"] == "winner").groupby(decided["year"]).mean().reindex([2019, 2020, 2021])
    assert s["value"].tolist() == pytest.approx(by_pandas.tolist(), nan_ok=True)  # 2020: NaN

    yoy = A.year_on_year(s)
    expected = _changes_by_pandas(s["value"])
    assert yoy["from_year"].tolist() == expected["from_year"].tolist() == [2019]
    assert yoy["to_year"].tolist() == expected["to_year"].tolist() == [2021]
    assert yoy["years"].tolist() == [2]
    assert yoy["absolute"].to_numpy() == pytest.approx(expected["absolute"].to_numpy())
    assert yoy["relative"].to_numpy() == pytest.approx(expected["relative"].to_numpy())  # 0.75 / 0.5 − 1
    assert yoy["kind"].tolist() == ["exact"]


def test_year_on_year_and_growth_skip_requested_money_no_application_states() -> None:
    s = pd.DataFrame({"value": pd.array([500, None, 800, 1000], dtype="Int64"), "qualifier": ["exact"] * 4},
                     index=pd.Index([2018, 2019, 2020, 2021], name="year"))
    yoy = A.year_on_year(s)
    expected = _changes_by_pandas(s["value"])
    assert yoy["from_year"].tolist() == expected["from_year"].tolist() == [2018, 2020]
    assert yoy["years"].tolist() == [2, 1]
    assert yoy["relative"].to_numpy() == pytest.approx(expected["relative"].to_numpy())
    assert not yoy["relative"].isna().any()
    assert float(A.growth(s, 2018, 2021)) == pytest.approx((1000 / 500) ** (1 / 3) - 1)
    # A year without a value is a year the series has no value for, named as such.
    with pytest.raises(civica.NotFoundError, match="no value for 2019"):
        A.growth(s, 2019, 2021)
    with pytest.raises(civica.NotFoundError, match="no value for 2019"):
        A.growth(s, 2018, 2019)


def test_awarded_share_of_requested_pairs_each_winner_award_with_its_request(tmp_path) -> None:
    """Over the winners whose award and request are both stated: a winner without a stated
    award adds neither its request nor an award of 0, one without a stated request neither
    its award."""
    folder = tmp_path / "surgut"
    shutil.copytree(REPO / "tests" / "data" / "surgut-2024", folder)

    def edit(i: int, row: dict) -> None:
        if row["id"] == "m1":  # a winner whose award the source does not state
            row["awarded"] = ""
        if row["id"] == "m2":  # a winner whose request the source does not state
            row["requested"] = ""

    edit_applications(folder, edit)
    ds = civica.io.read(folder)
    a = ds.applications.to_pandas()
    comps = ds.competitions.to_pandas().set_index("id")["programme"]
    a["programme"] = a["competition"].map(comps)
    w = a[(a["status"] == "winner") & a["awarded_kopecks"].notna() & a["requested_kopecks"].notna()]
    by_pandas = w.groupby("programme")["awarded_kopecks"].sum() / w.groupby("programme")["requested_kopecks"].sum()

    g = A.grant_outcomes(ds, "programme").set_index("programme")
    assert g["awarded_share_of_requested"].to_numpy() == pytest.approx(
        by_pandas.reindex(g.index).astype("float64").to_numpy())
    # The municipal programme: m4 (380 000.50 of 400 000) and m8 (200 000 of 200 000).
    assert g.loc["surgut-grants", "awarded_share_of_requested"] == pytest.approx(58000050 / 60000000)
    total = A.grant_outcomes(ds, None).attrs["total"]["awarded_share_of_requested"]
    assert total == pytest.approx(w["awarded_kopecks"].sum() / w["requested_kopecks"].sum())
    assert not np.isnan(total)


def test_council_lists_name_every_body_of_the_territory_as_pandas_finds_them() -> None:
    """bodies_without_meetings and renewed_bodies list bodies of kind ``other`` too (a youth
    parliament); the totals of meetings and questions are the collegial bodies' alone."""
    ds = civica.io.read(REPO / "tests" / "data" / "surgut-2024")
    bodies = ds.bodies.to_pandas()
    bodies = bodies[bodies["municipality"].fillna("surgut") == "surgut"]  # no municipality: the city's own
    meetings = ds.meetings.to_pandas()
    terms = ds.membership_terms.to_pandas()
    for year in (2023, 2024):
        r = A.council_activity(ds, year)
        held = meetings[meetings["held"].dt.year == year]
        assert sorted(r.attrs["total"]["bodies_without_meetings"]) == sorted(set(bodies["id"]) - set(held["body"]))
        started = terms[terms["start"].dt.year == year]
        assert sorted(r.attrs["total"]["renewed_bodies"]) == sorted(set(started["body"]) & set(bodies["id"]))
        collegial = bodies[bodies["kind"].isin(["public_council", "public_chamber"])]["id"]
        assert r.attrs["total"]["meetings"] == int(held["body"].isin(collegial).sum())
        other = bodies[bodies["kind"] == "other"]["id"]
        assert r.attrs["total"]["other_meetings"] == int(held["body"].isin(other).sum())
    assert "youth-parliament" in A.council_activity(ds, 2023).attrs["total"]["bodies_without_meetings"]
