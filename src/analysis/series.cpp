#include "civica/analysis/series.hpp"

#include "civica/core/date.hpp"
#include "civica/error.hpp"
#include "civica/model/dataset.hpp"
#include "civica/text/text.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace civica::analysis {
namespace {
constexpr std::array<std::string_view, 5> kind_names{"exact", "lower_bound", "upper_bound",
                                                     "approximate", "unbounded"};
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::string_view to_string(estimate_kind k) { return enum_name(kind_names, static_cast<std::size_t>(k), "estimate kind"); }

estimate_kind parse_estimate_kind(std::string_view s) {
    for (std::size_t i = 0; i < kind_names.size(); ++i)
        if (kind_names[i] == s) return static_cast<estimate_kind>(i);
    throw validation_error("\"" + std::string(s) +
                           "\" is not an estimate kind (one of: exact, lower_bound, upper_bound, approximate, unbounded)");
}

estimate from_qualifier(double value, qualifier q) {
    switch (q) {
        case qualifier::exact: return {value, estimate_kind::exact, false};
        case qualifier::more_than: return {value, estimate_kind::lower_bound, true};
        case qualifier::at_least: return {value, estimate_kind::lower_bound, false};
        case qualifier::about: return {value, estimate_kind::approximate, false};
    }
    return {value, estimate_kind::unbounded, false};
}

estimate propagate(std::span<const estimate> inputs, std::span<const int> direction) {
    if (inputs.size() != direction.size())
        throw validation_error("propagate: " + std::to_string(inputs.size()) + " inputs but " +
                               std::to_string(direction.size()) + " directions");
    bool lower = false, upper = false, approx = false, unbounded = false, strict = false;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (direction[i] == 0) continue;
        const auto& in = inputs[i];
        switch (in.kind) {
            case estimate_kind::exact: break;
            case estimate_kind::approximate: approx = true; break;
            case estimate_kind::unbounded: unbounded = true; break;
            case estimate_kind::lower_bound:
            case estimate_kind::upper_bound: {
                // A lower bound on an input that raises f bounds f from below, and so on.
                const bool raises = (in.kind == estimate_kind::lower_bound) == (direction[i] > 0);
                (raises ? lower : upper) = true;
                strict = strict || in.strict;
                break;
            }
        }
    }
    estimate out;
    if (unbounded || (lower && upper)) {
        out.kind = estimate_kind::unbounded;
    } else if (approx) {
        // "about x" combined with anything, even a bound, is only approximate.
        out.kind = estimate_kind::approximate;
    } else if (lower || upper) {
        out.kind = lower ? estimate_kind::lower_bound : estimate_kind::upper_bound;
        out.strict = strict;
    }
    return out;
}

// ---------------------------------------------------------------- yearly_series

void yearly_series::set(int year, double value, qualifier q) {
    // The years civica's dates take: a year's difference from another then fits any count.
    if (!in_date_years(year))
        throw validation_error("series \"" + name_ + "\": the year " + std::to_string(year) + " is outside " +
                               date_years_text());
    auto it = std::lower_bound(points_.begin(), points_.end(), year,
                               [](const series_point& p, int y) { return p.year < y; });
    if (it != points_.end() && it->year == year) {
        it->value = value;
        it->qual = q;
    } else {
        points_.insert(it, series_point{year, value, q});
    }
}

const series_point* yearly_series::find(int year) const {
    auto it = std::lower_bound(points_.begin(), points_.end(), year,
                               [](const series_point& p, int y) { return p.year < y; });
    return it != points_.end() && it->year == year ? &*it : nullptr;
}

bool yearly_series::contains(int year) const { return find(year) != nullptr; }

const series_point& yearly_series::at(int year) const {
    if (const auto* p = find(year)) return *p;
    std::string have;
    for (const auto& p : points_) have += (have.empty() ? "" : ", ") + std::to_string(p.year);
    throw not_found_error("series \"" + name_ + "\" has no value for " + std::to_string(year) +
                          (have.empty() ? std::string("; it is empty") : "; it has " + have));
}

std::vector<int> yearly_series::years() const {
    std::vector<int> out;
    out.reserve(points_.size());
    for (const auto& p : points_) out.push_back(p.year);
    return out;
}

std::vector<double> yearly_series::values() const {
    std::vector<double> out;
    out.reserve(points_.size());
    for (const auto& p : points_) out.push_back(p.value);
    return out;
}

bool yearly_series::has_bounds() const {
    return std::any_of(points_.begin(), points_.end(),
                       [](const series_point& p) { return p.qual != qualifier::exact; });
}

yearly_series series_from_indicators(const dataset& ds, std::string_view key, std::string_view territory,
                                     std::string_view breakdown) {
    // A territory the dataset does not know (a misspelt id or name) is a not_found_error naming
    // the closest one, as for every analysis that takes a territory: an empty series would read
    // as "no figures". A known territory without figures is an empty series.
    ds.require_territory(territory);
    yearly_series s(std::string(key), std::string(default_unit(key).empty() ? "count" : default_unit(key)));
    std::vector<int> years;
    for (const auto& ind : ds.indicators())
        if (ind.key == key && ind.breakdown == breakdown) years.push_back(ind.year);
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    for (int y : years) {
        if (const indicator* ind = ds.find_indicator(key, y, territory, breakdown)) {
            s.set(y, ind->value, ind->qual);
            if (!ind->unit.empty()) s.set_unit(ind->unit);
        }
    }
    return s;
}

// ---------------------------------------------------------------- changes and growth

std::vector<change> year_on_year(const yearly_series& s) {
    std::vector<change> out;
    const auto& pts = s.points();
    for (std::size_t i = 1; i < pts.size(); ++i) {
        change c;
        c.from_year = pts[i - 1].year;
        c.to_year = pts[i].year;
        c.years = c.to_year - c.from_year;
        c.from = from_qualifier(pts[i - 1].value, pts[i - 1].qual);
        c.to = from_qualifier(pts[i].value, pts[i].qual);
        const std::array<estimate, 2> in{c.from, c.to};
        const std::array<int, 2> dir{-1, +1};  // both changes fall with `from` and grow with `to`
        c.absolute = propagate(in, dir);
        c.absolute.value = c.to.value - c.from.value;
        if (c.from.value > 0) {
            c.relative = propagate(in, dir);
            c.relative.value = c.to.value / c.from.value - 1.0;
        } else {
            c.relative = {nan, estimate_kind::unbounded, false};
        }
        out.push_back(c);
    }
    return out;
}

double cagr(double first, double last, double years) {
    // NaN and the infinities are refused too, and named (text::number_in_message).
    if (!(first > 0) || std::isinf(first))
        throw validation_error("cagr: the first value " + text::number_in_message(first) +
                               " must be a positive finite number (growth from zero or below has no rate)");
    if (!(last >= 0) || std::isinf(last))
        throw validation_error("cagr: the last value " + text::number_in_message(last) +
                               " must be a finite number, not negative");
    if (!(years > 0) || std::isinf(years))
        throw validation_error("cagr: the number of years " + text::number_in_message(years) +
                               " must be a positive finite number");
    return std::pow(last / first, 1.0 / years) - 1.0;
}

estimate cagr(const estimate& first, const estimate& last, double years) {
    // Growth from 0 has no rate, and says so as year_on_year's relative change from 0 does
    // (unbounded, NaN), where the rate of plain numbers is refused: a series whose first year
    // had no winner gave growth() a ValidationError and year_on_year() an answer.
    if (first.value == 0) {
        (void)cagr(1.0, last.value, years);  // the last value and the years as checked for any rate
        return {std::numeric_limits<double>::quiet_NaN(), estimate_kind::unbounded, false};
    }
    const std::array<estimate, 2> in{first, last};
    const std::array<int, 2> dir{-1, +1};
    estimate out = propagate(in, dir);
    out.value = cagr(first.value, last.value, years);
    return out;
}

growth cagr(const yearly_series& s, int from_year, int to_year) {
    if (to_year <= from_year)
        throw validation_error("cagr of \"" + s.name() + "\": the end year " + std::to_string(to_year) +
                               " must come after the start year " + std::to_string(from_year));
    growth g;
    g.from_year = from_year;
    g.to_year = to_year;
    g.first = s.value_at(from_year);  // not_found_error for a year the series lacks: its years
    g.last = s.value_at(to_year);     // are 1900..2200, so their difference fits
    g.years = to_year - from_year;
    g.rate = cagr(g.first, g.last, g.years);
    return g;
}

}  // namespace civica::analysis
