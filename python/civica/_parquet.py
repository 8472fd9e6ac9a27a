"""Parquet form of a dataset (through pyarrow): a folder with the dataset folder's manifest.json
and one ``<table>.parquet`` file per non-empty table, with the same columns as the folder's
CSV files, typed:

* money (``requested``, ``cofunding``, ``awarded``) as ``decimal128(20, 2)`` currency units,
* dates as ``date32``, whole numbers as ``int64``, ``indicators.value``,
  ``monitoring.score`` and ``applications.rate`` as ``float64``, flags as ``bool``,
* everything else (ids, names, enums, ``|``-separated lists) as ``string``; a missing value
  is null.

Writing goes through the folder writer; reading hands each table's Arrow columns to the folder
reader's row code, so both apply every rule of the model (docs/dataset-format.md).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any, List, Optional, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

_MONEY = {"requested", "cofunding", "awarded"}
_DATES = {
    "organizations": {"registered"},
    "competitions": {"window_start", "window_end"},
    "applications": {"submitted", "implementation_start", "implementation_end", "decided"},
    "courses": {"start", "end"},
    "membership_terms": {"start", "end"},
    "meetings": {"date"},
    "services": {"date"},
    "monitoring": {"date"},
}
_INTS = {
    "organizations": {"okopf"},
    "meetings": {"attendance"},
    "competitions": {"year", "round"},
    "courses": {"hours"},
    "enrolments": {"participants"},
    "membership_terms": {"members"},
    "indicators": {"year"},
}
_FLOATS = {"indicators": {"value"}, "monitoring": {"score"}, "applications": {"rate"}}
_BOOLS = {
    "organizations": {"socially_oriented", "public_association", "tos", "volunteer_association", "nonprofit"},
    "enrolments": {"completed"},
}


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.csv  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError(
            "Parquet needs pyarrow: pip install 'civica[parquet]' (or pip install pyarrow)") from e
    return pyarrow


def _arrow_type(pa: Any, table: str, column: str) -> Any:
    if table == "applications" and column in _MONEY:
        return pa.decimal128(20, 2)
    if column in _DATES.get(table, ()):
        return pa.date32()
    if column in _INTS.get(table, ()):
        return pa.int64()
    if column in _FLOATS.get(table, ()):
        return pa.float64()
    if column in _BOOLS.get(table, ()):
        return pa.bool_()
    return pa.string()


def write_parquet(dataset: Any, folder: PathLike) -> None:
    """Writes ``dataset`` as a Parquet folder (see the module's text), replacing ``folder``
    only once every file is written."""
    pa = _pyarrow()
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = os.path.abspath(os.fspath(folder))
    if os.path.exists(target) and not os.path.isdir(target):
        raise _core.CivicaIOError(f"cannot write Parquet tables to {target}: it is a file, not a folder")
    if os.path.isdir(target) and os.listdir(target) and not os.path.exists(os.path.join(target, "manifest.json")):
        raise _core.CivicaIOError(
            f"refusing to replace {target}: the folder is not empty and holds no civica dataset")
    parent = os.path.dirname(target) or "."
    os.makedirs(parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix=".civica-parquet-", dir=parent)
    try:
        csv_dir = os.path.join(work, "csv")
        out_dir = os.path.join(work, "parquet")
        os.mkdir(out_dir)
        _core.io.write_dataset_folder(dataset, csv_dir)
        shutil.copyfile(os.path.join(csv_dir, "manifest.json"), os.path.join(out_dir, "manifest.json"))
        for file in _core.io.dataset_table_files():
            path = os.path.join(csv_dir, file)
            if not os.path.exists(path):
                continue
            table = file[: -len(".csv")]
            with open(path, "rb") as f:
                header = f.readline().decode("utf-8").rstrip("\r\n").split(",")
            strings = pacsv.read_csv(
                path,
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in header}, strings_can_be_null=False))
            columns = []
            for name in header:
                col = strings.column(name)
                wanted = _arrow_type(pa, table, name)
                if wanted != pa.string():
                    # An empty cell is a missing value; the folder writer spells values in
                    # forms Arrow's casts read (ISO dates, `.` decimals, true/false).
                    import pyarrow.compute as pc

                    col = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col).cast(wanted)
                columns.append(col)
            pq.write_table(pa.table(columns, names=header), os.path.join(out_dir, table + ".parquet"))
        if os.path.isdir(target):
            old = target + ".civica-old"
            os.replace(target, old)
            os.replace(out_dir, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(out_dir, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _parquet_error(e: Any, source: str) -> Any:
    """The folder reader's error, placed in the Parquet file: line N of a table's CSV form is
    row N - 1 (0-based: N - 2) of the Parquet table."""
    file = getattr(e, "file", None) or ""
    place = os.path.join(source, file.replace(".csv", ".parquet")) if file else source
    line = getattr(e, "line", None)
    if line is not None and line >= 2:
        place += f", row {line - 2} (0-based)"
    field = getattr(e, "field", None)
    if field:
        place += f", column \"{field}\""
    err = _core.ParseError(f"{place}: {getattr(e, 'reason', None) or e}")
    err.file = place
    err.line = None
    err.field = field
    err.reason = getattr(e, "reason", None)
    return err


def _column_strings(pa: Any, column: Any) -> Any:
    """A Parquet column as the strings of its CSV form, the way Arrow holds them: the int64
    offsets (a numpy view) and the bytes. Arrow spells dates (ISO), decimals (``1250.50``),
    whole and real numbers and flags (``true``/``false``) as the dataset folder does; a missing
    value is the empty string."""
    import numpy as np
    import pyarrow.compute as pc

    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    arr = pc.fill_null(arr.cast(pa.large_string()), "")
    _, offsets, data = arr.buffers()
    view = np.frombuffer(offsets, dtype=np.int64, count=len(arr) + 1, offset=arr.offset * 8)
    return view, (data if data is not None else b"")


def read_parquet(folder: PathLike, *, skip_bad_records: bool = False, skipped: Optional[List[Any]] = None) -> Any:
    """Reads a Parquet folder written by :func:`write_parquet` (or by any tool that keeps its
    table and column names) into a Dataset. A folder without manifest.json gets a blank one.
    With ``skip_bad_records`` a bad row (and the rows referring to it) is left out and listed in
    ``skipped`` (``file`` names the table's Parquet file) instead of failing the read.

    Each table's columns go as Arrow buffers (no text file, no Python object per row) to the
    compiled reader of dataset folders, which applies every rule of the model to every row, as
    for a folder's CSV tables: Parquet files from elsewhere are not trusted."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    source = os.fspath(folder)
    if not os.path.isdir(source):
        raise _core.CivicaIOError(f"{source} is not a folder of Parquet tables")
    known = [f[: -len(".csv")] for f in _core.io.dataset_table_files()]
    tables = []
    for name in sorted(os.listdir(source)):
        if not name.endswith(".parquet"):
            continue
        table = name[: -len(".parquet")]
        if table not in known:
            raise _core.ParseError(
                f"{os.path.join(source, name)}: \"{table}\" is not a table of a civica dataset "
                f"(the tables are {', '.join(known)})")
        data = pq.read_table(os.path.join(source, name))
        columns = [(c, *_column_strings(pa, data.column(c))) for c in data.column_names]
        tables.append((table, name, data.num_rows, columns))
    try:
        ds, found = _core.io.read_table_strings(source, tables, skip_bad_records)
    except _core.ParseError as e:
        raise _parquet_error(e, source) from None
    if skipped is not None:
        skipped.extend(found)
    return ds
