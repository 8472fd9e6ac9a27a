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
// - Skip mode (popolo_read_options::skip_bad_records) runs the same code: a record that breaks
//   a rule throws skip_record instead of parse_error, which abandons that record only. The
//   reader checks duplicate ids itself in skip mode (the first record with an id is kept, so
//   references keep naming it; the strict reader leaves duplicates to the model, whose error it
//   has always reported), and a membership's period, and it keeps what a left-out meeting
//   leaves behind (the ids of left-out meetings) so that their agenda items are listed too. A
//   row the model still refuses is left out with every record it came from (a term comes from
//   several memberships); rows referring to it are then refused in turn, so the dataset stays
//   consistent.
// - Popolo may embed related records in a record (a person's `memberships`, an event's
//   `children`, `organization: {...}` for `organization_id`…). `lifter` moves them to
//   their collections first, with the *_id their place implies, and keeps each record's JSON
//   path in the file (`persons[2].memberships[0]`): every message names that path, never an
//   index in a collection the file does not have. The rest of the reader sees flat Popolo.
// - Events nest: a meeting (an event of a body with no event of a body above it, at any depth)
//   holds agenda items (events whose parent is the meeting), and an agenda item may hold
//   sub-items (events nested deeper, even ones that name the body) and motions. The
//   model's agenda questions are flat and the source report counts the questions a meeting
//   considered, so a sub-item or an item's motion is counted with its item: not a question of
//   its own, its name appended to the item's title ("Item; Sub-item"). A meeting's own motions
//   stay questions of their own.
// - A reference to a record the file does not have (a membership's organisation, directly or
//   through its post; an event's organisation or parent; a motion's event) breaks a rule in both modes. A
//   reference to a record that is there but has no place in the model (a party, an event of an
//   organisation that is not a collegial body) is not: the record is simply not modelled.
#include "civica/io/popolo.hpp"

#include "civica/core/identifiers.hpp"
#include "civica/error.hpp"
#include "civica/text/files.hpp"
#include "civica/text/limits.hpp"
#include "civica/text/text.hpp"
#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
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

/// A field that holds words (a name, a motion's text, a label, a classification): a whole
/// number reads as its digits (a council named 5), where str would read nothing. Ids and
/// references stay str's: an id must be a string (id_of says so).
std::string words(const json& obj, std::string_view key) { return detail::text_of(obj, key); }

const json& array_of(const json& doc, std::string_view key) {
    static const json empty = json::array();
    auto it = doc.find(key);
    return it != doc.end() && it->is_array() ? *it : empty;
}

/// Where a row came from: the JSON path of its record in the file (`persons[2]`,
/// `persons[2].memberships[0]`) and its `id` (for skip mode's list).
struct source {
    std::string where;
    std::string id;
    const std::string& path() const { return where; }
};

/// Thrown in skip mode to abandon the current record; never escapes read_popolo_json.
struct skip_record {
    problem found;
};

/// "a number", "an array", "null"… (the JSON type of `v`, with its article).
std::string a_type(const json& v) {
    if (v.is_null()) return "null";
    const std::string t = v.type_name();
    return (t == "array" || t == "object" ? "an " : "a ") + t;
}

/// Why `record`'s `key` is no text where Popolo has text (its JSON schemas: "type": "string"
/// for ids, references, dates and roles): "\"start_date\" is a number, not text (a date: …)",
/// or "" when it is text, null or absent. Read as absent, such a date or reference would vanish,
/// or the record with it, and nothing would say so.
std::string text_field_fault(const json& record, std::string_view key) {
    if (!record.is_object()) return {};
    auto it = record.find(key);
    if (it == record.end() || it->is_null() || it->is_string()) return {};
    return "\"" + std::string(key) + "\" is " + a_type(*it) + ", not text (" +
           (key.ends_with("_date") ? "a date: \"2020\", \"2020-03\" or \"2020-03-05\")" : "an id)");
}

/// "a person without an id", saying what stands there instead when it is not a string.
std::string without_id(std::string_view what, const json& record) {
    std::string why = std::string(what) + " without an id";
    if (!record.is_object()) return why + " (the record is " + a_type(record) + ", not an object)";
    auto it = record.find("id");
    if (it != record.end() && !it->is_string() && !it->is_null())
        why += " (its \"id\" is " + a_type(*it) + ", not a string)";
    return why;
}

/// A rule an embedded form broke, found while lifting embedded records (`lifter`); it is
/// raised when the reader comes to the record, so that it is reported in the reader's order
/// and, in skip mode, leaves the record out with what depends on it.
struct lifting_fault {
    std::string check, field, why;
};

struct context {
    std::string file;
    bool skip = false;
    /// After lifting: the JSON path in the file of each record of a collection, by its index
    /// in the lifted collection (top-level records keep their index, lifted ones follow).
    std::map<std::string, std::vector<std::string>, std::less<>> paths;
    /// After lifting: the faults of records, by collection and index.
    std::map<std::string, std::map<std::size_t, lifting_fault>, std::less<>> faults;
    /// The JSON path of record `i` of the (lifted) collection `array`.
    std::string path(std::string_view array, std::size_t i) const {
        if (auto it = paths.find(array); it != paths.end() && i < it->second.size()) return it->second[i];
        return std::string(array) + "[" + std::to_string(i) + "]";
    }
    /// Raises the fault lifting found in record `i` of `array`, if any.
    void check_lifted(std::string_view array, std::size_t i, const json& record) const {
        auto c = faults.find(array);
        if (c != faults.end())
            if (auto f = c->second.find(i); f != c->second.end())
                fail(f->second.check, array, i, str(record, "id"), f->second.field, f->second.why);
        check_text_fields(array, i, record);
    }
    /// The references, dates and role of a record, text in Popolo: one of another JSON type is a
    /// bad value (text_field_fault).
    void check_text_fields(std::string_view array, std::size_t i, const json& record) const {
        static constexpr std::string_view text_only[] = {"organization_id", "parent_id", "area_id",
                                                         "post_id", "person_id", "legislative_session_id",
                                                         "start_date", "end_date", "role"};
        for (const std::string_view key : text_only)
            if (std::string why = text_field_fault(record, key); !why.empty())
                fail("bad_value", array, i, str(record, "id"), key, why);
    }
    /// The id of record `i` of `array` (`what`: "an area"…), once the faults lifting found in it
    /// are raised: a record without an id breaks a rule.
    std::string id_of(std::string_view array, std::size_t i, const json& record, std::string_view what) const {
        check_lifted(array, i, record);
        std::string id = str(record, "id");
        if (id.empty()) fail("missing_value", array, i, id, "id", without_id(what, record));
        return id;
    }
    /// A record broke a rule: the strict reader throws parse_error naming the file, the record
    /// (its JSON path) and the field; skip mode abandons the record with a problem (the check
    /// code is for that list only).
    [[noreturn]] void fail(std::string_view check, std::string_view array, std::size_t i, const std::string& id,
                           std::string_view field, const std::string& why) const {
        std::string message = path(array, i) + ": " + why;
        if (skip)
            throw skip_record{problem{"error", std::string(check), file, 0, std::string(field), id, std::move(message),
                                      path(array, i)}};
        throw parse_error(file, 0, 0, std::string(field), message);
    }
    /// words() of `key` of record `i` of `array`, where a value of another JSON type (an array,
    /// an object of translations) is a bad value rather than no text.
    std::string words(std::string_view array, std::size_t i, const json& obj, std::string_view key) const {
        if (auto it = obj.find(key); it != obj.end() && !it->is_null() && !it->is_string() && !it->is_number_integer())
            fail("bad_value", array, i, str(obj, "id"), key,
                 "\"" + std::string(key) + "\" is " + a_type(*it) + ", not text");
        return io::words(obj, key);
    }
    /// A Popolo date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time. A partial start widens to its
    /// first day, a partial end to its last.
    date day(std::string_view array, std::size_t i, const json& obj, std::string_view key, bool end) const {
        const std::string s = str(obj, key);
        if (s.empty()) return {};
        try {
            return parse_partial_date(s, end);
        } catch (const parse_error& e) {
            fail("bad_value", array, i, str(obj, "id"), key, e.reason());
        } catch (const std::exception& e) {
            fail("bad_value", array, i, str(obj, "id"), key, "\"" + s + "\" is not a date (" + e.what() + ")");
        }
    }
    /// Skip mode: the first record with `id` in `first` (ids to the JSON path of the record
    /// that has them) is kept and later ones are left out. Call it once nothing else in the
    /// record can fail, so that a left-out record does not claim its id.
    void claim_id(std::unordered_map<std::string, std::string>& first, std::string_view what,
                  std::string_view array, std::size_t i, const std::string& id) const {
        if (!skip) return;  // the strict reader lets the model refuse a duplicate
        claim_unique(first, what, array, i, id);
    }
    /// The same in both modes, for ids the model cannot refuse twice: those of one Popolo list
    /// that go to two civica tables (an organisation and a council, a meeting and an agenda
    /// item).
    void claim_unique(std::unordered_map<std::string, std::string>& first, std::string_view what,
                      std::string_view array, std::size_t i, const std::string& id) const {
        auto [it, fresh] = first.try_emplace(id, path(array, i));
        if (!fresh)
            fail("duplicate_id", array, i, id, "id",
                 std::string(what) + " \"" + id + "\": duplicate id (" + it->second + " has it" +
                     (skip ? " and is kept)" : ")"));
    }
};

/// Runs `body(i, record)` for each record of `records`; in skip mode a record that throws
/// skip_record is listed in `found` and passed to `left_out(i, problem)`.
template <class Body, class LeftOut>
void each_record(const json& records, std::vector<problem>& found, Body&& body, LeftOut&& left_out) {
    for (std::size_t i = 0; i < records.size(); ++i) {
        if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 records
        try {
            body(i, records[i]);
        } catch (skip_record& s) {
            left_out(i, s.found);
            found.push_back(std::move(s.found));
        }
    }
}

template <class Body>
void each_record(const json& records, std::vector<problem>& found, Body&& body) {
    each_record(records, found, std::forward<Body>(body), [](std::size_t, const problem&) {});
}

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

// Popolo lets a record carry related records inside it instead of naming them by id
// (popolo-spec, "Embedding"; schemas/*.json): a person's or an organisation's or a post's
// `memberships`, an organisation's `posts`, `children` and `motions`, a person's `motions`, an
// event's `children`, and a single related record as an object (`organization: {...}` for
// `organization_id`, `parent`, `post`, `person`, `legislative_session`, an organisation's
// `area`). Nothing in them may be dropped unseen, so they are lifted to their collections
// before reading, each with the *_id its place implies, and read as if the file had them there.
struct embedding {
    std::string_view in;          // the collection of the record that holds it
    std::string_view field;       // the field that holds it
    std::string_view collection;  // where the embedded records belong
    std::string_view link;        // the *_id tying them: on the embedded record (many) or the holder (one)
    bool many;                    // an array of records (else one record)
};
constexpr embedding embeddings[] = {
    {"persons", "memberships", "memberships", "person_id", true},
    {"persons", "motions", "motions", "creator_id", true},
    {"organizations", "memberships", "memberships", "organization_id", true},
    {"organizations", "posts", "posts", "organization_id", true},
    {"organizations", "children", "organizations", "parent_id", true},
    {"organizations", "motions", "motions", "organization_id", true},
    {"organizations", "parent", "organizations", "parent_id", false},
    {"organizations", "area", "areas", "area_id", false},
    {"posts", "memberships", "memberships", "post_id", true},
    {"posts", "organization", "organizations", "organization_id", false},
    {"memberships", "person", "persons", "person_id", false},
    {"memberships", "organization", "organizations", "organization_id", false},
    {"memberships", "post", "posts", "post_id", false},
    {"events", "organization", "organizations", "organization_id", false},
    {"events", "parent", "events", "parent_id", false},
    {"events", "children", "events", "parent_id", true},
    {"motions", "organization", "organizations", "organization_id", false},
    {"motions", "legislative_session", "events", "legislative_session_id", false},
};

/// "organization" for "organizations", "person" for "persons"…
std::string singular(std::string_view collection) {
    return std::string(collection.substr(0, collection.size() - 1));
}

/// Lifts the embedded records of a document to its collections (see `embeddings`).
/// Top-level records keep their index; lifted ones follow in the order met, depth first, so
/// an event's children and their children come in file order. An embedded record whose id its
/// collection already has (at top level or lifted before) is a reference to that record, not a
/// second one: it is not added and its other fields are not read, but a reference in an array
/// (`children: [{"id": "i1"}]`) gives the record it names the holder's id when that record names
/// none. What the forms get wrong is kept in `ctx.faults`: a field of the wrong JSON type; a
/// reference in an array to a record tied to another holder; a single embedded record without an id
/// (except an organisation's `parent`, which may give only the name of the body's parent:
/// docs/formats.md); an embedded record whose id disagrees with the holder's *_id, or a nested
/// one whose *_id disagrees with its holder's id; a record nested in one without an id, which
/// nothing can tie to it. `ctx.paths` gets the JSON path of every record, so that messages
/// name the place in the file.
class lifter {
public:
    lifter(json& doc, context& ctx) : doc_(doc), ctx_(ctx) {
        for (const std::string_view key : popolo_collections()) {
            json& records = lifted_[key];
            records = json::array();
            if (auto it = doc.find(key); it != doc.end()) records = std::move(*it);  // put back by run()
            for (std::size_t i = 0; i < records.size(); ++i) {
                if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 records
                ctx.paths[std::string(key)].push_back(std::string(key) + "[" + std::to_string(i) + "]");
                if (const std::string id = str(records[i], "id"); !id.empty()) known_[key].try_emplace(id, i);
            }
        }
    }

    void run() {
        for (const std::string_view key : popolo_collections()) {
            const std::size_t top = lifted_[key].size();  // lifted ones are visited when lifted
            for (std::size_t i = 0; i < top; ++i) visit(key, i);
        }
        for (const std::string_view key : popolo_collections())
            if (doc_.find(key) != doc_.end() || !lifted_[key].empty()) doc_[std::string(key)] = std::move(lifted_[key]);
    }

private:
    json& doc_;
    context& ctx_;
    std::map<std::string_view, json> lifted_;
    // The ids each collection has, to the index of the first record with the id.
    std::map<std::string_view, std::unordered_map<std::string, std::size_t>> known_;

    void fault(std::string_view collection, std::size_t i, std::string check, std::string_view field, std::string why) {
        ctx_.faults[std::string(collection)].try_emplace(
            i, lifting_fault{std::move(check), std::string(field), std::move(why)});
    }

    /// Adds `record`, found at `where`, to `collection`; returns its index there.
    std::size_t add(std::string_view collection, json record, std::string where) {
        json& records = lifted_[collection];
        if (const std::string id = str(record, "id"); !id.empty()) known_[collection].try_emplace(id, records.size());
        records.push_back(std::move(record));
        ctx_.paths[std::string(collection)].push_back(std::move(where));
        return records.size() - 1;
    }

    /// Lifts what record `k` of `collection` embeds (and, depth first, what those embed: the
    /// depth is bounded by the JSON depth check, as every lifted record is a part of its holder).
    void visit(std::string_view collection, std::size_t k) {
        const json& record = lifted_[collection][k];
        if (!record.is_object() || std::none_of(std::begin(embeddings), std::end(embeddings), [&](const embedding& e) {
                return e.in == collection && record.contains(e.field);
            }))
            return;  // the common case: nothing embedded, nothing to copy
        const json holder = record;  // a copy: lifting may grow this very array
        const std::string holder_id = str(holder, "id");
        const std::string where = ctx_.paths[std::string(collection)][k];
        for (const embedding& e : embeddings) {
            if (e.in != collection) continue;
            auto it = holder.find(e.field);
            if (it == holder.end() || it->is_null()) continue;
            const std::string what = singular(e.collection);
            const std::string field(e.field), link(e.link);
            if (!e.many) {
                if (!it->is_object()) {
                    fault(collection, k, "bad_value", e.field,
                          "\"" + field + "\" is " + a_type(*it) + ", not an embedded " + what);
                    continue;
                }
                const std::string id = str(*it, "id");
                if (id.empty()) {
                    // An organisation's `parent` may name the body's parent without being a
                    // record of its own (collegial_body.attached_to; the writer writes it so).
                    if (collection == "organizations" && e.field == "parent") continue;
                    fault(collection, k, "missing_value", e.field,
                          "the embedded " + what + " (\"" + field + "\") has no id, so civica cannot tell which " +
                              what + " it is");
                    continue;
                }
                // A link that is no text would be read as none and given the holder's id.
                if (std::string why = text_field_fault(holder, link); !why.empty()) {
                    fault(collection, k, "bad_value", e.link, std::move(why));
                    continue;
                }
                if (const std::string named = str(holder, e.link); !named.empty() && named != id) {
                    fault(collection, k, "bad_value", e.link,
                          link + " \"" + named + "\" and " + field + ".id \"" + id + "\" name different " +
                              std::string(e.collection));
                    continue;
                }
                lifted_[collection][k][link] = id;
                if (known_[e.collection].count(id)) continue;  // a reference to a record the file has
                visit(e.collection, add(e.collection, *it, where + "." + field));
                continue;
            }
            if (!it->is_array()) {
                fault(collection, k, "bad_value", e.field,
                      "\"" + field + "\" is " + a_type(*it) + ", not an array of " + std::string(e.collection));
                continue;
            }
            for (std::size_t j = 0; j < it->size(); ++j) {
                json record = (*it)[j];
                const std::string at = where + "." + field + "[" + std::to_string(j) + "]";
                if (const std::string id = str(record, "id"); !id.empty()) {
                    if (auto ref = known_[e.collection].find(id); ref != known_[e.collection].end()) {
                        // A reference: the record it names is nested here, so it gets the link.
                        json& named = lifted_[e.collection][ref->second];
                        if (std::string why = text_field_fault(named, link); !why.empty()) {
                            fault(e.collection, ref->second, "bad_value", e.link, std::move(why));
                            continue;
                        }
                        const std::string has = str(named, e.link);
                        if (holder_id.empty() || has == holder_id) continue;
                        if (has.empty()) named[link] = holder_id;
                        else
                            fault(collection, k, "bad_value", e.field,
                                  at + " names the " + what + " \"" + id + "\" (" +
                                      ctx_.paths[std::string(e.collection)][ref->second] + "), whose " + link +
                                      " is \"" + has + "\", not \"" + holder_id + "\"");
                        continue;
                    }
                }
                std::string check, why;
                if (record.is_object()) {
                    const std::string named = str(record, e.link);
                    if (std::string not_text = text_field_fault(record, link); !not_text.empty()) {
                        check = "bad_value";
                        why = std::move(not_text);
                    } else if (holder_id.empty()) {
                        check = "missing_value";
                        why = "a " + what + " nested in " + where + ", which has no id to give it as " + link;
                    } else if (!named.empty() && named != holder_id) {
                        check = "bad_value";
                        why = link + " \"" + named + "\" is not the id \"" + holder_id + "\" of " + where +
                              ", in which the " + what + " is nested";
                    } else {
                        record[link] = holder_id;
                    }
                }
                const std::size_t n = add(e.collection, std::move(record), at);
                if (!check.empty()) fault(e.collection, n, std::move(check), e.link, std::move(why));
                visit(e.collection, n);
            }
        }
    }
};

/// A meeting's attendance from its `attendees` (popolo-spec schemas/event.json: an array of
/// persons): the number of distinct persons by `id`, each entry without an id counted once (a
/// string entry is taken as a person's id); an empty array is 0; no `attendees` (or null) is
/// unknown. Who attended is not kept: the model holds a meeting's attendance, not its roll.
std::optional<int> attendance_of(const context& ctx, std::size_t i, const json& e, const std::string& id) {
    auto it = e.find("attendees");
    if (it == e.end() || it->is_null()) return std::nullopt;
    if (!it->is_array())
        ctx.fail("bad_value", "events", i, id, "attendees",
                 "\"attendees\" of the meeting \"" + id + "\" is " + a_type(*it) + ", not an array of persons");
    std::set<std::string> named;
    int unnamed = 0;
    for (std::size_t j = 0; j < it->size(); ++j) {
        const json& a = (*it)[j];
        if (!a.is_object() && !a.is_string())
            ctx.fail("bad_value", "events", i, id, "attendees",
                     "attendees[" + std::to_string(j) + "] of the meeting \"" + id + "\" is " + a_type(a) +
                         ", not a person");
        const std::string who = a.is_string() ? a.get<std::string>() : str(a, "id");
        if (who.empty()) ++unnamed;
        else named.insert(who);
    }
    return static_cast<int>(named.size()) + unnamed;
}

}  // namespace

std::span<const std::string_view> popolo_collections() {
    static constexpr std::string_view names[] = {"persons", "organizations", "memberships", "posts",
                                                 "events",  "motions",       "areas",       "vote_events"};
    return names;
}

dataset read_popolo_json(const std::filesystem::path& file) {
    return read_popolo_json(file, popolo_read_options{});
}

dataset read_popolo_json(const std::filesystem::path& file, const popolo_read_options& options) {
    context lifting{text::utf8_or_escaped(file.filename().string()), options.skip_bad_records, {}, {}};
    const context& ctx = lifting;
    std::string text = text::read_file(file, "Popolo file");
    json doc = text::parse_json<json>(text, ctx.file);
    text = std::string();  // the document holds it now
    if (!doc.is_object())
        throw parse_error(ctx.file, 0, 0, {}, "not a Popolo document: expected a JSON object with "
                                              "\"persons\", \"organizations\", \"memberships\"…");
    // One record at the top (popolo-spec's embedding-*.json examples: a person, an organisation
    // with its memberships and posts) is not a document: its arrays ("memberships", "posts") are
    // the record's own, and reading them as collections would lose the record itself.
    if (auto it = doc.find("id"); it != doc.end() && it->is_string())
        throw parse_error(ctx.file, 0, 0, "id",
                          "not a Popolo document: a single record (it has an id); civica reads a document of "
                          "collections such as {\"organizations\": [...], \"persons\": [...]}");
    // A collection that is not an array is a malformed document, not an empty one; a document
    // with none of them (a 360Giving package, any other JSON) is not Popolo at all.
    bool any = false;
    std::string names;
    for (const std::string_view key : popolo_collections()) {
        names += (names.empty() ? "\"" : ", \"") + std::string(key) + "\"";
        if (auto it = doc.find(key); it != doc.end()) {
            if (!it->is_array())
                throw parse_error(ctx.file, 0, 0, std::string(key), "\"" + std::string(key) + "\" must be an array");
            // A collection holds records. An array of ids at the top ("vote_events": ["vote-42"])
            // is a single record's own field (popolo-spec's motion.json), not a collection.
            for (std::size_t i = 0; i < it->size(); ++i)
                if (!(*it)[i].is_object())
                    throw parse_error(ctx.file, 0, 0, std::string(key) + "[" + std::to_string(i) + "]",
                                      "not a Popolo document: \"" + std::string(key) + "\" holds " +
                                          std::string((*it)[i].type_name()) +
                                          " values, not records; a single record (a motion, a vote event) is not "
                                          "read: civica reads a document of collections such as "
                                          "{\"organizations\": [...], \"persons\": [...]}");
            any = true;
        }
    }
    if (!any)
        throw parse_error(ctx.file, 0, 0, {}, "not a Popolo document: it has none of the collections " + names);
    lifter(doc, lifting).run();
    // A text civica cannot hold (a NUL byte, "\u0000" in JSON) is a fault of its record, raised
    // where the record is read: strict, the read stops naming it; skip mode leaves the record out.
    // A record's embedded records are records of their own (lifted above), checked as such.
    for (const std::string_view key : popolo_collections()) {
        const json& records = array_of(doc, key);
        for (std::size_t i = 0; i < records.size(); ++i) {
            if ((i & 0xFFF) == 0xFFF) interruption_point();  // every 4096 records
            if (!records[i].is_object()) continue;
            // (A single embedded record without an id is not lifted, as an organisation's
            // `parent` that gives only a name: it is read as a part of its holder.)
            const auto embedded = [&](const std::string& field) {
                return std::any_of(std::begin(embeddings), std::end(embeddings), [&](const embedding& e) {
                    return e.in == key && e.field == field && (e.many || !str(records[i][field], "id").empty());
                });
            };
            if (std::string at, why = detail::bad_text_in(records[i], at, embedded); !why.empty())
                lifting.faults[std::string(key)].try_emplace(
                    i, lifting_fault{"bad_value", at, at.empty() ? why : at + ": " + why});
        }
    }

    std::vector<problem> found;  // skip mode: the records left out, in the order met
    using first_ids = std::unordered_map<std::string, std::string>;

    // ---- areas -> municipalities
    std::vector<municipality> municipalities;
    std::vector<source> municipality_src;
    std::unordered_set<std::string> area_ids;
    first_ids first_area;
    each_record(array_of(doc, "areas"), found, [&](std::size_t i, const json& a) {
        const std::string id = ctx.id_of("areas", i, a, "an area");
        ctx.claim_id(first_area, "area", "areas", i, id);
        municipalities.push_back(municipality{municipality_id(id), words(a, "name"), {}, {}, {}});
        municipality_src.push_back(source{ctx.path("areas", i), id});
        area_ids.insert(id);
    });

    // ---- organizations -> bodies or organisations
    std::vector<collegial_body> bodies;
    std::vector<source> body_src;
    std::vector<organization> orgs;
    std::vector<source> org_src;
    std::unordered_set<std::string> body_ids;
    first_ids first_in_list;
    std::unordered_map<std::string, std::string> org_names;  // of the first organization with an id
    const json& organizations = array_of(doc, "organizations");
    for (const auto& o : organizations)
        if (const std::string id = str(o, "id"); !id.empty()) org_names.try_emplace(id, words(o, "name"));
    // Skip mode: bodies left out for a fault of their own (not duplicates: the first keeps the
    // id), id -> JSON path; their memberships and events are left out with them.
    std::unordered_map<std::string, std::string> left_out_bodies;
    each_record(organizations, found, [&](std::size_t i, const json& o) {
        const std::string id = ctx.id_of("organizations", i, o, "an organization");
        const std::string name = ctx.words("organizations", i, o, "name");
        // (A classification that is not text would make a council an organisation unseen.)
        const std::string classification = ctx.words("organizations", i, o, "classification");
        // An organisation's INN or OGRN under its scheme that is not one would be dropped: it is
        // a bad value. (A body keeps no identifiers, so its are not read.)
        const auto kind = body_kind_of(classification);
        std::string inn, ogrn;
        static const json none = json::array();
        const json& identifiers = kind ? none : array_of(o, "identifiers");
        for (std::size_t k = 0; k < identifiers.size(); ++k) {
            const std::string scheme = lower(str(identifiers[k], "scheme"));
            const std::string value = words(identifiers[k], "identifier");  // digits given as a number too
            const std::string field = "identifiers[" + std::to_string(k) + "].identifier";
            if (scheme == "inn" || scheme == "ru-inn") {
                if (const std::string why = ids::inn_problem(value); !why.empty())
                    ctx.fail("bad_value", "organizations", i, id, field, why);
                inn = value;
            } else if (scheme == "ogrn" || scheme == "ru-ogrn") {
                if (const std::string why = ids::ogrn_problem(value); !why.empty() && !ids::is_valid_ogrnip(value))
                    ctx.fail("bad_value", "organizations", i, id, field, why);
                ogrn = value;
            }
        }
        // One list, one id space: an organisation and a council under one id would leave every
        // organization_id naming either.
        ctx.claim_unique(first_in_list, "organization", "organizations", i, id);
        if (kind) {
            collegial_body b;
            b.id = body_id(id);
            b.name = name.empty() ? id : name;
            b.kind = *kind;
            if (auto it = o.find("parent"); it != o.end() && it->is_object()) b.attached_to = words(*it, "name");
            if (b.attached_to.empty()) {
                const std::string parent = str(o, "parent_id");
                auto pn = org_names.find(parent);
                b.attached_to = pn != org_names.end() && !pn->second.empty() ? pn->second : parent;
            }
            const std::string area = str(o, "area_id");
            if (area_ids.count(area)) b.municipality = municipality_id(area);
            bodies.push_back(std::move(b));
            body_src.push_back(source{ctx.path("organizations", i), id});
            body_ids.insert(id);
        } else {
            organization org;
            org.id = organization_id(id);
            org.full_name = name.empty() ? id : name;
            if (lower(classification) == "party") org.okopf = okopf_political_party;
            org.inn = inn;
            org.ogrn = ogrn;
            orgs.push_back(std::move(org));
            org_src.push_back(source{ctx.path("organizations", i), id});
        }
    }, [&](std::size_t i, const problem& p) {
        if (!p.record_id.empty() && p.check != "duplicate_id" && body_kind_of(words(organizations[i], "classification")))
            left_out_bodies.try_emplace(p.record_id, ctx.path("organizations", i));
    });
    // A record of a body left out (skip mode) is left out with it, and listed.
    auto of_left_out_body = [&](std::string_view array, std::size_t i, const std::string& id, std::string_view field,
                                const std::string& org) {
        if (body_ids.count(org)) return;
        if (auto it = left_out_bodies.find(org); it != left_out_bodies.end())
            ctx.fail("unknown_reference", array, i, id, field,
                     "names the organization \"" + org + "\" (" + it->second + "), which was left out");
    };

    // ---- persons
    std::vector<person> persons;
    std::vector<source> person_src;
    first_ids first_person;
    each_record(array_of(doc, "persons"), found, [&](std::size_t i, const json& p) {
        const std::string id = ctx.id_of("persons", i, p, "a person");
        ctx.claim_id(first_person, "person", "persons", i, id);
        persons.push_back(person{person_id(id), {}, words(p, "name")});
        person_src.push_back(source{ctx.path("persons", i), id});
    });

    // ---- posts (only to find the organisation of a membership that names a post). Only a
    // fault of an embedded form (`lifter`) leaves a post out (skip mode); the memberships
    // through it are left out with it.
    std::unordered_map<std::string, std::string> post_org;
    std::unordered_map<std::string, std::string> left_out_posts;  // id -> JSON path
    each_record(
        array_of(doc, "posts"), found,
        [&](std::size_t i, const json& p) {
            ctx.check_lifted("posts", i, p);
            post_org[str(p, "id")] = str(p, "organization_id");
        },
        [&](std::size_t i, const problem& p) {
            if (!p.record_id.empty()) left_out_posts.try_emplace(p.record_id, ctx.path("posts", i));
        });

    // ---- memberships -> membership terms
    struct term_acc {
        membership_term term;
        std::set<std::string> persons;
        int unnamed = 0;
        std::vector<source> sources;  // the memberships folded into it
    };
    std::vector<term_acc> terms;
    std::map<std::tuple<std::string, day_number, day_number>, std::size_t> term_index;
    // Every organisation id of the file, bodies or not, to tell a membership of a party (nothing
    // in the model) from one that names an organisation the file does not have.
    std::unordered_set<std::string> org_ids;
    for (const auto& o : array_of(doc, "organizations")) org_ids.insert(str(o, "id"));
    each_record(array_of(doc, "memberships"), found, [&](std::size_t i, const json& m) {
        ctx.check_lifted("memberships", i, m);
        std::string org = str(m, "organization_id");
        std::string_view via = "organization_id";
        if (org.empty()) {
            via = "post_id";
            auto it = post_org.find(str(m, "post_id"));
            if (it != post_org.end()) org = it->second;
        }
        if (!org.empty() && !org_ids.count(org))
            ctx.fail("unknown_reference", "memberships", i, str(m, "id"), via,
                     "the membership names the organization \"" + org + "\"" +
                         (via == "post_id" ? " (through its post)" : "") + ", which the file does not have");
        if (auto lp = left_out_posts.find(str(m, "post_id")); org.empty() && lp != left_out_posts.end())
            ctx.fail("unknown_reference", "memberships", i, str(m, "id"), "post_id",
                     "names the post \"" + lp->first + "\" (" + lp->second + "), which was left out");
        of_left_out_body("memberships", i, str(m, "id"), via, org);
        if (!body_ids.count(org)) return;  // e.g. party memberships: nothing in the model
        const period p{ctx.day("memberships", i, m, "start_date", false),
                       ctx.day("memberships", i, m, "end_date", true)};
        // The model's rule (a term ends on or after its start), checked per membership in skip
        // mode so that only the memberships that break it are left out.
        if (ctx.skip && !p.valid())
            ctx.fail("end_before_start", "memberships", i, str(m, "id"), "end_date",
                     "end_date \"" + str(m, "end_date") + "\" is before start_date \"" + str(m, "start_date") + "\"");
        auto key = std::make_tuple(org, to_day_number(p.start), to_day_number(p.end));
        auto [it, fresh] = term_index.try_emplace(key, terms.size());
        if (fresh) terms.push_back(term_acc{membership_term{body_id(org), p, 0, {}}, {}, 0, {}});
        term_acc& t = terms[it->second];
        const std::string who = str(m, "person_id");
        if (!who.empty()) t.persons.insert(who);
        else if (str(m, "role") != "term") ++t.unnamed;
        if (t.term.note.empty()) t.term.note = words(m, "label");
        t.sources.push_back(source{ctx.path("memberships", i), str(m, "id")});
    });

    // ---- events -> meetings; nested events and motions -> agenda questions
    std::vector<meeting> meetings;
    std::vector<source> meeting_src;
    std::unordered_set<std::string> meeting_ids;
    // Skip mode: events and agenda items left out, id -> JSON path (their nested records go too).
    std::unordered_map<std::string, std::string> left_out_events;
    std::vector<bool> event_left_out;
    const json& events = array_of(doc, "events");
    event_left_out.assign(events.size(), false);
    std::unordered_set<std::string> event_ids;
    for (const auto& e : events) event_ids.insert(str(e, "id"));
    // A meeting is an event of a body that is not nested in another event of a body (a
    // nested one is an agenda item, or a sub-item of one).
    std::unordered_set<std::string> body_events;
    for (const auto& e : events)
        if (body_ids.count(str(e, "organization_id")) && !str(e, "id").empty()) body_events.insert(str(e, "id"));
    std::unordered_map<std::string, std::string> parent_of;  // event id -> parent id (the first event with the id)
    for (const auto& e : events)
        if (const std::string id = str(e, "id"); !id.empty()) parent_of.try_emplace(id, str(e, "parent_id"));
    // Whether `parent` or one of its ancestors is an event of a body: an event nested at any
    // depth in a body's event is not a meeting (a sub-item may name the body too). A cycle of
    // parent_id ends the walk; it is reported with the agenda items. The answer is kept for every
    // event a walk passes, so a chain of n events is walked once, not n times.
    std::unordered_map<std::string, bool> in_body_event;
    auto nested_in_body_event = [&](std::string parent) {
        std::vector<std::string> walked;
        bool found = false;
        for (std::size_t steps = 0; !parent.empty() && steps <= events.size(); ++steps) {
            if (auto known = in_body_event.find(parent); known != in_body_event.end()) {
                found = known->second;
                break;
            }
            if (body_events.count(parent)) {
                found = true;
                break;
            }
            walked.push_back(parent);
            auto it = parent_of.find(parent);
            parent = it == parent_of.end() ? std::string() : it->second;
        }
        for (auto& w : walked) in_body_event.emplace(std::move(w), found);
        return found;
    };
    // Events share one list and one id space: a meeting and an agenda item (or two of either)
    // under one id would leave a parent_id naming either, so the second is refused (left out in
    // skip mode, the first kept).
    {
        first_ids first_event;
        each_record(
            events, found,
            [&](std::size_t i, const json& e) {
                if (const std::string id = str(e, "id"); !id.empty())
                    ctx.claim_unique(first_event, "event", "events", i, id);
            },
            [&](std::size_t i, const problem&) { event_left_out[i] = true; });
    }
    each_record(
        events, found,
        [&](std::size_t i, const json& e) {
            if (event_left_out[i]) return;  // listed already
            ctx.check_lifted("events", i, e);
            const std::string org = str(e, "organization_id");
            if (!org.empty() && !org_ids.count(org))
                ctx.fail("unknown_reference", "events", i, str(e, "id"), "organization_id",
                         "the event names the organization \"" + org + "\", which the file does not have");
            const std::string parent = str(e, "parent_id");
            if (!parent.empty() && !event_ids.count(parent))
                ctx.fail("unknown_reference", "events", i, str(e, "id"), "parent_id",
                         "the event names the parent event \"" + parent + "\", which the file does not have");
            of_left_out_body("events", i, str(e, "id"), "organization_id", org);
            if (!body_ids.count(org) || nested_in_body_event(parent)) return;
            const std::string id = str(e, "id");
            if (id.empty()) ctx.fail("missing_value", "events", i, id, "id", without_id("an event of a body", e));
            const date held = ctx.day("events", i, e, "start_date", false);
            if (held.is_special())
                ctx.fail("missing_value", "events", i, id, "start_date", "the meeting \"" + id + "\" has no start_date");
            const std::optional<int> attendance = attendance_of(ctx, i, e, id);
            meetings.push_back(meeting{meeting_id(id), body_id(org), held, meeting_format_of(words(e, "classification")),
                                       attendance});
            meeting_src.push_back(source{ctx.path("events", i), id});
            meeting_ids.insert(id);
        },
        [&](std::size_t i, const problem& p) {
            event_left_out[i] = true;
            if (!p.record_id.empty()) left_out_events.try_emplace(p.record_id, ctx.path("events", i));
        });
    // The records nested in a left-out event are left out with it (listed; the strict reader
    // never gets here with one).
    auto nested_in_left_out = [&](std::string_view array, std::size_t i, const std::string& id, std::string_view field,
                                  const std::string& event) {
        if (auto it = left_out_events.find(event); it != left_out_events.end())
            ctx.fail("unknown_reference", array, i, id, field,
                     "nested in the event \"" + event + "\" (" + it->second + "), which was left out");
    };
    // Agenda items are the events whose parent is a meeting. An event nested deeper (a
    // sub-item) and a motion of an agenda item are counted with the item they belong to: they
    // are not questions of their own, and their names are added to the item's title.
    // The agenda item that event `id` is or is nested in: its ancestor whose parent is a
    // meeting; empty when the chain reaches no meeting, or reaches a left-out event first (then
    // `left_out` names it). Throws (through `fail`) on a cycle of parent_id. What a walk finds is
    // kept for every event it passes (a chain of n events is walked once), a cycle too.
    struct item_found {
        std::string item, left_out;
        bool cycle = false;
    };
    std::unordered_map<std::string, item_found> item_of_event;
    auto agenda_item_of = [&](std::string id, std::string& left_out, auto&& fail) -> std::string {
        std::vector<std::string> walked;
        item_found found;
        bool ended = false;
        for (std::size_t steps = 0; steps <= events.size() && !ended; ++steps) {
            ended = true;
            if (auto known = item_of_event.find(id); known != item_of_event.end()) {
                found = known->second;
            } else if (left_out_events.count(id)) {
                found.left_out = id;
            } else if (auto it = parent_of.find(id); it != parent_of.end() && !it->second.empty()) {
                walked.push_back(id);
                if (meeting_ids.count(it->second))
                    found.item = id;
                else
                    id = it->second, ended = false;
            }
        }
        found.cycle = found.cycle || !ended;
        for (auto& w : walked) item_of_event.emplace(std::move(w), found);
        if (found.cycle) {
            fail();
            return {};
        }
        left_out = found.left_out;
        return found.item;
    };
    std::vector<agenda_question> questions;
    std::vector<source> question_src;
    std::unordered_map<std::string, std::size_t> question_of_item;  // agenda item event id -> questions[]
    first_ids first_question;
    each_record(
        events, found,
        [&](std::size_t i, const json& e) {
            if (event_left_out[i]) return;  // listed already
            const std::string parent = str(e, "parent_id");
            std::string id = str(e, "id");
            if (!meeting_ids.count(parent)) {
                nested_in_left_out("events", i, id, "parent_id", parent);
                return;
            }
            const std::string event_id = id;
            if (id.empty()) id = parent + "/item-" + std::to_string(i);
            ctx.claim_id(first_question, "agenda item", "events", i, id);
            if (!event_id.empty()) question_of_item.try_emplace(event_id, questions.size());
            questions.push_back(agenda_question{agenda_question_id(id), meeting_id(parent), words(e, "name"), {}});
            question_src.push_back(source{ctx.path("events", i), event_id});
        },
        [&](std::size_t i, const problem& p) {
            event_left_out[i] = true;
            // A duplicate's id stays with the item kept under it.
            if (!p.record_id.empty() && !question_of_item.count(p.record_id))
                left_out_events.try_emplace(p.record_id, ctx.path("events", i));
        });
    // Adds a sub-item's or an item's motion's name to the question of its agenda item.
    auto count_with_item = [&](const std::string& item, const std::string& name) {
        auto q = question_of_item.find(item);
        if (q == question_of_item.end()) return;  // a duplicate id left out in skip mode (listed)
        std::string& title = questions[q->second].title;
        if (!name.empty()) title += (title.empty() ? "" : "; ") + name;
    };
    each_record(events, found, [&](std::size_t i, const json& e) {
        const std::string parent = str(e, "parent_id");
        if (event_left_out[i] || parent.empty() || meeting_ids.count(parent) || meeting_ids.count(str(e, "id"))) return;
        std::string left_out;
        const std::string item = agenda_item_of(parent, left_out, [&] {
            ctx.fail("bad_value", "events", i, str(e, "id"), "parent_id",
                     "the events' parent_id links form a cycle through \"" + parent + "\"");
        });
        if (!left_out.empty()) nested_in_left_out("events", i, str(e, "id"), "parent_id", left_out);
        if (!item.empty()) count_with_item(item, words(e, "name"));
    });
    each_record(array_of(doc, "motions"), found, [&](std::size_t i, const json& m) {
        ctx.check_lifted("motions", i, m);
        const std::string session = str(m, "legislative_session_id");
        std::string id = str(m, "id");
        if (!session.empty() && !event_ids.count(session))
            ctx.fail("unknown_reference", "motions", i, id, "legislative_session_id",
                     "the motion names the event \"" + session + "\", which the file does not have");
        if (!meeting_ids.count(session)) {
            std::string left_out;
            const std::string item = agenda_item_of(session, left_out, [&] {
                ctx.fail("bad_value", "motions", i, id, "legislative_session_id",
                         "the events' parent_id links form a cycle through \"" + session + "\"");
            });
            if (!left_out.empty()) nested_in_left_out("motions", i, id, "legislative_session_id", left_out);
            if (!item.empty()) count_with_item(item, words(m, "text"));
            return;
        }
        if (id.empty()) id = session + "/motion-" + std::to_string(i);
        ctx.claim_id(first_question, "motion", "motions", i, id);
        questions.push_back(agenda_question{agenda_question_id(id), meeting_id(session), words(m, "text"),
                                            words(m, "classification")});
        question_src.push_back(source{ctx.path("motions", i), str(m, "id")});
    });

    dataset d;
    // Popolo has no name or title for a document: the dataset is named after the file, as the
    // 360Giving reader names a package without an identifier (reports say «<name>»).
    d.info().name = text::utf8_or_escaped(file.stem().string());
    d.info().source = "Popolo JSON";
    // Skip mode: a row the model refuses for a rule the reader does not check is left out with
    // the records it came from; the rows that refer to it are refused in turn.
    // A row the model refuses is placed at the record it came from: listed in skip mode, the
    // strict read's parse_error otherwise (a duplicate id as "persons[5]: person \"x\": duplicate id").
    auto refused = [&](const validation_error& e, const source& s) {
        if (!ctx.skip) throw parse_error(ctx.file, 0, 0, {}, s.path() + ": " + e.what());
        found.push_back(problem{"error", e.check(), ctx.file, 0, {}, s.id, s.path() + ": " + e.what(), s.path()});
    };
    auto add = [&](const auto& row, const source& s) {
        try {
            d.add(row);
        } catch (const validation_error& e) {
            refused(e, s);
        }
    };
    try {
        for (std::size_t r = 0; r < municipalities.size(); ++r) add(municipalities[r], municipality_src[r]);
        for (std::size_t r = 0; r < orgs.size(); ++r) add(orgs[r], org_src[r]);
        for (std::size_t r = 0; r < persons.size(); ++r) add(persons[r], person_src[r]);
        for (std::size_t r = 0; r < bodies.size(); ++r) add(bodies[r], body_src[r]);
        for (auto& t : terms) {
            t.term.members = static_cast<int>(t.persons.size()) + t.unnamed;
            try {
                d.add(t.term);
            } catch (const validation_error& e) {
                for (const auto& s : t.sources) refused(e, s);
            }
        }
        for (std::size_t r = 0; r < meetings.size(); ++r) add(meetings[r], meeting_src[r]);
        for (std::size_t r = 0; r < questions.size(); ++r) add(questions[r], question_src[r]);
    } catch (const validation_error& e) {
        throw e.prefixed(ctx.file + ": ");
    }
    if (options.skipped != nullptr)
        options.skipped->insert(options.skipped->end(), std::make_move_iterator(found.begin()),
                                std::make_move_iterator(found.end()));
    return d;
}

void write_popolo_json(const dataset& d, const std::filesystem::path& file) {
    // Popolo names who is a member and who attended; civica keeps how many, written as that many
    // records without a person. Past a million of them (a body thousands of times the size of a
    // council) the file, and the memory it is built in, would grow without bound: refused
    // before anything is written, naming the largest count.
    {
        std::int64_t unnamed = 0;
        std::string largest;
        std::int64_t largest_count = -1;
        const auto count = [&](std::int64_t n, std::string what) {
            unnamed += n;
            if (n > largest_count) largest_count = n, largest = std::move(what);
        };
        for (const auto& t : d.membership_terms())
            count(t.members, "a term of body \"" + t.body.str() + "\" has " + std::to_string(t.members) + " members");
        for (const auto& m : d.meetings())
            if (m.attendance)
                count(*m.attendance, "meeting \"" + m.id.str() + "\" had " + std::to_string(*m.attendance) + " attending");
        if (unnamed > popolo_max_unnamed_records)
            throw validation_error("Popolo writes a membership per member and an attendee per person attending, "
                                   "without naming them; this dataset would need " + std::to_string(unnamed) +
                                   ", past the " + std::to_string(popolo_max_unnamed_records) +
                                   " a Popolo file of civica holds (" + largest + ")");
    }
    // Councils and organisations are two tables in civica and one list in Popolo, whose ids are
    // unique: an id both use would be written twice, and every organization_id would name either.
    for (const auto& b : d.bodies())
        if (d.organizations().find(b.id.str()) != no_row)
            throw validation_error("collegial body \"" + b.id.str() + "\" and organization \"" + b.id.str() +
                                   "\" share an id, which Popolo's one list of organizations cannot hold twice; "
                                   "give one of them another id");
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
    for (const auto& m : d.meetings()) {
        json e = {{"id", m.id.str()},
                  {"organization_id", m.body.str()},
                  {"start_date", format_date(m.held)},
                  {"classification", classification_of(m.format)}};
        // civica knows how many members attended, not who: N persons without an id (Popolo's
        // person has no required field), which the reader counts back to N.
        if (m.attendance) e["attendees"] = json::array();
        for (int k = 0; m.attendance && k < *m.attendance; ++k) e["attendees"].push_back(json::object());
        events.push_back(std::move(e));
    }
    json motions = json::array();
    for (std::size_t r = 0; r < d.agenda_questions().size(); ++r) {
        const agenda_question q = d.agenda_question_at(r);
        json m = {{"id", q.id.str()}, {"legislative_session_id", q.meeting.str()}, {"text", q.title}};
        if (!q.topic.empty()) m["classification"] = q.topic;
        motions.push_back(std::move(m));
    }

    json doc = json::object();
    doc["persons"] = std::move(persons);
    doc["organizations"] = std::move(organizations);
    doc["memberships"] = std::move(memberships);
    doc["events"] = std::move(events);
    doc["motions"] = std::move(motions);
    doc["areas"] = std::move(areas);
    detail::write_json_file(file, std::move(doc));
}

}  // namespace civica::io
