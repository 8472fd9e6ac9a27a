#include "civica/io/bundled.hpp"
#include "civica/io/check.hpp"
#include "civica/io/dataset_folder.hpp"
#include "civica/io/io.hpp"

#include "civica/error.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"

#include "test_files.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using civica::date;
using civica::money;

namespace {

/// A fresh empty folder under the test temp dir.
using civica_test::write_file;
using civica_test::read_file;

fs::path scratch(const std::string& name) { return civica_test::scratch_dir("civica_folder_" + name); }

const char* manifest_v1 = R"({"format": "civica-dataset", "version": 1, "name": "t"})";

/// The parse_error that reading `folder` throws, or a failed test.
civica::parse_error read_error(const fs::path& folder) {
    try {
        civica::io::read_dataset_folder(folder);
    } catch (const civica::parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "no parse_error reading " << folder;
    return civica::parse_error("none");
}

money rub(std::string_view s) { return money::parse(s); }

/// A dataset with a row in every table and every field used, built by hand.
civica::dataset full_dataset() {
    using namespace civica;
    dataset ds;
    auto& info = ds.info();
    info.name = "test-city-2020";
    info.title = "Тестовый город, 2020";
    info.territory = "khm";
    info.description = "Описание с \"кавычками\",\nзапятой и переводом строки";
    info.source = "написано вручную";
    info.licence = "CC0";
    info.synthetic = true;

    municipality khm{municipality_id("khm"), "Ханты-Мансийск", "71871000",
                     "Ханты-Мансийский автономный округ – Югра", {{2010, 79410}, {2020, 103000}},
                     "Ханты-Мансийска", "Ханты-Мансийске", "Khanty-Mansiysk"};
    ds.add(khm);
    ds.add(municipality{municipality_id("srg"), "Сургут", "", "", {}});

    organization rc;
    rc.id = organization_id("rc");
    rc.full_name = "Автономная некоммерческая организация \"Ресурсный центр, Югра\"";
    rc.short_name = "АНО «Ресурсный центр»";
    rc.okopf = 71400;
    rc.inn = "8614008550";
    rc.ogrn = "1027700132195";
    rc.kpp = "860101001";
    rc.registered = date(2015, 3, 12);
    rc.municipality = municipality_id("khm");
    rc.spheres = {"culture", "sport", "civil_society"};
    rc.socially_oriented = true;
    rc.public_association = false;
    rc.tos = true;
    rc.volunteer_association = true;
    rc.nonprofit = true;
    ds.add(rc);
    organization shop;  // every optional left out
    shop.id = organization_id("shop");
    shop.full_name = "ООО Магазин";
    shop.nonprofit = false;
    ds.add(shop);
    organization fpg;
    fpg.id = organization_id("fpg");
    fpg.full_name = "Фонд президентских грантов";
    fpg.inn = "7707083893";
    fpg.okopf = 70400;
    ds.add(fpg);

    ds.add(person{person_id("p1"), municipality_id("khm"), "Иванова А. П."});
    ds.add(person{person_id("p2"), municipality_id(), ""});

    ds.add(grant_operator{operator_id("op-fpg"), "Фонд президентских грантов", organization_id("fpg")});
    ds.add(grant_operator{operator_id("op-ugra"), "Правительство Югры", organization_id()});

    ds.add(programme{programme_id("pg"), operator_id("op-fpg"), "Президентские гранты",
                     programme_kind::presidential_grants});
    ds.add(programme{programme_id("gi"), operator_id("op-ugra"), "Гранты Губернатора для физлиц",
                     programme_kind::governor_individual});
    ds.add(programme{programme_id("misc"), operator_id(), "", programme_kind::other});

    competition c1;
    c1.id = competition_id("pg-2020-2");
    c1.programme = programme_id("pg");
    c1.year = 2020;
    c1.round = 2;
    c1.window = {date(2020, 3, 2), date(2020, 4, 15)};
    c1.directions = {"Сохранение исторической памяти", "Поддержка семьи, материнства, отцовства и детства"};
    c1.name = "Второй конкурс 2020 года";
    ds.add(c1);
    competition c2;
    c2.id = competition_id("gi-2020");
    c2.programme = programme_id("gi");
    c2.year = 2020;
    ds.add(c2);

    application a1;
    a1.id = application_id("a1");
    a1.competition = competition_id("pg-2020-2");
    a1.applicant_type = applicant_kind::organization;
    a1.applicant = "rc";
    a1.title = "Память, \"которую\" мы храним";
    a1.direction = "Сохранение исторической памяти";
    a1.requested = rub("1234567.89");
    a1.cofunding = rub("100000.05");
    a1.submitted = date(2020, 4, 1);
    a1.status = application_status::winner;
    a1.awarded = rub("999999.99");
    a1.implementation = {date(2020, 7, 1), date(2021, 6, 30)};
    a1.decided = date(2020, 6, 15);
    a1.rate = 87.35;
    ds.add(a1);
    application a2;
    a2.id = application_id("a2");
    a2.competition = competition_id("gi-2020");
    a2.applicant_type = applicant_kind::person;
    a2.applicant = "p1";
    a2.title = "Двор\nнашего дома";
    a2.requested = rub("250000");
    a2.status = application_status::rejected;
    ds.add(a2);
    application a3;
    a3.id = application_id("a3");
    a3.competition = competition_id("pg-2020-2");
    a3.applicant = "shop";
    a3.status = application_status::withdrawn;
    a3.requested = rub("0.01");
    ds.add(a3);

    course k1;
    k1.id = course_id("k1");
    k1.title = "Социальное проектирование в НКО";
    k1.topic = "project design";
    k1.format = course_format::distance;
    k1.hours = 72;
    k1.organiser = organization_id("rc");
    k1.partner = organization_id("fpg");
    k1.dates = {date(2020, 10, 1), date(2020, 11, 30)};
    ds.add(k1);
    course k2;
    k2.id = course_id("k2");
    k2.title = "Отчетность некоммерческой организации";
    k2.format = course_format::mixed;
    ds.add(k2);

    ds.add(enrolment{course_id("k1"), organization_id("rc"), person_id(), 26, true});
    ds.add(enrolment{course_id("k2"), organization_id(), person_id("p1"), 1, false});
    ds.add(enrolment{course_id("k1"), organization_id("shop"), person_id("p2"), 3, true});

    ds.add(collegial_body{body_id("b1"), "Общественный совет при Администрации города",
                          body_kind::public_council, "Администрация города Ханты-Мансийска",
                          municipality_id("khm")});
    ds.add(collegial_body{body_id("chamber"), "Общественная палата", body_kind::public_chamber, "",
                          municipality_id()});

    ds.add(membership_term{body_id("chamber"), {date(2020, 6, 1), date(2023, 5, 31)}, 27,
                           "сформирована из лидеров общественного мнения"});
    ds.add(membership_term{body_id("b1"), {}, 0, ""});

    meeting m1{meeting_id("m1"), body_id("b1"), date(2020, 2, 20), meeting_format::in_person};
    m1.attendance = 11;
    ds.add(m1);
    ds.add(meeting{meeting_id("m2"), body_id("chamber"), date(2020, 5, 14), meeting_format::remote});

    ds.add(agenda_question{agenda_question_id("q1"), meeting_id("m1"),
                           "О бюджете; \"городской\" план, 2021", "budget"});
    ds.add(agenda_question{agenda_question_id("q2"), meeting_id("m2"), "", ""});

    ds.add(support_service{service_id("s1"), organization_id("rc"), applicant_kind::organization, "shop",
                           support_kind::consulting, date(2020, 10, 5), "консультация по заявке"});
    ds.add(support_service{service_id("s2"), organization_id(), applicant_kind::person, "p1",
                           support_kind::grants_help, date(2020, 11, 11), ""});

    ds.add(monitoring_record{application_id("a1"), date(2020, 12, 1), 8.5, "in_progress", "ок"});
    ds.add(monitoring_record{application_id("a1"), date(2021, 6, 30), std::nullopt, "completed", ""});

    ds.set_indicator(indicator{"councils.public_councils", 2020, "", "", 13, qualifier::exact, "count", "отчёт"});
    ds.set_indicator(indicator{"ngo.registered", 2020, "khm", "", 300, qualifier::more_than, "count", ""});
    ds.set_indicator(indicator{"grants.funds_attracted", 2020, "khm", "", 30e6, qualifier::more_than, "RUB", ""});
    ds.set_indicator(indicator{"training.participants", 2020, "khm", "Социальное проектирование в НКО", 26,
                               qualifier::exact, "count", ""});
    // Values with no short decimal form must still come back bit for bit.
    ds.set_indicator(indicator{"custom.ratio", 2020, "", "a", 0.1 + 0.2, qualifier::about, "share", ""});
    ds.set_indicator(indicator{"custom.ratio", 2020, "", "b", 1.0 / 3.0, qualifier::at_least, "share", ""});
    ds.set_indicator(indicator{"custom.ratio", 2020, "", "c", 5e-324, qualifier::exact, "share", ""});
    ds.set_indicator(indicator{"custom.ratio", 2020, "", "d", -1.7976931348623157e308, qualifier::exact, "share", ""});
    return ds;
}

/// The applications.csv of a small folder whose line `bad_line` has `bad_awarded` as awarded;
/// every other line is a good application.
void write_application_folder(const fs::path& dir, int bad_line, const std::string& bad_awarded) {
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "organizations.csv", "id,full_name\no1,Фонд\n");
    write_file(dir / "programmes.csv", "id,name,kind\npr,Гранты,governor_ngo\n");
    write_file(dir / "competitions.csv", "id,programme,year\nc1,pr,2020\n");
    std::string apps = "id,competition,applicant,requested,status,awarded\n";
    for (int line = 2; line <= bad_line + 2; ++line) {
        const std::string awarded = line == bad_line ? bad_awarded : "100.50";
        apps += "a" + std::to_string(line) + ",c1,o1,200,winner," + awarded + "\n";
    }
    write_file(dir / "applications.csv", apps);
}

}  // namespace

// ------------------------------------------------------------------ round trip

TEST(dataset_folder, writes_and_reads_back_every_table_and_field) {
    const civica::dataset ds = full_dataset();
    const fs::path dir = scratch("roundtrip") / "out";
    civica::io::write_dataset_folder(ds, dir);
    const civica::dataset back = civica::io::read_dataset_folder(dir);
    EXPECT_TRUE(back == ds);
    EXPECT_EQ(back.total_rows(), ds.total_rows());
    EXPECT_EQ(back.info(), ds.info());
    ASSERT_EQ(back.indicators().size(), ds.indicators().size());
    for (std::size_t i = 0; i < ds.indicators().size(); ++i)
        EXPECT_EQ(std::bit_cast<std::uint64_t>(back.indicators()[i].value),
                  std::bit_cast<std::uint64_t>(ds.indicators()[i].value))
            << ds.indicators()[i].breakdown;
    // Spot checks of the row views (equality alone would also pass if both sides were empty).
    EXPECT_EQ(back.application_at(0).awarded, money::from_kopecks(99999999));
    EXPECT_EQ(back.application_at(0).requested, money::from_kopecks(123456789));
    EXPECT_EQ(back.application_at(1).title, "Двор\nнашего дома");
    EXPECT_FALSE(back.application_at(1).awarded.has_value());
    EXPECT_EQ(back.get(civica::organization_id("rc")).spheres.size(), 3u);
    EXPECT_FALSE(back.get(civica::organization_id("shop")).nonprofit);
    EXPECT_EQ(back.monitoring()[1].score, std::nullopt);
}

TEST(dataset_folder, writes_cells_as_the_format_document_says) {
    const fs::path dir = scratch("cells") / "out";
    civica::io::write_dataset_folder(full_dataset(), dir);
    const auto apps = civica::text::parse_csv(read_file(dir / "applications.csv"));
    // The header is the column list of docs/dataset-format.md, in its order.
    EXPECT_EQ(apps[0], (std::vector<std::string>{"id", "competition", "applicant_type", "applicant", "title",
                                                 "direction", "requested", "cofunding", "submitted", "status",
                                                 "awarded", "implementation_start", "implementation_end",
                                                 "decided", "rate"}));
    const std::string text = read_file(dir / "applications.csv");
    EXPECT_NE(text.find("a1,pg-2020-2,organization,rc,\"Память, \"\"которую\"\" мы храним\","
                        "Сохранение исторической памяти,1234567.89,100000.05,2020-04-01,winner,999999.99,"
                        "2020-07-01,2021-06-30,2020-06-15,87.35\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("a2,gi-2020,person,p1,\"Двор\nнашего дома\",,250000.00,0.00,,rejected,,,,,\n"),
              std::string::npos)
        << text;
    const std::string munis = read_file(dir / "municipalities.csv");
    EXPECT_NE(munis.find("khm,Ханты-Мансийск,Ханты-Мансийска,Ханты-Мансийске,Khanty-Mansiysk,71871000,"
                         "Ханты-Мансийский автономный округ – Югра,"
                         "2010:79410|2020:103000\n"),
              std::string::npos)
        << munis;
    const std::string orgs = read_file(dir / "organizations.csv");
    EXPECT_NE(orgs.find(",culture|sport|civil_society,true,false,true,true,true\n"), std::string::npos)
        << orgs;
    EXPECT_NE(orgs.find("shop,ООО Магазин,,,,,,,,,false,false,false,false,false\n"), std::string::npos) << orgs;
    const std::string inds = read_file(dir / "indicators.csv");
    EXPECT_NE(inds.find("custom.ratio,2020,,a,0.30000000000000004,about,share,\n"), std::string::npos) << inds;
    EXPECT_NE(inds.find("grants.funds_attracted,2020,khm,,30000000,more_than,RUB,\n"), std::string::npos) << inds;
    // Empty tables get no file.
    civica::dataset only_info;
    only_info.info().name = "empty";
    const fs::path empty = scratch("cells_empty") / "out";
    civica::io::write_dataset_folder(only_info, empty);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(empty)) ++files;
    EXPECT_EQ(files, 1u);
    EXPECT_TRUE(civica::io::read_dataset_folder(empty) == only_info);
}

TEST(dataset_folder, reads_a_hand_written_folder) {
    const auto ds = civica::io::read_dataset_folder(fs::path(CIVICA_TEST_DATA_DIR) / "folder" / "small");
    EXPECT_EQ(ds.info().name, "small");
    EXPECT_EQ(ds.info().title, "Малый тестовый набор");
    EXPECT_TRUE(ds.info().synthetic);
    EXPECT_TRUE(ds.info().description.empty());
    // municipalities.csv has a BOM, CRLF and its columns in another order.
    ASSERT_EQ(ds.municipalities().size(), 2u);
    const auto& khm = ds.get(civica::municipality_id("khm"));
    EXPECT_EQ(khm.name, "Ханты-Мансийск");
    EXPECT_EQ(khm.oktmo, "71871000");
    EXPECT_EQ(khm.population.at(2010), 79410);
    EXPECT_EQ(khm.population.at(2020), 103000);
    EXPECT_EQ(ds.get(civica::municipality_id("srg")).name, "Сургут, город");
    // Missing columns take the model's defaults; booleans in any case.
    const auto& rc = ds.get(civica::organization_id("rc"));
    EXPECT_EQ(rc.full_name, "АНО \"Ресурсный центр, Югра\"");
    EXPECT_EQ(rc.okopf, 71400);
    EXPECT_TRUE(rc.nonprofit);  // empty cell: the default
    EXPECT_TRUE(rc.socially_oriented);
    EXPECT_FALSE(rc.tos);
    EXPECT_EQ(rc.spheres, (std::vector<std::string>{"consulting", "education"}));
    EXPECT_TRUE(ds.get(civica::organization_id("fpg")).socially_oriented);  // "TRUE"
    EXPECT_EQ(ds.get(civica::organization_id("fpg")).registered, date(2017, 4, 5));
    EXPECT_FALSE(ds.get(civica::organization_id("shop")).nonprofit);
    EXPECT_EQ(ds.get(civica::competition_id("gi-2020")).round, 1);
    EXPECT_EQ(ds.get(civica::competition_id("pg-2020-2")).directions.size(), 2u);
    ASSERT_EQ(ds.applications().size(), 2u);
    const auto a1 = ds.application_at(0);
    EXPECT_EQ(a1.title, "Память, \"которую\" мы храним\n(вторая строка)");
    EXPECT_EQ(a1.applicant_type, civica::applicant_kind::organization);
    EXPECT_EQ(a1.requested, money::from_kopecks(123456780));
    EXPECT_EQ(a1.cofunding, money::from_kopecks(10000000));
    EXPECT_EQ(a1.awarded, money::from_kopecks(100000005));
    EXPECT_EQ(a1.implementation.end, date(2021, 6, 30));
    const auto a2 = ds.application_at(1);
    EXPECT_EQ(a2.cofunding, money());
    EXPECT_FALSE(a2.awarded);
    EXPECT_TRUE(a2.implementation.start.is_not_a_date());
    ASSERT_EQ(ds.indicators().size(), 2u);
    EXPECT_EQ(ds.indicators()[0].qual, civica::qualifier::more_than);
    EXPECT_EQ(ds.indicators()[1].value, 3'700'000.0);
    EXPECT_EQ(ds.indicators()[1].unit, "RUB");  // from the key's default unit
}

TEST(dataset_folder, reads_the_bundled_khanty_mansiysk_figures) {
    const auto names = civica::io::bundled_dataset_names(CIVICA_DATA_DIR);
    if (std::find(names.begin(), names.end(), "khanty-mansiysk-2020") == names.end())
        GTEST_SKIP() << "bundled dataset not present";
    const auto ds = civica::io::load_dataset("khanty-mansiysk-2020", CIVICA_DATA_DIR);
    // DOMAIN.md section 1, facts 4 and 11: 59 meetings; more than 300 NGOs.
    const auto& meetings = ds.get_indicator("councils.meetings", 2020);
    EXPECT_EQ(meetings.value, 59);
    const auto& ngos = ds.get_indicator("ngo.registered", 2020);
    EXPECT_EQ(ngos.value, 300);
    EXPECT_EQ(ngos.qual, civica::qualifier::more_than);
}

// ------------------------------------------------------------------ writing safely

TEST(dataset_folder, replaces_an_existing_dataset_folder_and_keeps_other_files) {
    const fs::path dir = scratch("overwrite") / "out";
    civica::dataset first = full_dataset();
    civica::io::write_dataset_folder(first, dir);
    write_file(dir / "README.md", "notes");
    civica::dataset second;
    second.info().name = "second";
    second.set_indicator(civica::indicator{"councils.meetings", 2021, "", "", 60, civica::qualifier::exact, "", ""});
    civica::io::write_dataset_folder(second, dir);
    EXPECT_TRUE(civica::io::read_dataset_folder(dir) == second);
    EXPECT_EQ(read_file(dir / "README.md"), "notes");
    EXPECT_FALSE(fs::exists(dir / "applications.csv"));  // the old table is gone
    // No temporary folders are left beside it.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.parent_path())) ++entries;
    EXPECT_EQ(entries, 1u);
}

TEST(dataset_folder, replaces_the_tables_of_the_parquet_form_too_and_keeps_a_users_own_csv) {
    // A folder that held a dataset as Parquet tables kept them beside the new CSV tables, and
    // a reader guessing the form read the old data back.
    const fs::path dir = scratch("over_parquet") / "out";
    civica::io::write_dataset_folder(full_dataset(), dir);
    write_file(dir / "applications.parquet", "PAR1 old table");
    write_file(dir / "municipalities.parquet", "PAR1 old table");
    write_file(dir / "my_notes.csv", "note\n");
    write_file(dir / "applications.parquet.txt", "kept");
    civica::io::write_dataset_folder(full_dataset(), dir);
    EXPECT_FALSE(fs::exists(dir / "applications.parquet"));
    EXPECT_FALSE(fs::exists(dir / "municipalities.parquet"));
    EXPECT_EQ(read_file(dir / "my_notes.csv"), "note\n");
    EXPECT_EQ(read_file(dir / "applications.parquet.txt"), "kept");
    EXPECT_TRUE(civica::io::read_dataset_folder(dir) == full_dataset());
    EXPECT_TRUE(civica::io::is_dataset_folder_file("indicators.parquet"));
    EXPECT_TRUE(civica::io::is_dataset_folder_file("manifest.json"));
    EXPECT_FALSE(civica::io::is_dataset_folder_file("indicators.json"));
    EXPECT_FALSE(civica::io::is_dataset_folder_file("README.md"));
}

TEST(dataset_folder, leaves_the_previous_folder_intact_when_a_write_fails) {
    const fs::path dir = scratch("failed_write") / "out";
    const civica::dataset good = full_dataset();
    civica::io::write_dataset_folder(good, dir);
    // The dataset's info is free text of a program's own (dataset::info()): bytes that are not
    // UTF-8 are refused by the manifest, which names the field.
    civica::dataset odd = good;
    odd.info().source = "Excel \xC0\xC1";
    try {
        civica::io::write_dataset_folder(odd, dir);
        FAIL() << "a source that is not UTF-8 was written";
    } catch (const civica::validation_error& e) {
        EXPECT_STREQ(e.what(), "manifest.json: the dataset's source is not UTF-8 (at byte 6)");
    }
    EXPECT_TRUE(civica::io::read_dataset_folder(dir) == good);
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.parent_path())) ++entries;
    EXPECT_EQ(entries, 1u);
}

// A list's files join its items with '|': an item holding '|', or an empty one, would read back
// as other items. The model refuses such an item when it is added, so that no format is left
// holding what the others cannot write (SQLite and the store took "a|b"; the folder, JSON and
// Parquet writers refused it).
TEST(dataset_folder, a_list_item_the_files_cannot_hold_is_refused_when_it_is_added) {
    civica::dataset ds;
    ds.add(civica::programme{civica::programme_id("p"), civica::operator_id(), "P", civica::programme_kind::other});
    civica::competition c;
    c.id = civica::competition_id("c");
    c.programme = civica::programme_id("p");
    c.year = 2020;
    for (const auto& items : {std::vector<std::string>{"a|b"}, std::vector<std::string>{"a", ""}}) {
        c.directions = items;
        try {
            ds.add(c);
            FAIL() << "the list item was taken";
        } catch (const civica::validation_error& e) {
            EXPECT_EQ(e.check(), "bad_value");
            EXPECT_EQ(e.field(), "directions");
            EXPECT_NE(std::string(e.what()).find(items[0] == "a" ? "a list item is empty" : "\"a|b\" contains '|'"),
                      std::string::npos)
                << e.what();
        }
    }
    EXPECT_EQ(ds.competitions().size(), 0u);
    c.directions = {"a", "b"};
    ds.add(c);
    EXPECT_EQ(civica::io::read_dataset_folder([&] {
                  const fs::path dir = scratch("list_items") / "out";
                  civica::io::write_dataset_folder(ds, dir);
                  return dir;
              }()).competitions().rows().front().directions,
              (std::vector<std::string>{"a", "b"}));
}

// A text longer than the CSV reader takes (input_limits::max_field_bytes, 16 MiB by default)
// was written, and the folder (and a pickle, which is its files) could not be read back.
TEST(dataset_folder, a_field_longer_than_the_reader_takes_is_refused_by_the_writer) {
    const fs::path dir = scratch("long_field") / "out";
    const civica::dataset good = full_dataset();
    civica::io::write_dataset_folder(good, dir);
    civica::dataset big = good;
    big.add(civica::person{civica::person_id("p-long"), civica::municipality_id(), std::string(300, 'x')});
    {
        civica::text::scoped_limits tight({.max_field_bytes = 256});
        try {
            civica::io::write_dataset_folder(big, dir);
            FAIL() << "a field of 300 bytes was written under a cap of 256";
        } catch (const civica::validation_error& e) {
            EXPECT_NE(std::string(e.what()).find("persons.csv, record \"p-long\": a field of 300 bytes, longer than the 256"),
                      std::string::npos) << e.what();
        }
        EXPECT_TRUE(civica::io::read_dataset_folder(dir) == good);
    }
    civica::text::scoped_limits roomy({.max_field_bytes = 300});  // exactly the cap: written and read back
    civica::io::write_dataset_folder(big, dir);
    EXPECT_TRUE(civica::io::read_dataset_folder(dir) == big);
    // The reader counts a quoted field with its quotes doubled: 290 bytes holding 10 quotes are
    // 300 written, which the cap takes, and 291 with 10 quotes are 301, which it does not.
    for (const std::size_t letters : {280u, 281u}) {
        civica::dataset quoted = good;
        quoted.add(civica::person{civica::person_id("p-quoted"), civica::municipality_id(),
                                  std::string(letters, 'x') + std::string(10, '"')});
        if (letters == 280) {
            civica::io::write_dataset_folder(quoted, dir);
            EXPECT_TRUE(civica::io::read_dataset_folder(dir) == quoted);
        } else {
            EXPECT_THROW(civica::io::write_dataset_folder(quoted, dir), civica::validation_error);
        }
    }
}

TEST(dataset_folder, a_number_it_could_not_read_back_never_reaches_the_writer) {
    // An infinite figure is refused by the dataset itself (it was let in and refused only here,
    // by the writer); the dataset written holds what it held before.
    civica::dataset ds;
    EXPECT_THROW(ds.set_indicator(civica::indicator{"custom.x", 2020, "", "", HUGE_VAL, civica::qualifier::exact, "", ""}),
                 civica::validation_error);
    const fs::path dir = scratch("infinite") / "out";
    civica::io::write_dataset_folder(ds, dir);
    EXPECT_TRUE(civica::io::read_dataset_folder(dir) == ds);
}

TEST(dataset_folder, refuses_to_replace_a_folder_that_is_not_a_dataset) {
    const fs::path dir = scratch("not_dataset");
    write_file(dir / "thesis.txt", "precious");
    EXPECT_THROW(civica::io::write_dataset_folder(full_dataset(), dir), civica::io_error);
    EXPECT_EQ(read_file(dir / "thesis.txt"), "precious");
    // An empty folder is fine.
    const fs::path empty = scratch("empty_target");
    civica::io::write_dataset_folder(full_dataset(), empty);
    EXPECT_TRUE(fs::exists(empty / "manifest.json"));
}

// ------------------------------------------------------------------ located errors

TEST(dataset_folder, names_file_line_and_column_of_a_bad_amount) {
    const fs::path dir = scratch("bad_amount");
    write_application_folder(dir, 17, "\"12,5\"");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "applications.csv");
    EXPECT_EQ(e.line(), 17u);
    EXPECT_EQ(e.field(), "awarded");
    const std::string what = e.what();
    EXPECT_NE(what.find("applications.csv:17"), std::string::npos) << what;
    EXPECT_NE(what.find("column \"awarded\""), std::string::npos) << what;
    EXPECT_NE(what.find("12,5"), std::string::npos) << what;
    EXPECT_NE(what.find("not an amount"), std::string::npos) << what;
}

TEST(dataset_folder, names_a_reference_to_a_missing_competition) {
    const fs::path dir = scratch("missing_competition");
    write_application_folder(dir, 100, "");
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested\na1,c1,o1,10\na2,c-404,o1,10\n");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "applications.csv");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.field(), "competition");
    EXPECT_NE(std::string(e.what()).find("c-404"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("competitions.csv"), std::string::npos) << e.what();
}

TEST(dataset_folder, names_a_duplicate_id) {
    const fs::path dir = scratch("duplicate");
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "organizations.csv", "id,full_name\no1,Один\no2,Два\no1,Три\n");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "organizations.csv");
    EXPECT_EQ(e.line(), 4u);
    EXPECT_EQ(e.field(), "id");
    EXPECT_NE(std::string(e.what()).find("duplicate"), std::string::npos);
}

TEST(dataset_folder, refuses_an_unknown_column) {
    const fs::path dir = scratch("unknown_column");
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "persons.csv", "id,municipality,name\np1,,Иван\n");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "persons.csv");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.field(), "name");
    EXPECT_NE(std::string(e.what()).find("display_name"), std::string::npos)
        << "the message should list the real columns: " << e.what();
}

TEST(dataset_folder, refuses_a_missing_required_column) {
    const fs::path dir = scratch("missing_column");
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "meetings.csv", "id,body\nm1,b1\n");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "meetings.csv");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.field(), "date");
}

TEST(dataset_folder, refuses_a_newer_format_version) {
    const fs::path dir = scratch("newer");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 2})");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "manifest.json");
    const std::string what = e.what();
    EXPECT_NE(what.find("version 2"), std::string::npos) << what;
    EXPECT_NE(what.find("newer"), std::string::npos) << what;
}

TEST(dataset_folder, refuses_a_folder_without_a_manifest_or_with_another_format) {
    const fs::path dir = scratch("no_manifest");
    write_file(dir / "persons.csv", "id\np1\n");
    EXPECT_EQ(read_error(dir).file(), "manifest.json");
    write_file(dir / "manifest.json", R"({"format": "frictionless", "version": 1})");
    EXPECT_EQ(read_error(dir).field(), "format");
    write_file(dir / "manifest.json", R"({"format": "civica-dataset", "version": 1, "synthetic": "yes"})");
    EXPECT_EQ(read_error(dir).field(), "synthetic");
    write_file(dir / "manifest.json", "{\n  \"format\": \"civica-dataset\",\n  \"version\": 1,,\n}\n");
    EXPECT_EQ(read_error(dir).line(), 3u) << read_error(dir).what();
    EXPECT_THROW(civica::io::read_dataset_folder(scratch("nowhere") / "missing"), civica::io_error);
}

TEST(dataset_folder, locates_bad_values_of_every_kind) {
    struct bad_case {
        const char* file;
        const char* text;
        std::size_t line;
        const char* field;
    };
    const bad_case cases[] = {
        {"municipalities.csv", "id,population\nm1,2010:79410\nm2,2010=5\n", 3, "population"},
        {"municipalities.csv", "id,oktmo\nm1,7187\n", 2, "oktmo"},
        {"organizations.csv", "id,full_name,registered\no1,A,2021-02-30\n", 2, "registered"},
        {"organizations.csv", "id,full_name,tos\no1,A,yes\n", 2, "tos"},
        {"organizations.csv", "id,full_name,inn\no1,A,1234567895\n", 2, "inn"},
        {"organizations.csv", "id,full_name,spheres\no1,A,culture||sport\n", 2, "spheres"},
        {"organizations.csv", "id,full_name,spheres\no1,A,culture\no2,B,sport|culure\n", 3, "spheres"},
        {"organizations.csv", "id,full_name,okopf\no1,A,7140O\n", 2, "okopf"},
        {"organizations.csv", "id,short_name\no1,\n", 2, "short_name"},
        {"programmes.csv", "id,kind\np1,presidential\n", 2, "kind"},
        {"persons.csv", "id,municipality\np1,nowhere\n", 2, "municipality"},
        {"indicators.csv", "key,year,value\nngo.registered,2020,более 300\n", 2, "value"},
        {"indicators.csv", "key,year,value\nngo.registered,,300\n", 2, "year"},
        {"indicators.csv", "key,year,value,qualifier\nngo.registered,2020,300,over\n", 2, "qualifier"},
    };
    for (const auto& c : cases) {
        const fs::path dir = scratch("bad_value");
        write_file(dir / "manifest.json", manifest_v1);
        write_file(dir / c.file, c.text);
        const auto e = read_error(dir);
        EXPECT_EQ(e.file(), c.file) << c.text;
        EXPECT_EQ(e.line(), c.line) << c.text;
        EXPECT_EQ(e.field(), c.field) << c.text << " -> " << e.what();
    }
}

TEST(dataset_folder, refuses_model_rule_breaks_with_their_line) {
    const fs::path dir = scratch("rules");
    write_application_folder(dir, 100, "");
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested,status,awarded,implementation_start,implementation_end\n"
               "a1,c1,o1,10,rejected,5,,\n");
    auto e = read_error(dir);
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.field(), "awarded");
    EXPECT_NE(std::string(e.what()).find("only winners"), std::string::npos) << e.what();
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested,status,awarded,implementation_start,implementation_end\n"
               "a1,c1,o1,10,winner,5,2021-01-01,2020-12-31\n");
    e = read_error(dir);
    EXPECT_EQ(e.field(), "implementation_end");
    write_file(dir / "applications.csv", "id,competition,applicant,requested\na1,c1,o1,-10\n");
    e = read_error(dir);
    EXPECT_EQ(e.field(), "requested");
    EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
}

TEST(dataset_folder, reports_csv_syntax_errors_with_the_file_name) {
    const fs::path dir = scratch("syntax");
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "persons.csv", "id,display_name\np1,\"open\np2,x\n");
    const auto e = read_error(dir);
    EXPECT_EQ(e.file(), "persons.csv");
    EXPECT_EQ(e.line(), 2u);
    write_file(dir / "persons.csv", "id,display_name\np1,a,b\n");
    EXPECT_EQ(read_error(dir).line(), 2u);
}

// ------------------------------------------------------------------ bundled look-up

TEST(bundled_datasets, lists_folders_with_a_manifest_in_order) {
    const fs::path data = scratch("data_dir");
    fs::create_directories(data / "datasets" / "zeta");
    fs::create_directories(data / "datasets" / "alpha");
    fs::create_directories(data / "datasets" / "no-manifest");
    write_file(data / "datasets" / "zeta" / "manifest.json", manifest_v1);
    write_file(data / "datasets" / "alpha" / "manifest.json", manifest_v1);
    EXPECT_EQ(civica::io::bundled_dataset_names(data), (std::vector<std::string>{"alpha", "zeta"}));
    EXPECT_TRUE(civica::io::bundled_dataset_names(scratch("nothing")).empty());
}

TEST(bundled_datasets, loads_by_name_or_path_and_lists_names_when_unknown) {
    const fs::path data = scratch("data_dir2");
    civica::dataset ds = full_dataset();
    civica::io::write_dataset_folder(ds, data / "datasets" / "city");
    EXPECT_TRUE(civica::io::load_dataset("city", data) == ds);
    EXPECT_TRUE(civica::io::load_dataset((data / "datasets" / "city").string(), data) == ds);
    try {
        civica::io::load_dataset("ctiy", data);
        FAIL() << "no error";
    } catch (const civica::not_found_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("ctiy"), std::string::npos) << what;
        EXPECT_NE(what.find("city"), std::string::npos) << what;
    }
    EXPECT_THROW(civica::io::load_dataset("./no/such/folder", data), civica::not_found_error);
}

TEST(bundled_datasets, take_the_data_folder_from_the_environment_first) {
    const char* old = std::getenv("CIVICA_DATA_DIR");
    const std::string saved = old ? old : "";
    ::setenv("CIVICA_DATA_DIR", "/somewhere/else", 1);
    EXPECT_EQ(civica::text::default_data_dir(), fs::path("/somewhere/else"));
    ::unsetenv("CIVICA_DATA_DIR");
    EXPECT_EQ(civica::text::default_data_dir(), fs::path(CIVICA_DATA_DIR));
    if (old) ::setenv("CIVICA_DATA_DIR", saved.c_str(), 1);
}

// ------------------------------------------------------------------ dialects (table_read_options)

namespace {

civica::parse_error read_error(const fs::path& folder, const civica::io::table_read_options& opt) {
    try {
        civica::io::read_dataset_folder(folder, opt);
    } catch (const civica::parse_error& e) {
        return e;
    }
    ADD_FAILURE() << "no parse_error reading " << folder;
    return civica::parse_error("none");
}

/// operators, programmes, competitions and organisations for applications to refer to.
void write_grant_tables(const fs::path& dir, char sep = ',') {
    const std::string s(1, sep);
    write_file(dir / "organizations.csv", "id" + s + "full_name\no1" + s + "Фонд\no2" + s + "Клуб\n");
    write_file(dir / "programmes.csv", "id" + s + "name" + s + "kind\npr" + s + "Гранты" + s + "governor_ngo\n");
    write_file(dir / "competitions.csv", "id" + s + "programme" + s + "year\nc1" + s + "pr" + s + "2020\n");
}

}  // namespace

TEST(dataset_folder_dialects, a_csv_with_a_broken_line_17_reports_line_17) {
    const fs::path dir = scratch("line17");
    write_file(dir / "manifest.json", manifest_v1);
    write_grant_tables(dir);
    // Lines 2..25 are applications a2..a25; line 17 gets one field too many.
    auto apps = [](const std::string& line17) {
        std::string t = "id,competition,applicant,title,requested\n";
        for (int line = 2; line <= 25; ++line)
            t += line == 17 ? line17 + "\n" : "a" + std::to_string(line) + ",c1,o1,Проект,1000.00\n";
        return t;
    };
    write_file(dir / "applications.csv", apps("a17,c1,o1,Проект, с запятой,1000.00"));
    for (int variant = 0; variant < 2; ++variant) {
        const auto e = variant == 0 ? read_error(dir) : read_error(dir, civica::io::table_read_options{});
        EXPECT_EQ(e.line(), 17u) << e.what();
        EXPECT_EQ(e.file(), "applications.csv");
        EXPECT_NE(std::string(e.what()).find("applications.csv:17"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("a value holding a comma must be in double quotes"), std::string::npos)
            << e.what();
    }
    // A ';'- or tab-separated file (Russian Excel's) with a value holding its separator: the
    // hint names that separator, not the comma.
    for (const auto& [sep, name] : {std::pair{';', "a semicolon"}, std::pair{'\t', "a tab"}}) {
        const fs::path other = scratch(sep == ';' ? "line17-semicolon" : "line17-tab");
        const std::string s(1, sep);
        write_file(other / "manifest.json", manifest_v1);
        write_grant_tables(other, sep);
        std::string t = "id" + s + "competition" + s + "applicant" + s + "title\n";
        for (int line = 2; line <= 25; ++line)
            t += "a" + std::to_string(line) + s + "c1" + s + "o1" + s + (line == 17 ? "Проект" + s + " да" : "Проект") + "\n";
        write_file(other / "applications.csv", t);
        const auto e = read_error(other, civica::io::table_read_options{});
        EXPECT_EQ(e.line(), 17u) << e.what();
        EXPECT_NE(std::string(e.what()).find(std::string("a value holding ") + name + " must be in double quotes"),
                  std::string::npos) << e.what();
    }
    // An unterminated quote opened on line 17 (the reader reaches the end of the file).
    write_file(dir / "applications.csv", apps("a17,c1,o1,\"Проект без конца,1000.00"));
    for (int variant = 0; variant < 2; ++variant) {
        const auto e = variant == 0 ? read_error(dir) : read_error(dir, civica::io::table_read_options{});
        EXPECT_EQ(e.line(), 17u) << e.what();
        EXPECT_NE(std::string(e.what()).find("applications.csv"), std::string::npos) << e.what();
    }
    // The same from a Windows-1251 file: converted in memory, still line 17.
    std::string cp;
    for (int line = 2; line <= 25; ++line)
        cp += line == 17 ? "a17,c1,o1,\xCF\xF0\xEE\xE5\xEA\xF2, x,1000.00\n"  // "Проект, x"
                         : "a" + std::to_string(line) + ",c1,o1,\xCF\xF0\xEE\xE5\xEA\xF2,1000.00\n";
    write_file(dir / "applications.csv", "id,competition,applicant,title,requested\n" + cp);
    const auto e = read_error(dir, civica::io::table_read_options{});
    EXPECT_EQ(e.line(), 17u) << e.what();
    EXPECT_EQ(e.file(), "applications.csv");
}

TEST(dataset_folder_dialects, a_windows1251_file_with_russian_names_reads_correctly) {
    const fs::path dir = fs::path(CIVICA_TEST_DATA_DIR) / "dialects" / "windows1251";
    // The fixture is not UTF-8 (its README says how it was made).
    ASSERT_EQ(civica::text::detect_encoding(read_file(dir / "organizations.csv")),
              civica::text::text_encoding::windows1251);
    for (auto enc : {civica::text::text_encoding::automatic, civica::text::text_encoding::windows1251}) {
        civica::io::table_read_options opt;
        opt.encoding = enc;
        const auto ds = civica::io::read_dataset_folder(dir, opt);
        ASSERT_EQ(ds.organizations().size(), 3u);
        const auto o1 = ds.get(civica::organization_id("o1"));
        EXPECT_EQ(o1.full_name, "Автономная некоммерческая организация «Ресурсный центр \"Ёлка\"»");
        EXPECT_EQ(o1.short_name, "АНО «Ёлка»");
        EXPECT_EQ(o1.spheres, (std::vector<std::string>{"education", "culture"}));
        EXPECT_EQ(ds.get(civica::organization_id("o2")).full_name,
                  "Региональная общественная организация № 5 – «Память»");
        EXPECT_EQ(ds.get(civica::organization_id("o3")).full_name,
                  "Фонд «Счастливое детство» — ёлки и ярмарки");
        EXPECT_EQ(ds.get(civica::municipality_id("khm")).region, "Ханты-Мансийский автономный округ – Югра");
        EXPECT_EQ(ds.info().name, "windows1251-fixture");
    }
    // Declared UTF-8, the same bytes are refused with a hint.
    civica::io::table_read_options utf8;
    utf8.encoding = civica::text::text_encoding::utf8;
    const auto e = read_error(dir, utf8);
    EXPECT_EQ(e.file(), "municipalities.csv");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(std::string(e.what()).find("civica --encoding windows-1251, encoding=\"windows-1251\" in Python"),
              std::string::npos) << e.what();
    // A NUL byte is in no Windows-1251 text either: no such hint for it.
    const fs::path nul = scratch("nul-utf8");
    write_file(nul / "manifest.json", manifest_v1);
    write_file(nul / "municipalities.csv", std::string("id,name\nm1,Сургут\0\n", 25));
    const auto n = read_error(nul, utf8);
    EXPECT_EQ(n.line(), 2u) << n.what();
    EXPECT_NE(std::string(n.what()).find("a NUL byte"), std::string::npos) << n.what();
    EXPECT_EQ(std::string(n.what()).find("Windows-1251"), std::string::npos) << n.what();
    // The native reader stays strict: UTF-8 and ',' only.
    EXPECT_THROW(civica::io::read_dataset_folder(dir), civica::parse_error);
}

// A table saved as "Unicode text" (UTF-16 with its byte-order mark) is said to be UTF-16, with
// every option: it read as Windows-1251 and failed on "a NUL byte (the file is binary…)".
TEST(dataset_folder_dialects, a_utf16_table_is_named_utf16) {
    const fs::path dir = scratch("utf16");
    write_file(dir / "manifest.json", manifest_v1);
    std::string wide = "\xFF\xFE";
    for (const char c : std::string("id,name\nm1,Surgut\n")) wide += std::string{c, '\0'};
    write_file(dir / "municipalities.csv", wide);
    for (auto enc : {civica::text::text_encoding::automatic, civica::text::text_encoding::windows1251,
                     civica::text::text_encoding::utf8}) {
        civica::io::table_read_options opt;
        opt.encoding = enc;
        const auto e = read_error(dir, opt);
        EXPECT_EQ(e.file(), "municipalities.csv");
        EXPECT_NE(std::string(e.what()).find("UTF-16 (little-endian)"), std::string::npos) << e.what();
    }
    try {
        (void)civica::io::read_dataset_folder(dir);
        ADD_FAILURE() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("UTF-16 (little-endian)"), std::string::npos) << e.what();
    }
}

// A Windows-1251 table with one row in UTF-8 (pasted from another file) is refused at that row,
// not read with "РњРѕСЃРєРІР°" for "Москва"; a UTF-8 byte-order mark before Windows-1251 text is
// refused at the first byte that breaks UTF-8, not read with "п»ї" glued to the first header.
TEST(dataset_folder_dialects, a_windows1251_table_with_a_utf8_row_or_a_bom_is_refused_at_its_line) {
    const fs::path fixture = fs::path(CIVICA_TEST_DATA_DIR) / "dialects" / "windows1251";
    const std::string orgs = read_file(fixture / "organizations.csv");
    ASSERT_EQ(civica::text::find_utf8_russian_line(orgs), std::string::npos);  // a real Windows-1251 file
    const fs::path dir = scratch("mixed-encodings");
    for (const char* name : {"manifest.json", "municipalities.csv"}) fs::copy_file(fixture / name, dir / name);
    // The row of o3 as UTF-8: the fixture's own text, converted back.
    const std::size_t o3 = orgs.find("\no3") + 1;
    const std::size_t o3_end = orgs.find('\n', o3);
    const std::string o3_utf8 = civica::text::windows1251_to_utf8(orgs.substr(o3, o3_end - o3));
    const std::size_t o3_line = 1 + static_cast<std::size_t>(std::count(orgs.begin(), orgs.begin() + static_cast<std::ptrdiff_t>(o3), '\n'));
    write_file(dir / "organizations.csv", orgs.substr(0, o3) + o3_utf8 + orgs.substr(o3_end));
    for (auto enc : {civica::text::text_encoding::automatic, civica::text::text_encoding::windows1251}) {
        civica::io::table_read_options opt;
        opt.encoding = enc;
        const auto e = read_error(dir, opt);
        EXPECT_EQ(e.file(), "organizations.csv");
        EXPECT_EQ(e.line(), o3_line) << e.what();
        EXPECT_NE(std::string(e.what()).find("UTF-8 text in a file otherwise in Windows-1251"), std::string::npos)
            << e.what();
    }
    // The whole table in UTF-8, read as Windows-1251 because the encoding given says so: said as
    // the encoding given being wrong, not as a file "otherwise in Windows-1251".
    write_file(dir / "organizations.csv", civica::text::windows1251_to_utf8(orgs));
    {
        civica::io::table_read_options opt;
        opt.encoding = civica::text::text_encoding::windows1251;
        const auto e = read_error(dir, opt);
        EXPECT_EQ(e.file(), "organizations.csv");
        EXPECT_NE(std::string(e.what()).find("the file is UTF-8 text, not Windows-1251 as the encoding given says"),
                  std::string::npos)
            << e.what();
    }
    write_file(dir / "organizations.csv", "\xEF\xBB\xBF" + orgs);
    const auto b = read_error(dir, civica::io::table_read_options{});
    EXPECT_EQ(b.file(), "organizations.csv");
    EXPECT_EQ(b.line(), 2u) << b.what();  // the header is ASCII; the first Russian name is on line 2
    EXPECT_EQ(std::string(b.what()).find("\xD0\xBF\xC2\xBB\xD1\x97"), std::string::npos) << b.what();  // no "п»ї"
    // Declared, Windows-1251 after a byte-order mark reads as the file without it.
    write_file(dir / "organizations.csv", "\xEF\xBB\xBF" + orgs);
    civica::io::table_read_options cp;
    cp.encoding = civica::text::text_encoding::windows1251;
    EXPECT_EQ(civica::io::read_dataset_folder(dir, cp).organizations().size(), 3u);
}

TEST(dataset_folder_dialects, reads_semicolon_and_tab_separated_files_with_decimal_commas) {
    for (const char sep : {';', '\t'}) {
        const fs::path dir = scratch(sep == ';' ? "semicolon" : "tab");
        const std::string s(1, sep);
        write_file(dir / "manifest.json", manifest_v1);
        write_grant_tables(dir, sep);
        write_file(dir / "applications.csv",
                   "id" + s + "competition" + s + "applicant" + s + "requested" + s + "status" + s + "awarded\n" +
                   "a1" + s + "c1" + s + "o1" + s + "357400,50" + s + "winner" + s + "321900\n" +
                   "a2" + s + "c1" + s + "o2" + s + "1000" + s + "rejected" + s + "\n");
        write_file(dir / "monitoring.csv", "application" + s + "score\n" + "a1" + s + "4,5\n");
        write_file(dir / "indicators.csv",
                   "key" + s + "year" + s + "value\n" + "grants.funds_attracted" + s + "2020" + s + "1 234,5\n");
        civica::io::table_read_options opt;
        opt.decimal_comma = true;
        const auto ds = civica::io::read_dataset_folder(dir, opt);
        ASSERT_EQ(ds.applications().size(), 2u);
        EXPECT_EQ(ds.application_at(0).requested, money::from_kopecks(35'740'050));  // 357 400 р. 50 к.
        EXPECT_EQ(ds.application_at(0).awarded, money::from_kopecks(32'190'000));
        ASSERT_EQ(ds.monitoring().size(), 1u);
        EXPECT_EQ(ds.monitoring()[0].score, 4.5);
        ASSERT_EQ(ds.indicators().size(), 1u);
        EXPECT_EQ(ds.indicators()[0].value, 1234.5);
        // Detected ';' or tab is Excel in a Russian locale: decimal commas read without being asked.
        EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);
        // The native reader (',' only) refuses the folder and says how to read it.
        try {
            (void)civica::io::read_dataset_folder(dir);
            ADD_FAILURE() << "the native reader read a folder separated by " << int(sep);
        } catch (const civica::parse_error& e) {
            EXPECT_NE(std::string(e.what()).find("not ','-separated: read the folder as format \"csv\""),
                      std::string::npos) << e.what();
        }
    }
    // A ','-separated file has no decimal commas unless told: "357400,50" (quoted) is not an
    // amount, and the error names the column.
    const fs::path dir = scratch("comma");
    write_file(dir / "manifest.json", manifest_v1);
    write_grant_tables(dir, ',');
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested,status,awarded\n"
               "a1,c1,o1,\"357400,50\",winner,321900\n");
    civica::io::table_read_options plain;
    plain.separator = ',';
    const auto e = read_error(dir, plain);
    EXPECT_EQ(e.file(), "applications.csv");
    EXPECT_EQ(e.field(), "requested");
    plain.decimal_comma = true;
    EXPECT_EQ(civica::io::read_dataset_folder(dir, plain).application_at(0).requested, money::from_kopecks(35'740'050));
}

TEST(dataset_folder_dialects, a_row_of_empty_cells_is_blank_as_in_the_other_csv_readers) {
    // A spreadsheet's emptied row (";;;;;"): "municipality without an id" here, skipped by the
    // 360Giving reader; now blank in every reader, where a row with one value is still read.
    const fs::path dir = scratch("empty_cells");
    write_file(dir / "manifest.json", manifest_v1);
    write_grant_tables(dir, ';');
    write_file(dir / "applications.csv",
               "id;competition;applicant;requested;status;awarded\n"
               ";;;;;\n"
               "a1;c1;o1;1000;rejected;\n"
               "; ;;  ;;\n");
    const auto ds = civica::io::read_dataset_folder(dir, civica::io::table_read_options{});
    ASSERT_EQ(ds.applications().size(), 1u);
    EXPECT_EQ(ds.application_at(0).id.str(), "a1");
    EXPECT_TRUE(civica::io::check_dataset_folder(dir, civica::io::table_read_options{}).empty());
    write_file(dir / "applications.csv", "id;competition;applicant;requested;status;awarded\n;;;;rejected;\n");
    EXPECT_THROW((void)civica::io::read_dataset_folder(dir, civica::io::table_read_options{}), civica::parse_error);
    // A row of fewer fields is a short row, empty or not.
    write_file(dir / "applications.csv", "id;competition;applicant;requested;status;awarded\n;;\n");
    EXPECT_THROW((void)civica::io::read_dataset_folder(dir, civica::io::table_read_options{}), civica::parse_error);
}

TEST(dataset_folder_dialects, a_byte_order_mark_is_written_with_utf8_only) {
    // Windows-1251 has no byte-order mark: the writer used to drop the option without a word.
    const civica::dataset ds = full_dataset();
    const fs::path dir = scratch("bom_out") / "out";
    civica::io::table_write_options w;
    w.bom = true;
    w.encoding = civica::text::text_encoding::windows1251;
    try {
        civica::io::write_dataset_folder(ds, dir, w);
        ADD_FAILURE() << "a Windows-1251 folder was written with bom = true";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("byte-order mark is for UTF-8"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir));
    w.encoding = civica::text::text_encoding::utf8;
    civica::io::write_dataset_folder(ds, dir, w);
    std::ifstream in(dir / "organizations.csv", std::ios::binary);
    std::string head(3, '\0');
    in.read(head.data(), 3);
    EXPECT_EQ(head, "\xEF\xBB\xBF");
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);
}

TEST(dataset_folder_dialects, a_decimal_comma_is_written_with_semicolons_or_tabs_only) {
    const civica::dataset ds = full_dataset();
    const fs::path dir = scratch("comma_out") / "out";
    civica::io::table_write_options w;
    w.decimal_comma = true;
    try {
        civica::io::write_dataset_folder(ds, dir, w);
        ADD_FAILURE() << "a ','-separated folder with decimal commas was written";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("needs ';' or a tab"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(dir));
    for (const char sep : {';', '\t'}) {
        w.separator = sep;
        civica::io::write_dataset_folder(ds, dir, w);
        EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds) << int(sep);
    }
}

TEST(dataset_folder_dialects, writes_and_reads_back_semicolons_windows1251_and_decimal_commas) {
    const civica::dataset ds = full_dataset();
    civica::io::table_write_options w;
    w.separator = ';';
    w.encoding = civica::text::text_encoding::windows1251;
    w.decimal_comma = true;
    const fs::path dir = scratch("excel") / "out";
    civica::io::write_dataset_folder(ds, dir, w);
    const std::string apps = read_file(dir / "applications.csv");
    EXPECT_EQ(civica::text::detect_encoding(read_file(dir / "organizations.csv")),
              civica::text::text_encoding::windows1251);
    EXPECT_EQ(apps.substr(0, apps.find('\n')),
              "id;competition;applicant_type;applicant;title;direction;requested;cofunding;submitted;"
              "status;awarded;implementation_start;implementation_end;decided;rate");
    EXPECT_NE(apps.find("1234567,89"), std::string::npos) << apps;  // 123456789 kopecks
    civica::io::table_read_options r;
    r.decimal_comma = true;
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, r) == ds);
    // The same folder read as a user would, with nothing declared: ';', Windows-1251 and the
    // decimal commas are all detected.
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);
    // A ';' file with decimal points (civica's own ';' dialect without decimal_comma) reads too.
    civica::io::table_write_options points = w;
    points.decimal_comma = false;
    civica::io::write_dataset_folder(ds, dir, points);
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);

    // UTF-8 with a BOM and tabs.
    civica::io::table_write_options tsv;
    tsv.separator = '\t';
    tsv.bom = true;
    civica::io::write_dataset_folder(ds, dir, tsv);
    EXPECT_EQ(read_file(dir / "persons.csv").substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);

    // A character Windows-1251 has no byte for is refused, naming the file and the record.
    civica::dataset odd = ds;
    odd.add(civica::person{civica::person_id("p-odd"), civica::municipality_id("khm"), "Ω-команда"});
    try {
        civica::io::write_dataset_folder(odd, dir, w);
        FAIL() << "Ω written in Windows-1251";
    } catch (const civica::validation_error& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("persons.csv"), std::string::npos) << m;
        EXPECT_NE(m.find("p-odd"), std::string::npos) << m;
        EXPECT_NE(m.find("U+03A9"), std::string::npos) << m;
    }
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, civica::io::table_read_options{}) == ds);  // intact

    // Mojibake («РњРѕСЃРєРІР°») is UTF-8 bytes once saved in Windows-1251: read back as «Москва»
    // when it is the file's only Cyrillic, refused as a UTF-8 line otherwise. The writer refuses it.
    for (const bool alone : {true, false}) {
        civica::dataset moji;
        moji.add(civica::person{civica::person_id("p-moji"), civica::municipality_id(), "РњРѕСЃРєРІР°"});
        if (!alone) moji.add(civica::person{civica::person_id("p-ru"), civica::municipality_id(), "Москва"});
        const fs::path out = dir.parent_path() / "moji";
        try {
            civica::io::write_dataset_folder(moji, out, w);
            FAIL() << "mojibake written in Windows-1251";
        } catch (const civica::validation_error& e) {
            const std::string m = e.what();
            EXPECT_NE(m.find("persons.csv, line 2: the text saved in Windows-1251 reads as UTF-8"), std::string::npos) << m;
        }
        EXPECT_FALSE(fs::exists(out));
    }
    // A table whose only Cyrillic is «Я»» (DF BB, one well-formed UTF-8 character) reads as
    // UTF-8 as a whole, though no line has three Russian letters: refused, naming the file.
    civica::dataset odd_quote;
    odd_quote.add(civica::person{civica::person_id("p-quote"), civica::municipality_id(), "Я»"});
    const fs::path out = dir.parent_path() / "odd-quote";
    try {
        civica::io::write_dataset_folder(odd_quote, out, w);
        FAIL() << "a table that reads as UTF-8 was written in Windows-1251";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("persons.csv: the text saved in Windows-1251 reads as UTF-8"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
}

TEST(dataset_folder_dialects, lenient_money_reads_what_documents_write_and_strict_mode_refuses_it) {
    const fs::path dir = scratch("lenient_money");
    write_file(dir / "manifest.json", manifest_v1);
    write_grant_tables(dir);
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested,cofunding,status,awarded\n"
               "a1,c1,o1,\"3,7 млн\",450 тыс. руб.,winner,\"3 500 000,00 руб.\"\n"
               "a2,c1,o2,\"12 345,67 ₽\",,rejected,\n");
    civica::io::table_read_options opt;
    opt.lenient_money = true;
    const auto ds = civica::io::read_dataset_folder(dir, opt);
    ASSERT_EQ(ds.applications().size(), 2u);
    EXPECT_EQ(ds.application_at(0).requested, money::from_kopecks(370'000'000));  // 3 700 000 р.
    EXPECT_EQ(ds.application_at(0).cofunding, money::from_kopecks(45'000'000));   // 450 000 р.
    EXPECT_EQ(ds.application_at(0).awarded, money::from_kopecks(350'000'000));    // 3 500 000 р.
    EXPECT_EQ(ds.application_at(1).requested, money::from_kopecks(1'234'567));    // 12 345,67 р.
    const auto e = read_error(dir);
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.field(), "requested");
    EXPECT_NE(std::string(e.what()).find("3,7 млн"), std::string::npos) << e.what();
}

TEST(dataset_folder_dialects, skip_bad_records_skips_and_lists_bad_rows_and_rows_referring_to_them) {
    const fs::path dir = scratch("skip");
    write_file(dir / "manifest.json", manifest_v1);
    write_grant_tables(dir);
    write_file(dir / "applications.csv",
               "id,competition,applicant,requested,status,awarded\n"
               "a2,c1,o1,100,winner,90\n"          // line 2: good
               "a3,c1,o1,сто,submitted,\n"         // line 3: not an amount
               "a4,c1,o1,100,submitted,\n"         // line 4: good
               "a5,c9,o1,100,submitted,\n"         // line 5: unknown competition
               "a6,c1,o2,100,rejected,\n"          // line 6: good
               "a7,c1,o1,100,rejected,50\n"        // line 7: awarded but not a winner
               "a8,c1,o2,100,winner,100\n");       // line 8: good
    write_file(dir / "monitoring.csv",
               "application,date,score\n"
               "a2,2021-01-10,5\n"                 // line 2: good
               "a7,2021-01-10,4\n");               // line 3: refers to the skipped a7
    std::vector<civica::io::problem> skipped;
    civica::io::table_read_options opt;
    opt.skip_bad_records = true;
    opt.skipped = &skipped;
    const auto ds = civica::io::read_dataset_folder(dir, opt);
    ASSERT_EQ(ds.applications().size(), 4u);
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) ids.push_back(ds.application_at(i).id.str());
    EXPECT_EQ(ids, (std::vector<std::string>{"a2", "a4", "a6", "a8"}));
    ASSERT_EQ(ds.monitoring().size(), 1u);
    ASSERT_EQ(skipped.size(), 4u);
    EXPECT_EQ(skipped[0].file, "applications.csv");
    EXPECT_EQ(skipped[0].line, 3u);
    EXPECT_EQ(skipped[0].field, "requested");
    EXPECT_EQ(skipped[0].check, "bad_value");
    EXPECT_EQ(skipped[1].line, 5u);
    EXPECT_EQ(skipped[1].field, "competition");
    EXPECT_EQ(skipped[1].check, "unknown_reference");
    EXPECT_EQ(skipped[2].line, 7u);
    EXPECT_EQ(skipped[2].check, "awarded_not_winner");
    EXPECT_EQ(skipped[2].record_id, "a7");
    EXPECT_EQ(skipped[3].file, "monitoring.csv");
    EXPECT_EQ(skipped[3].line, 3u);
    EXPECT_EQ(skipped[3].check, "unknown_reference");
    // Without skipping, the first bad row stops the read.
    EXPECT_EQ(read_error(dir).line(), 3u);
}

TEST(dataset_folder_dialects, a_folder_without_a_manifest_reads_when_it_is_not_required) {
    const fs::path dir = scratch("no_manifest");
    write_grant_tables(dir);
    civica::io::table_read_options opt;
    EXPECT_THROW(civica::io::read_dataset_folder(dir, opt), civica::parse_error);
    opt.require_manifest = false;
    const auto ds = civica::io::read_dataset_folder(dir, opt);
    EXPECT_EQ(ds.organizations().size(), 2u);
    EXPECT_EQ(ds.competitions().size(), 1u);
    civica::dataset_info named;  // named after the folder, and otherwise undescribed
    named.name = dir.filename().string();
    EXPECT_EQ(ds.info(), named);
}

// Russian Excel and LibreOffice save boolean cells as ИСТИНА / ЛОЖЬ; the `csv` format (the
// spreadsheet dialect, dotted_dates) reads them in any letter case.
TEST(dataset_folder_dialects, the_csv_format_reads_the_booleans_russian_excel_writes) {
    const fs::path dir = scratch("russian_booleans");
    // As Excel saves it: ';', Windows-1251, DD.MM.YYYY.
    write_file(dir / "organizations.csv",
               civica::text::utf8_to_windows1251("id;full_name;socially_oriented;tos;nonprofit;registered\n"
                                                 "o1;Фонд;ИСТИНА;ЛОЖЬ;истина;05.04.2017\n"
                                                 "o2;Клуб;Истина;ложь;ЛоЖь;\n"));
    civica::io::read_options ro;
    ro.format = civica::io::data_format::csv;
    const auto ds = civica::io::read(dir, ro).data;
    const auto& o1 = ds.get(civica::organization_id("o1"));
    EXPECT_TRUE(o1.socially_oriented);  // ИСТИНА
    EXPECT_FALSE(o1.tos);               // ЛОЖЬ
    EXPECT_TRUE(o1.nonprofit);          // истина
    EXPECT_EQ(o1.registered, date(2017, 4, 5));
    const auto& o2 = ds.get(civica::organization_id("o2"));
    EXPECT_TRUE(o2.socially_oriented);
    EXPECT_FALSE(o2.tos);
    EXPECT_FALSE(o2.nonprofit);
    // The same through the options that mark the spreadsheet dialect.
    civica::io::table_read_options opt;
    opt.require_manifest = false;
    opt.dotted_dates = true;
    EXPECT_TRUE(civica::io::read_dataset_folder(dir, opt) == ds);

    // Any other word is still not a boolean, and the message names what is accepted.
    for (const char* bad : {"ДА?", "maybe", "ИСТИНАА"}) {
        write_file(dir / "organizations.csv",
                   civica::text::utf8_to_windows1251(std::string("id;full_name;socially_oriented\no1;Фонд;ИСТИНА\n"
                                                                 "o2;Клуб;") + bad + "\n"));
        const auto e = read_error(dir, opt);
        EXPECT_EQ(e.file(), "organizations.csv");
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.field(), "socially_oriented");
        const std::string what = e.what();
        EXPECT_NE(what.find("\"" + std::string(bad) + "\" is not a boolean"), std::string::npos) << what;
        EXPECT_NE(what.find("ИСТИНА or ЛОЖЬ"), std::string::npos) << what;
    }
}

// The native format stays strict, as with dates: true/false (any ASCII case) only; ИСТИНА /
// ЛОЖЬ is refused with the way to read such a folder.
TEST(dataset_folder, the_native_format_refuses_russian_booleans_and_says_how_to_read_them) {
    const fs::path dir = scratch("native_russian_boolean");
    write_file(dir / "manifest.json", manifest_v1);
    write_file(dir / "organizations.csv", "id,full_name,socially_oriented\no1,Фонд,TRUE\no2,Клуб,ЛОЖЬ\n");
    auto expect_refused = [](const civica::parse_error& e) {
        EXPECT_EQ(e.file(), "organizations.csv");
        EXPECT_EQ(e.line(), 3u);
        EXPECT_EQ(e.field(), "socially_oriented");
        const std::string what = e.what();
        EXPECT_NE(what.find("\"ЛОЖЬ\" is not a boolean (write true or false)"), std::string::npos) << what;
        EXPECT_NE(what.find("read as the csv format"), std::string::npos) << what;
    };
    expect_refused(read_error(dir));
    // The options overload without the spreadsheet dialect is the native rule too.
    expect_refused(read_error(dir, civica::io::table_read_options{}));
    // A word that is no boolean in any dialect gets no such hint.
    write_file(dir / "organizations.csv", "id,full_name,socially_oriented\no1,Фонд,maybe\n");
    const std::string what = read_error(dir).what();
    EXPECT_NE(what.find("\"maybe\" is not a boolean (write true or false)"), std::string::npos) << what;
    EXPECT_EQ(what.find("csv format"), std::string::npos) << what;
}
