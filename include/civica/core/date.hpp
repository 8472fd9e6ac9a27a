#pragma once
/// \file
/// Calendar dates (Boost.Date_Time) and the compact day numbers used in columnar tables.

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace civica {

/// A calendar date. `date()` (not_a_date_time) means "unknown".
using date = boost::gregorian::date;

/// Days since 1970-01-01, the storage form of dates in columns. Chosen so that a column of
/// day numbers is bit-compatible with numpy's datetime64[D] (and missing == NaT).
using day_number = std::int64_t;

/// The day number that stands for a missing date (numpy's NaT).
inline constexpr day_number missing_day = std::numeric_limits<std::int64_t>::min();

/// The day number of `d`, or `missing_day` when `d` is not a date.
day_number to_day_number(const date& d);
/// The date of day number `n`; `date()` for `missing_day`. Throws civica::validation_error for
/// a day number outside 1400-01-01..9999-12-31 (the range Boost.Date_Time represents).
date from_day_number(day_number n);

/// Parse an ISO date `YYYY-MM-DD`. Also accepts an ISO date-time whose first ten characters
/// are such a date (`2020-11-03T00:00:00+00:00`), keeping the date part.
/// Throws civica::parse_error naming the rule broken (e.g. "2021-02-30 is not a day of February 2021").
date parse_date(std::string_view text);
/// Like parse_date, but returns nullopt for empty text.
std::optional<date> parse_optional_date(std::string_view text);
/// ISO form `YYYY-MM-DD`; empty string for a missing date.
std::string format_date(const date& d);

/// An inclusive span of days, e.g. an application window or an implementation period.
/// Either end may be missing (open).
struct period {
    date start;
    date end;

    bool has_start() const { return !start.is_not_a_date(); }
    bool has_end() const { return !end.is_not_a_date(); }
    /// True unless both ends are known and end < start.
    bool valid() const { return !(has_start() && has_end() && end < start); }
    bool contains(const date& d) const {
        return (!has_start() || !(d < start)) && (!has_end() || !(end < d));
    }
    friend bool operator==(const period& a, const period& b) {
        return a.start == b.start && a.end == b.end;
    }
};

}  // namespace civica
