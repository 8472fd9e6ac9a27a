#include "civica/core/date.hpp"

#include "civica/error.hpp"

#include <charconv>
#include <cstdio>

namespace civica {
namespace {

const date& epoch() {
    static const date e(1970, 1, 1);
    return e;
}

bool read_int(std::string_view s, int& out) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

}  // namespace

day_number to_day_number(const date& d) {
    if (d.is_special()) return missing_day;
    return (d - epoch()).days();
}

date from_day_number(day_number n) {
    if (n == missing_day) return date();
    // Boost.Date_Time represents 1400-01-01..9999-12-31 only; outside that range `epoch + n`
    // would yield a date object whose every accessor throws (or wraps around silently).
    constexpr day_number first = -208188;  // 1400-01-01
    constexpr day_number last = 2932896;   // 9999-12-31
    if (n < first || n > last)
        throw validation_error("day number " + std::to_string(n) +
                               " is outside the supported dates 1400-01-01..9999-12-31 (" +
                               std::to_string(first) + ".." + std::to_string(last) + ")");
    return epoch() + boost::gregorian::date_duration(static_cast<long>(n));
}

date parse_date(std::string_view text) {
    std::string_view s = text;
    // Date-times: keep the date part (360Giving files mix "2011-01-18" and "2020-11-03T00:00:00+00:00").
    if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) s = s.substr(0, 10);
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_int(s.substr(0, 4), y) ||
        !read_int(s.substr(5, 2), m) || !read_int(s.substr(8, 2), d)) {
        throw parse_error("\"" + std::string(text) + "\" is not a date (use YYYY-MM-DD)");
    }
    // Boost.Date_Time supports years 1400..9999; civica accepts 1900..2200, enough for
    // registrations and grant periods, and rejects typos like year 0 or 20201.
    if (y < 1900 || y > 2200)
        throw parse_error("\"" + std::string(text) + "\": year " + std::to_string(y) +
                          " is outside 1900..2200");
    if (m < 1 || m > 12)
        throw parse_error("\"" + std::string(text) + "\": month " + std::to_string(m) +
                          " is not 1..12");
    const int last = boost::gregorian::gregorian_calendar::end_of_month_day(
        static_cast<unsigned short>(y), static_cast<unsigned short>(m));
    if (d < 1 || d > last)
        throw parse_error("\"" + std::string(text) + "\" is not a day: " + std::to_string(y) +
                          "-" + (m < 10 ? "0" : "") + std::to_string(m) + " has " +
                          std::to_string(last) + " days");
    return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
}

std::optional<date> parse_optional_date(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return parse_date(text);
}

std::string format_date(const date& d) {
    if (d.is_special()) return {};
    char buf[16];
    const auto ymd = d.year_month_day();
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(ymd.year),
                  static_cast<int>(ymd.month), static_cast<int>(ymd.day));
    return buf;
}

}  // namespace civica
