#pragma once
/// \file
/// Popolo (https://www.popoloproject.com) JSON: people, organisations, memberships, posts,
/// events and motions of legislatures and councils, read into a civica::dataset and written
/// back. What maps to what is listed in docs/formats.md; in short: organisations classified
/// as a council, committee, chamber or legislature become collegial bodies, other
/// organisations become organisations; persons become persons; memberships of a body become
/// its membership terms (one per distinct start/end, counting distinct members); events of a
/// body not nested in another event of a body become meetings (attendance = the number of
/// distinct `attendees`); motions of a meeting and events nested in a meeting become agenda
/// questions (an event nested in such an agenda item, or a motion of it, is counted with the
/// item: its name is added to the item's title, "Item; Sub-item"); areas become municipalities.
///
///     auto d = civica::io::read_popolo_json("local_councillor_popolo.json");
///     d.bodies().size();   // the councils

#include "civica/io/problem.hpp"
#include "civica/model/dataset.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace civica::io {

/// Reads a Popolo JSON document (an object with any of `persons`, `organizations`,
/// `memberships`, `posts`, `events`, `motions`, `areas`; a single record, an object with a
/// string `id`, is refused). Records embedded in others (a person's `memberships`, an event's
/// `children`, `organization: {...}` for `organization_id`…) are read as if listed in their
/// collections, with the *_id their place implies; messages name their path in the file
/// (`persons[2].memberships[0]`). The dataset is named after the file's stem. Properties the model cannot hold
/// (contact details, images, votes, counts, roles) are ignored, never an error. Records the
/// model has no place for are not modelled (docs/formats.md lists them: memberships and events
/// of organisations that are not collegial bodies, events of no organisation that are not
/// nested in a meeting). Partial dates (`2013`, `2013-05`) are widened: a start to the first
/// day, an end to the last day.
///
/// Throws civica::io_error when the file cannot be read; civica::parse_error naming the file,
/// the record's JSON path and the field for malformed JSON, a record without an id, a date that
/// does not parse, a reference to a record the file does not have, `parent_id` links of events
/// that form a cycle, `attendees` that is not an array of persons, or an embedded record that
/// is malformed (a field of the wrong type, a single embedded record without an id, ids that
/// disagree, a record nested in one without an id); civica::validation_error (prefixed with the file name) when a record breaks a rule
/// of the domain. Nothing is half-loaded.
dataset read_popolo_json(const std::filesystem::path& file);

/// The top-level collections of a Popolo document: a JSON object with at least one of them is
/// Popolo (each must be an array), one with none is not.
std::span<const std::string_view> popolo_collections();

/// Options of read_popolo_json.
///
///     std::vector<civica::io::problem> skipped;
///     civica::io::popolo_read_options o;
///     o.skip_bad_records = true;
///     o.skipped = &skipped;
///     auto d = civica::io::read_popolo_json("council.json", o);   // the good records
struct popolo_read_options {
    /// A record that breaks a rule (an area, organization, person or meeting event without an
    /// id, a duplicate id, a membership or meeting with a date that does not parse, a meeting
    /// without start_date, a membership that ends before it starts…) is left out instead of
    /// failing the read, and so are the records that depend on it: the agenda items (nested
    /// events, motions) of a left-out meeting. Of records sharing an id the first is kept, and
    /// references name it. Errors of the whole file (JSON syntax, a collection that is not an
    /// array) still throw. What the strict reader ignores (memberships of organisations that
    /// are not bodies, events of other organisations) is ignored here too, not listed.
    bool skip_bad_records = false;
    /// When set (and skip_bad_records), receives one problem per record left out: severity
    /// "error", a check code (`missing_value`, `bad_value`, `duplicate_id`, `end_before_start`,
    /// `unknown_reference` for a dependent record, `rule` for another rule of the model), the
    /// file name, line 0, the field, the record's `id` (empty when it has none) and a message
    /// that starts with the record's JSON path (`memberships[3]: …`).
    std::vector<problem>* skipped = nullptr;
};

/// The same, with options (skip_bad_records). With the default options it is the one-argument
/// form.
dataset read_popolo_json(const std::filesystem::path& file, const popolo_read_options& options);

/// The most memberships and attendees without a person one Popolo file of write_popolo_json
/// holds (a council has tens of members; a million such records make a file of about 100 MB).
inline constexpr std::int64_t popolo_max_unnamed_records = 1'000'000;

/// Writes the collegial bodies of `d` with their terms, meetings and agenda questions, and the
/// dataset's persons, other organisations and municipalities, as Popolo JSON.
/// read_popolo_json of the result gives back the bodies, terms, meetings and agenda questions
/// unchanged; of the other tables it gives back what is written: the ids and names of persons,
/// organisations and municipalities (as areas), an organisation's INN and OGRN (identifiers
/// `RU-INN`, `RU-OGRN`) and a party's ОКОПФ (classification `party`). The rest of them (a
/// person's municipality; an organisation's short name, other ОКОПФ codes, KPP, registration
/// date, municipality, spheres and flags; a municipality's OKTMO, region and name forms) is not
/// written: use a format that holds the whole dataset (io::write) to keep it.
///
/// civica keeps a term's size, not who the members were: a term of N members is written as N
/// memberships of the body without a person (`role: "member"`), a term of unknown size as one
/// membership with `role: "term"`. A meeting's format is written in the event's classification
/// ("meeting", "remote meeting", "mixed meeting", "absentee meeting"); a known attendance N as
/// N `attendees` without an id (civica knows how many attended, not who); agenda questions are
/// motions of the meeting (`legislative_session_id`).
/// Throws civica::validation_error, writing nothing, when those unnamed memberships and
/// attendees would number more than popolo_max_unnamed_records, and civica::io_error when the
/// file cannot be written.
void write_popolo_json(const dataset& d, const std::filesystem::path& file);

}  // namespace civica::io
