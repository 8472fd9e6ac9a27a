#include "civica/io/check.hpp"

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/io.hpp"
#include "civica/text/text.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using civica::io::problem;

namespace {

using located = std::tuple<std::string, std::string, std::string, std::size_t, std::string>;

/// (severity, check, file, line, field) of each problem, the part a test can pin down.
std::vector<located> places(const std::vector<problem>& ps) {
    std::vector<located> out;
    for (const auto& p : ps) out.emplace_back(p.severity, p.check, p.file, p.line, p.field);
    return out;
}

std::string dump(const std::vector<problem>& ps) {
    std::string s;
    for (const auto& p : ps) s += civica::io::to_string(p) + "\n";
    return s;
}

using civica_test::write_file;

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_check_" + name); }

}  // namespace

TEST(check_dataset_folder, finds_every_problem_of_a_folder_with_its_line) {
    // tests/data/folder/problems was written with these mistakes at these lines.
    const auto ps = civica::io::check_dataset_folder(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "problems");
    const std::vector<located> expected{
        {"warning", "unknown_manifest_key", "manifest.json", 0, "year"},
        {"error", "invalid_inn", "organizations.csv", 3, "inn"},
        {"error", "duplicate_id", "organizations.csv", 4, "id"},
        {"warning", "shared_inn", "organizations.csv", 5, "inn"},
        {"error", "invalid_ogrn", "organizations.csv", 6, "ogrn"},
        {"error", "unknown_reference", "organizations.csv", 6, "municipality"},
        {"error", "wrong_field_count", "persons.csv", 3, ""},
        {"error", "end_before_start", "competitions.csv", 3, "window_end"},
        {"warning", "awarded_exceeds_requested", "applications.csv", 2, "awarded"},
        {"error", "unknown_reference", "applications.csv", 3, "competition"},
        {"error", "awarded_not_winner", "applications.csv", 4, "awarded"},
        {"error", "negative_money", "applications.csv", 5, "requested"},
        {"error", "bad_value", "applications.csv", 6, "requested"},
        {"warning", "future_date", "applications.csv", 7, "submitted"},
        {"warning", "submitted_outside_window", "applications.csv", 7, "submitted"},
        {"warning", "zero_money", "applications.csv", 8, "awarded"},
        {"warning", "zero_money", "applications.csv", 8, "requested"},
        {"error", "unknown_column", "bodies.csv", 1, "kinde"},
        {"error", "bad_value", "meetings.csv", 2, "date"},
        {"error", "csv_syntax", "meetings.csv", 3, ""},
        {"error", "duplicate_id", "indicators.csv", 3, "key"},
        {"warning", "unknown_indicator_key", "indicators.csv", 4, "key"},
        {"warning", "unknown_file", "aplications.csv", 0, ""},
    };
    EXPECT_EQ(places(ps), expected) << dump(ps);
    EXPECT_TRUE(civica::io::has_errors(ps));
}

TEST(check_dataset_folder, names_the_records_and_values_in_its_messages) {
    const auto ps = civica::io::check_dataset_folder(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "problems");
    auto find = [&](const std::string& check, std::size_t line) -> const problem* {
        for (const auto& p : ps)
            if (p.check == check && p.line == line) return &p;
        return nullptr;
    };
    const problem* dup = find("duplicate_id", 4);
    ASSERT_NE(dup, nullptr) << dump(ps);
    EXPECT_EQ(dup->record_id, "o1");
    const problem* ref = find("unknown_reference", 3);
    ASSERT_NE(ref, nullptr);
    EXPECT_EQ(ref->record_id, "a2");
    EXPECT_NE(ref->message.find("c9"), std::string::npos) << ref->message;
    const problem* shared = find("shared_inn", 5);
    ASSERT_NE(shared, nullptr);
    EXPECT_NE(shared->message.find("7707083893"), std::string::npos) << shared->message;
    EXPECT_NE(shared->message.find("o1"), std::string::npos) << shared->message;
    const problem* amount = find("bad_value", 6);
    ASSERT_NE(amount, nullptr);
    EXPECT_NE(amount->message.find("12,5"), std::string::npos) << amount->message;
    EXPECT_EQ(civica::io::to_string(*amount).rfind("error: applications.csv:6: column \"requested\": ", 0), 0u)
        << civica::io::to_string(*amount);
}

TEST(check_dataset_folder, lists_every_bad_sphere_code_with_its_record_and_a_close_match) {
    const fs::path dir = scratch("spheres");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "id,full_name,spheres\no1,A,culure|sport\no2,B,education\no3,C,spotr\n");
    const auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(places(ps), (std::vector<located>{{"error", "bad_value", "organizations.csv", 2, "spheres"},
                                                {"error", "bad_value", "organizations.csv", 4, "spheres"}}))
        << dump(ps);
    EXPECT_EQ(ps[0].record_id, "o1");
    EXPECT_NE(ps[0].message.find("\"culure\""), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[0].message.find("did you mean \"culture\"?"), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[1].message.find("did you mean \"sport\"?"), std::string::npos) << ps[1].message;
    EXPECT_NE(ps[1].message.find("civil_society"), std::string::npos) << ps[1].message;  // the codes
}

TEST(check_dataset_folder, finds_nothing_in_a_good_folder) {
    const auto ps = civica::io::check_dataset_folder(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small");
    EXPECT_TRUE(ps.empty()) << dump(ps);
}

TEST(check_dataset_folder, warns_when_the_datasets_territory_is_none_of_its_municipalities) {
    const fs::path dir = scratch("territory");
    write_file(dir / "municipalities.csv", "id,name\nkhanty-mansiysk,Ханты-Мансийск\nsurgut,Сургут\n");
    const auto with_territory = [&](const std::string& t) {
        write_file(dir / "manifest.json",
                   R"({"format": "civica-dataset", "version": 1, "territory": ")" + t + "\"}");
        return civica::io::check_dataset_folder(dir);
    };
    // A municipality's id or its name: nothing to say.
    EXPECT_TRUE(with_territory("surgut").empty()) << dump(with_territory("surgut"));
    EXPECT_TRUE(with_territory("Сургут").empty()) << dump(with_territory("Сургут"));
    // A misspelt id: the warning names the manifest's field and the municipalities.
    auto ps = with_territory("surgutt");
    ASSERT_EQ(places(ps), (std::vector<located>{{"warning", "unknown_territory", "manifest.json", 0, "territory"}}))
        << dump(ps);
    EXPECT_NE(ps[0].message.find("\"surgutt\""), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[0].message.find("khanty-mansiysk, surgut"), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[0].message.find("did you mean \"surgut\"?"), std::string::npos) << ps[0].message;
    // The dataset in memory gets the same warning.
    EXPECT_EQ(civica::io::check_dataset(civica::io::read_dataset_folder(dir)), ps);
    // A territory that only published figures name is theirs: no warning.
    write_file(dir / "indicators.csv", "key,year,territory,value\nngo.registered,2020,surgutt,12\n");
    EXPECT_TRUE(with_territory("surgutt").empty()) << dump(with_territory("surgutt"));
}

// A published figure whose territory is a municipality's name written otherwise (another case,
// a «й» typed as «и» + U+0306, a no-break space at the end, an en dash) is another territory to
// the dataset: the report of the city leaves it out. Each is a warning naming the figure and what
// differs; a territory that is none of the dataset's, however written, is a figure of its own
// (the okrug's) and says nothing.
TEST(check_dataset_folder, warns_of_a_figures_territory_that_is_a_known_one_written_otherwise) {
    const fs::path dir = scratch("figure_territory");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1, "territory": "khanty-mansiysk"})");
    write_file(dir / "municipalities.csv", "id,name\nkhanty-mansiysk,Ханты-Мансийск\nsurgut,Сургут\n");
    const std::string nfd = "Ханты-Мансии\xCC\x86ск";  // и + U+0306 COMBINING BREVE
    write_file(dir / "indicators.csv",
               "key,year,territory,value\n"
               "ngo.registered,2020,Ханты-Мансийск,300\n"       // the name: fine
               "councils.meetings,2020," + nfd + ",59\n"          // a letter as two code points
               "councils.agenda_questions,2020,ханты-мансийск,134\n"  // lower case
               "grants.winners,2020,Сургут\xC2\xA0,5\n"          // a trailing no-break space
               "training.courses,2020,Ханты–Мансийск,9\n"        // an en dash
               "ngo.registered,2020,Югра,5000\n");              // the okrug's own figure
    const auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(places(ps), (std::vector<located>(4, {"warning", "territory_spelling", "indicators.csv", 0, "territory"})))
        << dump(ps);
    EXPECT_NE(ps[0].message.find("U+0306"), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[0].message.find("\"Ханты-Мансийск\""), std::string::npos) << ps[0].message;
    EXPECT_EQ(ps[0].record_id.rfind("councils.meetings", 0), 0u) << ps[0].record_id;
    EXPECT_NE(ps[1].message.find("letter case"), std::string::npos) << ps[1].message;
    EXPECT_NE(ps[2].message.find("U+00A0"), std::string::npos) << ps[2].message;
    EXPECT_NE(ps[2].message.find("\"Сургут\""), std::string::npos) << ps[2].message;
    // The dataset in memory gets the same warnings (every format's check).
    EXPECT_EQ(civica::io::check_dataset(civica::io::read_dataset_folder(dir)), ps);
}

// A figure of a misspelt territory ("surgt") is another territory's, and the city's report left
// its figure out without a word: a warning naming the closest of the dataset's territories. A
// figure of a place the dataset does not describe (the okrug, the country) says nothing.
TEST(check_dataset_folder, warns_of_a_figures_territory_close_to_a_known_one) {
    const fs::path dir = scratch("figure_territory_typo");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1, "territory": "surgut"})");
    write_file(dir / "municipalities.csv", "id,name\nkhanty-mansiysk,Ханты-Мансийск\nsurgut,Сургут\n");
    write_file(dir / "indicators.csv",
               "key,year,territory,value\n"
               "ngo.registered,2020,surgt,300\n"         // a letter left out
               "councils.meetings,2020,Сургтуа,12\n"     // two letters off the name
               "ngo.registered,2020,Россия,200000\n"     // the country's own figure
               "grants.winners,2020,Югра,500\n");        // the okrug's
    const auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(places(ps), (std::vector<located>(2, {"warning", "territory_spelling", "indicators.csv", 0, "territory"})))
        << dump(ps);
    EXPECT_NE(ps[0].message.find("territory \"surgt\" is none of the dataset's; did you mean \"surgut\"?"),
              std::string::npos)
        << ps[0].message;
    EXPECT_NE(ps[1].message.find("did you mean \"Сургут\"?"), std::string::npos) << ps[1].message;
    EXPECT_EQ(civica::io::check_dataset(civica::io::read_dataset_folder(dir)), ps);
}

// A header with a character one cannot see ("full_name" and a no-break space, a zero-width
// space before "id") read as an unknown "full_name" or "id": the message names the character.
TEST(check_dataset_folder, an_unknown_column_names_the_character_that_cannot_be_seen) {
    const fs::path dir = scratch("unseen_header");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "\xE2\x80\x8Bid,full_name\xC2\xA0\nngo-1,НКО\n");
    const auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_GE(ps.size(), 2u) << dump(ps);
    EXPECT_EQ(places({ps[0], ps[1]}),
              (std::vector<located>{{"error", "unknown_column", "organizations.csv", 1, "\xE2\x80\x8Bid"},
                                    {"error", "unknown_column", "organizations.csv", 1, "full_name\xC2\xA0"}}))
        << dump(ps);
    EXPECT_NE(ps[0].message.find("(it holds U+200B at byte 1, which cannot be seen)"), std::string::npos) << ps[0].message;
    EXPECT_NE(ps[1].message.find("(it holds U+00A0 at byte 10, which cannot be seen)"), std::string::npos) << ps[1].message;
}

// shared_inn is for one INN with organisations of different names: a name written with «й» as
// «и» + U+0306 or in capitals is the same name; another name is still said.
TEST(check_dataset_folder, names_that_differ_only_as_written_share_an_inn_without_a_warning) {
    const fs::path dir = scratch("inn_spelling");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv",
               "id,full_name,inn\n"
               "ngo-1,Фонд «Северный край»,8614008550\n"
               "ngo-2,Фонд «Северный краи\xCC\x86»,8614008550\n"
               "ngo-3,ФОНД «СЕВЕРНЫЙ КРАЙ»,8614008550\n"
               "ngo-4,Фонд «Южный край»,8614008550\n");
    auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(places(ps), (std::vector<located>{{"warning", "shared_inn", "organizations.csv", 5, "inn"}})) << dump(ps);
}

TEST(check_dataset_folder, agrees_with_the_reader_about_loadable_folders) {
    // A folder the checker calls error-free must load, and one with an error must not.
    const fs::path dir = scratch("agree");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "id,full_name,kpp\no1,Фонд,7701AB001\n");
    auto ps = civica::io::check_dataset_folder(dir);
    EXPECT_FALSE(civica::io::has_errors(ps)) << dump(ps);
    EXPECT_NO_THROW(civica::io::read_dataset_folder(dir));
    write_file(dir / "organizations.csv", "id,full_name,kpp\no1,Фонд,7701ab001\n");
    ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(ps.size(), 1u) << dump(ps);
    EXPECT_EQ(ps[0].check, "invalid_kpp");
    EXPECT_THROW(civica::io::read_dataset_folder(dir), civica::parse_error);
}

TEST(check_dataset_folder, does_not_cascade_from_one_broken_row) {
    // o1's row has a bad INN and a bad date, yet the application that names o1 is fine.
    const fs::path dir = scratch("cascade");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "id,full_name,inn,registered\no1,Фонд,123,2020-13-01\n");
    write_file(dir / "programmes.csv", "id\npr\n");
    write_file(dir / "competitions.csv", "id,programme,year\nc1,pr,2020\n");
    write_file(dir / "applications.csv", "id,competition,applicant,status,awarded\na1,c1,o1,winner,\n");
    const auto ps = civica::io::check_dataset_folder(dir);
    const std::vector<located> expected{
        {"error", "bad_value", "organizations.csv", 2, "registered"},
        {"error", "invalid_inn", "organizations.csv", 2, "inn"},
        {"warning", "winner_without_award", "applications.csv", 2, "awarded"},
    };
    EXPECT_EQ(places(ps), expected) << dump(ps);
}

TEST(check_dataset_folder, finds_the_models_rules_of_a_row_whatever_else_the_folder_holds) {
    // A meeting's attendance below 0, a rejected application's rate, a negative rate and a figure
    // in roubles with three decimals broke rules the model alone held: a check found them only
    // when it found nothing else (it then read the folder as a dataset), so one bad date
    // elsewhere hid them, while a skip read of the same folder left their rows out.
    const fs::path dir = scratch("own_rules");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "id,full_name,registered\no1,Фонд,2020-13-01\no2,Союз,2020-01-01\n");
    write_file(dir / "programmes.csv", "id\npr\n");
    write_file(dir / "competitions.csv", "id,programme,year\nc1,pr,2020\n");
    write_file(dir / "applications.csv",
               "id,competition,applicant,status,awarded,rate\n"
               "a1,c1,o2,rejected,,5\n"
               "a2,c1,o2,winner,100.00,-1\n"
               "a3,c1,o2,winner,100.00,7.5\n");
    write_file(dir / "bodies.csv", "id,name\nb1,Совет\n");
    write_file(dir / "meetings.csv", "id,body,date,attendance\nm1,b1,2020-03-01,-3\nm2,b1,2020-04-01,9\n");
    write_file(dir / "indicators.csv", "key,year,value\ngrants.funds_attracted,2020,10.125\n");
    const auto ps = civica::io::check_dataset_folder(dir);
    const std::vector<located> expected{
        {"error", "bad_value", "organizations.csv", 2, "registered"},
        {"error", "rule", "applications.csv", 2, "rate"},
        {"error", "rule", "applications.csv", 3, "rate"},
        {"error", "negative_value", "meetings.csv", 2, "attendance"},
        {"error", "rule", "indicators.csv", 2, "value"},
    };
    EXPECT_EQ(places(ps), expected) << dump(ps);
    // Each is what the reader refuses, in the words the reader uses.
    for (const auto& p : ps) {
        if (p.check == "rule") {
            EXPECT_NE(p.message.find(p.field), std::string::npos) << p.message;
        }
    }
    // A required column the header lacks is said once, not as "has no date" on every row.
    write_file(dir / "meetings.csv", "id,body,attendance\nm1,b1,3\nm2,b1,9\n");
    write_file(dir / "indicators.csv", "key,value\ngrants.funds_attracted,10\n");
    const auto lacking = civica::io::check_dataset_folder(dir);
    std::vector<located> said;
    for (const auto& p : places(lacking))
        if (std::get<2>(p) == "meetings.csv" || std::get<2>(p) == "indicators.csv") said.push_back(p);
    const std::vector<located> once{
        {"error", "missing_column", "meetings.csv", 1, "date"},
        {"error", "missing_column", "indicators.csv", 1, "year"},
    };
    EXPECT_EQ(said, once) << dump(lacking);
}

// Two rows with one id, the first broken: a check calls the second a duplicate (the file has the
// id twice), and a skip read said nothing of it and kept it, the references finding it in the
// left-out row's place. Both now name it at its line; the skip read leaves it out, and the
// application that names the id with it.
TEST(check_dataset_folder, a_row_reusing_the_id_of_a_row_left_out_is_a_duplicate_in_skip_mode_too) {
    const fs::path dir = scratch("reused_id");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1})");
    write_file(dir / "organizations.csv", "id,full_name,okopf\no1,Фонд,zz\no1,Союз,\no2,Клуб,\n");
    write_file(dir / "programmes.csv", "id\npr\n");
    write_file(dir / "competitions.csv", "id,programme,year\nc1,pr,2020\n");
    write_file(dir / "applications.csv", "id,competition,applicant,status\na1,c1,o1,rejected\na2,c1,o2,rejected\n");
    std::vector<located> checked;
    for (const auto& p : places(civica::io::check_dataset_folder(dir)))
        if (std::get<0>(p) == "error") checked.push_back(p);
    const std::vector<located> expected{
        {"error", "bad_value", "organizations.csv", 2, "okopf"},
        {"error", "duplicate_id", "organizations.csv", 3, "id"},
    };
    EXPECT_EQ(checked, expected);

    std::vector<problem> skipped;
    civica::io::table_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    const auto ds = civica::io::read_dataset_folder(dir, o);
    std::vector<located> left_out = places(skipped);
    ASSERT_EQ(left_out.size(), 3u) << dump(skipped);
    EXPECT_EQ(std::vector<located>(left_out.begin(), left_out.begin() + 2), expected);
    EXPECT_EQ(left_out[2], (located{"error", "unknown_reference", "applications.csv", 2, "applicant"}));
    EXPECT_EQ(ds.organizations().size(), 1u);
    EXPECT_EQ(ds.organizations().find("o1"), civica::no_row);
    EXPECT_EQ(ds.applications().size(), 1u);
}

TEST(check_dataset_folder, reports_a_newer_version_and_stops) {
    const fs::path dir = scratch("newer");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 3})");
    write_file(dir / "organizations.csv", "nonsense\n1\n");
    const auto ps = civica::io::check_dataset_folder(dir);
    ASSERT_EQ(ps.size(), 1u) << dump(ps);
    EXPECT_EQ(ps[0].check, "newer_version");
    EXPECT_NE(ps[0].message.find("version 3"), std::string::npos);
}

TEST(check_dataset_folder, throws_only_when_the_folder_is_missing) {
    EXPECT_THROW(civica::io::check_dataset_folder(scratch("gone") / "missing"), civica::io_error);
    const auto ps = civica::io::check_dataset_folder(scratch("no_manifest"));
    ASSERT_EQ(ps.size(), 1u);
    EXPECT_EQ(ps[0].check, "bad_manifest");
}

TEST(check_dataset_folder, finds_no_errors_in_the_bundled_datasets) {
    const auto names = civica::io::bundled_dataset_names(CIVICA_DATA_DIR);
    for (const auto& name : names) {
        const auto ps = civica::io::check_dataset_folder(fs::path(CIVICA_DATA_DIR) / "datasets" / name);
        EXPECT_FALSE(civica::io::has_errors(ps)) << name << ":\n" << dump(ps);
        EXPECT_NO_THROW(civica::io::load_dataset(name, CIVICA_DATA_DIR)) << name;
    }
}

TEST(check_dataset_folder, reports_an_error_exactly_when_the_reader_refuses_the_folder) {
    // Seeded random damage to a valid folder: byte flips, deleted and inserted separators,
    // quotes and line breaks. Whatever happens, only civica errors escape, and the checker
    // finds an error if and only if read_dataset_folder throws.
    const fs::path src = fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small";
    const fs::path dir = scratch("mutations");
    fs::copy(src, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const char* files[] = {"applications.csv", "organizations.csv", "municipalities.csv", "competitions.csv",
                           "indicators.csv", "manifest.json"};
    std::uint64_t state = 20201231;
    auto next = [&state] {  // xorshift64: reproducible on every platform
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const char alphabet[] = {',', '"', '\n', '\r', '|', ':', '-', '.', '0', '9', 'x', '\xD0', '\0'};
    int refused = 0;
    for (int round = 0; round < 300; ++round) {
        const std::string name = files[next() % std::size(files)];
        std::ifstream in(src / name, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const int edits = 1 + static_cast<int>(next() % 3);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = next() % text.size();
            const char c = alphabet[next() % std::size(alphabet)];
            switch (next() % 3) {
                case 0: text[at] = c; break;
                case 1: text.erase(at, 1); break;
                default: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
            }
        }
        write_file(dir / name, text);
        bool reader_refused = false;
        try {
            civica::io::read_dataset_folder(dir);
        } catch (const civica::parse_error&) {
            reader_refused = true;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "round " << round << ": not a parse_error: " << e.what();
        }
        std::vector<problem> ps;
        try {
            ps = civica::io::check_dataset_folder(dir);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "round " << round << ": the checker threw: " << e.what();
        }
        EXPECT_EQ(civica::io::has_errors(ps), reader_refused)
            << "round " << round << " (" << name << "):\n" << text << "\n" << dump(ps);
        refused += reader_refused;
        fs::copy_file(src / name, dir / name, fs::copy_options::overwrite_existing);
    }
    // The damage must be real often enough for the test to mean something.
    EXPECT_GT(refused, 100);
}

// check_dataset promises the folder checks over the folder form with no file written: the same
// problems as writing the folder and checking it, in the same order with the same places.
TEST(check_dataset, finds_what_the_folder_checks_find_in_the_written_folder) {
    // The small folder with its first application awarded more than it requested (a warning).
    const fs::path small = scratch("in_memory_small");
    fs::copy(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small", small,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    std::ifstream in(small / "applications.csv", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    const auto at = text.find(",1234567.8,");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 11, ",1000000.00,");
    write_file(small / "applications.csv", text);
    const auto with_warnings = civica::io::read_dataset_folder(small);
    std::vector<civica::dataset> datasets;
    datasets.push_back(with_warnings);
    for (const auto& name : civica::io::bundled_dataset_names(CIVICA_DATA_DIR))
        datasets.push_back(civica::io::load_dataset(name, CIVICA_DATA_DIR));
    int warned = 0;
    for (std::size_t i = 0; i < datasets.size(); ++i) {
        const fs::path dir = scratch("in_memory_" + std::to_string(i)) / "folder";
        civica::io::write_dataset_folder(datasets[i], dir);
        auto from_files = civica::io::check_dataset_folder(dir);
        const auto in_memory = civica::io::check_dataset(datasets[i]);
        EXPECT_EQ(in_memory, from_files) << i << ":\n" << dump(in_memory) << "---\n" << dump(from_files);
        EXPECT_FALSE(civica::io::has_errors(in_memory)) << dump(in_memory);
        warned += static_cast<int>(in_memory.size());
    }
    const auto ps = places(civica::io::check_dataset(with_warnings));
    EXPECT_NE(std::find(ps.begin(), ps.end(),
                        located{"warning", "awarded_exceeds_requested", "applications.csv", 2, "awarded"}),
              ps.end())
        << dump(civica::io::check_dataset(with_warnings));
    EXPECT_GT(warned, 0);
}

namespace {

/// The small folder with faults written in: an organisation with a bad date and a bad INN in
/// one row, an application of it, and an application with two faults of its own.
fs::path faulty_small_folder(const std::string& name) {
    const fs::path dir = scratch(name) / "folder";
    fs::copy(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small", dir,
             fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    auto orgs = civica_test::read_file(dir / "organizations.csv");
    const auto at = orgs.find(",8614008550,,,71400,,");
    EXPECT_NE(at, std::string::npos);
    orgs.replace(at, 21, ",861400855,,,71400,весной 2019,");
    write_file(dir / "organizations.csv", orgs);
    write_file(dir / "applications.csv",
               civica_test::read_file(dir / "applications.csv") +
                   "a9,pg-2020-2,rc,Проект,,-5,,2020-13-01,submitted,,,\n");
    return dir;
}

}  // namespace

TEST(check_tables, lists_what_the_native_check_lists_in_any_dialect) {
    // The native folder's check is the truth: it lists every fault of every row and does not
    // call a row bad for the fault of the row it refers to. A `csv` folder with the same rows,
    // saved as Russian Excel saves it (';', Windows-1251), is checked the same way.
    const fs::path native = faulty_small_folder("native");
    const auto expected = places(civica::io::check_dataset_folder(native));
    const std::vector<std::tuple<std::string, std::size_t, std::string>> faults{
        {"organizations.csv", 3, "inn"}, {"organizations.csv", 3, "registered"},
        {"applications.csv", 5, "requested"}, {"applications.csv", 5, "submitted"}};
    for (const auto& fault : faults)
        EXPECT_TRUE(std::any_of(expected.begin(), expected.end(), [&](const located& p) {
            return std::get<2>(p) == std::get<0>(fault) && std::get<3>(p) == std::get<1>(fault) &&
                   std::get<4>(p) == std::get<2>(fault);
        })) << std::get<0>(fault) << ":" << std::get<1>(fault) << " " << std::get<2>(fault) << "\n"
            << dump(civica::io::check_dataset_folder(native));

    const fs::path excel = scratch("excel") / "folder";
    fs::create_directories(excel);
    for (const auto& entry : fs::directory_iterator(native)) {
        const auto name = entry.path().filename();
        if (name.extension() != ".csv") continue;
        write_file(excel / name, civica::text::utf8_to_windows1251(
                                     civica_test::resaved_with(civica_test::read_file(entry.path()), ',', ';', "\r\n")));
    }
    const auto found = civica::io::check_tables(excel);  // the format and dialect detected, no manifest
    EXPECT_EQ(places(found), expected) << dump(found);

    // The application of the organisation with faults is not called bad for them.
    EXPECT_TRUE(std::none_of(found.begin(), found.end(), [](const problem& p) { return p.check == "unknown_reference"; }))
        << dump(found);
}

TEST(check_tables, a_clean_folder_in_any_dialect_has_no_errors) {
    const fs::path excel = scratch("clean_excel") / "folder";
    fs::create_directories(excel);
    for (const auto& entry : fs::directory_iterator(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small")) {
        if (entry.path().extension() != ".csv") continue;
        write_file(excel / entry.path().filename(),
                   civica_test::resaved_with(civica_test::read_file(entry.path()), ',', '\t'));
    }
    civica::io::read_options o;
    o.format = civica::io::data_format::csv;
    const auto found = civica::io::check_tables(excel, o);
    EXPECT_FALSE(civica::io::has_errors(found)) << dump(found);
    EXPECT_NO_THROW((void)civica::io::read(excel, o));
}

TEST(check_tables, lists_the_faults_of_the_json_form_as_a_folders_and_refuses_other_formats) {
    // The small folder's data in the JSON form, with the organisation's faults of
    // faulty_small_folder written in: both are found, in the organisation's record, and its
    // applications are not called bad for them.
    const fs::path json = scratch("json_form") / "data.json";
    civica::io::write(civica::io::read(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small").data, json);
    std::string text = civica_test::read_file(json);
    const std::string good = "\"inn\": \"8614008550\"";
    const auto inn = text.find(good);
    ASSERT_NE(inn, std::string::npos);
    text.replace(inn, good.size(), "\"inn\": \"861400855\", \"registered\": \"весной 2019\"");
    write_file(json, text);

    const auto found = civica::io::check_tables(json);  // the format guessed
    std::vector<std::string> faults;
    for (const auto& p : found)
        if (p.severity == "error") faults.push_back(p.check + " " + p.record_id + " " + p.field);
    std::sort(faults.begin(), faults.end());
    ASSERT_EQ(faults.size(), 2U) << dump(found);
    EXPECT_EQ(faults[0], "bad_value rc registered") << dump(found);
    EXPECT_EQ(faults[1], "invalid_inn rc inn") << dump(found);

    civica::io::read_options popolo;
    popolo.format = civica::io::data_format::popolo;
    try {
        (void)civica::io::check_tables(json, popolo);
        FAIL() << "a Popolo file is not a dataset's tables";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("(the formats civica, csv and json), not \"popolo\""), std::string::npos)
            << e.what();
    }
}

