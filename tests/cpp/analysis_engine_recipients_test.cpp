// aggregate_with_recipients: one pass giving a table and the recipients by dimensions of the
// applicant. Both tables must equal what two separate aggregate_applications calls give
// (another code path: the recipients' table made alone), field by field, on the small
// fixture and on national synthetic data (several threads, hundreds of thousands of
// recipients), with and without filters; and the recipients' money must equal a tally of the
// rows.
#include "civica/analysis/engine.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

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
