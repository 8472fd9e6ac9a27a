"""civica.analysis: trends, growth, rates, rankings, concentration and reconciliation.

The computations run in civica's C++ core (``civica._core.analysis``); this module gives them
Python shapes: numbers, small result objects and pandas DataFrames with readable columns.

    >>> import civica
    >>> from civica import analysis
    >>> round(analysis.cagr(7, 52, 3), 3)          # 2017 → 2020: three years
    0.951
    >>> analysis.rank([10, 20, 20, 5]).tolist()    # largest first, ties share the best place
    [3.0, 1.0, 1.0, 4.0]

Bounds stay bounds. A figure published as "более 300" is a lower bound, and every number
computed from it says so: growth rates and forecasts come back as :class:`Estimate` objects
(or DataFrames with a ``kind`` column) whose kind is ``lower_bound``, ``upper_bound``,
``approximate`` or ``unbounded`` instead of ``exact``.

Dataset analyses take a :class:`civica.Dataset` (or the name of a bundled dataset). They group
applications by the dimensions of :data:`DIMENSIONS` — ``year``, ``programme``,
``programme_kind``, ``grant_operator``, ``competition``, ``direction``, ``municipality``,
``region``, ``applicant_kind``, ``legal_form``, ``applicant``, ``status`` — and filter them by
the same names as keyword arguments, each taking one key or a list of keys as the groups of
that dimension print them (``year=2020``, ``programme_kind=["presidential_grants"]``,
``legal_form="20200"``, ``applicant="GB-CHC-1234567"``); the plural forms (``years=``,
``municipalities=``…) are accepted too. A municipality, applicant, programme, competition,
operator or region the dataset does not hold is a ValidationError naming the closest one (not
an empty result), an empty list is one too, and a municipality may be given by its name. So is
a ``programme_kind``, ``status`` or ``applicant_kind`` that is none of its codes: the message
names the filter and the closest code.

Money is exact: sums are integers in hundredths of the dataset's currency (kopecks for RUB,
pence for GBP), in columns ending in ``_minor``; ``attrs["currency"]`` names the currency.
Keys are the ids of the dataset's tables (``ds.organizations[key]`` finds an applicant key).
All of it runs in civica's C++ engine without the GIL, and the DataFrames are built from
numpy arrays it hands over.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Dict, Iterable, Iterator, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union, overload

import numpy as np
import pandas as pd

from . import _core, _pandas
from ._whole import INT64, SIZE, dated_year, real_number, real_numbers, whole_number
from ._core import Dataset

_a = _core.analysis

__all__ = [
    # numbers
    "Amounts",
    "Estimate",
    "Interval",
    "cagr",
    "growth",
    "year_on_year",
    "indicator_series",
    "application_series",
    "TrendFit",
    "fit_trend",
    "student_t_quantile",
    "wilson_interval",
    "difference_of_proportions",
    "hhi",
    "gini",
    "top_share",
    "lorenz_curve",
    "rank",
    # dataset analyses
    "DIMENSIONS",
    "MEASURES",
    "group_applications",
    "grant_outcomes",
    "ranking",
    "recipient_concentration",
    "winners_over_time",
    "council_activity",
    "ngo_registry",
    "training_activity",
    "support_activity",
    "monitoring_activity",
    "training_funnel",
    "compute_indicator",
    "indicator_definitions",
    "reconcile",
]

#: What applications can be grouped and filtered by.
DIMENSIONS = (
    "year",
    "programme",
    "programme_kind",
    "grant_operator",
    "competition",
    "direction",
    "municipality",
    "region",
    "applicant_kind",
    "legal_form",
    "applicant",
    "status",
)
#: What application series and rankings can measure (money in hundredths of the currency).
MEASURES = ("applications", "winners", "applicants", "winning_applicants", "requested", "awarded", "success_rate")

# Dimensions whose keys are ids with a separate printable name.
_NAMED = {"programme", "grant_operator", "competition", "municipality", "legal_form", "applicant"}

_BOUND_SIGNS = {"exact": "", "lower_bound": ">", "upper_bound": "<", "approximate": "≈", "unbounded": "?"}


# ---------------------------------------------------------------- estimates


@dataclass(frozen=True)
class Estimate:
    """A number with what it says about the true value.

    ``kind`` is ``"exact"``, ``"lower_bound"`` (the true value is at least ``value``; strictly
    more when ``strict``), ``"upper_bound"``, ``"approximate"`` or ``"unbounded"`` (computed from
    bounds pulling in opposite directions, so nothing follows). ``float(e)`` gives the value.
    """

    value: float
    kind: str = "exact"
    strict: bool = False

    @property
    def is_exact(self) -> bool:
        return self.kind == "exact"

    @property
    def is_bound(self) -> bool:
        return self.kind in ("lower_bound", "upper_bound")

    def __float__(self) -> float:
        return float(self.value)

    def _sign(self) -> str:
        if self.kind == "lower_bound" and not self.strict:
            return "≥"
        if self.kind == "upper_bound" and not self.strict:
            return "≤"
        return _BOUND_SIGNS.get(self.kind, "")

    def __str__(self) -> str:
        return f"{self._sign()}{self.value:.6g}"

    def __format__(self, spec: str) -> str:
        """The value formatted as a float is (``f"{e:.1%}"``), after the sign of a bound
        (``>95.1%``); an empty spec is ``str(e)``."""
        return f"{self._sign()}{format(float(self.value), spec)}" if spec else str(self)

    def __repr__(self) -> str:
        extra = "" if self.kind == "exact" else f", kind={self.kind!r}" + (", strict=True" if self.strict else "")
        return f"Estimate({self.value!r}{extra})"

    @classmethod
    def _from(cls, d: Mapping[str, Any]) -> "Estimate":
        return cls(float(d["value"]), str(d["kind"]), bool(d["strict"]))


def _as_estimate(x: Any) -> Estimate:
    """An Estimate from an Estimate, an Indicator (value + qualifier) or a plain number."""
    if isinstance(x, Estimate):
        return x
    if hasattr(x, "qualifier") and hasattr(x, "value"):
        return Estimate._from(_a.from_qualifier(float(x.value), str(x.qualifier)))
    return Estimate(float(x))


def _is_plain(x: Any) -> bool:
    return not isinstance(x, Estimate) and not (hasattr(x, "qualifier") and hasattr(x, "value"))


class Interval(NamedTuple):
    """An estimate with the bounds of its confidence interval."""

    estimate: float
    lower: float
    upper: float


# ---------------------------------------------------------------- growth and series


def cagr(first: Any, last: Any, years: float) -> Union[float, Estimate]:
    """Compound annual growth rate ``(last / first) ** (1 / years) - 1``.

    ``years`` is the distance between the two years (2017 → 2020 is 3), not the number of
    values. With plain numbers the result is a float; when ``first`` or ``last`` is an
    :class:`Estimate` or an indicator (a published figure with a qualifier) the result is an
    Estimate that keeps the bound: growth towards "more than 300" is a lower bound.

    >>> round(cagr(7, 52, 3), 4)
    0.9512
    """
    years = real_number(years, "years", where="cagr")
    if _is_plain(first) and _is_plain(last):
        return float(_a.cagr(real_number(first, "first", where="cagr"), real_number(last, "last", where="cagr"), years))
    f, l_ = _as_estimate(first), _as_estimate(last)
    return Estimate._from(_a.cagr_estimate(f.value, f.kind, f.strict, l_.value, l_.kind, l_.strict, years))


def _series_parts(series: Any) -> Tuple[List[int], List[float], List[str]]:
    """Years, values and qualifiers of a series given as a DataFrame with ``value`` (and
    ``qualifier``) columns indexed by year, a pandas Series indexed by year, or a dict."""
    if isinstance(series, pd.DataFrame):
        if "value" not in series.columns:
            raise ValueError("a series DataFrame needs a 'value' column (and optionally 'qualifier')")
        years = [_series_year(y) for y in series.index]
        # Whole numbers (int64, nullable Int64 with <NA>) are fitted as floats, <NA> as NaN.
        values = real_numbers(series["value"], "the series' values")
        quals = [str(q) for q in series["qualifier"]] if "qualifier" in series.columns else ["exact"] * len(years)
        return years, values, quals
    if isinstance(series, pd.Series):
        return ([_series_year(y) for y in series.index], real_numbers(series, "the series' values"),
                ["exact"] * len(series))
    if isinstance(series, Mapping):
        items = sorted(series.items())
        return [_series_year(k) for k, _ in items], real_numbers([v for _, v in items], "the series' values"), \
            ["exact"] * len(items)
    raise TypeError(f"expected a series (DataFrame, Series or dict by year), got {type(series).__name__}")


def _series_frame(d: Mapping[str, Any]) -> pd.DataFrame:
    df = pd.DataFrame(
        {"value": _col(d["values"], "float64"), "qualifier": _text(d["qualifiers"])},
        index=pd.Index(d["years"], name="year", dtype="int64"),
    )
    df.attrs["name"] = d["name"]
    df.attrs["unit"] = d["unit"]
    return df


def _col(values: Any, dtype: str) -> Any:
    """A column without an index of its own (so it never re-aligns against a DataFrame's)."""
    if dtype == "Int64":
        return pd.array(list(values), dtype="Int64")
    return np.asarray(list(values), dtype=dtype)


def _text(values: Any) -> Any:
    """A column of text with the dtype pandas gives strings ("str" on pandas 3, object before),
    with rows or without: an empty result's text columns are text, not float64."""
    return _pandas.column("text", values)


def _keys(values: Any) -> Any:
    """An engine's array of keys (strings, dtype object) as a column: as it is when it has rows
    (pandas reads its strings as text), an empty text column when not."""
    return values if len(values) else _text([])


def _dataset(ds: Any) -> Dataset:
    if isinstance(ds, Dataset):
        return ds
    if isinstance(ds, str):
        from . import datasets

        return datasets.load(ds)
    raise TypeError(f"expected a civica.Dataset or the name of a bundled dataset, got {type(ds).__name__}")


def indicator_series(
    ds: Any, key: str, *, territory: Optional[str] = None, breakdown: Optional[str] = None
) -> pd.DataFrame:
    """The published figures of ``key`` by year: a DataFrame indexed by ``year`` with columns
    ``value`` and ``qualifier`` (``exact``, ``more_than``, ``at_least``, ``about``).

    ``key`` is a key of the published-figure vocabulary (:func:`civica.known_indicator_keys`),
    one civica computes (:func:`indicator_definitions`) or one the dataset publishes figures
    under; anything else is a ValidationError naming the closest key. A known key the dataset
    has no figures for gives an empty frame. ``territory`` (default: the dataset's own; a
    municipality's name means its id) the dataset does not know — not its own, none of its
    municipalities, no territory of its figures — is a NotFoundError naming the closest one."""
    d = _dataset(ds)
    _known_indicator_key(d, key)
    if territory:
        _known_territory(d, territory, "indicator_series")
    return _series_frame(_a.series_from_indicators(d, key, territory or "", breakdown or ""))


def _known_indicator_key(d: Dataset, key: str) -> None:
    """A ValidationError, naming the closest key, when ``key`` is no key of the vocabulary,
    of civica's definitions or of the dataset's own figures."""
    known = {str(k) for k, _u, _d in _core.known_indicator_keys()}
    known.update(str(row[0]) for row in _a.indicator_definitions())
    if key in known:
        return
    own = {i.key for i in d.indicators}
    if key in own:
        return
    close = _a.closest_name(key, sorted(known | own))
    hint = f' (did you mean "{close}"?)' if close else ""
    raise _core.ValidationError(f'"{key}" is not an indicator key civica knows nor one dataset "{d.info.name}" '
                                f"has figures for{hint}; civica.known_indicator_keys() lists the published-figure "
                                "vocabulary, civica.analysis.indicator_definitions() the keys civica computes")


def _known_territory(d: Dataset, territory: str, what: str) -> None:
    """A NotFoundError, naming the closest territory, when the dataset does not know
    ``territory`` (Dataset.resolve_territory: the one rule of the core)."""
    try:
        d.resolve_territory(territory)
    except _core.NotFoundError as e:
        raise _core.NotFoundError(f"{what}: {e}") from None


def _recorded(parts: Tuple[List[int], List[float], List[str]]) -> Tuple[List[int], List[float], List[str]]:
    """The points of a series that hold a value: a NaN (or <NA>) value is not recorded, as a
    year without records is (:func:`application_series` gives NaN for the success rate of a
    year with nothing decided, <NA> for requested money no application states)."""
    years, values, quals = parts
    keep = [i for i, v in enumerate(values) if not math.isnan(v)]
    return [years[i] for i in keep], [values[i] for i in keep], [quals[i] for i in keep]


def growth(series: Any, from_year: int, to_year: int) -> Estimate:
    """CAGR between two years of a series (see :func:`indicator_series`), keeping bounds. A year
    whose value is NaN or <NA> has no value, as a year the series lacks: a NotFoundError."""
    years, values, quals = _recorded(_series_parts(series))
    return Estimate._from(_a.growth(years, values, quals, whole_number(from_year, "from_year", where="growth"),
                                    whole_number(to_year, "to_year", where="growth"))["rate"])


def year_on_year(series: Any) -> pd.DataFrame:
    """Change from each point of a series to the next one present: columns ``from_year``,
    ``to_year``, ``years`` (the gap), ``from``, ``to``, ``absolute``, ``relative`` (not
    annualised) and ``kind``/``strict`` saying whether the change is exact or a bound. A point
    whose value is NaN or <NA> (not recorded: the success rate of a year with nothing decided)
    is not present, so the change spans it: 2019 → 2021 over a 2020 without a value."""
    years, values, quals = _recorded(_series_parts(series))
    rows = _a.year_on_year(years, values, quals)
    # Typed columns, so that a series of fewer than two points gives them too.
    return pd.DataFrame(
        {
            "from_year": _col([r["from_year"] for r in rows], "int64"),
            "to_year": _col([r["to_year"] for r in rows], "int64"),
            "years": _col([r["years"] for r in rows], "int64"),
            "from": _col([r["from"]["value"] for r in rows], "float64"),
            "to": _col([r["to"]["value"] for r in rows], "float64"),
            "absolute": _col([r["absolute"]["value"] for r in rows], "float64"),
            "relative": _col([r["relative"]["value"] for r in rows], "float64"),
            "kind": _text([r["relative"]["kind"] for r in rows]),
            "strict": _col([r["relative"]["strict"] for r in rows], "bool"),
        }
    )


# ---------------------------------------------------------------- filters


_FILTER_ALIASES = {
    "years": "year",
    "programmes": "programme",
    "programme_kinds": "programme_kind",
    "operator": "grant_operator",
    "operators": "grant_operator",
    "grant_operators": "grant_operator",
    "competitions": "competition",
    "directions": "direction",
    "municipalities": "municipality",
    "regions": "region",
    "applicant_type": "applicant_kind",
    "applicant_kinds": "applicant_kind",
    "applicant_types": "applicant_kind",
    "legal_forms": "legal_form",
    "applicants": "applicant",
    "statuses": "status",
}


# Dimensions whose keys are the codes of a column of the tables (table, column, what a key is).
_CODED = {
    "programme_kind": ("programmes", "kind", "a programme kind"),
    "status": ("applications", "status", "an application status"),
    "applicant_kind": ("applications", "applicant_type", "an applicant kind"),
}


@functools.lru_cache(maxsize=None)
def _codes(dim: str) -> Tuple[str, ...]:
    """The codes a key of the dimension ``dim`` (one of _CODED) may be, as the tables' schema
    lists them."""
    table, column, _ = _CODED[dim]
    for t in _core.table_schema():
        if t["name"] == table:
            for c in t["columns"]:
                if c["name"] == column:
                    return tuple(str(v) for v in c["values"])
    raise LookupError(f"civica: no column {table}.{column} in the table schema")  # pragma: no cover


def _not_one_of(value: str, what: str, names: Sequence[str], *, prefix: str = "") -> Exception:
    """The ValidationError for a name that is none of ``names``, worded as the engine words an
    unknown dimension or measure: ``"x" is not a … (one of: …); did you mean "y"?``."""
    close = _a.closest_name(value, list(names))
    hint = f'; did you mean "{close}"?' if close else ""
    return _core.ValidationError(f'{prefix}"{value}" is not {what} (one of: {", ".join(names)}){hint}')


def _filters(kwargs: Mapping[str, Any]) -> Dict[str, Any]:
    """Filter keywords as ``{dimension: [key, ...]}`` (keys as text). A key of a coded dimension
    (programme_kind, status, applicant_kind) that is none of its codes is a ValidationError
    naming the filter and the closest code."""
    out: Dict[str, Any] = {}
    for name, value in kwargs.items():
        key = _FILTER_ALIASES.get(name, name)
        if key not in DIMENSIONS:
            close = _a.closest_name(key, list(DIMENSIONS) + list(_FILTER_ALIASES))
            hint = f"; did you mean {close!r}?" if close else ""
            raise TypeError(f"unknown filter {name!r} (filters are the dimensions: {', '.join(DIMENSIONS)}){hint}")
        if value is None:
            continue
        if key in out:
            raise TypeError(f"filter {key!r} given twice")
        items = [value] if isinstance(value, (str, bytes, int, float, np.number)) or not hasattr(value, "__iter__") \
            else list(value)
        for v in items:
            if isinstance(v, (bool, np.bool_)):
                raise TypeError(f"filter {name!r}: {v!r} is not a key (give a year, an id or a code)")
        # Whole floats (2020.0, as pandas gives years) are whole numbers; the engine checks the rest.
        out[key] = [str(int(v)) if isinstance(v, (int, np.integer)) or (isinstance(v, (float, np.floating))
                                                                       and float(v).is_integer()) else str(v)
                    for v in items]
        if key in _CODED:
            codes = _codes(key)
            for v in out[key]:
                if v not in codes:
                    raise _not_one_of(v, _CODED[key][2], codes, prefix=f"filter {key}: ")
    return out


# The dimensions whose keys name what a dataset holds: rows of its tables, its regions, its
# directions, ОКОПФ codes.
_KEYED = frozenset({"municipality", "region", "direction", "legal_form", "applicant", "programme", "competition",
                    "grant_operator"})


def _known_filters(d: Dataset, kwargs: Mapping[str, Any]) -> Dict[str, Any]:
    """_filters, with every key of a dimension that names what the dataset holds checked
    against it by the engine's one rule (analysis::known_filter_key, which the C++ analyses of
    a whole dataset apply too): a misspelt id is a ValidationError (with the closest id), not an
    empty result. So is a region or direction no record has, and a legal form that is not an
    ОКОПФ code (or the groups' "0" or "person"). A municipality may also be given by its name,
    as territories are (dataset::resolve_territory). For whole datasets only: a partition of
    one (civica.dask) need not hold every id."""
    return _keyed_filters(d, _filters(kwargs))


def _keyed_filters(d: Dataset, f: Dict[str, Any], unknown: Optional[Dict[Any, str]] = None) -> Dict[str, Any]:
    """The filters ``f`` (as _filters gives them) with every key of a dimension in _KEYED as the
    dataset knows it (analysis::known_filter_key: a municipality's name becomes its id). A key
    the dataset does not hold is a ValidationError; with ``unknown``, it is kept as given and its
    message recorded there under (dimension, key), for a partition of a dataset (civica.dask)."""
    out = dict(f)
    for dim, keys in f.items():
        if dim not in _KEYED:
            continue
        known = []
        for k in keys:
            try:
                known.append(_a.known_filter_key(d, dim, k))
            except _core.ValidationError as e:
                if unknown is None:
                    raise
                unknown[(dim, k)] = str(e)
                known.append(k)
        out[dim] = known
    if unknown is None:
        # An id of an organisation and of a person is two applicants: applicant_kind says which
        # (analysis::require_one_applicant, as the C++ analyses apply it).
        kinds = set(f.get("applicant_kind") or [])
        kind = next(iter(kinds)) if len(kinds) == 1 else None  # both kinds say neither
        for k in out.get("applicant", []):
            _a.require_one_applicant(d, k, kind)
    return out


def _ranking_by(by: Any) -> str:
    """The one dimension of a ranking: a name (the filters' other names of a dimension name it
    too); anything else is a TypeError naming ``by``, an unknown name a ValidationError with the
    closest dimension."""
    if not isinstance(by, str):
        raise TypeError(f"ranking ranks the values of one dimension: by must be a name such as "
                        f"'municipality', not {by!r} (group_applications groups by several)")
    return _FILTER_ALIASES.get(by, by)


def _by(by: Union[str, Sequence[str], None]) -> List[str]:
    """The dimensions of ``by``: a name, a sequence of names or None (no grouping); anything
    else is a TypeError naming ``by``. The filters' other names of a dimension (``years``,
    ``applicant_type``, ``operator``…) name it here too."""
    if by is None:
        return []
    if isinstance(by, str):
        return [_FILTER_ALIASES.get(by, by)]
    if isinstance(by, (bytes, Mapping)) or not isinstance(by, Iterable):
        raise TypeError(f"by={by!r}: give a dimension name such as 'year', a list of names such as "
                        f"['year', 'municipality'], or None for one total (the dimensions: {', '.join(DIMENSIONS)})")
    names = list(by)
    for b in names:
        if not isinstance(b, str):
            raise TypeError(f"by={by!r}: {b!r} is not a dimension name (the dimensions: {', '.join(DIMENSIONS)})")
    # The filters' other names of a dimension group too (by="applicant_type", as
    # applicant_type="person" filters), rather than the engine's closest name of another one.
    names = [_FILTER_ALIASES.get(b, b) for b in names]
    for i, b in enumerate(names):
        if b in names[:i]:
            raise _core.ValidationError(f"by={names!r}: the dimension {b!r} is given twice (each dimension "
                                        "groups once)")
    return [str(b) for b in names]


# ---------------------------------------------------------------- series from records


def application_series(
    ds: Any, measure: str = "winners", *, by: Optional[str] = None, **filters: Any
) -> pd.DataFrame:
    """A yearly series of ``measure`` (one of :data:`MEASURES`; money in hundredths of the
    currency) over the applications passing the filters.

    Without ``by``: a DataFrame indexed by ``year`` with columns ``value`` and ``qualifier``,
    the shape of :func:`indicator_series`, so it goes straight into :func:`fit_trend`,
    :func:`growth` and :func:`year_on_year`. The qualifier is ``exact``, except for money that
    leaves out amounts the data does not state: ``at_least`` for the requested money of a year
    in which some applications state no request, and for the awarded money of a year in which
    some winners state no award (the value is the sum of the stated amounts, a lower bound).
    With ``by``: one column per value of that dimension (names in ``attrs["labels"]``), zero
    where a year has none, and ``attrs["at_least"]`` lists the ``(year, column)`` cells that are
    such lower bounds (empty when every value is exact). ``attrs`` has ``measure``, ``unit``
    and ``currency``. By ``applicant`` the columns are a MultiIndex of
    ``(applicant_kind, applicant)``, as :func:`grant_outcomes` keys its rows, and the labels are
    keyed alike: an organisation and a person may share an id and are two applicants.

    The values have the type of what they measure, whatever the rows: counts and awarded money
    are whole numbers (``int64``), requested money a nullable ``Int64`` (<NA> for a year in which
    no application states its request), the success rate ``float64`` (NaN with nothing decided).
    """
    if by is not None and not isinstance(by, str):
        raise TypeError(f"by={by!r}: application_series makes one series per value of one dimension; give its "
                        "name, such as 'programme_kind' (grant_outcomes groups by several)")
    if by is not None:
        by = _FILTER_ALIASES.get(by, by)
    if by == "year":
        raise _core.ValidationError("application_series: by='year': the series is by year already (its index); "
                                    "give another dimension, such as 'programme_kind', or None for one series")
    if by is not None and by not in DIMENSIONS:
        raise _not_one_of(by, "a dimension", [n for n in DIMENSIONS if n != "year"], prefix="application_series: by ")
    d = _dataset(ds)
    f = _known_filters(d, filters)
    dims = ["year"] if by is None else [by, "year"]
    r = _a.series(_a.series_table(d, measure, dims, f), measure)
    cols = _key_columns(r["dimensions"])
    values = r["values"]
    at_least = np.asarray(r["at_least"], dtype=bool)
    if by is None:
        df = pd.DataFrame({"value": _measure_column(values, measure),
                           "qualifier": _text(np.where(at_least, "at_least", "exact").tolist())},
                          index=pd.Index(cols["year"], name="year", dtype="int64"))
        df.attrs["name"] = measure
    else:
        key_dim, year_dim = r["dimensions"]
        years = np.asarray([int(y) for y in year_dim["keys"]], dtype="int64")
        grid = np.full((len(years), len(key_dim["keys"])), np.nan if measure == "success_rate" else 0.0)
        grid[np.asarray(year_dim["codes"]), np.asarray(key_dim["codes"])] = values
        index = pd.Index(years, name="year")
        columns = pd.Index(key_dim["keys"], name=by, dtype=object)
        label_keys: List[Any] = list(key_dim["keys"])
        if by == "applicant":
            columns = pd.MultiIndex.from_arrays([list(key_dim["kinds"]), list(key_dim["keys"])],
                                                names=["applicant_kind", "applicant"])
            label_keys = list(columns)
        whole = _measure_column(grid.ravel(), measure)
        if isinstance(whole, np.ndarray):  # int64 or float64: one block
            df = pd.DataFrame(whole.reshape(grid.shape), index=index, columns=columns)
        else:  # nullable Int64: one column per key
            df = pd.DataFrame({i: _measure_column(grid[:, i], measure) for i in range(grid.shape[1])}, index=index)
            df.columns = columns
        df.attrs["labels"] = dict(zip(label_keys, key_dim["labels"]))
        bounds = np.flatnonzero(at_least)
        df.attrs["at_least"] = [(int(years[year_dim["codes"][g]]), label_keys[key_dim["codes"][g]]) for g in bounds]
    df.attrs.update({"measure": measure, "unit": r["unit"], "currency": r["currency"]})
    return df


# ---------------------------------------------------------------- trends


class TrendFit:
    """A least-squares trend ``value = a + b·year`` (``linear``) or ``ln value = a + b·year``
    (``exponential``). Made by :func:`fit_trend`.

    ``params`` and ``stderr`` are Series indexed ``intercept``, ``slope``; ``r2`` is on the
    fitted scale (the logarithms for exponential trends); ``predict()`` gives forecasts with
    prediction intervals from Student's t distribution.

    ``attrs`` is what the fitted series said of its values (a copy of its pandas ``attrs``:
    ``name``, ``unit`` — "1/100 GBP" for money of :func:`application_series` — and so on);
    empty when years and values were given as plain sequences. The fit itself is in the
    series' units: :func:`civica.plot.trend` draws money of such a fit in whole units.
    """

    def __init__(self, core: Any, attrs: Optional[Mapping[str, Any]] = None,
                 qualifiers: Optional[Sequence[str]] = None) -> None:
        self._fit = core
        self.attrs: Dict[str, Any] = dict(attrs or {})
        self._qualifiers: List[str] = list(qualifiers or [])

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        # A pickled fit is its points, model and qualifiers, fitted again when unpickled (least
        # squares give the same numbers for the same points).
        return (_refitted, (list(self._fit.years), list(self._fit.values), self.model, list(self._qualifiers),
                            dict(self.attrs)))

    @property
    def qualifiers(self) -> List[str]:
        """What each fitted value is, one per year: ``exact``, or what the series or
        ``qualifiers`` said of it (``more_than``, ``at_least``, ``about``, the qualifiers of a
        published figure); :func:`civica.plot.trend` draws a bound as a triangle."""
        return self._qualifiers or ["exact"] * int(self._fit.n)

    @property
    def model(self) -> str:
        return str(self._fit.model)

    @property
    def params(self) -> pd.Series:
        return pd.Series({"intercept": self._fit.intercept, "slope": self._fit.slope}, dtype="float64")

    @property
    def stderr(self) -> pd.Series:
        return pd.Series({"intercept": self._fit.intercept_stderr, "slope": self._fit.slope_stderr}, dtype="float64")

    @property
    def param_kinds(self) -> pd.Series:
        """Whether each coefficient is exact or a bound (when the data has bounds)."""
        i, s = self._fit.intercept_estimate, self._fit.slope_estimate
        return pd.Series({"intercept": i["kind"], "slope": s["kind"]})

    @property
    def covariance(self) -> pd.DataFrame:
        names = ["intercept", "slope"]
        return pd.DataFrame(np.array(self._fit.covariance, dtype="float64"), index=names, columns=names)

    @property
    def r2(self) -> float:
        return float(self._fit.r2)

    @property
    def sigma(self) -> float:
        """Residual standard error √(SSR / (n − 2)) on the fitted scale."""
        return float(self._fit.residual_stderr)

    @property
    def n(self) -> int:
        return int(self._fit.n)

    @property
    def dof(self) -> int:
        return int(self._fit.dof)

    @property
    def annual_growth(self) -> float:
        """For exponential trends ``exp(slope) - 1``; NaN for linear ones."""
        return float(self._fit.annual_growth)

    @property
    def years(self) -> np.ndarray:
        return np.asarray(self._fit.years, dtype="float64")

    @property
    def values(self) -> np.ndarray:
        return np.asarray(self._fit.values, dtype="float64")

    def predict(self, years: Any, level: float = 0.95, *, interval: str = "prediction") -> pd.DataFrame:
        """Forecasts for ``years`` (a number or a sequence): a DataFrame indexed by year with
        ``mean``, ``lower``, ``upper`` (the interval at ``level``; ``interval="confidence"``
        for the line itself), ``kind`` and ``strict`` (what the mean is, given bounded data)."""
        ys = real_numbers(years, "years", where="predict")
        r = self._fit.predict(ys, real_number(level, "level", where="predict"), interval)
        idx = pd.Index(r["year"], name="year", dtype="float64")
        if all(float(y).is_integer() for y in r["year"]):
            idx = pd.Index([int(y) for y in r["year"]], name="year", dtype="int64")
        return pd.DataFrame(
            {"mean": r["mean"], "lower": r["lower"], "upper": r["upper"], "kind": r["kind"], "strict": r["strict"]},
            index=idx,
        )

    def __repr__(self) -> str:
        p = self.params
        return (
            f"TrendFit(model={self.model!r}, intercept={p['intercept']:.6g}, slope={p['slope']:.6g}, "
            f"r2={self.r2:.4g}, n={self.n})"
        )


def _refitted(years: List[float], values: List[float], model: str, qualifiers: List[str],
              attrs: Dict[str, Any]) -> TrendFit:
    """The TrendFit a pickled one was (TrendFit.__reduce__)."""
    return TrendFit(_a.fit_trend(years, values, model, qualifiers), attrs, qualifiers)


def fit_trend(
    years: Any, values: Any = None, model: str = "linear", *, qualifiers: Optional[Sequence[str]] = None
) -> TrendFit:
    """Fits a ``linear`` or ``exponential`` trend by least squares.

    Pass ``years`` and ``values`` as sequences, or a series alone (a DataFrame from
    :func:`indicator_series`, whose ``qualifier`` column is kept, or a pandas Series indexed
    by year). ``qualifiers`` marks values that are bounds (``more_than`` etc.), by position: one
    per value given, a series' points included before those without a value are left out. A series'
    ``attrs`` (its name and unit) are kept in the fit's ``attrs``. A point of a series whose
    value is NaN or <NA> is not recorded (the success rate of a year still being judged) and
    is no point of the fit, as :func:`year_on_year` leaves it out; values given as a sequence
    must all be finite.
    """
    attrs: Dict[str, Any] = {}
    if isinstance(values, str) and isinstance(years, (pd.DataFrame, pd.Series, Mapping)):
        # fit_trend(series, "exponential"): the model taken for the values, whose year was "value".
        raise TypeError(f"fit_trend: values is the text {values!r}; with a series alone, name the model: "
                        f"fit_trend(series, model={values!r})")
    if values is None:
        attrs = dict(getattr(years, "attrs", None) or {})
        ys, vs, qs = _series_parts(years)
        if qualifiers is not None:
            qs = [str(q) for q in qualifiers]
            if len(qs) != len(ys):
                raise _core.ValidationError(f"fit_trend: {len(ys)} values but {len(qs)} qualifiers")
        ys, vs, quals = _recorded((ys, vs, qs))
        xs: List[float] = [float(y) for y in ys]
    else:
        # Each year as the one rule for years takes it: a date or a text is a TypeError (a
        # DatetimeIndex was fitted in nanoseconds, datetime64[Y] from 1970), 2017.5 is refused.
        xs = [float(_series_year(y, "fit_trend")) for y in (years.tolist() if isinstance(years, np.ndarray) and
                                            years.dtype.kind in "iuf" else list(years))]
        vs = real_numbers(values, "values", where="fit_trend")
        quals = [] if qualifiers is None else [str(q) for q in qualifiers]
    return TrendFit(_a.fit_trend(xs, vs, model, quals), attrs, quals)


def _series_year(value: Any, where: str = "") -> int:
    """A year of a series or a trend: a whole number of civica's years (``dated_year``)."""
    return dated_year(value, "year", "the years of a series", where=where)


def student_t_quantile(p: float, dof: float) -> float:
    """The t with P(T ≤ t) = p for Student's t distribution with ``dof`` > 0 degrees of freedom
    (need not be whole; ``math.inf`` gives the normal quantile), to about 1e-13 relative for
    any ``dof`` (civica's own implementation, docs in civica/analysis/distributions.hpp)."""
    return float(_a.student_t_quantile(real_number(p, "p", where="student_t_quantile"),
                                       real_number(dof, "dof", where="student_t_quantile")))


# ---------------------------------------------------------------- rates, concentration, ranks


def _count(value: Any, name: str, where: str) -> int:
    """A count of successes or trials as the engine takes it (a 64-bit integer)."""
    return whole_number(value, name, INT64, where=where)


def wilson_interval(successes: Any, trials: Any, level: float = 0.95) -> Any:
    """The Wilson score interval of ``successes / trials``: an :class:`Interval`
    ``(estimate, lower, upper)``; with arrays, a DataFrame with those columns."""
    if np.ndim(successes) == 0 and np.ndim(trials) == 0:
        k, n = (x.tolist() if isinstance(x, np.ndarray) else x for x in (successes, trials))
        r = _a.wilson_interval(_count(k, "successes", "wilson_interval"), _count(n, "trials", "wilson_interval"),
                               real_number(level, "level", where="wilson_interval"))
        return Interval(r["estimate"], r["lower"], r["upper"])
    k = np.asarray(successes)
    n = np.asarray(trials)
    k, n = np.broadcast_arrays(k, n)
    p = real_number(level, "level", where="wilson_interval")
    rows = [_a.wilson_interval(_count(a, "successes", "wilson_interval"), _count(b, "trials", "wilson_interval"),
                               p) for a, b in zip(k.ravel().tolist(), n.ravel().tolist())]
    return pd.DataFrame({c: [r[c] for r in rows] for c in ("successes", "trials", "estimate", "lower", "upper")})


def difference_of_proportions(
    successes1: int, trials1: int, successes2: int, trials2: int, level: float = 0.95
) -> Interval:
    """``p1 - p2`` with Newcombe's hybrid score interval (from two Wilson intervals)."""
    where = "difference_of_proportions"
    r = _a.difference_of_proportions(_count(successes1, "successes1", where), _count(trials1, "trials1", where),
                                     _count(successes2, "successes2", where), _count(trials2, "trials2", where),
                                     real_number(level, "level", where=where))
    return Interval(r["estimate"], r["lower"], r["upper"])


def _values(values: Any, where: str = "") -> List[float]:
    """The amounts of one distribution: numbers as given; for a Dataset each recipient's awarded
    money, and for the Series of ``recipient_concentration`` without ``by`` its
    ``attrs["amounts"]`` (not the summary figures the Series holds). A grouped table holds no
    amounts per recipient: TypeError."""
    if isinstance(values, Dataset):
        values = recipient_concentration(values)
    if isinstance(values, pd.Series) and "amounts" in values.attrs:
        given = values.attrs["amounts"]  # each recipient's money (Amounts; a dict in older results)
        values = list(given.values()) if isinstance(given, dict) else given
    elif isinstance(values, pd.DataFrame):
        raise TypeError("one distribution is needed: give the amounts, a Dataset, or the Series of "
                        "recipient_concentration(ds) without by= (a grouped table holds no amounts per recipient)")
    return real_numbers(values, "values", where=where)


def hhi(values: Any) -> float:
    """Herfindahl–Hirschman index Σ sᵢ² of the shares, between 1/n and 1 (× 10 000 for
    antitrust points); NaN when empty or all zero. A negative, NaN or infinite amount is a
    ValidationError naming its position."""
    return float(_a.hhi(_values(values, "hhi")))


def gini(values: Any) -> float:
    """Gini coefficient Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when equal, (n − 1)/n when one holds all;
    0 for one value; NaN when empty or all zero. ``values``: the amounts, a Dataset (each
    recipient's awarded money) or the Series of :func:`recipient_concentration` (its amounts)."""
    return float(_a.gini(_values(values, "gini")))


def top_share(values: Any, k: int) -> float:
    """Share of the total held by the ``k`` largest values."""
    return float(_a.top_share(_values(values, "top_share"), whole_number(k, "k", INT64, where="top_share")))


def lorenz_curve(values: Any) -> pd.DataFrame:
    """The Lorenz curve: columns ``population_share`` and ``value_share``, from (0, 0) to (1, 1).
    ``values`` as for :func:`gini`: amounts, a Dataset (money per recipient) or the Series of
    :func:`recipient_concentration`."""
    p, s = _a.lorenz_curve(_values(values, "lorenz_curve"))
    return pd.DataFrame({"population_share": p, "value_share": s})


def rank(values: Any, method: str = "min", *, ascending: bool = False) -> np.ndarray:
    """Ranks of ``values``: 1 for the largest (``ascending=True``: the smallest), ties by
    ``method`` — ``min`` (1 2 2 4), ``dense`` (1 2 2 3), ``max``, ``average``, ``ordinal`` — as in
    ``scipy.stats.rankdata``. NaN values get a NaN rank."""
    return np.asarray(_a.rank(_values(values, "rank"), method, not ascending), dtype="float64")


# ---------------------------------------------------------------- dataset analyses


def _key_columns(dims: List[Mapping[str, Any]]) -> Dict[str, Any]:
    """Key columns from the engine's categorical parts: one column per dimension (years as
    integers, everything else the dictionary's keys), ``<dimension>_name`` for dimensions with
    printable names, and ``applicant_kind`` beside an ``applicant`` column. Strings are shared
    with the dictionary, never made per group."""
    cols: Dict[str, Any] = {}
    for dim in dims:
        name, codes = dim["name"], np.asarray(dim["codes"])
        if name == "year":
            cols[name] = np.asarray([int(k) for k in dim["keys"]], dtype="int64")[codes]
            continue
        cols[name] = _keys(np.asarray(dim["keys"], dtype=object)[codes])
        if name == "applicant":
            cols["applicant_kind"] = _keys(np.asarray(dim["kinds"], dtype=object)[codes])
        if name in _NAMED:
            cols[f"{name}_name"] = _keys(np.asarray(dim["labels"], dtype=object)[codes])
    return cols


def _optional_int(values: Any, missing: int) -> Any:
    """An Int64 column with NA where ``values`` holds ``missing``."""
    v = np.asarray(values, dtype="int64")
    return pd.arrays.IntegerArray(v, v == missing)


def _requested_money(values: Any, stated: Any) -> Any:
    """Sums of requested money (exact int64) as a nullable ``Int64`` column, <NA> for a group
    where no application states its request (``stated`` from the engine, the rule of the
    ``requested`` measure): not recorded is not zero, as in :func:`application_series`."""
    return pd.arrays.IntegerArray(np.asarray(values, dtype="int64"), np.asarray(stated, dtype="uint8") == 0)


def _whole(values: Any) -> Any:
    """Whole numbers the engine hands over as float64 (NaN for none) as a nullable Int64 column,
    <NA> where there is none."""
    v = np.asarray(values, dtype="float64")
    missing = np.isnan(v)
    return pd.arrays.IntegerArray(np.where(missing, 0, v).astype("int64"), missing)


def _measure_dtype(measure: str) -> str:
    """The dtype of a measure's values (one of :data:`MEASURES`) in a DataFrame, whatever the
    data: counts and awarded money are whole numbers (``int64``); requested money is a nullable
    ``Int64``, <NA> where no application states its request (not recorded is not zero); the
    success rate is a share (``float64``, NaN with nothing decided)."""
    if measure == "success_rate":
        return "float64"
    return "Int64" if measure == "requested" else "int64"


def _measure_column(values: Any, measure: str) -> Any:
    """The engine's values of ``measure`` (float64, NaN for none) as a column of its
    :func:`_measure_dtype`."""
    v = np.asarray(values, dtype="float64")
    dtype = _measure_dtype(measure)
    if dtype == "float64":
        return v
    if dtype == "int64" and not np.isnan(v).any():
        return v.astype("int64")
    return _whole(v)


def _rank_column(ranks: Any, method: str) -> Any:
    """Places as whole numbers whatever the data: a nullable ``Int64`` column with <NA> for a
    row that takes no place (a NaN value, the row of no key); ``float64`` for the ``average``
    method, whose tied places may be halves (NaN for no place)."""
    r = np.asarray(ranks, dtype="float64")
    return r if method == "average" else _whole(r)


def group_applications(
    ds: Any,
    by: Union[str, Sequence[str], None] = None,
    *,
    first_row: int = 0,
    last_row: Optional[int] = None,
    **filters: Any,
) -> pd.DataFrame:
    """Integer totals of the applications in rows ``[first_row, last_row)`` passing the filters,
    grouped by ``by``: counts, distinct applicants and money in hundredths of the currency
    (``requested_minor``, ``winners_requested_minor``, ``awarded_minor``; exact integers; a
    request the source does not state adds nothing, and the requested money of a group where
    no application states its request is <NA>, not 0, as is what its winners requested when it
    has winners and none of them states a request (with no winners, that is 0): the two
    requested columns are nullable ``Int64``). A sum over the stated amounts of some of a
    group's applications (requests) or winners (requests, awards) is a lower bound of what was
    asked or given: ``attrs["at_least"]`` lists those cells as ``(row, column)`` pairs (the
    row's index label, the column's name)."""
    d = _dataset(ds)
    dims = _by(by)
    first = whole_number(first_row, "first_row", None, where="group_applications")
    last = None if last_row is None else whole_number(last_row, "last_row", None, where="group_applications")
    if first < 0 or (last is not None and last < 0):
        raise _core.ValidationError(f"group_applications: rows are counted from 0; first_row is {first}, "
                                    f"last_row {last}")
    first = whole_number(first, "first_row", SIZE, where="group_applications")
    last = 2**63 - 1 if last is None else whole_number(last, "last_row", SIZE, where="group_applications")
    t = _a.outcome_table(d, dims, _known_filters(d, filters), False, first, last)
    r = _a.totals(t)
    cols: Dict[str, Any] = _key_columns(r["dimensions"])
    for c in ("applications", "decided", "winners", "rejected", "withdrawn", "applicants", "winning_applicants"):
        cols[c] = r[c]
    cols["requested_minor"] = _requested_money(r["requested"], r["requested_stated"])
    cols["winners_requested_minor"] = _requested_money(r["winners_requested"], r["winners_requested_stated"])
    cols["awarded_minor"] = r["awarded"]
    cols.update(_bound_flags(r, ("requested_minor", "winners_requested_minor", "awarded_minor")))
    df = _lower_bounds(pd.DataFrame(cols, copy=False))  # new arrays made for this frame
    df.attrs["currency"] = r["currency"]
    return df


# The money columns of group_applications and grant_outcomes that may be lower bounds, and the
# engine's flags saying which groups' are (measure_qualifier's rule: a sum over the stated
# amounts when some are not stated).
_BOUND_FLAGS = {"requested_minor": "requested_at_least", "winners_requested_minor": "winners_requested_at_least",
                "awarded_minor": "awarded_at_least"}
_FLAG = "\0at_least:"  # the prefix of the flag columns _lower_bounds takes out


def _bound_flags(r: Mapping[str, Any], columns: Sequence[str]) -> Dict[str, Any]:
    """The engine's lower-bound flags of ``columns`` as columns _lower_bounds takes out."""
    return {_FLAG + c: np.asarray(r[_BOUND_FLAGS[c]], dtype=bool) for c in columns}


def _lower_bounds(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` without the flag columns of _bound_flags, which become ``attrs["at_least"]``: the
    ``(row, column)`` cells (index label, column name) whose sum is a lower bound, as
    :func:`application_series` lists its own."""
    flags = [c for c in df.columns if isinstance(c, str) and c.startswith(_FLAG)]
    marks = df[flags].to_numpy(dtype=bool)
    out = df.drop(columns=flags)
    names = [c[len(_FLAG):] for c in flags]
    out.attrs["at_least"] = [(df.index[i], names[j]) for i, j in zip(*np.nonzero(marks))]
    return out


def _population_year(value: Any, what: str) -> int:
    """``population_year`` as the engine takes it: 0 for None (each group's own year), else a
    year civica's dates may have (``_core.date_years``); anything else is refused naming it."""
    if value is None:
        return 0
    return dated_year(value, "population_year",
                      "the year whose population money is divided by; None for each group's own year", where=what)


def _outcomes_frame(table: Any, level: float, population_year: Optional[int]) -> pd.DataFrame:
    """The DataFrame of :func:`grant_outcomes` from an engine table (also used by civica.dask)."""
    level = real_number(level, "level", where="grant_outcomes")
    r = _a.outcomes(table, level, _population_year(population_year, "grant_outcomes"))
    cols: Dict[str, Any] = _key_columns(r["dimensions"])
    cols.update({
        "applications": r["applications"],
        "decided": r["decided"],
        "winners": r["winners"],
        "success_rate": r["success_rate"],
        "success_lower": r["success_lower"],
        "success_upper": r["success_upper"],
        "applicants": r["applicants"],
        "winning_applicants": r["winning_applicants"],
        "requested_minor": _requested_money(r["requested"], r["requested_stated"]),
        "awarded_minor": r["awarded"],
        "awarded_share_of_requested": r["awarded_share_of_requested"],
        "mean_grant_minor": r["mean_grant"],
        "median_grant_minor": r["median_grant"],
    })
    if r["per_capita"]:
        cols["population"] = _optional_int(r["population"], -1)
        cols["population_year"] = _optional_int(r["population_year"], 0)
        cols["awarded_per_capita_minor"] = r["awarded_per_capita"]
    cols.update(_bound_flags(r, ("requested_minor", "awarded_minor")))
    if r["per_capita"]:  # money per resident is a lower bound where the money is (NaN: no value)
        cols[_FLAG + "awarded_per_capita_minor"] = (np.asarray(r["awarded_at_least"], dtype=bool)
                                                    & np.isfinite(np.asarray(r["awarded_per_capita"], dtype=float)))
    df = _lower_bounds(_in_key_order(pd.DataFrame(cols, copy=False), r["dimensions"]))  # new arrays made for this frame
    df.attrs["level"] = float(level)
    df.attrs["currency"] = r["currency"]
    df.attrs["by"] = list(table.by)
    df.attrs["total"] = _outcome_total(r["total"], level)
    total = r["total"]
    df.attrs["total_at_least"] = [c for c in ("requested_minor", "awarded_minor")
                                  if len(total["applications"]) and total[_BOUND_FLAGS[c]][0]]
    return df


def _in_key_order(df: pd.DataFrame, dims: List[Mapping[str, Any]]) -> pd.DataFrame:
    """``df`` with its groups in key order. The engine's order is its codes' order, the key
    order of every dimension but ``applicant``, whose codes follow the dataset's tables (the
    organisations, then the persons, as read): such rows are sorted by (applicant_kind,
    applicant), so that one dataset and the same data split into files (civica.dask) list them
    alike."""
    names = [d["name"] for d in dims]
    if "applicant" not in names or len(df) < 2:
        return df
    keys: List[str] = []
    for n in names:
        keys += ["applicant_kind", "applicant"] if n == "applicant" else [n]
    return df.sort_values(keys, kind="stable", ignore_index=True)


def _outcome_total(total: Mapping[str, Any], level: float) -> Dict[str, Any]:
    """``attrs["total"]`` of :func:`grant_outcomes`: the figures of all the rows' applications
    together. Over no application they are those of nothing: counts and money 0, no success
    rate (NaN) with the interval [0, 1] (the data rules out no rate), no share, mean or median."""
    names = {"applications": "applications", "decided": "decided", "winners": "winners",
             "success_rate": "success_rate", "success_lower": "success_lower", "success_upper": "success_upper",
             "applicants": "applicants", "winning_applicants": "winning_applicants",
             "requested_minor": "requested", "awarded_minor": "awarded",
             "awarded_share_of_requested": "awarded_share_of_requested",
             "mean_grant_minor": "mean_grant", "median_grant_minor": "median_grant"}
    out: Dict[str, Any]
    if len(total["applications"]):
        out = {name: total[src][0].item() for name, src in names.items()}
        if not total["requested_stated"][0]:
            out["requested_minor"] = pd.NA  # no application states its request: not known
        return out
    nothing = _a.wilson_interval(0, 0, real_number(level, "level"))
    out = {name: 0 for name in names}
    out.update({"success_rate": float(nothing["estimate"]), "success_lower": float(nothing["lower"]),
                "success_upper": float(nothing["upper"]), "awarded_share_of_requested": math.nan,
                "mean_grant_minor": math.nan, "median_grant_minor": math.nan})
    return out


def grant_outcomes(
    ds: Any, by: Union[str, Sequence[str], None] = ("year",), *, level: float = 0.95,
    population_year: Optional[int] = None, **filters: Any
) -> pd.DataFrame:
    """Applications, winners (winning applications), success rate with its Wilson interval,
    distinct applicants and winning applicants, money requested and awarded (exact integers in
    hundredths of ``attrs["currency"]``; the stated requests: ``requested_minor`` is a nullable
    ``Int64``, <NA> for a group where no application states its request, as in
    :func:`application_series`), the awarded share of requested money (over the winners whose
    award and request are both stated; NaN when none is), mean and median grant (over the
    winners whose award is stated), per group of ``by``.

    When the groups are municipalities or regions (or the filter names one) the table also has
    ``population``, ``population_year`` (the year of the figure used: the group's year, or the
    nearest earlier one with a figure) and ``awarded_per_capita_minor``. Money of a group that
    spans several years is divided by a population only when ``population_year`` says which
    (else it is NaN: there is no one population for 2017–2024). The success rate is winners
    out of the decided applications, winning or rejected (not the withdrawn ones, nor those
    submitted or admitted and still being judged). ``attrs["total"]`` holds the totals, the
    awarded share of requested money among them (``requested_minor`` ``pd.NA`` when no
    application states its request); over no application (nothing passed the filters) counts
    and money are 0, the success rate NaN with the interval [0, 1], the share,
    mean and median NaN. A ``population_year`` outside 1900..2200 is a ValidationError.

    Money summed over the stated amounts when some are not stated is a lower bound:
    ``attrs["at_least"]`` lists those cells as ``(row, column)`` pairs (the row's index label;
    ``requested_minor`` when some but not all of the group's applications state a request,
    ``awarded_minor`` and ``awarded_per_capita_minor`` when some of its winners state no
    award), and ``attrs["total_at_least"]`` the columns of ``attrs["total"]`` that are.
    """
    _population_year(population_year, "grant_outcomes")  # refused before the applications are read
    d = _dataset(ds)
    t = _a.outcome_table(d, _by(by), _known_filters(d, filters))
    return _outcomes_frame(t, level, population_year)


def _ranking_population_year(per_capita: bool, population_year: Any, f: Mapping[str, Sequence[str]]) -> Optional[int]:
    """The population year of a ranking, decided before any application is read (by
    :func:`ranking` and civica.dask.ranking alike): ``population_year`` when given (checked by
    _population_year); for a ranking per resident without it, the filter's one ``year=``, whose
    population divides that year's figures. That year must be one a population figure may be
    of (``_core.date_years``, as a competition's): per resident of ``year=5000`` is a
    ValidationError naming the year and ``population_year``, not NaN for every row. None: each
    group's own year (the data's only year, else refused by the engine for money of several)."""
    if population_year is not None:
        return _population_year(population_year, "ranking")
    years = f.get("year", [])
    if not per_capita or len(years) != 1:
        return None
    try:
        year = int(years[0])
    except ValueError:
        return None  # no year at all: the engine refuses the filter, naming it
    first, last = _core.date_years
    if not first <= year <= last:
        raise _core.ValidationError(f"ranking: per resident of year={year}: there is no population to divide by, "
                                    f"since population figures (and competitions) are of {first}..{last}; filter "
                                    "a year in that range, or give population_year= to divide by that year's "
                                    "population")
    return year


def _ranking_frame(table: Any, by: str, measure: str, method: str, per_capita: bool,
                   population_year: Optional[int], ascending: bool = False) -> pd.DataFrame:
    r = _a.ranking(table, measure, method, bool(per_capita), _population_year(population_year, "ranking"),
                   not ascending)
    # Counts and money as whole numbers, as grant_outcomes gives them; per resident a ratio.
    values = r["values"] if per_capita else _measure_column(r["values"], measure)
    margin = float(r["margin"])
    if not per_capita and _measure_dtype(measure) != "float64" and math.isfinite(margin):
        margin = int(margin)
    cols: Dict[str, Any] = {"rank": _rank_column(r["ranks"], method),
                            "key": _keys(np.asarray(r["keys"], dtype=object)),
                            "name": _keys(np.asarray(r["labels"], dtype=object)), "value": values}
    if "kinds" in r:  # by applicant: an organisation and a person may share an id
        cols = {"rank": cols["rank"], "key": cols["key"],
                "applicant_kind": _keys(np.asarray(r["kinds"], dtype=object)), "name": cols["name"],
                "value": values}
    if per_capita:
        cols["population"] = _optional_int(r["population"], -1)
        cols["population_year"] = _optional_int(r["population_year"], 0)
    df = pd.DataFrame(cols, copy=False)  # new arrays made for this frame
    df.attrs.update({"by": by, "measure": measure, "per_capita": bool(per_capita), "method": method,
                     "ascending": bool(ascending),
                     "leaders": list(r["leaders"]), "margin": margin,
                     # per resident, the unit says so: "count per resident", "1/100 RUB per resident"
                     "unit": f"{r['unit']} per resident" if per_capita else r["unit"],
                     "currency": r["currency"]})
    if "leader_kinds" in r:
        df.attrs["leader_kinds"] = list(r["leader_kinds"])  # each leader's table, as applicant_kind
    # The rows whose value is a lower bound (money summed over the stated amounts when some
    # are not): their keys, or (applicant_kind, key) by applicant.
    bound = np.flatnonzero(np.asarray(r["at_least"], dtype=bool))
    df.attrs["at_least"] = ([(r["kinds"][i], r["keys"][i]) for i in bound] if "kinds" in r
                            else [r["keys"][i] for i in bound])
    return df


def ranking(
    ds: Any,
    by: str = "municipality",
    measure: str = "winners",
    *,
    method: str = "min",
    per_capita: bool = False,
    population_year: Optional[int] = None,
    ascending: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Ranks the values of ``by`` (municipalities and regions include every one of the
    dataset, with 0 where nothing passed the filters) by ``measure``: columns ``rank``,
    ``key`` (the table's id: ``ds.organizations[key]`` for an applicant), ``name``, ``value``
    (money in hundredths of ``attrs["currency"]``; per resident when ``per_capita``, with
    ``population`` and the ``population_year`` used, and ``attrs["unit"]`` says so: "count per
    resident", "1/100 RUB per resident"). Per capita needs one year: the filter's ``year=``, the
    data's only year, or ``population_year=``. The filter's year or ``population_year`` outside
    1900..2200 is a ValidationError: no population figure is of ``year=5000``, and NaN for every
    row would hide the mistake.
    Rank 1 is the largest value, or with ``ascending=True`` the smallest (the fewest
    applications, the lowest success rate). Sorted by rank; ``attrs["leaders"]`` lists the keys
    ranked first, ``attrs["margin"]`` the distance from the leader to the runner-up (0 when
    tied). By ``applicant`` a column ``applicant_kind`` (``organization`` or ``person``, as in
    :func:`grant_outcomes`) says whose id ``key`` is — an organisation and a person may share
    one, and are two rows — and ``attrs["leader_kinds"]`` gives each leader's kind (as
    :func:`winners_over_time` gives ``repeat_winner_kinds``). The applications with no value of ``by`` (applicants with no municipality, no
    direction) are a row with an empty key: its value is shown, it takes no place (it is not an
    entity), and it comes last. ``attrs["at_least"]`` lists the rows whose requested or awarded
    money leaves out amounts the data does not state (a lower bound, as in
    :func:`application_series`): their keys, or ``(applicant_kind, key)`` by applicant.

    ``rank`` is a nullable ``Int64`` (``float64`` for ``method="average"``, whose tied places
    may be halves), <NA> for a row that takes no place: that row, and a value that is NaN.
    ``value`` has the type of what it measures whatever the rows: counts and awarded money
    ``int64``, requested money ``Int64`` (<NA> where no application states its request), the
    success rate and anything per resident ``float64``."""
    by = _ranking_by(by)
    _population_year(population_year, "ranking")  # refused before the dataset is read
    d = _dataset(ds)
    f = _known_filters(d, filters)
    population_year = _ranking_population_year(per_capita, population_year, f)  # before the applications
    t = _a.ranking_table(d, by, measure, f)
    return _ranking_frame(t, by, measure, method, per_capita, population_year, ascending)


def _groups_table(d: Dataset, by: Sequence[str], f: Mapping[str, Any], mergeable: bool = False) -> Any:
    """The groups by ``by`` of the applications passing the filter ``f``: the groups
    :func:`grant_outcomes` lists, as an engine table (counts only). A statistic of the winners
    (:func:`recipient_concentration`, :func:`winners_over_time`) lists each of them, with 0 or
    NaN where none won, not only the groups of its winners. civica.dask makes it per file."""
    return _a.series_table(d, "applications", list(by), f, mergeable)


def _on_every_group(found: pd.DataFrame, groups: Any, zeros: Sequence[str]) -> pd.DataFrame:
    """``found`` (key columns, then figures of the groups that have any) on every group of the
    engine table ``groups`` (:func:`_groups_table`), in its order: the columns ``zeros`` are 0
    for a group ``found`` lacks, the other figures NaN. Names come from ``groups``."""
    cols = _key_columns(_a.series(groups, "applications")["dimensions"])
    on = [c for c in cols if not c.endswith("_name")]

    def index(frame: Any) -> pd.Index:
        return pd.MultiIndex.from_arrays([np.asarray(frame[c]) for c in on]) if len(on) > 1 else \
            pd.Index(np.asarray(frame[on[0]]))

    at = index(found).get_indexer(index(cols))  # -1 for a group found lacks: its fill, appended last
    for c in found.columns:
        if c not in cols:
            fill = 0 if c in zeros else np.nan
            cols[c] = np.append(found[c].to_numpy(), fill)[at].astype("int64" if c in zeros else found[c].dtype)
    return pd.DataFrame(cols, copy=False)


def _top_ks(top_k: Any) -> List[Any]:
    """The k of ``top_k``: one number (``top_k=5``) or any iterable of them (``(1, 5, 10)``)."""
    if isinstance(top_k, (str, bytes)) or not isinstance(top_k, Iterable):
        return [top_k]  # whole_number takes a number and refuses anything else, naming top_k
    return list(top_k)


class Amounts(Sequence[int]):
    """Each recipient's money in ``attrs["amounts"]`` of :func:`recipient_concentration`: whole
    minor units, largest first, read-only. ``np.asarray`` gives the array (no copy), ``len``,
    indexing and iteration work as on a sequence, and ``==`` compares two of them as a whole,
    so that results of several years join with ``pd.concat`` (pandas compares the attrs of what
    it joins with ==, which two bare arrays of different lengths answer with an error)."""

    __slots__ = ("_values",)

    def __init__(self, values: Any) -> None:
        a = np.asarray(values)
        a.flags.writeable = False
        self._values = a

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._values if dtype is None else self._values.astype(dtype)

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> "Amounts": ...
    def __getitem__(self, i: Any) -> Any:
        return Amounts(self._values[i]) if isinstance(i, slice) else int(self._values[i])

    def __iter__(self) -> Iterator[int]:
        return iter(self._values.tolist())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Amounts) and bool(np.array_equal(self._values, other._values))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Amounts({len(self)} recipients)"


def _concentration_result(table: Any, top_k: Any, groups: Any = None) -> Union[pd.Series, pd.DataFrame]:
    """The result of :func:`recipient_concentration` from an engine table (also used by
    civica.dask); with ``by``, on every group of the table ``groups`` (:func:`_groups_table`)."""
    r = _a.concentration(table, [whole_number(k, "top_k", (0, INT64[1]), where="recipient_concentration") for k in _top_ks(top_k)])
    cols: Dict[str, Any] = _key_columns(r["dimensions"])
    cols.update({"recipients": r["recipients"], "awarded_minor": r["awarded"], "hhi": r["hhi"], "gini": r["gini"]})
    for k, s in zip(r["top_k"], r["top_shares"]):
        cols[f"top_{k}_share"] = s
    if not r["dimensions"]:
        out: Union[pd.Series, pd.DataFrame]
        # Counts and money stay whole numbers beside the shares (dtype object, as a row of the
        # grouped frame would read): "recipients 48", not "48.000".
        if len(r["recipients"]):
            out = pd.Series({k: (v[0].item() if hasattr(v[0], "item") else v[0]) for k, v in cols.items()}, dtype=object)
        else:
            out = pd.Series({k: (0 if k in ("recipients", "awarded_minor") else np.nan) for k in cols}, dtype=object)
        out.attrs["amounts"] = Amounts(r["amounts"])
    else:
        out = pd.DataFrame(cols, copy=False)  # new arrays made for this frame
        if groups is not None:
            out = _on_every_group(out, groups, ("recipients", "awarded_minor"))
        out = _in_key_order(out, r["dimensions"])
    out.attrs["currency"] = r["currency"]
    return out


def recipient_concentration(
    ds: Any, by: Union[str, Sequence[str], None] = None, *, top_k: Union[int, Iterable[int]] = (1, 5, 10),
    **filters: Any
) -> Union[pd.Series, pd.DataFrame]:
    """How concentrated awarded money is among recipients (applicants awarded more than 0):
    ``recipients``, ``awarded_minor`` (hundredths of ``attrs["currency"]``), ``hhi``, ``gini``
    and ``top_<k>_share`` for each k of ``top_k`` (one number or several). Without ``by`` a Series, whose ``attrs["amounts"]`` is each
    recipient's money (:class:`Amounts`: minor units, largest first, an array to ``np.asarray``; ``ranking(ds, "applicant", "awarded")`` names
    them); with ``by`` (e.g. ``"region"``) a DataFrame with one row per group of the
    applications passing the filters, the groups :func:`grant_outcomes` lists: a group where
    nothing was awarded has ``recipients`` and ``awarded_minor`` 0 and the figures NaN (no
    money, no distribution), as the Series of no recipient has."""
    d = _dataset(ds)
    with d._reading():  # the money and the groups of one state of the dataset (see winners_over_time)
        dims, f = _by(by), _known_filters(d, filters)
        t = _a.concentration_table(d, dims, f)
        return _concentration_result(t, top_k, _groups_table(d, dims, f) if dims else None)


class _Frozen(tuple):  # type: ignore[type-arg]
    """A tuple kept in a DataFrame's ``attrs``. pandas deep-copies ``attrs`` into every frame
    or Series derived from the frame (each column read); a tuple of strings is its own deep
    copy, and this one says so at once instead of visiting every element."""

    __slots__ = ()

    def __deepcopy__(self, memo: Any) -> "_Frozen":
        return self


def _winners_frame(table: Any, source: Any = None, groups: Any = None) -> pd.DataFrame:
    """The frame of :func:`winners_over_time` from an engine table (also used by civica.dask),
    on every year of the table ``groups`` (:func:`_groups_table` by year) when given."""
    r = _a.winners_over_time(table, source)
    df = pd.DataFrame(
        {"winners": r["winners"], "winning_applicants": r["winning_applicants"], "first_time": r["first_time"],
         "returning": r["returning"], "awarded_minor": r["awarded"]},
        index=pd.Index(np.asarray(r["year"], dtype="int64"), name="year"),
    )
    if groups is not None:  # every year of the applications, 0 where none won
        years = _key_columns(_a.series(groups, "applications")["dimensions"])["year"]
        df = df.reindex(pd.Index(years, name="year", dtype="int64"), fill_value=0)
    df.attrs["repeat_winners"] = _Frozen(r["repeat_winners"])
    df.attrs["repeat_winner_kinds"] = _Frozen(r["repeat_winner_kinds"])
    df.attrs["winning_applicants"] = int(r["distinct_winning_applicants"])
    df.attrs["currency"] = r["currency"]
    return df


def winners_over_time(ds: Any, **filters: Any) -> pd.DataFrame:
    """How the set of winning applicants changes, indexed by ``year``: ``winners`` (winning
    applications), ``winning_applicants`` (distinct applicants that won that year), of them
    ``first_time`` (their first win in the data) and ``returning``, and ``awarded_minor``.
    ``attrs["repeat_winners"]`` is a tuple of the ids of applicants winning in two or more years
    (their tables in the tuple ``attrs["repeat_winner_kinds"]``), ``attrs["winning_applicants"]``
    counts all. The history is that of the filtered applications: with ``year=2024`` every 2024
    winner is a first-time one, since earlier years are filtered out; to split one year's
    winners into first-time and returning, leave ``year`` out and take that year's row.
    Every year of the applications passing the filters is a row, as in
    ``grant_outcomes(ds, "year")``: a year without a winner (its applications rejected,
    withdrawn or still being judged) has 0 in every column."""
    d = _dataset(ds)
    # The table's applicants are rows of the dataset, named by a later call: another thread
    # adding an organisation in between shifted every person onto an organisation's row. Over
    # the calls the dataset cannot change (BufferError), as during one compiled analysis.
    with d._reading():
        f = _known_filters(d, filters)
        return _winners_frame(_a.winners_table(d, f), d, _groups_table(d, ["year"], f))


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def council_activity(ds: Any, year: int, *, territory: Optional[str] = None) -> pd.DataFrame:
    """Activity of the collegial public bodies of a territory in ``year``, one row per body
    (indexed by body id): ``name``, ``kind``, ``meetings``, ``agenda_questions``,
    ``questions_per_meeting``, ``topics``, ``renewed`` (a membership term started in the year)
    and meetings per month (``jan`` … ``dec``).

    ``attrs["total"]`` has the totals (``collegial_bodies``, ``public_councils``,
    ``meetings``, ``agenda_questions``, ``questions_per_meeting``, ``topics``,
    ``meetings_by_month``, ``questions_by_topic``): those of the collegial public bodies (public
    councils and public chambers); ``other_meetings`` and ``other_agenda_questions`` are those of
    bodies of kind ``other`` (docs/analysis.md, "Definitions"). ``bodies_without_meetings`` and
    ``renewed_bodies`` list the ids of every body of the rows, those of kind ``other`` included:
    select by the rows' ``kind`` to count only the collegial ones."""
    d = _dataset(ds)
    year = whole_number(year, "year", where="council_activity")
    r = _a.council_activity(d, year, territory or "")
    bodies = r["bodies"]
    cols: Dict[str, Any] = {
        "name": _text([b["name"] for b in bodies]),
        "kind": _text([b["kind"] for b in bodies]),
        "meetings": _col([b["meetings"] for b in bodies], "int64"),
        "agenda_questions": _col([b["agenda_questions"] for b in bodies], "int64"),
        "questions_per_meeting": _col([b["questions_per_meeting"] for b in bodies], "float64"),
        "topics": _col([b["topics"] for b in bodies], "int64"),
        "renewed": _col([bool(b["terms_started"]) for b in bodies], "bool"),
    }
    for i, m in enumerate(_MONTHS):
        cols[m] = _col([b["meetings_by_month"][i] for b in bodies], "int64")
    df = pd.DataFrame(cols, index=pd.Index(_text([b["id"] for b in bodies]), name="body"))
    df.attrs["year"] = int(year)
    df.attrs["territory"] = r["territory"]
    df.attrs["total"] = {
        k: (list(r[k]) if isinstance(r[k], (list, tuple)) else r[k])
        for k in ("collegial_bodies", "public_councils", "public_chambers", "other_bodies", "meetings",
                  "agenda_questions", "questions_per_meeting", "topics", "other_meetings",
                  "other_agenda_questions", "bodies_without_meetings", "renewed_bodies", "meetings_by_month")
    }
    df.attrs["total"]["questions_by_topic"] = {t: n for t, n in r["questions_by_topic"]}
    return df


_NGO_GROUPINGS = ("legal_form", "sphere", "municipality")


def ngo_registry(
    ds: Any, year: int, *, by: str = "legal_form", territory: Optional[str] = None
) -> pd.DataFrame:
    """The NGOs of a territory (non-profit organisations registered by the end of ``year``)
    counted ``by`` ``legal_form`` (ОКОПФ), ``sphere`` or ``municipality``: columns ``key``,
    ``name``, ``count``, ``share``. ``attrs["total"]`` has ``organizations``,
    ``socially_oriented`` (and its share), ``public_associations``, ``tos``,
    ``volunteer_associations``; ``attrs["registrations_by_year"]`` the registrations per year.
    ``territory="*"`` takes every non-profit organisation of the dataset, those without a
    municipality included (a federal grant operator recorded as one, say). Another ``by`` is a
    ValidationError listing the three and naming the closest, as an unknown dimension is."""
    if not isinstance(by, str):
        raise TypeError(f"by={by!r}: ngo_registry counts by one grouping; give its name "
                        f"({', '.join(_NGO_GROUPINGS)})")
    if by not in _NGO_GROUPINGS:
        raise _not_one_of(by, "a grouping of the NGO registry", _NGO_GROUPINGS, prefix="ngo_registry: by ")
    d = _dataset(ds)
    year = whole_number(year, "year", where="ngo_registry")
    r = _a.ngo_registry(d, year, territory or "")
    rows = r[f"by_{by}"]
    total = r["organizations"]
    df = pd.DataFrame(
        {"key": _text([k for k, _, _ in rows]), "name": _text([n for _, n, _ in rows]),
         "count": _col([c for _, _, c in rows], "int64")}
    )
    df["share"] = df["count"] / total if total else np.nan
    df.attrs["year"] = int(year)
    df.attrs["territory"] = r["territory"]
    df.attrs["total"] = {k: r[k] for k in ("organizations", "unknown_registration", "socially_oriented",
                                           "socially_oriented_share", "public_associations", "tos",
                                           "volunteer_associations")}
    df.attrs["registrations_by_year"] = {int(y): int(n) for y, n in r["registrations_by_year"]}
    return df


def training_activity(ds: Any, year: int, *, territory: Optional[str] = None, level: float = 0.95) -> pd.DataFrame:
    """Courses of ``year`` (indexed by course id): ``title``, ``format``, ``start``, ``end``,
    ``enrolments``, ``organizations``, ``persons``, ``participants``, completed ones.
    ``attrs["total"]`` has ``courses`` (every course of the year, the rows), ``courses_attended``
    (those with an enrolment of the territory: the indicator ``training.courses``),
    ``participants``, ``participants_per_course``, ``ngos_trained`` (distinct organisations
    with a completed enrolment), ``registry_size`` and the share of the NGO registry reached
    with its Wilson interval. The enrolment counts of the rows are the territory's."""
    d = _dataset(ds)
    year = whole_number(year, "year", where="training_activity")
    r = _a.training_activity(d, year, territory or "", real_number(level, "level", where="training_activity"))
    cs = r["courses"]
    df = pd.DataFrame(
        {
            "title": _text([c["title"] for c in cs]),
            "format": _text([c["format"] for c in cs]),
            # datetime64[s] with NaT for none, as the tables' own date columns (to_pandas).
            "start": pd.Series([c["start"] for c in cs], dtype="datetime64[s]").to_numpy(),
            "end": pd.Series([c["end"] for c in cs], dtype="datetime64[s]").to_numpy(),
            **{k: _col([c[k] for c in cs], "int64")
               for k in ("enrolments", "organizations", "persons", "participants", "completed_enrolments",
                         "completed_participants")},
        },
        index=pd.Index(_text([c["id"] for c in cs]), name="course"),
    )
    reach = r["registry_reached"]
    df.attrs["year"] = int(year)
    df.attrs["total"] = {
        "courses": len(cs),
        "courses_attended": r["courses_attended"],
        "participants": r["participants"],
        "participants_per_course": r["participants_per_course"],
        "ngos_enrolled": r["ngos_enrolled"],
        "ngos_trained": r["ngos_trained"],
        "persons_trained": r["persons_trained"],
        "registry_size": r["registry_size"],
        "registry_reached": reach["successes"],
        "registry_share": reach["estimate"],
        "registry_share_lower": reach["lower"],
        "registry_share_upper": reach["upper"],
    }
    return df


def support_activity(ds: Any, year: int, *, territory: Optional[str] = None) -> pd.DataFrame:
    """Resource-centre services of ``year`` to the organisations and persons of ``territory``
    (default: the dataset's own; ``"*"``: every service), by kind (rows) and recipient type
    (columns ``organization``, ``person``, ``total``). ``attrs`` has ``territory``,
    ``services``, ``organizations_served``, ``persons_served`` and ``by_month`` (12 counts)."""
    d = _dataset(ds)
    year = whole_number(year, "year", where="support_activity")
    r = _a.support_activity(d, year, territory or "")
    grid = np.asarray(r["by_kind_and_recipient"], dtype="int64")
    df = pd.DataFrame({"organization": grid[:, 0], "person": grid[:, 1]}, index=pd.Index(r["kinds"], name="kind"))
    df["total"] = df["organization"] + df["person"]
    df.attrs.update({"year": int(year), "territory": r["territory"], "services": r["services"], "organizations_served": r["organizations_served"],
                     "persons_served": r["persons_served"], "by_month": list(r["by_month"])})
    return df


def monitoring_activity(ds: Any, year: Optional[int] = None, *, territory: Optional[str] = None,
                        level: float = 0.95) -> pd.Series:
    """Monitoring of supported projects (in ``year``, or all years) whose applicant is of
    ``territory`` (default: the dataset's own; ``"*"``: every project): ``records``,
    ``projects``, ``completed_share`` (latest status "completed") with its Wilson interval, and
    scores (``mean_score``, ``median_score``, ``min_score``, ``max_score`` over each project's
    latest score). ``attrs["by_status"]`` counts projects by latest status;
    ``attrs["territory"]`` is the territory counted."""
    d = _dataset(ds)
    r = _a.monitoring_activity(d, 0 if year is None else whole_number(year, "year", where="monitoring_activity"),
                               territory or "", real_number(level, "level", where="monitoring_activity"))
    c = r["completed"]
    out = pd.Series(
        {"records": r["records"], "projects": r["projects"], "completed": c["successes"],
         "completed_share": c["estimate"], "completed_lower": c["lower"], "completed_upper": c["upper"],
         "scored_projects": r["scored_projects"], "mean_score": r["mean_score"], "median_score": r["median_score"],
         "min_score": r["min_score"], "max_score": r["max_score"]},
        dtype=object,  # counts stay whole numbers beside the shares and scores
    )
    out.attrs["by_status"] = {k: int(n) for k, n in r["by_status"]}
    out.attrs["territory"] = r["territory"]
    return out


def training_funnel(ds: Any, *, territory: Optional[str] = None, level: float = 0.95, **filters: Any) -> pd.DataFrame:
    """Do NGOs that trained apply and win more often afterwards than NGOs that did not?

    Rows ``trained``, ``untrained`` and ``difference`` (trained minus untrained, with
    Newcombe intervals); columns ``organizations``, ``applied`` and ``applied_share``,
    ``winning_organizations`` and ``winning_share``, ``applications``, ``decided``, ``wins``
    and ``success_rate`` (wins / decided applications), each share with ``_lower``/``_upper``.
    Trained NGOs count applications submitted after their training; untrained ones those
    from the earliest training date on (``attrs["window_start"]``).

    This is an association, not a causal effect: ``attrs["note"]`` says so, and so should
    anything built on it.
    """
    d = _dataset(ds)
    r = _a.training_funnel(d, _known_filters(d, filters), territory or "",
                           real_number(level, "level", where="training_funnel"))

    def row(g: Mapping[str, Any]) -> Dict[str, Any]:
        out: Dict[str, Any] = {k: g[k] for k in ("organizations", "applied", "winning_organizations", "applications",
                                                  "decided", "wins")}
        for name, src in (("applied_share", "applied_share"), ("winning_share", "winning_share"),
                          ("success_rate", "success")):
            out[name] = g[src]["estimate"]
            out[f"{name}_lower"] = g[src]["lower"]
            out[f"{name}_upper"] = g[src]["upper"]
        return out

    trained, untrained = row(r["trained"]), row(r["untrained"])
    diff: Dict[str, Any] = {k: np.nan for k in trained}
    for name, src in (("applied_share", "applied_difference"), ("winning_share", "winning_difference"),
                      ("success_rate", "success_difference")):
        diff[name] = r[src]["estimate"]
        diff[f"{name}_lower"] = r[src]["lower"]
        diff[f"{name}_upper"] = r[src]["upper"]
    df = pd.DataFrame([trained, untrained, diff], index=pd.Index(["trained", "untrained", "difference"], name="group"))
    for c in ("organizations", "applied", "winning_organizations", "applications", "decided", "wins"):
        df[c] = df[c].astype("Int64")
    df.attrs.update({"note": r["note"], "window_start": r["window_start"], "territory": r["territory"],
                     "excluded": r["excluded"], "level": float(level)})
    return df


def indicator_definitions() -> pd.DataFrame:
    """Every indicator civica computes from records, one row each: ``key``, ``unit``, ``counted``
    (what is counted, over which records, territory and year), ``computable`` (when the records
    allow it; otherwise there is no value, not zero), ``programme_kinds`` (the programmes a grant
    figure covers) and ``published`` (a key of the published-figure vocabulary,
    :func:`civica.known_indicator_keys`; else a figure only the report states)."""
    rows = _a.indicator_definitions()
    return pd.DataFrame([{"key": k, "unit": u, "counted": c, "computable": w, "programme_kinds": list(p),
                          "published": bool(pub)} for k, u, c, w, p, pub in rows],
                        columns=["key", "unit", "counted", "computable", "programme_kinds", "published"])


def compute_indicator(
    ds: Any, key: str, year: int, *, territory: Optional[str] = None, breakdown: Optional[str] = None
) -> Union[int, float, Decimal, None]:
    """The value of an indicator key computed from the dataset's records, or None when the
    records do not allow it (see :func:`reconcile`), typed as a published figure's value
    (``ds.indicator(key, year).value``): a sum of money is an exact ``Decimal`` in the
    dataset's currency, any other whole value (a count, a rank, a share of 100 %) an ``int``,
    else a ``float`` (the unit of each key: :func:`indicator_definitions`). A key civica does not compute is a ValidationError
    naming the keys; a territory the dataset does not know, a NotFoundError."""
    d = _dataset(ds)
    r = _a.compute_indicator(d, key, whole_number(year, "year", where="compute_indicator"), territory or "",
                             breakdown or "")
    return None if r is None else r["value"]


def reconcile(ds: Any, published: Any = None) -> pd.DataFrame:
    """Every published figure of ``published`` (default: ``ds`` itself) against the same figure
    computed from the records of ``ds``: columns ``key``, ``year``, ``territory``,
    ``breakdown``, ``published``, ``qualifier``, ``computed``, ``unit`` (the published figure's:
    ``count``, ``RUB``, ``rank``…; ``published`` and ``computed`` are in it, and a computation
    in another unit is ``not_computable``), ``verdict`` (``agrees``,
    ``consistent_with_bound``, ``contradicts``, ``not_computable``), ``rule`` (the test, with
    the numbers) and ``basis`` (what was counted). ``attrs["consistent"]`` is True when nothing
    is contradicted."""
    d = _dataset(ds)
    p = d if published is None else _dataset(published)
    items = _a.reconcile(d, p)
    cols = ("key", "year", "territory", "breakdown", "published", "qualifier", "computed", "unit", "verdict", "rule",
            "basis")
    text = ("key", "territory", "breakdown", "qualifier", "unit", "verdict", "rule", "basis")
    df = pd.DataFrame({c: _text([i[c] for i in items]) if c in text else [i[c] for i in items] for c in cols},
                      columns=list(cols))
    df["year"] = df["year"].astype("int64")
    df["published"] = df["published"].astype("float64")
    df["computed"] = pd.to_numeric(df["computed"], errors="coerce").astype("float64")
    df.attrs["consistent"] = bool((df["verdict"] != "contradicts").all())
    return df
