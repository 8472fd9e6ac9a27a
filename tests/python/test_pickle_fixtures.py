"""Pickles written by earlier versions of civica still load (tests/data/pickles).

The fixtures were written by civica 0.1.0 (row pickle version 1, Dataset pickle version 1) from
the objects that the tests below build again by hand; see tests/data/pickles/README.md.
"""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

civica = pytest.importorskip("civica")

from conftest import small_dataset

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "pickles"


def fixture_rows():
    return [
        civica.Organization(id="org-1", full_name="АНО «Первая»", okopf=71400, inn="7707083893",
                            registered=dt.date(2015, 3, 1), spheres=["culture", "sport"],
                            socially_oriented=True),
        civica.Application(id="a-1", competition="c-2020", applicant="org-1",
                           requested=Decimal("450000.50"), submitted=dt.date(2020, 3, 1),
                           status="winner", awarded=Decimal("400000.00")),
        civica.Indicator(key="ngo.registered", year=2020, territory="khanty-mansiysk", value=300,
                         qualifier="more_than", unit="count", source="report"),
        civica.Indicator(key="grants.individual.amount", year=2020, value=Decimal(3700000),
                         unit="RUB"),
        civica.MonitoringRecord(application="a-1", checked=dt.date(2021, 1, 15), score=8.5),
    ]


def test_rows_pickled_by_version_1_load():
    with open(FIXTURES / "rows_v1.pickle", "rb") as f:
        rows = pickle.load(f)
    assert rows == fixture_rows()


def test_a_dataset_pickled_by_version_1_loads():
    with open(FIXTURES / "dataset_v1.pickle", "rb") as f:
        ds = pickle.load(f)
    assert ds == small_dataset()
