// aggregate_with_recipients: one pass giving a table and the recipients by dimensions of the
// applicant. Both tables must equal what two separate aggregate_applications calls give
// (another code path: the recipients' table made alone), field by field, on the small
// fixture and on national synthetic data (several threads, hundreds of thousands of
// recipients), with and without filters; and the recipients' money must equal a tally of the
// rows.
#include "civica/analysis/engine.hpp"
#include "civica/analysis/rates.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace an = civica::analysis;
using an::dimension;
using civica::application_status;

namespace {

void expect_same_table(const an::group_table& a, const an::group_table& b) {
    EXPECT_NO_THROW(a.check());
    EXPECT_EQ(a.by, b.by);
    EXPECT_EQ(a.extras, b.extras);
    EXPECT_EQ(a.currency, b.currency);
    ASSERT_EQ(a.dictionaries.size(), b.dictionaries.size());
    for (std::size_t i = 0; i < a.dictionaries.size(); ++i) {
        EXPECT_EQ(a.dictionaries[i].keys, b.dictionaries[i].keys);
        EXPECT_EQ(a.dictionaries[i].labels, b.dictionaries[i].labels);
        EXPECT_EQ(a.dictionaries[i].population, b.dictionaries[i].population);
    }
    EXPECT_EQ(a.code, b.code);
    EXPECT_EQ(a.applications, b.applications);
    for (std::size_t s = 0; s < 5; ++s) EXPECT_EQ(a.status[s], b.status[s]);
    EXPECT_EQ(a.requested_kopecks, b.requested_kopecks);
    EXPECT_EQ(a.winners_requested_kopecks, b.winners_requested_kopecks);
    EXPECT_EQ(a.awarded_kopecks, b.awarded_kopecks);
    EXPECT_EQ(a.cofunding_kopecks, b.cofunding_kopecks);
    EXPECT_EQ(a.first_year, b.first_year);
    EXPECT_EQ(a.last_year, b.last_year);
    EXPECT_EQ(a.applicant_kind, b.applicant_kind);
    EXPECT_EQ(a.applicant_id, b.applicant_id);
    EXPECT_EQ(a.applicant_label, b.applicant_label);
    EXPECT_EQ(a.applicant_row, b.applicant_row);
    EXPECT_EQ(a.applicant_offsets, b.applicant_offsets);
    EXPECT_EQ(a.applicant_codes, b.applicant_codes);
    EXPECT_EQ(a.winner_offsets, b.winner_offsets);
    EXPECT_EQ(a.winner_codes, b.winner_codes);
    EXPECT_EQ(a.award_offsets, b.award_offsets);
    EXPECT_EQ(a.award_values, b.award_values);
    EXPECT_EQ(a.recipient_offsets, b.recipient_offsets);
    EXPECT_EQ(a.recipient_codes, b.recipient_codes);
    EXPECT_EQ(a.recipient_kopecks, b.recipient_kopecks);
    EXPECT_EQ(a.scope, b.scope);
    EXPECT_EQ(a.scope_population, b.scope_population);
}

// Both tables of aggregate_with_recipients against separate calls.
void expect_as_separate_calls(const civica::dataset& ds, const an::group_query& q, const std::vector<dimension>& rby) {
    const auto both = an::aggregate_with_recipients(ds, q, rby);
    expect_same_table(both.groups, an::aggregate_applications(ds, q));
    an::group_query r;
    r.by = rby;
    r.filter = q.filter;
    r.extras = an::extra::recipients | (q.extras & (an::extra::applicant_ids | an::extra::applicant_labels));
    const auto alone = an::aggregate_applications(ds, r);
    expect_same_table(both.recipients, alone);
    ASSERT_GT(alone.recipient_codes.size(), 0u);
}

}  // namespace

TEST(aggregate_with_recipients, equals_two_separate_calls_on_the_fixture) {
    const civica::dataset ds = analysis_test::fixture();
    an::group_query q;
    q.by = {dimension::year, dimension::municipality, dimension::direction};
    expect_as_separate_calls(ds, q, {dimension::municipality});
    q.extras = an::extra::applicants | an::extra::recipients | an::extra::applicant_ids | an::extra::applicant_labels;
    expect_as_separate_calls(ds, q, {dimension::municipality});
    q.by = {dimension::region, dimension::year, dimension::applicant_kind, dimension::municipality};
    expect_as_separate_calls(ds, q, {dimension::municipality, dimension::applicant_kind});
    expect_as_separate_calls(ds, q, {dimension::region});
    q.filter.years = {2020};
    expect_as_separate_calls(ds, q, {dimension::region});
    // One municipality named: the recipients' table by legal form has its scope and population.
    q.by = {dimension::year, dimension::legal_form};
    q.filter = {};
    q.filter.municipalities = {"a"};
    const auto both = an::aggregate_with_recipients(ds, q, {dimension::legal_form});
    EXPECT_EQ(both.recipients.scope, "a");
    EXPECT_EQ(both.recipients.scope_population.at(2020), 1100);
    expect_as_separate_calls(ds, q, {dimension::legal_form});
}

TEST(aggregate_with_recipients, equals_two_separate_calls_and_the_row_tally_at_national_scale) {
    using namespace civica;
    synth::national_options o;
    o.applications = 400'000;
    o.years = 3;
    const dataset ds = synth::national(o);
    an::group_query q;
    q.by = {dimension::year, dimension::region, dimension::direction};
    expect_as_separate_calls(ds, q, {dimension::region});
    q.filter.statuses = {application_status::winner, application_status::rejected};
    q.filter.years = {ds.competitions()[0].year};
    expect_as_separate_calls(ds, q, {dimension::region});

    // The recipients' money per organisation against a tally of the winners' rows.
    q.filter = {};
    const auto both = an::aggregate_with_recipients(ds, q, {dimension::region});
    const auto& t = ds.applications();
    std::map<std::size_t, std::int64_t> sum;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.status()[i] == static_cast<std::uint8_t>(application_status::winner) && t.awarded()[i] != missing_kopecks)
            sum[static_cast<std::size_t>(t.applicant()[i])] += t.awarded()[i];
    std::map<std::size_t, std::int64_t> got;
    const auto& r = both.recipients;
    for (std::size_t i = 0; i < r.recipient_codes.size(); ++i)
        got[r.applicant_row[r.recipient_codes[i]]] += r.recipient_kopecks[i];
    for (auto it = sum.begin(); it != sum.end();) it = it->second == 0 ? sum.erase(it) : std::next(it);
    EXPECT_EQ(got, sum);
}

TEST(aggregate_with_recipients, refuses_dimensions_not_of_the_applicant_or_not_in_the_query) {
    const civica::dataset ds = analysis_test::fixture();
    an::group_query q;
    q.by = {dimension::year, dimension::municipality, dimension::applicant};
    EXPECT_THROW(an::aggregate_with_recipients(ds, q, {dimension::year}), civica::validation_error);
    EXPECT_THROW(an::aggregate_with_recipients(ds, q, {dimension::applicant}), civica::validation_error);
    EXPECT_THROW(an::aggregate_with_recipients(ds, q, {dimension::region}), civica::validation_error);
    EXPECT_THROW(an::aggregate_with_recipients(ds, q, {dimension::municipality, dimension::municipality}),
                 civica::validation_error);
}

TEST(awarded_money_only, gathers_the_same_counts_and_awarded_money_and_refuses_requested_money) {
    const civica::dataset ds = analysis_test::fixture();
    an::group_query q;
    q.by = {dimension::year, dimension::municipality};
    q.extras = an::extra::recipients | an::extra::applicant_ids;
    const auto full = an::aggregate_applications(ds, q);
    q.extras |= an::extra::awarded_money_only;
    const auto lean = an::aggregate_applications(ds, q);
    EXPECT_NO_THROW(lean.check());
    ASSERT_EQ(lean.size(), full.size());
    EXPECT_EQ(lean.code, full.code);
    EXPECT_EQ(lean.applications, full.applications);
    for (std::size_t s = 0; s < 5; ++s) EXPECT_EQ(lean.status[s], full.status[s]);
    EXPECT_EQ(lean.awarded_kopecks, full.awarded_kopecks);
    EXPECT_EQ(lean.recipient_codes, full.recipient_codes);
    EXPECT_EQ(lean.recipient_kopecks, full.recipient_kopecks);
    EXPECT_EQ(lean.first_year, full.first_year);
    EXPECT_EQ(lean.last_year, full.last_year);
    // The fixture has requested money, so the full table's sums are not all 0 while the lean one's are.
    std::int64_t requested = 0;
    for (auto x : full.requested_kopecks) requested += x;
    EXPECT_GT(requested, 0);
    for (std::size_t g = 0; g < lean.size(); ++g) {
        EXPECT_EQ(lean.requested_kopecks[g], 0);
        EXPECT_EQ(lean.winners_requested_kopecks[g], 0);
        EXPECT_EQ(lean.cofunding_kopecks[g], 0);
    }
    // What needs the requested money refuses the table rather than report 0.
    EXPECT_THROW(an::row_totals(lean, 0), civica::validation_error);
    EXPECT_THROW(an::measure_value(lean, 0, an::measure::requested), civica::validation_error);
    EXPECT_EQ(an::measure_value(lean, 0, an::measure::awarded), an::measure_value(full, 0, an::measure::awarded));
    EXPECT_THROW(an::outcome_figures(lean), civica::validation_error);
    EXPECT_NO_THROW(an::outcome_figures(full));
    // Tables with and without the requested money do not merge.
    auto copy = full;
    EXPECT_THROW(copy.merge(lean), civica::validation_error);
    auto lean2 = lean;
    EXPECT_NO_THROW(lean2.merge(lean));
    EXPECT_EQ(lean2.awarded_kopecks[0], 2 * lean.awarded_kopecks[0]);
}

TEST(counts_only, gathers_the_same_counts_without_money_and_refuses_what_needs_money) {
    using namespace civica;
    synth::national_options o;
    o.applications = 300'000;
    o.years = 3;
    const dataset ds = synth::national(o);
    for (const auto m : {an::measure::winners, an::measure::applications, an::measure::applicants,
                         an::measure::winning_applicants, an::measure::success_rate}) {
        const auto q = an::measure_query(m, {dimension::region, dimension::year});
        ASSERT_TRUE(q.extras & an::extra::counts_only);
        an::group_query full = q;
        full.extras &= ~(an::extra::counts_only | an::extra::awarded_money_only);
        const auto a = an::aggregate_applications(ds, q), b = an::aggregate_applications(ds, full);
        EXPECT_NO_THROW(a.check());
        ASSERT_EQ(a.size(), b.size());
        EXPECT_EQ(a.code, b.code);
        for (std::size_t s = 0; s < 5; ++s) EXPECT_EQ(a.status[s], b.status[s]);
        EXPECT_EQ(a.applicant_codes, b.applicant_codes);
        EXPECT_EQ(a.winner_codes, b.winner_codes);
        for (std::size_t g = 0; g < a.size(); ++g) {
            EXPECT_EQ(an::measure_value(a, g, m), an::measure_value(b, g, m));
            EXPECT_EQ(a.awarded_kopecks[g], 0);
        }
        EXPECT_THROW(an::measure_value(a, 0, an::measure::awarded), civica::validation_error);
        EXPECT_GT(an::measure_value(b, 0, an::measure::awarded), 0);
    }
    // Money measures still gather their money.
    EXPECT_FALSE(an::measure_query(an::measure::awarded, {dimension::year}).extras & an::extra::counts_only);
    EXPECT_FALSE(an::measure_query(an::measure::requested, {dimension::year}).extras & an::extra::counts_only);
    // Counts only cannot gather recipients or award values.
    an::group_query bad = an::measure_query(an::measure::winners, {dimension::region});
    bad.extras |= an::extra::recipients;
    EXPECT_THROW(an::aggregate_applications(ds, bad), civica::validation_error);
    bad.extras = an::extra::counts_only | an::extra::awarded_money_only | an::extra::award_values;
    EXPECT_THROW(an::aggregate_applications(ds, bad), civica::validation_error);
    bad.extras = an::extra::counts_only | an::extra::awarded_money_only;
    EXPECT_THROW(an::aggregate_with_recipients(ds, bad, {dimension::region}), civica::validation_error);
}

// group_table::rollup against a query by the kept dimensions (another code path: the pass),
// field by field: without lists (summed in a table indexed by the kept codes) and with lists
// (groups merged one by one), with the kept dimensions in and out of the table's order.
namespace {

// The table with each group's applicant and winner sets sorted: a query lists a set's codes
// in row order, a rollup in code order.
an::group_table sets_sorted(an::group_table t) {
    auto sort_sets = [](const std::vector<std::uint64_t>& off, std::vector<std::uint32_t>& codes) {
        for (std::size_t g = 0; g + 1 < off.size(); ++g)
            std::sort(codes.begin() + static_cast<std::ptrdiff_t>(off[g]), codes.begin() + static_cast<std::ptrdiff_t>(off[g + 1]));
    };
    sort_sets(t.applicant_offsets, t.applicant_codes);
    sort_sets(t.winner_offsets, t.winner_codes);
    return t;
}

void expect_rollups_as_queries(const civica::dataset& ds, unsigned extras) {
    an::group_query q;
    q.by = {dimension::year, dimension::region, dimension::direction};
    q.extras = extras;
    const auto cube = an::aggregate_applications(ds, q);
    const std::vector<std::vector<dimension>> keeps = {{dimension::year, dimension::region},
                                                       {dimension::year, dimension::direction},
                                                       {dimension::direction, dimension::year},
                                                       {dimension::region},
                                                       {}};
    for (const auto& keep : keeps) {
        SCOPED_TRACE(keep.size());
        an::group_query k = q;
        k.by = keep;
        expect_same_table(sets_sorted(cube.rollup(keep, ~0u)), sets_sorted(an::aggregate_applications(ds, k)));
    }
}

}  // namespace

TEST(rollup, equals_a_query_by_the_kept_dimensions_on_the_fixture) {
    const civica::dataset ds = analysis_test::fixture();
    expect_rollups_as_queries(ds, 0);
    expect_rollups_as_queries(ds, an::extra::awarded_money_only);
    expect_rollups_as_queries(ds, an::extra::applicants | an::extra::winning_applicants | an::extra::award_values |
                                      an::extra::recipients);
}

TEST(rollup, equals_a_query_by_the_kept_dimensions_at_national_scale) {
    using namespace civica;
    synth::national_options o;
    o.applications = 200'000;
    o.years = 4;
    const dataset ds = synth::national(o);
    expect_rollups_as_queries(ds, 0);
    expect_rollups_as_queries(ds, an::extra::awarded_money_only);
    expect_rollups_as_queries(ds, an::extra::applicants | an::extra::winning_applicants | an::extra::recipients);
}
