// The generators are checked against independent truth: the published figures of the
// Khanty-Mansiysk 2020 report (DOMAIN.md section 1) and the reference figures of the
// Presidential Grants Fund (DOMAIN.md section 7), counted here directly from the tables.
#include "civica/synth.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/io/dataset_folder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>

using namespace civica;

namespace {

synth::national_options small_national(std::uint64_t seed = 7) {
    synth::national_options o;
    o.seed = seed;
    o.applications = 30'000;
    o.regions = 12;
    o.municipalities_per_region = 3;
    o.first_year = 2017;
    o.years = 4;
    o.competitions_per_year = 2;
    o.directions = 9;
    return o;
}

int year_of_application(const dataset& ds, std::size_t row) {
    return ds.competitions()[static_cast<std::size_t>(ds.applications().competition()[row])].year;
}

programme_kind kind_of_application(const dataset& ds, std::size_t row) {
    const auto& c = ds.competitions()[static_cast<std::size_t>(ds.applications().competition()[row])];
    return ds.get(c.programme).kind;
}

// The municipality of an application's applicant (organisation or person).
std::string municipality_of_applicant(const dataset& ds, std::size_t row) {
    const auto& t = ds.applications();
    const auto who = static_cast<std::size_t>(t.applicant()[row]);
    return static_cast<applicant_kind>(t.applicant_type()[row]) == applicant_kind::organization
               ? ds.organizations()[who].municipality.str()
               : ds.persons()[who].municipality.str();
}

bool is_winner(const dataset& ds, std::size_t row) {
    return static_cast<application_status>(ds.applications().status()[row]) == application_status::winner;
}

// What synth::national says of options it refuses ("no error" when it takes them).
std::string message(const synth::national_options& o) {
    try {
        synth::national(o);
    } catch (const validation_error& e) {
        return std::string(e.what());
    }
    return std::string("no error");
}

}  // namespace

// ---------------------------------------------------------------- determinism

TEST(synth_national, gives_the_same_dataset_for_the_same_seed) {
    EXPECT_TRUE(synth::national(small_national(7)) == synth::national(small_national(7)));
}

TEST(synth_national, gives_a_different_dataset_for_another_seed) {
    EXPECT_FALSE(synth::national(small_national(7)) == synth::national(small_national(8)));
}

TEST(synth_khanty_mansiysk, gives_the_same_dataset_for_the_same_seed) {
    EXPECT_TRUE(synth::khanty_mansiysk_2020(11) == synth::khanty_mansiysk_2020(11));
    EXPECT_TRUE(synth::khanty_mansiysk_2020() == synth::khanty_mansiysk_2020(synth::khanty_mansiysk_default_seed));
}

TEST(synth_khanty_mansiysk, gives_a_different_dataset_for_another_seed) {
    EXPECT_FALSE(synth::khanty_mansiysk_2020(11) == synth::khanty_mansiysk_2020(12));
}

TEST(synth_national, draws_the_same_first_values_on_every_platform) {
    // std::mt19937_64's 10000th output for the default seed is fixed by the standard
    // ([rand.predef]); the generators build on it, so check the engine the library sees.
    std::mt19937_64 e;
    e.discard(9999);
    EXPECT_EQ(e(), 9981545732273789042ULL);
}

// ---------------------------------------------------------------- national options

TEST(synth_national, respects_the_counts_it_is_given) {
    const auto o = small_national();
    const dataset ds = synth::national(o);
    EXPECT_TRUE(ds.info().synthetic);
    EXPECT_EQ(ds.applications().size(), o.applications);
    EXPECT_EQ(ds.municipalities().size(), static_cast<std::size_t>(o.regions * o.municipalities_per_region));
    std::set<std::string> regions;
    for (const auto& m : ds.municipalities()) {
        regions.insert(m.region);
        // A population for every year of the data.
        for (int y = o.first_year; y < o.first_year + o.years; ++y) EXPECT_TRUE(m.population.count(y)) << m.id.str();
    }
    EXPECT_EQ(regions.size(), static_cast<std::size_t>(o.regions));
    EXPECT_EQ(ds.competitions().size(), static_cast<std::size_t>(o.years * o.competitions_per_year));
    std::map<int, int> per_year;
    for (const auto& c : ds.competitions()) ++per_year[c.year];
    EXPECT_EQ(per_year.size(), static_cast<std::size_t>(o.years));
    for (const auto& [y, n] : per_year) EXPECT_EQ(n, o.competitions_per_year) << y;

    std::set<std::string> directions;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) directions.emplace(ds.applications().direction()[i]);
    EXPECT_EQ(directions.size(), static_cast<std::size_t>(o.directions));
    for (const auto& d : directions)
        EXPECT_NE(std::find(synth::presidential_grant_directions().begin(),
                            synth::presidential_grant_directions().begin() + o.directions, d),
                  synth::presidential_grant_directions().begin() + o.directions)
            << d;
}

TEST(synth_national, has_the_thirteen_directions_of_the_presidential_grants_fund) {
    const auto& d = synth::presidential_grant_directions();
    ASSERT_EQ(d.size(), 13u);
    EXPECT_EQ(d[0], "Социальное обслуживание, социальная поддержка и защита граждан");
    EXPECT_EQ(d[7], "Сохранение исторической памяти");
    EXPECT_EQ(d[12], "Развитие институтов гражданского общества");
}

TEST(synth_national, has_plausible_win_rates_amounts_and_growth) {
    const auto o = small_national();
    const dataset ds = synth::national(o);
    const auto& t = ds.applications();
    std::map<int, std::size_t> apps, wins;
    std::vector<std::int64_t> requested;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const int y = year_of_application(ds, i);
        ++apps[y];
        requested.push_back(t.requested()[i]);
        if (is_winner(ds, i)) {
            ++wins[y];
            ASSERT_NE(t.awarded()[i], missing_kopecks);
            EXPECT_LE(t.awarded()[i], t.requested()[i]);
            EXPECT_GE(t.awarded()[i] * 100, t.requested()[i] * 79);
        } else {
            EXPECT_EQ(t.awarded()[i], missing_kopecks);
        }
    }
    for (const auto& [y, n] : apps) {
        const double rate = static_cast<double>(wins[y]) / static_cast<double>(n);
        EXPECT_GT(rate, 0.17) << y;
        EXPECT_LT(rate, 0.23) << y;
        if (apps.count(y - 1)) {
            EXPECT_GT(n, apps[y - 1]) << y;
        }
    }
    std::sort(requested.begin(), requested.end());
    const auto median_rub = requested[requested.size() / 2] / 100;
    EXPECT_GT(median_rub, 300'000);
    EXPECT_LT(median_rub, 3'000'000);
    EXPECT_GE(requested.front() / 100, 50'000);
}

TEST(synth_national, defaults_match_the_scale_of_the_presidential_grants_fund) {
    // DOMAIN.md section 7: 2017 had about 16 thousand applications and 3,213 winners; 2017–2025
    // about 167 thousand applications; 85 regions; two competitions a year.
    const dataset ds = synth::national();
    std::size_t apps2017 = 0, wins2017 = 0;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) {
        if (year_of_application(ds, i) != 2017) continue;
        ++apps2017;
        wins2017 += is_winner(ds, i);
    }
    EXPECT_GT(apps2017, 14'000u);
    EXPECT_LT(apps2017, 19'000u);
    EXPECT_GT(wins2017, 2'800u);
    EXPECT_LT(wins2017, 3'700u);
    std::set<std::string> regions;
    for (const auto& m : ds.municipalities()) regions.insert(m.region);
    EXPECT_EQ(regions.size(), 85u);
    EXPECT_TRUE(regions.count("Ханты-Мансийский автономный округ – Югра"));
}

TEST(synth_national, gives_organisations_identifiers_with_valid_checksums) {
    const dataset ds = synth::national(small_national());
    std::set<std::string> inns;
    for (const auto& g : ds.organizations()) {
        if (g.inn.empty()) continue;
        EXPECT_TRUE(ids::is_valid_inn10(g.inn)) << g.inn;
        EXPECT_TRUE(ids::is_valid_ogrn(g.ogrn)) << g.ogrn;
        EXPECT_TRUE(ids::is_valid_kpp(g.kpp)) << g.kpp;
        EXPECT_EQ(g.inn.substr(2, 2), "00") << "synthetic INNs use tax-office code 00: " << g.inn;
        EXPECT_TRUE(inns.insert(g.inn).second) << "duplicate INN " << g.inn;
    }
    EXPECT_GT(inns.size(), 1000u);
}

// Russian spelling: after щ an unstressed ending is written with е, never о (общее, not
// «общое»); the forms of общий are общий, общая, общее.
TEST(synth_national, invented_names_spell_the_adjective_of_their_noun) {
    const dataset ds = synth::national(small_national());
    std::set<std::string> forms;
    for (const auto& g : ds.organizations()) {
        EXPECT_EQ(g.full_name.find("щое"), std::string::npos) << g.full_name;
        const auto at = g.full_name.find("«Общ");
        if (at == std::string::npos) continue;
        const auto from = at + std::string_view("«").size();
        forms.insert(g.full_name.substr(from, g.full_name.find(' ', from) - from));
    }
    EXPECT_EQ(forms, (std::set<std::string>{"Общая", "Общее", "Общий"}));
}

// One organisation applied up to five times to one competition (and won up to four grants).
TEST(synth_national, an_organisation_applies_to_a_competition_at_most_once) {
    const auto pairs = [](const dataset& ds) {
        std::map<std::pair<row_index, row_index>, int> n;
        const auto& apps = ds.applications();
        for (std::size_t i = 0; i < apps.size(); ++i) ++n[{apps.competition()[i], apps.applicant()[i]}];
        return n;
    };
    for (const std::uint64_t seed : {7u, 8u}) {
        const dataset ds = synth::national(small_national(seed));
        const auto n = pairs(ds);
        EXPECT_EQ(n.size(), ds.applications().size()) << "seed " << seed;
    }
    // More applications to a competition than there are organisations: every one applies
    // before any applies twice.
    auto o = small_national();
    o.applications = 4'000;
    o.applications_per_organization = 40;  // 100 organisations, 500 applications a competition
    const dataset ds = synth::national(o);
    const std::size_t orgs = 4'000 / 40;  // the applicants (the Fund's own organisation is not one)
    std::map<row_index, std::set<row_index>> applicants;
    std::map<row_index, std::size_t> applications;
    const auto& apps = ds.applications();
    for (std::size_t i = 0; i < apps.size(); ++i) {
        applicants[apps.competition()[i]].insert(apps.applicant()[i]);
        ++applications[apps.competition()[i]];
    }
    for (const auto& [c, who] : applicants) {
        ASSERT_GT(applications[c], orgs);
        EXPECT_EQ(who.size(), orgs);
    }
}

TEST(synth_national, refuses_options_out_of_range) {
    auto o = small_national();
    o.regions = 86;
    EXPECT_THROW(synth::national(o), validation_error);
    o = small_national();
    o.directions = 14;
    EXPECT_THROW(synth::national(o), validation_error);
    o = small_national();
    o.win_rate = 1.5;
    EXPECT_THROW(synth::national(o), validation_error);
    o = small_national();
    o.years = 0;
    EXPECT_THROW(synth::national(o), validation_error);
    // first_year + years beyond an int: refused, not wrapped round to a year within range
    // (years = INT_MAX hung, first_year = INT_MAX gave Boost's "Year is out of valid range").
    o = small_national();
    o.years = std::numeric_limits<int>::max();
    EXPECT_THROW(synth::national(o), validation_error);
    o = small_national();
    o.first_year = std::numeric_limits<int>::max();
    o.years = 2;
    EXPECT_THROW(synth::national(o), validation_error);
}

// Sizes that cannot be made are refused before any work: 2^32 - 1 applications took 38 s and
// 4 GB before the allocator gave up, and twelve million organisations in one region failed
// only once the ten-millionth had been made.
TEST(synth_national, refuses_a_size_it_cannot_make_before_making_anything) {
    auto o = small_national();
    o.applications = (std::size_t{1} << 32) - 1;  // about 1 TB: more than any machine this runs on
    o.applications_per_organization = 1000;
    // 250 bytes an application and 150 an organisation: 250 × (2^32 − 1) + 150 × 4 294 967
    // + 64 × 12 × 3 × 4 bytes, 1.07438·10^12, rounded up to a tenth of a GB.
    EXPECT_NE(message(o).find("would take about 1074.4 GB, more than the"), std::string::npos) << message(o);
    o = small_national();
    o.applications = 12'000'000;
    o.regions = 1;
    o.applications_per_organization = 1;
    EXPECT_NE(message(o).find("a region holds at most 10000000"), std::string::npos) << message(o);
}

TEST(synth_national, no_applications_make_no_applicants) {
    auto o = small_national();
    o.applications = 0;
    const dataset ds = synth::national(o);
    EXPECT_EQ(ds.applications().size(), 0u);
    for (const auto& g : ds.organizations())
        EXPECT_FALSE(g.id.str().starts_with("o")) << g.id.str() << " applies to nothing";
}

// Twelve competitions a year: the December window closes on 31 December, within its year.
TEST(synth_national, every_window_closes_within_its_competitions_year) {
    auto o = small_national();
    o.competitions_per_year = 12;
    o.first_year = 2100;
    o.years = 1;
    const dataset ds = synth::national(o);
    ASSERT_EQ(ds.competitions().size(), 12u);
    for (const auto& c : ds.competitions()) {
        EXPECT_EQ(c.window.end.year(), c.year) << c.id.str();
        EXPECT_LE(c.window.start, c.window.end) << c.id.str();
    }
}

TEST(synth_national, names_a_rate_out_of_range_as_given) {
    auto o = small_national();
    o.win_rate = 1.0000001;  // not "1.000000", which looks within 0..1
    EXPECT_EQ(message(o), "synth::national: win_rate is 1.0000001, must be within 0..1");
    o = small_national();
    o.withdrawn_rate = -0.25;
    EXPECT_EQ(message(o), "synth::national: withdrawn_rate is -0.25, must be 0 or more");
    // The years name the option that is wrong ("years 2017 + 0 must lie within 1990..2100" for
    // years = 0, which named first_year's value).
    o = small_national();
    o.years = 0;
    EXPECT_EQ(message(o), "synth::national: years is 0, must be 1 or more");
    o = small_national();
    o.first_year = 0;
    EXPECT_EQ(message(o), "synth::national: first_year is 0, must be 1990..2100");
    o = small_national();
    o.first_year = 2095;
    o.years = 10;
    EXPECT_EQ(message(o), "synth::national: first_year 2095 and years 10 run to 2104, past 2100 (the last year civica "
                          "generates)");
    o.years = 7;  // 2095..2101
    EXPECT_NE(message(o), "no error");
    o.years = 6;  // 2095..2100, the last year
    EXPECT_EQ(message(o), "no error");
    o = small_national();
    o.win_rate = 1;  // with the default withdrawn_rate, which the caller did not set
    EXPECT_EQ(message(o), "synth::national: win_rate 1 and withdrawn_rate 0.01 (default 0.01) add up to more than 1: "
                          "lower one of them");
    o = small_national();
    o.applications_per_organization = 0.5;
    EXPECT_EQ(message(o), "synth::national: applications_per_organization is 0.5, must be a finite number, 1 or more");
    o.applications_per_organization = std::numeric_limits<double>::infinity();  // was: every application one NGO's
    EXPECT_EQ(message(o), "synth::national: applications_per_organization is inf, must be a finite number, 1 or more");
}

// ---------------------------------------------------------------- Khanty-Mansiysk figures

namespace {

// Every figure of the report (DOMAIN.md section 1), counted from the records.
void expect_published_figures(const dataset& ds) {
    const std::string km = "khanty-mansiysk";
    SCOPED_TRACE(ds.info().source);
    EXPECT_TRUE(ds.info().synthetic);
    EXPECT_NE(ds.info().title.find("SYNTHETIC"), std::string::npos);
    EXPECT_TRUE(ds.indicators().empty()) << "records only: analyses must compute the figures";

    // 11, 12: more than 300 NGOs, 50 of them public associations.
    std::size_t ngos = 0, associations = 0;
    for (const auto& g : ds.organizations()) {
        if (g.municipality.str() != km || !g.nonprofit) continue;
        ++ngos;
        associations += g.public_association;
        if (!g.inn.empty()) {
            EXPECT_TRUE(ids::is_valid_inn10(g.inn)) << g.inn;
            EXPECT_TRUE(ids::is_valid_ogrn(g.ogrn)) << g.ogrn;
        }
    }
    EXPECT_GT(ngos, 300u);
    EXPECT_EQ(associations, 50u);

    // 1, 2, 3: 13 public councils + the Public Chamber, renewed in 2020.
    std::size_t councils = 0, chambers = 0;
    for (const auto& b : ds.bodies()) {
        EXPECT_EQ(b.municipality.str(), km);
        councils += b.kind == body_kind::public_council;
        chambers += b.kind == body_kind::public_chamber;
    }
    EXPECT_EQ(councils, 13u);
    EXPECT_EQ(chambers, 1u);
    EXPECT_EQ(ds.bodies().size(), 14u);
    bool renewed_2020 = false;
    for (const auto& t : ds.membership_terms())
        if (t.body.str() == "public-chamber" && t.term.has_start() && t.term.start.year() == 2020 &&
            t.note.find("renewed") != std::string::npos)
            renewed_2020 = true;
    EXPECT_TRUE(renewed_2020);

    // 4, 5: 59 meetings, 134 agenda questions in 2020.
    std::size_t meetings_2020 = 0;
    std::set<std::string> bodies_meeting;
    for (const auto& m : ds.meetings()) {
        if (m.held.year() != 2020) continue;
        ++meetings_2020;
        bodies_meeting.insert(m.body.str());
    }
    EXPECT_EQ(meetings_2020, 59u);
    EXPECT_EQ(bodies_meeting.size(), 14u);
    std::size_t questions_2020 = 0;
    for (std::size_t i = 0; i < ds.agenda_questions().size(); ++i) {
        const auto m = static_cast<std::size_t>(ds.agenda_questions().meeting()[i]);
        questions_2020 += ds.meetings()[m].held.year() == 2020;
    }
    EXPECT_EQ(questions_2020, 134u);

    // 7–10: two distance courses with the Foundation; 26 and 5 participants; 31 NGOs.
    ASSERT_EQ(ds.courses().size(), 2u);
    std::map<std::string, int> participants;
    std::set<std::int32_t> trained;
    const auto& e = ds.enrolments();
    for (std::size_t i = 0; i < e.size(); ++i) {
        const auto& c = ds.courses()[static_cast<std::size_t>(e.course()[i])];
        participants[c.title] += e.participants()[i];
        ASSERT_NE(e.organization()[i], no_row);
        trained.insert(e.organization()[i]);
        EXPECT_EQ(ds.organizations()[static_cast<std::size_t>(e.organization()[i])].municipality.str(), km);
    }
    EXPECT_EQ(participants["Социальное проектирование в НКО"], 26);
    EXPECT_EQ(participants["Отчетность некоммерческой организации"], 5);
    EXPECT_EQ(trained.size(), 31u);
    for (const auto& c : ds.courses()) {
        EXPECT_EQ(c.format, course_format::distance);
        EXPECT_EQ(c.organiser.str(), "resource-centre");
        EXPECT_EQ(c.partner.str(), "csi-yugra-foundation");
        EXPECT_EQ(c.dates.start.year(), 2020);
    }

    // 13–16: winners of the Presidential and Governor's (NGO) competitions: 7 in 2017,
    // growing to 52 in 2020; more applications every year; rejections every year; more than
    // 30 million roubles awarded in 2020.
    std::map<int, int> winners, applications, rejected;
    std::int64_t awarded_2020 = 0;
    const auto& t = ds.applications();
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto kind = kind_of_application(ds, i);
        if (kind != programme_kind::presidential_grants && kind != programme_kind::governor_ngo) continue;
        if (municipality_of_applicant(ds, i) != km) continue;
        const int y = year_of_application(ds, i);
        ++applications[y];
        const auto status = static_cast<application_status>(t.status()[i]);
        rejected[y] += status == application_status::rejected;
        if (status == application_status::winner) {
            ++winners[y];
            if (y == 2020) awarded_2020 += t.awarded()[i];
        }
    }
    EXPECT_EQ(winners[2017], 7);
    EXPECT_EQ(winners[2020], 52);
    EXPECT_LT(winners[2017], winners[2018]);
    EXPECT_LT(winners[2018], winners[2019]);
    EXPECT_LT(winners[2019], winners[2020]);
    for (int y = 2017; y <= 2020; ++y) {
        EXPECT_GT(rejected[y], 0) << y;
        if (y > 2017) {
            EXPECT_GT(applications[y], applications[y - 1]) << y;
        }
    }
    EXPECT_GT(awarded_2020, money::from_rubles(30'000'000).kopecks());

    // 17–20: the Governor's first competition for individuals: more than 70 applicants from
    // the city, 16 winners, 3 700 000.00 roubles, first among Yugra's municipalities.
    std::set<std::int32_t> km_applicants;
    std::map<std::string, int> individual_winners;
    std::int64_t km_individual_amount = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (kind_of_application(ds, i) != programme_kind::governor_individual) continue;
        EXPECT_EQ(year_of_application(ds, i), 2020);
        EXPECT_EQ(static_cast<applicant_kind>(t.applicant_type()[i]), applicant_kind::person);
        const std::string where = municipality_of_applicant(ds, i);
        if (where == km) km_applicants.insert(t.applicant()[i]);
        if (is_winner(ds, i)) {
            ++individual_winners[where];
            if (where == km) km_individual_amount += t.awarded()[i];
        }
    }
    EXPECT_GT(km_applicants.size(), 70u);
    EXPECT_EQ(individual_winners[km], 16);
    EXPECT_EQ(km_individual_amount, money::parse("3700000.00").kopecks());
    EXPECT_GE(individual_winners.size(), 5u) << "other Yugra cities take part";
    for (const auto& [where, n] : individual_winners)
        if (where != km) {
            EXPECT_LT(n, 16) << where;
        }

    // 6: the Resource Centre gives every kind of support in 2020 and monitors projects.
    std::set<support_kind> kinds;
    const auto& s = ds.services();
    const auto rc = ds.organizations().find("resource-centre");
    for (std::size_t i = 0; i < s.size(); ++i) {
        EXPECT_EQ(s.provider()[i], rc);
        EXPECT_EQ(from_day_number(s.provided()[i]).year(), 2020);
        kinds.insert(static_cast<support_kind>(s.kind()[i]));
    }
    EXPECT_EQ(kinds.size(), 6u);
    EXPECT_FALSE(ds.monitoring().empty());
    for (const auto& m : ds.monitoring()) {
        EXPECT_TRUE(is_winner(ds, static_cast<std::size_t>(t.ids().find(m.application.str()))));
        EXPECT_EQ(m.checked.year(), 2020);
    }
}

}  // namespace

TEST(synth_khanty_mansiysk, reproduces_every_published_figure) {
    expect_published_figures(synth::khanty_mansiysk_2020());
}

TEST(synth_khanty_mansiysk, reproduces_every_published_figure_for_other_seeds) {
    for (std::uint64_t seed : {0ULL, 1ULL, 2ULL, 3ULL, 42ULL, 123456789ULL, 0xFFFFFFFFFFFFFFFFULL})
        expect_published_figures(synth::khanty_mansiysk_2020(seed));
}

TEST(synth_khanty_mansiysk, shares_the_ids_of_the_entities_the_report_names) {
    const dataset ds = synth::khanty_mansiysk_2020();
    EXPECT_EQ(ds.get(municipality_id("khanty-mansiysk")).oktmo, "71871000");
    EXPECT_EQ(ds.get(municipality_id("khanty-mansiysk")).population_in(2010), 79'410);
    EXPECT_EQ(ds.get(municipality_id("surgut")).population_in(2010), 306'703);
    EXPECT_EQ(ds.get(body_id("public-chamber")).kind, body_kind::public_chamber);
    EXPECT_TRUE(ds.organizations().contains("resource-centre"));
    EXPECT_TRUE(ds.organizations().contains("csi-yugra-foundation"));
    EXPECT_EQ(ds.get(programme_id("yugra-governor-individual")).kind, programme_kind::governor_individual);
    EXPECT_EQ(ds.get(programme_id("yugra-governor-ngo")).kind, programme_kind::governor_ngo);
    EXPECT_EQ(ds.get(programme_id("presidential-grants")).kind, programme_kind::presidential_grants);
    const auto& c = ds.get(competition_id("yugra-governor-individual-2020-1"));
    EXPECT_EQ(c.window.start, date(2020, 9, 10));
    EXPECT_EQ(c.window.end, date(2020, 10, 16));
}

// ---------------------------------------------------------------- bundled datasets

namespace {
const std::filesystem::path datasets_dir = std::filesystem::path(CIVICA_DATA_DIR) / "datasets";
}

TEST(bundled_datasets, the_synthetic_folder_is_what_the_generator_makes_now) {
    // The committed folder was written by tools/make_bundled_datasets; if this fails, the
    // generator changed: rerun the tool and commit the folder.
    const dataset committed = io::read_dataset_folder(datasets_dir / "khanty-mansiysk-2020-synthetic");
    const dataset fresh = synth::khanty_mansiysk_2020();
    EXPECT_EQ(committed.info(), fresh.info());
    EXPECT_EQ(committed.organizations().size(), fresh.organizations().size());
    EXPECT_EQ(committed.applications().size(), fresh.applications().size());
    EXPECT_TRUE(committed == fresh);
    if (!(committed == fresh)) {
        // Leave the fresh folder for a diff against the committed one.
        const auto out = std::filesystem::path(::testing::TempDir()) / "khanty-mansiysk-2020-synthetic-fresh";
        std::filesystem::remove_all(out);
        io::write_dataset_folder(fresh, out);
        ADD_FAILURE() << "diff -r " << (datasets_dir / "khanty-mansiysk-2020-synthetic").string() << " " << out.string();
    }
    expect_published_figures(committed);
}

TEST(bundled_datasets, the_published_folder_holds_every_figure_of_the_report) {
    const dataset ds = io::read_dataset_folder(datasets_dir / "khanty-mansiysk-2020");
    EXPECT_FALSE(ds.info().synthetic);
    EXPECT_EQ(ds.info().territory, "khanty-mansiysk");
    struct figure { const char* key; int year; const char* breakdown; double value; qualifier q; const char* unit; };
    // DOMAIN.md section 1, rows 1–20.
    const figure figures[] = {
        {"councils.public_councils", 2020, "", 13, qualifier::exact, "count"},
        {"councils.chamber_renewals", 2020, "", 1, qualifier::exact, "count"},  // row 2: renewed in 2020
        {"councils.collegial_bodies", 2020, "", 14, qualifier::exact, "count"},
        {"councils.meetings", 2020, "", 59, qualifier::exact, "count"},
        {"councils.agenda_questions", 2020, "", 134, qualifier::exact, "count"},
        {"resource_centre.openings", 2020, "", 1, qualifier::exact, "count"},  // row 6: started work in 2020
        {"training.courses", 2020, "", 2, qualifier::exact, "count"},
        {"training.ngos_trained", 2020, "", 31, qualifier::exact, "count"},
        {"training.participants", 2020, "Социальное проектирование в НКО", 26, qualifier::exact, "count"},
        {"training.participants", 2020, "Отчетность некоммерческой организации", 5, qualifier::exact, "count"},
        {"ngo.registered", 2020, "", 300, qualifier::more_than, "count"},
        {"ngo.public_associations", 2020, "", 50, qualifier::exact, "count"},
        {"grants.winners", 2017, "", 7, qualifier::exact, "count"},
        {"grants.winners", 2020, "", 52, qualifier::exact, "count"},
        {"grants.funds_attracted", 2020, "", 30'000'000, qualifier::more_than, "RUB"},
        {"grants.individual.applicants", 2020, "", 70, qualifier::more_than, "count"},
        {"grants.individual.winners", 2020, "", 16, qualifier::exact, "count"},
        {"grants.individual.amount", 2020, "", 3'700'000, qualifier::exact, "RUB"},
        {"grants.individual.rank_among_municipalities", 2020, "", 1, qualifier::exact, "rank"},
    };
    EXPECT_EQ(ds.indicators().size(), std::size(figures));
    for (const auto& f : figures) {
        const indicator* i = ds.find_indicator(f.key, f.year, "khanty-mansiysk", f.breakdown);
        ASSERT_NE(i, nullptr) << f.key << " " << f.year << " " << f.breakdown;
        EXPECT_EQ(i->value, f.value) << f.key;
        EXPECT_EQ(i->qual, f.q) << f.key;
        EXPECT_EQ(i->unit, f.unit) << f.key;
        EXPECT_NE(i->source.find("Ханты-Мансийска"), std::string::npos) << f.key;
    }
    EXPECT_EQ(ds.get(municipality_id("khanty-mansiysk")).population_in(2010), 79'410);
    EXPECT_EQ(ds.get(body_id("public-chamber")).kind, body_kind::public_chamber);
    ASSERT_EQ(ds.courses().size(), 2u);
    for (const auto& c : ds.courses()) {
        EXPECT_EQ(c.format, course_format::distance);
        EXPECT_EQ(c.organiser.str(), "resource-centre");
        EXPECT_EQ(c.partner.str(), "csi-yugra-foundation");
    }
    // Nothing invented: no identifiers, no records.
    for (const auto& g : ds.organizations()) {
        EXPECT_TRUE(g.inn.empty()) << g.id.str();
        EXPECT_TRUE(g.ogrn.empty()) << g.id.str();
    }
    EXPECT_EQ(ds.applications().size(), 0u);
    EXPECT_EQ(ds.meetings().size(), 0u);
    EXPECT_EQ(ds.enrolments().size(), 0u);
}

TEST(synth_national, an_inn_and_its_kpp_name_one_tax_office_past_100000_organisations_of_a_region) {
    // The INN carried serials of 100 000 and more into its office code, while the KPP stayed at
    // office 00: 150 000 of 250 000 organisations of one region had an INN of office 01 and a
    // KPP of office 00.
    synth::national_options o;
    o.applications = 120'000;
    o.regions = 1;
    o.municipalities_per_region = 1;
    o.applications_per_organization = 1;
    o.years = 1;
    const dataset ds = synth::national(o);
    ASSERT_GT(ds.organizations().size(), 100'000u);
    std::set<std::string> inns;
    std::size_t office_01 = 0;
    for (const auto& g : ds.organizations()) {
        if (g.inn.empty()) continue;
        ASSERT_EQ(g.kpp.size(), 9u);
        EXPECT_EQ(g.inn.substr(0, 4), g.kpp.substr(0, 4)) << g.id.str();  // region and office
        EXPECT_EQ(g.ogrn.substr(5, 2), g.inn.substr(2, 2)) << g.id.str();
        EXPECT_TRUE(civica::ids::is_valid_inn(g.inn)) << g.inn;
        EXPECT_TRUE(inns.insert(g.inn).second) << g.inn;
        office_01 += g.inn.substr(2, 2) == "01";
    }
    EXPECT_GT(office_01, 0u);
}
