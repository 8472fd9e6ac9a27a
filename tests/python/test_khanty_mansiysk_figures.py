"""The published figures of Khanty-Mansiysk 2020 through the Python API.

Each row is written out from DOMAIN.md section 1 (the city's report), not from the data files:
(row of the table, key, year, breakdown, value, qualifier, unit). Counts come back as int and
roubles as decimal.Decimal.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

civica = pytest.importorskip("civica")

SOCIAL_DESIGN = "Социальное проектирование в НКО"
NGO_REPORTING = "Отчетность некоммерческой организации"

FIGURES = [
    (1, "councils.public_councils", 2020, None, 13, "exact", "count"),
    (3, "councils.collegial_bodies", 2020, None, 14, "exact", "count"),
    (4, "councils.meetings", 2020, None, 59, "exact", "count"),
    (5, "councils.agenda_questions", 2020, None, 134, "exact", "count"),
    (7, "training.ngos_trained", 2020, None, 31, "exact", "count"),
    (8, "training.courses", 2020, None, 2, "exact", "count"),
    (9, "training.participants", 2020, SOCIAL_DESIGN, 26, "exact", "count"),
    (10, "training.participants", 2020, NGO_REPORTING, 5, "exact", "count"),
    (11, "ngo.registered", 2020, None, 300, "more_than", "count"),
    (12, "ngo.public_associations", 2020, None, 50, "exact", "count"),
    (14, "grants.winners", 2017, None, 7, "exact", "count"),
    (15, "grants.winners", 2020, None, 52, "exact", "count"),
    (16, "grants.funds_attracted", 2020, None, Decimal("30000000.00"), "more_than", "RUB"),
    (17, "grants.individual.applicants", 2020, None, 70, "more_than", "count"),
    (18, "grants.individual.rank_among_municipalities", 2020, None, 1, "exact", "rank"),
    (19, "grants.individual.winners", 2020, None, 16, "exact", "count"),
    (20, "grants.individual.amount", 2020, None, Decimal("3700000.00"), "exact", "RUB"),
]


def test_the_meetings_figure_of_the_issue(km):
    assert civica.datasets.load("khanty-mansiysk-2020").indicator("councils.meetings", 2020).value == 59


@pytest.mark.parametrize("row, key, year, breakdown, value, qualifier, unit", FIGURES,
                         ids=[f"row{f[0]}-{f[1]}-{f[2]}" for f in FIGURES])
def test_every_published_figure_has_its_value_qualifier_and_unit(km, row, key, year, breakdown,
                                                                 value, qualifier, unit):
    ind = km.indicator(key, year, breakdown=breakdown)
    assert ind.value == value
    assert type(ind.value) is type(value)
    assert ind.qualifier == qualifier
    assert ind.unit == unit
    assert ind.source  # every figure names where it was published


def test_the_dataset_territory_is_the_city(km):
    assert km.info.territory == "khanty-mansiysk"
    assert km.info.synthetic is False
    assert km.indicator("councils.meetings", 2020, territory="khanty-mansiysk").value == 59


def test_the_figures_frame_keeps_the_bounds(km):
    df = km.indicators.to_pandas()
    bounds = df[df["qualifier"] != "exact"].set_index("key")["value"].to_dict()
    assert bounds == {"ngo.registered": 300.0, "grants.funds_attracted": 30_000_000.0,
                      "grants.individual.applicants": 70.0}
