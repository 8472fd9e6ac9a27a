"""Shared fixtures of the Python tests.

The tests run against the civica package installed in the interpreter (``pip install .``).
``small_dataset()`` builds a dataset by hand whose every figure the tests know independently
(amounts in kopecks are worked out in the tests, not read back from civica).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def edit_applications(folder, edit):
    """Rewrites the applications.csv of a dataset folder: ``edit(i, row)`` changes row i (a dict
    of its cells) in place. Returns the rows as written."""
    import csv

    path = Path(folder) / "applications.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for i, row in enumerate(rows):
        edit(i, row)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return rows


def applications_in_context(ds):
    """The applications of ``ds`` with their competition's year and the applicant's
    municipality, joined by pandas (the independent side of the analysis tests)."""
    import pandas as pd

    a = ds.applications.to_pandas()
    comps = ds.competitions.to_pandas()[["id", "year"]].rename(columns={"id": "competition"})
    a = a.merge(comps, on="competition")
    orgs = ds.organizations.to_pandas()[["id", "municipality"]]
    persons = ds.persons.to_pandas()[["id", "municipality"]]
    where = pd.concat([orgs.assign(applicant_type="organization"), persons.assign(applicant_type="person")])
    return a.merge(where.rename(columns={"id": "applicant"}), on=["applicant", "applicant_type"], how="left")


def blank_requests(folder, every):
    """Blanks the requested cell of every ``every``-th application of a dataset folder (from the
    first): a request the source does not state."""
    return edit_applications(folder, lambda i, row: row.update(requested="") if i % every == 0 else None)


def one_competition():
    """The least a dataset needs to hold an application: municipality "m", organisation "o",
    operator "g", programme "p" and competition "c" (2021)."""
    import civica

    ds = civica.Dataset()
    ds.add(civica.Municipality(id="m"))
    ds.add(civica.Organization(id="o", full_name="НКО"))
    ds.add(civica.GrantOperator(id="g", name="Фонд"))
    ds.add(civica.Programme(id="p", grant_operator="g"))
    ds.add(civica.Competition(id="c", programme="p", year=2021))
    return ds


def small_dataset():
    """A dataset touching every table, with values chosen by hand."""
    import civica

    ds = civica.Dataset(name="test-city-2020", title="Test city, 2020", territory="km",
                        description="hand-made for tests", source="tests", licence="CC0")
    ds.add(civica.Municipality(id="km", name="Ханты-Мансийск", oktmo="71871000",
                               region="Ханты-Мансийский автономный округ – Югра",
                               population={2010: 79410}))
    ds.add(civica.Organization(id="org-1", full_name="АНО «Первая»", short_name="Первая",
                               okopf=71400, inn="7707083893", ogrn="1027700132195",
                               registered=dt.date(2015, 3, 1), municipality="km",
                               spheres=["culture", "sport"], socially_oriented=True))
    ds.add(civica.Organization(id="org-2", full_name="Общественная организация «Вторая»",
                               okopf=20200, inn="8614008550", municipality="km",
                               public_association=True, socially_oriented=True))
    ds.add(civica.Person(id="p-1", municipality="km"))
    ds.add(civica.GrantOperator(id="op", name="Фонд президентских грантов"))
    ds.add(civica.Programme(id="pg", grant_operator="op", name="Президентские гранты",
                            kind="presidential_grants"))
    ds.add(civica.Competition(id="c-2020", programme="pg", year=2020, round=1,
                              window_start=dt.date(2020, 2, 1), window_end=dt.date(2020, 3, 15),
                              directions=["Развитие институтов гражданского общества"]))
    ds.add(civica.Application(id="a-1", competition="c-2020", applicant="org-1",
                              title="Школа НКО", direction="Развитие институтов гражданского общества",
                              requested=Decimal("450000.50"), cofunding=100000,
                              submitted=dt.date(2020, 3, 1), status="winner",
                              awarded=Decimal("400000.00"),
                              implementation_start=dt.date(2020, 7, 1),
                              implementation_end=dt.date(2021, 6, 30)))
    ds.add(civica.Application(id="a-2", competition="c-2020", applicant="org-2",
                              title="Спорт во дворах", requested="1200000", status="rejected"))
    ds.add(civica.Application(id="a-3", competition="c-2020", applicant_type="person",
                              applicant="p-1", title="Школа НКО", requested=50000,
                              submitted=dt.date(2020, 3, 10), status="winner", awarded=50000))
    ds.add(civica.Course(id="crs", title="Социальное проектирование в НКО", topic="design",
                         format="distance", hours=72, organiser="org-1",
                         start=dt.date(2020, 9, 1), end=dt.date(2020, 10, 30)))
    ds.add(civica.Enrolment(course="crs", organization="org-2", participants=3))
    ds.add(civica.Enrolment(course="crs", person="p-1", participants=1, completed=False))
    ds.add(civica.CollegialBody(id="b-1", name="Общественный совет по культуре",
                                kind="public_council", attached_to="Управление культуры",
                                municipality="km"))
    ds.add(civica.CollegialBody(id="chamber", name="Общественная палата", kind="public_chamber",
                                municipality="km"))
    ds.add(civica.MembershipTerm(body="chamber", start=dt.date(2020, 6, 1), members=20,
                                 note="renewed from opinion leaders"))
    ds.add(civica.Meeting(id="m-1", body="b-1", held=dt.date(2020, 2, 20), format="remote"))
    ds.add(civica.Meeting(id="m-2", body="chamber", held=dt.date(2020, 11, 5)))
    ds.add(civica.AgendaQuestion(id="q-1", meeting="m-1", title="О бюджете", topic="budget"))
    ds.add(civica.AgendaQuestion(id="q-2", meeting="m-1", title="О культуре", topic="culture"))
    ds.add(civica.AgendaQuestion(id="q-3", meeting="m-2", title="О бюджете", topic="budget"))
    ds.add(civica.SupportService(id="s-1", provider="org-1", recipient="org-2", kind="consulting",
                                 provided=dt.date(2020, 5, 5), note="устав"))
    ds.add(civica.SupportService(id="s-2", recipient_type="person", recipient="p-1",
                                 kind="grants_help", provided=dt.date(2020, 9, 15)))
    ds.add(civica.MonitoringRecord(application="a-1", checked=dt.date(2021, 1, 15), score=8.5,
                                   status="in_progress"))
    ds.set_indicator("councils.meetings", 2020, 59, source="report")
    ds.set_indicator("ngo.registered", 2020, 300, qualifier="more_than")
    ds.set_indicator("grants.individual.amount", 2020, Decimal(3700000))
    ds.set_indicator("training.participants", 2020, 26, breakdown="Социальное проектирование в НКО")
    return ds


@pytest.fixture
def small():
    return small_dataset()


@pytest.fixture(scope="session")
def km():
    import civica

    return civica.datasets.load("khanty-mansiysk-2020")
