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

Dataset analyses take a :class:`civica.Dataset` (or the name of a bundled dataset) and filter
the applications with keyword arguments: ``years``, ``programme_kinds``, ``programmes``,
``operators``, ``competitions``, ``municipalities``, ``directions``, ``statuses``,
``applicant_type`` (each also in the singular, e.g. ``year=2020``, and each taking one value or
a list). Grouping dimensions are ``year``, ``programme``, ``programme_kind``, ``grant_operator``,
``competition``, ``direction``, ``municipality``, ``applicant_kind``, ``legal_form``,
``applicant`` and ``status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, NamedTuple, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from . import _core
from ._core import Dataset

_a = _core.analysis

__all__ = [
    # numbers
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
    "reconcile",
]

#: What applications can be grouped by.
DIMENSIONS = (
    "year",
    "programme",
    "programme_kind",
    "grant_operator",
    "competition",
    "direction",
    "municipality",
    "applicant_kind",
    "legal_form",
    "applicant",
    "status",
)
#: What application series and rankings can measure.
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

    def __str__(self) -> str:
        sign = _BOUND_SIGNS.get(self.kind, "")
        if self.kind == "lower_bound" and not self.strict:
            sign = "≥"
        elif self.kind == "upper_bound" and not self.strict:
            sign = "≤"
        return f"{sign}{self.value:.6g}" if sign else f"{self.value:.6g}"

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
    0.951
    """
    if _is_plain(first) and _is_plain(last):
        return float(_a.cagr(float(first), float(last), float(years)))
    f, l_ = _as_estimate(first), _as_estimate(last)
    return Estimate._from(_a.cagr_estimate(f.value, f.kind, f.strict, l_.value, l_.kind, l_.strict, float(years)))


def _series_parts(series: Any) -> Tuple[List[int], List[float], List[str]]:
    """Years, values and qualifiers of a series given as a DataFrame with ``value`` (and
    ``qualifier``) columns indexed by year, a pandas Series indexed by year, or a dict."""
    if isinstance(series, pd.DataFrame):
        if "value" not in series.columns:
            raise ValueError("a series DataFrame needs a 'value' column (and optionally 'qualifier')")
        years = [int(y) for y in series.index]
        values = [float(v) for v in series["value"]]
        quals = [str(q) for q in series["qualifier"]] if "qualifier" in series.columns else ["exact"] * len(years)
        return years, values, quals
    if isinstance(series, pd.Series):
        return [int(y) for y in series.index], [float(v) for v in series.values], ["exact"] * len(series)
    if isinstance(series, Mapping):
        items = sorted(series.items())
        return [int(k) for k, _ in items], [float(v) for _, v in items], ["exact"] * len(items)
    raise TypeError(f"expected a series (DataFrame, Series or dict by year), got {type(series).__name__}")


def _series_frame(d: Mapping[str, Any]) -> pd.DataFrame:
    df = pd.DataFrame(
        {"value": _col(d["values"], "float64"), "qualifier": _col(d["qualifiers"], "object")},
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
    ``value`` and ``qualifier`` (``exact``, ``more_than``, ``at_least``, ``about``)."""
    d = _dataset(ds)
    return _series_frame(_a.series_from_indicators(d, key, territory or "", breakdown or ""))


def growth(series: Any, from_year: int, to_year: int) -> Estimate:
    """CAGR between two years of a series (see :func:`indicator_series`), keeping bounds."""
    years, values, quals = _series_parts(series)
    return Estimate._from(_a.growth(years, values, quals, int(from_year), int(to_year))["rate"])


def year_on_year(series: Any) -> pd.DataFrame:
    """Change from each point of a series to the next one present: columns ``from_year``,
    ``to_year``, ``years`` (the gap), ``from``, ``to``, ``absolute``, ``relative`` (not
    annualised) and ``kind``/``strict`` saying whether the change is exact or a bound."""
    years, values, quals = _series_parts(series)
    rows = _a.year_on_year(years, values, quals)
    return pd.DataFrame(
        {
            "from_year": [r["from_year"] for r in rows],
            "to_year": [r["to_year"] for r in rows],
            "years": [r["years"] for r in rows],
            "from": [r["from"]["value"] for r in rows],
            "to": [r["to"]["value"] for r in rows],
            "absolute": [r["absolute"]["value"] for r in rows],
            "relative": [r["relative"]["value"] for r in rows],
            "kind": [r["relative"]["kind"] for r in rows],
            "strict": [r["relative"]["strict"] for r in rows],
        }
    )


# ---------------------------------------------------------------- filters


_FILTER_ALIASES = {
    "year": "years",
    "programme_kind": "programme_kinds",
    "programme": "programmes",
    "operator": "operators",
    "competition": "competitions",
    "municipality": "municipalities",
    "direction": "directions",
    "status": "statuses",
}
_FILTER_KEYS = set(_FILTER_ALIASES.values()) | {"applicant_type"}


def _filters(kwargs: Mapping[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for name, value in kwargs.items():
        key = _FILTER_ALIASES.get(name, name)
        if key not in _FILTER_KEYS:
            allowed = ", ".join(sorted(_FILTER_KEYS | set(_FILTER_ALIASES)))
            raise TypeError(f"unknown filter {name!r} (filters: {allowed})")
        if value is None:
            continue
        if key == "applicant_type":
            out[key] = str(value)
            continue
        items = [value] if isinstance(value, (str, int, np.integer)) else list(value)
        if key in out:
            raise TypeError(f"filter {key!r} given twice")
        out[key] = [int(v) for v in items] if key == "years" else [str(v) for v in items]
    return out


def _by(by: Union[str, Sequence[str], None]) -> List[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return [str(b) for b in by]


# ---------------------------------------------------------------- series from records


def application_series(
    ds: Any, measure: str = "winners", *, by: Optional[str] = None, **filters: Any
) -> pd.DataFrame:
    """A yearly series of ``measure`` (one of :data:`MEASURES`; money in RUB) over the
    applications passing the filters: a DataFrame indexed by ``year`` with one column named
    after the measure, or one column per value of ``by`` (names in ``attrs["labels"]``)."""
    d = _dataset(ds)
    f = _filters(filters)
    if by is None:
        s = _a.application_series(d, measure, f)
        return pd.DataFrame({measure: _col(s["values"], "float64")},
                            index=pd.Index(s["years"], name="year", dtype="int64"))
    parts = _a.application_series_by(d, measure, by, f)
    cols = {p["key"]: pd.Series(p["values"], index=pd.Index(p["years"], dtype="int64"), dtype="float64") for p in parts}
    df = pd.DataFrame(cols)
    df.index.name = "year"
    df = df.sort_index()
    if measure != "success_rate":
        df = df.fillna(0.0)
    df.columns.name = by
    df.attrs["labels"] = {p["key"]: p["label"] for p in parts}
    return df


# ---------------------------------------------------------------- trends


class TrendFit:
    """A least-squares trend ``value = a + b·year`` (``linear``) or ``ln value = a + b·year``
    (``exponential``). Made by :func:`fit_trend`.

    ``params`` and ``stderr`` are Series indexed ``intercept``, ``slope``; ``r2`` is on the
    fitted scale (the logarithms for exponential trends); ``predict()`` gives forecasts with
    prediction intervals from Student's t distribution.
    """

    def __init__(self, core: Any) -> None:
        self._fit = core

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
        ys = [float(y) for y in np.atleast_1d(np.asarray(years, dtype="float64"))]
        r = self._fit.predict(ys, float(level), interval)
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


def fit_trend(
    years: Any, values: Any = None, model: str = "linear", *, qualifiers: Optional[Sequence[str]] = None
) -> TrendFit:
    """Fits a ``linear`` or ``exponential`` trend by least squares.

    Pass ``years`` and ``values`` as sequences, or a series alone (a DataFrame from
    :func:`indicator_series`, whose ``qualifier`` column is kept, or a pandas Series indexed
    by year). ``qualifiers`` marks values that are bounds (``more_than`` etc.).
    """
    if values is None:
        ys, vs, qs = _series_parts(years)
        xs: List[float] = [float(y) for y in ys]
        quals: List[str] = qs if qualifiers is None else [str(q) for q in qualifiers]
    else:
        xs = [float(y) for y in np.asarray(years, dtype="float64")]
        vs = [float(v) for v in np.asarray(values, dtype="float64")]
        quals = [] if qualifiers is None else [str(q) for q in qualifiers]
    return TrendFit(_a.fit_trend(xs, vs, model, quals))


def student_t_quantile(p: float, dof: float) -> float:
    """The quantile of Student's t distribution (civica's own implementation)."""
    return float(_a.student_t_quantile(float(p), float(dof)))


# ---------------------------------------------------------------- rates, concentration, ranks


def wilson_interval(successes: Any, trials: Any, level: float = 0.95) -> Any:
    """The Wilson score interval of ``successes / trials``: an :class:`Interval`
    ``(estimate, lower, upper)``; with arrays, a DataFrame with those columns."""
    if np.ndim(successes) == 0 and np.ndim(trials) == 0:
        r = _a.wilson_interval(int(np.asarray(successes)), int(np.asarray(trials)), float(level))
        return Interval(r["estimate"], r["lower"], r["upper"])
    k = np.asarray(successes)
    n = np.asarray(trials)
    k, n = np.broadcast_arrays(k, n)
    rows = [_a.wilson_interval(int(a), int(b), float(level)) for a, b in zip(k.ravel(), n.ravel())]
    return pd.DataFrame({c: [r[c] for r in rows] for c in ("successes", "trials", "estimate", "lower", "upper")})


def difference_of_proportions(
    successes1: int, trials1: int, successes2: int, trials2: int, level: float = 0.95
) -> Interval:
    """``p1 - p2`` with Newcombe's hybrid score interval (from two Wilson intervals)."""
    r = _a.difference_of_proportions(int(successes1), int(trials1), int(successes2), int(trials2), float(level))
    return Interval(r["estimate"], r["lower"], r["upper"])


def _values(values: Any) -> List[float]:
    return [float(v) for v in np.asarray(values, dtype="float64").ravel()]


def hhi(values: Any) -> float:
    """Herfindahl–Hirschman index Σ sᵢ² of the shares, between 1/n and 1 (× 10 000 for
    antitrust points); NaN when empty or all zero."""
    return float(_a.hhi(_values(values)))


def gini(values: Any) -> float:
    """Gini coefficient Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄): 0 when equal, (n − 1)/n when one holds all;
    0 for one value; NaN when empty or all zero."""
    return float(_a.gini(_values(values)))


def top_share(values: Any, k: int) -> float:
    """Share of the total held by the ``k`` largest values."""
    return float(_a.top_share(_values(values), int(k)))


def lorenz_curve(values: Any) -> pd.DataFrame:
    """The Lorenz curve: columns ``population_share`` and ``value_share``, from (0, 0) to (1, 1)."""
    p, s = _a.lorenz_curve(_values(values))
    return pd.DataFrame({"population_share": p, "value_share": s})


def rank(values: Any, method: str = "min", *, ascending: bool = False) -> np.ndarray:
    """Ranks of ``values``: 1 for the largest (``ascending=True``: the smallest), ties by
    ``method`` — ``min`` (1 2 2 4), ``dense`` (1 2 2 3), ``max``, ``average``, ``ordinal`` — as in
    ``scipy.stats.rankdata``. NaN values get a NaN rank."""
    return np.asarray(_a.rank(_values(values), method, not ascending), dtype="float64")


# ---------------------------------------------------------------- dataset analyses


def _key_columns(by: List[str], keys: List[List[str]], labels: List[List[str]]) -> Dict[str, List[str]]:
    cols: Dict[str, List[str]] = {}
    for i, dim in enumerate(by):
        cols[dim] = [k[i] for k in keys]
        if dim in _NAMED:
            cols[f"{dim}_name"] = [lab[i] for lab in labels]
    if "year" in cols:
        cols["year"] = [int(y) for y in cols["year"]]  # type: ignore[misc]
    return cols


def group_applications(
    ds: Any,
    by: Union[str, Sequence[str], None] = None,
    *,
    first_row: int = 0,
    last_row: Optional[int] = None,
    **filters: Any,
) -> pd.DataFrame:
    """Integer totals of the applications in rows ``[first_row, last_row)`` passing the filters,
    grouped by ``by``: counts and kopeck sums (exact; partial results add up to the whole)."""
    d = _dataset(ds)
    dims = _by(by)
    r = _a.group_applications(d, dims, _filters(filters), int(first_row), 2**63 - 1 if last_row is None else int(last_row))
    cols: Dict[str, Any] = _key_columns(dims, r["keys"], r["labels"])
    for c in ("applications", "decided", "winners", "rejected", "withdrawn", "applicants", "winning_applicants",
              "requested_kopecks", "winners_requested_kopecks", "awarded_kopecks"):
        cols[c] = _col(r[c], "int64")
    return pd.DataFrame(cols)


def grant_outcomes(
    ds: Any, by: Union[str, Sequence[str], None] = ("year",), *, level: float = 0.95, **filters: Any
) -> pd.DataFrame:
    """Applications, winners, success rate with its Wilson interval, requested and awarded
    money (RUB), mean and median grant, per group of ``by``.

    When the groups are municipalities (or the filter names one municipality) the table also
    has ``population``, ``population_year`` (the year of that figure: the group's year or the
    nearest earlier one) and ``awarded_per_capita_rub``. The success rate is winners out of the
    applications that were not withdrawn. ``attrs["total"]`` holds the totals over all groups.
    """
    d = _dataset(ds)
    dims = _by(by)
    f = _filters(filters)
    r = _a.grant_outcomes(d, dims, f, float(level))
    cols: Dict[str, Any] = _key_columns(dims, r["keys"], r["labels"])
    cols.update(
        {
            "applications": _col(r["applications"], "int64"),
            "decided": _col(r["decided"], "int64"),
            "winners": _col(r["winners"], "int64"),
            "success_rate": _col(r["success_rate"], "float64"),
            "success_lower": _col(r["success_lower"], "float64"),
            "success_upper": _col(r["success_upper"], "float64"),
            "applicants": _col(r["applicants"], "int64"),
            "winning_applicants": _col(r["winning_applicants"], "int64"),
            "requested_rub": _col(r["requested_rub"], "float64"),
            "awarded_rub": _col(r["awarded_rub"], "float64"),
            "awarded_share_of_requested": _col(r["awarded_share_of_requested"], "float64"),
            "mean_grant_rub": _col(r["mean_grant_rub"], "float64"),
            "median_grant_rub": _col(r["median_grant_rub"], "float64"),
        }
    )
    if "municipality" in dims or len(f.get("municipalities", [])) == 1:
        cols["population"] = _col(r["population"], "Int64")
        cols["population_year"] = _col([y if y else None for y in r["population_year"]], "Int64")
        cols["awarded_per_capita_rub"] = _col(r["awarded_per_capita_rub"], "float64")
    df = pd.DataFrame(cols)
    total = r["total"]
    df.attrs["level"] = float(level)
    df.attrs["total"] = {
        k: total[k][0] if total[k] else None
        for k in ("applications", "decided", "winners", "success_rate", "success_lower", "success_upper",
                  "requested_rub", "awarded_rub", "mean_grant_rub", "median_grant_rub")
    }
    return df


def ranking(
    ds: Any,
    by: str = "municipality",
    measure: str = "winners",
    *,
    method: str = "min",
    per_capita: bool = False,
    **filters: Any,
) -> pd.DataFrame:
    """Ranks the values of ``by`` (municipalities include every municipality of the dataset,
    with 0 where nothing passed the filters) by ``measure``: columns ``rank``, ``key``,
    ``name``, ``value`` (per resident when ``per_capita``, with ``population`` and the
    ``population_year`` used). Sorted by rank; ``attrs["leaders"]`` lists the keys ranked
    first, ``attrs["margin"]`` the leader's lead over the runner-up (0 when tied)."""
    d = _dataset(ds)
    r = _a.rank_by(d, by, measure, _filters(filters), method, bool(per_capita))
    cols: Dict[str, Any] = {
        "rank": _col(r["ranks"], "float64"),
        "key": r["keys"],
        "name": r["labels"],
        "value": _col(r["values"], "float64"),
    }
    if per_capita:
        cols["population"] = _col(r["population"], "Int64")
        cols["population_year"] = _col([y if y else None for y in r["population_year"]], "Int64")
    df = pd.DataFrame(cols)
    if method != "average" and df["rank"].notna().all():
        df["rank"] = df["rank"].astype("int64")
    df.attrs.update({"by": by, "measure": measure, "per_capita": bool(per_capita), "method": method,
                     "leaders": list(r["leaders"]), "margin": float(r["margin"])})
    return df


def recipient_concentration(ds: Any, *, top_k: Iterable[int] = (1, 5, 10), **filters: Any) -> pd.Series:
    """How concentrated awarded money is among recipients: ``recipients``, ``awarded_rub``,
    ``hhi``, ``gini`` and ``top_<k>_share``. ``attrs["amounts"]`` maps each recipient
    (``organization:<id>`` / ``person:<id>``) to what it received, largest first."""
    d = _dataset(ds)
    ks = [int(k) for k in top_k]
    r = _a.recipient_concentration(d, _filters(filters), ks)
    data: Dict[str, float] = {"recipients": float(r["recipients"]), "awarded_rub": r["awarded_rub"],
                              "hhi": r["hhi"], "gini": r["gini"]}
    for k, s in zip(r["top_k"], r["top_shares"]):
        data[f"top_{k}_share"] = s
    out = pd.Series(data, dtype="float64")
    out.attrs["amounts"] = dict(zip(r["recipient_keys"], r["recipient_amounts_rub"]))
    return out


def winners_over_time(ds: Any, **filters: Any) -> pd.DataFrame:
    """Distinct winners per year, first-time and returning ones, and money awarded:
    indexed by ``year``; ``attrs["repeat_winners"]`` lists recipients winning in 2+ years,
    ``attrs["distinct_winners"]`` counts all."""
    d = _dataset(ds)
    r = _a.winners_over_time(d, _filters(filters))
    df = pd.DataFrame(
        {"winners": _col(r["winners"], "int64"), "first_time": _col(r["first_time"], "int64"),
         "returning": _col(r["returning"], "int64"), "awarded_rub": _col(r["awarded_rub"], "float64")},
    )
    df.index = pd.Index(r["year"], name="year", dtype="int64")
    df.attrs["repeat_winners"] = list(r["repeat_winners"])
    df.attrs["distinct_winners"] = int(r["distinct_winners"])
    return df


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def council_activity(ds: Any, year: int, *, territory: Optional[str] = None) -> pd.DataFrame:
    """Activity of the collegial public bodies of a territory in ``year``, one row per body
    (indexed by body id): ``name``, ``kind``, ``meetings``, ``agenda_questions``,
    ``questions_per_meeting``, ``topics``, ``renewed`` (a membership term started in the year)
    and meetings per month (``jan`` … ``dec``).

    ``attrs["total"]`` has the totals (``collegial_bodies``, ``public_councils``,
    ``meetings``, ``agenda_questions``, ``questions_per_meeting``, ``topics``,
    ``bodies_without_meetings``, ``renewed_bodies``, ``meetings_by_month``,
    ``questions_by_topic``): those of the collegial public bodies (public councils and public
    chambers); ``other_meetings`` and ``other_agenda_questions`` are those of bodies of kind
    ``other`` (docs/analysis.md, "Definitions")."""
    d = _dataset(ds)
    r = _a.council_activity(d, int(year), territory or "")
    bodies = r["bodies"]
    cols: Dict[str, Any] = {
        "name": [b["name"] for b in bodies],
        "kind": [b["kind"] for b in bodies],
        "meetings": _col([b["meetings"] for b in bodies], "int64"),
        "agenda_questions": _col([b["agenda_questions"] for b in bodies], "int64"),
        "questions_per_meeting": _col([b["questions_per_meeting"] for b in bodies], "float64"),
        "topics": _col([b["topics"] for b in bodies], "int64"),
        "renewed": _col([bool(b["terms_started"]) for b in bodies], "bool"),
    }
    for i, m in enumerate(_MONTHS):
        cols[m] = _col([b["meetings_by_month"][i] for b in bodies], "int64")
    df = pd.DataFrame(cols, index=pd.Index([b["id"] for b in bodies], name="body"))
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


def ngo_registry(
    ds: Any, year: int, *, by: str = "legal_form", territory: Optional[str] = None
) -> pd.DataFrame:
    """The NGOs of a territory (non-profit organisations registered by the end of ``year``)
    counted ``by`` ``legal_form`` (ОКОПФ), ``sphere`` or ``municipality``: columns ``key``,
    ``name``, ``count``, ``share``. ``attrs["total"]`` has ``organizations``,
    ``socially_oriented`` (and its share), ``public_associations``, ``tos``,
    ``volunteer_associations``; ``attrs["registrations_by_year"]`` the registrations per year.
    ``territory="*"`` takes every municipality."""
    if by not in ("legal_form", "sphere", "municipality"):
        raise ValueError(f"by={by!r}: use 'legal_form', 'sphere' or 'municipality'")
    d = _dataset(ds)
    r = _a.ngo_registry(d, int(year), territory or "")
    rows = r[f"by_{by}"]
    total = r["organizations"]
    df = pd.DataFrame(
        {"key": [k for k, _, _ in rows], "name": [n for _, n, _ in rows],
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
    ``attrs["total"]`` has ``participants``, ``participants_per_course``, ``ngos_trained``
    (distinct organisations with a completed enrolment), ``registry_size`` and the share of the
    NGO registry reached with its Wilson interval."""
    d = _dataset(ds)
    r = _a.training_activity(d, int(year), territory or "", float(level))
    cs = r["courses"]
    df = pd.DataFrame(
        {
            "title": [c["title"] for c in cs],
            "format": [c["format"] for c in cs],
            "start": [c["start"] for c in cs],
            "end": [c["end"] for c in cs],
            **{k: _col([c[k] for c in cs], "int64")
               for k in ("enrolments", "organizations", "persons", "participants", "completed_enrolments",
                         "completed_participants")},
        },
        index=pd.Index([c["id"] for c in cs], name="course"),
    )
    reach = r["registry_reached"]
    df.attrs["year"] = int(year)
    df.attrs["total"] = {
        "courses": len(cs),
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


def support_activity(ds: Any, year: int) -> pd.DataFrame:
    """Resource-centre services of ``year`` by kind (rows) and recipient type (columns
    ``organization``, ``person``, ``total``). ``attrs`` has ``services``,
    ``organizations_served``, ``persons_served`` and ``by_month`` (12 counts)."""
    d = _dataset(ds)
    r = _a.support_activity(d, int(year))
    grid = np.asarray(r["by_kind_and_recipient"], dtype="int64")
    df = pd.DataFrame({"organization": grid[:, 0], "person": grid[:, 1]}, index=pd.Index(r["kinds"], name="kind"))
    df["total"] = df["organization"] + df["person"]
    df.attrs.update({"year": int(year), "services": r["services"], "organizations_served": r["organizations_served"],
                     "persons_served": r["persons_served"], "by_month": list(r["by_month"])})
    return df


def monitoring_activity(ds: Any, year: Optional[int] = None, *, level: float = 0.95) -> pd.Series:
    """Monitoring of supported projects (in ``year``, or all years): ``records``, ``projects``,
    ``completed_share`` (latest status "completed") with its Wilson interval, and scores
    (``mean_score``, ``median_score``, ``min_score``, ``max_score`` over each project's latest
    score). ``attrs["by_status"]`` counts projects by latest status."""
    d = _dataset(ds)
    r = _a.monitoring_activity(d, int(year or 0), float(level))
    c = r["completed"]
    out = pd.Series(
        {"records": r["records"], "projects": r["projects"], "completed": c["successes"],
         "completed_share": c["estimate"], "completed_lower": c["lower"], "completed_upper": c["upper"],
         "scored_projects": r["scored_projects"], "mean_score": r["mean_score"], "median_score": r["median_score"],
         "min_score": r["min_score"], "max_score": r["max_score"]},
        dtype="float64",
    )
    out.attrs["by_status"] = {k: int(n) for k, n in r["by_status"]}
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
    r = _a.training_funnel(d, _filters(filters), territory or "", float(level))

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


def compute_indicator(
    ds: Any, key: str, year: int, *, territory: Optional[str] = None, breakdown: Optional[str] = None
) -> Optional[float]:
    """The value of an indicator key computed from the dataset's records, or None when the
    records do not allow it (see :func:`reconcile`)."""
    d = _dataset(ds)
    r = _a.compute_indicator(d, key, int(year), territory or "", breakdown or "")
    return None if r is None else float(r["value"])


def reconcile(ds: Any, published: Any = None) -> pd.DataFrame:
    """Every published figure of ``published`` (default: ``ds`` itself) against the same figure
    computed from the records of ``ds``: columns ``key``, ``year``, ``territory``,
    ``breakdown``, ``published``, ``qualifier``, ``computed``, ``verdict`` (``agrees``,
    ``consistent_with_bound``, ``contradicts``, ``not_computable``), ``rule`` (the test, with
    the numbers) and ``basis`` (what was counted). ``attrs["consistent"]`` is True when nothing
    is contradicted."""
    d = _dataset(ds)
    p = d if published is None else _dataset(published)
    items = _a.reconcile(d, p)
    cols = ("key", "year", "territory", "breakdown", "published", "qualifier", "computed", "unit", "verdict", "rule",
            "basis")
    df = pd.DataFrame({c: [i[c] for i in items] for c in cols}, columns=list(cols))
    df["year"] = df["year"].astype("int64")
    df["published"] = df["published"].astype("float64")
    df["computed"] = pd.to_numeric(df["computed"], errors="coerce").astype("float64")
    df.attrs["consistent"] = bool((df["verdict"] != "contradicts").all())
    return df
