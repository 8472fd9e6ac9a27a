#include "civica/calendar/reporting_calendar.hpp"

#include "civica/error.hpp"
#include "civica/model/organization.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

using namespace civica::calendar;
using civica::date;
using civica::money;

namespace {

// A grant agreement of `months`-long reporting periods from `start` to `end`.
grant_agreement grant(const std::string& id, const std::string& title, date start, date end, int months,
                      int report_days = 15, int final_report_days = 30) {
    grant_agreement g;
    g.id = id;
    g.title = title;
    g.start = start;
    g.end = end;
    g.period_months = months;
    g.report_days = report_days;
    g.final_report_days = final_report_days;
    return g;
}

ngo_profile employer() {
    ngo_profile p = ngo_profile::default_profile();
    p.employees = 5;
    return p;
}

// The deadlines of `rule` in the calendar.
std::vector<deadline> of(const personal_calendar& c, const std::string& rule) {
    std::vector<deadline> out;
    for (const auto& d : c.deadlines)
        if (d.obligation_id == rule) out.push_back(d);
    return out;
}

const deadline& only(const personal_calendar& c, const std::string& rule) {
    const auto v = of(c, rule);
    EXPECT_EQ(v.size(), 1u) << rule;
    static deadline empty;
    if (v.empty()) return empty;
    static deadline keep;
    keep = v.front();
    return keep;
}

bool has_rule(const personal_calendar& c, const std::string& prefix) {
    return std::any_of(c.deadlines.begin(), c.deadlines.end(),
                       [&](const deadline& d) { return d.obligation_id.rfind(prefix, 0) == 0; });
}

}  // namespace

// Published dates (ФНС, Минюст): checked against the calendars the authorities printed.
TEST(reporting_calendar, puts_6_ndfl_for_2022_on_2023_02_27) {
    const auto c = reporting_calendar(employer(), 2023);
    const deadline& d = only(c, "ndfl6_year");
    EXPECT_EQ(d.due, date(2023, 2, 27));
    EXPECT_EQ(d.original, date(2023, 2, 25));
    EXPECT_TRUE(d.shifted());
    EXPECT_EQ(d.period_label, "2022 год");
    EXPECT_EQ(d.covered.start, date(2022, 1, 1));
}

TEST(reporting_calendar, puts_6_ndfl_for_2023_on_2024_02_26) {
    EXPECT_EQ(only(reporting_calendar(employer(), 2024), "ndfl6_year").due, date(2024, 2, 26));
}

TEST(reporting_calendar, puts_annual_accounts_for_2023_on_2024_04_01) {
    EXPECT_EQ(only(reporting_calendar(employer(), 2024), "accounting_statements").due, date(2024, 4, 1));
}

TEST(reporting_calendar, puts_the_usn_return_for_2022_on_2023_03_27) {
    EXPECT_EQ(only(reporting_calendar(employer(), 2023), "usn_return").due, date(2023, 3, 27));
    EXPECT_TRUE(of(reporting_calendar(employer(), 2023), "usn_return_until_2021").empty());
}

TEST(reporting_calendar, keeps_the_usn_return_for_2021_on_31_march) {
    const auto c = reporting_calendar(employer(), 2022);
    EXPECT_EQ(only(c, "usn_return_until_2021").due, date(2022, 3, 31));
    EXPECT_TRUE(of(c, "usn_return").empty());
}

TEST(reporting_calendar, puts_the_minjust_reports_for_2022_on_2023_04_17) {
    EXPECT_EQ(only(reporting_calendar(employer(), 2023), "minjust_simplified").due, date(2023, 4, 17));
}

TEST(reporting_calendar, follows_the_2023_change_of_payroll_reports) {
    const auto c = reporting_calendar(employer(), 2023);
    // RSV for 2022: the new 25th already applies (filed in 2023).
    const auto rsv = of(c, "rsv");
    ASSERT_EQ(rsv.size(), 4u);
    EXPECT_EQ(rsv[0].due, date(2023, 1, 25));
    EXPECT_EQ(rsv[0].period_label, "2022 год");
    EXPECT_EQ(rsv[1].due, date(2023, 4, 25));
    EXPECT_EQ(rsv[1].period_label, "1 квартал 2023");
    EXPECT_EQ(rsv[2].period_label, "полугодие 2023");
    EXPECT_EQ(rsv[3].due, date(2023, 10, 25));
    EXPECT_TRUE(of(c, "rsv_until_2022").empty());
    // The last СЗВ-М (December 2022) and 4-ФСС (2022) are due in January 2023.
    EXPECT_EQ(only(c, "szv_m").due, date(2023, 1, 16));
    EXPECT_EQ(only(c, "fss4").due, date(2023, 1, 25));
    EXPECT_EQ(only(c, "szv_stazh").due, date(2023, 3, 1));
    // Personalised data: January 2023 due 27.02.2023 (25th a Saturday); none for quarter-ends.
    const auto pd = of(c, "personified_data");
    ASSERT_EQ(pd.size(), 8u);
    EXPECT_EQ(pd[0].due, date(2023, 2, 27));
    EXPECT_EQ(pd[0].period_label, "январь 2023");
    EXPECT_TRUE(of(c, "efs1_length_of_service").empty());  // first one due 2024-01-25
    EXPECT_EQ(only(reporting_calendar(employer(), 2024), "efs1_length_of_service").due, date(2024, 1, 25));
    ASSERT_EQ(c.event_driven.size(), 1u);
    EXPECT_EQ(c.event_driven[0].obligation_id, "efs1_hire_dismissal");
}

TEST(reporting_calendar, uses_the_old_payroll_reports_before_2023) {
    const auto c = reporting_calendar(employer(), 2021);
    EXPECT_EQ(of(c, "szv_m").size(), 12u);
    EXPECT_EQ(of(c, "rsv_until_2022").size(), 4u);
    EXPECT_EQ(of(c, "fss4").size(), 4u);
    EXPECT_TRUE(of(c, "personified_data").empty());
    EXPECT_TRUE(c.event_driven.empty());
    // 6-НДФЛ for 9 months of 2021: 31 October fell in the days off of Decree No. 595
    // (30.10–07.11.2021), so it was due on 8 November.
    const auto q = of(c, "ndfl6_quarter_until_2022");
    ASSERT_EQ(q.size(), 3u);
    EXPECT_EQ(q[2].due, date(2021, 11, 8));
    EXPECT_FALSE(q[2].verified);
    // СЗВ-М for April 2021: 15 May was a Saturday, due 17 May.
    EXPECT_EQ(of(c, "szv_m")[4].due, date(2021, 5, 17));
}

TEST(reporting_calendar, gives_no_payroll_reports_without_employees) {
    ngo_profile p = ngo_profile::default_profile();
    p.employees = 0;
    for (int y : {2021, 2023, 2024}) {
        const auto c = reporting_calendar(p, y);
        for (const char* r : {"ndfl6", "rsv", "personified", "efs1", "szv", "fss4"})
            EXPECT_FALSE(has_rule(c, r)) << r << " in " << y;
        EXPECT_TRUE(c.event_driven.empty());
        EXPECT_TRUE(has_rule(c, "accounting_statements"));
    }
}

TEST(reporting_calendar, gives_a_public_association_the_on0003) {
    ngo_profile p = ngo_profile::default_profile();
    p.legal_form = 20200;
    p.public_association = true;
    const auto c = reporting_calendar(p, 2023);
    EXPECT_EQ(only(c, "minjust_on0003").due, date(2023, 4, 17));
    EXPECT_TRUE(of(c, "minjust_simplified").empty());
    EXPECT_TRUE(of(c, "minjust_on0001_on0002").empty());
}

TEST(reporting_calendar, gives_a_small_ngo_the_simplified_statement_instead_of_on0001) {
    ngo_profile p = ngo_profile::default_profile();
    p.annual_income = money::from_rubles(2'999'999);
    auto c = reporting_calendar(p, 2023);
    EXPECT_EQ(of(c, "minjust_simplified").size(), 1u);
    EXPECT_TRUE(of(c, "minjust_on0001_on0002").empty());
    EXPECT_EQ(of(c, "minjust_on0003").size(), 0u);

    p.annual_income = money::from_rubles(3'500'000);
    c = reporting_calendar(p, 2023);
    EXPECT_TRUE(of(c, "minjust_simplified").empty());
    EXPECT_EQ(of(c, "minjust_on0001_on0002").size(), 1u);

    p.annual_income = money::from_rubles(100'000);
    p.foreign_funds = true;
    c = reporting_calendar(p, 2023);
    EXPECT_TRUE(of(c, "minjust_simplified").empty());
    EXPECT_EQ(of(c, "minjust_on0001_on0002").size(), 1u);
}

TEST(reporting_calendar, gives_a_branch_of_a_foreign_ngo_no_simplified_statement) {
    // 7-FZ art. 32 p.3.1: the simplified statement is for NGOs without foreign founders; a
    // branch of a foreign NGO (71610) is the foreign organisation's own.
    ngo_profile p = ngo_profile::default_profile();
    p.legal_form = 71610;
    p.annual_income = money::from_rubles(100'000);
    EXPECT_THROW(
        {
            try {
                reporting_calendar(p, 2024);
            } catch (const civica::validation_error& e) {
                EXPECT_NE(std::string(e.what()).find("71610 is a branch of a foreign NGO"), std::string::npos)
                    << e.what();
                throw;
            }
        },
        civica::validation_error);
    p.foreign_founders = true;
    const auto c = reporting_calendar(p, 2024);
    EXPECT_TRUE(of(c, "minjust_simplified").empty());
    EXPECT_EQ(of(c, "minjust_on0001_on0002").size(), 1u);
    civica::organization org;
    org.id = civica::organization_id("branch");
    org.full_name = "Филиал";
    org.okopf = 71610;
    EXPECT_TRUE(profile_from(org).foreign_founders);
    org.okopf = 71400;
    EXPECT_FALSE(profile_from(org).foreign_founders);
}

TEST(reporting_calendar, refuses_a_public_organisation_said_not_to_be_a_public_association) {
    // 82-FZ art. 7: a public organisation (20200) is a public association and reports on form
    // ОН0003; said not to be one, it was given the simplified statement instead.
    ngo_profile p = ngo_profile::default_profile();
    p.legal_form = 20200;
    p.public_association = false;
    try {
        reporting_calendar(p, 2024);
        ADD_FAILURE() << "no error";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("public_association is false, but the legal form 20200 is a form of public association"),
                  std::string::npos) << e.what();
    }
    p.public_association = true;
    const auto c = reporting_calendar(p, 2024);
    EXPECT_TRUE(of(c, "minjust_simplified").empty());
    EXPECT_FALSE(of(c, "minjust_on0003").empty());
    p.legal_form = 71400;  // an АНО is no public association by its form: either is taken
    p.public_association = false;
    EXPECT_NO_THROW(reporting_calendar(p, 2024));
}

TEST(reporting_calendar, refuses_a_negative_income) {
    ngo_profile p = ngo_profile::default_profile();
    p.annual_income = money::from_kopecks(-1);
    EXPECT_THROW(reporting_calendar(p, 2024), civica::validation_error);
}

TEST(reporting_calendar, gives_vat_payers_four_vat_returns) {
    ngo_profile p = employer();
    p.tax = tax_regime::osn;
    p.vat_payer = true;
    const auto c = reporting_calendar(p, 2024);
    const auto vat = of(c, "vat_return");
    ASSERT_EQ(vat.size(), 4u);
    EXPECT_EQ(vat[0].due, date(2024, 1, 25));
    EXPECT_EQ(vat[0].period_label, "4 квартал 2023");
    EXPECT_TRUE(of(c, "usn_return").empty());
}

TEST(reporting_calendar, gives_socially_oriented_ngos_the_1_sonko) {
    ngo_profile p = ngo_profile::default_profile();
    EXPECT_EQ(only(reporting_calendar(p, 2022), "sonko1").due, date(2022, 4, 1));
    p.socially_oriented = false;
    EXPECT_TRUE(of(reporting_calendar(p, 2022), "sonko1").empty());
}

TEST(reporting_calendar, puts_every_shifted_deadline_on_a_working_day) {
    const auto& days = production_calendar::bundled();
    ngo_profile p = employer();
    p.vat_payer = true;
    for (int y = 2017; y <= 2027; ++y) {
        const auto c = reporting_calendar(p, y);
        EXPECT_GT(c.deadlines.size(), 20u) << y;
        for (const auto& d : c.deadlines) {
            EXPECT_EQ(static_cast<int>(d.due.year()), y);
            EXPECT_TRUE(days.is_working_day(d.due)) << d.key;
            EXPECT_FALSE(d.due < d.original) << d.key;
            if (d.shifted()) {
                EXPECT_FALSE(days.is_working_day(d.original)) << d.key;
            }
        }
        EXPECT_TRUE(std::is_sorted(c.deadlines.begin(), c.deadlines.end(),
                                   [](const deadline& a, const deadline& b) { return a.due < b.due; }));
    }
}

TEST(reporting_calendar, moves_deadlines_over_the_2020_decree_days) {
    // The accounts for 2019 were due 31.03.2020, inside the decree days off of 30.03–08.05.2020
    // (then 9–11 May were holidays and transfers): the next working day is 12.05.2020.
    // (Government extensions of 2020 are not modelled; docs/calendar.md says so.)
    const deadline& d = only(reporting_calendar(employer(), 2020), "accounting_statements");
    EXPECT_EQ(d.original, date(2020, 3, 31));
    EXPECT_EQ(d.due, date(2020, 5, 12));
    EXPECT_NE(d.note.find("31.03.2020"), std::string::npos) << d.note;
}

TEST(reporting_calendar, adds_grant_reports_from_the_agreement) {
    ngo_profile p = ngo_profile::default_profile();
    grant_agreement g = grant("pgf-2021-2", "Школа НКО", date(2021, 3, 1), date(2022, 2, 28), 6, 15, 30);
    g.grant_operator = "Фонд президентских грантов";
    p.grants.push_back(g);
    const auto c = reporting_calendar(p, 2021);
    const auto an = of(c, "grant_analytical");
    const auto fin = of(c, "grant_financial");
    ASSERT_EQ(an.size(), 1u);  // period 1 ends 2021-08-31; the final one falls in 2022
    ASSERT_EQ(fin.size(), 1u);
    EXPECT_EQ(an[0].original, date(2021, 9, 15));
    EXPECT_EQ(an[0].due, date(2021, 9, 15));
    EXPECT_EQ(an[0].recipient, "Фонд президентских грантов");
    EXPECT_NE(an[0].report.find("промежуточный"), std::string::npos);
    EXPECT_EQ(an[0].key, "grant_analytical/pgf-2021-2/P1");
    const auto c2 = reporting_calendar(p, 2022);
    const auto an2 = of(c2, "grant_analytical");
    ASSERT_EQ(an2.size(), 1u);
    EXPECT_EQ(an2[0].original, date(2022, 3, 30));
    EXPECT_NE(an2[0].report.find("итоговый"), std::string::npos);
    // Working days: 15 working days after 2021-08-31.
    p.grants[0].working_days = true;
    EXPECT_EQ(of(reporting_calendar(p, 2021), "grant_financial")[0].due, date(2021, 9, 21));
}

TEST(reporting_calendar, speaks_english_when_asked) {
    calendar_options o;
    o.lang = language::en;
    const auto c = reporting_calendar(employer(), 2023, o);
    const deadline& d = only(c, "ndfl6_year");
    EXPECT_EQ(d.report, "Personal income tax return 6-NDFL");
    EXPECT_EQ(d.period_label, "2022");
    EXPECT_NE(d.note.find("moved from 2023-02-25"), std::string::npos) << d.note;
    EXPECT_EQ(of(c, "personified_data")[0].period_label, "January 2023");
}

TEST(period_label, names_months_and_quarters_and_refuses_an_index_out_of_range) {
    EXPECT_EQ(period_label(period_kind::quarter, 2023, 4, false, language::ru), "4 квартал 2023");
    EXPECT_EQ(period_label(period_kind::quarter, 2023, 2, true, language::en), "H1 2023");
    EXPECT_EQ(period_label(period_kind::month, 2023, 12, false, language::ru), "декабрь 2023");
    EXPECT_EQ(period_label(period_kind::year, 2023, 0, false, language::ru), "2023 год");
    // Not "5 квартал 2023", nor the year alone for a month 0.
    EXPECT_THROW((void)period_label(period_kind::quarter, 2023, 5, false, language::ru), civica::validation_error);
    EXPECT_THROW((void)period_label(period_kind::quarter, 2023, 0, true, language::en), civica::validation_error);
    EXPECT_THROW((void)period_label(period_kind::month, 2023, 0, false, language::ru), civica::validation_error);
    EXPECT_THROW((void)period_label(period_kind::month, 2023, 13, false, language::en), civica::validation_error);
}

TEST(reporting_calendar, refuses_a_year_the_production_calendar_does_not_know) {
    EXPECT_THROW((void)reporting_calendar(employer(), 2031), civica::not_found_error);
    production_calendar guess = production_calendar::bundled();
    guess.set_unknown_year_policy(unknown_year_policy::weekends_only);
    calendar_options o;
    o.days = &guess;
    EXPECT_FALSE(reporting_calendar(employer(), 2031, o).deadlines.empty());
}

TEST(reporting_calendar, uses_a_users_extra_rules) {
    obligation_catalogue rules = obligation_catalogue::bundled();
    rules.load(std::string(CIVICA_TEST_DATA_DIR) + "/calendar/extra_obligations.json");
    calendar_options o;
    o.catalogue = &rules;
    const auto c = reporting_calendar(ngo_profile::default_profile(), 2021, o);
    const auto extra = of(c, "regional_subsidy_report");
    ASSERT_EQ(extra.size(), 2u);
    EXPECT_EQ(extra[0].due, date(2021, 6, 30));
    EXPECT_EQ(extra[1].due, date(2021, 12, 31));  // not shifted although a day off
    EXPECT_EQ(only(c, "sonko1").due, date(2021, 3, 1));
}

TEST(reporting_calendar, makes_a_profile_from_an_organization) {
    civica::organization org;
    org.full_name = "Местная общественная организация «Пример»";
    org.short_name = "МОО «Пример»";
    org.okopf = 20200;
    org.socially_oriented = true;
    ngo_profile base = ngo_profile::default_profile();
    const ngo_profile p = profile_from(org, base);
    EXPECT_EQ(p.name, "МОО «Пример»");
    EXPECT_EQ(p.legal_form, 20200);
    EXPECT_TRUE(p.public_association);
    EXPECT_TRUE(p.socially_oriented);
    EXPECT_EQ(p.employees, base.employees);
    EXPECT_EQ(only(reporting_calendar(p, 2023), "minjust_on0003").due, date(2023, 4, 17));
}

TEST(reporting_calendar, a_grant_without_an_id_keeps_its_keys_whatever_the_other_grants) {
    // Keys (and so iCalendar UIDs) come from the agreement, not from its place in the list:
    // listing another grant before it changes none of its deadlines' keys. Each report names
    // its project, so two grants' reports are told apart.
    grant_agreement a, b;
    a.title = "Школа НКО";
    a.start = date(2023, 1, 1);
    a.end = date(2023, 12, 31);
    a.period_months = 6;
    b = a;
    b.title = "Спорт во дворах";
    b.period_months = 3;
    ngo_profile alone = ngo_profile::default_profile(), both = alone;
    alone.grants = {a};
    both.grants = {b, a};
    auto keys_of = [](const personal_calendar& c, const std::string& title) {
        std::set<std::string> keys;
        for (const auto& d : c.deadlines)
            if (!d.grant_id.empty() && d.report.find("«" + title + "»") != std::string::npos) keys.insert(d.key);
        return keys;
    };
    const auto a_alone = keys_of(reporting_calendar(alone, 2023), a.title);
    ASSERT_FALSE(a_alone.empty());
    const auto c = reporting_calendar(both, 2023);
    EXPECT_EQ(keys_of(c, a.title), a_alone);
    EXPECT_FALSE(keys_of(c, b.title).empty());
    std::set<std::string> ids;
    for (const auto& d : c.deadlines)
        if (!d.grant_id.empty()) ids.insert(d.grant_id);
    EXPECT_EQ(ids.size(), 2u);
    // The same agreement twice: two ids still.
    both.grants = {a, a};
    ids.clear();
    for (const auto& d : reporting_calendar(both, 2023).deadlines)
        if (!d.grant_id.empty()) ids.insert(d.grant_id);
    EXPECT_EQ(ids.size(), 2u);
}

TEST(reporting_calendar, an_unverified_date_is_noted_as_not_checked_and_nothing_more) {
    // "verified": false says the date is not checked against a published calendar (docs); a
    // user's own rule is not "an earlier wording of the law".
    int unverified = 0;
    for (const auto& d : reporting_calendar(ngo_profile::default_profile(), 2017).deadlines) {
        if (d.verified) continue;
        ++unverified;
        EXPECT_NE(d.note.find("дата не сверена с опубликованным календарём"), std::string::npos) << d.key;
        EXPECT_EQ(d.note.find("редакции"), std::string::npos) << d.key << ": " << d.note;
    }
    EXPECT_GT(unverified, 0);
}

TEST(reporting_calendar, english_grant_notes_agree_the_noun_with_the_count) {
    // English: "1 day" but "0 days", "2 days", "21 days" (the same rule as the report's).
    ngo_profile p = ngo_profile::default_profile();
    const grant_agreement g = grant("g", "G", date(2023, 3, 1), date(2024, 2, 29), 6);
    calendar_options o;
    o.lang = language::en;
    auto note_for = [&](int days, bool working) {
        p.grants = {g};
        p.grants[0].report_days = days;
        p.grants[0].final_report_days = days;
        p.grants[0].working_days = working;
        const auto an = of(reporting_calendar(p, 2024, o), "grant_analytical");
        return an.empty() ? std::string("(none)") : an.front().note;
    };
    EXPECT_EQ(note_for(1, false), "project \"G\"; 1 day after the period");
    EXPECT_EQ(note_for(0, false), "project \"G\"; 0 days after the period");
    EXPECT_EQ(note_for(21, false), "project \"G\"; 21 days after the period");
    EXPECT_EQ(note_for(1, true), "project \"G\"; 1 working day after the period");
    EXPECT_EQ(note_for(2, true), "project \"G\"; 2 working days after the period");
    o.lang = language::ru;
    EXPECT_EQ(note_for(1, false), "проект «G»; 1 дн. после периода");
}

// ---- who files, and from when -------------------------------------------------------------

TEST(reporting_calendar, a_homeowners_association_files_nothing_with_the_ministry_of_justice) {
    // 7-FZ art. 1 p.3: the law does not apply to property-owner associations, ТСЖ among them,
    // so neither its art. 32 report nor the simplified statement is theirs.
    for (int form : {20700, 20716}) {
        ngo_profile p = ngo_profile::default_profile();
        p.legal_form = form;
        p.socially_oriented = false;
        const auto c = reporting_calendar(p, 2024);
        EXPECT_FALSE(has_rule(c, "minjust")) << form;
        EXPECT_EQ(only(c, "accounting_statements").due, date(2024, 4, 1)) << form;  // 31 March 2024 is a Sunday
    }
    ngo_profile ano = ngo_profile::default_profile();
    EXPECT_EQ(only(reporting_calendar(ano, 2024), "minjust_simplified").due, date(2024, 4, 15));
}

TEST(reporting_calendar, refuses_a_legal_form_that_is_not_a_non_profit_one) {
    ngo_profile p = ngo_profile::default_profile();
    for (int form : {12300, 0, 99999}) {  // ООО, nothing, no form
        p.legal_form = form;
        try {
            (void)reporting_calendar(p, 2024);
            ADD_FAILURE() << form;
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("legal_form " + std::to_string(form) + " is not a non-profit ОКОПФ code"),
                      std::string::npos)
                << e.what();
        }
    }
}

TEST(reporting_calendar, leaves_out_the_periods_before_the_registration) {
    // A ТСЖ registered on 28 December 2019: 402-FZ art. 15 p.3 (after 30 September) and Tax
    // Code art. 55 p.2 (in December) join its first year to the next, so 2020 has no annual
    // accounts or УСН return for 2019. Its December 2019 is reported (the СЗВ-М of December),
    // and no period that ended before the registration is.
    ngo_profile p = employer();
    p.legal_form = 20716;
    p.registered = date(2019, 12, 28);
    const auto c2020 = reporting_calendar(p, 2020);
    EXPECT_FALSE(has_rule(c2020, "accounting_statements"));
    EXPECT_FALSE(has_rule(c2020, "usn_return"));
    const auto szv = of(c2020, "szv_m");
    ASSERT_FALSE(szv.empty());
    // December 2019 from the registration (the first period starts with it), then 2020's months.
    EXPECT_EQ(szv.front().covered.start, date(2019, 12, 28));
    EXPECT_EQ(szv.front().covered.end, date(2019, 12, 31));
    EXPECT_EQ(szv.at(1).covered.start, date(2020, 1, 1));
    for (const deadline& d : c2020.deadlines) EXPECT_FALSE(d.covered.end < p.registered) << d.key;
    // Before it existed, nothing at all, not even the rules without a date.
    const auto c2018 = reporting_calendar(p, 2018);
    EXPECT_TRUE(c2018.deadlines.empty());
    EXPECT_TRUE(c2018.event_driven.empty());
    // Its 2020 is reported in 2021, with the days of 2019 from the registration: 402-FZ art. 15
    // p.3, "первым отчетным годом является период с даты государственной регистрации по 31
    // декабря календарного года, следующего за годом его государственной регистрации".
    const deadline joined = only(reporting_calendar(p, 2021), "accounting_statements");
    EXPECT_EQ(joined.covered.start, date(2019, 12, 28));
    EXPECT_EQ(joined.covered.end, date(2020, 12, 31));
    EXPECT_EQ(only(reporting_calendar(p, 2022), "accounting_statements").covered.start, date(2021, 1, 1));
    // Registered by 30 September, the first year is its own, from the registration (art. 15
    // p.2); by 30 November, the УСН return too (Tax Code art. 55 p.2).
    p.registered = date(2019, 9, 30);
    EXPECT_EQ(only(reporting_calendar(p, 2020), "accounting_statements").covered.start, date(2019, 9, 30));
    EXPECT_EQ(only(reporting_calendar(p, 2020), "accounting_statements").covered.end, date(2019, 12, 31));
    p.registered = date(2019, 10, 1);
    EXPECT_FALSE(has_rule(reporting_calendar(p, 2020), "accounting_statements"));
    EXPECT_TRUE(has_rule(reporting_calendar(p, 2020), "usn_return"));
    p.registered = date(2019, 12, 1);
    EXPECT_FALSE(has_rule(reporting_calendar(p, 2020), "usn_return"));
    p.registered = date(2201, 1, 1);
    EXPECT_THROW((void)reporting_calendar(p, 2020), civica::validation_error);
}

TEST(reporting_calendar, profile_from_takes_the_registration_and_refuses_a_commercial_partner) {
    civica::organization org;
    org.id = civica::organization_id("tsj-1");
    org.full_name = "ТСЖ «Пример»";
    org.okopf = 20716;
    org.registered = date(2019, 12, 28);
    EXPECT_EQ(profile_from(org).registered, date(2019, 12, 28));
    org.nonprofit = false;
    EXPECT_THROW((void)profile_from(org), civica::validation_error);
}

TEST(reporting_calendar, a_deadline_long_after_its_period_is_in_the_year_it_falls_in) {
    // A final report 400 days after a period ending 31 December 2021 is due on 4 February
    // 2023, a Saturday, so on Monday 6 February 2023; it was in no calendar.
    const grant_agreement g = grant("late", "T", date(2021, 1, 1), date(2021, 12, 31), 12, 15, 400);
    ngo_profile p = ngo_profile::default_profile();
    p.grants = {g};
    const auto reports = of(reporting_calendar(p, 2023), "grant_analytical");
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports.front().original, date(2023, 2, 4));
    EXPECT_EQ(reports.front().due, date(2023, 2, 6));
    EXPECT_FALSE(has_rule(reporting_calendar(p, 2022), "grant_"));

    // A rule of 24 months after a year, on the 31st: 2021's is due on Sunday 31 December 2023,
    // so on 9 January 2024 after the New Year holidays; 2022's on 31 December 2024, a day off
    // that year, so on 9 January 2025.
    const auto rules = obligation_catalogue::from_json_text(R"({"format": "civica-obligations", "version": 1,
        "obligations": [{"id": "late_report", "report": "x", "recipient": "y", "who": {},
                         "due": {"period": "year", "months_after": 24, "day": 31}, "basis": "z"}]})");
    calendar_options o;
    o.catalogue = &rules;
    const auto c2024 = of(reporting_calendar(p, 2024, o), "late_report");
    ASSERT_EQ(c2024.size(), 1u);
    EXPECT_EQ(c2024.front().covered.start, date(2021, 1, 1));
    EXPECT_EQ(c2024.front().due, date(2024, 1, 9));
    const auto c2025 = of(reporting_calendar(p, 2025, o), "late_report");
    ASSERT_EQ(c2025.size(), 1u);
    EXPECT_EQ(c2025.front().covered.start, date(2022, 1, 1));
    EXPECT_EQ(c2025.front().due, date(2025, 1, 9));
}

TEST(obligation_catalogue, reads_except_legal_forms_and_late_registration_month_and_checks_them) {
    const auto rules = obligation_catalogue::from_json_text(R"({"format": "civica-obligations", "version": 1,
        "obligations": [{"id": "r", "report": "x", "recipient": "y", "who": {"except_legal_forms": [71400]},
                         "due": {"period": "year", "months_after": 3, "day": 31, "late_registration_month": 10},
                         "basis": "z"}]})");
    ASSERT_EQ(rules.obligations().size(), 1u);
    const obligation& r = rules.obligations().front();
    EXPECT_EQ(r.who.except_legal_forms, std::vector<int>{71400});
    EXPECT_EQ(r.due.late_registration_month, 10);
    ngo_profile p = ngo_profile::default_profile();
    EXPECT_FALSE(r.who.matches(p));
    p.legal_form = 70400;
    EXPECT_TRUE(r.who.matches(p));
    for (const char* bad : {R"("period": "quarter", "months_after": 1, "day": 25, "late_registration_month": 10)",
                            R"("period": "year", "months_after": 3, "day": 31, "late_registration_month": 13)"}) {
        const std::string text = std::string(R"({"format": "civica-obligations", "version": 1, "obligations": [
            {"id": "r", "report": "x", "recipient": "y", "who": {}, "due": {)") + bad + R"(}, "basis": "z"}]})";
        try {
            (void)obligation_catalogue::from_json_text(text);
            ADD_FAILURE() << bad;
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("due.late_registration_month"), std::string::npos) << e.what();
        }
    }
    obligation o = r;
    o.id = "q";
    o.due.period = period_kind::quarter;
    obligation_catalogue cat;
    EXPECT_THROW(cat.add(o), civica::validation_error);
}

TEST(reporting_calendar, a_deadline_of_late_december_2016_is_moved_for_the_calendar_of_2017) {
    // A monthly rule due on the 25th of the next month: November 2016's is due on Sunday
    // 25 December 2016, moved to Monday 26 December 2016, so not in 2017; December's on
    // Wednesday 25 January 2017. The calendar of 2017 stopped with "the production calendar
    // does not know 2016".
    const auto rules = obligation_catalogue::from_json_text(R"({"format": "civica-obligations", "version": 1,
        "obligations": [{"id": "monthly", "report": "x", "recipient": "y", "who": {},
                         "due": {"period": "month", "months_after": 1, "day": 25}, "basis": "z"}]})");
    calendar_options o;
    o.catalogue = &rules;
    const auto c = of(reporting_calendar(ngo_profile::default_profile(), 2017, o), "monthly");
    ASSERT_EQ(c.size(), 12u);
    EXPECT_EQ(c.front().covered.start, date(2016, 12, 1));
    EXPECT_EQ(c.front().due, date(2017, 1, 25));
    // A grant counted in working days from the end of 2016: 5 working days after Friday
    // 30 December 2016 are 9–13 January 2017 (1–8 January are the New Year holidays).
    grant_agreement g = grant("wd", "", date(2016, 7, 1), date(2016, 12, 30), 6, 15, 5);
    g.working_days = true;
    ngo_profile p = ngo_profile::default_profile();
    p.grants = {g};
    const auto reports = of(reporting_calendar(p, 2017), "grant_financial");
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports.front().due, date(2017, 1, 13));
}

TEST(reporting_calendar, the_2017_calendar_of_an_employer_has_the_last_rsv1_return_for_2016) {
    // 212-FZ art. 15 p.9: electronically by the 20th of the second month after the year, so
    // Monday 20 February 2017; the return was abolished with the law from 2017, so no other
    // calendar has it, nor one of an NGO without employees.
    const deadline& d = only(reporting_calendar(employer(), 2017), "rsv1_pfr_2016");
    EXPECT_EQ(d.due, date(2017, 2, 20));
    EXPECT_FALSE(d.shifted());
    EXPECT_EQ(d.covered.start, date(2016, 1, 1));
    EXPECT_FALSE(has_rule(reporting_calendar(employer(), 2018), "rsv1_pfr_2016"));
    ngo_profile none = ngo_profile::default_profile();
    none.employees = 0;
    EXPECT_FALSE(has_rule(reporting_calendar(none, 2017), "rsv1_pfr_2016"));
}

TEST(reporting_calendar, a_grant_period_before_the_registration_is_not_reported) {
    // A quarterly grant of 2021 of an NGO registered on 1 June 2021: its first quarter's reports
    // (due 15 April) were listed.
    ngo_profile p = ngo_profile::default_profile();
    p.registered = date(2021, 6, 1);
    p.grants = {grant("q", "G", date(2021, 1, 1), date(2021, 12, 31), 3)};
    const auto reports = of(reporting_calendar(p, 2021), "grant_analytical");
    ASSERT_EQ(reports.size(), 2u);  // the periods ending 30 June and 30 September; December's is due in 2022
    for (const auto& d : reports) EXPECT_FALSE(d.covered.end < p.registered) << d.key;
}

TEST(reporting_calendar, a_working_day_count_from_31_december_of_an_unknown_year_starts_in_the_next) {
    // 300 working days after 31 December 2015 (a year the production calendar does not know)
    // count from 1 January 2016, which it does: the report was left out of every calendar.
    grant_agreement g = grant("w", "G", date(2015, 1, 1), date(2015, 12, 31), 12, 15, 300);
    g.working_days = true;
    ngo_profile p = ngo_profile::default_profile();
    p.grants = {g};
    const auto& days = production_calendar::bundled();
    ASSERT_FALSE(days.knows_year(2015));
    const date due = days.add_working_days(date(2016, 1, 1), 299);  // 1 January 2016 is a day off
    const auto reports = of(reporting_calendar(p, static_cast<int>(due.year())), "grant_analytical");
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports.front().due, days.add_working_days(date(2015, 12, 31), 300));
}

// A name of spaces names nobody: the calendar's organisation is empty (its title has no
// "— " and spaces after it, as with no name), and a name keeps no spaces around it.
TEST(reporting_calendar, a_name_of_spaces_names_nobody_and_a_name_keeps_no_spaces_around_it) {
    ngo_profile p = ngo_profile::default_profile();
    p.name = "   ";
    EXPECT_EQ(reporting_calendar(p, 2024).organization, "");
    p.name = "  Фонд «Берег» ";
    EXPECT_EQ(reporting_calendar(p, 2024).organization, "Фонд «Берег»");
}
