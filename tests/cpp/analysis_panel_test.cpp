// The ФПГ panel through the analysis engine, and computed piecewise: the group tables of row
// ranges of one file, merged in file order, finish into the panel of the whole file.
#include "civica/analysis/panel.hpp"
#include "civica/analysis/rates.hpp"
#include "civica/io/pgf.hpp"

#include "civica/error.hpp"
#include "civica/synth.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using civica::analysis::pgf_panel;
using civica::analysis::group_table;
using population_map = std::map<std::string, std::int64_t, std::less<>>;

// Bitwise equality of doubles, so that NaN equals NaN and 0.1 + 0.2 does not equal 0.3.
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same_doubles(const std::vector<double>& a, const std::vector<double>& b, const char* what) {
    ASSERT_EQ(a.size(), b.size()) << what;
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_TRUE(same_bits(a[i], b[i])) << what << "[" << i << "]: " << a[i] << " vs " << b[i];
}

// Every field of the panel, doubles to the last bit: the finished panel divides and sums the
// same integers in the same (canonical) order whichever way the partial was put together.
void expect_same_panel(const pgf_panel& a, const pgf_panel& b) {
    EXPECT_EQ(a.by_region_year, b.by_region_year);
    EXPECT_EQ(a.by_region_region, b.by_region_region);
    EXPECT_EQ(a.by_region_applications, b.by_region_applications);
    EXPECT_EQ(a.by_region_winners, b.by_region_winners);
    expect_same_doubles(a.by_region_success_rate, b.by_region_success_rate, "success_rate");
    EXPECT_EQ(a.by_direction_year, b.by_direction_year);
    EXPECT_EQ(a.by_direction_direction, b.by_direction_direction);
    EXPECT_EQ(a.by_direction_awarded, b.by_direction_awarded);
    EXPECT_EQ(a.top_inn, b.top_inn);
    EXPECT_EQ(a.top_name, b.top_name);
    EXPECT_EQ(a.top_awarded, b.top_awarded);
    EXPECT_EQ(a.concentration_region, b.concentration_region);
    EXPECT_EQ(a.concentration_recipients, b.concentration_recipients);
    expect_same_doubles(a.concentration_hhi, b.concentration_hhi, "hhi");
    expect_same_doubles(a.concentration_gini, b.concentration_gini, "gini");
    EXPECT_EQ(a.trend_region, b.trend_region);
    expect_same_doubles(a.trend_cagr, b.trend_cagr, "cagr");
    expect_same_doubles(a.trend_slope, b.trend_slope, "slope");
    EXPECT_EQ(a.per_capita_year, b.per_capita_year);
    EXPECT_EQ(a.per_capita_region, b.per_capita_region);
    expect_same_doubles(a.per_capita_rub, b.per_capita_rub, "per_capita_rub");
    expect_same_doubles(a.per_capita_rank, b.per_capita_rank, "per_capita_rank");
}

std::vector<std::string> lines_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

TEST(pgf_partial, merged_partials_of_four_row_ranges_finish_into_the_whole_files_panel) {
    civica::synth::national_options o;
    o.applications = 12'000;
    o.regions = 20;
    o.years = 5;
    o.applications_per_organization = 4;  // many organisations apply in more than one range
    const civica::dataset synthetic = civica::synth::national(o);
    const fs::path dir = civica_test::scratch_dir("pgf_partial");
    const fs::path whole = dir / "whole.csv";
    civica::io::write_pgf_csv(synthetic, whole);

    // Four files of consecutive row ranges, each with the header.
    const auto lines = lines_of(whole);
    const std::size_t rows = lines.size() - 1;
    ASSERT_EQ(rows, o.applications);
    std::vector<fs::path> parts;
    for (std::size_t k = 0; k < 4; ++k) {
        parts.push_back(dir / ("part" + std::to_string(k) + ".csv"));
        std::ofstream out(parts.back(), std::ios::binary);
        out << lines[0] << '\n';
        for (std::size_t i = 1 + rows * k / 4; i < 1 + rows * (k + 1) / 4; ++i) out << lines[i] << '\n';
    }

    const civica::dataset ds = civica::io::read_pgf_csv(whole);
    population_map pop;
    for (const auto& m : ds.municipalities()) pop[m.name] = 100'000 + 7'919 * static_cast<std::int64_t>(pop.size());

    group_table merged = civica::analysis::compute_pgf_partial(civica::io::read_pgf_csv(parts[0]));
    std::size_t shared = 0;  // recipients of earlier ranges that win again
    for (std::size_t k = 1; k < parts.size(); ++k) {
        const group_table next = civica::analysis::compute_pgf_partial(civica::io::read_pgf_csv(parts[k]));
        for (const auto& id : next.applicant_id)
            shared += std::find(merged.applicant_id.begin(), merged.applicant_id.end(), id) != merged.applicant_id.end();
        merged.merge(next);
    }
    EXPECT_GT(shared, 100u) << "the ranges should share recipients, or their merge is not exercised";

    const pgf_panel from_parts = civica::analysis::finish_pgf_panel(merged, pop);
    const pgf_panel from_whole = civica::analysis::compute_pgf_panel(ds, pop);
    ASSERT_FALSE(from_whole.by_region_year.empty());
    ASSERT_FALSE(from_whole.concentration_hhi.empty());
    ASSERT_EQ(from_whole.top_inn.size(), 10u);
    expect_same_panel(from_parts, from_whole);

    // The single-process panel is itself the finished partial of the dataset.
    expect_same_panel(civica::analysis::finish_pgf_panel(civica::analysis::compute_pgf_partial(ds), pop), from_whole);

    // Counts by hand from the whole file's lines: applications per (year, region), awarded per
    // (year, direction) — an independent route to parts (1) and (2).
    std::map<std::pair<int, std::string>, std::int64_t> apps, by_direction;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::vector<std::string> f;
        std::size_t pos = 0;
        for (;;) {
            const auto sep = lines[i].find(';', pos);
            f.push_back(lines[i].substr(pos, sep == std::string::npos ? std::string::npos : sep - pos));
            if (sep == std::string::npos) break;
            pos = sep + 1;
        }
        ASSERT_EQ(f.size(), 29u);
        ++apps[{std::stoi(f[2]), f[5]}];
        auto& d = by_direction[{std::stoi(f[2]), f[3]}];
        if (f[11] == "True") d += std::llround(std::stod(f[13]) * 100.0);
    }
    ASSERT_EQ(from_parts.by_region_year.size(), apps.size());
    for (std::size_t i = 0; i < from_parts.by_region_year.size(); ++i)
        EXPECT_EQ(from_parts.by_region_applications[i],
                  apps.at({from_parts.by_region_year[i], from_parts.by_region_region[i]}));
    ASSERT_EQ(from_parts.by_direction_year.size(), by_direction.size());
    for (std::size_t i = 0; i < from_parts.by_direction_year.size(); ++i)
        EXPECT_EQ(from_parts.by_direction_awarded[i],
                  by_direction.at({from_parts.by_direction_year[i], from_parts.by_direction_direction[i]}));
    fs::remove_all(dir);
}

// A dataset as read_pgf_csv makes it: one region per municipality, organisations "inn-<INN>",
// and one winning application per (INN, name, region, kopecks, year) given.
struct award {
    std::string inn, name, region;
    std::int64_t kopecks;
    int year;
};
civica::dataset pgf_like(const std::vector<award>& awards) {
    using namespace civica;
    dataset ds;
    std::vector<std::string> regions;
    for (const auto& a : awards)
        if (!a.region.empty() && std::find(regions.begin(), regions.end(), a.region) == regions.end()) regions.push_back(a.region);
    for (const auto& r : regions) ds.add(municipality{municipality_id(r), r, "", r, {}});
    ds.add(grant_operator{operator_id("fpg"), "Фонд", {}});
    ds.add(programme{programme_id("p"), operator_id("fpg"), "Гранты", programme_kind::presidential_grants});
    int n = 0;
    for (const auto& a : awards) {
        const std::string comp = "c-" + std::to_string(a.year);
        if (!ds.competitions().contains(comp)) {
            competition c;
            c.id = competition_id(comp);
            c.programme = programme_id("p");
            c.year = a.year;
            ds.add(c);
        }
        const std::string org = "inn-" + a.inn;
        if (!ds.organizations().contains(org)) {
            organization o;
            o.id = organization_id(org);
            o.full_name = a.name;
            if (!a.region.empty()) o.municipality = municipality_id(a.region);
            ds.add(o);
        }
        application x;
        x.id = application_id("a" + std::to_string(++n));
        x.competition = competition_id(comp);
        x.applicant = org;
        x.direction = "Поддержка семьи";
        x.requested = money::from_kopecks(a.kopecks);
        x.status = a.kopecks > 0 ? application_status::winner : application_status::rejected;
        if (a.kopecks > 0) x.awarded = money::from_kopecks(a.kopecks);
        ds.add(x);
    }
    return ds;
}

TEST(pgf_partial, a_recipient_in_two_files_keeps_the_first_files_name_and_sums_its_money) {
    group_table a = civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Фонд «Первый»", "Москва", 100'000'00, 2020}}));
    a.merge(civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Фонд «Второй»", "Москва", 50'000'00, 2021}})));
    ASSERT_EQ(a.applicant_id.size(), 1u);
    const pgf_panel p = civica::analysis::finish_pgf_panel(a, {{"Москва", 1'000}});
    ASSERT_EQ(p.top_inn.size(), 1u);
    EXPECT_EQ(p.top_inn[0], "7707083893");
    EXPECT_EQ(p.top_name[0], "Фонд «Первый»");
    EXPECT_EQ(p.top_awarded[0], 150'000'00);
    EXPECT_EQ(p.per_capita_year, 2021);
    EXPECT_DOUBLE_EQ(p.per_capita_rub[0], 50'000.0 / 1'000);
    // An organisation that only lost in the first file still names itself after it.
    group_table b = civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Старое название", "Москва", 0, 2020}}));
    b.merge(civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Новое название", "Москва", 300'00, 2021}})));
    // (a loser is no recipient, so the table has no entry for it: the winning file names it)
    EXPECT_EQ(civica::analysis::finish_pgf_panel(b, {}).top_name, std::vector<std::string>{"Новое название"});
}

// Per-capita money needs a figure for every region of the data: a misspelt region would drop
// from the ranking unseen. Regions the data does not have are let be; none at all is no
// per-capita part; a figure that is no count of residents is refused.
TEST(pgf_partial, per_capita_needs_every_regions_residents_and_names_a_misspelt_one) {
    const group_table t = civica::analysis::compute_pgf_partial(pgf_like(
        {{"7707083893", "Фонд", "Москва", 100'00, 2021}, {"7802114044", "АНО", "Тверская область", 300'00, 2021}}));
    try {
        (void)civica::analysis::finish_pgf_panel(t, {{"Москва", 1'000}, {"Тверская обл.", 500}});
        ADD_FAILURE() << "a region without a figure was let through";
    } catch (const civica::validation_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("no figure for the region \"Тверская область\""), std::string::npos) << what;
        EXPECT_NE(what.find("it names \"Тверская обл.\" instead"), std::string::npos) << what;
    }
    EXPECT_THROW((void)civica::analysis::finish_pgf_panel(t, {{"Москва", 1'000}, {"Тверская область", 0}}),
                 civica::validation_error);
    const pgf_panel p = civica::analysis::finish_pgf_panel(
        t, {{"Москва", 1'000}, {"Тверская область", 500}, {"Санкт-Петербург", 5'000'000}});
    EXPECT_EQ(p.per_capita_region, (std::vector<std::string>{"Москва", "Тверская область"}));
    EXPECT_DOUBLE_EQ(p.per_capita_rub[1], 300.0 / 500);
    EXPECT_TRUE(civica::analysis::finish_pgf_panel(t, {}).per_capita_region.empty());
}

// Part (4) of the panel over recipients in three regions (and some with none), against HHI
// and the Gini coefficient computed here by their definitions: Σ sᵢ² and the mean absolute
// difference over all pairs, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄). Once with ordinary amounts and once
// with amounts near the top of the kopeck range (up to 8.6 · 10¹⁸).
TEST(pgf_partial, concentration_per_region_matches_its_definitions) {
    std::vector<award> awards;
    const std::array<std::string, 4> regions{"Алтайский край", "Москва", "Тыва", ""};  // "" = none
    std::map<std::string, std::vector<double>> truth;
    std::uint64_t state = 12345;
    auto next = [&] { return state = state * 6364136223846793005ull + 1442695040888963407ull; };
    for (int i = 0; i < 3000; ++i) {
        const auto r = static_cast<std::size_t>(next() >> 62);
        std::int64_t k = static_cast<std::int64_t>((next() >> 34) % 5'000'000'00) * (i % 7 == 0 ? 0 : 1);
        if (i % 11 == 0) k = 1'000'000'00;  // ties
        awards.push_back({std::to_string(7700000000 + i), "АНО №" + std::to_string(i), regions[r], k, 2024});
        if (!regions[r].empty() && k > 0) truth[regions[r]].push_back(static_cast<double>(k) / 100.0);
    }
    const pgf_panel p = civica::analysis::compute_pgf_panel(pgf_like(awards), {});
    ASSERT_EQ(p.concentration_region.size(), truth.size());
    for (std::size_t i = 0; i < p.concentration_region.size(); ++i) {
        const auto& x = truth.at(p.concentration_region[i]);
        const double n = static_cast<double>(x.size());
        double total = 0, h = 0, pairs = 0;
        for (double v : x) total += v;
        for (double v : x) h += (v / total) * (v / total);
        for (double u : x)
            for (double v : x) pairs += std::abs(u - v);
        const double g = pairs / (2 * n * n * (total / n));
        EXPECT_EQ(p.concentration_recipients[i], static_cast<std::int64_t>(x.size()));
        EXPECT_NEAR(p.concentration_hhi[i], h, 1e-12) << p.concentration_region[i];
        EXPECT_NEAR(p.concentration_gini[i], g, 1e-9) << p.concentration_region[i];
    }
}

// Part (4) against the recipients' sums of each region, tallied by a test: how many, and
// HHI by its definition, Σ (x / Σx)².
void expect_recipients_and_hhi(const pgf_panel& p, const std::map<std::string, std::vector<double>>& amounts) {
    ASSERT_EQ(p.concentration_region.size(), amounts.size());
    for (std::size_t i = 0; i < amounts.size(); ++i) {
        const auto& x = amounts.at(p.concentration_region[i]);
        double total = 0, h = 0;
        for (double v : x) total += v;
        for (double v : x) h += (v / total) * (v / total);
        EXPECT_EQ(p.concentration_recipients[i], static_cast<std::int64_t>(x.size()));
        EXPECT_NEAR(p.concentration_hhi[i], h, 1e-12) << p.concentration_region[i];
    }
}

// The panel of a dataset built here record by record, against tallies of those records made
// here with maps: 200 and then 300 municipalities, each a region of its own (past 255 the
// engine codes applicants' parts in two bytes instead of one), organisations with no
// municipality, and a person with none among the applicants (counted by direction and among
// the recipients, not by region).
TEST(pgf_partial, the_panel_of_built_records_matches_tallies_of_them) {
    using namespace civica;
    for (const int labels : {200, 300}) {
        dataset ds;
        for (int m = 0; m < labels; ++m) {
            municipality mu;
            mu.id = municipality_id("m-" + std::to_string(m));
            mu.name = "Муниципалитет " + std::to_string(1000 + m);
            mu.region = mu.name;
            ds.add(mu);
        }
        constexpr int norgs = 4000;
        std::vector<std::string> org_label(norgs);  // "" = no municipality
        for (int o = 0; o < norgs; ++o) {
            organization org;
            org.id = organization_id("org-" + std::to_string(o));
            org.full_name = "АНО " + std::to_string(o);
            if (o % 50 != 7) {
                const int m = (o * 7) % labels;
                org.municipality = municipality_id("m-" + std::to_string(m));
                org_label[static_cast<std::size_t>(o)] = "Муниципалитет " + std::to_string(1000 + m);
            }
            ds.add(org);
        }
        person someone;
        someone.id = person_id("p-1");
        ds.add(someone);
        ds.add(grant_operator{operator_id("fpg"), "Фонд президентских грантов", {}});
        ds.add(programme{programme_id("fpg-grants"), operator_id("fpg"), "Президентские гранты",
                         programme_kind::presidential_grants});
        for (int y = 2020; y <= 2022; ++y) {
            competition c;
            c.id = competition_id("fpg-" + std::to_string(y));
            c.programme = programme_id("fpg-grants");
            c.year = y;
            ds.add(c);
        }
        const std::vector<std::string> directions{"Охрана здоровья граждан", "Поддержка семьи", "Развитие культуры"};

        std::map<std::pair<int, std::string>, std::array<std::int64_t, 3>> cells;  // applications, decided, winners
        std::map<std::pair<int, std::string>, std::int64_t> by_direction;
        std::vector<std::int64_t> sum(norgs);
        std::int64_t person_sum = 0;
        std::uint64_t state = 99;
        auto next = [&] { return (state = state * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
        for (int i = 0; i < 12'000; ++i) {
            application a;
            a.id = application_id("app-" + std::to_string(i));
            const int year = 2020 + static_cast<int>(next() % 3);
            a.competition = competition_id("fpg-" + std::to_string(year));
            const bool by_person = i % 97 == 5;
            const auto o = static_cast<std::size_t>(next() % norgs);
            a.applicant_type = by_person ? applicant_kind::person : applicant_kind::organization;
            a.applicant = by_person ? "p-1" : "org-" + std::to_string(o);
            a.direction = directions[next() % directions.size()];
            a.requested = money::from_kopecks(10'000'000'00);
            const auto roll = next() % 100;
            a.status = roll < 25 ? application_status::winner : roll < 28 ? application_status::withdrawn : application_status::rejected;
            std::int64_t k = 0;
            if (a.status == application_status::winner) {
                k = static_cast<std::int64_t>(next() % 5'000'000'00) + 1'000'00;
                a.awarded = money::from_kopecks(k);
            }
            ds.add(a);
            by_direction[{year, a.direction}] += k;
            if (by_person) {
                person_sum += k;
                continue;
            }
            sum[o] += k;
            if (org_label[o].empty()) continue;
            auto& c = cells[{year, org_label[o]}];
            ++c[0];
            c[1] += a.status != application_status::withdrawn;
            c[2] += a.status == application_status::winner;
        }

        const pgf_panel p = analysis::compute_pgf_panel(ds, {});
        ASSERT_EQ(p.by_region_year.size(), cells.size()) << labels;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            const auto& c = cells.at({p.by_region_year[i], p.by_region_region[i]});
            EXPECT_EQ(p.by_region_applications[i], c[0]) << p.by_region_region[i];
            EXPECT_EQ(p.by_region_winners[i], c[2]) << p.by_region_region[i];
            EXPECT_EQ(p.by_region_success_rate[i], static_cast<double>(c[2]) / static_cast<double>(c[1]));
        }
        ASSERT_EQ(p.by_direction_year.size(), by_direction.size());
        for (std::size_t i = 0; i < by_direction.size(); ++i)
            EXPECT_EQ(p.by_direction_awarded[i], by_direction.at({p.by_direction_year[i], p.by_direction_direction[i]}));

        // Recipients: every applicant with money, by its sum (the person as the last entry);
        // per region, HHI.
        std::vector<std::string> key(norgs + 1);
        for (int o = 0; o < norgs; ++o) key[static_cast<std::size_t>(o)] = "org-" + std::to_string(o);
        key[norgs] = "p-1";
        sum.push_back(person_sum);
        std::vector<std::size_t> order(sum.size());
        for (std::size_t o = 0; o < order.size(); ++o) order[o] = o;
        std::sort(order.begin(), order.end(), [&](auto a, auto b) { return sum[a] != sum[b] ? sum[a] > sum[b] : key[a] < key[b]; });
        ASSERT_EQ(p.top_awarded.size(), 10u);
        for (std::size_t i = 0; i < 10; ++i) {
            EXPECT_EQ(p.top_awarded[i], sum[order[i]]) << i;
            EXPECT_EQ(p.top_inn[i], key[order[i]]) << i;  // no INN: the id stands in
        }
        sum.pop_back();
        std::map<std::string, std::vector<double>> amounts;
        for (std::size_t o = 0; o < sum.size(); ++o)
            if (sum[o] > 0 && !org_label[o].empty()) amounts[org_label[o]].push_back(static_cast<double>(sum[o]));
        expect_recipients_and_hhi(p, amounts);
    }
}

// At national scale the pass runs on more than one thread (given the cores) and adds the
// applicants' sums block by block: 700 000 applications from 280 000 organisations, against
// tallies made here from the dataset's rows with maps.
TEST(pgf_partial, the_panel_at_national_scale_matches_tallies_of_the_rows) {
    using namespace civica;
    synth::national_options o;
    o.applications = 700'000;
    o.years = 4;
    const dataset ds = synth::national(o);
    ASSERT_GT(ds.organizations().size(), 3u * 65'536);  // several blocks of sums

    const auto& t = ds.applications();
    std::map<std::pair<int, std::string>, std::array<std::int64_t, 3>> cells;  // applications, decided, winners
    std::vector<std::int64_t> sum(ds.organizations().size());
    std::map<std::string, std::string> label;  // municipality id → region
    for (const auto& m : ds.municipalities()) label[m.id.str()] = m.region;
    std::vector<std::string> region(ds.organizations().size());
    for (std::size_t org = 0; org < region.size(); ++org) {
        const auto it = label.find(ds.organizations()[org].municipality.str());
        if (it != label.end()) region[org] = it->second;  // else none: counted by no region
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        ASSERT_EQ(t.applicant_type()[i], static_cast<std::uint8_t>(applicant_kind::organization));
        const auto org = static_cast<std::size_t>(t.applicant()[i]);
        const int year = ds.competitions()[static_cast<std::size_t>(t.competition()[i])].year;
        const auto st = static_cast<application_status>(t.status()[i]);
        if (st == application_status::winner && t.awarded()[i] != missing_kopecks) sum[org] += t.awarded()[i];
        if (region[org].empty()) continue;
        auto& c = cells[{year, region[org]}];
        ++c[0];
        c[1] += st != application_status::withdrawn;
        c[2] += st == application_status::winner;
    }

    const pgf_panel p = analysis::compute_pgf_panel(ds, {});
    ASSERT_EQ(p.by_region_year.size(), cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
        const auto& c = cells.at({p.by_region_year[i], p.by_region_region[i]});
        EXPECT_EQ(p.by_region_applications[i], c[0]);
        EXPECT_EQ(p.by_region_winners[i], c[2]);
        EXPECT_EQ(p.by_region_success_rate[i], static_cast<double>(c[2]) / static_cast<double>(c[1]));
    }
    // A recipient is named by its recorded INN (the generator gives every organisation one).
    auto inn = [&](std::size_t org) { return ds.organizations()[org].inn; };
    std::vector<std::size_t> order(sum.size());
    for (std::size_t org = 0; org < order.size(); ++org) order[org] = org;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
        if (sum[a] != sum[b]) return sum[a] > sum[b];
        return inn(a) < inn(b);
    });
    ASSERT_EQ(p.top_awarded.size(), 10u);
    for (std::size_t i = 0; i < 10; ++i) {
        EXPECT_EQ(p.top_awarded[i], sum[order[i]]) << i;
        ASSERT_EQ(inn(order[i]).size(), 10u) << i;
        EXPECT_EQ(p.top_inn[i], inn(order[i])) << i;  // before: the organisation's id ("o0003039")
    }
    std::map<std::string, std::vector<double>> amounts;
    for (std::size_t org = 0; org < sum.size(); ++org)
        if (sum[org] > 0 && !region[org].empty()) amounts[region[org]].push_back(static_cast<double>(sum[org]));
    expect_recipients_and_hhi(p, amounts);
}

TEST(pgf_partial, an_overflowing_merge_throws_and_leaves_the_table_unchanged) {
    const std::int64_t big = std::numeric_limits<std::int64_t>::max() - 10;
    group_table a = civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Фонд", "Москва", big, 2020}}));
    const group_table before = a;
    EXPECT_THROW(a.merge(civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Фонд", "Москва", 11, 2020}}))),
                 civica::validation_error);
    EXPECT_EQ(a.awarded_kopecks, before.awarded_kopecks);
    EXPECT_EQ(a.recipient_kopecks, before.recipient_kopecks);
    EXPECT_EQ(a.applications, before.applications);
}

TEST(pgf_partial, refuses_a_table_that_breaks_its_invariants_or_is_of_another_query) {
    const group_table good = civica::analysis::compute_pgf_partial(pgf_like({{"7707083893", "Фонд", "Москва", 100, 2020}}));
    EXPECT_NO_THROW(civica::analysis::finish_pgf_panel(good, {}));
    group_table a = good;
    a.code[1][0] = 7;  // a region past the dictionary
    EXPECT_THROW(civica::analysis::finish_pgf_panel(a, {}), civica::validation_error);
    a = good;
    a.recipient_kopecks[0] = -1;
    EXPECT_THROW(civica::analysis::finish_pgf_panel(a, {}), civica::validation_error);
    a = good;
    a.status[3][0] = 2;  // more winners than applications
    EXPECT_THROW(a.merge(good), civica::validation_error);
    const auto other = civica::analysis::aggregate_applications(pgf_like({{"7707083893", "Фонд", "Москва", 100, 2020}}),
                                                                civica::analysis::outcome_query({civica::analysis::dimension::year}));
    EXPECT_THROW(civica::analysis::finish_pgf_panel(other, {}), civica::validation_error);
    group_table b = good;
    EXPECT_THROW(b.merge(other), civica::validation_error);
}

}  // namespace
