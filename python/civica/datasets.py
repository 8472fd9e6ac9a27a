"""The datasets bundled with civica, and loading datasets by name or path.

    >>> import civica
    >>> civica.datasets.names()                      # doctest: +SKIP
    ['khanty-mansiysk-2020', 'khanty-mansiysk-2020-synthetic']
    >>> ds = civica.datasets.load("khanty-mansiysk-2020")
    >>> mine = civica.datasets.load("./my-city-2021")   # doctest: +SKIP
    >>> grants = civica.datasets.load("grants.json")    # any path civica.io.read reads  # doctest: +SKIP

A path that exists is read as that path, also when a bundled dataset has its name; any other
bare name (no ``/``) is looked up among the bundled datasets. Either is read with
:func:`civica.io.read`, its format guessed: a dataset folder (also one saved by Russian Excel as
``;``-separated Windows-1251 CSV), a 360Giving file, an SQLite store, a ФПГ registry, Popolo,
Parquet. Bundled datasets live in the package's ``data/datasets`` folder
(``civica/data`` when installed, the repository's ``data/`` in a source checkout); the
environment variable ``CIVICA_DATA_DIR`` points civica at another data folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, List, Optional, Union

from . import _core
from ._core import Dataset, DatasetInfo

__all__ = ["catalog", "data_dir", "load", "names", "path"]

PathLike = Union[str, "os.PathLike[str]"]


def _has_data(folder: Path) -> bool:
    return (folder / "datasets").is_dir() or (folder / "calendar").is_dir()


def data_dir() -> Optional[Path]:
    """The data folder in use: ``$CIVICA_DATA_DIR``, the installed ``civica/data``, the source
    checkout's ``data/``, or the folder compiled into the C++ library; None when none exists."""
    env = os.environ.get("CIVICA_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent.parent / "data"):
        if _has_data(candidate):
            return candidate
    compiled = _core.io.default_data_dir()
    if compiled is not None and _has_data(Path(compiled)):
        return Path(compiled)
    return None


def names() -> List[str]:
    """Names of the bundled datasets, sorted."""
    folder = data_dir()
    if folder is None:
        return []
    return list(_core.io.bundled_dataset_names(folder))


def path(name: str) -> Path:
    """The folder of the bundled dataset ``name``; raises NotFoundError for an unknown name."""
    folder = data_dir()
    if folder is not None and name in names():
        return folder / "datasets" / name
    known = ", ".join(names()) or "none"
    raise _core.NotFoundError(f'no bundled dataset "{name}" (bundled: {known})')


def load(name_or_path: PathLike, **read_options: Any) -> Dataset:
    """Loads a bundled dataset by name, or any dataset by path: ``civica.io.read(path,
    **read_options)``, the format guessed from the contents (a dataset folder in any CSV
    dialect, a 360Giving file, an SQLite store, …). A path that exists is read as that path,
    also when a bundled dataset has its name (a copy of ``khanty-mansiysk-2020`` edited in the
    working folder), as the ``civica`` command reads it.

    Raises NotFoundError (listing the bundled names) when ``name_or_path`` is neither, and
    ParseError naming the file, line and column when a file is wrong. The file reading runs
    without the GIL.
    """
    from . import io

    text = os.fsdecode(name_or_path)  # a bytes path as the str one
    folder = data_dir()
    if text and os.path.exists(text):
        return io.read(text, **read_options)
    if text and "/" not in text and os.sep not in text and text in names():
        # Through the one reader, so that read_options hold for a bundled dataset too.
        return io.read(path(text), **read_options)
    # Neither: the library's message lists the bundled names.
    return _core.io.load_dataset(text, folder if folder is not None else "")


def catalog() -> List[DatasetInfo]:
    """Name, title, territory, description, source, licence and synthetic flag of every
    bundled dataset, read from the manifests (without loading the tables)."""
    out: List[DatasetInfo] = []
    for name in names():
        manifest = path(name) / "manifest.json"
        try:
            m = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            m = {}
        out.append(
            DatasetInfo(
                name=str(m.get("name", name)),
                title=str(m.get("title", "")),
                territory=str(m.get("territory", "")),
                description=str(m.get("description", "")),
                source=str(m.get("source", "")),
                licence=str(m.get("licence", "")),
                synthetic=bool(m.get("synthetic", False)),
                currency=str(m.get("currency", "RUB")),
            )
        )
    return out
