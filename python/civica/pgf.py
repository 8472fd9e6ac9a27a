"""The Presidential Grants Fund (ФПГ) open data layout: all applications to the Fund's
competitions since 2017, 29 columns, ``;``-separated UTF-8 (passport: «Если быть точным»,
https://tochno.st/pres_grants, CC BY).

    >>> import csv, civica.pgf
    >>> ds = civica.pgf.read("data_114_pres_grants_v20250313.csv")     # doctest: +SKIP
    >>> with open("population-2024.csv", encoding="utf-8") as f:   # region,residents  # doctest: +SKIP
    ...     population = {row["region"]: int(row["residents"]) for row in csv.DictReader(f)}
    >>> p = civica.pgf.panel(ds, population)   # every region's residents, or {}  # doctest: +SKIP

Reading, writing and the panel run in C++ with the GIL released. See the C++ header
``civica/io/pgf.hpp`` for how the columns map onto the model.

The panel is a finishing step over civica's analysis engine (``civica.analysis``): its groups
by year × region × direction with each recipient's money. It can be computed piecewise:
``partial(dataset)`` is that group table, the tables of several files (or row ranges)
``merge`` exactly, and ``finish(table, population)`` gives the same dict as ``panel``. Tables
pickle, so ``civica.dask.panel`` builds them on workers.

    >>> p = civica.pgf.partial(civica.pgf.read("2017-2020.csv"))      # doctest: +SKIP
    >>> p.merge(civica.pgf.partial(civica.pgf.read("2021-2025.csv")))   # doctest: +SKIP
    >>> civica.pgf.finish(p, population)                                 # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Union

from . import _core
from ._whole import INT64, whole_number

__all__ = ["COLUMNS", "PgfPartial", "finish", "panel", "partial", "read", "write"]

#: The 29 column names of the layout, in the passport's order.
COLUMNS: list[str] = list(_core.pgf.COLUMNS)

#: The panel's mergeable part: the analysis engine's group table (C++
#: ``civica::analysis::group_table``); ``merge(other)`` in place, picklable.
PgfPartial: Any = _core.analysis.GroupTable

PathLike = Union[str, "os.PathLike[str]"]


def read(path: PathLike, *, lenient_identifiers: bool = False, threads: int = 0,
         problems: list[Any] | None = None, issues: list[Any] | None = None, **options: Any) -> _core.Dataset:
    """Read a ФПГ CSV file into a new Dataset: ``civica.io.read(path, "pgf", ...)``.

    A bad row raises ``civica.ParseError`` naming the file, line, column and rule; nothing is
    half-loaded. With ``lenient_identifiers`` an INN or OGRN with a wrong checksum is let
    through (not stored) and listed in ``problems`` (a list you pass, as for
    ``civica.io.read``: one ``civica.io.Problem`` per value let through or, with
    ``on_error="skip"``, per row left out); ``issues`` is another name for ``problems``. The
    registry's applicant is one organisation per INN, with its first row's name and region: a
    later row giving the INN another one is a ``shared_inn`` warning there, once per INN (a
    name written otherwise only in letter case, spaces or a letter typed as two code points is
    the same name). A region written another way than on an earlier row is read as that region,
    with a ``region_spelling`` warning at its first row.
    ``threads=0`` parses on every core. Other options are those of ``civica.io.read``
    (``on_error``, ``limits``, …).
    """
    from . import io

    if issues is not None:
        if problems is not None and problems is not issues:
            raise TypeError("civica.pgf.read: give problems= or issues= (another name for it), not both")
        problems = issues
    return io.read(path, "pgf", lenient_identifiers=lenient_identifiers, threads=threads, problems=problems,
                   **options)


def write(dataset: _core.Dataset, path: PathLike) -> None:
    """Write the dataset's applications (organisations only) in the ФПГ layout:
    ``civica.io.write(dataset, path, "pgf")``, replacing ``path`` atomically."""
    from . import io

    io.write(dataset, path, "pgf")


def _population(population: Any) -> dict[str, int]:
    """``population`` (region → residents) as the engine takes it; a TypeError naming the
    argument when it is not a mapping, or the region whose figure is not a number."""
    if not isinstance(population, Mapping):
        raise TypeError("population must be a mapping of region → residents ({} for none), "
                        f"not {type(population).__name__}")
    out: dict[str, int] = {}
    for region, residents in population.items():
        try:
            out[str(region)] = whole_number(residents, f"population[{region!r}]", INT64)
        except TypeError:
            raise TypeError(f"population[{region!r}] must be a number of residents, not {residents!r}") from None
    return out


def panel(dataset: _core.Dataset, population: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """The six-part national panel, each part a dict of columns: equal-length lists, but for
    ``per_capita["year"]``, one int.

    ``by_region_year`` (applications, winners, success rate by year × region),
    ``by_direction_year`` (awarded kopecks by year × direction), ``top_recipients`` (10 by
    awarded money), ``concentration`` (HHI and Gini of awarded money over recipients per
    region), ``winner_trends`` (CAGR and linear slope of winners per region) and
    ``per_capita`` (awarded roubles per resident in the last year, ranked: ``year``, the one
    year of its figures, the last of the data, and the lists ``region``,
    ``awarded_rub_per_capita`` and ``rank``; ``population`` maps region → residents in that
    year: every region of the data needs a figure, and a region it lacks is a ValidationError
    naming it; ``{}`` leaves the lists empty; anything but a mapping of numbers is a
    TypeError).
    """
    return _core.pgf.panel(dataset, _population(population))


def partial(dataset: _core.Dataset) -> Any:
    """The mergeable part of the panel of a dataset (a ``PgfPartial``, the engine's group table).

    ``a.merge(b)`` adds the table of the next file or row range in place (integer sums,
    checked for overflow; recipients united by id, a recipient in both keeping its name in
    ``a``), and ``finish(a, population)`` returns the same dict as ``panel``.
    """
    return _core.pgf.partial(dataset)


def finish(partial: Any, population: Mapping[str, int]) -> dict[str, dict[str, Any]]:
    """The panel (the dict of ``panel``) of a partial, or of partials merged."""
    result: dict[str, dict[str, Any]] = _core.pgf.finish(partial, _population(population))
    return result
