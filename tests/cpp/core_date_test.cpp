// Tests of civica/core/date.hpp: ISO parsing, day numbers, periods.
//
// Day numbers are checked against numpy's datetime64[D] convention (days since 1970-01-01)
// by counting days in the test itself with the Gregorian leap-year rule, not with Boost.
#include "civica/core/date.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>

using civica::date;
using civica::day_number;
using civica::format_date;
using civica::from_day_number;
using civica::parse_date;
using civica::period;
using civica::to_day_number;

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

// Days from 1970-01-01 to y-m-d, by counting whole years, then months, then days.
std::int64_t count_days(int y, int m, int d) {
    std::int64_t n = 0;
    if (y >= 1970) {
        for (int yy = 1970; yy < y; ++yy) n += is_leap(yy) ? 366 : 365;
    } else {
        for (int yy = y; yy < 1970; ++yy) n -= is_leap(yy) ? 366 : 365;
    }
    for (int mm = 1; mm < m; ++mm) n += days_in_month(y, mm);
    return n + (d - 1);
}

std::string iso(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string parse_message(const std::string& text) {
    try {
        parse_date(text);
    } catch (const civica::parse_error& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

// ------------------------------------------------------------------ parsing

TEST(date, parses_an_iso_date) {
    EXPECT_EQ(parse_date("2020-11-03"), date(2020, 11, 3));
    EXPECT_EQ(parse_date("1900-01-01"), date(1900, 1, 1));
    EXPECT_EQ(parse_date("2200-12-31"), date(2200, 12, 31));
    EXPECT_EQ(parse_date("2011-01-18"), date(2011, 1, 18));
}

TEST(date, keeps_the_date_part_of_a_360giving_date_time) {
    EXPECT_EQ(parse_date("2020-11-03T00:00:00+00:00"), date(2020, 11, 3));
    EXPECT_EQ(parse_date("2020-11-03T23:59:59Z"), date(2020, 11, 3));
    EXPECT_EQ(parse_date("2021-01-31T12:00:00.000+05:00"), date(2021, 1, 31));
    EXPECT_EQ(parse_date("2020-11-03 10:00:00"), date(2020, 11, 3));
}

TEST(date, still_checks_the_date_part_of_a_date_time) {
    EXPECT_THROW(parse_date("2021-02-30T00:00:00+00:00"), civica::parse_error);
    EXPECT_THROW(parse_date("2020-13-01T00:00:00Z"), civica::parse_error);
}

TEST(date, takes_what_follows_the_date_only_when_it_is_a_time) {
    // Times as ISO 8601 and spreadsheets write them (LibreOffice "2020-11-03 00:00:00", a
    // one-digit hour "0:00", a comma before the fraction, offsets of each form).
    for (const char* ok : {"2020-11-03 0:00", "2020-11-03T23:59", "2020-11-03T23:59:60", "2020-11-03T10:00:00,5",
                           "2020-11-03T10:00+03", "2020-11-03T10:00-0330", "2020-11-03 10:00:00.123456Z",
                           // after T, the hour alone with a zone (ISO 8601 reduced precision; the
                           // Popolo schema's pattern allows it)
                           "2020-11-03T10Z", "2020-11-03T10+03:00", "2020-11-03T10-0330"})
        EXPECT_EQ(parse_date(ok), date(2020, 11, 3)) << ok;
    // Anything else after the date made it pass unread ("2017-01-20 garbage (2017-02-30?)").
    for (const char* bad : {"2017-01-20 garbage", "2017-01-20 (2017-02-30?)", "2017-01-20T", "2017-01-20 24:00",
                            "2017-01-20T10:60", "2017-01-20T10:00:00.", "2017-01-20T10:00Z+1", "2017-01-20T10:00+3",
                            "2017-01-20T10:00:00 garbage", "2017-01-20 10:00 2017-02-30", "2017-01-20T1Z",
                            "2017-01-20T10Z5", "2017-01-20T24Z", "2017-01-20T100", "2017-01-20T10",
                            "2017-01-20 10", "2017-01-20 10Z", "2017-01-20 09-10"}) {
        try {
            (void)parse_date(bad);
            ADD_FAILURE() << bad << " was read";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("is not a date (use YYYY-MM-DD; a time after it is"), std::string::npos)
                << e.what();
        }
    }
}

TEST(date, widens_a_year_or_a_month_to_its_first_or_last_day) {
    using civica::parse_partial_date;
    EXPECT_EQ(parse_partial_date("2021", false), date(2021, 1, 1));
    EXPECT_EQ(parse_partial_date("2021", true), date(2021, 12, 31));
    EXPECT_EQ(parse_partial_date("2021-05", false), date(2021, 5, 1));
    EXPECT_EQ(parse_partial_date("2021-05", true), date(2021, 5, 31));
    EXPECT_EQ(parse_partial_date("2024-02", true), date(2024, 2, 29));  // a leap year's February
    EXPECT_EQ(parse_partial_date("2023-02", true), date(2023, 2, 28));
    EXPECT_EQ(parse_partial_date("2021-05-17", true), date(2021, 5, 17));  // a whole date as parse_date reads it
    EXPECT_EQ(parse_partial_date("2021-05-17T10:00Z", false), date(2021, 5, 17));
    const auto reason = [](const char* text) {
        try {
            (void)parse_partial_date(text, false);
        } catch (const civica::parse_error& e) {
            return e.reason();
        }
        return std::string("read");
    };
    EXPECT_EQ(reason("2021-13"), "\"2021-13\": month 13 is not 1..12");
    EXPECT_EQ(reason("2021-00"), "\"2021-00\": month 0 is not 1..12");
    EXPECT_EQ(reason("1899"), "\"1899\": year 1899 is outside 1900..2200");
    EXPECT_NE(reason("21-05").find("is not a date"), std::string::npos);
    EXPECT_NE(reason("2021-5").find("is not a date"), std::string::npos);
    EXPECT_NE(reason("202a").find("is not a date"), std::string::npos);
}

TEST(date, rejects_a_day_that_is_not_in_the_month) {
    EXPECT_THROW(parse_date("2021-02-30"), civica::parse_error);
    EXPECT_THROW(parse_date("2021-04-31"), civica::parse_error);
    EXPECT_THROW(parse_date("2021-01-32"), civica::parse_error);
    EXPECT_THROW(parse_date("2021-01-00"), civica::parse_error);
    const std::string m = parse_message("2021-02-30");
    EXPECT_NE(m.find("2021-02-30"), std::string::npos) << m;
    EXPECT_NE(m.find("28 days"), std::string::npos) << m;
}

TEST(date, rejects_a_month_outside_one_to_twelve) {
    EXPECT_THROW(parse_date("2020-13-01"), civica::parse_error);
    EXPECT_THROW(parse_date("2020-00-10"), civica::parse_error);
    EXPECT_NE(parse_message("2020-13-01").find("month 13"), std::string::npos);
}

TEST(date, rejects_implausible_years) {
    EXPECT_THROW(parse_date("0000-01-01"), civica::parse_error);
    EXPECT_THROW(parse_date("1899-12-31"), civica::parse_error);
    EXPECT_THROW(parse_date("2201-01-01"), civica::parse_error);
    EXPECT_THROW(parse_date("99999-01-01"), civica::parse_error);
    EXPECT_THROW(parse_date("20201-01-01"), civica::parse_error);
    EXPECT_NE(parse_message("0000-01-01").find("year 0"), std::string::npos);
}

TEST(date, rejects_other_layouts) {
    for (const char* s : {"2020/01/01", "01.01.2020", "2020-1-1", "2020-01-1", "20200101", "",
                          "2020-01", "2020-01-01x", "-2020-01-01", "+020-01-01",
                          "2020-0a-01", " 2020-01-01", "2020_01_01"}) {
        EXPECT_THROW(parse_date(s), civica::parse_error) << '"' << s << '"';
    }
    EXPECT_NE(parse_message("2020/01/01").find("YYYY-MM-DD"), std::string::npos);
}

TEST(date, accepts_the_29th_of_february_only_in_leap_years) {
    EXPECT_EQ(parse_date("2020-02-29"), date(2020, 2, 29));
    EXPECT_EQ(parse_date("2000-02-29"), date(2000, 2, 29));  // divisible by 400
    EXPECT_THROW(parse_date("2021-02-29"), civica::parse_error);
    EXPECT_THROW(parse_date("1900-02-29"), civica::parse_error);  // divisible by 100, not 400
    EXPECT_THROW(parse_date("2100-02-29"), civica::parse_error);
}

TEST(date, parses_every_day_of_every_month_that_exists_and_no_other) {
    for (int y : {1900, 1970, 2000, 2019, 2020, 2021, 2100, 2200}) {
        for (int m = 1; m <= 12; ++m) {
            for (int d = 1; d <= 31; ++d) {
                const std::string s = iso(y, m, d);
                if (d <= days_in_month(y, m))
                    ASSERT_EQ(parse_date(s), date(y, m, d)) << s;
                else
                    ASSERT_THROW(parse_date(s), civica::parse_error) << s;
            }
        }
    }
}

TEST(date, parses_an_empty_optional_date_as_nothing) {
    EXPECT_FALSE(civica::parse_optional_date("").has_value());
    EXPECT_EQ(civica::parse_optional_date("2020-02-29"), date(2020, 2, 29));
    EXPECT_THROW(civica::parse_optional_date("2021-02-29"), civica::parse_error);
}

TEST(date, formats_as_iso_and_a_missing_date_as_empty_text) {
    EXPECT_EQ(format_date(date(2020, 11, 3)), "2020-11-03");
    EXPECT_EQ(format_date(date(1900, 1, 1)), "1900-01-01");
    EXPECT_EQ(format_date(date()), "");
    EXPECT_EQ(format_date(date(boost::date_time::pos_infin)), "");
}

// ------------------------------------------------------------------ day numbers

TEST(day_number, counts_days_from_1970_like_numpy_datetime64) {
    // numpy: np.datetime64('2020-01-01', 'D').astype(int) == 18262.
    EXPECT_EQ(to_day_number(date(1970, 1, 1)), 0);
    EXPECT_EQ(to_day_number(date(1970, 1, 2)), 1);
    EXPECT_EQ(to_day_number(date(1969, 12, 31)), -1);
    EXPECT_EQ(to_day_number(date(2020, 1, 1)), 18262);
    EXPECT_EQ(count_days(2020, 1, 1), 18262);
    EXPECT_EQ(count_days(1970, 1, 1), 0);
}

TEST(day_number, equals_an_independent_count_of_days_for_many_dates) {
    for (int y = 1900; y <= 2200; y += 7) {
        for (int m = 1; m <= 12; ++m) {
            for (int d : {1, 15, days_in_month(y, m)}) {
                ASSERT_EQ(to_day_number(date(y, m, d)), count_days(y, m, d)) << iso(y, m, d);
            }
        }
    }
}

TEST(day_number, round_trips_every_day_from_1900_to_2200) {
    const day_number first = count_days(1900, 1, 1);
    const day_number last = count_days(2200, 12, 31);
    for (day_number n = first; n <= last; ++n) {
        const date d = from_day_number(n);
        ASSERT_FALSE(d.is_special()) << n;
        ASSERT_EQ(to_day_number(d), n);
    }
    EXPECT_EQ(from_day_number(18262), date(2020, 1, 1));
    EXPECT_EQ(from_day_number(count_days(2020, 2, 29)), date(2020, 2, 29));
}

TEST(day_number, stands_for_a_missing_date_with_numpy_nat) {
    // NaT is the smallest int64.
    EXPECT_EQ(civica::missing_day, INT64_MIN);
    EXPECT_EQ(to_day_number(date()), civica::missing_day);
    EXPECT_EQ(to_day_number(date(boost::date_time::pos_infin)), civica::missing_day);
    EXPECT_TRUE(from_day_number(civica::missing_day).is_not_a_date());
}

TEST(day_number, covers_the_whole_range_boost_represents) {
    EXPECT_EQ(from_day_number(count_days(1400, 1, 1)), date(1400, 1, 1));
    EXPECT_EQ(from_day_number(count_days(9999, 12, 31)), date(9999, 12, 31));
}

TEST(day_number, rejects_a_number_outside_the_representable_dates) {
    for (day_number n : {count_days(1400, 1, 1) - 1, count_days(9999, 12, 31) + 1,
                         day_number{5'000'000'000}, day_number{-5'000'000'000}, INT64_MAX,
                         INT64_MIN + 1}) {
        EXPECT_THROW(from_day_number(n), civica::validation_error) << n;
    }
}

// ------------------------------------------------------------------ periods

TEST(period, is_valid_unless_it_ends_before_it_starts) {
    EXPECT_TRUE((period{date(2020, 1, 1), date(2020, 12, 31)}.valid()));
    EXPECT_TRUE((period{date(2020, 1, 1), date(2020, 1, 1)}.valid()));
    EXPECT_FALSE((period{date(2020, 1, 2), date(2020, 1, 1)}.valid()));
    EXPECT_TRUE((period{date(), date(2020, 1, 1)}.valid()));
    EXPECT_TRUE((period{date(2020, 1, 1), date()}.valid()));
    EXPECT_TRUE(period{}.valid());
}

TEST(period, contains_its_ends_and_is_open_where_an_end_is_missing) {
    const period p{date(2020, 9, 10), date(2020, 10, 16)};  // Governor's grants window 2020
    EXPECT_TRUE(p.contains(date(2020, 9, 10)));
    EXPECT_TRUE(p.contains(date(2020, 10, 16)));
    EXPECT_FALSE(p.contains(date(2020, 9, 9)));
    EXPECT_FALSE(p.contains(date(2020, 10, 17)));
    const period from{date(2020, 1, 1), date()};
    EXPECT_TRUE(from.contains(date(2200, 1, 1)));
    EXPECT_FALSE(from.contains(date(2019, 12, 31)));
    const period until{date(), date(2020, 1, 1)};
    EXPECT_TRUE(until.contains(date(1900, 1, 1)));
    EXPECT_FALSE(until.contains(date(2020, 1, 2)));
    EXPECT_TRUE(period{}.contains(date(2020, 5, 5)));
    EXPECT_TRUE(p.has_start() && p.has_end());
    EXPECT_FALSE(from.has_end());
    EXPECT_FALSE(until.has_start());
}

TEST(period, compares_both_ends) {
    EXPECT_EQ((period{date(2020, 1, 1), date(2020, 2, 1)}), (period{date(2020, 1, 1), date(2020, 2, 1)}));
    EXPECT_NE((period{date(2020, 1, 1), date(2020, 2, 1)}), (period{date(2020, 1, 1), date()}));
}

// DD.MM.YYYY, as spreadsheets in a Russian locale write dates: the same day as its ISO form,
// checked by the same rules, with errors quoting the text as written.
TEST(date, reads_a_russian_spreadsheet_date_as_its_iso_day) {
    using civica::parse_day_number;
    using civica::parse_day_number_or_russian;
    EXPECT_EQ(parse_day_number_or_russian("21.01.2020"), parse_day_number("2020-01-21"));
    EXPECT_EQ(parse_day_number_or_russian("1.2.2020"), parse_day_number("2020-02-01"));
    EXPECT_EQ(parse_day_number_or_russian("29.02.2024 0:00:00"), parse_day_number("2024-02-29"));
    EXPECT_EQ(parse_day_number_or_russian("2020-01-21"), parse_day_number("2020-01-21"));
    for (const char* bad : {"31.02.2021", "21.13.2020", "21.01.20", "21.01.1800", "1..2020", "21.01.2020x", "a.b.cdef", "весной 2019", "2020/01/21"}) {
        try {
            (void)parse_day_number_or_russian(bad);
            ADD_FAILURE() << bad << " was read";
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("\"") + bad + "\""), std::string::npos) << e.what();
        }
    }
}

TEST(days_in_month, is_zero_for_a_month_outside_1_to_12) {
    // It read past its table of 12 months (a noexcept function in a public header).
    EXPECT_EQ(civica::days_in_month(2021, 13), 0u);
    EXPECT_EQ(civica::days_in_month(2021, 0), 0u);
    EXPECT_EQ(civica::days_in_month(2024, 2), 29u);
    EXPECT_EQ(civica::days_in_month(2023, 12), 31u);
}

TEST(day_outside_years, words_an_infinite_or_far_day_and_passes_a_day_of_the_years_or_none) {
    using civica::date;
    EXPECT_EQ(civica::day_outside_years(date()), "");
    EXPECT_EQ(civica::day_outside_years(date(1900, 1, 1)), "");
    EXPECT_EQ(civica::day_outside_years(date(2200, 12, 31)), "");
    EXPECT_EQ(civica::day_outside_years(date(1899, 12, 31)), "1899-12-31 is outside the years 1900..2200");
    EXPECT_EQ(civica::day_outside_years(date(2201, 1, 1)), "2201-01-01 is outside the years 1900..2200");
    EXPECT_EQ(civica::day_outside_years(date(boost::date_time::pos_infin)),
              "is an infinite date, not a day of 1900..2200");
    EXPECT_EQ(civica::day_outside_years(date(boost::date_time::neg_infin)),
              "is an infinite date, not a day of 1900..2200");
}
