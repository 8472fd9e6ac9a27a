"""Tests of civica.calendar and the ``civica calendar`` command.

Independent truths: the published deadlines (ФНС, Минюст), the list of non-working days in
tests/data/calendar (written from a second source, see its README), and the ``icalendar``
package, which parses the exported .ics.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
import warnings
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

calendar = pytest.importorskip("civica.calendar")
civica = pytest.importorskip("civica")

D = dt.date
TESTS = Path(__file__).resolve().parents[1]
CAL_DATA = TESTS / "data" / "calendar"


def _deadline(df, obligation_id):
    rows = df[df.obligation_id == obligation_id]
    assert len(rows) == 1, f"{obligation_id}: {len(rows)} rows"
    return rows.iloc[0]


# ---- production calendar -------------------------------------------------------------------


def test_is_working_day_agrees_with_the_independent_list_on_every_day_2017_2027():
    nonworking = {
        D.fromisoformat(line)
        for line in (CAL_DATA / "nonworking_2017_2027.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    day, checked = D(2017, 1, 1), 0
    while day <= D(2027, 12, 31):
        assert calendar.is_working_day(day) == (day not in nonworking), day
        day += dt.timedelta(days=1)
        checked += 1
    assert checked == 4017


@pytest.mark.parametrize(
    "day, working",
    [
        (D(2020, 4, 15), False),
        (D(2021, 11, 3), False),
        (D(2024, 4, 27), True),
        (D(2024, 4, 29), False),
    ],
)
def test_knows_decree_days_and_working_saturdays(day, working):
    assert calendar.is_working_day(day) is working


def test_day_arithmetic():
    assert calendar.next_working_day(D(2021, 4, 30)) == D(2021, 5, 11)
    assert calendar.add_working_days(D(2021, 10, 29), 1) == D(2021, 11, 8)
    assert calendar.working_days_between(D(2023, 1, 1), D(2024, 1, 1)) == 247
    assert calendar.day_type(D(2021, 2, 20)) == "shortened"


def test_an_unknown_year_is_an_error_naming_the_known_years():
    with pytest.raises(civica.NotFoundError, match="2016.2027"):
        calendar.is_working_day(D(2031, 3, 3))
    guess = calendar.load_xmlcalendar(weekends_only=True)
    assert guess.is_working_day(D(2031, 3, 3))


def test_loads_a_newer_year_from_an_xmlcalendar_file():
    cal = calendar.load_xmlcalendar(CAL_DATA / "xmlcalendar_2028_sample.xml")
    assert cal.knows_year(2028)
    assert not calendar.is_working_day(D(2028, 5, 15), calendar=cal)
    assert calendar.is_working_day(D(2028, 3, 4), calendar=cal)


def test_a_broken_xmlcalendar_file_names_file_line_and_field():
    with pytest.raises(civica.ParseError) as info:
        calendar.load_xmlcalendar(CAL_DATA / "xmlcalendar_broken.xml")
    assert info.value.line == 7
    assert info.value.field == "t"
    assert "xmlcalendar_broken.xml" in info.value.file


# ---- reporting calendar --------------------------------------------------------------------


def test_published_deadlines():
    p = calendar.NgoProfile(employees=3)
    df23 = calendar.reporting_calendar(p, 2023)
    df24 = calendar.reporting_calendar(p, 2024)
    assert _deadline(df23, "ndfl6_year").date == D(2023, 2, 27)
    assert _deadline(df23, "ndfl6_year").original_date == D(2023, 2, 25)
    assert _deadline(df24, "ndfl6_year").date == D(2024, 2, 26)
    assert _deadline(df24, "accounting_statements").date == D(2024, 4, 1)
    assert _deadline(df23, "usn_return").date == D(2023, 3, 27)
    assert _deadline(df23, "minjust_simplified").date == D(2023, 4, 17)


@pytest.mark.filterwarnings("ignore::civica.calendar.CalendarWarning")  # years before 2017 on purpose
def test_payroll_forms_start_when_the_law_introduced_them():
    # СЗВ-М: monthly by the 10th from April 2016 (385-FZ), by the 15th for deadlines from 1
    # January 2017 (250-FZ), December 2016's too: 15 January 2017 was a Sunday, so the 16th (as
    # the Pension Fund told employers then);
    # СЗВ-СТАЖ first for 2017 (250-FZ); 6-НДФЛ from 2016 (113-FZ): the return for 2016 was due
    # 1 April 2017, a Saturday, so on 3 April 2017.
    p = calendar.NgoProfile(employees=3)
    guess = calendar.load_xmlcalendar(weekends_only=True)
    y15 = calendar.reporting_calendar(p, 2015, calendar=guess)
    y16 = calendar.reporting_calendar(p, 2016, calendar=guess)
    y17 = calendar.reporting_calendar(p, 2017)
    assert not y15.obligation_id.str.startswith(("szv", "ndfl6")).any()
    szv16 = y16[y16.obligation_id.str.startswith("szv_m")]
    assert list(szv16.original_date)[:2] == [D(2016, 5, 10), D(2016, 6, 10)]
    assert len(szv16) == 8  # April to November; December's falls due in 2017
    szv17 = y17[y17.obligation_id.str.startswith("szv_m")]
    assert list(szv17.date)[:2] == [D(2017, 1, 16), D(2017, 2, 15)]
    assert list(szv17.obligation_id)[:2] == ["szv_m", "szv_m"] and list(szv17.period)[0] == "декабрь 2016"
    assert "szv_stazh" not in set(y17.obligation_id)
    assert _deadline(calendar.reporting_calendar(p, 2018), "szv_stazh").date == D(2018, 3, 1)
    assert _deadline(y17, "ndfl6_year_until_2018").date == D(2017, 4, 3)


def test_the_dataframe_has_the_documented_columns_and_dates():
    df = calendar.reporting_calendar(calendar.NgoProfile(), 2023)
    assert list(df.columns) == list(calendar.COLUMNS)
    assert all(isinstance(d, dt.date) for d in df.date)
    assert df.date.is_monotonic_increasing
    assert (df.date.map(lambda d: d.year) == 2023).all()
    assert (df.shifted == (df.date != df.original_date)).all()
    assert [e["obligation_id"] for e in df.attrs["event_driven"]] == ["efs1_hire_dismissal"]


def test_no_employees_no_payroll_reports():
    df = calendar.reporting_calendar(calendar.NgoProfile(employees=0), 2023)
    payroll = ("ndfl6", "rsv", "personified", "efs1", "szv", "fss4")
    assert not df.obligation_id.str.startswith(payroll).any()
    assert "accounting_statements" in set(df.obligation_id)
    assert df.attrs["event_driven"] == []


def test_a_public_organisation_is_a_public_association_by_its_legal_form():
    # 82-FZ art. 7: ОКОПФ 20200 is a public organisation, which files ОН0003, through the API as
    # through the command (an explicit False is refused: see the test below).
    p = calendar.NgoProfile(legal_form=20200, employees=0)
    assert p.public_association is True
    ids = set(calendar.reporting_calendar(p, 2024).obligation_id)
    assert "minjust_on0003" in ids and "minjust_simplified" not in ids
    assert calendar.NgoProfile(legal_form=71400).public_association is False


def test_a_public_association_gets_on0003():
    df = calendar.reporting_calendar(
        calendar.NgoProfile(legal_form=20200, public_association=True), 2022
    )
    ids = set(df.obligation_id)
    assert "minjust_on0003" in ids
    assert not ids & {"minjust_simplified", "minjust_on0001_on0002"}


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"annual_income": 2_999_999}, "minjust_simplified"),
        ({"annual_income": Decimal("3000000.00")}, "minjust_simplified"),
        ({"annual_income": Decimal("3000000.01")}, "minjust_on0001_on0002"),
        ({"annual_income": 100_000, "foreign_funds": True}, "minjust_on0001_on0002"),
        ({"annual_income": 100_000, "foreign_founders": True}, "minjust_on0001_on0002"),
    ],
)
def test_small_ngos_without_foreign_money_get_the_simplified_statement(kwargs, expected):
    ids = set(calendar.reporting_calendar(calendar.NgoProfile(**kwargs), 2023).obligation_id)
    assert expected in ids
    other = {"minjust_simplified", "minjust_on0001_on0002"} - {expected}
    assert not ids & other


def test_income_as_float_is_refused():
    with pytest.raises(TypeError):
        calendar.NgoProfile(annual_income=2.5e6)


def test_an_income_is_read_as_the_cli_reads_it_and_as_russian_documents_write_it():
    # annual_income="3 000 000" was a ValueError where `civica calendar --income "3 000 000"` took
    # it; "3,7 млн" neither took. One rule now, civica::text::parse_money_lenient.
    for written, roubles in (("3 000 000", Decimal(3_000_000)), ("3000000,01", Decimal("3000000.01")),
                             ("3,7 млн", Decimal(3_700_000)), ("450 тыс. руб.", Decimal(450_000)),
                             ("1500000.50", Decimal("1500000.50"))):
        assert calendar.NgoProfile(annual_income=written).annual_income == roubles, written
        rows = _cli("--year", "2024", "--income", written, "--format", "csv").stdout
        simplified = roubles <= 3_000_000  # DOMAIN.md section 5: the simplified statement up to 3 million
        assert ("minjust_simplified" in rows) == simplified, written
    with pytest.raises(ValueError, match="is not an amount of roubles"):
        calendar.NgoProfile(annual_income="3.000.000")
    bad = _cli("--year", "2024", "--income", "3.000.000", check=False)
    assert bad.returncode == 2 and "is not an amount of roubles" in bad.stderr


def test_a_negative_income_is_refused_as_the_cli_refuses_it():
    with pytest.raises(ValueError, match="annual_income: -5000000 is negative"):
        calendar.NgoProfile(annual_income=-5_000_000)
    with pytest.raises(ValueError, match="negative"):
        calendar.NgoProfile(annual_income="-0.01")
    assert _cli("--year", "2024", "--income", "-5", check=False).returncode == 2


def test_a_branch_of_a_foreign_ngo_has_a_foreign_founder_and_no_simplified_statement():
    # DOMAIN.md section 5 (7-FZ art. 32 p.3.1): the simplified statement is for NGOs without
    # foreign founders; a branch of a foreign NGO (ОКОПФ 71610) belongs to a foreign one.
    branch = calendar.NgoProfile(legal_form=71610, annual_income=100_000)
    assert branch.foreign_founders
    assert repr(branch) == "NgoProfile(legal_form=71610, annual_income=Decimal('100000'))"
    ids = set(calendar.reporting_calendar(branch, 2024).obligation_id)
    assert "minjust_on0001_on0002" in ids and "minjust_simplified" not in ids
    with pytest.raises(civica.ValidationError, match="71610 is a branch of a foreign NGO"):
        calendar.NgoProfile(legal_form=71610, foreign_founders=False)
    org = civica.Organization(id="f", full_name="Филиал", okopf=71610)
    assert calendar.NgoProfile.from_organization(org).foreign_founders
    cli = _cli("--year", "2024", "--legal-form", "71610", "--format", "csv").stdout
    assert "minjust_on0001_on0002" in cli and "minjust_simplified" not in cli
    bad = _cli("--year", "2024", "--legal-form", "71610", "--no-foreign-founders", check=False)
    assert bad.returncode == 2 and "--no-foreign-founders: " in bad.stderr and "Traceback" not in bad.stderr


def test_a_public_organisation_is_a_public_association_whatever_it_is_told():
    # 82-FZ art. 7: a public organisation (ОКОПФ 20200) is a public association and files ОН0003;
    # told it was not one, it got the simplified statement in its place, without a word.
    assert calendar.NgoProfile(legal_form=20200).public_association
    with pytest.raises(civica.ValidationError, match="legal form 20200 is a form of public association"):
        calendar.NgoProfile(legal_form=20200, public_association=False)
    bad = _cli("--year", "2024", "--legal-form", "20200", "--no-public-association", check=False)
    assert bad.returncode == 2 and "--no-public-association: " in bad.stderr and "Traceback" not in bad.stderr
    assert calendar.NgoProfile(legal_form=71400, public_association=False).legal_form == 71400


def test_a_profile_or_grant_of_the_wrong_kind_of_value_is_refused_naming_its_field():
    # name=None and a lone surrogate failed deep in the core with pybind11's "incompatible
    # function arguments", naming no field; a grant's start given as a datetime was taken (its
    # time dropped) where a profile's registration so given is refused.
    with pytest.raises(TypeError, match="NgoProfile: name must be text"):
        calendar.NgoProfile(name=None)
    with pytest.raises(ValueError, match="NgoProfile: name holds a character no UTF-8 text holds"):
        calendar.NgoProfile(name="Свет\ud800")
    grant = calendar.Grant(title="Школа", start=dt.datetime(2023, 1, 1, 9, 30), end=D(2023, 12, 31), period_months=6)
    with pytest.raises(TypeError, match='grant "Школа": start must be a datetime.date or None, not datetime'):
        calendar.reporting_calendar(calendar.NgoProfile(grants=[grant]), 2023)
    with pytest.raises(TypeError, match='grant "7": operator must be text'):
        calendar.Grant(id="7", title="t", start=D(2023, 1, 1), end=D(2023, 12, 31), period_months=6,
                       operator=7).periods()
    with pytest.raises(TypeError, match="registered must be a datetime.date"):
        calendar.NgoProfile(registered=dt.datetime(2020, 1, 1))


@pytest.mark.parametrize("flag", ["socially_oriented", "vat_payer", "foreign_funds", "foreign_founders",
                                  "public_association"])
@pytest.mark.parametrize("value", ["False", "no", 0, 1, None])
def test_a_profile_flag_is_true_or_false_not_a_value_taken_by_its_truth(flag, value):
    # vat_payer="False" was true: the calendar gained the VAT return without a word.
    if value is None and flag in ("foreign_founders", "public_association"):
        return  # None: what the legal form says
    with pytest.raises(TypeError, match=f"NgoProfile: {flag} must be True or False, not"):
        calendar.NgoProfile(**{flag: value})
    assert getattr(calendar.NgoProfile(**{flag: np.bool_(True)}), flag) is True


def test_a_grant_counted_in_working_days_says_so_with_true_or_false():
    grant = calendar.Grant(title="Школа", start=D(2023, 1, 1), end=D(2023, 12, 31), period_months=6,
                           working_days="yes")
    with pytest.raises(TypeError, match='grant "Школа": working_days must be True or False, not'):
        grant.periods()


def test_a_calendar_of_a_year_before_the_bundled_rules_warns_as_the_cli_does():
    # The CLI said so on stderr; a notebook got 19 deadlines of 2016 without the РСВ-1 returns and no word.
    with pytest.warns(calendar.CalendarWarning, match="bundled rules follow the law from the calendar of 2017 on; "
                                                      "the calendar of 2016") as caught:
        calendar.reporting_calendar(calendar.NgoProfile(), 2016)
    assert caught[0].filename == __file__  # it points at the caller
    with warnings.catch_warnings():
        warnings.simplefilter("error", calendar.CalendarWarning)
        calendar.reporting_calendar(calendar.NgoProfile(), 2017)
        calendar.reporting_calendar(calendar.NgoProfile(), 2016, rules=calendar.bundled_obligations())


def test_event_obligations_take_a_production_calendar_for_a_year_the_bundled_one_lacks():
    days = calendar.load_xmlcalendar(weekends_only=True)
    with pytest.raises(civica.NotFoundError):
        calendar.event_obligations(calendar.NgoProfile(), 2099)
    events = calendar.event_obligations(calendar.NgoProfile(), 2099, calendar=days)
    assert events == calendar.reporting_calendar(calendar.NgoProfile(), 2099, calendar=days).attrs["event_driven"]
    assert events


def test_profile_and_export_arguments_of_the_wrong_type_are_named():
    with pytest.raises(TypeError, match="grants must be civica.calendar.Grant objects, not str"):
        calendar.NgoProfile(grants=["x"])
    with pytest.raises(TypeError, match="uid_prefix must be text"):
        calendar.to_icalendar(calendar.NgoProfile(), 2023, uid_prefix=None)
    first, last = civica._core.calendar.calendar_years
    with pytest.raises(civica.ValidationError, match=f"year must be a whole number from {first} to {last}"):
        calendar.reporting_calendar(calendar.NgoProfile(), 10**20)


def test_grant_reports_come_from_the_agreement():
    grant = calendar.Grant(
        title="Школа НКО",
        operator="Фонд президентских грантов",
        start=D(2021, 3, 1),
        end=D(2022, 2, 28),
        period_months=6,
        report_days=15,
        final_report_days=30,
    )
    df = calendar.reporting_calendar(calendar.NgoProfile(grants=[grant]), 2022)
    g = df[df.grant_id != ""]
    assert set(g.obligation_id) == {"grant_analytical", "grant_financial"}
    assert set(g.original_date) == {D(2022, 3, 30)}
    assert (g.recipient == "Фонд президентских грантов").all()
    assert g.report.str.contains("итоговый").all()


def test_final_reports_are_due_after_the_last_reporting_period_as_grant_says():
    # Explicit periods that stop two months before the project's end: the final reports fall
    # final_report_days after the last period ends (31 October + 30 days = 30 November), not
    # after the project's end (31 December + 30 = 30 January), and Grant's docstring says so.
    g = calendar.Grant(title="Проект", id="p", operator="Фонд", start=D(2021, 3, 1), end=D(2021, 12, 31),
                       reporting_periods=[(D(2021, 3, 1), D(2021, 6, 30)), (D(2021, 7, 1), D(2021, 10, 31))],
                       report_days=15, final_report_days=30)
    mine = calendar.reporting_calendar(calendar.NgoProfile(grants=[g]), 2021)
    mine = mine[mine.grant_id == "p"]
    final = mine[mine.report.str.contains("итоговый")]
    assert set(final.original_date) == {D(2021, 10, 31) + dt.timedelta(days=30)} == {D(2021, 11, 30)}
    assert set(mine[~mine.report.str.contains("итоговый")].original_date) == {D(2021, 7, 15)}
    assert calendar.reporting_calendar(calendar.NgoProfile(grants=[g]), 2022).query("grant_id == 'p'").empty
    doc = " ".join((calendar.Grant.__doc__ or "").split())
    assert "``final_report_days`` days after the last reporting period ends" in doc
    assert "days after the project's end" not in doc


def test_a_grant_count_out_of_range_is_named_by_the_python_api():
    # The command line's --grant stopped these; the Python API let a report delay of a billion
    # days reach the date code (IndexError: Year is out of valid range), a count beyond 64 bits
    # fail as "incompatible function arguments", and a negative delay through.
    base = dict(title="Школа НКО", start=D(2021, 3, 1), end=D(2022, 2, 28), period_months=6)
    for field, value, low, high in (("report_days", 10**9, 0, 36500), ("final_report_days", 2**40, 0, 36500),
                                    ("report_days", -5, 0, 36500), ("period_months", 10**8, 0, 1200)):
        grant = calendar.Grant(**{**base, field: value})
        with pytest.raises(civica.ValidationError) as e:
            calendar.reporting_calendar(calendar.NgoProfile(grants=[grant]), 2021)
        assert str(e.value) == f'grant "Школа НКО": {field} must be a whole number from {low} to {high}, not {value}'
    # The command line's ranges are the core's.
    assert civica._core.calendar.max_report_days == 36500 and civica._core.calendar.max_period_months == 1200


def test_extra_rules_from_a_users_file():
    df = calendar.reporting_calendar(
        calendar.NgoProfile(), 2021, rules=[CAL_DATA / "extra_obligations.json"]
    )
    assert (df.obligation_id == "regional_subsidy_report").sum() == 2
    assert _deadline(df, "sonko1").date == D(2021, 3, 1)


def test_a_bad_rules_file_names_line_and_field(tmp_path):
    bad = tmp_path / "rules.json"
    rule = {
        "id": "x",
        "report": "A",
        "recipient": "R",
        "basis": "B",
        "who": {"employes": True},
        "due": {"period": "year", "months_after": 3, "day": 31},
    }
    bad.write_text(json.dumps({"obligations": [rule]}, indent=2), encoding="utf-8")
    with pytest.raises(civica.ParseError) as info:
        calendar.reporting_calendar(calendar.NgoProfile(), 2021, rules=[bad])
    assert info.value.field == "who.employes"
    lines = bad.read_text(encoding="utf-8").splitlines()
    assert info.value.line == 1 + next(i for i, line in enumerate(lines) if '"employes"' in line)


def test_english_texts():
    df = calendar.reporting_calendar(calendar.NgoProfile(), 2023, lang="en")
    assert _deadline(df, "ndfl6_year").report == "Personal income tax return 6-NDFL"


def test_obligations_table_lists_the_catalogue():
    rules = calendar.obligations()
    assert {"usn_return", "minjust_on0003", "sonko1"} <= set(rules.id)


def test_profile_repr_is_constructor_like():
    p = calendar.NgoProfile(employees=0, tax_regime="osn")
    assert eval(repr(p), {"NgoProfile": calendar.NgoProfile, "Decimal": Decimal}) == p


# ---- exports -------------------------------------------------------------------------------


def test_the_2021_ics_of_the_default_profile_lists_the_same_events_as_the_dataframe():
    icalendar = pytest.importorskip("icalendar")
    profile = calendar.NgoProfile.default()
    df = calendar.reporting_calendar(profile, 2021)
    text = calendar.to_icalendar(
        profile, 2021, dtstamp=dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
    )
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    cal = icalendar.Calendar.from_ical(text)
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(df) > 20
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for event, row in zip(events, df.itertuples()):
        assert event.decoded("DTSTART") == row.date
        assert event.decoded("DTEND") == row.date + dt.timedelta(days=1)
        assert str(event["SUMMARY"]) == row.title
        assert str(event["UID"]) == row.key.replace("/", "-") + "@civica.calendar"
        description = str(event["DESCRIPTION"])
        assert row.report in description and row.basis in description
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=2, hours=15)


def test_the_ics_is_a_calendar_to_import_without_method_or_organizer():
    # RFC 5546 3.2.1: METHOD:PUBLISH needs an ORGANIZER in every VEVENT. Without METHOD the file
    # is a plain calendar to import (RFC 5545 3.7.2).
    icalendar = pytest.importorskip("icalendar")
    text = calendar.to_icalendar(calendar.NgoProfile.default(), 2024)
    cal = icalendar.Calendar.from_ical(text)
    assert "METHOD" not in cal and cal["VERSION"] == "2.0"
    events = list(cal.walk("VEVENT"))
    assert events and all("ORGANIZER" not in e for e in events)
    assert "METHOD:" not in text


def test_ics_uids_are_stable_across_exports():
    profile = calendar.NgoProfile.default()
    a = calendar.to_icalendar(profile, 2021)
    b = calendar.to_icalendar(profile, 2021, rules=[CAL_DATA / "extra_obligations.json"])
    uid_a = {line for line in a.split("\r\n") if line.startswith("UID:")}
    uid_b = {line for line in b.split("\r\n") if line.startswith("UID:")}
    assert uid_a <= uid_b


def _uids(ics):
    unfolded = ics.replace("\r\n", "\n").replace("\n ", "")  # the CLI's stdout is read as text
    return [line[4:] for line in unfolded.split("\n") if line.startswith("UID:")]


def test_ics_uids_of_non_ascii_grant_ids_are_distinct_and_percent_encoded():
    # RFC 5545 3.8.4.7: UIDs are globally unique. Each UTF-8 byte of a non-ASCII letter is
    # percent-encoded (as urllib.parse.quote writes it); ASCII ids keep their UIDs.
    from urllib.parse import quote

    grants = [calendar.Grant(id=i, title=i, start=D(2023, 3, 1), end=D(2024, 2, 29), period_months=6)
              for i in ("Альфа", "Омега", "pgf 2023/1")]
    uids = _uids(calendar.to_icalendar(calendar.NgoProfile(grants=grants), 2024))
    grant_uids = [u for u in uids if u.startswith("grant_")]
    assert len(grant_uids) == len(set(grant_uids)) == 6
    for gid in ("Альфа", "Омега"):
        assert f"grant_analytical-{quote(gid)}-P2@civica.calendar" in grant_uids
    assert "grant_analytical-pgf-2023-1-P2@civica.calendar" in grant_uids


def test_grants_of_one_title_and_term_keep_their_uids_whatever_their_order():
    # One project funded by two operators, without ids: the two grants' UIDs swapped when the
    # list was reordered, and a calendar program re-importing the file moved each grant's
    # reports onto the other (RFC 5545 3.8.4.7: a UID names one event persistently).
    def grant(operator):
        return calendar.Grant(title="Проект", start=D(2023, 1, 1), end=D(2023, 12, 31), period_months=6,
                              operator=operator)

    def reports(grants):
        rows = calendar.reporting_calendar(calendar.NgoProfile(grants=grants), 2023)
        rows = rows[rows.grant_id != ""]
        return set(zip(rows.recipient, rows.grant_id, rows.key))

    fpg, governor = grant("ФПГ"), grant("Губернатор")
    forward = reports([fpg, governor])
    assert forward == reports([governor, fpg])
    assert len({gid for _, gid, _ in forward}) == 2 and len({key for _, _, key in forward}) == len(forward)
    # Alone, a grant keeps the id made from its title and term.
    [(alone, n)] = collections.Counter(gid for _, gid, _ in reports([fpg])).items()
    assert re.fullmatch(r"grant-[0-9a-f]{10}", alone) and {gid.rsplit("-", 1)[0] for _, gid, _ in forward} == {alone}
    # Alike in everything, two grants' events are alike too: numbered in turn, still distinct.
    twins = reports([fpg, grant("ФПГ")])
    assert len({key for _, _, key in twins}) == len(twins) == 2 * n
    # One twin given the id it had alone: the other's made id does not take it, in either order.
    kept = calendar.Grant(id=alone, title="Проект", start=D(2023, 1, 1), end=D(2023, 12, 31), period_months=6,
                          operator="ФПГ")
    for grants in ([kept, governor], [governor, kept]):
        both = reports(grants)
        assert len({gid for _, gid, _ in both}) == 2 and len({key for _, _, key in both}) == len(both) == 2 * n
        assert {gid for recipient, gid, _ in both if recipient == "ФПГ"} == {alone}


def test_cli_uid_prefixes_in_cyrillic_keep_two_organisations_apart():
    from urllib.parse import quote

    svet = _uids(_cli("--year", "2024", "--format", "ics", "--uid-prefix", "Свет").stdout)
    luna = _uids(_cli("--year", "2024", "--format", "ics", "--uid-prefix", "Луна").stdout)
    assert svet and not set(svet) & set(luna)
    assert all(u.startswith(quote("Свет") + "-") for u in svet)


def test_a_uid_domain_that_is_not_a_domain_name_is_refused():
    # Written raw, a CRLF in uid_domain added a URL property to every event.
    profile = calendar.NgoProfile()
    for bad in ("x.org\r\nURL:http://evil.example/", "", "my org.ru", "пример.рф"):
        with pytest.raises(civica.ValidationError, match="uid_domain"):
            calendar.to_icalendar(profile, 2024, uid_domain=bad)
    text = calendar.to_icalendar(profile, 2024, uid_domain="ngo-1.example.org")
    assert "URL:" not in text
    assert all(u.endswith("@ngo-1.example.org") for u in _uids(text))


def test_csv_export_reads_back_with_pandas(tmp_path):
    import io

    import pandas as pd

    profile = calendar.NgoProfile.default()
    text = calendar.to_csv(profile, 2022)
    df = pd.read_csv(io.StringIO(text), dtype=str)
    ref = calendar.reporting_calendar(profile, 2022)
    assert list(df.date) == [d.isoformat() for d in ref.date]
    assert list(df.report) == list(ref.report)


def test_csv_cells_a_spreadsheet_would_run_as_a_formula_get_a_quote(tmp_path):
    import csv

    grant = calendar.Grant(id="@grant", title="Школа", operator='=HYPERLINK("http://evil.example","click")',
                           start=D(2023, 3, 1), end=D(2024, 2, 29), period_months=6)
    text = calendar.to_csv(calendar.NgoProfile(grants=[grant]), 2024)
    assert "\r" not in text and text.endswith("\n")  # LF line ends, as every civica CSV
    rows = list(csv.DictReader(text.splitlines()))
    grant_rows = [r for r in rows if r["obligation_id"].startswith("grant_")]
    assert grant_rows
    for r in grant_rows:
        assert r["recipient"] == '\'=HYPERLINK("http://evil.example","click")'
        assert r["grant_id"] == "'@grant"
    assert not [c for r in rows for c in r.values() if c[:1] in ("=", "+", "-", "@")]
    # The same through the command line (OPERATOR is the seventh field of --grant).
    out = _cli("--year", "2024", "--format", "csv", "--grant", "Школа;2023-03-01;2024-02-29;6;15;30;=1+1").stdout
    assert {r["recipient"] for r in csv.DictReader(out.splitlines()) if r["grant_id"]} == {"'=1+1"}


def test_markdown_export():
    md = calendar.to_markdown(calendar.NgoProfile.default(), 2023)
    assert md.startswith("# Календарь отчётности НКО на 2023 год")
    assert "| 27.02.2023 (с 25.02.2023) | Расчёт 6-НДФЛ |" in md


# ---- CLI -----------------------------------------------------------------------------------


def _cli(*args, check=True):
    return subprocess.run(
        [sys.executable, "-m", "civica.cli_calendar", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=check,
    )


def test_cli_help_explains_every_option():
    out = _cli("--help").stdout
    for option in (
        "--year",
        "--format",
        "--output",
        "--lang",
        "--legal-form",
        "--public-association",
        "--socially-oriented",
        "--employees",
        "--tax-regime",
        "--vat-payer",
        "--foreign-funds",
        "--foreign-founders",
        "--income",
        "--grant",
        "--rules",
        "--xmlcalendar",
        "--weekends-only",
        "--alarm-days",
        "--uid-prefix",
    ):
        assert option in out, option


def test_cli_help_says_the_profit_tax_return_is_not_in_an_osn_calendar():
    out = " ".join(_cli("--help").stdout.split())
    option = out.index("--tax-regime {usn,osn} usn:")
    assert "profit tax return" in out[option:option + 300] and "docs/calendar.md" in out[option:option + 300]


def test_cli_writes_an_ics_file_for_the_default_profile(tmp_path):
    icalendar = pytest.importorskip("icalendar")
    out = tmp_path / "ngo.ics"
    _cli("--year", "2021", "--format", "ics", "-o", str(out))
    raw = out.read_bytes()
    assert b"\r\n" in raw
    events = list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))
    assert len(events) == len(calendar.reporting_calendar(calendar.NgoProfile.default(), 2021))


def test_cli_profile_options_reach_the_calendar():
    out = _cli(
        "--year", "2023", "--format", "csv", "--employees", "0", "--legal-form", "20200"
    ).stdout
    assert "minjust_on0003" in out
    assert "rsv" not in out.split("\n", 1)[1]


def test_cli_reports_an_unknown_year_as_an_error():
    result = _cli("--year", "2035", check=False)
    assert result.returncode == 2
    assert "2016–2027" in result.stderr and "--weekends-only" in result.stderr
    assert "error:" in result.stderr and "Traceback" not in result.stderr


def test_cli_warns_that_a_weekends_only_year_is_a_guess():
    guessed = _cli("--year", "2035", "--weekends-only", check=False)
    assert guessed.returncode == 0 and guessed.stdout
    assert "warning" in guessed.stderr and "2035" in guessed.stderr and "--xmlcalendar" in guessed.stderr
    known = _cli("--year", "2023", "--weekends-only")
    assert "warning" not in known.stderr


def test_cli_help_gives_the_alarm_default():
    out = _cli("--help").stdout
    option = out.index("--alarm-days N ")
    assert "(default: 3)" in " ".join(out[option:].split()[:16])


def test_cli_names_the_legal_form_in_the_title_and_refuses_an_unknown_one(tmp_path):
    ru = _cli("--year", "2023", "--legal-form", "20200").stdout.splitlines()[0]
    assert ru.endswith("— Общественная организация (пример)")
    en = _cli("--year", "2023", "--legal-form", "70400", "--lang", "en").stdout.splitlines()[0]
    assert en.endswith("(example)") and "АНО" not in en
    named = _cli("--year", "2023", "--legal-form", "70400", "--name", "Фонд «Берег»").stdout.splitlines()[0]
    assert named.endswith("— Фонд «Берег»")
    bad = _cli("--year", "2023", "--legal-form", "99999", check=False)
    assert bad.returncode == 2 and "99999 is not a non-profit ОКОПФ code" in bad.stderr
    out = tmp_path / "c.ics"
    written = _cli("--year", "2023", "-o", str(out))
    assert f"{out}: ics calendar written" in written.stderr
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_profile_from_an_organization_of_a_dataset():
    org = civica.Organization(
        id="o1", full_name="МОО «Пример»", okopf=20200, socially_oriented=True
    )
    p = calendar.NgoProfile.from_organization(org, employees=0)
    assert p.name == "МОО «Пример»"
    assert p.legal_form == 20200
    assert p.public_association  # ОКОПФ 20200 is a public organisation (82-FZ art. 7)
    ids = set(calendar.reporting_calendar(p, 2023).obligation_id)
    assert "minjust_on0003" in ids and "sonko1" in ids and "rsv" not in ids


def test_the_main_civica_command_runs_the_calendar_subcommand(tmp_path):
    from civica import cli

    out = tmp_path / "ngo.csv"
    assert cli.main(["calendar", "--year", "2024", "-o", str(out)]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("date,original_date,shifted,title,")


def test_an_output_whose_suffix_names_no_calendar_format_is_refused(tmp_path):
    from civica import cli

    out = tmp_path / "ngo.pdf"
    assert cli.main(["calendar", "--year", "2024", "-o", str(out)]) == 2
    assert not out.exists()
    assert cli.main(["calendar", "--year", "2024", "--format", "md", "-o", str(out)]) == 0  # named: written
    assert out.read_text(encoding="utf-8").startswith("#")


def test_cli_refuses_a_control_character_in_a_name_naming_the_field():
    # RFC 5545 3.3.11 (TSAFE-CHAR) has no way to write U+000B in X-WR-CALNAME or SUMMARY.
    result = _cli("--year", "2024", "--format", "ics", "--name", "Org\x0bName", check=False)
    assert result.returncode == 2 and not result.stdout
    assert 'argument --name: "Org\\x0bName" holds the control character U+000B (at byte 3)' in result.stderr
    result = _cli("--year", "2024", "--grant", "Школа\x01;2023-03-01;2024-02-29;6", check=False)
    assert result.returncode == 2 and "argument --grant:" in result.stderr
    assert "holds the control character U+0001" in result.stderr
    # A tab is text (TSAFE-CHAR includes HTAB); a line break is escaped as \n.
    ok = _cli("--year", "2024", "--format", "ics", "--name", "Фонд\t«Берег»")
    assert "X-WR-CALNAME:" in ok.stdout and "Фонд\t«Берег»" in ok.stdout.replace("\n ", "")


def test_to_icalendar_refuses_a_control_character_in_calendar_name():
    with pytest.raises(civica.ValidationError, match="calendar_name holds the control character U\\+007F"):
        calendar.to_icalendar(None, 2024, calendar_name="Календарь\x7f")
    with pytest.raises(civica.ValidationError, match="name holds the control character U\\+001B"):
        calendar.reporting_calendar(calendar.NgoProfile(name="\x1b[31mФонд"), 2024)


def test_a_calendar_without_a_deadline_is_no_icalendar_file():
    # RFC 5545 3.6: a calendar holds at least one component. An organisation registered after
    # the year has no deadline in it; to_icalendar wrote a VCALENDAR of no event.
    import datetime as dt

    late = calendar.NgoProfile(name="Фонд «Берег»", registered=dt.date(2025, 2, 1))
    assert len(calendar.reporting_calendar(late, 2024)) == 0
    with pytest.raises(civica.ValidationError, match="the calendar of 2024 has no deadline.*RFC 5545"):
        calendar.to_icalendar(late, 2024)
    assert calendar.to_icalendar(late, 2025).count("BEGIN:VEVENT") > 0


def test_cli_english_counts_agree_with_their_noun():
    ics = _cli("--year", "2024", "--lang", "en", "--format", "ics", "--alarm-days", "1").stdout
    ics = ics.replace("\n ", "")  # unfolded
    assert "Due in 1 day: " in ics and "Due in 1 days" not in ics
    assert "Due in 3 days: " in _cli("--year", "2024", "--lang", "en", "--format", "ics").stdout
    md = _cli("--year", "2024", "--lang", "en", "--grant", "G;2023-03-01;2024-02-29;6;1;1").stdout
    assert '| project "G"; 1 day after the period |' in md and "1 days" not in md
    md = _cli("--year", "2024", "--lang", "en", "--grant", "G;2023-03-01;2024-02-29;6;2;2").stdout
    assert 'project "G"; 2 days after the period' in md


def test_cli_markdown_prints_an_entity_in_the_name_as_written():
    # CommonMark turns an unescaped "&copy;" into "©"; "\\&copy;" is the text "&copy;".
    title = _cli("--year", "2024", "--name", "Фонд &copy;").stdout.splitlines()[0]
    assert title == "# Календарь отчётности НКО на 2024 год — Фонд \\&copy;"


def test_the_cli_grants_keep_their_event_uids_whatever_their_order(tmp_path):
    # UIDs come from each agreement, not from its place among the --grant options; each event
    # names its project.
    from civica import cli

    a = "Школа НКО;2023-01-01;2023-12-31;6;15;30"
    b = "Спорт во дворах;2023-01-01;2023-12-31;3;15;30"

    def uids(*grants, name):
        out = tmp_path / name
        args = ["calendar", "--year", "2023", "--employees", "0", "-o", str(out)]
        for g in grants:
            args += ["--grant", g]
        assert cli.main(args) == 0
        text = out.read_text(encoding="utf-8").replace("\r\n ", "")  # unfolded
        events = text.split("BEGIN:VEVENT")[1:]
        return {next(line for line in e.splitlines() if line.startswith("UID:"))
                for e in events if "Школа НКО" in e}

    alone = uids(a, name="a.ics")
    assert alone and uids(b, a, name="ba.ics") == alone


def test_the_ends_of_the_dates_and_a_date_not_given_are_validation_errors():
    """Before, the working day after 9999-12-31 was an IndexError ("Year is out of valid range:
    1400..9999") and working_days_between(None, …) walked to the calendar's last year. 9999-12-31
    is a Friday (datetime's own calendar)."""
    guess = calendar.load_xmlcalendar(weekends_only=True)
    last = dt.date(9999, 12, 31)
    assert last.weekday() == 4
    assert calendar.add_working_days(dt.date(9999, 12, 30), 1, calendar=guess) == last
    with pytest.raises(civica.ValidationError, match="no working day after 9999-12-31"):
        calendar.next_working_day(last, calendar=guess)
    with pytest.raises(civica.ValidationError, match="no working day after 9999-12-31"):
        calendar.add_working_days(dt.date(9999, 12, 30), 5, calendar=guess)
    for call in (lambda: calendar.working_days_between(None, dt.date(2020, 1, 1)),
                 lambda: calendar.working_days_between(dt.date(2020, 1, 1), None, calendar=guess),
                 lambda: calendar.next_working_day(None)):
        with pytest.raises(civica.ValidationError, match="no date given"):
            call()


def test_grants_whose_ids_give_one_key_or_one_uid_are_refused_naming_them():
    # RFC 5545 3.8.4.7: a UID is unique. Ids "a b" and "a-b" gave both grants' reports one UID,
    # and a calendar program kept one of them; two grants of one id, one key as well.
    def grant(gid):
        return calendar.Grant(title="Грант " + gid, id=gid, start=D(2024, 1, 1), end=D(2024, 6, 30), period_months=6)

    with pytest.raises(civica.ValidationError,
                       match=r'^iCalendar export: deadlines "grant_analytical/a b/P1" and "grant_analytical/a-b/P1" '
                             r"would have one UID \(grant_analytical-a-b-P1@civica\.calendar\)"):
        calendar.to_icalendar(calendar.NgoProfile(grants=[grant("a b"), grant("a-b")]), 2024)
    with pytest.raises(civica.ValidationError, match=r'^grants 1 and 2 have the same id "a"'):
        calendar.reporting_calendar(calendar.NgoProfile(grants=[grant("a"), grant("a")]), 2024)
    text = calendar.to_icalendar(calendar.NgoProfile(grants=[grant("a"), grant("b")]), 2024)
    uids = [line for line in text.split("\r\n") if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == text.count("BEGIN:VEVENT")


@pytest.mark.parametrize("days", [dict(final_report_days=0), dict(final_report_days=3, working_days=True)])
def test_a_deadline_that_moves_into_a_year_civica_does_not_know_is_left_out_of_the_year_it_leaves(days):
    # 31 December 2027 is a day off (docs/calendar.md: the production calendar covers 2017-2027),
    # so the final report moves into 2028: the whole calendar of 2027 failed with "year 2028 is
    # not known". It is in 2028's calendar, not in 2027's.
    assert not calendar.is_working_day(D(2027, 12, 31))
    g = calendar.Grant(title="Проект", id="z", start=D(2027, 1, 1), end=D(2027, 12, 31), period_months=12, **days)
    df = calendar.reporting_calendar(calendar.NgoProfile(grants=[g]), 2027)
    assert len(df) > 0 and "z" not in set(df.grant_id)
    with pytest.raises(civica.NotFoundError, match="2028"):
        calendar.reporting_calendar(calendar.NgoProfile(grants=[g]), 2028)
    # A year civica knows moves it as before: 31 December 2024 to 9 January 2025.
    g24 = calendar.Grant(title="Проект", id="y", start=D(2024, 1, 1), end=D(2024, 12, 31), period_months=12,
                         final_report_days=0)
    moved = calendar.reporting_calendar(calendar.NgoProfile(grants=[g24]), 2025)
    assert set(moved[moved.grant_id == "y"].date) == {D(2025, 1, 9)}


def test_a_grant_begun_before_the_first_known_year_gives_its_deadlines_of_that_year():
    # The interim report of a grant begun in 2016 fell due in 2016, and the calendar of 2017
    # failed with "year 2016 is not known" instead of leaving it out as the other rules do.
    g = calendar.Grant(title="Проект", id="z", start=D(2016, 3, 1), end=D(2017, 2, 28), period_months=6)
    df = calendar.reporting_calendar(calendar.NgoProfile(grants=[g]), 2017)
    mine = df[df.grant_id == "z"]
    assert set(mine.date) == {D(2017, 3, 30)} and all(mine.key.str.endswith("/P2"))


def test_a_profile_from_a_dataset_carries_the_registration_and_refuses_what_is_not_an_ngo():
    # A ТСЖ registered on 28 December 2019 had full calendars for 2018 and 2019 and annual
    # accounts for 2019 in 2020 (402-FZ art. 15 p.3: registered after 30 September, the first
    # year is reported with the next), and the Ministry of Justice statement that 7-FZ does not
    # ask of it (art. 1 p.3).
    ds = civica.datasets.load("khanty-mansiysk-2020-synthetic")
    org = ds.organizations["km-ngo-298"]
    assert (org.okopf, org.registered) == (20716, dt.date(2019, 12, 28))
    p = calendar.NgoProfile.from_organization(org)
    assert p.registered == dt.date(2019, 12, 28)
    assert calendar.reporting_calendar(p, 2018).empty
    assert calendar.reporting_calendar(p, 2018).attrs["event_driven"] == []
    c2020 = calendar.reporting_calendar(p, 2020)
    ids = set(c2020.obligation_id)
    assert not {"accounting_statements", "usn_return_until_2021", "minjust_simplified"} & ids
    assert all(pd.Timestamp(d) >= pd.Timestamp(2019, 12, 28) for d in c2020.period_end)
    assert "accounting_statements" in set(calendar.reporting_calendar(p, 2021).obligation_id)
    # An organisation that is not a non-profit, or whose form is not recorded, is refused.
    rc = ds.organizations["resource-centre"]
    with pytest.raises(civica.ValidationError, match="'resource-centre' is not a non-profit organisation"):
        calendar.NgoProfile.from_organization(rc)
    unknown = civica.Organization(id="o2", full_name="АНО «Без формы»")
    with pytest.raises(civica.ValidationError, match="'o2' has no ОКОПФ code recorded; give its legal form"):
        calendar.NgoProfile.from_organization(unknown)
    assert calendar.NgoProfile.from_organization(unknown, legal_form=71400).legal_form == 71400


def test_a_profile_of_a_form_that_is_not_a_non_profit_one_is_refused_as_the_cli_refuses_it():
    for form in (12300, 0, 99999):
        with pytest.raises(civica.ValidationError, match=f"legal_form {form} is not a non-profit ОКОПФ code"):
            calendar.NgoProfile(legal_form=form)
    with pytest.raises(TypeError, match="registered must be a datetime.date"):
        calendar.NgoProfile(registered="2019-12-28")  # type: ignore[arg-type]


def test_a_cli_grant_operator_keeps_its_semicolons_and_a_title_with_one_is_named():
    # Everything after the 7th ";" was dropped without a word; a title holding ";" was
    # refused as "PERIOD_MONTHS must be a whole number … not '2024-12-31'".
    out = _cli("--year", "2024", "--format", "csv", "--grant",
               "T;2024-01-01;2024-12-31;6;15;30;Фонд поддержки; филиал Югра").stdout
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["grant_id"]]
    assert rows and {r["recipient"] for r in rows} == {"Фонд поддержки; филиал Югра"}
    bad = _cli("--year", "2024", "--grant", "Школа; НКО;2024-01-01;2024-12-31;6", check=False)
    assert bad.returncode == 2
    assert "START and END are the 2nd and 3rd fields" in bad.stderr and 'a TITLE cannot hold ";"' in bad.stderr


def test_cli_warns_that_a_year_before_the_catalogue_gets_its_rules_anyway():
    # A calendar of 1990 listed 1-СОНКО (a Rosstat order of 2018) and the УСН return without a word.
    old = _cli("--year", "1990", "--weekends-only", "--format", "csv")
    assert "sonko1" in old.stdout
    assert "bundled rules follow the law from the calendar of 2017 on; the calendar of 1990" in old.stderr
    assert "bundled rules" not in _cli("--year", "2017", "--format", "csv").stderr


@pytest.mark.parametrize("args, said", [
    (["--grant", ";2024-03-01;2025-02-28;6"], "TITLE, the 1st field, is empty: name the grant"),
    (["--grant", "  ;2024-03-01;2025-02-28;6"], "TITLE, the 1st field, is empty: name the grant"),
    (["--name", ""], "the name is empty"),
    (["--name", "   "], "the name is empty"),
])
def test_cli_refuses_an_empty_grant_title_or_organisation_name(args, said):
    # Before, both were taken: two untitled grants' reports could not be told apart, and
    # --name "   " headed the calendar "… на 2024 год —    ".
    result = _cli("--year", "2024", *args, check=False)
    assert result.returncode == 2 and said in result.stderr and not result.stdout, result.stderr



@pytest.mark.filterwarnings("ignore::civica.calendar.CalendarWarning")  # years before 2017 on purpose
def test_no_deadline_title_names_its_period_twice():
    # The 2016 RSV-1 return's name held its year, and the title adds the period: «Расчёт РСВ-1
    # ПФР за 2016 год за 2016 год», in the iCalendar SUMMARY too. Every year of the catalogue,
    # both languages: a period is named once.
    import re

    from civica import calendar as cal

    for year in range(2016, 2027):
        for lang, pattern in (("ru", r"за (\d{4}) год.*за \1 год"), ("en", r"for (?:\w+ )?(\d{4}).* for (?:\w+ )?\1\b")):
            titles = cal.reporting_calendar(cal.NgoProfile(), year, lang=lang)["title"]
            doubled = [t for t in titles if re.search(pattern, t)]
            assert not doubled, (year, lang, doubled)
