"""Open-data formats: 360Giving JSON and flat CSV (grants), Popolo JSON (councils and their
people) and the SQLite dataset store.

    >>> import civica.formats as formats
    >>> ds, currency = formats.read_360giving("grants.json")        # doctest: +SKIP
    >>> formats.write_360giving(ds, "out.json", currency=currency)   # doctest: +SKIP
    >>> ds, currency, extras = formats.read_360giving_full("grants.csv")  # doctest: +SKIP
    >>> [p.check for p in formats.check_360giving("grants.csv")]    # doctest: +SKIP
    ['zero_amount']
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
from typing import Any, Dict, List, Optional, Tuple, Union

from . import _core
from . import io as _io
from ._core import Dataset

__all__ = [
    "read_360giving",
    "read_360giving_csv",
    "read_360giving_full",
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


def read_360giving(file: PathLike) -> Tuple[Dataset, Optional[str]]:
    """Reads a 360Giving JSON package or flat CSV file (JSON when its first non-blank byte is
    ``{``): ``(dataset, currency)``. Every amount in the dataset is in hundredths of
    ``currency`` (pence for "GBP"); a package mixing currencies is refused."""
    return _io.read_360giving(file)


def read_360giving_csv(file: PathLike) -> Tuple[Dataset, Optional[str]]:
    """Reads a 360Giving flat CSV file (columns named by the schema's titles, such as
    "Amount Awarded", or by raw paths, such as "amountAwarded"): ``(dataset, currency)``.
    Columns the standard does not define are kept (see read_360giving_full)."""
    result: Tuple[Dataset, Optional[str]] = _core.io.read_360giving_csv(os.fspath(file))  # type: ignore[attr-defined]
    return result


def read_360giving_full(file: PathLike) -> Tuple[Dataset, Optional[str], List[Dict[str, Any]]]:
    """Like read_360giving, plus one dict per grant (in application order) of what the dataset
    has no place for: ``id``, ``award_date``, ``description``, ``planned_start``,
    ``planned_end``, ``planned_duration_months``, ``beneficiary_locations``,
    ``classifications`` and ``extra_keys`` (the keys the 360Giving schema does not define).
    Pass the list to write_360giving / write_360giving_csv as ``extras`` to keep them."""
    result: Tuple[Dataset, Optional[str], List[Dict[str, Any]]] = _core.io.read_360giving_full(  # type: ignore[attr-defined]
        os.fspath(file))
    return result


def write_360giving(dataset: Dataset, file: PathLike, *, currency: str = "RUB",
                    extras: Optional[List[Dict[str, Any]]] = None) -> None:
    """Writes the winning applications of ``dataset`` as a 360Giving JSON package that
    validates against the 360Giving schema (bundled in data/schemas/360giving). With
    ``extras`` (from read_360giving_full) award dates, descriptions, locations,
    classifications and publisher keys are written too."""
    if extras is None:
        _io.write_360giving(dataset, file, currency=currency)
    else:
        _core.io.write_360giving(dataset, os.fspath(file), currency=currency, extras=extras)  # type: ignore[attr-defined]


def write_360giving_csv(dataset: Dataset, file: PathLike, *, currency: str = "RUB",
                        extras: Optional[List[Dict[str, Any]]] = None) -> None:
    """Writes the grants write_360giving writes as a 360Giving flat CSV file (column titles)."""
    _core.io.write_360giving_csv(dataset, os.fspath(file), currency=currency, extras=extras)  # type: ignore[attr-defined]


def check_360giving(file: PathLike) -> List["_core.io.Problem"]:
    """The 360Giving data-quality checks on a JSON or flat CSV file: every problem, errors and
    warnings (``civica.io.Problem``), in grant order. Works on files the readers refuse."""
    result: List["_core.io.Problem"] = _core.io.check_360giving(os.fspath(file))  # type: ignore[attr-defined]
    return result


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
