#pragma once
/// \file
/// Least-squares trend lines through yearly values: linear (value = a + b·year) and
/// exponential (ln value = a + b·year, i.e. value = e^a · (1 + g)^year with g = e^b − 1),
/// with standard errors, R², and forecasts with prediction intervals from Student's t.
///
///     auto fit = civica::analysis::fit_trend(series, civica::analysis::trend_model::exponential);
///     fit.annual_growth();                  // e^b − 1
///     auto f = fit.predict(2023, 0.95);     // f.mean, f.lower, f.upper
///
/// Bounds stay bounds: when some values of the series are bounds ("более 300"), each
/// coefficient and each forecast says whether it is a lower or upper bound (it is, when every
/// bounded value pushes it the same way), or unbounded; the interval around a bound is
/// computed as if the bound were the value and does not make the bound a value.

#include "civica/analysis/series.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace civica::analysis {

enum class trend_model : std::uint8_t {
    linear,       ///< value = a + b·year
    exponential,  ///< ln value = a + b·year (values must be positive)
};
std::string_view to_string(trend_model m);
/// "linear" or "exponential"; throws validation_error naming them (and the closest one).
trend_model parse_trend_model(std::string_view s);

/// Which interval a forecast carries.
enum class interval_kind : std::uint8_t {
    prediction,  ///< where a new observation of that year will fall (the default)
    confidence,  ///< where the trend line itself lies
};

/// A forecast (or a fitted value) for one year.
struct forecast {
    double year = 0;
    double mean = 0;    ///< the trend's value (for exponential: e^(a + b·year), the median)
    double lower = 0;   ///< interval bounds at `level`; NaN when the fit has no degrees of freedom
    double upper = 0;
    double level = 0.95;
    estimate_kind kind = estimate_kind::exact;  ///< what `mean` is, given bounded inputs
    bool strict = false;
};

/// The result of fit_trend.
class trend_fit {
public:
    trend_model model() const noexcept { return model_; }
    /// a in value = a + b·year (or ln value = a + b·year): the trend's value at year 0.
    double intercept() const noexcept { return intercept_; }
    /// b: the yearly change (linear) or the yearly change of the logarithm (exponential).
    double slope() const noexcept { return slope_; }
    double intercept_stderr() const noexcept { return intercept_se_; }
    double slope_stderr() const noexcept { return slope_se_; }
    /// Covariance matrix of (intercept, slope).
    const std::array<std::array<double, 2>, 2>& covariance() const noexcept { return cov_; }
    /// R² = 1 − SSR/SST on the fitted scale (the logarithms for exponential); NaN when all
    /// values are equal.
    double r2() const noexcept { return r2_; }
    /// s = √(SSR / (n − 2)) on the fitted scale; NaN when n = 2.
    double residual_stderr() const noexcept { return s_; }
    std::size_t n() const noexcept { return x_.size(); }
    /// Residual degrees of freedom, n − 2.
    int dof() const noexcept { return static_cast<int>(x_.size()) - 2; }
    /// For exponential trends e^b − 1, the constant yearly growth rate; NaN for linear ones.
    double annual_growth() const noexcept;
    /// The slope and intercept as estimates (bounds when bounded values push them one way).
    const estimate& slope_estimate() const noexcept { return slope_est_; }
    const estimate& intercept_estimate() const noexcept { return intercept_est_; }

    /// The trend's value at `year` on the value scale.
    double fitted(double year) const;
    /// Forecast for `year` with an interval at `level` (0 < level < 1).
    forecast predict(double year, double level = 0.95, interval_kind kind = interval_kind::prediction) const;
    std::vector<forecast> predict(std::span<const double> years, double level = 0.95,
                                  interval_kind kind = interval_kind::prediction) const;

    const std::vector<double>& years() const noexcept { return x_; }
    const std::vector<double>& values() const noexcept { return y_; }
    const std::vector<estimate>& inputs() const noexcept { return in_; }

private:
    friend trend_fit fit_trend(std::span<const double>, std::span<const double>, trend_model,
                               std::span<const estimate>);
    trend_model model_ = trend_model::linear;
    std::vector<double> x_, y_;
    std::vector<estimate> in_;
    double x_mean_ = 0, sxx_ = 0;
    double centred_a_ = 0;                 // the fitted scale's value at x̄
    double intercept_ = 0, slope_ = 0;
    double intercept_se_ = 0, slope_se_ = 0;
    std::array<std::array<double, 2>, 2> cov_{};
    std::array<std::array<double, 2>, 2> centred_inv_{};  // (XᵀX)⁻¹ for X = [1, x − x̄]
    double r2_ = 0, s_ = 0;
    estimate slope_est_, intercept_est_;
};

/// Fits `model` to (years[i], values[i]) by least squares. `inputs`, when given, says which
/// values are bounds (one estimate per value; its value is ignored). Throws validation_error
/// for fewer than two points, a single distinct year, mismatched lengths, non-finite values,
/// or a value ≤ 0 in an exponential fit (naming the year and value).
trend_fit fit_trend(std::span<const double> years, std::span<const double> values,
                    trend_model model = trend_model::linear, std::span<const estimate> inputs = {});
/// Fits `model` to a yearly series, keeping its qualifiers.
trend_fit fit_trend(const yearly_series& s, trend_model model = trend_model::linear);

}  // namespace civica::analysis
