#include "civica/analysis/trend.hpp"

#include "civica/analysis/distributions.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace an = civica::analysis;
using an::estimate_kind;
using an::trend_model;
using civica::qualifier;

TEST(fit_trend, reproduces_a_hand_worked_textbook_example) {
    // x = 1..5, y = 2 4 5 4 5: b = Sxy/Sxx = 6/10, a = 4 − 0.6·3 = 2.2, SSR = 2.4, SST = 6,
    // R² = 0.6, s² = 0.8, se(b) = √(0.8/10), se(a) = √(0.8 (1/5 + 9/10)).
    const std::vector<double> x{1, 2, 3, 4, 5}, y{2, 4, 5, 4, 5};
    const auto f = an::fit_trend(x, y);
    EXPECT_NEAR(f.slope(), 0.6, 1e-14);
    EXPECT_NEAR(f.intercept(), 2.2, 1e-14);
    EXPECT_NEAR(f.r2(), 0.6, 1e-14);
    EXPECT_NEAR(f.residual_stderr(), std::sqrt(0.8), 1e-14);
    EXPECT_NEAR(f.slope_stderr(), std::sqrt(0.08), 1e-14);
    EXPECT_NEAR(f.intercept_stderr(), std::sqrt(0.88), 1e-14);
    EXPECT_EQ(f.dof(), 3);
    // Prediction at x = 6: 5.8 ± t(0.975, 3) · √(0.8 (1 + 1/5 + 9/10)); t from every table: 3.182446305…
    const auto p = f.predict(6);
    const double half = 3.1824463052837078 * std::sqrt(0.8 * 2.1);
    EXPECT_NEAR(p.mean, 5.8, 1e-13);
    EXPECT_NEAR(p.lower, 5.8 - half, 1e-12);
    EXPECT_NEAR(p.upper, 5.8 + half, 1e-12);
    // The confidence interval of the line drops the "1 +".
    const auto c = f.predict(6, 0.95, an::interval_kind::confidence);
    EXPECT_NEAR(c.upper - c.mean, 3.1824463052837078 * std::sqrt(0.8 * 1.1), 1e-12);
    EXPECT_EQ(p.kind, estimate_kind::exact);
}

// A model or estimate kind the caller names wrongly is a validation_error (a bad argument), as
// an unknown dimension or measure is, not a parse_error (a bad file).
TEST(fit_trend, a_misnamed_model_or_estimate_kind_is_a_validation_error) {
    try {
        (void)an::parse_trend_model("exp");
        FAIL();
    } catch (const civica::parse_error&) {
        FAIL() << "a parse_error";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("did you mean \"exponential\""), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)an::parse_estimate_kind("lower"), civica::validation_error);
    EXPECT_EQ(an::parse_trend_model("linear"), an::trend_model::linear);
}

TEST(fit_trend, matches_the_closed_form_least_squares_on_random_years) {
    std::mt19937 rng(20201231);
    std::uniform_real_distribution<double> noise(-50, 50);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> x, y;
        const int n = 3 + trial % 9;
        for (int i = 0; i < n; ++i) {
            x.push_back(2010 + i + (i > 2 ? 1 : 0));  // a gap in the years
            y.push_back(100 + 7.5 * i + noise(rng));
        }
        // Independent computation in long double with the textbook sums.
        long double mx = 0, my = 0;
        for (int i = 0; i < n; ++i) { mx += x[i]; my += y[i]; }
        mx /= n;
        my /= n;
        long double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; ++i) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        const long double b = sxy / sxx, a = my - b * mx;
        const long double ssr = syy - b * sxy;
        const long double s2 = ssr / (n - 2);
        const auto f = an::fit_trend(x, y);
        EXPECT_NEAR(f.slope(), static_cast<double>(b), 1e-9 * std::fabs(static_cast<double>(b)));
        EXPECT_NEAR(f.intercept(), static_cast<double>(a), 1e-9 * std::fabs(static_cast<double>(a)));
        EXPECT_NEAR(f.r2(), static_cast<double>(1 - ssr / syy), 1e-9);
        EXPECT_NEAR(f.slope_stderr(), static_cast<double>(std::sqrt(s2 / sxx)), 1e-9 * f.slope_stderr());
        EXPECT_NEAR(f.intercept_stderr(), static_cast<double>(std::sqrt(s2 * (1.0L / n + mx * mx / sxx))),
                    1e-9 * f.intercept_stderr());
        const double x0 = 2025;
        const auto p = f.predict(x0, 0.9);
        const long double se = std::sqrt(s2 * (1 + 1.0L / n + (x0 - mx) * (x0 - mx) / sxx));
        const double t = an::student_t_quantile(0.95, n - 2);
        EXPECT_NEAR(p.mean, static_cast<double>(a + b * x0), 1e-9 * std::fabs(p.mean));
        EXPECT_NEAR(p.upper - p.mean, t * static_cast<double>(se), 1e-9 * (p.upper - p.mean));
    }
}

TEST(fit_trend, exponential_is_linear_in_the_logarithms) {
    // values = 5 · 1.3^(year − 2015) exactly: slope ln 1.3, growth 30 %, R² = 1.
    std::vector<double> x, y;
    for (int i = 0; i < 6; ++i) {
        x.push_back(2015 + i);
        y.push_back(5 * std::pow(1.3, i));
    }
    const auto f = an::fit_trend(x, y, trend_model::exponential);
    EXPECT_NEAR(f.slope(), std::log(1.3), 1e-12);
    EXPECT_NEAR(f.annual_growth(), 0.3, 1e-12);
    EXPECT_NEAR(f.r2(), 1.0, 1e-12);
    EXPECT_NEAR(f.fitted(2022), 5 * std::pow(1.3, 7), 1e-9);
    // The interval is the exponential of the interval of the logarithms.
    std::vector<double> ly;
    for (double v : {3.0, 5.0, 4.0, 9.0, 12.0}) ly.push_back(std::log(v));
    const std::vector<double> x5{2016, 2017, 2018, 2019, 2020};
    const auto le = an::fit_trend(x5, ly);
    const auto ee = an::fit_trend(x5, std::vector<double>{3, 5, 4, 9, 12}, trend_model::exponential);
    const auto pl = le.predict(2022), pe = ee.predict(2022);
    EXPECT_NEAR(pe.mean, std::exp(pl.mean), 1e-12 * pe.mean);
    EXPECT_NEAR(pe.lower, std::exp(pl.lower), 1e-12 * pe.lower);
    EXPECT_NEAR(pe.upper, std::exp(pl.upper), 1e-12 * pe.upper);
    EXPECT_TRUE(std::isnan(le.annual_growth()));
}

TEST(fit_trend, carries_a_lower_bound_into_the_forecast) {
    an::yearly_series s("ngo.registered");
    s.set(2018, 250);
    s.set(2019, 270);
    s.set(2020, 300, qualifier::more_than);
    const auto f = an::fit_trend(s);
    // Forecasting beyond 2020 weights the last value positively: a strict lower bound.
    const auto p = f.predict(2022);
    EXPECT_EQ(p.kind, estimate_kind::lower_bound);
    EXPECT_TRUE(p.strict);
    EXPECT_EQ(f.slope_estimate().kind, estimate_kind::lower_bound);
    // Back-casting to 2016 weights 2020 negatively: an upper bound.
    EXPECT_EQ(f.predict(2016).kind, estimate_kind::upper_bound);
    // Two bounds pulling opposite ways bound nothing.
    s.set(2018, 250, qualifier::more_than);
    EXPECT_EQ(an::fit_trend(s).slope_estimate().kind, estimate_kind::unbounded);
}

TEST(fit_trend, with_two_points_has_no_interval) {
    const auto f = an::fit_trend(std::vector<double>{2017, 2020}, std::vector<double>{7, 52});
    EXPECT_NEAR(f.slope(), 15, 1e-12);
    EXPECT_EQ(f.r2(), 1.0);
    EXPECT_TRUE(std::isnan(f.predict(2021).lower));
    EXPECT_NEAR(f.predict(2021).mean, 67, 1e-9);
}

TEST(fit_trend, rejects_what_cannot_be_fitted) {
    const std::vector<double> one{2020};
    EXPECT_THROW(an::fit_trend(one, one), civica::validation_error);
    EXPECT_THROW(an::fit_trend(std::vector<double>{2020, 2020}, std::vector<double>{1, 2}), civica::validation_error);
    EXPECT_THROW(an::fit_trend(std::vector<double>{2019, 2020}, std::vector<double>{0, 2}, trend_model::exponential),
                 civica::validation_error);
    EXPECT_THROW(an::fit_trend(std::vector<double>{2019, 2020}, std::vector<double>{1}), civica::validation_error);
    EXPECT_THROW(an::fit_trend(std::vector<double>{2019, 2020}, std::vector<double>{1, NAN}), civica::validation_error);
    const auto f = an::fit_trend(std::vector<double>{2019, 2020, 2021}, std::vector<double>{4, 4, 4});
    EXPECT_TRUE(std::isnan(f.r2()));
    EXPECT_NEAR(f.slope(), 0, 1e-12);
    EXPECT_THROW(f.predict(2022, 1.5), civica::validation_error);
}
