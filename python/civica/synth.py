"""Synthetic datasets: reproducible, generated records for tests, benchmarks and notebooks.

Every generated dataset has ``info.synthetic == True``; it is never to be mistaken for observed
data. The same seed and options give the same dataset on every platform.

    >>> import civica
    >>> km = civica.synth.khanty_mansiysk_2020()            # doctest: +SKIP
    >>> big = civica.synth.national(applications=200_000)   # doctest: +SKIP
    >>> same = civica.synth.generate("national", applications=200_000)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, List

from . import _core
from ._core import Dataset
from ._whole import UINT64, real_number, whole_number

__all__ = ["GENERATORS", "generate", "khanty_mansiysk_2020", "national", "presidential_grant_directions"]

#: Names accepted by generate().
GENERATORS = ("national", "khanty-mansiysk-2020")


def national(
    *,
    seed: int = 2017,
    applications: int = 167_000,
    regions: int = 85,
    municipalities_per_region: int = 6,
    first_year: int = 2017,
    years: int = 8,
    competitions_per_year: int = 2,
    directions: int = 13,
    win_rate: float = 0.2,
    withdrawn_rate: float = 0.01,
    applications_per_organization: float = 2.5,
    yearly_growth_percent: int = 6,
) -> Dataset:
    """A national-scale picture of Presidential Grants Fund competitions: competitions over the
    years, applicant organisations spread over regions and municipalities by population, and
    applications with realistic amounts. Raises ValidationError for options out of range.
    Generation runs without the GIL (millions of applications take seconds)."""
    return _core.synth.national(
        seed=whole_number(seed, "seed", UINT64, where="national"),
        # Below 2^32, as the core takes them (synth::national_options).
        applications=whole_number(applications, "applications", (0, 2**32 - 1), where="national"),
        regions=whole_number(regions, "regions", where="national"),
        municipalities_per_region=whole_number(municipalities_per_region, "municipalities_per_region",
                                               where="national"),
        first_year=whole_number(first_year, "first_year", where="national"),
        years=whole_number(years, "years", where="national"),
        competitions_per_year=whole_number(competitions_per_year, "competitions_per_year", where="national"),
        directions=whole_number(directions, "directions", where="national"),
        win_rate=real_number(win_rate, "win_rate", where="national"),
        withdrawn_rate=real_number(withdrawn_rate, "withdrawn_rate", where="national"),
        applications_per_organization=real_number(applications_per_organization, "applications_per_organization",
                                                  where="national"),
        yearly_growth_percent=whole_number(yearly_growth_percent, "yearly_growth_percent", where="national"),
    )


def khanty_mansiysk_2020(*, seed: int = 2020) -> Dataset:
    """Synthetic records of Khanty-Mansiysk 2017–2020 from which every figure of the city's
    2020 public-engagement report can be counted (records only, no published indicators)."""
    return _core.synth.khanty_mansiysk_2020(seed=whole_number(seed, "seed", UINT64, where="khanty_mansiysk_2020"))


def generate(name: str = "khanty-mansiysk-2020", **options: Any) -> Dataset:
    """Generates the synthetic dataset ``name`` ("national" or "khanty-mansiysk-2020") with
    the generator's keyword options (see national() and khanty_mansiysk_2020())."""
    if name == "national":
        return national(**options)
    if name in ("khanty-mansiysk-2020", "khanty_mansiysk_2020"):
        return khanty_mansiysk_2020(**options)
    raise _core.NotFoundError(f'no synthetic generator "{name}" (generators: {", ".join(GENERATORS)})')


def presidential_grant_directions() -> List[str]:
    """The 13 directions (направления) of the Presidential Grants Fund, in the Fund's order."""
    return list(_core.synth.presidential_grant_directions())
