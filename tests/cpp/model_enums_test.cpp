// Tests of the model's enumerations (src/model/enums.cpp): string forms, ОКОПФ names and the
// indicator vocabulary, checked against lists written out here from DOMAIN.md.
#include "civica/error.hpp"
#include "civica/model/council.hpp"
#include "civica/model/grant.hpp"
#include "civica/model/indicator.hpp"
#include "civica/model/organization.hpp"
#include "civica/model/support.hpp"
#include "civica/model/training.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace civica;

namespace {

// Checks that every value prints as its expected name, parses back, and that a bad name is
// rejected with a parse_error listing every allowed name.
template <class E>
void check_enum(const std::vector<std::pair<E, std::string>>& expected,
                const std::function<E(std::string_view)>& parse) {
    std::set<std::string> names;
    for (const auto& [value, name] : expected) {
        EXPECT_EQ(std::string(to_string(value)), name);
        EXPECT_EQ(parse(name), value) << name;
        names.insert(name);
    }
    EXPECT_EQ(names.size(), expected.size()) << "names must be distinct";
    const std::vector<std::string> bad_names{"", "nonsense", "Winner", " winner",
                                             expected[0].second + " "};
    for (const std::string& bad : bad_names) {
        try {
            parse(bad);
            ADD_FAILURE() << '"' << bad << "\" was accepted";
        } catch (const parse_error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("\"" + bad + "\""), std::string::npos) << m;
            for (const auto& n : names) EXPECT_NE(m.find(n), std::string::npos) << m << " lacks " << n;
        }
    }
}

}  // namespace

TEST(enums, programme_kind_round_trips_and_lists_the_allowed_names) {
    check_enum<programme_kind>({{programme_kind::presidential_grants, "presidential_grants"},
                                {programme_kind::governor_ngo, "governor_ngo"},
                                {programme_kind::governor_individual, "governor_individual"},
                                {programme_kind::municipal_subsidy, "municipal_subsidy"},
                                {programme_kind::other, "other"}},
                               parse_programme_kind);
}

TEST(enums, application_status_round_trips_and_lists_the_allowed_names) {
    check_enum<application_status>({{application_status::submitted, "submitted"},
                                    {application_status::admitted, "admitted"},
                                    {application_status::rejected, "rejected"},
                                    {application_status::winner, "winner"},
                                    {application_status::withdrawn, "withdrawn"}},
                                   parse_application_status);
}

TEST(enums, applicant_kind_round_trips_and_lists_the_allowed_names) {
    check_enum<applicant_kind>({{applicant_kind::organization, "organization"},
                                {applicant_kind::person, "person"}},
                               parse_applicant_kind);
}

TEST(enums, course_format_round_trips_and_lists_the_allowed_names) {
    check_enum<course_format>({{course_format::distance, "distance"},
                               {course_format::in_person, "in_person"},
                               {course_format::mixed, "mixed"}},
                              parse_course_format);
}

TEST(enums, body_kind_round_trips_and_lists_the_allowed_names) {
    check_enum<body_kind>({{body_kind::public_council, "public_council"},
                           {body_kind::public_chamber, "public_chamber"},
                           {body_kind::other, "other"}},
                          parse_body_kind);
}

TEST(enums, meeting_format_round_trips_and_lists_the_allowed_names) {
    check_enum<meeting_format>({{meeting_format::in_person, "in_person"},
                                {meeting_format::remote, "remote"},
                                {meeting_format::mixed, "mixed"},
                                {meeting_format::absentee, "absentee"}},
                               parse_meeting_format);
}

TEST(enums, support_kind_round_trips_and_lists_the_allowed_names) {
    check_enum<support_kind>({{support_kind::information, "information"},
                              {support_kind::consulting, "consulting"},
                              {support_kind::education, "education"},
                              {support_kind::organization, "organization"},
                              {support_kind::grants_help, "grants_help"},
                              {support_kind::other, "other"}},
                             parse_support_kind);
}

TEST(enums, qualifier_round_trips_and_lists_the_allowed_names) {
    check_enum<qualifier>({{qualifier::exact, "exact"},
                           {qualifier::more_than, "more_than"},
                           {qualifier::at_least, "at_least"},
                           {qualifier::about, "about"}},
                          parse_qualifier);
}

TEST(enums, a_bad_name_names_the_kind_of_value_expected) {
    try {
        parse_application_status("won");
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("application status"), std::string::npos) << e.what();
    }
}

// ------------------------------------------------------------------ ОКОПФ

TEST(okopf, names_every_non_profit_form_of_the_domain_notes) {
    // DOMAIN.md section 4.
    const std::vector<int> codes{20200, 20201, 20202, 20210, 20211, 20217, 20600, 20606, 20614,
                                 20620, 20700, 20716, 21100, 21200, 70400, 70401, 70403, 70404,
                                 71400, 71500, 71610, 75500, 75502, 75505};
    std::set<std::string> ru, en;
    for (int c : codes) {
        EXPECT_FALSE(okopf_name(c).empty()) << c;
        EXPECT_FALSE(okopf_name(c, true).empty()) << c;
        ru.insert(std::string(okopf_name(c)));
        en.insert(std::string(okopf_name(c, true)));
    }
    EXPECT_EQ(ru.size(), codes.size()) << "Russian names must be distinct";
    EXPECT_EQ(en.size(), codes.size()) << "English names must be distinct";
}

TEST(okopf, gives_the_names_of_the_common_forms) {
    EXPECT_EQ(okopf_name(71400), "автономная некоммерческая организация");
    EXPECT_EQ(okopf_name(20200), "общественная организация");
    EXPECT_EQ(okopf_name(20217), "территориальное общественное самоуправление");
    EXPECT_EQ(okopf_name(70401), "благотворительный фонд");
    EXPECT_NE(std::string(okopf_name(71400, true)).find("autonomous non-profit"), std::string::npos);
    EXPECT_NE(std::string(okopf_name(21100, true)).find("Cossack"), std::string::npos);
}

TEST(okopf, gives_nothing_for_an_unknown_code) {
    for (int c : {0, -1, 1, 12300, 20203, 65000, 99999, 100000}) {
        EXPECT_TRUE(okopf_name(c).empty()) << c;
        EXPECT_TRUE(okopf_name(c, true).empty()) << c;
    }
}

// ------------------------------------------------------------------ indicator vocabulary

TEST(indicator_keys, contain_every_key_of_the_domain_notes_with_its_unit) {
    // DOMAIN.md section 1, "Indicator vocabulary".
    const std::map<std::string, std::string> expected{
        {"councils.public_councils", "count"},
        {"councils.collegial_bodies", "count"},
        {"councils.meetings", "count"},
        {"councils.agenda_questions", "count"},
        {"training.courses", "count"},
        {"training.ngos_trained", "count"},
        {"training.participants", "count"},
        {"ngo.registered", "count"},
        {"ngo.public_associations", "count"},
        {"grants.winners", "count"},
        {"grants.funds_attracted", "RUB"},
        {"grants.individual.applicants", "count"},
        {"grants.individual.winners", "count"},
        {"grants.individual.amount", "RUB"},
        {"grants.individual.rank_among_municipalities", "rank"},
    };
    std::map<std::string, std::string> have;
    for (const auto& k : known_indicator_keys()) {
        EXPECT_TRUE(have.emplace(std::string(k.key), std::string(k.unit)).second)
            << "duplicate key " << k.key;
        EXPECT_FALSE(k.description.empty()) << k.key;
    }
    for (const auto& [key, unit] : expected) {
        ASSERT_TRUE(have.count(key)) << key << " is missing";
        EXPECT_EQ(have[key], unit) << key;
        EXPECT_EQ(default_unit(key), unit) << key;
    }
}

TEST(indicator_keys, have_no_default_unit_for_an_unknown_key) {
    EXPECT_TRUE(default_unit("councils.meeting").empty());
    EXPECT_TRUE(default_unit("").empty());
    EXPECT_TRUE(default_unit("GRANTS.WINNERS").empty());
}

TEST(indicator_keys, a_figure_is_labelled_by_key_year_territory_and_breakdown) {
    EXPECT_EQ(civica::figure_label("councils.meetings", "2020", "", ""), "councils.meetings 2020");
    EXPECT_EQ(civica::figure_label("councils.meetings", "2020", "khm", ""), "councils.meetings 2020 khm");
    EXPECT_EQ(civica::figure_label("trainings.participants", "2020", "", "итого"), "trainings.participants 2020 [итого]");
    EXPECT_EQ(civica::figure_label("k", "20x0", "khm", "b"), "k 20x0 khm [b]");
}
