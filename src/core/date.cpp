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

/// Writes `YYYY-MM-DD` (ten characters) of a year of four digits.
void write_iso(char* out, unsigned y, unsigned m, unsigned d) {
    out[0] = static_cast<char>('0' + y / 1000);
    out[1] = static_cast<char>('0' + y / 100 % 10);
    out[2] = static_cast<char>('0' + y / 10 % 10);
    out[3] = static_cast<char>('0' + y % 10);
    out[4] = '-';
    out[5] = static_cast<char>('0' + m / 10);
    out[6] = static_cast<char>('0' + m % 10);
    out[7] = '-';
    out[8] = static_cast<char>('0' + d / 10);
    out[9] = static_cast<char>('0' + d % 10);
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

namespace {

/// `n` digits at `at` of `s` as a number of at most `most`; -1 when they are not there.
int digits(std::string_view s, std::size_t at, std::size_t n, int most) {
    if (at + n > s.size()) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v <= most ? v : -1;
}

/// Whether `s` is the time of a date-time (ISO 8601, as 360Giving and spreadsheets write it):
/// `H:MM` or `HH:MM`, then `:SS` (a leap second too) and a fraction if any, then `Z` or an
/// offset `±HH:MM`, `±HHMM`, `±HH` if any. After a `T` (`after_t`), also `HH` alone followed by
/// `Z` or an offset (ISO 8601's reduced precision, which the Popolo schema's date-times allow:
/// `2020-02-27T10Z`).
bool is_time_of_day(std::string_view s, bool after_t) {
    std::size_t at = s.size() > 1 && s[1] == ':' ? 1 : 2;
    if (digits(s, 0, at, 23) < 0) return false;
    const bool hour_alone = after_t && at == 2 && at < s.size() && (s[at] == 'Z' || s[at] == '+' || s[at] == '-');
    if (!hour_alone) {
        if (at >= s.size() || s[at] != ':' || digits(s, at + 1, 2, 59) < 0) return false;
        at += 3;
        if (at < s.size() && s[at] == ':') {
            if (digits(s, at + 1, 2, 60) < 0) return false;
            at += 3;
            if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
                const std::size_t from = ++at;
                while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
                if (at == from) return false;
            }
        }
    }
    if (at == s.size()) return true;
    if (s[at] == 'Z') return at + 1 == s.size();
    if (s[at] != '+' && s[at] != '-') return false;
    const std::string_view zone = s.substr(at + 1);
    if (zone.size() == 2) return digits(zone, 0, 2, 23) >= 0;
    if (zone.size() == 4) return digits(zone, 0, 2, 23) >= 0 && digits(zone, 2, 2, 59) >= 0;
    return zone.size() == 5 && digits(zone, 0, 2, 23) >= 0 && zone[2] == ':' && digits(zone, 3, 2, 59) >= 0;
}

}  // namespace

day_number parse_day_number(std::string_view text) {
    std::string_view s = text;
    // Date-times: keep the date part (360Giving files mix "2011-01-18" and "2020-11-03T00:00:00+00:00"),
    // after a time that is one; anything else after the date is not a date.
    if (s.size() > 10 && (s[10] == 'T' || s[10] == ' ')) {
        if (!is_time_of_day(s.substr(11), s[10] == 'T'))
            throw parse_error("\"" + std::string(text) + "\" is not a date (use YYYY-MM-DD; a time after it is "
                              "HH:MM or HH:MM:SS, with Z or an offset such as +03:00 if any, or THH with one)");
        s = s.substr(0, 10);
    }
    int y = 0, m = 0, d = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_int(s.substr(0, 4), y) ||
        !read_int(s.substr(5, 2), m) || !read_int(s.substr(8, 2), d)) {
        throw parse_error("\"" + std::string(text) + "\" is not a date (use YYYY-MM-DD)");
    }
    // Boost.Date_Time supports years 1400..9999; civica reads earliest_year..latest_year.
    if (!in_date_years(y))
        throw parse_error("\"" + std::string(text) + "\": year " + std::to_string(y) + " is outside " +
                          date_years_text());
    if (m < 1 || m > 12)
        throw parse_error("\"" + std::string(text) + "\": month " + std::to_string(m) +
                          " is not 1..12");
    const auto last = static_cast<int>(days_in_month(y, static_cast<unsigned>(m)));
    if (d < 1 || d > last)
        throw parse_error("\"" + std::string(text) + "\" is not a day: " + std::to_string(y) +
                          "-" + (m < 10 ? "0" : "") + std::to_string(m) + " has " +
                          std::to_string(last) + " days");
    return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

date parse_partial_date(std::string_view text, bool end) {
    const int y = digits(text, 0, 4, 9999);
    const bool year_alone = text.size() == 4 && y >= 0;
    const int month = text.size() == 7 && text[4] == '-' && y >= 0 ? digits(text, 5, 2, 99) : -1;
    if (!year_alone && month < 0) return parse_date(text);
    const int m = year_alone ? (end ? 12 : 1) : month;
    if (!in_date_years(y))
        throw parse_error("\"" + std::string(text) + "\": year " + std::to_string(y) + " is outside " + date_years_text());
    if (m < 1 || m > 12) throw parse_error("\"" + std::string(text) + "\": month " + std::to_string(m) + " is not 1..12");
    const auto d = end ? days_in_month(y, static_cast<unsigned>(m)) : 1u;
    return from_day_number(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
}

std::string date_years_text() { return std::to_string(earliest_year) + ".." + std::to_string(latest_year); }

std::string day_outside_years(const date& d) {
    if (d.is_not_a_date()) return {};
    if (d.is_special()) return "is an infinite date, not a day of " + date_years_text();
    if (in_date_years(static_cast<int>(d.year()))) return {};
    return format_date(d) + " is outside the years " + date_years_text();
}

date parse_date(std::string_view text) { return from_day_number(parse_day_number(text)); }

day_number parse_day_number_or_russian(std::string_view text) {
    if (text.size() >= 10 && text[4] == '-') return parse_day_number(text);  // ISO, with its own rules
    std::string_view s = text;
    if (const auto space = s.find(' '); space != std::string_view::npos) s = s.substr(0, space);
    const auto first = s.find('.');
    const auto second = first == std::string_view::npos ? first : s.find('.', first + 1);
    if (second == std::string_view::npos)
        throw parse_error("\"" + std::string(text) + "\" is not a date (use YYYY-MM-DD or DD.MM.YYYY)");
    int y = 0, m = 0, d = 0;
    const auto day = s.substr(0, first), month = s.substr(first + 1, second - first - 1), year = s.substr(second + 1);
    if (day.empty() || day.size() > 2 || month.empty() || month.size() > 2 || year.size() != 4 || !read_int(day, d) ||
        !read_int(month, m) || !read_int(year, y))
        throw parse_error("\"" + std::string(text) + "\" is not a date (use YYYY-MM-DD or DD.MM.YYYY)");
    char iso[10];
    write_iso(iso, static_cast<unsigned>(y), static_cast<unsigned>(m), static_cast<unsigned>(d));
    try {
        return parse_day_number(std::string_view(iso, 10));
    } catch (const parse_error& e) {
        // The same rule, said of the text as the file has it.
        std::string why = e.reason();
        const std::string shown = "\"" + std::string(iso, 10) + "\"";
        if (const auto at = why.find(shown); at != std::string::npos) why.replace(at, shown.size(), "\"" + std::string(text) + "\"");
        throw parse_error(why);
    }
}

std::optional<date> parse_optional_date(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return parse_date(text);
}

bool format_day_number(day_number n, char* out) noexcept {
    // The inverse of days_from_civil (same source).
    if (n < days_from_civil(0, 1, 1) || n > days_from_civil(9999, 12, 31)) return false;
    const day_number z = n + 719468;
    const day_number era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const auto y = static_cast<unsigned>(static_cast<day_number>(yoe) + era * 400 + (m <= 2));
    write_iso(out, y, m, d);
    return true;
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
