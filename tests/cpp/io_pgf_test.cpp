// Tests of the Presidential Grants Fund reader and writer. Expected figures are counted from
// the sample file by a naive line splitter written here, not by the reader.
#include "civica/analysis/panel.hpp"
#include "civica/io/pgf.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include "civica/error.hpp"
#include "civica/synth.hpp"

#include "civica/model/detail/bulk_load.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using civica::io::read_pgf_csv;

const fs::path sample = fs::path(CIVICA_TEST_DATA_DIR) / "pgf" / "sample.csv";

std::vector<std::vector<std::string>> naive_rows(const fs::path& p) {
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);  // header
    std::vector<std::vector<std::string>> rows;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::string cell;
        std::stringstream ss(line);
        while (std::getline(ss, cell, ';')) f.push_back(cell);
        if (!line.empty() && line.back() == ';') f.emplace_back();
        rows.push_back(f);
    }
    return rows;
}

// Rouble text with up to two decimals → kopecks, computed with doubles and rounding.
long long kopecks_of(const std::string& s) { return std::llround(std::stod(s) * 100.0); }

fs::path temp_file(const std::string& name, const std::string& text) {
    const fs::path p = civica_test::scratch_file("pgf_" + name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string sample_text() {
    std::ifstream in(sample, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Row `i` of a made-up registry of one contest (application number 21-1-<100000 + i>), the
/// applicant `org` with INN `inn` in `region`.
std::string registry_row(std::size_t i, const std::string& region, const std::string& org, const std::string& inn) {
    return "Проект " + std::to_string(i) + ";Первый конкурс 2021;2021;Поддержка семьи;2021-01-15;" + region + ";" +
           org + ";" + inn + ";;2021-09-01;2022-08-31;False;;1000.00;;;Описание;Цель;Задачи;Обоснование;Город;Дети;"
           "Адрес;;21-1-" + std::to_string(100000 + i) + ";;;71800000;region\n";
}

/// The dataset and the warnings of a read of `p` on `threads` threads.
std::pair<civica::dataset, std::vector<civica::io::problem>> read_on(const fs::path& p, unsigned threads) {
    std::vector<civica::io::problem> issues;
    civica::io::pgf_options o;
    o.threads = threads;
    o.issues = &issues;
    civica::dataset ds = read_pgf_csv(p, o);
    return {std::move(ds), std::move(issues)};
}

/// The warnings of a read of `p` on `threads` threads.
std::vector<civica::io::problem> issues_of(const fs::path& p, unsigned threads) { return read_on(p, threads).second; }

// `text` (a ФПГ file) with line `line` (1-based, header = 1) field `col` replaced by `value`.
std::string with(const std::string& text, std::size_t line, std::size_t col, const std::string& value) {
    std::stringstream in(text);
    std::string out, l;
    for (std::size_t n = 1; std::getline(in, l); ++n) {
        if (n == line) {
            std::vector<std::string> f;
            std::size_t pos = 0;
            for (;;) {
                const auto sep = l.find(';', pos);
                f.push_back(l.substr(pos, sep == std::string::npos ? std::string::npos : sep - pos));
                if (sep == std::string::npos) break;
                pos = sep + 1;
            }
            f[col] = value;
            l.clear();
            for (std::size_t i = 0; i < f.size(); ++i) l += (i ? ";" : "") + f[i];
        }
        out += l + "\n";
    }
    return out;
}

// The sample with one field replaced.
std::string sample_with(std::size_t line, std::size_t col, const std::string& value) {
    return with(sample_text(), line, col, value);
}

TEST(pgf, reads_every_row_of_the_sample_with_its_winners_and_losers) {
    const auto rows = naive_rows(sample);
    ASSERT_EQ(rows.size(), 30u);
    const civica::dataset ds = read_pgf_csv(sample);
    const auto& t = ds.applications();
    ASSERT_EQ(t.size(), rows.size());

    std::map<std::string, int> winners_by_year, decided_by_year;
    std::set<std::string> regions, inns, contests;
    int withdrawn = 0;
    for (const auto& f : rows) {
        ASSERT_EQ(f.size(), 29u);
        if (f[11] == "True") ++winners_by_year[f[2]];
        if (!f[11].empty()) ++decided_by_year[f[2]];
        else ++withdrawn;
        regions.insert(f[5]);
        inns.insert(f[7]);
        contests.insert(f[1]);
    }
    EXPECT_EQ(ds.municipalities().size(), regions.size());
    EXPECT_EQ(ds.organizations().size(), inns.size());
    EXPECT_EQ(ds.competitions().size(), contests.size());
    EXPECT_EQ(withdrawn, 1);

    std::map<int, int> w, d;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const int year = ds.competitions()[static_cast<std::size_t>(t.competition()[i])].year;
        const auto s = static_cast<civica::application_status>(t.status()[i]);
        if (s == civica::application_status::winner) ++w[year];
        if (s != civica::application_status::withdrawn) ++d[year];
    }
    for (const auto& [y, n] : winners_by_year) EXPECT_EQ(w[std::stoi(y)], n) << y;
    for (const auto& [y, n] : decided_by_year) EXPECT_EQ(d[std::stoi(y)], n) << y;
    // Success rate of 2021, counted by hand from the naive split.
    const double rate2021 = static_cast<double>(winners_by_year["2021"]) / decided_by_year["2021"];
    EXPECT_DOUBLE_EQ(static_cast<double>(w[2021]) / d[2021], rate2021);
}

TEST(pgf, keeps_money_dates_and_identifiers_exact) {
    const auto rows = naive_rows(sample);
    const civica::dataset ds = read_pgf_csv(sample);
    const auto& t = ds.applications();
    long long awarded = 0, requested = 0, cofunding = 0;
    for (const auto& f : rows) {
        if (f[11] == "True") awarded += kopecks_of(f[13]);
        requested += kopecks_of(f[13]);
        cofunding += kopecks_of(f[14]);
    }
    long long a = 0, r = 0, c = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.awarded()[i] != civica::missing_kopecks) a += t.awarded()[i];
        r += t.requested()[i];
        c += t.cofunding()[i];
    }
    EXPECT_EQ(a, awarded);
    EXPECT_EQ(r, requested);
    EXPECT_EQ(c, cofunding);

    // Row 7 has a Russian date (dd.mm.yyyy); row 5 a quoted title with doubled quotes.
    const auto app7 = ds.application_at(6);
    EXPECT_EQ(civica::format_date(app7.submitted), "2021-01-21");
    EXPECT_EQ(ds.application_at(4).title, "Проект «Наш \"двор\"» — площадка для всех");
    EXPECT_EQ(ds.application_at(0).id.str(), rows[0][24]);

    const auto& org = ds.get(civica::organization_id("inn-7707083893"));
    EXPECT_EQ(org.inn, "7707083893");
    EXPECT_EQ(org.ogrn, "1027700132195");
    const auto& m = ds.get(civica::municipality_id("Москва"));
    EXPECT_EQ(m.oktmo, "45000000");
}

// The ordinal in a contest's name gives its round in any letter case: a file whose only
// contest of 2022 is "ВТОРОЙ КОНКУРС 2022" has round 2, as "Второй конкурс 2022" has.
TEST(pgf, reads_the_round_of_a_contest_named_in_capitals) {
    // The sample's lines are its records: the first contest of 2022 is left out.
    std::istringstream lines(sample_text());
    std::string text, line;
    while (std::getline(lines, line)) {
        if (line.find("Первый конкурс 2022") != std::string::npos) continue;
        if (const auto at = line.find("Второй конкурс 2022"); at != std::string::npos)
            line.replace(at, std::string("Второй конкурс 2022").size(), "ВТОРОЙ КОНКУРС 2022");
        text += line + "\n";
    }
    const civica::dataset ds = read_pgf_csv(temp_file("capitals.csv", text));
    const auto& c = ds.get(civica::competition_id("pgf-2022-2"));
    EXPECT_EQ(c.round, 2);
    EXPECT_EQ(c.name, "ВТОРОЙ КОНКУРС 2022");
}

// Only a whole first word is an ordinal: «Авторский» holds "втор" and was read as round 2,
// «Первомайский» starts with "перв"; a number of two or more digits is no round («для 100 НКО»). The round civica's writer puts after a shared name is read back whole: «(конкурс 12,
// 2021)» was read as no round (only one digit counted), and the two contests became rounds 1
// and 2.
TEST(pgf, reads_an_ordinal_only_at_the_start_of_a_name_and_a_round_of_two_digits) {
    std::string text = sample_text();
    const auto rename = [&](const std::string& from, const std::string& to) {
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    };
    rename("Первый конкурс 2022", "Авторский конкурс 2022 для 100 НКО");
    rename("Второй конкурс 2022", "Первомайский конкурс 2022");
    rename("Первый конкурс 2021", "Конкурс (конкурс 12, 2021)");
    rename("Второй конкурс 2021", "Конкурс (конкурс 13, 2021)");
    const civica::dataset ds = read_pgf_csv(temp_file("rounds.csv", text));
    std::map<std::string, int> rounds;
    for (const auto& c : ds.competitions()) rounds[c.name] = c.round;
    // Neither names a round («100» is a number of NGOs, «Первомайский» no ordinal): the first
    // of its year by date is round 1, the other round 2.
    EXPECT_EQ(rounds["Авторский конкурс 2022 для 100 НКО"], 1);
    EXPECT_EQ(rounds["Первомайский конкурс 2022"], 2);
    EXPECT_EQ(rounds["Конкурс (конкурс 12, 2021)"], 12);
    EXPECT_EQ(rounds["Конкурс (конкурс 13, 2021)"], 13);
}

TEST(pgf, maps_contests_to_competitions_with_year_and_round) {
    const civica::dataset ds = read_pgf_csv(sample);
    const auto& c = ds.get(civica::competition_id("pgf-2022-2"));
    EXPECT_EQ(c.year, 2022);
    EXPECT_EQ(c.round, 2);
    EXPECT_EQ(c.name, "Второй конкурс 2022");
    EXPECT_EQ(ds.programmes()[0].kind, civica::programme_kind::presidential_grants);
    // The window spans the submission dates of the contest's rows (2022-06-15 .. +6 days).
    EXPECT_EQ(civica::format_date(c.window.start), "2022-06-15");
    EXPECT_EQ(civica::format_date(c.window.end), "2022-06-21");
}

TEST(pgf, rejects_a_wrong_inn_checksum_naming_line_and_column) {
    const auto p = temp_file("bad_inn.csv", sample_with(4, 7, "1234567895"));
    try {
        (void)read_pgf_csv(p);
        FAIL() << "expected parse_error";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 4u);
        EXPECT_EQ(e.field(), "inn");
        EXPECT_EQ(e.file(), "pgf_bad_inn.csv");
    }
}

// The largest amount is INT64_MAX kopecks; one kopeck more is refused on its column, not
// wrapped (to INT64_MIN, the "no amount" mark, or a negative sum named on another column).
TEST(pgf, an_amount_past_64_bit_kopecks_is_refused_on_its_column) {
    // With no co-funding: the row's total (amount + co-funding) must fit too.
    const auto ok = read_pgf_csv(temp_file("max_money.csv", with(sample_with(2, 13, "92233720368547758.07"), 2, 14, "")));
    EXPECT_EQ(ok.applications().requested()[0], std::numeric_limits<std::int64_t>::max());
    for (const std::string v : {"92233720368547758.08", "92233720368547758.99", "92233720368547759", "99999999999999999"}) {
        try {
            (void)read_pgf_csv(temp_file("too_much.csv", sample_with(2, 13, v)));
            FAIL() << v << " read";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), 2u) << e.what();
            EXPECT_EQ(e.field(), "money_req_grant") << e.what();
            EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
        }
    }
}

TEST(pgf, an_amount_and_cofunding_whose_sum_civica_cannot_hold_are_refused_as_the_writer_refuses_them) {
    // Before, the row was read, and the writer then refused the dataset ("its amount and
    // co-funding add up to more than civica's money holds"): the reader must refuse what its
    // writer cannot write.
    const std::string half = "46116860184273879.04";  // (2^63 - 1) / 2 + 1 kopecks, each alone held
    const auto p = temp_file("sum_too_large.csv", with(with(sample_text(), 2, 13, half), 2, 14, half));
    try {
        (void)read_pgf_csv(p);
        FAIL() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u) << e.what();
        EXPECT_EQ(e.field(), "cofunding") << e.what();
        EXPECT_NE(std::string(e.what()).find("the amount and the co-funding add up to more than civica's money holds"),
                  std::string::npos) << e.what();
    }
    // Each alone is read.
    EXPECT_NO_THROW((void)read_pgf_csv(temp_file("half.csv", with(sample_text(), 2, 13, half))));
}

TEST(pgf, records_a_wrong_inn_when_lenient) {
    const auto p = temp_file("bad_inn_lenient.csv", sample_with(4, 7, "1234567895"));
    std::vector<civica::io::problem> issues;
    civica::io::pgf_options o;
    o.lenient_identifiers = true;
    o.issues = &issues;
    const auto ds = read_pgf_csv(p, o);
    EXPECT_EQ(ds.applications().size(), 30u);
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].line, 4u);
    EXPECT_EQ(issues[0].field, "inn");
    EXPECT_EQ(issues[0].check, "invalid_identifier");
    EXPECT_EQ(issues[0].severity, "warning");
    EXPECT_EQ(issues[0].file, p.filename().string());
    EXPECT_TRUE(ds.get(civica::organization_id("inn-1234567895")).inn.empty());
}

// One organisation per INN: a later row giving the INN another name or region is said once
// per INN (line, field, both values), and the organisation keeps its first row's. A file of
// several megabytes read on 1 and on 4 threads gives the same warnings: the second INN's only
// difference is in the last part of the file, the first's in the middle.
TEST(pgf, says_once_when_an_inn_has_another_name_or_region) {
    const std::string header = sample_text().substr(0, sample_text().find('\n') + 1);
    const std::string a = "Ассоциация «Северный край»", a2 = "Ассоциация «Северный край» (переименована)";
    const std::string hmao = "Ханты-Мансийский автономный округ – Югра", adygea = "Республика Адыгея";
    const std::size_t rows = 12000, renamed = 5000, moved = 11000;
    std::string text = header;
    for (std::size_t i = 0; i < rows; ++i) {
        const bool first_inn = i % 2 == 0;
        // Row 3001 names no organisation and no region: that is no other name or region.
        const std::string org = i == 3001 ? "" : first_inn ? (i >= renamed ? a2 : a) : "Общественное движение «Зелёный город»";
        const std::string region = i == 3001 ? "" : !first_inn && i >= moved ? adygea : hmao;
        text += registry_row(i, region, org, first_inn ? "8614008550" : "1234567894");
    }
    ASSERT_GT(text.size(), 3u << 20);  // read in parts on several threads
    const auto p = temp_file("inn_names.csv", text);
    std::vector<std::vector<civica::io::problem>> seen;
    for (unsigned threads : {1u, 4u}) {
        const auto [ds, issues] = read_on(p, threads);
        EXPECT_EQ(ds.applications().size(), rows);
        EXPECT_EQ(ds.get(civica::organization_id("inn-8614008550")).full_name, a);
        ASSERT_EQ(issues.size(), 2u) << threads;
        EXPECT_EQ(issues[0].line, renamed + 2);  // the header is line 1, row i is line i + 2
        EXPECT_EQ(issues[0].field, "org");
        EXPECT_EQ(issues[0].check, "shared_inn");
        EXPECT_EQ(issues[0].severity, "warning");
        EXPECT_EQ(issues[0].record_id, "inn-8614008550");
        EXPECT_NE(issues[0].message.find("\"" + a2 + "\" (region \"" + hmao + "\") here and \"" + a +
                                         "\" (region \"" + hmao + "\") on line 2"),
                  std::string::npos)
            << issues[0].message;
        EXPECT_EQ(issues[1].line, moved + 1 + 2);  // the first odd row from `moved`
        EXPECT_EQ(issues[1].field, "region");
        EXPECT_NE(issues[1].message.find("(region \"" + adygea + "\") here"), std::string::npos) << issues[1].message;
        EXPECT_NE(issues[1].message.find("on line 3"), std::string::npos) << issues[1].message;
        seen.push_back(issues);
    }
    EXPECT_EQ(seen[0], seen[1]);
}

// Rows without a name or region give none: a file whose first row names the organisation and
// whose other rows name neither has no shared_inn warning, on 1 thread or on 4, where every part
// but the first begins with such a row.
TEST(pgf, rows_without_a_name_or_region_give_no_other_on_any_thread_count) {
    const std::string header = sample_text().substr(0, sample_text().find('\n') + 1);
    const std::string a = "Ассоциация «Северный край»", hmao = "Ханты-Мансийский автономный округ – Югра";
    const std::size_t rows = 14000;
    std::string text = header;
    for (std::size_t i = 0; i < rows; ++i)
        text += registry_row(i, i == 0 ? hmao : "", i == 0 ? a : "", "8614008550");
    ASSERT_GT(text.size(), 3u << 20);  // read in parts on several threads
    const auto p = temp_file("inn_unnamed.csv", text);
    for (unsigned threads : {1u, 4u}) {
        const auto issues = issues_of(p, threads);
        EXPECT_TRUE(issues.empty()) << threads << " threads: " << issues.front().message;
    }
    const auto ds = read_pgf_csv(p);
    EXPECT_EQ(ds.applications().size(), rows);
    EXPECT_EQ(ds.get(civica::organization_id("inn-8614008550")).full_name, a);
}

// A part of the file read on its own thread whose first rows of an INN name no organisation or
// region, then a row naming the file's and one naming another, gives the shared_inn warning a
// read in one part gives (it was lost: the part took its empty name or region for the INN's, and
// the row naming the file's for another).
TEST(pgf, another_name_or_region_after_unnamed_rows_is_said_on_any_thread_count) {
    const std::string header = sample_text().substr(0, sample_text().find('\n') + 1);
    const std::string a = "Ассоциация «Северный край»", hmao = "Ханты-Мансийский автономный округ – Югра";
    for (const bool name : {true, false}) {
        const std::size_t rows = 14000, other = 9000;
        std::string text = header;
        for (std::size_t i = 0; i < rows; ++i) {
            const bool blank = i >= 5000 && i < other;
            // Row `other` names the INN as the file's first row does; the next one otherwise.
            const std::string org = blank && name ? "" : i == other + 1 && name ? "Фонд «Другое имя»" : a;
            const std::string region = blank && !name ? "" : i == other + 1 && !name ? "Республика Адыгея" : hmao;
            text += registry_row(i, region, org, "8614008550");
        }
        const auto p = temp_file(name ? "later_name.csv" : "later_region.csv", text);
        for (unsigned threads : {1u, 4u}) {
            const auto issues = issues_of(p, threads);
            ASSERT_EQ(issues.size(), 1u) << threads << " threads, " << (name ? "name" : "region");
            EXPECT_EQ(issues[0].check, "shared_inn");
            EXPECT_EQ(issues[0].line, other + 1 + 2) << threads;  // the header is line 1
            EXPECT_EQ(issues[0].field, name ? "org" : "region") << threads;
        }
    }
}

// A file's first row of an INN that names no organisation is refused (or left out when
// skipping, the INN's next row becoming its first) at the same line on 1 and on 4 threads, though
// it lies in a later part of the file; an INN that fails its checksum is said once, though every
// part has it.
TEST(pgf, an_unnamed_first_row_and_a_bad_inn_read_alike_on_any_thread_count) {
    const std::string header = sample_text().substr(0, sample_text().find('\n') + 1);
    const std::size_t rows = 14000, first_new = 10001;
    // Even rows: a named organisation; odd rows before `first_new`: an INN failing its checksum;
    // from `first_new`: a new INN, whose first row names it when `named_first`.
    const auto file = [&](bool named_first) {
        std::string text = header;
        for (std::size_t i = 0; i < rows; ++i) {
            const bool even = i % 2 == 0;
            const std::string org = even             ? "Ассоциация «Северный край»"
                                    : i < first_new  ? "Фонд «Ошибка»"
                                    : i == first_new && !named_first ? ""
                                                                     : "Фонд «Новый»";
            const std::string inn = even ? "8614008550" : i < first_new ? "8614008551" : "1234567894";
            text += registry_row(i, "Ханты-Мансийский автономный округ – Югра", org, inn);
        }
        EXPECT_GT(text.size(), 3u << 20);  // read in parts on several threads
        return temp_file(named_first ? "inn_named_first.csv" : "inn_unnamed_first.csv", text);
    };
    const auto unnamed = file(false), named = file(true);
    const std::size_t line = first_new + 2;  // the header is line 1
    for (unsigned threads : {1u, 4u}) {
        civica::io::pgf_options o;
        o.threads = threads;
        o.lenient_identifiers = true;
        try {
            (void)read_pgf_csv(unnamed, o);
            ADD_FAILURE() << threads << " threads: no error";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), line) << threads << " threads: " << e.what();
            EXPECT_EQ(e.field(), "org") << threads << " threads: " << e.what();
        }
        std::vector<civica::io::problem> skipped;
        civica::io::pgf_options skip = o;
        skip.skip_bad_records = true;
        skip.skipped = &skipped;
        const auto ds = read_pgf_csv(unnamed, skip);
        EXPECT_EQ(ds.applications().size(), rows - 1) << threads;
        ASSERT_EQ(skipped.size(), 1u) << threads;
        EXPECT_EQ(skipped[0].line, line) << threads;
        EXPECT_EQ(ds.get(civica::organization_id("inn-1234567894")).full_name, "Фонд «Новый»") << threads;

        std::vector<civica::io::problem> issues;
        o.issues = &issues;
        EXPECT_EQ(read_pgf_csv(named, o).applications().size(), rows) << threads;
        ASSERT_EQ(issues.size(), 1u) << threads << " threads: " << issues.back().message;
        EXPECT_EQ(issues[0].check, "invalid_identifier") << threads;
        EXPECT_EQ(issues[0].line, 3u) << threads;
    }
}

// Unicode's canonical equivalence: «й» typed as «и» + U+0306 is «й». A region written so, or
// with a trailing space, or in capitals, is the region written plainly on an earlier line: one
// municipality, its rows all counted for it, and a region_spelling warning at each other
// spelling's first row. An organisation's name in capitals with a trailing space is its name,
// and its rows in the region written otherwise are in its region: no shared_inn.
TEST(pgf, a_region_or_name_written_another_way_is_the_same_one_with_a_warning) {
    const std::vector<std::vector<std::string>> rows = naive_rows(sample);
    const std::string region = rows[0][5];  // the first line's region
    ASSERT_NE(region.find("\xD0\xB9"), std::string::npos) << region;  // it has a «й»
    std::string nfd = region;
    nfd.replace(nfd.find("\xD0\xB9"), 2, "\xD0\xB8\xCC\x86");  // и + COMBINING BREVE
    std::string text = sample_text();
    std::vector<std::size_t> changed;  // lines given another spelling
    for (std::size_t i = 1, n = 0; i < rows.size() && changed.size() < 3; ++i)
        if (rows[i][5] == region) {
            const std::string spelling = n == 0 ? nfd : n == 1 ? region + " " : civica::text::upper_case(region);
            text = with(text, i + 2, 5, spelling);
            if (n == 0) text = with(text, i + 2, 6, civica::text::upper_case(rows[i][6]) + " ");
            changed.push_back(i + 2);
            ++n;
        }
    ASSERT_EQ(changed.size(), 3u);
    std::vector<civica::io::problem> issues;
    civica::io::pgf_options o;
    o.issues = &issues;
    const auto ds = read_pgf_csv(temp_file("spellings.csv", text), o);
    const auto plain = read_pgf_csv(sample);
    EXPECT_EQ(ds.municipalities().size(), plain.municipalities().size());
    const auto in_region = [&](const civica::dataset& d) {
        std::size_t n = 0;
        for (const auto& org : d.organizations()) n += org.municipality == civica::municipality_id(region);
        return n;
    };
    EXPECT_EQ(in_region(ds), in_region(plain));
    EXPECT_GT(in_region(ds), 0u);
    std::string all;
    for (const auto& i : issues) all += std::to_string(i.line) + " " + i.check + " " + i.message + "\n";
    ASSERT_EQ(issues.size(), 3u) << all;
    for (std::size_t k = 0; k < 3; ++k) {
        EXPECT_EQ(issues[k].check, "region_spelling") << issues[k].message;
        EXPECT_EQ(issues[k].line, changed[k]) << issues[k].message;
        EXPECT_NE(issues[k].message.find("taken as \"" + region + "\""), std::string::npos) << issues[k].message;
    }
    EXPECT_NE(issues[0].message.find("U+0306"), std::string::npos) << issues[0].message;
}

// The cap on records names the first record past it, as the other CSV readers do (it named no
// line): on one thread and on four, and in skip mode, where a row left out is a record too.
TEST(pgf, the_cap_on_records_names_the_first_record_past_it) {
    std::string text = sample_text().substr(0, sample_text().find('\n') + 1);
    for (std::size_t i = 0; i < 14000; ++i) text += registry_row(i, "Ханты-Мансийский автономный округ – Югра",
                                                               "Ассоциация «Северный край»", "8614008550");
    const auto big = temp_file("cap.csv", text);
    const auto bad_row = temp_file("cap_skip.csv", sample_with(3, 4, "2021-02-30"));
    for (const auto& [file, cap, skip] : std::vector<std::tuple<fs::path, std::size_t, bool>>{
             {big, 9000, false}, {big, 20, false}, {bad_row, 10, true}}) {
        civica::text::input_limits tight = civica::text::current_limits();
        tight.max_rows = cap;
        civica::text::thread_limits scope(tight);
        for (unsigned threads : {1u, 4u}) {
            civica::io::pgf_options o;
            o.threads = threads;
            o.skip_bad_records = skip;
            try {
                (void)read_pgf_csv(file, o);
                ADD_FAILURE() << "no error";
            } catch (const civica::parse_error& e) {
                EXPECT_EQ(e.line(), cap + 1) << threads << " threads, cap " << cap << ": " << e.what();
                EXPECT_NE(std::string(e.what()).find("more than " + std::to_string(cap) + " records"), std::string::npos);
            }
        }
    }
}

// A region written three ways across the parts of a big file is one municipality on 1 and 4
// threads, with the same warnings; in skip mode the spelling is that of the first row kept,
// not of a row left out (it named the municipality "…Югра " after a row left out for its year).
TEST(pgf, a_region_written_otherwise_is_one_on_any_thread_count_and_named_by_a_kept_row) {
    const std::string header = sample_text().substr(0, sample_text().find('\n') + 1);
    const std::string hmao = "Ханты-Мансийский автономный округ – Югра", org = "Ассоциация «Северный край»";
    std::string text = header;
    for (std::size_t i = 0; i < 14000; ++i)
        text += registry_row(i, i == 10000 ? civica::text::upper_case(hmao) : i >= 7000 ? hmao + " " : hmao, org,
                             "8614008550");
    const auto big = temp_file("regions_parts.csv", text);
    std::vector<std::vector<civica::io::problem>> seen;
    for (unsigned threads : {1u, 4u}) {
        const auto [ds, issues] = read_on(big, threads);
        ASSERT_EQ(ds.municipalities().size(), 1u) << threads;
        EXPECT_EQ(ds.municipalities()[0].name, hmao);
        ASSERT_EQ(issues.size(), 2u) << threads;
        EXPECT_EQ(issues[0].line, 7002u);
        EXPECT_EQ(issues[1].line, 10002u);
        seen.push_back(issues);
    }
    EXPECT_EQ(seen[0], seen[1]);

    std::string first_left_out = registry_row(0, hmao + " ", org, "8614008550");
    first_left_out.replace(first_left_out.find(";2021;"), 6, ";2020;");  // its contest is of 2021 on the rest
    text = header + first_left_out;
    for (std::size_t i = 1; i < 20; ++i) text += registry_row(i, hmao, org, "8614008550");
    std::vector<civica::io::problem> issues, skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.issues = &issues;
    o.skipped = &skipped;
    const auto ds = read_pgf_csv(temp_file("region_left_out.csv", text), o);
    ASSERT_EQ(skipped.size(), 1u);
    ASSERT_EQ(ds.municipalities().size(), 1u);
    EXPECT_EQ(ds.municipalities()[0].name, hmao);
    EXPECT_EQ(ds.get(civica::organization_id("inn-8614008550")).municipality, civica::municipality_id(hmao));
    EXPECT_TRUE(issues.empty()) << issues.front().message;
}

// A file of no application, its header alone or every row left out in skip mode, is an empty
// dataset: no Fund and no programme of its own invention, so that it writes back to the same file.
TEST(pgf, a_file_of_no_application_names_no_operator_or_programme) {
    const std::string text = sample_text();
    const std::string header = text.substr(0, text.find('\n') + 1);
    auto empty = [](const civica::dataset& ds) {
        EXPECT_EQ(ds.applications().size(), 0u);
        EXPECT_EQ(ds.competitions().size(), 0u);
        EXPECT_EQ(ds.programmes().size(), 0u);
        EXPECT_EQ(ds.operators().size(), 0u);
        EXPECT_EQ(ds.organizations().size(), 0u);
        EXPECT_EQ(ds.municipalities().size(), 0u);
    };
    empty(read_pgf_csv(temp_file("header_only.csv", header)));
    std::vector<civica::io::problem> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    const std::string first_row = text.substr(header.size(), text.find('\n', header.size()) + 1 - header.size());
    empty(read_pgf_csv(temp_file("all_left_out.csv", with(header + first_row, 2, 4, "2021-02-30")), o));
    EXPECT_EQ(skipped.size(), 1u);
}

TEST(pgf, a_row_of_another_width_is_coded_as_a_folder_check_codes_it) {
    // Before: bad_value, where the dataset folder and the 360Giving CSV say wrong_field_count.
    std::vector<civica::io::problem> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    (void)read_pgf_csv(temp_file("wide.csv", with(sample_text(), 3, 28, "regional;one more")), o);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].line, 3u);
    EXPECT_EQ(skipped[0].check, "wrong_field_count");
    EXPECT_NE(skipped[0].message.find("the row has 30 fields, the header has 29"), std::string::npos) << skipped[0].message;
}

TEST(pgf, a_row_left_out_whose_number_is_not_text_is_listed_without_a_record_id) {
    // Before, the problem's record_id held the NUL byte of the row's number, and `civica
    // validate --summary` printed it to the terminal.
    const std::string text = with(with(sample_text(), 2, 24, std::string("km\0-1", 5)), 2, 13, "-1.00");
    std::vector<civica::io::problem> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    (void)read_pgf_csv(temp_file("nul_number.csv", text), o);
    ASSERT_FALSE(skipped.empty());
    EXPECT_EQ(skipped[0].line, 2u);
    for (const auto& p : skipped) {
        EXPECT_EQ(p.record_id.find('\0'), std::string::npos) << p.message;
        EXPECT_EQ(p.message.find('\0'), std::string::npos) << p.field;
    }
    EXPECT_EQ(skipped[0].record_id, "");
}

// Skip mode names each rule broken with the check code a dataset folder's check gives for it
// (civica/io/check.hpp), not bad_value for every one: an empty name, a negative amount, an INN
// with a wrong check digit, an implementation that ends before it starts, an OKTMO code of 3
// digits.
TEST(pgf, skip_mode_codes_each_rule_as_a_folder_check_does) {
    std::string text = sample_text();
    text = with(text, 3, 0, "");            // name
    text = with(text, 4, 13, "-100.00");    // money_req_grant
    text = with(text, 5, 7, "7707083894");  // inn: 7707083893 is valid, so its last digit is wrong
    text = with(text, 6, 10, "2000-01-01");  // implem_end
    text = with(text, 7, 27, "123");        // oktmo
    std::vector<civica::io::problem> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    (void)read_pgf_csv(temp_file("codes.csv", text), o);
    std::vector<std::tuple<std::size_t, std::string, std::string>> got;
    for (const auto& q : skipped) got.emplace_back(q.line, q.field, q.check);
    const std::vector<std::tuple<std::size_t, std::string, std::string>> expected{
        {3, "name", "missing_value"},      {4, "money_req_grant", "negative_money"}, {5, "inn", "invalid_inn"},
        {6, "implem_end", "end_before_start"}, {7, "oktmo", "invalid_oktmo"}};
    EXPECT_EQ(got, expected);
    ASSERT_EQ(skipped.size(), 5u);
    EXPECT_NE(skipped[1].message.find("is negative"), std::string::npos) << skipped[1].message;

    // A negative zero is zero, as a dataset folder reads it; a signed field that is no amount
    // is said whole, its sign included.
    skipped.clear();
    text = with(with(sample_text(), 3, 14, "-0.00"), 4, 13, "-1,000");
    const auto ds = read_pgf_csv(temp_file("signs.csv", text), o);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].line, 4u);
    EXPECT_EQ(skipped[0].check, "bad_value");
    EXPECT_NE(skipped[0].message.find("\"-1,000\""), std::string::npos) << skipped[0].message;
}

// Skip mode: four bad rows of the sample, each for a different rule, are left out and listed
// with line, field and application number; the rest is read as usual. Expectations come from
// the naive split of the sample, not from the reader.
TEST(pgf, skips_bad_rows_and_lists_them_when_asked) {
    const auto rows = naive_rows(sample);  // rows[i] is line i + 2
    // A line whose contest appeared on an earlier line, for a contest given another year.
    std::size_t clash = 0;
    for (std::size_t i = 8; i < rows.size() && !clash; ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (rows[j][1] == rows[i][1] && j != 1 && j != 3 && j != 5) clash = i + 2;
    ASSERT_GT(clash, 9u);
    std::string text = sample_text();
    text = with(text, 3, 4, "2021-02-30");             // no such day
    text = with(text, 5, 7, "5500001234");             // an organisation met nowhere else…
    text = with(text, 5, 13, "12,3,4");                // …on a row with a bad amount
    text = with(text, 7, 24, rows[0][24]);             // the application number of line 2…
    text = with(text, 7, 7, "5500001241");             // …from an organisation,
    text = with(text, 7, 5, "Область только строки 7");  // a region
    text = with(text, 7, 1, "Конкурс только строки 7");   // and a contest met nowhere else
    text = with(text, clash, 2, rows[clash - 2][2] == "2021" ? "2020" : "2021");
    text = with(text, clash, 7, "5500001259");         // an organisation met nowhere else
    text = with(text, clash, 5, "Область только строки конфликта");
    const auto p = temp_file("skip.csv", text);

    EXPECT_THROW((void)read_pgf_csv(p), civica::parse_error);
    std::vector<civica::io::problem> skipped;
    civica::io::pgf_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    const auto ds = read_pgf_csv(p, o);
    EXPECT_EQ(ds.applications().size(), rows.size() - 4);
    ASSERT_EQ(skipped.size(), 4u);
    const std::vector<std::size_t> lines{3, 5, 7, clash};
    const std::vector<std::string> fields{"date_req", "money_req_grant", "req_num", "year"};
    const std::vector<std::string> checks{"bad_value", "bad_value", "duplicate_id", "bad_value"};
    for (std::size_t k = 0; k < 4; ++k) {
        EXPECT_EQ(skipped[k].line, lines[k]) << k;
        EXPECT_EQ(skipped[k].field, fields[k]) << k;
        EXPECT_EQ(skipped[k].check, checks[k]) << k;
        EXPECT_EQ(skipped[k].severity, "error") << k;
        EXPECT_EQ(skipped[k].file, p.filename().string()) << k;
        EXPECT_FALSE(skipped[k].message.empty());
    }
    EXPECT_EQ(skipped[0].record_id, rows[1][24]);
    EXPECT_EQ(skipped[2].record_id, rows[0][24]);
    EXPECT_NE(skipped[2].message.find("duplicate"), std::string::npos) << skipped[2].message;
    // The organisations only the left-out rows named are not taken in, whether the row was left
    // out for a field (line 5), a repeated application number (7) or its contest's year (clash);
    // nor are the region and contest only line 7 named. The kept rows are all there, and the
    // organisations, regions and contests are exactly those they name.
    for (const char* inn : {"inn-5500001234", "inn-5500001241", "inn-5500001259"})
        EXPECT_EQ(ds.organizations().find(inn), civica::no_row) << inn;
    std::set<std::string> regions, inns, contests;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::size_t line = i + 2;
        if (line == 3 || line == 5 || line == 7 || line == clash) continue;
        EXPECT_NE(ds.applications().ids().find(rows[i][24]), civica::no_row) << line;
        regions.insert(rows[i][5]);
        inns.insert(rows[i][7]);
        contests.insert(rows[i][1]);
    }
    EXPECT_EQ(ds.organizations().size(), inns.size());
    EXPECT_EQ(ds.municipalities().size(), regions.size());
    EXPECT_EQ(ds.competitions().size(), contests.size());

    // A row left out for its contest's year leaves its application number free: a later row
    // with that number is kept.
    {
        std::size_t later = 0;
        for (std::size_t line = clash + 1; line < rows.size() + 2 && !later; ++line)
            if (rows[line - 2][1] != rows[clash - 2][1]) later = line;
        ASSERT_GT(later, clash);
        std::string t2 = with(sample_text(), clash, 2, rows[clash - 2][2] == "2021" ? "2020" : "2021");
        t2 = with(t2, later, 24, rows[clash - 2][24]);
        std::vector<civica::io::problem> left_out;
        o.skipped = &left_out;
        const auto kept = read_pgf_csv(temp_file("skip_year_then_number.csv", t2), o);
        ASSERT_EQ(left_out.size(), 1u);
        EXPECT_EQ(left_out[0].line, clash);
        EXPECT_EQ(left_out[0].field, "year");
        EXPECT_EQ(kept.applications().size(), rows.size() - 1);
        EXPECT_NE(kept.applications().ids().find(rows[clash - 2][24]), civica::no_row);
        o.skipped = &skipped;
    }

    // A quote that never closes still stops the read: the rows after it cannot be told apart.
    const auto q = temp_file("skip_quote.csv", with(sample_text(), 6, 0, "\"Проект"));
    EXPECT_THROW((void)read_pgf_csv(q, o), civica::parse_error);
}

TEST(pgf, rejects_a_bad_amount_date_winner_or_width) {
    struct bad { std::size_t line, col; std::string value, field; };
    for (const auto& b : std::vector<bad>{{9, 13, "12 500", "money_req_grant"},
                                          {10, 4, "2021-02-30", "date_req"},
                                          {11, 11, "maybe", "winner"},
                                          {12, 13, "100.005", "money_req_grant"},
                                          {13, 10, "2020-01-01", "implem_end"},
                                          {14, 27, "123", "oktmo"},
                                          // a thousand with a grouping comma or point, or one rouble?
                                          {15, 13, "1,000", "money_req_grant"},
                                          {15, 13, "1.000", "money_req_grant"},
                                          {15, 13, "250.000", "money_req_grant"}}) {
        const auto p = temp_file("bad_value.csv", sample_with(b.line, b.col, b.value));
        try {
            (void)read_pgf_csv(p);
            ADD_FAILURE() << b.value << ": expected parse_error";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), b.line) << b.value;
            EXPECT_EQ(e.field(), b.field) << b.value;
        }
    }
    const auto p = temp_file("bad_width.csv", sample_with(5, 28, "region;extra"));
    EXPECT_THROW((void)read_pgf_csv(p), civica::parse_error);
    // A decimal comma is read where it cannot be a grouping one: 1500000,5 and 12,50 roubles.
    for (const auto& [text, kopecks] : std::vector<std::pair<std::string, std::int64_t>>{
             {"1500000,5", 150000050}, {"12,50", 1250}, {"1500000,000", 150000000}, {"1500000.000", 150000000},
             {"1.50", 150}, {"0.000", 0}, {"0,500", 50}}) {
        const civica::dataset ds = read_pgf_csv(temp_file("comma.csv", sample_with(15, 13, text)));
        EXPECT_EQ(ds.application_at(13).requested->kopecks(), kopecks) << text;
    }
}

TEST(pgf, keeps_the_rating_of_winners_and_refuses_one_of_a_loser) {
    // The Fund rates winning applications only; the sample's winners have a rate, the others none.
    const auto rows = naive_rows(sample);
    const civica::dataset ds = read_pgf_csv(sample);
    std::size_t rated = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto a = ds.application_at(i);
        if (rows[i][12].empty()) {
            EXPECT_FALSE(a.rate.has_value()) << i;
        } else {
            ++rated;
            ASSERT_TRUE(a.rate.has_value()) << i;
            EXPECT_DOUBLE_EQ(*a.rate, std::stod(rows[i][12])) << i;
            EXPECT_EQ(a.status, civica::application_status::winner) << i;
        }
    }
    EXPECT_GT(rated, 0u);
    // A decimal comma, as Russian Excel writes it (line 4 is a winner).
    EXPECT_DOUBLE_EQ(*read_pgf_csv(temp_file("rate_comma.csv", sample_with(4, 12, "91,25"))).application_at(2).rate,
                     91.25);
    struct bad { std::size_t line; std::string value, words; };
    for (const auto& b : std::vector<bad>{{3, "70.5", "did not win"}, {4, "-1", "not a rating"},
                                          {4, "high", "not a rating"}}) {
        try {
            (void)read_pgf_csv(temp_file("bad_rate.csv", sample_with(b.line, 12, b.value)));
            ADD_FAILURE() << b.value << ": expected parse_error";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), b.line) << b.value;
            EXPECT_EQ(e.field(), "rate") << b.value;
            EXPECT_NE(std::string(e.what()).find(b.words), std::string::npos) << e.what();
        }
    }
}

TEST(pgf, rejects_a_repeated_application_number_on_its_line) {
    const auto rows = naive_rows(sample);
    const auto p = temp_file("dup.csv", sample_with(15, 24, rows[0][24]));
    try {
        (void)read_pgf_csv(p);
        FAIL() << "expected parse_error";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 15u);
        EXPECT_EQ(e.field(), "req_num");
        EXPECT_NE(std::string(e.what()).find("duplicate"), std::string::npos) << e.what();
    }
}

TEST(pgf, reads_winner_marks_as_spreadsheets_write_them) {
    // Line 3 is a loser and line 4 a winner in the sample; marks swapped in other spellings.
    auto text = sample_with(3, 11, "1.0");
    const auto p1 = temp_file("marks1.csv", text);
    const auto a = read_pgf_csv(p1);
    EXPECT_EQ(a.application_at(1).status, civica::application_status::winner);
    // A loser has no rating: line 4's goes with its win.
    const auto p2 = temp_file("marks2.csv", with(sample_with(4, 11, "нет"), 4, 12, ""));
    EXPECT_EQ(read_pgf_csv(p2).application_at(2).status, civica::application_status::rejected);
    // «да» (two letters, four bytes) was refused; ИСТИНА/ЛОЖЬ, as a Russian Excel saves a
    // boolean cell, were too.
    for (const std::string won : {"да", "Да", "ИСТИНА", "Истина"}) {
        const auto p = temp_file("marks3.csv", sample_with(3, 11, won));
        EXPECT_EQ(read_pgf_csv(p).application_at(1).status, civica::application_status::winner) << won;
    }
    for (const std::string lost : {"ЛОЖЬ", "ложь", "НЕТ"}) {
        const auto p = temp_file("marks4.csv", with(sample_with(4, 11, lost), 4, 12, ""));
        EXPECT_EQ(read_pgf_csv(p).application_at(2).status, civica::application_status::rejected) << lost;
    }
}

TEST(pgf, line_ends_of_a_carriage_return_alone_are_said_as_such) {
    // The header was taken to run into the first row: "found \"level\rПроект № 1…\"".
    std::string text = sample_text();
    std::string cr;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        cr += text[i] == '\n' ? '\r' : text[i];
    }
    const auto p = temp_file("cr_only.csv", cr);
    try {
        (void)read_pgf_csv(p);
        FAIL();
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 1u);
        EXPECT_NE(std::string(e.what()).find("a carriage return not followed by a line feed"), std::string::npos)
            << e.what();
        EXPECT_EQ(std::string(e.what()).find("not the ФПГ layout"), std::string::npos) << e.what();
    }
}

TEST(pgf, a_row_of_separators_only_is_blank_as_in_the_other_csv_readers) {
    // A spreadsheet's emptied row (";;;…"): "column name is empty" here, skipped by the 360Giving
    // reader; now blank in every reader.
    std::string text = sample_text();
    const auto second = text.find('\n') + 1;
    text.insert(second, std::string(28, ';') + "\r\n \t" + std::string(27, ';') + ";  \n");
    text += std::string(28, ';');
    const auto ds = read_pgf_csv(temp_file("separators_only.csv", text));
    EXPECT_EQ(ds.applications().size(), read_pgf_csv(temp_file("plain.csv", sample_text())).applications().size());
    // A row of fewer fields is a short row, as in the other readers, empty or not.
    std::string short_row = sample_text();
    short_row.insert(second, std::string(5, ';') + "\n");
    EXPECT_THROW((void)read_pgf_csv(temp_file("short_row.csv", short_row)), civica::parse_error);
}

TEST(pgf, rejects_a_header_that_is_not_the_passports) {
    std::string text = sample_text();
    text.replace(0, 4, "title");
    const auto p = temp_file("bad_header.csv", text);
    try {
        (void)read_pgf_csv(p);
        FAIL();
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 1u);
        EXPECT_EQ(e.field(), "name");
    }
}

// What the registry's reader refuses, its writer refuses before writing, naming the
// application: a competition's year outside the Fund's (a dataset of 1995 was written, then not
// read), and an amount and co-funding whose total_money civica's money cannot hold (written as
// "-84467440737095516.-16").
TEST(pgf, the_writer_refuses_a_year_or_a_total_its_reader_refuses_and_writes_nothing) {
    civica::synth::national_options o;
    o.applications = 200;
    o.first_year = 1998;
    o.years = 3;
    const civica::dataset early = civica::synth::national(o);
    const fs::path p = civica_test::scratch_file("pgf_early.csv");
    try {
        civica::io::write_pgf_csv(early, p);
        ADD_FAILURE() << "a dataset of 1998 was written";
    } catch (const civica::validation_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("is of a 1998 competition; the layout's year column holds the years 2000..2100"),
                  std::string::npos) << m;
    }
    EXPECT_FALSE(fs::exists(p));
    o.first_year = 2000;
    const civica::dataset from_2000 = civica::synth::national(o);
    civica::io::write_pgf_csv(from_2000, p);
    EXPECT_EQ(read_pgf_csv(p).applications().size(), from_2000.applications().size());
    fs::remove(p);

    const civica::dataset big = read_pgf_csv(sample);
    civica::dataset huge;
    huge.info() = big.info();
    civica::application a = big.application_at(0);
    for (const auto& m : big.municipalities().rows()) huge.add(m);
    for (const auto& org : big.organizations().rows()) huge.add(org);
    for (const auto& g : big.operators().rows()) huge.add(g);
    for (const auto& pr : big.programmes().rows()) huge.add(pr);
    for (const auto& c : big.competitions().rows()) huge.add(c);
    a.status = civica::application_status::submitted;
    a.awarded.reset();
    a.requested = civica::money::from_kopecks(std::numeric_limits<std::int64_t>::max() / 2 + 1);
    a.cofunding = a.requested.value();
    huge.add(a);
    try {
        civica::io::write_pgf_csv(huge, p);
        ADD_FAILURE() << "a total past civica's money was written";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("its amount and co-funding add up to more than civica's money holds"),
                  std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(p));
}

// A field longer than a CSV reader takes (input_limits::max_field_bytes) was written by the
// registry's own field writer, and the read-back left its row out with a warning: the writer now
// goes through the one CSV writer, which refuses it before anything is written, naming the
// application and the column. Quotes count doubled, as the reader counts them.
TEST(pgf, the_writer_refuses_a_field_its_reader_could_not_take_back_and_writes_nothing) {
    const civica::dataset a = read_pgf_csv(sample);
    const fs::path p = civica_test::scratch_file("pgf_long_field.csv");
    civica::dataset b;
    b.info() = a.info();
    for (const auto& m : a.municipalities().rows()) b.add(m);
    for (const auto& o : a.organizations().rows()) b.add(o);
    for (const auto& op : a.operators().rows()) b.add(op);
    for (const auto& pr : a.programmes().rows()) b.add(pr);
    for (const auto& c : a.competitions().rows()) b.add(c);
    civica::application w = a.application_at(0);
    w.title = std::string(40, 'a') + std::string(30, '"');  // 70 bytes, 100 as the reader counts them
    b.add(w);
    civica::text::input_limits lim = civica::text::current_limits();
    lim.max_field_bytes = 99;
    {
        civica::text::scoped_limits tight(lim);
        try {
            civica::io::write_pgf_csv(b, p);
            ADD_FAILURE() << "a title the reader cannot take was written";
        } catch (const civica::validation_error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("application " + w.id.str() + ", column name: a field of 100 bytes"), std::string::npos) << m;
            EXPECT_NE(m.find("max_field_bytes"), std::string::npos) << m;
        }
        EXPECT_FALSE(fs::exists(p));
    }
    lim.max_field_bytes = 100;
    civica::text::scoped_limits enough(lim);
    civica::io::write_pgf_csv(b, p);
    const civica::dataset back = read_pgf_csv(p);
    ASSERT_EQ(back.applications().size(), 1u);
    EXPECT_EQ(back.application_at(0).title, w.title);
    fs::remove(p);
}

TEST(pgf, writes_what_it_reads) {
    const civica::dataset a = read_pgf_csv(sample);
    const auto p = civica_test::scratch_file("pgf_roundtrip.csv");
    civica::io::write_pgf_csv(a, p);
    // The link of the Fund's site is not kept, so none is made up.
    EXPECT_EQ(civica_test::read_file(p).find("item?id="), std::string::npos);
    const civica::dataset b = read_pgf_csv(p);
    ASSERT_EQ(b.applications().size(), a.applications().size());
    for (std::size_t i = 0; i < a.applications().size(); ++i)
        EXPECT_EQ(a.application_at(i), b.application_at(i)) << i;
    EXPECT_EQ(a.organizations().rows(), b.organizations().rows());
    EXPECT_EQ(a.municipalities().rows(), b.municipalities().rows());
}

TEST(pgf, a_winner_without_a_stated_grant_is_written_without_an_amount_not_with_its_request) {
    // The registry's amount of a winner is its grant (the passport, column 14): the request
    // written there read back as a grant of that size.
    civica::dataset a = read_pgf_csv(sample);
    std::size_t r = 0;
    while (static_cast<civica::application_status>(a.applications().status()[r]) != civica::application_status::winner) ++r;
    civica::application w = a.application_at(r);
    civica::dataset b;
    for (const auto& m : a.municipalities().rows()) b.add(m);
    for (const auto& o : a.organizations().rows()) b.add(o);
    for (const auto& op : a.operators().rows()) b.add(op);
    for (const auto& p : a.programmes().rows()) b.add(p);
    for (const auto& c : a.competitions().rows()) b.add(c);
    w.awarded.reset();
    w.requested = civica::money::from_kopecks(50'000'000);
    b.add(w);
    const auto p = civica_test::scratch_file("pgf_winner_without_grant.csv");
    civica::io::write_pgf_csv(b, p);
    const civica::dataset back = read_pgf_csv(p);
    ASSERT_EQ(back.applications().size(), 1u);
    const civica::application read = back.application_at(0);
    EXPECT_EQ(read.status, civica::application_status::winner);
    EXPECT_FALSE(read.awarded.has_value());
    EXPECT_FALSE(read.requested.has_value());
}

TEST(pgf, competitions_sharing_a_name_stay_apart_through_the_registry) {
    // An annual contest of one name (two years), and two rounds of one year of one name: the
    // writer wrote the name alone, so its reader refused the file (a contest of two years) or
    // merged the two rounds into one competition.
    const civica::dataset a = read_pgf_csv(sample);
    const civica::application first = a.application_at(0);
    const civica::competition& base = a.get(first.competition);
    civica::dataset b;
    for (const auto& m : a.municipalities().rows()) b.add(m);
    for (const auto& o : a.organizations().rows()) b.add(o);
    for (const auto& op : a.operators().rows()) b.add(op);
    for (const auto& p : a.programmes().rows()) b.add(p);
    const std::vector<std::pair<int, int>> year_round{{2020, 1}, {2021, 1}, {2021, 2}};
    for (std::size_t k = 0; k < year_round.size(); ++k) {
        civica::competition c = base;
        c.id = civica::competition_id("annual-" + std::to_string(k));
        c.name = "Конкурс социальных проектов";
        c.year = year_round[k].first;
        c.round = year_round[k].second;
        c.window = {};
        b.add(c);
        civica::application x = first;
        x.id = civica::application_id("app-" + std::to_string(k));
        x.competition = c.id;
        x.submitted = civica::date(c.year, 1, 15);
        x.implementation = {civica::date(c.year, 3, 1), civica::date(c.year, 9, 30)};
        b.add(x);
    }
    const auto p = civica_test::scratch_file("pgf_shared_contest_names.csv");
    civica::io::write_pgf_csv(b, p);
    const civica::dataset back = read_pgf_csv(p);
    ASSERT_EQ(back.competitions().size(), 3u);
    ASSERT_EQ(back.applications().size(), 3u);
    std::set<std::pair<int, int>> got;
    std::set<std::string> names;
    for (std::size_t i = 0; i < 3; ++i) {
        const civica::competition& c = back.get(back.application_at(i).competition);
        got.insert({c.year, c.round});
        names.insert(c.name);
        EXPECT_NE(c.name.find("Конкурс социальных проектов"), std::string::npos) << c.name;
    }
    const std::set<std::pair<int, int>> expected(year_round.begin(), year_round.end());
    EXPECT_EQ(got, expected);
    EXPECT_EQ(names.size(), 3u);
}

// A synthetic national dataset of n applications and its ФПГ file in the temp folder.
std::pair<civica::dataset, fs::path> synth_file(std::size_t n, const std::string& name) {
    civica::synth::national_options o;
    o.applications = n;
    auto syn = civica::synth::national(o);
    auto p = civica_test::scratch_file("pgf_" + name + ".csv");
    civica::io::write_pgf_csv(syn, p);
    return {std::move(syn), p};
}

TEST(pgf, parses_a_large_file_the_same_on_one_or_two_threads) {
    const auto [syn, p] = synth_file(8000, "synth");
    ASSERT_GT(fs::file_size(p), 1u << 20);  // large enough to be split
    civica::io::pgf_options one, two;
    one.threads = 1;
    two.threads = 2;
    const auto a = read_pgf_csv(p, one);
    const auto b = read_pgf_csv(p, two);
    ASSERT_EQ(a.applications().size(), syn.applications().size());
    EXPECT_TRUE(a == b);
    // Every synthetic winner keeps its award and organisation.
    long long s1 = 0, s2 = 0;
    for (auto k : syn.applications().awarded()) if (k != civica::missing_kopecks) s1 += k;
    for (auto k : a.applications().awarded()) if (k != civica::missing_kopecks) s2 += k;
    EXPECT_EQ(s1, s2);
}

// A spreadsheet may save the registry with ',' or tabs: the separator is taken from the
// header, on one thread and on several, and a separator given that the file does not use is
// refused at the header.
TEST(pgf, reads_a_file_saved_with_commas_or_tabs_as_the_semicolon_file) {
    const auto [syn, p] = synth_file(8000, "separators");
    std::ifstream in(p, std::ios::binary);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    const auto semicolons = read_pgf_csv(p);
    for (const char sep : {',', '\t'}) {
        const auto f = temp_file(sep == ',' ? "commas.csv" : "tabs.csv", civica_test::resaved_with(text, ';', sep, "\r\n"));
        ASSERT_GT(fs::file_size(f), 1u << 20);
        for (const unsigned threads : {1u, 2u}) {
            civica::io::pgf_options o;
            o.threads = threads;
            auto d = read_pgf_csv(f, o);
            d.info() = semicolons.info();  // the info names the file read
            EXPECT_TRUE(d == semicolons) << int(sep) << " on " << threads << " threads";
        }
        civica::io::pgf_options wrong;
        wrong.separator = ';';
        try {
            (void)read_pgf_csv(f, wrong);
            ADD_FAILURE() << "a file with separator " << int(sep) << " was read as ';'-separated";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), 1u);
            EXPECT_NE(std::string(e.what()).find("not the ФПГ layout"), std::string::npos) << e.what();
        }
    }
}

// Russian Excel saves CSV in Windows-1251. Such a file reads as its UTF-8 twin, small (one
// thread) and large (several threads over the converted copy); asked for UTF-8, it is refused.
TEST(pgf, reads_a_windows1251_file_as_its_utf8_twin) {
    const fs::path bundled = fs::path(CIVICA_TEST_DATA_DIR) / "pgf" / "windows1251.csv";
    std::string cp;
    {
        std::ifstream in(bundled, std::ios::binary);
        cp.assign(std::istreambuf_iterator<char>(in), {});
    }
    ASSERT_EQ(civica::text::detect_encoding(cp), civica::text::text_encoding::windows1251);
    const auto utf8 = temp_file("cp1251_twin.csv", civica::text::windows1251_to_utf8(cp));
    const auto from_cp = read_pgf_csv(bundled);
    auto from_utf8 = read_pgf_csv(utf8);
    from_utf8.info() = from_cp.info();  // the info names the file read
    EXPECT_GT(from_cp.applications().size(), 0u);
    EXPECT_TRUE(from_cp == from_utf8);
    civica::io::pgf_options strict;
    strict.encoding = civica::text::text_encoding::utf8;
    EXPECT_THROW((void)read_pgf_csv(bundled, strict), civica::parse_error);
    // One row left in UTF-8 (pasted from the published file) is refused at its line, not read
    // as "РџСЂРѕРµРєС‚".
    {
        const std::string sample_cp = civica::text::utf8_to_windows1251(sample_text());
        std::size_t at = 0;
        for (int n = 1; n < 7; ++n) at = sample_cp.find('\n', at) + 1;  // the start of line 7
        const std::size_t end = sample_cp.find('\n', at);
        const auto mixed = temp_file("cp1251_mixed.csv", sample_cp.substr(0, at) +
                                                             civica::text::windows1251_to_utf8(sample_cp.substr(at, end - at)) +
                                                             sample_cp.substr(end));
        try {
            (void)read_pgf_csv(mixed);
            FAIL() << "a file of two encodings read";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), 7u) << e.what();
            EXPECT_EQ(e.file(), mixed.filename().string());
        }
    }

    const auto [syn, p] = synth_file(8000, "cp1251_large");
    std::ifstream in(p, std::ios::binary);
    const std::string text(std::istreambuf_iterator<char>(in), {});
    const auto big = temp_file("cp1251_large.csv", civica::text::utf8_to_windows1251(text));
    ASSERT_GT(fs::file_size(big), 1u << 20);
    civica::io::pgf_options two;
    two.threads = 2;
    const auto a = read_pgf_csv(p, two);
    auto b = read_pgf_csv(big, two);
    b.info() = a.info();
    ASSERT_EQ(b.applications().size(), syn.applications().size());
    EXPECT_TRUE(a == b);
    fs::remove(big);
}

// Two threads split the file at a line break near its middle. When that break lies inside a
// quoted field (a project name with line breaks), the split must move past it: the result
// equals a one-thread read, and lines named in errors and skip lists count every physical
// line, as counted here in the text itself.
TEST(pgf, splits_a_file_for_two_threads_outside_quoted_line_breaks) {
    const auto [syn, p] = synth_file(8000, "quoted_middle");
    std::string text;
    {
        std::ifstream in(p, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    fs::remove(p);
    const std::string plain = text;
    // A 20 KB name with a line break every 40 bytes, given to the record that starts just
    // before the middle of the body: the middle of the longer file falls inside that name.
    const std::size_t body = text.find('\n') + 1;
    const std::size_t start = text.rfind('\n', body + (text.size() - body) / 2) + 1;
    std::string name = "\"";
    while (name.size() < 20000) name += "Проект \"\"Дом\"\" для всех\n";
    name += "\"";
    const std::size_t name_end = text.find(';', start);
    text.replace(start, name_end - start, name);
    const std::size_t mid = body + (text.size() - body) / 2;
    ASSERT_GT(mid, start);
    ASSERT_LT(mid, start + name.size());
    const auto good_path = temp_file("quoted_middle_good.csv", text);
    civica::io::pgf_options one, two;
    one.threads = 1;
    two.threads = 2;
    const auto a = read_pgf_csv(good_path, one);
    const auto b = read_pgf_csv(good_path, two);
    EXPECT_TRUE(a == b);
    ASSERT_EQ(b.applications().size(), syn.applications().size());
    std::string unquoted = name.substr(1, name.size() - 2);
    for (std::size_t at = 0; (at = unquoted.find("\"\"", at)) != std::string::npos; ++at) unquoted.erase(at, 1);
    EXPECT_NE(b.applications().title().find(unquoted), civica::no_row);

    // A wrong INN on a record three quarters in, with and without the quoted name before it.
    const std::string* texts[] = {&text, &plain};
    for (const std::string* t : texts) {
        const std::size_t late = t->find('\n', t->size() * 3 / 4) + 1;
        const std::size_t late_line = 1 + static_cast<std::size_t>(std::count(t->begin(), t->begin() + static_cast<std::ptrdiff_t>(late), '\n'));
        std::string bad = *t;
        std::size_t at = late;
        for (int col = 0; col < 7; ++col) at = bad.find(';', at) + 1;  // the eighth column, inn
        bad.replace(at, bad.find(';', at) - at, "7707083894");      // checksum digit off by one
        const auto bad_path = temp_file("quoted_middle_bad.csv", bad);
        for (auto* o : {&one, &two}) {
            const std::string what = std::to_string(o->threads) + " threads, quoted name: " + (t == &text ? "yes" : "no");
            try {
                (void)read_pgf_csv(bad_path, *o);
                ADD_FAILURE() << "a wrong INN checksum was accepted; " << what;
            } catch (const civica::parse_error& e) {
                EXPECT_EQ(e.line(), late_line) << what << ": " << e.what();
            }
            std::vector<civica::io::problem> skipped;
            civica::io::pgf_options s = *o;
            s.skip_bad_records = true;
            s.skipped = &skipped;
            const auto ds = read_pgf_csv(bad_path, s);
            EXPECT_EQ(ds.applications().size(), syn.applications().size() - 1) << what;
            ASSERT_EQ(skipped.size(), 1u) << what;
            EXPECT_EQ(skipped[0].line, late_line) << what;
            EXPECT_EQ(skipped[0].field, "inn") << what;
        }
    }
}

// 60 000 applications are a file of about 37 MB: each of the two threads parses more than one
// window and gives the pages parsed back, so every string kept must be a copy. The result is
// checked against the dataset the file was written from.
TEST(pgf, reads_a_file_of_many_parse_windows_like_the_dataset_it_came_from) {
    const auto [syn, p] = synth_file(64000, "windows");
    ASSERT_GT(fs::file_size(p), 2 * (std::uintmax_t{16} << 20));
    civica::io::pgf_options two;
    two.threads = 2;
    const auto a = read_pgf_csv(p, two);
    const auto& s = syn.applications();
    const auto& t = a.applications();
    ASSERT_EQ(t.size(), s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        ASSERT_EQ(t.ids()[i], s.ids()[i]) << i;
        ASSERT_EQ(t.title()[i], s.title()[i]) << i;
        ASSERT_EQ(t.direction()[i], s.direction()[i]) << i;
        // The layout has one amount: the grant for a winner, the request otherwise.
        ASSERT_EQ(t.awarded()[i], s.awarded()[i]) << i;
        if (s.awarded()[i] == civica::missing_kopecks) {
            ASSERT_EQ(t.requested()[i], s.requested()[i]) << i;
        }
        ASSERT_EQ(t.cofunding()[i], s.cofunding()[i]) << i;
        const auto& org_a = a.organizations()[static_cast<std::size_t>(t.applicant()[i])];
        const auto& org_s = syn.organizations()[static_cast<std::size_t>(s.applicant()[i])];
        ASSERT_EQ(org_a.inn, org_s.inn) << i;
        ASSERT_EQ(org_a.full_name, org_s.full_name) << i;
        ASSERT_EQ(org_a.ogrn, org_s.ogrn) << i;
    }
    fs::remove(p);
}

// The UTF-8 check goes sixteen bytes at a time through runs of Cyrillic: a character cut
// anywhere (its continuation byte replaced by ASCII) is found and its line named, and three-
// and four-byte characters among the Cyrillic ones are kept intact.
TEST(pgf, checks_utf8_through_cyrillic_runs_and_names_the_line) {
    std::string title;
    for (int i = 0; i < 12; ++i) title += "Проект ";
    title += "€ 😀 Ёж";
    const auto ok = temp_file("utf8_ok.csv", sample_with(4, 0, title));
    const civica::dataset ds = read_pgf_csv(ok);
    EXPECT_EQ(ds.applications().title()[2], title);

    std::size_t cut = 0;
    for (std::size_t at = 0; at + 1 < title.size() && at < 60; ++at) {
        if ((static_cast<unsigned char>(title[at]) & 0xE0) != 0xC0) continue;  // lead bytes of two-byte characters
        std::string bad = title;
        bad[at + 1] = 'x';
        const auto p = temp_file("utf8_bad.csv", sample_with(5, 0, bad));
        try {
            (void)read_pgf_csv(p);
            ADD_FAILURE() << "a cut character at byte " << at << " was accepted";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), 5u) << at;
            EXPECT_NE(std::string(e.what()).find("UTF-8"), std::string::npos) << e.what();
        }
        ++cut;
    }
    EXPECT_GT(cut, 20u);
    // An overlong encoding of '/' (C0 AF) and a lone continuation byte are refused too.
    for (const std::string bad : {"Проект \xC0\xAF", "Проект \x80 проект"}) {
        const auto p = temp_file("utf8_bad2.csv", sample_with(3, 0, bad));
        EXPECT_THROW((void)read_pgf_csv(p), civica::parse_error) << bad;
    }
}

TEST(pgf, computes_the_panel_against_hand_counts) {
    const auto rows = naive_rows(sample);
    const civica::dataset ds = read_pgf_csv(sample);
    std::map<std::string, std::int64_t, std::less<>> pop{
        {"Москва", 13'000'000}, {"Республика Адыгея", 500'000},
        {"Ханты-Мансийский автономный округ – Югра", 1'700'000}};
    const auto p = civica::analysis::compute_pgf_panel(ds, pop);

    // (1) year × region by hand.
    std::map<std::pair<int, std::string>, std::array<int, 3>> cells;  // apps, winners, decided
    std::map<std::string, std::map<std::string, long long>> region_org_award;
    std::map<std::string, long long> last_year_award;
    for (const auto& f : rows) {
        auto& c = cells[{std::stoi(f[2]), f[5]}];
        ++c[0];
        if (f[11] == "True") {
            ++c[1];
            region_org_award[f[5]][f[7]] += kopecks_of(f[13]);
            if (f[2] == "2022") last_year_award[f[5]] += kopecks_of(f[13]);
        }
        if (!f[11].empty()) ++c[2];
    }
    ASSERT_EQ(p.by_region_year.size(), cells.size());
    for (std::size_t i = 0; i < p.by_region_year.size(); ++i) {
        const auto& c = cells.at({p.by_region_year[i], p.by_region_region[i]});
        EXPECT_EQ(p.by_region_applications[i], c[0]);
        EXPECT_EQ(p.by_region_winners[i], c[1]);
        EXPECT_DOUBLE_EQ(p.by_region_success_rate[i], static_cast<double>(c[1]) / c[2]);
    }
    // (4) HHI by hand: Σ (x / Σx)².
    for (std::size_t i = 0; i < p.concentration_region.size(); ++i) {
        const auto& m = region_org_award.at(p.concentration_region[i]);
        double total = 0, h = 0;
        for (const auto& kv : m) total += static_cast<double>(kv.second);
        for (const auto& kv : m) h += std::pow(static_cast<double>(kv.second) / total, 2);
        EXPECT_NEAR(p.concentration_hhi[i], h, 1e-12);
        EXPECT_EQ(p.concentration_recipients[i], static_cast<std::int64_t>(m.size()));
    }
    // (6) per capita in 2022, ranked.
    EXPECT_EQ(p.per_capita_year, 2022);
    ASSERT_EQ(p.per_capita_region.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const double v = static_cast<double>(last_year_award[p.per_capita_region[i]]) / 100.0 /
                         static_cast<double>(pop.at(p.per_capita_region[i]));
        EXPECT_NEAR(p.per_capita_rub[i], v, 1e-12);
        int better = 0;
        for (std::size_t j = 0; j < 3; ++j) better += p.per_capita_rub[j] > p.per_capita_rub[i];
        EXPECT_EQ(p.per_capita_rank[i], better + 1);
    }
    // (3) the top recipient has the largest sum by INN.
    std::map<std::string, long long> by_inn;
    for (const auto& f : rows)
        if (f[11] == "True") by_inn[f[7]] += kopecks_of(f[13]);
    long long best = 0;
    for (const auto& kv : by_inn) best = std::max(best, kv.second);
    ASSERT_FALSE(p.top_awarded.empty());
    EXPECT_EQ(p.top_awarded[0], best);
}

}  // namespace

namespace {

TEST(dataset_bulk, add_organizations_is_all_or_nothing_and_names_the_bad_row) {
    civica::dataset ds = read_pgf_csv(sample);
    const std::size_t before = ds.organizations().size();
    std::vector<civica::organization> rows(3);
    rows[0].id = civica::organization_id("bulk-org-1");
    rows[0].full_name = "АНО «Первая»";
    rows[0].inn = "7707083893";  // valid checksum
    rows[1].id = civica::organization_id("bulk-org-2");
    rows[1].full_name = "АНО «Вторая»";
    rows[1].inn = "7707083894";  // last digit wrong
    rows[2].id = civica::organization_id("bulk-org-3");
    rows[2].full_name = "АНО «Третья»";
    std::size_t bad = 99;
    EXPECT_THROW(civica::detail::dataset_loader::add_organizations(ds, rows, &bad), civica::validation_error);
    EXPECT_EQ(bad, 1u);
    EXPECT_EQ(ds.organizations().size(), before);
    EXPECT_EQ(ds.organizations().find("bulk-org-1"), civica::no_row);

    rows[1].inn.clear();
    civica::detail::dataset_loader::add_organizations(ds, rows);
    ASSERT_EQ(ds.organizations().size(), before + 3);
    EXPECT_EQ(ds.organizations().find("bulk-org-3"), static_cast<civica::row_index>(before + 2));
    EXPECT_EQ(ds.organizations()[before].inn, "7707083893");
    // A duplicate id, within the call or of a row already present, is refused.
    std::vector<civica::organization> again(1);
    again[0].id = civica::organization_id("bulk-org-2");
    again[0].full_name = "АНО «Вторая»";
    EXPECT_THROW(civica::detail::dataset_loader::add_organizations(ds, again, &bad), civica::validation_error);
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(ds.organizations().size(), before + 3);
}

// Into an empty table the rows are taken as a whole: a refused call still leaves nothing, and
// a good one indexes every id at its row.
TEST(dataset_bulk, add_organizations_into_an_empty_table_keeps_rows_and_ids_together) {
    civica::dataset ds;
    std::vector<civica::organization> rows(4);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = civica::organization_id("fresh-" + std::to_string(i));
        rows[i].full_name = "АНО №" + std::to_string(i);
    }
    rows[2].id = rows[0].id;  // a duplicate within the call
    std::size_t bad = 99;
    EXPECT_THROW(civica::detail::dataset_loader::add_organizations(ds, rows, &bad), civica::validation_error);
    EXPECT_EQ(bad, 2u);
    EXPECT_EQ(ds.organizations().size(), 0u);
    EXPECT_EQ(ds.organizations().find("fresh-0"), civica::no_row);
    EXPECT_EQ(ds.organizations().find("fresh-1"), civica::no_row);

    rows[2].id = civica::organization_id("fresh-2");
    civica::detail::dataset_loader::add_organizations(ds, rows);
    ASSERT_EQ(ds.organizations().size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(ds.organizations().find("fresh-" + std::to_string(i)), static_cast<civica::row_index>(i));
        EXPECT_EQ(ds.organizations()[i].full_name, "АНО №" + std::to_string(i));
    }
    // The same rows one by one make the same dataset.
    civica::dataset one_by_one;
    for (const auto& r : rows) one_by_one.add(r);
    EXPECT_TRUE(ds == one_by_one);
}

// A large call (ids hashed once, index slots fetched ahead) finds a duplicate far into the call
// and one of a row added before, and otherwise indexes every id at its row.
TEST(dataset_bulk, add_organizations_finds_duplicates_in_a_large_call) {
    civica::dataset ds;
    std::vector<civica::organization> first(1);
    first[0].id = civica::organization_id("large-early");
    first[0].full_name = "АНО «Ранняя»";
    civica::detail::dataset_loader::add_organizations(ds, first);

    std::vector<civica::organization> rows(5000);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].id = civica::organization_id("large-" + std::to_string(i));
        rows[i].full_name = "АНО №" + std::to_string(i);
    }
    std::size_t bad = 99;
    rows[3700].id = rows[12].id;  // a duplicate within the call
    EXPECT_THROW(civica::detail::dataset_loader::add_organizations(ds, rows, &bad), civica::validation_error);
    EXPECT_EQ(bad, 3700u);
    rows[3700].id = first[0].id;  // the id of a row already present
    EXPECT_THROW(civica::detail::dataset_loader::add_organizations(ds, rows, &bad), civica::validation_error);
    EXPECT_EQ(bad, 3700u);
    EXPECT_EQ(ds.organizations().size(), 1u);
    EXPECT_EQ(ds.organizations().find("large-12"), civica::no_row);

    rows[3700].id = civica::organization_id("large-3700");
    civica::detail::dataset_loader::add_organizations(ds, rows);
    ASSERT_EQ(ds.organizations().size(), 5001u);
    for (std::size_t i = 0; i < rows.size(); ++i)
        ASSERT_EQ(ds.organizations().find("large-" + std::to_string(i)), static_cast<civica::row_index>(i + 1));
}

// Room made ahead for several calls changes nothing in what they store.
TEST(dataset_bulk, reserved_applications_added_in_two_calls_equal_one_call) {
    civica::dataset whole = read_pgf_csv(sample), split = read_pgf_csv(sample);
    std::vector<std::string> ids;
    for (int i = 0; i < 1000; ++i) ids.push_back("reserved-" + std::to_string(i));
    auto columns = [&](std::size_t from, std::size_t to) {
        civica::detail::application_columns c;
        for (std::size_t i = from; i < to; ++i) {
            c.id.push_back(ids[i]);
            c.title.push_back("Проект");
            c.direction.push_back("Спорт");
            c.competition.push_back(0);
            c.applicant.push_back(static_cast<civica::row_index>(i % 3));
            c.applicant_type.push_back(0);
            c.status.push_back(static_cast<std::uint8_t>(civica::application_status::rejected));
            c.requested.push_back(static_cast<std::int64_t>(1000 * (i + 1)));
            c.cofunding.push_back(0);
            c.awarded.push_back(civica::missing_kopecks);
            c.submitted.push_back(civica::missing_day);
            c.implementation_start.push_back(civica::missing_day);
            c.implementation_end.push_back(civica::missing_day);
        }
        return c;
    };
    const std::size_t before = whole.applications().size();
    civica::detail::dataset_loader::add_applications(whole, columns(0, 1000));
    civica::detail::dataset_loader::reserve_applications(split, 1000);
    civica::detail::dataset_loader::add_applications(split, columns(0, 400));
    civica::detail::dataset_loader::add_applications(split, columns(400, 1000));
    EXPECT_TRUE(whole == split);
    for (std::size_t i = 0; i < 1000; i += 111)
        EXPECT_EQ(split.applications().ids().find(ids[i]), static_cast<civica::row_index>(before + i)) << i;
}

TEST(dataset_bulk, add_applications_is_all_or_nothing_and_names_the_bad_row) {
    civica::dataset ds = read_pgf_csv(sample);
    const std::size_t before = ds.applications().size();
    civica::detail::application_columns c;
    auto push = [&](std::string_view id, civica::application_status s, std::int64_t awarded) {
        c.id.push_back(id);
        c.title.push_back("Проект");
        c.direction.push_back("Сохранение исторической памяти");
        c.competition.push_back(0);
        c.applicant.push_back(0);
        c.applicant_type.push_back(0);
        c.status.push_back(static_cast<std::uint8_t>(s));
        c.requested.push_back(100'000'00);
        c.cofunding.push_back(0);
        c.awarded.push_back(awarded);
        c.submitted.push_back(civica::missing_day);
        c.implementation_start.push_back(civica::missing_day);
        c.implementation_end.push_back(civica::missing_day);
    };
    push("bulk-1", civica::application_status::winner, 90'000'00);
    // A rejected application with an awarded amount breaks the rule of add(application).
    push("bulk-2", civica::application_status::rejected, 50'000'00);
    std::size_t bad = 99;
    EXPECT_THROW(civica::detail::dataset_loader::add_applications(ds, c, &bad), civica::validation_error);
    EXPECT_EQ(bad, 1u);
    EXPECT_EQ(ds.applications().size(), before);
    EXPECT_EQ(ds.applications().ids().find("bulk-1"), civica::no_row);

    // A code past an enumeration's names (application_status has five, applicant_kind two) is
    // refused as add(application) refuses it.
    c.awarded[1] = civica::missing_kopecks;
    for (const auto& [status, type, says] : {std::tuple<std::uint8_t, std::uint8_t, std::string>{5, 0, "unknown status 5"},
                                             {3, 2, "unknown applicant type 2"}}) {
        auto odd = c;
        odd.status[0] = status;
        odd.applicant_type[0] = type;
        std::size_t bad_code = 99;
        try {
            civica::detail::dataset_loader::add_applications(ds, odd, &bad_code);
            ADD_FAILURE() << says << " was taken";
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
            EXPECT_EQ(e.field(), type == 2 ? "applicant_type" : "status");
        }
        EXPECT_EQ(bad_code, 0u);
        EXPECT_EQ(ds.applications().size(), before);
    }
    civica::detail::dataset_loader::add_applications(ds, c);
    EXPECT_EQ(ds.applications().size(), before + 2);
    // The same rows through the row-by-row path give the same stored application.
    EXPECT_EQ(ds.application_at(before).awarded, civica::money::from_kopecks(90'000'00));
    EXPECT_EQ(ds.application_at(before + 1).status, civica::application_status::rejected);

    // The rating follows the rule of add(application): winners only.
    const std::size_t rated = ds.applications().size();
    c.id = {"bulk-3", "bulk-4"};
    c.rate = {77.5, 60.0};  // bulk-4 is rejected: it may not have one
    std::size_t bad_rate = 99;
    EXPECT_THROW(civica::detail::dataset_loader::add_applications(ds, c, &bad_rate), civica::validation_error);
    EXPECT_EQ(bad_rate, 1u);
    EXPECT_EQ(ds.applications().size(), rated);
    c.rate[1] = std::numeric_limits<double>::quiet_NaN();
    civica::detail::dataset_loader::add_applications(ds, c);
    EXPECT_EQ(ds.application_at(rated).rate, 77.5);
    EXPECT_FALSE(ds.application_at(rated + 1).rate.has_value());
}

}  // namespace

namespace {

// The dictionary form of titles and directions and ids with their hashes given ahead store the
// same applications as the plain form.
TEST(dataset_bulk, dictionary_coded_columns_store_the_same_applications) {
    civica::dataset plain = read_pgf_csv(sample), coded = read_pgf_csv(sample);
    civica::detail::application_columns a, b;
    const std::vector<std::string_view> titles{"Память", "Семья", ""}, dirs{"Культура", "Спорт"};
    for (std::uint32_t i = 0; i < 7; ++i) {
        for (auto* c : {&a, &b}) {
            c->id.push_back(i % 2 ? std::string_view("coded-odd-") : std::string_view("coded-even-"));
            c->competition.push_back(0);
            c->applicant.push_back(static_cast<civica::row_index>(i % 3));
            c->applicant_type.push_back(0);
            c->status.push_back(static_cast<std::uint8_t>(civica::application_status::rejected));
            c->requested.push_back(1000 * (i + 1));
            c->cofunding.push_back(0);
            c->awarded.push_back(civica::missing_kopecks);
            c->submitted.push_back(civica::missing_day);
            c->implementation_start.push_back(civica::missing_day);
            c->implementation_end.push_back(civica::missing_day);
        }
        a.title.push_back(titles[i % 3]);
        a.direction.push_back(dirs[i % 2]);
        b.title_code.push_back(i % 3);
        b.direction_code.push_back(i % 2);
    }
    // distinct ids
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back("coded-" + std::to_string(i));
    for (std::size_t i = 0; i < 7; ++i) a.id[i] = b.id[i] = ids[i];
    b.title_dictionary = titles;
    b.direction_dictionary = dirs;
    for (auto id : b.id) b.id_hash.push_back(civica::detail::hash_bytes(id));
    civica::detail::dataset_loader::add_applications(plain, a);
    civica::detail::dataset_loader::add_applications(coded, b);
    EXPECT_TRUE(plain == coded);
    const std::size_t n = plain.applications().size();
    EXPECT_EQ(coded.applications().title()[n - 1], "Память");  // row 6: 6 % 3 == 0
    EXPECT_EQ(coded.applications().direction()[n - 2], "Спорт");
    EXPECT_EQ(coded.applications().ids().find("coded-4"), static_cast<civica::row_index>(n - 3));

    // A code beyond its dictionary, or a hash column of another length, is refused whole.
    auto bad = b;
    for (auto& id : ids) id += "-again";
    for (std::size_t i = 0; i < 7; ++i) bad.id[i] = ids[i];
    bad.id_hash.clear();
    bad.title_code[3] = 3;
    EXPECT_THROW(civica::detail::dataset_loader::add_applications(coded, bad), civica::validation_error);
    bad.title_code[3] = 0;
    bad.id_hash.assign(6, 0);
    EXPECT_THROW(civica::detail::dataset_loader::add_applications(coded, bad), civica::validation_error);
    EXPECT_EQ(coded.applications().size(), n);
}

}  // namespace
