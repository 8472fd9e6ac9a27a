#pragma once
/// \file
/// Exports of a personal reporting calendar: iCalendar (RFC 5545), CSV and Markdown.
///
/// ```cpp
/// auto cal = civica::calendar::reporting_calendar(profile, 2021);
/// std::ofstream("ngo-2021.ics", std::ios::binary) << civica::calendar::to_icalendar(cal);
/// ```
///
/// Design notes
/// - Every deadline is an all-day VEVENT whose UID derives from the deadline's key (rule,
///   grant, period), not from its date: importing a re-generated calendar updates the events
///   (for instance after a newer production calendar moved one) instead of duplicating them.
///   In the key and the prefix ASCII letters, digits, '.', '_' and '-' stay, other ASCII
///   characters become '-', and each byte of a non-ASCII character is written "%XX" (UTF-8,
///   upper-case hex), so ids that differ in a Cyrillic letter give different UIDs.
/// - Lines are folded at 75 octets without splitting a UTF-8 character (RFC 5545 3.1) and
///   end in CRLF; TEXT values escape backslash, semicolon, comma and newline (3.3.11).

#include "civica/calendar/reporting_calendar.hpp"

#include <string>
#include <string_view>

namespace civica::calendar {

/// Options of the iCalendar export.
struct ics_options {
    /// Days before the deadline for the reminder (VALARM), which fires at 09:00 local time on
    /// that day: 0..365, 0 for no reminder (to_icalendar throws civica::validation_error for
    /// another number).
    int alarm_days = 3;
    /// Right-hand side of UIDs ("rsv-2023-Q1@civica.calendar"): a domain name, ASCII letters,
    /// digits and '-' in labels joined by '.'; to_icalendar throws civica::validation_error
    /// naming uid_domain for anything else.
    std::string uid_domain = "civica.calendar";
    /// Put before each UID to keep the calendars of several organisations apart (e.g. an INN).
    std::string uid_prefix;
    /// X-WR-CALNAME; empty: "Отчётность НКО, 2021 — <organisation>" (or the English form).
    std::string calendar_name;
    /// DTSTAMP of every event as "YYYYMMDDTHHMMSSZ" (a UTC date and time, e.g.
    /// "20210101T090000Z"); empty: the current UTC time. to_icalendar throws
    /// civica::validation_error for anything else.
    std::string dtstamp;
};

/// The one-line title of a deadline: "6-НДФЛ за 2022 год", "VAT return for Q1 2023". The
/// deadline's report and period are already in the language of its calendar
/// (calendar_options::lang); `lang` only joins them ("за" or "for"), so pass the calendar's
/// own (personal_calendar::lang), as the exports do.
std::string deadline_title(const deadline& d, language lang);

/// The calendar as an iCalendar text (CRLF line ends, folded lines). A calendar without a
/// deadline is a validation_error: an iCalendar file holds at least one event (RFC 5545 3.6).
std::string to_icalendar(const personal_calendar& cal, const ics_options& options = {});

/// The deadlines as CSV for a spreadsheet (UTF-8, header line; columns: date, original_date,
/// shifted, title, report, recipient, period, period_start, period_end, basis, note,
/// obligation_id, grant_id, verified, key). RFC 4180 quoting with LF line ends, as every civica
/// CSV (text::csv_writer). A cell that starts with '=', '+', '-', '@', a tab or a carriage
/// return gets a single quote in front (text::spreadsheet_text), so a spreadsheet shows it as
/// text instead of running it as a formula.
std::string to_csv(const personal_calendar& cal);

/// The calendar as a Markdown document: a table of deadlines and a list of obligations
/// without a fixed date.
std::string to_markdown(const personal_calendar& cal);

/// Escapes a TEXT value for iCalendar (backslash, semicolon, comma, newline). Throws
/// civica::validation_error for a control character other than tab, line feed and carriage
/// return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+007F), which TEXT cannot carry
/// (RFC 5545 3.3.11, TSAFE-CHAR); to_icalendar names the value that holds one.
std::string ics_escape(std::string_view text);
/// Folds one content line (without its CRLF) to lines of at most 75 octets, CRLF-separated,
/// never splitting a UTF-8 character. The result ends in CRLF.
std::string ics_fold(std::string_view line);

}  // namespace civica::calendar
