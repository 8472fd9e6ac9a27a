#include "civica/calendar/production_calendar.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <set>
#include <string>

using civica::date;
using civica::calendar::day_kind;
using civica::calendar::day_type;
using civica::calendar::production_calendar;

namespace {

const production_calendar& cal() { return production_calendar::bundled(); }

// The independent truth: a plain list of dates written once from the ConsultantPlus-derived
// JSON (2017–2025) and the xmlcalendar files (2026, 2027); see tests/data/calendar/README.md.
std::set<date> read_date_list(const std::string& name) {
    std::ifstream in(std::string(CIVICA_TEST_DATA_DIR) + "/calendar/" + name);
    EXPECT_TRUE(in) << name;
    std::set<date> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        out.insert(civica::parse_date(line));
    }
    return out;
}

std::string test_file(const std::string& name) {
    return std::string(CIVICA_TEST_DATA_DIR) + "/calendar/" + name;
}

}  // namespace

TEST(production_calendar, knows_the_years_2016_to_2027) {
    std::vector<int> expected;
    for (int y = 2016; y <= 2027; ++y) expected.push_back(y);
    EXPECT_EQ(cal().years(), expected);
}

TEST(production_calendar, has_the_247_working_days_and_holidays_of_2016) {
    // Government Decree No. 1017 of 24.09.2015 and Labour Code art. 112: the published calendar
    // of 2016 has 247 working days and 1 974 hours of a 40-hour week, so two shortened days.
    EXPECT_EQ(cal().working_days_between(date(2016, 1, 1), date(2017, 1, 1)), 247);
    int shortened = 0;
    for (date d(2016, 1, 1); d.year() == 2016; d += boost::gregorian::days(1))
        if (cal().is_shortened_day(d)) ++shortened;
    EXPECT_EQ(shortened, 2);
    for (const date& off : {date(2016, 1, 8), date(2016, 2, 22), date(2016, 3, 7), date(2016, 5, 2), date(2016, 5, 3),
                            date(2016, 6, 13), date(2016, 11, 4)})
        EXPECT_FALSE(cal().is_working_day(off)) << civica::format_date(off);
    EXPECT_TRUE(cal().is_working_day(date(2016, 2, 20)));   // a working Saturday
    EXPECT_TRUE(cal().is_working_day(date(2016, 12, 30)));  // the last working day of 2016
}

TEST(production_calendar, agrees_with_the_independent_list_on_every_day_2017_to_2027) {
    const auto non_working = read_date_list("nonworking_2017_2027.txt");
    const auto shortened = read_date_list("shortened_2017_2027.txt");
    ASSERT_GT(non_working.size(), 1300u);
    int days = 0;
    for (date d(2017, 1, 1); d <= date(2027, 12, 31); d += boost::gregorian::days(1), ++days) {
        const bool expected_working = non_working.count(d) == 0;
        EXPECT_EQ(cal().is_working_day(d), expected_working) << civica::format_date(d);
        EXPECT_EQ(cal().is_shortened_day(d), shortened.count(d) != 0) << civica::format_date(d);
    }
    EXPECT_EQ(days, 4017);
}

TEST(production_calendar, treats_2020_04_15_as_a_decree_day_off) {
    EXPECT_FALSE(cal().is_working_day(date(2020, 4, 15)));
    EXPECT_EQ(cal().kind(date(2020, 4, 15)), day_kind::decree_day_off);
}

TEST(production_calendar, treats_2021_11_03_as_non_working_although_it_was_first_shortened) {
    EXPECT_EQ(cal().type(date(2021, 11, 3)), day_type::non_working);
    EXPECT_EQ(cal().kind(date(2021, 11, 3)), day_kind::decree_day_off);
}

TEST(production_calendar, treats_saturday_2024_04_27_as_working) {
    EXPECT_TRUE(cal().is_working_day(date(2024, 4, 27)));
    EXPECT_EQ(cal().kind(date(2024, 4, 27)), day_kind::working_weekend);
    EXPECT_EQ(cal().kind(date(2024, 4, 29)), day_kind::transferred_day_off);
    EXPECT_EQ(cal().find(date(2024, 4, 29))->transferred_from, date(2024, 4, 27));
}

TEST(production_calendar, marks_saturday_2021_02_20_as_a_shortened_working_day) {
    EXPECT_EQ(cal().type(date(2021, 2, 20)), day_type::shortened);
    EXPECT_TRUE(cal().is_working_day(date(2021, 2, 20)));
}

TEST(production_calendar, names_holidays) {
    EXPECT_EQ(cal().kind(date(2023, 6, 12)), day_kind::holiday);
    EXPECT_EQ(cal().find(date(2023, 6, 12))->name, "День России");
}

TEST(production_calendar, finds_the_next_working_day_after_the_may_2021_break) {
    // 2021-05-01..10 were all days off (holidays, transfers and Decree No. 242).
    EXPECT_EQ(cal().next_working_day(date(2021, 4, 30)), date(2021, 5, 11));
    EXPECT_EQ(cal().next_working_day(date(2021, 5, 11)), date(2021, 5, 12));
    EXPECT_EQ(cal().roll_forward(date(2021, 5, 11)), date(2021, 5, 11));
    EXPECT_EQ(cal().roll_forward(date(2021, 5, 1)), date(2021, 5, 11));
    EXPECT_EQ(cal().previous_working_day(date(2021, 5, 11)), date(2021, 4, 30));
}

TEST(production_calendar, adds_working_days_over_holidays) {
    EXPECT_EQ(cal().add_working_days(date(2021, 10, 29), 1), date(2021, 11, 8));
    EXPECT_EQ(cal().add_working_days(date(2023, 12, 29), 1), date(2024, 1, 9));
    EXPECT_EQ(cal().add_working_days(date(2024, 1, 9), -1), date(2023, 12, 29));
    EXPECT_EQ(cal().add_working_days(date(2024, 1, 6), 0), date(2024, 1, 6));
    // From a Saturday, one working day is the Monday.
    EXPECT_EQ(cal().add_working_days(date(2023, 3, 4), 1), date(2023, 3, 6));
}

TEST(production_calendar, counts_working_days_like_the_published_totals) {
    // Working days per year as printed in the published production calendars.
    auto in_year = [](int y) {
        return cal().working_days_between(date(static_cast<unsigned short>(y), 1, 1),
                                          date(static_cast<unsigned short>(y + 1), 1, 1));
    };
    EXPECT_EQ(in_year(2019), 247);
    EXPECT_EQ(in_year(2022), 247);
    EXPECT_EQ(in_year(2023), 247);
    EXPECT_EQ(in_year(2024), 248);
    EXPECT_EQ(in_year(2025), 247);
}

TEST(production_calendar, keeps_add_and_count_consistent) {
    for (date d(2020, 12, 1); d < date(2021, 2, 1); d += boost::gregorian::days(1)) {
        if (!cal().is_working_day(d)) continue;
        for (long n : {1L, 5L, 20L}) {
            const date e = cal().add_working_days(d, n);
            EXPECT_EQ(cal().working_days_between(d, e), n) << civica::format_date(d);
            EXPECT_EQ(cal().working_days_between(e, d), -n);
        }
    }
}

TEST(production_calendar, refuses_an_unknown_year_and_names_the_known_ones) {
    try {
        (void)cal().is_working_day(date(2030, 1, 9));
        FAIL() << "no error";
    } catch (const civica::not_found_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("2030"), std::string::npos) << what;
        EXPECT_NE(what.find("2016\u20132027"), std::string::npos) << what;
        // The remedy in each of the three ways in: the command, Python and C++.
        EXPECT_NE(what.find("set_unknown_year_policy(unknown_year_policy::weekends_only)"), std::string::npos) << what;
    }
}

TEST(production_calendar, guesses_from_weekends_only_when_asked_to) {
    production_calendar c = cal();
    c.set_unknown_year_policy(civica::calendar::unknown_year_policy::weekends_only);
    EXPECT_TRUE(c.is_working_day(date(2030, 1, 1)));   // a Tuesday; really a holiday
    EXPECT_FALSE(c.is_working_day(date(2030, 1, 5)));  // a Saturday
    EXPECT_FALSE(c.is_working_day(date(2024, 1, 1)));  // known years keep their data
}

TEST(production_calendar, says_so_at_the_ends_of_the_dates_and_for_a_date_not_given) {
    // Before, the day after 9999-12-31 failed with boost's bare "Year is out of valid range"
    // (an IndexError in Python), and a date not given (None) walked the calendar to its end.
    // Independent truth: 9999-12-31 is a Friday and 1400-01-01 a Wednesday (proleptic
    // Gregorian), so the weekends-only calendar has no working day after the one nor before the other.
    production_calendar c = cal();
    c.set_unknown_year_policy(civica::calendar::unknown_year_policy::weekends_only);
    EXPECT_EQ(date(9999, 12, 31).day_of_week().as_number(), 5);
    EXPECT_TRUE(c.is_working_day(date(9999, 12, 31)));
    EXPECT_EQ(c.add_working_days(date(9999, 12, 30), 1), date(9999, 12, 31));
    auto message = [](auto f) {
        try {
            f();
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("no validation_error");
    };
    EXPECT_EQ(message([&] { c.next_working_day(date(9999, 12, 31)); }),
              "production calendar: next_working_day: no working day after 9999-12-31 within the dates a calendar can "
              "hold (1400-01-01 to 9999-12-31)");
    EXPECT_NE(message([&] { c.add_working_days(date(9999, 12, 30), 5); }).find("no working day after 9999-12-31"),
              std::string::npos);
    EXPECT_NE(message([&] { c.previous_working_day(date(1400, 1, 1)); }).find("no working day before 1400-01-01"),
              std::string::npos);
    const date none;  // not_a_date_time: None from Python
    for (auto f : {std::function<void()>([&] { c.working_days_between(none, date(2020, 1, 1)); }),
                   std::function<void()>([&] { c.working_days_between(date(2020, 1, 1), none); }),
                   std::function<void()>([&] { c.next_working_day(none); }),
                   std::function<void()>([&] { c.add_working_days(none, 3); }),
                   std::function<void()>([&] { c.roll_forward(none); })})
        EXPECT_NE(message(f).find("no date given"), std::string::npos) << message(f);
}

TEST(production_calendar, loads_a_year_in_the_xmlcalendar_format) {
    production_calendar c = cal();
    EXPECT_FALSE(c.knows_year(2028));
    c.load_xmlcalendar(test_file("xmlcalendar_2028_sample.xml"));
    EXPECT_TRUE(c.knows_year(2028));
    EXPECT_EQ(c.kind(date(2028, 1, 7)), day_kind::holiday);
    EXPECT_EQ(c.find(date(2028, 1, 7))->name, "Рождество Христово");
    EXPECT_EQ(c.kind(date(2028, 3, 4)), day_kind::working_weekend);      // t=3 on a Saturday
    EXPECT_EQ(c.kind(date(2028, 3, 6)), day_kind::transferred_day_off);  // t=1 with f=
    EXPECT_EQ(c.find(date(2028, 3, 6))->transferred_from, date(2028, 3, 4));
    EXPECT_EQ(c.type(date(2028, 4, 28)), day_type::shortened);
    EXPECT_EQ(c.kind(date(2028, 5, 15)), day_kind::decree_day_off);  // attributes over two lines
    EXPECT_EQ(c.kind(date(2028, 6, 10)), day_kind::working_weekend_shortened);
    EXPECT_EQ(c.kind(date(2028, 12, 30)), day_kind::weekend);
    EXPECT_TRUE(c.is_working_day(date(2028, 2, 1)));
    EXPECT_TRUE(c.knows_year(2027));  // the other years stay
}

TEST(production_calendar, replaces_a_year_when_a_newer_file_for_it_is_loaded) {
    production_calendar c = cal();
    const std::string xml =
        "<calendar year=\"2027\" country=\"ru\"><days>"
        "<day d=\"01.01\" t=\"1\" h=\"1\"/></days></calendar>";
    c.merge(production_calendar::from_xmlcalendar_text(xml));
    EXPECT_FALSE(c.is_working_day(date(2027, 1, 1)));
    EXPECT_TRUE(c.is_working_day(date(2027, 1, 4)));   // the bundled 2027 holidays are gone
    EXPECT_FALSE(cal().is_working_day(date(2027, 1, 4)));
}

TEST(production_calendar, reports_file_line_and_field_of_a_bad_xmlcalendar_day) {
    try {
        (void)production_calendar::from_xmlcalendar(test_file("xmlcalendar_broken.xml"));
        FAIL() << "no error";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(e.file().find("xmlcalendar_broken.xml"), std::string::npos);
        EXPECT_EQ(e.line(), 7u);
        EXPECT_EQ(e.field(), "t");
    }
}

TEST(production_calendar, reports_file_line_and_field_of_a_bad_csv_row) {
    const std::string csv =
        "date,kind,transferred_from,name\n"
        "2030-01-01,holiday,,Новый год\n"
        "2030-01-02,holyday,,\n";
    try {
        (void)production_calendar::from_csv_text(csv, "my.csv");
        FAIL() << "no error";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "my.csv");
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.field(), "kind");
    }
    try {
        (void)production_calendar::from_csv_text(
            "date,kind\n2030-02-30,holiday\n", "my.csv");
        FAIL() << "no error";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "date");
    }
}

TEST(production_calendar, refuses_a_day_listed_twice_an_empty_year_and_an_unknown_column) {
    // Each was read: the later of two listings of a day kept, a year of no day loaded as every
    // weekday working (1 January too), a misspelt column left unread.
    const auto error_of = [](auto read) -> civica::parse_error {
        try {
            read();
        } catch (const civica::parse_error& e) {
            return e;
        }
        ADD_FAILURE() << "no error";
        return civica::parse_error("");
    };
    const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<calendar year=\"2021\" lang=\"ru\">\n<days>\n";
    const auto twice = error_of([&] {
        (void)production_calendar::from_xmlcalendar_text(
            head + "<day d=\"02.23\" t=\"1\" />\n<day d=\"02.23\" t=\"3\" />\n</days>\n</calendar>\n", "dup.xml");
    });
    EXPECT_EQ(twice.line(), 5u);
    EXPECT_EQ(twice.field(), "d");
    EXPECT_NE(std::string(twice.what()).find("the day 02.23 is listed twice (line 4 and here)"), std::string::npos)
        << twice.what();
    const auto empty = error_of([] { (void)production_calendar::from_xmlcalendar_text("<calendar year=\"2021\"/>", "e.xml"); });
    EXPECT_NE(std::string(empty.what()).find("lists no <day>"), std::string::npos) << empty.what();

    const auto unknown = error_of([] {
        (void)production_calendar::from_csv_text("date,kind,transfered_from\n2030-01-01,holiday,\n", "my.csv");
    });
    EXPECT_EQ(unknown.line(), 1u);
    EXPECT_EQ(unknown.field(), "transfered_from");
    const auto repeated = error_of([] {
        (void)production_calendar::from_csv_text("date,kind\n2030-01-01,holiday\n2030-01-01,shortened\n", "my.csv");
    });
    EXPECT_EQ(repeated.line(), 3u);
    EXPECT_EQ(repeated.field(), "date");
    EXPECT_NE(std::string(repeated.what()).find("2030-01-01 is listed twice"), std::string::npos) << repeated.what();
}

TEST(production_calendar, refuses_an_xmlcalendar_file_cut_short) {
    // A download stopped part-way loaded as the whole year: 4 November (Labour Code art. 112)
    // and the days after the cut read as working days, and deadlines on them stayed there.
    const std::string whole = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<calendar year=\"2029\" country=\"ru\">\n"
                              "<holidays><holiday id=\"1\" title=\"Новый год\"/></holidays>\n<days>\n"
                              "<day d=\"01.01\" t=\"1\" h=\"1\"/>\n<day d=\"11.05\" t=\"1\"/>\n</days>\n</calendar>\n";
    EXPECT_FALSE(production_calendar::from_xmlcalendar_text(whole, "whole.xml").is_working_day(date(2029, 11, 5)));
    // Cut at any byte before its last '>', inside a tag, an attribute's value or between tags.
    for (std::size_t at = 1; at + 1 < whole.size(); ++at) {
        try {
            (void)production_calendar::from_xmlcalendar_text(whole.substr(0, at), "cut.xml");
            ADD_FAILURE() << "no error for the file cut at byte " << at;
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.file(), "cut.xml");
            // Cut between the declaration and <calendar>, the file is no calendar at all, said so.
            const std::string what = e.what();
            const bool no_calendar = at <= whole.find("<calendar") && what.find("not an xmlcalendar file") != std::string::npos;
            EXPECT_TRUE(no_calendar || what.find("it is cut short") != std::string::npos) << at << ": " << what;
        }
    }
    // A CDATA section is text, whatever it holds ('>' ended it, and "<c>" read as an open element).
    const std::string cdata = "<calendar year=\"2029\"><![CDATA[ a > b <c> d ]]><days><day d=\"01.01\" t=\"1\"/></days></calendar>";
    EXPECT_FALSE(production_calendar::from_xmlcalendar_text(cdata, "cdata.xml").is_working_day(date(2029, 1, 1)));
    try {
        (void)production_calendar::from_xmlcalendar_text("<calendar year=\"2029\"><days><day d=\"01.01\" t=\"1\"/></calendar>", "x.xml");
        ADD_FAILURE() << "no error";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("</calendar> closes no open <calendar> (<days> of line 1 is open)"),
                  std::string::npos) << e.what();
    }
}

TEST(production_calendar, refuses_a_missing_file_with_an_io_error) {
    EXPECT_THROW((void)production_calendar::from_xmlcalendar("/nonexistent/calendar.xml"),
                 civica::io_error);
}

TEST(production_calendar, reads_the_real_xmlcalendar_files_the_same_as_the_bundled_data) {
    // The shared folder sits beside the repository (tests/data/../../../shared).
    const std::string root = std::string(CIVICA_TEST_DATA_DIR) +
                             "/../../../shared/data/external/ru-production-calendar/xmlcalendar/ru/";
    if (!std::ifstream(root + "2021/calendar.xml")) GTEST_SKIP() << "no " << root;
    for (int y = 2017; y <= 2027; ++y) {
        const auto c = production_calendar::from_xmlcalendar(root + std::to_string(y) + "/calendar.xml");
        ASSERT_EQ(c.years(), std::vector<int>{y});
        for (date d(static_cast<unsigned short>(y), 1, 1); d.year() == y; d += boost::gregorian::days(1)) {
            EXPECT_EQ(c.type(d), cal().type(d)) << civica::format_date(d);
            EXPECT_EQ(c.kind(d), cal().kind(d)) << civica::format_date(d);
        }
    }
}
