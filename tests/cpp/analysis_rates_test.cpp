#include "civica/analysis/rates.hpp"

#include "analysis_fixture.hpp"
#include "civica/analysis/distributions.hpp"
#include "civica/analysis/ranking.hpp"
#include "civica/error.hpp"
#include "civica/analysis/concentration.hpp"
#include "civica/io/bundled.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace an = civica::analysis;
using an::dimension;

namespace {
// The Wilson interval as the two roots of (p̂ − p)² = z² p (1 − p) / n.
std::pair<double, double> wilson_roots(double k, double n, double z) {
    const double ph = k / n;
    const double A = 1 + z * z / n, B = -(2 * ph + z * z / n), C = ph * ph;
    const double disc = std::sqrt(B * B - 4 * A * C);
    return {(-B - disc) / (2 * A), (-B + disc) / (2 * A)};
}
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
}  // namespace

TEST(wilson_interval, is_the_pair_of_roots_of_the_score_equation) {
    const double z = 1.959963984540054;
    for (auto [k, n] : {std::pair{16, 70}, {1, 3}, {52, 60}, {5, 5000}, {499, 500}}) {
        const auto w = an::wilson_interval(k, n);
        const auto [lo, hi] = wilson_roots(k, n, z);
        EXPECT_NEAR(w.lower, lo, 1e-13) << k << "/" << n;
        EXPECT_NEAR(w.upper, hi, 1e-13) << k << "/" << n;
        EXPECT_DOUBLE_EQ(w.estimate, double(k) / n);
    }
    // 90 %: z = 1.6448536269514722
    const auto w90 = an::wilson_interval(7, 20, 0.9);
    const auto [lo, hi] = wilson_roots(7, 20, 1.6448536269514722);
    EXPECT_NEAR(w90.lower, lo, 1e-13);
    EXPECT_NEAR(w90.upper, hi, 1e-13);
}

TEST(wilson_interval, handles_none_all_and_no_trials) {
    // 0 of n: [0, z²/(n + z²)]
    const double z2 = 1.959963984540054 * 1.959963984540054;
    const auto none = an::wilson_interval(0, 10);
    EXPECT_EQ(none.lower, 0.0);
    EXPECT_NEAR(none.upper, z2 / (10 + z2), 1e-14);
    const auto all = an::wilson_interval(10, 10);
    EXPECT_EQ(all.upper, 1.0);
    EXPECT_NEAR(all.lower, 10 / (10 + z2), 1e-14);
    const auto empty = an::wilson_interval(0, 0);
    EXPECT_TRUE(std::isnan(empty.estimate));
    EXPECT_EQ(empty.lower, 0.0);
    EXPECT_EQ(empty.upper, 1.0);
    EXPECT_THROW(an::wilson_interval(3, 2), civica::validation_error);
    EXPECT_THROW(an::wilson_interval(-1, 2), civica::validation_error);
    EXPECT_THROW(an::wilson_interval(1, 2, 1.0), civica::validation_error);
}

TEST(difference_of_proportions, reproduces_newcombes_published_examples) {
    // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10.
    auto d = an::difference_of_proportions(56, 70, 48, 80);
    EXPECT_NEAR(d.estimate, 0.2, 1e-12);
    EXPECT_NEAR(d.lower, 0.0524, 5e-5);
    EXPECT_NEAR(d.upper, 0.3339, 5e-5);
    d = an::difference_of_proportions(9, 10, 3, 10);
    EXPECT_NEAR(d.lower, 0.1705, 5e-5);
    EXPECT_NEAR(d.upper, 0.8090, 5e-5);
    EXPECT_TRUE(std::isnan(an::difference_of_proportions(1, 2, 0, 0).estimate));
}

TEST(grant_outcomes, by_year_match_the_hand_tally) {
    const auto t = an::grant_outcomes(ds(), {dimension::year});
    ASSERT_EQ(t.rows.size(), 2u);
    const auto& y20 = t.rows[1];
    EXPECT_EQ(y20.key[0], "2020");
    EXPECT_EQ(y20.totals.applications, 10);
    EXPECT_EQ(y20.success.successes, 6);
    EXPECT_EQ(y20.success.trials, 8);  // a6 was withdrawn, a9 is still admitted (being judged)
    const auto w = an::wilson_interval(6, 8);
    EXPECT_EQ(y20.success.lower, w.lower);
    EXPECT_EQ(y20.totals.awarded_kopecks, 417050);
    EXPECT_EQ(y20.totals.requested_kopecks, 720000);
    EXPECT_EQ(t.currency, "RUB");
    // winners requested 1200 + 3000 + 400 + 100 + 150 + 50 = 4900
    EXPECT_DOUBLE_EQ(y20.awarded_share_of_requested, 4170.50 / 4900);
    EXPECT_DOUBLE_EQ(y20.mean_grant_kopecks, 417050.0 / 6);
    EXPECT_DOUBLE_EQ(y20.median_grant_kopecks, 26000);
    EXPECT_TRUE(std::isnan(y20.awarded_per_capita_kopecks));  // no municipality in the grouping
    EXPECT_EQ(t.total.totals.applications, 13);
    EXPECT_EQ(t.total.totals.applicants.size(), 7u);  // o1 o2 o3 o4 p1 p2 p3
    EXPECT_DOUBLE_EQ(t.total.median_grant_kopecks, 60000);  // 50 100 120 [400 800] 1000 1500 2500.50
}

TEST(grant_outcomes, per_capita_uses_the_population_of_the_year_or_the_nearest_earlier) {
    const auto t = an::grant_outcomes(ds(), {dimension::year, dimension::municipality});
    const auto find = [&](const char* y, const char* m) -> const an::grant_outcome& {
        for (const auto& r : t.rows)
            if (r.key[0] == y && r.key[1] == m) return r;
        throw std::runtime_error("no row");
    };
    const auto& a20 = find("2020", "a");
    EXPECT_EQ(a20.population_year, 2020);
    EXPECT_EQ(*a20.population, 1100);
    EXPECT_DOUBLE_EQ(a20.awarded_per_capita_kopecks, 405050.0 / 1100);
    const auto& a19 = find("2019", "a");
    EXPECT_EQ(a19.population_year, 2019);
    EXPECT_DOUBLE_EQ(a19.awarded_per_capita_kopecks, 80000.0 / 1000);
    const auto& b20 = find("2020", "b");
    EXPECT_EQ(b20.population_year, 2018);  // the nearest earlier figure
    EXPECT_DOUBLE_EQ(b20.awarded_per_capita_kopecks, 12000.0 / 500);
    const auto& c20 = find("2020", "c");
    EXPECT_FALSE(c20.population.has_value());
    EXPECT_EQ(c20.population_year, 0);
    EXPECT_TRUE(std::isnan(c20.awarded_per_capita_kopecks));
    EXPECT_TRUE(std::isnan(c20.mean_grant_kopecks));
    // By municipality alone, Alpha's money spans 2019 and 2020: no one population to divide
    // by, unless the caller names the year.
    const auto m = an::grant_outcomes(ds(), {dimension::municipality});
    EXPECT_TRUE(std::isnan(m.rows[0].awarded_per_capita_kopecks));
    EXPECT_EQ(m.rows[0].population_year, 0);
    const auto m20 = an::grant_outcomes(an::aggregate_applications(ds(), an::outcome_query({dimension::municipality})), 0.95, 2020);
    EXPECT_EQ(m20.rows[0].key[0], "a");
    EXPECT_EQ(m20.rows[0].population_year, 2020);
    EXPECT_DOUBLE_EQ(m20.rows[0].awarded_per_capita_kopecks, 485050.0 / 1100);
}

TEST(grant_outcomes, from_merged_partial_tables_equal_one_pass) {
    const std::vector<dimension> by{dimension::programme_kind};
    auto q = an::outcome_query(by);
    q.extras |= an::extra::applicant_ids;
    for (std::size_t cut = 0; cut <= ds().applications().size(); ++cut) {
        auto a = q, b = q;
        a.last_row = cut;
        b.first_row = cut;
        auto g = an::aggregate_applications(ds(), a);
        g.merge(an::aggregate_applications(ds(), b));
        const auto merged = an::grant_outcomes(g);
        const auto whole = an::grant_outcomes(ds(), by);
        ASSERT_EQ(merged.rows.size(), whole.rows.size());
        for (std::size_t i = 0; i < merged.rows.size(); ++i) {
            EXPECT_EQ(merged.rows[i].totals, whole.rows[i].totals) << "cut " << cut;
            EXPECT_EQ(merged.rows[i].median_grant_kopecks, whole.rows[i].median_grant_kopecks);
        }
    }
}

namespace {
// Four applications to one competition, two of them with no stated request (as a 360Giving
// grant without amountAppliedFor): winners w1 (asked 1000, got 800) and w2 (asked ?, got 500),
// rejected r1 (asked 300) and r2 (asked ?).
civica::dataset unstated_requests() {
    using namespace civica;
    dataset ds;
    ds.add(municipality{municipality_id("a"), "Alpha", "", "", {}});
    organization o;
    o.id = organization_id("o1");
    o.full_name = "Org";
    o.municipality = municipality_id("a");
    ds.add(o);
    ds.add(grant_operator{operator_id("f"), "Fund", {}});
    ds.add(programme{programme_id("p"), operator_id("f"), "Grants", programme_kind::other});
    competition c;
    c.id = competition_id("c");
    c.programme = programme_id("p");
    c.year = 2020;
    ds.add(c);
    auto app = [&](const char* id, std::optional<double> asked, application_status st, std::optional<double> got) {
        application x;
        x.id = application_id(id);
        x.competition = competition_id("c");
        x.applicant = "o1";
        if (asked) x.requested = analysis_test::rub(*asked);
        x.status = st;
        if (got) x.awarded = analysis_test::rub(*got);
        ds.add(x);
    };
    using S = application_status;
    app("w1", 1000, S::winner, 800);
    app("w2", std::nullopt, S::winner, 500);
    app("r1", 300, S::rejected, std::nullopt);
    app("r2", std::nullopt, S::rejected, std::nullopt);
    return ds;
}
}  // namespace

namespace {
// Adds w3 to unstated_requests(): a winner that asked 500 and states no award.
void add_winner_without_award(civica::dataset& ds) {
    civica::application w3;
    w3.id = civica::application_id("w3");
    w3.competition = civica::competition_id("c");
    w3.applicant = "o1";
    w3.requested = analysis_test::rub(500);
    w3.status = civica::application_status::winner;
    ds.add(w3);
}
}  // namespace

TEST(grant_outcomes, count_only_the_stated_requests) {
    const auto ds = unstated_requests();
    EXPECT_FALSE(ds.application_at(1).requested.has_value());
    EXPECT_EQ(ds.applications().requested()[1], civica::missing_kopecks);
    const auto t = an::grant_outcomes(ds, {dimension::year});
    ASSERT_EQ(t.rows.size(), 1u);
    const auto& r = t.rows[0];
    EXPECT_EQ(r.totals.requested_kopecks, 130000);          // 1000 + 300: the stated requests
    EXPECT_EQ(r.totals.winners_requested_kopecks, 100000);  // w1's request
    EXPECT_EQ(r.totals.stated_requests, 2);                 // w1 and r1
    EXPECT_EQ(r.totals.winners_stated_requests, 1);         // w1
    EXPECT_EQ(r.totals.awarded_kopecks, 130000);            // 800 + 500: every award
    // Set against w1's request, w1's award alone: 800 / 1000 (not 1300 / 1000).
    EXPECT_DOUBLE_EQ(r.awarded_share_of_requested, 0.8);
    EXPECT_EQ(r.success.successes, 2);
    // The same from tables merged from parts, at every cut.
    for (std::size_t cut = 0; cut <= 4; ++cut) {
        auto a = an::outcome_query({dimension::year});
        a.extras |= an::extra::applicant_ids;
        auto b = a;
        a.last_row = cut;
        b.first_row = cut;
        auto g = an::aggregate_applications(ds, a);
        g.merge(an::aggregate_applications(ds, b));
        EXPECT_DOUBLE_EQ(an::grant_outcomes(g).rows[0].awarded_share_of_requested, 0.8) << "cut " << cut;
        EXPECT_EQ(g.winners_stated_requests, std::vector<std::int64_t>{1}) << "cut " << cut;
    }
}

TEST(grant_outcomes, a_group_whose_winners_state_no_request_has_no_share) {
    const auto ds = unstated_requests();
    // Rows 1 and 2: w2 (no stated request) and r1. No winner states a request: no share (NaN),
    // where dividing every award by the stated requests would give 500 / 0 or 500 / 300.
    auto q = an::outcome_query({dimension::year});
    q.first_row = 1;
    q.last_row = 3;
    const auto t = an::grant_outcomes(an::aggregate_applications(ds, q));
    ASSERT_EQ(t.rows.size(), 1u);
    EXPECT_EQ(t.rows[0].totals.requested_kopecks, 30000);
    EXPECT_EQ(t.rows[0].totals.awarded_kopecks, 50000);
    EXPECT_TRUE(std::isnan(t.rows[0].awarded_share_of_requested));
    // r1 states its request, the winner w2 does not: what the winners asked is not known.
    EXPECT_EQ(t.rows[0].totals.stated_requests, 1);
    EXPECT_EQ(t.rows[0].totals.winners_stated_requests, 0);
}

TEST(group_table, refuses_more_winners_stating_a_request_than_winners_or_stated_requests) {
    const auto ds = unstated_requests();
    auto t = an::aggregate_applications(ds, an::outcome_query({dimension::year}));
    ASSERT_EQ(t.winners_stated_requests, std::vector<std::int64_t>{1});
    t.check();
    auto more_than_winners = t;
    more_than_winners.winners_stated_requests[0] = 3;  // 2 winners
    EXPECT_THROW(more_than_winners.check(), civica::validation_error);
    auto more_than_stated = t;
    more_than_stated.stated_requests[0] = 1;
    more_than_stated.winners_stated_requests[0] = 2;
    EXPECT_THROW(more_than_stated.check(), civica::validation_error);
    auto missing = t;
    missing.winners_stated_requests.clear();
    EXPECT_THROW(missing.check(), civica::validation_error);
}

TEST(grant_outcomes, the_share_pairs_each_winners_award_with_its_own_request) {
    auto ds = unstated_requests();
    // w3 won, asked 500 and states no award: its request has no award to set against it.
    add_winner_without_award(ds);
    const auto t = an::grant_outcomes(ds, {dimension::year});
    EXPECT_EQ(t.rows[0].totals.winners_requested_kopecks, 150000);  // w1 and w3 state requests
    EXPECT_DOUBLE_EQ(t.rows[0].awarded_share_of_requested, 0.8);     // w1 alone: 800 / 1000
    EXPECT_EQ(t.rows[0].mean_grant_kopecks, 65000);                  // (800 + 500) / 2: w1, w2
}

// Money summed over the stated amounts when some are not stated is a lower bound: the series
// said `exact` of an awarded sum that left out a winner's unstated award. The awarded series
// runs the lean pass (no stated-award count by group), which is made again in full when it
// meets such a winner; grant_outcomes' full pass counts them directly.
TEST(application_series, money_summed_over_some_unstated_amounts_is_at_least) {
    using civica::qualifier;
    auto ds = unstated_requests();
    // Every winner states its award (800, 500); two of the four applications state a request.
    auto awarded = an::application_series(ds, an::measure::awarded);
    EXPECT_EQ(awarded.at(2020).value, 130000);
    EXPECT_EQ(awarded.at(2020).qual, qualifier::exact);
    auto requested = an::application_series(ds, an::measure::requested);
    EXPECT_EQ(requested.at(2020).value, 130000);  // 1000 + 300
    EXPECT_EQ(requested.at(2020).qual, qualifier::at_least);
    EXPECT_EQ(an::application_series(ds, an::measure::winners).at(2020).qual, qualifier::exact);
    EXPECT_EQ(an::grant_outcomes(ds, {dimension::year}).rows[0].totals.winners_stated_awards, 2);

    add_winner_without_award(ds);  // a third winner, whose award the data does not state
    awarded = an::application_series(ds, an::measure::awarded);
    EXPECT_EQ(awarded.at(2020).value, 130000);  // w3 adds nothing
    EXPECT_EQ(awarded.at(2020).qual, qualifier::at_least);
    const auto by_status = an::application_series_by(ds, an::measure::awarded, dimension::status);
    ASSERT_EQ(by_status.size(), 2u);  // rejected, winner
    for (const auto& s : by_status)
        EXPECT_EQ(s.series.at(2020).qual, s.key == "winner" ? qualifier::at_least : qualifier::exact) << s.key;
    // A ranking of the same money says which rows are bounds: the winners' awarded sum is one.
    const auto ranked = an::rank_by(ds, dimension::status, an::measure::awarded);
    ASSERT_EQ(ranked.rows.size(), 2u);
    for (const auto& r : ranked.rows)
        EXPECT_EQ(r.qual, r.key == "winner" ? qualifier::at_least : qualifier::exact) << r.key;
    EXPECT_EQ(an::rank_by(ds, dimension::status, an::measure::winners).rows[0].qual, qualifier::exact);
    const auto totals = an::grant_outcomes(ds, {dimension::year}).rows[0].totals;
    EXPECT_EQ(totals.winners(), 3);
    EXPECT_EQ(totals.winners_stated_awards, 2);
    EXPECT_EQ(an::measure_qualifier(totals, an::measure::awarded), qualifier::at_least);
    // A sum over some stated amounts is a bound; over all, or over none (no value), it is not.
    EXPECT_EQ(an::stated_sum_qualifier(3, 2), qualifier::at_least);
    EXPECT_EQ(an::stated_sum_qualifier(3, 3), qualifier::exact);
    EXPECT_EQ(an::stated_sum_qualifier(3, 0), qualifier::exact);
    EXPECT_EQ(an::stated_sum_qualifier(0, 0), qualifier::exact);
    // The lean pass and the full pass give one count, and tables merged from parts the same
    // at every cut.
    const auto lean = an::aggregate_applications(ds, an::measure_query(an::measure::awarded, {dimension::year}));
    EXPECT_EQ(lean.winners_stated_awards, std::vector<std::int64_t>{2});
    for (std::size_t cut = 0; cut <= 5; ++cut) {
        auto a = an::measure_query(an::measure::awarded, {dimension::year});
        auto b = a;
        a.last_row = cut;
        b.first_row = cut;
        auto g = an::aggregate_applications(ds, a);
        g.merge(an::aggregate_applications(ds, b));
        EXPECT_EQ(g.winners_stated_awards, std::vector<std::int64_t>{2}) << "cut " << cut;
        EXPECT_EQ(an::measure_qualifier(g, 0, an::measure::awarded), qualifier::at_least) << "cut " << cut;
    }
    auto t = an::aggregate_applications(ds, an::outcome_query({dimension::year}));
    t.check();
    t.winners_stated_awards[0] = 4;  // 3 winners
    EXPECT_THROW(t.check(), civica::validation_error);
}

TEST(rank_by, requested_money_nobody_states_is_unknown_not_zero) {
    const auto ds = unstated_requests();
    // o1 states requests (1000 and 300); grouped by status, the withdrawn have no rows and
    // the winners and the rejected state one request each.
    const auto r = an::rank_by(ds, dimension::status, an::measure::requested);
    ASSERT_EQ(r.rows.size(), 2u);
    EXPECT_EQ(r.find("winner")->value, 100000);
    EXPECT_EQ(r.find("rejected")->value, 30000);
    // Rows 1 and 3 only: w2 and r2, neither states a request.
    auto q = an::measure_query(an::measure::requested, {dimension::year}, {});
    q.first_row = 1;
    auto g = an::aggregate_applications(ds, q);
    EXPECT_EQ(g.applications[0], 3);
    q.last_row = 2;  // w2 alone
    const auto alone = an::rank_by(an::aggregate_applications(ds, q), an::measure::requested);
    ASSERT_EQ(alone.rows.size(), 1u);
    EXPECT_TRUE(std::isnan(alone.rows[0].value));
}

TEST(known_filter, a_key_the_dataset_lacks_is_refused_with_the_closest_and_a_name_means_its_municipality) {
    // The analyses of a whole dataset gave 0 rows for a misspelt id, as Python's refused it.
    const civica::dataset ds = civica::io::load_dataset("khanty-mansiysk-2020-synthetic");
    const auto refused = [](auto call) { return analysis_test::refusal(call); };
    an::application_filter typo;
    typo.municipalities = {"khanty-mansiyskk"};
    EXPECT_EQ(refused([&] { (void)an::grant_outcomes(ds, {dimension::year}, typo); }),
              "filter municipality: \"khanty-mansiyskk\" is not in the dataset; did you mean \"khanty-mansiysk\"?");
    an::application_filter region;
    region.regions = {"Nowhere"};
    EXPECT_NE(refused([&] { (void)an::rank_by(ds, dimension::region, an::measure::awarded, region); })
                  .find("filter region: \"Nowhere\" is not in the dataset"),
              std::string::npos);
    an::application_filter direction;
    direction.directions = {"Поддержка семьи"};
    EXPECT_NE(refused([&] { (void)an::application_series(ds, an::measure::winners, direction); })
                  .find("did you mean \"Поддержка семьи, материнства, отцовства и детства\"?"),
              std::string::npos);
    an::application_filter form;
    form.legal_forms = {"АНО"};
    EXPECT_NE(refused([&] { (void)an::recipient_concentration(ds, form); }).find("is not an ОКОПФ code"),
              std::string::npos);
    an::application_filter nobody;
    nobody.applicants = {"km-ngo-2422"};
    EXPECT_NE(refused([&] { (void)an::winners_over_time(ds, nobody); }).find("filter applicant"), std::string::npos);

    // An id of an organisation and of a person is two applicants: the filter must say which.
    civica::dataset shared = ds;
    const std::string org_id = shared.organizations()[0].id.str();
    shared.add(civica::person{civica::person_id(org_id), civica::municipality_id(), ""});
    an::application_filter both;
    both.applicants = {org_id};
    EXPECT_NE(refused([&] { (void)an::grant_outcomes(shared, {dimension::year}, both); })
                  .find("is the id of an organisation and of a person of the dataset"),
              std::string::npos);
    EXPECT_EQ(refused([&] { (void)an::grant_outcomes(ds, {dimension::year}, both); }), "no error");
    both.applicant_type = civica::applicant_kind::organization;
    EXPECT_EQ(refused([&] { (void)an::grant_outcomes(shared, {dimension::year}, both); }), "no error");

    // A municipality's name (as a territory is named) means its id: the same rows.
    an::application_filter by_name, by_id;
    by_name.municipalities = {"Ханты-Мансийск"};
    by_id.municipalities = {"khanty-mansiysk"};
    const auto named = an::grant_outcomes(ds, {dimension::year}, by_name);
    const auto ided = an::grant_outcomes(ds, {dimension::year}, by_id);
    ASSERT_GT(ided.rows.size(), 0u);
    ASSERT_EQ(named.rows.size(), ided.rows.size());
    for (std::size_t i = 0; i < ided.rows.size(); ++i) EXPECT_EQ(named.rows[i].totals.applications, ided.rows[i].totals.applications);

    // A part of a dataset (a partition) need not hold every id: the aggregation itself takes it.
    EXPECT_EQ(an::aggregate_applications(ds, an::outcome_query({dimension::year}, typo)).size(), 0u);
}
