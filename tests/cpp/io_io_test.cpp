// Tests of civica/io/io.hpp: one read and one write for every format, with the format guessed
// from contents (reading) or suffix (writing), one options struct, one result, one problem type.
//
// Independent truth: the real files under tests/data are of a known format (their SOURCE.md
// files say where they come from, and what currency and dates they hold); round trips compare
// with the dataset's operator== and with the format's own reader called directly.

#include "civica/io/io.hpp"

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/pgf.hpp"
#include "civica/io/popolo.hpp"
#include "civica/io/threesixtygiving.hpp"
#include "civica/synth.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/text.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
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

// The error of reading the Khanty-Mansiysk dataset written to the folder `dir` after `edit`
// changed the text of its manifest.json; nullopt when it reads.
std::optional<parse_error> error_with_manifest(const fs::path& dir, const std::function<void(std::string&)>& edit) {
    io::write(synth::khanty_mansiysk_2020(), dir);
    std::string manifest = civica_test::read_file(dir / "manifest.json");
    edit(manifest);
    write_file(dir / "manifest.json", manifest);
    try {
        (void)io::read(dir);
    } catch (const parse_error& e) {
        return e;
    }
    return std::nullopt;
}

}  // namespace

TEST(io_door, format_names_parse_back_and_aliases_are_accepted) {
    for (const auto f : io::all_data_formats()) EXPECT_EQ(io::parse_data_format(io::to_string(f)), f);
    EXPECT_EQ(io::parse_data_format("360G"), data_format::threesixtygiving);
    EXPECT_EQ(io::parse_data_format("fpg"), data_format::pgf);
    EXPECT_EQ(io::parse_data_format("folder"), data_format::civica);
    EXPECT_TRUE(has(error_of([] { (void)io::parse_data_format("xls"); }), "360giving"));
}

TEST(io_door, guesses_the_format_of_real_files_from_their_contents) {
    EXPECT_EQ(io::guess_input_format(data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json"),
              data_format::threesixtygiving);
    EXPECT_EQ(io::guess_input_format(data_dir / "threesixtygiving" / "fundingproviders_grants_2_grants.csv"),
              data_format::threesixtygiving);
    EXPECT_EQ(io::guess_input_format(data_dir / "popolo" / "tas_local_councillor_popolo.json"), data_format::popolo);
    EXPECT_EQ(io::guess_input_format(data_dir / "pgf" / "sample.csv"), data_format::pgf);
    EXPECT_EQ(io::guess_input_format(data_dir / "folder" / "small"), data_format::civica);
}

// A JSON format is told by its keys, not by the same words as values: an organisation of a
// Popolo file named "grants" does not make the file a 360Giving package.
TEST(io_door, guesses_json_by_keys_not_by_values) {
    const fs::path dir = scratch("json-keys");
    auto write = [&](const char* name, std::string_view text) {
        std::ofstream(dir / name, std::ios::binary) << text;
        return dir / name;
    };
    EXPECT_EQ(io::guess_input_format(write("popolo.json",
                                           "{\"organizations\": [{\"id\": \"grants\", \"name\": \"grants\"}],\n"
                                           " \"persons\": []}")),
              data_format::popolo);
    EXPECT_EQ(io::guess_input_format(write("g.json", "{\n  \"grants\"\n  : [{\"id\": \"persons\"}]}")),
              data_format::threesixtygiving);
    EXPECT_THROW((void)io::guess_input_format(write("other.json", "{\"items\": [\"grants\", \"persons\"]}")),
                 validation_error);
    // civica's tables without the JSON form's envelope were read as Popolo: every table but the
    // organisations dropped, with no word. They are civica's JSON, whose reader names what is
    // missing.
    const fs::path bare = write("bare.json",
                                "{\"municipalities\": [{\"id\": \"m\", \"name\": \"M\"}], \"organizations\": "
                                "[{\"id\": \"o\", \"full_name\": \"O\"}], \"applications\": []}");
    EXPECT_EQ(io::guess_input_format(bare), data_format::json);
    // A workbook (a zip file) was read as CSV and said to lack the ФПГ registry's columns.
    const fs::path book = write("city.xlsx", std::string("PK\x03\x04", 4) + std::string(100, '\0'));
    for (const fs::path& p : {book, write("book.bin", std::string("PK\x03\x04", 4) + "zip")}) {
        const std::string said = error_of([&] { (void)io::guess_input_format(p); });
        EXPECT_TRUE(has(said, "is a zip file, as an Excel workbook is") && has(said, "format \"xlsx\"")) << said;
    }
    const std::string out = error_of([&] { (void)io::guess_output_format(dir / "out.xlsx"); });
    EXPECT_TRUE(has(out, "is named like an Excel workbook")) << out;
    const std::string why = error_of([&] { (void)io::read(bare); });
    EXPECT_TRUE(has(why, "civica-dataset-json")) << why;
}

TEST(io_door, every_native_form_round_trips_through_read_and_write) {
    const dataset ds = synth::khanty_mansiysk_2020();
    const fs::path dir = scratch("round");
    for (const char* name : {"folder", "store.sqlite", "tables.json"}) {
        io::write(ds, dir / name);
        const auto r = io::read(dir / name);
        EXPECT_EQ(r.data, ds) << name;
        EXPECT_TRUE(r.problems.empty()) << name;
        EXPECT_EQ(r.format, io::guess_input_format(dir / name)) << name;
    }
    EXPECT_EQ(io::guess_input_format(dir / "store.sqlite"), data_format::sqlite);
    EXPECT_EQ(io::guess_input_format(dir / "tables.json"), data_format::json);

    io::write_options w;
    w.format = data_format::csv;
    w.separator = ';';
    w.encoding = text::text_encoding::windows1251;
    w.decimal_comma = true;
    io::write(ds, dir / "excel", w);
    // A folder with a manifest whose tables are in Russian Excel's dialect is guessed `csv`.
    EXPECT_EQ(io::guess_input_format(dir / "excel"), data_format::csv);
    // Encoding and separator are detected per file; a ';'-separated file reads decimal commas
    // undeclared (docs/dataset-format.md), and declared ones alike.
    EXPECT_EQ(io::read(dir / "excel").data, ds);
    io::read_options r;
    r.decimal_comma = true;
    EXPECT_EQ(io::read(dir / "excel", r).data, ds);
    // Without a manifest the folder is a `csv` folder too, named after the folder (with or
    // without a trailing separator) and otherwise undescribed.
    fs::remove(dir / "excel" / "manifest.json");
    EXPECT_EQ(io::guess_input_format(dir / "excel"), data_format::csv);
    const auto bare = io::read(dir / "excel", r).data;
    EXPECT_EQ(bare.applications().size(), ds.applications().size());
    EXPECT_EQ(bare.info().name, "excel");
    EXPECT_EQ(bare.info().title, "");
    EXPECT_EQ(io::read(fs::path((dir / "excel").string() + "/"), r).data.info().name, "excel");
}

// A folder of ','-separated UTF-8 tables with decimal commas (amounts quoted "357400,00", as
// some tools save them; civica itself writes decimal commas with ';' or tabs only) looks like a
// native folder; read with decimal_comma it is read as the `csv` folder it is.
TEST(io_door, dialect_options_make_a_native_looking_folder_a_csv_folder) {
    const dataset ds = synth::khanty_mansiysk_2020();
    const fs::path dir = scratch("comma");
    io::write_options w;
    w.format = data_format::csv;
    w.decimal_comma = true;
    w.separator = ';';
    io::write(ds, dir / "folder", w);
    // Every table again with ',' between its fields, each field quoted.
    for (const auto& entry : fs::directory_iterator(dir / "folder"))
        if (entry.path().extension() == ".csv")
            write_file(entry.path(), civica_test::resaved_with(civica_test::read_file(entry.path()), ';', ','));
    ASSERT_NE(civica_test::read_file(dir / "folder" / "applications.csv").find("\",\"357400,00\",\""),
              std::string::npos);
    EXPECT_EQ(io::guess_input_format(dir / "folder"), data_format::civica);
    EXPECT_THROW((void)io::read(dir / "folder"), parse_error);

    io::read_options r;
    r.decimal_comma = true;
    EXPECT_EQ(io::guess_input_format(dir / "folder", r), data_format::csv);
    const auto back = io::read(dir / "folder", r);
    EXPECT_EQ(back.format, data_format::csv);
    EXPECT_EQ(back.data, ds);
    // Options that say nothing of the dialect keep the guess.
    io::read_options plain;
    plain.on_error = io::error_policy::skip;
    EXPECT_EQ(io::guess_input_format(dir / "folder", plain), data_format::civica);
    io::read_options semicolon;
    semicolon.separator = ';';
    EXPECT_EQ(io::guess_input_format(dir / "folder", semicolon), data_format::csv);
    // Other formats keep theirs whatever the options.
    EXPECT_EQ(io::guess_input_format(data_dir / "pgf" / "sample.csv", r), data_format::pgf);
}

// A figure taken is a figure read back: one given without a unit is kept, checked and written
// with the unit it is kept with ("count" for a key of the user's own), in every format.
TEST(io_door, a_figure_without_a_unit_reads_back_from_every_format) {
    const fs::path dir = scratch("figure_unit");
    dataset ds = synth::khanty_mansiysk_2020();
    ds.set_indicator({"custom.average_participants", 2020, "", "", -2.5, qualifier::about, "", "own count"});
    for (const auto f : {data_format::civica, data_format::json, data_format::sqlite, data_format::store}) {
        io::write_options w;
        w.format = f;
        const fs::path target = dir / ("out_" + std::string(io::to_string(f)));
        io::write(ds, target, w);
        io::read_options r;
        r.format = f;
        EXPECT_TRUE(io::read(target, r).data == ds) << io::to_string(f);
    }
}

// A separator civica does not read is refused by name before any file is read, for every format
// that takes one: 'x' gave "unknown column "id;name;…"" for a csv folder.
TEST(io_door, a_separator_civica_does_not_read_is_refused_by_name) {
    const fs::path dir = scratch("bad_separator");
    io::write_options w;
    w.format = data_format::csv;
    w.separator = ';';
    io::write(synth::khanty_mansiysk_2020(), dir / "folder", w);
    for (const char sep : {'x', ' ', '0', '|'})
        for (const auto f : {data_format::csv, data_format::pgf, data_format::threesixtygiving}) {
            io::read_options r;
            r.format = f;
            r.separator = sep;
            try {
                (void)io::read(dir / "folder", r);
                ADD_FAILURE() << io::to_string(f) << " read with separator " << sep;
            } catch (const validation_error& e) {
                EXPECT_NE(std::string(e.what()).find(std::string("the separator must be ',', ';' or a tab, not '") + sep + "'"),
                          std::string::npos)
                    << e.what();
            }
        }
    // The readers of one format, called directly, refuse it too.
    io::table_read_options folder;
    folder.separator = 'x';
    EXPECT_THROW((void)io::read_dataset_folder(dir / "folder", folder), validation_error);
    io::threesixtygiving_read_options grants;
    grants.separator = '|';
    civica_test::write_file(dir / "grants.csv", "Identifier|Title\n360G-x|t\n");
    EXPECT_THROW((void)io::read_360giving(dir / "grants.csv", grants), validation_error);
}

// The dialect options are the csv format's; given another format they are refused, not ignored,
// and the target is not written.
TEST(io_door, a_spreadsheet_dialect_given_another_format_is_refused) {
    const dataset ds = synth::khanty_mansiysk_2020();
    const fs::path dir = scratch("dialect_elsewhere");
    for (const auto f : {data_format::civica, data_format::sqlite, data_format::json, data_format::store}) {
        io::write_options w;
        w.format = f;
        w.separator = ';';
        const fs::path target = dir / ("out_" + std::string(io::to_string(f)));
        try {
            io::write(ds, target, w);
            ADD_FAILURE() << io::to_string(f) << " wrote with separator ';'";
        } catch (const validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("separator is for the csv format only"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(fs::exists(target));
    }
    io::write_options comma;
    comma.format = data_format::civica;
    comma.decimal_comma = true;
    EXPECT_THROW(io::write(ds, dir / "comma", comma), validation_error);
    comma.format = data_format::csv;
    comma.separator = ';';
    EXPECT_NO_THROW(io::write(ds, dir / "comma", comma));
}

// Extras are the 360Giving writer's; given another format they are refused, not ignored.
TEST(io_door, grant_extras_given_another_format_than_360giving_are_refused) {
    const dataset ds = synth::khanty_mansiysk_2020();
    const std::vector<io::threesixtygiving_grant_extra> extras;
    io::write_options w;
    w.format = data_format::json;
    w.grant_extras = &extras;
    const fs::path target = scratch("extras_elsewhere") / "out.json";
    try {
        io::write(ds, target, w);
        ADD_FAILURE() << "written";
    } catch (const validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("extras is for the 360giving format only"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
    EXPECT_NO_THROW(io::check_write_options("360giving", w));
    EXPECT_THROW(io::check_write_options("parquet", w), validation_error);
}

// Each read option is refused by a format that does not use it (it was silently not used:
// --decimal-comma for an SQLite store, threads for a dataset folder), and taken by those that do.
TEST(io_door, a_read_option_a_format_does_not_use_is_refused_naming_those_that_use_it) {
    const fs::path dir = scratch("read_options_elsewhere");
    io::write(synth::khanty_mansiysk_2020(), dir / "km.sqlite");
    struct given {
        const char* name;
        void (*set)(io::read_options&);
        std::vector<std::string> used_by;
    };
    const std::vector<given> options = {
        {"encoding", [](io::read_options& o) { o.encoding = civica::text::text_encoding::windows1251; },
         {"csv", "json", "360giving", "pgf"}},
        {"separator", [](io::read_options& o) { o.separator = ';'; }, {"csv", "360giving", "pgf"}},
        {"decimal_comma", [](io::read_options& o) { o.decimal_comma = true; }, {"csv", "json"}},
        {"lenient_money", [](io::read_options& o) { o.lenient_money = true; }, {"csv", "json"}},
        {"threads", [](io::read_options& o) { o.threads = 2; }, {"pgf"}},
        {"lenient_identifiers", [](io::read_options& o) { o.lenient_identifiers = true; }, {"pgf"}},
    };
    for (const auto& g : options) {
        for (const auto f : io::all_data_formats()) {
            io::read_options o;
            g.set(o);
            const std::string name(io::to_string(f));
            const bool used = std::find(g.used_by.begin(), g.used_by.end(), name) != g.used_by.end();
            if (used) {
                EXPECT_NO_THROW(io::check_read_options(name, o)) << g.name << " " << name;
                continue;
            }
            try {
                io::check_read_options(name, o);
                ADD_FAILURE() << g.name << " let through for " << name;
            } catch (const validation_error& e) {
                std::string formats;
                for (const auto& u : g.used_by) formats += (formats.empty() ? "" : ", ") + u;
                const std::string the = g.used_by.size() > 1 ? " is for the formats " : " is for the format ";
                EXPECT_NE(std::string(e.what()).find("the read option " + std::string(g.name) + the + formats +
                                                     " only; \"" + name + "\" does not use it"),
                          std::string::npos)
                    << e.what();
            }
        }
    }
    // io::read says so before reading; the defaults, UTF-8 and ',' are no option given.
    io::read_options comma;
    comma.decimal_comma = true;
    EXPECT_THROW(io::read(dir / "km.sqlite", comma), validation_error);
    io::read_options plain;
    plain.encoding = civica::text::text_encoding::utf8;
    plain.separator = ',';
    EXPECT_EQ(io::read(dir / "km.sqlite", plain).data.bodies().size(),
              synth::khanty_mansiysk_2020().bodies().size());
}

// A folder of CSV files none of which is a table of the format is not an empty dataset.
TEST(io_door, a_folder_without_manifest_or_any_table_is_refused_naming_its_files) {
    const fs::path dir = scratch("typo") / "city";
    fs::create_directories(dir);
    std::ofstream(dir / "aplications.csv") << "id,competition\na1,c1\n";
    std::ofstream(dir / "notes.csv") << "x\n1\n";
    EXPECT_EQ(io::guess_input_format(dir), data_format::csv);
    const std::string why = error_of([&] { (void)io::read(dir); });
    EXPECT_TRUE(has(why, "none of the tables of a civica dataset")) << why;
    EXPECT_TRUE(has(why, "aplications.csv, notes.csv")) << why;
    EXPECT_TRUE(has(why, "applications.csv")) << why;  // the names it wants
    io::read_options skip;
    skip.on_error = io::error_policy::skip;
    EXPECT_THROW((void)io::read(dir, skip), parse_error);
    // With one table spelt right the folder reads (an empty table list is not required).
    fs::rename(dir / "aplications.csv", dir / "municipalities.csv");
    std::ofstream(dir / "municipalities.csv") << "id,name\nm1,Город\n";
    EXPECT_EQ(io::read(dir).data.municipalities().size(), 1u);
}

// A format named for a path of the wrong kind says so, whatever the reader would have said.
TEST(io_door, a_folder_given_to_a_reader_of_files_is_said_to_be_a_folder) {
    const fs::path folder = data_dir / "folder" / "small";
    for (const auto f : {data_format::pgf, data_format::store, data_format::sqlite, data_format::threesixtygiving,
                         data_format::popolo, data_format::json}) {
        io::read_options o;
        o.format = f;
        const std::string why = error_of([&] { (void)io::read(folder, o); });
        EXPECT_TRUE(has(why, "is a folder; the format " + std::string(io::to_string(f)) + " is read from a file"))
            << why;
    }
    io::read_options o;
    o.format = data_format::civica;
    const std::string why = error_of([&] { (void)io::read(data_dir / "pgf" / "sample.csv", o); });
    EXPECT_TRUE(has(why, "is a file; the format civica is read from a folder")) << why;
}

// A JSON document named as Popolo that has none of Popolo's collections is not read as an
// empty dataset.
TEST(io_door, a_json_document_without_popolo_collections_is_not_popolo) {
    io::read_options o;
    o.format = data_format::popolo;
    const std::string why =
        error_of([&] { (void)io::read(data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json", o); });
    EXPECT_TRUE(has(why, "not a Popolo document")) << why;
    EXPECT_TRUE(has(why, "abct_grants_360G-ABCT.json")) << why;
}

// civica's Popolo writer puts the areas first; a national dataset's fill far more than the
// head the guess reads, and the file is still Popolo.
TEST(io_door, a_popolo_file_that_starts_with_many_areas_is_guessed_popolo) {
    synth::national_options o;
    o.applications = 5000;
    o.seed = 1;
    const dataset ds = synth::national(o);
    const fs::path file = scratch("popolo-areas") / "national.json";
    io::write_popolo_json(ds, file);
    std::ifstream in(file, std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    ASSERT_NE(head.find("\"areas\""), std::string::npos);
    for (const char* key : {"\"persons\"", "\"organizations\"", "\"memberships\"", "\"posts\"", "\"events\""})
        ASSERT_EQ(head.find(key), std::string::npos) << key << ": the test needs a file whose head has only areas";
    EXPECT_EQ(io::guess_input_format(file), data_format::popolo);
    EXPECT_EQ(io::read(file).data, io::read_popolo_json(file));
}

TEST(io_door, open_data_formats_read_as_their_own_readers_read_them) {
    const fs::path grants = data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    const auto pkg = io::read_360giving(grants);
    const auto r = io::read(grants);
    EXPECT_EQ(r.format, data_format::threesixtygiving);
    EXPECT_EQ(r.data, pkg.data);
    EXPECT_EQ(r.grant_extras, pkg.extras);
    const fs::path popolo = data_dir / "popolo" / "tas_local_councillor_popolo.json";
    EXPECT_EQ(io::read(popolo).data, io::read_popolo_json(popolo));
    const fs::path pgf = data_dir / "pgf" / "sample.csv";
    EXPECT_EQ(io::read(pgf).data, io::read_pgf_csv(pgf));

    const fs::path dir = scratch("open");
    const dataset& ds = r.data;
    io::write_options w;
    w.format = data_format::threesixtygiving;
    io::write(ds, dir / "grants.json", w);
    io::write(ds, dir / "grants.csv", w);
    EXPECT_EQ(io::read(dir / "grants.json").data, ds);
    EXPECT_EQ(io::guess_input_format(dir / "grants.csv"), data_format::threesixtygiving);
    EXPECT_EQ(io::read(dir / "grants.csv").data.applications().awarded(), ds.applications().awarded());
}

// The file holds 1 grant in GBP per line of its "currency" key, awarded on the dates of its
// "awardDate" keys; the test counts both itself from the JSON text.
TEST(io_door, a_gbp_file_keeps_its_currency_and_award_dates_through_every_format) {
    const fs::path grants = data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    const std::string text = civica_test::read_file(grants);
    std::vector<std::string> award_dates;
    std::size_t gbp = 0;
    for (std::size_t at = text.find("\"awardDate\""); at != std::string::npos; at = text.find("\"awardDate\"", at + 1)) {
        const auto open = text.find('"', text.find(':', at) + 1);
        award_dates.push_back(text.substr(open + 1, 10));
    }
    for (std::size_t at = text.find("\"currency\": \"GBP\""); at != std::string::npos;
         at = text.find("\"currency\": \"GBP\"", at + 1))
        ++gbp;
    ASSERT_GT(award_dates.size(), 100u);
    ASSERT_EQ(gbp, award_dates.size());

    const dataset ds = io::read(grants).data;
    EXPECT_EQ(ds.info().currency, "GBP");
    ASSERT_EQ(ds.applications().size(), award_dates.size());
    const fs::path dir = scratch("gbp");
    for (const char* name : {"folder", "store.sqlite", "tables.json", "again.json", "again.csv"}) {
        io::write_options w;
        if (std::string(name).starts_with("again")) w.format = data_format::threesixtygiving;
        io::write(ds, dir / name, w);
        const dataset back = io::read(dir / name).data;
        EXPECT_EQ(back.info().currency, "GBP") << name;
        ASSERT_EQ(back.applications().size(), award_dates.size()) << name;
        for (std::size_t i = 0; i < award_dates.size(); ++i)
            ASSERT_EQ(format_date(back.application_at(i).decided), award_dates[i]) << name << " grant " << i;
    }
    // What was written is in GBP too, grant by grant.
    const std::string again = civica_test::read_file(dir / "again.json");
    std::size_t written_gbp = 0;
    for (std::size_t at = again.find("\"currency\": \"GBP\""); at != std::string::npos;
         at = again.find("\"currency\": \"GBP\"", at + 1))
        ++written_gbp;
    EXPECT_EQ(written_gbp, award_dates.size());
    EXPECT_EQ(again.find("\"RUB\""), std::string::npos);
    // The ФПГ registry holds roubles only: refused, and nothing is written.
    io::write_options as_pgf;
    as_pgf.format = data_format::pgf;
    const std::string refused = error_of([&] { io::write(ds, dir / "registry.csv", as_pgf); });
    EXPECT_TRUE(has(refused, "GBP") && has(refused, "roubles")) << refused;
    EXPECT_FALSE(fs::exists(dir / "registry.csv"));
}

TEST(io_door, a_currency_that_is_not_an_iso_code_is_refused_by_readers_and_writers) {
    const fs::path dir = scratch("bad_currency");
    const auto e = error_with_manifest(dir / "ok", [](std::string& m) { m.replace(m.find("\"RUB\""), 5, "\"rub\""); });
    ASSERT_TRUE(e) << "a manifest with currency \"rub\" was read";
    EXPECT_EQ(e->file(), "manifest.json");
    EXPECT_EQ(e->field(), "currency");
    dataset ds = synth::khanty_mansiysk_2020();
    ds.info().currency = "рубли";
    for (const char* name : {"folder", "t.json", "s.sqlite", "s.civica", "grants.json"}) {
        io::write_options w;
        if (std::string(name) == "grants.json") w.format = data_format::threesixtygiving;
        try {
            io::write(ds, dir / name, w);
            ADD_FAILURE() << name << ": a dataset in \"рубли\" was written";
        } catch (const validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("\"рубли\" is not an ISO 4217 code"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(fs::exists(dir / name)) << name;
    }
}

// The dataset's description is text like every column's (check_info): a writer refuses a NUL
// byte or bytes that are not UTF-8 in any of its fields before writing, naming the field, and
// the readers refuse them in a file written by another tool.
TEST(io_door, the_datasets_description_is_refused_with_a_nul_byte_or_bytes_that_are_not_utf8) {
    const fs::path dir = scratch("bad_info");
    for (const auto& f : dataset_info_texts) {
        for (const std::string& bad : {std::string("Bad\0one", 7), std::string("Bad\xff")}) {
            dataset ds = synth::khanty_mansiysk_2020();
            ds.info().*f.member = bad;
            const bool nul = bad.find('\0') != std::string::npos;
            const std::string why = std::string("the dataset's ") + f.name + (nul ? " holds a NUL byte (at byte 3)"
                                                                                 : " is not UTF-8 (at byte 3)");
            for (const char* name : {"folder", "t.json", "s.sqlite", "s.civica", "grants.json", "grants.csv"}) {
                io::write_options w;
                if (std::string(name).rfind("grants", 0) == 0) w.format = data_format::threesixtygiving;
                try {
                    io::write(ds, dir / name, w);
                    ADD_FAILURE() << name << ": a dataset whose " << f.name << " is " << (nul ? "NUL" : "\\xff")
                                  << " was written";
                } catch (const validation_error& e) {
                    EXPECT_TRUE(has(e.what(), why)) << e.what();
                }
                EXPECT_FALSE(fs::exists(dir / name)) << name;
            }
        }
    }
    // Read: a manifest (and the JSON form's info) written by hand with "\u0000".
    const auto e = error_with_manifest(dir / "ok", [](std::string& m) { m.insert(m.find("\"title\": \"") + 10, "A\\u0000"); });
    ASSERT_TRUE(e) << "a manifest whose title holds a NUL byte was read";
    EXPECT_EQ(e->field(), "title");
    EXPECT_TRUE(has(e->what(), "holds a NUL byte (at byte 1)")) << e->what();
}

TEST(io_door, limits_of_one_read_apply_to_that_read_only) {
    const fs::path grants = data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    io::read_options o;
    o.limits = text::current_limits();
    o.limits->max_file_bytes = 1000;
    const std::string why = error_of([&] { (void)io::read(grants, o); });
    EXPECT_TRUE(has(why, "max_file_bytes")) << why;
    // The process-wide caps are as they were: the same file reads without them.
    EXPECT_GT(text::current_limits().max_file_bytes, 1000u);
    EXPECT_FALSE(io::read(grants).data.applications().empty());
    o.limits->max_file_bytes = 0;
    EXPECT_THROW((void)io::read(grants, o), validation_error);
}

TEST(io_door, says_what_it_saw_when_it_cannot_tell) {
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

TEST(io_door, skipping_applies_to_the_native_formats_and_lists_what_was_left_out) {
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
    io::read_options o;
    o.on_error = io::error_policy::skip;
    const auto got = io::read(dir / "folder", o);
    ASSERT_FALSE(got.problems.empty());
    EXPECT_EQ(got.problems.front().severity, "error");
    EXPECT_EQ(got.problems.front().file, "applications.csv");
    EXPECT_EQ(got.problems.front().line, 2u);
    EXPECT_LT(got.data.applications().size(), ds.applications().size());
}

// Every reader in skip mode reports with the one problem type: the ФПГ reader's rows left
// out (errors) and identifiers let through (warnings) come in file order, with the file name.
TEST(io_door, the_pgf_reader_reports_with_the_one_problem_type) {
    const fs::path dir = scratch("pgf_problems");
    std::string text = civica_test::read_file(data_dir / "pgf" / "sample.csv");
    std::vector<std::string> lines;
    for (std::size_t b = 0, e; b < text.size(); b = e + 1) {
        e = text.find('\n', b);
        if (e == std::string::npos) e = text.size();
        lines.push_back(text.substr(b, e - b));
    }
    ASSERT_GE(lines.size(), 4u);
    // Line 2: a wrong INN check digit; line 3: a year that is not a number.
    auto field = [](std::string& row, std::size_t k) -> std::pair<std::size_t, std::size_t> {
        std::size_t b = 0;
        for (std::size_t i = 0; i < k; ++i) b = row.find(';', b) + 1;
        return {b, row.find(';', b) - b};
    };
    auto [ib, il] = field(lines[1], 7);
    std::string inn = lines[1].substr(ib, il);
    inn.back() = inn.back() == '9' ? '0' : static_cast<char>(inn.back() + 1);
    lines[1].replace(ib, il, inn);
    auto [yb, yl] = field(lines[2], 2);
    lines[2].replace(yb, yl, "20x0");
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    write_file(dir / "registry.csv", out);

    io::read_options o;
    o.on_error = io::error_policy::skip;
    o.lenient_identifiers = true;
    const auto r = io::read(dir / "registry.csv", o);
    ASSERT_EQ(r.problems.size(), 2u);
    EXPECT_EQ(r.problems[0].severity, "warning");
    EXPECT_EQ(r.problems[0].check, "invalid_identifier");
    EXPECT_EQ(r.problems[0].line, 2u);
    EXPECT_EQ(r.problems[0].field, "inn");
    EXPECT_EQ(r.problems[1].severity, "error");
    EXPECT_EQ(r.problems[1].line, 3u);
    EXPECT_EQ(r.problems[1].field, "year");
    for (const auto& p : r.problems) EXPECT_EQ(p.file, "registry.csv");
}

TEST(io_door, load_dataset_takes_any_path_read_takes) {
    const fs::path dir = scratch("load_any");
    const dataset ds = synth::khanty_mansiysk_2020();
    for (const char* name : {"store.sqlite", "tables.json", "folder"}) {
        io::write(ds, dir / name);
        EXPECT_EQ(io::load_dataset((dir / name).string()), ds) << name;
    }
    const fs::path grants = data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    EXPECT_EQ(io::load_dataset(grants.string()).info().currency, "GBP");
    const std::string none = error_of([&] { (void)io::load_dataset((dir / "nothing.json").string()); });
    EXPECT_TRUE(has(none, "nothing at that path")) << none;
}

// The ФПГ reader parses on threads of its own: the caps of one read reach them too.
TEST(io_door, the_caps_of_one_read_reach_the_pgf_readers_parse_threads) {
    const fs::path pgf = data_dir / "pgf" / "sample.csv";
    io::read_options o;
    o.threads = 2;
    o.limits = text::current_limits();
    o.limits->max_fields_per_record = 10;  // the layout has 29
    const std::string why = error_of([&] { (void)io::read(pgf, o); });
    EXPECT_TRUE(has(why, "max_fields_per_record")) << why;
    EXPECT_EQ(io::read(pgf).data.applications().size(), 30u);
}

// A request the source does not state (a 360Giving grant without amountAppliedFor; an empty
// `requested` cell) stays unstated through every format that holds requests, and is not a
// request for nothing: the folder's check says nothing of it, while a written 0 is flagged.
TEST(io_door, an_unstated_request_stays_unstated_through_every_format) {
    const fs::path dir = scratch("unstated");
    io::write(synth::national({.seed = 4, .applications = 300, .regions = 2}), dir / "source");
    // Blank every third request of the folder's applications.csv, and type 0 in one.
    const fs::path csv = dir / "source" / "applications.csv";
    auto rows = text::parse_csv(civica_test::read_file(csv));
    const auto header = rows.front();
    const auto col = static_cast<std::size_t>(std::find(header.begin(), header.end(), "requested") - header.begin());
    ASSERT_LT(col, header.size());
    for (std::size_t i = 1; i < rows.size(); i += 3) rows[i][col].clear();
    rows[2][col] = "0";
    {
        std::ofstream out(csv, std::ios::binary | std::ios::trunc);
        text::csv_writer w(out);
        for (const auto& r : rows) {
            for (const auto& f : r) w.field(f);
            w.end_record();
        }
    }
    const dataset ds = io::read(dir / "source").data;
    std::size_t unstated = 0;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) {
        const auto a = ds.application_at(i);
        if (!a.requested) ++unstated;
        EXPECT_EQ(a.requested.has_value(), i % 3 != 0) << i;
    }
    EXPECT_EQ(unstated, 100u);
    EXPECT_EQ(ds.application_at(1).requested, money());

    std::size_t zero_warnings = 0;
    for (const auto& p : io::check_dataset_folder(dir / "source")) {
        EXPECT_NE(p.check, "awarded_exceeds_requested") << p.message;
        if (p.check == "zero_money" && p.field == "requested") {
            ++zero_warnings;
            EXPECT_EQ(p.record_id, ds.application_at(1).id.str());
        }
    }
    EXPECT_EQ(zero_warnings, 1u);

    for (const char* name : {"folder", "store.sqlite", "tables.json", "data.civica"}) {
        io::write(ds, dir / name);
        EXPECT_EQ(io::read(dir / name).data, ds) << name;
    }
    // The ФПГ registry: a non-winner's money is its request, written empty when not stated.
    io::write_options as_pgf;
    as_pgf.format = data_format::pgf;
    io::write(ds, dir / "registry.csv", as_pgf);
    const dataset registry = io::read(dir / "registry.csv").data;
    ASSERT_EQ(registry.applications().size(), ds.applications().size());
    std::size_t checked = 0;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) {
        const auto a = ds.application_at(i);
        const auto b = registry.application_at(static_cast<std::size_t>(registry.applications().ids().find(a.id.str())));
        if (a.status == application_status::winner) continue;  // the registry's money is the grant
        EXPECT_EQ(b.requested, a.requested) << a.id.str();
        ++checked;
    }
    EXPECT_GT(checked, 50u);
    // 360Giving: a grant states amountAppliedFor exactly when its request is stated.
    io::write_options as_360;
    as_360.format = data_format::threesixtygiving;
    io::write(ds, dir / "grants.json", as_360);
    const dataset grants = io::read(dir / "grants.json").data;
    for (std::size_t i = 0; i < grants.applications().size(); ++i) {
        const auto b = grants.application_at(i);
        EXPECT_EQ(b.requested, ds.application_at(static_cast<std::size_t>(ds.applications().ids().find(b.id.str()))).requested) << b.id.str();
    }
}

// A file system takes any bytes in a name: a registry saved as "café.csv" on a system whose
// names are Latin-1 has the name bytes "caf\xE9.csv". A reader that names the dataset after its
// file shows such bytes as \xNN (text::utf8_or_escaped), as the CLI shows the path, so that
// the dataset's name, title and source are text: the Python binding decodes them, and the
// JSON writers take them (they refused raw bytes with json.exception.type_error.316).
TEST(io_door, a_dataset_named_after_a_file_whose_name_is_not_utf8_is_named_in_utf8) {
    const fs::path dir = scratch("latin1_names");
    const std::string latin1 = "caf\xE9";  // "café" in Latin-1
    const std::string shown = "caf\\xe9";
    const auto check = [&](const dataset& ds, const std::string& name, const std::string& title,
                           const std::string& source, const char* what) {
        EXPECT_EQ(ds.info().name, name) << what;
        EXPECT_EQ(ds.info().title, title) << what;
        EXPECT_EQ(ds.info().source, source) << what;
        io::write_options json;
        json.format = data_format::json;
        EXPECT_NO_THROW(io::write(ds, dir / (std::string(what) + ".json"), json)) << what;
    };

    fs::copy_file(data_dir / "pgf" / "sample.csv", dir / (latin1 + ".csv"));
    check(io::read(dir / (latin1 + ".csv")).data, "presidential-grants-fund",
          "Presidential Grants Fund applications (" + shown + ".csv)", shown + ".csv", "pgf");

    fs::copy_file(data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.json", dir / (latin1 + "-360.json"));
    check(io::read(dir / (latin1 + "-360.json")).data, shown + "-360", "", "360Giving package", "360giving json");
    fs::copy_file(data_dir / "threesixtygiving" / "abct_grants_360G-ABCT.csv", dir / (latin1 + "-360.csv"));
    check(io::read(dir / (latin1 + "-360.csv")).data, shown + "-360", "", "360Giving flat CSV", "360giving csv");

    fs::copy_file(data_dir / "popolo" / "tas_local_councillor_popolo.json", dir / (latin1 + "-popolo.json"));
    check(io::read(dir / (latin1 + "-popolo.json")).data, shown + "-popolo", "", "Popolo JSON", "popolo");

    // A folder of tables without a manifest is named after the folder.
    io::write(synth::khanty_mansiysk_2020(), dir / latin1);
    fs::remove(dir / latin1 / "manifest.json");
    io::table_read_options tables;
    tables.require_manifest = false;
    check(io::read_dataset_folder(dir / latin1, tables), shown, "", "", "folder");

    // A message about such a file names it the same way.
    write_file(dir / (latin1 + "-bad.csv"), "req_num;nothing else\n");
    try {
        io::read_pgf_csv(dir / (latin1 + "-bad.csv"));
        ADD_FAILURE() << "a file that is not the ФПГ layout was read";
    } catch (const parse_error& e) {
        EXPECT_EQ(e.file(), shown + "-bad.csv");
        EXPECT_EQ(text::find_invalid_utf8(e.what()), std::string_view::npos) << e.what();
    }
}

// A record of a JSON file, which has no lines to count, is placed by its JSON path in the
// problem's own field (not only in its message). Independent truth: the place of the bad
// record in the file written here (the third grant, grants[2]; the second membership).
TEST(io_door, a_json_record_left_out_is_placed_by_its_json_path) {
    const fs::path dir = scratch("json_path");
    const std::string good = R"({"id": "G-%", "title": "t", "currency": "GBP", "amountAwarded": 100,
        "awardDate": "2020-05-01", "recipientOrganization": [{"id": "GB-CHC-1", "name": "Charity"}],
        "fundingOrganization": [{"id": "GB-CHC-2", "name": "Funder"}]})";
    auto grant = [&](const std::string& n, const std::string& amount) {
        std::string g = good;
        g.replace(g.find('%'), 1, n);
        g.replace(g.find("100"), 3, amount);
        return g;
    };
    write_file(dir / "grants.json",
               "{\"grants\": [" + grant("1", "100") + "," + grant("2", "200") + "," + grant("3", "-5") + "]}");
    io::read_options o;
    o.on_error = io::error_policy::skip;
    const auto got = io::read(dir / "grants.json", o);
    ASSERT_EQ(got.problems.size(), 1u);
    EXPECT_EQ(got.problems[0].path, "grants[2]");
    EXPECT_NE(io::to_string(got.problems[0]).find("grants.json: field \"amountAwarded\": grants[2]"), std::string::npos)
        << io::to_string(got.problems[0]);
    EXPECT_EQ(got.problems[0].record_id, "G-3");
    EXPECT_EQ(got.problems[0].line, 0u);
    EXPECT_EQ(got.data.applications().size(), 2u);
    // The 360Giving check places the same grant the same way.
    const auto checked = io::check_360giving(dir / "grants.json");
    ASSERT_FALSE(checked.empty());
    for (const auto& p : checked) EXPECT_EQ(p.path, "grants[2]") << p.message;

    write_file(dir / "council.json", R"({"organizations": [{"id": "b", "name": "Совет", "classification": "council"}],
      "memberships": [{"person_id": "p", "organization_id": "b", "start_date": "2021-01-01"},
                      {"person_id": "p", "organization_id": "b", "start_date": "2021-02-30"}],
      "persons": [{"id": "p", "name": "Иванов"}]})");
    const auto council = io::read(dir / "council.json", o);
    ASSERT_EQ(council.problems.size(), 1u);
    EXPECT_EQ(council.problems[0].path, "memberships[1]");

    // Rows of tables are placed by their lines, with no path.
    const auto folder = io::read(data_dir / "folder" / "small", o);
    for (const auto& p : folder.problems) EXPECT_TRUE(p.path.empty()) << p.path;
}
