"""civica.plot draws what the analyses computed (checked on the figure objects, not pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

import civica  # noqa: E402
from civica import analysis as A  # noqa: E402
from civica import plot  # noqa: E402


@pytest.fixture(autouse=True)
def no_show(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("civica.plot must not call show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def km() -> civica.Dataset:
    return civica.synth.khanty_mansiysk_2020()


def test_trend_draws_points_line_and_band() -> None:
    years = [2016, 2017, 2018, 2019, 2020]
    values = [5.0, 7.0, 15.0, 31.0, 52.0]
    fit = A.fit_trend(years, values, "exponential")
    ax = plot.trend(fit, forecast_to=2023)
    assert isinstance(ax, Axes)
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "exponential trend")
    x, y = line.get_data()
    assert x[0] == 2016 and x[-1] == 2023
    np.testing.assert_allclose(y, fit.predict(x)["mean"].to_numpy(), rtol=1e-12)
    points = next(ln for ln in ax.get_lines() if ln.get_label() == "observed")
    np.testing.assert_array_equal(points.get_ydata(), values)


def test_trend_marks_bounds_as_bounds() -> None:
    s = pd.DataFrame({"value": [250.0, 270.0, 300.0], "qualifier": ["exact", "exact", "more_than"]},
                     index=pd.Index([2018, 2019, 2020], name="year"))
    ax = plot.trend(s)
    bound = [ln for ln in ax.get_lines() if "bound" in str(ln.get_label())]
    assert len(bound) == 1 and bound[0].get_marker() == "^"
    np.testing.assert_array_equal(bound[0].get_ydata(), [300.0])
    assert any("lower bound" in t.get_text() for t in ax.texts)


def test_ranking_bars_follow_the_ranking(km: civica.Dataset) -> None:
    r = A.ranking(km, "municipality", "winners", year=2020, programme_kind="governor_individual")
    ax = plot.ranking(r, top=5)
    bars = ax.patches
    assert len(bars) == 5
    widths = [b.get_width() for b in bars]
    assert widths == r["value"].head(5).tolist()
    assert bars[0].get_facecolor() != bars[1].get_facecolor()  # the leader stands out
    ticks = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels())))
    assert ticks[max(ticks)].startswith("1. Ханты-Мансийск")  # the best at the top


def test_lorenz_curve_and_gini(km: civica.Dataset) -> None:
    c = A.recipient_concentration(km, year=2020)
    ax = plot.lorenz(c)
    curve = next(ln for ln in ax.get_lines() if "Gini" in str(ln.get_label()))
    amounts = list(c.attrs["amounts"])  # each recipient's money, largest first
    lc = A.lorenz_curve(amounts)
    np.testing.assert_allclose(curve.get_ydata(), lc["value_share"])
    assert f"{c['gini']:.2f}" in curve.get_label()


def test_council_activity_by_month(km: civica.Dataset) -> None:
    activity = A.council_activity(km, 2020)
    ax = plot.council_activity(activity)
    assert sum(b.get_height() for b in ax.patches) == 59
    assert "59" in ax.get_title()
    _, ax2 = plt.subplots()
    assert plot.council_activity(km, 2020, ax=ax2) is ax2
    with pytest.raises(ValueError):
        plot.council_activity(km)


def test_money_is_drawn_in_whole_units_of_its_currency() -> None:
    # A UK funder's grants: the bars are pounds (the awarded pence / 100, summed here from the
    # file's applications), and the axes name the currency.
    from pathlib import Path

    g = civica.io.read(Path(__file__).resolve().parents[1] / "data" / "threesixtygiving" / "abct_grants_360G-ABCT.json")
    apps = g.applications.to_pandas()
    pounds = apps.groupby("applicant")["awarded_kopecks"].sum().sort_values(ascending=False) / 100
    ax = plot.ranking(A.ranking(g, "applicant", "awarded"), top=3)
    assert [b.get_width() for b in ax.patches] == pytest.approx(list(pounds.head(3)))
    assert ax.get_xlabel() == "awarded, GBP"
    series = A.application_series(g, "awarded")
    ax = plot.trend(series)
    assert ax.get_ylabel() == "awarded, GBP"
    observed = next(ln for ln in ax.get_lines() if ln.get_label() == "observed")
    by_year = apps.assign(year=apps["decided"].dt.year).groupby("year")["awarded_kopecks"].sum() / 100
    assert list(observed.get_ydata()) == pytest.approx(list(by_year.loc[list(observed.get_xdata())]))
