// The engine keeps facts derived from a dataset's rows (codes per organisation and
// competition, the dimensions' dictionaries, a row index by competition) in the dataset's
// derived cache. These tests change the dataset after a call has filled the cache, through
// every kind of mutator, and check that the next call sees the change: against a copy of the
// dataset (a copy starts with an empty cache) and against counts made row by row.
#include "civica/analysis/engine.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>
#include <vector>

namespace an = civica::analysis;
using an::dimension;
using civica::application_status;

namespace {

// Winners and awarded kopecks by key of `d`, made from the group table.
std::map<std::string, std::pair<std::int64_t, std::int64_t>> by_key(const an::group_table& t) {
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> out;
    for (std::size_t g = 0; g < t.size(); ++g) {
        std::string k;
        for (std::size_t i = 0; i < t.by.size(); ++i) k += (i ? "|" : "") + t.key(i, g);
        out[k] = {t.winners(g), t.awarded_kopecks[g]};
    }
    return out;
}

an::group_table run(const civica::dataset& ds, std::vector<dimension> by, an::application_filter f = {},
                    unsigned extras = 0) {
    an::group_query q;
    q.by = std::move(by);
    q.filter = std::move(f);
    q.extras = extras;
    return an::aggregate_applications(ds, q);
}

// The same query on `ds` (its cache filled by earlier calls) and on a fresh copy.
void expect_same_as_fresh(const civica::dataset& ds, std::vector<dimension> by, an::application_filter f = {}) {
    const civica::dataset fresh = ds;
    const auto extras = an::extra::applicants | an::extra::recipients | an::extra::applicant_ids;
    const auto a = run(ds, by, f, extras), b = run(fresh, by, f, extras);
    EXPECT_EQ(by_key(a), by_key(b));
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < by.size(); ++i) EXPECT_EQ(a.dictionaries[i].keys, b.dictionaries[i].keys);
    EXPECT_EQ(a.applicant_id, b.applicant_id);
    EXPECT_EQ(a.applicant_codes, b.applicant_codes);
    EXPECT_EQ(a.recipient_kopecks, b.recipient_kopecks);
}

civica::application win(const char* id, const char* comp, const char* org, double awarded) {
    civica::application x;
    x.id = civica::application_id(id);
    x.competition = civica::competition_id(comp);
    x.applicant_type = civica::applicant_kind::organization;
    x.applicant = org;
    x.direction = "culture";
    x.requested = analysis_test::rub(awarded);
    x.status = application_status::winner;
    x.awarded = analysis_test::rub(awarded);
    x.submitted = analysis_test::d("2020-06-01");
    return x;
}

}  // namespace

TEST(engine_cache, every_mutator_after_a_cached_call_is_seen_by_the_next_call) {
    civica::dataset ds = analysis_test::fixture();
    const std::vector<dimension> by_muni{dimension::municipality};
    const std::vector<dimension> by_region{dimension::year, dimension::region};
    an::application_filter y2020;
    y2020.years = {2020};
    // Fill the cache: every dimension, a year filter.
    for (const auto d : an::all_dimensions()) (void)run(ds, {d}, y2020);
    const auto before = by_key(run(ds, by_muni, y2020));
    ASSERT_EQ(before.at("a"), (std::pair<std::int64_t, std::int64_t>{5, 405050}));  // the fixture's tally

    // add(municipality), add(organization), add(application): a new group with its money.
    ds.add(civica::municipality{civica::municipality_id("d"), "Delta", "", "North", {{2020, 300}}});
    {
        civica::organization o;
        o.id = civica::organization_id("o7");
        o.full_name = "Org o7";
        o.municipality = civica::municipality_id("d");
        ds.add(o);
    }
    ds.add(win("a14", "pres-2020-1", "o7", 700));
    auto after = by_key(run(ds, by_muni, y2020));
    EXPECT_EQ(after.at("d"), (std::pair<std::int64_t, std::int64_t>{1, 70000}));
    EXPECT_EQ(after.at("a"), before.at("a"));
    expect_same_as_fresh(ds, by_muni, y2020);
    expect_same_as_fresh(ds, by_region);
    EXPECT_EQ(by_key(run(ds, {dimension::region})).at("North"), (std::pair<std::int64_t, std::int64_t>{1, 70000}));

    // add(competition) of a new year: the year dimension and the row index learn it.
    {
        civica::competition c;
        c.id = civica::competition_id("pres-2021-1");
        c.programme = civica::programme_id("pres");
        c.year = 2021;
        c.round = 1;
        ds.add(c);
    }
    ds.add(win("a15", "pres-2021-1", "o1", 10));
    an::application_filter y2021;
    y2021.years = {2021};
    EXPECT_EQ(by_key(run(ds, {dimension::year}, y2021)), (std::map<std::string, std::pair<std::int64_t, std::int64_t>>{
                                                             {"2021", {1, 1000}}}));
    expect_same_as_fresh(ds, {dimension::year, dimension::municipality});

    // add_all that fails half way: rolled back, and the cache forgets what it saw meanwhile.
    const auto kept = by_key(run(ds, by_muni));
    {
        std::vector<civica::application> rows{win("a16", "pres-2020-1", "o7", 5), win("a17", "pres-2020-1", "nobody", 5)};
        EXPECT_THROW(ds.add_all(rows), civica::validation_error);
    }
    EXPECT_EQ(by_key(run(ds, by_muni)), kept);
    expect_same_as_fresh(ds, by_muni);

    // The bulk loads of readers.
    (void)run(ds, by_muni);
    {
        civica::organization o;
        o.id = civica::organization_id("o8");
        o.full_name = "Org o8";
        o.municipality = civica::municipality_id("b");
        civica::detail::dataset_loader::add_organizations(ds, {o});
    }
    {
        civica::detail::application_columns c;
        c.id = {"a18"};
        c.title = {""};
        c.direction = {"sport"};
        c.competition = {ds.competitions().find("pres-2020-2")};
        c.applicant = {ds.organizations().find("o8")};
        c.applicant_type = {static_cast<std::uint8_t>(civica::applicant_kind::organization)};
        c.status = {static_cast<std::uint8_t>(application_status::winner)};
        c.requested = {300};
        c.cofunding = {0};
        c.awarded = {300};
        c.submitted = {civica::missing_day};
        c.implementation_start = {civica::missing_day};
        c.implementation_end = {civica::missing_day};
        civica::detail::dataset_loader::add_applications(ds, c);
    }
    const auto bulk = by_key(run(ds, by_muni, y2020));
    EXPECT_EQ(bulk.at("b").first, before.at("b").first + 1);
    EXPECT_EQ(bulk.at("b").second, before.at("b").second + 300);
    expect_same_as_fresh(ds, by_muni, y2020);
    expect_same_as_fresh(ds, {dimension::direction});

    // A dataset moved into another: the new one computes from its rows; the moved-from one,
    // given new rows, from those.
    {
        civica::dataset moved = std::move(ds);
        EXPECT_EQ(by_key(run(moved, by_muni, y2020)), bulk);
        ds = analysis_test::fixture();
        EXPECT_EQ(by_key(run(ds, by_muni, y2020)), before);
        ds = std::move(moved);
        EXPECT_EQ(by_key(run(ds, by_muni, y2020)), bulk);
    }

    // set_indicator changes no row the engine reads; the next call still agrees.
    civica::indicator ind;
    ind.key = "grants.winners";
    ind.year = 2020;
    ind.value = 1;
    ds.set_indicator(ind);
    expect_same_as_fresh(ds, by_region, y2020);
}

TEST(engine_cache, a_year_filter_through_the_row_index_counts_what_a_scan_counts) {
    civica::synth::national_options o;
    o.applications = 20'000;
    o.seed = 11;
    const civica::dataset ds = civica::synth::national(o);
    const auto& comps = ds.competitions();
    for (const int year : {o.first_year, o.first_year + 3, o.first_year + o.years - 1}) {
        an::application_filter f;
        f.years = {year};
        // Row by row: the winners and money of each municipality in that year.
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> want;
        const auto& t = ds.applications();
        for (std::size_t r = 0; r < t.size(); ++r) {
            if (comps[static_cast<std::size_t>(t.competition()[r])].year != year) continue;
            if (t.status()[r] != static_cast<std::uint8_t>(application_status::winner)) continue;
            const auto who = static_cast<std::size_t>(t.applicant()[r]);
            const bool org = t.applicant_type()[r] == static_cast<std::uint8_t>(civica::applicant_kind::organization);
            auto& w = want[org ? ds.organizations()[who].municipality.str() : ds.persons()[who].municipality.str()];
            ++w.first;
            w.second += t.awarded()[r];
        }
        f.statuses = {application_status::winner};
        EXPECT_EQ(by_key(run(ds, {dimension::municipality}, f)), want) << year;
        // Row ranges: the first and last rows of the table cut the runs.
        an::group_query q;
        q.by = {dimension::year};
        q.filter = f;
        q.first_row = 1234;
        q.last_row = t.size() - 777;
        std::int64_t winners = 0;
        for (std::size_t r = q.first_row; r < q.last_row; ++r)
            winners += comps[static_cast<std::size_t>(t.competition()[r])].year == year &&
                       t.status()[r] == static_cast<std::uint8_t>(application_status::winner);
        const auto part = an::aggregate_applications(ds, q);
        ASSERT_EQ(part.size(), winners > 0 ? 1u : 0u);
        if (winners > 0) {
            EXPECT_EQ(part.winners(0), winners);
        }
    }
}

TEST(engine_cache, a_winners_filter_through_the_winner_index_counts_what_a_scan_counts) {
    civica::synth::national_options o;
    o.applications = 20'000;
    o.seed = 5;
    const civica::dataset ds = civica::synth::national(o);
    const auto& t = ds.applications();
    const auto win = static_cast<std::uint8_t>(application_status::winner);
    for (const auto& [first, last] : std::vector<std::pair<std::size_t, std::size_t>>{{0, t.size()}, {999, 15'001}}) {
        // Row by row: winners, money and distinct winners of each municipality.
        std::map<std::string, std::pair<std::int64_t, std::int64_t>> want;
        std::map<std::string, std::set<std::pair<std::uint8_t, std::uint32_t>>> distinct;
        std::int64_t recipients_money = 0;
        for (std::size_t r = first; r < last; ++r) {
            if (t.status()[r] != win) continue;
            const auto who = static_cast<std::size_t>(t.applicant()[r]);
            const bool org = t.applicant_type()[r] == static_cast<std::uint8_t>(civica::applicant_kind::organization);
            const std::string muni = org ? ds.organizations()[who].municipality.str() : ds.persons()[who].municipality.str();
            auto& w = want[muni];
            ++w.first;
            w.second += t.awarded()[r];
            distinct[muni].insert({t.applicant_type()[r], static_cast<std::uint32_t>(who)});
            recipients_money += t.awarded()[r];
        }
        an::group_query q;
        q.by = {dimension::municipality};
        q.filter.statuses = {application_status::winner};
        q.extras = an::extra::winning_applicants;
        q.first_row = first;
        q.last_row = last;
        const auto g = an::aggregate_applications(ds, q);
        EXPECT_EQ(by_key(g), want);
        for (std::size_t i = 0; i < g.size(); ++i) EXPECT_EQ(g.distinct_winners(i), distinct[g.key(0, i)].size());
        // One group: each recipient's money adds up to the total.
        an::group_query all;
        all.filter.statuses = {application_status::winner};
        all.extras = an::extra::recipients;
        all.first_row = first;
        all.last_row = last;
        const auto one = an::aggregate_applications(ds, all);
        ASSERT_EQ(one.size(), 1u);
        std::int64_t sum = 0;
        for (auto k : one.recipient_kopecks) sum += k;
        EXPECT_EQ(sum, recipients_money);
        EXPECT_EQ(one.awarded_kopecks[0], recipients_money);
    }
}

TEST(engine_cache, concurrent_first_calls_agree) {
    civica::synth::national_options o;
    o.applications = 5'000;
    const civica::dataset ds = civica::synth::national(o);
    const civica::dataset fresh = ds;
    const auto want = by_key(run(fresh, {dimension::year, dimension::region}));
    std::vector<std::map<std::string, std::pair<std::int64_t, std::int64_t>>> got(4);
    {
        std::vector<std::jthread> pool;
        for (std::size_t k = 0; k < got.size(); ++k)
            pool.emplace_back([&, k] { got[k] = by_key(run(ds, {dimension::year, dimension::region})); });
    }
    for (const auto& g : got) EXPECT_EQ(g, want);
}
