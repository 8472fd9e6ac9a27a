"""Open-data formats: 360Giving JSON and flat CSV (grants), Popolo JSON (councils and their
people) and the SQLite dataset store — thin aliases of :func:`civica.io.read` and
:func:`civica.io.write`, with the same shapes (a Dataset in, a Dataset out), plus the
360Giving data-quality checks.

    >>> import civica.formats as formats
    >>> ds = formats.read_360giving("grants.json")                  # doctest: +SKIP
    >>> ds.info.currency                                            # doctest: +SKIP
    'GBP'
    >>> extras = []
    >>> ds = formats.read_360giving("grants.csv", extras=extras)    # doctest: +SKIP
    >>> formats.write_360giving(ds, "out.json", extras=extras)       # doctest: +SKIP
    >>> [p.check for p in formats.check_360giving("grants.csv")]    # doctest: +SKIP
    ['zero_amount']
    >>> councils = formats.read_popolo("local_councillor_popolo.json")  # doctest: +SKIP
    >>> formats.save_sqlite(ds, "city.sqlite")                       # doctest: +SKIP
    >>> formats.load_sqlite("city.sqlite") == ds                     # doctest: +SKIP
    True

What maps to what is described in docs/formats.md. Every option of ``civica.io.read`` /
``civica.io.write`` is accepted (``on_error``, ``problems``, …). Errors are civica's:
``ParseError`` (a ``ValueError``) names the file and the record, ``CivicaIOError`` a file that
cannot be read or written.
"""

from __future__ import annotations

import os
from typing import Any, List, Union

from . import _core
from . import io as _io
from ._core import Dataset

__all__ = [
    "read_360giving",
    "write_360giving",
    "write_360giving_csv",
    "check_360giving",
    "read_popolo",
    "write_popolo",
    "save_sqlite",
    "load_sqlite",
    "sqlite_schema_version",
]

PathLike = Union[str, "os.PathLike[str]"]

#: The version of the SQLite schema written by save_sqlite (table civica_meta, key schema_version).
sqlite_schema_version: int = int(getattr(_core.io, "sqlite_schema_version", 1))


def read_360giving(file: PathLike, **options: Any) -> Dataset:
    """``civica.io.read(file, "360giving", **options)``: a 360Giving JSON package or flat CSV file
    (JSON when its first non-blank byte is ``{``). Every amount is in hundredths of
    ``ds.info.currency`` (pence for "GBP"); a package mixing currencies is refused. Pass
    ``extras=[]`` to receive what the dataset has no place for, one dict per grant."""
    return _io.read(file, "360giving", **options)


def write_360giving(dataset: Dataset, file: PathLike, **options: Any) -> None:
    """``civica.io.write(dataset, file, "360giving", **options)``: the winning applications as a
    360Giving JSON package that validates against the 360Giving schema (bundled in
    data/schemas/360giving), or flat CSV when ``file`` ends in .csv. With ``extras`` (from
    :func:`read_360giving`) descriptions, locations, classifications and publisher keys are
    written too."""
    _io.write(dataset, file, "360giving", **options)


def write_360giving_csv(dataset: Dataset, file: PathLike, **options: Any) -> None:
    """The grants :func:`write_360giving` writes, as a 360Giving flat CSV file (column titles),
    whatever the suffix of ``file``."""
    if os.path.splitext(os.fspath(file))[1].lower() != ".csv":
        raise ValueError(f"{os.fspath(file)}: a 360Giving flat CSV file is written to a path ending in .csv")
    _io.write(dataset, file, "360giving", **options)


def check_360giving(file: PathLike, *, encoding: str = "auto") -> List["_core.io.Problem"]:
    """The 360Giving data-quality checks on a JSON or flat CSV file: every problem, errors and
    warnings (``civica.io.Problem``), in grant order. Works on files the readers refuse.
    ``encoding`` is a flat CSV file's ("auto": detected), as :func:`civica.io.read` takes it."""
    result: List["_core.io.Problem"] = _core.io.check_360giving(os.fspath(file), encoding=encoding)
    return result


def read_popolo(file: PathLike, **options: Any) -> Dataset:
    """``civica.io.read(file, "popolo", **options)``: councils, chambers and committees become
    collegial bodies, their memberships terms, their events meetings, motions and nested events
    agenda questions."""
    return _io.read(file, "popolo", **options)


def write_popolo(dataset: Dataset, file: PathLike) -> None:
    """``civica.io.write(dataset, file, "popolo")``: the collegial bodies of ``dataset`` (with
    terms, meetings and agenda questions), its persons, organisations and municipalities as
    Popolo JSON."""
    _io.write(dataset, file, "popolo")


def save_sqlite(dataset: Dataset, file: PathLike) -> None:
    """``civica.io.write(dataset, file, "sqlite")``: one SQLite database, replacing ``file``
    atomically (a crash leaves the old file or the new one). Any SQL tool can query it; the
    schema is in docs/formats.md."""
    _io.write(dataset, file, "sqlite")


def load_sqlite(file: PathLike, **options: Any) -> Dataset:
    """``civica.io.read(file, "sqlite", **options)``: a dataset saved by :func:`save_sqlite`."""
    return _io.read(file, "sqlite", **options)
