"""civica.plot: matplotlib charts of civica's analyses.

Every function draws on ``ax`` (a new figure's axes when omitted), returns the Axes and never
calls ``show()``, so it fits notebooks, scripts and reports alike.

    >>> from civica import analysis, plot
    >>> fit = analysis.fit_trend([2017, 2018, 2019, 2020], [7, 15, 31, 52])   # doctest: +SKIP
    >>> ax = plot.trend(fit, forecast_to=2023)                                 # doctest: +SKIP

Bounds are drawn as bounds: a value published as "более 300" is an upward triangle, and a
forecast that is only a lower bound is labelled so.
"""

from __future__ import annotations

import textwrap
from typing import Any, Optional, Sequence

import numpy as np
import pandas as pd

from . import _core, analysis
from ._whole import SIZE, real_number, whole_number

__all__ = ["trend", "ranking", "lorenz", "council_activity"]

_MONTH_LABELS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_LABEL_WIDTH = 40  # characters of a ranking's label line ("11. University of Oxford. The …")
_MARKERS = {"exact": "o", "more_than": "^", "at_least": "^", "about": "D"}


_PER_RESIDENT = " per resident"


def _money_currency(attrs: Any) -> Optional[str]:
    """The currency of an analysis result whose values are money in hundredths of it (its
    ``attrs["unit"]`` is "1/100 GBP", or "1/100 GBP per resident" for a ranking per capita),
    drawn in whole units; None for other values."""
    unit = str((attrs or {}).get("unit", ""))
    if unit.endswith(_PER_RESIDENT):
        unit = unit[: -len(_PER_RESIDENT)]
    return unit[len("1/100 "):] if unit.startswith("1/100 ") else None


def _result_of(table: Any, function: str, producer: str, needed: Sequence[str], example: str) -> pd.DataFrame:
    """``table`` when it is the DataFrame of ``producer`` (it has the columns ``needed``), for
    plot.``function`` to draw; otherwise TypeError (not a DataFrame) or ValueError naming the
    columns it lacks, those it has, and the call (``example``) that makes the table wanted."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"plot.{function} needs the DataFrame of civica.analysis.{producer}, got "
                        f"{type(table).__name__}")
    lacking = [c for c in needed if c not in table.columns]
    if lacking:
        columns = ", ".join(map(str, table.columns)) or "none"
        raise ValueError(
            f"plot.{function} needs a civica.analysis.{producer} result (columns {', '.join(needed)}); "
            f"this table has no {', '.join(lacking)} (its columns: {columns}). "
            f"Make it first, e.g. {example}")
    return table


def _axes(ax: Any, layout: Optional[str] = None) -> Any:
    """``ax``, or the axes of a new figure (with the ``layout`` engine, e.g. "constrained")."""
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise _core.CivicaError("civica.plot draws with matplotlib: pip install 'civica[plot]'") from e

    _, ax = plt.subplots(layout=layout)
    return ax


def trend(
    fit_or_series: Any,
    *,
    model: str = "linear",
    forecast_to: Optional[float] = None,
    level: float = 0.95,
    ax: Any = None,
    label: Optional[str] = None,
    title: Optional[str] = None,
) -> Any:
    """The observed values, the fitted trend and its prediction band at ``level``.

    ``fit_or_series`` is a :class:`civica.analysis.TrendFit` or a series (a DataFrame from
    ``analysis.indicator_series`` — bounds are drawn as triangles — or a pandas Series by year),
    fitted with ``model``. The line runs to ``forecast_to`` (default: the last year + 3).
    Money of ``analysis.application_series`` — the series or a TrendFit of it, whose ``attrs``
    keep the unit — is drawn in whole units of its currency, named on the axis
    ("awarded, GBP").
    """
    # A fit keeps its series' attrs and which values are bounds.
    fit = fit_or_series if isinstance(fit_or_series, analysis.TrendFit) else analysis.fit_trend(fit_or_series, model=model)
    qualifiers: Sequence[str] = fit.qualifiers
    attrs = fit.attrs
    unit = str(attrs.get("unit", ""))
    # Money of analysis.application_series is in hundredths of its currency: the points, the
    # line and the band are all drawn in whole units (a linear or exponential trend fitted to
    # values / 100 is the same trend / 100, its intervals too).
    currency = _money_currency(attrs)
    per_unit = 100.0 if currency else 1.0
    if currency:
        unit = currency
    years, values = fit.years, fit.values / per_unit
    last = float(np.max(years))
    end = real_number(forecast_to, "forecast_to", where="trend") if forecast_to is not None else last + 3
    grid = np.linspace(float(np.min(years)), max(end, last), 200)
    pred = fit.predict(grid, level)
    for col in ("mean", "lower", "upper"):
        pred[col] = pred[col] / per_unit
    band_label = f"{int(round(level * 100))}% prediction interval"
    # The fit, forecast_to and level are all checked (the prediction refuses a bad level) before
    # a figure is made: a refused call leaves no empty figure behind.
    ax = _axes(ax)
    if fit.dof > 0:
        ax.fill_between(grid, pred["lower"].to_numpy(), pred["upper"].to_numpy(), alpha=0.2, label=band_label)
    ax.plot(grid, pred["mean"].to_numpy(), label=f"{fit.model} trend")
    for q in sorted(set(qualifiers)):
        mask = np.array([qq == q for qq in qualifiers])
        name = label or "observed"
        if q != "exact":
            name = f"{name} ({q.replace('_', ' ')}: a bound)"
        ax.plot(years[mask], values[mask], linestyle="none", marker=_MARKERS.get(q, "o"), label=name)
    kinds = set(pred["kind"]) - {"exact"}
    if kinds:
        ax.text(0.01, 0.01, "trend from bounded values: " + ", ".join(sorted(k.replace("_", " ") for k in kinds)),
                transform=ax.transAxes, fontsize="small", va="bottom")
    ax.set_xlabel("year")
    if unit:  # a series of analysis.application_series names what it counts
        ax.set_ylabel(f"{attrs.get('name', 'value')}, {unit}")
    ax.legend(loc="best")
    if title:
        ax.set_title(title)
    return ax


def _ranking_label(rank: Any, name: Any) -> str:
    """ "1. Сургут"; a label longer than _LABEL_WIDTH characters wrapped at spaces."""
    text = f"{int(rank) if float(rank).is_integer() else rank}. {name}"
    if len(text) <= _LABEL_WIDTH:
        return text
    return textwrap.fill(text, _LABEL_WIDTH, break_on_hyphens=False)


def ranking(
    table: pd.DataFrame,
    *,
    top: Optional[int] = None,
    ax: Any = None,
    title: Optional[str] = None,
) -> Any:
    """A horizontal bar chart of a ranking from ``analysis.ranking`` (best at the top, the
    leaders highlighted, ranks in the labels); ``top`` keeps the first rows. Money is drawn in
    whole units of its currency, named on the axis ("awarded, GBP").

    Labels are "rank. name", one longer than 40 characters wrapped at spaces onto more lines. A new
    figure is made with matplotlib's constrained layout, so the labels fit in it; a given ``ax``
    is drawn on and its figure's layout left as it is (lay it out yourself, e.g.
    ``fig.set_layout_engine("constrained")`` or ``savefig(..., bbox_inches="tight")``).
    A table that is not a ranking (no ``rank``, ``key``, ``name``, ``value`` columns, e.g.
    ``analysis.grant_outcomes``): ValueError."""
    _result_of(table, "ranking", "ranking", ["rank", "key", "name", "value"],
               'civica.analysis.ranking(ds, "municipality", "winners")')
    if top is not None:
        top = whole_number(top, "top", SIZE, where="plot.ranking")
    ax = _axes(ax, layout="constrained")
    df = table.dropna(subset=["rank"])
    if top is not None:
        df = df.head(top)
    labels = [_ranking_label(r, n) for r, n in zip(df["rank"], df["name"])]
    y = np.arange(len(df))[::-1]
    if "leader_kinds" in table.attrs and "applicant_kind" in df.columns:
        # By applicant an organisation and a person may share an id: a leader is the pair.
        pairs = set(zip(table.attrs.get("leaders", []), table.attrs["leader_kinds"]))
        colors = ["C1" if p in pairs else "C0" for p in zip(df["key"], df["applicant_kind"])]
    else:
        leaders = set(table.attrs.get("leaders", []))
        colors = ["C1" if k in leaders else "C0" for k in df["key"]]
    values = df["value"].to_numpy(dtype="float64")
    currency = _money_currency(table.attrs)  # hundredths of it: drawn in whole units
    ax.barh(y, values / 100 if currency else values, color=colors)
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    measure = table.attrs.get("measure", "value")
    per_resident = bool(table.attrs.get("per_capita")) or str(table.attrs.get("unit", "")).endswith(_PER_RESIDENT)
    ax.set_xlabel(measure + (f", {currency}" if currency else "") + (_PER_RESIDENT if per_resident else ""))
    if title:
        ax.set_title(title)
    return ax


def lorenz(values: Any, *, ax: Any = None, label: Optional[str] = None, title: Optional[str] = None) -> Any:
    """The Lorenz curve of amounts (e.g. money per recipient), with the line of equality and
    the Gini coefficient in the legend. ``values`` may be a Dataset or the Series returned by
    ``analysis.recipient_concentration`` (its ``attrs["amounts"]`` are used)."""
    amounts = analysis._values(values)  # one distribution, as analysis.lorenz_curve takes it
    curve = analysis.lorenz_curve(amounts)
    g = analysis.gini(amounts) if amounts else float("nan")
    ax = _axes(ax)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="equality")
    ax.plot(curve["population_share"], curve["value_share"], label=f"{label or 'Lorenz curve'} (Gini {g:.2f})")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("share of recipients (smallest first)")
    ax.set_ylabel("share of the amount")
    ax.legend(loc="upper left")
    if title:
        ax.set_title(title)
    return ax


def council_activity(
    activity: Any, year: Optional[int] = None, *, ax: Any = None, title: Optional[str] = None
) -> Any:
    """Meetings of the collegial public bodies by month, stacked by kind of body.

    ``activity`` is the DataFrame from ``analysis.council_activity`` or a dataset (then
    ``year`` is required). Another table (no ``kind`` and month columns, e.g.
    ``analysis.grant_outcomes``): ValueError, and nothing is drawn."""
    months = [m.lower() for m in _MONTH_LABELS]
    if not isinstance(activity, pd.DataFrame):
        if year is None:
            raise ValueError("council_activity(dataset, year): the year is required with a dataset")
        activity = analysis.council_activity(activity, year)
    _result_of(activity, "council_activity", "council_activity", ["kind", *months],
               "civica.analysis.council_activity(ds, 2020)")
    ax = _axes(ax)
    x = np.arange(12)
    bottom = np.zeros(12)
    for kind, part in activity.groupby("kind", sort=True):
        counts = part[months].sum(axis=0).to_numpy(dtype="float64")
        ax.bar(x, counts, bottom=bottom, label=str(kind).replace("_", " "))
        bottom += counts
    ax.set_xticks(x)
    ax.set_xticklabels(_MONTH_LABELS)
    ax.set_ylabel("meetings")
    total = activity.attrs.get("total", {})
    yr = activity.attrs.get("year", year)
    ax.set_title(title or f"Meetings in {yr}: {int(total.get('meetings', bottom.sum()))}")
    ax.legend(loc="upper left")
    return ax
