"""Whole-number arguments of the Python API (years, counts, sizes, seeds, threads).

A year of 2020.5 was cut to 2020 and 1.5 successes to 1 without a word; a year of 10**10 or a
seed beyond 64 bits failed with pybind11's "incompatible function arguments". Now a number that
is not whole, or that the engine cannot take, is a ValidationError naming the argument (and the
range), a bool or text where a number is needed a TypeError naming it; a whole float (2020.0,
as pandas gives years) and a numpy integer give what the int gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import civica
from civica import analysis as A
from civica import calendar, document, io, pgf, report, synth

KM = "khanty-mansiysk-2020"


@pytest.fixture(scope="module")
def km() -> civica.Dataset:
    return civica.datasets.load(KM)


def _series() -> pd.DataFrame:
    return pd.DataFrame({"value": [10.0, 12.0, 15.0], "qualifier": ["exact"] * 3},
                        index=pd.Index([2018, 2019, 2020], name="year"))


# name: (the call with the argument given as v, the argument's name, a whole value it takes, the
# least value too large for the engine's type)
CALLS = {
    "wilson_interval successes": (lambda ds, v: A.wilson_interval(v, 10), "successes", 3, 2**63),
    "wilson_interval trials": (lambda ds, v: A.wilson_interval(3, v), "trials", 10, 2**63),
    "difference_of_proportions trials2": (lambda ds, v: A.difference_of_proportions(3, 10, 4, v), "trials2", 12, 2**63),
    "top_share": (lambda ds, v: A.top_share([5.0, 3.0, 2.0], v), "k", 2, 2**63),
    "growth": (lambda ds, v: A.growth(_series(), v, 2020), "from_year", 2018, 2**31),
    "group_applications": (lambda ds, v: A.group_applications(ds, "year", first_row=v), "first_row", 5, 2**64),
    "council_activity": (lambda ds, v: A.council_activity(ds, v), "year", 2020, 2**31),
    "ngo_registry": (lambda ds, v: A.ngo_registry(ds, v), "year", 2020, 2**31),
    "training_activity": (lambda ds, v: A.training_activity(ds, v), "year", 2020, 2**31),
    "support_activity": (lambda ds, v: A.support_activity(ds, v), "year", 2020, 2**31),
    "monitoring_activity": (lambda ds, v: A.monitoring_activity(ds, v), "year", 2020, 2**31),
    "compute_indicator": (lambda ds, v: A.compute_indicator(ds, "councils.meetings", v), "year", 2020, 2**31),
    # A Dataset's own methods (a year of 2020.0 was pybind11's "incompatible function arguments",
    # and True looked up the year 1).
    "Dataset.indicator": (lambda ds, v: ds.indicator("councils.meetings", v), "year", 2020, 2**31),
    "Dataset.find_indicator": (lambda ds, v: ds.find_indicator("councils.meetings", v), "year", 2020, 2**31),
    "Dataset.set_indicator": (lambda ds, v: ds.copy().set_indicator("councils.meetings", v, 59), "year", 2020,
                              2**31),
    "recipient_concentration": (lambda ds, v: A.recipient_concentration(ds, top_k=[v]), "top_k", 3, 2**63),
    "report.render": (lambda ds, v: report.render(ds, v), "year", 2020, 2**31),
    "report.build": (lambda ds, v: report.build(ds, v).raw, "year", 2020, 2**31),
    "report.format_money": (lambda ds, v: report.format_money(v), "kopecks", 370_000_000, 2**63),
    "report.russian_plural": (lambda ds, v: report.russian_plural(v), "n", 3, 2**63),
    "synth.khanty_mansiysk_2020": (lambda ds, v: synth.khanty_mansiysk_2020(seed=v), "seed", 7, 2**64),
    # 2**32, the first the core refuses: the range said is the core's (it said 0 to 2**64 - 1).
    "synth.national applications": (lambda ds, v: synth.national(applications=v, years=2), "applications", 300, 2**32),
    "synth.national first_year": (lambda ds, v: synth.national(applications=100, first_year=v), "first_year", 2018,
                                  2**31),
    "io.read threads": (lambda ds, v: io.read(Path(__file__).resolve().parents[1] / "data" / "pgf" / "sample.csv",
                                              threads=v), "threads", 2, 2**32),
    "calendar.reporting_calendar": (lambda ds, v: calendar.reporting_calendar(None, v), "year", 2021, 2**31),
    "calendar.add_working_days": (lambda ds, v: calendar.add_working_days(dt.date(2021, 1, 11), v), "n", 5, 2**63),
    "calendar.to_icalendar alarm_days": (
        lambda ds, v: calendar.to_icalendar(None, 2021, alarm_days=v, dtstamp=dt.datetime(2021, 1, 1)),
        "alarm_days", 2, 2**31),
    "calendar.NgoProfile legal_form": (lambda ds, v: calendar.NgoProfile(legal_form=v).legal_form, "legal_form",
                                       20200, 2**31),
}


def _same(a, b) -> bool:
    if isinstance(a, (pd.DataFrame, pd.Series)):
        return a.equals(b) and a.attrs.keys() == b.attrs.keys()
    return bool(a == b)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_number_that_is_not_whole_is_refused_naming_the_argument(km, call):
    make, name, good, _ = CALLS[call]
    for bad in (good + 0.5, float("nan"), float("inf"), np.float64(good) + 0.25, -good - 0.5):
        with pytest.raises(civica.ValidationError, match=rf"\b{name} must be a whole number, not "):
            make(km, bad)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_number_the_engine_cannot_take_is_refused_naming_the_argument_and_the_range(km, call):
    make, name, _, too_large = CALLS[call]
    for huge in (too_large, 2**70):
        with pytest.raises(civica.ValidationError) as e:
            make(km, huge)
        assert f"{name} must be a whole number from " in str(e.value), str(e.value)
        assert str(e.value).endswith(f"not {huge}") and "incompatible function arguments" not in str(e.value)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_bool_or_text_is_a_type_error_naming_the_argument(km, call):
    make, name, good, _ = CALLS[call]
    for wrong in (True, str(good)):
        with pytest.raises(TypeError, match=rf"\b{name} must be a whole number, not {wrong!r}"):
            make(km, wrong)


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_whole_float_and_a_numpy_integer_give_what_the_int_gives(km, call):
    make, _, good, _ = CALLS[call]
    expected = make(km, good)
    for same in (float(good), np.float64(good), np.int64(good), np.int32(good)):
        assert _same(make(km, same), expected), (call, same)


def test_a_year_of_a_workbook_or_a_population_that_is_not_whole_is_refused(km, tmp_path):
    from civica import xlsx

    with pytest.raises(civica.ValidationError, match=r"^year must be a whole number, not 2024\.5$"):
        xlsx.new_workbook(tmp_path / "x.xlsx", "x", year=2024.5)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(civica.ValidationError, match=r"population\['x'\] must be a whole number, not 1000\.5"):
        pgf.panel(km, {"x": 1000.5})


def test_a_count_of_an_array_of_successes_that_is_not_whole_is_refused():
    with pytest.raises(civica.ValidationError, match=r"^wilson_interval: successes must be a whole number, not 1\.5$"):
        A.wilson_interval(np.array([1.0, 1.5]), np.array([3, 3]))
    whole = A.wilson_interval(np.array([1.0, 2.0]), np.array([3.0, 3.0]))
    assert whole.equals(A.wilson_interval([1, 2], [3, 3]))


def test_a_grant_count_that_is_not_whole_is_refused_naming_the_grant_and_the_count():
    grant = calendar.Grant(title="Школа НКО", start=dt.date(2021, 3, 1), end=dt.date(2022, 2, 28),
                           period_months=6, report_days=15.5)
    with pytest.raises(civica.ValidationError) as e:
        calendar.reporting_calendar(calendar.NgoProfile(grants=[grant]), 2021)
    assert str(e.value) == 'grant "Школа НКО": report_days must be a whole number, not 15.5'


def test_a_report_year_of_a_document_that_is_not_whole_is_refused(km):
    with pytest.raises(civica.ValidationError, match=r"^build: year must be a whole number, not 2020\.5$"):
        document.build(km, 2020.5)


def test_application_series_by_year_names_application_series(km):
    with pytest.raises(civica.ValidationError, match=r"^application_series: by='year'") as e:
        A.application_series(km, by="year")
    assert "aggregate_applications" not in str(e.value)
    with pytest.raises(civica.ValidationError, match=r'^application_series: by "programe" is not a dimension.*'
                                                     r'did you mean "programme"'):
        A.application_series(km, by="programe")


@pytest.mark.parametrize("call", [
    lambda ds: A.grant_outcomes(ds, ["year", "year"]),
    lambda ds: A.group_applications(ds, ["municipality", "year", "municipality"]),
    lambda ds: A.recipient_concentration(ds, ["region", "region"]),
])
def test_a_dimension_given_twice_in_by_is_refused_naming_by(km, call):
    with pytest.raises(civica.ValidationError, match=r"^by=\[.*\]: the dimension '(year|municipality|region)' is "
                                                     r"given twice") as e:
        call(km)
    assert "aggregate_applications" not in str(e.value)


def test_an_unknown_keyword_of_a_document_names_the_function_called(km, tmp_path):
    with pytest.raises(TypeError, match=r"^build\(\) got an unexpected keyword argument 'bogus'"):
        document.build(km, 2020, bogus=1)
    with pytest.raises(TypeError, match=r"^write\(\) got an unexpected keyword argument 'bogus'"):
        document.write(km, tmp_path / "r.docx", 2020, bogus=1)
    assert list(tmp_path.iterdir()) == []


def test_a_rate_of_the_national_generator_is_a_number_named_when_it_is_not_one():
    # win_rate=True was read as 1.0 (every application won); "0.2" and None gave pybind11's
    # "incompatible function arguments".
    import civica

    for bad in (True, "0.2", None):
        with pytest.raises(TypeError, match=r"^national: win_rate must be a number, not "):
            civica.synth.national(applications=100, win_rate=bad)
    with pytest.raises(TypeError, match=r"^national: applications_per_organization must be a number"):
        civica.synth.national(applications=100, applications_per_organization=False)
    with pytest.raises(civica.ValidationError, match="applications_per_organization is inf, must be a finite number"):
        civica.synth.national(applications=100, applications_per_organization=float("inf"))
    from decimal import Decimal

    ds = civica.synth.national(applications=500, win_rate=Decimal("0.5"), withdrawn_rate=0, regions=2,
                               municipalities_per_region=1, years=1, competitions_per_year=1)
    apps = ds.applications.to_pandas()
    assert 0.35 < (apps["status"] == "winner").mean() < 0.65
