// Design notes
// - civica's council model keeps a body's terms of membership (period and size), not who sat
//   on it, so memberships are folded into terms: one term per (body, start, end) in order of
//   first appearance, whose size is the number of distinct persons plus memberships that name
//   no person. The writer unfolds a term into that many person-less memberships, which reads
//   back to the same term. A term of unknown size (0) is one membership with role "term".
// - Which organisations are collegial bodies is decided by `classification` (case-insensitive):
//   "...chamber..." is a public chamber; "council", "committee", "public council" a public
//   council; "legislature" (elected local councils, e.g. Australian local government) a body of
//   kind `other`. Everything else is an organisation; "party" sets ОКОПФ 20201 (political
//   parties, DOMAIN.md section 4) so the writer can say "party" again.
// - Everything is collected and checked before the first row is added to a fresh dataset.
#include "civica/io/popolo.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/io/limits.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace civica::io {
namespace {

using json = nlohmann::json;

constexpr int okopf_political_party = 20201;  // DOMAIN.md section 4

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string str(const json& obj, std::string_view key) {
    if (!obj.is_object()) return {};
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& array_of(const json& doc, std::string_view key) {
    static const json empty = json::array();
    auto it = doc.find(key);
    return it != doc.end() && it->is_array() ? *it : empty;
}

struct context {
    std::string file;
    [[noreturn]] void fail(std::string_view array, std::size_t i, std::string_view field,
                           const std::string& why) const {
        throw parse_error(file, 0, 0, std::string(field),
                          std::string(array) + "[" + std::to_string(i) + "]: " + why);
    }
    /// A Popolo date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time. A partial start widens to its
    /// first day, a partial end to its last.
    date day(std::string_view array, std::size_t i, const json& obj, std::string_view key, bool end) const {
        const std::string s = str(obj, key);
        if (s.empty()) return {};
        try {
            const bool digits4 = s.size() >= 4 && std::all_of(s.begin(), s.begin() + 4, [](unsigned char c) { return std::isdigit(c) != 0; });
            if (digits4 && s.size() == 4) {
                const int y = std::stoi(s);
                return end ? date(y, 12, 31) : date(y, 1, 1);
            }
            if (digits4 && s.size() == 7 && s[4] == '-') {
                const date first = parse_date(s + "-01");
                return end ? first.end_of_month() : first;
            }
            return parse_date(s);
        } catch (const parse_error& e) {
            fail(array, i, key, e.reason());
        } catch (const std::exception& e) {
            fail(array, i, key, "\"" + s + "\" is not a date (" + e.what() + ")");
        }
    }
};

std::optional<body_kind> body_kind_of(const std::string& classification) {
    const std::string c = lower(classification);
    if (c.find("chamber") != std::string::npos) return body_kind::public_chamber;
    if (c == "council" || c == "committee" || c == "public council" || c == "public_council")
        return body_kind::public_council;
    if (c == "legislature") return body_kind::other;
    return std::nullopt;
}

meeting_format meeting_format_of(const std::string& classification) {
    const std::string c = lower(classification);
    if (c.find("remote") != std::string::npos) return meeting_format::remote;
    if (c.find("mixed") != std::string::npos) return meeting_format::mixed;
    if (c.find("absentee") != std::string::npos) return meeting_format::absentee;
    return meeting_format::in_person;
}

std::string_view classification_of(meeting_format f) {
    switch (f) {
        case meeting_format::remote: return "remote meeting";
        case meeting_format::mixed: return "mixed meeting";
        case meeting_format::absentee: return "absentee meeting";
        case meeting_format::in_person: break;
    }
    return "meeting";
}

std::string_view classification_of(body_kind k) {
    switch (k) {
        case body_kind::public_chamber: return "chamber";
        case body_kind::public_council: return "council";
        case body_kind::other: break;
    }
    return "legislature";
}

std::string read_text(const std::filesystem::path& file) {
    check_file_size(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw io_error("cannot open " + file.string() + " for reading");
    std::ostringstream buf;
    buf << in.rdbuf();
    return std::move(buf).str();
}

}  // namespace

dataset read_popolo_json(const std::filesystem::path& file) {
    const context ctx{file.filename().string()};
    json doc;
    try {
        const std::string text = read_text(file);
        check_json_depth(text, ctx.file);
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw parse_error(ctx.file, 0, 0, {}, std::string("not valid JSON: ") + e.what());
    } catch (const json::exception& e) {
        // e.g. out_of_range.406: a number too large for a double (1e+400).
        throw parse_error(ctx.file, 0, 0, {}, std::string("not readable JSON: ") + e.what());
    }
    if (!doc.is_object())
        throw parse_error(ctx.file, 0, 0, {}, "not a Popolo document: expected a JSON object with "
                                              "\"persons\", \"organizations\", \"memberships\"…");
    // A collection that is not an array is a malformed document, not an empty one.
    for (const char* key : {"persons", "organizations", "memberships", "posts", "events", "motions", "areas"})
        if (auto it = doc.find(key); it != doc.end() && !it->is_array())
            throw parse_error(ctx.file, 0, 0, key, std::string("\"") + key + "\" must be an array");

    // ---- areas -> municipalities
    std::vector<municipality> municipalities;
    std::unordered_set<std::string> area_ids;
    const json& areas = array_of(doc, "areas");
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const std::string id = str(areas[i], "id");
        if (id.empty()) ctx.fail("areas", i, "id", "an area without an id");
        municipalities.push_back(municipality{municipality_id(id), str(areas[i], "name"), {}, {}, {}});
        area_ids.insert(id);
    }

    // ---- organizations -> bodies or organisations
    std::vector<collegial_body> bodies;
    std::vector<organization> orgs;
    std::unordered_set<std::string> body_ids;
    std::unordered_map<std::string, std::string> org_names;
    const json& organizations = array_of(doc, "organizations");
    for (std::size_t i = 0; i < organizations.size(); ++i)
        org_names[str(organizations[i], "id")] = str(organizations[i], "name");
    for (std::size_t i = 0; i < organizations.size(); ++i) {
        const json& o = organizations[i];
        const std::string id = str(o, "id");
        if (id.empty()) ctx.fail("organizations", i, "id", "an organization without an id");
        const std::string name = str(o, "name");
        const std::string classification = str(o, "classification");
        if (auto kind = body_kind_of(classification)) {
            collegial_body b;
            b.id = body_id(id);
            b.name = name.empty() ? id : name;
            b.kind = *kind;
            if (auto it = o.find("parent"); it != o.end() && it->is_object()) b.attached_to = str(*it, "name");
            if (b.attached_to.empty()) {
                const std::string parent = str(o, "parent_id");
                auto pn = org_names.find(parent);
                b.attached_to = pn != org_names.end() && !pn->second.empty() ? pn->second : parent;
            }
            const std::string area = str(o, "area_id");
            if (area_ids.count(area)) b.municipality = municipality_id(area);
            bodies.push_back(std::move(b));
            body_ids.insert(id);
        } else {
            organization org;
            org.id = organization_id(id);
            org.full_name = name.empty() ? id : name;
            if (lower(classification) == "party") org.okopf = okopf_political_party;
            for (const auto& ident : array_of(o, "identifiers")) {
                const std::string scheme = lower(str(ident, "scheme"));
                const std::string value = str(ident, "identifier");
                if ((scheme == "inn" || scheme == "ru-inn") && ids::is_valid_inn(value)) org.inn = value;
                if ((scheme == "ogrn" || scheme == "ru-ogrn") &&
                    (ids::is_valid_ogrn(value) || ids::is_valid_ogrnip(value)))
                    org.ogrn = value;
            }
            orgs.push_back(std::move(org));
        }
    }

    // ---- persons
    std::vector<person> persons;
    const json& people = array_of(doc, "persons");
    for (std::size_t i = 0; i < people.size(); ++i) {
        const std::string id = str(people[i], "id");
        if (id.empty()) ctx.fail("persons", i, "id", "a person without an id");
        persons.push_back(person{person_id(id), {}, str(people[i], "name")});
    }

    // ---- posts (only to find the organisation of a membership that names a post)
    std::unordered_map<std::string, std::string> post_org;
    for (const auto& p : array_of(doc, "posts")) post_org[str(p, "id")] = str(p, "organization_id");

    // ---- memberships -> membership terms
    struct term_acc {
        membership_term term;
        std::set<std::string> persons;
        int unnamed = 0;
    };
    std::vector<term_acc> terms;
    std::map<std::tuple<std::string, day_number, day_number>, std::size_t> term_index;
    const json& memberships = array_of(doc, "memberships");
    for (std::size_t i = 0; i < memberships.size(); ++i) {
        const json& m = memberships[i];
        std::string org = str(m, "organization_id");
        if (org.empty()) {
            auto it = post_org.find(str(m, "post_id"));
            if (it != post_org.end()) org = it->second;
        }
        if (!body_ids.count(org)) continue;  // e.g. party memberships: nothing in the model
        const period p{ctx.day("memberships", i, m, "start_date", false),
                       ctx.day("memberships", i, m, "end_date", true)};
        auto key = std::make_tuple(org, to_day_number(p.start), to_day_number(p.end));
        auto [it, fresh] = term_index.try_emplace(key, terms.size());
        if (fresh) terms.push_back(term_acc{membership_term{body_id(org), p, 0, {}}, {}, 0});
        term_acc& t = terms[it->second];
        const std::string who = str(m, "person_id");
        if (!who.empty()) t.persons.insert(who);
        else if (str(m, "role") != "term") ++t.unnamed;
        if (t.term.note.empty()) t.term.note = str(m, "label");
    }

    // ---- events -> meetings; nested events and motions -> agenda questions
    std::vector<meeting> meetings;
    std::unordered_set<std::string> meeting_ids;
    std::vector<agenda_question> questions;
    const json& events = array_of(doc, "events");
    // A meeting is an event of a body that is not nested in another event of a body (a
    // nested one is an agenda item).
    std::unordered_set<std::string> body_events;
    for (const auto& e : events)
        if (body_ids.count(str(e, "organization_id")) && !str(e, "id").empty()) body_events.insert(str(e, "id"));
    for (std::size_t i = 0; i < events.size(); ++i) {
        const json& e = events[i];
        const std::string org = str(e, "organization_id");
        if (!body_ids.count(org) || body_events.count(str(e, "parent_id"))) continue;
        const std::string id = str(e, "id");
        if (id.empty()) ctx.fail("events", i, "id", "an event of a body without an id");
        const date held = ctx.day("events", i, e, "start_date", false);
        if (held.is_special()) ctx.fail("events", i, "start_date", "the meeting \"" + id + "\" has no start_date");
        meetings.push_back(meeting{meeting_id(id), body_id(org), held, meeting_format_of(str(e, "classification"))});
        meeting_ids.insert(id);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        const json& e = events[i];
        const std::string parent = str(e, "parent_id");
        if (!meeting_ids.count(parent)) continue;
        std::string id = str(e, "id");
        if (id.empty()) id = parent + "/item-" + std::to_string(i);
        questions.push_back(agenda_question{agenda_question_id(id), meeting_id(parent), str(e, "name"), {}});
    }
    const json& motions = array_of(doc, "motions");
    for (std::size_t i = 0; i < motions.size(); ++i) {
        const json& m = motions[i];
        const std::string session = str(m, "legislative_session_id");
        if (!meeting_ids.count(session)) continue;
        std::string id = str(m, "id");
        if (id.empty()) id = session + "/motion-" + std::to_string(i);
        questions.push_back(agenda_question{agenda_question_id(id), meeting_id(session), str(m, "text"),
                                            str(m, "classification")});
    }

    dataset d;
    d.info().source = "Popolo JSON";
    try {
        for (const auto& m : municipalities) d.add(m);
        for (const auto& o : orgs) d.add(o);
        for (const auto& p : persons) d.add(p);
        for (const auto& b : bodies) d.add(b);
        for (auto& t : terms) {
            t.term.members = static_cast<int>(t.persons.size()) + t.unnamed;
            d.add(t.term);
        }
        for (const auto& m : meetings) d.add(m);
        for (const auto& q : questions) d.add(q);
    } catch (const validation_error& e) {
        throw validation_error(ctx.file + ": " + e.what());
    }
    return d;
}

void write_popolo_json(const dataset& d, const std::filesystem::path& file) {
    json areas = json::array();
    for (const auto& m : d.municipalities()) areas.push_back({{"id", m.id.str()}, {"name", m.name}});

    json organizations = json::array();
    for (const auto& b : d.bodies()) {
        json o = {{"id", b.id.str()}, {"name", b.name}, {"classification", classification_of(b.kind)}};
        if (!b.attached_to.empty()) o["parent"] = {{"name", b.attached_to}};
        if (!b.municipality.empty()) o["area_id"] = b.municipality.str();
        organizations.push_back(std::move(o));
    }
    for (const auto& org : d.organizations()) {
        json o = {{"id", org.id.str()},
                  {"name", org.full_name.empty() ? org.short_name : org.full_name},
                  {"classification", org.okopf == okopf_political_party ? "party" : "organization"}};
        json identifiers = json::array();
        if (!org.inn.empty()) identifiers.push_back({{"scheme", "RU-INN"}, {"identifier", org.inn}});
        if (!org.ogrn.empty()) identifiers.push_back({{"scheme", "RU-OGRN"}, {"identifier", org.ogrn}});
        if (!identifiers.empty()) o["identifiers"] = std::move(identifiers);
        organizations.push_back(std::move(o));
    }

    json persons = json::array();
    for (const auto& p : d.persons()) persons.push_back({{"id", p.id.str()}, {"name", p.display_name}});

    json memberships = json::array();
    for (const auto& t : d.membership_terms()) {
        json m = {{"organization_id", t.body.str()}};
        if (t.term.has_start()) m["start_date"] = format_date(t.term.start);
        if (t.term.has_end()) m["end_date"] = format_date(t.term.end);
        if (!t.note.empty()) m["label"] = t.note;
        if (t.members == 0) {
            m["role"] = "term";
            memberships.push_back(m);
        }
        m["role"] = "member";
        for (int k = 0; k < t.members; ++k) memberships.push_back(m);
    }

    json events = json::array();
    for (const auto& m : d.meetings())
        events.push_back({{"id", m.id.str()},
                          {"organization_id", m.body.str()},
                          {"start_date", format_date(m.held)},
                          {"classification", classification_of(m.format)}});
    json motions = json::array();
    for (std::size_t r = 0; r < d.agenda_questions().size(); ++r) {
        const agenda_question q = d.agenda_question_at(r);
        json m = {{"id", q.id.str()}, {"legislative_session_id", q.meeting.str()}, {"text", q.title}};
        if (!q.topic.empty()) m["classification"] = q.topic;
        motions.push_back(std::move(m));
    }

    const json doc = {{"persons", persons},   {"organizations", organizations}, {"memberships", memberships},
                      {"events", events},     {"motions", motions},             {"areas", areas}};
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    if (!out) throw io_error("cannot open " + file.string() + " for writing");
    out << doc.dump(2) << '\n';
    out.flush();
    if (!out) throw io_error("cannot write " + file.string());
}

}  // namespace civica::io
