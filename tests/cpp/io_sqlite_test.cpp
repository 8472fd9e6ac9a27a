// Tests of civica/io/sqlite.hpp: the SQLite dataset store.
//
// Independent truth: the dataset's own operator== for the lossless round trip (every table,
// every field), the SQLite C API queried directly (not through civica) for the schema, the
// foreign keys and the stored values, and readers running during saves for atomicity (kills
// during a save are in io_atomic_write_test.cpp, with every other format's).
#include "civica/io/sqlite.hpp"
#include "civica/model/schema.hpp"

#include "civica/error.hpp"
#include "civica/synth.hpp"
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;
using namespace civica;

namespace {

fs::path temp_dir() {
    const fs::path dir = civica_test::scratch_file("sqlite");
    fs::create_directories(dir);
    return dir;
}

/// A dataset with rows in every table and the awkward values: empty optionals, Unicode,
/// quotes, a person applicant and recipient, a missing score, fractional indicator values.
dataset every_table(int scale = 1) {
    dataset d;
    d.info() = {"test-city", "Тестовый город, 2020", "hm", "описание с \"кавычками\"", "tests", "CC0", true};
    d.add(municipality{municipality_id("hm"), "Ханты-Мансийск", "71871000", "ХМАО – Югра",
                       {{2010, 79410}, {2020, 103000}}, "Ханты-Мансийска", "Ханты-Мансийске", "Khanty-Mansiysk"});
    d.add(municipality{municipality_id("empty"), "Без данных", "", "", {}});
    organization fund;
    fund.id = organization_id("fpg");
    fund.full_name = "Фонд президентских грантов";
    fund.short_name = "ФПГ";
    fund.okopf = 70403;
    fund.inn = "7707083893";
    fund.ogrn = "1027700132195";
    fund.kpp = "773601001";
    fund.registered = date(2017, 4, 3);
    fund.spheres = {"grants_help", "civil_society"};
    fund.nonprofit = true;
    d.add(fund);
    organization rc;
    rc.id = organization_id("rc");
    rc.full_name = "Ресурсный центр";
    rc.municipality = municipality_id("hm");
    rc.socially_oriented = true;
    d.add(rc);
    for (int i = 0; i < 3 * scale; ++i) {
        organization o;
        o.id = organization_id("ngo-" + std::to_string(i));
        o.full_name = "НКО №" + std::to_string(i) + " 'апостроф'";
        o.municipality = i % 2 ? municipality_id("hm") : municipality_id();
        o.public_association = i % 3 == 0;
        o.tos = i % 5 == 0;
        o.volunteer_association = i % 7 == 0;
        o.spheres = i % 2 ? std::vector<std::string>{"culture"} : std::vector<std::string>{};
        d.add(o);
    }
    d.add(person{person_id("p-1"), municipality_id("hm"), "Иванова И."});
    d.add(person{person_id("p-2"), {}, ""});
    d.add(grant_operator{operator_id("fpg"), "ФПГ", organization_id("fpg")});
    d.add(grant_operator{operator_id("yugra"), "Губернатор Югры", {}});
    d.add(programme{programme_id("pg"), operator_id("fpg"), "Президентские гранты", programme_kind::presidential_grants});
    d.add(programme{programme_id("gi"), operator_id("yugra"), "Гранты физлицам", programme_kind::governor_individual});
    d.add(programme{programme_id("orphan"), {}, "", programme_kind::other});
    d.add(competition{competition_id("pg-2020-1"), programme_id("pg"), 2020, 1,
                      {date(2020, 2, 1), date(2020, 3, 15)}, {"Охрана здоровья", "Культура"}, "Первый конкурс 2020"});
    d.add(competition{competition_id("gi-2020"), programme_id("gi"), 2020, 2, {}, {}, ""});
    for (int i = 0; i < 3 * scale; ++i) {
        application a;
        a.id = application_id("app-" + std::to_string(i));
        a.competition = competition_id(i % 2 ? "pg-2020-1" : "gi-2020");
        a.applicant = "ngo-" + std::to_string(i);
        a.title = "Проект " + std::to_string(i);
        a.direction = i % 2 ? "Культура" : "";
        a.requested = money::from_kopecks(100000 + i);
        a.cofunding = money::from_kopecks(i * 7);
        a.submitted = i % 4 ? date(2020, 3, 1 + i % 28) : date();
        a.status = i % 3 ? application_status::winner : application_status::rejected;
        if (a.status == application_status::winner) a.awarded = money::from_kopecks(90000 + i);
        if (a.status == application_status::winner && i % 2) a.rate = 60.0 + i / 7.0;  // not a short decimal
        a.implementation = {date(2020, 7, 1), i % 2 ? date(2021, 6, 30) : date()};
        d.add(a);
    }
    application by_person;
    by_person.id = application_id("app-person");
    by_person.competition = competition_id("gi-2020");
    by_person.applicant_type = applicant_kind::person;
    by_person.applicant = "p-1";
    by_person.status = application_status::winner;
    by_person.awarded = money::from_kopecks(23125000);
    d.add(by_person);
    d.add(course{course_id("c-1"), "Социальное проектирование в НКО", "projects", course_format::distance, 72,
                 organization_id("rc"), organization_id("fpg"), {date(2020, 9, 1), date(2020, 10, 30)}});
    d.add(course{course_id("c-2"), "Отчетность", "", course_format::mixed, 0, {}, {}, {}});
    d.add(enrolment{course_id("c-1"), organization_id("ngo-0"), {}, 3, true});
    d.add(enrolment{course_id("c-2"), {}, person_id("p-2"), 1, false});
    d.add(collegial_body{body_id("chamber"), "Общественная палата", body_kind::public_chamber, "", municipality_id("hm")});
    d.add(collegial_body{body_id("c-edu"), "Совет по образованию", body_kind::public_council, "Департамент образования", {}});
    d.add(membership_term{body_id("chamber"), {date(2020, 6, 1), date()}, 15, "обновлён"});
    d.add(membership_term{body_id("c-edu"), {}, 0, ""});
    for (int i = 0; i < 2 * scale; ++i) {
        const std::string mid = "m-" + std::to_string(i);
        meeting m{meeting_id(mid), body_id(i % 2 ? "chamber" : "c-edu"), date(2020, 1 + i % 12, 10),
                  i % 2 ? meeting_format::remote : meeting_format::in_person};
        if (i % 3) m.attendance = i % 4;  // 0 present is a value, unlike none
        d.add(m);
        d.add(agenda_question{agenda_question_id("q-" + std::to_string(i)), meeting_id(mid), "Вопрос " + std::to_string(i),
                              i % 2 ? "economy" : ""});
    }
    d.add(support_service{service_id("s-1"), organization_id("rc"), applicant_kind::organization, "ngo-1",
                          support_kind::consulting, date(2020, 5, 5), "консультация"});
    d.add(support_service{service_id("s-2"), {}, applicant_kind::person, "p-2", support_kind::grants_help,
                          date(2020, 5, 6), ""});
    d.add(monitoring_record{application_id("app-1"), date(2020, 12, 1), 8.25, "completed", ""});
    d.add(monitoring_record{application_id("app-person"), date(), std::nullopt, "in_progress", "заметка"});
    d.set_indicator(indicator{"councils.meetings", 2020, "", "", 59, qualifier::exact, "", "report"});
    d.set_indicator(indicator{"ngo.registered", 2020, "hm", "", 300, qualifier::more_than, "count", ""});
    d.set_indicator(indicator{"grants.individual.amount", 2020, "", "", 3700000.1, qualifier::about, "RUB", ""});
    d.set_indicator(indicator{"training.participants", 2020, "", "Социальное проектирование в НКО", 26,
                              qualifier::exact, "", ""});
    return d;
}

int query_int(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    int v = -1;
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return v;
}

// The store read in skip mode; the rows left out are added to `skipped`.
dataset load_skipping(const fs::path& f, std::vector<io::problem>& skipped) {
    io::sqlite_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    return io::load_sqlite(f, o);
}

std::string query_text(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
    std::string v;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        v = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return v;
}

}  // namespace

TEST(sqlite_store, round_trips_every_table_losslessly) {
    const dataset d = every_table();
    const fs::path f = temp_dir() / "every.sqlite";
    io::save_sqlite(d, f);
    const dataset back = io::load_sqlite(f);
    EXPECT_TRUE(back == d);
    // operator== must be able to fail for this test to mean anything.
    dataset other = every_table();
    other.info().licence = "other";
    EXPECT_FALSE(back == other);
    // Saving again over the file replaces it.
    const dataset bigger = every_table(3);
    io::save_sqlite(bigger, f);
    EXPECT_TRUE(io::load_sqlite(f) == bigger);
    EXPECT_FALSE(fs::exists(f.string() + ".tmp-" + std::to_string(::getpid())));
}

TEST(sqlite_store, writes_a_versioned_schema_that_sql_tools_can_query) {
    const dataset d = every_table();
    const fs::path f = temp_dir() / "query.sqlite";
    io::save_sqlite(d, f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(f.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_EQ(query_text(db, "SELECT value FROM civica_meta WHERE key = 'schema_version'"),
              std::to_string(io::sqlite_schema_version));
    EXPECT_EQ(query_int(db, "PRAGMA user_version"), io::sqlite_schema_version);
    // Values as other tools see them: kopecks as integers, dates as ISO text, NULL for none.
    EXPECT_EQ(query_int(db, "SELECT awarded FROM applications WHERE id = 'app-person'"), 23125000);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM applications WHERE awarded IS NULL"), 1);  // app-0, rejected
    EXPECT_EQ(query_text(db, "SELECT registered FROM organizations WHERE id = 'fpg'"), "2017-04-03");
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM applications a JOIN competitions c ON c.id = a.competition "
                            "JOIN programmes p ON p.id = c.programme WHERE p.kind = 'governor_individual'"),
              3);
    EXPECT_EQ(query_int(db, "SELECT population FROM municipality_population WHERE municipality = 'hm' AND year = 2020"),
              103000);
    // Declared foreign keys exist and hold.
    EXPECT_GE(query_int(db, "SELECT count(*) FROM pragma_foreign_key_list('applications')"), 3);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    EXPECT_GE(query_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'applications_%'"), 3);
    // The applications' indexes, as docs/formats.md lists them: by id and by applicant, none by
    // status or competition.
    EXPECT_EQ(query_text(db, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = "
                             "'index' AND tbl_name = 'applications' ORDER BY name)"),
              "applications_id applications_organization applications_person");
    EXPECT_EQ(query_text(db, "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = "
                             "'index' AND tbl_name = 'organizations' ORDER BY name)"),
              "organizations_id organizations_inn organizations_municipality");
    // The applicant indexes hold only the rows that name one, and a look-up by applicant uses them.
    for (const char* column : {"applicant_organization", "applicant_person"}) {
        const std::string sql = "EXPLAIN QUERY PLAN SELECT id FROM applications WHERE " + std::string(column) + " = 'p-1'";
        sqlite3_stmt* s = nullptr;
        ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sql;
        std::string plan;  // the rows' `detail` column
        while (sqlite3_step(s) == SQLITE_ROW) plan += reinterpret_cast<const char*>(sqlite3_column_text(s, 3)) + std::string("; ");
        sqlite3_finalize(s);
        EXPECT_NE(plan.find("USING INDEX applications_"), std::string::npos) << column << ": " << plan;
    }
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM applications INDEXED BY applications_person "
                            "WHERE applicant_person = 'p-1'"),
              1);
    sqlite3_close(db);
}

TEST(sqlite_store, ids_are_unique_and_looked_up_through_their_index) {
    const fs::path f = temp_dir() / "ids.sqlite";
    io::save_sqlite(every_table(2), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    // Another application with an id already there is refused, as is another organisation's.
    EXPECT_EQ(sqlite3_exec(db, "INSERT INTO applications SELECT * FROM applications WHERE id = 'app-person'", nullptr,
                           nullptr, nullptr),
              SQLITE_CONSTRAINT_UNIQUE);
    EXPECT_EQ(sqlite3_exec(db, "INSERT INTO organizations SELECT * FROM organizations WHERE id = 'fpg'", nullptr,
                           nullptr, nullptr),
              SQLITE_CONSTRAINT_UNIQUE);
    // A row with a new id goes in, and a look-up by id uses the index.
    EXPECT_EQ(sqlite3_exec(db, "CREATE TEMP TABLE o AS SELECT * FROM organizations WHERE id = 'fpg'; "
                               "UPDATE o SET id = 'fpg-2'; INSERT INTO organizations SELECT * FROM o",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(db);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM organizations WHERE id IN ('fpg', 'fpg-2')"), 2);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "EXPLAIN QUERY PLAN SELECT title FROM applications WHERE id = 'app-person'", -1, &s,
                                 nullptr),
              SQLITE_OK);
    std::string plan;
    while (sqlite3_step(s) == SQLITE_ROW) plan += reinterpret_cast<const char*>(sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    EXPECT_NE(plan.find("USING INDEX applications_id"), std::string::npos) << plan;
    // Foreign keys still find their parent rows through it.
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    sqlite3_close(db);
}

TEST(sqlite_store, round_trips_tables_written_by_groups_of_rows_and_one_by_one) {
    // Large tables go in by INSERTs of many rows, the rows after the last whole group one by
    // one: 1 001 applications and their organisations are neither few nor a multiple of a group.
    synth::national_options o;
    o.seed = 5;
    o.applications = 1001;
    o.regions = 3;
    const dataset d = synth::national(o);
    ASSERT_GT(d.organizations().size(), 300u);
    const fs::path f = temp_dir() / "groups.sqlite";
    io::save_sqlite(d, f);
    EXPECT_TRUE(io::load_sqlite(f) == d);
    // The rows are in the dataset's order, as SQLite itself reads them.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(f.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM applications"), 1001);
    for (std::size_t i : {std::size_t{0}, std::size_t{127}, std::size_t{128}, std::size_t{895}, std::size_t{896},
                          std::size_t{1000}})
        EXPECT_EQ(query_text(db, "SELECT id FROM applications ORDER BY rowid LIMIT 1 OFFSET " + std::to_string(i)),
                  d.application_at(i).id.str())
            << i;
    const std::size_t last = d.organizations().size() - 1;
    EXPECT_EQ(query_text(db, "SELECT id FROM organizations ORDER BY rowid LIMIT 1 OFFSET " + std::to_string(last)),
              d.organizations()[last].id.str());
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM organizations"), static_cast<int>(d.organizations().size()));
    EXPECT_EQ(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    sqlite3_close(db);
}

TEST(sqlite_store, a_large_dataset_is_stored_in_64_kib_pages_and_round_trips) {
    // The page size as SQLite reports it, and the whole dataset read back equal, on both sides
    // of the size at which the pages grow.
    synth::national_options o;
    o.seed = 9;
    o.regions = 4;
    for (const std::size_t applications : {std::size_t{99'999}, std::size_t{100'000}}) {
        o.applications = applications;
        const dataset d = synth::national(o);
        ASSERT_EQ(d.applications().size(), applications);
        const int expected = applications >= 100'000 ? 65536 : 4096;
        EXPECT_EQ(io::sqlite_page_size(d), expected);
        const fs::path f = temp_dir() / ("pages-" + std::to_string(applications) + ".sqlite");
        io::save_sqlite(d, f);
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open_v2(f.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        EXPECT_EQ(query_int(db, "PRAGMA page_size"), expected) << applications;
        EXPECT_EQ(query_text(db, "PRAGMA integrity_check"), "ok") << applications;
        sqlite3_close(db);
        EXPECT_TRUE(io::load_sqlite(f) == d) << applications;
    }
}

TEST(sqlite_store, names_the_file_when_it_is_not_an_sqlite_database) {
    const fs::path f = temp_dir() / "not-a-db.sqlite";
    {
        std::ofstream out(f, std::ios::binary);
        for (int i = 0; i < 200; ++i) out << "this is a plain text file, not a database\n";
    }
    try {
        io::load_sqlite(f);
        FAIL() << "a text file loaded as a database";
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("not-a-db.sqlite"), std::string::npos) << e.what();
    }
    try {
        io::load_sqlite(temp_dir() / "absent.sqlite");
        FAIL();
    } catch (const io_error& e) {
        EXPECT_NE(std::string(e.what()).find("absent.sqlite"), std::string::npos);
    }
    // An SQLite database that is not a civica dataset.
    const fs::path other = temp_dir() / "other.sqlite";
    fs::remove(other);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(other.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_THROW(io::load_sqlite(other), parse_error);
}

TEST(sqlite_store, refuses_a_newer_schema_version) {
    const fs::path f = temp_dir() / "newer.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "UPDATE civica_meta SET value = '99' WHERE key = 'schema_version'", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    try {
        io::load_sqlite(f);
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("99"), std::string::npos) << e.what();
    }
}

// A version is the whole value: "3junk" read as 3; and PRAGMA user_version, which the writer
// sets to the same number, must not say another.
TEST(sqlite_store, refuses_a_schema_version_that_is_not_one_number) {
    for (const auto& [sql, says] : std::vector<std::pair<std::string, std::string>>{
             {"UPDATE civica_meta SET value = '3junk' WHERE key = 'schema_version'", "\"3junk\" is not a schema version"},
             {"UPDATE civica_meta SET value = ' 3' WHERE key = 'schema_version'", "\" 3\" is not a schema version"},
             {"PRAGMA user_version = 2", "schema version 3 but PRAGMA user_version 2"}}) {
        const fs::path f = temp_dir() / "version.sqlite";
        io::save_sqlite(every_table(), f);
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        try {
            (void)io::load_sqlite(f);
            ADD_FAILURE() << sql << ": read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.field(), "civica_meta.schema_version");
            EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
        }
    }
    const fs::path f = temp_dir() / "unset.sqlite";  // a writer that left user_version at 0
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 0", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    EXPECT_TRUE(io::load_sqlite(f) == every_table());
}

// One value a year: a second row for a municipality's year was read over the first.
TEST(sqlite_store, refuses_a_year_given_twice_in_a_side_table) {
    const fs::path f = temp_dir() / "twice.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE t AS SELECT * FROM municipality_population; DROP TABLE municipality_population; "
                               "ALTER TABLE t RENAME TO municipality_population; "
                               "INSERT INTO municipality_population VALUES ('hm', 2020, 1)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    try {
        (void)io::load_sqlite(f);
        FAIL() << "read";
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "municipality_population.year");
        EXPECT_NE(std::string(e.what()).find("municipality \"hm\": the year 2020 is given twice"), std::string::npos) << e.what();
    }
}

TEST(sqlite_store, reads_a_version_1_file_without_the_name_forms) {
    // Version 1 had no name forms: make one from a version 2 file as version 1 wrote it.
    const fs::path f = temp_dir() / "v1.sqlite";
    const dataset d = every_table();
    io::save_sqlite(d, f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    for (const char* sql : {"ALTER TABLE municipalities DROP COLUMN name_genitive",
                            "ALTER TABLE municipalities DROP COLUMN name_prepositional",
                            "ALTER TABLE municipalities DROP COLUMN name_en",
                            "UPDATE civica_meta SET value = '1' WHERE key = 'schema_version'", "PRAGMA user_version = 1"})
        ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
    const dataset back = io::load_sqlite(f);
    const auto& hm = back.get(municipality_id("hm"));
    EXPECT_EQ(hm.name, "Ханты-Мансийск");
    EXPECT_EQ(hm.name_genitive, "");
    EXPECT_EQ(hm.name_en, "");
    EXPECT_EQ(back.applications().size(), d.applications().size());
    EXPECT_EQ(io::load_sqlite(f).municipalities().size(), d.municipalities().size());
}

TEST(sqlite_store, reads_a_version_2_file_without_ratings_or_attendance) {
    // Version 2 had neither column: make one from a file of this version as version 2 wrote it.
    const fs::path f = temp_dir() / "v2.sqlite";
    const dataset d = every_table(2);
    io::save_sqlite(d, f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    EXPECT_GT(query_int(db, "SELECT count(*) FROM applications WHERE rate IS NOT NULL"), 0);
    EXPECT_GT(query_int(db, "SELECT count(*) FROM meetings WHERE attendance IS NOT NULL"), 0);
    for (const char* sql : {"ALTER TABLE applications DROP COLUMN rate", "ALTER TABLE meetings DROP COLUMN attendance",
                            "UPDATE civica_meta SET value = '2' WHERE key = 'schema_version'", "PRAGMA user_version = 2"})
        ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
    const dataset back = io::load_sqlite(f);
    ASSERT_EQ(back.applications().size(), d.applications().size());
    for (std::size_t i = 0; i < d.applications().size(); ++i) {
        application expected = d.application_at(i);
        expected.rate.reset();
        EXPECT_EQ(back.application_at(i), expected) << i;
    }
    ASSERT_EQ(back.meetings().size(), d.meetings().size());
    for (std::size_t i = 0; i < d.meetings().size(); ++i) {
        meeting expected = d.meetings()[i];
        expected.attendance.reset();
        EXPECT_EQ(back.meetings()[i], expected) << i;
    }
}

TEST(sqlite_store, reads_a_file_whose_municipalities_have_the_column_order_of_earlier_writers) {
    // The tables are made from the declaration (civica/model/schema.hpp), where the name forms
    // follow the name; writers before it put them last, with defaults. Such a file reads the same.
    const fs::path f = temp_dir() / "earlier-order.sqlite";
    const dataset d = every_table(2);
    io::save_sqlite(d, f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    for (const char* sql :
         {"CREATE TABLE m_earlier (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, oktmo TEXT NOT NULL, "
          "region TEXT NOT NULL, name_genitive TEXT NOT NULL DEFAULT '', name_prepositional TEXT NOT NULL "
          "DEFAULT '', name_en TEXT NOT NULL DEFAULT '')",
          "INSERT INTO m_earlier (id, name, oktmo, region, name_genitive, name_prepositional, name_en) "
          "SELECT id, name, oktmo, region, name_genitive, name_prepositional, name_en FROM municipalities "
          "ORDER BY rowid",
          "DROP TABLE municipalities", "ALTER TABLE m_earlier RENAME TO municipalities"})
        ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    EXPECT_EQ(query_text(db, "SELECT name FROM pragma_table_info('municipalities') WHERE cid = 2"), "oktmo");
    sqlite3_close(db);
    EXPECT_TRUE(io::load_sqlite(f) == d);
}

// ---- the columns of a file's tables: none unknown, none missing (but for the versioning rule)

namespace {

/// Saves `d` to `name` and runs `sqls` on the file as another SQL tool would.
fs::path saved_and_edited(const dataset& d, const std::string& name, std::initializer_list<const char*> sqls) {
    const fs::path f = temp_dir() / name;
    io::save_sqlite(d, f);
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    for (const char* sql : sqls) {
        char* err = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << sql << ": " << (err ? err : "");
        sqlite3_free(err);
    }
    sqlite3_close(db);
    return f;
}

/// The columns of `table` in a file as save_sqlite writes it, read with SQLite itself, joined by ", ".
std::string saved_columns(const std::string& table) {
    const fs::path f = temp_dir() / "columns.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(f.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const std::string names =
        query_text(db, "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('" + table +
                           "') ORDER BY cid)");
    sqlite3_close(db);
    return names;
}

/// The parse_error a strict load of `f` throws (and checks a skip-mode load throws the same:
/// an error of a whole table is not one of a row).
parse_error load_error(const fs::path& f) {
    std::string strict;
    try {
        io::load_sqlite(f);
    } catch (const parse_error& e) {
        strict = e.what();
        std::vector<io::problem> skipped;
        try {
            load_skipping(f, skipped);
            ADD_FAILURE() << "a skip-mode load of " << f << " did not throw";
        } catch (const parse_error& skip) {
            EXPECT_EQ(std::string(skip.what()), strict);
            EXPECT_TRUE(skipped.empty());
        }
        return e;
    }
    ADD_FAILURE() << "a load of " << f << " did not throw a parse_error";
    return parse_error("no error");
}

}  // namespace

TEST(sqlite_store, a_column_renamed_by_another_tool_is_an_unknown_column_naming_file_table_and_column) {
    // A user audit: a renamed column was left unread and every submitted date came back missing.
    const std::string columns = saved_columns("applications");
    ASSERT_NE(columns.find("submitted"), std::string::npos) << columns;
    const fs::path f = saved_and_edited(every_table(), "renamed.sqlite",
                                        {"ALTER TABLE applications RENAME COLUMN submitted TO submited"});
    const parse_error e = load_error(f);
    EXPECT_EQ(e.file(), f.string());
    EXPECT_EQ(e.field(), "applications.submited");
    EXPECT_EQ(e.reason(), "unknown column \"submited\" in table applications; its columns are: " + columns);
}

TEST(sqlite_store, a_column_added_by_another_tool_is_an_unknown_column_in_any_table) {
    {
        // A table without ids: its columns start with seq.
        const std::string columns = saved_columns("indicators");
        EXPECT_EQ(columns.rfind("seq, key, year, ", 0), 0u) << columns;
        const parse_error e = load_error(
            saved_and_edited(every_table(), "added.sqlite", {"ALTER TABLE indicators ADD COLUMN comment TEXT"}));
        EXPECT_EQ(e.field(), "indicators.comment");
        EXPECT_EQ(e.reason(), "unknown column \"comment\" in table indicators; its columns are: " + columns);
    }
    {
        // A side table (a list's items).
        const parse_error e = load_error(saved_and_edited(
            every_table(), "side.sqlite", {"ALTER TABLE organization_spheres RENAME COLUMN sphere TO spheres"}));
        EXPECT_EQ(e.field(), "organization_spheres.spheres");
        EXPECT_EQ(e.reason(),
                  "unknown column \"spheres\" in table organization_spheres; its columns are: organization, position, "
                  "sphere");
    }
}

TEST(sqlite_store, a_required_column_the_table_lacks_is_an_error_and_another_reads_as_empty) {
    // The rule of a dataset folder's header (schema::column::required): a meeting without its
    // date column cannot be read; an application table without its award, submission, decision
    // or rating column reads with those values missing, as a CSV file without them does.
    const fs::path no_date =
        saved_and_edited(every_table(), "no-date.sqlite", {"ALTER TABLE meetings DROP COLUMN date"});
    const parse_error e = load_error(no_date);
    EXPECT_EQ(e.file(), no_date.string());
    EXPECT_EQ(e.field(), "meetings.date");
    EXPECT_EQ(e.reason(), "table meetings has no column \"date\", which it must have");
    const dataset d = every_table(2);
    const fs::path f = saved_and_edited(d, "optional-dropped.sqlite",
                                        {"ALTER TABLE applications DROP COLUMN awarded",
                                         "ALTER TABLE applications DROP COLUMN submitted",
                                         "ALTER TABLE applications DROP COLUMN decided",
                                         "ALTER TABLE applications DROP COLUMN rate"});
    const dataset back = io::load_sqlite(f);
    ASSERT_EQ(back.applications().size(), d.applications().size());
    for (std::size_t i = 0; i < d.applications().size(); ++i) {
        application expected = d.application_at(i);
        expected.awarded.reset();
        expected.submitted = date();
        expected.decided = date();
        expected.rate.reset();
        EXPECT_EQ(back.application_at(i), expected) << i;
    }
    // One of a party's two columns renamed (SQLite drops no column a CHECK names): an unknown column.
    EXPECT_EQ(load_error(saved_and_edited(every_table(), "no-recipient.sqlite",
                                          {"ALTER TABLE services RENAME COLUMN recipient_person TO recipient"}))
                  .reason(),
              "unknown column \"recipient\" in table services; its columns are: " + saved_columns("services"));
}

TEST(sqlite_store, an_enumeration_the_table_lacks_or_leaves_empty_reads_as_the_models_default) {
    // As in a dataset folder: a bodies table without its kind column, a meetings table without
    // its format and an application whose status is empty read with the model's defaults;
    // they were refused as "" on every row.
    const dataset d = every_table(2);
    const fs::path f = saved_and_edited(d, "enums-dropped.sqlite",
                                        {"ALTER TABLE bodies DROP COLUMN kind", "ALTER TABLE meetings DROP COLUMN format",
                                         "UPDATE applications SET status = '', awarded = NULL, rate = NULL "
                                         "WHERE rowid = (SELECT min(rowid) FROM applications)"});
    const dataset back = io::load_sqlite(f);
    ASSERT_EQ(back.bodies().size(), d.bodies().size());
    for (std::size_t i = 0; i < d.bodies().size(); ++i) EXPECT_EQ(back.bodies()[i].kind, collegial_body{}.kind) << i;
    ASSERT_EQ(back.meetings().size(), d.meetings().size());
    for (std::size_t i = 0; i < d.meetings().size(); ++i) EXPECT_EQ(back.meetings()[i].format, meeting{}.format) << i;
    ASSERT_EQ(back.applications().size(), d.applications().size());
    application expected = d.application_at(0);
    expected.status = application{}.status;
    expected.awarded.reset();
    expected.rate.reset();
    EXPECT_EQ(back.application_at(0), expected);
    for (std::size_t i = 1; i < d.applications().size(); ++i) EXPECT_EQ(back.application_at(i), d.application_at(i)) << i;
}

TEST(sqlite_store, column_names_match_without_regard_to_case_as_in_sqlite) {
    // SQLite finds `submitted` by any case; so does the reader, which read such a column as empty before.
    const dataset d = every_table(2);
    const fs::path f = saved_and_edited(d, "upper.sqlite", {"ALTER TABLE applications RENAME COLUMN submitted TO "
                                                            "Submitted",
                                                            "ALTER TABLE meetings RENAME COLUMN attendance TO "
                                                            "ATTENDANCE"});
    EXPECT_TRUE(io::load_sqlite(f) == d);
}

TEST(sqlite_store, has_an_sql_column_for_every_declared_column) {
    // The CREATE TABLE statements follow the declaration: a new declared column is a column of
    // the store, with the declared type, nullability and reference.
    const fs::path f = temp_dir() / "declared.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(f.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    namespace sc = civica::schema;
    for (const auto& t : sc::tables()) {
        const std::string table(t.name);
        for (const auto& c : t.columns) {
            std::string name(c.name);
            if (name == "start" || name == "end") name += "_date";
            auto column_info = [&](const std::string& col, const char* what) {
                return query_text(db, "SELECT " + std::string(what) + " FROM pragma_table_info('" + table +
                                          "') WHERE name = '" + col + "'");
            };
            switch (c.type) {
                case sc::column_type::text_list:
                case sc::column_type::year_counts:
                    EXPECT_EQ(column_info(name, "count(*)"), "0") << table << "." << name << " is a side table";
                    break;
                case sc::column_type::party:
                    EXPECT_EQ(column_info(name + "_organization", "type"), "TEXT") << table << "." << name;
                    EXPECT_EQ(column_info(name + "_person", "type"), "TEXT") << table << "." << name;
                    break;
                default: {
                    const bool number = c.type == sc::column_type::integer || c.type == sc::column_type::money ||
                                        c.type == sc::column_type::boolean;
                    const std::string type = number ? "INTEGER" : c.type == sc::column_type::real ? "REAL" : "TEXT";
                    EXPECT_EQ(column_info(name, "type"), type) << table << "." << name;
                    const bool text = c.type == sc::column_type::text || c.type == sc::column_type::enumeration;
                    // A 0 that means unknown is NULL in SQLite, as empty in every other format.
                    EXPECT_EQ(column_info(name, "\"notnull\""), ((!c.nullable && !c.zero_is_unknown) || text) ? "1" : "0")
                        << table << "." << name;
                    if (c.type == sc::column_type::id) {
                        // Unique through an index on the id alone (the references' parent key).
                        EXPECT_EQ(query_text(db, "SELECT count(*) FROM pragma_index_list('" + table +
                                                     "') l WHERE l.\"unique\" = 1 AND (SELECT group_concat(name) "
                                                     "FROM pragma_index_info(l.name)) = 'id'"),
                                  "1")
                            << table;
                    }
                    if (c.type == sc::column_type::reference) {
                        EXPECT_EQ(query_text(db, "SELECT \"table\" FROM pragma_foreign_key_list('" + table +
                                                     "') WHERE \"from\" = '" + name + "'"),
                                  std::string(c.references))
                            << table << "." << name;
                    }
                }
            }
        }
    }
    sqlite3_close(db);
}

TEST(sqlite_store, rows_that_break_a_rule_are_reported_with_the_file) {
    const fs::path f = temp_dir() / "tampered.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "UPDATE applications SET requested = -5 WHERE id = 'app-1'", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    // Named as a value that does not parse is: the file, table.column, the rowid, the rule.
    try {
        io::load_sqlite(f);
        FAIL();
    } catch (const parse_error& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.file(), f.string());
        EXPECT_EQ(e.field(), "applications.requested") << what;
        EXPECT_NE(what.find("rowid "), std::string::npos) << what;
        EXPECT_NE(what.find("app-1"), std::string::npos) << what;
    }
    // A row of a table read by row (an organisation's INN with a wrong check digit).
    io::save_sqlite(every_table(), f);
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE organizations SET inn = '1234567895' WHERE id = 'fpg'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
    try {
        io::load_sqlite(f);
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "organizations.inn") << e.what();
        EXPECT_NE(std::string(e.what()).find("fpg"), std::string::npos) << e.what();
    }
}

TEST(sqlite_store, skip_mode_lists_each_bad_row_with_its_table_rowid_and_column) {
    const fs::path f = temp_dir() / "edited.sqlite";
    const dataset whole = every_table(3);
    io::save_sqlite(whole, f);
    // Another SQL tool breaks two rows: an impossible date in one course, and a negative amount
    // in the last application. Their rowids and ids are read back with SQLite itself.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    const auto row_of = [&](const char* sql) {
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK);
        EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
        std::pair<std::int64_t, std::string> r{sqlite3_column_int64(st, 0),
                                               reinterpret_cast<const char*>(sqlite3_column_text(st, 1))};
        sqlite3_finalize(st);
        return r;
    };
    const auto course = row_of("SELECT rowid, id FROM courses ORDER BY rowid DESC LIMIT 1");
    const auto app = row_of("SELECT rowid, id FROM applications ORDER BY rowid DESC LIMIT 1");
    ASSERT_EQ(sqlite3_exec(db,
                           ("UPDATE courses SET start_date = '2021-02-30' WHERE rowid = " + std::to_string(course.first) +
                            "; UPDATE applications SET requested = -5 WHERE rowid = " + std::to_string(app.first))
                               .c_str(),
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);

    std::vector<io::problem> skipped;
    const dataset got = load_skipping(f, skipped);
    EXPECT_EQ(got.applications().size(), whole.applications().size() - 1);
    EXPECT_EQ(got.courses().size(), whole.courses().size() - 1);
    std::vector<std::tuple<std::string, std::size_t, std::string, std::string, std::string>> rows;
    for (const auto& p : skipped) {
        if (p.file != "courses" && p.file != "applications") continue;  // rows that named the course
        rows.emplace_back(p.file, p.line, p.field, p.record_id, p.check);
        // The line is the rowid; the message is the rule alone, as a folder's (it said the rowid again).
        EXPECT_FALSE(p.message.starts_with("rowid")) << p.message;
    }
    using row = std::tuple<std::string, std::size_t, std::string, std::string, std::string>;
    const std::vector<row> expected = {
        // The model's code of the rule, as a folder's check gives it (negative_money), not "rule".
        {"applications", static_cast<std::size_t>(app.first), "requested", app.second, "negative_money"},
        {"courses", static_cast<std::size_t>(course.first), "start_date", course.second, "bad_value"},
    };
    EXPECT_EQ(rows, expected);
}

namespace {

/// Runs `sql` on the file as another SQL tool would, and gives the rowid and the id of the row
/// `where` picks in `table` (read with SQLite itself, before the change).
std::pair<std::int64_t, std::string> edit_row(const fs::path& f, const std::string& table, const std::string& where,
                                              const std::string& set) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    const std::string rowid = query_text(db, "SELECT rowid FROM " + table + " WHERE " + where);
    const std::string id = table == "indicators" ? "" : query_text(db, "SELECT id FROM " + table + " WHERE " + where);
    EXPECT_FALSE(rowid.empty()) << table << " " << where;
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, ("UPDATE " + table + " SET " + set + " WHERE rowid = " + rowid).c_str(), nullptr,
                           nullptr, &err),
              SQLITE_OK)
        << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    return {std::stoll(rowid), id};
}

/// SQLite's own storage class of a value (typeof), after the change.
std::string stored_type(const fs::path& f, const std::string& table, const std::string& column, std::int64_t rowid) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    const std::string t =
        query_text(db, "SELECT typeof(" + column + ") FROM " + table + " WHERE rowid = " + std::to_string(rowid));
    sqlite3_close(db);
    return t;
}

struct bad_number {
    std::string table, where, column, value, type, shown;
};

// Values another tool may write into the numeric columns, each of a storage class civica does
// not read as a number there (checked with typeof).
const std::vector<bad_number> bad_numbers = {
    {"applications", "id = 'app-1'", "requested", "'3 700 000'", "text", "text \"3 700 000\""},
    {"applications", "id = 'app-1'", "requested", "'lots'", "text", "text \"lots\""},
    {"applications", "id = 'app-2'", "cofunding", "12.9", "real", "12.9"},
    {"applications", "id = 'app-2'", "awarded", "'много'", "text", "text \"много\""},
    {"applications", "id = 'app-1'", "rate", "'high'", "text", "text \"high\""},
    {"meetings", "id = 'm-1'", "attendance", "'seven'", "text", "text \"seven\""},
    {"courses", "id = 'c-1'", "hours", "'many'", "text", "text \"many\""},
    {"courses", "id = 'c-1'", "hours", "5000000000", "integer", "5000000000 is outside"},
    {"competitions", "id = 'pg-2020-1'", "year", "'двадцать'", "text", "text \"двадцать\""},
    {"competitions", "id = 'pg-2020-1'", "year", "x'07'", "blob", "a BLOB of 1 bytes"},
    {"indicators", "key = 'ngo.registered'", "value", "'three hundred'", "text", "text \"three hundred\""},
};

}  // namespace

// Text another tool stored as bytes civica cannot hold (no format civica writes takes a NUL or
// bytes that are not UTF-8): refused like a bad number, naming table, rowid and column, in the
// applications (read by column) and in a table read by row. And the smallest 64-bit number,
// which is civica's "no amount", is not an amount.
const std::vector<bad_number> bad_values = {
    {"applications", "id = 'app-1'", "title", "CAST(x'41ff42' AS TEXT)", "text", "not UTF-8 (at byte 1)"},
    {"applications", "id = 'app-1'", "title", "CAST(x'410042' AS TEXT)", "text", "a NUL byte (at byte 1)"},
    {"applications", "id = 'app-2'", "direction", "x'4142'", "blob", "a BLOB of 2 bytes"},
    {"organizations", "id = 'fpg'", "full_name", "CAST(x'd0ff' AS TEXT)", "text", "not UTF-8 (at byte 0)"},
    {"organizations", "id = 'fpg'", "full_name", "CAST(x'd09000' AS TEXT)", "text", "a NUL byte (at byte 2)"},
    {"applications", "id = 'app-1'", "requested", "-9223372036854775808", "integer", "is outside"},
};

TEST(sqlite_store, a_value_civica_cannot_read_is_refused_naming_table_rowid_and_column) {
    std::vector<bad_number> all = bad_numbers;
    all.insert(all.end(), bad_values.begin(), bad_values.end());
    for (const auto& b : all) {
        const fs::path f = temp_dir() / "values.sqlite";
        io::save_sqlite(every_table(), f);
        const auto [rowid, id] = edit_row(f, b.table, b.where, b.column + " = " + b.value);
        ASSERT_EQ(stored_type(f, b.table, b.column, rowid), b.type) << b.table << "." << b.column << " = " << b.value;
        try {
            (void)io::load_sqlite(f);
            ADD_FAILURE() << b.table << "." << b.column << " = " << b.value << " was read";
        } catch (const parse_error& e) {
            const std::string what = e.what();
            EXPECT_EQ(e.field(), b.table + "." + b.column) << what;
            EXPECT_NE(what.find("values.sqlite"), std::string::npos) << what;
            EXPECT_NE(what.find("rowid " + std::to_string(rowid) + ":"), std::string::npos) << what;
            EXPECT_NE(what.find(b.shown), std::string::npos) << what;
        }
    }
}

// civica_meta edited by another tool: a synthetic flag other than true or false, and a
// description that is not civica text (a NUL byte, bytes that are not UTF-8: civica's writer
// refuses them too), are refused naming the key.
TEST(sqlite_store, civica_meta_values_civica_would_not_write_are_refused) {
    const struct {
        std::string key, value, says;
    } bad[] = {{"synthetic", "'TRUE'", "\"TRUE\" is not true or false"},
               {"synthetic", "'1'", "\"1\" is not true or false"},
               {"synthetic", "'yes'", "\"yes\" is not true or false"},
               {"licence", "CAST(X'4100' AS TEXT)", "holds a NUL byte (at byte 1)"},
               {"licence", "CAST(X'41FF' AS TEXT)", "is not UTF-8 (at byte 1)"}};
    for (const auto& b : bad) {
        const fs::path f = temp_dir() / "meta.sqlite";
        io::save_sqlite(every_table(), f);
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
        const std::string sql = "UPDATE civica_meta SET value = " + b.value + " WHERE key = '" + b.key + "'";
        ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        try {
            (void)io::load_sqlite(f);
            ADD_FAILURE() << b.key << " = " << b.value << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.field(), "civica_meta." + b.key);
            EXPECT_NE(std::string(e.what()).find(b.says), std::string::npos) << e.what();
        }
    }
}

TEST(sqlite_store, a_number_in_a_side_table_is_checked_too) {
    const fs::path f = temp_dir() / "population.sqlite";
    io::save_sqlite(every_table(), f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE municipality_population SET population = 'many' WHERE year = 2020", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    EXPECT_EQ(query_text(db, "SELECT typeof(population) FROM municipality_population WHERE year = 2020"), "text");
    sqlite3_close(db);
    try {
        (void)io::load_sqlite(f);
        FAIL();
    } catch (const parse_error& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.field(), "municipality_population.population") << what;
        EXPECT_NE(what.find("municipality \"hm\", year 2020"), std::string::npos) << what;
        EXPECT_NE(what.find("text \"many\""), std::string::npos) << what;
    }
}

TEST(sqlite_store, skip_mode_leaves_out_the_owner_of_a_bad_side_table_number) {
    const fs::path f = temp_dir() / "skip-population.sqlite";
    const dataset whole = every_table();
    io::save_sqlite(whole, f);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(f.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "UPDATE municipality_population SET population = 'many' WHERE year = 2020", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    const auto rowid = static_cast<std::size_t>(query_int(db, "SELECT rowid FROM municipalities WHERE id = 'hm'"));
    sqlite3_close(db);

    std::vector<io::problem> skipped;
    const dataset got = load_skipping(f, skipped);
    std::vector<io::problem> bad;
    for (const auto& p : skipped)
        if (p.check == "bad_value") bad.push_back(p);
    ASSERT_EQ(bad.size(), 1u);
    EXPECT_EQ(bad[0].file, "municipalities");
    EXPECT_EQ(bad[0].line, rowid);
    EXPECT_EQ(bad[0].field, "municipality_population.population");
    EXPECT_EQ(bad[0].record_id, "hm");
    EXPECT_NE(bad[0].message.find("municipality \"hm\", year 2020"), std::string::npos) << bad[0].message;
    EXPECT_NE(bad[0].message.find("text \"many\""), std::string::npos) << bad[0].message;
    // The municipality is left out, the other kept, and rows naming it fail in turn.
    EXPECT_EQ(got.municipalities().size(), whole.municipalities().size() - 1);
    EXPECT_EQ(got.municipalities().find("hm"), no_row);
    EXPECT_NE(got.municipalities().find("empty"), no_row);
    EXPECT_LT(got.organizations().size(), whole.organizations().size());
}

// A column declared INTEGER stores text that reads as a whole number, and a REAL with no
// fraction, as an INTEGER (SQLite's type affinity): such edits are numbers, read as they are.
TEST(sqlite_store, whole_numbers_written_as_text_or_real_are_stored_and_read_as_integers) {
    const fs::path f = temp_dir() / "affinity.sqlite";
    io::save_sqlite(every_table(), f);
    const auto app = edit_row(f, "applications", "id = 'app-1'", "requested = '3700000', cofunding = 12.0");
    const auto course = edit_row(f, "courses", "id = 'c-1'", "hours = 36.0");
    EXPECT_EQ(stored_type(f, "applications", "requested", app.first), "integer");
    EXPECT_EQ(stored_type(f, "applications", "cofunding", app.first), "integer");
    EXPECT_EQ(stored_type(f, "courses", "hours", course.first), "integer");
    const dataset d = io::load_sqlite(f);
    const row_index a = d.applications().ids().find("app-1");
    ASSERT_NE(a, no_row);
    EXPECT_EQ(d.application_at(static_cast<std::size_t>(a)).requested->kopecks(), 3700000);
    EXPECT_EQ(d.application_at(static_cast<std::size_t>(a)).cofunding.kopecks(), 12);
    const row_index c = d.courses().find("c-1");
    ASSERT_NE(c, no_row);
    EXPECT_EQ(d.courses()[static_cast<std::size_t>(c)].hours, 36);
}

TEST(sqlite_store, skip_mode_lists_each_bad_number_with_its_table_rowid_and_column) {
    const fs::path f = temp_dir() / "skip-numbers.sqlite";
    const dataset whole = every_table(3);
    io::save_sqlite(whole, f);
    const auto requested = edit_row(f, "applications", "id = 'app-1'", "requested = '3 700 000'");
    const auto cofunding = edit_row(f, "applications", "id = 'app-4'", "cofunding = 12.9");
    const auto hours = edit_row(f, "courses", "id = 'c-2'", "hours = 'many'");
    const auto attendance = edit_row(f, "meetings", "id = 'm-1'", "attendance = 'seven'");

    std::vector<io::problem> skipped;
    const dataset got = load_skipping(f, skipped);
    using row = std::tuple<std::string, std::size_t, std::string, std::string>;
    std::vector<row> bad;
    for (const auto& p : skipped)
        if (p.check == "bad_value") bad.emplace_back(p.file, p.line, p.field, p.record_id);
    std::sort(bad.begin(), bad.end());
    std::vector<row> expected = {
        {"applications", static_cast<std::size_t>(requested.first), "requested", requested.second},
        {"applications", static_cast<std::size_t>(cofunding.first), "cofunding", cofunding.second},
        {"courses", static_cast<std::size_t>(hours.first), "hours", hours.second},
        {"meetings", static_cast<std::size_t>(attendance.first), "attendance", attendance.second},
    };
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(bad, expected);
    // The problem names the table, rowid and column; its message is the rule, without the
    // file, column or rowid again ("error: courses:2: column "hours": <file>: column
    // "courses.hours": rowid 2: …").
    for (const auto& p : skipped) {
        if (p.check != "bad_value") continue;
        EXPECT_EQ(p.message.find("rowid"), std::string::npos) << p.message;
        EXPECT_EQ(p.message.find(f.string()), std::string::npos) << p.message;
    }
    EXPECT_EQ(got.applications().size(), whole.applications().size() - 2);
    EXPECT_EQ(got.applications().ids().find("app-1"), no_row);
    EXPECT_EQ(got.applications().ids().find("app-4"), no_row);
    EXPECT_EQ(got.courses().size(), whole.courses().size() - 1);
    EXPECT_EQ(got.meetings().size(), whole.meetings().size() - 1);
}

TEST(sqlite_store, a_bad_value_at_rowid_0_names_its_row_once) {
    // Another tool may give a row rowid 0, which no problem's line holds (0 is none): the
    // message names the row instead, and named it twice ("rowid 0: rowid 0: text …").
    const dataset whole = every_table(3);
    const fs::path f = saved_and_edited(whole, "rowid-0.sqlite",
                                        {"UPDATE courses SET rowid = 0, hours = 'many' WHERE id = 'c-2'"});
    std::vector<io::problem> skipped;
    (void)load_skipping(f, skipped);
    std::erase_if(skipped, [](const io::problem& p) { return p.check != "bad_value"; });  // its enrolments follow it
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].line, 0u);
    EXPECT_EQ(skipped[0].field, "hours");
    EXPECT_EQ(skipped[0].message.rfind("rowid 0: text \"many\" is not a whole number", 0), 0u) << skipped[0].message;
}

// A save killed at any moment: tests/cpp/io_atomic_write_test.cpp, for every format.

TEST(sqlite_store, readers_during_saves_see_the_old_or_the_new_state) {
    const fs::path dir = temp_dir() / "readers";
    fs::create_directories(dir);
    const fs::path f = dir / "store.sqlite";
    const dataset a = every_table(1);
    const dataset b = every_table(300);
    io::save_sqlite(a, f);

    // One writer alternates between the two states while three readers load in a loop; each
    // load must be exactly one of them, never a mix, never an error.
    std::atomic<bool> stop{false};
    std::atomic<int> loads{0}, mixed{0}, failed{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r)
        readers.emplace_back([&] {
            while (!stop.load()) {
                try {
                    const dataset now = io::load_sqlite(f);
                    if (!(now == a) && !(now == b)) ++mixed;
                } catch (const std::exception&) {
                    ++failed;
                }
                ++loads;
            }
        });
    for (int i = 0; i < 12; ++i) io::save_sqlite(i % 2 ? a : b, f);
    // Let the readers finish at least a few loads after the last save too.
    const int seen = loads.load();
    while (loads.load() < seen + 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(mixed.load(), 0);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_GT(loads.load(), 12);
}
