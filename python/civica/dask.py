"""civica's analyses over many files, on a Dask cluster.

Each file is read by civica on a Dask worker and reduced there to the analysis engine's group
table for the statistic asked for (``civica._core.analysis.GroupTable``: integer totals by
group, the sets of distinct applicants by id, award lists, recipients' sums). Only these
tables travel back; the client merges them in file order — exactly: sums are integers and
distinct counts are sizes of united sets, never sums of counts — and finishes the statistic.
So each result equals the same call on all the rows read as one dataset.

    >>> import civica.dask
    >>> from dask.distributed import Client
    >>> with Client("tcp://scheduler:8786") as client:                     # doctest: +SKIP
    ...     t = civica.dask.grant_outcomes("data/pgf/*.csv", ["year", "region"], client=client)
    ...     r = civica.dask.ranking("data/pgf/*.csv", "region", "awarded", client=client)
    ...     c = civica.dask.recipient_concentration("data/pgf/", by="region", client=client)
    ...     w = civica.dask.winners_over_time("data/pgf/", client=client)
    ...     p = civica.dask.panel("data/pgf/*.csv", {}, client=client)   # {}: no per-capita part

Files are ФПГ registry CSV files (``civica.pgf.read``) or Parquet files with the same 29
columns (``civica.pgf.COLUMNS``). An applicant's attributes (municipality, region, legal form)
are those its own file gives it. Needs ``pip install 'civica[dask]'``.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Union

from . import pgf
from ._core import ParseError

__all__ = ["grant_outcomes", "panel", "partial_of_file", "ranking", "recipient_concentration", "table_of_file",
           "winners_over_time"]

PathLike = Union[str, "os.PathLike[str]"]

_PARQUET = (".parquet", ".parq", ".pq")
_CSV = (".csv",)


def _require_dask() -> Any:
    try:
        import dask
    except ImportError as e:  # pragma: no cover - dask is in the test extras
        raise ImportError("civica.dask needs Dask, which is not installed: pip install 'civica[dask]'") from e
    return dask


def _not_paths(value: Any) -> TypeError:
    what = "a DataFrame" if hasattr(value, "columns") else repr(value)
    return TypeError(f"civica.dask: paths is {what}; give ФПГ files: a path, a glob pattern such as "
                     f"'data/*.csv', a folder of .csv and .parquet files, or a list of paths (each file is "
                     f"read on a worker; to analyse a DataFrame, build a Dataset and use civica.analysis)")


def _files(paths: PathLike | Sequence[PathLike]) -> list[str]:
    """The files named by a list, a glob pattern or a folder, in the order they are merged."""
    if not isinstance(paths, (str, os.PathLike)) and (
            isinstance(paths, (bytes, Mapping)) or hasattr(paths, "columns") or not isinstance(paths, Iterable)):
        raise _not_paths(paths)
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
        given = list(paths)  # a generator (Path.glob) is gone once iterated
        for f in given:
            if not isinstance(f, (str, os.PathLike)):
                raise _not_paths(f)
        files = [os.fspath(f) for f in given]
        where = "the list of paths"
    if not files:
        raise FileNotFoundError(f"civica.dask: no ФПГ files (.csv or .parquet) in {where}")
    for f in files:
        if not os.path.isfile(f):
            raise FileNotFoundError(f"civica.dask: {f} is not a file")
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
            # NaN is a missing value, as null is (how pandas and polars write one).
            values = [None if v is None or v != v else v for v in col.to_pylist()]
            if name in money:
                text = [None if v is None else f"{v:.2f}" for v in values]
            elif name == "year":
                text = [None if v is None else (str(int(v)) if float(v).is_integer() else repr(v)) for v in values]
            else:
                text = [None if v is None else repr(v) for v in values]
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


def table_of_file(path: PathLike, statistic: str | tuple[str, ...], args: Mapping[str, Any], *,
                  lenient_identifiers: bool = False) -> Any:
    """Read one ФПГ file (CSV, or Parquet with the same columns) and return the engine's
    group table for ``statistic`` (``outcomes``, ``ranking``, ``concentration``, ``winners``,
    ``groups`` — the groups by ``args["by"]`` of the applications passing the filter, which a
    statistic of the winners lists too —, ``panel``), with the applicants' ids so that tables
    merge; for a tuple of statistics, a tuple of their tables from one reading of the file.
    This runs on each Dask worker; it needs no Dask itself."""
    ds = _read(os.fspath(path), lenient_identifiers)
    f, unknown = _file_filters(ds, args.get("filter", {}))
    if isinstance(statistic, tuple):
        return tuple(_table(ds, s, args, f, unknown) for s in statistic)
    return _table(ds, statistic, args, f, unknown)


_DID_YOU_MEAN = '; did you mean "'


def _suggested(message: str) -> str | None:
    """The closest key a message of analysis::known_filter_key names ('…; did you mean "x"?'),
    or None when it names none."""
    head, sep, tail = message.rpartition(_DID_YOU_MEAN)
    return tail[:-2] if sep and tail.endswith('"?') else None


class _Unknown(dict[Any, str]):
    """The filter keys a file does not hold, (dimension, key) → the message naming it (with the
    file's closest key); merged over the files, the keys no file holds, each with the message
    naming the closest key of all the files.

    The closest of the files' closest keys is found by the engine's one rule
    (``closest_name``, as on one dataset) among them sorted: the merge takes a minimum, so the
    key named does not depend on the order of the files (of two files' keys as close, the first
    in sorted order is named)."""

    def merge(self, other: Mapping[Any, str]) -> None:
        from ._core import analysis as _a

        for k in list(self):
            if k not in other:
                del self[k]
                continue
            mine, theirs = _suggested(self[k]), _suggested(other[k])
            if theirs is None or mine == theirs:
                continue
            if mine is None:
                self[k] = other[k]
                continue
            key = str(k[1])
            if _a.closest_name(key, sorted([mine, theirs])) == theirs:
                self[k] = other[k]


def _file_filters(ds: Any, filters: Mapping[str, Any]) -> tuple[dict[str, Any], _Unknown]:
    """The filters as one file's dataset knows them (civica.analysis's rule: a municipality
    given by its name becomes its id), and the keys it does not hold: a partition need not hold
    every key, so those stay as given and the client refuses the ones no file holds."""
    from . import analysis

    unknown = _Unknown()
    return analysis._keyed_filters(ds, dict(filters), unknown), unknown


def _table(ds: Any, statistic: str, args: Mapping[str, Any], f: Mapping[str, Any], unknown: _Unknown) -> Any:
    """The group table of one statistic of a dataset read from one file, under the filters
    ``f`` as the file knows them (``unknown``: the keys it does not hold, see _file_filters)."""
    from ._core import analysis as _a

    if statistic == "unknown_filters":
        return unknown
    if statistic == "groups":
        from . import analysis

        return analysis._groups_table(ds, list(args["by"]), f, True)
    if statistic == "outcomes":
        return _a.outcome_table(ds, list(args["by"]), f, True)
    if statistic == "ranking":
        return _a.ranking_table(ds, str(args["by"]), str(args["measure"]), f, True)
    if statistic == "concentration":
        return _a.concentration_table(ds, list(args["by"]), f, True)
    if statistic == "winners":
        return _a.winners_table(ds, f, True)
    if statistic == "panel":
        return pgf.partial(ds)
    raise ValueError(f"unknown statistic {statistic!r}")


def partial_of_file(path: PathLike, *, lenient_identifiers: bool = False) -> Any:
    """The panel's partial (``civica.pgf.partial``) of one ФПГ file."""
    return table_of_file(path, "panel", {}, lenient_identifiers=lenient_identifiers)


def _merge(total: Any, part: Any) -> Any:
    """``part`` (a table, or a tuple of tables) merged into ``total`` in place; ``part`` when
    there is no total yet."""
    if total is None:
        return part
    for t, p in (zip(total, part) if isinstance(total, tuple) else [(total, part)]):
        t.merge(p)
    return total


def _merged(paths: PathLike | Sequence[PathLike], statistic: str | tuple[str, ...], args: Mapping[str, Any],
            client: Any, lenient_identifiers: bool) -> Any:
    """The tables of every file, made on the workers and merged here in file order (a tuple of
    tables for a tuple of statistics)."""
    dask = _require_dask()
    files = _files(paths)
    if client is not None and not callable(getattr(client, "map", None)):
        raise TypeError(f"civica.dask: client is {client!r}; give a dask.distributed.Client, or None for "
                        f"dask's default scheduler")
    # A filter key no file holds is refused, as civica.analysis refuses one its dataset lacks.
    from . import analysis

    checked = any(dim in analysis._KEYED for dim in args.get("filter", {}))
    if checked:
        statistic = (statistic if isinstance(statistic, tuple) else (statistic,)) + ("unknown_filters",)
    total: Any = None
    if client is not None:
        futures = client.map(table_of_file, files, statistic=statistic, args=dict(args),
                             lenient_identifiers=lenient_identifiers, pure=False)
        try:
            for f in futures:  # in file order; each result is released once merged
                total = _merge(total, f.result())
                f.release()
        except BaseException:
            client.cancel(futures)  # a bad file stops the others
            raise
    else:
        tasks = [dask.delayed(table_of_file, pure=False)(f, statistic, dict(args),
                                                        lenient_identifiers=lenient_identifiers) for f in files]
        for part in dask.compute(*tasks):
            total = _merge(total, part)
    if checked:
        *tables, unknown = total
        if unknown:
            from ._core import ValidationError

            raise ValidationError(next(iter(unknown.values())))
        total = tuple(tables) if len(tables) > 1 else tables[0]
    return total


def grant_outcomes(paths: PathLike | Sequence[PathLike], by: str | Sequence[str] | None = ("year",), *,
                   client: Any = None, level: float = 0.95, population_year: int | None = None,
                   lenient_identifiers: bool = False, **filters: Any) -> Any:
    """``civica.analysis.grant_outcomes`` of all the rows of many files (see the module notes)."""
    from . import analysis

    args = {"by": analysis._by(by), "filter": analysis._filters(filters)}
    analysis._population_year(population_year, "grant_outcomes")  # refused before the files are read
    table = _merged(paths, "outcomes", args, client, lenient_identifiers)
    return analysis._outcomes_frame(table, level, population_year)


def ranking(paths: PathLike | Sequence[PathLike], by: str = "municipality", measure: str = "winners", *,
            client: Any = None, method: str = "min", per_capita: bool = False, population_year: int | None = None,
            ascending: bool = False, lenient_identifiers: bool = False, **filters: Any) -> Any:
    """``civica.analysis.ranking`` of all the rows of many files."""
    from . import analysis

    by = analysis._ranking_by(by)
    f = analysis._filters(filters)
    population_year = analysis._ranking_population_year(per_capita, population_year, f)  # before the files are read
    table = _merged(paths, "ranking", {"by": by, "measure": measure, "filter": f}, client, lenient_identifiers)
    return analysis._ranking_frame(table, by, measure, method, per_capita, population_year, ascending)


def recipient_concentration(paths: PathLike | Sequence[PathLike], by: str | Sequence[str] | None = None, *,
                            client: Any = None, top_k: int | Sequence[int] = (1, 5, 10),
                            lenient_identifiers: bool = False, **filters: Any) -> Any:
    """``civica.analysis.recipient_concentration`` of all the rows of many files (with ``by``,
    every group of the applications passing the filters)."""
    from . import analysis

    args = {"by": analysis._by(by), "filter": analysis._filters(filters)}
    if not args["by"]:
        return analysis._concentration_result(_merged(paths, "concentration", args, client, lenient_identifiers),
                                              top_k)
    table, groups = _merged(paths, ("concentration", "groups"), args, client, lenient_identifiers)
    return analysis._concentration_result(table, top_k, groups)


def winners_over_time(paths: PathLike | Sequence[PathLike], *, client: Any = None,
                      lenient_identifiers: bool = False, **filters: Any) -> Any:
    """``civica.analysis.winners_over_time`` of all the rows of many files (every year of the
    applications passing the filters)."""
    from . import analysis

    args = {"by": ["year"], "filter": analysis._filters(filters)}
    table, groups = _merged(paths, ("winners", "groups"), args, client, lenient_identifiers)
    return analysis._winners_frame(table, None, groups)


def panel(paths: PathLike | Sequence[PathLike], population: Mapping[str, int], *,
          client: Any = None, lenient_identifiers: bool = False) -> dict[str, dict[str, Any]]:
    """The six-part national panel (the dict of ``civica.pgf.panel``) of many ФПГ files.

    ``paths`` is a list of files, a glob pattern (``"data/*.csv"``) or a folder (its ``.csv``
    and ``.parquet`` files, sorted by name). Each file becomes a group table on a Dask worker —
    through ``client`` (a ``dask.distributed.Client``) when given, else through
    ``dask.delayed`` on the current default scheduler. The tables are merged in the order of
    the files and the panel is finished here, with ``population`` mapping region → residents
    in the last year of the data. A recipient found in several files keeps the name of the
    first file it appears in.
    """
    table = _merged(paths, "panel", {}, client, lenient_identifiers)
    return pgf.finish(table, population)
