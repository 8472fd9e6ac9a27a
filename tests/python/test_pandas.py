"""Table.to_pandas(): readable columns, datetime64 dates, integer kopecks, categoricals, and the
same contents as the row objects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset


def _kopecks(amount):
    return None if amount is None else int(amount * 100)


def _day(value):
    return None if pd.isna(value) else value.date()


def test_applications_frame_has_readable_columns_in_kopecks():
    df = small_dataset().applications.to_pandas()
    assert list(df.columns) == [
        "id", "competition", "applicant_type", "applicant", "title", "direction",
        "requested_kopecks", "cofunding_kopecks", "submitted", "status", "awarded_kopecks",
        "implementation_start", "implementation_end", "decided", "rate"]
    # A request the source may leave unstated (a 360Giving grant without amountAppliedFor).
    assert str(df["requested_kopecks"].dtype) == "Int64"
    assert df["requested_kopecks"].tolist() == [45_000_050, 120_000_000, 5_000_000]
    assert df["cofunding_kopecks"].tolist() == [10_000_000, 0, 0]
    assert str(df["awarded_kopecks"].dtype) == "Int64"
    assert df["awarded_kopecks"][0] == 40_000_000
    assert df["awarded_kopecks"].isna().tolist() == [False, True, False]
    assert df["awarded_kopecks"].sum() == 45_000_000


def test_dates_are_datetime64_and_missing_dates_are_nat():
    df = small_dataset().applications.to_pandas()
    assert pd.api.types.is_datetime64_any_dtype(df["submitted"])
    assert df["submitted"][0] == pd.Timestamp("2020-03-01")
    assert pd.isna(df["submitted"][1])
    assert df["implementation_end"][0] == pd.Timestamp("2021-06-30")
    assert pd.api.types.is_datetime64_any_dtype(df["decided"]) and df["decided"].isna().all()
    assert df["submitted"].dt.year.dropna().astype(int).tolist() == [2020, 2020]


def test_dates_of_frames_and_numpy_views_go_back_into_rows():
    # The dates to_pandas() and the numpy views give are taken back: NaT as an unknown date (it
    # was "NaT is outside the years civica handles") and numpy.datetime64 days (a TypeError,
    # while pd.Timestamp was taken).
    ds = small_dataset()
    row = ds.applications[1]
    frame = ds.applications.to_pandas()
    assert pd.isna(frame["submitted"][1]) and row.submitted is None
    assert row.replace(submitted=frame["submitted"][1]) == row
    assert row.replace(decided=np.datetime64("NaT")).decided is None
    day = ds.applications[0].submitted
    assert row.replace(submitted=np.datetime64(day.isoformat())).submitted == day
    assert row.replace(submitted=np.datetime64(day.isoformat() + "T23:59")).submitted == day
    assert row.replace(submitted=frame["submitted"].to_numpy()[0]).submitted == day
    with pytest.raises(civica.ValidationError, match="outside the years civica handles"):
        row.replace(submitted=np.datetime64("12000-01-01"))
    with pytest.raises(civica.ValidationError, match="submitted: .* cannot be read as a day"):
        row.replace(submitted=np.datetime64("2020-01-01T00:00:00", "as"))
    # Money: every numpy integer civica gives is kopecks; taken as roubles it would be a hundred
    # times the amount, so it is refused with the way to give it.
    kopecks = frame["requested_kopecks"].to_numpy()[0]
    with pytest.raises(TypeError, match=r"requested: a numpy integer .* hold kopecks; give Decimal\(int\(value\)\) / 100"):
        row.replace(requested=kopecks)
    assert row.replace(requested=Decimal(int(kopecks)) / 100).requested == ds.applications[0].requested
    for other in (np.float64(450_000.0), np.True_):
        with pytest.raises(TypeError, match="requested"):
            row.replace(requested=other)


def test_enumerations_are_categoricals_with_every_name():
    df = small_dataset().applications.to_pandas()
    assert isinstance(df["status"].dtype, pd.CategoricalDtype)
    assert list(df["status"].cat.categories) == ["submitted", "admitted", "rejected", "winner", "withdrawn"]
    assert df["status"].tolist() == ["winner", "rejected", "winner"]
    assert df["applicant_type"].tolist() == ["organization", "organization", "person"]
    assert (df["status"] == "winner").sum() == 2


def test_applicants_are_organisation_or_person_ids():
    df = small_dataset().applications.to_pandas()
    assert df["applicant"].tolist() == ["org-1", "org-2", "p-1"]


def test_every_table_frame_matches_its_row_objects():
    ds = small_dataset()
    for name in ds.table_names:
        table = getattr(ds, name)
        df = table.to_pandas()
        assert len(df) == len(table), name
        for i, row in enumerate(table):
            for field, value in row.to_dict().items():
                if name == "applications" and field in ("requested", "cofunding", "awarded"):
                    got = df[f"{field}_kopecks"][i]
                    expected = _kopecks(value)
                    assert (pd.isna(got) and expected is None) or got == expected, (name, field)
                    continue
                got = df[field][i]
                if isinstance(value, dt.date):
                    assert _day(got) == value, (name, field)
                elif value is None:
                    assert got is None or pd.isna(got), (name, field, got)
                elif isinstance(value, (list, dict)):
                    assert got == value, (name, field)
                else:
                    assert got == value, (name, field, got, value)


def test_small_tables_keep_lists_and_booleans():
    df = small_dataset().organizations.to_pandas()
    assert df["spheres"][0] == ["culture", "sport"]
    assert df["socially_oriented"].dtype == bool
    assert df["public_association"].tolist() == [False, True]
    assert df["okopf"].tolist() == [71400, 20200]
    assert pd.api.types.is_datetime64_any_dtype(df["registered"])


def test_indicator_frame_has_float_values_units_and_qualifiers():
    df = small_dataset().indicators.to_pandas()
    row = df[df["key"] == "ngo.registered"].iloc[0]
    assert row["value"] == 300.0
    assert row["qualifier"] == "more_than"
    assert row["unit"] == "count"
    amount = df[df["key"] == "grants.individual.amount"].iloc[0]
    assert amount["unit"] == "RUB" and amount["value"] == 3_700_000.0


def test_pandas_groupby_counts_match_a_count_by_hand():
    ds = small_dataset()
    questions = ds.agenda_questions.to_pandas()
    per_meeting = questions.groupby("meeting").size().to_dict()
    assert per_meeting == {"m-1": 2, "m-2": 1}
    enrol = ds.enrolments.to_pandas()
    assert enrol["participants"].sum() == 4


def test_an_empty_table_converts_to_an_empty_frame_with_columns():
    df = civica.Dataset().applications.to_pandas()
    assert len(df) == 0
    assert "requested_kopecks" in df.columns


def test_table_html_shows_rows_and_the_count():
    html = small_dataset().applications._repr_html_()
    assert "<table" in html and "3 rows" in html and "a-1" in html


def test_ratings_are_floats_with_nan_and_attendance_nullable_integers():
    ds = small_dataset()
    ds.add(civica.Application(id="a-4", competition="c-2020", applicant="org-2", status="winner",
                              awarded=100000, rate=71.25))
    ds.add(civica.Meeting(id="m-3", body="b-1", held=dt.date(2020, 3, 20), attendance=9))
    apps = ds.applications.to_pandas()
    assert apps["rate"].dtype == np.float64
    # Only a-4 was given a rating (a-1 and a-3 won without one, a-2 lost).
    assert apps["rate"].isna().tolist() == [True, True, True, False]
    assert apps["rate"][3] == 71.25
    assert ds.applications.column("rate")[3] == 71.25
    assert ds.applications["a-4"].rate == 71.25
    meetings = ds.meetings.to_pandas()
    assert str(meetings["attendance"].dtype) == "Int64"
    assert meetings["attendance"].isna().tolist() == [True, True, False]
    assert meetings["attendance"][2] == 9


def test_a_rating_of_a_loser_or_negative_attendance_is_refused_naming_the_rule():
    ds = small_dataset()
    with pytest.raises(civica.ValidationError, match="only winning applications are rated"):
        ds.add(civica.Application(id="a-9", competition="c-2020", applicant="org-2", status="rejected", rate=50.0))
    with pytest.raises(civica.ValidationError, match="attendance -2 is below 0"):
        ds.add(civica.Meeting(id="m-9", body="b-1", held=dt.date(2020, 3, 1), attendance=-2))
    assert "a-9" not in ds.applications and "m-9" not in ds.meetings
