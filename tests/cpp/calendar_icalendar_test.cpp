#include "civica/calendar/icalendar.hpp"

#include "civica/error.hpp"
#include "civica/text/csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace civica::calendar;
using civica::date;

namespace {

std::vector<std::string> physical_lines(const std::string& ics) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const std::size_t e = ics.find("\r\n", pos);
        EXPECT_NE(e, std::string::npos) << "a line does not end in CRLF";
        if (e == std::string::npos) break;
        out.push_back(ics.substr(pos, e - pos));
        pos = e + 2;
    }
    return out;
}

// Unfolds by RFC 5545 3.1: a CRLF followed by one space is removed.
std::vector<std::string> content_lines(const std::string& ics) {
    std::vector<std::string> out;
    for (const auto& l : physical_lines(ics)) {
        if (!l.empty() && l[0] == ' ') out.back() += l.substr(1);
        else out.push_back(l);
    }
    return out;
}

bool valid_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

personal_calendar sample() {
    ngo_profile p = ngo_profile::default_profile();
    p.name = "АНО «Ресурсный центр; Югра, 2021»";
    return reporting_calendar(p, 2021);
}

ics_options fixed() {
    ics_options o;
    o.dtstamp = "20210101T000000Z";
    return o;
}

}  // namespace

TEST(icalendar, folds_long_lines_at_75_octets_without_splitting_a_letter) {
    const std::string ics = to_icalendar(sample(), fixed());
    for (const auto& l : physical_lines(ics)) {
        EXPECT_LE(l.size(), 75u) << l;
        EXPECT_TRUE(valid_utf8(l)) << l;
    }
    const std::string folded = ics_fold(std::string(200, 'x'));
    EXPECT_EQ(folded.substr(0, 77), std::string(75, 'x') + "\r\n");
    EXPECT_EQ(folded.substr(77, 1), " ");
    // 100 Cyrillic letters (200 octets): every physical line ends on a letter boundary.
    std::string cyr;
    for (int i = 0; i < 100; ++i) cyr += "ж";
    std::string unfolded;
    for (const auto& l : content_lines(ics_fold("SUMMARY:" + cyr))) unfolded += l;
    EXPECT_EQ(unfolded, "SUMMARY:" + cyr);
}

TEST(icalendar, escapes_text_values) {
    EXPECT_EQ(ics_escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    const std::string ics = to_icalendar(sample(), fixed());
    bool found = false;
    for (const auto& l : content_lines(ics))
        if (l.rfind("X-WR-CALNAME:", 0) == 0) {
            found = true;
            EXPECT_NE(l.find("Ресурсный центр\\; Югра\\, 2021"), std::string::npos) << l;
        }
    EXPECT_TRUE(found);
}

TEST(icalendar, writes_one_all_day_event_with_a_reminder_per_deadline) {
    const auto cal = sample();
    const auto lines = content_lines(to_icalendar(cal, fixed()));
    std::vector<std::string> starts, uids;
    int alarms = 0;
    for (const auto& l : lines) {
        if (l.rfind("DTSTART;VALUE=DATE:", 0) == 0) starts.push_back(l.substr(19));
        if (l.rfind("UID:", 0) == 0) uids.push_back(l.substr(4));
        if (l == "TRIGGER:-P2DT15H") ++alarms;
    }
    ASSERT_EQ(starts.size(), cal.deadlines.size());
    for (std::size_t i = 0; i < starts.size(); ++i) {
        const std::string iso = civica::format_date(cal.deadlines[i].due);
        EXPECT_EQ(starts[i], iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2));
    }
    EXPECT_EQ(std::set<std::string>(uids.begin(), uids.end()).size(), uids.size()) << "UIDs must be unique";
    EXPECT_EQ(alarms, static_cast<int>(cal.deadlines.size()));
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
}

TEST(icalendar, keeps_uids_when_a_deadline_moves) {
    // A newer production calendar that makes 2021-03-31 a day off moves the accounts deadline;
    // the event keeps its UID so that a calendar client updates it.
    production_calendar moved = production_calendar::bundled();
    moved.add_day({date(2021, 3, 31), day_kind::decree_day_off, {}, "test"});
    calendar_options o;
    o.days = &moved;
    const auto a = reporting_calendar(ngo_profile::default_profile(), 2021);
    const auto b = reporting_calendar(ngo_profile::default_profile(), 2021, o);
    auto uid_of = [](const personal_calendar& c, const std::string& id) {
        for (const auto& d : c.deadlines)
            if (d.obligation_id == id) return std::make_pair(d.key, d.due);
        return std::make_pair(std::string(), date());
    };
    EXPECT_EQ(uid_of(a, "accounting_statements").first, uid_of(b, "accounting_statements").first);
    EXPECT_NE(uid_of(a, "accounting_statements").second, uid_of(b, "accounting_statements").second);
    const std::string ics_a = to_icalendar(a, fixed());
    EXPECT_NE(ics_a.find("UID:accounting_statements-2020@civica.calendar"), std::string::npos);
}

TEST(icalendar, prefixes_uids_and_can_leave_out_reminders) {
    ics_options o = fixed();
    o.uid_prefix = "8601012345";
    o.alarm_days = 0;
    const std::string ics = to_icalendar(sample(), o);
    EXPECT_NE(ics.find("UID:8601012345-accounting_statements-2020@civica.calendar"), std::string::npos);
    EXPECT_EQ(ics.find("VALARM"), std::string::npos);
    o.alarm_days = -1;
    EXPECT_THROW((void)to_icalendar(sample(), o), civica::validation_error);
}

TEST(icalendar, takes_a_dtstamp_only_as_a_utc_date_and_time) {
    ics_options o = fixed();
    o.dtstamp = "20240229T235960Z";  // a leap day, a leap second
    EXPECT_NE(to_icalendar(sample(), o).find("DTSTAMP:20240229T235960Z\r\n"), std::string::npos);
    // The shape alone let these through into every event; a line break even started a
    // property of its own.
    for (const std::string bad : {"2021-1-1T00000Z", "yesterdayT1234Z", "20210101T12\r\nX:Z", "20211301T000000Z",
                                  "20230229T000000Z", "20210101T240000Z", "20210101T006000Z", "20210101T000000"}) {
        o.dtstamp = bad;
        try {
            (void)to_icalendar(sample(), o);
            ADD_FAILURE() << "accepted dtstamp " << bad;
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("is not YYYYMMDDTHHMMSSZ"), std::string::npos) << e.what();
        }
    }
}

TEST(icalendar, writes_csv_with_one_row_per_deadline) {
    const auto cal = sample();
    const std::string csv = to_csv(cal);
    std::istringstream in(csv);
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header.rfind("date,original_date,shifted,title,", 0), 0u);
    std::size_t rows = 0;
    std::string line;
    while (std::getline(in, line)) ++rows;
    EXPECT_EQ(rows, cal.deadlines.size());  // no field of this calendar holds a line break
}

TEST(icalendar, writes_markdown_with_a_table_and_event_obligations) {
    ngo_profile p = ngo_profile::default_profile();
    const std::string md = to_markdown(reporting_calendar(p, 2023));
    EXPECT_EQ(md.rfind("# Календарь отчётности НКО на 2023 год", 0), 0u);
    EXPECT_NE(md.find("| 27.02.2023 (с 25.02.2023) | Расчёт 6-НДФЛ |"), std::string::npos);
    EXPECT_NE(md.find("## Без фиксированной даты"), std::string::npos);
    calendar_options o;
    o.lang = language::en;
    const std::string en = to_markdown(reporting_calendar(p, 2023, o));
    EXPECT_NE(en.find("| 2023-02-27 (from 2023-02-25) | Personal income tax return 6-NDFL |"), std::string::npos);
}

TEST(icalendar, markdown_escapes_names_from_data) {
    ngo_profile p = ngo_profile::default_profile();
    p.name = "<script>x</script> [click](javascript:alert(1)) | a";
    const std::string md = to_markdown(reporting_calendar(p, 2023));
    const std::string title = md.substr(0, md.find('\n'));
    EXPECT_EQ(title.find("<script>"), std::string::npos) << title;
    EXPECT_EQ(title.find("[click]("), std::string::npos) << title;
    EXPECT_NE(title.find("\\<script\\>x\\</script\\> \\[click\\](javascript:alert(1)) \\| a"), std::string::npos)
        << title;
    // Every table row still has its seven column borders.
    std::istringstream in(md);
    std::string line;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
        if (line.rfind("| ", 0) != 0) continue;
        std::size_t borders = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++borders;
        EXPECT_EQ(borders, 7u) << line;
        ++rows;
    }
    EXPECT_GT(rows, 5u);
}

namespace {

// The UIDs of an export, in order.
std::vector<std::string> uids_of(const std::string& ics) {
    std::vector<std::string> out;
    for (const auto& l : content_lines(ics))
        if (l.rfind("UID:", 0) == 0) out.push_back(l.substr(4));
    return out;
}

// The default profile with one grant of id `id` whose second period ends on 2024-02-29.
personal_calendar with_grant(const std::string& id) {
    ngo_profile p = ngo_profile::default_profile();
    grant_agreement g;
    g.id = id;
    g.title = id;
    g.start = date(2023, 3, 1);
    g.end = date(2024, 2, 29);
    g.period_months = 6;
    p.grants.push_back(g);
    return reporting_calendar(p, 2024);
}

bool has_uid(const std::string& ics, const std::string& uid) {
    const auto all = uids_of(ics);
    return std::find(all.begin(), all.end(), uid) != all.end();
}

}  // namespace

TEST(icalendar, uids_of_non_ascii_ids_and_prefixes_keep_every_letter) {
    // Each UTF-8 byte of a non-ASCII letter is percent-encoded (the expected strings are what
    // Python's urllib.parse.quote gives), so grants "Альфа" and "Омега" no longer share a UID.
    const std::string alpha = to_icalendar(with_grant("Альфа"), fixed());
    const std::string omega = to_icalendar(with_grant("Омега"), fixed());
    EXPECT_TRUE(has_uid(alpha, "grant_analytical-%D0%90%D0%BB%D1%8C%D1%84%D0%B0-P2@civica.calendar")) << alpha;
    EXPECT_TRUE(has_uid(omega, "grant_analytical-%D0%9E%D0%BC%D0%B5%D0%B3%D0%B0-P2@civica.calendar")) << omega;
    ics_options o = fixed();
    o.uid_prefix = "Свет";
    const std::string svet = to_icalendar(sample(), o);
    o.uid_prefix = "Луна";
    const std::string luna = to_icalendar(sample(), o);
    EXPECT_TRUE(has_uid(svet, "%D0%A1%D0%B2%D0%B5%D1%82-accounting_statements-2020@civica.calendar")) << svet;
    EXPECT_TRUE(has_uid(luna, "%D0%9B%D1%83%D0%BD%D0%B0-accounting_statements-2020@civica.calendar")) << luna;
    for (const std::string& uid : uids_of(svet)) EXPECT_FALSE(has_uid(luna, uid)) << uid;
}

TEST(icalendar, uids_of_ascii_ids_are_as_they_always_were) {
    // Calendars already imported must get their events updated, not doubled: ASCII letters,
    // digits, '.', '_' and '-' stay, any other ASCII character is '-'.
    const std::string ics = to_icalendar(with_grant("pgf 2023/1.a_b"), fixed());
    EXPECT_TRUE(has_uid(ics, "grant_analytical-pgf-2023-1.a_b-P2@civica.calendar")) << ics;
    ics_options o = fixed();
    o.uid_prefix = "INN 8601012345";
    EXPECT_TRUE(has_uid(to_icalendar(sample(), o), "INN-8601012345-accounting_statements-2020@civica.calendar"));
}

TEST(icalendar, refuses_a_uid_domain_that_is_not_a_domain_name) {
    // The domain goes into every UID as it is: a line break in it would add a property of the
    // caller's choosing to every event.
    ics_options o = fixed();
    for (const char* bad : {"x.org\r\nURL:http://evil.example/", "x.org\nX-Y:1", "", "a b.org", "my_org.ru",
                            "пример.рф", "x..org", ".x.org", "x.org.", "x.org;y", "x@y.org", "-a.b", "a-.b",
                            "a.-b", "x.org-"}) {
        o.uid_domain = bad;
        try {
            (void)to_icalendar(sample(), o);
            ADD_FAILURE() << "accepted uid_domain \"" << bad << "\"";
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("uid_domain"), std::string::npos) << e.what();
        }
    }
    o.uid_domain = std::string(64, 'a') + ".org";  // RFC 1123: a label of 63 characters at most
    EXPECT_THROW((void)to_icalendar(sample(), o), civica::validation_error);
    for (const char* good : {"civica.calendar", "Example-1.org", "xn--80ak6aa92e.com", "localhost", "a-b.c-d"}) {
        o.uid_domain = good;
        const std::string ics = to_icalendar(sample(), o);
        EXPECT_TRUE(has_uid(ics, std::string("accounting_statements-2020@") + good)) << good;
    }
}

TEST(icalendar, a_control_character_in_a_name_is_refused_with_the_field_it_is_in) {
    // RFC 5545 3.3.11: TEXT has no way to write U+0000–U+0008, U+000B, U+000C, U+000E–U+001F
    // or U+007F; they are refused where they enter, naming the field.
    auto message = [](auto&& f) -> std::string {
        try {
            f();
        } catch (const civica::validation_error& e) {
            return e.what();
        }
        return "(no error)";
    };
    ngo_profile p = ngo_profile::default_profile();
    p.name = "Org\x0BName";
    std::string m = message([&] { (void)reporting_calendar(p, 2024); });
    EXPECT_NE(m.find("NGO profile: name holds the control character U+000B"), std::string::npos) << m;
    p = ngo_profile::default_profile();
    grant_agreement g;
    g.title = "Школа\x01";
    g.start = date(2023, 3, 1);
    g.end = date(2024, 2, 29);
    g.period_months = 6;
    p.grants = {g};
    m = message([&] { (void)reporting_calendar(p, 2024); });
    EXPECT_NE(m.find("grant 1: title holds the control character U+0001"), std::string::npos) << m;
    p.grants[0].title = "Школа";
    p.grants[0].grant_operator = "Фонд\x7F";
    m = message([&] { (void)reporting_calendar(p, 2024); });
    EXPECT_NE(m.find("grant 1: operator holds the control character U+007F"), std::string::npos) << m;

    ics_options o = fixed();
    o.calendar_name = "Календарь\x0C";
    m = message([&] { (void)to_icalendar(sample(), o); });
    EXPECT_NE(m.find("calendar_name holds the control character U+000C"), std::string::npos) << m;
    // A calendar put together by hand is caught by the writer, which names the value.
    personal_calendar cal = sample();
    cal.deadlines.front().report = "Отчёт\x1F";
    m = message([&] { (void)to_icalendar(cal, fixed()); });
    EXPECT_NE(m.find("the title of deadline"), std::string::npos) << m;
    EXPECT_NE(m.find("U+001F"), std::string::npos) << m;
    EXPECT_THROW((void)ics_escape("a\x08"), civica::validation_error);
}

TEST(icalendar, a_calendar_without_a_deadline_is_refused_not_written_as_an_empty_file) {
    // RFC 5545 3.6: a calendar holds at least one component. An organisation registered after
    // the year has no deadline in it; its file was a VCALENDAR of no event.
    ngo_profile p = ngo_profile::default_profile();
    p.registered = civica::date(2025, 3, 1);
    const personal_calendar cal = reporting_calendar(p, 2024);
    ASSERT_TRUE(cal.deadlines.empty());
    std::string m = "(no error)";
    try {
        (void)to_icalendar(cal, fixed());
    } catch (const civica::validation_error& e) {
        m = e.what();
    }
    EXPECT_NE(m.find("the calendar of 2024 has no deadline"), std::string::npos) << m;
    EXPECT_NE(m.find("RFC 5545"), std::string::npos) << m;
    p.registered = civica::date(2024, 3, 1);
    EXPECT_NE(to_icalendar(reporting_calendar(p, 2024), fixed()).find("BEGIN:VEVENT"), std::string::npos);
}

TEST(icalendar, tabs_and_line_breaks_in_names_stay_text) {
    ngo_profile p = ngo_profile::default_profile();
    p.name = "Фонд\t«Берег»\r\nфилиал";
    ics_options o = fixed();
    const std::string ics = to_icalendar(reporting_calendar(p, 2024), o);
    bool found = false;
    for (const auto& l : content_lines(ics))
        if (l.rfind("X-WR-CALNAME:", 0) == 0) {
            found = true;
            EXPECT_NE(l.find("Фонд\t«Берег»\\nфилиал"), std::string::npos) << l;
        }
    EXPECT_TRUE(found);
}

TEST(icalendar, the_english_reminder_says_1_day_and_3_days) {
    calendar_options co;
    co.lang = language::en;
    const auto cal = reporting_calendar(ngo_profile::default_profile(), 2024, co);
    const std::string title = deadline_title(cal.deadlines.front(), language::en);
    auto reminders = [&](int days) {
        ics_options o = fixed();
        o.alarm_days = days;
        std::vector<std::string> out;
        bool in_alarm = false;
        for (const auto& l : content_lines(to_icalendar(cal, o))) {
            if (l == "BEGIN:VALARM") in_alarm = true;
            if (l == "END:VALARM") in_alarm = false;
            if (in_alarm && l.rfind("DESCRIPTION:", 0) == 0) out.push_back(l.substr(12));
        }
        return out;
    };
    ASSERT_FALSE(reminders(1).empty());
    EXPECT_EQ(reminders(1).front(), "Due in 1 day: " + ics_escape(title));
    EXPECT_EQ(reminders(3).front(), "Due in 3 days: " + ics_escape(title));
    EXPECT_EQ(reminders(21).front(), "Due in 21 days: " + ics_escape(title));
}

TEST(icalendar, markdown_shows_an_entity_in_a_name_as_written) {
    // "&copy;" unescaped renders as "©" in CommonMark; "\&copy;" as the text "&copy;".
    ngo_profile p = ngo_profile::default_profile();
    p.name = "Фонд &copy;";
    const std::string md = to_markdown(reporting_calendar(p, 2024));
    EXPECT_EQ(md.substr(0, md.find('\n')), "# Календарь отчётности НКО на 2024 год \u2014 Фонд \\&copy;");
}

TEST(icalendar, csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text) {
    ngo_profile p = ngo_profile::default_profile();
    grant_agreement g;
    g.id = "@grant";
    g.title = "=HYPERLINK(\"http://evil.example\",\"click\")";
    g.grant_operator = "=1+1";
    g.start = date(2023, 3, 1);
    g.end = date(2024, 2, 29);
    g.period_months = 6;
    p.grants = {g};
    const std::string csv = to_csv(reporting_calendar(p, 2024));
    const auto rows = civica::text::parse_csv(csv);
    ASSERT_GT(rows.size(), 1u);
    const auto& header = rows.front();
    auto column = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    };
    bool seen = false;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (rows[i][column("obligation_id")] != "grant_analytical") continue;
        seen = true;
        EXPECT_EQ(rows[i][column("recipient")], "'=1+1");
        EXPECT_EQ(rows[i][column("grant_id")], "'@grant");
        // The title and the note start with words of their own; they stay as they are.
        EXPECT_EQ(rows[i][column("report")].rfind("Аналитический", 0), 0u) << rows[i][column("report")];
    }
    EXPECT_TRUE(seen);
    for (const auto& row : rows)
        for (const auto& cell : row)
            EXPECT_TRUE(cell.empty() || std::string("=+-@\t\r").find(cell[0]) == std::string::npos) << cell;
    // LF line ends, as every civica CSV; quoting as RFC 4180.
    EXPECT_EQ(csv.find('\r'), std::string::npos);
    EXPECT_EQ(csv.back(), '\n');
}

TEST(icalendar, is_a_calendar_to_import_not_a_scheduling_message) {
    // RFC 5546 3.2.1: METHOD:PUBLISH requires ORGANIZER in each VEVENT; a file to import needs
    // neither (RFC 5545 3.7.2: without METHOD no scheduling transaction is assumed).
    const auto lines = content_lines(to_icalendar(sample(), fixed()));
    for (const auto& l : lines) {
        EXPECT_NE(l.rfind("METHOD", 0), 0u) << l;
        EXPECT_NE(l.rfind("ORGANIZER", 0), 0u) << l;
    }
    ASSERT_GE(lines.size(), 5u);
    EXPECT_EQ(lines[0], "BEGIN:VCALENDAR");
    EXPECT_EQ(lines[1], "VERSION:2.0");
    EXPECT_EQ(lines[2], "PRODID:-//civica//NGO reporting calendar//RU");
    EXPECT_EQ(lines[3], "CALSCALE:GREGORIAN");
    EXPECT_EQ(lines[4].rfind("X-WR-CALNAME:", 0), 0u) << lines[4];
}

TEST(icalendar, every_export_refuses_a_deadline_put_together_by_hand_it_cannot_write) {
    // A deadline of 9999-12-31 or with no date escaped as Boost's bad_year or std::out_of_range;
    // a Windows-1251 title went into iCalendar and Markdown as it was.
    for (int k = 0; k < 3; ++k) {
        personal_calendar cal = sample();
        ASSERT_FALSE(cal.deadlines.empty());
        deadline& d = cal.deadlines.front();
        if (k == 0) d.due = d.original = civica::date(9999, 12, 31);
        if (k == 1) d.due = civica::date();
        if (k == 2) d.report = "\xCE\xF2\xF7\xE5\xF2";  // «Отчет» in Windows-1251
        EXPECT_THROW((void)to_icalendar(cal, fixed()), civica::validation_error) << k;
        EXPECT_THROW((void)to_markdown(cal), civica::validation_error) << k;
        EXPECT_THROW((void)to_csv(cal), civica::validation_error) << k;
        if (k == 2) continue;
        try {
            (void)to_markdown(cal);
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find(k == 0 ? "its due date 9999-12-31 is outside the years 1900..2200"
                                                        : "its due date is missing"),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(icalendar, a_calendar_name_that_is_not_utf8_is_refused_and_folding_always_moves_on) {
    // 80 continuation bytes made ics_fold back off to where it started and loop for ever.
    const std::string bytes(80, '\x80');
    const std::string folded = ics_fold(bytes);
    EXPECT_EQ(folded.substr(0, 77), bytes.substr(0, 75) + "\r\n");
    ics_options o = fixed();
    o.calendar_name = bytes;
    EXPECT_THROW((void)to_icalendar(sample(), o), civica::validation_error);
    personal_calendar cal = sample();
    cal.event_driven.push_back({"x", "\xCE\xF2\xF7\xE5\xF2", "R", "when", "B", ""});
    EXPECT_THROW((void)to_markdown(cal), civica::validation_error);
}
