"""``civica calendar``: an NGO's personal reporting calendar for a year, as iCalendar, CSV or
Markdown.

    civica calendar --year 2021                          # the default profile, Markdown
    civica calendar --year 2024 --employees 0 --format ics -o ngo-2024.ics
    civica calendar --year 2023 --legal-form 20200 --public-association --tax-regime osn \\
        --vat-payer --income 4500000 --grant "Школа НКО;2023-03-01;2024-02-29;6;15;30"
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional, Sequence

from . import _core

_DESCRIPTION = """\
Build the personal reporting calendar of a non-profit organisation for one calendar year:
every deadline that falls in that year (annual reports for the previous year, quarterly and
monthly ones), moved to the next working day when it falls on a day off, with the report,
the recipient, the period covered and the legal basis.

Without profile options the calendar is made for a small socially oriented autonomous
non-profit organisation (АНО, ОКОПФ 71400) on the simplified tax system (УСН) with three
employees, no foreign money and an income of 1.5 million RUB."""

_EPILOG = """\
Grants: each --grant "TITLE;START;END;PERIOD_MONTHS[;REPORT_DAYS[;FINAL_DAYS[;OPERATOR]]]"
adds interim analytical and financial reports REPORT_DAYS days after each reporting period
of PERIOD_MONTHS months and the final ones FINAL_DAYS days after END (dates as 2021-03-01 or
01.03.2021). Repeat for more grants. TITLE cannot hold ";"; OPERATOR, the last field, keeps
any ";" it holds.

Rules and days: the bundled rules (data/calendar/obligations.json; they follow the law from the
calendar of 2017 on, and an earlier year gets them with a warning) and production calendar
(2016-2027) are used; --rules FILE adds or replaces rules, --xmlcalendar FILE loads a newer
production calendar year in the xmlcalendar format. See docs/calendar.md.

examples:
  civica calendar --year 2024
  civica calendar --year 2024 --employees 0 -o ngo-2024.ics
  civica calendar --year 2023 --lang en --format csv
  civica calendar --year 2023 --grant "Школа НКО;2023-03-01;2024-02-29;6;15;30;Фонд президентских грантов" -o grants-2023.md"""


def _bool_flag(parser: Any, name: str, help_text: str, default: Optional[bool] = None) -> None:
    dest = name.replace("-", "_")
    group = parser.add_mutually_exclusive_group()
    group.add_argument(f"--{name}", dest=dest, action="store_true", default=default, help=help_text)
    group.add_argument(
        f"--no-{name}", dest=dest, action="store_false", help=f"the opposite of --{name}"
    )


#: The largest income civica's money holds: 2^63 - 1 kopecks.
_MAX_INCOME = Decimal(2**63 - 1) / 100


def _income(text: str) -> Decimal:
    try:
        # As an amount is written in Russian documents: "2 500 000", "2500000,50", "2,5 млн".
        value = _core.parse_money(text)
    except _core.ParseError as e:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an amount of roubles from 0 to {_MAX_INCOME} (e.g. 2500000, 2 500 000,50 or "
            f"2,5 млн): {e}"
        )
    # parse_money gives whole kopecks that 64 bits hold (a third decimal or more is its error).
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: use an amount of roubles from 0 to {_MAX_INCOME}")
    return value


def _date(text: str) -> _dt.date:
    first, last = _core.date_years
    try:
        return _core.parse_day(text.strip())  # YYYY-MM-DD or DD.MM.YYYY, as a workbook's dates
    except _core.ParseError as e:
        # The core's reason names what is wrong: the form, the month, the day, or a year outside
        # the years civica takes.
        raise argparse.ArgumentTypeError(f"{text!r} is not a date civica takes (YYYY-MM-DD or DD.MM.YYYY, "
                                         f"of the years {first} to {last}): {e}")


#: The fields of --grant that are counts: their name, range and default.
# The ranges are the core's (civica/calendar/obligations.hpp); the defaults are Grant's.
_GRANT_COUNTS = (("PERIOD_MONTHS", 1, _core.calendar.max_period_months, None),
                 ("REPORT_DAYS", 0, _core.calendar.max_report_days, 15),
                 ("FINAL_DAYS", 0, _core.calendar.max_report_days, 30))


def _name(value: str) -> str:
    """An argparse ``type``: the organisation's name, text that is not blank (a heading ending
    in "— " names nobody)."""
    from . import cli

    value = cli.text(value).strip()
    if not value:
        raise argparse.ArgumentTypeError("the name is empty: give the organisation's name, or leave out --name")
    return value


def _grant(text: str) -> Any:
    from . import cli
    from .calendar import Grant

    cli.text(text)  # its title and operator are texts
    # Seven fields at most: the last, OPERATOR, keeps any ";" it holds ("Фонд поддержки; филиал
    # Югра" was cut to its first part without a word).
    parts = [p.strip() for p in text.split(";", 6)]
    if len(parts) < 4:
        raise argparse.ArgumentTypeError(
            f"{text!r}: use TITLE;START;END;PERIOD_MONTHS[;REPORT_DAYS[;FINAL_DAYS[;OPERATOR]]]"
        )
    if not parts[0]:
        # Its reports are told apart by it («Аналитический отчёт по гранту «…»»).
        raise argparse.ArgumentTypeError(f"{text!r}: TITLE, the 1st field, is empty: name the grant")
    try:
        start, end = _date(parts[1]), _date(parts[2])
    except argparse.ArgumentTypeError as e:
        raise argparse.ArgumentTypeError(f"{text!r}: START and END are the 2nd and 3rd fields ({e}); "
                                         "a TITLE cannot hold \";\"") from None
    counts = []
    for i, (name, low, high, default) in enumerate(_GRANT_COUNTS, start=3):
        given = parts[i] if len(parts) > i else ""
        try:
            value = int(given) if given or default is None else default
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r}: {name} must be a whole number from {low} to {high}, not {given!r}"
            )
        counts.append(value)
    if end < start:
        raise argparse.ArgumentTypeError(f"{text!r}: END {end} is before START {start}")
    return Grant(
        title=parts[0],
        start=start,
        end=end,
        period_months=counts[0],
        report_days=counts[1],
        final_report_days=counts[2],
        operator=parts[6] if len(parts) > 6 else "",
    )


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Adds the options of ``civica calendar`` to ``parser``."""
    from .cli import MAX_COUNT, given_path, text, whole_number, year

    parser.add_argument(
        "--year",
        type=year(_core.calendar.calendar_years),
        required=True,
        help="the calendar year (deadlines that fall in it), {} to {}".format(*_core.calendar.calendar_years),
    )
    parser.add_argument(
        "--format",
        choices=("md", "csv", "ics"),
        default=None,
        help="output format: md (Markdown table, the default), csv (for spreadsheets: RFC 4180 "
        "quoting, LF line ends, a cell that would be a formula gets a ' in front), or ics (iCalendar "
        "for calendar apps); guessed from the -o file's extension when not given, and refused when it "
        "contradicts that extension",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=given_path,
        metavar="FILE",
        help="write to FILE instead of standard output (- is standard output)",
    )
    parser.add_argument(
        "--lang", choices=("ru", "en"), default="ru", help="language of the texts (default: ru)"
    )

    prof = parser.add_argument_group(
        "organisation profile (defaults: the small АНО described above)"
    )
    prof.add_argument("--name", type=_name, default=None, help="organisation name shown in titles")
    prof.add_argument(
        "--legal-form",
        type=whole_number(0, 99999, "an ОКОПФ code"),
        default=None,
        metavar="OKOPF",
        help="legal form as an ОКОПФ code: 71400 АНО (default), 70400 foundation, "
        "20200 public organisation, ...",
    )
    _bool_flag(
        prof,
        "public-association",
        "a public association under 82-FZ (files ОН0003 to the Ministry of Justice); implied by "
        "the public forms 20200, 20201, 20210, 20211, 70403, 75505",
    )
    _bool_flag(
        prof,
        "socially-oriented",
        "a socially oriented NGO (files 1-СОНКО to Rosstat); default: yes",
    )
    prof.add_argument(
        "--employees",
        type=whole_number(0, MAX_COUNT),
        default=None,
        help="number of employees; 0 means no payroll reports (default: 3)",
    )
    prof.add_argument(
        "--tax-regime",
        choices=("usn", "osn"),
        default=None,
        help="usn: simplified system (default); osn: general (its profit tax return and the ЕНП "
        "notifications are not in the calendar: see docs/calendar.md, 'Not modelled')",
    )
    _bool_flag(prof, "vat-payer", "pays VAT (quarterly VAT returns); default: no")
    _bool_flag(
        prof, "foreign-funds", "received money or property from foreign sources; default: no"
    )
    _bool_flag(
        prof, "foreign-founders", "has foreign founders, members or participants; default: no, "
        "yes for 71610 (a branch of a foreign NGO)"
    )
    prof.add_argument(
        "--income",
        type=_income,
        default=None,
        metavar="RUB",
        help="income of the reported year in roubles, as documents write it (2500000, \"2 500 000,50\", "
        "\"2,5 млн\"); over 3000000 (or foreign money or founders) means ОН0001/ОН0002 instead of the "
        "simplified Minjust statement (default: 1500000)",
    )
    prof.add_argument(
        "--grant",
        type=_grant,
        action="append",
        default=[],
        metavar="SPEC",
        help="a grant agreement (see below)",
    )

    rules = parser.add_argument_group("rules and production calendar")
    rules.add_argument(
        "--rules",
        type=given_path,
        action="append",
        default=[],
        metavar="FILE",
        help="extra rules file (JSON); repeatable",
    )
    rules.add_argument(
        "--xmlcalendar",
        type=given_path,
        action="append",
        default=[],
        metavar="FILE",
        help="a production calendar year in the xmlcalendar format; repeatable",
    )
    rules.add_argument(
        "--weekends-only",
        action="store_true",
        help="for years the production calendar does not know, treat only weekends as days off "
        "(a guess; otherwise such a year is an error)",
    )

    ics = parser.add_argument_group("iCalendar options")
    ics.add_argument(
        "--alarm-days",
        type=whole_number(0, 365),
        metavar="N",
        help="reminder N days before each deadline, 0 for none (default: 3); at most 365",
    )
    ics.add_argument(
        "--uid-prefix",
        type=text,
        metavar="TEXT",
        help="put before event UIDs (e.g. the INN) to keep calendars of several "
        "organisations apart",
    )
    parser.set_defaults(func=run)


def add_parser(subparsers: Any) -> None:
    """Registers ``calendar`` on the subparsers of the main ``civica`` command."""
    from .cli import _Formatter

    parser = subparsers.add_parser(
        "calendar",
        help="personal reporting calendar of an NGO (ics, csv, md)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=_Formatter,
    )
    configure_parser(parser)


def _profile(args: argparse.Namespace) -> Any:
    from .calendar import NgoProfile

    from . import okopf_name
    from .cli import _CliError

    base = NgoProfile.default()
    name = args.name
    if args.legal_form is not None:
        problem = _core.calendar.legal_form_problem(args.legal_form)
        if problem:
            raise _CliError(f"--legal-form {problem}")
        if args.foreign_founders is False:
            problem = _core.calendar.foreign_founders_problem(args.legal_form, False)
            if problem:
                raise _CliError(f"--no-foreign-founders: {problem}")
        if args.public_association is False:
            problem = _core.calendar.public_association_problem(args.legal_form, False)
            if problem:
                raise _CliError(f"--no-public-association: {problem}")
        form = okopf_name(args.legal_form, english=args.lang == "en") or ""
        if name is None:
            name = form[:1].upper() + form[1:] + (" (example)" if args.lang == "en" else " (пример)")
    elif name is None and args.lang == "en":
        name = "ANO (example)"
    values = {
        "name": name if name is not None else base.name,
        "legal_form": args.legal_form if args.legal_form is not None else base.legal_form,
        "socially_oriented": args.socially_oriented
        if args.socially_oriented is not None
        else base.socially_oriented,
        "employees": args.employees if args.employees is not None else base.employees,
        "tax_regime": args.tax_regime or base.tax_regime,
        "vat_payer": bool(args.vat_payer),
        "foreign_funds": bool(args.foreign_funds),
        # None: what the legal form says, as for public_association below.
        "foreign_founders": args.foreign_founders,
        "annual_income": args.income if args.income is not None else base.annual_income,
        "grants": args.grant,
    }
    # None: what the legal form says (NgoProfile decides, as for every caller).
    values["public_association"] = args.public_association
    return NgoProfile(**values)


def _unknown_year(message: str) -> Optional[str]:
    """The production calendar's refusal of a year it does not know, in the terms of this
    command's options; None for another message."""
    found = re.match(r"production calendar: year (\d+) is not known \(known years: ([^)]*)\)", message)
    if found is None:
        return None
    return (f"the production calendar does not know {found.group(1)} (it knows {found.group(2)}): load that "
            "year's calendar with --xmlcalendar FILE (the xmlcalendar format), or give --weekends-only to move "
            "deadlines past weekends only")


def run(args: argparse.Namespace) -> int:
    """Runs ``civica calendar`` with parsed arguments; returns the exit status."""
    from . import calendar as cal

    from .cli import _CliError, a_format, refuse_a_folder_for_one_file, refuse_output_onto_input
    from .io import _shown as shown

    output = args.output if args.output != "-" else None  # -: standard output
    refuse_a_folder_for_one_file(output, "the calendar", "calendar." + (args.format or "md"))
    refuse_output_onto_input(output, [*(("--rules", f) for f in args.rules),
                                      *(("--xmlcalendar", f) for f in args.xmlcalendar)], "the calendar")
    fmt = args.format
    if output:
        suffix = Path(output).suffix.lower().lstrip(".")
        named = {"ics": "ics", "ical": "ics", "csv": "csv", "md": "md", "markdown": "md"}.get(suffix)
        if fmt is None and named is None:
            raise _CliError(f"{shown(output)}: cannot tell the calendar's format from the suffix "
                            f"{'.' + suffix if suffix else '(none)'}; name it .ics, .csv or .md, or give --format")
        if fmt is not None and named is not None and named != fmt:
            raise _CliError(f"-o {shown(output)} names {a_format(named)} file, but --format is {fmt}")
        fmt = fmt or named
    fmt = fmt or "md"
    # The iCalendar options mean nothing to the other formats: refused rather than dropped unseen.
    given = [option for option, value in (("--alarm-days", args.alarm_days), ("--uid-prefix", args.uid_prefix))
             if value is not None]
    if given and fmt != "ics":
        raise _CliError(f"{', '.join(given)}: for the ics format only (-o FILE.ics or --format ics); "
                        f"the calendar is written as {fmt}")

    # The calendar's own warnings are said as this command's, after its errors.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", cal.CalendarWarning)
        try:
            profile = _profile(args)
            days = cal.load_xmlcalendar(*args.xmlcalendar, weekends_only=args.weekends_only)
            rules = args.rules or None
            if fmt == "ics":
                text = cal.to_icalendar(
                    profile,
                    args.year,
                    lang=args.lang,
                    rules=rules,
                    calendar=days,
                    alarm_days=3 if args.alarm_days is None else args.alarm_days,
                    uid_prefix=args.uid_prefix or "",
                )
            elif fmt == "csv":
                text = cal.to_csv(profile, args.year, lang=args.lang, rules=rules, calendar=days)
            else:
                text = cal.to_markdown(profile, args.year, lang=args.lang, rules=rules, calendar=days)
        except (ValueError, KeyError, TypeError) as e:
            message = str(e.args[0] if isinstance(e, KeyError) and e.args else e)
            raise _CliError(_unknown_year(message) or message) from None
    for w in caught:
        if isinstance(w.message, cal.CalendarWarning):
            print(f"civica: warning: {w.message}", file=sys.stderr)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    if not days.knows_year(args.year):
        # Only with --weekends-only does an unknown year get this far: its deadlines are guesses.
        print(f"civica: warning: the production calendar does not know {args.year}:"
              " its deadlines are moved past "
              "weekends only, not past holidays or transferred days off; load that year's calendar "
              "with --xmlcalendar for exact dates", file=sys.stderr)
    if output:
        from .cli import write_output

        def write(path: str) -> None:
            # newline="" keeps the CRLF line ends iCalendar requires.
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)

        write_output(output, write)
        print(f"{shown(output)}: {fmt} calendar written", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python -m civica.cli_calendar``: ``civica calendar`` on its own."""
    from .cli import main as cli_main

    return cli_main(["calendar", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    sys.exit(main())
