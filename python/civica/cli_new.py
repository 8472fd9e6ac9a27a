"""``civica new``: a new dataset for a city, as an Excel workbook to fill in.

    civica new surgut --territory Сургут --year 2024
    civica new ./data/nyagan-2023 --territory Нягань --region "Ханты-Мансийский автономный округ – Югра"
    civica new tomsk --territory Tomsk --lang en
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from typing import Any

from . import _core

_DESCRIPTION = """\
Create a new dataset for a territory (a city or district) as an Excel workbook PATH.xlsx to fill
in (.xlsx is added to a PATH without a suffix; civica writes .xlsx workbooks, so a PATH ending
in another suffix, such as .xls or .csv, is refused). The workbook explains on its first sheet
what to enter and in which order; it has one sheet per table (organisations, grant competitions
and applications, courses, public councils and their meetings, the resource centre's support,
…) with headings in Russian or English, date and money cell formats and drop-down lists for
every choice and every reference to another sheet, and a sheet for the figures the city has
published. The territory, the Presidential Grants Fund and the governor's grant programmes are
filled in already.

The workbook is the dataset: check it with `civica validate PATH.xlsx`, write the report with
`civica report --dataset PATH.xlsx --format docx -o report.docx`, convert it with
`civica convert PATH.xlsx FOLDER`. docs/your-city.md walks through it."""

_EPILOG = """\
examples:
  civica new surgut --territory Сургут --year 2024
  civica new nyagan --territory Нягань --region "Ханты-Мансийский автономный округ – Югра"
  civica new tomsk --territory Tomsk --lang en"""

_NEXT = {
    "ru": """\
{path}: книга для заполнения создана ({territory}, {year} год).
Дальше:
  1. откройте её в Excel или LibreOffice и заполните листы по порядку (первый лист объясняет, как);
  2. civica validate {arg}                  — проверка: каждая ошибка с листом, строкой и столбцом;
  3. civica report --dataset {arg} --format docx -o отчёт.docx   (или --format pdf -o отчёт.pdf)""",
    "en": """\
{path}: workbook created ({territory}, {year}).
Next:
  1. open it in Excel or LibreOffice and fill in the sheets in order (the first sheet explains how);
  2. civica validate {arg}                  — every problem with its sheet, row and column;
  3. civica report --dataset {arg} --format docx -o report.docx   (or --format pdf -o report.pdf)""",
}


def _run(args: argparse.Namespace) -> int:
    from . import xlsx
    from .cli import _CliError
    from .io import _shown as shown

    if os.path.basename(args.path) in ("", ".", ".."):
        raise _CliError(f"{shown(args.path)} names a folder, not the workbook: give the workbook's file name too "
                        f"(e.g. {os.path.join(shown(args.path), 'surgut')})")
    if not args.territory.strip():
        raise _CliError("--territory: the territory needs a name")
    path = xlsx.new_workbook(args.path, args.territory, region=args.region, year=args.year, lang=args.lang)
    year = xlsx.workbook_settings(path).get("year", "")
    print(_NEXT[args.lang].format(path=shown(path), arg=_shell_word(os.fspath(path)), territory=args.territory,
                                  year=year), file=sys.stderr)
    return 0


def _shell_word(path: str) -> str:
    """``path`` as a word to paste into a shell: quoted (a space or a quote in it), after "./"
    when it starts with "-" (else it reads as an option), and in bash's $'…' with \\xNN for
    bytes that are not UTF-8 (a surrogate-escaped name printed as "\\udce9" names no file)."""
    if path.startswith("-"):
        path = os.path.join(os.curdir, path)
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(path)
        return "$'" + "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in "'\\" else f"\\x{b:02x}"
                              for b in raw) + "'"
    return shlex.quote(path)


def add_parser(subparsers: Any) -> None:
    """Adds ``civica new`` to the main CLI (civica.cli)."""
    from .cli import _Formatter, given_path, text, year

    p = subparsers.add_parser("new", help="create a workbook to fill in for a new city", formatter_class=_Formatter,
                              description=_DESCRIPTION, epilog=_EPILOG)
    p.add_argument("path", type=given_path, metavar="PATH",
                   help="the workbook to create: .xlsx is added to a name without a suffix, and another suffix "
                        "(.xls, .csv) is refused")
    p.add_argument("--territory", required=True, type=text, metavar="NAME", help="the city's name, e.g. Сургут")
    p.add_argument("--region", type=text, metavar="NAME", help="its region, e.g. \"Ханты-Мансийский автономный округ – Югра\"")
    p.add_argument("--year", type=year(), metavar="YEAR", help="the report's year, {} to {} (default: last year)".format(*_core.date_years))
    p.add_argument("--lang", choices=("ru", "en"), default="ru",
                   help="language of the headings, choices and messages (default: ru)")
    p.set_defaults(func=_run)
