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
    # A negative top is refused (pandas' head(-1) would drop the last row without a word).
    with pytest.raises(civica.ValidationError, match="top must be a whole number from 0 to .*, not -1"):
        plot.ranking(r, top=-1)


def test_ranking_highlights_the_leading_applicant_not_every_row_of_its_id() -> None:
    """An organisation "x" (100 000 + 1 RUB) and a person "x" (100 000): only the organisation
    leads, so only its bar stands out."""
    from conftest import one_competition

    ds = one_competition()
    ds.add(civica.Organization(id="x", full_name="НКО Икс", municipality="m"))
    ds.add(civica.Person(id="x", municipality="m", display_name="Житель Икс"))
    for i, (kind, rub) in enumerate([("organization", 100000), ("person", 100000), ("organization", 1)]):
        ds.add(civica.Application(id=f"a{i}", competition="c", applicant_type=kind, applicant="x",
                                  requested=rub, status="winner", awarded=rub))
    r = A.ranking(ds, "applicant", "awarded")
    assert list(zip(r["key"], r["applicant_kind"])) == [("x", "organization"), ("x", "person")]
    bars = plot.ranking(r).patches
    assert bars[0].get_facecolor() != bars[1].get_facecolor()


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


@pytest.mark.parametrize("table", ["empty", "grant_outcomes", "without_kind"])
def test_council_activity_of_a_table_that_is_not_council_activity_says_so(km: civica.Dataset, table: str) -> None:
    # What plot.council_activity draws is the table of analysis.council_activity: its kind and
    # its twelve month columns. Any other table is refused with what it needs and how to make
    # it, and no figure is left behind.
    given = {"empty": lambda: pd.DataFrame(),
             "grant_outcomes": lambda: A.grant_outcomes(km, ["municipality"]),
             "without_kind": lambda: A.council_activity(km, 2020).drop(columns=["kind"])}[table]()
    figures = plt.get_fignums()
    with pytest.raises(ValueError, match=r"plot\.council_activity needs a civica\.analysis\.council_activity "
                                         r"result .*this table has no kind"):
        plot.council_activity(given)
    assert plt.get_fignums() == figures
    with pytest.raises(TypeError, match=r"plot\.ranking needs the DataFrame of civica\.analysis\.ranking, got list"):
        plot.ranking([1, 2])
    with pytest.raises(ValueError, match="'value' column"):  # not a series: refused before a figure is made
        plot.trend(given)
    with pytest.raises(TypeError, match="one distribution is needed"):
        plot.lorenz(given)
    assert plt.get_fignums() == figures


@pytest.mark.parametrize("level", [1.5, 0, 1, -0.1])
def test_trend_with_a_level_outside_0_1_is_refused_before_a_figure_is_made(level: float) -> None:
    # A prediction interval's level is a probability strictly between 0 and 1: another is a
    # ValidationError, and the refused call leaves no empty figure open.
    series = pd.Series([1.0, 2, 3, 5], index=[2018, 2019, 2020, 2021])
    figures = plt.get_fignums()
    with pytest.raises(civica.ValidationError, match="level"):
        plot.trend(series, level=level)
    assert plt.get_fignums() == figures
    with pytest.raises(civica.ValidationError, match="level"):
        plot.trend(A.fit_trend(series), level=level)
    assert plt.get_fignums() == figures


@pytest.mark.parametrize("bad", ["2023", True, None])
def test_trend_forecast_to_is_a_year_as_a_number(bad) -> None:
    # Text went through float(): forecast_to="2023" was taken as 2023.
    series = pd.Series([1.0, 2, 3, 5], index=[2018, 2019, 2020, 2021])
    figures = plt.get_fignums()
    if bad is None:  # the default: three years past the last
        ax = plot.trend(series, forecast_to=bad)
        assert ax.get_lines()[0].get_xdata()[-1] == 2024
        plt.close(ax.figure)
        return
    with pytest.raises(TypeError, match="trend: forecast_to must be a number, not"):
        plot.trend(series, forecast_to=bad)
    assert plt.get_fignums() == figures
    ax = plot.trend(series, forecast_to=np.int64(2023))
    assert ax.get_lines()[0].get_xdata()[-1] == 2023
    plt.close(ax.figure)


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


def _abct() -> civica.Dataset:
    from pathlib import Path

    data = Path(__file__).resolve().parents[1] / "data" / "threesixtygiving"
    return civica.io.read(data / "abct_grants_360G-ABCT.json")


def _band_y(ax: Axes) -> np.ndarray:
    band = next(c for c in ax.collections if isinstance(c, PolyCollection))
    return np.concatenate([p.vertices[:, 1] for p in band.get_paths()])


@pytest.mark.parametrize("model", ["linear", "exponential"])
def test_a_trend_fit_of_money_is_drawn_in_whole_units_like_its_series(model: str) -> None:
    # The pounds per year are summed here from the file's applications (pence / 100), and the
    # trend is fitted by hand with numpy: a fit of the series draws the same as the series.
    g = _abct()
    apps = g.applications.to_pandas()
    by_year = apps.assign(year=apps["decided"].dt.year).groupby("year")["awarded_kopecks"].sum()
    pounds = by_year[by_year.index < 2021] / 100
    s = A.application_series(g, "awarded")
    before = s[s.index < 2021]
    fit = A.fit_trend(before, model=model)

    years = pounds.index.to_numpy(dtype="float64")
    target = np.log(pounds.to_numpy()) if model == "exponential" else pounds.to_numpy()
    slope, intercept = np.polyfit(years, target, 1)

    for ax in (plot.trend(before, model=model), plot.trend(fit)):
        observed = next(ln for ln in ax.get_lines() if ln.get_label() == "observed")
        drawn_years = observed.get_xdata().astype(int)
        np.testing.assert_allclose(observed.get_ydata(), pounds.loc[drawn_years], rtol=1e-12)
        assert ax.get_ylabel() == "awarded, GBP"
        line = next(ln for ln in ax.get_lines() if ln.get_label() == f"{model} trend")
        x, y = line.get_data()
        by_hand = intercept + slope * np.asarray(x)
        expected = np.exp(by_hand) if model == "exponential" else by_hand
        np.testing.assert_allclose(y, expected, rtol=1e-6)
        # The prediction band is in pounds too: it lies around the line, within the same
        # order of magnitude as the pounds themselves (pence would be 100 times larger).
        band = _band_y(ax)
        assert np.all(np.isfinite(band))
        assert band.max() < 10 * pounds.max()
        assert band.min() <= y.min() and band.max() >= y.max()
    assert fit.attrs["unit"] == "1/100 GBP"  # the fit knows its values are pence


def test_a_linear_money_fit_has_its_prediction_band_in_whole_units() -> None:
    # The 95% prediction interval of a least-squares line worked out by hand, in pounds.
    g = _abct()
    s = A.application_series(g, "awarded")
    before = s[s.index < 2021]
    years = before.index.to_numpy(dtype="float64")
    pounds = before["value"].to_numpy() / 100
    n = len(years)
    slope, intercept = np.polyfit(years, pounds, 1)
    resid = pounds - (intercept + slope * years)
    sigma = np.sqrt(resid @ resid / (n - 2))
    t = A.student_t_quantile(0.975, n - 2)
    try:
        from scipy import stats

        t = float(stats.t.ppf(0.975, n - 2))
    except ImportError:  # civica's own quantile, checked in test_analysis
        pass
    ax = plot.trend(A.fit_trend(before), forecast_to=2023)
    x = next(ln for ln in ax.get_lines() if ln.get_label() == "linear trend").get_xdata()
    sxx = ((years - years.mean()) ** 2).sum()
    half = t * sigma * np.sqrt(1 + 1 / n + (x - years.mean()) ** 2 / sxx)
    mean = intercept + slope * x
    band = _band_y(ax)
    assert band.max() == pytest.approx((mean + half).max(), rel=1e-6)
    assert band.min() == pytest.approx((mean - half).min(), rel=1e-6)


def _labels_outside(ax: Axes) -> list:
    fig = ax.figure
    fig.canvas.draw()
    box = fig.bbox
    out = []
    for t in ax.get_yticklabels():
        e = t.get_window_extent()
        if e.x0 < box.x0 or e.x1 > box.x1 or e.y0 < box.y0 or e.y1 > box.y1:
            out.append(t.get_text())
    return out


def test_ranking_labels_fit_in_the_figure(km: civica.Dataset) -> None:
    assert matplotlib.get_backend().lower() == "agg"
    r = A.ranking(km, "municipality", "winners", year=2020)
    ax = plot.ranking(r)
    assert len(ax.get_yticklabels()) == len(r.dropna(subset=["rank"]))
    assert _labels_outside(ax) == []
    # Long organisation names: "11. University of Oxford. The Chancellor, Masters and
    # Scholars of the University of Oxford" (86 characters of name) is wrapped, kept whole.
    g = A.ranking(_abct(), "applicant", "awarded")
    ax = plot.ranking(g, top=12)
    assert _labels_outside(ax) == []
    texts = [t.get_text() for t in ax.get_yticklabels()]
    longest = max(g["name"].head(12), key=len)
    assert len(longest) > 80
    assert any(" ".join(t.split()).endswith(longest) for t in texts)


def test_ranking_leaves_a_given_axes_figure_layout_alone(km: civica.Dataset) -> None:
    fig, ax = plt.subplots()
    assert fig.get_layout_engine() is None
    assert plot.ranking(A.ranking(km, "municipality", "winners", year=2020), ax=ax) is ax
    assert fig.get_layout_engine() is None


def test_ranking_of_a_table_that_is_not_a_ranking_says_so(km: civica.Dataset) -> None:
    outcomes = A.grant_outcomes(km, ["municipality"])
    with pytest.raises(ValueError, match=r"civica\.analysis\.ranking"):
        plot.ranking(outcomes)


def test_a_fit_keeps_its_bounds_and_trend_draws_them_as_bounds() -> None:
    # plot.trend(fit) drew a published "more than 300" as an observed point: the fit had
    # forgotten which values were bounds, though its param_kinds knew.
    s = pd.DataFrame({"value": [250.0, 270.0, 300.0], "qualifier": ["exact", "exact", "more_than"]},
                     index=pd.Index([2018, 2019, 2020], name="year"))
    fit = A.fit_trend(s)
    assert fit.qualifiers == ["exact", "exact", "more_than"]
    assert A.fit_trend([2018, 2019], [1.0, 2.0]).qualifiers == ["exact", "exact"]
    ax = plot.trend(fit)
    bound = [ln for ln in ax.get_lines() if "bound" in str(ln.get_label())]
    assert len(bound) == 1 and bound[0].get_marker() == "^"
    np.testing.assert_array_equal(bound[0].get_ydata(), [300.0])
    points = next(ln for ln in ax.get_lines() if ln.get_label() == "observed")
    np.testing.assert_array_equal(points.get_ydata(), [250.0, 270.0])
