"""The national ФПГ panel over many files, on a Dask cluster.

Each file is read by civica on a Dask worker and reduced there to a ``civica.pgf.PgfPartial``
(integer tallies: counts and kopecks by year × region and year × direction, awarded money per
applicant organisation). Only these partials travel back; the client merges them in file order and
finishes the panel. Merging is exact, so the result equals ``civica.pgf.panel`` of all the
rows read as one file, to the last bit (see ``civica/io/pgf.hpp`` for the one exception: an
INN filed under different regions in different files).

    >>> import civica.dask
    >>> from dask.distributed import Client
    >>> with Client("tcp://scheduler:8786") as client:                    # doctest: +SKIP
    ...     p = civica.dask.panel("data/pgf/*.csv", {"Москва": 13_149_803}, client=client)

Files are ФПГ CSV files (``civica.pgf.read``) or Parquet files with the same 29 columns
(``civica.pgf.COLUMNS``). Needs ``pip install 'civica[dask]'``.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Mapping, Sequence
from typing import Any, Union

from . import pgf
from ._core import ParseError

__all__ = ["panel", "partial_of_file"]

PathLike = Union[str, "os.PathLike[str]"]

_PARQUET = (".parquet", ".parq", ".pq")
_CSV = (".csv",)


def _require_dask() -> Any:
    try:
        import dask
    except ImportError as e:  # pragma: no cover - dask is in the test extras
        raise ImportError("civica.dask needs Dask, which is not installed: pip install 'civica[dask]'") from e
    return dask


def _files(paths: PathLike | Sequence[PathLike]) -> list[str]:
    """The files named by a list, a glob pattern or a folder, in the order they are merged."""
    if isinstance(paths, (str, os.PathLike)):
        p = os.fspath(paths)
        if os.path.isdir(p):
            files = sorted(os.path.join(p, f) for f in os.listdir(p)
                           if f.lower().endswith(_CSV + _PARQUET) and not f.startswith("."))
            where = f"the folder {p}"
        elif glob.has_magic(p):
            files = sorted(glob.glob(p))
            where = f"the pattern {p!r}"
        else:
            files = [p]
            where = p
    else:
        files = [os.fspath(f) for f in paths]
        where = "the list of paths"
    if not files:
        raise FileNotFoundError(f"civica.dask.panel: no ФПГ files (.csv or .parquet) in {where}")
    for f in files:
        if not os.path.isfile(f):
            raise FileNotFoundError(f"civica.dask.panel: {f} is not a file")
    return files


def _text_columns(path: str) -> Any:
    """A Parquet file in the ФПГ column layout as a pyarrow table of strings (nulls kept)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    missing = [c for c in pgf.COLUMNS if c not in table.column_names]
    if missing:
        raise ParseError(
            f"{path}: not in the ФПГ column layout: missing column(s) {', '.join(missing)} "
            f"(expected the 29 columns of civica.pgf.COLUMNS)")
    money = {"money_req_grant", "cofunding", "total_money"}
    columns = []
    for name in pgf.COLUMNS:
        col = table.column(name)
        t = col.type
        if name in {"inn", "ogrn", "okato", "oktmo"} and pa.types.is_integer(t):
            # An integer column has lost the leading zeros of codes like 0105… (Adygea).
            raise ParseError(
                f"{path}: column \"{name}\" is stored as integers; identifiers and codes must be text "
                f"(an integer loses leading zeros)")
        if pa.types.is_floating(t):
            # pyarrow writes 1e+12 for large doubles, which is not an amount; format by hand.
            if name in money:
                text = [None if v is None else f"{v:.2f}" for v in col.to_pylist()]
            elif name == "year":
                text = [None if v is None else (str(int(v)) if float(v).is_integer() else repr(v))
                        for v in col.to_pylist()]
            else:
                text = [None if v is None else repr(v) for v in col.to_pylist()]
            col = pa.chunked_array([pa.array(text, pa.string())])
        elif not (pa.types.is_string(t) or pa.types.is_large_string(t)):
            col = pc.cast(col, pa.string())  # integers, booleans (true/false), dates (ISO)
        columns.append(col)
    return pa.table(columns, names=list(pgf.COLUMNS))


def _read(path: str, lenient_identifiers: bool) -> Any:
    if not path.lower().endswith(_PARQUET):
        return pgf.read(path, lenient_identifiers=lenient_identifiers)
    import pyarrow.csv as pcsv

    table = _text_columns(path)
    with tempfile.TemporaryDirectory(prefix="civica-pgf-") as tmp:
        csv = os.path.join(tmp, os.path.basename(path) + ".csv")
        with open(csv, "wb") as out:
            out.write((";".join(pgf.COLUMNS) + "\n").encode("utf-8"))
            pcsv.write_csv(table, out, pcsv.WriteOptions(include_header=False, delimiter=";",
                                                         quoting_style="needed"))
        try:
            return pgf.read(csv, lenient_identifiers=lenient_identifiers)
        except ParseError as e:
            err = ParseError(
                f"{path}: {e} (read through a CSV copy: its line n is row n - 1 of the Parquet file, "
                f"counting rows from 1)")
            err.file, err.line, err.field, err.reason = path, e.line, e.field, e.reason
            raise err from e


def partial_of_file(path: PathLike, *, lenient_identifiers: bool = False) -> pgf.PgfPartial:
    """Read one ФПГ file (CSV, or Parquet with the same columns) and return its partial.

    This is what runs on each Dask worker; it needs no Dask itself.
    """
    return pgf.partial(_read(os.fspath(path), lenient_identifiers))


def panel(paths: PathLike | Sequence[PathLike], population: Mapping[str, int], *,
          client: Any = None, lenient_identifiers: bool = False) -> dict[str, dict[str, Any]]:
    """The six-part national panel (the dict of ``civica.pgf.panel``) of many ФПГ files.

    ``paths`` is a list of files, a glob pattern (``"data/*.csv"``) or a folder (its ``.csv``
    and ``.parquet`` files, sorted by name). Each file becomes a partial on a Dask worker —
    through ``client`` (a ``dask.distributed.Client``) when given, else through
    ``dask.delayed`` on the current default scheduler. The partials are merged in the order of
    the files and the panel is finished here, with ``population`` mapping region → residents
    in the last year of the data. An organisation found in several files keeps the name and region
    of the first file it appears in.
    """
    dask = _require_dask()
    files = _files(paths)
    pop = {str(k): int(v) for k, v in population.items()}
    total = pgf.PgfPartial()
    if client is not None:
        futures = client.map(partial_of_file, files, lenient_identifiers=lenient_identifiers, pure=False)
        try:
            for f in futures:  # in file order; each result is released once merged
                total.merge(f.result())
                f.release()
        except BaseException:
            client.cancel(futures)  # a bad file stops the others
            raise
    else:
        tasks = [dask.delayed(partial_of_file, pure=False)(f, lenient_identifiers=lenient_identifiers)
                 for f in files]
        for part in dask.compute(*tasks):
            total.merge(part)
    result: dict[str, dict[str, Any]] = total.finish(pop)
    return result
