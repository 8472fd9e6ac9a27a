#include "civica/analysis/distributions.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

namespace an = civica::analysis;

namespace {
void expect_rel(double got, double want, double tol) {
    EXPECT_NEAR(got, want, tol * std::fabs(want)) << "want " << want;
}
}  // namespace

TEST(incomplete_beta, matches_the_binomial_sum_for_whole_parameters) {
    // I_x(2, 3) = Σ_{j=2..4} C(4, j) x^j (1 − x)^(4 − j)
    for (double x : {0.05, 0.3, 0.5, 0.77, 0.99}) {
        const double y = 1 - x;
        const double want = 6 * x * x * y * y + 4 * x * x * x * y + x * x * x * x;
        expect_rel(an::incomplete_beta(x, 2, 3), want, 1e-14);
    }
}

TEST(incomplete_beta, matches_the_arcsine_law_for_half_parameters) {
    // I_x(½, ½) = (2/π) arcsin √x
    for (double x : {1e-12, 0.01, 0.25, 0.5, 0.9, 0.999999})
        expect_rel(an::incomplete_beta(x, 0.5, 0.5), 2 / std::numbers::pi * std::asin(std::sqrt(x)), 1e-13);
}

TEST(incomplete_beta, matches_scipy_values) {
    // scipy.special.betainc(a, b, x), scipy 1.17.1
    expect_rel(an::incomplete_beta(0.01, 5, 0.5), 2.4712578086395438e-11, 1e-12);
    expect_rel(an::incomplete_beta(0.5, 1000, 1000), 0.5, 1e-13);
    expect_rel(an::incomplete_beta(0.2, 0.1, 10), 0.9952541941596683, 1e-13);
    EXPECT_EQ(an::incomplete_beta(0, 2, 3), 0.0);
    EXPECT_EQ(an::incomplete_beta(1, 2, 3), 1.0);
    EXPECT_THROW(an::incomplete_beta(1.5, 2, 3), civica::validation_error);
    EXPECT_THROW(an::incomplete_beta(0.5, 0, 3), civica::validation_error);
}

TEST(log_beta, agrees_with_lgamma_and_stays_accurate_for_large_arguments) {
    for (auto [a, b] : {std::pair{0.5, 0.5}, {3.0, 4.0}, {12.0, 0.5}, {15.0, 25.0}})
        expect_rel(an::log_beta(a, b), std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b), 1e-12);
    // B(a, ½) for a = 5e5: ln B = ln Γ(½) + ln Γ(a) − ln Γ(a + ½) ≈ ½ ln π − ½ ln a − 1/(8a) + …
    const double a = 5e5;
    expect_rel(an::log_beta(a, 0.5), 0.5 * std::log(std::numbers::pi) - 0.5 * std::log(a) + 1 / (8 * a), 1e-12);
}

TEST(normal_quantile, matches_table_values_and_inverts_the_cdf) {
    expect_rel(an::normal_quantile(0.975), 1.959963984540054, 1e-15);
    expect_rel(an::normal_quantile(0.995), 2.5758293035489004, 1e-15);
    expect_rel(an::normal_quantile(1e-10), -6.361340902404056, 1e-14);
    expect_rel(an::normal_quantile(1e-300), -37.0470962993612, 1e-13);
    EXPECT_EQ(an::normal_quantile(0.5), 0.0);
    EXPECT_TRUE(std::isinf(an::normal_quantile(1.0)));
    for (double p : {0.001, 0.2, 0.6, 0.9999}) expect_rel(an::normal_cdf(an::normal_quantile(p)), p, 1e-14);
    EXPECT_THROW(an::normal_quantile(-0.1), civica::validation_error);
}

TEST(student_t_quantile, matches_the_closed_form_for_one_degree_of_freedom) {
    // Cauchy: t = tan(π (p − ½)) = −cot(π p), the second form keeping its digits for tiny p
    for (double p : {0.6, 0.9, 0.975, 0.995, 0.9995, 1e-10, 0.3})
        expect_rel(an::student_t_quantile(p, 1), -1 / std::tan(std::numbers::pi * p), 1e-12);
}

TEST(student_t_quantile, matches_the_closed_form_for_two_degrees_of_freedom) {
    // t = (2p − 1) / √(2 p (1 − p))
    for (double p : {0.6, 0.9, 0.975, 0.995, 0.9995, 1e-10, 0.3})
        expect_rel(an::student_t_quantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-12);
}

// Near the centre the quantile is small, and it keeps its digits: t = 3.1e-10 for p = ½ + 1e-10
// and ν = 1 came out with 7. Independent truth: the closed forms above with δ = p − ½ (exact),
// tan(π δ) for ν = 1 and 2δ / √(2 (¼ − δ²)) for ν = 2; for the normal, Φ⁻¹(½ + δ) =
// √(2π) δ (1 + π δ² / 3 + …), whose second term is below 1e-19 of the first for δ ≤ 1e-10.
TEST(student_t_quantile, keeps_its_digits_near_the_centre) {
    for (const double delta : {1e-10, -3e-13, 7.5e-9, 1e-6, 0.01, -0.2}) {
        const double p = 0.5 + delta;
        const double d = p - 0.5;  // the δ p holds, exactly
        expect_rel(an::student_t_quantile(p, 1), std::tan(std::numbers::pi * d), 1e-12);
        expect_rel(an::student_t_quantile(p, 2), 2 * d / std::sqrt(2 * (0.25 - d * d)), 1e-12);
        if (std::fabs(d) <= 1e-8) {
            const double root = std::sqrt(2 * std::numbers::pi);
            expect_rel(an::normal_quantile(p), root * d * (1 + std::numbers::pi * d * d / 3), 1e-14);
            // Many degrees of freedom take the expansion around the normal quantile.
            expect_rel(an::student_t_quantile(p, 1e6), an::normal_quantile(p) * (1 + 1 / 4e6), 1e-12);
        }
    }
    // Between the expansion's degrees of freedom and the continued fraction's, and fractional ones.
    for (const double dof : {0.5, 3.0, 30.0, 999.0})
        for (const double delta : {1e-10, 1e-5})
            expect_rel(an::student_t_cdf(an::student_t_quantile(0.5 + delta, dof), dof) - 0.5, (0.5 + delta) - 0.5,
                       1e-12);
}

TEST(student_t_quantile, matches_printed_tables_and_scipy) {
    // The two-sided 95 % column of every t table, and scipy.stats.t.ppf (scipy 1.17.1).
    struct row { double dof, p, t; };
    const row rows[] = {
        {3, 0.975, 3.1824463052837078},   {4, 0.975, 2.7764451051977934},
        {5, 0.975, 2.5705818356363146},   {10, 0.975, 2.228138851986274},
        {30, 0.975, 2.0422724563012378},  {100, 0.975, 1.9839715185235518},
        {1000, 0.975, 1.9623390808264083}, {5, 0.995, 4.032142983555228},
        {10, 0.9995, 4.586893858702708},  {3, 0.6, 0.2766706623326898},
        {2.5, 0.975, 3.5746548420036817}, {2.5, 1e-10, -8765.437771364572},
        {30, 1e-10, -9.377489780407144},  {1e6, 0.975, 1.959966356814107},
        {1e6, 0.9995, 3.2905364612487222}, {4, 1e-10, -416.1751403296041},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.dof);
        expect_rel(an::student_t_quantile(r.p, r.dof), r.t, 1e-11);
    }
}

TEST(student_t_quantile, is_odd_and_inverts_the_cdf) {
    for (double dof : {1.0, 3.0, 7.5, 40.0})
        for (double p : {0.01, 0.2, 0.7, 0.999}) {
            const double t = an::student_t_quantile(p, dof);
            expect_rel(an::student_t_cdf(t, dof), p, 1e-12);
            expect_rel(an::student_t_quantile(1 - p, dof), -t, 1e-12);
        }
    EXPECT_EQ(an::student_t_quantile(0.5, 3), 0.0);
    EXPECT_TRUE(std::isinf(an::student_t_quantile(1.0, 3)));
    EXPECT_THROW(an::student_t_quantile(0.9, 0), civica::validation_error);
    EXPECT_THROW(an::student_t_quantile(1.2, 3), civica::validation_error);
}

TEST(student_t_cdf, matches_scipy_values) {
    expect_rel(an::student_t_cdf(2.0, 3), 0.9303370157205785, 1e-13);
    expect_rel(an::student_t_cdf(-1.5, 7), 0.088649243494985, 1e-13);
    expect_rel(an::student_t_cdf(30, 4), 0.9999963235719511, 1e-13);
    expect_rel(an::student_t_cdf(-50, 2.5), 4.065247542479361e-05, 1e-12);
}

TEST(student_t_pdf, integrates_to_the_cdf) {
    // Simpson's rule over [−1, 2] against the CDF difference.
    const double dof = 4.5;
    const int n = 2000;
    const double a = -1, b = 2, h = (b - a) / n;
    double s = an::student_t_pdf(a, dof) + an::student_t_pdf(b, dof);
    for (int i = 1; i < n; ++i) s += (i % 2 ? 4 : 2) * an::student_t_pdf(a + i * h, dof);
    expect_rel(s * h / 3, an::student_t_cdf(b, dof) - an::student_t_cdf(a, dof), 1e-10);
}

TEST(distributions, errors_show_the_argument_as_given) {
    const auto message = [](auto call) {
        try {
            call();
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // A probability a hair below 0 is not "-0.000000", and NaN is named as such.
    EXPECT_EQ(message([] { an::normal_quantile(-1e-9); }), "normal_quantile: probability -1e-09 is outside [0, 1]");
    EXPECT_EQ(message([] { an::student_t_quantile(1.5, 3); }), "student_t_quantile: probability 1.5 is outside [0, 1]");
    EXPECT_EQ(message([] { an::student_t_cdf(1, std::nan("")); }), "student_t_cdf: degrees of freedom NaN must be positive");
    EXPECT_EQ(message([] { an::log_beta(-0.5, 2); }), "log_beta: a = -0.5 and b = 2 must both be positive");
    EXPECT_EQ(message([] { an::incomplete_beta(1.25, 2, 3); }), "incomplete_beta: x = 1.25 is outside [0, 1]");
}

// ---- many degrees of freedom, infinitely many, and the far tails
//
// Before, the quantile drifted from the truth as ν grew (1.8e-7 relative at ν = 1e10, 7 % at
// 1e16), ν = ∞ gave 3e-151 for the 97.5 % point, and a quantile beyond 1.34e154 (√ of the
// largest double) was cut there. Independent truth: scipy.stats.t (scipy 1.17.1, Boost's
// algorithms) and mpmath with 60 digits, the normal distribution (the limit ν → ∞, tested above
// against tables), the first-order law t − z ≈ (z³ + z)/(4ν), and the closed form for ν = 1.

TEST(student_t, infinitely_many_degrees_of_freedom_are_the_normal_distribution) {
    const double inf = std::numeric_limits<double>::infinity();
    for (double p : {1e-300, 1e-10, 0.025, 0.6, 0.975, 0.9999})
        EXPECT_EQ(an::student_t_quantile(p, inf), an::normal_quantile(p)) << p;
    for (double t : {-40.0, -1.96, 0.0, 0.3, 8.0}) {
        EXPECT_EQ(an::student_t_cdf(t, inf), an::normal_cdf(t)) << t;
        expect_rel(an::student_t_pdf(t, inf), std::exp(-t * t / 2) / std::sqrt(2 * std::numbers::pi), 1e-15);
    }
    EXPECT_THROW(an::student_t_quantile(0.9, std::nan("")), civica::validation_error);
}

TEST(student_t_quantile, keeps_its_accuracy_for_many_degrees_of_freedom) {
    // mpmath (60 digits: the root of ½ I_x(ν/2, ½) = 1 − p) and scipy.stats.t.ppf.
    expect_rel(an::student_t_quantile(0.975, 1e5), 1.9599877075346096386, 1e-14);
    expect_rel(an::student_t_quantile(1e-10, 1e5), -6.3620004198436912068, 1e-14);
    expect_rel(an::student_t_quantile(0.975, 1e6), 1.959966356814107, 1e-14);
    expect_rel(an::student_t_quantile(1e-10, 1e6), -6.361406848876743, 1e-14);
    expect_rel(an::student_t_quantile(1e-100, 1e6), -21.27586598549062, 1e-14);
    expect_rel(an::student_t_quantile(0.975, 1e8), 1.9599640082627663, 1e-14);
    expect_rel(an::student_t_quantile(1e-10, 1e8), -6.361341561862986, 1e-14);
    expect_rel(an::student_t_quantile(1e-100, 1e8), -21.273477682947938, 1e-14);
    // Beyond, the distance from the normal quantile is (z³ + z)/(4ν) to first order.
    for (double dof : {1e10, 1e12, 1e16})
        for (double p : {0.975, 1e-10}) {
            const double z = an::normal_quantile(p);
            const double first_order = (z * z * z + z) / (4 * dof);
            EXPECT_NEAR(an::student_t_quantile(p, dof) - z, first_order, 1e-3 * std::fabs(first_order) + 4e-16 * std::fabs(z))
                << dof << " " << p;
        }
    // The quantile and the distribution function stay each other's inverse.
    for (double dof : {2e3, 1e4, 3e5, 1e9})
        for (double p : {1e-8, 0.01, 0.3, 0.975}) {
            const double t = an::student_t_quantile(p, dof);
            expect_rel(an::student_t_cdf(t, dof), p, 1e-13);
        }
}

TEST(student_t_cdf, keeps_its_accuracy_for_many_degrees_of_freedom) {
    // scipy.stats.t.cdf (scipy 1.17.1)
    expect_rel(an::student_t_cdf(-1.96, 1e6), 0.024998033792634926, 1e-13);
    expect_rel(an::student_t_cdf(-6.36, 1e8), 1.0087730748591352e-10, 1e-13);
    expect_rel(an::student_t_cdf(-21.0, 1e6), 3.4433658859339915e-98, 1e-13);
    expect_rel(an::student_t_cdf(1.96, 1e6), 1 - 0.024998033792634926, 1e-15);
}

TEST(student_t, far_tails_beyond_the_square_root_of_the_largest_double) {
    // ν = 1: t_p = −cot(πp), P(T ≤ t) = ½ + atan(t)/π; for tiny p, t_p = −1/(πp).
    expect_rel(an::student_t_quantile(1e-300, 1), -1 / (std::numbers::pi * 1e-300), 1e-12);
    expect_rel(an::student_t_quantile(1 - 1e-16, 1), 1 / (std::numbers::pi * 1.1102230246251565e-16), 1e-12);
    expect_rel(an::student_t_cdf(-1e200, 1), 1 / (std::numbers::pi * 1e200), 1e-12);
    // ν = 1e-5: P(T > t) ≈ ½ (ν/t²)^(ν/2) for large t, so P(T > t) = 0.4 needs ln t ≈ 22 000:
    // beyond every double, hence infinity (not a number cut at 1.34e154).
    EXPECT_TRUE(std::isinf(an::student_t_quantile(0.6, 1e-5)));
    // ν = 2: t_p = (2p − 1)/√(2p(1 − p)); p = 1e-300 gives −1/√(2e-300) = −7.07e149, just below
    // the switch to logarithms, and p = 1e-305 gives −2.24e152, just above it.
    for (double p : {1e-300, 1e-305})
        expect_rel(an::student_t_quantile(p, 2), -1 / std::sqrt(2 * p), 1e-12);
}

TEST(incomplete_beta, stays_a_probability_and_refuses_where_a_double_carries_no_digits) {
    // I_0.5(a, a) = 1/2 by symmetry. For a = 1e15 it gave 0.44, for 1e18 0.99999996, for 1e30
    // -3.96e272, all without a word.
    for (double a : {1e3, 1e5, 1e7, 1e9, 1e12}) {
        const double v = civica::analysis::incomplete_beta(0.5, a, a);
        EXPECT_GE(v, 0.0);
        EXPECT_LE(v, 1.0);
        EXPECT_NEAR(v, 0.5, a <= 1e5 ? 1e-10 : 1e-4) << a;
    }
    for (double a : {1e15, 1e18, 1e30, 1e200})
        EXPECT_THROW((void)civica::analysis::incomplete_beta(0.5, a, a), civica::validation_error) << a;
}
