"""Open-data formats: 360Giving JSON (grants), Popolo JSON (councils and their people) and the
SQLite dataset store.

    >>> import civica.formats as formats
    >>> ds, currency = formats.read_360giving("grants.json")        # doctest: +SKIP
    >>> formats.write_360giving(ds, "out.json", currency=currency)   # doctest: +SKIP
    >>> councils = formats.read_popolo("local_councillor_popolo.json")  # doctest: +SKIP
    >>> formats.save_sqlite(ds, "city.sqlite")                       # doctest: +SKIP
    >>> formats.load_sqlite("city.sqlite") == ds                     # doctest: +SKIP
    True

What maps to what is described in docs/formats.md. File work runs without the GIL. Errors are
civica's: ``ParseError`` (a ``ValueError``) names the file and the record, ``CivicaIOError``
a file that cannot be read or written.
"""

from __future__ import annotations

import os
from typing import Optional, Tuple, Union

from . import _core
from . import io as _io
from ._core import Dataset

__all__ = [
    "read_360giving",
    "write_360giving",
    "read_popolo",
    "write_popolo",
    "save_sqlite",
    "load_sqlite",
    "sqlite_schema_version",
]

PathLike = Union[str, "os.PathLike[str]"]

#: The version of the SQLite schema written by save_sqlite (table civica_meta, key schema_version).
sqlite_schema_version: int = int(getattr(_core.io, "sqlite_schema_version", 1))


def read_360giving(file: PathLike) -> Tuple[Dataset, Optional[str]]:
    """Reads a 360Giving JSON package: ``(dataset, currency)``. Every amount in the dataset is
    in hundredths of ``currency`` (pence for "GBP"); a package mixing currencies is refused."""
    return _io.read_360giving(file)


def write_360giving(dataset: Dataset, file: PathLike, *, currency: str = "RUB") -> None:
    """Writes the winning applications of ``dataset`` as a 360Giving JSON package that
    validates against the 360Giving schema (bundled in data/schemas/360giving)."""
    _io.write_360giving(dataset, file, currency=currency)


def read_popolo(file: PathLike) -> Dataset:
    """Reads a Popolo JSON document: councils, chambers and committees become collegial bodies,
    their memberships terms, their events meetings, motions agenda questions."""
    result: Dataset = _core.io.read_popolo(os.fspath(file))  # type: ignore[attr-defined]
    return result


def write_popolo(dataset: Dataset, file: PathLike) -> None:
    """Writes the collegial bodies of ``dataset`` (with terms, meetings and agenda questions),
    its persons, organisations and municipalities as Popolo JSON."""
    _core.io.write_popolo(dataset, os.fspath(file))  # type: ignore[attr-defined]


def save_sqlite(dataset: Dataset, file: PathLike) -> None:
    """Saves ``dataset`` as one SQLite database, replacing ``file`` atomically (a crash leaves
    the old file or the new one). Any SQL tool can query it; the schema is in docs/formats.md."""
    _core.io.save_sqlite(dataset, os.fspath(file))  # type: ignore[attr-defined]


def load_sqlite(file: PathLike) -> Dataset:
    """Loads a dataset saved by :func:`save_sqlite` (or ``Dataset.save("….sqlite")``)."""
    return _io.load_sqlite(file)
