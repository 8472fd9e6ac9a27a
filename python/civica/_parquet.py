"""Parquet form of a dataset (through pyarrow): a folder with the dataset folder's manifest.json
and one ``<table>.parquet`` file per non-empty table, with the same columns as the folder's
CSV files, typed:

* money columns (``requested``, ``cofunding``, ``awarded``) as decimals of currency units with
  scale 2: ``decimal64(18, 2)``, stored as 64-bit integers, when every amount of the column
  fits 18 digits (below 10^16 units), else ``decimal128(20, 2)`` (any kopeck amount civica
  holds); a reader gets the same amounts from either,
* dates as ``date32``, whole numbers as ``int64``, real numbers (``indicators.value``,
  ``monitoring.score``, ``applications.rate``) as ``float64``, flags as ``bool``,
* everything else (ids, names, enums, ``|``-separated lists) as ``string``; a missing value
  is null.

Both ways move whole columns, with no text file in between. Writing: the applications'
columns become Arrow arrays straight from the dataset (money from integer kopecks, dates
from day numbers); the other tables come as the text of the dataset folder's cells, by
column, typed by Arrow's casts. Reading: the applications and the organisations go as
Arrow's typed buffers (decimal128, date32, int64, float64, strings or dictionaries) to a
compiled loader that converts and checks every value and adds the rows through the
dataset's bulk load (every rule of the model); the other tables go as Arrow's strings to the
dataset folder reader's row code (docs/dataset-format.md). A column in another form than
the one above (a file written by another tool) is read from its text, as in CSV.

The columns and their types are the declared ones (civica/model/schema.hpp, read through
``_core.table_schema()``): a column added there is written and read here with no edit.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Set, Union

from . import _core

PathLike = Union[str, "os.PathLike[str]"]

# The Arrow type of each declared column type (civica/model/schema.hpp, ``_core.table_schema()``);
# every other type (ids, texts, enumerations, references, lists) is ``string``.
_ARROW_TYPES = {"money": "decimal128", "date": "date32", "integer": "int64", "real": "float64",
                "boolean": "bool"}
# Declared types whose text repeats (each value is resolved or interned once): read as
# dictionaries from the tables read by typed column.
_REPEATED_TYPES = {"enum", "reference", "list"}
# Free-text columns that repeat as well (a competition's application titles, its directions).
_REPEATED_TEXT = {"applications": {"title", "direction"}}
# The tables with a compiled loader by typed column (the large ones).
_TYPED_TABLES = ("applications", "organizations")


def _declared() -> Dict[str, Dict[str, str]]:
    """Table -> column -> declared type, from the one declaration of the tables."""
    global _DECLARED
    if _DECLARED is None:
        _DECLARED = {t["name"]: {c["name"]: c["type"] for c in t["columns"]} for t in _core.table_schema()}
    return _DECLARED


_DECLARED: Optional[Dict[str, Dict[str, str]]] = None


def _columns_of(table: str, *types: str) -> Set[str]:
    """The declared columns of ``table`` of the given types."""
    return {c for c, t in _declared().get(table, {}).items() if t in types}


def _coded(table: str) -> Set[str]:
    """The text columns of a table read by typed column that are read as dictionaries."""
    return _columns_of(table, *_REPEATED_TYPES) | _REPEATED_TEXT.get(table, set())


def _pyarrow() -> Any:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.compute  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError(
            "Parquet needs pyarrow: pip install 'civica[parquet]' (or pip install pyarrow)") from e
    return pyarrow


def _arrow_type(pa: Any, table: str, column: str) -> Any:
    """The Arrow type of a column in civica's Parquet files, from its declared type."""
    kind = _ARROW_TYPES.get(_declared().get(table, {}).get(column, "text"))
    if kind == "decimal128":
        return pa.decimal128(20, 2)
    if kind == "date32":
        return pa.date32()
    if kind == "int64":
        return pa.int64()
    if kind == "float64":
        return pa.float64()
    if kind == "bool":
        return pa.bool_()
    return pa.string()


def _kind(table: str, column: str) -> Optional[str]:
    """The typed form of a column (see _ARROW_TYPES), or None for text."""
    return _ARROW_TYPES.get(_declared().get(table, {}).get(column, "text"))


def _strings(pa: Any, offsets: Any, data: Any) -> Any:
    """A ``string`` Array from Arrow's large_string buffers (int64 offsets and bytes)."""
    n = len(offsets) - 1
    return pa.Array.from_buffers(pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]).cast(
        pa.string())


def _validity(pa: Any, present: Any) -> Any:
    """An Arrow validity bitmap from a numpy bool array, or None when every value is present."""
    import numpy as np

    if present.all():
        return None
    return pa.py_buffer(np.packbits(present, bitorder="little"))


# The largest amount in kopecks a decimal64(18, 2) holds: 18 digits.
_DECIMAL64_MAX = 10**18 - 1


def _has_decimal64(pa: Any) -> bool:
    """Whether this pyarrow has decimal64 (pyarrow 18 and later)."""
    return hasattr(pa, "decimal64") and hasattr(pa.types, "is_decimal64")


def _is_decimal64(pa: Any, t: Any) -> bool:
    return _has_decimal64(pa) and bool(pa.types.is_decimal64(t))


def _money(pa: Any, kopecks: Any, optional: bool) -> Any:
    """Currency units with scale 2 from int64 kopecks (the same integers): decimal64(18, 2) when
    every amount fits 18 digits and pyarrow has it, else decimal128(20, 2)."""
    import numpy as np

    k = np.asarray(kopecks, dtype=np.int64)
    present = k != np.iinfo(np.int64).min if optional else np.ones(len(k), dtype=bool)
    amounts = np.where(present, k, 0)
    validity = _validity(pa, present)
    if _has_decimal64(pa) and (not len(k) or (amounts.max() <= _DECIMAL64_MAX and amounts.min() >= -_DECIMAL64_MAX)):
        return pa.Array.from_buffers(pa.decimal64(18, 2), len(k), [validity, pa.py_buffer(amounts)])
    values = np.empty((len(k), 2), dtype=np.int64)
    values[:, 0] = amounts
    values[:, 1] = amounts >> 63  # the sign of the 128-bit value
    return pa.Array.from_buffers(pa.decimal128(20, 2), len(k), [validity, pa.py_buffer(values)])


def _narrow_money(pa: Any, arr: Any) -> Any:
    """A decimal128(20, 2) column as decimal64(18, 2) when every amount fits (see _money)."""
    if not _has_decimal64(pa) or not pa.types.is_decimal128(arr.type):
        return arr
    try:
        return arr.cast(pa.decimal64(18, 2))
    except pa.ArrowInvalid:  # an amount of 10^16 units or more
        return arr


def _write_table(pa: Any, data: Any, path: str) -> None:
    """Writes a Parquet file; decimal64 money is stored as 64-bit integers."""
    import pyarrow.parquet as pq

    if _has_decimal64(pa):
        pq.write_table(data, path, store_decimal_as_integer=True)
    else:
        pq.write_table(data, path)


def _dates(pa: Any, days: Any) -> Any:
    """date32 from a datetime64[D] column (NaT: missing)."""
    import numpy as np

    d = np.asarray(days).view(np.int64)
    present = d != np.iinfo(np.int64).min
    values = np.where(present, d, 0).astype(np.int32)
    return pa.Array.from_buffers(pa.date32(), len(d), [_validity(pa, present), pa.py_buffer(values)])


def _application_arrays(pa: Any, dataset: Any) -> Any:
    """The applications' columns as Arrow arrays, straight from the dataset's columns."""
    import pyarrow.compute as pc

    apps = dataset.applications
    texts = _core.io.application_texts(dataset)
    arrays = []
    names = _core.io.table_columns("applications")
    nullable = {c["name"]: c["nullable"] for t in _core.table_schema() if t["name"] == "applications"
                for c in t["columns"]}
    for name in names:
        if name in texts:
            codes, offsets, data = texts[name]
            arr = _strings(pa, offsets, data)
            if codes is not None:
                arr = pc.take(arr, pa.array(codes, type=pa.int32()))
        elif _kind("applications", name) == "decimal128":
            arr = _money(pa, apps.column(name + "_kopecks"), optional=nullable[name])
        elif _kind("applications", name) == "date32":
            arr = _dates(pa, apps.column(name))
        elif _kind("applications", name) == "float64":
            arr = pa.array(apps.column(name), type=pa.float64(), from_pandas=True)
        else:
            raise _core.CivicaError(f"civica cannot write the applications column {name!r} as Parquet")
        wanted = _arrow_type(pa, "applications", name)
        if arr.type != wanted and not (wanted == pa.decimal128(20, 2) and _is_decimal64(pa, arr.type)):
            raise _core.CivicaError(f"applications column {name!r}: {arr.type} instead of {wanted}")
        arrays.append(arr)
    return pa.table(arrays, names=names)


def _text_table(pa: Any, table: str, columns: Any) -> Any:
    """A small table from its cells' text (as the dataset folder writes them), typed."""
    import pyarrow.compute as pc

    arrays, names = [], []
    for name, offsets, data in columns:
        col = _strings(pa, offsets, data)
        wanted = _arrow_type(pa, table, name)
        if wanted != pa.string():
            # An empty cell is a missing value; the folder's cells are spelt in forms Arrow's
            # casts read (ISO dates, `.` decimals, true/false).
            col = _narrow_money(pa, pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col).cast(wanted))
        arrays.append(col)
        names.append(name)
    return pa.table(arrays, names=names)


def write_parquet(dataset: Any, folder: PathLike) -> None:
    """Writes ``dataset`` as a Parquet folder (see the module's text) into ``folder``, which
    must not exist or be empty; :func:`civica.io.write` calls it on a fresh folder that then
    replaces the target atomically. No text file is written in between: the applications go
    from the dataset's columns to Arrow arrays, the other (small) tables as the text of the
    dataset folder's cells, typed by Arrow's casts."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    target = os.fspath(folder)
    os.makedirs(target, exist_ok=True)
    if os.listdir(target):
        raise _core.CivicaIOError(f"cannot write Parquet tables into {target}: the folder is not empty")
    _core.io.write_manifest(dataset, target)
    for table, _rows, columns in _core.io.table_texts(dataset, ["applications"]):
        _write_table(pa, _text_table(pa, table, columns), os.path.join(target, table + ".parquet"))
    if len(dataset.applications):
        _write_table(pa, _application_arrays(pa, dataset), os.path.join(target, "applications.parquet"))


def _parquet_error(e: Any, source: str) -> Any:
    """The folder reader's error, placed in the Parquet file: line N of a table's CSV form (line
    1 its header) is row N - 1 of the Parquet table, rows counting from 1 (pandas index + 1), as
    an SQLite rowid or a spreadsheet row. ``file`` is the table's Parquet file, ``line`` the row
    (None for an error about the whole file), ``field`` the column and ``reason`` the rule, which
    names the table's Parquet file where the folder reader named its CSV file."""
    file = getattr(e, "file", None) or ""
    reason = getattr(e, "reason", None)
    field = getattr(e, "field", None) or None
    placed = bool(os.path.dirname(file))  # by _parse_error, raised while the loader read a column
    if placed:
        path, row = file, getattr(e, "line", None)
    else:
        path = os.path.join(source, file.replace(".csv", ".parquet")) if file else source
        row = _row(getattr(e, "line", None))
    table_file = os.path.basename(path)
    csv_name = table_file[: -len(".parquet")] + ".csv" if table_file.endswith(".parquet") else ""
    named_as_csv = bool(reason and csv_name and csv_name in reason)
    if placed and not named_as_csv:
        return e
    if reason and named_as_csv:  # "the columns of courses.csv are …": here, courses.parquet's
        reason = reason.replace(csv_name, table_file)
    return _parse_error(path, reason, field, str(e), row)


def _row(line: Optional[int]) -> Optional[int]:
    """The row of a Parquet table (from 1) at line ``line`` of its CSV form; None for none."""
    return line - 1 if line is not None and line >= 2 else None


def _parse_error(path: str, reason: Optional[str], field: Optional[str], fallback: str = "",
                 row: Optional[int] = None) -> Any:
    """A ParseError as the other readers give it: ``file`` the Parquet file (or folder), ``line``
    the row (from 1, None for the whole file), ``field`` the column, ``reason`` the rule; its text
    reads ``<file>, row N, column "x": <reason>``."""
    place = path
    if row is not None:
        place += f", row {row}"
    if field:
        place += f", column \"{field}\""
    err = _core.ParseError(f"{place}: {reason or fallback}")
    err.file = path
    err.line = row
    err.field = field
    err.reason = reason
    return err


def _one_array(pa: Any, column: Any) -> Any:
    """A column of a table read by pyarrow as one Array (the table's dictionaries unified)."""
    if not isinstance(column, pa.ChunkedArray):
        return column
    if column.num_chunks == 1:
        return column.chunk(0)
    if column.num_chunks == 0:
        return pa.array([], type=column.type)
    return column.combine_chunks()


def _text_buffers(pa: Any, arr: Any) -> Any:
    """The offsets (a numpy view, 32- or 64-bit) and the bytes of a string Array without nulls."""
    import numpy as np

    _, offsets, data = arr.buffers()
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    view = np.frombuffer(offsets, dtype=width, count=len(arr) + 1, offset=arr.offset * np.dtype(width).itemsize)
    return view, (data if data is not None else b"")


def _column_strings(pa: Any, column: Any) -> Any:
    """A Parquet column as the strings of its CSV form, the way Arrow holds them: the int64
    offsets (a numpy view) and the bytes. Arrow spells dates (ISO), decimals (``1250.50``),
    whole and real numbers and flags (``true``/``false``) as the dataset folder does; a missing
    value is the empty string."""
    import pyarrow.compute as pc

    arr = _one_array(pa, column)
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if pa.types.is_floating(arr.type) and not pa.types.is_float64(arr.type):
        # A float32's shortest text ("1234567.9") is not the number it holds (1234567.875): the
        # value is read from the float64 that holds it exactly, so an amount is what was stored.
        arr = arr.cast(pa.float64())
    if pa.types.is_floating(arr.type) and len(arr):
        # NaN is a missing value, as null is (how pandas and polars write one), in every table.
        arr = pc.if_else(pc.is_nan(arr), pa.scalar(None, arr.type), arr)
    if not pa.types.is_large_string(arr.type):
        arr = arr.cast(pa.large_string())
    if arr.null_count:
        arr = pc.fill_null(arr, "")
    return _text_buffers(pa, arr)


def _is_text(pa: Any, t: Any) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _mask(pa: Any, arr: Any) -> Any:
    """1 where ``arr`` has a value (numpy uint8), or None when it has no nulls."""
    import numpy as np

    if not arr.null_count:
        return None
    return arr.is_valid().to_numpy(zero_copy_only=False).astype(np.uint8)


def _typed_column(pa: Any, table: str, name: str, column: Any) -> Any:
    """One column of a table read by typed column, in the form the compiled loader takes (see
    ``_core.io.read_table_strings``): money as decimal128 buffers, dates as day numbers, real
    and whole numbers and flags as numpy arrays, text as Arrow's string buffers, dictionary
    arrays as codes and entries. A column in another form (written by another tool) goes as
    its text, read as in CSV."""
    import numpy as np
    import pyarrow.compute as pc

    arr = _one_array(pa, column)
    t = arr.type
    if pa.types.is_dictionary(t) and _is_text(pa, t.value_type):
        dictionary = arr.dictionary
        if dictionary.null_count:
            dictionary = pc.fill_null(dictionary, "")
        codes = arr.indices
        if arr.null_count:
            # A missing value is the empty string, an entry added at the end.
            codes = pc.fill_null(codes, len(dictionary))
            dictionary = pa.concat_arrays([dictionary, pa.array([""], dictionary.type)])
        codes = codes.cast(pa.int32()).to_numpy(zero_copy_only=False)
        return (name, "dictionary", codes, *_text_buffers(pa, dictionary))
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    def fixed(form: str, a: Any, *more: Any) -> Any:
        validity, values = a.buffers()[:2]
        return (name, form, values if values is not None else b"", validity if a.null_count else None, a.offset, *more)

    kind = _kind(table, name)
    if kind == "decimal128" and pa.types.is_decimal128(t):
        return fixed("decimal128", arr, t.scale)
    if kind == "decimal128" and _is_decimal64(pa, t):
        return fixed("decimal64", arr, t.scale)
    if kind == "date32" and pa.types.is_date32(t):
        return fixed("date32", arr)
    if kind == "float64" and pa.types.is_floating(t):
        return fixed("float64", arr if pa.types.is_float64(t) else arr.cast(pa.float64()))
    if kind == "int64" and pa.types.is_integer(t) and not pa.types.is_uint64(t):
        return fixed("int64", arr if pa.types.is_int64(t) else arr.cast(pa.int64()))
    if kind == "bool" and pa.types.is_boolean(t):
        values = pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(np.uint8)
        return (name, "bool", values, _mask(pa, arr))
    return (name, "strings", *_column_strings(pa, arr))


def _typed_table(pa: Any, table: str, path: str, schema: Any, columns: Optional[List[str]], rows: int) -> List[Any]:
    """The columns of a large table (see _typed_column; ``columns`` of them, None for all), read
    with pyarrow's threads; some text
    columns are read as dictionaries (codes into distinct values), which Parquet usually
    stores anyway.

    The table is decoded in one batch into memory from the system allocator. The batch keeps
    each column in one piece (no second copy to join pieces), and the system allocator hands
    out pages that are cheaper to fault in than those of pyarrow's default allocator, which
    asks for huge pages: on a 1 M-application table that first read took 2-3 s instead of
    0.3-0.4 s on the machine of docs/benchmark.md."""
    import pyarrow.dataset as pds

    coded = [f.name for f in schema if f.name in _coded(table) and _is_text(pa, f.type)]
    form = pds.ParquetFileFormat(read_options=pds.ParquetReadOptions(dictionary_columns=coded))
    try:
        data = pds.dataset(path, format=form).to_table(columns=columns, memory_pool=pa.system_memory_pool(),
                                                        batch_size=max(rows, 1))
    except (pa.ArrowException, OSError, UnicodeDecodeError) as e:
        raise _unreadable(path, e) from None
    if any(c.num_chunks > 1 for c in data.columns):
        data = data.unify_dictionaries().combine_chunks()
    return [_column_of(pa, path, c, lambda c=c: _typed_column(pa, table, c, data.column(c))) for c in data.column_names]


def _unnamed_index(schema: Any) -> Set[str]:
    """The columns in which pandas keeps a DataFrame's unnamed index (``__index_level_0__``,
    written by ``to_parquet`` of a filtered or sorted frame): row labels, not a column of the
    table, left out as ``pandas.read_parquet`` puts them in the index. A named index (``id``
    after ``set_index("id")``) is a column like any other."""
    import json
    import re

    meta = (schema.metadata or {}).get(b"pandas")
    if not meta:
        return set()
    try:
        index = json.loads(meta).get("index_columns", [])
    except (ValueError, AttributeError):
        return set()
    return {c for c in index if isinstance(c, str) and re.fullmatch(r"__index_level_\d+__", c)}


def _column_of(pa: Any, path: str, column: str, convert: Any) -> Any:
    """``convert()`` of one column of the Parquet file ``path``; a column Arrow cannot give as
    civica reads it (a list, bytes that are not UTF-8 text) is a ParseError naming it."""
    try:
        return convert()
    except pa.ArrowException as e:
        raise _parse_error(path, f"the column cannot be read as civica's {column} ({e})", column) from None


def _unreadable(path: str, e: Exception) -> Any:
    """The error for a file pyarrow cannot decode (not Parquet, cut short, damaged), or cannot
    open (CivicaIOError, as for every format). pyarrow raises ArrowException, OSError for a
    footer it cannot deserialize or a bad compressed page, and UnicodeDecodeError for a column
    name that is not UTF-8."""
    if isinstance(e, (PermissionError, FileNotFoundError, IsADirectoryError)):
        return _core.CivicaIOError(f"cannot read \"{path}\": {e.strerror or e}")
    return _parse_error(path, f"not a readable Parquet file ({str(e).strip()})", None)


def unreadable_tables(folder: PathLike) -> List[Any]:
    """The error of each Parquet table in ``folder`` whose footer pyarrow cannot read (not
    Parquet, cut short, damaged), in name order, as a read would raise it: a read stops at the
    first, a check lists them all."""
    pa = _pyarrow()
    import pyarrow.parquet as pq

    source = os.fspath(folder)
    errors: List[Any] = []
    for name in sorted(os.listdir(source)):
        path = os.path.join(source, name)
        if not name.endswith(".parquet") or not os.path.isfile(path):
            continue
        try:
            pq.read_schema(path)  # the footer, its column names decoded
        except (pa.ArrowException, OSError, UnicodeDecodeError) as e:
            errors.append(_unreadable(path, e))
    return errors


def read_parquet(folder: PathLike, *, skip_bad_records: bool = False, skipped: Optional[List[Any]] = None) -> Any:
    """Reads a Parquet folder written by :func:`write_parquet` (or by any tool that keeps its
    table and column names) into a Dataset. A folder without manifest.json gets a blank one.
    With ``skip_bad_records`` a bad row (and the rows referring to it) is left out and listed in
    ``skipped`` (``file`` names the table's Parquet file) instead of failing the read.

    Each table's columns go as Arrow buffers (no text file, no Python object per row) to
    compiled code that applies every rule of the model to every row, as for a folder's CSV
    tables: Parquet files from elsewhere are not trusted."""
    pa = _pyarrow()
    source = os.fspath(folder)
    if not os.path.isdir(source):
        raise _core.CivicaIOError(f"{source} is not a folder of Parquet tables")
    # Table by table by path: a folder a writer replaced in between is read again, so that the
    # tables are all of one version (docs/reliability.md).
    ds, found = _core.io.read_whole_folder(source, lambda: _read_tables(pa, source, skip_bad_records))
    if skipped is not None:
        skipped.extend(_in_rows(p) for p in found)
    return ds


def _read_tables(pa: Any, source: str, skip_bad_records: bool) -> Any:
    """One read of the Parquet folder ``source``: (Dataset, problems of the rows left out)."""
    import pyarrow.parquet as pq

    known = [f[: -len(".csv")] for f in _core.io.dataset_table_files()]
    entries = set(os.listdir(source))
    if not any(t + ".parquet" in entries for t in known):
        csv_tables = [t + ".csv" for t in known if t + ".csv" in entries]
        if csv_tables:
            # A dataset folder read as Parquet: its manifest alone would make an empty dataset.
            raise _parse_error(source, f"the folder holds the tables of a dataset as CSV files ({', '.join(csv_tables)}), "
                                       "not as Parquet files: read it as a dataset folder (format \"civica\", "
                                       "civica --from civica)", None)
    tables: List[Any] = []
    # The large tables are read by pyarrow on worker threads while the compiled reader loads
    # the tables before them; it fetches each one's columns when its turn comes.
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        for name in sorted(os.listdir(source)):
            if not name.endswith(".parquet"):
                continue
            table = name[: -len(".parquet")]
            if table not in known:
                raise _core.ParseError(
                    f"{os.path.join(source, name)}: \"{table}\" is not a table of a civica dataset "
                    f"(the tables are {', '.join(known)})")
            path = os.path.join(source, name)
            _core.io.check_not_special(path, "Parquet table")  # pyarrow would wait on a named pipe
            try:
                if table not in _TYPED_TABLES:
                    # By position: a column named twice reaches the compiled header check, which
                    # names it (pyarrow's dataset reader fails on it with its own words).
                    with pq.ParquetFile(path) as f:
                        data = f.read()
                    index = _unnamed_index(data.schema)
                    columns = [_column_of(pa, path, c, lambda i=i, c=c: (c, *_column_strings(pa, data.column(i))))
                               for i, c in enumerate(data.column_names) if c not in index]
                    tables.append((table, name, data.num_rows, columns))
                    continue
                schema = pq.read_schema(path)
                rows = pq.read_metadata(path).num_rows
            except (pa.ArrowException, OSError, UnicodeDecodeError) as e:
                raise _unreadable(path, e) from None
            index = _unnamed_index(schema)
            columns = [c for c in schema.names if c not in index]
            typed = pool.submit(_typed_table, pa, table, path, schema, columns if index else None, rows)
            tables.append((table, name, rows, columns, typed.result))
        try:
            read = _core.io.read_table_strings(source, tables, skip_bad_records)
        except _core.ParseError as e:
            raise _parquet_error(e, source) from None
    except BaseException:
        # Ctrl-C, or a bad table: the tables not yet decoded are not, and the call does not wait
        # for those being decoded (pyarrow's threads end on their own).
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()  # every table was fetched: the threads are idle
    return read


def _in_rows(p: Any) -> Any:
    """A problem of the folder reader's row code placed in its Parquet table as the strict
    read's error places it (_parquet_error): ``line`` is the row, counting from 1 (so the first
    row is 1, not the "no line" 0), not the CSV line."""
    row = _row(p.line) or 0
    return _core.io.Problem(severity=p.severity, check=p.check, file=p.file or "", line=row, field=p.field or "",
                            record_id=p.record_id or "", message=p.message)
