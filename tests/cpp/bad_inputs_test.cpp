// Runs every file of the bad-input catalogue (tests/data/bad, described in its README.md)
// through its reader: the reader must throw the documented civica::error subclass, the message
// must name the place (file, line or JSON path, field), and nothing may be half-loaded — a
// reader that fills an existing object leaves it equal to a copy taken before, a reader that
// returns a fresh object returns nothing and leaves no output behind. Large hostile inputs
// (1 MB fields, a million columns, deep JSON, oversized files) are generated here at run time.
#include "civica/calendar/obligations.hpp"
#include "civica/calendar/production_calendar.hpp"
#include "civica/core/date.hpp"
#include "civica/core/money.hpp"
#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_json.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/io.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"
#include "civica/io/pgf.hpp"
#include "civica/io/popolo.hpp"
#include "civica/io/sqlite.hpp"
#include "civica/io/threesixtygiving.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace civica;

namespace {

const fs::path bad_dir = fs::path(CIVICA_TEST_DATA_DIR) / "bad";
const fs::path small_dir = fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small";

enum class kind { parse, validation, io, not_found };

const char* kind_name(kind k) {
    switch (k) {
        case kind::parse: return "parse_error";
        case kind::validation: return "validation_error";
        case kind::io: return "io_error";
        case kind::not_found: return "not_found_error";
    }
    return "?";
}

/// A scratch folder removed at the end of the test.
struct scratch {
    fs::path dir;
    explicit scratch(const std::string& name) {
        dir = fs::temp_directory_path() /
              ("civica-bad-" + name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    ~scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

/// Runs `f`, which must throw civica::error of kind `k` whose message holds every one of
/// `names`. Returns the message.
std::string expect_error(const std::function<void()>& f, kind k, const std::vector<std::string>& names,
                         const std::string& label) {
    try {
        f();
    } catch (const parse_error& e) {
        EXPECT_EQ(k, kind::parse) << label << ": got parse_error: " << e.what();
        for (const auto& n : names) EXPECT_NE(std::string(e.what()).find(n), std::string::npos)
            << label << ": the message does not name \"" << n << "\": " << e.what();
        return e.what();
    } catch (const validation_error& e) {
        EXPECT_EQ(k, kind::validation) << label << ": got validation_error: " << e.what();
        for (const auto& n : names) EXPECT_NE(std::string(e.what()).find(n), std::string::npos)
            << label << ": the message does not name \"" << n << "\": " << e.what();
        return e.what();
    } catch (const io_error& e) {
        EXPECT_EQ(k, kind::io) << label << ": got io_error: " << e.what();
        for (const auto& n : names) EXPECT_NE(std::string(e.what()).find(n), std::string::npos)
            << label << ": the message does not name \"" << n << "\": " << e.what();
        return e.what();
    } catch (const not_found_error& e) {
        EXPECT_EQ(k, kind::not_found) << label << ": got not_found_error: " << e.what();
        return e.what();
    } catch (const civica::error& e) {
        ADD_FAILURE() << label << ": a bare civica::error: " << e.what();
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << label << ": not a civica::error (" << typeid(e).name() << "): " << e.what();
        return e.what();
    }
    ADD_FAILURE() << label << ": accepted; expected " << kind_name(k);
    return {};
}

/// The files of a folder (names only), to check that a failed read wrote nothing.
std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(e.path().lexically_relative(dir).string());
    return out;
}

// ---- the dataset folder: each case is a folder of files laid over a copy of tests/data/folder/small

struct folder_case {
    const char* name;
    kind k;
    std::vector<std::string> names;  // what the message must name
};

const std::vector<folder_case> folder_cases = {
    {"empty_table", kind::parse, {"organizations.csv:3", "municipality", "khm"}},
    {"header_only_referenced_table", kind::parse, {"operators.csv:2", "organization", "fpg"}},
    {"truncated_in_quoted_field", kind::parse, {"applications.csv:2:17", "not closed"}},
    {"missing_required_column", kind::parse, {"applications.csv", "competition"}},
    {"unknown_column", kind::parse, {"applications.csv:1", "statuss"}},
    {"amount_not_a_number", kind::parse, {"applications.csv:2", "requested", "много"}},
    {"nul_byte", kind::parse, {"applications.csv:2", "NUL"}},
    {"invalid_utf8", kind::parse, {"applications.csv:2", "UTF-8"}},
    {"windows1251_as_utf8", kind::parse, {"organizations.csv:2", "UTF-8"}},
    {"money_overflows_int64", kind::parse, {"applications.csv:2", "requested"}},
    {"negative_money", kind::parse, {"applications.csv:2", "requested"}},
    {"february_30", kind::parse, {"applications.csv:2", "submitted", "2021-02-30"}},
    {"year_zero", kind::parse, {"applications.csv:2", "submitted"}},
    {"year_99999", kind::parse, {"applications.csv:2", "submitted"}},
    {"duplicate_id", kind::parse, {"applications.csv:3", "a9"}},
    {"missing_reference", kind::parse, {"applications.csv:2", "competition", "pg-2099-1"}},
    {"awarded_on_rejected", kind::parse, {"applications.csv:2", "awarded"}},
    {"unknown_status", kind::parse, {"applications.csv:2", "status", "won"}},
    {"implementation_ends_before_start", kind::parse, {"applications.csv:2", "implementation"}},
    {"extra_field", kind::parse, {"applications.csv:2", "fields"}},
    {"bare_carriage_return", kind::parse, {"applications.csv:2", "carriage return"}},
    {"text_after_closing_quote", kind::parse, {"applications.csv:2", "quote"}},
    {"bad_inn_check_digit", kind::parse, {"organizations.csv:3", "inn", "8614008551"}},
    {"bad_population", kind::parse, {"municipalities.csv:2", "population"}},
    {"manifest_not_json", kind::parse, {"manifest.json"}},
    {"manifest_future_version", kind::parse, {"manifest.json", "99"}},
    {"manifest_empty", kind::parse, {"manifest.json"}},
};

fs::path overlay(const scratch& s, const std::string& name) {
    const fs::path dst = s.dir / "dataset";
    fs::copy(small_dir, dst, fs::copy_options::recursive);
    for (const auto& e : fs::directory_iterator(bad_dir / "folder" / name))
        fs::copy_file(e.path(), dst / e.path().filename(), fs::copy_options::overwrite_existing);
    return dst;
}

// ---- single-file readers

struct file_case {
    const char* reader;  // folder under tests/data/bad
    const char* file;
    kind k;
    std::vector<std::string> names;
};

const std::vector<file_case> file_cases = {
    {"pgf", "empty.csv", kind::parse, {"empty.csv"}},
    {"pgf", "wrong_header.csv", kind::parse, {"wrong_header.csv:1", "money_req_grant"}},
    {"pgf", "short_row.csv", kind::parse, {"short_row.csv:2"}},
    {"pgf", "bad_inn.csv", kind::parse, {"bad_inn.csv:2", "inn", "8614008551"}},
    {"pgf", "february_30.csv", kind::parse, {"february_30.csv:2", "date_req", "2021-02-30"}},
    {"pgf", "amount_not_a_number.csv", kind::parse, {"amount_not_a_number.csv:2", "money_req_grant"}},
    {"pgf", "bad_winner_flag.csv", kind::parse, {"bad_winner_flag.csv:2", "winner", "Maybe"}},

    {"360giving", "empty.json", kind::parse, {"empty.json", "JSON"}},
    {"360giving", "truncated.json", kind::parse, {"truncated.json", "JSON"}},
    {"360giving", "no_grants_array.json", kind::parse, {"no_grants_array.json", "grants"}},
    {"360giving", "missing_amount.json", kind::parse, {"missing_amount.json", "360G-x-1", "amountAwarded"}},
    {"360giving", "amount_is_text.json", kind::parse, {"amount_is_text.json", "360G-x-1", "amountAwarded"}},
    {"360giving", "negative_amount.json", kind::parse, {"negative_amount.json", "amountAwarded", "cannot be negative"}},
    {"360giving", "two_currencies.json", kind::parse, {"two_currencies.json", "currency", "EUR"}},
    {"360giving", "amount_overflows_int64.json", kind::parse, {"amount_overflows_int64.json", "amountAwarded"}},
    {"360giving", "bad_award_date.json", kind::parse, {"bad_award_date.json", "awardDate"}},
    {"360giving", "number_overflows_double.json", kind::parse, {"number_overflows_double.json", "JSON"}},

    {"popolo", "truncated.json", kind::parse, {"truncated.json", "JSON"}},
    {"popolo", "top_level_array.json", kind::parse, {"top_level_array.json"}},
    {"popolo", "person_without_id.json", kind::parse, {"person_without_id.json", "persons[1]", "id"}},
    {"popolo", "membership_bad_date.json", kind::parse, {"membership_bad_date.json", "start_date"}},
    {"popolo", "persons_not_array.json", kind::parse, {"persons_not_array.json", "persons"}},
    {"popolo", "number_overflows_double.json", kind::parse, {"number_overflows_double.json", "JSON"}},

    {"sqlite", "text_file.sqlite", kind::parse, {"text_file.sqlite"}},
    {"sqlite", "empty.sqlite", kind::parse, {"empty.sqlite"}},

    {"calendar_csv", "february_30.csv", kind::parse, {"february_30.csv:2", "2021-02-30"}},
};

dataset read_any(const std::string& reader, const fs::path& file) {
    if (reader == "pgf") return io::read_pgf_csv(file);
    if (reader == "360giving") return io::read_360giving(file).data;
    if (reader == "popolo") return io::read_popolo_json(file);
    if (reader == "sqlite") return io::load_sqlite(file);
    if (reader == "calendar_csv") {
        (void)calendar::production_calendar::from_csv(file);
        return {};
    }
    throw std::logic_error("unknown reader " + reader);
}

// ---- readers that merge into an existing object: xmlcalendar and obligations

const std::vector<file_case> merge_cases = {
    {"xmlcalendar", "february_30.xml", kind::parse, {"february_30.xml:5", "02.30"}},
    {"xmlcalendar", "month_13.xml", kind::parse, {"month_13.xml:4", "13.01"}},
    {"xmlcalendar", "unknown_day_type.xml", kind::parse, {"unknown_day_type.xml:4", "7"}},
    {"xmlcalendar", "year_not_a_number.xml", kind::parse, {"year_not_a_number.xml", "year"}},
    {"xmlcalendar", "truncated.xml", kind::parse, {"truncated.xml"}},
    {"xmlcalendar", "empty.xml", kind::parse, {"empty.xml"}},
    {"obligations", "truncated.json", kind::parse, {"truncated.json"}},
    {"obligations", "missing_id.json", kind::parse, {"missing_id.json", "id"}},
    {"obligations", "day_32.json", kind::parse, {"day_32.json:17", "day"}},
    {"obligations", "not_an_object.json", kind::parse, {"not_an_object.json"}},
    {"obligations", "number_overflows_double.json", kind::parse, {"number_overflows_double.json", "JSON"}},
};

bool same_calendar(const calendar::production_calendar& a, const calendar::production_calendar& b) {
    if (a.years() != b.years()) return false;
    const auto da = a.special_days(), db = b.special_days();
    if (da.size() != db.size()) return false;
    for (std::size_t i = 0; i < da.size(); ++i)
        if (da[i].day != db[i].day || da[i].kind != db[i].kind || da[i].name != db[i].name) return false;
    return true;
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string write_file(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p.filename().string();
}

}  // namespace

TEST(bad_inputs, every_catalogue_file_has_a_case) {
    std::set<std::string> listed;
    for (const auto& c : folder_cases) listed.insert("folder/" + std::string(c.name));
    for (const auto& c : file_cases) listed.insert(std::string(c.reader) + "/" + c.file);
    for (const auto& c : merge_cases) listed.insert(std::string(c.reader) + "/" + c.file);
    listed.insert("values/money.txt");
    listed.insert("values/dates.txt");
    for (const auto& e : fs::recursive_directory_iterator(bad_dir)) {
        if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
        std::string rel = e.path().lexically_relative(bad_dir).generic_string();
        if (rel.rfind("folder/", 0) == 0) rel = rel.substr(0, rel.find('/', 7));
        EXPECT_TRUE(listed.count(rel)) << rel << " is in tests/data/bad but no test runs it";
    }
    // and the README's table names every case
    std::ifstream in(bad_dir / "README.md");
    std::stringstream ss;
    ss << in.rdbuf();
    for (const auto& rel : listed) EXPECT_NE(ss.str().find(rel), std::string::npos) << rel << " is not in README.md";
}

TEST(bad_inputs, the_dataset_folder_reader_refuses_every_damaged_folder_and_returns_nothing) {
    for (const auto& c : folder_cases) {
        scratch s(c.name);
        const fs::path folder = overlay(s, c.name);
        const auto before = listing(s.dir);
        expect_error([&] { (void)io::read_dataset_folder(folder); }, c.k, c.names, std::string("folder/") + c.name);
        EXPECT_EQ(listing(s.dir), before) << c.name << ": the failed read left files behind";
    }
}

TEST(bad_inputs, the_undamaged_base_folder_reads) {
    // The cases above differ from this folder by one file each: it must itself be good.
    EXPECT_NO_THROW((void)io::read_dataset_folder(small_dir));
}

TEST(bad_inputs, file_readers_refuse_every_bad_file_and_return_nothing) {
    for (const auto& c : file_cases) {
        scratch s(std::string(c.reader) + "-" + c.file);
        const fs::path copy = s.dir / c.file;
        fs::copy_file(bad_dir / c.reader / c.file, copy);
        const auto before = listing(s.dir);
        bool returned = false;
        expect_error([&] { (void)read_any(c.reader, copy); returned = true; }, c.k, c.names,
                     std::string(c.reader) + "/" + c.file);
        EXPECT_FALSE(returned);
        EXPECT_EQ(listing(s.dir), before) << c.reader << "/" << c.file << ": files left behind";
    }
}

TEST(bad_inputs, a_bad_xmlcalendar_or_rules_file_leaves_the_loaded_object_unchanged) {
    for (const auto& c : merge_cases) {
        const fs::path file = bad_dir / c.reader / c.file;
        const std::string label = std::string(c.reader) + "/" + c.file;
        if (std::string(c.reader) == "xmlcalendar") {
            auto cal = calendar::production_calendar::from_xmlcalendar(
                fs::path(CIVICA_TEST_DATA_DIR) / "calendar" / "xmlcalendar_2028_sample.xml");
            const auto copy = cal;
            ASSERT_FALSE(cal.special_days().empty());
            expect_error([&] { cal.load_xmlcalendar(file); }, c.k, c.names, label);
            EXPECT_TRUE(same_calendar(cal, copy)) << label << ": the calendar changed";
        } else {
            auto cat = calendar::obligation_catalogue::bundled();
            const auto copy = cat.obligations();
            ASSERT_GT(copy.size(), 3u);
            expect_error([&] { cat.load(file); }, c.k, c.names, label);
            ASSERT_EQ(cat.obligations().size(), copy.size()) << label;
            for (std::size_t i = 0; i < copy.size(); ++i) EXPECT_EQ(cat.obligations()[i].id, copy[i].id) << label;
        }
    }
}

TEST(bad_inputs, money_parse_refuses_every_malformed_amount) {
    for (const auto& text : lines_of(bad_dir / "values" / "money.txt"))
        expect_error([&] { (void)money::parse(text); }, kind::parse, {}, "money \"" + text + "\"");
}

TEST(bad_inputs, parse_date_refuses_every_impossible_date) {
    for (const auto& text : lines_of(bad_dir / "values" / "dates.txt")) {
        if (text == "2021-02-29") {  // 2021 is not a leap year: 29 February does not exist
            expect_error([&] { (void)parse_date(text); }, kind::parse, {"2021-02-29"}, "date " + text);
            continue;
        }
        expect_error([&] { (void)parse_date(text); }, kind::parse, {}, "date \"" + text + "\"");
    }
}

TEST(bad_inputs, a_truncated_sqlite_database_is_refused) {
    scratch s("sqlite-truncated");
    const fs::path db = s.dir / "city.sqlite";
    const dataset good = io::read_dataset_folder(small_dir);
    io::save_sqlite(good, db);
    const auto size = fs::file_size(db);
    ASSERT_GT(size, 4096u);
    fs::resize_file(db, size / 2);
    const auto before = listing(s.dir);
    expect_error([&] { (void)io::load_sqlite(db); }, kind::parse, {"city.sqlite"}, "truncated sqlite");
    EXPECT_EQ(listing(s.dir), before);
}

// ---- generated at run time: inputs too large to commit

TEST(bad_inputs, a_one_megabyte_field_is_read_under_the_default_limits_and_refused_under_a_small_cap) {
    scratch s("big-field");
    const fs::path folder = s.dir / "dataset";
    fs::copy(small_dir, folder, fs::copy_options::recursive);
    std::ifstream in(small_dir / "applications.csv");
    std::string header;
    std::getline(in, header);
    const std::string title(1 << 20, 'x');
    write_file(folder / "applications.csv",
               header + "\na9,pg-2020-2,rc," + title + ",,500.00,,2020-04-02,rejected,,,\n");
    const dataset d = io::read_dataset_folder(folder);
    ASSERT_EQ(d.applications().size(), 1u);
    EXPECT_EQ(d.applications().title()[0].size(), title.size());

    text::input_limits lim = text::current_limits();
    lim.max_field_bytes = 64 * 1024;
    text::scoped_limits tight(lim);
    expect_error([&] { (void)io::read_dataset_folder(folder); }, kind::parse,
                 {"applications.csv:2", "max_field_bytes"}, "1 MB field");
}

TEST(bad_inputs, a_million_column_line_is_refused_without_building_a_million_fields) {
    std::string text = "a,b\n";
    text.append(1'000'000, ',');
    text += '\n';
    expect_error([&] { (void)text::parse_csv(text, {}, "wide.csv"); }, kind::parse,
                 {"wide.csv:2", "max_fields_per_record"}, "million columns");
}

TEST(bad_inputs, too_many_rows_are_refused_under_a_row_cap) {
    text::input_limits lim = text::current_limits();
    lim.max_rows = 10;
    text::scoped_limits tight(lim);
    std::string text = "a\n";
    for (int i = 0; i < 20; ++i) text += std::to_string(i) + "\n";
    expect_error([&] { (void)text::parse_csv(text, {}, "long.csv"); }, kind::parse, {"long.csv:11", "max_rows"},
                 "rows");
}

TEST(bad_inputs, the_pgf_reader_keeps_the_field_and_row_caps_too) {
    // docs/reliability.md lists the ФПГ reader under both caps; it applied neither.
    const fs::path sample = fs::path(CIVICA_TEST_DATA_DIR) / "pgf" / "sample.csv";
    const std::size_t rows = io::read_pgf_csv(sample).applications().size();
    {
        text::input_limits lim = text::current_limits();
        lim.max_field_bytes = 20;  // the sample's titles are longer
        text::scoped_limits tight(lim);
        expect_error([&] { (void)io::read_pgf_csv(sample); }, kind::parse, {"sample.csv:2", "name", "max_field_bytes"},
                     "pgf field cap");
        // In skip mode a row with a field past the cap is left out and listed, as any bad row.
        std::vector<io::problem> skipped;
        io::pgf_options o;
        o.skip_bad_records = true;
        o.skipped = &skipped;
        EXPECT_EQ(io::read_pgf_csv(sample, o).applications().size(), 0u);
        EXPECT_EQ(skipped.size(), rows);
    }
    {
        text::input_limits lim = text::current_limits();
        lim.max_rows = rows;  // the header is a row too
        text::scoped_limits tight(lim);
        expect_error([&] { (void)io::read_pgf_csv(sample); }, kind::parse, {"sample.csv", "max_rows"}, "pgf row cap");
        lim.max_rows = rows + 1;
        text::scoped_limits enough(lim);
        EXPECT_EQ(io::read_pgf_csv(sample).applications().size(), rows);
    }
}

TEST(bad_inputs, deeply_nested_json_is_refused_by_every_json_reader) {
    scratch s("deep");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const std::string deep_obj = "{\"grants\": " + deep + "}";
    const auto f360 = s.dir / write_file(s.dir / "deep360.json", deep_obj);
    const auto fpop = s.dir / write_file(s.dir / "deeppopolo.json", "{\"persons\": " + deep + "}");
    const auto fobl = s.dir / write_file(s.dir / "deeprules.json", "{\"obligations\": " + deep + "}");
    expect_error([&] { (void)io::read_360giving(f360); }, kind::parse, {"deep360.json", "max_json_depth"}, "360");
    expect_error([&] { (void)io::read_popolo_json(fpop); }, kind::parse, {"deeppopolo.json", "max_json_depth"}, "popolo");
    auto cat = calendar::obligation_catalogue::bundled();
    const auto n = cat.size();
    expect_error([&] { cat.load(fobl); }, kind::parse, {"deeprules.json", "max_json_depth"}, "rules");
    EXPECT_EQ(cat.size(), n);
    // Brackets inside strings are text, not nesting.
    EXPECT_NO_THROW(text::check_json_text("{\"a\": \"" + std::string(1000, '[') + "\"}", "s.json"));
}

namespace {
const std::string one_grant =
    R"({"id": "G-1", "title": "t", "currency": "GBP", "amountAwarded": 100, "awardDate": "2020-01-01",
        "recipientOrganization": [{"id": "GB-1", "name": "R"}], "fundingOrganization": [{"id": "GB-2", "name": "F"}]})";

/// The line of the parse_error `f` throws (0 when it throws none, which fails the test).
std::size_t error_line(const std::function<void()>& f, const std::string& must_say) {
    try {
        f();
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find(must_say), std::string::npos) << e.what();
        return e.line();
    }
    ADD_FAILURE() << "no parse_error (" << must_say << ")";
    return 0;
}
}  // namespace

// nlohmann/json takes a NUL byte for the end of the text: a 360Giving file of one grant, a NUL
// and two more grants read as one grant, and a Popolo document's persons after a NUL were
// gone, with no word. Every JSON reader refuses the byte, naming its line and column.
TEST(bad_inputs, a_nul_byte_in_json_is_refused_by_every_json_reader_not_read_as_the_end) {
    scratch s("nul");
    const std::string nul(1, '\0');
    const fs::path f360 = s.dir / write_file(s.dir / "nul360.json", "{\"grants\": [\n" + one_grant + "\n" + nul + ", " + one_grant + "]}");
    const fs::path fpop = s.dir / write_file(s.dir / "nulpopolo.json", "{\"persons\": []}\n\n" + nul + "{\"persons\": [{\"id\": \"p\"}]}");
    const fs::path fobl = s.dir / write_file(s.dir / "nulrules.json", "{\"obligations\": []}" + nul + "xx");
    EXPECT_EQ(error_line([&] { (void)io::read(f360); }, "NUL byte"), 4u);  // one_grant is two lines
    EXPECT_EQ(error_line([&] { (void)io::read_360giving(f360); }, "NUL byte"), 4u);
    EXPECT_EQ(error_line([&] { (void)io::read_popolo_json(fpop); }, "NUL byte"), 3u);
    auto cat = calendar::obligation_catalogue::bundled();
    const auto n = cat.size();
    expect_error([&] { cat.load(fobl); }, kind::parse, {"nulrules.json", "NUL byte"}, "rules");
    EXPECT_EQ(cat.size(), n);
    const auto checked = io::check_360giving(f360);
    ASSERT_EQ(checked.size(), 1u);
    EXPECT_NE(checked[0].message.find("NUL byte"), std::string::npos) << checked[0].message;
    // A NUL written as \u0000 inside a string is JSON text, and no byte 0.
    EXPECT_NO_THROW(text::check_json_text(R"({"a": "x\u0000y"})", "s.json"));
}

// RFC 8259 section 4: names in an object should be unique, and a parser keeps one value of a
// repeated name silently ("amountAwarded": 100, "amountAwarded": 5000000 read as 5 000 000; a
// trailing "grants": [] emptied the file). Refused, naming the key and both lines; the same
// key in sibling or nested objects, inside strings, and many keys in one object are fine.
TEST(bad_inputs, a_key_given_twice_in_one_json_object_is_refused_naming_it) {
    scratch s("dupkeys");
    std::string twice = one_grant;
    twice.replace(twice.find("\"amountAwarded\": 100"), 20, "\"amountAwarded\": 100,\n \"amountAwarded\": 5000000");
    const fs::path amount = s.dir / write_file(s.dir / "twice.json", "{\"grants\": [\n" + one_grant + ",\n" + twice + "]}");
    EXPECT_EQ(error_line([&] { (void)io::read(amount); }, "\"amountAwarded\" is given twice in one object (also on line 4)"),
              5u);
    const fs::path emptied = s.dir / write_file(s.dir / "emptied.json", "{\"grants\": [" + one_grant + "],\n\"grants\": []}");
    EXPECT_EQ(error_line([&] { (void)io::read_360giving(emptied); }, "\"grants\" is given twice"), 3u);
    const fs::path people = s.dir / write_file(s.dir / "people.json", "{\"persons\": [], \"persons\": [{\"id\": \"p\"}]}");
    error_line([&] { (void)io::read_popolo_json(people); }, "\"persons\" is given twice");

    // Not duplicates: the same keys in every record, in nested objects, keys in strings, an
    // escaped quote inside a key, and an object of 100 keys (past the short list).
    std::string many = "{";
    for (int i = 0; i < 100; ++i) many += (i ? ", \"k" : "\"k") + std::to_string(i) + "\": {\"k0\": [{\"k0\": 1}]}";
    EXPECT_NO_THROW(text::check_json_text(many + "}", "many.json"));
    EXPECT_NO_THROW(text::check_json_text(R"([{"a": 1, "b": {"a": 2}}, {"a": 3, "s": "\"a\": 1, \"a\": 2"}, {"a\"": 1, "a": 2}])",
                                          "fine.json"));
    EXPECT_EQ(error_line([&] { text::check_json_text(many + ", \"k99\": 0}", "many.json"); }, "\"k99\" is given twice"), 1u);
    EXPECT_EQ(error_line([&] { text::check_json_text("{\"a\": {\"b\": 1},\n \"c\": [1, {\"d\": 2, \"d\": 3}]}", "n.json"); },
                         "\"d\" is given twice"),
              2u);
    // The key is named in UTF-8 whatever its bytes, and a long one in part.
    const std::string said = expect_error([&] { text::check_json_text("{\"a\xFF\": 1, \"a\xFF\": 2}", "bytes.json"); },
                                          kind::parse, {"\"a\\xff\" is given twice"}, "bytes");
    EXPECT_EQ(text::find_invalid_utf8(said), std::string::npos) << said;
    const std::string long_key(5000, 'k');
    const std::string cut = expect_error(
        [&] { text::check_json_text("{\"" + long_key + "\": 1, \"" + long_key + "\": 2}", "long.json"); }, kind::parse,
        {"\"" + std::string(200, 'k') + "…\" is given twice"}, "long");
    EXPECT_LT(cut.size(), 600u);
    std::string cyrillic = "a";
    for (int i = 0; i < 150; ++i) cyrillic += "я";  // byte 200 is inside a letter
    const std::string whole = expect_error(
        [&] { text::check_json_text("{\"" + cyrillic + "\": 1, \"" + cyrillic + "\": 2}", "cyr.json"); }, kind::parse,
        {"\"a" + cyrillic.substr(1, 198) + "…\" is given twice"}, "cyrillic");
    EXPECT_EQ(whole.find("\\x"), std::string::npos) << whole;
    // An object closed and a new one opened at the same depth starts with no keys.
    EXPECT_NO_THROW(text::check_json_text(R"({"x": {"a": 1}, "y": {"a": 1}})", "levels.json"));
}

// Windows saves "Unicode" text as UTF-16: such a JSON file was "does not start with '{'", or
// with --from 360giving took CSV advice about Windows-1252; a UTF-16 CSV read as no columns.
TEST(bad_inputs, utf16_and_utf32_files_are_said_to_be_so) {
    scratch s("wide");
    const std::string json = "{\"grants\": []}";
    auto widen = [](const std::string& t, bool little, int width) {
        std::string out;
        for (char c : t) {
            std::string unit(static_cast<std::size_t>(width), '\0');
            unit[little ? 0 : unit.size() - 1] = c;
            out += unit;
        }
        return out;
    };
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"le-bom.json", "\xFF\xFE" + widen(json, true, 2), "UTF-16 (little-endian)"},
        {"be-bom.json", "\xFE\xFF" + widen(json, false, 2), "UTF-16 (big-endian)"},
        {"le.json", widen(json, true, 2), "UTF-16 (little-endian)"},
        {"be.json", widen(json, false, 2), "UTF-16 (big-endian)"},
        {"le32.json", widen(json, true, 4), "UTF-32 (little-endian)"},
        {"le.csv", "\xFF\xFE" + widen("Identifier\tAmount Awarded\n", true, 2), "UTF-16 (little-endian)"},
    };
    for (const auto& [name, bytes, said] : cases) {
        const fs::path f = s.dir / write_file(s.dir / name, bytes);
        expect_error([&] { (void)io::read(f); }, kind::parse, {name, "is " + said + " text", "save it as UTF-8"}, name);
        io::read_options as360;
        as360.format = io::data_format::threesixtygiving;
        expect_error([&] { (void)io::read(f, as360); }, kind::parse, {name, said}, name + " as 360giving");
    }
    // UTF-8 with its byte-order mark is UTF-8.
    EXPECT_EQ(text::wide_encoding("\xEF\xBB\xBF{}"), "");
    EXPECT_EQ(text::wide_encoding("{}"), "");
}

// A Parquet file given to the ФПГ reader was "a carriage return not followed by a line feed":
// a file that starts with a binary format's signature is said to be that, by every text reader.
TEST(bad_inputs, a_binary_file_given_as_text_is_named_by_its_format) {
    scratch s("binary");
    // The signatures of the formats' specifications: Parquet files start (and end) with "PAR1",
    // zip archives (xlsx workbooks) with "PK\3\4", PDF with "%PDF-".
    const std::string parquet = std::string("PAR1\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00\x12\x00\x00\r", 20) + "PAR1";
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"registry.csv", parquet, "a Parquet file"},
        {"grants.csv", std::string("PK\x03\x04\x14\x00\x06\x00", 8), "a zip archive"},
        {"report.csv", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a PDF document"},
    };
    for (const auto& [name, bytes, said] : cases) {
        const fs::path f = s.dir / write_file(s.dir / name, bytes);
        const std::vector<std::string> parts{name, "the file is " + said, ", not text"};
        expect_error([&] { (void)io::read_pgf_csv(f); }, kind::parse, parts, name + " as pgf");
        expect_error([&] { (void)io::read_360giving(f); }, kind::parse, parts, name + " as 360giving");
        text::csv_reader r(f);
        text::csv_record row;
        expect_error([&] { (void)r.next(row); }, kind::parse, parts, name + " by the CSV reader");
    }
    EXPECT_EQ(text::binary_kind("id,name\n"), "");
    EXPECT_EQ(text::binary_kind("PAR"), "");
    // Text that starts with a signature's letters is text.
    EXPECT_EQ(text::binary_kind("PAR1,name\n1,x\n"), "");
    EXPECT_EQ(text::binary_kind("%PDF-files;count\n"), "");
    EXPECT_EQ(text::binary_kind("ARROW1;x\n"), "");
    EXPECT_EQ(text::parse_csv("PAR1,name\n1,x\n").size(), 2u);
}

// A named pipe blocked the format guess (nobody writing), or was read by the guess and then
// found empty by the reader, and escaped max_file_bytes: it is refused before it is opened.
TEST(bad_inputs, a_named_pipe_is_refused_as_input_not_waited_on) {
    scratch s("fifo");
    const fs::path pipe = s.dir / "pipe.json";
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
    expect_error([&] { (void)io::read(pipe); }, kind::io, {"pipe.json", "named pipe, not a file"}, "guessed");
    expect_error([&] { (void)io::read_360giving(pipe); }, kind::io, {"pipe.json", "named pipe"}, "360giving");
    expect_error([&] { (void)io::read_popolo_json(pipe); }, kind::io, {"pipe.json", "named pipe"}, "popolo");
    expect_error([&] { (void)io::read_pgf_csv(pipe); }, kind::io, {"pipe.json", "named pipe"}, "pgf");
}

TEST(bad_inputs, a_file_over_the_size_cap_is_refused_before_it_is_read) {
    text::input_limits lim = text::current_limits();
    lim.max_file_bytes = 100;
    text::scoped_limits tight(lim);
    const fs::path f = fs::path(CIVICA_TEST_DATA_DIR) / "threesixtygiving" / "abct_grants_360G-ABCT.json";
    expect_error([&] { (void)io::read_360giving(f); }, kind::io, {"abct_grants_360G-ABCT.json", "max_file_bytes"},
                 "size cap");
    expect_error([&] { (void)io::read_pgf_csv(fs::path(CIVICA_TEST_DATA_DIR) / "pgf" / "sample.csv"); }, kind::io,
                 {"sample.csv", "max_file_bytes"}, "size cap pgf");
}

TEST(bad_inputs, limits_refuse_a_zero_cap_and_scoped_limits_restore_the_previous_caps) {
    const auto before = text::current_limits();
    text::input_limits zero = before;
    zero.max_json_depth = 0;
    EXPECT_THROW(text::set_limits(zero), validation_error);
    {
        text::input_limits lim = before;
        lim.max_rows = 7;
        text::scoped_limits s(lim);
        EXPECT_EQ(text::current_limits().max_rows, 7u);
    }
    EXPECT_EQ(text::current_limits().max_rows, before.max_rows);
}

// Every JSON reader turns text into a document by one rule (text::parse_json): a syntax error is
// placed at the line and column nlohmann names in its own message, and a number too large for
// a double is "not readable JSON", whichever format the file is.
TEST(bad_inputs, every_json_reader_places_a_syntax_error_alike) {
    scratch s("json-syntax");
    const std::string broken = "{\n  \"grants\": [\n    {\"id\": \"x\",,}\n  ]\n}";
    const std::string huge = "{\"grants\": [{\"amountAwarded\": 1e+400}]}";
    auto file = [&](const std::string& name, const std::string& text) {
        const fs::path p = s.dir / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    };
    const std::vector<std::pair<std::string, std::function<void(const std::string&)>>> readers = {
        {"360giving", [&](const std::string& t) { (void)io::read_360giving(file("g.json", t)); }},
        {"popolo", [&](const std::string& t) { (void)io::read_popolo_json(file("p.json", t)); }},
        {"dataset json", [&](const std::string& t) { (void)io::read_dataset_json(file("d.json", t)); }},
        {"obligations", [&](const std::string& t) { (void)calendar::obligation_catalogue::from_json_text(t, "o.json"); }},
    };
    for (const auto& [name, read] : readers) {
        try {
            read(broken);
            ADD_FAILURE() << name << " read broken JSON";
        } catch (const parse_error& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("not valid JSON"), std::string::npos) << name << ": " << what;
            EXPECT_EQ(e.line(), 3u) << name << ": " << what;
            // nlohmann says "at line 3, column 16" in the reason it gives.
            const auto at = what.find("column ");
            ASSERT_NE(at, std::string::npos) << name << ": " << what;
            EXPECT_EQ(e.column(), std::stoul(what.substr(at + 7))) << name << ": " << what;
            EXPECT_EQ(e.column(), 16u) << name << ": " << what;
        }
        try {
            read(huge);
            ADD_FAILURE() << name << " read 1e+400";
        } catch (const parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("not readable JSON"), std::string::npos) << name << ": " << e.what();
        }
    }
    // A dataset folder's check lists a broken manifest at its line, as a problem.
    const fs::path folder = s.dir / "folder";
    fs::create_directories(folder);
    std::ofstream(folder / "manifest.json") << "{\n  \"format\": \"civica-dataset\",,\n  \"version\": 1\n}";
    const auto found = io::check_dataset_folder(folder);
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found.front().check, "bad_manifest");
    EXPECT_EQ(found.front().line, 2u);
    EXPECT_NE(found.front().message.find("not valid JSON"), std::string::npos) << found.front().message;
}
