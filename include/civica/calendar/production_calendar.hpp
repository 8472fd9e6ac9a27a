#pragma once
/// \file
/// The Russian production calendar (производственный календарь): which days are working,
/// shortened or non-working, with holidays, transfers of days off and days made non-working
/// by presidential decree.
///
/// ```cpp
/// const auto& cal = civica::calendar::production_calendar::bundled();
/// cal.is_working_day(civica::date(2024, 4, 27));          // true: a working Saturday
/// cal.add_working_days(civica::date(2021, 10, 29), 1);    // 2021-11-08
/// ```
///
/// Design notes
/// - Only special days are stored (holidays, transfers, decree days, shortened days, working
///   weekends); every other Saturday and Sunday is a day off and every other weekday is
///   working (Labour Code art. 111, 112).
/// - A calendar knows a set of years. Asking about a day of another year is an error that
///   names the known years, unless the caller chose `unknown_year_policy::weekends_only`.
///   Guessing from weekends would silently misplace deadlines after a holiday.
/// - Loading an xmlcalendar file replaces everything known about that year, so a newer
///   calendar published for the current year corrects the bundled one.

#include "civica/text/data_dir.hpp"
#include "civica/core/date.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace civica::calendar {

/// Working, shortened working or non-working: what a day means for deadlines and timesheets.
enum class day_type {
    working,      ///< an ordinary working day
    shortened,    ///< a working day one hour shorter before a holiday (Labour Code art. 95)
    non_working,  ///< a weekend, a holiday, a transferred day off or a decree day off
};

/// Why a day is what it is.
enum class day_kind {
    weekday,                    ///< an ordinary Monday..Friday, working
    weekend,                    ///< an ordinary Saturday or Sunday, day off
    holiday,                    ///< a public holiday of Labour Code art. 112 p.1
    transferred_day_off,        ///< a day off moved here from a weekend or holiday (art. 112 p.5)
    decree_day_off,             ///< made non-working by a decree of the President (2020, 2021)
    shortened,                  ///< a working weekday before a holiday, one hour shorter
    working_weekend,            ///< a Saturday or Sunday made working by a transfer
    working_weekend_shortened,  ///< a working Saturday or Sunday that is also shortened
};

/// The identifier used in data files: "holiday", "transferred_day_off", ...
std::string_view to_string(day_kind k);
/// Parses the identifiers of to_string; throws civica::parse_error for anything else.
day_kind parse_day_kind(std::string_view text);
/// "working", "shortened" or "non_working".
std::string_view to_string(day_type t);

/// A day that differs from the weekday/weekend rule, as stored in a calendar.
struct special_day {
    date day;
    day_kind kind = day_kind::holiday;
    date transferred_from;  ///< for transferred days off, when known; otherwise not a date
    std::string name;       ///< holiday or decree name, may be empty
};

/// What to do with a date in a year the calendar does not know.
enum class unknown_year_policy {
    error,          ///< throw civica::not_found_error naming the known years (the default)
    weekends_only,  ///< treat Saturdays and Sundays as days off and nothing else (a guess)
};

/// A production calendar: a set of known years and the special days in them.
class production_calendar {
public:
    /// An empty calendar that knows no year.
    production_calendar() = default;

    /// The calendar bundled with civica (2016–2027), loaded once from
    /// `<data>/calendar/ru-production-calendar.csv`, where `<data>` is the environment
    /// variable CIVICA_DATA_DIR if set, else the folder civica was built or installed with
    /// (civica/text/data_dir.hpp). Throws civica::io_error when neither is known.
    static const production_calendar& bundled();

    /// Reads a calendar in civica's CSV form (`date,kind,transferred_from,name`, one special
    /// day a line). The known years are the years that appear in the file.
    /// Throws civica::io_error if the file cannot be read and civica::parse_error (file, line,
    /// field) for a bad row.
    static production_calendar from_csv(const std::filesystem::path& file);
    /// Same, from text; `source_name` is used in error messages.
    static production_calendar from_csv_text(std::string_view text,
                                             const std::string& source_name = "<text>");

    /// Reads one year in the xmlcalendar format (`<calendar year="2025">` with
    /// `<day d="MM.DD" t="1|2|3" h="id" f="MM.DD"/>`; t=1 day off, t=2 shortened working day,
    /// t=3 working day; see docs/calendar.md).
    static production_calendar from_xmlcalendar(const std::filesystem::path& file);
    /// Same, from text; `source_name` is used in error messages.
    static production_calendar from_xmlcalendar_text(std::string_view text,
                                                     const std::string& source_name = "<text>");

    /// Adds the years of `other`, replacing what this calendar knew about them.
    void merge(const production_calendar& other);
    /// Reads an xmlcalendar file and merges it: `cal.load_xmlcalendar("ru/2028/calendar.xml")`.
    void load_xmlcalendar(const std::filesystem::path& file);

    /// Marks `year` as known with no special days other than those added with add_day.
    void add_year(int year);
    /// Adds or replaces one special day; its year becomes known.
    void add_day(special_day day);

    void set_unknown_year_policy(unknown_year_policy p) { policy_ = p; }
    unknown_year_policy get_unknown_year_policy() const { return policy_; }

    /// The known years, ascending.
    std::vector<int> years() const { return {years_.begin(), years_.end()}; }
    bool knows_year(int year) const { return years_.count(year) != 0; }
    /// The stored special days, in date order.
    std::vector<special_day> special_days() const;
    /// The special day stored for `d`, or nullptr.
    const special_day* find(const date& d) const;

    /// Why `d` is working or not. Throws civica::not_found_error for an unknown year under
    /// the `error` policy.
    day_kind kind(const date& d) const;
    /// Working, shortened or non-working.
    day_type type(const date& d) const;
    bool is_working_day(const date& d) const { return type(d) != day_type::non_working; }
    bool is_shortened_day(const date& d) const { return type(d) == day_type::shortened; }

    /// The first working day strictly after `d`.
    date next_working_day(const date& d) const;
    /// The last working day strictly before `d`.
    date previous_working_day(const date& d) const;
    /// `d` itself if it is a working day, else the next working day: how a deadline that
    /// falls on a day off moves (Tax Code art. 6.1 p.7; Civil Code art. 193).
    date roll_forward(const date& d) const;
    /// The day reached by stepping over `n` working days from `d` (not counting `d`);
    /// backwards for negative `n`; `d` itself for 0. From a Friday, +1 is the next working
    /// day after it; from a Saturday, +1 is the first working day after the weekend.
    date add_working_days(const date& d, long n) const;
    /// The number of working days in [a, b): `a` counted, `b` not (negative if b < a).
    /// For a working day `a`, `working_days_between(a, add_working_days(a, n)) == n`.
    long working_days_between(const date& a, const date& b) const;

private:
    void check_year(int year) const;

    std::set<int> years_;
    std::map<date, special_day> days_;
    unknown_year_policy policy_ = unknown_year_policy::error;
};

}  // namespace civica::calendar
