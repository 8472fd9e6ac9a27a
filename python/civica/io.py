"""Reading, writing and checking datasets.

    >>> import civica
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
from collections.abc import Sequence
from typing import List, Optional, Tuple, Union

from . import _core
from ._core import Dataset

Problem = _core.io.Problem

__all__ = [
    "Problem",
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
