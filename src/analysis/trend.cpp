// Design notes: the regression is solved with the years centred on their mean (X = [1, x − x̄]),
// which keeps the normal equations well conditioned for years near 2020, and converted back to
// value = a + b·year afterwards. Bounds are carried through the fit by its hat weights: every
// fitted quantity is a linear combination Σ wᵢ zᵢ of the (log) values, so a lower bound on zᵢ
// pushes it down or up by the sign of wᵢ (see propagate()).
#include "civica/analysis/trend.hpp"

#include "civica/analysis/distributions.hpp"
#include "civica/error.hpp"
#include "civica/text/text.hpp"

#include <Eigen/Dense>

#include <cmath>
#include <limits>
#include <string>

namespace civica::analysis {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<int> directions_of(const std::vector<double>& w) {
    double scale = 0;
    for (double v : w) scale = std::max(scale, std::fabs(v));
    std::vector<int> dir(w.size());
    for (std::size_t i = 0; i < w.size(); ++i)
        dir[i] = std::fabs(w[i]) <= 1e-12 * scale ? 0 : (w[i] > 0 ? 1 : -1);
    return dir;
}
}  // namespace

std::string_view to_string(trend_model m) { return m == trend_model::linear ? "linear" : "exponential"; }

trend_model parse_trend_model(std::string_view s) {
    if (s == "linear") return trend_model::linear;
    if (s == "exponential") return trend_model::exponential;
    static constexpr std::string_view models[] = {"linear", "exponential"};
    const std::string close = text::closest_name(s, models);
    // A name the caller chose, not a value read from a file: a validation_error, as an unknown
    // dimension or measure is.
    throw validation_error("\"" + std::string(s) + "\" is not a trend model (one of: linear, exponential)" +
                           (close.empty() ? std::string() : "; did you mean \"" + close + "\"?"));
}

double trend_fit::annual_growth() const noexcept {
    return model_ == trend_model::exponential ? std::expm1(slope_) : nan;
}

double trend_fit::fitted(double year) const {
    const double z = centred_a_ + slope_ * (year - x_mean_);
    return model_ == trend_model::exponential ? std::exp(z) : z;
}

forecast trend_fit::predict(double year, double level, interval_kind kind) const {
    if (!(level > 0 && level < 1))
        throw validation_error("predict: level " + text::number_in_message(level) + " must be between 0 and 1");
    forecast f;
    f.year = year;
    f.level = level;
    const double u = year - x_mean_;
    const double z = centred_a_ + slope_ * u;
    // vᵀ (XᵀX)⁻¹ v for v = [1, u]
    const double h = centred_inv_[0][0] + 2 * u * centred_inv_[0][1] + u * u * centred_inv_[1][1];
    double lo = nan, hi = nan;
    if (dof() > 0) {
        const double var = s_ * s_ * (h + (kind == interval_kind::prediction ? 1.0 : 0.0));
        const double t = student_t_quantile((1 + level) / 2, dof());
        lo = z - t * std::sqrt(var);
        hi = z + t * std::sqrt(var);
    }
    if (model_ == trend_model::exponential) {
        f.mean = std::exp(z);
        f.lower = std::exp(lo);
        f.upper = std::exp(hi);
    } else {
        f.mean = z;
        f.lower = lo;
        f.upper = hi;
    }
    // Hat weights of the fitted value at `year`: 1/n + u (xᵢ − x̄) / Sxx (exp keeps the signs).
    std::vector<double> w(x_.size());
    for (std::size_t i = 0; i < x_.size(); ++i)
        w[i] = 1.0 / static_cast<double>(x_.size()) + u * (x_[i] - x_mean_) / sxx_;
    const auto dir = directions_of(w);
    const estimate e = propagate(in_, dir);
    f.kind = e.kind;
    f.strict = e.strict;
    return f;
}

std::vector<forecast> trend_fit::predict(std::span<const double> years, double level, interval_kind kind) const {
    std::vector<forecast> out;
    out.reserve(years.size());
    for (double y : years) out.push_back(predict(y, level, kind));
    return out;
}

trend_fit fit_trend(std::span<const double> years, std::span<const double> values, trend_model model,
                    std::span<const estimate> inputs) {
    const std::size_t n = years.size();
    if (values.size() != n)
        throw validation_error("fit_trend: " + std::to_string(n) + " years but " + std::to_string(values.size()) +
                               " values");
    if (!inputs.empty() && inputs.size() != n)
        throw validation_error("fit_trend: " + std::to_string(n) + " values but " + std::to_string(inputs.size()) +
                               " qualifiers");
    if (n < 2) throw validation_error("fit_trend: a trend needs at least two values, got " + std::to_string(n));
    trend_fit f;
    f.model_ = model;
    f.x_.assign(years.begin(), years.end());
    f.y_.assign(values.begin(), values.end());
    f.in_.resize(n);
    Eigen::VectorXd z(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(years[i]) || !std::isfinite(values[i]))
            throw validation_error("fit_trend: the value of " + text::number_in_message(years[i]) + " is not a finite number");
        if (model == trend_model::exponential && !(values[i] > 0))
            throw validation_error("fit_trend: an exponential trend needs positive values, but " +
                                   text::number_in_message(years[i]) + " has " + text::number_in_message(values[i]));
        z[static_cast<Eigen::Index>(i)] = model == trend_model::exponential ? std::log(values[i]) : values[i];
        f.in_[i] = inputs.empty() ? estimate{values[i]} : estimate{values[i], inputs[i].kind, inputs[i].strict};
    }
    double xm = 0;
    for (double x : years) xm += x;
    xm /= static_cast<double>(n);
    Eigen::MatrixXd X(n, 2);
    for (std::size_t i = 0; i < n; ++i) {
        X(static_cast<Eigen::Index>(i), 0) = 1.0;
        X(static_cast<Eigen::Index>(i), 1) = years[i] - xm;
    }
    const double sxx = X.col(1).squaredNorm();
    if (!(sxx > 0)) throw validation_error("fit_trend: all values are of the same year; a trend needs two years");

    const Eigen::Vector2d beta = X.colPivHouseholderQr().solve(z);
    const Eigen::Matrix2d inv = (X.transpose() * X).inverse();
    const Eigen::VectorXd resid = z - X * beta;
    const double ssr = resid.squaredNorm();
    const double zm = z.mean();
    const double sst = (z.array() - zm).square().sum();
    const int dof = static_cast<int>(n) - 2;
    const double s2 = dof > 0 ? ssr / dof : nan;

    f.x_mean_ = xm;
    f.sxx_ = sxx;
    f.centred_a_ = beta[0];
    f.slope_ = beta[1];
    f.intercept_ = beta[0] - beta[1] * xm;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) f.centred_inv_[i][j] = inv(i, j);
    // Covariance of (a, b) with a = a_c − b x̄: Var a = Var a_c − 2 x̄ Cov(a_c, b) + x̄² Var b.
    const Eigen::Matrix2d cc = s2 * inv;
    f.cov_[1][1] = cc(1, 1);
    f.cov_[0][1] = f.cov_[1][0] = cc(0, 1) - xm * cc(1, 1);
    f.cov_[0][0] = cc(0, 0) - 2 * xm * cc(0, 1) + xm * xm * cc(1, 1);
    f.slope_se_ = std::sqrt(f.cov_[1][1]);
    f.intercept_se_ = std::sqrt(f.cov_[0][0]);
    f.s_ = std::sqrt(s2);
    f.r2_ = sst > 0 ? 1.0 - ssr / sst : nan;

    // Bounds of the coefficients: b = Σ (xᵢ − x̄) zᵢ / Sxx; a = Σ (1/n − x̄ (xᵢ − x̄) / Sxx) zᵢ.
    std::vector<double> wb(n), wa(n);
    for (std::size_t i = 0; i < n; ++i) {
        wb[i] = (years[i] - xm) / sxx;
        wa[i] = 1.0 / static_cast<double>(n) - xm * (years[i] - xm) / sxx;
    }
    f.slope_est_ = propagate(f.in_, directions_of(wb));
    f.slope_est_.value = f.slope_;
    f.intercept_est_ = propagate(f.in_, directions_of(wa));
    f.intercept_est_.value = f.intercept_;
    return f;
}

trend_fit fit_trend(const yearly_series& s, trend_model model) {
    std::vector<double> x, y;
    std::vector<estimate> in;
    for (const auto& p : s.points()) {
        x.push_back(p.year);
        y.push_back(p.value);
        in.push_back(from_qualifier(p.value, p.qual));
    }
    return fit_trend(x, y, model, in);
}

}  // namespace civica::analysis
