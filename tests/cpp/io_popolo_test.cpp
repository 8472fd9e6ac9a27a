// Tests of civica/io/popolo.hpp.
//
// Independent truth: the real Tasmanian councillors file read a second time here with
// nlohmann_json (no civica code) to count councils, parties, persons and the distinct members
// of each council; and a small document written for these tests whose expected rows were
// worked out by hand from the file (tests/data/popolo/council_meetings.json). Skip mode: a
// document written here with one mistake per marked record; what is kept and what is listed
// was worked out by hand from it.
#include "civica/io/popolo.hpp"

#include "civica/error.hpp"
#include "civica/io/io.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unistd.h>
#include <vector>

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

// A meeting's agenda items may have sub-items (events nested deeper) and motions of their own;
// docs/formats.md: such records are counted with their agenda item, their names added to its
// title. Worked out by hand from the document: two items and one motion of the meeting itself
// are the meeting's three questions.
const char* nested_doc = R"({
  "organizations": [{"id": "chamber", "name": "Палата", "classification": "chamber"}],
  "events": [
    {"id": "m", "organization_id": "chamber", "start_date": "2021-03-01", "name": "Заседание"},
    {"id": "s1", "parent_id": "i1", "name": "Доходы"},
    {"id": "i1", "organization_id": "chamber", "parent_id": "m", "name": "Бюджет"},
    {"id": "s2", "parent_id": "s1", "name": "Налоги"},
    {"id": "s3", "organization_id": "chamber", "parent_id": "i1", "name": "Расходы"},
    {"id": "i2", "parent_id": "m", "name": "Прочее"}
  ],
  "motions": [
    {"id": "mo1", "legislative_session_id": "m", "text": "О повестке"},
    {"id": "mo2", "legislative_session_id": "i1", "text": "Поправка"},
    {"id": "mo3", "legislative_session_id": "s2", "text": "Уточнение"}
  ]})";

TEST(popolo, counts_sub_items_and_an_items_motions_with_their_agenda_item) {
    const dataset d = io::read_popolo_json(write_text("nested.json", nested_doc));
    ASSERT_EQ(d.meetings().size(), 1u);
    ASSERT_EQ(d.agenda_questions().size(), 3u);
    const auto i1 = d.agenda_question_at(0), i2 = d.agenda_question_at(1), mo1 = d.agenda_question_at(2);
    EXPECT_EQ(i1.id.str(), "i1");
    EXPECT_EQ(i1.title, "Бюджет; Доходы; Налоги; Расходы; Поправка; Уточнение");
    EXPECT_EQ(i2.id.str(), "i2");
    EXPECT_EQ(i2.title, "Прочее");
    EXPECT_EQ(mo1.id.str(), "mo1");
    for (const auto& q : {i1, i2, mo1}) EXPECT_EQ(q.meeting.str(), "m");
    // Written back, the item is one motion with the whole title, and reads back the same.
    const fs::path out = temp_path("nested-export.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

TEST(popolo, an_events_parent_the_file_lacks_or_a_cycle_of_parents_is_an_error) {
    json doc = json::parse(nested_doc);
    doc["events"].push_back({{"id", "lost"}, {"parent_id", "nowhere"}, {"name", "?"}});
    try {
        (void)io::read_popolo_json(write_text("lost.json", doc.dump()));
        FAIL() << "an event whose parent is not in the file was read";
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "parent_id");
        EXPECT_NE(std::string(e.what()).find("events[6]"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
    }
    doc = json::parse(nested_doc);
    doc["events"].push_back({{"id", "a"}, {"parent_id", "b"}});
    doc["events"].push_back({{"id", "b"}, {"parent_id", "a"}});
    try {
        (void)io::read_popolo_json(write_text("cycle.json", doc.dump()));
        FAIL() << "a cycle of parent_id was read";
    } catch (const parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos) << e.what();
    }
    // Skip mode: the sub-items and motions of a meeting left out are left out and listed too.
    doc = json::parse(nested_doc);
    doc["events"][0].erase("start_date");
    std::vector<io::problem> skipped;
    io::popolo_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    const dataset d = io::read_popolo_json(write_text("no-date.json", doc.dump()), o);
    EXPECT_EQ(d.meetings().size(), 0u);
    EXPECT_EQ(d.agenda_questions().size(), 0u);
    std::set<std::string> listed;
    for (const auto& p : skipped) listed.insert(p.record_id);
    EXPECT_EQ(listed, (std::set<std::string>{"m", "i1", "i2", "s1", "s2", "s3", "mo1", "mo2", "mo3"}));
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

// ---- skip mode -------------------------------------------------------------------------------

namespace {

// A document written for these tests, with one mistake per record marked "bad" below. What is
// kept and what is listed was worked out by hand from it (see the tests).
const char* const skip_doc = R"({
  "areas": [
    {"id": "city", "name": "City"},
    {"name": "bad: an area without an id"}
  ],
  "organizations": [
    {"id": "council", "name": "City Council", "classification": "council", "area_id": "city"},
    {"id": "committee", "name": "Budget Committee", "classification": "committee", "parent_id": "council"},
    {"id": "party", "name": "Party", "classification": "party"},
    {"id": "council", "name": "bad: a second council with the same id", "classification": "council"},
    {"name": "bad: a council without an id", "classification": "council"},
    {"id": 42, "name": "bad: a number for an id", "classification": "party"}
  ],
  "persons": [
    {"id": "p1", "name": "Anna"},
    {"id": "p2", "name": "Boris"},
    {"id": "p3", "name": "Vera"},
    {"name": "bad: a person without an id"},
    {"id": "p2", "name": "bad: p2 again"}
  ],
  "posts": [{"id": "chair", "organization_id": "council"}],
  "memberships": [
    {"person_id": "p1", "organization_id": "council", "start_date": "2020-01", "end_date": "2023"},
    {"person_id": "p2", "organization_id": "council", "start_date": "2020-01", "end_date": "2023"},
    {"person_id": "p3", "organization_id": "council", "start_date": "2020-02-30", "note": "bad date"},
    {"person_id": "p3", "organization_id": "ghost", "note": "bad: an organisation not in the file"},
    {"person_id": "p1", "organization_id": "committee", "start_date": "2021-05-01", "end_date": "2020-01-01",
     "note": "bad: ends before it starts"},
    {"person_id": "p3", "organization_id": "committee"},
    {"person_id": "p2", "organization_id": "party"},
    {"person_id": "p3", "post_id": "chair", "start_date": "2020-01", "end_date": "2023"},
    {"person_id": "p1", "organization_id": "committee", "start_date": "2021", "end_date": "2022"}
  ],
  "events": [
    {"id": "e1", "organization_id": "council", "start_date": "2020-03-05"},
    {"id": "e1-item-1", "organization_id": "council", "parent_id": "e1", "name": "Budget"},
    {"id": "e2", "organization_id": "council", "start_date": "2020-13-01", "name": "bad date"},
    {"id": "e2-item-1", "organization_id": "council", "parent_id": "e2", "name": "Roads"},
    {"id": "e3", "organization_id": "committee", "name": "bad: no start_date"},
    {"id": "e1", "organization_id": "committee", "start_date": "2020-04-01", "name": "bad: e1 again"},
    {"organization_id": "council", "start_date": "2020-05-05", "name": "bad: a meeting without an id"},
    {"id": "e4", "organization_id": "committee", "start_date": "2021-06", "classification": "remote meeting"},
    {"id": "fest", "organization_id": "party", "start_date": "2020-07-07"},
    {"id": "e9", "organization_id": "nowhere", "start_date": "2020-08-08", "name": "bad: an organisation not in the file"}
  ],
  "motions": [
    {"id": "mo1", "legislative_session_id": "e1", "text": "Adopt the budget"},
    {"id": "mo2", "legislative_session_id": "e2", "text": "Repair the roads"},
    {"legislative_session_id": "e4", "text": "Plan"},
    {"id": "mo1", "legislative_session_id": "e4", "text": "bad: mo1 again"},
    {"id": "mo5", "legislative_session_id": "fest", "text": "not a meeting of a body: ignored, as strict"},
    {"id": "mo6", "legislative_session_id": "e3", "text": "on the left-out e3"},
    {"id": "mo7", "legislative_session_id": "nowhere", "text": "bad: an event not in the file"}
  ]
})";

io::popolo_read_options skipping(std::vector<io::problem>& skipped) {
    io::popolo_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    return o;
}

/// The JSON path a skipped record's message starts with ("persons[3]").
std::string path_of(const io::problem& p) { return p.message.substr(0, p.message.find(':')); }

}  // namespace

TEST(popolo_skip, keeps_the_good_records_and_what_depends_only_on_them) {
    const fs::path f = write_text("skip.json", skip_doc);
    std::vector<io::problem> skipped;
    const dataset d = io::read_popolo_json(f, skipping(skipped));

    ASSERT_EQ(d.municipalities().size(), 1u);  // areas[1] has no id
    EXPECT_EQ(d.municipalities()[0].id.str(), "city");

    // organizations[3] repeats "council": the first is kept, and it is the one references name
    // (the committee's parent). [4] and [5] have no (string) id.
    ASSERT_EQ(d.bodies().size(), 2u);
    EXPECT_EQ(d.get(body_id("council")).name, "City Council");
    EXPECT_EQ(d.get(body_id("council")).municipality.str(), "city");
    EXPECT_EQ(d.get(body_id("committee")).attached_to, "City Council");
    ASSERT_EQ(d.organizations().size(), 1u);
    EXPECT_EQ(d.organizations()[0].id.str(), "party");

    ASSERT_EQ(d.persons().size(), 3u);  // p1, p2 (the first), p3
    EXPECT_EQ(d.get(person_id("p2")).display_name, "Boris");

    // Terms in order of first appearance:
    //   council 2020-01-01..2023-12-31: p1, p2 (memberships[0], [1]) and p3 through the chair
    //   post ([7]); p3's own [2] has a bad date and is left out, p3 still counts once;
    //   committee without dates: p3 ([5]);
    //   committee 2021-01-01..2022-12-31: p1 ([8]); p1's [4] ends before it starts.
    // [3] (an organisation not in the file) is left out and listed; [6] (a party) is not a term.
    const auto& terms = d.membership_terms();
    ASSERT_EQ(terms.size(), 3u);
    EXPECT_EQ(terms[0].body.str(), "council");
    EXPECT_EQ(terms[0].term.start, date(2020, 1, 1));
    EXPECT_EQ(terms[0].term.end, date(2023, 12, 31));
    EXPECT_EQ(terms[0].members, 3);
    EXPECT_EQ(terms[1].body.str(), "committee");
    EXPECT_FALSE(terms[1].term.has_start());
    EXPECT_EQ(terms[1].members, 1);
    EXPECT_EQ(terms[2].body.str(), "committee");
    EXPECT_EQ(terms[2].term.start, date(2021, 1, 1));
    EXPECT_EQ(terms[2].term.end, date(2022, 12, 31));
    EXPECT_EQ(terms[2].members, 1);

    // Meetings: e1 (the council's, not the committee's duplicate) and e4. e2 (bad date), e3 (no
    // start_date) and the one without an id are left out; "fest" is not a body's event.
    ASSERT_EQ(d.meetings().size(), 2u);
    EXPECT_EQ(d.meetings()[0].id.str(), "e1");
    EXPECT_EQ(d.meetings()[0].body.str(), "council");
    EXPECT_EQ(d.meetings()[0].held, date(2020, 3, 5));
    EXPECT_EQ(d.meetings()[1].id.str(), "e4");
    EXPECT_EQ(d.meetings()[1].format, meeting_format::remote);

    // Agenda questions: e1's nested item, mo1, and motions[2] of e4 (no id, so e4/motion-2).
    // Left out: e2's nested item and mo2 (e2 was left out), mo6 (e3 was), the second mo1.
    ASSERT_EQ(d.agenda_questions().size(), 3u);
    EXPECT_EQ(d.agenda_question_at(0).id.str(), "e1-item-1");
    EXPECT_EQ(d.agenda_question_at(1).id.str(), "mo1");
    EXPECT_EQ(d.agenda_question_at(1).title, "Adopt the budget");
    EXPECT_EQ(d.agenda_question_at(2).id.str(), "e4/motion-2");
    EXPECT_EQ(d.agenda_question_at(2).meeting.str(), "e4");

    // The result is a consistent dataset: written out, it reads back strictly to itself.
    const fs::path out = temp_path("skip-export.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

TEST(popolo_skip, lists_each_left_out_record_with_its_path_field_id_and_rule) {
    const fs::path f = write_text("skip.json", skip_doc);
    std::vector<io::problem> skipped;
    (void)io::read_popolo_json(f, skipping(skipped));

    // {path, field, id, check}, in the order the reader meets them (areas, organizations,
    // persons, memberships, meetings, then agenda items), worked out from the "bad" marks.
    using row = std::tuple<std::string, std::string, std::string, std::string>;
    const std::vector<row> expected = {
        {"areas[1]", "id", "", "missing_value"},
        {"organizations[3]", "id", "council", "duplicate_id"},
        {"organizations[4]", "id", "", "missing_value"},
        {"organizations[5]", "id", "", "missing_value"},
        {"persons[3]", "id", "", "missing_value"},
        {"persons[4]", "id", "p2", "duplicate_id"},
        {"memberships[2]", "start_date", "", "bad_value"},
        {"memberships[3]", "organization_id", "", "unknown_reference"},
        {"memberships[4]", "end_date", "", "end_before_start"},
        {"events[2]", "start_date", "e2", "bad_value"},
        {"events[4]", "start_date", "e3", "missing_value"},
        {"events[5]", "id", "e1", "duplicate_id"},
        {"events[6]", "id", "", "missing_value"},
        {"events[9]", "organization_id", "e9", "unknown_reference"},
        {"events[3]", "parent_id", "e2-item-1", "unknown_reference"},
        {"motions[1]", "legislative_session_id", "mo2", "unknown_reference"},
        {"motions[3]", "id", "mo1", "duplicate_id"},
        {"motions[5]", "legislative_session_id", "mo6", "unknown_reference"},
        {"motions[6]", "legislative_session_id", "mo7", "unknown_reference"},
    };
    std::vector<row> got;
    for (const auto& p : skipped) {
        EXPECT_EQ(p.severity, "error");
        EXPECT_EQ(p.file, "skip.json");
        EXPECT_EQ(p.line, 0u);
        got.emplace_back(path_of(p), p.field, p.record_id, p.check);
    }
    EXPECT_EQ(got, expected);

    // The messages say what is wrong, with the values.
    auto message = [&](const std::string& path) {
        for (const auto& p : skipped)
            if (path_of(p) == path) return p.message;
        return std::string();
    };
    EXPECT_NE(message("organizations[3]").find("organizations[0]"), std::string::npos) << message("organizations[3]");
    EXPECT_NE(message("organizations[5]").find("number"), std::string::npos) << message("organizations[5]");
    EXPECT_NE(message("memberships[2]").find("2020-02-30"), std::string::npos) << message("memberships[2]");
    EXPECT_NE(message("memberships[4]").find("2020-01-01"), std::string::npos) << message("memberships[4]");
    EXPECT_NE(message("events[3]").find("events[2]"), std::string::npos) << message("events[3]");
    EXPECT_NE(message("motions[5]").find("\"e3\""), std::string::npos) << message("motions[5]");
    EXPECT_NE(message("memberships[3]").find("\"ghost\""), std::string::npos) << message("memberships[3]");
    EXPECT_NE(message("events[9]").find("\"nowhere\""), std::string::npos) << message("events[9]");
    EXPECT_NE(message("motions[6]").find("\"nowhere\""), std::string::npos) << message("motions[6]");
}

TEST(popolo_skip, default_mode_still_stops_at_the_first_bad_record) {
    // The whole document: the first rule broken is areas[1] (the reader checks areas first).
    try {
        (void)io::read_popolo_json(write_text("skip.json", skip_doc));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "id");
        EXPECT_NE(std::string(e.what()).find("areas[1]"), std::string::npos) << e.what();
    }
    // One mistake each, as before skip mode existed: reader rules are parse errors, the model's
    // rules (a duplicate id, a term that ends before it starts) validation errors.
    try {
        (void)io::read_popolo_json(write_text("event.json", R"({"organizations": [{"id": "c",
            "classification": "council"}], "events": [{"id": "e", "organization_id": "c", "start_date": "2020-13-01"}]})"));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "start_date");
        EXPECT_NE(std::string(e.what()).find("events[0]"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)io::read_popolo_json(write_text("dup.json", R"({"organizations": [
        {"id": "c", "classification": "council"}, {"id": "c", "classification": "council"}]})")),
                 validation_error);
    EXPECT_THROW((void)io::read_popolo_json(write_text("period.json", R"({"organizations": [{"id": "c",
        "classification": "council"}], "memberships": [{"organization_id": "c", "start_date": "2021",
        "end_date": "2020"}]})")),
                 validation_error);
    // A reference to a record the file does not have: a parse error naming the record, the
    // field and the id it names.
    const std::vector<std::tuple<std::string, std::string, std::string>> dangling = {
        {R"({"organizations": [{"id": "c", "classification": "council"}],
             "memberships": [{"organization_id": "c"}, {"person_id": "p", "organization_id": "gone"}]})",
         "memberships[1]", "organization_id"},
        {R"({"organizations": [{"id": "c", "classification": "council"}],
             "posts": [{"id": "chair", "organization_id": "gone"}],
             "memberships": [{"person_id": "p", "post_id": "chair"}]})",
         "memberships[0]", "post_id"},
        {R"({"events": [{"id": "e", "organization_id": "gone", "start_date": "2020-01-01"}]})", "events[0]",
         "organization_id"},
        {R"({"events": [{"id": "e"}], "motions": [{"id": "m", "legislative_session_id": "gone"}]})", "motions[0]",
         "legislative_session_id"},
    };
    for (const auto& [doc, path, field] : dangling) {
        try {
            (void)io::read_popolo_json(write_text("dangling.json", doc));
            ADD_FAILURE() << path << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.file(), "dangling.json");
            EXPECT_EQ(e.field(), field) << e.what();
            EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("\"gone\""), std::string::npos) << e.what();
        }
    }
    // Skip mode without a list to fill still leaves the bad records out.
    io::popolo_read_options o;
    o.skip_bad_records = true;
    EXPECT_EQ(io::read_popolo_json(write_text("skip.json", skip_doc), o).meetings().size(), 2u);
}

TEST(popolo_skip, good_files_read_the_same_and_list_nothing) {
    for (const char* name : {"tas_local_councillor_popolo.json", "council_meetings.json"}) {
        const fs::path f = popolo_dir / name;
        std::vector<io::problem> skipped;
        const dataset strict = io::read_popolo_json(f);
        EXPECT_TRUE(io::read_popolo_json(f, skipping(skipped)) == strict) << name;
        EXPECT_TRUE(skipped.empty()) << name << ": " << (skipped.empty() ? "" : io::to_string(skipped[0]));
    }
    // The Tasmanian file, as its SOURCE.md counts it: 29 councils, 4 parties, 263 persons.
    std::vector<io::problem> skipped;
    const dataset tas = io::read_popolo_json(popolo_dir / "tas_local_councillor_popolo.json", skipping(skipped));
    EXPECT_EQ(tas.bodies().size(), 29u);
    EXPECT_EQ(tas.organizations().size(), 4u);
    EXPECT_EQ(tas.persons().size(), 263u);
}

TEST(popolo_skip, is_reached_through_io_read) {
    const fs::path f = write_text("skip.json", skip_doc);
    std::vector<io::problem> direct;
    const dataset d = io::read_popolo_json(f, skipping(direct));
    io::read_options o;
    o.format = io::data_format::popolo;
    o.on_error = io::error_policy::skip;
    const auto through_read = io::read(f, o);
    EXPECT_TRUE(through_read.data == d);
    EXPECT_EQ(through_read.problems.size(), 19u);  // the 19 records marked bad or depending on one
    EXPECT_EQ(through_read.problems, direct);
    o.on_error = io::error_policy::raise;
    EXPECT_THROW((void)io::read(f, o), parse_error);
}
