"""A request the source does not state (a 360Giving grant without ``amountAppliedFor``) is no
value, not a request for nothing: it reads as None, checks raise nothing about it, sums of
requested money leave it out, and the awarded share of requested money sets each winner's
request against that winner's award only."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import civica
import civica.io
from conftest import REPO, applications_in_context, blank_requests, edit_applications

ABCT = REPO / "tests" / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json"


def test_a_real_360giving_file_without_requests_reads_none_and_checks_clean():
    grants = json.loads(ABCT.read_text(encoding="utf-8"))["grants"]
    unstated = sum("amountAppliedFor" not in g for g in grants)
    assert unstated == len(grants) == 783  # the file states no request at all
    ds = civica.io.read(ABCT)
    assert all(a.requested is None for a in ds.applications)
    df = ds.applications.to_pandas()
    assert str(df["requested_kopecks"].dtype) == "Int64"
    assert int(df["requested_kopecks"].isna().sum()) == unstated
    # The file's own check and the check of the dataset read from it agree: nothing about the
    # requests. (Each unstated request read as 0 warned awarded_exceeds_requested and zero_money.)
    about_requests = {"awarded_exceeds_requested", "zero_money", "zero_amount"}
    assert not {p.check for p in civica.io.problems(ABCT)} & about_requests
    report = civica.io.check(ds)
    assert not set(report["check"]) & about_requests, report


def test_a_written_zero_request_is_still_a_value_the_check_flags(tmp_path):
    folder = tmp_path / "city"
    civica.io.write(civica.synth.national(applications=50, regions=1, seed=3), folder, "civica")

    def edit(i, row):
        if i % 2 == 0:
            row["requested"] = ""  # not stated
        elif i == 1:
            row["requested"] = "0"  # a request for nothing, typed

    rows = edit_applications(folder, edit)
    found = civica.io.check_dataset_folder(folder)
    zero = [p for p in found if p.check == "zero_money" and p.field == "requested"]
    assert [p.record_id for p in zero] == [rows[1]["id"]]
    ds = civica.io.read(folder)
    assert ds.applications[rows[1]["id"]].requested == 0
    assert ds.applications[rows[0]["id"]].requested is None


def test_outcomes_count_the_stated_requests_as_pandas_does(tmp_path):
    folder = tmp_path / "national"
    civica.io.write(civica.synth.national(applications=3000, regions=4, seed=8), folder, "civica")
    blank_requests(folder, 4)
    ds = civica.io.read(folder)
    apps = ds.applications.to_pandas()
    assert apps["requested_kopecks"].isna().sum() == 750
    apps["year"] = apps["competition"].map({c.id: c.year for c in ds.competitions})

    out = civica.analysis.grant_outcomes(ds, "year").set_index("year")
    for year, g in apps.groupby("year"):
        winners = g[g["status"] == "winner"]
        stated = winners[winners["requested_kopecks"].notna()]
        assert out.loc[year, "requested_minor"] == int(g["requested_kopecks"].sum())
        assert out.loc[year, "awarded_minor"] == int(winners["awarded_kopecks"].sum())
        share = int(stated["awarded_kopecks"].sum()) / int(stated["requested_kopecks"].sum())
        assert math.isclose(out.loc[year, "awarded_share_of_requested"], share, rel_tol=1e-12)
        # Every award over the stated requests would be a larger, wrong share.
        assert int(winners["awarded_kopecks"].sum()) / int(stated["requested_kopecks"].sum()) > share

    totals = civica.analysis.group_applications(ds, "year").set_index("year")
    for year, g in apps.groupby("year"):
        winners = g[g["status"] == "winner"]
        assert totals.loc[year, "winners_requested_minor"] == int(winners["requested_kopecks"].sum())


def test_a_row_without_a_request_and_its_way_through_360giving(tmp_path):
    ds = civica.io.read(ABCT)
    first = ds.applications[0]
    assert first.requested is None
    # Written back, a grant states no amountAppliedFor; a stated one keeps it.
    out = tmp_path / "grants.json"
    civica.io.write(ds, out, "360giving")
    grants = json.loads(out.read_text(encoding="utf-8"))["grants"]
    assert not any("amountAppliedFor" in g for g in grants)
    app = civica.Application(id="x", competition="c", applicant="o")
    assert app.requested is None


def test_money_nobody_states_is_not_known_rather_than_zero():
    """A series or a ranking of requested money where no application states one is NaN, not 0
    (nothing ranked), as the library's rule "not recorded is not zero" says."""
    ds = civica.io.read(ABCT)
    series = civica.analysis.application_series(ds, "requested")
    assert len(series) > 0 and series["value"].isna().all()
    ranked = civica.analysis.ranking(ds, "applicant", "requested")
    assert ranked["value"].isna().all() and ranked["rank"].isna().all()
    # The awarded money of the same grants is known.
    assert civica.analysis.application_series(ds, "awarded")["value"].notna().all()


def test_grant_outcomes_give_no_requested_money_where_no_application_states_one():
    """grant_outcomes and group_applications read requested money nobody states as <NA>, as
    application_series does, not as a request of 0; the awarded share of it is NaN."""
    ds = civica.io.read(ABCT)
    apps = ds.applications.to_pandas()
    assert apps["requested_kopecks"].isna().all()  # pandas: no request is stated
    out = civica.analysis.grant_outcomes(ds, "year")
    assert len(out) > 0
    assert str(out["requested_minor"].dtype) == "Int64"
    assert out["requested_minor"].isna().all()
    assert out["awarded_share_of_requested"].isna().all()
    series = civica.analysis.application_series(ds, "requested")
    assert list(series.index) == list(out["year"]) and series["value"].isna().all()
    # The awarded money of the same grants is known, and is pandas' sum.
    assert int(out["awarded_minor"].sum()) == int(apps["awarded_kopecks"].sum())
    assert out.attrs["total"]["requested_minor"] is pd.NA
    assert out.attrs["total"]["awarded_minor"] == int(apps["awarded_kopecks"].sum())
    totals = civica.analysis.group_applications(ds, "year")
    for column in ("requested_minor", "winners_requested_minor"):
        assert str(totals[column].dtype) == "Int64" and totals[column].isna().all(), column


def _first_year_blanked(tmp_path, which):
    """A national dataset (600 applications, 2 regions) whose first year's applications for
    which ``which(row)`` holds state no request: (the dataset read back, competition -> year,
    that year)."""
    folder = tmp_path / "national"
    civica.io.write(civica.synth.national(applications=600, regions=2, seed=5), folder, "civica")
    ds = civica.io.read(folder)
    year_of = {c.id: c.year for c in ds.competitions}
    blank_year = min(year_of.values())
    edit_applications(folder, lambda i, row: row.update(requested="")
                      if year_of[row["competition"]] == blank_year and which(row) else None)
    return civica.io.read(folder), year_of, blank_year


def test_a_group_without_a_stated_request_is_na_beside_groups_with_their_sums(tmp_path):
    """One year's requests all blank, the others' stated: that year's requested money is <NA>,
    every other year's the sum pandas gives, in grant_outcomes, group_applications and
    application_series alike."""
    ds, year_of, blank_year = _first_year_blanked(tmp_path, lambda row: True)
    apps = ds.applications.to_pandas()
    apps["year"] = apps["competition"].map(year_of)
    want = apps.groupby("year")["requested_kopecks"].agg(lambda s: pd.NA if s.isna().all() else int(s.sum()))
    assert pd.isna(want[blank_year]) and want.drop(blank_year).notna().all()

    out = civica.analysis.grant_outcomes(ds, "year").set_index("year")
    totals = civica.analysis.group_applications(ds, "year").set_index("year")
    series = civica.analysis.application_series(ds, "requested")
    for year, w in want.items():
        for got in (out.loc[year, "requested_minor"], totals.loc[year, "requested_minor"], series.loc[year, "value"]):
            assert (pd.isna(got) and pd.isna(w)) or got == w, (year, got, w)
    assert math.isnan(out.loc[blank_year, "awarded_share_of_requested"])
    assert pd.isna(totals.loc[blank_year, "winners_requested_minor"])
    # The total over every year has stated requests: their sum.
    assert out.attrs["total"]["requested_minor"] == int(apps["requested_kopecks"].sum())


def test_winners_requested_money_is_na_where_no_winner_states_a_request(tmp_path):
    """A year whose winners state no request (while its other applications do) has no known
    winners' requested money (<NA>), not 0; its requested money is the sum of the stated
    requests. A group without winners has winners' requested money 0 (nothing was asked by
    winners). The other years: pandas' sums of the winners' stated requests."""
    ds, year_of, blank_year = _first_year_blanked(tmp_path, lambda row: row["status"] == "winner")
    apps = ds.applications.to_pandas()
    apps["year"] = apps["competition"].map(year_of)
    winners = apps[apps["status"] == "winner"]
    assert len(winners[winners["year"] == blank_year]) > 0
    assert apps[(apps["year"] == blank_year) & (apps["status"] != "winner")]["requested_kopecks"].notna().all()
    want = winners.groupby("year")["requested_kopecks"].agg(lambda s: pd.NA if s.isna().all() else int(s.sum()))
    assert pd.isna(want[blank_year]) and want.drop(blank_year).notna().all()

    totals = civica.analysis.group_applications(ds, "year").set_index("year")
    for year, w in want.items():
        got = totals.loc[year, "winners_requested_minor"]
        assert pd.isna(got) if pd.isna(w) else got == w, (year, got, w)
    stated = apps[apps["year"] == blank_year]["requested_kopecks"]
    assert totals.loc[blank_year, "requested_minor"] == int(stated.sum())

    # By status: the rejected applications' group has no winners, so its winners asked for 0.
    by_status = civica.analysis.group_applications(ds, ["year", "status"]).set_index(["year", "status"])
    for (year, status), row in by_status.iterrows():
        if status != "winner":
            assert row["winners"] == 0 and row["winners_requested_minor"] == 0, (year, status)
    assert pd.isna(by_status.loc[(blank_year, "winner"), "winners_requested_minor"])


def _some_amounts_unstated(tmp_path):
    """A national dataset (3 000 applications, 4 regions) in which every fourth application
    states no request, and some winners of two years' competitions no award, some requests of
    those winners too: (the dataset, its applications with year, municipality and region
    joined by pandas)."""
    folder = tmp_path / "national"
    civica.io.write(civica.synth.national(applications=3000, regions=4, seed=8), folder, "civica")

    def edit(i, row):
        if i % 4 == 0:
            row["requested"] = ""
        # Winners whose grant the data does not state, in the competitions of two years only.
        if row["status"] == "winner" and i % 7 == 0 and row["competition"].split("-")[1] in ("2018", "2020"):
            row["awarded"] = ""

    edit_applications(folder, edit)
    ds = civica.io.read(folder)
    apps = applications_in_context(ds)
    regions = ds.municipalities.to_pandas().set_index("id")["region"]
    apps["region"] = apps["municipality"].map(regions)
    return ds, apps


def _lower_bound_cells(apps, by, columns):
    """pandas' list of the (group key, column) sums that leave stated-nothing amounts out:
    ``requested_minor`` where some but not all of a group's applications state a request,
    ``winners_requested_minor`` the same among its winners, ``awarded_minor`` where one of its
    winners states no award."""
    def short(values):
        missing = values.isna()
        return bool(missing.any() and not missing.all())

    cells = set()
    for key, g in apps.groupby(by):
        key = key[0] if isinstance(key, tuple) and len(key) == 1 else key
        winners = g[g["status"] == "winner"]
        flags = {"requested_minor": short(g["requested_kopecks"]),
                 "winners_requested_minor": short(winners["requested_kopecks"]),
                 "awarded_minor": bool(winners["awarded_kopecks"].isna().any())}
        cells |= {(key, c) for c in columns if flags[c]}
    return cells


def test_outcome_tables_name_the_sums_that_are_lower_bounds_as_pandas_finds_them(tmp_path):
    """grant_outcomes and group_applications list in ``attrs["at_least"]`` the cells whose money
    leaves out amounts the data does not state, the cells pandas finds, by one dimension and by
    two; grant_outcomes' ``attrs["total_at_least"]`` says the same of its total."""
    ds, apps = _some_amounts_unstated(tmp_path)
    for by in (["year"], ["region"], ["year", "region"]):
        out = civica.analysis.grant_outcomes(ds, by)
        got = {(tuple(out.loc[row, by]) if len(by) > 1 else out.loc[row, by[0]], column)
               for row, column in out.attrs["at_least"] if column != "awarded_per_capita_minor"}
        if "awarded_per_capita_minor" in out.columns:  # by region: money per resident is a bound where money is
            assert ({r for r, c in out.attrs["at_least"] if c == "awarded_per_capita_minor"}
                    == {r for r, c in out.attrs["at_least"] if c == "awarded_minor"
                        and not pd.isna(out.loc[r, "awarded_per_capita_minor"])}), by
        want = _lower_bound_cells(apps, by, ("requested_minor", "awarded_minor"))
        assert want and {c for _, c in want} == {"requested_minor", "awarded_minor"}, by
        assert got == want, by
        assert not [c for c in out.columns if "at_least" in str(c)], "the flags are not columns"
        totals = civica.analysis.group_applications(ds, by)
        got = {(tuple(totals.loc[row, by]) if len(by) > 1 else totals.loc[row, by[0]], column)
               for row, column in totals.attrs["at_least"]}
        assert got == _lower_bound_cells(apps, by, ("requested_minor", "winners_requested_minor", "awarded_minor")), by
    # Money per resident of several years has no value without population_year (NaN, not a
    # bound); with one, it is a bound where the money is.
    many_years = civica.analysis.grant_outcomes(ds, "region")
    assert many_years["awarded_per_capita_minor"].isna().all()
    assert not [c for _, c in many_years.attrs["at_least"] if c == "awarded_per_capita_minor"]
    per_capita = civica.analysis.grant_outcomes(ds, "region", population_year=2020)
    assert ({r for r, c in per_capita.attrs["at_least"] if c == "awarded_per_capita_minor"}
            == {r for r, c in per_capita.attrs["at_least"] if c == "awarded_minor"} != set())
    assert sorted(civica.analysis.grant_outcomes(ds, None).attrs["total_at_least"]) == ["awarded_minor",
                                                                                        "requested_minor"]
    # Where every amount is stated, nothing is a lower bound.
    whole = civica.synth.national(applications=500, regions=2, seed=8)
    assert civica.analysis.grant_outcomes(whole, ["year", "region"]).attrs["at_least"] == []
    assert civica.analysis.grant_outcomes(whole, None).attrs["total_at_least"] == []
    assert civica.analysis.group_applications(whole, "year").attrs["at_least"] == []


def test_series_of_money_with_amounts_not_stated_are_lower_bounds_as_pandas_counts(tmp_path):
    """A year's requested or awarded money leaves out the amounts the data does not state: the
    series says ``at_least`` for it, where some (not all) requests, or some winners' awards,
    are missing, and ``exact`` elsewhere; by a dimension, ``attrs["at_least"]`` names the cells."""
    ds, apps = _some_amounts_unstated(tmp_path)
    awarded = civica.analysis.application_series(ds, "awarded")
    requested = civica.analysis.application_series(ds, "requested")
    kinds = set()
    for year, g in apps.groupby("year"):
        winners = g[g["status"] == "winner"]
        unstated_award = bool(winners["awarded_kopecks"].isna().any())
        assert awarded.loc[year, "value"] == int(winners["awarded_kopecks"].sum())
        assert awarded.loc[year, "qualifier"] == ("at_least" if unstated_award else "exact"), year
        kinds.add(unstated_award)
        missing = g["requested_kopecks"].isna()
        assert requested.loc[year, "qualifier"] == ("at_least" if missing.any() and not missing.all() else "exact")
    assert kinds == {True, False}, "the data has years with and without unstated awards"
    assert set(civica.analysis.application_series(ds, "winners")["qualifier"]) == {"exact"}

    by = civica.analysis.application_series(ds, "awarded", by="region")
    expected = sorted((int(year), region) for (year, region), g in apps.groupby(["year", "region"])
                      if g[g["status"] == "winner"]["awarded_kopecks"].isna().any())
    assert expected and sorted(by.attrs["at_least"]) == expected
    assert civica.analysis.application_series(ds, "winners", by="region").attrs["at_least"] == []
    # A ranking of regions by awarded money names the regions whose sum leaves awards out.
    ranked = civica.analysis.ranking(ds, "region", "awarded")
    keys = dict(zip(ranked["name"], ranked["key"]))
    short = sorted(keys[region] for region, g in apps.groupby("region")
                   if g[g["status"] == "winner"]["awarded_kopecks"].isna().any())
    assert short and sorted(ranked.attrs["at_least"]) == short
    assert civica.analysis.ranking(ds, "region", "winners").attrs["at_least"] == []
    # A trend fitted to such a series keeps the bounds.
    assert "at_least" in civica.analysis.fit_trend(awarded).qualifiers


def test_a_grant_in_another_currency_is_the_odd_one_out_wherever_it_stands(tmp_path):
    # A dataset has one currency: the grants' own, that of most of them. A typo in the first
    # grant's currency ("GPB" for GBP) made every other grant of the real A B Charitable Trust
    # file the one in error: the strict read blamed grants[1], skip mode kept the typo's one
    # grant and left out 782, and the check listed 782 mixed_currency errors.
    package = json.loads(ABCT.read_text(encoding="utf-8"))
    grants = package["grants"]
    assert {g["currency"] for g in grants} == {"GBP"} and len(grants) == 783
    for odd in (0, 400):
        grants[odd]["currency"] = "GPB"
        path = tmp_path / f"odd-{odd}.json"
        path.write_text(json.dumps(package), encoding="utf-8")
        with pytest.raises(civica.ParseError, match=rf"grants\[{odd}\].*currency GPB differs from GBP, the currency "
                                                   r"of most grants"):
            civica.io.read(path)
        problems: list = []
        ds = civica.io.read(path, on_error="skip", problems=problems)
        assert ds.info.currency == "GBP" and len(ds.applications) == 782
        assert [(p.check, p.record_id) for p in problems] == [("mixed_currency", grants[odd]["id"])]
        found = [p for p in civica.io.problems(path) if p.check == "mixed_currency"]
        assert [p.record_id for p in found] == [grants[odd]["id"]]
        grants[odd]["currency"] = "GBP"


def test_a_programme_title_holding_the_list_separator_stays_the_grants_direction(tmp_path):
    # A grantProgramme title such as "Arts | Culture" became a direction of the competition, a
    # list item the dataset refuses ('|' separates a list's items in civica's files): the whole
    # file was refused, in skip mode too. It is the grant's direction, not the competition's.
    package = json.loads(ABCT.read_text(encoding="utf-8"))
    grants = package["grants"][:3]
    for g in grants:
        g["grantProgramme"] = [{"code": "AC", "title": "Arts | Culture"}]
    path = tmp_path / "pipe.json"
    path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
    ds = civica.io.read(path)
    assert [a.direction for a in ds.applications] == ["Arts | Culture"] * 3
    assert all("Arts | Culture" not in c.directions for c in ds.competitions)
    # And civica's own 360Giving file of such a dataset reads back.
    civica.io.write(ds, tmp_path / "again.json", "360giving")
    assert [a.direction for a in civica.io.read(tmp_path / "again.json").applications] == ["Arts | Culture"] * 3


def test_grants_refused_anyway_do_not_choose_the_currency(tmp_path):
    # Three EUR grants without amountAwarded (each refused whatever its currency) outvoted two
    # good GBP grants: skip mode kept nothing.
    package = json.loads(ABCT.read_text(encoding="utf-8"))
    grants = package["grants"][:5]
    for g in grants[2:]:
        g["currency"] = "EUR"
        del g["amountAwarded"]
    path = tmp_path / "cur.json"
    path.write_text(json.dumps({"grants": grants}), encoding="utf-8")
    problems: list = []
    ds = civica.io.read(path, on_error="skip", problems=problems)
    assert ds.info.currency == "GBP" and len(ds.applications) == 2
    assert sorted(p.record_id for p in problems) == sorted(g["id"] for g in grants[2:])
