"""Reading, writing and checking datasets in every format civica knows: one way in, one way out.

    >>> import civica
    >>> ds = civica.io.read("grants.json")                    # 360Giving, guessed  # doctest: +SKIP
    >>> ds.info.currency                                      # "GBP": amounts are pence  # doctest: +SKIP
    >>> civica.io.write(ds, "city.sqlite")                    # SQLite, from suffix  # doctest: +SKIP
    >>> problems = []
    >>> ds = civica.io.read("export", "csv", on_error="skip", problems=problems)  # doctest: +SKIP
    >>> civica.io.check("my-data")                             # a DataFrame           # doctest: +SKIP

The formats (``FORMATS``): ``civica`` (the native dataset folder), ``store`` (the whole dataset
by column in one binary ``.civica`` file that reopens in a blink: the form for large data),
``csv`` (a folder of the
native tables' CSV files in any dialect: UTF-8 or Windows-1251, ``,`` ``;`` or tab, decimal
comma, lenient money), ``json`` (the native tables in one JSON document), ``sqlite``,
``360giving`` (JSON package or flat CSV), ``pgf`` (the Presidential Grants Fund registry CSV),
``popolo``, ``parquet`` (a folder of Parquet tables, needs pyarrow) and ``xlsx`` (a civica
workbook to fill in Excel; the ФПГ registry and 360Giving spreadsheets are read and written as
``pgf`` and ``360giving`` in a ``.xlsx`` file; needs openpyxl, see civica.xlsx). Workbooks take
``lang`` ("ru" or "en"): the language of their headings and of their problems' messages.
docs/formats.md says what maps to what. :func:`read` and :func:`write` are the way in and out for every one of
them; the format modules' own functions (``civica.formats``, ``civica.pgf.read``) are thin
aliases of them with the same shapes.

Every writer replaces its target atomically: a reader, a crash or a kill sees the old content
or the new, never a mix. Every reader keeps the dataset's currency (``ds.info.currency``, ISO
4217; money is hundredths of it) and every writer of a format that holds money writes it:
Popolo holds no money (its writer warns that the currency is not kept), and the ФПГ registry
holds roubles only (its writer refuses another currency). File work runs without the GIL.

New formats are added with :func:`register_format`.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, List, Optional, Set, Tuple, Union

from . import _core
from ._core import Dataset
from ._stack import outside_civica
from ._whole import UNSIGNED, whole_number

Problem = _core.io.Problem


def _shown(text: str) -> str:
    """A path or text as civica's messages show it: the bytes that are not UTF-8 (a file name in
    Latin-1, an argument typed in Windows-1251, which Python holds as surrogates) as ``\\xe9``,
    as the core's text::utf8_or_escaped shows them. The CLI's ``shown``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "FORMATS",
    "DataNotKeptWarning",
    "Format",
    "Problem",
    "RecordsLeftOutWarning",
    "check",
    "guess_format",
    "limits",
    "problems",
    "read",
    "register_format",
    "set_limits",
    "write",
    "check_dataset_folder",
    "dataset_format_version",
    "dataset_table_files",
    "has_errors",
    "is_sqlite_path",
    "load_sqlite",
    "read_360giving",
    "read_dataset_folder",
    "sqlite_available",
    "write_360giving",
    "write_dataset_folder",
]

PathLike = Union[str, "os.PathLike[str]"]

dataset_format_version: int = _core.io.dataset_format_version

#: True: this build stores datasets as SQLite databases (``civica.io.write(ds, "x.sqlite")``).
sqlite_available: bool = bool(getattr(_core.io, "sqlite_available", False))

_SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
_ON_ERROR = ("raise", "skip")

# The caps of the read or check in progress (its ``limits``), for what Python reads itself (a
# workbook and its sheets) and the compiled reads of what it converts; None: the caps in force.
_READ_CAPS: "contextvars.ContextVar[Optional[Dict[str, int]]]" = contextvars.ContextVar("civica_read_caps",
                                                                                          default=None)


@contextlib.contextmanager
def _caps_of(limits: Optional[Mapping[str, int]]) -> Iterator[None]:
    """The caps ``limits`` (those in force changed by them) for the reads made in this block."""
    token = _READ_CAPS.set(_core.io.limits_with(dict(limits)) if limits else _READ_CAPS.get())
    try:
        yield
    finally:
        _READ_CAPS.reset(token)


def limits() -> Dict[str, int]:
    """The input caps in force (see docs/reliability.md): ``max_file_bytes`` (2 GiB by default),
    ``max_field_bytes``, ``max_fields_per_record``, ``max_rows`` and ``max_json_depth``."""
    return dict(_core.io.limits())


def set_limits(**caps: int) -> None:
    """Changes the named input caps for the whole process, e.g. ``set_limits(max_file_bytes=8 << 30)``
    to read a ФПГ file of 10 million applications (6 GB). A cap of 0 or an unknown name raises.
    ``read(..., limits={...})`` changes them for one read only."""
    _core.io.set_limits(caps)


# ---- the formats ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """A format :func:`read` and :func:`write` know.

    ``read(path, options) -> (Dataset, problems, extras)`` and ``write(dataset, path, options)``
    are the format's reader and writer (``options``: the keyword options of :func:`read` /
    :func:`write`); None when the format cannot be read (or written). A writer written in
    Python writes a fresh file (``folder=False``) or fills a fresh empty folder
    (``folder=True``) at the path it is given, which then replaces the target atomically.
    ``guess(path)`` names the format of an existing file or folder when it can tell (asked
    before the built-in guess; a workbook holding the ФПГ registry is ``pgf``), else None;
    ``suffixes`` are the suffixes :func:`write` picks the format by. ``check(path, options)``
    lists every problem of a file (default: a skip-mode read). ``options`` names the keyword
    options the reader and writer take beyond those of :func:`read` and :func:`write`.
    ``partial``: the format holds part of a dataset (360Giving, ФПГ, Popolo), so :func:`write`
    reads the file back and warns (:class:`DataNotKeptWarning`) of what it does not keep.
    ``read_uses`` names the dialect and registry options of :func:`read` (``encoding``,
    ``separator``, ``decimal_comma``, ``lenient_money``, ``threads``, ``lenient_identifiers``)
    the reader uses: :func:`read` refuses the others given to it. None (the default for a
    registered format): the reader takes them all and says itself what it refuses.
    """

    name: str
    read: Optional[Callable[[str, Dict[str, Any]], Tuple[Dataset, List[Problem], List[Dict[str, Any]]]]] = None
    write: Optional[Callable[[Dataset, str, Dict[str, Any]], None]] = None
    folder: bool = False
    guess: Optional[Callable[[str], Optional[str]]] = None
    suffixes: Tuple[str, ...] = ()
    check: Optional[Callable[[str, Dict[str, Any]], List[Problem]]] = None
    aliases: Tuple[str, ...] = ()
    options: Tuple[str, ...] = ()
    doc: str = ""
    partial: bool = False
    read_uses: Optional[Tuple[str, ...]] = None


_FORMATS: Dict[str, Format] = {}
# (format name, suffix) -> the format's reader and writer for paths with that suffix (the ФПГ
# registry and 360Giving in an Excel workbook).
_VARIANTS: Dict[Tuple[str, str], Format] = {}

#: The formats read() and write() know, by name (register_format adds to them).
FORMATS: Tuple[str, ...] = ()


def register_format(fmt: Format, *, suffix: Optional[str] = None) -> None:
    """Adds (or replaces) a format of :func:`read`, :func:`write`, ``civica convert`` and
    ``civica validate``. Its writer is made atomic by civica (see :class:`Format`). With
    ``suffix``, ``fmt`` reads and writes the existing format ``fmt.name`` for paths ending in
    that suffix (e.g. the ФПГ registry in a ``.xlsx`` workbook)."""
    if suffix is not None:
        if fmt.name not in _FORMATS:
            raise ValueError(f"no format {fmt.name!r} to read from {suffix} files")
        _VARIANTS[(fmt.name, suffix.lower())] = fmt
        return
    _FORMATS[fmt.name] = fmt
    global FORMATS
    FORMATS = tuple(_FORMATS)


def _format_for(name: str, path: str) -> Format:
    """The reader and writer of format ``name`` for ``path`` (a variant for its suffix, if any)."""
    return _VARIANTS.get((name, os.path.splitext(path)[1].lower()), _FORMATS[name])


_READ_OPTIONS = frozenset({"format", "on_error", "threads", "limits", "encoding", "separator", "decimal_comma",
                           "lenient_money", "lenient_identifiers"})
_WRITE_OPTIONS = frozenset({"format", "separator", "encoding", "bom", "decimal_comma", "extras"})


def _refuse_unknown(options: Dict[str, Any], known: FrozenSet[str], what: str) -> None:
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"{what} got an unexpected keyword argument {unknown[0]!r} for the format "
                        f"{options['format']!r}")


def _read_compiled(path: str, options: Dict[str, Any]) -> Tuple[Dataset, List[Problem], List[Dict[str, Any]]]:
    _refuse_unknown(options, _READ_OPTIONS, "read()")
    sep = options.get("separator")
    limits_ = options.get("limits")
    ds, found, _, extras = _core.io.read(
        path, options["format"], encoding=options.get("encoding", "auto"), separator="" if sep is None else sep,
        decimal_comma=options.get("decimal_comma", False), lenient_money=options.get("lenient_money", False),
        on_error=options.get("on_error", "raise"), lenient_identifiers=options.get("lenient_identifiers", False),
        threads=options.get("threads") or 0, limits=dict(limits_) if limits_ else None)
    return ds, list(found), list(extras)


def _write_compiled(dataset: Dataset, path: str, options: Dict[str, Any]) -> None:
    _refuse_unknown(options, _WRITE_OPTIONS, "write()")
    _core.io.write(dataset, path, options["format"], separator=options.get("separator", ","),
                   encoding=options.get("encoding", "utf-8"), bom=options.get("bom", False),
                   decimal_comma=options.get("decimal_comma", False), extras=options.get("extras"))


def _read_parquet(path: str, options: Dict[str, Any]) -> Tuple[Dataset, List[Problem], List[Dict[str, Any]]]:
    from ._parquet import read_parquet

    _refuse_unknown(options, _READ_OPTIONS, "read()")
    found: List[Problem] = []
    ds = read_parquet(path, skip_bad_records=options.get("on_error") == "skip", skipped=found)
    return ds, found, []


def _check_write_options(options: Dict[str, Any], kind: str) -> None:
    """The compiled writers' rule for options a format does not use (a csv dialect option, grant
    extras), for a format written in Python: refused, not ignored."""
    _core.io.check_write_options(kind, separator=options.get("separator", ","),
                                 encoding=options.get("encoding", "utf-8"), bom=options.get("bom", False),
                                 decimal_comma=options.get("decimal_comma", False),
                                 extras=options.get("extras") is not None)


def _write_parquet(dataset: Dataset, folder: str, options: Dict[str, Any]) -> None:
    from ._parquet import write_parquet

    _refuse_unknown(options, _WRITE_OPTIONS, "write()")
    _check_write_options(options, "parquet")
    write_parquet(dataset, folder)


_COMPILED_DOCS = {
    "civica": "the native dataset folder (manifest.json and one CSV file per table)",
    "store": "the civica store: the whole dataset by column in one binary .civica file",
    "csv": "a folder of the native tables' CSV files in any dialect (Windows-1251, ';', decimal comma)",
    "json": "the native tables in one JSON document",
    "sqlite": "the SQLite store",
    "360giving": "a 360Giving JSON package, or flat CSV",
    "pgf": "the Presidential Grants Fund registry CSV",
    "popolo": "Popolo JSON (councils, their people and meetings)",
}
# The formats that hold part of a dataset (docs/formats.md, "What each format holds").
_PARTIAL_FORMATS = ("360giving", "pgf", "popolo")
_COMPILED_ALIASES = {"civica": ("folder",), "store": ("civica-store",), "sqlite": ("sqlite3",), "360giving": ("360g", "threesixtygiving"),
                     "pgf": ("fpg", "фпг")}
for _name in _core.io.format_names:
    if _name == "parquet":
        register_format(Format("parquet", read=_read_parquet, write=_write_parquet, folder=True,
                               suffixes=(".parquet",), doc="a folder of Parquet tables (needs pyarrow)",
                               read_uses=tuple(_core.io.read_options_used(_name))))
    else:
        register_format(Format(_name, read=_read_compiled, write=_write_compiled, doc=_COMPILED_DOCS.get(_name, ""),
                               aliases=_COMPILED_ALIASES.get(_name, ()), partial=_name in _PARTIAL_FORMATS,
                               read_uses=tuple(_core.io.read_options_used(_name))))


# ---- Excel workbooks (civica.xlsx, through openpyxl): the civica workbook to fill in, and the
# ФПГ registry and 360Giving as spreadsheets. Workbooks say their problems in ``lang``.


def _guess_xlsx(path: str) -> Optional[str]:
    from . import xlsx

    if not xlsx._looks_like_xlsx(path):
        return None
    xlsx._check_is_xlsx(path)  # a damaged workbook is said as such, not as a CSV without known columns
    return xlsx.sheet_kind(path)


def _xlsx_read(kind: str) -> Callable[[str, Dict[str, Any]], Tuple[Dataset, List[Problem], List[Dict[str, Any]]]]:
    def read_workbook(path: str, options: Dict[str, Any]) -> Tuple[Dataset, List[Problem], List[Dict[str, Any]]]:
        from . import xlsx

        _refuse_unknown(options, _READ_OPTIONS | {"lang"}, "read()")
        # The read's caps (read() sets them: _READ_CAPS) hold for the workbook and its sheets.
        found: List[Problem] = []
        common: Dict[str, Any] = dict(on_error=options.get("on_error", "raise"), problems=found,
                                      lang=options.get("lang"))
        ds: Dataset
        grant_extras: List[Dict[str, Any]] = []
        if kind == "pgf":
            ds = xlsx.read_pgf(path, lenient_identifiers=options.get("lenient_identifiers", False), **common)
        elif kind == "360giving":
            ds = xlsx.read_360giving(path, extras=grant_extras, **common)
        else:
            ds = xlsx.read_workbook(path, lenient_money=options.get("lenient_money", False), **common)
        return ds, found, grant_extras

    return read_workbook


def _xlsx_write(kind: str) -> Callable[[Dataset, str, Dict[str, Any]], None]:
    def write_workbook(dataset: Dataset, path: str, options: Dict[str, Any]) -> None:
        from . import xlsx

        _refuse_unknown(options, _WRITE_OPTIONS | ({"lang", "year"} if kind == "xlsx" else {"lang"}), "write()")
        _check_write_options(options, kind)
        if kind == "pgf":
            xlsx.write_pgf(dataset, path)
        elif kind == "360giving":
            xlsx.write_360giving(dataset, path, options.get("extras"))
        else:
            xlsx.write_workbook(dataset, path, lang=options.get("lang") or "ru", year=options.get("year"))

    return write_workbook


def _check_xlsx(kind: str) -> Callable[[str, Dict[str, Any]], List[Problem]]:
    def check(path: str, options: Dict[str, Any]) -> List[Problem]:
        from . import xlsx

        found: List[Problem]
        if kind == "360giving":
            found = xlsx.check_360giving(path, lang=options.get("lang"))
        else:
            # Checked as read_workbook reads it with the same options ("3,7 млн" under
            # lenient_money), so that an error is what a read refuses.
            found = xlsx.check_workbook(path, lang=options.get("lang"), lenient_money=options.get("lenient_money", False))
        return found

    return check


# A workbook's cells are typed: no encoding, separator or decimal comma; a civica workbook reads
# "3,7 млн" under lenient_money, the registry's lets a wrong checksum through.
register_format(Format("xlsx", read=_xlsx_read("xlsx"), write=_xlsx_write("xlsx"), guess=_guess_xlsx,
                       suffixes=(".xlsx",), check=_check_xlsx("xlsx"), aliases=("excel",), options=("lang", "year"),
                       doc="a civica workbook to fill in Excel (needs openpyxl: civica[office])",
                       read_uses=("lenient_money",)))
register_format(Format("pgf", read=_xlsx_read("pgf"), write=_xlsx_write("pgf"), options=("lang",), partial=True,
                       read_uses=("lenient_identifiers",)), suffix=".xlsx")
register_format(Format("360giving", read=_xlsx_read("360giving"), write=_xlsx_write("360giving"),
                       check=_check_xlsx("360giving"), options=("lang",), partial=True, read_uses=()), suffix=".xlsx")


def _format_name(format: Optional[str]) -> Optional[str]:
    if format is None:
        return None
    name = str(format).strip().lower()
    for fmt in _FORMATS.values():
        if name == fmt.name or name in fmt.aliases:
            return fmt.name
    raise _core.ValidationError(f"unknown format {format!r}; the formats are {', '.join(FORMATS)}")


def guess_format(path: PathLike, *, for_writing: bool = False, encoding: str = "auto",
                 separator: Optional[str] = None, decimal_comma: bool = False, lenient_money: bool = False) -> str:
    """The format :func:`read` would use for ``path`` (from its contents: a folder with
    manifest.json is ``civica``, or ``csv`` when its tables are in a spreadsheet dialect; a
    file starting with the SQLite header ``sqlite``, a JSON document with ``grants``
    ``360giving``, a CSV with the registry's columns ``pgf``, …), or with ``for_writing`` the
    format :func:`write` would use (from the suffix: ``.sqlite`` → ``sqlite``, ``.json`` →
    ``json``, ``.parquet`` → ``parquet``, no suffix → ``civica``). Raises ValueError saying what
    was seen when nothing fits. The dialect options are :func:`read`'s: with any of them a
    native folder is ``csv`` (a folder of UTF-8, ','-separated tables with decimal commas
    reads with ``decimal_comma=True``)."""
    p = os.fspath(path)
    if for_writing:
        # "x.parquet/" names x.parquet: the suffix is that of its last name.
        suffix = os.path.splitext(p.rstrip("/" + os.sep) or p)[1].lower()
        for fmt in _FORMATS.values():
            if suffix and suffix in fmt.suffixes:
                return fmt.name
        with _every_format_named():
            return str(_core.io.guess_output_format(p))
    for fmt in _FORMATS.values():
        guessed = fmt.guess(p) if fmt.guess is not None else None
        if guessed:
            return guessed
    with _every_format_named():
        return str(_core.io.guess_input_format(p, encoding=encoding, separator="" if separator is None else separator,
                                               decimal_comma=decimal_comma, lenient_money=lenient_money))


@contextlib.contextmanager
def _every_format_named() -> Iterator[None]:
    """The compiled library's "name the format (civica, csv, …)" lists the formats it has; from
    Python every registered one can be named (xlsx, parquet, …), so the list is Python's."""
    try:
        yield
    except _core.ValidationError as e:
        compiled = "(" + ", ".join(_core.io.format_names) + ")"
        message = str(e)
        if compiled not in message:
            raise
        raise _core.ValidationError(message.replace(compiled, "(" + ", ".join(_FORMATS) + ")")) from None


def _named(path: PathLike) -> str:
    """``path`` as text, refused when it is empty (a variable left unset): with the error the
    core's guess of an input format gives for it (CivicaIOError ``"" does not exist``), so that
    a read in any format and a write say the same, and nothing is read or written."""
    p = os.fspath(path)
    if not p:
        _core.io.guess_input_format(p)  # raises: an empty path names no file or folder
    return p


def read(path: PathLike, format: Optional[str] = None, *, on_error: str = "raise",
         problems: Optional[List[Problem]] = None, threads: Optional[int] = None,
         limits: Optional[Mapping[str, int]] = None, encoding: str = "auto", separator: Optional[str] = None,
         decimal_comma: bool = False, lenient_money: bool = False, lenient_identifiers: bool = False,
         extras: Optional[List[Dict[str, Any]]] = None,
         progress: Optional[Callable[[str, int, int], None]] = None,
         skipped: Optional[List[Problem]] = None, **format_options: Any) -> Dataset:
    """Reads a dataset from ``path`` in ``format`` (one of ``FORMATS``; guessed from the file when
    not given, see :func:`guess_format`).

    By default a bad record raises ``ParseError`` naming the file, line (or JSON path), field
    and rule, and nothing is loaded. With ``on_error="skip"`` bad records, and records that
    refer to them, are left out; ``problems`` (a list you pass) receives one
    :class:`Problem` per record left out (severity "error") and per value let through
    (severity "warning", e.g. a wrong INN checksum under ``lenient_identifiers``). Without the
    list, records left out are counted in one :class:`RecordsLeftOutWarning` naming the first.

    ``threads`` parses ``pgf`` files on that many threads (0 or None: every core, at most 8).
    ``limits`` changes input caps for this read only (e.g. ``{"max_file_bytes": 8 << 30}``;
    see :func:`limits`). A ``csv`` folder (and 360Giving flat CSV) takes ``encoding`` ("auto",
    "utf-8" or "windows-1251"; detected per file) and ``separator`` ("," ";" or "\\t";
    detected per file from its header); a ``csv`` folder and the civica JSON form also
    ``decimal_comma`` ("12,5") and ``lenient_money`` ("3,7 млн", "30 000 000,00"). ``lenient_identifiers`` lets ``pgf`` rows
    with a wrong INN/OGRN checksum through. An option the format does not use (``threads`` for
    a folder, ``decimal_comma`` for an SQLite store; UTF-8 and "," are every format's) is a
    ValidationError naming the formats that use it, not ignored (:attr:`Format.read_uses`: a
    civica workbook uses ``lenient_money``, the registry's workbook ``lenient_identifiers``).
    ``extras`` (a list you pass) receives, for
    ``360giving``, one dict per grant of what the dataset has no place for (description,
    planned duration, beneficiary locations, classifications, publisher keys); pass it to
    :func:`write` to write them back. ``problems`` or ``extras`` that is not a list is a
    TypeError, before anything is read.

    ``progress(stage, done, total)`` is called from another thread while a file is read (bytes
    read of the file's size; of a folder, of its manifest and tables together, a table counting
    whole once read), for progress bars on big files; an exception it raises ends the
    reports and is raised by ``read`` when the file has been read (it does not stop the read).
    While the file is open elsewhere in this process (another read of it), only the read's end
    is reported. ``skipped`` is the former name of ``problems``.
    """
    if on_error not in _ON_ERROR:
        raise _core.ValidationError(f"on_error must be one of {', '.join(_ON_ERROR)}, not {on_error!r}")
    if limits is not None:
        # Checked for every format, those that apply no cap included (the store, SQLite,
        # Parquet): a misspelt or zero cap is a ValidationError, not silently nothing.
        _core.io.limits_with(dict(limits))
    if threads is not None:  # 0 or None: every core
        threads = whole_number(threads, "threads", UNSIGNED)
    for argument, given, receives in (("problems", problems, "one Problem per record left out or value let through"),
                                      ("skipped", skipped, "one Problem per record left out or value let through"),
                                      ("extras", extras, "one dict per grant of what the dataset has no place for")):
        if given is not None and not callable(getattr(given, "extend", None)):
            raise TypeError(f"{argument} must be a list, which receives {receives}; "
                            f"not {type(given).__name__}")
    if skipped is not None:
        warnings.warn("civica.io.read(skipped=...) is now problems=...", DeprecationWarning, stacklevel=2)
    problems = _problems_list(problems, skipped, "read()")
    p = _named(path)
    with _caps_of(limits):  # the guess opens the file too (a workbook's kind)
        name = _format_name(format) or guess_format(p, encoding=encoding, separator=separator,
                                                    decimal_comma=decimal_comma, lenient_money=lenient_money)
        fmt = _format_for(name, p)
        if fmt.read is None:
            raise ValueError(f"civica cannot read the format {name!r}")
        options: Dict[str, Any] = dict(format_options, format=name, on_error=on_error, threads=threads,
                                       limits=limits, encoding=encoding, separator=separator,
                                       decimal_comma=decimal_comma, lenient_money=lenient_money,
                                       lenient_identifiers=lenient_identifiers)
        _refuse_unused(fmt, options)
        with _Progress(p, progress, "read"):
            ds, found, grant_extras = fmt.read(p, options)
    if problems is not None:
        problems.extend(found)
    elif on_error == "skip":
        left_out = [q for q in found if q.severity == "error"]
        if left_out:
            warnings.warn(RecordsLeftOutWarning(p, left_out), stacklevel=outside_civica())
    if extras is not None:
        extras.extend(grant_extras)
    return ds


def write(dataset: Dataset, path: PathLike, format: Optional[str] = None, *, separator: str = ",",
          encoding: str = "utf-8", bom: bool = False, decimal_comma: bool = False,
          extras: Optional[List[Dict[str, Any]]] = None, **format_options: Any) -> None:
    """Writes ``dataset`` to ``path`` in ``format`` (guessed from the suffix when not given, see
    :func:`guess_format`), replacing ``path`` atomically: a reader, a crash or a kill sees the
    old content or the new, never a mix, and a failed write leaves the old content.

    ``csv`` takes ``separator`` ("," ";" or "\\t"), ``encoding`` ("utf-8" or "windows-1251"),
    ``bom`` and ``decimal_comma``; ``360giving`` writes flat CSV when ``path`` ends in ``.csv``,
    JSON otherwise, with the grants' ``extras`` when given (as :func:`read` returned them).
    The currency written is the dataset's (``dataset.info.currency``); ``pgf`` refuses money
    in another currency than roubles. ``parquet`` needs pyarrow.

    ``360giving``, ``pgf`` and ``popolo`` hold part of a dataset: the file is read back after
    writing, and what it does not keep (tables, columns' values, the synthetic flag, the
    currency) is said in one :class:`DataNotKeptWarning`. An interruption (Ctrl-C) while the
    file is written leaves the old content; one that comes as the new content takes the old
    one's place, or while the file is read back, comes after the new file is in place, and the
    KeyboardInterrupt's ``civica_written`` names it.

    An empty ``path`` is refused as :func:`read` refuses it (CivicaIOError), before anything is
    written.
    """
    p = _named(path)
    name = _format_name(format) or guess_format(p, for_writing=True)
    fmt = _format_for(name, p)
    if fmt.write is None:
        raise ValueError(f"civica cannot write the format {name!r}")
    options: Dict[str, Any] = dict(format_options, format=name, separator=separator, encoding=encoding, bom=bom,
                                   decimal_comma=decimal_comma, extras=extras)
    writer = fmt.write
    before = _identity(p)
    # A partial format's file is compared with the dataset written: no other thread changes it
    # from the write to the end of the comparison.
    with dataset._reading() if fmt.partial else contextlib.nullcontext():
        try:
            if writer is _write_compiled:  # atomic in C++
                writer(dataset, p, options)
            else:
                _write_python(writer, dataset, p, options, fmt.folder)
        except KeyboardInterrupt as e:
            # Ctrl-C is raised when the compiled write returns: it may have come after the new
            # content took the old one's place (the rename made; an old folder being removed).
            # Then the target holds the new content, and the interruption says so.
            if _identity(p) != before:
                e.civica_written = p  # type: ignore[attr-defined]
                e.civica_unchecked = fmt.partial  # type: ignore[attr-defined]
            raise
        if not fmt.partial:
            return
        try:
            back = read(p, name, on_error="skip", problems=[])
            notes = _not_kept(dataset, back)
        except KeyboardInterrupt as e:
            # The new file is in place; only the check of what it keeps was cut short. The
            # interruption goes on, saying so (``civica_written``: the path written).
            e.civica_written = p  # type: ignore[attr-defined]
            e.civica_unchecked = True  # type: ignore[attr-defined]
            raise
    if notes:
        warnings.warn(DataNotKeptWarning(name, p, notes, back.row_counts()), stacklevel=2)


def _identity(p: str) -> Optional[Tuple[int, int]]:
    """The file or folder at ``p`` (device and inode: an atomic write puts a new one there), or
    None when there is none."""
    try:
        st = os.stat(p)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _os_reason(e: OSError) -> str:
    """The reason an OSError gives, in the system's words: its ``strerror``; for pyarrow's, whose
    ``strerror`` is its whole message ("Error writing bytes to file. Detail: [errno 27] File
    too large"), the words of its errno; with neither, its message."""
    if isinstance(e.errno, int) and f"[errno {e.errno}]" in str(e.strerror or e):
        return os.strerror(e.errno)
    return str(e.strerror or e)


def _write_python(writer: Callable[[Dataset, str, Dict[str, Any]], None], dataset: Dataset, p: str,
                  options: Dict[str, Any], folder: bool) -> None:

    def write_named(tmp: Any) -> None:
        # A writer in Python (pyarrow, openpyxl, a registered format) fails on the file system
        # with OSError: said as the compiled writers say it, naming the target and the reason.
        # It reads the dataset over many calls: other threads cannot change it meanwhile
        # (BufferError), as they cannot while a compiled writer runs.
        try:
            with dataset._reading():
                writer(dataset, os.fspath(tmp), options)
        except OSError as e:
            raise _core.CivicaIOError(f"cannot write \"{p}\": {_os_reason(e)}") from e

    if folder:
        _core.io.replace_folder_atomically(p, write_named, marker="manifest.json",
                                           keep=lambda entry: _kept_beside(os.fspath(entry)))
    else:
        _core.io.replace_atomically(p, write_named)


class RecordsLeftOutWarning(UserWarning):
    """:func:`read` with ``on_error="skip"`` and no ``problems`` list left records out: the
    warning counts them and names the first, so that a notebook does not lose rows without a
    word. ``path`` is the source and ``problems`` the records left out (pass ``problems=[]`` to
    :func:`read` to get them instead of the warning)."""

    def __init__(self, path: str, problems: List[Problem]) -> None:
        self.path, self.problems = path, list(problems)
        n = len(self.problems)
        super().__init__(f"{path}: on_error=\"skip\" left out {n} record{'' if n == 1 else 's'} "
                         f"(the first: {self.problems[0]}); pass problems=[] to read() "
                         f"to get each one")

    def __reduce__(self) -> Any:
        return (type(self), (self.path, self.problems))


class DataNotKeptWarning(UserWarning):
    """:func:`write` wrote a format that holds part of a dataset, and the file does not give
    back all of it. ``format`` and ``path`` name the file; ``notes`` say what is not kept, one
    line each; ``written`` counts the rows of each table the file holds."""

    def __init__(self, format: str, path: str, notes: List[str], written: Optional[Dict[str, int]] = None) -> None:
        self.format, self.path, self.notes = format, path, list(notes)
        self.written = dict(written or {})
        super().__init__(f"{format} holds part of a dataset; {path} does not keep " + "; ".join(self.notes))


def _problems_list(problems: Optional[List[Problem]], skipped: Optional[List[Problem]],
                   caller: str) -> Optional[List[Problem]]:
    """The list a reader puts its problems in: ``problems``, or ``skipped``, its older name.
    Both is a TypeError: the problems would go to one list and the other stay empty."""
    if problems is not None and skipped is not None:
        raise TypeError(f"{caller}: give problems= (or skipped=, its older name), not both")
    return problems if problems is not None else skipped


def _references() -> Dict[str, Set[str]]:
    """The columns of each table (as ``to_pandas`` names them) that hold ids: its own and those
    of other records, which a format that names records its own way renames."""
    out: Dict[str, Set[str]] = {}
    for t in _core.table_schema():
        out[t["name"]] = {n for c in t["columns"] if c["type"] in ("id", "reference", "party")
                          for n in (c["name"], c["attribute"], c["member"])}
    return out


def _value_key(v: Any) -> Any:
    """A DataFrame cell as a key of a count: a missing value is None, a list or a mapping a
    tuple."""
    import pandas as pd

    if isinstance(v, (list, tuple)):
        return tuple(_value_key(x) for x in v)
    if isinstance(v, dict):
        return tuple(sorted((k, _value_key(x)) for k, x in v.items()))
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return None
    return v


# The kinds of column (pandas.api.types.infer_dtype) whose values pandas counts and compares as
# they are; others (lists of spheres, mappings) go through _value_key.
_SCALAR_KINDS = frozenset({"string", "integer", "floating", "boolean", "datetime64", "datetime", "date", "decimal",
                           "empty", "mixed-integer-float", "timedelta64", "timedelta"})


def _values_not_among(were: Any, now: Any) -> int:
    """How many of the values of the Series ``were`` are not among those of ``now``, counted as
    multisets (a value twice in ``were`` and once in ``now`` is one not among them; every
    missing value is one value)."""
    import collections

    import pandas as pd

    if all(pd.api.types.infer_dtype(s, skipna=True) in _SCALAR_KINDS for s in (were, now)):
        # By column, not by value in Python: a ФПГ registry of a million rows names every
        # organisation otherwise, and a count per value took most of write()'s time.
        difference = were.value_counts(dropna=False).sub(now.value_counts(dropna=False), fill_value=0)
        return int(difference[difference > 0].sum())
    counts = collections.Counter(_value_key(v) for v in were)
    counts.subtract(collections.Counter(_value_key(v) for v in now))
    return sum(k for k in counts.values() if k > 0)


def _differing(x: Any, y: Any) -> int:
    """How many rows of the Series ``x`` and ``y`` (same index) differ: a missing value equals a
    missing value only."""
    import pandas as pd

    if x.dtype != y.dtype or x.dtype == object:
        x, y = x.astype(object), y.astype(object)
    equal = x == y
    if equal.dtype != bool:  # nullable and Arrow-backed columns compare to <NA> beside a missing value
        equal = equal.fillna(False).astype(bool)
    same = equal.to_numpy() | (pd.isna(x).to_numpy() & pd.isna(y).to_numpy())
    return int((~same).sum())


def _not_kept(source: Dataset, back: Dataset) -> List[str]:
    """What ``back``, the written file read again, does not give back of ``source``, the
    dataset written: the tables (with their rows, and the rows the file makes of its own), the
    dataset's description (``synthetic``,
    ``currency``, its title, territory, description, source and licence), then per table the
    columns whose values differ in the records found in both (matched by id), with how many records, and, for the records the
    file gives other ids (the ФПГ registry's ``inn-…`` organisations, its competitions), the
    columns whose values are not among those read back under new ids. One line each."""
    notes: List[str] = []
    counts, written = source.row_counts(), back.row_counts()
    left = {k: v - written.get(k, 0) for k, v in counts.items() if v > written.get(k, 0)}
    if left:
        notes.append("these rows: " + ", ".join(f"{v} {k}" for k, v in left.items()))
    # Rows the format makes of its own (a 360Giving competition per programme and award year:
    # a grant decided in the year after its competition's reads back in a competition of that
    # year): said too, as the records of the dataset are regrouped.
    made = {k: v - counts.get(k, 0) for k, v in written.items() if v > counts.get(k, 0)}
    if made:
        notes.append("the grouping of its records (the file reads back with " +
                     ", ".join(f"{v} {k} more" for k, v in made.items()) + ")")
    if source.info.synthetic and not back.info.synthetic:
        notes.append("that the data is synthetic: its records read back as real ones")
    if source.info.currency != back.info.currency:
        notes.append(f"the currency: {source.info.currency} reads back as {back.info.currency}")
    # The dataset's description (its name is the file's when read back, for every format).
    described = [field for field in ("title", "territory", "description", "source", "licence")
                 if getattr(source.info, field) and getattr(source.info, field) != getattr(back.info, field)]
    if described:
        notes.append("the dataset's " + ", ".join(described))
    for table, rows in written.items():
        if not rows or table not in counts:
            continue
        a, b = getattr(source, table).to_pandas(), getattr(back, table).to_pandas()
        if "id" not in a.columns or "id" not in b.columns:
            continue
        a, b = a.drop_duplicates("id").set_index("id"), b.drop_duplicates("id").set_index("id")
        # Ids as Python strings: isin over Arrow-backed strings went value by value in Python.
        a.index, b.index = a.index.astype(object), b.index.astype(object)
        renamed, renaming = a[~a.index.isin(b.index)], b[~b.index.isin(a.index)]
        if len(renamed) and len(renaming):
            ids = _references().get(table, set())
            lost = []
            for column in renamed.columns:
                if column in ids or column not in renaming.columns:
                    continue
                n = _values_not_among(renamed[column], renaming[column])
                if n:
                    lost.append(f"{column} {n}")
            if lost:
                notes.append(f"every {table} value: of the {len(renamed)} records the file names otherwise, so many "
                             "values are not among those read back, in " + ", ".join(lost))
        common = a.index.intersection(b.index)
        if not len(common):
            continue
        a, b = a.loc[common], b.loc[common]
        changed = []
        for column in a.columns:
            n = int(a[column].notna().sum()) if column not in b.columns else _differing(a[column], b[column])
            if n:
                changed.append(f"{column} {n}")
        if changed:
            notes.append(f"every {table} value: of the {len(common)} records read back, so many differ in "
                         + ", ".join(changed))
    return notes


def _kept_beside(name: str) -> bool:
    """Whether an entry of a folder a Python writer replaces is carried over: what people put
    beside the data (README, SOURCE.md, notes), not a saved dataset's own files in either folder
    form (the one rule of the compiled folder writer)."""
    return not _core.io.is_dataset_folder_file(name)


# ---- aliases: the format functions, with the shapes of read() and write() -------------------


def is_sqlite_path(path: PathLike) -> bool:
    """True when ``path`` names an SQLite database (ends in .sqlite, .sqlite3 or .db)."""
    return os.path.splitext(os.fspath(path))[1].lower() in _SQLITE_SUFFIXES


def load_sqlite(file: PathLike, **options: Any) -> Dataset:
    """``read(file, "sqlite", **options)``: a dataset saved as an SQLite database."""
    return read(file, "sqlite", **options)


def dataset_table_files() -> List[str]:
    """The table files of the folder format in load order ("municipalities.csv", …)."""
    return list(_core.io.dataset_table_files())


def read_dataset_folder(folder: PathLike, **options: Any) -> Dataset:
    """``read(folder, "civica", **options)``: a dataset folder. Raises ParseError naming the file,
    line and column of the first problem (nothing is half-loaded) and CivicaIOError when the
    folder cannot be read."""
    return read(folder, "civica", **options)


def write_dataset_folder(dataset: Dataset, folder: PathLike) -> None:
    """``write(dataset, folder, "civica")``: a dataset folder (same as ``dataset.save(folder)``)."""
    write(dataset, folder, "civica")


def check_dataset_folder(folder: PathLike) -> List[Problem]:
    """Every problem in a dataset folder, errors and warnings, in load order; an empty list
    means the folder loads and nothing looks suspicious. ``str(problem)`` gives
    ``severity: file:line: column "field": message [check]``, leaving out the parts that are
    unknown: ``error: applications.csv:2: column "status": "winer" is not an application status
    (…); did you mean "winner"? [bad_value]``. (``civica validate`` prints a problem as
    ``file:line: field: message [check]``.)"""
    return list(_core.io.check_dataset_folder(os.fspath(folder)))


def has_errors(problems: Sequence[Problem]) -> bool:
    """True when ``problems`` include at least one error (not only warnings)."""
    return any(p.severity == "error" for p in problems)


def read_360giving(file: PathLike, **options: Any) -> Dataset:
    """``read(file, "360giving", **options)``: a 360Giving JSON package or flat CSV file. Amounts
    are hundredths of ``ds.info.currency`` (pence for "GBP")."""
    return read(file, "360giving", **options)


def write_360giving(dataset: Dataset, file: PathLike, **options: Any) -> None:
    """``write(dataset, file, "360giving", **options)``: the winning applications as a 360Giving
    JSON package (flat CSV when ``file`` ends in .csv), in the dataset's currency."""
    write(dataset, file, "360giving", **options)


def _input_files(path: PathLike) -> List[str]:
    """The files a read of ``path`` goes through: the file itself, or a folder's own files (its
    manifest and its tables, CSV or Parquet: ``_core.io.is_dataset_folder_file``)."""
    p = os.fspath(path)
    if os.path.isfile(p):
        return [p]
    try:
        names = sorted(os.listdir(p)) if os.path.isdir(p) else []
    except OSError:
        return []
    return [os.path.join(p, n) for n in names
            if _core.io.is_dataset_folder_file(n) and os.path.isfile(os.path.join(p, n))]


def _input_size(path: PathLike) -> int:
    """The bytes a read of ``path`` goes through (see _input_files): what ``progress`` counts."""
    total = 0
    for f in _input_files(path):
        try:
            total += os.path.getsize(f)
        except OSError:
            continue
    return total


class _Progress:
    """Reports how far a reader has got through its file, or through a folder's files one after
    another, from a watcher thread that reads the file position of the reading thread's open
    file (Linux /proc; silent elsewhere). A folder's file counts as read once it was open and
    is closed again."""

    def __init__(self, path: str, callback: Optional[Callable[[str, int, int], None]], stage: str) -> None:
        # Nothing is looked at without a callback; a file gone meanwhile is the reader's to report.
        self._sizes: Dict[str, int] = {}
        for f in _input_files(path) if callback is not None else []:
            try:
                self._sizes[os.path.realpath(f)] = os.path.getsize(f)
            except OSError:
                continue
        self._files = list(self._sizes)
        self._callback = callback
        self._stage = stage
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._error: Optional[BaseException] = None
        self._others: Dict[str, Set[str]] = {}
        self._shared = False
        self._opened: Set[str] = set()

    def __enter__(self) -> "_Progress":
        if self._callback is not None and self._files and os.path.isdir("/proc/self/fd"):
            # What another read of a file has open before this one starts is not this read's.
            open_now = self._descriptors()
            self._others = {f: set(open_now.get(f, [])) for f in self._files}
            self._shared = any(self._others.values()) or (len(self._files) == 1 and
                                                          self._resident(self._files[0]) is not None)
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if exc[0] is None and self._error is not None:
                raise self._error
            if exc[0] is None and self._callback is not None:
                size = sum(self._sizes.values())
                self._callback(self._stage, size, size)

    def _descriptors(self) -> Dict[str, List[str]]:
        """The descriptors of this process open on each of the files."""
        watched = set(self._files)
        found: Dict[str, List[str]] = {}
        try:
            for fd in os.listdir("/proc/self/fd"):
                try:
                    target = os.readlink(f"/proc/self/fd/{fd}")
                except OSError:
                    continue
                if target in watched:
                    found.setdefault(target, []).append(fd)
        except OSError:
            pass
        return found

    def _position(self) -> Optional[int]:
        """Bytes read so far: of each file, its size once it was open and is closed again (a
        folder's earlier tables), the offset of the descriptor this read opened on it (readers
        that stream), else the resident size of a memory mapping of it (readers that map it).
        None when that cannot be told from another read of the same file."""
        open_now = self._descriptors()
        done = 0
        told = False
        for f in self._files:
            mine = [fd for fd in open_now.get(f, []) if fd not in self._others.get(f, set())]
            if len(mine) > 1:
                return None  # another read opened the file as well: whose is whose is unknown
            if not mine:
                if f in self._opened and len(self._files) > 1:  # a folder's table read before
                    done += self._sizes[f]
                    told = True
                continue
            self._opened.add(f)
            pos = self._offset(mine[0])
            if pos is None and not self._shared:
                pos = self._resident(f)
            if pos is not None:
                done += pos
                told = True
        if not told and len(self._files) == 1 and not self._shared:
            return self._resident(self._files[0])  # a file mapped, its descriptor closed
        return done if told else None

    @staticmethod
    def _offset(fd: str) -> Optional[int]:
        try:
            with open(f"/proc/self/fdinfo/{fd}") as f:
                for line in f:
                    if line.startswith("pos:") and int(line.split()[1]) > 0:
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    @staticmethod
    def _resident(path: str) -> Optional[int]:
        """Bytes of the file's memory mappings in memory, or None when it has none."""
        try:
            resident = 0
            mapped = False
            with open("/proc/self/smaps") as f:
                for line in f:
                    if line[:1] in "0123456789abcdef" and "-" in line.split(" ", 1)[0]:
                        mapped = line.rstrip("\n").endswith(" " + path)
                    elif mapped and line.startswith("Rss:"):
                        resident += int(line.split()[1]) * 1024
            return resident or None
        except OSError:
            return None

    def _watch(self) -> None:
        assert self._callback is not None
        total = sum(self._sizes.values())
        while not self._stop.wait(0.25):
            pos = self._position()
            if pos is not None:
                # Everything read (or mapped) is not the end: the reader still builds and
                # checks the dataset. Only the exit reports done == total, once.
                try:
                    self._callback(self._stage, min(pos, max(total - 1, 0)), total)
                except BaseException as e:  # raised by read() when it ends, not printed here
                    self._error = e
                    return


def _dataset_problems(dataset: Dataset) -> List[Problem]:
    """Every warning about loaded data, as the folder checks find it over its folder form's text
    (no file is written): each names the table's CSV file and its line in that form (line 1 the
    header). Errors cannot occur (a Dataset holds only rows that passed every rule)."""
    return list(_core.io.check_dataset(dataset))


def _in_memory(dataset: Dataset) -> List[Tuple[Problem, Optional[int]]]:
    """Every warning about a dataset in memory, placed as a dataset in memory is (docs/formats.md,
    "The data-quality report"): ``file`` is the table, with the field and the record's id, and
    no ``line`` (there is no file to have lines); beside each, its 0-based row in the table (None
    for a problem of no row), which :func:`check` lists as ``lines``. :func:`problems` and
    :func:`check` of a Dataset both place problems here."""
    return [(_in_source(q, None), _row_in_table(q)) for q in _dataset_problems(dataset)]


def _row_in_table(q: Problem) -> Optional[int]:
    """The 0-based row in its table of a problem found on a dataset's folder form, whose line 1
    is the header of the table's CSV file and line n row n - 2; None for a problem of no row."""
    return q.line - 2 if q.line and q.line >= 2 and (q.file or "").endswith(".csv") else None


def _error_problem(e: BaseException, path: str) -> Problem:
    """The problem of a read that stopped on the whole file: `unreadable` (the file's text or
    structure, a ParseError), `cannot_open` (the file system: CivicaIOError, OSError) or
    the check code of a rule of the model (a ValidationError's `check`, `rule` for any other
    error)."""
    reason, file = getattr(e, "reason", None), getattr(e, "file", None)
    if not reason:
        reason = str(e)
        if not file and reason.startswith(path + ": "):  # "x.xlsx: x.xlsx: …" said the file twice
            file, reason = path, reason[len(path) + 2:]
    if isinstance(e, _core.ParseError):
        check = getattr(e, "check", None) or "unreadable"  # a workbook's error may say its own (uncomputed_formula)
    elif isinstance(e, (_core.CivicaIOError, OSError)):
        check = "cannot_open"
    else:
        check = getattr(e, "check", None) or "rule"
    return Problem(severity="error", check=check,
                   file=file or _shown(os.path.basename(path)), line=getattr(e, "line", None) or 0,
                   field=getattr(e, "field", None) or "", record_id="", message=reason)


def _checked(p: str, name: str, dialect: Dict[str, Any], read_options: Dict[str, Any]) -> Optional[List[Problem]]:
    """Every problem of a format checked in one pass (a ``civica`` or ``csv`` folder, the
    ``json`` form of a dataset, a format with a check of its own but ``360giving``), or None for
    a format checked by a lenient read."""
    if name in ("civica", "csv", "json"):
        # Every fault of every row, no row called bad for the fault of a row it refers to, in the
        # dialect of the options, rather than the first fault of each row a lenient read stops at.
        # The dialect options the format uses; another's (a separator for JSON, any for the native
        # folder, which has one dialect) do not apply to it and are let go, as for every format.
        caps = read_options.get("limits")
        used = _format_for(name, p).read_uses or ()
        d = {k: v for k, v in dialect.items() if k in used}
        return list(_core.io.check_tables(
            p, format=name, encoding=d.get("encoding", "auto"), separator=d.get("separator") or "",
            decimal_comma=d.get("decimal_comma", False), lenient_money=d.get("lenient_money", False),
            limits=dict(caps) if caps else None))
    fmt = _format_for(name, p)
    if fmt.check is not None and name != "360giving":
        return list(fmt.check(p, dict(read_options)))
    return None


def problems(source: Union[Dataset, PathLike], *, format: Optional[str] = None, **read_options: Any,
             ) -> List[Problem]:
    """Every problem of a dataset in memory or of a file/folder in any format, errors and
    warnings (what :func:`check` counts). For a path, errors are what stops a strict read
    (every one for ``civica`` and ``csv`` folders, the ``json`` form and ``360giving`` files, with
    line or JSON path; the skipped records for ``popolo``, ``sqlite``, ``parquet`` and ``pgf``; the
    first for a file-level error), and warnings come from the checks of the loaded data (naming
    the table, field and record id, but no line, when the source is not a civica folder). A civica
    workbook (``xlsx``) is checked in one pass like a folder: ``file`` is the sheet, ``line`` the
    row, ``field`` the column heading, and ``lang="ru"`` says the rules in Russian. A Dataset's
    warnings name its table as ``file``, the field and the record id, and no line (there is no
    file); :func:`check` gives their 0-based rows in the table. ``read_options`` are those of
    :func:`read`; an option of another format than the source's (a workbook's ``lang``) does not
    apply and is let go, so one call fits any path, and an option no format takes is a
    TypeError."""
    if isinstance(source, Dataset):
        return [q for q, _row in _in_memory(source)]
    with _caps_of(read_options.get("limits")):
        return _problems_of_path(os.fspath(source), format, read_options)


# The dialect and registry options of read(), which a format uses or refuses (the rest, such as
# on_error and limits, every format takes).
_FORMAT_READ_OPTIONS = frozenset({"encoding", "separator", "decimal_comma", "lenient_money", "threads",
                                  "lenient_identifiers"})


def _taken_by(fmt: Format) -> FrozenSet[str]:
    """The options of read() the format ``fmt`` takes: those every format takes, and of the
    dialect and registry options those its reader uses (Format.read_uses)."""
    if fmt.read_uses is None:
        return _READ_OPTIONS
    return (_READ_OPTIONS - _FORMAT_READ_OPTIONS) | frozenset(fmt.read_uses)


def _refuse_unused(fmt: Format, options: Dict[str, Any]) -> None:
    """The compiled readers' rule for every format that says what it uses (Format.read_uses): an
    option it does not use is a ValidationError naming the formats that use it, not ignored."""
    if fmt.read_uses is None:
        return
    sep = options.get("separator")
    label = fmt.name if _FORMATS.get(fmt.name) is fmt else f"{fmt.name} in a workbook"
    _core.io.check_read_options(
        label, encoding=options.get("encoding") or "auto", separator="" if sep is None else sep,
        decimal_comma=bool(options.get("decimal_comma")), lenient_money=bool(options.get("lenient_money")),
        threads=options.get("threads") or 0, lenient_identifiers=bool(options.get("lenient_identifiers")),
        used=list(fmt.read_uses))


def _problems_of_path(p: str, format: Optional[str], read_options: Dict[str, Any]) -> List[Problem]:
    """problems() of the file or folder ``p``, under the caps of its ``limits``."""
    # An option no format takes (a misspelt one) is refused, whatever the format; an option of
    # another format (a workbook's lang) does not apply to this one and is let go below.
    unknown = sorted(set(read_options) - _READ_OPTIONS.union(*(f.options for f in _FORMATS.values())))
    if unknown:
        raise TypeError(f"problems() got an unexpected keyword argument {unknown[0]!r}: no format takes it")
    dialect = {k: v for k, v in read_options.items() if k in ("encoding", "separator", "decimal_comma", "lenient_money")}
    try:
        name = _format_name(format) or guess_format(p, **dialect)
    except (_core.ParseError, _core.CivicaIOError) as e:
        # The guess knew the format and found the file damaged (a workbook that is not a whole
        # zip file, a store without its magic bytes) or empty: one problem, as for a read that
        # stops on the whole file. A path whose format cannot be told at all stays an error of
        # the call.
        return [_error_problem(e, p)]
    try:
        checked = _checked(p, name, dialect, read_options)
    except (_core.CivicaError, ValueError, OSError) as e:
        # A file the checks cannot open (a damaged workbook, an unreadable folder) is one
        # problem, as for a read that stops on the whole file.
        return [_error_problem(e, p)]
    if checked is not None:
        if not checked:
            try:
                empty = _holds_nothing(read(p, name, **{k: v for k, v in read_options.items()
                                                        if k in _taken_by(_format_for(name, p))}))
            except (_core.CivicaError, ValueError, OSError) as e:
                return [_error_problem(e, p)]  # as the check would have said it
            if empty:
                return [_no_records(p)]
        return checked
    fmt = _format_for(name, p)
    found: List[Problem] = []
    if name == "360giving":  # the 360Giving checks, then what a lenient read finds
        try:
            found.extend(fmt.check(p, dict(read_options)) if fmt.check is not None
                         else _core.io.check_360giving(p, encoding=read_options.get("encoding") or "auto"))
        except (_core.CivicaError, ValueError, OSError) as e:
            return [_error_problem(e, p)]
        if has_errors(found):
            return found
    # Options of other formats (a workbook's lang, a csv folder's decimal_comma) do not apply to
    # this one; a read would refuse them.
    kwargs = {k: v for k, v in read_options.items() if k in _taken_by(fmt) or k in fmt.options}
    # Every bad record is listed; the other options are the read's own, so that what is called
    # an error is what a read with the same options refuses (a ФПГ INN with a wrong checksum
    # too, unless lenient_identifiers=True makes it a warning, as in that read).
    kwargs.setdefault("on_error", "skip")
    if name == "parquet" and os.path.isdir(p):
        # A read stops at the first damaged table; each one is listed, as in a folder of CSV tables.
        from ._parquet import unreadable_tables

        try:
            damaged = unreadable_tables(p)
        except (_core.CivicaError, ImportError, OSError):
            damaged = []  # the read below says what stops it
        if damaged:
            return found + [_error_problem(e, p) for e in damaged]
    listed: List[Problem] = []
    try:
        ds = read(p, name, problems=listed, **kwargs)
    except (_core.CivicaError, ValueError, OSError) as e:
        return found + listed + [_error_problem(e, p)]
    found.extend(listed)
    if name != "360giving":  # the 360Giving checks already cover what a dataset check would
        found.extend(_in_source(q, name) for q in _dataset_problems(ds) if q.severity != "error")
    if not found and _holds_nothing(ds):
        found.append(_no_records(p))
    return found


# The tables that frame the data (its places and grant programmes) rather than record anything.
_FRAME_TABLES = frozenset({"municipalities", "operators", "programmes"})


def _holds_nothing(ds: Dataset) -> bool:
    return not any(n for table, n in ds.row_counts().items() if table not in _FRAME_TABLES)


def _no_records(path: str) -> Problem:
    """The warning for data that records nothing: a workbook from `civica new` not filled in
    yet, a folder with only its manifest. Said, so that "no problems" does not read as "ready"."""
    return Problem(severity="warning", check="no_records", file=_shown(os.path.basename(path.rstrip(os.sep))), line=0,
                   field="", record_id="",
                   message="the data holds no records or figures beyond its places and grant programmes: "
                           "there is nothing to analyse or report")


def _in_source(q: Problem, format_name: Optional[str]) -> Problem:
    """A warning about loaded data, as the data's source can place it. The checks run on the
    dataset's folder form, whose lines are not lines of a file in another format (nor of any
    file, for a dataset in memory: ``format_name`` None): the warning names its table (the file
    of that table in a ``csv`` folder), field and record id, and no line."""
    file = q.file or ""
    if format_name != "csv" and file.endswith(".csv"):
        file = file[: -len(".csv")]
    return Problem(severity=q.severity, check=q.check, file=file, line=0, field=q.field or "",
                   record_id=q.record_id or "", message=q.message)


def check(source: Union[Dataset, PathLike], *, format: Optional[str] = None, **read_options: Any,
          ) -> "pandas.DataFrame":
    """The data-quality report: one row per check that fails, with ``severity`` ("error" or
    "warning"), ``check`` (e.g. ``invalid_inn``, ``duplicate_id``, ``future_date``,
    ``awarded_exceeds_requested``; docs/dataset-format.md and docs/formats.md list them),
    ``file`` (or the table, for a dataset in memory), ``records`` (how many records fail: one
    failing the check in several fields counts once), ``ids``
    (their ids), ``lines`` (their lines in the file; for a dataset in memory, their 0-based
    rows in the table), ``fields`` and an example ``message``. Errors come first. An empty
    frame means nothing was found. See :func:`problems` for what a path's check covers."""
    import pandas as pd

    # Each problem with where it is: its line in the file, or for a dataset in memory its row in
    # the table (placed by _in_memory, as problems() places it); None for nowhere.
    found: List[Tuple[Problem, Optional[int]]]
    if isinstance(source, Dataset):
        found = _in_memory(source)
    else:
        found = [(q, q.line or None) for q in problems(source, format=format, **read_options)]
    groups: Dict[Tuple[str, str, str], Dict[str, Any]] = {}
    for q, where in found:
        file = q.file or ""
        g = groups.setdefault((q.severity, q.check, file), {
            "severity": q.severity, "check": q.check, "file": file, "records": 0, "ids": [], "lines": [],
            "fields": [], "message": q.message, "seen": set()})
        # A record that fails one check in several fields counts once.
        record = (q.record_id, where) if (q.record_id or where is not None) else ("", len(g["seen"]))
        if record not in g["seen"]:
            g["seen"].add(record)
            g["records"] += 1
            if q.record_id:
                g["ids"].append(q.record_id)
            if where is not None:
                g["lines"].append(where)
        if q.field and q.field not in g["fields"]:
            g["fields"].append(q.field)
    for g in groups.values():
        del g["seen"]
    rows = sorted(groups.values(), key=lambda g: (g["severity"] != "error", g["check"], g["file"]))
    # Typed column by column, so that a report with no rows has the dtypes of one with rows.
    from ._pandas import column

    kinds = {"severity": "text", "check": "text", "file": "text", "records": "integer", "ids": "list",
             "lines": "list", "fields": "list", "message": "text"}
    return pd.DataFrame({name: column(kind, [g[name] for g in rows]) for name, kind in kinds.items()})
