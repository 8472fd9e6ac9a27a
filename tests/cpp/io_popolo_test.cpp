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
#include "test_files.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
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
    const fs::path dir = civica_test::scratch_file("popolo");
    fs::create_directories(dir);
    return dir / name;
}

fs::path write_text(const std::string& name, const std::string& text) {
    const fs::path p = temp_path(name);
    std::ofstream(p) << text;
    return p;
}

/// Skip mode, listing what is left out in `skipped`.
io::popolo_read_options skipping(std::vector<io::problem>& skipped) {
    io::popolo_read_options o;
    o.skip_bad_records = true;
    o.skipped = &skipped;
    return o;
}

/// Where to write a dataset read from `read_from` so that it reads back under the same name (a
/// dataset read from Popolo is named after its file's stem).
fs::path export_path(const fs::path& read_from) {
    const fs::path dir = temp_path("export");
    fs::create_directories(dir);
    return dir / read_from.filename();
}

/// popolo-spec's examples (CC BY 4.0, tests/data/popolo/SOURCE.md).
const fs::path spec_examples = fs::path(CIVICA_TEST_DATA_DIR) / "popolo" / "spec-examples";

json read_json(const fs::path& f) {
    std::ifstream in(f);
    return json::parse(in);
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
    const fs::path out = export_path("tas_local_councillor_popolo.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

// What write_popolo_json's doc promises of a dataset with more than Popolo carries: the
// councils' tables unchanged, and of persons, organisations and municipalities their ids,
// names and an organisation's INN and OGRN, not the rest.
TEST(popolo, a_dataset_written_back_keeps_the_councils_and_the_names_of_the_rest) {
    dataset d;
    municipality m;
    m.id = municipality_id("khanty-mansiysk");
    m.name = "Ханты-Мансийск";
    m.oktmo = "71871000";
    m.region = "Ханты-Мансийский автономный округ – Югра";
    d.add(m);
    organization o;
    o.id = organization_id("ngo-1");
    o.full_name = "АНО «Ресурсный центр»";
    o.short_name = "Ресурсный центр";
    o.okopf = 71400;
    o.inn = "7707083893";
    o.municipality = m.id;
    d.add(o);
    person p;
    p.id = person_id("p-1");
    p.display_name = "Иванова И. И.";
    p.municipality = m.id;
    d.add(p);
    collegial_body b;
    b.id = body_id("chamber");
    b.name = "Общественная палата";
    b.kind = body_kind::public_chamber;
    b.municipality = m.id;
    d.add(b);
    meeting mt;
    mt.id = meeting_id("chamber-1");
    mt.body = b.id;
    mt.held = date(2020, 3, 5);
    mt.attendance = 12;
    d.add(mt);

    const fs::path out = export_path("written_back_names.json");
    io::write_popolo_json(d, out);
    const dataset back = io::read_popolo_json(out);
    EXPECT_TRUE(back.bodies() == d.bodies());
    EXPECT_TRUE(back.meetings() == d.meetings());
    ASSERT_EQ(back.organizations().size(), 1u);
    EXPECT_EQ(back.organizations()[0].id, o.id);
    EXPECT_EQ(back.organizations()[0].full_name, o.full_name);
    EXPECT_EQ(back.organizations()[0].inn, o.inn);
    EXPECT_TRUE(back.organizations()[0].short_name.empty());  // not written
    EXPECT_EQ(back.organizations()[0].okopf, 0);
    EXPECT_TRUE(back.organizations()[0].municipality.empty());
    ASSERT_EQ(back.persons().size(), 1u);
    EXPECT_EQ(back.persons()[0].display_name, p.display_name);
    EXPECT_TRUE(back.persons()[0].municipality.empty());
    ASSERT_EQ(back.municipalities().size(), 1u);
    EXPECT_EQ(back.municipalities()[0].name, m.name);
    EXPECT_TRUE(back.municipalities()[0].oktmo.empty());
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

    const fs::path out = export_path("council_meetings.json");
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
    const fs::path out = export_path("nested.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

// Names and texts some exporters write as numbers (a council called 5, a motion whose text is
// a year) read as their digits; they read as nothing before, and a body then took its id as
// its name. Ids stay strict: a number there is an error (below).
TEST(popolo, a_name_or_text_given_as_a_whole_number_reads_as_its_digits) {
    const json doc = {
        {"areas", {{{"id", "a1"}, {"name", 12}}}},
        {"organizations", {{{"id", "c"}, {"name", 5}, {"classification", "council"}, {"area_id", "a1"}},
                           {{"id", "o"}, {"name", 7}}}},
        {"persons", {{{"id", "p"}, {"name", 42}}}},
        {"memberships", {{{"person_id", "p"}, {"organization_id", "c"}, {"label", 2024}}}},
        {"events", {{{"id", "m"}, {"organization_id", "c"}, {"start_date", "2024-03-01"}},
                    {{"id", "i"}, {"parent_id", "m"}, {"name", 1}}}},
        {"motions", {{{"id", "mo"}, {"legislative_session_id", "m"}, {"text", 2025}}}}};
    const dataset d = io::read_popolo_json(write_text("numbers.json", doc.dump()));
    ASSERT_EQ(d.municipalities().size(), 1u);
    EXPECT_EQ(d.municipalities()[0].name, "12");
    ASSERT_EQ(d.bodies().size(), 1u);
    EXPECT_EQ(d.bodies()[0].name, "5");
    EXPECT_EQ(d.organizations().size(), 1u);
    EXPECT_EQ(d.organizations()[0].full_name, "7");
    EXPECT_EQ(d.persons()[0].display_name, "42");
    EXPECT_EQ(d.membership_terms()[0].note, "2024");
    ASSERT_EQ(d.agenda_questions().size(), 2u);
    EXPECT_EQ(d.agenda_question_at(0).title, "1");
    EXPECT_EQ(d.agenda_question_at(1).title, "2025");
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
    const io::popolo_read_options o = skipping(skipped);
    const dataset d = io::read_popolo_json(write_text("no-date.json", doc.dump()), o);
    EXPECT_EQ(d.meetings().size(), 0u);
    EXPECT_EQ(d.agenda_questions().size(), 0u);
    std::set<std::string> listed;
    for (const auto& p : skipped) listed.insert(p.record_id);
    EXPECT_EQ(listed, (std::set<std::string>{"m", "i1", "i2", "s1", "s2", "s3", "mo1", "mo2", "mo3"}));
}

// docs/formats.md: an event of a body is a meeting only when no event of a body is above it,
// at any depth; a sub-item that names the body (and a date) is still counted with its item.
// The document is the audit's; the expected rows were worked out by hand.
TEST(popolo, a_sub_item_that_names_the_body_is_counted_with_its_item_not_a_meeting) {
    json doc = json::parse(R"({"organizations": [{"id": "oc", "name": "Совет", "classification": "council"}],
      "events": [{"id": "m1", "organization_id": "oc", "start_date": "2020-03-01"},
                 {"id": "i1", "name": "Бюджет", "parent_id": "m1"},
                 {"id": "s1", "name": "Доходы", "parent_id": "i1", "organization_id": "oc",
                  "start_date": "2020-03-01"}]})");
    for (const bool dated : {true, false}) {
        if (!dated) doc["events"][2].erase("start_date");  // not a meeting, so no date is needed
        const dataset d = io::read_popolo_json(write_text("sub-item.json", doc.dump()));
        ASSERT_EQ(d.meetings().size(), 1u) << dated;
        EXPECT_EQ(d.meetings()[0].id.str(), "m1");
        ASSERT_EQ(d.agenda_questions().size(), 1u) << dated;
        EXPECT_EQ(d.agenda_question_at(0).id.str(), "i1");
        EXPECT_EQ(d.agenda_question_at(0).title, "Бюджет; Доходы");
    }
    // Deeper still: a sub-sub-item of the body under a sub-item that does not name it.
    doc["events"].push_back({{"id", "s2"}, {"name", "Налоги"}, {"parent_id", "s1"}, {"organization_id", "oc"}});
    const dataset d = io::read_popolo_json(write_text("sub-sub-item.json", doc.dump()));
    EXPECT_EQ(d.meetings().size(), 1u);
    ASSERT_EQ(d.agenda_questions().size(), 1u);
    EXPECT_EQ(d.agenda_question_at(0).title, "Бюджет; Доходы; Налоги");
}

TEST(popolo, a_meeting_and_an_agenda_item_under_one_event_id_are_a_duplicate) {
    // Two meetings, or two items, under one id were refused; a meeting and an item were not, and
    // the item's sub-item (parent_id "e1") was taken for a question of the meeting e1.
    const json doc = json::parse(R"({"organizations": [{"id": "b", "name": "Совет", "classification": "council"}],
      "events": [{"id": "e1", "organization_id": "b", "start_date": "2021-03-01"},
                 {"id": "m2", "organization_id": "b", "start_date": "2021-04-01"},
                 {"id": "e1", "name": "Бюджет", "parent_id": "m2"},
                 {"id": "s1", "name": "Доходы", "parent_id": "e1"}]})");
    const fs::path f = write_text("shared-event-id.json", doc.dump());
    try {
        (void)io::read_popolo_json(f);
        ADD_FAILURE() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.field(), "id");
        EXPECT_NE(std::string(e.what()).find("events[2]: event \"e1\": duplicate id (events[0] has it)"),
                  std::string::npos)
            << e.what();
    }
    std::vector<io::problem> skipped;
    const dataset d = io::read_popolo_json(f, skipping(skipped));
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].check, "duplicate_id");
    EXPECT_EQ(d.meetings().size(), 2u);
    // The first event keeps the id: s1 is nested in the meeting e1, an agenda item of it.
    ASSERT_EQ(d.agenda_questions().size(), 1u);
    EXPECT_EQ(d.agenda_question_at(0).id.str(), "s1");
}

TEST(popolo, an_organisation_and_a_council_under_one_id_are_refused_in_both_directions) {
    // civica keeps them in two tables, Popolo in one list: the writer wrote the id twice, and the
    // reader took such a file (two plain organisations under one id it refused).
    dataset d;
    organization o;
    o.id = organization_id("x1");
    o.full_name = "НКО Икс";
    d.add(o);
    collegial_body b;
    b.id = body_id("x1");
    b.name = "Общественный совет";
    d.add(b);
    const fs::path out = export_path("clash.json");
    std::filesystem::remove(out);
    try {
        io::write_popolo_json(d, out);
        ADD_FAILURE() << "written";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("collegial body \"x1\" and organization \"x1\" share an id"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
    const json doc = json::parse(R"({"organizations": [{"id": "x1", "name": "НКО Икс"},
      {"id": "x1", "name": "Общественный совет", "classification": "council"}]})");
    const fs::path f = write_text("org-and-council.json", doc.dump());
    try {
        (void)io::read_popolo_json(f);
        ADD_FAILURE() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find("organizations[1]: organization \"x1\": duplicate id (organizations[0] has it)"),
                  std::string::npos)
            << e.what();
    }
    std::vector<io::problem> skipped;
    const dataset back = io::read_popolo_json(f, skipping(skipped));
    ASSERT_EQ(skipped.size(), 1u);
    EXPECT_EQ(skipped[0].check, "duplicate_id");
    EXPECT_EQ(back.organizations().size(), 1u);
    EXPECT_EQ(back.bodies().size(), 0u);
}

TEST(popolo, a_deep_chain_of_sub_items_and_a_long_cycle_are_read_whole) {
    // Each event walked its chain of parents to the top, so a chain of n sub-items took n^2/2
    // steps (16 000 levels: 10 s); a walk now stops where an earlier one passed.
    constexpr int depth = 20000;
    json doc = json::parse(R"({"organizations": [{"id": "oc", "name": "Совет", "classification": "council"}],
      "events": [{"id": "m", "organization_id": "oc", "start_date": "2020-03-01"},
                 {"id": "e1", "name": "n1", "parent_id": "m"}]})");
    std::string title = "n1";
    for (int i = 2; i <= depth; ++i) {
        // Every other sub-item names the body, as a sub-item may (it is still not a meeting).
        json e = {{"id", "e" + std::to_string(i)}, {"name", "n" + std::to_string(i)},
                  {"parent_id", "e" + std::to_string(i - 1)}};
        if (i % 2) e["organization_id"] = "oc";
        doc["events"].push_back(e);
        title += "; n" + std::to_string(i);
    }
    for (int i = 0; i < depth; ++i)
        doc["motions"].push_back({{"id", "mo" + std::to_string(i)}, {"text", "t"},
                                  {"legislative_session_id", "e" + std::to_string(depth - i)}});
    const dataset d = io::read_popolo_json(write_text("deep.json", doc.dump()));
    ASSERT_EQ(d.meetings().size(), 1u);
    ASSERT_EQ(d.agenda_questions().size(), 1u);
    EXPECT_EQ(d.agenda_question_at(0).title.substr(0, title.size()), title);
    EXPECT_EQ(d.agenda_question_at(0).title.size(), title.size() + depth * std::string("; t").size());

    // A cycle of sub-items: each of its events is listed once, as a cycle, in skip mode.
    json cycle = json::parse(R"({"organizations": [{"id": "oc", "name": "Совет", "classification": "council"}],
      "events": [{"id": "m", "organization_id": "oc", "start_date": "2020-03-01"}]})");
    for (int i = 0; i < depth; ++i)
        cycle["events"].push_back({{"id", "c" + std::to_string(i)}, {"parent_id", "c" + std::to_string((i + 1) % depth)}});
    std::vector<io::problem> skipped;
    const io::popolo_read_options o = skipping(skipped);
    const dataset c = io::read_popolo_json(write_text("cycle.json", cycle.dump()), o);
    EXPECT_EQ(c.meetings().size(), 1u);
    EXPECT_EQ(c.agenda_questions().size(), 0u);
    ASSERT_EQ(skipped.size(), static_cast<std::size_t>(depth));
    for (const auto& p : skipped) EXPECT_NE(p.message.find("form a cycle"), std::string::npos) << p.message;
}

// popolo-spec schemas/event.json: `attendees`, an array of persons. A meeting's attendance is
// the number of distinct persons by id, each one without an id counted once; worked out by
// hand for each document below.
TEST(popolo, a_meetings_attendance_is_its_number_of_distinct_attendees) {
    const std::string head = R"({"organizations": [{"id": "c", "classification": "council"}], "events": [)";
    auto attendance_of = [&](const std::string& attendees) {
        const dataset d = io::read_popolo_json(write_text(
            "attendees.json",
            head + R"({"id": "m", "organization_id": "c", "start_date": "2020-01-01")" + attendees + "}]}"));
        return d.meetings()[0].attendance;
    };
    EXPECT_EQ(attendance_of(""), std::nullopt);  // no attendees: unknown
    EXPECT_EQ(attendance_of(R"(, "attendees": null)"), std::nullopt);
    EXPECT_EQ(attendance_of(R"(, "attendees": [])"), 0);
    EXPECT_EQ(attendance_of(R"(, "attendees": [{"id": "a"}, {"id": "b", "name": "B"}, {"id": "a"}])"), 2);
    EXPECT_EQ(attendance_of(R"(, "attendees": [{"id": "a"}, {"name": "guest"}, {}, "a", "b"])"), 4);

    // Not an array, or an entry that is not a person: a bad value naming the event and field.
    for (const std::string bad : {R"(, "attendees": 12)", R"(, "attendees": [{"id": "a"}, 7])"}) {
        const fs::path f = write_text("bad-attendees.json", head + R"({"id": "m", "organization_id": "c",
            "start_date": "2020-01-01")" + bad + "}]}");
        try {
            (void)io::read_popolo_json(f);
            ADD_FAILURE() << bad << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.field(), "attendees") << e.what();
            EXPECT_NE(std::string(e.what()).find("events[0]"), std::string::npos) << e.what();
        }
        std::vector<io::problem> skipped;
        const io::popolo_read_options o = skipping(skipped);
        EXPECT_EQ(io::read_popolo_json(f, o).meetings().size(), 0u);
        ASSERT_EQ(skipped.size(), 1u);
        EXPECT_EQ(skipped[0].check, "bad_value");
        EXPECT_EQ(skipped[0].field, "attendees");
        EXPECT_EQ(skipped[0].record_id, "m");
    }

    // The writer writes N attendees without an id (civica knows how many, not who): no person
    // ids are made up, and the file reads back to the same attendance.
    dataset d;
    d.add(collegial_body{body_id("c"), "Совет", body_kind::public_council, {}, {}});
    meeting m{meeting_id("m"), body_id("c"), date(2021, 5, 1), meeting_format::in_person, 3};
    d.add(m);
    m.id = meeting_id("none-present");
    m.format = meeting_format::absentee;
    m.attendance = 0;
    d.add(m);
    m.id = meeting_id("unknown");
    m.attendance = std::nullopt;
    d.add(m);
    const fs::path out = export_path("attendance.json");
    io::write_popolo_json(d, out);
    const json written = read_json(out);
    EXPECT_EQ(written["events"][0]["attendees"], json::parse("[{}, {}, {}]"));
    EXPECT_EQ(written["events"][1]["attendees"], json::array());
    EXPECT_FALSE(written["events"][2].contains("attendees"));
    const dataset back = io::read_popolo_json(out);
    ASSERT_EQ(back.meetings().size(), 3u);
    EXPECT_EQ(back.meetings()[0].attendance, 3);
    EXPECT_EQ(back.meetings()[1].attendance, 0);
    EXPECT_EQ(back.meetings()[2].attendance, std::nullopt);
}

TEST(popolo, a_dataset_needing_more_unnamed_members_than_a_file_holds_is_refused_and_nothing_written) {
    // A term of 2^31 - 1 members (the model's largest) was written as that many memberships:
    // the process ran out of memory. The bound counts memberships and attendees together.
    dataset d;
    d.add(collegial_body{body_id("c"), "Совет", body_kind::public_council, {}, {}});
    d.add(membership_term{body_id("c"), period{date(2020, 1, 1), date(2024, 12, 31)},
                          static_cast<int>(io::popolo_max_unnamed_records), ""});
    d.add(meeting{meeting_id("m"), body_id("c"), date(2021, 5, 1), meeting_format::in_person, 1});
    const fs::path out = export_path("many-members.json");
    fs::remove(out);
    try {
        io::write_popolo_json(d, out);
        ADD_FAILURE() << "written";
    } catch (const civica::validation_error& e) {
        EXPECT_NE(std::string(e.what()).find("need 1000001,"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("body \"c\" has 1000000 members"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(out));
}

// The spec's own event example (one Legislative session of the Parliament of Canada, one
// attendee), put in a document with its organisation and its parent event.
TEST(popolo, reads_the_attendance_of_the_spec_event_example) {
    const json event = read_json(spec_examples / "event.json");
    const json doc = {{"organizations", {{{"id", "parliament-of-canada"}, {"classification", "legislature"}}}},
                      {"events", {{{"id", "parliament-41"}}, event}}};
    const dataset d = io::read_popolo_json(write_text("canada.json", doc.dump()));
    ASSERT_EQ(d.meetings().size(), 1u);
    EXPECT_EQ(d.meetings()[0].id.str(), "parliament-41-session-1");
    EXPECT_EQ(d.meetings()[0].held, date(2011, 6, 2));
    EXPECT_EQ(d.meetings()[0].attendance, 1);  // [{"id": "andrew-scheer"}]
}

// popolo-spec allows related records embedded in a record instead of named by id. The same
// council written both ways (tests/data/popolo/embedded.json and embedded_flat.json, written for
// these tests) reads to the same dataset; the rows were also worked out by hand.
TEST(popolo, embedded_records_read_as_the_same_records_written_flat) {
    const dataset d = io::read_popolo_json(popolo_dir / "embedded.json");
    dataset flat = io::read_popolo_json(popolo_dir / "embedded_flat.json");
    EXPECT_EQ(d.info().name, "embedded");
    flat.info().name = d.info().name;
    EXPECT_TRUE(d == flat);

    // By hand: the area embedded in the council; the committee is the council's child; the party
    // is embedded in p1's membership, p3 in the committee's.
    ASSERT_EQ(d.municipalities().size(), 1u);
    EXPECT_EQ(d.municipalities()[0].name, "Город");
    ASSERT_EQ(d.bodies().size(), 2u);
    EXPECT_EQ(d.get(body_id("council")).municipality.str(), "city");
    EXPECT_EQ(d.get(body_id("committee")).attached_to, "Совет депутатов");
    ASSERT_EQ(d.organizations().size(), 1u);
    EXPECT_EQ(d.organizations()[0].id.str(), "party");
    ASSERT_EQ(d.persons().size(), 3u);
    EXPECT_EQ(d.get(person_id("p3")).display_name, "Вера Иванова");
    // The council 2020–2024: p1 through the chair post (embedded in the council) and p2 (in the
    // council's memberships and in p2's own, counted once); the committee: p3.
    const auto& terms = d.membership_terms();
    ASSERT_EQ(terms.size(), 2u);
    EXPECT_EQ(terms[0].body.str(), "council");
    EXPECT_EQ(terms[0].term.start, date(2020, 1, 1));
    EXPECT_EQ(terms[0].term.end, date(2024, 12, 31));
    EXPECT_EQ(terms[0].members, 2);
    EXPECT_EQ(terms[1].body.str(), "committee");
    EXPECT_EQ(terms[1].members, 1);
    // m1 (its organization embedded) with p1, p2 and a guest; m2 with nobody listed. The
    // children of m1 are its items; s1 (naming the council) is counted with i1; mo1's session
    // m2 and mo2's item i2 are embedded references.
    ASSERT_EQ(d.meetings().size(), 2u);
    EXPECT_EQ(d.meetings()[0].body.str(), "council");
    EXPECT_EQ(d.meetings()[0].attendance, 3);
    EXPECT_EQ(d.meetings()[1].attendance, 0);
    ASSERT_EQ(d.agenda_questions().size(), 3u);
    EXPECT_EQ(d.agenda_question_at(0).title, "Бюджет; Доходы");
    EXPECT_EQ(d.agenda_question_at(0).meeting.str(), "m1");
    EXPECT_EQ(d.agenda_question_at(1).title, "Прочее; Поправка");
    EXPECT_EQ(d.agenda_question_at(2).id.str(), "mo1");
    EXPECT_EQ(d.agenda_question_at(2).meeting.str(), "m2");

    std::vector<io::problem> skipped;
    const io::popolo_read_options o = skipping(skipped);
    EXPECT_TRUE(io::read_popolo_json(popolo_dir / "embedded.json", o) == d);
    EXPECT_TRUE(skipped.empty()) << io::to_string(skipped.at(0));
}

// popolo-spec's embedding-*.json examples, each put in a document of its collection: what
// they embed is read as if the file listed it. The spec's organisation is made a council so
// that its memberships become terms.
TEST(popolo, reads_the_spec_embedding_examples_in_a_document) {
    const json abc_council = {{"id", "abc-inc"}, {"name", "ABC, Inc."}, {"classification", "council"}};
    // The spec's two memberships of John Q. Public: 1970-01..1971-12-31 and 1972-01-01..1980-03-15.
    auto expect_two_terms = [](const dataset& d, const std::string& what) {
        const auto& t = d.membership_terms();
        ASSERT_EQ(t.size(), 2u) << what;
        EXPECT_EQ(t[0].term.start, date(1970, 1, 1)) << what;
        EXPECT_EQ(t[0].term.end, date(1971, 12, 31)) << what;
        EXPECT_EQ(t[1].term.start, date(1972, 1, 1)) << what;
        EXPECT_EQ(t[1].term.end, date(1980, 3, 15)) << what;
        for (const auto& term : t) EXPECT_EQ(term.members, 1) << what;
    };
    json org = read_json(spec_examples / "embedding-organization.json");
    org["classification"] = "council";
    expect_two_terms(io::read_popolo_json(write_text("org.json", json{{"organizations", {org}}}.dump())),
                     "embedding-organization");
    const json person = read_json(spec_examples / "embedding-person.json");
    const dataset by_person = io::read_popolo_json(
        write_text("person.json", json{{"organizations", {abc_council}}, {"persons", {person}}}.dump()));
    expect_two_terms(by_person, "embedding-person");
    EXPECT_EQ(by_person.persons().size(), 1u);

    // One membership with its organisation, person and post embedded: the organisation (not a
    // body as the spec gives it) and the person are records of the file.
    const json membership = read_json(spec_examples / "embedding-membership.json");
    const dataset by_membership =
        io::read_popolo_json(write_text("membership.json", json{{"memberships", {membership}}}.dump()));
    ASSERT_EQ(by_membership.organizations().size(), 1u);
    EXPECT_EQ(by_membership.organizations()[0].full_name, "ABC, Inc.");
    ASSERT_EQ(by_membership.persons().size(), 1u);
    EXPECT_EQ(by_membership.persons()[0].display_name, "Mr. John Q. Public, Esq.");
    // The same with the organisation listed as a council: the embedded one is a reference to it.
    const dataset as_council = io::read_popolo_json(
        write_text("membership.json", json{{"organizations", {abc_council}}, {"memberships", {membership}}}.dump()));
    ASSERT_EQ(as_council.membership_terms().size(), 1u);
    EXPECT_EQ(as_council.membership_terms()[0].term.end, date(1980, 3, 15));
    EXPECT_EQ(as_council.organizations().size(), 0u);

    // A post with its organisation and memberships embedded: the membership is the council's
    // through the post.
    json post = read_json(spec_examples / "embedding-post.json");
    post["organization"]["classification"] = "council";
    const dataset by_post = io::read_popolo_json(write_text("post.json", json{{"posts", {post}}}.dump()));
    ASSERT_EQ(by_post.bodies().size(), 1u);
    ASSERT_EQ(by_post.membership_terms().size(), 1u);
    EXPECT_EQ(by_post.membership_terms()[0].term.start, date(1972, 1, 1));
}

// A single record at the top (the spec's embedding examples themselves) is not a document: its
// "memberships" and "posts" are the record's own.
TEST(popolo, a_single_record_is_not_a_document) {
    std::vector<fs::path> files;
    for (const char* name : {"embedding-organization.json", "embedding-person.json", "event.json"})
        files.push_back(spec_examples / name);
    files.push_back(write_text("one-person.json", R"({"id": "p1", "name": "Анна", "memberships": []})"));
    for (const auto& f : files) {
        try {
            (void)io::read_popolo_json(f);
            ADD_FAILURE() << f << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.file(), f.filename().string());
            EXPECT_NE(std::string(e.what()).find("not a Popolo document: a single record (it has an id)"),
                      std::string::npos)
                << e.what();
            EXPECT_NE(std::string(e.what()).find(R"({"organizations": [...], "persons": [...]})"), std::string::npos)
                << e.what();
        }
    }
}

// The spec's motion.json is a single record without an id whose "vote_events" holds the ids of
// its vote events: a field of the record, not a collection, so not an empty document.
TEST(popolo, a_single_record_whose_field_looks_like_a_collection_is_not_a_document) {
    try {
        (void)io::read_popolo_json(spec_examples / "motion.json");
        ADD_FAILURE() << "motion.json was read";
    } catch (const parse_error& e) {
        EXPECT_EQ(e.file(), "motion.json");
        EXPECT_EQ(e.field(), "vote_events[0]");
        EXPECT_NE(std::string(e.what()).find("\"vote_events\" holds string values, not records"), std::string::npos)
            << e.what();
    }
    // A collection of records is still read (a vote event civica keeps no table for).
    EXPECT_NO_THROW((void)io::read_popolo_json(
        write_text("votes.json", R"({"organizations": [{"id": "c", "name": "C"}], "vote_events": [{"id": "v1"}]})")));
}

// Every problem of an embedded record names its place in the file, not an index in a
// collection the file does not have. Each document has one mistake; paths worked out by hand.
TEST(popolo, errors_in_embedded_records_name_their_path_in_the_file) {
    const std::string council = R"({"id": "c", "name": "C", "classification": "council")";
    struct bad_case {
        std::string doc, path, field, check;
    };
    const std::vector<bad_case> cases = {
        // a date that does not parse, in a membership nested in the second person
        {R"({"organizations": [)" + council + R"(}], "persons": [{"id": "p0"}, {"id": "p1",
            "memberships": [{"organization_id": "c", "start_date": "2020-13-01"}]}]})",
         "persons[1].memberships[0]", "start_date", "bad_value"},
        // an event nested two deep that names an organisation the file does not have
        {R"({"organizations": [)" + council + R"(}], "events": [{"id": "m", "organization_id": "c",
            "start_date": "2020-01-01", "children": [{"id": "i", "children": [{"id": "x",
            "organization_id": "gone"}]}]}]})",
         "events[0].children[0].children[0]", "organization_id", "unknown_reference"},
        // a meeting embedded as a motion's session without a start_date
        {R"({"organizations": [)" + council + R"(}], "motions": [{"id": "mo",
            "legislative_session": {"id": "m", "organization_id": "c"}}]})",
         "motions[0].legislative_session", "start_date", "missing_value"},
        // an embedded organisation without an id
        {R"({"memberships": [{"person_id": "p", "organization": {"name": "somewhere"}}]})", "memberships[0]",
         "organization", "missing_value"},
        // memberships that are not an array
        {R"({"organizations": [)" + council + R"(, "memberships": {"person_id": "p"}}]})", "organizations[0]",
         "memberships", "bad_value"},
        // an embedded record and the *_id naming different records
        {R"({"organizations": [)" + council + R"(}], "events": [{"id": "m", "organization_id": "c",
            "organization": {"id": "other"}, "start_date": "2020-01-01"}]})",
         "events[0]", "organization_id", "bad_value"},
        // a nested membership whose person_id is not its person's
        {R"({"persons": [{"id": "p", "memberships": [{"person_id": "q"}]}]})", "persons[0].memberships[0]",
         "person_id", "bad_value"},
        // a membership nested in a post without an id (the post cannot be named)
        {R"({"organizations": [)" + council + R"(, "posts": [{"label": "chair", "memberships": [{"person_id":
            "p"}]}]}]})",
         "organizations[0].posts[0].memberships[0]", "post_id", "missing_value"},
    };
    for (const auto& c : cases) {
        const fs::path f = write_text("embedded-bad.json", c.doc);
        try {
            (void)io::read_popolo_json(f);
            ADD_FAILURE() << c.path << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.field(), c.field) << e.what();
            EXPECT_EQ(e.reason().substr(0, c.path.size() + 1), c.path + ":") << e.what();
        }
        std::vector<io::problem> skipped;
        const io::popolo_read_options o = skipping(skipped);
        (void)io::read_popolo_json(f, o);
        ASSERT_FALSE(skipped.empty()) << c.path;
        EXPECT_EQ(skipped[0].message.substr(0, c.path.size() + 1), c.path + ":") << skipped[0].message;
        EXPECT_EQ(skipped[0].field, c.field) << skipped[0].message;
        EXPECT_EQ(skipped[0].check, c.check) << skipped[0].message;
    }
}

// Skip mode: a body left out for a fault of its embedded forms leaves out its memberships,
// meetings and their items, each listed; the nested items name their own path.
TEST(popolo_skip, the_records_of_a_body_left_out_for_an_embedded_fault_are_listed) {
    const fs::path f = write_text("bad-body.json", R"({"organizations": [
        {"id": "c", "classification": "council", "children": "not an array"}],
      "memberships": [{"person_id": "p", "organization_id": "c"}],
      "events": [{"id": "m", "organization_id": "c", "start_date": "2020-01-01",
                  "children": [{"id": "i", "name": "item"}]}]})");
    std::vector<io::problem> skipped;
    const io::popolo_read_options o = skipping(skipped);
    const dataset d = io::read_popolo_json(f, o);
    EXPECT_EQ(d.bodies().size() + d.membership_terms().size() + d.meetings().size() + d.agenda_questions().size(), 0u);
    std::vector<std::pair<std::string, std::string>> got;
    for (const auto& p : skipped) got.emplace_back(p.message.substr(0, p.message.find(':')), p.check);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"organizations[0]", "bad_value"},
        {"memberships[0]", "unknown_reference"},
        {"events[0]", "unknown_reference"},
        {"events[0].children[0]", "unknown_reference"},
    };
    EXPECT_EQ(got, expected);
}

// Reports say «name»: a dataset read from Popolo is named after its file, as one read from a
// 360Giving package without an identifier.
TEST(popolo, a_dataset_is_named_after_its_file) {
    EXPECT_EQ(io::read_popolo_json(popolo_dir / "council_meetings.json").info().name, "council_meetings");
    EXPECT_EQ(io::read_popolo_json(popolo_dir / "tas_local_councillor_popolo.json").info().name,
              "tas_local_councillor_popolo");
    // And it reads back under that name when written to a file of the same name.
    const dataset d = io::read_popolo_json(popolo_dir / "council_meetings.json");
    const fs::path out = export_path("council_meetings.json");
    io::write_popolo_json(d, out);
    EXPECT_EQ(io::read_popolo_json(out).info().name, "council_meetings");
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
    const fs::path out = export_path("skip.json");
    io::write_popolo_json(d, out);
    EXPECT_TRUE(io::read_popolo_json(out) == d);
}

TEST(popolo_skip, lists_each_left_out_record_with_its_path_field_id_and_rule) {
    const fs::path f = write_text("skip.json", skip_doc);
    std::vector<io::problem> skipped;
    (void)io::read_popolo_json(f, skipping(skipped));

    // {path, field, id, check}, in the order the reader meets them (areas, organizations,
    // persons, memberships, events' ids, meetings, then agenda items), worked out from the
    // "bad" marks.
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
        {"events[5]", "id", "e1", "duplicate_id"},
        {"events[2]", "start_date", "e2", "bad_value"},
        {"events[4]", "start_date", "e3", "missing_value"},
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
    // One mistake each, as before skip mode existed: parse errors naming the record's JSON
    // path, for the reader's rules and for the model's (a duplicate id, a term that ends before
    // it starts) alike.
    try {
        (void)io::read_popolo_json(write_text("event.json", R"({"organizations": [{"id": "c",
            "classification": "council"}], "events": [{"id": "e", "organization_id": "c", "start_date": "2020-13-01"}]})"));
        FAIL();
    } catch (const parse_error& e) {
        EXPECT_EQ(e.field(), "start_date");
        EXPECT_NE(std::string(e.what()).find("events[0]"), std::string::npos) << e.what();
    }
    const std::vector<std::tuple<std::string, std::string, std::string>> model_rules = {
        {R"({"organizations": [{"id": "c", "classification": "council"}, {"id": "c", "classification": "council"}]})",
         "organizations[1]: ", "duplicate id"},
        {R"({"organizations": [{"id": "c", "classification": "council"}], "memberships": [{"organization_id": "c",
             "start_date": "2021", "end_date": "2020"}]})",
         "memberships[0]: ", "before"}};
    for (const auto& [doc, path, rule] : model_rules) {
        try {
            (void)io::read_popolo_json(write_text("model.json", doc));
            ADD_FAILURE() << path << " was read";
        } catch (const parse_error& e) {
            EXPECT_EQ(e.file(), "model.json");
            EXPECT_EQ(e.reason().rfind(path, 0), 0u) << e.what();
            EXPECT_NE(e.reason().find(rule), std::string::npos) << e.what();
        }
    }
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

TEST(popolo, a_reference_or_date_of_another_json_type_than_text_is_a_bad_value_not_an_absent_one) {
    // Before, each was read as absent: the membership with start_date 2020 became a term with
    // no start, and the membership, the meeting and the motion whose reference was a number
    // vanished, with no problem listed (validate: "no problems found").
    const json doc = json::parse(R"({"organizations": [{"id": "c1", "name": "Совет", "classification": "council"}],
      "memberships": [{"organization_id": "c1", "start_date": "2020-01-01", "end_date": "2022-12-31"},
                      {"organization_id": "c1", "start_date": 2020, "end_date": "2022-12-31"},
                      {"organization_id": 5, "start_date": "2020-01-01", "end_date": "2022-12-31"}],
      "events": [{"id": "m1", "organization_id": "c1", "start_date": "2020-02-03", "classification": "meeting"},
                 {"id": "m2", "organization_id": 7, "start_date": "2020-03-03", "classification": "meeting"},
                 {"id": "m3", "organization_id": "c1", "start_date": {"date": "2020-04-03"}}],
      "motions": [{"id": "q1", "legislative_session_id": "m1", "text": "A"},
                  {"id": "q2", "legislative_session_id": 1, "text": "B"}]})");
    const fs::path f = write_text("typed.json", doc.dump());
    try {
        (void)io::read_popolo_json(f);
        ADD_FAILURE() << "read";
    } catch (const civica::parse_error& e) {
        EXPECT_EQ(e.field(), "start_date");
        EXPECT_NE(std::string(e.what()).find("memberships[1]: \"start_date\" is a number, not text (a date"),
                  std::string::npos) << e.what();
    }
    std::vector<io::problem> skipped;
    const dataset d = io::read_popolo_json(f, skipping(skipped));
    std::vector<std::pair<std::string, std::string>> where;  // (JSON path, field)
    for (const auto& p : skipped) {
        EXPECT_EQ(p.check, "bad_value") << p.message;
        where.emplace_back(p.path, p.field);
    }
    const std::vector<std::pair<std::string, std::string>> want = {
        {"memberships[1]", "start_date"}, {"memberships[2]", "organization_id"}, {"events[1]", "organization_id"},
        {"events[2]", "start_date"}, {"motions[1]", "legislative_session_id"}};
    EXPECT_EQ(where, want);
    // The good records only: one term from 2020-01-01, meeting m1 and its question q1.
    ASSERT_EQ(d.membership_terms().size(), 1u);
    EXPECT_EQ(d.membership_terms()[0].term.start, date(2020, 1, 1));
    ASSERT_EQ(d.meetings().size(), 1u);
    EXPECT_EQ(d.meetings()[0].id.str(), "m1");
    ASSERT_EQ(d.agenda_questions().size(), 1u);
    EXPECT_EQ(d.agenda_question_at(0).id.str(), "q1");

    // The same in an embedded record, whose link the holder would otherwise have filled in:
    // the membership of c1 naming organisation 5, the person's membership naming person 7.
    const json embedded = json::parse(R"({"organizations": [
        {"id": "c1", "name": "Совет", "classification": "council",
         "memberships": [{"organization_id": 5, "start_date": "2020-01-01", "end_date": "2022-12-31"}]},
        {"id": "c2", "name": "Дума", "classification": "council"}],
      "persons": [{"id": "p1", "name": "А", "memberships": [
        {"organization_id": "c2", "person_id": 7, "start_date": "2020-01-01", "end_date": "2022-12-31"}]}]})");
    const fs::path g = write_text("typed-embedded.json", embedded.dump());
    EXPECT_THROW((void)io::read_popolo_json(g), civica::parse_error);
    skipped.clear();
    const dataset e = io::read_popolo_json(g, skipping(skipped));
    ASSERT_EQ(skipped.size(), 2u);
    for (const auto& p : skipped) EXPECT_NE(p.message.find("is a number, not text (an id)"), std::string::npos) << p.message;
    std::set<std::string> fields{skipped[0].field, skipped[1].field};
    EXPECT_EQ(fields, (std::set<std::string>{"organization_id", "person_id"}));
    EXPECT_EQ(e.membership_terms().size(), 0u);  // before: a term of c1 and one of c2
}
