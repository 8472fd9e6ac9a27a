// Tests of the 360Giving flat CSV reader and writer, the extras kept beside the dataset, and
// check_360giving (civica/io/threesixtygiving.hpp).
//
// Independent truth: the two-row 360Giving fixture, with its totals worked out by hand from the
// file; abct_grants_360G-ABCT.csv, made from the real JSON file by make_abct_flat_csv.py with
// Python's csv/json modules only (so the CSV import is compared with the JSON import of the same
// grants); the real JSON read a second time with nlohmann_json; small hand-made files, one per
// data-quality check.
#include "civica/io/threesixtygiving.hpp"

#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/text.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <utility>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace civica::io;

namespace {

const fs::path data_dir = fs::path(CIVICA_TEST_DATA_DIR) / "threesixtygiving";
const fs::path fixture_csv = data_dir / "fundingproviders_grants_2_grants.csv";
const fs::path abct_json = data_dir / "abct_grants_360G-ABCT.json";
const fs::path abct_csv = data_dir / "abct_grants_360G-ABCT.csv";

fs::path temp_path(const std::string& name) {
    const fs::path dir = civica_test::scratch_file("360csv");
    fs::create_directories(dir);
    return dir / name;
}

fs::path write_text(const std::string& name, const std::string& text) {
    const fs::path p = temp_path(name);
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A grant every check accepts; tests change one thing in it.
json good_grant(const std::string& id) {
    return {{"id", id},
            {"title", "Grant " + id},
            {"description", "d"},
            {"currency", "GBP"},
            {"amountAwarded", 1000},
            {"awardDate", "2020-05-01"},
            {"recipientOrganization", json::array({{{"id", "GB-CHC-1000001"}, {"name", "Recipient"}}})},
            {"fundingOrganization", json::array({{{"id", "GB-CHC-2000002"}, {"name", "Funder"}}})}};
}

std::vector<problem> check_grants(const std::string& name, const json& grants) {
    return check_360giving(write_text(name, json{{"grants", grants}}.dump()));
}

// The problems with `check`.
std::vector<problem> with(const std::vector<problem>& ps, const std::string& check) {
    std::vector<problem> out;
    std::copy_if(ps.begin(), ps.end(), std::back_inserter(out), [&](const problem& p) { return p.check == check; });
    return out;
}

std::string dump(const std::vector<problem>& ps) {
    std::string s;
    for (const auto& p : ps) s += to_string(p) + "\n";
    return s;
}

}  // namespace

TEST(threesixtygiving_csv, refuses_the_real_fixture_row_without_a_recipient_id_naming_line_and_column) {
    // Row 1 of the fixture leaves "Recipient Org:Identifier" empty; the schema requires it.
    try {
        (void)read_360giving(fixture_csv);
        FAIL() << "a recipient without an id was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "fundingproviders_grants_2_grants.csv");
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "Recipient Org:Identifier");
        EXPECT_EQ(e.column(), 10u);
    }
    const auto problems = check_360giving(fixture_csv);
    const auto errors = with(problems, "missing_field");
    ASSERT_EQ(errors.size(), 1u) << dump(problems);
    EXPECT_EQ(errors[0].line, 2u);
    EXPECT_EQ(errors[0].field, "Recipient Org:Identifier");
    EXPECT_EQ(errors[0].record_id, "360G-fundingprovidersuk-000001/X/00/X");
    EXPECT_TRUE(has_errors(problems));
}

TEST(threesixtygiving_csv, reads_the_real_fixture_once_the_recipient_id_is_filled_in) {
    // The fixture with one change: the empty recipient id of row 1 filled in.
    std::string text = slurp(fixture_csv);
    const std::string from = "Large Awards,,,,Company Name Limited";
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, from.size(), "Large Awards,,,GB-COH-00000001,Company Name Limited");
    const auto p = write_text("fixture_filled.csv", text);

    const auto pkg = read_360giving(p);  // picked as CSV by its content
    // By hand from the file: two grants of 152505 and 178990 GBP to two recipients, awarded
    // 24/07/2014 by GB-CHC-000000 in programme AAC.
    EXPECT_EQ(pkg.data.info().currency, "GBP");
    ASSERT_EQ(pkg.grants, 2u);
    const auto& d = pkg.data;
    std::int64_t total = 0;
    std::set<std::int32_t> recipients;
    for (std::size_t r = 0; r < d.applications().size(); ++r) {
        total += d.applications().awarded()[r];
        recipients.insert(d.applications().applicant()[r]);
    }
    EXPECT_EQ(total, (152505 + 178990) * 100LL);
    EXPECT_EQ(recipients.size(), 2u);
    EXPECT_EQ(d.organizations().size(), 3u);  // two recipients and the funder
    const auto a = d.application_at(1);
    EXPECT_EQ(a.id.str(), "360G-fundingprovidersuk-000002/X/00/X");
    EXPECT_EQ(a.applicant, "GB-COH-RC000000");
    EXPECT_EQ(a.title, "Title B");
    EXPECT_EQ(a.direction, "Awards Funding Committee");
    EXPECT_EQ(d.get(a.competition).year, 2014);
    EXPECT_EQ(d.get(civica::organization_id("GB-COH-RC000000")).full_name, "University of UK");

    ASSERT_EQ(pkg.extras.size(), 2u);
    const auto& x = pkg.extras[0];
    EXPECT_EQ(x.id, "360G-fundingprovidersuk-000001/X/00/X");
    EXPECT_EQ(d.application_at(0).decided, civica::date(2014, 7, 24));
    ASSERT_TRUE(x.planned_duration_months.has_value());
    EXPECT_EQ(*x.planned_duration_months, 30.0);
    const json extra = json::parse(x.extra_keys);
    EXPECT_EQ(extra.at("Grant number"), "000001/X/00/X");
    EXPECT_EQ(extra.at("Surname of applicant"), "Roe");
    EXPECT_EQ(extra.at("Data source"), "http://www.fundingproviders.co.uk/grants/");
    EXPECT_EQ(extra.at("Co-applicant(s)"), "Miss Hypatia Alexandria, Mr Thomas Aquinas");
    EXPECT_FALSE(extra.contains("Sponsor(s)"));  // a blank cell is no value
    EXPECT_EQ(pkg.extras[1].planned_duration_months.value_or(0), 25.0);

    // Everything the checks flag in the filled-in fixture is a warning at most.
    EXPECT_FALSE(has_errors(check_360giving(p))) << dump(check_360giving(p));
}

// The checks detect the separator from the header as the reader does: the real ABCT flat CSV
// saved with ';' (cells holding ';' quoted) is checked as the ','-separated original is.
TEST(threesixtygiving_csv, the_checks_detect_the_separator_as_the_reader_does) {
    const fs::path original = data_dir / "abct_grants_360G-ABCT.csv";
    const auto rows = civica::text::parse_csv(slurp(original));
    ASSERT_GT(rows.size(), 100u);
    std::string semicolons;
    bool quoted = false;
    for (const auto& row : rows) {
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k) semicolons += ';';
            quoted = quoted || row[k].find(';') != std::string::npos;
            semicolons += civica::text::csv_escape(row[k], ';');
        }
        semicolons += '\n';
    }
    ASSERT_TRUE(quoted) << "the test wants cells that hold ';'";
    const auto p = write_text("abct_semicolons.csv", semicolons);
    // The same grants (the dataset's name comes from the file's).
    const auto a = read_360giving(p), b = read_360giving(original);
    ASSERT_EQ(a.grants, b.grants);
    EXPECT_EQ(a.extras, b.extras);
    for (std::size_t r = 0; r < a.data.applications().size(); ++r)
        EXPECT_EQ(a.data.application_at(r), b.data.application_at(r));
    const auto expected = check_360giving(original), got = check_360giving(p);
    EXPECT_FALSE(has_errors(got)) << dump(got);
    ASSERT_EQ(got.size(), expected.size()) << dump(got);
    for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].check, expected[i].check);
        EXPECT_EQ(got[i].line, expected[i].line);
        EXPECT_EQ(got[i].record_id, expected[i].record_id);
    }
}

TEST(threesixtygiving_csv, a_csv_made_by_python_from_the_real_json_imports_like_the_json) {
    const auto from_json = read_360giving(abct_json);
    const auto from_csv = read_360giving(abct_csv);
    EXPECT_EQ(from_csv.data.info().currency, "GBP");
    ASSERT_EQ(from_csv.grants, 783u);
    civica::dataset csv_data = from_csv.data;
    EXPECT_EQ(csv_data.info().source, "360Giving flat CSV");
    csv_data.info() = from_json.data.info();  // the package name and source differ by design
    EXPECT_TRUE(csv_data == from_json.data);

    ASSERT_EQ(from_csv.extras.size(), from_json.extras.size());
    const json raw = json::parse(slurp(abct_json));
    for (std::size_t i = 0; i < from_csv.extras.size(); ++i) {
        const auto& c = from_csv.extras[i];
        const json& g = raw["grants"][i];
        EXPECT_EQ(c.id, g["id"].get<std::string>());
        EXPECT_EQ(civica::format_date(from_csv.data.application_at(i).decided),
                  g["awardDate"].get<std::string>().substr(0, 10));
        EXPECT_EQ(c.description, g["description"].get<std::string>()) << c.id;
        EXPECT_EQ(c.beneficiary_locations, from_json.extras[i].beneficiary_locations) << c.id;
        const json extra = json::parse(c.extra_keys);
        EXPECT_EQ(extra.at("Award Date - website format"), g["Award Date - website format"]);
    }
}

TEST(threesixtygiving_csv, export_with_extras_and_reimport_keep_the_real_grants) {
    const auto pkg = read_360giving(abct_json);
    const fs::path out = temp_path("abct-export.csv");
    write_360giving_csv(pkg.data, out, {.extras = &pkg.extras});
    const std::string header = slurp(out).substr(0, slurp(out).find('\n'));
    EXPECT_NE(header.find("Amount Awarded"), std::string::npos) << header;
    EXPECT_NE(header.find("Beneficiary Location:Name"), std::string::npos) << header;
    EXPECT_NE(header.find("Website"), std::string::npos) << header;
    // The columns in the order of 360Giving's spreadsheet template (the schema's order): the
    // grant, its amounts and date, the recipient, the beneficiary location, the funder; the
    // publisher's own keys ("Website", "Award Date - website format") after them.
    EXPECT_TRUE(header.starts_with("Identifier,Title,Description,Currency,")) << header;
    std::vector<std::string> columns;
    std::istringstream fields(header);
    for (std::string f; std::getline(fields, f, ',');) columns.push_back(f);
    const auto column = [&](const std::string& title) {
        return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), title) - columns.begin());
    };
    std::size_t last = 0;
    for (const char* title : {"Identifier", "Amount Awarded", "Award Date", "Recipient Org:Identifier",
                              "Beneficiary Location:Name", "Funding Org:Identifier", "Grant Programme:Title",
                              "Award Date - website format", "Website"}) {
        ASSERT_LT(column(title), columns.size()) << title << " in " << header;
        EXPECT_GE(column(title), last) << title << " in " << header;
        last = column(title);
    }

    const auto again = read_360giving(out);
    civica::dataset data = again.data;
    data.info() = pkg.data.info();
    EXPECT_TRUE(data == pkg.data);
    ASSERT_EQ(again.extras.size(), pkg.extras.size());
    for (std::size_t i = 0; i < again.extras.size(); ++i) {
        EXPECT_EQ(again.data.application_at(i).decided, pkg.data.application_at(i).decided);
        EXPECT_EQ(again.extras[i].description, pkg.extras[i].description);
        EXPECT_EQ(again.extras[i].beneficiary_locations, pkg.extras[i].beneficiary_locations);
    }
}

TEST(threesixtygiving_csv, reads_raw_path_headers_second_items_and_classifications) {
    const auto p = write_text("raw.csv",
        "\xEF\xBB\xBFid,title,currency,amountAwarded,amountAppliedFor,awardDate,"
        "recipientOrganization/0/id,recipientOrganization/0/name,fundingOrganization/0/id,"
        "fundingOrganization/0/name,plannedDates/0/startDate,Planned Dates:End Date,"
        "beneficiaryLocation/0/name,Beneficiary Location:1:Name,Beneficiary Location:1:Geographic Code,"
        "classifications/0/vocabulary,Classifications:Code,Classifications:Title,Notes\n"
        "G-1,Память,RUB,1250000.50,1500000,2020-11-03T00:00:00+00:00,RU-INN-7707083893,НКО,"
        "RU-OGRN-1027700132195,Фонд,01/02/2021,2021-12-31,Москва,Ханты-Мансийск,71000000,"
        "civica:direction,7,Память,\"note, with comma\"\n");
    const auto pkg = read_360giving(p);
    ASSERT_EQ(pkg.grants, 1u);
    const auto a = pkg.data.application_at(0);
    EXPECT_EQ(a.awarded->kopecks(), 125000050);
    EXPECT_EQ(a.requested->kopecks(), 150000000);
    EXPECT_EQ(a.implementation.start, civica::date(2021, 2, 1));
    EXPECT_EQ(a.implementation.end, civica::date(2021, 12, 31));
    EXPECT_EQ(pkg.data.get(civica::organization_id("RU-INN-7707083893")).inn, "7707083893");
    const auto& x = pkg.extras[0];
    EXPECT_EQ(a.decided, civica::date(2020, 11, 3));
    ASSERT_EQ(x.beneficiary_locations.size(), 2u);
    EXPECT_EQ(x.beneficiary_locations[0].name, "Москва");
    EXPECT_EQ(x.beneficiary_locations[1].name, "Ханты-Мансийск");
    EXPECT_EQ(x.beneficiary_locations[1].geo_code, "71000000");
    ASSERT_EQ(x.classifications.size(), 1u);
    EXPECT_EQ(x.classifications[0], (threesixtygiving_classification{"civica:direction", "7", "Память"}));
    EXPECT_EQ(json::parse(x.extra_keys), (json{{"Notes", "note, with comma"}}));

    // And back: the writer names the second location "Beneficiary Location:1:Name".
    const fs::path out = temp_path("raw-export.csv");
    write_360giving_csv(pkg.data, out, {.extras = &pkg.extras});
    EXPECT_NE(slurp(out).find("Beneficiary Location:1:Name"), std::string::npos);
    const auto again = read_360giving(out);
    civica::dataset data = again.data;
    data.info() = pkg.data.info();
    EXPECT_TRUE(data == pkg.data);
    // The schema requires a description: a grant without one gets its title.
    ASSERT_EQ(again.extras.size(), 1u);
    EXPECT_EQ(again.extras[0].description, "Память");
    auto expected = pkg.extras;
    expected[0].description = "Память";
    EXPECT_EQ(again.extras, expected);
}

TEST(threesixtygiving_csv, names_file_line_and_column_title_of_a_bad_value) {
    const auto p = write_text("bad.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,10,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n"
        "B,GBP,ten pounds,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n");
    try {
        read_360giving(p);
        FAIL();
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "bad.csv");
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.field(), "Amount Awarded");
        EXPECT_EQ(e.column(), 3u);
        EXPECT_NE(std::string(e.what()).find("\"B\""), std::string::npos) << e.what();
    }
    const auto date = write_text("baddate.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,10,31/02/2020,GB-CHC-1,R,GB-CHC-2,F\n");
    try {
        read_360giving(date);
        FAIL();
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_EQ(e.field(), "Award Date");
        // The message quotes what the file says, not a date made from it.
        EXPECT_NE(std::string(e.what()).find("31/02/2020"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find("2020-02-31"), std::string::npos) << e.what();
    }
    const auto dup = write_text("dup.csv", "Identifier,id\nA,B\n");
    EXPECT_THROW(read_360giving(dup), civica::parse_error);
    const auto empty = write_text("empty.csv", "");
    EXPECT_THROW(read_360giving(empty), civica::parse_error);
    const auto huge = write_text("huge.csv", "Identifier,beneficiaryLocation/100000000/name\nA,x\n");
    EXPECT_THROW(read_360giving(huge), civica::parse_error);
    const auto deep = write_text("deep.csv", "Identifier,plannedDates/0/a/0/b/0/c/0/d\nA,x\n");
    EXPECT_THROW(read_360giving(deep), civica::parse_error);
}

// The flat CSV reader judges an amount by the same rule as the JSON reader: a third decimal is
// refused at any size, naming the line and the column; two decimals are read exactly.
TEST(threesixtygiving_csv, refuses_a_third_decimal_and_reads_two_exactly) {
    const std::string head =
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n";
    for (const std::string amount : {"30000.505", "30000.123", "10000.001"}) {
        const auto p = write_text("third.csv", head + "A,GBP,10,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n" + "B,GBP," +
                                                   amount + ",2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n");
        try {
            read_360giving(p);
            ADD_FAILURE() << amount << " was read";
        } catch (const civica::parse_error& e) {
            EXPECT_EQ(e.line(), 3u) << e.what();
            EXPECT_EQ(e.field(), "Amount Awarded") << e.what();
            EXPECT_EQ(e.column(), 3u) << e.what();
            EXPECT_NE(std::string(e.what()).find(amount + " has more than two decimals"), std::string::npos)
                << e.what();
        }
        // The checks list it as a bad value of that grant.
        const auto bad = with(check_360giving(p), "bad_value");
        ASSERT_EQ(bad.size(), 1u) << amount << "\n" << dump(check_360giving(p));
        EXPECT_EQ(bad[0].record_id, "B");
        EXPECT_EQ(bad[0].line, 3u);
    }
    const auto p = write_text("two.csv", head + "A,GBP,30000.5,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n" +
                                             "B,GBP,30000.50,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n" +
                                             "C,GBP,1e3,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n" +
                                             "D,GBP,12345678.99,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n");
    const auto pkg = read_360giving(p);
    ASSERT_EQ(pkg.data.applications().size(), 4u);
    const std::int64_t kopecks[] = {3000050, 3000050, 100000, 1234567899};
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(pkg.data.application_at(i).awarded->kopecks(), kopecks[i]) << i;
}

TEST(threesixtygiving_csv, read_360giving_picks_json_by_its_first_byte) {
    const auto p = write_text("spaced.json", "\xEF\xBB\xBF  \n" + json{{"grants", json::array({good_grant("A")})}}.dump());
    EXPECT_EQ(read_360giving(p).grants, 1u);
    const auto q = write_text("spaced2.json", "  \n" + json{{"grants", json::array({good_grant("A")})}}.dump());
    EXPECT_EQ(read_360giving(q).grants, 1u);
    EXPECT_EQ(read_360giving(q).data.info().source, "360Giving package");
}

// --- data-quality checks, one hand-made file each ---------------------------------------

TEST(threesixtygiving_check, a_clean_file_has_no_problems) {
    const auto ps = check_grants("clean.json", json::array({good_grant("A"), good_grant("B")}));
    EXPECT_TRUE(ps.empty()) << dump(ps);
}

TEST(threesixtygiving_check, flags_zero_and_negative_amounts) {
    json zero = good_grant("Z");
    zero["amountAwarded"] = 0;
    json neg = good_grant("N");
    neg["amountAwarded"] = -5;
    const auto ps = check_grants("amounts.json", json::array({zero, neg}));
    const auto z = with(ps, "zero_amount");
    ASSERT_EQ(z.size(), 1u) << dump(ps);
    EXPECT_EQ(z[0].severity, "warning");
    EXPECT_EQ(z[0].field, "amountAwarded");
    EXPECT_EQ(z[0].message.rfind("grants[0] (id \"Z\"): ", 0), 0u) << z[0].message;
    EXPECT_EQ(z[0].record_id, "Z");
    const auto n = with(ps, "negative_amount");
    ASSERT_EQ(n.size(), 1u) << dump(ps);
    EXPECT_EQ(n[0].severity, "error");
    EXPECT_EQ(n[0].field, "amountAwarded");
    EXPECT_EQ(n[0].message.rfind("grants[1] (id \"N\"): ", 0), 0u) << n[0].message;
    // The strict reader refuses what check reports as an error.
    EXPECT_THROW(read_360giving(temp_path("amounts.json")), civica::error);
}

TEST(threesixtygiving_check, flags_a_duplicate_grant_id) {
    const auto ps = check_grants("dup.json", json::array({good_grant("A"), good_grant("B"), good_grant("A")}));
    const auto d = with(ps, "duplicate_id");
    ASSERT_EQ(d.size(), 1u) << dump(ps);
    EXPECT_EQ(d[0].severity, "error");
    EXPECT_EQ(d[0].field, "id");
    EXPECT_EQ(d[0].message.rfind("grants[2] (id \"A\"): ", 0), 0u) << d[0].message;
    EXPECT_NE(d[0].message.find("grants[0]"), std::string::npos) << d[0].message;
}

TEST(threesixtygiving_check, flags_future_and_implausibly_early_award_dates) {
    json future = good_grant("F");
    future["awardDate"] = "2150-01-01";
    json early = good_grant("E");
    early["awardDate"] = "1989-12-31";
    json fine = good_grant("G");
    fine["awardDate"] = "1990-01-01";
    const auto ps = check_grants("dates.json", json::array({future, early, fine}));
    ASSERT_EQ(with(ps, "future_date").size(), 1u) << dump(ps);
    EXPECT_EQ(with(ps, "future_date")[0].record_id, "F");
    ASSERT_EQ(with(ps, "implausible_date").size(), 1u) << dump(ps);
    EXPECT_EQ(with(ps, "implausible_date")[0].record_id, "E");
    EXPECT_FALSE(has_errors(ps));
}

TEST(threesixtygiving_check, flags_planned_end_before_start_and_a_duration_that_does_not_fit) {
    json back = good_grant("B");
    back["plannedDates"] = json::array({{{"startDate", "2021-06-01"}, {"endDate", "2021-05-31"}}});
    json off = good_grant("O");
    off["plannedDates"] = json::array({{{"startDate", "2020-01-01"}, {"endDate", "2020-12-31"}, {"duration", 24}}});
    json fits = good_grant("F");
    fits["plannedDates"] = json::array({{{"startDate", "2020-01-01"}, {"endDate", "2020-12-31"}, {"duration", 12}}});
    const auto ps = check_grants("planned.json", json::array({back, off, fits}));
    const auto e = with(ps, "end_before_start");
    ASSERT_EQ(e.size(), 1u) << dump(ps);
    EXPECT_EQ(e[0].severity, "error");
    EXPECT_EQ(e[0].field, "plannedDates[0].endDate");
    const auto m = with(ps, "duration_mismatch");
    ASSERT_EQ(m.size(), 1u) << dump(ps);
    EXPECT_EQ(m[0].record_id, "O");
    EXPECT_EQ(m[0].severity, "warning");
}

TEST(threesixtygiving_check, flags_unrecognised_org_id_prefixes) {
    json g = good_grant("P");
    g["recipientOrganization"][0]["id"] = "ACME-42";
    g["fundingOrganization"][0]["id"] = "RU-OGRN-1027700132195";  // recognised
    json h = good_grant("Q");
    h["fundingOrganization"][0]["id"] = "GBCHC-2000002";
    const auto ps = check_grants("prefix.json", json::array({g, h}));
    const auto u = with(ps, "unrecognised_org_prefix");
    ASSERT_EQ(u.size(), 2u) << dump(ps);
    EXPECT_EQ(u[0].field, "recipientOrganization[0].id");
    EXPECT_EQ(u[1].field, "fundingOrganization[0].id");
    EXPECT_EQ(u[1].message.rfind("grants[1]", 0), 0u) << u[1].message;
    EXPECT_EQ(u[0].severity, "warning");
}

TEST(threesixtygiving_check, flags_one_recipient_under_several_names_and_a_funder_funding_itself) {
    json a = good_grant("A");
    json b = good_grant("B");
    b["recipientOrganization"][0]["name"] = "Recipient Ltd";
    json c = good_grant("C");
    c["recipientOrganization"][0] = {{"id", "GB-CHC-2000002"}, {"name", "Funder"}};
    const auto ps = check_grants("names.json", json::array({a, b, c}));
    const auto n = with(ps, "recipient_several_names");
    ASSERT_EQ(n.size(), 1u) << dump(ps);
    EXPECT_EQ(n[0].record_id, "B");
    const auto f = with(ps, "funder_is_recipient");
    ASSERT_EQ(f.size(), 1u) << dump(ps);
    EXPECT_EQ(f[0].record_id, "C");
}

TEST(threesixtygiving_check, flags_a_missing_recipient_name_and_a_malformed_currency) {
    json a = good_grant("A");
    a["recipientOrganization"][0].erase("name");
    json b = good_grant("B");
    b["currency"] = "gbp";
    const auto ps = check_grants("names2.json", json::array({a, b}));
    ASSERT_EQ(with(ps, "missing_recipient_name").size(), 1u) << dump(ps);
    EXPECT_EQ(with(ps, "missing_recipient_name")[0].field, "recipientOrganization[0].name");
    ASSERT_EQ(with(ps, "bad_currency").size(), 1u) << dump(ps);
    EXPECT_EQ(with(ps, "bad_currency")[0].severity, "error");
}

TEST(threesixtygiving_check, flags_amount_applied_for_below_the_award) {
    json a = good_grant("A");
    a["amountAppliedFor"] = 500;
    json b = good_grant("B");
    b["amountAppliedFor"] = 1000;
    const auto ps = check_grants("applied.json", json::array({a, b}));
    const auto w = with(ps, "awarded_exceeds_requested");
    ASSERT_EQ(w.size(), 1u) << dump(ps);
    EXPECT_EQ(w[0].record_id, "A");
    EXPECT_EQ(w[0].severity, "warning");
}

TEST(threesixtygiving_check, reports_a_json_syntax_error_with_its_line) {
    const auto p = write_text("broken.json", "{\"grants\": [\n  {\"id\": \"A\",\n   \"title\" \"x\"}\n]}\n");
    const auto ps = check_360giving(p);
    ASSERT_EQ(ps.size(), 1u) << dump(ps);
    EXPECT_EQ(ps[0].check, "json_syntax");
    EXPECT_EQ(ps[0].line, 3u);
    EXPECT_EQ(ps[0].file, "broken.json");
    const auto q = check_360giving(write_text("nogrants.json", "{\"x\": 1}"));
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q[0].check, "not_a_package");
}

TEST(threesixtygiving_check, checks_csv_rows_by_line_and_column_title) {
    const auto p = write_text("dq.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,10,01/01/2020,GB-CHC-1,R,GB-CHC-2,F\n"
        "B,GBP,0,01/01/2020,GB-CHC-1,R,GB-CHC-2,F\n"
        "B,GBP,-3,2020-01-01,GB-CHC-1,R,GB-CHC-2,F\n");
    const auto ps = check_360giving(p);
    const auto z = with(ps, "zero_amount");
    ASSERT_EQ(z.size(), 1u) << dump(ps);
    EXPECT_EQ(z[0].line, 3u);
    EXPECT_EQ(z[0].field, "Amount Awarded");
    const auto d = with(ps, "duplicate_id");
    ASSERT_EQ(d.size(), 1u) << dump(ps);
    EXPECT_EQ(d[0].line, 4u);
    EXPECT_EQ(d[0].field, "Identifier");
    EXPECT_NE(d[0].message.find("line 3"), std::string::npos) << d[0].message;
    ASSERT_EQ(with(ps, "negative_amount").size(), 1u) << dump(ps);

    const auto broken = write_text("broken.csv", "Identifier,Title\nA,\"unterminated\n");
    const auto bs = check_360giving(broken);
    ASSERT_EQ(bs.size(), 1u) << dump(bs);
    EXPECT_EQ(bs[0].check, "csv_syntax");
    EXPECT_EQ(bs[0].line, 2u);

    const auto ragged = write_text("ragged.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,10,01/01/2020,GB-CHC-1,R,GB-CHC-2\n");
    const auto rs = check_360giving(ragged);
    ASSERT_EQ(with(rs, "wrong_field_count").size(), 1u) << dump(rs);
    EXPECT_TRUE(with(rs, "missing_field").empty()) << dump(rs);  // the funder's name is optional here

    // A field missing in the middle shifts the rest: the row is one fault, not one for each
    // shifted value (before: also bad_currency "10" and a bad Award Date).
    const auto shifted = write_text("shifted.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,10,01/01/2020,GB-CHC-1,R,GB-CHC-2,F\n");
    const auto ss = check_360giving(shifted);
    ASSERT_EQ(ss.size(), 1u) << dump(ss);
    EXPECT_EQ(ss[0].check, "wrong_field_count");
    EXPECT_EQ(ss[0].line, 2u);
}

// ---- skip mode -------------------------------------------------------------------------------

namespace {
/// A skip-mode read of `f`: the package and the grants left out.
std::pair<threesixtygiving_package, std::vector<problem>> read_skipping(const fs::path& f) {
    std::vector<problem> skipped;
    threesixtygiving_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    auto pkg = read_360giving(f, o);
    return {std::move(pkg), std::move(skipped)};
}

std::string grant_json(const std::string& id, const std::string& funder, const std::string& amount) {
    return R"({"id": ")" + id + R"(", "title": "t", "currency": "GBP", "awardDate": "2020-05-01",)" +
           (amount.empty() ? std::string() : R"( "amountAwarded": )" + amount + ",") +
           R"( "recipientOrganization": [{"id": "GB-CHC-1", "name": "Recipient"}],)" +
           R"( "fundingOrganization": [{"id": ")" + funder + R"(", "name": "Funder )" + funder + R"("}]})";
}
}  // namespace

TEST(threesixtygiving_skip, leaves_out_bad_grants_and_what_they_alone_brought_in) {
    // g2 has no amount and the only mention of funder GB-CHC-9; g4 is negative (refused by the
    // model); g5 repeats g1's id.
    const fs::path f = write_text("skip.json", "{\"grants\": [" + grant_json("g1", "GB-CHC-2", "100") + "," +
                                                   grant_json("g2", "GB-CHC-9", "") + "," +
                                                   grant_json("g3", "GB-CHC-2", "250.5") + "," +
                                                   grant_json("g4", "GB-CHC-2", "-5") + "," +
                                                   grant_json("g1", "GB-CHC-2", "7") + "]}");
    EXPECT_THROW((void)read_360giving(f), civica::error);
    const auto [pkg, skipped] = read_skipping(f);
    const auto& apps = pkg.data.applications();
    ASSERT_EQ(apps.size(), 2u);
    EXPECT_EQ(pkg.grants, 2u);
    ASSERT_EQ(pkg.extras.size(), 2u);
    EXPECT_EQ(pkg.extras[0].id, "g1");
    EXPECT_EQ(pkg.extras[1].id, "g3");
    EXPECT_EQ(apps.awarded()[0] + apps.awarded()[1], 100'00 + 250'50);
    std::set<std::string> ids;
    for (const auto& p : skipped) ids.insert(p.record_id);
    EXPECT_EQ(skipped.size(), 3u);
    EXPECT_EQ(ids, (std::set<std::string>{"g1", "g2", "g4"}));
    // The funder only g2 named is not in the dataset.
    for (std::size_t i = 0; i < pkg.data.organizations().size(); ++i)
        EXPECT_NE(pkg.data.organizations()[i].id.str(), "GB-CHC-9");
}

TEST(threesixtygiving_skip, names_the_csv_line_of_a_skipped_grant) {
    const fs::path f = write_text("skip.csv",
                                  "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
                                  "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
                                  "g1,t,GBP,100,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n"
                                  "g2,t,GBP,lots,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n"
                                  "g3,t,GBP,5,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n");
    const auto [pkg, skipped] = read_skipping(f);
    EXPECT_EQ(pkg.data.applications().size(), 2u);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].line, 3u);
    EXPECT_EQ(skipped[0].record_id, "g2");
    EXPECT_EQ(skipped[0].field, "Amount Awarded");
}

// The codes a skip-mode read gives the grants it leaves out are those of the 360Giving checks
// (civica validate), which find the same faults in the file independently.
TEST(threesixtygiving_skip, lists_each_grant_left_out_with_the_check_code_validate_gives) {
    json no_id = json::parse(grant_json("x", "GB-CHC-2", "5"));
    no_id.erase("id");
    json no_currency = json::parse(grant_json("g5", "GB-CHC-2", "5"));
    no_currency.erase("currency");
    json bad_currency = json::parse(grant_json("g6", "GB-CHC-2", "5"));
    bad_currency["currency"] = "pounds";
    const json grants = json::array({json::parse(grant_json("g1", "GB-CHC-2", "100")),
                                     json::parse(grant_json("g2", "GB-CHC-2", "")), no_id,
                                     json::parse(grant_json("g1", "GB-CHC-2", "7")), no_currency, bad_currency,
                                     json::parse(grant_json("g7", "GB-CHC-2", "\"lots\""))});
    const auto f = write_text("codes.json", json{{"grants", grants}}.dump());
    const auto [pkg, skipped] = read_skipping(f);
    EXPECT_EQ(pkg.grants, 1u);
    std::multiset<std::string> got, expected;
    for (const auto& p : skipped) got.insert(p.check);
    for (const auto& p : check_360giving(f))
        if (p.severity == "error") expected.insert(p.check);
    EXPECT_EQ(got, (std::multiset<std::string>{"missing_field", "missing_field", "duplicate_id", "missing_field",
                                               "bad_currency", "bad_value"}));
    EXPECT_EQ(got, expected) << dump(skipped) << "\n" << dump(check_360giving(f));
}

TEST(threesixtygiving_skip, leaves_out_a_csv_row_of_the_wrong_width_and_reads_the_rest) {
    const fs::path f = write_text("width.csv",
                                  "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
                                  "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
                                  "g1,t,GBP,100,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n"
                                  "g2,t,GBP,5\n"
                                  "g3,t,GBP,5,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n");
    EXPECT_THROW((void)read_360giving(f), civica::parse_error);
    const auto [pkg, skipped] = read_skipping(f);
    EXPECT_EQ(pkg.grants, 2u);
    ASSERT_EQ(skipped.size(), 1u) << dump(skipped);
    EXPECT_EQ(skipped[0].line, 3u);
    EXPECT_EQ(skipped[0].check, "wrong_field_count");
    EXPECT_NE(skipped[0].message.find("4 fields"), std::string::npos) << skipped[0].message;
}

TEST(threesixtygiving_csv, the_strict_read_stops_at_the_first_bad_record_of_the_file) {
    // A bad amount on line 3 and a short row on line 5: the strict read named line 5, the rows
    // being checked for their width before any grant was read, so the file's faults were
    // fixed out of order.
    const std::string head =
        "Identifier,Title,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
        "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
        "g1,t,GBP,100,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n";
    const auto line_of_error = [](const fs::path& f) -> std::size_t {
        try {
            (void)read_360giving(f);
        } catch (const civica::parse_error& e) {
            return e.line();
        }
        return 0;
    };
    const fs::path both = write_text("order.csv", head + "g2,t,GBP,abc,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n"
                                                         "g3,t,GBP,5,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\n"
                                                         "g4,t,GBP,5\n");
    EXPECT_EQ(line_of_error(both), 3u);
    // The row's own fault is still the error when the grants before it are sound.
    const fs::path row_only = write_text("row.csv", head + "g3,t,GBP,5,2020-05-01,GB-CHC-1,R,GB-CHC-2,F\ng4,t,GBP,5\n");
    EXPECT_EQ(line_of_error(row_only), 4u);
    try {
        (void)read_360giving(row_only);
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("4 fields"), std::string::npos) << e.what();
    }
}

TEST(threesixtygiving_csv, a_day_first_date_that_names_no_day_is_called_so) {
    const fs::path f = write_text("feb30.csv",
                                  "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,"
                                  "Recipient Org:Name,Funding Org:Identifier,Funding Org:Name\n"
                                  "g1,GBP,100,31/02/2021,GB-CHC-1,R,GB-CHC-2,F\n");
    try {
        (void)read_360giving(f);
        FAIL() << "31/02/2021 was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 2u);
        EXPECT_NE(std::string(e.what()).find("DD/MM/YYYY names no day"), std::string::npos) << e.what();
    }
}

namespace {

// A repeated grant id is refused where it repeats, with its place in the file and the place of
// the first; in skip mode the repeat is left out and listed.
TEST(threesixtygiving_csv, a_repeated_grant_id_is_refused_at_the_repeat_with_both_places) {
    const json grants = json::array({good_grant("G-1"), good_grant("G-2"), good_grant("G-1")});
    const auto p = write_text("dup-ids.json", json{{"grants", grants}}.dump());
    try {
        (void)read_360giving(p);
        FAIL() << "a repeated id was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.field(), "id");
        const std::string what = e.what();
        EXPECT_NE(what.find("grants[2] (id \"G-1\")"), std::string::npos) << what;
        EXPECT_NE(what.find("duplicate id: grants[0] has it too"), std::string::npos) << what;
    }
    const auto [pkg, skipped] = read_skipping(p);
    EXPECT_EQ(pkg.grants, 2u);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].record_id, "G-1");
    EXPECT_EQ(skipped[0].field, "id");

    const auto csv = write_text("dup-ids.csv",
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name\n"
        "A,GBP,10,2020-01-02,GB-CHC-1,R,GB-CHC-2,F\n"
        "B,GBP,10,2020-01-02,GB-CHC-1,R,GB-CHC-2,F\n"
        "A,GBP,20,2020-01-03,GB-CHC-1,R,GB-CHC-2,F\n");
    try {
        (void)read_360giving(csv);
        FAIL() << "a repeated id was accepted";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 4u);
        EXPECT_EQ(e.field(), "Identifier");
        EXPECT_NE(std::string(e.what()).find("duplicate id: line 2 has it too"), std::string::npos) << e.what();
    }
}

}  // namespace

// A publisher's key with a long number between colons is a column of its own, not an item
// index: the column order parsed it as one and the CSV write failed (std::out_of_range).
TEST(threesixtygiving_csv, a_publishers_key_with_a_long_number_between_colons_is_written) {
    const auto p = write_text("long_key.json", R"({"grants": [
      {"id": "G-1", "title": "t", "description": "d", "currency": "GBP", "amountAwarded": 10,
       "awardDate": "2020-06-30", "Ref:123456789012345678901234567890:Code": "x",
       "recipientOrganization": [{"id": "GB-CHC-1", "name": "R"}],
       "fundingOrganization": [{"id": "GB-CHC-2", "name": "F"}]}]})");
    const auto pkg = read_360giving(p);
    const fs::path out = temp_path("long_key.csv");
    write_360giving_csv(pkg.data, out, {.extras = &pkg.extras});
    const std::string text = slurp(out);
    EXPECT_NE(text.substr(0, text.find('\n')).find(",Ref:123456789012345678901234567890:Code"), std::string::npos) << text;
}

TEST(threesixtygiving_check, a_value_in_a_column_without_a_header_is_a_fault_and_an_empty_one_is_nothing) {
    // A trailing ',' in the header and a note in that column: the note was dropped, the file
    // read as clean and a 360Giving to 360Giving conversion lost it.
    const std::string head =
        "Identifier,Currency,Amount Awarded,Award Date,Recipient Org:Identifier,Recipient Org:Name,"
        "Funding Org:Identifier,Funding Org:Name,\n";
    const auto p = write_text("unnamed.csv", head + "A,GBP,10,2020-01-01,GB-CHC-1,R,GB-CHC-2,F,\n"
                                                    "B,GBP,10,2020-01-01,GB-CHC-1,R,GB-CHC-2,F,ВАЖНАЯ ЗАМЕТКА " +
                                                    std::string(60, 'x') + "\n");
    const auto ps = check_360giving(p);
    ASSERT_EQ(ps.size(), 1u) << dump(ps);
    EXPECT_EQ(ps[0].check, "unknown_column");
    EXPECT_EQ(ps[0].line, 3u);
    EXPECT_NE(ps[0].message.find("column 9 has no header but holds \"ВАЖНАЯ ЗАМЕТКА x"), std::string::npos)
        << ps[0].message;
    EXPECT_TRUE(civica::text::find_invalid_utf8(ps[0].message) == std::string::npos) << ps[0].message;
    try {
        read_360giving(p);
        ADD_FAILURE() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.column(), 9u);
    }
    const auto [pkg, skipped] = read_skipping(p);
    EXPECT_EQ(pkg.data.applications().size(), 1u);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].line, 3u);
    // An empty column a spreadsheet left is nothing.
    const auto clean = write_text("trailing.csv", head + "A,GBP,10,2020-01-01,GB-CHC-1,R,GB-CHC-2,F,\n");
    EXPECT_TRUE(check_360giving(clean).empty()) << dump(check_360giving(clean));
    EXPECT_EQ(read_360giving(clean).data.applications().size(), 1u);
}
