// Tests of civica/io/convert.hpp: one read/write entry point for every format, with the format
// guessed from contents (reading) or suffix (writing).
//
// Independent truth: the real files under tests/data are of a known format (their SOURCE.md
// files say where they come from); round trips compare with the dataset's operator== and with
// the format's own reader called directly.
#include "civica/io/convert.hpp"

#include "civica/error.hpp"
#include "civica/io/pgf.hpp"
#include "civica/io/popolo.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/synth.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using namespace civica;
using io::data_format;

namespace {

const fs::path data_dir = fs::path(CIVICA_TEST_DATA_DIR);

using civica_test::write_file;

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_convert_" + name); }

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const civica::error& e) {
        return e.what();
    }
    return "(no error)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(io_convert, format_names_parse_back_and_aliases_are_accepted) {
    for (const auto f : io::all_data_formats()) EXPECT_EQ(io::parse_data_format(io::to_string(f)), f);
    EXPECT_EQ(io::parse_data_format("360G"), data_format::threesixtygiving);
    EXPECT_EQ(io::parse_data_format("fpg"), data_format::pgf);
    EXPECT_EQ(io::parse_data_format("folder"), data_format::civica);
    EXPECT_TRUE(has(error_of([] { (void)io::parse_data_format("xls"); }), "360giving"));
}

TEST(io_convert, guesses_the_format_of_real_files_from_their_contents) {
    EXPECT_EQ(io::guess_input_format(data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json"),
              data_format::threesixtygiving);
    EXPECT_EQ(io::guess_input_format(data_dir / "threesixtygiving" / "fundingproviders_grants_2_grants.csv"),
              data_format::threesixtygiving);
    EXPECT_EQ(io::guess_input_format(data_dir / "popolo" / "tas_local_councillor_popolo.json"), data_format::popolo);
    EXPECT_EQ(io::guess_input_format(data_dir / "pgf" / "sample.csv"), data_format::pgf);
    EXPECT_EQ(io::guess_input_format(data_dir / "folder" / "small"), data_format::civica);
}

TEST(io_convert, every_native_form_round_trips_through_read_and_write) {
    const dataset ds = synth::khanty_mansiysk_2020();
    const fs::path dir = scratch("round");
    for (const char* name : {"folder", "store.sqlite", "tables.json"}) {
        io::write(ds, dir / name);
        EXPECT_EQ(io::read(dir / name), ds) << name;
    }
    EXPECT_EQ(io::guess_input_format(dir / "store.sqlite"), data_format::sqlite);
    EXPECT_EQ(io::guess_input_format(dir / "tables.json"), data_format::json);

    io::write_options w;
    w.tables.separator = ';';
    w.tables.encoding = text::text_encoding::windows1251;
    w.tables.decimal_comma = true;
    io::write(ds, dir / "excel", data_format::csv, w);
    // Encoding and separator are detected per file; a decimal comma must be declared.
    EXPECT_THROW((void)io::read(dir / "excel", data_format::csv), parse_error);
    io::read_options r;
    r.tables.decimal_comma = true;
    EXPECT_EQ(io::read(dir / "excel", data_format::csv, r), ds);
    // Without a manifest the folder is a `csv` folder, with an empty description.
    fs::remove(dir / "excel" / "manifest.json");
    EXPECT_EQ(io::guess_input_format(dir / "excel"), data_format::csv);
    EXPECT_EQ(io::read(dir / "excel", std::nullopt, r).applications().size(), ds.applications().size());
}

TEST(io_convert, open_data_formats_read_as_their_own_readers_read_them) {
    const fs::path grants = data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    EXPECT_EQ(io::read(grants), io::read_360giving_json(grants));
    const fs::path popolo = data_dir / "popolo" / "tas_local_councillor_popolo.json";
    EXPECT_EQ(io::read(popolo), io::read_popolo_json(popolo));
    const fs::path pgf = data_dir / "pgf" / "sample.csv";
    EXPECT_EQ(io::read(pgf), io::read_pgf_csv(pgf));

    const fs::path dir = scratch("open");
    const dataset ds = io::read(grants);
    io::write_options w;
    w.currency = "GBP";
    io::write(ds, dir / "grants.json", data_format::threesixtygiving, w);
    io::write(ds, dir / "grants.csv", data_format::threesixtygiving, w);
    EXPECT_EQ(io::read(dir / "grants.json").applications().size(), ds.applications().size());
    EXPECT_EQ(io::guess_input_format(dir / "grants.csv"), data_format::threesixtygiving);
    EXPECT_EQ(io::read(dir / "grants.csv").applications().awarded(), ds.applications().awarded());
}

TEST(io_convert, says_what_it_saw_when_it_cannot_tell) {
    const fs::path dir = scratch("unknown");
    write_file(dir / "other.csv", "a,b\n1,2\n");
    const std::string csv = error_of([&] { (void)io::read(dir / "other.csv"); });
    EXPECT_TRUE(has(csv, "other.csv") && has(csv, "req_num") && has(csv, "Amount Awarded")) << csv;
    write_file(dir / "other.json", "{\"rows\": []}");
    EXPECT_TRUE(has(error_of([&] { (void)io::read(dir / "other.json"); }), "grants")) << "json";
    write_file(dir / "fake.sqlite", "not a database");
    EXPECT_TRUE(has(error_of([&] { (void)io::read(dir / "fake.sqlite"); }), "SQLite header"));
    write_file(dir / "empty.csv", "");
    EXPECT_TRUE(has(error_of([&] { (void)io::read(dir / "empty.csv"); }), "empty"));
    EXPECT_TRUE(has(error_of([&] { (void)io::read(dir / "missing"); }), "does not exist"));
    // One table of a folder is not a dataset.
    fs::create_directories(dir / "f");
    write_file(dir / "f" / "applications.csv", "id,competition,applicant\n");
    EXPECT_TRUE(has(error_of([&] { (void)io::read(dir / "f" / "applications.csv"); }), "read its folder"));
    // Writing: a .csv target must be named.
    const std::string out = error_of([&] { io::write(dataset{}, dir / "out.csv"); });
    EXPECT_TRUE(has(out, "pgf") && has(out, "360giving")) << out;
    EXPECT_FALSE(fs::exists(dir / "out.csv"));
    EXPECT_TRUE(has(error_of([&] { io::write(dataset{}, dir / "t.parquet"); }), "Python"));
}

TEST(io_convert, skipping_applies_to_the_native_formats_and_lists_what_was_left_out) {
    const fs::path dir = scratch("skip");
    const dataset ds = synth::khanty_mansiysk_2020();
    io::write(ds, dir / "folder");
    // Break the first application's amount (line 2 of applications.csv).
    std::ifstream in(dir / "folder" / "applications.csv");
    std::string header, first, rest, line;
    std::getline(in, header);
    std::getline(in, first);
    while (std::getline(in, line)) rest += line + "\n";
    in.close();
    const auto comma = first.find(',');
    write_file(dir / "folder" / "applications.csv", header + "\n" + first.substr(0, comma) + ",,\n" + rest);
    EXPECT_THROW((void)io::read(dir / "folder"), parse_error);
    std::vector<io::problem> skipped;
    io::read_options o;
    o.tables.skip_bad_records = true;
    o.tables.skipped = &skipped;
    const dataset got = io::read(dir / "folder", std::nullopt, o);
    ASSERT_FALSE(skipped.empty());
    EXPECT_EQ(skipped.front().file, "applications.csv");
    EXPECT_EQ(skipped.front().line, 2u);
    EXPECT_LT(got.applications().size(), ds.applications().size());
}
