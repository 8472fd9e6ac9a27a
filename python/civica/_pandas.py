"""Turns the column descriptions made by ``civica._core`` into pandas DataFrames.

``Table.to_pandas()`` hands this module a list of ``(name, kind, data, extra)`` tuples. Kinds:

========================  ===================================================================
kind                      data -> pandas column
========================  ===================================================================
``text``                  list of str -> string column
``id``, ``optional_text`` list of str or None -> string column with missing values
``integer``               list of int -> int64
``boolean``               list of bool -> bool
``day``                   list of datetime.date or None -> datetime64 (NaT when missing)
``enumeration``           list of str, ``extra`` = every name -> categorical
``number``                list of float/int/Decimal or None -> float64 (NaN when missing)
``list``, ``mapping``     list of lists or dicts -> object column
``int``                   numpy int array -> int64 (as every declared whole number)
``bool``                  numpy uint8 array -> bool
``kopecks``               numpy int64 array -> int64
``optional_kopecks``      numpy int64 array, INT64_MIN when missing -> nullable Int64
``day_numbers``           numpy int64 days since 1970 (INT64_MIN = NaT) -> datetime64
``codes``                 numpy integer codes, ``extra`` = labels -> categorical
========================  ===================================================================

Money is integer kopecks in DataFrames (exact); row objects carry ``decimal.Decimal`` roubles.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Dict, List, Tuple

import numpy as np
import pandas as pd

# pandas 3 has a dedicated string dtype that keeps None as missing; on pandas 2 the "str"
# dtype would turn None into the text "None", so plain object columns are used there.
_PANDAS_MAJOR = int(pd.__version__.split(".")[0])
_STRING: Any = "str" if _PANDAS_MAJOR >= 3 else object

# Dates are converted to second resolution: it covers every calendar year civica accepts,
# while nanoseconds stop at 2262.
_DATETIME = "datetime64[s]"

_MISSING_INT64 = np.iinfo(np.int64).min

Column = Tuple[str, str, Any, Any]


def _days(values: Sequence[Any]) -> np.ndarray[Any, Any]:
    out = np.array(
        [np.datetime64(v, "D") if v is not None else np.datetime64("NaT", "D") for v in values],
        dtype="datetime64[D]",
    )
    return out.astype(_DATETIME)


def column(kind: str, data: Any, extra: Any = None) -> Any:
    """One pandas-ready column (a numpy array, a pandas array or a list) from a description."""
    if kind in ("text", "id", "optional_text"):
        return pd.array(list(data), dtype=_STRING) if _STRING != object else np.array(list(data), dtype=object)
    if kind == "integer":
        return np.asarray(data, dtype=np.int64)
    if kind == "optional_integer":
        return pd.array([None if v is None else int(v) for v in data], dtype="Int64")
    if kind == "boolean":
        return np.asarray(data, dtype=bool)
    if kind == "day":
        return _days(data)
    if kind == "enumeration":
        return pd.Categorical(list(data), categories=list(extra))
    if kind == "number":
        return np.array([np.nan if v is None else float(v) for v in data], dtype=np.float64)
    if kind in ("list", "mapping"):
        out = np.empty(len(data), dtype=object)
        for i, v in enumerate(data):
            out[i] = v
        return out
    if kind in ("money", "optional_money"):
        # Row-object money (Decimal roubles) as integer kopecks; not used by the bundled tables.
        return pd.array([None if v is None else int(v.scaleb(2)) for v in data], dtype="Int64")
    if kind == "int":
        # Stored as int32 where the table is kept by column; int64 in every DataFrame, as the
        # declared "integer" type says (dtypes()).
        return np.asarray(data, dtype=np.int64)
    if kind == "bool":
        return np.asarray(data).astype(bool)
    if kind == "float64":
        return np.asarray(data, dtype=np.float64)
    if kind == "kopecks":
        return np.asarray(data, dtype=np.int64)
    if kind == "optional_kopecks":
        values = np.asarray(data, dtype=np.int64)
        mask = values == _MISSING_INT64
        return pd.arrays.IntegerArray(np.where(mask, 0, values), mask)
    if kind == "day_numbers":
        return np.asarray(data, dtype=np.int64).view("datetime64[D]").astype(_DATETIME)
    if kind == "codes":
        codes = np.asarray(data).astype(np.int64)
        return pd.Categorical.from_codes(codes, categories=list(extra))
    raise ValueError(f"unknown column kind {kind!r}")


def dtype_of(declared: Dict[str, Any]) -> Any:
    """The dtype ``to_pandas()`` gives a declared column (an entry of ``_core.table_schema()``).

    Money is integer kopecks (nullable ``Int64`` where the column may be empty), dates
    ``datetime64[s]`` with NaT, enumerations categorical,
    optional whole numbers and those whose 0 means unknown (an ОКОПФ code, a council's size, a
    course's hours) ``Int64`` with ``<NA>``, lists and year counts Python objects.
    """
    kind, nullable = declared["type"], declared["nullable"]
    if kind in ("id", "reference", "party", "text"):
        return np.dtype(object) if _STRING is object else pd.StringDtype(na_value=np.nan)
    if kind == "enum":
        return pd.CategoricalDtype(list(declared["values"]))
    if kind == "integer":  # 0 meaning unknown reads as <NA>, as an empty optional number does
        return pd.Int64Dtype() if nullable or declared.get("zero_is_unknown") else np.dtype(np.int64)
    if kind == "money":
        return pd.Int64Dtype() if nullable else np.dtype(np.int64)
    if kind == "real":
        return np.dtype(np.float64)
    if kind == "date":
        return np.dtype(_DATETIME)
    if kind == "boolean":
        return np.dtype(bool)
    if kind in ("list", "year_counts"):
        return np.dtype(object)
    raise ValueError(f"unknown declared column type {kind!r}")


def dtypes(table: str) -> Dict[str, Any]:
    """Column name -> dtype of ``table``'s DataFrame, from the declared schema.

    Money columns are named ``<column>_kopecks`` in DataFrames of the tables stored by column
    (applications); row tables have no money columns.
    """
    from . import _core

    for t in _core.table_schema():
        if t["name"] == table:
            return {(c["attribute"] + "_kopecks" if c["type"] == "money" else c["attribute"]): dtype_of(c)
                    for c in t["columns"]}
    raise KeyError(f"{table!r} is not a table of a civica dataset")


def frame(columns: List[Column]) -> pd.DataFrame:
    """A DataFrame from ``(name, kind, data, extra)`` column descriptions, in their order."""
    data = {name: column(kind, values, extra) for name, kind, values, extra in columns}
    if not data:
        return pd.DataFrame()
    return pd.DataFrame(data)
