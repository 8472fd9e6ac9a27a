#include "civica/analysis/aggregate.hpp"
#include "civica/analysis/engine.hpp"

#include "analysis_fixture.hpp"
#include "civica/error.hpp"
#include "civica/synth.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace an = civica::analysis;
using an::dimension;
using civica::application_status;

namespace {
const civica::dataset& ds() {
    static const civica::dataset d = analysis_test::fixture();
    return d;
}
}  // namespace

TEST(group_applications, totals_by_year_match_the_hand_tally) {
    const auto g = an::group_applications(ds(), {dimension::year});
    ASSERT_EQ(g.size(), 2u);
    const auto* y19 = g.find({"2019"});
    const auto* y20 = g.find({"2020"});
    ASSERT_TRUE(y19 && y20);
    EXPECT_EQ(y19->totals.applications, 3);
    EXPECT_EQ(y19->totals.winners(), 2);
    EXPECT_EQ(y19->totals.awarded_kopecks, 230000);
    EXPECT_EQ(y19->totals.requested_kopecks, 450000);
    EXPECT_EQ(y20->totals.applications, 10);
    EXPECT_EQ(y20->totals.winners(), 6);
    EXPECT_EQ(y20->totals.decided(), 8);  // a6 was withdrawn, a9 is still admitted (being judged)
    EXPECT_EQ(y20->totals.awarded_kopecks, 417050);
    EXPECT_EQ(y20->totals.requested_kopecks, 720000);
    EXPECT_DOUBLE_EQ(y20->totals.success_rate(), 6.0 / 8.0);
    // awards 2020 sorted: 50, 100, 120, 400, 1000, 2500.50 → median (120 + 400) / 2 = 260
    EXPECT_DOUBLE_EQ(y20->totals.median_award_kopecks(), 26000);
    EXPECT_DOUBLE_EQ(y20->totals.mean_award_kopecks(), 417050.0 / 6);
    // applicants 2020: o1 o2 o3 o4 p1 p2 p3; winners o1 o2 p1 p2
    EXPECT_EQ(y20->totals.applicants.size(), 7u);
    EXPECT_EQ(y20->totals.winning_applicants,
              (std::vector<std::string>{"organization:o1", "organization:o2", "person:p1", "person:p2"}));
}

TEST(group_applications, groups_by_municipality_with_names_as_labels) {
    an::application_filter f;
    f.years = {2020};
    const auto g = an::group_applications(ds(), {dimension::municipality}, f);
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g.groups()[0].key[0], "a");
    EXPECT_EQ(g.groups()[0].label[0], "Alpha");
    EXPECT_EQ(g.groups()[0].totals.applications, 6);
    EXPECT_EQ(g.groups()[0].totals.winners(), 5);
    EXPECT_EQ(g.groups()[0].totals.awarded_kopecks, 405050);
    EXPECT_EQ(g.find({"b"})->totals.winners(), 1);
    // c: o4's a6 (withdrawn) and a9 (admitted, still being judged): nothing decided yet.
    EXPECT_EQ(g.find({"c"})->totals.decided(), 0);
    EXPECT_TRUE(std::isnan(g.find({"c"})->totals.success_rate()));
}

TEST(group_applications, groups_by_several_dimensions_and_filters) {
    an::application_filter f;
    f.programme_kinds = {civica::programme_kind::governor_individual};
    const auto g = an::group_applications(ds(), {dimension::year, dimension::municipality, dimension::applicant_kind}, f);
    ASSERT_EQ(g.size(), 2u);
    const auto* a = g.find({"2020", "a", "person"});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->totals.winners(), 2);                   // a10, a13 (both p1)
    EXPECT_EQ(a->totals.winning_applicants.size(), 1u);  // p1
    EXPECT_EQ(a->totals.applicants.size(), 2u);          // p1, p3
    const auto lf = an::group_applications(ds(), {dimension::legal_form});
    EXPECT_EQ(lf.find({"person"})->totals.applications, 4);
    EXPECT_EQ(lf.find({"71400"})->totals.applications, 5);  // a2 a5 a6 a8 a9
    EXPECT_EQ(lf.groups().front().key[0], "20200");
    EXPECT_EQ(lf.groups().back().key[0], "person");
}

TEST(group_applications, agrees_with_a_row_by_row_tally_for_every_dimension) {
    // Independent path: the row views (dataset::application_at) and std::map.
    for (const auto dim : an::all_dimensions()) {
        const auto g = an::group_applications(ds(), {dim});
        std::map<std::string, std::pair<long, long long>> want;  // key → (winners, awarded kopecks)
        for (std::size_t r = 0; r < ds().applications().size(); ++r) {
            const auto a = ds().application_at(r);
            const auto& comp = ds().get(a.competition);
            const auto& prog = ds().get(comp.programme);
            const bool person = a.applicant_type == civica::applicant_kind::person;
            std::string muni = person ? ds().get(civica::person_id(a.applicant)).municipality.str()
                                      : ds().get(civica::organization_id(a.applicant)).municipality.str();
            std::string k;
            switch (dim) {
                case dimension::year: k = std::to_string(comp.year); break;
                case dimension::programme: k = prog.id.str(); break;
                case dimension::programme_kind: k = std::string(to_string(prog.kind)); break;
                case dimension::grant_operator: k = prog.grant_operator.str(); break;
                case dimension::competition: k = comp.id.str(); break;
                case dimension::direction: k = a.direction; break;
                case dimension::municipality: k = muni; break;
                case dimension::region: {
                    const auto m = ds().municipalities().find(muni);
                    k = m == civica::no_row ? "" : ds().municipalities()[static_cast<std::size_t>(m)].region;
                    break;
                }
                case dimension::applicant_kind: k = person ? "person" : "organization"; break;
                case dimension::legal_form:
                    k = person ? "person" : std::to_string(ds().get(civica::organization_id(a.applicant)).okopf);
                    break;
                case dimension::applicant: k = a.applicant; break;  // ids (no person shares one here)
                case dimension::status: k = std::string(to_string(a.status)); break;
            }
            auto& w = want[k];
            if (a.status == application_status::winner) {
                ++w.first;
                w.second += a.awarded->kopecks();
            }
        }
        ASSERT_EQ(g.size(), want.size()) << to_string(dim);
        for (const auto& [k, w] : want) {
            const auto* grp = g.find({k});
            ASSERT_TRUE(grp) << to_string(dim) << " " << k;
            EXPECT_EQ(grp->totals.winners(), w.first) << k;
            EXPECT_EQ(grp->totals.awarded_kopecks, w.second) << k;
        }
    }
}

TEST(group_applications, partial_results_merge_into_the_whole) {
    const std::vector<dimension> by{dimension::year, dimension::municipality};
    const auto whole = an::group_applications(ds(), by);
    const std::size_t n = ds().applications().size();
    for (std::size_t cut = 0; cut <= n; ++cut) {
        auto part = an::group_applications(ds(), by, {}, 0, cut);
        part.merge(an::group_applications(ds(), by, {}, cut));
        ASSERT_EQ(part.size(), whole.size());
        for (std::size_t i = 0; i < whole.size(); ++i) {
            EXPECT_EQ(part.groups()[i].key, whole.groups()[i].key);
            EXPECT_EQ(part.groups()[i].totals, whole.groups()[i].totals) << "cut " << cut;
        }
    }
    // Three pieces, merged in another order.
    auto c = an::group_applications(ds(), by, {}, 9);
    c.merge(an::group_applications(ds(), by, {}, 0, 4));
    c.merge(an::group_applications(ds(), by, {}, 4, 9));
    EXPECT_EQ(c.total(), whole.total());
    EXPECT_THROW(c.merge(an::group_applications(ds(), {dimension::year})), civica::validation_error);
}

TEST(group_applications, with_no_dimension_gives_one_group_with_everything) {
    const auto g = an::group_applications(ds(), std::vector<dimension>{});
    ASSERT_EQ(g.size(), 1u);
    EXPECT_EQ(g.groups()[0].totals.applications, 13);
    EXPECT_EQ(g.groups()[0].totals.awarded_kopecks, 230000 + 417050);
    EXPECT_EQ(g.groups()[0].totals.first_year, 2019);
    EXPECT_EQ(g.groups()[0].totals.last_year, 2020);
}

TEST(application_series, counts_and_sums_by_year) {
    const auto w = an::application_series(ds(), an::measure::winners);
    EXPECT_EQ(w.at(2019).value, 2);
    EXPECT_EQ(w.at(2020).value, 6);
    const auto m = an::application_series(ds(), an::measure::awarded);
    EXPECT_DOUBLE_EQ(m.at(2020).value, 417050);  // kopecks
    EXPECT_EQ(m.unit(), "1/100 RUB");
    const auto by = an::application_series_by(ds(), an::measure::applications, dimension::programme_kind);
    ASSERT_EQ(by.size(), 3u);
    EXPECT_EQ(by[0].key, "governor_individual");
    EXPECT_EQ(by[0].series.at(2020).value, 4);
    EXPECT_EQ(by[2].key, "presidential_grants");
    EXPECT_EQ(by[2].series.at(2019).value, 3);
    EXPECT_EQ(by[2].series.at(2020).value, 4);
}

TEST(parse_dimension, reads_the_printed_names_and_lists_them_on_error) {
    EXPECT_EQ(an::parse_dimension("legal_form"), dimension::legal_form);
    EXPECT_EQ(an::parse_dimension("region"), dimension::region);
    for (auto d : an::all_dimensions()) EXPECT_EQ(an::parse_dimension(an::to_string(d)), d);
    try {
        an::parse_dimension("regoin");
        FAIL();
    } catch (const civica::validation_error& e) {  // a bad name, not a file that could not be read
        const std::string what = e.what();
        EXPECT_NE(what.find("municipality"), std::string::npos) << what;
        EXPECT_NE(what.find("did you mean \"region\""), std::string::npos) << what;
    }
    try {
        an::parse_measure("winner");
        FAIL();
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("did you mean \"winners\""), std::string::npos) << e.what();
    }
    EXPECT_EQ(an::closest_name("zzzzzz", std::vector<std::string_view>{"year", "region"}), "");
    // Two letters swapped are one slip, not two: "yaer" (two substitutions away from "year",
    // beyond a third of its length) is named.
    EXPECT_EQ(an::closest_name("yaer", std::vector<std::string_view>{"year", "region"}), "year");
    EXPECT_EQ(an::closest_name("REGOIN", std::vector<std::string_view>{"year", "region"}), "region");
    EXPECT_EQ(an::closest_name("yera", std::vector<std::string_view>{"year", "area"}), "year");
}

TEST(application_filter, filters_by_the_keys_of_every_dimension) {
    // Independent path: group by each dimension, then filter by each group's key — the filtered
    // total must be that group's totals (the filter and the grouping read keys the same way).
    for (const auto dim : an::all_dimensions()) {
        const auto g = an::group_applications(ds(), {dim});
        for (const auto& grp : g.groups()) {
            if (dim == dimension::applicant_kind && g.size() == 1) continue;
            an::application_filter f;
            f.add(dim, grp.key);
            const auto t = an::group_applications(ds(), std::vector<dimension>{}, f);
            ASSERT_EQ(t.size(), 1u) << to_string(dim) << " " << grp.key[0];
            EXPECT_EQ(t.groups()[0].totals, grp.totals) << to_string(dim) << " " << grp.key[0];
        }
    }
    an::application_filter bad;
    EXPECT_THROW(bad.add(dimension::year, std::vector<std::string>{"twenty"}), civica::validation_error);
}

// A code of a filter is a bad argument, as the header says: a validation_error naming the
// filter, not the parse_error of a file that could not be read (which a caller catching
// validation_error would miss).
TEST(application_filter, a_bad_code_is_a_validation_error_naming_the_filter) {
    const auto message = [](dimension d, std::vector<std::string> keys) {
        an::application_filter f;
        try {
            f.add(d, keys);
        } catch (const civica::parse_error& e) {
            return "parse_error: " + std::string(e.what());
        } catch (const civica::validation_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(dimension::status, {"won"}),
              "filter status: \"won\" is not an application status (one of: submitted, admitted, rejected, winner, "
              "withdrawn)");
    EXPECT_EQ(message(dimension::programme_kind, {"presidential_grants", "governor"}).rfind("filter programme_kind: \"governor\" is not a programme kind", 0), 0u);
    // Every key is read, the second of two too.
    EXPECT_EQ(message(dimension::applicant_kind, {"organization", "persn"}).rfind("filter applicant_kind: \"persn\" is not an applicant kind", 0), 0u);
    // A year no record can have (years=3, meant as a count) selected nothing without a word.
    EXPECT_EQ(message(dimension::year, {"2020", "3"}).rfind("filter year: 3 is outside the years 1900..2200", 0), 0u);
    EXPECT_EQ(message(dimension::year, {"20201"}).rfind("filter year: 20201 is outside", 0), 0u);
    EXPECT_EQ(message(dimension::year, {"1900", "2200"}), "no error");
}

TEST(application_filter, both_applicant_kinds_in_one_call_or_two_mean_either) {
    an::application_filter f;
    f.add(dimension::applicant_kind, std::vector<std::string>{"organization"});
    EXPECT_EQ(f.applicant_type, civica::applicant_kind::organization);
    f.add(dimension::applicant_kind, std::vector<std::string>{"person"});
    EXPECT_FALSE(f.applicant_type.has_value());
    an::application_filter g;
    g.add(dimension::applicant_kind, std::vector<std::string>{"person", "person"});
    EXPECT_EQ(g.applicant_type, civica::applicant_kind::person);
    g.add(dimension::applicant_kind, std::vector<std::string>{"organization", "person"});
    EXPECT_FALSE(g.applicant_type.has_value());
}

// The engine header's merge example, as written: the query with extra::applicant_ids merges two
// datasets' tables; without it the error says what to add.
TEST(group_table, the_documented_merge_of_two_files_works_and_says_what_it_needs) {
    civica::synth::national_options o;
    o.applications = 2000;
    const civica::dataset other = civica::synth::national(o);
    an::group_query q;
    q.by = {dimension::year, dimension::region};
    q.extras = an::extra::applicants | an::extra::award_values;
    an::group_table plain = an::aggregate_applications(ds(), q);
    try {
        plain.merge(an::aggregate_applications(other, q));
        ADD_FAILURE() << "merged without ids";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("add extra::applicant_ids"), std::string::npos) << e.what();
    }
    q.extras |= an::extra::applicant_ids;
    an::group_table a = an::aggregate_applications(ds(), q);
    const auto b = an::aggregate_applications(other, q);
    a.merge(b);
    std::int64_t total = 0;
    for (std::size_t g = 0; g < a.size(); ++g) total += a.applications[g];
    EXPECT_EQ(total, static_cast<std::int64_t>(ds().applications().size() + other.applications().size()));
}

// A region written another way (letter case, spaces) in another part of the data is one region,
// as the ФПГ reader takes one file's spellings: the parts' tables merge into one group under the
// first part's spelling, and a filter's region is found in either spelling.
TEST(group_table, a_region_written_another_way_merges_into_one_group_and_filters_as_one) {
    const civica::dataset first = analysis_test::fixture("Республика Адыгея");
    const civica::dataset second = analysis_test::fixture("РЕСПУБЛИКА  адыгея");
    an::group_query q;
    q.by = {dimension::region};
    q.extras = an::extra::applicants | an::extra::applicant_ids;
    an::group_table t = an::aggregate_applications(first, q);
    t.merge(an::aggregate_applications(second, q));
    ASSERT_EQ(t.size(), 1u);
    EXPECT_EQ(t.key(0, 0), "Республика Адыгея");
    EXPECT_EQ(t.applications[0], static_cast<std::int64_t>(2 * first.applications().size()));

    EXPECT_EQ(an::known_filter_key(second, dimension::region, "Республика Адыгея"), "РЕСПУБЛИКА  адыгея");
    EXPECT_EQ(an::known_filter_key(first, dimension::region, "республика адыгея"), "Республика Адыгея");
    EXPECT_THROW((void)an::known_filter_key(first, dimension::region, "Республика Алтай"), civica::validation_error);
    // Two regions of one dataset that differ only so: a key written a third way names neither.
    civica::dataset both = first;
    both.add(civica::municipality{civica::municipality_id("d"), "Delta", "", "республика адыгея", {}});
    EXPECT_EQ(an::known_filter_key(both, dimension::region, "республика адыгея"), "республика адыгея");
    try {
        (void)an::known_filter_key(both, dimension::region, "РЕСПУБЛИКА АДЫГЕЯ");
        ADD_FAILURE() << "a key written like two regions was taken";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("is written like several regions of the dataset"), std::string::npos)
            << e.what();
    }

    // One spelling on each side: one group, under the spelling of the table merged into, in
    // either order.
    an::group_table second_first = an::aggregate_applications(second, q);
    second_first.merge(an::aggregate_applications(first, q));
    ASSERT_EQ(second_first.size(), 1u);
    EXPECT_EQ(second_first.key(0, 0), "РЕСПУБЛИКА  адыгея");
    EXPECT_EQ(second_first.applications[0], t.applications[0]);

    // A table that writes the region two ways keeps them apart, and then so does every merge with
    // it, in either order (the other side's spelling is like both: which one is meant is unknown).
    const std::string lower = "республика адыгея";
    const civica::dataset two = analysis_test::fixture("Республика Адыгея", &lower);  // o4's region apart
    const auto count = [](const an::group_table& g) {
        std::map<std::string, std::int64_t> out;
        for (std::size_t r = 0; r < g.size(); ++r) out[g.key(0, r)] = g.applications[r];
        return out;
    };
    const auto alone = count(an::aggregate_applications(two, q));
    ASSERT_EQ(alone.size(), 2u);
    an::group_table ab = an::aggregate_applications(two, q);
    ab.merge(an::aggregate_applications(second, q));
    an::group_table ba = an::aggregate_applications(second, q);
    ba.merge(an::aggregate_applications(two, q));
    EXPECT_EQ(count(ab), count(ba));
    auto expected = alone;
    expected["РЕСПУБЛИКА  адыгея"] = static_cast<std::int64_t>(second.applications().size());
    EXPECT_EQ(count(ab), expected);
    // Each side's own spelling stays itself: two's merged with itself doubles each group.
    an::group_table twice = an::aggregate_applications(two, q);
    twice.merge(an::aggregate_applications(two, q));
    for (const auto& [key, n] : alone) EXPECT_EQ(count(twice).at(key), 2 * n) << key;
}
