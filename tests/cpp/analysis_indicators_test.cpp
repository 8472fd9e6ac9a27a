// The one definition of every figure (civica/analysis/indicators.hpp): the open questions of
// the source document decided once, each checked against counts made by hand in the test.
#include "civica/analysis/indicators.hpp"

#include "analysis_fixture.hpp"
#include "civica/analysis/councils.hpp"
#include "civica/analysis/training.hpp"
#include "civica/model/dataset.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace an = civica::analysis;
using namespace civica;

namespace {

double value(const dataset& ds, const char* key, int year, std::string_view territory = {},
             std::string_view breakdown = {}) {
    const auto c = an::compute_indicator(ds, key, year, territory, breakdown);
    if (!c) throw std::runtime_error(std::string("not computable: ") + key);
    return c->value;
}

// The synthetic Khanty-Mansiysk records with a youth parliament (kind other) that met once in
// 2020 and considered one question: the case where the report said 15 bodies and the analysis 14.
dataset with_youth_parliament() {
    dataset ds = synth::khanty_mansiysk_2020();
    ds.add(collegial_body{body_id("youth-parliament"), "Молодёжный парламент", body_kind::other, "",
                          municipality_id("khanty-mansiysk")});
    ds.add(meeting{meeting_id("yp-1"), body_id("youth-parliament"), date(2020, 10, 1), meeting_format::in_person});
    ds.add(agenda_question{agenda_question_id("yp-q1"), meeting_id("yp-1"), "Молодёжный форум", ""});
    return ds;
}

}  // namespace

TEST(indicator_definitions, cover_every_key_of_the_vocabulary_once_with_its_unit) {
    std::set<std::string_view> keys;
    for (const auto& d : an::indicator_definitions()) {
        EXPECT_TRUE(keys.insert(d.key).second) << "twice: " << d.key;
        EXPECT_FALSE(d.counted.empty()) << d.key;
        EXPECT_FALSE(d.computable.empty()) << d.key;
        EXPECT_EQ(d.published, !default_unit(d.key).empty()) << d.key;
        if (d.published) {
            EXPECT_EQ(d.unit, default_unit(d.key)) << d.key;
        }
        EXPECT_EQ(an::find_definition(d.key), &d);
    }
    for (const auto& k : known_indicator_keys()) EXPECT_TRUE(keys.count(k.key)) << "no definition: " << k.key;
    EXPECT_EQ(an::find_definition("no.such.key"), nullptr);
    EXPECT_FALSE(an::compute_indicator(analysis_test::fixture(), "no.such.key", 2020).has_value());
}

TEST(indicator_definitions, collegial_public_bodies_are_the_councils_and_chambers_and_only_their_meetings_count) {
    const dataset ds = with_youth_parliament();
    // DOMAIN.md section 1: 14 bodies (13 councils + the Public Chamber) held 59 meetings and
    // considered 134 questions; the youth parliament's meeting and question are not theirs.
    const auto a = an::council_activity(ds, 2020);
    EXPECT_EQ(a.collegial_bodies, 14);
    EXPECT_EQ(a.other_bodies, 1);
    EXPECT_EQ(a.meetings, 59);
    EXPECT_EQ(a.agenda_questions, 134);
    EXPECT_EQ(a.other_meetings, 1);
    EXPECT_EQ(a.other_agenda_questions, 1);
    std::int64_t by_month = 0;
    for (auto n : a.meetings_by_month) by_month += n;
    EXPECT_EQ(by_month, 59);
    EXPECT_EQ(value(ds, "councils.collegial_bodies", 2020), 14);
    EXPECT_EQ(value(ds, "councils.public_councils", 2020), 13);
    EXPECT_EQ(value(ds, "councils.meetings", 2020), 59);
    EXPECT_EQ(value(ds, "councils.agenda_questions", 2020), 134);
    // The youth parliament is still listed as a body of the territory, with its meeting.
    const auto yp = std::find_if(a.bodies.begin(), a.bodies.end(), [](const auto& b) { return b.id == "youth-parliament"; });
    ASSERT_NE(yp, a.bodies.end());
    EXPECT_EQ(yp->meetings, 1);
}

TEST(indicator_definitions, a_body_without_a_municipality_is_the_datasets_own) {
    dataset ds = analysis_test::fixture();  // territory "a": councils c1 c2 c4 and chamber ch
    ds.add(collegial_body{body_id("c9"), "Body c9", body_kind::public_council, "", municipality_id()});
    ds.add(meeting{meeting_id("m9"), body_id("c9"), date(2020, 7, 1), meeting_format::in_person});
    EXPECT_EQ(value(ds, "councils.public_councils", 2020), 4);   // c1 c2 c4 c9
    EXPECT_EQ(value(ds, "councils.meetings", 2020), 6);          // m1–m5 and m9
    EXPECT_EQ(value(ds, "councils.public_councils", 2020, "a"), 4);
    EXPECT_EQ(value(ds, "councils.public_councils", 2020, "Alpha"), 4);  // by the municipality's name
    EXPECT_EQ(value(ds, "councils.public_councils", 2020, "b"), 1);      // c3 only
    EXPECT_EQ(an::council_activity(ds, 2020, an::any_territory).public_councils, 5);
}

TEST(indicator_definitions, a_membership_term_without_a_start_renews_no_year) {
    dataset ds = analysis_test::fixture();  // ch: a term from 2020-03-01, 30 members
    EXPECT_EQ(value(ds, "councils.chamber_renewals", 2020), 1);
    EXPECT_EQ(value(ds, "councils.chamber_members", 2020), 30);
    EXPECT_EQ(value(ds, "councils.chamber_renewals", 2021), 0);
    ds.add(membership_term{body_id("ch"), {}, 25, "renewed in 2021"});
    EXPECT_EQ(value(ds, "councils.chamber_renewals", 2021), 0);  // the note names 2021: not a date
    EXPECT_EQ(an::council_activity(ds, 2021).renewed_bodies, std::vector<std::string>{});
    // With only undated terms the records cannot say when a chamber was renewed.
    dataset undated;
    undated.info().territory = "t";
    undated.add(municipality{municipality_id("t"), "T", "", "", {}});
    undated.add(collegial_body{body_id("ch"), "Chamber", body_kind::public_chamber, "", municipality_id("t")});
    undated.add(membership_term{body_id("ch"), {}, 0, "renewed in 2020"});
    EXPECT_FALSE(an::compute_indicator(undated, "councils.chamber_renewals", 2020).has_value());
    EXPECT_FALSE(an::compute_indicator(undated, "councils.chamber_members", 2020).has_value());
}

TEST(indicator_definitions, training_figures_count_the_territorys_enrolments) {
    const dataset ds = analysis_test::fixture();
    // k1 (2020): o1 (a) 2, o2 (a) 1, p1 (a) 1; k2 (2020): o1 (a) 1, o4 (c) 3 not completed.
    EXPECT_EQ(value(ds, "training.participants", 2020), 5);
    EXPECT_EQ(value(ds, "training.participants", 2020, "", "Course Two"), 1);
    EXPECT_EQ(value(ds, "training.participants", 2020, "c", "Course Two"), 3);
    EXPECT_EQ(value(ds, "training.courses", 2020), 2);
    EXPECT_EQ(value(ds, "training.courses", 2020, "c"), 1);
    EXPECT_EQ(value(ds, "training.ngos_trained", 2020), 2);  // o1 o2
    EXPECT_EQ(value(ds, "training.ngos_trained", 2020, "c"), 0);
    EXPECT_EQ(value(ds, "training.participants", 2020, an::any_territory), 8);
    EXPECT_FALSE(an::compute_indicator(ds, "training.participants", 2020, "", "No such course").has_value());
    EXPECT_FALSE(an::compute_indicator(ds, "training.courses", 2018).has_value());
}

TEST(indicator_definitions, the_territorys_own_competitions_are_its_municipal_programmes) {
    dataset ds = analysis_test::fixture();
    ds.add(grant_operator{operator_id("city"), "City administration", {}});
    ds.add(programme{programme_id("city-grants"), operator_id("city"), "City grants", programme_kind::municipal_subsidy});
    competition c;
    c.id = competition_id("city-2020");
    c.programme = programme_id("city-grants");
    c.year = 2020;
    ds.add(c);
    auto app = [&](const char* id, const char* who, application_status st, double awarded) {
        application x;
        x.id = application_id(id);
        x.competition = c.id;
        x.applicant = who;
        x.requested = analysis_test::rub(1000);
        x.status = st;
        if (st == application_status::winner) x.awarded = analysis_test::rub(awarded);
        ds.add(x);
    };
    using S = application_status;
    app("c1", "o1", S::winner, 700);
    app("c2", "o2", S::rejected, 0);
    app("c3", "o5", S::withdrawn, 0);
    app("c4", "o2", S::winner, 250.25);
    app("c5", "o3", S::winner, 999);  // Beta's
    // Alpha: 4 applications, 2 winners of 3 decided, 950.25 RUB.
    EXPECT_EQ(value(ds, "grants.municipal.applications", 2020), 4);
    EXPECT_EQ(value(ds, "grants.municipal.winners", 2020), 2);
    EXPECT_DOUBLE_EQ(value(ds, "grants.municipal.success_rate", 2020), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(value(ds, "grants.municipal.amount", 2020), 950.25);
    EXPECT_EQ(value(ds, "grants.municipal.winners", 2020, "b"), 1);
    const auto f = an::compute_indicator(ds, "grants.municipal.amount", 2020);
    EXPECT_EQ(f->programmes, std::vector<std::string>{"city-grants"});
    EXPECT_EQ(f->table, "applications");
    EXPECT_EQ(f->rows, 2u);
    // The Presidential and Governor's figures do not take the city's competition in.
    EXPECT_EQ(value(ds, "grants.winners", 2020), 3);  // a4 a5 a8, as before
    EXPECT_EQ(an::compute_indicator(ds, "grants.winners", 2020)->programmes,
              (std::vector<std::string>{"pres", "gngo"}));
    EXPECT_FALSE(an::compute_indicator(ds, "grants.municipal.winners", 2019).has_value());
}

TEST(indicator_definitions, the_individual_ranking_needs_two_municipalities_with_winners) {
    const dataset ds = analysis_test::fixture();  // winners of gind-2020: p1 (a) twice, p2 (b)
    // By winners, distinct persons as grants.individual.winners counts them: a has one (p1, who
    // won twice) and b one (p2), so they share the first place. By winning applications a was
    // first and b second, beside a winners figure of 1 each.
    EXPECT_EQ(value(ds, "grants.individual.rank_among_municipalities", 2020), 1);
    EXPECT_EQ(value(ds, "grants.individual.rank_among_municipalities", 2020, "b"), 1);
    EXPECT_EQ(value(ds, "grants.individual.municipalities", 2020), 2);
    EXPECT_EQ(value(ds, "grants.individual.applicants", 2020), 2);  // p1 p3
    // p1 won twice: one resident received support ("16 горожан … получили поддержку" counts
    // residents), with the money of both applications.
    EXPECT_EQ(value(ds, "grants.individual.winners", 2020), 1);
    std::int64_t awarded = 0;
    for (std::size_t i = 0; i < ds.applications().size(); ++i)
        if (ds.applications().competition()[i] == ds.competitions().find("gind-2020") &&
            ds.applications().status()[i] == static_cast<std::uint8_t>(application_status::winner) &&
            ds.persons()[static_cast<std::size_t>(ds.applications().applicant()[i])].municipality.str() == "a")
            awarded += ds.applications().awarded()[i];
    EXPECT_EQ(value(ds, "grants.individual.amount", 2020), static_cast<double>(awarded) / 100.0);
    dataset one = ds;
    one.info().territory = "b";
    EXPECT_EQ(value(one, "grants.individual.winners", 2020), 1);
    // A winner of no municipality is in no municipality's place.
    dataset nowhere = ds;
    nowhere.add(person{person_id("p9"), municipality_id(), ""});
    for (const char* id : {"a20", "a21", "a22"}) {
        application x;
        x.id = application_id(id);
        x.competition = competition_id("gind-2020");
        x.applicant_type = applicant_kind::person;
        x.applicant = "p9";
        x.status = application_status::winner;
        x.awarded = analysis_test::rub(10);
        nowhere.add(x);
    }
    EXPECT_EQ(value(nowhere, "grants.individual.rank_among_municipalities", 2020), 1);
    EXPECT_EQ(value(nowhere, "grants.individual.municipalities", 2020), 2);
}

TEST(indicator_definitions, resource_centre_figures_come_from_its_services) {
    const dataset ds = analysis_test::fixture();  // rc served s1 s2 s3 s5 in 2020, s4 in 2019
    const auto rc = an::resource_centre_activity(ds, 2020);
    EXPECT_EQ(rc.organization, "rc");
    EXPECT_FALSE(rc.started);  // it served in 2019 too
    EXPECT_EQ(value(ds, "resource_centre.services", 2020), 4);
    EXPECT_EQ(value(ds, "resource_centre.recipients", 2020), 3);  // o1 o2 p1
    // Monitored in 2020: a4 (o1, a), a5 (o2, a), a8 (o2, a).
    EXPECT_EQ(value(ds, "resource_centre.projects_monitored", 2020), 3);
    EXPECT_TRUE(an::resource_centre_activity(ds, 2019).started);  // s4 is its first service
    EXPECT_FALSE(an::compute_indicator(ds, "resource_centre.services", 2021).has_value());
}

TEST(indicator_definitions, an_omitted_territory_is_the_datasets_own_and_a_name_its_id) {
    dataset ds = analysis_test::fixture();
    EXPECT_EQ(an::territory_of(ds, ""), "a");
    EXPECT_EQ(an::territory_of(ds, "Beta"), "b");
    EXPECT_EQ(an::territory_of(ds, "b"), "b");
    ds.info().territory = "";
    EXPECT_EQ(an::territory_of(ds, ""), std::string(an::any_territory));
    EXPECT_EQ(value(ds, "grants.winners", 2020), 3);  // every territory's: a4 a5 a8
}

TEST(indicator_definitions, the_winners_growth_rate_is_counted_from_the_records) {
    // The fixture's own territory "a": 1 NGO winner in 2019 (a1; a3's o3 is in "b"), 3 in 2020
    // (a4 a5 a8): (3 / 1)^(1 / 1) - 1 = 2. Every territory: 2 then 3, a rate of 0.5.
    const dataset ds = analysis_test::fixture();
    const auto c = an::compute_indicator(ds, "grants.winners.cagr", 2020);
    ASSERT_TRUE(c.has_value());
    EXPECT_DOUBLE_EQ(c->value, 2.0);
    EXPECT_EQ(c->unit, "percent");
    EXPECT_NE(c->basis.find("2019 (1) and 2020 (3)"), std::string::npos) << c->basis;
    EXPECT_DOUBLE_EQ(value(ds, "grants.winners.cagr", 2020, "*"), 0.5);
    // No earlier year to grow from, and a year without competitions: not computable.
    EXPECT_FALSE(an::compute_indicator(ds, "grants.winners.cagr", 2019).has_value());
    EXPECT_FALSE(an::compute_indicator(ds, "grants.winners.cagr", 2021).has_value());
    // The synthetic Khanty-Mansiysk records: 7 winners in 2017, 52 in 2020 (DOMAIN.md, section 1).
    EXPECT_NEAR(value(synth::khanty_mansiysk_2020(), "grants.winners.cagr", 2020), std::pow(52.0 / 7, 1.0 / 3) - 1,
                1e-12);
}

// Money awarded is not computed for a year in which a winner states no award: the sum of the
// stated ones would be a lower bound, and a published total would be called wrong for lack of
// records (the definition's "every winning one states its award").
TEST(indicator_definitions, money_awarded_is_not_computed_when_a_winner_states_no_award) {
    civica::dataset ds = analysis_test::fixture();
    // 2020's NGO programmes: a4 1000 + a5 2500.50 + a8 400 (the fixture's tallies).
    const auto whole = civica::analysis::compute_indicator(ds, "grants.funds_attracted", 2020);
    ASSERT_TRUE(whole.has_value());
    EXPECT_EQ(whole->value, 3900.50);
    civica::application w = ds.application_at(3);  // a4
    w.id = civica::application_id("a4-unstated");
    w.awarded.reset();
    ds.add(w);
    EXPECT_FALSE(civica::analysis::compute_indicator(ds, "grants.funds_attracted", 2020).has_value());
    EXPECT_EQ(civica::analysis::compute_indicator(ds, "grants.winners", 2020)->value, 4);
}
