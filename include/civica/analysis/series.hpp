#pragma once
/// \file
/// Yearly series (year → value with its qualifier) and the growth computed from them.
///
/// Bounds stay bounds: a figure published as "более 300" is a lower bound, and so is any
/// growth computed from it towards a later exact figure. Every derived number is an
/// `estimate` that says whether it is exact, a lower or an upper bound, approximate, or
/// not bounded at all (when its inputs pull in opposite directions).
///
///     auto winners = civica::analysis::series_from_indicators(ds, "grants.winners");
///     auto g = civica::analysis::cagr(winners, 2017, 2020);   // (52/7)^(1/3) − 1 ≈ 0.951, exact

#include "civica/model/indicator.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace civica {
class dataset;
}

namespace civica::analysis {

/// Pass as a territory to mean "every municipality of the dataset".
inline constexpr std::string_view any_territory = "*";

/// What a derived number says about the true value.
enum class estimate_kind : std::uint8_t {
    exact,        ///< computed from exact inputs
    lower_bound,  ///< the true value is at least this (strictly more when `strict`)
    upper_bound,  ///< the true value is at most this (strictly less when `strict`)
    approximate,  ///< computed from an approximate ("около") figure
    unbounded,    ///< the inputs are bounds pulling in opposite directions, or a relative
                  ///< change starts from 0 or below (value NaN): nothing follows
};
std::string_view to_string(estimate_kind k);
/// Parses the names printed by to_string; throws validation_error listing them.
estimate_kind parse_estimate_kind(std::string_view s);

/// A number together with what it says: the value itself, or a bound on it.
struct estimate {
    double value = 0;
    estimate_kind kind = estimate_kind::exact;
    bool strict = false;  ///< for bounds: the true value lies strictly beyond `value`

    bool is_exact() const noexcept { return kind == estimate_kind::exact; }
    bool is_bound() const noexcept {
        return kind == estimate_kind::lower_bound || kind == estimate_kind::upper_bound;
    }
    friend bool operator==(const estimate&, const estimate&) = default;
};

/// The estimate a published figure makes: `more_than` → strict lower bound, `at_least` →
/// lower bound, `about` → approximate, `exact` → exact.
estimate from_qualifier(double value, qualifier q);

/// The kind of f(x₁, …, xₙ) when f is monotone in each input: `direction[i]` is +1 when f grows
/// with xᵢ, −1 when it falls, 0 when f does not depend on xᵢ. Lower bounds of inputs that
/// push f up (and upper bounds of inputs that push it down) make f a lower bound; a mix of
/// both makes it unbounded; an approximate input makes f approximate. The returned estimate's
/// value is 0: the caller fills it in.
estimate propagate(std::span<const estimate> inputs, std::span<const int> direction);

/// One year of a series.
struct series_point {
    int year = 0;
    double value = 0;
    qualifier qual = qualifier::exact;
    friend bool operator==(const series_point&, const series_point&) = default;
};

/// Values by year, sorted by year with at most one value per year. Years may have gaps.
class yearly_series {
public:
    yearly_series() = default;
    explicit yearly_series(std::string name, std::string unit = "count")
        : name_(std::move(name)), unit_(std::move(unit)) {}

    const std::string& name() const noexcept { return name_; }
    const std::string& unit() const noexcept { return unit_; }
    void set_name(std::string n) { name_ = std::move(n); }
    void set_unit(std::string u) { unit_ = std::move(u); }

    /// Sets (adds or replaces) the value of `year`; validation_error for a year outside the
    /// years civica's dates take (in_date_years, 1900..2200).
    void set(int year, double value, qualifier q = qualifier::exact);
    bool contains(int year) const;
    /// The point of `year`; throws not_found_error listing the years the series has.
    const series_point& at(int year) const;
    const series_point* find(int year) const;
    /// The value of `year` as an estimate (a bound when the point has a qualifier).
    estimate value_at(int year) const { const auto& p = at(year); return from_qualifier(p.value, p.qual); }

    const std::vector<series_point>& points() const noexcept { return points_; }
    std::vector<int> years() const;
    std::vector<double> values() const;
    std::size_t size() const noexcept { return points_.size(); }
    bool empty() const noexcept { return points_.empty(); }
    /// True when some point is not exact.
    bool has_bounds() const;

    friend bool operator==(const yearly_series&, const yearly_series&) = default;

private:
    std::string name_;
    std::string unit_ = "count";
    std::vector<series_point> points_;
};

/// The published figures of `key` over the years, for a territory (empty: the dataset's own
/// territory) and breakdown (empty: the total). Keeps every figure's qualifier. A territory the
/// dataset does not know (dataset::require_territory: not its own, none of its municipalities'
/// ids or names, no territory of its figures) is a not_found_error naming the closest one; a
/// known territory, or a key, without figures gives an empty series.
yearly_series series_from_indicators(const dataset& ds, std::string_view key,
                                     std::string_view territory = {}, std::string_view breakdown = {});

/// The change from one point of a series to the next one present (which may be years later).
struct change {
    int from_year = 0;
    int to_year = 0;
    int years = 0;          ///< to_year − from_year (1 for consecutive years)
    estimate from;
    estimate to;
    estimate absolute;      ///< to − from
    estimate relative;      ///< to / from − 1 over the whole gap (not annualised); NaN when from is 0
};

/// The change between every two neighbouring points of the series.
std::vector<change> year_on_year(const yearly_series& s);

/// Compound annual growth rate (last / first)^(1 / years) − 1. `years` is the distance between
/// the two years (2017 → 2020 is 3), not the number of values. Throws validation_error unless
/// first > 0, last ≥ 0 and years > 0, all finite (a NaN or an infinity is named in the message).
double cagr(double first, double last, double years);
/// The same for estimates: a lower bound on `last` makes the rate a lower bound, a lower bound
/// on `first` makes it an upper bound, and so on. From a first value of 0 the rate is NaN and
/// `unbounded`, as year_on_year's relative change from 0 (a negative first value is refused).
estimate cagr(const estimate& first, const estimate& last, double years);

/// CAGR between two years of a series.
struct growth {
    int from_year = 0;
    int to_year = 0;
    int years = 0;
    estimate first;
    estimate last;
    estimate rate;  ///< compound annual growth rate (0.951 means +95.1 % a year)
};
/// CAGR between `from_year` and `to_year` of `s` (both must be present; throws not_found_error
/// otherwise, validation_error when to_year ≤ from_year).
growth cagr(const yearly_series& s, int from_year, int to_year);

}  // namespace civica::analysis
