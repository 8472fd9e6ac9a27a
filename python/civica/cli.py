"""The ``civica`` command-line tool.

    civica datasets                          # the bundled datasets
    civica info khanty-mansiysk-2020         # tables, row counts, years, published figures
    civica validate path/to/dataset          # every problem found, with file and line

Other modules add subcommands: a module listed in ``PLUGINS`` that defines
``add_parser(subparsers)`` gets to add its own parser (which sets ``func`` to a function taking
the parsed arguments and returning the exit code). A plugin that is not installed is skipped.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import io as _stdio
import json
import os
import re
import signal
import stat
import sys
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .io import _os_reason
from .io import _shown as shown  # a path or text as messages show it (bytes that are not UTF-8 as \xe9)

#: Modules that add subcommands, in the order they appear in ``civica --help``.
PLUGINS: List[str] = ["civica.cli_io", "civica.cli_calendar", "civica.cli_report", "civica.cli_new"]

_DESCRIPTION = """\
civica: local civil society as data. Look at the bundled datasets; summarise, check and convert
a dataset in any format civica reads; write a city's annual public-engagement report, an NGO's
reporting calendar, or a workbook to fill in for a new city."""

_EPILOG = """\
examples:
  civica datasets
  civica info khanty-mansiysk-2020
  civica info ./my-city-2021 --json
  civica validate ./my-city-2021
  civica convert grants.json city.sqlite

Run `civica COMMAND --help` for the options of a command. A dataset is a bundled one's name, a
folder of CSV files with a manifest.json (docs/dataset-format.md) or a file in another format
civica reads (docs/formats.md).

exit status:
  0    done
  1    validate found errors in the data; report had nothing to say
  2    a usage error, or data civica cannot read (the message says which)
  130  stopped by Ctrl-C (129 SIGHUP, 143 SIGTERM: 128 + the signal's number)
  141  the reader of the output went away (`civica validate … | head -1`)"""

_QUALIFIER_WORDS = {"exact": "", "more_than": "more than ", "at_least": "at least ", "about": "about "}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """The help of every civica command. A description or epilog is written as paragraphs of
    lines without indent, which are joined and filled to the terminal's width; a blank line or
    a line ending in ":" before an indented line (a heading) ends a paragraph. An indented line
    is an item of a list: one too long is wrapped under its indent, except an example command
    (``civica …``), kept whole however long, so that it can be copied as it is."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=30)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out: List[str] = []
        paragraph: List[str] = []

        def end_paragraph() -> None:
            if paragraph:
                out.append(textwrap.fill(" ".join(paragraph), width, initial_indent=indent, subsequent_indent=indent,
                                         break_on_hyphens=False, break_long_words=False))
                paragraph.clear()

        lines = text.splitlines()
        for k, line in enumerate(lines):
            if not line.strip():
                end_paragraph()
                out.append("")
            elif line[0].isspace():
                end_paragraph()
                own = line[: len(line) - len(line.lstrip())]
                if line.lstrip().startswith("civica ") or len(indent) + len(line) <= width:
                    out.append(indent + line)  # an example command stays whole, to be copied
                else:
                    out.append(textwrap.fill(line.strip(), width, initial_indent=indent + own,
                                             subsequent_indent=indent + own + "  ", break_on_hyphens=False,
                                             break_long_words=False))
            else:
                paragraph.append(line.strip())
                following = lines[k + 1] if k + 1 < len(lines) else ""
                if line.rstrip().endswith(":") and (not following.strip() or following[0].isspace()):
                    end_paragraph()
        end_paragraph()
        return "\n".join(out)


#: A negative number, which argparse takes as a value, not as an option (its own pattern).
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


class _Parser(argparse.ArgumentParser):
    """The parser of ``civica``: its help and usage messages are printed to a stream in an
    encoding that lacks some of their letters (PYTHONIOENCODING=ascii, a console's code page)
    with those letters shown as "?", not as a traceback."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        # An option civica does not have is said first: argparse would say only what else is
        # missing (`civica --bogus info` and `civica info --bogus` said "the following arguments
        # are required: DATASET"). civica's own scan stops at the command, after which its
        # parser scans, and at "--"; a negative number is a value, as argparse takes it.
        given = list(sys.argv[1:] if args is None else args)
        commands = {name for action in self._actions if isinstance(action, argparse._SubParsersAction)
                    for name in action.choices}
        for arg in given:
            if arg in commands or arg == "--" or (commands and not arg.startswith("-")):
                break
            # What argparse takes as a value: no dash, a lone "-", a negative number, or text
            # with a space ("-Org name").
            if not arg.startswith("-") or arg == "-" or _NEGATIVE_NUMBER.match(arg) or " " in arg:
                continue
            # A long option, whole or abbreviated (--vers is --version), with or without
            # "=value"; a short one with its value or more flags attached (-oR1.md, -qq).
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg[:2]
            if not any(option.startswith(name) if name.startswith("--") else option == name
                       for option in self._option_string_actions):
                self.error(f"unrecognized arguments: {arg}")
        return super().parse_known_args(given, namespace)

    def _print_message(self, message: str, file: Any = None) -> None:
        stream = file if file is not None else sys.stderr
        try:
            super()._print_message(message, stream)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            super()._print_message(message.encode(encoding, "replace").decode(encoding), stream)


class _CommandParser(_Parser):
    """The parser of one command: an argument it does not know is a usage error of that command
    (`civica report: error: unrecognized arguments: …` under its own usage)."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error("unrecognized arguments: " + " ".join(extras))
        return parsed, extras


#: The largest count an option takes (a 32-bit int).
MAX_COUNT = 2**31 - 1


def whole_number(low: int, high: int, what: str = "a whole number", note: str = "") -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``; anything else is a usage error
    naming the option and the range (`argument --year: '3000000000': use a year from 1900 to 2200`)."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text!r}: use {what} from {low} to {high}{note}")
        return value

    return parse


def year(years: Optional[Sequence[int]] = None) -> Callable[[str], int]:
    """An argparse ``type``: a year of ``years`` (first, last), by default the years civica's
    dates have (``_core.date_years``, from the compiled core's one definition)."""
    from . import _core

    low, high = years if years is not None else _core.date_years
    return whole_number(low, high, "a year")


def a_format(name: str) -> str:
    """``an md``, ``a csv``: the name of a format with its article, as its letters are said."""
    return ("an " if name[:1] in "aefhilmnorsx" else "a ") + name


def given_path(arg: str) -> str:
    """An argparse ``type``: a path, which may not be empty (an empty one, from a variable left
    unset, would be the current folder, or nothing)."""
    if not arg:
        raise argparse.ArgumentTypeError("the path is empty")
    return arg


def text(value: str) -> str:
    """An argparse ``type``: text that is UTF-8. An argument typed in another encoding (a
    terminal set to Windows-1251, KOI8-R, …) is a usage error showing its bytes, as civica's
    texts are UTF-8: `argument --territory: "\\xd1\\xf3\\xf0\\xe3\\xf3\\xf2" is not UTF-8 text …`."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Under an ASCII locale (LC_ALL=C without Python's UTF-8 mode) Python decodes the
        # arguments' bytes as ASCII, keeping the others as surrogates: UTF-8 typed there is
        # these bytes, and is the text meant.
        try:
            value = os.fsencode(value).decode("utf-8")
        except (UnicodeError, ValueError):
            raise argparse.ArgumentTypeError(f"\"{shown(value)}\" is not UTF-8 text: type it in UTF-8 (is the "
                                             f"terminal set to another encoding?)") from None
    # A control character is refused here, naming the option, not later in a cell of the
    # workbook or a line of the calendar the user never typed.
    from . import _core

    problem = _core.io.control_character_problem(value)
    if problem:
        # Shown with what cannot be printed escaped (the rule itself is the core's).
        visible = "".join(ch if ch.isprintable() or ch in "\t\n\r" else f"\\x{ord(ch):02x}" for ch in value)
        raise argparse.ArgumentTypeError(f"\"{shown(visible)}\" {problem}; remove it")
    return value


def _format_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", " ")
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return f"{value:,}".replace(",", " ") if isinstance(value, float) else str(value)


def format_indicator_value(ind: Any) -> str:
    """``more than 300``, ``3 700 000.00``: an indicator's value with its qualifier."""
    qualifier = str(ind.qualifier)
    return _QUALIFIER_WORDS.get(qualifier, qualifier + " ") + _format_value(ind.value)


# ---- civica datasets -------------------------------------------------------------------------


def _print_json(value: Any) -> None:
    """``value`` as JSON on standard output, written whole: raw UTF-8 text where the output is
    UTF-8, else with every other character escaped (still the same JSON), never half a document."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    sys.stdout.write(json.dumps(value, ensure_ascii=not utf8, indent=2) + "\n")


def _cmd_datasets(args: argparse.Namespace) -> int:
    from . import datasets

    env = os.environ.get("CIVICA_DATA_DIR")
    if env and not os.path.isdir(env):
        # It was said as "no bundled datasets found" on standard output, exit 0.
        why = "is not a folder" if os.path.exists(env) else "names a folder that does not exist"
        raise _CliError(f"CIVICA_DATA_DIR={shown(env)} {why}: point it at civica's data folder (the one holding "
                        f"datasets/), or unset it to use the installed one")
    infos = datasets.catalog()
    if args.json:
        _print_json([{"name": i.name, "title": i.title, "territory": i.territory, "synthetic": i.synthetic}
                     for i in infos])
        return 0
    if not infos:
        print("no bundled datasets found (is civica installed with its data folder?)")
        return 0
    width = max(len(i.name) for i in infos)
    for i in infos:
        flag = "synthetic" if i.synthetic else "published"
        print(f"{i.name:<{width}}  {flag:<9}  {i.title}")
    return 0


# ---- civica info -----------------------------------------------------------------------------


def _load(name_or_path: str, source_format: Optional[str] = None) -> Any:
    """A bundled dataset by name or any path civica reads; with ``source_format`` (``--from``)
    the path is read in that format instead of the guessed one."""
    from . import datasets

    path = input_path(name_or_path)  # neither a path nor a bundled name: the error names the bundled ones
    if source_format is None:
        return datasets.load(dataset_argument(name_or_path))
    return datasets.load(str(path), format=source_format)


def _info_dict(ds: Any) -> Dict[str, Any]:
    indicators = []
    for ind in ds.indicators:
        value = ind.value
        indicators.append({
            "key": ind.key,
            "year": ind.year,
            "territory": ind.territory,
            "breakdown": ind.breakdown,
            "value": str(value) if isinstance(value, Decimal) else value,
            "qualifier": ind.qualifier,
            "unit": ind.unit,
            "source": ind.source,
        })
    info = ds.info
    return {
        "name": info.name,
        "title": info.title,
        "territory": info.territory,
        "description": info.description,
        "source": info.source,
        "licence": info.licence,
        "synthetic": info.synthetic,
        "currency": info.currency,
        "years": list(ds.years()),
        "tables": dict(ds.row_counts()),
        "indicators": indicators,
    }


def _cmd_info(args: argparse.Namespace) -> int:
    ds = _load(args.dataset, args.source_format)
    if args.json:
        _print_json(_info_dict(ds))
        return 0
    info = ds.info
    heading = info.title or info.name or args.dataset
    print(heading + (f" ({info.name})" if info.name and info.name != heading else ""))
    if info.territory:
        print(f"territory: {info.territory}")
    print("synthetic: " + ("yes (generated records, not observed data)" if info.synthetic else "no"))
    if info.source:
        print(f"source: {info.source}")
    if info.licence:
        print(f"licence: {info.licence}")
    print(f"currency: {info.currency} (amounts are hundredths of it)")
    years = ds.years()
    print("years: " + (", ".join(str(y) for y in years) if years else "none"))

    counts = {name: n for name, n in ds.row_counts().items() if n}
    print()
    print("tables:" if counts else "tables: all empty")
    if counts:
        width = max(len(name) for name in counts)
        for name, n in counts.items():
            print(f"  {name:<{width}}  {n:>8}")
        empty = len(ds.row_counts()) - len(counts)
        if empty:
            print(f"  ({empty} other tables are empty)")

    rows = []
    for ind in ds.indicators:
        key = ind.key + (f" [{ind.breakdown}]" if ind.breakdown else "")
        if ind.territory and ind.territory != info.territory:
            key += f" ({ind.territory})"
        rows.append((key, str(ind.year), format_indicator_value(ind), ind.unit))
    if rows:
        print()
        print("indicators:")
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for key, year, value, unit in rows:
            print(f"  {key:<{widths[0]}}  {year:<{widths[1]}}  {value:>{widths[2]}}  {unit}")
    return 0


# ---- civica validate -------------------------------------------------------------------------


def format_problem(p: Any) -> str:
    """``file:line: field: message [check]`` (parts that are unknown are left out: a problem of
    the whole folder or file given, which the count line after them names, has no place)."""
    parts: List[str] = []
    if p.file:
        parts.append(p.file + (f":{p.line}" if p.line is not None else ""))
    if p.field:
        parts.append(p.field)
    tag = p.check if p.severity == "error" else f"{p.check}, warning"
    parts.append(f"{_for_the_command_line(p.message)} [{tag}]")
    return ": ".join(parts)


#: The hint of a reader's message naming the format to read with (`read it as Parquet (format
#: "parquet", civica --from parquet)`): "civica --from parquet" is no command.
_FORMAT_HINT = re.compile(r'\(format "([\w-]+)", civica --from \1\)')


def _for_the_command_line(message: str) -> str:
    """A reader's message as the command line says it: the format to read with is named by the
    option that names it (`read it as Parquet (--from parquet)`)."""
    return _FORMAT_HINT.sub(r"(--from \1)", message)


_COUNTED = {"error": ("ошибка", "ошибки", "ошибок"),
            "warning": ("предупреждение", "предупреждения", "предупреждений")}


def _count(n: int, what: str, lang: str) -> str:
    """``3 errors`` / ``3 ошибки``: a count with its noun in the language of the messages."""
    if lang == "ru":
        from .report import plural_phrase

        return plural_phrase(n, list(_COUNTED[what]))
    return f"{n} {what}{'s' if n != 1 else ''}"


def input_path(arg: str) -> Path:
    """The path a command's input names: the path itself, else the folder of the bundled
    dataset of that name (as `civica info` and `report --dataset` take them)."""
    from . import datasets

    path = Path(arg)
    if not _exists(path) and os.sep not in arg and arg in datasets.names():
        path = datasets.path(arg)
    if not _exists(path):
        bundled = datasets.names()
        raise _CliError(f"{shown(arg)}: no such file or folder, nor a bundled dataset "
                        + (f"(the bundled datasets are {', '.join(bundled)})" if bundled
                           else "(there are none: civica's data folder is missing)"))
    return path


def _exists(path: Path) -> bool:
    """Whether ``path`` names something; a path the system cannot even look up (a name too
    long, a folder that cannot be searched) is an error saying why, not a raw OSError."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        return False
    except OSError as e:
        raise _CliError(f"{shown(os.fspath(path))}: {e.strerror or e}") from None
    return True


def dataset_argument(arg: str) -> str:
    """A DATASET argument (info, report --dataset) as civica.datasets.load takes it: a path
    that exists is read as that path, also when a bundled dataset has its name, as every
    command reads it (see :func:`input_path`); anything else is the name of a bundled dataset."""
    if os.path.exists(arg) and not os.path.dirname(arg):
        return os.path.join(os.curdir, arg)
    return arg


#: The paths that name one of the process's open descriptors (/dev/stdout, /dev/fd/1,
#: /proc/self/fd/1): written into whatever the descriptor is, a file the shell opened too.
_DESCRIPTOR_PATH = re.compile(r"^/dev/(?:stdin|stdout|stderr|fd/\d+)$|^/proc/(?:self|thread-self|\d+)(?:/task/\d+)?/fd/\d+$")


def written_in_place(path: str) -> bool:
    """Whether an output file is written into rather than replaced: a character or block device,
    a named pipe or a socket (/dev/null, a FIFO), by what the system says the path is, or a
    path naming an open descriptor (/dev/stdout, /dev/fd/1). Replacing one atomically would
    put a plain file in its place. Another path under /dev or /proc (a file on /dev/shm) is a
    file as any other, replaced atomically."""
    if _DESCRIPTOR_PATH.match(os.path.normpath(os.path.abspath(path))):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def refuse_a_folder_for_one_file(output: Optional[str], what: str, example: str) -> None:
    """A usage error when ``-o`` ends in a path separator (``-o newdir/``): that names a folder,
    but ``what`` ("the report") is one file (it was written as a plain file "newdir", or refused
    for a suffix it did not have). ``example`` is a file name to suggest ("report.md")."""
    if not output or output == "-":
        return
    separators = tuple(s for s in ("/", os.sep, os.altsep) if s)
    if output.endswith(separators):
        raise _CliError(f"-o {shown(output)} ends in \"{output[-1]}\", which names a folder, but {what} is one "
                        f"file: name the file (e.g. {shown(os.path.join(output, example))})")


def refuse_output_onto_input(output: Optional[str], inputs: Iterable[Tuple[str, Optional[str]]], what: str, *,
                             replaces_folder: bool = False) -> None:
    """A usage error when writing ``output`` would overwrite an input of the command, each given
    as (option, path; a bundled dataset by its name): ``output`` is an input file or folder
    itself, or lies inside an input folder where it would replace a file of it or be read as one
    of the dataset's files the next time (a new report.md beside the tables is neither), or, with
    ``replaces_folder`` (the output is a folder written as a whole), is a folder an input lies in. ``what`` names what the command
    writes ("the report"); for convert, whose output is OUT and input IN (``inputs`` =
    [("IN", path)]), the messages say OUT and IN."""
    from .io import _shown as shown

    if not output or output == "-":
        return
    convert = what == "OUT"
    said = shown(output) if convert else f"-o {shown(output)}"
    out = os.path.realpath(output)
    for option, given in inputs:
        path = _input_location(given)
        if path is None or given is None:
            continue
        kind = "folder" if os.path.isdir(path) else "file"
        name = "IN" if convert else f"the {option} {kind}"
        kept = f"({name} is kept as it is)"
        if os.path.exists(output) and os.path.samefile(path, output):
            if convert:
                raise _CliError(f"{said} is IN itself: write OUT to another path {kept}")
            raise _CliError(f"{said} is {name}: write {what} to another file {kept}")
        where = os.path.realpath(path)
        named = f"IN, the {kind} {shown(given)}" if convert else f"{name} {shown(given)}"
        if kind == "folder" and _inside(out, where) and (os.path.lexists(output) or _a_file_of_the_dataset(out, where)):
            raise _CliError(f"{said} is inside {named}: write {what} outside that folder {kept}")
        if replaces_folder and _inside(where, out):
            raise _CliError(f"{said} is a folder that holds {named}, and {what} replaces the whole folder: "
                            f"write {what} to another path {kept}")


def _input_location(given: Optional[str]) -> Optional[str]:
    """The file or folder an input argument names: the path, else a bundled dataset's folder
    by its name; None when it names nothing (another check says so)."""
    if not given:
        return None
    if os.path.exists(given):
        return given
    if os.sep not in given:
        from . import datasets

        if given in datasets.names():
            return str(datasets.path(given))
    return None


def _a_file_of_the_dataset(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` is a file a dataset folder's readers read in ``folder``: its
    manifest or a table, as a CSV file or a Parquet file."""
    from . import _core

    if os.path.dirname(path) != folder:
        return False
    tables = [f[: -len(".csv")] for f in _core.io.dataset_table_files()]
    return os.path.basename(path) in {"manifest.json", *(t + ".csv" for t in tables), *(t + ".parquet" for t in tables)}


def _inside(path: str, folder: str) -> bool:
    """Whether the resolved ``path`` lies inside (below) the resolved ``folder``."""
    return path != folder and os.path.commonpath([path, folder]) == folder


def write_output(path: str, write: Callable[[str], Any]) -> None:
    """Writes the output file ``path`` of a command with ``write(p)``, which writes a whole file
    at ``p``: replaced atomically (civica's one atomic replacement: the old content or the new,
    never a mix, and the folder made when missing), or written straight into a device or a
    named pipe (see :func:`written_in_place`)."""
    from . import _core

    if written_in_place(path):
        try:
            write(path)
        except OSError as e:  # said as civica's atomic writes say it, naming the file
            raise _core.CivicaIOError(f"cannot write \"{shown(path)}\": {_os_reason(e)}") from None
        return
    _core.io.replace_atomically(path, lambda tmp: write(os.fspath(tmp)))  # it makes the folder


def _cmd_validate(args: argparse.Namespace) -> int:
    from . import io
    from .cli_io import reading_options, refuse_unused_reading_options

    path = input_path(args.path)
    options: Dict[str, Any] = {"lang": args.lang} if args.lang else {}
    dialect = reading_options(args)
    options.update({k: v for k, v in dialect.items() if v})
    if args.lenient_identifiers:
        options["lenient_identifiers"] = True
    if len(options) > (1 if args.lang else 0):
        refuse_unused_reading_options(args, args.source_format or io.guess_format(path, **dialect), str(path))
    problems = io.problems(path, format=args.source_format, **options)
    show: Callable[[Any], str] = format_problem
    # Only a workbook's messages are said in Russian: the problems of another format are in
    # English, and so is their tally (it was "0 ошибок, 83 предупреждения" under them).
    lang = "en"
    if str(path).lower().endswith(".xlsx"):  # a workbook: sheet, row and column heading
        from . import _core, xlsx

        try:
            # An unknown language is a problem of the About sheet, which the check lists.
            own = xlsx._own_language(path) if (args.source_format or io.guess_format(path)) == "xlsx" else None
        except (_core.CivicaError, ValueError):  # a damaged workbook: its problem says so
            own = None
        lang = args.lang or own or "en"

        def show(p: Any) -> str:
            # A workbook that cannot be opened has no sheet to name.
            return format_problem(p) if p.check in ("unreadable", "cannot_open") else xlsx.format_problem(p, lang)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if args.summary:
        frame = io.check(path, format=args.source_format, **options)
        for row in frame.itertuples(index=False):
            if args.quiet and row.severity != "error":
                continue
            ids = ", ".join(row.ids[:5]) + (", …" if len(row.ids) > 5 else "")
            print(f"{row.severity:<7}  {row.check:<28} {row.records:>7}  {row.file}"
                  + (f"  ({ids})" if ids else ""))
    else:
        for p in problems:
            if args.quiet and p.severity != "error":
                continue
            print(show(p))
    # The tally goes to stderr, after the problems on stdout, whatever it says. It counts what
    # the data has, the warnings --quiet left out too, and says that they were not listed.
    if not problems:
        print(f"{shown(args.path)}: " + ("ошибок нет" if lang == "ru" else "no problems found"), file=sys.stderr)
    else:
        hidden = ""
        if args.quiet and warnings:
            hidden = " (--quiet: предупреждения не показаны)" if lang == "ru" else " (not listed: --quiet)"
        print(f"{shown(args.path)}: {_count(len(errors), 'error', lang)}, {_count(len(warnings), 'warning', lang)}"
              + hidden, file=sys.stderr)
    return 1 if errors else 0


# ---- the parser ------------------------------------------------------------------------------


class _CliError(Exception):
    """An error to report as `civica: error: …` with exit code 2."""


def _version() -> str:
    try:
        from . import __version__

        return __version__
    except ImportError:  # pragma: no cover - the compiled core is missing
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``civica`` with every available subcommand."""
    from .io import FORMATS

    parser = _Parser(
        prog="civica", description=_DESCRIPTION, epilog=_EPILOG, formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"civica {_version()}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", dest="command", parser_class=_CommandParser)

    p = sub.add_parser(
        "datasets", help="list the bundled datasets", formatter_class=_Formatter,
        description="List the datasets bundled with civica: name, kind (published figures or "
                    "synthetic records) and title.",
        epilog="examples:\n  civica datasets\n  civica datasets --json")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_cmd_datasets)

    p = sub.add_parser(
        "info", help="summarise a dataset", formatter_class=_Formatter,
        description="Summarise a dataset: title, territory, tables with row counts, years, and "
                    "the published figures (indicators) with their qualifiers and units. A "
                    "figure published as \"более 300\" shows as \"more than 300\".",
        epilog="examples:\n  civica info khanty-mansiysk-2020\n  civica info ./my-city-2021 --json\n"
               "  civica info grants.json\n  civica info city.sqlite\n"
               "  civica info registry.csv --from pgf")
    p.add_argument("dataset", type=given_path, metavar="DATASET",
                   help="a bundled dataset name (see `civica datasets`), or any path civica reads: a "
                        "dataset folder (also in Excel's CSV dialects), a 360Giving file, an SQLite "
                        "store, … (the format is guessed as by `civica convert`)")
    p.add_argument("--from", dest="source_format", choices=FORMATS, metavar="FORMAT",
                   help="the format of DATASET (default: guessed from its contents, as `civica "
                        "convert --from`)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=_cmd_info)

    p = sub.add_parser(
        "validate", help="check data in any format and list every problem", formatter_class=_Formatter,
        description="Check a dataset folder or a file in any format civica reads (a city's Excel "
                    "workbook made by `civica new`, 360Giving, the ФПГ registry, Popolo, SQLite, native "
                    "CSV/JSON; see `civica convert --help`) and print every problem, one per line, as "
                    "`file:line: field: message [check]`, or for a workbook as `sheet \"…\", row N, column "
                    "\"…\": message [check]` in the workbook's language (--lang to choose). "
                    "Warnings (values that load but look wrong) are marked `warning`. With "
                    "--summary, one line per check with how many records fail and which. A last "
                    "line on stderr counts the errors and warnings (or says there are none); with "
                    "--quiet it still counts the warnings and says they were not listed. The "
                    "exit code is 1 when there are errors (the data would not load, or, for an open-data "
                    "format, its schema refuses it: a 360Giving recipient without a name), 0 otherwise.",
        epilog="examples:\n  civica validate surgut.xlsx\n  civica validate ./my-city-2021\n"
               "  civica validate ./my-city-2021 --quiet\n"
               "  civica validate grants.json --summary\n  civica validate registry.csv --from pgf")
    p.add_argument("path", type=given_path, metavar="PATH", help="a dataset folder or a data file")
    p.add_argument("--from", "--format", dest="source_format", choices=FORMATS, metavar="FORMAT",
                   help="the format of PATH (default: guessed from its contents, as `civica convert "
                        "--from`); --format is another name for it")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="errors only, not warnings (with --summary: the lines of the checks that fail "
                        "with errors); the count on stderr still includes the warnings, marked as not "
                        "listed")
    p.add_argument("--summary", action="store_true", help="one line per check: count and record ids")
    p.add_argument("--lang", choices=("ru", "en"), default=None,
                   help="language of the messages for a workbook (default: the workbook's own); the "
                        "messages of other formats are in English")
    p.add_argument("--lenient-identifiers", action="store_true",
                   help="ФПГ registry: an INN or OGRN with a wrong checksum is a warning, as in "
                        "`civica convert --lenient-identifiers` (default: an error, as in a plain read)")
    from .cli_io import add_reading_options

    add_reading_options(p.add_argument_group("reading, as `civica convert`",
                                             "Each option is refused for a format that does not use it."))
    p.set_defaults(func=_cmd_validate)

    for module_name in PLUGINS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if e.name == module_name:
                continue  # not part of this build
            print(f"civica: warning: {module_name} could not be loaded: {e}", file=sys.stderr)
            continue
        except Exception as e:  # a broken plugin must not break the other commands
            print(f"civica: warning: {module_name} could not be loaded: {e}", file=sys.stderr)
            continue
        add: Optional[Callable[[Any], None]] = getattr(module, "add_parser", None)
        if add is not None:
            add(sub)
    return parser


#: The exit code when standard output is closed before everything is written (as `| head`
#: does), that of a program killed by SIGPIPE: whatever the command found, its output is cut.
BROKEN_PIPE = 128 + 13


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, ``timeout``, a service manager stopping a job) or SIGHUP (the terminal
    closed) while a command runs. It is raised where Ctrl-C's KeyboardInterrupt would be, so a
    file being written is left as it was and its hidden temporary removed, as for Ctrl-C; killed
    by the signal's default action, the process left the temporary behind."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum: int, frame: Any) -> None:
    raise _Terminated(signum)


def _handle_termination() -> Dict[int, Any]:
    """Makes SIGTERM and SIGHUP raise _Terminated while a command runs; returns the handlers
    they had, to be put back. Only the main thread can set them (cli.main called from another
    thread keeps the process's handlers), and a handler a program set on purpose is kept."""
    import threading

    before: Dict[int, Any] = {}
    if threading.current_thread() is not threading.main_thread():
        return before
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) == signal.SIG_DFL:
            before[signum] = signal.signal(signum, _raise_terminated)
    return before


class _ClosedOutput(_stdio.TextIOBase):
    """Standard output when the process was started with it closed (``civica … >&-``): Python
    then has none, and the first write failed as AttributeError on None. Writing raises the
    OSError a closed descriptor gives, which the command line reports; a command that writes
    only its file (``report -o``, ``convert``) goes on as usual."""

    encoding = "utf-8"

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    @property
    def buffer(self) -> Any:  # where bytes (a PDF, a workbook) go
        raise OSError(errno.EBADF, "standard output is closed")


def _stand_in_for_closed_streams() -> None:
    """Stand-ins for standard output and error when the process was started without them:
    output fails where it is written (above); messages to a closed standard error are dropped,
    and the exit code still says what happened."""
    if sys.stdout is None or _closed(sys.stdout):
        sys.stdout = _ClosedOutput()
    if sys.stderr is None or _closed(sys.stderr):
        sys.stderr = open(os.devnull, "w", encoding="utf-8")


def _closed(stream: Any) -> bool:
    """Whether ``stream``'s descriptor cannot be written: closed, or (a launcher such as pyenv's
    shim, started with it closed, leaves its own script there) open for reading only."""
    try:
        fd = stream.fileno()
        os.fstat(fd)
    except (ValueError, AttributeError, _stdio.UnsupportedOperation):  # not a file (captured in a test)
        return False  # (UnsupportedOperation is an OSError too: it is the first asked)
    except OSError:
        return True
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        return fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY
    except OSError:
        return True


def _silence_stdout() -> None:
    """Points standard output at the null device, so that what is still buffered for a reader
    that has gone away is dropped at exit instead of failing again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # stdout is not a file (e.g. captured in a test)
        pass


def _with_option(message: str, args: argparse.Namespace) -> str:
    """A message asking to "name the format (civica, csv, …)" of a file whose format civica
    cannot tell, with the option of the command that names it: --from for an input, --to for
    the output of convert."""
    option, dest = ("--to", "target_format") if "format to write to" in message else ("--from", "source_format")
    if "; name the format (" not in message or not hasattr(args, dest):
        return message
    return message.replace("; name the format (", f"; name the format with {option} (", 1)


def _unnamed_write_error(e: BaseException, args: argparse.Namespace) -> Optional[str]:
    """The message of an error of the disk that names no file (a full disk, a quota, a file
    too large: "[Errno 28] No space left on device"), naming the file the command writes."""
    if not isinstance(e, OSError) or e.filename or e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return None
    # The file the command writes: -o FILE or OUT; the workbook of `civica new`. validate and
    # info write to standard output, which has no name to give.
    target = getattr(args, "output", None)
    if getattr(args, "command", None) == "new":
        from .xlsx import _workbook_path

        target = _workbook_path(str(args.path))
    if not target or target == "-":
        return f"cannot write standard output: {e.strerror}"
    return f"cannot write \"{shown(str(target))}\": {e.strerror}"


def _is_stdout_encoding(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == codecs.lookup(sys.stdout.encoding or "").name
    except (LookupError, AttributeError):
        return False


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs ``civica`` with ``argv`` (default: the process arguments); returns the exit code."""
    _stand_in_for_closed_streams()
    try:
        parser = build_parser()
        args = parser.parse_args(list(argv) if argv is not None else None)
    except SystemExit as e:  # --help, --version and usage errors
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        from . import CivicaError
    except ImportError as e:  # pragma: no cover - the compiled core is missing
        print(f"civica: error: {e}", file=sys.stderr)
        return 2
    handlers = _handle_termination()
    try:
        code = args.func(args)
        sys.stdout.flush()  # here, so that a reader that has gone away is noticed here
        return int(code) if code is not None else 0
    except BrokenPipeError:  # e.g. `civica validate … | head -1`: the rest of the output is lost
        _silence_stdout()
        return BROKEN_PIPE
    except UnicodeEncodeError as e:
        if not _is_stdout_encoding(e.encoding):
            raise
        # Standard output in an encoding that lacks a letter civica writes (PYTHONIOENCODING,
        # a console's code page): the output is cut there.
        letter = e.object[e.start]
        print(f"civica: error: standard output is in {e.encoding}, which cannot hold U+{ord(letter):04X} "
              f"({letter}) of the output: set PYTHONIOENCODING=utf-8"
              + (" or write to a file with -o FILE" if hasattr(args, "output") else ""), file=sys.stderr)
        return 2
    except (CivicaError, _CliError, OSError) as e:
        message = _unnamed_write_error(e, args) or _for_the_command_line(str(e))
        print(f"civica: error: {_with_option(message, args)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as e:
        written = getattr(e, "civica_written", None)
        signum = e.signum if isinstance(e, _Terminated) else signal.SIGINT
        said = "interrupted" if signum == signal.SIGINT else f"terminated by {signal.Signals(signum).name}"
        unchecked = " (the check of what its format keeps was not made)" if getattr(e, "civica_unchecked", False) else ""
        print(f"civica: {said}" + (f" after {shown(written)} was written{unchecked}" if written else ""), file=sys.stderr)
        return 128 + signum  # as a shell reports a command its signal ended
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
