#include "civica/analysis/ranking.hpp"
#include "civica/analysis/rates.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <map>
#include <set>
#include <tuple>
#include <utility>

namespace an = civica::analysis;
using an::dimension;
using an::rank_method;

namespace {
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
// Ranks by counting, largest first (the definitions, not a sort).
double brute_rank(const std::vector<double>& v, std::size_t i, rank_method m) {
    double greater = 0, equal_before = 0, equal = 0;
    std::set<double> bigger;
    for (std::size_t j = 0; j < v.size(); ++j) {
        if (v[j] > v[i]) { ++greater; bigger.insert(v[j]); }
        if (v[j] == v[i]) { ++equal; if (j < i) ++equal_before; }
    }
    switch (m) {
        case rank_method::min: return greater + 1;
        case rank_method::max: return greater + equal;
        case rank_method::dense: return static_cast<double>(bigger.size()) + 1;
        case rank_method::average: return greater + (equal + 1) / 2;
        case rank_method::ordinal: return greater + equal_before + 1;
    }
    return NAN;
}
}  // namespace

TEST(rank, gives_min_and_dense_ranks_of_ties) {
    EXPECT_EQ(an::rank({50, 40, 40, 10}), (std::vector<double>{1, 2, 2, 4}));
    EXPECT_EQ(an::rank({50, 40, 40, 10}, rank_method::dense), (std::vector<double>{1, 2, 2, 3}));
    EXPECT_EQ(an::rank({50, 40, 40, 10}, rank_method::max), (std::vector<double>{1, 3, 3, 4}));
    EXPECT_EQ(an::rank({50, 40, 40, 10}, rank_method::average), (std::vector<double>{1, 2.5, 2.5, 4}));
    EXPECT_EQ(an::rank({50, 40, 40, 10}, rank_method::ordinal), (std::vector<double>{1, 2, 3, 4}));
    // ascending, as scipy.stats.rankdata
    EXPECT_EQ(an::rank({50, 40, 40, 10}, rank_method::min, false), (std::vector<double>{4, 2, 2, 1}));
}

TEST(rank, agrees_with_counting_on_random_values_with_ties) {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> die(0, 6);
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> v(1 + trial % 12);
        for (auto& x : v) x = die(rng);
        for (int m = 0; m <= static_cast<int>(rank_method::ordinal); ++m) {
            const auto r = an::rank(v, static_cast<rank_method>(m));
            for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(r[i], brute_rank(v, i, static_cast<rank_method>(m)));
        }
    }
}

TEST(rank, handles_empty_single_equal_and_nan) {
    EXPECT_TRUE(an::rank(std::vector<double>{}).empty());
    EXPECT_EQ(an::rank({7}), (std::vector<double>{1}));
    EXPECT_EQ(an::rank({0, 0, 0}), (std::vector<double>{1, 1, 1}));
    EXPECT_EQ(an::rank({0, 0, 0}, rank_method::max), (std::vector<double>{3, 3, 3}));
    const auto r = an::rank({3, NAN, 5});
    EXPECT_EQ(r[0], 2);
    EXPECT_TRUE(std::isnan(r[1]));
    EXPECT_EQ(r[2], 1);
    EXPECT_EQ(an::parse_rank_method("dense"), rank_method::dense);
    EXPECT_THROW(an::parse_rank_method("olympic"), civica::validation_error);
}

TEST(rank_by, puts_the_municipality_with_most_individual_winners_first) {
    an::application_filter f;
    f.years = {2020};
    f.programme_kinds = {civica::programme_kind::governor_individual};
    const auto r = an::rank_by(ds(), dimension::municipality, an::measure::winners, f);
    ASSERT_EQ(r.rows.size(), 3u);  // every municipality, Gamma with 0
    EXPECT_EQ(r.rows[0].key, "a");
    EXPECT_EQ(r.rows[0].label, "Alpha");
    EXPECT_EQ(r.rows[0].value, 2);
    EXPECT_EQ(r.rows[1].key, "b");
    EXPECT_EQ(r.rows[2].key, "c");
    EXPECT_EQ(r.rows[2].value, 0);
    EXPECT_EQ(r.rows[2].rank, 3);
    EXPECT_EQ(r.margin(), 1);
    ASSERT_EQ(r.leaders().size(), 1u);
    // By distinct winners Alpha (p1) and Beta (p2) tie.
    const auto d = an::rank_by(ds(), dimension::municipality, an::measure::winning_applicants, f);
    EXPECT_EQ(d.leaders().size(), 2u);
    EXPECT_EQ(d.margin(), 0);
    EXPECT_EQ(d.find("c")->rank, 3);
    const auto dd = an::rank_by(ds(), dimension::municipality, an::measure::winning_applicants, f, rank_method::dense);
    EXPECT_EQ(dd.find("c")->rank, 2);
}

TEST(rank_by, per_capita_says_which_population_year_it_used) {
    an::application_filter f;
    f.years = {2020};
    const auto r = an::rank_by(ds(), dimension::municipality, an::measure::awarded, f, rank_method::min, true);
    EXPECT_EQ(r.rows[0].key, "a");  // 4050.50 / 1100 ≈ 3.68 against 120 / 500 = 0.24
    EXPECT_DOUBLE_EQ(r.rows[0].value, 405050.0 / 1100);  // kopecks per resident
    EXPECT_EQ(r.rows[0].population_year, 2020);
    EXPECT_EQ(r.find("b")->population_year, 2018);
    EXPECT_TRUE(std::isnan(r.find("c")->rank));  // no population
    EXPECT_EQ(r.rows.back().key, "c");
    EXPECT_THROW(an::rank_by(ds(), dimension::applicant, an::measure::awarded, f, rank_method::min, true),
                 civica::validation_error);
    // Money of 2019 and 2020 has no one population to divide by: refused, unless a year is given.
    try {
        an::rank_by(ds(), dimension::municipality, an::measure::awarded, {}, rank_method::min, true);
        FAIL();
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("2019–2020"), std::string::npos) << e.what();
    }
    const auto y = an::rank_by(ds(), dimension::municipality, an::measure::awarded, {}, rank_method::min, true, 2020);
    EXPECT_DOUBLE_EQ(y.find("a")->value, (230000.0 - 150000 + 405050) / 1100);  // all of Alpha's money, 2020 residents
}

TEST(rank_by, a_population_year_no_date_may_have_is_refused_not_replaced_by_the_earliest_figure) {
    // Year 5000 divided by the nearest earlier figure (2020's) with no word; 0 is each group's
    // own year. The same rule for the outcome figures.
    for (const int bad : {5000, 1899, -1}) {
        try {
            (void)an::rank_by(ds(), dimension::municipality, an::measure::awarded, {}, rank_method::min, true, bad);
            ADD_FAILURE() << bad;
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("rank_by: population_year " + std::to_string(bad) +
                                                 " is outside the years 1900..2200"),
                      std::string::npos)
                << e.what();
        }
        const auto t = an::aggregate_applications(ds(), an::outcome_query({dimension::municipality}));
        EXPECT_THROW((void)an::grant_outcomes(t, 0.95, bad), civica::validation_error) << bad;
    }
    EXPECT_NO_THROW((void)an::rank_by(ds(), dimension::municipality, an::measure::awarded, {}, rank_method::min, true, 2200));
}

TEST(rank_by, ranks_organisations_by_money_and_by_success_rate) {
    const auto r = an::rank_by(ds(), dimension::applicant, an::measure::awarded);
    // o2 2900.50, o1 1800, o3 1500, p1 150, p2 120, o4 / p3 0 — keys are the tables' ids
    EXPECT_EQ(r.rows[0].key, "o2");
    EXPECT_EQ(ds().organizations().find(r.rows[0].key), 1);
    EXPECT_EQ(r.rows[0].label, "Org o2");
    EXPECT_DOUBLE_EQ(r.margin(), 110050);
    EXPECT_EQ(r.rows[1].key, "o1");
    EXPECT_EQ(r.find("o4")->rank, 6);
    EXPECT_EQ(r.find("p3")->rank, 6);
    const auto s = an::rank_by(ds(), dimension::applicant, an::measure::success_rate);
    // o1 2/2, p1 2/2, p2 1/1 tie at 1; o2 2/3; o3 1/2; p3 0/1; o4 none decided (a6 withdrawn,
    // a9 admitted): no rate, no rank
    EXPECT_EQ(s.leaders().size(), 3u);
    EXPECT_EQ(s.find("o2")->rank, 4);
    EXPECT_EQ(s.find("p3")->rank, 6);
    EXPECT_TRUE(std::isnan(s.find("o4")->rank));
}

TEST(rank_by, puts_khanty_mansiysk_first_by_individual_winners_of_2020_in_the_synthetic_data) {
    const civica::dataset km = civica::synth::khanty_mansiysk_2020();
    an::application_filter f;
    f.years = {2020};
    f.programme_kinds = {civica::programme_kind::governor_individual};
    const auto r = an::rank_by(km, dimension::municipality, an::measure::winners, f);
    ASSERT_EQ(r.leaders().size(), 1u);
    EXPECT_EQ(r.leaders()[0]->key, "khanty-mansiysk");
    EXPECT_EQ(r.leaders()[0]->value, 16);
    EXPECT_EQ(r.rows.size(), km.municipalities().size());
    // The margin is the leader's winners minus the runner-up's, counted independently.
    std::map<std::string, int> winners;
    for (std::size_t i = 0; i < km.applications().size(); ++i) {
        const auto a = km.application_at(i);
        const auto& comp = km.get(a.competition);
        if (comp.year != 2020 || km.get(comp.programme).kind != civica::programme_kind::governor_individual) continue;
        if (a.status == civica::application_status::winner)
            ++winners[km.get(civica::person_id(a.applicant)).municipality.str()];
    }
    int runner_up = 0;
    for (const auto& [m, n] : winners)
        if (m != "khanty-mansiysk") runner_up = std::max(runner_up, n);
    EXPECT_EQ(r.margin(), 16 - runner_up);
}

TEST(rank_by, ascending_puts_the_smallest_first) {
    // The same ranking turned round: Gamma, with no winners, leads; Alpha (2) is last. The
    // ranks are those `rank` gives the values smallest first.
    an::application_filter f;
    f.years = {2020};
    f.programme_kinds = {civica::programme_kind::governor_individual};
    const auto down = an::rank_by(ds(), dimension::municipality, an::measure::winners, f);
    const auto up = an::rank_by(ds(), dimension::municipality, an::measure::winners, f, rank_method::min, false, 0, false);
    EXPECT_FALSE(up.descending);
    ASSERT_EQ(up.rows.size(), down.rows.size());
    std::vector<double> values;
    for (const auto& r : down.rows) values.push_back(r.value);
    const auto expected = an::rank(values, rank_method::min, false);
    for (std::size_t i = 0; i < down.rows.size(); ++i)
        EXPECT_EQ(up.find(down.rows[i].key)->rank, expected[i]) << down.rows[i].key;
    EXPECT_EQ(up.rows.front().key, "c");
    EXPECT_EQ(up.rows.back().key, "a");
    ASSERT_EQ(up.leaders().size(), 1u);
    EXPECT_EQ(up.leaders()[0]->key, "c");
    EXPECT_EQ(up.margin(), 1);  // Beta's 1 against Gamma's 0
}

TEST(rank_by, nobody_leads_when_nothing_passed_the_filter) {
    // A year without applications: every municipality takes part with 0 and shares rank 1, but
    // none of them leads.
    an::application_filter f;
    f.years = {2035};
    const auto r = an::rank_by(ds(), dimension::municipality, an::measure::winners, f);
    ASSERT_EQ(r.rows.size(), 3u);
    for (const auto& row : r.rows) EXPECT_EQ(row.rank, 1) << row.key;
    EXPECT_TRUE(r.leaders().empty());
    EXPECT_EQ(r.margin(), 0);
}

TEST(rank_by, the_leaders_are_the_rows_with_the_best_value_whatever_the_rank_method) {
    // 2019: Alpha and Beta one winner each, Gamma none. "max" numbers their tie 2 and
    // "ordinal" 1 and 2, but both lead under every method.
    an::application_filter f;
    f.years = {2019};
    for (auto m : {rank_method::min, rank_method::dense, rank_method::max, rank_method::average, rank_method::ordinal}) {
        const auto r = an::rank_by(ds(), dimension::municipality, an::measure::winners, f, m);
        std::set<std::string> leaders;
        for (const auto* l : r.leaders()) leaders.insert(l->key);
        EXPECT_EQ(leaders, (std::set<std::string>{"a", "b"})) << an::to_string(m);
        EXPECT_EQ(r.margin(), 0) << an::to_string(m);
        const auto up = an::rank_by(ds(), dimension::municipality, an::measure::winners, f, m, false, 0, false);
        ASSERT_EQ(up.leaders().size(), 1u) << an::to_string(m);
        EXPECT_EQ(up.leaders()[0]->key, "c") << an::to_string(m);
    }
}

namespace {

/// Operator "op", its presidential-grants programme "p" and that programme's competition "c"
/// of 2020 (round 1).
void add_competition_c_of_2020(civica::dataset& d) {
    using namespace civica;
    d.add(grant_operator{operator_id("op"), "Operator", {}});
    d.add(programme{programme_id("p"), operator_id("op"), "P", programme_kind::presidential_grants});
    competition c;
    c.id = competition_id("c");
    c.programme = programme_id("p");
    c.year = 2020;
    c.round = 1;
    d.add(c);
}

// Region R: m1 (1000 residents) and m2 (`m2_population`), a winner of 50.00 and one of 80.00;
// region S: m3 (500 residents), a winner of 10.00. Competitions of 2020.
civica::dataset two_regions(const civica::analysis::population_series& m2_population) {
    using namespace civica;
    dataset d;
    d.add(municipality{municipality_id("m1"), "M1", "", "R", {{2020, 1000}}});
    d.add(municipality{municipality_id("m2"), "M2", "", "R", m2_population});
    d.add(municipality{municipality_id("m3"), "M3", "", "S", {{2019, 400}, {2020, 500}}});
    add_competition_c_of_2020(d);
    int n = 0;
    for (auto [muni, awarded] : std::vector<std::pair<const char*, double>>{{"m1", 50}, {"m2", 80}, {"m3", 10}}) {
        organization o;
        o.id = organization_id(std::string("o") + muni);
        o.full_name = std::string("АНО ") + muni;
        o.municipality = municipality_id(muni);
        d.add(o);
        application a;
        a.id = application_id("a" + std::to_string(++n));
        a.competition = competition_id("c");
        a.applicant_type = applicant_kind::organization;
        a.applicant = std::string("o") + muni;
        a.requested = analysis_test::rub(awarded);
        a.status = application_status::winner;
        a.awarded = analysis_test::rub(awarded);
        d.add(a);
    }
    return d;
}
}  // namespace

TEST(rank_by, a_region_with_a_municipality_of_unknown_population_has_no_money_per_resident) {
    // two_regions with m2 of no figure: R's population is unknown, not 1000.
    const civica::dataset d = two_regions({});
    an::application_filter f;
    f.years = {2020};
    const auto r = an::rank_by(d, dimension::region, an::measure::awarded, f, rank_method::min, true);
    ASSERT_NE(r.find("S"), nullptr);
    EXPECT_DOUBLE_EQ(r.find("S")->value, 1000.0 / 500);  // kopecks per resident
    EXPECT_EQ(r.find("S")->rank, 1);
    ASSERT_NE(r.find("R"), nullptr);
    EXPECT_TRUE(std::isnan(r.find("R")->value)) << r.find("R")->value;
    EXPECT_TRUE(std::isnan(r.find("R")->rank));
    // Per municipality, m1 keeps its own figure.
    const auto m = an::rank_by(d, dimension::municipality, an::measure::awarded, f, rank_method::min, true);
    EXPECT_DOUBLE_EQ(m.find("m1")->value, 5000.0 / 1000);
}

TEST(rank_by, a_municipality_of_population_0_leaves_its_region_without_a_population) {
    // m2's only figure is 0 (2010): no known population, so its own money per resident is NaN
    // and R's population is unknown as for m2 without a figure — not 1000 (m1 alone), which
    // would give R 13000 / 1000 = 13 kopecks per resident.
    const civica::dataset d = two_regions({{2010, 0}});
    an::application_filter f;
    f.years = {2020};
    const auto r = an::rank_by(d, dimension::region, an::measure::awarded, f, rank_method::min, true);
    ASSERT_NE(r.find("R"), nullptr);
    EXPECT_TRUE(std::isnan(r.find("R")->value)) << r.find("R")->value;
    EXPECT_FALSE(r.find("R")->population.has_value());
    EXPECT_TRUE(std::isnan(r.find("R")->rank));
    EXPECT_DOUBLE_EQ(r.find("S")->value, 1000.0 / 500);
    const auto m = an::rank_by(d, dimension::municipality, an::measure::awarded, f, rank_method::min, true);
    EXPECT_TRUE(std::isnan(m.find("m2")->value));
    EXPECT_DOUBLE_EQ(m.find("m1")->value, 5000.0 / 1000);
    // grant_outcomes per region, and of the region named by the filter (its scope), alike.
    const auto by_region = an::grant_outcomes(d, {dimension::region}, f);
    for (const auto& row : by_region.rows) {
        if (row.key[0] != "R") continue;
        EXPECT_FALSE(row.population.has_value());
        EXPECT_TRUE(std::isnan(row.awarded_per_capita_kopecks));
    }
    an::application_filter in_r = f;
    in_r.regions = {"R"};
    const auto scoped = an::grant_outcomes(d, {dimension::year}, in_r);
    ASSERT_EQ(scoped.rows.size(), 1u);
    EXPECT_FALSE(scoped.rows[0].population.has_value());
    EXPECT_TRUE(std::isnan(scoped.rows[0].awarded_per_capita_kopecks));
    // A later non-zero figure counts again: R of 2020 is 1000 + 300.
    const auto later = an::rank_by(two_regions({{2010, 0}, {2020, 300}}), dimension::region, an::measure::awarded, f,
                                   rank_method::min, true);
    EXPECT_EQ(later.find("R")->population, 1300);
    EXPECT_DOUBLE_EQ(later.find("R")->value, 13000.0 / 1300);
}

TEST(rank_by, a_figure_of_0_is_passed_for_the_nearest_earlier_count_by_a_municipality_and_its_region_alike) {
    // m2 counted 700 in 2010 and 0 (no known population) in 2019. For 2020 both m2 and R take
    // m2's 2010 count: m2 8000 kopecks / 700, R (5000 + 8000) / (1000 + 700). Before, m2 was NaN
    // while a region of m2 alone took its earlier count: one rule for both now.
    const civica::dataset d = two_regions({{2010, 700}, {2019, 0}});
    an::application_filter f;
    f.years = {2020};
    const auto m = an::rank_by(d, dimension::municipality, an::measure::awarded, f, rank_method::min, true);
    ASSERT_NE(m.find("m2"), nullptr);
    EXPECT_DOUBLE_EQ(m.find("m2")->value, 8000.0 / 700);
    EXPECT_EQ(m.find("m2")->population, 700);
    EXPECT_EQ(m.find("m2")->population_year, 2010);
    const auto r = an::rank_by(d, dimension::region, an::measure::awarded, f, rank_method::min, true);
    ASSERT_NE(r.find("R"), nullptr);
    EXPECT_EQ(r.find("R")->population, 1700);
    EXPECT_DOUBLE_EQ(r.find("R")->value, 13000.0 / 1700);
    // The model's own look-up says the same.
    EXPECT_EQ(d.municipalities()[1].population_in(2020), 700);
    EXPECT_EQ(d.municipalities()[1].population_in(2009), std::nullopt);
    EXPECT_EQ(civica::population_in({{2010, 0}}, 2020), std::nullopt);
}

TEST(rank_by, an_organisation_and_a_person_of_one_id_are_two_rows_told_apart_by_their_kind) {
    // "x" is an organisation and a person; each won 100.00, "y" (an organisation) 30.00.
    using namespace civica;
    dataset d;
    d.add(municipality{municipality_id("m"), "M", "", "R", {}});
    add_competition_c_of_2020(d);
    for (const char* id : {"x", "y"}) {
        organization o;
        o.id = organization_id(id);
        o.full_name = std::string("АНО ") + id;
        o.municipality = municipality_id("m");
        d.add(o);
    }
    d.add(person{person_id("x"), municipality_id("m"), "Person X"});
    int n = 0;
    for (auto [kind, who, awarded] : std::vector<std::tuple<applicant_kind, const char*, double>>{
             {applicant_kind::organization, "x", 100}, {applicant_kind::person, "x", 100},
             {applicant_kind::organization, "y", 30}}) {
        application a;
        a.id = application_id("a" + std::to_string(++n));
        a.competition = competition_id("c");
        a.applicant_type = kind;
        a.applicant = who;
        a.requested = analysis_test::rub(awarded);
        a.status = application_status::winner;
        a.awarded = analysis_test::rub(awarded);
        d.add(a);
    }
    const auto r = an::rank_by(d, dimension::applicant, an::measure::awarded);
    ASSERT_EQ(r.rows.size(), 3u);
    std::set<std::pair<std::string, std::string>> rows, leaders;
    for (const auto& row : r.rows) rows.emplace(row.key, row.applicant_kind);
    for (const auto* l : r.leaders()) leaders.emplace(l->key, l->applicant_kind);
    EXPECT_EQ(rows, (std::set<std::pair<std::string, std::string>>{{"x", "organization"}, {"x", "person"}, {"y", "organization"}}));
    EXPECT_EQ(leaders, (std::set<std::pair<std::string, std::string>>{{"x", "organization"}, {"x", "person"}}));
    // find(key, kind) tells the organisation x from the person x.
    for (const char* kind : {"organization", "person"}) {
        const auto* row = r.find("x", kind);
        ASSERT_NE(row, nullptr) << kind;
        EXPECT_EQ(row->key, "x");
        EXPECT_EQ(row->applicant_kind, kind);
    }
    EXPECT_EQ(r.find("y", "person"), nullptr);
    EXPECT_EQ(r.find("y", "organization")->value, 3000);
    // Other entities have no applicant kind.
    for (const auto& row : an::rank_by(d, dimension::municipality, an::measure::awarded).rows)
        EXPECT_EQ(row.applicant_kind, "") << row.key;
}

// A group table is public data. Ranking a table by a measure it was not made for read lists it
// does not have (a crash); a table check() refuses was read, and written, past its ends.
TEST(rank_by_table, refuses_a_measure_the_table_was_not_made_for) {
    const civica::dataset ds = civica::synth::khanty_mansiysk_2020();
    const auto t = an::aggregate_applications(ds, an::ranking_query(dimension::municipality, an::measure::winners));
    ASSERT_GT(t.size(), 0u);
    EXPECT_THROW(an::rank_by(t, an::measure::applicants), civica::validation_error);
    EXPECT_THROW(an::rank_by(t, an::measure::winning_applicants), civica::validation_error);
    EXPECT_THROW(an::measure_value(t, t.size(), an::measure::winners), civica::validation_error);
    // Made for it, the same table ranks.
    const auto with = an::aggregate_applications(ds, an::ranking_query(dimension::municipality, an::measure::applicants));
    EXPECT_EQ(an::rank_by(with, an::measure::applicants).rows.size(), with.size());
}

TEST(rank_by_table, checks_a_table_before_reading_it) {
    const civica::dataset ds = civica::synth::khanty_mansiysk_2020();
    auto t = an::aggregate_applications(ds, an::ranking_query(dimension::municipality, an::measure::winners));
    t.dictionaries[0].keys.resize(1);  // the dictionary lost entries the codes still name
    t.dictionaries[0].labels.resize(1);
    t.dictionaries[0].population.resize(1);
    EXPECT_THROW(t.check(), civica::validation_error);
    EXPECT_THROW(an::rank_by(t, an::measure::winners), civica::validation_error);
    EXPECT_THROW(an::outcome_figures(t), civica::validation_error);
    EXPECT_THROW((void)t.total(), civica::validation_error);
}

TEST(rank_by_table, refuses_a_dimension_value_past_the_known_ones) {
    // An enum value past the list read out of bounds (to_string threw std::out_of_range).
    const civica::dataset ds = civica::synth::khanty_mansiysk_2020();
    const auto bogus = static_cast<dimension>(200);
    EXPECT_THROW((void)an::to_string(bogus), civica::validation_error);
    EXPECT_THROW((void)an::to_string(static_cast<an::measure>(200)), civica::validation_error);
    EXPECT_THROW((void)civica::to_string(static_cast<civica::qualifier>(200)), civica::validation_error);
    an::group_query q;
    q.by = {bogus};
    EXPECT_THROW((void)an::aggregate_applications(ds, q), civica::validation_error);
    // A bad measure or rank method is refused too: they gave NaN for every row and ranks of 0.
    EXPECT_THROW((void)an::rank_by(ds, dimension::year, static_cast<an::measure>(77)), civica::validation_error);
    const std::vector<double> values{1.0, 2.0, 3.0};
    EXPECT_THROW((void)an::rank(values, static_cast<an::rank_method>(50)), civica::validation_error);
}
