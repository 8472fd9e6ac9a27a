#include "civica/analysis/concentration.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

namespace an = civica::analysis;

namespace {
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
// The definition: mean absolute difference over all ordered pairs / (2 mean).
double gini_by_pairs(const std::vector<double>& x) {
    double s = 0, total = 0;
    for (double a : x) {
        total += a;
        for (double b : x) s += std::fabs(a - b);
    }
    const double n = static_cast<double>(x.size());
    return s / (2 * n * n * (total / n));
}
}  // namespace

TEST(hhi, is_the_sum_of_squared_shares) {
    EXPECT_NEAR(an::hhi({50, 30, 20}), 0.25 + 0.09 + 0.04, 1e-15);
    EXPECT_NEAR(an::hhi({1, 1, 1, 1}), 0.25, 1e-15);  // 1/n when equal
    EXPECT_EQ(an::hhi({42}), 1.0);
    EXPECT_NEAR(an::hhi({0, 0, 5}), 1.0, 1e-15);
    EXPECT_TRUE(std::isnan(an::hhi(std::vector<double>{})));
    EXPECT_TRUE(std::isnan(an::hhi({0, 0})));
    EXPECT_THROW(an::hhi({1, -1}), civica::validation_error);
    EXPECT_THROW(an::hhi({1, NAN}), civica::validation_error);
}

TEST(gini, agrees_with_the_pairwise_definition) {
    std::mt19937 rng(3);
    std::exponential_distribution<double> e(1.0);
    for (int trial = 0; trial < 30; ++trial) {
        std::vector<double> x(2 + trial);
        for (auto& v : x) v = e(rng);
        if (trial % 3 == 0) x[0] = 0;
        EXPECT_NEAR(an::gini(x), gini_by_pairs(x), 1e-12);
        // Values in ascending order are taken as they are; the result is the same to the bit.
        std::vector<double> sorted = x;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(an::gini(sorted), an::gini(x));
    }
    EXPECT_NEAR(an::gini({0, 0, 0, 1}), 0.75, 1e-15);  // (n − 1)/n: one has everything
    EXPECT_EQ(an::gini({3, 3, 3}), 0.0);
    EXPECT_EQ(an::gini({9}), 0.0);
    EXPECT_TRUE(std::isnan(an::gini(std::vector<double>{})));
    EXPECT_TRUE(std::isnan(an::gini({0, 0, 0})));
}

TEST(top_share, is_the_share_of_the_k_largest) {
    EXPECT_NEAR(an::top_share({5, 1, 3, 1}, 1), 0.5, 1e-15);
    EXPECT_NEAR(an::top_share({5, 1, 3, 1}, 2), 0.8, 1e-15);
    EXPECT_EQ(an::top_share({5, 1, 3, 1}, 4), 1.0);
    EXPECT_EQ(an::top_share({5, 1, 3, 1}, 10), 1.0);
    EXPECT_EQ(an::top_share({5, 1, 3, 1}, 0), 0.0);
    EXPECT_TRUE(std::isnan(an::top_share({0, 0}, 1)));
    EXPECT_TRUE(std::isnan(an::top_share(std::vector<double>{}, 1)));
}

TEST(lorenz_curve, runs_from_origin_to_one_and_its_area_gives_the_gini) {
    const std::vector<double> x{4, 1, 0, 5};
    const auto c = an::lorenz_curve(x);
    ASSERT_EQ(c.size(), 5u);
    EXPECT_EQ(c.front().value_share, 0);
    EXPECT_EQ(c.back().population_share, 1);
    EXPECT_EQ(c.back().value_share, 1);
    EXPECT_NEAR(c[2].value_share, 0.1, 1e-15);  // 0 + 1 of 10
    // G = 1 − 2 × (area under the curve), trapezoids
    double area = 0;
    for (std::size_t i = 1; i < c.size(); ++i)
        area += (c[i].population_share - c[i - 1].population_share) * (c[i].value_share + c[i - 1].value_share) / 2;
    EXPECT_NEAR(1 - 2 * area, an::gini(x), 1e-14);
    EXPECT_TRUE(an::lorenz_curve(std::vector<double>{0, 0}).empty());
}

TEST(recipient_concentration, sums_money_per_recipient) {
    const auto c = an::recipient_concentration(ds());
    // o2 2900.50, o1 1800, o3 1500, p1 150, p2 120: total 6470.50
    ASSERT_EQ(c.recipients, 5u);
    EXPECT_DOUBLE_EQ(c.awarded_rub, 6470.50);
    EXPECT_EQ(c.recipient_keys[0], "organization:o2");
    const std::vector<double> x{2900.50, 1800, 1500, 150, 120};
    double h = 0;
    for (double v : x) h += (v / 6470.50) * (v / 6470.50);
    EXPECT_NEAR(c.hhi, h, 1e-14);
    EXPECT_NEAR(c.gini, gini_by_pairs(x), 1e-12);
    ASSERT_EQ(c.top_k, (std::vector<std::size_t>{1, 5, 10}));
    EXPECT_NEAR(c.top_shares[0], 2900.50 / 6470.50, 1e-15);
    EXPECT_EQ(c.top_shares[1], 1.0);
}

TEST(winners_over_time, counts_first_time_and_repeat_winners) {
    const auto d = an::winners_over_time(ds());
    ASSERT_EQ(d.years.size(), 2u);
    EXPECT_EQ(d.years[0].year, 2019);
    EXPECT_EQ(d.years[0].winning_applicants, 2);     // o1, o3
    EXPECT_EQ(d.years[0].winners, 2);                // two winning applications
    EXPECT_EQ(d.years[0].first_time, 2);
    EXPECT_EQ(d.years[1].winning_applicants, 4);     // o1, o2, p1, p2
    EXPECT_EQ(d.years[1].winners, 6);                // o2 and p1 won twice each
    EXPECT_EQ(d.years[1].first_time, 3);
    EXPECT_EQ(d.years[1].returning, 1);
    EXPECT_EQ(d.years[1].awarded_kopecks, 417050);
    EXPECT_EQ(d.winning_applicants, 5);
    EXPECT_EQ(d.repeat_winners, (std::vector<std::string>{"o1"}));
    EXPECT_EQ(d.repeat_winner_kinds, (std::vector<civica::applicant_kind>{civica::applicant_kind::organization}));
}

TEST(recipient_concentration, a_status_filter_without_winners_leaves_no_recipient) {
    const auto& d = ds();
    an::application_filter rejected;
    rejected.statuses = {civica::application_status::rejected};
    const auto none = an::recipient_concentration(d, rejected);
    EXPECT_EQ(none.recipients, 0u);
    EXPECT_EQ(none.awarded_kopecks, 0);
    EXPECT_TRUE(an::winners_over_time(d, rejected).years.empty());
    // With the winners among the statuses asked for, the winners count, as with no filter.
    an::application_filter both;
    both.statuses = {civica::application_status::rejected, civica::application_status::winner};
    EXPECT_EQ(an::recipient_concentration(d, both).recipients, an::recipient_concentration(d).recipients);
    EXPECT_EQ(an::winners_over_time(d, both).years.size(), an::winners_over_time(d).years.size());
    EXPECT_GT(an::recipient_concentration(d).recipients, 0u);
}

TEST(hhi, a_nan_or_infinite_amount_is_refused_naming_the_function_and_the_value) {
    for (double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        try {
            (void)an::gini({1.0, bad});
            ADD_FAILURE() << bad;
        } catch (const civica::validation_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("gini: value 1 is "), std::string::npos) << what;
            EXPECT_NE(what.find("amounts must be finite non-negative numbers"), std::string::npos) << what;
        }
    }
}
