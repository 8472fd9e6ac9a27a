// Tests of civica/io/popolo.hpp.
//
// Independent truth: the real Tasmanian councillors file read a second time here with
// nlohmann_json (no civica code) to count councils, parties, persons and the distinct members
// of each council; and a small document written for these tests whose expected rows were
// worked out by hand from the file (tests/data/popolo/council_meetings.json).
#include "civica/io/popolo.hpp"

#include "civica/error.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace civica;

namespace {

const fs::path popolo_dir = fs::path(CIVICA_TEST_DATA_DIR) / "popolo";

fs::path temp_path(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("civica-popolo-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir / name;
}

fs::path write_text(const std::string& name, const std::string& text) {
    const fs::path p = temp_path(name);
    std::ofstream(p) << text;
    return p;
}

}  // namespace

TEST(popolo, imports_the_tasmanian_councils_with_their_persons_and_memberships) {
    const fs::path f = popolo_dir / "tas_local_councillor_popolo.json";
    json raw;
    {
        std::ifstream in(f);
        raw = json::parse(in);
    }
    std::set<std::string> councils;
    std::size_t others = 0;
    for (const auto& o : raw["organizations"]) {
        if (o["classification"] == "legislature") councils.insert(o["id"].get<std::string>());
        else ++others;
    }
    std::map<std::string, std::set<std::string>> members;  // council -> distinct persons
    for (const auto& m : raw["memberships"]) {
        const std::string org = m["organization_id"];
        if (councils.count(org)) members[org].insert(m["person_id"].get<std::string>());
    }
    ASSERT_EQ(councils.size(), 29u);  // as SOURCE.md says: 29 councils, 4 parties, 263 persons
    ASSERT_EQ(raw["persons"].size(), 263u);

    const dataset d = io::read_popolo_json(f);
    EXPECT_EQ(d.bodies().size(), councils.size());
    EXPECT_EQ(d.organizations().size(), others);
    EXPECT_EQ(d.persons().size(), raw["persons"].size());
    ASSERT_EQ(d.membership_terms().size(), members.size());
    std::size_t total = 0;
    for (const auto& t : d.membership_terms()) {
        EXPECT_EQ(static_cast<std::size_t>(t.members), members.at(t.body.str()).size()) << t.body.str();
        EXPECT_FALSE(t.term.has_start());  // the file has no membership dates
        total += static_cast<std::size_t>(t.members);
    }
    EXPECT_EQ(total, 263u);  // every councillor sits on exactly one council
    // Slug ids with apostrophes survive; a council is a body of kind `other`.
    const auto& bod = d.get(body_id("legislature/break_o'day_council"));
    EXPECT_EQ(bod.name, "Break O'Day Council");
    EXPECT_EQ(bod.kind, body_kind::other);
    EXPECT_EQ(d.get(organization_id("party/independent")).okopf, 20201);
    EXPECT_EQ(d.get(person_id("break_o'day_council/janet_drummond")).display_name, "Janet Drummond");
}

TEST(popolo, tasmanian_councils_written_back_read_equal) {
    const dataset d = io::read_popolo_json(popolo_dir / "tas_local_councillor_popolo.json");
    const fs::path out = temp_path("tas-export.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

TEST(popolo, maps_bodies_terms_meetings_and_agenda_questions) {
    const dataset d = io::read_popolo_json(popolo_dir / "council_meetings.json");
    const std::string city = "ocd-division/country:ru/city:khanty-mansiysk";
    ASSERT_EQ(d.municipalities().size(), 1u);
    EXPECT_EQ(d.municipalities()[0].name, "Ханты-Мансийск");

    ASSERT_EQ(d.bodies().size(), 3u);
    EXPECT_EQ(d.get(body_id("chamber")).kind, body_kind::public_chamber);
    EXPECT_EQ(d.get(body_id("chamber")).municipality.str(), city);
    EXPECT_EQ(d.get(body_id("council-culture")).kind, body_kind::public_council);
    EXPECT_EQ(d.get(body_id("council-culture")).attached_to, "Администрация города Ханты-Мансийска");
    EXPECT_EQ(d.get(body_id("council-sport")).kind, body_kind::public_council);
    EXPECT_EQ(d.get(body_id("council-sport")).attached_to, "Управление физической культуры и спорта");

    ASSERT_EQ(d.organizations().size(), 3u);  // admin, party-a, ngo-1
    EXPECT_EQ(d.get(organization_id("party-a")).inn, "7707083893");
    EXPECT_EQ(d.persons().size(), 4u);

    // Terms, worked out by hand: the chamber 2020-06..2023 with p1 (through the chair post),
    // p2 and p3 (p3 twice, counted once); the chamber's previous term with p1; the culture
    // council with p4 and p2 and no dates. The party membership is not a term.
    const auto& terms = d.membership_terms();
    ASSERT_EQ(terms.size(), 3u);
    EXPECT_EQ(terms[0].body.str(), "chamber");
    EXPECT_EQ(terms[0].term.start, date(2020, 6, 1));
    EXPECT_EQ(terms[0].term.end, date(2023, 12, 31));
    EXPECT_EQ(terms[0].members, 3);
    EXPECT_EQ(terms[1].term.start, date(2017, 5, 15));
    EXPECT_EQ(terms[1].term.end, date(2020, 5, 31));
    EXPECT_EQ(terms[1].members, 1);
    EXPECT_EQ(terms[1].note, "previous composition");
    EXPECT_EQ(terms[2].body.str(), "council-culture");
    EXPECT_EQ(terms[2].members, 2);

    // Meetings: the admin's city day is not a meeting of a body; the nested event is an item.
    ASSERT_EQ(d.meetings().size(), 2u);
    EXPECT_EQ(d.meetings()[0].held, date(2020, 9, 17));
    EXPECT_EQ(d.meetings()[0].format, meeting_format::in_person);
    EXPECT_EQ(d.meetings()[1].format, meeting_format::remote);
    ASSERT_EQ(d.agenda_questions().size(), 3u);
    const auto q0 = d.agenda_question_at(0), q1 = d.agenda_question_at(1), q2 = d.agenda_question_at(2);
    EXPECT_EQ(q0.id.str(), "chamber-2020-09-item-1");
    EXPECT_EQ(q0.meeting.str(), "chamber-2020-09");
    EXPECT_EQ(q1.id.str(), "m-1");
    EXPECT_EQ(q1.topic, "culture");
    EXPECT_EQ(q2.meeting.str(), "chamber-2020-09");
    EXPECT_EQ(q2.title, "Об общественной экспертизе бюджета");

    const fs::path out = temp_path("meetings-export.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

TEST(popolo, reports_bad_input_with_the_file_and_the_record) {
    try {
        io::read_popolo_json(write_text("broken.json", "{\"persons\": [}"));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.file(), "broken.json");
    }
    try {
        io::read_popolo_json(write_text("noid.json", R"({"persons": [{"id": "a"}, {"name": "x"}]})"));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("persons[1]"), std::string::npos) << e.what();
    }
    try {
        io::read_popolo_json(write_text("baddate.json", R"({"organizations": [{"id": "c", "name": "C",
            "classification": "council"}], "memberships": [{"organization_id": "c", "start_date": "2020-13-01"}]})"));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "start_date");
        EXPECT_NE(std::string(e.what()).find("memberships[0]"), std::string::npos) << e.what();
    }
    EXPECT_THROW(io::read_popolo_json(temp_path("absent.json")), io_error);
}
