"""Reading, writing and checking datasets in every format civica knows.

    >>> import civica
    >>> ds = civica.io.read("grants.json")                    # 360Giving, guessed  # doctest: +SKIP
    >>> civica.io.write(ds, "city.sqlite")                    # SQLite, from suffix  # doctest: +SKIP
    >>> civica.io.check("my-data")                             # a DataFrame           # doctest: +SKIP

The formats (``FORMATS``): ``civica`` (the native dataset folder), ``csv`` (a folder of the
native tables' CSV files in any dialect: UTF-8 or Windows-1251, ``,`` ``;`` or tab, decimal
comma, lenient money), ``json`` (the native tables in one JSON document), ``sqlite``,
``360giving`` (JSON package or flat CSV), ``pgf`` (the Presidential Grants Fund registry CSV),
``popolo``, ``parquet`` (a folder of Parquet tables, needs pyarrow) and ``xlsx`` (a civica
workbook to fill in Excel; the ФПГ registry and 360Giving spreadsheets are read as ``pgf`` and
``360giving``; needs openpyxl, see civica.xlsx). docs/formats.md says what maps to what.

Lower-level functions:

    >>> ds = civica.io.read_dataset_folder("data/datasets/khanty-mansiysk-2020")  # doctest: +SKIP
    >>> ds = civica.io.read_dataset_folder("data/datasets/khanty-mansiysk-2020")  # doctest: +SKIP
    >>> civica.io.write_dataset_folder(ds, "/tmp/copy")                             # doctest: +SKIP
    >>> for p in civica.io.check_dataset_folder("my-data"):                          # doctest: +SKIP
    ...     print(p)

The folder format (a manifest.json and one CSV file per table) is described in
docs/dataset-format.md. 360Giving JSON packages (https://standard.threesixtygiving.org) can be
read and written too. File work runs without the GIL.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Union

from . import _core
from ._core import Dataset

Problem = _core.io.Problem

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "FORMATS",
    "Problem",
    "check",
    "guess_format",
    "limits",
    "problems",
    "read",
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

#: True when this build can store datasets as SQLite databases (``ds.save("x.sqlite")``).
sqlite_available: bool = bool(getattr(_core.io, "sqlite_available", False))

_SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


def limits() -> Dict[str, int]:
    """The input caps in force (see docs/reliability.md): ``max_file_bytes`` (2 GiB by default),
    ``max_field_bytes``, ``max_fields_per_record``, ``max_rows`` and ``max_json_depth``."""
    return dict(_core.io.limits())


def set_limits(**caps: int) -> None:
    """Changes the named input caps for the whole process, e.g. ``set_limits(max_file_bytes=8 << 30)``
    to read a ФПГ file of 10 million applications (6 GB). A cap of 0 or an unknown name raises."""
    _core.io.set_limits(caps)


def is_sqlite_path(path: PathLike) -> bool:
    """True when ``path`` names an SQLite database (ends in .sqlite, .sqlite3 or .db)."""
    return os.path.splitext(os.fspath(path))[1].lower() in _SQLITE_SUFFIXES


def load_sqlite(file: PathLike) -> Dataset:
    """Loads a dataset saved as an SQLite database by ``Dataset.save("….sqlite")``. Raises
    CivicaError when this build has no SQLite storage."""
    if not sqlite_available:
        raise _core.CivicaError(
            f"cannot load {os.fspath(file)}: SQLite storage is not available yet in this version of civica")
    result: Dataset = _core.io.load_sqlite(os.fspath(file))
    return result


def dataset_table_files() -> List[str]:
    """The table files of the folder format in load order ("municipalities.csv", …)."""
    return list(_core.io.dataset_table_files())


def read_dataset_folder(folder: PathLike) -> Dataset:
    """Reads a dataset folder. Raises ParseError naming the file, line and column of the first
    problem (nothing is half-loaded) and CivicaIOError when the folder cannot be read."""
    return _core.io.read_dataset_folder(os.fspath(folder))


def write_dataset_folder(dataset: Dataset, folder: PathLike) -> None:
    """Writes ``dataset`` as a folder (same as ``dataset.save(folder)``)."""
    _core.io.write_dataset_folder(dataset, os.fspath(folder))


def check_dataset_folder(folder: PathLike) -> List[Problem]:
    """Every problem in a dataset folder, errors and warnings, in load order; an empty list
    means the folder loads and nothing looks suspicious. ``str(problem)`` gives
    ``file:line: column "field": [check] message``."""
    return list(_core.io.check_dataset_folder(os.fspath(folder)))


def has_errors(problems: Sequence[Problem]) -> bool:
    """True when ``problems`` include at least one error (not only warnings)."""
    return any(p.severity == "error" for p in problems)


def _need_360giving() -> None:
    if not hasattr(_core.io, "read_360giving"):
        raise _core.CivicaError("360Giving support is not part of this build of civica")


def read_360giving(file: PathLike) -> Tuple[Dataset, Optional[str]]:
    """Reads a 360Giving JSON package: ``(dataset, currency)``. Amounts in the dataset are in
    hundredths of ``currency`` (e.g. pence for "GBP")."""
    _need_360giving()
    ds, currency = _core.io.read_360giving(os.fspath(file))
    return ds, currency


def write_360giving(dataset: Dataset, file: PathLike, *, currency: str = "RUB") -> None:
    """Writes the winning applications of ``dataset`` as a 360Giving JSON package."""
    _need_360giving()
    _core.io.write_360giving(dataset, os.fspath(file), currency=currency)


# ---- every format: read, write, check ----------------------------------------------------

#: The formats read() and write() know, by name.
FORMATS: Tuple[str, ...] = ("civica", "csv", "json", "sqlite", "360giving", "pgf", "popolo", "parquet", "xlsx")

_ON_ERROR = ("raise", "skip")


def _format_name(format: Optional[str]) -> Optional[str]:
    if format is None:
        return None
    name = str(format).strip().lower()
    aliases = {"folder": "civica", "sqlite3": "sqlite", "360g": "360giving",
               "threesixtygiving": "360giving", "fpg": "pgf", "фпг": "pgf", "excel": "xlsx"}
    name = aliases.get(name, name)
    if name not in FORMATS:
        raise ValueError(f"unknown format {format!r}; the formats are {', '.join(FORMATS)}")
    return name


def _looks_like_parquet_folder(path: str) -> bool:
    return os.path.isdir(path) and any(n.endswith(".parquet") for n in os.listdir(path))


def guess_format(path: PathLike, *, for_writing: bool = False) -> str:
    """The format :func:`read` would use for ``path`` (from its contents: a folder with
    manifest.json is ``civica``, a file starting with the SQLite header ``sqlite``, a JSON
    document with ``grants`` ``360giving``, a CSV with the registry's columns ``pgf``, …), or
    with ``for_writing`` the format :func:`write` would use (from the suffix: ``.sqlite`` →
    ``sqlite``, ``.json`` → ``json``, ``.parquet`` → ``parquet``, no suffix → ``civica``).
    Raises ValueError saying what was seen when nothing fits. An Excel workbook is ``pgf`` or
    ``360giving`` when a sheet has those columns, else ``xlsx`` (a civica workbook); ``.xlsx``
    is written as ``xlsx``."""
    p = os.fspath(path)
    if for_writing:
        if p.lower().endswith(".xlsx"):
            return "xlsx"
        return str(_core.io.guess_output_format(p))
    from . import xlsx

    if xlsx.is_xlsx(p):
        return xlsx.sheet_kind(p)
    return str(_core.io.guess_input_format(p))


def read(path: PathLike, *, format: Optional[str] = None, encoding: str = "auto",
         separator: Optional[str] = None, decimal_comma: bool = False, lenient_money: bool = False,
         on_error: str = "raise", skipped: Optional[List[Problem]] = None,
         lenient_identifiers: bool = False, progress: Optional[Callable[[str, int, int], None]] = None,
         lang: Optional[str] = None) -> Dataset:
    """Reads a dataset from ``path`` in ``format`` (one of ``FORMATS``; guessed from the file when
    not given, see :func:`guess_format`).

    Options for ``csv`` (a folder of the native tables' CSV files): ``encoding`` ("auto",
    "utf-8" or "windows-1251"; auto-detected per file), ``separator`` ("," ";" or "\\t";
    detected per file from its header), ``decimal_comma`` ("12,5") and ``lenient_money``
    ("3,7 млн", "30 000 000,00").

    By default a bad record raises ``ParseError`` naming the file, line (or JSON path), field
    and rule, and nothing is loaded. With ``on_error="skip"`` (formats ``civica``, ``csv``,
    ``json``, ``sqlite``, ``parquet``, ``360giving``, ``popolo`` and ``pgf``) bad records, and records that refer to them,
    are left out and listed in ``skipped`` (a list you pass, receiving :class:`Problem` objects).
    ``lenient_identifiers`` lets ``pgf`` rows with a wrong INN/OGRN checksum through (listed in
    ``skipped``).

    ``progress(stage, done, total)`` is called from another thread while a file is read (bytes
    read of the file's size), for progress bars on big files.

    Excel workbooks (``xlsx``, and ``pgf``/``360giving`` in a ``.xlsx`` file) are read with
    openpyxl and their cells handed to the same readers; errors name the sheet, row and column
    heading, in Russian with ``lang="ru"`` (default: the workbook's own language). See
    civica.xlsx.
    """
    if on_error not in _ON_ERROR:
        raise ValueError(f"on_error must be one of {', '.join(_ON_ERROR)}, not {on_error!r}")
    p = os.fspath(path)
    name = _format_name(format) or guess_format(p)
    if name == "parquet":
        from ._parquet import read_parquet

        result: Dataset = read_parquet(p, skip_bad_records=on_error == "skip", skipped=skipped)
        return result
    if name == "xlsx" or (name in ("pgf", "360giving") and p.lower().endswith(".xlsx")):
        return _read_xlsx(p, name, on_error=on_error, skipped=skipped, lang=lang, lenient_money=lenient_money,
                          lenient_identifiers=lenient_identifiers)
    sep = "" if separator is None else separator
    with _Progress(p, progress, "read"):
        ds, found = _core.io.read(p, name, encoding=encoding, separator=sep, decimal_comma=decimal_comma,
                                  lenient_money=lenient_money, skip_bad_records=on_error == "skip",
                                  lenient_identifiers=lenient_identifiers)
    if skipped is not None:
        skipped.extend(found)
    return ds


def write(dataset: Dataset, path: PathLike, *, format: Optional[str] = None, separator: str = ",",
          encoding: str = "utf-8", bom: bool = False, decimal_comma: bool = False,
          currency: str = "RUB", lang: str = "ru") -> None:
    """Writes ``dataset`` to ``path`` in ``format`` (guessed from the suffix when not given, see
    :func:`guess_format`). Every writer replaces its target atomically.

    ``csv`` takes ``separator`` ("," ";" or "\\t"), ``encoding`` ("utf-8" or "windows-1251"),
    ``bom`` and ``decimal_comma``; ``360giving`` takes ``currency`` (ISO 4217; civica money is
    hundredths of it) and writes flat CSV when ``path`` ends in ``.csv``, JSON otherwise.
    ``parquet`` needs pyarrow. ``xlsx`` writes a civica workbook with headings and choices in
    ``lang`` ("ru" or "en"); ``pgf`` and ``360giving`` write one sheet when ``path`` ends in
    ``.xlsx`` (openpyxl).
    """
    p = os.fspath(path)
    name = _format_name(format) or guess_format(p, for_writing=True)
    if name == "parquet":
        from ._parquet import write_parquet

        write_parquet(dataset, p)
        return
    if name == "xlsx" or (name in ("pgf", "360giving") and p.lower().endswith(".xlsx")):
        from . import xlsx

        if name == "xlsx":
            xlsx.write_workbook(dataset, p, lang=lang)
        elif name == "pgf":
            xlsx.write_pgf(dataset, p)
        else:
            xlsx.write_360giving(dataset, p, currency=currency)
        return
    _core.io.write(dataset, p, name, separator=separator, encoding=encoding, bom=bom,
                   decimal_comma=decimal_comma, currency=currency)


class _Progress:
    """Reports how far a reader has got through its file, from a watcher thread that reads the
    file position of the reading thread's open file (Linux /proc; silent elsewhere)."""

    def __init__(self, path: str, callback: Optional[Callable[[str, int, int], None]], stage: str) -> None:
        self._path = os.path.realpath(path)
        self._callback = callback
        self._stage = stage
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def __enter__(self) -> "_Progress":
        if self._callback is not None and os.path.isfile(self._path) and os.path.isdir("/proc/self/fd"):
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            if exc[0] is None and self._callback is not None:
                size = os.path.getsize(self._path)
                self._callback(self._stage, size, size)

    def _position(self) -> Optional[int]:
        """Bytes of the file read so far: the offset of a descriptor open on it (readers that
        stream), else the resident size of a memory mapping of it (readers that map it)."""
        try:
            for fd in os.listdir("/proc/self/fd"):
                try:
                    if os.readlink(f"/proc/self/fd/{fd}") != self._path:
                        continue
                    with open(f"/proc/self/fdinfo/{fd}") as f:
                        for line in f:
                            if line.startswith("pos:") and int(line.split()[1]) > 0:
                                return int(line.split()[1])
                except OSError:
                    continue
            resident = 0
            mapped = False
            with open("/proc/self/smaps") as f:
                for line in f:
                    if line[:1] in "0123456789abcdef" and "-" in line.split(" ", 1)[0]:
                        mapped = line.rstrip("\n").endswith(" " + self._path)
                    elif mapped and line.startswith("Rss:"):
                        resident += int(line.split()[1]) * 1024
            return resident or None
        except OSError:
            return None

    def _watch(self) -> None:
        assert self._callback is not None
        total = os.path.getsize(self._path)
        while not self._stop.wait(0.25):
            pos = self._position()
            if pos is not None:
                self._callback(self._stage, min(pos, total), total)


def _read_xlsx(path: str, name: str, *, on_error: str, skipped: Optional[List[Problem]], lang: Optional[str],
               lenient_money: bool, lenient_identifiers: bool) -> Dataset:
    from . import xlsx

    result: Dataset
    if name == "pgf":
        result = xlsx.read_pgf(path, on_error=on_error, skipped=skipped, lang=lang,
                               lenient_identifiers=lenient_identifiers)
    elif name == "360giving":
        result = xlsx.read_360giving(path, on_error=on_error, skipped=skipped, lang=lang)
    else:
        result = xlsx.read_workbook(path, on_error=on_error, skipped=skipped, lang=lang, lenient_money=lenient_money)
    return result


def _dataset_problems(dataset: Dataset) -> List[Problem]:
    """Every warning about a dataset in memory: the folder checker run on its folder form.
    Errors cannot occur (a Dataset holds only rows that passed every rule)."""
    tmp = tempfile.mkdtemp(prefix="civica-check-")
    try:
        folder = os.path.join(tmp, "dataset")
        _core.io.write_dataset_folder(dataset, folder)
        return list(_core.io.check_dataset_folder(folder))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _error_problem(e: BaseException, path: str) -> Problem:
    reason = getattr(e, "reason", None) or str(e)
    return Problem(severity="error", check=type(e).__name__.replace("Error", "").lower() or "error",
                   file=getattr(e, "file", None) or os.path.basename(path), line=getattr(e, "line", None) or 0,
                   field=getattr(e, "field", None) or "", record_id="", message=reason)


def problems(source: Union[Dataset, PathLike], *, format: Optional[str] = None, **read_options: Any,
             ) -> List[Problem]:
    """Every problem of a dataset in memory or of a file/folder in any format, errors and
    warnings (what :func:`check` counts). For a path, errors are what stops a strict read
    (every one for ``civica`` folders and ``360giving`` files, with line or JSON path; the
    skipped records for ``csv``, ``json`` and ``popolo``; the first for the other formats), and
    warnings come from the checks of the loaded data. A civica workbook (``xlsx``) is checked in
    one pass like a folder: ``file`` is the sheet, ``line`` the row, ``field`` the column
    heading, and ``lang="ru"`` says the rules in Russian."""
    if isinstance(source, Dataset):
        return _dataset_problems(source)
    p = os.fspath(source)
    name = _format_name(format) or guess_format(p)
    if name == "civica":
        return check_dataset_folder(p)
    if name == "xlsx":
        from . import xlsx

        return xlsx.check_workbook(p, lang=read_options.get("lang"))
    found: List[Problem] = []
    if name == "360giving":
        if p.lower().endswith(".xlsx"):
            from . import xlsx

            found.extend(xlsx.check_360giving(p, lang=read_options.get("lang")))
        else:
            found.extend(_core.io.check_360giving(p))
        if has_errors(found):
            return found
    kwargs = dict(read_options)
    if name in ("csv", "json", "360giving", "popolo"):
        kwargs.setdefault("on_error", "skip")
    if name == "pgf":
        kwargs.setdefault("lenient_identifiers", True)
    skipped: List[Problem] = []
    try:
        ds = read(p, format=name, skipped=skipped, **kwargs)
    except (_core.CivicaError, ValueError, OSError) as e:
        return found + skipped + [_error_problem(e, p)]
    found.extend(skipped)
    if name != "360giving":  # the 360Giving checks already cover what a dataset check would
        found.extend(q for q in _dataset_problems(ds) if q.severity != "error")
    return found


def check(source: Union[Dataset, PathLike], *, format: Optional[str] = None, **read_options: Any,
          ) -> "pandas.DataFrame":
    """The data-quality report: one row per check that fails, with ``severity`` ("error" or
    "warning"), ``check`` (e.g. ``invalid_inn``, ``duplicate_id``, ``future_date``,
    ``awarded_exceeds_requested``; docs/dataset-format.md and docs/formats.md list them),
    ``file`` (or the table, for a dataset in memory), ``records`` (how many fail), ``ids``
    (their ids), ``lines`` (their lines in the file; for a dataset in memory, their 0-based
    rows in the table), ``fields`` and an example ``message``. Errors come first. An empty
    frame means nothing was found. See :func:`problems` for what a path's check covers."""
    import pandas as pd

    in_memory = isinstance(source, Dataset)
    found = problems(source, format=format, **read_options)
    groups: Dict[Tuple[str, str, str], Dict[str, Any]] = {}
    for q in found:
        file = q.file or ""
        if in_memory and file.endswith(".csv"):
            file = file[: -len(".csv")]
        g = groups.setdefault((q.severity, q.check, file), {
            "severity": q.severity, "check": q.check, "file": file, "records": 0, "ids": [], "lines": [],
            "fields": [], "message": q.message})
        g["records"] += 1
        if q.record_id:
            g["ids"].append(q.record_id)
        if q.line:
            g["lines"].append(q.line - 2 if in_memory else q.line)
        if q.field and q.field not in g["fields"]:
            g["fields"].append(q.field)
    rows = sorted(groups.values(), key=lambda g: (g["severity"] != "error", g["check"], g["file"]))
    columns = ["severity", "check", "file", "records", "ids", "lines", "fields", "message"]
    return pd.DataFrame(rows, columns=columns)
