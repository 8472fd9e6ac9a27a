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

/// Days since 1970-01-01 of a proleptic Gregorian date, without range checks (the era-based
/// civil-calendar formula: H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
constexpr day_number days_from_civil(int y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<day_number>(era) * 146097 + static_cast<day_number>(doe) - 719468;
}
/// True for a Gregorian leap year.
constexpr bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
/// Days of month `m` (1..12) of year `y`; 0 for a month outside 1..12.
constexpr unsigned days_in_month(int y, unsigned m) noexcept {
    constexpr unsigned n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap_year(y) ? 29 : n[m - 1];
}
static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2000, 3, 1) == 11017);

/// Writes day number `n` as `YYYY-MM-DD` into out[0..10) (no terminating zero) and returns
/// true, or returns false and writes nothing when `n` is missing_day or outside years 0..9999.
/// The same text as format_date(from_day_number(n)), without building a date.
bool format_day_number(day_number n, char* out) noexcept;

/// The day number of `d`, or `missing_day` when `d` is not a date.
day_number to_day_number(const date& d);
/// The date of day number `n`; `date()` for `missing_day`. Throws civica::validation_error for
/// a day number outside 1400-01-01..9999-12-31 (the range Boost.Date_Time represents).
date from_day_number(day_number n);

/// The years a date read from data may have: enough for registrations and grant periods,
/// and a typo like year 0 or 20201 is refused. Every reader holds dates to them.
inline constexpr int earliest_year = 1900, latest_year = 2200;
/// Whether `year` is one of earliest_year..latest_year.
constexpr bool in_date_years(int year) noexcept { return year >= earliest_year && year <= latest_year; }
/// "1900..2200": those years as messages name them.
std::string date_years_text();
/// Why `d` is not a day of the years civica's dates take, worded to follow the date's name
/// ("registered " + why): "is an infinite date, not a day of 1900..2200" for ±infinity, or
/// "2201-01-01 is outside the years 1900..2200". Empty for such a day and for a missing date
/// (not_a_date), which each caller allows or refuses by its own rule. The one wording of the
/// rule for every check of a date given in code (a dataset's rows, grant agreements, exports).
std::string day_outside_years(const date& d);

/// Parse an ISO date `YYYY-MM-DD` of a year earliest_year..latest_year. Also accepts such a
/// date followed by `T` or a space and a time, as a date-time is written
/// (`2020-11-03T00:00:00+00:00`, `2020-11-03 10:00`, `2020-11-03 0:00`): `H:MM` or `HH:MM`
/// (or after `T` the hour alone with `Z` or an offset, `2020-02-27T10Z`, as ISO 8601 allows),
/// seconds and a fraction if any, `Z` or an offset if any. The date part is kept; anything
/// else after the date (`2017-01-20 garbage`) is not a date.
/// Throws civica::parse_error naming the rule broken (e.g. "2021-02-30 is not a day of February 2021").
date parse_date(std::string_view text);
/// parse_date's day number: the same text accepted, the same errors.
day_number parse_day_number(std::string_view text);
/// A date that may give only its year or month (`YYYY`, `YYYY-MM`, as ISO 8601 and the Popolo
/// and 360Giving schemas allow where a day is not known), widened to a day: the first day of
/// the year or month for the start of a span, the last for its end (`end`). Anything else is
/// read by parse_date. Throws civica::parse_error naming the rule broken.
date parse_partial_date(std::string_view text, bool end);
/// Like parse_date, but returns nullopt for empty text.
std::optional<date> parse_optional_date(std::string_view text);
/// parse_day_number, or a date written day first with dots, `DD.MM.YYYY` (day and month of
/// one or two digits, optionally followed by a space and a time): the form spreadsheets in a
/// Russian locale save dates in (ГОСТ Р 7.0.97-2016 writes dates so). The same year, month and
/// day rules; errors quote the text as written.
day_number parse_day_number_or_russian(std::string_view text);
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
