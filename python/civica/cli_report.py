"""``civica report``: the annual public-engagement report of a city from a dataset.

    civica report                                    # khanty-mansiysk-2020, 2020, Russian Markdown
    civica report --lang en --format html -o report.html
    civica report --dataset khanty-mansiysk-2020-synthetic --format json
    civica report --dataset ./my-city-2021 --year 2021 --territory my-city --show-missing
    civica report --dataset surgut.xlsx --format pdf -o report.pdf
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Dict, Optional

from . import _core

DEFAULT_DATASET = "khanty-mansiysk-2020"
DEFAULT_YEAR = 2020

_DESCRIPTION = """\
Write the annual report on public engagement of a city: collegial public bodies and their
meetings, the resource centre, trainings for NGOs, the NGO landscape, grant competitions and
their trend, the competition for individuals and the city's rank among municipalities.

Every figure comes from the dataset: a published figure (indicator) when there is one, else a
count over the dataset's records by the definitions of docs/analysis.md; a section without
data is left out (or, with --show-missing, says the data is missing). When the dataset has
records of the year but every section would be left out, nothing is written and the exit
status is 1; a --year of which the dataset holds no records or figures at all is a usage
error (exit status 2, naming the years it has). Where records contradict a published
figure the report states the published one; --notes adds the analysts' notes on such
disagreements, in the report's language. The wording comes from a template per language
(data/templates/report.<lang>.txt; see docs/report.md), which --template replaces (checked
before use: a misspelt slot is an error naming its line); the
territory's name forms come from its municipality row (name_genitive, name_prepositional,
name_en)."""

_EPILOG = """\
examples:
  civica report
  civica report --lang en --format html -o khanty-mansiysk-2020.html
  civica report --dataset khanty-mansiysk-2020-synthetic --format json
  civica report --growth-rate --format txt
  civica report --template my-wording.ru.txt
  civica report --dataset khanty-mansiysk-2020-synthetic --notes
  civica report --dataset surgut.xlsx --format docx -o report.docx
  civica report --dataset surgut.xlsx --format pdf -o report.pdf"""

#: Formats written as documents (civica.document) rather than text.
DOCUMENT_FORMATS = ("docx", "pdf")


def _dataset(args: argparse.Namespace) -> Any:
    """The dataset to report on, and the year it names: a bundled name or folder is passed on
    as it is; a file (a workbook, an SQLite store, …), or any path given with ``--from``, is
    read with civica.io.read."""
    from . import io, report
    from .cli import dataset_argument, input_path

    path = args.dataset
    if path is None:  # the bundled one, whatever the current folder holds (by its path, as
        # datasets.load reads a folder of that name in the current folder)
        from . import datasets

        path = str(datasets.path(DEFAULT_DATASET))
        if args.source_format is None:
            return path, DEFAULT_YEAR
    if args.source_format is None and not os.path.isfile(path):
        if os.path.exists(path):  # a folder, even one named as a bundled dataset
            return dataset_argument(path), None
        if path not in report._GENERATED:  # made when it is not bundled
            input_path(path)  # neither a path nor a bundled name: an error naming the bundled ones
        return path, DEFAULT_YEAR if path == DEFAULT_DATASET else None
    path = str(input_path(path))
    year = None
    options: Dict[str, Any] = {}
    workbook = False
    if path.lower().endswith(".xlsx"):  # workbooks say their problems in the report's language
        options["lang"] = args.lang
        workbook = (io._format_name(args.source_format) or io.guess_format(path)) == "xlsx"
    # Read first: a bad cell of a workbook's About sheet (its report year) is said as its other
    # problems are, in the workbook's language.
    dataset = io.read(path, format=args.source_format, **options)
    if workbook:
        from . import xlsx

        setting = xlsx.workbook_settings(path).get("year", "")
        year = int(setting) if setting.isdigit() else None
    return dataset, year


#: The report format each output suffix names.
_SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".html": "html", ".htm": "html", ".json": "json",
             ".docx": "docx", ".pdf": "pdf"}


def _output_format(args: argparse.Namespace) -> str:
    """--format, else the format -o's suffix names, else (standard output) md; a --format that
    contradicts the suffix (a PDF named .docx) is an error, and so is a file whose suffix names
    no format when --format does not say one."""
    from .cli import _CliError, a_format, refuse_a_folder_for_one_file
    from .io import _shown as shown

    refuse_a_folder_for_one_file(args.output, "the report", "report." + (args.format or "md"))
    named = None
    if args.output and args.output != "-":
        suffix = os.path.splitext(args.output)[1].lower()
        named = _SUFFIXES.get(suffix)
        if named is None and args.format is None:
            raise _CliError(f"{shown(args.output)}: cannot tell the report's format from the suffix "
                            f"{suffix or '(none)'}; name it .md, .txt, .html, .json, .docx or .pdf, "
                            f"or give --format")
    if args.format is None:
        return named or "md"
    if named is not None and named != args.format and {named, args.format} != {"md", "txt"}:
        raise _CliError(f"-o {shown(args.output)} names {a_format(named)} file, but --format is {args.format}")
    return str(args.format)


def _empty(dataset: Any, year: Optional[int], options: Dict[str, Any]) -> Optional[str]:
    """Why the report would say nothing (no statement of any section can be worded from the
    data), or None when it says something."""
    from . import report

    content = report.build(dataset, year, **options)
    if any(st.text for s in content.sections for st in s.statements):
        return None
    name = content.dataset or str(getattr(dataset, "info", None) and dataset.info.name or "")
    # Of the territory asked for, when one is: the dataset may hold much of that year, of others.
    of = f" of «{options['territory']}»" if options.get("territory") else ""
    why = (f"the report for {content.year} would be empty: «{name}» holds nothing{of} it covers for that year "
           f"(public councils, the resource centre, trainings, the NGOs of a territory, Presidential, "
           f"Governor's or municipal grants)")
    if not content.territory:
        why += ", and it names no territory (a municipality)"
    return why + ". `civica info` shows what it holds; --year picks another year, --show-missing prints the " \
                 "sections anyway."


def _run(args: argparse.Namespace) -> int:
    from . import report
    from .cli import _CliError, refuse_output_onto_input, write_output, written_in_place
    from .io import _shown as shown

    args.format = _output_format(args)
    refuse_output_onto_input(args.output, (("--dataset", args.dataset or DEFAULT_DATASET), ("--template", args.template)),
                             "the report")
    try:  # the template's language, which --lang, when given too, must be
        args.lang = report.language(args.lang, args.template)
    except ValueError as e:
        raise _CliError(str(e)) from None
    dataset, named_year = _dataset(args)
    year = args.year if args.year is not None else named_year
    options = dict(
        lang=args.lang,
        territory=args.territory,
        template=args.template,
        growth_rate=args.growth_rate,
        show_missing=args.show_missing,
        notes=args.notes,
    )
    if not args.show_missing and args.format != "json":
        # A report with no section is refused rather than written (JSON is the content: it
        # still gives the figures).
        dataset = report._dataset(dataset)
        why = _empty(dataset, year, options)
        if why:
            print(f"civica: {why}", file=sys.stderr)
            return 1
    if args.format in DOCUMENT_FORMATS:
        from . import document

        if not args.output or args.output == "-":
            if sys.stdout.isatty():
                raise _CliError(f"--format {args.format} writes a file: name it with -o FILE")
            path = None
        else:
            path = args.output
        doc = document.build(dataset, year, **options)
        write_document = document.to_docx if args.format == "docx" else document.to_pdf
        if path is not None and not written_in_place(path):
            write_document(doc, path)
            print(f"{shown(path)}: {args.format} report written", file=sys.stderr)
            return 0
        import tempfile

        # Standard output, a device or a pipe: the document is made in a file, then copied.
        with tempfile.TemporaryDirectory(prefix="civica-report-") as tmp:
            out = os.path.join(tmp, "report." + args.format)
            write_document(doc, out)
            data = Path(out).read_bytes()
        if path is None:
            sys.stdout.buffer.write(data)
        else:
            write_output(path, lambda p: Path(p).write_bytes(data))
            print(f"{shown(path)}: {args.format} report written", file=sys.stderr)
        return 0
    text = report.render(dataset, year, format=args.format, **options)
    if args.output and args.output != "-":
        write_output(args.output, lambda p: Path(p).write_text(text, encoding="utf-8"))
        print(f"{shown(args.output)}: {args.format} report written", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def add_parser(subparsers: Any) -> None:
    """Adds ``civica report`` to the main CLI (civica.cli)."""
    from .cli import _Formatter, given_path, text, year
    from .io import FORMATS as io_formats
    from .report import FORMATS, LANGUAGES

    p = subparsers.add_parser(
        "report", help="write the annual public-engagement report", formatter_class=_Formatter,
        description=_DESCRIPTION, epilog=_EPILOG)
    p.add_argument("--dataset", type=given_path, metavar="NAME|PATH", default=None,
                   help=f"bundled dataset name, or any path civica reads: a dataset folder (also in "
                        f"Excel's CSV dialects), a workbook made by `civica new`, a 360Giving file, an "
                        f"SQLite store, … (default: {DEFAULT_DATASET})")
    p.add_argument("--from", dest="source_format", choices=io_formats, metavar="FORMAT",
                   help="the format of --dataset's path (default: guessed from its contents, as "
                        "`civica convert --from`)")
    p.add_argument("--year", type=year(), metavar="YEAR",
                   help="the report's year, {} to {} (default: 2020 for the default dataset, the "
                        "workbook's report year for a workbook, else the latest year with published "
                        "figures of the territory, or with records when it has none)".format(*_core.date_years))
    p.add_argument("--territory", type=text, metavar="NAME",
                   help="municipality id, name or English name (default: the dataset's territory)")
    p.add_argument("--lang", choices=LANGUAGES, default=None,
                   help="language (default: the --template's @language, else ru)")
    p.add_argument("--format", choices=FORMATS + DOCUMENT_FORMATS, default=None,
                   help="md, txt, html (self-contained, with SVG charts), json, docx (an editable "
                        "Word document) or pdf (A4) (default: the one -o FILE's suffix names; md on "
                        "standard output)")
    p.add_argument("-o", "--output", type=given_path, metavar="FILE",
                   help="write to FILE instead of standard output (- is standard output); a suffix "
                        "that names no format needs --format")
    p.add_argument("--growth-rate", action="store_true",
                   help="state the compound annual growth rate of trends")
    p.add_argument("--show-missing", action="store_true",
                   help="keep sections without data, saying the data is missing")
    p.add_argument("--notes", action="store_true",
                   help="add the analysts' notes: the published figures the records contradict "
                        "(the public text has none)")
    p.add_argument("--template", type=given_path, metavar="FILE",
                   help="a template file to use instead of the bundled one (see docs/report.md); it "
                        "is checked before use, and its @language is the report's")
    p.set_defaults(func=_run)
