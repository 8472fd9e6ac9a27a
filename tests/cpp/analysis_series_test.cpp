#include "civica/analysis/series.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/model/dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace an = civica::analysis;
using an::estimate_kind;
using civica::qualifier;

TEST(cagr, of_7_to_52_over_three_years_is_95_percent) {
    // (52 / 7)^(1/3) − 1, written out: 52/7 = 7.428571…, cube root 1.9510…
    const double want = std::cbrt(52.0 / 7.0) - 1.0;
    EXPECT_NEAR(an::cagr(7, 52, 3), want, 1e-15);
    EXPECT_NEAR(an::cagr(7, 52, 3), 0.951, 0.0005);
}

TEST(cagr, refuses_a_nan_or_an_infinity_naming_it) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    const auto message = [](double first, double last, double years) {
        try {
            an::cagr(first, last, years);
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(nan, 5, 2),
              "cagr: the first value NaN must be a positive finite number (growth from zero or below has no rate)");
    EXPECT_EQ(message(inf, 5, 2),  // was -1: from an infinite start every end is a 100 % fall
              "cagr: the first value inf must be a positive finite number (growth from zero or below has no rate)");
    EXPECT_EQ(message(5, nan, 2), "cagr: the last value NaN must be a finite number, not negative");
    EXPECT_EQ(message(5, inf, 2), "cagr: the last value inf must be a finite number, not negative");
    EXPECT_EQ(message(5, 6, nan), "cagr: the number of years NaN must be a positive finite number");
    EXPECT_EQ(message(5, 6, -inf), "cagr: the number of years -inf must be a positive finite number");
    EXPECT_EQ(message(7, 52, -1.5), "cagr: the number of years -1.5 must be a positive finite number");
    EXPECT_EQ(message(0, 6, 2),
              "cagr: the first value 0 must be a positive finite number (growth from zero or below has no rate)");
}

TEST(cagr, counts_the_years_between_not_the_values) {
    an::yearly_series s("winners");
    s.set(2017, 7);
    s.set(2020, 52);  // 2018 and 2019 missing: still three years
    const auto g = an::cagr(s, 2017, 2020);
    EXPECT_EQ(g.years, 3);
    EXPECT_DOUBLE_EQ(g.rate.value, std::cbrt(52.0 / 7.0) - 1.0);
    EXPECT_TRUE(g.rate.is_exact());
}

TEST(cagr, of_the_published_winners_series_is_exact) {
    civica::dataset ds;
    ds.info().territory = "khanty-mansiysk";
    ds.set_indicator({"grants.winners", 2017, "khanty-mansiysk", "", 7, qualifier::exact, "count", ""});
    ds.set_indicator({"grants.winners", 2020, "khanty-mansiysk", "", 52, qualifier::exact, "count", ""});
    ds.set_indicator({"grants.winners", 2020, "surgut", "", 40, qualifier::exact, "count", ""});
    const auto s = an::series_from_indicators(ds, "grants.winners");
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s.at(2020).value, 52);
    const auto g = an::cagr(s, 2017, 2020);
    EXPECT_NEAR(g.rate.value, std::pow(52.0 / 7.0, 1.0 / 3.0) - 1.0, 1e-15);
    EXPECT_EQ(g.rate.kind, estimate_kind::exact);
    EXPECT_EQ(an::series_from_indicators(ds, "grants.winners", "surgut").at(2020).value, 40);
}

TEST(series_from_indicators, refuses_a_territory_the_dataset_does_not_know_and_names_the_closest) {
    using namespace civica;
    dataset ds;
    ds.info().name = "km";
    ds.info().territory = "khanty-mansiysk";
    ds.add(municipality{municipality_id("khanty-mansiysk"), "Ханты-Мансийск", "", "", {}});
    ds.add(municipality{municipality_id("nyagan"), "Нягань", "", "", {}});
    ds.set_indicator({"grants.winners", 2020, "khanty-mansiysk", "", 52, qualifier::exact, "count", ""});
    ds.set_indicator({"grants.winners", 2020, "surgut", "", 40, qualifier::exact, "count", ""});
    // Misspelt: an error naming it and the closest territory, not an empty series.
    for (const char* wrong : {"khanty-mansiisk", "surgutt", "zzz"}) {
        try {
            (void)an::series_from_indicators(ds, "grants.winners", wrong);
            ADD_FAILURE() << wrong << " gave a series";
        } catch (const not_found_error& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + wrong + "\""), std::string::npos) << e.what();
            if (std::string(wrong) != "zzz") {
                EXPECT_NE(std::string(e.what()).find("did you mean"), std::string::npos) << e.what();
            }
        }
    }
    // Known territories: the own one (by id or name), a municipality without figures, the
    // territory of a figure; a key without figures. Empty means no figures, not an error.
    EXPECT_EQ(an::series_from_indicators(ds, "grants.winners", "Ханты-Мансийск").at(2020).value, 52);
    EXPECT_EQ(an::series_from_indicators(ds, "grants.winners", "surgut").at(2020).value, 40);
    EXPECT_EQ(an::series_from_indicators(ds, "grants.winners", "nyagan").size(), 0u);
    EXPECT_EQ(an::series_from_indicators(ds, "grants.winners", "Нягань").size(), 0u);
    EXPECT_EQ(an::series_from_indicators(ds, "councils.meetings").size(), 0u);
    EXPECT_EQ(an::series_from_indicators(dataset{}, "grants.winners").size(), 0u);
}

TEST(cagr, towards_a_lower_bound_is_a_lower_bound) {
    const auto r = an::cagr(an::from_qualifier(200, qualifier::exact), an::from_qualifier(300, qualifier::more_than), 2);
    EXPECT_EQ(r.kind, estimate_kind::lower_bound);
    EXPECT_TRUE(r.strict);
    EXPECT_NEAR(r.value, std::sqrt(1.5) - 1, 1e-15);
}

TEST(cagr, from_a_lower_bound_is_an_upper_bound_and_between_two_is_unbounded) {
    const auto lo = an::from_qualifier(300, qualifier::at_least);
    const auto ex = an::from_qualifier(400, qualifier::exact);
    auto r = an::cagr(lo, ex, 1);
    EXPECT_EQ(r.kind, estimate_kind::upper_bound);
    EXPECT_FALSE(r.strict);
    EXPECT_EQ(an::cagr(lo, lo, 1).kind, estimate_kind::unbounded);
    EXPECT_EQ(an::cagr(an::from_qualifier(300, qualifier::about), ex, 1).kind, estimate_kind::approximate);
}

TEST(cagr, rejects_non_positive_start_and_years) {
    EXPECT_THROW(an::cagr(0, 5, 3), civica::validation_error);
    EXPECT_THROW(an::cagr(5, -1, 3), civica::validation_error);
    EXPECT_THROW(an::cagr(5, 6, 0), civica::validation_error);
    an::yearly_series s("x");
    s.set(2017, 7);
    EXPECT_THROW(an::cagr(s, 2017, 2020), civica::not_found_error);
    EXPECT_THROW(an::cagr(s, 2017, 2017), civica::validation_error);
}

TEST(cagr, of_estimates_from_zero_is_unbounded_as_the_relative_change_from_zero_is) {
    // growth() of a series whose first year had no winner was a ValidationError, where
    // year_on_year() said the change from 0 is unbounded.
    an::yearly_series s("x");
    s.set(2016, 0);
    s.set(2017, 5);
    const auto g = an::cagr(s, 2016, 2017);
    EXPECT_EQ(g.rate.kind, estimate_kind::unbounded);
    EXPECT_TRUE(std::isnan(g.rate.value));
    const auto yoy = an::year_on_year(s);
    ASSERT_EQ(yoy.size(), 1u);
    EXPECT_EQ(yoy[0].relative.kind, g.rate.kind);
    // The rest of a rate's rules still hold from 0: a negative end or no years is refused.
    EXPECT_THROW(an::cagr(an::from_qualifier(0, qualifier::exact), an::from_qualifier(-1, qualifier::exact), 1),
                 civica::validation_error);
    EXPECT_THROW(an::cagr(an::from_qualifier(0, qualifier::exact), an::from_qualifier(5, qualifier::exact), 0),
                 civica::validation_error);
    EXPECT_THROW(an::cagr(an::from_qualifier(-1, qualifier::exact), an::from_qualifier(5, qualifier::exact), 1),
                 civica::validation_error);
}

TEST(year_on_year, gives_absolute_and_relative_changes_with_their_gaps) {
    an::yearly_series s("x");
    s.set(2020, 52);
    s.set(2017, 7);
    s.set(2021, 300, qualifier::more_than);
    const auto ch = an::year_on_year(s);
    ASSERT_EQ(ch.size(), 2u);
    EXPECT_EQ(ch[0].from_year, 2017);
    EXPECT_EQ(ch[0].years, 3);
    EXPECT_EQ(ch[0].absolute.value, 45);
    EXPECT_DOUBLE_EQ(ch[0].relative.value, 52.0 / 7.0 - 1);
    EXPECT_TRUE(ch[0].relative.is_exact());
    EXPECT_EQ(ch[1].years, 1);
    EXPECT_EQ(ch[1].absolute.value, 248);
    EXPECT_EQ(ch[1].absolute.kind, estimate_kind::lower_bound);
    EXPECT_TRUE(ch[1].relative.strict);
}

TEST(year_on_year, from_zero_has_no_relative_change) {
    an::yearly_series s("x");
    s.set(2019, 0);
    s.set(2020, 4);
    const auto ch = an::year_on_year(s);
    EXPECT_TRUE(std::isnan(ch[0].relative.value));
    EXPECT_EQ(ch[0].absolute.value, 4);
}

TEST(yearly_series, keeps_years_sorted_and_unique) {
    an::yearly_series s("x");
    s.set(2020, 1);
    s.set(2018, 2);
    s.set(2020, 3, qualifier::about);
    EXPECT_EQ(s.years(), (std::vector<int>{2018, 2020}));
    EXPECT_EQ(s.values(), (std::vector<double>{2, 3}));
    EXPECT_TRUE(s.has_bounds());
    EXPECT_EQ(s.value_at(2020).kind, estimate_kind::approximate);
    EXPECT_THROW(s.at(2019), civica::not_found_error);
}

TEST(propagate, ignores_inputs_the_result_does_not_depend_on) {
    const std::array<an::estimate, 2> in{an::from_qualifier(1, qualifier::more_than), an::estimate{2}};
    const std::array<int, 2> dir{0, 1};
    EXPECT_EQ(an::propagate(in, dir).kind, estimate_kind::exact);
}

TEST(cagr, of_the_bundled_datasets_winners_series_is_95_percent) {
    const auto published = civica::io::load_dataset("khanty-mansiysk-2020");
    const auto s = an::series_from_indicators(published, "grants.winners");
    EXPECT_EQ(s.years(), (std::vector<int>{2017, 2020}));
    const auto g = an::cagr(s, 2017, 2020);
    EXPECT_EQ(g.years, 3);
    EXPECT_NEAR(g.rate.value, std::cbrt(52.0 / 7.0) - 1.0, 1e-15);
    EXPECT_TRUE(g.rate.is_exact());
    // "более 300" NGOs stays a strict lower bound.
    const auto ngos = an::series_from_indicators(published, "ngo.registered");
    EXPECT_EQ(ngos.value_at(2020).kind, estimate_kind::lower_bound);
    EXPECT_TRUE(ngos.value_at(2020).strict);
}

TEST(yearly_series, takes_the_years_civicas_dates_take) {
    // A year of INT_MIN beside one of 2020 overflowed their difference in year_on_year and cagr
    // ("years = -1", then "the number of years -1").
    civica::analysis::yearly_series s("winners", "count");
    EXPECT_THROW(s.set(std::numeric_limits<int>::min(), 7), civica::validation_error);
    EXPECT_THROW(s.set(2201, 7), civica::validation_error);
    s.set(1900, 7);
    s.set(2200, 52);
    const auto changes = civica::analysis::year_on_year(s);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].years, 300);
}

TEST(yearly_series, cagr_of_years_the_series_lacks_is_not_found_not_an_overflow) {
    civica::analysis::yearly_series s("x", "count");
    s.set(2000, 1);
    s.set(2001, 2);
    EXPECT_THROW((void)civica::analysis::cagr(s, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()),
                 civica::not_found_error);
}
