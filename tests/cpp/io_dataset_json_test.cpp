// Tests of civica/io/dataset_json.hpp: the JSON form of the native dataset. The round trip
// uses the bundled datasets (read from their CSV folders); errors are checked against JSON
// written by hand in the test, where the path and line of each mistake are known.
#include "civica/io/dataset_json.hpp"

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/text/limits.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using civica::money;

namespace {

using civica_test::write_file;
using civica_test::read_file;

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_json_" + name); }

civica::parse_error json_error(const fs::path& file, const civica::io::table_read_options& opt = {}) {
    try {
        civica::io::read_dataset_json(file, opt);
    } catch (const civica::parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "no parse_error reading " << file;
    return civica::parse_error("none");
}

/// A JSON dataset with the grant tables and `n` applications; application `bad` (0-based)
/// has `bad_awarded` (a JSON value) as its awarded amount.
std::string city_json(int n, int bad = -1, const std::string& bad_awarded = "") {
    std::string apps;
    for (int i = 0; i < n; ++i) {
        if (i) apps += ",\n";
        apps += R"(    {"id": "a)" + std::to_string(i) + R"(", "competition": "c1", "applicant": "o1", )" +
                R"("requested": "200.00", "status": "winner", "awarded": )" +
                (i == bad ? bad_awarded : std::string("100.5")) + "}";
    }
    return R"({"format": "civica-dataset-json", "version": 1,
 "info": {"name": "city", "synthetic": true},
 "tables": {
  "organizations": [{"id": "o1", "full_name": "Фонд «Ёлка»", "okopf": 70400, "nonprofit": true}],
  "programmes": [{"id": "pr", "name": "Гранты", "kind": "governor_ngo"}],
  "competitions": [{"id": "c1", "programme": "pr", "year": 2020, "round": null}],
  "applications": [
)" + apps + "\n  ]\n }\n}\n";
}

}  // namespace

TEST(dataset_json, the_bundled_datasets_survive_a_round_trip) {
    const auto names = civica::io::bundled_dataset_names(CIVICA_DATA_DIR);
    int tried = 0;
    for (const std::string name : {"khanty-mansiysk-2020-synthetic", "khanty-mansiysk-2020"}) {
        if (std::find(names.begin(), names.end(), name) == names.end()) continue;
        ++tried;
        const civica::dataset ds = civica::io::load_dataset(name, CIVICA_DATA_DIR);
        const fs::path file = scratch("bundled") / (name + ".json");
        civica::io::write_dataset_json(ds, file);
        const civica::dataset back = civica::io::read_dataset_json(file);
        EXPECT_TRUE(back == ds) << name;
        EXPECT_EQ(back.total_rows(), ds.total_rows()) << name;
        EXPECT_EQ(back.info(), ds.info()) << name;
    }
    ASSERT_GT(tried, 0) << "no bundled dataset found in " << CIVICA_DATA_DIR;
}

TEST(dataset_json, reads_a_hand_written_file_with_strings_numbers_booleans_and_nulls) {
    const fs::path file = scratch("hand") / "city.json";
    write_file(file, city_json(3));
    const auto ds = civica::io::read_dataset_json(file);
    EXPECT_EQ(ds.info().name, "city");
    EXPECT_TRUE(ds.info().synthetic);
    const auto o1 = ds.get(civica::organization_id("o1"));
    EXPECT_EQ(o1.full_name, "Фонд «Ёлка»");
    EXPECT_EQ(o1.okopf, 70400);
    EXPECT_TRUE(o1.nonprofit);
    ASSERT_EQ(ds.competitions().size(), 1u);
    EXPECT_EQ(ds.get(civica::competition_id("c1")).year, 2020);
    EXPECT_EQ(ds.get(civica::competition_id("c1")).round, 1);  // null: the default
    ASSERT_EQ(ds.applications().size(), 3u);
    EXPECT_EQ(ds.application_at(2).requested, money::from_kopecks(20'000));
    EXPECT_EQ(ds.application_at(2).awarded, money::from_kopecks(10'050));  // JSON number 100.5
}

TEST(dataset_json, writes_the_documented_layout) {
    const fs::path dir = scratch("layout");
    write_file(dir / "in.json", city_json(1));
    const auto ds = civica::io::read_dataset_json(dir / "in.json");
    civica::io::write_dataset_json(ds, dir / "out.json");
    const std::string text = read_file(dir / "out.json");
    EXPECT_NE(text.find(R"("format": "civica-dataset-json")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("version": 1)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("year": 2020)"), std::string::npos) << text;          // a number
    EXPECT_NE(text.find(R"("nonprofit": true)"), std::string::npos) << text;     // a boolean
    EXPECT_NE(text.find(R"("requested": "200.00")"), std::string::npos) << text; // exact text
    EXPECT_EQ(text.find("implementation_start"), std::string::npos) << text;     // empty: left out
    // No temporary file is left beside it.
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
    EXPECT_EQ(files, 2);
}

TEST(dataset_json, writes_rates_and_attendance_as_numbers_as_the_declaration_types_them) {
    const fs::path dir = scratch("typed");
    std::string text = city_json(1);
    const std::string award = R"("awarded": 100.5})";
    text.replace(text.find(award), award.size(), R"("awarded": 100.5, "rate": 81.25})");
    text.replace(text.find(R"( "applications")"), 0,
                 R"( "bodies": [{"id": "b1", "name": "Совет"}],
  "meetings": [{"id": "e1", "body": "b1", "date": "2021-03-01", "attendance": 11}],
 )");
    write_file(dir / "in.json", text);
    const auto ds = civica::io::read_dataset_json(dir / "in.json");
    ASSERT_EQ(ds.meetings()[0].attendance, 11);
    ASSERT_EQ(ds.application_at(0).rate, 81.25);
    civica::io::write_dataset_json(ds, dir / "out.json");
    const std::string out = read_file(dir / "out.json");
    EXPECT_NE(out.find(R"("attendance": 11)"), std::string::npos) << out;  // a number, not "11"
    EXPECT_NE(out.find(R"("rate": 81.25)"), std::string::npos) << out;
    EXPECT_TRUE(civica::io::read_dataset_json(dir / "out.json") == ds);
}

TEST(dataset_json, a_bad_value_names_the_json_path) {
    const fs::path file = scratch("bad_value") / "city.json";
    write_file(file, city_json(20, 16, R"("12,5")"));
    auto e = json_error(file);
    const std::string m = e.what();
    EXPECT_EQ(e.file(), "city.json");
    EXPECT_NE(m.find("city.json: tables.applications[16].awarded: "), std::string::npos) << m;
    EXPECT_NE(m.find("12,5"), std::string::npos) << m;
    // The field is named on its own too, as the readers of table files name their column; the
    // path already names it, so the message has no `column "awarded"`.
    EXPECT_EQ(e.field(), "awarded");
    EXPECT_EQ(e.line(), 0u);
    EXPECT_EQ(m.find("column \""), std::string::npos) << m;
    EXPECT_EQ(e.reason().rfind("tables.applications[16].awarded: ", 0), 0u) << e.reason();
    // Placed again (as a caller adds its file), it keeps that form.
    const auto again = e.located("other.json", 7);
    EXPECT_EQ(std::string(again.what()), m);
    EXPECT_EQ(again.line(), 0u);
    EXPECT_EQ(again.field(), "awarded");
    // A value of the wrong JSON type.
    write_file(file, city_json(20, 3, "[1, 2]"));
    EXPECT_NE(std::string(json_error(file).what()).find("tables.applications[3].awarded: "), std::string::npos);
    // A reference to a row that is not there.
    std::string text = city_json(2);
    text.replace(text.find(R"("competition": "c1")"), 19, R"("competition": "c9")");
    write_file(file, text);
    e = json_error(file);
    EXPECT_NE(std::string(e.what()).find("tables.applications[0].competition: "), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tables.competitions"), std::string::npos) << e.what();
    EXPECT_EQ(e.field(), "competition");
}

// An amount written as a JSON number with a fraction is exact below 10^13 units; from there a
// double no longer tells the written number from its neighbours ("99999999999999.99" parses
// to the double whose text is "99999999999999.98"), so it is refused, naming the path, where
// it used to read a kopeck off. Written as a string, or as a whole number, it is exact.
TEST(dataset_json, an_amount_with_a_fraction_past_ten_trillion_is_refused_not_rounded) {
    const fs::path file = scratch("inexact") / "city.json";
    for (const std::string bad : {"99999999999999.99", "12345678901234567.89", "10000000000000.5"}) {
        write_file(file, city_json(5, 2, bad));
        const auto e = json_error(file);
        EXPECT_EQ(e.field(), "awarded") << e.what();
        EXPECT_NE(std::string(e.what()).find("tables.applications[2].awarded: "), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("is not an amount civica can hold exactly"), std::string::npos) << e.what();
    }
    // Past what civica's money holds at all, written with or without a fraction or exponent:
    // said as too large (before, a whole number was said to have "a fraction or an exponent").
    for (const std::string bad : {"1e300", "99999999999999999999999", "92233720368547758.08"}) {
        write_file(file, city_json(5, 2, bad));
        const auto e = json_error(file);
        EXPECT_EQ(e.field(), "awarded") << e.what();
        EXPECT_NE(std::string(e.what()).find("is more than civica's money holds (92233720368547758.07)"),
                  std::string::npos) << e.what();
    }
    for (const auto& [good, kopecks] : std::vector<std::pair<std::string, std::int64_t>>{
             {"9999999999999.99", 999999999999999}, {R"("99999999999999.99")", 9999999999999999},
             {"99999999999999", 9999999999999900}}) {
        write_file(file, city_json(5, 2, good));
        civica::io::table_read_options opt;
        const auto ds = civica::io::read_dataset_json(file, opt);
        EXPECT_EQ(ds.applications().awarded()[2], kopecks) << good;
    }
}

TEST(dataset_json, refuses_unknown_tables_columns_and_formats) {
    const fs::path file = scratch("unknown") / "city.json";
    std::string text = city_json(1);
    text.replace(text.find(R"("okopf")"), 7, R"("okpo")");
    write_file(file, text);
    EXPECT_NE(std::string(json_error(file).what()).find("tables.organizations[0].okpo: unknown column"),
              std::string::npos);
    text = city_json(1);
    text.replace(text.find(R"("programmes")"), 12, R"("programs")");
    write_file(file, text);
    EXPECT_NE(std::string(json_error(file).what()).find("tables.programs: unknown table"), std::string::npos);
    write_file(file, R"({"format": "civica-dataset", "version": 1})");
    EXPECT_NE(std::string(json_error(file).what()).find("civica-dataset-json"), std::string::npos);
    write_file(file, R"({"format": "civica-dataset-json", "version": 2})");
    EXPECT_NE(std::string(json_error(file).what()).find("newer"), std::string::npos);
}

TEST(dataset_json, malformed_json_names_the_line) {
    const fs::path file = scratch("malformed") / "city.json";
    // Line 5 lacks the comma between two rows.
    write_file(file,
               "{\"format\": \"civica-dataset-json\", \"version\": 1,\n"   // 1
               " \"tables\": {\n"                                           // 2
               "  \"persons\": [\n"                                         // 3
               "   {\"id\": \"p1\"}\n"                                      // 4
               "   {\"id\": \"p2\"}\n"                                      // 5
               "  ]\n"
               " }\n"
               "}\n");
    const auto e = json_error(file);
    EXPECT_EQ(e.line(), 5u) << e.what();
    EXPECT_EQ(e.file(), "city.json");
}

TEST(dataset_json, respects_the_input_limits) {
    const fs::path file = scratch("limits") / "city.json";
    write_file(file, city_json(2));
    {
        civica::text::scoped_limits tight({.max_file_bytes = 100});
        EXPECT_THROW(civica::io::read_dataset_json(file), civica::io_error);
    }
    {
        civica::text::scoped_limits shallow({.max_json_depth = 2});
        EXPECT_THROW(civica::io::read_dataset_json(file), civica::parse_error);
    }
    EXPECT_NO_THROW(civica::io::read_dataset_json(file));
}

TEST(dataset_json, skips_bad_rows_and_reads_lenient_amounts_when_asked) {
    const fs::path file = scratch("skip") / "city.json";
    write_file(file, city_json(5, 2, R"("много")"));
    std::vector<civica::io::problem> skipped;
    civica::io::table_read_options opt;
    opt.skip_bad_records = true;
    opt.skipped = &skipped;
    const auto ds = civica::io::read_dataset_json(file, opt);
    EXPECT_EQ(ds.applications().size(), 4u);
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].file, "city.json");
    EXPECT_EQ(skipped[0].field, "awarded");
    EXPECT_EQ(skipped[0].record_id, "a2");
    EXPECT_NE(skipped[0].message.find("tables.applications[2].awarded: "), std::string::npos) << skipped[0].message;

    write_file(file, city_json(2, 1, R"("150 тыс. руб.")"));
    EXPECT_THROW(civica::io::read_dataset_json(file), civica::parse_error);
    civica::io::table_read_options lenient;
    lenient.lenient_money = true;
    // "200.00" is still read (lenient amounts include the plain form); 150 тыс. = 15 000 000 kopecks.
    write_file(file, city_json(2, 1, R"("150 тыс. руб.")").replace(
                         city_json(2, 1, R"("150 тыс. руб.")").find("\"200.00\""), 8, "\"200 000,00\""));
    const auto ds2 = civica::io::read_dataset_json(file, lenient);
    EXPECT_EQ(ds2.application_at(0).requested, money::from_kopecks(20'000'000));
    EXPECT_EQ(ds2.application_at(1).awarded, money::from_kopecks(15'000'000));
}

TEST(input_limits, scoped_limits_inside_thread_limits_restore_the_process_caps) {
    // scoped_limits saved current_limits(), the thread's caps inside a thread_limits, and gave
    // them to the whole process when it ended.
    const auto before = civica::text::current_limits();
    {
        civica::text::input_limits tight = before;
        tight.max_json_depth = 3;
        civica::text::thread_limits mine(tight);
        {
            civica::text::input_limits other = before;
            other.max_json_depth = 7;
            civica::text::scoped_limits scope(other);
        }
        EXPECT_EQ(civica::text::current_limits().max_json_depth, 3u);  // still the thread's
    }
    EXPECT_EQ(civica::text::current_limits().max_json_depth, before.max_json_depth);
}
