"""``civica convert``: a dataset from one format to another.

    civica convert grants.json city.sqlite                 # 360Giving JSON → SQLite
    civica convert registry.csv registry.parquet           # ФПГ registry → Parquet tables
    civica convert ./my-city out.json --to json            # dataset folder → one JSON file
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from typing import Any, Dict, List, Optional

_DESCRIPTION = """\
Convert a dataset between the formats civica reads and writes. The input format is guessed
from the contents of IN and the output format from the suffix of OUT unless --from/--to name
them. Formats: civica (dataset folder), store (the whole dataset in one binary .civica file),
csv (folder of the native tables' CSV files in any
dialect), json (native tables in one JSON file), sqlite, 360giving (JSON, or flat CSV when OUT
ends in .csv), pgf (Presidential Grants Fund registry CSV), popolo, parquet (folder of Parquet
tables; needs pyarrow), xlsx (a civica workbook; pgf and 360giving go into a .xlsx file as a
sheet; needs openpyxl). Nothing the target format can hold is lost: the currency of the data
(e.g. GBP from a 360Giving file) and award dates go along, and 360Giving's own fields
(descriptions, locations, classifications) too when both ends are 360Giving. A bad record stops
the conversion with its file, line and field (or, with --on-error skip, is left out and listed),
and OUT is replaced atomically: it holds the old content or the new, never a mix. Progress is
shown on stderr for files over 10 MB."""

_EPILOG = """\
examples:
  civica convert grants.json city.sqlite
  civica convert ./my-city national.civica
  civica convert city.sqlite grants.csv --to 360giving
  civica convert ./tables-cp1251 ./my-city --from csv --encoding windows-1251 --decimal-comma
  civica convert registry.csv registry.parquet --lenient-identifiers --on-error skip"""

_BIG = 10 * 1024 * 1024


class _ProgressLine:
    """A one-line progress display on stderr when it is a terminal, for files of 10 MB and more:
    `reading grants.json: 45% (120/266 MB)`. A read
    that stops before the end (a bad record, Ctrl-C) leaves the line open: :meth:`end` closes
    it, so that the message that follows starts a line of its own."""

    def __init__(self, path: str, quiet: bool) -> None:
        self.name = os.path.basename(os.path.normpath(path))
        from .io import _input_size

        size = _input_size(path)  # a folder's: its tables together, as read()'s progress counts
        # Only where someone watches it: in a log file the redrawn line would be clutter.
        self.show = not quiet and size >= _BIG and sys.stderr.isatty()
        self.last = 0.0
        self.open = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.5:
            return
        self.last = now
        pct = 100 * done // total if total else 100
        mb = 1024 * 1024
        sys.stderr.write(f"\r{stage}ing {self.name}: {pct:3d}% ({done // mb}/{total // mb} MB)")
        if done >= total:
            sys.stderr.write(", parsed\n")
        sys.stderr.flush()
        self.open = done < total

    def end(self) -> None:
        if self.open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.open = False


#: The formats written as one JSON document besides civica's own JSON form, which a .json
#: suffix names. (Those a workbook takes as a sheet are the registry's .xlsx variants.)
_ALSO_JSON = {"360giving", "popolo"}


def _refuse_a_suffix_of_another_format(output: str, target_format: str) -> None:
    """A usage error when OUT's suffix names another format than --to (``y.xlsx --to parquet``,
    ``out.civica --to sqlite``), as report and calendar refuse ``-o r.md --format html``: the
    file would be named for a format it does not hold. A suffix civica does not know (``.db3``,
    none) names nothing."""
    from . import _core, io
    from .cli import _CliError
    from .io import _shown as shown

    name = output.rstrip("/" + os.sep)  # "x.json/" names the file or folder x.json
    suffix = os.path.splitext(name)[1]
    if not suffix:
        return
    try:
        named = io.guess_format(name, for_writing=True)
    except (ValueError, _core.CivicaError):
        return
    if named == "civica":
        # No suffix names the civica folder: the writer's guess says civica for a suffix it does
        # not know only because OUT is an existing folder (a csv or parquet folder written by an
        # earlier run, "my.2024"), which says nothing about the format to write into it.
        return
    takes = target_format == named or (target_format, suffix.lower()) in io._VARIANTS or \
        (named == "json" and target_format in _ALSO_JSON)
    if not takes:
        raise _CliError(f"{shown(output)}: its suffix {suffix} is that of the {named} format, but --to is "
                        f"{target_format}: name OUT for what it will hold, or leave out --to")


def folder_formats() -> List[str]:
    """The formats io.write writes as a folder, which replaces a folder OUT as a whole: the
    compiled civica and csv folders, and each Python format that says it writes a folder."""
    from . import io

    return ["civica", "csv", *(name for name, fmt in io._FORMATS.items() if fmt.folder)]


def _cmd_convert(args: argparse.Namespace) -> int:
    from . import io
    from .cli import _CliError, input_path, refuse_output_onto_input, written_in_place
    from .io import _shown as shown

    started = time.monotonic()
    source = str(input_path(args.input))
    if args.output == "-":
        raise _CliError("convert writes OUT as a file or a folder, not to standard output: name it "
                        "(e.g. out.json, or a folder)")
    if written_in_place(args.output):
        raise _CliError(f"{shown(args.output)} is a device or a pipe: convert writes OUT as a file or a folder, "
                        "which it replaces")
    read_options = reading_options(args)
    # The dialect options take part in the guess, as in civica.io.read.
    source_format = args.source_format or io.guess_format(source, **read_options)
    target_format = args.target_format or io.guess_format(args.output, for_writing=True)
    refuse_output_onto_input(args.output, [("IN", source)], "OUT", replaces_folder=target_format in folder_formats())
    _refuse_a_suffix_of_another_format(args.output, target_format)
    refuse_unused_reading_options(args, source_format, source)
    # The options of the csv writer, for no other format: checked before a read that may take minutes.
    csv_options = (("--out-separator", args.out_separator), ("--out-encoding", args.out_encoding),
                   ("--bom", args.bom), ("--out-decimal-comma", args.out_decimal_comma))
    given = [option for option, value in csv_options if value]
    if given and target_format != "csv":
        raise _CliError(f"{', '.join(given)}: for OUT in the csv format only (a folder of CSV tables, --to csv); "
                        f"OUT is {target_format}")
    if args.lang and target_format != "xlsx":
        raise _CliError(f"--lang: for OUT in the xlsx format only (a civica workbook); OUT is {target_format}")
    found: List[Any] = []
    extras: List[Any] = []
    progress = _ProgressLine(source, args.quiet)
    on_error = "skip" if args.skip_bad_records else args.on_error
    try:
        ds = io.read(source, source_format, on_error=on_error, problems=found,
                     lenient_identifiers=args.lenient_identifiers, threads=args.threads, extras=extras,
                     progress=progress, **read_options)
    finally:
        progress.end()
    for p in found:
        print(f"{'skipped' if p.severity == 'error' else 'warning'}: {_without_severity(p)}", file=sys.stderr)
    write_options: Dict[str, Any] = {}
    if target_format == "csv":
        write_options.update(separator=args.out_separator or ",", encoding=args.out_encoding or "utf-8", bom=args.bom,
                             decimal_comma=args.out_decimal_comma)
    if target_format == "360giving" and extras:
        write_options["extras"] = extras
    if target_format == "xlsx":
        # A workbook converted to a workbook keeps its language and report year (an English
        # workbook came back with Russian headings and without its year).
        settings: Dict[str, str] = {}
        if source_format == "xlsx":
            from . import xlsx

            settings = xlsx.workbook_settings(source)
        write_options["lang"] = args.lang or settings.get("language") or "ru"
        if settings.get("year"):
            write_options["year"] = int(settings["year"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", io.DataNotKeptWarning)
        io.write(ds, args.output, target_format, **write_options)
    not_kept: List[io.DataNotKeptWarning] = []
    for w in caught:
        if isinstance(w.message, io.DataNotKeptWarning):
            not_kept.append(w.message)
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    counts = {k: v for k, v in ds.row_counts().items() if v}
    skipped = sum(1 for p in found if p.severity == "error")
    if not args.quiet:
        # A format that holds part of a dataset is read back by io.write, which says what it did not keep.
        written = {k: v for k, v in not_kept[0].written.items() if v} if not_kept else counts
        summary = ", ".join(f"{v} {k}" for k, v in written.items()) or "no rows"
        print(f"{shown(args.input)} ({source_format}) → {shown(args.output)} ({target_format}): {summary}, money in "
              f"{ds.info.currency}{_skipped_note(skipped)} "
              f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
        for dropped in not_kept:
            for line in dropped.notes:
                print(f"note: {target_format} does not keep {line}", file=sys.stderr)
    return 0


def _skipped_note(n: int) -> str:
    return "" if n == 0 else f"; {n} record{'' if n == 1 else 's'} skipped"


def _without_severity(p: Any) -> str:
    """A problem as civica words it (``file:line: column "…": … [check]``) without the severity
    it starts with: convert says "skipped" or "warning" in its place."""
    text = str(p)
    prefix = f"{p.severity}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def add_reading_options(g: Any) -> None:
    """The options of the dialect a csv folder (or a 360Giving flat CSV) is written in, for every
    command that reads one: ``convert`` and ``validate``."""
    g.add_argument("--encoding", choices=["auto", "utf-8", "windows-1251"],
                   help="csv, json, 360giving, pgf: encoding of the input (default: detected per file)")
    g.add_argument("--separator", type=separator, metavar="SEP",
                   help="csv, 360giving flat CSV, pgf: ',', ';' or 'tab' (default: detected per file)")
    g.add_argument("--decimal-comma", action="store_true", help="csv, json: numbers are written 12,5")
    g.add_argument("--lenient-money", action="store_true",
                   help="csv, json, xlsx: accept amounts such as '3,7 млн' and '30 000 000,00'")


def separator(text: str) -> str:
    """An argparse ``type``: a CSV separator, ',', ';' or a tab (written 'tab' or '\\t')."""
    value = "\t" if text in ("tab", "\\t") else text
    if value not in (",", ";", "\t"):
        raise argparse.ArgumentTypeError(f"{text!r}: use ',', ';' or 'tab'")
    return value


def reading_options(args: argparse.Namespace) -> Dict[str, Any]:
    """civica.io.read's dialect options from the options add_reading_options adds."""
    options: Dict[str, Any] = {"decimal_comma": args.decimal_comma, "lenient_money": args.lenient_money}
    if args.encoding:
        options["encoding"] = args.encoding
    if args.separator:
        options["separator"] = args.separator
    return options


def refuse_unused_reading_options(args: argparse.Namespace, source_format: str, path: str) -> None:
    """Refuses a reading option IN's format does not use (``--decimal-comma`` for an SQLite store,
    ``--threads`` for a folder or a workbook), by civica.io.read's rule (``Format.read_uses``),
    said with the options as the command line names them and before a read that may take
    minutes."""
    from . import _core, io
    from .cli import _CliError

    flags = {"encoding": "--encoding", "separator": "--separator", "decimal_comma": "--decimal-comma",
             "lenient_money": "--lenient-money", "threads": "--threads", "lenient_identifiers": "--lenient-identifiers"}
    fmt = io._format_for(source_format, path)
    if fmt.read_uses is None:
        return
    # What every format has (UTF-8, ',') and the defaults are no option given.
    given = [name for name in flags
             if getattr(args, name, None) is not None and getattr(args, name) is not False
             and getattr(args, name) not in ("auto", "utf-8", ",")]
    refused = [name for name in given if name not in fmt.read_uses]
    if not refused:
        return
    compiled = list(_core.io.format_names)
    users = {name: [f for f in compiled if name in _core.io.read_options_used(f)] for name in refused}
    same = [name for name in refused if users[name] == users[refused[0]]]
    formats = users[refused[0]]
    where = (f"the {formats[0]} format only" if len(formats) == 1 else
             f"the formats {', '.join(formats[:-1])} and {formats[-1]} only")
    if formats == ["pgf"]:
        where += " (the Presidential Grants Fund registry)"
    kind = "a workbook of " if fmt is not io._FORMATS.get(source_format) else ""
    raise _CliError(f"{', '.join(flags[name] for name in same)}: for IN in {where}; IN is {kind}{source_format}")


def add_parser(sub: Any) -> None:
    """Adds ``civica convert`` to the ``civica`` command."""
    from .cli import MAX_COUNT, _Formatter, given_path, whole_number
    from .io import FORMATS

    p = sub.add_parser("convert", help="convert a dataset between formats", formatter_class=_Formatter,
                       description=_DESCRIPTION, epilog=_EPILOG)
    p.add_argument("input", type=given_path, metavar="IN", help="the file or folder to read")
    p.add_argument("output", type=given_path, metavar="OUT",
                   help="the file or folder to write (replaced atomically; not IN, not standard output)")
    p.add_argument("--from", dest="source_format", choices=FORMATS, metavar="FORMAT",
                   help="the format of IN (default: guessed from its contents)")
    p.add_argument("--to", dest="target_format", choices=FORMATS, metavar="FORMAT",
                   help="the format of OUT (default: guessed from its suffix; a suffix of another format is "
                        "refused: y.xlsx --to parquet)")
    g = p.add_argument_group("reading", "Each option is refused for a format that does not use it.")
    add_reading_options(g)
    g.add_argument("--threads", type=whole_number(0, MAX_COUNT, note=" (0: every core)"), metavar="N",
                   help="pgf: parse on N threads (default, or 0: every core; at most 8 are used)")
    g = p.add_argument_group("bad records")
    g.add_argument("--on-error", choices=["raise", "skip"], default="raise",
                   help="raise: stop at the first bad record (default); skip: leave bad records (and the "
                        "records referring to them) out and list them on stderr")
    g.add_argument("--skip-bad-records", action="store_true", help=argparse.SUPPRESS)  # --on-error skip
    g.add_argument("--lenient-identifiers", action="store_true",
                   help="pgf: let rows with a wrong INN/OGRN checksum through (listed as warnings)")
    g = p.add_argument_group("writing (the currency is the data's own: see `civica info`)")
    g.add_argument("--out-separator", type=separator, metavar="SEP", help="csv: ',', ';' or 'tab' (default ',')")
    g.add_argument("--out-encoding", choices=["utf-8", "windows-1251"],
                   help="csv: encoding of the files written (default utf-8)")
    g.add_argument("--bom", action="store_true", help="csv: start UTF-8 files with a byte-order mark")
    g.add_argument("--out-decimal-comma", action="store_true", help="csv: write numbers as 12,5 (with --out-separator ';' or tab)")
    g.add_argument("--lang", choices=["ru", "en"],
                   help="xlsx: the language of the workbook's headings and choices (default: that of IN when IN "
                        "is a civica workbook, else ru); the report year of IN's workbook is kept too")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    p.set_defaults(func=_cmd_convert)


def main(argv: Optional[List[str]] = None) -> int:  # pragma: no cover - `python -m civica.cli_io`
    from .cli import main as cli_main

    return cli_main(["convert", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
