#include "civica/calendar/obligations.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace civica::calendar;
using civica::money;

namespace {

const obligation_catalogue& rules() { return obligation_catalogue::bundled(); }

std::string test_file(const std::string& name) {
    return std::string(CIVICA_TEST_DATA_DIR) + "/calendar/" + name;
}

civica::parse_error parse_failure(const std::string& json) {
    try {
        (void)obligation_catalogue::from_json_text(json, "rules.json");
    } catch (const civica::parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for " << json;
    return civica::parse_error("none");
}

}  // namespace

TEST(obligations, bundled_catalogue_covers_every_row_of_the_domain_table) {
    // DOMAIN.md section 5, one id per row (old rules and changed wordings add more).
    for (const char* id :
         {"minjust_on0001_on0002", "minjust_simplified", "minjust_on0003", "accounting_statements", "usn_return",
          "usn_return_until_2021", "vat_return", "ndfl6_quarter", "ndfl6_year", "rsv", "personified_data",
          "efs1_hire_dismissal", "efs1_length_of_service", "efs1_injury_contributions", "szv_m", "szv_stazh", "fss4",
          "sonko1", "grant_analytical", "grant_financial"}) {
        const obligation* o = rules().find(id);
        ASSERT_NE(o, nullptr) << id;
        EXPECT_FALSE(o->basis.ru.empty()) << id;
        EXPECT_FALSE(o->basis.en.empty()) << id;
        EXPECT_FALSE(o->report.en.empty()) << id;
        EXPECT_FALSE(o->recipient.ru.empty()) << id;
    }
}

TEST(obligations, gives_the_years_each_wording_applies_to) {
    const obligation* old_usn = rules().find("usn_return_until_2021");
    const obligation* new_usn = rules().find("usn_return");
    EXPECT_TRUE(old_usn->covers_period_year(2021));
    EXPECT_FALSE(old_usn->covers_period_year(2022));
    EXPECT_FALSE(new_usn->covers_period_year(2021));
    EXPECT_TRUE(new_usn->covers_period_year(2022));
    EXPECT_EQ(new_usn->due.day, 25);
    EXPECT_EQ(old_usn->due.day, 31);
    EXPECT_FALSE(rules().find("szv_m")->covers_period_year(2023));
    EXPECT_TRUE(rules().find("personified_data")->covers_period_year(2023));
    EXPECT_FALSE(rules().find("personified_data")->covers_period_year(2022));
    EXPECT_FALSE(rules().find("rsv")->covers_due_date(civica::date(2022, 10, 31)));
    EXPECT_TRUE(rules().find("rsv")->covers_due_date(civica::date(2023, 1, 25)));
}

TEST(obligations, reads_the_simplified_statement_threshold_as_exact_money) {
    const obligation* o = rules().find("minjust_simplified");
    ASSERT_TRUE(o->who.income_at_most.has_value());
    EXPECT_EQ(o->who.income_at_most->kopecks(), 300'000'000);
    ngo_profile p;
    p.annual_income = money::from_rubles(3'000'000);
    EXPECT_TRUE(o->who.matches(p));
    p.annual_income = money::from_kopecks(300'000'001);
    EXPECT_FALSE(o->who.matches(p));
    EXPECT_TRUE(rules().find("minjust_on0001_on0002")->who.matches(p));
}

TEST(obligations, lets_a_user_file_add_and_replace_rules) {
    obligation_catalogue c = rules();
    const std::size_t before = c.size();
    c.load(test_file("extra_obligations.json"));
    EXPECT_EQ(c.size(), before + 1);
    const obligation* added = c.find("regional_subsidy_report");
    ASSERT_NE(added, nullptr);
    EXPECT_EQ(added->recipient.ru, "Департамент общественных связей");
    EXPECT_EQ(added->recipient.in(language::en), "Департамент общественных связей");  // falls back to ru
    EXPECT_EQ(added->due.only, (std::vector<int>{2, 4}));
    EXPECT_EQ(added->due.day, 0);
    EXPECT_FALSE(added->due.shift);
    EXPECT_EQ(c.find("sonko1")->basis.ru, "Пример замены правила пользователем");
    EXPECT_NE(rules().find("sonko1")->basis.ru, "Пример замены правила пользователем");
}

TEST(obligations, names_file_line_and_field_of_a_bad_rule) {
    const std::string json = R"({
  "obligations": [
    {"id": "a", "report": "A", "recipient": "R", "who": {}, "basis": "B",
     "due": {"period": "year", "months_after": 3, "day": 31}},
    {"id": "b", "report": "B", "recipient": "R", "who": {}, "basis": "B",
     "due": {"period": "year",
             "months_after": 3,
             "day": 32}}
  ]
})";
    const auto e = parse_failure(json);
    EXPECT_EQ(e.file(), "rules.json");
    EXPECT_EQ(e.line(), 8u);
    EXPECT_EQ(e.field(), "due.day");
    EXPECT_NE(std::string(e.what()).find("\"b\""), std::string::npos) << e.what();
}

TEST(obligations, refuses_unknown_conditions_and_fractional_money) {
    const std::string head = R"({"obligations": [{"id": "x", "report": "A", "recipient": "R", "basis": "B",
 "due": {"period": "year", "months_after": 3, "day": 31},
 "who": )";
    auto e = parse_failure(head + R"({"employes": true}}]})");
    EXPECT_EQ(e.field(), "who.employes");
    EXPECT_EQ(e.line(), 3u);
    e = parse_failure(head + R"({"income_above": 3000000.5}}]})");
    EXPECT_EQ(e.field(), "who.income_above");
    e = parse_failure(head + R"({"tax_regime": "patent"}}]})");
    EXPECT_EQ(e.field(), "who.tax_regime");
}

TEST(obligations, reports_where_the_json_is_broken) {
    const auto e = parse_failure("{\n  \"obligations\": [\n    {\"id\": \"x\",,}\n  ]\n}");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_GT(e.column(), 0u);
}

TEST(obligations, refuses_a_duplicate_id_in_one_file) {
    const std::string rule = R"({"id": "x", "report": "A", "recipient": "R", "basis": "B", "who": {},
 "due": {"period": "year", "months_after": 3, "day": 31}})";
    const auto e = parse_failure("{\"obligations\": [" + rule + ",\n" + rule + "]}");
    EXPECT_EQ(e.field(), "id");
    EXPECT_EQ(e.line(), 3u);
}

TEST(obligations, matches_conditions_with_any_of) {
    const condition& who = rules().find("minjust_on0001_on0002")->who;
    ngo_profile p;
    p.annual_income = money::from_rubles(100'000);
    EXPECT_FALSE(who.matches(p));
    p.foreign_funds = true;
    EXPECT_TRUE(who.matches(p));
    p.foreign_funds = false;
    p.foreign_founders = true;
    EXPECT_TRUE(who.matches(p));
    p.public_association = true;  // public associations file ОН0003 instead
    EXPECT_FALSE(who.matches(p));
}

TEST(obligations, cuts_a_grant_into_reporting_periods) {
    grant_agreement g;
    g.id = "g1";
    g.start = civica::date(2021, 3, 1);
    g.end = civica::date(2022, 2, 28);
    g.period_months = 5;
    const auto ps = g.periods();
    ASSERT_EQ(ps.size(), 3u);
    EXPECT_EQ(ps[0].end, civica::date(2021, 7, 31));
    EXPECT_EQ(ps[1].start, civica::date(2021, 8, 1));
    EXPECT_EQ(ps[2].end, civica::date(2022, 2, 28));
    g.period_months = 0;
    EXPECT_THROW((void)g.periods(), civica::validation_error);
}

// Explicit reporting periods lie within the project's term: one outside it was taken without a
// word, and gave interim reports for days the project did not have.
TEST(obligations, refuses_reporting_periods_outside_the_projects_term) {
    grant_agreement g;
    g.id = "g1";
    g.start = civica::date(2021, 3, 1);
    g.end = civica::date(2021, 12, 31);
    const auto refusal = [&](civica::date from, civica::date to) {
        g.reporting_periods = {civica::period{from, to}};
        try {
            (void)g.periods();
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(refusal(civica::date(2021, 3, 1), civica::date(2021, 12, 31)), "accepted");
    EXPECT_NE(refusal(civica::date(2021, 2, 1), civica::date(2021, 6, 30)).find("begins before the project's start 2021-03-01"),
              std::string::npos);
    EXPECT_NE(refusal(civica::date(2021, 7, 1), civica::date(2022, 1, 31)).find("ends after the project's end 2021-12-31"),
              std::string::npos);
}

// A count beyond a century (or below zero) is named, where a report delay of a billion days
// reached the date code's "Year is out of valid range" and a negative one was let through.
TEST(obligations, refuses_a_grant_count_outside_its_range_naming_it) {
    auto refusal = [](grant_agreement g) {
        try {
            (void)g.periods();
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    grant_agreement g;
    g.title = "Школа НКО";
    g.start = civica::date(2021, 3, 1);
    g.end = civica::date(2022, 2, 28);
    g.period_months = 6;
    EXPECT_EQ(g.periods().size(), 2u);
    auto bad = g;
    bad.report_days = 1'000'000'000;
    EXPECT_EQ(refusal(bad), "grant \"Школа НКО\": report_days must be a whole number from 0 to 36500, not 1000000000");
    bad = g;
    bad.final_report_days = -1;
    EXPECT_EQ(refusal(bad), "grant \"Школа НКО\": final_report_days must be a whole number from 0 to 36500, not -1");
    bad = g;
    bad.id = "g1";
    bad.period_months = 1201;
    EXPECT_EQ(refusal(bad), "grant \"g1\": period_months must be a whole number from 1 to 1200, not 1201");
    bad.period_months = max_period_months;  // the bounds themselves are agreements civica takes
    bad.report_days = max_report_days;
    bad.final_report_days = 0;
    EXPECT_EQ(bad.periods().size(), 1u);
}

// Civil Code arts. 191 and 192 p.3, dates worked out by hand: a project of five months from
// 31 January 2024 to 30 June 2024 has five monthly periods, each ending on the 30th (the day
// before the start) or the last day of February; one from 30 January keeps the 29th (no drift
// to the 28th after February); one from 15 January ends each on the 14th.
TEST(obligations, months_are_counted_from_the_start_not_from_the_period_before) {
    grant_agreement g;
    g.id = "g";
    g.period_months = 1;
    g.start = civica::date(2024, 1, 31);
    g.end = civica::date(2024, 6, 30);
    auto ends = [&] {
        std::vector<civica::date> out;
        for (const auto& p : g.periods()) out.push_back(p.end);
        return out;
    };
    using civica::date;
    EXPECT_EQ(ends(), (std::vector<date>{date(2024, 2, 29), date(2024, 3, 30), date(2024, 4, 30), date(2024, 5, 30),
                                         date(2024, 6, 30)}));
    g.start = date(2024, 1, 30);
    g.end = date(2024, 6, 29);
    EXPECT_EQ(ends(), (std::vector<date>{date(2024, 2, 29), date(2024, 3, 29), date(2024, 4, 29), date(2024, 5, 29),
                                         date(2024, 6, 29)}));
    g.start = date(2024, 1, 15);
    g.end = date(2024, 4, 14);
    EXPECT_EQ(ends(), (std::vector<date>{date(2024, 2, 14), date(2024, 3, 14), date(2024, 4, 14)}));
    EXPECT_EQ(g.periods()[1].start, date(2024, 2, 15));
    g.start = date(2024, 3, 1);  // from the 1st: calendar months, whatever February's length
    g.end = date(2024, 6, 30);
    EXPECT_EQ(ends(), (std::vector<date>{date(2024, 3, 31), date(2024, 4, 30), date(2024, 5, 31), date(2024, 6, 30)}));
}

TEST(obligations, a_control_character_in_a_rule_text_is_refused_with_its_field) {
    const std::string head = R"({"format": "civica-obligations", "version": 1, "obligations": [
  {"id": "r", "recipient": "ФНС", "who": {}, "due": {"period": "year", "months_after": 3, "day": 31}, "basis": "НК РФ",
)";
    auto e = parse_failure(head + R"(   "report": "Отчёт\u000bА"}]})");
    EXPECT_NE(std::string(e.what()).find("report"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("U+000B"), std::string::npos) << e.what();
    e = parse_failure(head + R"(   "report": {"ru": "Отчёт", "en": "Return\u001b[31m"}}]})");
    EXPECT_NE(std::string(e.what()).find("report.en"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("U+001B"), std::string::npos) << e.what();
    // Tabs and line breaks are text.
    EXPECT_NO_THROW((void)obligation_catalogue::from_json_text(head + R"(   "report": "Отчёт\tА\nБ"}]})", "ok.json"));
}

TEST(obligation_catalogue, add_refuses_what_no_rules_file_can_hold) {
    // months_after = INT_MAX overflowed the deadline's month; a day of -5 escaped as Boost's
    // bad_day_of_month from the calendar.
    obligation_catalogue cat;
    obligation o = *obligation_catalogue::bundled().find("usn_return");
    auto refused = [&](obligation changed) {
        EXPECT_THROW(cat.add(std::move(changed)), civica::validation_error);
        EXPECT_EQ(cat.find("usn_return"), nullptr);
    };
    obligation bad = o;
    bad.due.months_after = 2147483647;
    refused(bad);
    bad = o;
    bad.due.months_after = -1;
    refused(bad);
    bad = o;
    bad.due.day = -5;
    refused(bad);
    bad = o;
    bad.periods_from = 2021;
    bad.periods_until = 2020;
    refused(bad);
    cat.add(o);
    EXPECT_NE(cat.find("usn_return"), nullptr);
}

TEST(grant_agreement, dates_outside_the_years_civica_takes_are_refused) {
    // A grant of 1401 or one ending in 9999 reached Boost's bad_year when its deadlines were counted.
    grant_agreement g;
    g.id = "g";
    g.start = civica::date(2019, 1, 1);
    g.end = civica::date(9999, 12, 1);
    g.period_months = 12;
    EXPECT_THROW((void)g.periods(), civica::validation_error);
    try {
        (void)g.periods();
    } catch (const civica::validation_error& e) {
        EXPECT_STREQ(e.what(), "grant \"g\": the end 9999-12-01 is outside the years 1900..2200");
    }
    g.start = civica::date(1401, 1, 1);
    g.end = civica::date(1401, 12, 31);
    EXPECT_THROW((void)g.periods(), civica::validation_error);
    g.start = civica::date(2021, 1, 1);
    g.end = civica::date(2021, 12, 31);
    EXPECT_EQ(g.periods().size(), 1u);
}

TEST(obligation_catalogue, a_rules_file_and_add_refuse_the_same_rule_alike) {
    // One check for both (rule_problem): the file's error names the field and its line.
    const std::string text = R"({"format": "civica-obligations", "version": 1, "obligations": [
  {"id": "x", "report": {"ru": "Отчёт"}, "recipient": {"ru": "ФНС"}, "basis": {"ru": "НК РФ"}, "who": {},
   "due": {"period": "year", "months_after": 3, "day": 31},
   "periods_from": 2022,
   "periods_until": 2021}
]})";
    try {
        (void)obligation_catalogue::from_json_text(text, "rules.json");
        ADD_FAILURE() << "a rule whose periods end before they begin was read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 5u) << e.what();
        EXPECT_NE(std::string(e.what()).find("is before periods_from"), std::string::npos) << e.what();
    }
    obligation o = *obligation_catalogue::bundled().find("usn_return");
    o.periods_from = 2022;
    o.periods_until = 2021;
    obligation_catalogue cat;
    try {
        cat.add(o);
        ADD_FAILURE() << "add took a rule whose periods end before they begin";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("periods_until is before periods_from"), std::string::npos) << e.what();
    }
}
