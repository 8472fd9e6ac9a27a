"""The Russian production calendar and the personal reporting calendar of an NGO.

>>> import datetime as dt
>>> from civica import calendar
>>> calendar.is_working_day(dt.date(2024, 4, 27))      # a working Saturday
True
>>> profile = calendar.NgoProfile(employees=3, tax_regime="usn", socially_oriented=True)
>>> df = calendar.reporting_calendar(profile, 2023)     # one row per deadline
>>> with open("ngo-2023.ics", "w", encoding="utf-8", newline="") as f:
...     _ = f.write(calendar.to_icalendar(profile, 2023))

Dates are :class:`datetime.date`; money is :class:`decimal.Decimal` or ``int`` roubles (never
``float``). Rules live in ``data/calendar/obligations.json`` (see docs/calendar.md); pass
``rules=[path, ...]`` to add or replace rules with your own files.
"""

from __future__ import annotations

import datetime as _dt
import os
import warnings
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import _core
from ._lang import language_code
from ._stack import outside_civica
from ._whole import INT64, whole_number, yes_or_no

_cal = _core.calendar

ProductionCalendar: Any = _cal.ProductionCalendar
ObligationCatalogue: Any = _cal.ObligationCatalogue
PersonalCalendar: Any = _cal.PersonalCalendar

# Annotation aliases for the compiled classes above (Any until _core.pyi describes
# civica._core.calendar).
_Days = Any  # ProductionCalendar
_Catalogue = Any  # ObligationCatalogue
_Personal = Any  # PersonalCalendar

PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "CalendarWarning",
    "Grant",
    "NgoProfile",
    "ObligationCatalogue",
    "PersonalCalendar",
    "ProductionCalendar",
    "add_working_days",
    "bundled_calendar",
    "bundled_obligations",
    "day_type",
    "event_obligations",
    "is_shortened_day",
    "is_working_day",
    "load_xmlcalendar",
    "next_working_day",
    "obligations",
    "personal_calendar",
    "reporting_calendar",
    "to_csv",
    "to_icalendar",
    "to_markdown",
    "working_days_between",
]

#: Columns of :func:`reporting_calendar`, in order.
COLUMNS = (
    "date",
    "original_date",
    "shifted",
    "title",
    "report",
    "recipient",
    "period",
    "period_start",
    "period_end",
    "basis",
    "note",
    "obligation_id",
    "grant_id",
    "verified",
    "key",
)


# ---- bundled data ---------------------------------------------------------------------------


def _data_dir() -> Optional[Path]:
    """The data folder installed with the package, if there is one."""
    env = os.environ.get("CIVICA_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent / "data"
    return here if (here / "calendar").is_dir() else None


_bundled_calendar: Optional[_Days] = None
_bundled_rules: Optional[_Catalogue] = None


def bundled_calendar() -> _Days:
    """A copy of the production calendar shipped with civica (2016–2027)."""
    global _bundled_calendar
    if _bundled_calendar is None:
        data = _data_dir()
        if data is not None:
            _bundled_calendar = ProductionCalendar.from_csv(
                data / "calendar" / "ru-production-calendar.csv"
            )
        else:
            _bundled_calendar = ProductionCalendar.bundled()
    fresh = ProductionCalendar()
    fresh.merge(_bundled_calendar)
    return fresh


def bundled_obligations() -> _Catalogue:
    """A copy of the obligations catalogue shipped with civica."""
    global _bundled_rules
    if _bundled_rules is None:
        data = _data_dir()
        if data is not None:
            _bundled_rules = ObligationCatalogue.from_json(data / "calendar" / "obligations.json")
        else:
            _bundled_rules = ObligationCatalogue.bundled()
    fresh = ObligationCatalogue()
    fresh.merge(_bundled_rules)
    return fresh


def load_xmlcalendar(*paths: PathLike, weekends_only: bool = False) -> _Days:
    """The bundled calendar updated with xmlcalendar files (``ru/<year>/calendar.xml``).

    A file replaces what the bundled data knew about its year, so a newer calendar can be
    used without a new civica release. With ``weekends_only=True`` days of years nobody
    loaded are guessed from weekends instead of raising :class:`civica.NotFoundError`.
    """
    cal = bundled_calendar()
    for p in paths:
        cal.load_xmlcalendar(Path(p))
    cal.weekends_only = weekends_only
    return cal


def _calendar_or_default(calendar: Optional[_Days]) -> _Days:
    if calendar is not None:
        return calendar
    global _bundled_calendar
    if _bundled_calendar is None:
        bundled_calendar()
    assert _bundled_calendar is not None
    return _bundled_calendar


# ---- production calendar functions ---------------------------------------------------------


def is_working_day(d: _dt.date, *, calendar: Optional[_Days] = None) -> bool:
    """Whether ``d`` is a working day (shortened days count as working)."""
    return bool(_calendar_or_default(calendar).is_working_day(d))


def is_shortened_day(d: _dt.date, *, calendar: Optional[_Days] = None) -> bool:
    """Whether ``d`` is a working day one hour shorter before a holiday."""
    return bool(_calendar_or_default(calendar).is_shortened_day(d))


def day_type(d: _dt.date, *, calendar: Optional[_Days] = None) -> str:
    """``"working"``, ``"shortened"`` or ``"non_working"``."""
    return str(_calendar_or_default(calendar).day_type(d))


def next_working_day(d: _dt.date, *, calendar: Optional[_Days] = None) -> _dt.date:
    """The first working day strictly after ``d``."""
    result: _dt.date = _calendar_or_default(calendar).next_working_day(d)
    return result


def add_working_days(d: _dt.date, n: int, *, calendar: Optional[_Days] = None) -> _dt.date:
    """The day reached by stepping over ``n`` working days from ``d`` (backwards if negative)."""
    result: _dt.date = _calendar_or_default(calendar).add_working_days(d, whole_number(n, "n", INT64,
                                                                                          where="add_working_days"))
    return result


def working_days_between(a: _dt.date, b: _dt.date, *, calendar: Optional[_Days] = None) -> int:
    """Working days in ``[a, b)``; negative when ``b < a``."""
    return int(_calendar_or_default(calendar).working_days_between(a, b))


# ---- profile ------------------------------------------------------------------------------

Period = Tuple[_dt.date, _dt.date]


def _day(value: Any, field: str, where: str) -> Optional[_dt.date]:
    """``value`` when it is a day (a ``datetime.date``, not a ``datetime.datetime``, whose time
    would be dropped) or None; else a TypeError naming ``field`` of ``where``."""
    if value is not None and (not isinstance(value, _dt.date) or isinstance(value, _dt.datetime)):
        raise TypeError(f"{where}: {field} must be a datetime.date or None, not {type(value).__name__}")
    return value


def _words(value: Any, field: str, where: str) -> str:
    """``value`` when it is text that UTF-8 can hold; else a TypeError or ValueError naming
    ``field`` of ``where`` (pybind11's own error named no field)."""
    if not isinstance(value, str):
        raise TypeError(f"{where}: {field} must be text (str), not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(f"{where}: {field} holds a character no UTF-8 text holds (a lone surrogate at "
                         f"character {e.start + 1})") from None
    return value


class Grant:
    """A grant whose agreement sets reporting dates.

    After each reporting period an interim analytical and financial report is due
    ``report_days`` days later; after the last one the final reports, ``final_report_days``
    days after the last reporting period ends (which, with explicit periods, may be before the
    project's end). Give the periods explicitly (``reporting_periods``) or their length
    (``period_months``).

    >>> import datetime as dt
    >>> from civica.calendar import Grant
    >>> Grant(title="Школа НКО", operator="Фонд президентских грантов",
    ...       start=dt.date(2021, 3, 1), end=dt.date(2022, 2, 28), period_months=6)
    Grant(title='Школа НКО', start=datetime.date(2021, 3, 1), end=datetime.date(2022, 2, 28), operator='Фонд президентских грантов', period_months=6, report_days=15, final_report_days=30)
    """

    def __init__(
        self,
        *,
        title: str = "",
        start: Optional[_dt.date] = None,
        end: Optional[_dt.date] = None,
        operator: str = "",
        id: str = "",
        period_months: int = 0,
        reporting_periods: Optional[Sequence[Period]] = None,
        report_days: int = 15,
        final_report_days: int = 30,
        working_days: bool = False,
    ) -> None:
        self.title = title
        self.start = start
        self.end = end
        self.operator = operator
        self.id = id
        self.period_months = period_months
        self.reporting_periods = list(reporting_periods or [])
        self.report_days = report_days
        self.final_report_days = final_report_days
        self.working_days = working_days

    def _to_core(self) -> Any:
        g = _cal.GrantAgreement()
        named = f'grant "{self.id or self.title}"'  # as the core names it
        g.id = _words(self.id, "id", named)  # none: the calendar makes one from the agreement (title and dates)
        g.title = _words(self.title, "title", named)
        g.grant_operator = _words(self.operator, "operator", named)
        g.start = _day(self.start, "start", named)
        g.end = _day(self.end, "end", named)
        g.period_months = whole_number(self.period_months, "period_months", (0, _cal.max_period_months), where=named)
        g.reporting_periods = [(s, e) for s, e in self.reporting_periods]
        g.report_days = whole_number(self.report_days, "report_days", (0, _cal.max_report_days), where=named)
        g.final_report_days = whole_number(self.final_report_days, "final_report_days", (0, _cal.max_report_days),
                                           where=named)
        g.working_days = yes_or_no(self.working_days, "working_days", where=named)
        return g

    def periods(self) -> List[Period]:
        """The reporting periods as ``(start, end)`` pairs."""
        return list(self._to_core().periods())

    def __repr__(self) -> str:
        parts = [f"title={self.title!r}", f"start={self.start!r}", f"end={self.end!r}"]
        if self.operator:
            parts.append(f"operator={self.operator!r}")
        if self.id:
            parts.append(f"id={self.id!r}")
        if self.reporting_periods:
            parts.append(f"reporting_periods={self.reporting_periods!r}")
        else:
            parts.append(f"period_months={self.period_months!r}")
        parts.append(f"report_days={self.report_days!r}")
        parts.append(f"final_report_days={self.final_report_days!r}")
        if self.working_days:
            parts.append("working_days=True")
        return "Grant(" + ", ".join(parts) + ")"


class NgoProfile:
    """What the reporting calendar needs to know about an organisation.

    ``legal_form`` is the ОКОПФ code (71400: АНО, 20200: общественная организация, 70400: фонд);
    ``annual_income`` is the income of the reported year in roubles (``int`` or ``Decimal``, or their text);
    ``tax_regime`` is ``"usn"`` or ``"osn"``; an income that is not a finite amount (``"abc"``)
    or is negative is a ValueError. ``public_association`` (files ОН0003 with the
    Ministry of Justice) defaults to what the legal form says (82-FZ art. 7: 20200 and the other
    public association forms; ``public_association=False`` with one of them is a
    ``civica.ValidationError``), as ``civica calendar`` does; so does ``foreign_founders`` (71610,
    a branch of a foreign NGO, has a foreign founder: ``foreign_founders=False`` with it is a
    ``civica.ValidationError``). ``NgoProfile()`` with no arguments
    is a small socially oriented АНО on УСН with three employees (the CLI default).

    ``legal_form`` must be a non-profit form civica knows (``civica.okopf_name`` names it), else
    a ``civica.ValidationError``: the catalogue holds the reports of non-profit organisations.
    ``registered`` (a ``datetime.date``, or None when unknown) leaves out the periods before
    the organisation existed, and its first year where the law joins it to the next
    (docs/calendar.md, section 3).
    """

    _FIELDS = (
        "name",
        "legal_form",
        "public_association",
        "socially_oriented",
        "employees",
        "tax_regime",
        "vat_payer",
        "foreign_funds",
        "foreign_founders",
        "annual_income",
        "registered",
        "grants",
    )

    def __init__(
        self,
        *,
        name: str = "",
        legal_form: int = 71400,
        public_association: Optional[bool] = None,
        socially_oriented: bool = True,
        employees: int = 3,
        tax_regime: str = "usn",
        vat_payer: bool = False,
        foreign_funds: bool = False,
        foreign_founders: Optional[bool] = None,
        annual_income: Union[int, Decimal, str] = 1_500_000,
        registered: Optional[_dt.date] = None,
        grants: Iterable[Grant] = (),
    ) -> None:
        if isinstance(annual_income, float):
            raise TypeError(
                "annual_income: use int roubles or decimal.Decimal, not float (money is exact)"
            )
        if isinstance(annual_income, bool) or not isinstance(annual_income, (int, Decimal, str)):
            raise TypeError("annual_income: use int roubles or decimal.Decimal (or their text, \"1500000.50\"), "
                            f"not {type(annual_income).__name__}")
        try:
            # Text as civica calendar --income takes it: "1500000.50", "1 500 000,50", "1,5 млн".
            income = _core.parse_money(annual_income) if isinstance(annual_income, str) else Decimal(annual_income)
        except (InvalidOperation, _core.ParseError):
            income = Decimal("NaN")
        if not income.is_finite():
            raise ValueError(f"annual_income: {annual_income!r} is not an amount of roubles "
                             "(e.g. 1500000 or \"1500000.50\")")
        if income < 0:
            raise ValueError(f"annual_income: {annual_income!r} is negative")
        if tax_regime not in ("usn", "osn"):
            raise ValueError(f"tax_regime: {tax_regime!r} is not 'usn' or 'osn'")
        legal_form = whole_number(legal_form, "legal_form", where="NgoProfile")
        problem = _cal.legal_form_problem(legal_form)
        if problem:
            raise _core.ValidationError(f"NgoProfile: legal_form {problem}")
        flags = {flag: yes_or_no(value, flag, where="NgoProfile") for flag, value in (
            ("socially_oriented", socially_oriented), ("vat_payer", vat_payer), ("foreign_funds", foreign_funds))}
        if public_association is not None:
            public_association = yes_or_no(public_association, "public_association", where="NgoProfile")
        if foreign_founders is None:
            foreign_founders = _cal.foreign_founder_by_form(legal_form)
        else:
            foreign_founders = yes_or_no(foreign_founders, "foreign_founders", where="NgoProfile")
        problem = _cal.foreign_founders_problem(legal_form, bool(foreign_founders))
        if problem:
            raise _core.ValidationError(f"NgoProfile: {problem}")
        if public_association is not None:
            problem = _cal.public_association_problem(legal_form, bool(public_association))
            if problem:
                raise _core.ValidationError(f"NgoProfile: {problem}")
        _day(registered, "registered", "NgoProfile")
        _words(name, "name", "NgoProfile")
        employees = whole_number(employees, "employees", None, where="NgoProfile")
        if employees < 0:
            raise ValueError(f"employees: {employees} is negative")
        self.name = name
        self.legal_form = int(legal_form)
        self.public_association = (_cal.is_public_association_form(self.legal_form) if public_association is None
                                   else bool(public_association))
        self.socially_oriented = flags["socially_oriented"]
        self.employees = int(employees)
        self.tax_regime = tax_regime
        self.vat_payer = flags["vat_payer"]
        self.foreign_funds = flags["foreign_funds"]
        self.foreign_founders = bool(foreign_founders)
        self.annual_income = income
        self.registered = registered
        self.grants = list(grants)
        for g in self.grants:
            if not isinstance(g, Grant):
                raise TypeError(f"NgoProfile: grants must be civica.calendar.Grant objects, not {type(g).__name__}")

    @classmethod
    def default(cls) -> "NgoProfile":
        """The default profile: a small socially oriented АНО (71400) on УСН with employees."""
        return cls(name="АНО (пример)")

    @classmethod
    def from_organization(cls, org: Any, **overrides: Any) -> "NgoProfile":
        """A profile for an organisation of a dataset (legal form, registration date, flags and
        name from it).

        Employees, tax regime, income and grants are not part of the organisation model:
        they keep the defaults unless given in ``overrides``. An organisation that is not a
        non-profit (``nonprofit`` false: a commercial partner, a state body) is a
        ``civica.ValidationError``, and so is one whose ОКОПФ is not recorded unless
        ``legal_form=`` is given: its reports depend on its form, which would be a guess.
        """
        who = getattr(org, "id", "") or getattr(org, "short_name", "") or "the organisation"
        if not bool(getattr(org, "nonprofit", True)):
            raise _core.ValidationError(f"NgoProfile.from_organization: {who!r} is not a non-profit organisation "
                                        "(nonprofit is false); a reporting calendar is an NGO's")
        okopf = int(getattr(org, "okopf", 0) or 0)
        if not okopf and "legal_form" not in overrides:
            raise _core.ValidationError(f"NgoProfile.from_organization: {who!r} has no ОКОПФ code recorded; "
                                        "give its legal form, e.g. legal_form=71400 for an АНО")
        values: Dict[str, Any] = {
            "name": getattr(org, "short_name", "") or getattr(org, "full_name", ""),
            "socially_oriented": bool(getattr(org, "socially_oriented", False)),
            "public_association": bool(getattr(org, "public_association", False))
            or _cal.is_public_association_form(okopf),
            "registered": getattr(org, "registered", None),
        }
        if okopf:
            values["legal_form"] = okopf
        values.update(overrides)
        return cls(**values)

    def _to_core(self) -> Any:
        p = _cal.NgoProfile()
        p.name = self.name
        p.legal_form = self.legal_form
        p.public_association = self.public_association
        p.socially_oriented = self.socially_oriented
        p.employees = self.employees
        p.tax_regime = self.tax_regime
        p.vat_payer = self.vat_payer
        p.foreign_funds = self.foreign_funds
        p.foreign_founders = self.foreign_founders
        p.annual_income = self.annual_income
        p.registered = self.registered
        p.grants = [g._to_core() for g in self.grants]
        return p

    def __repr__(self) -> str:
        defaults = dict(NgoProfile.__init__.__kwdefaults__ or {})
        # The flags that default to what the legal form says are shown when they say otherwise.
        defaults["public_association"] = _cal.is_public_association_form(self.legal_form)
        defaults["foreign_founders"] = _cal.foreign_founder_by_form(self.legal_form)
        parts = []
        for f in self._FIELDS:
            v = getattr(self, f)
            if f == "annual_income":
                if v != Decimal(defaults[f]):
                    parts.append(f"annual_income={v!r}")
            elif f == "grants":
                if v:
                    parts.append(f"grants={v!r}")
            elif v != defaults[f]:
                parts.append(f"{f}={v!r}")
        return "NgoProfile(" + ", ".join(parts) + ")"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NgoProfile):
            return NotImplemented
        return all(
            getattr(self, f) == getattr(other, f) for f in self._FIELDS if f != "grants"
        ) and [repr(g) for g in self.grants] == [repr(g) for g in other.grants]


# ---- personal calendar ----------------------------------------------------------------------

Rules = Union[None, _Catalogue, PathLike, Sequence[PathLike]]


def _catalogue(rules: Rules) -> _Catalogue:
    if isinstance(rules, ObligationCatalogue):
        return rules
    cat = bundled_obligations()
    if rules is None:
        return cat
    paths = [rules] if isinstance(rules, (str, os.PathLike)) else list(rules)
    for p in paths:
        cat.load(Path(p))
    return cat


class CalendarWarning(UserWarning):
    """A calendar built with the bundled rules for a year before the law they follow (they start
    with the calendar of 2017): that year's law had other reports and dates, such as the
    quarterly РСВ-1 returns to the Pension Fund, which the calendar lacks."""


def personal_calendar(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
) -> _Personal:
    """The compiled calendar object (for the exports); see :func:`reporting_calendar`.
    ``profile`` is an :class:`NgoProfile` (None: :meth:`NgoProfile.default`), anything else a
    TypeError."""
    if profile is None:
        profile = NgoProfile.default()
    elif not isinstance(profile, NgoProfile):
        raise TypeError(f"profile must be a civica.calendar.NgoProfile (or None for the default one), "
                        f"not {type(profile).__name__}")
    lang = language_code(lang)
    year = whole_number(year, "year", _cal.calendar_years)
    if rules is None and year < _cal.first_catalogue_year:
        # A calendar of 1990 would list 1-СОНКО by a Rosstat order of 2018 and the УСН return.
        warnings.warn(CalendarWarning(
            f"the bundled rules follow the law from the calendar of {_cal.first_catalogue_year} on; the "
            f"calendar of {year} applies them to a year whose law may have had other reports and dates"),
            stacklevel=outside_civica())
    return _cal.reporting_calendar(
        profile._to_core(),
        year,
        lang=lang,
        catalogue=_catalogue(rules),
        calendar=_calendar_or_default(calendar),
    )


def reporting_calendar(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
) -> Any:
    """Every deadline of ``profile`` that falls in ``year``, as a :class:`pandas.DataFrame`.

    Annual reports for ``year - 1``, the quarterly and monthly ones for ``year`` (and the
    last quarter and December of ``year - 1``), grant reports from each grant's agreement.
    A deadline on a day off is moved to the next working day; ``original_date`` keeps the
    date the rule gives. Columns: :data:`COLUMNS`. Obligations without a fixed date (e.g.
    ЕФС-1 after a hire) are in ``df.attrs["event_driven"]``.
    """
    import pandas as pd

    cal = personal_calendar(profile, year, lang=lang, rules=rules, calendar=calendar)
    df = pd.DataFrame.from_records(cal.records(), columns=list(COLUMNS))
    df.attrs["year"] = cal.year
    df.attrs["lang"] = cal.lang
    df.attrs["organization"] = cal.organization
    df.attrs["event_driven"] = cal.event_driven()
    return df


def event_obligations(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
) -> List[Dict[str, Any]]:
    """Obligations of ``profile`` in ``year`` that have no fixed date, as dicts (as
    ``reporting_calendar(...).attrs["event_driven"]``; ``calendar`` as there: a year the bundled
    production calendar does not know needs one)."""
    return list(personal_calendar(profile, year, lang=lang, rules=rules, calendar=calendar).event_driven())


def obligations(*, lang: str = "ru", rules: Rules = None) -> Any:
    """The catalogue of rules as a :class:`pandas.DataFrame` (one row per rule)."""
    import pandas as pd

    return pd.DataFrame.from_records(_catalogue(rules).records(language_code(lang)))


def to_icalendar(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
    alarm_days: int = 3,
    uid_prefix: str = "",
    uid_domain: str = "civica.calendar",
    calendar_name: str = "",
    dtstamp: Optional[_dt.datetime] = None,
) -> str:
    """The calendar as iCalendar text (RFC 5545): all-day events with stable UIDs and a
    reminder ``alarm_days`` days before (09:00). Write it with ``newline=""`` to keep CRLF.

    UIDs are ``<uid_prefix>-<key>@<uid_domain>``; ``uid_domain`` must be a domain name (ASCII
    letters, digits and ``-`` in labels joined by ``.``), anything else raises
    :class:`civica.ValidationError`. ``dtstamp`` (DTSTAMP of every event; a naive one is taken
    as UTC) that is not a :class:`datetime.datetime` is a TypeError."""
    for name, value in (("uid_prefix", uid_prefix), ("uid_domain", uid_domain), ("calendar_name", calendar_name)):
        if not isinstance(value, str):
            raise TypeError(f"to_icalendar: {name} must be text (str), not {type(value).__name__}")
    stamp = ""
    if dtstamp is not None:
        if not isinstance(dtstamp, _dt.datetime):
            raise TypeError(f"dtstamp must be a datetime.datetime (the time the calendar is made), "
                            f"not {type(dtstamp).__name__}")
        if dtstamp.tzinfo is not None:
            dtstamp = dtstamp.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        stamp = dtstamp.strftime("%Y%m%dT%H%M%SZ")
    return str(
        personal_calendar(profile, year, lang=lang, rules=rules, calendar=calendar).to_icalendar(
            alarm_days=whole_number(alarm_days, "alarm_days", where="to_icalendar"),
            uid_domain=uid_domain,
            uid_prefix=uid_prefix,
            calendar_name=calendar_name,
            dtstamp=stamp,
        )
    )


def to_csv(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
) -> str:
    """The deadlines as CSV text for a spreadsheet: UTF-8, a header line, the columns of
    :data:`COLUMNS`, RFC 4180 quoting with LF line ends (as every civica CSV).

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (a grant
    operator ``=HYPERLINK(...)``) gets a single quote in front, so that a spreadsheet shows it
    as text instead of running it as a formula. For the values as they are, use
    :func:`reporting_calendar`."""
    return str(personal_calendar(profile, year, lang=lang, rules=rules, calendar=calendar).to_csv())


def to_markdown(
    profile: Optional[NgoProfile],
    year: int,
    *,
    lang: str = "ru",
    rules: Rules = None,
    calendar: Optional[_Days] = None,
) -> str:
    """The calendar as a Markdown document (a table and the obligations without a date)."""
    return str(
        personal_calendar(profile, year, lang=lang, rules=rules, calendar=calendar).to_markdown()
    )
