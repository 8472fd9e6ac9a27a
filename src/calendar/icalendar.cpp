#include "civica/calendar/icalendar.hpp"

#include "civica/core/date.hpp"
#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/escape.hpp"
#include "civica/text/text.hpp"
#include "text_util.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <sstream>

namespace civica::calendar {
namespace {

std::string ru_date(const date& d) {
    char buf[32];
    const auto v = d.year_month_day();
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", static_cast<int>(v.day), static_cast<int>(v.month),
                  static_cast<int>(v.year));
    return buf;
}

std::string show(const date& d, language lang) { return lang == language::ru ? ru_date(d) : format_date(d); }

std::string ics_date(const date& d) {
    std::string s = format_date(d);
    return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

std::string now_stamp() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
    return buf;
}

// True for a UTC date-time as DTSTAMP takes it (RFC 5545 3.3.5, form #2): "YYYYMMDDTHHMMSSZ"
// with a day of the calendar and a time of day (a leap second allowed).
bool is_utc_stamp(std::string_view s) {
    if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return false;
    int v[6] = {};
    const int width[6] = {4, 2, 2, 2, 2, 2};
    std::size_t at = 0;
    for (int k = 0; k < 6; ++k) {
        if (k == 3) ++at;  // the 'T'
        for (int j = 0; j < width[k]; ++j, ++at) {
            if (s[at] < '0' || s[at] > '9') return false;
            v[k] = v[k] * 10 + (s[at] - '0');
        }
    }
    return v[1] >= 1 && v[1] <= 12 && v[2] >= 1 &&
           v[2] <= static_cast<int>(days_in_month(v[0], static_cast<unsigned>(v[1]))) && v[3] <= 23 &&
           v[4] <= 59 && v[5] <= 60;
}

// UID-safe text. ASCII letters, digits, '.', '_' and '-' stay as they are and every other ASCII
// character becomes '-', as UIDs have been written from the start (a re-imported calendar must
// update its events, not duplicate them). Each byte of a non-ASCII character is written as "%XX"
// (its UTF-8 byte, upper-case hex, as percent-encoding writes it): no ASCII character becomes
// '%', so two texts that differ in a non-ASCII character give different UIDs ("Альфа" is
// "%D0%90%D0%BB%D1%8C%D1%84%D0%B0", where it used to be "----------" like every five-letter
// Cyrillic word).
std::string uid_part(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (c >= 0x80) {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        out += ok ? static_cast<char>(c) : '-';
    }
    return out;
}

// Refuses a uid_domain that is not a domain name: ASCII letters, digits and '-' in labels
// joined by '.'. The domain is written into every UID as it is, so anything else (a line break
// above all, which would start a property of its own in every event) must not get through.
void check_uid_domain(std::string_view domain) {
    const std::string rule =
        "iCalendar export: uid_domain must be a domain name (ASCII letters, digits and '-', labels joined by "
        "'.', e.g. \"civica.calendar\"; an internationalised name in its xn-- form)";
    if (domain.empty()) throw validation_error(rule + ", not empty");
    for (std::size_t i = 0; i < domain.size(); ++i) {
        const auto c = static_cast<unsigned char>(domain[i]);
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.';
        if (ok) continue;
        char what[64];
        if (c > 0x20 && c < 0x7F)
            std::snprintf(what, sizeof what, "'%c'", c);
        else if (c < 0x80)
            std::snprintf(what, sizeof what, "the character U+%04X", c);
        else
            std::snprintf(what, sizeof what, "a non-ASCII byte 0x%02X", c);
        throw validation_error(rule + "; it has " + what + " at byte " + std::to_string(i));
    }
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
        throw validation_error(rule + "; \"" + std::string(domain) + "\" has an empty label");
    // RFC 1123 section 2.1 (host names): a label starts and ends with a letter or a digit, and
    // is at most 63 characters long.
    for (std::size_t start = 0; start < domain.size();) {
        const std::size_t end = std::min(domain.find('.', start), domain.size());
        const std::string_view label = domain.substr(start, end - start);
        if (label.front() == '-' || label.back() == '-')
            throw validation_error(rule + "; its label \"" + std::string(label) + "\" starts or ends with '-'");
        if (label.size() > 63)
            throw validation_error(rule + "; its label \"" + std::string(label.substr(0, 20)) + "…\" is longer than 63 "
                                   "characters");
        start = end + 1;
    }
}

// Text from data or from a catalogue inside a Markdown table: every character that Markdown
// or inline HTML would act on is escaped (a name cannot close the cell with `|`, open a link
// with `](javascript:…)` or smuggle in `<script>`), and a line break becomes a space.
std::string md_cell(std::string_view s) { return civica::text::markdown_escape(s); }

std::string default_name(const personal_calendar& cal) {
    const bool ru = cal.lang == language::ru;
    std::string n = (ru ? "Отчётность НКО, " : "NGO reporting, ") + std::to_string(cal.year);
    if (!cal.organization.empty()) n += " \u2014 " + cal.organization;
    return n;
}

std::string description(const deadline& d, language lang) {
    const bool ru = lang == language::ru;
    std::string s;
    s += (ru ? "Отчёт: " : "Report: ") + d.report + "\n";
    s += (ru ? "Куда: " : "To: ") + d.recipient + "\n";
    s += (ru ? "Период: " : "Period: ") + d.period_label + "\n";
    s += (ru ? "Срок: " : "Due: ") + show(d.due, lang);
    if (d.shifted())
        s += ru ? " (перенесён с " + ru_date(d.original) + ")" : " (moved from " + format_date(d.original) + ")";
    s += "\n";
    s += (ru ? "Основание: " : "Basis: ") + d.basis;
    if (!d.note.empty()) s += "\n" + std::string(ru ? "Примечание: " : "Note: ") + d.note;
    return s;
}

}  // namespace

std::string ics_escape(std::string_view text) {
    if (const std::string p = civica::text::control_character_problem(text); !p.empty())
        throw validation_error("iCalendar TEXT value " + p + ", which RFC 5545 3.3.11 does not allow");
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
            case '\\': out += "\\\\"; break;
            case ';': out += "\\;"; break;
            case ',': out += "\\,"; break;
            case '\n': out += "\\n"; break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') break;  // CRLF -> one \n
                out += "\\n";
                break;
            default: out += c;
        }
    }
    return out;
}

std::string ics_fold(std::string_view line) {
    // RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets excluding the line break; a
    // continuation line starts with one space, which counts towards its 75.
    std::string out;
    std::size_t pos = 0;
    std::size_t limit = 75;
    while (line.size() - pos > limit) {
        std::size_t cut = pos + limit;
        // Back off from a UTF-8 continuation byte (10xxxxxx) to a character boundary; bytes
        // that are not UTF-8 (continuation bytes all the way back) are cut where they are,
        // so that every line moves the fold forward.
        while (cut > pos && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        if (cut == pos) cut = pos + limit;
        out.append(line.substr(pos, cut - pos));
        out += "\r\n ";
        pos = cut;
        limit = 74;
    }
    out.append(line.substr(pos));
    out += "\r\n";
    return out;
}

namespace {

/// A calendar put together by hand is held to what reporting_calendar gives before it is
/// written: every deadline on a day of the years civica's dates take, and its texts UTF-8
/// (a Windows-1251 title was written as is to iCalendar and Markdown, and refused by the CSV
/// writer without naming it). `format` names the export in the message.
void check_exportable(const personal_calendar& cal, std::string_view format) {
    const auto fail = [&](const deadline& d, const std::string& why) {
        throw validation_error(std::string(format) + " export: the deadline \"" + civica::text::utf8_or_escaped(d.key) +
                               "\": " + why);
    };
    const auto check_text = [&](const std::string& text, const std::string& what) {
        if (auto why = civica::text::text_value_problem(text, what); !why.empty())
            throw validation_error(std::string(format) + " export: " + why);
    };
    check_text(cal.organization, "the organisation's name");
    for (const event_obligation& e : cal.event_driven)
        for (const auto& [text, what] : {std::pair{&e.report, "report"}, std::pair{&e.recipient, "recipient"},
                                         std::pair{&e.when, "deadline"}, std::pair{&e.basis, "basis"},
                                         std::pair{&e.note, "note"}, std::pair{&e.obligation_id, "id"}})
            check_text(*text, "the " + std::string(what) + " of the obligation without a date \"" +
                                  civica::text::utf8_or_escaped(e.obligation_id) + "\"");
    for (const deadline& d : cal.deadlines) {
        for (const auto& [day, what] : {std::pair{&d.due, "due"}, std::pair{&d.original, "original"}}) {
            const std::string name = std::string("its ") + what + " date ";
            if (day->is_not_a_date()) fail(d, name + "is missing");
            if (const std::string why = day_outside_years(*day); !why.empty()) fail(d, name + why);
        }
        for (const auto& [text, what] : {std::pair{&d.key, "key"}, std::pair{&d.report, "report"},
                                         std::pair{&d.recipient, "recipient"}, std::pair{&d.period_label, "period"},
                                         std::pair{&d.basis, "basis"}, std::pair{&d.note, "note"},
                                         std::pair{&d.obligation_id, "obligation_id"}, std::pair{&d.grant_id, "grant_id"}})
            if (auto why = civica::text::text_value_problem(*text, std::string("its ") + what); !why.empty()) fail(d, why);
    }
}

}  // namespace

std::string deadline_title(const deadline& d, language lang) {
    return d.report + (lang == language::ru ? " за " : " for ") + d.period_label;
}

std::string to_icalendar(const personal_calendar& cal, const ics_options& o) {
    check_exportable(cal, "iCalendar");
    // RFC 5545 3.6: a calendar holds at least one component; a file of none is refused by the
    // programs it is for (an organisation registered after the year has no deadline in it).
    if (cal.deadlines.empty())
        throw validation_error("iCalendar export: the calendar of " + std::to_string(cal.year) +
                               " has no deadline, and an iCalendar file must hold at least one event (RFC 5545 "
                               "3.6); there is nothing to import");
    if (auto why = civica::text::text_value_problem(o.calendar_name, "calendar_name"); !why.empty())
        throw validation_error("iCalendar export: " + why);
    if (o.alarm_days < 0 || o.alarm_days > 365)
        throw validation_error("iCalendar export: alarm_days must be 0..365, not " + std::to_string(o.alarm_days));
    check_uid_domain(o.uid_domain);
    const language lang = cal.lang;
    const bool ru = lang == language::ru;
    const std::string stamp = o.dtstamp.empty() ? now_stamp() : o.dtstamp;
    if (!is_utc_stamp(stamp))
        throw validation_error("iCalendar export: dtstamp \"" + stamp + "\" is not YYYYMMDDTHHMMSSZ");
    std::string out;
    auto line = [&](std::string_view l) { out += ics_fold(l); };
    // A TEXT value, escaped; `what` names it when it holds a control character (RFC 5545 3.3.11
    // has no way to write one). The profile and the rules refuse them where they come in; this
    // catches a calendar put together by hand.
    auto text_value = [&](const std::string& what, std::string_view v) {
        if (const std::string p = civica::text::control_character_problem(v); !p.empty())
            throw validation_error("iCalendar export: " + what + " " + p + "; RFC 5545 text cannot carry it");
        return ics_escape(v);
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//civica//NGO reporting calendar//" + std::string(ru ? "RU" : "EN"));
    line("CALSCALE:GREGORIAN");
    // No METHOD: the file is a calendar to import, not an iTIP scheduling message (RFC 5545
    // 3.7.2), and METHOD:PUBLISH would need an ORGANIZER in every event (RFC 5546 3.2.1), an
    // address civica does not have. Outlook imports a file without METHOD as PUBLISH.
    line("X-WR-CALNAME:" + text_value(o.calendar_name.empty() ? "the organisation's name" : "calendar_name",
                                      o.calendar_name.empty() ? default_name(cal) : o.calendar_name));
    std::map<std::string, std::string> uids;  // UID -> the key of the deadline that has it
    for (const deadline& d : cal.deadlines) {
        std::string uid = o.uid_prefix.empty() ? "" : uid_part(o.uid_prefix) + "-";
        uid += uid_part(d.key) + "@" + o.uid_domain;
        // RFC 5545 3.8.4.7: a UID is unique; a calendar program merges two events of one UID
        // into one, and a deadline would be lost. Keys are unique, but two that differ only in
        // ASCII punctuation (grant ids "a b" and "a-b") give one UID.
        if (const auto [at, fresh] = uids.emplace(uid, d.key); !fresh)
            throw validation_error("iCalendar export: deadlines \"" + at->second + "\" and \"" + d.key +
                                   "\" would have one UID (" + uid + "): give their grants ids that differ in "
                                   "more than punctuation and spaces");
        const std::string title = deadline_title(d, lang);
        line("BEGIN:VEVENT");
        line("UID:" + uid);
        line("DTSTAMP:" + stamp);
        line("DTSTART;VALUE=DATE:" + ics_date(d.due));
        line("DTEND;VALUE=DATE:" + ics_date(d.due + boost::gregorian::days(1)));
        const std::string of = " of deadline \"" + d.key + "\"";
        line("SUMMARY:" + text_value("the title" + of, title));
        line("DESCRIPTION:" + text_value("the description" + of, description(d, lang)));
        line("CATEGORIES:" + text_value("the recipient" + of, d.recipient));
        line("TRANSP:TRANSPARENT");
        line("X-CIVICA-OBLIGATION:" + text_value("the rule id" + of, d.obligation_id));
        if (o.alarm_days > 0) {
            // Fire at 09:00 on the day `alarm_days` before the all-day event's midnight start.
            line("BEGIN:VALARM");
            line("ACTION:DISPLAY");
            line("DESCRIPTION:" + text_value("the reminder" + of, (ru ? "Срок через " + std::to_string(o.alarm_days) + " дн.: "
                                                 : "Due in " + detail::english_count(o.alarm_days, "day", "days") + ": ") +
                                             title));
            line("TRIGGER:-P" + (o.alarm_days > 1 ? std::to_string(o.alarm_days - 1) + "D" : std::string()) + "T15H");
            line("END:VALARM");
        }
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    return out;
}

std::string to_csv(const personal_calendar& cal) {
    check_exportable(cal, "CSV");
    // civica's one CSV writer (RFC 4180 quoting, LF line ends, as every civica CSV). The file is
    // made to be opened in a spreadsheet, so a cell that a spreadsheet would take for a formula
    // (a grant operator "=HYPERLINK(...)") is written as text (text::spreadsheet_text).
    std::ostringstream out;
    civica::text::csv_writer w(out);
    w.write_record({"date", "original_date", "shifted", "title", "report", "recipient", "period", "period_start",
                    "period_end", "basis", "note", "obligation_id", "grant_id", "verified", "key"});
    for (const deadline& d : cal.deadlines) {
        const std::string fields[] = {format_date(d.due),
                                      format_date(d.original),
                                      d.shifted() ? "true" : "false",
                                      deadline_title(d, cal.lang),
                                      d.report,
                                      d.recipient,
                                      d.period_label,
                                      format_date(d.covered.start),
                                      format_date(d.covered.end),
                                      d.basis,
                                      d.note,
                                      d.obligation_id,
                                      d.grant_id,
                                      d.verified ? "true" : "false",
                                      d.key};
        for (const auto& f : fields) w.field(civica::text::spreadsheet_text(f));
        w.end_record();
    }
    return out.str();
}

std::string to_markdown(const personal_calendar& cal) {
    check_exportable(cal, "Markdown");
    const bool ru = cal.lang == language::ru;
    std::string out = "# " + (ru ? "Календарь отчётности НКО на " + std::to_string(cal.year) + " год"
                                 : "NGO reporting calendar " + std::to_string(cal.year));
    if (!cal.organization.empty()) out += " \u2014 " + md_cell(cal.organization);
    out += "\n\n";
    out += ru ? "| Срок | Отчёт | Куда | Период | Основание | Примечание |\n"
              : "| Due | Report | To | Period | Basis | Note |\n";
    out += "|---|---|---|---|---|---|\n";
    for (const deadline& d : cal.deadlines) {
        std::string when = show(d.due, cal.lang);
        if (d.shifted()) when += ru ? " (с " + ru_date(d.original) + ")" : " (from " + format_date(d.original) + ")";
        out += "| " + when + " | " + md_cell(d.report) + " | " + md_cell(d.recipient) + " | " + md_cell(d.period_label) +
               " | " + md_cell(d.basis) + " | " + md_cell(d.note) + " |\n";
    }
    if (!cal.event_driven.empty()) {
        out += ru ? "\n## Без фиксированной даты\n\n" : "\n## Without a fixed date\n\n";
        for (const event_obligation& e : cal.event_driven)
            out += "- **" + md_cell(e.report) + "** (" + md_cell(e.recipient) + "): " + md_cell(e.when) + ". " +
                   md_cell(e.basis) + "\n";
    }
    out += ru ? "\nСроки, выпадающие на нерабочий день, перенесены на следующий рабочий день (НК РФ ст. 6.1 п. 7; "
                "ГК РФ ст. 193).\n"
              : "\nDeadlines that fall on a day off are moved to the next working day (Tax Code art. 6.1 p.7; Civil "
                "Code art. 193).\n";
    return out;
}

}  // namespace civica::calendar
