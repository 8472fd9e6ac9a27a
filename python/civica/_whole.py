"""Whole-number arguments of the Python API (years, counts, sizes, seeds, threads), checked
before they reach the compiled core.

A whole number is a Python ``int``, a numpy integer, or a float (numpy float, Decimal) with
nothing after the point (``2020.0``, as pandas gives years). Refused, with the argument's name:

* ``2020.5``, NaN or infinity: a ``civica.ValidationError`` (``year must be a whole number, not
  2020.5``), not a year silently cut to 2020;
* a number the core cannot take (a year beyond a 32-bit ``int``, a negative count): a
  ``civica.ValidationError`` giving the range, not pybind11's "incompatible function arguments";
* ``True``/``False``, text (``"2020"``), None where a number is needed, anything else: a
  ``TypeError``, as civica answers other arguments of the wrong type.

Flags (:func:`yes_or_no`) are checked here too: only ``True`` or ``False``.
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any, List, Optional, Tuple

import numpy as np

from . import _core

#: The ranges of the core's C++ types: a year, a count or an option taken as ``int``, a
#: ``long long``/``int64_t``, a ``size_t`` (a size, a row number), an ``unsigned`` (a thread
#: count) and a ``uint64_t`` (a seed).
INT = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
SIZE = (0, 2**64 - 1)
UNSIGNED = (0, 2**32 - 1)
UINT64 = (0, 2**64 - 1)


def whole_number(value: Any, name: str, limits: Optional[Tuple[int, int]] = INT, *, where: str = "") -> int:
    """``value`` of the argument ``name`` as an ``int`` from ``limits[0]`` to ``limits[1]``
    (by default the range of a C++ ``int``; None: any, for a caller that checks the range
    itself); ``where`` (a function's name) starts the message."""
    prefix = f"{where}: " if where else ""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        n = int(value)
    elif isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool):
        x = Decimal(value) if isinstance(value, Decimal) else float(value)
        if not (x.is_finite() if isinstance(x, Decimal) else math.isfinite(x)) or x != int(x):
            raise _core.ValidationError(f"{prefix}{name} must be a whole number, not {_shown(value)}")
        n = int(x)
    else:
        raise TypeError(f"{prefix}{name} must be a whole number, not {_shown(value)}")
    if limits is None:
        return n
    low, high = limits
    if not low <= n <= high:
        raise _core.ValidationError(f"{prefix}{name} must be a whole number from {low} to {high}, not {n}")
    return n


def real_number(value: Any, name: str, *, where: str = "") -> float:
    """``value`` of the argument ``name`` as a ``float``: any real number (int, float, numpy
    number, Decimal); ``True``/``False``, text, None or anything else a ``TypeError`` naming the
    argument, as for whole numbers. The range is the caller's (the core names it)."""
    if isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, bool):
        return float(value)
    prefix = f"{where}: " if where else ""
    raise TypeError(f"{prefix}{name} must be a number, not {_shown(value)}")


def yes_or_no(value: Any, name: str, *, where: str = "") -> bool:
    """``value`` of the flag ``name`` as a ``bool``: ``True``/``False`` (also numpy's); text
    (``"False"``, ``"no"``), numbers, None or anything else a ``TypeError`` naming the flag, not
    a value taken by its truth (``"False"`` would be true)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    prefix = f"{where}: " if where else ""
    raise TypeError(f"{prefix}{name} must be True or False, not {_shown(value)}")


def real_numbers(values: Any, name: str, *, where: str = "") -> List[float]:
    """``values`` (a number, a sequence, a numpy array, a pandas Series) of the argument ``name``
    as a flat list of floats, each taken as :func:`real_number` takes one: ``True``/``False``
    or text among them is a ``TypeError`` naming the argument and the position, not 1.0 or a
    number read from the text. A missing value (None, NaN, pandas' NA) is NaN."""
    prefix = f"{where}: " if where else ""
    def refuse_flags_and_text(items: Any, place: str) -> None:
        # numpy would make [1, True] whole numbers, [1, "3"] text, at any depth ([[1, True]]).
        for i, v in enumerate(items):
            if isinstance(v, (list, tuple)):
                refuse_flags_and_text(v, f"{place}{i}, ")
            elif isinstance(v, (bool, np.bool_, str, bytes)):
                raise TypeError(f"{prefix}{name} must be numbers, not {_shown(v)} (at position {place}{i})")

    if isinstance(values, (list, tuple)):
        refuse_flags_and_text(values, "")
    arr = np.asarray(values)
    if arr.dtype.kind in "iuf":
        return [float(v) for v in arr.astype("float64", copy=False).ravel()]
    if arr.dtype.kind == "O":
        out = []
        for i, v in enumerate(arr.ravel().tolist()):
            if v is None or type(v).__name__ == "NAType":  # pandas' NA
                out.append(math.nan)
                continue
            try:
                out.append(real_number(v, name, where=where))
            except TypeError:
                raise TypeError(f"{prefix}{name} must be numbers, not {_shown(v)} (at position {i})") from None
        return out
    what = {"b": "True/False flags", "U": "text", "S": "bytes", "M": "dates", "m": "durations"}.get(arr.dtype.kind,
                                                                                                    str(arr.dtype))
    raise TypeError(f"{prefix}{name} must be numbers, not {what}")


def dated_year(value: Any, name: str, meaning: str, *, where: str = "") -> int:
    """``value`` of the argument ``name`` as a year civica's dates may have
    (``_core.date_years``, 1900..2200): a whole number as :func:`whole_number` takes it, and
    another year a ``civica.ValidationError`` giving the range and what the year is for
    (``meaning``)."""
    year = whole_number(value, name, None, where=where)
    first, last = _core.date_years
    if not first <= year <= last:
        prefix = f"{where}: " if where else ""
        raise _core.ValidationError(f"{prefix}{name} {year} is outside {first}..{last} ({meaning})")
    return year


def _shown(value: Any) -> str:
    """``value`` as the message shows it: a number as Python writes it (``2020.5``, not
    ``np.float64(2020.5)``), anything else its repr, or its type's name when the repr is long."""
    if isinstance(value, (numbers.Real, Decimal)) and not isinstance(value, (bool, numbers.Integral)):
        return str(value) if isinstance(value, Decimal) else repr(float(value))
    text = repr(value)
    return text if len(text) <= 40 else f"a {type(value).__name__}"
