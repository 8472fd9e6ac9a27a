// Tests of civica/io/store.hpp: the civica store (`.civica`), a whole dataset by column in one file.
//
// Independent truth: the dataset's own operator== (every table, every field) for the lossless
// round trip, on the bundled datasets, the synthetic Khanty-Mansiysk and national datasets and
// a hand-made dataset with the awkward values; the file's bytes changed by the test (cut,
// flipped, another magic, a newer version) for the damage checks; a table built by column with
// a reference out of range for the checks a table taken whole still gets. Kills during a write
// are in io_atomic_write_test.cpp with every other format's.
#include "civica/io/store.hpp"

#include "civica/error.hpp"
#include "civica/io/bundled.hpp"
#include "civica/io/io.hpp"
#include "civica/model/detail/bulk_load.hpp"
#include "civica/model/schema.hpp"
#include "civica/synth.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <tuple>
#include <vector>
#include <limits>
#include <string>

namespace fs = std::filesystem;
using namespace civica;

namespace {

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_store_" + name); }

// Rows in every table with the values a store could lose: Unicode and empty strings, missing
// dates and open periods, a person applicant, a decision date, a missing score, pence.
dataset awkward() {
    dataset d;
    d.info() = {"awkward", "Город «Тест»", "t", "строки\nв две", "tests", "CC0", true, "GBP"};
    d.add(municipality{municipality_id("t"), "Тестов", "71871000", "Регион", {{2019, 5}, {2020, 7}}, "Тестова",
                       "Тестове", "Testov"});
    organization o;
    o.id = organization_id("o1");
    o.full_name = "НКО";
    o.inn = "7707083893";
    o.ogrn = "1027700132195";
    o.kpp = "773601001";
    o.okopf = 70403;
    o.registered = date(2017, 4, 3);
    o.municipality = municipality_id("t");
    o.spheres = {"culture", "sport"};
    o.tos = true;
    o.nonprofit = false;
    d.add(o);
    organization bare;
    bare.id = organization_id("o2");
    bare.short_name = "Б";
    d.add(bare);
    d.add(person{person_id("p1"), municipality_id("t"), "И. И."});
    d.add(grant_operator{operator_id("op"), "Оператор", organization_id("o1")});
    d.add(programme{programme_id("pr"), operator_id("op"), "Программа", programme_kind::governor_individual});
    d.add(competition{competition_id("c1"), programme_id("pr"), 2020, 2, {date(2020, 1, 1), date()}, {"A", " ", "Б"}, "К"});
    application a;
    a.id = application_id("a1");
    a.competition = competition_id("c1");
    a.applicant = "o1";
    a.title = "Проект";
    a.direction = "Б";
    a.requested = money::from_kopecks(123456789);
    a.cofunding = money::from_kopecks(1);
    a.submitted = date(2020, 2, 3);
    a.status = application_status::winner;
    a.awarded = money::from_kopecks(100);
    a.implementation = {date(2020, 3, 1), date()};
    a.decided = date(2020, 4, 5);
    d.add(a);
    application b;
    b.id = application_id("a2");
    b.competition = competition_id("c1");
    b.applicant_type = applicant_kind::person;
    b.applicant = "p1";
    b.status = application_status::withdrawn;
    d.add(b);
    d.add(course{course_id("k"), "Курс", "", course_format::mixed, 16, organization_id("o1"), {}, {date(2020, 5, 1), date(2020, 5, 2)}});
    d.add(enrolment{course_id("k"), {}, person_id("p1"), 2, false});
    d.add(enrolment{course_id("k"), organization_id("o2"), {}, 1, true});
    d.add(collegial_body{body_id("b"), "Совет", body_kind::other, "", {}});
    d.add(membership_term{body_id("b"), {date(2019, 1, 1), date()}, 9, "состав"});
    d.add(meeting{meeting_id("m"), body_id("b"), date(2020, 6, 1), meeting_format::absentee});
    d.add(agenda_question{agenda_question_id("q"), meeting_id("m"), "Вопрос", ""});
    d.add(support_service{service_id("s"), {}, applicant_kind::person, "p1", support_kind::other, date(2020, 7, 1), "заметка"});
    d.add(monitoring_record{application_id("a1"), date(2020, 12, 1), 7.5, "completed", ""});
    d.add(monitoring_record{application_id("a2"), date(), std::nullopt, "", "н"});
    d.set_indicator(indicator{"councils.meetings", 2020, "", "", 59, qualifier::exact, "", "отчёт"});
    d.set_indicator(indicator{"grants.individual.amount", 2020, "t", "x", 3700000.1, qualifier::about, "RUB", ""});
    return d;
}

dataset round_trip(const dataset& ds, const std::string& name) {
    const fs::path file = scratch(name) / "data.civica";
    io::write(ds, file);
    return io::read(file).data;
}

// The store's file with its bytes changed by `change`.
fs::path damaged(const std::string& name, void (*change)(std::string&)) {
    const fs::path file = scratch(name) / "data.civica";
    io::write(awkward(), file);
    std::string bytes = civica_test::read_file(file);
    change(bytes);
    civica_test::write_file(file, bytes);
    return file;
}

std::string read_error(const fs::path& file) {
    try {
        (void)io::read_store(file);
    } catch (const io_error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(store, writes_and_reads_back_every_table_and_field) {
    const dataset d = awkward();
    const dataset back = round_trip(d, "awkward");
    EXPECT_TRUE(back == d);
    EXPECT_EQ(back.info().currency, "GBP");
    EXPECT_EQ(back.application_at(0).decided, date(2020, 4, 5));
    EXPECT_FALSE(back.monitoring()[1].score.has_value());
    EXPECT_EQ(back.organization_municipality(), d.organization_municipality());
    // An empty dataset is a store too.
    EXPECT_TRUE(round_trip(dataset(), "empty") == dataset());
}

TEST(store, keeps_the_bundled_and_the_synthetic_datasets_exactly) {
    for (const auto& name : io::bundled_dataset_names(CIVICA_DATA_DIR)) {
        SCOPED_TRACE(name);
        const dataset ds = io::load_dataset(name, CIVICA_DATA_DIR);
        EXPECT_TRUE(round_trip(ds, "bundled") == ds);
    }
    const dataset city = synth::khanty_mansiysk_2020();
    EXPECT_TRUE(round_trip(city, "city") == city);
    synth::national_options o;
    o.applications = 20'000;
    o.regions = 12;
    const dataset national = synth::national(o);
    const dataset back = round_trip(national, "national");
    ASSERT_EQ(back.applications().size(), national.applications().size());
    EXPECT_TRUE(back == national);
    // Lookups by id work on the tables taken whole.
    EXPECT_EQ(back.applications().ids().find(national.applications().ids()[12345]), 12345);
}

// Columns of 4 MiB and more are read into buffers backed by huge pages where the system has
// them (civica/core/memory.hpp); what they hold is the same.
TEST(store, keeps_a_dataset_whose_columns_are_read_into_huge_pages) {
    synth::national_options o;
    o.applications = 600'000;  // 8-byte columns of 4.8 MB, an id index of 8 MiB
    o.regions = 12;
    const dataset national = synth::national(o);
    const dataset back = round_trip(national, "national-large");
    ASSERT_EQ(back.applications().size(), national.applications().size());
    EXPECT_TRUE(back == national);
    EXPECT_EQ(back.applications().ids().find(national.applications().ids()[543210]), 543210);
}

TEST(store, the_format_is_told_by_the_suffix_and_by_the_magic_bytes) {
    EXPECT_EQ(io::guess_output_format("x.civica"), io::data_format::store);
    const fs::path dir = scratch("guess");
    io::write(awkward(), dir / "x.civica");
    EXPECT_EQ(io::guess_input_format(dir / "x.civica"), io::data_format::store);
    fs::copy_file(dir / "x.civica", dir / "no-suffix");
    EXPECT_EQ(io::guess_input_format(dir / "no-suffix"), io::data_format::store);
    EXPECT_TRUE(io::read(dir / "no-suffix").data == awkward());
    EXPECT_EQ(io::parse_data_format("store"), io::data_format::store);
    civica_test::write_file(dir / "fake.civica", "id,name\n");
    // A damaged file is a problem of the file, as the store's reader says it: an io_error naming it.
    try {
        (void)io::guess_input_format(dir / "fake.civica");
        FAIL();
    } catch (const io_error& e) {
        EXPECT_NE(std::string(e.what()).find((dir / "fake.civica").string()), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("magic bytes"), std::string::npos) << e.what();
    }
}

TEST(store, a_truncated_file_is_refused_naming_the_file) {
    const fs::path file = damaged("cut", [](std::string& b) { b.resize(b.size() - 9); });
    const std::string e = read_error(file);
    EXPECT_NE(e.find(file.string()), std::string::npos) << e;
    EXPECT_NE(e.find("truncated"), std::string::npos) << e;
    const fs::path header = damaged("cut-header", [](std::string& b) { b.resize(20); });
    EXPECT_NE(read_error(header).find("truncated"), std::string::npos) << read_error(header);
}

TEST(store, a_changed_byte_is_caught_by_the_checksum) {
    const fs::path file = damaged("flip", [](std::string& b) { b[b.size() / 2] ^= 0x10; });
    const std::string e = read_error(file);
    EXPECT_NE(e.find(file.string()), std::string::npos) << e;
    EXPECT_NE(e.find("checksum"), std::string::npos) << e;
}

TEST(store, another_magic_and_a_newer_version_are_refused) {
    const fs::path magic = damaged("magic", [](std::string& b) { b[1] = 'X'; });
    EXPECT_NE(read_error(magic).find("not a civica store"), std::string::npos) << read_error(magic);
    const fs::path newer = damaged("newer", [](std::string& b) { b[8] = static_cast<char>(io::store_format_version + 1); });
    const std::string e = read_error(newer);
    EXPECT_NE(e.find("format version " + std::to_string(io::store_format_version + 1)), std::string::npos) << e;
    EXPECT_NE(e.find("update civica"), std::string::npos) << e;
}

// The checksum can be computed by anyone (io::store_header): a file changed and sealed again
// passes it, and is still held to every rule of the data.
TEST(store, a_file_changed_and_sealed_again_is_still_checked) {
    const auto resealed = [](const std::string& name, const std::string& from, const std::string& to) {
        const fs::path file = scratch(name) / "data.civica";
        io::write(awkward(), file);
        std::string body = civica_test::read_file(file).substr(32);
        const auto at = body.find(from);
        EXPECT_NE(at, std::string::npos) << name;
        EXPECT_EQ(body.find(from, at + 1), std::string::npos) << name << ": the bytes are not one value's";
        body.replace(at, from.size(), to);
        civica_test::write_file(file, io::store_header(body) + body);
        return file;
    };
    const auto bytes_of = [](auto... v) {
        std::string out;
        ((out.append(reinterpret_cast<const char*>(&v), sizeof v)), ...);  // little-endian, as the store
        return out;
    };
    const auto error_of = [](const fs::path& file) -> std::string {
        try {
            (void)io::read_store(file);
        } catch (const civica::error& e) {
            return e.what();
        }
        return "no error";
    };
    // a1's requested 1 234 567.89 made -0.05.
    const fs::path negative = resealed("resealed-money", bytes_of(std::int64_t{123456789}), bytes_of(std::int64_t{-5}));
    EXPECT_NE(error_of(negative).find("table applications: applications row 0: application \"a1\": requested is negative"),
              std::string::npos)
        << error_of(negative);
    // The municipality's populations of 2019 and 2020 made two of 2019.
    const fs::path twice = resealed("resealed-years", bytes_of(std::int32_t{2019}, std::int32_t{2020}),
                                    bytes_of(std::int32_t{2019}, std::int32_t{2019}));
    EXPECT_NE(error_of(twice).find("row 0: key 2019 comes twice or out of order"), std::string::npos) << error_of(twice);
    // An organisation's name made bytes that are not UTF-8, then one with NUL bytes. Before, the
    // organisations (added in bulk) were not held to add()'s text rules: the store read, and
    // the name failed later in every writer, far from the file.
    const fs::path not_utf8 = resealed("resealed-name", "НКО", std::string("\xFF\x9D\xD0\x9A\xD0\x9E", 6));
    EXPECT_NE(error_of(not_utf8).find("organization \"o1\": full_name: "), std::string::npos) << error_of(not_utf8);
    EXPECT_NE(error_of(not_utf8).find("UTF-8"), std::string::npos) << error_of(not_utf8);
    const fs::path nul = resealed("resealed-nul", "НКО", std::string("Н\0\0О", 6));
    EXPECT_NE(error_of(nul).find("organization \"o1\": full_name: "), std::string::npos) << error_of(nul);
}

TEST(store, a_table_taken_whole_still_has_its_references_checked) {
    // What the store reader does with a damaged reference that a correct checksum let through:
    // the table is built by column and handed to the dataset, which refuses it unchanged.
    dataset fresh;
    fresh.add(municipality{municipality_id("t"), "Тестов", "", "", {}});
    application_table t;
    using loader = detail::dataset_loader;
    string_pool ids;
    ids.push_back("a1");
    ASSERT_EQ(loader::column(t, &application_table::ids).assign(std::move(ids)), -1);
    loader::column(t, &application_table::competition) = {0};  // no competition rows in `fresh`
    loader::column(t, &application_table::applicant_type) = {0};
    loader::column(t, &application_table::applicant) = {0};
    loader::column(t, &application_table::title).push_back("x");
    loader::column(t, &application_table::direction).push_back("");
    for (auto getter : {&application_table::requested, &application_table::cofunding, &application_table::awarded})
        loader::column(t, getter) = {1};
    for (auto getter : {&application_table::submitted, &application_table::implementation_start,
                        &application_table::implementation_end, &application_table::decided})
        loader::column(t, getter) = {missing_day};
    loader::column(t, &application_table::status) = {0};
    loader::column(t, &application_table::rate) = {std::numeric_limits<double>::quiet_NaN()};
    try {
        loader::adopt(fresh, std::move(t));
        FAIL() << "a reference out of range was taken";
    } catch (const validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("competition points at row 0 of the 0 competitions"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(fresh.applications().size(), 0u);
}

// A store's checksum tells a damaged file, not one made to pass it: a file changed and sealed
// again (anyone can compute the checksum) loaded negative money, days past any calendar and
// text that is not UTF-8, which failed later, far from the file. The columnar tables' rows are
// checked by add()'s rules as they are taken whole.
TEST(store, a_table_taken_whole_has_each_rows_values_checked) {
    using loader = detail::dataset_loader;
    dataset base;
    base.add(municipality{municipality_id("t"), "Тестов", "", "", {}});
    organization o;
    o.id = organization_id("o1");
    o.full_name = "АНО";
    o.municipality = municipality_id("t");
    base.add(o);
    grant_operator op;
    op.id = operator_id("g");
    op.name = "G";
    base.add(op);
    programme p;
    p.id = programme_id("p");
    p.grant_operator = operator_id("g");
    p.name = "P";
    base.add(p);
    competition c;
    c.id = competition_id("c");
    c.programme = programme_id("p");
    c.year = 2020;
    base.add(c);
    // Two applications, the second a winner; `change` spoils one column.
    auto table = [](const std::function<void(application_table&)>& change) {
        application_table t;
        string_pool ids;
        ids.push_back("a1");
        ids.push_back("a2");
        EXPECT_EQ(loader::column(t, &application_table::ids).assign(std::move(ids)), -1);
        loader::column(t, &application_table::competition) = {0, 0};
        loader::column(t, &application_table::applicant_type) = {0, 0};
        loader::column(t, &application_table::applicant) = {0, 0};
        for (const char* title : {"Проект", "Проект второй"}) loader::column(t, &application_table::title).push_back(title);
        for (int i = 0; i < 2; ++i) loader::column(t, &application_table::direction).push_back("");
        loader::column(t, &application_table::requested) = {100'00, 200'00};
        loader::column(t, &application_table::cofunding) = {0, 0};
        loader::column(t, &application_table::awarded) = {missing_kopecks, 150'00};
        loader::column(t, &application_table::status) = {static_cast<std::uint8_t>(application_status::rejected),
                                                         static_cast<std::uint8_t>(application_status::winner)};
        const day_number d = days_from_civil(2020, 3, 1);
        loader::column(t, &application_table::submitted) = {d, d};
        loader::column(t, &application_table::implementation_start) = {missing_day, d + 60};
        loader::column(t, &application_table::implementation_end) = {missing_day, d + 300};
        loader::column(t, &application_table::decided) = {missing_day, d + 30};
        loader::column(t, &application_table::rate) = {std::numeric_limits<double>::quiet_NaN(), 7.5};
        change(t);
        return t;
    };
    {
        dataset ds = base;
        loader::adopt(ds, table([](application_table&) {}));
        EXPECT_EQ(ds.applications().size(), 2u);  // the rows as they are pass
    }
    const std::vector<std::tuple<std::string, std::function<void(application_table&)>, std::string>> spoilt = {
        {"negative money", [](application_table& t) { loader::column(t, &application_table::requested)[1] = -5; },
         "application \"a2\": requested is negative"},
        {"awarded to a loser", [](application_table& t) { loader::column(t, &application_table::awarded)[0] = 1; },
         "only winners have an awarded amount"},
        {"a day past 2200", [](application_table& t) { loader::column(t, &application_table::submitted)[1] = std::int64_t{1} << 62; },
         "applications row 1 (id \"a2\"): submitted day number 4611686018427387904 is not a day of the years 1900..2200"},
        {"an end before the start", [](application_table& t) { loader::column(t, &application_table::implementation_end)[1] = days_from_civil(2020, 1, 1); },
         "implementation period ends"},
        {"an infinite rate", [](application_table& t) { loader::column(t, &application_table::rate)[1] = std::numeric_limits<double>::infinity(); },
         "is not a rating"},
        // application_status has five names (submitted .. withdrawn), applicant_kind two.
        {"a status past its names", [](application_table& t) { loader::column(t, &application_table::status)[1] = 5; },
         "applications row 1: status code 5 is not one of 0..4"},
        {"an applicant type past its names", [](application_table& t) { loader::column(t, &application_table::applicant_type)[0] = 2; },
         "applications row 0: applicant_type code 2 is not one of 0..1"},
        {"a title that is not UTF-8", [](application_table& t) {
             string_column title;
             title.push_back("Проект");
             title.push_back("\xFF");
             loader::column(t, &application_table::title) = title;
         }, "applications row 1 (id \"a2\"): title: the text is not UTF-8"},
        {"a title cut inside a letter", [](application_table& t) {
             // "Пр" split after the first byte of "р": both strings are bytes of valid UTF-8 text.
             string_pool dict;
             dict.push_back("");
             dict.push_back("П\xD1");
             dict.push_back("\x80");
             std::vector<std::uint64_t> offsets = dict.offsets();
             std::vector<char> chars = dict.chars();
             string_pool back;
             ASSERT_TRUE(back.assign(std::move(offsets), std::move(chars)));
             string_column title;
             ASSERT_EQ(title.assign({1, 2}, std::move(back)), "");
             loader::column(t, &application_table::title) = title;
         }, "applications row 0 (id \"a1\"): title: the text is not UTF-8"},
        {"an id with a NUL byte", [](application_table& t) {
             string_pool ids;
             ids.push_back("a1");
             ids.push_back(std::string_view("a\0" "2", 3));
             auto& column = loader::column(t, &application_table::ids);
             column = id_index();
             ASSERT_EQ(column.assign(std::move(ids)), -1);
         }, "applications row 1: id: the text holds a NUL byte"},
    };
    for (const auto& [what, change, says] : spoilt) {
        dataset ds = base;
        try {
            loader::adopt(ds, table(change));
            ADD_FAILURE() << what << " was taken";
        } catch (const validation_error& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << what << ": " << e.what();
        }
        EXPECT_TRUE(ds == base) << what << " changed the dataset";
    }
}

// The other tables taken whole keep add()'s rules too: an enrolment of no one, a service on a
// day of no calendar, an agenda question whose title is not text.
TEST(store, the_other_tables_taken_whole_have_their_rows_checked) {
    using loader = detail::dataset_loader;
    const dataset full = awkward();
    // The rows the taken tables point at, in awkward()'s order (their references are row numbers).
    dataset base;
    base.add(full.municipalities()[0]);
    for (const auto& o : full.organizations()) base.add(o);
    for (const auto& p : full.persons()) base.add(p);
    base.add(full.courses()[0]);
    base.add(full.bodies()[0]);
    base.add(full.meetings()[0]);
    const auto refused = [&](auto table, const std::string& says) {
        dataset ds = base;
        try {
            loader::adopt(ds, std::move(table));
            ADD_FAILURE() << "taken: " << says;
        } catch (const validation_error& e) {
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
        }
        EXPECT_TRUE(ds == base) << says;
    };
    auto enrolments = full.enrolments();
    loader::column(enrolments, &enrolment_table::participants)[0] = 0;
    refused(enrolments, "enrolments row 0: participants is 0, must be 1 or more");
    auto services = full.services();
    loader::column(services, &service_table::provided)[0] = std::int64_t{1} << 40;
    refused(services, "support services row 0 (id \"s\"): provided day number 1099511627776");
    services = full.services();
    loader::column(services, &service_table::kind)[0] = 6;  // support_kind has six names
    refused(services, "support services row 0: kind code 6 is not one of 0..5");
    auto agenda = full.agenda_questions();
    string_column title;
    title.push_back("\xC3");
    loader::column(agenda, &agenda_table::title) = title;
    refused(agenda, "agenda questions row 0 (id \"q\"): title: the text is not UTF-8");
    dataset ds = base;
    loader::adopt(ds, enrolment_table(full.enrolments()));  // as they are, they pass
    EXPECT_EQ(ds.enrolments().size(), full.enrolments().size());
}

TEST(store, every_declared_column_is_stored) {
    // The store lists its tables and columns by hand, by model member, in the order of its
    // format version (tables in add order, as declared; columns in the order of version 1); the
    // table declaration (civica/model/schema.hpp) is the truth for what a table holds. A store
    // column stands for the declared column whose name in files, member, or member with '.'
    // spelt '_' (a columnar table's getter: implementation_start) it is; a period member
    // ("window") for the declared columns of both its ends. Every declared column must be stored
    // once, and nothing else.
    const auto stored = io::detail::store_columns();
    const auto declared = schema::tables();
    ASSERT_EQ(stored.size(), declared.size() + 1);
    EXPECT_EQ(stored.front().table, "info");  // the manifest's fields, not a declared table
    for (std::size_t k = 0; k < declared.size(); ++k) {
        const auto& table = declared[k];
        const auto& cols = table.columns;
        std::vector<int> covered(cols.size(), 0);
        for (const auto name : stored[k + 1].columns) {
            bool found = false;
            for (std::size_t c = 0; c < cols.size(); ++c) {
                const auto member = cols[c].member;
                std::string underscored(member);
                std::replace(underscored.begin(), underscored.end(), '.', '_');
                if (name == cols[c].name || name == member || name == underscored ||
                    member.substr(0, member.find('.')) == name) {
                    ++covered[c];
                    found = true;
                }
            }
            EXPECT_TRUE(found) << table.name << " (" << stored[k + 1].table << " in the store): the store's column "
                               << name << " is not declared";
        }
        for (std::size_t c = 0; c < cols.size(); ++c)
            EXPECT_EQ(covered[c], 1) << table.name << ": the declared column " << cols[c].name << " is stored "
                                     << covered[c] << " times";
    }
}
